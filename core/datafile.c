/* datafile.c - reading a plugin's data files (textmill/datafile.h). */
#include <stdlib.h>
#include <string.h>

#include <textmill/datafile.h>
#include <textmill/utf8.h>

#include "internal.h"

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

char *tm_data_file_read(const char *path, size_t *len, tm_error *err)
{
    return tm__read_file(path, len, err);
}

tm_status tm_data_file_foreach(const char *path, tm_data_line_fn fn, void *ctx,
                               tm_error *err)
{
    size_t len;
    char *text = tm__read_file(path, &len, err);
    if (!text)
        return err ? err->code : TM_ERR_IO;
    tm_status rc = tm_data_text_foreach(path, text, len, fn, ctx, err);
    free(text);
    return rc;
}

tm_status tm_data_text_foreach(const char *path, char *text, size_t len,
                               tm_data_line_fn fn, void *ctx, tm_error *err)
{
    tm_status rc = TM_OK;
    int line_no = 0;
    /* One pass over the whole text rather than one a line: a character
     * cannot span a line break, so the first bad byte is the same. */
    size_t bad = tm_utf8_validate(text, len);
    for (size_t i = 0; rc == TM_OK && i < len;) {
        char *nl = memchr(text + i, '\n', len - i);
        size_t a = i, b = nl ? (size_t)(nl - text) : len;
        i = b + 1;
        line_no++;
        if (bad < b) {
            tm_error_set_file(err, path, line_no, (int)(bad - a) + 1);
            rc = tm_error_set(err, TM_ERR_CONFIG, "%s", text[bad] == '\0'
                              ? "a NUL byte in a text file"
                              : "not valid UTF-8");
            break;
        }
        while (a < b && is_blank(text[a]))
            a++;
        while (b > a && is_blank(text[b - 1]))
            b--;
        if (a == b || text[a] == '#')
            continue;
        text[b] = '\0';
        if (err)
            err->file[0] = '\0';
        rc = fn(ctx, text + a, b - a, line_no, err);
        if (rc != TM_OK && err && !err->file[0])
            tm_error_set_file(err, path, line_no, 0);
    }
    return rc;
}
