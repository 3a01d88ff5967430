/* common.c - see fuzz.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

tm_registry *fuzz_registry(void)
{
    static tm_registry *reg;
    if (!reg) {
        tm_error err;
        reg = tm_registry_new(&err);
        if (!reg || tm_registry_add_path(reg, TM_FUZZ_PLUGIN_DIR, &err) != TM_OK)
            fuzz_fail("cannot make a registry: %s", err.message);
    }
    return reg;
}

void fuzz_check_doc(const tm_doc *doc)
{
    size_t len;
    const char *text = tm_doc_text(doc, &len);
    if (tm_utf8_validate(text, len) != len || text[len] != '\0')
        fuzz_fail("the text of '%s' is not valid UTF-8 of %zu bytes", tm_doc_id(doc), len);
    for (size_t l = 0; l < tm_doc_layer_count(doc); l++) {
        const tm_layer *layer = tm_doc_layer_at(doc, l);
        for (size_t i = 0; i < tm_layer_size(layer); i++) {
            const tm_span *s = tm_layer_span(layer, i);
            if (s->start > s->end || s->end > len ||
                !tm_utf8_is_lead((unsigned char)text[s->start]) ||
                !tm_utf8_is_lead((unsigned char)text[s->end]))
                fuzz_fail("layer %s span %zu [%zu, %zu) is not a piece of the %zu bytes",
                          tm_layer_name(layer), i, s->start, s->end, len);
        }
    }
    for (unsigned flags = 0; flags < 4; flags++) {
        tm_error err;
        size_t n;
        char *fast = tm_doc_dumps(doc, flags, &n, &err);
        json_t *obj = tm_doc_to_json(doc, flags, &err);
        if (!fast || !obj)
            fuzz_fail("cannot write '%s' as JSON: %s", tm_doc_id(doc), err.message);
        char *slow = json_dumps(obj, JSON_COMPACT);
        if (!slow || strcmp(fast, slow) != 0)
            fuzz_fail("tm_doc_dumps and tm_doc_to_json disagree (flags %u):\n%s\n%s", flags,
                      fast, slow ? slow : "(null)");
        json_decref(obj);
        free(slow);
        json_error_t jerr;
        obj = json_loadb(fast, n, 0, &jerr);
        if (!obj)
            fuzz_fail("the JSON form does not parse: %s\n%s", jerr.text, fast);
        tm_doc *back = tm_doc_from_json(obj, NULL, &err);
        json_decref(obj);
        if (!back)
            fuzz_fail("the JSON form does not read back: %s\n%s", err.message, fast);
        char *again = tm_doc_dumps(back, flags, NULL, &err);
        if (!again || strcmp(again, fast) != 0)
            fuzz_fail("the JSON form changes when read back (flags %u):\n%s\n%s", flags, fast,
                      again ? again : "(null)");
        free(again);
        free(fast);
        tm_doc_free(back);
    }
}
