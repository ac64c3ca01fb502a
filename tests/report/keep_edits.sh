#!/bin/sh
# keep_edits.sh RESULTS — the report made again (plots/report.sh, the step
# of make evidence that draws the charts) over RESULTS, a finished make
# evidence, keeps what a user changed:
#   1. a chart's .gp edited by hand (its title) is left as it is, and the
#      chart is drawn from it: the svg shows the edit;
#   2. STYLE=FILE (make evidence STYLE=FILE) reaches every chart: a colour
#      set in it is in every chart's svg, and FILE is not written.
# Then the report is made once more without either, as it was.
# Usage (from the repository root; check_evidence.sh runs it):
#   ICSTAT=bin/icstat sh tests/report/keep_edits.sh build/evidence
set -u
R=${1:-build/evidence}
ICSTAT=${ICSTAT:-bin/icstat}
export ICSTAT
fail=0
bad() { echo "keep_edits: FAIL: $*"; fail=1; }
gp=$R/charts/03-inspector-model.gp
if [ ! -f "$gp" ]; then
    echo "keep_edits: SKIPPED: no $gp (no gnuplot, or make evidence not run)"
    exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/icstat-keep.XXXXXX")
trap 'rm -rf "$T"' EXIT
sed 's/^TITLE = .*/TITLE = "An edited title"/' "$gp" >"$T/edited.gp"
cp "$T/edited.gp" "$gp"
printf 'COLOUR_POINT = "#123456"\nCOLOUR_1 = "#123456"\nCOLOUR_BAR = "#123456"\n' >"$T/my style.gp"
cp "$T/my style.gp" "$T/style.copy"
if ! STYLE="$T/my style.gp" RESULTS=$R sh plots/report.sh >"$T/log" 2>&1; then
    bad "plots/report.sh with STYLE failed: $(tail -n 3 "$T/log")"
fi
cmp -s "$gp" "$T/edited.gp" || bad "the edited $gp was written over"
grep -q "An edited title" "$R/charts/03-inspector-model.svg" || bad "03-inspector-model.svg is not drawn from the edited script"
grep -q "03-inspector-model.gp was edited since icstat wrote it" "$R/charts/03-inspector-model.notes" ||
    bad "no note that 03-inspector-model.gp was kept"
cmp -s "$T/my style.gp" "$T/style.copy" || bad "STYLE's file was written to"
for svg in "$R"/charts/*.svg; do
    case $svg in */03-inspector-model.svg) continue ;; esac # drawn from the edited script
    grep -q "rgb( 18,  52,  86)" "$svg" || bad "$svg: STYLE's colour is not in it"
done
# As it was: the edited script removed, no STYLE.
rm -f "$gp"
RESULTS=$R sh plots/report.sh >"$T/log" 2>&1 || bad "plots/report.sh again failed"
grep -q "An edited title" "$R/charts/03-inspector-model.svg" && bad "the removed edit is still drawn"
[ $fail -eq 0 ] && echo "keep_edits: an edited .gp is kept and drawn from, and STYLE reaches every chart unwritten"
exit $fail
