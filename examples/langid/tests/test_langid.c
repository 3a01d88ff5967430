/* test_langid.c - the langid example: the language lands in the metadata. */
#include <string.h>
#include <textmill/testing.h>

static void check(const char *config, const char *text, const char *expected)
{
    tm_doc *doc = tm_test_run("langid", config, text);
    tm_assert_meta_string(doc, "language", expected);
    tm_doc_free(doc);
}

Test(langid, tells_the_languages_apart)
{
    check(NULL, "The ferry was late, and the passengers waited on the pier for an hour.", "en");
    check(NULL, "Die Fähre hatte Verspätung, und die Fahrgäste warteten auf dem Steg.", "de");
    check(NULL, "Le bac était en retard et les passagers attendaient sur le quai.", "fr");
    check(NULL, "El transbordador llegó tarde y los pasajeros esperaron en el muelle.", "es");
    check(NULL, "Il traghetto era in ritardo e i passeggeri aspettavano sul molo con la "
                "pazienza di chi non ha scelta.", "it");
    check(NULL, "De veerboot was te laat en de passagiers wachtten op de steiger, "
                "maar niet lang.", "nl");
    check(NULL, "O barco estava atrasado e os passageiros esperaram no cais por "
                "uma hora.", "pt");
    check(NULL, "Färjan var sen och passagerarna väntade på kajen i en timme.", "sv");
}

Test(langid, capitals_count_too)
{
    check(NULL, "THE FERRY WAS LATE AND THE PIER WAS FULL", "en");
}

Test(langid, too_few_function_words_is_und)
{
    check(NULL, "Ferry late. Pier full.", "und");
    check(NULL, "", "und");
    /* Lowering min_hits lets short texts through. */
    check("{\"min_hits\": 1}", "The pier.", "en");
}

Test(langid, only_the_languages_asked_for)
{
    /* Spanish and Portuguese share many function words; without Spanish
     * this Spanish text reads as Portuguese. */
    const char *text = "El barco de la costa y los pasajeros de la ciudad que esperan.";
    check(NULL, text, "es");
    check("{\"languages\": [\"pt\", \"en\"]}", text, "pt");
}

Test(langid, metadata_key_is_configurable_and_kept_with_others)
{
    tm_doc *doc = tm_test_doc("Le bac et les passagers sur le quai.");
    json_object_set_new(tm_doc_meta(doc), "source", json_string("harbor log"));
    tm_registry *reg = tm_test_registry();
    tm_pipeline *p = tm_test_stage(reg, "langid", "{\"key\": \"lang\"}");
    tm_test_process(p, doc);
    tm_assert_meta_string(doc, "lang", "fr");
    tm_assert_meta_string(doc, "source", "harbor log");
    cr_assert_null(tm_test_meta_string(doc, "language"));
    /* No layer is added. */
    cr_assert_eq(tm_doc_layer_count(doc), 0);
    tm_doc_free(doc);
    tm_pipeline_free(p);
    tm_registry_free(reg);
}

Test(langid, unknown_language_codes_are_refused)
{
    tm_error err;
    cr_assert_eq(tm_test_stage_error("langid", "{\"languages\": [\"en\", \"xx\"]}", &err),
                 TM_ERR_CONFIG);
    cr_assert(strstr(err.message, "\"xx\""), "%s", err.message);
    cr_assert_eq(tm_test_stage_error("langid", "{\"key\": \"\"}", &err), TM_ERR_CONFIG);
}
