/* test_properties.c - what must hold for any text: idempotence, valid
 * output, paragraph breaks, the offset map; and a whole article. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "common.h"

/* Messy texts of every kind the cleaner handles. */
static const char *const fixtures[] = {
    "",
    "Plain text that needs nothing.",
    "  Leading and trailing  \n\n\n\nwith   gaps\t\there .  \r\n",
    "It\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s caf\xC3\x83\xC2\xA9 time\xC2\xA0!",
    "\xEF\xBB\xBF" "e\xCC\x81t\xC3\xA9 \xE2\x80\x8B\xE2\x80\x8Bzero\xC2\xAD" "es",
    "<p>Para &amp; one</p><div>two<br>lines</div><script>x</script>",
    "The infra-\nstructure was well-\nknown to all\nof us.\n\n- a list\n- here",
    "Ends. . \xE2\x80\x9C\n\nA ( spaced ) note , really ; . . . yes",
    ("\xEF\xAC\x81" "ve \xE2\x84\xAB \xEF\xBC\xA1 \xE2\x80\x9Cq\xE2\x80\x9D \xE2\x80\x94 "
     "\xE2\x80\xA6 x\xE2\x80\xA8y\xE2\x80\xA9z"),
    ("\xE4\xB8\xAD\xE6\x96\x87\xE3\x80\x80\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 "
     "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7"),
    "a \xE2\x80\x9C\n\nb \"\n\n \xE2\x80\x9D",
    "x\n\n\n\n",
    "\x1B[32mok\x1B[0m \xEF\xAC\x81x \xEF\xBC\xA1\xEF\xBC\x81 \xC7\x86",
};

static const char *const configs[] = {
    NULL,
    "{\"markup\": \"html\"}",
    "{\"unwrap_lines\": true, \"join_hyphenated\": true}",
    "{\"normalization\": \"nfkc\", \"fold_punctuation\": true, "
    "\"decode_entities\": true}",
    "{\"whitespace\": false, \"full_width\": true}",
    "{\"normalization\": \"none\", \"remove_invisible\": false, "
    "\"normalize_spaces\": false, \"mojibake\": false}",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* (Not for markup "html": its output is plain text, whose line breaks HTML
 * would read as spaces; see markup_output_is_stable_on_one_line.) */
Test(properties, cleaning_clean_text_changes_nothing)
{
    for (size_t k = 0; k < COUNT(configs); k++) {
        if (configs[k] && strstr(configs[k], "html"))
            continue;
        tm_pipeline *p = test_cleaner(configs[k]);
        for (size_t i = 0; i < COUNT(fixtures); i++) {
            tm_doc *doc = test_run(p, fixtures[i]);
            test_check_map(doc);
            size_t len;
            const char *once = tm_doc_text(doc, &len);
            cr_assert_eq(tm_utf8_validate(once, len), len);
            tm_doc *again = test_run_len(p, once, len);
            cr_expect_str_eq(tm_doc_text(again, NULL), once,
                             "config %s, fixture %zu", configs[k], i);
            cr_expect(!tm_doc_text_rewritten(again),
                      "clean text was rewritten (config %s, fixture %zu)",
                      configs[k], i);
            tm_doc_free(again);
            tm_doc_free(doc);
        }
        tm_pipeline_free(p);
    }
}

Test(properties, markup_output_is_stable_on_one_line)
{
    tm_pipeline *p = test_cleaner("{\"markup\": \"html\"}");
    const char *raw = "<p>One &amp; <b>two</b>&nbsp;three\n four</p>\n\n"
                      "<div>Next <i>paragraph</i>.</div>";
    tm_doc *doc = test_run(p, raw);
    const char *once = tm_doc_text(doc, NULL);
    cr_assert_str_eq(once, "One & two three four\n\nNext paragraph.");
    tm_doc *again = test_run(p, once);
    cr_expect(!tm_doc_text_rewritten(again));
    tm_doc_free(again);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(properties, unchanged_text_is_not_replaced)
{
    tm_pipeline *p = test_cleaner(NULL);
    tm_doc *doc = test_run(p, "Nothing to do here.\n\nReally.");
    cr_expect(!tm_doc_text_rewritten(doc));
    cr_expect_eq(tm_doc_text(doc, NULL), tm_doc_raw_text(doc, NULL));
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

/* Number of paragraph breaks (a blank line between two non-blank ones). */
static size_t paragraph_breaks(const char *s)
{
    size_t n = 0;
    bool content = false, blank = false;
    for (const char *line = s; line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        bool empty = true;
        for (size_t i = 0; i < len; i++)
            if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
                empty = false;
        if (!empty) {
            n += content && blank;
            content = true;
            blank = false;
        } else {
            blank = content;
        }
        line = nl ? nl + 1 : NULL;
    }
    return n;
}

Test(properties, never_loses_a_paragraph_break)
{
    const char *text =
        "First paragraph,\nwrapped over\nthree lines.\n\n\n"
        "  Second one , with\t\tmess . \r\n \r\n"
        "Third\xE2\x80\xA8" "after a line separator.\n \t \n"
        "infra-\n\nstructure\n\n- item\n\nlast";
    size_t want = paragraph_breaks(text);
    cr_assert_eq(want, 6);
    for (size_t k = 0; k < COUNT(configs); k++) {
        if (configs[k] && strstr(configs[k], "html"))
            continue; /* in HTML, line breaks are spaces */
        char *out = test_clean(configs[k], text);
        cr_expect_eq(paragraph_breaks(out), want, "config %s: [%s]",
                     configs[k], out);
        free(out);
    }
}

Test(properties, every_character_maps_to_where_it_came_from)
{
    tm_pipeline *p = test_cleaner("{\"unwrap_lines\": true, "
                                  "\"join_hyphenated\": true}");
    const char *raw = "  Caf\xC3\x83\xC2\xA9 \xE2\x80\x8Bsays , \"the infra-\n"
                      "structure\"  works . .";
    tm_doc *doc = test_run(p, raw);
    const char *text = tm_doc_text(doc, NULL);
    cr_assert_str_eq(text, "Caf\xC3\xA9 says, \"the infrastructure\" works.");
    test_check_map(doc);
    /* Each character of the result, and where it must come from. */
    struct { size_t clean, raw; } want[] = {
        {0, 2},   /* C */
        {3, 5},   /* é <- Ã© */
        {5, 9},   /* space */
        {6, 13},  /* s of says, after the zero-width space */
        {10, 18}, /* , after the removed space */
        {17, 25}, /* i of infra */
        {22, 32}, /* s of structure, after "-\n" */
        {32, 42}, /* space before works: the first of two */
        {38, 50}, /* . */
        {39, 53}, /* end of text: end of raw text */
    };
    for (size_t i = 0; i < COUNT(want); i++)
        cr_expect_eq(tm_doc_raw_offset(doc, want[i].clean), want[i].raw,
                     "clean offset %zu maps to %zu, not %zu", want[i].clean,
                     tm_doc_raw_offset(doc, want[i].clean), want[i].raw);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

/* An article with the faults of real news text: curly quotes, a stray
 * " . “", a dash used as a bullet, a space before a full stop, a doubled
 * sentence end, no-break spaces, CRLF line ends, a BOM. */
Test(properties, a_news_article_comes_out_as_a_reader_wants)
{
    const char *raw =
        "\xEF\xBB\xBFThe two mayors met on Monday .  They agreed on a new "
        "bridge.\r\n\r\n"
        "\xE2\x80\x9CWe will start in spring and finish before the floods . . "
        "\xE2\x80\x9C\r\n\r\n\r\n"
        "The council\xE2\x80\x99s plan covers roads ,\xC2\xA0rail and ports "
        "( all three ). \xE2\x80\x93 Funding the northern line .\r\n\r\n"
        "\xE2\x80\x9CIt is a good day,\xE2\x80\x9D said one of them . ";
    const char *want =
        "The two mayors met on Monday. They agreed on a new bridge.\n\n"
        "\xE2\x80\x9CWe will start in spring and finish before the floods."
        "\xE2\x80\x9D\n\n"
        "The council\xE2\x80\x99s plan covers roads, rail and ports "
        "(all three). \xE2\x80\x93 Funding the northern line.\n\n"
        "\xE2\x80\x9CIt is a good day,\xE2\x80\x9D said one of them.";
    test_expect(NULL, raw, want);
}

/* One instance serves several threads at once (TM_PLUGIN_THREAD_SAFE). */
typedef struct job {
    tm_worker *worker;
    int failures;
} job;

static void *work(void *arg)
{
    job *j = arg;
    for (int round = 0; round < 200; round++) {
        const char *raw = fixtures[round % COUNT(fixtures)];
        tm_error err;
        tm_error_clear(&err);
        tm_doc *doc = tm_doc_new("t", raw, strlen(raw), &err);
        if (!doc || tm_worker_process(j->worker, doc, &err) != TM_OK)
            j->failures++;
        tm_doc_free(doc);
    }
    return NULL;
}

Test(properties, runs_on_several_threads)
{
    tm_pipeline *p = test_cleaner("{\"markup\": \"html\", \"join_hyphenated\": true}");
    job jobs[4];
    pthread_t threads[4];
    tm_error err;
    tm_error_clear(&err);
    for (int i = 0; i < 4; i++) {
        jobs[i].worker = tm_worker_new(p, &err);
        jobs[i].failures = 0;
        cr_assert_not_null(jobs[i].worker, "%s", err.message);
        pthread_create(&threads[i], NULL, work, &jobs[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        cr_expect_eq(jobs[i].failures, 0);
        tm_worker_free(jobs[i].worker);
    }
    tm_pipeline_free(p);
}

Test(properties, every_option_has_help)
{
    tm_error err;
    tm_error_clear(&err);
    const tm_plugin_info *info = tm_registry_find(test_registry(), "cleaner", &err);
    cr_assert_not_null(info, "%s", err.message);
    const tm_plugin *pl = info->plugin;
    cr_expect(pl->flags & TM_PLUGIN_REWRITES_TEXT);
    cr_expect(pl->flags & TM_PLUGIN_THREAD_SAFE);
    size_t n = 0;
    for (const tm_option *o = pl->options; o->name; o++, n++)
        cr_expect(o->help && strlen(o->help) > 30, "option %s", o->name);
    cr_expect_geq(n, 12);
}

/* Inputs built to be slow: thousands of marks on one letter, a tag that
 * never closes, repeated many times. Each must stay linear. */
Test(properties, hostile_input_stays_fast, .timeout = 20)
{
    size_t n = 1 << 20;
    char *text = malloc(n + 1);
    cr_assert_not_null(text);
    text[0] = 'a';
    for (size_t i = 1; i + 2 <= n; i += 2)
        memcpy(text + i, i % 4 == 1 ? "\xCC\x81" : "\xCC\x96", 2);
    text[n - (n - 1) % 2] = '\0';
    tm_pipeline *p = test_cleaner(NULL);
    tm_doc *doc = test_run(p, text);
    size_t len;
    tm_doc_text(doc, &len);
    cr_expect_gt(len, n / 2);
    tm_doc_free(doc);
    tm_pipeline_free(p);

    for (size_t i = 0; i + 6 <= n; i += 6)
        memcpy(text + i, "<a x=\"", 6);
    text[n / 6 * 6] = '\0';
    p = test_cleaner("{\"markup\": \"html\"}");
    doc = test_run(p, text);
    tm_doc_free(doc);
    tm_pipeline_free(p);
    free(text);
}
