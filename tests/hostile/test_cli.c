/* Hostile input end to end: `textmill run` with every stage built here.
 * These are the cases scripts/valgrind.sh runs under memcheck (there the
 * big inputs shrink, see under_wrapper). Every output line must be a JSON
 * object, every failure a line on stderr, and the exit code must say which. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"

TestSuite(cli, .init = hostile_setup, .fini = hostile_teardown, .timeout = 900);

static void write_pipeline(void) { put_text("p.json", all_stages_pipeline()); }

/* Asserts that out_text is n JSON objects, one a line, each a document that
 * reads back; returns the first one's "text" length in code points. */
static size_t check_output(size_t n)
{
    cr_assert_eq(count_lines(out_text), n, "%zu output lines expected:\n%.500s", n, out_text);
    size_t first_len = 0;
    char *line = out_text;
    for (size_t i = 0; i < n; i++) {
        char *nl = strchr(line, '\n');
        json_error_t jerr;
        json_t *obj = json_loadb(line, (size_t)(nl - line), 0, &jerr);
        cr_assert_not_null(obj, "output line %zu is JSON: %s", i + 1, jerr.text);
        tm_error err;
        tm_doc *doc = tm_doc_from_json(obj, NULL, &err);
        cr_assert_not_null(doc, "output line %zu reads back: %s", i + 1, err.message);
        if (i == 0)
            first_len = tm_utf8_length(tm_doc_text(doc, NULL), strlen(tm_doc_text(doc, NULL)));
        tm_doc_free(doc);
        json_decref(obj);
        line = nl + 1;
    }
    return first_len;
}

Test(cli, empty_files)
{
    write_pipeline();
    put_bytes("empty.txt", "", 0);
    put_bytes("empty.jsonl", "", 0);
    cr_assert_eq(tm_cli("run -q p.json empty.txt empty.jsonl"), 0, "%s", err_text);
    check_output(1);
    cr_assert(strstr(out_text, "\"id\":\"empty.txt\",\"text\":\"\""), "%s", out_text);
    /* Empty standard input is not JSON Lines: one empty text document. */
    cr_assert_eq(tm_cli("run -q p.json -"), 0, "%s", err_text);
    check_output(1);
    cr_assert(strstr(out_text, "{\"id\":\"-\",\"text\":\"\""), "%s", out_text);
}

Test(cli, nul_and_binary_files)
{
    write_pipeline();
    char zeros[1000] = {0};
    put_bytes("zeros.txt", zeros, sizeof zeros);
    put_bytes("zeros.jsonl", zeros, sizeof zeros);
    size_t n = under_wrapper() ? 20000 : 500000;
    unsigned char *junk = malloc(n);
    random_bytes(junk, n, 11);
    put_bytes("junk.bin", junk, n);
    free(junk);
    cr_assert_eq(tm_cli("run -e errors.jsonl p.json zeros.txt zeros.jsonl junk.bin"), 1);
    cr_assert(strstr(err_text, "3 documents in, 0 out, 3 failed"), "%s", err_text);
    char *errors = slurp("errors.jsonl", NULL);
    cr_assert_eq(count_lines(errors), 3, "%s", errors);
    cr_assert(strstr(errors, "NUL byte at byte offset 0"), "%s", errors);
    free(errors);
    cr_assert_eq(tm_cli("run -q --invalid-utf8 replace p.json zeros.txt junk.bin"), 0, "%s",
                 err_text);
    cr_assert_eq(check_output(2), 1000, "each NUL became one U+FFFD");
    cr_assert_eq(tm_cli("run -q --invalid-utf8 cp1252 --input-format text p.json junk.bin"), 0,
                 "%s", err_text);
    check_output(1);
}

Test(cli, invalid_overlong_and_surrogate_utf8)
{
    write_pipeline();
    put_text("bad.jsonl", "{\"id\": \"overlong\", \"text\": \"A \xC0\xAF slash.\"}\n"
                          "{\"id\": \"surrogate\", \"text\": \"A \xED\xA0\x80 half pair.\"}\n"
                          "{\"id\": \"escaped\", \"text\": \"A \\udbff half pair.\"}\n"
                          "{\"id\": \"high\", \"text\": \"Past \xF4\x90\x80\x80 the end.\"}\n"
                          "{\"id\": \"cut\", \"text\": \"Cut \xE2\x82\"}\n"
                          "{\"id\": \"good\", \"text\": \"Fine \xE2\x82\xAC.\"}\n");
    cr_assert_eq(tm_cli("run p.json bad.jsonl"), 1);
    cr_assert(strstr(err_text, "6 documents in, 1 out, 5 failed"), "%s", err_text);
    cr_assert(strstr(err_text, "bad.jsonl:1"), "%s", err_text);
    check_output(1);
    cr_assert_eq(tm_cli("run --invalid-utf8 replace p.json bad.jsonl"), 1);
    cr_assert(strstr(err_text, "6 documents in, 5 out, 1 failed"), "only the escaped "
              "surrogate is left: %s", err_text);
    check_output(5);
    cr_assert(strstr(out_text, "\"text\":\"A \xEF\xBF\xBD\xEF\xBF\xBD slash.\""), "%s",
              out_text);
}

Test(cli, hundred_megabytes_on_one_line)
{
    put_text("p.json", shipped_pipeline());
    size_t mb = under_wrapper() ? 1 : 100, n = mb << 20;
    /* Sentences of words: one line, no newline anywhere. */
    static const char sentence[] = "The quick brown fox from Leeds met Dr. Ann Smith in May. ";
    char *text = malloc(n + 64), *p = text;
    while ((size_t)(p - text) + sizeof sentence <= n) {
        memcpy(p, sentence, sizeof sentence - 1);
        p += sizeof sentence - 1;
    }
    while ((size_t)(p - text) < n)
        *p++ = 'z';
    put_bytes("big.txt", text, n);
    FILE *f = fopen(scratch("big.jsonl"), "wb");
    fprintf(f, "{\"id\": \"big\", \"text\": \"");
    fwrite(text, 1, n, f);
    fprintf(f, "\"}\n{\"id\": \"small\", \"text\": \"Small.\"}\n");
    fclose(f);
    free(text);
    cr_assert_eq(tm_cli("run -q -o out.jsonl p.json big.txt big.jsonl"), 0, "%s", err_text);
    size_t out_len;
    char *out = slurp("out.jsonl", &out_len);
    cr_assert_not_null(out);
    cr_assert_gt(out_len, 2 * n, "both big documents are in the output");
    cr_assert_eq(count_lines(out), 3);
    free(out);
    /* Under a smaller limit each big one fails alone; the small one goes on. */
    cr_assert_eq(tm_cli("run p.json --max-doc-size %zuK big.txt big.jsonl", (n >> 10) / 2), 1);
    cr_assert(strstr(err_text, "3 documents in, 1 out, 2 failed"), "%s", err_text);
    cr_assert(strstr(err_text, "big.txt: document 'big.txt': the document is larger than the "
                               "limit"), "%s", err_text);
    cr_assert(strstr(err_text, "big.jsonl:1: the line is longer than the limit"), "%s",
              err_text);
    check_output(1);
}

Test(cli, truncated_last_line_and_duplicate_ids)
{
    write_pipeline();
    put_text("in.jsonl", "{\"id\": \"twin\", \"text\": \"The first twin.\"}\n"
                         "{\"id\": \"twin\", \"text\": \"The second twin.\"}\n"
                         "{\"id\": \"cut\", \"text\": \"The disk filled up whi");
    cr_assert_eq(tm_cli("run -e errors.jsonl p.json in.jsonl"), 1);
    check_output(2);
    char *second = strchr(out_text, '\n') + 1;
    cr_assert(strstr(out_text, "\"text\":\"The first twin.\"") < second, "%s", out_text);
    cr_assert(strstr(second, "\"text\":\"The second twin.\""), "%s", out_text);
    char *errors = slurp("errors.jsonl", NULL);
    cr_assert(strstr(errors, "cut short"), "%s", errors);
    cr_assert(strstr(errors, "\"line\":3"), "%s", errors);
    free(errors);
}

Test(cli, lines_that_are_not_objects)
{
    write_pipeline();
    put_text("in.jsonl", "[\"an\", \"array\"]\n\"a string\"\n3.5\nnull\n{\"id\": \"no text\"}\n"
                         "{\"id\": \"ok\", \"text\": \"A real one.\"}\n{oops}\n");
    cr_assert_eq(tm_cli("run -e errors.jsonl p.json in.jsonl"), 1);
    cr_assert(strstr(err_text, "7 documents in, 1 out, 6 failed"), "%s", err_text);
    check_output(1);
    char *errors = slurp("errors.jsonl", NULL);
    cr_assert_eq(count_lines(errors), 6, "%s", errors);
    for (int line = 1; line <= 7; line++) {
        char want[32];
        snprintf(want, sizeof want, "\"line\":%d,", line);
        cr_assert_eq(strstr(errors, want) != NULL, line != 6, "line %d: %s", line, errors);
    }
    cr_assert(strstr(errors, "\"input\":\"[\\\"an\\\", \\\"array\\\"]\""), "%s", errors);
    free(errors);
}

Test(cli, punctuation_repetition_and_nesting)
{
    write_pipeline();
    size_t n = under_wrapper() ? 10000 : 1000000;
    FILE *f = fopen(scratch("again.txt"), "wb");
    for (size_t i = 0; i < n; i++)
        fputs("again ", f);
    fclose(f);
    f = fopen(scratch("punct.txt"), "wb");
    for (size_t i = 0; i < n / 4; i++)
        fputs(i % 3 ? "?!..." : "\xE2\x80\xA6\xC2\xBF\"'(", f);
    fclose(f);
    f = fopen(scratch("nest.txt"), "wb");
    for (size_t i = 0; i < n / 4; i++)
        fputs("(\xE2\x80\x9C[\"'\xC2\xAB", f);
    for (size_t i = 0; i < n / 4; i++)
        fputs("\xC2\xBB'\"]\xE2\x80\x9D)", f);
    fclose(f);
    cr_assert_eq(tm_cli("run -q p.json again.txt punct.txt nest.txt"), 0, "%s", err_text);
    check_output(3);
}

Test(cli, deeply_nested_json_line)
{
    write_pipeline();
    char *deep = malloc(100002);
    memset(deep, '[', 100000);
    strcpy(deep + 100000, "\n");
    put_text("deep.jsonl", deep);
    free(deep);
    FILE *f = fopen(scratch("deep.jsonl"), "ab");
    fputs("{\"id\": \"next\", \"text\": \"Still here.\"}\n", f);
    fclose(f);
    cr_assert_eq(tm_cli("run p.json deep.jsonl"), 1);
    cr_assert(strstr(err_text, "deep.jsonl:1: document 'deep.jsonl:1': the line nests JSON "
                               "arrays and objects more than 1000 levels deep"), "%s", err_text);
    check_output(1);
}

Test(cli, standard_input_of_junk)
{
    write_pipeline();
    unsigned char junk[5000];
    random_bytes(junk, sizeof junk, 3);
    junk[0] = '{'; /* looks like JSON Lines at first sight */
    put_bytes("junk", junk, sizeof junk);
    int code = tm_cli("run p.json - < junk");
    cr_assert_eq(code, 1, "%s", err_text);
    cr_assert(strstr(err_text, "out, "), "a summary: %s", err_text);
}
