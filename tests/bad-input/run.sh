#!/bin/sh
# tests/bad-input/run.sh — hostile input, as researchers scrape, type and
# export it from spreadsheets, through agree, fit, describe, import ofsted,
# chart and simulate --spec.  Each case states the exit status and the
# exact first line of stderr; a refused run (exit 2) must leave no output
# file behind (-o OUT.*, its temporary, a chart's .gp and .dat, --effects);
# an accepted one must give the answer the clean file gives.
#
# The small readable inputs are committed beside this script (variants of
# inspections.csv and double.csv, one problem each); binary and large ones
# (NUL bytes, bytes that are not UTF-8, Windows-1252, UTF-16, CR line ends,
# a 10 MB field, 100,000 columns) are made here at run time.
# Run from the repository root: ICSTAT=bin/icstat sh tests/bad-input/run.sh
set -u
NAME=bad-input
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"
cp "$ROOT"/tests/bad-input/*.csv .
G="Outstanding,Good,Requires improvement,Inadequate"

# no_output WHAT: nothing named OUT* is left (then clean up for the next).
no_output() {
    left=$(ls -d OUT* 2>/dev/null | tr '\n' ' ')
    if [ -n "$left" ]; then bad "$1: left $left"; else ok; fi
    rm -rf OUT*
}
# check 'RC|LINE' ARGS...: exit status RC and first stderr line LINE; after
# a refusal, no output left.
check() {
    rc=${1%%|*} line=${1#*|}
    shift
    run "$rc" "$line" "$@"
    if [ "$rc" = 0 ]; then rm -rf OUT*; else no_output "icstat $*"; fi
}
# four FILE AGREE FIT DESCRIBE IMPORT: FILE (a variant of inspections.csv)
# through the four commands that read tables, each 'RC|first stderr line'.
four() {
    f=$1
    check "$2" agree --long urn,inspector,grade --categories "$G" -o OUT.csv "$f"
    check "$3" fit --outcome grade --categories "$G" --terms phase,pupils --group inspector \
        --lag-previous inspection_date --effects OUT_effects.csv -o OUT.csv "$f"
    check "$4" describe --outcome grade --by phase --cluster inspector --categories "$G" \
        -o OUT.csv "$f"
    check "$5" import ofsted -o OUT.csv "$f"
}
# same A B: the same bytes.
same() {
    if cmp -s "$1" "$2"; then ok; else bad "$1 and $2 differ"; diff "$1" "$2" | head -4; fi
}
# csv4 FILE PREFIX: FILE through the four commands, accepted: exit 0 and
# the first stderr line the clean file gives; the csv in PREFIX.*.csv and
# stderr in PREFIX.*.err, for same4 to compare with the clean file's.
FIT_NOTE="icstat: note: 4 rows dropped as each inspector's first inspection in date order (no previous judgement)"
DESCRIBE_NOTE="icstat: note: 4 of 4 'inspector' clusters have rows in more than one 'phase' group; comparisons allow for the correlation this makes"
csv4() {
    check "0|" agree --long urn,inspector,grade --categories "$G" --format csv \
        -o "$2.agree.csv" "$1"
    cp stderr "$2.agree.err"
    check "0|$FIT_NOTE" fit --outcome grade --categories "$G" --terms phase,pupils \
        --group inspector --lag-previous inspection_date --format csv -o "$2.fit.csv" "$1"
    cp stderr "$2.fit.err"
    check "0|$DESCRIBE_NOTE" describe --outcome grade --by phase --cluster inspector \
        --categories "$G" --format csv -o "$2.describe.csv" "$1"
    cp stderr "$2.describe.err"
    check "0|icstat: import: $1: header on line 1; 16 rows read, 16 written, 0 skipped" \
        import ofsted -o "$2.import.csv" "$1"
}
# same4 PREFIX: PREFIX.* are what the clean file gave (clean.*).
same4() {
    for c in agree fit describe import; do
        same "$1.$c.csv" "clean.$c.csv"
    done
    for c in agree fit describe; do
        same "$1.$c.err" "clean.$c.err"
    done
}
csv4 inspections.csv clean
grep -q '^coef,pupils,' clean.fit.csv && ok || bad "the clean file does not fit"

# ---- Files that must be refused, through every command -------------------
H="header on line 1"
four header_only.csv \
    "2|icstat: header_only.csv:1: the header has no data rows below it" \
    "2|icstat: header_only.csv:1: the header has no data rows below it" \
    "2|icstat: header_only.csv:1: the header has no data rows below it" \
    "2|icstat: import: header_only.csv: $H; 0 rows read, 0 written, 0 skipped"
[ "$(tail -n 1 stderr)" = "icstat: header_only.csv:1: no inspections to write: the header has no rows below it" ] \
    && ok || bad "import header_only.csv: $(tail -n 1 stderr)"
D='duplicate column name "inspection_date" (columns 3 and 6)'
four duplicate_columns.csv \
    "2|icstat: duplicate_columns.csv:1: $D" "2|icstat: duplicate_columns.csv:1: $D" \
    "2|icstat: duplicate_columns.csv:1: $D" \
    "2|icstat: duplicate_columns.csv:1: the header has 'inspection_date' twice (columns 3 and 6): which one is inspection_date? rename or delete the other"
R="row has 5 fields but the header has 6"
four ragged.csv "2|icstat: ragged.csv:7: $R" "2|icstat: ragged.csv:7: $R" \
    "2|icstat: ragged.csv:7: $R" "2|icstat: ragged.csv:7: $R"
U="unterminated quoted field: field 4 (column \"grade\") opens a quote that is never closed"
four unterminated.csv "2|icstat: unterminated.csv:4: $U" "2|icstat: unterminated.csv:4: $U" \
    "2|icstat: unterminated.csv:4: $U" \
    "2|icstat: unterminated.csv:4: unterminated quoted field: field 4 opens a quote that is never closed"
E="column 3 has an empty name; name it in the header, or delete the column"
four empty_name.csv "2|icstat: empty_name.csv:1: $E" "2|icstat: empty_name.csv:1: $E" \
    "2|icstat: empty_name.csv:1: $E" \
    "2|icstat: empty_name.csv:1: the header has no inspection date column ('Inspection start date', 'Inspection date' or 'Inspection end date'); name it with --map inspection_date=HEADER"
# Two exports joined with cat: the header again on line 10.  The importer
# skips it as a row whose URN is not a number, and says so.
R="the header (line 1) is repeated here: were files joined together? remove the repeated header"
four repeated_header.csv "2|icstat: repeated_header.csv:10: $R" \
    "2|icstat: repeated_header.csv:10: $R" "2|icstat: repeated_header.csv:10: $R" \
    "0|icstat: import: repeated_header.csv: $H; 17 rows read, 16 written, 1 skipped"
grep -qx "icstat: import: skipped 1 row: invalid URN (line 10: 'urn')" stderr \
    && ok || bad "import repeated_header.csv: $(sed -n 2p stderr)"
# Excel's "sep=," line, and Excel's CSV in a semicolon locale.
S="this is Excel's \"sep=\" line, not a header: delete the line (icstat reads comma-separated files, the header first)"
four sep_line.csv "2|icstat: sep_line.csv:1: $S" "2|icstat: sep_line.csv:1: $S" \
    "2|icstat: sep_line.csv:1: $S" "0|icstat: import: sep_line.csv: header on line 2; 16 rows read, 16 written, 0 skipped"
S='the header is one column, "urn;inspector;inspection_date;grade;phase;pupils", with semicolons in it: icstat reads comma-separated files; save the file as CSV (comma delimited)'
four semicolons.csv "2|icstat: semicolons.csv:1: $S" "2|icstat: semicolons.csv:1: $S" \
    "2|icstat: semicolons.csv:1: $S" \
    "2|icstat: semicolons.csv: no header with a URN column in the first 10 rows (its rows hold semicolons: icstat reads comma-separated files; save the file as CSV (comma delimited))"

# ---- Values: outcomes, groups, numbers -----------------------------------
# 'Good ' with a trailing space is not 'Good' (DESIGN.md's own example) for
# fit and describe; agree trims ratings, with a note (issue 18, item 9).
C="column 'grade' has value 'Good ' that is not in --categories"
four outside_categories.csv "0|" \
    "2|icstat: outside_categories.csv:5: $C" "2|icstat: outside_categories.csv:5: $C" \
    "0|icstat: import: outside_categories.csv: $H; 16 rows read, 16 written, 0 skipped"
run 0 "" agree --long urn,inspector,grade --categories "$G" --format json \
    outside_categories.csv
grep -q 'surrounding spaces removed from 1 rating' stdout && ok ||
    bad "agree outside_categories.csv: no note on the trimmed rating"
# The lead inspector empty or NA on every row.
M="has no value: it is empty (or NA, N/A, .) in all 16 rows"
four group_missing.csv "2|icstat: group_missing.csv:1: column 'inspector' (the rater) $M" \
    "2|icstat: group_missing.csv:1: column 'inspector' (--group) $M" \
    "2|icstat: group_missing.csv:1: column 'inspector' (--cluster) $M" \
    "0|icstat: import: group_missing.csv: $H; 16 rows read, 16 written, 0 skipped"
check "2|icstat: group_missing.csv:1: column 'inspector' (--by) $M" \
    describe --outcome grade --by inspector -o OUT.csv group_missing.csv
check "2|icstat: group_missing.csv: column 'inspector' (--by) has no value: it is empty (or NA, N/A, .) in all 10 rows that meet --where" \
    describe --outcome grade --by inspector --where phase=Primary -o OUT.csv group_missing.csv
awk -F, -v OFS=, 'NR > 1 { $1 = "NA" } 1' inspections.csv >unit_missing.csv
check "2|icstat: unit_missing.csv:1: column 'urn' (the unit) $M" \
    agree --long urn,inspector,grade -o OUT.csv unit_missing.csv
awk -F, -v OFS=, 'NR == 6 { $1 = "" } 1' inspections.csv >unit_gap.csv
check "2|icstat: unit_gap.csv:6: column 'urn' (the unit) is empty; with --long every row needs its unit and rater" \
    agree --long urn,inspector,grade -o OUT.csv unit_gap.csv
# The outcome NA everywhere.
four na_outcome.csv "2|icstat: na_outcome.csv: no ratings: every rating is missing" \
    "2|icstat: na_outcome.csv:1: column 'grade' (--outcome) $M" \
    "2|icstat: na_outcome.csv:1: column 'grade' (--outcome) $M" \
    "0|icstat: import: na_outcome.csv: $H; 16 rows read, 16 written, 0 skipped"
check "2|icstat: na_outcome.csv:1: column 'grade' (--binary) $M" \
    fit --binary "grade>=3" --terms phase -o OUT.csv na_outcome.csv
# Pupil numbers as Excel shows them, "1,100": fit must not turn them into
# 16 categories; import reads them as the count they are.
N="that is not a number (a thousands separator or a decimal comma?); write numbers with a decimal point and no thousands separators (3.5, 1234)"
check "2|icstat: thousands.csv:6: column 'pupils' has value '1,100' $N, or treat the column as categorical with --factor" \
    fit --outcome grade --categories "$G" --terms phase,pupils -o OUT.csv thousands.csv
sed '1s/pupils$/Total number of pupils/' thousands.csv >ofsted_thousands.csv
check "0|icstat: import: ofsted_thousands.csv: $H; 16 rows read, 16 written, 0 skipped" \
    import ofsted -o ofsted_thousands.out.csv ofsted_thousands.csv
[ "$(cut -d, -f9 ofsted_thousands.out.csv | sed -n '6p;14p' | tr '\n' ' ')" = "1100 1234 " ] \
    && ok || bad "import: pupils '1,100' and '1,234' not read as 1100 and 1234"
rm -f ofsted_thousands.out.csv
# Years of experience with decimal commas, every one: no longer silently
# a categorical term with 7 levels.
check "2|icstat: decimal_comma.csv:2: column 'experience' has value '3,5' $N, or treat the column as categorical with --factor" \
    fit --outcome grade --categories "$G" --terms experience -o OUT.csv decimal_comma.csv
check "2|icstat: decimal_comma.csv:2: column 'experience' has value '3,5' that is not a number, so 'experience>=3' cannot be decided (a thousands separator or a decimal comma?); write numbers with a decimal point and no thousands separators (3.5, 1234)" \
    fit --binary "experience>=3" --terms phase -o OUT.csv decimal_comma.csv
# As ratings: "2,5" would sort as text (and weigh by rank) beside "10".
printf 'urn,lead,second\n100001,2,2\n100002,"2,5",3\n100003,10,10\n' >rating_comma.csv
check "2|icstat: rating_comma.csv:3: column 'lead' has value '2,5' $N" \
    agree --weights quadratic -o OUT.csv rating_comma.csv
# (A total, a base as published, may be "1,400" since issue 17; a count
# may not.)
printf 'label,count,total\nagreed,"1,274","1,400"\n' >proportions_comma.csv
check "2|icstat: proportions_comma.csv:2: column 'count' has value '1,274' $N" \
    describe --proportions -o OUT.csv proportions_comma.csv
# A broken formula's result from the spreadsheet: neither a grade nor
# missing, so neither counted as a category nor dropped.
sed '10s/,Inadequate,/,#N\/A,/' inspections.csv >excel_error.csv
XL="field 4 (column \"grade\") holds \"#N/A\", an Excel error value: fix the formula, or clear the cell to mark it missing"
four excel_error.csv "2|icstat: excel_error.csv:10: $XL" "2|icstat: excel_error.csv:10: $XL" \
    "2|icstat: excel_error.csv:10: $XL" \
    "0|icstat: import: excel_error.csv: $H; 16 rows read, 16 written, 0 skipped"
check "2|icstat: excel_error.csv:10: $XL" agree --long urn,inspector,grade -o OUT.csv excel_error.csv
# With --factor the column is categories, as asked.
check "0|" fit --outcome grade --categories "$G" --terms experience --factor experience \
    --format csv -o OUT.csv decimal_comma.csv

# ---- Dates (fit --lag-previous, import ofsted) ---------------------------
# ISO and DD/MM/YYYY mixed: both read, the same order, the same answers.
csv4 dates_mixed.csv mixed
same4 mixed
# ... and on the fit fixture, where the order decides the previous grade:
# all ISO, ISO and DD/MM/YYYY alternating, and plain numbers (YYYYMMDD).
awk -F, -v OFS=, 'NR > 1 && $3 ~ /\// { split($3, d, "/"); $3 = d[3] "-" d[2] "-" d[1] } 1' \
    "$ROOT/tests/fixtures/fit_inspections.csv" >fit_iso.csv
awk -F, -v OFS=, 'NR > 1 && NR % 2 { split($3, d, "-"); $3 = d[3] "/" d[2] "/" d[1] } 1' \
    fit_iso.csv >fit_mixed.csv
awk -F, -v OFS=, 'NR > 1 { gsub("-", "", $3) } 1' fit_iso.csv >fit_numbers.csv
DROPPED="icstat: note: 29 of 1175 rows dropped for a missing value in a column the model uses"
for f in iso mixed numbers; do
    check "0|$DROPPED" fit --binary "grade_num>=3" --terms phase --group inspector --quad 1 \
        --lag-previous date --format csv -o "fit_$f.lag" "fit_$f.csv"
done
same fit_mixed.lag fit_iso.lag
same fit_numbers.lag fit_iso.lag
grep -q '^coef,previous=1,' fit_iso.lag && ok || bad "fit --lag-previous: no previous term"
# The file's order decides nothing: reversed or shuffled, the same bytes
# (the model's rows follow time order within each inspector, so even the
# last digits of its sums agree), estimates and inspector effects alike.
{ head -n 1 fit_mixed.csv; tail -n +2 fit_mixed.csv | awk '{ print NR % 7, NR, $0 }' |
    sort -k1,1n -k2,2nr | cut -d' ' -f3-; } >fit_shuffled.csv
{ head -n 1 fit_mixed.csv; tail -n +2 fit_mixed.csv | awk '{ l[NR] = $0 } END { for (i = NR; i > 0; i--) print l[i] }'; } >fit_reversed.csv
for f in mixed shuffled reversed; do
    check "0|$DROPPED" fit --outcome grade --categories "$G" --terms phase --group inspector \
        --lag-previous date --format csv --effects "fit_$f.eff" -o "fit_$f.ord" "fit_$f.csv"
done
for f in shuffled reversed; do same "fit_$f.ord" fit_mixed.ord; same "fit_$f.eff" fit_mixed.eff; done
# Times of day are kept and order one inspector's rows on one day: I01's
# two inspections on 5 March, reversed in the file, swapped in time.
T1=2019-03-05T09:30 T2="05/03/2019 14:00:00"
sed "s|^100003,I01,2019-03-05|100003,I01,$T1|; s|^100005,I01,2019-04-02|100005,I01,$T2|" \
    inspections.csv >timed.csv
{ head -n 1 timed.csv; tail -n +2 timed.csv | awk '{ l[NR] = $0 } END { for (i = NR; i > 0; i--) print l[i] }'; } >timed_rev.csv
sed "s|$T1|2019-03-05T15:30|" timed.csv >timed_swap.csv
for f in timed timed_rev timed_swap; do
    check "0|$FIT_NOTE" fit --outcome grade --categories "$G" --terms phase --group inspector \
        --lag-previous inspection_date --format csv -o "$f.fit.csv" "$f.csv"
done
same timed_rev.fit.csv timed.fit.csv
cmp -s timed_swap.fit.csv timed.fit.csv && bad "fit --lag-previous ignores the time of day" || ok
# Two rows of one inspector at the same time (or the same day, one without
# a time) cannot be ordered: refused, naming the group, the day and both
# lines, whatever the file's order.
TIE="inspector 'I01' has two rows on 2019-03-05 that --lag-previous cannot put in order"
FIX="which judgement came first decides the previous one; give both a time of day, or drop the duplicate"
sed 's|^100005,I01,2019-04-02|100005,I01,05/03/2019|' inspections.csv >tie.csv
check "2|icstat: tie.csv:10: $TIE (line 6: '2019-03-05', line 10: '05/03/2019'): $FIX" \
    fit --outcome grade --categories "$G" --terms phase --group inspector \
    --lag-previous inspection_date -o OUT.csv tie.csv
{ head -n 1 tie.csv; tail -n +2 tie.csv | awk '{ l[NR] = $0 } END { for (i = NR; i > 0; i--) print l[i] }'; } >tie_rev.csv
check "2|icstat: tie_rev.csv:13: $TIE (line 9: '05/03/2019', line 13: '2019-03-05'): $FIX" \
    fit --outcome grade --categories "$G" --terms phase --group inspector \
    --lag-previous inspection_date -o OUT.csv tie_rev.csv
sed 's|^100005,I01,2019-04-02|100005,I01,2019-03-05 14:00|' inspections.csv >tie_half.csv
check "2|icstat: tie_half.csv:10: $TIE (line 6: '2019-03-05', line 10: '2019-03-05 14:00'): $FIX" \
    fit --outcome grade --categories "$G" --terms phase --group inspector \
    --lag-previous inspection_date -o OUT.csv tie_half.csv
sed "s|^100005,I01,2019-04-02|100005,I01,$T1|; s|^100003,I01,2019-03-05|100003,I01,2019-03-05 09:30:00|" \
    inspections.csv >tie_time.csv
check "2|icstat: tie_time.csv:10: $TIE (line 6: '2019-03-05 09:30:00', line 10: '$T1'): $FIX" \
    fit --outcome grade --categories "$G" --terms phase --group inspector \
    --lag-previous inspection_date -o OUT.csv tie_time.csv
# A time that is not one is named.
sed 's|^100005,I01,2019-04-02|100005,I01,2019-04-02 25:00|' inspections.csv >badtime.csv
check "2|icstat: badtime.csv:10: column 'inspection_date' has value '2019-04-02 25:00' that is not a date: '25:00' after the date is not a time of day HH:MM or HH:MM:SS (hours 0 to 23); use YYYY-MM-DD or DD/MM/YYYY" \
    fit --outcome grade --categories "$G" --terms phase --group inspector \
    --lag-previous inspection_date -o OUT.csv badtime.csv
# Impossible dates, two-digit years, numbers among dates: fit refuses with
# the reason; import skips the row and says so (its other dates are right).
Y="use YYYY-MM-DD or DD/MM/YYYY"
for case in \
    "dates_impossible|February 2019 has no day 31|'31/02/2019'" \
    "dates_two_digit|the year has two digits|'20/03/19'"; do
    f=${case%%|*}.csv rest=${case#*|}
    why=${rest%%|*} val=${rest#*|}
    check "2|icstat: $f:8: column 'inspection_date' has value $val that is not a date: $why; $Y" \
        fit --outcome grade --categories "$G" --terms phase --group inspector \
        --lag-previous inspection_date -o OUT.csv "$f"
    check "0|icstat: import: $f: $H; 16 rows read, 15 written, 1 skipped" import ofsted -o OUT.csv "$f"
    grep -qx "icstat: import: skipped 1 row: invalid inspection date (line 8: $val)" stderr \
        && ok || bad "import $f: $(sed -n 2p stderr)"
done
check "2|icstat: dates_numbers.csv:8: column 'inspection_date' mixes dates and plain numbers ('2019-01-10' on line 2, '43544' here), which cannot be put in one order; write every date as YYYY-MM-DD or DD/MM/YYYY" \
    fit --outcome grade --categories "$G" --terms phase --group inspector \
    --lag-previous inspection_date -o OUT.csv dates_numbers.csv
check "0|icstat: import: dates_numbers.csv: $H; 16 rows read, 15 written, 1 skipped" \
    import ofsted -o OUT.csv dates_numbers.csv
# US order (03/20/2019): every other date of such a file would be misread
# (02/03 as 2 March), so import refuses the file instead of skipping a row.
US="column 'inspection_date' has value '03/20/2019' that is not a date: there is no month 20 (dates are read as DD/MM/YYYY; is this MM/DD/YYYY, the US order?)"
check "2|icstat: dates_us.csv:8: $US; $Y" \
    fit --outcome grade --categories "$G" --terms phase --group inspector \
    --lag-previous inspection_date -o OUT.csv dates_us.csv
check "2|icstat: dates_us.csv:8: $US; the file's other dates would be misread, so convert them to YYYY-MM-DD first" \
    import ofsted -o OUT.csv dates_us.csv

# ---- Wide format: one row per school --------------------------------------
WIDE="in wide format each unit (school) is one row; merge the rows, or give one row per rating with --long UNIT,RATER,RATING"
FIRST="(the unit column is the first unless --unit names another)"
check "2|icstat: duplicate_units.csv:10: unit '100003' (column 'urn') is on lines 4 and 10: $WIDE $FIRST" \
    agree -o OUT.csv duplicate_units.csv
check "2|icstat: duplicate_units.csv:10: unit '100003' (column 'urn') is on lines 4 and 10: $WIDE" \
    agree --unit urn --table --format json -o OUT.json duplicate_units.csv
sed '5s/^100004/ 100003 /' double.csv >duplicate_trimmed.csv
check "2|icstat: duplicate_trimmed.csv:5: unit '100003' (column 'urn') is on lines 4 and 5: $WIDE $FIRST" \
    agree -o OUT.csv duplicate_trimmed.csv
# Every school inspected once: Krippendorff's bootstrap has no pair of
# values to draw from (the coefficients themselves are NA with a reason).
awk -F, 'NR == 1 || !seen[$1]++' inspections.csv >single_inspection.csv
check "2|icstat: single_inspection.csv: Krippendorff's bootstrap needs pairable values, and no unit has two or more ratings" \
    agree --long urn,inspector,grade --categories "$G" --alpha-min 0.8 -o OUT.csv \
    single_inspection.csv
# No unit column at all: the first rater was taken for one, and was
# silently left out of the agreement.
cut -d, -f2,3 double.csv | awk -F, -v OFS=, 'NR == 1 { print $0, "third"; next } { print $0, $1 }' \
    >no_unit_column.csv
check "2|icstat: no_unit_column.csv:5: unit '2' (column 'lead') is on lines 2 and 5: $WIDE $FIRST" \
    agree -o OUT.csv no_unit_column.csv
sed '3s/^100002//' double.csv >no_unit.csv
check "2|icstat: no_unit.csv:3: column 'urn' (the unit) is empty; every row needs its unit's id" \
    agree -o OUT.csv no_unit.csv
# Long format: a school rated twice by one inspector.
{ cat inspections.csv; sed -n 3p inspections.csv; } >duplicate_long.csv
check "2|icstat: duplicate_long.csv:18: unit '100001' is rated by 'I02' twice (first on line 3)" \
    agree --long urn,inspector,grade -o OUT.csv duplicate_long.csv
# Whitespace-only ratings are missing, as empty ones are (and said so).
sed 's/, *,/,,/; s/," ",/,,/' whitespace.csv >whitespace_empty.csv
for f in whitespace whitespace_empty; do
    check "0|icstat: note: 2 units with a single rating: not in observed agreement (units = 6 rated twice or more); Fleiss, Conger, Gwet and Brennan-Prediger keep them in chance agreement and in n; Krippendorff's alpha leaves them out of the coefficient and its variance (a lone value cannot be paired); t intervals use all 8 units, as irrCAC does" \
        agree --format csv -o "$f.out" "$f.csv"
done
same whitespace.out whitespace_empty.out
grep -q '^cohen_kappa,.*,6,2,identity,t,conditional,0.95$' whitespace.out && ok || bad "whitespace: want 6 units rated twice"

# ---- Bytes: NUL, not UTF-8, Windows-1252, UTF-16, BOM, line ends ----------
: >empty.csv
four empty.csv "2|icstat: empty.csv:1: file is empty: a header row is required" \
    "2|icstat: empty.csv:1: file is empty: a header row is required" \
    "2|icstat: empty.csv:1: file is empty: a header row is required" \
    "2|icstat: empty.csv:1: file is empty: a header row is required"
printf '\n \n\r\n' >blank.csv
check "2|icstat: blank.csv:1: file is empty: a header row is required" agree -o OUT.csv blank.csv
sed '5s/,Good,/,Go\x00od,/' inspections.csv >nul.csv
NUL="NUL byte in field 4 (column \"grade\") (is this a binary or UTF-16 file?)"
four nul.csv "2|icstat: nul.csv:5: $NUL" "2|icstat: nul.csv:5: $NUL" "2|icstat: nul.csv:5: $NUL" \
    "2|icstat: nul.csv:5: NUL byte in field 4 (is this a binary or UTF-16 file?)"
# Windows-1252, as Excel saves "CSV" on Windows: e-acute is 0xE9, curly
# quotes 0x93 and 0x94.  Refused, since passing them on would corrupt the
# json and html outputs; the message says how to convert.  import ofsted
# decodes it, Ofsted's files being Windows-1252.
sed 's/I03/Ren\xc3\xa9e/' inspections.csv >utf8.csv
iconv -f UTF-8 -t WINDOWS-1252 utf8.csv >cp1252.csv
sed '5s/,Good,/,\xe2\x80\x9cGood\xe2\x80\x9d,/' inspections.csv | iconv -f UTF-8 -t WINDOWS-1252 >quotes1252.csv
W="if Excel on Windows saved the file, convert it with iconv -f WINDOWS-1252 -t UTF-8, or save it as \"CSV UTF-8\""
four cp1252.csv \
    "2|icstat: cp1252.csv:4: field 2 (column \"inspector\") is not UTF-8 text (byte 0xE9, after \"Ren\"); $W" \
    "2|icstat: cp1252.csv:4: field 2 (column \"inspector\") is not UTF-8 text (byte 0xE9, after \"Ren\"); $W" \
    "2|icstat: cp1252.csv:4: field 2 (column \"inspector\") is not UTF-8 text (byte 0xE9, after \"Ren\"); $W" \
    "0|icstat: import: cp1252.csv: Windows-1252 text (decoded to UTF-8); header on line 1; 16 rows read, 16 written, 0 skipped"
# import ofsted reads Ofsted's own encoding: the same table as from UTF-8.
check "0|icstat: import: utf8.csv: header on line 1; 16 rows read, 16 written, 0 skipped" \
    import ofsted -o utf8.import.csv utf8.csv
"$ICSTAT" import ofsted -o cp1252.import.csv cp1252.csv 2>/dev/null
same cp1252.import.csv utf8.import.csv
check "2|icstat: quotes1252.csv:5: field 4 (column \"grade\") is not UTF-8 text (byte 0x93, at its start); $W" \
    describe --outcome grade --format json -o OUT.json quotes1252.csv
# The same file in UTF-8 is fine, and its json is UTF-8.
check "0|" describe --outcome grade --by inspector --categories "$G" --format json -o utf8.json utf8.csv
iconv -f UTF-8 -t UTF-8 utf8.json >/dev/null 2>&1 && grep -q '"group": "Ren.e"' utf8.json \
    && ok || bad "describe json from UTF-8 input is not UTF-8, or lost the name"
# Other bytes that are not UTF-8: a lone continuation byte, a cut sequence.
printf 'urn,lead,second\n100001,2,2\n100002,\200,2\n' >lone.csv
check "2|icstat: lone.csv:3: field 2 (column \"lead\") is not UTF-8 text (byte 0x80, at its start); $W" \
    agree -o OUT.csv lone.csv
printf 'urn,lead,second\n100001,2,2\n100002,2,caf\303\n' >cut.csv
check "2|icstat: cut.csv:3: field 3 (column \"second\") is not UTF-8 text (byte 0xC3, after \"caf\"); $W" \
    agree -o OUT.csv cut.csv
# UTF-16, as Excel's "Unicode text" and some exports write it.
iconv -f UTF-8 -t UTF-16 inspections.csv >utf16.csv
X="the file is UTF-16 text (it starts with a UTF-16 byte order mark); convert it with iconv -f UTF-16 -t UTF-8, or save it as \"CSV UTF-8\""
four utf16.csv "2|icstat: utf16.csv:1: $X" "2|icstat: utf16.csv:1: $X" \
    "2|icstat: utf16.csv:1: $X" "2|icstat: utf16.csv:1: $X"
# UTF-32, in both byte orders: its little-endian mark FF FE 00 00 starts
# like UTF-16's FF FE, and was called UTF-16, whose iconv gives garbage.
iconv -f UTF-8 -t UTF-32LE inspections.csv >utf32le.body
printf '\377\376\000\000' | cat - utf32le.body >utf32le.csv
iconv -f UTF-8 -t UTF-32BE inspections.csv >utf32be.body
printf '\000\000\376\377' | cat - utf32be.body >utf32be.csv
X32="the file is UTF-32 text (it starts with a UTF-32 byte order mark); convert it with iconv -f UTF-32 -t UTF-8, or save it as \"CSV UTF-8\""
for u in utf32le utf32be; do
    four $u.csv "2|icstat: $u.csv:1: $X32" "2|icstat: $u.csv:1: $X32" \
        "2|icstat: $u.csv:1: $X32" "2|icstat: $u.csv:1: $X32"
    check "2|icstat: $u.csv:1: $X32" chart proportions -o OUT.svg $u.csv
    # ... and the advice works: the converted file is the original.
    iconv -f UTF-32 -t UTF-8 $u.csv >$u.utf8.csv && same $u.utf8.csv inspections.csv
done
# A UTF-8 byte order mark is fine at the start; further in, files were joined.
printf '\357\273\277' | cat - inspections.csv >bom.csv
csv4 bom.csv bom
same4 bom
printf '\357\273\277' | cat - inspections.csv >bom2.csv
printf '\357\273\277' | cat bom2.csv - inspections.csv >joined.csv
B="byte order mark (U+FEFF) inside the file, in field 1 (column \"urn\"): were files joined together? remove it, and any repeated header"
four joined.csv "2|icstat: joined.csv:18: $B" "2|icstat: joined.csv:18: $B" \
    "2|icstat: joined.csv:18: $B" \
    "2|icstat: joined.csv:18: byte order mark (U+FEFF) inside the file, in field 1: were files joined together? remove it, and any repeated header"
# CRLF (Windows) and CR alone (Mac Excel before 2016): the same answers,
# and the same line numbers in messages.
sed 's/$/\r/' inspections.csv >crlf.csv
tr '\n' '\r' <inspections.csv >cr.csv
for f in crlf cr; do
    csv4 "$f.csv" "$f"
    same4 "$f"
done
tr '\n' '\r' <ragged.csv >ragged_cr.csv
four ragged_cr.csv "2|icstat: ragged_cr.csv:7: row has 5 fields but the header has 6" \
    "2|icstat: ragged_cr.csv:7: row has 5 fields but the header has 6" \
    "2|icstat: ragged_cr.csv:7: row has 5 fields but the header has 6" \
    "2|icstat: ragged_cr.csv:7: row has 5 fields but the header has 6"
# Excel's trailing empty column (every line ends in a comma): dropped.
csv4 trailing_column.csv trailing
same4 trailing
sed '6s/,$/,oops/' trailing_column.csv >trailing_value.csv
check "2|icstat: trailing_value.csv:6: field 7 has a value, \"oops\", but its column has no name in the header; name the column, or delete the value" \
    agree --long urn,inspector,grade -o OUT.csv trailing_value.csv

# ---- Size: a 10 MB field, 100,000 columns ---------------------------------
yes abcdefghi, | tr -d '\n' | head -c 10485760 >big.txt
# As a school's id (quoted, commas inside): read, and the same answer.
{ head -n 3 double.csv; printf '"'; cat big.txt; printf '",3,3\n'; tail -n +5 double.csv; } >bigunit.csv
"$ICSTAT" agree --format csv double.csv >double.out 2>/dev/null
check "0|" agree --format csv -o bigunit.out bigunit.csv
same bigunit.out double.out
# As a grade or a number: refused, the value cut short in the message.
{ head -n 4 inspections.csv; printf '100002,I04,2019-02-14,"'; cat big.txt; printf '",Primary,420\n'; tail -n +6 inspections.csv; } >biggrade.csv
{ head -n 4 inspections.csv; printf '100002,I04,2019-02-14,Good,Primary,"4'; cat big.txt; printf '"\n'; tail -n +6 inspections.csv; } >bignumber.csv
BIG="abcdefghi,abcdefghi,abcdefghi,abcdefghi,abcdefghi,abcdefghi,..."
four biggrade.csv "2|icstat: biggrade.csv:5: column 'grade' has value '$BIG' that is not in --categories" \
    "2|icstat: biggrade.csv:5: column 'grade' has value '$BIG' that is not in --categories" \
    "2|icstat: biggrade.csv:5: column 'grade' has value '$BIG' that is not in --categories" \
    "0|icstat: import: biggrade.csv: $H; 16 rows read, 16 written, 0 skipped"
check "2|icstat: bignumber.csv:5: column 'pupils' has value '4abcdefghi,abcdefghi,abcdefghi,abcdefghi,abcdefghi,abcdefghi...' that is not a number; fix it, or treat the column as categorical with --factor" \
    fit --outcome grade --categories "$G" --terms pupils -o OUT.csv bignumber.csv
# Kept byte for byte by import (a text column).
{ head -n 4 inspections.csv | sed '1s/,phase,/,Ofsted phase,/'; printf '100002,I04,2019-02-14,Good,"'; cat big.txt; printf '",420\n'; tail -n +6 inspections.csv; } >bigphase.csv
check "0|icstat: import: bigphase.csv: $H; 16 rows read, 16 written, 0 skipped" \
    import ofsted -o bigphase.out bigphase.csv
[ "$(sed -n 5p bigphase.out | cut -d, -f1-4)" = "100002,NA,2019-02-14,NA" ] \
    && [ "$(sed -n 5p bigphase.out | wc -c)" -gt 10485760 ] && ok || bad "import: the 10 MB phase"
rm -f bigphase.out big*.csv big.txt

# 100,000 columns (header c1 ... c99999, ratings 1-4), 6 schools: nothing
# may be quadratic in the columns, so each command takes well under a
# second (a quadratic step would take minutes).  Limit: BAD_INPUT_MS.
awk 'BEGIN { n = 100000; printf "urn"; for (i = 1; i < n; i++) printf ",c%d", i; printf "\n";
             x = 7; for (r = 1; r <= 6; r++) { printf "%d", 100000 + r;
               for (i = 1; i < n; i++) { x = (x * 1103515245 + 12345) % 2147483648;
                                         printf ",%d", int(x / 65536) % 4 + 1 }
               printf "\n" } }' >wide.csv
LIMIT=${BAD_INPUT_MS:-4000}
ms() { date +%s%N | cut -c1-13; }
# timed 'RC|LINE' ARGS...: as check, and within LIMIT milliseconds.
timed() {
    t0=$(ms)
    check "$@"
    t=$(($(ms) - t0))
    [ "$t" -le "$LIMIT" ] && ok || bad "icstat $2 on 100,000 columns took $t ms (limit $LIMIT)"
}
timed "0|" agree --format csv -o OUT.csv wide.csv
timed "0|" agree --raters "$(awk 'BEGIN { printf "c1"; for (i = 2; i <= 15000; i++) printf ",c%d", i }')" \
    --format csv -o OUT.csv wide.csv
timed "0|" describe --outcome c5 --by c99999 --format csv -o OUT.csv wide.csv
timed "0|" fit --outcome c5 --terms c99999 --format csv -o OUT.csv wide.csv
sed '1s/^urn,c1,/URN,Inspection date,/; 2,$s/^\([0-9]*\),[0-9]*,/\1,2019-01-01,/' wide.csv >wide_ofsted.csv
timed "0|icstat: import: wide_ofsted.csv: $H; 6 rows read, 6 written, 0 skipped" \
    import ofsted -o OUT.csv wide_ofsted.csv
sed '1s/,c99999$/,c5/' wide.csv >wide_dup.csv
timed "2|icstat: wide_dup.csv:1: duplicate column name \"c5\" (columns 6 and 100000)" \
    agree -o OUT.csv wide_dup.csv
sed '1s/,c99999$/,Inspection date/; 1s/^urn,c1,/URN,Inspection date,/' wide.csv >wide_dup2.csv
timed "2|icstat: wide_dup2.csv:1: the header has 'Inspection date' twice (columns 2 and 100000): which one is inspection_date? rename or delete the other" \
    import ofsted -o OUT.csv wide_dup2.csv
rm -f wide*.csv

# ---- icstat chart: the csv it reads ---------------------------------------
"$ICSTAT" describe --outcome grade --by phase --categories "$G" --format csv inspections.csv \
    >stacked.csv 2>/dev/null
head -n 1 stacked.csv >chart_header_only.csv
sed '3s/,Good,/,Go\x00od,/' stacked.csv >chart_nul.csv
sed '3s/^Primary/Prim\xe4ry/' stacked.csv >chart_1252.csv
sed '4s/,[^,]*$//' stacked.csv >chart_ragged.csv
sed '1s/ci_low/percent/' stacked.csv >chart_dup.csv
for case in \
    "empty.csv|icstat: empty.csv:1: file is empty: a header row is required" \
    "chart_header_only.csv|icstat: chart_header_only.csv:1: the header has no data rows below it" \
    "chart_nul.csv|icstat: chart_nul.csv:3: NUL byte in field 2 (column \"category\") (is this a binary or UTF-16 file?)" \
    "chart_1252.csv|icstat: chart_1252.csv:3: field 1 (column \"group\") is not UTF-8 text (byte 0xE4, after \"Prim\"); $W" \
    "chart_ragged.csv|icstat: chart_ragged.csv:4: row has 7 fields but the header has 8" \
    "chart_dup.csv|icstat: chart_dup.csv:1: duplicate column name \"percent\" (columns 5 and 6)"; do
    check "2|${case#*|}" chart stacked -o OUT.svg "${case%%|*}"
done
# CR line ends and a byte order mark draw the same chart (its data file).
mkdir -p lf cr bom
cp stacked.csv lf/s.csv
tr '\n' '\r' <stacked.csv >cr/s.csv
printf '\357\273\277' | cat - stacked.csv >bom/s.csv
for d in lf cr bom; do
    check "0|" chart stacked -o "$d/s.svg" "$d/s.csv"
done
same cr/s.dat lf/s.dat
same bom/s.dat lf/s.dat

# ---- icstat simulate --spec ------------------------------------------------
printf 'inspectors = 4\ninspections = 8\ncategories = Good, Requires improvement\nthresholds = 0\n' >lf.spec
"$ICSTAT" simulate --spec lf.spec --seed 2 >lf.sim.csv 2>/dev/null
tr '\n' '\r' <lf.spec >cr.spec
sed 's/$/\r/' lf.spec >crlf.spec
printf '\357\273\277' | cat - lf.spec >bom.spec
for f in cr crlf bom; do
    check "0|" simulate --spec "$f.spec" --seed 2 -o "$f.sim.csv"
    same "$f.sim.csv" lf.sim.csv
done
# "--spec -" reads standard input, as every other input "-" does.
"$ICSTAT" simulate --spec - --seed 2 -o stdin.sim.csv <lf.spec && same stdin.sim.csv lf.sim.csv
printf 'inspectors = 4\n' | "$ICSTAT" simulate --spec - -o OUT.csv 2>stderr
[ "$(head -n 1 stderr)" = "icstat: <stdin>: the spec gives no 'inspections'" ] && ok \
    || bad "simulate --spec -: $(head -n 1 stderr)"
no_output "simulate --spec -"
sed 's/Good/Tr\xe8s bien/' lf.spec >cp1252.spec
: >empty.spec
printf 'inspectors = 4\ninspections\000 = 8\n' >nul.spec
iconv -f UTF-8 -t UTF-16 lf.spec >utf16.spec
iconv -f UTF-8 -t UTF-32 lf.spec >utf32.spec
for case in \
    "cp1252.spec|icstat: cp1252.spec:3: the line is not UTF-8 text (byte 0xE8); convert the file, e.g. iconv -f WINDOWS-1252 -t UTF-8" \
    "empty.spec|icstat: empty.spec: the spec gives no 'inspectors'" \
    "nul.spec|icstat: nul.spec: NUL byte: not a text file" \
    "utf16.spec|icstat: utf16.spec:1: the file is UTF-16 text (it starts with a UTF-16 byte order mark); convert it with iconv -f UTF-16 -t UTF-8" \
    "utf32.spec|icstat: utf32.spec:1: the file is UTF-32 text (it starts with a UTF-32 byte order mark); convert it with iconv -f UTF-32 -t UTF-8"; do
    check "2|${case#*|}" simulate --spec "${case%%|*}" -o OUT.csv --double OUT_double.csv
done

# ---- agree --by: a unit-level column (issue 18, item 6) -------------------
# A school's phase that differs between its two inspectors' rows; phase
# missing on both rows of a school (left out, with a note); a level left
# with one school; a --by column the file does not have.
sed '3s/,Primary,/,Secondary,/' inspections.csv >by_varies.csv
check "2|icstat: by_varies.csv:3: --by 'phase' is 'Secondary' for unit '100001' here but 'Primary' on line 2: a unit's --by value must be the same on each of its rows" \
    agree --long urn,inspector,grade --categories "$G" --by phase -o OUT.csv by_varies.csv
sed '2s/,Primary,/,,/; 3s/,Primary,/,,/' inspections.csv >by_missing.csv
check "0|-" \
    agree --long urn,inspector,grade --categories "$G" --by phase --format csv -o OUT.csv by_missing.csv
grep -q "^icstat: note: 1 rated unit with no 'phase' left out$" stderr && ok ||
    bad "agree --by phase, phase missing: no note on the unit left out"
sed '/^10000[3-7],/s/,Secondary,/,Primary,/' inspections.csv >by_lonely.csv
sed -i '16,17s/,Primary,/,Special,/' by_lonely.csv
check "2|icstat: by_lonely.csv: --by 'phase': level 'Special' has 1 rated unit; each level needs at least two (a standard error needs two)" \
    agree --long urn,inspector,grade --categories "$G" --by phase -o OUT.csv by_lonely.csv
check "2|icstat: inspections.csv: --by names 'region', which is not a column of the file" \
    agree --long urn,inspector,grade --categories "$G" --by region -o OUT.csv inspections.csv
# ---- ICC on ratings REML cannot fit (issue 18, item 4) ---------------------
# One inspector per school, one school, no variation: the two-way forms are
# NA with the reason (exit 0), never a crash or a made-up number.
printf 'urn,inspector,grade\n1,A,3\n2,B,4\n3,A,2\n4,B,1\n' >icc_one_each.csv
printf 'urn,inspector,grade\n1,A,3\n1,B,4\n2,A,2\n' >icc_one_rater_twice.csv
printf 'urn,inspector,grade\n1,A,3\n1,B,3\n2,A,3\n3,C,3\n' >icc_no_variation.csv
for c in "icc_one_each|REML needs more ratings (4) than units and raters less one (5)" \
    "icc_one_rater_twice|REML needs more ratings (3) than units and raters less one (3)" \
    "icc_no_variation|no variation among the scores, so the ICC is undefined"; do
    f=${c%%|*}
    run 0 - agree --long urn,inspector,grade --icc --format csv -o OUT.csv "$f.csv"
    grep -q '^icc_2_1,NA,' OUT.csv && grep -q '^icc_3_k,NA,' OUT.csv && ok ||
        bad "$f: REML forms not NA"
    grep -q "${c#*|}" stderr && ok || bad "$f: no reason '${c#*|}'"
    rm -f OUT.csv
done

echo "bad-input: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
