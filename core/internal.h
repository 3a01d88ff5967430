/* internal.h - structures and helpers shared by the core's files only. */
#ifndef TEXTMILL_INTERNAL_H
#define TEXTMILL_INTERNAL_H

#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>

#include <textmill/textmill.h>


typedef struct tm_offset_point {
    size_t new_off;
    size_t old_off;
} tm_offset_point;

struct tm_offset_map {
    tm_offset_point *points;
    size_t size;
    size_t capacity;
};

struct tm_layer {
    char *name;
    tm_span *spans;
    size_t size;
    size_t capacity;
    char **labels; /* distinct labels, owned; spans point into them */
    size_t label_count;
    tm_doc *doc;
};

struct tm_doc {
    char *id;
    char *text;
    size_t len;
    char *raw_text;      /* NULL while the text was never rewritten */
    size_t raw_len;
    tm_offset_map *map;  /* current text -> raw text, NULL = identity */
    json_t *meta;
    tm_layer **layers;
    size_t layer_count;
    size_t span_count;   /* across layers */
    size_t span_limit;   /* 0 = none */
};

tm_offset_map *tm__offset_map_compose(const tm_offset_map *first,
                                      const tm_offset_map *second);

/* Heap helpers that abort nothing: they return NULL on failure. */
char *tm__strdup(const char *s);
char *tm__strndup(const char *s, size_t n);

/* Reads a whole file into a malloc'ed NUL-terminated buffer. */
char *tm__read_file(const char *path, size_t *len, tm_error *err);

/* The index of the first byte of s[i..n) that a JSON string must escape
 * ('"', '\\' or a control character), or n. */
size_t tm__json_special(const char *s, size_t i, size_t n);

/* Seconds on the monotonic clock, for durations. */
double tm__now(void);

/* Is s a plain identifier: [A-Za-z_][A-Za-z0-9_]* ? */
bool tm__is_identifier(const char *s);

/* A growable array of strings (owned). */
typedef struct tm__strvec {
    char **items;
    size_t size;
    size_t capacity;
} tm__strvec;
int tm__strvec_push(tm__strvec *v, const char *s); /* copies; 0 or -1 */
void tm__strvec_free(tm__strvec *v);



/* options.c */
json_t *tm__option_default(const tm_option *o); /* new ref or NULL */
tm_status tm__option_check_default(const tm_option *o, tm_error *err);
/* cpindex.c: byte <-> code point offsets of one text. */
typedef struct tm__cpindex {
    const char *text; /* borrowed */
    size_t len;
    size_t *before;   /* code points before each 256-byte block */
    int ascii;        /* then offsets are equal and before is NULL */
} tm__cpindex;
int tm__cpindex_init(tm__cpindex *ix, const char *text, size_t len); /* 0/-1 */
size_t tm__cpindex_to_cp(const tm__cpindex *ix, size_t byte);
/* (size_t)-1 when cp is past the end. */
size_t tm__cpindex_to_byte(const tm__cpindex *ix, size_t cp);
void tm__cpindex_free(tm__cpindex *ix);
/* offset_map.c: map (bytes of ix's text to bytes of raw_ix's) as the JSON
 * form writes it, in code points, normalized so that it reads back to the
 * same points and writes again the same (a new map; NULL out of memory). */
tm_offset_map *tm__offset_map_in_cp(const tm_offset_map *map, const tm__cpindex *ix,
                                    const tm__cpindex *raw_ix);

/* pipeline.c: have the worker note the index of the stage it runs (for
 * crash reports from isolated workers). */
void tm__worker_track_stage(tm_worker *w, volatile int *stage_now);

/* isolate.c: a forked worker process running the pipeline's stages. */
typedef struct tm__child tm__child;
tm__child *tm__child_new(tm_pipeline *p, tm_error *err);
/* Processes *doc in the child; on success *doc is replaced by the result. */
tm_status tm__child_process(tm__child *c, tm_doc **doc, double timeout, tm_error *err);
void tm__child_free(tm__child *c);

/* docjson.c: keys of the JSON form that are not metadata. */
bool tm__is_reserved_key(const char *key);
/* document.c: a document that takes text (malloc'ed, len bytes and a NUL,
 * valid UTF-8 without NUL bytes: not checked again) and meta; both are
 * freed when out of memory (NULL). */
tm_doc *tm__doc_adopt(const char *id, char *text, size_t len, json_t *meta);
/* docjson.c: makes text (copied) the current text of doc, whose text is the
 * raw text, with the offset map given as n pairs (offset in text, offset in
 * the raw text), in code points. */
tm_status tm__doc_read_rewrite(tm_doc *doc, const char *text, size_t len,
                               const json_int_t (*pairs)[2], size_t n, tm_error *err);
/* docparse.c: the document on a JSON Lines line of the usual shape, or NULL
 * when the line needs the full reader (which also explains any error, such
 * as nesting deeper than max_depth). */
tm_doc *tm__doc_parse_plain(const char *line, size_t len, const char *fallback_id,
                            int max_depth);
/* jsonl_writer.c: doc as one JSON line (with its newline) to f. */
tm_status tm__write_jsonl(FILE *f, const tm_doc *doc, unsigned flags, tm_error *err);

/* offset_map.c: map with its points moved to character boundaries (new). */
tm_offset_map *tm__offset_map_snap(const tm_offset_map *map, const char *new_text,
                                   size_t new_len, const char *old_text, size_t old_len);

#endif
