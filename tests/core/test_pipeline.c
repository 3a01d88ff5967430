/* Pipeline files: every invalid case fails at load with its location and
 * reason; valid ones fill defaults and run. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <textmill/textmill.h>

#define CASES TM_TEST_DIR "/pipelines/invalid"

static tm_registry *new_registry(void)
{
    tm_error err;
    tm_registry *reg = tm_registry_new(&err);
    cr_assert_not_null(reg);
    tm_registry_add_path(reg, TM_TEST_PLUGIN_DIR, &err);
    return reg;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return strdup(buf);
}

Test(pipeline, every_invalid_case_fails_with_its_expected_error)
{
    DIR *d = opendir(CASES);
    cr_assert_not_null(d);
    struct dirent *de;
    int count = 0;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (n < 6 || strcmp(de->d_name + n - 5, ".json") != 0)
            continue;
        char path[1024], expect_path[1024];
        snprintf(path, sizeof path, "%s/%s", CASES, de->d_name);
        snprintf(expect_path, sizeof expect_path, "%s/%.*s.expect", CASES, (int)(n - 5),
                 de->d_name);
        char *expect = slurp(expect_path);
        tm_registry *reg = new_registry();
        tm_error err;
        tm_pipeline *p = tm_pipeline_load_file(reg, path, &err);
        cr_expect_null(p, "%s loaded but must not", de->d_name);
        char msg[2048];
        tm_error_format(&err, msg, sizeof msg);
        cr_expect(strstr(msg, CASES) == msg, "%s: the error starts with the file: %s",
                  de->d_name, msg);
        /* Each line of the .expect file must be in the message. */
        for (char *line = strtok(expect, "\n"); line; line = strtok(NULL, "\n")) {
            size_t len = strlen(line);
            while (len && line[len - 1] == ' ')
                line[--len] = '\0';
            cr_expect(strstr(msg, line), "%s:\n  want: %s\n  got:  %s", de->d_name, line, msg);
        }
        free(expect);
        tm_pipeline_free(p);
        tm_registry_free(reg);
        count++;
    }
    closedir(d);
    cr_assert_geq(count, 30, "found %d cases", count);
}

Test(pipeline, defaults_are_filled_and_stage_names_are_unique)
{
    tm_registry *reg = new_registry();
    tm_error err;
    tm_pipeline *p = tm_pipeline_load_string(
        reg,
        "{\"name\": \"two\", \"description\": \"d\", \"stages\": ["
        "{\"plugin\": \"testgood\", \"config\": {\"min_length\": 3}},"
        "{\"plugin\": \"testgood\"}, {\"plugin\": \"testgood\", \"name\": \"third\"}]}",
        "<test>", NULL, &err);
    cr_assert_not_null(p, "%s", err.message);
    cr_assert_str_eq(tm_pipeline_name(p), "two");
    cr_assert_eq(tm_pipeline_stage_count(p), 3);
    cr_assert_str_eq(tm_pipeline_stage_name(p, 0), "testgood");
    cr_assert_str_eq(tm_pipeline_stage_name(p, 1), "testgood_2");
    cr_assert_str_eq(tm_pipeline_stage_name(p, 2), "third");
    const json_t *cfg = tm_pipeline_stage_config(p, 0);
    cr_assert_eq(json_integer_value(json_object_get(cfg, "min_length")), 3);
    cr_assert_str_eq(json_string_value(json_object_get(cfg, "mode")), "all");
    cr_assert_eq(json_real_value(json_object_get(cfg, "weight")), 0.5);
    cr_assert(json_is_array(json_object_get(cfg, "stop")));
    tm_pipeline_free(p);
    tm_registry_free(reg);
}

Test(pipeline, name_defaults_to_the_file_name)
{
    tm_registry *reg = new_registry();
    tm_error err;
    tm_pipeline *p = tm_pipeline_load_file(reg, TM_TEST_DIR "/pipelines/valid/words.json", &err);
    cr_assert_not_null(p, "%s", err.message);
    cr_assert_str_eq(tm_pipeline_name(p), "words");
    tm_pipeline_free(p);
    tm_registry_free(reg);
}

Test(pipeline, processes_documents_through_every_stage)
{
    tm_registry *reg = new_registry();
    tm_error err;
    tm_pipeline *p = tm_pipeline_load_string(
        reg,
        "{\"stages\": [{\"plugin\": \"testrewrite\"},"
        "{\"plugin\": \"testgood\", \"config\": {\"mode\": \"capitalized\"}},"
        "{\"plugin\": \"testfail\", \"config\": {\"required_thing\": \"x\"}}]}",
        NULL, NULL, &err);
    cr_assert_not_null(p, "%s", err.message);
    const char *text = "Bob & Axel met Alice";
    tm_doc *d = tm_doc_new("d1", text, strlen(text), &err);
    cr_assert_eq(tm_pipeline_process(p, d, &err), TM_OK, "%s", err.message);
    cr_assert_str_eq(tm_doc_text(d, NULL), "Bob and Ael met Alice");
    tm_layer *w = tm_doc_layer(d, "words");
    cr_assert_eq(tm_layer_size(w), 3, "Bob, Ael, Alice");
    const tm_span *ael = tm_layer_span(w, 1);
    cr_assert_eq(ael->start, 8);
    cr_assert_eq(tm_doc_raw_offset(d, ael->start), 6, "Axel starts at 6 in the raw text");
    cr_assert_eq(tm_doc_raw_offset(d, ael->end), 10);
    cr_assert(ael->has_score);
    tm_doc_free(d);
    tm_pipeline_free(p);
    tm_registry_free(reg);
}

Test(pipeline, a_failing_stage_names_itself_and_the_document)
{
    tm_registry *reg = new_registry();
    tm_error err;
    tm_pipeline *p = tm_pipeline_load_string(
        reg,
        "{\"stages\": [{\"plugin\": \"testgood\"},"
        "{\"plugin\": \"testfail\", \"name\": \"checker\", \"config\": {\"required_thing\": \"x\"}}]}",
        NULL, NULL, &err);
    cr_assert_not_null(p, "%s", err.message);
    tm_doc *d = tm_doc_new("doc-7", "please FAIL now", 15, &err);
    cr_assert_eq(tm_pipeline_process(p, d, &err), TM_ERR_PROCESS);
    char msg[512];
    cr_assert_str_eq(tm_error_format(&err, msg, sizeof msg),
                     "document 'doc-7': stage 'checker': the text asks to fail");
    tm_doc_free(d);
    tm_pipeline_free(p);
    tm_registry_free(reg);
}

Test(pipeline, workers_share_thread_safe_instances_and_give_the_same_result)
{
    tm_registry *reg = new_registry();
    tm_error err;
    tm_pipeline *p = tm_pipeline_load_string(
        reg, "{\"stages\": [{\"plugin\": \"testgood\"}]}", NULL, NULL, &err);
    tm_worker *w = tm_worker_new(p, &err);
    cr_assert_not_null(w);
    tm_doc *a = tm_doc_new("a", "one two", 7, &err);
    tm_doc *b = tm_doc_new("b", "one two", 7, &err);
    cr_assert_eq(tm_worker_process(w, a, &err), TM_OK);
    cr_assert_eq(tm_pipeline_process(p, b, &err), TM_OK);
    cr_assert_eq(tm_layer_size(tm_doc_layer(a, "words")), tm_layer_size(tm_doc_layer(b, "words")));
    tm_doc_free(a);
    tm_doc_free(b);
    tm_worker_free(w);
    tm_pipeline_free(p);
    tm_registry_free(reg);
}

Test(pipeline, input_layers_satisfy_requirements)
{
    tm_registry *reg = new_registry();
    tm_error err;
    tm_pipeline *p = tm_pipeline_load_string(
        reg,
        "{\"input_layers\": [\"words\"], \"stages\": [{\"plugin\": \"testfail\", "
        "\"config\": {\"required_thing\": \"x\"}}]}",
        NULL, NULL, &err);
    cr_assert_not_null(p, "%s", err.message);
    tm_pipeline_free(p);
    tm_registry_free(reg);
}

Test(pipeline, plugin_path_and_plugin_file_resolve_against_the_pipeline_folder)
{
    tm_registry *reg;
    tm_error err;
    tm_error_clear(&err);
    reg = tm_registry_new(&err); /* without the test folder */
    tm_pipeline *p = tm_pipeline_load_string(
        reg, "{\"plugin_path\": [\"plugins\"], \"stages\": [{\"plugin\": \"testgood\"}]}",
        NULL, TM_BUILD_DIR "/tests", &err);
    cr_assert_not_null(p, "%s", err.message);
    tm_pipeline_free(p);
    tm_registry_free(reg);
    reg = tm_registry_new(&err);
    p = tm_pipeline_load_string(
        reg, "{\"stages\": [{\"plugin_file\": \"plugins/testrewrite.so\"}]}", NULL,
        TM_BUILD_DIR "/tests", &err);
    cr_assert_not_null(p, "%s", err.message);
    cr_assert(strstr(tm_pipeline_stage_plugin(p, 0)->file, "tests/plugins/testrewrite.so"));
    tm_pipeline_free(p);
    tm_registry_free(reg);
}
