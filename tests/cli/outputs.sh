#!/bin/sh
# Outputs (issue 13, classes 2-4): -o onto a special file writes it in
# place and never replaces it; no output may be an input or another
# output; a failed run leaves no file; an interrupted run (SIGTERM, SIGINT,
# SIGHUP) leaves no temporary and says so in its exit status.
# Run from the repository root: ICSTAT=bin/icstat sh tests/cli/outputs.sh
set -u
NAME=outputs
# shellcheck source=tests/harness.sh
. "$(pwd)/tests/harness.sh"

WINE=$ROOT/tests/fixtures/clm_wine.csv
SPEC=$ROOT/datasets/synthetic/bokhove_primary.spec
OFSTED=$ROOT/tests/fixtures/ofsted/latest_2024.csv
printf 'u,a,b\n1,1,1\n2,1,2\n3,2,2\n4,2,2\n5,1,1\n' >agree.csv
"$ICSTAT" agree agree.csv --format csv -o agree.want
printf 'judge,gender\n1,F\n2,M\n3,F\n4,M\n5,F\n6,M\n7,F\n8,M\n9,F\n' >judges.csv

# nothing_left DIR WHAT: no temporary (*.tmp*) left in DIR.
nothing_left() {
    if ls "$1" | grep -q '\.tmp'; then bad "$2: left $(ls "$1" | grep '\.tmp' | head -n 1)"; else ok; fi
}

# ---- Class 2: special files are written in place, never replaced ----
if [ -c /dev/null ] && [ -w /dev/null ]; then
    run 0 "" agree agree.csv -o /dev/null
    [ -c /dev/null ] && ok || bad "-o /dev/null replaced /dev/null"
    run 0 "" fit --outcome rating --terms temp --group judge --effects /dev/null -o /dev/null "$WINE"
    [ -c /dev/null ] && ok || bad "fit --effects /dev/null replaced /dev/null"
    nothing_left /dev "-o /dev/null"
fi
if [ -c /dev/full ]; then
    run 2 "icstat: /dev/full: write failed: No space left on device" agree agree.csv -o /dev/full
    run 2 "icstat: /dev/full: write failed: No space left on device" \
        simulate --spec "$SPEC" -o sim.csv --double /dev/full
    [ -e sim.csv ] && bad "simulate: -o written although --double failed" || ok
    [ -c /dev/full ] && ok || bad "-o /dev/full replaced /dev/full"
fi
# A FIFO gets the output in order and stays a FIFO.
if mkfifo pipe 2>/dev/null; then
    cat pipe >from_pipe &
    reader=$!
    run 0 "" agree agree.csv --format csv -o pipe
    wait $reader
    cmp -s from_pipe agree.want && ok || bad "-o FIFO: the reader did not get the output"
    [ -p pipe ] && ok || bad "-o FIFO replaced the FIFO"
    nothing_left . "-o FIFO"
fi
# -o - and -o /dev/stdout are stdout; through /dev/stdout a >> still appends.
"$ICSTAT" agree agree.csv --format csv -o - >dash.out
cmp -s dash.out agree.want && ok || bad "-o - is not stdout"
echo first >appended
"$ICSTAT" agree agree.csv --format csv -o /dev/stdout >>appended
{ echo first; cat agree.want; } >appended.want
cmp -s appended appended.want && ok || bad "-o /dev/stdout with >> did not append"
[ -f appended ] && ok || bad "-o /dev/stdout replaced the file"
"$ICSTAT" agree agree.csv --format csv -o /dev/fd/1 >fd1.out
cmp -s fd1.out agree.want && ok || bad "-o /dev/fd/1 is not stdout"
# A symbolic link stays a link; the file it names gets the output.
echo old >real.csv
ln -s real.csv link.csv
run 0 "" agree agree.csv --format csv -o link.csv
[ -L link.csv ] && ok || bad "-o LINK replaced the link"
cmp -s real.csv agree.want && ok || bad "-o LINK: the linked file was not written"
mkdir adir
run 2 "icstat: adir: cannot write: Is a directory" agree agree.csv -o adir
# Empty names are usage errors that name the option.
run 1 "icstat agree: -o '' is an empty file name (use - for standard output)" agree agree.csv -o ''
run 1 "icstat fit: --effects '' is an empty file name (use - for standard output)" \
    fit --outcome rating --group judge --effects '' "$WINE"
run 1 "icstat simulate: --double '' is an empty file name (use - for standard output)" \
    simulate --spec "$SPEC" --double ''
run 1 "icstat simulate: --inspectors-out '' is an empty file name (use - for standard output)" \
    simulate --spec "$SPEC" --inspectors-out ''

# ---- Class 3: no output may be an input or another output ----
# keep FILE: FILE's bytes are what they were (saved as FILE.orig).
keep() { cmp -s "$1" "$1.orig" && ok || bad "$2: $1 was changed"; }
cp "$OFSTED" in.csv
cp in.csv in.csv.orig
run 1 "icstat import: -o 'in.csv' is the input 'in.csv': writing it would destroy what is read; name another output" \
    import ofsted -o in.csv in.csv
keep in.csv "import -o INPUT"
run 1 - import ofsted -o ./in.csv "$(pwd)/in.csv"
keep in.csv "import -o ./INPUT (another spelling)"
ln in.csv hard.csv
run 1 - import ofsted -o hard.csv in.csv
keep in.csv "import -o HARDLINK"
ln -s in.csv soft.csv
run 1 - import ofsted -o soft.csv in.csv
keep in.csv "import -o SYMLINK"
cp in.csv stdin.csv
cp stdin.csv stdin.csv.orig
"$ICSTAT" import ofsted -o stdin.csv - <stdin.csv >/dev/null 2>stderr
[ $? = 1 ] && ok || bad "import -o F - <F: not a usage error"
keep stdin.csv "import -o F - <F"
# Standard output that is the input (a >> onto it), and a /dev name that
# leads to the input, are caught too.
"$ICSTAT" import ofsted - <stdin.csv >>stdin.csv 2>stderr
[ $? = 1 ] && ok || bad "import - <F >>F: not a usage error"
keep stdin.csv "import - <F >>F"
"$ICSTAT" import ofsted stdin.csv -o /dev/stdin <stdin.csv >/dev/null 2>stderr
[ $? = 1 ] && ok || bad "import F -o /dev/stdin <F: not a usage error"
keep stdin.csv "import F -o /dev/stdin <F"
cp "$WINE" wine.csv
cp wine.csv wine.csv.orig
cp judges.csv judges.csv.orig
run 1 "icstat fit: --effects 'wine.csv' is the input 'wine.csv': writing it would destroy what is read; name another output" \
    fit --outcome rating --terms temp --group judge --effects wine.csv wine.csv
keep wine.csv "fit --effects INPUT"
run 1 "icstat fit: --effects 'judges.csv' is the --join file 'judges.csv': writing it would destroy what is read; name another output" \
    fit --outcome rating --terms temp,gender --group judge --join judges.csv:judge \
    --effects judges.csv wine.csv
keep judges.csv "fit --effects JOINFILE"
run 1 "icstat fit: -o 'x.csv' and --effects 'x.csv' are the same file: give each output its own name" \
    fit --outcome rating --terms temp --group judge -o x.csv --effects x.csv wine.csv
[ -e x.csv ] && bad "fit -o X --effects X wrote X" || ok
run 1 "icstat fit: -o 'y.csv' and --effects './y.csv' are the same file: give each output its own name" \
    fit --outcome rating --terms temp --group judge -o y.csv --effects ./y.csv wine.csv
run 1 "icstat simulate: -o 'z.csv' and --double 'z.csv' are the same file: give each output its own name" \
    simulate --spec "$SPEC" -o z.csv --double z.csv
run 1 "icstat simulate: -o 'z.csv' and --inspectors-out 'z.csv' are the same file: give each output its own name" \
    simulate --spec "$SPEC" -o z.csv --inspectors-out z.csv
[ -e z.csv ] && bad "simulate -o Z --double Z wrote Z" || ok
cp "$SPEC" my.spec
cp my.spec my.spec.orig
run 1 - simulate --spec my.spec -o my.spec
keep my.spec "simulate -o SPEC"
"$ICSTAT" describe wine.csv --outcome rating --by temp --format csv -o st.csv
mv st.csv c.dat
cp c.dat c.dat.orig
run 1 "icstat chart: its data 'c.dat' is the input 'c.dat': writing it would destroy what is read; name another output" \
    chart stacked c.dat -o c.svg
keep c.dat "chart -o OUT with OUT.dat the input"
[ -e c.svg ] && bad "chart wrote OUT although OUT.dat is its input" || ok
mv c.dat st.csv
run 1 - describe st.csv --proportions -o st.csv
run 1 - agree agree.csv -o agree.csv
run 1 - power fit --spec my.spec --term gender -o my.spec
keep my.spec "power fit -o SPEC"
run 1 "icstat fit: -o '-' and --effects '-' are both standard output: give each output its own name" \
    fit --outcome rating --terms temp --group judge --effects - wine.csv
run 1 "icstat simulate: -o '-' and --double '/dev/stdout' are both standard output: give each output its own name" \
    simulate --spec "$SPEC" --double /dev/stdout
# Distinct outputs and /dev/null twice are fine.
run 0 "" fit --outcome rating --terms temp --group judge -o f1.csv --effects f2.csv wine.csv
[ -s f1.csv ] && [ -s f2.csv ] && ok || bad "fit -o A --effects B: missing output"
run 0 "" simulate --spec "$SPEC" -o /dev/null --double /dev/null

# ---- Class 4: a failed run leaves nothing ----
run 2 - fit --outcome rating --terms temp --group judge --effects e.csv -o nodir/x.csv wine.csv
[ -e e.csv ] && bad "fit: --effects written although -o failed" || ok
run 2 - simulate --spec "$SPEC" --inspectors-out i.csv --double d.csv -o nodir/x.csv
[ -e i.csv ] || [ -e d.csv ] && bad "simulate: side files written although -o failed" || ok
run 2 - simulate --spec "$SPEC" --inspectors-out nodir/i.csv --double d.csv -o s.csv
[ -e s.csv ] || [ -e d.csv ] && bad "simulate: outputs written although --inspectors-out failed" || ok
nothing_left . "failed runs"
# An existing output is untouched by a failed run that names it.
echo keep >e.csv
run 2 - fit --outcome rating --terms temp --group judge --effects e.csv -o nodir/x.csv wine.csv
[ "$(cat e.csv)" = keep ] && ok || bad "fit: failed run changed --effects"

# ---- Class 4: interrupted runs ----
# A gnuplot and an ssconvert that start writing, then wait to be stopped.
mkdir fakebin
printf '#!/bin/sh\necho started >%s/child.started\nfor a; do :; done\nexec sleep 30\n' \
    "$T" >fakebin/gnuplot
# ssconvert's last argument is the sheets' name template (DIR/sheet.%n.csv).
printf '#!/bin/sh\nfor a; do out=$a; done\necho "URN,Inspection start date" >"$(dirname "$out")/sheet.0.csv"\necho started >%s/child.started\nexec sleep 30\n' \
    "$T" >fakebin/ssconvert
chmod +x fakebin/gnuplot fakebin/ssconvert
# interrupt SIG NAME CMD...: start icstat with the fake programs first on
# PATH, send SIG once the child runs, and check the exit status is 128+N
# and the message names the signal.
interrupt() {
    sig=$1 num=$2 what=$3
    shift 3
    rm -f child.started
    # A shell starts a background job with SIGINT ignored (and icstat, as
    # nohup expects, leaves an ignored signal ignored): restore them.
    PATH="$T/fakebin:$PATH" env --default-signal=INT,TERM,HUP "$ICSTAT" "$@" >/dev/null 2>int.err &
    pid=$!
    i=0
    while [ ! -e child.started ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    kill -s "$sig" $pid
    wait $pid
    rc=$?
    [ $rc = $((128 + num)) ] && ok || bad "$what: SIG$sig gave exit $rc, want $((128 + num))"
    grep -q "^icstat: interrupted (SIG$sig); temporary files removed$" int.err && ok ||
        bad "$what: SIG$sig: stderr '$(head -n 1 int.err)'"
}
mkdir charts
interrupt TERM 15 "chart" chart stacked st.csv -o charts/c.svg
ls charts | grep -q . && bad "chart after SIGTERM left: $(ls charts | tr '\n' ' ')" || ok
interrupt INT 2 "chart" chart stacked st.csv -o charts/c.svg
ls charts | grep -q . && bad "chart after SIGINT left: $(ls charts | tr '\n' ' ')" || ok
interrupt HUP 1 "chart" chart stacked st.csv -o charts/c.png
ls charts | grep -q . && bad "chart after SIGHUP left: $(ls charts | tr '\n' ' ')" || ok
sleep 0.2
pgrep -f "$T/fakebin" >/dev/null 2>&1 && bad "the fake gnuplot outlived icstat" || ok
mkdir xtmp
printf 'not a workbook' >book.xlsx
TMPDIR="$T/xtmp" interrupt TERM 15 "import .xlsx" import ofsted book.xlsx -o imported.csv
ls xtmp | grep -q . && bad "import .xlsx after SIGTERM left $(ls xtmp)" || ok
[ -e imported.csv ] && bad "import .xlsx after SIGTERM wrote its output" || ok
nothing_left . "interrupted runs"
# A file name the shell would read is one argument to ssconvert (the one
# before the output template).
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >%s/xlsx.args\nexit 1\n' "$T" >fakebin/ssconvert
cp book.xlsx "q'\$(touch INJ).xlsx"
PATH="$T/fakebin:$PATH" "$ICSTAT" import ofsted "q'\$(touch INJ).xlsx" -o imp.csv >/dev/null 2>&1
[ -e INJ ] && bad "ssconvert: the file name ran a command" || ok
tail -n 2 xlsx.args | head -n 1 | grep -qxF "q'\$(touch INJ).xlsx" && ok || bad "ssconvert: file name not passed whole"

# A gnuplot that cannot be started (not a program the system can run):
# posix_spawn fails, and the chart fails as when gnuplot fails, naming
# the script; nothing is written.
mkdir badbin
printf '\177ELF not really' >badbin/gnuplot
chmod +x badbin/gnuplot
PATH="$T/badbin:$PATH" "$ICSTAT" chart stacked st.csv -o charts/bad.svg >/dev/null 2>bad.err
rc=$?
[ $rc = 2 ] && ok || bad "unstartable gnuplot: exit $rc, want 2"
grep -qxF "icstat: charts/bad.svg: gnuplot could not draw the chart from bad.gp" bad.err && ok ||
    bad "unstartable gnuplot: stderr '$(head -n 1 bad.err)'"
ls charts | grep -q . && bad "unstartable gnuplot left: $(ls charts | tr '\n' ' ')" || ok

echo "outputs: $pass passed, $fail failed"
[ "$fail" = 0 ]
