/* The batch runner: order, threads, failures, isolation, skipping. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <textmill/textmill.h>

static char dir[64];

static void make_dir(void)
{
    strcpy(dir, "/tmp/tm_runner_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(runner, .init = make_dir, .fini = remove_dir, .timeout = 60);

/* Writes n JSON Lines documents; document i says "CRASH", "HANG", ... when
 * special(i) returns a word. */
static const char *write_input(int n, const char *(*special)(int))
{
    static char path[128];
    snprintf(path, sizeof path, "%s/in.jsonl", dir);
    FILE *f = fopen(path, "w");
    for (int i = 0; i < n; i++)
        fprintf(f, "{\"id\":\"d%d\",\"text\":\"Doc Number %d %s with Some Words\"}\n", i, i,
                special ? special(i) : "");
    fclose(f);
    return path;
}

typedef struct collected {
    char *out;      /* concatenated JSON lines of the documents */
    size_t len;
    char failed[4096];
} collected;

static int collect_doc(void *ctx, const tm_doc *doc, tm_error *err)
{
    collected *c = ctx;
    json_t *o = tm_doc_to_json(doc, 0, err);
    char *s = json_dumps(o, JSON_COMPACT);
    size_t n = strlen(s);
    c->out = realloc(c->out, c->len + n + 2);
    memcpy(c->out + c->len, s, n);
    c->out[c->len + n] = '\n';
    c->len += n + 1;
    c->out[c->len] = '\0';
    free(s);
    json_decref(o);
    return 0;
}

static void collect_error(void *ctx, const tm_error *e, const char *raw, size_t raw_len)
{
    collected *c = ctx;
    (void)raw, (void)raw_len;
    size_t n = strlen(c->failed);
    snprintf(c->failed + n, sizeof c->failed - n, "%s|%s|%s\n", e->doc_id, e->stage, e->message);
}

static bool defer_parse; /* read JSON Lines unparsed, for the workers */

static tm_run_stats run(const char *pipeline_json, const char *input, tm_run_options opts,
                        collected *c, tm_status *rc)
{
    tm_error err;
    tm_registry *reg = tm_registry_new(&err);
    tm_registry_add_path(reg, TM_TEST_PLUGIN_DIR, &err);
    tm_pipeline *p = tm_pipeline_load_string(reg, pipeline_json, NULL, NULL, &err);
    cr_assert_not_null(p, "%s", err.message);
    tm_reader_options ro = {.defer_parse = defer_parse};
    tm_reader *r = tm_reader_new(&input, 1, &ro, &err);
    opts.on_doc = collect_doc;
    opts.on_error = collect_error;
    opts.ctx = c;
    tm_run_stats st;
    *rc = tm_run(p, r, &opts, &st, &err);
    tm_reader_free(r);
    tm_pipeline_free(p);
    tm_registry_free(reg);
    return st;
}

#define WORDS "{\"stages\": [{\"plugin\": \"testgood\"}, {\"plugin\": \"testcrash\"}]}"

Test(runner, output_is_identical_and_ordered_for_any_number_of_threads)
{
    const char *in = write_input(500, NULL);
    collected one = {0}, four = {0};
    tm_status rc;
    tm_run_stats a = run(WORDS, in, (tm_run_options){.threads = 1}, &one, &rc);
    cr_assert_eq(rc, TM_OK);
    tm_run_stats b = run(WORDS, in, (tm_run_options){.threads = 4}, &four, &rc);
    cr_assert_eq(rc, TM_OK);
    cr_assert_eq(a.docs_out, 500);
    cr_assert_eq(b.docs_out, 500);
    cr_assert_str_eq(one.out, four.out);
    cr_assert(strstr(one.out, "{\"id\":\"d0\"") == one.out, "first document first");
    cr_assert_gt(a.stage_seconds[0], 0.0, "stage times are measured");
    free(one.out);
    free(four.out);
}

static const char *every_tenth_fails(int i) { return i % 10 == 3 ? "FAIL" : ""; }

Test(runner, every_document_is_accounted_for)
{
    const char *in = write_input(200, every_tenth_fails);
    collected c = {0};
    tm_status rc;
    tm_run_stats st = run("{\"stages\": [{\"plugin\": \"testgood\"}, {\"plugin\": \"testfail\","
                          " \"config\": {\"required_thing\": \"x\"}}]}",
                          in, (tm_run_options){.threads = 3}, &c, &rc);
    cr_assert_eq(rc, TM_OK);
    cr_assert_eq(st.docs_in, 200);
    cr_assert_eq(st.docs_out, 180);
    cr_assert_eq(st.docs_failed, 20);
    cr_assert(strstr(c.failed, "d3|testfail|the text asks to fail\nd13|"), "in order: %s", c.failed);
    free(c.out);
}

Test(runner, fail_mode_and_error_limit_stop_the_run)
{
    const char *in = write_input(100, every_tenth_fails);
    collected c = {0};
    tm_status rc;
    const char *p = "{\"stages\": [{\"plugin\": \"testgood\"}, {\"plugin\": \"testfail\","
                    " \"config\": {\"required_thing\": \"x\"}}]}";
    tm_run_stats st = run(p, in, (tm_run_options){.threads = 2, .error_mode = TM_ON_ERROR_FAIL},
                          &c, &rc);
    cr_assert_eq(rc, TM_ERR_PROCESS);
    cr_assert_eq(st.docs_out, 3, "d0-d2 were handed on before d3 failed");
    free(c.out);
    c = (collected){0};
    st = run(p, in, (tm_run_options){.threads = 2, .max_errors = 2}, &c, &rc);
    cr_assert_eq(rc, TM_ERR_LIMIT);
    cr_assert_eq(st.docs_failed, 2);
    free(c.out);
}

static const char *misbehave(int i)
{
    return i == 5 ? "CRASH" : i == 9 ? "ABORT" : i == 12 ? "HANG" : "";
}

Test(runner, isolation_turns_crashes_and_hangs_into_document_errors)
{
    const char *in = write_input(20, misbehave);
    collected c = {0};
    tm_status rc;
    tm_run_stats st = run(WORDS, in,
                          (tm_run_options){.threads = 2, .isolate = true, .timeout_seconds = 1},
                          &c, &rc);
    cr_assert_eq(rc, TM_OK);
    cr_assert_eq(st.docs_out, 17);
    cr_assert_eq(st.docs_failed, 3);
    cr_assert(strstr(c.failed, "d5|testcrash|the worker process died of signal 11"), "%s", c.failed);
    cr_assert(strstr(c.failed, "d9|testcrash|the worker process died of signal 6"), "%s", c.failed);
    cr_assert(strstr(c.failed, "d12|testcrash|did not finish within 1 s"), "%s", c.failed);
    cr_assert(strstr(c.out, "\"id\":\"d19\""), "the run went on after the crashes");
    cr_assert(strstr(c.out, "\"checked\":true"), "metadata set in the child comes back");

    collected plain = {0};
    const char *in2 = write_input(30, NULL);
    run(WORDS, in2, (tm_run_options){.threads = 1}, &plain, &rc);
    collected iso = {0};
    run(WORDS, in2, (tm_run_options){.threads = 2, .isolate = true}, &iso, &rc);
    cr_assert_str_eq(iso.out, plain.out, "isolated runs give the same output");
    free(c.out);
    free(plain.out);
    free(iso.out);
}

Test(runner, skip_passes_over_the_first_items)
{
    const char *in = write_input(10, NULL);
    collected c = {0};
    tm_status rc;
    tm_run_stats st = run(WORDS, in, (tm_run_options){.threads = 2, .skip = 7}, &c, &rc);
    cr_assert_eq(st.docs_skipped, 7);
    cr_assert_eq(st.docs_out, 3);
    cr_assert(strstr(c.out, "{\"id\":\"d7\"") == c.out);
    free(c.out);
}

Test(runner, workers_parsing_lines_give_the_same_output_and_errors)
{
    const char *in = write_input(300, every_tenth_fails);
    FILE *f = fopen(in, "a");
    fputs("not json\n{\"id\":\"cut\",\"text\":", f);
    fclose(f);
    const char *p = "{\"stages\": [{\"plugin\": \"testgood\"}, {\"plugin\": \"testfail\","
                    " \"config\": {\"required_thing\": \"x\"}}]}";
    collected a = {0}, b = {0};
    tm_status rc;
    defer_parse = false;
    tm_run_stats sa = run(p, in, (tm_run_options){.threads = 1}, &a, &rc);
    defer_parse = true;
    tm_run_stats sb = run(p, in, (tm_run_options){.threads = 3}, &b, &rc);
    defer_parse = false;
    cr_assert_eq(sa.docs_failed, 32, "30 FAIL, a line that is not JSON, a cut line");
    cr_assert_eq(sb.docs_failed, sa.docs_failed);
    cr_assert_str_eq(b.out, a.out);
    cr_assert_str_eq(b.failed, a.failed);
    cr_assert(strstr(b.failed, "cut short"), "%s", b.failed);
    free(a.out);
    free(b.out);
}

/* Counts the documents read but not yet handed on, from the reader's byte
 * count: every line of the input has the same length. */
typedef struct in_flight {
    tm_reader *reader;
    size_t line_len, handed, most;
} in_flight;

static int count_in_flight(void *ctx, const tm_doc *doc, tm_error *err)
{
    in_flight *f = ctx;
    (void)doc, (void)err;
    f->handed++;
    size_t read = tm_reader_bytes_read(f->reader) / f->line_len;
    if (read - f->handed > f->most)
        f->most = read - f->handed;
    return 0;
}

Test(runner, documents_in_flight_are_bounded_by_their_bytes)
{
    /* 80 documents of 10,000 bytes; a bound of 40,000 bytes lets 4 be
     * read ahead (and one per worker beyond), where the ring has room for
     * 32. */
    char path[128];
    snprintf(path, sizeof path, "%s/big.jsonl", dir);
    FILE *f = fopen(path, "w");
    char text[10001];
    for (int i = 0; i < 10000; i++)
        text[i] = i % 6 == 5 ? ' ' : (char)('a' + i % 26);
    text[10000] = '\0';
    for (int i = 0; i < 80; i++)
        fprintf(f, "{\"id\":\"d%02d\",\"text\":\"%s\"}\n", i, text);
    fclose(f);

    tm_error err;
    tm_registry *reg = tm_registry_new(&err);
    tm_registry_add_path(reg, TM_TEST_PLUGIN_DIR, &err);
    tm_pipeline *p = tm_pipeline_load_string(reg, "{\"stages\": [{\"plugin\": \"testgood\"}]}",
                                             NULL, NULL, &err);
    cr_assert_not_null(p, "%s", err.message);
    const char *in = path;
    tm_reader *r = tm_reader_new(&in, 1, NULL, &err);
    cr_assert_not_null(r, "%s", err.message);
    in_flight fl = {.reader = r, .line_len = 10000 + strlen("{\"id\":\"d00\",\"text\":\"\"}\n")};
    tm_run_options opts = {.threads = 2, .max_bytes_in_flight = 40000, .on_doc = count_in_flight,
                           .ctx = &fl};
    tm_run_stats st;
    cr_assert_eq(tm_run(p, r, &opts, &st, &err), TM_OK, "%s", err.message);
    cr_assert_eq(st.docs_out, 80);
    cr_assert_leq(fl.most, 4, "%zu documents were in flight", fl.most);
    tm_reader_free(r);
    tm_pipeline_free(p);
    tm_registry_free(reg);
}
