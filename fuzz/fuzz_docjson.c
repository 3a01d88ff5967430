/* fuzz_docjson.c - the document JSON writer. A document is built from the
 * bytes (its text repaired as the reader would, then layers, spans, labels,
 * scores, attributes, metadata and a text rewrite, as stages make them);
 * then it is written by both writers, which must agree, and read back,
 * which must give the same JSON (fuzz_check_doc). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

typedef struct stream {
    const uint8_t *p;
    size_t n;
} stream;

static unsigned take(stream *s)
{
    if (!s->n)
        return 0;
    s->n--;
    return *s->p++;
}

/* An offset in [0, len] on a character boundary. */
static size_t offset(stream *s, const char *text, size_t len)
{
    size_t o = ((take(s) << 8) | take(s)) % (len + 1);
    while (o < len && !tm_utf8_is_lead((unsigned char)text[o]))
        o++;
    return o;
}

/* Replaces text[a, b) with "«»", keeping an offset map to the old text. */
static void rewrite(tm_doc *doc, stream *s)
{
    size_t len;
    const char *text = tm_doc_text(doc, &len);
    size_t a = offset(s, text, len), b = offset(s, text, len);
    if (a > b) {
        size_t t = a;
        a = b;
        b = t;
    }
    static const char ins[] = "\xC2\xAB\xC2\xBB";
    size_t n = sizeof ins - 1, new_len = len - (b - a) + n;
    char *out = malloc(new_len + 1);
    memcpy(out, text, a);
    memcpy(out + a, ins, n);
    memcpy(out + a + n, text + b, len - b);
    out[new_len] = '\0';
    tm_offset_map *map = tm_offset_map_new();
    /* Points on character boundaries only, as stages make them (points
     * inside a character do not survive the JSON form's code points). */
    tm_offset_map_add(map, a, a);
    tm_offset_map_add(map, a + n, b);
    tm_error err;
    tm_doc_replace_text(doc, out, new_len, map, &err); /* refused once layers exist */
}

static void add_span(tm_doc *doc, stream *s, unsigned op)
{
    static const char *const layers[] = {"sentences", "entities", "summary", "x"};
    static const char *const labels[] = {"", "PERSON", "a\"b\\c/d", "\xC3\xA9t\xC3\xA9",
                                         "\x01\x1f", "</script>"};
    static const double scores[] = {0.5, -0.0, 1e308, 4.9e-324, 0.1, 1e-7, 123456789.0};
    size_t len;
    const char *text = tm_doc_text(doc, &len);
    tm_layer *layer = tm_doc_add_layer(doc, layers[op % 4]);
    size_t start = offset(s, text, len), end = start + take(s) % 48;
    if (end > len)
        end = len;
    while (end < len && !tm_utf8_is_lead((unsigned char)text[end]))
        end++;
    tm_error err;
    tm_span *span = tm_layer_add(layer, start, end, labels[take(s) % 6], &err);
    if (!span)
        fuzz_fail("a span on character boundaries was refused: %s", err.message);
    unsigned bits = take(s);
    if (bits & 1) {
        span->has_score = true;
        span->score = scores[(bits >> 1) % 7];
    }
    if (bits & 0x10) {
        span->attrs = json_pack("{s:s%, s:i, s:[b, n, f]}", "text", text + start, end - start,
                                "n", (json_int_t)bits - 100, "list", bits & 0x20, 0.25);
        if (!span->attrs)
            fuzz_fail("json_pack failed");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tm_error err;
    size_t len;
    char *text = tm_utf8_repair((const char *)data, size, TM_UTF8_REPLACE, &len, &err);
    if (!text)
        fuzz_fail("repair failed: %s", err.message);
    tm_doc *doc = tm_doc_new("fuzz \"id\" \xE2\x9C\x93", text, len, &err);
    free(text);
    if (!doc)
        fuzz_fail("a repaired text was refused: %s", err.message);
    stream s = {data, size};
    for (int ops = 0; ops < 64 && s.n; ops++) {
        unsigned op = take(&s);
        switch (op % 8) {
        case 0:
            rewrite(doc, &s);
            break;
        case 1:
        case 2:
        case 3:
            add_span(doc, &s, op >> 3);
            break;
        case 4: {
            static const char *const keys[] = {"source", "lang", "n", "\xC3\xBC"};
            json_object_set_new(tm_doc_meta(doc), keys[(op >> 3) % 4],
                                json_integer((json_int_t)take(&s)));
            break;
        }
        case 5:
            if (tm_doc_layer_count(doc))
                tm_layer_sort(tm_doc_layer_at(doc, (op >> 3) % tm_doc_layer_count(doc)));
            break;
        case 6:
            if (tm_doc_layer_count(doc))
                tm_layer_clear(tm_doc_layer_at(doc, (op >> 3) % tm_doc_layer_count(doc)));
            break;
        default:
            tm_doc_remove_layer(doc, (op >> 3) & 1 ? "x" : "sentences");
            break;
        }
    }
    fuzz_check_doc(doc);
    tm_doc_free(doc);
    return 0;
}
