#!/bin/sh
# check_evidence.sh — `make evidence` gives the same bytes every time, and
# its HTML report opens in a browser.
#
# Usage (from the repository root; `make evidence-check` runs it):
#   MAKE=make tests/report/check_evidence.sh [WORKDIR]
# Runs `make evidence RESULTS=WORKDIR` twice, each time from an empty
# WORKDIR (default build/evidence), so that the synthetic data sets, every
# table, chart and both reports are made afresh, and compares the two trees
# byte for byte (nothing in them may depend on the date, the run or the
# number of threads), and that REPORT.md records the version `icstat
# --version` shows.  Then tests/report/chromium_check.sh loads
# WORKDIR/REPORT.html in headless Chromium (skipped when there is none) and
# leaves its screenshot at WORKDIR.png, and must reject a broken copy of it.
set -u
MAKE=${MAKE:-make}
WORK=${1:-build/evidence}
ICSTAT=${ICSTAT:-bin/icstat}
export ICSTAT

once() { # $1: where the run's output goes
    rm -rf "$WORK"
    start=$(date +%s)
    if ! $MAKE --no-print-directory evidence RESULTS="$WORK" ICSTAT="$ICSTAT" >"$1" 2>&1; then
        echo "check_evidence: FAIL: make evidence RESULTS=$WORK:"
        tail -n 20 "$1"
        exit 1
    fi
    echo "check_evidence: make evidence RESULTS=$WORK: $(($(date +%s) - start)) s"
}

mkdir -p "$(dirname "$WORK")"
rm -rf "$WORK.first"
once "$WORK.first.log"
mv "$WORK" "$WORK.first"
once "$WORK.log"
if ! diff -r "$WORK.first" "$WORK" >"$WORK.diff" 2>&1; then
    echo "check_evidence: FAIL: a second make evidence gave different files:"
    grep -E '^(diff|Only|Binary)' "$WORK.diff" | head -n 20
    exit 1
fi
echo "check_evidence: the second run's $(find "$WORK" -type f | wc -l) files are byte-identical to the first's"
rm -rf "$WORK.first" "$WORK.first.log" "$WORK.diff"
grep -E '^report: charts skipped' "$WORK.log" || true

# The version the report records is what `icstat --version` says, and
# ICSTAT_VERSION in include/icstat/version.h; so is the one in each chart script.
version=$("$ICSTAT" --version)
header=$(sed -n 's/^#define ICSTAT_VERSION "\(.*\)"$/icstat \1/p' include/icstat/version.h)
recorded=$(grep -m 1 '^| icstat |' "$WORK/REPORT.md")
if [ "$recorded" != "| icstat | $version |" ] || [ "$version" != "$header" ]; then
    echo "check_evidence: FAIL: versions differ: REPORT.md '$recorded', $ICSTAT --version '$version', include/icstat/version.h '$header'"
    exit 1
fi
for gp in "$WORK"/charts/*.gp; do
    [ -f "$gp" ] || continue
    if ! grep -q "^# Made by $version:" "$gp"; then
        echo "check_evidence: FAIL: $gp was not made by $version"
        exit 1
    fi
done
echo "check_evidence: REPORT.md records $version, as icstat --version and include/icstat/version.h say"
# Chart 5 is crowded (eleven rows in three panels), which leaves the
# Landis-Koch bands narrow: every one on the chance-corrected panel's axis
# must still be named ("Poor" when it starts below 0; the ICCs' interval
# below 0 is in a panel of their own, without bands).
for gp in "$WORK"/charts/05-agreement.gp; do
    [ -f "$gp" ] || continue
    bands="Slight Fair Moderate Substantial Almost"
    awk '/^set xrange \[/ && !seen++ { x = $3; sub(/^\[/, "", x); sub(/:.*/, "", x); below = x + 0 < 0 }
         END { exit !below }' "$gp" &&
        bands="Poor $bands"
    for band in $bands; do
        if ! grep -q "^set label \"$band" "$gp"; then
            echo "check_evidence: FAIL: $gp does not name the band '$band'"
            exit 1
        fi
    done
done
sh tests/report/chromium_check.sh "$WORK/REPORT.html" "$WORK.png" || exit 1

# The browser check must catch a broken page: a chart twice and another
# missing, and an image from another file.
bad=$WORK.broken.html
sed -e 's/id="chart-8"/id="chart-3"/' \
    -e 's|</main>|<img src="missing.png" alt=""></main>|' "$WORK/REPORT.html" >"$bad"
out=$(sh tests/report/chromium_check.sh "$bad" "$WORK.broken.png" 2>&1)
case $out in
*SKIPPED*) ;;
*"chart 3 appears 2 times"*"external resource"* | *"external resource"*"chart 3 appears 2 times"*)
    echo "check_evidence: chromium_check rejects a page with a chart missing and an image from another file" ;;
*)
    echo "check_evidence: FAIL: chromium_check did not reject a broken page:"
    echo "$out"
    exit 1 ;;
esac
rm -f "$bad" "$WORK.broken.png"

# REPORT.pdf, printed by Chromium when it is installed.
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 ||
    command -v google-chrome >/dev/null 2>&1; then
    if [ "$(head -c 5 "$WORK/REPORT.pdf" 2>/dev/null)" != "%PDF-" ]; then
        echo "check_evidence: FAIL: no $WORK/REPORT.pdf"
        exit 1
    fi
    echo "check_evidence: $WORK/REPORT.pdf has $(LC_ALL=C grep -a -c '/Type /Page\b' "$WORK/REPORT.pdf") pages"
fi

# The report made again keeps what a user changed: a chart's .gp edited by
# hand is not written over (the chart is drawn from it), and STYLE=FILE
# reaches every chart, read and never written.
sh tests/report/keep_edits.sh "$WORK" || exit 1
