#!/bin/bash
# sdk-check.sh - the plugin SDK as a plugin author gets it.
#
# Installs textmill into a temporary prefix, then, out of the tree and against
# that installation only (find_package(textmill), pkg-config):
#   - builds and tests every example in examples/ (warnings are errors);
#   - scaffolds a plugin with `textmill new-plugin`, builds and tests it as
#     generated, installs it and runs it by name;
#   - builds the "Writing a plugin" code of README.md as written, and runs it;
#   - compiles a program with `pkg-config --cflags --libs textmill`.
#
# usage: scripts/sdk-check.sh
# Environment: BUILD_DIR (default build-sdk-check), CC and CXX (compilers),
# SANITIZE=1 builds the out-of-tree projects with ASan and UBSan, KEEP=1
# keeps the scratch folder (the prefix and the out-of-tree builds).
# Exit status 0 when everything passed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${BUILD_DIR:-build-sdk-check}
case $build in /*) ;; *) build=$root/$build ;; esac
work=$(mktemp -d /tmp/textmill-sdk-check.XXXXXX)
# Outside the build tree, where programs use the tree's plugins instead.
prefix=$work/prefix
if [ "${KEEP:-0}" = 1 ]; then
  echo "scratch folder: $work"
else
  trap 'rm -rf "$work"' EXIT
fi
jobs=$(nproc 2>/dev/null || echo 2)
export CTEST_OUTPUT_ON_FAILURE=1
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
# Only the installed plugin folder and the ones named below: nothing from the
# caller's environment.
unset TEXTMILL_PLUGIN_PATH
textmill=$prefix/bin/textmill

step() { printf '\n=== %s\n' "$*"; }
fail() { printf 'sdk-check: %s\n' "$*" >&2; exit 1; }

# configure_build SRC BUILD [cmake args...]: an out-of-tree project against
# the installed SDK, warnings as errors.
san_args=()
if [ "${SANITIZE:-0}" = 1 ]; then
  san=-fsanitize=address,undefined
  san_args=("-DCMAKE_C_FLAGS_INIT=$san -fno-sanitize-recover=undefined"
            "-DCMAKE_CXX_FLAGS_INIT=$san -fno-sanitize-recover=undefined"
            "-DCMAKE_EXE_LINKER_FLAGS_INIT=$san" "-DCMAKE_MODULE_LINKER_FLAGS_INIT=$san")
fi
configure_build() {
  local src=$1 bld=$2
  shift 2
  cmake -S "$src" -B "$bld" -DCMAKE_PREFIX_PATH="$prefix" \
        -DCMAKE_COMPILE_WARNING_AS_ERROR=ON -DCMAKE_BUILD_TYPE=Debug \
        ${san_args[@]+"${san_args[@]}"} "$@" > "$bld.configure.log" \
    || { cat "$bld.configure.log"; fail "$src: configure failed"; }
  cmake --build "$bld" -j"$jobs"
}

# configure_build_test SRC BUILD [cmake args...]: the same, then its tests
# (there must be some).
configure_build_test() {
  configure_build "$@"
  ctest --test-dir "$2" --no-tests=error
}

step "dependencies (the redactor example needs PCRE2)"
scripts/deps.sh libpcre2-dev

step "build textmill and install it into $prefix"
cmake -S . -B "$build" -DTEXTMILL_TESTS=OFF > /dev/null
cmake --build "$build" -j"$jobs"
# --prefix: an installation is relocatable, so any folder will do.
cmake --install "$build" --prefix "$prefix" > /dev/null

step "installed layout"
for f in bin/textmill lib/libtextmill.so include/textmill/textmill.h \
         include/textmill/plugin.h include/textmill/testing.h include/textmill/version.h \
         lib/pkgconfig/textmill.pc lib/cmake/textmill/textmillConfig.cmake \
         lib/cmake/textmill/textmillConfigVersion.cmake \
         lib/cmake/textmill/textmillPlugin.cmake lib/cmake/textmill/textmillTargets.cmake; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done
[ -d "$prefix/lib/textmill/plugins" ] || fail "no installed plugin folder"
"$textmill" --version
"$textmill" plugins | grep -qF "$prefix/lib/textmill/plugins" \
  || fail "'textmill plugins' does not list the installed plugin folder"

step "pkg-config: a program built with \`pkg-config --cflags --libs textmill\`"
cat > "$work/pc.c" <<'EOF'
#include <stdio.h>
#include <string.h>
#include <textmill/textmill.h>
int main(void)
{
    tm_error err;
    tm_doc *doc = tm_doc_new("pc", "It works.", 9, &err);
    printf("textmill %s, ABI %d.%d: %s\n", tm_version(), TM_ABI_MAJOR, TM_ABI_MINOR,
           tm_doc_text(doc, NULL));
    tm_doc_free(doc);
    return strcmp(tm_version(), TM_VERSION) != 0;
}
EOF
# shellcheck disable=SC2046
"${CC:-cc}" -std=c11 -Wall -Wextra -Werror "$work/pc.c" -o "$work/pc" \
  $(pkg-config --cflags --libs textmill) -Wl,-rpath,"$(pkg-config --variable=libdir textmill)"
"$work/pc"
[ "$(realpath "$(pkg-config --variable=plugindir textmill)")" = "$prefix/lib/textmill/plugins" ] \
  || fail "pkg-config plugindir is $(pkg-config --variable=plugindir textmill)"

examples=()
for dir in examples/*/; do
  [ -f "$dir/CMakeLists.txt" ] && examples+=("$(basename "$dir")")
done
[ ${#examples[@]} -gt 0 ] || fail "no examples found"
for ex in "${examples[@]}"; do
  step "example $ex: build and test against the installed SDK"
  configure_build_test "$root/examples/$ex" "$work/$ex"
  cmake --install "$work/$ex" > /dev/null
done

step "textmill new-plugin: the project builds and passes its test as generated"
"$textmill" new-plugin sdk_demo "$work/sdk_demo"
configure_build_test "$work/sdk_demo" "$work/sdk_demo/build"

step "README.md: the \"Writing a plugin\" code builds as written"
mkdir -p "$work/readme"
awk '/^## Writing a plugin/ {s = 1} s && /^```c$/ {c = 1; next} c && /^```$/ {exit} c' \
  README.md > "$work/readme/long_words.c"
[ -s "$work/readme/long_words.c" ] || fail "no C code block under '## Writing a plugin' in README.md"
cat > "$work/readme/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(readme_example LANGUAGES C)
find_package(textmill REQUIRED)
set(CMAKE_C_STANDARD 11)
# The warnings of textmill's own build (which allows unused parameters).
add_compile_options(-Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter)
textmill_add_plugin(long_words SOURCES long_words.c NO_INSTALL)
EOF
configure_build "$work/readme" "$work/readme/build"

if [ "${SANITIZE:-0}" = 1 ]; then
  # The installed textmill is not sanitized, so it cannot load sanitized
  # plugins: the runs below are left to the plain check.
  step "SDK tests passed under sanitizers; runs of the installed textmill skipped"
  exit 0
fi

step "the installed examples, by name, in one pipeline"
cat > "$work/examples.json" <<'EOF'
{"stages": [
  {"plugin": "redactor"},
  {"plugin": "langid"},
  {"plugin": "keywords", "config": {"top": 2}},
  {"plugin": "repeats"}
]}
EOF
printf '%s' "Anna wrote to the the harbour office at office@harbour.example and \
called +47 22 33 44 55. The office answered that the harbour would open the \
office at noon." > "$work/note.txt"
out=$("$textmill" run "$work/examples.json" "$work/note.txt")
echo "$out"
for want in '[EMAIL]' '"language":"en"' '"keywords":[{' '"label":"REPEAT"' '"offset_map":'; do
  grep -qF "$want" <<< "$out" || fail "the example pipeline's output lacks $want"
done
"$textmill" inspect keywords | grep -q "share/textmill/plugins/keywords" \
  || fail "the installed keywords plugin does not find its data"

step "the scaffolded plugin: its pipeline runs; installed, it is found by name"
(cd "$work/sdk_demo" && echo "The NASA probe met an ESA team." | "$textmill" run pipeline.json) \
  | grep -qF '"sdk_demo":[{"start":4,"end":8' || fail "the scaffolded pipeline does not run"
cmake --install "$work/sdk_demo/build" > /dev/null
echo "Only UNESCO." | "$textmill" run <(echo '{"stages": [{"plugin": "sdk_demo"}]}') \
  | grep -qF '"text":"UNESCO"' || fail "the installed scaffolded plugin is not found by name"

step "README.md: the \"Writing a plugin\" plugin runs"
echo "Tiny words beside extraordinarily lengthy ones." \
  | "$textmill" run -P "$work/readme/build/plugins" \
      <(echo '{"stages": [{"plugin": "long_words", "config": {"min_length": 8}}]}') \
  | grep -qF '"long_words":[{"start":18,"end":33' || fail "the README plugin does not run"

step "SDK check passed (${#examples[@]} examples, scaffold, README code, pkg-config)"
