#!/bin/sh
# Scale benchmark (make bench-scale): `icstat fit` reading and fitting
# 1,000,000 inspections by 20,000 inspectors (tests/bench/gen_fit_data.c,
# the benchmark model of run.sh at 28 times the size), timed with
# /usr/bin/time -v for the wall time and the peak memory (maximum resident
# set size).  The same model at a quarter and a half of the size shows
# whether any step grows faster than the data: with linear steps, the time
# and memory per row stay about the same as the size doubles.
#
# Usage: scale.sh [ROWS,...]   (default 250000,500000,1000000; inspectors
# are one per 50 rows, as 20,000 for 1,000,000, or INSPECTORS=N for every
# size: INSPECTORS=20000 make bench-scale SIZES=4000000,10000000 is issue
# 13's test of convergence at scale).
set -eu
ICSTAT=${ICSTAT:-bin/icstat}
DIR=${BENCH_DIR:-build/bench}
SIZES=${1:-250000,500000,1000000}
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
    echo "bench-scale: needs GNU time (/usr/bin/time; Debian package 'time') for the peak memory" >&2
    exit 2
fi
mkdir -p "$DIR"
. "$(dirname "$0")/generator.sh"

# measure NAME ARGS...: runs icstat ARGS under GNU time; prints wall and
# user seconds and the peak resident set in MB into $wall $user $mb.
measure() {
    name=$1
    shift
    if ! "$TIME" -v -o "$DIR/scale_$name.time" "$ICSTAT" "$@" 2>"$DIR/scale_$name.err"; then
        echo "bench-scale: FAILED: $ICSTAT $*" >&2
        cat "$DIR/scale_$name.err" >&2
        exit 1
    fi
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
            for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$DIR/scale_$name.time")
    user=$(awk -F': ' '/User time/ { printf "%.2f", $2 }' "$DIR/scale_$name.time")
    mb=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$DIR/scale_$name.time")
}

echo "bench-scale: rows, inspectors, step: wall s, cpu s, peak MB; per 1,000 rows: cpu ms, KB"
for rows in $(echo "$SIZES" | tr ',' ' '); do
    insp=${INSPECTORS:-$((rows / 50))}
    data=$DIR/scale_${rows}_$insp.csv
    if [ ! -s "$data" ] || [ "$GEN" -nt "$data" ]; then
        "$GEN" 20261125 "$rows" "$insp" >"$data.tmp" 2>/dev/null
        mv "$data.tmp" "$data"
    fi
    mbfile=$(du -m "$data" | cut -f1)
    for step in read fixed laplace; do
        case $step in
        read) set -- describe --outcome grade --by hmi ;;
        fixed) set -- fit --outcome grade --terms "$TERMS" --factor idaci ;;
        laplace) set -- fit --outcome grade --terms "$TERMS" --factor idaci --group inspector --quad 1 ;;
        esac
        measure "${step}_$rows" "$@" --format csv -o "$DIR/scale_${step}_$rows.csv" "$data"
        awk -v r="$rows" -v g="$insp" -v s="$step" -v w="$wall" -v u="$user" -v m="$mb" -v f="$mbfile" 'BEGIN {
            printf "bench-scale: %d rows (%d MB csv), %d inspectors, %-7s: %6.2f s wall, %6.2f s cpu, %5d MB peak; %.2f ms, %.0f KB per 1,000 rows\n",
                r, f, g, s, w, u, m, 1000 * u / (r / 1000), 1024 * m / (r / 1000) }'
    done
    if [ "$step" = laplace ]; then
        awk -F, '$1 == "fit" && ($2 == "loglik" || $2 == "converged" || $2 == "iterations") { printf "bench-scale:   %s %s\n", $2, $3 }
                 $1 == "random" && $2 ~ /^sd/ { printf "bench-scale:   %s %.4f (true 0.5)\n", $2, $3 }' \
            "$DIR/scale_laplace_$rows.csv"
    fi
done
