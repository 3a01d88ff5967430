/* fuzz_stage.c - one shipped stage (TM_FUZZ_STAGE, set by CMake) on
 * arbitrary bytes. The bytes become text as the reader makes it
 * (tm_utf8_repair: the first byte picks U+FFFD or Windows-1252 for bad
 * bytes); the stages the target needs run first (the sentence splitter
 * before the entity tagger, say). The stage may refuse a document with an
 * error, but it must not crash, hang, leak or leave an unsound document. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static const char *const shipped[] = {"cleaner", "sentence_splitter", "entity_tagger",
                                      "summarizer"};

static int provides_any(const tm_plugin *p, const char *const *needed, size_t n)
{
    for (const char *const *l = p->provides; l && *l; l++)
        for (size_t i = 0; i < n; i++)
            if (strcmp(*l, needed[i]) == 0)
                return 1;
    return 0;
}

/* The target stage and, before it, the shipped stages that provide what it
 * (or they) require. */
static tm_pipeline *make_pipeline(void)
{
    tm_error err;
    tm_registry *reg = fuzz_registry();
    const char *needed[32];
    size_t nneeded = 0, target = 0;
    int use[4] = {0};
    while (target < 4 && strcmp(shipped[target], TM_FUZZ_STAGE) != 0)
        target++;
    if (target == 4)
        fuzz_fail("unknown stage %s", TM_FUZZ_STAGE);
    for (size_t i = target + 1; i-- > 0;) {
        const tm_plugin_info *info = tm_registry_find(reg, shipped[i], &err);
        if (!info)
            continue;
        if (i == target || provides_any(info->plugin, needed, nneeded)) {
            use[i] = 1;
            for (const char *const *l = info->plugin->requires_layers; l && *l && nneeded < 32; l++)
                needed[nneeded++] = *l;
        }
    }
    char json[512] = "{\"stages\": [";
    for (size_t i = 0; i <= target; i++)
        if (use[i])
            snprintf(json + strlen(json), sizeof json - strlen(json), "%s{\"plugin\": \"%s\"}",
                     json[strlen(json) - 1] == '[' ? "" : ", ", shipped[i]);
    strcat(json, "]}");
    tm_pipeline *p = tm_pipeline_load_string(reg, json, "<fuzz>", NULL, &err);
    if (!p)
        fuzz_fail("%s: %s", json, err.message);
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static tm_pipeline *pipeline;
    if (!pipeline)
        pipeline = make_pipeline();
    if (size < 1)
        return 0;
    tm_error err;
    size_t len;
    tm_utf8_policy policy = data[0] & 1 ? TM_UTF8_CP1252 : TM_UTF8_REPLACE;
    char *text = tm_utf8_repair((const char *)data + 1, size - 1, policy, &len, &err);
    if (!text)
        fuzz_fail("repair failed: %s", err.message);
    tm_doc *doc = tm_doc_new("fuzz", text, len, &err);
    free(text);
    if (!doc)
        fuzz_fail("a repaired text was refused: %s", err.message);
    tm_status rc = tm_pipeline_process(pipeline, doc, &err);
    if (rc != TM_OK && !err.message[0])
        fuzz_fail("stage failed without a message");
    fuzz_check_doc(doc);
    tm_doc_free(doc);
    return 0;
}
