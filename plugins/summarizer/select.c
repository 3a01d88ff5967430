/*
 * select.c - maximal marginal relevance under length limits.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "select.h"

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

size_t sm_summary_chars(const char *text, size_t start, size_t end)
{
    size_t n = 0;
    bool space = false;
    for (size_t i = start; i < end; i++) {
        unsigned char c = (unsigned char)text[i];
        if (is_space(c)) {
            space = true;
            continue;
        }
        if ((c & 0xC0) == 0x80)
            continue; /* a continuation byte */
        if (space)
            n++;
        space = false;
        n++;
    }
    return n;
}

/* qsort context: C11 has no qsort_r, so sort (score, index) pairs. */
typedef struct ranked {
    float score;
    uint32_t index;
} ranked;

static int by_score(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

long sm_select(const sm_model *m, const char *text, const float *rel,
               const sm_limits *lim, uint32_t *out)
{
    size_t n = m->n;
    if (n == 0)
        return 0;

    /* Sizes, for the word and character limits. */
    size_t *chars = NULL;
    if (lim->chars) {
        chars = sm_alloc(m->cache, n * sizeof(*chars));
        if (!chars)
            return -1;
        for (size_t i = 0; i < n; i++)
            chars[i] = sm_summary_chars(text, m->sents[i].tstart,
                                        m->sents[i].tend);
    }
    size_t total_words = 0, total_chars = 0;
    for (size_t i = 0; i < n; i++) {
        total_words += m->sents[i].words;
        if (chars)
            total_chars += chars[i] + (i > 0);
    }
    if ((!lim->sentences || n <= lim->sentences) &&
        (!lim->words || total_words <= lim->words) &&
        (!lim->chars || total_chars <= lim->chars)) {
        for (size_t i = 0; i < n; i++)
            out[i] = (uint32_t)i;
        return (long)n;
    }

    /* Candidates: the best sentences by relevance. A sentence far down
     * the ranking cannot win against those above it, so the pool is
     * bounded and MMR stays cheap on long documents. */
    ranked *rk = sm_alloc(m->cache, n * sizeof(*rk));
    if (!rk)
        return -1;
    for (size_t i = 0; i < n; i++) {
        rk[i].score = rel[i];
        rk[i].index = (uint32_t)i;
    }
    size_t want = lim->sentences ? lim->sentences : 32;
    size_t pool = want * 8 < 64 ? 64 : want * 8;
    if (pool > n)
        pool = n;
    /* Only a pool smaller than the document needs the ranking: the loop
     * below breaks ties as by_score orders, so any order serves. */
    if (pool < n)
        qsort(rk, n, sizeof(*rk), by_score);

    float top = 0;
    for (size_t p = 0; p < pool; p++)
        if (rk[p].score > top)
            top = rk[p].score;
    if (top <= 0)
        top = 1;
    float *maxsim = sm_zalloc(m->cache, pool * sizeof(*maxsim));
    bool *taken = sm_zalloc(m->cache, pool * sizeof(*taken));
    float *dense = sm_zalloc(m->cache, (m->terms ? m->terms : 1) *
                                           sizeof(*dense));
    if (!maxsim || !taken || !dense)
        return -1;

    size_t count = 0, words = 0, used_chars = 0;
    while (!lim->sentences || count < lim->sentences) {
        long best = -1;
        float best_v = -INFINITY;
        for (size_t p = 0; p < pool; p++) {
            if (taken[p])
                continue;
            uint32_t i = rk[p].index;
            if (lim->words && words + m->sents[i].words > lim->words)
                continue;
            if (lim->chars &&
                used_chars + chars[i] + (count > 0) > lim->chars)
                continue;
            if (lim->redundancy > 0 && maxsim[p] >= SM_DUPLICATE)
                continue;
            float v = rk[p].score / top - (float)lim->redundancy * maxsim[p];
            if (v > best_v || (v == best_v && best >= 0 &&
                               by_score(&rk[p], &rk[best]) < 0)) {
                best_v = v;
                best = (long)p;
            }
        }
        if (best < 0)
            break;
        taken[best] = true;
        uint32_t s = rk[best].index;
        out[count++] = s;
        words += m->sents[s].words;
        if (chars)
            used_chars += chars[s] + (count > 1);
        /* After the last pick the similarities are not needed. */
        if (lim->redundancy <= 0 || count == lim->sentences)
            continue;

        /* Update each candidate's similarity to the chosen set. */
        const sm_sent *ss = &m->sents[s];
        for (uint32_t e = ss->first; e < ss->first + ss->count; e++)
            dense[m->term[e]] = m->w[e];
        for (size_t p = 0; p < pool; p++) {
            if (taken[p])
                continue;
            const sm_sent *c = &m->sents[rk[p].index];
            if (c->norm == 0 || ss->norm == 0)
                continue;
            /* Most of c's terms are not in ss: their products are +0,
             * and adding +0 to a sum of positive weights leaves it as
             * it is, bit for bit. Added without a branch, as which term
             * is shared is unpredictable; the sums of the candidates are
             * independent, so the processor overlaps them. */
            double dot = 0;
            for (uint32_t e = c->first; e < c->first + c->count; e++)
                dot += (double)dense[m->term[e]] * m->w[e];
            float sim = (float)(dot / ((double)c->norm * ss->norm));
            if (sim > maxsim[p])
                maxsim[p] = sim;
        }
        for (uint32_t e = ss->first; e < ss->first + ss->count; e++)
            dense[m->term[e]] = 0;
    }
    return (long)count;
}
