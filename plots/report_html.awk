# report_html.awk — cmark-gfm's HTML of REPORT.md made the body of one
# self-contained page (plots/report_html.sh runs it):
#
#   cmark-gfm ... REPORT.md | awk -v base=RESULTS_DIR -f plots/report_html.awk
#
# cmark-gfm has already escaped every text of the report (it runs without
# --unsafe, so no HTML written in the markdown gets through); this adds
# only markup of its own, to lines of a form cmark-gfm writes:
#   - a paragraph that is only a chart, <p><img src="charts/NAME.svg"
#     alt="ALT" /></p>, becomes <figure class="chart" id="chart-K"> with the
#     SVG file itself (from its <svg element on, read from base) and ALT as
#     its caption and its <title>: the page needs no other file.  Each
#     inline SVG's ids get a prefix of their own (gnuplot names its markers
#     the same in every file, and ids must be unique in a page);
#   - a paragraph "*Chart N not rendered...*" becomes an empty figure that
#     says so; figures are numbered K = 1, 2, ... in the order they come;
#   - "<h2>N. ..." gets id="section-N";
#   - a table head whose cells are all empty (the report's first table) is
#     left out;
#   - the word SYNTHETIC is highlighted wherever it is text (not in a tag,
#     not in code).
# Status 2 when a chart's SVG file has no <svg element.

# synthetic(LINE): LINE with SYNTHETIC in its text (outside tags and code)
# as <span class="synthetic">SYNTHETIC</span>.
function synthetic(s,    out, text, tag) {
    out = ""
    while (match(s, /<[^>]*>/)) {
        text = substr(s, 1, RSTART - 1); tag = substr(s, RSTART, RLENGTH)
        s = substr(s, RSTART + RLENGTH)
        out = out highlight(text) tag
        if (tag ~ /^<(code|pre)[ >]/) code++
        else if (tag ~ /^<\/(code|pre)>/) code--
    }
    return out highlight(s)
}

function highlight(text) {
    if (!code) gsub(/SYNTHETIC/, "<span class=\"synthetic\">SYNTHETIC</span>", text)
    return text
}

# figure(SRC, ALT): the chart SRC (relative to base) inline, with ALT
# (HTML already) as its caption and as the title of the SVG and of each of
# its parts (gnuplot's own name the plot's data and commands).
function figure(src, alt,    file, line, started, pre, lines) {
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
        if (match(line, /<title>[^<]*<\/title>/))
            line = substr(line, 1, RSTART - 1) "<title>" alt "</title>" substr(line, RSTART + RLENGTH)
        print line
        lines++
    }
    close(file)
    if (!lines) {
        printf "report_html: %s: no <svg> in the file\n", file > "/dev/stderr"
        failed = 1
    }
    print "<figcaption>" synthetic(alt) "</figcaption>"
    print "</figure>"
}

# A table head is held until its end: left out when every cell is empty.
inhead {
    held[++nheld] = $0
    if ($0 ~ /^<th[^>]*>.+<\/th>$/) nonempty = 1
    if ($0 == "</thead>") {
        if (nonempty) for (i = 1; i <= nheld; i++) print synthetic(held[i])
        inhead = 0
    }
    next
}
$0 == "<thead>" { inhead = 1; nheld = 0; nonempty = 0; held[++nheld] = $0; next }

/^<p><img src="charts\/[A-Za-z0-9_.-]+\.svg" alt="[^"]*" \/><\/p>$/ {
    src = $0; sub(/^<p><img src="/, "", src); sub(/".*$/, "", src)
    match($0, / alt="[^"]*"/); alt = substr($0, RSTART + 6, RLENGTH - 7)
    figure(src, alt)
    next
}

/^<p><em>Chart [0-9]+ not rendered/ {
    nfig++
    print "<figure class=\"chart missing\" id=\"chart-" nfig "\">"
    print synthetic($0)
    print "</figure>"
    next
}

/^<h2>[0-9]+\. / {
    n = substr($0, 5); sub(/\..*$/, "", n)
    $0 = "<h2 id=\"section-" n "\">" substr($0, 5)
}

{ print synthetic($0) }

END { if (failed) exit 2 }
