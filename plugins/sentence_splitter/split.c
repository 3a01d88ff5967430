/*
 * split.c - finding sentence boundaries in one forward pass (see split.h).
 *
 * The main loop skips, with strcspn, every byte that cannot matter, and
 * stops at candidate terminators ('.', '!', '?', and the multi-byte ones),
 * line breaks, ')' (list items "1)") and bullets. Each stop looks at a
 * window of bounded size around it, and the loop never goes back, so the
 * whole pass is linear in the text whatever its shape.
 *
 * The decision at a terminator depends on:
 *   - the punctuation run: "?!" and "!!!" always end a sentence before a
 *     non-lowercase word; "..." depends on its spacing (see on_terminal);
 *   - closing quotes and brackets after it, which belong to the sentence;
 *   - the word before: an abbreviation (from the language's list), a dotted
 *     acronym ("U.S."), an initial ("J."), a number, a list marker ("2.");
 *   - the word after: lowercase never starts a sentence; a capitalized word
 *     ends the sentence after an ordinary word, and after an ambiguous
 *     abbreviation only when it is a common sentence starter ("He", "The").
 */
#include <stdint.h>
#include <string.h>

#include "chars.h"
#include "lists.h"
#include "split.h"

/* How far the splitter looks back for the word before a terminator, and
 * forward for the word after it; longer words are never abbreviations. */
#define WORD_WINDOW 64
/* Line lengths (in characters) are counted up to this cap. */
#define LINE_CAP 200

/* Bytes the main loop stops at. 0xE2, 0xE3 and 0xEF lead the multi-byte
 * terminators, bullets and line separators. */
static const char stop_set[] = ".!?\n\r)\xE2\xE3\xEF";

/* The state of one split: on the stack of ss_split. */
typedef struct splitter {
    const ss_rules *rules;
    const char *t;
    size_t len;
    size_t start;     /* where the current sentence begins (untrimmed) */
    size_t s0;        /* its first content byte, once s0_ok */
    bool s0_ok;
    int list_kind;    /* 0: no list; 'n', 'a', 'r': see marker_of */
    int list_style;   /* '.', ')' or 'p' for ".)" */
    long list_next;   /* the value the next item would have */
    size_t line_start; /* where the current line begins */
    bool pending;     /* a sentence found but not emitted yet (see cut) */
    size_t pend_start, pend_end;
    ss_emit_fn emit;
    void *ctx;
    int rc;           /* the emitter's first non-zero return */
} splitter;

/* ---- sentences ------------------------------------------------------------ */

/* Does [s, e) hold a letter or a digit? */
static bool has_word_char(const char *t, size_t s, size_t e)
{
    int n;
    for (size_t i = s; i < e; i += (size_t)n) {
        int c = cclass(cp_at(t, i, e, &n));
        if (c != C_OTHER && c != C_MARK)
            return true;
    }
    return false;
}

static bool has_line_break(const char *t, size_t s, size_t e)
{
    int n;
    for (size_t i = s; i < e; i += (size_t)n)
        if (is_line_break(cp_at(t, i, e, &n)))
            return true;
    return false;
}

static void flush(splitter *sp)
{
    if (sp->pending && sp->rc == 0)
        sp->rc = sp->emit(sp->ctx, sp->pend_start, sp->pend_end);
    sp->pending = false;
}

/* Ends the current sentence at b: [start, b) trimmed, if anything is left,
 * becomes the pending sentence, and the next sentence starts at b. A piece
 * without a letter or digit on the same line as the pending sentence (a
 * stray closing quote, a lone dash) joins it instead of standing alone. */
static void cut(splitter *sp, size_t b)
{
    const char *t = sp->t;
    size_t s = sp->start, e = b;
    int n;
    while (s < e && (n = space_at(t, s, e)) > 0)
        s += n;
    while (e > s && (n = space_before(t, e)) > 0)
        e -= n;
    if (e > s) {
        if (sp->pending && !has_word_char(t, s, e) &&
            !has_line_break(t, sp->pend_end, s)) {
            sp->pend_end = e;
        } else {
            flush(sp);
            sp->pending = true;
            sp->pend_start = s;
            sp->pend_end = e;
        }
    }
    sp->start = b;
    sp->s0_ok = false;
}

/* The first content byte of the current sentence, after white space and a
 * leading bullet. */
static size_t sentence_s0(splitter *sp)
{
    if (sp->s0_ok)
        return sp->s0;
    const char *t = sp->t;
    size_t i = sp->start;
    int n;
    for (;;) {
        while (i < sp->len && (n = space_at(t, i, sp->len)) > 0)
            i += n;
        if (i >= sp->len)
            break;
        int32_t cp = cp_at(t, i, sp->len, &n);
        if (!is_bullet(cp))
            break;
        i += n;
    }
    sp->s0 = i;
    sp->s0_ok = true;
    return i;
}

/* Is there nothing but white space (and bullets) between the sentence
 * start and i? */
static bool sentence_empty_before(splitter *sp, size_t i)
{
    return sentence_s0(sp) >= i;
}

/* ---- words ---------------------------------------------------------------- */

enum { W_EMPTY, W_WORD, W_NUMBER, W_LETTER, W_ACRONYM, W_ROMAN, W_LONG };

typedef struct word {
    size_t start, end;  /* bytes [start, end) */
    int kind;           /* W_* */
    bool alpha;         /* only letters, marks, apostrophes and hyphens */
    int letters;        /* number of letters */
    int first_class;    /* C_* of its first letter, for W_LETTER */
    long value;         /* list value of a number (< 1000) or letter, or -1 */
} word;

/* Characters that stop the backward scan for the word before a period
 * (white space stops it too): the ASCII ones, and stops_word. */
static const unsigned char ascii_stops_word[128] = {
    ['('] = 1, ['['] = 1, ['{'] = 1, ['"'] = 1,
};
static bool stops_word(int32_t cp)
{
    if (cp < 0x80)
        return ascii_stops_word[cp];
    return cp == 0x201C || cp == 0x201E || cp == 0x2018 || cp == 0x00AB ||
           cp == 0x00BB || cp == 0xBF || cp == 0xA1 || is_bullet(cp);
}

static bool is_roman(const char *s, size_t n)
{
    if (n == 0 || n > 7)
        return false;
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case 'I': case 'V': case 'X': case 'L': case 'C': case 'D': case 'M':
            break;
        default:
            return false;
        }
    }
    return true;
}

/* Reads and classifies the word that ends at end (just before a period or
 * a ')'). */
static word word_before(const char *t, size_t end)
{
    word w = {end, end, W_EMPTY, false, 0, C_OTHER, -1};
    size_t s = end;
    while (s > 0 && end - s <= WORD_WINDOW) {
        unsigned char b = (unsigned char)t[s - 1];
        if (b < 0x80) { /* most words are ASCII */
            if (ascii_space[b] | ascii_stops_word[b])
                break;
            s--;
            continue;
        }
        size_t j = char_before(t, s);
        int n;
        int32_t cp = cp_at(t, j, s, &n);
        if (space_at(t, j, s) || stops_word(cp))
            break;
        s = j;
    }
    if (s == end)
        return w;
    if (end - s > WORD_WINDOW) {
        w.kind = W_LONG;
        w.start = s;
        return w;
    }
    /* An opening single quote is not part of the word ('Mr.). */
    int n;
    int32_t cp = cp_at(t, s, end, &n);
    if ((cp == '\'' || cp == 0x2019) && s + (size_t)n < end)
        s += (size_t)n;
    w.start = s;

    int digits = 0, others = 0, dots = 0, seg = 0, maxseg = 0, count = 0;
    bool dot_last = false;
    w.alpha = true;
    for (size_t i = s; i < end; i += (size_t)n) {
        cp = cp_at(t, i, end, &n);
        int c = cclass(cp);
        count++;
        if (is_letter_class(c)) {
            if (w.letters == 0)
                w.first_class = c;
            w.letters++;
            seg++;
            if (seg > maxseg)
                maxseg = seg;
            dot_last = false;
        } else if (c == C_MARK) {
            /* combining marks belong to their letter */
        } else if (c == C_DIGIT) {
            digits++;
            w.alpha = false;
            dot_last = false;
        } else if (cp == '.') {
            dots++;
            seg = 0;
            w.alpha = false;
            dot_last = true;
        } else if (cp == '\'' || cp == 0x2019 || cp == '-') {
            dot_last = false;
        } else {
            others++;
            w.alpha = false;
            dot_last = false;
        }
    }
    size_t n_bytes = end - s;
    if (digits > 0 && w.letters == 0) {
        w.kind = W_NUMBER;
        if (others == 0 && dots == 0 && digits <= 3) {
            w.value = 0; /* the digits only: hyphens and apostrophes may sit among them */
            for (size_t i = s; i < end; i++)
                if (t[i] >= '0' && t[i] <= '9')
                    w.value = w.value * 10 + (t[i] - '0');
        } else if (others == 0 && dots > 0 && !dot_last && digits <= 6) {
            w.value = 0; /* a section number "1.2": a marker, no value */
        }
    } else if (w.letters == 1 && count == 1) {
        w.kind = W_LETTER;
        if (cp >= 'a' && cp <= 'z')
            w.value = cp - 'a' + 1;
        else if (cp >= 'A' && cp <= 'Z')
            w.value = cp - 'A' + 1;
    } else if (dots > 0 && !dot_last && digits == 0 && others == 0 &&
               maxseg <= 2) {
        w.kind = W_ACRONYM;
    } else if (is_roman(t + s, n_bytes)) {
        w.kind = W_ROMAN;
        w.alpha = true;
    } else {
        w.kind = W_WORD;
    }
    return w;
}

/* The next word from i: letters, and apostrophes between letters. Copies at
 * most cap bytes to buf, with U+2019 written as "'"; returns the byte count
 * of the copy, or 0 when there is no word or it is too long. *prefix gets
 * the length of the part before the first apostrophe. */
static size_t word_after(const char *t, size_t i, size_t len, char *buf,
                         size_t cap, size_t *prefix)
{
    size_t o = 0;
    *prefix = 0;
    while (i < len) {
        int n;
        int32_t cp = cp_at(t, i, len, &n);
        int c = cclass(cp);
        if (is_letter_class(c) || c == C_MARK) {
            if (o + (size_t)n > cap)
                return 0;
            memcpy(buf + o, t + i, (size_t)n);
            o += (size_t)n;
            i += (size_t)n;
            continue;
        }
        if ((cp == '\'' || cp == 0x2019) && o > 0 && i + (size_t)n < len) {
            int m;
            if (is_letter_class(cclass(cp_at(t, i + (size_t)n, len, &m)))) {
                if (*prefix == 0)
                    *prefix = o;
                if (o + 1 > cap)
                    return 0;
                buf[o++] = '\'';
                i += (size_t)n;
                continue;
            }
        }
        break;
    }
    if (*prefix == 0)
        *prefix = o;
    return o;
}

/* Could the quotation that closes at end take a speech tag after it? Not
 * when the sentence introduced it itself ('He asked me, "Why?" I said
 * no.'): that is, when a quote opens after some words of the sentence. A
 * sentence that starts with the quote, or is the end of a quotation opened
 * in an earlier sentence, may. Looks at most 400 bytes into the sentence. */
static bool quote_takes_tag(splitter *sp, size_t end)
{
    const char *t = sp->t;
    size_t s0 = sentence_s0(sp);
    int n;
    if (s0 >= end || is_quote(cp_at(t, s0, end, &n)))
        return true;
    size_t limit = end - s0 > 400 ? s0 + 400 : end;
    for (size_t i = s0; i < limit; i += (size_t)n) {
        int32_t cp = cp_at(t, i, limit, &n);
        if (is_quote(cp) && cp != 0x2019 && cp != '\'' && space_before(t, i))
            return false;
    }
    return true;
}

/* Is the period at p, glued to the next word, a missing space
 * ("the end.Then it")? Both sides must be plain words: a lowercase word of
 * letters before, a capitalized word of letters after, with no other
 * period, slash or '@' around (not "java.util.List", "Node.Js.org"). */
static bool missing_space(const char *t, size_t p, size_t len)
{
    /* the cheap tests first: this runs at every glued period ("3.14") */
    int n, m;
    size_t i = p + 1;
    if (p == 0 || i >= len || cclass(cp_at(t, i, len, &n)) != C_UPPER ||
        cclass(cp_at(t, char_before(t, p), p, &m)) != C_LOWER)
        return false;
    word w = word_before(t, p);
    if (w.kind != W_WORD || !w.alpha || w.letters < 2)
        return false;
    i += (size_t)n;
    int lowers = 0;
    while (i < len && !space_at(t, i, len)) {
        int32_t cp = cp_at(t, i, len, &n);
        int c = cclass(cp);
        if (c == C_LOWER)
            lowers++;
        else if (cp == '.' || cp == '/' || cp == '@' || c == C_UPPER ||
                 c == C_DIGIT || cp == '_')
            return false;
        i += (size_t)n;
        if (!is_letter_class(c) && c != C_MARK)
            break; /* punctuation after the word: ',', '!' */
    }
    return lowers >= 1;
}

/* After a quotation closed by ?, ! or a period, is the next word the
 * subject of a speech tag ('"Why?" I asked.', '"Stop!" Holmes cried.')?
 * The word at at must be "I" or a name (not a common sentence starter),
 * followed by a verb of the language's speech list. */
static bool speech_tag_follows(const splitter *sp, size_t at)
{
    const ss_wordset *verbs = &sp->rules->speech_verbs;
    if (verbs->count == 0)
        return false;
    const char *t = sp->t;
    size_t len = sp->len;
    char buf[WORD_WINDOW];
    size_t prefix;
    size_t n = word_after(t, at, len, buf, sizeof(buf), &prefix);
    if (n == 0 || n != prefix)
        return false;
    if (!(n == 1 && buf[0] == 'I') &&
        ss_wordset_get(&sp->rules->starters, buf, n))
        return false;
    size_t i = at + n;
    int m;
    if (i >= len || !hspace_at(t, i, len))
        return false;
    while (i < len && (m = hspace_at(t, i, len)) > 0)
        i += (size_t)m;
    n = word_after(t, i, len, buf, sizeof(buf), &prefix);
    return n > 0 && ss_wordset_get(verbs, buf, n);
}

/* The starter value (SS_STARTER_*) of the word at at, or 0. */
static int starter_at(const splitter *sp, size_t at)
{
    char buf[WORD_WINDOW];
    size_t prefix;
    size_t n = word_after(sp->t, at, sp->len, buf, sizeof(buf), &prefix);
    if (n == 0)
        return 0;
    /* "It's" is looked up whole, then as "It'" (French "L'"), then "It" */
    const ss_wordset *set = &sp->rules->starters;
    int v = ss_wordset_get(set, buf, n);
    if (v == 0 && prefix < n) {
        v = ss_wordset_get(set, buf, prefix + 1);
        if (v == 0)
            v = ss_wordset_get(set, buf, prefix);
    }
    return v;
}

static bool is_starter(const splitter *sp, size_t at)
{
    return starter_at(sp, at) != 0;
}

/* Is the word ending before i (skipping white space) lowercase? */
static bool prev_word_lower(const char *t, size_t i)
{
    int n;
    while (i > 0 && (n = space_before(t, i)) > 0)
        i -= (size_t)n;
    size_t s = i;
    while (s > 0 && i - s < WORD_WINDOW && !space_before(t, s))
        s = char_before(t, s);
    for (size_t k = s; k < i; k += (size_t)n) {
        int c = cclass(cp_at(t, k, i, &n));
        if (is_letter_class(c))
            return c == C_LOWER;
    }
    return false;
}

/* Number of words between from and to, counting up to cap. */
static int count_words(const char *t, size_t from, size_t to, int cap)
{
    int words = 0;
    bool in_word = false;
    for (size_t i = from; i < to && words < cap; i++) {
        bool sp = space_at(t, i, to) != 0;
        if (!sp && !in_word)
            words++;
        in_word = !sp;
    }
    return words;
}

/* Is there a single-letter initial ("R.") at i? */
static bool initial_at(const char *t, size_t i, size_t len)
{
    int n;
    int32_t cp = cp_at(t, i, len, &n);
    if (cclass(cp) != C_UPPER)
        return false;
    i += (size_t)n;
    return i < len && t[i] == '.';
}

/* ---- lists ---------------------------------------------------------------- */

/* Value (1..39) of a lowercase roman numeral "i" .. "xxxix", or 0. */
static long roman_value(const char *s, size_t n)
{
    static const char *const tens[] = {"", "x", "xx", "xxx"};
    static const char *const units[] = {"", "i", "ii", "iii", "iv", "v",
                                        "vi", "vii", "viii", "ix"};
    if (n == 0 || n > 7)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != 'i' && s[i] != 'v' && s[i] != 'x')
            return 0;
    for (long v = 1; v < 40; v++) {
        const char *a = tens[v / 10], *b = units[v % 10];
        size_t la = strlen(a);
        if (la + strlen(b) == n && memcmp(s, a, la) == 0 &&
            memcmp(s + la, b, n - la) == 0)
            return v;
    }
    return 0;
}

/* The list a marker word belongs to: 'n' numbers, 'a' lowercase letters,
 * 'r' lowercase roman numerals, 'A' capital letters; and its value. "i",
 * "v" and "x" are roman numerals or letters depending on the current list. */
static bool marker_of(const splitter *sp, const word *w, int *kind,
                      long *value)
{
    const char *s = sp->t + w->start;
    size_t n = w->end - w->start;
    if (w->kind == W_NUMBER && w->value >= 0) {
        *kind = 'n';
        *value = w->value;
        return true;
    }
    if (w->kind == W_LETTER && w->value > 0 && w->first_class == C_LOWER) {
        long r = roman_value(s, n);
        bool letters_at_i = sp->list_kind == 'a' && sp->list_next == 9;
        if ((r > 0 && sp->list_kind == 'r' && r == sp->list_next) ||
            (r == 1 && !letters_at_i)) {
            *kind = 'r';
            *value = r;
        } else {
            *kind = 'a';
            *value = w->value;
        }
        return true;
    }
    if (w->kind == W_LETTER && w->value > 0) {
        *kind = 'A';
        *value = w->value;
        return true;
    }
    if (w->kind == W_WORD && w->alpha && (*value = roman_value(s, n)) > 0) {
        *kind = 'r';
        return true;
    }
    return false;
}

/* Handles a possible list marker w followed by style ('.', ')', 'p'), the
 * item beginning at item (w's start, or its '(' for "(a)"). Returns true
 * when w is one: at the start of a sentence it opens (or goes
 * on with) a list; inside a sentence, when it is the next item of the
 * current list, the sentence ends before it. */
static bool list_marker(splitter *sp, const word *w, int style, size_t item)
{
    int kind = 0;
    long value = 0;
    bool at_start = item == sentence_s0(sp);
    if (!at_start && sp->list_kind == 0)
        return false; /* no list to go on with */
    bool chapter = style == '.' && w->kind == W_ROMAN;
    if (!marker_of(sp, w, &kind, &value) && !chapter)
        return false;
    if (at_start) {
        /* "A. Smith" is an initial, "IV." a chapter, "2.3." a section:
         * none opens a list whose next item could be cut out of a
         * sentence */
        if (chapter || value == 0 || kind == 'A') {
            sp->list_kind = 0;
        } else {
            sp->list_kind = kind;
            sp->list_style = style;
            sp->list_next = value + 1;
        }
        return true;
    }
    if (chapter || kind == 'A' || sp->list_kind != kind ||
        sp->list_style != style || value != sp->list_next)
        return false;
    /* the item must stand after white space, not inside a word */
    if (item == 0 || !space_before(sp->t, item))
        return false;
    cut(sp, item);
    sp->list_next = value + 1;
    return true;
}

/* ---- terminators ---------------------------------------------------------- */

/* Length of a reference mark "[12]", "[a]", "[note 3]" at t[i] (a '[')
 * followed by white space, the end or another mark; 0 if there is none. */
static int citation_len(const char *t, size_t i, size_t len)
{
    size_t j = i + 1;
    while (j < len && j - i <= 16 && t[j] != ']') {
        unsigned char c = (unsigned char)t[j];
        if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') &&
            !(c >= 'A' && c <= 'Z') && c != ' ' && c != ',' && c != '-')
            return 0;
        j++;
    }
    if (j >= len || t[j] != ']' || j == i + 1)
        return 0;
    j++;
    if (j < len && !space_at(t, j, len) && t[j] != '[')
        return 0;
    return (int)(j - i);
}

/* How the sentence would go on after a terminator. */
enum { N_END, N_LOWER, N_UPPER, N_DIGIT, N_OTHER };

/* Decides an ordinary period after word w (no closing quote, no ellipsis),
 * with the next word starting at at, of class next. */
static bool period_ends(splitter *sp, const word *w, int next, size_t at,
                        bool quoted)
{
    const char *t = sp->t;
    uint8_t abbr = 0;
    if (w->kind != W_EMPTY && w->kind != W_LONG) {
        abbr = ss_wordset_get(&sp->rules->abbrevs, t + w->start,
                              w->end - w->start);
        /* "Hosmer--Mr." and "and/or Dr.": look the last part up */
        size_t k = w->end;
        while (abbr == 0 && k > w->start + 1) {
            char c = t[k - 1];
            if (c == '-' || c == '/' || c == '=' || c == '_') {
                abbr = ss_wordset_get(&sp->rules->abbrevs, t + k,
                                      w->end - k);
                break;
            }
            k--;
        }
    }
    switch (abbr) {
    case SS_ABBR_PREFIX:
        return false;
    case SS_ABBR_TITLE:
        /* a title is followed by a name, never by "The" or "He" */
        return next == N_UPPER && starter_at(sp, at) == SS_STARTER_STRONG;
    case SS_ABBR_GENERAL:
        return next == N_UPPER && (quoted || is_starter(sp, at));
    case SS_ABBR_FINAL:
        return next == N_UPPER;
    case SS_ABBR_TIME:
        if (next != N_UPPER)
            return false;
        /* "At 5 a.m. Mr. Smith left": a fronted time does not end it */
        return is_starter(sp, at) ||
               count_words(t, sentence_s0(sp), w->start, 3) > 2;
    case SS_ABBR_NUMBER:
        if (next == N_DIGIT)
            return false;
        break; /* an ordinary word elsewhere ("No. It is not.") */
    default:
        break;
    }
    if (abbr == SS_ABBR_NONE) {
        switch (w->kind) {
        case W_ACRONYM: /* "U.S. He left" but "U.S. Army" */
            return next == N_UPPER && (quoted || is_starter(sp, at));
        case W_LETTER:
            if (w->first_class == C_UPPER) {
                if (next != N_UPPER || initial_at(t, at, sp->len))
                    return false;
                if (is_starter(sp, at))
                    return true;
                /* "you and I. Albert" but "Albert I. Jones" */
                return t[w->start] == 'I' && prev_word_lower(t, w->start);
            }
            return next == N_UPPER || next == N_OTHER;
        case W_NUMBER:
            if (sp->rules->ordinal_dot && next == N_UPPER)
                return is_starter(sp, at) || quoted;
            return next == N_UPPER || next == N_OTHER;
        default:
            break;
        }
    }
    /* an ordinary word */
    if (next == N_DIGIT)
        return w->alpha && w->letters >= 2;
    return next == N_UPPER || next == N_OTHER;
}

/* Handles the terminator at p; returns where the main loop goes on. */
static size_t on_terminal(splitter *sp, size_t p)
{
    const char *t = sp->t;
    size_t len = sp->len;
    int n;

    /* 1. The run of terminal punctuation: "?!", "...", ". . .", "…". */
    int periods = 0, strong = 0;
    bool spaced = false, cjk = false;
    size_t q = p;
    while (q < len) {
        int32_t cp = cp_at(t, q, len, &n);
        if (cp == '.') {
            periods++;
        } else if (cp == 0x2026) {
            periods += 3;
        } else if (is_strong_terminal(cp)) {
            strong++;
        } else if (cp == 0x3002 || cp == 0xFF61) {
            periods++;
        } else if (cp == ' ' && periods > 0 && q + 1 < len && t[q + 1] == '.' &&
                   (q + 2 >= len || t[q + 2] == ' ' || t[q + 2] == '.' ||
                    (unsigned char)t[q + 2] >= 0x80 || t[q + 2] == '"' ||
                    t[q + 2] == '\'' || t[q + 2] == '\n')) {
            spaced = true; /* ". . ." */
        } else {
            break;
        }
        if (is_cjk_terminal(cp))
            cjk = true;
        q += (size_t)n;
    }
    size_t run_end = q;

    /* An elision in brackets, "[...]", ends nothing. */
    if (p > 0 && (t[p - 1] == '[' || t[p - 1] == '(') && run_end < len &&
        (t[run_end] == ']' || t[run_end] == ')'))
        return run_end + 1;

    bool single = strong == 0 && periods == 1;
    bool ellipsis = strong == 0 && periods >= 3;
    word w = {p, p, W_EMPTY, false, 0, C_OTHER, -1};
    bool have_word = false;

    /* 2. List markers: "1. ", "a. ", "1.) ". */
    if (single && run_end < len &&
        (space_at(t, run_end, len) || t[run_end] == ')')) {
        int style = '.';
        size_t after = run_end;
        if (t[run_end] == ')') {
            style = 'p';
            after++;
        }
        if (after >= len || space_at(t, after, len)) {
            w = word_before(t, p);
            have_word = true;
            if (w.start < p && list_marker(sp, &w, style, w.start))
                return after;
        }
    }

    /* 3. Closing quotes and brackets, and punctuation after them
     * ('."', '?")', '!".'). A quote closes only when followed by a space, the
     * end or more closing punctuation: otherwise it opens the next
     * sentence. */
    bool closed = false, closed_by_quote = false;
    while (q < len) {
        int32_t cp = cp_at(t, q, len, &n);
        if (is_close_bracket(cp)) {
            closed = true;
            closed_by_quote = false;
        } else if (is_quote(cp)) {
            size_t r = q + (size_t)n;
            if (r < len) {
                int m;
                int32_t nx = cp_at(t, r, len, &m);
                if (!space_at(t, r, len) && !is_quote(nx) &&
                    !is_close_bracket(nx) && !is_terminal(nx))
                    break;
            }
            closed = closed_by_quote = true;
        } else if (is_terminal(cp)) {
            if (is_strong_terminal(cp))
                strong++;
        } else if (cp == '[' && (n = citation_len(t, q, len)) > 0) {
            /* a reference mark glued to the sentence: "shown.[12] Next" */
        } else if (hspace_at(t, q, len) && q + (size_t)n < len) {
            /* a quote standing alone after a space closes: French spacing
             * "demain. »", or stray typing ". “"; emoji after the end
             * belong to the sentence: "Thanks! 🙂 See you" */
            int m;
            size_t r = q + (size_t)n;
            int32_t nx = cp_at(t, r, len, &m);
            if (is_emoji(nx)) {
                size_t e = r;
                while (e < len && is_emoji(cp_at(t, e, len, &m)))
                    e += (size_t)m;
                if (e < len && !space_at(t, e, len))
                    break;
                n = (int)(e - q);
            } else {
                if (!is_quote(nx) ||
                    (r + (size_t)m < len && !space_at(t, r + (size_t)m, len)))
                    break;
                closed = closed_by_quote = true;
                n += m;
            }
        } else {
            break;
        }
        q += (size_t)n;
    }
    size_t end = q;
    if (end >= len)
        return end;
    if (cjk) {
        cut(sp, end);
        return end;
    }

    /* 4. The next word. A terminator glued to what follows ("3.14",
     * "example.com", "Yahoo!Inc") ends nothing, unless an opening quote
     * follows it ('He left."We'). */
    bool glued = !space_at(t, end, len);
    if (glued && single && end == run_end && missing_space(t, p, len)) {
        cut(sp, end);
        return end;
    }
    if (glued && !is_quote(cp_at(t, end, len, &n)))
        return end;
    size_t at = end;
    while (at < len && (n = space_at(t, at, len)) > 0)
        at += (size_t)n;
    if (at >= len)
        return at;
    bool quoted = false;
    int next = N_OTHER;
    while (at < len) {
        int32_t cp = cp_at(t, at, len, &n);
        if (is_opener(cp)) {
            if (is_quote(cp) || cp == 0xBF || cp == 0xA1)
                quoted = true;
            at += (size_t)n;
            continue;
        }
        switch (cclass(cp)) {
        case C_LOWER: {
            /* "iPhone", "eBay" start sentences too */
            int m;
            size_t r = at + (size_t)n;
            next = r < len && cclass(cp_at(t, r, len, &m)) == C_UPPER
                       ? N_UPPER : N_LOWER;
            break;
        }
        case C_UPPER:
        case C_OLETTER:
            next = N_UPPER;
            break;
        case C_DIGIT:
            next = N_DIGIT;
            break;
        default:
            next = N_OTHER;
            /* a dash before a lowercase word goes on with the speech tag:
             * "«Ты где?» — спросила она.", "—¿Vienes? —preguntó." */
            if (cp == '-' || cp == 0x2013 || cp == 0x2014) {
                size_t r = at + (size_t)n;
                int m;
                while (r < len && (m = hspace_at(t, r, len)) > 0)
                    r += (size_t)m;
                if (r < len && cclass(cp_at(t, r, len, &m)) == C_LOWER)
                    next = N_LOWER;
            }
            break;
        }
        break;
    }
    if (at >= len)
        next = N_END;
    if (glued && next != N_UPPER)
        return end;

    /* 5. Decide. */
    bool ends;
    if (next == N_LOWER || next == N_END) {
        ends = false; /* N_END: the final cut takes the rest */
    } else if (closed_by_quote && next == N_UPPER &&
               speech_tag_follows(sp, at) && quote_takes_tag(sp, run_end)) {
        ends = false;
    } else if (strong > 0) {
        ends = true;
    } else if (ellipsis) {
        /* "..." or "…" ends before a capital; a spaced ". . ." is an
         * elision inside the sentence unless a fourth period follows it */
        ends = next == N_UPPER && (!spaced || periods >= 4);
    } else if (closed) {
        ends = true;
    } else {
        if (!have_word)
            w = word_before(t, p);
        ends = period_ends(sp, &w, next, at, quoted);
    }
    if (ends)
        cut(sp, end);
    return end;
}

/* ---- list items with ')' -------------------------------------------------- */

static size_t on_paren(splitter *sp, size_t p)
{
    const char *t = sp->t;
    if (p + 1 < sp->len && !space_at(t, p + 1, sp->len))
        return p + 1;
    word w = word_before(t, p);
    if (w.start == p ||
        (w.kind != W_NUMBER && w.kind != W_LETTER && w.kind != W_WORD))
        return p + 1;
    /* "(a)" counts from its '(' */
    if (w.start > 0 && t[w.start - 1] == '(') {
        size_t item = w.start - 1;
        if (item == sentence_s0(sp) || space_before(t, item))
            list_marker(sp, &w, ')', item);
        return p + 1;
    }
    list_marker(sp, &w, ')', w.start);
    return p + 1;
}

/* ---- line breaks ---------------------------------------------------------- */

/* Does the line at i start like a list item: a bullet, "- ", "* ", "1. ",
 * "2) ", "(a) ", "b) ", or a "#" heading? */
static bool starts_item(const char *t, size_t i, size_t len)
{
    int n;
    int32_t cp = cp_at(t, i, len, &n);
    if (is_bullet(cp))
        return true;
    size_t j = i + (size_t)n;
    if (cp == '-' || cp == '*' || cp == '+' || cp == '#' || cp == 0x2013 ||
        cp == 0x2014)
        return j < len && hspace_at(t, j, len);
    if (cp == '(')
        i = j;
    size_t k = i;
    while (k < len && k - i < 3 && t[k] >= '0' && t[k] <= '9')
        k++;
    if (k == i && k < len && ((t[k] >= 'a' && t[k] <= 'z') ||
                              (cp == '(' && t[k] >= 'A' && t[k] <= 'Z')))
        k++; /* one letter */
    if (k == i || k >= len)
        return false;
    if (t[k] == ')' || (t[k] == '.' && k - i >= 1 && t[i] >= '0' &&
                        t[i] <= '9'))
        return k + 1 < len && hspace_at(t, k + 1, len);
    return false;
}

/* Length in characters (up to LINE_CAP) of the trimmed line [s, e). A
 * character has at most 4 bytes, so the first 4 * LINE_CAP bytes hold
 * LINE_CAP characters if the line has them. */
static size_t line_chars(const char *t, size_t s, size_t e)
{
    size_t n = tm_utf8_length(t + s, e - s < 4 * LINE_CAP ? e - s : 4 * LINE_CAP);
    return n < LINE_CAP ? n : LINE_CAP;
}

/* Small words a title leaves in lower case ("The Fall of the House"). */
static bool is_title_small_word(const char *w, size_t n)
{
    static const char two[] = "anorofinonattobyasvsdelaleduel";
    static const char three[] = "theandbutnorforviadesderdiedasundvon";
    switch (n) {
    case 1:
        return w[0] == 'a' || w[0] == 'y';
    case 2:
        for (size_t i = 0; i + 2 <= sizeof(two) - 1; i += 2)
            if (w[0] == two[i] && w[1] == two[i + 1])
                return true;
        return false;
    case 3:
        for (size_t i = 0; i + 3 <= sizeof(three) - 1; i += 3)
            if (memcmp(w, three + i, 3) == 0)
                return true;
        return false;
    case 4:
        return memcmp(w, "with", 4) == 0 || memcmp(w, "from", 4) == 0;
    default:
        return false;
    }
}

/* Is the trimmed line [ps, pe) a headline: short, without final
 * punctuation, and either without lowercase letters ("LOCAL NEWS") or in
 * title case ("The Silent Harbour")? A wrapped line of prose is neither, and
 * usually shows it within its first words, so the scan stops early. */
static bool is_headline(const char *t, size_t ps, size_t pe)
{
    int n;
    size_t last = char_before(t, pe);
    int lc = cclass(cp_at(t, last, pe, &n));
    if (!is_letter_class(lc) && lc != C_DIGIT)
        return false;
    int words = 0, capitalized = 0, lower_words = 0, letters = 0, lowers = 0;
    size_t chars = 0;
    size_t i = ps;
    while (i < pe) {
        while (i < pe && (n = space_at(t, i, pe)) > 0) {
            i += (size_t)n;
            chars++;
        }
        size_t ws = i;
        int first = C_OTHER;
        while (i < pe && !space_at(t, i, pe)) {
            int c = cclass(cp_at(t, i, pe, &n));
            if (first == C_OTHER && (is_letter_class(c) || c == C_DIGIT))
                first = c;
            letters += is_letter_class(c);
            lowers += c == C_LOWER;
            i += (size_t)n;
            chars++;
            /* a lowercase word longer than the small words of a title: the
             * line is prose (what the test after the word would find) */
            if (first == C_LOWER && i - ws > 4)
                return false;
        }
        if (i == ws)
            break;
        words++;
        if (first == C_UPPER || first == C_DIGIT)
            capitalized++;
        else if (first == C_LOWER && !is_title_small_word(t + ws, i - ws))
            lower_words++;
        if (chars > 80 || (lower_words > 0 && lowers > 0))
            return false;
    }
    if (letters >= 2 && lowers == 0)
        return true;
    return words >= 2 && lower_words == 0 && capitalized >= 2;
}

/* Single line break in auto mode: does the line before it stand alone (a
 * headline, a list item, a short line before a long one)? prev is [ps, pe),
 * the next line starts at ns. */
static bool line_stands_alone(const char *t, size_t len, size_t ps, size_t pe,
                              size_t ns)
{
    int n;
    size_t last = char_before(t, pe);
    int32_t cp = cp_at(t, last, len, &n);
    /* a line ending in a comma, a colon or a hyphen goes on */
    if (cp == ',' || cp == ';' || cp == ':' || cp == '-' || cp == '&' ||
        cp == 0x2013 || cp == 0x2014 || cp == '/' || is_open_bracket(cp))
        return false;
    /* the next line ends at '\n' or '\r', looked for within 4 * LINE_CAP
     * bytes */
    size_t span = len - ns < 4 * LINE_CAP ? len - ns : 4 * LINE_CAP;
    const char *lf = memchr(t + ns, '\n', span);
    if (lf)
        span = (size_t)(lf - (t + ns));
    const char *cr = memchr(t + ns, '\r', span);
    if (cr)
        span = (size_t)(cr - (t + ns));
    size_t ne = ns + span;
    while (ne > ns && space_before(t, ne))
        ne -= (size_t)space_before(t, ne);
    size_t prev = line_chars(t, ps, pe), next = line_chars(t, ns, ne);

    /* wrapped lines of a paragraph have about the same length; a headline
     * or an item is much shorter than the prose after it */
    if (prev * 5 < next * 3)
        return true;
    return prev < 30 && next < 30;
}

static size_t on_newline(splitter *sp, size_t i, size_t nl_len)
{
    const char *t = sp->t;
    size_t len = sp->len;
    int n;
    size_t next = i + nl_len;
    if (t[i] == '\r' && next < len && t[next] == '\n')
        return next; /* "\r\n": the '\n' decides */
    size_t line_start = sp->line_start;
    sp->line_start = next;

    /* a blank line (or U+2029) ends the paragraph */
    size_t j = next;
    while (j < len && (n = hspace_at(t, j, len)) > 0)
        j += (size_t)n;
    bool para = nl_len == 3 && (unsigned char)t[i + 2] == 0xA9;
    if (!para && j < len) {
        int32_t cp = cp_at(t, j, len, &n);
        para = is_line_break(cp);
    }
    if (para) {
        cut(sp, i);
        sp->list_kind = 0;
        return j;
    }
    if (j >= len || sp->rules->lines == SS_LINES_SPACE)
        return next;
    if (sentence_empty_before(sp, i))
        return next;
    if (sp->rules->lines == SS_LINES_BOUNDARY || starts_item(t, j, len)) {
        cut(sp, i);
        return next;
    }

    /* auto: the line before, trimmed */
    size_t pe = i;
    while (pe > line_start && (n = space_before(t, pe)) > 0)
        pe -= (size_t)n;
    size_t ps = line_start;
    while (ps < pe && (n = space_at(t, ps, pe)) > 0)
        ps += (size_t)n;
    if (ps >= pe)
        return next;

    /* a line break before a lowercase word is a space, unless the line
     * before is a headline ("The Silent Harbour" / "by Agnes Morrow");
     * headlines are short, so long lines skip that check */
    size_t k = j;
    while (k < len) {
        int32_t cp = cp_at(t, k, len, &n);
        if (!is_opener(cp))
            break;
        k += (size_t)n;
    }
    bool lower = k >= len || cclass(cp_at(t, k, len, &n)) == C_LOWER;
    if ((!lower || pe - ps <= 80) && is_headline(t, ps, pe))
        cut(sp, i);
    else if (!lower && line_stands_alone(t, len, ps, pe, j))
        cut(sp, i);
    return next;
}

/* ---- the main loop -------------------------------------------------------- */

int ss_split(const ss_rules *rules, const char *text, size_t len,
             ss_emit_fn emit, void *ctx)
{
    splitter sp = {
        .rules = rules, .t = text, .len = len, .emit = emit, .ctx = ctx,
    };
    const unsigned char *u = (const unsigned char *)text;
    size_t i = 0;
    while (i < len && sp.rc == 0) {
        /* strcspn is vectorized in common C libraries; the text ends with
         * a NUL at len (see split.h), and a NUL inside only stops it early */
        i += strcspn(text + i, stop_set);
        if (i >= len)
            break;
        if (u[i] == '\0') {
            i++;
            continue;
        }
        unsigned char c = u[i];
        if (c == '.' || c == '!' || c == '?') {
            i = on_terminal(&sp, i);
        } else if (c == '\n' || c == '\r') {
            i = on_newline(&sp, i, 1);
        } else if (c == ')') {
            i = on_paren(&sp, i);
        } else {
            int n;
            int32_t cp = cp_at(text, i, len, &n);
            if (is_terminal(cp)) {
                i = on_terminal(&sp, i);
            } else if (cp == 0x2028 || cp == 0x2029) {
                i = on_newline(&sp, i, (size_t)n);
            } else if (is_bullet(cp) && (i == 0 || space_before(text, i)) &&
                       !sentence_empty_before(&sp, i)) {
                cut(&sp, i); /* "• one • two" */
                i += (size_t)n;
            } else {
                i += (size_t)n;
            }
        }
    }
    cut(&sp, len);
    flush(&sp);
    return sp.rc;
}
