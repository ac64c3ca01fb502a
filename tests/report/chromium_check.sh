#!/bin/sh
# chromium_check.sh — does REPORT.html open in a real browser, with every
# chart in it?
#
# Usage: tests/report/chromium_check.sh [REPORT.html] [SCREENSHOT.png]
#        (defaults: results/REPORT.html, and the screenshot beside it as
#        REPORT.png; ICSTAT names the binary, default bin/icstat)
#
# Headless Chromium loads the page from disk and
#   1. dumps the DOM it built (--dump-dom), which must hold the report's
#      CHARTS charts (default 14: chapter 9 on a file with report cards;
#      11 without) as <figure class="chart" id="chart-1..CHARTS">, each with one
#      inline <svg> that has a viewBox and drawn content — or, when this
#      icstat has no `icstat chart`, the figure that says the chart was not
#      rendered (and then only then);
#      no <script>, <link>, <img>, <iframe> or src= (the page stands alone);
#      a heading for each of sections 1..SECTIONS (default 9) and every
#      chart inside a numbered section; SYNTHETIC in the heading of every
#      section that mentions SYNTHETIC data, and in the caption of every
#      chart whose SVG says it is drawn from SYNTHETIC data (or, for a chart
#      not rendered, whose section mentions it);
#   2. renders it to a PNG screenshot (--screenshot, 1200 pixels wide,
#      REPORT_SHOT_HEIGHT tall, default 30000), which must be a PNG of
#      that size: look at it.
# Skipped, with a message and status 0, when no Chromium is installed
# (Debian: apt-get install chromium; the Makefile does not install it).
set -u
HTML=${1:-results/REPORT.html}
SHOT=${2:-${HTML%.html}.png}
ICSTAT=${ICSTAT:-bin/icstat}
CHARTS=${CHARTS:-14}
SECTIONS=${SECTIONS:-9}
HEIGHT=${REPORT_SHOT_HEIGHT:-30000}

browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
    for b in chromium chromium-browser google-chrome; do
        if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
    done
fi
if [ -z "$browser" ]; then
    echo "chromium_check: SKIPPED: no Chromium found (Debian: apt-get install chromium; or set CHROMIUM)"
    exit 0
fi
if [ ! -s "$HTML" ]; then
    echo "chromium_check: FAIL: $HTML is missing or empty (run make evidence first)"
    exit 1
fi
case $HTML in /*) url=file://$HTML ;; *) url=file://$(pwd)/$HTML ;; esac
if "$ICSTAT" chart --help >/dev/null 2>&1; then want_svgs=$CHARTS; else want_svgs=0; fi

T=$(mktemp -d "${TMPDIR:-/tmp}/icstat-chromium.XXXXXX")
trap 'rm -rf "$T"' EXIT
# Chromium wants a writable home and profile; --no-sandbox because tests
# may run as root.  Its dbus and GPU chatter goes to a log, shown on failure.
chrome() {
    HOME=$T timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --user-data-dir="$T/profile" "$@" 2>>"$T/chromium.log"
}

fail=0
bad() { echo "chromium_check: FAIL: $*"; fail=1; }

if ! chrome --dump-dom "$url" >"$T/dom.html" || [ ! -s "$T/dom.html" ]; then
    bad "$browser --dump-dom $url gave nothing"
    grep -v dbus "$T/chromium.log" | tail -n 20
    exit 1
fi

# One pass over the DOM: figures, their SVGs, headings and captions.
awk -v charts="$CHARTS" -v sections="$SECTIONS" -v want_svgs="$want_svgs" '
    function problem(s) { print "chromium_check: FAIL: " s; failed = 1 }
    /<(script|link|img|iframe)[ >]/ || / src=/ { problem("external resource or script: " substr($0, 1, 120)) }
    /<h2[ >]/ {
        section++
        heading[section] = $0
        numbered[section] = 0
        if (match($0, /id="section-[0-9]+"/)) {
            has_section[substr($0, RSTART + 12, RLENGTH - 13)] = 1
            numbered[section] = 1
        }
    }
    section && /SYNTHETIC/ && !/<h2[ >]/ { mentions[section] = 1 }
    /<figure class="chart/ {
        if (!match($0, /id="chart-[0-9]+"/)) { problem("figure without an id: " $0); next }
        fig = substr($0, RSTART + 10, RLENGTH - 11)
        seen[fig]++
        infig = 1; svgs = 0; viewbox = 0; drawn = 0; missing = $0 ~ /class="chart missing"/
        fig_section[fig] = section
        fig_missing[fig] = missing
        next
    }
    infig && /<svg/ { svgs++ }
    infig && /viewBox="[0-9. ]+"/ { viewbox = 1 }
    infig && /<(path|text|rect|circle|polygon|polyline|line|use)[ >]/ { drawn++ }
    infig && /<figcaption>/ { caption[fig] = $0; next }
    infig && /SYNTHETIC/ { fig_synthetic[fig] = 1 }
    infig && /<\/figure>/ {
        infig = 0
        if (missing) { nmissing++; if (want_svgs) problem("chart " fig " was not rendered") }
        else if (svgs != 1) problem("chart " fig ": " svgs " <svg> elements, want 1")
        else if (!viewbox) problem("chart " fig ": the <svg> has no viewBox")
        else if (drawn < 5) problem("chart " fig ": the <svg> draws almost nothing (" drawn " elements)")
        else nsvg++
    }
    END {
        for (i = 1; i <= charts; i++) {
            if (seen[i] != 1) problem("chart " i " appears " seen[i] + 0 " times, want once")
            if (seen[i] && !numbered[fig_section[i]]) problem("chart " i " is not in a numbered section")
        }
        for (i = 1; i <= sections; i++)
            if (!has_section[i]) problem("no heading for section " i)
        for (f in seen) if (f + 0 < 1 || f + 0 > charts + 0) problem("unexpected chart " f)
        if (nsvg != want_svgs) problem(nsvg + 0 " charts with an SVG, want " want_svgs)
        for (s = 1; s <= section; s++)
            if (mentions[s] && heading[s] !~ /SYNTHETIC/)
                problem("section " s " shows SYNTHETIC data but its heading does not say so: " heading[s])
        for (f in caption)
            if ((fig_synthetic[f] || (fig_missing[f] && mentions[fig_section[f]])) &&
                caption[f] !~ /SYNTHETIC/)
                problem("chart " f " shows SYNTHETIC data but its caption does not say so")
        if (!failed) printf "chromium_check: DOM: %d charts, %d inline SVGs, %d not rendered, no external resources\n", charts, nsvg, nmissing
        exit failed
    }' "$T/dom.html" || fail=1

rm -f "$SHOT"
if ! chrome --screenshot="$SHOT" --window-size="1200,$HEIGHT" "$url" >/dev/null || [ ! -s "$SHOT" ]; then
    bad "$browser --screenshot wrote no $SHOT"
else
    # A PNG's width and height are the 4-byte big-endian numbers at 16 and 20.
    sig=$(od -An -tx1 -N8 "$SHOT" | tr -d ' \n')
    size=$(od -An -tu1 -j16 -N8 "$SHOT" | awk '{ printf "%d %d", (($1 * 256 + $2) * 256 + $3) * 256 + $4, (($5 * 256 + $6) * 256 + $7) * 256 + $8 }')
    if [ "$sig" != 89504e470d0a1a0a ]; then
        bad "$SHOT is not a PNG"
    elif [ "$size" != "1200 $HEIGHT" ]; then
        bad "$SHOT is $size pixels, want 1200 $HEIGHT"
    else
        echo "chromium_check: screenshot $SHOT (1200 x $HEIGHT)"
    fi
fi
if [ "$want_svgs" = 0 ]; then
    echo "chromium_check: note: '$ICSTAT chart' is not available, so the report has no charts yet; checked that it says so for all $CHARTS"
fi
if [ "$fail" != 0 ]; then
    echo "chromium_check: the end of chromium's log (dbus complaints left out):"
    grep -v dbus "$T/chromium.log" | tail -n 20
    exit 1
fi
echo "chromium_check: ok"
