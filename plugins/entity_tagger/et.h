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
 * per-document state lives in an et_run that each worker thread keeps
 * (thread.c).
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
#include <textmill/perthread.h>
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
    ET_C_ORG_NOUN,   /* "carmaker", "newspaper", "club": before an organization */
    ET_C_COUNT
};
_Static_assert(ET_C_COUNT <= 32, "clues are stored in 32 bits");

/* ---- the lexicon --------------------------------------------------------- */

#define ET_E_PREFIX 0x1u /* a longer phrase starts with this key */
#define ET_E_UPPER  0x2u /* written in capitals: the text must be too */
#define ET_E_NEVER  0x4u /* never tag exactly this phrase */
#define ET_E_ENTITY 0x8u /* label is set */
#define ET_E_USER   0x10u /* label from a user list: matched before the rules */
#define ET_E_ANYCASE 0x20u /* user phrase written in lower case: any case */
#define ET_E_USED   0x40u /* the slot holds an entry */

/* An entry is also its own slot of the open-addressing table: a lookup
 * reads the filter word and one entry, whose first key bytes are inline,
 * instead of a slot, an entry and the key in three places. */
#define ET_HEAD 14

typedef struct et_entry {
    uint32_t hash;
    uint32_t key_off;  /* the whole key, in the lexicon's key buffer */
    uint32_t clues;    /* ET_CLUE bits (ET_C_COUNT <= 32) */
    uint16_t key_len;
    uint16_t source;   /* which list gave the label (index into sources) */
    uint8_t label;     /* valid when flags & ET_E_ENTITY */
    uint8_t flags;     /* ET_E_*; without ET_E_USED an empty slot */
    char head[ET_HEAD]; /* the key's first bytes, zero padded */
} et_entry;

typedef struct et_lexicon {
    et_entry *slots;   /* open addressing, capacity a power of two, at most
                          3/4 full: the shipped lists fit in 4 MB */
    size_t capacity, size;
    char *keys;        /* key bytes of the entries longer than ET_HEAD */
    size_t keys_len, keys_cap;
    uint64_t *filter;  /* 2^filter_shift words of 64 bits, 16 bits per slot
                          (over 21 per key): most words of a text are not
                          in the lexicon, and this answers them from cache */
    unsigned filter_shift;
    char **sources;    /* names of the lists, for the "rule" attribute */
    size_t nsources;
    char **labels;     /* label names: builtin ones then user ones */
    size_t nlabels;
    bool has_never;    /* some entry has ET_E_NEVER */
    bool has_user;     /* some entry has ET_E_USER */
    tm_tokens scratch; /* tokens of the phrase being added */
} et_lexicon;

#define ET_MAX_PHRASE_TOKENS 12
#define ET_MAX_KEY 512

/* Hashing. A key's hash is built word by word, so that a phrase's hash
 * comes from the hashes of its tokens without reading their bytes again:
 * hash("new york") = et_hash_join(et_hash("new"), et_hash("york")). */
static inline uint64_t et_read64(const char *s)
{
    uint64_t x;
    memcpy(&x, s, 8);
    return x;
}

/* The first n (0..8) bytes of w as memcpy read them, the rest zeroed. */
static inline uint64_t et_first_bytes(uint64_t w, size_t n)
{
    /* Two shifts, as one by 64 bits is undefined. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return w & ~((~(uint64_t)0 >> (4 * n)) >> (4 * n));
#else
    return w & ~((~(uint64_t)0 << (4 * n)) << (4 * n));
#endif
}

static inline uint64_t et_read32(const char *s)
{
    uint32_t x;
    memcpy(&x, s, 4);
    return x;
}

/* The end of et_hash_word and et_hash_word8: a and b are the last (or
 * only) two words read, h and bad what the words before them gave. */
static inline uint32_t et_hash_end(uint64_t h, uint64_t bad, uint64_t a, uint64_t b,
                                   size_t len, bool *plain)
{
    const uint64_t k1 = 0x9E3779B97F4A7C15u, k2 = 0xC2B2AE3D27D4EB4Fu;
    const uint64_t high = 0x8080808080808080u;
    /* Per byte, when all are below 0x80 (so no carries): bit 7 of x + 0x3f
     * is set from 'A' on, bit 7 of x + 0x25 from '[' on. */
    bad |= (a | b) & high;
    bad |= (a + 0x3f3f3f3f3f3f3f3fu) & ~(a + 0x2525252525252525u) & high;
    bad |= (b + 0x3f3f3f3f3f3f3f3fu) & ~(b + 0x2525252525252525u) & high;
    *plain = bad == 0;
    /* The high half of a product depends on every bit of its operand. */
    h ^= a * k1 ^ (b + len) * k2;
    return (uint32_t)(h >> 32);
}

/* The hash of the bytes s[0..len), and in *plain whether they are ASCII
 * without capitals (their own folded form). Words are short: up to 16
 * bytes are read as two (possibly overlapping) words, with no loop. */
static inline uint32_t et_hash_word(const char *s, size_t len, bool *plain)
{
    const uint64_t k1 = 0x9E3779B97F4A7C15u, high = 0x8080808080808080u;
    uint64_t a, b, h = 0, bad = 0;
    for (; len > 16; s += 8, len -= 8) {
        a = et_read64(s);
        bad |= a & high;
        bad |= (a + 0x3f3f3f3f3f3f3f3fu) & ~(a + 0x2525252525252525u) & high;
        h = (h ^ a) * k1;
        h ^= h >> 29;
    }
    if (len >= 8) {
        a = et_read64(s);
        b = et_read64(s + len - 8);
    } else if (len >= 4) {
        a = et_read32(s);
        b = et_read32(s + len - 4);
    } else if (len > 0) {
        a = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[len / 2] << 8 |
            (uint64_t)(unsigned char)s[len - 1] << 16;
        b = 0;
    } else {
        a = b = 0;
    }
    return et_hash_end(h, bad, a, b, len, plain);
}

/* et_hash_word for a word whose first 8 bytes can be read even when it is
 * shorter: the same hash, with its length cases chosen without a branch
 * (word lengths are unpredictable, and a mispredicted branch per word costs
 * more than the loads of all cases). */
static inline uint32_t et_hash_word8(const char *s, size_t len, bool *plain)
{
    if (len - 1 >= 16) /* empty or long: rare */
        return et_hash_word(s, len, plain);
    /* Masks, not conditionals: compilers turn those back into branches. */
    uint64_t ge8 = -(uint64_t)(len >= 8), ge4 = -(uint64_t)(len >= 4);
    uint64_t a8 = et_read64(s), b8 = et_read64(s + ((len - 8) & ge8));
    uint64_t a4 = et_read32(s), b4 = et_read32(s + ((len - 4) & ge4));
    uint64_t a1 = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[len / 2] << 8 |
                  (uint64_t)(unsigned char)s[len - 1] << 16;
    uint64_t a = (a8 & ge8) | (a4 & ge4 & ~ge8) | (a1 & ~ge4);
    uint64_t b = (b8 & ge8) | (b4 & ge4 & ~ge8);
    return et_hash_end(0, 0, a, b, len, plain);
}

static inline uint32_t et_hash(const char *s, size_t len)
{
    bool plain;
    return et_hash_word(s, len, &plain);
}

/* The hash of key + " " + word, from the key's and the word's hashes. */
static inline uint32_t et_hash_join(uint32_t key, uint32_t word)
{
    uint64_t h = ((uint64_t)key * 0x9E3779B97F4A7C15u ^ word) * 0xC2B2AE3D27D4EB4Fu;
    return (uint32_t)(h ^ h >> 32);
}

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

/* The filter sets two bits of one 64-bit word per key, so that a test is
 * one memory read. */
static inline uint64_t et_filter_mask(uint32_t h)
{
    return ((uint64_t)1 << (h & 63)) | ((uint64_t)1 << ((h >> 6) & 63));
}

static inline size_t et_filter_word(const et_lexicon *lx, uint32_t h)
{
    return (h * 0x9E3779B1u) >> (32 - lx->filter_shift);
}

/* Whether a key with this hash may be in the lexicon: inline, as most
 * words of a text are not. */
static inline bool et_lexicon_may_have(const et_lexicon *lx, uint32_t h)
{
    uint64_t m = et_filter_mask(h);
    return (lx->filter[et_filter_word(lx, h)] & m) == m;
}

const et_entry *et_lexicon_find(const et_lexicon *lx, uint32_t hash,
                                const char *key, size_t len);
/* et_lexicon_find without the filter test, for a caller that made it. */
const et_entry *et_lexicon_probe(const et_lexicon *lx, uint32_t hash,
                                 const char *key, size_t len);

/* Makes room for n more entries without growing the table on the way. */
int et_lexicon_reserve(et_lexicon *lx, size_t n);

/* Reads a list file whole into *text (NUL-terminated, to free), with its
 * line count: an upper bound of its entries, to reserve them. */
tm_status et_read_list(const char *path, char **text, size_t *len, size_t *lines,
                       tm_error *err);

/* Adds the phrases of a list read by et_read_list (text is modified); see
 * et_lexicon_load_file. */
tm_status et_lexicon_load_text(et_lexicon *lx, const char *path, char *text,
                               size_t len, const char *source_name, int label,
                               uint64_t clues, bool override, bool allow_new_labels,
                               tm_error *err);

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
    tm_per_thread *threads; /* each worker's et_thread */
} et_tagger;

/* ---- per-document state ---------------------------------------------------- */

/* One token of the current sentence with what the tagger knows about it. */
typedef struct et_tok {
    size_t start, end;  /* bytes */
    uint32_t flags;     /* TM_TOK_* */
    const char *lk;     /* folded form: in the text or in run->fold */
    uint32_t lk_len;
    uint32_t hash;      /* of the folded form */
    uint32_t clues;     /* e->clues, or 0 */
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
    bool sports_headline;     /* "SOCCER - ...": cities are clubs (names.c) */
    /* Most tokens are lower-case words that no pattern or name rule can
     * start on: load_sentence lists the few that may, so that the passes
     * need not look at every token (cap_toks long). */
    size_t *num_at, nnum;     /* possible starts of numeric patterns */
    size_t *name_at, nname;   /* capitalized words, and list words */
    size_t first_word;        /* index of the first word, or ntoks */
    int words, cap_words;     /* word tokens, capitalized ones */
    size_t num_first;         /* the sentence's first candidate of the
                                 numeric pass */
    size_t *unit_end;         /* names.c scratch, cap_toks long */
    const et_entry **unit;
} et_run;

/* ---- per-thread state (thread.c) --------------------------------------------- */

typedef struct et_thread et_thread;

/* make and release for tm_per_thread_new. */
void *et_thread_make(void *ctx);
void et_thread_release(void *ctx, void *obj);
/* The thread's run, emptied for a new document (its arrays kept). */
et_run *et_thread_begin(et_thread *th, const et_tagger *tg, const char *text,
                        size_t len);
/* After a document: gives back arrays that a huge document grew. */
void et_thread_end(et_thread *th);
/* A new reference to the shared attrs object {"rule": text[0, len)}, or
 * NULL when out of memory. text must be valid UTF-8. */
json_t *et_thread_rule_attrs(et_thread *th, const char *text, size_t len);

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
    return r->toks[i].clues;
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

/* The clues that can start a numeric pattern ("a" is a number word too). */
#define ET_NUMERIC_CLUES (ET_CLUE(ET_C_MONTH) | ET_CLUE(ET_C_WEEKDAY) | \
    ET_CLUE(ET_C_DATEWORD) | ET_CLUE(ET_C_DATEMOD) | ET_CLUE(ET_C_SEASON) | \
    ET_CLUE(ET_C_ORDWORD) | ET_CLUE(ET_C_NUMWORD))

/* Passes over a sentence. */
int et_scan_links(et_run *r, size_t start, size_t end);
int et_user_patterns(et_run *r);
int et_numeric(et_run *r);
int et_names(et_run *r);
/* Cities named as the teams of a result ("Liverpool beat Chelsea",
 * "Leeds 2 Hull 1") become ORG; looks at the candidates from first on,
 * while their sentence's tokens are loaded. */
int et_sports(et_run *r, size_t first);
int et_document_pass(et_run *r);

#endif
