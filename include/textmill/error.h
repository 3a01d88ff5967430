/*
 * textmill/error.h - errors that say where and why.
 *
 * A tm_error is a plain struct with fixed buffers (as jansson's json_error_t):
 * callers put one on the stack, pass its address down, and read it after a
 * call returned non-zero. Nothing in it needs freeing. Every field but code and
 * message is optional: an empty string or 0 means "not known".
 */
#ifndef TEXTMILL_ERROR_H
#define TEXTMILL_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define TM_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define TM_PRINTF(fmt, args)
#endif

typedef enum tm_status {
    TM_OK = 0,
    TM_ERR_NOMEM,      /* out of memory */
    TM_ERR_IO,         /* a file could not be read or written */
    TM_ERR_SYNTAX,     /* malformed JSON or other input syntax */
    TM_ERR_CONFIG,     /* a pipeline or option value is not acceptable */
    TM_ERR_PLUGIN,     /* a plugin could not be found or loaded */
    TM_ERR_UTF8,       /* text is not valid UTF-8 */
    TM_ERR_PROCESS,    /* a stage failed on a document */
    TM_ERR_LIMIT,      /* a configured limit was exceeded */
    TM_ERR_INVALID     /* a caller broke an API rule (bad argument) */
} tm_status;

#define TM_ERROR_MESSAGE_LENGTH 512
#define TM_ERROR_FIELD_LENGTH 256

typedef struct tm_error {
    tm_status code;
    char message[TM_ERROR_MESSAGE_LENGTH];
    char file[TM_ERROR_FIELD_LENGTH];   /* file the error is in */
    int line;                           /* 1-based, 0 when unknown */
    int column;                         /* 1-based, 0 when unknown */
    char path[TM_ERROR_FIELD_LENGTH];   /* JSON path, e.g. stages[2].config.x */
    char stage[TM_ERROR_FIELD_LENGTH];  /* stage name */
    char doc_id[TM_ERROR_FIELD_LENGTH]; /* document id */
} tm_error;

/* Resets every field. Safe on NULL. */
void tm_error_clear(tm_error *err);

/* Sets code and message (printf-style); keeps the location fields. Returns
 * code, so that `return tm_error_set(err, TM_ERR_IO, ...)` reads well. Safe on
 * a NULL err (then it only returns code). */
tm_status tm_error_set(tm_error *err, tm_status code, const char *fmt, ...)
    TM_PRINTF(3, 4);

/* Location setters; each copies (and truncates) its argument. NULL-safe. */
void tm_error_set_file(tm_error *err, const char *file, int line, int column);
void tm_error_set_path(tm_error *err, const char *path);
void tm_error_set_stage(tm_error *err, const char *stage);
void tm_error_set_doc_id(tm_error *err, const char *doc_id);

/* Writes "file:line:column: [doc ID] [stage S] path: message" (parts that are
 * unknown are left out) into buf, always NUL-terminated. Returns buf. */
char *tm_error_format(const tm_error *err, char *buf, size_t size);

/* A short stable name for a status: "syntax", "config", ... */
const char *tm_status_name(tm_status code);

#ifdef __cplusplus
}
#endif
#endif
