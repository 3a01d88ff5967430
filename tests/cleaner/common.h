/* common.h - helpers for the cleaner tests: run the real plugin. */
#ifndef TEST_CLEANER_COMMON_H
#define TEST_CLEANER_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include <textmill/textmill.h>

/* A registry searching the build tree's plugin folder (one per test
 * process, freed at exit). */
tm_registry *test_registry(void);

/* The cleaner pipeline with config (JSON object text, NULL for defaults);
 * fails the test when it does not load. Caller frees. */
tm_pipeline *test_cleaner(const char *config);

/* Loads a cleaner pipeline that must fail; returns the status and fills
 * err. */
tm_status test_cleaner_error(const char *config, tm_error *err);

/* Runs p on text[0..len) and returns the document (caller frees). */
tm_doc *test_run_len(tm_pipeline *p, const char *text, size_t len);
tm_doc *test_run(tm_pipeline *p, const char *text);

/* The cleaned text of text under config (caller frees). */
char *test_clean(const char *config, const char *text);

/* Asserts cleaning text under config gives want. */
void test_expect(const char *config, const char *text, const char *want);

/* Asserts the offset map of doc is sound: offsets map inside the raw text,
 * in order, onto character starts; the end maps to the raw end; and each
 * ASCII letter or digit that the cleaner kept maps onto the same letter in
 * the raw text (kept means: the raw byte there is ASCII, and neither '&' nor
 * the start of an HTML tag). */
void test_check_map(const tm_doc *doc);

#endif
