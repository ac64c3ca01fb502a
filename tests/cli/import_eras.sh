#!/bin/sh
# icstat import ofsted on every published layout (issue 14): the fixtures
# in tests/fixtures/ofsted/ cell by cell against their expected canonical
# tables, the same data in other encodings, line ends and containers
# (.xlsx, .ods) to the same bytes, and the real 2023 file in
# ../shared/ofsted-real/ when it is there (skipped, with a message, when
# it is not: it is never copied into the repository).
# Run from the repository root: ICSTAT=bin/icstat sh tests/cli/import_eras.sh
set -u
NAME=import-eras
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"
OF=$ROOT/tests/fixtures/ofsted

# same GOT WANT: byte for byte.
same() {
    if cmp -s "$1" "$2"; then ok; else bad "$1 differs from $2"; diff "$2" "$1" | head -5; fi
}
# has TEXT: stderr has a line that is exactly TEXT.
has() {
    grep -qxF -- "$1" stderr && ok || bad "stderr has no line '$1': $(cat stderr)"
}

# ---- each era's layout against its expected table ------------------------
for f in report_cards_2026 official_2023 latest_2024 older_2016 historical_2005_2015; do
    run 0 - import ofsted "$OF/$f.csv" -o "$f.out.csv"
    same "$f.out.csv" "$OF/$f.expected.csv"
done

# Report cards (Windows-1252, CRLF, a title row, the Latest OEIF block).
run 0 - import ofsted "$OF/report_cards_2026.csv" -o rc.csv
has "icstat: import: $OF/report_cards_2026.csv: Windows-1252 text (decoded to UTF-8); header on line 2; 6 rows read, 5 written, 1 skipped"
has "icstat: import: skipped 1 row: no inspection date (not inspected) (line 6)"
has "icstat: import: inspections by framework: eif_2019 1, eif_2024 1, report_card 3"
has "icstat: import: previous_* are filled for report cards only (from the Latest OEIF columns): the file has no inspection before a Latest OEIF one"
# A report card: no overall grade, areas 1-5, previous_* from Latest OEIF.
grep -qx '100003,10423456,2025-11-20,S5 Inspection,Primary,West Midlands,Other Borough,1,201,NA,NA,NA,NA,NA,Special Measures,ITS449512,2015-01-21,4,report_card,not met,4,4,5,3,4,5,4,NA' rc.csv \
    && ok || bad "report card row 100003: $(grep ^100003 rc.csv)"
# No report card yet: the Latest OEIF inspection, from September 2024 without an overall grade.
grep -qx '100002,10234567,2025-02-03,S5 Inspection,Secondary,West Midlands,Testshire,5,1104,NA,3,2,2,3,NA,NA,NA,NA,eif_2024,met,NA,NA,NA,NA,NA,NA,NA,NA' rc.csv \
    && ok || bad "Latest OEIF row 100002: $(grep ^100002 rc.csv)"
grep -q '^100004,' rc.csv && bad "a school never inspected was written" || ok
# The canonical table is UTF-8 whatever the input was.
iconv -f UTF-8 -t UTF-8 rc.csv >/dev/null 2>&1 && ok || bad "report-card output is not UTF-8"

# Official statistics 2023 in Ofsted's bytes; the same after a pandas round
# trip (index column, 103120.0, latin-1 misreading of 0x96).
run 0 - import ofsted "$OF/official_2023_pandas.csv" -o pandas.csv
same pandas.csv "$OF/official_2023.expected.csv"
grep -q '^200003,.*,Special Measures,10045678,2018-10-03,3,eif_2019,not met,' pandas.csv \
    && ok || bad "official 2023 row 200003: $(grep ^200003 pandas.csv)"

# The common inspection framework's sixth-form judgement (2015-2019) is
# post_16; a grade dated from 10 November 2025 is on the report-card scale.
printf 'URN,Inspection date,16-19 study programmes (where applicable),Early years\n5,01/02/2017,2,9\n6,01/02/2026,Strong standard,Exceptional\n' >cif.csv
run 0 - import ofsted cif.csv -o cif.out
[ "$(cut -d, -f1,19,27,28 cif.out | tr '\n' ' ')" = "urn,framework,early_years,post_16 5,cif_2015,NA,2 6,report_card,1,2 " ] \
    && ok || bad "16-19 study programmes and report-card early years: $(cut -d, -f1,19,27,28 cif.out | tr '\n' ' ')"

# icstat's own table reads back to the same bytes (canonical names are
# known names too).
for f in report_cards_2026 official_2023 latest_2024 older_2016 historical_2005_2015 bad_values; do
    run 0 - import ofsted "$OF/$f.expected.csv" -o "$f.again.csv"
    same "$f.again.csv" "$OF/$f.expected.csv"
done

# ---- the same bytes in other encodings and line ends -----------------------
# UTF-8 (with and without BOM) and LF against Windows-1252 and CRLF.
iconv -f WINDOWS-1252 -t UTF-8 "$OF/report_cards_2026.csv" | tr -d '\r' >rc_utf8.csv
printf '\357\273\277' | cat - rc_utf8.csv >rc_bom.csv
for f in rc_utf8.csv rc_bom.csv; do
    run 0 - import ofsted "$f" -o "$f.out"
    same "$f.out" "$OF/report_cards_2026.expected.csv"
done
# Mixed encodings cannot be decoded right: an error, not a guess.
{ cat rc_utf8.csv; printf '100009,x,x,Caf\351\n'; } >mixed.csv
run 2 - import ofsted mixed.csv -o mixed.out
grep -q 'the file mixes UTF-8 and Windows-1252' stderr && ok || bad "mixed encodings: $(cat stderr)"
[ -e mixed.out ] && bad "mixed encodings: wrote an output" || ok

# ---- workbooks: .xlsx and .ods converted by ssconvert ----------------------
# ssconvert (gnumeric) makes both from the CSV, its dates written
# YYYY-MM-DD so that they become date cells; a notes sheet in front must
# be passed over.  Skipped where ssconvert is missing.
if command -v ssconvert >/dev/null 2>&1; then
    printf 'Notes\nThis workbook holds synthetic rows for tests.\n' >notes.csv
    sed -E 's#([0-9]{2})/([0-9]{2})/([0-9]{4})#\3-\2-\1#g' rc_utf8.csv >data.csv
    ssconvert --merge-to=book.ods notes.csv data.csv >/dev/null 2>&1
    ssconvert --merge-to=book.xlsx notes.csv data.csv >/dev/null 2>&1
    for b in book.ods book.xlsx; do
        if [ -s "$b" ]; then
            run 0 - import ofsted "$b" -o "$b.csv"
            same "$b.csv" "$OF/report_cards_2026.expected.csv"
            run 0 - import ofsted --sheet 2 "$b" -o "$b.2.csv"
            same "$b.2.csv" "$OF/report_cards_2026.expected.csv"
            run 2 - import ofsted --sheet 1 "$b" -o "$b.1.csv"
            grep -q "no header with a URN column in the first 10 rows (sheet 1)" stderr \
                && ok || bad "$b --sheet 1: $(cat stderr)"
            run 2 - import ofsted --sheet 9 "$b" -o "$b.9.csv"
            [ -e "$b.9.csv" ] && bad "$b --sheet 9 wrote an output" || ok
        else
            bad "ssconvert could not make $b"
        fi
    done
    ls "${TMPDIR:-/tmp}" | grep -q '^icstat-sheets\.' && bad "a conversion left its directory" || ok
else
    echo "import_eras: ssconvert missing: the .xlsx and .ods tests are skipped (make import-deps)"
fi
# Without the converter: the error names the Debian package.
: >empty.ods
mkdir -p nobin
env PATH="$T/nobin" "$ICSTAT" import ofsted empty.ods -o x.csv >stdout 2>stderr
[ $? -eq 2 ] && ok || bad "ods without ssconvert: exit status"
grep -q "reading .ods needs ssconvert, which is not installed: install it (Debian: apt-get install gnumeric" stderr \
    && ok || bad "ods without ssconvert: $(cat stderr)"

# ---- the real 2023 file, when it is here --------------------------------
REAL=$ROOT/../shared/ofsted-real/foomatia_Project_3__west_midlands_df.csv
if [ -r "$REAL" ]; then
    run 0 - import ofsted "$REAL" -o real.csv
    has "icstat: import: $REAL: header on line 1; 2417 rows read, 2395 written, 22 skipped"
    has "icstat: import: inspections by framework: pre_2012 202, 2012 791, cif_2015 558, eif_2019 844"
    [ "$(wc -l <real.csv)" -eq 2396 ] && ok || bad "real file: $(wc -l <real.csv) lines"
    # Cells checked by hand against the input (line 2 and line 3 of it).
    grep -qx '103120,ITS449512,2015-01-21,S5 Inspection,Nursery,West Midlands,Birmingham,5,94,2,NA,NA,NA,2,NA,ITS376823,2012-03-21,2,2012,NA,NA,NA,NA,NA,NA,NA,2,NA' real.csv \
        && ok || bad "real file row 103120: $(grep ^103120, real.csv)"
    grep -qx '103121,10210907,2022-03-15,S5 Inspection,Nursery,West Midlands,Birmingham,5,132,1,1,1,1,1,NA,ITS448079,2014-12-04,1,eif_2019,met,NA,NA,NA,NA,NA,NA,NA,NA' real.csv \
        && ok || bad "real file row 103121: $(grep ^103121, real.csv)"
    [ "$(cut -d, -f15 real.csv | grep -c '^Special Measures$')" -eq 48 ] && ok || bad "real file: Special Measures count"
    # Re-encoded as Ofsted publishes it (Windows-1252, CRLF): the same bytes.
    iconv -f UTF-8 -t LATIN1 "$REAL" | sed 's/$/\r/' >real1252.csv
    run 0 - import ofsted real1252.csv -o real1252.out
    same real1252.out real.csv
    rm -f real1252.csv
else
    echo "import_eras: ../shared/ofsted-real/ is absent: the real-file tests are skipped"
fi

echo "import eras: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
