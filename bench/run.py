#!/usr/bin/env python3
"""Throughput and peak memory of textmill's stages and default pipeline.

Builds a release build, cuts a corpus (default ../shared/corpus/big.txt) into
news-length documents and into one large document, runs each stage alone and
the default pipeline with -j 1 and -j 2, and writes bench/RESULTS.md.

    bench/run.py [--corpus FILE] [--big-gb 1.0]   (--big-gb 0 skips the 1 GB run)
"""
import argparse, datetime, json, os, platform, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build-release")
TM = os.path.join(BUILD, "textmill")


def build():
    subprocess.run([os.path.join(ROOT, "scripts", "deps.sh"), "time"], check=True)
    subprocess.run(["cmake", "-S", ROOT, "-B", BUILD, "-DCMAKE_BUILD_TYPE=Release",
                    "-DTEXTMILL_TESTS=OFF"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", BUILD, "-j", str(os.cpu_count())], check=True,
                   stdout=subprocess.DEVNULL)


def news_docs(text, size=3000):
    """Paragraphs grouped into documents of about `size` characters."""
    docs, cur = [], []
    n = 0
    for para in text.split("\n\n"):
        cur.append(para)
        n += len(para) + 2
        if n >= size:
            docs.append("\n\n".join(cur))
            cur, n = [], 0
    if cur:
        docs.append("\n\n".join(cur))
    return docs


def write_jsonl(path, docs):
    with open(path, "w", encoding="utf-8") as f:
        for i, d in enumerate(docs):
            f.write(json.dumps({"id": "d%d" % i, "text": d}, ensure_ascii=False) + "\n")


def run(pipeline, inp, jobs, out="/dev/null"):
    """Runs textmill; returns (seconds, peak RSS in MB).

    The peak comes from GNU time, not from os.wait4: a child forked from this
    process would count this process's memory (the corpus) in its peak."""
    rss_file = os.path.join(tempfile.gettempdir(), "tm-bench-rss")
    t = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file,
                        TM, "run", "-q", "-j", str(jobs), "-o", out, pipeline, inp],
                       stderr=subprocess.PIPE)
    secs = time.monotonic() - t
    if p.returncode not in (0, 1):
        sys.exit("textmill failed on %s: %s" % (pipeline, p.stderr.decode()))
    with open(rss_file) as f:
        return secs, int(f.read().split()[-1]) / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "big.txt"))
    ap.add_argument("--big-gb", type=float, default=1.0)
    args = ap.parse_args()
    build()
    text = open(args.corpus, encoding="utf-8", errors="replace").read()
    mb = len(text.encode("utf-8")) / 1e6
    tmp = tempfile.mkdtemp(prefix="tm-bench-")
    docs = news_docs(text)
    small = os.path.join(tmp, "news.jsonl")
    large = os.path.join(tmp, "one.jsonl")
    write_jsonl(small, docs)
    write_jsonl(large, [text])
    # Stages that need sentences get documents the splitter already split.
    split_small = os.path.join(tmp, "news-split.jsonl")
    split_large = os.path.join(tmp, "one-split.jsonl")
    run(os.path.join(ROOT, "bench", "pipelines", "sentence_splitter.json"), small, 2, split_small)
    run(os.path.join(ROOT, "bench", "pipelines", "sentence_splitter.json"), large, 2, split_large)

    def best(pipe, inp, jobs):
        """The fastest of three runs (this machine is shared: a slow run
        measures the neighbours), with the largest peak memory."""
        runs = [run(pipe, inp, jobs) for _ in range(3)]
        return min(r[0] for r in runs), max(r[1] for r in runs)

    # Start-up: each pipeline over no input (best of 3).
    empty = os.path.join(tmp, "empty.jsonl")
    open(empty, "w").close()
    startups = {}
    def startup_of(pipe):
        if pipe not in startups:
            startups[pipe] = best(pipe, empty, 1)[0]
        return startups[pipe]

    rows = []
    cases = [("cleaner", small, large), ("sentence_splitter", small, large),
             ("entity_tagger", split_small, split_large), ("summarizer", split_small, split_large)]
    for name, s_in, l_in in cases:
        pipe = os.path.join(ROOT, "bench", "pipelines", name + ".json")
        for jobs in (1, 2):
            secs, rss = best(pipe, s_in, jobs)
            rows.append((name, "%d news-size docs" % len(docs), jobs, secs, rss,
                         startup_of(pipe)))
        secs, rss = best(pipe, l_in, 1)
        rows.append((name, "one %.1f MB document" % mb, 1, secs, rss, startup_of(pipe)))
    default = os.path.join(ROOT, "pipelines", "default.json")
    for jobs in (1, 2):
        secs, rss = best(default, small, jobs)
        rows.append(("default pipeline", "%d news-size docs" % len(docs), jobs, secs, rss,
                     startup_of(default)))
    secs, rss = best(default, large, 1)
    rows.append(("default pipeline", "one %.1f MB document" % mb, 1, secs, rss,
                 startup_of(default)))

    big_row = None
    if args.big_gb > 0:
        big = os.path.join(tmp, "big.jsonl")
        target = args.big_gb * 1e9
        written, i = 0, 0
        with open(big, "w", encoding="utf-8") as f:
            while written < target:
                for d in docs:
                    line = json.dumps({"id": "b%d" % i, "text": d}, ensure_ascii=False) + "\n"
                    f.write(line)
                    written += len(line.encode("utf-8"))
                    i += 1
                    if written >= target:
                        break
        secs, rss = run(default, big, 2)
        big_row = (written / 1e9, i, secs, rss)
        os.remove(big)

    # Each stage's own work in process (no JSON), and what a second core
    # gives two independent programs on this machine: the ceiling for -j 2.
    # Through GNU time, as in run(): a child forked straight from this
    # process would report this process's memory as its own peak RSS.
    stage_out = []
    for name in ("tokenizer", "cleaner", "sentence_splitter", "entity_tagger", "summarizer"):
        p = subprocess.run(["/usr/bin/time", "-o", os.devnull,
                            os.path.join(BUILD, "bench", "bench_" + name), args.corpus],
                           capture_output=True, text=True, check=True)
        stage_out.append("$ bench/bench_%s %s\n%s" % (name, os.path.basename(args.corpus),
                                                      p.stdout.strip()))
    tok = [os.path.join(BUILD, "bench", "bench_tokenizer"), args.corpus]
    mbs = lambda out: float(out.split("MB: ")[1].split(" MB/s")[0])
    def two_at_once():
        pair = [subprocess.Popen(tok, stdout=subprocess.PIPE, text=True) for _ in range(2)]
        return sum(mbs(p.communicate()[0]) for p in pair)
    alone = max(mbs(subprocess.run(tok, capture_output=True, text=True, check=True).stdout)
                for _ in range(3))
    together = max(two_at_once() for _ in range(3))

    cpu = "unknown CPU"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    out = ["# Benchmark results", "",
           "Measured by `bench/run.py` on %s, %s, %d cores, %s, textmill %s (release build)."
           % (datetime.date.today().isoformat(), cpu, os.cpu_count(), platform.platform(),
              subprocess.run([TM, "--version"], capture_output=True, text=True).stdout.split()[1]),
           "",
           "Corpus: `%s` (%.1f MB), cut into %d documents of about 3,000 characters, and as one "
           "document. MB/s counts the corpus text (not JSON overhead); times are wall-clock for "
           "the whole command, start-up (loading gazetteers) included, the fastest of three "
           "runs (the machine is shared); peak memory is the process's maximum resident set." % (os.path.basename(args.corpus), mb, len(docs)),
           "",
           "| what | input | -j | seconds | MB/s | docs/s | MB/s after start-up | peak MB |",
           "|---|---|---|---|---|---|---|---|"]
    for name, inp, jobs, secs, rss, startup in rows:
        ndocs = len(docs) if "news" in inp else 1
        out.append("| %s | %s | %d | %.2f | %.1f | %.0f | %.1f | %.0f |"
                   % (name, inp, jobs, secs, mb / secs, ndocs / secs,
                      mb / max(secs - startup, 1e-3), rss))
    out += ["", "Start-up (loading the plugins and their lists; the pipeline over no input): "
            "%s. It is included in the seconds above; the column \"after start-up\" leaves it "
            "out, as a long run would." % ", ".join(
                "%s %.3f s" % (os.path.basename(p)[:-5], t) for p, t in startups.items()),
            "",
            "What a second core gives here: one CPU-bound program (`bench_tokenizer`) alone "
            "runs at %.0f MB/s; two copies at once run at %.0f MB/s together, %.2f times one. "
            "That is the most `-j 2` can gain over `-j 1` on this machine."
            % (alone, together, together / alone)]
    if big_row:
        gb, n, secs, rss = big_row
        out += ["", "Bounded memory: the default pipeline with `-j 2` over %.2f GB of JSON Lines "
                "(%d documents): %.0f s, %.1f MB/s, **peak memory %.0f MB**."
                % (gb, n, secs, gb * 1e3 / secs, rss)]
    out += ["", "## Each stage's own work, in process", "",
            "The stage benchmarks (`bench/bench_NAME.c`, one core, CPU time) time the stage "
            "alone on the corpus, without reading or writing JSON:", "", "```"]
    out += stage_out
    out += ["```", ""]
    with open(os.path.join(ROOT, "bench", "RESULTS.md"), "w") as f:
        f.write("\n".join(out))
    print("\n".join(out))


if __name__ == "__main__":
    main()
