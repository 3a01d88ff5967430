/*
 * score.h - sentence relevance, one function per method.
 *
 * Every scorer writes one score per sentence into out (m->n floats, caller
 * allocated); higher is better. Scores of one method are comparable within a
 * document only.
 */
#ifndef SM_SCORE_H
#define SM_SCORE_H

#include "model.h"

/* Lead bias: 1 for the first sentence, decaying with position. */
void sm_score_position(const sm_model *m, float *out);

/* Cosine between each sentence and the document's centroid (the sum of all
 * sentence vectors). Returns 0, -1 when out of memory. */
int sm_score_centroid(const sm_model *m, float *out);

/* LexRank-style centrality: PageRank over the graph whose edges join
 * sentences with cosine similarity at least threshold. Built from each
 * term's list of sentences, so only sentences that share a term are
 * compared; terms found in more than a bounded number of sentences are
 * left out of the graph (they are the least informative and would make it
 * quadratic). Returns 0, -1 when out of memory. */
int sm_score_graph(const sm_model *m, float threshold, float *out);

#endif
