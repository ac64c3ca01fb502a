#!/bin/sh
# Benchmark of `icstat agree` (make bench): 100,000 units x 5 raters x 4
# categories with 10% of ratings missing; every coefficient, then 1,000
# bootstrap replicates.  Where R is installed, psych::ICC on the same data
# is timed too and the ratio printed.  Targets: all coefficients < 0.5 s,
# 1,000 replicates < 10 s on a 2-core machine.
set -eu
ICSTAT=${ICSTAT:-bin/icstat}
DIR=${BENCH_DIR:-build/bench}
mkdir -p "$DIR"
DATA=$DIR/agree_100k.csv

if [ ! -s "$DATA" ]; then
    # Deterministic data: a true grade per school, each inspector off by
    # one grade 30% of the time, 10% of ratings missing.
    awk 'BEGIN {
        srand(20261125)
        print "unit,r1,r2,r3,r4,r5"
        for (i = 1; i <= 100000; i++) {
            g = 1 + int(rand() * 4)
            line = i
            for (j = 1; j <= 5; j++) {
                v = g
                u = rand()
                if (u < 0.15 && v > 1) v--
                else if (u < 0.30 && v < 4) v++
                line = line "," (rand() < 0.10 ? "" : v)
            }
            print line
        }
    }' >"$DATA"
fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

t0=$(now)
"$ICSTAT" agree --alpha-metric ordinal --weights quadratic --icc --format csv -o "$DIR/all.csv" "$DATA" 2>/dev/null
t1=$(now)
all=$(elapsed "$t0" "$t1")
echo "bench: all coefficients (quadratic weights, ordinal alpha, ICC), 100000 units x 5 raters: ${all} s (target < 0.5 s)"

t0=$(now)
"$ICSTAT" agree --bootstrap 1000 --seed 1 --alpha-metric ordinal --icc --format csv -o "$DIR/boot.csv" "$DATA" 2>/dev/null
t1=$(now)
boot=$(elapsed "$t0" "$t1")
echo "bench: all coefficients + 1000 bootstrap replicates: ${boot} s (target < 10 s)"

# psych::ICC builds dense model matrices (n^2 memory), so the comparison
# uses the first 2,000 units (about 10 s in R), the same file for both.
SMALL=$DIR/agree_2k.csv
head -n 2001 "$DATA" >"$SMALL"
t0=$(now)
"$ICSTAT" agree --icc --format csv -o "$DIR/icc.csv" "$SMALL" 2>/dev/null
t1=$(now)
ours=$(elapsed "$t0" "$t1")

if command -v Rscript >/dev/null 2>&1 && Rscript -e 'quit(status = !requireNamespace("psych", quietly = TRUE))' 2>/dev/null; then
    r=$(Rscript -e "x <- read.csv('$SMALL')[, -1]; x <- x[complete.cases(x), ];
        t <- system.time(suppressMessages(psych::ICC(x, lmer = FALSE)))[['elapsed']]; cat(t)")
    echo "bench: ICC on 2000 units: icstat ${ours} s (whole command, reading included), R psych::ICC ${r} s (computation only); ratio R/icstat $(awk -v a="$r" -v b="$ours" 'BEGIN { printf "%.0f", a / b }')"
else
    echo "bench: ICC on 2000 units: icstat ${ours} s (R with psych not installed: no ratio)"
fi
