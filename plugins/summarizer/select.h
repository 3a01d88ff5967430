/*
 * select.h - choosing the summary: relevance, redundancy and length limits.
 */
#ifndef SM_SELECT_H
#define SM_SELECT_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

typedef struct sm_limits {
    size_t sentences;  /* most sentences; 0 = no limit */
    size_t words;      /* most words; 0 = no limit */
    size_t chars;      /* most characters of the summary text; 0 = none */
    double redundancy; /* 0..1: weight of the similarity to what is chosen */
} sm_limits;

/* Sentences whose cosine similarity to a chosen one reaches this are never
 * chosen when redundancy > 0: they would repeat it. */
#define SM_DUPLICATE 0.8

/* Chooses sentences by maximal marginal relevance: each step takes the
 * sentence with the best rel[i] / max(rel) - redundancy * (its highest
 * similarity to a chosen sentence) among those that still fit the limits.
 * When the whole document fits, every sentence is chosen. Writes the chosen
 * indices, in the order they were chosen, into out (m->n slots) and returns
 * their number, or -1 when out of memory. */
long sm_select(const sm_model *m, const char *text, const float *rel,
               const sm_limits *lim, uint32_t *out);

/* Characters (code points) of the sentence as it appears in the summary
 * text: trimmed, every run of white space counted as one space. */
size_t sm_summary_chars(const char *text, size_t start, size_t end);

#endif
