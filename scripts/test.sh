#!/bin/sh
# Quick start 2: set everything up and run the whole test suite.
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)"
