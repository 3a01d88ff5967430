/* fuzz_jsonl.c - the JSON Lines reader on arbitrary bytes, read from a
 * memory file through tm_reader as `textmill run` reads a file. The first
 * byte picks the UTF-8 policy and the line limit. Every document read must
 * be sound and must write, in every output format, without failing. */
#define _GNU_SOURCE /* memfd_create */
#include <stdio.h>
#include <stdlib.h>
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
        write_all_formats(doc);
        tm_doc_free(doc);
    }
    tm_reader_free(r);
    close(fd);
    return 0;
}
