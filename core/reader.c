/* reader.c - streaming documents from files, folders, stdin and JSON Lines.
 *
 * Inputs are expanded lazily (a folder is listed when reached), and JSON
 * Lines are read a line at a time, so memory depends on the largest
 * document, not on the size of the input. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

#define DEFAULT_MAX_DOC (256u * 1024 * 1024)
/* Deepest JSON nesting accepted in a JSON Lines line. jansson parses (and
 * frees) recursively and stops by itself at JSON_PARSER_MAX_DEPTH (2048), so
 * a higher limit could not be honoured anyway. */
#define DEFAULT_MAX_DEPTH 1000
#define CHUNK 65536

struct tm_reader {
    tm_reader_options opts;
    size_t max_depth;    /* JSON nesting limit for JSON Lines */
    tm__strvec pending;  /* inputs still to open, used as a stack */
    /* The JSON Lines stream being read, if any. */
    FILE *f;
    bool own_f;          /* false for stdin */
    char *name;          /* its path, for errors */
    size_t line_no;
    char *buf;           /* read-ahead buffer of CHUNK bytes */
    size_t pos, end;
    bool eof;
    char *line;          /* the last line read (the raw item) */
    size_t line_len, line_cap;
    bool have_raw;
    bool last_terminated; /* the last line read ended in a newline */
    size_t bytes;        /* consumed so far */
};

tm_reader *tm_reader_new(const char *const *inputs, size_t count,
                         const tm_reader_options *opts, tm_error *err)
{
    tm_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->buf = malloc(CHUNK)))
        goto nomem;
    if (opts)
        r->opts = *opts;
    if (!r->opts.max_doc_bytes)
        r->opts.max_doc_bytes = DEFAULT_MAX_DOC;
    r->max_depth = r->opts.max_json_depth ? r->opts.max_json_depth : DEFAULT_MAX_DEPTH;
    for (size_t i = count; i-- > 0;)
        if (tm__strvec_push(&r->pending, inputs[i]) < 0)
            goto nomem;
    return r;
nomem:
    tm_reader_free(r);
    tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    return NULL;
}

static void close_stream(tm_reader *r)
{
    if (r->f && r->own_f)
        fclose(r->f);
    r->f = NULL;
    free(r->name);
    r->name = NULL;
    r->pos = r->end = 0;
    r->eof = false;
    r->line_no = 0;
}

void tm_reader_free(tm_reader *r)
{
    if (!r)
        return;
    close_stream(r);
    tm__strvec_free(&r->pending);
    free(r->buf);
    free(r->line);
    free(r);
}

const char *tm_reader_last_raw(const tm_reader *r, size_t *len)
{
    if (len)
        *len = r->have_raw ? r->line_len : 0;
    return r->have_raw ? r->line : NULL;
}

size_t tm_reader_bytes_read(const tm_reader *r) { return r->bytes; }

static int fill(tm_reader *r)
{
    if (r->eof)
        return 0;
    r->pos = 0;
    r->end = fread(r->buf, 1, CHUNK, r->f);
    if (r->end == 0)
        r->eof = true;
    return r->end > 0;
}

static int line_append(tm_reader *r, const char *p, size_t n)
{
    if (r->line_len + n + 1 > r->line_cap) {
        size_t cap = r->line_cap ? r->line_cap : CHUNK;
        while (cap < r->line_len + n + 1)
            cap *= 2;
        char *l = realloc(r->line, cap);
        if (!l)
            return -1;
        r->line = l;
        r->line_cap = cap;
    }
    memcpy(r->line + r->line_len, p, n);
    r->line_len += n;
    r->line[r->line_len] = '\0';
    return 0;
}

/* Reads the next line into r->line (without its '\n'). Returns 1 for a line,
 * 0 at the end, -1 for a line over the limit (skipped), -2 out of memory.
 * *terminated says whether it ended in '\n'. */
static int read_line(tm_reader *r, bool *terminated)
{
    r->line_len = 0;
    if (r->line)
        r->line[0] = '\0';
    bool any = false, too_long = false;
    for (;;) {
        if (r->pos == r->end && !fill(r)) {
            *terminated = false;
            if (ferror(r->f))
                return -3;
            return too_long ? -1 : any ? 1 : 0;
        }
        any = true;
        char *start = r->buf + r->pos;
        char *nl = memchr(start, '\n', r->end - r->pos);
        size_t n = nl ? (size_t)(nl - start) : r->end - r->pos;
        r->pos += n + (nl != NULL);
        r->bytes += n + (nl != NULL);
        if (!too_long && r->line_len + n > r->opts.max_doc_bytes)
            too_long = true;
        if (!too_long && line_append(r, start, n) < 0)
            return -2;
        if (nl) {
            *terminated = true;
            return too_long ? -1 : 1;
        }
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Pushes the entries of a folder (sorted, hidden ones skipped) on the stack. */
static tm_status push_dir(tm_reader *r, const char *dir, tm_error *err)
{
    DIR *d = opendir(dir);
    if (!d) {
        tm_error_set_file(err, dir, 0, 0);
        return tm_error_set(err, TM_ERR_IO, "cannot read the folder: %s", strerror(errno));
    }
    tm__strvec names = {0};
    struct dirent *de;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.')
            tm__strvec_push(&names, de->d_name);
    closedir(d);
    if (names.size)
        qsort(names.items, names.size, sizeof *names.items, cmp_str);
    size_t dlen = strlen(dir);
    bool slash = dlen > 0 && dir[dlen - 1] == '/';
    for (size_t i = names.size; i-- > 0;) {
        size_t n = dlen + strlen(names.items[i]) + 2;
        char *path = malloc(n);
        if (path) {
            snprintf(path, n, "%s%s%s", dir, slash ? "" : "/", names.items[i]);
            tm__strvec_push(&r->pending, path);
        }
        free(path);
    }
    tm__strvec_free(&names);
    return TM_OK;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Turns bytes into a document under the UTF-8 policy. */
static tm_doc *make_doc(tm_reader *r, const char *id, const char *text, size_t len,
                        tm_error *err)
{
    if (r->opts.utf8 == TM_UTF8_ERROR || tm_utf8_validate(text, len) == len)
        return tm_doc_new(id, text, len, err);
    size_t fixed_len;
    char *fixed = tm_utf8_repair(text, len, r->opts.utf8, &fixed_len, err);
    if (!fixed)
        return NULL;
    tm_doc *doc = tm_doc_new(id, fixed, fixed_len, err);
    free(fixed);
    return doc;
}

static tm_read_result read_text_file(tm_reader *r, const char *path, FILE *f,
                                     tm_doc **doc, tm_error *err)
{
    size_t cap = CHUNK, len = 0;
    char *text = malloc(cap);
    /* Bytes already sniffed from stdin come first. */
    if (text && r->f == f && r->end > r->pos) {
        len = r->end - r->pos;
        memcpy(text, r->buf + r->pos, len);
    }
    while (text) {
        if (len == cap) {
            if (cap > r->opts.max_doc_bytes)
                break;
            /* Never hold more than the limit plus one byte: enough to
             * know that a file is too large. */
            size_t want = cap * 2;
            if (want - 1 > r->opts.max_doc_bytes)
                want = r->opts.max_doc_bytes + 1;
            char *t = realloc(text, want);
            if (!t) {
                free(text);
                text = NULL;
                break;
            }
            text = t;
            cap = want;
        }
        size_t got = fread(text + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    r->bytes += len;
    tm_error_set_file(err, path, 0, 0);
    tm_error_set_doc_id(err, path);
    tm_read_result res = TM_READ_BAD;
    if (!text)
        tm_error_set(err, TM_ERR_NOMEM, "out of memory reading the file");
    else if (ferror(f))
        tm_error_set(err, TM_ERR_IO, "read error");
    else if (len > r->opts.max_doc_bytes)
        tm_error_set(err, TM_ERR_LIMIT,
                     "the document is larger than the limit of %zu bytes (--max-doc-size)",
                     r->opts.max_doc_bytes);
    else if ((*doc = make_doc(r, path, text, len, err)))
        res = TM_READ_DOC;
    free(text);
    if (res == TM_READ_DOC)
        tm_error_clear(err);
    return res;
}

/* Opens the next pending input; returns a result when it was a whole
 * document or a failure, or -1 when a stream was opened / a folder listed. */
static int open_next(tm_reader *r, tm_doc **doc, tm_error *err)
{
    char *path = r->pending.items[--r->pending.size];
    int res = -1;
    r->have_raw = false;
    if (strcmp(path, "-") == 0) {
        r->f = stdin;
        r->own_f = false;
        r->name = tm__strdup("<stdin>");
        tm_input_format fmt = r->opts.format;
        if (fmt == TM_INPUT_AUTO) {
            fill(r);
            size_t i = r->pos;
            while (i < r->end && r->buf[i] && strchr(" \t\r\n", r->buf[i]))
                i++;
            fmt = i < r->end && r->buf[i] == '{' ? TM_INPUT_JSONL : TM_INPUT_TEXT;
        }
        if (fmt == TM_INPUT_TEXT) {
            res = read_text_file(r, "-", stdin, doc, err);
            close_stream(r);
        }
        free(path);
        return res;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        tm_error_set_file(err, path, 0, 0);
        tm_error_set_doc_id(err, path);
        tm_error_set(err, TM_ERR_IO, "cannot read the input: %s", strerror(errno));
        res = TM_READ_BAD;
    } else if (S_ISDIR(st.st_mode)) {
        if (push_dir(r, path, err) != TM_OK)
            res = TM_READ_BAD;
    } else {
        FILE *f = fopen(path, "rb");
        tm_input_format fmt = r->opts.format;
        if (fmt == TM_INPUT_AUTO)
            fmt = has_suffix(path, ".jsonl") || has_suffix(path, ".ndjson")
                      ? TM_INPUT_JSONL : TM_INPUT_TEXT;
        if (!f) {
            tm_error_set_file(err, path, 0, 0);
            tm_error_set_doc_id(err, path);
            tm_error_set(err, TM_ERR_IO, "cannot open: %s", strerror(errno));
            res = TM_READ_BAD;
        } else if (fmt == TM_INPUT_TEXT) {
            res = read_text_file(r, path, f, doc, err);
            fclose(f);
        } else {
            r->f = f;
            r->own_f = true;
            r->name = path;
            return -1;
        }
    }
    free(path);
    return res;
}

/* The deepest nesting of arrays and objects in the JSON text s[0..len),
 * brackets inside strings aside; stops counting past limit. Cheap next to
 * parsing, and it lets a hostile line fail with a clear limit error. */
static size_t json_depth(const char *s, size_t len, size_t limit)
{
    size_t depth = 0, deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest && (deepest = depth) > limit)
                break;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return deepest;
}

static tm_read_result next_line_doc(tm_reader *r, tm_doc **doc, tm_error *err)
{
    for (;;) {
        bool terminated;
        int got = read_line(r, &terminated);
        if (got == 0) {
            close_stream(r);
            return TM_READ_END;
        }
        r->line_no++;
        r->have_raw = got != -1;
        tm_error_set_file(err, r->name, (int)r->line_no, 0);
        if (got == -1)
            return tm_error_set(err, TM_ERR_LIMIT,
                                "the line is longer than the limit of %zu bytes "
                                "(--max-doc-size)", r->opts.max_doc_bytes),
                   TM_READ_BAD;
        if (got == -2)
            return tm_error_set(err, TM_ERR_NOMEM, "out of memory reading a line"),
                   TM_READ_BAD;
        if (got == -3) {
            tm_error_set(err, TM_ERR_IO, "read error: %s", strerror(errno));
            close_stream(r);
            return TM_READ_BAD;
        }
        size_t i = 0;
        /* (strchr finds the terminator too: a NUL byte is not blank.) */
        while (i < r->line_len && r->line[i] && strchr(" \t\r", r->line[i]))
            i++;
        if (i == r->line_len)
            continue; /* blank lines separate nothing */
        r->last_terminated = terminated;
        if (r->opts.defer_parse)
            return TM_READ_LINE; /* the caller parses it, maybe in another thread */
        *doc = tm_reader_parse_line(r, r->line, r->line_len, r->name, r->line_no, terminated,
                                    err);
        return *doc ? TM_READ_DOC : TM_READ_BAD;
    }
}

tm_doc *tm_reader_parse_line(const tm_reader *r, const char *line, size_t len,
                             const char *file, size_t line_no, bool complete,
                             tm_error *err)
{
    tm_error_clear(err);
    tm_error_set_file(err, file, (int)line_no, 0);
    char fallback[TM_ERROR_FIELD_LENGTH];
    snprintf(fallback, sizeof fallback, "%.200s:%zu", file, line_no);
    const char *text = line;
    char *fixed = NULL;
    if (r->opts.utf8 != TM_UTF8_ERROR && tm_utf8_validate(text, len) != len) {
        /* Repair the line's bytes before JSON sees them. */
        fixed = tm_utf8_repair(text, len, r->opts.utf8, &len, err);
        if (!fixed) {
            tm_error_set_doc_id(err, fallback);
            return NULL; /* err says why (out of memory) */
        }
        text = fixed;
    }
    tm_doc *doc = tm__doc_parse_plain(text, len, fallback,
                                      r->max_depth > 100000 ? 100000 : (int)r->max_depth);
    if (doc) {
        free(fixed);
        goto done;
    }
    if (json_depth(text, len, r->max_depth) > r->max_depth) {
        free(fixed);
        tm_error_set_doc_id(err, fallback);
        tm_error_set(err, TM_ERR_LIMIT,
                     "the line nests JSON arrays and objects more than %zu levels deep",
                     r->max_depth);
        return NULL;
    }
    json_error_t jerr;
    json_t *obj = json_loadb(text, len, 0, &jerr);
    free(fixed);
    if (!obj) {
        tm_error_set_doc_id(err, fallback);
        tm_error_set_file(err, file, (int)line_no, jerr.column);
        tm_error_set(err, TM_ERR_SYNTAX, "%s%s", jerr.text,
                     complete ? "" : " (the last line has no newline: was the file cut short?)");
        return NULL;
    }
    if (!json_is_object(obj)) {
        json_decref(obj);
        tm_error_set_doc_id(err, fallback);
        tm_error_set(err, TM_ERR_SYNTAX,
                     "each line must be a JSON object like {\"id\": ..., \"text\": ...}");
        return NULL;
    }
    doc = tm_doc_from_json(obj, fallback, err);
    json_decref(obj);
    if (!doc)
        return NULL;
done:
    if (r->opts.max_spans)
        tm_doc_set_span_limit(doc, r->opts.max_spans);
    tm_error_clear(err);
    return doc;
}

const char *tm_reader_last_location(const tm_reader *r, size_t *line_no, bool *complete)
{
    if (line_no)
        *line_no = r->line_no;
    if (complete)
        *complete = r->last_terminated;
    return r->name;
}

static tm_read_result next_item(tm_reader *r, tm_doc **doc, tm_error *err)
{
    for (;;) {
        if (r->f) {
            tm_read_result res = next_line_doc(r, doc, err);
            if (res != TM_READ_END)
                return res;
            continue;
        }
        if (r->pending.size == 0)
            return TM_READ_END;
        int res = open_next(r, doc, err);
        if (res >= 0)
            return (tm_read_result)res;
    }
}

tm_read_result tm_reader_next(tm_reader *r, tm_doc **doc, tm_error *err)
{
    *doc = NULL;
    tm_error_clear(err);
    tm_read_result res = next_item(r, doc, err);
    if (res == TM_READ_DOC && r->opts.max_spans)
        tm_doc_set_span_limit(*doc, r->opts.max_spans);
    return res;
}
