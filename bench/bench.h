/* bench.h - what the benchmark programs share: clocks, reading a corpus,
 * stopping with a message. Header-only (static functions): each benchmark file
 * is a program of its own (bench/NAME.c). Define BENCH_NAME before including it. */
#ifndef TEXTMILL_BENCH_H
#define TEXTMILL_BENCH_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <textmill/textmill.h>

#ifndef BENCH_NAME
#define BENCH_NAME "bench"
#endif

/* CPU time of the calling thread: steadier than wall time on a busy machine. */
static inline double bench_cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline double bench_wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The peak resident set of the process so far, in MB. */
static inline double bench_peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

/* Prints what failed (and err's message, if any) and exits. */
static inline void bench_die(const char *what, const tm_error *err)
{
    char buf[1024];
    if (err)
        fprintf(stderr, "%s: %s: %s\n", BENCH_NAME, what, tm_error_format(err, buf, sizeof buf));
    else
        fprintf(stderr, "%s: %s\n", BENCH_NAME, what);
    exit(1);
}

/* The whole file, NUL-terminated (caller frees); exits when it cannot be
 * read. */
static inline char *bench_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 1 << 20, n = 0, got;
    char *buf = f ? malloc(cap + 1) : NULL;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *b = realloc(buf, cap * 2 + 1);
            if (!b)
                free(buf);
            buf = b;
            cap *= 2;
        }
    }
    if (!buf || ferror(f)) {
        fprintf(stderr, "%s: cannot read %s: %s\n", BENCH_NAME, path,
                f ? "read error or out of memory" : strerror(errno));
        exit(1);
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

#endif
