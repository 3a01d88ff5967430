/* test_plugin.c - the descriptor, the layer contract and thread safety. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

Test(plugin, descriptor)
{
    tm_error err;
    const tm_plugin_info *info = tm_registry_find(et_registry(), "entity_tagger", &err);
    cr_assert(info, "%s", err.message);
    const tm_plugin *p = info->plugin;
    cr_expect_str_eq(p->name, "entity_tagger");
    cr_expect(p->flags & TM_PLUGIN_THREAD_SAFE);
    cr_expect(!(p->flags & TM_PLUGIN_REWRITES_TEXT));
    cr_assert(p->requires_layers && p->provides);
    cr_expect_str_eq(p->requires_layers[0], "sentences");
    cr_expect_null(p->requires_layers[1]);
    cr_expect_str_eq(p->provides[0], "entities");
    cr_expect_null(p->provides[1]);
    cr_expect(info->data_dir != NULL, "the plugin ships its lists");
    for (const tm_option *o = p->options; o && o->name; o++)
        cr_expect(o->help && strlen(o->help) > 20, "option %s needs help", o->name);
}

Test(plugin, needs_sentences_before_it)
{
    tm_error err;
    tm_error_clear(&err);
    tm_pipeline *p = tm_pipeline_load_string(
        et_registry(), "{\"stages\":[{\"plugin\":\"entity_tagger\"}]}", "<test>", NULL, &err);
    cr_expect_null(p, "loading without a sentences layer must fail");
    cr_expect(strstr(err.message, "sentences"), "%s", err.message);
    tm_pipeline_free(p);
}

Test(plugin, spans_sorted_with_rule_and_score)
{
    tm_error err;
    tm_pipeline *p = et_pipeline("{}", &err);
    cr_assert(p, "%s", err.message);
    tm_doc *doc = et_tag(p, "On 3 March 2021 Dr. Amara Osei of the World Health Organization "
                            "flew from Accra to Geneva with 2 colleagues.\n"
                            "Osei said 40% of the $2 million budget was spent.");
    cr_assert(doc);
    const tm_layer *l = tm_doc_layer(doc, "entities");
    cr_assert(l);
    cr_expect_geq(tm_layer_size(l), 8);
    size_t last_end = 0;
    for (size_t i = 0; i < tm_layer_size(l); i++) {
        const tm_span *sp = tm_layer_span(l, i);
        cr_expect_geq(sp->start, last_end, "spans are sorted and do not overlap");
        cr_expect_lt(sp->start, sp->end);
        last_end = sp->end;
        cr_expect(sp->has_score && sp->score > 0 && sp->score <= 1);
        cr_assert(sp->attrs);
        json_t *rule = json_object_get(sp->attrs, "rule");
        cr_expect(json_is_string(rule) && json_string_length(rule) > 0);
    }
    et_found f = et_entities(doc);
    EXPECT(f, "PERSON Amara Osei");
    EXPECT(f, "ORG World Health Organization");
    EXPECT(f, "PERSON Osei");
    EXPECT(f, "PERCENT 40%");
    EXPECT(f, "MONEY $2 million");
    EXPECT(f, "DATE 3 March 2021");
    EXPECT(f, "CARDINAL 2");
    et_found_free(&f);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

Test(plugin, empty_and_odd_documents)
{
    tm_error err;
    tm_pipeline *p = et_pipeline("{}", &err);
    cr_assert(p, "%s", err.message);
    const char *texts[] = {"", " ", "\n\n", "....", "'s 's", "-", "$", "@", "http://",
                           "a@b", "www.", "1st 2nd", "– — …", "9/11/", "$ million"};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        tm_doc *doc = et_tag(p, texts[i]);
        cr_expect(doc, "text %zu", i);
        tm_doc_free(doc);
    }
    tm_pipeline_free(p);
}

Test(plugin, sentences_layer_may_overlap_or_be_missing_words)
{
    /* A sentence layer that overlaps itself must not produce overlapping
     * or duplicate entities. */
    tm_error err;
    tm_pipeline *p = et_pipeline("{}", &err);
    cr_assert(p, "%s", err.message);
    const char *text = "Kofi Mensah visited Lagos. He left Accra.";
    tm_doc *doc = tm_doc_new("t", text, strlen(text), &err);
    tm_layer *s = tm_doc_add_layer(doc, "sentences");
    tm_layer_add(s, 0, 26, "", &err);
    tm_layer_add(s, 10, strlen(text), "", &err);
    cr_assert_eq(tm_pipeline_process(p, doc, &err), TM_OK, "%s", err.message);
    et_found f = et_entities(doc);
    EXPECT(f, "PERSON Kofi Mensah");
    EXPECT(f, "GPE Lagos");
    EXPECT(f, "GPE Accra");
    cr_expect_eq(f.n, 3);
    et_found_free(&f);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}

/* ---- thread safety: one instance, several workers -------------------------- */

#define THREADS 4
#define ROUNDS 40

static const char *thread_text =
    "President Ama Boateng of Ghana met Chancellor Weiss in Berlin on 2 June 2020.\n"
    "Boateng said the Bank of Ghana would lend $3 billion, or 12% more, to Acme Corp.\n"
    "Contact info@example.com or visit https://example.com for the 3rd report.";

typedef struct job {
    tm_pipeline *p;
    char *expected;
    int failures;
} job;

static char *render(const tm_doc *doc)
{
    et_found f = et_entities(doc);
    size_t n = 1;
    for (size_t i = 0; i < f.n; i++)
        n += strlen(f.items[i]) + strlen(f.rules[i]) + 4;
    char *out = calloc(1, n);
    for (size_t i = 0; i < f.n; i++) {
        strcat(out, f.items[i]);
        strcat(out, " (");
        strcat(out, f.rules[i]);
        strcat(out, ")\n");
    }
    et_found_free(&f);
    return out;
}

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
    for (int r = 0; r < ROUNDS; r++) {
        tm_doc *doc = tm_doc_new("t", thread_text, strlen(thread_text), &err);
        tm_layer *s = tm_doc_add_layer(doc, "sentences");
        size_t st = 0, len = strlen(thread_text);
        for (size_t i = 0; i <= len; i++)
            if (i == len || thread_text[i] == '\n') {
                tm_layer_add(s, st, i, "", &err);
                st = i + 1;
            }
        if (tm_worker_process(w, doc, &err) != TM_OK) {
            j->failures++;
        } else {
            char *got = render(doc);
            if (strcmp(got, j->expected) != 0)
                j->failures++;
            free(got);
        }
        tm_doc_free(doc);
    }
    tm_worker_free(w);
    return NULL;
}

Test(plugin, shared_instance_across_threads)
{
    tm_error err;
    tm_pipeline *p = et_pipeline("{}", &err);
    cr_assert(p, "%s", err.message);
    tm_doc *doc = et_tag(p, thread_text);
    char *expected = render(doc);
    tm_doc_free(doc);
    cr_expect(strstr(expected, "PERSON Ama Boateng"), "%s", expected);
    cr_expect(strstr(expected, "EMAIL info@example.com"), "%s", expected);

    pthread_t th[THREADS];
    job jobs[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i] = (job){p, expected, 0};
        pthread_create(&th[i], NULL, worker_main, &jobs[i]);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        cr_expect_eq(jobs[i].failures, 0, "thread %d saw different results", i);
    }
    free(expected);
    tm_pipeline_free(p);
}
