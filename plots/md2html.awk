# md2html.awk — REPORT.md as one self-contained HTML page.
#
#   awk -v base=RESULTS_DIR -f plots/md2html.awk REPORT.md > REPORT.html
#
# Not a general markdown converter: it knows exactly what plots/report.sh
# writes — headings (#, ##), paragraphs, pipe tables (alignment row, \|
# inside cells), fenced code blocks, and inline `code`, **bold**, *italic*
# and bare http(s) addresses.  A line that is only an image ![ALT](X.svg)
# becomes a <figure class="chart"> with the SVG file (relative to base)
# copied in, so that the page needs no other file; a line starting
# "*Chart N not rendered" becomes an empty figure that says so.  Each
# inline SVG's ids get a prefix of their own (gnuplot names its markers the
# same in every file, and ids must be unique in a page).  The word
# SYNTHETIC is highlighted wherever it appears.  No external resources, no
# scripts, no date.

function esc(s) {
    gsub(/&/, "\\&amp;", s)
    gsub(/</, "\\&lt;", s)
    gsub(/>/, "\\&gt;", s)
    return s
}

# Inline markup outside code spans.
function span(s,    out, url, tail) {
    while (match(s, /\*\*[^*]+\*\*/))
        s = substr(s, 1, RSTART - 1) "<strong>" substr(s, RSTART + 2, RLENGTH - 4) "</strong>" substr(s, RSTART + RLENGTH)
    while (match(s, /\*[^* ][^*]*\*/))
        s = substr(s, 1, RSTART - 1) "<em>" substr(s, RSTART + 1, RLENGTH - 2) "</em>" substr(s, RSTART + RLENGTH)
    out = ""
    while (match(s, /https?:\/\/[^ ()<>"]+/)) {
        url = substr(s, RSTART, RLENGTH)
        tail = ""
        while (url ~ /[.,;:]$/) { tail = substr(url, length(url)) tail; url = substr(url, 1, length(url) - 1) }
        out = out substr(s, 1, RSTART - 1) "<a href=\"" url "\">" url "</a>" tail
        s = substr(s, RSTART + RLENGTH)
    }
    s = out s
    gsub(/SYNTHETIC/, "<span class=\"synthetic\">SYNTHETIC</span>", s)
    return s
}

# Escape, then code spans verbatim and the rest through span().
function inline(s,    out, n, parts, i) {
    s = esc(s)
    n = split(s, parts, "`")
    out = ""
    for (i = 1; i <= n; i++)
        out = out (i % 2 ? span(parts[i]) : "<code>" parts[i] "</code>")
    return out
}

function close_para() {
    if (para != "") { print "<p>" inline(para) "</p>"; para = "" }
}

function close_list() {
    if (inlist) { print "</ul>"; inlist = 0 }
}

# Split a table row on | that is not escaped as \|.
function cells(line, out,    n, i, c, f) {
    sub(/^\|[ ]*/, "", line); sub(/[ ]*\|[ ]*$/, "", line)
    n = 0; f = ""
    for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1)
        if (c == "\\" && substr(line, i + 1, 1) == "|") { f = f "|"; i++ }
        else if (c == "|") { sub(/[ ]+$/, "", f); out[++n] = f; f = ""; while (substr(line, i + 1, 1) == " ") i++ }
        else f = f c
    }
    sub(/[ ]+$/, "", f)
    out[++n] = f
    return n
}

function close_table(    i, j, n, c, a, tag, cls) {
    if (!ntr) return
    print "<table>"
    n = cells(tr[2], c)
    for (j = 1; j <= n; j++) align[j] = c[j] ~ /:$/ ? " class=\"num\"" : ""
    for (i = 1; i <= ntr; i++) {
        if (i == 2) continue
        n = cells(tr[i], c)
        if (i == 1) { empty = 1; for (j = 1; j <= n; j++) if (c[j] != "") empty = 0 }
        if (i == 1 && empty) continue # a table with no header (the report's head)
        if (i == 1) print "<thead>"
        if (i == 3) print "<tbody>"
        tag = i == 1 ? "th" : "td"
        line = "<tr>"
        for (j = 1; j <= n; j++) line = line "<" tag align[j] ">" inline(c[j]) "</" tag ">"
        print line "</tr>"
        if (i == 1) print "</thead>"
    }
    if (ntr >= 3) print "</tbody>"
    print "</table>"
    ntr = 0
}

function close_all() {
    close_para(); close_list(); close_table()
}

# The SVG file, from its <svg element on, with ids made unique.
function figure(alt, src,    file, line, started, pre, lines) {
    nfig++
    pre = "c" nfig "-"
    file = base "/" src
    print "<figure class=\"chart\" id=\"chart-" nfig "\">"
    started = 0; lines = 0
    while ((getline line < file) > 0) {
        if (!started && line !~ /^[ \t]*<svg/) continue
        started = 1
        gsub(/ id=['"]/, "&" pre, line)
        gsub(/href=['"]#/, "&" pre, line)
        gsub(/url\(#/, "&" pre, line)
        sub(/<title>[^<]*<\/title>/, "<title>" esc(alt) "</title>", line)
        print line
        lines++
    }
    close(file)
    if (!lines) {
        printf "md2html: %s: no <svg> in the file\n", file > "/dev/stderr"
        failed = 1
    }
    print "<figcaption>" inline(alt) "</figcaption>"
    print "</figure>"
}

BEGIN {
    print "<!DOCTYPE html>"
    print "<html lang=\"en\">"
    print "<head>"
    print "<meta charset=\"utf-8\">"
    print "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    print "<title>icstat evidence report</title>"
    print "<style>"
    print "body { font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif; color: #1a1a1a; background: #fff; line-height: 1.5; margin: 0; }"
    print "main { max-width: 960px; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }"
    print "h1 { font-size: 1.9rem; margin: 0.5rem 0 1rem; }"
    print "h2 { font-size: 1.35rem; margin: 2.75rem 0 0.75rem; padding-top: 1rem; border-top: 2px solid #d0d7de; }"
    print "p { margin: 0.6rem 0; }"
    print "a { color: #0b5cad; overflow-wrap: anywhere; }"
    print "code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.88em; background: #f3f4f6; padding: 0.05em 0.3em; border-radius: 3px; overflow-wrap: anywhere; }"
    print "pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 0.75rem 1rem; overflow-x: auto; font-size: 0.82rem; line-height: 1.4; }"
    print "pre code { background: none; padding: 0; font-size: inherit; white-space: pre-wrap; overflow-wrap: anywhere; }"
    print "table { border-collapse: collapse; margin: 0.75rem 0 1rem; font-size: 0.88rem; font-variant-numeric: tabular-nums; }"
    print "th, td { border-bottom: 1px solid #d0d7de; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }"
    print "th { background: #f6f8fa; border-bottom: 2px solid #adb5bd; }"
    print "td.num, th.num { text-align: right; white-space: nowrap; }"
    print "figure.chart { margin: 1rem 0; padding: 0.5rem; border: 1px solid #d0d7de; border-radius: 6px; }"
    print "figure.chart svg { display: block; width: 100%; height: auto; max-width: 100%; }"
    print "figure.chart.missing { padding: 1.5rem; background: #fff8e6; border-style: dashed; }"
    print "figcaption { font-size: 0.85rem; color: #555; margin-top: 0.4rem; }"
    print ".synthetic { font-weight: 700; color: #8a4b00; background: #fff1d6; padding: 0 0.1em; border-radius: 3px; }"
    print "</style>"
    print "</head>"
    print "<body>"
    print "<main>"
}

# The first line follows <pre><code> directly: a newline there would show
# as an empty first line.
incode {
    if ($0 ~ /^```/) { print "</code></pre>"; incode = 0 }
    else if (incode == 1) { printf "<pre><code>%s\n", esc($0); incode = 2 }
    else print esc($0)
    next
}

/^```/ { close_all(); incode = 1; next }

/^#+ / {
    close_all()
    level = index($0, " ") - 1
    text = substr($0, level + 2)
    id = ""
    if (level == 2 && match(text, /^[0-9]+\./)) id = " id=\"section-" substr(text, 1, RLENGTH - 1) "\""
    print "<h" level id ">" inline(text) "</h" level ">"
    next
}

/^!\[[^]]*\]\([^)]*\)[ ]*$/ {
    close_all()
    alt = $0; sub(/^!\[/, "", alt); sub(/\]\(.*$/, "", alt)
    src = $0; sub(/^.*\]\(/, "", src); sub(/\)[ ]*$/, "", src)
    figure(alt, src)
    next
}

/^\*Chart [0-9]+ not rendered/ {
    close_all()
    nfig++
    text = $0; sub(/^\*/, "", text); sub(/\*[ ]*$/, "", text)
    print "<figure class=\"chart missing\" id=\"chart-" nfig "\">"
    print "<p>" inline(text) "</p>"
    print "</figure>"
    next
}

/^\|/ { close_para(); close_list(); tr[++ntr] = $0; next }

/^- / { close_para(); close_table(); if (!inlist) { print "<ul>"; inlist = 1 } print "<li>" inline(substr($0, 3)) "</li>"; next }

/^[ \t]*$/ { close_all(); next }

{ close_table(); close_list(); para = para == "" ? $0 : para " " $0 }

END {
    close_all()
    print "</main>"
    print "</body>"
    print "</html>"
    if (failed) exit 2
}
