/* repair.c - making bytes valid UTF-8 under a stated policy. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Windows-1252 for 0x80-0x9F (0 where the code page leaves a byte unused);
 * 0xA0-0xFF are the same as Latin-1. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

static int32_t decode_bad_byte(unsigned char c, tm_utf8_policy policy)
{
    if (policy == TM_UTF8_CP1252 && c >= 0x80) {
        if (c >= 0xA0)
            return c;
        if (cp1252_high[c - 0x80])
            return cp1252_high[c - 0x80];
    }
    return 0xFFFD;
}

char *tm_utf8_repair(const char *s, size_t len, tm_utf8_policy policy,
                     size_t *out_len, tm_error *err)
{
    size_t bad = tm_utf8_validate(s, len);
    if (policy == TM_UTF8_ERROR && bad != len) {
        tm_error_set(err, TM_ERR_UTF8,
                     "invalid UTF-8 at byte offset %zu (byte 0x%02X); use "
                     "--invalid-utf8=replace or =cp1252 to repair such input",
                     bad, (unsigned char)s[bad]);
        return NULL;
    }
    /* Each bad byte grows to at most 3 bytes. */
    if (len > (SIZE_MAX - 1) / 3) {
        tm_error_set(err, TM_ERR_LIMIT, "input too large to repair");
        return NULL;
    }
    char *out = malloc(len * 3 + 1);
    if (!out) {
        tm_error_set(err, TM_ERR_NOMEM, "out of memory repairing UTF-8");
        return NULL;
    }
    size_t o = 0, i = 0;
    while (i < len) {
        size_t good = i + tm_utf8_validate(s + i, len - i);
        memcpy(out + o, s + i, good - i);
        o += good - i;
        if (good == len)
            break;
        o += (size_t)tm_utf8_encode(decode_bad_byte((unsigned char)s[good], policy), out + o);
        i = good + 1;
    }
    out[o] = '\0';
    if (out_len)
        *out_len = o;
    return out;
}
