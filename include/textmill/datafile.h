/*
 * textmill/datafile.h - reading a plugin's data files.
 *
 * Stages ship lists (abbreviations, stop words, names) as plain text files,
 * and users point stages at lists of their own. This reads the common shape
 * so that every stage reads them alike and reports mistakes alike: UTF-8
 * text, one entry a line; spaces, tabs and a CR around a line are ignored;
 * blank lines and lines whose first character is '#' are comments. What an
 * entry says (a word, "phrase<TAB>label", ...) is the stage's business.
 */
#ifndef TEXTMILL_DATAFILE_H
#define TEXTMILL_DATAFILE_H

#include <stddef.h>
#include <textmill/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Called with each entry: line (NUL-terminated at len, trimmed; the callee
 * may change its bytes) and its 1-based number in the file. Returns TM_OK,
 * or an error status with err set (the reader adds the file and line to err
 * when the callee did not set a file). */
typedef tm_status (*tm_data_line_fn)(void *ctx, char *line, size_t len, int line_no,
                                     tm_error *err);

/* Reads the file at path and calls fn for each entry, in order, stopping at
 * the first error. A file that cannot be read, holds a NUL byte or is not
 * valid UTF-8 is an error with the file and line in err. */
tm_status tm_data_file_foreach(const char *path, tm_data_line_fn fn, void *ctx,
                               tm_error *err);

/* The same in two steps, for a stage that wants to look at its files
 * before it parses them (to size a table for all their lines, say):
 * tm_data_file_read returns the whole file, NUL-terminated, and its byte
 * length in *len (the caller frees it), or NULL with err set;
 * tm_data_text_foreach then walks text as tm_data_file_foreach walks a
 * file, changing its bytes, and names path in errors. */
char *tm_data_file_read(const char *path, size_t *len, tm_error *err);
tm_status tm_data_text_foreach(const char *path, char *text, size_t len,
                               tm_data_line_fn fn, void *ctx, tm_error *err);

#ifdef __cplusplus
}
#endif
#endif
