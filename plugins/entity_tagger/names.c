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
    bool title_case;           /* most words capitalized: a headline */
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
            (capitalized(r, i) || (r->tg->lowercase_gazetteer && !common(r, i))))
            j = et_longest(r, i, r->ntoks, want_entity, &e);
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


/* A capitalized word that may be part of a name. A capitalized function
 * word ("The", "However") is not, except a given name before a name
 * ("Will Smith"). */
static bool name_word(const names_ctx *nc, size_t i)
{
    const et_run *r = nc->r;
    if (!free_tok(r, i))
        return false;
    if (nc->unit_end[i])
        return true;
    if (!capitalized(r, i))
        return false;
    if (common(r, i) && !et_has(r, i, ET_C_TITLE)) {
        return et_has(r, i, ET_C_GIVEN) && capitalized(r, i + 1) && free_tok(r, i + 1) &&
               !common(r, i + 1) && !(r->toks[i].flags & TM_TOK_ALL_CAPS);
    }
    return true;
}

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
        /* "Mr. Smith", "St. Louis", "Dr. Jones" */
        if (et_is_text(r, k, ".") && glued(r, k) && et_has(r, k - 1, ET_C_TITLE) &&
            name_word(nc, k + 1)) {
            k++;
            continue;
        }
        /* "Ludwig van Beethoven", "Osama bin Laden" */
        if (et_has(r, k, ET_C_PARTICLE) && (r->toks[k].flags & TM_TOK_LOWER) &&
            !(et_clues(r, k - 1) & KW_MASK)) {
            size_t n = k + 1;
            while (n < k + 3 && free_tok(r, n) && et_has(r, n, ET_C_PARTICLE) &&
                   (r->toks[n].flags & TM_TOK_LOWER))
                n++; /* "van der" */
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
        free_tok(r, b + 1) && b - a >= 2) {
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
/* Does list entry e have its label from a generated world list
 * (cities_world.txt, ...)? Thousands of their places are also family names
 * ("Ueda", "Santos"), so next to a title or a given name they are weaker
 * evidence than the name. */
static bool from_world_list(const et_run *r, const et_entry *e)
{
    const char *s = r->tg->lex.sources[e->source];
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
        if (et_clues(r, t) & KW_MASK)
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

    /* Given name first: "Emmanuel Macron", "Mary Ann Evans" */
    if (words >= 2 && words <= 3 && et_has(r, a, ET_C_GIVEN) && person_like(nc, a, b))
        return emit(nc, a, b, ET_PERSON, ET_STRONG, 0.85, "given_name", a, a + 1);
    /* Initials: "J. R. R. Tolkien" */
    if (words >= 2 && (f & TM_TOK_DOTTED) && r->toks[a].lk_len == 2 && person_like(nc, a, b))
        return emit(nc, a, b, ET_PERSON, ET_STRONG, 0.8, "initials", 0, 0);
    /* Known family name last: "Andrea Rossi" */
    if (words >= 2 && words <= 3 && et_has(r, b - 1, ET_C_SURNAME) && person_like(nc, a, b))
        return emit(nc, a, b, ET_PERSON, ET_STRONG, 0.75, "surname", b - 1, b);

    if (words == 1) {
        size_t len = r->toks[a].lk_len;
        /* "Police said", "Minister said": a keyword or a title alone
         * names nobody. */
        bool role = et_clues(r, a) & (KW_MASK | ET_CLUE(ET_C_TITLE));
        if (says_after(r, b) && (!initial || (!common(r, a) && r->toks[a].lk[len - 1] != 's')) &&
            tg->guess && !(f & TM_TOK_ALL_CAPS) && !role) {
            if (emit(nc, a, b, ET_PERSON, ET_WEAK, 0.6, "context", b, b + 1) != 0)
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
    if (says_after(r, b) && words <= 4 && person_like(nc, a, b) && tg->guess)
        return emit(nc, a, b, ET_PERSON, ET_WEAK, 0.65, "context", b, b + 1);
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
            emit(nc, t, e, u->label, ET_STRONG, 0.9, r->tg->lex.sources[u->source], 0, 0) != 0)
            return -1;
        t = piece = e;
    }
    if (piece < b && classify(nc, piece, b, false) != 0)
        return -1;
    return 0;
}

/* Keywords that come first in a name: "Lake Geneva", "Mount Kenya". */
static bool leading_keyword(const et_run *r, size_t t)
{
    static const char *const words[] = {"lake", "mount", "mt", "cape", "isle", "fort",
                                        "hurricane", "typhoon", "cyclone", "storm", NULL};
    for (int k = 0; words[k]; k++)
        if (et_is(r, t, words[k]))
            return true;
    return false;
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

    /* 2. Exactly one list entry. */
    if (nc->unit_end[a] == b) {
        const et_entry *u = nc->unit[a];
        /* "Paris Hilton" is not the city: a list place that is also a given
         * name, followed by more capitalized words, is handled as a run. */
        return emit(nc, a, b, u->label, ET_STRONG, 0.9, r->tg->lex.sources[u->source], 0, 0);
    }

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

int et_names(et_run *r)
{
    size_t n = r->ntoks;
    if (n == 0)
        return 0;
    names_ctx nc = {.r = r, .unit_end = r->unit_end, .unit = r->unit,
                    .first_word = r->first_word};
    find_units(&nc);
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
    static const char *const verbs[] = {"beat", "beats", "defeated", "defeats", "edged",
                                        "thrashed", "routed", "hammered", "trounced",
                                        NULL};
    for (int k = 0; verbs[k]; k++)
        if (et_is(r, i, verbs[k]))
            return true;
    return false;
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

int et_sports(et_run *r, size_t first)
{
    for (size_t c = first; c < r->ncands; c++) {
        et_cand *cd = &r->cands[c];
        /* Only cities: in news, a country's team keeps the country's name
         * and label, a club is named after its city. */
        if (cd->label != ET_GPE || !cd->rule || strncmp(cd->rule, "list:cities", 11) != 0)
            continue;
        size_t a = tok_at(r, cd->start), b = a;
        if (a == r->ntoks)
            continue;
        while (b < r->ntoks && r->toks[b].end <= cd->end)
            b++;
        /* "Liverpool beat ...", "... beat Liverpool", "lost to Leeds", and
         * result tables: "Liverpool 3 Chelsea 1". */
        size_t verb = r->ntoks;
        if (b < r->ntoks && result_verb(r, b))
            verb = b;
        else if (a > 0 && result_verb(r, a - 1))
            verb = a - 1;
        else if (a > 1 && (et_is(r, a - 1, "with") || et_is(r, a - 1, "to")) &&
                 (result_verb(r, a - 2) || et_is(r, a - 2, "lost") ||
                  et_is(r, a - 2, "drew")))
            verb = a - 2; /* "drew with Newcastle", "lost to Leeds" */
        bool table = b + 1 < r->ntoks && (r->toks[b].flags & TM_TOK_NUMBER) &&
                     (r->toks[b + 1].flags & TM_TOK_CAPITALIZED) &&
                     r->toks[b].end - r->toks[b].start <= 2;
        if (verb == r->ntoks && !table)
            continue;
        cd->label = ET_ORG;
        cd->rule = "sports";
        cd->ref_start = verb < r->ntoks ? r->toks[verb].start : 0;
        cd->ref_end = verb < r->ntoks ? r->toks[verb].end : 0;
    }
    return 0;
}
