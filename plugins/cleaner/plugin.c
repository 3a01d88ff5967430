/*
 * plugin.c - the cleaner stage: options, data files and process.
 *
 * create reads the options into a cl_config and loads the data files the
 * options need (HTML entities, hyphenation words); process cleans the text
 * and, when it changed, replaces it with the map back to the old one. The
 * config is read-only after create and process keeps its scratch memory per
 * call, so one instance serves every worker thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <textmill/plugin.h>

#include "clean.h"

static const char *const markup_choices[] = {"auto", "html", "none", NULL};
static const char *const norm_choices[] = {"nfc", "nfkc", "none", NULL};

static const tm_option options[] = {
    {.name = "markup", .type = TM_OPT_STRING, .default_json = "\"auto\"",
     .choices = markup_choices,
     .help = "\"auto\" strips HTML when the text has an HTML tag (<p>, "
             "</div>, <br>...), \"html\" always: tags go, script/style/comments go "
             "with their content, entities are decoded, block elements "
             "(p, div, li, h1...) become paragraph breaks, <br> a line "
             "break, and source line breaks spaces (but in <pre>); "
             "\"none\" never (see decode_entities)."},
    {.name = "decode_entities", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Decode HTML character references (&amp; &#8217; &nbsp;) left "
             "in plain text, also when escaped twice (&amp;lt; -> <); "
             "stripped HTML always has them decoded."},
    {.name = "mojibake", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Repair UTF-8 that was decoded as Windows-1252 or Latin-1 "
             "(\"â€™\" -> \"’\", \"Ã©\" -> \"é\"), also when it happened twice; "
             "correct text is left alone."},
    {.name = "normalization", .type = TM_OPT_STRING, .default_json = "\"nfc\"",
     .choices = norm_choices,
     .help = "Unicode normalization: \"nfc\" composes characters (e + "
             "combining acute -> é), \"nfkc\" also folds compatibility "
             "forms (ligature ﬁ -> fi, full-width Ａ -> A, ² -> 2), "
             "\"none\" keeps them."},
    {.name = "remove_invisible", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Remove control characters (but tab and line ends) and whole "
             "terminal escapes (\\x1B[31m), zero-width spaces, byte order "
             "marks, soft hyphens and bidirectional controls; zero-width "
             "joiners stay (emoji, Indic scripts)."},
    {.name = "normalize_spaces", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Turn no-break, thin, en/em, ideographic and the other Unicode "
             "spaces into a plain space."},
    {.name = "ligatures", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Spell out Latin ligatures, which break words for search and "
             "tokenizers: ﬁ -> fi, ﬂ -> fl, ﬃ -> ffi, Ĳ -> IJ, ǆ -> dž "
             "(NFKC does this too)."},
    {.name = "full_width", .type = TM_OPT_BOOL, .default_json = "false",
     .help = "Turn full-width ASCII forms into ASCII (Ａ -> A, ！ -> !, "
             "１２ -> 12), as NFKC does, but leave the rest of the text "
             "alone."},
    {.name = "whitespace", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Line ends become \\n (CRLF, CR, U+2028; U+2029 and form feed "
             "a paragraph break), runs of spaces and tabs one space, lines "
             "and text are trimmed, blank lines between paragraphs become "
             "exactly one."},
    {.name = "unwrap_lines", .type = TM_OPT_BOOL, .default_json = "false",
     .help = "Join the hard-wrapped lines of a paragraph into one line "
             "(plain-text e-books, e-mail); lines that start a list item "
             "(\"- \", \"* \", \"1. \", \"a) \") stay on their own."},
    {.name = "join_hyphenated", .type = TM_OPT_BOOL, .default_json = "false",
     .help = "Join a word hyphenated across a line break (\"infra-\" + "
             "\"structure\" -> \"infrastructure\"), keeping the hyphen of "
             "compounds listed in data/hyphenation.txt (\"well-known\")."},
    {.name = "hyphen_keep", .type = TM_OPT_STRING_LIST, .default_json = "[]",
     .help = "More hyphenation entries for join_hyphenated: \"cyber-\" keeps "
             "the hyphen after that first part, \"-powered\" before that "
             "second part."},
    {.name = "hyphen_files", .type = TM_OPT_STRING_LIST, .default_json = "[]",
     .help = "More hyphenation files (format of data/hyphenation.txt); "
             "relative paths are from the pipeline file's folder."},
    {.name = "fold_punctuation", .type = TM_OPT_BOOL, .default_json = "false",
     .help = "Fold typography to ASCII: curly quotes to ' and \", en dashes "
             "and minus to -, em dashes to --, the ellipsis to ..."},
    {.name = "punctuation_spacing", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Remove spaces before . , ; : ! ? ) ] } and after ( [ {, as "
             "English typography has it (\"Russia .\" -> \"Russia.\"), and "
             "attach a quote left alone at a paragraph's end; \".5\" and "
             "\"a . . . b\" are kept. Turn off for French spacing."},
    {.name = "sentence_ends", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Collapse a doubled sentence end, \". .\" (or \"! .\", \"? .\"), "
             "into one mark; a spaced ellipsis \". . .\" is kept."},
    {0}};

static void config_free(cl_config *c)
{
    if (!c)
        return;
    cl_entities_free(&c->entities);
    cl_wordlist_free(&c->hyphen_keep_first);
    cl_wordlist_free(&c->hyphen_keep_second);
    free(c);
}

/* Joins dir and name into path, or fails with a clear message. */
static tm_status join_path(char *path, size_t size, const char *dir,
                           const char *name, tm_error *err)
{
    int n = name[0] == '/' ? snprintf(path, size, "%s", name)
                           : snprintf(path, size, "%s/%s", dir ? dir : ".",
                                      name);
    if (n < 0 || (size_t)n >= size)
        return tm_error_set(err, TM_ERR_CONFIG, "cleaner: path too long: %s",
                            name);
    return TM_OK;
}

static tm_status load_hyphenation(cl_config *c, const json_t *config,
                                  const tm_plugin_env *env, tm_error *err)
{
    char path[4096];
    tm_status rc = join_path(path, sizeof(path), env->data_dir,
                             "hyphenation.txt", err);
    if (rc == TM_OK)
        rc = cl_hyphen_load(&c->hyphen_keep_first, &c->hyphen_keep_second,
                            path, err);
    size_t files = tm_config_list_size(config, "hyphen_files");
    for (size_t i = 0; rc == TM_OK && i < files; i++) {
        const char *file = tm_config_list_at(config, "hyphen_files", i);
        rc = join_path(path, sizeof(path), env->pipeline_dir, file, err);
        if (rc == TM_OK)
            rc = cl_hyphen_load(&c->hyphen_keep_first, &c->hyphen_keep_second,
                                path, err);
    }
    size_t extra = tm_config_list_size(config, "hyphen_keep");
    for (size_t i = 0; rc == TM_OK && i < extra; i++) {
        const char *entry = tm_config_list_at(config, "hyphen_keep", i);
        char origin[64];
        snprintf(origin, sizeof(origin), "hyphen_keep[%zu]", i);
        rc = cl_hyphen_add(&c->hyphen_keep_first, &c->hyphen_keep_second,
                           entry, strlen(entry), origin, 0, err);
    }
    cl_wordlist_sort(&c->hyphen_keep_first);
    cl_wordlist_sort(&c->hyphen_keep_second);
    return rc;
}

static tm_status cleaner_create(const json_t *config, const tm_plugin_env *env,
                                void **instance, tm_error *err)
{
    cl_config *c = calloc(1, sizeof(*c));
    if (!c)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    const char *markup = tm_config_string(config, "markup");
    const char *norm = tm_config_string(config, "normalization");
    c->markup = strcmp(markup, "html") == 0   ? CL_MARKUP_HTML
                : strcmp(markup, "auto") == 0 ? CL_MARKUP_AUTO
                                              : CL_MARKUP_NONE;
    c->decode_entities = tm_config_bool(config, "decode_entities");
    c->mojibake = tm_config_bool(config, "mojibake");
    c->normalization = strcmp(norm, "nfkc") == 0   ? CL_NORM_NFKC
                       : strcmp(norm, "none") == 0 ? CL_NORM_NONE
                                                   : CL_NORM_NFC;
    c->remove_invisible = tm_config_bool(config, "remove_invisible");
    c->spaces = tm_config_bool(config, "normalize_spaces");
    c->ligatures = tm_config_bool(config, "ligatures");
    c->full_width = tm_config_bool(config, "full_width");
    c->whitespace = tm_config_bool(config, "whitespace");
    c->unwrap_lines = tm_config_bool(config, "unwrap_lines");
    c->join_hyphenated = tm_config_bool(config, "join_hyphenated");
    c->fold_punctuation = tm_config_bool(config, "fold_punctuation");
    c->punctuation_spacing = tm_config_bool(config, "punctuation_spacing");
    c->sentence_ends = tm_config_bool(config, "sentence_ends");

    bool need_entities = c->markup != CL_MARKUP_NONE || c->decode_entities;
    bool need_hyphens = c->join_hyphenated ||
                        tm_config_list_size(config, "hyphen_keep") > 0 ||
                        tm_config_list_size(config, "hyphen_files") > 0;
    if ((need_entities || need_hyphens) && !env->data_dir) {
        config_free(c);
        return tm_error_set(err, TM_ERR_CONFIG,
                            "cleaner: no data folder was found for the plugin "
                            "(it holds html_entities.txt and hyphenation.txt)");
    }
    tm_status rc = TM_OK;
    if (need_entities) {
        char path[4096];
        rc = join_path(path, sizeof(path), env->data_dir, "html_entities.txt",
                       err);
        if (rc == TM_OK)
            rc = cl_entities_load(&c->entities, path, err);
    }
    if (rc == TM_OK && need_hyphens)
        rc = load_hyphenation(c, config, env, err);
    if (rc != TM_OK) {
        config_free(c);
        return rc;
    }
    *instance = c;
    return TM_OK;
}

static tm_status cleaner_process(void *instance, tm_doc *doc, tm_error *err)
{
    const cl_config *c = instance;
    size_t len;
    const char *text = tm_doc_text(doc, &len);
    char *out;
    size_t out_len;
    tm_offset_map *map;
    tm_status rc = cl_clean(c, text, len, &out, &out_len, &map, err);
    if (rc != TM_OK || !out)
        return rc;
    /* The document takes out and map, also on failure. */
    return tm_doc_replace_text(doc, out, out_len, map, err);
}

static void cleaner_destroy(void *instance) { config_free(instance); }

TM_PLUGIN_DEFINE(.name = "cleaner", .version = "1.0.0",
                 .summary = "Repairs and normalizes messy text (mojibake, "
                            "Unicode, markup, spacing, punctuation), keeping "
                            "a map back to the raw input.",
                 .options = options,
                 .flags = TM_PLUGIN_REWRITES_TEXT | TM_PLUGIN_THREAD_SAFE,
                 .create = cleaner_create, .process = cleaner_process,
                 .destroy = cleaner_destroy);
