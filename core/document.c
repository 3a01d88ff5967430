/* document.c - documents, layers and spans. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define TM_DEFAULT_SPAN_LIMIT 10000000u

tm_doc *tm_doc_new(const char *id, const char *text, size_t len, tm_error *err)
{
    if (!text)
        len = 0;
    size_t bad = tm_utf8_validate(text ? text : "", len);
    if (bad != len) {
        tm_error_set_doc_id(err, id);
        if (text[bad] == '\0')
            tm_error_set(err, TM_ERR_UTF8, "NUL byte at byte offset %zu", bad);
        else
            tm_error_set(err, TM_ERR_UTF8,
                         "invalid UTF-8 at byte offset %zu (byte 0x%02X)", bad,
                         (unsigned char)text[bad]);
        return NULL;
    }
    tm_doc *doc = calloc(1, sizeof *doc);
    if (!doc)
        goto nomem;
    doc->id = tm__strdup(id ? id : "");
    doc->text = malloc(len + 1);
    doc->meta = json_object();
    if (!doc->id || !doc->text || !doc->meta)
        goto nomem;
    if (len)
        memcpy(doc->text, text, len);
    doc->text[len] = '\0';
    doc->len = len;
    doc->span_limit = TM_DEFAULT_SPAN_LIMIT;
    return doc;
nomem:
    tm_doc_free(doc);
    tm_error_set(err, TM_ERR_NOMEM, "out of memory creating a document of %zu bytes", len);
    return NULL;
}

tm_doc *tm__doc_adopt(const char *id, char *text, size_t len, json_t *meta)
{
    tm_doc *doc = calloc(1, sizeof *doc);
    if (!doc || !(doc->id = tm__strdup(id))) {
        free(doc);
        free(text);
        json_decref(meta);
        return NULL;
    }
    doc->text = text;
    doc->len = len;
    doc->meta = meta;
    doc->span_limit = TM_DEFAULT_SPAN_LIMIT;
    return doc;
}

static void layer_free(tm_layer *layer)
{
    if (!layer)
        return;
    tm_layer_clear(layer);
    for (size_t i = 0; i < layer->label_count; i++)
        free(layer->labels[i]);
    free(layer->labels);
    free(layer->spans);
    free(layer->name);
    free(layer);
}

void tm_doc_free(tm_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->layer_count; i++)
        layer_free(doc->layers[i]);
    free(doc->layers);
    json_decref(doc->meta);
    tm_offset_map_free(doc->map);
    free(doc->raw_text);
    free(doc->text);
    free(doc->id);
    free(doc);
}

const char *tm_doc_id(const tm_doc *doc) { return doc->id; }

const char *tm_doc_text(const tm_doc *doc, size_t *len)
{
    if (len)
        *len = doc->len;
    return doc->text;
}

const char *tm_doc_raw_text(const tm_doc *doc, size_t *len)
{
    if (!doc->raw_text)
        return tm_doc_text(doc, len);
    if (len)
        *len = doc->raw_len;
    return doc->raw_text;
}

bool tm_doc_text_rewritten(const tm_doc *doc) { return doc->raw_text != NULL; }

size_t tm_doc_raw_offset(const tm_doc *doc, size_t offset)
{
    if (!doc->map)
        return offset;
    /* A map read from a JSON line (or built by a careless stage) may point
     * past the raw text: clamp, so that callers can index the raw text with
     * what they get. */
    size_t raw = tm_offset_map_lookup(doc->map, offset);
    size_t raw_len = doc->raw_text ? doc->raw_len : doc->len;
    if (raw >= raw_len)
        return raw_len;
    /* Between points, offsets advance byte for byte: in text whose
     * characters changed width that can land inside one. */
    const char *t = doc->raw_text ? doc->raw_text : doc->text;
    while (raw > 0 && !tm_utf8_is_lead((unsigned char)t[raw]))
        raw--;
    return raw;
}

static bool is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void tm_doc_raw_range(const tm_doc *doc, size_t start, size_t end,
                      size_t *raw_start, size_t *raw_end)
{
    size_t rs = tm_doc_raw_offset(doc, start), re = tm_doc_raw_offset(doc, end);
    if (re < rs)
        re = rs;
    /* The map cannot tell "kept, then deleted" from "replaced" at an end:
     * trailing raw white space the span does not end with was deleted. */
    if (doc->raw_text && end > start && !is_ascii_space(doc->text[end - 1]))
        while (re > rs && is_ascii_space(doc->raw_text[re - 1]))
            re--;
    *raw_start = rs;
    *raw_end = re;
}

json_t *tm_doc_meta(tm_doc *doc) { return doc->meta; }

tm_status tm_doc_replace_text(tm_doc *doc, char *new_text, size_t new_len,
                              tm_offset_map *map, tm_error *err)
{
    tm_status rc = TM_OK;
    if (doc->span_count > 0 || doc->layer_count > 0) {
        rc = tm_error_set(err, TM_ERR_INVALID,
                          "the text cannot be rewritten once the document has "
                          "annotation layers");
        goto fail;
    }
    if (!map && new_len != doc->len) {
        rc = tm_error_set(err, TM_ERR_INVALID,
                          "a rewrite that changes the length needs an offset map");
        goto fail;
    }
    size_t bad = tm_utf8_validate(new_text, new_len);
    if (bad != new_len) {
        rc = tm_error_set(err, TM_ERR_UTF8,
                          "rewritten text is not valid UTF-8 at byte offset %zu", bad);
        goto fail;
    }
    if (map && doc->map) {
        tm_offset_map *composed = tm__offset_map_compose(doc->map, map);
        if (!composed) {
            rc = tm_error_set(err, TM_ERR_NOMEM, "out of memory composing offset maps");
            goto fail;
        }
        tm_offset_map_free(map);
        tm_offset_map_free(doc->map);
        doc->map = composed;
    } else if (map) {
        doc->map = map;
    }
    if (doc->raw_text) {
        free(doc->text);
    } else {
        doc->raw_text = doc->text;
        doc->raw_len = doc->len;
    }
    doc->text = new_text;
    doc->len = new_len;
    /* Points inside characters cannot be written in code points: snap them,
     * so that what is written reads back the same. */
    if (doc->map) {
        tm_offset_map *snapped = tm__offset_map_snap(doc->map, doc->text, doc->len,
                                                     doc->raw_text, doc->raw_len);
        if (snapped) {
            tm_offset_map_free(doc->map);
            doc->map = snapped;
        }
    }
    return TM_OK;
fail:
    free(new_text);
    tm_offset_map_free(map);
    return rc;
}

/* ---- layers ---- */

tm_layer *tm_doc_layer(const tm_doc *doc, const char *name)
{
    for (size_t i = 0; i < doc->layer_count; i++)
        if (strcmp(doc->layers[i]->name, name) == 0)
            return doc->layers[i];
    return NULL;
}

tm_layer *tm_doc_add_layer(tm_doc *doc, const char *name)
{
    tm_layer *layer = tm_doc_layer(doc, name);
    if (layer)
        return layer;
    tm_layer **v = realloc(doc->layers, (doc->layer_count + 1) * sizeof *v);
    if (!v)
        return NULL;
    doc->layers = v;
    layer = calloc(1, sizeof *layer);
    if (!layer || !(layer->name = tm__strdup(name))) {
        free(layer);
        return NULL;
    }
    layer->doc = doc;
    doc->layers[doc->layer_count++] = layer;
    return layer;
}

bool tm_doc_remove_layer(tm_doc *doc, const char *name)
{
    for (size_t i = 0; i < doc->layer_count; i++) {
        if (strcmp(doc->layers[i]->name, name) != 0)
            continue;
        layer_free(doc->layers[i]); /* its clear takes its spans off the count */
        memmove(doc->layers + i, doc->layers + i + 1,
                (doc->layer_count - i - 1) * sizeof *doc->layers);
        doc->layer_count--;
        return true;
    }
    return false;
}

size_t tm_doc_layer_count(const tm_doc *doc) { return doc->layer_count; }

tm_layer *tm_doc_layer_at(const tm_doc *doc, size_t i)
{
    return i < doc->layer_count ? doc->layers[i] : NULL;
}

const char *tm_layer_name(const tm_layer *layer) { return layer->name; }
size_t tm_layer_size(const tm_layer *layer) { return layer->size; }

tm_span *tm_layer_span(const tm_layer *layer, size_t i)
{
    return i < layer->size ? &layer->spans[i] : NULL;
}

/* Labels are few per layer (a tagger has a few dozen): a linear search over
 * the distinct ones beats hashing, and spans share one copy. The first
 * bytes mostly differ, and comparing them first spares a call. */
static const char *layer_intern(tm_layer *layer, const char *label)
{
    for (size_t i = 0; i < layer->label_count; i++)
        if (layer->labels[i][0] == label[0] && strcmp(layer->labels[i], label) == 0)
            return layer->labels[i];
    char **v = realloc(layer->labels, (layer->label_count + 1) * sizeof *v);
    if (!v)
        return NULL;
    layer->labels = v;
    char *copy = tm__strdup(label);
    if (!copy)
        return NULL;
    layer->labels[layer->label_count++] = copy;
    return copy;
}

tm_span *tm_layer_add(tm_layer *layer, size_t start, size_t end,
                      const char *label, tm_error *err)
{
    tm_doc *doc = layer->doc;
    if (start > end || end > doc->len) {
        tm_error_set(err, TM_ERR_INVALID,
                     "span [%zu, %zu) of layer '%s' is outside the text (%zu bytes)",
                     start, end, layer->name, doc->len);
        return NULL;
    }
    if (!tm_utf8_is_lead((unsigned char)doc->text[start]) ||
        (end < doc->len && !tm_utf8_is_lead((unsigned char)doc->text[end]))) {
        tm_error_set(err, TM_ERR_INVALID,
                     "span [%zu, %zu) of layer '%s' splits a UTF-8 character",
                     start, end, layer->name);
        return NULL;
    }
    if (doc->span_limit && doc->span_count >= doc->span_limit) {
        tm_error_set(err, TM_ERR_LIMIT,
                     "the document reached its limit of %zu spans", doc->span_limit);
        return NULL;
    }
    if (layer->size == layer->capacity) {
        size_t cap = layer->capacity ? layer->capacity * 2 : 16;
        tm_span *v = realloc(layer->spans, cap * sizeof *v);
        if (!v)
            goto nomem;
        layer->spans = v;
        layer->capacity = cap;
    }
    const char *interned = layer_intern(layer, label ? label : "");
    if (!interned)
        goto nomem;
    tm_span *span = &layer->spans[layer->size++];
    *span = (tm_span){.start = start, .end = end, .label = interned};
    doc->span_count++;
    return span;
nomem:
    tm_error_set(err, TM_ERR_NOMEM, "out of memory adding a span");
    return NULL;
}

static int span_cmp(const void *a, const void *b)
{
    const tm_span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return 0;
}

/* A merge sort: stable, so spans equal in both offsets keep their order. */
static void merge_sort(tm_span *a, tm_span *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t m = n / 2, i = 0, j = m, k = 0;
    merge_sort(a, tmp, m);
    merge_sort(a + m, tmp, n - m);
    while (i < m && j < n)
        tmp[k++] = span_cmp(&a[j], &a[i]) < 0 ? a[j++] : a[i++];
    while (i < m)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

void tm_layer_sort(tm_layer *layer)
{
    size_t n = layer->size;
    bool sorted = true;
    for (size_t i = 1; i < n && sorted; i++)
        sorted = span_cmp(&layer->spans[i - 1], &layer->spans[i]) <= 0;
    if (sorted)
        return;
    tm_span *tmp = malloc(n * sizeof *tmp);
    if (!tmp) {
        qsort(layer->spans, n, sizeof *layer->spans, span_cmp); /* still sorted */
        return;
    }
    merge_sort(layer->spans, tmp, n);
    free(tmp);
}

void tm_layer_clear(tm_layer *layer)
{
    for (size_t i = 0; i < layer->size; i++)
        json_decref(layer->spans[i].attrs);
    layer->doc->span_count -= layer->size;
    layer->size = 0;
}

void tm_doc_set_span_limit(tm_doc *doc, size_t max_spans)
{
    doc->span_limit = max_spans;
}
