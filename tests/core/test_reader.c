/* Reading inputs: files, folders, JSON Lines, bad items, limits. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <textmill/textmill.h>

static char dir[64];

static void make_dir(void)
{
    strcpy(dir, "/tmp/tm_reader_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(reader, .init = make_dir, .fini = remove_dir);

static void put(const char *name, const char *bytes, size_t len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    mkdir(path, 0700);
    *slash = '/';
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fwrite(bytes, 1, len, f);
    fclose(f);
}

static tm_reader *open_one(const char *name, const tm_reader_options *opts)
{
    char path[256];
    snprintf(path, sizeof path, "%s%s%s", dir, *name ? "/" : "", name);
    const char *inputs[] = {path};
    tm_error err;
    tm_reader *r = tm_reader_new(inputs, 1, opts, &err);
    cr_assert_not_null(r);
    return r;
}

Test(reader, folders_are_read_recursively_in_name_order)
{
    put("b.txt", "bee", 3);
    put("a/z.txt", "zed", 3);
    put("a/c.txt", "sea", 3);
    put(".hidden", "no", 2);
    tm_reader *r = open_one("", NULL);
    const char *want[] = {"/a/c.txt", "/a/z.txt", "/b.txt"};
    tm_doc *d;
    tm_error err;
    for (size_t i = 0; i < 3; i++) {
        cr_assert_eq(tm_reader_next(r, &d, &err), TM_READ_DOC);
        cr_assert(strstr(tm_doc_id(d), want[i]), "got %s", tm_doc_id(d));
        tm_doc_free(d);
    }
    cr_assert_eq(tm_reader_next(r, &d, &err), TM_READ_END);
    tm_reader_free(r);
}

Test(reader, json_lines_report_each_bad_line_and_go_on)
{
    const char *lines =
        "{\"id\": \"one\", \"text\": \"first\"}\n"
        "\n"
        "[1, 2]\n"
        "{\"id\": \"broken\", \"text\": \n"
        "{\"text\": \"no id\"}\n"
        "{\"id\": \"last\", \"text\": \"cut";
    put("in.jsonl", lines, strlen(lines));
    tm_reader *r = open_one("in.jsonl", NULL);
    tm_doc *d;
    tm_error err;
    size_t raw_len;

    cr_assert_eq(tm_reader_next(r, &d, &err), TM_READ_DOC);
    cr_assert_str_eq(tm_doc_id(d), "one");
    tm_doc_free(d);

    cr_assert_eq(tm_reader_next(r, &d, &err), TM_READ_BAD);
    cr_assert_eq(err.line, 3, "blank lines count as lines");
    cr_assert(strstr(err.message, "must be a JSON object"));
    cr_assert_str_eq(tm_reader_last_raw(r, &raw_len), "[1, 2]");

    cr_assert_eq(tm_reader_next(r, &d, &err), TM_READ_BAD);
    cr_assert_eq(err.line, 4);
    cr_assert_eq(err.code, TM_ERR_SYNTAX);

    cr_assert_eq(tm_reader_next(r, &d, &err), TM_READ_DOC);
    cr_assert(strstr(tm_doc_id(d), "in.jsonl:5"), "missing ids are file:line, got %s",
              tm_doc_id(d));
    tm_doc_free(d);

    cr_assert_eq(tm_reader_next(r, &d, &err), TM_READ_BAD);
    cr_assert(strstr(err.message, "cut short"), "%s", err.message);
    cr_assert_eq(tm_reader_next(r, &d, &err), TM_READ_END);
    tm_reader_free(r);
}

Test(reader, invalid_utf8_follows_the_policy)
{
    put("bad.txt", "caf\xe9 ok", 7);
    tm_doc *d;
    tm_error err;
    tm_reader *r = open_one("bad.txt", NULL);
    cr_assert_eq(tm_reader_next(r, &d, &err), TM_READ_BAD);
    cr_assert_eq(err.code, TM_ERR_UTF8);
    cr_assert(strstr(err.message, "byte offset 3"));
    tm_reader_free(r);

    tm_reader_options opts = {.utf8 = TM_UTF8_CP1252};
    r = open_one("bad.txt", &opts);
    cr_assert_eq(tm_reader_next(r, &d, &err), TM_READ_DOC);
    cr_assert_str_eq(tm_doc_text(d, NULL), "café ok");
    tm_doc_free(d);
    tm_reader_free(r);

    const char *line = "{\"id\":\"x\",\"text\":\"caf\xe9\"}\n";
    put("bad.jsonl", line, strlen(line));
    opts.utf8 = TM_UTF8_REPLACE;
    r = open_one("bad.jsonl", &opts);
    cr_assert_eq(tm_reader_next(r, &d, &err), TM_READ_DOC, "%s", err.message);
    cr_assert_str_eq(tm_doc_text(d, NULL), "caf\xef\xbf\xbd");
    tm_doc_free(d);
    tm_reader_free(r);
}

Test(reader, documents_over_the_size_limit_are_errors_not_crashes)
{
    char big[5000];
    memset(big, 'a', sizeof big);
    put("big.txt", big, sizeof big);
    char line[6000];
    snprintf(line, sizeof line, "{\"id\":\"big\",\"text\":\"%.*s\"}\n{\"id\":\"small\",\"text\":\"ok\"}\n",
             4500, big);
    put("big.jsonl", line, strlen(line));
    tm_reader_options opts = {.max_doc_bytes = 1000};
    tm_doc *d;
    tm_error err;
    tm_reader *r = open_one("big.txt", &opts);
    cr_assert_eq(tm_reader_next(r, &d, &err), TM_READ_BAD);
    cr_assert_eq(err.code, TM_ERR_LIMIT);
    tm_reader_free(r);
    r = open_one("big.jsonl", &opts);
    cr_assert_eq(tm_reader_next(r, &d, &err), TM_READ_BAD);
    cr_assert_eq(err.code, TM_ERR_LIMIT);
    cr_assert_eq(tm_reader_next(r, &d, &err), TM_READ_DOC, "the next line is still read");
    cr_assert_str_eq(tm_doc_id(d), "small");
    tm_doc_free(d);
    tm_reader_free(r);
}

Test(reader, missing_inputs_are_bad_items_and_empty_files_are_empty_documents)
{
    put("empty.txt", "", 0);
    char a[256], b[256];
    snprintf(a, sizeof a, "%s/missing.txt", dir);
    snprintf(b, sizeof b, "%s/empty.txt", dir);
    const char *inputs[] = {a, b};
    tm_error err;
    tm_reader *r = tm_reader_new(inputs, 2, NULL, &err);
    tm_doc *d;
    cr_assert_eq(tm_reader_next(r, &d, &err), TM_READ_BAD);
    cr_assert_eq(err.code, TM_ERR_IO);
    cr_assert_str_eq(err.doc_id, a);
    cr_assert_eq(tm_reader_next(r, &d, &err), TM_READ_DOC);
    cr_assert_str_eq(tm_doc_text(d, NULL), "");
    tm_doc_free(d);
    tm_reader_free(r);
}
