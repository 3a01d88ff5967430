/* writer.c - writing documents and error records; the tm_writer object
 * behind `run --format`, and helpers shared by the formats (format.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

/* Prints s[0..n) on one line: line breaks shown as a visible mark. */
static void put_inline(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            fputs("\u23CE", f);
        else if (s[i] != '\r')
            fputc(s[i], f);
    }
}

static tm_status write_text(FILE *f, const tm_doc *doc, tm_error *err)
{
    fprintf(f, "=== %s ===\n", doc->id);
    fwrite(doc->text, 1, doc->len, f);
    if (doc->len == 0 || doc->text[doc->len - 1] != '\n')
        fputc('\n', f);
    const json_t *summary = json_object_get(doc->meta, "summary");
    if (json_is_string(summary))
        fprintf(f, "--- summary\n%s\n", json_string_value(summary));
    tm__cpindex ix;
    if (tm__cpindex_init(&ix, doc->text, doc->len) < 0)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    for (size_t l = 0; l < doc->layer_count; l++) {
        const tm_layer *layer = doc->layers[l];
        fprintf(f, "--- %s (%zu)\n", layer->name, layer->size);
        for (size_t i = 0; i < layer->size; i++) {
            const tm_span *s = &layer->spans[i];
            fprintf(f, "%6zu-%-6zu %s%s", tm__cpindex_to_cp(&ix, s->start),
                    tm__cpindex_to_cp(&ix, s->end), s->label, s->label[0] ? "  " : "");
            put_inline(f, doc->text + s->start, s->end - s->start);
            fputc('\n', f);
        }
    }
    tm__cpindex_free(&ix);
    fputc('\n', f);
    if (ferror(f))
        return tm_error_set(err, TM_ERR_IO, "cannot write the output");
    return TM_OK;
}

tm_status tm_write_doc(FILE *f, const tm_doc *doc, tm_output_format format,
                       unsigned json_flags, tm_error *err)
{
    if (format == TM_OUTPUT_TEXT)
        return write_text(f, doc, err);
    return tm__write_jsonl(f, doc, json_flags, err);
}

tm_status tm_write_error_record(FILE *f, const tm_error *e, const char *raw,
                                size_t raw_len)
{
    json_t *o = json_object();
    if (!o)
        return TM_ERR_NOMEM;
    json_object_set_new(o, "id", json_string(e->doc_id));
    if (e->stage[0])
        json_object_set_new(o, "stage", json_string(e->stage));
    json_object_set_new(o, "code", json_string(tm_status_name(e->code)));
    char msg[1024];
    json_object_set_new(o, "error", json_string(tm_error_format(e, msg, sizeof msg)));
    if (e->file[0])
        json_object_set_new(o, "file", json_string(e->file));
    if (e->line > 0)
        json_object_set_new(o, "line", json_integer(e->line));
    if (raw) {
        /* The input line as it was, parsed when it is JSON so that the record
         * can be fed back as is; as a string otherwise. */
        json_t *in = json_loadb(raw, raw_len, 0, NULL);
        if (!json_is_object(in)) {
            json_decref(in);
            size_t n;
            char *text = tm_utf8_repair(raw, raw_len, TM_UTF8_REPLACE, &n, NULL);
            in = text ? json_stringn(text, n) : NULL;
            free(text);
        }
        json_object_set_new(o, "input", in);
    }
    int rc = json_dumpf(o, f, JSON_COMPACT);
    json_decref(o);
    if (rc != 0 || fputc('\n', f) == EOF)
        return TM_ERR_IO;
    return TM_OK;
}

/* ---- helpers shared by the output formats (format.h) ---- */

typedef struct sort_item {
    const tm_span *span;
    size_t index; /* layer order, to keep the sort stable */
} sort_item;

static int by_position(const void *a, const void *b)
{
    const sort_item *x = a, *y = b;
    if (x->span->start != y->span->start)
        return x->span->start < y->span->start ? -1 : 1;
    if (x->span->end != y->span->end)
        return x->span->end > y->span->end ? -1 : 1; /* longer first */
    return x->index < y->index ? -1 : x->index > y->index;
}

const tm_span **tm__sorted_spans(const tm_layer *layer, size_t *count)
{
    *count = 0;
    size_t n = 0;
    for (size_t i = 0; layer && i < layer->size; i++)
        n += layer->spans[i].end > layer->spans[i].start;
    if (n == 0)
        return NULL;
    sort_item *items = malloc(n * sizeof *items);
    const tm_span **out = malloc(n * sizeof *out);
    if (!items || !out) {
        free(items);
        free(out);
        *count = (size_t)-1;
        return NULL;
    }
    size_t k = 0;
    bool sorted = true; /* layers usually are: skip qsort then */
    for (size_t i = 0; i < layer->size; i++) {
        const tm_span *s = &layer->spans[i];
        if (s->end == s->start)
            continue;
        items[k] = (sort_item){s, i};
        if (k > 0 && by_position(&items[k - 1], &items[k]) > 0)
            sorted = false;
        k++;
    }
    if (!sorted)
        qsort(items, n, sizeof *items, by_position);
    for (size_t i = 0; i < n; i++)
        out[i] = items[i].span;
    free(items);
    *count = n;
    return out;
}

size_t tm__keep_outermost(const tm_span *const *sorted, size_t n, size_t *pos)
{
    size_t kept = 0, end = 0;
    for (size_t i = 0; i < n; i++)
        if (kept == 0 || sorted[i]->start >= end) {
            pos[kept++] = i;
            end = sorted[i]->end;
        }
    return kept;
}

/* Light backgrounds that keep black text readable: one for each label of
 * the built-in entity tagger, then a few for other labels. */
static const char *const palette[TM__PALETTE_SIZE] = {
    "#ffd6a5", "#a0c4ff", "#caffbf", "#9bf6ff", "#ffc6ff", "#fdffb6", /* PERSON..FAC */
    "#ffadad", "#d0bfff", "#d4e09b", "#b8e0d2", "#f6bd60", "#e7c6ff", /* EVENT..PERCENT */
    "#f5cac3", "#e0e0e0", "#d7e3fc", "#fcd5ce", "#c1d3fe",            /* QUANTITY..URL */
    "#e2ece9", "#fde4cf", "#f4acb7", "#b5e48c", "#90dbf4", "#ffcfd2", "#d8e2dc"};

static const char *const known_labels[] = {
    "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "DATE",
    "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL", "EMAIL", "URL"};

#define KNOWN_COUNT (sizeof known_labels / sizeof *known_labels)

int tm__label_colour(const char *label)
{
    for (size_t i = 0; i < KNOWN_COUNT; i++)
        if (strcmp(label, known_labels[i]) == 0)
            return (int)i;
    unsigned h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)label; *p; p++)
        h = (h ^ *p) * 16777619u;
    return (int)(KNOWN_COUNT + h % (TM__PALETTE_SIZE - KNOWN_COUNT));
}

const char *tm__palette(int colour)
{
    return palette[colour >= 0 && colour < TM__PALETTE_SIZE ? colour : 0];
}

/* ---- the writer object ---- */

struct tm_writer {
    FILE *f;
    tm_output_format format;
    unsigned json_flags;
    /* The state of the format that has one (one of them is set). */
    tm__html *html;
    tm__conll *conll;
    tm__brat *brat;
};

int tm_output_format_parse(const char *name)
{
    static const char *const names[] = {"jsonl", "text", "html", "conll", "brat"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0)
            return (int)i;
    return -1;
}

tm_writer *tm_writer_new(FILE *f, const char *dir, tm_output_format format,
                         unsigned json_flags, tm_error *err)
{
    if ((unsigned)format > TM_OUTPUT_BRAT) {
        tm_error_set(err, TM_ERR_INVALID, "unknown output format %d", (int)format);
        return NULL;
    }
    if (format == TM_OUTPUT_BRAT ? !dir || !dir[0] : !f) {
        tm_error_set(err, TM_ERR_INVALID, format == TM_OUTPUT_BRAT
                     ? "the brat format writes a folder: give its path"
                     : "no output stream to write to");
        return NULL;
    }
    tm_writer *w = calloc(1, sizeof *w);
    if (!w) {
        tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        return NULL;
    }
    *w = (tm_writer){.f = f, .format = format, .json_flags = json_flags};
    bool ok = true;
    if (format == TM_OUTPUT_HTML)
        ok = (w->html = tm__html_new(f, err)) != NULL;
    else if (format == TM_OUTPUT_CONLL)
        ok = (w->conll = tm__conll_new(f, err)) != NULL;
    else if (format == TM_OUTPUT_BRAT)
        ok = (w->brat = tm__brat_new(dir, err)) != NULL;
    if (!ok) {
        free(w);
        return NULL;
    }
    return w;
}

tm_status tm_writer_write(tm_writer *w, const tm_doc *doc, tm_error *err)
{
    switch (w->format) {
    case TM_OUTPUT_HTML: return tm__html_write(w->html, doc, err);
    case TM_OUTPUT_CONLL: return tm__conll_write(w->conll, doc, err);
    case TM_OUTPUT_BRAT: return tm__brat_write(w->brat, doc, err);
    default: return tm_write_doc(w->f, doc, w->format, w->json_flags, err);
    }
}

tm_status tm_writer_finish(tm_writer *w, tm_error *err)
{
    if (w->html)
        return tm__html_finish(w->html, err);
    if (w->brat)
        return tm__brat_finish(w->brat, err);
    if (fflush(w->f) != 0)
        return tm_error_set(err, TM_ERR_IO, "cannot write the output");
    return TM_OK;
}

void tm_writer_free(tm_writer *w)
{
    if (!w)
        return;
    tm__html_free(w->html);
    tm__conll_free(w->conll);
    tm__brat_free(w->brat);
    free(w);
}
