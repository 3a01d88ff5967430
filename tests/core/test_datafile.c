/* Reading plugins' data files: comments, trimming, line numbers, errors. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <textmill/textmill.h>

static char path[64];

static void write_file(const char *bytes, size_t len)
{
    strcpy(path, "/tmp/tm_datafile_XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, bytes, len), (ssize_t)len);
    close(fd);
}

typedef struct seen {
    char text[512];
    int fail_at; /* line number whose entry the callback refuses */
} seen;

static tm_status collect(void *ctx, char *line, size_t len, int line_no, tm_error *err)
{
    seen *s = ctx;
    cr_assert_eq(strlen(line), len, "entries are NUL-terminated at len");
    if (line_no == s->fail_at)
        return tm_error_set(err, TM_ERR_CONFIG, "bad entry '%s'", line);
    char item[80];
    snprintf(item, sizeof item, "%d:%s|", line_no, line);
    strcat(s->text, item);
    return TM_OK;
}

Test(datafile, entries_are_trimmed_and_comments_and_blank_lines_skipped)
{
    const char text[] = "# a list\n\nalpha\n  beta gamma \t\r\n\t# indented comment\n"
                        "delta\t# not a comment\r\n   \nlast";
    write_file(text, sizeof text - 1);
    seen s = {.fail_at = 0};
    tm_error err;
    cr_assert_eq(tm_data_file_foreach(path, collect, &s, &err), TM_OK, "%s", err.message);
    cr_assert_str_eq(s.text, "3:alpha|4:beta gamma|6:delta\t# not a comment|8:last|");
    unlink(path);
}

Test(datafile, read_then_walk_in_two_steps)
{
    /* What a stage does to count all its lists' lines before it parses
     * any: the same entries, the same errors as tm_data_file_foreach. */
    write_file("# list\nalpha\n\n beta \nga\xffmma\n", 27);
    tm_error err;
    size_t len;
    char *text = tm_data_file_read(path, &len, &err);
    cr_assert_not_null(text, "%s", err.message);
    cr_assert_eq(len, 27);
    cr_assert_eq(text[len], '\0');
    seen s = {.fail_at = 0};
    cr_assert_eq(tm_data_text_foreach(path, text, len, collect, &s, &err), TM_ERR_CONFIG);
    cr_assert_str_eq(s.text, "2:alpha|4:beta|");
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, 5);
    cr_assert_eq(err.column, 3);
    free(text);
    unlink(path);

    cr_assert_null(tm_data_file_read("/nonexistent/list.txt", &len, &err));
    cr_assert_eq(err.code, TM_ERR_IO);
    cr_assert_str_eq(err.file, "/nonexistent/list.txt");
}

Test(datafile, errors_say_which_file_and_line)
{
    tm_error err;
    seen s = {.fail_at = 0};
    /* Not UTF-8 on line 2, column 3. */
    write_file("ok\nab\xff\n", 7);
    cr_assert_eq(tm_data_file_foreach(path, collect, &s, &err), TM_ERR_CONFIG);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, 2);
    cr_assert_eq(err.column, 3);
    cr_assert(strstr(err.message, "UTF-8"), "%s", err.message);
    unlink(path);

    /* A NUL byte is not text. */
    write_file("a\0b\n", 4);
    cr_assert_eq(tm_data_file_foreach(path, collect, &s, &err), TM_ERR_CONFIG);
    cr_assert_eq(err.line, 1);
    cr_assert(strstr(err.message, "NUL"), "%s", err.message);
    unlink(path);

    /* The callback's own error gets the location. */
    memset(&s, 0, sizeof s);
    s.fail_at = 3;
    write_file("one\n#\nthree\nfour\n", 17);
    cr_assert_eq(tm_data_file_foreach(path, collect, &s, &err), TM_ERR_CONFIG);
    cr_assert_str_eq(s.text, "1:one|", "stops at the first error");
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, 3);
    cr_assert_str_eq(err.message, "bad entry 'three'");
    unlink(path);

    /* A missing file. */
    cr_assert_eq(tm_data_file_foreach("/nonexistent/list.txt", collect, &s, &err), TM_ERR_IO);
    cr_assert_str_eq(err.file, "/nonexistent/list.txt");
    cr_assert(strstr(err.message, "No such file"), "%s", err.message);
}
