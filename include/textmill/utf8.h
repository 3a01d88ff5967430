/*
 * textmill/utf8.h - small UTF-8 helpers shared by the core and plugins.
 *
 * For anything beyond decoding and validation (categories, case, normalization)
 * use utf8proc, which the library links to.
 */
#ifndef TEXTMILL_UTF8_H
#define TEXTMILL_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Checks that s[0..len) is valid UTF-8 (shortest forms, no surrogates, no
 * code point above U+10FFFF) and has no NUL byte. Returns len when it is,
 * otherwise the offset of the first bad byte. */
size_t tm_utf8_validate(const char *s, size_t len);

/* Decodes the character at s[0..len), which must be valid UTF-8. Stores the
 * code point in *cp and returns the number of bytes (1-4); returns 0 at
 * len == 0. On invalid input returns 1 and stores -1. */
int tm_utf8_decode(const char *s, size_t len, int32_t *cp);

/* Encodes cp into buf (at least 4 bytes); returns the byte count, 0 if cp is
 * not a Unicode scalar value. */
int tm_utf8_encode(int32_t cp, char *buf);

/* Number of code points in the valid UTF-8 s[0..len). */
size_t tm_utf8_length(const char *s, size_t len);

/* True when the byte starts a character (is not a continuation byte). */
static inline bool tm_utf8_is_lead(unsigned char c) { return (c & 0xC0) != 0x80; }

/* The length of the longest prefix of the valid UTF-8 s[0..len) that has
 * at most max bytes and ends on a character boundary. */
static inline size_t tm_utf8_prefix(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    while (max > 0 && !tm_utf8_is_lead((unsigned char)s[max]))
        max--;
    return max;
}

#ifdef __cplusplus
}
#endif
#endif
