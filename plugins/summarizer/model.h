/*
 * model.h - a document as the scorers see it: sentences as bags of terms.
 *
 * A term is a stem of a word that is not a stop word, numbered densely per
 * document. Each sentence holds its distinct terms (an "entry" each, with the
 * count and the tf-idf weight); idf is computed over the document's own
 * sentences ("inverse sentence frequency"), so no background corpus is needed.
 */
#ifndef SM_MODEL_H
#define SM_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "lexicon.h"

typedef struct sm_sent {
    size_t start, end;   /* the sentence span as given */
    size_t tstart, tend; /* the same without surrounding white space */
    uint32_t first;      /* its entries: [first, first + count) */
    uint32_t count;
    uint32_t words;      /* word tokens, stop words included */
    uint32_t content;    /* word tokens that are not stop words */
    uint32_t numbers;    /* word tokens that start with a digit */
    uint32_t dates;      /* month, weekday and time-zone words */
    uint16_t quotes;     /* straight double quotes */
    uint16_t opens;      /* opening curly quotes and guillemets */
    uint16_t closes;     /* closing ones */
    uint8_t first_flags; /* SM_MARK_* flags of the first word */
    uint8_t any_flags;   /* SM_MARK_* flags of any word */
    float norm;          /* Euclidean length of its weight vector */
} sm_sent;

/* The arrays are borrowed from the thread's cache (sm_alloc): they stay
 * valid until the thread starts its next document. */
typedef struct sm_model {
    sm_sent *sents;
    size_t n;
    uint32_t *term;   /* per entry: the term number */
    float *w;         /* per entry: (1 + log tf) * idf */
    size_t entries;
    uint32_t terms;   /* distinct terms in the document */
    uint32_t *sf;     /* per term: sentences that hold it */
    sm_cache *cache;  /* the thread's cache, for the scorers' scratch */
} sm_model;

/* Builds m from the sentence spans (starts[i], ends[i]), n of them, over
 * text (text_len bytes), with cache, the calling thread's cache of the
 * lexicon (sm_cache_get). Returns 0, or -1 when out of memory. */
int sm_model_build(sm_model *m, const char *text, size_t text_len,
                   const size_t *starts, const size_t *ends, size_t n,
                   sm_cache *cache);

#endif
