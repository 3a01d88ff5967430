#!/bin/bash
# textmill run as a filter under GNU parallel: several jobs, each a textmill
# process over a block of JSON Lines, give the same output as one process.
# Usage: gnu_parallel.sh TEXTMILL TEST_PLUGIN_DIR
set -euo pipefail
textmill=$1
plugins=$2
if ! command -v parallel >/dev/null; then
    echo "SKIP: GNU parallel is not installed (apt-get install parallel)"
    exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
echo '{"stages": [{"plugin": "testgood", "config": {"mode": "capitalized"}}]}' > p.json
for i in $(seq 1 2000); do
    printf '{"id":"d%d","text":"Document %d Mentions Paris and Some Other Words %d"}\n' "$i" "$i" "$i"
done > in.jsonl

"$textmill" run -q -P "$plugins" p.json in.jsonl > single.jsonl

# --pipe cuts stdin into blocks at line ends; --keep-order puts the outputs
# back in input order; each job is an ordinary textmill filter.
parallel --pipe --block 20k --keep-order -j 4 \
    "$textmill" run -q -P "$plugins" -j 1 p.json - < in.jsonl > parallel.jsonl

jobs=$(parallel --pipe --block 20k -j 4 wc -l < in.jsonl | wc -l)
[ "$jobs" -gt 1 ] || { echo "FAIL: the input was not split ($jobs block)"; exit 1; }

if ! cmp -s single.jsonl parallel.jsonl; then
    echo "FAIL: the outputs of $jobs parallel jobs differ from a single run"
    diff <(sort single.jsonl) <(sort parallel.jsonl) | head
    exit 1
fi
echo "1 passed, 0 failed: $jobs parallel blocks give the same $(wc -l < single.jsonl) documents as one process"
