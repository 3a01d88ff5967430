/* Limits: the largest document, the longest JSON Lines line, the deepest
 * JSON nesting and the most spans. Each one fails the document it concerns
 * with a clear error, and the input after it is still read. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"

TestSuite(limits, .init = hostile_setup, .fini = hostile_teardown, .timeout = 600);

static tm_reader *open_reader(const char *const *names, size_t n, size_t max_doc)
{
    const char *paths[4];
    static char copies[4][512];
    for (size_t i = 0; i < n; i++) {
        snprintf(copies[i], sizeof copies[i], "%s", scratch(names[i]));
        paths[i] = copies[i];
    }
    tm_reader_options opts = {.max_doc_bytes = max_doc};
    tm_error err;
    tm_reader *r = tm_reader_new(paths, n, &opts, &err);
    cr_assert_not_null(r);
    return r;
}

static char *filled(size_t n, char c)
{
    char *s = malloc(n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

Test(limits, largest_document)
{
    char *big = filled(2000, 'a');
    put_text("big.txt", big);
    big[1000] = '\0';
    put_text("exact.txt", big);
    put_text("small.txt", "Small.");
    const char *names[] = {"big.txt", "exact.txt", "small.txt"};
    tm_reader *r = open_reader(names, 3, 1000);
    tm_doc *doc;
    tm_error err;
    cr_assert_eq(tm_reader_next(r, &doc, &err), TM_READ_BAD);
    cr_assert_eq(err.code, TM_ERR_LIMIT);
    cr_assert(strstr(err.message, "larger than the limit of 1000 bytes (--max-doc-size)"),
              "%s", err.message);
    cr_assert(strstr(err.file, "big.txt"), "the error names the file: %s", err.file);
    cr_assert_eq(tm_reader_next(r, &doc, &err), TM_READ_DOC, "exactly the limit is fine");
    tm_doc_free(doc);
    cr_assert_eq(tm_reader_next(r, &doc, &err), TM_READ_DOC, "the next file is read");
    cr_assert_str_eq(tm_doc_text(doc, NULL), "Small.");
    tm_doc_free(doc);
    cr_assert_eq(tm_reader_next(r, &doc, &err), TM_READ_END);
    tm_reader_free(r);
    free(big);
}

Test(limits, endless_input_stops_at_the_limit)
{
    /* A device that never ends: the reader must give up at the limit rather
     * than read until memory runs out. */
    tm_reader_options opts = {.format = TM_INPUT_TEXT, .max_doc_bytes = 1 << 20};
    const char *path = "/dev/zero";
    tm_error err;
    tm_reader *r = tm_reader_new(&path, 1, &opts, &err);
    tm_doc *doc;
    cr_assert_eq(tm_reader_next(r, &doc, &err), TM_READ_BAD);
    cr_assert_eq(err.code, TM_ERR_LIMIT, "%s", err.message);
    tm_reader_free(r);
}

Test(limits, longest_line)
{
    char *line = filled(3000, 'x');
    char *file = malloc(4000);
    snprintf(file, 4000,
             "{\"id\": \"short\", \"text\": \"Short.\"}\n"
             "{\"id\": \"long\", \"text\": \"%s\"}\n"
             "{\"id\": \"after\", \"text\": \"After.\"}\n", line);
    put_text("lines.jsonl", file);
    const char *names[] = {"lines.jsonl"};
    tm_reader *r = open_reader(names, 1, 1000);
    tm_doc *doc;
    tm_error err;
    cr_assert_eq(tm_reader_next(r, &doc, &err), TM_READ_DOC);
    tm_doc_free(doc);
    cr_assert_eq(tm_reader_next(r, &doc, &err), TM_READ_BAD);
    cr_assert_eq(err.code, TM_ERR_LIMIT);
    cr_assert_eq(err.line, 2);
    cr_assert(strstr(err.message, "longer than the limit of 1000 bytes"), "%s", err.message);
    size_t raw_len;
    tm_reader_last_raw(r, &raw_len);
    cr_assert_eq(raw_len, 0, "the oversized line is not kept");
    cr_assert_eq(tm_reader_next(r, &doc, &err), TM_READ_DOC);
    cr_assert_str_eq(tm_doc_id(doc), "after");
    cr_assert_eq(tm_doc_raw_offset(doc, 0), 0);
    tm_doc_free(doc);
    tm_reader_free(r);
    free(line);
    free(file);
}

static void deep_line(const char *name, size_t depth)
{
    size_t n = depth - 1; /* the document object is one level */
    char *file = malloc(2 * n + 100);
    char *p = file + sprintf(file, "{\"id\": \"d%zu\", \"text\": \"Deep.\", \"m\": ", depth);
    memset(p, '[', n);
    memset(p + n, ']', n);
    strcpy(p + 2 * n, "}\n");
    put_text(name, file);
    free(file);
}

Test(limits, deepest_json_nesting)
{
    deep_line("ok.jsonl", 1000);
    deep_line("over.jsonl", 1001);
    deep_line("far.jsonl", 300000);
    const char *names[] = {"ok.jsonl", "over.jsonl", "far.jsonl"};
    tm_reader *r = open_reader(names, 3, 0);
    tm_doc *doc;
    tm_error err;
    cr_assert_eq(tm_reader_next(r, &doc, &err), TM_READ_DOC, "1000 levels: %s", err.message);
    check_doc(doc, true);
    tm_doc_free(doc);
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(tm_reader_next(r, &doc, &err), TM_READ_BAD);
        cr_assert_eq(err.code, TM_ERR_LIMIT);
        cr_assert(strstr(err.message, "more than 1000 levels deep"), "%s", err.message);
        cr_assert_eq(err.line, 1);
    }
    cr_assert_eq(tm_reader_next(r, &doc, &err), TM_READ_END);
    tm_reader_free(r);
}

Test(limits, deep_pipeline_files_are_refused_cleanly)
{
    tm_error err;
    tm_registry *reg = tm_registry_new(&err);
    size_t n = 200000;
    char *json = malloc(2 * n + 64);
    memset(json, '[', n);
    memset(json + n, ']', n);
    json[2 * n] = '\0';
    cr_assert_null(tm_pipeline_load_string(reg, json, "<deep>", NULL, &err));
    cr_assert_eq(err.code, TM_ERR_SYNTAX, "%s", err.message);
    cr_assert_eq(err.line, 1);
    /* Deep inside an object option, within what JSON parsing allows. */
    char *p = json + sprintf(json, "{\"stages\": [{\"plugin\": \"testgood\", \"config\": "
                                   "{\"extra\": {\"a\": ");
    for (int i = 0; i < 1500; i++)
        p += sprintf(p, "[");
    for (int i = 0; i < 1500; i++)
        p += sprintf(p, "]");
    strcpy(p, "}}}]}");
    cr_assert_eq(tm_registry_add_path(reg, TM_TEST_PLUGIN_DIR, &err), TM_OK);
    tm_pipeline *pl = tm_pipeline_load_string(reg, json, "<deep>", NULL, &err);
    cr_assert_not_null(pl, "%s", err.message);
    tm_pipeline_free(pl);
    tm_registry_free(reg);
    free(json);
}

/* n short words: n spans from testgood. */
static char *words(size_t n, size_t *len)
{
    *len = 2 * n;
    char *s = malloc(*len + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + 2 * i, "w ", 2);
    s[*len] = '\0';
    return s;
}

static tm_pipeline *testgood_only(tm_registry **reg)
{
    tm_error err;
    *reg = tm_registry_new(&err);
    cr_assert_eq(tm_registry_add_path(*reg, TM_TEST_PLUGIN_DIR, &err), TM_OK);
    tm_pipeline *p = tm_pipeline_load_string(
        *reg, "{\"stages\": [{\"plugin\": \"testgood\"}]}", "<t>", NULL, &err);
    cr_assert_not_null(p, "%s", err.message);
    return p;
}

Test(limits, most_spans_set_on_the_document)
{
    tm_registry *reg;
    tm_pipeline *p = testgood_only(&reg);
    size_t len;
    char *text = words(1000, &len);
    tm_error err;
    tm_doc *doc = tm_doc_new("many", text, len, &err);
    tm_doc_set_span_limit(doc, 100);
    cr_assert_eq(tm_pipeline_process(p, doc, &err), TM_ERR_LIMIT);
    cr_assert(strstr(err.message, "limit of 100 spans"), "%s", err.message);
    cr_assert_str_eq(err.stage, "testgood", "the error names the stage");
    cr_assert_str_eq(err.doc_id, "many", "and the document");
    tm_doc_free(doc);
    free(text);
    tm_pipeline_free(p);
    tm_registry_free(reg);
}

Test(limits, most_spans_by_default)
{
    /* Eleven million one-letter words: past the default of ten million spans
     * the stage fails the document instead of eating all memory. */
    tm_registry *reg;
    tm_pipeline *p = testgood_only(&reg);
    size_t len;
    char *text = words(11000000, &len);
    tm_error err;
    tm_doc *doc = tm_doc_new("flood", text, len, &err);
    free(text);
    cr_assert_eq(tm_pipeline_process(p, doc, &err), TM_ERR_LIMIT, "%s", err.message);
    cr_assert(strstr(err.message, "limit of 10000000 spans"), "%s", err.message);
    tm_doc_free(doc);
    tm_pipeline_free(p);
    tm_registry_free(reg);
}

Test(limits, offset_maps_from_input_stay_inside_the_raw_text)
{
    /* A JSON line whose offset map points past its raw text (regression:
     * --raw-offsets read past the end of the raw text). */
    put_text("map.jsonl",
             "{\"id\": \"m\", \"text\": \"abc\", \"raw_text\": \"ab\\u00e9\", "
             "\"offset_map\": [[0, 2]]}\n");
    const char *names[] = {"map.jsonl"};
    tm_reader *r = open_reader(names, 1, 0);
    tm_doc *doc;
    tm_error err;
    cr_assert_eq(tm_reader_next(r, &doc, &err), TM_READ_DOC, "%s", err.message);
    size_t raw_len;
    tm_doc_raw_text(doc, &raw_len);
    for (size_t i = 0; i <= 3; i++)
        cr_assert_leq(tm_doc_raw_offset(doc, i), raw_len);
    tm_layer *layer = tm_doc_add_layer(doc, "x");
    cr_assert_not_null(tm_layer_add(layer, 0, 3, "L", &err));
    char *line = tm_doc_dumps(doc, TM_JSON_RAW_OFFSETS, NULL, &err);
    cr_assert_not_null(line);
    cr_assert(strstr(line, "\"raw_start\":2,\"raw_end\":3"), "%s", line);
    free(line);
    tm_doc_free(doc);
    tm_reader_free(r);
}
