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
    uint32_t *count = sm_zalloc(m->cache, (n + 1) * sizeof(*count));
    if (!count) /* terms per sf */
        return 0;
    for (uint32_t t = 0; t < m->terms; t++)
        count[m->sf[t] <= n ? m->sf[t] : n]++;
    double budget = 2e6 + 30.0 * (double)m->entries, used = 0;
    uint32_t cap = 1;
    for (size_t f = 2; f <= n; f++) {
        used += (double)count[f] * (double)f * (double)f;
        if (used > budget)
            break;
        cap = (uint32_t)f;
    }
    return cap;
}

/* An entry of a sentence that links it to other sentences: its term, its
 * weight and its own place in the term's postings (to skip: no self
 * loops). */
typedef struct link {
    uint32_t term, self;
    float w;
} link;

int sm_score_graph(const sm_model *m, float threshold, float *out)
{
    size_t n = m->n;
    if (n == 0)
        return 0;
    sm_cache *cache = m->cache;
    uint32_t cap = posting_cap(m);
    /* Inverted index: for each term, the entries (sentence, weight) that
     * hold it, in sentence order. */
    size_t ne = m->entries ? m->entries : 1;
    uint32_t *start = sm_zalloc(cache, ((size_t)m->terms + 1) * sizeof(*start));
    uint32_t *cursor = sm_alloc(cache, ((size_t)m->terms + 1) * sizeof(*cursor));
    uint32_t *psent = sm_alloc(cache, ne * sizeof(*psent));
    float *pw = sm_alloc(cache, ne * sizeof(*pw));
    float *acc = sm_zalloc(cache, n * sizeof(*acc));
    uint32_t *touched = sm_alloc(cache, n * sizeof(*touched));
    uint32_t *row = sm_zalloc(cache, (n + 1) * sizeof(*row)); /* edges of
                                        sentence i: [row[i], row[i+1]) */
    size_t edges = 0, edge_cap = 1024;
    uint32_t *col = sm_vec_reserve(cache, SM_VEC_COL, edge_cap * sizeof(*col));
    float *ew = sm_vec_reserve(cache, SM_VEC_EW, edge_cap * sizeof(*ew));
    float *rank = sm_alloc(cache, n * sizeof(*rank));
    float *next = sm_alloc(cache, n * sizeof(*next));
    float *outw = sm_zalloc(cache, n * sizeof(*outw));
    uint32_t *dangling_at = sm_alloc(cache, n * sizeof(*dangling_at));
    link *links = sm_alloc(cache, ne * sizeof(*links));
    uint32_t *first_link = sm_alloc(cache, (n + 1) * sizeof(*first_link));
    if (!start || !cursor || !psent || !pw || !acc || !touched || !row ||
        !col || !ew || !rank || !next || !outw || !dangling_at || !links ||
        !first_link)
        return -1;

    for (uint32_t t = 0; t < m->terms; t++)
        start[t + 1] = start[t] + (m->sf[t] <= cap ? m->sf[t] : 0);
    memcpy(cursor, start, m->terms * sizeof(*cursor));
    /* Meanwhile list each sentence's entries that link it to others
     * (terms in 2 or more sentences): the loops below then skip nothing. */
    size_t nlinks = 0;
    for (size_t i = 0; i < n; i++) {
        const sm_sent *s = &m->sents[i];
        first_link[i] = (uint32_t)nlinks;
        for (uint32_t e = s->first; e < s->first + s->count; e++) {
            uint32_t t = m->term[e];
            if (m->sf[t] > cap)
                continue;
            uint32_t p = cursor[t]++;
            psent[p] = (uint32_t)i;
            pw[p] = m->w[e];
            if (m->sf[t] >= 2)
                links[nlinks++] = (link){t, p, m->w[e]};
        }
    }
    first_link[n] = (uint32_t)nlinks;

    /* Similarity rows: accumulate dot products with every sentence that
     * shares a term, keep those above the threshold. touched lists the
     * sentences met, in the order first met, without a branch (acc is 0
     * until then: weights are positive). */
    for (size_t i = 0; i < n; i++) {
        const sm_sent *s = &m->sents[i];
        size_t nt = 0;
        for (uint32_t l = first_link[i]; l < first_link[i + 1]; l++) {
            uint32_t t = links[l].term, self = links[l].self;
            float we = links[l].w;
            for (uint32_t p = start[t]; p < self; p++) {
                uint32_t j = psent[p];
                touched[nt] = j;
                nt += acc[j] == 0;
                acc[j] += we * pw[p];
            }
            for (uint32_t p = self + 1; p < start[t + 1]; p++) {
                uint32_t j = psent[p];
                touched[nt] = j;
                nt += acc[j] == 0;
                acc[j] += we * pw[p];
            }
        }
        for (size_t k = 0; k < nt; k++) {
            uint32_t j = touched[k];
            float sim = acc[j] / (s->norm * m->sents[j].norm);
            acc[j] = 0;
            if (sim < threshold)
                continue;
            if (edges == edge_cap) {
                col = sm_vec_reserve(cache, SM_VEC_COL,
                                     2 * edge_cap * sizeof(*col));
                ew = sm_vec_reserve(cache, SM_VEC_EW,
                                    2 * edge_cap * sizeof(*ew));
                if (!col || !ew)
                    return -1;
                edge_cap *= 2;
            }
            col[edges] = j;
            ew[edges] = sim;
            edges++;
            outw[i] += sim;
        }
        row[i + 1] = (uint32_t)edges;
    }

    /* PageRank with damping 0.85; the graph is symmetric, so a sentence's
     * incoming edges are its row. Sentences without edges keep the base
     * rank, and their share is spread evenly: list them once rather than
     * look for them in every round. */
    const float d = 0.85f;
    size_t ndangling = 0;
    for (size_t i = 0; i < n; i++) {
        rank[i] = 1.0f / (float)n;
        if (outw[i] == 0)
            dangling_at[ndangling++] = (uint32_t)i;
    }
    /* Ranks sum to 1; a total change below 1e-5 no longer moves the
     * ranking of any sentence that matters. */
    for (int iter = 0; iter < 40; iter++) {
        double dangling = 0;
        for (size_t k = 0; k < ndangling; k++)
            dangling += rank[dangling_at[k]];
        float base = (float)((1.0 - d) / n + d * dangling / n);
        double delta = 0;
        for (size_t i = 0; i < n; i++) {
            double sum = 0;
            for (uint32_t k = row[i]; k < row[i + 1]; k++) {
                uint32_t j = col[k];
                sum += ew[k] * rank[j] / outw[j];
            }
            next[i] = base + d * (float)sum;
            delta += fabs(next[i] - rank[i]);
        }
        float *tmp = rank;
        rank = next;
        next = tmp;
        if (delta < 1e-5)
            break;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = rank[i] * (float)n; /* 1 = an average sentence */
    return 0;
}
