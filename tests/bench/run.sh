#!/bin/sh
# Benchmark of `icstat agree` (make bench): 100,000 units x 5 raters x 4
# categories with 10% of ratings missing; every coefficient, then 1,000
# bootstrap replicates.  Where R is installed, psych::ICC on the same data
# is timed too and the ratio printed.  Targets: all coefficients < 0.5 s,
# 1,000 replicates < 10 s on a 2-core machine.
#
# Then `icstat fit` (see the fit section below) on data the size of
# Bokhove, Jerrim & Sims (2023).  Usage: run.sh [--with-r-mixed]
# (make bench ARGS=--with-r-mixed), which also times R's ordinal::clmm.
set -eu
ICSTAT=${ICSTAT:-bin/icstat}
DIR=${BENCH_DIR:-build/bench}
WITH_R_MIXED=0
for arg in "$@"; do
    case $arg in
    --with-r-mixed) WITH_R_MIXED=1 ;;
    *) echo "usage: $0 [--with-r-mixed]" >&2; exit 2 ;;
    esac
done
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

# ---------------------------------------------------------------------------
# icstat fit: cumulative link (mixed) models on 35,751 inspections by 1,376
# lead inspectors, 20 fixed-effect columns (gen_fit_data.c says how the data
# are drawn).  Timings are of whole processes, reading the file included.
# Targets: Laplace (--quad 1) < 1 s, --quad 7 < 3 s; the fixed-effects model
# is only reported.  With hyperfine installed the two mixed fits are also
# timed over 3 runs and their median is the figure compared with the target.
# Where R has the ordinal package, clm (and with --with-r-mixed, clmm with
# nAGQ = 1: about 15 minutes here) is timed on the same file, the fit alone.
GEN_SRC=$(dirname "$0")/gen_fit_data.c
GEN=$DIR/gen_fit_data
FIT_DATA=$DIR/fit_bokhove.csv
if [ ! -x "$GEN" ] || [ "$GEN_SRC" -nt "$GEN" ]; then
    ${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror "$GEN_SRC" -o "$GEN" -lgsl -lgslcblas -lm
fi
if [ ! -s "$FIT_DATA" ] || [ "$GEN" -nt "$FIT_DATA" ]; then
    "$GEN" 20261125 >"$FIT_DATA.tmp" 2>/dev/null
    mv "$FIT_DATA.tmp" "$FIT_DATA"
fi

TERMS=female,hmi,experience,phase,region,idaci,pupils,fsm

# fit_time NAME ARGS...: runs `icstat fit ARGS... --format csv -o
# $DIR/fit_NAME.csv DATA` once, timed, and stops the benchmark if it fails
# or writes no loglik.  Sets $secs and $ll.
fit_time() {
    name=$1
    shift
    t0=$(now)
    if ! "$ICSTAT" fit "$@" --format csv -o "$DIR/fit_$name.csv" "$FIT_DATA" 2>"$DIR/fit_$name.err"; then
        echo "bench: FAILED: $ICSTAT fit $* --format csv -o $DIR/fit_$name.csv $FIT_DATA" >&2
        cat "$DIR/fit_$name.err" >&2
        exit 1
    fi
    t1=$(now)
    secs=$(elapsed "$t0" "$t1")
    if ! ll=$(awk -F, '{ gsub(/["\r]/, "") } $1 == "fit" && $2 == "loglik" { print $3; found = 1; exit }
                      END { exit !found }' "$DIR/fit_$name.csv"); then
        echo "bench: FAILED: no fit,loglik row in $DIR/fit_$name.csv" >&2
        exit 1
    fi
}

# hf_median NAME ARGS...: where hyperfine is installed, the median of 3
# runs of the same command into $secs and "min..max" into $spread.
hf_median() {
    name=$1
    shift
    spread=""
    command -v hyperfine >/dev/null 2>&1 || return 0
    if ! hyperfine --runs 3 --style none --export-csv "$DIR/fit_$name.hf.csv" \
        "'$ICSTAT' fit $* --format csv -o '$DIR/fit_$name.csv' '$FIT_DATA'" >/dev/null 2>&1; then
        echo "bench: FAILED: icstat fit ($name) under hyperfine" >&2
        exit 1
    fi
    # The quoted command (first column) holds commas: count from the end.
    secs=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = NF - i; next }
                    NR == 2 { printf "%.3f", $(NF - c["median"]) }' "$DIR/fit_$name.hf.csv")
    spread=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = NF - i; next }
                      NR == 2 { printf " (median of 3 runs, %.3f..%.3f s)", $(NF - c["min"]), $(NF - c["max"]) }' "$DIR/fit_$name.hf.csv")
}

fit_time laplace --outcome grade --terms "$TERMS" --factor idaci --group inspector --quad 1
laplace_ll=$ll
hf_median laplace --outcome grade --terms "$TERMS" --factor idaci --group inspector --quad 1
laplace_s=$secs
echo "bench: fit, 35751 inspections x 1376 inspectors, 20 fixed columns, Laplace (--quad 1): ${laplace_s} s${spread} (target < 1 s), loglik ${laplace_ll}"

fit_time aghq7 --outcome grade --terms "$TERMS" --factor idaci --group inspector --quad 7
aghq7_ll=$ll
hf_median aghq7 --outcome grade --terms "$TERMS" --factor idaci --group inspector --quad 7
aghq7_s=$secs
echo "bench: fit, same model, 7-point adaptive Gauss-Hermite (--quad 7): ${secs} s${spread} (target < 3 s), loglik ${aghq7_ll}"

fit_time fixed --outcome grade --terms "$TERMS" --factor idaci
fixed_s=$secs fixed_ll=$ll
echo "bench: fit, fixed effects only (no --group): ${fixed_s} s, loglik ${fixed_ll}"

# R: the fit alone (system.time around clm/clmm, after read.csv), printing
# "seconds loglik max|gradient|".  idaci, phase, region and hmi are factors,
# the rest numeric, the outcome an ordered factor: the same model as
# icstat's.  pupils enters in thousands: the log-likelihood is unchanged,
# but with raw counts (30..2000) clmm's default nlminb stops at its starting
# values (sd 1, clm's coefficients; loglik -37223.79 on the default data)
# after about 7 minutes, and ucminf is the optimiser that converges here.
R_FIT=$DIR/fit_bench.R
cat >"$R_FIT" <<'EOF'
args <- commandArgs(TRUE)
suppressPackageStartupMessages(library(ordinal))
d <- read.csv(args[1], stringsAsFactors = FALSE)
d$grade <- factor(d$grade, levels = sort(unique(d$grade)), ordered = TRUE)
for (v in c("hmi", "phase", "region", "idaci", "inspector")) d[[v]] <- factor(d[[v]])
d$pupils <- d$pupils / 1000
f <- grade ~ female + hmi + experience + phase + region + idaci + pupils + fsm
if (args[2] == "clmm") {
    f <- update(f, . ~ . + (1 | inspector))
    t <- system.time(m <- clmm(f, data = d, nAGQ = 1,
                               control = clmm.control(method = "ucminf")))[["elapsed"]]
} else {
    t <- system.time(m <- clm(f, data = d))[["elapsed"]]
}
cat(sprintf("%.3f %.6f %.2g\n", t, as.numeric(logLik(m)), max(abs(m$gradient))))
EOF

# r_compare clm|clmm ICSTAT_SECONDS ICSTAT_LOGLIK LABEL
r_compare() {
    if ! r=$(Rscript "$R_FIT" "$FIT_DATA" "$1" 2>"$DIR/fit_r_$1.err") || [ -z "$r" ]; then
        echo "bench: fit, $4: R ordinal::$1 failed (see $DIR/fit_r_$1.err), no ratio"
        r_secs=""
        return 0
    fi
    r_secs=${r%% *}
    echo "$r $2 $3" | awk -v what="$1" -v label="$4" '{
        printf "bench: fit, %s: R ordinal::%s %.3f s (fit only), loglik %.4f (max|gradient| %s); icstat %.3f s (whole command), loglik %.4f; ratio R/icstat %.1f; icstat loglik >= R (tol 1e-4): %s\n",
            label, what, $1, $2, $3, $4, $5, ($4 > 0 ? $1 / $4 : 0), ($5 >= $2 - 1e-4 ? "yes" : "NO")
    }'
}

if command -v Rscript >/dev/null 2>&1 && Rscript -e 'quit(status = !requireNamespace("ordinal", quietly = TRUE))' 2>/dev/null; then
    r_compare clm "$fixed_s" "$fixed_ll" "fixed effects"
    # The issue's yardstick: icstat's mixed model, whole command, against R
    # fitting the simpler model without the random effect.
    [ -n "$r_secs" ] && awk -v r="$r_secs" -v l="$laplace_s" -v a="$aghq7_s" 'BEGIN {
        printf "bench: fit, icstat mixed model (whole command) vs R clm without the random effect (fit only, %.3f s): Laplace %.1fx, --quad 7 %.1fx faster\n", r, r / l, r / a }'
    if [ "$WITH_R_MIXED" = 1 ]; then
        r_compare clmm "$laplace_s" "$laplace_ll" "Laplace, random intercept for inspector"
    else
        echo "bench: fit, R clmm not timed (about 15 minutes): make bench ARGS=--with-r-mixed"
    fi
else
    echo "bench: fit, R with ordinal not installed: no ratio"
fi
