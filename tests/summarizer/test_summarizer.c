/*
 * test_summarizer.c - the summarizer stage through the public API.
 *
 * Every test builds its own sentences layer (the pipeline declares
 * "input_layers": ["sentences"]), so the tests do not depend on the sentence
 * splitter. Texts are written for these tests.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <textmill/textmill.h>

static tm_registry *reg;

static void setup(void)
{
    tm_error err;
    tm_error_clear(&err);
    reg = tm_registry_new(&err);
    cr_assert_not_null(reg, "%s", err.message);
}

static void teardown(void)
{
    tm_registry_free(reg);
}

TestSuite(summarizer, .init = setup, .fini = teardown);

/* A pipeline of the summarizer alone with config (JSON object text); NULL
 * and err filled when loading fails. */
static tm_pipeline *load(const char *config, tm_error *err)
{
    char json[4096];
    snprintf(json, sizeof(json),
             "{\"input_layers\":[\"sentences\"],\"stages\":[{\"plugin\":"
             "\"summarizer\",\"config\":%s}]}", config);
    tm_error_clear(err);
    return tm_pipeline_load_string(reg, json, "<test>", TM_TEST_DIR, err);
}

static tm_pipeline *load_ok(const char *config)
{
    tm_error err;
    tm_pipeline *p = load(config, &err);
    cr_assert_not_null(p, "loading %s: %s", config, err.message);
    return p;
}

/* A document of the sentences (NULL-terminated), joined by sep, with a
 * sentences layer holding one span per sentence. */
static tm_doc *make_doc_sep(const char *const *sents, const char *sep)
{
    size_t cap = 1;
    for (size_t i = 0; sents[i]; i++)
        cap += strlen(sents[i]) + strlen(sep);
    char *text = malloc(cap);
    size_t *starts = malloc((cap + 1) * sizeof(*starts));
    size_t len = 0, n = 0;
    for (; sents[n]; n++) {
        if (n > 0) {
            memcpy(text + len, sep, strlen(sep));
            len += strlen(sep);
        }
        starts[n] = len;
        memcpy(text + len, sents[n], strlen(sents[n]));
        len += strlen(sents[n]);
    }
    text[len] = '\0';
    tm_error err;
    tm_error_clear(&err);
    tm_doc *doc = tm_doc_new("test", text, len, &err);
    cr_assert_not_null(doc, "%s", err.message);
    tm_layer *layer = tm_doc_add_layer(doc, "sentences");
    for (size_t i = 0; i < n; i++)
        cr_assert_not_null(tm_layer_add(layer, starts[i],
                                        starts[i] + strlen(sents[i]), NULL,
                                        &err), "%s", err.message);
    free(text);
    free(starts);
    return doc;
}

static tm_doc *make_doc(const char *const *sents)
{
    return make_doc_sep(sents, " ");
}

static void run(tm_pipeline *p, tm_doc *doc)
{
    tm_error err;
    tm_error_clear(&err);
    cr_assert_eq(tm_pipeline_process(p, doc, &err), TM_OK, "%s", err.message);
}

/* The index (in the sentences layer) of every summary span, in order; the
 * count is returned. */
static size_t chosen(tm_doc *doc, size_t *out, size_t max)
{
    const tm_layer *sum = tm_doc_layer(doc, "summary");
    const tm_layer *sl = tm_doc_layer(doc, "sentences");
    cr_assert_not_null(sum);
    size_t n = tm_layer_size(sum);
    cr_assert_leq(n, max);
    for (size_t i = 0; i < n; i++) {
        const tm_span *s = tm_layer_span(sum, i);
        size_t k = 0;
        while (k < tm_layer_size(sl) && tm_layer_span(sl, k)->start != s->start)
            k++;
        cr_assert_lt(k, tm_layer_size(sl), "summary span not a sentence");
        cr_assert_eq(s->end, tm_layer_span(sl, k)->end);
        out[i] = k;
    }
    return n;
}

static bool has(const size_t *v, size_t n, size_t x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x)
            return true;
    return false;
}

static const char *meta_summary(tm_doc *doc)
{
    json_t *s = json_object_get(tm_doc_meta(doc), "summary");
    cr_assert(json_is_string(s), "no summary string in the metadata");
    return json_string_value(s);
}

/* An essay-like text: the topic (bees and pollination) is stated in the
 * middle, not in the first sentences. */
static const char *const essay[] = {
    "It was a cold morning in the valley when we set out.",             /* 0 */
    "The road wound past old stone walls and quiet farms.",            /* 1 */
    "My grandfather kept an old green truck in the barn.",             /* 2 */
    "Bees pollinate the apple orchards, and without bees the orchards "
    "would bear little fruit.",                                        /* 3 */
    "Farmers rent bee hives each spring so that the bees pollinate "
    "their apple trees.",                                              /* 4 */
    "The hives are moved at night, when the bees are calm.",           /* 5 */
    "A healthy hive of bees can pollinate a large orchard of apple "
    "trees.",                                                          /* 6 */
    "We stopped for lunch at a diner near the river.",                 /* 7 */
    "The waitress talked about the weather and the football game.",    /* 8 */
    "In the evening we drove home under a sky full of stars.",         /* 9 */
    NULL};

/* A news-like text: the lead states the story. */
static const char *const news[] = {
    "The city council voted on Tuesday to close the Harbor Street bridge "
    "for repairs after engineers found cracks in its steel supports.",
    "The bridge will be closed to traffic for six months while crews "
    "replace the cracked steel supports, council members said.",
    "Engineers found the cracks during an inspection of the bridge last "
    "month.",
    "Drivers will be sent along a detour through the river district.",
    "Shop owners near the bridge worry that the detour will keep customers "
    "away.",
    "The repairs will cost the city about four million dollars.",
    "The bridge was built in 1962 and carries twenty thousand cars a day.",
    "Council members said the money will come from the road repair fund.",
    NULL};

Test(summarizer, empty_document_gives_empty_summary)
{
    tm_pipeline *p = load_ok("{}");
    tm_error err;
    tm_doc *doc = tm_doc_new("empty", "", 0, &err);
    cr_assert_not_null(doc);
    run(p, doc);
    const tm_layer *sum = tm_doc_layer(doc, "summary");
    cr_assert_not_null(sum, "the summary layer exists even when empty");
    cr_assert_eq(tm_layer_size(sum), 0);
    cr_assert_str_eq(meta_summary(doc), "");
    tm_doc_free(doc);

    /* Sentences without a single word: still no error. */
    const char *const marks[] = {"***", "---", "...", "?!", NULL};
    doc = make_doc(marks);
    run(p, doc);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(summarizer, missing_sentences_layer_gives_empty_summary)
{
    tm_pipeline *p = load_ok("{}");
    tm_error err;
    const char *text = "Some text that no stage split into sentences.";
    tm_doc *doc = tm_doc_new("x", text, strlen(text), &err);
    run(p, doc);
    cr_assert_eq(tm_layer_size(tm_doc_layer(doc, "summary")), 0);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(summarizer, short_document_returns_every_sentence)
{
    tm_pipeline *p = load_ok("{}");
    const char *const two[] = {"Rain fell on the town all night.",
                               "By morning the streets were flooded.", NULL};
    tm_doc *doc = make_doc(two);
    run(p, doc);
    size_t idx[8];
    cr_assert_eq(chosen(doc, idx, 8), 2);
    cr_assert_eq(idx[0], 0);
    cr_assert_eq(idx[1], 1);
    cr_assert_str_eq(meta_summary(doc), "Rain fell on the town all night. "
                                        "By morning the streets were flooded.");
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(summarizer, default_is_three_sentences_in_text_order_with_scores)
{
    tm_pipeline *p = load_ok("{}");
    tm_doc *doc = make_doc(essay);
    run(p, doc);
    const tm_layer *sum = tm_doc_layer(doc, "summary");
    cr_assert_eq(tm_layer_size(sum), 3);
    size_t ranks = 0;
    for (size_t i = 0; i < 3; i++) {
        const tm_span *s = tm_layer_span(sum, i);
        if (i > 0)
            cr_assert_gt(s->start, tm_layer_span(sum, i - 1)->start,
                         "spans in text order");
        cr_assert(s->has_score);
        cr_assert(s->score > 0 && s->score <= 1.0, "score %f", s->score);
        json_t *rank = json_object_get(s->attrs, "rank");
        cr_assert(json_is_integer(rank));
        ranks |= 1u << json_integer_value(rank);
    }
    cr_assert_eq(ranks, 0xE, "ranks are 1, 2 and 3");
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(summarizer, essay_summary_is_about_the_topic_not_the_lead)
{
    const char *configs[] = {"{}", "{\"method\":\"graph\"}",
                             "{\"method\":\"centroid\"}"};
    for (size_t c = 0; c < 3; c++) {
        tm_pipeline *p = load_ok(configs[c]);
        tm_doc *doc = make_doc(essay);
        run(p, doc);
        size_t idx[8];
        size_t n = chosen(doc, idx, 8);
        cr_assert_eq(n, 3);
        size_t on_topic = 0;
        for (size_t i = 0; i < n; i++)
            on_topic += idx[i] >= 3 && idx[i] <= 6;
        cr_assert_geq(on_topic, 2, "%s: %zu of 3 about bees (%zu %zu %zu)",
                      configs[c], on_topic, idx[0], idx[1], idx[2]);
        tm_doc_free(doc);
        tm_pipeline_free(p);
    }
}

Test(summarizer, news_summary_keeps_the_lead)
{
    tm_pipeline *p = load_ok("{}");
    tm_doc *doc = make_doc(news);
    run(p, doc);
    size_t idx[8];
    size_t n = chosen(doc, idx, 8);
    cr_assert_eq(n, 3);
    cr_assert(has(idx, n, 0), "the lead sentence is in the summary");
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(summarizer, position_method_takes_the_first_sentences)
{
    tm_pipeline *p = load_ok("{\"method\":\"position\",\"sentences\":2,"
                             "\"penalties\":false}");
    tm_doc *doc = make_doc(essay);
    run(p, doc);
    size_t idx[8];
    cr_assert_eq(chosen(doc, idx, 8), 2);
    cr_assert_eq(idx[0], 0);
    cr_assert_eq(idx[1], 1);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(summarizer, sentence_count_and_ratio)
{
    tm_pipeline *p = load_ok("{\"sentences\":5}");
    tm_doc *doc = make_doc(essay);
    run(p, doc);
    cr_assert_eq(tm_layer_size(tm_doc_layer(doc, "summary")), 5);
    tm_doc_free(doc);
    tm_pipeline_free(p);

    /* 10 sentences * 0.25 = 2.5, rounded up. */
    p = load_ok("{\"ratio\":0.25}");
    doc = make_doc(essay);
    run(p, doc);
    cr_assert_eq(tm_layer_size(tm_doc_layer(doc, "summary")), 3);
    tm_doc_free(doc);
    tm_pipeline_free(p);

    /* A tiny ratio still gives one sentence. */
    p = load_ok("{\"ratio\":0.01}");
    doc = make_doc(essay);
    run(p, doc);
    cr_assert_eq(tm_layer_size(tm_doc_layer(doc, "summary")), 1);
    tm_doc_free(doc);
    tm_pipeline_free(p);

    /* Both set: the tighter limit wins. */
    p = load_ok("{\"ratio\":0.5,\"sentences\":2}");
    doc = make_doc(essay);
    run(p, doc);
    cr_assert_eq(tm_layer_size(tm_doc_layer(doc, "summary")), 2);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

static size_t count_words(const char *s)
{
    size_t n = 0;
    bool in = false;
    for (; *s; s++) {
        bool w = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                 (*s >= '0' && *s <= '9');
        if (w && !in)
            n++;
        in = w || (in && *s == '\'');
    }
    return n;
}

Test(summarizer, word_and_character_budgets_are_never_exceeded)
{
    for (int budget = 5; budget <= 60; budget += 11) {
        char cfg[128];
        snprintf(cfg, sizeof(cfg), "{\"max_words\":%d}", budget);
        tm_pipeline *p = load_ok(cfg);
        tm_doc *doc = make_doc(news);
        run(p, doc);
        const char *s = meta_summary(doc);
        cr_assert_leq(count_words(s), (size_t)budget, "%d: %s", budget, s);
        if (budget >= 25)
            cr_assert_gt(tm_layer_size(tm_doc_layer(doc, "summary")), 0);
        tm_doc_free(doc);
        tm_pipeline_free(p);

        snprintf(cfg, sizeof(cfg), "{\"max_chars\":%d}", budget * 6);
        p = load_ok(cfg);
        doc = make_doc(news);
        run(p, doc);
        s = meta_summary(doc);
        cr_assert_leq(strlen(s), (size_t)budget * 6, "%d: %s", budget * 6, s);
        tm_doc_free(doc);
        tm_pipeline_free(p);
    }
    /* The whole document fits: every sentence. */
    tm_pipeline *p = load_ok("{\"max_words\":100000}");
    tm_doc *doc = make_doc(news);
    run(p, doc);
    cr_assert_eq(tm_layer_size(tm_doc_layer(doc, "summary")), 8);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(summarizer, summary_text_squeezes_white_space)
{
    tm_pipeline *p = load_ok("{}");
    const char *const lines[] = {"The  first\nline   is here.",
                                 "The second\tone follows.", NULL};
    tm_doc *doc = make_doc_sep(lines, "\n\n");
    run(p, doc);
    cr_assert_str_eq(meta_summary(doc),
                     "The first line is here. The second one follows.");
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(summarizer, redundancy_control_skips_repeated_sentences)
{
    const char *const rep[] = {
        "The storm destroyed the old lighthouse on the northern cape.",
        "The storm destroyed the old lighthouse on the northern cape!",
        "Fishermen from the village rebuilt the lighthouse within a year.",
        "The storm also flooded the harbor and sank three boats.",
        "Tourists now visit the rebuilt lighthouse every summer.",
        "The village held a festival when the lighthouse light returned.",
        NULL};
    tm_pipeline *p = load_ok("{\"sentences\":3}");
    tm_doc *doc = make_doc(rep);
    run(p, doc);
    size_t idx[8];
    size_t n = chosen(doc, idx, 8);
    cr_assert_eq(n, 3);
    cr_assert_not(has(idx, n, 0) && has(idx, n, 1),
                  "both copies of the same sentence were chosen");
    tm_doc_free(doc);
    tm_pipeline_free(p);

    /* With redundancy control off, the two copies are equally central and
     * both are taken. */
    p = load_ok("{\"sentences\":3,\"redundancy\":0,\"method\":\"centroid\"}");
    doc = make_doc(rep);
    run(p, doc);
    n = chosen(doc, idx, 8);
    cr_assert(has(idx, n, 0) && has(idx, n, 1));
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

/* Every chosen sentence is checked against all those chosen before it,
 * not only the latest: a copy of the first pick may come up for the first
 * time at the third. Sentences 6..11 repeat sentences 0..5 word for word,
 * and the limits ask for more sentences than there are distinct ones. */
Test(summarizer, no_two_chosen_sentences_are_copies)
{
    const char *const base[] = {
        "The river rose two metres overnight after the heavy rain.",
        "Engineers closed the old bridge to all traffic on Monday.",
        "Farmers moved their cattle to the hills above the valley.",
        "The school in the lower town will stay shut this week.",
        "Volunteers filled sandbags outside the town hall until dawn.",
        "Forecasters expect the rain to ease by the weekend.",
    };
    const char *sents[13];
    for (size_t i = 0; i < 12; i++)
        sents[i] = base[i % 6];
    sents[12] = NULL;
    const char *const configs[] = {
        "{\"sentences\":8}", "{\"sentences\":8,\"method\":\"graph\"}",
        "{\"sentences\":8,\"method\":\"centroid\"}",
        "{\"sentences\":8,\"method\":\"position\"}",
        "{\"max_words\":60,\"redundancy\":0.9}"};
    for (size_t c = 0; c < sizeof(configs) / sizeof(*configs); c++) {
        tm_pipeline *p = load_ok(configs[c]);
        tm_doc *doc = make_doc(sents);
        run(p, doc);
        size_t idx[12];
        size_t n = chosen(doc, idx, 12);
        cr_assert_gt(n, 0, "%s", configs[c]);
        for (size_t a = 0; a < n; a++)
            for (size_t b = a + 1; b < n; b++)
                cr_assert_neq(idx[a] % 6, idx[b] % 6,
                              "%s: sentences %zu and %zu are copies",
                              configs[c], idx[a], idx[b]);
        tm_doc_free(doc);
        tm_pipeline_free(p);
    }
}

Test(summarizer, poor_material_is_penalized)
{
    const char *const page[] = {
        "By Anna Kowalski and Peter Lund",                               /* 0 */
        "Updated 10:42 GMT, 3 March 2024",                               /* 1 */
        "The river flooded the market square of the old town on Sunday "
        "after three days of heavy rain.",                               /* 2 */
        "Pictured: the flooded market square of the old town (Photo: "
        "Getty Images).",                                                /* 3 */
        "Water in the market square reached a depth of one meter, and "
        "the town closed the old bridge over the river.",                /* 4 */
        "\"the river has never been this high in the market square,",    /* 5 */
        "Rescue teams moved families from houses near the river to the "
        "school on the hill.",                                           /* 6 */
        "The rain is expected to stop on Tuesday, and the river should "
        "fall by the end of the week.",                                  /* 7 */
        NULL};
    tm_pipeline *p = load_ok("{\"sentences\":3}");
    tm_doc *doc = make_doc(page);
    run(p, doc);
    size_t idx[8];
    size_t n = chosen(doc, idx, 8);
    for (size_t bad = 0; bad < 6; bad++) {
        if (bad == 2 || bad == 4)
            continue;
        cr_assert_not(has(idx, n, bad), "sentence %zu chosen", bad);
    }
    tm_doc_free(doc);
    tm_pipeline_free(p);

    /* Without the rules, the caption (which repeats the story) can win. */
    p = load_ok("{\"sentences\":3,\"penalties\":false,\"method\":\"centroid\","
                "\"redundancy\":0}");
    doc = make_doc(page);
    run(p, doc);
    n = chosen(doc, idx, 8);
    cr_assert(has(idx, n, 3), "without penalties the caption is central");
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(summarizer, stemming_links_word_forms)
{
    /* Sentence 0 shares only inflected forms with the others: with
     * stemming it is the most central one. */
    const char *const forms[] = {
        "Painters painted paintings.",
        "A painter paints.",
        "The painting was painted slowly.",
        "Cats sleep often during hot afternoons.",
        "Ships sail north when winter ends.",
        NULL};
    tm_pipeline *p = load_ok("{\"sentences\":1,\"method\":\"centroid\","
                             "\"penalties\":false}");
    tm_doc *doc = make_doc(forms);
    run(p, doc);
    size_t idx[2];
    cr_assert_eq(chosen(doc, idx, 2), 1);
    cr_assert_eq(idx[0], 0);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(summarizer, stop_words_extend_from_options_and_files)
{
    /* Sentence 0 is nothing but the two topic words: the most central one,
     * unless they are stop words, when it has no content left. */
    const char *const sea[] = {
        "Ocean fish, ocean fish, ocean fish.",
        "The fish swim in the ocean near the coral reef.",
        "Ocean fish need clean and cold water.",
        "Divers photograph the ocean fish at night.",
        NULL};
    const char *cfgs[] = {
        "{\"sentences\":1,\"method\":\"centroid\",\"penalties\":false}",
        "{\"sentences\":1,\"method\":\"centroid\",\"penalties\":false,"
        "\"extra_stopwords\":[\"Ocean\", \"FISH\"]}",
        "{\"sentences\":1,\"method\":\"centroid\",\"penalties\":false,"
        "\"stopword_files\":[\"fixtures/stopwords_ok.txt\"]}"};
    for (size_t c = 0; c < 3; c++) {
        tm_pipeline *p = load_ok(cfgs[c]);
        tm_doc *doc = make_doc(sea);
        run(p, doc);
        size_t idx[2];
        cr_assert_eq(chosen(doc, idx, 2), 1);
        if (c == 0)
            cr_assert_eq(idx[0], 0, "without stop words sentence 0 wins");
        else
            cr_assert_neq(idx[0], 0, "%s", cfgs[c]);
        tm_doc_free(doc);
        tm_pipeline_free(p);
    }
}

Test(summarizer, bad_lists_fail_at_load_with_file_and_line)
{
    tm_error err;
    tm_pipeline *p = load("{\"stopword_files\":[\"fixtures/missing.txt\"]}",
                          &err);
    cr_assert_null(p);
    cr_assert(strstr(err.message, "missing.txt"), "%s", err.message);

    p = load("{\"stopword_files\":[\"fixtures/stopwords_bad.txt\"]}", &err);
    cr_assert_null(p);
    cr_assert(strstr(err.message, "stopwords_bad.txt:3"), "%s", err.message);

    p = load("{\"extra_stopwords\":[\"two words\"]}", &err);
    cr_assert_null(p);
    cr_assert(strstr(err.message, "extra_stopwords[0]"), "%s", err.message);
}

Test(summarizer, bad_option_values_are_refused)
{
    const char *bad[] = {
        "{\"method\":\"magic\"}", "{\"sentences\":-1}", "{\"ratio\":1.5}",
        "{\"redundancy\":2}", "{\"language\":\"xx\"}", "{\"max_words\":\"a\"}",
        "{\"unknown_option\":1}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        tm_error err;
        tm_pipeline *p = load(bad[i], &err);
        cr_assert_null(p, "%s was accepted", bad[i]);
        tm_pipeline_free(p);
    }
}

Test(summarizer, other_languages_and_scripts)
{
    const char *const ru[] = {
        "Вчера в городе открылась новая библиотека.",
        "Новая библиотека стоит на главной площади города.",
        "В библиотеке есть книги для детей и для взрослых.",
        "Погода была тёплой.",
        "Мэр города поздравил жителей с открытием библиотеки.",
        NULL};
    tm_pipeline *p = load_ok("{\"language\":\"ru\",\"sentences\":2}");
    tm_doc *doc = make_doc(ru);
    run(p, doc);
    size_t idx[4];
    size_t n = chosen(doc, idx, 4);
    cr_assert_eq(n, 2);
    cr_assert_not(has(idx, n, 3), "the weather sentence is off topic");
    tm_doc_free(doc);
    tm_pipeline_free(p);

    const char *const de[] = {
        "Die Stadt baut eine neue Brücke über den Fluss.",
        "Die neue Brücke soll im nächsten Jahr fertig werden.",
        "Viele Bürger freuen sich über die Brücke.",
        "Das Wetter war schön.",
        NULL};
    p = load_ok("{\"language\":\"de\",\"sentences\":2}");
    doc = make_doc(de);
    run(p, doc);
    n = chosen(doc, idx, 4);
    cr_assert_not(has(idx, n, 3));
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(summarizer, second_run_replaces_the_summary)
{
    tm_pipeline *p = load_ok("{\"sentences\":2}");
    tm_doc *doc = make_doc(news);
    run(p, doc);
    run(p, doc);
    cr_assert_eq(tm_layer_size(tm_doc_layer(doc, "summary")), 2);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

/* A sentences layer that is not in text order (built by hand) is read in
 * text order: the same summary, and "sentence" still names the span of the
 * layer as given. */
Test(summarizer, unsorted_sentences_layer_is_sorted)
{
    tm_pipeline *p = load_ok("{}");
    tm_doc *sorted = make_doc(news);
    run(p, sorted);

    tm_doc *doc = make_doc(news);
    tm_layer *sl = tm_doc_layer(doc, "sentences");
    size_t n = tm_layer_size(sl);
    size_t *st = malloc(n * sizeof(*st)), *en = malloc(n * sizeof(*en));
    for (size_t i = 0; i < n; i++) {
        st[i] = tm_layer_span(sl, i)->start;
        en[i] = tm_layer_span(sl, i)->end;
    }
    tm_layer_clear(sl);
    tm_error err;
    for (size_t i = n; i-- > 0;)
        cr_assert_not_null(tm_layer_add(sl, st[i], en[i], NULL, &err));
    run(p, doc);
    cr_assert_str_eq(meta_summary(doc), meta_summary(sorted));
    const tm_layer *a = tm_doc_layer(sorted, "summary");
    const tm_layer *b = tm_doc_layer(doc, "summary");
    cr_assert_eq(tm_layer_size(a), tm_layer_size(b));
    for (size_t i = 0; i < tm_layer_size(b); i++) {
        const tm_span *x = tm_layer_span(a, i), *y = tm_layer_span(b, i);
        cr_assert_eq(x->start, y->start);
        json_int_t k = json_integer_value(json_object_get(y->attrs, "sentence"));
        cr_assert_eq(st[n - 1 - (size_t)k], y->start, "sentence %d",
                     (int)k);
        cr_assert_eq(json_integer_value(json_object_get(x->attrs, "rank")),
                     json_integer_value(json_object_get(y->attrs, "rank")));
    }
    free(st);
    free(en);
    tm_doc_free(sorted);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

/* Several threads share one instance (the plugin is thread-safe): every
 * thread must get the summary a single thread gets. */
typedef struct job {
    tm_pipeline *p;
    char expect[2048];
    int failures;
} job;

static void *worker_main(void *arg)
{
    job *j = arg;
    tm_error err;
    tm_error_clear(&err);
    tm_worker *w = tm_worker_new(j->p, &err);
    if (!w) {
        j->failures++;
        return NULL;
    }
    for (int i = 0; i < 200; i++) {
        tm_doc *doc = make_doc(i % 2 ? news : essay);
        if (tm_worker_process(w, doc, &err) != TM_OK)
            j->failures++;
        else if (i % 2 && strcmp(meta_summary(doc), j->expect) != 0)
            j->failures++;
        tm_doc_free(doc);
    }
    tm_worker_free(w);
    return NULL;
}

Test(summarizer, threads_share_one_instance)
{
    tm_pipeline *p = load_ok("{}");
    tm_doc *doc = make_doc(news);
    run(p, doc);
    job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i].p = p;
        jobs[i].failures = 0;
        snprintf(jobs[i].expect, sizeof(jobs[i].expect), "%s",
                 meta_summary(doc));
        cr_assert_eq(pthread_create(&th[i], NULL, worker_main, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        cr_assert_eq(jobs[i].failures, 0);
    }
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(summarizer, long_document_is_linear_enough)
{
    /* 20000 sentences drawn from a small vocabulary (many shared terms):
     * the graph must stay sparse and the run short. */
    static const char *words[] = {"river", "bridge", "market", "council",
                                  "storm", "harbor", "school", "train",
                                  "farmer", "budget", "museum", "garden"};
    size_t n = 20000;
    size_t cap = n * 64;
    char *text = malloc(cap);
    size_t len = 0;
    size_t *st = malloc(n * sizeof(*st)), *en = malloc(n * sizeof(*en));
    unsigned seed = 7;
    for (size_t i = 0; i < n; i++) {
        st[i] = len;
        for (int k = 0; k < 6; k++) {
            seed = seed * 1103515245u + 12345u;
            len += (size_t)snprintf(text + len, cap - len, "%s%s",
                                    k ? " " : "The ",
                                    words[(seed >> 16) % 12]);
        }
        len += (size_t)snprintf(text + len, cap - len, ".");
        en[i] = len;
        text[len++] = ' ';
    }
    tm_error err;
    tm_doc *doc = tm_doc_new("long", text, len, &err);
    tm_layer *layer = tm_doc_add_layer(doc, "sentences");
    for (size_t i = 0; i < n; i++)
        tm_layer_add(layer, st[i], en[i], NULL, &err);
    tm_pipeline *p = load_ok("{\"sentences\":5}");
    run(p, doc);
    cr_assert_eq(tm_layer_size(tm_doc_layer(doc, "summary")), 5);
    tm_doc_free(doc);
    tm_pipeline_free(p);
    free(text);
    free(st);
    free(en);
}
