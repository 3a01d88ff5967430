/*
 * bench_cleaner.c - throughput of the cleaner stage.
 *
 *     bench_cleaner FILE [--repeat N] [--config JSON] [--docs BYTES]
 *                   [--malloc-default]
 *
 * Loads the plugin through the public API and cleans FILE on one core, N
 * times (default 10), then prints the best and median MB/s (of input bytes,
 * per second of the thread's CPU time, and of wall time) and the peak RSS. By default FILE is one document; --docs BYTES cuts it at
 * paragraph breaks into documents of about BYTES each, as a batch of
 * articles would be. The document's text is created afresh for each run
 * (tm_doc_new copies it), and that copy is timed too, as in a real run.
 *
 * glibc gives the top of its heap back to the system when a large block is
 * freed, unless an earlier free raised its thresholds; whether that happens
 * depends on what else the process allocated, and the page faults of taking
 * the memory back can cost a third of the time on a 6 MB document. So the
 * thresholds are fixed (at 256 MiB) unless --malloc-default is given, to
 * measure the stage rather than the allocator's luck.
 * Not a test: the numbers depend on the machine. Build in Release.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <textmill/textmill.h>

#define BENCH_NAME "bench_cleaner"
#include "bench.h"

/* CPU time of this thread: on a busy machine, wall time would also count
 * the time other programs had the core. */

/* The whole file, NUL-terminated (caller frees), or NULL. */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Runs the pipeline over text cut into documents of about doc_bytes (0 =
 * one document). Returns the seconds taken, or -1 on failure. */
static double run_once(tm_pipeline *p, const char *text, size_t len,
                       size_t doc_bytes, size_t *out_bytes, double *wall)
{
    double t0 = bench_cpu_seconds(), w0 = bench_wall_seconds();
    *out_bytes = 0;
    for (size_t start = 0; start < len;) {
        size_t end = len;
        if (doc_bytes && start + doc_bytes < len) {
            const char *brk = strstr(text + start + doc_bytes, "\n\n");
            end = brk ? (size_t)(brk - text) + 2 : len;
        }
        tm_error err;
        tm_error_clear(&err);
        tm_doc *doc = tm_doc_new("bench", text + start, end - start, &err);
        if (!doc || tm_pipeline_process(p, doc, &err) != TM_OK) {
            fprintf(stderr, "bench_cleaner: %s\n", err.message);
            tm_doc_free(doc);
            return -1;
        }
        size_t n;
        tm_doc_text(doc, &n);
        *out_bytes += n;
        tm_doc_free(doc);
        start = end;
    }
    *wall = bench_wall_seconds() - w0;
    return bench_cpu_seconds() - t0;
}

int main(int argc, char **argv)
{
    const char *path = NULL, *config = "{}";
    int repeat = 10;
    size_t doc_bytes = 0;
    int malloc_default = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            config = argv[++i];
        else if (strcmp(argv[i], "--docs") == 0 && i + 1 < argc)
            doc_bytes = (size_t)strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--malloc-default") == 0)
            malloc_default = 1;
        else if (!path && argv[i][0] != '-')
            path = argv[i];
        else {
            fprintf(stderr, "usage: bench_cleaner FILE [--repeat N] "
                            "[--config JSON] [--docs BYTES] "
                            "[--malloc-default]\n");
            return 2;
        }
    }
#if defined(__GLIBC__)
    if (!malloc_default) {
        mallopt(M_TRIM_THRESHOLD, 256 << 20);
        mallopt(M_MMAP_THRESHOLD, 256 << 20);
    }
#endif
    if (!path || repeat < 1) {
        fprintf(stderr, "usage: bench_cleaner FILE [--repeat N] "
                        "[--config JSON] [--docs BYTES]\n");
        return 2;
    }
    size_t len;
    char *text = bench_read_file(path, &len);
    /* Raw files may hold bad bytes: repair them as the reader would. */
    if (tm_utf8_validate(text, len) != len) {
        size_t n;
        char *fixed = tm_utf8_repair(text, len, TM_UTF8_REPLACE, &n, NULL);
        free(text);
        text = fixed;
        len = n;
    }

    tm_error err;
    tm_error_clear(&err);
    tm_registry *reg = tm_registry_new(&err);
    size_t json_len = strlen(config) + 64;
    char *json = malloc(json_len);
    snprintf(json, json_len,
             "{\"stages\":[{\"plugin\":\"cleaner\",\"config\":%s}]}", config);
    tm_pipeline *p = reg ? tm_pipeline_load_string(reg, json, "<bench>", NULL,
                                                   &err)
                         : NULL;
    if (!p) {
        char buf[1024];
        fprintf(stderr, "bench_cleaner: %s\n",
                tm_error_format(&err, buf, sizeof(buf)));
        return 1;
    }

    double *secs = malloc((size_t)repeat * sizeof(double));
    double *walls = malloc((size_t)repeat * sizeof(double));
    size_t out_bytes = 0;
    for (int r = 0; r < repeat; r++) {
        secs[r] = run_once(p, text, len, doc_bytes, &out_bytes, &walls[r]);
        if (secs[r] < 0)
            return 1;
    }
    qsort(secs, (size_t)repeat, sizeof(double), cmp_double);
    qsort(walls, (size_t)repeat, sizeof(double), cmp_double);
    double mb = (double)len / 1e6;
    printf("file        %s (%.2f MB%s)\n", path, mb,
           doc_bytes ? ", cut into documents" : ", one document");
    printf("config      %s\n", config);
    printf("malloc      %s\n", malloc_default ? "default thresholds"
                                              : "trim/mmap thresholds 256 MiB");
    printf("output      %zu bytes (%+.3f%%)\n", out_bytes,
           100.0 * ((double)out_bytes - (double)len) / (double)len);
    printf("best        %.1f MB/s (CPU time; wall %.1f)\n", mb / secs[0],
           mb / walls[0]);
    printf("median      %.1f MB/s (CPU time; wall %.1f)\n",
           mb / secs[repeat / 2], mb / walls[repeat / 2]);
    printf("peak RSS    %.1f MB\n", bench_peak_rss_mb());

    free(secs);
    free(walls);
    free(json);
    free(text);
    tm_pipeline_free(p);
    tm_registry_free(reg);
    return 0;
}
