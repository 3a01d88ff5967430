/*
 * lexicon.c - stop words, case folding memo and Snowball stemming.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#include <libstemmer.h>
#include <utf8proc.h>
#include <textmill/datafile.h>
#include <textmill/utf8.h>

#include "lexicon.h"

/* ---- string sets --------------------------------------------------------- */

uint64_t sm_pad_key(const char *s, size_t len, char *out)
{
    memcpy(out, s, len);
    memset(out + len, 0, SM_PAD);
    return sm_hash_padded(out, len);
}

/* Both keys zero-padded: compare 8 bytes at a time. */
static bool same_key(const char *a, const char *b, size_t len)
{
    for (size_t i = 0; i < len; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y)
            return false;
    }
    return true;
}

size_t sm_fold(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (n + 1 > cap)
                break;
            out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        int32_t cp;
        int k = tm_utf8_decode(s + i, len - i, &cp);
        if (k <= 0)
            break;
        i += (size_t)k;
        if (cp == 0x2019) {
            if (n + 1 > cap)
                break;
            out[n++] = '\'';
            continue;
        }
        char enc[4];
        int m = tm_utf8_encode(cp < 0 ? 0xFFFD : utf8proc_tolower(cp), enc);
        if (n + (size_t)m > cap)
            break;
        memcpy(out + n, enc, (size_t)m);
        n += (size_t)m;
    }
    return n;
}

struct sm_str *sm_strset_get(const sm_strset *set, const char *s, size_t len,
                             uint64_t hash)
{
    if (set->capacity == 0)
        return NULL;
    size_t mask = set->capacity - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        struct sm_str *e = &set->slots[i];
        if (e->len == 0)
            return NULL;
        if (e->hash == hash && e->len == len &&
            same_key(set->arena + e->off, s, len))
            return e;
    }
}

static struct sm_str *empty_slot(struct sm_str *slots, size_t cap,
                                 uint64_t hash)
{
    size_t i = hash & (cap - 1);
    while (slots[i].len)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

/* Writes to every page of fresh memory before anything reads it. A page of
 * calloc's that is read first maps the shared zero page, and the first write
 * then replaces it, which with other threads running costs a TLB flush on
 * every core: a tenth of the CPU at -j 2 went there when the memo grew. */
static void touch_pages(void *p, size_t bytes)
{
    for (size_t i = 0; i < bytes; i += 4096)
        ((volatile char *)p)[i] = 0;
}

static int strset_grow(sm_strset *set)
{
    /* Four times bigger: each growth rehashes every key and faults in
     * new pages, and a thread's memo grows to tens of thousands of words
     * in its first documents. */
    size_t cap = set->capacity ? set->capacity * 4 : 256;
    struct sm_str *slots = calloc(cap, sizeof(*slots));
    if (!slots)
        return -1;
    touch_pages(slots, cap * sizeof(*slots));
    for (size_t k = 0; k < set->capacity; k++)
        if (set->slots[k].len)
            *empty_slot(slots, cap, set->slots[k].hash) = set->slots[k];
    free(set->slots);
    set->slots = slots;
    set->capacity = cap;
    return 0;
}

struct sm_str *sm_strset_put(sm_strset *set, const char *s, size_t len,
                             uint64_t hash, uint32_t value)
{
    struct sm_str *e = sm_strset_get(set, s, len, hash);
    if (e)
        return e;
    /* Keep the load factor under 1/2. */
    if ((set->count + 1) * 2 > set->capacity && strset_grow(set) != 0)
        return NULL;
    size_t padded = (len + 7) & ~(size_t)7;
    if (set->arena_len + padded > set->arena_cap) {
        size_t cap = set->arena_cap ? set->arena_cap * 2 : 4096;
        while (cap < set->arena_len + padded)
            cap *= 2;
        char *p = realloc(set->arena, cap);
        if (!p)
            return NULL;
        set->arena = p;
        set->arena_cap = cap;
    }
    memcpy(set->arena + set->arena_len, s, padded); /* with its zeros */
    e = empty_slot(set->slots, set->capacity, hash);
    e->hash = hash;
    e->off = (uint32_t)set->arena_len;
    e->len = (uint32_t)len;
    e->value = value;
    set->arena_len += padded;
    set->count++;
    return e;
}

static void strset_clear(sm_strset *set)
{
    if (set->slots)
        memset(set->slots, 0, set->capacity * sizeof(*set->slots));
    set->count = 0;
    set->arena_len = 0;
}

void sm_strset_free(sm_strset *set)
{
    free(set->slots);
    free(set->arena);
    memset(set, 0, sizeof(*set));
}

/* ---- the lexicon --------------------------------------------------------- */

/* A block of per-document memory (see sm_alloc). */
typedef struct sm_block {
    struct sm_block *prev; /* an older, smaller block still in use */
    size_t size, used;
    max_align_t data[];
} sm_block;

struct sm_cache {
    sm_strset words;  /* folded word -> stem id (value) or SM_STOP */
    sm_strset stems;  /* stem -> stem id (value) */
    struct sb_stemmer *stemmer; /* owned; NULL when not stemming */
    struct sb_stemmer *latin1;  /* owned; the English stemmer for ASCII
                                   words, NULL otherwise (see cache_make) */
    sm_termmap termmap;
    sm_block *block;  /* owned, with its prev chain; the newest one */
    struct {
        void *p;      /* owned */
        size_t size;
    } vec[SM_VEC_COUNT];
    uint64_t stops[SM_STOP_SLOTS]; /* see sm_stop_slot */
    json_t *attrs[SM_ATTRS_RANKS][SM_ATTRS_SENTENCES]; /* one reference
                                                          each, or NULL */
    sm_hot hot;
};

sm_hot *sm_cache_hot(sm_cache *c)
{
    return &c->hot;
}

/* A thread's memo is cleared between documents past this many words, so a
 * worker that reads an endless stream of vocabulary stays bounded. */
#define SM_CACHE_MAX_WORDS 400000

/* The first block of per-document memory holds a news article's arrays;
 * a block bigger than SM_BLOCK_KEEP (left by a very long document) is
 * freed when the document is done rather than kept for the next one. */
#define SM_BLOCK_MIN (64 * 1024)
#define SM_BLOCK_KEEP (16 * 1024 * 1024)

static const struct {
    const char *lang, *algorithm;
} algorithms[] = {
    {"en", "english"}, {"de", "german"}, {"fr", "french"},
    {"es", "spanish"}, {"ru", "russian"},
};

tm_status sm_lexicon_add_stopword(sm_lexicon *lx, const char *word, size_t len,
                                  const char *origin, int line, tm_error *err)
{
    for (size_t i = 0; i < len; i++) {
        if (word[i] == ' ' || word[i] == '\t') {
            tm_error_set_file(err, origin, line, 0);
            return tm_error_set(err, TM_ERR_CONFIG,
                                "%s:%d: a stop word is one word, without "
                                "spaces: \"%.*s\"", origin, line, (int)len,
                                word);
        }
    }
    if (len == 0 || len > SM_WORD_MAX) {
        tm_error_set_file(err, origin, line, 0);
        return tm_error_set(err, TM_ERR_CONFIG,
                            "%s:%d: a stop word must have 1 to %d bytes",
                            origin, line, SM_WORD_MAX);
    }
    /* Stored folded, as words are looked up. */
    char folded[SM_WORD_MAX + SM_PAD];
    size_t n = sm_fold(word, len, folded, SM_WORD_MAX);
    memset(folded + n, 0, SM_PAD);
    if (!sm_strset_put(&lx->stop, folded, n, sm_hash_padded(folded, n), 0))
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    return TM_OK;
}

typedef struct stop_file {
    sm_lexicon *lx;
    const char *path;
} stop_file;

static tm_status add_stop_line(void *ctx, char *line, size_t len, int line_no,
                               tm_error *err)
{
    stop_file *sf = ctx;
    /* A comment may also follow the word. */
    char *hash = memchr(line, '#', len);
    if (hash)
        len = (size_t)(hash - line);
    while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
    return sm_lexicon_add_stopword(sf->lx, line, len, sf->path, line_no, err);
}

tm_status sm_lexicon_load_stopwords(sm_lexicon *lx, const char *path,
                                    tm_error *err)
{
    stop_file sf = {lx, path};
    return tm_data_file_foreach(path, add_stop_line, &sf, err);
}

static void free_blocks(sm_block *b)
{
    while (b) {
        sm_block *prev = b->prev;
        free(b);
        b = prev;
    }
}

static void cache_release(void *ctx, void *obj)
{
    (void)ctx;
    sm_cache *c = obj;
    free_blocks(c->block);
    for (int v = 0; v < SM_VEC_COUNT; v++)
        free(c->vec[v].p);
    sm_strset_free(&c->words);
    sm_strset_free(&c->stems);
    if (c->stemmer)
        sb_stemmer_delete(c->stemmer);
    if (c->latin1)
        sb_stemmer_delete(c->latin1);
    free(c->termmap.slots);
    for (int r = 0; r < SM_ATTRS_RANKS; r++)
        for (int i = 0; i < SM_ATTRS_SENTENCES; i++)
            json_decref(c->attrs[r][i]);
    free(c);
}

/* A thread's cache, made on its first document (tm_per_thread). */
static void *cache_make(void *ctx)
{
    const sm_lexicon *lx = ctx;
    sm_cache *c = aligned_alloc(_Alignof(sm_cache), sizeof(*c)); /* for the hot sets */
    if (!c)
        return NULL;
    memset(c, 0, sizeof(*c));
    if (lx->algorithm && !(c->stemmer = sb_stemmer_new(lx->algorithm, "UTF_8"))) {
        free(c);
        return NULL;
    }
    /* On an ASCII word, English Snowball in Latin-1 is the same algorithm
     * on the same characters, and a fifth faster, as it decodes no UTF-8
     * (checked equal on every word of big.txt). Without it (NULL), all
     * words go to the UTF-8 stemmer. */
    if (lx->algorithm && strcmp(lx->algorithm, "english") == 0)
        c->latin1 = sb_stemmer_new("english", "ISO_8859_1");
    return c;
}

tm_status sm_lexicon_init(sm_lexicon *lx, const char *data_dir,
                          const char *lang, bool builtin_stop, bool stem,
                          tm_error *err)
{
    memset(lx, 0, sizeof(*lx));
    for (size_t i = 0; i < sizeof(algorithms) / sizeof(algorithms[0]); i++)
        if (strcmp(algorithms[i].lang, lang) == 0 && stem)
            lx->algorithm = algorithms[i].algorithm;
    lx->caches = tm_per_thread_new(cache_make, cache_release, lx, err);
    if (!lx->caches)
        return err->code;
    /* Fail now, not on the first document, if the stemmer is missing. */
    if (lx->algorithm) {
        struct sb_stemmer *s = sb_stemmer_new(lx->algorithm, "UTF_8");
        if (!s)
            return tm_error_set(err, TM_ERR_CONFIG,
                                "libstemmer has no \"%s\" stemmer",
                                lx->algorithm);
        sb_stemmer_delete(s);
    }
    if (!builtin_stop)
        return TM_OK;
    if (!data_dir)
        return tm_error_set(err, TM_ERR_CONFIG,
                            "summarizer: no data folder was found for the "
                            "plugin (it holds stopwords/%s.txt)", lang);
    char path[4096];
    int n = snprintf(path, sizeof(path), "%s/stopwords/%s.txt", data_dir, lang);
    if (n < 0 || (size_t)n >= sizeof(path))
        return tm_error_set(err, TM_ERR_CONFIG, "data folder path too long: %s",
                            data_dir);
    return sm_lexicon_load_stopwords(lx, path, err);
}

void sm_lexicon_free(sm_lexicon *lx)
{
    /* Only called once no thread processes with this instance any more. */
    tm_per_thread_free(lx->caches);
    sm_strset_free(&lx->stop);
    sm_strset_free(&lx->markers);
    memset(lx, 0, sizeof(*lx));
}

sm_cache *sm_cache_get(sm_lexicon *lx)
{
    return tm_per_thread_get(lx->caches);
}

/* True when the zero-padded word is all ASCII. */
static bool is_ascii(const char *word, size_t len)
{
    uint64_t high = 0;
    for (size_t i = 0; i < len; i += 8) {
        uint64_t w;
        memcpy(&w, word + i, 8);
        high |= w;
    }
    return (high & 0x8080808080808080ULL) == 0;
}

/* The stem of a zero-padded word of hash: word itself, or key (SM_WORD_MAX
 * + SM_PAD bytes) where it is put zero-padded; its length in *stem_len and
 * its hash in *stem_hash. */
static const char *stem_word(sm_cache *c, const char *word, size_t len,
                             uint64_t hash, char *key, size_t *stem_len,
                             uint64_t *stem_hash)
{
    *stem_len = len;
    *stem_hash = hash;
    /* Numbers and words with digits are kept as they are. */
    if (!c->stemmer || (unsigned char)word[0] <= '9')
        return word;
    struct sb_stemmer *sb = c->latin1 && is_ascii(word, len) ? c->latin1
                                                              : c->stemmer;
    const sb_symbol *s = sb_stemmer_stem(sb, (const sb_symbol *)word,
                                         (int)len);
    if (!s)
        return word;
    size_t n = (size_t)sb_stemmer_length(sb);
    *stem_len = n < SM_WORD_MAX ? n : SM_WORD_MAX;
    *stem_hash = sm_pad_key((const char *)s, *stem_len, key);
    return key;
}

/* Empties the memo. */
static void memo_clear(sm_cache *c)
{
    strset_clear(&c->words);
    strset_clear(&c->stems);
}

/* Adds a word the memo does not hold, with the marker flags: a stop word
 * when stem is NULL, else with the id of its stem (of stem_hash). */
static uint32_t memo_add(sm_cache *c, const char *word, size_t len,
                         uint64_t hash, const char *stem, size_t stem_len,
                         uint64_t stem_hash, uint32_t flags)
{
    uint32_t id = SM_STOP;
    /* Stem ids must fit below the flags; a document with more distinct
     * stems than that (16 million) ignores the rest. */
    if (stem && c->stems.count < SM_ID_MASK - 1) {
        struct sm_str *st = sm_strset_put(&c->stems, stem, stem_len, stem_hash,
                                          (uint32_t)c->stems.count);
        if (!st)
            return SM_NOMEM;
        id = st->value;
    }
    if (!sm_strset_put(&c->words, word, len, hash, id | flags))
        return SM_NOMEM;
    return id | flags;
}

/* Puts the stop words and the markers in an empty memo, so that a word it
 * does not hold is neither: a new word costs one look-up, not three; and
 * the short stop words that are no markers in c->stops (see sm_stop_slot).
 * Returns -1 (with the memo empty again) when out of memory. */
static int memo_preload(sm_cache *c, const sm_lexicon *lx)
{
    for (size_t k = 0; k < lx->stop.capacity; k++) {
        const struct sm_str *e = &lx->stop.slots[k];
        if (!e->len)
            continue;
        const char *word = lx->stop.arena + e->off; /* zero-padded */
        const struct sm_str *mark = sm_strset_get(&lx->markers, word, e->len,
                                                  e->hash);
        if (!mark && e->len <= 8 && !c->stops[sm_stop_slot(e->hash)])
            memcpy(&c->stops[sm_stop_slot(e->hash)], word, 8); /* zero-padded */
        if (memo_add(c, word, e->len, e->hash, NULL, 0, 0,
                     mark ? mark->value << 24 : 0) == SM_NOMEM)
            goto nomem;
    }
    for (size_t k = 0; k < lx->markers.capacity; k++) {
        const struct sm_str *e = &lx->markers.slots[k];
        const char *word = lx->markers.arena + e->off;
        if (!e->len || sm_strset_get(&c->words, word, e->len, e->hash))
            continue;
        char key[SM_WORD_MAX + SM_PAD];
        size_t stem_len;
        uint64_t stem_hash;
        const char *stem = stem_word(c, word, e->len, e->hash, key, &stem_len,
                                     &stem_hash);
        if (memo_add(c, word, e->len, e->hash, stem, stem_len, stem_hash,
                     e->value << 24) == SM_NOMEM)
            goto nomem;
    }
    return 0;
nomem:
    memo_clear(c);
    return -1;
}

/* The stem id and flags of a folded word (len <= SM_WORD_MAX), see
 * SM_ID_MASK. fresh says the word is likely new to the memo (a hint: it
 * is stemmed before the memo is read). Returns SM_NOMEM when out of
 * memory. */
static uint32_t memo_term(sm_cache *c, const char *word, size_t len,
                          uint64_t hash, bool fresh)
{
    char key[SM_WORD_MAX + SM_PAD];
    size_t stem_len = 0;
    uint64_t stem_hash = 0;
    const char *stem = NULL;
    /* The memo's slot for a new word is far in memory: stem the word while
     * the slot loads. */
    if (fresh) {
        if (c->words.slots)
            __builtin_prefetch(
                &c->words.slots[hash & (c->words.capacity - 1)]);
        stem = stem_word(c, word, len, hash, key, &stem_len, &stem_hash);
    }
    struct sm_str *e = sm_strset_get(&c->words, word, len, hash);
    if (e)
        return e->value;
    if (!stem)
        stem = stem_word(c, word, len, hash, key, &stem_len, &stem_hash);
    return memo_add(c, word, len, hash, stem, stem_len, stem_hash, 0);
}

uint32_t sm_hot_add(sm_cache *c, const char *word, size_t len,
                    uint64_t hash)
{
    sm_hot *hot = &c->hot;
    /* Every word that gets here goes into its hot set, and the hot sets
     * are emptied with the memo: a word missing from a set that still has
     * a free way is new (or a stop word or marker, which the memo starts
     * with). */
    bool fresh = false;
    if (len <= 8)
        fresh = sm_hot_set(hot, hash)->key[SM_HOT_WAYS - 1] == 0;
    else if (len <= 16)
        fresh = sm_hot_long(hot, hash)->key[SM_HOT_LONG_WAYS - 1][0] == 0;
    uint32_t v = memo_term(c, word, len, hash, fresh);
    if (v == SM_NOMEM || len > 16)
        return v;
    /* The new word goes first in its set, the oldest one out. */
    uint64_t k0;
    memcpy(&k0, word, 8);
    if (len <= 8) {
        sm_hotset *set = sm_hot_set(hot, hash);
        memmove(&set->key[1], &set->key[0],
                (SM_HOT_WAYS - 1) * sizeof(set->key[0]));
        memmove(&set->value[1], &set->value[0],
                (SM_HOT_WAYS - 1) * sizeof(set->value[0]));
        set->key[0] = k0;
        set->value[0] = v;
        return v;
    }
    sm_hotlong *set = sm_hot_long(hot, hash);
    memmove(&set->key[1], &set->key[0],
            (SM_HOT_LONG_WAYS - 1) * sizeof(set->key[0]));
    memmove(&set->value[1], &set->value[0],
            (SM_HOT_LONG_WAYS - 1) * sizeof(set->value[0]));
    set->key[0][0] = k0;
    memcpy(&set->key[0][1], word + 8, 8);
    set->value[0] = v;
    return v;
}

const uint64_t *sm_cache_stops(const sm_cache *c)
{
    return c->stops;
}

json_t **sm_cache_attrs(sm_cache *c, uint32_t rank, uint32_t sentence)
{
    if (rank < 1 || rank > SM_ATTRS_RANKS || sentence >= SM_ATTRS_SENTENCES)
        return NULL;
    return &c->attrs[rank - 1][sentence];
}

sm_termmap *sm_cache_termmap(sm_cache *c)
{
    return &c->termmap;
}

void sm_termmap_begin(sm_cache *c)
{
    /* Stamps are compared with the generation: bumping it empties the map.
     * On wrap-around, really clear it. */
    sm_termmap *tm = &c->termmap;
    if (++tm->generation == 0) {
        if (tm->slots)
            memset(tm->slots, 0, tm->capacity * sizeof(*tm->slots));
        tm->generation = 1;
    }
}

int sm_termmap_reserve(sm_termmap *tm, uint32_t stems)
{
    if (stems <= tm->capacity)
        return 0;
    size_t cap = tm->capacity ? tm->capacity : 1024;
    while (cap < stems)
        cap *= 2;
    sm_termslot *slots = realloc(tm->slots, cap * sizeof(*slots));
    if (!slots)
        return -1;
    memset(slots + tm->capacity, 0, (cap - tm->capacity) * sizeof(*slots));
    tm->slots = slots;
    tm->capacity = cap;
    return 0;
}

int sm_cache_begin(sm_cache *c, const sm_lexicon *lx)
{
    /* Keep only the newest block: it is the biggest, and the next document
     * likely fits in it. */
    sm_block *b = c->block;
    if (b) {
        free_blocks(b->prev);
        b->prev = NULL;
        b->used = 0;
        if (b->size > SM_BLOCK_KEEP) {
            free(b);
            c->block = NULL;
        }
    }
    for (int v = 0; v < SM_VEC_COUNT; v++) {
        if (c->vec[v].size > SM_BLOCK_KEEP) {
            free(c->vec[v].p);
            c->vec[v].p = NULL;
            c->vec[v].size = 0;
        }
    }
    if (c->words.count >= SM_CACHE_MAX_WORDS) {
        /* Stem ids restart from 0, so the term map must forget them too. */
        memo_clear(c);
        memset(&c->hot, 0, sizeof(c->hot));
        if (c->termmap.slots)
            memset(c->termmap.slots, 0,
                   c->termmap.capacity * sizeof(*c->termmap.slots));
    }
    /* A new memo, or one just cleared. */
    if (c->words.count == 0)
        return memo_preload(c, lx);
    return 0;
}

void *sm_alloc(sm_cache *c, size_t bytes)
{
    const size_t align = _Alignof(max_align_t);
    if (bytes > SIZE_MAX / 4)
        return NULL;
    bytes = (bytes + align - 1) / align * align;
    sm_block *b = c->block;
    if (!b || b->size - b->used < bytes) {
        /* A new block, twice the last; the old one stays until the
         * document is done. */
        size_t size = b ? b->size * 2 : SM_BLOCK_MIN;
        while (size < bytes)
            size *= 2;
        sm_block *nb = malloc(sizeof(*nb) + size);
        if (!nb)
            return NULL;
        nb->prev = b;
        nb->size = size;
        nb->used = 0;
        c->block = b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += bytes;
    return p;
}

void *sm_zalloc(sm_cache *c, size_t bytes)
{
    void *p = sm_alloc(c, bytes);
    if (p)
        memset(p, 0, bytes);
    return p;
}

void *sm_vec_reserve(sm_cache *c, int v, size_t bytes)
{
    if (bytes <= c->vec[v].size)
        return c->vec[v].p;
    void *p = realloc(c->vec[v].p, bytes);
    if (!p)
        return NULL;
    c->vec[v].p = p;
    c->vec[v].size = bytes;
    return p;
}
