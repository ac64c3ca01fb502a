#!/bin/sh
# Option rules every command shares (issue 17 item 8, issue 18), checked
# in one place: analysis/cli/cli.c, icstat_cli_getopt.
# - A repeated option that takes one value is a usage error naming it,
#   except the options whose --help says repeats add up.
# - Options are written in full: an abbreviation getopt_long would have
#   taken (--boot for --bootstrap; --se for --seed before --se was an
#   option) is an unknown option.
# Run from the repository root: ICSTAT=bin/icstat sh tests/cli/options.sh
set -u
NAME=cli-options
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"

printf 'urn,a,b\n1,1,2\n2,2,2\n3,1,1\n' >r.csv
printf 'label,count,total\nx,3,10\n' >p.csv
printf 'inspectors = 4\ninspections = 8\ncategories = a, b\nthresholds = 0\n' >s.spec

# A single-valued option given twice: exit 1, naming it and both values.
twice() { # CMD OPT [V1 V2]: the message for OPT given V1 then V2 (x, y)
    echo "icstat $1: $2 is given twice ('${3:-x}', then '${4:-y}'): give it once"
}
run 1 "$(twice fit --terms)" fit --outcome g --terms x --terms y r.csv
run 1 "$(twice fit --outcome)" fit --outcome x --outcome y r.csv
run 1 "$(twice fit --join)" fit --outcome g --join x --join y r.csv
run 1 "$(twice fit --categories)" fit --outcome g --categories x --categories=y r.csv
run 1 "$(twice fit --link logit probit)" fit --outcome g --link logit --link probit r.csv
run 1 "$(twice fit --effects)" fit --outcome g --effects x --effects y r.csv
run 1 "$(twice agree --weights linear identity)" agree --weights linear --weights identity r.csv
run 1 "$(twice agree --raters)" agree --raters x --raters y r.csv
run 1 "$(twice agree --seed 1 2)" agree --seed 1 --seed 2 r.csv
run 1 "$(twice describe --outcome)" describe --outcome x --outcome y r.csv
run 1 "$(twice describe --by)" describe --outcome g --by x --by y r.csv
run 1 "$(twice chart --title)" chart --title x --title y stacked r.csv -o c.svg
run 1 "$(twice chart --labels 1=A ofsted)" chart --labels 1=A --labels ofsted stacked r.csv -o c.svg
run 1 "$(twice chart -o)" chart stacked r.csv -o x --output y
run 1 "$(twice import --sheet 1 2)" import ofsted --sheet 1 --sheet 2 r.csv
run 1 "$(twice simulate --spec)" simulate --spec x --spec y
run 1 "$(twice 'power agree' --reps 100 200)" power agree --reps 100 --reps 200
run 1 "$(twice 'power fit' --share 0.5 0.4)" power fit --share 0.5 --share 0.4
run 1 "$(twice agree --format csv text)" agree --format csv --format text r.csv
run 1 "$(twice describe -o)" describe -o x -o y r.csv
[ "$(sed -n 2p stderr)" = "Try 'icstat describe --help' for more information." ] && ok ||
    bad "a repeat: no --help hint"
[ ! -e c.svg ] && [ ! -e x ] && [ ! -e y ] && ok || bad "a refused repeat wrote a file"

# Options whose help says repeats add up are taken: the run goes on to
# the missing input (exit 2), past the options.
nofile="icstat: none.csv: cannot open file: No such file or directory"
run 2 "$nofile" fit --outcome g --group a --group b none.csv
run 2 "$nofile" fit --outcome g --test a --test b none.csv
run 2 "$nofile" fit --outcome g --where a=1 --where b=2 none.csv
run 2 "$nofile" fit --outcome g --band x=a:1,2 --band y=b:1,2 --years-between z=c,d \
    --years-between w=c,d none.csv
run 2 "$nofile" agree --where a=1 --where b=2 none.csv
run 2 "$nofile" describe --outcome g --where a=1 --where b=2 none.csv
run 2 - import ofsted --map urn=URN --map phase=Phase none.csv
grep -q "cannot open" stderr && ok || bad "import --map twice: $(head -n 1 stderr)"
# Each help says so.
for c in "fit|--group|give it again" "fit|--test|may be given again" \
    "describe|--where|repeat it" "agree|--where|repeat it" "import ofsted|--map|repeat it" \
    "fit|--band|give either again"; do
    cmd=${c%%|*} rest=${c#*|}
    # shellcheck disable=SC2086
    "$ICSTAT" $cmd --help | grep -A4 -- "^  ${rest%%|*} " | grep -q "${rest#*|}" && ok ||
        bad "icstat $cmd --help: ${rest%%|*} does not say it adds up"
done
# A flag given twice is the flag.
run 0 - agree --table --table r.csv

# Abbreviations are unknown options, whichever option they would reach
# (issue 18: --se reached --seed, before --se was an option of its own).
unknown() { echo "icstat $1: unknown option '$2'"; }
run 1 "$(unknown agree --boot)" agree --boot 100 r.csv
run 1 "$(unknown agree --boot)" agree --boot=100 r.csv
run 1 "$(unknown agree --see)" agree r.csv --see
run 1 "$(unknown agree --sed)" agree --sed 3 r.csv
# --se is its own option now: not --seed, and its values in full.
run 0 - agree --se unconditional r.csv
run 0 - agree --se=conditional r.csv
run 1 "icstat agree: unknown --se 'uncond' (use conditional or unconditional)" \
    agree --se uncond r.csv
run 1 "icstat agree: unknown --se '7' (use conditional or unconditional)" agree --se 7 r.csv
run 1 "icstat agree: option '--se' needs a value" agree r.csv --se
run 1 "$(twice agree --se conditional unconditional)" \
    agree --se conditional --se unconditional r.csv
run 1 - agree --se unconditional --bootstrap 50 r.csv
grep -q "give one or the other" stderr && ok || bad "--se unconditional --bootstrap: $(cat stderr)"
run 1 - agree --se unconditional --counts r.csv
grep -q "does not tell who rated what" stderr && ok || bad "--se unconditional --counts: $(cat stderr)"
run 1 "$(unknown agree --weight)" agree --weight quadratic r.csv
run 1 "$(unknown agree --tab)" agree --tab r.csv
run 1 "$(unknown fit --out)" fit --outcome g --out x r.csv
run 1 "$(unknown fit --outc)" fit --outc g r.csv
run 1 "$(unknown fit --nominal)" fit --outcome g --nominal r.csv
run 1 "$(unknown describe --prop)" describe --prop p.csv
run 1 "$(unknown chart --tit)" chart --tit x stacked r.csv -o c.svg
run 1 "$(unknown import --ma)" import ofsted --ma urn=URN r.csv
run 1 "$(unknown simulate --sp)" simulate --sp s.spec
run 1 "$(unknown 'power agree' --prob)" power agree --prob 0.5,0.5 --agreement 0.8
run 1 "$(unknown 'power fit' --odds)" power fit --odds 0.8 --share 0.5
# Written in full they work, --output as -o.
run 0 "" describe --proportions --format=csv --output out.csv p.csv
grep -q '^x,3,10,' out.csv && ok || bad "describe --proportions --output: $(cat out.csv)"
run 0 - agree --weights=identity r.csv

echo "$NAME: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
