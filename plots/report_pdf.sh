#!/bin/sh
# report_pdf.sh REPORT.html REPORT.pdf — the report as a pdf to print, from
# its HTML page, by headless Chromium (run by plots/report.sh; from the
# repository root).
#
# The page's print style (plots/report.html.in, @media print) keeps each
# chart and table whole on a page and no heading at a page's foot.
# Without Chromium (Debian: apt-get install chromium) there is no pdf: a
# message says so and the report is still made (status 0).  Chromium gets
# the page as a file:// address built from its name, percent-encoded, as
# one argument: no name is read by a shell.  Chromium dates the pdf; the
# two dates are blanked with spaces (byte for byte, so the cross-reference
# offsets stay right) so that a rerun gives the same bytes.  The pdf is
# written whole or not at all.
set -eu
html=$1 pdf=$2
browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
    for b in chromium chromium-browser google-chrome; do
        if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
    done
fi
if [ -z "$browser" ]; then
    rm -f "$pdf"
    echo "report: Chromium is not installed, so there is no $pdf (Debian: apt-get install chromium)" >&2
    exit 0
fi
case $html in /*) path=$html ;; *) path=$(pwd)/$html ;; esac
# file:// and the path, every byte but [A-Za-z0-9/._~-] as %XX.
url=file://$(printf '%s' "$path" | LC_ALL=C perl -pe 's{([^A-Za-z0-9/._~-])}{sprintf("%%%02X", ord $1)}ge')
T=$(mktemp -d "${TMPDIR:-/tmp}/icstat-pdf.XXXXXX")
trap 'rm -rf "$T"' EXIT
# A writable home and profile; --no-sandbox as make evidence may run as
# root.  Chromium's chatter goes to a log, shown on failure.
if ! HOME=$T timeout 180 "$browser" --headless --no-sandbox --disable-gpu \
    --user-data-dir="$T/profile" --no-pdf-header-footer --print-to-pdf="$T/report.pdf" \
    "$url" 2>"$T/chromium.log" >/dev/null || [ ! -s "$T/report.pdf" ]; then
    echo "report: $browser could not print $html to a pdf:" >&2
    tail -n 5 "$T/chromium.log" >&2
    exit 2
fi
LC_ALL=C perl -pe 's{/(CreationDate|ModDate) \(D:[^)]*\)}{" " x length($&)}ge' "$T/report.pdf" >"$pdf.tmp"
mv "$pdf.tmp" "$pdf"
