# table.awk — a csv (with a header) as a markdown table for people.
#
#   awk -v spec=SPEC [-v where=WHERE] -f plots/table.awk FILE.csv
#
# SPEC lists the columns to show, separated by ';', each
#   SOURCE=HEADER[:FORMAT[:TRANSFORM]]
# SOURCE is a column name, or two names LOW,HIGH shown as one interval
# "LOW to HIGH"; FORMAT is a printf format for numbers (default: the text as
# it is); TRANSFORM is exp (show e^x: log odds as odds ratios) or pct (x 100).
# WHERE keeps the rows meeting every condition COL=VALUE or COL~REGEX
# (separated by ';').  NA stays NA; text in a numeric column is kept as is.
# Numeric columns are right-aligned.  Quoted csv fields are understood.
# Fields are read as text and numbers printed with a fixed format, so the
# same csv always gives the same bytes.

function parse(line, out,    n, i, c, f, q, len) {
    n = 0; f = ""; q = 0; len = length(line)
    for (i = 1; i <= len; i++) {
        c = substr(line, i, 1)
        if (q) {
            if (c == "\"") {
                if (substr(line, i + 1, 1) == "\"") { f = f "\""; i++ }
                else q = 0
            } else f = f c
        } else if (c == "\"") q = 1
        else if (c == ",") { out[++n] = f; f = "" }
        else f = f c
    }
    out[++n] = f
    return n
}

function isnum(s) {
    return s ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/
}

function show(s, format, transform,    x) {
    if (format == "" || !isnum(s)) return s
    x = s + 0
    if (transform == "exp") x = exp(x)
    else if (transform == "pct") x = 100 * x
    s = sprintf(format, x)
    if (s ~ /^-0(\.0*)?$/) s = substr(s, 2) # no "-0.00"
    return s
}

function cell(s) {
    gsub(/\|/, "\\|", s)
    return s
}

BEGIN {
    FS = "\n"
    ncol = split(spec, specs, ";")
    for (j = 1; j <= ncol; j++) {
        eq = index(specs[j], "=")
        src[j] = substr(specs[j], 1, eq - 1)
        nparts = split(substr(specs[j], eq + 1), parts, ":")
        head[j] = parts[1]
        form[j] = nparts >= 2 ? parts[2] : ""
        trans[j] = nparts >= 3 ? parts[3] : ""
    }
    nwhere = where == "" ? 0 : split(where, conds, ";")
}

NR == 1 {
    nf = parse($0, h)
    for (i = 1; i <= nf; i++) col[h[i]] = i
    for (j = 1; j <= ncol; j++) {
        nsrc = split(src[j], names, ",")
        for (k = 1; k <= nsrc; k++)
            if (!(names[k] in col)) {
                printf "table.awk: %s: no column '%s'\n", FILENAME, names[k] > "/dev/stderr"
                bad = 1
                exit 2
            }
    }
    line = "|"; rule = "|"
    for (j = 1; j <= ncol; j++) {
        line = line " " cell(head[j]) " |"
        rule = rule (form[j] == "" ? " --- |" : " ---: |")
    }
    print line
    print rule
    next
}

{
    parse($0, f)
    for (c = 1; c <= nwhere; c++) {
        if ((p = index(conds[c], "~")) > 0) {
            if (f[col[substr(conds[c], 1, p - 1)]] !~ substr(conds[c], p + 1)) next
        } else {
            p = index(conds[c], "=")
            if (f[col[substr(conds[c], 1, p - 1)]] != substr(conds[c], p + 1)) next
        }
    }
    line = "|"
    for (j = 1; j <= ncol; j++) {
        if (index(src[j], ",")) {
            split(src[j], names, ",")
            lo = f[col[names[1]]]; hi = f[col[names[2]]]
            v = (lo == "NA" && hi == "NA") ? "NA" : \
                show(lo, form[j], trans[j]) " to " show(hi, form[j], trans[j])
        } else
            v = show(f[col[src[j]]], form[j], trans[j])
        line = line " " cell(v) " |"
    }
    print line
}

END { if (bad) exit 2 }
