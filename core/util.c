/* util.c - small helpers shared by the core. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"

char *tm__strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *tm__strdup(const char *s)
{
    return tm__strndup(s, strlen(s));
}

bool tm__is_identifier(const char *s)
{
    if (!s || !(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return false;
    for (s++; *s; s++)
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

char *tm__read_file(const char *path, size_t *len, tm_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        tm_error_set_file(err, path, 0, 0);
        tm_error_set(err, TM_ERR_IO, "cannot open: %s", strerror(errno));
        return NULL;
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 1 >= cap) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    int failed = ferror(f);
    fclose(f);
    if (!buf || failed) {
        tm_error_set_file(err, path, 0, 0);
        if (buf)
            tm_error_set(err, TM_ERR_IO, "read error");
        else
            tm_error_set(err, TM_ERR_NOMEM, "out of memory reading the file");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int tm__strvec_push(tm__strvec *v, const char *s)
{
    if (v->size == v->capacity) {
        size_t cap = v->capacity ? v->capacity * 2 : 8;
        char **items = realloc(v->items, cap * sizeof *items);
        if (!items)
            return -1;
        v->items = items;
        v->capacity = cap;
    }
    char *copy = tm__strdup(s);
    if (!copy)
        return -1;
    v->items[v->size++] = copy;
    return 0;
}

void tm__strvec_free(tm__strvec *v)
{
    for (size_t i = 0; i < v->size; i++)
        free(v->items[i]);
    free(v->items);
    *v = (tm__strvec){0};
}

double tm__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline bool needs_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

/* Sixteen bytes at a time with SSE2 (every x86-64 has it), else eight with
 * the "has a byte below n / equal to c" word tricks. */
size_t tm__json_special(const char *s, size_t i, size_t n)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('\\');
    const __m128i ctrl = _mm_set1_epi8(0x1F);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                                _mm_cmpeq_epi8(v, slash)),
                                   _mm_cmpeq_epi8(_mm_max_epu8(v, ctrl), ctrl));
        int mask = _mm_movemask_epi8(hit);
        if (mask)
            return i + (size_t)__builtin_ctz((unsigned)mask);
    }
#else
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
        uint64_t below = (w - ones * 0x20) & ~w;
        uint64_t zq = (quote - ones) & ~quote, zs = (slash - ones) & ~slash;
        if ((below | zq | zs) & high)
            break;
    }
#endif
    while (i < n && !needs_escape((unsigned char)s[i]))
        i++;
    return i;
}
