#!/bin/sh
# Help and the texts a user reads (issue 17): `icstat help CMD [SUB]` for
# every command and subcommand, chart's answer to --format, and no
# pointer to ../shared/ (which a user of the project does not have) in
# the README, the datasets' README, the manual page or any --help.
# Run from the repository root: ICSTAT=bin/icstat sh tests/cli/help.sh
set -u
NAME=cli-help
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"

# icstat help CMD [SUB] prints what CMD [SUB] --help prints, exit 0.
for c in agree describe fit chart import "import ofsted" simulate power "power agree" \
    "power fit"; do
    # shellcheck disable=SC2086
    "$ICSTAT" $c --help >want 2>&1
    # shellcheck disable=SC2086
    run 0 "" help $c
    cmp -s stdout want && ok || bad "icstat help $c differs from icstat $c --help"
done
run 0 "" help power fit
[ "$(head -n 1 stdout)" = "Usage: icstat power fit --odds-ratio OR --share S [options]" ] && ok ||
    bad "icstat help power fit: $(head -n 1 stdout)"
run 0 "" help power agree
[ "$(head -n 1 stdout)" = "Usage: icstat power agree --probs P1,P2,... --agreement A|--kappa K [options]" ] &&
    ok || bad "icstat help power agree: $(head -n 1 stdout)"
# A subcommand that is not there is a usage error, not another help.
run 1 "icstat help: 'power' has no subcommand 'agreement'" help power agreement
run 1 "icstat help: 'import' has no subcommand 'ofstead'" help import ofstead
run 1 "icstat help: 'fit' has no subcommands (got 'extra')" help fit extra
run 1 "icstat help: give a command and at most one subcommand, as in 'icstat help power fit'" \
    help power fit agree
run 1 "icstat: unknown command 'bogus'" help bogus
[ ! -s stdout ] && ok || bad "a help usage error printed on stdout"
run 0 "" help
grep -q "icstat help COMMAND \[SUBCOMMAND\]" stdout && ok || bad "icstat help: no help line"

# chart has no --format: say where the format comes from.
printf 'group,category,percent\na,x,100\n' >s.csv
msg="icstat chart: chart takes no --format: the chart's format is the ending of -o's name (.svg, .png or .pdf)"
run 1 "$msg" chart stacked s.csv -o s.png --format png
run 1 "$msg" chart --format=svg stacked s.csv -o s.svg
run 1 "$msg" chart stacked s.csv -o s.svg --format
[ ! -e s.png ] && [ ! -e s.svg ] && ok || bad "chart --format wrote a chart"
"$ICSTAT" chart --help | grep -q "no --format" && ok || bad "chart --help: no word on --format"

# What a user has: no ../shared/ in the docs and helps they read.
for f in README.md datasets/README.md doc/icstat.1 analysis/README.md; do
    if grep -n '\.\./shared' "$ROOT/$f"; then bad "$f points to ../shared/"; else ok; fi
done
for c in agree describe fit chart "import ofsted" simulate "power agree" "power fit"; do
    # shellcheck disable=SC2086
    if "$ICSTAT" $c --help | grep -n 'shared/'; then bad "$c --help points to ../shared/"
    else ok; fi
done
"$ICSTAT" --help | grep -q 'shared/' && bad "icstat --help points to ../shared/" || ok

echo "$NAME: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
