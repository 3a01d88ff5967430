/*
 * test_testing.c - textmill/testing.h does what plugin authors rely on:
 * loads plugins from TM_TEST_PLUGIN_DIR, runs a stage or a pipeline, reports
 * load and process failures, and shows layers, text and raw offsets as the
 * assertions compare them. Uses the test-only plugins in plugins/.
 */
#include <string.h>
#include <textmill/testing.h>

static const char sample[] = "Rivers of Norway run cold";

Test(testing, run_one_stage_and_read_its_layer)
{
    tm_doc *doc = tm_test_run("sdk_tag", NULL, sample);
    tm_assert_layer(doc, "tags", "CAP:Rivers | of | CAP:Norway | run | cold");
    tm_assert_layer_size(doc, "tags", 5);
    tm_assert_span(doc, "tags", 2, 10, 16, "CAP");
    tm_assert_span(doc, "tags", 1, 7, 9, "");
    tm_doc_free(doc);
}

Test(testing, config_reaches_the_plugin)
{
    tm_doc *doc = tm_test_run("sdk_tag", "{\"min_length\": 4}", sample);
    tm_assert_layer(doc, "tags", "CAP:Rivers | CAP:Norway | cold");
    tm_doc_free(doc);
}

Test(testing, layer_string_of_an_empty_layer_is_empty)
{
    tm_doc *doc = tm_test_run("sdk_tag", NULL, "  ...  ");
    char *s = tm_test_layer_string(doc, "tags");
    cr_assert_str_eq(s, "");
    free(s);
    tm_assert_layer(doc, "tags", "");
    tm_doc_free(doc);
}

Test(testing, span_text_copies_the_covered_bytes)
{
    tm_doc *doc = tm_test_run("sdk_tag", NULL, "Ærø and Åland");
    tm_layer *layer = tm_test_layer(doc, "tags");
    char *s = tm_test_span_text(doc, tm_layer_span(layer, 2));
    cr_assert_str_eq(s, "Åland");
    free(s);
    /* Offsets are bytes: "Ærø" is 5 bytes long. */
    tm_assert_span(doc, "tags", 0, 0, 5, "CAP");
    tm_doc_free(doc);
}

Test(testing, stage_error_reports_a_bad_option)
{
    tm_error err;
    cr_assert_eq(tm_test_stage_error("sdk_tag", "{\"min_length\": 11}", &err),
                 TM_ERR_CONFIG);
    cr_assert_str_eq(err.path, "stages[0].config.min_length");
    cr_assert(strstr(err.message, "out of range"), "%s", err.message);

    cr_assert_eq(tm_test_stage_error("sdk_tag", "{\"min_lenght\": 2}", &err),
                 TM_ERR_CONFIG);
    cr_assert(strstr(err.message, "unknown option 'min_lenght'"), "%s", err.message);
}

Test(testing, stage_error_reports_a_missing_plugin)
{
    tm_error err;
    cr_assert_eq(tm_test_stage_error("sdk_no_such_plugin", NULL, &err), TM_ERR_PLUGIN);
    /* The folder the helper adds is among those searched. */
    cr_assert(strstr(err.message, TM_TEST_PLUGIN_DIR), "%s", err.message);
}

Test(testing, process_error_returns_the_plugins_error)
{
    tm_registry *reg = tm_test_registry();
    tm_pipeline *p = tm_test_stage(reg, "sdk_tag", "{\"fail_on\": \"lava\"}");
    tm_doc *ok = tm_test_doc("cold water");
    tm_test_process(p, ok);
    tm_assert_layer(ok, "tags", "cold | water");

    tm_doc *bad = tm_test_doc("hot lava");
    tm_error err;
    cr_assert_eq(tm_test_process_error(p, bad, &err), TM_ERR_PROCESS);
    cr_assert_str_eq(err.message, "found 'lava'");
    cr_assert_str_eq(err.stage, "sdk_tag");
    cr_assert_str_eq(err.doc_id, "test");
    tm_doc_free(ok);
    tm_doc_free(bad);
    tm_pipeline_free(p);
    tm_registry_free(reg);
}

Test(testing, pipeline_of_a_rewriting_and_an_annotating_stage)
{
    tm_doc *doc = tm_test_run_pipeline(
        "{\"stages\": [{\"plugin\": \"sdk_squeeze\"}, {\"plugin\": \"sdk_tag\"}]}",
        "Fjords   are    deep");
    tm_assert_text(doc, "Fjords are deep");
    tm_assert_layer(doc, "tags", "CAP:Fjords | are | deep");
    /* "deep" is at 11 in the new text and came from 16 in the raw one. */
    tm_assert_span(doc, "tags", 2, 11, 15, "");
    tm_assert_raw_text(doc, 11, 15, "deep");
    tm_assert_raw_text(doc, 0, 15, "Fjords   are    deep");
    cr_assert_eq(tm_doc_raw_offset(doc, 11), 16);
    tm_doc_free(doc);
}

Test(testing, pipeline_error_gives_the_location)
{
    tm_registry *reg = tm_test_registry();
    tm_error err;
    cr_assert_eq(tm_test_pipeline_error(reg, "{\"stages\": [\n  {\"plugin\": }]}", &err),
                 TM_ERR_SYNTAX);
    cr_assert_eq(err.line, 2);
    /* A rewriting stage after an annotating one is refused at load. */
    cr_assert_eq(tm_test_pipeline_error(reg,
                                        "{\"stages\": [{\"plugin\": \"sdk_tag\"},"
                                        " {\"plugin\": \"sdk_squeeze\"}]}",
                                        &err),
                 TM_ERR_CONFIG);
    cr_assert(strstr(err.message, "rewrites the text"), "%s", err.message);
    tm_registry_free(reg);
}

Test(testing, metadata_string_helper)
{
    tm_doc *doc = tm_test_doc("text");
    json_object_set_new(tm_doc_meta(doc), "lang", json_string("nb"));
    json_object_set_new(tm_doc_meta(doc), "pages", json_integer(3));
    tm_assert_meta_string(doc, "lang", "nb");
    cr_assert_null(tm_test_meta_string(doc, "pages"));
    cr_assert_null(tm_test_meta_string(doc, "missing"));
    tm_doc_free(doc);
}

Test(testing, stage_json_escapes_nothing_and_defaults_config)
{
    char *json = tm_test_stage_json("sdk_tag", NULL);
    cr_assert_str_eq(json, "{\"stages\": [{\"plugin\": \"sdk_tag\", \"config\": {}}]}");
    free(json);
}
