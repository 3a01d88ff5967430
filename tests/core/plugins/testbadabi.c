/* testbadabi.c - a plugin built for an ABI major version that does not exist. */
#include <textmill/textmill.h>

static tm_status create(const json_t *c, const tm_plugin_env *e, void **o, tm_error *err)
{
    (void)c, (void)e, (void)err;
    *o = NULL;
    return TM_OK;
}

static tm_status process(void *i, tm_doc *d, tm_error *err)
{
    (void)i, (void)d, (void)err;
    return TM_OK;
}

TM_PLUGIN_API const tm_plugin tm_plugin_descriptor = {
    .abi_major = TM_ABI_MAJOR + 98, .abi_minor = 0, .struct_size = sizeof(tm_plugin),
    .name = "testbadabi", .version = "1.0.0", .summary = "Test: wrong ABI.",
    .create = create, .process = process};
