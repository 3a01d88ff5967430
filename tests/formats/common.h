/* common.h - helpers of the output format tests: documents built by hand,
 * rendered through the public tm_writer API. */
#ifndef FORMATS_COMMON_H
#define FORMATS_COMMON_H

#include <stddef.h>
#include <textmill/textmill.h>

/* A document with id and text; fails the test if it cannot be made. */
tm_doc *doc_make(const char *id, const char *text);

/* The byte offset of the nth (0-based) occurrence of needle in the text. */
size_t at(const tm_doc *doc, const char *needle, int nth);

/* Adds to layer a span over the nth occurrence of needle; label may be
 * NULL. Returns the span (borrowed). */
tm_span *add(tm_doc *doc, const char *layer, const char *needle, int nth, const char *label);

/* add() to "entities" with attrs {"rule": rule}. */
tm_span *ent(tm_doc *doc, const char *needle, int nth, const char *label, const char *rule);

/* Adds to layer a span [start, end) in bytes. */
tm_span *add_at(tm_doc *doc, const char *layer, size_t start, size_t end, const char *label);

/* Splits the text into "sentences" after each ". " (a naive rule, enough
 * for the fixtures, which are written for it). */
void add_sentences(tm_doc *doc);

/* Renders docs with a tm_writer of format (not brat) into a malloc'ed
 * string (caller frees). */
char *render(tm_output_format format, tm_doc **docs, size_t n);

/* brat: writes docs into dir. */
void render_brat(const char *dir, tm_doc **docs, size_t n);

/* Occurrences of needle in s. */
size_t count(const char *s, const char *needle);

/* A whole file (caller frees), or NULL when it cannot be read. */
char *slurp(const char *path);

/* A fresh temporary folder (static buffer, valid until the next call). */
const char *temp_dir(void);
void remove_tree(const char *dir);

/* Checks that the elements of an HTML page nest properly: every start tag
 * of a non-void element is closed, in order. Fails the test otherwise. */
void assert_balanced_html(const char *html);

/* The text of the first <div class="text"> of a page: tags removed and
 * character references decoded (caller frees). */
char *page_text(const char *html);

#endif
