/* The JSON form of documents: code point offsets, metadata, round trips. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <textmill/textmill.h>

static char *dump(const tm_doc *d, unsigned flags)
{
    tm_error err;
    json_t *o = tm_doc_to_json(d, flags, &err);
    cr_assert_not_null(o);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

Test(jsonl, offsets_are_code_points_and_spans_carry_their_text)
{
    tm_error err;
    const char *text = "Zoë met 東京 friends";
    tm_doc *d = tm_doc_new("u", text, strlen(text), &err);
    tm_layer *l = tm_doc_add_layer(d, "entities");
    const char *tokyo = strstr(text, "東京");
    tm_span *s = tm_layer_add(l, (size_t)(tokyo - text), (size_t)(tokyo - text) + 6, "GPE", &err);
    s->attrs = json_pack("{s:s}", "rule", "gazetteer");
    char *out = dump(d, 0);
    cr_assert_str_eq(out,
                     "{\"id\":\"u\",\"text\":\"Zoë met 東京 friends\",\"layers\":{\"entities\":"
                     "[{\"start\":8,\"end\":10,\"text\":\"東京\",\"label\":\"GPE\","
                     "\"attrs\":{\"rule\":\"gazetteer\"}}]}}");
    free(out);
    tm_doc_free(d);
}

Test(jsonl, other_fields_are_metadata_kept_in_order)
{
    tm_error err;
    json_t *in = json_loads("{\"source\":\"wire\",\"id\":7,\"text\":\"hi\",\"tags\":[1,2]}", 0, NULL);
    tm_doc *d = tm_doc_from_json(in, "fallback", &err);
    cr_assert_not_null(d, "%s", err.message);
    cr_assert_str_eq(tm_doc_id(d), "7", "integer ids become strings");
    cr_assert_str_eq(json_string_value(json_object_get(tm_doc_meta(d), "source")), "wire");
    char *out = dump(d, 0);
    cr_assert_str_eq(out, "{\"id\":\"7\",\"text\":\"hi\",\"source\":\"wire\",\"tags\":[1,2]}");
    free(out);
    json_decref(in);
    tm_doc_free(d);
}

Test(jsonl, written_documents_read_back_unchanged)
{
    tm_error err;
    const char *raw = "Ünïcödé x & more x text";
    tm_doc *d = tm_doc_new("rt", raw, strlen(raw), &err);
    /* Rewrite: drop "x " pairs, so that the map is not trivial. */
    char *t = strdup("Ünïcödé & more text");
    tm_offset_map *m = tm_offset_map_new();
    const char *amp = strstr(raw, "&");
    tm_offset_map_add(m, (size_t)(strstr(t, "&") - t), (size_t)(amp - raw));
    const char *tx = strstr(raw, "text");
    tm_offset_map_add(m, (size_t)(strstr(t, "text") - t), (size_t)(tx - raw));
    tm_offset_map_add(m, strlen(t), strlen(raw));
    cr_assert_eq(tm_doc_replace_text(d, t, strlen(t), m, &err), TM_OK);
    json_object_set_new(tm_doc_meta(d), "lang", json_string("en"));
    tm_layer *l = tm_doc_add_layer(d, "words");
    tm_span *s = tm_layer_add(l, 0, strlen("Ünïcödé"), "W", &err);
    s->score = 0.123456789;
    s->has_score = true;
    tm_layer_add(l, (size_t)(strstr(t, "text") - t), strlen(t), NULL, &err);
    tm_doc_add_layer(d, "empty");

    char *first = dump(d, TM_JSON_RAW_OFFSETS);
    json_t *parsed = json_loads(first, 0, NULL);
    tm_doc *back = tm_doc_from_json(parsed, NULL, &err);
    cr_assert_not_null(back, "%s at %s", err.message, err.path);
    char *second = dump(back, TM_JSON_RAW_OFFSETS);
    cr_assert_str_eq(second, first);
    cr_assert_str_eq(tm_doc_raw_text(back, NULL), raw);
    size_t tpos = (size_t)(strstr(t, "text") - t);
    cr_assert_eq(tm_doc_raw_offset(back, tpos), (size_t)(tx - raw));
    /* raw_start of "text" is in code points of the raw text. */
    json_t *span = json_array_get(json_object_get(json_object_get(parsed, "layers"), "words"), 1);
    cr_assert_eq(json_integer_value(json_object_get(span, "raw_start")), 19);
    free(first);
    free(second);
    json_decref(parsed);
    tm_doc_free(back);
    tm_doc_free(d);
}

Test(jsonl, bad_documents_say_which_field)
{
    static const struct { const char *json, *path, *why; } cases[] = {
        {"{\"id\":\"a\"}", "text", "missing"},
        {"{\"id\":\"a\",\"text\":5}", "text", "must be a string"},
        {"{\"id\":[1],\"text\":\"x\"}", "id", "string or an integer"},
        {"{\"id\":\"a\",\"text\":\"abc\",\"layers\":[]}", "layers", "must be an object"},
        {"{\"id\":\"a\",\"text\":\"abc\",\"layers\":{\"w\":[{\"start\":2,\"end\":9}]}}",
         "layers.w[0]", "within the text"},
        {"{\"id\":\"a\",\"text\":\"abc\",\"layers\":{\"w\":[{\"start\":0,\"end\":1,\"score\":\"hi\"}]}}",
         "layers.w[0]", "\"score\" a number"},
        {"{\"id\":\"a\",\"text\":\"ab\",\"raw_text\":\"abc\",\"offset_map\":[[5,0]]}",
         "offset_map[0]", "pair of offsets"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tm_error err;
        tm_error_clear(&err);
        json_t *o = json_loads(cases[i].json, 0, NULL);
        cr_assert_not_null(o, "case %zu parses", i);
        cr_expect_null(tm_doc_from_json(o, "f", &err), "case %zu", i);
        cr_expect_str_eq(err.path, cases[i].path, "case %zu", i);
        cr_expect(strstr(err.message, cases[i].why), "case %zu: %s", i, err.message);
        json_decref(o);
    }
}

Test(jsonl, the_fast_writer_writes_what_jansson_writes)
{
    tm_error err;
    const char *raw = "Tab\there \"quoted\" back\\slash \x01 ctrl, é and 😀\nnew line";
    tm_doc *d = tm_doc_new("id \"7\"\n", raw, strlen(raw), &err);
    char *t = strdup("Tab here \"quoted\" back\\slash ctrl, é and 😀\nnew line");
    tm_offset_map *m = tm_offset_map_new();
    tm_offset_map_add(m, 3, 3);
    tm_offset_map_add(m, 4, 4);
    tm_offset_map_add(m, 30, 31);
    tm_offset_map_add(m, strlen(t), strlen(raw));
    cr_assert_eq(tm_doc_replace_text(d, t, strlen(t), m, &err), TM_OK, "%s", err.message);
    json_object_set_new(tm_doc_meta(d), "nested", json_pack("{s:[i,f,n,b]}", "a", 1, 2.5, 1));
    json_object_set_new(tm_doc_meta(d), "ünï", json_string("x\ty"));
    tm_layer *l = tm_doc_add_layer(d, "scores");
    const double scores[] = {0.5, 1.0, 0.1, 1e20, -2.5e-7, 123456789.0, 0.0};
    for (size_t i = 0; i < sizeof scores / sizeof *scores; i++) {
        tm_span *s = tm_layer_add(l, i, i + 1, i % 2 ? "L\"x" : NULL, &err);
        s->score = scores[i];
        s->has_score = true;
        if (i == 2)
            s->attrs = json_pack("{s:s,s:i}", "rule", "r\\1", "n", 3);
        if (i == 3) {
            s->attrs = json_pack("{s:I,s:b,s:n,s:{s:[f,s]},s:[]}", "neg",
                                 (json_int_t)INT64_MIN, "no", 0, "nil", "deep", "x", -0.25,
                                 "é\u2028\x1f", "empty");
            json_object_setn_new(s->attrs, "nul\0key", 7, json_integer(-7));
        }
    }
    tm_doc_add_layer(d, "empty");
    for (unsigned flags = 0; flags < 4; flags++) {
        json_t *o = tm_doc_to_json(d, flags, &err);
        char *slow = json_dumps(o, JSON_COMPACT);
        size_t len;
        char *fast = tm_doc_dumps(d, flags, &len, &err);
        cr_assert_str_eq(fast, slow, "flags %u", flags);
        cr_assert_eq(len, strlen(slow));
        free(fast);
        free(slow);
        json_decref(o);
    }
    tm_doc_free(d);
}

/* The document of a line as the full reader (jansson) makes it. */
static tm_doc *parse_with_jansson(const char *line, const char *fallback_id)
{
    tm_error err;
    json_t *o = json_loads(line, 0, NULL);
    cr_assert_not_null(o, "jansson rejects %s", line);
    tm_doc *d = tm_doc_from_json(o, fallback_id, &err);
    json_decref(o);
    cr_assert_not_null(d, "%s: %s", line, err.message);
    return d;
}

Test(jsonl, the_direct_line_reader_reads_what_jansson_reads)
{
    /* Lines of the usual shape (read directly) and others (left to jansson):
     * each must give the same document either way. */
    static const char *const lines[] = {
        "{\"id\":\"a\",\"text\":\"plain\"}",
        " { \"text\" : \"no id\" , \"n\" : -12 } \r",
        "{\"id\":42,\"text\":\"\",\"ok\":true,\"no\":false,\"none\":null}",
        "{\"id\":-0,\"text\":\"x\"}",
        "{\"id\":\"\\u00e9\\\"q\\\\\",\"text\":\"tab\\tnl\\n\\/ \\b\\f\\r \\u20ac \\ud83d\\ude00\"}",
        "{\"text\":\"caf\xc3\xa9 \xf0\x9f\x98\x80 \\u0041\",\"title\":\"t\\u00fct\",\"url\":\"u\"}",
        "{\"text\":\"short\",\"id\":\"later\",\"z\":1,\"a\":2}",
        /* left to jansson: */
        "{\"id\":\"r\",\"text\":\"x\",\"score\":1.5}",
        "{\"id\":\"e\",\"text\":\"x\",\"big\":-1234567890123456789}",
        "{\"id\":\"n\",\"text\":\"x\",\"m\":{\"k\":[1,2]}}",
        "{\"id\":\"d\",\"text\":\"x\",\"k\":1,\"k\":2}",
        "{\"id\":\"i\",\"id\":\"j\",\"text\":\"x\"}",
        "{\"id\":\"k\",\"text\":\"x\",\"\\u006b\\u0065y\":\"escaped key\"}",
        "{\"id\":\"l\",\"text\":\"abc\",\"layers\":{\"w\":[{\"start\":0,\"end\":1}]}}",
        "{\"layers\":{\"s\":[{\"start\":0,\"end\":3,\"text\":\"h\\u00e9y\",\"label\":\"X\","
        "\"score\":0.25,\"attrs\":{\"rule\":\"r\",\"n\":[1,{\"k\":null}]},\"raw_start\":0},"
        "{\"end\":5,\"start\":4,\"score\":2}],\"empty\":[]},\"text\":\"h\\u00e9y \\ud83d\\ude00!\","
        "\"id\":\"layers first\"}",
        "{\"id\":\"m\",\"text\":\"x\",\"f\":-1.5e-3,\"o\":{\"a\":[true,1.0]},\"e\":[],\"s\":\"\"}",
        "{\"id\":\"r\",\"raw_text\":\"a  b\",\"text\":\"a b\",\"offset_map\":[[0,0],[2,3]]}",
        "{\"text\":\"\u00e9 b!\",\"layers\":{\"w\":[{\"start\":2,\"end\":3}]},\"id\":\"rl\","
        "\"offset_map\":[[0,0],[1,2],[4,6]],\"raw_text\":\"\u00e9\u00e9 b\u00e9!\"}",
        "{\"id\":\"ro\",\"raw_text\":\"ab\",\"text\":\"ab\"}",
        "{\"id\":\"mo\",\"text\":\"ab\",\"offset_map\":[[0,0]]}",
        "{\"id\":\"u\",\"text\":\"x\",\"layers\":{\"w\":[{\"start\":0,\"end\":1,\"label\":\"A\","
        "\"label\":\"B\"}]}}",
    };
    tm_error err;
    tm_reader *r = tm_reader_new(NULL, 0, NULL, &err);
    cr_assert_not_null(r);
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        tm_doc *fast = tm_reader_parse_line(r, lines[i], strlen(lines[i]), "f.jsonl", i + 1,
                                            true, &err);
        cr_assert_not_null(fast, "%s: %s", lines[i], err.message);
        char fallback[32];
        snprintf(fallback, sizeof fallback, "f.jsonl:%zu", i + 1);
        tm_doc *slow = parse_with_jansson(lines[i], fallback);
        cr_assert_str_eq(tm_doc_id(fast), tm_doc_id(slow), "%s", lines[i]);
        char *a = dump(fast, 0), *b = dump(slow, 0);
        cr_assert_str_eq(a, b, "%s", lines[i]);
        free(a);
        free(b);
        tm_doc_free(fast);
        tm_doc_free(slow);
    }
    /* Lines that are not documents still get jansson's words for why. */
    static const char *const bad[][2] = {
        {"{\"id\":\"a\",\"text\":\"x\\u0000y\"}", "NUL"},
        {"{\"id\":\"a\",\"text\":\"x\" junk}", "expected"},
        {"{\"id\":\"a\",\"text\":\"lone \\ud800\"}", "invalid Unicode"},
        {"{\"id\":\"a\",\"text\":\"ctrl \x01\"}", "control character"},
        {"{\"id\":\"a\",\"text\":12}", "must be a string"},
        {"{\"id\":\"a\"}", "missing"},
        {"{\"id\":01,\"text\":\"x\"}", "invalid"},
        {"{\"id\":\"a\",\"text\":\"xy\",\"layers\":{\"w\":[{\"start\":1,\"end\":3}]}}",
         "within the text"},
        {"{\"id\":\"a\",\"text\":\"xy\",\"layers\":{\"w\":[{\"start\":1,\"end\":0}]}}",
         "within the text"},
        {"{\"id\":\"a\",\"text\":\"xy\",\"layers\":{\"w\":[{\"start\":0}]}}", "start"},
        {"{\"id\":\"a\",\"text\":\"xy\",\"layers\":{\"no-id\":[]}}", "identifier"},
        {"{\"id\":\"a\",\"text\":\"xy\",\"layers\":{\"w\":[{\"start\":0,\"end\":1,"
         "\"label\":7}]}}", "must be a string"},
        {"{\"id\":\"a\",\"text\":\"xy\",\"layers\":{\"w\":[{\"start\":0,\"end\":1,"
         "\"attrs\":[]}]}}", "an object"},
        {"{\"id\":\"a\",\"text\":\"xy\",\"m\":[1,}", "unexpected"},
        {"{\"id\":\"a\",\"raw_text\":\"xyz\",\"text\":\"xy\",\"offset_map\":[[0,0],[3,3]]}",
         "within the two texts"},
        {"{\"id\":\"a\",\"raw_text\":\"xyz\",\"text\":\"xy\",\"offset_map\":[[0]]}",
         "pair"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        tm_doc *d = tm_reader_parse_line(r, bad[i][0], strlen(bad[i][0]), "f.jsonl", 1, true,
                                         &err);
        cr_assert_null(d, "%s", bad[i][0]);
        cr_assert_neq(err.code, TM_OK);
        cr_assert_not_null(strstr(err.message, bad[i][1]), "%s: %s", bad[i][0], err.message);
    }
    tm_reader_free(r);

    /* Nesting past the reader's limit is an error on either path. */
    tm_reader_options opts = {.max_json_depth = 4};
    r = tm_reader_new(NULL, 0, &opts, &err);
    static const char *const deep[] = {
        "{\"id\":\"a\",\"text\":\"xy\",\"m\":[[[[1]]]]}",
        "{\"id\":\"a\",\"text\":\"xy\",\"layers\":{\"w\":[{\"start\":0,\"end\":1,"
        "\"attrs\":{}}]}}",
    };
    for (size_t i = 0; i < sizeof deep / sizeof *deep; i++) {
        cr_assert_null(tm_reader_parse_line(r, deep[i], strlen(deep[i]), "f", 1, true, &err));
        cr_assert_eq(err.code, TM_ERR_LIMIT, "%s: %s", deep[i], err.message);
    }
    const char *ok = "{\"id\":\"a\",\"text\":\"xy\",\"layers\":{\"w\":[{\"start\":0,\"end\":1}]},"
                     "\"m\":[[[1]]]}";
    tm_doc *d = tm_reader_parse_line(r, ok, strlen(ok), "f", 1, true, &err);
    cr_assert_not_null(d, "%s", err.message);
    tm_doc_free(d);
    tm_reader_free(r);
}
