/* test_brat.c - `--format brat`: NAME.txt and NAME.ann in a folder. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"

static const char *dir;

static void setup(void)
{
    dir = temp_dir();
}

static void teardown(void)
{
    remove_tree(dir);
}

TestSuite(brat, .init = setup, .fini = teardown);

/* The content of dir/name; fails the test when it is missing. */
static char *file(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *s = slurp(path);
    cr_assert_not_null(s, "%s is missing", path);
    return s;
}

static void expect_file(const char *name, const char *want)
{
    char *got = file(name);
    cr_assert_str_eq(got, want, "%s:\n%s\nwant:\n%s", name, got, want);
    free(got);
}

Test(brat, text_and_annotations)
{
    const char *text = "Ingrid Solberg sailed to Bergen.\nFjordline paid.\n";
    tm_doc *doc = doc_make("ferry-2", text);
    add_sentences(doc);
    tm_span *s = ent(doc, "Ingrid Solberg", 0, "PERSON", "given_name");
    s->score = 0.9;
    s->has_score = true;
    ent(doc, "Bergen", 0, "GPE", "gazetteer");
    add(doc, "entities", "Fjordline", 0, "ORG"); /* no attributes: no note */
    add(doc, "summary", "Fjordline paid.", 0, NULL);
    render_brat(dir, &doc, 1);
    expect_file("ferry-2.txt", text);
    expect_file("ferry-2.ann",
                "T1\tPERSON 0 14\tIngrid Solberg\n"
                "#1\tAnnotatorNotes T1\trule: given_name; score: 0.9\n"
                "T2\tGPE 25 31\tBergen\n"
                "#2\tAnnotatorNotes T2\trule: gazetteer\n"
                "T3\tORG 33 42\tFjordline\n"
                "T4\tSummary 33 48\tFjordline paid.\n");
    expect_file("index.jsonl", "{\"id\":\"ferry-2\",\"name\":\"ferry-2\"}\n");
    tm_doc_free(doc);
}

/* brat counts characters: offsets are code points, not bytes. */
Test(brat, offsets_are_code_points)
{
    const char *text = "Zoë Ødegård flew to Tromsø 🛫 on Friday.";
    tm_doc *doc = doc_make("utf8", text);
    add(doc, "entities", "Zoë Ødegård", 0, "PERSON");
    add(doc, "entities", "Tromsø", 0, "GPE");
    add(doc, "entities", "Friday", 0, "DATE");
    render_brat(dir, &doc, 1);
    expect_file("utf8.txt", text);
    expect_file("utf8.ann", "T1\tPERSON 0 11\tZoë Ødegård\n"
                            "T2\tGPE 20 26\tTromsø\n"
                            "T3\tDATE 32 38\tFriday\n");
    tm_doc_free(doc);
}

/* A span over a line break becomes fragments, as brat writes them; a span
 * of nothing but line breaks is left out. */
Test(brat, spans_across_lines_are_fragments)
{
    tm_doc *doc = doc_make("lines", "Old Town\r\nHall opened.\n\nEnd");
    add(doc, "entities", "Old Town\r\nHall", 0, "FAC");
    add(doc, "entities", "\n\n", 0, "ODD");
    add(doc, "entities", "End", 0, "ODD");
    render_brat(dir, &doc, 1);
    expect_file("lines.ann", "T1\tFAC 0 8;10 14\tOld Town Hall\nT2\tODD 24 27\tEnd\n");
    tm_doc_free(doc);
}

/* Nested entities are all written (brat draws them); types are sanitized. */
Test(brat, nested_entities_and_odd_labels)
{
    tm_doc *doc = doc_make("n", "Bank of Norway");
    add(doc, "entities", "Bank of Norway", 0, "ORG");
    add(doc, "entities", "Norway", 0, "GPE");
    add(doc, "entities", "Bank", 0, "a b:c");
    add(doc, "entities", "of", 0, "");
    render_brat(dir, &doc, 1);
    expect_file("n.ann", "T1\tORG 0 14\tBank of Norway\nT2\ta_b_c 0 4\tBank\n"
                         "T3\tEntity 5 7\tof\nT4\tGPE 8 14\tNorway\n");
    char *conf = file("annotation.conf");
    cr_assert(strstr(conf, "[entities]\nORG\na_b_c\nEntity\nGPE\n\n[relations]\n"), "%s", conf);
    cr_assert(strstr(conf, "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n"));
    cr_assert(strstr(conf, "[events]") && strstr(conf, "[attributes]"));
    free(conf);
    char *vis = file("visual.conf");
    cr_assert(strstr(vis, "[drawing]\nORG\tbgColor:#a0c4ff\n"), "%s", vis);
    free(vis);
    tm_doc_free(doc);
}

/* Names from ids: nothing reaches outside the folder, nothing is replaced. */
Test(brat, names_are_safe_and_unique)
{
    const char *ids[] = {"../../etc/passwd", "news/a.txt", "a", "A", "a", "", ".hidden",
                         "Ærø kommune", "a-2"};
    const char *names[] = {"etc_passwd", "news_a", "a", "A-2", "a-3", "doc", "hidden",
                           "r_kommune", "a-2-2"};
    size_t n = sizeof ids / sizeof *ids;
    tm_doc *docs[16];
    for (size_t i = 0; i < n; i++) {
        char text[32];
        snprintf(text, sizeof text, "Document %zu.", i);
        docs[i] = doc_make(ids[i], text);
    }
    render_brat(dir, docs, n);
    char *index = file("index.jsonl");
    const char *line = index;
    for (size_t i = 0; i < n; i++) {
        json_error_t jerr;
        size_t len = strcspn(line, "\n");
        json_t *o = json_loadb(line, len, 0, &jerr);
        cr_assert_not_null(o, "%s", jerr.text);
        cr_assert_str_eq(json_string_value(json_object_get(o, "id")), ids[i]);
        cr_assert_str_eq(json_string_value(json_object_get(o, "name")), names[i],
                         "id \"%s\"", ids[i]);
        json_decref(o);
        line += len + 1;
        char fname[128], want[32];
        snprintf(fname, sizeof fname, "%s.txt", names[i]);
        snprintf(want, sizeof want, "Document %zu.", i);
        expect_file(fname, want);
        snprintf(fname, sizeof fname, "%s.ann", names[i]);
        expect_file(fname, "");
        tm_doc_free(docs[i]);
    }
    cr_assert_eq(*line, '\0');
    free(index);
    /* Nothing was written above the folder. */
    struct stat st;
    char above[512];
    snprintf(above, sizeof above, "%s/../etc_passwd.txt", dir);
    cr_assert_neq(stat(above, &st), 0);
}

Test(brat, long_ids_are_cut)
{
    char id[300];
    memset(id, 'x', sizeof id - 1);
    id[sizeof id - 1] = '\0';
    tm_doc *doc = doc_make(id, "Text.");
    render_brat(dir, &doc, 1);
    char *index = file("index.jsonl");
    json_t *o = json_loads(index, 0, NULL);
    cr_assert_eq(strlen(json_string_value(json_object_get(o, "name"))), 80);
    json_decref(o);
    free(index);
    tm_doc_free(doc);
}

Test(brat, folder_is_created)
{
    char sub[256];
    snprintf(sub, sizeof sub, "%s/out/nested", dir);
    tm_doc *doc = doc_make("d", "Hi.");
    render_brat(sub, &doc, 1);
    char path[300];
    snprintf(path, sizeof path, "%s/d.txt", sub);
    char *txt = slurp(path);
    cr_assert_str_eq(txt, "Hi.");
    free(txt);
    tm_doc_free(doc);
}

Test(brat, unwritable_folder_is_an_error)
{
    char path[256];
    snprintf(path, sizeof path, "%s/plain-file", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fclose(f);
    tm_error err;
    tm_error_clear(&err);
    cr_assert_null(tm_writer_new(stdout, path, TM_OUTPUT_BRAT, 0, &err));
    cr_assert_eq(err.code, TM_ERR_IO);
    cr_assert_str_eq(err.file, path);
    cr_assert(strstr(err.message, "cannot create the output folder"), "%s", err.message);
    cr_assert_null(tm_writer_new(stdout, NULL, TM_OUTPUT_BRAT, 0, &err));
    cr_assert_eq(err.code, TM_ERR_INVALID);
}

/* Text written exactly as it is, line breaks included. */
Test(brat, text_is_byte_for_byte)
{
    const char *text = "  leading space\r\n\ttab\n\nUnicode: \u00e9\u0301 \u2028 end";
    tm_doc *doc = doc_make("exact", text);
    render_brat(dir, &doc, 1);
    expect_file("exact.txt", text);
    tm_doc_free(doc);
}

/* An id from a file name may not be UTF-8: the index stays valid JSON. */
Test(brat, id_that_is_not_utf8)
{
    tm_doc *doc = doc_make("caf\xe9.txt", "Menu.");
    render_brat(dir, &doc, 1);
    expect_file("caf.txt", "Menu.");
    expect_file("index.jsonl", "{\"id\":\"caf\ufffd.txt\",\"name\":\"caf\"}\n");
    tm_doc_free(doc);
}
