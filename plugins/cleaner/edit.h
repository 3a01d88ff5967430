/*
 * edit.h - rewriting a text lazily while recording where each byte came from.
 *
 * A pass walks its source text and calls cl_edit_replace for each change;
 * the bytes between changes are kept. Nothing is allocated until the first
 * change, so a pass over text it does not change costs only its scan.
 *
 * The offset map is a list of points (new offset, old offset): an offset maps
 * to the old offset of the last point at or before it, plus the distance from
 * that point (the same rule as tm_offset_map). Every character written by a
 * replacement maps to the start of the bytes it replaced.
 */
#ifndef CLEANER_EDIT_H
#define CLEANER_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include <textmill/document.h>

typedef struct cl_point {
    size_t new_off;
    size_t old_off;
} cl_point;

typedef struct cl_points {
    cl_point *items;
    size_t size;
    size_t cap;
} cl_points;

typedef struct cl_edit {
    const char *src;   /* borrowed source text */
    size_t src_len;
    size_t done;       /* src[0..done) is written (or kept, while out is NULL) */
    char *out;         /* owned; NULL until the first change */
    size_t len;
    size_t cap;
    cl_points map;     /* owned */
    bool nomem;        /* an allocation failed: the edit is void */
} cl_edit;

void cl_edit_init(cl_edit *e, const char *src, size_t len);

/* Replaces src[start..end) by s[0..n) (n may be 0: a deletion; start == end:
 * an insertion). start must be >= the end of the previous replacement.
 * Returns false when out of memory. */
bool cl_edit_replace(cl_edit *e, size_t start, size_t end, const char *s,
                     size_t n);

/* Ends the edit: copies the rest of the source if the text changed. Returns
 * true when it changed (e->out then holds e->len bytes and a NUL). */
bool cl_edit_finish(cl_edit *e);

/* Hands the output text to the caller (who frees it) and frees the rest. */
char *cl_edit_take(cl_edit *e, size_t *len);
void cl_edit_free(cl_edit *e);

/* ---- point lists ---- */

/* Appends a point unless it changes nothing; a point at the same new offset
 * as the last one replaces it. Returns false when out of memory. */
bool cl_points_add(cl_points *m, size_t new_off, size_t old_off);
size_t cl_points_lookup(const cl_points *m, size_t new_off);
void cl_points_free(cl_points *m);

/* *out = inner after outer: outer maps the newest text (new_len bytes) to a
 * middle text, inner maps the middle text to the oldest. */
bool cl_points_compose(const cl_points *outer, size_t new_len,
                       const cl_points *inner, cl_points *out);

/* A tm_offset_map with the points and the end point (new_len, old_len);
 * NULL when out of memory. */
tm_offset_map *cl_points_to_map(const cl_points *m, size_t new_len,
                                size_t old_len);

#endif
