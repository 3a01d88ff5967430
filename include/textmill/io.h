/*
 * textmill/io.h - documents in and out: JSON, JSON Lines, text files.
 *
 * The JSON form of a document (one line of JSON Lines):
 *
 *   {"id": "a", "text": "...", <metadata keys>...,
 *    "raw_text": "...", "offset_map": [[0, 0], [12, 15]],   (if rewritten)
 *    "layers": {"sentences": [{"start": 0, "end": 12, "text": "...",
 *                              "label": "PERSON", "score": 0.5,
 *                              "attrs": {...}}]}}
 *
 * Offsets in JSON are Unicode code points (text[start:end] in Python), unlike
 * the byte offsets of the C API. "text" of a span, and "raw_start"/"raw_end"
 * (with TM_JSON_RAW_OFFSETS), are derived: ignored when read back. Every
 * other top-level key is metadata, kept in order. Reading back what was
 * written gives the same document, and writing it again the same line.
 */
#ifndef TEXTMILL_IO_H
#define TEXTMILL_IO_H

#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>
#include <textmill/error.h>
#include <textmill/document.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- JSON ---- */

#define TM_JSON_RAW_OFFSETS 0x1u  /* add raw_start/raw_end to every span */
#define TM_JSON_NO_SPAN_TEXT 0x2u /* leave out the covered text of spans */

/* The JSON form of doc (new reference), or NULL on out of memory. */
json_t *tm_doc_to_json(const tm_doc *doc, unsigned flags, tm_error *err);

/* The JSON form of doc as compact JSON text, without a newline: the same
 * text as json_dumps(tm_doc_to_json(doc, flags), JSON_COMPACT), several times
 * faster. Caller frees; *len (if not NULL) gets the length. */
char *tm_doc_dumps(const tm_doc *doc, unsigned flags, size_t *len, tm_error *err);

/* A document from its JSON form (obj borrowed). id may be a string or an
 * integer; when missing, fallback_id is used. On failure err has the JSON
 * path of the problem. */
tm_doc *tm_doc_from_json(const json_t *obj, const char *fallback_id, tm_error *err);

/* ---- reading inputs ---- */

typedef enum tm_input_format {
    TM_INPUT_AUTO = 0, /* *.jsonl / *.ndjson are JSON Lines, the rest text;
                          stdin is JSON Lines if it starts with '{' */
    TM_INPUT_TEXT,     /* each file is one document, its path the id */
    TM_INPUT_JSONL     /* one JSON object per line */
} tm_input_format;

typedef enum tm_utf8_policy {
    TM_UTF8_ERROR = 0, /* a document that is not valid UTF-8 is an error */
    TM_UTF8_REPLACE,   /* each bad byte becomes U+FFFD */
    TM_UTF8_CP1252     /* each bad byte is decoded as Windows-1252 */
} tm_utf8_policy;

typedef struct tm_reader_options {
    tm_input_format format;
    tm_utf8_policy utf8;
    size_t max_doc_bytes; /* larger documents (or JSON Lines lines) are
                             errors; 0 = the default, 256 MiB */
    size_t max_json_depth; /* deeper nesting in a JSON Lines line is an
                              error; 0 = the default, 1000 (at most 2000) */
    size_t max_spans;      /* span limit of each document read (see
                              tm_doc_set_span_limit); 0 = the default, 10
                              million */
    bool defer_parse;      /* return JSON Lines lines unparsed (TM_READ_LINE),
                              so that workers can parse them in parallel */
} tm_reader_options;

typedef struct tm_reader tm_reader;

typedef enum tm_read_result {
    TM_READ_DOC,  /* *doc is a new document (caller frees) */
    TM_READ_END,  /* no more input */
    TM_READ_BAD,  /* this input item could not be read: err says where and
                     why; the reader goes on with the next one */
    TM_READ_LINE  /* with defer_parse: a JSON Lines line, not yet parsed
                     (*doc is NULL); tm_reader_last_raw and
                     tm_reader_last_location describe it, and
                     tm_reader_parse_line makes the document */
} tm_read_result;

/* A reader over inputs: files, folders (recursive, sorted by name) and "-"
 * for standard input. The strings are copied. opts may be NULL. */
tm_reader *tm_reader_new(const char *const *inputs, size_t count,
                         const tm_reader_options *opts, tm_error *err);
tm_read_result tm_reader_next(tm_reader *reader, tm_doc **doc, tm_error *err);

/* The raw bytes of the item last read (a JSON Lines line, or NULL for a text
 * file), for an errors stream; borrowed until the next call. */
const char *tm_reader_last_raw(const tm_reader *reader, size_t *len);

/* Where the item last read came from: the file (borrowed until the next
 * call), its line number, and whether that line ended in a newline. */
const char *tm_reader_last_location(const tm_reader *reader, size_t *line_no,
                                    bool *complete);

/* Makes the document of one JSON Lines line under the reader's options
 * (UTF-8 policy, limits), as tm_reader_next would have; file and line_no
 * name it in errors and give the id of a line without one. Reads nothing
 * from the reader but its options, so workers may call it concurrently.
 * Returns a new document, or NULL with err set. */
tm_doc *tm_reader_parse_line(const tm_reader *reader, const char *line, size_t len,
                             const char *file, size_t line_no, bool complete,
                             tm_error *err);

/* Bytes consumed so far, for progress reports. */
size_t tm_reader_bytes_read(const tm_reader *reader);
void tm_reader_free(tm_reader *reader);

/* Applies a UTF-8 policy to s[0..len): returns a new valid UTF-8 copy
 * (caller frees; *out_len its length), or NULL with err saying where the
 * first bad byte is (TM_UTF8_ERROR) or out of memory. */
char *tm_utf8_repair(const char *s, size_t len, tm_utf8_policy policy,
                     size_t *out_len, tm_error *err);

/* ---- writing ---- */

typedef enum tm_output_format {
    TM_OUTPUT_JSONL = 0, /* one JSON document per line (the default) */
    TM_OUTPUT_TEXT,      /* readable: the text, then each layer's spans */
    TM_OUTPUT_HTML,      /* one self-contained HTML page for the batch */
    TM_OUTPUT_CONLL,     /* a token a line with BIO entity tags */
    TM_OUTPUT_BRAT       /* brat standoff: NAME.txt and NAME.ann per document
                            in a folder */
} tm_output_format;

/* Parses "jsonl", "text", "html", "conll", "brat"; returns -1 if unknown. */
int tm_output_format_parse(const char *name);

typedef struct tm_writer tm_writer;

/* A writer of format to f (borrowed; the caller closes it). For
 * TM_OUTPUT_BRAT, dir is the folder the files go to (created if missing) and
 * f is not used; other formats ignore dir. */
tm_writer *tm_writer_new(FILE *f, const char *dir, tm_output_format format,
                         unsigned json_flags, tm_error *err);
tm_status tm_writer_write(tm_writer *w, const tm_doc *doc, tm_error *err);
/* Writes what comes after the last document (an HTML page's end). */
tm_status tm_writer_finish(tm_writer *w, tm_error *err);
void tm_writer_free(tm_writer *w);

/* Writes doc to f as one JSON line, or as readable text. */
tm_status tm_write_doc(FILE *f, const tm_doc *doc, tm_output_format format,
                       unsigned json_flags, tm_error *err);

/* Writes one errors-stream record: {"id", "stage", "code", "error",
 * "file", "line", "input"} (input = the raw item, when known). */
tm_status tm_write_error_record(FILE *f, const tm_error *error, const char *raw,
                                size_t raw_len);

#ifdef __cplusplus
}
#endif
#endif
