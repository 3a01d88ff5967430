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

/* Keeps the first r (1..7) bytes of w as memcpy reads them, zeros the rest. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FIRST_BYTES(w, r) ((w) & ~(~(uint64_t)0 >> (8 * (r))))
#else
#define FIRST_BYTES(w, r) ((w) & (((uint64_t)1 << (8 * (r))) - 1))
#endif

/* The 8-byte word of a key from p, r bytes of ASCII letters and digits
 * (zero-padded when r < 8), folded: setting bit 0x20 lowers the letters and
 * leaves the digits as they are. avail bytes can be read at p (r <= avail). */
static uint64_t folded_word(const char *p, size_t r, size_t avail)
{
    uint64_t w = 0;
    if (avail >= 8)
        memcpy(&w, p, 8); /* one load */
    else
        memcpy(&w, p, r);
    w |= 0x2020202020202020ULL;
    return r >= 8 ? w : FIRST_BYTES(w, r);
}

/* The length (0..8) of the run of ASCII letters and digits that starts the
 * 8 bytes at p, found without a branch per byte: the end of a word is
 * unpredictable, and a mispredicted branch per word cost more than the
 * rest of the scan. Each byte is tested with the carry-free trick for
 * 7-bit bytes: (x & 0x7f) + (0x80 - lo) has its top bit set iff x >= lo. */
static size_t alnum_run8(const char *p)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t w;
    memcpy(&w, p, 8);
    uint64_t x = w & ~high, y = x | 0x20 * ones; /* y: letters lowered */
#define GE(v, lo) ((v) + (0x80 - (lo)) * ones)
    uint64_t digit = GE(x, '0') & ~GE(x, '9' + 1);
    uint64_t letter = GE(y, 'a') & ~GE(y, 'z' + 1);
#undef GE
    uint64_t other = ~((digit | letter) & ~w) & high; /* top bit per byte */
    if (!other)
        return 8;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return (size_t)__builtin_clzll(other) / 8;
#else
    return (size_t)__builtin_ctzll(other) / 8;
#endif
}

/* Scans the word that starts at t[i] (a word character) into buf, folded (at
 * most SM_WORD_MAX bytes kept) and zero-padded as sm_lookup wants it.
 * Returns the end of the word; *out_len gets the folded length and *out_hash
 * its sm_hash_padded. */
static size_t scan_word(const char *t, size_t i, size_t end, char *buf,
                        size_t *out_len, uint64_t *out_hash)
{
    /* The common case: a run of ASCII letters and digits, folded and
     * hashed 8 bytes at a time. */
    size_t start = i;
    for (;;) {
        if (end - i < 8) {
            while (i < end && ascii_class[(unsigned char)t[i]])
                i++;
            break;
        }
        size_t k = alnum_run8(t + i);
        i += k;
        if (k < 8)
            break;
    }
    size_t n = i - start < SM_WORD_MAX ? i - start : SM_WORD_MAX;
    uint64_t h = SM_HASH_SEED;
    for (size_t j = 0; j < n; j += 8) {
        uint64_t w = folded_word(t + start + j, n - j, end - start - j);
        memcpy(buf + j, &w, 8);
        h = sm_hash_step(h, w);
    }
    /* A joiner followed by anything but a letter or digit ends the word
     * too ("end." "one,"). */
    int after = i < end ? after_run((unsigned char)t[i]) : B_END;
    if (after == B_JOIN) {
        unsigned char next = i + 1 < end ? (unsigned char)t[i + 1] : ' ';
        if (next < 0x80 && !ascii_class[next])
            after = B_END;
    }
    if (after == B_END) {
        *out_len = n;
        *out_hash = h;
        return i;
    }

    /* The rest of the word by the full rules, a character at a time. */
    int cls = i > start ? ascii_class[(unsigned char)t[i - 1]] : C_OTHER;
    while (i < end) {
        unsigned char c = (unsigned char)t[i];
        if (ascii_class[c]) {
            if (n < SM_WORD_MAX)
                buf[n++] = (char)(c | 0x20); /* see folded_word */
            cls = ascii_class[c];
            i++;
            continue;
        }
        int len;
        int next = char_class(t, i, end, &len);
        if (next != C_OTHER) {
            /* A character is kept whole or not at all. */
            if (n + (size_t)len <= SM_WORD_MAX)
                n += sm_fold(t + i, (size_t)len, buf + n, SM_WORD_MAX - n);
            cls = next;
            i += (size_t)len;
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

int sm_model_build(sm_model *m, const char *text, const size_t *starts,
                   const size_t *ends, size_t n, sm_lexicon *lx,
                   sm_cache *cache)
{
    memset(m, 0, sizeof(*m));
    m->cache = cache;
    term_seen *seen = NULL; /* per term */
    size_t term_cap = 0, entry_cap = 0;
    sm_termmap *tmap = sm_cache_termmap(cache);
    sm_hot *hot = sm_cache_hot(cache);
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

        size_t i = st->tstart;
        while (i < st->tend) {
            unsigned char c = (unsigned char)text[i];
            if (c < 0x80 && !ascii_class[c]) {
                st->quotes += c == '"';
                i++;
                continue;
            }
            if (c >= 0x80) {
                int clen;
                if (char_class(text, i, st->tend, &clen) == C_OTHER) {
                    count_quote(st, text, i, clen);
                    i += (size_t)clen;
                    continue;
                }
            }
            char buf[SM_WORD_MAX + SM_PAD];
            size_t len;
            uint64_t h;
            i = scan_word(text, i, st->tend, buf, &len, &h);
            st->words++;
            if (buf[0] >= '0' && buf[0] <= '9')
                st->numbers++;
            /* One-character words carry no topic ("a", "I", "5"). */
            if (len < 2)
                continue;
            sm_termslot *hs;
            uint32_t v = sm_lookup(cache, hot, lx, buf, len, h, &hs);
            if (v == SM_NOMEM)
                return -1;
            uint32_t flags = SM_FLAGS(v);
            if (flags) {
                if (st->words == 1)
                    st->first_flags = (uint8_t)flags;
                st->any_flags |= (uint8_t)flags;
                if (flags & SM_MARK_DATE)
                    st->dates++;
            }
            uint32_t id = v & SM_ID_MASK;
            if (id == SM_STOP)
                continue;
            st->content++;
            uint32_t term;
            if (hs && hs->stamp == tmap->generation) {
                term = hs->term;
            } else {
                if (id >= tmap->capacity &&
                    sm_termmap_reserve(tmap, id + 1) != 0)
                    return -1;
                sm_termslot *ts = &tmap->slots[id];
                if (ts->stamp != tmap->generation) {
                    ts->stamp = tmap->generation;
                    term = m->terms++;
                    ts->term = term;
                    if (term >= term_cap &&
                        grow_terms(m, &seen, &term_cap) != 0)
                        return -1;
                    m->sf[term] = 0;
                    seen[term].sent = 0;
                } else {
                    term = ts->term;
                }
                if (hs)
                    *hs = (sm_termslot){tmap->generation, term};
            }
            if (seen[term].sent == s + 1) {
                m->w[seen[term].entry] += 1.0f;
                continue;
            }
            uint32_t prev = seen[term].sent ? seen[term].entry : SM_NONE;
            seen[term].sent = (uint32_t)s + 1;
            seen[term].entry = (uint32_t)m->entries;
            m->sf[term]++;
            if (push_entry(m, &entry_cap, term, prev) != 0)
                return -1;
        }
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
