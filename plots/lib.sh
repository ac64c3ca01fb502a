# lib.sh — helpers shared by plots/evidence.sh and plots/report.sh (sourced,
# not run).  POSIX sh; the callers set -eu and define ICSTAT and RESULTS.
#
# Why a command log: the report prints, under every table, the exact
# command that produced it.  Commands are therefore run through `run`, which
# writes the command line, quoted so that it can be pasted into a shell,
# into a .cmd file beside the table before running it.  Nothing here writes
# a date or a path outside the repository, so the report is the same bytes
# on every run.

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

# csv_field FILE KEYCOL KEY VALCOL: the VALCOL field of the first row whose
# KEYCOL field is KEY (columns by header name; plain csv without quotes).
csv_field() {
    awk -F, -v kc="$2" -v key="$3" -v vc="$4" '
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $col[kc] == key { print $col[vc]; found = 1; exit }
        END { if (!found) exit 1 }' "$1" || {
        echo "evidence: $1: no row with $2 = '$3'" >&2
        exit 2
    }
}

# csv_row FILE WHERE VALCOL: as csv_field, where WHERE is "COL=KEY[;COL=KEY]".
csv_row() {
    awk -F, -v where="$2" -v vc="$3" '
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; n = split(where, w, ";"); next }
        {
            for (j = 1; j <= n; j++) {
                eq = index(w[j], "=")
                if ($col[substr(w[j], 1, eq - 1)] != substr(w[j], eq + 1)) next
            }
            print $col[vc]; found = 1; exit
        }
        END { if (!found) exit 1 }' "$1" || {
        echo "evidence: $1: no row with $2" >&2
        exit 2
    }
}

# fmt FORMAT NUMBER [SCALE]: printf FORMAT of NUMBER x SCALE (default 1),
# without the sign of a negative zero ("-0.000").
fmt() {
    awk -v f="$1" -v x="$2" -v s="${3:-1}" 'BEGIN {
        r = sprintf(f, x * s)
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

# table CSV SPEC [WHERE]: the csv as a markdown table for people
# (plots/table.awk says what SPEC and WHERE may be).
table() {
    awk -v spec="$2" -v where="${3:-}" -f plots/table.awk "$1"
}
