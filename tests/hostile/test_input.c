/* Hostile documents through the library: the reader, then every stage.
 * Nothing may crash, hang or produce a span outside the text; a bad input
 * item fails alone, with a reason, and the next one is read. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"

TestSuite(input, .init = hostile_setup, .fini = hostile_teardown, .timeout = 300);

/* What reading one file gave. */
typedef struct outcome {
    size_t docs, bad;
    tm_error first_bad; /* the first failure */
    tm_error last_bad;
    char last_text[256]; /* the start of the last document's text */
    char ids[8][64];     /* the first documents' ids */
} outcome;

/* Reads every item of scratch file name under policy, runs the stages on
 * each document (which must succeed) and checks it. */
static outcome read_all(const char *name, tm_input_format format, tm_utf8_policy policy)
{
    outcome o;
    memset(&o, 0, sizeof o);
    tm_reader_options opts = {.format = format, .utf8 = policy};
    const char *path = scratch(name);
    tm_error err;
    tm_reader *r = tm_reader_new(&path, 1, &opts, &err);
    cr_assert_not_null(r);
    tm_doc *doc;
    tm_read_result res;
    while ((res = tm_reader_next(r, &doc, &err)) != TM_READ_END) {
        if (res == TM_READ_BAD) {
            cr_assert_neq(err.code, TM_OK, "a failure has a code");
            cr_assert_neq(err.message[0], '\0', "a failure has a reason");
            if (o.bad++ == 0)
                o.first_bad = err;
            o.last_bad = err;
            continue;
        }
        if (o.docs < 8)
            snprintf(o.ids[o.docs], sizeof o.ids[0], "%s", tm_doc_id(doc));
        o.docs++;
        snprintf(o.last_text, sizeof o.last_text, "%s", tm_doc_text(doc, NULL));
        cr_assert_eq(tm_pipeline_process(stages(), doc, &err), TM_OK,
                     "stage %s failed on %s: %s", err.stage, tm_doc_id(doc), err.message);
        check_doc(doc, true);
        tm_doc_free(doc);
    }
    tm_reader_free(r);
    return o;
}

Test(input, empty_files)
{
    put_bytes("empty.txt", "", 0);
    outcome o = read_all("empty.txt", TM_INPUT_AUTO, TM_UTF8_ERROR);
    cr_assert_eq(o.docs, 1, "an empty text file is one empty document");
    cr_assert_eq(o.bad, 0);
    cr_assert_str_eq(o.last_text, "");

    put_bytes("empty.jsonl", "", 0);
    o = read_all("empty.jsonl", TM_INPUT_AUTO, TM_UTF8_ERROR);
    cr_assert_eq(o.docs + o.bad, 0, "an empty JSON Lines file has no document");

    put_text("blank.jsonl", "\n\n   \n\t\r\n");
    o = read_all("blank.jsonl", TM_INPUT_AUTO, TM_UTF8_ERROR);
    cr_assert_eq(o.docs + o.bad, 0, "blank lines are no documents");
}

Test(input, files_of_nul_bytes)
{
    char zeros[4096] = {0};
    put_bytes("zeros.txt", zeros, sizeof zeros);
    outcome o = read_all("zeros.txt", TM_INPUT_AUTO, TM_UTF8_ERROR);
    cr_assert_eq(o.bad, 1);
    cr_assert_eq(o.first_bad.code, TM_ERR_UTF8);
    cr_assert(strstr(o.first_bad.message, "NUL byte at byte offset 0"), "%s",
              o.first_bad.message);

    o = read_all("zeros.txt", TM_INPUT_AUTO, TM_UTF8_REPLACE);
    cr_assert_eq(o.docs, 1, "repaired: each NUL becomes U+FFFD");
    cr_assert(strncmp(o.last_text, "\xEF\xBF\xBD\xEF\xBF\xBD", 6) == 0);

    /* As JSON Lines: one line of junk, refused as such. */
    put_bytes("zeros.jsonl", zeros, sizeof zeros);
    for (int policy = TM_UTF8_ERROR; policy <= TM_UTF8_CP1252; policy++) {
        o = read_all("zeros.jsonl", TM_INPUT_AUTO, (tm_utf8_policy)policy);
        cr_assert_eq(o.docs, 0);
        cr_assert_eq(o.bad, 1, "policy %d", policy);
    }
}

Test(input, binary_files)
{
    size_t n = 1 << 20;
    unsigned char *junk = malloc(n);
    random_bytes(junk, n, 7);
    put_bytes("junk.bin", junk, n);
    outcome o = read_all("junk.bin", TM_INPUT_TEXT, TM_UTF8_ERROR);
    cr_assert_eq(o.bad, 1);
    cr_assert(o.first_bad.code == TM_ERR_UTF8, "%s", o.first_bad.message);
    o = read_all("junk.bin", TM_INPUT_TEXT, TM_UTF8_REPLACE);
    cr_assert_eq(o.docs, 1);
    o = read_all("junk.bin", TM_INPUT_TEXT, TM_UTF8_CP1252);
    cr_assert_eq(o.docs, 1);

    /* The same bytes as JSON Lines: every line is an item that fails alone. */
    o = read_all("junk.bin", TM_INPUT_JSONL, TM_UTF8_REPLACE);
    size_t lines = 0; /* lines with something else than blanks */
    bool blank = true;
    for (size_t i = 0; i < n; i++) {
        if (junk[i] == '\n') {
            lines += !blank;
            blank = true;
        } else if (!strchr(" \t\r", junk[i]) || junk[i] == 0) {
            blank = false;
        }
    }
    lines += !blank;
    cr_assert_eq(o.docs, 0);
    cr_assert_eq(o.bad, lines, "one failure a line (%zu lines)", lines);
    free(junk);
}

/* Bytes that are not UTF-8, each between two plain words. */
static const struct {
    const char *bytes;
    const char *what;
} bad_utf8[] = {
    {"\xC0\xAF", "overlong '/' in two bytes"},
    {"\xE0\x80\xAF", "overlong '/' in three bytes"},
    {"\xF0\x80\x80\xAF", "overlong '/' in four bytes"},
    {"\xC1\xBF", "overlong DEL"},
    {"\xE0\x9F\xBF", "overlong U+07FF"},
    {"\xF4\x90\x80\x80", "above U+10FFFF"},
    {"\xF5\x80\x80\x80", "lead byte F5"},
    {"\xFF\xFE", "FF FE"},
    {"\x80", "lone continuation byte"},
    {"\xBF\xBF\xBF", "run of continuation bytes"},
    {"\xE2\x82", "truncated three-byte sequence"},
    {"\xF0\x9F\x98", "truncated four-byte sequence"},
    {"\xED\xA0\x80", "surrogate U+D800"},
    {"\xED\xBF\xBF", "surrogate U+DFFF"},
    {"\xED\xA0\xBD\xED\xB8\x80", "surrogate pair (CESU-8)"},
};

Test(input, invalid_overlong_and_surrogate_utf8)
{
    for (size_t i = 0; i < sizeof bad_utf8 / sizeof *bad_utf8; i++) {
        char text[64];
        int n = snprintf(text, sizeof text, "Plain %s words.", bad_utf8[i].bytes);
        tm_error err;
        cr_assert_eq(tm_utf8_validate(text, (size_t)n), 6, "%s: the first bad byte",
                     bad_utf8[i].what);
        cr_assert_null(tm_doc_new("x", text, (size_t)n, &err), "%s is refused",
                       bad_utf8[i].what);
        cr_assert_eq(err.code, TM_ERR_UTF8);
        cr_assert(strstr(err.message, "offset 6"), "%s: %s", bad_utf8[i].what, err.message);

        /* Repaired, the words around survive and the stages run. */
        size_t fixed_len;
        char *fixed = tm_utf8_repair(text, (size_t)n, TM_UTF8_REPLACE, &fixed_len, &err);
        cr_assert_not_null(fixed);
        cr_assert_eq(tm_utf8_validate(fixed, fixed_len), fixed_len, "%s", bad_utf8[i].what);
        cr_assert(strncmp(fixed, "Plain \xEF\xBF\xBD", 9) == 0, "%s", bad_utf8[i].what);
        cr_assert(strstr(fixed, " words."), "%s", bad_utf8[i].what);
        cr_assert_eq(process_text(fixed, fixed_len, &err), TM_OK, "%s: %s", bad_utf8[i].what,
                     err.message);
        free(fixed);

        /* The same bytes in a text file and in a JSON Lines string. */
        put_text("bad.txt", text);
        outcome o = read_all("bad.txt", TM_INPUT_AUTO, TM_UTF8_ERROR);
        cr_assert_eq(o.bad, 1, "%s", bad_utf8[i].what);
        cr_assert_eq(o.first_bad.code, TM_ERR_UTF8);
        o = read_all("bad.txt", TM_INPUT_AUTO, TM_UTF8_CP1252);
        cr_assert_eq(o.docs, 1, "%s", bad_utf8[i].what);

        char line[128];
        snprintf(line, sizeof line, "{\"id\": \"u\", \"text\": \"%s\"}\n", text);
        put_text("bad.jsonl", line);
        o = read_all("bad.jsonl", TM_INPUT_AUTO, TM_UTF8_ERROR);
        cr_assert_eq(o.bad, 1, "%s", bad_utf8[i].what);
        o = read_all("bad.jsonl", TM_INPUT_AUTO, TM_UTF8_REPLACE);
        cr_assert_eq(o.docs, 1, "%s", bad_utf8[i].what);
    }
}

Test(input, escaped_surrogates_and_nul_in_json_lines)
{
    put_text("esc.jsonl",
             "{\"id\": \"lone high\", \"text\": \"a \\ud800 b\"}\n"
             "{\"id\": \"lone low\", \"text\": \"a \\udc00 b\"}\n"
             "{\"id\": \"reversed\", \"text\": \"a \\ude00\\ud83d b\"}\n"
             "{\"id\": \"nul\", \"text\": \"a \\u0000 b\"}\n"
             "{\"id\": \"pair\", \"text\": \"smile \\ud83d\\ude00 ok\"}\n");
    outcome o = read_all("esc.jsonl", TM_INPUT_AUTO, TM_UTF8_REPLACE);
    cr_assert_eq(o.bad, 4, "lone or reversed surrogates and NUL are refused");
    cr_assert_eq(o.docs, 1);
    cr_assert_str_eq(o.ids[0], "pair");
    cr_assert_str_eq(o.last_text, "smile \xF0\x9F\x98\x80 ok");
}

Test(input, truncated_last_line)
{
    put_text("cut.jsonl", "{\"id\": \"whole\", \"text\": \"A whole line.\"}\n"
                          "{\"id\": \"cut\", \"text\": \"The file ends in the mid");
    outcome o = read_all("cut.jsonl", TM_INPUT_AUTO, TM_UTF8_ERROR);
    cr_assert_eq(o.docs, 1);
    cr_assert_eq(o.bad, 1);
    cr_assert_eq(o.first_bad.line, 2);
    cr_assert(strstr(o.first_bad.message, "cut short"), "%s", o.first_bad.message);

    /* A complete object without the final newline is a good document. */
    put_text("nonl.jsonl", "{\"id\": \"a\", \"text\": \"One.\"}\n{\"id\": \"b\", \"text\": \"Two.\"}");
    o = read_all("nonl.jsonl", TM_INPUT_AUTO, TM_UTF8_ERROR);
    cr_assert_eq(o.docs, 2);
    cr_assert_eq(o.bad, 0);

    /* A multi-byte character cut in half at the end of a text file. */
    put_text("half.txt", "Ends in a euro sign \xE2\x82");
    o = read_all("half.txt", TM_INPUT_AUTO, TM_UTF8_ERROR);
    cr_assert_eq(o.bad, 1);
    cr_assert(strstr(o.first_bad.message, "offset 20"), "%s", o.first_bad.message);
}

Test(input, duplicate_ids_are_kept_in_order)
{
    put_text("dup.jsonl", "{\"id\": \"same\", \"text\": \"First of two.\"}\n"
                          "{\"id\": \"same\", \"text\": \"Second of two.\"}\n"
                          "{\"id\": 7, \"text\": \"Numeric id.\"}\n"
                          "{\"id\": \"7\", \"text\": \"String id that looks the same.\"}\n");
    outcome o = read_all("dup.jsonl", TM_INPUT_AUTO, TM_UTF8_ERROR);
    cr_assert_eq(o.docs, 4, "duplicates are neither merged nor dropped");
    cr_assert_str_eq(o.ids[0], "same");
    cr_assert_str_eq(o.ids[1], "same");
    cr_assert_str_eq(o.ids[2], "7");
    cr_assert_str_eq(o.ids[3], "7");
}

Test(input, lines_that_are_not_documents)
{
    const char *bad[] = {
        "[1, 2, 3]", "\"just a string\"", "42", "null", "true", "{\"id\": \"no text\"}",
        "{\"text\": 5}", "{\"text\": null}", "{\"id\": {}, \"text\": \"a\"}",
        "{\"id\": [1], \"text\": \"a\"}", "{\"text\": \"a\", \"layers\": []}",
        "{\"text\": \"abc\", \"layers\": {\"x\": [{\"start\": 2, \"end\": 1}]}}",
        "{\"text\": \"abc\", \"layers\": {\"x\": [{\"start\": 0, \"end\": 99}]}}",
        "{\"text\": \"abc\", \"layers\": {\"x\": [{\"start\": -1, \"end\": 1}]}}",
        "{\"text\": \"abc\", \"layers\": {\"x\": [{\"start\": 1e300, \"end\": 1}]}}",
        "{\"text\": \"abc\", \"layers\": {\"x\": [{\"start\": 0, \"end\": 1, \"attrs\": 3}]}}",
        "{\"text\": \"abc\", \"layers\": {\"x\": [\"not a span\"]}}",
        "{\"text\": \"abc\", \"raw_text\": \"abcdef\", \"offset_map\": [[5, 0], [1, 0]]}",
        "{\"text\": \"abc\", \"raw_text\": \"ab\", \"offset_map\": [[0, 9]]}",
        "{\"text\": \"a\", \"text\": \"b\", ", "{,}", "{\"text\": \"a\"} trailing",
        "\xEF\xBB\xBF{\"text\": \"after a byte order mark\"}",
    };
    size_t n = sizeof bad / sizeof *bad;
    char *all = malloc(1 << 16);
    all[0] = '\0';
    for (size_t i = 0; i < n; i++)
        strcat(strcat(all, bad[i]), "\n");
    strcat(all, "{\"id\": \"last\", \"text\": \"Still read after all that.\"}\n");
    put_text("bad.jsonl", all);
    free(all);
    outcome o = read_all("bad.jsonl", TM_INPUT_AUTO, TM_UTF8_ERROR);
    cr_assert_eq(o.docs, 1);
    cr_assert_str_eq(o.ids[0], "last");
    cr_assert_eq(o.bad, n, "every bad line fails alone (%zu of %zu)", o.bad, n);
    cr_assert_eq(o.first_bad.line, 1);
    cr_assert(strstr(o.first_bad.message, "must be a JSON object"), "%s",
              o.first_bad.message);
    cr_assert_eq(o.last_bad.line, (int)n);
}

Test(input, text_that_is_all_punctuation)
{
    static const char *const marks[] = {".", "!", "?", ",", ";", ":", "...", "-", "--",
                                        "(", ")", "[", "]", "\"", "'", "\xE2\x80\xA6",
                                        "\xC2\xBF", "\xC2\xA1", "\xE2\x80\x94", "\xC2\xAB",
                                        "\xC2\xBB", "\xE2\x80\x9C", "\xE2\x80\x9D", "/",
                                        "*", "#", "@", "&", "%", " ", "\n", "\n\n"};
    size_t nmarks = sizeof marks / sizeof *marks, cap = 1 << 18, len = 0;
    char *text = malloc(cap + 8);
    unsigned char pick[1];
    for (unsigned i = 0; len < cap; i++) {
        random_bytes(pick, 1, i + 1);
        const char *m = marks[pick[0] % nmarks];
        memcpy(text + len, m, strlen(m));
        len += strlen(m);
    }
    text[len] = '\0';
    tm_error err;
    cr_assert_eq(process_text(text, len, &err), TM_OK, "%s", err.message);
    /* Only sentence-ending marks. */
    memset(text, '.', len);
    cr_assert_eq(process_text(text, len, &err), TM_OK, "%s", err.message);
    memset(text, '!', len);
    cr_assert_eq(process_text(text, len, &err), TM_OK, "%s", err.message);
    free(text);
}

Test(input, one_word_repeated_a_million_times)
{
    const char *forms[] = {"again ", "Again. ", "again", "Again"};
    for (size_t f = 0; f < 4; f++) {
        size_t w = strlen(forms[f]), n = 1000000, len = w * n;
        char *text = malloc(len + 1);
        for (size_t i = 0; i < n; i++)
            memcpy(text + i * w, forms[f], w);
        text[len] = '\0';
        tm_error err;
        cr_assert_eq(process_text(text, len, &err), TM_OK, "'%s': %s", forms[f], err.message);
        free(text);
    }
}

/* n copies of open, then n of close. */
static char *nest(const char *open, const char *close, size_t n, size_t *len)
{
    size_t a = strlen(open), b = strlen(close);
    *len = n * (a + b);
    char *s = malloc(*len + 1), *p = s;
    for (size_t i = 0; i < n; i++, p += a)
        memcpy(p, open, a);
    for (size_t i = 0; i < n; i++, p += b)
        memcpy(p, close, b);
    *p = '\0';
    return s;
}

Test(input, deeply_nested_brackets_and_quotes_in_text)
{
    static const char *const pairs[][2] = {
        {"(", ")"},   {"[", "]"},   {"{", "}"},  {"\"", "\""}, {"'", "'"},
        {"(", ""},    {"", ")"},    {"\"", ""},  {"Say \"", ".\" "},
        {"\xC2\xAB", "\xC2\xBB"}, {"\xE2\x80\x9C", "\xE2\x80\x9D"},
        {"\xE2\x80\x98", "\xE2\x80\x99"}, {"(\"[", "]\")"}, {"He said (", "). "},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        size_t len;
        char *text = nest(pairs[i][0], pairs[i][1], 200000, &len);
        tm_error err;
        cr_assert_eq(process_text(text, len, &err), TM_OK, "%s...%s: %s", pairs[i][0],
                     pairs[i][1], err.message);
        free(text);
    }
}

Test(input, deeply_nested_json_lines)
{
    /* 100,000 '[' must fail as one bad line, not blow the stack. */
    size_t len;
    char *deep = nest("[", "", 100000, &len);
    char *file = malloc(len * 4 + 200); /* enough for every case below */
    snprintf(file, len * 4 + 200, "%s\n{\"id\": \"after\", \"text\": \"Next line.\"}\n", deep);
    put_text("deep.jsonl", file);
    outcome o = read_all("deep.jsonl", TM_INPUT_AUTO, TM_UTF8_ERROR);
    cr_assert_eq(o.bad, 1);
    cr_assert_eq(o.first_bad.code, TM_ERR_LIMIT);
    cr_assert(strstr(o.first_bad.message, "levels deep"), "%s", o.first_bad.message);
    cr_assert_eq(o.docs, 1);
    cr_assert_str_eq(o.ids[0], "after");
    free(deep);

    /* The same depth of objects, inside a document's metadata. */
    deep = nest("{\"a\":", "}", 50000, &len);
    snprintf(file, len + 200, "{\"text\": \"x\", \"m\": %s}\n", deep);
    put_text("deep.jsonl", file);
    o = read_all("deep.jsonl", TM_INPUT_AUTO, TM_UTF8_ERROR);
    cr_assert_eq(o.bad, 1);
    cr_assert_eq(o.first_bad.code, TM_ERR_LIMIT);
    free(deep);

    /* Brackets inside strings are text, not nesting. */
    deep = nest("[{", "", 100000, &len);
    snprintf(file, len + 200, "{\"id\": \"s\", \"text\": \"%s\"}\n", deep);
    put_text("deep.jsonl", file);
    o = read_all("deep.jsonl", TM_INPUT_AUTO, TM_UTF8_ERROR);
    cr_assert_eq(o.docs, 1);
    cr_assert_eq(o.bad, 0);
    free(deep);

    /* Metadata nested deep but within the limit reads, runs and writes. */
    deep = nest("[", "]", 500, &len);
    snprintf(file, len + 200, "{\"id\": \"m\", \"text\": \"Deep metadata.\", \"m\": %s}\n", deep);
    put_text("deep.jsonl", file);
    o = read_all("deep.jsonl", TM_INPUT_AUTO, TM_UTF8_ERROR);
    cr_assert_eq(o.docs, 1);
    free(deep);
    free(file);
}
