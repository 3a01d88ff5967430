/*
 * plugin.c - the sentence_splitter stage: options, lists and the layer.
 *
 * create loads the language's abbreviation and sentence-starter lists (data
 * folder), then the user's files and extra entries, into hash sets; process
 * runs ss_split over the text and writes the "sentences" layer. The instance
 * is read-only after create, so one instance serves every worker thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <textmill/plugin.h>

#include "lists.h"
#include "split.h"

static const char *const languages[] = {"en", "de", "fr", "es", "ru", NULL};
static const char *const line_modes[] = {"auto", "space", "boundary", NULL};

static const tm_option options[] = {
    {.name = "language", .type = TM_OPT_STRING, .default_json = "\"en\"",
     .choices = languages,
     .help = "Language of the text: picks the built-in lists "
             "data/abbrev/LANG.txt, data/starters/LANG.txt and "
             "data/speech_verbs/LANG.txt."},
    {.name = "line_breaks", .type = TM_OPT_STRING, .default_json = "\"auto\"",
     .choices = line_modes,
     .help = "Single line breaks: \"auto\" ends a sentence after headlines "
             "and before list items and joins wrapped lines, \"space\" always "
             "joins lines, \"boundary\" ends a sentence at every line break "
             "(blank lines always end one)."},
    {.name = "builtin_abbreviations", .type = TM_OPT_BOOL,
     .default_json = "true",
     .help = "Load the language's built-in abbreviation list; false to use "
             "only abbreviation_files and extra_abbreviations."},
    {.name = "abbreviation_files", .type = TM_OPT_STRING_LIST,
     .default_json = "[]",
     .help = "More abbreviation files, one entry a line (\"Dr. title\", "
             "\"!No\" removes one); relative paths are from the pipeline "
             "file's folder."},
    {.name = "extra_abbreviations", .type = TM_OPT_STRING_LIST,
     .default_json = "[]",
     .help = "More abbreviations, each written as a line of an abbreviation "
             "file: \"Approx.\", \"Cllr. title\", \"viz. prefix\", "
             "\"etc. final\", \"!Co.\" (removes one)."},
    {.name = "extra_sentence_starters", .type = TM_OPT_STRING_LIST,
     .default_json = "[]",
     .help = "More words that often begin a sentence; after an ambiguous "
             "abbreviation (\"Inc.\", \"U.S.\") such a word starts a new "
             "one; \"Word strong\" also after a title (\"St.\")."},
    {0}};

static const char *const provides[] = {"sentences", NULL};

/* Languages whose ordinals are written "3." ("am 3. Mai"). */
static bool has_ordinal_dot(const char *lang)
{
    return strcmp(lang, "de") == 0;
}

static void rules_free(ss_rules *r)
{
    if (!r)
        return;
    ss_wordset_free(&r->abbrevs);
    ss_wordset_free(&r->starters);
    ss_wordset_free(&r->speech_verbs);
    free(r);
}

/* Loads data_dir/folder/lang.txt into set. */
static tm_status load_builtin(ss_wordset *set, ss_list_kind kind,
                              const char *data_dir, const char *folder,
                              const char *lang, tm_error *err)
{
    char path[4096];
    int n = snprintf(path, sizeof(path), "%s/%s/%s.txt", data_dir, folder, lang);
    if (n < 0 || (size_t)n >= sizeof(path))
        return tm_error_set(err, TM_ERR_CONFIG, "data folder path too long: %s",
                            data_dir);
    return ss_list_load_file(set, kind, path, err);
}

/* Adds every string of the list option name, each as one list line. */
static tm_status add_strings(ss_wordset *set, ss_list_kind kind,
                             const json_t *config, const char *name,
                             tm_error *err)
{
    size_t count = tm_config_list_size(config, name);
    for (size_t i = 0; i < count; i++) {
        const char *s = tm_config_list_at(config, name, i);
        char origin[96];
        snprintf(origin, sizeof(origin), "%s[%zu]", name, i);
        if (strchr(s, '\n'))
            return tm_error_set(err, TM_ERR_CONFIG,
                                "%s: one entry per string, without line breaks",
                                origin);
        tm_status rc = ss_list_add(set, kind, s, strlen(s), origin, 0, err);
        if (rc != TM_OK)
            return rc;
    }
    return TM_OK;
}

static tm_status splitter_create(const json_t *config, const tm_plugin_env *env,
                                 void **instance, tm_error *err)
{
    const char *lang = tm_config_string(config, "language");
    const char *mode = tm_config_string(config, "line_breaks");
    if (!env->data_dir)
        return tm_error_set(err, TM_ERR_CONFIG,
                            "sentence_splitter: no data folder was found for "
                            "the plugin (it holds abbrev/%s.txt, "
                            "starters/%s.txt and speech_verbs/%s.txt)",
                            lang, lang, lang);

    ss_rules *r = calloc(1, sizeof(*r));
    if (!r)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    r->lines = strcmp(mode, "space") == 0      ? SS_LINES_SPACE
               : strcmp(mode, "boundary") == 0 ? SS_LINES_BOUNDARY
                                               : SS_LINES_AUTO;
    r->ordinal_dot = has_ordinal_dot(lang);

    tm_status rc = TM_OK;
    if (tm_config_bool(config, "builtin_abbreviations"))
        rc = load_builtin(&r->abbrevs, SS_LIST_ABBREVIATIONS, env->data_dir,
                          "abbrev", lang, err);
    if (rc == TM_OK)
        rc = load_builtin(&r->starters, SS_LIST_STARTERS, env->data_dir,
                          "starters", lang, err);
    if (rc == TM_OK)
        rc = load_builtin(&r->speech_verbs, SS_LIST_WORDS, env->data_dir,
                          "speech_verbs", lang, err);

    size_t files = tm_config_list_size(config, "abbreviation_files");
    for (size_t i = 0; rc == TM_OK && i < files; i++) {
        const char *file = tm_config_list_at(config, "abbreviation_files", i);
        char path[4096];
        int n = file[0] == '/'
                    ? snprintf(path, sizeof(path), "%s", file)
                    : snprintf(path, sizeof(path), "%s/%s",
                               env->pipeline_dir ? env->pipeline_dir : ".",
                               file);
        if (n < 0 || (size_t)n >= sizeof(path)) {
            rc = tm_error_set(err, TM_ERR_CONFIG, "path too long: %s", file);
            break;
        }
        rc = ss_list_load_file(&r->abbrevs, SS_LIST_ABBREVIATIONS, path, err);
        if (rc != TM_OK) {
            char at[64];
            snprintf(at, sizeof(at), "abbreviation_files[%zu]", i);
            tm_error_set_path(err, at);
        }
    }
    if (rc == TM_OK) {
        rc = add_strings(&r->abbrevs, SS_LIST_ABBREVIATIONS, config,
                         "extra_abbreviations", err);
        if (rc != TM_OK)
            tm_error_set_path(err, "extra_abbreviations");
    }
    if (rc == TM_OK) {
        rc = add_strings(&r->starters, SS_LIST_STARTERS, config,
                         "extra_sentence_starters", err);
        if (rc != TM_OK)
            tm_error_set_path(err, "extra_sentence_starters");
    }
    if (rc != TM_OK) {
        rules_free(r);
        return rc;
    }
    *instance = r;
    return TM_OK;
}

typedef struct emit_ctx {
    tm_layer *layer;
    tm_error *err;
} emit_ctx;

static int add_sentence(void *ctx, size_t start, size_t end)
{
    emit_ctx *c = ctx;
    return tm_layer_add(c->layer, start, end, NULL, c->err) ? 0 : -1;
}

static tm_status splitter_process(void *instance, tm_doc *doc, tm_error *err)
{
    const ss_rules *r = instance;
    size_t len;
    const char *text = tm_doc_text(doc, &len);
    tm_layer *layer = tm_doc_add_layer(doc, "sentences");
    if (!layer)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    tm_layer_clear(layer); /* a second run replaces the first one's spans */
    emit_ctx ctx = {layer, err};
    if (ss_split(r, text, len, add_sentence, &ctx) != 0)
        return err && err->code != TM_OK ? err->code : TM_ERR_PROCESS;
    return TM_OK;
}

static void splitter_destroy(void *instance)
{
    rules_free(instance);
}

TM_PLUGIN_DEFINE(
    .name = "sentence_splitter", .version = "1.0.0",
    .summary = "Splits the text into sentences (the \"sentences\" layer).",
    .options = options, .provides = provides, .flags = TM_PLUGIN_THREAD_SAFE,
    .create = splitter_create, .process = splitter_process,
    .destroy = splitter_destroy);
