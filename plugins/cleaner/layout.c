/*
 * layout.c - the layout pass: spaces, lines, paragraphs and the spacing of
 * punctuation.
 *
 * The text is read line by line. A line's content is what lies between its
 * leading and trailing spaces; lines without content are blank, and one or
 * more blank lines separate paragraphs. Between two content lines the pass
 * writes one separator: "\n\n" across blank lines, "\n" inside a paragraph,
 * or " " / "" when it unwraps lines or joins a hyphenated word. Inside a
 * line, each run of spaces and tabs is looked at with its neighbours: it may
 * go (before "," or ")"), take a doubled sentence end with it (". ."), or
 * become one space.
 */
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <textmill/utf8.h>
#include <utf8proc.h>

#include "clean.h"
#include "mojibake.h"

/* Byte classes, so that the common case (one space between two words)
 * costs three table lookups. next_run() tests B_NEXT and B_OPEN sixteen
 * bytes at a time: it holds the same sets. */
enum {
    B_HWS = 1,  /* spaces inside a line; only ' ' and '\t' are left once
                   line ends are normalized */
    B_NEXT = 2, /* a run before it may need a rule: , . ; : ! ? ) ] } " and
                   the first byte of a curly quote */
    B_OPEN = 4  /* a run after it goes: ( [ { */
};

static const unsigned char byte_class[256] = {
    [' '] = B_HWS, ['\t'] = B_HWS, ['\r'] = B_HWS, ['\f'] = B_HWS,
    ['\v'] = B_HWS, [','] = B_NEXT, ['.'] = B_NEXT, [';'] = B_NEXT,
    [':'] = B_NEXT, ['!'] = B_NEXT, ['?'] = B_NEXT, [')'] = B_NEXT,
    [']'] = B_NEXT, ['}'] = B_NEXT, ['"'] = B_NEXT, [0xE2] = B_NEXT,
    ['('] = B_OPEN, ['['] = B_OPEN, ['{'] = B_OPEN};

static inline bool is_hws(unsigned char ch) { return byte_class[ch] & B_HWS; }

/* The first byte at or after i (before end) that is 0x20 or below: a space,
 * a tab, a control character. Eight bytes at a time: a space comes every
 * six bytes or so in prose, so this mostly saves the loop's branches. */
static inline size_t next_low_byte(const unsigned char *u, size_t i,
                                   size_t end)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; i + 8 <= end; i += 8) {
        uint64_t w;
        memcpy(&w, u + i, 8);
        /* The lowest flagged byte is exact (a borrow only runs upwards). */
        uint64_t low = (w - 0x2121212121212121ull) & ~w & 0x8080808080808080ull;
        if (low)
            return i + ((size_t)__builtin_ctzll(low) >> 3);
    }
#endif
    while (i < end && u[i] > 0x20)
        i++;
    return i;
}

#ifdef __SSE2__
static inline __m128i eq(__m128i v, char ch)
{
    return _mm_cmpeq_epi8(v, _mm_set1_epi8(ch));
}

static inline __m128i or3(__m128i a, __m128i b, __m128i c)
{
    return _mm_or_si128(_mm_or_si128(a, b), c);
}
#endif

/* Like next_low_byte, but skips the usual case of line_content: a lone ' '
 * whose neighbours need no rule (not after B_OPEN, not before a space, a
 * control character or B_NEXT). A space comes every six bytes or so in
 * prose, and most are such; with SSE2 they are sieved out sixteen at a time.
 * Every byte it returns still goes through line_content's tests, so a
 * usual space among them is no harm. A window reads u[i .. i + 16] (and
 * u[i - 1] first), so the last 16 bytes of the text (len) go to
 * next_low_byte. */
static inline size_t next_run(const unsigned char *u, size_t i, size_t ce,
                              size_t len)
{
#ifdef __SSE2__
    const __m128i max_low = _mm_set1_epi8(0x20);
    /* Whether the byte before the window is B_OPEN, as bit 0. */
    unsigned open_before = i > 0 && (byte_class[u[i - 1]] & B_OPEN);
    for (; i < ce && i + 17 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
        __m128i n = _mm_loadu_si128((const __m128i *)(const void *)(u + i + 1));
        unsigned low = (unsigned)_mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_min_epu8(v, max_low), v));
        unsigned open = (unsigned)_mm_movemask_epi8(
            or3(eq(v, '('), eq(v, '['), eq(v, '{')));
        /* The bytes after: low, or B_NEXT. */
        __m128i stop = or3(_mm_cmpeq_epi8(_mm_min_epu8(n, max_low), n),
                           or3(eq(n, ','), eq(n, '.'), eq(n, ';')),
                           or3(eq(n, ':'), eq(n, '!'), eq(n, '?')));
        stop = or3(stop, or3(eq(n, ')'), eq(n, ']'), eq(n, '}')),
                   _mm_or_si128(eq(n, '"'), eq(n, (char)0xE2)));
        unsigned usual = (unsigned)_mm_movemask_epi8(eq(v, ' ')) &
                         ~(open << 1 | open_before) &
                         ~(unsigned)_mm_movemask_epi8(stop);
        unsigned hit = low & ~usual;
        if (hit) {
            size_t j = i + (size_t)__builtin_ctz(hit);
            return j < ce ? j : ce;
        }
        open_before = open >> 15;
    }
#else
    (void)len;
#endif
    return next_low_byte(u, i, ce);
}

static bool is_ascii_letter(unsigned char ch)
{
    return (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z';
}

/* Whether cp is a letter (or a mark, which belongs to one). */
static bool is_letter(int32_t cp)
{
    if (cp < 0x80)
        return is_ascii_letter((unsigned char)cp);
    utf8proc_category_t cat = utf8proc_category(cp);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC;
}

/* The start of the letter that ends at u[end], or end when there is none
 * (from is the lowest offset to look at). */
static size_t letter_before(const unsigned char *u, size_t from, size_t end)
{
    if (end <= from)
        return end;
    size_t i = end - 1;
    while (i > from && !tm_utf8_is_lead(u[i]))
        i--;
    int32_t cp;
    tm_utf8_decode((const char *)u + i, end - i, &cp);
    return is_letter(cp) ? i : end;
}

/* The end of the letter that starts at u[i], or i when there is none. */
static size_t letter_after(const unsigned char *u, size_t i, size_t end)
{
    int32_t cp;
    int n = i < end ? tm_utf8_decode((const char *)u + i, end - i, &cp) : 0;
    return n > 0 && is_letter(cp) ? i + (size_t)n : i;
}

static bool starts_lower(const char *s, size_t n)
{
    unsigned char ch = (unsigned char)s[0];
    if (ch < 0x80)
        return ch >= 'a' && ch <= 'z';
    int32_t cp;
    tm_utf8_decode(s, n, &cp);
    return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

enum { HYPHEN_NONE, HYPHEN_JOIN, HYPHEN_KEEP };

/* Whether the word w[0..n), in lower case (ASCII letters are folded), is in
 * list; low is a buffer of 64 bytes. */
static bool lower_in(const cl_wordlist *list, const char *w, size_t n,
                     char *low)
{
    if (n >= 64)
        return false;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
    return cl_wordlist_has(list, low, n);
}

/* Decides a line that ends with a hyphen: "infra-" + "structure" is joined
 * (HYPHEN_JOIN), "well-" + "known" keeps its hyphen (HYPHEN_KEEP: the word
 * lists), as do compounds ("mother-in-"), acronyms ("COVID-"), numbers
 * ("1990-") and anything not followed by a lower-case letter. A dash that
 * stands apart ("word -") is HYPHEN_NONE. */
static int hyphenation(const cl_config *c, const char *s, size_t pcs,
                       size_t pce, size_t cs, size_t ce)
{
    const unsigned char *u = (const unsigned char *)s;
    if (pce - pcs < 2 || u[pce - 1] != '-' || is_hws(u[pce - 2]) ||
        u[pce - 2] == '-')
        return HYPHEN_NONE;
    size_t w1 = pce - 1, w2 = cs;
    for (size_t k; (k = letter_before(u, pcs, w1)) != w1;)
        w1 = k;
    if (w1 == pce - 1 || !starts_lower(s + cs, ce - cs))
        return HYPHEN_KEEP; /* "1990-", "Anglo-" + "Saxon" */
    for (size_t k; (k = letter_after(u, w2, ce)) != w2;)
        w2 = k;
    if (w1 > pcs && u[w1 - 1] == '-')
        return HYPHEN_KEEP;
    bool caps = pce - 1 - w1 >= 2;
    for (size_t i = w1; caps && i < pce - 1; i++)
        caps = u[i] >= 'A' && u[i] <= 'Z';
    if (caps)
        return HYPHEN_KEEP;
    char low[64];
    if (lower_in(&c->hyphen_keep_first, s + w1, pce - 1 - w1, low) ||
        lower_in(&c->hyphen_keep_second, s + cs, w2 - cs, low))
        return HYPHEN_KEEP;
    /* Joined letters must not read as mojibake ("Ã" + "©"): the cleaner
     * would take them for it next time. */
    if (c->mojibake) {
        size_t a = pce - 1 - pcs > 8 ? pce - 9 : pcs;
        size_t b = ce - cs > 8 ? cs + 8 : ce;
        memcpy(low, s + a, pce - 1 - a);
        memcpy(low + (pce - 1 - a), s + cs, b - cs);
        if (cl_has_mojibake(low, (pce - 1 - a) + (b - cs)))
            return HYPHEN_KEEP;
    }
    return HYPHEN_JOIN;
}

/* Whether what starts at u[i] may follow a punctuation mark that a space
 * before it should not be kept from: the end of the content, a space, a
 * closing bracket or quote, more punctuation. */
static bool closing_follows(const unsigned char *u, size_t i, size_t ce)
{
    if (i >= ce || is_hws(u[i]))
        return true;
    if (u[i] && strchr(")]}\"'.,;:!?", u[i]))
        return true;
    if (i + 3 <= ce && u[i] == 0xE2 && u[i + 1] == 0x80 &&
        (u[i + 2] == 0x99 || u[i + 2] == 0x9D))
        return true; /* ’ ” */
    return i + 2 <= ce && u[i] == 0xC2 && u[i + 1] == 0xBB; /* » */
}

/* Length of the double quote at s[i] ('"', “ or ”), or 0. */
static size_t dquote_len(const unsigned char *u, size_t i, size_t ce)
{
    if (u[i] == '"')
        return 1;
    if (i + 3 <= ce && u[i] == 0xE2 && u[i + 1] == 0x80 &&
        (u[i + 2] == 0x9C || u[i + 2] == 0x9D))
        return 3;
    return 0;
}

/* Whether only blank lines (or nothing) follow the line ending at le. */
static bool paragraph_ends(const char *s, size_t len, size_t le)
{
    if (le >= len)
        return true;
    size_t i = le + 1;
    while (i < len && is_hws((unsigned char)s[i]))
        i++;
    return i >= len || s[i] == '\n';
}

/* Whether the dot at u[k] belongs to a spaced ellipsis: three or more dots
 * with spaces between them (". . ."). */
static bool in_spaced_dots(const unsigned char *u, size_t cs, size_t ce,
                           size_t k)
{
    int dots = 1;
    for (size_t i = k; dots < 3;) { /* leftwards */
        size_t j = i;
        while (j > cs && is_hws(u[j - 1]))
            j--;
        if (j == cs || u[j - 1] != '.')
            break;
        dots++;
        i = j - 1;
    }
    for (size_t i = k; dots < 3;) { /* rightwards */
        size_t j = i + 1;
        while (j < ce && is_hws(u[j]))
            j++;
        if (j >= ce || u[j] != '.')
            break;
        dots++;
        i = j;
    }
    return dots >= 3;
}

enum { RUN_SPACE, RUN_REMOVE, RUN_REMOVE_DOT, RUN_ATTACH_QUOTE };

/* Whether u[cs..a) ends like the start of a character reference: "&amp",
 * "&#38". */
static bool ends_like_entity(const unsigned char *u, size_t cs, size_t a)
{
    size_t i = a;
    while (i > cs && a - i <= 32 &&
           (is_ascii_letter(u[i - 1]) || (u[i - 1] >= '0' && u[i - 1] <= '9') ||
            u[i - 1] == '#'))
        i--;
    return i < a && i > cs && u[i - 1] == '&';
}

/* What the spaces u[a..b) between u[a - 1] and u[b] become: one space,
 * nothing (before "," or ")", after "("), nothing with the '.' at u[b] (a
 * doubled sentence end ". ."), or nothing with the quote at u[b] turned
 * into a closing one (a quote left alone at the end of a paragraph). cs and
 * ce bound the text around them, le is the end of u[b]'s line. */
static int run_rule(const cl_config *c, const unsigned char *u, size_t len,
                    size_t cs, size_t a, size_t b, size_t ce, size_t le)
{
    unsigned char prev = u[a - 1], next = u[b];
    if (c->sentence_ends && next == '.' &&
        (prev == '.' || prev == '!' || prev == '?') &&
        !(a - 1 > cs && u[a - 2] == '.') && !in_spaced_dots(u, cs, ce, b) &&
        closing_follows(u, b + 1, ce))
        return RUN_REMOVE_DOT;
    if (!c->punctuation_spacing)
        return RUN_SPACE;
    if (next == ';' && ends_like_entity(u, cs, a))
        return RUN_SPACE; /* "&amp ;" would become an entity */
    if (strchr(",.;:!?", next) && next && closing_follows(u, b + 1, ce) &&
        !(next == '.' && in_spaced_dots(u, cs, ce, b)) &&
        !((next == ':' || next == ';') && b + 1 < ce &&
          (u[b + 1] == ')' || u[b + 1] == '(')))
        return RUN_REMOVE; /* (but a smiley, " :)", keeps its space) */
    if (strchr(")]}", next) && next)
        return RUN_REMOVE;
    if (strchr("([{", prev) && prev &&
        !(prev == '(' && a - 1 > cs && (u[a - 2] == ':' || u[a - 2] == ';')))
        return RUN_REMOVE;
    /* (After ASCII only: "Ã" with the quote would read as mojibake.) */
    size_t q = dquote_len(u, b, ce);
    if (q && b + q == ce && prev < 0x80 &&
        paragraph_ends((const char *)u, len, le))
        return RUN_ATTACH_QUOTE;
    return RUN_SPACE;
}

/* Writes RUN_ATTACH_QUOTE for the spaces u[a..b). */
static bool attach_quote(cl_edit *e, const unsigned char *u, size_t a,
                         size_t b)
{
    if (!cl_edit_replace(e, a, b, "", 0))
        return false;
    if (u[b] == 0xE2 && u[b + 2] == 0x9C) /* “ -> ” */
        return cl_edit_replace(e, b, b + 3, "\xE2\x80\x9D", 3);
    return true;
}

/* Whether the line s[cs..ce) starts like a list item: "- x", "* x", "• x",
 * "– x", "1. x", "2) x", "a) x", "IV. x". Unwrapping keeps such lines
 * (the line ends at le). */
static bool is_list_item(const cl_config *c, const char *s, size_t len,
                         size_t cs, size_t ce, size_t le)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = cs;
    if (u[i] == '-' || u[i] == '*' || u[i] == '+' || u[i] == '>')
        i++;
    else if (ce - cs >= 3 && u[i] == 0xE2 && u[i + 1] == 0x80 &&
             (u[i + 2] == 0xA2 || u[i + 2] == 0x93 || u[i + 2] == 0x94))
        i += 3; /* bullet, en dash, em dash */
    else {
        size_t d = i;
        while (i < ce && i - d < 4 && u[i] >= '0' && u[i] <= '9')
            i++;
        if (i == d)
            while (i < ce && i - d < 6 && strchr("IVXLC", u[i]) && u[i])
                i++;
        if (i == d && i < ce && u[i] >= 'a' && u[i] <= 'z')
            i++;
        if (i == d || i >= ce || (u[i] != '.' && u[i] != ')'))
            return false;
        i++;
    }
    if (i >= ce || !is_hws(u[i]))
        return false;
    /* The space after the marker must stay ("- ." is no item). */
    size_t j = i;
    while (j < ce && is_hws(u[j]))
        j++;
    return run_rule(c, u, len, cs, i, j, ce, le) == RUN_SPACE;
}

typedef struct layout {
    const cl_config *c;
    const char *s;
    const unsigned char *u;
    size_t len;
    cl_edit *e;
    bool newline_at_first_run; /* after a joined hyphenated word */
} layout;

/* Cleans the runs of spaces inside the content s[cs..ce) of the line that
 * ends at le. */
static bool line_content(layout *L, size_t cs, size_t ce, size_t le)
{
    const cl_config *c = L->c;
    const unsigned char *u = L->u;
    size_t i = cs;
    for (;;) {
        /* (After a joined hyphenated word, the first run is no usual
         * one.) */
        i = L->newline_at_first_run ? next_low_byte(u, i, ce)
                                    : next_run(u, i, ce, L->len);
        if (i >= ce)
            return true;
        if (!is_hws(u[i])) {
            i++;
            continue;
        }
        size_t a = i, b = i + 1;
        while (b < ce && is_hws(u[b]))
            b++;
        i = b;
        /* The usual case: one space between words. */
        if (b == a + 1 && u[a] == ' ' && !L->newline_at_first_run &&
            !((byte_class[u[a - 1]] & B_OPEN) | (byte_class[u[b]] & B_NEXT)))
            continue;
        const char *repl = " ";
        size_t end = b;
        int rule = run_rule(c, u, L->len, cs, a, b, ce, le);
        if (L->newline_at_first_run) {
            L->newline_at_first_run = false;
            repl = "\n";
        } else if (rule == RUN_REMOVE_DOT) {
            repl = ""; /* ". ." -> "." */
            end = b + 1;
            i = b + 1;
        } else if (rule == RUN_REMOVE) {
            repl = "";
        } else if (rule == RUN_ATTACH_QUOTE) {
            return attach_quote(L->e, u, a, b);
        } else if (!c->whitespace) {
            continue;
        }
        if (!cl_edit_replace(L->e, a, end, repl, strlen(repl)))
            return false;
    }
}

bool cl_pass_layout(const cl_config *c, const char *s, size_t len, cl_edit *e)
{
    layout L = {c, s, (const unsigned char *)s, len, e, false};
    const unsigned char *u = L.u;
    bool have_prev = false, blank = false;
    size_t pcs = 0, pce = 0; /* content of the previous content line */
    for (size_t ls = 0; ls <= len;) {
        const char *nl = memchr(s + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - s) : len;
        size_t cs = ls, ce = le;
        while (cs < le && is_hws(u[cs]))
            cs++;
        while (ce > cs && is_hws(u[ce - 1]))
            ce--;
        if (cs == ce) {
            blank = have_prev;
            if (le >= len)
                break;
            ls = le + 1;
            continue;
        }
        /* The separator before this line. */
        bool ok = true;
        if (!have_prev) {
            if (c->whitespace)
                ok = cl_edit_replace(e, 0, cs, "", 0);
        } else if (blank) {
            if (c->whitespace)
                ok = cl_edit_replace(e, pce, cs, "\n\n", 2);
        } else {
            int h = c->join_hyphenated || c->unwrap_lines
                        ? hyphenation(c, s, pcs, pce, cs, ce)
                        : HYPHEN_NONE;
            if (h == HYPHEN_JOIN && !c->join_hyphenated)
                h = HYPHEN_KEEP; /* unwrapping alone: "infra-structure" */
            if (h == HYPHEN_JOIN) {
                ok = cl_edit_replace(e, pce - 1, cs, "", 0);
                L.newline_at_first_run = !c->unwrap_lines;
            } else if (h == HYPHEN_KEEP && c->unwrap_lines) {
                ok = cl_edit_replace(e, pce, cs, "", 0);
            } else if (c->unwrap_lines && !is_list_item(c, s, len, cs, ce, le)) {
                /* The line break is a space: the same rules apply. */
                int rule = run_rule(c, u, len, pcs, pce, cs, ce, le);
                ok = rule == RUN_REMOVE_DOT ? cl_edit_replace(e, pce, cs + 1, "", 0)
                     : rule == RUN_REMOVE   ? cl_edit_replace(e, pce, cs, "", 0)
                     : rule == RUN_ATTACH_QUOTE ? attach_quote(e, u, pce, cs)
                                            : cl_edit_replace(e, pce, cs, " ", 1);
            } else if (c->whitespace && cs != pce + 1) {
                /* (A lone "\n" between the lines is one already.) */
                ok = cl_edit_replace(e, pce, cs, "\n", 1);
            }
        }
        if (!ok || !line_content(&L, cs, ce, le))
            return false;
        L.newline_at_first_run = false;
        have_prev = true;
        blank = false;
        pcs = cs;
        pce = ce;
        if (le >= len)
            break;
        ls = le + 1;
    }
    if (!c->whitespace)
        return true;
    if (!have_prev)
        return cl_edit_replace(e, 0, len, "", 0);
    return cl_edit_replace(e, pce, len, "", 0);
}
