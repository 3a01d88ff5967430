/* test_unicode.c - normalization, invisible characters, spaces, folding. */
#include <criterion/criterion.h>

#include "common.h"

#define E_ACUTE "\xC3\xA9"           /* é, composed */
#define E_COMBINING "e\xCC\x81"      /* e + U+0301 */

Test(unicode, nfc_is_the_default)
{
    test_expect(NULL, "caf" E_COMBINING " ok", "caf" E_ACUTE " ok");
    /* Singletons: ANGSTROM SIGN -> Å; Hangul jamo compose. */
    test_expect(NULL, "\xE2\x84\xAB", "\xC3\x85");
    test_expect(NULL, "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", "\xED\x95\x9C");
    /* Compatibility forms stay under NFC (but ligatures, see below). */
    test_expect(NULL, "x\xC2\xB2 \xEF\xBC\xA1", "x\xC2\xB2 \xEF\xBC\xA1");
}

Test(unicode, nfkc_folds_compatibility_forms)
{
    const char *cfg = "{\"normalization\": \"nfkc\"}";
    test_expect(cfg, "\xEF\xAC\x81le x\xC2\xB2 \xEF\xBC\xA1",
                "file x2 A");
    test_expect(cfg, "caf" E_COMBINING, "caf" E_ACUTE);
}

Test(unicode, none_keeps_decomposed_text)
{
    test_expect("{\"normalization\": \"none\"}", "caf" E_COMBINING,
                "caf" E_COMBINING);
}

Test(unicode, combining_marks_after_ascii_map_to_their_base)
{
    tm_pipeline *p = test_cleaner(NULL);
    tm_doc *doc = test_run(p, "ab" E_COMBINING "cd");
    cr_assert_str_eq(tm_doc_text(doc, NULL), "ab" E_ACUTE "cd");
    cr_expect_eq(tm_doc_raw_offset(doc, 2), 2); /* é <- e */
    cr_expect_eq(tm_doc_raw_offset(doc, 4), 5); /* c */
    test_check_map(doc);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(unicode, removes_invisible_characters)
{
    /* BOM, zero-width space, soft hyphen, word joiner, LRM, a C0 and a C1
     * control, DEL. */
    test_expect(NULL,
                "\xEF\xBB\xBFHel\xE2\x80\x8Blo co\xC2\xADop\xE2\x81\xA0"
                "er\xE2\x80\x8E" "ate\x01\xC2\x90!\x7F",
                "Hello cooperate!");
    /* Zero-width joiners carry meaning (emoji sequences): kept. */
    const char *family = "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";
    test_expect(NULL, family, family);
}

Test(unicode, invisible_characters_can_be_kept)
{
    const char *cfg = "{\"remove_invisible\": false}";
    test_expect(cfg, "a\xE2\x80\x8B" "b\xC2\xAD" "c", "a\xE2\x80\x8B" "b\xC2\xAD" "c");
}

Test(unicode, maps_odd_spaces_to_plain_spaces)
{
    /* no-break, thin, ideographic, narrow no-break */
    test_expect("{\"whitespace\": false}",
                "a\xC2\xA0" "b\xE2\x80\x89" "c\xE3\x80\x80" "d\xE2\x80\xAF" "e",
                "a b c d e");
    test_expect("{\"whitespace\": false, \"normalize_spaces\": false}",
                "a\xC2\xA0" "b", "a\xC2\xA0" "b");
}

Test(unicode, line_and_paragraph_separators)
{
    test_expect(NULL, "one\xE2\x80\xA8two\xE2\x80\xA9three\xC2\x85" "four",
                "one\ntwo\n\nthree\nfour");
}

Test(unicode, folds_typography_on_request)
{
    const char *cfg = "{\"fold_punctuation\": true}";
    test_expect(cfg,
                "\xE2\x80\x9CIt\xE2\x80\x99s\xE2\x80\x9D \xE2\x80\x93 "
                "1\xE2\x80\x93" "2, a\xE2\x80\x94" "b\xE2\x80\xA6",
                "\"It's\" - 1-2, a--b...");
    /* Off by default. */
    test_expect(NULL, "\xE2\x80\x9CIt\xE2\x80\x99s\xE2\x80\x9D",
                "\xE2\x80\x9CIt\xE2\x80\x99s\xE2\x80\x9D");
}

Test(unicode, folding_maps_each_output_character_to_its_source)
{
    tm_pipeline *p = test_cleaner("{\"fold_punctuation\": true}");
    tm_doc *doc = test_run(p, "a\xE2\x80\xA6" "b");
    cr_assert_str_eq(tm_doc_text(doc, NULL), "a...b");
    for (size_t i = 1; i <= 3; i++)
        cr_expect_eq(tm_doc_raw_offset(doc, i), 1);
    cr_expect_eq(tm_doc_raw_offset(doc, 4), 4);
    test_check_map(doc);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(unicode, spells_out_ligatures)
{
    /* ﬁne ﬂoor eﬃcient Ĳssel ǅ */
    test_expect(NULL, "\xEF\xAC\x81ne \xEF\xAC\x82oor e\xEF\xAC\x83" "cient "
                      "\xC4\xB2ssel \xC7\x85",
                "fine floor efficient IJssel D\xC5\xBE");
    test_expect("{\"ligatures\": false}", "\xEF\xAC\x81ne", "\xEF\xAC\x81ne");
}

Test(unicode, ligature_letters_map_to_the_ligature)
{
    tm_pipeline *p = test_cleaner(NULL);
    tm_doc *doc = test_run(p, "e\xEF\xAC\x83x"); /* eﬃx */
    cr_assert_str_eq(tm_doc_text(doc, NULL), "effix");
    for (size_t i = 1; i <= 3; i++)
        cr_expect_eq(tm_doc_raw_offset(doc, i), 1);
    cr_expect_eq(tm_doc_raw_offset(doc, 4), 4);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(unicode, full_width_forms_on_request)
{
    const char *fw = "\xEF\xBC\xA1\xEF\xBC\x91\xEF\xBC\x81 \xE6\x97\xA5"; /* Ａ１！ 日 */
    test_expect("{\"full_width\": true}", fw, "A1! \xE6\x97\xA5");
    test_expect(NULL, fw, fw);
}

Test(unicode, removes_terminal_escapes)
{
    test_expect(NULL, "\x1B[1;31mError\x1B[0m: disk \x1B]0;title\x07" "full",
                "Error: disk full");
    test_expect("{\"remove_invisible\": false, \"whitespace\": false}",
                "\x1B[1mx", "\x1B[1mx");
}
