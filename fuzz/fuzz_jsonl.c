/* fuzz_jsonl.c - the JSON Lines reader on arbitrary bytes, read from a
 * memory file through tm_reader as `textmill run` reads a file. The first
 * byte picks the UTF-8 policy and the line limit. Every document read must
 * be sound and must write, in every output format, without failing; and the
 * direct reader of plain lines must give what jansson gives. */
#define _GNU_SOURCE /* memfd_create */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

static void write_all_formats(const tm_doc *doc)
{
    static FILE *sink;
    if (!sink && !(sink = fopen("/dev/null", "w")))
        fuzz_fail("cannot open /dev/null");
    static const tm_output_format formats[] = {TM_OUTPUT_JSONL, TM_OUTPUT_TEXT,
                                               TM_OUTPUT_HTML, TM_OUTPUT_CONLL};
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        tm_error err;
        tm_writer *w = tm_writer_new(sink, NULL, formats[i], TM_JSON_RAW_OFFSETS, &err);
        if (!w || tm_writer_write(w, doc, &err) != TM_OK || tm_writer_finish(w, &err) != TM_OK)
            fuzz_fail("format %d cannot write '%s': %s", (int)formats[i], tm_doc_id(doc),
                      err.message);
        tm_writer_free(w);
    }
}

/* Under the strict UTF-8 policy a line reaches the parsers as it is: the
 * document read must equal the one jansson makes of the same line. */
static void check_same_as_jansson(tm_reader *r, const tm_doc *doc)
{
    size_t len;
    const char *line = tm_reader_last_raw(r, &len);
    json_t *o = line ? json_loadb(line, len, 0, NULL) : NULL;
    tm_error err;
    tm_doc *slow = o ? tm_doc_from_json(o, tm_doc_id(doc), &err) : NULL;
    json_decref(o);
    if (!slow)
        fuzz_fail("'%s' was read, but jansson rejects its line", tm_doc_id(doc));
    char *a = tm_doc_dumps(doc, 0, &len, &err), *b = tm_doc_dumps(slow, 0, &len, &err);
    if (!a || !b || strcmp(a, b) != 0 || strcmp(tm_doc_id(doc), tm_doc_id(slow)) != 0)
        fuzz_fail("the line of '%s' reads differently with jansson", tm_doc_id(doc));
    free(a);
    free(b);
    tm_doc_free(slow);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int fd = memfd_create("fuzz.jsonl", 0);
    if (fd < 0 || write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
        fuzz_fail("cannot make a memory file");
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    const char *inputs[] = {path};
    tm_reader_options opts = {.format = TM_INPUT_JSONL,
                              .utf8 = (tm_utf8_policy)(data[0] % 3),
                              .max_doc_bytes = data[0] & 0x80 ? 64 : 0};
    tm_error err;
    tm_reader *r = tm_reader_new(inputs, 1, &opts, &err);
    tm_doc *doc;
    tm_read_result res;
    while ((res = tm_reader_next(r, &doc, &err)) != TM_READ_END) {
        if (res == TM_READ_BAD) {
            if (err.code == TM_OK || !err.message[0])
                fuzz_fail("a bad line without a reason");
            continue;
        }
        fuzz_check_doc(doc);
        if (opts.utf8 == TM_UTF8_ERROR)
            check_same_as_jansson(r, doc);
        write_all_formats(doc);
        tm_doc_free(doc);
    }
    tm_reader_free(r);
    close(fd);
    return 0;
}
