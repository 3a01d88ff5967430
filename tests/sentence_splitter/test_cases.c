/*
 * test_cases.c - runs the hard cases in cases/ (one file per family, one
 * test per file).
 *
 * Case file format (see cases/README.md):
 *
 *     # comment (outside a case's input)
 *     @config {"line_breaks": "boundary"}   config for the cases below it
 *     === a name for the case
 *     the input text, over as many lines as it needs
 *     ---
 *     the first expected sentence
 *     the second expected sentence
 *
 * Input lines are joined with "\n"; in input and expected lines "\n", "\t",
 * "\r" and "\\" are escapes. Blank lines among the expected sentences are
 * ignored. Every failing case is reported with its file, line and both
 * splits; the test fails if any case does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/logging.h>

#include "common.h"

#define MAX_CONFIGS 16

typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->data = realloc(b->data, b->cap);
        cr_assert(b->data != NULL);
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* Appends line with its escapes decoded. */
static void buf_add_unescaped(buf *b, const char *line)
{
    for (const char *p = line; *p; p++) {
        char c = *p;
        if (c == '\\' && p[1]) {
            p++;
            c = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p == 'r' ? '\r' : *p;
        }
        buf_add(b, &c, 1);
    }
}

typedef struct pipelines {
    char *config[MAX_CONFIGS];
    tm_pipeline *pipeline[MAX_CONFIGS];
    int count;
} pipelines;

static tm_pipeline *pipeline_for(pipelines *ps, const char *config)
{
    for (int i = 0; i < ps->count; i++)
        if (strcmp(ps->config[i], config) == 0)
            return ps->pipeline[i];
    cr_assert(ps->count < MAX_CONFIGS, "too many configs in one case file");
    tm_error err;
    tm_pipeline *p = ss_pipeline(config, NULL, &err);
    cr_assert(p != NULL, "config %s does not load: %s", config, err.message);
    ps->config[ps->count] = strdup(config);
    ps->pipeline[ps->count] = p;
    ps->count++;
    return p;
}

static void pipelines_free(pipelines *ps)
{
    for (int i = 0; i < ps->count; i++) {
        free(ps->config[i]);
        tm_pipeline_free(ps->pipeline[i]);
    }
}

/* Shows a sentence list on one line per sentence, for failure reports. */
static void show(buf *out, const char *title, char **s, size_t n)
{
    buf_add(out, title, strlen(title));
    for (size_t i = 0; i < n; i++) {
        buf_add(out, "\n      | ", 9);
        for (const char *p = s[i]; *p; p++) {
            if (*p == '\n')
                buf_add(out, "\\n", 2);
            else
                buf_add(out, p, 1);
        }
    }
}

typedef struct case_state {
    const char *file;
    int line;           /* of the "===" line */
    char name[200];
    buf input;
    int input_lines;
    char **expected;
    size_t n_expected, cap_expected;
} case_state;

/* Runs one parsed case; returns 1 when it fails (and logs why). */
static int run_case(pipelines *ps, const char *config, case_state *c)
{
    tm_error err;
    size_t n = 0;
    char **got = ss_split_text(pipeline_for(ps, config),
                               c->input.data ? c->input.data : "", &n, &err);
    if (!got) {
        cr_log_error("%s:%d: case '%s': processing failed: %s", c->file,
                     c->line, c->name, err.message);
        return 1;
    }
    int bad = n != c->n_expected;
    for (size_t i = 0; !bad && i < n; i++)
        bad = strcmp(got[i], c->expected[i]) != 0;
    if (bad) {
        buf msg = {0};
        char head[400];
        snprintf(head, sizeof(head), "%s:%d: case '%s' (config %s)", c->file,
                 c->line, c->name, config);
        buf_add(&msg, head, strlen(head));
        show(&msg, "\n   expected:", c->expected, c->n_expected);
        show(&msg, "\n   got:", got, n);
        cr_log_error("%s", msg.data);
        free(msg.data);
    }
    ss_free_sentences(got, n);
    return bad;
}

static void case_reset(case_state *c)
{
    for (size_t i = 0; i < c->n_expected; i++)
        free(c->expected[i]);
    c->n_expected = 0;
    c->input_lines = 0;
    c->input.len = 0;
    if (c->input.data)
        c->input.data[0] = '\0';
}

/* Runs every case of cases/NAME and fails if any of them fails. */
static void run_file(const char *name)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/cases/%s", TM_TEST_DIR, name);
    FILE *f = fopen(path, "r");
    cr_assert(f != NULL, "cannot open %s", path);

    pipelines ps = {0};
    char config[1024] = "{}";
    case_state c = {.file = name};
    enum { OUTSIDE, INPUT, EXPECTED } where = OUTSIDE;
    int cases = 0, failures = 0, lineno = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    bool more = true;
    while (more) {
        len = getline(&line, &cap, f);
        more = len >= 0;
        if (more) {
            lineno++;
            while (len > 0 && line[len - 1] == '\n')
                line[--len] = '\0';
        }
        bool new_case = more && strncmp(line, "===", 3) == 0;
        bool directive = more && where != INPUT &&
                         strncmp(line, "@config ", 8) == 0;
        if ((!more || new_case || directive) && where == EXPECTED) {
            cases++;
            failures += run_case(&ps, config, &c);
            case_reset(&c);
            where = OUTSIDE;
        }
        if (!more)
            break;
        if (new_case) {
            cr_assert(where == OUTSIDE, "%s:%d: '===' inside a case input",
                      name, lineno);
            const char *n = line + 3;
            while (*n == ' ')
                n++;
            snprintf(c.name, sizeof(c.name), "%s", n);
            c.line = lineno;
            where = INPUT;
            buf_add(&c.input, "", 0);
            continue;
        }
        if (directive) {
            snprintf(config, sizeof(config), "%s", line + 8);
            continue;
        }
        if (where == INPUT) {
            if (strcmp(line, "---") == 0) {
                where = EXPECTED;
                continue;
            }
            if (c.input_lines++ > 0)
                buf_add(&c.input, "\n", 1);
            buf_add_unescaped(&c.input, line);
            continue;
        }
        if (where == EXPECTED) {
            if (line[0] == '\0')
                continue;
            if (c.n_expected == c.cap_expected) {
                c.cap_expected = c.cap_expected ? c.cap_expected * 2 : 8;
                c.expected = realloc(c.expected,
                                     c.cap_expected * sizeof(*c.expected));
            }
            buf e = {0};
            buf_add_unescaped(&e, line);
            c.expected[c.n_expected++] = e.data ? e.data : strdup("");
            continue;
        }
        /* outside a case: comments and blank lines */
        cr_assert(line[0] == '\0' || line[0] == '#',
                  "%s:%d: unexpected line outside a case: %s", name, lineno,
                  line);
    }
    cr_assert(where == OUTSIDE, "%s: the last case has no '---' line", name);
    free(line);
    fclose(f);
    case_reset(&c);
    free(c.expected);
    free(c.input.data);
    pipelines_free(&ps);
    cr_log_info("%s: %d of %d cases pass", name, cases - failures, cases);
    cr_expect(cases > 0, "%s has no cases", name);
    cr_assert_eq(failures, 0, "%s: %d of %d cases fail (listed above)", name,
                 failures, cases);
}

Test(cases, basic) { run_file("basic.txt"); }
Test(cases, abbreviations) { run_file("abbreviations.txt"); }
Test(cases, initials) { run_file("initials.txt"); }
Test(cases, acronyms) { run_file("acronyms.txt"); }
Test(cases, numbers) { run_file("numbers.txt"); }
Test(cases, lists) { run_file("lists.txt"); }
Test(cases, quotes) { run_file("quotes.txt"); }
Test(cases, punctuation) { run_file("punctuation.txt"); }
Test(cases, ellipsis) { run_file("ellipsis.txt"); }
Test(cases, web) { run_file("web.txt"); }
Test(cases, lines) { run_file("lines.txt"); }
Test(cases, unicode) { run_file("unicode.txt"); }
Test(cases, mixed) { run_file("mixed.txt"); }
Test(cases, german) { run_file("de.txt"); }
Test(cases, french) { run_file("fr.txt"); }
Test(cases, spanish) { run_file("es.txt"); }
Test(cases, russian) { run_file("ru.txt"); }
