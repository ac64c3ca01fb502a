#!/bin/sh
# run.sh — the manual page, doc/icstat.1, keeps up with icstat.
#
# Usage (from the repository root; `make man-check` runs it):
#   ICSTAT=bin/icstat sh tests/man/run.sh [PAGE]
#
#  1. Every command in `icstat --help` has a section in the page (.SS
#     "icstat CMD ..."), and every option that `icstat CMD --help` mentions
#     for CMD (-o, --foo; not those of another command quoted in it, as in
#     "icstat describe --by gender" under chart) is in one of CMD's sections
#     or under COMMON OPTIONS.  A copy of the page without --sheet must fail
#     this check, so that the check itself is known to work.
#  2. The version in .TH is `icstat --version`'s.
#  3. The page formats without a warning: groff -man -ww -z, mandoc -T lint
#     (when installed) and man -l at 80 columns (when installed).
set -u
ICSTAT=${ICSTAT:-bin/icstat}
PAGE=${1:-doc/icstat.1}
TMP=${TMPDIR:-/tmp}/icstat-man.$$
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() {
    echo "man: FAIL: $*"
    fails=$((fails + 1))
}

commands=$("$ICSTAT" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
[ -n "$commands" ] || fail "no commands in '$ICSTAT --help'"

# options CMD: the options CMD's --help mentions for CMD itself, one a line.
# Text from "icstat OTHER" on (OTHER another command) is left out, and so
# is the next line when that one ends in a backslash.
options() {
    "$ICSTAT" "$1" --help | awk -v cmd="$1" -v all=" $(echo $commands) " '
        {
            line = $0
            if (foreign) { foreign = line ~ /\\$/; next }
            rest = line; keep = ""
            while (match(rest, /icstat [a-z]+/)) {
                word = substr(rest, RSTART + 7, RLENGTH - 7)
                if (word != cmd && index(all, " " word " ")) {
                    keep = keep substr(rest, 1, RSTART - 1)
                    foreign = line ~ /\\$/
                    rest = ""
                    break
                }
                keep = keep substr(rest, 1, RSTART + RLENGTH - 1)
                rest = substr(rest, RSTART + RLENGTH)
            }
            print keep rest
        }' | grep -oE '(^|[^A-Za-z0-9-])--?[A-Za-z][A-Za-z0-9-]*' | sed 's/^[^-]*//' | sort -u
}

# plain PAGE: the page's source with roff's escapes for - and fonts undone.
plain() {
    sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\&//g' "$1"
}

# section PLAIN CMD: the text of CMD's sections and of COMMON OPTIONS.
section() {
    awk -v cmd="$2" '
        /^\.S[HS] / {
            h = $0; sub(/^\.S[HS] "?/, "", h)
            on = index(h, "icstat " cmd " ") == 1 || h == "icstat " cmd || h ~ /^COMMON OPTIONS/
        }
        on' "$1"
}

# missing PAGE: "CMD OPTION" for every option CMD's --help mentions that is
# not in CMD's part of PAGE.
missing() {
    plain "$1" >"$TMP/plain"
    for c in $commands; do
        section "$TMP/plain" "$c" >"$TMP/section"
        if ! grep -q '^\.SS "icstat '"$c"'[ "]' "$TMP/section"; then
            echo "$c (no section .SS \"icstat $c ...\")"
            continue
        fi
        for o in $(options "$c"); do
            grep -qE -- "(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|\$)" "$TMP/section" || echo "$c $o"
        done
    done
}

# 1. Options.
n_opts=0
for c in $commands; do
    n_opts=$((n_opts + $(options "$c" | wc -l)))
done
gaps=$(missing "$PAGE")
if [ -n "$gaps" ]; then
    fail "$PAGE lacks options that --help mentions (command option):"
    echo "$gaps" | sed 's/^/    /'
else
    echo "man: $PAGE has all $n_opts options that the --help of $(echo $commands | wc -w) commands mention"
fi
# The check must see a missing option.
grep -v -- 'sheet' "$PAGE" >"$TMP/broken.1"
case $(missing "$TMP/broken.1") in
*"import --sheet"*) echo "man: a page without --sheet fails the check, as it must" ;;
*) fail "a page without --sheet passed the option check" ;;
esac

# 2. Version.
th=$(awk '/^\.TH / { print; exit }' "$PAGE")
version=$("$ICSTAT" --version)
case $th in
*"\"$version\""*) echo "man: .TH names $version" ;;
*) fail ".TH of $PAGE ('$th') does not name '$version' (icstat --version)" ;;
esac

# 3. Formatting.
if command -v groff >/dev/null 2>&1; then
    out=$(groff -man -ww -z "$PAGE" 2>&1)
    if [ -n "$out" ]; then fail "groff -man -ww -z $PAGE:"; echo "$out"; else echo "man: groff -man -ww -z: no warnings"; fi
else
    echo "man: groff not installed: not checked with groff"
fi
if command -v mandoc >/dev/null 2>&1; then
    if out=$(mandoc -T lint "$PAGE" 2>&1); then echo "man: mandoc -T lint: clean"; else fail "mandoc -T lint $PAGE:"; echo "$out"; fi
else
    echo "man: mandoc not installed: not checked with mandoc -T lint"
fi
# man-db's man (--warnings passes -w to groff); another man is not checked here.
if command -v man >/dev/null 2>&1 && man --help 2>&1 | grep -q -- --warnings; then
    out=$(MANWIDTH=80 MANPAGER=cat man --warnings -l "$PAGE" 2>&1 >"$TMP/page.txt")
    if [ -n "$out" ] || ! grep -q '^NAME' "$TMP/page.txt"; then
        fail "man --warnings -l $PAGE:"; echo "$out"
    else
        echo "man: man -l renders it ($(wc -l <"$TMP/page.txt") lines at 80 columns) without warnings"
    fi
else
    echo "man: man-db's man not installed: not rendered"
fi

if [ "$fails" -gt 0 ]; then
    echo "man: $fails check(s) failed"
    exit 1
fi
