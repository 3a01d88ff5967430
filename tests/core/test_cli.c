/* End to end: the textmill command as a user runs it. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64];
static char out_text[1 << 16], err_text[1 << 16];

static void make_dir(void)
{
    strcpy(dir, "/tmp/tm_cli_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(cli, .init = make_dir, .fini = remove_dir);

static void slurp(const char *path, char *buf, size_t size)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

static void put(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

/* Runs `textmill ARGS` in the temporary folder; returns the exit code and
 * leaves stdout and stderr in out_text and err_text. */
static int tm(const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd %s && %s %s >%s/.out 2>%s/.err </dev/null", dir, TM_CLI,
             args, dir, dir);
    int status = system(cmd);
    char path[256];
    snprintf(path, sizeof path, "%s/.out", dir);
    slurp(path, out_text, sizeof out_text);
    snprintf(path, sizeof path, "%s/.err", dir);
    slurp(path, err_text, sizeof err_text);
    cr_assert(WIFEXITED(status), "textmill %s did not exit normally", args);
    return WEXITSTATUS(status);
}

#define P "-P " TM_TEST_PLUGIN_DIR " "
#define WORDS "{\"stages\": [{\"plugin\": \"testgood\", \"config\": {\"mode\": \"capitalized\"}}]}"
#define CHECK "{\"stages\": [{\"plugin\": \"testgood\"}, {\"plugin\": \"testfail\", " \
              "\"config\": {\"required_thing\": \"x\"}}]}"

Test(cli, version_and_help)
{
    cr_assert_eq(tm("--version"), 0);
    cr_assert(strstr(out_text, "textmill 0."), "%s", out_text);
    cr_assert(strstr(out_text, "plugin ABI 1."));
    const char *cmds[] = {"run", "validate", "plugins", "inspect"};
    for (size_t i = 0; i < 4; i++) {
        char args[64];
        snprintf(args, sizeof args, "%s --help", cmds[i]);
        cr_assert_eq(tm(args), 0, "%s", args);
        cr_assert(strstr(out_text, "usage: textmill"), "%s", args);
    }
    cr_assert_eq(tm(""), 2);
    cr_assert_eq(tm("frobnicate"), 2);
    cr_assert(strstr(err_text, "unknown command 'frobnicate'"));
}

Test(cli, bad_command_lines_exit_2_with_a_reason)
{
    put("p.json", WORDS);
    cr_assert_eq(tm("run --bogus p.json"), 2);
    cr_assert(strstr(err_text, "unknown option '--bogus'"), "%s", err_text);
    cr_assert_eq(tm("run --max-doc-size 12X p.json"), 2);
    cr_assert(strstr(err_text, "bad value '12X'"), "%s", err_text);
    cr_assert_eq(tm("run --on-error maybe p.json"), 2);
    cr_assert_eq(tm("run"), 2);
    cr_assert(strstr(err_text, "missing PIPELINE"));
}

Test(cli, validate_reports_every_invalid_case_with_location)
{
    const char *cases = TM_TEST_DIR "/pipelines/invalid";
    DIR *d = opendir(cases);
    struct dirent *de;
    int n = 0;
    while ((de = readdir(d))) {
        if (!strstr(de->d_name, ".json"))
            continue;
        char args[1024];
        snprintf(args, sizeof args, "validate " P "%s/%s", cases, de->d_name);
        cr_expect_eq(tm(args), 3, "%s", de->d_name);
        char want[600];
        snprintf(want, sizeof want, "textmill: %s/%s", cases, de->d_name);
        cr_expect(strstr(err_text, want) == err_text || strstr(de->d_name, "wrong_abi") ||
                      strstr(de->d_name, "plugin_file_missing"),
                  "%s: %s", de->d_name, err_text);
        n++;
    }
    closedir(d);
    cr_assert_geq(n, 30);
}

Test(cli, validate_prints_stages_with_defaults)
{
    put("p.json", WORDS);
    cr_assert_eq(tm("validate " P "p.json"), 0, "%s", err_text);
    cr_assert(strstr(out_text, "valid pipeline 'p', 1 stage"), "%s", out_text);
    cr_assert(strstr(out_text, "\"min_length\":1"), "%s", out_text);
    cr_assert(strstr(out_text, "\"mode\":\"capitalized\""), "%s", out_text);
    cr_assert_eq(tm("validate " P "missing.json"), 4);
    cr_assert(strstr(err_text, "missing.json: cannot open"), "%s", err_text);
}

Test(cli, run_writes_json_lines_that_read_back_unchanged)
{
    put("p.json", WORDS);
    put("a.txt", "Ada met Grace in Zürich.");
    put("b.txt", "nothing capitalized here");
    put("same.json", "{\"input_layers\": [\"words\"], \"stages\": [{\"plugin\": \"testfail\","
                     " \"config\": {\"required_thing\": \"x\"}}]}");
    cr_assert_eq(tm("run " P "-q -o first.jsonl p.json a.txt b.txt"), 0, "%s", err_text);
    cr_assert_str_eq(err_text, "", "quiet");
    char first[8192], second[8192], path[256];
    snprintf(path, sizeof path, "%s/first.jsonl", dir);
    slurp(path, first, sizeof first);
    cr_assert(strstr(first, "\"text\":\"Zürich\""), "%s", first);
    cr_assert(strstr(first, "\"start\":17,\"end\":23"), "code points: %s", first);
    cr_assert_eq(tm("run " P "-o second.jsonl same.json first.jsonl"), 0, "%s", err_text);
    cr_assert(strstr(err_text, "2 documents in, 2 out, 0 failed"), "%s", err_text);
    snprintf(path, sizeof path, "%s/second.jsonl", dir);
    slurp(path, second, sizeof second);
    cr_assert_str_eq(second, first);
}

Test(cli, failed_documents_go_to_the_errors_file_with_their_input)
{
    put("p.json", CHECK);
    put("in.jsonl", "{\"id\":\"ok1\",\"text\":\"fine\"}\n"
                    "{\"id\":\"bad\",\"text\":\"please FAIL\",\"src\":\"x\"}\n"
                    "not json\n"
                    "{\"id\":\"ok2\",\"text\":\"fine too\"}\n");
    cr_assert_eq(tm("run " P "-e errors.jsonl p.json in.jsonl"), 1);
    cr_assert(strstr(err_text, "4 documents in, 2 out, 2 failed (see errors.jsonl)"), "%s",
              err_text);
    cr_assert(strstr(out_text, "\"id\":\"ok1\""));
    cr_assert(strstr(out_text, "\"id\":\"ok2\""));
    cr_assert_null(strstr(out_text, "\"id\":\"bad\""));
    char errors[4096], path[256];
    snprintf(path, sizeof path, "%s/errors.jsonl", dir);
    slurp(path, errors, sizeof errors);
    cr_assert(strstr(errors, "\"id\":\"bad\",\"stage\":\"testfail\""), "%s", errors);
    cr_assert(strstr(errors, "\"input\":{\"id\":\"bad\",\"text\":\"please FAIL\",\"src\":\"x\"}"),
              "%s", errors);
    cr_assert(strstr(errors, "\"line\":3"), "%s", errors);
    cr_assert(strstr(errors, "\"input\":\"not json\""), "%s", errors);
}

Test(cli, on_error_fail_stops_and_leaves_no_output_file)
{
    put("p.json", CHECK);
    put("in.jsonl", "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"FAIL\"}\n"
                    "{\"id\":\"c\",\"text\":\"x\"}\n");
    cr_assert_eq(tm("run " P "--on-error fail -o out.jsonl p.json in.jsonl"), 5);
    cr_assert(strstr(err_text, "document 'b': stage 'testfail': the text asks to fail"), "%s",
              err_text);
    char path[256];
    snprintf(path, sizeof path, "%s/out.jsonl", dir);
    cr_assert_neq(access(path, F_OK), 0, "no partial output");
    cr_assert_eq(tm("run " P "--max-errors 1 -q p.json in.jsonl"), 5);
}

Test(cli, text_format_is_readable)
{
    put("p.json", WORDS);
    put("a.txt", "Hello World");
    cr_assert_eq(tm("run " P "-q --format text p.json a.txt"), 0, "%s", err_text);
    cr_assert(strstr(out_text, "--- words (2)"), "%s", out_text);
    cr_assert(strstr(out_text, "0-5      W  Hello"), "%s", out_text);
}

Test(cli, stdin_is_read_as_text_or_json_lines)
{
    put("p.json", WORDS);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cd %s && printf 'Hi There' | %s run " P "-q p.json > o1", dir, TM_CLI);
    cr_assert_eq(system(cmd), 0);
    snprintf(cmd, sizeof cmd,
             "cd %s && printf '{\"id\":\"s\",\"text\":\"Yo Bo\"}\\n' | %s run " P "-q p.json - > o2",
             dir, TM_CLI);
    cr_assert_eq(system(cmd), 0);
    char buf[1024], path[256];
    snprintf(path, sizeof path, "%s/o1", dir);
    slurp(path, buf, sizeof buf);
    cr_assert(strstr(buf, "\"text\":\"There\""), "%s", buf);
    snprintf(path, sizeof path, "%s/o2", dir);
    slurp(path, buf, sizeof buf);
    cr_assert(strstr(buf, "\"id\":\"s\""), "%s", buf);
}

Test(cli, plugins_and_inspect_describe_what_is_installed)
{
    cr_assert_eq(tm("plugins " P), 0);
    cr_assert(strstr(out_text, TM_TEST_PLUGIN_DIR), "%s", out_text);
    cr_assert(strstr(out_text, "testgood"), "%s", out_text);
    cr_assert(strstr(out_text, "refused: built for plugin ABI 99.0"), "%s", out_text);
    cr_assert_eq(tm("inspect " P "testgood"), 0);
    cr_assert(strstr(out_text, "min_length (int, default 1, from 1 to 100)"), "%s", out_text);
    cr_assert(strstr(out_text, "one of: all capitalized"), "%s", out_text);
    cr_assert(strstr(out_text, "provides   words"), "%s", out_text);
    cr_assert_eq(tm("inspect " P "nosuch"), 3);
    cr_assert(strstr(err_text, "plugin 'nosuch' not found"));
}

Test(cli, raw_offsets_point_into_the_input_before_rewriting)
{
    put("p.json", "{\"stages\": [{\"plugin\": \"testrewrite\"}, {\"plugin\": \"testgood\","
                  " \"config\": {\"mode\": \"capitalized\"}}]}");
    put("a.txt", "Rex & Max");
    cr_assert_eq(tm("run " P "-q --raw-offsets p.json a.txt"), 0, "%s", err_text);
    cr_assert(strstr(out_text, "\"text\":\"Re and Ma\""), "%s", out_text);
    cr_assert(strstr(out_text, "\"start\":7,\"end\":9,\"text\":\"Ma\",\"label\":\"W\","
                               "\"score\":0.5,\"raw_start\":6,\"raw_end\":9"),
              "%s", out_text);
}

Test(cli, jobs_give_the_same_output_and_stats_name_every_stage)
{
    put("p.json", WORDS);
    FILE *f;
    char path[256];
    snprintf(path, sizeof path, "%s/in.jsonl", dir);
    f = fopen(path, "w");
    for (int i = 0; i < 300; i++)
        fprintf(f, "{\"id\":\"n%d\",\"text\":\"Item %d Of The List\"}\n", i, i);
    fclose(f);
    cr_assert_eq(tm("run " P "-q -j 1 -o one.jsonl p.json in.jsonl"), 0);
    cr_assert_eq(tm("run " P "-j 3 --stats -o three.jsonl p.json in.jsonl"), 0);
    cr_assert(strstr(err_text, "time per stage"), "%s", err_text);
    cr_assert(strstr(err_text, "  testgood "), "%s", err_text);
    static char a[1 << 16], b[1 << 16];
    snprintf(path, sizeof path, "%s/one.jsonl", dir);
    slurp(path, a, sizeof a);
    snprintf(path, sizeof path, "%s/three.jsonl", dir);
    slurp(path, b, sizeof b);
    cr_assert_gt(strlen(a), 1000);
    cr_assert_str_eq(a, b);
}

Test(cli, an_interrupted_run_resumes_without_losing_or_repeating_documents, .timeout = 60)
{
    put("p.json", "{\"stages\": [{\"plugin\": \"testgood\"}, {\"plugin\": \"testcrash\"}]}");
    char path[256];
    snprintf(path, sizeof path, "%s/in.jsonl", dir);
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 100; i++)
        fprintf(f, "{\"id\":\"s%d\",\"text\":\"SLOW Doc %d\"}\n", i, i);
    fclose(f);
    cr_assert_eq(tm("run " P "-q -j 2 -o full.jsonl p.json in.jsonl"), 0);

    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd %s && (%s run " P "-j 1 -o part.jsonl p.json in.jsonl 2>int.err & pid=$!; "
             "sleep 0.5; kill -INT $pid; wait $pid; echo $? > int.code)", dir, TM_CLI);
    cr_assert_eq(system(cmd), 0);
    char buf[4096];
    snprintf(path, sizeof path, "%s/int.code", dir);
    slurp(path, buf, sizeof buf);
    cr_assert_str_eq(buf, "5\n", "an interrupted run exits 5");
    snprintf(path, sizeof path, "%s/int.err", dir);
    slurp(path, buf, sizeof buf);
    cr_assert(strstr(buf, "Resume with the same command and --resume"), "%s", buf);
    snprintf(path, sizeof path, "%s/part.jsonl", dir);
    cr_assert_neq(access(path, F_OK), 0, "no complete-looking output yet");

    cr_assert_eq(tm("run " P "-j 2 --resume -o part.jsonl p.json in.jsonl"), 0, "%s", err_text);
    cr_assert(strstr(err_text, "skipped"), "%s", err_text);
    static char full[1 << 16], resumed[1 << 16];
    snprintf(path, sizeof path, "%s/full.jsonl", dir);
    slurp(path, full, sizeof full);
    snprintf(path, sizeof path, "%s/part.jsonl", dir);
    slurp(path, resumed, sizeof resumed);
    cr_assert_str_eq(resumed, full);
    cr_assert_eq(tm("run " P "--resume -o part.jsonl p.json in.jsonl"), 4, "nothing left to resume");
}

Test(cli, output_to_a_pipe_or_device_is_written_in_place)
{
    /* Regression: -o /dev/null once renamed a regular file over the device. */
    put("p.json", WORDS);
    put("a.txt", "Some Words Here");
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd %s && mkfifo fifo && (cat fifo > got &) && %s run -q " P "-o fifo p.json a.txt"
             " && sleep 0.2 && test -p fifo && grep -q Words got", dir, TM_CLI);
    cr_assert_eq(system(cmd), 0, "the FIFO stays a FIFO and receives the output");
}

Test(cli, span_and_depth_limits_fail_one_document_each)
{
    put("p.json", "{\"stages\": [{\"plugin\": \"testgood\"}]}");
    put("in.jsonl", "{\"id\":\"many\",\"text\":\"a b c d e f\"}\n"
                    "{\"id\":\"few\",\"text\":\"a b\"}\n"
                    "{\"id\":\"deep\",\"text\":\"x\",\"m\":[[[[[[1]]]]]]}\n");
    cr_assert_eq(tm("run " P "-q --max-spans 3 --max-json-depth 5 p.json in.jsonl"), 1);
    cr_assert(strstr(err_text, "document 'many': stage 'testgood': the document reached its "
                               "limit of 3 spans"), "%s", err_text);
    cr_assert(strstr(err_text, "levels deep"), "%s", err_text);
    cr_assert(strstr(out_text, "\"id\":\"few\""), "%s", out_text);
    cr_assert_eq(tm("run " P "--max-json-depth 0 p.json in.jsonl"), 2);
}

Test(cli, raw_ranges_leave_out_white_space_the_rewrite_deleted)
{
    /* The cleaner turns "Russia ." into "Russia.": the span "Russia" maps
     * back to "Russia", not to "Russia " (the space it deleted). */
    put("p.json", "{\"stages\": [{\"plugin\": \"cleaner\"}, {\"plugin\": \"testgood\","
                  " \"config\": {\"mode\": \"capitalized\"}}]}");
    put("a.txt", "Talks with Russia .\n");
    cr_assert_eq(tm("run " P "-q --raw-offsets p.json a.txt"), 0, "%s", err_text);
    cr_assert(strstr(out_text, "\"text\":\"Talks with Russia.\""), "%s", out_text);
    cr_assert(strstr(out_text, "\"text\":\"Russia\",\"label\":\"W\",\"score\":0.5,"
                               "\"raw_start\":11,\"raw_end\":17"), "%s", out_text);
}
