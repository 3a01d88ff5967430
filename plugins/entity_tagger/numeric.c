/* numeric.c - patterns for dates, times, money, percentages, quantities,
 * ordinals and cardinals, over the tokens of one sentence. The words they
 * need (months, units, currencies, ...) are clues in numbers_dates.txt. */
#include <stdlib.h>
#include <string.h>

#include "et.h"

static bool avail(const et_run *r, size_t i)
{
    return i < r->ntoks && !r->toks[i].taken;
}

static bool is_number(const et_run *r, size_t i)
{
    return avail(r, i) && (r->toks[i].flags & TM_TOK_NUMBER);
}

/* No space between token i-1 and token i. */
static bool glued(const et_run *r, size_t i)
{
    return i > 0 && i < r->ntoks && !(r->toks[i].flags & TM_TOK_SPACE_BEFORE);
}

/* The value of a token of plain digits, or -1. */
static long plain_value(const et_run *r, size_t i)
{
    if (!is_number(r, i))
        return -1;
    long v = 0;
    for (size_t b = r->toks[i].start; b < r->toks[i].end; b++) {
        char c = r->text[b];
        if (c < '0' || c > '9' || v > 100000000)
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

static bool is_year(const et_run *r, size_t i)
{
    long v = plain_value(r, i);
    return v >= 1000 && v <= 2100 && r->toks[i].end - r->toks[i].start == 4;
}

static bool is_day(const et_run *r, size_t i)
{
    long v = plain_value(r, i);
    return v >= 1 && v <= 31 && r->toks[i].end - r->toks[i].start <= 2;
}

static bool has(const et_run *r, size_t i, int clue)
{
    return avail(r, i) && et_has(r, i, clue);
}

/* Capitalized (or in capitals), as month and weekday names must be. */
static bool cap(const et_run *r, size_t i)
{
    return r->toks[i].flags & (TM_TOK_CAPITALIZED | TM_TOK_ALL_CAPS);
}

/* A word of digits then letters ("21st", "1990s", "5km"): the length of
 * the digits, or 0. */
static size_t digit_prefix(const et_run *r, size_t i)
{
    if (!avail(r, i) || !(r->toks[i].flags & TM_TOK_WORD))
        return 0;
    const char *s = r->text + r->toks[i].start;
    size_t len = r->toks[i].end - r->toks[i].start, d = 0;
    while (d < len && s[d] >= '0' && s[d] <= '9')
        d++;
    return d < len ? d : 0;
}

/* The suffix after the digits, folded, compared with s. */
static bool suffix_is(const et_run *r, size_t i, size_t d, const char *s)
{
    size_t n = strlen(s);
    return r->toks[i].lk_len - d == n && memcmp(et_lk(r, i) + d, s, n) == 0;
}

static bool is_ordinal_word(const et_run *r, size_t i)
{
    size_t d = digit_prefix(r, i);
    return d > 0 && (suffix_is(r, i, d, "st") || suffix_is(r, i, d, "nd") ||
                     suffix_is(r, i, d, "rd") || suffix_is(r, i, d, "th"));
}

static bool want_clue_unit(const et_run *r, const et_entry *e, size_t i, size_t j)
{
    (void)r; (void)i; (void)j;
    return (e->clues & ET_CLUE(ET_C_UNIT)) != 0;
}

static bool want_clue_currency(const et_run *r, const et_entry *e, size_t i, size_t j)
{
    (void)r; (void)i; (void)j;
    return (e->clues & ET_CLUE(ET_C_CURRENCY)) != 0;
}

/* The suffix of a digit word as a lexicon entry ("km" of "5km"). */
static const et_entry *suffix_entry(const et_run *r, size_t i, size_t d)
{
    const char *s = et_lk(r, i) + d;
    size_t n = r->toks[i].lk_len - d;
    return et_lexicon_find(&r->tg->lex, et_hash(s, n), s, n);
}

/* A currency symbol token: "$", "€", "£", "¥", "₹", "₽", "₩", "₺", "₪". */
static bool is_symbol(const et_run *r, size_t i)
{
    static const char *const syms[] = {"$", "€", "£", "¥", "₹", "₽", "₩", "₺",
                                       "₪", "₦", "₱", "฿", NULL};
    if (!avail(r, i) || !(r->toks[i].flags & TM_TOK_PUNCT))
        return false;
    for (int k = 0; syms[k]; k++)
        if (et_is_text(r, i, syms[k]))
            return true;
    return false;
}

/* The end of a number phrase at i ("5", "1.5 million", "twenty-five",
 * "two hundred and ten"), or i. *scaled tells whether a scale word came. */
static size_t number_end(const et_run *r, size_t i, bool *scaled)
{
    size_t j = i;
    int last = 0; /* 1 digits, 2 number word, 3 scale */
    *scaled = false;
    while (avail(r, j)) {
        if (is_number(r, j) && last == 0) {
            last = 1;
        } else if (has(r, j, ET_C_SCALE) && last != 0 &&
                   (r->toks[j].lk_len > 1 || glued(r, j))) {
            last = 3;
            *scaled = true;
        } else if (has(r, j, ET_C_NUMWORD) && (last == 0 || last == 3)) {
            last = 2;
        } else if (last == 2 && et_is_text(r, j, "-") && glued(r, j) &&
                   has(r, j + 1, ET_C_NUMWORD) && glued(r, j + 1)) {
            j++; /* "twenty-five" */
        } else if (last == 3 && et_is(r, j, "and") && has(r, j + 1, ET_C_NUMWORD)) {
            j++; /* "two hundred and ten" */
            last = 2;
        } else if (last == 0 && (et_is(r, j, "a") || et_is(r, j, "an")) &&
                   has(r, j + 1, ET_C_SCALE) && !et_is(r, j + 1, "m") &&
                   !et_is(r, j + 1, "k")) {
            last = 2; /* "a million" */
        } else {
            break;
        }
        j++;
    }
    return j;
}

/* Extends a date span [*a, *b) over "early"/"mid"/"late" before it, and
 * "last"/"past"/"next" when `durations`. */
static void date_modifiers(const et_run *r, size_t *a, bool durations)
{
    size_t k = *a;
    if (k >= 2 && et_is_text(r, k - 1, "-") && has(r, k - 2, ET_C_DATEMOD) && glued(r, k))
        k -= 2;
    else if (k >= 1 && has(r, k - 1, ET_C_DATEMOD))
        k -= 1;
    else
        return;
    if (!durations && !(et_is(r, k, "early") || et_is(r, k, "mid") ||
                        et_is(r, k, "late") || et_is(r, k, "last") ||
                        et_is(r, k, "next") || et_is(r, k, "this")))
        return;
    *a = k;
}

/* Optional ", 2022" or " 2022" after a day or month. */
static size_t year_after(const et_run *r, size_t j)
{
    if (avail(r, j) && et_is_text(r, j, ",") && is_year(r, j + 1))
        return j + 2;
    if (is_year(r, j))
        return j + 1;
    return j;
}

/* A month name at i and what follows it: "May 5, 2022", "Jan. 2020". */
static size_t month_date(const et_run *r, size_t i)
{
    size_t j = i + 1;
    if (avail(r, j) && et_is_text(r, j, ".") && glued(r, j))
        j++;
    if (is_day(r, j) || is_ordinal_word(r, j)) {
        return year_after(r, j + 1);
    }
    if (is_year(r, j))
        return j + 1;
    return i;
}

static bool month_alone_ok(const et_run *r, size_t i)
{
    static const char *const before[] = {
        "in", "since", "until", "till", "by", "of", "last", "next", "this",
        "early", "late", "mid", "before", "after", "during", "from", "through",
        "between", "-", NULL};
    if (i > 0)
        for (int k = 0; before[k]; k++)
            if (et_is(r, i - 1, before[k]))
                return true;
    /* "May" and "March" are verbs, "June" or "August" a name: alone, only
     * after a word above. */
    return !et_is(r, i, "may") && !et_is(r, i, "march") && !et_has(r, i, ET_C_GIVEN) &&
           i > 0;
}

/* Number words that are not numbers here: "no one", "the one". */
static bool pronoun_one(const et_run *r, size_t i)
{
    if (!et_is(r, i, "one"))
        return false;
    if (i + 1 < r->ntoks && (et_is(r, i + 1, "another") || et_is(r, i + 1, "'s")))
        return true;
    if (i == 0)
        return false;
    static const char *const det[] = {"no", "any", "every", "some", "the", "this",
                                      "that", "which", "each", "a", "no-", NULL};
    for (int k = 0; det[k]; k++)
        if (et_is(r, i - 1, det[k]))
            return true;
    return false;
}

static int emit(et_run *r, size_t a, size_t b, int label, double score, const char *rule)
{
    return et_emit(r, a, b, label, ET_STRONG, score, rule, 0, 0);
}

/* What comes after a number phrase [i, j). */
static int after_number(et_run *r, size_t i, size_t j, bool scaled, bool money)
{
    const et_entry *e;
    size_t k;
    if (money)
        return emit(r, i, j, ET_MONEY, 0.95, "pattern:money");
    if (avail(r, j) && et_is_text(r, j, "%"))
        return emit(r, i, j + 1, ET_PERCENT, 0.95, "pattern:percent");
    if (has(r, j, ET_C_PERCENT)) {
        k = j + 1;
        if (et_is(r, j, "per") && avail(r, k) && et_is(r, k, "cent"))
            k++;
        else if (et_is(r, j, "per"))
            goto not_percent;
        if (et_is(r, j, "percentage") && avail(r, k) &&
            (et_is(r, k, "points") || et_is(r, k, "point")))
            k++;
        return emit(r, i, k, ET_PERCENT, 0.95, "pattern:percent");
    }
not_percent:
    /* currency words: "5 dollars", "10 million euros" */
    if (avail(r, j) && (k = et_longest(r, j, r->ntoks, want_clue_currency, &e)) > j) {
        bool unit = e->clues & ET_CLUE(ET_C_UNIT);
        if (!unit || scaled)
            return emit(r, i, k, ET_MONEY, 0.9, "pattern:money");
    }
    /* units, also hyphenated ("a 5-kilometre walk") */
    size_t u = j;
    if (avail(r, u) && et_is_text(r, u, "-") && glued(r, u) && glued(r, u + 1))
        u++;
    if (avail(r, u) && (k = et_longest(r, u, r->ntoks, want_clue_unit, &e)) > u)
        return emit(r, i, k, ET_QUANTITY, 0.9, "pattern:quantity");
    if (has(r, u, ET_C_DATEUNIT)) {
        size_t a = i;
        k = u + 1;
        if (avail(r, k) && (et_is(r, k, "ago") || et_is(r, k, "old") ||
                            et_is(r, k, "later") || et_is(r, k, "earlier")))
            k++;
        date_modifiers(r, &a, true);
        return emit(r, a, k, ET_DATE, 0.85, "pattern:date");
    }
    if (has(r, u, ET_C_TIMEUNIT))
        return emit(r, i, u + 1, ET_TIME, 0.85, "pattern:time");
    /* "10 pm", "7 o'clock" */
    if (is_number(r, i) && j == i + 1 && has(r, j, ET_C_TIMEWORD) && plain_value(r, i) >= 0 &&
        plain_value(r, i) <= 24) {
        k = j + 1;
        if (has(r, k, ET_C_TIMEWORD))
            k++;
        return emit(r, i, k, ET_TIME, 0.9, "pattern:time");
    }
    return 1; /* not decided */
}

static int digits_token(et_run *r, size_t i)
{
    const et_tok *t = &r->toks[i];
    const char *s = r->text + t->start;
    size_t len = t->end - t->start;
    /* "10:30" (and "10:30:15"), optionally "pm" / "GMT" */
    if (memchr(s, ':', len)) {
        size_t k = i + 1;
        while (has(r, k, ET_C_TIMEWORD) && k < i + 3)
            k++;
        return emit(r, i, k, ET_TIME, 0.9, "pattern:time");
    }
    /* "2022-01-31", "31/01/2022", "1/31/22" */
    if (avail(r, i + 4) && glued(r, i + 1) && glued(r, i + 2) && glued(r, i + 3) &&
        glued(r, i + 4) && is_number(r, i + 2) && is_number(r, i + 4)) {
        bool dash = et_is_text(r, i + 1, "-") && et_is_text(r, i + 3, "-");
        bool slash = et_is_text(r, i + 1, "/") && et_is_text(r, i + 3, "/");
        if ((dash && is_year(r, i)) || slash)
            return emit(r, i, i + 5, ET_DATE, 0.9, "pattern:date");
    }
    /* "5 May 2022", "5th of May" */
    if (is_day(r, i)) {
        size_t k = i + 1;
        if (avail(r, k) && et_is(r, k, "of"))
            k++;
        if (has(r, k, ET_C_MONTH) && cap(r, k)) {
            size_t b = k + 1;
            if (avail(r, b) && et_is_text(r, b, ".") && glued(r, b))
                b++;
            return emit(r, i, year_after(r, b), ET_DATE, 0.9, "pattern:date");
        }
    }
    bool scaled;
    size_t j = number_end(r, i, &scaled);
    bool money = false;
    size_t a = i;
    /* "$5", "US$ 5", "USD 5" */
    if (i > 0 && (is_symbol(r, i - 1) || (has(r, i - 1, ET_C_CURCODE)))) {
        a = i - 1;
        if (a > 0 && glued(r, a) && (r->toks[a - 1].flags & TM_TOK_ALL_CAPS || r->toks[a - 1].flags & TM_TOK_CAPITALIZED) &&
            r->toks[a - 1].end - r->toks[a - 1].start <= 2 && avail(r, a - 1))
            a--; /* "US$", "A$", "C$" */
        money = true;
    }
    /* "$5bn", "$3m", "$20k" are one word, handled by the caller. */
    int got = after_number(r, a, j, scaled, money);
    if (got != 1)
        return got;
    if (j == i + 1 && is_year(r, i) && !(i > 0 && et_is_text(r, i - 1, "#"))) {
        a = i;
        date_modifiers(r, &a, false);
        return emit(r, a, j, ET_DATE, 0.8, "pattern:year");
    }
    /* "3/4" and other fractions stay one cardinal */
    if (avail(r, j + 1) && et_is_text(r, j, "/") && glued(r, j) && glued(r, j + 1) &&
        is_number(r, j + 1))
        j += 2;
    return emit(r, i, j, ET_CARDINAL, 0.8, "pattern:cardinal");
}

/* A word made of digits and letters: "21st", "1990s", "5km", "10am", "3bn". */
static int digit_word(et_run *r, size_t i, size_t d)
{
    size_t a = i;
    if (is_ordinal_word(r, i)) {
        if (has(r, i + 1, ET_C_DATEUNIT) && et_is(r, i + 1, "century"))
            return emit(r, i, i + 2, ET_DATE, 0.9, "pattern:date");
        return emit(r, i, i + 1, ET_ORDINAL, 0.9, "pattern:ordinal");
    }
    if (suffix_is(r, i, d, "s") && (d == 4 || d == 2)) {
        date_modifiers(r, &a, false);
        return emit(r, a, i + 1, ET_DATE, 0.9, "pattern:date");
    }
    if (suffix_is(r, i, d, "am") || suffix_is(r, i, d, "pm"))
        return emit(r, i, i + 1, ET_TIME, 0.9, "pattern:time");
    const et_entry *e = suffix_entry(r, i, d);
    if (e && (e->clues & ET_CLUE(ET_C_SCALE)) && i > 0 && is_symbol(r, i - 1))
        return emit(r, i - 1, i + 1, ET_MONEY, 0.95, "pattern:money");
    if (e && (e->clues & ET_CLUE(ET_C_UNIT)))
        return emit(r, i, i + 1, ET_QUANTITY, 0.9, "pattern:quantity");
    return 0;
}

int et_numeric(et_run *r)
{
    /* Each candidate covers its i and takes its tokens; a pattern reaches
     * back before i only to free ones ("$", "early"). So the candidates
     * come in text order, none overlapping another: lone_date (names.c)
     * relies on it. */
    r->num_first = r->ncands;
    for (size_t x = 0; x < r->nnum; x++) {
        size_t i = r->num_at[x];
        if (r->toks[i].taken)
            continue;
        uint32_t f = r->toks[i].flags;
        int got = 0;
        size_t d;
        if (f & TM_TOK_NUMBER) {
            got = digits_token(r, i);
        } else if ((d = digit_prefix(r, i)) > 0) {
            got = digit_word(r, i, d);
        } else if (!(f & TM_TOK_WORD) || !r->toks[i].e ||
                   (!(r->toks[i].e->clues & ET_NUMERIC_CLUES) && !et_is(r, i, "a") &&
                    !et_is(r, i, "an"))) {
            continue;
        } else if (et_has(r, i, ET_C_MONTH) && cap(r, i)) {
            size_t a = i;
            size_t b = month_date(r, i);
            if (b == i && !month_alone_ok(r, i))
                continue;
            if (b == i) {
                b = i + 1;
                if (avail(r, b) && et_is_text(r, b, ".") && glued(r, b) &&
                    r->toks[i].lk_len <= 4)
                    b++;
            }
            date_modifiers(r, &a, false);
            got = emit(r, a, b, ET_DATE, 0.9, "pattern:date");
        } else if (et_has(r, i, ET_C_WEEKDAY) && cap(r, i)) {
            size_t a = i, b = i + 1;
            if (avail(r, b + 1) && et_is_text(r, b, ",") && has(r, b + 1, ET_C_MONTH)) {
                size_t m = month_date(r, b + 1);
                if (m > b + 1)
                    b = m;
            }
            date_modifiers(r, &a, false);
            got = emit(r, a, b, ET_DATE, 0.9, "pattern:date");
        } else if (et_has(r, i, ET_C_DATEWORD)) {
            got = emit(r, i, i + 1, et_is(r, i, "tonight") ? ET_TIME : ET_DATE, 0.9,
                       "pattern:date");
        } else if (et_has(r, i, ET_C_DATEMOD) && !cap(r, i) &&
                   (has(r, i + 1, ET_C_SEASON) ||
                    (has(r, i + 1, ET_C_DATEUNIT) && r->toks[i + 1].lk[r->toks[i + 1].lk_len - 1] != 's')) &&
                   (et_is(r, i, "last") || et_is(r, i, "next") || et_is(r, i, "this") ||
                    et_is(r, i, "past") || et_is(r, i, "coming"))) {
            got = emit(r, i, i + 2, ET_DATE, 0.85, "pattern:date");
        } else if (et_has(r, i, ET_C_SEASON) && is_year(r, i + 1)) {
            got = emit(r, i, i + 2, ET_DATE, 0.85, "pattern:date");
        } else if ((f & TM_TOK_CAPITALIZED) && i + 1 < r->ntoks &&
                   (r->toks[i + 1].flags & TM_TOK_CAPITALIZED) &&
                   (et_has(r, i, ET_C_ORDWORD) || et_has(r, i, ET_C_NUMWORD))) {
            continue; /* part of a name: "Second World War", "Three Gorges" */
        } else if (et_has(r, i, ET_C_ORDWORD) && !(f & TM_TOK_ALL_CAPS)) {
            if (has(r, i + 1, ET_C_DATEUNIT) && et_is(r, i + 1, "century"))
                got = emit(r, i, i + 2, ET_DATE, 0.9, "pattern:date");
            else
                got = emit(r, i, i + 1, ET_ORDINAL, 0.85, "pattern:ordinal");
        } else if ((et_has(r, i, ET_C_NUMWORD) || et_is(r, i, "a") || et_is(r, i, "an")) &&
                   !(f & TM_TOK_ALL_CAPS) && !pronoun_one(r, i)) {
            bool scaled;
            size_t j = number_end(r, i, &scaled);
            if (j == i)
                continue;
            size_t a = i;
            bool money = i > 0 && is_symbol(r, i - 1);
            if (money)
                a = i - 1;
            got = after_number(r, a, j, scaled, money);
            if (got == 1) {
                if (et_is(r, i, "a") || et_is(r, i, "an"))
                    got = 0; /* "a million" alone is too vague */
                else
                    got = emit(r, i, j, ET_CARDINAL, 0.75, "pattern:cardinal");
            }
        }
        if (got < 0)
            return -1;
    }
    return 0;
}
