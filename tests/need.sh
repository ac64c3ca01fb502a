#!/bin/sh
# need.sh COMMAND:PACKAGE ... — install, with apt-get, the Debian package of
# each COMMAND that is not on PATH, as `make deps` does for the build's
# packages: as root, or with sudo when it needs no password; otherwise say
# the exact command to run and fail.  `make lint` and `make valgrind` use it
# for their tools, which the build and `make test` do not need.
set -u
missing=""
packages=""
for pair in "$@"; do
    cmd=${pair%%:*}
    pkg=${pair#*:}
    if ! command -v "$cmd" >/dev/null 2>&1; then
        missing="$missing $cmd"
        packages="$packages $pkg"
    fi
done
[ -n "$packages" ] || exit 0
echo "need: missing:$missing"
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "need: run: sudo apt-get update && sudo apt-get install -y$packages"
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "need: no apt-get here; install:$packages"
    exit 1
fi
# shellcheck disable=SC2086 # lists of words
$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $packages
