#!/bin/sh
# agree_kalpha.sh — `icstat agree --alpha-bootstrap N --alpha-min X`
# (issue 18, item 8): Krippendorff's bootstrap of alpha as the KALPHA macro
# draws it.  Usage errors before any input is read; no pairable values a
# data error; the columns alpha_min,p_below_min last and only with
# --alpha-min, NA/null but for Krippendorff's alpha; ci_method
# bootstrap_kalpha for the alpha rows alone; the same seed the same bytes,
# with or without --bootstrap; --counts the same as the raw rows; and the
# interval and q of Hayes & Krippendorff's (2007) Table 1 within Monte
# Carlo error of the independent R implementation
# (tests/fixtures/kalpha_values.csv, tests/r/kalpha_reference.R): 20000
# replicates each, limits within 0.01, q within 0.02.
# Run from the repository root: ICSTAT=bin/icstat sh tests/cli/agree_kalpha.sh
set -u
NAME=agree-kalpha
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"
FX=$ROOT/tests/fixtures
HK=$ROOT/datasets/reference/hayes_krippendorff2007.csv
K11=$ROOT/datasets/reference/krippendorff2011.csv

# Usage errors (exit 1), before the file is read, and no output file.
run 1 "icstat agree: --alpha-bootstrap must be a whole number of replicates from 2 to 10000000 (got '1')" \
    agree --alpha-bootstrap 1 -o out.csv no_such_file.csv
if ls out.csv* >/dev/null 2>&1; then bad "--alpha-bootstrap 1: left an output file"; else ok; fi
run 1 "icstat agree: --alpha-bootstrap must be a whole number of replicates from 2 to 10000000 (got '0')" \
    agree --alpha-bootstrap 0 "$HK"
run 1 "icstat agree: --alpha-bootstrap must be a whole number of replicates from 2 to 10000000 (got '1e3')" \
    agree --alpha-bootstrap 1e3 "$HK"
for x in 1.5 -1 -2 abc nan inf ""; do
    run 1 "icstat agree: --alpha-min must be a number above -1 and at most 1, e.g. 0.667 or 0.8 (got '$x')" \
        agree --alpha-min "$x" no_such_file.csv
done
run 1 - agree --alpha-min
run 1 "icstat agree: unknown option '--alpha-boot'" agree --alpha-boot 100 "$HK"
run 1 - agree --alpha-min 0.8 --alpha-min 0.7 "$HK"

# Nothing to pair: a data error naming the file (exit 2), no output.
printf 'unit,a,b\n1,1,\n2,,2\n3,1,\n' >single.csv
run 2 "icstat: single.csv: Krippendorff's bootstrap needs pairable values, and no unit has two or more ratings" \
    agree --alpha-bootstrap 100 -o out.csv single.csv
if ls out.csv* >/dev/null 2>&1; then bad "no pairable values: left an output file"; else ok; fi

# The columns: last, only with --alpha-min; NA but for the alpha rows.
"$ICSTAT" agree --alpha-metric ordinal --alpha-bootstrap 20000 --alpha-min 0.8 --format csv \
    "$HK" >hk.csv 2>err.txt || bad "H&K: exit $?"
head -n 1 hk.csv | grep -q ',weights,ci_method,.*,alpha_min,p_below_min$' && ok ||
    bad "csv header $(head -n 1 hk.csv)"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) H[$i] = i; next }
    { kr = $1 ~ /^krippendorff_alpha/; m = $H["ci_method"]; a = $H["alpha_min"]; q = $H["p_below_min"]
        if (kr && (m != "bootstrap_kalpha" || a != 0.8 || q == "NA")) bad++
        if (!kr && (m != "t" || a != "NA" || q != "NA")) bad++; n++ }
    END { exit bad || n != 7 }' hk.csv && ok || bad "rows: $(cat hk.csv)"
grep -q "Krippendorff's bootstrap as in the KALPHA macro (Hayes & Krippendorff 2007), 20000 replicates of 318 pairs drawn from the coincidences of 159 pairable values" err.txt &&
    ok || bad "no note on the bootstrap: $(cat err.txt)"
grep -q "p_below_min: q, the share of those replicates below alpha_min 0.8" err.txt && ok ||
    bad "no note on q"
# Against R (ordinal row; nominal is krippendorff_alpha under identity).
awk -F, 'FNR == 1 && FNR == NR { next }
    FNR == 1 { for (i = 1; i <= NF; i++) H[$i] = i; next }
    FNR == NR { if ($1 == "hayes_krippendorff2007") { lo[$2] = $12; hi[$2] = $13; q[$2] = $15 } next }
    { m = $1 == "krippendorff_alpha" ? "nominal" : $1 == "krippendorff_alpha_metric" ? "ordinal" : ""
      if (m == "") next
      d1 = $4 - lo[m]; d2 = $5 - hi[m]; d3 = $H["p_below_min"] - q[m]
      if (d1 < 0) d1 = -d1; if (d2 < 0) d2 = -d2; if (d3 < 0) d3 = -d3
      if (d1 > 0.01 || d2 > 0.01 || d3 > 0.02) bad++; n++ }
    END { exit bad || n != 2 }' "$FX/kalpha_values.csv" hk.csv && ok ||
    bad "H&K: not R's interval or q: $(grep krippendorff hk.csv)"
# Hayes & Krippendorff print ordinal alpha .7598.
grep -q '^krippendorff_alpha_metric,0\.7598' hk.csv && ok || bad "H&K: ordinal alpha"

# Without --alpha-min no columns; without --alpha-bootstrap the t rows.
"$ICSTAT" agree --alpha-bootstrap 500 --format csv "$HK" 2>/dev/null >a.csv
head -n 1 a.csv | grep -q 'alpha_min' && bad "alpha_min column without --alpha-min" || ok
grep -q '^krippendorff_alpha,.*,bootstrap_kalpha\(,\|$\)' a.csv && ok || bad "no bootstrap_kalpha row"
"$ICSTAT" agree --format csv "$HK" 2>/dev/null | grep -q bootstrap_kalpha &&
    bad "bootstrap_kalpha without --alpha-bootstrap" || ok
# --alpha-min alone: 20000 replicates.
"$ICSTAT" agree --alpha-min 0.667 "$HK" 2>&1 | grep -q '20000 replicates of 318 pairs' &&
    ok || bad "--alpha-min alone: not 20000 replicates"

# The same seed, the same bytes; another seed, other draws; --bootstrap
# (its own generator) changes nothing in the alpha rows.
"$ICSTAT" agree --alpha-bootstrap 2000 --alpha-min 0.5 --seed 9 --format csv "$HK" >s1.csv 2>/dev/null
"$ICSTAT" agree --alpha-bootstrap 2000 --alpha-min 0.5 --seed 9 --format csv "$HK" >s2.csv 2>/dev/null
cmp -s s1.csv s2.csv && ok || bad "same seed, different output"
"$ICSTAT" agree --alpha-bootstrap 2000 --alpha-min 0.5 --seed 10 --format csv "$HK" >s3.csv 2>/dev/null
cmp -s s1.csv s3.csv && bad "another seed, the same draws" || ok
"$ICSTAT" agree --alpha-bootstrap 2000 --alpha-min 0.5 --seed 9 --bootstrap 200 --format csv \
    "$HK" >s4.csv 2>/dev/null
[ "$(grep '^krippendorff' s1.csv)" = "$(grep '^krippendorff' s4.csv)" ] && ok ||
    bad "--bootstrap changed the alpha rows"
grep -q '^fleiss_kappa,.*,bootstrap_percentile,.*,NA,NA$' s4.csv && ok ||
    bad "--bootstrap: fleiss_kappa not resampled"

# --counts summarises the same coincidences: the same alpha rows.
"$ICSTAT" agree --alpha-bootstrap 3000 --alpha-min 0.8 --format csv "$K11" 2>/dev/null |
    grep '^krippendorff' >raw.txt
"$ICSTAT" agree --counts --alpha-bootstrap 3000 --alpha-min 0.8 --format csv \
    "$FX/agree_counts_kripp2011.csv" 2>/dev/null | grep '^krippendorff' >counts.txt
[ -s raw.txt ] && cmp -s raw.txt counts.txt && ok || bad "--counts: other alpha rows"

# Every format: text and md carry the columns, json nulls elsewhere.
"$ICSTAT" agree --alpha-bootstrap 500 --alpha-min 0.8 "$HK" 2>/dev/null >out.txt
grep -q 'alpha_min  *p_below_min' out.txt && grep -q '^krippendorff_alpha .*bootstrap_kalpha .* 0\.8000' out.txt &&
    ok || bad "text: $(cat out.txt)"
grep -q "(Krippendorff's bootstrap for alpha)" out.txt && ok || bad "text: title"
"$ICSTAT" agree --alpha-bootstrap 500 --alpha-min 0.8 --format md "$HK" 2>/dev/null |
    grep -q '| krippendorff_alpha .*| bootstrap_kalpha *|.*| 0\.8000' && ok || bad "md: no alpha_min"
"$ICSTAT" agree --alpha-bootstrap 500 --alpha-min 0.8 --format json "$HK" >out.json 2>/dev/null
grep -q '"p_below_min": *null' out.json && grep -q '"alpha_min": *0\.8' out.json && ok ||
    bad "json: $(cat out.json)"
"$ICSTAT" agree --alpha-bootstrap 500 --alpha-min 0.8 --format tsv "$HK" 2>/dev/null |
    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) H[$i] = i }
        $1 == "krippendorff_alpha" && $H["alpha_min"] == "0.8" { f = 1 } END { exit !f }' && ok ||
    bad "tsv: no alpha_min"

# The agreement chart reads the csv with the new columns: the alpha rows'
# intervals are of another kind than the t rows', and it says so.
"$ICSTAT" chart agreement hk.csv -o chart.svg 2>err.txt && [ -s chart.svg ] && ok ||
    bad "chart agreement: $(cat err.txt)"
grep -q 'intervals (of several kinds: see ci_method)' chart.svg && ok ||
    bad "chart agreement: not saying the intervals differ"

echo "agree_kalpha: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
