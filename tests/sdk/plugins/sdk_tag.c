/*
 * sdk_tag.c - a test-only plugin for the testing.h tests: the "tags" layer
 * holds every word of at least min_length bytes, labelled CAP when it starts
 * with a capital and unlabelled otherwise, scored by its length. A document
 * containing fail_on (when not empty) fails.
 */
#include <stdlib.h>
#include <string.h>
#include <textmill/textmill.h>

typedef struct tag {
    long long min_length;
    char *fail_on; /* owned */
} tag;

static const tm_option options[] = {
    {.name = "min_length", .type = TM_OPT_INT, .default_json = "1",
     .has_range = 1, .min = 1, .max = 10, .help = "Shortest word tagged, in bytes."},
    {.name = "fail_on", .type = TM_OPT_STRING, .default_json = "\"\"",
     .help = "Fail documents that contain this string (empty: never)."},
    {0}};

static tm_status tag_create(const json_t *config, const tm_plugin_env *env,
                            void **instance, tm_error *err)
{
    (void)env;
    tag *t = calloc(1, sizeof *t);
    if (!t || !(t->fail_on = strdup(tm_config_string(config, "fail_on")))) {
        free(t);
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    }
    t->min_length = tm_config_int(config, "min_length");
    *instance = t;
    return TM_OK;
}

static tm_status tag_process(void *instance, tm_doc *doc, tm_error *err)
{
    const tag *t = instance;
    size_t len;
    const char *text = tm_doc_text(doc, &len);
    if (t->fail_on[0] && strstr(text, t->fail_on))
        return tm_error_set(err, TM_ERR_PROCESS, "found '%s'", t->fail_on);
    tm_layer *layer = tm_doc_add_layer(doc, "tags");
    tm_tokens toks = {0};
    tm_status rc = layer ? tm_tokenize(text, 0, len, &toks) : TM_ERR_NOMEM;
    for (size_t i = 0; rc == TM_OK && i < toks.size; i++) {
        const tm_token *k = &toks.items[i];
        if (!(k->flags & TM_TOK_WORD) || (long long)(k->end - k->start) < t->min_length)
            continue;
        tm_span *s = tm_layer_add(layer, k->start, k->end,
                                  k->flags & TM_TOK_CAPITALIZED ? "CAP" : NULL, err);
        if (!s)
            rc = err->code;
        else
            s->score = (double)(k->end - k->start), s->has_score = true;
    }
    tm_tokens_free(&toks);
    return rc;
}

static void tag_destroy(void *instance)
{
    tag *t = instance;
    free(t->fail_on);
    free(t);
}

static const char *const provides[] = {"tags", NULL};

TM_PLUGIN_DEFINE(.name = "sdk_tag", .version = "1.0.0",
                 .summary = "Test plugin: tags words.", .options = options,
                 .provides = provides, .flags = TM_PLUGIN_THREAD_SAFE,
                 .create = tag_create, .process = tag_process,
                 .destroy = tag_destroy);
