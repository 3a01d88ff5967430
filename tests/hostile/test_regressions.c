/* Regression tests: one per bug found by fuzzing or by the hostile cases,
 * each with the smallest input that showed it. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostile.h"

TestSuite(regressions, .init = hostile_setup, .fini = hostile_teardown, .timeout = 60);

/* fuzz_docjson: removing a layer took its spans off the document's count
 * twice, so the count wrapped around and every later span was refused as
 * over the span limit. */
Test(regressions, removing_a_layer_keeps_the_span_count)
{
    tm_error err;
    tm_doc *doc = tm_doc_new("r", "two words", 9, &err);
    tm_layer *a = tm_doc_add_layer(doc, "a"), *b = tm_doc_add_layer(doc, "b");
    cr_assert_not_null(tm_layer_add(a, 0, 3, "X", &err));
    cr_assert_not_null(tm_layer_add(b, 4, 9, "Y", &err));
    cr_assert(tm_doc_remove_layer(doc, "a"));
    tm_layer_clear(tm_doc_layer(doc, "b"));
    tm_doc_set_span_limit(doc, 2);
    tm_layer *c = tm_doc_add_layer(doc, "c");
    cr_assert_not_null(tm_layer_add(c, 0, 3, "", &err), "%s", err.message);
    cr_assert_not_null(tm_layer_add(c, 4, 9, "", &err), "%s", err.message);
    cr_assert_null(tm_layer_add(c, 0, 9, "", &err), "the third is over the limit");
    cr_assert_eq(err.code, TM_ERR_LIMIT);
    tm_doc_free(doc);
}

/* fuzz_jsonl: two offset-map points at the same offset, the second one
 * implied by the point before, were kept: the line written then read back
 * and written again came out different. */
Test(regressions, offset_map_points_at_one_offset_write_the_same_twice)
{
    tm_offset_map *map = tm_offset_map_new();
    cr_assert_eq(tm_offset_map_add(map, 2, 3), TM_OK);
    cr_assert_eq(tm_offset_map_add(map, 5, 5), TM_OK);
    cr_assert_eq(tm_offset_map_add(map, 5, 6), TM_OK); /* the later call wins */
    cr_assert_eq(tm_offset_map_size(map), 1, "(5, 6) is implied by (2, 3)");
    cr_assert_eq(tm_offset_map_lookup(map, 5), 6);
    tm_offset_map_free(map);

    put_text("map.jsonl", "{\"id\": \"r\", \"text\": \"cssaf\\u00e9 ok\", \"raw_text\": "
                          "\"cafeRu0301  ok\", \"offset_map\": [[2, 3], [5, 5], [5, 6], "
                          "[6, 7]]}\n");
    const char *path = scratch("map.jsonl");
    tm_error err;
    tm_reader *r = tm_reader_new(&path, 1, NULL, &err);
    tm_doc *doc;
    cr_assert_eq(tm_reader_next(r, &doc, &err), TM_READ_DOC, "%s", err.message);
    check_doc(doc, true);
    tm_doc_free(doc);
    tm_reader_free(r);
}

/* A JSON Lines line of NUL bytes was taken for a blank line and dropped
 * without a trace (strchr finds the terminating NUL). */
Test(regressions, a_line_of_nul_bytes_is_not_blank)
{
    static const char lines[] = "\0\0\0\n \0\n{\"text\": \"ok\"}\n";
    put_bytes("nul.jsonl", lines, sizeof lines - 1);
    const char *path = scratch("nul.jsonl");
    tm_error err;
    tm_reader *r = tm_reader_new(&path, 1, NULL, &err);
    tm_doc *doc;
    cr_assert_eq(tm_reader_next(r, &doc, &err), TM_READ_BAD);
    cr_assert_eq(err.line, 1);
    cr_assert_eq(tm_reader_next(r, &doc, &err), TM_READ_BAD);
    cr_assert_eq(err.line, 2);
    cr_assert_eq(tm_reader_next(r, &doc, &err), TM_READ_DOC);
    tm_doc_free(doc);
    tm_reader_free(r);
}

/* A "plugin_file" without a slash went to dlopen() as it was, which looks
 * such names up in the system's library path instead of the folder meant. */
Test(regressions, plugin_file_without_a_slash_is_the_file_in_the_folder)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cp %s/testgood.so %s/local.so", TM_TEST_PLUGIN_DIR,
             hostile_dir);
    cr_assert_eq(system(cmd), 0);
    cr_assert_eq(chdir(hostile_dir), 0);
    tm_error err;
    tm_registry *reg = tm_registry_new(&err);
    const tm_plugin_info *info = tm_registry_load_file(reg, "local.so", &err);
    cr_assert_not_null(info, "%s", err.message);
    cr_assert_str_eq(info->file, "./local.so");
    /* A system library's name is not found in the current folder. */
    cr_assert_null(tm_registry_load_file(reg, "libc.so.6", &err));
    cr_assert(strstr(err.message, "not found"), "%s", err.message);
    tm_registry_free(reg);
}

/* fuzz_docjson and fuzz_cleaner: offset-map points inside a multi-byte
 * character (a rewrite that maps each inserted byte) were written as
 * repeated code point offsets, and the line written again after reading it
 * back differed. */
Test(regressions, offset_map_points_inside_characters_round_trip)
{
    static const char text[] = "spans, labels";
    tm_error err;
    tm_doc *doc = tm_doc_new("r", text, sizeof text - 1, &err);
    /* ", " (bytes 5-7) becomes "«»" (4 bytes), each inserted byte mapped. */
    static const char out[] = "spans\xC2\xAB\xC2\xBBlabels";
    char *copy = strdup(out);
    tm_offset_map *map = tm_offset_map_new();
    for (size_t k = 0; k < 4; k++)
        cr_assert_eq(tm_offset_map_add(map, 5 + k, 5), TM_OK);
    cr_assert_eq(tm_offset_map_add(map, 9, 7), TM_OK);
    cr_assert_eq(tm_doc_replace_text(doc, copy, sizeof out - 1, map, &err), TM_OK);
    cr_assert_not_null(tm_layer_add(tm_doc_add_layer(doc, "w"), 9, 15, "", &err));
    check_doc(doc, true);
    char *line = tm_doc_dumps(doc, TM_JSON_RAW_OFFSETS, NULL, &err);
    cr_assert(strstr(line, "\"offset_map\":[[6,5]]"), "%s", line);
    cr_assert(strstr(line, "\"raw_start\":7,\"raw_end\":13"), "%s", line);
    free(line);
    tm_doc_free(doc);
}

/* fuzz_entity_tagger (in the sentence splitter, which runs first): a number
 * written after a run of hyphens, "-----...8.", made the splitter's number
 * parser (plugins/sentence_splitter/split.c, word_before) multiply in the
 * hyphens too, until the value overflowed: undefined behaviour, which the
 * sanitizer build stops on. Skipped when the stage is not built. */
Test(regressions, hyphens_before_a_number_do_not_overflow)
{
    char file[1024];
    snprintf(file, sizeof file, "%s/plugins/sentence_splitter.so", TM_BUILD_DIR);
    if (access(file, F_OK) != 0)
        cr_skip_test("the sentence_splitter stage is not built");
    static const char text[] = "Dash -------------------------8. Then more.";
    tm_error err;
    tm_registry *reg = tm_registry_new(&err);
    tm_pipeline *p = tm_pipeline_load_string(
        reg, "{\"stages\": [{\"plugin\": \"sentence_splitter\"}]}", "<r>", NULL, &err);
    cr_assert_not_null(p, "%s", err.message);
    tm_doc *doc = tm_doc_new("r", text, sizeof text - 1, &err);
    cr_assert_eq(tm_pipeline_process(p, doc, &err), TM_OK, "%s", err.message);
    check_doc(doc, true);
    tm_doc_free(doc);
    tm_pipeline_free(p);
    tm_registry_free(reg);
}

/* fuzz_entity_tagger: a sentence all of capitals with nothing after its
 * last word ("HEADING IN CAPS") made the dateline rule read the token past
 * the sentence's last: a token left from an earlier, longer document, whose
 * offsets lay past the end of this text. */
Test(regressions, tagger_reads_no_token_past_a_sentence_in_capitals)
{
    /* The fourth token of each sentence is a comma, one byte long like
     * the "," the rule looked for, so that the text is compared. */
    char long_text[4096];
    size_t n = 0;
    while (n + 40 < sizeof long_text)
        n += (size_t)snprintf(long_text + n, sizeof long_text - n,
                              "One two three, four five. ");
    tm_error err;
    cr_assert_eq(process_text(long_text, n, &err), TM_OK, "%s", err.message);
    cr_assert_eq(process_text("HEADING IN CAPS", 15, &err), TM_OK, "%s", err.message);
    cr_assert_eq(process_text("A\nNEW YORK", 10, &err), TM_OK, "%s", err.message);
}
