/*
 * bench_summarizer.c - speed and memory of the summarizer stage.
 *
 *     bench_summarizer FILE [--doc-size BYTES] [--config JSON] [--no-whole]
 *                           [--rounds N]
 *
 * Splits FILE into sentences with the sentence_splitter stage (not timed),
 * then times the summarizer alone, on one core:
 *   1. news-length documents: FILE cut at paragraph breaks into documents of
 *      about --doc-size bytes (default 3000), reported as documents/s and
 *      MB/s, the best of --rounds passes (default 5; more for profiling);
 *   2. FILE as one document (e.g. all of big.txt), reported in seconds
 *      (left out with --no-whole).
 * Times are CPU time of the thread (CLOCK_THREAD_CPUTIME_ID), so that a
 * busy machine does not skew them much. Prints the peak RSS at the end.
 * Not a test: the numbers depend on the
 * machine. Build in Release to measure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <textmill/textmill.h>

#define BENCH_NAME "bench_summarizer"
#include "bench.h"

/* CPU time of this thread: the machine may be busy with other work, and
 * we measure one core's speed. */

/* A document with its sentences layer already filled by the splitter. */
static tm_doc *make_doc(tm_pipeline *split, const char *text, size_t len)
{
    tm_error err;
    tm_error_clear(&err);
    tm_doc *doc = tm_doc_new("bench", text, len, &err);
    if (!doc || tm_pipeline_process(split, doc, &err) != TM_OK)
        bench_die("splitting", &err);
    return doc;
}

int main(int argc, char **argv)
{
    const char *path = NULL, *config = "{}";
    size_t doc_size = 3000;
    int whole = 1, rounds = 5;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--doc-size") == 0 && i + 1 < argc)
            doc_size = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (strcmp(argv[i], "--no-whole") == 0)
            whole = 0;
        else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            config = argv[++i];
        else
            path = argv[i];
    }
    if (!path || doc_size == 0 || rounds < 1) {
        fprintf(stderr, "usage: bench_summarizer FILE [--doc-size BYTES] "
                        "[--config JSON] [--no-whole] [--rounds N]\n");
        return 2;
    }
    size_t len;
    char *text = bench_read_file(path, &len);
    if (!text) {
        perror(path);
        return 1;
    }

    tm_error err;
    tm_error_clear(&err);
    tm_registry *reg = tm_registry_new(&err);
    if (!reg)
        bench_die("registry", &err);
    tm_pipeline *split = tm_pipeline_load_string(
        reg, "{\"stages\":[{\"plugin\":\"sentence_splitter\"}]}", "<bench>",
        NULL, &err);
    if (!split)
        bench_die("loading sentence_splitter", &err);
    char json[4096];
    snprintf(json, sizeof(json),
             "{\"input_layers\":[\"sentences\"],\"stages\":[{\"plugin\":"
             "\"summarizer\",\"config\":%s}]}", config);
    tm_pipeline *summ = tm_pipeline_load_string(reg, json, "<bench>", NULL,
                                                &err);
    if (!summ)
        bench_die("loading summarizer", &err);

    /* 1. News-length documents, cut at blank lines. */
    size_t ndocs = 0, cap = 1024;
    tm_doc **docs = malloc(cap * sizeof(*docs));
    size_t pos = 0, bytes = 0;
    while (pos < len) {
        size_t end = pos + doc_size < len ? pos + doc_size : len;
        const char *brk = end < len ? strstr(text + end, "\n\n") : NULL;
        end = brk ? (size_t)(brk - text) : len;
        if (ndocs == cap)
            docs = realloc(docs, (cap *= 2) * sizeof(*docs));
        docs[ndocs++] = make_doc(split, text + pos, end - pos);
        bytes += end - pos;
        pos = end;
    }
    double best = 1e30;
    for (int round = 0; round < rounds; round++) {
        double t0 = bench_cpu_seconds();
        for (size_t i = 0; i < ndocs; i++)
            if (tm_pipeline_process(summ, docs[i], &err) != TM_OK)
                bench_die("summarizing", &err);
        double t = bench_cpu_seconds() - t0;
        if (t < best)
            best = t;
    }
    printf("news-length: %zu documents of %.0f bytes on average: "
           "%.0f docs/s, %.1f MB/s (best of %d)\n",
           ndocs, (double)bytes / (double)ndocs, (double)ndocs / best,
           (double)bytes / 1e6 / best, rounds);
    for (size_t i = 0; i < ndocs; i++)
        tm_doc_free(docs[i]);
    free(docs);

    /* 2. The whole file as one document. */
    tm_doc *doc = whole ? make_doc(split, text, len) : NULL;
    if (!doc)
        goto end;
    size_t sentences = tm_layer_size(tm_doc_layer(doc, "sentences"));
    double t0 = bench_cpu_seconds();
    if (tm_pipeline_process(summ, doc, &err) != TM_OK)
        bench_die("summarizing", &err);
    double t = bench_cpu_seconds() - t0;
    printf("one document: %.1f MB, %zu sentences: %.3f s (%.1f MB/s)\n",
           (double)len / 1e6, sentences, t, (double)len / 1e6 / t);
    tm_doc_free(doc);

end:;
    printf("peak RSS: %.1f MB (includes the documents and their "
           "sentences)\n", bench_peak_rss_mb());
    tm_pipeline_free(summ);
    tm_pipeline_free(split);
    tm_registry_free(reg);
    free(text);
    return 0;
}
