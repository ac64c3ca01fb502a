#!/bin/sh
# One rule for every output format (issue 17 item 7; include/icstat/result.h):
# a value is NA in every format or in none; a p-value below 0.0001 is
# "<0.0001" in text and md, the number in csv, tsv and json; a value zero
# but for rounding (include/icstat/zero.h) is 0 everywhere.
# Run from the repository root: ICSTAT=bin/icstat sh tests/cli/formats.sh
set -u
NAME=cli-formats
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"

# 800 inspections by 40 inspectors of sd 1 (a clear random effect), with
# an inspector characteristic g; the same seed gives the same bytes.
printf 'inspectors = 40\ninspections = 800\ncategories = a, b, c\nthresholds = -1, 1\ninspector_sd = 1\nseed = 3\ninspector g = f:0.5, m:0.5\neffect g[m] = 0.3\n' >strong.spec
"$ICSTAT" simulate --spec strong.spec -o strong.csv || bad "simulate strong.spec"
FIT="fit --outcome grade --terms g --group inspector strong.csv"
# shellcheck disable=SC2086
for f in text csv json md; do "$ICSTAT" $FIT --format $f >fit.$f 2>/dev/null || bad "fit --format $f"; done

# 1. Thresholds: z and p_value NA in text, csv, md and json alike (a test
#    of theta = 0 means nothing), estimate, se and interval in all.
# (then conf, and NA for the odds ratio columns: a threshold is no log odds ratio)
[ "$(grep -c '^threshold,[^,]*,[^,]*,[^,]*,NA,NA,[^,]*,[^,]*,0.95,NA,NA,NA$' fit.csv)" = 2 ] && ok ||
    bad "csv threshold rows: $(grep '^threshold' fit.csv | tr '\n' ' ')"
[ "$(grep -c '"kind": "threshold".*"z": null, "p_value": null, "ci_low": [-0-9]' fit.json)" = 2 ] &&
    ok || bad "json threshold rows: $(grep threshold fit.json | tr '\n' ' ')"
[ "$(grep -c '^| threshold .* | NA | NA | ' fit.md)" = 2 ] && ok || bad "md threshold rows"
# Every cell of the parameter rows: NA in csv exactly where NA in text
# (text: term, then estimate se z p_value ci_low ci_high and the odds
# ratios, so the six are the last nine fields but three).
awk -F, '$1 == "coef" || $1 == "threshold" || $1 == "random" {
    s = ""; for (i = 3; i <= 8; i++) s = s ($i == "NA" ? "N" : "v"); print s }' fit.csv >na.csv
awk 'p && NF == 0 { exit } p > 1 { s = ""; for (i = NF - 8; i <= NF - 3; i++)
    s = s ($i == "NA" ? "N" : "v"); print s } /^------/ { p = 2 } /^term / { p = 1 }' fit.text >na.text
[ -s na.csv ] && cmp -s na.csv na.text && ok ||
    bad "NA cells differ between csv and text: $(tr '\n' ' ' <na.csv) / $(tr '\n' ' ' <na.text)"

# 2. A p-value below 0.0001 in the estimate column (lr_p_value) is
#    "<0.0001" in text and md, as in a p_value column; csv keeps it.
grep -q '^lr_p_value  *<0\.0001  *NA  *NA$' fit.text && ok ||
    bad "text lr_p_value: $(grep lr_p_value fit.text)"
grep -q '^| lr_p_value | <0\.0001 | NA | NA |$' fit.md && ok ||
    bad "md lr_p_value: $(grep lr_p_value fit.md)"
awk -F, '$2 == "lr_p_value" { exit !($3 > 0 && $3 < 1e-4) }' fit.csv && ok ||
    bad "csv lr_p_value: $(grep lr_p_value fit.csv)"
grep -q '"term": "lr_p_value", "estimate": [0-9.]*e-[0-9]*,' fit.json && ok ||
    bad "json lr_p_value: $(grep lr_p_value fit.json)"
# A p-value above the floor shows its 4 decimals (the coefficient's).
grep -q '^g=m .* 0\.[0-9][0-9][0-9][0-9]  ' fit.text && ok || bad "text p of g=m: $(grep '^g=m' fit.text)"

# 3. implied_kappa without terms is 0: the model says nothing of the
#    school, so two inspections agree as chance would.  0 in csv, json
#    and text (it was -6.3e-16 in csv and 0.0000 in text), with se 0.
printf 'inspectors = 30\ninspections = 600\ncategories = a, b, c\nthresholds = -1, 1\ninspector_sd = 0\nseed = 1\n' >zero.spec
"$ICSTAT" simulate --spec zero.spec -o zero.csv || bad "simulate zero.spec"
for seed in 1 2 4; do
    "$ICSTAT" simulate --spec zero.spec --seed $seed -o zero$seed.csv
    "$ICSTAT" fit --outcome grade --group inspector --format csv zero$seed.csv >z.csv 2>/dev/null
    [ "$(grep '^derived,implied_kappa,' z.csv)" = "derived,implied_kappa,0,0,NA,NA,NA,NA,NA,NA,NA,NA" ] && ok ||
        bad "seed $seed: csv $(grep implied_kappa z.csv)"
    "$ICSTAT" fit --outcome grade --group inspector --format json zero$seed.csv >z.json 2>/dev/null
    grep -q '"term": "implied_kappa", "estimate": 0, "se": 0,' z.json && ok ||
        bad "seed $seed: json $(grep implied_kappa z.json)"
    "$ICSTAT" fit --outcome grade --group inspector zero$seed.csv >z.text 2>/dev/null
    grep -q '^implied_kappa  *0\.0000  *NA  *NA$' z.text && ok ||
        bad "seed $seed: text $(grep implied_kappa z.text)"
done
# The same with an inspector characteristic and no term of the school's
# (all schools alike): 0 with se 0 at any size (it was -4.6e-15 with se
# 4.3e-13; in make evidence's 35,751 rows the se was 4.3e-11 of rounding).
"$ICSTAT" fit --outcome grade --terms g --inspector-terms g --group inspector --format csv \
    strong.csv >zi.csv 2>/dev/null
[ "$(grep '^derived,implied_kappa,' zi.csv)" = "derived,implied_kappa,0,0,NA,NA,NA,NA,NA,NA,NA,NA" ] && ok ||
    bad "inspector terms only: csv $(grep implied_kappa zi.csv)"
# With an inspector characteristic as a school's term (g describes the
# inspection) the implied kappa is a real, small, positive value, and
# inspector_kappa is not snapped away from a real value.
awk -F, '$2 == "implied_kappa" { exit !($3 > 1e-6 && $3 < 0.1) }' fit.csv && ok ||
    bad "implied_kappa with a school term: $(grep implied_kappa fit.csv)"
awk -F, '$2 == "inspector_kappa" { exit !($3 > 0.01) }' fit.csv && ok ||
    bad "inspector_kappa: $(grep inspector_kappa fit.csv)"

# The same class of defect in agree: a coefficient whose agreement is
# chance exactly (quadratic weights, Scott's pi and Fleiss' kappa here)
# was 5.2e-16 in csv with an se of 2e-16 and p = 0.06; it is 0 with se 0
# and no test, in every format.
printf 'u,r0,r1\n0,3,2\n1,2,1\n2,2,2\n3,3,2\n4,2,1\n5,2,1\n6,3,2\n' >chance.csv
"$ICSTAT" agree --weights quadratic --format csv chance.csv >a.csv 2>/dev/null
[ "$(grep -c '^\(scott_pi\|fleiss_kappa\),0,0,0,0,NA,' a.csv)" = 2 ] && ok ||
    bad "agree csv: $(grep -E '^(scott_pi|fleiss_kappa)' a.csv | tr '\n' ' ')"
"$ICSTAT" agree --weights quadratic chance.csv >a.text 2>/dev/null
[ "$(grep -c '^\(scott_pi\|fleiss_kappa\)  *0\.0000  *0\.0000  *0\.0000  *0\.0000  *NA ' a.text)" = 2 ] &&
    ok || bad "agree text: $(grep -E '^(scott_pi|fleiss_kappa)' a.text | tr '\n' ' ')"
# Cohen's kappa on the same table is untouched: 0.3 exactly.
grep -q '^cohen_kappa,0\.3,0\.03240370349,' a.csv && ok || bad "agree cohen: $(grep cohen a.csv)"

# And in power agree: an agreement equal to chance (shares 0.7, 0.2, 0.1:
# chance 0.54) has a population kappa of 0, not 2.4e-16; one that equals
# it but for rounding (shares 0.9, 0.1: chance 0.82) is taken, not refused
# as "outside ... (0.8200 to 1)".
"$ICSTAT" power agree --probs 0.7,0.2,0.1 --agreement 0.54 --n 24 --reps 50 --threads 1 \
    --format csv >pa.csv 2>pa.err || bad "power agree at chance: $(head -n 1 pa.err)"
grep -q '^24,cohen_kappa,0,' pa.csv && ok || bad "power agree: $(grep cohen pa.csv)"
run 0 - power agree --probs 0.9,0.1 --agreement 0.82 --n 24 --reps 50 --threads 1 --format csv
grep -q '^24,cohen_kappa,0,' stdout && ok || bad "power agree 0.82: $(grep cohen stdout)"

echo "$NAME: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
