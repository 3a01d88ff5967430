/*
 * chars.h - character classes for the splitter: letters and their case,
 * white space, terminal punctuation, quotes, brackets, bullets.
 *
 * Everything here is static inline: these run for every byte the splitter
 * looks at, and ASCII takes a table lookup. Other characters are decoded
 * and classified with utf8proc.
 */
#ifndef SS_CHARS_H
#define SS_CHARS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <utf8proc.h>
#include <textmill/utf8.h>

/* Character classes (C_OTHER is 0, for the ASCII table below). */
enum { C_OTHER, C_LOWER, C_UPPER, C_OLETTER, C_DIGIT, C_MARK };


/* The code point at t[i] (i < len) and its length in *n. */
static inline int32_t cp_at(const char *t, size_t i, size_t len, int *n)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) {
        *n = 1;
        return c;
    }
    int32_t cp;
    *n = tm_utf8_decode(t + i, len - i, &cp);
    return cp;
}

/* The start of the character that ends just before i (i > 0). */
static inline size_t char_before(const char *t, size_t i)
{
    size_t j = i - 1;
    while (j > 0 && !tm_utf8_is_lead((unsigned char)t[j]))
        j--;
    return j;
}

/* Classes of the ASCII characters, for the fast path of cclass. */
static const unsigned char ascii_class[128] = {
    ['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT,
    ['4'] = C_DIGIT, ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT,
    ['8'] = C_DIGIT, ['9'] = C_DIGIT,
    ['A'] = C_UPPER, ['B'] = C_UPPER, ['C'] = C_UPPER, ['D'] = C_UPPER,
    ['E'] = C_UPPER, ['F'] = C_UPPER, ['G'] = C_UPPER, ['H'] = C_UPPER,
    ['I'] = C_UPPER, ['J'] = C_UPPER, ['K'] = C_UPPER, ['L'] = C_UPPER,
    ['M'] = C_UPPER, ['N'] = C_UPPER, ['O'] = C_UPPER, ['P'] = C_UPPER,
    ['Q'] = C_UPPER, ['R'] = C_UPPER, ['S'] = C_UPPER, ['T'] = C_UPPER,
    ['U'] = C_UPPER, ['V'] = C_UPPER, ['W'] = C_UPPER, ['X'] = C_UPPER,
    ['Y'] = C_UPPER, ['Z'] = C_UPPER,
    ['a'] = C_LOWER, ['b'] = C_LOWER, ['c'] = C_LOWER, ['d'] = C_LOWER,
    ['e'] = C_LOWER, ['f'] = C_LOWER, ['g'] = C_LOWER, ['h'] = C_LOWER,
    ['i'] = C_LOWER, ['j'] = C_LOWER, ['k'] = C_LOWER, ['l'] = C_LOWER,
    ['m'] = C_LOWER, ['n'] = C_LOWER, ['o'] = C_LOWER, ['p'] = C_LOWER,
    ['q'] = C_LOWER, ['r'] = C_LOWER, ['s'] = C_LOWER, ['t'] = C_LOWER,
    ['u'] = C_LOWER, ['v'] = C_LOWER, ['w'] = C_LOWER, ['x'] = C_LOWER,
    ['y'] = C_LOWER, ['z'] = C_LOWER,
};

static inline int cclass_slow(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LL:
        return C_LOWER;
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return C_UPPER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return C_OLETTER;
    case UTF8PROC_CATEGORY_ND:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    default:
        return C_OTHER;
    }
}

static inline int cclass(int32_t cp)
{
    if (cp >= 0 && cp < 0x80)
        return ascii_class[cp]; /* C_OTHER is 0 */
    return cclass_slow(cp);
}

static inline bool is_letter_class(int c)
{
    return c == C_LOWER || c == C_UPPER || c == C_OLETTER;
}

static const unsigned char ascii_space[128] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1,
};

/* Byte length of the non-ASCII white space character at t[i], or 0. */
static inline int space_at_slow(const char *t, size_t i, size_t len)
{
    const unsigned char *p = (const unsigned char *)t + i;
    size_t left = len - i;
    switch (p[0]) {
    case 0xC2: /* U+0085, U+00A0 */
        return left >= 2 && (p[1] == 0x85 || p[1] == 0xA0) ? 2 : 0;
    case 0xE1: /* U+1680 */
        return left >= 3 && p[1] == 0x9A && p[2] == 0x80 ? 3 : 0;
    case 0xE2: /* U+2000..U+200B, U+2028, U+2029, U+202F, U+205F */
        if (left < 3)
            return 0;
        if (p[1] == 0x80 && (p[2] <= 0x8B || p[2] == 0xA8 || p[2] == 0xA9 ||
                             p[2] == 0xAF))
            return 3;
        return p[1] == 0x81 && p[2] == 0x9F ? 3 : 0;
    case 0xE3: /* U+3000 */
        return left >= 3 && p[1] == 0x80 && p[2] == 0x80 ? 3 : 0;
    case 0xEF: /* U+FEFF */
        return left >= 3 && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
    default:
        return 0;
    }
}

/* Byte length of the white space character at t[i], or 0. Checked on bytes:
 * this runs for every byte of trimmed and skipped space. */
static inline int space_at(const char *t, size_t i, size_t len)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80)
        return ascii_space[c];
    return space_at_slow(t, i, len);
}

/* Byte length of the white space character ending just before i, or 0. */
static inline int space_before(const char *t, size_t i)
{
    if (i == 0)
        return 0;
    unsigned char c = (unsigned char)t[i - 1];
    if (c < 0x80)
        return space_at(t, i - 1, i) ? 1 : 0;
    size_t j = char_before(t, i);
    int n = space_at(t, j, i);
    return (size_t)n == i - j ? n : 0;
}

static inline bool is_line_break(int32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 ||
           cp == 0x2029;
}

/* Horizontal white space: a space that is not a line break. */
static inline int hspace_at(const char *t, size_t i, size_t len)
{
    int n = space_at(t, i, len);
    if (n == 0)
        return 0;
    int m;
    return is_line_break(cp_at(t, i, len, &m)) ? 0 : n;
}

/* Sentence-final punctuation other than the period. */
static inline bool is_strong_terminal(int32_t cp)
{
    return cp == '!' || cp == '?' || cp == 0x203C /* double ! */ ||
           cp == 0x203D /* interrobang */ || cp == 0x2047 ||
           cp == 0x2048 || cp == 0x2049 || cp == 0xFF01 || cp == 0xFF1F;
}

/* Full stops of scripts written without spaces: they end a sentence even
 * when the next character follows at once. */
static inline bool is_cjk_terminal(int32_t cp)
{
    return cp == 0x3002 || cp == 0xFF61 || cp == 0xFF01 || cp == 0xFF1F;
}

static inline bool is_terminal(int32_t cp)
{
    return cp == '.' || cp == 0x2026 || cp == 0x3002 || cp == 0xFF61 ||
           is_strong_terminal(cp);
}

static inline bool is_quote(int32_t cp)
{
    return cp == '"' || cp == '\'' || cp == 0x2018 || cp == 0x2019 ||
           cp == 0x201A || cp == 0x201C || cp == 0x201D || cp == 0x201E ||
           cp == 0x00AB || cp == 0x00BB || cp == 0x2039 || cp == 0x203A;
}

static inline bool is_close_bracket(int32_t cp)
{
    return cp == ')' || cp == ']' || cp == '}' || cp == 0xFF09 ||
           cp == 0x300D || cp == 0x300F || cp == 0x3011 || cp == 0x300B;
}

static inline bool is_open_bracket(int32_t cp)
{
    return cp == '(' || cp == '[' || cp == '{' || cp == 0xFF08 ||
           cp == 0x300C || cp == 0x300E || cp == 0x3010 || cp == 0x300A;
}

/* Characters that may open a sentence before its first word. */
static inline bool is_opener(int32_t cp)
{
    return is_quote(cp) || is_open_bracket(cp) || cp == 0xBF /* ¿ */ ||
           cp == 0xA1 /* ¡ */;
}

static inline bool is_bullet(int32_t cp)
{
    switch (cp) {
    case 0x2022: case 0x2023: case 0x2043: case 0x25E6: case 0x25AA:
    case 0x25AB: case 0x25CF: case 0x25CB: case 0x25A0: case 0x25A1:
    case 0x25C6: case 0x27A2: case 0x27A4: case 0x2713: case 0x2714:
    case 0x2756: case 0x2192:
        return true;
    default:
        return false;
    }
}

/* Emoji and their joiners and modifiers (not the bullets among them). */
static inline bool is_emoji(int32_t cp)
{
    if (is_bullet(cp))
        return false;
    return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) ||
           cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F);
}

#endif
