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

/* Puts the best of rk[k..pool) by by_score at rk[k]. by_score is a total
 * order, so placing one at a time ends as a sort would. */
static void place_next(ranked *rk, size_t k, size_t pool)
{
    size_t best = k;
    for (size_t p = k + 1; p < pool; p++)
        if (by_score(&rk[p], &rk[best]) < 0)
            best = p;
    ranked r = rk[best];
    rk[best] = rk[k];
    rk[k] = r;
}

/* The cosine similarity of sentences a and c; dense is all zero, and is
 * again on return. Summed in c's order, in double. */
static float similarity(const sm_model *m, float *dense, const sm_sent *a,
                        const sm_sent *c)
{
    if (c->norm == 0 || a->norm == 0)
        return 0;
    for (uint32_t e = a->first; e < a->first + a->count; e++)
        dense[m->term[e]] = m->w[e];
    /* Most of c's terms are not in a: their products are +0, and adding
     * +0 to a sum of positive weights leaves it as it is. Added without
     * a branch, as which term is shared is unpredictable. */
    double dot = 0;
    for (uint32_t e = c->first; e < c->first + c->count; e++)
        dot += (double)dense[m->term[e]] * m->w[e];
    for (uint32_t e = a->first; e < a->first + a->count; e++)
        dense[m->term[e]] = 0;
    return (float)(dot / ((double)c->norm * a->norm));
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
    /* The pool is walked in by_score order, but only as far as a
     * candidate could still win (below): a pool smaller than the document
     * is the head of the sorted ranking, and a small document's whole
     * pool (a news article's) is put in order as the walk goes
     * (place_next: a scan a place, so not for large pools). rk[0..sorted)
     * is in order; the rest has not been looked at. */
    size_t sorted = pool;
    if (pool == n && pool <= 256)
        sorted = 0;
    else
        qsort(rk, n, sizeof(*rk), by_score);

    float top = 0;
    for (size_t p = 0; p < pool; p++)
        if (rk[p].score > top)
            top = rk[p].score;
    if (top <= 0)
        top = 1;
    /* maxsim[p] is p's highest similarity to the first folded[p] chosen
     * sentences: brought up to date only when p is looked at. */
    float *maxsim = sm_zalloc(m->cache, pool * sizeof(*maxsim));
    uint32_t *folded = sm_zalloc(m->cache, pool * sizeof(*folded));
    bool *taken = sm_zalloc(m->cache, pool * sizeof(*taken));
    float *dense = sm_zalloc(m->cache, (m->terms ? m->terms : 1) *
                                           sizeof(*dense));
    if (!maxsim || !folded || !taken || !dense)
        return -1;

    size_t count = 0, words = 0, used_chars = 0;
    while (!lim->sentences || count < lim->sentences) {
        long best = -1;
        float best_v = -INFINITY;
        for (size_t p = 0; p < pool; p++) {
            if (p == sorted)
                place_next(rk, sorted++, pool);
            if (taken[p])
                continue;
            /* v is at most the relevance, which only falls from here
             * on: no later candidate can beat best, and a tie goes to
             * the earlier one. So the similarities of most candidates
             * are never computed. */
            float rel_p = rk[p].score / top;
            if (best >= 0 && rel_p <= best_v)
                break;
            uint32_t i = rk[p].index;
            if (lim->words && words + m->sents[i].words > lim->words)
                continue;
            if (lim->chars &&
                used_chars + chars[i] + (count > 0) > lim->chars)
                continue;
            if (lim->redundancy > 0) {
                for (; folded[p] < count; folded[p]++) {
                    float sim = similarity(m, dense, &m->sents[out[folded[p]]],
                                           &m->sents[i]);
                    if (sim > maxsim[p])
                        maxsim[p] = sim;
                }
                if (maxsim[p] >= SM_DUPLICATE)
                    continue;
            }
            float v = rel_p - (float)lim->redundancy * maxsim[p];
            if (v > best_v) {
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
    }
    return (long)count;
}
