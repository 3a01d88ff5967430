/*
 * bench_tokenizer.c - speed of the shared word tokenizer (textmill/token.h).
 *
 *   bench_tokenizer FILE [--piece BYTES]
 *
 * Tokenizes FILE in pieces of about BYTES (default 3000, a news article;
 * each ends on a character boundary), as a stage tokenizes its documents,
 * and prints tokens and MB/s (CPU time, best of 5).
 */
#define BENCH_NAME "bench_tokenizer"
#include <string.h>
#include <textmill/token.h>

#include "bench.h"

int main(int argc, char **argv)
{
    const char *path = NULL;
    size_t piece = 3000;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--piece") == 0 && i + 1 < argc)
            piece = strtoul(argv[++i], NULL, 10);
        else
            path = argv[i];
    }
    if (!path || piece == 0) {
        fprintf(stderr, "usage: bench_tokenizer FILE [--piece BYTES]\n");
        return 2;
    }
    size_t len;
    char *text = bench_read_file(path, &len);
    tm_tokens toks = {0};
    size_t count = 0;
    double best = 1e30;
    for (int round = 0; round < 5; round++) {
        double t0 = bench_cpu_seconds();
        count = 0;
        for (size_t i = 0; i < len;) {
            size_t end = i + piece < len ? i + piece : len;
            while (end < len && (text[end] & 0xC0) == 0x80)
                end++;
            tm_tokens_clear(&toks);
            if (tm_tokenize(text, i, end, &toks) != TM_OK) {
                fprintf(stderr, "bench_tokenizer: out of memory\n");
                return 1;
            }
            count += toks.size;
            i = end;
        }
        double t = bench_cpu_seconds() - t0;
        if (t < best)
            best = t;
    }
    printf("%zu tokens in %.1f MB: %.1f MB/s, %.1f M tokens/s (best of 5)\n", count,
           (double)len / 1e6, (double)len / 1e6 / best, (double)count / 1e6 / best);
    tm_tokens_free(&toks);
    free(text);
    return 0;
}
