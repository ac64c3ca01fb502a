#!/bin/sh
# run.sh — icstat under valgrind: make evidence, or the CLI and chart tests.
#
# Usage (from the repository root; `make valgrind` and `make valgrind-cli`
# run it):
#   MAKE=make ICSTAT=bin/icstat sh tests/valgrind/run.sh evidence|cli [DIR]
#
# Writes DIR/icstat (default build/valgrind/MODE), a wrapper that runs
# ICSTAT under valgrind's memcheck, then
#   evidence: `make evidence RESULTS=DIR/results RUN_ICSTAT=DIR/icstat`, the
#             same commands as `make evidence` (make synthetic's
#             simulations, plots/evidence.sh, plots/report.sh), each under
#             valgrind; a report without its charts fails too (report.sh
#             leaves them out when `icstat chart --help` fails, as it would
#             under valgrind with an error);
#   cli:      tests/cli/run.sh and tests/chart/run.sh with ICSTAT=DIR/icstat
#             (every error path they take, under valgrind).
# Memcheck errors (invalid reads and writes, uninitialised values, bad
# frees) and definite or indirect leaks fail the run.  gnuplot, which icstat
# chart runs, is not traced: its own leaks are not icstat's.  Each run's
# valgrind log is DIR/logs/PID.log, empty when clean.
#
# POWER_REPS (plots/evidence.sh; default 2000) sets the replicates of the
# power simulations, the slowest part of `evidence` under valgrind.
set -u
MAKE=${MAKE:-make}
ICSTAT=${ICSTAT:-bin/icstat}
MODE=${1:-evidence}
DIR=${2:-build/valgrind/$MODE}
case $MODE in
evidence | cli) ;;
*) echo "usage: tests/valgrind/run.sh evidence|cli [DIR]" >&2; exit 1 ;;
esac
VALGRIND=${VALGRIND:-valgrind}
# By its full path, so that a test that empties PATH still runs icstat.
if ! VALGRIND=$(command -v "$VALGRIND"); then
    echo "valgrind: FAIL: valgrind is not installed (Debian: apt-get install valgrind)"
    exit 1
fi
case $ICSTAT in /*) ;; *) ICSTAT=$(pwd)/$ICSTAT ;; esac
rm -rf "$DIR"
mkdir -p "$DIR/logs"
case $DIR in /*) ABS=$DIR ;; *) ABS=$(pwd)/$DIR ;; esac

cat >"$DIR/icstat" <<EOF
#!/bin/sh
# icstat under valgrind (written by tests/valgrind/run.sh).
exec $VALGRIND -q --error-exitcode=1 --leak-check=full \\
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \\
    --trace-children=no --num-callers=30 ${VALGRIND_FLAGS:-} \\
    --log-file="$ABS/logs/%p.log" "$ICSTAT" "\$@"
EOF
chmod +x "$DIR/icstat"

fails=0
start=$(date +%s)
if [ "$MODE" = evidence ]; then
    echo "valgrind: make evidence RESULTS=$DIR/results RUN_ICSTAT=$DIR/icstat${POWER_REPS:+ (POWER_REPS=$POWER_REPS)}"
    $MAKE --no-print-directory evidence RESULTS="$DIR/results" RUN_ICSTAT="$DIR/icstat" >"$DIR/evidence.log" 2>&1
    rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "valgrind: FAIL: make evidence under valgrind exited with $rc:"
        tail -n 20 "$DIR/evidence.log"
        fails=1
    fi
    if grep -q '^report: charts skipped' "$DIR/evidence.log"; then
        echo "valgrind: FAIL: the report has no charts: '$DIR/icstat chart --help' failed"
        fails=1
    fi
    what="make evidence"
else
    for suite in cli chart; do
        echo "valgrind: tests/$suite/run.sh with ICSTAT=$DIR/icstat"
        if ! ICSTAT="$DIR/icstat" sh "tests/$suite/run.sh" >"$DIR/$suite.log" 2>&1; then
            echo "valgrind: FAIL: tests/$suite/run.sh under valgrind:"
            grep -E 'FAIL|passed' "$DIR/$suite.log" | head -n 20
            fails=1
        fi
    done
    what="tests/cli and tests/chart"
fi
secs=$(($(date +%s) - start))
runs=$(find "$DIR/logs" -name '*.log' | wc -l)
bad=$(find "$DIR/logs" -name '*.log' -size +0 | sort)
if [ -n "$bad" ]; then
    echo "valgrind: FAIL: $(echo "$bad" | wc -l) of $runs logs report errors or leaks:"
    for f in $bad; do
        echo "--- $f"
        head -n 60 "$f"
    done
    fails=1
fi
if [ "$fails" -ne 0 ]; then
    exit 1
fi
echo "valgrind: $what under valgrind: $runs logs (icstat runs, and forks for gnuplot), no errors and no leaks ($secs s)"
