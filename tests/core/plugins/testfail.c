/* testfail.c - fails on request: in create when "fail_create" is true, in
 * process on a document whose text contains "FAIL", and it requires the
 * "words" layer (to test layer order). */
#include <stdlib.h>
#include <string.h>
#include <textmill/textmill.h>

static const tm_option options[] = {
    {.name = "fail_create", .type = TM_OPT_BOOL, .default_json = "false",
     .help = "Fail in create."},
    {.name = "required_thing", .type = TM_OPT_STRING, .default_json = NULL,
     .help = "A required option."},
    {0}};

static tm_status fail_create(const json_t *config, const tm_plugin_env *env, void **out,
                             tm_error *err)
{
    (void)env;
    *out = NULL;
    if (tm_config_bool(config, "fail_create"))
        return tm_error_set(err, TM_ERR_CONFIG, "asked to fail (fail_create is true)");
    return TM_OK;
}

static tm_status fail_process(void *instance, tm_doc *doc, tm_error *err)
{
    (void)instance;
    if (strstr(tm_doc_text(doc, NULL), "FAIL"))
        return tm_error_set(err, TM_ERR_PROCESS, "the text asks to fail");
    return TM_OK;
}

static const char *const requires[] = {"words", NULL};

TM_PLUGIN_DEFINE(.name = "testfail", .version = "0.1.0",
                 .summary = "Test plugin that fails on request.", .options = options,
                 .requires_layers = requires, .flags = TM_PLUGIN_THREAD_SAFE,
                 .create = fail_create, .process = fail_process);
