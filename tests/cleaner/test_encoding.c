/* test_encoding.c - invalid UTF-8 (the repair function) and mojibake. */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "common.h"
#include "repair.h"

/* Repairs s[0..len) and compares with want; returns nothing. */
static void expect_repair(const char *s, size_t len, cl_utf8_policy policy,
                          const char *want)
{
    tm_error err;
    tm_error_clear(&err);
    size_t n;
    char *out = cl_utf8_repair(s, len, policy, &n, NULL, &err);
    cr_assert_not_null(out, "%s", err.message);
    cr_expect_eq(n, strlen(want));
    cr_expect_str_eq(out, want);
    free(out);
}

Test(repair, replace_gives_one_fffd_per_maximal_subpart)
{
    /* A cut-off euro sign (E2 82) is one bad sequence; a stray continuation
     * byte and a byte that never occurs in UTF-8 are one each. */
    expect_repair("a\xE2\x82" "b\x80" "c\xFF", 7, CL_UTF8_REPLACE,
                  "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD");
    /* Overlong forms and surrogates are bad byte by byte. */
    expect_repair("\xC0\xAF", 2, CL_UTF8_REPLACE,
                  "\xEF\xBF\xBD\xEF\xBF\xBD");
    expect_repair("\xED\xA0\x80", 3, CL_UTF8_REPLACE,
                  "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

Test(repair, cp1252_decodes_bad_bytes_as_windows_1252)
{
    /* Latin-1 text with Windows quotes inside UTF-8. */
    expect_repair("caf\xE9 \x93ok\x94 \xE2\x82\xAC", 13, CL_UTF8_CP1252,
                  "caf\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D \xE2\x82\xAC");
    /* The five bytes the code page leaves out become U+FFFD. */
    expect_repair("x\x81y", 3, CL_UTF8_CP1252, "x\xEF\xBF\xBDy");
}

Test(repair, fail_policy_names_the_offset)
{
    tm_error err;
    tm_error_clear(&err);
    size_t n;
    char *out = cl_utf8_repair("good\xC3(", 6, CL_UTF8_FAIL, &n, NULL, &err);
    cr_assert_null(out);
    cr_expect_eq(err.code, TM_ERR_UTF8);
    cr_expect(strstr(err.message, "offset 4") != NULL, "%s", err.message);
    /* Valid input passes every policy unchanged. */
    expect_repair("caf\xC3\xA9", 5, CL_UTF8_FAIL, "caf\xC3\xA9");
}

Test(repair, drops_nul_bytes)
{
    /* UTF-16LE "Hi" read as bytes keeps its letters. */
    expect_repair("H\0i\0", 4, CL_UTF8_REPLACE, "Hi");
    expect_repair("a\0b", 3, CL_UTF8_FAIL, "ab");
}

Test(repair, map_points_back_to_the_bad_bytes)
{
    tm_error err;
    tm_error_clear(&err);
    tm_offset_map *map;
    size_t n;
    char *out = cl_utf8_repair("ab\xFF" "cd", 5, CL_UTF8_REPLACE, &n, &map, &err);
    cr_assert_not_null(out);
    cr_assert_not_null(map);
    cr_expect_eq(n, 7); /* "ab" U+FFFD "cd" */
    cr_expect_eq(tm_offset_map_lookup(map, 2), 2); /* U+FFFD <- 0xFF */
    cr_expect_eq(tm_offset_map_lookup(map, 5), 3); /* 'c' */
    cr_expect_eq(tm_offset_map_lookup(map, 6), 4);
    cr_expect_eq(tm_offset_map_lookup(map, 7), 5);
    tm_offset_map_free(map);
    free(out);

    out = cl_utf8_repair("fine", 4, CL_UTF8_REPLACE, &n, &map, &err);
    cr_expect_null(map, "no map when nothing changed");
    cr_expect_str_eq(out, "fine");
    free(out);
}

Test(repair, policy_names)
{
    cr_expect_eq(cl_utf8_policy_from_name("fail"), CL_UTF8_FAIL);
    cr_expect_eq(cl_utf8_policy_from_name("replace"), CL_UTF8_REPLACE);
    cr_expect_eq(cl_utf8_policy_from_name("cp1252"), CL_UTF8_CP1252);
    cr_expect_eq(cl_utf8_policy_from_name("latin1"), -1);
}

/* Random bytes, repaired under each policy, then cleaned: the result is
 * always valid UTF-8 with a sound map, and cleaning it again changes nothing
 * (but with markup "html", whose output is not HTML any more: its line
 * breaks would read as spaces). */
Test(repair, random_bytes_then_stage_stay_valid_and_stable)
{
    tm_pipeline *stages[3] = {
        test_cleaner(NULL),
        test_cleaner("{\"unwrap_lines\": true, \"join_hyphenated\": true, "
                     "\"normalization\": \"nfkc\", \"fold_punctuation\": true, "
                     "\"full_width\": true}"),
        test_cleaner("{\"markup\": \"html\"}")};
    /* Bytes biased towards the interesting ones. */
    static const unsigned char pool[] = {
        'a', 'e', ' ', ' ', '\n', '\n', '\r', '\t', '.', ',', '(', ')', '-',
        '<', '>', '&', ';', '#', 'p', '/', 0x00, 0x80, 0x9C, 0xA0, 0xA9,
        0xC2, 0xC3, 0xE2, 0x80, 0x99, 0xCC, 0x81, 0xF0, 0x9F, 0xEF, 0xBB,
        0xBF, 0xFF, 0xED, '"', 0x0B, 0x0C, 0x7F, 0x1B, '[', 'm', 0xEF,
        0xAC, 0x81};
    unsigned seed = 12345;
    for (int round = 0; round < 3000; round++) {
        char buf[256];
        size_t len = (size_t)(round % 200) + 1;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 16;
            buf[i] = (char)(r % 3 == 0 ? (r >> 4) & 0xFF
                                       : pool[(r >> 4) % sizeof(pool)]);
        }
        cl_utf8_policy policy = (cl_utf8_policy)(1 + round % 2);
        size_t n;
        tm_error err;
        tm_error_clear(&err);
        char *fixed = cl_utf8_repair(buf, len, policy, &n, NULL, &err);
        cr_assert_not_null(fixed);
        cr_assert_eq(tm_utf8_validate(fixed, n), n, "repair output invalid");
        tm_pipeline *stage = stages[round % 3];
        tm_doc *doc = test_run_len(stage, fixed, n);
        test_check_map(doc);
        size_t clen;
        const char *clean = tm_doc_text(doc, &clen);
        cr_assert_eq(tm_utf8_validate(clean, clen), clen);
        if (round % 3 == 2) {
            tm_doc_free(doc);
            free(fixed);
            continue;
        }
        tm_doc *again = test_run_len(stage, clean, clen);
        cr_assert_str_eq(tm_doc_text(again, NULL), clean,
                         "not idempotent on round %d", round);
        cr_assert(!tm_doc_text_rewritten(again));
        tm_doc_free(again);
        tm_doc_free(doc);
        free(fixed);
    }
    for (int i = 0; i < 3; i++)
        tm_pipeline_free(stages[i]);
}

/* ---- mojibake ---- */

Test(mojibake, repairs_utf8_read_as_windows_1252)
{
    test_expect(NULL, "It\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s a caf\xC3\x83\xC2\xA9.",
                "It\xE2\x80\x99s a caf\xC3\xA9.");
    /* Quotes and dashes: â€œ â€ â€“ */
    test_expect(NULL,
                "\xC3\xA2\xE2\x82\xAC\xC5\x93Hi\xC3\xA2\xE2\x82\xAC\xC2\x9D "
                "a \xC3\xA2\xE2\x82\xAC\xE2\x80\x9C b",
                "\xE2\x80\x9CHi\xE2\x80\x9D a \xE2\x80\x93 b");
}

Test(mojibake, repairs_utf8_read_as_latin1)
{
    /* Latin-1 shows byte 0x80-0x9F as C1 controls: â U+0080 U+0099. */
    test_expect(NULL, "it\xC3\xA2\xC2\x80\xC2\x99s", "it\xE2\x80\x99s");
}

Test(mojibake, repairs_cyrillic_and_emoji)
{
    /* "привет" read as Windows-1252. */
    test_expect(NULL,
                "\xC3\x90\xC2\xBF\xC3\x91\xE2\x82\xAC\xC3\x90\xC2\xB8\xC3\x90"
                "\xC2\xB2\xC3\x90\xC2\xB5\xC3\x91\xE2\x80\x9A",
                "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
    /* U+1F600 as four characters: ðŸ˜€ */
    test_expect(NULL, "ok \xC3\xB0\xC5\xB8\xCB\x9C\xE2\x82\xAC",
                "ok \xF0\x9F\x98\x80");
}

Test(mojibake, repairs_double_encoding)
{
    /* ’ encoded twice: Ã¢â‚¬â„¢ */
    test_expect(NULL,
                "it\xC3\x83\xC2\xA2\xC3\xA2\xE2\x80\x9A\xC2\xAC\xC3\xA2\xE2\x80"
                "\x9E\xC2\xA2s",
                "it\xE2\x80\x99s");
}

Test(mojibake, repairs_double_encoding_through_undefined_bytes)
{
    /* "шесть”" encoded twice: its 0x81 and 0x9D bytes, which Windows-1252
     * leaves undefined, went through as C1 controls. */
    test_expect(NULL,
                "\xC3\x83\xE2\x80\x98\xC3\x8B\xE2\x80\xA0\xC3\x83\xC2\x90\xC3"
                "\x82\xC2\xB5\xC3\x83\xE2\x80\x98\xC3\x82\xC2\x81\xC3\x83\xE2\x80"
                "\x98\xC3\xA2\xE2\x82\xAC\xC5\xA1\xC3\x83\xE2\x80\x98\xC3\x85\xE2"
                "\x80\x99\xC3\x83\xC2\xA2\xC3\xA2\xE2\x80\x9A\xC2\xAC\xC3\x82\xC2"
                "\x9D",
                "\xD1\x88\xD0\xB5\xD1\x81\xD1\x82\xD1\x8C\xE2\x80\x9D");
}

Test(mojibake, leaves_correct_text_alone)
{
    const char *texts[] = {
        "CAF\xC3\x89\xE2\x80\x99S MENU",          /* CAFÉ’S */
        "S\xC3\x83O PAULO",                      /* SÃO */
        "na\xC3\xAFve r\xC3\xA9sum\xC3\xA9",     /* naïve résumé */
        "\xC3\x9C" "ber \xC3\x84rger",          /* Über Ärger */
        "\xC2\xAB" "CAF\xC3\x89\xC2\xBB",      /* «CAFÉ» */
        "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", /* Москва */
        "\xE4\xB8\xAD\xE6\x96\x87",              /* 中文 */
        "1\xC2\xB0 \xC2\xB1 \xC2\xBD",           /* 1° ± ½ */
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        test_expect(NULL, texts[i], texts[i]);
}

Test(mojibake, can_be_turned_off)
{
    const char *bad = "caf\xC3\x83\xC2\xA9";
    test_expect("{\"mojibake\": false}", bad, bad);
}

Test(mojibake, maps_the_repaired_character_to_the_mojibake)
{
    tm_pipeline *p = test_cleaner(NULL);
    /* "xâ€™y": ’ comes from the three characters at byte 1. */
    tm_doc *doc = test_run(p, "x\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2y");
    cr_assert_str_eq(tm_doc_text(doc, NULL), "x\xE2\x80\x99y");
    cr_expect_eq(tm_doc_raw_offset(doc, 1), 1);
    cr_expect_eq(tm_doc_raw_offset(doc, 4), 9); /* 'y' */
    test_check_map(doc);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}
