/* format_brat.c - `--format brat`: a brat collection in a folder.
 *
 * For each document, NAME.txt holds its text, byte for byte, and NAME.ann
 * its annotations in brat's standoff format:
 *
 *     T1<TAB>PERSON 0 9<TAB>Anna Berg
 *     #1<TAB>AnnotatorNotes T1<TAB>rule: title_name
 *
 * Offsets are Unicode code points (brat reads the .txt as UTF-8 and counts
 * characters), not the bytes of the C API. A span across a line break is
 * written as brat writes one, as fragments "0 4;5 9" that skip the breaks.
 * What is written: every span of "entities" (nested ones included: brat draws
 * them), typed by its label, with its attributes and score as a note; every
 * span of "summary" as type Summary. Sentences are not written: brat shows
 * lines.
 *
 * NAME comes from the document id: letters, digits, '.', '_' and '-' are
 * kept, anything else becomes '_', and a suffix (-2, -3, ...) makes it
 * unique in the run, so an id can never reach outside the folder or replace
 * another document's files. index.jsonl maps each id to its NAME, a line per
 * document as it is written. At the end, annotation.conf lists the types
 * seen and visual.conf gives them the colours of the HTML view, so the folder
 * opens in brat as it is. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "format.h"

#define MAX_NAME 80     /* bytes of a file name taken from an id */
#define MAX_TYPES 10000 /* distinct types listed in annotation.conf */

struct tm__brat {
    char *dir;         /* owned */
    FILE *index;       /* index.jsonl */
    char **names;      /* open addressing set of the names used (lower case) */
    size_t names_cap;  /* a power of two */
    size_t names_used;
    tm__strvec types;  /* entity types seen, in order of appearance */
    bool finished;
};

/* mkdir -p: creates dir and the folders above it that are missing. */
static int make_dirs(const char *dir)
{
    char *p = tm__strdup(dir);
    if (!p)
        return -1;
    int rc = 0;
    for (char *s = p + 1; rc == 0; s++) {
        bool end = *s == '\0';
        if (*s == '/' || end) {
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST)
                rc = -1;
            *s = '/';
        }
        if (end)
            break;
    }
    free(p);
    struct stat st;
    if (rc == 0 && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
        errno = ENOTDIR;
        rc = -1;
    }
    return rc;
}

/* dir/name (malloc'ed). */
static char *join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (p) {
        memcpy(p, dir, a);
        p[a] = '/';
        memcpy(p + a + 1, name, b + 1);
    }
    return p;
}

static FILE *open_in(const tm__brat *b, const char *name, tm_error *err)
{
    char *path = join(b->dir, name);
    if (!path) {
        tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        return NULL;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        tm_error_set_file(err, path, 0, 0);
        tm_error_set(err, TM_ERR_IO, "cannot write: %s", strerror(errno));
    }
    free(path);
    return f;
}

tm__brat *tm__brat_new(const char *dir, tm_error *err)
{
    if (make_dirs(dir) != 0) {
        tm_error_set_file(err, dir, 0, 0);
        tm_error_set(err, TM_ERR_IO, "cannot create the output folder: %s", strerror(errno));
        return NULL;
    }
    tm__brat *b = calloc(1, sizeof *b);
    if (!b || !(b->dir = tm__strdup(dir))) {
        free(b);
        tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (!(b->index = open_in(b, "index.jsonl", err))) {
        tm__brat_free(b);
        return NULL;
    }
    return b;
}

void tm__brat_free(tm__brat *b)
{
    if (!b)
        return;
    if (b->index)
        fclose(b->index);
    for (size_t i = 0; i < b->names_cap; i++)
        free(b->names[i]);
    free(b->names);
    tm__strvec_free(&b->types);
    free(b->dir);
    free(b);
}

/* ---- unique file names ---- */

static size_t hash(const char *s)
{
    size_t h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

/* Adds name (already lower case) to the set unless it is there: returns 1
 * when added, 0 when it was there, -1 when out of memory. */
static int name_add(tm__brat *b, const char *name)
{
    if (2 * (b->names_used + 1) > b->names_cap) {
        size_t cap = b->names_cap ? 2 * b->names_cap : 256;
        char **v = calloc(cap, sizeof *v);
        if (!v)
            return -1;
        for (size_t i = 0; i < b->names_cap; i++)
            if (b->names[i]) {
                size_t j = hash(b->names[i]) & (cap - 1);
                while (v[j])
                    j = (j + 1) & (cap - 1);
                v[j] = b->names[i];
            }
        free(b->names);
        b->names = v;
        b->names_cap = cap;
    }
    size_t j = hash(name) & (b->names_cap - 1);
    for (; b->names[j]; j = (j + 1) & (b->names_cap - 1))
        if (strcmp(b->names[j], name) == 0)
            return 0;
    if (!(b->names[j] = tm__strdup(name)))
        return -1;
    b->names_used++;
    return 1;
}

/* The file name (without extension) of a document id, unique in this run
 * even on a file system that ignores case. Returns 0, or -1 when out of
 * memory. out has room for MAX_NAME + 24 bytes. */
static int unique_name(tm__brat *b, const char *id, char *out)
{
    /* Ids of text inputs are paths: "news/a.txt" gives news_a(.txt, .ann). */
    size_t len = strlen(id);
    if (len > 4 && strcasecmp(id + len - 4, ".txt") == 0)
        len -= 4;
    size_t n = 0;
    bool replaced = false; /* out[n - 1] stands for other characters */
    for (const unsigned char *p = (const unsigned char *)id; p < (const unsigned char *)id + len &&
                                                             n < MAX_NAME; p++) {
        bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9');
        /* A '.' only after a letter or digit: no hidden files, no "..". */
        bool keep = alnum || *p == '_' || *p == '-' ||
                    (*p == '.' && n > 0 && out[n - 1] != '.' && out[n - 1] != '_' &&
                     out[n - 1] != '-');
        if (keep) {
            out[n++] = (char)*p;
            replaced = false;
        } else if (tm_utf8_is_lead(*p) && n > 0 && !replaced) {
            out[n++] = '_'; /* one '_' for a run of others, none first */
            replaced = true;
        }
    }
    if (replaced)
        n--; /* nor last */
    if (n == 0)
        n = (size_t)snprintf(out, MAX_NAME, "doc");
    out[n] = '\0';
    char key[MAX_NAME + 24];
    for (unsigned long k = 1;; k++) {
        if (k > 1)
            snprintf(out + n, 24, "-%lu", k);
        size_t i = 0;
        for (; out[i]; i++)
            key[i] = (char)(out[i] >= 'A' && out[i] <= 'Z' ? out[i] + 32 : out[i]);
        key[i] = '\0';
        int rc = name_add(b, key);
        if (rc != 0)
            return rc < 0 ? -1 : 0;
    }
}

/* ---- annotations ---- */

/* A brat type name: letters, digits, '_' and '-'; the rest becomes '_'. */
static void type_name(const char *label, const char *fallback, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = label[0] ? label : fallback; *p && n + 1 < size; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-';
        if (ok || tm_utf8_is_lead((unsigned char)c))
            out[n++] = ok ? c : '_';
    }
    out[n] = '\0';
}

static void note_type(tm__brat *b, const char *type)
{
    if (b->types.size >= MAX_TYPES)
        return;
    for (size_t i = 0; i < b->types.size; i++)
        if (strcmp(b->types.items[i], type) == 0)
            return;
    tm__strvec_push(&b->types, type); /* on failure the conf lacks a type */
}

/* s[0..n) on one line of the .ann: tabs and line breaks become spaces. */
static void put_one_line(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        putc(c == '\t' || c == '\n' || c == '\r' ? ' ' : c, f);
    }
}

static bool is_break(char c)
{
    return c == '\n' || c == '\r';
}

/* Writes "T<id><TAB>TYPE START END[;START END...]<TAB>TEXT" for the bytes
 * [start, end), split at line breaks. Returns false (nothing written) when
 * the span holds nothing but line breaks. */
static bool put_textbound(FILE *f, const char *text, const tm__cpindex *ix, size_t id,
                          const char *type, size_t start, size_t end)
{
    bool any = false;
    for (size_t i = start; i < end && !any; i++)
        any = !is_break(text[i]);
    if (!any)
        return false;
    fprintf(f, "T%zu\t%s ", id, type);
    bool first = true;
    for (size_t i = start; i < end;) {
        while (i < end && is_break(text[i]))
            i++;
        size_t j = i;
        while (j < end && !is_break(text[j]))
            j++;
        if (j > i) {
            fprintf(f, "%s%zu %zu", first ? "" : ";", tm__cpindex_to_cp(ix, i),
                    tm__cpindex_to_cp(ix, j));
            first = false;
        }
        i = j;
    }
    putc('\t', f);
    /* The covered text, fragments joined by a space, as brat does. */
    first = true;
    for (size_t i = start; i < end;) {
        while (i < end && is_break(text[i]))
            i++;
        size_t j = i;
        while (j < end && !is_break(text[j]))
            j++;
        if (j > i) {
            if (!first)
                putc(' ', f);
            put_one_line(f, text + i, j - i);
            first = false;
        }
        i = j;
    }
    putc('\n', f);
    return true;
}

/* "#<note><TAB>AnnotatorNotes T<id><TAB>rule: x; score: 0.9", when the span
 * has attributes or a score; returns whether it wrote one. */
static bool put_note(FILE *f, size_t note, size_t id, const tm_span *s)
{
    if (!s->has_score && json_object_size(s->attrs) == 0)
        return false;
    fprintf(f, "#%zu\tAnnotatorNotes T%zu\t", note, id);
    const char *key;
    json_t *v;
    bool first = true;
    json_object_foreach(s->attrs, key, v) {
        fprintf(f, "%s", first ? "" : "; ");
        first = false;
        put_one_line(f, key, strlen(key));
        fputs(": ", f);
        if (json_is_string(v)) {
            put_one_line(f, json_string_value(v), json_string_length(v));
        } else {
            char *js = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
            if (js)
                put_one_line(f, js, strlen(js));
            free(js);
        }
    }
    if (s->has_score)
        fprintf(f, "%sscore: %.4g", first ? "" : "; ", s->score);
    putc('\n', f);
    return true;
}

static tm_status write_ann(tm__brat *b, FILE *f, const tm_doc *doc, const tm__cpindex *ix)
{
    static const struct {
        const char *layer, *fallback;
        bool labelled; /* typed by the label, else by fallback */
    } parts[] = {{"entities", "Entity", true}, {"summary", "Summary", false}};
    size_t id = 0, note = 0;
    for (size_t p = 0; p < sizeof parts / sizeof *parts; p++) {
        size_t n;
        const tm_span **spans = tm__sorted_spans(tm_doc_layer(doc, parts[p].layer), &n);
        if (n == (size_t)-1)
            return TM_ERR_NOMEM;
        for (size_t i = 0; i < n; i++) {
            char type[128];
            type_name(parts[p].labelled ? spans[i]->label : "", parts[p].fallback, type,
                      sizeof type);
            if (!put_textbound(f, doc->text, ix, id + 1, type, spans[i]->start,
                               spans[i]->end))
                continue;
            id++;
            note_type(b, type);
            if (put_note(f, note + 1, id, spans[i]))
                note++;
        }
        free(spans);
    }
    return TM_OK;
}

tm_status tm__brat_write(tm__brat *b, const tm_doc *doc, tm_error *err)
{
    char name[MAX_NAME + 24], file[MAX_NAME + 32];
    if (unique_name(b, doc->id, name) < 0)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    snprintf(file, sizeof file, "%s.txt", name);
    FILE *f = open_in(b, file, err);
    if (!f)
        return err ? err->code : TM_ERR_IO;
    fwrite(doc->text, 1, doc->len, f);
    tm_status rc = TM_OK;
    if (fclose(f) != 0)
        rc = TM_ERR_IO;
    else {
        snprintf(file, sizeof file, "%s.ann", name);
        if (!(f = open_in(b, file, err)))
            return err ? err->code : TM_ERR_IO;
        tm__cpindex ix;
        if (tm__cpindex_init(&ix, doc->text, doc->len) < 0)
            rc = TM_ERR_NOMEM;
        else {
            rc = write_ann(b, f, doc, &ix);
            tm__cpindex_free(&ix);
        }
        if (fclose(f) != 0 && rc == TM_OK)
            rc = TM_ERR_IO;
    }
    if (rc == TM_ERR_NOMEM)
        return tm_error_set(err, rc, "out of memory");
    if (rc != TM_OK) {
        char *path = join(b->dir, file);
        tm_error_set_file(err, path ? path : file, 0, 0);
        free(path);
        return tm_error_set(err, rc, "cannot write: %s", strerror(errno));
    }
    /* The index line, through jansson for exact JSON escaping of the id. An
     * id from a file name may not be UTF-8: then bad bytes become U+FFFD. */
    char *id = tm_utf8_repair(doc->id, strlen(doc->id), TM_UTF8_REPLACE, NULL, NULL);
    json_t *line = id ? json_pack("{s:s, s:s}", "id", id, "name", name) : NULL;
    char *js = line ? json_dumps(line, JSON_COMPACT) : NULL;
    json_decref(line);
    free(id);
    if (!js)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    fputs(js, b->index);
    putc('\n', b->index);
    free(js);
    if (ferror(b->index)) {
        char *path = join(b->dir, "index.jsonl");
        tm_error_set_file(err, path ? path : "index.jsonl", 0, 0);
        free(path);
        return tm_error_set(err, TM_ERR_IO, "cannot write");
    }
    return TM_OK;
}

tm_status tm__brat_finish(tm__brat *b, tm_error *err)
{
    if (b->finished)
        return TM_OK;
    b->finished = true;
    FILE *conf = open_in(b, "annotation.conf", err);
    if (!conf)
        return err ? err->code : TM_ERR_IO;
    fputs("# Written by textmill: the entity types of this collection.\n[entities]\n", conf);
    for (size_t i = 0; i < b->types.size; i++)
        fprintf(conf, "%s\n", b->types.items[i]);
    fputs("\n[relations]\n# entities may nest and overlap\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n"
          "\n[events]\n\n[attributes]\n", conf);
    bool ok = fclose(conf) == 0;
    FILE *vis = ok ? open_in(b, "visual.conf", err) : NULL;
    if (!vis)
        return ok ? (err ? err->code : TM_ERR_IO)
                  : tm_error_set(err, TM_ERR_IO, "cannot write annotation.conf");
    fputs("# Written by textmill: the colours of the HTML view.\n[labels]\n\n[drawing]\n", vis);
    for (size_t i = 0; i < b->types.size; i++) {
        const char *t = b->types.items[i];
        const char *colour = strcmp(t, "Summary") == 0 ? "#ffe27a"
                                                       : tm__palette(tm__label_colour(t));
        fprintf(vis, "%s\tbgColor:%s\n", t, colour);
    }
    ok = fclose(vis) == 0;
    ok = fflush(b->index) == 0 && ok;
    if (!ok)
        return tm_error_set(err, TM_ERR_IO, "cannot write the files of %s", b->dir);
    return TM_OK;
}
