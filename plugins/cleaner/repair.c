/* repair.c - making bytes valid UTF-8 (see repair.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <textmill/utf8.h>

#include "edit.h"
#include "repair.h"

/* Windows-1252 bytes 0x80-0x9F; 0xA0-0xFF are the same as Latin-1. */
static const uint16_t cp1252_80[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

unsigned cl_cp1252_char(unsigned char b)
{
    if (b < 0x80 || b >= 0xA0)
        return b;
    return cp1252_80[b - 0x80];
}

int cl_utf8_policy_from_name(const char *name)
{
    static const char *const names[] = {"fail", "replace", "cp1252"};
    for (int i = 0; i < 3; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

/* Length of the well-formed sequence at s[0..n) (1-4), or 0 when it is bad;
 * then *bad gets the length of its maximal subpart (at least 1). */
static size_t sequence(const unsigned char *s, size_t n, size_t *bad)
{
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0; /* no overlong forms */
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        *bad = 1;
        return 0;
    }
    size_t k = 1;
    for (; k < need && k < n; k++) {
        unsigned char b = s[k];
        if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
            break;
    }
    if (k == need)
        return need;
    *bad = k;
    return 0;
}

/* True when the 8 bytes at p are all ASCII and none is NUL. */
static inline int plain8(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    return ((w | ((w - ones) & ~w)) & highs) == 0;
}

char *cl_utf8_repair(const char *s, size_t len, cl_utf8_policy policy,
                     size_t *out_len, tm_offset_map **map, tm_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    cl_edit e;
    cl_edit_init(&e, s, len);
    if (map)
        *map = NULL;
    size_t i = 0;
    while (i < len) {
        while (i + 8 <= len && plain8(u + i))
            i += 8;
        if (i >= len)
            break;
        if (u[i] != 0 && u[i] < 0x80) {
            i++;
            continue;
        }
        if (u[i] == 0) {
            if (!cl_edit_replace(&e, i, i + 1, "", 0))
                goto nomem;
            i++;
            continue;
        }
        size_t bad = 0, ok = sequence(u + i, len - i, &bad);
        if (ok) {
            i += ok;
            continue;
        }
        if (policy == CL_UTF8_FAIL) {
            cl_edit_free(&e);
            tm_error_set(err, TM_ERR_UTF8,
                         "invalid UTF-8 at byte offset %zu (byte 0x%02X)", i,
                         u[i]);
            return NULL;
        }
        char buf[4 * 4];
        size_t n = 0;
        if (policy == CL_UTF8_REPLACE) {
            n = (size_t)tm_utf8_encode(0xFFFD, buf);
        } else {
            for (size_t k = 0; k < bad; k++) {
                unsigned cp = cl_cp1252_char(u[i + k]);
                n += (size_t)tm_utf8_encode(cp ? (int32_t)cp : 0xFFFD, buf + n);
            }
        }
        if (!cl_edit_replace(&e, i, i + bad, buf, n))
            goto nomem;
        i += bad;
    }

    char *out;
    size_t n;
    if (cl_edit_finish(&e)) {
        if (map) {
            *map = cl_points_to_map(&e.map, e.len, len);
            if (!*map)
                goto nomem;
        }
        out = cl_edit_take(&e, &n);
    } else {
        if (e.nomem)
            goto nomem;
        cl_edit_free(&e);
        if (map)
            *map = NULL;
        out = malloc(len + 1);
        if (!out)
            goto nomem_nofree;
        memcpy(out, s, len);
        out[len] = '\0';
        n = len;
    }
    if (out_len)
        *out_len = n;
    return out;
nomem:
    cl_edit_free(&e);
nomem_nofree:
    if (map && *map) {
        tm_offset_map_free(*map);
        *map = NULL;
    }
    tm_error_set(err, TM_ERR_NOMEM, "out of memory repairing UTF-8");
    return NULL;
}
