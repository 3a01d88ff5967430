/*
 * bench_sdk - throughput of any one plugin, for plugin authors.
 *
 *   bench_sdk [-P DIR]... [-c CONFIG] [-s KIB] [-r N] PLUGIN FILE
 *
 * Loads PLUGIN through the public API (searching the -P folders first, as
 * `textmill run -P` does) with CONFIG (a JSON object, default {}), cuts FILE
 * into documents at blank lines (about KIB KiB each, default 64), runs the
 * stage over them N times (default 1) on one thread, and prints the stage's
 * MB/s (the time spent in the stage alone), documents per second, the spans
 * it added, the time create took and the peak RSS.
 *
 *   bench_sdk -P /tmp/keywords/plugins keywords /work/shared/corpus/big.txt
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <textmill/textmill.h>

#define BENCH_NAME "bench_sdk"
#include "bench.h"

/* The whole file, NUL-terminated. Caller frees. */

/* The end of the document starting at start: the first blank line after
 * target bytes, else the end of the text. */
static size_t cut(const char *text, size_t len, size_t start, size_t target)
{
    if (len - start <= target)
        return len;
    const char *p = strstr(text + start + target, "\n\n");
    return p ? (size_t)(p - text) + 2 : len;
}

static size_t count_spans(const tm_doc *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < tm_doc_layer_count(doc); i++)
        n += tm_layer_size(tm_doc_layer_at(doc, i));
    return n;
}

int main(int argc, char **argv)
{
    const char *config = "{}";
    size_t target = 64 << 10;
    long repeat = 1;
    char **paths = calloc((size_t)argc, sizeof *paths);
    int npaths = 0, c;
    while ((c = getopt(argc, argv, "P:c:s:r:")) != -1) {
        switch (c) {
        case 'P': paths[npaths++] = optarg; break;
        case 'c': config = optarg; break;
        case 's': target = (size_t)strtoul(optarg, NULL, 10) << 10; break;
        case 'r': repeat = strtol(optarg, NULL, 10); break;
        default:
            fprintf(stderr, "usage: bench_sdk [-P DIR]... [-c CONFIG] [-s KIB] [-r N] "
                            "PLUGIN FILE\n");
            return 2;
        }
    }
    if (argc - optind != 2 || target == 0 || repeat < 1)
        bench_die("usage: bench_sdk [-P DIR]... [-c CONFIG] [-s KIB] [-r N] PLUGIN FILE", NULL);
    const char *plugin = argv[optind], *file = argv[optind + 1];

    tm_error err;
    tm_registry *reg = tm_registry_new(&err);
    if (!reg)
        bench_die("registry", &err);
    for (int i = 0; i < npaths; i++)
        if (tm_registry_add_path(reg, paths[i], &err) != TM_OK)
            bench_die(paths[i], &err);
    size_t n = strlen(plugin) + strlen(config) + 64;
    char *json = malloc(n);
    snprintf(json, n, "{\"stages\": [{\"plugin\": \"%s\", \"config\": %s}]}", plugin, config);
    double t0 = bench_wall_seconds();
    tm_pipeline *p = tm_pipeline_load_string(reg, json, "<bench>", NULL, &err);
    double load = bench_wall_seconds() - t0;
    if (!p)
        bench_die("pipeline", &err);
    tm_worker *w = tm_worker_new(p, &err);
    if (!w)
        bench_die("worker", &err);

    size_t len;
    char *text = bench_read_file(file, &len);

    size_t docs = 0, failed = 0, spans = 0, bytes = 0;
    for (long r = 0; r < repeat; r++) {
        for (size_t start = 0; start < len;) {
            size_t end = cut(text, len, start, target);
            tm_doc *doc = tm_doc_new("bench", text + start, end - start, &err);
            if (!doc) {
                failed++;
            } else {
                if (tm_worker_process(w, doc, &err) != TM_OK)
                    failed++;
                spans += count_spans(doc);
                tm_doc_free(doc);
            }
            docs++;
            bytes += end - start;
            start = end;
        }
    }
    double secs = tm_worker_stage_seconds(w, 0);
    printf("plugin      %s %s\n", plugin, config);
    printf("input       %s: %.1f MB x %ld, %zu documents (%zu failed)\n", file,
           (double)len / 1e6, repeat, docs, failed);
    printf("throughput  %.1f MB/s, %.0f docs/s (one core, stage time %.3f s)\n",
           secs > 0 ? (double)bytes / 1e6 / secs : 0.0, secs > 0 ? (double)docs / secs : 0.0,
           secs);
    printf("spans       %zu\n", spans);
    printf("create      %.3f s\n", load);
    printf("peak RSS    %.1f MB\n", bench_peak_rss_mb());

    free(text);
    free(json);
    free(paths);
    tm_worker_free(w);
    tm_pipeline_free(p);
    tm_registry_free(reg);
    return failed ? 1 : 0;
}
