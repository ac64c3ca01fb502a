#!/bin/sh
# CLI tests for bin/icstat: exit status, exact error lines, no output left
# behind on failure, and the csv of `icstat agree` on the reference data.
# Run from the repository root: ICSTAT=bin/icstat sh tests/cli/run.sh
set -u
NAME=cli
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"

# Fixtures for bad input.
: >empty.csv
printf 'u,a,b\n' >header.csv
printf 'u,a,b\n1,"x,2\n2,1,1\n' >quote.csv
printf 'u,a,b\r\n1,1,2\r\n2,1\r\n' >ragged.csv
printf 'u,a,b\n1,1,2\n2,1\000,2\n' >nul.csv
printf 'urn,lead,second\n1,Good,Good\n2,Good ,Inadequate\n' >category.csv
printf 'urn,lead\n1,Good\n' >onerater.csv
GRADES="Outstanding,Good,Requires improvement,Inadequate"

# Malformed files: exit 2, "icstat: FILE:LINE: ...", and no output file.
for case in \
    "empty.csv|icstat: empty.csv:1: file is empty: a header row is required" \
    "header.csv|icstat: header.csv:1: the header has no data rows below it" \
    "quote.csv|icstat: quote.csv:2: unterminated quoted field: field 2 (column \"a\") opens a quote that is never closed" \
    "ragged.csv|icstat: ragged.csv:3: row has 2 fields but the header has 3" \
    "nul.csv|icstat: nul.csv:3: NUL byte in field 2 (column \"a\") (is this a binary or UTF-16 file?)" \
    "missing.csv|icstat: missing.csv: cannot open file: No such file or directory" \
    "onerater.csv|icstat: onerater.csv:1: agreement needs at least two rater columns; only 'lead' was given"; do
    file=${case%%|*}
    run 2 "${case#*|}" agree "$file" -o out.csv
    if ls out.csv* >/dev/null 2>&1; then bad "$file: left an output file"; else ok; fi
done
# "Good " is "Good" (issue 18, item 9): trimmed, with a note, not an error.
run 0 - agree --categories "$GRADES" --format csv category.csv -o out.csv
grep -q 'surrounding spaces removed from 1 rating' stderr && ok || bad "category.csv: no note on trimming"
printf 'urn,lead,second\n1,Good,Good\n2,Good,Bad\n' >badcategory.csv
run 2 "icstat: badcategory.csv:3: column 'second' has value 'Bad' that is not in --categories" \
    agree --categories "$GRADES" badcategory.csv -o out2.csv
if ls out2.csv* >/dev/null 2>&1; then bad "badcategory.csv: left an output file"; else ok; fi

# A failed run leaves an existing output untouched.
echo keep >kept.csv
run 2 - agree ragged.csv -o kept.csv
[ "$(cat kept.csv)" = keep ] && ok || bad "failed run changed an existing -o file"

# Usage errors: exit 1 naming the option or command.
run 1 "icstat agree: unknown option '--bogus'" agree --bogus x.csv
run 1 "icstat: unknown command 'bogus'" bogus
run 1 "icstat: unknown option '--bogus'" --bogus
run 1 "icstat agree: no input FILE given" agree
run 1 "icstat agree: option '--weights' needs a value" agree --weights
run 1 "icstat agree: unknown --weights 'cubic' (use identity, linear, quadratic, ordinal, radical, ratio, circular, bipolar or a csv file)" agree --weights cubic x.csv
run 1 "icstat agree: unknown --format 'xml' (use text, csv, tsv, json or md)" agree --format xml x.csv
run 1 "icstat agree: --conf must be a number between 0 and 1, like 0.95 (got '95')" agree --conf 95 x.csv
run 1 "icstat agree: --bootstrap must be a whole number of replicates from 2 to 10000000 (got '1.5')" agree --bootstrap 1.5 x.csv
run 1 "icstat agree: --long takes three columns UNIT,RATER,RATING (got 2)" agree --long a,b x.csv
run 1 - agree a.csv b.csv

# Help and version: stdout, exit 0.
run 0 "" --help
grep -q "^  agree " stdout && ok || bad "--help does not list agree"
run 0 "" --version
grep -q "^icstat [0-9]" stdout && ok || bad "--version"
run 0 "" agree --help
for opt in --unit --raters --long --categories --weights --alpha-metric --icc --conf \
    --bootstrap --seed --table --format -o Examples; do
    grep -q -- "$opt" stdout && ok || bad "agree --help does not mention $opt"
done
run 0 "" help agree
grep -q "Usage: icstat agree" stdout && ok || bad "icstat help agree"

# csv of agree on the reference data: header and values (tolerance 5e-4).
# check FILE COEFFICIENT COLUMN VALUE
check() {
    awk -F, -v c="$2" -v col="$3" -v want="$4" -v f="$1" '
        NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
        $1 == c { found = 1; got = $(idx[col]);
                  d = got - want; if (d < 0) d = -d;
                  if (d > 5e-4) { printf "%s %s %s = %s, want %s\n", f, c, col, got, want; exit 1 } }
        END { if (!found) { printf "%s: no row %s\n", f, c; exit 1 } }' out.csv \
        && ok || bad "check $*"
}
HEADER="coefficient,estimate,se,ci_low,ci_high,p_value,pa,pe,units,raters,weights,ci_method,se_method,conf"
REF=$ROOT/datasets/reference

run 0 "" agree --format csv -o out.csv "$REF/fleiss1971_diagnoses.csv"
[ "$(head -n 1 out.csv)" = "$HEADER" ] && ok || bad "agree csv header: $(head -n 1 out.csv)"
[ ! -s stdout ] && ok || bad "-o still wrote to stdout"
check fleiss1971 percent_agreement estimate 0.5556
check fleiss1971 fleiss_kappa estimate 0.4302
check fleiss1971 fleiss_kappa se 0.0542
check fleiss1971 fleiss_kappa units 30
check fleiss1971 fleiss_kappa raters 6
# --se: conditional by default (the column says so; text adds a note),
# unconditional adds the raters' variance (tests/unit/test_agree_unconditional.c
# checks the values against R), with a note in every format.
grep -q ',t,conditional,0.95$' out.csv && ok || bad "agree csv: se_method conditional"
run 0 - agree "$REF/fleiss1971_diagnoses.csv"
grep -q '^se: conditional on these 6 raters' stdout && ok || bad "agree text: no conditional se note"
run 0 - agree --se unconditional --format csv -o out.csv "$REF/fleiss1971_diagnoses.csv"
[ "$(grep -c ',t,unconditional,0.95$' out.csv)" = 6 ] && ok || bad "agree --se unconditional: se_method"
grep -q 'note: se: unconditional' stderr && ok || bad "agree --se unconditional: no note on stderr"
check fleiss1971 fleiss_kappa se 0.1319
check fleiss1971 fleiss_kappa estimate 0.4302
run 0 - agree --se unconditional --icc --format csv -o out.csv "$REF/shrout_fleiss1979.csv"
grep -q '^icc_2_1,.*,F,NA,0.95,anova$' out.csv && ok || bad "agree --se unconditional: ICC row se_method NA"

run 0 - agree --format csv -o out.csv --alpha-metric ordinal "$REF/krippendorff2011.csv"
check kripp percent_agreement estimate 0.8182
check kripp fleiss_kappa estimate 0.7612
check kripp fleiss_kappa se 0.1530
check kripp gwet_ac estimate 0.7754
check kripp gwet_ac se 0.1430
check kripp gwet_ac ci_low 0.461
check kripp gwet_ac ci_high 1
check kripp brennan_prediger estimate 0.7727
check kripp brennan_prediger se 0.1447
check kripp krippendorff_alpha estimate 0.7434
check kripp krippendorff_alpha_metric estimate 0.8154
for m in nominal:0.7434 interval:0.8491 ratio:0.7974; do
    run 0 - agree --format csv -o out.csv --alpha-metric "${m%%:*}" "$REF/krippendorff2011.csv"
    check "kripp-${m%%:*}" krippendorff_alpha_metric estimate "${m#*:}"
done
grep -q "icstat: note: 1 unit with a single rating" stderr && ok || bad "single-rating note"

run 0 "icstat: note: ICC: se, pa and pe do not apply (intervals and p-values from the F distribution)" \
    agree --icc --format csv -o out.csv "$REF/shrout_fleiss1979.csv"
check shrout icc_1_1 estimate 0.1657
check shrout icc_2_1 estimate 0.2898
check shrout icc_3_1 estimate 0.7148
check shrout icc_1_k estimate 0.4428
check shrout icc_2_k estimate 0.6201
check shrout icc_3_k estimate 0.9093
check shrout icc_2_1 ci_low 0.0188
check shrout icc_2_1 ci_high 0.7611
check shrout icc_3_1 ci_low 0.3425
check shrout icc_3_1 ci_high 0.9459

# Complete ratings keep the ANOVA forms; the estimator column (only with
# --icc) says so.
head -n 1 out.csv | grep -q ',ci_method,se_method,conf,estimator$' && ok || bad "--icc: no estimator column"
[ "$(grep -c ',F,NA,0.95,anova$' out.csv)" = 6 ] && ok || bad "--icc, complete ratings: not six anova rows"
run 0 "" agree --format csv "$REF/shrout_fleiss1979.csv"
head -n 1 stdout | grep -q 'estimator' && bad "estimator column without --icc" || ok

# Ratings with gaps (issue 18, item 4): every rating, psych's 0.727 (not
# the complete cases' 0.738); one-way forms by the unbalanced ANOVA, two-way
# by REML (values against R: tests/unit/test_icc_reml.c).
run 0 - agree --icc --format csv -o out.csv "$ROOT/tests/fixtures/icc_reml_psych_727.csv"
check psych727 icc_2_1 estimate 0.7275
check psych727 icc_3_1 estimate 0.7766
check psych727 icc_1_1 estimate 0.7251
check psych727 icc_2_1 units 12
grep -q '^icc_2_1,.*,logit_wald,NA,0.95,reml$' out.csv && ok || bad "gaps: icc_2_1 not reml"
grep -q '^icc_1_k,.*,F,NA,0.95,anova_unbalanced$' out.csv && ok || bad "gaps: icc_1_k not anova_unbalanced"
grep -q "icstat: note: ICC: 5 of 12 units miss a rating, so every rating is used" stderr &&
    ok || bad "gaps: no note on the estimators"
# Long file, each school by different inspectors; REML cannot fit one
# rater per school: NA with the reason, not a crash.
printf 'school,insp,grade\n1,A,3\n2,B,4\n3,A,2\n4,B,1\n' >gaps1.csv
run 0 - agree --long school,insp,grade --icc --format csv -o out.csv gaps1.csv
grep -q '^icc_2_1,NA,' out.csv && ok || bad "REML on one rating per unit is not NA"
grep -q "icstat: note: icc_2_1, icc_3_1, icc_2_k, icc_3_k: REML needs more ratings (4) than units and raters less one (5)" stderr &&
    ok || bad "REML on one rating per unit: no reason"
grep -q "icstat: note: icc_1_1, icc_1_k: no unit has two ratings" stderr &&
    ok || bad "one-way ANOVA on one rating per unit: no reason"

# Every format renders; json uses null for NA.
for f in text tsv json md; do
    run 0 - agree --format "$f" --icc "$REF/shrout_fleiss1979.csv"
    [ -s stdout ] && ok || bad "format $f wrote nothing"
done
run 0 "" agree --format json --icc "$REF/shrout_fleiss1979.csv"
grep -q '"se": null' stdout && ok || bad "json NA is not null"

# Degenerate: every rating identical -> kappa NA with the reason.
printf 'u,a,b\n1,2,2\n2,2,2\n3,2,2\n' >same.csv
run 0 - agree --format csv -o out.csv same.csv
grep -q '^cohen_kappa,NA,NA,NA,NA,NA,' out.csv && ok || bad "identical ratings: cohen_kappa not NA"
grep -q "cohen_kappa, scott_pi, .*: chance agreement is 1" stderr && ok || bad "identical ratings: no reason given"

# Edge cases (tests/unit/test_edge_agree.c has the numbers): every NA comes
# with its reason, and no format prints inf or nan.
EDGE=$ROOT/tests/fixtures/edge
run 0 - agree --format csv -o out.csv "$EDGE/agree_onecat.csv"
grep -q '^gwet_ac,1,0.25,' out.csv && ok || bad "one category: gwet_ac is not 1 (se 0.25)"
grep -q '^brennan_prediger,1,0.25,.*,1,NA,' out.csv && ok || bad "one category: brennan_prediger 1 with pe NA"
grep -q "^icstat: note: gwet_ac: only one category on the scale (list the unobserved ones with --categories)" stderr \
    && ok || bad "one category: no reason for gwet_ac"
grep -q "^icstat: note: fleiss_kappa, conger_kappa, krippendorff_alpha: chance agreement is 1" stderr \
    && ok || bad "one category: no reason for the kappas"
run 0 - agree --format csv -o out.csv "$EDGE/agree_opposite.csv"
grep -q '^cohen_kappa,-1,0,-1,-1,0,' out.csv && ok || bad "perfect disagreement: cohen_kappa is not -1"
grep -q '^percent_agreement,0,0,0,0,NA,' out.csv && ok || bad "perfect disagreement: percent agreement"
grep -q "^icstat: note: percent_agreement: standard error 0: .*no test (p_value NA)" stderr \
    && ok || bad "perfect disagreement: no reason for the NA p-value"
run 0 - agree --icc --format csv -o out.csv "$EDGE/icc_targets0.csv"
grep -q '^icc_1_k,NA,NA,NA,NA,1,' out.csv && ok || bad "ICC, no target variance: icc_1_k is not NA"
grep -q "^icstat: note: icc_1_k: the single-rater ICC is at or below -1/(k-1)" stderr \
    && ok || bad "ICC, no target variance: no reason for icc_1_k"
run 0 - agree --bootstrap 50 --format csv -o out.csv "$EDGE/agree_twounits.csv"
grep -q "^icstat: note: bootstrap: 2 units have only 3 distinct resamples, fewer than the 50 replicates" stderr \
    && ok || bad "bootstrap on two units: no note"
for f in agree_perfect agree_perfect3 agree_opposite agree_onecat agree_single agree_twounits \
    icc_perfect icc_offset icc_targets0 icc_lowlimit icc_constant; do
    for fmt in text csv json md; do
        "$ICSTAT" agree --icc --alpha-metric interval --weights quadratic --format $fmt \
            "$EDGE/$f.csv" >out.txt 2>&1
        if grep -qiw -e inf -e -inf -e nan -e -nan out.txt; then bad "agree $f ($fmt): inf or nan in the output"; else ok; fi
    done
done

# Long format gives the wide numbers; --table for two raters.
printf 'school,inspector,grade\nA,x,1\nA,y,2\nB,x,3\nB,y,3\nC,x,2\nC,y,2\nD,x,4\nD,y,3\n' >long.csv
printf 'school,x,y\nA,1,2\nB,3,3\nC,2,2\nD,4,3\n' >wide.csv
"$ICSTAT" agree --format csv --long school,inspector,grade long.csv >a.csv
"$ICSTAT" agree --format csv wide.csv >b.csv
cmp -s a.csv b.csv && ok || bad "long and wide differ"
run 0 "" agree --table --format csv wide.csv
[ "$(head -n 1 stdout)" = "row_category,column_category,count,proportion,specific_agreement" ] \
    && ok || bad "--table header: $(head -n 1 stdout)"
grep -q '^3,3,1,0.25,0.6666666667$' stdout && ok || bad "--table cell 3,3"
run 2 "icstat: onerater.csv:1: agreement needs at least two rater columns; only 'lead' was given" \
    agree --table onerater.csv

# Bootstrap: same seed, same bytes; another seed, other intervals.
"$ICSTAT" agree --bootstrap 200 --seed 7 --format csv "$REF/fleiss1971_diagnoses.csv" >b1.csv 2>/dev/null
"$ICSTAT" agree --bootstrap 200 --seed 7 --format csv "$REF/fleiss1971_diagnoses.csv" >b2.csv 2>/dev/null
"$ICSTAT" agree --bootstrap 200 --seed 8 --format csv "$REF/fleiss1971_diagnoses.csv" >b3.csv 2>/dev/null
cmp -s b1.csv b2.csv && ok || bad "bootstrap not reproducible"
cmp -s b1.csv b3.csv && bad "bootstrap ignores --seed" || ok
grep -q ',bootstrap_percentile,conditional,0.95$' b1.csv && ok || bad "bootstrap ci_method and conf"
# conf (issue 17): the level of each interval, as --conf, in csv, tsv and
# json, so that a chart reads it; text and md state it in the title only.
run 0 - agree --conf 0.9 --format csv -o out.csv "$REF/fleiss1971_diagnoses.csv"
awk -F, 'NR > 1 && $14 != "0.9" { exit 1 }' out.csv && ok || bad "agree --conf 0.9: conf column"
run 0 - agree --conf 0.9 --format json "$REF/fleiss1971_diagnoses.csv"
grep -q '"ci_method": "t", "se_method": "conditional", "conf": 0.9}' stdout && ok || bad "agree json: conf"
run 0 - agree "$REF/fleiss1971_diagnoses.csv"
grep -Eq '^coefficient .* conf( |$)' stdout && bad "agree text: a column conf" || ok

# ---- icstat fit ----
FIX=$ROOT/tests/fixtures
WINE=$FIX/clm_wine.csv
# Bad input: exit 2 and a message naming the column, value or line.
printf 'grade,x,g\n1,2,a\n2,3,a\n3,1,b\n2,1 234,b\n1,4,c\n3,5,c\n' >nonnum.csv
printf 'grade,x,g\n2,2,a\n2,3,a\n2,1,b\n' >onecat.csv
printf 'judge,gender\n1,F\n2,M\n3,F\n' >inspectors.csv
printf 'grade,x,g\n1,1,a\n1,1,a\n1,1,b\n2,2,b\n2,2,c\n2,2,c\n' >separated.csv
printf 'grade,x,g\n1,1,a\n1,2,a\n2,1,b\n2,2,b\n1,1,c\n2,2,c\n' >unused.csv
run 2 "icstat: $WINE:1: no term column 'colour' in the header" \
    fit --outcome rating --terms temp,colour -o fitout.csv "$WINE"
[ -e fitout.csv ] && bad "fit: output left after an error" || ok
run 2 "icstat: $WINE:1: no outcome column 'score' in the header" fit --outcome score "$WINE"
run 2 "icstat: nonnum.csv:5: column 'x' has value '1 234' that is not a number; fix it, or treat the column as categorical with --factor" \
    fit --outcome grade --terms x nonnum.csv
run 2 "icstat: onecat.csv: outcome 'grade' has one category ('2') in all 3 rows used; a model needs at least two" \
    fit --outcome grade --terms x onecat.csv
run 2 "icstat: $WINE: --ref temp=hot: 'temp' has no level 'hot' among the rows used (levels: 'cold', 'warm')" \
    fit --outcome rating --terms temp --ref temp=hot "$WINE"
run 2 "icstat: $WINE:26: judge '4' has no row in inspectors.csv" \
    fit --outcome rating --terms temp,gender --group judge --join inspectors.csv:judge "$WINE"
# --join -:KEY reads standard input like any input "-"; not both.
"$ICSTAT" fit --outcome rating --terms temp,gender --group judge --join -:judge "$WINE" \
    <inspectors.csv >/dev/null 2>stderr
[ "$(head -n 1 stderr)" = "icstat: $WINE:26: judge '4' has no row in <stdin>" ] && ok \
    || bad "fit --join -:judge: $(head -n 1 stderr)"
run 1 "icstat fit: the input FILE and --join '-:judge' both read standard input ('-'); give one of them as a file" \
    fit --outcome rating --terms temp,gender --group judge --join -:judge -
run 2 "icstat: separated.csv: complete or quasi-complete separation: the estimate for 'x' runs off to infinity (the terms predict the outcome exactly for some rows: a category never or always occurs beyond some value or combination of them); merge levels or outcome categories, or leave the term out" \
    fit --outcome grade --terms x separated.csv
run 2 "icstat: unused.csv: outcome category '3' is never observed in the 6 rows used, so its thresholds cannot be estimated; leave it out of --categories or merge it with a neighbour" \
    fit --outcome grade --categories 1,2,3 --terms x unused.csv
# A level with one row, in the top category: separation, named (R's clm
# gives a large estimate with NA standard errors and a singular Hessian).
{ echo "grade,x,z"; awk 'BEGIN { for (i = 0; i < 60; i++) printf "%d,%s,%.2f\n", 1 + (i * 7) % 3, (i % 2 ? "a" : "b"), (i % 10) / 5 - 1 }'; echo "3,c,0.1"; } >toplevel.csv
run 2 "icstat: toplevel.csv: complete or quasi-complete separation: the 1 row with x=c is in the highest outcome category ('3'), so the estimate for 'x=c' runs off to infinity; merge level 'c' with another level of 'x', or leave the term out" \
    fit --outcome grade --terms x,z toplevel.csv
# An empty category in the middle of the scale.
printf 'grade,x\n1,0.5\n3,1.5\n1,2\n3,0.1\n1,1\n3,2.5\n' >midgap.csv
run 2 "icstat: midgap.csv: outcome category '2' is never observed in the 6 rows used, so its thresholds cannot be estimated; leave it out of --categories or merge it with a neighbour" \
    fit --outcome grade --categories 1,2,3 --terms x midgap.csv
# A category seen only in dropped rows: left out, with a note.
printf 'grade,x\n1,1\n2,2\n1,3\n2,1\n3,\n1,2\n2,3\n' >dropcat.csv
run 0 "icstat: note: outcome category '3' occurs only in rows dropped for a missing value, so the model leaves it out" \
    fit --outcome grade --terms x --format csv dropcat.csv
# The inspector variance at its boundary: var and sd 0 with NA se, LR p 1,
# the warning on stderr, no inf or nan anywhere.
run 0 - fit --outcome grade --terms x --group insp --format csv -o bnd.csv "$EDGE/fit_boundary.csv"
grep -q '^random,var(insp),0,NA,NA,NA,NA,NA,NA,NA,NA,NA$' bnd.csv && ok || bad "boundary: var(insp) row"
grep -q '^random,sd(insp),0,NA,NA,NA,NA,NA,NA,NA,NA,NA$' bnd.csv && ok || bad "boundary: sd(insp) row"
grep -q '^derived,lr_p_value,1,' bnd.csv && ok || bad "boundary: lr_p_value is not 1"
grep -q '^fit,loglik,-68.33194858,' bnd.csv && ok || bad "boundary: loglik (R clm: -68.3319485796)"
grep -q "^icstat: note: warning: the variance of 'insp' is estimated at its boundary, 0" stderr \
    && ok || bad "boundary: no warning on stderr"
for fmt in text csv json md; do
    "$ICSTAT" fit --outcome grade --terms x --group insp --format $fmt --effects eff.$fmt \
        "$EDGE/fit_boundary.csv" >out.txt 2>&1
    if grep -qiw -e inf -e -inf -e nan -e -nan out.txt eff.$fmt; then bad "fit boundary ($fmt): inf or nan"; else ok; fi
done
printf 'grade,x,g\n1,5,a\n2,5,a\n3,5,b\n' >constant.csv
run 2 "icstat: constant.csv: term 'x' has no variation: it is 5 in all 3 rows used" \
    fit --outcome grade --terms x constant.csv
printf 'grade,g\n1,a\n2,a\n3,a\n' >constant2.csv
run 2 "icstat: constant2.csv: term 'g' has no variation: it is 'a' in all 3 rows used" \
    fit --outcome grade --terms g constant2.csv
run 1 "icstat fit: --quad must be a whole number from 1 (Laplace) to 25 (got '26')" \
    fit --outcome rating --group judge --quad 26 "$WINE"
run 1 "icstat fit: unknown --link 'logistic' (use logit, probit or cloglog)" \
    fit --outcome rating --link logistic "$WINE"
run 1 "icstat fit: no outcome: give --outcome COL or --binary \"COL>=3\"" fit "$WINE"
run 1 "icstat fit: --margins names 'colour', which is not a term of the model" \
    fit --outcome rating --terms temp --margins colour "$WINE"

# The wine data (Randall 1989) as in R: clmm(rating ~ temp + contact + (1|judge)).
run 0 "" fit --outcome rating --terms temp,contact --group judge --quad 10 --format csv -o wine.csv "$WINE"
# (conf, odds_ratio, or_ci_low and or_ci_high added by issue 17)
[ "$(head -n 1 wine.csv)" = "kind,term,estimate,se,z,p_value,ci_low,ci_high,conf,odds_ratio,or_ci_low,or_ci_high" ] && ok || bad "fit csv header"
# temp=warm: exp(3.06189) = 21.3678 (R's estimate), at the default 95%.
grep -q '^coef,temp=warm,3.06189[0-9]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,0.95,21.36[0-9]*,' wine.csv && ok ||
    bad "fit csv: temp=warm has no conf 0.95 and odds ratio 21.36 (exp of R's 3.06189)"
grep -q '^threshold,1|2,.*,0.95,NA,NA,NA$' wine.csv && ok || bad "fit csv: a threshold has an odds ratio"
grep -q '^fit,n,72,NA,NA,NA,NA,NA,NA,NA,NA,NA$' wine.csv && ok || bad "fit csv: the row n has a conf"
grep -q '^coef,temp=warm,3.06189' wine.csv && ok || bad "fit: temp=warm (R: 3.06189)"
grep -q '^random,sd(judge),1.1347' wine.csv && ok || bad "fit: sd(judge) (R: 1.13478)"
grep -q '^fit,loglik,-81.5324' wine.csv && ok || bad "fit: loglik (R: -81.53246)"
for row in threshold,1\|2 random,var\(judge\) fit,aic fit,bic fit,n,72 fit,groups,9 fit,converged,1 \
    derived,latent_icc derived,median_odds_ratio derived,lr_stat derived,lr_p_value \
    derived,inspector_agreement derived,inspector_kappa derived,implied_agreement \
    derived,implied_kappa derived,inspector_change derived,implied_change; do
    grep -q "^$row" wine.csv && ok || bad "fit csv: no row $row"
done
# inspector_change and implied_change: 1 - the agreement, the interval
# reversed, the se the same (to 1e-12).
awk -F, '$2 ~ /_agreement$/ { k = $2; sub(/_agreement$/, "", k); e[k] = $3; s[k] = $4; l[k] = $7; h[k] = $8 }
    $2 ~ /_change$/ { k = $2; sub(/_change$/, "", k); n++
        if ((e[k] + $3 - 1)^2 > 1e-24 || $4 != s[k] || (l[k] + $8 - 1)^2 > 1e-24 || (h[k] + $7 - 1)^2 > 1e-24) bad = 1 }
    END { exit bad || n != 2 }' wine.csv && ok || bad "fit csv: the change rows are not 1 - the agreements"
# The agreements: an estimate inside its interval, each with an se; the
# same tasting graded by two judges agrees more often than two tastings
# (inspector >= implied, Jensen's inequality), and both above chance.
awk -F, '$1 == "derived" && $2 ~ /_(agreement|kappa)$/ {
        n++; if (!($4 > 0 && $7 < $3 && $3 < $8 && $7 >= 0 && $8 <= 1)) bad = bad " " $2; a[$2] = $3 }
    END { if (n != 4 || bad != "" || !(a["inspector_agreement"] > a["implied_agreement"] + 0.1) ||
              !(a["implied_kappa"] > 0)) { print "agreement rows:" bad; exit 1 } }' wine.csv \
    && ok || bad "fit: the agreement rows of wine.csv are out of order"
# --inspector-terms: a name that is not a term is a usage error; a term
# that varies within a group is a data error naming the line; without
# --group the rows give the inspector's values.
run 1 "icstat fit: --inspector-terms names 'colour', which is not in --terms" \
    fit --outcome rating --terms temp,contact --inspector-terms colour --group judge "$WINE"
run 2 "icstat: $WINE:6: 'temp' (in --inspector-terms) is not constant within judge '1': 'warm' here, 'cold' on line 2; an inspector characteristic must have one value for each judge" \
    fit --outcome rating --terms temp,contact --inspector-terms temp --group judge "$WINE"
run 0 "-" fit --outcome rating --terms temp,contact --inspector-terms temp --format csv "$WINE"
grep -q '^derived,inspector_agreement,0.52' stdout && ok || bad "fit --inspector-terms without --group: no inspector_agreement row"
grep -q 'no --group: inspector_agreement draws the inspector characteristics as the rows have them' stderr \
    && ok || bad "fit --inspector-terms without --group: no note"
# A variable named only inside an interaction is a term for --inspector-terms
# and --join: temp:contact of two inspector characteristics is one too;
# gender*phase mixes the inspector's gender with the school's phase, which
# the integration over inspectors cannot hold apart: no agreement rows.
run 0 "-" fit --outcome rating --terms temp:contact --inspector-terms temp,contact --format csv "$WINE"
grep -q '^derived,inspector_agreement,' stdout && ok || bad "fit temp:contact, both inspector terms: no inspector_agreement"
run 0 "-" fit --outcome rating --terms "temp*contact" --inspector-terms temp --format csv "$WINE"
grep -q '^derived,.*_agreement' stdout && bad "fit temp*contact, temp the inspector's: agreement rows" || ok
run 0 "-" fit --outcome grade --categories ofsted --terms "gender*phase" --group inspector \
    --join "$FIX/fit_inspectors.csv:inspector" --format csv "$FIX/fit_inspections.csv"
grep -q '^derived,.*_agreement' stdout && bad "fit gender*phase joined: agreement rows with gender taken as the school's" || ok
run 0 "-" fit --outcome grade --categories ofsted --terms "role*gender" --group inspector \
    --join "$FIX/fit_inspectors.csv:inspector" --format csv "$FIX/fit_inspections.csv"
grep -q '^derived,inspector_agreement,' stdout && ok || bad "fit role*gender joined: no inspector_agreement"
# Without a group or an inspector term there is nothing to draw: no rows.
run 0 "" fit --outcome rating --terms temp,contact --format csv "$WINE"
grep -q '^derived' stdout && bad "clm: derived rows without a group" || ok
# Same input, same bytes; every format renders.
"$ICSTAT" fit --outcome rating --terms temp,contact --group judge --quad 10 --format csv "$WINE" >again.csv
cmp -s wine.csv again.csv && ok || bad "fit output not reproducible"
for f in text tsv json md; do
    run 0 "" fit --outcome rating --terms temp,contact --group judge --format $f "$WINE"
done
grep -q 'odds_ratio' stdout && ok || bad "fit md: no odds ratios"
# --effects: one row per judge; --margins: levels x categories.
run 0 "" fit --outcome rating --terms temp,contact --group judge --effects eff.csv --format csv "$WINE"
[ "$(head -n 1 eff.csv)" = "group,n,effect,se,ci_low,ci_high,conf,rank,odds_ratio,or_ci_low,or_ci_high" ] && ok || bad "effects header"
[ "$(wc -l <eff.csv)" -eq 10 ] && ok || bad "effects: want 9 judges"
grep -q '^1,8,1.69' eff.csv && ok || bad "effects: judge 1 (R ranef 1.698)"
# The effects file takes its format from its extension: csv beside a text report.
run 0 "" fit --outcome rating --terms temp,contact --group judge --effects eff2.csv "$WINE"
cmp -s eff.csv eff2.csv && ok || bad "effects: .csv beside text output is not csv"
run 0 "" fit --outcome rating --terms temp,contact --group judge --margins temp --format csv "$WINE"
[ "$(head -n 1 stdout)" = "level,category,probability,ci_low,ci_high,conf" ] && ok || bad "margins header"
[ "$(wc -l <stdout)" -eq 11 ] && ok || bad "margins: want 2 levels x 5 categories"
# conf (issue 17): every interval's level, --conf's, in effects and margins.
run 0 "" fit --outcome rating --terms temp,contact --group judge --conf 0.9 --effects eff90.csv \
    --margins temp --format csv "$WINE"
awk -F, 'NR > 1 && $6 != "0.9" { exit 1 }' stdout && ok || bad "margins --conf 0.9: conf"
awk -F, 'NR > 1 && $7 != "0.9" { exit 1 }' eff90.csv && ok || bad "effects --conf 0.9: conf"
# Interactions in R's notation: temp*contact is temp + contact + temp:contact
# (R: clm(rating ~ temp * contact, data = wine): tempwarm:contactyes
# 0.3595488802, logLik -86.4162004196; clmm(... + (1|judge), nAGQ = 10):
# 0.2318813772, logLik -81.5029505001), and the same model however written.
run 0 "" fit --outcome rating --terms "temp * contact" --format csv -o inter.csv "$WINE"
grep -q '^coef,temp=warm:contact=yes,0.35954' inter.csv && ok || bad "interaction: temp=warm:contact=yes (R: 0.3595489)"
grep -q '^fit,loglik,-86.41620' inter.csv && ok || bad "interaction: loglik (R: -86.41620)"
[ "$(grep -c '^coef' inter.csv)" -eq 3 ] && ok || bad "interaction: want 3 coefficients"
for terms in "temp,contact,temp:contact" "temp*contact,temp" "temp*contact,temp:contact"     " temp : contact , temp , contact " "contact:temp,temp,contact"; do
    "$ICSTAT" fit --outcome rating --terms "$terms" --format csv "$WINE" >inter2.csv 2>&1
    sed 's/contact=yes:temp=warm/temp=warm:contact=yes/' inter2.csv | cmp -s inter.csv - && ok \
        || bad "--terms '$terms' is not temp*contact"
done
grep -q '^coef,contact=yes:temp=warm,' inter2.csv && ok || bad "interaction: parts in the order written"
run 0 - fit --outcome rating --terms temp*contact --group judge --quad 10 --format csv "$WINE"
grep -q '^coef,temp=warm:contact=yes,0.2318' stdout && ok || bad "mixed interaction (R: 0.2318814)"
# --margins by an interaction: every combination, the first part fastest.
run 0 "" fit --outcome rating --terms temp*contact --margins contact:temp --format csv "$WINE"
[ "$(wc -l <stdout)" -eq 21 ] && ok || bad "margins temp:contact: want 4 levels x 5 categories"
[ "$(sed -n 2p stdout | cut -d, -f1)" = "cold:no" ] && [ "$(sed -n 7p stdout | cut -d, -f1)" = "warm:no" ] \
    && ok || bad "margins temp:contact: levels"
run 0 "" fit --outcome rating --terms temp*contact --margins temp "$WINE"
grep -q "in its interactions too" stdout && ok || bad "margins temp: no note on its interactions"
# What the notation refuses: usage errors naming the term.
run 1 "icstat: --terms 'temp:temp' names 'temp' twice in one term; an interaction joins different terms" \
    fit --outcome rating --terms temp:temp "$WINE"
run 1 "icstat: --terms 'temp:' has an empty name (around ':' or '*'); write names as a:b or a*b" \
    fit --outcome rating --terms temp: "$WINE"
run 1 "icstat: --terms 'temp**contact' has an empty name (around ':' or '*'); write names as a:b or a*b" \
    fit --outcome rating --terms "temp**contact" "$WINE"
# An interaction alone, as R codes it: every combination, the last aliased
# (R: clm(rating ~ temp:contact, wine) gives tempcold:contactno -4.028193567,
# tempwarm:contactyes NA, logLik -86.4162004196).
if "$ICSTAT" fit --outcome rating --terms temp:contact --format csv "$WINE" >stdout 2>stderr &&
    grep -q "^coef,temp=cold:contact=no,-4.02819356" stdout &&
    ! grep -q "temp=warm:contact=yes" stdout && grep -q "^fit,loglik,-86.416200" stdout &&
    grep -q "note: interaction column 'temp=warm:contact=yes' is a combination of the thresholds and earlier columns (aliased) and is left out, as R's clm leaves it out" stderr; then
    ok
else
    bad "temp:contact alone: not R's coding: $(head -c 300 stdout) $(cat stderr)"
fi
run 1 "icstat: --terms lists 'temp:contact' twice (as 'contact:temp')" \
    fit --outcome rating --terms temp,contact,temp:contact,contact:temp "$WINE"
run 2 "icstat: $WINE:1: no term column 'colour' in the header" \
    fit --outcome rating --terms temp*colour "$WINE"
run 1 "icstat: --margins needs categorical terms; 'bottle' of 'temp:bottle' is numeric (add --factor bottle to treat it as categories)" \
    fit --outcome rating --terms temp*bottle --margins temp:bottle "$WINE"
run 1 "icstat: --ref 'temp:contact=yes' does not name a categorical term as TERM=LEVEL" \
    fit --outcome rating --terms temp*contact --ref temp:contact=yes "$WINE"
# A combination never observed (R's clm drops the column as aliased).
printf 'grade,a,b\n1,p,r\n2,p,s\n1,q,r\n3,p,r\n2,p,s\n3,q,r\n2,q,r\n3,p,s\n' >cells.csv
run 2 "icstat: cells.csv: the combination a=q and b=s never occurs among the 8 rows used, so interaction column 'a=q:b=s' is 0 in every row and cannot be estimated (R's clm drops it as aliased); merge levels, or leave 'a:b' out" \
    fit --outcome grade --terms a*b cells.csv

# The fit without a group has no random or derived rows.
run 0 "" fit --outcome rating --terms temp,contact --format csv "$WINE"
grep -q '^random' stdout && bad "clm: random rows" || ok
grep -q '^fit,loglik,-86.4919' stdout && ok || bad "clm loglik (R: -86.49192)"

# ---- icstat simulate ----
cat >sim.spec <<'SPEC'
inspectors = 40
inspections = 400
categories = Outstanding, Good, Requires improvement, Inadequate
thresholds = -2.0, 1.2, 3.0
inspector_sd = 0.5
inspector gender = female:0.5, male:0.5
school phase = Primary:0.7, Secondary:0.3
effect phase[Secondary] = 0.4
double_inspections = 10
SPEC
run 0 "" simulate --spec sim.spec --seed 3 -o sim1.csv --double dbl.csv --inspectors-out insp.csv
run 0 "" simulate --spec sim.spec --seed 3 -o sim2.csv
cmp -s sim1.csv sim2.csv && ok || bad "simulate: same seed, different bytes"
"$ICSTAT" simulate --spec sim.spec --seed 4 -o sim3.csv
cmp -s sim1.csv sim3.csv && bad "simulate ignores --seed" || ok
[ "$(head -n 1 sim1.csv)" = "urn,inspector,inspection_date,grade,grade_label,phase,gender" ] \
    && ok || bad "simulate header: $(head -n 1 sim1.csv)"
[ "$(wc -l <sim1.csv)" -eq 401 ] && ok || bad "simulate: want 400 inspections"
[ "$(wc -l <insp.csv)" -eq 41 ] && ok || bad "simulate: want 40 inspectors"
run 0 "" agree dbl.csv
run 0 "" fit --outcome grade --terms phase,gender --group inspector sim1.csv
printf 'inspectors = 4\ninspections = 8\ncategories = a, b\nthresholds = 0\nshape = 2\n' >bad.spec
run 2 "icstat: bad.spec:5: unknown key 'shape' (known: inspectors, inspections, categories, thresholds, link, inspector_sd, caseload_shape, start_date, end_date, seed, double_inspections, schools, school_sd, areas, inspector NAME, school NAME, effect NAME)" \
    simulate --spec bad.spec -o simbad.csv
[ -e simbad.csv ] && bad "simulate: output left after an error" || ok
printf 'inspectors = 4\ninspections = 8\ncategories = a, b\nthresholds = 0\n' >nodbl.spec
run 2 "icstat: nodbl.spec: --double needs \`double_inspections = N\` in the spec" \
    simulate --spec nodbl.spec --double d.csv
run 1 "icstat simulate: no --spec FILE given" simulate
# Seeds: GSL's Mersenne Twister keeps 32 bits of a seed and reads 0 as
# 4357, so only 1 to 4294967295 are distinct seeds; the rest are refused
# (4294967297 gave seed 1's bytes), in every command that takes --seed.
SEEDMSG="--seed must be a whole number from 1 to 4294967295"
run 0 "" simulate --spec sim.spec --seed 4294967295 -o simmax.csv
for s in 0 4294967296 4294967297 18446744073709551617 -1 1.5; do
    run 1 "icstat simulate: $SEEDMSG (got '$s')" simulate --spec sim.spec --seed "$s"
    run 1 "icstat agree: $SEEDMSG (got '$s')" agree --bootstrap 10 --seed "$s" x.csv
    run 1 "icstat power: $SEEDMSG (got '$s')" power agree --probs 0.5,0.5 --agreement 0.8 --seed "$s"
    run 1 "icstat power fit: $SEEDMSG (got '$s')" power fit --spec sim.spec --term phase --seed "$s"
done
printf 'inspectors = 4\ninspections = 8\ncategories = a, b\nthresholds = 0\nseed = 4294967297\n' >bigseed.spec
run 2 "icstat: bigseed.spec:5: seed must be a whole number from 1 to 4294967295 (got '4294967297')" \
    simulate --spec bigseed.spec
# power: replicate r uses seed + r, which must stay in range too.
run 1 "icstat power: --seed 4294967290 with --reps 10 would seed replicates up to 4294967299, past 4294967295 (replicate r uses seed + r); give a --seed of at most 4294967286" \
    power agree --probs 0.5,0.5 --agreement 0.8 --reps 10 --seed 4294967290
run 1 "icstat power fit: --seed 4294967295 with --reps 2 would seed replicates up to 4294967296, past 4294967295 (replicate r uses seed + r); give a --seed of at most 4294967294" \
    power fit --spec sim.spec --term phase --reps 2 --seed 4294967295
# An inspector's inspections fall on different days (fit --lag-previous
# refuses two on one day), so simulated data always takes --lag-previous.
"$ICSTAT" simulate --spec sim.spec --seed 3 --format csv 2>/dev/null | awk -F, 'NR > 1 { print $2, $3 }' |
    sort | uniq -d | grep -q . && bad "simulate: an inspector with two inspections on one day" || ok
"$ICSTAT" simulate --spec sim.spec --seed 3 | "$ICSTAT" fit --outcome grade --group inspector \
    --lag-previous inspection_date - >/dev/null 2>&1 && ok || bad "simulate | fit --lag-previous"
printf 'inspectors = 1\ninspections = 30\ncategories = a, b\nthresholds = 0\nstart_date = 2020-01-01\nend_date = 2020-01-12\n' >crowded.spec
run 2 "icstat: crowded.spec: inspector I00001 draws 30 inspections, more than the 12 days from start_date to end_date; widen the dates or add inspectors" \
    simulate --spec crowded.spec
# --spec - reads standard input, as every input "-" does (it said "cannot
# open file").
"$ICSTAT" simulate --spec - --seed 3 -o simstdin.csv <sim.spec
cmp -s sim1.csv simstdin.csv && ok || bad "simulate --spec -: other bytes than --spec sim.spec"
"$ICSTAT" power fit --spec - --term nothere <sim.spec >/dev/null 2>stderr
[ "$(head -n 1 stderr)" = "icstat: <stdin>: 'nothere' is not a characteristic in the spec (it has 'gender', 'phase')" ] \
    && ok || bad "power fit --spec -: $(head -n 1 stderr)"
# A spec naming a grade twice, or one effect twice (the second silently
# replaced the first), is refused with its line.
printf 'inspectors = 4\ninspections = 8\ncategories = a, b, a\nthresholds = 0, 1\n' >twocat.spec
run 2 "icstat: twocat.spec:3: categories lists 'a' twice" simulate --spec twocat.spec
printf 'inspectors = 4\ninspections = 8\ncategories = 1, 2, 2.0\nthresholds = 0, 1\n' >twonum.spec
run 2 "icstat: twonum.spec:3: categories lists '2' and '2.0', the same number" simulate --spec twonum.spec
printf 'inspectors = 4\ninspections = 8\ncategories = a, b\nthresholds = 0\nschool p = A:0.5, B:0.5\neffect p[B] = 1\neffect previous[a] = 1\neffect p[B] = 2\n' >twoeff.spec
run 2 "icstat: twoeff.spec:8: effect p[B] is given twice (first on line 6)" simulate --spec twoeff.spec

# A spec without schools, school_sd or areas draws the bytes it drew
# before they existed (cksum of the output of commit ace502b).
"$ICSTAT" simulate --spec sim.spec --seed 3 -o old1.csv --double oldd.csv --inspectors-out oldi.csv
[ "$(cat old1.csv oldd.csv oldi.csv | cksum)" = "2475332803 21980" ] && ok \
    || bad "simulate without schools: other bytes than before schools existed"

# ---- icstat simulate with schools: schools inspected again and again,
# by other inspectors of their area ----
cat sim.spec >simsch.spec
printf 'schools = 150\nschool_sd = 0.8\nareas = 4\n' >>simsch.spec
# Area A003's busiest inspector has 34 of its 85 inspections, more than
# its 33 schools: one repeat at least, and the note says how many.
NOTE="icstat: note: 2 repeat inspections of a school were led by an inspector who had inspected it before: its area had no other inspector free (give more inspectors or fewer areas)"
run 0 "$NOTE" simulate --spec simsch.spec --seed 3 -o sch1.csv --inspectors-out schi.csv --schools-out schs.csv
run 0 "$NOTE" simulate --spec simsch.spec --seed 3 -o sch2.csv
cmp -s sch1.csv sch2.csv && ok || bad "simulate with schools: same seed, different bytes"
[ "$(head -n 1 sch1.csv)" = "urn,inspector,inspection_date,grade,grade_label,area,phase,gender" ] \
    && ok || bad "simulate with schools header: $(head -n 1 sch1.csv)"
[ "$(head -n 1 schs.csv)" = "urn,inspections,effect,area,phase" ] \
    && ok || bad "simulate --schools-out header: $(head -n 1 schs.csv)"
[ "$(head -n 1 schi.csv)" = "inspector,inspections,effect,area,gender" ] \
    && ok || bad "simulate with areas: inspectors header: $(head -n 1 schi.csv)"
[ "$(wc -l <sch1.csv)" -eq 401 ] && [ "$(wc -l <schs.csv)" -eq 151 ] && ok \
    || bad "simulate with schools: want 400 inspections of 150 schools"
# Every school is inspected, as often as the schools table says, always by
# inspectors of its own area, with its own phase each time; its repeat
# inspectors (inspections less distinct inspectors) are the note's 2.
awk -F, 'FNR == 1 { next }
    FILENAME == "schs.csv" { n[$1] = $2; area[$1] = $4; phase[$1] = $5; next }
    FILENAME == "schi.csv" { iarea[$1] = $4; next }
    { seen[$1]++; if ($6 != area[$1] || $6 != iarea[$2] || $7 != phase[$1]) bad++
      if (!(($1, $2) in pair)) { pair[$1, $2] = 1; who[$1]++ } }
    END { for (u in n) { if (seen[u] != n[u]) bad++; rep += n[u] - who[u] }
          exit bad > 0 || rep != 2 }' schs.csv schi.csv sch1.csv && ok \
    || bad "simulate with schools: a school's inspections, area or phase are not as its row says"
run 0 "" fit --outcome grade --terms phase,gender --group inspector sch1.csv
printf 'inspectors = 4\ninspections = 8\ncategories = a, b\nthresholds = 0\n' >schbase.spec
for case in \
    "schools = 9|5|schools = 9 is more than the 8 inspections: each school is inspected at least once" \
    "schools = 0|5|schools must be a whole number above 0 (got '0')" \
    "school_sd = -0.5|5|school_sd must be a number of at least 0 (got '-0.5')" \
    "areas = 2|5|areas needs schools = N: without it every inspection is of a school of its own, in no area" \
    "schools = 6\nareas = 5|6|areas = 5 is more than the 4 inspectors: each area needs at least one" \
    "schools = 3\nareas = 4|6|areas = 4 is more than the 3 schools: each area needs at least one" \
    "schools = 6\nareas = 2\nschool area = x:0.5, y:0.5|7|'area' is a column icstat writes itself when the spec gives areas; choose another name"; do
    lines=${case%%|*}
    rest=${case#*|}
    { cat schbase.spec; printf "$lines\n"; } >schbad.spec
    run 2 "icstat: schbad.spec:${rest%%|*}: ${rest#*|}" simulate --spec schbad.spec -o schbad.csv
    [ -e schbad.csv ] && bad "simulate: output left after a bad schools spec" || ok
done
# power fit: a spec's schools and areas against the designs' sizes.
run 1 "icstat power fit: the spec's 150 schools need at least 150 inspections (one each), not 100" \
    power fit --spec simsch.spec --term phase --inspections 100,400 --inspectors 4
run 1 "icstat power fit: the spec's 4 areas need at least 4 inspectors (one each), not 3" \
    power fit --spec simsch.spec --term phase --inspectors 40,3
run 2 "icstat: nodbl.spec: --schools-out needs \`schools = N\` in the spec" \
    simulate --spec nodbl.spec --schools-out s.csv -o schbad.csv
[ -e schbad.csv ] || [ -e s.csv ] && bad "simulate --schools-out: output left after an error" || ok

# ---- icstat simulate, layout = ofsted_mi: a SYNTHETIC Ofsted file ----
printf 'layout = ofsted_mi\nschools = 400\nseed = 9\n' >mi.spec
run 0 "icstat: note: SYNTHETIC Ofsted file from mi.spec: 400 schools, 83 with a report card, 7 never inspected" \
    simulate --spec mi.spec -o mi1.csv
run 0 - simulate --spec mi.spec -o mi2.csv
cmp -s mi1.csv mi2.csv && ok || bad "simulate ofsted_mi: same seed, different bytes"
run 0 - simulate --spec mi.spec --seed 10 -o mi3.csv
cmp -s mi1.csv mi3.csv && bad "simulate ofsted_mi: --seed 10 gave seed 9's bytes" || ok
run 0 - simulate --spec mi.spec --seed 9 --format csv -o mi4.csv
cmp -s mi1.csv mi4.csv && ok || bad "simulate ofsted_mi: --seed 9 differs from the spec's seed 9"
# The title row and the header, byte for byte: the en dash is 0x96
# (Windows-1252), "Latest OEIF  safeguarding is effective?" has two spaces.
printf '"Management information \226 state-funded schools \226 most recent inspections as at 31 October 2026 \226 SYNTHETIC DATA, not Ofsted'"'"'s"\r\n' >mi_title.want
printf 'URN,LAESTAB,School name,Ofsted phase,Type of education,Ofsted region,Region,Local authority,Postcode,The income deprivation affecting children index (IDACI) quintile,Total number of pupils,Statutory lowest age,Statutory highest age,Event type grouping,Inspection number of latest full inspection,Inspection type,Inspection start date,Publication date,Category of concern,Safeguarding standards,Safeguarding standards - date of grade,Inclusion,Inclusion - date of grade,Curriculum and teaching,Curriculum and teaching - date of grade,Achievement,Achievement - date of grade,Attendance and behaviour,Attendance and behaviour - date of grade,Personal development and wellbeing,Personal development and wellbeing - date of grade,Early years (where applicable),Early years (where applicable) - date of grade,Post-16 provision (where applicable),Post-16 provision (where applicable) - date of grade,Leadership and governance,Leadership and governance - date of grade,Inspection number of latest OEIF graded inspection,Inspection type of latest OEIF graded inspection,Inspection start date of latest OEIF graded inspection,Publication date of latest OEIF graded inspection,Latest OEIF overall effectiveness,Latest OEIF category of concern,Latest OEIF quality of education,Latest OEIF behaviour and attitudes,Latest OEIF personal development,Latest OEIF effectiveness of leadership and management,Latest OEIF  safeguarding is effective?,Latest OEIF early years provision (where applicable),Latest OEIF sixth form provision (where applicable),Previous graded inspection number,Previous inspection start date,Previous graded inspection overall effectiveness,Latest ungraded inspection number,Date of latest ungraded inspection,Ungraded inspection overall outcome\r\n' >mi_header.want
head -n 1 mi1.csv >mi_title.got
sed -n 2p mi1.csv >mi_header.got
cmp -s mi_title.want mi_title.got && ok || bad "simulate ofsted_mi: title row bytes: $(od -c mi_title.got | head -n 3)"
cmp -s mi_header.want mi_header.got && ok || bad "simulate ofsted_mi: header bytes differ: $(cmp mi_header.want mi_header.got)"
# CRLF on every line and no other line end; 402 lines; 56 fields in every
# row once quoted fields are taken out; NULL, never an empty field;
# Windows-1252, not UTF-8 (iconv from UTF-8 fails on 0x96).
[ "$(tr -cd '\n' <mi1.csv | wc -c)" -eq 402 ] && [ "$(tr -cd '\r' <mi1.csv | wc -c)" -eq 402 ] \
    && [ "$(grep -c "$(printf '\r')\$" mi1.csv)" -eq 402 ] && ok || bad "simulate ofsted_mi: not 402 CRLF lines"
sed -n '3,$p' mi1.csv | tr -d '\r' | sed 's/"[^"]*"//g' | awk -F, 'NF != 56 { bad++ } END { exit bad > 0 }' \
    && ok || bad "simulate ofsted_mi: a row without 56 fields"
sed -n '3,$p' mi1.csv | tr -d '\r' | grep -q -e ',,' -e ',$' -e '^,' && bad "simulate ofsted_mi: an empty field" || ok
iconv -f UTF-8 -t UTF-8 mi1.csv >/dev/null 2>&1 && bad "simulate ofsted_mi: the file is valid UTF-8" || ok
iconv -f WINDOWS-1252 -t UTF-8 mi1.csv 2>/dev/null | head -n 1 | grep -q "information – state" \
    && ok || bad "simulate ofsted_mi: not Windows-1252"
grep -q "^900001," mi1.csv && grep -q ',"North East, Yorkshire and the Humber",' mi1.csv \
    && ok || bad "simulate ofsted_mi: URNs or quoted Ofsted region"
# Bad specs: exit 2 naming the file and line, no output left; options the
# layout does not take: exit 1.
printf 'layout = ofsted_mi\nschools = 10\nschools = 20\n' >mi_dup.spec
run 2 "icstat: mi_dup.spec:3: 'schools' is given twice (first on line 2)" simulate --spec mi_dup.spec -o mibad.csv
[ -e mibad.csv ] && bad "simulate ofsted_mi: output left after an error" || ok
printf 'layout = ofsted_mi\nphase Primary = 0.9, 0, 200, 0.4, 0.9, 0\n' >mi_phase.spec
run 2 "icstat: mi_phase.spec: the phase shares add up to 0.9, not 1" simulate --spec mi_phase.spec -o mibad.csv
printf '# first\nlayout = ofsted\n' >mi_layout.spec
run 2 "icstat: mi_layout.spec:2: unknown layout 'ofsted' (use inspections or ofsted_mi)" simulate --spec mi_layout.spec
printf 'schools = 10\nlayout = ofsted_mi\n' >mi_late.spec
run 2 "icstat: mi_late.spec:2: layout must be the first key of a spec" \
    simulate --spec mi_late.spec
printf 'layout = ofsted_mi\nfile_date = 2025-12-01\nreport_card = 0.5\nschools = 3000\n' >mi_crowd.spec
run 2 "icstat: mi_crowd.spec: more than 100 inspections start on 10/11/2025, more than a day's inspection numbers: give fewer schools, a smaller report_card share or a later file_date" \
    simulate --spec mi_crowd.spec -o mibad.csv
[ -e mibad.csv ] && bad "simulate ofsted_mi: output left after an error" || ok
run 1 "icstat simulate: --format tsv: an ofsted_mi spec writes Ofsted's own layout, a Windows-1252 CSV; leave --format out or give csv" \
    simulate --spec mi.spec --format tsv -o mibad.csv
run 1 "icstat simulate: --double: an ofsted_mi spec draws schools, not inspectors or double inspections" \
    simulate --spec mi.spec --double d.csv -o mibad.csv
run 1 "icstat simulate: --inspectors-out: an ofsted_mi spec draws schools, not inspectors or double inspections" \
    simulate --spec mi.spec --inspectors-out i.csv
run 1 "icstat simulate: --schools-out: an ofsted_mi spec writes its schools to -o, in Ofsted's layout" \
    simulate --spec mi.spec --schools-out s.csv -o mibad.csv
[ -e mibad.csv ] || [ -e d.csv ] || [ -e i.csv ] || [ -e s.csv ] && bad "simulate ofsted_mi: output left after a usage error" || ok
run 2 "icstat: mi.spec:1: this is an ofsted_mi spec (a synthetic Ofsted file for \`icstat simulate\`), not a model of inspections and inspectors" \
    power fit --spec mi.spec --term phase
run 2 "icstat: /dev/full: write failed: No space left on device" simulate --spec mi.spec -o /dev/full
run 2 - simulate --spec mi.spec -o nodir/mi.csv
[ -e nodir ] && bad "simulate ofsted_mi: made a folder" || ok
"$ICSTAT" simulate --spec - -o mistdin.csv <mi.spec 2>/dev/null
cmp -s mi1.csv mistdin.csv && ok || bad "simulate ofsted_mi --spec -: other bytes than --spec mi.spec"

# ---- icstat power ----
run 0 "" power agree --probs 0.85,0.15 --agreement 0.9167 --n 24,48 --reps 200 --format csv -o pw1.csv
"$ICSTAT" power agree --probs 0.85,0.15 --agreement 0.9167 --n 24,48 --reps 200 --threads 1 --format csv -o pw2.csv
cmp -s pw1.csv pw2.csv && ok || bad "power: --threads changes the result"
[ "$(head -n 1 pw1.csv)" = "n,coefficient,population_value,mean_estimate,sd_estimate,mean_half_width,sampling_half_width,coverage,undefined,conf" ] \
    && ok || bad "power header: $(head -n 1 pw1.csv)"
[ "$(wc -l <pw1.csv)" -eq 7 ] && ok || bad "power: want 2 designs x 3 coefficients"
run 1 "icstat: agreement 0.3 is outside what two inspectors with these shares can reach by agreeing more than chance (0.5000 to 1)" \
    power agree --probs 0.5,0.5 --agreement 0.3
run 1 "icstat power: unknown design 'foo' (use agree or fit)" power foo
run 1 "icstat power: --probs and --agreement (or --kappa) are both needed" power agree --probs 0.5,0.5
run 1 "icstat power: --agreement must be a number above 0 and at most 1 (got '3')" \
    power agree --probs 0.5,0.5 --agreement 3
# power fit: usage errors name the option and value.
OR="--odds-ratio 0.7 --share 0.4"
run 1 "icstat power fit: --odds-ratio and --share are both needed (or --spec FILE --term NAME)" \
    power fit --odds-ratio 0.85
run 1 "icstat power fit: --odds-ratio and --share are both needed (or --spec FILE --term NAME)" \
    power fit --share 0.46
run 1 "icstat power fit: --share must be a number between 0 and 1 (got '1')" \
    power fit --odds-ratio 0.85 --share 1
run 1 "icstat power fit: --share must be a number between 0 and 1 (got '0')" \
    power fit --odds-ratio 0.85 --share=0
run 1 "icstat power fit: --odds-ratio must be a number above 0 (got '-2')" \
    power fit --odds-ratio -2 --share 0.5
run 1 "icstat power fit: category shares add up to 0.9, not 1" power fit $OR --probs 0.5,0.4
run 1 "icstat power fit: 200 inspectors need at least 200 inspections (one each), not 100" \
    power fit $OR --inspections 100,1000 --inspectors 20,200
run 1 "icstat power fit: --inspections takes whole numbers from 1 to 1000000000 (got '10,2.5')" \
    power fit $OR --inspections 10,2.5
printf 'inspectors = 20\ninspections = 300\ncategories = low, mid, high\nthresholds = -1, 1\ninspector_sd = 0.3\nschool size = normal(0, 1, 2)\ninspector role = HMI:0.3, OI:0.7\neffect size = 0.4\neffect role[OI] = -0.5\n' >pf.spec
run 1 "icstat power fit: --spec needs --term NAME, the characteristic to test" power fit --spec pf.spec
run 1 "icstat power fit: --term names a characteristic of a --spec FILE" power fit --term role
run 1 "icstat power fit: --spec states the model; --odds-ratio, --share, --probs and --link are for a model without one" \
    power fit --spec pf.spec --term role --share 0.5
run 1 "icstat: pf.spec: 'gender' is not a characteristic in the spec (it has 'size', 'role')" \
    power fit --spec pf.spec --term gender -o pfx.csv
[ -e pfx.csv ] && bad "power fit: output left after an error" || ok
printf 'inspectors = 20\ninspections = 300\ncategories = a, b, c\nthresholds = 1, 0\n' >pfbad.spec
run 2 "icstat: pfbad.spec:4: thresholds must be increasing numbers (got '1, 0')" \
    power fit --spec pfbad.spec --term x
run 2 "icstat: nosuch.spec: cannot open file: No such file or directory" \
    power fit --spec nosuch.spec --term x
# One row per design (inspectors outer, inspections inner), the same bytes
# whatever the threads.
run 0 "" power fit $OR --inspections 400,800 --inspectors 20,40 --reps 12 --format csv -o pf1.csv
"$ICSTAT" power fit $OR --inspections 400,800 --inspectors 20,40 --reps 12 --threads 1 --format csv -o pf2.csv
cmp -s pf1.csv pf2.csv && ok || bad "power fit: --threads changes the result"
[ "$(head -n 1 pf1.csv)" = "inspections,inspectors,inspector_sd,coefficient,true_effect,true_odds_ratio,mean_estimate,sd_estimate,mean_se,coverage,power,power_low,power_high,failed,conf" ] \
    && ok || bad "power fit header: $(head -n 1 pf1.csv)"
[ "$(cut -d, -f1,2,4 pf1.csv | tail -n +2 | tr '\n' ' ')" = "400,20,characteristic=with 800,20,characteristic=with 400,40,characteristic=with 800,40,characteristic=with " ] \
    && ok || bad "power fit: rows $(cut -d, -f1,2 pf1.csv | tr '\n' ' ')"
# The spec path: a levelled inspector characteristic, its non-reference level.
run 0 "" power fit --spec pf.spec --term role --reps 6 --format csv -o pf3.csv
[ "$(cut -d, -f1-6 pf3.csv | tail -n 1)" = "300,20,0.3,role=OI,-0.5,0.6065306597" ] \
    && ok || bad "power fit --spec: $(tail -n 1 pf3.csv)"
# A study that cannot be analysed counts as not detecting; the note names the
# first one's seed, and `icstat simulate | icstat fit` fails on it the same way.
printf 'inspectors = 20\ninspections = 300\ncategories = a, b, c\nthresholds = -1, 1\ninspector rare = common:0.93, rare:0.07\n' >rare.spec
run 0 "-" power fit --spec rare.spec --term rare --reps 12 --format csv -o pf4.csv
note=$(grep "^icstat: note: 20 inspectors, 300 inspections: [0-9]* of 12 simulated studies could not be analysed" stderr)
[ -n "$note" ] && ok || bad "power fit: no failure note on stderr: $(cat stderr)"
fseed=$(echo "$note" | sed -n 's/.*the first (seed \([0-9]*\)).*/\1/p')
"$ICSTAT" simulate --spec rare.spec --seed "${fseed:-0}" |
    "$ICSTAT" fit --outcome grade --terms rare --group inspector --quad 1 - >/dev/null 2>fit.err
[ "${note#*(seed $fseed): }" = "$(sed 's/^icstat: <stdin>: //' fit.err)" ] && ok ||
    bad "power fit: seed ${fseed:-?}: note '$note', fit '$(cat fit.err)'"
run 0 "" power fit --help
for opt in --odds-ratio --share --probs --spec --term --inspections --inspectors --inspector-sd \
    --reps --alpha --quad --seed --threads --link; do
    grep -q -- "$opt" stdout && ok || bad "power fit --help does not mention $opt"
done
# ---- icstat describe ----
INSP=$FIX/describe_inspections.csv
# Bad input: exit 2, "icstat: FILE:LINE: ...", and no output file.
printf 'grade,sex\nGood,F\n"Good ",M\nInadequate,F\n' >grades.csv
for case in \
    "--outcome grade --where stage=P $INSP|icstat: $INSP:1: no --where column 'stage' in the header" \
    "--outcome score $INSP|icstat: $INSP:1: no outcome column 'score' in the header" \
    "--outcome grade --by sex $INSP|icstat: $INSP:1: no --by column 'sex' in the header" \
    "--outcome grade --where phase=Nursery $INSP|icstat: $INSP: no row meets --where phase=Nursery (900 rows read)" \
    "--outcome grade --by gender --ref X $INSP|icstat: $INSP: --ref 'X': 'gender' has no level 'X' among the rows counted (levels: 'F', 'M')" \
    "--outcome grade --by phase --where phase=Primary --compare $INSP|icstat: $INSP: --compare: 'phase' has one level ('Primary') among the rows counted; a comparison needs two" \
    "--outcome grade --by gender --cluster inspector $INSP|icstat: $INSP:1: no --cluster column 'inspector' in the header" \
    "--outcome grade --cluster phase --where phase=Primary $INSP|icstat: $INSP: --cluster 'phase' has 1 cluster among the rows counted; clustered intervals need at least two"; do
    # shellcheck disable=SC2086
    run 2 "${case#*|}" describe ${case%%|*} -o dout.csv
    if ls dout.csv* >/dev/null 2>&1; then bad "describe ${case%%|*}: left an output file"; else ok; fi
done
run 2 "icstat: grades.csv:3: column 'grade' has value 'Good ' that is not in --categories" \
    describe --outcome grade --by sex --categories "$GRADES" grades.csv -o dout.csv
[ -e dout.csv ] && bad "describe: output left after a category error" || ok
run 2 "icstat: $INSP:3: column 'grade' has value 'Inadequate' that is not in --categories" \
    describe --outcome grade --categories "Outstanding,Good" "$INSP"
# --proportions: every refusal names the line, column and value.
printf 'label,count,total\nagreed,22,24\nover,30,25\n' >p_over.csv
printf 'label,count,total\nneg,-1,24\n' >p_neg.csv
printf 'label,count,total\nnone,0,0\n' >p_zero.csv
printf 'label,count,total\nok,1,2\nword,some,24\n' >p_word.csv
printf 'label,percent,total\nhigh,100.5,20\n' >p_pct.csv
printf 'name,count,total\na,1,2\n' >p_cols.csv
printf 'label,share,total\na,1,2\n' >p_cols2.csv
for case in \
    "p_over.csv|icstat: p_over.csv:3: count 30 is more than the total 25" \
    "p_neg.csv|icstat: p_neg.csv:2: column 'count' has value '-1'; a count must be a whole number, 0 or more" \
    "p_zero.csv|icstat: p_zero.csv:2: column 'total' has value '0'; a total must be a whole number above 0" \
    "p_word.csv|icstat: p_word.csv:3: column 'count' has value 'some' that is not a number" \
    "p_pct.csv|icstat: p_pct.csv:2: column 'percent' has value '100.5' that is not between 0 and 100" \
    "p_cols.csv|icstat: p_cols.csv:1: no 'label' column in the header; --proportions needs columns label,count,total or label,percent,total" \
    "p_cols2.csv|icstat: p_cols2.csv:1: no 'count' or 'percent' column in the header; --proportions needs columns label,count,total or label,percent,total"; do
    run 2 "${case#*|}" describe --proportions "${case%%|*}" -o dout.csv
    if ls dout.csv* >/dev/null 2>&1; then bad "describe --proportions ${case%%|*}: left an output file"; else ok; fi
done
# Percents given as fractions (0.91 for 91%, as spreadsheets export them):
# read as given, and said.
printf 'label,percent,total\nA,0.91,1400\nB,0.17,200\n' >p_frac.csv
run 0 - describe --proportions --format csv p_frac.csv
grep -q "every percent is at most 1, so each is read as under 1%; if they are fractions" stderr &&
    ok || bad "describe --proportions: fractions taken for percents without a word"
printf 'label,percent,total\nA,91,1400\nB,0.5,200\n' >p_pct.csv
run 0 - describe --proportions --format csv p_pct.csv
grep -q "every percent is at most 1" stderr && bad "describe --proportions: the fractions note on percents" || ok
# Usage errors: exit 1.
run 1 "icstat describe: --where takes COL=VALUE, COL!=VALUE or COL<N (also <=, >, >=) (got 'phase')" \
    describe --outcome grade --where phase "$INSP"
run 1 "icstat describe: --where 'phase=Primary,' has an empty item" \
    describe --outcome grade --where phase=Primary, "$INSP"
run 1 "icstat describe: no outcome: give --outcome COL (or --proportions for a file of counts)" \
    describe "$INSP"
run 1 "icstat describe: --compare needs --by" describe --outcome grade --compare "$INSP"
run 1 "icstat describe: --ref needs --by" describe --outcome grade --ref F "$INSP"
run 1 "icstat describe: --proportions reads label,count,total figures; leave out --where, --categories, --ref, --cluster and --compare" \
    describe --proportions --where grade=Good "$INSP"
# With --proportions, --outcome names the label column (issue 17).
run 2 "icstat: $INSP:1: no 'total' column in the header; --proportions needs columns grade,count,total or grade,percent,total" \
    describe --proportions --outcome grade "$INSP"
run 1 "icstat describe: unknown option '--bogus'" describe --bogus "$INSP"
run 1 "icstat describe: no input FILE given" describe --outcome grade
run 1 "icstat: --categories lists 'Good' twice" \
    describe --outcome grade --categories "Good,Good,Outstanding" "$INSP"
# A value in two categories was counted in the first only: overlapping
# merges, a value twice in one merge, the same number twice, all refused.
run 1 "icstat: --categories lists 'Outstanding' twice (in 'Good+Outstanding' and 'Outstanding')" \
    describe --outcome grade --categories "Good+Outstanding,Outstanding,Requires improvement,Inadequate" "$INSP"
run 1 "icstat: --categories lists 'Good' twice (in 'Outstanding+Good' and 'Good+Requires improvement')" \
    describe --outcome grade --categories "Outstanding+Good,Good+Requires improvement,Inadequate" "$INSP"
run 1 "icstat: --categories lists 'Good' twice (in 'Good+Good')" \
    describe --outcome grade --categories "Good+Good,Outstanding,Requires improvement,Inadequate" "$INSP"
run 1 "icstat: --categories has 'Good+', which merges an empty value with '+'" \
    describe --outcome grade --categories "Good+,Outstanding,Requires improvement,Inadequate" "$INSP"
run 1 "icstat: --categories lists '2' and '2.0', the same number (in '1+2' and '2.0')" \
    describe --outcome grade_num --categories "1+2,2.0,3,4" "$INSP"
run 0 "" describe --outcome grade --categories "Outstanding+Good,Requires improvement+Inadequate" "$INSP"
run 1 "icstat: --categories lists 'Good' twice" \
    fit --outcome grade --categories "Outstanding,Good,Good,Inadequate" --terms phase "$INSP"
run 1 "icstat: --categories lists '3' and '3.0', the same number" \
    fit --outcome grade_num --categories "1,2,3,3.0,4" --terms phase "$INSP"
run 1 "icstat: --categories lists '2' and '2.00', the same number" \
    agree --categories "1,2,2.00" "$FIX/agree_two.csv"
run 0 "" describe --help
for opt in --outcome --by --where --categories --ref --compare --proportions --conf --format -o Examples; do
    grep -q -- "$opt" stdout && ok || bad "describe --help does not mention $opt"
done
run 0 "" --help
grep -q "^  describe " stdout && ok || bad "--help does not list describe"

# The csv contract and known rows (R: tests/r/describe_reference.R, case
# describe_primary_gender); notes go to stderr.
run 0 "icstat: note: --where phase=Primary: 288 of 900 rows left out" \
    describe --outcome grade --by gender --where phase=Primary --categories "$GRADES" \
    --format csv -o desc.csv "$INSP"
[ "$(head -n 1 desc.csv)" = "group,category,n,total,percent,ci_low,ci_high,conf" ] && ok \
    || bad "describe csv header: $(head -n 1 desc.csv)"
grep -qx 'F,Outstanding,28,282,9.929078014,6.959192562,13.97599965,0.95' desc.csv && ok \
    || bad "describe: F Outstanding (R: 28/282, 9.929078014 [6.959192562, 13.97599965])"
grep -qx 'M,Inadequate,21,310,6.774193548,4.47309951,10.13346617,0.95' desc.csv && ok \
    || bad "describe: M Inadequate (R: 21/310)"
[ "$(wc -l <desc.csv)" -eq 9 ] && ok || bad "describe: want 2 groups x 4 categories"
grep -q "icstat: note: 20 rows left out for a missing value (12 missing 'grade', 8 missing 'gender')" stderr \
    && ok || bad "describe: missing-value note"
# --compare: the test and the comparisons instead.
run 0 - describe --outcome grade --by gender --where phase=Primary --categories "$GRADES" \
    --compare --format csv -o cmp.csv "$INSP"
[ "$(head -n 1 cmp.csv)" = "measure,category,group,reference,estimate,ci_low,ci_high,conf,df,p_value" ] \
    && ok || bad "describe --compare header: $(head -n 1 cmp.csv)"
grep -qx 'chisq,all,all,NA,0.2853483269,NA,NA,NA,3,0.9627600928' cmp.csv && ok \
    || bad "describe --compare: chisq (R: 0.2853483269, df 3, p 0.9627600928)"
grep -qx 'difference,Outstanding,M,F,-1.219400595,-6.05946437,3.498412737,0.95,NA,NA' cmp.csv && ok \
    || bad "describe --compare: Newcombe difference for Outstanding"
grep -qx 'risk_ratio,Outstanding,M,F,0.8771889401,0.5302120735,1.451231451,0.95,NA,NA' cmp.csv && ok \
    || bad "describe --compare: Katz risk ratio for Outstanding"
[ "$(wc -l <cmp.csv)" -eq 10 ] && ok || bad "describe --compare: want 1 + 4 x 2 rows"
# --cluster: a deff column, the Wald test, values as R's survey package
# (tests/r/describe_cluster_reference.R, case cluster_gender).
CINSP=$FIX/describe_cluster_inspections.csv
run 0 - describe --outcome grade --by gender --ref M --cluster inspector \
    --categories "$GRADES" --format csv -o clu.csv "$CINSP"
[ "$(head -n 1 clu.csv)" = "group,category,n,total,percent,ci_low,ci_high,conf,deff" ] && ok \
    || bad "describe --cluster csv header: $(head -n 1 clu.csv)"
grep -q '^F,Outstanding,48,424,11.32075472,6.77132117,18.32596708,0.95,3.618773347$' clu.csv && ok \
    || bad "describe --cluster: F Outstanding (R: 6.77132117 18.32596708, deff 3.618773347)"
run 0 "" describe --outcome grade --by gender --ref M --cluster inspector --categories "$GRADES" "$CINSP"
grep -q "^wald_chisq *2.61 *3 *0.4560" stdout && ok || bad "describe --cluster text: Wald test (R: 2.608, df 3, p 0.456)"

# Text shows all three tables; every format renders.
run 0 "" describe --outcome grade --by gender --categories "$GRADES" "$INSP"
grep -q "^pearson_chisq" stdout && ok || bad "describe text: no chi-square"
grep -q "against 'F' (reference)" stdout && ok || bad "describe text: no comparison table"
for f in tsv json md; do
    run 0 - describe --outcome grade --by region --ref South --format "$f" "$INSP"
    [ -s stdout ] && ok || bad "describe format $f wrote nothing"
done
run 0 "" describe --outcome grade --by role --compare --format json \
    --categories "$GRADES,Exceptional" "$INSP"
grep -q '"measure": "risk_ratio", "category": "Exceptional", "group": "OI", "reference": "HMI", "estimate": null' stdout \
    && ok || bad "describe json: 0 vs 0 risk ratio is not null"
grep -q "category 'Exceptional' has no rows and is left out of the test" stdout \
    && ok || bad "describe json: no note on the empty category"
# --proportions: from counts and from percentages (rounding noted).
printf 'label,count,total\nagreed,22,24\n' >agreed.csv
run 0 "" describe --proportions --format csv agreed.csv
[ "$(head -n 1 stdout)" = "label,count,total,percent,ci_low,ci_high,conf" ] && ok \
    || bad "--proportions header: $(head -n 1 stdout)"
grep -qx 'agreed,22,24,91.66666667,74.15119781,97.68411847,0.95' stdout && ok \
    || bad "--proportions: 22 of 24 (R prop.test: 74.15119781, 97.68411847)"
printf 'label,percent,total\nTeachers,33.3,250\nLeaders,8.2,1000\n' >pct.csv
run 0 "icstat: note: counts from column 'percent': count = round(percent x total / 100), and percent is then count / total" \
    describe --proportions --format csv pct.csv
grep -qx 'Teachers,83,250,33.2,27.6553892,39.25308966,0.95' stdout && ok || bad "--proportions: 33.3% of 250"
grep -q "line 2 ('Teachers'): 33.3% of 250 is 83.25; counted as 83, which is 33.20%" stderr \
    && ok || bad "--proportions: rounding note"
grep -q "Leaders" stderr && bad "--proportions: note for an exact percent" || ok
# "-0" in a file is 0, not "-0", in every format.
printf 'label,count,total\nnone,-0,10\n' >negzero.csv
printf 'label,percent,total\nnone,-0,10\n' >negzero_pct.csv
for f in negzero.csv negzero_pct.csv; do
    for fmt in text csv tsv json md; do
        "$ICSTAT" describe --proportions --format "$fmt" "$f" >nz.out 2>/dev/null
        grep -q -- '-0\([^.0-9]\|$\)' nz.out && bad "describe --proportions --format $fmt $f prints -0" || ok
    done
done
run 0 "" describe --proportions --format csv negzero.csv
grep -qx 'none,0,10,0,0,27.75327999,0.95' stdout && ok || bad "--proportions -0: $(sed -n 2p stdout)"
# Figures as published (issue 17): "91%", "1,400", "1,400+" (at least
# 1,400: the interval at 1,400, R prop.test(1274, 1400, correct = FALSE):
# 89.38657812 92.38903784), and no base at all (no count, no interval).
printf 'label,percent,total\nNAHT oppose,91%%,"1,400+"\nNAHT strongly,62 %%,1400+\nexact,91%%,"1,400"\nASCL upheld,17%%,\n' >published.csv
run 0 - describe --proportions --format csv published.csv
[ "$(head -n 1 stdout)" = "label,count,total,percent,ci_low,ci_high,conf,base" ] && ok \
    || bad "--proportions published: header $(head -n 1 stdout)"
grep -qx 'NAHT oppose,1274,1400,91,89.38657812,92.38903784,0.95,at_least' stdout && ok \
    || bad "--proportions: 91% of 1,400+: $(sed -n 2p stdout)"
grep -qx 'NAHT strongly,868,1400,62,59.42786913,64.50645749,0.95,at_least' stdout && ok \
    || bad "--proportions: 62 % of 1400+: $(sed -n 3p stdout)"
grep -qx 'exact,1274,1400,91,89.38657812,92.38903784,0.95,exact' stdout && ok \
    || bad "--proportions: 91% of 1,400: $(sed -n 4p stdout)"
grep -qx 'ASCL upheld,NA,NA,17,NA,NA,NA,not_published' stdout && ok \
    || bad "--proportions: 17% with no base: $(sed -n 5p stdout)"
grep -q "line 2 ('NAHT oppose'): base published as at least 1400: the interval is made at n = 1400, the widest it can be for any base of at least that (conservative)" stderr \
    && ok || bad "--proportions: no note on an at-least base"
grep -q "line 5 ('ASCL upheld'): base not published: the percent as given, with no count and no interval (NA)" stderr \
    && ok || bad "--proportions: no note on a missing base"
printf 'label,percent,total\na,9,"1,40"\n' >p_sep.csv
printf 'label,count,total\na,9,\n' >p_nobase.csv
printf 'label,percent,total\na,abc%%,10\n' >p_sign.csv
printf 'label,percent,total\na,9,"1,4000+"\n' >p_sep2.csv
for case in \
    "p_sep.csv|icstat: p_sep.csv:2: column 'total' has value '1,40' that is not a base: write a whole number (1400 or 1,400), or 1,400+ for at least 1,400" \
    "p_sep2.csv|icstat: p_sep2.csv:2: column 'total' has value '1,4000+' that is not a base: write a whole number (1400 or 1,400), or 1,400+ for at least 1,400" \
    "p_nobase.csv|icstat: p_nobase.csv:2: column 'total' is empty; a count needs its total (only a percent may be given without one)" \
    "p_sign.csv|icstat: p_sign.csv:2: column 'percent' has value 'abc%' that is not a number"; do
    run 2 "${case#*|}" describe --proportions "${case%%|*}" -o dout.csv
    if ls dout.csv* >/dev/null 2>&1; then bad "describe --proportions ${case%%|*}: left an output file"; else ok; fi
done
# fit --margins-tails (issue 17): "Requires improvement+Inadequate" with
# its own interval, against R (tests/r/margins_tails_reference.R; the
# gradient there by central differences): probabilities to 1e-8,
# intervals to 1e-6.
G4="Outstanding,Good,Requires improvement,Inadequate"
run 0 - fit --outcome grade --categories "$G4" --terms gender,phase --margins gender \
    --margins-tails --format csv "$ROOT/tests/fixtures/describe_inspections.csv"
awk -F, 'NR == FNR { if (FNR > 1) { p[$1 "," $2] = $3; lo[$1 "," $2] = $5; hi[$1 "," $2] = $6 }; next }
         FNR > 1 { k = $1 "," $2; n++
                   if (!(k in p)) { print "no R value for " k; bad = 1; next }
                   d = $3 - p[k]; if (d < 0) d = -d; if (d > 1e-8) { print k ": " $3 " vs " p[k]; bad = 1 }
                   d = $4 - lo[k]; if (d < 0) d = -d; if (d > 1e-6) { print k ": low " $4; bad = 1 }
                   d = $5 - hi[k]; if (d < 0) d = -d; if (d > 1e-6) { print k ": high " $5; bad = 1 } }
         END { if (n != 12) { print n " rows"; bad = 1 }; exit bad }' \
    "$ROOT/tests/fixtures/margins_tails_values.csv" stdout >tails.err && ok ||
    bad "fit --margins-tails against R: $(head -n 3 tails.err)"
grep -q "^F,Requires improvement+Inadequate," stdout && ok || bad "fit --margins-tails: no tail row"
run 1 "icstat fit: --margins-tails adds rows to the margins: give --margins TERM too" \
    fit --outcome grade --terms gender --margins-tails "$ROOT/tests/fixtures/describe_inspections.csv"
# --by-period (issue 17): the groups are periods of a date, in time order.
FITI=$ROOT/tests/fixtures/fit_inspections.csv
run 0 - describe --outcome grade --by-period academic-year --date date --format csv "$FITI"
[ "$(awk -F, 'NR > 1 { print $1 }' stdout | uniq | tr '\n' ' ')" = "2019/20 2020/21 2021/22 2022/23 2023/24 " ] &&
    ok || bad "--by-period academic-year: $(awk -F, 'NR > 1 { print $1 }' stdout | uniq | tr '\n' ' ')"
# The counts are those of the dates' school years, counted by awk.
awk -F, 'NR > 1 && $4 != "" { y = substr($3, 1, 4) + 0; m = substr($3, 6, 2) + 0
         if ($3 ~ /\//) { y = substr($3, 7, 4) + 0; m = substr($3, 4, 2) + 0 }
         if (m < 9) y--; n[y "/" sprintf("%02d", (y + 1) % 100) "," $4]++ }
         END { for (k in n) print k "," n[k] }' "$FITI" | LC_ALL=C sort >want_py
awk -F, 'NR > 1 { print $1 "," $2 "," $3 }' stdout | LC_ALL=C sort >got_py
cmp -s got_py want_py && ok || bad "--by-period academic-year: counts differ from the dates'"
run 0 - describe --outcome grade --by-period term --date date --format csv "$FITI"
[ "$(awk -F, 'NR > 1 { print $1 }' stdout | uniq | head -n 3 | tr '\n' '|')" = "2019/20 autumn|2019/20 spring|2019/20 summer|" ] &&
    ok || bad "--by-period term: $(awk -F, 'NR > 1 { print $1 }' stdout | uniq | head -n 3 | tr '\n' '|')"
run 0 - describe --outcome grade --by-period year --date date --where period=2021 --format csv "$FITI"
[ "$(awk -F, 'NR > 1 { print $1 }' stdout | uniq)" = "2021" ] && ok || bad "--by-period year --where period=2021"
run 2 "icstat: $FITI:1: no --date column 'inspection_date' in the header" \
    describe --outcome grade --by-period year "$FITI"
run 1 "icstat describe: --by-period takes year, academic-year or term (got 'decade')" \
    describe --outcome grade --by-period decade "$FITI"
run 1 "icstat describe: --by-period makes the groups: leave out --by" \
    describe --outcome grade --by-period year --by phase "$FITI"
run 1 "icstat describe: --date names the date --by-period reads; give --by-period too" \
    describe --outcome grade --date date "$FITI"
run 1 "icstat describe: --by-period makes the groups: leave out --proportions" \
    describe --proportions --by-period year "$FITI"
# ---- icstat import ofsted ----
OF=$ROOT/tests/fixtures/ofsted
cp "$OF"/*.csv .
# same FILE WANT: an output byte for byte against its expected file.
same() {
    if cmp -s "$1" "$2"; then ok; else bad "$1 differs from $2"; diff "$2" "$1" | head -5; fi
}
# summary WANT_FILE: the whole of stderr, exactly.
summary() {
    if cmp -s stderr "$1"; then ok; else bad "stderr differs from $1:"; diff "$1" stderr | head -8; fi
}

# Each published layout against its expected table, and the summary.
run 0 "icstat: import: latest_2024.csv: header on line 2; 5 rows read, 4 written, 1 skipped" \
    import ofsted latest_2024.csv -o latest.out.csv
same latest.out.csv "$OF/latest_2024.expected.csv"
[ ! -s stdout ] && ok || bad "import -o still wrote to stdout"
cat >want.err <<'END'
icstat: import: latest_2024.csv: header on line 2; 5 rows read, 4 written, 1 skipped
icstat: import: skipped 1 row: no inspection date (not inspected) (line 6)
icstat: import: inspections by framework: eif_2019 3, eif_2024 1
icstat: import: matched by another name: inspection_number='Inspection number of latest full inspection', previous_inspection_number='Previous full inspection number', previous_overall_effectiveness='Previous full inspection overall effectiveness', safeguarding='Safeguarding is effective?', early_years='Early years provision (where applicable)', post_16='Sixth form provision (where applicable)'
icstat: import: no report-card grades in this file (a layout from before November 2025): inclusion ... leadership_and_governance left empty
END
summary want.err
run 0 - import ofsted older_2016.csv -o older.out.csv
same older.out.csv "$OF/older_2016.expected.csv"
cat >want.err <<'END'
icstat: import: older_2016.csv: header on line 1; 4 rows read, 4 written, 0 skipped
icstat: import: inspections by framework: cif_2015 4
icstat: import: matched by another name: inspection_date='Inspection End Date', region='Ofsted region', idaci_quintile='The quntile for income deprivation affecting children index (IDACI)', pupils='Total pupils', quality_of_education='Quality of teaching, learning and assessment', category_of_concern='Category', previous_inspection_date='Previous inspection end date'
icstat: import: not in the file, left empty: behaviour_and_attitudes, personal_development, safeguarding, early_years, post_16
icstat: import: no report-card grades in this file (a layout from before November 2025): inclusion ... leadership_and_governance left empty
END
summary want.err
run 0 - import ofsted historical_2005_2015.csv -o historical.out.csv
same historical.out.csv "$OF/historical_2005_2015.expected.csv"
cat >want.err <<'END'
icstat: import: historical_2005_2015.csv: header on line 2; 4 rows read, 4 written, 0 skipped
icstat: import: inspections by framework: pre_2012 2, 2012 2
icstat: import: matched by another name: quality_of_education='Quality of teaching', behaviour_and_attitudes='Behaviour and safety of pupils', leadership_and_management='Leadership and management', category_of_concern='Category', previous_inspection_number='Inspection number of the previous inspection', previous_inspection_date='Inspection end date of the previous inspection', previous_overall_effectiveness='Previous inspection - Overall effectiveness', early_years='Early years provision', post_16='Sixth form provision'
icstat: import: not in the file, left empty: phase, region, local_authority, idaci_quintile, pupils, personal_development, safeguarding
icstat: import: no report-card grades in this file (a layout from before November 2025): inclusion ... leadership_and_governance left empty
END
summary want.err
run 0 - import ofsted bad_values.csv -o bad.out.csv
same bad.out.csv "$OF/bad_values.expected.csv"
cat >want.err <<'END'
icstat: import: bad_values.csv: header on line 2; 8 rows read, 2 written, 6 skipped
icstat: import: skipped 1 row: no URN (line 6)
icstat: import: skipped 2 rows: invalid URN (first on line 5: '12A45')
icstat: import: skipped 1 row: no inspection date (not inspected) (line 9)
icstat: import: skipped 2 rows: invalid inspection date (first on line 7: '31/02/2019')
icstat: import: inspections by framework: eif_2019 2
icstat: import: pupils: 1 unreadable value left empty (line 3: 'about 200')
icstat: import: quality_of_education: 1 unreadable value left empty (line 3: 'Excellent')
icstat: import: previous_inspection_date: 1 unreadable value left empty (line 4: '29/02/2019')
icstat: import: matched by another name: quality_of_education='Quality of teaching, learning and assessment'
icstat: import: not in the file, left empty: idaci_quintile, behaviour_and_attitudes, personal_development, safeguarding, early_years, post_16
icstat: import: no report-card grades in this file (a layout from before November 2025): inclusion ... leadership_and_governance left empty
END
summary want.err

# csv by default on stdout; tsv and json on request.
"$ICSTAT" import ofsted latest_2024.csv >latest.stdout.csv 2>/dev/null
same latest.stdout.csv "$OF/latest_2024.expected.csv"
"$ICSTAT" import ofsted - <older_2016.csv >older.stdin.csv 2>stderr
same older.stdin.csv "$OF/older_2016.expected.csv"
[ "$(head -n 1 stderr)" = "icstat: import: <stdin>: header on line 1; 4 rows read, 4 written, 0 skipped" ] \
    && ok || bad "import from stdin: $(head -n 1 stderr)"
run 0 - import ofsted --format tsv -o latest.out.tsv latest_2024.csv
same latest.out.tsv "$OF/latest_2024.expected.tsv"
run 0 - import ofsted --format json older_2016.csv
grep -q '^    {"urn": 110002, "inspection_number": "474702", "inspection_date": "2015-12-02", ' stdout \
    && ok || bad "import json: row 110002"
grep -q '"previous_inspection_number": null' stdout && ok || bad "import json: NA is not null"
# The canonical table reads back into the other commands (NA is missing).
run 0 - agree --unit urn --raters overall_effectiveness,leadership_and_management --format csv \
    latest.out.csv
grep -q '^cohen_kappa,1,0,1,1,0,1,0.3333333333,3,2,identity,t,conditional,0.95$' stdout \
    && ok || bad "agree on the imported table: $(grep cohen stdout)"
# --map, repeated or as a list, with commas inside a header.
run 0 - import ofsted older_2016.csv \
    --map "behaviour_and_attitudes=Personal development, behaviour and welfare, personal_development=Personal development, behaviour and welfare" \
    --map "region = Local Authority" --map "inspection_date=Publication date"
grep -q '^110003,474703,2016-02-19,Section 5,Secondary,Birmingham,Birmingham,1,1024,4,3,3,3,3,' stdout \
    && ok || bad "import --map: row 110003 is '$(grep ^110003 stdout)'"
grep -q 'left empty: .*\(behaviour_and_attitudes\|personal_development,\|region\)' stderr \
    && bad "import --map: columns still reported empty" || ok

# Bad files: exit 2, "icstat: FILE[:LINE]: ...", no output file, an old one kept.
printf 'title\n' >titles.csv
for i in 1 2 3 4 5 6 7 8 9; do echo "note $i" >>titles.csv; done
printf 'URN,Inspection date\n1,01/01/2020\n' >>titles.csv
printf 'URN,Name\n1,x\n' >nodate.csv
printf 'URN,Inspection date\n1,"01/01/2020\n' >openquote.csv
printf 'URN,Inspection start date\n,01/01/2020\n12A45,02/01/2020\n' >allskipped.csv
printf 'URN,Inspection start date\n' >headeronly.csv
for case in \
    "notes_sheet.csv|icstat: notes_sheet.csv: no header with a URN column in the first 10 rows" \
    "titles.csv|icstat: titles.csv: no header with a URN column in the first 10 rows" \
    "ragged.csv|icstat: ragged.csv:5: row has 5 fields but the header has 8" \
    "empty.csv|icstat: empty.csv:1: file is empty: a header row is required" \
    "nodate.csv|icstat: nodate.csv:1: the header has no inspection date column ('Inspection start date', 'Inspection date' or 'Inspection end date'); name it with --map inspection_date=HEADER" \
    "openquote.csv|icstat: openquote.csv:2: unterminated quoted field: field 2 opens a quote that is never closed" \
    "nul.csv|icstat: nul.csv:3: NUL byte in field 2 (is this a binary or UTF-16 file?)" \
    "missing.csv|icstat: missing.csv: cannot open file: No such file or directory"; do
    file=${case%%|*}
    run 2 "${case#*|}" import ofsted "$file" -o imp.csv
    if ls imp.csv* >/dev/null 2>&1; then bad "import $file: left an output file"; else ok; fi
done
run 2 "icstat: older_2016.csv:1: --map region='Government office region': the header has no such column" \
    import ofsted --map "region=Government office region" older_2016.csv -o imp.csv
# Nothing to write: the summary, then the error.
run 2 "icstat: import: allskipped.csv: header on line 1; 2 rows read, 0 written, 2 skipped" \
    import ofsted allskipped.csv -o imp.csv
[ "$(tail -n 1 stderr)" = "icstat: allskipped.csv: no inspections to write: all 2 rows were skipped" ] \
    && ok || bad "import all skipped: $(tail -n 1 stderr)"
[ -e imp.csv ] && bad "import all skipped: left an output file" || ok
run 2 - import ofsted headeronly.csv -o imp.csv
[ "$(tail -n 1 stderr)" = "icstat: headeronly.csv:1: no inspections to write: the header has no rows below it" ] \
    && ok || bad "import header only: $(tail -n 1 stderr)"
echo keep >kept.csv
run 2 - import ofsted ragged.csv -o kept.csv
[ "$(cat kept.csv)" = keep ] && ok || bad "failed import changed an existing -o file"
# .xlsx without ssconvert on PATH: how to convert it instead.
: >book.xlsx
mkdir -p nobin
env PATH="$T/nobin" "$ICSTAT" import ofsted book.xlsx -o imp.csv >stdout 2>stderr
[ $? -eq 2 ] && ok || bad "import xlsx without ssconvert: exit status"
[ "$(cat stderr)" = "icstat: book.xlsx: reading .xlsx needs ssconvert, which is not installed: install it (Debian: apt-get install gnumeric, or make import-deps) or save the data sheet as CSV and import that" ] \
    && ok || bad "import xlsx without ssconvert: $(cat stderr)"
[ -e imp.csv ] && bad "import xlsx: left an output file" || ok
run 2 "icstat: none.xlsx: cannot open file: No such file or directory" import ofsted none.xlsx

# Usage errors: exit 1.
run 1 "icstat import: no source given: use 'icstat import ofsted FILE'" import
run 1 "icstat import: unknown source 'gias' (the one source is 'ofsted')" import gias x.csv
run 1 "icstat import: no input FILE given" import ofsted
run 1 "icstat import: one input FILE, please (got 2)" import ofsted a.csv b.csv
run 1 "icstat import: --format text: import writes a table for other commands, as csv, tsv or json" \
    import ofsted --format text x.csv
run 1 "icstat import: --map takes COL=HEADER (got 'region')" import ofsted --map region x.csv
run 1 "icstat import: --map region= needs a header name" import ofsted --map "region= " x.csv
run 1 - import ofsted --map "grade=Overall effectiveness" x.csv
grep -q "^icstat import: --map: 'grade' is not a canonical column (they are urn, inspection_number, " stderr \
    && ok || bad "import --map unknown column: $(head -n 1 stderr)"
run 1 "icstat import: --sheet must be a sheet number, 1 for the first (got '0')" \
    import ofsted --sheet 0 x.xlsx
run 1 "icstat import: unknown option '--bogus'" import ofsted --bogus x.csv
run 0 "" import --help
for opt in --map --sheet --format -o ssconvert Examples; do
    grep -q -- "$opt" stdout && ok || bad "import --help does not mention $opt"
done
run 0 "" help import
grep -q "Usage: icstat import ofsted" stdout && ok || bad "icstat help import"
run 0 "" --help
grep -q "^  import " stdout && ok || bad "--help does not list import"

# Found by fuzzing (make fuzz; the inputs are in tests/fuzz/regressions/).
# Ratings far from 1 in magnitude overflowed or underflowed the value-based
# coefficients to NaN with no reason: now a data error naming the rating.
printf 'u,a,b\n1,3,3\n2,3,1e308\n' >huge.csv
printf 'u,a,b\n1,0,0\n2,0,1e-200\n' >tiny.csv
BOUNDS="which computes with the rating values (numeric ratings must be 0 or between 1e-100 and 1e100 in magnitude)"
run 2 "icstat: huge.csv: rating '1e308' is too large for --weights quadratic, $BOUNDS" \
    agree --weights quadratic huge.csv -o huge_out.csv
[ -e huge_out.csv ] && bad "huge.csv: left an output file" || ok
run 2 "icstat: huge.csv: rating '1e308' is too large for --icc, $BOUNDS" agree --icc huge.csv
run 2 "icstat: huge.csv: rating '1e308' is too large for --alpha-metric interval, $BOUNDS" \
    agree --alpha-metric interval huge.csv
run 2 "icstat: tiny.csv: rating '1e-200' is too small for --weights linear, $BOUNDS" \
    agree --weights linear tiny.csv
run 0 "" agree --weights ordinal --alpha-metric ordinal huge.csv

# ---- Grade scales (DESIGN.md "Grades"): never alphabetical ----
# describe on word grades without --categories: the scale's order (it was
# Good, Inadequate, Outstanding, Requires improvement).
cats_of() { awk -F, 'NR > 1 && !seen[$2]++ { printf "%s%s", n++ ? "|" : "", $2 } END { print "" }' "$1"; }
want_cats() { [ "$(cats_of "$1")" = "$2" ] && ok || bad "$3: categories '$(cats_of "$1")', want '$2'"; }
OFSTED_ORDER="Outstanding|Good|Requires improvement|Inadequate"
run 0 - describe --outcome grade --by gender --format csv -o scale_words.csv "$INSP"
want_cats scale_words.csv "$OFSTED_ORDER" "describe on word grades"
# The same counts as with the order given.
"$ICSTAT" describe --outcome grade --by gender --categories "$GRADES" --format csv "$INSP" \
    >scale_given.csv 2>/dev/null
cmp -s scale_words.csv scale_given.csv && ok || bad "describe on word grades differs from --categories \"$GRADES\""
# Any case and spacing is one category, named by the scale's word.
printf 'grade\ngood\nGOOD\nrequires  improvement\n Inadequate\nOutstanding\n' >scale_case.csv
run 0 "" describe --outcome grade --format csv -o scale_case_out.csv scale_case.csv
want_cats scale_case_out.csv "$OFSTED_ORDER" "describe on grades in any case"
[ "$(awk -F, '$2 == "Good" { print $3 }' scale_case_out.csv)" = 2 ] && ok ||
    bad "describe: 'good' and 'GOOD' are not one category"
# Satisfactory (grade 3 before September 2012) is category 3, not a fifth.
printf 'grade\nSatisfactory\nGood\nRequires improvement\n' >scale_sat.csv
run 0 "" describe --outcome grade --format csv -o scale_sat_out.csv scale_sat.csv
want_cats scale_sat_out.csv "Good|Requires improvement" "describe with Satisfactory"
# Report cards: 1 Exceptional .. 5 Urgent improvement.
REPORT_ORDER="Exceptional|Strong standard|Expected standard|Needs attention|Urgent improvement"
printf 'area,phase\nUrgent improvement,P\nneeds attention,S\nExpected standard,P\nStrong standard,S\nexceptional,P\nExpected standard,S\n' >cards.csv
run 0 "" describe --outcome area --by phase --format csv -o cards_out.csv cards.csv
want_cats cards_out.csv "$REPORT_ORDER" "describe on report-card words"
sed -e 's/Urgent improvement/5/;s/needs attention/4/;s/Expected standard/3/g;s/Strong standard/2/;s/exceptional/1/' \
    cards.csv >card_codes.csv
run 0 "" describe --outcome area --by phase --categories report-card --format csv -o card_codes_out.csv card_codes.csv
cmp -s cards_out.csv card_codes_out.csv && ok || bad "describe --categories report-card on codes 1-5 differs from the words"
# Safeguarding: met, then not met.
printf 'safeguarding\nnot met\nMet\nmet\n' >safe.csv
run 0 "" describe --outcome safeguarding --categories met --format csv -o safe_out.csv safe.csv
want_cats safe_out.csv "Met|Not met" "describe --categories met"
run 0 "" describe --outcome safeguarding --categories safeguarding safe.csv
# --categories ofsted on codes (and "2.0"): the words, every category shown.
printf 'grade\n2\n2.0\n4\n' >codes.csv
run 0 "" describe --outcome grade --categories ofsted --format csv -o codes_out.csv codes.csv
want_cats codes_out.csv "$OFSTED_ORDER" "describe --categories ofsted on codes"
[ "$(awk -F, '$2 == "Good" { print $3 }' codes_out.csv)" = 2 ] && ok ||
    bad "describe --categories ofsted: '2' and '2.0' are not both Good"
run 2 "icstat: codes.csv:4: column 'grade' has value '4' that is not in --categories met (Met, Not met or a code 1-2)" \
    describe --outcome grade --categories met codes.csv
run 2 "icstat: category.csv:2: column 'lead' has value 'Good' that is not in --categories met (Met, Not met or a code 1-2)" \
    agree --categories met category.csv
# The list form is unchanged: exact text.
run 2 "icstat: grades.csv:3: column 'grade' has value 'Good ' that is not in --categories" \
    describe --outcome grade --categories "$GRADES" grades.csv
run 0 "" describe --outcome grade --categories ofsted grades.csv

# agree: weights need an order; words of no known scale have none (they
# were silently sorted alphabetically).
printf 'u,a,b\n1,low,low\n2,mid,high\n3,high,high\n4,low,mid\n' >unordered.csv
run 1 "icstat: weighted coefficients (--weights linear) need the categories' order, and text ratings that are not a known scale's words have none: give it with --categories (a list in order, or ofsted, report-card or met)" \
    agree --weights linear unordered.csv -o unordered_out.csv
[ -e unordered_out.csv ] && bad "agree: output left after the weights error" || ok
run 0 "" agree unordered.csv
run 0 "" agree --weights quadratic --categories low,mid,high unordered.csv
# Words of the scale, with or without --categories ofsted, and the codes
# 1-4: one weighted kappa, 14/23 by hand (tests/unit/test_scale.c).
printf 'u,a,b\n1,Good,Good\n2,Outstanding,Good\n3,Requires improvement,Inadequate\n4,Inadequate,Inadequate\n5,good,Requires improvement\n6,Outstanding,Outstanding\n' >pair_words.csv
printf 'u,a,b\n1,2,2\n2,1,2\n3,3,4\n4,4,4\n5,2,3\n6,1,1\n' >pair_codes.csv
kappa_is() {
    k=$(awk -F, '$1 == "cohen_kappa" { print $2 }' stdout)
    awk -v k="$k" 'BEGIN { d = k - 14 / 23; exit !(k != "" && d < 1e-9 && d > -1e-9) }' && ok ||
        bad "$1: cohen_kappa '$k', want 14/23 = 0.6086956522"
}
run 0 "" agree --weights linear --format csv pair_words.csv
kappa_is "agree --weights linear on words"
run 0 "" agree --weights linear --categories ofsted --format csv pair_words.csv
kappa_is "agree --weights linear --categories ofsted on words"
run 0 "" agree --weights linear --format csv pair_codes.csv
kappa_is "agree --weights linear on codes"
run 0 "" agree --weights linear --categories ofsted --format csv pair_codes.csv
kappa_is "agree --weights linear --categories ofsted on codes"
# --categories ofsted on codes: the table's labels are the words.
run 0 "" agree --table --categories ofsted --format csv pair_codes.csv
[ "$(awk -F, 'NR > 1 && !seen[$1]++ { printf "%s|", $1 }' stdout)" = "$OFSTED_ORDER|" ] && ok ||
    bad "agree --table --categories ofsted on codes: rows $(awk -F, 'NR > 1 { print $1 }' stdout | sort -u | tr '\n' '|')"
run 0 "" agree --alpha-metric ordinal pair_words.csv

# fit: an outcome of the scale's words is ordered by it (it was a usage
# error): the same model as the codes 1-4.
FINSP=$FIX/fit_inspections.csv
run 0 - fit --outcome grade --terms phase --format csv -o fit_words.csv "$FINSP"
run 0 - fit --outcome grade_num --terms phase --format csv -o fit_codes.csv "$FINSP"
[ "$(awk -F, '$1 == "threshold" { printf "%s|", $2 }' fit_words.csv)" = "Outstanding|Good|Good|Requires improvement|Requires improvement|Inadequate|" ] && ok ||
    bad "fit on word grades: thresholds $(awk -F, '$1 == "threshold" { printf "%s ", $2 }' fit_words.csv)"
cut -d, -f3- fit_words.csv >fit_words.num
cut -d, -f3- fit_codes.csv >fit_codes.num
cmp -s fit_words.num fit_codes.num && ok || bad "fit on word grades differs from the codes 1-4"
run 0 - fit --outcome grade_num --categories ofsted --terms phase --format csv -o fit_named.csv "$FINSP"
cmp -s fit_named.csv fit_words.csv && ok || bad "fit --categories ofsted on codes differs from the words"
run 1 "icstat fit: --categories does not apply to --binary" \
    fit --binary "grade_num>=3" --categories ofsted --terms phase "$FINSP"

# simulate: 'categories = ofsted' is the scale's words.
printf 'inspectors = 10\ninspections = 60\ncategories = ofsted\nthresholds = -2, 1, 3\n' >scale.spec
run 0 "" simulate --spec scale.spec -o scale_sim.csv
awk -F, 'NR > 1 { print $NF }' scale_sim.csv | sort -u >scale_sim.words
printf 'Good\nInadequate\nOutstanding\nRequires improvement\n' >scale_sim.want
cmp -s scale_sim.words scale_sim.want && ok || bad "simulate categories = ofsted: $(tr '\n' '|' <scale_sim.words)"

# 2000 raters on a scale of 1000 values (34 KB): Conger's kappa and its
# standard error cost raters x categories^2 (15 s); now linear in raters.
awk 'BEGIN { r = 2000; q = 1000; printf "unit"; for (g = 1; g <= r; g++) printf ",r%d", g
    print ""; for (i = 0; i < 3; i++) { printf "u%d", i
    for (g = 1; g <= r; g++) printf ",%d", (g * 7 + i) % q; print "" } }' >wide.csv
if timeout 10 "$ICSTAT" agree --alpha-metric ordinal wide.csv >/dev/null 2>&1; then ok
else bad "agree on 2000 raters x 1000 categories failed or took over 10 s"; fi

# A spec with 100000 characteristics and their effects (5 MB): each name was
# looked up one by one (quadratic, 45 s); now hashed.
awk 'BEGIN { print "inspectors = 2\ninspections = 4\ncategories = a, b\nthresholds = 0"
    for (i = 0; i < 100000; i++) print "school x" i " = normal(0, 1)"
    for (i = 0; i < 100000; i++) print "effect x" i " = 0.1" }' >many.spec
if timeout 10 "$ICSTAT" simulate --spec many.spec -o many.csv >/dev/null 2>&1; then ok
else bad "simulate with 100000 characteristics failed or took over 10 s"; fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
