/* common.h - helpers for the entity_tagger tests. */
#ifndef ET_TEST_COMMON_H
#define ET_TEST_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include <textmill/document.h>
#include <textmill/pipeline.h>
#include <textmill/registry.h>

/* The registry shared by the tests (freed at exit). */
tm_registry *et_registry(void);

/* A pipeline of one entity_tagger stage with config (a JSON object text),
 * the sentences layer given as input. NULL on failure, with err set. */
tm_pipeline *et_pipeline(const char *config_json, tm_error *err);

/* A document of text whose sentences are its lines, tagged by p. */
tm_doc *et_tag(tm_pipeline *p, const char *text);

/* The entities found, as "LABEL text" strings. */
typedef struct et_found {
    size_t n;
    char **items;  /* "PERSON Emmanuel Macron" */
    char **rules;  /* the span's "rule" attribute */
} et_found;

et_found et_entities(const tm_doc *doc);
void et_found_free(et_found *f);

/* Tags text with the default configuration and returns what was found. */
et_found et_run_default(const char *text);

/* Whether "LABEL text" was found; its rule in *rule if asked. */
bool et_has(const et_found *f, const char *item);
const char *et_rule(const et_found *f, const char *item);
/* Whether any entity has this text (whatever its label). */
bool et_has_text(const et_found *f, const char *text);

/* Writes the found entities to stderr, to help when a test fails. */
void et_dump(const et_found *f);



/* Criterion checks that print what was found when they fail. */
#define EXPECT(f, item)                                                        \
    do {                                                                       \
        bool ok_ = et_has(&(f), (item));                                       \
        if (!ok_)                                                              \
            et_dump(&(f));                                                     \
        cr_expect(ok_, "expected [%s]", (item));                               \
    } while (0)
#define REJECT(f, item)                                                        \
    do {                                                                       \
        bool bad_ = et_has(&(f), (item));                                      \
        if (bad_)                                                              \
            et_dump(&(f));                                                     \
        cr_expect(!bad_, "[%s] should not be found", (item));                  \
    } while (0)
#define REJECT_TEXT(f, text)                                                   \
    do {                                                                       \
        bool bad_ = et_has_text(&(f), (text));                                 \
        if (bad_)                                                              \
            et_dump(&(f));                                                     \
        cr_expect(!bad_, "[%s] should not be an entity", (text));              \
    } while (0)
#endif
