/* common.h - helpers shared by the sentence_splitter tests. */
#ifndef SS_TEST_COMMON_H
#define SS_TEST_COMMON_H

#include <stddef.h>

#include <textmill/textmill.h>

/* The registry every test loads the plugin through (created on first use,
 * freed at exit). */
tm_registry *ss_registry(void);

/* Loads a one-stage pipeline with the given config object text ("{}" for
 * the defaults) from base_dir (NULL = "."). On failure returns NULL and
 * fills err. */
tm_pipeline *ss_pipeline(const char *config_json, const char *base_dir,
                         tm_error *err);

/* Splits text with pipeline p; returns a malloc'ed array of *count
 * malloc'ed sentence strings (free with ss_free_sentences), or NULL with err
 * set. */
char **ss_split_text(tm_pipeline *p, const char *text, size_t *count,
                     tm_error *err);
void ss_free_sentences(char **sentences, size_t count);

#endif
