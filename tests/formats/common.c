/* common.c - helpers of the output format tests (see common.h). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static void fail_with(const char *what, const tm_error *err)
{
    char buf[1024];
    cr_assert_fail("%s: %s", what, tm_error_format(err, buf, sizeof buf));
}

tm_doc *doc_make(const char *id, const char *text)
{
    tm_error err;
    tm_error_clear(&err);
    tm_doc *doc = tm_doc_new(id, text, strlen(text), &err);
    if (!doc)
        fail_with("tm_doc_new", &err);
    return doc;
}

size_t at(const tm_doc *doc, const char *needle, int nth)
{
    const char *text = tm_doc_text(doc, NULL);
    const char *p = strstr(text, needle);
    for (int i = 0; p && i < nth; i++)
        p = strstr(p + 1, needle);
    cr_assert_not_null(p, "fixture: \"%s\" (#%d) not in the text", needle, nth);
    return (size_t)(p - text);
}

tm_span *add_at(tm_doc *doc, const char *layer, size_t start, size_t end, const char *label)
{
    tm_error err;
    tm_error_clear(&err);
    tm_layer *l = tm_doc_add_layer(doc, layer);
    cr_assert_not_null(l);
    tm_span *s = tm_layer_add(l, start, end, label, &err);
    if (!s)
        fail_with("tm_layer_add", &err);
    return s;
}

tm_span *add(tm_doc *doc, const char *layer, const char *needle, int nth, const char *label)
{
    size_t start = at(doc, needle, nth);
    return add_at(doc, layer, start, start + strlen(needle), label);
}

tm_span *ent(tm_doc *doc, const char *needle, int nth, const char *label, const char *rule)
{
    tm_span *s = add(doc, "entities", needle, nth, label);
    s->attrs = json_pack("{s:s}", "rule", rule);
    return s;
}

void add_sentences(tm_doc *doc)
{
    size_t len;
    const char *text = tm_doc_text(doc, &len);
    size_t start = 0;
    for (size_t i = 0; i + 1 < len; i++)
        if (text[i] == '.' && text[i + 1] == ' ') {
            add_at(doc, "sentences", start, i + 1, NULL);
            start = i + 2;
        }
    if (start < len)
        add_at(doc, "sentences", start, len, NULL);
}

char *render(tm_output_format format, tm_doc **docs, size_t n)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    cr_assert_not_null(f);
    tm_error err;
    tm_error_clear(&err);
    tm_writer *w = tm_writer_new(f, NULL, format, 0, &err);
    if (!w)
        fail_with("tm_writer_new", &err);
    for (size_t i = 0; i < n; i++)
        if (tm_writer_write(w, docs[i], &err) != TM_OK)
            fail_with("tm_writer_write", &err);
    if (tm_writer_finish(w, &err) != TM_OK)
        fail_with("tm_writer_finish", &err);
    tm_writer_free(w);
    cr_assert_eq(fclose(f), 0);
    return buf;
}

void render_brat(const char *dir, tm_doc **docs, size_t n)
{
    tm_error err;
    tm_error_clear(&err);
    tm_writer *w = tm_writer_new(stdout, dir, TM_OUTPUT_BRAT, 0, &err);
    if (!w)
        fail_with("tm_writer_new", &err);
    for (size_t i = 0; i < n; i++)
        if (tm_writer_write(w, docs[i], &err) != TM_OK)
            fail_with("tm_writer_write", &err);
    if (tm_writer_finish(w, &err) != TM_OK)
        fail_with("tm_writer_finish", &err);
    tm_writer_free(w);
}

size_t count(const char *s, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (const char *p = strstr(s, needle); p; p = strstr(p + k, needle))
        n++;
    return n;
}

char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b)
                free(buf);
            buf = b;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

const char *temp_dir(void)
{
    static char dir[64];
    strcpy(dir, "/tmp/tm_formats_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    return dir;
}

void remove_tree(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

static int is_void(const char *name, size_t n)
{
    static const char *const voids[] = {"meta", "br", "hr", "img", "input", "link", "wbr",
                                        NULL};
    for (int i = 0; voids[i]; i++)
        if (strlen(voids[i]) == n && strncmp(voids[i], name, n) == 0)
            return 1;
    return 0;
}

void assert_balanced_html(const char *html)
{
    const char *stack[4096];
    size_t len[4096], depth = 0;
    const char *p = html;
    while ((p = strchr(p, '<'))) {
        if (p[1] == '!') { /* doctype */
            p = strchr(p, '>');
            cr_assert_not_null(p);
            continue;
        }
        int closing = p[1] == '/';
        const char *name = p + 1 + closing;
        size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
        cr_assert_gt(n, 0, "a '<' not starting a tag at: %.40s", p);
        const char *end = strchr(name, '>');
        cr_assert_not_null(end);
        /* An attribute value may not hold a raw '<' (we escape them). */
        const char *lt = strchr(name, '<');
        cr_assert(!lt || lt > end, "a '<' inside a tag at: %.60s", p);
        if (closing) {
            cr_assert_gt(depth, 0, "</%.*s> closes nothing", (int)n, name);
            depth--;
            cr_assert(len[depth] == n && strncmp(stack[depth], name, n) == 0,
                      "</%.*s> closes <%.*s>", (int)n, name, (int)len[depth], stack[depth]);
        } else if (!is_void(name, n)) {
            cr_assert_lt(depth, 4096);
            stack[depth] = name;
            len[depth++] = n;
        }
        p = end + 1;
        if (!closing && n == 5 && strncmp(name, "style", 5) == 0)
            p = strstr(p, "</style>"); /* CSS is raw text, not tags */
        cr_assert_not_null(p);
    }
    cr_assert_eq(depth, 0, "%zu elements left open, the last <%.*s>", depth,
                 depth ? (int)len[depth - 1] : 0, depth ? stack[depth - 1] : "");
}

char *page_text(const char *html)
{
    const char *p = strstr(html, "<div class=\"text\">");
    cr_assert_not_null(p);
    /* The text div ends at the first "</div>" that closes it: chunks are
     * the only divs inside, each closed before the next opens. */
    const char *end = strstr(p, "</div></div>");
    cr_assert_not_null(end);
    char *out = malloc((size_t)(end - p) + 1);
    size_t n = 0;
    static const struct { const char *ref; char c; } refs[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
    while (p < end) {
        if (*p == '<') {
            p = strchr(p, '>') + 1;
            continue;
        }
        size_t i = 0;
        if (*p == '&')
            for (; i < sizeof refs / sizeof *refs; i++)
                if (strncmp(p, refs[i].ref, strlen(refs[i].ref)) == 0)
                    break;
        if (*p == '&' && i < sizeof refs / sizeof *refs) {
            out[n++] = refs[i].c;
            p += strlen(refs[i].ref);
        } else {
            out[n++] = *p++;
        }
    }
    out[n] = '\0';
    return out;
}
