#!/bin/sh
# Installs the Debian 12 packages textmill needs to build and test, if any
# are missing. Extra package names may be given as arguments.
set -eu

packages="build-essential cmake pkg-config libltdl-dev libjansson-dev
libcriterion-dev libutf8proc-dev libstemmer-dev $*"

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
echo "textmill: installing$missing" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
