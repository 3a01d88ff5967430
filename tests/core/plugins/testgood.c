/* testgood.c - a well-formed test plugin: adds a "words" layer (one span a
 * token of the shared tokenizer) and exercises every option type. */
#include <stdlib.h>
#include <string.h>
#include <textmill/textmill.h>

static const char *const modes[] = {"all", "capitalized", NULL};

static const tm_option options[] = {
    {.name = "mode", .type = TM_OPT_STRING, .default_json = "\"all\"", .choices = modes,
     .help = "Which tokens to keep."},
    {.name = "min_length", .type = TM_OPT_INT, .default_json = "1", .has_range = 1,
     .min = 1, .max = 100, .help = "Shortest token kept, in bytes."},
    {.name = "weight", .type = TM_OPT_NUMBER, .default_json = "0.5", .has_range = 1,
     .min = 0, .max = 1, .help = "Score given to each span."},
    {.name = "label", .type = TM_OPT_STRING, .default_json = "\"W\"",
     .help = "Label of the spans."},
    {.name = "stop", .type = TM_OPT_STRING_LIST, .default_json = "[]",
     .help = "Tokens never kept."},
    {.name = "strict", .type = TM_OPT_BOOL, .default_json = "false", .help = "Unused."},
    {.name = "extra", .type = TM_OPT_OBJECT, .default_json = "{}", .help = "Unused."},
    {0}};

typedef struct inst {
    int capitalized_only;
    size_t min_length;
    double weight;
    char label[32];
    json_t *stop; /* owned array */
} inst;

static tm_status good_create(const json_t *config, const tm_plugin_env *env,
                             void **out, tm_error *err)
{
    (void)env;
    inst *in = calloc(1, sizeof *in);
    if (!in)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    in->capitalized_only = strcmp(tm_config_string(config, "mode"), "capitalized") == 0;
    in->min_length = (size_t)tm_config_int(config, "min_length");
    in->weight = tm_config_number(config, "weight");
    snprintf(in->label, sizeof in->label, "%s", tm_config_string(config, "label"));
    in->stop = json_deep_copy(json_object_get(config, "stop"));
    *out = in;
    return TM_OK;
}

static int stopped(const inst *in, const char *s, size_t n)
{
    for (size_t i = 0; i < json_array_size(in->stop); i++) {
        const char *w = json_string_value(json_array_get(in->stop, i));
        if (strlen(w) == n && memcmp(w, s, n) == 0)
            return 1;
    }
    return 0;
}

static tm_status good_process(void *instance, tm_doc *doc, tm_error *err)
{
    inst *in = instance;
    size_t len;
    const char *text = tm_doc_text(doc, &len);
    tm_tokens toks = {0};
    if (tm_tokenize(text, 0, len, &toks) != TM_OK)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    tm_layer *layer = tm_doc_add_layer(doc, "words");
    tm_status rc = layer ? TM_OK : tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == TM_OK && i < toks.size; i++) {
        const tm_token *t = &toks.items[i];
        if (t->end - t->start < in->min_length || stopped(in, text + t->start, t->end - t->start))
            continue;
        if (in->capitalized_only && !(t->flags & TM_TOK_CAPITALIZED))
            continue;
        tm_span *s = tm_layer_add(layer, t->start, t->end, in->label, err);
        if (!s) {
            rc = err->code;
            break;
        }
        s->score = in->weight;
        s->has_score = true;
    }
    tm_tokens_free(&toks);
    return rc;
}

static void good_destroy(void *instance)
{
    inst *in = instance;
    json_decref(in->stop);
    free(in);
}

static const char *const provides[] = {"words", NULL};

TM_PLUGIN_DEFINE(.name = "testgood", .version = "1.0.0",
                 .summary = "Test plugin: a span per token.", .options = options,
                 .provides = provides, .flags = TM_PLUGIN_THREAD_SAFE,
                 .create = good_create, .process = good_process,
                 .destroy = good_destroy);
