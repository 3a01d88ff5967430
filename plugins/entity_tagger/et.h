/*
 * et.h - shared declarations of the entity_tagger plugin.
 *
 * The tagger works sentence by sentence on the core's word tokens:
 *   1. e-mail addresses and URLs are found in the raw bytes (scan.c);
 *   2. every word token is looked up once in the lexicon (lexicon.c), a hash
 *      table of normalized token sequences loaded from the data files; an
 *      entry carries an entity label and/or "clues" (given name, title,
 *      organization keyword, month, unit, ...);
 *   3. user phrases and token patterns run first (user.c), then the numeric
 *      patterns (numeric.c), then the name rules over runs of capitalized
 *      tokens (names.c);
 *   4. a document pass (doc.c) gives later mentions the label of earlier ones
 *      ("Putin" after "Vladimir Putin", "NATO" after its long form).
 * The instance (lexicon, options, patterns) is read-only after create; all
 * per-document state lives in an et_run allocated by process.
 */
#ifndef ET_H
#define ET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>
#include <textmill/document.h>
#include <textmill/error.h>
#include <textmill/token.h>

/* ---- labels ------------------------------------------------------------- */

enum {
    ET_PERSON, ET_NORP, ET_ORG, ET_GPE, ET_LOC, ET_FAC, ET_EVENT, ET_LAW,
    ET_DATE, ET_TIME, ET_MONEY, ET_PERCENT, ET_QUANTITY, ET_ORDINAL,
    ET_CARDINAL, ET_EMAIL, ET_URL,
    ET_BUILTIN_LABELS /* user labels ("PRODUCT", ...) are numbered after */
};
#define ET_MAX_LABELS 64

extern const char *const et_builtin_labels[]; /* NULL-terminated */

/* ---- clues: what a word or phrase says about its neighbours ------------- */

#define ET_CLUE(n) ((uint64_t)1 << (n))
enum {
    ET_C_TITLE,      /* "President", "Dr", "Chancellor" */
    ET_C_GIVEN,      /* a given name */
    ET_C_SURNAME,    /* a common family name */
    ET_C_COMMON,     /* a common word: alone it is not a name */
    ET_C_PARTICLE,   /* "van", "de", "bin": lower-case name parts */
    ET_C_KW_ORG,     /* "University", "Ministry", "Bank" */
    ET_C_KW_SUFFIX,  /* "Inc", "Ltd", "GmbH": organization suffixes */
    ET_C_KW_LOC,     /* "River", "Mountains", "Ocean" */
    ET_C_KW_GPE,     /* "Republic", "County", "City" */
    ET_C_KW_FAC,     /* "Airport", "Bridge", "Street" */
    ET_C_KW_EVENT,   /* "War", "Olympics", "Summit" */
    ET_C_KW_LAW,     /* "Act", "Treaty", "Agreement" */
    ET_C_MONTH,
    ET_C_WEEKDAY,
    ET_C_NUMWORD,    /* "one" ... "ninety" */
    ET_C_SCALE,      /* "hundred", "million", "bn" */
    ET_C_ORDWORD,    /* "first" ... "hundredth" */
    ET_C_UNIT,       /* "km", "tonnes", "miles" */
    ET_C_CURRENCY,   /* "dollars", "euros", "USD" (after a number) */
    ET_C_CURCODE,    /* "USD", "EUR" (before a number) */
    ET_C_PERCENT,    /* "percent", "pct" */
    ET_C_DATEWORD,   /* "today", "yesterday" */
    ET_C_DATEUNIT,   /* "day(s)", "week(s)", "year(s)" */
    ET_C_TIMEUNIT,   /* "hour(s)", "minute(s)" */
    ET_C_TIMEWORD,   /* "am", "p.m.", "GMT" (after a time) */
    ET_C_DATEMOD,    /* "last", "next", "early", "mid" */
    ET_C_SEASON,     /* "spring", "summer" */
    ET_C_LOCPREP,    /* "in", "near": before a place */
    ET_C_SAYS,       /* "said", "says": after a person */
    ET_C_ORG_CONN,   /* "of", "for", "and", "&": inside organization names */
    ET_C_COUNT
};

/* ---- the lexicon --------------------------------------------------------- */

#define ET_E_PREFIX 0x1u /* a longer phrase starts with this key */
#define ET_E_UPPER  0x2u /* written in capitals: the text must be too */
#define ET_E_NEVER  0x4u /* never tag exactly this phrase */
#define ET_E_ENTITY 0x8u /* label is set */
#define ET_E_USER   0x10u /* label from a user list: matched before the rules */
#define ET_E_ANYCASE 0x20u /* user phrase written in lower case: any case */

typedef struct et_entry {
    const char *key;   /* normalized key, in the lexicon's arena */
    uint32_t key_len;
    uint32_t hash;
    uint64_t clues;    /* ET_CLUE bits */
    uint16_t source;   /* which list gave the label (index into sources) */
    uint8_t label;     /* valid when flags & ET_E_ENTITY */
    uint8_t flags;
} et_entry;

/* A slot of the probe table: 8 bytes, so that the table stays in cache. */
typedef struct et_slot {
    uint32_t hash;
    uint32_t index;    /* entry index + 1; 0 = empty */
} et_slot;

typedef struct et_lexicon {
    et_slot *slots;    /* open addressing, capacity a power of two */
    size_t capacity;
    et_entry *entries;
    size_t size, entries_cap;
    uint64_t *filter;  /* ET_FILTER_BITS bits: most words of a text are not
                          in the lexicon, and this answers them from cache */
    char **sources;    /* names of the lists, for the "rule" attribute */
    size_t nsources;
    char **labels;     /* label names: builtin ones then user ones */
    size_t nlabels;
    struct et_chunk *arena; /* key storage */
    bool has_never;    /* some entry has ET_E_NEVER */
    bool has_user;     /* some entry has ET_E_USER */
} et_lexicon;

#define ET_FILTER_BITS (1u << 18)
#define ET_MAX_PHRASE_TOKENS 12
#define ET_MAX_KEY 512

uint32_t et_hash_init(void);
uint32_t et_hash_bytes(uint32_t h, const char *s, size_t len);

/* Folds the word s[0..len) into out (at most cap bytes): case folded,
 * accents stripped ("Zürich" -> "zurich"), U+2019 made an apostrophe.
 * Returns the length written. */
size_t et_fold(const char *s, size_t len, char *out, size_t cap);

int et_lexicon_init(et_lexicon *lx);
void et_lexicon_free(et_lexicon *lx);
int et_label_index(et_lexicon *lx, const char *name, bool add);
int et_source_index(et_lexicon *lx, const char *name);

/* Adds a phrase. label < 0: none; clues: ET_CLUE bits; source: list index.
 * flags may hold ET_E_NEVER. A label already set by an earlier list is kept
 * unless override (user lists override the shipped ones). Returns TM_OK,
 * TM_ERR_NOMEM or TM_ERR_CONFIG (phrase with no word, or too long). */
tm_status et_lexicon_add(et_lexicon *lx, const char *phrase, size_t len,
                         int label, uint64_t clues, int source,
                         unsigned flags, bool override);

const et_entry *et_lexicon_find(const et_lexicon *lx, uint32_t hash,
                                const char *key, size_t len);

/* Loads a data file: one phrase a line, '#' comments, optional TAB then a
 * label or a clue name that overrides the file's default. Errors name the
 * file and line. */
tm_status et_lexicon_load_file(et_lexicon *lx, const char *path,
                               const char *source_name, int label,
                               uint64_t clues, bool override, bool allow_new_labels,
                               tm_error *err);

/* The clue bit for a clue name ("title", "given_name"), or -1. */
int et_clue_by_name(const char *name);

/* ---- user patterns ------------------------------------------------------- */

typedef struct et_pattern et_pattern;

typedef struct et_patterns {
    et_pattern **items;
    size_t size;
} et_patterns;

tm_status et_patterns_parse(et_patterns *ps, const json_t *obj,
                            et_lexicon *lx, tm_error *err);
void et_patterns_free(et_patterns *ps);

/* ---- the instance -------------------------------------------------------- */

typedef struct et_tagger {
    et_lexicon lex;
    et_patterns patterns;
    bool drop[ET_MAX_LABELS];
    bool consistency;
    bool guess;          /* heuristic rules for unknown capitalized words */
    bool lowercase_gazetteer;
    double min_score;
    int user_source;     /* source index of the "phrases" option */
} et_tagger;

/* ---- per-document state ---------------------------------------------------- */

/* One token of the current sentence with what the tagger knows about it. */
typedef struct et_tok {
    size_t start, end;  /* bytes */
    uint32_t flags;     /* TM_TOK_* */
    const char *lk;     /* folded form: in the text or in run->fold */
    uint32_t lk_len;
    uint32_t hash;      /* of the folded form */
    const et_entry *e;  /* single-token lexicon entry, or NULL */
    int taken;          /* covered by an entity already */
} et_tok;

/* Strength of a candidate: a weak one may be relabelled by the document pass. */
enum { ET_WEAK = 1, ET_STRONG = 2 };

typedef struct et_cand {
    size_t start, end;       /* bytes */
    int label;               /* -1 = none yet (unresolved capitalized word) */
    int strength;
    double score;
    const char *rule;        /* static text or a source name */
    size_t ref_start, ref_end; /* text appended to rule after ':' if any */
    int ntok;                /* word tokens in the span */
    bool sent_initial;       /* starts its sentence */
    bool register_name;      /* may teach the document pass */
} et_cand;

typedef struct et_run {
    const et_tagger *tg;
    const char *text;
    size_t text_len;
    tm_tokens toks_raw;
    et_tok *toks;
    size_t ntoks, cap_toks;
    char *fold;               /* folded token forms */
    size_t fold_len, fold_cap;
    et_cand *cands;
    size_t ncands, cap_cands;
    bool caps_sentence;       /* most words of the sentence are in capitals */
    size_t *unit_end;         /* names.c scratch, cap_toks long */
    const et_entry **unit;
} et_run;

/* Adds a candidate covering tokens [i, j) of the sentence and marks them
 * taken. Returns 0, or -1 when out of memory. */
int et_emit(et_run *r, size_t i, size_t j, int label, int strength,
            double score, const char *rule, size_t ref_start, size_t ref_end);
int et_emit_bytes(et_run *r, size_t start, size_t end, int label,
                  double score, const char *rule);

/* Lexicon lookups of token ranges. */
const et_entry *et_find_range(const et_run *r, size_t i, size_t j);
/* Longest lexicon entry starting at i matching `want` (an entry predicate);
 * returns its end token or i when none, and the entry in *out. */
size_t et_longest(const et_run *r, size_t i, size_t limit,
                  bool (*want)(const et_run *, const et_entry *, size_t, size_t),
                  const et_entry **out);

static inline uint64_t et_clues(const et_run *r, size_t i)
{
    return r->toks[i].e ? r->toks[i].e->clues : 0;
}
static inline bool et_has(const et_run *r, size_t i, int clue)
{
    return (et_clues(r, i) & ET_CLUE(clue)) != 0;
}
/* The folded form of token i. */
static inline const char *et_lk(const et_run *r, size_t i)
{
    return r->toks[i].lk;
}
/* Whether token i's folded form is word; with a literal the length is
 * known at compile time. */
static inline bool et_is_n(const et_run *r, size_t i, const char *word, size_t n)
{
    return r->toks[i].lk_len == n && memcmp(r->toks[i].lk, word, n) == 0;
}
#define et_is(r, i, word) et_is_n((r), (i), (word), strlen(word))
/* Whether token i's text is exactly s. */
static inline bool et_is_text_n(const et_run *r, size_t i, const char *s, size_t n)
{
    return r->toks[i].end - r->toks[i].start == n &&
           memcmp(r->text + r->toks[i].start, s, n) == 0;
}
#define et_is_text(r, i, s) et_is_text_n((r), (i), (s), strlen(s))
/* Whether the text of tokens [i, j) has the case entry e asks for. */
bool et_case_ok(const et_run *r, const et_entry *e, size_t i, size_t j);

/* Passes over a sentence. */
int et_scan_links(et_run *r, size_t start, size_t end);
int et_user_patterns(et_run *r);
int et_numeric(et_run *r);
int et_names(et_run *r);
int et_document_pass(et_run *r);

#endif
