/* error.c - filling and formatting tm_error. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <textmill/error.h>

static void copy_field(char *dst, size_t size, const char *src)
{
    if (!src)
        src = "";
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void tm_error_clear(tm_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

tm_status tm_error_set(tm_error *err, tm_status code, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void tm_error_set_file(tm_error *err, const char *file, int line, int column)
{
    if (!err)
        return;
    copy_field(err->file, sizeof err->file, file);
    err->line = line;
    err->column = column;
}

void tm_error_set_path(tm_error *err, const char *path)
{
    if (err)
        copy_field(err->path, sizeof err->path, path);
}

void tm_error_set_stage(tm_error *err, const char *stage)
{
    if (err)
        copy_field(err->stage, sizeof err->stage, stage);
}

void tm_error_set_doc_id(tm_error *err, const char *doc_id)
{
    if (err)
        copy_field(err->doc_id, sizeof err->doc_id, doc_id);
}

char *tm_error_format(const tm_error *err, char *buf, size_t size)
{
    if (!buf || size == 0)
        return buf;
    buf[0] = '\0';
    if (!err)
        return buf;
    size_t used = 0;
#define APPEND(...)                                                            \
    do {                                                                       \
        if (used < size) {                                                     \
            int n_ = snprintf(buf + used, size - used, __VA_ARGS__);           \
            if (n_ > 0)                                                        \
                used += (size_t)n_;                                            \
        }                                                                      \
    } while (0)
    if (err->file[0]) {
        APPEND("%s", err->file);
        if (err->line > 0) {
            APPEND(":%d", err->line);
            if (err->column > 0)
                APPEND(":%d", err->column);
        }
        APPEND(": ");
    }
    if (err->doc_id[0])
        APPEND("document '%s': ", err->doc_id);
    if (err->stage[0])
        APPEND("stage '%s': ", err->stage);
    if (err->path[0])
        APPEND("%s: ", err->path);
    APPEND("%s", err->message[0] ? err->message : tm_status_name(err->code));
#undef APPEND
    return buf;
}

const char *tm_status_name(tm_status code)
{
    switch (code) {
    case TM_OK: return "ok";
    case TM_ERR_NOMEM: return "out of memory";
    case TM_ERR_IO: return "io";
    case TM_ERR_SYNTAX: return "syntax";
    case TM_ERR_CONFIG: return "config";
    case TM_ERR_PLUGIN: return "plugin";
    case TM_ERR_UTF8: return "utf8";
    case TM_ERR_PROCESS: return "process";
    case TM_ERR_LIMIT: return "limit";
    case TM_ERR_INVALID: return "invalid";
    }
    return "unknown";
}
