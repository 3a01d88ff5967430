/* common.c - helpers shared by the sentence_splitter tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static tm_registry *registry;

static void free_registry(void)
{
    tm_registry_free(registry);
    registry = NULL;
}

tm_registry *ss_registry(void)
{
    if (!registry) {
        tm_error err;
        tm_error_clear(&err);
        registry = tm_registry_new(&err);
        if (registry)
            atexit(free_registry);
    }
    return registry;
}

tm_pipeline *ss_pipeline(const char *config_json, const char *base_dir,
                         tm_error *err)
{
    tm_registry *reg = ss_registry();
    if (!reg)
        return NULL;
    size_t n = strlen(config_json) + 128;
    char *json = malloc(n);
    if (!json)
        return NULL;
    snprintf(json, n,
             "{\"stages\":[{\"plugin\":\"sentence_splitter\",\"config\":%s}]}",
             config_json);
    tm_error_clear(err);
    tm_pipeline *p = tm_pipeline_load_string(reg, json, "<test>", base_dir, err);
    free(json);
    return p;
}

char **ss_split_text(tm_pipeline *p, const char *text, size_t *count,
                     tm_error *err)
{
    tm_error_clear(err);
    tm_doc *doc = tm_doc_new("test", text, strlen(text), err);
    if (!doc)
        return NULL;
    if (tm_pipeline_process(p, doc, err) != TM_OK) {
        tm_doc_free(doc);
        return NULL;
    }
    const tm_layer *layer = tm_doc_layer(doc, "sentences");
    size_t n = layer ? tm_layer_size(layer) : 0;
    char **out = calloc(n + 1, sizeof(*out));
    for (size_t i = 0; out && i < n; i++) {
        const tm_span *s = tm_layer_span(layer, i);
        out[i] = malloc(s->end - s->start + 1);
        memcpy(out[i], text + s->start, s->end - s->start);
        out[i][s->end - s->start] = '\0';
    }
    tm_doc_free(doc);
    *count = n;
    return out;
}

void ss_free_sentences(char **sentences, size_t count)
{
    if (!sentences)
        return;
    for (size_t i = 0; i < count; i++)
        free(sentences[i]);
    free(sentences);
}
