/* common.c - helpers for the cleaner tests (see common.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "common.h"

static tm_registry *registry;

static void free_registry(void) { tm_registry_free(registry); }

tm_registry *test_registry(void)
{
    if (registry)
        return registry;
    tm_error err;
    tm_error_clear(&err);
    registry = tm_registry_new(&err);
    cr_assert_not_null(registry, "tm_registry_new: %s", err.message);
    cr_assert_eq(tm_registry_add_path(registry, TM_BUILD_DIR "/plugins", &err),
                 TM_OK, "%s", err.message);
    atexit(free_registry);
    return registry;
}

static char *pipeline_json(const char *config)
{
    size_t n = strlen(config ? config : "{}") + 64;
    char *json = malloc(n);
    cr_assert_not_null(json);
    snprintf(json, n, "{\"stages\":[{\"plugin\":\"cleaner\",\"config\":%s}]}",
             config ? config : "{}");
    return json;
}

tm_pipeline *test_cleaner(const char *config)
{
    char *json = pipeline_json(config);
    tm_error err;
    tm_error_clear(&err);
    tm_pipeline *p = tm_pipeline_load_string(test_registry(), json, "<test>",
                                             TM_TEST_DIR, &err);
    char buf[1024];
    cr_assert_not_null(p, "pipeline %s: %s", json,
                       tm_error_format(&err, buf, sizeof(buf)));
    free(json);
    return p;
}

tm_status test_cleaner_error(const char *config, tm_error *err)
{
    char *json = pipeline_json(config);
    tm_error_clear(err);
    tm_pipeline *p = tm_pipeline_load_string(test_registry(), json, "<test>",
                                             TM_TEST_DIR, err);
    free(json);
    cr_assert_null(p, "the pipeline %s loaded", config);
    return err->code;
}

tm_doc *test_run_len(tm_pipeline *p, const char *text, size_t len)
{
    tm_error err;
    tm_error_clear(&err);
    tm_doc *doc = tm_doc_new("test", text, len, &err);
    cr_assert_not_null(doc, "tm_doc_new: %s", err.message);
    char buf[1024];
    cr_assert_eq(tm_pipeline_process(p, doc, &err), TM_OK, "process: %s",
                 tm_error_format(&err, buf, sizeof(buf)));
    return doc;
}

tm_doc *test_run(tm_pipeline *p, const char *text)
{
    return test_run_len(p, text, strlen(text));
}

char *test_clean(const char *config, const char *text)
{
    tm_pipeline *p = test_cleaner(config);
    tm_doc *doc = test_run(p, text);
    test_check_map(doc);
    char *out = strdup(tm_doc_text(doc, NULL));
    tm_doc_free(doc);
    tm_pipeline_free(p);
    return out;
}

void test_expect(const char *config, const char *text, const char *want)
{
    char *got = test_clean(config, text);
    cr_expect_str_eq(got, want, "config %s\n  input: [%s]\n  got:   [%s]\n  want:  [%s]",
                     config ? config : "{}", text, got, want);
    free(got);
}

static bool is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

void test_check_map(const tm_doc *doc)
{
    size_t len, raw_len;
    const char *text = tm_doc_text(doc, &len);
    const char *raw = tm_doc_raw_text(doc, &raw_len);
    cr_assert_eq(tm_doc_raw_offset(doc, len), raw_len,
                 "the end maps to %zu, not to the raw end %zu",
                 tm_doc_raw_offset(doc, len), raw_len);
    size_t last = 0;
    for (size_t i = 0; i < len; i++) {
        if (!tm_utf8_is_lead((unsigned char)text[i]))
            continue;
        size_t r = tm_doc_raw_offset(doc, i);
        cr_assert_lt(r, raw_len, "offset %zu maps past the raw text", i);
        cr_assert(tm_utf8_is_lead((unsigned char)raw[r]),
                  "offset %zu maps inside a raw character (%zu)", i, r);
        cr_assert_geq(r, last, "offset %zu maps before the one before it", i);
        last = r;
        unsigned char c = (unsigned char)text[i], rc = (unsigned char)raw[r];
        if (is_alnum(c) && rc < 0x80 && rc != '&' && rc != '<')
            cr_assert_eq(rc, c,
                         "cleaned '%c' at %zu maps to raw '%c' at %zu", c, i,
                         rc, r);
    }
}
