#!/usr/bin/env python3
"""ROUGE-1 and ROUGE-2 F1 of the summarizer on a development set.

    scripts/rouge_summarizer.py [--textmill BIN] [--dev DIR] [--config JSON]...

For every DIR/NAME.txt with a reference DIR/NAME.ref, runs the pipeline
sentence_splitter -> summarizer through the textmill CLI (default: the one in
build-summarizer-rel) and scores the
"summary" string against the reference. Prints a line per document and the
averages for news (news-*), the rest, and all, next to the lead-3 baseline
(the first three sentences: method "position" without penalties). Each
--config (a JSON object for the summarizer) is scored as one system.

ROUGE here: lower-cased words (letters and digits), no stemming, no stop word
removal; F1 of unigram / bigram overlap, clipped counts. Standard library
only.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def words(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def rouge_n(cand, ref, n):
    def grams(ws):
        return collections.Counter(tuple(ws[i:i + n]) for i in range(len(ws) - n + 1))
    c, r = grams(words(cand)), grams(words(ref))
    overlap = sum((c & r).values())
    if not c or not r or not overlap:
        return 0.0
    p, rec = overlap / sum(c.values()), overlap / sum(r.values())
    return 2 * p * rec / (p + rec)


def summarize(textmill, config, texts):
    """Runs sentence_splitter -> summarizer with the textmill CLI over texts
    (id -> text); returns id -> summary string."""
    pipeline = {"stages": [{"plugin": "sentence_splitter"},
                           {"plugin": "summarizer", "config": config}]}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(pipeline, f)
        path = f.name
    lines = "".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items())
    try:
        run = subprocess.run([textmill, "run", "--input-format", "jsonl", path, "-"],
                             input=lines, capture_output=True, text=True)
    finally:
        os.unlink(path)
    if run.returncode != 0:
        sys.exit("textmill failed: " + run.stderr)
    out = {}
    for line in run.stdout.splitlines():
        d = json.loads(line)
        out[d["id"]] = d.get("summary", d.get("meta", {}).get("summary", ""))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--textmill", default=os.path.join(ROOT, "build-summarizer-rel", "textmill"),
                    help="the textmill program of a build tree that has both plugins")
    ap.add_argument("--dev", default=os.path.join(ROOT, "bench", "summarizer-dev"))
    ap.add_argument("--config", action="append", default=[])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    names = sorted(f[:-4] for f in os.listdir(args.dev)
                   if f.endswith(".txt") and os.path.exists(os.path.join(args.dev, f[:-4] + ".ref")))
    texts = {n: open(os.path.join(args.dev, n + ".txt"), encoding="utf-8").read() for n in names}
    refs = {n: open(os.path.join(args.dev, n + ".ref"), encoding="utf-8").read() for n in names}
    systems = [("lead-3", {"method": "position", "penalties": False, "sentences": 3})]
    systems += [(c, json.loads(c)) for c in (args.config or ["{}"])]
    groups = {"news": [n for n in names if n.startswith("news-")],
              "other": [n for n in names if not n.startswith("news-")], "all": names}
    print("%-44s %-6s %6s %6s" % ("system", "set", "R1", "R2"))
    for label, config in systems:
        out = summarize(args.textmill, config, texts)
        scores = {n: (rouge_n(out[n], refs[n], 1), rouge_n(out[n], refs[n], 2)) for n in names}
        if args.verbose:
            for n in names:
                print("  %-20s R1 %.1f R2 %.1f  %s" % (n, 100 * scores[n][0], 100 * scores[n][1], out[n][:150]))
        for g, members in groups.items():
            r1 = 100 * sum(scores[n][0] for n in members) / len(members)
            r2 = 100 * sum(scores[n][1] for n in members) / len(members)
            print("%-44s %-6s %6.1f %6.1f" % (label[:44], g, r1, r2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
