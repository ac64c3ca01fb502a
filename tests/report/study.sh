#!/bin/sh
# study.sh — chapter 9 of the report, "A study of published outcomes", on
# files given as OFSTED_MI (plots/study.sh, plots/study_report.sh).
#
# Usage (from the repository root; `make evidence-check` runs it after
# tests/report/check_evidence.sh, whose synthetic run it reuses):
#   MAKE=make tests/report/study.sh [SYNTHETIC_RUN] [WORKDIR]
# SYNTHETIC_RUN is a finished `make evidence` (default build/evidence):
# its chapter must be labelled SYNTHETIC and name its file's SHA-256, and
# its SYNTHETIC Ofsted file is given again under a hostile name.  Checks:
#   1. OFSTED_MI naming a file that is not there: exit 2, the message, and
#      no report (nor any table) in a fresh RESULTS;
#   2. a copy of the SYNTHETIC file named with spaces, quotes, $, `...`,
#      $(...), ;, & and <script> : nothing in the name runs, the report names
#      the file and its SHA-256, its counts are the importer's own summary's,
#      no SYNTHETIC label is left in chapter 9, and REPORT.html shows the
#      name as escaped text (no <script> element);
#   3. Ofsted's real 2023 West Midlands file, ../shared/ofsted-real/ (see
#      its PROVENANCE.md), when it is there: the chapter, its SHA-256 and
#      counts, the plain statement that it has no report cards and no
#      report-card charts, and the page in Chromium with 11 charts.  Skipped
#      with a message when the folder is absent.
# OFSTED_REAL names another copy of the real file (or a missing one, to see
# the skip).  POWER_REPS is 200 in these runs (the power simulations of section 8 are
# not what is tested here).
set -u
MAKE=${MAKE:-make}
SYN=${1:-build/evidence}
WORK=${2:-build/study}
ICSTAT=${ICSTAT:-bin/icstat}
REAL=${OFSTED_REAL:-../shared/ofsted-real/foomatia_Project_3__west_midlands_df.csv}
export ICSTAT
ROOT_DIR=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/icstat-study.XXXXXX")
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "study: FAIL: $*"; }

# count N: 35751 -> 35,751, as the report writes numbers.
count() {
    awk -v x="$1" 'BEGIN { s = sprintf("%.0f", x)
        while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
        print s out }'
}
# chapter REPORT: section 9 of REPORT.md on one line (the text is wrapped).
chapter() {
    sed -n '/^## 9\./,$p' "$1" | tr '\n' ' '
}
# has TEXT WHAT: TEXT is in the chapter (as chapter wrote it).
has() {
    if grep -F -q -- "$1" "$T/chapter.txt"; then ok; else bad "$2: the chapter does not say '$1'"; fi
}
# counts_match FILE WHAT: the chapter's read/written/skipped are the
# importer's, from its summary on stderr.
counts_match() {
    "$ICSTAT" import ofsted -o /dev/null "$1" 2>"$T/import.err"
    set -- $(awk '/rows read/ { for (i = 1; i < NF; i++) { w = $(i + 1); sub(/[,;.]$/, "", w)
        if (w == "rows") r = $i; if (w == "written") wr = $i; if (w == "skipped") s = $i } }
        END { print r, wr, s }' "$T/import.err") "$2"
    if [ $# -ne 4 ]; then
        bad "$4: the importer's summary has no counts: $(head -n 1 "$T/import.err")"
        return
    fi
    has "read $(count "$1") rows" "$4"
    has "wrote $(count "$2") inspections" "$4"
    has "skipped $(count "$3")." "$4"
}

mkdir -p "$(dirname "$WORK")"
rm -rf "$WORK" "$WORK.log"

# --- 1. A file that is not there ---------------------------------------------
out=$($MAKE --no-print-directory evidence RESULTS="$WORK" POWER_REPS=200 \
    OFSTED_MI="$WORK-no such file.csv" 2>&1)
rc=$?
case $out in
*"evidence: OFSTED_MI: cannot read the file '$WORK-no such file.csv' (no such file, or not a readable file)"*)
    ok ;;
*) bad "a missing OFSTED_MI: no clear message: $(printf '%s' "$out" | tail -n 3)" ;;
esac
[ "$rc" -ne 0 ] && ok || bad "a missing OFSTED_MI: make evidence succeeded"
if [ -e "$WORK/REPORT.md" ] || [ -e "$WORK/tables" ]; then
    bad "a missing OFSTED_MI: $WORK has a report or tables"
else
    ok
fi
# evidence.sh itself says exit 2
RESULTS=$WORK OFSTED_MI="$WORK-missing.csv" sh plots/evidence.sh >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "plots/evidence.sh with a missing OFSTED_MI: not exit 2"

# --- 2. The SYNTHETIC run, and its file under a hostile name -------------------
mi=$SYN/synthetic/ofsted_mi.csv
if [ ! -s "$SYN/REPORT.md" ] || [ ! -s "$mi" ]; then
    bad "no synthetic run in $SYN (run tests/report/check_evidence.sh first)"
else
    chapter "$SYN/REPORT.md" >"$T/chapter.txt"
    sha=$(sha256sum <"$mi" | cut -c 1-64)
    grep -q '^## 9\. A study of published outcomes (SYNTHETIC)$' "$SYN/REPORT.md" && ok ||
        bad "synthetic run: no chapter 9 heading labelled SYNTHETIC"
    has "$sha" "synthetic run"
    has "This chapter runs on SYNTHETIC data." "synthetic run"
    has "make evidence OFSTED_MI=path/to/file.csv" "synthetic run"
    has "https://www.gov.uk/government/statistical-data-sets/monthly-management-information-ofsteds-school-inspections-outcomes" "synthetic run"
    counts_match "$mi" "synthetic run"
    for c in 09-grades 10-stability 11-la-effects 12-report-card-areas 13-area-agreement 14-report-card-vs-previous; do
        [ -s "$SYN/charts/$c.svg" ] && ok || bad "synthetic run: no chart $c"
        grep -q "SYNTHETIC" "$SYN/charts/$c.svg" && ok || bad "synthetic run: chart $c does not say SYNTHETIC"
    done

    # The same bytes under a name a shell would run, in a folder with a
    # space: the markers must never appear.
    dir="$WORK-hostile dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    # (a command run from the name would leave PWNED-n wherever it ran:
    # the repository, or a folder under it)
    name="it's \"a\" \$(touch PWNED-1) \`touch PWNED-2\` ; touch PWNED-3 & <script>x.csv"
    cp "$mi" "$dir/$name"
    if $MAKE --no-print-directory evidence RESULTS="$WORK" POWER_REPS=200 OFSTED_MI="$dir/$name" \
        >"$WORK.log" 2>&1; then
        ok
        pwned=$(find . "$dir" -name 'PWNED-*' 2>/dev/null | head -n 3)
        if [ -n "$pwned" ]; then
            bad "a hostile name ran a command: $pwned"
            find . "$dir" -name 'PWNED-*' -exec rm -f {} + 2>/dev/null
        else
            ok
        fi
        chapter "$WORK/REPORT.md" >"$T/chapter.txt"
        grep -q '^## 9\. A study of published outcomes$' "$WORK/REPORT.md" && ok ||
            bad "hostile name: the chapter's heading is not the unlabelled one"
        if grep -q SYNTHETIC "$T/chapter.txt"; then bad "hostile name: chapter 9 still says SYNTHETIC"; else ok; fi
        # the name as shown: no directory, backquotes as '?'
        shown=$(printf '%s' "$name" | tr '`' '?')
        has "$shown" "hostile name"
        has "$sha" "hostile name"
        counts_match "$dir/$name" "hostile name"
        # the HTML page has the name escaped, never as markup
        html=$(printf '%s' "$shown" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g')
        grep -F -q "$html" "$WORK/REPORT.html" && ok ||
            bad "hostile name: REPORT.html does not show the name as text ($html)"
        if grep -q -i '<script' "$WORK/REPORT.html"; then
            bad "hostile name: REPORT.html has a <script> element"
        else
            ok
        fi
    else
        bad "make evidence with a hostile OFSTED_MI failed: $(tail -n 5 "$WORK.log")"
    fi
    rm -rf "$dir"
fi

# --- 3. Ofsted's real file ------------------------------------------------------
if [ ! -f "$REAL" ]; then
    echo "study: SKIPPED the real file: $REAL is not here (it is not part of the repository; see ../shared/ofsted-real/PROVENANCE.md)"
else
    rm -rf "$WORK"
    start=$(date +%s)
    if $MAKE --no-print-directory evidence RESULTS="$WORK" POWER_REPS=200 OFSTED_MI="$REAL" \
        >"$WORK.log" 2>&1; then
        ok
        echo "study: make evidence OFSTED_MI=$REAL: $(($(date +%s) - start)) s"
        chapter "$WORK/REPORT.md" >"$T/chapter.txt"
        sha=$(sha256sum <"$REAL" | cut -c 1-64)
        has "foomatia_Project_3__west_midlands_df.csv" "real file"
        has "$sha" "real file"
        counts_match "$REAL" "real file"
        has "This file has no report cards." "real file"
        has "Every school in the file has the same region (West Midlands)" "real file"
        if grep -q SYNTHETIC "$T/chapter.txt"; then bad "real file: chapter 9 says SYNTHETIC"; else ok; fi
        for c in 12-report-card-areas 13-area-agreement 14-report-card-vs-previous; do
            [ -e "$WORK/charts/$c.svg" ] && bad "real file: a report-card chart $c was drawn" || ok
        done
        awk -F, '$1 == "fit" && $2 == "converged" { exit !($3 == 1) }' "$WORK/tables/11-la-model.csv" &&
            ok || bad "real file: the local-authority model did not converge"
        CHARTS=11 sh tests/report/chromium_check.sh "$WORK/REPORT.html" "$WORK.png" >"$WORK.chromium" 2>&1 &&
            ok || { bad "real file: chromium_check"; grep -v '^/usr/bin' "$WORK.chromium" | head -n 10; }
        grep -E '^chromium_check: (DOM|SKIPPED)' "$WORK.chromium"
        # the figures, for the log
        awk -F, '$2 ~ /^(sd\(local_authority\)|latent_icc|n|groups)$/ { printf "study: real file: %s %s (%s to %s)\n", $2, $3, $7, $8 }' \
            "$WORK/tables/11-la-model.csv"
        awk -F, '$13 == "All schools" { printf "study: real file: %s %s (%s to %s), %s schools\n", $1, $2, $4, $5, $9 }' \
            "$WORK/tables/10-stability.csv"
    else
        bad "make evidence OFSTED_MI=$REAL failed: $(tail -n 5 "$WORK.log")"
    fi
fi

# --- 4. A file too small for 9.1-9.3 ---------------------------------------------
# The report-card fixture (5 inspections: 3 report cards, 1 school graded
# under the old framework, no previous grades for it): each section that
# cannot be made says why, 9.4 is made, and the run succeeds.
small=$ROOT_DIR/tests/fixtures/ofsted/report_cards_2026.csv
if $MAKE --no-print-directory evidence RESULTS="$WORK" POWER_REPS=200 OFSTED_MI="$small" \
    >"$WORK.log" 2>&1; then
    ok
    chapter "$WORK/REPORT.md" >"$T/chapter.txt"
    has "**Not made from this file.** 1 schools have an overall effectiveness grade (at least 30 are needed)." "small file 9.1"
    has "**Not made from this file.** 0 schools have both a previous and a latest overall effectiveness grade" "small file 9.2"
    has "(the model needs at least 100 schools in at least 5 authorities)" "small file 9.3"
    has "3 inspections in the file are report cards." "small file 9.4"
    for c in 09-grades 10-stability 11-la-effects; do
        [ -e "$WORK/charts/$c.svg" ] && bad "small file: chart $c drawn" || ok
    done
    [ -e "$WORK/charts/12-report-card-areas.svg" ] && ok || bad "small file: no report-card chart"
else
    bad "make evidence on a file too small for 9.1-9.3 failed: $(tail -n 5 "$WORK.log")"
fi

echo "study: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
