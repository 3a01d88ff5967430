/*
 * keywords.c - the keywords stage: finds the words a document is about and
 * marks where they occur, in the "keywords" layer.
 *
 * A word is a candidate when it is not a stopword, has at least min_length
 * characters and occurs at least min_count times; the `top` most frequent
 * candidates are the keywords (ties go to the word seen first). Each span's
 * label is its keyword in lower case, its score the keyword's share of the
 * document's words, its attrs {"rank": 1, "count": 4}.
 *
 * What it shows: an option table with ranges and choices; a data file read in
 * create (env->data_dir) and a user file relative to the pipeline, with
 * errors naming the file and line; a read-only instance that threads share;
 * scratch memory that belongs to one process call.
 *
 * Case folding is ASCII only, to keep the example short: "River" and "river"
 * are one word, "Ärger" and "ärger" are two. Link utf8proc for the rest.
 */
#define _POSIX_C_SOURCE 200809L /* strdup, strndup */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <textmill/textmill.h>

/* ---- a small string table ------------------------------------------------ */

/* Keys are borrowed byte ranges; the table owns only its slot array. */
typedef struct kw_entry {
    const char *key; /* NULL = empty slot */
    size_t len;
    size_t count;    /* occurrences in the document */
    size_t first;    /* index of the first occurrence, for ties */
    size_t rank;     /* 1 = best keyword; 0 = not a keyword */
} kw_entry;

typedef struct kw_table {
    kw_entry *slots;
    size_t cap;      /* a power of two */
    size_t size;
} kw_table;

static uint64_t kw_hash(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static kw_entry *kw_slot(const kw_table *t, const char *key, size_t len)
{
    size_t i = (size_t)kw_hash(key, len) & (t->cap - 1);
    while (t->slots[i].key &&
           (t->slots[i].len != len || memcmp(t->slots[i].key, key, len) != 0))
        i = (i + 1) & (t->cap - 1);
    return &t->slots[i];
}

/* The entry for key, or NULL when absent. */
static kw_entry *kw_find(const kw_table *t, const char *key, size_t len)
{
    if (t->cap == 0)
        return NULL;
    kw_entry *e = kw_slot(t, key, len);
    return e->key ? e : NULL;
}

/* The entry for key, added (count 0) when absent; NULL when out of memory. */
static kw_entry *kw_add(kw_table *t, const char *key, size_t len)
{
    if ((t->size + 1) * 2 > t->cap) { /* keep the load under one half */
        kw_table bigger = {calloc(t->cap ? t->cap * 2 : 64, sizeof(kw_entry)),
                           t->cap ? t->cap * 2 : 64, t->size};
        if (!bigger.slots)
            return NULL;
        for (size_t i = 0; i < t->cap; i++)
            if (t->slots[i].key)
                *kw_slot(&bigger, t->slots[i].key, t->slots[i].len) = t->slots[i];
        free(t->slots);
        *t = bigger;
    }
    kw_entry *e = kw_slot(t, key, len);
    if (!e->key) {
        *e = (kw_entry){.key = key, .len = len};
        t->size++;
    }
    return e;
}

/* ---- the instance -------------------------------------------------------- */

typedef struct keywords {
    kw_table stopwords;  /* keys point into words */
    char **words;        /* owned: the stopwords, lower case */
    size_t word_count;
    size_t top;
    size_t min_length;   /* characters */
    size_t min_count;
    int first_only;      /* mark only the first occurrence */
} keywords;

static void ascii_lower(char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 'A' && s[i] <= 'Z')
            s[i] = (char)(s[i] - 'A' + 'a');
}

/* Adds the words of a stopword file: one word a line, '#' comments. */
static tm_status load_stopwords(keywords *kw, const char *path, tm_error *err)
{
    FILE *f = fopen(path, "r");
    /* The error's location is the pipeline file (the host sets it), so the
     * message names the data file and line. */
    if (!f)
        return tm_error_set(err, TM_ERR_IO, "%s: cannot read the stopword file: %s",
                            path, strerror(errno));
    char line[256];
    int lineno = 0;
    tm_status rc = TM_OK;
    while (rc == TM_OK && fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strcspn(line, "\r\n");
        if (line[n] == '\0' && !feof(f)) {
            rc = tm_error_set(err, TM_ERR_CONFIG,
                              "%s:%d: line too long (a stopword is one word)", path, lineno);
            break;
        }
        while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
            n--;
        line[n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        if (tm_utf8_validate(line, n) != n) {
            rc = tm_error_set(err, TM_ERR_UTF8, "%s:%d: not valid UTF-8", path, lineno);
            break;
        }
        if (strpbrk(line, " \t")) {
            rc = tm_error_set(err, TM_ERR_CONFIG,
                              "%s:%d: '%s' is not one word: write one stopword a line",
                              path, lineno, line);
            break;
        }
        ascii_lower(line, n);
        char **v = realloc(kw->words, (kw->word_count + 1) * sizeof *v);
        char *w = strdup(line);
        if (v)
            kw->words = v;
        if (!v || !w) {
            free(w);
            rc = tm_error_set(err, TM_ERR_NOMEM, "out of memory");
            break;
        }
        kw->words[kw->word_count++] = w; /* owned before the table borrows it */
        if (!kw_add(&kw->stopwords, w, n)) {
            rc = tm_error_set(err, TM_ERR_NOMEM, "out of memory");
            break;
        }
    }
    fclose(f);
    return rc;
}

static void kw_destroy(void *instance)
{
    keywords *kw = instance;
    if (!kw)
        return;
    for (size_t i = 0; i < kw->word_count; i++)
        free(kw->words[i]);
    free(kw->words);
    free(kw->stopwords.slots);
    free(kw);
}

static const char *const occurrence_choices[] = {"all", "first", NULL};

static const tm_option options[] = {
    {.name = "top", .type = TM_OPT_INT, .default_json = "5", .has_range = 1,
     .min = 1, .max = 100, .help = "How many keywords to pick, most frequent first."},
    {.name = "min_length", .type = TM_OPT_INT, .default_json = "4", .has_range = 1,
     .min = 1, .max = 50, .help = "Shortest keyword, in characters."},
    {.name = "min_count", .type = TM_OPT_INT, .default_json = "2", .has_range = 1,
     .min = 1, .max = 1000,
     .help = "Times a word must occur in the document to be a keyword."},
    {.name = "occurrences", .type = TM_OPT_STRING, .default_json = "\"all\"",
     .choices = occurrence_choices,
     .help = "Mark every occurrence of a keyword, or only the first."},
    {.name = "stopwords", .type = TM_OPT_STRING, .default_json = "\"\"",
     .help = "A file of more stopwords (one a line, relative to the pipeline "
             "file), added to data/stopwords.txt; empty for none."},
    {0}};

static tm_status kw_create(const json_t *config, const tm_plugin_env *env,
                           void **instance, tm_error *err)
{
    keywords *kw = calloc(1, sizeof *kw);
    if (!kw)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    kw->top = (size_t)tm_config_int(config, "top");
    kw->min_length = (size_t)tm_config_int(config, "min_length");
    kw->min_count = (size_t)tm_config_int(config, "min_count");
    kw->first_only = strcmp(tm_config_string(config, "occurrences"), "first") == 0;

    char path[4096];
    tm_status rc = TM_OK;
    if (!env->data_dir) {
        rc = tm_error_set(err, TM_ERR_IO, "the data folder (with stopwords.txt) is missing");
    } else {
        snprintf(path, sizeof path, "%s/stopwords.txt", env->data_dir);
        rc = load_stopwords(kw, path, err);
    }
    const char *extra = tm_config_string(config, "stopwords");
    if (rc == TM_OK && *extra) {
        if (extra[0] == '/')
            snprintf(path, sizeof path, "%s", extra);
        else
            snprintf(path, sizeof path, "%s/%s", env->pipeline_dir, extra);
        rc = load_stopwords(kw, path, err);
    }
    if (rc != TM_OK) {
        kw_destroy(kw);
        return rc;
    }
    *instance = kw;
    return TM_OK;
}

/* ---- process ------------------------------------------------------------- */

/* Best first: more occurrences, then earlier. */
static int by_rank(const void *a, const void *b)
{
    const kw_entry *x = *(kw_entry *const *)a, *y = *(kw_entry *const *)b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

static bool is_candidate(const tm_token *t)
{
    return (t->flags & TM_TOK_WORD) && !(t->flags & TM_TOK_POSSESSIVE);
}

static tm_status kw_process(void *instance, tm_doc *doc, tm_error *err)
{
    const keywords *kw = instance;
    size_t len;
    const char *text = tm_doc_text(doc, &len);
    tm_layer *layer = tm_doc_add_layer(doc, "keywords");

    /* All scratch memory is this call's: the instance is shared. */
    tm_tokens toks = {0};
    kw_table counts = {0};
    kw_entry **ranked = NULL;
    char **labels = NULL;
    char *lower = malloc(len + 1); /* the text, ASCII-folded: same offsets */
    tm_status rc = layer && lower ? tm_tokenize(text, 0, len, &toks) : TM_ERR_NOMEM;
    if (rc != TM_OK)
        goto done;
    memcpy(lower, text, len + 1);
    ascii_lower(lower, len);

    size_t words = 0;
    for (size_t i = 0; i < toks.size; i++) {
        const tm_token *t = &toks.items[i];
        if (!is_candidate(t))
            continue;
        words++;
        const char *w = lower + t->start;
        size_t n = t->end - t->start;
        if (kw_find(&kw->stopwords, w, n) || tm_utf8_length(w, n) < kw->min_length)
            continue;
        kw_entry *e = kw_add(&counts, w, n);
        if (!e) {
            rc = TM_ERR_NOMEM;
            goto done;
        }
        if (e->count++ == 0)
            e->first = i;
    }

    /* Rank the candidates; keep the top ones. */
    ranked = malloc((counts.size ? counts.size : 1) * sizeof *ranked);
    labels = calloc(kw->top, sizeof *labels);
    if (!ranked || !labels) {
        rc = TM_ERR_NOMEM;
        goto done;
    }
    size_t n_ranked = 0;
    for (size_t i = 0; i < counts.cap; i++)
        if (counts.slots[i].key && counts.slots[i].count >= kw->min_count)
            ranked[n_ranked++] = &counts.slots[i];
    qsort(ranked, n_ranked, sizeof *ranked, by_rank);
    if (n_ranked > kw->top)
        n_ranked = kw->top;
    for (size_t r = 0; r < n_ranked; r++) {
        ranked[r]->rank = r + 1;
        labels[r] = strndup(ranked[r]->key, ranked[r]->len);
        if (!labels[r]) {
            rc = TM_ERR_NOMEM;
            goto done;
        }
    }

    /* Mark the occurrences, in text order. */
    for (size_t i = 0; n_ranked > 0 && i < toks.size; i++) {
        const tm_token *t = &toks.items[i];
        kw_entry *e = is_candidate(t) ? kw_find(&counts, lower + t->start, t->end - t->start)
                                      : NULL;
        if (!e || !e->rank || (kw->first_only && e->first != i))
            continue;
        tm_span *s = tm_layer_add(layer, t->start, t->end, labels[e->rank - 1], err);
        if (!s) {
            rc = err->code;
            goto done;
        }
        s->score = (double)e->count / (double)words;
        s->has_score = true;
        s->attrs = json_pack("{s:I, s:I}", "rank", (json_int_t)e->rank,
                             "count", (json_int_t)e->count);
        if (!s->attrs) {
            rc = TM_ERR_NOMEM;
            goto done;
        }
    }

done:
    if (rc == TM_ERR_NOMEM)
        tm_error_set(err, rc, "out of memory");
    for (size_t r = 0; labels && r < kw->top; r++)
        free(labels[r]);
    free(labels);
    free(ranked);
    free(counts.slots);
    free(lower);
    tm_tokens_free(&toks);
    return rc;
}

static const char *const provides[] = {"keywords", NULL};

TM_PLUGIN_DEFINE(.name = "keywords", .version = "1.0.0",
                 .summary = "Marks the most frequent content words (the \"keywords\" layer).",
                 .options = options, .provides = provides,
                 .flags = TM_PLUGIN_THREAD_SAFE, .create = kw_create,
                 .process = kw_process, .destroy = kw_destroy);
