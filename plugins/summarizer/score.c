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
    float *c = calloc(m->terms ? m->terms : 1, sizeof(*c));
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
    free(c);
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
    uint32_t *count = calloc(n + 1, sizeof(*count)); /* terms per sf */
    if (!count)
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
    free(count);
    return cap;
}

int sm_score_graph(const sm_model *m, float threshold, float *out)
{
    size_t n = m->n;
    if (n == 0)
        return 0;
    int rc = -1;
    uint32_t cap = posting_cap(m);
    /* Inverted index: for each term, the entries (sentence, weight) that
     * hold it, in sentence order. */
    uint32_t *start = calloc((size_t)m->terms + 1, sizeof(*start));
    uint32_t *psent = malloc((m->entries ? m->entries : 1) * sizeof(*psent));
    float *pw = malloc((m->entries ? m->entries : 1) * sizeof(*pw));
    float *acc = calloc(n, sizeof(*acc));
    uint32_t *touched = malloc(n * sizeof(*touched));
    uint32_t *row = calloc(n + 1, sizeof(*row)); /* edges of sentence i:
                                                     [row[i], row[i+1]) */
    uint32_t *col = NULL;
    float *ew = NULL;
    size_t edges = 0, edge_cap = 0;
    float *rank = malloc(n * sizeof(*rank));
    float *next = malloc(n * sizeof(*next));
    float *outw = calloc(n, sizeof(*outw));
    if (!start || !psent || !pw || !acc || !touched || !row || !rank ||
        !next || !outw)
        goto done;

    for (uint32_t t = 0; t < m->terms; t++)
        start[t + 1] = start[t] + (m->sf[t] <= cap ? m->sf[t] : 0);
    uint32_t *cursor = malloc((m->terms ? m->terms : 1) * sizeof(*cursor));
    if (!cursor)
        goto done;
    memcpy(cursor, start, m->terms * sizeof(*cursor));
    for (size_t i = 0; i < n; i++) {
        const sm_sent *s = &m->sents[i];
        for (uint32_t e = s->first; e < s->first + s->count; e++) {
            uint32_t t = m->term[e];
            if (m->sf[t] > cap)
                continue;
            psent[cursor[t]] = (uint32_t)i;
            pw[cursor[t]] = m->w[e];
            cursor[t]++;
        }
    }
    free(cursor);

    /* Similarity rows: accumulate dot products with every sentence that
     * shares a term, keep those above the threshold. */
    for (size_t i = 0; i < n; i++) {
        const sm_sent *s = &m->sents[i];
        size_t nt = 0;
        for (uint32_t e = s->first; e < s->first + s->count; e++) {
            uint32_t t = m->term[e];
            if (m->sf[t] > cap || m->sf[t] < 2)
                continue;
            float we = m->w[e];
            for (uint32_t p = start[t]; p < start[t + 1]; p++) {
                uint32_t j = psent[p];
                if (j == i)
                    continue;
                if (acc[j] == 0)
                    touched[nt++] = j;
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
                size_t c2 = edge_cap ? edge_cap * 2 : 1024;
                uint32_t *nc = realloc(col, c2 * sizeof(*nc));
                if (!nc)
                    goto done;
                col = nc;
                float *nw = realloc(ew, c2 * sizeof(*nw));
                if (!nw)
                    goto done;
                ew = nw;
                edge_cap = c2;
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
     * rank, and their share is spread evenly. */
    const float d = 0.85f;
    for (size_t i = 0; i < n; i++)
        rank[i] = 1.0f / (float)n;
    /* Ranks sum to 1; a total change below 1e-5 no longer moves the
     * ranking of any sentence that matters. */
    for (int iter = 0; iter < 40; iter++) {
        double dangling = 0;
        for (size_t i = 0; i < n; i++)
            if (outw[i] == 0)
                dangling += rank[i];
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
    rc = 0;

done:
    free(start);
    free(psent);
    free(pw);
    free(acc);
    free(touched);
    free(row);
    free(col);
    free(ew);
    free(rank);
    free(next);
    free(outw);
    return rc;
}
