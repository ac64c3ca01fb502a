#!/bin/sh
# agree_benchmark.sh — `icstat agree --benchmark SCALE` (issue 18, item 7):
# the band each chance-corrected coefficient reaches with 95% certainty
# and its membership probabilities, in every format, against irrCAC's
# *.bf functions (tests/fixtures/agree_benchmark_values.csv, made by
# tests/r/agree_benchmark_reference.R from the csv's own 10-digit
# estimates and se of fleiss1971_diagnoses.csv) within 1e-8; a scale
# icstat does not know is a usage error.
# Run from the repository root: ICSTAT=bin/icstat sh tests/cli/agree_benchmark.sh
set -u
NAME=agree-benchmark
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"
FX=$ROOT/tests/fixtures
DATA=$ROOT/datasets/reference/fleiss1971_diagnoses.csv

# An unknown scale, a missing one, an abbreviation: usage errors (exit 1),
# before the file is read, and no output file.
run 1 "icstat agree: unknown --benchmark 'kappa' (use landis-koch, altman, fleiss)" \
    agree --benchmark kappa -o out.csv no_such_file.csv
if ls out.csv* >/dev/null 2>&1; then bad "unknown scale: left an output file"; else ok; fi
run 1 "icstat agree: unknown --benchmark 'Landis-Koch' (use landis-koch, altman, fleiss)" \
    agree --benchmark Landis-Koch "$DATA"
run 1 - agree --benchmark
run 1 "icstat agree: unknown option '--bench'" agree --bench fleiss "$DATA"

# Each scale: every chance-corrected row's band and probabilities are
# irrCAC's for its estimate and se; percent agreement has none.
for scale in landis-koch altman fleiss; do
    "$ICSTAT" agree --benchmark "$scale" --format csv "$DATA" >out.csv 2>err.txt ||
        bad "--benchmark $scale: exit $?"
    grep -q "benchmark: the bands of" err.txt && ok || bad "--benchmark $scale: no note"
    awk -F, -v scale="$scale" -v tol=1e-8 '
        FNR == 1 && FNR == NR { next }
        FNR == NR { if ($1 == scale) { k = $2 "," $3; cum[k, $4] = $6; lab[k, $4] = $5;
                        if ($7 == 1) { reached[k] = $5; rcum[k] = $6 } nb[k] = $4 } next }
        FNR == 1 { for (i = 1; i <= NF; i++) if ($i == "benchmark") B = i; next }
        $1 == "percent_agreement" { if ($B != "NA" || $(B + 1) != "NA" || $(B + 2) != "NA") bad++; next }
        { key = $2 "," $3
          if (!(key in reached)) { missing++; next }
          if ($B != reached[key]) bad++
          d = $(B + 1) - rcum[key]; if (d < 0) d = -d; if (d > tol) bad++
          prev = 0
          for (b = 1; b <= nb[key]; b++) { p = cum[key, b] - prev; prev = cum[key, b]
              d = $(B + 1 + b) - p; if (d < 0) d = -d; if (d > tol) bad++ }
          n++ }
        END { if (bad || missing || n != 5) { print "bad " bad " missing " missing " rows " n; exit 1 } }
    ' "$FX/agree_benchmark_values.csv" out.csv && ok || bad "--benchmark $scale: not irrCAC's values"
done
head -n 1 out.csv | grep -q ',benchmark,benchmark_probability,p_excellent,p_intermediate_to_good,p_poor$' &&
    ok || bad "--benchmark fleiss: csv header $(head -n 1 out.csv)"

# Every format carries the band (the same cells: NA/null for percent
# agreement and the ICC forms).
"$ICSTAT" agree --benchmark landis-koch --icc "$FX/agree_ord4.csv" >out.txt 2>/dev/null
grep -q '^fleiss_kappa .* Fair ' out.txt && ok || bad "text: no band for fleiss_kappa"
grep -q '^icc_1_1 .* NA  *NA  *NA' out.txt && ok || bad "text: an ICC row benchmarked"
grep -q 'benchmark: the bands of Landis and Koch (1977)' out.txt && ok || bad "text: no note"
"$ICSTAT" agree --benchmark landis-koch --format md "$DATA" | grep -q '| fleiss_kappa .*| Fair ' &&
    ok || bad "md: no band"
"$ICSTAT" agree --benchmark landis-koch --format tsv "$DATA" 2>/dev/null |
    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "benchmark") B = i }
        $1 == "fleiss_kappa" && $B == "Fair" { f = 1 } END { exit !f }' && ok || bad "tsv: no band"
"$ICSTAT" agree --benchmark landis-koch --format json "$DATA" >out.json
grep -q '"benchmark": *"Fair"' out.json && grep -q '"benchmark": *null' out.json &&
    grep -q '"p_almost_perfect"' out.json && ok || bad "json: no band or null"
# Without --benchmark, no benchmark columns.
"$ICSTAT" agree --format csv "$DATA" 2>/dev/null | head -n 1 | grep -q benchmark &&
    bad "benchmark columns without --benchmark" || ok

echo "agree_benchmark: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
