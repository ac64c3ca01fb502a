# csv.awk — csv rows read by column name, for every awk program under
# plots/: the one place that splits a csv line and looks a column up by its
# header.  A field is never read by its position ($3, $(NF-4), sort -k7),
# which would read the wrong column, silently, when icstat adds one.
# Quoted fields are understood ("North East, Yorkshire and the Humber" is
# one of Ofsted's region names); no field spans two lines in the tables
# icstat writes.  Scripts put these functions in front of their program:
#   awk "$CSV_AWK"'NR == 1 { csv_header($0, H); next }
#       { csv_split($0, F); print csv_get(F, H, "percent") }' FILE
# with CSV_AWK=$(cat plots/csv.awk) (plots/lib.sh sets it), or pass the
# file first: awk -f plots/csv.awk -f PROGRAM.awk.  A program with an END
# block starts it with `if (csv_failed) exit 2`: a missing column stops
# the program there, and END must not print after it.

# csv_split(LINE, F): the fields of LINE in F[1..n] (quotes removed, "" as
# "; a trailing CR dropped); returns n.
function csv_split(s, f,    n, i, c, q, v) {
    n = 0; v = ""; q = 0
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (q) {
            if (c == "\"") {
                if (substr(s, i + 1, 1) == "\"") { v = v "\""; i++ }
                else q = 0
            } else v = v c
        } else if (c == "\"") q = 1
        else if (c == ",") { f[++n] = v; v = "" }
        else v = v c
    }
    sub(/\r$/, "", v)
    f[++n] = v
    return n
}

# csv_header(LINE, COL): COL[name] = the field number of each column of the
# header LINE; returns the number of columns.
function csv_header(s, col,    n, i, h) {
    n = csv_split(s, h)
    for (i = 1; i <= n; i++) col[h[i]] = i
    return n
}

# csv_has(COL, NAME): 1 when the header COL has a column NAME.
function csv_has(col, name) {
    return name in col
}

# csv_get(F, COL, NAME): the field NAME of the row F, by the header COL.  A
# NAME the header lacks is an error: a message naming the file and the
# column, and awk stops with status 2.
function csv_get(f, col, name) {
    if (!(name in col)) {
        printf "plots: %s: no column '%s'\n", (FILENAME == "" ? "csv" : FILENAME), name > "/dev/stderr"
        csv_failed = 1
        exit 2
    }
    return f[col[name]]
}

# csv_set(F, COL, NAME, VALUE): the field NAME of the row F set to VALUE.
function csv_set(f, col, name, value) {
    csv_get(f, col, name)
    f[col[name]] = value
}

# csv_where(F, COL, WHERE): 1 when the row F meets every condition of
# WHERE, "NAME=VALUE" (the field is VALUE) or "NAME~REGEX" (it matches),
# separated by ';' (the first = or ~ of a condition is its operator); an
# empty WHERE keeps every row.
function csv_where(f, col, where,    n, w, j, eq, re, at, name, v) {
    n = where == "" ? 0 : split(where, w, ";")
    for (j = 1; j <= n; j++) {
        eq = index(w[j], "="); re = index(w[j], "~")
        at = (eq && (!re || eq < re)) ? eq : re
        name = substr(w[j], 1, at - 1); v = csv_get(f, col, name)
        if (at == eq) { if (v != substr(w[j], at + 1)) return 0 }
        else if (v !~ substr(w[j], at + 1)) return 0
    }
    return 1
}

# csv_quote(S): S as a csv field.
function csv_quote(s) {
    if (s ~ /[",]/) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
    return s
}

# csv_join(F, N): fields 1..N as one csv row.
function csv_join(f, n,    i, out) {
    out = csv_quote(f[1])
    for (i = 2; i <= n; i++) out = out "," csv_quote(f[i])
    return out
}

# md_text(S): S as literal text in the report's markdown, in a paragraph or
# a table cell: a backslash, a '|' (which would end a table cell), a '<'
# (which would start raw HTML), a '[' (which would start a link or an
# image, "![x](http://...)" loading a file from elsewhere) and the '&' of
# what reads as an entity ("&lt;") are escaped with a backslash.  Data is
# shown, never read as markup.
function md_text(s,    out, i, c) {
    out = ""
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "\\" || c == "|" || c == "<" || c == "[" ||
            (c == "&" && substr(s, i) ~ /^&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);/))
            out = out "\\"
        out = out c
    }
    return out
}
