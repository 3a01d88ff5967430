/*
 * bench_formats.c - speed and memory of the output formats (tm_writer).
 *
 *     bench_formats FILE [--doc-size BYTES] [--pipeline JSON]
 *
 * Annotates FILE first (not timed) with the pipeline (default: the
 * sentence_splitter, entity_tagger and summarizer stages), cut at paragraph
 * breaks into documents of about --doc-size bytes (default 3000), then times
 * each writer over all of them on one core: jsonl (for reference), html and
 * conll to /dev/null, brat into a temporary folder (real files). Then FILE as
 * one document, in html. Reported as MB of document text per second (CPU
 * time of the thread, best of 3), and the peak RSS at the end. Not a test:
 * the numbers depend on the machine. Build in Release to measure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <textmill/textmill.h>

#define BENCH_NAME "bench_formats"
#include "bench.h"

/* Writes every document with a new writer; returns the CPU seconds. */
static double write_all(tm_output_format format, const char *dir, tm_doc **docs, size_t n)
{
    tm_error err;
    tm_error_clear(&err);
    FILE *f = fopen("/dev/null", "wb");
    if (!f) {
        perror("/dev/null");
        exit(1);
    }
    double t0 = bench_cpu_seconds();
    tm_writer *w = tm_writer_new(f, dir, format, 0, &err);
    if (!w)
        bench_die("tm_writer_new", &err);
    for (size_t i = 0; i < n; i++)
        if (tm_writer_write(w, docs[i], &err) != TM_OK)
            bench_die("tm_writer_write", &err);
    if (tm_writer_finish(w, &err) != TM_OK)
        bench_die("tm_writer_finish", &err);
    tm_writer_free(w);
    fclose(f);
    return bench_cpu_seconds() - t0;
}

static double best_of_3(tm_output_format format, const char *dir, tm_doc **docs, size_t n)
{
    double best = 1e30;
    for (int round = 0; round < 3; round++) {
        double t = write_all(format, dir, docs, n);
        if (t < best)
            best = t;
    }
    return best;
}

static size_t spans(tm_doc **docs, size_t n, const char *layer)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        tm_layer *l = tm_doc_layer(docs[i], layer);
        total += l ? tm_layer_size(l) : 0;
    }
    return total;
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    const char *pipeline = "{\"stages\":[{\"plugin\":\"sentence_splitter\"},"
                           "{\"plugin\":\"entity_tagger\"},{\"plugin\":\"summarizer\"}]}";
    size_t doc_size = 3000;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--doc-size") == 0 && i + 1 < argc)
            doc_size = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--pipeline") == 0 && i + 1 < argc)
            pipeline = argv[++i];
        else
            path = argv[i];
    }
    if (!path || doc_size == 0) {
        fprintf(stderr, "usage: bench_formats FILE [--doc-size BYTES] [--pipeline JSON]\n");
        return 2;
    }
    size_t len;
    char *text = bench_read_file(path, &len);
    tm_error err;
    tm_error_clear(&err);
    tm_registry *reg = tm_registry_new(&err);
    if (!reg)
        bench_die("registry", &err);
    tm_pipeline *p = tm_pipeline_load_string(reg, pipeline, "<bench>", NULL, &err);
    if (!p)
        bench_die("loading the pipeline", &err);

    /* Documents cut at blank lines, annotated. */
    size_t ndocs = 0, cap = 1024, pos = 0;
    tm_doc **docs = malloc(cap * sizeof *docs);
    while (pos < len) {
        size_t end = pos + doc_size < len ? pos + doc_size : len;
        const char *brk = end < len ? strstr(text + end, "\n\n") : NULL;
        end = brk ? (size_t)(brk - text) : len;
        if (ndocs == cap)
            docs = realloc(docs, (cap *= 2) * sizeof *docs);
        char id[32];
        snprintf(id, sizeof id, "doc-%zu", ndocs + 1);
        tm_doc *doc = tm_doc_new(id, text + pos, end - pos, &err);
        if (!doc || tm_pipeline_process(p, doc, &err) != TM_OK)
            bench_die("annotating", &err);
        docs[ndocs++] = doc;
        pos = end;
    }
    printf("%zu documents, %.1f MB, %zu sentences, %zu entities, %zu summary sentences\n",
           ndocs, (double)len / 1e6, spans(docs, ndocs, "sentences"),
           spans(docs, ndocs, "entities"), spans(docs, ndocs, "summary"));

    char dir[] = "/tmp/bench_formats_XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    static const struct {
        const char *name;
        tm_output_format format;
    } formats[] = {{"jsonl", TM_OUTPUT_JSONL}, {"html", TM_OUTPUT_HTML},
                   {"conll", TM_OUTPUT_CONLL}, {"brat", TM_OUTPUT_BRAT}};
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        double t = best_of_3(formats[i].format, dir, docs, ndocs);
        printf("%-6s %8.1f MB/s  (%.3f s, best of 3)\n", formats[i].name,
               (double)len / 1e6 / t, t);
    }
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_formats: could not remove %s\n", dir);
    for (size_t i = 0; i < ndocs; i++)
        tm_doc_free(docs[i]);

    /* The whole file as one document: the long-document case. */
    tm_doc *one = tm_doc_new("whole", text, len, &err);
    if (!one || tm_pipeline_process(p, one, &err) != TM_OK)
        bench_die("annotating the whole file", &err);
    double t = best_of_3(TM_OUTPUT_HTML, NULL, &one, 1);
    printf("html, one document of %.1f MB: %.1f MB/s (%.3f s)\n", (double)len / 1e6,
           (double)len / 1e6 / t, t);
    t = best_of_3(TM_OUTPUT_CONLL, NULL, &one, 1);
    printf("conll, one document of %.1f MB: %.1f MB/s (%.3f s)\n", (double)len / 1e6,
           (double)len / 1e6 / t, t);
    tm_doc_free(one);

    printf("peak RSS: %.1f MB (documents and annotations included)\n", bench_peak_rss_mb());
    free(docs);
    free(text);
    tm_pipeline_free(p);
    tm_registry_free(reg);
    return 0;
}
