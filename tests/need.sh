#!/bin/sh
# need.sh COMMAND:PACKAGE ... — install, with apt-get, the Debian package of
# each COMMAND that is not on PATH, as `make deps` does for the build's
# packages: as root, or with sudo when it needs no password; otherwise say
# the exact command to run and fail (tests/apt_install.sh).  `make lint`
# and `make valgrind` use it for their tools, which the build and `make
# test` do not need.
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
# shellcheck disable=SC2086 # a list of words
exec sh "$(dirname "$0")/apt_install.sh" need $packages
