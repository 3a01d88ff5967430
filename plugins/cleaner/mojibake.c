/* mojibake.c - undoing UTF-8 read as Windows-1252 or Latin-1 (mojibake.h). */
#include <stdint.h>
#include <string.h>

#include <textmill/utf8.h>

#include "mojibake.h"
#include "repair.h"

/* The byte (0x80-0xBF) that character cp stands for in mojibake, or -1.
 * Latin-1 shows 0x80-0xBF as U+0080-U+00BF; Windows-1252 shows 0x80-0x9F as
 * its own characters ("€", "’", ...). */
static int trail_byte(int32_t cp)
{
    if (cp >= 0x80 && cp <= 0xBF)
        return (int)cp;
    if (cp < 0x152 || cp > 0x2122)
        return -1;
    for (unsigned b = 0x80; b < 0xA0; b++)
        if (cl_cp1252_char((unsigned char)b) == (unsigned)cp)
            return (int)b;
    return -1;
}

enum { NONE, ALONE, IN_RUN };

/* How plausible it is that cp, made of n bytes, was the writer's character:
 * ALONE (repair it wherever it is), IN_RUN (only next to another repaired
 * sequence) or NONE. Two-byte results stand alone only in the scripts that
 * are commonly mangled this way; "CAFÉ’S" would otherwise turn into "CAFɒS". */
static int plausible(int32_t cp, size_t n)
{
    if (n == 2) /* the rest (C1 controls, IPA...) shows up in double
                   damage, next to other repairs */
        return (cp >= 0xA0 && cp <= 0x24F) || (cp >= 0x370 && cp <= 0x52F) ||
                       (cp >= 0x590 && cp <= 0x6FF)
                   ? ALONE
                   : IN_RUN;
    if (n == 3) {
        if ((cp >= 0x800 && cp <= 0x2FFF) || (cp >= 0xFF00 && cp <= 0xFFEF))
            return ALONE; /* punctuation, symbols, Indic scripts */
        if (cp >= 0xE000 && cp <= 0xF8FF)
            return NONE; /* private use */
        if (cp >= 0xFDD0 && cp <= 0xFDEF)
            return NONE;
        return cp >= 0xFFFE ? NONE : IN_RUN; /* CJK, Hangul, ... */
    }
    /* Four bytes: emoji, historic scripts; not the private use planes. */
    return cp < 0xF0000 ? ALONE : NONE;
}

/* Tries a mojibake sequence at s[p]; on success stores its end and the
 * repaired character (UTF-8) in out/out_len. */
static int try_at(const char *s, size_t len, size_t p, size_t *end, char *out,
                  size_t *out_len)
{
    const unsigned char *u = (const unsigned char *)s;
    /* The lead character: U+00C2-U+00F4, encoded C3 82 - C3 B4. */
    if (p + 1 >= len || u[p] != 0xC3 || u[p + 1] < 0x82 || u[p + 1] > 0xB4)
        return NONE;
    unsigned char bytes[4];
    bytes[0] = (unsigned char)(0xC0 + (u[p + 1] - 0x80));
    size_t need = bytes[0] < 0xE0 ? 2 : bytes[0] < 0xF0 ? 3 : 4;
    size_t j = p + 2;
    for (size_t k = 1; k < need; k++) {
        int32_t cp;
        int n = tm_utf8_decode(s + j, len - j, &cp);
        int b = n > 0 ? trail_byte(cp) : -1;
        if (b < 0)
            return NONE;
        bytes[k] = (unsigned char)b;
        j += (size_t)n;
    }
    if (tm_utf8_validate((const char *)bytes, need) != need)
        return NONE;
    int32_t cp;
    tm_utf8_decode((const char *)bytes, need, &cp);
    int kind = plausible(cp, need);
    if (kind != NONE) {
        memcpy(out, bytes, need);
        *out_len = need;
        *end = j;
    }
    return kind;
}

bool cl_fix_mojibake(const char *s, size_t len, cl_edit *e)
{
    size_t p = 0, last_end = (size_t)-1;
    for (;;) {
        const char *hit = memchr(s + p, 0xC3, len - p);
        if (!hit)
            break;
        p = (size_t)(hit - s);
        size_t end;
        char fixed[4];
        size_t n;
        int kind = try_at(s, len, p, &end, fixed, &n);
        if (kind == IN_RUN && last_end != p) {
            size_t end2, n2;
            char fixed2[4];
            if (try_at(s, len, end, &end2, fixed2, &n2) == NONE)
                kind = NONE;
        }
        if (kind == NONE) {
            p++;
            continue;
        }
        if (!cl_edit_replace(e, p, end, fixed, n))
            return false;
        p = last_end = end;
    }
    return true;
}

bool cl_has_mojibake(const char *s, size_t len)
{
    for (size_t p = 0; p < len; p++) {
        size_t end, n;
        char fixed[4];
        if (try_at(s, len, p, &end, fixed, &n) != NONE)
            return true;
    }
    return false;
}
