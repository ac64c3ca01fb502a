#!/bin/sh
# run.sh — make install and make uninstall, into a temporary DESTDIR.
#
# Usage (from the repository root; `make install-check` runs it):
#   MAKE=make ICSTAT=bin/icstat sh tests/install/run.sh
#
# With PREFIX=/usr: install puts exactly bin/icstat (mode 755),
# share/man/man1/icstat.1 and share/icstat/icstat-style.gp (644) under
# DESTDIR/usr and nothing else; the installed binary reports the built one's
# version; the installed page names the style file where this PREFIX put it
# and formats (man -l, else groff) without warnings; gnuplot loads the
# installed style; uninstall leaves no file and no share/icstat.  Then the
# default PREFIX, /usr/local.  Nothing is written outside the temporary
# directory.
set -u
MAKE=${MAKE:-make}
ICSTAT=${ICSTAT:-bin/icstat}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/icstat-install.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() {
    echo "install: FAIL: $*"
    fails=$((fails + 1))
}

D=$TMP/dest
if ! $MAKE --no-print-directory install DESTDIR="$D" PREFIX=/usr >"$TMP/install.log" 2>&1; then
    echo "install: FAIL: make install DESTDIR=$D PREFIX=/usr:"
    cat "$TMP/install.log"
    exit 1
fi

# Exactly the three files, with their modes.
(cd "$D" && find . -type f -o -type l | sort) >"$TMP/files"
printf '%s\n' ./usr/bin/icstat ./usr/share/icstat/icstat-style.gp ./usr/share/man/man1/icstat.1 >"$TMP/want"
if cmp -s "$TMP/files" "$TMP/want"; then
    echo "install: PREFIX=/usr DESTDIR=...: usr/bin/icstat, usr/share/man/man1/icstat.1, usr/share/icstat/icstat-style.gp"
else
    fail "make install put these files under DESTDIR:"
    sed 's/^/    /' "$TMP/files"
fi
mode() { stat -c %a "$1" 2>/dev/null; }
[ "$(mode "$D/usr/bin/icstat")" = 755 ] || fail "usr/bin/icstat has mode $(mode "$D/usr/bin/icstat"), not 755"
for f in usr/share/man/man1/icstat.1 usr/share/icstat/icstat-style.gp; do
    [ "$(mode "$D/$f")" = 644 ] || fail "$f has mode $(mode "$D/$f"), not 644"
done
cmp -s plots/icstat-style.gp "$D/usr/share/icstat/icstat-style.gp" || fail "the installed style file differs from plots/icstat-style.gp"

# The installed binary.
want=$("$ICSTAT" --version)
got=$("$D/usr/bin/icstat" --version 2>&1)
if [ "$got" = "$want" ]; then
    echo "install: the installed icstat --version says '$got'"
else
    fail "installed icstat --version says '$got', the built one '$want'"
fi
out=$("$D/usr/bin/icstat" agree --format csv datasets/reference/fleiss1971_diagnoses.csv 2>&1)
case $out in
*fleiss_kappa,0.43024*) ;;
*) fail "the installed icstat agree gave: $out" ;;
esac

# The installed page: PREFIX in the path of the style file, and it formats.
page=$D/usr/share/man/man1/icstat.1
grep -q '/usr/share/icstat/icstat\\-style.gp' "$page" || fail "the installed page does not name /usr/share/icstat/icstat-style.gp"
if grep -q '/usr/local' "$page"; then fail "the installed page (PREFIX=/usr) still names /usr/local"; fi
if command -v man >/dev/null 2>&1 && man --help 2>&1 | grep -q -- --warnings; then
    err=$(MANWIDTH=80 MANPAGER=cat man --warnings -l "$page" 2>&1 >"$TMP/page.txt")
    if [ -n "$err" ] || ! grep -q '^NAME' "$TMP/page.txt" || ! grep -q 'icstat \(-\|‐\) ' "$TMP/page.txt"; then
        fail "man -l $page:"
        echo "$err"
        head -n 5 "$TMP/page.txt"
    else
        echo "install: man -l shows the installed page ($(wc -l <"$TMP/page.txt") lines) without warnings"
    fi
elif command -v groff >/dev/null 2>&1; then
    err=$(groff -man -ww -z "$page" 2>&1)
    [ -z "$err" ] || fail "groff -man -ww -z $page: $err"
    echo "install: man not installed; groff -man -ww -z: no warnings"
else
    echo "install: neither man nor groff installed: the page is not formatted"
fi

# The installed style file loads in gnuplot, on svg and on pngcairo.
if command -v gnuplot >/dev/null 2>&1; then
    style=$D/usr/share/icstat/icstat-style.gp
    out=$(gnuplot -e "set terminal svg; load '$style'; print ICSTAT_FONT.' '.icstat_ordered(4, 4); set terminal pngcairo; load '$style'; print ICSTAT_FONT" 2>&1)
    if [ "$out" = "Arial,14 #D55E00
Arial,10.5" ]; then
        echo "install: gnuplot loads the installed icstat-style.gp (svg: Arial,14; pngcairo: Arial,10.5)"
    else
        fail "gnuplot loading $style said: $out"
    fi
else
    echo "install: gnuplot not installed: the style file is not loaded"
fi

# Uninstall: no file left, share/icstat gone.
if ! $MAKE --no-print-directory uninstall DESTDIR="$D" PREFIX=/usr >"$TMP/uninstall.log" 2>&1; then
    fail "make uninstall DESTDIR=$D PREFIX=/usr:"
    cat "$TMP/uninstall.log"
fi
left=$(cd "$D" && find . -type f -o -type l)
if [ -n "$left" ]; then fail "make uninstall left: $left"; else echo "install: make uninstall removed every file"; fi
[ ! -e "$D/usr/share/icstat" ] || fail "make uninstall left usr/share/icstat"

# The default PREFIX.
D2=$TMP/default
if $MAKE --no-print-directory install DESTDIR="$D2" >"$TMP/install2.log" 2>&1 &&
    [ -x "$D2/usr/local/bin/icstat" ] && [ -f "$D2/usr/local/share/man/man1/icstat.1" ] &&
    [ -f "$D2/usr/local/share/icstat/icstat-style.gp" ] &&
    grep -q '/usr/local/share/icstat/icstat\\-style.gp' "$D2/usr/local/share/man/man1/icstat.1" &&
    $MAKE --no-print-directory uninstall DESTDIR="$D2" >>"$TMP/install2.log" 2>&1 &&
    [ -z "$(cd "$D2" && find . -type f)" ]; then
    echo "install: without PREFIX: under /usr/local, and uninstalled again"
else
    fail "install and uninstall with the default PREFIX:"
    cat "$TMP/install2.log"
    (cd "$D2" 2>/dev/null && find . -type f)
fi

if [ "$fails" -gt 0 ]; then
    echo "install: $fails check(s) failed"
    exit 1
fi
