/*
 * model.c - scanning sentences into terms.
 *
 * Words follow the rules of the shared tokenizer (textmill/token.h): runs of
 * letters, digits and marks, joined by an apostrophe, '.' or '&' between
 * letters and by '.', ',' or ':' between digits; a final "'s" is dropped. We
 * scan and fold in one pass instead of calling tm_tokenize because this loop
 * is most of the summarizer's time and we need no token array, only folded
 * words and their hashes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <utf8proc.h>
#include <textmill/utf8.h>

#include "model.h"
#include "rules.h"

enum { C_OTHER = 0, C_LETTER = 1, C_DIGIT = 2 };

/* Class of the character at t[i] (end bounds it); *len gets its size. */
static int char_class(const char *t, size_t i, size_t end, int *len)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) {
        *len = 1;
        if ((c | 32) >= 'a' && (c | 32) <= 'z')
            return C_LETTER;
        if (c >= '0' && c <= '9')
            return C_DIGIT;
        return C_OTHER;
    }
    int32_t cp;
    *len = tm_utf8_decode(t + i, end - i, &cp);
    if (*len <= 0) {
        *len = 1;
        return C_OTHER;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_LETTER;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return C_DIGIT;
    default:
        return C_OTHER;
    }
}

/* Does the joiner at t[j] (jlen bytes), after a character of class prev,
 * continue the word? */
static bool joins(const char *t, size_t j, int jlen, size_t end, int prev)
{
    size_t k = j + (size_t)jlen;
    if (k >= end)
        return false;
    int nlen;
    int next = char_class(t, k, end, &nlen);
    unsigned char c = (unsigned char)t[j];
    if (c == '_')
        return next != C_OTHER;
    if (prev == C_LETTER && next == C_LETTER) {
        if (c == '.' || c == '&')
            return true;
        /* An apostrophe, unless it starts a final possessive "'s". */
        if ((t[k] | 32) == 's') {
            size_t a = k + 1;
            int alen;
            if (a >= end || char_class(t, a, end, &alen) == C_OTHER)
                return false;
        }
        return true;
    }
    if (prev == C_DIGIT && next == C_DIGIT)
        return c == '.' || c == ',' || c == ':';
    return false;
}

/* The length of a joiner at t[i], or 0 if there is none. */
static int joiner_at(const char *t, size_t i, size_t end)
{
    unsigned char c = (unsigned char)t[i];
    if (c == '\'' || c == '.' || c == '&' || c == ',' || c == ':' || c == '_')
        return 1;
    if (c == 0xE2 && i + 2 < end && (unsigned char)t[i + 1] == 0x80 &&
        (unsigned char)t[i + 2] == 0x99)
        return 3; /* U+2019 */
    return 0;
}

/* ASCII letters are 1 (C_LETTER), digits 2 (C_DIGIT), every other byte 0
 * (bytes of characters that are not ASCII too). */
static const uint8_t ascii_class[256] = {
    ['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2,
    ['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
    ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
    ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
};

/* Counts a quotation mark that is not ASCII (at t[i], len bytes). */
static void count_quote(sm_sent *st, const char *t, size_t i, int len)
{
    unsigned char c1 = (unsigned char)t[i], c2 = (unsigned char)t[i + 1];
    if (len == 3 && c1 == 0xE2 && c2 == 0x80) {
        unsigned char c3 = (unsigned char)t[i + 2];
        if (c3 == 0x9C || c3 == 0x9E) /* “ „ */
            st->opens++;
        else if (c3 == 0x9D) /* ” */
            st->closes++;
    } else if (len == 2 && c1 == 0xC2) {
        if (c2 == 0xAB) /* « */
            st->opens++;
        else if (c2 == 0xBB) /* » */
            st->closes++;
    }
}


/* Bitmasks of the 16 bytes at a position, bit k for byte k: ASCII letters
 * and digits, bytes of characters that are not ASCII, straight double
 * quotes. Words are found from them with no branch per byte: where a word
 * ends is unpredictable. */
typedef struct window {
    unsigned alnum, high, quote;
} window;

static window classify16(const char *p)
{
    window w;
#ifdef __SSE2__
    /* SSE2 compares signed bytes only: x is in [lo, lo + n) iff
     * x + (128 - lo) is below -128 + n. Bytes >= 0x80 fall outside both
     * ranges. Setting bit 0x20 lowers the letters. */
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(lower, _mm_set1_epi8(128 - 'a')),
                                    _mm_set1_epi8(-128 + 26));
    __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(128 - '0')),
                                   _mm_set1_epi8(-128 + 10));
    w.alnum = (unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit));
    w.high = (unsigned)_mm_movemask_epi8(v);
    w.quote = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
#else
    w.alnum = w.high = w.quote = 0;
    for (unsigned k = 0; k < 16; k++) {
        unsigned char c = (unsigned char)p[k];
        w.alnum |= (unsigned)(ascii_class[c] != 0) << k;
        w.high |= (unsigned)(c >= 0x80) << k;
        w.quote |= (unsigned)(c == '"') << k;
    }
#endif
    return w;
}

/* The window at t[i] (i < end), without the bytes from end on; len is the
 * size of the text, which bounds what may be read. Bytes past end but in
 * the text are read and dropped: one load, where copying the sentence's last
 * bytes would cost more. */
static window window_at(const char *t, size_t i, size_t end, size_t len)
{
    window w;
    if (len - i >= 16) {
        w = classify16(t + i);
    } else {
        char tail[16] = {0};
        memcpy(tail, t + i, len - i);
        w = classify16(tail);
    }
    unsigned keep = end - i >= 16 ? 0xFFFF : (1u << (end - i)) - 1;
    w.alnum &= keep;
    w.high &= keep;
    w.quote &= keep;
    return w;
}

/* Set bits in x; few, as they are quotes. */
static unsigned count_bits(unsigned x)
{
    unsigned n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* What a byte after a run of ASCII letters and digits means: B_END ends the
 * word, B_JOIN may join it to what follows (see joins), B_MORE needs the full
 * rules (a byte of a character that is not ASCII). */
enum { B_END, B_JOIN, B_MORE };
static int after_run(unsigned char c)
{
    if (c >= 0x80)
        return B_MORE;
    if (c == '\'' || c == '.' || c == '&' || c == ',' || c == ':' || c == '_')
        return B_JOIN;
    return B_END;
}

/* Keeps the first r (1..8) bytes of w as memcpy reads them, zeros the rest. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FIRST_BYTES(w, r) ((w) & (~(uint64_t)0 << (64 - 8 * (r))))
#else
#define FIRST_BYTES(w, r) ((w) & (~(uint64_t)0 >> (64 - 8 * (r))))
#endif

/* The 8-byte word of a key from p, the first (at most 8) of r bytes of
 * ASCII letters and digits, zero-padded, folded: setting bit 0x20 lowers the
 * letters and leaves the digits as they are. avail bytes can be read at p
 * (r <= avail). */
static uint64_t folded_word(const char *p, size_t r, size_t avail)
{
    uint64_t w = 0;
    if (r > 8)
        r = 8;
    if (avail >= 8)
        memcpy(&w, p, 8); /* one load */
    else
        memcpy(&w, p, r);
    return FIRST_BYTES(w | 0x2020202020202020ULL, r);
}

/* Scans the word that starts at t[i] into buf, folded (at most SM_WORD_MAX
 * bytes kept) and zero-padded as sm_hot_find wants it; its first run of ASCII
 * letters and digits, maybe empty, ends at t[r]. end bounds the sentence,
 * len the text. Returns the end of the word; *out_len gets the folded length
 * and *out_hash its sm_hash_padded. */
static size_t scan_word(const char *t, size_t i, size_t r, size_t end,
                        size_t len, char *buf, size_t *out_len,
                        uint64_t *out_hash)
{
    /* The common case: the run is the word, folded and hashed 8 bytes at a
     * time (in one step for nine words in ten). */
    size_t n = r - i < SM_WORD_MAX ? r - i : SM_WORD_MAX;
    uint64_t h = SM_HASH_SEED;
    if (n - 1 < 8) {
        uint64_t w = folded_word(t + i, n, len - i);
        memcpy(buf, &w, 8);
        h = sm_hash_step(h, w);
    } else {
        for (size_t j = 0; j < n; j += 8) {
            uint64_t w = folded_word(t + i + j, n - j, len - i - j);
            memcpy(buf + j, &w, 8);
            h = sm_hash_step(h, w);
        }
    }
    /* A joiner followed by anything but a letter or digit ends the word
     * too ("end." "one,"). */
    int after = r < end ? after_run((unsigned char)t[r]) : B_END;
    if (after == B_JOIN) {
        unsigned char next = r + 1 < end ? (unsigned char)t[r + 1] : ' ';
        if (next < 0x80 && !ascii_class[next])
            after = B_END;
    }
    if (after == B_END) {
        *out_len = n;
        *out_hash = h;
        return r;
    }

    /* The rest of the word by the full rules, a character at a time. */
    int cls = r > i ? ascii_class[(unsigned char)t[r - 1]] : C_OTHER;
    i = r;
    while (i < end) {
        unsigned char c = (unsigned char)t[i];
        if (ascii_class[c]) {
            if (n < SM_WORD_MAX)
                buf[n++] = (char)(c | 0x20); /* see folded_word */
            cls = ascii_class[c];
            i++;
            continue;
        }
        int clen;
        int next = char_class(t, i, end, &clen);
        if (next != C_OTHER) {
            /* A character is kept whole or not at all. */
            if (n + (size_t)clen <= SM_WORD_MAX)
                n += sm_fold(t + i, (size_t)clen, buf + n, SM_WORD_MAX - n);
            cls = next;
            i += (size_t)clen;
            continue;
        }
        int jl = joiner_at(t, i, end);
        if (jl == 0 || !joins(t, i, jl, end, cls))
            break;
        if (n < SM_WORD_MAX)
            buf[n++] = jl == 3 ? '\'' : (char)c;
        i += (size_t)jl; /* joins saw a word character there */
    }
    memset(buf + n, 0, SM_PAD);
    *out_len = n;
    *out_hash = sm_hash_padded(buf, n);
    return i;
}

/* Per term while scanning: where it was last seen. */
typedef struct term_seen {
    uint32_t sent;  /* 1 + the last sentence holding it */
    uint32_t entry; /* its entry in that sentence */
} term_seen;

/* Growable per-term arrays. */
static int grow_terms(sm_model *m, term_seen **seen, size_t *cap)
{
    size_t n = *cap ? *cap * 2 : 256;
    m->sf = sm_vec_reserve(m->cache, SM_VEC_SF, n * sizeof(*m->sf));
    *seen = sm_vec_reserve(m->cache, SM_VEC_SEEN, n * sizeof(**seen));
    if (!m->sf || !*seen)
        return -1;
    *cap = n;
    return 0;
}

static int push_entry(sm_model *m, size_t *cap, uint32_t term, uint32_t prev)
{
    if (m->entries == *cap) {
        size_t n = *cap ? *cap * 2 : 1024;
        m->term = sm_vec_reserve(m->cache, SM_VEC_TERM, n * sizeof(*m->term));
        m->w = sm_vec_reserve(m->cache, SM_VEC_W, n * sizeof(*m->w));
        m->prev = sm_vec_reserve(m->cache, SM_VEC_PREV, n * sizeof(*m->prev));
        if (!m->term || !m->w || !m->prev)
            return -1;
        *cap = n;
    }
    m->term[m->entries] = term;
    m->prev[m->entries] = prev;
    m->w[m->entries] = 1.0f; /* the count, for now */
    m->entries++;
    return 0;
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* A content word whose term is still to be found. look_up_found lists
 * them without a branch on whether a word is a stop word (half the words
 * are, in no predictable order), and add_pending finds their terms. */
typedef struct pending {
    uint32_t id;      /* its stem id */
    sm_termslot *hs;  /* its slot in the hot tables, or NULL */
} pending;
#define PENDING_MAX 64

/* A word the scan found, waiting for its lookup. Words are looked up a
 * batch at a time, their hot sets loaded meanwhile (sm_hot_prefetch): the
 * hot tables do not fit in the L1 or L2 cache, and waiting for each word's
 * set in turn was the largest cost of the scan. */
typedef struct found {
    uint64_t key[2]; /* the word, zero-padded, if it has up to 16 bytes */
    uint64_t hash;
    uint32_t len;
    uint32_t first;  /* 1 for the sentence's first word */
} found;
#define FOUND_MAX 32

/* What sm_model_build keeps while it adds words. */
typedef struct builder {
    sm_model *m;
    sm_cache *cache;
    sm_hot *hot;
    sm_termmap *tmap;
    term_seen *seen; /* per term */
    size_t term_cap, entry_cap;
    pending pend[PENDING_MAX];
    size_t npend;
    found found[FOUND_MAX];
    size_t nfound;
    char long_word[SM_WORD_MAX + SM_PAD]; /* the last found word, if it
                                             has more than 16 bytes */
} builder;

/* Adds the pending words, in order, to sentence s as terms, and empties
 * the list. Returns -1 when out of memory. */
static int add_pending(builder *b, size_t s)
{
    sm_model *m = b->m;
    sm_termmap *tmap = b->tmap;
    for (size_t k = 0; k < b->npend; k++) {
        uint32_t id = b->pend[k].id;
        sm_termslot *hs = b->pend[k].hs;
        uint32_t term;
        if (hs && hs->stamp == tmap->generation) {
            term = hs->term;
        } else {
            if (id >= tmap->capacity && sm_termmap_reserve(tmap, id + 1) != 0)
                return -1;
            sm_termslot *ts = &tmap->slots[id];
            if (ts->stamp != tmap->generation) {
                ts->stamp = tmap->generation;
                term = m->terms++;
                ts->term = term;
                if (term >= b->term_cap &&
                    grow_terms(m, &b->seen, &b->term_cap) != 0)
                    return -1;
                m->sf[term] = 0;
                b->seen[term].sent = 0;
            } else {
                term = ts->term;
            }
            if (hs)
                *hs = (sm_termslot){tmap->generation, term};
        }
        term_seen *seen = &b->seen[term];
        if (seen->sent == s + 1) {
            m->w[seen->entry] += 1.0f;
            continue;
        }
        uint32_t prev = seen->sent ? seen->entry : SM_NONE;
        seen->sent = (uint32_t)s + 1;
        seen->entry = (uint32_t)m->entries;
        m->sf[term]++;
        if (push_entry(m, &b->entry_cap, term, prev) != 0)
            return -1;
    }
    b->npend = 0;
    return 0;
}

/* Looks up the found words, in order, and counts them in sentence s (st):
 * the content words go on the pending list. Returns -1 when out of
 * memory. */
static int look_up_found(builder *b, sm_sent *st, size_t s)
{
    for (size_t k = 0; k < b->nfound; k++) {
        const found *f = &b->found[k];
        const char *word = f->len <= 16 ? (const char *)f->key : b->long_word;
        uint32_t v;
        sm_termslot *hs;
        if (!sm_hot_find(b->hot, word, f->len, f->hash, &v, &hs)) {
            /* The pending words' slots may move. */
            if (add_pending(b, s) != 0)
                return -1;
            v = sm_hot_add(b->cache, b->hot, word, f->len, f->hash, &hs);
            if (v == SM_NOMEM)
                return -1;
        }
        uint32_t flags = SM_FLAGS(v);
        if (flags) {
            if (f->first)
                st->first_flags = (uint8_t)flags;
            st->any_flags |= (uint8_t)flags;
            if (flags & SM_MARK_DATE)
                st->dates++;
        }
        /* Listed without a branch: see pending. */
        uint32_t id = v & SM_ID_MASK;
        bool content = id != SM_STOP;
        st->content += content;
        b->pend[b->npend] = (pending){id, hs};
        b->npend += content;
        if (b->npend == PENDING_MAX && add_pending(b, s) != 0)
            return -1;
    }
    b->nfound = 0;
    return 0;
}

int sm_model_build(sm_model *m, const char *text, size_t text_len,
                   const size_t *starts, const size_t *ends, size_t n,
                   sm_cache *cache)
{
    memset(m, 0, sizeof(*m));
    m->cache = cache;
    builder b = {.m = m, .cache = cache,
                 .hot = sm_cache_hot(cache), .tmap = sm_cache_termmap(cache)};
    sm_termmap_begin(cache);

    m->sents = sm_zalloc(cache, (n ? n : 1) * sizeof(*m->sents));
    if (!m->sents)
        return -1;
    m->n = n;
    for (size_t s = 0; s < n; s++) {
        sm_sent *st = &m->sents[s];
        st->start = starts[s];
        st->end = ends[s];
        st->tstart = starts[s];
        st->tend = ends[s];
        while (st->tstart < st->tend && is_space((unsigned char)text[st->tstart]))
            st->tstart++;
        while (st->tend > st->tstart && is_space((unsigned char)text[st->tend - 1]))
            st->tend--;
        st->first = (uint32_t)m->entries;

        /* The next word is found 16 bytes at a time (see window_at), and
         * most words end in the same window. */
        size_t i = st->tstart, end = st->tend;
        while (i < end) {
            window w = window_at(text, i, end, text_len);
            unsigned at = w.alnum | w.high;
            if (!at) {
                st->quotes += count_bits(w.quote);
                i += 16;
                continue;
            }
            unsigned skip = (unsigned)__builtin_ctz(at);
            if (w.quote)
                st->quotes += count_bits(w.quote & ((1u << skip) - 1));
            i += skip;
            size_t r = i; /* the end of the word's first ASCII run */
            if (w.high >> skip & 1) {
                int clen;
                if (char_class(text, i, end, &clen) == C_OTHER) {
                    count_quote(st, text, i, clen);
                    i += (size_t)clen;
                    continue;
                }
            } else {
                /* The run ends in the window, or (rarely) goes on past it. */
                unsigned run = (unsigned)__builtin_ctz(~(w.alnum >> skip));
                r += run;
                if (skip + run == 16)
                    while (r < end && ascii_class[(unsigned char)text[r]])
                        r++;
            }
            char buf[SM_WORD_MAX + SM_PAD];
            size_t len;
            uint64_t h;
            i = scan_word(text, i, r, end, text_len, buf, &len, &h);
            st->words++;
            if (buf[0] >= '0' && buf[0] <= '9')
                st->numbers++;
            /* One-character words carry no topic ("a", "I", "5"). */
            if (len < 2)
                continue;
            found *f = &b.found[b.nfound++];
            f->hash = h;
            f->len = (uint32_t)len;
            f->first = st->words == 1;
            memcpy(&f->key[0], buf, 8);
            f->key[1] = 0;
            if (len > 8)
                memcpy(&f->key[1], buf + 8, 8);
            sm_hot_prefetch(b.hot, len, h);
            if (len > 16) /* with its zeros to a multiple of 8 bytes */
                memcpy(b.long_word, buf, (len + 7) & ~(size_t)7);
            if ((b.nfound == FOUND_MAX || len > 16) &&
                look_up_found(&b, st, s) != 0)
                return -1;
        }
        if (look_up_found(&b, st, s) != 0)
            return -1;
        if (add_pending(&b, s) != 0)
            return -1;
        st->count = (uint32_t)m->entries - st->first;
    }

    /* idf over sentences; smoothed so that a term in every sentence of a
     * short document still counts a little. Few sentence frequencies occur,
     * so their logarithms are computed once (0 = not yet; idf is > 0). */
    float idf_by_sf[256] = {0};
    for (size_t s = 0; s < n; s++) {
        sm_sent *st = &m->sents[s];
        double sum = 0;
        for (uint32_t e = st->first; e < st->first + st->count; e++) {
            uint32_t sf = m->sf[m->term[e]];
            float idf = sf < 256 ? idf_by_sf[sf] : 0;
            if (idf == 0) {
                idf = (float)log(1.0 + (double)n / sf);
                if (sf < 256)
                    idf_by_sf[sf] = idf;
            }
            /* Most terms occur once in a sentence, and log(1) = 0. */
            float w = m->w[e] == 1.0f ? idf : (1.0f + logf(m->w[e])) * idf;
            m->w[e] = w;
            sum += (double)w * w;
        }
        st->norm = (float)sqrt(sum);
    }
    return 0;
}
