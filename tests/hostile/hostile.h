/* hostile.h - what the hostile-input tests share: a scratch folder, the
 * stages to run, the textmill command, and a check that a processed
 * document is sound. */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stdbool.h>
#include <stddef.h>
#include <textmill/textmill.h>

/* The scratch folder of the running test (made by hostile_setup, removed by
 * hostile_teardown, the .init and .fini of every suite here). */
#define HOSTILE_DIR_SIZE 64
extern char hostile_dir[HOSTILE_DIR_SIZE];
void hostile_setup(void);
void hostile_teardown(void);

/* hostile_dir/name, in a static buffer that the next call reuses. */
const char *scratch(const char *name);
/* Writes len bytes to hostile_dir/name. */
void put_bytes(const char *name, const void *bytes, size_t len);
void put_text(const char *name, const char *text);
/* The whole of hostile_dir/name, malloc'ed and NUL-terminated; *len its
 * length (if not NULL). NULL if it cannot be read. */
char *slurp(const char *name, size_t *len);

/* Fills buf with n bytes from a fixed-seed generator (the same every run). */
void random_bytes(unsigned char *buf, size_t n, unsigned seed);

/* The pipeline JSON of every shipped stage built in this tree, in pipeline
 * order (a stage whose required layer no present stage provides is left
 * out), then the test plugin "testgood" (a span per token), so that there is
 * always something to run. Static buffer. */
const char *all_stages_pipeline(void);
/* The same without testgood (for huge documents, where a span a token
 * would reach the span limit); testgood adding nothing if no shipped stage
 * is built. Static buffer. */
const char *shipped_pipeline(void);
/* How many shipped stages all_stages_pipeline has. */
int shipped_stage_count(void);

/* A registry that also finds the test plugins, and the pipeline of
 * all_stages_pipeline loaded from it. Both freed by hostile_teardown. */
tm_pipeline *stages(void);

/* Runs stages() on text and checks the result with check_doc. Returns the
 * status; err gets the error, if any. The document is freed. */
tm_status process_text(const char *text, size_t len, tm_error *err);

/* Asserts that every span of doc lies inside the text on character
 * boundaries and, when round_trip, that the JSON form reads back to a
 * document that writes the same JSON. */
void check_doc(const tm_doc *doc, bool round_trip);

/* Runs `textmill ARGS` in hostile_dir, with stdout to .out and stderr to
 * .err (read back into out_text and err_text, malloc'ed, replaced each
 * call). Under scripts/valgrind.sh the command runs inside valgrind
 * (TEXTMILL_TEST_WRAPPER), and a memory error fails the test. Returns the
 * exit code. */
extern char *out_text, *err_text;
int tm_cli(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* True when running under a wrapper such as valgrind: the huge cases then
 * use smaller inputs, which is enough for memcheck. */
bool under_wrapper(void);

/* Counts the lines of s. */
size_t count_lines(const char *s);

#endif
