/* format.h - the writers behind --format html, conll and brat (core only).
 *
 * Each writer is driven by the tm_writer object in writer.c: _new when the
 * run starts, _write for each document in input order (from one thread),
 * _finish after the last one, _free at the end. Documents are borrowed for
 * the call only and not kept, so memory is bounded by the largest document,
 * not by the batch (the HTML index waits in a temporary file; brat keeps the
 * set of file names used, a few dozen bytes a document). */
#ifndef TEXTMILL_FORMAT_H
#define TEXTMILL_FORMAT_H

#include <stdio.h>

#include "internal.h"

/* ---- shared helpers (writer.c) ---- */

/* The non-empty spans of layer (may be NULL), sorted by start, longer first
 * on ties, then in layer order. Returns a malloc'ed array of *count borrowed
 * pointers (caller frees; NULL with *count == 0 when there are none), or NULL
 * with *count == (size_t)-1 when out of memory. */
const tm_span **tm__sorted_spans(const tm_layer *layer, size_t *count);

/* Where spans nest or overlap, a flat rendering (HTML marks, BIO tags) keeps
 * the outermost: walking the sorted spans, a span is kept when it starts at
 * or after the end of the last kept one. Stores the positions of the kept
 * spans in pos (room for n) and returns how many. The spans between two kept
 * positions are inside or across the first of the two. */
size_t tm__keep_outermost(const tm_span *const *sorted, size_t n, size_t *pos);

/* The index (0..TM__PALETTE_SIZE-1) of the colour of an entity label: fixed
 * for the labels of the built-in entity tagger, a hash of the name for the
 * others, so that a label keeps its colour across documents and runs. */
#define TM__PALETTE_SIZE 24
int tm__label_colour(const char *label);
/* The background colour of a palette index, as "#rrggbb". */
const char *tm__palette(int colour);

/* ---- HTML (format_html.c) ---- */

typedef struct tm__html tm__html;
tm__html *tm__html_new(FILE *f, tm_error *err); /* f borrowed */
tm_status tm__html_write(tm__html *h, const tm_doc *doc, tm_error *err);
tm_status tm__html_finish(tm__html *h, tm_error *err);
void tm__html_free(tm__html *h);

/* ---- CoNLL (format_conll.c) ---- */

typedef struct tm__conll tm__conll;
tm__conll *tm__conll_new(FILE *f, tm_error *err); /* f borrowed */
tm_status tm__conll_write(tm__conll *c, const tm_doc *doc, tm_error *err);
void tm__conll_free(tm__conll *c);

/* ---- brat (format_brat.c) ---- */

typedef struct tm__brat tm__brat;
tm__brat *tm__brat_new(const char *dir, tm_error *err); /* dir copied */
tm_status tm__brat_write(tm__brat *b, const tm_doc *doc, tm_error *err);
tm_status tm__brat_finish(tm__brat *b, tm_error *err);
void tm__brat_free(tm__brat *b);

#endif
