/*
 * lexicon.h - from words to terms: case folding, stop words and stemming.
 *
 * The lexicon (stop words, stemmer choice) is built in create and read-only
 * afterwards. Stemming a word with Snowball costs far more than the rest of
 * the summarizer, and sb_stemmer objects are not thread-safe, so each thread
 * keeps an sm_cache: its own stemmer plus a memo from a folded word to a
 * "stem id" (a small integer naming the stem, or SM_STOP). Stem ids let the
 * per-document code map stems to dense term numbers with plain arrays.
 */
#ifndef SM_LEXICON_H
#define SM_LEXICON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>

#include <jansson.h>
#include <textmill/error.h>
#include <textmill/perthread.h>

/* Longest folded word we keep whole; longer ones are cut (rare: URLs). */
#define SM_WORD_MAX 64
/* A word's value in the memo: a stem id in the low 24 bits (SM_STOP for a
 * stop word) and marker flags (SM_MARK_*, see rules.h) in the high 8 bits. */
#define SM_ID_MASK 0x00FFFFFFu
#define SM_STOP SM_ID_MASK
#define SM_NOMEM UINT32_MAX
#define SM_FLAGS(v) ((v) >> 24)

/* A set of byte strings with a value each: open addressing, the slots hold
 * the hash, so that a miss rarely touches the arena. */
struct sm_str {
    uint64_t hash;
    uint32_t off;   /* into arena */
    uint32_t len;   /* 0 = empty slot (keys are never empty) */
    uint32_t value;
};
typedef struct sm_strset {
    struct sm_str *slots; /* owned; capacity is a power of two */
    size_t capacity;
    size_t count;
    char *arena;          /* owned; the keys, zero-padded */
    size_t arena_len, arena_cap;
} sm_strset;

/* Strings in a set are looked up and stored zero-padded to a multiple of 8
 * bytes, so that hashing and comparing go 8 bytes at a time. A lookup key
 * must be in a buffer with zeros from key[len] up to the next multiple of 8
 * (SM_PAD makes room). */
#define SM_PAD 8

/* Hash of a zero-padded key, one 8-byte word at a time: start from
 * SM_HASH_SEED and mix in each word with sm_hash_step (the scanner in model.c
 * hashes while it folds). The length is left out: keys hold no zero bytes,
 * so the padded words already tell keys of different lengths apart. */
#define SM_HASH_SEED 0x9E3779B97F4A7C15ULL
static inline uint64_t sm_hash_step(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
    return h ^ (h >> 32);
}

static inline uint64_t sm_hash_padded(const char *s, size_t len)
{
    uint64_t h = SM_HASH_SEED;
    for (size_t i = 0; i < len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = sm_hash_step(h, w);
    }
    return h;
}

/* Copies s[0..len) (len <= SM_WORD_MAX) into out zero-padded, and returns
 * its hash. out has SM_WORD_MAX + SM_PAD bytes. */
uint64_t sm_pad_key(const char *s, size_t len, char *out);

/* Folds s[0..len) (valid UTF-8) to lower case into out (cap bytes; the result
 * is cut at a character boundary when it does not fit). Returns its length.
 * The right quotation mark U+2019 becomes an apostrophe. */
size_t sm_fold(const char *s, size_t len, char *out, size_t cap);
/* The entry for the zero-padded key s, or NULL (borrowed: valid until the
 * next put). */
struct sm_str *sm_strset_get(const sm_strset *set, const char *s, size_t len,
                             uint64_t hash);
/* Adds the zero-padded key s (if absent) with value; returns its entry, NULL
 * when out of memory. */
struct sm_str *sm_strset_put(sm_strset *set, const char *s, size_t len,
                             uint64_t hash, uint32_t value);
void sm_strset_free(sm_strset *set);

/* Small tables in front of the memo for the frequent words: they stay in
 * the CPU cache where the memo does not. A word of up to 8 bytes (nine
 * tokens in ten) goes to a set of SM_HOT_WAYS words that share one cache
 * line, newest first, so that a new word pushes out the oldest of its set
 * rather than a frequent one (half the misses of a direct-mapped table of
 * the same size); a word of 9 to 16 bytes goes to a set of three in a
 * second table. Together they hold 90,000 words in 1.5 MB: the
 * 30,000 distinct words of a large English corpus fit with few conflicts,
 * which the memo would answer from far slower memory. They need not fit in
 * the L2 cache, as the scan loads each word's set ahead (sm_hot_prefetch).
 * Keys are the zero-padded words themselves (words hold no zero bytes), and
 * 0 marks an empty slot. */
#define SM_HOT_SETS 16384
#define SM_HOT_WAYS 4
#define SM_HOT_LONG_SETS 8192
#define SM_HOT_LONG_WAYS 3
typedef struct sm_hotset {
    _Alignas(64) uint64_t key[SM_HOT_WAYS];
    uint32_t value[SM_HOT_WAYS];
} sm_hotset;
typedef struct sm_hotlong {
    _Alignas(64) uint64_t key[SM_HOT_LONG_WAYS][2];
    uint32_t value[SM_HOT_LONG_WAYS];
    uint32_t unused;
} sm_hotlong;
_Static_assert(sizeof(sm_hotset) == 64 && sizeof(sm_hotlong) == 64,
               "a hot set fills one cache line");
typedef struct sm_hot {
    sm_hotset sets[SM_HOT_SETS];
    sm_hotlong longs[SM_HOT_LONG_SETS];
} sm_hot;

typedef struct sm_cache sm_cache;

typedef struct sm_lexicon {
    sm_strset stop;         /* folded stop words */
    sm_strset markers;      /* folded marker words; value = SM_MARK_* flags */
    const char *algorithm;  /* Snowball algorithm name, NULL = no stemming */
    tm_per_thread *caches;  /* each thread's sm_cache */
} sm_lexicon;

/* Sets up lx for language (en, de, fr, es, ru): loads
 * data_dir/stopwords/LANG.txt unless builtin_stop is false. */
tm_status sm_lexicon_init(sm_lexicon *lx, const char *data_dir,
                          const char *lang, bool builtin_stop, bool stem,
                          tm_error *err);
/* Loads one more stop word file (one word a line, '#' comments). */
tm_status sm_lexicon_load_stopwords(sm_lexicon *lx, const char *path,
                                    tm_error *err);
/* Adds one stop word; origin names it in errors. */
tm_status sm_lexicon_add_stopword(sm_lexicon *lx, const char *word, size_t len,
                                  const char *origin, int line, tm_error *err);
void sm_lexicon_free(sm_lexicon *lx);

/* The calling thread's cache for lx (created on first use); NULL when out of
 * memory or the stemmer cannot be created. */
sm_cache *sm_cache_get(sm_lexicon *lx);

/* The hot tables of c. */
sm_hot *sm_cache_hot(sm_cache *c);

/* The sets of the hot tables where a word with hash goes. */
static inline sm_hotset *sm_hot_set(sm_hot *hot, uint64_t hash)
{
    return &hot->sets[(hash >> 19) & (SM_HOT_SETS - 1)];
}
static inline sm_hotlong *sm_hot_long(sm_hot *hot, uint64_t hash)
{
    return &hot->longs[(hash >> 20) & (SM_HOT_LONG_SETS - 1)];
}

/* A word's value (see SM_ID_MASK) through the hot tables, in two steps.
 * sm_hot_find looks a word up: it returns true with the word's value in
 * *v, or false when the hot tables do not hold the word (*v is then
 * meaningless); then sm_hot_add gets its value from the memo and puts it
 * in. */
static inline bool sm_hot_find(sm_hot *hot, const char *word, size_t len,
                               uint64_t hash, uint32_t *v)
{
    uint64_t k0, k1;
    memcpy(&k0, word, 8); /* the key is zero-padded */
    /* No branch per way: which way holds the word is unpredictable. A word
     * is in one way at most, so the way is the sum of w times "way w
     * matches", and the value is read from it whether it matched or not. */
    uint32_t way = 0, hit = 0;
    if (len <= 8) {
        sm_hotset *set = sm_hot_set(hot, hash);
        for (uint32_t w = 0; w < SM_HOT_WAYS; w++) {
            uint32_t match = set->key[w] == k0;
            way += w * match;
            hit |= match;
        }
        *v = set->value[way];
        return hit != 0;
    }
    if (len > 16)
        return false;
    memcpy(&k1, word + 8, 8);
    sm_hotlong *set = sm_hot_long(hot, hash);
    for (uint32_t w = 0; w < SM_HOT_LONG_WAYS; w++) {
        uint32_t match = (set->key[w][0] == k0) & (set->key[w][1] == k1);
        way += w * match;
        hit |= match;
    }
    *v = set->value[way];
    return hit != 0;
}

/* Starts loading the hot set that sm_hot_find will read for a word of len
 * bytes with hash. */
static inline void sm_hot_prefetch(sm_hot *hot, size_t len, uint64_t hash)
{
    if (len <= 8)
        __builtin_prefetch(sm_hot_set(hot, hash));
    else if (len <= 16)
        __builtin_prefetch(sm_hot_long(hot, hash));
}

/* See sm_hot_find: puts the word in c's hot tables, its value from the
 * memo (stemmed when new); returns SM_NOMEM when out of memory. */
uint32_t sm_hot_add(sm_cache *c, const char *word, size_t len,
                    uint64_t hash);

/* Per-document scratch that lives with the cache: slots[stem id].term is
 * the document's term number for the stem, valid when its stamp equals
 * generation. */
typedef struct sm_termslot {
    uint32_t stamp;
    uint32_t term;
} sm_termslot;
typedef struct sm_termmap {
    sm_termslot *slots; /* owned */
    uint32_t generation;
    size_t capacity;
} sm_termmap;
sm_termmap *sm_cache_termmap(sm_cache *c);
/* Starts a new document in c's term map. */
void sm_termmap_begin(sm_cache *c);
/* Makes room for stem ids below stems; returns -1 when out of memory. */
int sm_termmap_reserve(sm_termmap *tm, uint32_t stems);

/* Starts a document on this thread: clears the memo when it grew past its
 * bound (and fills a new one with lx's stop words and markers), and takes
 * back all the memory sm_alloc gave for the last one. Returns -1 when out
 * of memory. */
int sm_cache_begin(sm_cache *c, const sm_lexicon *lx);

/* Half the words of a text are stop words. Those of up to 8 bytes that
 * are not marker words are also kept in a small table that stays in the L1
 * cache, so that the scan drops them without a look-up: slot
 * sm_stop_slot(hash) holds one such word, zero-padded (0 = none; on a
 * collision the word is left to the look-up, which knows it too). */
#define SM_STOP_SLOTS 512
static inline size_t sm_stop_slot(uint64_t hash)
{
    return hash & (SM_STOP_SLOTS - 1);
}
/* The stop word table of c. */
const uint64_t *sm_cache_stops(const sm_cache *c);

/* The attributes {"rank": r, "sentence": s} of summary spans repeat from
 * document to document: for small r and s, each thread makes the object
 * once and every span with them holds a reference to it (objects shared
 * this way are never changed). Spares five allocations and frees a span. */
#define SM_ATTRS_RANKS 4
#define SM_ATTRS_SENTENCES 128
/* The slot of c for rank (from 1) and sentence, NULL when they are out of
 * the range kept; the slot is NULL until the caller fills it. */
json_t **sm_cache_attrs(sm_cache *c, uint32_t rank, uint32_t sentence);

/* Per-document memory. Each thread processes one document at a time, so its
 * cache keeps a block that the document's arrays are carved from; nothing is
 * freed one by one, and the next sm_cache_begin takes it all back. This
 * spares a dozen malloc/free pairs per document. Returns NULL when out of
 * memory; the memory is aligned for any type. */
void *sm_alloc(sm_cache *c, size_t bytes);
/* sm_alloc, zeroed. */
void *sm_zalloc(sm_cache *c, size_t bytes);

/* The arrays that grow while a document is read are per-thread vectors
 * instead: realloc can grow them in place, where sm_alloc would keep every
 * outgrown copy until the document is done. Also reused across documents. */
enum {
    SM_VEC_TERM, SM_VEC_W, SM_VEC_SF, SM_VEC_SEEN, /* model.c */
    SM_VEC_COL, SM_VEC_EW,                                      /* score.c */
    SM_VEC_COUNT
};
/* Makes vector v of c hold at least bytes, keeping its contents, and
 * returns it (borrowed: valid until the next call for v, or the next
 * document); NULL when out of memory. */
void *sm_vec_reserve(sm_cache *c, int v, size_t bytes);

#endif
