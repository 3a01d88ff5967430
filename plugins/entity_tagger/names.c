/* names.c - names of people, places, organizations and other proper nouns:
 * list matches, then runs of capitalized words classified by titles, given
 * names, keywords and context. */
#include <stdlib.h>
#include <string.h>

#include "et.h"

/* Keyword clues and the label each one gives a capitalized run. */
static const struct {
    int clue;
    int label;
} keyword_labels[] = {
    {ET_C_KW_SUFFIX, ET_ORG}, {ET_C_KW_ORG, ET_ORG},     {ET_C_KW_GPE, ET_GPE},
    {ET_C_KW_LOC, ET_LOC},    {ET_C_KW_FAC, ET_FAC},     {ET_C_KW_EVENT, ET_EVENT},
    {ET_C_KW_LAW, ET_LAW},
};

#define KW_MASK (ET_CLUE(ET_C_KW_SUFFIX) | ET_CLUE(ET_C_KW_ORG) | ET_CLUE(ET_C_KW_GPE) | \
                 ET_CLUE(ET_C_KW_LOC) | ET_CLUE(ET_C_KW_FAC) | ET_CLUE(ET_C_KW_EVENT) | \
                 ET_CLUE(ET_C_KW_LAW))

/* Per-sentence scratch: list matches by start token. */
typedef struct names_ctx {
    et_run *r;
    size_t *unit_end;          /* end of the list match starting here, or 0 */
    const et_entry **unit;     /* its entry */
    size_t first_word;         /* index of the first word of the sentence */
    /* A dateline (see find_dateline): its place is [first_word,
     * place_end), its region [region, dateline_end); dateline_end is 0
     * when the sentence is none. */
    size_t place_end, region, dateline_end;
    bool title_case;           /* most words capitalized: a headline */
    bool solo_headline;        /* "TENNIS - ...": a sport played by one */
} names_ctx;

static bool is_word(const et_run *r, size_t i)
{
    return i < r->ntoks && (r->toks[i].flags & TM_TOK_WORD);
}

static bool capitalized(const et_run *r, size_t i)
{
    return is_word(r, i) && (r->toks[i].flags & (TM_TOK_CAPITALIZED | TM_TOK_ALL_CAPS));
}

static bool glued(const et_run *r, size_t i)
{
    return i < r->ntoks && !(r->toks[i].flags & TM_TOK_SPACE_BEFORE);
}

static bool free_tok(const et_run *r, size_t i)
{
    return i < r->ntoks && !r->toks[i].taken;
}

/* ---- list matches -------------------------------------------------------- */

static bool common(const et_run *r, size_t i)
{
    return et_has(r, i, ET_C_COMMON);
}


static bool want_entity(const et_run *r, const et_entry *e, size_t i, size_t j)
{
    return (e->flags & ET_E_ENTITY) && !(e->flags & ET_E_NEVER) && et_case_ok(r, e, i, j);
}

/* Whether a candidate of the numeric pass is exactly token d (a weekday or
 * month alone, not "Wednesday, June 5"): the last candidate that covers d
 * (the name rules have added none yet). */
static bool lone_date(const et_run *r, size_t d)
{
    const et_tok *t = &r->toks[d];
    /* The numeric pass's candidates come last, in text order and none
     * overlapping another (see et_numeric): only the last one that starts
     * before d ends may cover it. A binary search finds it, as a long
     * sentence may have a date after each of its names. */
    size_t lo = r->num_first, hi = r->ncands;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->cands[mid].start <= t->start)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > r->num_first && r->cands[lo - 1].end >= t->end) {
        const et_cand *cd = &r->cands[lo - 1];
        return cd->label == ET_DATE && cd->start == t->start && cd->end == t->end;
    }
    /* Before them, the links and the user patterns. */
    for (size_t c = r->num_first; c-- > 0;) {
        const et_cand *cd = &r->cands[c];
        if (cd->start <= t->start && cd->end >= t->end)
            return cd->label == ET_DATE && cd->start == t->start && cd->end == t->end;
        if (cd->end <= r->toks[0].start)
            break; /* an earlier sentence */
    }
    return false;
}

static void find_units(names_ctx *nc)
{
    et_run *r = nc->r;
    /* unit[i] is read only where unit_end[i] is set. */
    memset(nc->unit_end, 0, r->ntoks * sizeof(*nc->unit_end));
    size_t i = 0;
    for (size_t x = 0; x < r->nname; x++) {
        if (r->name_at[x] < i)
            continue; /* inside the last match */
        i = r->name_at[x];
        const et_entry *e;
        size_t j = i;
        /* Lists need a capital, except places when lowercase_gazetteer
         * is on (never starting on a common word: "the", "in"). */
        if (!r->toks[i].taken && r->toks[i].e && is_word(r, i) &&
            (capitalized(r, i) || (r->tg->lowercase_gazetteer && !common(r, i)))) {
            j = et_longest(r, i, r->ntoks, want_entity, &e);
            /* "Sheffield Wednesday": a longer list entry wins over the
             * date that the numeric pass read in its last word (the entry
             * starts earlier, so the date span is dropped). */
            size_t d = j > i ? j : i + 1;
            if ((r->toks[i].e->flags & ET_E_PREFIX) && d < r->ntoks && r->toks[d].taken &&
                capitalized(r, i) && capitalized(r, d) &&
                (et_clues(r, d) & (ET_CLUE(ET_C_WEEKDAY) | ET_CLUE(ET_C_MONTH))) &&
                lone_date(r, d)) {
                const et_entry *e2;
                r->toks[d].taken = 0;
                size_t j2 = et_longest(r, i, r->ntoks, want_entity, &e2);
                if (j2 > d) {
                    j = j2;
                    e = e2;
                } else {
                    r->toks[d].taken = 1;
                }
            }
        }
        /* "Nice place!" - a common word opening the sentence is not the city. */
        if (j == i + 1 && i == nc->first_word && common(r, i) && capitalized(r, i) &&
            !(r->toks[i].flags & TM_TOK_ALL_CAPS))
            j = i;
        if (j > i) {
            nc->unit_end[i] = j;
            nc->unit[i] = e;
            i = j;
        }
    }
}

/* ---- runs of capitalized words -------------------------------------------- */


/* A word and its length, for tables of words. */
typedef struct et_word {
    const char *s;
    size_t n;
} et_word;
#define W(lit) {lit, sizeof(lit) - 1}

/* Whether token i is one of the words (any case). */
static bool in_words(const et_run *r, size_t i, const et_word *words)
{
    for (int k = 0; words[k].s; k++)
        if (et_is_n(r, i, words[k].s, words[k].n))
            return true;
    return false;
}

/* Whether token i is a verb that headlines put after their subject, in a
 * sentence all in capitals: "DOLE ATTACKS CLINTON", "YELTSIN SAYS ...". */
static bool headline_verb(const et_run *r, size_t i)
{
    static const et_word verbs[] = {
        W("says"),   W("attacks"), W("urges"),  W("warns"),   W("wins"),   W("beats"),
        W("takes"),  W("leads"),   W("retains"), W("denies"), W("vows"),   W("quits"),
        W("meets"),  W("visits"),  W("resigns"), W("rejects"), W("seeks"), W("backs"),
        W("signs"),  W("names"),   W("appoints"), W("accuses"), W("blames"), W("praises"),
        W("defends"), W("faces"),  W("calls"),  W("shares"),  W("hits"),   W("keeps"),
        W("lifts"),  W("agrees"),  W("returns"), W("retires"), W("loses"), W("clinches"),
        W("reaches"), W("upsets"), W("stuns"),  W("edges"),   W("extends"), W("breaks"),
        W("claims"), W("regains"), W("defeats"), W("ousts"), {NULL, 0}};
    /* All of them end in "s": a quick test first. */
    return r->caps_sentence && i < r->ntoks && (r->toks[i].flags & TM_TOK_ALL_CAPS) &&
           r->toks[i].lk_len >= 4 && r->toks[i].lk[r->toks[i].lk_len - 1] == 's' &&
           in_words(r, i, verbs);
}

/* A capitalized word that may be part of a name. A capitalized function
 * word ("The", "However") is not, except a given name before a name
 * ("Will Smith"); nor is a headline's verb. */
static bool name_word(const names_ctx *nc, size_t i)
{
    const et_run *r = nc->r;
    if (!free_tok(r, i))
        return false;
    if (nc->unit_end[i])
        return true;
    if (!capitalized(r, i) || headline_verb(r, i))
        return false;
    if (common(r, i) && !et_has(r, i, ET_C_TITLE)) {
        return et_has(r, i, ET_C_GIVEN) && capitalized(r, i + 1) && free_tok(r, i + 1) &&
               !common(r, i + 1) && !(r->toks[i].flags & TM_TOK_ALL_CAPS);
    }
    return true;
}

/* Short English words before and after a hyphen: "Anti-trust",
 * "Smith-like". */
static const et_word prefixes[] = {W("anti"), W("pro"), W("non"), W("ex"), W("co"),
                                   W("post"), W("pre"), W("semi"), W("sub"), W("neo"),
                                   W("mid"), W("pan"), W("self"), W("all"), {NULL, 0}};
static const et_word suffixes[] = {W("like"), W("era"), W("style"), W("based"), W("led"),
                                   W("born"), W("run"), W("owned"), W("made"), W("type"),
                                   W("free"), W("wide"), W("bound"), W("held"), W("ruled"),
                                   W("sized"), W("less"), W("backed"), {NULL, 0}};

/* The end of the run of name words starting at a (a is a name word). */
static size_t run_end(const names_ctx *nc, size_t a)
{
    const et_run *r = nc->r;
    size_t k = a;
    size_t head_kw = SIZE_MAX; /* the keyword before "of" ("University of") */
    bool has_of = false, joined_and = false;
    for (;;) {
        if (nc->unit_end[k] && free_tok(r, k)) {
            k = nc->unit_end[k];
        } else if (name_word(nc, k)) {
            k++;
        } else {
            break;
        }
        if (!free_tok(r, k))
            break;
        if (name_word(nc, k))
            continue;
        /* What may join two name words. */
        if ((et_is_text(r, k, "-") && glued(r, k) && glued(r, k + 1) && name_word(nc, k + 1)) ||
            (et_is_text(r, k, "&") && name_word(nc, k + 1))) {
            k++;
            continue;
        }
        /* A Chinese given name written with a hyphen, after the family
         * name: "Tung Chee-hwa", "Lee Teng-hui" (two short syllables, the
         * second in lower case, which is no English word: "John
         * Smith-like"). */
        if (k >= a + 2 && et_is_text(r, k, "-") && glued(r, k) && glued(r, k + 1) &&
            (r->toks[k + 1].flags & TM_TOK_LOWER) && r->toks[k + 1].lk_len <= 5 &&
            r->toks[k - 1].lk_len <= 5 && !in_words(r, k + 1, suffixes) &&
            (!glued(r, k + 2) ||
             ((r->toks[k + 2].flags & TM_TOK_PUNCT) && !et_is_text(r, k + 2, "-"))) &&
            !in_words(r, k - 1, prefixes)) {
            k += 2;
            break;
        }
        /* "Mr. Smith", "St. Louis", "Dr. Jones" */
        if (et_is_text(r, k, ".") && glued(r, k) && et_has(r, k - 1, ET_C_TITLE) &&
            name_word(nc, k + 1)) {
            k++;
            continue;
        }
        /* "Ludwig van Beethoven", "Osama bin Laden", "Farouk al-Shara" */
        if (et_has(r, k, ET_C_PARTICLE) && (r->toks[k].flags & TM_TOK_LOWER) &&
            !(et_clues(r, k - 1) & KW_MASK)) {
            size_t n = k + 1;
            while (n < k + 3 && free_tok(r, n) && et_has(r, n, ET_C_PARTICLE) &&
                   (r->toks[n].flags & TM_TOK_LOWER))
                n++; /* "van der" */
            if (n == k + 1 && glued(r, n) && et_is_text(r, n, "-") && glued(r, n + 1))
                n++;
            if (name_word(nc, n)) {
                k = n;
                continue;
            }
        }
        /* "Bank of England", "Ministry of Trade and Industry",
         * "Centers for Disease Control", "Church of the Holy Sepulchre" */
        if (et_has(r, k, ET_C_ORG_CONN) && (r->toks[k].flags & TM_TOK_LOWER) &&
            (et_clues(r, k - 1) & KW_MASK)) {
            size_t n = k + 1;
            if (free_tok(r, n) && et_is(r, n, "the"))
                n++;
            if (name_word(nc, n) &&
                (!et_is(r, k, "and") ||
                 (has_of && !(name_word(nc, n + 1) && name_word(nc, n + 2))))) {
                if (et_is(r, k, "of") && !has_of)
                    head_kw = k - 1;
                has_of |= et_is(r, k, "of");
                k = n;
                continue;
            }
        }
        /* "Ministry of Trade and Industry", "Department of Housing and Urban
         * Development": one or two more words after "and"; but two words
         * ending in the first keyword again are another name ("University
         * of Nairobi and Makerere University"). */
        if (et_has(r, k, ET_C_ORG_CONN) && (r->toks[k].flags & TM_TOK_LOWER) && has_of &&
            !et_is(r, k, "of") && name_word(nc, k + 1) && !nc->unit_end[k + 1] &&
            !(name_word(nc, k + 2) && name_word(nc, k + 3)) && !joined_and &&
            !(head_kw != SIZE_MAX && name_word(nc, k + 2) &&
              et_is_n(r, k + 2, r->toks[head_kw].lk, r->toks[head_kw].lk_len))) {
            joined_and = true;
            k++;
            continue;
        }
        break;
    }
    return k;
}

/* ---- emitting --------------------------------------------------------------- */

static int emit(names_ctx *nc, size_t a, size_t b, int label, int strength,
                double score, const char *rule, size_t ref_a, size_t ref_b)
{
    et_run *r = nc->r;
    /* An organization suffix keeps its period: "Acme Inc." */
    if (b < r->ntoks && et_is_text(r, b, ".") && glued(r, b) &&
        et_has(r, b - 1, ET_C_KW_SUFFIX))
        b++;
    size_t rs = 0, re = 0;
    if (ref_b > ref_a) {
        rs = r->toks[ref_a].start;
        re = r->toks[ref_b - 1].end;
    }
    if (et_emit(r, a, b, label, strength, score, rule, rs, re) != 0)
        return -1;
    r->cands[r->ncands - 1].sent_initial = a == nc->first_word;
    /* "North Atlantic Treaty Organization (NATO)": the acronym too. */
    if (label >= 0 && b + 2 < r->ntoks && et_is_text(r, b, "(") &&
        (r->toks[b + 1].flags & TM_TOK_ALL_CAPS) && et_is_text(r, b + 2, ")") &&
        free_tok(r, b + 1) && b - a >= 2 && label != ET_PERSON && !nc->unit_end[b + 1]) {
        if (et_emit(r, b + 1, b + 2, label, ET_STRONG, score, "acronym_of",
                    r->toks[a].start, r->toks[b - 1].end) != 0)
            return -1;
    }
    return 0;
}

/* The candidate for a capitalized word no rule knows: the document pass
 * may give it a label. */
static int unresolved(names_ctx *nc, size_t a, size_t b)
{
    return emit(nc, a, b, -1, 0, 0.0, "", 0, 0);
}

/* ---- classifying a run ---------------------------------------------------- */

static int classify(names_ctx *nc, size_t a, size_t b, bool after_title);

static bool want_title(const et_run *r, const et_entry *e, size_t i, size_t j)
{
    (void)i; (void)j; (void)r;
    return (e->clues & ET_CLUE(ET_C_TITLE)) != 0;
}

/* Whether [a, b) looks like a person's name: capitalized words that are no
 * keyword, no place or organization from the lists, not a common word. */
/* The source of list entry e ("list:countries"). */
static const char *source_of(const et_run *r, const et_entry *e)
{
    return r->tg->lex.sources[e->source];
}

/* Does list entry e have its label from a generated world list
 * (cities_world.txt, ...)? Thousands of their places are also family names
 * ("Ueda", "Santos"), so next to a title or a given name they are weaker
 * evidence than the name. */
static bool from_world_list(const et_run *r, const et_entry *e)
{
    const char *s = source_of(r, e);
    size_t n = strlen(s);
    return n > 6 && strcmp(s + n - 6, "_world") == 0;
}

static bool person_like(const names_ctx *nc, size_t a, size_t b)
{
    const et_run *r = nc->r;
    if (a >= b || (common(r, a) && !et_has(r, a, ET_C_GIVEN)))
        return false;
    if (b - a == 1 && et_has(r, a, ET_C_TITLE) && !et_has(r, a, ET_C_GIVEN))
        return false; /* "former President" names nobody */
    int words = 0;
    for (size_t t = a; t < b; t++) {
        if (nc->unit_end[t]) {
            const et_entry *e = nc->unit[t];
            bool namey = e->clues & (ET_CLUE(ET_C_GIVEN) | ET_CLUE(ET_C_SURNAME));
            if (e->label != ET_PERSON && !namey && !(t > a && from_world_list(r, e)))
                return false;
        }
        /* A keyword makes it a name of another kind, except a given name
         * that opens the run ("Bill Clinton": "Bill" is a law keyword). */
        if ((et_clues(r, t) & KW_MASK) &&
            !(t == a && t + 1 < b && et_has(r, t, ET_C_GIVEN) && capitalized(r, t)))
            return false;
        words += is_word(r, t);
    }
    return words >= 1 && words <= 5;
}

static int label_of_keyword(uint64_t clues)
{
    for (size_t k = 0; k < sizeof(keyword_labels) / sizeof(keyword_labels[0]); k++)
        if (clues & ET_CLUE(keyword_labels[k].clue))
            return keyword_labels[k].label;
    return -1;
}

static bool says_after(const et_run *r, size_t b)
{
    if (b < r->ntoks && et_has(r, b, ET_C_SAYS))
        return true;
    /* "Smith, who ...", "Smith, 45," */
    return b + 1 < r->ntoks && et_is_text(r, b, ",") &&
           (et_is(r, b + 1, "who") || et_is(r, b + 1, "whose"));
}

static bool place_before(const et_run *r, size_t a)
{
    return a > 0 && et_has(r, a - 1, ET_C_LOCPREP) && (r->toks[a - 1].flags & TM_TOK_LOWER);
}

static bool roman(const et_run *r, size_t i)
{
    const char *s = et_lk(r, i);
    for (size_t k = 0; k < r->toks[i].lk_len; k++)
        if (!strchr("ivxlc", s[k]))
            return false;
    return true;
}

static bool has_digit(const et_run *r, size_t i)
{
    for (size_t k = r->toks[i].start; k < r->toks[i].end; k++)
        if (r->text[k] >= '0' && r->text[k] <= '9')
            return true;
    return false;
}

/* Nothing but this run (and punctuation) in the sentence, or the run is
 * followed by a comma at the start: a signature or a salutation
 * ("Vince", "John, thanks for ..."). */
static bool standalone(const names_ctx *nc, size_t a, size_t b)
{
    const et_run *r = nc->r;
    if (a != nc->first_word)
        return false;
    if (b < r->ntoks && (et_is_text(r, b, ",") || et_is_text(r, b, ":")))
        return true;
    for (size_t t = b; t < r->ntoks; t++)
        if (is_word(r, t) || (r->toks[t].flags & TM_TOK_NUMBER))
            return false;
    return true;
}

/* Whether a candidate's rule is the shipped list "list:<name>..." (a
 * prefix: "cities" also covers cities_world). */
static bool from_list(const char *rule, const char *name)
{
    return rule && strncmp(rule, "list:", 5) == 0 &&
           strncmp(rule + 5, name, strlen(name)) == 0;
}

/* A city or a region from the lists (label GPE from source src): a club
 * in sports copy, where a country is the national team. */
static bool city_or_region(int label, const char *src)
{
    return label == ET_GPE && (from_list(src, "cities") || from_list(src, "regions"));
}

/* A country from countries.txt (label GPE from source src). */
static bool list_country(int label, const char *src)
{
    return label == ET_GPE && from_list(src, "countries");
}

/* A country from countries.txt in parentheses just after the run, as
 * results give a player's country: "Goran Ivanisevic (Croatia)",
 * "Chang (U.S.)". Returns the end of the country, or 0. */
static size_t country_in_parens(const names_ctx *nc, size_t b)
{
    const et_run *r = nc->r;
    if (b + 2 >= r->ntoks || !et_is_text(r, b, "(") || !nc->unit_end[b + 1])
        return 0;
    size_t e = nc->unit_end[b + 1];
    const et_entry *u = nc->unit[b + 1];
    if (e < r->ntoks && et_is_text(r, e, ")") && list_country(u->label, source_of(r, u)))
        return e;
    return 0;
}

/* Whether token i is one of the lower-case words of words[]. */
static bool lower_in(const et_run *r, size_t i, const et_word *words)
{
    return i < r->ntoks && (r->toks[i].flags & TM_TOK_LOWER) && in_words(r, i, words);
}

/* Whether token i is the lower-case word w. */
static bool lower_is(const et_run *r, size_t i, const char *w)
{
    return i < r->ntoks && (r->toks[i].flags & TM_TOK_LOWER) && et_is(r, i, w);
}

/* A cricket scorecard around the run: "Atherton c Moin Khan b Waqar
 * Younis 31", "lbw b Wasim Akram": after a lone "c", "b" or "st" that
 * follows a name, or before "c", "b", "lbw" or "st". Returns the index
 * of that word, or SIZE_MAX. */
static size_t scorecard_word(const et_run *r, size_t a, size_t b)
{
    if (a >= 2 && (lower_is(r, a - 1, "b") || lower_is(r, a - 1, "c") ||
                   lower_is(r, a - 1, "st")) &&
        (capitalized(r, a - 2) || lower_is(r, a - 2, "lbw") || et_is_text(r, a - 2, ")")))
        return a - 1;
    if (b + 1 < r->ntoks && (lower_is(r, b, "c") || lower_is(r, b, "b") ||
                             lower_is(r, b, "st") || lower_is(r, b, "lbw")) &&
        (capitalized(r, b + 1) || lower_is(r, b + 1, "b")))
        return b;
    return SIZE_MAX;
}

/* After "said" or "says" at b, the subject of the reported clause is "it"
 * or "its" ("Ecopetrol said it would", "Carlsberg said on Monday its net
 * profit"): the speaker is an organization; with they, "they" also counts
 * ("Statoil and BP said they would"). Words of a date or "in a statement"
 * may come between. */
static bool subject_after_says(const et_run *r, size_t b, bool they)
{
    if (b >= r->ntoks || !et_has(r, b, ET_C_SAYS))
        return false;
    const uint64_t datey = ET_CLUE(ET_C_WEEKDAY) | ET_CLUE(ET_C_MONTH) |
                           ET_CLUE(ET_C_DATEWORD) | ET_CLUE(ET_C_DATEMOD) |
                           ET_CLUE(ET_C_DATEUNIT);
    size_t end = b + 8 < r->ntoks ? b + 8 : r->ntoks;
    for (size_t t = b + 1; t < end; t++) {
        if (lower_is(r, t, "it") || lower_is(r, t, "its") || (they && lower_is(r, t, "they")))
            return true;
        bool skip = (et_clues(r, t) & datey) || (r->toks[t].flags & TM_TOK_NUMBER) ||
                    lower_is(r, t, "on") || lower_is(r, t, "in") || lower_is(r, t, "a") ||
                    lower_is(r, t, "statement") || lower_is(r, t, "that") ||
                    lower_is(r, t, "late") || lower_is(r, t, "early") || et_is_text(r, t, ",");
        if (!skip)
            return false;
    }
    return false;
}

/* Words around an unknown name that make it a company: "shares in Fokker",
 * "a stake in", "the takeover of", "analysts at Nomura", "chairman of";
 * after it "Fokker shares", "Fokker's profit". Returns the index of the
 * telling word, or SIZE_MAX. */
static size_t org_context(const et_run *r, size_t a, size_t b)
{
    static const et_word before_of[] = {W("shares"), W("stake"), W("stakes"), W("takeover"),
                                        W("acquisition"), W("shareholders"), W("chairman"),
                                        W("subsidiary"), W("unit"), {NULL, 0}};
    static const et_word before_at[] = {W("analyst"), W("analysts"), W("economist"),
                                        W("economists"), W("strategist"), W("strategists"),
                                        W("dealer"), W("dealers"), W("trader"), W("traders"),
                                        {NULL, 0}};
    static const et_word after_s[] = {W("shares"), W("profit"), W("profits"), W("earnings"),
                                      W("revenue"), W("revenues"), W("sales"),
                                      W("shareholders"), W("stock"), {NULL, 0}};
    /* The noun may open the sentence: "Shares in Rentokil rose". */
    if (a >= 2 && (lower_is(r, a - 1, "of") || lower_is(r, a - 1, "in"))) {
        if (in_words(r, a - 2, before_of))
            return a - 2;
    }
    if (a >= 2 && (lower_is(r, a - 1, "at") || lower_is(r, a - 1, "with"))) {
        if (in_words(r, a - 2, before_at))
            return a - 2;
    }
    if (b < r->ntoks && (lower_is(r, b, "shares") || lower_is(r, b, "stock") ||
                         lower_is(r, b, "newspaper") || lower_is(r, b, "daily")))
        return b;
    if (b + 1 < r->ntoks && (r->toks[b].flags & TM_TOK_POSSESSIVE)) {
        if ((r->toks[b + 1].flags & TM_TOK_LOWER) && in_words(r, b + 1, after_s))
            return b + 1;
    }
    return SIZE_MAX;
}

/* The end of a country from countries.txt followed by a possessive that
 * ends at token p ("Norway" "'s", "South Korea" "'s"): p is the "'s". */
static bool country_before(const names_ctx *nc, size_t p)
{
    const et_run *r = nc->r;
    if (p < 1 || p >= r->ntoks || !(r->toks[p].flags & TM_TOK_POSSESSIVE))
        return false;
    for (size_t x = p; x-- > 0 && x + 3 >= p;)
        if (nc->unit_end[x] == p)
            return list_country(nc->unit[x]->label, source_of(r, nc->unit[x]));
    return false;
}

/* "Norway's Statoil said it ...", "Norway's Statoil and Britain's BP said
 * they ...": a company named by its country. After a name ending at b,
 * "said" then "it", "its" or "they", or "and", another country's name and
 * then that. Returns the index of "said", or SIZE_MAX. */
static size_t company_clause(const names_ctx *nc, size_t b)
{
    const et_run *r = nc->r;
    if (b < r->ntoks && et_has(r, b, ET_C_SAYS))
        return subject_after_says(r, b, true) ? b : SIZE_MAX;
    if (!(b + 3 < r->ntoks && et_is(r, b, "and")))
        return SIZE_MAX;
    size_t p = b + 2;
    while (p < r->ntoks && p < b + 4 && !(r->toks[p].flags & TM_TOK_POSSESSIVE))
        p++;
    if (!country_before(nc, p))
        return SIZE_MAX;
    size_t t = p + 1;
    while (t < r->ntoks && t < p + 4 && capitalized(r, t))
        t++;
    if (t == p + 1)
        return SIZE_MAX;
    return subject_after_says(r, t, true) ? t : SIZE_MAX;
}

/* The label that a lower-case place noun at token b gives the one word
 * before it, a, after "the" or a preposition: "on the Meghna river" (LOC),
 * "in Guerrero state" (GPE); or -1. Not after anything else ("Inland
 * county seats", "Royal province") but "and" before a plural ("the Rhine
 * and Moselle rivers"), and "state" only after "in" or "of" ("the Mandela
 * state visit"). */
static int place_noun_after(const et_run *r, size_t a, size_t b)
{
    static const et_word locs[] = {W("river"), W("rivers"), W("valley"), W("delta"),
                                   W("basin"), W("desert"), W("peninsula"), W("plateau"),
                                   W("strait"), {NULL, 0}};
    static const et_word gpes[] = {W("province"), W("provinces"), W("district"),
                                   W("county"), W("prefecture"), W("governorate"),
                                   {NULL, 0}};
    static const et_word before[] = {W("the"), W("in"), W("of"), W("at"), W("on"),
                                     W("near"), W("across"), W("along"), W("into"),
                                     W("from"), W("to"), {NULL, 0}};
    if (b >= r->ntoks || r->toks[b].lk_len < 5) /* the nouns are longer */
        return -1;
    int label = lower_in(r, b, locs) ? ET_LOC : lower_in(r, b, gpes) ? ET_GPE : -1;
    if (label < 0 && lower_is(r, b, "state") && a > 0 &&
        (et_is(r, a - 1, "in") || et_is(r, a - 1, "of")))
        return ET_GPE;
    bool plural = lower_is(r, b, "rivers") || lower_is(r, b, "provinces");
    if (label < 0 || a == 0 ||
        !(lower_in(r, a - 1, before) || (plural && lower_is(r, a - 1, "and"))))
        return -1;
    return label;
}

static bool short_number(const et_run *r, size_t i, size_t max);
static bool numbers_only(const et_run *r, size_t i, size_t end, int *nums);

/* A headline verb whose object is a player: "SAMPRAS BEATS WOODFORDE". */
static bool beat_verb(const et_run *r, size_t i)
{
    static const et_word verbs[] = {W("beats"), W("defeats"), W("upsets"), W("stuns"),
                                    W("edges"), W("ousts"), {NULL, 0}};
    return r->caps_sentence && i < r->ntoks && in_words(r, i, verbs);
}

/* A dateline, the line that opens a wire story: its place in capitals,
 * maybe a region or country after a comma, then the date in figures
 * ("SESTRIERE, Italy 1996-12-08", "CAMDEN, N.J. 1996-11-20"). Sets the
 * fields of nc that say where its parts are, once a sentence. */
static void find_dateline(names_ctx *nc)
{
    const et_run *r = nc->r;
    size_t fw = nc->first_word, p = fw;
    nc->dateline_end = 0;
    while (p < r->ntoks && is_word(r, p) && (r->toks[p].flags & TM_TOK_ALL_CAPS))
        p++;
    if (p == fw)
        return;
    size_t t = p, rs = p;
    if (t < r->ntoks && et_is_text(r, t, ",")) {
        rs = ++t;
        while (t < r->ntoks && t < rs + 4 &&
               (capitalized(r, t) || (et_is_text(r, t, ".") && glued(r, t))))
            t++;
        if (t == rs)
            return;
    }
    int nums;
    if (!short_number(r, t, 4) || r->toks[t].end - r->toks[t].start != 4 ||
        !numbers_only(r, t, r->ntoks, &nums))
        return;
    nc->place_end = p;
    nc->region = rs;
    nc->dateline_end = t;
}

/* Whether tokens [a, b) are the place or the region of the sentence's
 * dateline; *end gets where the part ends, with the full stop of an
 * abbreviated region ("Calif."). */
static bool dateline_part(const names_ctx *nc, size_t a, size_t b, size_t *end)
{
    if (!nc->dateline_end)
        return false;
    if (a == nc->first_word && b == nc->place_end)
        *end = b;
    else if (a >= nc->region && b <= nc->dateline_end)
        *end = nc->dateline_end;
    else
        return false;
    return true;
}

/* A run with no list match, keyword or title. */
static int classify_unknown(names_ctx *nc, size_t a, size_t b)
{
    et_run *r = nc->r;
    const et_tagger *tg = r->tg;
    int words = 0; /* capitalized words: "van der" does not count */
    for (size_t t = a; t < b; t++)
        words += capitalized(r, t);
    bool initial = a == nc->first_word;
    bool guess = tg->guess && !nc->title_case && !r->caps_sentence;
    uint32_t f = r->toks[a].flags;

    size_t ctx, end;
    if (dateline_part(nc, a, b, &end))
        return emit(nc, a, end, ET_GPE, ET_STRONG, 0.8, "dateline", 0, 0);
    /* "TENNIS - SAMPRAS BEATS WOODFORDE IN MUNICH": in a headline of a
     * sport played by one, the name after the dash and the one beaten,
     * up to a verb, a preposition or the end. */
    if (nc->solo_headline && words <= 3 && a > 0 &&
        (et_is_text(r, a - 1, "-") || beat_verb(r, a - 1)) &&
        (b >= r->ntoks || headline_verb(r, b) || (r->toks[b].flags & TM_TOK_PUNCT) ||
         et_is(r, b, "in") || et_is(r, b, "at") || et_is(r, b, "on") || et_is(r, b, "for")))
        return emit(nc, a, b, ET_PERSON, ET_STRONG, 0.7, "headline", 0, 0);
    /* Contexts in lower case: they hold in a headline too, and results
     * are mostly capitalized words. */
    bool lower_ctx = tg->guess && !r->caps_sentence;
    /* "shares in Fokker", "analysts at Nomura", "Fokker's profit" */
    if (lower_ctx && words <= 4 && (ctx = org_context(r, a, b)) != SIZE_MAX)
        return emit(nc, a, b, ET_ORG, ET_STRONG, 0.7, "org_context", ctx, ctx + 1);
    /* "Norway's Statoil said it", "Britain's BP said they" (not a
     * person's given or family name: "Japan's Naoko Sawamatsu said"). */
    if (lower_ctx && words <= 3 && country_before(nc, a - 1) && !et_has(r, a, ET_C_GIVEN) &&
        !et_has(r, b - 1, ET_C_SURNAME) && (ctx = company_clause(nc, b)) != SIZE_MAX)
        return emit(nc, a, b, ET_ORG, ET_STRONG, 0.7, "country_company", ctx, ctx + 1);
    /* "Ivanisevic (Croatia)", "c Moin Khan b Waqar Younis" */
    if (lower_ctx && words <= 4) {
        size_t ce = country_in_parens(nc, b);
        if (ce && person_like(nc, a, b))
            return emit(nc, a, b, ET_PERSON, ET_STRONG, 0.8, "name_country", b + 1, ce);
        if ((ctx = scorecard_word(r, a, b)) != SIZE_MAX && person_like(nc, a, b))
            return emit(nc, a, b, ET_PERSON, ET_STRONG, 0.75, "scorecard", ctx, ctx + 1);
    }
    /* Given name first: "Emmanuel Macron", "Mary Ann Evans" */
    if (words >= 2 && words <= 3 && et_has(r, a, ET_C_GIVEN) && person_like(nc, a, b))
        return emit(nc, a, b, ET_PERSON, ET_STRONG, 0.85, "given_name", a, a + 1);
    /* Initials: "J. R. R. Tolkien" */
    if (words >= 2 && (f & TM_TOK_DOTTED) && r->toks[a].lk_len == 2 && person_like(nc, a, b))
        return emit(nc, a, b, ET_PERSON, ET_STRONG, 0.8, "initials", 0, 0);
    /* Known family name last: "Andrea Rossi"; or first, before a Chinese
     * given name with a hyphen (see run_end): "Tung Chee-hwa". */
    if (words >= 2 && words <= 3 && et_has(r, b - 1, ET_C_SURNAME) && person_like(nc, a, b))
        return emit(nc, a, b, ET_PERSON, ET_STRONG, 0.75, "surname", b - 1, b);
    if (words == 2 && b - a == 4 && et_is_text(r, b - 2, "-") &&
        (r->toks[b - 1].flags & TM_TOK_LOWER) && et_has(r, a, ET_C_SURNAME))
        return emit(nc, a, b, ET_PERSON, ET_STRONG, 0.75, "surname", a, a + 1);

    if (words == 1) {
        size_t len = r->toks[a].lk_len;
        /* "Police said", "Minister said": a keyword or a title alone
         * names nobody. */
        bool role = et_clues(r, a) & (KW_MASK | ET_CLUE(ET_C_TITLE));
        if (says_after(r, b) && (!initial || (!common(r, a) && r->toks[a].lk[len - 1] != 's')) &&
            tg->guess && !(f & TM_TOK_ALL_CAPS) && !role) {
            bool org = subject_after_says(r, b, false) && !et_has(r, a, ET_C_GIVEN) &&
                       !et_has(r, a, ET_C_SURNAME);
            if (emit(nc, a, b, org ? ET_ORG : ET_PERSON, ET_WEAK, 0.6,
                     org ? "said_it" : "context", b, b + 1) != 0)
                return -1;
            /* Good enough to name the other mentions ("Abbas told ..."). */
            r->cands[r->ncands - 1].register_name = true;
            return 0;
        }
        if (b + 2 <= r->ntoks && et_is_text(r, b, "-") && glued(r, b) && glued(r, b + 1) &&
            (et_is(r, b + 1, "based") || et_is(r, b + 1, "born") ||
             et_is(r, b + 1, "headquartered")) && tg->guess)
            return emit(nc, a, b, ET_GPE, ET_WEAK, 0.65, "context", b + 1, b + 2);
        /* An unknown acronym is an organization when the context says so:
         * "the UAW", "UAW said", "UAW's" (alone it is as often a product,
         * a unit or a word in capitals). */
        if ((f & TM_TOK_ALL_CAPS) && guess && len >= 3 && len <= 6 && !roman(r, a) &&
            !has_digit(r, a) && !(f & TM_TOK_DOTTED) &&
            ((a > 0 && et_is(r, a - 1, "the")) || says_after(r, b) ||
             (b < r->ntoks && (r->toks[b].flags & TM_TOK_POSSESSIVE))))
            return emit(nc, a, b, ET_ORG, ET_WEAK, 0.4, "acronym", 0, 0);
        /* "YELTSIN SAYS ...", "ATHLETICS - JOHNSON WINS ...": a known
         * family name that opens a headline in capitals, before its verb. */
        if (headline_verb(r, b) && et_has(r, a, ET_C_SURNAME) && !common(r, a) &&
            (initial || et_is_text(r, a - 1, "-")) && tg->guess)
            return emit(nc, a, b, ET_PERSON, ET_WEAK, 0.55, "headline", b, b + 1);
        int place = lower_ctx && !(f & TM_TOK_ALL_CAPS) ? place_noun_after(r, a, b) : -1;
        if (place >= 0)
            return emit(nc, a, b, place, ET_STRONG, 0.7, "place_noun", b, b + 1);
        if (!initial && guess && place_before(r, a) && !et_has(r, a, ET_C_GIVEN))
            return emit(nc, a, b, ET_GPE, ET_WEAK, 0.5, "context", a - 1, a);
        if (et_has(r, a, ET_C_GIVEN) && tg->guess && !(f & TM_TOK_ALL_CAPS) &&
            standalone(nc, a, b) && !common(r, a))
            return emit(nc, a, b, ET_PERSON, ET_WEAK, 0.6, "given_name", a, a + 1);
        if (!initial && guess && et_has(r, a, ET_C_GIVEN) && !(f & TM_TOK_ALL_CAPS))
            return emit(nc, a, b, ET_PERSON, ET_WEAK, 0.55, "given_name", a, a + 1);
        if (!initial && guess && et_has(r, a, ET_C_SURNAME) && !common(r, a) &&
            !(f & TM_TOK_ALL_CAPS))
            return emit(nc, a, b, ET_PERSON, ET_WEAK, 0.5, "surname", a, a + 1);
        return unresolved(nc, a, b);
    }
    if (says_after(r, b) && words <= 4 && person_like(nc, a, b) && tg->guess) {
        if (subject_after_says(r, b, false) && !et_has(r, a, ET_C_GIVEN))
            return emit(nc, a, b, ET_ORG, ET_WEAK, 0.65, "said_it", b, b + 1);
        return emit(nc, a, b, ET_PERSON, ET_WEAK, 0.65, "context", b, b + 1);
    }
    /* Other runs of unknown capitalized words are as often products,
     * titles or headings as names: left to the document pass. */
    return unresolved(nc, a, b);
}

/* Splits [a, b) at list matches; classifies the pieces between them. */
static int split_units(names_ctx *nc, size_t a, size_t b)
{
    et_run *r = nc->r;
    size_t piece = a;
    for (size_t t = a; t < b;) {
        if (!nc->unit_end[t]) {
            t++;
            continue;
        }
        size_t e = nc->unit_end[t];
        if (t > piece && classify(nc, piece, t, false) != 0)
            return -1;
        const et_entry *u = nc->unit[t];
        if (!r->toks[t].taken &&
            emit(nc, t, e, u->label, ET_STRONG, 0.9, source_of(r, u), 0, 0) != 0)
            return -1;
        t = piece = e;
    }
    if (piece < b && classify(nc, piece, b, false) != 0)
        return -1;
    return 0;
}

/* A lower-case title that may stand before ", Name,": a role noun, not a
 * modifier ("former", "acting") nor "general" ("In general, ..."). */
static bool appositive_title(const et_run *r, size_t t)
{
    static const et_word not_nouns[] = {W("general"), W("major"), W("former"), W("acting"),
                                        W("interim"), W("senior"), W("associate"),
                                        W("assistant"), W("vice"), W("deputy"),
                                        W("principal"), W("chair"), W("chief"), {NULL, 0}};
    return et_has(r, t, ET_C_TITLE) && (r->toks[t].flags & TM_TOK_LOWER) &&
           !in_words(r, t, not_nouns);
}

/* Whether [a, b) can be the name after an organization noun: unknown
 * capitalized words, cities or regions (a club, "side Barcelona") and
 * organizations; no country, person, nationality or keyword of another
 * kind, at most five words. */
static bool org_noun_run(const names_ctx *nc, size_t a, size_t b)
{
    const et_run *r = nc->r;
    if (b - a > 5 || !capitalized(r, a))
        return false;
    /* "film maker Oliver Stone": a given name and more words is a person. */
    if (b - a >= 2 && !nc->unit_end[a] && et_has(r, a, ET_C_GIVEN) &&
        !(et_clues(r, b - 1) & KW_MASK))
        return false;
    for (size_t t = a; t < b; t++) {
        if (nc->unit_end[t]) {
            const et_entry *u = nc->unit[t];
            const char *src = source_of(r, u);
            if (u->label != ET_ORG && !city_or_region(u->label, src))
                return false;
            t = nc->unit_end[t] - 1;
            continue;
        }
        uint64_t c = et_clues(r, t);
        if ((c & KW_MASK) && !(c & (ET_CLUE(ET_C_KW_ORG) | ET_CLUE(ET_C_KW_SUFFIX))))
            return false;
        if (et_has(r, t, ET_C_TITLE))
            return false;
    }
    return true;
}

/* Keywords that come first in a name: "Lake Geneva", "Mount Kenya". */
static bool leading_keyword(const et_run *r, size_t t)
{
    static const et_word words[] = {W("lake"), W("mount"), W("mt"), W("cape"), W("isle"),
                                    W("fort"), W("hurricane"), W("typhoon"), W("cyclone"),
                                    W("storm"), {NULL, 0}};
    return in_words(r, t, words);
}

/* Words for a bank or a group that open a company's name in Spanish,
 * Portuguese, Italian or French: "Banco Bilbao Vizcaya", "Grupo Televisa". */
static bool leading_org_word(const et_run *r, size_t t)
{
    static const et_word words[] = {W("banco"), W("banca"), W("banque"), W("grupo"),
                                    W("groupe"), W("gruppo"), W("compagnie"), W("compania"),
                                    W("companhia"), {NULL, 0}};
    size_t n = r->toks[t].lk_len;
    return n >= 5 && n <= 9 && in_words(r, t, words);
}

static int classify(names_ctx *nc, size_t a, size_t b, bool after_title)
{
    et_run *r = nc->r;
    /* Trim what cannot begin or end a name. */
    while (a < b && !nc->unit_end[a] && (!is_word(r, a) || r->toks[a].taken ||
                                         (common(r, a) && !name_word(nc, a))))
        a++;
    /* A list entry that ends in a possessive keeps it: "Moody's",
     * "Ben & Jerry's". */
    size_t lu = a;
    while (lu < b && nc->unit_end[lu] && nc->unit_end[lu] < b)
        lu = nc->unit_end[lu];
    if (!(lu < b && nc->unit_end[lu] == b))
        while (b > a && !is_word(r, b - 1))
            b--;
    if (a >= b)
        return 0;

    /* 1. A title before a name: "President Emmanuel Macron", "Mr. Smith". */
    for (size_t t = a; t < b; t++) {
        if (nc->unit_end[t]) {
            t = nc->unit_end[t] - 1;
            continue;
        }
        const et_entry *e;
        if (!r->toks[t].e || !(et_has(r, t, ET_C_TITLE) || (r->toks[t].e->flags & ET_E_PREFIX)))
            continue;
        size_t te = et_longest(r, t, b, want_title, &e);
        if (te == t)
            continue;
        while (te < b && (et_is_text(r, te, ".") || et_has(r, te, ET_C_TITLE)))
            te++;
        /* "Dean Saunders", "Earl Spencer": a title that is also a given
         * name, with one name word after it, is read as the given name. */
        if (t == a && te == t + 1 && b == te + 1 && et_has(r, t, ET_C_GIVEN) &&
            person_like(nc, t, b))
            return emit(nc, t, b, ET_PERSON, ET_STRONG, 0.8, "given_name", t, te);
        if (te < b && person_like(nc, te, b)) {
            if (t > a && classify(nc, a, t, false) != 0)
                return -1;
            return emit(nc, te, b, ET_PERSON, ET_STRONG, 0.9, "title", t, te);
        }
        t = te > t ? te - 1 : t;
    }
    /* "president Joe Biden": a lower-case title just before the run. */
    if (!after_title && a > 0 && et_has(r, a - 1, ET_C_TITLE) &&
        (r->toks[a - 1].flags & TM_TOK_LOWER) && person_like(nc, a, b) &&
        !(nc->unit_end[a] == b))
        return emit(nc, a, b, ET_PERSON, ET_STRONG, 0.85, "title", a - 1, a);

    /* "the army's commander, Ratko Mladic,": a lower-case title, a comma,
     * then the name closed by a comma or the end of the sentence. */
    if (!after_title && a > 1 && et_is_text(r, a - 1, ",") && appositive_title(r, a - 2) &&
        (b >= r->ntoks || et_is_text(r, b, ",") || et_is_text(r, b, ".")) &&
        person_like(nc, a, b) && !(nc->unit_end[a] == b))
        return emit(nc, a, b, ET_PERSON, ET_STRONG, 0.8, "title", a - 2, a - 1);

    /* "carmaker Scania", "newspaper Al-Rai al-Aam", "Spanish side
     * Barcelona": a lower-case noun for a kind of organization just
     * before the name. */
    if (a > 0 && et_has(r, a - 1, ET_C_ORG_NOUN) && (r->toks[a - 1].flags & TM_TOK_LOWER) &&
        !(nc->unit_end[a] == b && nc->unit[a]->label == ET_ORG) && org_noun_run(nc, a, b))
        return emit(nc, a, b, ET_ORG, ET_STRONG, 0.75, "org_noun", a - 1, a);

    /* 2. Exactly one list entry. */
    if (nc->unit_end[a] == b) {
        const et_entry *u = nc->unit[a];
        /* "Paris Hilton" is not the city: a list place that is also a given
         * name, followed by more capitalized words, is handled as a run. */
        return emit(nc, a, b, u->label, ET_STRONG, 0.9, source_of(r, u), 0, 0);
    }

    /* "Banco Bilbao Vizcaya", "Banco Central Hispanoamericano": a leading
     * word for a bank or a group makes the whole run one company, even
     * over the list places and shorter list names inside it. */
    if (b - a >= 2 && capitalized(r, a) && leading_org_word(r, a) && capitalized(r, b - 1))
        return emit(nc, a, b, ET_ORG, ET_STRONG, 0.85, "lead_keyword", a, a + 1);

    /* 3. A keyword gives its label to the whole run: "Moscow State
     * University", "Bank of England", "Tampa Bay", "Minsk Agreement". */
    size_t kw = b;
    size_t last = b - 1;
    if (!nc->unit_end[last] && (et_clues(r, last) & KW_MASK)) {
        kw = last; /* "Moscow State University" */
    } else {
        for (size_t t = a; t + 1 < b && kw == b; t++) {
            uint64_t c = et_clues(r, t);
            if (nc->unit_end[t] || !(c & KW_MASK))
                continue;
            /* "Bank of England"; "Lake Geneva", "Hurricane Katrina" */
            if (et_has(r, t + 1, ET_C_ORG_CONN) && (r->toks[t + 1].flags & TM_TOK_LOWER))
                kw = t;
            else if (t == a && leading_keyword(r, t))
                kw = t;
        }
    }
    /* "Stuart Hall" is a man, not a building. */
    if (kw == last && b - a == 2 && et_has(r, a, ET_C_GIVEN) && et_has(r, kw, ET_C_SURNAME))
        kw = b;
    if (kw < b) {
        int words = 0;
        for (size_t t = a; t < b; t++)
            words += is_word(r, t) && !et_has(r, t, ET_C_ORG_CONN);
        int label = label_of_keyword(et_clues(r, kw));
        /* A keyword alone ("the Council") names nothing. */
        if (words >= 2 && label >= 0)
            return emit(nc, a, b, label, ET_STRONG, 0.85, "keyword", kw, kw + 1);
    }

    /* 4. List matches inside the run. */
    bool has_unit = false, all_units = true, hyphens = true;
    int same_label = -2;
    for (size_t t = a; t < b;) {
        if (nc->unit_end[t]) {
            has_unit = true;
            int l = nc->unit[t]->label;
            same_label = same_label == -2 || same_label == l ? l : -1;
            t = nc->unit_end[t];
            if (t < b && !et_is_text(r, t, "-"))
                hyphens = false;
        } else {
            if (is_word(r, t))
                all_units = false;
            t++;
        }
    }
    if (has_unit) {
        /* "Russian-American", "Austria-Hungary" */
        if (all_units && hyphens && same_label >= 0)
            return emit(nc, a, b, same_label, ET_STRONG, 0.85, "compound", 0, 0);
        /* A given name, then a family name that a world list has as a
         * place: "Kazuo Ueda", "Maria Santos". */
        if (et_has(r, a, ET_C_GIVEN) && !nc->unit_end[a] && capitalized(r, a) &&
            !common(r, a) && person_like(nc, a, b) && b - a <= 4)
            return emit(nc, a, b, ET_PERSON, ET_STRONG, 0.75, "given_name", a, a + 1);
        /* A given name that is also a place ("Jordan Peterson"). */
        if (et_has(r, a, ET_C_GIVEN) && nc->unit_end[a] == a + 1 &&
            person_like(nc, a + 1, b) && b - a <= 4)
            return emit(nc, a, b, ET_PERSON, ET_STRONG, 0.75, "given_name", a, a + 1);
        /* A place or nationality then unknown words: "American Airlines". */
        if (nc->unit_end[a] && (nc->unit[a]->label == ET_GPE || nc->unit[a]->label == ET_NORP) &&
            r->tg->guess && !nc->title_case) {
            size_t rest = nc->unit_end[a];
            bool plain = rest < b && !et_has(r, rest, ET_C_GIVEN);
            for (size_t t = rest; t < b; t++)
                if (nc->unit_end[t] || !capitalized(r, t) || common(r, t))
                    plain = false;
            if (plain && b - rest <= 3)
                return emit(nc, a, b, ET_ORG, ET_WEAK, 0.55, "place_and_name", 0, 0);
        }
        return split_units(nc, a, b);
    }
    return classify_unknown(nc, a, b);
}

/* A title with a lower-case word inside ("Secretary of State", "Minister
 * for Energy") starting at i: its end, or i. Runs do not cross the lower-case
 * word, so et_names handles it before building a run. */
static size_t inner_title(const names_ctx *nc, size_t i)
{
    const et_run *r = nc->r;
    const et_entry *e;
    if (!r->toks[i].e || !(r->toks[i].e->flags & ET_E_PREFIX))
        return i;
    size_t te = et_longest(r, i, r->ntoks, want_title, &e);
    for (size_t t = i + 1; t < te; t++)
        if (r->toks[t].flags & TM_TOK_LOWER)
            return te;
    return i;
}

/* A headline of a sport, "SOCCER - ...", "RUGBY UNION - ...", "TENNIS -
 * ...": marks the sport's words taken and sets r->sports_headline (a team
 * sport); returns whether it is a sport played by one, in capitals. */
static bool sports_headline(et_run *r);

int et_names(et_run *r)
{
    size_t n = r->ntoks;
    if (n == 0)
        return 0;
    names_ctx nc = {.r = r, .unit_end = r->unit_end, .unit = r->unit,
                    .first_word = r->first_word};
    nc.solo_headline = sports_headline(r);
    find_units(&nc);
    find_dateline(&nc);
    nc.title_case = r->words >= 4 && r->cap_words * 10 >= r->words * 7;
    int rc = 0;
    /* A run starts on a list match or a capitalized word: both are in
     * name_at. */
    size_t i = 0;
    for (size_t x = 0; x < r->nname && rc == 0; x++) {
        if (r->name_at[x] < i)
            continue;
        i = r->name_at[x];
        if (!nc.unit_end[i] && !(r->toks[i].flags & (TM_TOK_CAPITALIZED | TM_TOK_ALL_CAPS)))
            continue;
        if (!name_word(&nc, i)) {
            i++;
            continue;
        }
        size_t te = inner_title(&nc, i);
        if (te > i && name_word(&nc, te)) {
            size_t e = run_end(&nc, te);
            if (person_like(&nc, te, e)) {
                rc = emit(&nc, te, e, ET_PERSON, ET_STRONG, 0.9, "title", i, te);
                i = e;
                continue;
            }
        }
        size_t e = run_end(&nc, i);
        rc = classify(&nc, i, e, false);
        i = e > i ? e : i + 1;
    }
    return rc;
}

/* ---- sports results ------------------------------------------------------- */

/* Verbs of a result between two teams: "Liverpool beat Chelsea 3-1"
 * ("drew" only in "drew with": "Ueda drew large crowds"). */
static bool result_verb(const et_run *r, size_t i)
{
    static const et_word verbs[] = {W("beat"), W("beats"), W("defeated"), W("defeats"),
                                    W("edged"), W("thrashed"), W("routed"), W("hammered"),
                                    W("trounced"), {NULL, 0}};
    return in_words(r, i, verbs);
}

/* The token that starts at byte offset pos, or ntoks (tokens are in text
 * order: a binary search, so that a huge sentence stays linear). */
static size_t tok_at(const et_run *r, size_t pos)
{
    size_t lo = 0, hi = r->ntoks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->toks[mid].start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->ntoks && r->toks[lo].start == pos ? lo : r->ntoks;
}

/* Whether token i is a score: a number of one or two digits, or three in
 * a line with no word in lower case, after a name ("CHICAGO 103 Vancouver
 * 88", not "WITH 169 ILLUSTRATIONS"). */
static bool score_tok(const et_run *r, size_t i)
{
    if (!short_number(r, i, 3))
        return false;
    size_t len = r->toks[i].end - r->toks[i].start;
    return len <= 2 || (r->words == r->cap_words && i > 0 && capitalized(r, i - 1) &&
                        !common(r, i - 1));
}

/* Past a "(Italy)" or "(U.S.)" after a team or a player, or the scorers
 * after a score, "3 (Nilis 12, Jonk 40, Cocu 77)": the token after the
 * closing parenthesis, or i. */
#define PARENS_MAX 48
static size_t skip_parens(const et_run *r, size_t i)
{
    if (i >= r->ntoks || !et_is_text(r, i, "("))
        return i;
    for (size_t t = i + 1; t < r->ntoks && t < i + PARENS_MAX; t++)
        if (et_is_text(r, t, ")"))
            return t + 1;
        else if (et_is_text(r, t, "("))
            break;
    return i;
}

/* The "(" open at token i: looking back from it, within PARENS_MAX
 * tokens and not past a ")"; or SIZE_MAX. */
static size_t open_paren(const et_run *r, size_t i)
{
    for (size_t t = i; t-- > 0 && i - t < PARENS_MAX;)
        if (et_is_text(r, t, "("))
            return t;
        else if (et_is_text(r, t, ")"))
            break;
    return SIZE_MAX;
}

/* Back past the parentheses that token i closes: the token before the
 * opening one, or i (when i is not ")" or none opens it nearby). */
static size_t skip_parens_back(const et_run *r, size_t i)
{
    if (i >= r->ntoks || !et_is_text(r, i, ")"))
        return i;
    size_t p = open_paren(r, i);
    return p != SIZE_MAX && p > 0 ? p - 1 : i;
}

/* Whether token i is a number of at most max characters. */
static bool short_number(const et_run *r, size_t i, size_t max)
{
    return i < r->ntoks && (r->toks[i].flags & TM_TOK_NUMBER) &&
           r->toks[i].end - r->toks[i].start <= max;
}

/* A scorer at tokens [a, b) in a line of results: after "(", "," or ";" in
 * parentheses that follow a score, and before the minute of the goal or
 * the runs or wickets, "3 (Nilis 12, Jonk 40 pen, Cocu 77)", "553 (Wasim
 * Akram 257 not out, Saqlain Mushtaq 79)". */
static bool scorer(const et_run *r, size_t a, size_t b)
{
    if (a == 0 || !short_number(r, b, 3) ||
        !(et_is_text(r, a - 1, "(") || et_is_text(r, a - 1, ",") || et_is_text(r, a - 1, ";")))
        return false;
    size_t p = open_paren(r, a);
    return p != SIZE_MAX && p > 0 && short_number(r, p - 1, 4);
}

/* What a candidate may become as a side of a result. */
enum { SIDE_NO, SIDE_KEEP, SIDE_CLUB };

/* Whether the candidate is a list city or region (not an unknown word). */
static bool list_place(const et_cand *cd)
{
    return city_or_region(cd->label, cd->rule);
}

/* A city or a region from the lists, an unknown name or a weak guess of a
 * person ("Bolton") is a club; a country stays the national team (GPE), an
 * organization stays. */
static int side_kind(const et_run *r, const et_cand *cd)
{
    if (cd->label == ET_ORG)
        return SIDE_KEEP;
    if (cd->label < 0 || (cd->label == ET_PERSON && cd->strength == ET_WEAK && cd->ntok == 1))
        return SIDE_CLUB;
    if (list_place(cd))
        return SIDE_CLUB;
    return list_country(cd->label, cd->rule) ? SIDE_KEEP : SIDE_NO;
}


/* Only numbers and punctuation in tokens [i, end): the rest of a row of a
 * table; counts the numbers in *nums. */
static bool numbers_only(const et_run *r, size_t i, size_t end, int *nums)
{
    *nums = 0;
    for (size_t t = i; t < end; t++) {
        /* A number of its own ("74", ".561"), not a piece of "1996-08-22". */
        if (r->toks[t].flags & TM_TOK_NUMBER)
            *nums += (r->toks[t].flags & TM_TOK_SPACE_BEFORE) ||
                     (t > i && et_is_text(r, t - 1, ".") &&
                      (r->toks[t - 1].flags & TM_TOK_SPACE_BEFORE));
        else if (!(r->toks[t].flags & TM_TOK_PUNCT))
            return false;
    }
    return true;
}

static bool result_sep(const et_run *r, size_t i)
{
    return lower_is(r, i, "v") || lower_is(r, i, "vs") || lower_is(r, i, "versus") ||
           (i < r->ntoks && et_is_text(r, i, "vs."));
}

/* Sports words that open a headline, "SOCCER - ...", "RUGBY UNION - ...":
 * in team sports a city there is a club. */
static bool sport_word(const et_run *r, size_t i)
{
    static const et_word words[] = {W("soccer"), W("football"), W("cricket"), W("rugby"),
                                    W("baseball"), W("basketball"), W("hockey"), {NULL, 0}};
    return in_words(r, i, words);
}

/* Sports played by one: "TENNIS - ...", "MOTOR RACING - ...". */
static bool solo_sport_word(const et_run *r, size_t i)
{
    static const et_word words[] = {
        W("tennis"),   W("golf"),    W("athletics"), W("cycling"), W("boxing"),
        W("skiing"),   W("racing"),  W("snooker"),   W("squash"),  W("badminton"),
        W("swimming"), W("chess"),   W("judo"),      W("wrestling"), W("triathlon"),
        {NULL, 0}};
    return in_words(r, i, words);
}

/* The end token (exclusive) of candidate c, which starts at token a. */
static size_t cand_end(const et_run *r, size_t c, size_t a)
{
    size_t e = a;
    while (e < r->ntoks && r->toks[e].end <= r->cands[c].end)
        e++;
    return e;
}

static bool sports_headline(et_run *r)
{
    r->sports_headline = false;
    size_t f = r->first_word;
    if (f >= r->ntoks || !(r->toks[f].flags & TM_TOK_ALL_CAPS))
        return false;
    size_t k = f + 1;
    if (k < r->ntoks && (r->toks[k].flags & TM_TOK_ALL_CAPS) && (r->toks[k].flags & TM_TOK_WORD))
        k++; /* "RUGBY UNION", "ICE HOCKEY", "MOTOR RACING" */
    if (k >= r->ntoks || !et_is_text(r, k, "-"))
        return false;
    bool team = sport_word(r, f) || sport_word(r, k - 1);
    bool solo = !team && (solo_sport_word(r, f) || solo_sport_word(r, k - 1));
    if (!team && !solo)
        return false;
    for (size_t t = f; t < k; t++)
        r->toks[t].taken = 1; /* the sport is not a name ("RUGBY UNION") */
    r->sports_headline = team;
    return solo && r->caps_sentence;
}

/* An unknown word and a city next to each other are one club ("Rotor
 * Volgograd", "Widzew Lodz"): the candidate starting at token t + 1 when
 * the one ending at token t is followed by it with only a space between,
 * one of them unknown and the other a list place; else 0. at maps a token
 * to 1 + the candidate starting there. */
static size_t club_part(const et_run *r, const size_t *at, size_t c, size_t t)
{
    if (t >= r->ntoks || !at[t] || !(r->toks[t].flags & TM_TOK_SPACE_BEFORE) ||
        r->caps_sentence)
        return 0;
    const et_cand *x = &r->cands[c], *y = &r->cands[at[t] - 1];
    if ((x->label < 0 && list_place(y)) || (list_place(x) && y->label < 0))
        return at[t];
    return 0;
}

/* Roles in a club just after its name: "Newcastle manager Kevin Keegan". */
static const et_word club_roles[] = {W("manager"), W("coach"), W("striker"), W("midfielder"),
                                     W("defender"), W("goalkeeper"), W("keeper"), W("winger"),
                                     W("captain"), W("skipper"), W("boss"), {NULL, 0}};

/* Words that only sports prose has: the sentence is about a game. Looked
 * for only when a place has a club's context next to it, and then once a
 * sentence: *known is -1 until then, and every place of a long sentence
 * may ask. */
static bool sports_sentence(const et_run *r, int *known)
{
    static const et_word words[] = {
        W("goal"),       W("goals"),      W("league"),    W("match"),     W("scored"),
        W("penalty"),    W("season"),     W("champions"), W("relegation"), W("innings"),
        W("wickets"),    W("stadium"),    W("unbeaten"),  W("fixture"),   W("striker"),
        W("midfielder"), W("defender"),   W("goalkeeper"), W("manager"),  W("coach"),
        W("semifinal"),  W("quarterfinal"), W("club"),    W("footballer"), W("cricketer"),
        {NULL, 0}};
    if (*known < 0) {
        *known = 0;
        for (size_t t = 0; t < r->ntoks && !*known; t++)
            *known = lower_in(r, t, words);
    }
    return *known;
}

/* Fills at: token index -> 1 + the candidate, from first on, that starts
 * there (the last one, when several do), or 0. */
static void map_starts(const et_run *r, size_t first, size_t *at)
{
    memset(at, 0, r->ntoks * sizeof(*at));
    for (size_t c = first; c < r->ncands; c++) {
        size_t a = tok_at(r, r->cands[c].start);
        if (a < r->ntoks)
            at[a] = c + 1;
    }
}

/* The index of the candidate, from first on, that is an unknown single
 * capitalized word (or a weak guess of a person) at token x, with only a
 * space before token gap: the other word of a club named with its city
 * ("Sigma Olomouc", "Dynamo Kiev"); or SIZE_MAX. The candidate is looked up
 * in at (see map_starts), made on the first call (*mapped): a scan of all
 * of them for each place would make a long sentence quadratic. Tokens
 * taken by one candidate start no other, and a candidate that et_sports
 * moved or emptied since fails the test on its span, so at[x] is the one
 * a scan would find. */
static size_t club_word(const et_run *r, size_t *at, bool *mapped, size_t first, size_t x,
                        size_t gap)
{
    if (x >= r->ntoks || gap >= r->ntoks || !(r->toks[gap].flags & TM_TOK_SPACE_BEFORE) ||
        !capitalized(r, x) || r->caps_sentence)
        return SIZE_MAX;
    if (!*mapped) {
        map_starts(r, first, at);
        *mapped = true;
    }
    if (!at[x])
        return SIZE_MAX;
    const et_cand *cd = &r->cands[at[x] - 1];
    if (cd->start == r->toks[x].start && cd->end == r->toks[x].end && cd->ntok == 1 &&
        (cd->label < 0 || (cd->label == ET_PERSON && cd->strength == ET_WEAK)))
        return at[x] - 1;
    return SIZE_MAX;
}

/* A club in sports prose, for a list place (or, after a result noun, an
 * unknown word) at tokens [a, b): "Newcastle manager", "leaving
 * Kaiserslautern two points clear", "a defeat by Bordeaux", "win at
 * Lierse", "against Tottenham" (in a sentence about a game: *sporty, see
 * sports_sentence). Returns the telling word, or r->ntoks. */
static size_t club_context(const et_run *r, size_t a, size_t b, bool place, int *sporty)
{
    static const et_word result_nouns[] = {W("win"),     W("wins"), W("victory"), W("defeat"),
                                           W("defeats"), W("draw"), W("loss"),    {NULL, 0}};
    static const et_word preps[] = {W("over"), W("by"), W("at"),      W("against"),
                                    W("with"), W("to"), {NULL, 0}};
    size_t n = r->ntoks;
    if (a >= 2 && lower_in(r, a - 1, preps) && lower_in(r, a - 2, result_nouns) &&
        sports_sentence(r, sporty))
        return a - 2;
    if (!place)
        return n;
    if (lower_in(r, b, club_roles) && b + 1 < n && capitalized(r, b + 1))
        return b;
    /* "... two points clear", "a point behind" */
    for (size_t t = b; t < b + 3 && t + 1 < n; t++)
        if ((et_is(r, t, "points") || et_is(r, t, "point")) &&
            (et_is(r, t + 1, "clear") || et_is(r, t + 1, "behind") || et_is(r, t + 1, "ahead")))
            return t;
    if (a >= 1 && lower_is(r, a - 1, "against") && sports_sentence(r, sporty))
        return a - 1;
    return n;
}

/* A quick look at the text before an unknown word: whether the word before
 * it may be one of club_context's prepositions ("at", "by", "over",
 * "against", "with", "to"; their last two letters). */
static bool prep_before(const et_run *r, size_t start)
{
    if (start < 4 || r->text[start - 1] != ' ')
        return false;
    char x = r->text[start - 3], y = r->text[start - 2];
    return (x == 'a' && y == 't') || (x == 'b' && y == 'y') || (x == 'e' && y == 'r') ||
           (x == 's' && y == 't') || (x == 't' && y == 'h') || (x == 't' && y == 'o');
}

/* Makes cd a strong name of label, from rule, that teaches the rest of the
 * document, told by the text at [ref_start, ref_end) (0, 0 for none). */
static void relabel(et_cand *cd, int label, double score, const char *rule, size_t ref_start,
                    size_t ref_end)
{
    cd->label = label;
    cd->strength = ET_STRONG;
    cd->score = score;
    cd->rule = rule;
    cd->register_name = true;
    cd->ref_start = ref_start;
    cd->ref_end = ref_end;
}

int et_sports(et_run *r, size_t first)
{
    /* Token index -> 1 + the candidate starting there (names.c scratch,
     * free once et_names is done). */
    size_t *at = r->unit_end;
    size_t c0 = first;
    while (c0 < r->ncands && side_kind(r, &r->cands[c0]) == SIDE_NO)
        c0++;
    if (c0 == r->ncands)
        return 0; /* no candidate could be a side */
    /* The rules on results need a score or a table's numbers, "v" or
     * "at" in a line of few words in lower case, or a sports headline;
     * most sentences have none of these, and only the verbs are tried. */
    bool few_lower = r->words - r->cap_words <= 3;
    bool results = r->sports_headline;
    /* A score: one or two digits next to a capitalized word ("Hull 1"),
     * not a day after a month ("May 5"). */
    const uint64_t datey = ET_CLUE(ET_C_MONTH) | ET_CLUE(ET_C_WEEKDAY);
    for (size_t x = 0; x < r->nnum && !results; x++) {
        size_t i = r->num_at[x];
        if (!score_tok(r, i))
            continue;
        results = (i > 0 && capitalized(r, i - 1) && !(et_clues(r, i - 1) & datey)) ||
                  (i > 0 && et_is_text(r, i - 1, ")")) || capitalized(r, i + 1);
    }
    if (few_lower && r->words <= 8)
        for (size_t t = 0; t < r->ntoks && !results; t++)
            results = r->toks[t].lk_len <= 6 && (result_sep(r, t) || et_is(r, t, "at"));
    /* at is made here for the rules on results, else when club_word
     * first needs it. */
    bool mapped = results;
    int sporty = -1; /* see sports_sentence */
    if (results) {
        map_starts(r, first, at);
        for (size_t c = first; c < r->ncands; c++) {
            et_cand *cd = &r->cands[c];
            size_t a = tok_at(r, cd->start);
            if (a == r->ntoks)
                continue;
            /* An unknown name or a weak guess before a minute is a scorer,
             * not a side. */
            if ((cd->label < 0 || cd->strength == ET_WEAK) && cd->label != ET_ORG &&
                scorer(r, a, cand_end(r, c, a))) {
                relabel(cd, ET_PERSON, 0.75, "scorer", 0, 0);
            }
        }
    }
    size_t fw = r->first_word;
    for (size_t c = c0; c < r->ncands; c++) {
        et_cand *cd = &r->cands[c];
        bool place = list_place(cd); /* cd changes only where the loop goes on */
        if (!results ? !(place || (cd->label < 0 && cd->ntok == 1 &&
                                   prep_before(r, cd->start)))
                     : side_kind(r, cd) == SIDE_NO)
            continue;
        size_t a = tok_at(r, cd->start);
        if (a == r->ntoks)
            continue;
        size_t b = cand_end(r, c, a);
        size_t verb = r->ntoks;
        size_t other = 0; /* 1 + the candidate of the other side */
        bool side = false;
        /* "Liverpool beat ...", "... beat Liverpool", "lost to Leeds":
         * only list places (an unknown word may be a player). */
        if (place) {
            if (b < r->ntoks && result_verb(r, b))
                verb = b;
            else if (a > 0 && result_verb(r, a - 1))
                verb = a - 1;
            else if (a > 1 && (et_is(r, a - 1, "with") || et_is(r, a - 1, "to")) &&
                     (result_verb(r, a - 2) || et_is(r, a - 2, "lost") ||
                      et_is(r, a - 2, "drew")))
                verb = a - 2; /* "drew with Newcastle", "lost to Leeds" */
            side = verb < r->ntoks;
            /* "Leeds 2 Hull": a score, then a name. */
            size_t n = skip_parens(r, b);
            if (score_tok(r, n) && n + 1 < r->ntoks && (r->toks[n + 1].flags & TM_TOK_CAPITALIZED))
                side = true;
            /* In a "SOCCER - ..." headline, a city not after "in" or "at". */
            if (r->sports_headline && !(a > 0 && (et_is(r, a - 1, "in") || et_is(r, a - 1, "at"))))
                side = true;
        }
        /* Sports prose (rule club_context): "Newcastle manager", "a
         * defeat by Bordeaux", "Sigma Olomouc coach". */
        size_t pre = SIZE_MAX, post = SIZE_MAX;
        if (!side && (place || (cd->label < 0 && cd->ntok == 1 && !cd->sent_initial &&
                                a >= 2 && (r->toks[a - 1].flags & TM_TOK_LOWER)))) {
            size_t ca = a, cb = b;
            if (place) {
                if (a >= 1 && (pre = club_word(r, at, &mapped, first, a - 1, a)) != SIZE_MAX)
                    ca = a - 1;
                if ((post = club_word(r, at, &mapped, first, b, b)) != SIZE_MAX)
                    cb = b + 1;
            }
            size_t why = club_context(r, ca, cb, place, &sporty);
            if (why < r->ntoks) {
                if (pre != SIZE_MAX) {
                    cd->start = r->cands[pre].start;
                    r->cands[pre].label = -1;
                    r->cands[pre].start = r->cands[pre].end; /* gone */
                }
                if (post != SIZE_MAX) {
                    cd->end = r->cands[post].end;
                    r->cands[post].label = -1;
                    r->cands[post].start = r->cands[post].end;
                }
                relabel(cd, ET_ORG, 0.7, "club_context", r->toks[why].start,
                        r->toks[why].end);
                continue;
            }
        }
        if (!results) {
            if (side) {
                cd->label = ET_ORG;
                cd->rule = "sports";
                cd->ref_start = r->toks[verb].start;
                cd->ref_end = r->toks[verb].end;
            }
            continue;
        }
        /* "Leeds 2 Hull 1", "Sampdoria (Italy) 2 Lazio (Italy) 1": both
         * sides, whatever their names. */
        size_t n = skip_parens(r, b);
        int nums;
        size_t on = score_tok(r, n) ? skip_parens(r, n + 1) : r->ntoks; /* past the scorers */
        if (on < r->ntoks && at[on]) {
            size_t o = at[on] - 1;
            size_t oe = cand_end(r, o, on);
            size_t part = club_part(r, at, o, oe);
            if (part)
                oe = cand_end(r, part - 1, oe);
            size_t ob = skip_parens(r, oe);
            if (score_tok(r, ob)) {
                side = true;
                other = o + 1;
            }
        }
        /* The right side: "... 0 Portsmouth 1" after any name and a score. */
        size_t sc = a >= 1 ? skip_parens_back(r, a - 1) : 0;
        if (sc >= 1 && score_tok(r, sc) &&
            (capitalized(r, sc - 1) || et_is_text(r, sc - 1, ")")) &&
            (score_tok(r, n) || numbers_only(r, n, r->ntoks, &nums)) && !r->caps_sentence)
            side = true;
        /* A row of a table: the name first, then only numbers ("Celtic 8 5
         * 2 1 17 8 17", "Seattle 74 58 .561 -"). */
        if (a == fw && numbers_only(r, b, r->ntoks, &nums) && nums >= 3)
            side = true;
        /* "Glamorgan 287 ... v Somerset", "Essex v Kent": the first name of
         * the sentence and the name after "v". */
        if (b < r->ntoks && result_sep(r, b) && b + 1 < r->ntoks && at[b + 1] &&
            side_kind(r, &r->cands[at[b + 1] - 1]) != SIDE_NO) {
            side = true;
            other = at[b + 1];
        } else if (a == fw) {
            /* Not "Shr $0.82 vs $0.73": names on both sides. */
            for (size_t t = b; t + 1 < r->ntoks; t++)
                if (result_sep(r, t) && at[t + 1] &&
                    side_kind(r, &r->cands[at[t + 1] - 1]) != SIDE_NO) {
                    side = true;
                    other = at[t + 1];
                    break;
                }
        }
        /* A fixture: "NEW YORK AT CHICAGO", "Texas at Baltimore", all of
         * the sentence. */
        if (a == fw && b + 1 < r->ntoks && et_is(r, b, "at") && at[b + 1]) {
            size_t o = at[b + 1] - 1;
            int rest;
            if (numbers_only(r, cand_end(r, o, b + 1), r->ntoks, &rest) && rest == 0 &&
                side_kind(r, &r->cands[o]) != SIDE_NO && place) {
                side = true;
                other = o + 1;
            }
        }
        if (!side)
            continue;
        size_t sides[2] = {c + 1, other};
        for (int k = 0; k < 2; k++) {
            if (!sides[k])
                continue;
            et_cand *x = &r->cands[sides[k] - 1];
            if (side_kind(r, x) != SIDE_CLUB)
                continue;
            /* An unknown name is a club only in a line of results, with
             * few words in lower case ("Windows 95 and Office 97"). */
            if (!list_place(x) && r->words - r->cap_words > 3)
                continue;
            /* Takes in an unknown word or a city next to it. */
            size_t xa = tok_at(r, x->start), xb = cand_end(r, sides[k] - 1, xa);
            size_t next = club_part(r, at, sides[k] - 1, xb);
            if (next) {
                x->end = r->cands[next - 1].end;
                r->cands[next - 1].label = -1;
            }
            for (size_t p = first; p < r->ncands; p++) {
                et_cand *y = &r->cands[p];
                if (p != sides[k] - 1 && xa > 0 && y->end == r->toks[xa - 1].end &&
                    club_part(r, at, p, xa) == sides[k]) {
                    x->start = y->start;
                    y->label = -1;
                    break;
                }
            }
            relabel(x, ET_ORG, 0.75, "sports", verb < r->ntoks ? r->toks[verb].start : 0,
                    verb < r->ntoks ? r->toks[verb].end : 0);
        }
    }
    return 0;
}
