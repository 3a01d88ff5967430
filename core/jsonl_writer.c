/* jsonl_writer.c - writing a document as one JSON line, fast.
 *
 * The output stage is on every run's hot path: building a jansson tree for
 * each span and dumping it costs more than most stages. This writes the same
 * text as json_dumps(tm_doc_to_json(doc), JSON_COMPACT) straight into a
 * buffer, metadata and span attributes included. test_jsonl checks that
 * both agree. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct sbuf {
    char *p;
    size_t len, cap;
    bool failed;
} sbuf;

static bool sb_reserve(sbuf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->p = p;
    b->cap = cap;
    return true;
}

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (sb_reserve(b, n)) {
        memcpy(b->p + b->len, s, n);
        b->len += n;
    }
}

#define SB_LIT(b, lit) sb_put((b), (lit), sizeof(lit) - 1)

/* A JSON string: quotes, backslashes and control characters escaped as
 * jansson does; everything else (UTF-8 included) copied in runs. */
static void sb_str(sbuf *b, const char *s, size_t n)
{
    if (!sb_reserve(b, n + 2))
        return;
    b->p[b->len++] = '"';
    size_t i = 0;
    while (i < n) {
        size_t j = tm__json_special(s, i, n);
        sb_put(b, s + i, j - i);
        if (j == n)
            break;
        unsigned char c = (unsigned char)s[j];
        char esc[8];
        switch (c) {
        case '"': SB_LIT(b, "\\\""); break;
        case '\\': SB_LIT(b, "\\\\"); break;
        case '\n': SB_LIT(b, "\\n"); break;
        case '\t': SB_LIT(b, "\\t"); break;
        case '\r': SB_LIT(b, "\\r"); break;
        case '\b': SB_LIT(b, "\\b"); break;
        case '\f': SB_LIT(b, "\\f"); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04X", c);
            sb_put(b, esc, 6);
        }
        i = j + 1;
    }
    SB_LIT(b, "\"");
}

static void sb_uint(sbuf *b, size_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    sb_put(b, tmp + i, sizeof tmp - i);
}

/* A number as jansson writes a real: %.17g, with ".0" when it would read
 * back as an integer, and exponents without '+' or leading zeros. Values that
 * are not finite (not JSON) are written as null. */
static void sb_real(sbuf *b, double v)
{
    if (!isfinite(v)) {
        SB_LIT(b, "null");
        return;
    }
    /* Formatting with %.17g is slow, and scores repeat (a stage gives each
     * rule one confidence): each thread remembers the last few it wrote. */
    static _Thread_local struct {
        double v;
        uint8_t len; /* 0 = empty */
        char s[31];
    } seen[16];
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    size_t slot = (size_t)((bits * 0x9E3779B97F4A7C15ull) >> 60);
    if (seen[slot].len && memcmp(&seen[slot].v, &v, sizeof v) == 0) {
        sb_put(b, seen[slot].s, seen[slot].len);
        return;
    }
    size_t start = b->len;
    char buf[40], out[44];
    snprintf(buf, sizeof buf, "%.17g", v);
    size_t o = 0;
    for (const char *p = buf; *p; p++) {
        out[o++] = *p == ',' ? '.' : *p; /* a locale's decimal comma */
        if (*p == 'e') {
            p++;
            if (*p == '-')
                out[o++] = *p++;
            else if (*p == '+')
                p++;
            while (*p == '0' && p[1])
                p++;
            while (*p)
                out[o++] = *p++;
            break;
        }
    }
    out[o] = '\0';
    sb_put(b, out, o);
    if (!strchr(out, '.') && !strchr(out, 'e'))
        SB_LIT(b, ".0");
    size_t n = b->len - start;
    if (!b->failed && n < sizeof seen[slot].s) {
        seen[slot].v = v;
        seen[slot].len = (uint8_t)n;
        memcpy(seen[slot].s, b->p + start, n);
    }
}

/* Any JSON value, as json_dumps(JSON_COMPACT) writes it: objects in their
 * own key order. Written here, not by jansson, because most spans carry
 * small attrs objects and a json_dumps call each (with its allocation) cost
 * more than the rest of the span. */
static void sb_json(sbuf *b, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        size_t key_len;
        json_t *item;
        bool first = true;
        SB_LIT(b, "{");
        json_object_keylen_foreach((json_t *)v, key, key_len, item) {
            if (!first)
                SB_LIT(b, ",");
            first = false;
            sb_str(b, key, key_len);
            SB_LIT(b, ":");
            sb_json(b, item);
        }
        SB_LIT(b, "}");
        break;
    }
    case JSON_ARRAY:
        SB_LIT(b, "[");
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                SB_LIT(b, ",");
            sb_json(b, json_array_get(v, i));
        }
        SB_LIT(b, "]");
        break;
    case JSON_STRING:
        sb_str(b, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER: {
        json_int_t x = json_integer_value(v);
        if (x < 0) {
            SB_LIT(b, "-");
            sb_uint(b, (size_t)0 - (size_t)x);
        } else {
            sb_uint(b, (size_t)x);
        }
        break;
    }
    case JSON_REAL:
        sb_real(b, json_real_value(v));
        break;
    case JSON_TRUE:
        SB_LIT(b, "true");
        break;
    case JSON_FALSE:
        SB_LIT(b, "false");
        break;
    case JSON_NULL:
        SB_LIT(b, "null");
        break;
    }
}

static void sb_key(sbuf *b, const char *key)
{
    SB_LIT(b, ",");
    sb_str(b, key, strlen(key));
    SB_LIT(b, ":");
}

static void sb_span(sbuf *b, const tm_doc *doc, const tm_span *s, const tm__cpindex *ix,
                    const tm__cpindex *rix, unsigned flags)
{
    SB_LIT(b, "{\"start\":");
    sb_uint(b, tm__cpindex_to_cp(ix, s->start));
    SB_LIT(b, ",\"end\":");
    sb_uint(b, tm__cpindex_to_cp(ix, s->end));
    if (!(flags & TM_JSON_NO_SPAN_TEXT)) {
        SB_LIT(b, ",\"text\":");
        sb_str(b, doc->text + s->start, s->end - s->start);
    }
    if (s->label[0]) {
        SB_LIT(b, ",\"label\":");
        sb_str(b, s->label, strlen(s->label));
    }
    if (s->has_score) {
        SB_LIT(b, ",\"score\":");
        sb_real(b, s->score);
    }
    if (s->attrs) {
        SB_LIT(b, ",\"attrs\":");
        sb_json(b, s->attrs);
    }
    if (flags & TM_JSON_RAW_OFFSETS) {
        size_t rs, re;
        tm_doc_raw_range(doc, s->start, s->end, &rs, &re);
        SB_LIT(b, ",\"raw_start\":");
        sb_uint(b, tm__cpindex_to_cp(rix, rs));
        SB_LIT(b, ",\"raw_end\":");
        sb_uint(b, tm__cpindex_to_cp(rix, re));
    }
    SB_LIT(b, "}");
}

/* Renders doc into b (without a newline). */
static void render(sbuf *b, const tm_doc *doc, unsigned flags)
{
    tm__cpindex ix = {0}, raw_ix = {0};
    if (tm__cpindex_init(&ix, doc->text, doc->len) < 0 ||
        (doc->raw_text && tm__cpindex_init(&raw_ix, doc->raw_text, doc->raw_len) < 0)) {
        tm__cpindex_free(&ix);
        b->failed = true;
        return;
    }
    const tm__cpindex *rix = doc->raw_text ? &raw_ix : &ix;
    SB_LIT(b, "{\"id\":");
    sb_str(b, doc->id, strlen(doc->id));
    SB_LIT(b, ",\"text\":");
    sb_str(b, doc->text, doc->len);
    const char *key;
    json_t *v;
    json_object_foreach(doc->meta, key, v) {
        if (tm__is_reserved_key(key))
            continue;
        sb_key(b, key);
        sb_json(b, v);
    }
    if (doc->raw_text) {
        SB_LIT(b, ",\"raw_text\":");
        sb_str(b, doc->raw_text, doc->raw_len);
        SB_LIT(b, ",\"offset_map\":[");
        tm_offset_map *cp = tm__offset_map_in_cp(doc->map, &ix, &raw_ix);
        if (!cp)
            b->failed = true;
        for (size_t i = 0; cp && i < cp->size; i++) {
            SB_LIT(b, "[");
            sb_uint(b, cp->points[i].new_off);
            SB_LIT(b, ",");
            sb_uint(b, cp->points[i].old_off);
            sb_put(b, i + 1 < cp->size ? "]," : "]", i + 1 < cp->size ? 2 : 1);
        }
        tm_offset_map_free(cp);
        SB_LIT(b, "]");
    }
    if (doc->layer_count) {
        SB_LIT(b, ",\"layers\":{");
        for (size_t l = 0; l < doc->layer_count; l++) {
            const tm_layer *layer = doc->layers[l];
            if (l)
                SB_LIT(b, ",");
            sb_str(b, layer->name, strlen(layer->name));
            SB_LIT(b, ":[");
            for (size_t i = 0; i < layer->size; i++) {
                if (i)
                    SB_LIT(b, ",");
                sb_span(b, doc, &layer->spans[i], &ix, rix, flags);
            }
            SB_LIT(b, "]");
        }
        SB_LIT(b, "}");
    }
    SB_LIT(b, "}");
    tm__cpindex_free(&ix);
    tm__cpindex_free(&raw_ix);
}

char *tm_doc_dumps(const tm_doc *doc, unsigned flags, size_t *len, tm_error *err)
{
    sbuf b = {0};
    render(&b, doc, flags);
    if (!sb_reserve(&b, 1)) {
        free(b.p);
        tm_error_set_doc_id(err, doc->id);
        tm_error_set(err, TM_ERR_NOMEM, "out of memory writing the document as JSON");
        return NULL;
    }
    b.p[b.len] = '\0';
    if (len)
        *len = b.len;
    return b.p;
}

tm_status tm__write_jsonl(FILE *f, const tm_doc *doc, unsigned flags, tm_error *err)
{
    size_t len;
    char *s = tm_doc_dumps(doc, flags, &len, err);
    if (!s)
        return TM_ERR_NOMEM;
    s[len] = '\n'; /* the NUL's place: write the line in one go */
    tm_status rc = fwrite(s, 1, len + 1, f) == len + 1
                       ? TM_OK : tm_error_set(err, TM_ERR_IO, "cannot write the output");
    free(s);
    return rc;
}
