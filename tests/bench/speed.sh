#!/bin/sh
# Speed of the mixed model at scale (make bench-speed; issue 16 section 4):
# `icstat fit ... --group inspector --quad 1` (Laplace) on the benchmark
# model of run.sh at the size of Bokhove, Jerrim & Sims (35,751
# inspections by 1,376 inspectors) and at 1,000,000 inspections by 20,000
# inspectors (tests/bench/gen_fit_data.c draws both).  For each: the wall
# time of the whole command (reading included; the median of RUNS runs,
# default 3), its cpu time (user + system, the least of the runs: the
# figure a busy machine disturbs least), the optimiser's iterations and
# the log-likelihood.  The iteration count should not grow with n, and the
# 1,000,000-row fit should take under 10 s.
#
# Where R has the ordinal package, R's clmm (Laplace, nAGQ = 1) is timed
# on the first 3,000 rows of the 35,751 (the fit alone, after read.csv;
# bounded by R_TIMEOUT seconds, default 600) and icstat on the same file,
# for the ratio; the two log-likelihoods are printed side by side.
#
# Usage: speed.sh [ROWS,...]   (default 35751,1000000; inspectors 1,376 for
# 35,751 rows, otherwise one per 50 rows)
set -eu
ICSTAT=${ICSTAT:-bin/icstat}
DIR=${BENCH_DIR:-build/bench}
SIZES=${1:-35751,1000000}
RUNS=${RUNS:-3}
R_TIMEOUT=${R_TIMEOUT:-600}
mkdir -p "$DIR"
. "$(dirname "$0")/generator.sh"

# data ROWS: the benchmark file of that size (made once) into $data.
data() {
    rows=$1
    if [ "$rows" = 35751 ]; then
        insp=1376
        data=$DIR/fit_bokhove.csv
    else
        insp=$((rows / 50))
        data=$DIR/scale_${rows}_$insp.csv
    fi
    if [ ! -s "$data" ] || [ "$GEN" -nt "$data" ]; then
        "$GEN" 20261125 "$rows" "$insp" >"$data.tmp" 2>/dev/null
        mv "$data.tmp" "$data"
    fi
}

# cpu_of FILE: user + system seconds of the command a shell's `times`
# wrote to FILE (its second line: the children's times, as "XmY.YYYs").
cpu_of() {
    awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); sub(/s$/, "", p[2]); s += p[1] * 60 + p[2] }
                   printf "%.2f", s }' "$1"
}

# fit_runs NAME FILE: RUNS timed runs of the Laplace fit of FILE; sets
# $wall (median), $cpu (least), $iters, $ll and $conv from the last run.
fit_runs() {
    name=$1
    file=$2
    out=$DIR/speed_$name.csv
    : >"$DIR/speed_$name.walls"
    : >"$DIR/speed_$name.cpus"
    run=0
    while [ "$run" -lt "$RUNS" ]; do
        t0=$(date +%s.%N)
        if ! sh -c '"$@" >/dev/null 2>&1; status=$?; times >"$0"; exit $status' "$DIR/speed_$name.times" \
            "$ICSTAT" fit --outcome grade --terms "$TERMS" --factor idaci --group inspector --quad 1 \
            --format csv -o "$out" "$file"; then
            echo "bench-speed: FAILED: $ICSTAT fit ... --group inspector --quad 1 $file" >&2
            exit 1
        fi
        t1=$(date +%s.%N)
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >>"$DIR/speed_$name.walls"
        cpu_of "$DIR/speed_$name.times" >>"$DIR/speed_$name.cpus"
        echo >>"$DIR/speed_$name.cpus"
        run=$((run + 1))
    done
    wall=$(sort -n "$DIR/speed_$name.walls" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    cpu=$(sort -n "$DIR/speed_$name.cpus" | awk 'NF { print; exit }')
    iters=$(awk -F, '$1 == "fit" && $2 == "iterations" { print $3 }' "$out")
    ll=$(awk -F, '$1 == "fit" && $2 == "loglik" { print $3 }' "$out")
    conv=$(awk -F, '$1 == "fit" && $2 == "converged" { print $3 }' "$out")
}

for rows in $(echo "$SIZES" | tr ',' ' '); do
    data "$rows"
    fit_runs "$rows" "$data"
    awk -v r="$rows" -v g="$insp" -v w="$wall" -v c="$cpu" -v i="$iters" -v l="$ll" -v k="$conv" -v n="$RUNS" 'BEGIN {
        printf "bench-speed: %d inspections x %d inspectors, Laplace: %.2f s wall (median of %d), %.2f s cpu, %s iterations, converged %s, loglik %s%s\n",
            r, g, w, n, c, i, k, l, (r == 1000000 ? (w < 10 ? " (target < 10 s: met)" : " (target < 10 s: NOT met)") : "") }'
done

# R clmm on a 3,000-row subset, against icstat on the same file.
data 35751
SUB=$DIR/speed_subset_3000.csv
head -n 3001 "$data" >"$SUB"
RUNS=1 fit_runs 3000 "$SUB"
if command -v Rscript >/dev/null 2>&1 && Rscript -e 'quit(status = !requireNamespace("ordinal", quietly = TRUE))' 2>/dev/null; then
    R_FIT=$DIR/speed_clmm.R
    # As run.sh: pupils in thousands (the log-likelihood is unchanged) and
    # ucminf, with which clmm converges on these data.
    cat >"$R_FIT" <<'EOF'
args <- commandArgs(TRUE)
suppressPackageStartupMessages(library(ordinal))
d <- read.csv(args[1], stringsAsFactors = FALSE)
d$grade <- factor(d$grade, levels = sort(unique(d$grade)), ordered = TRUE)
for (v in c("hmi", "phase", "region", "idaci", "inspector")) d[[v]] <- factor(d[[v]])
d$pupils <- d$pupils / 1000
f <- grade ~ female + hmi + experience + phase + region + idaci + pupils + fsm + (1 | inspector)
t <- system.time(m <- clmm(f, data = d, nAGQ = 1, control = clmm.control(method = "ucminf")))[["elapsed"]]
cat(sprintf("%.3f %.6f\n", t, as.numeric(logLik(m))))
EOF
    if r=$(timeout "$R_TIMEOUT" Rscript "$R_FIT" "$SUB" 2>"$DIR/speed_clmm.err") && [ -n "$r" ]; then
        echo "$r $wall $ll" | awk '{
            printf "bench-speed: 3000 inspections (first rows of the 35751), Laplace: R ordinal::clmm %.2f s (fit only), loglik %.4f; icstat %.3f s (whole command), loglik %.4f; ratio R/icstat %.0f\n",
                $1, $2, $3, $4, ($3 > 0 ? $1 / $3 : 0) }'
    else
        echo "bench-speed: 3000 inspections: R ordinal::clmm failed or took over $R_TIMEOUT s (see $DIR/speed_clmm.err); icstat ${wall} s, loglik $ll"
    fi
else
    echo "bench-speed: 3000 inspections: icstat ${wall} s, loglik $ll (R with ordinal not installed: no ratio)"
fi
