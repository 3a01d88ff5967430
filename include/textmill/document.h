/*
 * textmill/document.h - the document and its annotation layers.
 *
 * A document is an id, a UTF-8 text, a metadata object and named layers of
 * spans (standoff annotation: spans point into the text, the text is never
 * marked up). Inside the library offsets are BYTE offsets into the text; the
 * JSON writer turns them into Unicode code point offsets.
 *
 * When a stage rewrites the text (tm_doc_replace_text), the document keeps the
 * text it was created with ("the raw text") and an offset map from the current
 * text back to it, so that every span can also be placed in the raw input.
 *
 * Ownership: tm_doc_new returns a document the caller frees with tm_doc_free.
 * Everything reached through a document (text, layers, spans, metadata) is
 * borrowed: valid until the document is freed or, for the text, replaced.
 * A document is not thread-safe; the runner hands each one to one thread.
 */
#ifndef TEXTMILL_DOCUMENT_H
#define TEXTMILL_DOCUMENT_H

#include <stddef.h>
#include <stdbool.h>
#include <jansson.h>
#include <textmill/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tm_doc tm_doc;
typedef struct tm_layer tm_layer;
typedef struct tm_offset_map tm_offset_map;

/* One annotation: the bytes [start, end) of the current text. */
typedef struct tm_span {
    size_t start;
    size_t end;
    const char *label;  /* owned by the layer; never NULL ("" when unlabelled) */
    double score;       /* meaningful only when has_score */
    bool has_score;
    json_t *attrs;      /* a JSON object, or NULL: the span holds one
                           reference, dropped with the span. Several spans
                           may share one object (a stage may reuse one per
                           rule), so never change an object you did not
                           create: set a new one (json_deep_copy). */
} tm_span;

/* ---- documents ---------------------------------------------------------- */

/* Creates a document holding a copy of id and of text[0..len). The text must
 * be valid UTF-8 without NUL bytes (see tm_utf8_validate); otherwise NULL is
 * returned and err says where the first bad byte is. */
tm_doc *tm_doc_new(const char *id, const char *text, size_t len, tm_error *err);
void tm_doc_free(tm_doc *doc);

const char *tm_doc_id(const tm_doc *doc);
/* The current text, NUL-terminated; *len (if not NULL) gets its byte length. */
const char *tm_doc_text(const tm_doc *doc, size_t *len);

/* The text the document was created with (the same pointer as tm_doc_text
 * while no stage rewrote it). */
const char *tm_doc_raw_text(const tm_doc *doc, size_t *len);
bool tm_doc_text_rewritten(const tm_doc *doc);

/* Maps a byte offset of the current text to the raw text. */
size_t tm_doc_raw_offset(const tm_doc *doc, size_t offset);

/* The raw-text range of the span [start, end) of the current text: both ends
 * mapped, except that white space which the rewrite deleted right after the
 * span is left out of it ("Russia ." cleaned to "Russia." gives "Russia",
 * not "Russia "). */
void tm_doc_raw_range(const tm_doc *doc, size_t start, size_t end,
                      size_t *raw_start, size_t *raw_end);

/* The metadata object (borrowed; never NULL). Modify it in place. */
json_t *tm_doc_meta(tm_doc *doc);

/* Replaces the text. The document takes ownership of new_text (malloc'ed,
 * NUL-terminated, valid UTF-8 of new_len bytes) and of map, which maps offsets
 * of new_text to offsets of the text being replaced (NULL = identity, valid
 * only when the lengths agree). Maps compose, so the raw text stays reachable
 * after several rewrites. Refused (TM_ERR_INVALID) once the document has any
 * layer: spans would point into a text that no longer exists. On failure the
 * document is unchanged and new_text and map are freed. */
tm_status tm_doc_replace_text(tm_doc *doc, char *new_text, size_t new_len,
                              tm_offset_map *map, tm_error *err);

/* ---- layers ------------------------------------------------------------- */

/* The layer called name, or NULL (borrowed). */
tm_layer *tm_doc_layer(const tm_doc *doc, const char *name);

/* The layer called name, created empty if missing (borrowed). NULL only when
 * out of memory. */
tm_layer *tm_doc_add_layer(tm_doc *doc, const char *name);

/* Removes a layer; returns whether it existed. */
bool tm_doc_remove_layer(tm_doc *doc, const char *name);

size_t tm_doc_layer_count(const tm_doc *doc);
/* The i-th layer in creation order (borrowed). */
tm_layer *tm_doc_layer_at(const tm_doc *doc, size_t i);

const char *tm_layer_name(const tm_layer *layer);
size_t tm_layer_size(const tm_layer *layer);
/* The i-th span (borrowed), i < tm_layer_size. The pointer stays valid until
 * the next tm_layer_add / tm_layer_sort / tm_layer_clear on that layer. */
tm_span *tm_layer_span(const tm_layer *layer, size_t i);

/* Appends a span and returns it (borrowed), so that the caller can set score
 * and attrs. label is copied (NULL means ""). Refused (NULL, with err set)
 * when start > end, end is past the text, an offset is not on a UTF-8
 * character boundary, or the document's span limit is reached. */
tm_span *tm_layer_add(tm_layer *layer, size_t start, size_t end,
                      const char *label, tm_error *err);

/* Sorts spans by start, then by longer first (stable). */
void tm_layer_sort(tm_layer *layer);
void tm_layer_clear(tm_layer *layer);

/* The most spans a document may hold across its layers (default 10 million);
 * tm_layer_add fails with TM_ERR_LIMIT beyond it. 0 = no limit. */
void tm_doc_set_span_limit(tm_doc *doc, size_t max_spans);

/* ---- offset maps -------------------------------------------------------- */

/* An offset map from a new text back to an old one, stored as the points where
 * the distance between the two changes: compact for the usual case of long
 * copied runs. Build it while writing the new text: call tm_offset_map_add
 * (new_offset, old_offset) whenever the next output byte does not simply
 * follow the previous one in the old text (after a deletion, a replacement or
 * an insertion); calls that do not change the distance cost nothing. */
tm_offset_map *tm_offset_map_new(void);
void tm_offset_map_free(tm_offset_map *map);

/* new_offset must not decrease from call to call. Returns TM_ERR_NOMEM or
 * TM_ERR_INVALID (offsets out of order), TM_OK otherwise. */
tm_status tm_offset_map_add(tm_offset_map *map, size_t new_offset,
                            size_t old_offset);

/* The old offset of new_offset: the last point at or before it, plus the
 * distance from that point. Offsets before the first point map to
 * themselves. */
size_t tm_offset_map_lookup(const tm_offset_map *map, size_t new_offset);

/* Number of points stored (for tests and statistics). */
size_t tm_offset_map_size(const tm_offset_map *map);

#ifdef __cplusplus
}
#endif
#endif
