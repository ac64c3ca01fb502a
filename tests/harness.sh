# harness.sh — what the shell test scripts (tests/cli/run.sh,
# tests/chart/run.sh, tests/bad-input/run.sh) share: the icstat under
# test, a scratch folder they work in, pass/fail counts and `run`.  Source it from the repository root
# with NAME set (the scratch folder's prefix); it leaves the script in the
# scratch folder, removed on exit, with ROOT the repository root.
ICSTAT=${ICSTAT:-bin/icstat}
case $ICSTAT in /*) ;; *) ICSTAT=$(pwd)/$ICSTAT ;; esac
ROOT=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/icstat-$NAME.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run RC STDERR_LINE1 ARGS... : exit status and the first line of stderr
# (STDERR_LINE1 "-" skips the stderr check).
run() {
    want_rc=$1 want_err=$2
    shift 2
    "$ICSTAT" "$@" >stdout 2>stderr
    rc=$?
    got_err=$(head -n 1 stderr)
    if [ "$rc" != "$want_rc" ]; then
        bad "icstat $*: exit $rc, want $want_rc (stderr: $got_err)"
    elif [ "$want_err" != "-" ] && [ "$got_err" != "$want_err" ]; then
        bad "icstat $*: stderr '$got_err', want '$want_err'"
    else
        ok
    fi
}
