/* lexicon.c - the phrase table: normalized token sequences to labels and
 * clues, loaded from the data files (see et.h). */
#define _DEFAULT_SOURCE /* madvise's MADV_HUGEPAGE */
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>

#include <utf8proc.h>
#include <textmill/datafile.h>
#include <textmill/utf8.h>

#include "et.h"

const char *const et_builtin_labels[] = {
    "PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "DATE",
    "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL", "EMAIL",
    "URL", NULL};

static const char *const clue_names[ET_C_COUNT] = {
    [ET_C_TITLE] = "title",         [ET_C_GIVEN] = "given_name",
    [ET_C_SURNAME] = "surname",     [ET_C_COMMON] = "common",
    [ET_C_PARTICLE] = "particle",   [ET_C_KW_ORG] = "org_keyword",
    [ET_C_KW_SUFFIX] = "org_suffix", [ET_C_KW_LOC] = "loc_keyword",
    [ET_C_KW_GPE] = "gpe_keyword",  [ET_C_KW_FAC] = "fac_keyword",
    [ET_C_KW_EVENT] = "event_keyword", [ET_C_KW_LAW] = "law_keyword",
    [ET_C_MONTH] = "month",         [ET_C_WEEKDAY] = "weekday",
    [ET_C_NUMWORD] = "number",      [ET_C_SCALE] = "scale",
    [ET_C_ORDWORD] = "ordinal",     [ET_C_UNIT] = "unit",
    [ET_C_CURRENCY] = "currency",   [ET_C_CURCODE] = "currency_code",
    [ET_C_PERCENT] = "percent",     [ET_C_DATEWORD] = "date_word",
    [ET_C_DATEUNIT] = "date_unit",  [ET_C_TIMEUNIT] = "time_unit",
    [ET_C_TIMEWORD] = "time_word",  [ET_C_DATEMOD] = "date_modifier",
    [ET_C_SEASON] = "season",       [ET_C_LOCPREP] = "place_preposition",
    [ET_C_SAYS] = "speech_verb",    [ET_C_ORG_CONN] = "org_connector",
    [ET_C_ORG_NOUN] = "org_noun",
};

int et_clue_by_name(const char *name)
{
    for (int i = 0; i < ET_C_COUNT; i++)
        if (clue_names[i] && strcmp(clue_names[i], name) == 0)
            return i;
    return -1;
}

/* ---- hashing and folding ---------------------------------------------- */

size_t et_fold(const char *s, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (o + 1 > cap)
                break;
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        int32_t cp;
        int n = tm_utf8_decode(s + i, len - i, &cp);
        i += (size_t)n;
        if (cp == 0x2019 || cp == 0x2018) {
            if (o + 1 > cap)
                break;
            out[o++] = '\'';
            continue;
        }
        /* Case folded, accents stripped: "Zürich" and "Zurich" meet. */
        utf8proc_int32_t dst[8];
        int bound = 0;
        utf8proc_ssize_t m = cp < 0 ? -1
            : utf8proc_decompose_char(cp, dst, 8, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
                                                      UTF8PROC_STRIPMARK, &bound);
        if (m < 0 || m > 8) {
            if (o + (size_t)n > cap)
                break;
            memcpy(out + o, s + i - n, (size_t)n);
            o += (size_t)n;
            continue;
        }
        for (utf8proc_ssize_t k = 0; k < m; k++) {
            char buf[4];
            int b = tm_utf8_encode(dst[k], buf);
            if (o + (size_t)b > cap)
                return o;
            memcpy(out + o, buf, (size_t)b);
            o += (size_t)b;
        }
    }
    return o;
}

/* ---- the table ---------------------------------------------------------- */

int et_lexicon_init(et_lexicon *lx)
{
    memset(lx, 0, sizeof(*lx));
    lx->capacity = 1u << 14;
    lx->slots = calloc(lx->capacity, sizeof(et_entry));
    lx->filter_shift = 14 - 2;
    lx->filter = calloc((size_t)1 << lx->filter_shift, sizeof(uint64_t));
    if (!lx->slots || !lx->filter)
        return -1;
    for (int i = 0; et_builtin_labels[i]; i++)
        if (et_label_index(lx, et_builtin_labels[i], true) < 0)
            return -1;
    return 0;
}

void et_lexicon_free(et_lexicon *lx)
{
    free(lx->slots);
    free(lx->filter);
    free(lx->keys);
    tm_tokens_free(&lx->scratch);
    for (size_t i = 0; i < lx->nsources; i++)
        free(lx->sources[i]);
    free(lx->sources);
    for (size_t i = 0; i < lx->nlabels; i++)
        free(lx->labels[i]);
    free(lx->labels);
    memset(lx, 0, sizeof(*lx));
}

static int add_name(char ***list, size_t *n, const char *name)
{
    char **v = realloc(*list, (*n + 1) * sizeof(*v));
    if (!v)
        return -1;
    *list = v;
    if (!(v[*n] = strdup(name)))
        return -1;
    return (int)(*n)++;
}

int et_label_index(et_lexicon *lx, const char *name, bool add)
{
    for (size_t i = 0; i < lx->nlabels; i++)
        if (strcmp(lx->labels[i], name) == 0)
            return (int)i;
    if (!add || lx->nlabels >= ET_MAX_LABELS)
        return -1;
    return add_name(&lx->labels, &lx->nlabels, name);
}

int et_source_index(et_lexicon *lx, const char *name)
{
    for (size_t i = 0; i < lx->nsources; i++)
        if (strcmp(lx->sources[i], name) == 0)
            return (int)i;
    return add_name(&lx->sources, &lx->nsources, name);
}

/* Whether a[0..len) and b[0..len) are the same. Keys are short words: up
 * to 16 bytes compare as two (possibly overlapping) words, with no loop. */
static inline bool same_bytes(const char *a, const char *b, size_t len)
{
    if (len > 16)
        return memcmp(a, b, len) == 0;
    if (len >= 8)
        return et_read64(a) == et_read64(b) &&
               et_read64(a + len - 8) == et_read64(b + len - 8);
    if (len >= 4)
        return et_read32(a) == et_read32(b) &&
               et_read32(a + len - 4) == et_read32(b + len - 4);
    return len == 0 || (a[0] == b[0] && a[len / 2] == b[len / 2] && a[len - 1] == b[len - 1]);
}

static inline bool key_is(const et_lexicon *lx, const et_entry *e,
                          const char *key, size_t len)
{
    return e->key_len == len &&
           same_bytes(len <= ET_HEAD ? e->head : lx->keys + e->key_off, key, len);
}

const et_entry *et_lexicon_find(const et_lexicon *lx, uint32_t hash,
                                const char *key, size_t len)
{
    return et_lexicon_may_have(lx, hash) ? et_lexicon_probe(lx, hash, key, len) : NULL;
}

const et_entry *et_lexicon_probe(const et_lexicon *lx, uint32_t hash,
                                 const char *key, size_t len)
{
    size_t mask = lx->capacity - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const et_entry *e = &lx->slots[i];
        if (!(e->flags & ET_E_USED))
            return NULL;
        if (e->hash == hash && key_is(lx, e, key, len))
            return e;
    }
}

/* A zeroed table of bytes bytes. A big one is asked for in huge pages
 * (where the system gives them on request): loading fills it at random
 * places, and two page faults are cheaper than a thousand. */
static void *table_alloc(size_t bytes)
{
#ifdef MADV_HUGEPAGE
    const size_t huge = (size_t)2 << 20;
    void *p;
    if (bytes >= huge && posix_memalign(&p, huge, bytes) == 0) {
        madvise(p, bytes, MADV_HUGEPAGE); /* a hint: fine if refused */
        return memset(p, 0, bytes);
    }
#endif
    return calloc(1, bytes);
}

/* Moves the entries to a table of cap slots (a power of two), with a
 * filter of 16 bits per slot. */
static int resize(et_lexicon *lx, size_t cap)
{
    unsigned shift = 2;
    while (((size_t)4 << shift) < cap)
        shift++;
    et_entry *slots = table_alloc(cap * sizeof(*slots));
    uint64_t *filter = calloc((size_t)1 << shift, sizeof(*filter));
    if (!slots || !filter) {
        free(slots);
        free(filter);
        return -1;
    }
    free(lx->filter);
    lx->filter = filter;
    lx->filter_shift = shift;
    for (size_t i = 0; i < lx->capacity; i++) {
        et_entry *e = &lx->slots[i];
        if (!(e->flags & ET_E_USED))
            continue;
        size_t j = e->hash & (cap - 1);
        while (slots[j].flags & ET_E_USED)
            j = (j + 1) & (cap - 1);
        slots[j] = *e;
        filter[et_filter_word(lx, e->hash)] |= et_filter_mask(e->hash);
    }
    free(lx->slots);
    lx->slots = slots;
    lx->capacity = cap;
    return 0;
}

static int reserve_keys(et_lexicon *lx, size_t n)
{
    if (lx->keys_len + n < lx->keys_cap)
        return 0;
    size_t cap = lx->keys_cap ? lx->keys_cap * 2 : 65536;
    while (cap <= lx->keys_len + n)
        cap *= 2;
    char *v = realloc(lx->keys, cap);
    if (!v)
        return -1;
    lx->keys = v;
    lx->keys_cap = cap;
    return 0;
}

int et_lexicon_reserve(et_lexicon *lx, size_t entries)
{
    size_t cap = lx->capacity;
    while ((lx->size + entries) * 4 > cap * 3)
        cap *= 2;
    return cap == lx->capacity ? 0 : resize(lx, cap);
}

/* The entry for key, inserted empty if missing; NULL when out of memory.
 * The pointer is valid until the next insertion. */
static et_entry *upsert(et_lexicon *lx, uint32_t hash, const char *key,
                        size_t len)
{
    if ((lx->size + 1) * 4 > lx->capacity * 3 && resize(lx, lx->capacity * 2) != 0)
        return NULL;
    size_t mask = lx->capacity - 1;
    size_t i = hash & mask;
    for (;; i = (i + 1) & mask) {
        et_entry *e = &lx->slots[i];
        if (!(e->flags & ET_E_USED))
            break;
        if (e->hash == hash && key_is(lx, e, key, len))
            return e;
    }
    et_entry *e = &lx->slots[i];
    memset(e, 0, sizeof(*e));
    memcpy(e->head, key, len < ET_HEAD ? len : ET_HEAD);
    if (len > ET_HEAD) { /* shorter keys are whole in head */
        if (reserve_keys(lx, len) != 0)
            return NULL;
        memcpy(lx->keys + lx->keys_len, key, len);
        e->key_off = (uint32_t)lx->keys_len;
        lx->keys_len += len;
    }
    e->key_len = (uint16_t)len;
    e->hash = hash;
    e->flags = ET_E_USED;
    lx->size++;
    lx->filter[et_filter_word(lx, hash)] |= et_filter_mask(hash);
    return e;
}

/* Cuts a phrase of ASCII letters and spaces into words as tm_tokenize
 * would, without its general machinery: most list entries are such.
 * Returns the word count, or -1 when the phrase is not that simple (or
 * has more than max words). */
static int simple_words(const char *s, size_t len, tm_token *out, int max)
{
    int n = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] == ' ') {
            i++;
            continue;
        }
        size_t start = i;
        int uppers = 0;
        for (; i < len && s[i] != ' '; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c >= 'A' && c <= 'Z')
                uppers++;
            else if (!(c >= 'a' && c <= 'z'))
                return -1;
        }
        if (n == max)
            return -1;
        uint32_t f = TM_TOK_WORD;
        f |= s[start] <= 'Z' ? TM_TOK_CAPITALIZED : TM_TOK_LOWER;
        if (i - start >= 2 && (size_t)uppers == i - start)
            f |= TM_TOK_ALL_CAPS;
        out[n++] = (tm_token){start, i, f};
    }
    return n;
}

/* A phrase made a key: its folded words joined by single spaces, and the
 * length and hash of each run of its first words (the last run is the
 * whole key; the shorter ones are stored as prefixes, for longest match). */
typedef struct et_key {
    const char *text;
    uint16_t len[ET_MAX_PHRASE_TOKENS];
    uint32_t hash[ET_MAX_PHRASE_TOKENS];
    int words;
    bool upper;       /* written in capitals: the text must be too */
    bool first_lower; /* the first word is written in lower case */
} et_key;

/* Makes the key of phrase in out (ET_MAX_KEY bytes). */
static tm_status make_key(et_lexicon *lx, const char *phrase, size_t len,
                          char *out, et_key *k)
{
    tm_token simple[ET_MAX_PHRASE_TOKENS];
    tm_tokens toks = {.items = simple};
    int nsimple = simple_words(phrase, len, simple, ET_MAX_PHRASE_TOKENS);
    if (nsimple >= 0) {
        toks.size = (size_t)nsimple;
    } else {
        tm_tokens_clear(&lx->scratch);
        if (tm_tokenize(phrase, 0, len, &lx->scratch) != TM_OK)
            return TM_ERR_NOMEM;
        toks = lx->scratch;
    }
    if (toks.size == 0 || toks.size > ET_MAX_PHRASE_TOKENS)
        return TM_ERR_CONFIG;
    /* Written in capitals ("NATO", "US"): the text must be in capitals too,
     * so that the pronoun "us" is not the country. */
    uint32_t f0 = toks.items[0].flags;
    k->upper = toks.size == 1 && ((f0 & TM_TOK_ALL_CAPS) ||
                                  ((f0 & TM_TOK_DOTTED) && !(f0 & TM_TOK_LOWER)));
    k->first_lower = (f0 & TM_TOK_LOWER) != 0;
    k->words = (int)toks.size;
    k->text = out;
    size_t klen = 0;
    uint32_t h = 0;
    for (size_t t = 0; t < toks.size; t++) {
        size_t tl = toks.items[t].end - toks.items[t].start;
        if (klen + tl * 4 + 1 >= ET_MAX_KEY)
            return TM_ERR_CONFIG;
        if (t > 0)
            out[klen++] = ' ';
        const char *word = phrase + toks.items[t].start;
        size_t n = tl;
        if (nsimple >= 0) /* ASCII letters only: setting 0x20 folds them */
            for (size_t j = 0; j < tl; j++)
                out[klen + j] = (char)(word[j] | 0x20);
        else
            n = et_fold(word, tl, out + klen, ET_MAX_KEY - klen);
        uint32_t w = et_hash(out + klen, n);
        h = t > 0 ? et_hash_join(h, w) : w;
        klen += n;
        k->len[t] = (uint16_t)klen;
        k->hash[t] = h;
    }
    return TM_OK;
}

/* What a list line says about its phrase. */
typedef struct et_meta {
    int label, source;
    uint64_t clues;
    unsigned flags;
    bool override;
} et_meta;

static tm_status add_key(et_lexicon *lx, const et_key *k, const et_meta *m)
{
    for (int t = 0; t + 1 < k->words; t++) {
        et_entry *p = upsert(lx, k->hash[t], k->text, k->len[t]);
        if (!p)
            return TM_ERR_NOMEM;
        p->flags |= ET_E_PREFIX;
    }
    et_entry *e = upsert(lx, k->hash[k->words - 1], k->text, k->len[k->words - 1]);
    if (!e)
        return TM_ERR_NOMEM;
    e->clues |= (uint32_t)m->clues;
    if (m->flags & ET_E_NEVER) {
        e->flags |= ET_E_NEVER;
        lx->has_never = true;
    }
    if (m->label >= 0 && (m->override || !(e->flags & ET_E_ENTITY))) {
        e->label = (uint8_t)m->label;
        e->source = (uint16_t)m->source;
        e->flags |= ET_E_ENTITY;
        /* Case requirement follows the list that gave the label. */
        e->flags &= (uint8_t)~(ET_E_UPPER | ET_E_ANYCASE | ET_E_USER);
        if (k->upper)
            e->flags |= ET_E_UPPER;
        if (m->override) {
            e->flags |= ET_E_USER;
            lx->has_user = true;
            if (k->first_lower)
                e->flags |= ET_E_ANYCASE;
        }
    } else if (m->label < 0 && !(e->flags & ET_E_ENTITY) && k->upper) {
        e->flags |= ET_E_UPPER;
    }
    return TM_OK;
}

tm_status et_lexicon_add(et_lexicon *lx, const char *phrase, size_t len,
                         int label, uint64_t clues, int source,
                         unsigned flags, bool override)
{
    et_key k;
    char text[ET_MAX_KEY];
    tm_status st = make_key(lx, phrase, len, text, &k);
    if (st != TM_OK)
        return st;
    et_meta m = {label, source, clues, flags, override};
    return add_key(lx, &k, &m);
}

/* ---- data files ----------------------------------------------------------- */

tm_status et_read_list(const char *path, char **out, size_t *len, size_t *lines,
                       tm_error *err)
{
    char *text = tm_data_file_read(path, len, err);
    if (!text)
        return err->code != TM_OK ? err->code : TM_ERR_IO;
    *out = text;
    *lines = 1;
    for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + *len - p))); p++)
        (*lines)++;
    return TM_OK;
}

/* Lists are loaded in batches: the keys of a batch's lines are made first,
 * then stored, each slot asked for a few keys ahead. The table is bigger
 * than the nearest caches, and loading is mostly waiting for its slots
 * otherwise. Keys are stored in line order, as one by one. */
#define ET_BATCH 256
#define ET_AHEAD 8

typedef struct list_file {
    et_lexicon *lx;
    int source, label;
    uint64_t clues;
    bool override, allow_new_labels;
    size_t n;                       /* keys in the batch */
    size_t text_len;                /* bytes of text used */
    et_key keys[ET_BATCH];
    et_meta meta[ET_BATCH];
    char text[ET_BATCH * 32 + ET_MAX_KEY];
} list_file;

static tm_status store_batch(list_file *lf)
{
    et_lexicon *lx = lf->lx;
    tm_status st = TM_OK;
    for (size_t i = 0; i < lf->n && st == TM_OK; i++) {
        if (i + ET_AHEAD < lf->n) {
            const et_key *k = &lf->keys[i + ET_AHEAD];
            for (int t = 0; t < k->words; t++) {
                __builtin_prefetch(&lx->slots[k->hash[t] & (lx->capacity - 1)], 1);
                __builtin_prefetch(&lx->filter[et_filter_word(lx, k->hash[t])], 1);
            }
        }
        st = add_key(lx, &lf->keys[i], &lf->meta[i]);
    }
    lf->n = lf->text_len = 0;
    return st;
}

/* One entry: "phrase", or "phrase<TAB>field" where field is a label or a
 * clue name (or NONE: never tag) instead of the file's default. */
static tm_status add_list_line(void *ctx, char *line, size_t len, int line_no,
                               tm_error *err)
{
    (void)line_no; /* the reader adds the place to errors */
    list_file *lf = ctx;
    et_lexicon *lx = lf->lx;
    char *tab = memchr(line, '\t', len);
    size_t plen = tab ? (size_t)(tab - line) : len;
    while (plen > 0 && line[plen - 1] == ' ')
        plen--;
    int lab = lf->label;
    uint64_t cl = lf->clues;
    unsigned fl = 0;
    if (tab) {
        char *field = tab + 1; /* trimmed at its end by the reader */
        while (*field == ' ' || *field == '\t')
            field++;
        int c = et_clue_by_name(field);
        if (c >= 0) {
            cl = ET_CLUE(c);
            lab = -1;
        } else if (strcmp(field, "NONE") == 0) {
            fl = ET_E_NEVER;
            lab = -1;
            cl = 0;
        } else {
            lab = et_label_index(lx, field, false);
            if (lab < 0 && lf->allow_new_labels && field[0] >= 'A' && field[0] <= 'Z')
                lab = et_label_index(lx, field, true);
            if (lab < 0)
                return tm_error_set(err, TM_ERR_CONFIG,
                                    "unknown label or clue \"%.200s\" (labels are "
                                    "upper case, e.g. ORG; clues are title, "
                                    "given_name, org_keyword, ...)", field);
            cl = 0;
        }
    } else if (lf->label < 0 && lf->clues == 0) {
        fl = ET_E_NEVER;
    }
    if (lf->n == ET_BATCH || sizeof(lf->text) - lf->text_len < ET_MAX_KEY) {
        tm_status st = store_batch(lf);
        if (st != TM_OK)
            return tm_error_set(err, st, "out of memory");
    }
    et_key *k = &lf->keys[lf->n];
    tm_status st = make_key(lx, line, plen, lf->text + lf->text_len, k);
    if (st == TM_OK) {
        lf->meta[lf->n++] = (et_meta){lab, lf->source, cl, fl, lf->override};
        lf->text_len += k->len[k->words - 1];
    }
    if (st == TM_ERR_CONFIG)
        return tm_error_set(err, st, "phrase has no word or more than %d tokens",
                            ET_MAX_PHRASE_TOKENS);
    if (st != TM_OK)
        return tm_error_set(err, st, "out of memory");
    return TM_OK;
}

tm_status et_lexicon_load_text(et_lexicon *lx, const char *path, char *text,
                               size_t text_len, const char *source_name,
                               int label, uint64_t clues, bool override,
                               bool allow_new_labels, tm_error *err)
{
    list_file *lf = malloc(sizeof(*lf));
    if (!lf)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    lf->lx = lx;
    lf->source = et_source_index(lx, source_name);
    lf->label = label;
    lf->clues = clues;
    lf->override = override;
    lf->allow_new_labels = allow_new_labels;
    lf->n = lf->text_len = 0;
    tm_status st = TM_ERR_NOMEM;
    if (lf->source >= 0 &&
        (st = tm_data_text_foreach(path, text, text_len, add_list_line, lf, err)) == TM_OK)
        st = store_batch(lf);
    free(lf);
    return st == TM_ERR_NOMEM ? tm_error_set(err, st, "out of memory") : st;
}

tm_status et_lexicon_load_file(et_lexicon *lx, const char *path,
                               const char *source_name, int label,
                               uint64_t clues, bool override,
                               bool allow_new_labels, tm_error *err)
{
    char *text;
    size_t len, lines;
    tm_status st = et_read_list(path, &text, &len, &lines, err);
    if (st != TM_OK)
        return st;
    if (et_lexicon_reserve(lx, lines) != 0)
        st = tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    else
        st = et_lexicon_load_text(lx, path, text, len, source_name, label, clues,
                                  override, allow_new_labels, err);
    free(text);
    return st;
}
