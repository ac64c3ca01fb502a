#!/bin/sh
# run.sh — `make fuzz`: each libFuzzer target for SECONDS, then a summary.
#
#   sh tests/fuzz/run.sh DIR SECONDS TARGET...
#
# DIR/libfuzzer/TARGET is the binary.  New inputs go to DIR/corpus/TARGET
# (seeded from tests/fuzz/corpus/TARGET and tests/fuzz/regressions/TARGET,
# which are only read); crash, leak, timeout and out-of-memory inputs to
# DIR/artifacts/TARGET/; the whole log to DIR/logs/TARGET.log.  A
# dictionary tests/fuzz/TARGET.dict is used when there is one.  Exit
# status 1 when any target failed.
set -u
dir=$1 secs=$2
shift 2
status=0
summary=
for t in "$@"; do
    bin=$dir/libfuzzer/$t
    corpus=$dir/corpus/$t art=$dir/artifacts/$t log=$dir/logs/$t.log
    mkdir -p "$corpus" "$art" "$dir/logs"
    set -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -close_fd_mask=3 \
        -print_final_stats=1 -artifact_prefix="$art/"
    if [ -f "tests/fuzz/$t.dict" ]; then set -- "$@" -dict="tests/fuzz/$t.dict"; fi
    set -- "$@" "$corpus" "tests/fuzz/corpus/$t"
    if [ -d "tests/fuzz/regressions/$t" ]; then set -- "$@" "tests/fuzz/regressions/$t"; fi
    echo "== $t: ${secs} s, log $log"
    "$bin" "$@" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    if [ "$rc" = 0 ]; then
        result="ok"
    else
        status=1
        what=$(grep -m 1 -E 'ERROR: [A-Za-z]+Sanitizer|runtime error:|ALARM: working on|out-of-memory|deadly signal|contract broken' "$log" |
            sed 's/^==[0-9]*==//')
        unit=$(sed -n 's/.*Test unit written to //p' "$log" | tail -n 1)
        result="FAILED (exit $rc): ${what:-see the log}; input: ${unit:-none written}"
    fi
    summary="$summary$(printf '%-20s %12s executions  %s' "$t" "${execs:-?}" "$result")
"
done
echo
echo "fuzz summary (${secs} s per target):"
printf '%s' "$summary"
if [ "$status" != 0 ]; then
    echo "replay a failing input: $dir/libfuzzer/TARGET FILE (or build/fuzz/TARGET -v FILE, no libFuzzer)"
fi
exit "$status"
