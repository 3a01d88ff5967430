/*
 * textmill/testing.h - Criterion helpers for testing plugins.
 *
 * Header only: include it after <criterion/criterion.h> is available (it
 * includes it) in a test program linked to libtextmill and Criterion. The
 * helpers load the real plugin through the public API, as `textmill run`
 * would, so a test exercises the option table, create, process and destroy.
 *
 *     #include <textmill/testing.h>
 *
 *     Test(shout, upper_cases_the_text)
 *     {
 *         tm_doc *doc = tm_test_run("shout", "{\"lowercase\": false}", "Hi there");
 *         tm_assert_text(doc, "HI THERE");
 *         tm_doc_free(doc);
 *     }
 *
 * Where plugins are found: the folder TM_TEST_PLUGIN_DIR names (the CMake
 * helper textmill_add_test defines it as the folder textmill_add_plugin
 * builds into), then the usual search path (TEXTMILL_PLUGIN_PATH, the
 * installed plugin folder).
 *
 * Every helper that cannot go on (a pipeline that does not load, a document
 * that fails) fails the current test with the formatted tm_error, so tests
 * read as a list of steps. The *_error variants are for tests that expect a
 * failure: they return the status and fill err instead.
 *
 * Offsets in these helpers are byte offsets, as everywhere in the C API.
 * Ownership: every returned object belongs to the caller (tm_doc_free,
 * tm_pipeline_free, tm_registry_free, free for strings), except where noted.
 */
#ifndef TEXTMILL_TESTING_H
#define TEXTMILL_TESTING_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <textmill/textmill.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Fails the current test with err's formatted text after what. */
static inline void tm_test_fail(const char *what, const tm_error *err)
{
    char buf[1536];
    cr_assert_fail("%s: %s", what, tm_error_format(err, buf, sizeof buf));
}

/* ---- building blocks ---------------------------------------------------- */

/* A registry searching TM_TEST_PLUGIN_DIR first. */
static inline tm_registry *tm_test_registry(void)
{
    tm_error err;
    tm_error_clear(&err);
    tm_registry *reg = tm_registry_new(&err);
    if (!reg)
        tm_test_fail("tm_registry_new", &err);
#ifdef TM_TEST_PLUGIN_DIR
    if (tm_registry_add_path(reg, TM_TEST_PLUGIN_DIR, &err) != TM_OK)
        tm_test_fail("tm_registry_add_path", &err);
#endif
    return reg;
}

/* Loads a pipeline from JSON text; reg must outlive it. */
static inline tm_pipeline *tm_test_pipeline(tm_registry *reg, const char *json)
{
    tm_error err;
    tm_error_clear(&err);
    tm_pipeline *p = tm_pipeline_load_string(reg, json, "<test>", NULL, &err);
    if (!p)
        tm_test_fail("the pipeline did not load", &err);
    return p;
}

/* Loads a pipeline that must NOT load; returns the status, err says why. */
static inline tm_status tm_test_pipeline_error(tm_registry *reg,
                                               const char *json, tm_error *err)
{
    tm_error_clear(err);
    tm_pipeline *p = tm_pipeline_load_string(reg, json, "<test>", NULL, err);
    if (p) {
        tm_pipeline_free(p);
        cr_assert_fail("the pipeline loaded, but a failure was expected: %s", json);
    }
    return err->code;
}

/* The JSON text of a one-stage pipeline: plugin with config, a JSON object
 * text (NULL = {}). Caller frees. */
static inline char *tm_test_stage_json(const char *plugin, const char *config)
{
    static const char fmt[] = "{\"stages\": [{\"plugin\": \"%s\", \"config\": %s}]}";
    if (!config)
        config = "{}";
    size_t n = sizeof fmt + strlen(plugin) + strlen(config);
    char *json = (char *)malloc(n);
    cr_assert_not_null(json, "out of memory");
    snprintf(json, n, fmt, plugin, config);
    return json;
}

/* A pipeline of one stage: plugin with config (JSON object text, NULL = {}). */
static inline tm_pipeline *tm_test_stage(tm_registry *reg, const char *plugin,
                                         const char *config)
{
    char *json = tm_test_stage_json(plugin, config);
    tm_pipeline *p = tm_test_pipeline(reg, json);
    free(json);
    return p;
}

/* A one-stage pipeline that must NOT load (a bad option, a bad data file):
 * returns the status, err says why. */
static inline tm_status tm_test_stage_error(const char *plugin,
                                            const char *config, tm_error *err)
{
    tm_registry *reg = tm_test_registry();
    char *json = tm_test_stage_json(plugin, config);
    tm_status rc = tm_test_pipeline_error(reg, json, err);
    free(json);
    tm_registry_free(reg);
    return rc;
}

/* A document with id "test" and a copy of text (valid UTF-8). */
static inline tm_doc *tm_test_doc(const char *text)
{
    tm_error err;
    tm_error_clear(&err);
    tm_doc *doc = tm_doc_new("test", text, strlen(text), &err);
    if (!doc)
        tm_test_fail("tm_doc_new", &err);
    return doc;
}

/* Runs the pipeline on doc; the document must go through. */
static inline void tm_test_process(tm_pipeline *p, tm_doc *doc)
{
    tm_error err;
    tm_error_clear(&err);
    if (tm_pipeline_process(p, doc, &err) != TM_OK)
        tm_test_fail("processing failed", &err);
}

/* Runs the pipeline on doc, which must fail; returns the status. */
static inline tm_status tm_test_process_error(tm_pipeline *p, tm_doc *doc,
                                              tm_error *err)
{
    tm_error_clear(err);
    tm_status rc = tm_pipeline_process(p, doc, err);
    cr_assert_neq(rc, TM_OK, "processing succeeded, but a failure was expected");
    return rc;
}

/* ---- one call --------------------------------------------------------- */

/* Runs one stage on text and returns the document (the registry and the
 * pipeline are freed before returning: everything in a document is its own). */
static inline tm_doc *tm_test_run(const char *plugin, const char *config,
                                  const char *text)
{
    tm_registry *reg = tm_test_registry();
    tm_pipeline *p = tm_test_stage(reg, plugin, config);
    tm_doc *doc = tm_test_doc(text);
    tm_test_process(p, doc);
    tm_pipeline_free(p);
    tm_registry_free(reg);
    return doc;
}

/* The same with a whole pipeline (JSON text). */
static inline tm_doc *tm_test_run_pipeline(const char *json, const char *text)
{
    tm_registry *reg = tm_test_registry();
    tm_pipeline *p = tm_test_pipeline(reg, json);
    tm_doc *doc = tm_test_doc(text);
    tm_test_process(p, doc);
    tm_pipeline_free(p);
    tm_registry_free(reg);
    return doc;
}

/* ---- looking at the result -------------------------------------------- */

/* The layer called name; fails the test when it is missing. Borrowed. */
static inline tm_layer *tm_test_layer(const tm_doc *doc, const char *name)
{
    tm_layer *layer = tm_doc_layer(doc, name);
    cr_assert_not_null(layer, "the document has no layer '%s'", name);
    return layer;
}

/* The text a span covers, as a new string. Caller frees. */
static inline char *tm_test_span_text(const tm_doc *doc, const tm_span *span)
{
    const char *text = tm_doc_text(doc, NULL);
    size_t n = span->end - span->start;
    char *s = (char *)malloc(n + 1);
    cr_assert_not_null(s, "out of memory");
    memcpy(s, text + span->start, n);
    s[n] = '\0';
    return s;
}

/* The layer as one line: every span as "text", or "LABEL:text" when it has a
 * label, separated by " | " ("" for an empty layer). Handy with
 * tm_assert_layer, whose failure message then shows both lines. Caller frees. */
static inline char *tm_test_layer_string(const tm_doc *doc, const char *name)
{
    const tm_layer *layer = tm_test_layer(doc, name);
    const char *text = tm_doc_text(doc, NULL);
    size_t cap = 1;
    for (size_t i = 0; i < tm_layer_size(layer); i++) {
        const tm_span *s = tm_layer_span(layer, i);
        cap += s->end - s->start + strlen(s->label) + 4;
    }
    char *out = (char *)malloc(cap);
    cr_assert_not_null(out, "out of memory");
    size_t len = 0;
    for (size_t i = 0; i < tm_layer_size(layer); i++) {
        const tm_span *s = tm_layer_span(layer, i);
        if (i > 0) {
            memcpy(out + len, " | ", 3);
            len += 3;
        }
        if (*s->label) {
            size_t n = strlen(s->label);
            memcpy(out + len, s->label, n);
            len += n;
            out[len++] = ':';
        }
        memcpy(out + len, text + s->start, s->end - s->start);
        len += s->end - s->start;
    }
    out[len] = '\0';
    return out;
}

/* The string value of a metadata key, or NULL (borrowed). */
static inline const char *tm_test_meta_string(tm_doc *doc, const char *key)
{
    return json_string_value(json_object_get(tm_doc_meta(doc), key));
}

/* ---- assertions ------------------------------------------------------- *
 * Macros, so that a failure points at the test's own line. */

/* The current text is exactly expected. */
#define tm_assert_text(doc, expected)                                          \
    cr_assert_str_eq(tm_doc_text((doc), NULL), (expected),                     \
                     "text:\n  got      \"%s\"\n  expected \"%s\"",           \
                     tm_doc_text((doc), NULL), (expected))

/* The layer, written as tm_test_layer_string does, is exactly expected:
 *     tm_assert_layer(doc, "entities", "PERSON:Ada Lovelace | PLACE:London"); */
#define tm_assert_layer(doc, name, expected)                                   \
    do {                                                                       \
        char *tm__got = tm_test_layer_string((doc), (name));                   \
        int tm__same = strcmp(tm__got, (expected)) == 0;                       \
        cr_expect(tm__same, "layer '%s':\n  got      \"%s\"\n  expected \"%s\"", \
                  (name), tm__got, (expected));                                \
        free(tm__got);                                                         \
        if (!tm__same)                                                         \
            criterion_abort_test(); /* after free: no leak reports */          \
    } while (0)

/* The layer holds n spans. */
#define tm_assert_layer_size(doc, name, n)                                     \
    cr_assert_eq(tm_layer_size(tm_test_layer((doc), (name))), (size_t)(n),     \
                 "layer '%s' has %zu spans, expected %zu", (name),             \
                 tm_layer_size(tm_test_layer((doc), (name))), (size_t)(n))

/* Span i of the layer covers the bytes [start, end) and has label. */
#define tm_assert_span(doc, name, i, start_, end_, label_)                     \
    do {                                                                       \
        const tm_layer *tm__l = tm_test_layer((doc), (name));                  \
        cr_assert_lt((size_t)(i), tm_layer_size(tm__l),                        \
                     "layer '%s' has no span %zu (it has %zu)", (name),        \
                     (size_t)(i), tm_layer_size(tm__l));                       \
        const tm_span *tm__s = tm_layer_span(tm__l, (size_t)(i));              \
        cr_assert(tm__s->start == (size_t)(start_) && tm__s->end == (size_t)(end_) && \
                      strcmp(tm__s->label, (label_)) == 0,                     \
                  "layer '%s' span %zu:\n  got      [%zu, %zu) \"%s\"\n"       \
                  "  expected [%zu, %zu) \"%s\"",                              \
                  (name), (size_t)(i), tm__s->start, tm__s->end, tm__s->label, \
                  (size_t)(start_), (size_t)(end_), (const char *)(label_));  \
    } while (0)

/* The metadata key holds the string expected. */
#define tm_assert_meta_string(doc, key, expected)                              \
    do {                                                                       \
        const char *tm__v = tm_test_meta_string((doc), (key));                 \
        cr_assert_not_null(tm__v, "metadata '%s' is missing or not a string", (key)); \
        cr_assert_str_eq(tm__v, (expected), "metadata '%s': got \"%s\", expected \"%s\"", \
                         (key), tm__v, (expected));                            \
    } while (0)

/* The bytes [start, end) of the current text come from raw_expected in the
 * raw text (the text the document was created with), through the offset map
 * of the stages that rewrote it. */
#define tm_assert_raw_text(doc, start_, end_, raw_expected)                    \
    do {                                                                       \
        size_t tm__rs = tm_doc_raw_offset((doc), (size_t)(start_));            \
        size_t tm__re = tm_doc_raw_offset((doc), (size_t)(end_));              \
        const char *tm__raw = tm_doc_raw_text((doc), NULL);                    \
        size_t tm__n = strlen(raw_expected);                                   \
        cr_assert(tm__re >= tm__rs && tm__re - tm__rs == tm__n &&              \
                      memcmp(tm__raw + tm__rs, (raw_expected), tm__n) == 0,    \
                  "raw text of [%zu, %zu): got [%zu, %zu) \"%.*s\", expected \"%s\"", \
                  (size_t)(start_), (size_t)(end_), tm__rs, tm__re,            \
                  tm__re >= tm__rs ? (int)(tm__re - tm__rs) : 0,               \
                  tm__raw + tm__rs, (raw_expected));                           \
    } while (0)

#ifdef __cplusplus
}
#endif
#endif
