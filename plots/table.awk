# table.awk — a csv (with a header) as a markdown table for people.
#
#   awk -v spec=SPEC [-v where=WHERE] -f plots/csv.awk -f plots/table.awk FILE.csv
#
# SPEC lists the columns to show, separated by ';', each
#   SOURCE=HEADER[:FORMAT[:TRANSFORM]]
# SOURCE is a column name, or two names LOW,HIGH shown as one interval
# "LOW to HIGH"; FORMAT is a printf format for numbers (default: the text as
# it is); TRANSFORM is pct (a share shown as a percent, x 100, the percent
# format printf lacks).  Nothing else is computed: odds ratios, for one,
# are icstat's own columns (odds_ratio, or_ci_low, or_ci_high).
# WHERE keeps the rows meeting every condition COL=VALUE or COL~REGEX
# (separated by ';': csv_where of plots/csv.awk, which also reads the
# fields).  NA stays NA; text in a numeric column is kept as is.
# Numeric columns are right-aligned.  Cells are text, never markup
# (md_text of plots/csv.awk).
# Fields are read as text and numbers printed with a fixed format, so the
# same csv always gives the same bytes.

function isnum(s) {
    return s ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/
}

function show(s, format, transform,    x) {
    if (format == "" || !isnum(s)) return s
    x = s + 0
    if (transform == "pct") x = 100 * x
    s = sprintf(format, x)
    if (s ~ /^-0(\.0*)?$/) s = substr(s, 2) # no "-0.00"
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
}

NR == 1 {
    csv_header($0, col)
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
        line = line " " md_text(head[j]) " |"
        rule = rule (form[j] == "" ? " --- |" : " ---: |")
    }
    print line
    print rule
    next
}

{
    csv_split($0, f)
    if (!csv_where(f, col, where)) next
    line = "|"
    for (j = 1; j <= ncol; j++) {
        if (index(src[j], ",")) {
            split(src[j], names, ",")
            lo = f[col[names[1]]]; hi = f[col[names[2]]]
            v = (lo == "NA" && hi == "NA") ? "NA" : \
                show(lo, form[j], trans[j]) " to " show(hi, form[j], trans[j])
        } else
            v = show(f[col[src[j]]], form[j], trans[j])
        line = line " " md_text(v) " |"
    }
    print line
}

END { if (bad || csv_failed) exit 2 }
