/* test_options.c - the options that extend and restrict the tagger. */
#include <criterion/criterion.h>
#include <string.h>

#include "common.h"

/* Tags text with a pipeline built from config. */
static et_found tag_with(const char *config, const char *text)
{
    tm_error err;
    et_found f = {0};
    tm_pipeline *p = et_pipeline(config, &err);
    cr_assert(p, "pipeline: %s", err.message);
    tm_doc *doc = et_tag(p, text);
    cr_assert(doc);
    f = et_entities(doc);
    tm_doc_free(doc);
    tm_pipeline_free(p);
    return f;
}

/* The error of a config that must not load. */
static tm_error load_error(const char *config)
{
    tm_error err;
    tm_pipeline *p = et_pipeline(config, &err);
    cr_expect_null(p, "the config should be refused: %s", config);
    tm_pipeline_free(p);
    return err;
}

Test(options, drop_labels)
{
    et_found f = tag_with("{\"drop_labels\": [\"CARDINAL\", \"GPE\"]}",
                          "Three men from Oslo met Ingrid Solheim on Tuesday.");
    REJECT_TEXT(f, "Three");
    REJECT_TEXT(f, "Oslo");
    EXPECT(f, "PERSON Ingrid Solheim");
    EXPECT(f, "DATE Tuesday");
    et_found_free(&f);
}

Test(options, drop_labels_checks_its_values)
{
    tm_error err = load_error("{\"drop_labels\": [\"PLACE\"]}");
    cr_expect(strstr(err.message, "PLACE") || strstr(err.path, "drop_labels"),
              "error names the value: %s (%s)", err.message, err.path);
}

Test(options, never_tag)
{
    et_found f = tag_with("{\"never_tag\": [\"Paris\", \"harwick bridge\"]}",
                          "From Paris we crossed the Harwick Bridge to Lyon.");
    REJECT_TEXT(f, "Paris");
    REJECT_TEXT(f, "Harwick Bridge");
    EXPECT(f, "GPE Lyon");
    et_found_free(&f);
}

Test(options, phrases_with_a_new_label)
{
    et_found f = tag_with(
        "{\"phrases\": {\"PRODUCT\": [\"Zephyr Phone\", \"gadgetron\"], "
        "\"ORG\": [\"Paris Hilton Fans\"]}}",
        "The Zephyr Phone beat the GADGETRON in tests run by Paris Hilton Fans.");
    EXPECT(f, "PRODUCT Zephyr Phone");
    EXPECT(f, "PRODUCT GADGETRON"); /* written in lower case: any case */
    EXPECT(f, "ORG Paris Hilton Fans");
    cr_expect_str_eq(et_rule(&f, "PRODUCT Zephyr Phone"), "user_phrases");
    et_found_free(&f);
}

Test(options, gazetteer_files)
{
    et_found f = tag_with(
        "{\"gazetteers\": {\"fixtures/products.txt\": \"PRODUCT\"}}",
        "Quillon Labs shipped the Zephyr Phone Max with Kestrel OS.");
    EXPECT(f, "PRODUCT Zephyr Phone Max"); /* longest match wins */
    EXPECT(f, "PRODUCT Kestrel OS");
    EXPECT(f, "ORG Quillon Labs");
    cr_expect_str_eq(et_rule(&f, "ORG Quillon Labs"), "user_list:products.txt");
    et_found_free(&f);
}

Test(options, gazetteer_never_list)
{
    et_found f = tag_with("{\"gazetteers\": {\"fixtures/never.txt\": \"NONE\"}}",
                          "Paris and Lyon are cities.");
    REJECT_TEXT(f, "Paris");
    EXPECT(f, "GPE Lyon");
    et_found_free(&f);
}

Test(options, gazetteer_missing_file)
{
    tm_error err = load_error("{\"gazetteers\": {\"fixtures/no_such_list.txt\": \"ORG\"}}");
    cr_expect(strstr(err.message, "no_such_list.txt"), "error names the file: %s",
              err.message);
}

Test(options, gazetteer_bad_line)
{
    tm_error err = load_error("{\"gazetteers\": {\"fixtures/bad_label.txt\": \"ORG\"}}");
    cr_expect(strstr(err.message, "bad_label.txt:3"), "error names file and line: %s",
              err.message);
    cr_expect(strstr(err.message, "bogus"), "error names the label: %s", err.message);
    const char *first = strstr(err.message, "bad_label.txt");
    cr_expect(first && !strstr(first + 1, "bad_label.txt"),
              "the file is named once: %s", err.message);
}

Test(options, token_patterns)
{
    et_found f = tag_with(
        "{\"patterns\": {\"PRODUCT\": ["
        "  [{\"lower\": \"model\"}, {\"shape\": \"Xdd\"}],"
        "  [{\"in\": [\"zephyr\", \"kestrel\"]}, {\"is_capitalized\": true, \"op\": \"+\"}]"
        "], \"TICKET\": [[{\"text\": \"#\"}, {\"is_number\": true}]]}}",
        "Order the Model X10 or a Kestrel Turbo Deluxe and quote # 4521.");
    EXPECT(f, "PRODUCT Model X10");
    EXPECT(f, "PRODUCT Kestrel Turbo Deluxe");
    EXPECT(f, "TICKET # 4521");
    cr_expect_str_eq(et_rule(&f, "PRODUCT Model X10"), "user_pattern:PRODUCT#0");
    et_found_free(&f);
}

Test(options, bad_patterns_are_refused)
{
    tm_error err = load_error("{\"patterns\": {\"PRODUCT\": [[{\"colour\": \"red\"}]]}}");
    cr_expect(strstr(err.message, "colour"), "names the key: %s", err.message);
    err = load_error("{\"patterns\": {\"PRODUCT\": [[{\"op\": \"!\"}]]}}");
    cr_expect(strstr(err.message, "op"), "names the key: %s", err.message);
    err = load_error("{\"patterns\": {\"product\": [[{\"lower\": \"x\"}]]}}");
    cr_expect(strstr(err.message, "upper case"), "%s", err.message);
    err = load_error("{\"phrases\": {\"ORG\": \"Acme\"}}");
    cr_expect(strstr(err.message, "array"), "%s", err.message);
}

Test(options, min_score_drops_guesses)
{
    const char *text = "The ZQXW board met.";
    et_found f = tag_with("{}", text);
    EXPECT(f, "ORG ZQXW"); /* an unknown acronym: a weak guess */
    cr_expect_str_eq(et_rule(&f, "ORG ZQXW"), "acronym");
    et_found_free(&f);
    f = tag_with("{\"min_score\": 0.7}", text);
    REJECT_TEXT(f, "ZQXW");
    et_found_free(&f);
    f = tag_with("{\"guess_unknown\": false}", text);
    REJECT_TEXT(f, "ZQXW");
    et_found_free(&f);
}

Test(options, min_score_range_is_checked)
{
    load_error("{\"min_score\": 1.5}");
}

Test(options, builtin_lists_off)
{
    et_found f = tag_with("{\"builtin_lists\": false}",
                          "On 4 July 2020 Oslo paid $40 to NATO.");
    EXPECT(f, "DATE 4 July 2020");
    EXPECT(f, "MONEY $40");
    REJECT_TEXT(f, "Oslo");
    et_found_free(&f);
}

Test(options, lowercase_places)
{
    const char *text = "we drove from san francisco to oregon and ate turkey.";
    et_found f = tag_with("{}", text);
    EXPECT(f, "GPE san francisco");
    EXPECT(f, "GPE oregon");
    REJECT_TEXT(f, "turkey");
    et_found_free(&f);
    f = tag_with("{\"lowercase_gazetteer\": false}", text);
    cr_expect_eq(f.n, 0);
    et_found_free(&f);
}

Test(options, gazetteer_of_clues_extends_the_rules)
{
    et_found f = tag_with("{\"gazetteers\": {\"fixtures/ranks.txt\": \"title\"}}",
                          "The court heard Grand Vizier Omarov and Warden Tull.");
    EXPECT(f, "PERSON Omarov");
    EXPECT(f, "PERSON Tull");
    cr_expect_str_eq(et_rule(&f, "PERSON Omarov"), "title:Grand Vizier");
    et_found_free(&f);
}

Test(options, optional_and_repeated_pattern_tokens)
{
    et_found f = tag_with(
        "{\"patterns\": {\"GENE\": [[{\"shape\": \"XXXXd\"}, {\"text\": \"-\", \"op\": \"?\"},"
        " {\"is_number\": true, \"op\": \"*\"}]]}}",
        "Mutations in BRCA1 and in BRCA2 - 7 were found.");
    EXPECT(f, "GENE BRCA1");
    EXPECT(f, "GENE BRCA2 - 7");
    et_found_free(&f);
}
