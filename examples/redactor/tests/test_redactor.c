/* test_redactor.c - the redactor example: masks, the offset map to the raw
 * text, and numbers that are not phone numbers. */
#include <string.h>
#include <textmill/testing.h>

static const char note[] = "Write to ana.lima@example.org or call +47 22 33 44 55 today.";

Test(redactor, masks_with_labels)
{
    tm_doc *doc = tm_test_run("redactor", NULL, note);
    tm_assert_text(doc, "Write to [EMAIL] or call [PHONE] today.");
    json_t *counts = json_object_get(tm_doc_meta(doc), "redactions");
    cr_assert_eq(json_integer_value(json_object_get(counts, "email")), 1);
    cr_assert_eq(json_integer_value(json_object_get(counts, "phone")), 1);
    tm_doc_free(doc);
}

Test(redactor, offset_map_leads_back_to_the_raw_text)
{
    tm_doc *doc = tm_test_run("redactor", NULL, note);
    /* The masks cover what they hide, and the text around them is in place. */
    tm_assert_raw_text(doc, 9, 16, "ana.lima@example.org");
    tm_assert_raw_text(doc, 25, 32, "+47 22 33 44 55");
    tm_assert_raw_text(doc, 0, 8, "Write to");
    tm_assert_raw_text(doc, 33, 38, "today");
    tm_assert_raw_text(doc, 17, 24, "or call");
    size_t len;
    tm_doc_text(doc, &len);
    cr_assert_eq(tm_doc_raw_offset(doc, len), strlen(note));
    tm_doc_free(doc);
}

Test(redactor, stars_keep_the_length)
{
    tm_doc *doc = tm_test_run("redactor", "{\"mask\": \"stars\"}", "Mail bo@fjord.no now");
    tm_assert_text(doc, "Mail *********** now");
    tm_assert_raw_text(doc, 5, 16, "bo@fjord.no");
    tm_doc_free(doc);
}

Test(redactor, phone_number_shapes)
{
    tm_doc *doc = tm_test_run("redactor", NULL,
                              "Call (555) 010-2345, 555.010.9876 or 020 7946 0958.");
    tm_assert_text(doc, "Call [PHONE], [PHONE] or [PHONE].");
    tm_doc_free(doc);
}

Test(redactor, numbers_that_are_not_phone_numbers)
{
    static const char text[] =
        "On 2024-05-17 the 3 200 members paid 1,250,000 kroner; host 192.168.100.200 "
        "ran version 2.14.1 for 45 minutes at 10:30.";
    tm_doc *doc = tm_test_run("redactor", NULL, text);
    tm_assert_text(doc, text);
    /* Nothing masked: the text was not rewritten at all. */
    cr_assert(!tm_doc_text_rewritten(doc));
    cr_assert_null(json_object_get(tm_doc_meta(doc), "redactions"));
    tm_doc_free(doc);
}

Test(redactor, min_digits)
{
    tm_doc *doc = tm_test_run("redactor", "{\"min_digits\": 5}", "Ext. 12-345 please");
    tm_assert_text(doc, "Ext. [PHONE] please");
    tm_doc_free(doc);
    doc = tm_test_run("redactor", NULL, "Ext. 12-345 please");
    tm_assert_text(doc, "Ext. 12-345 please");
    tm_doc_free(doc);
}

Test(redactor, email_or_phone_only)
{
    tm_doc *doc = tm_test_run("redactor", "{\"phone\": false}", note);
    tm_assert_text(doc, "Write to [EMAIL] or call +47 22 33 44 55 today.");
    tm_doc_free(doc);
    doc = tm_test_run("redactor", "{\"email\": false}", note);
    tm_assert_text(doc, "Write to ana.lima@example.org or call [PHONE] today.");
    tm_doc_free(doc);
}

Test(redactor, addresses_in_context)
{
    tm_doc *doc = tm_test_run("redactor", NULL,
                              "<kari+news@post.uni-bergen.no>, (team@rødt.no) and "
                              "not@this or @handle.");
    tm_assert_text(doc, "<[EMAIL]>, ([EMAIL]) and not@this or @handle.");
    tm_doc_free(doc);
}
