#!/bin/sh
# derive.sh — --years-between, --band and --where on the command line
# (analysis/data/derive.c): the same answer as on a file prepared by hand, bands
# in their own order in describe and fit, the notes, and the messages and
# exit statuses of every refusal, with no output left behind.
# Run from the repository root: ICSTAT=bin/icstat sh tests/cli/derive.sh
set -u
NAME=cli-derive
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"

# Twelve schools: two inspections each, a phase, a size, and one school
# without a previous grade.
cat >schools.csv <<'EOF'
urn,phase,pupils,inspection_date,previous_inspection_date,overall_effectiveness,previous_overall_effectiveness
1,Primary,45,2023-03-01,2019-03-01,2,2
2,Primary,120,01/09/2022,01/09/2012,1,2
3,Primary,249,2024-02-29,2020-02-29,2,3
4,Primary,250,2021-06-30,2015-06-30,3,3
5,Primary,310,2022-01-10,2021-01-10,2,
6,Secondary,1200,2019-05-05,2010-05-05,2,1
7,Secondary,980,2023-11-20,2021-11-20,4,3
8,Secondary,1010,2022-07-01,2018-07-01,2,2
9,Primary,60,2020-02-02,2016-02-02,2,1
10,Primary,410,2024-06-06,2014-06-06,1,1
11,Secondary,700,2023-03-03,2021-03-03,3,4
12,Primary,199,2022-10-10,2017-10-10,2,2
EOF
RATERS=previous_overall_effectiveness,overall_effectiveness

# --where is the file holding only those rows: the same csv, byte for byte.
awk -F, 'NR == 1 || ($2 == "Primary" && $7 != "")' schools.csv >primary.csv
run 0 "" agree --unit urn --raters "$RATERS" --weights quadratic --format csv -o by_hand.csv primary.csv
run 0 "icstat: note: --where phase=Primary, previous_overall_effectiveness>=1: 5 of 12 rows left out" agree --unit urn \
    --raters "$RATERS" --weights quadratic --where phase=Primary \
    --where "previous_overall_effectiveness>=1" --format csv -o where.csv schools.csv
cmp -s by_hand.csv where.csv && ok || bad "agree --where differs from agree on the rows kept"
grep -q '^cohen_kappa,.*,7,2,quadratic,t,' where.csv && ok || bad "agree --where: not 7 units"
# text carries the note
run 0 "" agree --unit urn --raters "$RATERS" --where phase=Secondary schools.csv
grep -q "^--where phase=Secondary: 8 of 12 rows left out$" stdout && ok ||
    bad "agree --where: no note in the text output"

# Years between and their bands, tested by --where.
awk -F, 'NR == 1 || $1 == 1 || $1 == 3 || $1 == 8 || $1 == 9' schools.csv >four.csv
run 0 - agree --unit urn --raters "$RATERS" --format csv -o four_hand.csv four.csv
run 0 - agree --unit urn --raters "$RATERS" \
    --years-between gap=previous_inspection_date,inspection_date \
    --band gap_band=gap:3,4.5 --where "gap_band=3 to under 4.5" --format csv -o four_derived.csv \
    schools.csv
cmp -s four_hand.csv four_derived.csv && ok || bad "agree with a band of years: not the four schools 4 years apart"

# describe: bands in their own order, not the alphabet's.
run 0 "" describe --outcome phase --by size --band size=pupils:100,250,500,1000 --format csv \
    schools.csv
got=$(awk -F, 'NR > 1 && !seen[$1]++ { printf "%s;", $1 }' stdout)
[ "$got" = "under 100;100-249;250-499;500-999;1000 or more;" ] && ok ||
    bad "describe --band: groups '$got'"
# ... and describe's own --where may test a new column.
run 0 "icstat: note: --where size=500 or more: 8 of 12 rows left out" describe --outcome phase --band size=pupils:500 --where "size=500 or more" --format csv \
    schools.csv
grep -q '^all,Secondary,4,4,100,' stdout && ok || bad "describe --where on a --band column"

# ... and orderings, as in agree and fit.
run 0 "icstat: note: --where pupils>=500: 8 of 12 rows left out" describe --outcome phase \
    --where "pupils>=500" --format csv schools.csv
grep -q '^all,Secondary,4,4,100,' stdout && ok || bad "describe --where with an ordering"
run 2 "icstat: schools.csv:2: --where 'phase<3': column 'phase' has value 'Primary' that is not a number" \
    describe --outcome urn --where "phase<3" schools.csv
run 1 "icstat describe: --where: an ordering (<, <=, >, >=) compares with a number (got 'phase<x')" \
    describe --outcome urn --where "phase<x" schools.csv

# fit: the first band is the reference level.
run 0 "" fit --outcome overall_effectiveness --terms size --band size=pupils:250 --format csv \
    schools.csv
grep -q '^coef,size=250 or more,' stdout && ok || bad "fit --band: the reference is not 'under 250'"
run 0 "icstat: note: --where phase=Primary: 4 of 12 rows left out" fit --outcome \
    overall_effectiveness --terms pupils --where phase=Primary --format csv schools.csv
grep -q '^fit,n,8,' stdout && ok || bad "fit --where: not 8 rows"

# Refusals: usage errors (1) before anything is read, data errors (2) with
# the file and line; no output either way.
for case in \
    "1|icstat agree: --years-between takes NEW=FROM,TO, two date columns (got 'gap=a')|agree --years-between gap=a" \
    "1|icstat agree: --band takes NEW=COL:C1,C2,... with numbers in increasing order (got 'size=pupils:250,100')|agree --band size=pupils:250,100" \
    "1|icstat fit: --where takes COL=VALUE, COL!=VALUE or COL<N (also <=, >, >=) (got 'phase')|fit --outcome overall_effectiveness --where phase" \
    "1|icstat fit: --where: an ordering (<, <=, >, >=) compares with a number (got 'phase>=x')|fit --outcome overall_effectiveness --where phase>=x" \
    "1|icstat describe: --proportions reads label,count,total figures; leave out --years-between and --band|describe --proportions --band s=pupils:1" \
    "2|icstat: schools.csv:1: no --band column 'roll' in the header|agree --band size=roll:100" \
    "2|icstat: schools.csv:1: --band makes column 'phase', which the header already has; choose another name|describe --outcome phase --band phase=pupils:100" \
    "2|icstat: schools.csv:2: --where 'phase<3': column 'phase' has value 'Primary' that is not a number|agree --unit urn --raters $RATERS --where phase<3" \
    "2|icstat: schools.csv: no row meets --where phase=Nursery (12 rows read)|fit --outcome overall_effectiveness --where phase=Nursery"; do
    want_rc=${case%%|*}
    rest=${case#*|}
    msg=${rest%%|*}
    args=${rest#*|}
    # shellcheck disable=SC2086 # args is a list of words
    run "$want_rc" "$msg" $args -o out.csv schools.csv
    if ls out.csv* >/dev/null 2>&1; then bad "$args: left an output file"; rm -f out.csv*; else ok; fi
done
printf 'urn,a,b\n1,2019-01-01,31/04/2022\n' >baddate.csv
run 2 "icstat: baddate.csv:2: column 'b' has value '31/04/2022' that is not a date: April 2022 has no day 31; use YYYY-MM-DD or DD/MM/YYYY (--years-between)" \
    describe --outcome urn --years-between y=a,b baddate.csv

# --help names the options.
for cmd in agree fit describe; do
    run 0 "" "$cmd" --help
    for opt in --years-between --band --where; do
        grep -q -- "$opt" stdout && ok || bad "$cmd --help does not mention $opt"
    done
done

echo "cli-derive: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
