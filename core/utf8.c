/* utf8.c - validation, decoding and encoding of UTF-8. */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <textmill/utf8.h>

/* Bytes of ASCII text are checked eight at a time: no byte has its high bit
 * set and none is zero. */
static int word_is_plain_ascii(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    const uint64_t high = 0x8080808080808080ull, ones = 0x0101010101010101ull;
    return !(w & high) && !((w - ones) & ~w & high);
}

size_t tm_utf8_validate(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
#ifdef __SSE2__
        /* Sixteen at a time while the text is plain ASCII (every document
         * passes here when it is read). */
        if (len - i >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
            __m128i zero = _mm_cmpeq_epi8(v, _mm_setzero_si128());
            if (!_mm_movemask_epi8(_mm_or_si128(v, zero))) {
                i += 16;
                continue;
            }
        }
#endif
        if (len - i >= 8 && word_is_plain_ascii(p + i)) {
            i += 8;
            continue;
        }
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c == 0)
                return i;
            i++;
            continue;
        }
        size_t n;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2; cp = c & 0x1F; min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3; cp = c & 0x0F; min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4; cp = c & 0x07; min = 0x10000;
        } else {
            return i;
        }
        if (len - i < n)
            return i;
        for (size_t k = 1; k < n; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n;
    }
    return len;
}

int tm_utf8_decode(const char *s, size_t len, int32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    if (len == 0)
        return 0;
    unsigned char c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (n == 0 || (size_t)n > len) {
        *cp = -1;
        return 1;
    }
    int32_t v = c & (0x7F >> n);
    for (int k = 1; k < n; k++) {
        if ((p[k] & 0xC0) != 0x80) {
            *cp = -1;
            return 1;
        }
        v = (v << 6) | (p[k] & 0x3F);
    }
    *cp = v;
    return n;
}

int tm_utf8_encode(int32_t cp, char *buf)
{
    unsigned char *b = (unsigned char *)buf;
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | (cp >> 18));
    b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t tm_utf8_length(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += tm_utf8_is_lead((unsigned char)s[i]);
    return n;
}
