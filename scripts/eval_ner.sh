#!/bin/sh
# eval_ner.sh - scores the entity_tagger on the NER development set in
# ../shared/eval/ner (not part of the test suite: it needs that folder).
#
#   scripts/eval_ner.sh [--errors | --lines-only]
#
# Builds the plugin and the bench driver (Release) in build-entity_tagger-rel,
# exports the development sentences (one a line), tags them document by
# document (each line a sentence; --lines-only: each line its own document),
# maps PERSON to PER and GPE/LOC/FAC to LOC, and prints the scorer's per-type
# precision, recall and F1. --errors also keeps the predictions and the
# sentences in $TMPDIR (or /tmp) for a look at the mistakes.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${TM_SHARED_DIR:-$root/../shared}
build=${TM_BUILD_DIR:-$root/build-entity_tagger-rel}
ner=$shared/eval/ner
if [ ! -f "$ner/eval_ner.py" ]; then
    echo "eval_ner.sh: $ner/eval_ner.py not found (set TM_SHARED_DIR)" >&2
    exit 1
fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTEXTMILL_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target entity_tagger bench_entity_tagger >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$ner/eval_ner.py" export --gold "$ner/en_ewt-ud-dev.iob2" \
    --gold-format uner --out "$tmp/dev.txt" >/dev/null
# Document boundaries (the "# newdoc" lines), so that the document pass
# sees what a user's documents would give it; --lines-only tags each line
# alone.
python3 - "$ner/en_ewt-ud-dev.iob2" > "$tmp/starts.txt" <<'PY'
import sys
n, start = 0, False
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("# newdoc"):
        start = True
    elif line.startswith("# sent_id") or line.startswith("# text"):
        continue
    elif line.strip() == "":
        continue
    elif line[0].isdigit() and line.split("\t")[0] == "1":
        if start:
            print(n)
        start = False
        n += 1
PY
if [ "$1" = "--lines-only" ]; then : > "$tmp/starts.txt"; fi
"$build/bench/bench_entity_tagger" --lines --doc-starts "$tmp/starts.txt" "$tmp/dev.txt" > "$tmp/raw.tsv"
awk -F'\t' -v OFS='\t' '
    $4 == "PERSON" { print $1, $2, $3, "PER", $5; next }
    $4 == "ORG"    { print $1, $2, $3, "ORG", $5; next }
    $4 == "GPE" || $4 == "LOC" || $4 == "FAC" { print $1, $2, $3, "LOC", $5 }
' "$tmp/raw.tsv" > "$tmp/pred.tsv"
python3 "$ner/eval_ner.py" eval --gold "$ner/en_ewt-ud-dev.iob2" --gold-format uner \
    --pred "$tmp/pred.tsv" --pred-format tsv-line --byte-offsets --types PER,ORG,LOC
if [ "$1" = "--errors" ]; then
    cp "$tmp/pred.tsv" "$tmp/dev.txt" "${TMPDIR:-/tmp}/" 2>/dev/null || true
    echo "predictions and sentences copied to ${TMPDIR:-/tmp}/pred.tsv and dev.txt"
fi
