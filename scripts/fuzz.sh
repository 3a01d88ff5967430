#!/bin/sh
# Builds the libFuzzer targets (fuzz/) with clang, ASan and UBSan, and runs
# each for a bounded time on the seed corpus in fuzz/corpus.
#
#   scripts/fuzz.sh [-t SECONDS] [-j JOBS] [TARGET...]
#
# SECONDS is per target (default 60); TARGETs are names such as jsonl,
# pipeline, docjson, sentence_splitter (default: all built). New inputs go to
# build-fuzz/corpus/TARGET (not the tree); a crash leaves its input in
# build-fuzz/artifacts/ and the script exits 1 after running the rest.
# Turn a crash into a regression test in tests/hostile/, then reproduce it
# with: build-fuzz/fuzz/fuzz_TARGET build-fuzz/artifacts/TARGET-crash-...
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${TEXTMILL_FUZZ_BUILD:-$root/build-fuzz}
seconds=60
jobs=1
while getopts t:j:h opt; do
    case $opt in
    t) seconds=$OPTARG ;;
    j) jobs=$OPTARG ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))

CC=${CC:-clang} cmake -S "$root" -B "$build" -DTEXTMILL_FUZZ=ON -DTEXTMILL_SANITIZE=ON \
    -DTEXTMILL_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzz >/dev/null

if [ $# -eq 0 ]; then
    set -- $(cd "$build/fuzz" && ls fuzz_* | sed 's/^fuzz_//')
fi

mkdir -p "$build/artifacts"
# Several jobs write fuzz-N.log files into the current folder: keep them in
# the build folder.
cd "$build/artifacts"
parallel=
[ "$jobs" -gt 1 ] && parallel="-jobs=$jobs -workers=$jobs"
failed=
for target in "$@"; do
    case $target in
    pipeline) seeds=pipeline dict=json.dict ;;
    jsonl) seeds=jsonl dict=json.dict ;;
    docjson) seeds=docjson dict= ;;
    *) seeds=text dict= ;; # the stages
    esac
    work="$build/corpus/$target"
    mkdir -p "$work"
    echo "fuzz: $target for ${seconds}s"
    # -timeout: one input may take 10 s at most (a hang is a bug);
    # -rss_limit_mb: so does eating memory; -max_len: inputs up to 64 KiB.
    if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$build/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 $parallel \
        ${dict:+-dict="$root/fuzz/$dict"} \
        -artifact_prefix="$build/artifacts/$target-" \
        "$work" "$root/fuzz/corpus/$seeds" >"$build/artifacts/$target.log" 2>&1; then
        echo "fuzz: $target FAILED; see $build/artifacts/$target.log:"
        grep -E 'ERROR|SUMMARY|fuzz:|Test unit written' "$build/artifacts/$target.log" | head -20
        failed="$failed $target"
    else
        grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' \
            "$build/artifacts/$target.log" | tr '\n' ' '
        echo
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz: crashes in:$failed"
    exit 1
fi
echo "fuzz: no crash"
