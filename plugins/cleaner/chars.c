/*
 * chars.c - the character pass: invisible characters, odd spaces, line ends,
 * typographic folding and Unicode normalization.
 *
 * ASCII is checked sixteen bytes at a time (eight without SSE2); only
 * control characters and non-ASCII runs leave the fast loop. A non-ASCII run is decoded, each
 * character mapped (removed, replaced or kept), then cut into normalization
 * chunks (a starter and the marks that follow it); only a chunk that may
 * change is handed to utf8proc. Each chunk's output maps to the chunk's first
 * source character.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <textmill/utf8.h>
#include <utf8proc.h>

#include "clean.h"

/* The most characters a normalization chunk may have (Unicode's
 * stream-safe format allows 31). */
#define MAX_CHUNK 64

/* Per-call scratch memory (the instance is shared between threads). */
typedef struct scratch {
    int32_t *cp;   /* mapped characters of the current run */
    size_t *src;   /* source offset of each */
    bool *dirty;   /* whether the mapping changed it (or removed what
                      follows it) */
    size_t size;
    size_t cap;
    char *buf;     /* UTF-8 output of one chunk */
    size_t buf_cap;
} scratch;

static bool push(scratch *x, int32_t cp, size_t src, bool dirty)
{
    if (x->size == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 256;
        int32_t *c = realloc(x->cp, cap * sizeof(*c));
        if (!c)
            return false;
        x->cp = c;
        size_t *s = realloc(x->src, cap * sizeof(*s));
        if (!s)
            return false;
        x->src = s;
        bool *d = realloc(x->dirty, cap * sizeof(*d));
        if (!d)
            return false;
        x->dirty = d;
        x->cap = cap;
    }
    x->cp[x->size] = cp;
    x->src[x->size] = src;
    x->dirty[x->size] = dirty;
    x->size++;
    return true;
}

static bool is_invisible(int32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9F && cp != 0x85) || cp == 0xAD ||
           cp == 0x61C || cp == 0x180E || cp == 0x200B || cp == 0x200E ||
           cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206F) ||
           cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

static bool is_odd_space(int32_t cp)
{
    return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* An ASCII control character other than tab and line ends. */
static bool is_control(int32_t cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
           cp == 0x7F;
}

/* Writes the letters of a Latin ligature (ﬁ -> fi, Ĳ -> IJ, ǅ -> Dž) to
 * out and returns how many; 0 when cp is none. */
static int ligature(int32_t cp, int32_t out[3])
{
    static const char *const fb[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
    /* U+01C4-U+01CC: DŽ Dž dž LJ Lj lj NJ Nj nj; U+01F1-U+01F3: DZ Dz dz. */
    static const int32_t pairs[][2] = {
        {'D', 0x17D}, {'D', 0x17E}, {'d', 0x17E}, {'L', 'J'}, {'L', 'j'},
        {'l', 'j'},   {'N', 'J'},   {'N', 'j'},   {'n', 'j'}, {'D', 'Z'},
        {'D', 'z'},   {'d', 'z'}};
    int k = -1;
    if (cp >= 0xFB00 && cp <= 0xFB06) {
        int n = 0;
        for (const char *p = fb[cp - 0xFB00]; *p; p++)
            out[n++] = *p;
        return n;
    }
    if (cp >= 0x1C4 && cp <= 0x1CC)
        k = cp - 0x1C4;
    else if (cp >= 0x1F1 && cp <= 0x1F3)
        k = 9 + cp - 0x1F1;
    else if (cp == 0x132 || cp == 0x133) {
        out[0] = cp == 0x132 ? 'I' : 'i';
        out[1] = cp == 0x132 ? 'J' : 'j';
        return 2;
    }
    if (k < 0)
        return 0;
    out[0] = pairs[k][0];
    out[1] = pairs[k][1];
    return 2;
}

/* Maps one character; writes 0-3 characters to out and returns how many. */
static int map_char(const cl_config *c, int32_t cp, int32_t out[3])
{
    if (c->ligatures && (cp >= 0xFB00 || (cp >= 0x132 && cp <= 0x1F3))) {
        int n = ligature(cp, out);
        if (n)
            return n;
    }
    if (c->full_width && cp >= 0xFF01 && cp <= 0xFF5E) {
        out[0] = cp - 0xFF01 + 0x21; /* Ａ -> A, ！ -> ! */
        return 1;
    }
    /* Most letters: nothing below concerns them. */
    if ((cp >= 0x100 && cp < 0x2000 && cp != 0x61C && cp != 0x1680 &&
         cp != 0x180E) ||
        (cp > 0x3000 && cp < 0xFEFF)) {
        out[0] = cp;
        return 1;
    }
    if (cp < 0x80) {
        /* A vertical tab ends a line, a form feed a page. */
        if (c->whitespace && (cp == '\v' || cp == '\f')) {
            out[0] = out[1] = '\n';
            return cp == '\f' ? 2 : 1;
        }
        if (c->remove_invisible && is_control(cp))
            return 0;
        out[0] = cp;
        return 1;
    }
    if (c->remove_invisible && is_invisible(cp))
        return 0;
    if (c->whitespace) {
        if (cp == 0x85 || cp == 0x2028) { /* NEL, line separator */
            out[0] = '\n';
            return 1;
        }
        if (cp == 0x2029) { /* paragraph separator */
            out[0] = out[1] = '\n';
            return 2;
        }
    }
    if (c->spaces && is_odd_space(cp)) {
        out[0] = ' ';
        return 1;
    }
    if (c->fold_punctuation) {
        switch (cp) {
        case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
        case 0x2035:
            out[0] = '\'';
            return 1;
        case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
        case 0x2036:
            out[0] = '"';
            return 1;
        case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212:
            out[0] = '-';
            return 1;
        case 0x2014: case 0x2015: /* "--" keeps a dash apart from a hyphen */
            out[0] = out[1] = '-';
            return 2;
        case 0x2026:
            out[0] = out[1] = out[2] = '.';
            return 3;
        default:
            break;
        }
    }
    out[0] = cp;
    return 1;
}

/* A character that can join the chunk before it: a combining mark, or a
 * starter that composes with the character before it (Hangul vowels and
 * final consonants, some Indic vowel signs). */
static bool joins_previous(int32_t cp, const utf8proc_property_t *p)
{
    if (p->combining_class != 0)
        return true;
    if (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000)
        return true;
    return (cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11A8 && cp <= 0x11C2);
}

/* Whether normalization may change cp alone (a chunk of one character). */
static bool may_change(const cl_config *c, int32_t cp,
                       const utf8proc_property_t *p)
{
    if (p->decomp_seqindex == UINT16_MAX)
        return false;
    if (p->decomp_type != 0) /* a compatibility decomposition */
        return c->normalization == CL_NORM_NFKC;
    if (p->comp_exclusion)
        return true;
    if (cp < 0x300 || (cp >= 0x400 && cp < 0x500))
        return false; /* Latin and Cyrillic letters: no singletons */
    /* A precomposed letter ("é") composes back to itself; a singleton
     * (ANGSTROM SIGN -> Å) does not. */
    utf8proc_int32_t dec[8];
    int last = 0;
    utf8proc_ssize_t n =
        utf8proc_decompose_char(cp, dec, 8, UTF8PROC_DECOMPOSE, &last);
    if (n < 1 || n > 8)
        return true;
    n = utf8proc_normalize_utf32(dec, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    return !(n == 1 && dec[0] == cp);
}

static bool reserve_buf(scratch *x, size_t n)
{
    if (n <= x->buf_cap)
        return true;
    size_t cap = n < 256 ? 256 : n * 2;
    char *b = realloc(x->buf, cap);
    if (!b)
        return false;
    x->buf = b;
    x->buf_cap = cap;
    return true;
}

/* Normalizes cps[0..n) into x->buf; returns the byte length, or -1 when out
 * of memory. */
static ptrdiff_t normalize(const cl_config *c, const int32_t *cps, size_t n,
                           scratch *x)
{
    utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    if (c->normalization == CL_NORM_NFKC)
        opts |= UTF8PROC_COMPAT;
    /* Decompose, then compose; a compatibility decomposition is at most 18
     * characters per character. */
    size_t cap = n * 18 + 4;
    utf8proc_int32_t stack[256];
    utf8proc_int32_t *dec = cap <= 256 ? stack : malloc(cap * sizeof(*dec));
    if (!dec)
        return -1;
    if (!reserve_buf(x, n * 4 + 1)) {
        if (dec != stack)
            free(dec);
        return -1;
    }
    /* Encode the chunk, since utf8proc decomposes (and reorders) UTF-8. */
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += (size_t)tm_utf8_encode(cps[i], x->buf + len);
    utf8proc_ssize_t m =
        utf8proc_decompose((const utf8proc_uint8_t *)x->buf,
                           (utf8proc_ssize_t)len, dec, (utf8proc_ssize_t)cap,
                           (opts & ~UTF8PROC_COMPOSE) | UTF8PROC_DECOMPOSE);
    ptrdiff_t out = -1;
    if (m >= 0 && (size_t)m <= cap) {
        m = utf8proc_normalize_utf32(dec, m, opts);
        if (m >= 0 && reserve_buf(x, (size_t)m * 3 * 4 + 1)) {
            /* Normalization may yield characters the mapping changes
             * (NFKC turns U+FE31 into an em dash): map them again. */
            out = 0;
            for (utf8proc_ssize_t i = 0; i < m; i++) {
                int32_t mapped[3];
                int k = dec[i] < 0x80 ? (mapped[0] = dec[i], 1)
                                      : map_char(c, dec[i], mapped);
                for (int j = 0; j < k; j++)
                    out += tm_utf8_encode(mapped[j], x->buf + out);
            }
        }
    }
    if (dec != stack)
        free(dec);
    return out;
}

/* Cleans the non-ASCII run s[a..b) (a may include one ASCII character
 * before the run: the base of a combining mark). */
static bool run(const cl_config *c, const char *s, size_t a, size_t b,
                cl_edit *e, scratch *x)
{
    x->size = 0;
    int32_t prev = 0; /* the character before, in the source */
    for (size_t i = a; i < b;) {
        int32_t cp;
        int n = tm_utf8_decode(s + i, b - i, &cp);
        int32_t mapped[3];
        int k;
        if (c->keep_c1 && cp >= 0x80 && cp <= 0x9F && prev >= 0x80)
            k = (mapped[0] = cp, 1); /* may be mojibake: for later */
        else
            k = map_char(c, cp, mapped);
        prev = cp;
        bool dirty = k != 1 || mapped[0] != cp;
        if (k == 0 && x->size)
            x->dirty[x->size - 1] = true; /* its source range grows */
        for (int j = 0; j < k; j++)
            if (!push(x, mapped[j], i, dirty))
                return false;
        i += (size_t)n;
    }
    if (x->size == 0)
        return cl_edit_replace(e, a, b, "", 0);
    if (x->src[0] > a && !cl_edit_replace(e, a, x->src[0], "", 0))
        return false;

    for (size_t t = 0; t < x->size;) {
        /* The chunk: cp[t] and the characters that join it. */
        int32_t first = x->cp[t];
        const utf8proc_property_t *p =
            first < 0x80 ? NULL : utf8proc_get_property(first);
        bool norm = c->normalization != CL_NORM_NONE;
        bool change = norm && p &&
                      (joins_previous(first, p) || may_change(c, first, p));
        bool dirty = x->dirty[t];
        size_t u = t + 1;
        while (u < x->size && x->src[u] == x->src[t])
            u++; /* the other characters of one mapped character */
        while (u < x->size) {
            const utf8proc_property_t *q = utf8proc_get_property(x->cp[u]);
            if (!joins_previous(x->cp[u], q))
                break;
            change = change || norm;
            dirty = dirty || x->dirty[u];
            u++;
        }
        /* A character with hundreds of marks ("Zalgo" text) is left as
         * it is: normalizing it costs time quadratic in its length. */
        if (u - t > MAX_CHUNK)
            change = false;
        if (!change && !dirty) {
            t = u; /* unchanged: kept as it is */
            continue;
        }
        size_t start = x->src[t];
        size_t end = u < x->size ? x->src[u] : b;
        ptrdiff_t n;
        if (change) {
            n = normalize(c, x->cp + t, u - t, x);
        } else {
            n = reserve_buf(x, (u - t) * 4 + 1) ? 0 : -1;
            for (size_t i = t; n >= 0 && i < u; i++)
                n += tm_utf8_encode(x->cp[i], x->buf + n);
        }
        if (n < 0 || !cl_edit_replace(e, start, end, x->buf, (size_t)n))
            return false;
        t = u;
    }
    return true;
}

/* The end of the terminal escape sequence at u[i] (ESC): a CSI sequence
 * ("ESC [ 1 ; 31 m") or an OSC one ("ESC ] 0 ; title BEL"); i + 1 when it
 * is neither (the ESC alone is then a control character). */
static size_t end_of_escape(const unsigned char *u, size_t i, size_t len)
{
    size_t j = i + 2;
    if (i + 1 >= len)
        return i + 1;
    if (u[i + 1] == '[') {
        while (j < len && u[j] >= 0x20 && u[j] <= 0x3F)
            j++; /* parameters and intermediates */
        return j < len && u[j] >= 0x40 && u[j] <= 0x7E ? j + 1 : i + 1;
    }
    if (u[i + 1] == ']') {
        for (; j < len && j - i < 4096; j++) {
            if (u[j] == 0x07)
                return j + 1;
            if (u[j] == 0x1B && j + 1 < len && u[j + 1] == '\\')
                return j + 2;
            if (u[j] < 0x20)
                break;
        }
    }
    return i + 1;
}

#ifndef __SSE2__
/* True when none of the 8 bytes at p needs a look: all are printable ASCII
 * (0x20-0x7E). */
static inline bool plain8(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full, highs = 0x8080808080808080ull;
    uint64_t x = w & low7;
    uint64_t below_space = ~(x + 0x6060606060606060ull); /* high bit: < 0x20 */
    uint64_t del = x + 0x0101010101010101ull;            /* high bit: 0x7F */
    return ((w | below_space | del) & highs) == 0;
}
#endif

/* Whether the pass leaves the byte ch alone: printable ASCII, a line feed or
 * a tab (the layout pass handles tabs). */
static inline bool plain(unsigned char ch)
{
    return (ch >= 0x20 && ch < 0x7F) || ch == '\n' || ch == '\t';
}

/* The first byte at or after i that is not plain(), or len. With SSE2 the
 * line feeds stay in the fast loop too: a short line would leave it at
 * every one. */
static inline size_t next_to_look_at(const unsigned char *u, size_t i,
                                     size_t len)
{
#ifdef __SSE2__
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
        /* (Signed: the bytes from 0x80 up count as below 0x20.) */
        __m128i odd = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                   _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
        __m128i kept = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                                    _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(kept, odd));
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
    }
    while (i < len && plain(u[i]))
        i++;
#else
    /* Back to eight at a time after each line feed or tab. */
    while (i < len) {
        if (i + 8 <= len && plain8(u + i))
            i += 8;
        else if (plain(u[i]))
            i++;
        else
            break;
    }
#endif
    return i;
}

bool cl_pass_chars(const cl_config *c, const char *s, size_t len, cl_edit *e)
{
    const unsigned char *u = (const unsigned char *)s;
    scratch x;
    memset(&x, 0, sizeof(x));
    bool ok = true;
    size_t i = 0;
    while (ok && i < len) {
        i = next_to_look_at(u, i, len);
        if (i >= len)
            break;
        unsigned char ch = u[i];
        if (ch == '\r') {
            size_t end = i + 1 < len && s[i + 1] == '\n' ? i + 2 : i + 1;
            if (c->whitespace)
                ok = cl_edit_replace(e, i, end, "\n", 1);
            i = end;
        } else if (ch == 0x1B && c->remove_invisible &&
                   (end_of_escape(u, i, len) > i + 1)) {
            /* A terminal escape ("\x1B[31m") goes whole. */
            size_t end = end_of_escape(u, i, len);
            ok = cl_edit_replace(e, i, end, "", 0);
            i = end;
        } else if (ch < 0x80) {
            /* Control characters: mapped here, unless a non-ASCII run
             * follows (a mark after them belongs to the letter before). */
            size_t j = i + 1;
            while (j < len && is_control(u[j]))
                j++;
            if (j < len && u[j] >= 0x80) {
                i = j;
                continue;
            }
            char buf[64];
            size_t n = 0, end = i;
            for (; end < j && n + 2 <= sizeof(buf); end++) {
                int32_t mapped[3];
                int k = map_char(c, u[end], mapped);
                for (int m = 0; m < k; m++)
                    buf[n++] = (char)mapped[m];
            }
            ok = cl_edit_replace(e, i, end, buf, n);
            i = end;
        } else {
            size_t a = i, b = i + 1;
            while (b < len) { /* the run, with controls inside it */
                size_t j = b;
                while (j < len && is_control(u[j]))
                    j++;
                if (j >= len || u[j] < 0x80)
                    break;
                b = j + 1;
            }
            /* The control characters before, and the ASCII character
             * before them: it may be the base of a mark. */
            while (a > e->done && is_control(u[a - 1]))
                a--;
            if (a > e->done && u[a - 1] > 0x20 && u[a - 1] < 0x7F)
                a--;
            ok = run(c, s, a, b, e, &x);
            i = b;
        }
    }
    free(x.cp);
    free(x.src);
    free(x.dirty);
    free(x.buf);
    return ok;
}
