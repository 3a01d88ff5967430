/*
 * bench_sentence_splitter.c - throughput of the sentence_splitter stage.
 *
 *     bench_sentence_splitter FILE [--times K] [--repeat N] [--config JSON]
 *
 * Loads the plugin through the public API, makes one document of FILE
 * (repeated K times, to check that time grows linearly with size), runs the
 * stage N times on one core and prints the best and median MB/s, the
 * sentence count and the peak RSS. Not a test: the numbers depend on the
 * machine. Build in Release to measure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <textmill/textmill.h>

#define BENCH_NAME "bench_sentence_splitter"
#include "bench.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    const char *path = NULL, *config = "{}";
    long times = 1, repeat = 5;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--times") == 0 && i + 1 < argc)
            times = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            config = argv[++i];
        else if (!path && argv[i][0] != '-')
            path = argv[i];
        else {
            fprintf(stderr, "unknown argument: %s\n", argv[i]);
            return 2;
        }
    }
    if (!path || times < 1 || repeat < 1) {
        fprintf(stderr, "usage: %s FILE [--times K] [--repeat N] "
                        "[--config JSON]\n", argv[0]);
        return 2;
    }

    size_t len;
    char *one = bench_read_file(path, &len);
    size_t total = len * (size_t)times;
    char *text = malloc(total + 1);
    if (!text) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    for (long k = 0; k < times; k++)
        memcpy(text + (size_t)k * len, one, len);
    free(one);

    tm_error err;
    tm_error_clear(&err);
    tm_registry *reg = tm_registry_new(&err);
    char json[4096];
    snprintf(json, sizeof(json),
             "{\"stages\":[{\"plugin\":\"sentence_splitter\",\"config\":%s}]}",
             config);
    tm_pipeline *p = reg ? tm_pipeline_load_string(reg, json, "<bench>", NULL,
                                                   &err)
                         : NULL;
    if (!p) {
        fprintf(stderr, "cannot load the pipeline: %s\n", err.message);
        return 1;
    }
    tm_doc *doc = tm_doc_new("bench", text, total, &err);
    if (!doc) {
        fprintf(stderr, "bad document: %s\n", err.message);
        return 1;
    }
    free(text);

    double *rates = malloc(sizeof(double) * (size_t)repeat);
    size_t sentences = 0;
    for (long r = 0; r < repeat; r++) {
        double t0 = bench_wall_seconds();
        if (tm_pipeline_process(p, doc, &err) != TM_OK) {
            fprintf(stderr, "process failed: %s\n", err.message);
            return 1;
        }
        double dt = bench_wall_seconds() - t0;
        rates[r] = (double)total / 1e6 / dt;
        sentences = tm_layer_size(tm_doc_layer(doc, "sentences"));
    }
    qsort(rates, (size_t)repeat, sizeof(double), cmp_double);

    printf("file        %s (x%ld)\n", path, times);
    printf("size        %.2f MB\n", (double)total / 1e6);
    printf("sentences   %zu\n", sentences);
    printf("throughput  best %.1f MB/s, median %.1f MB/s (%ld runs, 1 core)\n",
           rates[repeat - 1], rates[repeat / 2], repeat);
    printf("peak RSS    %.1f MB\n", bench_peak_rss_mb());

    free(rates);
    tm_doc_free(doc);
    tm_pipeline_free(p);
    tm_registry_free(reg);
    return 0;
}
