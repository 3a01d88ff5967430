/* lists.c - loading the cleaner's data files (see lists.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <textmill/datafile.h>
#include <textmill/utf8.h>

#include "lists.h"

/* ---- entities ---- */

typedef struct entity_ctx {
    cl_entities *t;
    const char *path;
} entity_ctx;

static tm_status bad_line(tm_error *err, const char *path, int line,
                          const char *why)
{
    /* The location goes in the file fields (the host puts it in front of
     * the message). */
    tm_error_set_file(err, path, line, 0);
    return tm_error_set(err, TM_ERR_CONFIG, "%s", why);
}

static tm_status add_entity(void *ctx, char *line, size_t n, int lineno,
                            tm_error *err)
{
    entity_ctx *c = ctx;
    (void)n;
    cl_entity ent;
    memset(&ent, 0, sizeof(ent));
    char *p = line;
    size_t k = 0;
    while (*p && *p != ' ' && *p != '\t') {
        char ch = *p++;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9')) ||
            k + 1 >= sizeof(ent.name))
            return bad_line(err, c->path, lineno,
                            "expected \"name CODEPOINT [CODEPOINT]\" with a "
                            "name of letters and digits");
        ent.name[k++] = ch;
    }
    int count = 0;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        char *end;
        errno = 0;
        unsigned long cp = strtoul(p, &end, 16);
        char tmp[4];
        if (end == p || errno || (*end && *end != ' ' && *end != '\t') ||
            count == 2 || cp > 0x10FFFF || cp == 0 ||
            tm_utf8_encode((int32_t)cp, tmp) == 0)
            return bad_line(err, c->path, lineno,
                            "expected one or two hexadecimal code points "
                            "(e.g. \"amp 0026\")");
        ent.cp[count++] = (int32_t)cp;
        p = end;
    }
    if (count == 0)
        return bad_line(err, c->path, lineno,
                        "missing code point after the name");
    cl_entities *t = c->t;
    if (t->size == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        cl_entity *items = realloc(t->items, cap * sizeof(*items));
        if (!items)
            return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        t->items = items;
        t->cap = cap;
    }
    t->items[t->size++] = ent;
    return TM_OK;
}

static int entity_cmp(const void *a, const void *b)
{
    return strcmp(((const cl_entity *)a)->name, ((const cl_entity *)b)->name);
}

tm_status cl_entities_load(cl_entities *t, const char *path, tm_error *err)
{
    entity_ctx ctx = {t, path};
    tm_status rc = tm_data_file_foreach(path, add_entity, &ctx, err);
    if (rc == TM_OK)
        qsort(t->items, t->size, sizeof(*t->items), entity_cmp);
    return rc;
}

const cl_entity *cl_entities_find(const cl_entities *t, const char *name,
                                  size_t n)
{
    size_t lo = 0, hi = t->size;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m = t->items[mid].name;
        int c = strncmp(m, name, n);
        if (c == 0 && m[n] != '\0')
            c = 1;
        if (c == 0)
            return &t->items[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void cl_entities_free(cl_entities *t)
{
    free(t->items);
    memset(t, 0, sizeof(*t));
}

/* ---- word lists ---- */

bool cl_wordlist_add(cl_wordlist *w, const char *word, size_t n)
{
    if (w->size == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 64;
        char **items = realloc(w->items, cap * sizeof(*items));
        if (!items)
            return false;
        w->items = items;
        w->cap = cap;
    }
    char *copy = malloc(n + 1);
    if (!copy)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = word[i];
        copy[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
    }
    copy[n] = '\0';
    w->items[w->size++] = copy;
    return true;
}

static int word_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void cl_wordlist_sort(cl_wordlist *w)
{
    if (w->size)
        qsort(w->items, w->size, sizeof(*w->items), word_cmp);
}

bool cl_wordlist_has(const cl_wordlist *w, const char *word, size_t n)
{
    size_t lo = 0, hi = w->size;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m = w->items[mid];
        int c = strncmp(m, word, n);
        if (c == 0 && m[n] != '\0')
            c = 1;
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

void cl_wordlist_free(cl_wordlist *w)
{
    for (size_t i = 0; i < w->size; i++)
        free(w->items[i]);
    free(w->items);
    memset(w, 0, sizeof(*w));
}

/* ---- hyphenation lists ---- */

tm_status cl_hyphen_add(cl_wordlist *first, cl_wordlist *second,
                        const char *entry, size_t n, const char *origin,
                        int line, tm_error *err)
{
    bool is_first = n >= 2 && entry[n - 1] == '-' && entry[0] != '-';
    bool is_second = n >= 2 && entry[0] == '-' && entry[n - 1] != '-';
    bool ok = is_first || is_second;
    for (size_t i = 0; ok && i < n; i++)
        if (entry[i] == ' ' || entry[i] == '\t' ||
            (entry[i] == '-' && i != 0 && i != n - 1))
            ok = false;
    if (!ok) {
        const char *why = "expected a first part written \"well-\" or a "
                          "second part written \"-based\" (one word, no "
                          "spaces)";
        if (line > 0)
            return bad_line(err, origin, line, why);
        return tm_error_set(err, TM_ERR_CONFIG, "%s: \"%.*s\": %s", origin,
                            (int)n, entry, why);
    }
    bool added = is_first ? cl_wordlist_add(first, entry, n - 1)
                          : cl_wordlist_add(second, entry + 1, n - 1);
    return added ? TM_OK : tm_error_set(err, TM_ERR_NOMEM, "out of memory");
}

typedef struct hyphen_ctx {
    cl_wordlist *first;
    cl_wordlist *second;
    const char *path;
} hyphen_ctx;

static tm_status add_hyphen_line(void *ctx, char *line, size_t n, int lineno,
                                 tm_error *err)
{
    hyphen_ctx *c = ctx;
    return cl_hyphen_add(c->first, c->second, line, n, c->path, lineno, err);
}

tm_status cl_hyphen_load(cl_wordlist *first, cl_wordlist *second,
                         const char *path, tm_error *err)
{
    hyphen_ctx ctx = {first, second, path};
    return tm_data_file_foreach(path, add_hyphen_line, &ctx, err);
}
