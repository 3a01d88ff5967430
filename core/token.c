/* token.c - the shared word tokenizer (rules in textmill/token.h).
 *
 * Most text is ASCII words between spaces. With SSE2, tm_tokenize classifies
 * 64 bytes at a time into bit masks and takes such words, white space and
 * ASCII punctuation from the masks; anything else (a non-ASCII character, an
 * apostrophe, a joiner that may join) goes to the scalar code, which alone
 * defines the rules. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"

enum { C_OTHER, C_SPACE, C_NEWLINE, C_LOWER, C_UPPER, C_LETTER, C_DIGIT, C_MARK };

static inline int ascii_class(unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        return C_LOWER;
    if (c >= 'A' && c <= 'Z')
        return C_UPPER;
    if (c >= '0' && c <= '9')
        return C_DIGIT;
    if (c == ' ' || c == '\t')
        return C_SPACE;
    if (c == '\n' || c == '\r' || c == '\v' || c == '\f')
        return C_NEWLINE;
    return C_OTHER;
}

/* Class of the character at s (valid UTF-8); *len gets its byte length. */
static inline int char_class(const char *s, size_t avail, int32_t *cp, int *len)
{
    unsigned char c = (unsigned char)*s;
    if (c < 0x80) {
        *cp = c;
        *len = 1;
        return ascii_class(c);
    }
    *len = tm_utf8_decode(s, avail, cp);
    if (*cp < 0)
        return C_OTHER;
    switch (utf8proc_category(*cp)) {
    case UTF8PROC_CATEGORY_LU: return C_UPPER;
    case UTF8PROC_CATEGORY_LT: return C_UPPER;
    case UTF8PROC_CATEGORY_LL: return C_LOWER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: return C_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME: return C_MARK;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return C_DIGIT;
    case UTF8PROC_CATEGORY_ZS: return C_SPACE;
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: return C_NEWLINE;
    case UTF8PROC_CATEGORY_CF: return C_SPACE; /* zero-width, BOM, soft hyphen */
    default: return C_OTHER;
    }
}

static inline int is_letter(int k) { return k == C_LOWER || k == C_UPPER || k == C_LETTER; }
static inline int is_wordch(int k) { return is_letter(k) || k == C_DIGIT || k == C_MARK; }

/* Doubles the room in out (64 tokens at first). */
static tm_status grow(tm_tokens *out)
{
    size_t cap = out->capacity ? out->capacity * 2 : 64;
    tm_token *v = realloc(out->items, cap * sizeof *v);
    if (!v)
        return TM_ERR_NOMEM;
    out->items = v;
    out->capacity = cap;
    return TM_OK;
}

static inline tm_status push(tm_tokens *out, size_t start, size_t end, uint32_t flags)
{
    if (out->size == out->capacity && grow(out) != TM_OK)
        return TM_ERR_NOMEM;
    out->items[out->size++] = (tm_token){start, end, flags};
    return TM_OK;
}

static inline int is_apostrophe(int32_t cp) { return cp == '\'' || cp == 0x2019; }
/* The characters that may join two word characters into one word;
 * scan_word decides when they do. */
static inline int is_joiner(int32_t cp)
{
    return is_apostrophe(cp) || cp == '.' || cp == ',' || cp == ':' || cp == '&' || cp == '_';
}

/* How many of the 8 bytes at p, from the first, are ASCII lower-case
 * letters, found without a branch per byte: where a word ends is
 * unpredictable, and a mispredicted branch per word costs more than the
 * rest of its scan. For 7-bit bytes, x + (0x80 - lo) has its top bit set
 * iff x >= lo, with no carry into the next byte. */
static inline size_t lower_run8(const char *p)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t w;
    memcpy(&w, p, 8);
    uint64_t x = w & ~high;
    uint64_t lower = (x + (0x80 - 'a') * ones) & ~(x + (0x80 - 'z' - 1) * ones) & ~w;
    uint64_t other = ~lower & high;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return other ? (size_t)__builtin_clzll(other) / 8 : 8;
#else
    return other ? (size_t)__builtin_ctzll(other) / 8 : 8;
#endif
}

/* Scans one word starting at i; returns its end and fills *flags. */
static size_t scan_word(const char *t, size_t i, size_t end, uint32_t *flags)
{
    int32_t cp;
    int len;
    int letters = 0, uppers = 0, digits = 0, first = -1;
    int seg_letters = 0;   /* letters since the word start or the last period */
    int dotted = 0;
    int prev = -1;         /* class of the previous character */
    size_t j = i;
    while (j < end) {
        /* Fast paths: runs of lower-case ASCII letters (most of any word),
         * then single ASCII letters and digits. */
        unsigned char c = (unsigned char)t[j];
        if ((unsigned)(c - 'a') < 26) {
            size_t r = j + 1, k;
            while (end - r >= 8 && (k = lower_run8(t + r)) == 8)
                r += 8;
            if (end - r >= 8)
                r += k;
            else
                while (r < end && (unsigned)((unsigned char)t[r] - 'a') < 26)
                    r++;
            if (first < 0)
                first = C_LOWER;
            letters += (int)(r - j);
            seg_letters += (int)(r - j);
            prev = C_LOWER;
            j = r;
            continue;
        }
        if ((unsigned)(c - 'A') < 26) {
            if (first < 0)
                first = C_UPPER;
            letters++;
            seg_letters++;
            uppers++;
            prev = C_UPPER;
            j++;
            continue;
        }
        if ((unsigned)(c - '0') < 10) {
            if (first < 0)
                first = C_DIGIT;
            digits++;
            prev = C_DIGIT;
            j++;
            continue;
        }
        int k = char_class(t + j, end - j, &cp, &len);
        if (is_wordch(k)) {
            if (first < 0)
                first = k;
            if (is_letter(k)) {
                letters++;
                seg_letters++;
                uppers += k == C_UPPER;
            }
            digits += k == C_DIGIT;
            prev = k;
            j += (size_t)len;
            continue;
        }
        /* A joiner counts only between two word characters of the right kind. */
        if (j + (size_t)len >= end || prev < 0 || !is_joiner(cp))
            break;
        int32_t ncp;
        int nlen;
        int nk = char_class(t + j + len, end - j - len, &ncp, &nlen);
        int join = 0;
        if (is_apostrophe(cp) && is_letter(prev) && is_letter(nk)) {
            /* "'s" at the end of a word is a possessive, split off. */
            size_t after = j + (size_t)len + (size_t)nlen;
            int32_t acp;
            int alen;
            int ak = after < end ? char_class(t + after, end - after, &acp, &alen) : C_SPACE;
            join = !((ncp == 's' || ncp == 'S') && !is_wordch(ak));
        } else if (cp == '.' && is_letter(prev) && is_letter(nk)) {
            /* "U.S", "e.g", "Ph.D": periods inside short letter groups. */
            join = seg_letters <= 2;
            if (join) {
                dotted = 1;
                seg_letters = 0;
            }
        } else if ((cp == '.' || cp == ',' || cp == ':') && prev == C_DIGIT && nk == C_DIGIT) {
            join = 1;
        } else if (cp == '&' && prev == C_UPPER && nk == C_UPPER) {
            join = 1;
        } else if (cp == '_' && is_wordch(nk)) {
            join = 1;
        }
        if (!join)
            break;
        j += (size_t)len;
        prev = C_OTHER;
    }
    /* Keep a final period after dotted letters or a single capital ("J."). */
    if (j < end && t[j] == '.' && seg_letters <= 2 && letters > 0 && !digits &&
        (dotted || (letters == 1 && uppers == 1))) {
        j++;
        dotted = 1;
    }
    uint32_t f = 0;
    if (letters)
        f |= TM_TOK_WORD;
    else if (digits)
        f |= TM_TOK_NUMBER;
    if (first == C_UPPER)
        f |= TM_TOK_CAPITALIZED;
    else if (first == C_LOWER)
        f |= TM_TOK_LOWER;
    if (letters >= 2 && uppers == letters)
        f |= TM_TOK_ALL_CAPS;
    if (dotted)
        f |= TM_TOK_DOTTED;
    *flags = f;
    return j;
}

#ifdef __SSE2__
/* Bytes per window, one bit of each mask per byte. Bit 63 of the space and
 * word masks is kept clear, so a run of them always ends inside a mask; a run
 * that reaches bit 63 may go on past the window. */
enum { WIN = 64, LAST = 63 };

/* What the bytes text[base, base + WIN) are, one bit per byte; bytes at or
 * past the end of the text are in no mask. */
typedef struct window {
    size_t base;
    uint64_t word;  /* ASCII letter or digit */
    uint64_t lower; /* a-z */
    uint64_t upper; /* A-Z */
    uint64_t space; /* ASCII white space, line breaks included */
} window;

/* Bytes in [lo, lo + n): shifted so that the range starts at -128, one
 * signed compare tests both of its ends. */
static inline __m128i byte_range(__m128i v, int lo, int n)
{
    __m128i t = _mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - lo)));
    return _mm_cmplt_epi8(t, _mm_set1_epi8((char)(n - 128)));
}

static inline uint64_t bits16(__m128i m, int k)
{
    return (uint64_t)(unsigned)_mm_movemask_epi8(m) << k;
}

/* The window of the bytes from i, 16 at a time up to end. Never reads at or
 * past end: a last partial 16 is copied into zeros first (a zero byte is in
 * no mask). */
static window load_window(const char *text, size_t i, size_t end)
{
    window w = {.base = i};
    size_t len = end - i;
    for (int k = 0; k < WIN && (size_t)k < len; k += 16) {
        __m128i v;
        if (len - (size_t)k >= 16) {
            v = _mm_loadu_si128((const __m128i *)(text + i + (size_t)k));
        } else {
            char pad[16] = {0};
            memcpy(pad, text + i + (size_t)k, len - (size_t)k);
            v = _mm_loadu_si128((const __m128i *)pad);
        }
        __m128i lower = byte_range(v, 'a', 26), upper = byte_range(v, 'A', 26);
        __m128i space = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                                     byte_range(v, '\t', 5)); /* \t \n \v \f \r */
        w.word |= bits16(_mm_or_si128(_mm_or_si128(lower, upper), byte_range(v, '0', 10)), k);
        w.lower |= bits16(lower, k);
        w.upper |= bits16(upper, k);
        w.space |= bits16(space, k);
    }
    w.word &= ~(1ull << LAST);
    w.space &= ~(1ull << LAST);
    return w;
}

/* Whether the white space text[i, i + n) holds a line break. */
static inline int has_newline(const char *text, size_t i, int n)
{
    for (int k = 0; k < n; k++)
        if (text[i + (size_t)k] != ' ' && text[i + (size_t)k] != '\t')
            return 1;
    return 0;
}

/* How many of the low bits of m are set; m has a clear bit. */
static inline int low_ones(uint64_t m) { return __builtin_ctzll(~m); }

/* Whether an ASCII word surely ends before the byte c that follows it, as
 * scan_word would decide: c is ASCII and no joiner, or a ',' / ':' after a
 * letter (they join digits only), or a '.' after a letter when the word has
 * three letters or more (too many for "U.S." or "J."). */
static inline int word_ends_before(unsigned char c, int last_is_letter, uint64_t letters)
{
    if (c >= 0x80)
        return 0;
    if (!is_joiner(c))
        return 1;
    if (c != '.' && c != ',' && c != ':')
        return 0; /* ' & _: left to scan_word */
    uint64_t two = letters & (letters - 1);
    return last_is_letter && (c != '.' || (two & (two - 1)) != 0);
}

/* Tokenizes from *pos as long as the masks alone decide: ASCII white space,
 * ASCII words that surely end where their letters and digits do, and ASCII
 * punctuation other than the apostrophe. Stops at the first byte the scalar
 * code must take (or at end) and leaves *pos there. Works on copies of the
 * window and of out's fields: stores into out->items could alias them. */
static tm_status ascii_tokens(const char *text, size_t *pos, size_t end, window *wp,
                              uint32_t *before, tm_tokens *out)
{
    window w = *wp;
    size_t i = *pos;
    uint32_t bf = *before;
    tm_token *items = out->items;
    size_t size = out->size, cap = out->capacity;
    tm_status st = TM_OK;
    while (i < end) {
        if (i - w.base >= LAST)
            w = load_window(text, i, end);
        int p = (int)(i - w.base);
        int n = low_ones(w.space >> p);
        if (n) {
            bf |= TM_TOK_SPACE_BEFORE;
            if ((n > 1 || text[i] != ' ') && has_newline(text, i, n))
                bf |= TM_TOK_NEWLINE_BEFORE;
            i += (size_t)n;
            p += n;
            if (p == LAST || i == end)
                continue;
        }
        uint32_t flags;
        size_t tok_end;
        n = low_ones(w.word >> p);
        if (n) {
            if (p + n == LAST) { /* the word may go on past the window */
                if (p == 0)
                    break; /* 63 bytes or more: scalar */
                w = load_window(text, i, end);
                continue;
            }
            /* The flags without a branch on the first letter's case: it is
             * unpredictable. */
            uint64_t run = ((1ull << n) - 1) << p;
            uint64_t upper = w.upper & run, letters = (w.lower & run) | upper;
            tok_end = i + (size_t)n;
            if (tok_end < end && !(w.space >> (p + n) & 1) &&
                !word_ends_before((unsigned char)text[tok_end],
                                  (int)(letters >> (p + n - 1) & 1), letters))
                break; /* it may join the word or be a letter: scan_word decides */
            flags = letters ? TM_TOK_WORD : TM_TOK_NUMBER;
            if (letters == upper && (letters & (letters - 1)))
                flags |= TM_TOK_ALL_CAPS;
            flags |= (uint32_t)(upper >> p & 1) * TM_TOK_CAPITALIZED;
            flags |= (uint32_t)(w.lower >> p & 1) * TM_TOK_LOWER;
        } else if ((unsigned char)text[i] < 0x80 && text[i] != '\'') {
            tok_end = i + 1; /* ASCII punctuation or symbol */
            flags = TM_TOK_PUNCT;
        } else {
            break;
        }
        if (size == cap) {
            out->size = size;
            if ((st = grow(out)) != TM_OK)
                break;
            items = out->items;
            cap = out->capacity;
        }
        items[size++] = (tm_token){i, tok_end, flags | bf};
        bf = 0;
        i = tok_end;
    }
    out->size = size;
    *wp = w;
    *pos = i;
    *before = bf;
    return st;
}
#endif

tm_status tm_tokenize(const char *text, size_t start, size_t end, tm_tokens *out)
{
    uint32_t before = 0;
    size_t i = start;
#ifdef __SSE2__
    window w = {.base = start - LAST}; /* loaded on first use */
#endif
    while (i < end) {
#ifdef __SSE2__
        if (ascii_tokens(text, &i, end, &w, &before, out) != TM_OK)
            return TM_ERR_NOMEM;
        if (i == end)
            break;
#endif
        unsigned char c = (unsigned char)text[i];
        if (c == ' ') { /* the most common separator */
            before |= TM_TOK_SPACE_BEFORE;
            i++;
            continue;
        }
        int32_t cp;
        int len;
        int k = char_class(text + i, end - i, &cp, &len);
        if (k == C_SPACE || k == C_NEWLINE) {
            before |= TM_TOK_SPACE_BEFORE;
            if (k == C_NEWLINE)
                before |= TM_TOK_NEWLINE_BEFORE;
            i += (size_t)len;
            continue;
        }
        size_t tok_end;
        uint32_t flags;
        if (is_wordch(k)) {
            tok_end = scan_word(text, i, end, &flags);
        } else if (is_apostrophe(cp) && i + (size_t)len < end &&
                   (text[i + len] == 's' || text[i + len] == 'S') &&
                   out->size > 0 && out->items[out->size - 1].end == i &&
                   (out->items[out->size - 1].flags & TM_TOK_WORD)) {
            /* The possessive "'s" right after a word. */
            tok_end = i + (size_t)len + 1;
            flags = TM_TOK_POSSESSIVE;
        } else {
            tok_end = i + (size_t)len;
            flags = TM_TOK_PUNCT;
        }
        if (push(out, i, tok_end, flags | before) != TM_OK)
            return TM_ERR_NOMEM;
        before = 0;
        i = tok_end;
    }
    return TM_OK;
}

void tm_tokens_clear(tm_tokens *tokens) { tokens->size = 0; }

void tm_tokens_free(tm_tokens *tokens)
{
    free(tokens->items);
    *tokens = (tm_tokens){0};
}
