/* Document model: creation, layers, spans, rewriting and offset maps. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <textmill/textmill.h>

Test(document, keeps_id_text_and_metadata)
{
    tm_error err;
    tm_doc *d = tm_doc_new("doc-1", "Hello wörld", strlen("Hello wörld"), &err);
    cr_assert_not_null(d);
    size_t len;
    cr_assert_str_eq(tm_doc_id(d), "doc-1");
    cr_assert_str_eq(tm_doc_text(d, &len), "Hello wörld");
    cr_assert_eq(len, 12);
    cr_assert_not(tm_doc_text_rewritten(d));
    cr_assert(json_is_object(tm_doc_meta(d)));
    tm_doc_free(d);
}

Test(document, empty_text_is_a_document)
{
    tm_error err;
    tm_doc *d = tm_doc_new("e", "", 0, &err);
    cr_assert_not_null(d);
    cr_assert_str_eq(tm_doc_text(d, NULL), "");
    tm_doc_free(d);
}

Test(document, refuses_invalid_utf8_with_offset)
{
    static const struct { const char *bytes; size_t len; size_t offset; } bad[] = {
        {"ab\xff", 3, 2},               /* not a UTF-8 byte */
        {"a\xc3", 2, 1},                /* truncated sequence */
        {"\xc0\xaf", 2, 0},             /* overlong '/' */
        {"x\xed\xa0\x80", 4, 1},        /* UTF-16 surrogate D800 */
        {"\xf4\x90\x80\x80", 4, 0},     /* above U+10FFFF */
        {"ab\0cd", 5, 2},               /* NUL byte */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        tm_error err;
        tm_error_clear(&err);
        tm_doc *d = tm_doc_new("bad", bad[i].bytes, bad[i].len, &err);
        cr_assert_null(d, "case %zu accepted", i);
        cr_assert_eq(err.code, TM_ERR_UTF8, "case %zu", i);
        char want[64];
        snprintf(want, sizeof want, "byte offset %zu", bad[i].offset);
        cr_assert(strstr(err.message, want), "case %zu: %s", i, err.message);
        cr_assert_str_eq(err.doc_id, "bad");
    }
}

/* The validator reads 16, then 8 bytes at a time where it can: a bad
 * sequence must be found at its exact offset wherever it falls. */
Test(document, utf8_validate_finds_the_first_bad_byte_anywhere)
{
    static const struct {
        const char *bytes;
        size_t len;
    } bad[] = {
        {"\xff", 1}, {"\0", 1}, {"\xc3(", 2}, {"\xc0\x80", 2},
        {"\xed\xa0\x80", 3}, {"\xf4\x90\x80\x80", 4},
    };
    char buf[64];
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
        for (size_t at = 12; at + bad[b].len <= 40; at++) {
            memset(buf, 'a', sizeof buf);
            memcpy(buf + 10, "\xc3\xa9", 2); /* a good character before */
            memcpy(buf + at, bad[b].bytes, bad[b].len);
            cr_assert_eq(tm_utf8_validate(buf, 48), at, "sequence %zu at %zu", b, at);
            cr_assert_eq(tm_utf8_validate(buf, at), at, "the text before it is valid");
        }
    }
}

/* Never a byte past the end: the buffers here end where the text does, so
 * that AddressSanitizer sees any read beyond them. */
Test(document, utf8_validate_reads_only_its_text)
{
    for (size_t len = 0; len <= 48; len++) {
        char *buf = malloc(len ? len : 1);
        cr_assert_not_null(buf);
        memset(buf, 'a', len);
        cr_assert_eq(tm_utf8_validate(buf, len), len, "length %zu", len);
        if (len > 0) {
            buf[len - 1] = '\xc3'; /* cut short by the end */
            cr_assert_eq(tm_utf8_validate(buf, len), len - 1, "length %zu", len);
        }
        free(buf);
    }
}

Test(document, layers_hold_spans_in_creation_order)
{
    tm_error err;
    const char *text = "one two three";
    tm_doc *d = tm_doc_new("x", text, strlen(text), &err);
    tm_layer *a = tm_doc_add_layer(d, "alpha");
    tm_layer *b = tm_doc_add_layer(d, "beta");
    cr_assert_eq(tm_doc_add_layer(d, "alpha"), a, "adding twice returns the same layer");
    cr_assert_eq(tm_doc_layer_count(d), 2);
    cr_assert_eq(tm_doc_layer_at(d, 1), b);
    tm_span *s = tm_layer_add(a, 4, 7, "NUM", &err);
    cr_assert_not_null(s);
    s->score = 0.25;
    s->has_score = true;
    s->attrs = json_pack("{s:s}", "rule", "test");
    cr_assert_not_null(tm_layer_add(a, 0, 3, NULL, &err));
    cr_assert_eq(tm_layer_size(a), 2);
    cr_assert_str_eq(tm_layer_span(a, 1)->label, "");
    tm_layer_sort(a);
    cr_assert_eq(tm_layer_span(a, 0)->start, 0);
    cr_assert_eq(tm_layer_span(a, 1)->start, 4);
    cr_assert_str_eq(tm_layer_span(a, 1)->label, "NUM");
    cr_assert(tm_doc_remove_layer(d, "alpha"));
    cr_assert_null(tm_doc_layer(d, "alpha"));
    cr_assert_not(tm_doc_remove_layer(d, "alpha"));
    tm_doc_free(d);
}

Test(document, sort_is_stable_and_puts_longer_spans_first)
{
    tm_error err;
    tm_doc *d = tm_doc_new("x", "abcdefgh", 8, &err);
    tm_layer *l = tm_doc_add_layer(d, "l");
    tm_layer_add(l, 2, 4, "B1", &err);
    tm_layer_add(l, 0, 2, "A", &err);
    tm_layer_add(l, 2, 6, "LONG", &err);
    tm_layer_add(l, 2, 4, "B2", &err);
    tm_layer_sort(l);
    const char *want[] = {"A", "LONG", "B1", "B2"};
    for (size_t i = 0; i < 4; i++)
        cr_assert_str_eq(tm_layer_span(l, i)->label, want[i]);
    tm_doc_free(d);
}

Test(document, refuses_spans_outside_the_text_or_inside_a_character)
{
    tm_error err;
    tm_doc *d = tm_doc_new("x", "né", 3, &err);
    tm_layer *l = tm_doc_add_layer(d, "l");
    cr_assert_null(tm_layer_add(l, 0, 4, "", &err));
    cr_assert_eq(err.code, TM_ERR_INVALID);
    cr_assert_null(tm_layer_add(l, 2, 1, "", &err));
    cr_assert_null(tm_layer_add(l, 0, 2, "", &err), "ends inside é");
    cr_assert(strstr(err.message, "splits a UTF-8 character"));
    cr_assert_not_null(tm_layer_add(l, 1, 3, "", &err));
    tm_doc_free(d);
}

Test(document, span_limit_is_a_clear_error)
{
    tm_error err;
    tm_doc *d = tm_doc_new("x", "aaaa", 4, &err);
    tm_doc_set_span_limit(d, 3);
    tm_layer *l = tm_doc_add_layer(d, "l");
    for (int i = 0; i < 3; i++)
        cr_assert_not_null(tm_layer_add(l, (size_t)i, (size_t)i + 1, "", &err));
    cr_assert_null(tm_layer_add(l, 3, 4, "", &err));
    cr_assert_eq(err.code, TM_ERR_LIMIT);
    tm_layer_clear(l);
    cr_assert_not_null(tm_layer_add(l, 3, 4, "", &err), "clearing frees the budget");
    tm_doc_free(d);
}

/* Deletes each 'x' of text into out, recording the map; returns the length. */
static size_t drop_x(const char *text, char *out, tm_offset_map *map)
{
    size_t o = 0, n = strlen(text);
    for (size_t i = 0; i < n; i++) {
        if (text[i] == 'x')
            continue;
        tm_offset_map_add(map, o, i);
        out[o++] = text[i];
    }
    tm_offset_map_add(map, o, n);
    out[o] = '\0';
    return o;
}

Test(document, rewrite_keeps_raw_text_and_maps_every_offset)
{
    tm_error err;
    const char *raw = "axbxxcd";
    tm_doc *d = tm_doc_new("x", raw, strlen(raw), &err);
    char *out = malloc(16);
    tm_offset_map *map = tm_offset_map_new();
    size_t n = drop_x(raw, out, map);
    cr_assert_eq(tm_doc_replace_text(d, out, n, map, &err), TM_OK);
    cr_assert_str_eq(tm_doc_text(d, NULL), "abcd");
    cr_assert_str_eq(tm_doc_raw_text(d, NULL), raw);
    cr_assert(tm_doc_text_rewritten(d));
    size_t want[] = {0, 2, 5, 6, 7}; /* a b c d end */
    for (size_t i = 0; i <= 4; i++)
        cr_assert_eq(tm_doc_raw_offset(d, i), want[i], "offset %zu -> %zu", i,
                     tm_doc_raw_offset(d, i));
    tm_doc_free(d);
}

Test(document, rewrites_compose_back_to_the_first_text)
{
    tm_error err;
    const char *raw = "xaxxbyc";
    tm_doc *d = tm_doc_new("x", raw, strlen(raw), &err);
    char *out = malloc(16);
    tm_offset_map *map = tm_offset_map_new();
    size_t n = drop_x(raw, out, map); /* "abyc" */
    tm_doc_replace_text(d, out, n, map, &err);
    /* Second rewrite: drop 'y' ("abyc" -> "abc"). */
    char *out2 = strdup("abc");
    tm_offset_map *m2 = tm_offset_map_new();
    tm_offset_map_add(m2, 0, 0);
    tm_offset_map_add(m2, 2, 3);
    tm_offset_map_add(m2, 3, 4);
    cr_assert_eq(tm_doc_replace_text(d, out2, 3, m2, &err), TM_OK);
    cr_assert_str_eq(tm_doc_raw_text(d, NULL), raw);
    size_t want[] = {1, 4, 6, 7}; /* a b c end in "xaxxbyc" */
    for (size_t i = 0; i <= 3; i++)
        cr_assert_eq(tm_doc_raw_offset(d, i), want[i], "offset %zu -> %zu", i,
                     tm_doc_raw_offset(d, i));
    tm_doc_free(d);
}

Test(document, rewrite_after_annotation_is_refused)
{
    tm_error err;
    tm_doc *d = tm_doc_new("x", "abc", 3, &err);
    tm_layer_add(tm_doc_add_layer(d, "l"), 0, 1, "", &err);
    char *t = strdup("ab");
    tm_offset_map *m = tm_offset_map_new();
    cr_assert_eq(tm_doc_replace_text(d, t, 2, m, &err), TM_ERR_INVALID);
    cr_assert_str_eq(tm_doc_text(d, NULL), "abc", "unchanged");
    tm_doc_free(d);
}

Test(document, rewrite_to_invalid_utf8_is_refused)
{
    tm_error err;
    tm_doc *d = tm_doc_new("x", "abc", 3, &err);
    char *t = strdup("a\xff" "c");
    cr_assert_eq(tm_doc_replace_text(d, t, 3, NULL, &err), TM_ERR_UTF8);
    cr_assert_str_eq(tm_doc_text(d, NULL), "abc");
    tm_doc_free(d);
}

Test(offset_map, stores_only_changes_of_distance)
{
    tm_offset_map *m = tm_offset_map_new();
    for (size_t i = 0; i < 100; i++)
        tm_offset_map_add(m, i, i + 5); /* one run: one point */
    cr_assert_eq(tm_offset_map_size(m), 1);
    cr_assert_eq(tm_offset_map_lookup(m, 50), 55);
    cr_assert_eq(tm_offset_map_add(m, 60, 1), TM_OK);
    cr_assert_eq(tm_offset_map_size(m), 2);
    cr_assert_eq(tm_offset_map_add(m, 10, 3), TM_ERR_INVALID, "offsets go forward");
    tm_offset_map_free(m);
}

Test(offset_map, inserted_text_stays_inside_its_source)
{
    /* One source byte at 4 became three bytes at 4..7. */
    tm_offset_map *m = tm_offset_map_new();
    tm_offset_map_add(m, 4, 4);
    tm_offset_map_add(m, 7, 5);
    cr_assert_eq(tm_offset_map_lookup(m, 4), 4);
    cr_assert_eq(tm_offset_map_lookup(m, 6), 5);
    cr_assert_eq(tm_offset_map_lookup(m, 7), 5);
    cr_assert_eq(tm_offset_map_lookup(m, 9), 7);
    tm_offset_map_free(m);
}

Test(utf8, encode_decode_and_length)
{
    char buf[4];
    int32_t cp;
    cr_assert_eq(tm_utf8_encode(0x20AC, buf), 3);
    cr_assert_eq(tm_utf8_decode(buf, 3, &cp), 3);
    cr_assert_eq(cp, 0x20AC);
    cr_assert_eq(tm_utf8_encode(0xD800, buf), 0, "surrogates are not encoded");
    cr_assert_eq(tm_utf8_length("né€😀", strlen("né€😀")), 4);
}

Test(utf8, repair_policies)
{
    tm_error err;
    size_t n;
    char *s = tm_utf8_repair("caf\xe9 \x93ok\x94", 9, TM_UTF8_CP1252, &n, &err);
    cr_assert_str_eq(s, "café “ok”");
    free(s);
    s = tm_utf8_repair("a\xff" "b", 3, TM_UTF8_REPLACE, &n, &err);
    cr_assert_str_eq(s, "a\xef\xbf\xbd" "b");
    cr_assert_eq(n, 5);
    free(s);
    cr_assert_null(tm_utf8_repair("a\xff", 2, TM_UTF8_ERROR, &n, &err));
    cr_assert_eq(err.code, TM_ERR_UTF8);
}

Test(error, format_names_every_known_place)
{
    tm_error err;
    tm_error_clear(&err);
    tm_error_set_file(&err, "p.json", 3, 7);
    tm_error_set_path(&err, "stages[1].config.x");
    tm_error_set(&err, TM_ERR_CONFIG, "bad %s", "value");
    char buf[256];
    cr_assert_str_eq(tm_error_format(&err, buf, sizeof buf),
                     "p.json:3:7: stages[1].config.x: bad value");
    tm_error_clear(&err);
    tm_error_set_doc_id(&err, "d7");
    tm_error_set_stage(&err, "tagger");
    tm_error_set(&err, TM_ERR_PROCESS, "boom");
    cr_assert_str_eq(tm_error_format(&err, buf, sizeof buf),
                     "document 'd7': stage 'tagger': boom");
}
