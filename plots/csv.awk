# csv.awk — quoted csv fields for the awk programs of plots/study.sh, which
# would otherwise split on every comma ("North East, Yorkshire and the
# Humber" is one of Ofsted's region names).  The scripts put these
# functions in front of their own program:
#   awk "$CSV_AWK"' NR > 1 { n = csv_split($0, f); ... }' FILE
# with CSV_AWK=$(cat plots/csv.awk).  Only what they need: a row's fields
# (quotes removed, "" as "), and a field quoted again when it needs it.
# No field spans two lines in the tables icstat writes.

# csv_split(LINE, F): the fields of LINE in F[1..n]; returns n.
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
