#!/bin/sh
# apt_install.sh WHO PACKAGE ... — install Debian packages with apt-get, as
# root or with sudo when it needs no password; otherwise say the exact
# command to run and fail.  WHO starts each message (deps, fuzz-deps, need).
# `make deps`, `make fuzz-deps` and tests/need.sh decide what is missing;
# this is the one place that installs it.
set -u
who=$1
shift
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "$who: run: sudo apt-get update && sudo apt-get install -y $*"
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "$who: no apt-get here; install (Debian package names): $*"
    exit 1
fi
$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "$@"
