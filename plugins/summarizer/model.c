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

/* ASCII letters are 1, digits 2, everything else 0. */
static const uint8_t ascii_class[128] = {
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

/* Scans the word that starts at t[i] (a word character of class cls, len
 * bytes) into buf, folded (at most SM_WORD_MAX bytes kept). Returns the end
 * of the word; *out_len gets the folded length. */
static size_t scan_word(const char *t, size_t i, size_t end, int cls, int len,
                        char *buf, size_t *out_len)
{
    size_t n = 0;
    for (;;) {
        /* The common case: a run of ASCII letters and digits. */
        unsigned char c = (unsigned char)t[i];
        if (c < 0x80) {
            if (n < SM_WORD_MAX)
                buf[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            cls = ascii_class[c];
        } else if (n + (size_t)len <= SM_WORD_MAX) {
            n += sm_fold(t + i, (size_t)len, buf + n, SM_WORD_MAX - n);
        }
        i += (size_t)len;
        if (i >= end)
            break;
        c = (unsigned char)t[i];
        if (c < 0x80 && ascii_class[c]) {
            len = 1;
            continue;
        }
        int k;
        int next = char_class(t, i, end, &k);
        if (next != C_OTHER) {
            cls = next;
            len = k;
            continue;
        }
        int jl = joiner_at(t, i, end);
        if (jl == 0 || !joins(t, i, jl, end, cls))
            break;
        if (n < SM_WORD_MAX)
            buf[n++] = jl == 3 ? '\'' : (char)c;
        i += (size_t)jl;
        cls = char_class(t, i, end, &len);
    }
    *out_len = n;
    return i;
}

/* Growable per-term arrays. */
static int grow_terms(sm_model *m, uint32_t **last, uint32_t **slot,
                      size_t *cap)
{
    size_t n = *cap ? *cap * 2 : 256;
    uint32_t *a = realloc(m->sf, n * sizeof(*a));
    if (!a)
        return -1;
    m->sf = a;
    if (!(a = realloc(m->cf, n * sizeof(*a))))
        return -1;
    m->cf = a;
    if (!(a = realloc(*last, n * sizeof(*a))))
        return -1;
    *last = a;
    if (!(a = realloc(*slot, n * sizeof(*a))))
        return -1;
    *slot = a;
    *cap = n;
    return 0;
}

static int push_entry(sm_model *m, size_t *cap, uint32_t term)
{
    if (m->entries == *cap) {
        size_t n = *cap ? *cap * 2 : 1024;
        uint32_t *t = realloc(m->term, n * sizeof(*t));
        if (!t)
            return -1;
        m->term = t;
        float *w = realloc(m->w, n * sizeof(*w));
        if (!w)
            return -1;
        m->w = w;
        *cap = n;
    }
    m->term[m->entries] = term;
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
                   const size_t *ends, size_t n, sm_lexicon *lx)
{
    memset(m, 0, sizeof(*m));
    uint32_t *last = NULL; /* per term: 1 + the last sentence holding it */
    uint32_t *slot = NULL; /* per term: its entry in that sentence */
    size_t term_cap = 0, entry_cap = 0;
    sm_cache *cache = sm_cache_get(lx);
    if (!cache)
        return -1;
    sm_cache_trim(cache);
    sm_termmap *tmap = sm_cache_termmap(cache);
    sm_hot *hot = sm_cache_hot(cache);
    sm_termmap_begin(tmap);

    m->sents = calloc(n ? n : 1, sizeof(*m->sents));
    if (!m->sents)
        goto fail;
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
            int cls, clen = 1;
            if (c < 0x80) {
                cls = ascii_class[c];
                if (!cls) {
                    st->quotes += c == '"';
                    i++;
                    continue;
                }
            } else {
                cls = char_class(text, i, st->tend, &clen);
                if (cls == C_OTHER) {
                    count_quote(st, text, i, clen);
                    i += (size_t)clen;
                    continue;
                }
            }
            char buf[SM_WORD_MAX + SM_PAD];
            size_t len;
            i = scan_word(text, i, st->tend, cls, clen, buf, &len);
            st->words++;
            memset(buf + len, 0, SM_PAD);
            uint64_t h = sm_hash_padded(buf, len);
            if (buf[0] >= '0' && buf[0] <= '9')
                st->numbers++;
            /* One-character words carry no topic ("a", "I", "5"). */
            if (len < 2)
                continue;
            uint32_t v = sm_lookup(cache, hot, lx, buf, len, h);
            if (v == SM_NOMEM)
                goto fail;
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
            if (sm_termmap_reserve(tmap, id + 1) != 0)
                goto fail;
            st->content++;
            uint32_t term;
            if (tmap->stamp[id] != tmap->generation) {
                tmap->stamp[id] = tmap->generation;
                term = m->terms++;
                tmap->map[id] = term;
                if (term >= term_cap && grow_terms(m, &last, &slot, &term_cap) != 0)
                    goto fail;
                m->sf[term] = 0;
                m->cf[term] = 0;
                last[term] = 0;
            } else {
                term = tmap->map[id];
            }
            m->cf[term]++;
            if (last[term] == s + 1) {
                m->w[slot[term]] += 1.0f;
                continue;
            }
            last[term] = (uint32_t)s + 1;
            slot[term] = (uint32_t)m->entries;
            m->sf[term]++;
            if (push_entry(m, &entry_cap, term) != 0)
                goto fail;
        }
        st->count = (uint32_t)m->entries - st->first;
    }
    free(last);
    free(slot);

    /* idf over sentences; smoothed so that a term in every sentence of a
     * short document still counts a little. */
    m->idf = malloc((m->terms ? m->terms : 1) * sizeof(*m->idf));
    if (!m->idf) {
        sm_model_free(m);
        return -1;
    }
    for (uint32_t t = 0; t < m->terms; t++)
        m->idf[t] = (float)log(1.0 + (double)n / m->sf[t]);
    for (size_t s = 0; s < n; s++) {
        sm_sent *st = &m->sents[s];
        double sum = 0;
        for (uint32_t e = st->first; e < st->first + st->count; e++) {
            float w = (1.0f + logf(m->w[e])) * m->idf[m->term[e]];
            m->w[e] = w;
            sum += (double)w * w;
        }
        st->norm = (float)sqrt(sum);
    }
    return 0;

fail:
    free(last);
    free(slot);
    sm_model_free(m);
    return -1;
}

void sm_model_free(sm_model *m)
{
    free(m->sents);
    free(m->term);
    free(m->w);
    free(m->sf);
    free(m->cf);
    free(m->idf);
    memset(m, 0, sizeof(*m));
}
