#!/bin/sh
# report_html.sh RESULTS REPORT.md REPORT.html — the report as one HTML page
# that stands alone (run by plots/report.sh; from the repository root).
#
# cmark-gfm (Debian package cmark-gfm; `make deps` installs it) turns the
# markdown into HTML, with GitHub's tables and bare addresses made links.
# It runs without --unsafe: raw HTML in the markdown is left out and every
# text is escaped, so nothing read from a data file (a label, a file name)
# can become markup.  The charts' SVGs are spliced in after the conversion
# by plots/report_html.awk, never through the markdown, and the page's head
# (title, style sheet) and tail are plots/report.html.in's.  The page is
# written whole or not at all.
set -eu
. plots/lib.sh
results=$1 md=$2 out=$3
if ! command -v cmark-gfm >/dev/null 2>&1; then
    echo "report: cmark-gfm is not installed, so there is no $out (Debian: apt-get install cmark-gfm; make deps installs it)" >&2
    exit 2
fi
cmark-gfm --validate-utf8 -e table -e autolink "$md" >"$out.body.tmp"
{
    fill plots/report.html.in head "title=icstat evidence report"
    awk -v base="$results" -f plots/report_html.awk "$out.body.tmp"
    fill plots/report.html.in tail
} >"$out.tmp"
rm -f "$out.body.tmp"
mv "$out.tmp" "$out"
