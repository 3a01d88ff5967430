/*
 * score.c - the position, centroid and graph scorers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "score.h"

void sm_score_position(const sm_model *m, float *out)
{
    /* 1, 0.67, 0.5, 0.4, ...: strong for the lead, never zero. */
    for (size_t i = 0; i < m->n; i++)
        out[i] = 2.0f / (2.0f + (float)i);
}

int sm_score_centroid(const sm_model *m, float *out)
{
    float *c = sm_zalloc(m->cache, (m->terms ? m->terms : 1) * sizeof(*c));
    if (!c)
        return -1;
    for (size_t e = 0; e < m->entries; e++)
        c[m->term[e]] += m->w[e];
    double norm = 0;
    for (uint32_t t = 0; t < m->terms; t++)
        norm += (double)c[t] * c[t];
    norm = sqrt(norm);
    for (size_t i = 0; i < m->n; i++) {
        const sm_sent *s = &m->sents[i];
        double dot = 0;
        for (uint32_t e = s->first; e < s->first + s->count; e++)
            dot += (double)m->w[e] * c[m->term[e]];
        out[i] = s->norm > 0 && norm > 0 ? (float)(dot / (s->norm * norm)) : 0;
    }
    return 0;
}

/* Linking the sentences of a term costs sf^2 pair visits. Terms are used
 * from the rarest up while the total stays within a budget linear in the
 * document's size; the most common terms (the least informative ones) are
 * left out of long documents, which keeps the graph from going quadratic.
 * Returns the largest sentence frequency used. */
static uint32_t posting_cap(const sm_model *m)
{
    size_t n = m->n;
    double budget = 2e6 + 30.0 * (double)m->entries, used = 0;
    /* The total is at most n * entries (sf <= n, and the sfs add up to
     * the entries): then every term fits, as in any news article. */
    if ((double)n * (double)m->entries <= budget)
        return n > 1 ? (uint32_t)n : 1;
    uint32_t *count = sm_zalloc(m->cache, (n + 1) * sizeof(*count));
    if (!count) /* terms per sf */
        return 0;
    for (uint32_t t = 0; t < m->terms; t++)
        count[m->sf[t] <= n ? m->sf[t] : n]++;
    uint32_t cap = 1;
    for (size_t f = 2; f <= n; f++) {
        used += (double)count[f] * (double)f * (double)f;
        if (used > budget)
            break;
        cap = (uint32_t)f;
    }
    return cap;
}

/* A symmetric matrix S stored as its lower triangle: rows [row[i],
 * row[i + 1]) of col/ew hold the edges of sentence i to earlier ones, and
 * each edge counts in both rows. erow[k], when not NULL, is edge k's row. */
typedef struct lower {
    size_t n;
    const uint32_t *row, *erow, *col;
    const float *ew;
} lower;

/* y = S x. Row i's own sum runs in a register and is stored once: y[i] is
 * 0 until then, as only later rows add to it. With erow, one loop goes
 * over the edges, where a loop per row would mispredict its end at almost
 * every row of a news document (one or two edges a row); the two loops add
 * in the same order. */
static void sym_mul(const lower *s, const double *x, double *y)
{
    memset(y, 0, s->n * sizeof(*y));
    const uint32_t *row = s->row, *erow = s->erow, *col = s->col;
    const float *ew = s->ew;
    if (erow) {
        double sum = 0;
        uint32_t last = 0;
        for (uint32_t k = 0; k < row[s->n]; k++) {
            uint32_t i = erow[k], j = col[k];
            sum = (i == last ? sum : 0) + ew[k] * x[j];
            last = i;
            y[i] = sum;
            y[j] += ew[k] * x[i];
        }
        return;
    }
    for (size_t i = 0; i < s->n; i++) {
        double sum = 0, xi = x[i];
        for (uint32_t k = row[i]; k < row[i + 1]; k++) {
            sum += ew[k] * x[col[k]];
            y[col[k]] += ew[k] * xi;
        }
        y[i] = sum;
    }
}

/* PageRank with damping D over the symmetric similarity graph (its lower
 * triangle as rows of col/ew, see sym_mul; outw[i] the sum of sentence
 * i's edges), solved rather than iterated: power iteration shrinks the
 * error only by D a round, so 40 rounds left most news documents
 * unconverged.
 *
 * A sentence without edges has no incoming rank: it gets the base share c
 * that every sentence gets, and since those sentences spread their rank
 * evenly, c = (1 - D) / n / (1 - D * isolated / n). The others satisfy
 * r = c + D * W * r / outw. With r = sqrt(outw) * z this is the symmetric
 * system (I - D * S) z = c / sqrt(outw), S = W scaled by 1/sqrt(outw) on
 * both sides, whose eigenvalues lie in [1 - D, 1 + D]: conjugate gradients
 * converge in a few dozen steps whatever the graph. Writes rank * n (1 = an
 * average sentence) into out. col and ew are rewritten on the way. */
#define D 0.85
static int pagerank(sm_cache *cache, size_t n, const uint32_t *row,
                    uint32_t *col, float *ew, const float *outw,
                    float *out)
{
    /* The system is solved over the sentences with edges only, renumbered
     * in order (news documents have many without): the others would keep
     * z = 0 and add exact zeros to every sum, so the result is the same
     * to the bit. */
    uint32_t *num = sm_alloc(cache, n * sizeof(*num));
    uint32_t *lrow = sm_alloc(cache, (n + 1) * sizeof(*lrow));
    double *isq = sm_alloc(cache, n * sizeof(*isq));
    if (!num || !lrow || !isq)
        return -1;
    size_t nl = 0;
    for (size_t i = 0; i < n; i++) {
        if (outw[i] > 0) {
            num[i] = (uint32_t)nl;
            lrow[nl] = row[i];
            isq[nl++] = 1.0 / sqrt((double)outw[i]);
        }
    }
    lrow[nl] = row[n];
    double c = (1 - D) / (double)n / (1 - D * (double)(n - nl) / (double)n);
    double *z = sm_alloc(cache, (nl ? nl : 1) * sizeof(*z));
    double *res = sm_alloc(cache, (nl ? nl : 1) * sizeof(*res));
    double *p = sm_alloc(cache, (nl ? nl : 1) * sizeof(*p));
    double *q = sm_alloc(cache, (nl ? nl : 1) * sizeof(*q));
    if (!z || !res || !p || !q)
        return -1;
    /* ew becomes S, col the new numbers. Short rows get erow (see
     * sym_mul); long ones do without, and its memory. */
    uint32_t *erow = NULL;
    if (row[n] < 4 * (size_t)nl) {
        erow = sm_alloc(cache, (row[n] ? row[n] : 1) * sizeof(*erow));
        if (!erow)
            return -1;
    }
    for (size_t i = 0; i < nl; i++) {
        for (uint32_t k = lrow[i]; k < lrow[i + 1]; k++) {
            if (erow)
                erow[k] = (uint32_t)i;
            col[k] = num[col[k]];
            ew[k] = (float)(ew[k] * isq[i] * isq[col[k]]);
        }
    }

    const lower S = {nl, lrow, erow, col, ew};

    /* Start from z = b / (1 - D), exact when all of a component's sentences
     * have the same outw (a pair, say); res = b - A z, p = res. */
    double bb = 0, rr = 0;
    for (size_t i = 0; i < nl; i++) {
        double b = c * isq[i];
        bb += b * b;
        z[i] = b / (1 - D);
    }
    sym_mul(&S, z, q);
    for (size_t i = 0; i < nl; i++) {
        res[i] = c * isq[i] - (z[i] - D * q[i]);
        p[i] = res[i];
        rr += res[i] * res[i];
    }
    /* A residual 1e-6 of b's bounds the error of z by about 1e-5 of it
     * (the eigenvalues lie in [1 - D, 1 + D]), as tight as the rounds of
     * power iteration used to stop; the error shrinks at least 0.55-fold a
     * step, so the cap is never reached but in rounding trouble. */
    for (int step = 0; step < 100 && rr > 1e-12 * bb; step++) {
        double pq = 0;
        sym_mul(&S, p, q);
        for (size_t i = 0; i < nl; i++) {
            q[i] = p[i] - D * q[i];
            pq += p[i] * q[i];
        }
        double alpha = rr / pq, rr_next = 0;
        for (size_t i = 0; i < nl; i++) {
            z[i] += alpha * p[i];
            res[i] -= alpha * q[i];
            rr_next += res[i] * res[i];
        }
        double beta = rr_next / rr;
        rr = rr_next;
        for (size_t i = 0; i < nl; i++)
            p[i] = res[i] + beta * p[i];
    }
    for (size_t i = 0; i < n; i++) {
        double r = outw[i] > 0 ? z[num[i]] / isq[num[i]] : c;
        out[i] = (float)(r * (double)n);
    }
    return 0;
}
#undef D

int sm_score_graph(const sm_model *m, float threshold, float *out)
{
    size_t n = m->n;
    if (n == 0)
        return 0;
    sm_cache *cache = m->cache;
    uint32_t cap = posting_cap(m);
    bool all_terms = cap >= n; /* no sf is above n */
    uint32_t nterms = m->terms ? m->terms : 1;
    size_t ne = m->entries ? m->entries : 1;
    /* Per term, its postings so far: the sentences that hold it and its
     * weight there, in sentence order, at [first[t], fill[t]). */
    uint32_t *first = sm_alloc(cache, nterms * sizeof(*first));
    uint32_t *fill = sm_alloc(cache, nterms * sizeof(*fill));
    uint32_t *psent = sm_alloc(cache, ne * sizeof(*psent));
    float *pw = sm_alloc(cache, ne * sizeof(*pw));
    float *acc = sm_zalloc(cache, n * sizeof(*acc));
    uint32_t *touched = sm_alloc(cache, n * sizeof(*touched));
    uint32_t *row = sm_alloc(cache, (n + 1) * sizeof(*row));
    float *outw = sm_zalloc(cache, n * sizeof(*outw));
    size_t nedges = 0, edge_cap = 1024;
    uint32_t *col = sm_vec_reserve(cache, SM_VEC_COL, edge_cap * sizeof(*col));
    float *ew = sm_vec_reserve(cache, SM_VEC_EW, edge_cap * sizeof(*ew));
    if (!first || !fill || !psent || !pw || !acc || !touched || !row ||
        !outw || !col || !ew)
        return -1;
    /* Loop bounds and arrays in locals: the compiler would reload them
     * from m after every store to a uint32_t array. */
    const uint32_t terms = m->terms, *term_of = m->term, *sf = m->sf;
    const float *w = m->w;
    uint32_t at = 0;
    for (uint32_t t = 0; t < terms; t++) {
        first[t] = fill[t] = at;
        at += sf[t];
    }

    /* Similarities, each pair once: sentence b meets the earlier sentences
     * that share a term in the term's postings, the latest first, and
     * accumulates the dot products in acc. A posting list is an array,
     * where a chain through the entries would make every step wait for
     * the last. touched lists the sentences met, in the order first met,
     * without a branch (acc is 0 until then: weights are positive). The
     * edges to earlier sentences are b's row of the lower triangle,
     * written as found: no pair list, no second pass. */
    for (size_t b = 0; b < n; b++) {
        const sm_sent *s = &m->sents[b];
        size_t nt = 0;
        row[b] = (uint32_t)nedges;
        const uint32_t efirst = s->first, eend = s->first + s->count;
        for (uint32_t e = efirst; e < eend; e++) {
            uint32_t t = term_of[e];
            if (!all_terms && sf[t] > cap)
                continue;
            float we = w[e];
            /* A sentence holds a term once: b's own posting can go in
             * now. */
            uint32_t lo = first[t], hi = fill[t]++;
            psent[hi] = (uint32_t)b;
            pw[hi] = we;
            for (uint32_t q = hi; q-- > lo;) {
                uint32_t a = psent[q];
                touched[nt] = a;
                nt += acc[a] == 0;
                acc[a] += we * pw[q];
            }
        }
        if (nedges + nt > edge_cap) {
            while (nedges + nt > edge_cap)
                edge_cap *= 2;
            col = sm_vec_reserve(cache, SM_VEC_COL, edge_cap * sizeof(*col));
            ew = sm_vec_reserve(cache, SM_VEC_EW, edge_cap * sizeof(*ew));
            if (!col || !ew)
                return -1;
        }
        for (size_t k = 0; k < nt; k++) {
            uint32_t a = touched[k];
            float sim = acc[a] / (s->norm * m->sents[a].norm);
            acc[a] = 0;
            /* Kept or not without a branch (which pairs pass is
             * unpredictable): the edge is written either way, and adding
             * +0 leaves outw as it is. */
            bool keep = sim >= threshold;
            float kept = keep ? sim : 0.0f;
            col[nedges] = a;
            ew[nedges] = sim;
            nedges += keep;
            outw[a] += kept;
            outw[b] += kept;
        }
    }
    row[n] = (uint32_t)nedges;
    return pagerank(cache, n, row, col, ew, outw, out);
}
