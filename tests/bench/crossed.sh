#!/bin/sh
# Benchmark of `icstat fit` with crossed inspector and school random
# intercepts (--group inspector,urn; the joint Laplace approximation with
# a sparse Cholesky factor): whole processes, reading the file included,
# timed with GNU time (wall, cpu = user + sys, peak resident memory).
#
#  - Ofsted size: 35,751 inspections of 20,000 schools by 1,376 lead
#    inspectors, inspectors working within 9 regions (target: under 5 s on
#    one core).
#  - Scale: 1,000,000 inspections of 200,000 schools by 20,000 inspectors,
#    working within 150 areas of about 133 inspectors each, the size of a
#    local authority's share (target: under 2 minutes, memory linear: the
#    KB per row printed beside a quarter of the size, 250,000 rows).
#  - R: ordinal::clmm on a 3,000-row subset of the Ofsted-size file, the
#    same model, against icstat on the same rows, for the ratio (bounded by
#    R_TIMEOUT seconds, default 900; skipped without Rscript and ordinal).
#    The subset keeps the design's shape: every inspection of 1,500
#    schools of one region (of 9: schools urn - 100001 = 0, 9, 18, ...,
#    each inspected twice), led by that region's 153 inspectors; the first
#    3,000 rows of the shuffled file would be nearly all schools inspected
#    once and inspectors with two rows each.  Both log-likelihoods are
#    printed: they must agree.  R gets pupils in thousands (the same
#    model and likelihood): on the raw school sizes its optimiser stopped
#    9.6 below the maximum on another subset, which it reached rescaled.
#
# The data come from tests/bench/gen_fit_data.c with its AREAS and SCHOOLS
# arguments (a school effect N(0, 0.7^2) beside the inspector's, each
# school's inspectors drawn from its area).  The cost grows with how many
# inspectors each school's inspectors meet: the fill of the sparse factor
# is about the square of the inspectors per area, for every area.
#
# Usage: crossed.sh [--quick]   (make bench-crossed; --quick: the Ofsted
# size and R only, no 250,000 and 1,000,000 rows)
set -eu
ICSTAT=${ICSTAT:-bin/icstat}
DIR=${BENCH_DIR:-build/bench}
R_TIMEOUT=${R_TIMEOUT:-900}
QUICK=0
for arg in "$@"; do
    case $arg in
    --quick) QUICK=1 ;;
    *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
    esac
done
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
    echo "bench-crossed: needs GNU time (/usr/bin/time; Debian package 'time')" >&2
    exit 2
fi
mkdir -p "$DIR"
. "$(dirname "$0")/generator.sh"

# data ROWS INSPECTORS AREAS SCHOOLS: the file's name, made once.
data() {
    f=$DIR/crossed_$1_$2_$3_$4.csv
    if [ ! -s "$f" ] || [ "$GEN" -nt "$f" ]; then
        "$GEN" 20261125 "$1" "$2" "$3" "$4" >"$f.tmp" 2>/dev/null
        mv "$f.tmp" "$f"
    fi
    echo "$f"
}

# measure NAME FILE: icstat fit of the crossed model on FILE under GNU
# time; $wall, $cpu (user + sys) in s and $mb peak MB; the estimates in
# $DIR/crossed_NAME.csv, their sds and loglik in $est.
measure() {
    name=$1 file=$2
    if ! "$TIME" -v -o "$DIR/crossed_$name.time" "$ICSTAT" fit --outcome grade --terms "$TERMS" \
        --factor idaci --group inspector,urn --format csv -o "$DIR/crossed_$name.csv" "$file" \
        2>"$DIR/crossed_$name.err"; then
        echo "bench-crossed: FAILED: icstat fit on $file" >&2
        cat "$DIR/crossed_$name.err" >&2
        exit 1
    fi
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
            for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$DIR/crossed_$name.time")
    cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' \
        "$DIR/crossed_$name.time")
    mb=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$DIR/crossed_$name.time")
    est=$(awk -F, '$2 == "sd(inspector)" || $2 == "sd(urn)" { printf "%s %.3f, ", $2, $3 }
        $2 == "loglik" { printf "loglik %.2f", $3 } $2 == "iterations" { printf ", %d iterations", $3 }' \
        "$DIR/crossed_$name.csv")
}

echo "bench-crossed: icstat fit --group inspector,urn (whole process; cpu = user + sys, one core)"
ofsted=$(data 35751 1376 9 20000)
measure ofsted "$ofsted"
echo "bench-crossed: 35,751 rows, 20,000 schools, 1,376 inspectors (9 areas): wall ${wall} s, cpu ${cpu} s, ${mb} MB (target < 5 s); $est"

if [ "$QUICK" = 0 ]; then
    quarter=$(data 250000 5000 38 50000)
    measure quarter "$quarter"
    qcpu=$cpu qmb=$mb
    echo "bench-crossed: 250,000 rows, 50,000 schools, 5,000 inspectors (38 areas): wall ${wall} s, cpu ${cpu} s, ${mb} MB; $est"
    full=$(data 1000000 20000 150 200000)
    measure full "$full"
    echo "bench-crossed: 1,000,000 rows, 200,000 schools, 20,000 inspectors (150 areas): wall ${wall} s, cpu ${cpu} s, ${mb} MB (target < 120 s); $est"
    echo "bench-crossed: per 1,000 rows: cpu $(awk -v a="$qcpu" 'BEGIN { printf "%.1f", a * 4 }') ms and $(awk -v a="$qmb" 'BEGIN { printf "%.0f", a * 4096 / 1000 }') KB at 250,000 rows; $(awk -v a="$cpu" 'BEGIN { printf "%.1f", a }') ms and $(awk -v a="$mb" 'BEGIN { printf "%.0f", a * 1024 / 1000 }') KB at 1,000,000"
fi

# R's clmm on 3,000 rows against icstat on the same rows.
small=$DIR/crossed_3000.csv
awk -F, 'NR == 1 || (($1 - 100001) % 9 == 0 && $1 - 100001 < 9 * 1500)' "$ofsted" >"$small"
measure small "$small"
ours=$wall
if command -v Rscript >/dev/null 2>&1 &&
    Rscript -e 'quit(status = !requireNamespace("ordinal", quietly = TRUE))' 2>/dev/null; then
    if r=$(timeout "$R_TIMEOUT" Rscript -e "suppressMessages(library(ordinal))
        d <- read.csv('$small'); d\$grade <- factor(d\$grade, ordered = TRUE)
        d\$idaci <- factor(d\$idaci); d\$inspector <- factor(d\$inspector); d\$urn <- factor(d\$urn)
        d\$pupils <- d\$pupils / 1000
        t <- system.time(m <- clmm(grade ~ female + hmi + experience + phase + region + idaci +
            pupils + fsm + (1 | inspector) + (1 | urn), data = d))[['elapsed']]
        cat(t, logLik(m))" 2>/dev/null); then
        rt=${r% *}
        rll=${r#* }
        echo "bench-crossed: 3,000 rows of one region: icstat ${ours} s (whole command, reading included; $est), R clmm ${rt} s (the fit alone; loglik $(awk -v a="$rll" 'BEGIN { printf "%.2f", a }')); ratio R/icstat $(awk -v a="$rt" -v b="$ours" 'BEGIN { printf "%.0f", a / b }')"
    else
        echo "bench-crossed: 3,000 rows of one region: icstat ${ours} s; R clmm did not finish within ${R_TIMEOUT} s"
    fi
else
    echo "bench-crossed: 3,000 rows of one region: icstat ${ours} s (R with ordinal not installed: no ratio)"
fi
