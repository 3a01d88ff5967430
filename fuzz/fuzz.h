/* fuzz.h - what the libFuzzer targets share. Each target defines
 * LLVMFuzzerTestOneInput; a broken promise found on the way (a span outside
 * the text, a JSON form that does not read back) aborts, so that libFuzzer
 * keeps the input as a crash. */
#ifndef TM_FUZZ_H
#define TM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <textmill/textmill.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints the message on stderr and aborts. */
void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* A registry for the whole run (never freed): the build tree's stages, plus
 * the test plugins built for fuzzing (TM_FUZZ_PLUGIN_DIR). */
tm_registry *fuzz_registry(void);

/* Checks what every document must satisfy whatever the input: valid UTF-8
 * text without NUL, spans inside it on character boundaries, and a JSON form
 * (both writers agree) that reads back to a document with the same form. */
void fuzz_check_doc(const tm_doc *doc);

#endif
