/* testbaddesc.c - a descriptor without a process callback. */
#include <textmill/textmill.h>

static tm_status create(const json_t *c, const tm_plugin_env *e, void **o, tm_error *err)
{
    (void)c, (void)e, (void)err;
    *o = NULL;
    return TM_OK;
}

TM_PLUGIN_DEFINE(.name = "testbaddesc", .version = "1.0.0",
                 .summary = "Test: no process callback.", .create = create);
