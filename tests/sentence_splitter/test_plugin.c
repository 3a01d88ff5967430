/*
 * test_plugin.c - the sentence_splitter stage as a user sees it: options,
 * user lists and their errors, the shape of the layer, threads, and odd
 * inputs. The hard linguistic cases are in cases/ (test_cases.c).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "common.h"

#define FIXTURES TM_TEST_DIR "/fixtures"

/* Splits text with the config and checks the sentences against the
 * NULL-terminated list of expected ones. */
static void expect_split(const char *config, const char *text,
                         const char *const *expected)
{
    tm_error err;
    tm_pipeline *p = ss_pipeline(config, FIXTURES, &err);
    cr_assert(p != NULL, "config %s: %s", config, err.message);
    size_t n = 0;
    char **got = ss_split_text(p, text, &n, &err);
    cr_assert(got != NULL, "%s", err.message);
    size_t want = 0;
    while (expected[want])
        want++;
    cr_expect_eq(n, want, "config %s: %zu sentences, expected %zu, in: %s",
                 config, n, want, text);
    for (size_t i = 0; i < n && i < want; i++)
        cr_expect_str_eq(got[i], expected[i], "config %s, sentence %zu",
                         config, i);
    ss_free_sentences(got, n);
    tm_pipeline_free(p);
}

/* Loads a config expected to fail and returns the error. */
static tm_error load_error(const char *config)
{
    tm_error err;
    tm_pipeline *p = ss_pipeline(config, FIXTURES, &err);
    cr_assert(p == NULL, "config %s loaded but should fail", config);
    return err;
}

/* ---- descriptor ----------------------------------------------------------- */

Test(descriptor, thread_safe_and_provides_sentences)
{
    tm_error err;
    const tm_plugin_info *info =
        tm_registry_find(ss_registry(), "sentence_splitter", &err);
    cr_assert(info != NULL, "%s", err.message);
    const tm_plugin *pl = info->plugin;
    cr_expect(pl->flags & TM_PLUGIN_THREAD_SAFE);
    cr_expect(!(pl->flags & TM_PLUGIN_REWRITES_TEXT));
    cr_assert(pl->provides && pl->provides[0]);
    cr_expect_str_eq(pl->provides[0], "sentences");
    cr_expect_null(pl->provides[1]);
    cr_expect(pl->requires_layers == NULL || pl->requires_layers[0] == NULL);
    for (const tm_option *o = pl->options; o->name; o++)
        cr_expect(o->help && strlen(o->help) > 20, "option %s needs help",
                  o->name);
}

Test(descriptor, defaults_are_filled_in)
{
    tm_error err;
    tm_pipeline *p = ss_pipeline("{}", NULL, &err);
    cr_assert(p != NULL, "%s", err.message);
    const json_t *c = tm_pipeline_stage_config(p, 0);
    cr_expect_str_eq(json_string_value(json_object_get(c, "language")), "en");
    cr_expect_str_eq(json_string_value(json_object_get(c, "line_breaks")),
                     "auto");
    cr_expect(json_is_true(json_object_get(c, "builtin_abbreviations")));
    tm_pipeline_free(p);
}

/* ---- options -------------------------------------------------------------- */

Test(options, bad_language_is_refused_at_load)
{
    tm_error err = load_error("{\"language\": \"xx\"}");
    cr_expect(err.code == TM_ERR_CONFIG, "code %d: %s", err.code, err.message);
    cr_expect(strstr(err.message, "xx") || strstr(err.path, "language"),
              "%s", err.message);
}

Test(options, bad_line_breaks_value_is_refused)
{
    tm_error err = load_error("{\"line_breaks\": \"sometimes\"}");
    cr_expect(err.code == TM_ERR_CONFIG, "%s", err.message);
}

Test(options, wrong_type_is_refused)
{
    load_error("{\"extra_abbreviations\": \"Dr.\"}");
    load_error("{\"builtin_abbreviations\": \"no\"}");
}

Test(options, unknown_option_is_refused)
{
    load_error("{\"langauge\": \"en\"}");
}

Test(options, every_language_loads)
{
    const char *langs[] = {"en", "de", "fr", "es", "ru"};
    for (size_t i = 0; i < 5; i++) {
        char config[64];
        snprintf(config, sizeof(config), "{\"language\": \"%s\"}", langs[i]);
        tm_error err;
        tm_pipeline *p = ss_pipeline(config, NULL, &err);
        cr_expect(p != NULL, "%s: %s", langs[i], err.message);
        tm_pipeline_free(p);
    }
}

Test(options, extra_abbreviation_prefix)
{
    /* "Brgy." is no built-in abbreviation: a sentence ends after it */
    expect_split("{}", "We live in Brgy. Santo Niño now.",
                 (const char *[]){"We live in Brgy.", "Santo Niño now.", NULL});
    expect_split("{\"extra_abbreviations\": [\"Brgy. prefix\"]}",
                 "We live in Brgy. Santo Niño now.",
                 (const char *[]){"We live in Brgy. Santo Niño now.", NULL});
}

Test(options, extra_abbreviation_without_period_and_type)
{
    /* a general abbreviation: no end before a non-starter capital */
    expect_split("{\"extra_abbreviations\": [\"Dipl\"]}",
                 "She holds a Dipl. Engineering degree.",
                 (const char *[]){"She holds a Dipl. Engineering degree.",
                                  NULL});
}

Test(options, extra_abbreviation_removes_builtin)
{
    expect_split("{\"extra_abbreviations\": [\"!Dr.\"]}",
                 "I called the Dr. Nobody answered.",
                 (const char *[]){"I called the Dr.", "Nobody answered.",
                                  NULL});
    expect_split("{}", "I called Dr. Nobody at home.",
                 (const char *[]){"I called Dr. Nobody at home.", NULL});
}

Test(options, abbreviation_file_relative_to_pipeline)
{
    expect_split("{\"abbreviation_files\": [\"extra_abbrevs.txt\"]}",
                 "Turn onto Ocean Blvd. Harbor Street is next.",
                 (const char *[]){"Turn onto Ocean Blvd. Harbor Street is next.",
                                  NULL});
    /* the file removes "Co.": an ordinary word again */
    expect_split("{\"abbreviation_files\": [\"extra_abbrevs.txt\"]}",
                 "It went to Hale & Co. Meyer signed it.",
                 (const char *[]){"It went to Hale & Co.", "Meyer signed it.",
                                  NULL});
}

Test(options, builtin_abbreviations_off)
{
    expect_split("{\"builtin_abbreviations\": false}",
                 "Dr. Adams is here.",
                 (const char *[]){"Dr.", "Adams is here.", NULL});
    expect_split("{\"builtin_abbreviations\": false, "
                 "\"extra_abbreviations\": [\"Dr. prefix\"]}",
                 "Dr. Adams is here.",
                 (const char *[]){"Dr. Adams is here.", NULL});
}

Test(options, extra_sentence_starters)
{
    expect_split("{}", "Orders go to Acme Inc. Widgets ship on Monday.",
                 (const char *[]){
                     "Orders go to Acme Inc. Widgets ship on Monday.", NULL});
    expect_split("{\"extra_sentence_starters\": [\"Widgets\"]}",
                 "Orders go to Acme Inc. Widgets ship on Monday.",
                 (const char *[]){"Orders go to Acme Inc.",
                                  "Widgets ship on Monday.", NULL});
}

Test(options, strong_extra_starter_ends_after_a_title)
{
    expect_split("{}", "We walked down Main St. Whereupon it rained.",
                 (const char *[]){
                     "We walked down Main St. Whereupon it rained.", NULL});
    expect_split("{\"extra_sentence_starters\": [\"Whereupon strong\"]}",
                 "We walked down Main St. Whereupon it rained.",
                 (const char *[]){"We walked down Main St.",
                                  "Whereupon it rained.", NULL});
}

Test(options, line_breaks_modes)
{
    const char *text = "Spring Sale\nEverything in the shop is half price "
                       "this week, and the doors open at nine.";
    expect_split("{}", text,
                 (const char *[]){"Spring Sale",
                                  "Everything in the shop is half price this "
                                  "week, and the doors open at nine.",
                                  NULL});
    expect_split("{\"line_breaks\": \"space\"}", text,
                 (const char *[]){text, NULL});
    expect_split("{\"line_breaks\": \"boundary\"}", "one\ntwo\n\nthree",
                 (const char *[]){"one", "two", "three", NULL});
}

/* ---- errors from lists ---------------------------------------------------- */

Test(errors, missing_abbreviation_file_names_the_file)
{
    tm_error err = load_error("{\"abbreviation_files\": [\"no_such.txt\"]}");
    cr_expect(err.code == TM_ERR_IO, "code %d: %s", err.code, err.message);
    cr_expect(strstr(err.message, "no_such.txt") != NULL, "%s", err.message);
}

Test(errors, unknown_type_names_file_and_line)
{
    tm_error err = load_error("{\"abbreviation_files\": [\"bad_type.txt\"]}");
    cr_expect(err.code == TM_ERR_CONFIG, "%s", err.message);
    cr_expect(strstr(err.message, "bad_type.txt:3") != NULL, "%s",
              err.message);
    cr_expect(strstr(err.message, "sometimes") != NULL, "%s", err.message);
}

Test(errors, extra_text_after_entry)
{
    tm_error err =
        load_error("{\"abbreviation_files\": [\"bad_extra_text.txt\"]}");
    cr_expect(strstr(err.message, "bad_extra_text.txt:1") != NULL, "%s",
              err.message);
}

Test(errors, bad_extra_abbreviation_names_its_index)
{
    tm_error err = load_error(
        "{\"extra_abbreviations\": [\"Dr.\", \"Xy. weird\"]}");
    cr_expect(err.code == TM_ERR_CONFIG, "%s", err.message);
    cr_expect(strstr(err.message, "extra_abbreviations[1]") != NULL, "%s",
              err.message);
}

Test(errors, empty_and_overlong_entries)
{
    load_error("{\"extra_abbreviations\": [\".\"]}");
    char config[256];
    snprintf(config, sizeof(config), "{\"extra_abbreviations\": [\"%s\"]}",
             "Abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdef");
    load_error(config);
    load_error("{\"extra_sentence_starters\": [\"two words\"]}");
}

Test(errors, comments_and_blank_entries_are_fine)
{
    tm_error err;
    tm_pipeline *p = ss_pipeline(
        "{\"extra_abbreviations\": [\"# note\", \"\", \"  Hwy.  \"]}", NULL,
        &err);
    cr_expect(p != NULL, "%s", err.message);
    tm_pipeline_free(p);
}

/* ---- the layer ------------------------------------------------------------ */

/* Length of the white space character at text + i (the ones the generated
 * texts use), or 0. */
static size_t space_len(const char *text, size_t i)
{
    const char *p = text + i;
    if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        return 1;
    if (strncmp(p, "\xc2\xa0", 2) == 0)
        return 2;
    if (strncmp(p, "\xe2\x80\xa8", 3) == 0 ||
        strncmp(p, "\xe2\x80\xa9", 3) == 0 ||
        strncmp(p, "\xe2\x80\x8b", 3) == 0)
        return 3;
    return 0;
}

/* Does a white space character end at text + end? */
static bool space_ends_at(const char *text, size_t end)
{
    for (size_t n = 1; n <= 3 && n <= end; n++)
        if (space_len(text, end - n) == n)
            return true;
    return false;
}

/* Checks the layer invariants on text: spans in order, not overlapping,
 * non-empty, trimmed, and together covering every non-space byte. */
static void check_layer(const char *config, const char *text)
{
    tm_error err;
    tm_pipeline *p = ss_pipeline(config, NULL, &err);
    cr_assert(p != NULL, "%s", err.message);
    size_t len = strlen(text);
    tm_doc *doc = tm_doc_new("d", text, len, &err);
    cr_assert(doc != NULL, "%s", err.message);
    cr_assert(tm_pipeline_process(p, doc, &err) == TM_OK, "%s", err.message);
    const tm_layer *layer = tm_doc_layer(doc, "sentences");
    cr_assert(layer != NULL);
    size_t prev_end = 0;
    char *covered = calloc(len + 1, 1);
    for (size_t i = 0; i < tm_layer_size(layer); i++) {
        const tm_span *s = tm_layer_span(layer, i);
        cr_assert(s->start < s->end, "span %zu is empty", i);
        cr_assert(s->start >= prev_end, "span %zu overlaps or is out of order",
                  i);
        cr_expect(!space_len(text, s->start), "span %zu not trimmed", i);
        cr_expect(!space_ends_at(text, s->end), "span %zu not trimmed", i);
        cr_expect_str_eq(s->label, "");
        cr_expect(!s->has_score);
        memset(covered + s->start, 1, s->end - s->start);
        prev_end = s->end;
    }
    size_t missing = len;
    for (size_t i = 0; i < len && missing == len;) {
        size_t n = space_len(text, i);
        if (n == 0 && !covered[i])
            missing = i;
        i += n ? n : 1;
    }
    free(covered);
    cr_assert(missing == len, "byte %zu is in no sentence", missing);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(layer, invariants_on_mixed_text)
{
    const char *text =
        "  Title line\n\nDr. Who? Yes!! \"Quoted.\" (Aside.) 1. One 2. Two\n"
        "- item\n* item\n  ...  . . . ?! \n\n\n U.S. He went. e.g. this. "
        "3.14 is pi. End";
    check_layer("{}", text);
    check_layer("{\"line_breaks\": \"space\"}", text);
    check_layer("{\"line_breaks\": \"boundary\"}", text);
}

Test(layer, invariants_on_generated_text)
{
    /* pieces glued at random: every junction of the rules gets exercised */
    static const char *const pieces[] = {
        "Mr.", "U.S.", "J.", "etc.", "3.5", "1.", "2)", "a.", "!", "?", "...",
        ". . .", "\"", "'", "(", ")", "[...]", "word", "Word", "WORD", "\n",
        "\n\n", " ", "  ", "\t", "\r\n", "•", "—", "…", "‽", "“", "”", "«",
        "»", "é", "Ж", "。", "example.com", "a.m.", "No.", "-", "*", "#",
        "\xe2\x80\xa8", "\xe2\x80\xa9", "\xc2\xa0", "\xe2\x80\x8b",
        "\xf0\x9f\x99\x82", "[1]", "¿", "ii)", "(a)", "i.", "\r", "St.",
        "He", "said", "I", "asked", ".[", "?\"", "!'",
    };
    const size_t n_pieces = sizeof(pieces) / sizeof(pieces[0]);
    unsigned seed = 12345;
    char text[4096];
    for (int round = 0; round < 300; round++) {
        size_t len = 0;
        while (len < sizeof(text) - 32) {
            seed = seed * 1103515245u + 12345u;
            const char *piece = pieces[(seed >> 16) % n_pieces];
            size_t n = strlen(piece);
            memcpy(text + len, piece, n);
            len += n;
            if ((seed >> 8) % 3 == 0)
                text[len++] = ' ';
        }
        text[len] = '\0';
        const char *configs[] = {"{}", "{\"line_breaks\": \"space\"}",
                                 "{\"line_breaks\": \"boundary\"}"};
        check_layer(configs[round % 3], text);
    }
}

Test(layer, second_run_replaces_spans)
{
    tm_error err;
    tm_pipeline *p = ss_pipeline("{}", NULL, &err);
    cr_assert(p != NULL, "%s", err.message);
    const char *text = "One. Two. Three.";
    tm_doc *doc = tm_doc_new("d", text, strlen(text), &err);
    cr_assert(tm_pipeline_process(p, doc, &err) == TM_OK, "%s", err.message);
    cr_assert(tm_pipeline_process(p, doc, &err) == TM_OK, "%s", err.message);
    cr_expect_eq(tm_layer_size(tm_doc_layer(doc, "sentences")), 3);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(layer, offsets_are_bytes_on_character_boundaries)
{
    tm_error err;
    tm_pipeline *p = ss_pipeline("{}", NULL, &err);
    cr_assert(p != NULL, "%s", err.message);
    const char *text = "Ça va? Très bien. Ωραία!";
    tm_doc *doc = tm_doc_new("d", text, strlen(text), &err);
    cr_assert(tm_pipeline_process(p, doc, &err) == TM_OK, "%s", err.message);
    const tm_layer *layer = tm_doc_layer(doc, "sentences");
    cr_assert_eq(tm_layer_size(layer), 3);
    cr_expect_eq(tm_layer_span(layer, 0)->start, 0);
    cr_expect_eq(tm_layer_span(layer, 0)->end, strlen("Ça va?"));
    cr_expect_eq(tm_layer_span(layer, 2)->end, strlen(text));
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

/* ---- threads -------------------------------------------------------------- */

typedef struct thread_job {
    tm_pipeline *pipeline;
    const char *text;
    size_t expected;
    int failures;
} thread_job;

static void *thread_main(void *arg)
{
    thread_job *job = arg;
    tm_error err;
    tm_worker *w = tm_worker_new(job->pipeline, &err);
    if (!w) {
        job->failures++;
        return NULL;
    }
    for (int i = 0; i < 200; i++) {
        tm_doc *doc = tm_doc_new("d", job->text, strlen(job->text), &err);
        if (!doc || tm_worker_process(w, doc, &err) != TM_OK ||
            tm_layer_size(tm_doc_layer(doc, "sentences")) != job->expected)
            job->failures++;
        tm_doc_free(doc);
    }
    tm_worker_free(w);
    return NULL;
}

Test(threads, one_instance_shared_by_workers)
{
    tm_error err;
    tm_pipeline *p = ss_pipeline("{}", NULL, &err);
    cr_assert(p != NULL, "%s", err.message);
    const char *text = "Dr. Lee met the U.S. envoy. He smiled. Did it work? "
                       "Yes!\n\nNew paragraph here. 1. One 2. Two";
    thread_job jobs[4];
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (thread_job){p, text, 7, 0};
        cr_assert(pthread_create(&threads[i], NULL, thread_main, &jobs[i]) == 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        cr_expect_eq(jobs[i].failures, 0, "thread %d failed", i);
    }
    tm_pipeline_free(p);
}

/* ---- size and shape ------------------------------------------------------- */

/* Texts that would make a careless splitter quadratic: one endless word of
 * periods, endless white space, endless closing quotes. They must finish
 * (the benchmark measures the time; here we check the results). */
Test(shape, long_pathological_inputs)
{
    tm_error err;
    tm_pipeline *p = ss_pipeline("{}", NULL, &err);
    cr_assert(p != NULL, "%s", err.message);
    const size_t n = 1 << 20;
    char *text = malloc(n + 1);
    const char *patterns[] = {"a.", ". ", " ", "\"", ")", "\n", "U.S. ",
                              "1. ", "...", "x", "!\" ", "\r\n \n"};
    for (size_t k = 0; k < sizeof(patterns) / sizeof(patterns[0]); k++) {
        size_t plen = strlen(patterns[k]);
        for (size_t i = 0; i < n; i++)
            text[i] = patterns[k][i % plen];
        text[n] = '\0';
        tm_doc *doc = tm_doc_new("d", text, n, &err);
        cr_assert(doc != NULL);
        cr_expect(tm_pipeline_process(p, doc, &err) == TM_OK, "%s",
                  err.message);
        tm_doc_free(doc);
    }
    free(text);
    tm_pipeline_free(p);
}

Test(shape, text_without_any_terminator_is_one_sentence)
{
    expect_split("{}", "no punctuation at all in this text",
                 (const char *[]){"no punctuation at all in this text", NULL});
}

Test(shape, span_limit_fails_the_document_cleanly)
{
    tm_error err;
    tm_pipeline *p = ss_pipeline("{}", NULL, &err);
    cr_assert(p != NULL, "%s", err.message);
    const char *text = "One. Two. Three. Four.";
    tm_doc *doc = tm_doc_new("d", text, strlen(text), &err);
    tm_doc_set_span_limit(doc, 2);
    tm_error_clear(&err);
    cr_expect(tm_pipeline_process(p, doc, &err) != TM_OK);
    cr_expect(err.code == TM_ERR_LIMIT, "code %d: %s", err.code, err.message);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}
