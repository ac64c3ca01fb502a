#!/bin/sh
# report_columns.sh — the columns and rows icstat gives so that the
# report's scripts (plots/*.sh) compute no number themselves (issue 17):
# `agree --kappa-range AGREED/TOTAL` (numbers worked by hand), `simulate
# --truth` (the spec's effects as fit names them, with their odds ratios)
# fit's rows mean_per_group and groups_excluding_zero, _above_zero and
# _below_zero (against the --effects file), power agree's --agreement
# AGREED/TOTAL, --kappa, percents and population_value, and describe
# --proportions --by/--outcome/--difference, with their usage errors.
# Run from the repository root: ICSTAT=bin/icstat sh tests/cli/report_columns.sh
set -u
NAME=report-columns
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"

# near FILE ROW COLUMN WANT TOL: the csv cell of the row whose first field
# is ROW, in the column named COLUMN, within TOL of WANT.
near() {
    awk -F, -v r="$2" -v c="$3" -v w="$4" -v tol="$5" '
        NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
        $1 == r { d = $h[c] - w; if (d < 0) d = -d; f = (c in h) && d <= tol }
        END { exit !f }' "$1" && ok || bad "$1: $2 $3 is not $4 (+/- $5)"
}

# --- agree --kappa-range --------------------------------------------------
# Ofsted (2017), 22 of 24 agreeing: the smallest kappa is the table with one
# disagreement each way and 22 in the second category, pe = 530/576, kappa
# -1/23; the largest 11 and 11 on the diagonal and both disagreements one
# way, pe = 286/576, kappa 121/145.
run 0 - agree --kappa-range 22/24 --format csv -o range.csv
[ "$(head -n 1 range.csv)" = "coefficient,estimate,se,ci_low,ci_high,p_value,pa,pe,units,raters,weights,ci_method,conf,n11,n12,n21,n22" ] && ok ||
    bad "--kappa-range: header $(head -n 1 range.csv)"
near range.csv cohen_kappa_min estimate -0.04347826087 1e-10
near range.csv cohen_kappa_max estimate 0.8344827586 1e-10
near range.csv cohen_kappa_min pe 0.9201388889 1e-10
near range.csv cohen_kappa_max pe 0.4965277778 1e-10
near range.csv cohen_kappa_max pa 0.9166666667 1e-10
grep -qx 'cohen_kappa_min,-0.04347826087,NA,NA,NA,NA,0.9166666667,0.9201388889,24,2,identity,NA,NA,0,1,1,22' range.csv &&
    grep -qx 'cohen_kappa_max,0.8344827586,NA,NA,NA,NA,0.9166666667,0.4965277778,24,2,identity,NA,NA,11,0,2,11' range.csv &&
    ok || bad "--kappa-range 22/24: rows $(cat range.csv)"
# Percent agreement 22/24 with R's prop.test(22, 24, correct = FALSE)
# interval, 0.7415119781 to 0.9768411847 (describe --proportions' too);
# at --conf 0.9, prop.test's conf.level = 0.9: 0.7768791263 to 0.9720290558.
grep -qx 'percent_agreement,0.9166666667,NA,0.7415119781,0.9768411847,NA,0.9166666667,NA,24,2,identity,wilson,0.95,NA,NA,NA,NA' range.csv &&
    ok || bad "--kappa-range 22/24: percent_agreement $(grep percent range.csv)"
"$ICSTAT" agree --kappa-range 22/24 --conf 0.9 --format csv 2>/dev/null | grep -q '^percent_agreement,0.9166666667,NA,0.7768791263,0.9720290558,NA,0.9166666667,NA,24,2,identity,wilson,0.9,' &&
    ok || bad "--kappa-range --conf 0.9: not a 90% interval"
# 3 of 4: kappa 0 (pe = pa = 3/4) to 1/2 (pe = 1/2).
"$ICSTAT" agree --kappa-range 3/4 --format csv -o range4.csv 2>/dev/null || bad "--kappa-range 3/4 failed"
near range4.csv cohen_kappa_min estimate 0 1e-12
near range4.csv cohen_kappa_max estimate 0.5 1e-12
# All agreeing: kappa 1 for every table that has one; 1 of 1 has none.
"$ICSTAT" agree --kappa-range 5/5 --format csv -o range5.csv 2>/dev/null || bad "--kappa-range 5/5 failed"
near range5.csv cohen_kappa_min estimate 1 0
run 2 "icstat: 1 unit agreeing of 1: no 2 x 2 table has a kappa (its chance agreement is 1)" \
    agree --kappa-range 1/1 -o none.csv
if ls none.csv* >/dev/null 2>&1; then bad "--kappa-range 1/1 left an output file"; else ok; fi
# Text and json carry the same numbers.
"$ICSTAT" agree --kappa-range 22/24 >range.txt 2>&1
grep -q '^cohen_kappa_min  *-0.0435  *NA  *NA  *NA  *NA  *0.9167  *0.9201  *24  *2  *identity  *NA  *NA  *0  *1  *1  *22$' range.txt &&
    grep -q 'on 22 of 24 units (two categories)' range.txt && ok || bad "--kappa-range text: $(cat range.txt)"
"$ICSTAT" agree --kappa-range 22/24 --format json | grep -q '"coefficient": "cohen_kappa_max", "estimate": 0.8344827586' &&
    ok || bad "--kappa-range json"
# Usage errors, before anything is written.
for v in 22 22/ /24 25/24 0/0 -1/24 22/24x 2.5/24 22/1000000001; do
    run 1 "icstat agree: --kappa-range takes AGREED/TOTAL, two whole numbers with 0 <= AGREED <= TOTAL and TOTAL from 1 to 1000000000, like 22/24 (got '$v')" \
        agree --kappa-range "$v" -o bad.csv
done
run 1 "icstat agree: --kappa-range reads no FILE (got 'x.csv')" agree --kappa-range 22/24 x.csv
run 1 "icstat agree: --kappa-range takes no other option than --conf, --format and -o" \
    agree --kappa-range 22/24 --weights quadratic
run 1 "icstat agree: --kappa-range takes no other option than --conf, --format and -o" \
    agree --kappa-range 22/24 --bootstrap 100
run 1 "icstat agree: --kappa-range is given twice ('22/24', then '1/2'): give it once" agree --kappa-range 22/24 --kappa-range 1/2
if ls bad.csv* >/dev/null 2>&1; then bad "a usage error left an output file"; else ok; fi

# --- simulate --truth ------------------------------------------------------
# The spec's effects as fit names its terms, with exp() of each: one row
# per threshold for an effect given per threshold, every level but the
# first (0 where the spec gives none), a numeric effect per unit, and the
# previous grade's.  The data drawn are the same bytes with or without it.
cat >truth.spec <<'SPEC'
inspectors = 20
inspections = 200
categories = A, B, C
thresholds = -1, 1
seed = 5
inspector gender = m:0.5, f:0.5
inspector role = x:0.3, y:0.3, z:0.4
school size = normal(0, 1, 2)
effect gender[f] = 0.1, 0.4
effect role[z] = -0.25
effect size = 0.5
effect previous[C] = -0.7
SPEC
run 0 - simulate --spec truth.spec -o with.csv --truth truth.csv
"$ICSTAT" simulate --spec truth.spec -o without.csv 2>/dev/null
cmp -s with.csv without.csv && ok || bad "--truth changed the data drawn"
cat >want.csv <<'CSV'
term,boundary,log_odds_ratio,odds_ratio
gender=f,A|B,0.1,1.105170918
gender=f,B|C,0.4,1.491824698
role=y,all,0,1
role=z,all,-0.25,0.7788007831
size,all,0.5,1.648721271
previous=A,all,0,1
previous=B,all,0,1
previous=C,all,-0.7,0.4965853038
CSV
cmp -s truth.csv want.csv && ok || bad "--truth: $(cat truth.csv)"
"$ICSTAT" simulate --spec truth.spec -o x.txt --truth truth.txt --format text 2>/dev/null
grep -q '^role=z  *all  *-0.2500  *0.7788$' truth.txt && ok || bad "--truth text: $(cat truth.txt)"
run 1 "icstat simulate: --truth: an ofsted_mi spec has no model effects to list" \
    simulate --spec "$ROOT/datasets/synthetic/ofsted_mi.spec" -o mi.csv --truth t2.csv
run 1 - simulate --spec truth.spec -o same.csv --truth same.csv
if ls mi.csv t2.csv same.csv >/dev/null 2>&1; then bad "--truth usage error left a file"; else ok; fi

# --- fit: mean_per_group and groups_excluding_zero, _above_zero, _below_zero
# n / groups, and the number of --effects rows whose interval lies wholly
# above or below 0 (and on each side), counted here from the effects file;
# NA without --group; per factor with two groups.
cat >groups.spec <<'SPEC'
inspectors = 30
inspections = 600
categories = A, B, C
thresholds = -1, 1
inspector_sd = 1.2
seed = 7
schools = 150
school_sd = 0.5
inspector gender = m:0.5, f:0.5
effect gender[f] = 0.3
SPEC
"$ICSTAT" simulate --spec groups.spec -o groups.csv 2>/dev/null || bad "simulate groups.spec"
run 0 - fit --outcome grade --terms gender --group inspector --format csv -o fit.csv \
    --effects eff.csv groups.csv
# clear FILE: the effects whose ci_low > 0 or ci_high < 0, by column name.
clear() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
        $h["ci_low"] > 0 || $h["ci_high"] < 0 { n++ } END { print n + 0 }' "$1"
}
clear=$(clear eff.csv)
[ "$clear" -gt 0 ] && [ "$clear" -lt 30 ] && ok || bad "groups.spec: $clear of 30 clear (want some, not all)"
grep -qx "fit,groups_excluding_zero,$clear,NA,NA,NA,NA,NA,NA,NA,NA,NA" fit.csv && ok ||
    bad "groups_excluding_zero is not $clear: $(grep excluding fit.csv)"
above=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } $h["ci_low"] > 0 { n++ }
    END { print n + 0 }' eff.csv)
[ "$above" -gt 0 ] && [ "$above" -lt "$clear" ] && ok || bad "groups.spec: $above of $clear above 0"
grep -qx "fit,groups_above_zero,$above,NA,NA,NA,NA,NA,NA,NA,NA,NA" fit.csv &&
    grep -qx "fit,groups_below_zero,$((clear - above)),NA,NA,NA,NA,NA,NA,NA,NA,NA" fit.csv && ok ||
    bad "groups_above_zero/_below_zero not $above, $((clear - above)): $(grep _zero fit.csv)"
grep -qx 'fit,mean_per_group,20,NA,NA,NA,NA,NA,NA,NA,NA,NA' fit.csv && ok ||
    bad "mean_per_group is not 600/30: $(grep mean_per fit.csv)"
# The effects as odds ratios: exp of effect, ci_low and ci_high (1e-9
# relative: both columns are written with 10 digits); NA under probit.
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    { for (k = 0; k < 3; k++) {
          e = k == 0 ? "effect" : k == 1 ? "ci_low" : "ci_high"
          o = k == 0 ? "odds_ratio" : k == 1 ? "or_ci_low" : "or_ci_high"
          d = $h[o] / exp($h[e]) - 1; if (d < 0) d = -d; if (d > 1e-9) bad++ }
      n++ }
    END { exit !(n == 30 && !bad) }' eff.csv && ok || bad "--effects: odds_ratio is not exp(effect)"
"$ICSTAT" fit --outcome grade --terms gender --group inspector --link probit --format csv \
    -o probit.csv --effects effp.csv groups.csv 2>/dev/null
awk -F, 'NR > 1 && !($(NF - 2) == "NA" && $NF == "NA") { bad++ } END { exit bad + 0 }' effp.csv &&
    ok || bad "--effects under probit: odds ratios not NA"
# The same count at another --conf (the effects' intervals are at --conf).
"$ICSTAT" fit --outcome grade --terms gender --group inspector --conf 0.5 --format csv -o fit50.csv \
    --effects eff50.csv groups.csv 2>/dev/null
clear50=$(clear eff50.csv)
[ "$clear50" -gt "$clear" ] && grep -qx "fit,groups_excluding_zero,$clear50,NA,NA,NA,NA,NA,NA,NA,NA,NA" fit50.csv &&
    ok || bad "--conf 0.5: groups_excluding_zero not $clear50 (> $clear)"
"$ICSTAT" fit --outcome grade --terms gender --group inspector groups.csv 2>/dev/null >fit.txt
grep -q '^mean_per_group  *20.00$' fit.txt && grep -q "^groups_excluding_zero  *$clear\$" fit.txt &&
    ok || bad "text: $(grep -E 'mean_per|excluding' fit.txt)"
"$ICSTAT" fit --outcome grade --terms gender --format csv groups.csv 2>/dev/null >fixed.csv
grep -qx 'fit,mean_per_group,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA' fixed.csv &&
    grep -qx 'fit,groups_excluding_zero,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA' fixed.csv && ok ||
    bad "no --group: not NA"
"$ICSTAT" fit --outcome grade --terms gender --group inspector --group urn --format csv -o two.csv \
    --effects inspector=e1.csv,urn=e2.csv groups.csv 2>/dev/null || bad "two groups: failed"
c1=$(clear e1.csv)
c2=$(clear e2.csv)
grep -qx 'fit,mean_per_group(inspector),20,NA,NA,NA,NA,NA,NA,NA,NA,NA' two.csv &&
    grep -qx 'fit,mean_per_group(urn),4,NA,NA,NA,NA,NA,NA,NA,NA,NA' two.csv &&
    grep -qx "fit,groups_excluding_zero(inspector),$c1,NA,NA,NA,NA,NA,NA,NA,NA,NA" two.csv &&
    grep -qx "fit,groups_excluding_zero(urn),$c2,NA,NA,NA,NA,NA,NA,NA,NA,NA" two.csv &&
    grep -q '^fit,groups_above_zero(inspector),' two.csv && grep -q '^fit,groups_below_zero(urn),' two.csv &&
    ! grep -q '^fit,mean_per_group,' two.csv && ok || bad "two groups: $(grep -E 'groups|mean_per' two.csv)"

# --- power agree: --agreement AGREED/TOTAL, --kappa, percents, population_value
# 0.85,0.15 and 22/24: sum p^2 = 0.745, kappa = (22/24 - 0.745)/0.255 =
# 0.6732026144; AC1 chance = 2 x 0.85 x 0.15 = 0.255, AC1 = (22/24 -
# 0.255)/0.745 = 0.8881431767.
run 0 - power agree --probs 0.85,0.15 --agreement 22/24 --n 24 --half-width 0.3 --reps 50 \
    --format csv -o need.csv
[ "$(head -n 1 need.csv)" = "coefficient,half_width,schools_needed,population_value" ] && ok ||
    bad "half-width header: $(head -n 1 need.csv)"
near need.csv percent_agreement population_value 0.9166666667 1e-10
near need.csv cohen_kappa population_value 0.6732026144 1e-10
near need.csv gwet_ac population_value 0.8881431767 1e-10
# The same design given as 0.9166666667: the same simulation, the same bytes
# but for the agreement's last digits.
"$ICSTAT" power agree --probs 0.85,0.15 --agreement 0.91666666666666667 --n 24 --half-width 0.3 \
    --reps 50 --format csv -o need2.csv 2>/dev/null
cmp -s need.csv need2.csv && ok || bad "22/24 is not 0.91666666666666667"
# --kappa 0.4 with shares 0.1,0.6,0.25,0.05 (sum p^2 = 0.435): agreement
# 0.4 + 0.6 x 0.435 = 0.661; as percents the same.
"$ICSTAT" power agree --probs 0.1,0.6,0.25,0.05 --kappa 0.4 --n 24 --reps 50 --format csv \
    -o k.csv 2>/dev/null || bad "--kappa failed"
awk -F, '$2 == "percent_agreement" { d = $3 - 0.661; f = d < 1e-12 && d > -1e-12 }
    $2 == "cohen_kappa" { d = $3 - 0.4; g = d < 1e-12 && d > -1e-12 } END { exit !(f && g) }' k.csv &&
    ok || bad "--kappa 0.4: $(cat k.csv)"
"$ICSTAT" power agree --probs 10,60,25,5 --kappa 0.4 --n 24 --reps 50 --format csv -o kp.csv 2>/dev/null
cmp -s k.csv kp.csv && ok || bad "--probs as percents differ from shares"
"$ICSTAT" power agree --probs 0.1,0.6,0.25,0.05 --agreement 0.661 --n 24 --reps 50 --format csv \
    -o ka.csv 2>/dev/null
cmp -s k.csv ka.csv && ok || bad "--kappa 0.4 is not --agreement 0.661"
run 1 "icstat power: give --agreement or --kappa, not both" \
    power agree --probs 0.8,0.2 --kappa 0.4 --agreement 0.9
run 1 "icstat power: --kappa must be a number from 0 to 1 (got '1.5')" power agree --probs 0.8,0.2 --kappa 1.5
for v in 25/24 0/24 22/ /24 22/24x; do
    run 1 "icstat power: --agreement AGREED/TOTAL takes two whole numbers with 1 <= AGREED <= TOTAL, like 22/24 (got '$v')" \
        power agree --probs 0.8,0.2 --agreement "$v"
done
run 1 "icstat power: --probs and --agreement (or --kappa) are both needed" power agree --probs 0.8,0.2
# Percents that do not add to 100 are not read as percents.
run 1 - power agree --probs 80,30 --agreement 0.9

# --- describe --proportions --by --outcome --difference ---------------------
# The published shares by lead-inspector gender (Bokhove et al. 2023) as
# published: RI or Inadequate, and Inadequate; Requires improvement derived
# as their difference, 33.1 - 4.5 = 28.6 and 36.4 - 5.9 = 30.5, with a note.
run 0 - describe --proportions --by group --outcome category \
    --difference requires_improvement=requires_improvement_or_inadequate-inadequate \
    --format csv -o pub.csv "$ROOT/datasets/published/bokhove2023_primary_by_gender.csv"
[ "$(head -n 1 pub.csv)" = "group,label,count,total,percent,ci_low,ci_high,conf,base" ] && ok ||
    bad "--difference: header $(head -n 1 pub.csv)"
grep -qx 'male,requires_improvement,NA,NA,28.6,NA,NA,NA,not_published' pub.csv &&
    grep -qx 'female,requires_improvement,NA,NA,30.5,NA,NA,NA,not_published' pub.csv &&
    [ "$(sed -n 6p pub.csv)" = "male,requires_improvement,NA,NA,28.6,NA,NA,NA,not_published" ] && ok ||
    bad "--difference: $(cat pub.csv)"
grep -q "'requires_improvement' (group 'female'): derived, requires_improvement_or_inadequate minus inadequate (not a published figure)" stderr &&
    ok || bad "--difference: no note ($(cat stderr))"
# Counts with one base: 30 and 10 of 100 give 20 of 100 with its Wilson
# interval (R: prop.test(20, 100, correct = FALSE), 13.33669333 to 28.88291656).
printf 'label,count,total\nall,30,100\nsome,10,100\n' >counts.csv
"$ICSTAT" describe --proportions --difference rest=all-some --format csv counts.csv 2>/dev/null |
    grep -qx 'rest,20,100,20,13.33669333,28.88291656,0.95' && ok || bad "--difference with counts"
# --sum: what each group's published shares add up to (female 7.8 + 55.9
# + 30.5 + 5.9 = 100.1, by rounding), the derived RI among them.
"$ICSTAT" describe --proportions --by group --outcome category \
    --difference requires_improvement=requires_improvement_or_inadequate-inadequate \
    --sum published_total=outstanding+good+requires_improvement+inadequate --format csv \
    "$ROOT/datasets/published/bokhove2023_primary_by_gender.csv" 2>/dev/null >sum.csv
grep -qx 'female,published_total,NA,NA,100.1,NA,NA,NA,not_published' sum.csv &&
    grep -qx 'male,published_total,NA,NA,100,NA,NA,NA,not_published' sum.csv && ok ||
    bad "--sum: $(grep total sum.csv)"
"$ICSTAT" describe --proportions --sum both=all+some --format csv counts.csv 2>/dev/null |
    grep -qx 'both,40,100,40,30.94012864,49.79974132,0.95' && ok || bad "--sum with counts"
run 1 "icstat describe: --sum takes NEW=A+B+..., e.g. all=good+outstanding (got 'x=a-b')" \
    describe --proportions --sum x=a-b counts.csv
run 1 "icstat describe: --difference takes NEW=WHOLE-PART, e.g. requires_improvement=ri_or_inadequate-inadequate (got 'rest=all')" \
    describe --proportions --difference rest=all counts.csv
run 1 "icstat describe: --difference derives a figure from published ones: it needs --proportions" \
    describe --outcome grade --difference rest=all-some counts.csv
run 2 "icstat: counts.csv: --difference rest: some-all comes to less than 0" \
    describe --proportions --difference rest=some-all counts.csv -o none.csv
if ls none.csv* >/dev/null 2>&1; then bad "--difference error left a file"; else ok; fi

echo "report_columns: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
