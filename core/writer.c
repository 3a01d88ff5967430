/* writer.c - writing documents and error records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Prints s[0..n) on one line: line breaks shown as a visible mark. */
static void put_inline(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            fputs("\u23CE", f);
        else if (s[i] != '\r')
            fputc(s[i], f);
    }
}

static tm_status write_text(FILE *f, const tm_doc *doc, tm_error *err)
{
    fprintf(f, "=== %s ===\n", doc->id);
    fwrite(doc->text, 1, doc->len, f);
    if (doc->len == 0 || doc->text[doc->len - 1] != '\n')
        fputc('\n', f);
    const json_t *summary = json_object_get(doc->meta, "summary");
    if (json_is_string(summary))
        fprintf(f, "--- summary\n%s\n", json_string_value(summary));
    tm__cpindex ix;
    if (tm__cpindex_init(&ix, doc->text, doc->len) < 0)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    for (size_t l = 0; l < doc->layer_count; l++) {
        const tm_layer *layer = doc->layers[l];
        fprintf(f, "--- %s (%zu)\n", layer->name, layer->size);
        for (size_t i = 0; i < layer->size; i++) {
            const tm_span *s = &layer->spans[i];
            fprintf(f, "%6zu-%-6zu %s%s", tm__cpindex_to_cp(&ix, s->start),
                    tm__cpindex_to_cp(&ix, s->end), s->label, s->label[0] ? "  " : "");
            put_inline(f, doc->text + s->start, s->end - s->start);
            fputc('\n', f);
        }
    }
    tm__cpindex_free(&ix);
    fputc('\n', f);
    if (ferror(f))
        return tm_error_set(err, TM_ERR_IO, "cannot write the output");
    return TM_OK;
}

tm_status tm_write_doc(FILE *f, const tm_doc *doc, tm_output_format format,
                       unsigned json_flags, tm_error *err)
{
    if (format == TM_OUTPUT_TEXT)
        return write_text(f, doc, err);
    return tm__write_jsonl(f, doc, json_flags, err);
}

tm_status tm_write_error_record(FILE *f, const tm_error *e, const char *raw,
                                size_t raw_len)
{
    json_t *o = json_object();
    if (!o)
        return TM_ERR_NOMEM;
    json_object_set_new(o, "id", json_string(e->doc_id));
    if (e->stage[0])
        json_object_set_new(o, "stage", json_string(e->stage));
    json_object_set_new(o, "code", json_string(tm_status_name(e->code)));
    char msg[1024];
    json_object_set_new(o, "error", json_string(tm_error_format(e, msg, sizeof msg)));
    if (e->file[0])
        json_object_set_new(o, "file", json_string(e->file));
    if (e->line > 0)
        json_object_set_new(o, "line", json_integer(e->line));
    if (raw) {
        /* The input line as it was, parsed when it is JSON so that the record
         * can be fed back as is; as a string otherwise. */
        json_t *in = json_loadb(raw, raw_len, 0, NULL);
        if (!json_is_object(in)) {
            json_decref(in);
            size_t n;
            char *text = tm_utf8_repair(raw, raw_len, TM_UTF8_REPLACE, &n, NULL);
            in = text ? json_stringn(text, n) : NULL;
            free(text);
        }
        json_object_set_new(o, "input", in);
    }
    int rc = json_dumpf(o, f, JSON_COMPACT);
    json_decref(o);
    if (rc != 0 || fputc('\n', f) == EOF)
        return TM_ERR_IO;
    return TM_OK;
}

/* ---- the writer object ---- */

struct tm_writer {
    FILE *f;
    tm_output_format format;
    unsigned json_flags;
};

int tm_output_format_parse(const char *name)
{
    static const char *const names[] = {"jsonl", "text", "html", "conll", "brat"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0)
            return (int)i;
    return -1;
}

tm_writer *tm_writer_new(FILE *f, const char *dir, tm_output_format format,
                         unsigned json_flags, tm_error *err)
{
    (void)dir;
    if (format != TM_OUTPUT_JSONL && format != TM_OUTPUT_TEXT) {
        tm_error_set(err, TM_ERR_INVALID, "this output format is not available yet");
        return NULL;
    }
    tm_writer *w = calloc(1, sizeof *w);
    if (!w) {
        tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        return NULL;
    }
    *w = (tm_writer){f, format, json_flags};
    return w;
}

tm_status tm_writer_write(tm_writer *w, const tm_doc *doc, tm_error *err)
{
    return tm_write_doc(w->f, doc, w->format, w->json_flags, err);
}

tm_status tm_writer_finish(tm_writer *w, tm_error *err)
{
    if (fflush(w->f) != 0)
        return tm_error_set(err, TM_ERR_IO, "cannot write the output");
    return TM_OK;
}

void tm_writer_free(tm_writer *w)
{
    free(w);
}
