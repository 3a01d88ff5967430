/* common.c - helpers for the entity_tagger tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static tm_registry *registry;
static tm_pipeline *default_pipeline;

static void free_all(void)
{
    tm_pipeline_free(default_pipeline);
    tm_registry_free(registry);
}

tm_registry *et_registry(void)
{
    if (!registry) {
        tm_error err;
        tm_error_clear(&err);
        registry = tm_registry_new(&err);
        atexit(free_all);
    }
    return registry;
}

tm_pipeline *et_pipeline(const char *config_json, tm_error *err)
{
    size_t n = strlen(config_json) + 256;
    char *json = malloc(n);
    snprintf(json, n,
             "{\"input_layers\":[\"sentences\"],\"stages\":[{\"plugin\":"
             "\"entity_tagger\",\"config\":%s}]}",
             config_json);
    tm_error_clear(err);
    tm_pipeline *p = tm_pipeline_load_string(et_registry(), json, "<test>",
                                             TM_TEST_DIR, err);
    free(json);
    return p;
}

tm_doc *et_tag(tm_pipeline *p, const char *text)
{
    tm_error err;
    tm_error_clear(&err);
    tm_doc *doc = tm_doc_new("test", text, strlen(text), &err);
    if (!doc)
        return NULL;
    tm_layer *sents = tm_doc_add_layer(doc, "sentences");
    size_t s = 0, len = strlen(text);
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == '\n') {
            if (i > s)
                tm_layer_add(sents, s, i, "", &err);
            s = i + 1;
        }
    }
    if (tm_pipeline_process(p, doc, &err) != TM_OK) {
        fprintf(stderr, "process failed: %s\n", err.message);
        tm_doc_free(doc);
        return NULL;
    }
    return doc;
}

et_found et_entities(const tm_doc *doc)
{
    et_found f = {0};
    const tm_layer *l = tm_doc_layer(doc, "entities");
    size_t len;
    const char *text = tm_doc_text(doc, &len);
    f.n = l ? tm_layer_size(l) : 0;
    f.items = calloc(f.n + 1, sizeof(char *));
    f.rules = calloc(f.n + 1, sizeof(char *));
    for (size_t i = 0; i < f.n; i++) {
        const tm_span *sp = tm_layer_span(l, i);
        size_t n = strlen(sp->label) + (sp->end - sp->start) + 2;
        f.items[i] = malloc(n);
        snprintf(f.items[i], n, "%s %.*s", sp->label, (int)(sp->end - sp->start),
                 text + sp->start);
        json_t *rule = sp->attrs ? json_object_get(sp->attrs, "rule") : NULL;
        f.rules[i] = strdup(rule && json_is_string(rule) ? json_string_value(rule) : "");
    }
    return f;
}

void et_found_free(et_found *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->items[i]);
        free(f->rules[i]);
    }
    free(f->items);
    free(f->rules);
    memset(f, 0, sizeof(*f));
}

et_found et_run_default(const char *text)
{
    et_found f = {0};
    if (!default_pipeline) {
        tm_error err;
        default_pipeline = et_pipeline("{}", &err);
        if (!default_pipeline) {
            fprintf(stderr, "pipeline: %s\n", err.message);
            return f;
        }
    }
    tm_doc *doc = et_tag(default_pipeline, text);
    if (doc) {
        f = et_entities(doc);
        tm_doc_free(doc);
    }
    return f;
}

bool et_has(const et_found *f, const char *item)
{
    return et_rule(f, item) != NULL;
}

const char *et_rule(const et_found *f, const char *item)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->items[i], item) == 0)
            return f->rules[i];
    return NULL;
}

bool et_has_text(const et_found *f, const char *text)
{
    for (size_t i = 0; i < f->n; i++) {
        const char *sp = strchr(f->items[i], ' ');
        if (sp && strcmp(sp + 1, text) == 0)
            return true;
    }
    return false;
}

void et_dump(const et_found *f)
{
    for (size_t i = 0; i < f->n; i++)
        fprintf(stderr, "  [%s] (%s)\n", f->items[i], f->rules[i]);
}
