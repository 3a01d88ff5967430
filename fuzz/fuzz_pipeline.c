/* fuzz_pipeline.c - the pipeline loader on arbitrary pipeline text: syntax,
 * keys, option validation, plugin lookup, layer order and each stage's
 * create with whatever config gets through. A pipeline that loads runs on
 * one small document. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* Inputs naming files to load code from are left out: dlopen() of any
 * library on the system (their constructors, their bugs) is not what is
 * being tested, and loading by path is refused unless asked for anyway. */
static int loads_files(const char *text)
{
    json_t *root = json_loads(text, 0, NULL);
    if (!root)
        return 0;
    int found = json_object_get(root, "plugin_path") != NULL;
    size_t i;
    json_t *stage;
    json_array_foreach(json_object_get(root, "stages"), i, stage)
        found |= json_object_get(stage, "plugin_file") != NULL;
    json_decref(root);
    return found;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    if (!loads_files(text)) {
        tm_error err;
        tm_pipeline *p = tm_pipeline_load_string(fuzz_registry(), text, "<fuzz>",
                                                 TM_FUZZ_DIR, &err);
        if (!p && err.code == TM_OK)
            fuzz_fail("a pipeline failed to load without an error code");
        if (p) {
            static const char sample[] = "Dr. Ada Byron met Mr. Babbage in London on "
                                         "5 June 1833. \"Why?\" she asked (twice).";
            tm_doc *doc = tm_doc_new("fuzz", sample, sizeof sample - 1, &err);
            if (tm_pipeline_process(p, doc, &err) == TM_OK)
                fuzz_check_doc(doc);
            tm_doc_free(doc);
            tm_pipeline_free(p);
        }
    }
    free(text);
    return 0;
}
