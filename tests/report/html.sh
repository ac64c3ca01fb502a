#!/bin/sh
# html.sh — data in the report stays text: the template filling of
# plots/fill.awk (lib.sh's fill) and the HTML page of plots/report_html.sh,
# on hostile values, in a second and without make evidence.
#
# Usage (from the repository root; `make evidence-check` runs it):
#   sh tests/report/html.sh
# Checks that
#   1. fill puts a value in as it is: &, \, /, a newline, "{{x}}" and a
#      shell's $(...) come out unchanged and are not read again; a
#      placeholder without a value and a block that is not there fail;
#   2. a csv whose labels hold <script>, a '|', a backslash and an image
#      from another site, shown by table.awk (the report's tables) and put
#      through report_html.sh, comes out as escaped text: no <script>, no
#      <img>, no src= in the page, the table keeps its columns, the label
#      reads as it was written;
#   3. the page embeds a chart's SVG in a <figure> (ids prefixed, the
#      caption and the SVG's title from the markdown's alt text), gives
#      section headings their ids and leaves out an empty table head.
# Needs cmark-gfm (make deps installs it).
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/icstat-html.XXXXXX")
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "html: FAIL: $*"; }
# has FILE TEXT WHAT / hasnt FILE TEXT WHAT: fixed text in FILE or not.
has() { if grep -F -q -- "$2" "$1"; then ok; else bad "$3: no '$2' in $(basename "$1")"; fi; }
hasnt() { if grep -F -q -- "$2" "$1"; then bad "$3: '$2' in $(basename "$1")"; else ok; fi; }

if ! command -v cmark-gfm >/dev/null 2>&1; then
    echo "html: FAIL: cmark-gfm is not installed (make deps installs it)"
    exit 1
fi
# lib.sh is sourced in a subshell each time: its fill stops the shell that
# calls it on an error, as it should in report.sh.
lib() { (. plots/lib.sh; "$@"); }

# --- 1. fill --------------------------------------------------------------------
cat >"$T/t.md.in" <<'TPL'
comment: not written
@@ one
A {{v}} B
{{w}}
@@ two: x {{v}} y
@@ three
{{missing}}
TPL
NL='
'
# shellcheck disable=SC2016 # the $(...) and backquotes are data
v='a & b \1 \\ / c {{w}} $(touch PWNED) `touch PWNED` &amp;'
lib fill "$T/t.md.in" one "v=$v" "w=line 1${NL}line 2" >"$T/one.out" 2>"$T/one.err"
printf 'A %s B\nline 1\nline 2\n' "$v" >"$T/one.want"
if cmp -s "$T/one.out" "$T/one.want"; then ok; else bad "fill: a value was changed: $(cat "$T/one.out")"; fi
[ "$(lib fill "$T/t.md.in" two "v=$v")" = "x $v y" ] && ok || bad "fill: a one-line block"
[ ! -e PWNED ] && [ ! -e "$T/PWNED" ] && ok || bad "fill: a value ran a command"
if lib fill "$T/t.md.in" three "v=1" >"$T/three.out" 2>"$T/three.err"; then
    bad "fill: a placeholder without a value did not fail"
else
    ok; has "$T/three.err" "no value for {{missing}}" "fill"
fi
if lib fill "$T/t.md.in" four >/dev/null 2>"$T/four.err"; then bad "fill: a missing block did not fail"; else ok; fi
if lib fill "$T/t.md.in" one "V=x" >/dev/null 2>&1; then bad "fill: a name in capitals was taken"; else ok; fi

# --- 2 and 3. a report with hostile labels ----------------------------------------
R=$T/results
mkdir -p "$R/charts"
cat >"$R/labels.csv" <<'CSV'
label,count
<script>alert(1)</script>,1
"a|b \ c",2
![x](http://example.invalid/x.png),3
&lt;b&gt; SYNTHETIC,4
CSV
# A chart as gnuplot's svg terminal writes one: a prolog, ids, a title.
cat >"$R/charts/01-x.svg" <<'SVG'
<?xml version="1.0" encoding="utf-8"  standalone="no"?>
<svg width="100" height="50" viewBox="0 0 100 50" xmlns="http://www.w3.org/2000/svg">
<title>Gnuplot</title>
<defs><path id="dot" d="M0 0"/></defs>
<g id="plot_1"><title>DATA using 1:2</title><use href="#dot"/></g>
</svg>
SVG
{
    printf '# A report\n\n| | |\n| --- | --- |\n| a | b |\n\n## 1. Labels (SYNTHETIC)\n\n'
    printf '![Chart 1. Labels <i>and</i> SYNTHETIC](charts/01-x.svg)\n\n'
    lib table "$R/labels.csv" "label=label;count=count:%.0f"
    # shellcheck disable=SC2016 # markdown's backquotes
    printf '\n```sh\nicstat chart SYNTHETIC <script>\n```\n'
} >"$R/REPORT.md"
if sh plots/report_html.sh "$R" "$R/REPORT.md" "$R/REPORT.html" 2>"$T/html.err"; then
    ok
    H=$R/REPORT.html
    grep -q -i '<script' "$H" && bad "a <script> label became a script element" || ok
    grep -q -i '<img\| src=' "$H" && bad "a label became an image" || ok
    grep -q '<i>' "$H" && bad "the alt text's <i> became markup" || ok
    has "$H" '<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>' "the <script> label"
    has "$H" '<td>a|b \ c</td>' "the label with | and \\"
    has "$H" '<td>![x](<a href="http://example.invalid/x.png">http://example.invalid/x.png</a>)</td>' \
        "the image label (a link at most)"
    has "$H" '<td>&amp;lt;b&amp;gt; <span class="synthetic">SYNTHETIC</span></td>' "the entity label"
    [ "$(grep -c '^<td align="right">[1-4]</td>$' "$H")" = 4 ] && ok ||
        bad "the label table does not have its 4 rows of 2 cells"
    has "$H" '<h2 id="section-1">1. Labels (<span class="synthetic">SYNTHETIC</span>)</h2>' "the heading's id"
    has "$H" '<figure class="chart" id="chart-1">' "the chart's figure"
    has "$H" '<path id="c1-dot"' "the chart's ids"
    has "$H" '<use href="#c1-dot"/>' "the chart's references"
    has "$H" '<title>Chart 1. Labels &lt;i&gt;and&lt;/i&gt; SYNTHETIC</title>' "the chart's title"
    has "$H" '<figcaption>Chart 1. Labels &lt;i&gt;and&lt;/i&gt; <span class="synthetic">SYNTHETIC</span></figcaption>' "the caption"
    has "$H" 'icstat chart SYNTHETIC &lt;script&gt;' "code (not highlighted, escaped)"
    hasnt "$H" '<?xml' "the SVG's prolog"
    [ "$(grep -c '<thead>' "$H")" = 1 ] && ok || bad "the empty table head was kept (or a table lost its head)"
    has "$H" '<title>icstat evidence report</title>' "the page's title"
else
    bad "report_html.sh failed: $(cat "$T/html.err")"
fi

echo "html: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
