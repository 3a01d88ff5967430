/* helpers.c - see hostile.h. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hostile.h"

char hostile_dir[HOSTILE_DIR_SIZE];
char *out_text, *err_text;

/* Exit code scripts/valgrind.sh gives valgrind for a memory error, chosen
 * apart from textmill's own codes (0-5). */
#define WRAPPER_ERROR_EXIT 99

static tm_registry *reg;
static tm_pipeline *pipe_all;

void hostile_setup(void)
{
    strcpy(hostile_dir, "/tmp/tm_hostile_XXXXXX");
    cr_assert_not_null(mkdtemp(hostile_dir));
}

void hostile_teardown(void)
{
    tm_pipeline_free(pipe_all);
    tm_registry_free(reg);
    pipe_all = NULL;
    reg = NULL;
    free(out_text);
    free(err_text);
    out_text = err_text = NULL;
    char cmd[2 * sizeof hostile_dir + 64];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s'; rm -rf '%s'", hostile_dir, hostile_dir);
    cr_assert_eq(system(cmd), 0);
}

const char *scratch(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", hostile_dir, name);
    return path;
}

void put_bytes(const char *name, const void *bytes, size_t len)
{
    FILE *f = fopen(scratch(name), "wb");
    cr_assert_not_null(f, "cannot write %s", name);
    cr_assert_eq(fwrite(bytes, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
}

void put_text(const char *name, const char *text) { put_bytes(name, text, strlen(text)); }

char *slurp(const char *name, size_t *len)
{
    const char *path = name[0] == '/' ? name : scratch(name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                buf = NULL;
            }
            buf = b;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

void random_bytes(unsigned char *buf, size_t n, unsigned seed)
{
    /* xorshift32: good enough to look like binary junk, same every run. */
    uint32_t x = seed ? seed : 2463534242u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (unsigned char)(x >> 24);
    }
}

/* ---- the stages ---- */

static const char *const shipped[] = {"cleaner", "sentence_splitter", "entity_tagger",
                                      "summarizer", NULL};

static void ensure_registry(void)
{
    if (reg)
        return;
    tm_error err;
    reg = tm_registry_new(&err);
    cr_assert_not_null(reg, "%s", err.message);
    cr_assert_eq(tm_registry_add_path(reg, TM_TEST_PLUGIN_DIR, &err), TM_OK);
}

static bool in_list(const char *const *names, const char *const *have, size_t n)
{
    for (; names && *names; names++) {
        bool found = false;
        for (size_t i = 0; i < n && !found; i++)
            found = strcmp(have[i], *names) == 0;
        if (!found)
            return false;
    }
    return true;
}

static int stage_count;

/* The shipped stages present, then testgood when with_testgood (or when no
 * shipped stage is there, with a config that adds no span). */
static const char *build_pipeline(bool with_testgood)
{
    static char json[1024];
    const char *provided[32];
    size_t nprov = 0;
    ensure_registry();
    strcpy(json, "{\"name\": \"hostile\", \"stages\": [");
    stage_count = 0;
    for (size_t i = 0; shipped[i]; i++) {
        char file[1024];
        snprintf(file, sizeof file, "%s/plugins/%s.so", TM_BUILD_DIR, shipped[i]);
        if (access(file, F_OK) != 0)
            continue;
        tm_error err;
        const tm_plugin_info *info = tm_registry_find(reg, shipped[i], &err);
        cr_assert_not_null(info, "the %s stage is built but does not load: %s", shipped[i],
                           err.message);
        if (!in_list(info->plugin->requires_layers, provided, nprov))
            continue;
        for (const char *const *p = info->plugin->provides; p && *p && nprov < 32; p++)
            provided[nprov++] = *p;
        snprintf(json + strlen(json), sizeof json - strlen(json), "{\"plugin\": \"%s\"}, ",
                 shipped[i]);
        stage_count++;
    }
    if (with_testgood)
        strcat(json, "{\"plugin\": \"testgood\"}]}");
    else if (stage_count)
        strcpy(json + strlen(json) - 2, "]}");
    else
        strcat(json, "{\"plugin\": \"testgood\", \"config\": {\"min_length\": 100}}]}");
    return json;
}

const char *all_stages_pipeline(void) { return build_pipeline(true); }
const char *shipped_pipeline(void) { return build_pipeline(false); }

int shipped_stage_count(void)
{
    all_stages_pipeline();
    return stage_count;
}

tm_pipeline *stages(void)
{
    if (pipe_all)
        return pipe_all;
    const char *json = all_stages_pipeline();
    tm_error err;
    pipe_all = tm_pipeline_load_string(reg, json, "<hostile>", NULL, &err);
    cr_assert_not_null(pipe_all, "%s: %s", json, err.message);
    return pipe_all;
}

tm_status process_text(const char *text, size_t len, tm_error *err)
{
    tm_doc *doc = tm_doc_new("hostile", text, len, err);
    cr_assert_not_null(doc, "%s", err->message);
    tm_status rc = tm_pipeline_process(stages(), doc, err);
    if (rc == TM_OK)
        check_doc(doc, len < (1u << 22));
    tm_doc_free(doc);
    return rc;
}

void check_doc(const tm_doc *doc, bool round_trip)
{
    size_t len;
    const char *text = tm_doc_text(doc, &len);
    cr_assert_eq(strlen(text), len, "the text has no NUL byte");
    cr_assert_eq(tm_utf8_validate(text, len), len, "the text is valid UTF-8");
    for (size_t l = 0; l < tm_doc_layer_count(doc); l++) {
        const tm_layer *layer = tm_doc_layer_at(doc, l);
        for (size_t i = 0; i < tm_layer_size(layer); i++) {
            const tm_span *s = tm_layer_span(layer, i);
            cr_assert(s->start <= s->end && s->end <= len,
                      "layer %s span %zu [%zu, %zu) lies in the text of %zu bytes",
                      tm_layer_name(layer), i, s->start, s->end, len);
            cr_assert(tm_utf8_is_lead((unsigned char)text[s->start]) &&
                          tm_utf8_is_lead((unsigned char)text[s->end]),
                      "layer %s span %zu [%zu, %zu) is on character boundaries",
                      tm_layer_name(layer), i, s->start, s->end);
        }
    }
    if (!round_trip)
        return;
    tm_error err;
    size_t n;
    char *first = tm_doc_dumps(doc, 0, &n, &err);
    cr_assert_not_null(first, "%s", err.message);
    json_error_t jerr;
    json_t *obj = json_loadb(first, n, 0, &jerr);
    cr_assert_not_null(obj, "the JSON form parses: %s", jerr.text);
    tm_doc *back = tm_doc_from_json(obj, NULL, &err);
    json_decref(obj);
    cr_assert_not_null(back, "the JSON form reads back: %s", err.message);
    char *second = tm_doc_dumps(back, 0, NULL, &err);
    cr_assert_not_null(second);
    cr_assert_str_eq(second, first, "the JSON form reads back to the same document");
    free(first);
    free(second);
    tm_doc_free(back);
}

/* ---- the command ---- */

bool under_wrapper(void)
{
    const char *w = getenv("TEXTMILL_TEST_WRAPPER");
    return w && *w;
}

int tm_cli(const char *fmt, ...)
{
    char args[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    const char *wrapper = under_wrapper() ? getenv("TEXTMILL_TEST_WRAPPER") : "";
    /* The test plugins' folder goes right after the subcommand. */
    int sublen = (int)strcspn(args, " ");
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "cd %s && %s %s %.*s -P %s%s >.out 2>.err%s", hostile_dir,
             wrapper, TM_CLI, sublen, args, TM_TEST_PLUGIN_DIR, args + sublen,
             strchr(args, '<') ? "" : " </dev/null");
    int status = system(cmd);
    free(out_text);
    free(err_text);
    out_text = slurp(".out", NULL);
    err_text = slurp(".err", NULL);
    cr_assert_not_null(out_text);
    cr_assert_not_null(err_text);
    cr_assert(WIFEXITED(status), "textmill %s did not exit normally", args);
    int code = WEXITSTATUS(status);
    cr_assert_neq(code, WRAPPER_ERROR_EXIT, "memory errors under %s running textmill %s:\n%s",
                  wrapper, args, err_text);
    return code;
}

size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}
