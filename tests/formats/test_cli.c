/* test_cli.c - `textmill run --format html|conll|brat` end to end.
 *
 * The input is JSON Lines that already carry sentences, entities and a
 * summary (as the output of an earlier run would); the pipeline is the core's
 * test plugin testgood, which adds a "words" layer. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

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

TestSuite(cli, .init = setup, .fini = teardown);

/* Offsets are code points: "Åse" is 3 of them (4 bytes). */
static const char input[] =
    "{\"id\":\"n1\",\"text\":\"Åse Lund sailed to Bergen. She paid.\",\"summary\":\"She paid.\","
    "\"layers\":{\"sentences\":[{\"start\":0,\"end\":26},{\"start\":27,\"end\":36}],"
    "\"entities\":[{\"start\":0,\"end\":8,\"label\":\"PERSON\",\"attrs\":{\"rule\":\"given\"}},"
    "{\"start\":19,\"end\":25,\"label\":\"GPE\",\"attrs\":{\"rule\":\"gazetteer\"}}],"
    "\"summary\":[{\"start\":27,\"end\":36,\"score\":0.5}]}}\n"
    "{\"id\":\"n/2\",\"text\":\"Kari stayed.\"}\n";

static const char pipeline[] =
    "{\"stages\": [{\"plugin\": \"testgood\", \"config\": {\"mode\": \"capitalized\"}}]}";

static void put(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static char *get(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *s = slurp(path);
    cr_assert_not_null(s, "%s is missing", path);
    return s;
}

/* Runs textmill with args in the folder; stdout goes to the file "stdout". */
static int run(const char *args)
{
    put("in.jsonl", input);
    put("p.json", pipeline);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cd %s && %s %s -P %s >stdout 2>stderr </dev/null", dir, TM_CLI,
             args, TM_TEST_PLUGIN_DIR);
    int status = system(cmd);
    cr_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

Test(cli, conll_to_stdout)
{
    cr_assert_eq(run("run p.json in.jsonl --format conll -q"), 0);
    char *out = get("stdout");
    cr_assert_str_eq(out, "# doc_id = n1\n"
                          "Åse\tB-PERSON\nLund\tI-PERSON\nsailed\tO\nto\tO\nBergen\tB-GPE\n"
                          ".\tO\n\nShe\tO\npaid\tO\n.\tO\n\n"
                          "# doc_id = n/2\nKari\tO\nstayed\tO\n.\tO\n\n");
    free(out);
}

Test(cli, html_to_a_file)
{
    cr_assert_eq(run("run p.json in.jsonl --format html -o out.html -q"), 0);
    char *html = get("out.html");
    assert_balanced_html(html);
    cr_assert(strstr(html, "<mark class=\"e c0\" title=\"PERSON (rule: given)\">Åse Lund</mark>"));
    cr_assert(strstr(html, "<div class=\"summary\"><b>Summary</b>She paid.</div>"));
    cr_assert(strstr(html, "<summary>Layer <b>words</b>: 4 spans</summary>"), "%s", html);
    cr_assert(strstr(html, "<h2>2 documents, 2 entities</h2>"));
    free(html);
}

Test(cli, brat_to_a_folder)
{
    cr_assert_eq(run("run p.json in.jsonl --format brat -o coll -q"), 0);
    char *ann = get("coll/n1.ann");
    cr_assert_str_eq(ann, "T1\tPERSON 0 8\tÅse Lund\n#1\tAnnotatorNotes T1\trule: given\n"
                          "T2\tGPE 19 25\tBergen\n#2\tAnnotatorNotes T2\trule: gazetteer\n"
                          "T3\tSummary 27 36\tShe paid.\n#3\tAnnotatorNotes T3\tscore: 0.5\n");
    free(ann);
    char *txt = get("coll/n_2.txt");
    cr_assert_str_eq(txt, "Kari stayed.");
    free(txt);
    char *index = get("coll/index.jsonl");
    cr_assert_str_eq(index, "{\"id\":\"n1\",\"name\":\"n1\"}\n{\"id\":\"n/2\",\"name\":\"n_2\"}\n");
    free(index);
}

Test(cli, brat_needs_a_folder)
{
    cr_assert_eq(run("run p.json in.jsonl --format brat"), 2);
}
