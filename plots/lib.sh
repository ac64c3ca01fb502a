# lib.sh — helpers shared by plots/evidence.sh and plots/report.sh (sourced,
# not run).  POSIX sh; the callers set -eu and define ICSTAT and RESULTS.
#
# Why a command log: the report prints, under every table, the exact
# command that produced it.  Commands are therefore run through `run`, which
# writes the command line, quoted so that it can be pasted into a shell,
# into a .cmd file beside the table before running it.  Nothing here writes
# a date or a path outside the repository, so the report is the same bytes
# on every run.
#
# The rule of every plots/*.sh (issue 17): every number in the report is
# an icstat output column.  awk picks rows and columns by name, names
# groups, joins the csv of several runs into one table and formats with
# printf (fmt, table.awk: a share shown as a percent is the one conversion,
# printf having no percent directive); it computes nothing.  A figure the
# scripts need and icstat does not give is a column or row to add to
# icstat, documented and tested, not arithmetic here.  (One exception that
# is no figure of the report: chart_size, study_report.sh, picks a canvas
# height for the rows a chart has.)

# The sorting and number formatting of the tools below must not depend on
# the user's locale.
LC_ALL=C
export LC_ALL

# quote ARG: ARG as a shell word; plain words are left bare, others are put
# in double quotes when that is safe and in single quotes otherwise.
quote() {
    case $1 in
    '') printf '""' ;;
    *[!A-Za-z0-9_./=,:+@%^-]*)
        case $1 in
        *[\"\$\`\\!]*) printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
        *) printf '"%s"' "$1" ;;
        esac ;;
    *) printf '%s' "$1" ;;
    esac
}

# cmdline ARGS...: the arguments as one pasteable command line.
# (sh functions share their caller's variables: the names here start with
# an underscore so that they cannot clobber the caller's.)
cmdline() {
    _sep=''
    for _arg in "$@"; do
        printf '%s' "$_sep"
        quote "$_arg"
        _sep=' '
    done
    printf '\n'
}

# run LOG ARGS...: append the command line to LOG, then run it.  stderr
# (icstat's notes) goes to LOG's .notes file so that the terminal stays
# quiet; on failure it is shown and the script stops.
run() {
    _log=$1
    shift
    cmdline "$@" >>"$_log"
    if ! "$@" 2>>"${_log%.cmd}.notes"; then
        echo "evidence: failed: $(cmdline "$@")" >&2
        cat "${_log%.cmd}.notes" >&2
        exit 2
    fi
}

# note LOG TEXT: a step that is not a command (a conversion done by these
# scripts) recorded in LOG as a shell comment.
note() {
    printf '# %s\n' "$2" >>"$1"
}

# fresh NAME...: remove the command logs and notes of these tables, so that
# a rerun does not append to the last run's.
fresh() {
    for _f in "$@"; do
        rm -f "$_f.cmd" "$_f.notes"
    done
}

# The csv functions every awk program here puts in front of its own
# (plots/csv.awk: fields by column name, never by position).
CSV_AWK=$(cat plots/csv.awk)

# csv_row FILE WHERE COLUMN: the COLUMN field of the first row meeting
# WHERE, "COL=VALUE[;COL=VALUE]" (or COL~REGEX; csv_where of plots/csv.awk).
csv_row() {
    awk -v where="$2" -v vc="$3" "$CSV_AWK"'
        NR == 1 { csv_header($0, H); next }
        { csv_split($0, F); if (csv_where(F, H, where)) { print csv_get(F, H, vc); found = 1; exit } }
        END { if (csv_failed) exit 2; if (!found) exit 1 }' "$1" || {
        echo "evidence: $1: no row with $2" >&2
        exit 2
    }
}

# csv_list FILE WHERE COLUMN FORMAT [SEP]: the COLUMN field of every row
# meeting WHERE (every row when WHERE is empty), each printf FORMAT, joined
# by SEP (default ", "): a list of figures for the text or an option, as
# the table gives them; nothing computed.
csv_list() {
    awk -v where="$2" -v vc="$3" -v f="$4" -v s="${5-, }" "$CSV_AWK"'
        NR == 1 { csv_header($0, H); next }
        { csv_split($0, F); if (csv_where(F, H, where)) { printf "%s" f, sep, csv_get(F, H, vc); sep = s; found = 1 } }
        END { if (csv_failed) exit 2; if (!found) exit 1; print "" }' "$1" || {
        echo "evidence: $1: no row with $2" >&2
        exit 2
    }
}

# csv_rows FILE WHERE: the header of FILE and its rows meeting WHERE, as
# they are (a selection, nothing converted).
csv_rows() {
    awk -v where="$2" "$CSV_AWK"'
        NR == 1 { csv_header($0, H); print; next }
        { csv_split($0, F); if (csv_where(F, H, where)) print }
        END { if (csv_failed) exit 2 }' "$1"
}

# agree_rows CSV COLUMNS COEFFICIENTS DATASET [quoted]: the rows of an
# agree csv whose coefficient is one of COEFFICIENTS (a space-separated
# list), their fields in the order of COLUMNS (a header line; NA for a
# column CSV does not have, as agree --kappa-range's table has no
# benchmark columns), and DATASET as one more field: the tables where
# several runs of agree are one chart's rows, with a dataset column.
# DATASET is quoted as csv needs, or always with "quoted".
agree_rows() {
    # (the dataset's name through the environment: -v would read escapes in it)
    DATASET=$4 awk -v cols="$2" -v keep=" $3 " -v always="${5:-}" "$CSV_AWK"'
        BEGIN {
            nc = split(cols, col, ",")
            d = ENVIRON["DATASET"]; d = always == "quoted" ? "\"" d "\"" : csv_quote(d)
        }
        NR == 1 { csv_header($0, H); next }
        {
            csv_split($0, F)
            if (!index(keep, " " csv_get(F, H, "coefficient") " ")) next
            for (c = 1; c <= nc; c++) out[c] = (col[c] in H) ? csv_get(F, H, col[c]) : "NA"
            print csv_join(out, nc) "," d
        }
        END { if (csv_failed) exit 2 }' "$1"
}

# report_card_count FRAMEWORKS: the number of report-card inspections in
# describe's table of inspections by framework (n of category
# report_card), 0 when it has none.
report_card_count() {
    awk "$CSV_AWK"'NR == 1 { csv_header($0, H); next }
        { csv_split($0, F) }
        csv_get(F, H, "category") == "report_card" { n = csv_get(F, H, "n"); found = 1 }
        END { if (csv_failed) exit 2; print found ? n : 0 }' "$1"
}

# fmt FORMAT NUMBER [pct]: printf FORMAT of NUMBER, without the sign of a
# negative zero ("-0.000"); pct shows a share (0 to 1) as a percent, the
# number x 100, as a spreadsheet's or Python's percent format does (the
# one conversion printf has no directive for).  Nothing else is computed
# here: every number is an icstat output column.
fmt() {
    case ${3:-} in '' | pct) ;; *) echo "fmt: scale '$3': only pct" >&2; exit 2 ;; esac
    awk -v f="$1" -v x="$2" -v s="${3:-}" 'BEGIN {
        r = sprintf(f, s == "pct" ? x * 100 : x)
        if (r ~ /^-0(\.0*)?$/) r = substr(r, 2)
        print r }'
}

# count NUMBER: a whole number with thousands separators, for the text
# (35751 -> 35,751).
count() {
    awk -v x="$1" 'BEGIN {
        s = sprintf("%.0f", x); sign = ""
        if (substr(s, 1, 1) == "-") { sign = "-"; s = substr(s, 2) }
        while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
        print sign s out }'
}

# fill TEMPLATE BLOCK [NAME=VALUE]...: the block BLOCK of TEMPLATE
# (plots/fill.awk says how templates are written) with each {{NAME}}
# replaced by VALUE, as it is.  The values reach awk through the
# environment (env NAME=VALUE), so no character of one, not a newline, &,
# \ or /, is read as anything but itself.  NAME is lower case.
fill() {
    _tpl=$1 _blk=$2
    shift 2
    _names=""
    for _kv in "$@"; do
        case ${_kv%%=*} in
        '' | *[!a-z0-9_]* | [!a-z]*)
            echo "fill: $_tpl: block $_blk: not NAME=VALUE: ${_kv%%=*}" >&2
            exit 2 ;;
        esac
        case $_kv in *=*) ;; *) echo "fill: $_tpl: block $_blk: no value for $_kv" >&2; exit 2 ;; esac
        _names="$_names ${_kv%%=*}"
    done
    env "$@" awk -v block="$_blk" -v names="$_names" -f plots/fill.awk "$_tpl"
}

# table CSV SPEC [WHERE]: the csv as a markdown table for people
# (plots/table.awk says what SPEC and WHERE may be).
table() {
    awk -v spec="$2" -v where="${3:-}" -f plots/csv.awk -f plots/table.awk "$1"
}
