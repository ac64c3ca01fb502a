#!/bin/sh
# pdf.sh — REPORT.pdf: plots/report_pdf.sh prints an HTML page to a pdf
# with headless Chromium, in seconds and without make evidence.
#
# Usage (from the repository root; `make evidence-check` runs it):
#   sh tests/report/pdf.sh
# Checks that
#   1. with Chromium: a page of a heading, a table and an inline SVG, in a
#      folder whose name has a space, a quote, a '#' and a $(...) (read by no
#      shell: no file appears), becomes a pdf that starts %PDF-, has at
#      least one page, has its dates blanked, and is the same bytes when
#      printed again;
#   2. without Chromium on PATH: no pdf, a message that says why, status 0
#      (make evidence still succeeds).
# The first is skipped, with a message, when Chromium is not installed.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/icstat-pdf-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "pdf: FAIL: $*"; }

dir="$T/odd 'q' #1 \$(touch PWNED)"
mkdir -p "$dir"
cat >"$dir/r.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>
<h2>1. A heading</h2><p>Some text.</p>
<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>
<figure class="chart"><svg viewBox="0 0 100 50" width="400" height="200"><rect x="5" y="5" width="60" height="30" fill="#0072B2"/></svg></figure>
</body></html>
HTML

browser=""
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
    echo "pdf: SKIPPED the printing checks: no Chromium (Debian: apt-get install chromium)"
else
    if sh plots/report_pdf.sh "$dir/r.html" "$dir/r.pdf" 2>"$T/err"; then ok; else bad "report_pdf.sh failed: $(cat "$T/err")"; fi
    [ "$(head -c 5 "$dir/r.pdf" 2>/dev/null)" = "%PDF-" ] && ok || bad "r.pdf is not a pdf"
    pages=$(LC_ALL=C grep -a -c '/Type /Page\b' "$dir/r.pdf" 2>/dev/null)
    [ "${pages:-0}" -ge 1 ] && ok || bad "r.pdf has no pages"
    LC_ALL=C grep -a -q 'CreationDate (D:\|ModDate (D:' "$dir/r.pdf" && bad "r.pdf is still dated" || ok
    cp "$dir/r.pdf" "$T/first.pdf" 2>/dev/null
    sleep 1 # a second later: the blanked dates must not show
    sh plots/report_pdf.sh "$dir/r.html" "$dir/r.pdf" 2>/dev/null
    cmp -s "$dir/r.pdf" "$T/first.pdf" && ok || bad "a second printing gave different bytes"
    ls "$T"/PWNED "$dir"/PWNED PWNED >/dev/null 2>&1 && bad "the folder's name ran a command" || ok
fi

# Without Chromium: the tools the script uses, and no browser.
mkdir "$T/bin"
for tool in sh perl mktemp rm mv tail timeout printf cat; do
    p=$(command -v "$tool") && case $p in /*) ln -s "$p" "$T/bin/$tool" ;; esac
done
rm -f "$dir/r.pdf"
out=$(PATH="$T/bin" CHROMIUM= sh plots/report_pdf.sh "$dir/r.html" "$dir/r.pdf" 2>&1)
rc=$?
[ $rc -eq 0 ] && ok || bad "without Chromium: status $rc, want 0"
case $out in
*"Chromium is not installed, so there is no"*"apt-get install chromium"*) ok ;;
*) bad "without Chromium: message '$out'" ;;
esac
[ ! -e "$dir/r.pdf" ] && ok || bad "without Chromium: a pdf was written"

echo "pdf: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
