/*
 * sdk_squeeze.c - a test-only plugin for the testing.h tests: rewrites the
 * text with every run of spaces squeezed to one, keeping the offset map.
 */
#include <stdlib.h>
#include <textmill/textmill.h>

static tm_status squeeze_create(const json_t *config, const tm_plugin_env *env,
                                void **instance, tm_error *err)
{
    (void)config, (void)env, (void)err;
    *instance = NULL;
    return TM_OK;
}

static tm_status squeeze_process(void *instance, tm_doc *doc, tm_error *err)
{
    (void)instance;
    size_t len, n = 0;
    const char *text = tm_doc_text(doc, &len);
    char *out = malloc(len + 1);
    tm_offset_map *map = tm_offset_map_new();
    tm_status rc = out && map ? TM_OK : TM_ERR_NOMEM;
    for (size_t i = 0; rc == TM_OK && i <= len; i++) {
        if (i < len && text[i] == ' ' && i > 0 && text[i - 1] == ' ')
            continue;
        /* Output byte n comes from input byte i (the end maps to the end);
         * the map stores only the points where the distance changes. */
        rc = tm_offset_map_add(map, n, i);
        if (i < len)
            out[n++] = text[i];
    }
    if (rc != TM_OK) {
        free(out);
        tm_offset_map_free(map);
        return tm_error_set(err, rc, "out of memory");
    }
    out[n] = '\0';
    return tm_doc_replace_text(doc, out, n, map, err);
}

TM_PLUGIN_DEFINE(.name = "sdk_squeeze", .version = "1.0.0",
                 .summary = "Test plugin: squeezes spaces.",
                 .flags = TM_PLUGIN_REWRITES_TEXT | TM_PLUGIN_THREAD_SAFE,
                 .create = squeeze_create, .process = squeeze_process);
