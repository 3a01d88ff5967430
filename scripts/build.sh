#!/bin/sh
# Installs what is missing, then configures and builds textmill in build/
# (or in $BUILD_DIR). Extra arguments go to cmake's configure step.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
build="${BUILD_DIR:-build}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
