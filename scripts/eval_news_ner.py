#!/usr/bin/env python3
"""Scores the entity tagger on the news sets in bench/ner-news.

    scripts/eval_news_ner.py [--bench PATH] [-v] [SET.txt ...]

A set is pairs of lines: "S: sentence" and "E: LABEL text | LABEL text".
Each sentence is tagged on its own (bench_entity_tagger --lines), and an
entity counts when its label class and its exact text are found in that
sentence: PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC. With -v, every
miss and every false hit is printed with its rule.
"""
import argparse
import collections
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLASS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def read_set(path):
    """The sentences and, per sentence, the set of (class, text) expected."""
    sents, gold = [], []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if line.startswith("S: "):
            sents.append(line[3:])
        elif line.startswith("E:"):
            if len(gold) != len(sents) - 1:
                sys.exit("%s:%d: an E: line without its S: line" % (path, n))
            items = set()
            for item in line[2:].split("|"):
                item = item.strip()
                if item:
                    label, text = item.split(" ", 1)
                    if label in CLASS:
                        items.add((CLASS[label], text))
            gold.append(items)
    if len(gold) != len(sents):
        sys.exit("%s: %d sentences but %d E: lines" % (path, len(sents), len(gold)))
    return sents, gold


def tag(bench, sents):
    """Per sentence, {(class, text): rule} of what the tagger found."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False,
                                     encoding="utf-8") as f:
        f.write("\n".join(sents) + "\n")
    try:
        out = subprocess.run([bench, "--lines", f.name], capture_output=True,
                             check=True).stdout.decode("utf-8")
    finally:
        os.unlink(f.name)
    found = [dict() for _ in sents]
    for row in out.splitlines():
        line, start, end, label, rule = (row.split("\t") + [""])[:5]
        if label in CLASS:
            i = int(line)
            text = sents[i].encode("utf-8")[int(start):int(end)].decode("utf-8")
            found[i][(CLASS[label], text)] = rule
    return found


def prf(tp, fp, fn):
    p = 100.0 * tp / (tp + fp) if tp + fp else 0.0
    r = 100.0 * tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sets", nargs="*")
    ap.add_argument("--bench", default=os.path.join(ROOT, "build-release", "bench",
                                                    "bench_entity_tagger"))
    ap.add_argument("-v", action="store_true", help="print misses and false hits")
    args = ap.parse_args()
    paths = args.sets or sorted(
        os.path.join(ROOT, "bench", "ner-news", f)
        for f in os.listdir(os.path.join(ROOT, "bench", "ner-news")) if f.endswith(".txt"))
    if not os.access(args.bench, os.X_OK):
        sys.exit("%s not found: make the release build first (python3 bench/run.py, or "
                 "cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release "
                 "-DTEXTMILL_TESTS=OFF && cmake --build build-release)" % args.bench)
    for path in paths:
        sents, gold = read_set(path)
        found = tag(args.bench, sents)
        count = collections.Counter()
        for i, (want, got) in enumerate(zip(gold, found)):
            for item, rule in got.items():
                hit = item in want
                count[item[0], "tp" if hit else "fp"] += 1
                if args.v and not hit:
                    print("FP %s [%s] (%s) :: %s" % (item[0], item[1], rule, sents[i]))
            for item in want - got.keys():
                count[item[0], "fn"] += 1
                if args.v:
                    print("FN %s [%s] :: %s" % (item[0], item[1], sents[i]))
        print("%s: %d sentences, %d entities" % (os.path.basename(path), len(sents),
                                                  sum(len(g) for g in gold)))
        total = [0, 0, 0]
        for c in ("PER", "ORG", "LOC"):
            v = [count[c, k] for k in ("tp", "fp", "fn")]
            total = [a + b for a, b in zip(total, v)]
            print("  %-3s P %5.1f R %5.1f F1 %5.1f" % ((c,) + prf(*v)))
        print("  all P %5.1f R %5.1f F1 %5.1f" % prf(*total))


if __name__ == "__main__":
    main()
