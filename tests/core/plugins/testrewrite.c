/* testrewrite.c - rewrites the text: deletes every "x" and turns every "&"
 * into "and", keeping an offset map, so that tests can check raw offsets. */
#include <stdlib.h>
#include <string.h>
#include <textmill/textmill.h>

static tm_status rw_create(const json_t *c, const tm_plugin_env *e, void **o, tm_error *err)
{
    (void)c, (void)e, (void)err;
    *o = NULL;
    return TM_OK;
}

static tm_status rw_process(void *instance, tm_doc *doc, tm_error *err)
{
    (void)instance;
    size_t len;
    const char *t = tm_doc_text(doc, &len);
    char *out = malloc(len * 3 + 1);
    tm_offset_map *map = tm_offset_map_new();
    if (!out || !map) {
        free(out);
        tm_offset_map_free(map);
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    }
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == 'x')
            continue;
        tm_offset_map_add(map, o, i);
        if (t[i] == '&') {
            memcpy(out + o, "and", 3);
            o += 3;
            tm_offset_map_add(map, o, i + 1);
        } else {
            out[o++] = t[i];
        }
    }
    tm_offset_map_add(map, o, len);
    out[o] = '\0';
    return tm_doc_replace_text(doc, out, o, map, err);
}

TM_PLUGIN_DEFINE(.name = "testrewrite", .version = "1.0.0",
                 .summary = "Test plugin: deletes x, spells & as and.",
                 .flags = TM_PLUGIN_REWRITES_TEXT | TM_PLUGIN_THREAD_SAFE,
                 .create = rw_create, .process = rw_process);
