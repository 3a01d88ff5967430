#!/bin/sh
# Runs the end-to-end hostile cases (tests/hostile, suites cli and
# plugin_loading) with every `textmill` command inside valgrind memcheck:
# any invalid read or write, use of uninitialised memory or leak fails the
# case. The big inputs shrink (1 MB instead of 100 MB) under valgrind.
#
#   scripts/valgrind.sh [BUILD_DIR]     (default: build-valgrind, made here)
#
# Exit status 0 when memcheck found nothing, 1 otherwise.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-valgrind}
if [ ! -x "$build/tests/hostile/test_hostile" ]; then
    # A plain build: valgrind cannot run sanitized programs.
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTEXTMILL_SANITIZE=OFF \
        >/dev/null
fi
cmake --build "$build" -j "$(nproc)" >/dev/null

# 99: valgrind's exit code for an error, apart from textmill's own (0-5);
# the tests fail a case that exits with it (see tm_cli in helpers.c).
TEXTMILL_TEST_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full \
--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
--track-origins=yes"
export TEXTMILL_TEST_WRAPPER

status=0
for suite in cli plugin_loading; do
    echo "valgrind: tests/hostile $suite"
    "$build/tests/hostile/test_hostile" --filter "$suite/*" -j "$(nproc)" || status=1
done
exit $status
