/* test_keywords.c - the keywords example, loaded as a pipeline loads it. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <textmill/testing.h>

static const char report[] =
    "The survey counted otters along the river. Otters were seen at four "
    "bridges, and the river was clear. Volunteers counted otters again in "
    "spring; the Otters had moved upstream.";

Test(keywords, marks_every_occurrence_of_the_top_words)
{
    tm_doc *doc = tm_test_run("keywords", "{\"top\": 2}", report);
    /* "otters" (4 times), then "counted", which ties with "river" (twice
     * each) but comes first. Stopwords such as "the" never count. */
    tm_assert_layer(doc, "keywords",
                    "counted:counted | otters:otters | otters:Otters | counted:counted | "
                    "otters:otters | otters:Otters");
    const tm_span *s = tm_layer_span(tm_test_layer(doc, "keywords"), 1);
    cr_assert(s->has_score);
    cr_assert_eq(json_integer_value(json_object_get(s->attrs, "rank")), 1);
    cr_assert_eq(json_integer_value(json_object_get(s->attrs, "count")), 4);
    tm_doc_free(doc);
}

Test(keywords, first_occurrence_only)
{
    tm_doc *doc = tm_test_run("keywords", "{\"top\": 3, \"occurrences\": \"first\"}", report);
    tm_assert_layer(doc, "keywords", "counted:counted | otters:otters | river:river");
    tm_doc_free(doc);
}

Test(keywords, min_count_and_min_length)
{
    /* Every word once: nothing is a keyword unless min_count is 1. */
    const char *text = "Granite cliffs above a quiet fjord.";
    tm_doc *doc = tm_test_run("keywords", NULL, text);
    tm_assert_layer_size(doc, "keywords", 0);
    tm_doc_free(doc);
    doc = tm_test_run("keywords", "{\"min_count\": 1, \"min_length\": 6, \"top\": 10}", text);
    tm_assert_layer(doc, "keywords", "granite:Granite | cliffs:cliffs");
    tm_doc_free(doc);
}

Test(keywords, user_stopwords_file)
{
    char dir[] = "/tmp/keywords-test-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/mine.txt", dir);
    FILE *f = fopen(path, "w");
    fputs("# survey words\notters\n\nCounted\n", f);
    fclose(f);
    char config[512];
    snprintf(config, sizeof config, "{\"top\": 1, \"stopwords\": \"%s\"}", path);
    tm_doc *doc = tm_test_run("keywords", config, report);
    tm_assert_layer(doc, "keywords", "river:river | river:river");
    tm_doc_free(doc);

    /* A line with two words is refused, with the file and line. */
    f = fopen(path, "w");
    fputs("otters\nriver bank\n", f);
    fclose(f);
    tm_error err;
    cr_assert_eq(tm_test_stage_error("keywords", config, &err), TM_ERR_CONFIG);
    char want[300];
    snprintf(want, sizeof want, "%s:2: 'river bank' is not one word", path);
    cr_assert(strstr(err.message, want), "%s", err.message);
    unlink(path);
    rmdir(dir);
}

Test(keywords, missing_stopwords_file_fails_at_load)
{
    tm_error err;
    cr_assert_eq(tm_test_stage_error("keywords", "{\"stopwords\": \"/nonexistent/list.txt\"}",
                                     &err), TM_ERR_IO);
    cr_assert(strstr(err.message, "/nonexistent/list.txt: cannot read the stopword file"),
              "%s", err.message);
}

Test(keywords, bad_option_values_are_refused)
{
    tm_error err;
    cr_assert_eq(tm_test_stage_error("keywords", "{\"top\": 0}", &err), TM_ERR_CONFIG);
    cr_assert_eq(tm_test_stage_error("keywords", "{\"occurrences\": \"last\"}", &err),
                 TM_ERR_CONFIG);
    cr_assert(strstr(err.message, "choose one of"), "%s", err.message);
}

Test(keywords, empty_text_gives_an_empty_layer)
{
    tm_doc *doc = tm_test_run("keywords", NULL, "");
    tm_assert_layer(doc, "keywords", "");
    tm_doc_free(doc);
}
