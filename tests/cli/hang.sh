#!/bin/sh
# Inputs that used to hang or crawl (issue 13, class 5), each under
# `timeout` so that a regression fails here instead of blocking the suite:
# endless binary input, a factor with thousands of levels, and models that
# cannot be fitted, which must say why.
# Run from the repository root: ICSTAT=bin/icstat sh tests/cli/hang.sh
set -u
NAME=hang
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"

# trun SECONDS RC STDERR_LINE1 ARGS... (stdin from $IN): like run, under timeout.
IN=/dev/null
trun() {
    secs=$1
    shift
    want_rc=$1 want_err=$2
    shift 2
    timeout "$secs" "$ICSTAT" "$@" <"$IN" >stdout 2>stderr
    rc=$?
    got_err=$(head -n 1 stderr)
    if [ "$rc" = 124 ]; then
        bad "icstat $*: still running after $secs s"
    elif [ "$rc" != "$want_rc" ]; then
        bad "icstat $*: exit $rc, want $want_rc (stderr: $got_err)"
    elif [ "$want_err" != "-" ] && [ "$got_err" != "$want_err" ]; then
        bad "icstat $*: stderr '$got_err', want '$want_err'"
    else
        ok
    fi
}

# /dev/zero never ends a field: stop at its first byte.
NUL="NUL byte in field 1 (is this a binary or UTF-16 file?)"
trun 10 2 "icstat: /dev/zero:1: $NUL" agree /dev/zero
trun 10 2 "icstat: /dev/zero:1: $NUL" describe --outcome g --by x /dev/zero
trun 10 2 "icstat: /dev/zero:1: $NUL" import ofsted /dev/zero -o imp.csv
trun 10 2 "icstat: /dev/zero: NUL byte: not a text file" simulate --spec /dev/zero -o sim.csv
printf 'grade,x\n1,2\n' >ok.csv
trun 10 2 "icstat: /dev/zero:1: $NUL" fit --outcome grade --terms x --join /dev/zero:x ok.csv
IN=/dev/zero
trun 10 2 "icstat: <stdin>:1: $NUL" fit --outcome grade --terms x -
trun 10 2 "icstat: <stdin>:1: $NUL" agree -
IN=/dev/null
if ls imp.csv* sim.csv* >/dev/null 2>&1; then bad "a NUL run left an output file"; else ok; fi

# One endless line without a NUL (20 MB of 'y'): read in linear time.
head -c 20000000 /dev/zero | tr '\0' y >line.csv
trun 20 2 "icstat: line.csv:1: the header has no data rows below it" agree line.csv

# A factor with a level for every row or two: refused, naming it.
awk 'BEGIN { print "grade,school"; for (i = 0; i < 100; i++) printf "%d,s%d\n", 1 + i % 3, int(i / 1.5) }' >ids.csv
trun 10 2 "icstat: ids.csv: term 'school' has 67 levels among the 100 rows used, more than one level for every two rows, so most levels' effects cannot be estimated; merge its levels, or use it as --group (a random effect) if it identifies a group" \
    fit --outcome grade --terms school ids.csv
# 1,000 levels of 5 rows each (5,000 rows): the fit was minutes (cubic in
# the levels through dense n x p products), now about a second.
awk 'BEGIN { print "grade,f"; for (i = 0; i < 5000; i++) printf "%d,L%d\n", 1 + (i * 7 + int(i / 1000)) % 3, i % 1000 }' >levels.csv
trun 60 0 - fit --outcome grade --terms f levels.csv
trun 30 0 - describe --outcome grade --by f levels.csv

# Say what is wrong: near-collinear numeric terms are not separation, and a
# group of one row per inspection has no identifiable variance.
awk 'BEGIN { print "grade,x,z,id"; for (i = 0; i < 60; i++) { x = ((i * 37) % 60) / 10
    printf "%d,%.6f,%.6f,%d\n", 1 + (i * 7) % 3, x, x + 1e-5 * ((i * 13) % 7), i } }' >near.csv
trun 10 2 "icstat: near.csv: the terms are nearly collinear: 'z' is almost exactly a combination of 'x' (R-squared 1.000000 among the 60 rows used), so their effects cannot be told apart; leave one out or combine them" \
    fit --outcome grade --terms x,z near.csv
trun 10 2 "icstat: near.csv: every group of 'id' has a single row (60 groups, 60 rows): the variance between groups cannot be told apart from the variation within them, so it is not identifiable; fit without a group, or group by a column whose values repeat" \
    fit --outcome grade --terms x --group id near.csv

# The time bound: an error naming it, never a different answer.
trun 10 1 - fit --outcome grade --terms x --max-seconds soon near.csv
trun 10 2 - fit --outcome grade --terms f --max-seconds 0.000000001 levels.csv
grep -q "stopped by the time bound of 1e-09 s" stderr && ok || bad "--max-seconds: $(cat stderr)"
"$ICSTAT" fit --outcome grade --terms x --format csv near.csv >a.csv 2>/dev/null
"$ICSTAT" fit --outcome grade --terms x --format csv --max-seconds 0 near.csv >b.csv 2>/dev/null
cmp -s a.csv b.csv && [ -s a.csv ] && ok || bad "--max-seconds 0 changed the answer"

# One school inspected 200,000 times by 2,000 inspectors: its repeat
# inspectors cannot be mended, and the search for swaps that would mend
# them is bounded (it took quadratic time).
printf 'inspectors = 2000\ninspections = 200000\ncategories = a, b\nthresholds = 0\nschools = 1\n' >oneschool.spec
trun 20 0 "icstat: note: 198000 repeat inspections of a school were led by an inspector who had inspected it before: its area had no other inspector free (give more inspectors or fewer areas)" \
    simulate --spec oneschool.spec -o oneschool.csv
echo "hang: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
