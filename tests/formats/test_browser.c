/* test_browser.c - the HTML page as a browser sees it.
 *
 * Renders a small batch, loads it in headless Chromium and reads back what
 * the browser built: a copy of the page with a probe script appended (the
 * page itself has no script) writes its findings into the DOM, which
 * --dump-dom prints. A screenshot of the page itself is saved as a test
 * artifact in TM_BUILD_DIR/tests/formats/artifacts/formats.png.
 *
 * Skipped, with a message, when no Chromium is installed (CI installs
 * Debian's `chromium`). TM_CHROMIUM may name the browser to use. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"

#define ARTIFACTS TM_BUILD_DIR "/tests/formats/artifacts"

static const char *dir;

static void setup(void)
{
    dir = temp_dir();
}

static void teardown(void)
{
    remove_tree(dir);
}

TestSuite(browser, .init = setup, .fini = teardown, .timeout = 180);

/* The Chromium command, or NULL. */
static const char *find_chromium(void)
{
    static char found[256];
    const char *env = getenv("TM_CHROMIUM");
    if (env && env[0])
        return env;
    const char *names[] = {"chromium", "chromium-browser", "google-chrome"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", names[i]);
        if (system(cmd) == 0) {
            snprintf(found, sizeof found, "%s", names[i]);
            return found;
        }
    }
    return NULL;
}

/* Runs Chromium headless on page with a fresh profile; what is extra (e.g.
 * "--dump-dom") comes before the URL. stdout goes to out_path. */
static int chromium(const char *exe, const char *extra, const char *page, const char *out_path)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "timeout 120 %s --headless --no-sandbox --disable-gpu "
             "--disable-background-networking --disable-component-update --disable-sync "
             "--no-first-run --no-default-browser-check --user-data-dir=%s/profile "
             "--window-size=1200,1600 %s 'file://%s' >'%s' 2>'%s/chromium.log'",
             exe, dir, extra, page, out_path, dir);
    return system(cmd);
}

static void write_file(const char *path, const char *a, const char *b)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(a, f);
    if (b)
        fputs(b, f);
    cr_assert_eq(fclose(f), 0);
}

/* The text of <pre id="probe">...</pre> in the dumped DOM, unescaped. */
static json_t *probe_result(const char *dom)
{
    const char *p = strstr(dom, "<pre id=\"probe\">");
    cr_assert_not_null(p, "no probe result in the DOM:\n%.2000s", dom);
    p += strlen("<pre id=\"probe\">");
    const char *end = strstr(p, "</pre>");
    cr_assert_not_null(end);
    char *s = malloc((size_t)(end - p) + 1);
    size_t n = 0;
    while (p < end) {
        static const struct { const char *ent; char c; } ents[] = {
            {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&nbsp;", ' '}};
        size_t i = 0;
        for (; i < sizeof ents / sizeof *ents; i++)
            if (strncmp(p, ents[i].ent, strlen(ents[i].ent)) == 0)
                break;
        if (i < sizeof ents / sizeof *ents) {
            s[n++] = ents[i].c;
            p += strlen(ents[i].ent);
        } else {
            s[n++] = *p++;
        }
    }
    s[n] = '\0';
    json_error_t jerr;
    json_t *o = json_loads(s, 0, &jerr);
    cr_assert_not_null(o, "probe result is not JSON (%s): %s", jerr.text, s);
    free(s);
    return o;
}

static const char probe[] =
    "<script>\n"
    "(function () {\n"
    "  var q = function (s) { return document.querySelectorAll(s); };\n"
    "  var r = {};\n"
    "  r.sections = q('section.doc').length;\n"
    "  r.entities = q('.text mark.e:not(.cont)').length;\n"
    "  r.pieces = q('.text mark.e').length;\n"
    "  r.sentences = q('.text .s').length;\n"
    "  r.summary_marked = q('.text .m').length;\n"
    "  r.injected = q('.text b, .text i, .text img, h2 b, nav b').length;\n"
    "  r.text1 = document.querySelector('#d1 .text').textContent;\n"
    "  r.text3 = document.querySelector('#d3 .text').textContent;\n"
    "  r.id3 = document.querySelector('#d3 h2').textContent;\n"
    "  r.summary2 = document.querySelector('#d2 .summary').textContent;\n"
    "  var m = document.querySelector('#d1 .text mark.e');\n"
    "  r.title1 = m.title;\n"
    "  r.person_bg = getComputedStyle(m).backgroundColor;\n"
    "  r.index_links = q('#index a[href^=\"#d\"]').length;\n"
    "  r.index_above = document.getElementById('index').getBoundingClientRect().top <\n"
    "                  document.querySelector('main').getBoundingClientRect().top;\n"
    "  r.resources = performance.getEntriesByType('resource').length;\n"
    "  r.legend = document.querySelector('#index .legend').textContent;\n"
    "  var pre = document.createElement('pre');\n"
    "  pre.id = 'probe';\n"
    "  pre.textContent = JSON.stringify(r);\n"
    "  document.body.appendChild(pre);\n"
    "})();\n"
    "</script>\n";

Test(browser, batch_renders_in_chromium)
{
    const char *exe = find_chromium();
    if (!exe)
        cr_skip_test("Chromium is not installed (apt-get install chromium): the HTML page "
                     "was not checked in a browser");

    const char *t1 = "Ingrid Solberg opened the ferry terminal in Bergen. "
                     "Fjordline paid for the new quay.";
    tm_doc *docs[3];
    docs[0] = doc_make("harbour", t1);
    add_sentences(docs[0]);
    ent(docs[0], "Ingrid Solberg", 0, "PERSON", "given_name");
    ent(docs[0], "Bergen", 0, "GPE", "gazetteer");
    ent(docs[0], "Fjordline", 0, "ORG", "org_suffix");
    ent(docs[0], "ferry terminal in Bergen. Fjordline", 0, "FAC", "wide"); /* across */

    docs[1] = doc_make("council", "The council met in Molde. It voted for the new bridge.");
    add_sentences(docs[1]);
    ent(docs[1], "Molde", 0, "GPE", "gazetteer");
    add(docs[1], "summary", "It voted for the new bridge.", 0, NULL);
    json_object_set_new(tm_doc_meta(docs[1]), "summary",
                        json_string("It voted for the new bridge."));

    const char *t3 = "Write <b>bold</b> & <img src=x> as text, said Åse.";
    docs[2] = doc_make("<i>odd</i> & id", t3);
    ent(docs[2], "Åse", 0, "PERSON", "given_name");

    char *html = render(TM_OUTPUT_HTML, docs, 3);
    char page[256], probed[256], dom_path[256];
    snprintf(page, sizeof page, "%s/page.html", dir);
    snprintf(probed, sizeof probed, "%s/probed.html", dir);
    snprintf(dom_path, sizeof dom_path, "%s/dom.html", dir);
    write_file(page, html, NULL);
    write_file(probed, html, probe);

    cr_assert_eq(chromium(exe, "--dump-dom", probed, dom_path), 0,
                 "chromium failed: see its log in %s", dir);
    char *dom = slurp(dom_path);
    json_t *r = probe_result(dom);
#define NUM(key) json_integer_value(json_object_get(r, key))
#define STR(key) json_string_value(json_object_get(r, key))
    cr_assert_eq(NUM("sections"), 3);
    /* The FAC entity spans two sentences and ends inside ORG's span: it is
     * drawn (it starts first), ORG is only named in its tooltip. */
    cr_assert_eq(NUM("entities"), 4, "%s", dom);
    cr_assert_eq(NUM("pieces"), 6);
    cr_assert_eq(NUM("sentences"), 4);
    cr_assert_eq(NUM("summary_marked"), 1);
    cr_assert_eq(NUM("injected"), 0);
    cr_assert_str_eq(STR("text1"), t1);
    cr_assert_str_eq(STR("text3"), t3);
    cr_assert(strstr(STR("id3"), "<i>odd</i> & id"), "%s", STR("id3"));
    cr_assert(strstr(STR("summary2"), "It voted for the new bridge."));
    cr_assert_str_eq(STR("title1"), "PERSON (rule: given_name)");
    cr_assert_str_eq(STR("person_bg"), "rgb(255, 214, 165)");
    cr_assert_eq(NUM("index_links"), 3);
    cr_assert(json_is_true(json_object_get(r, "index_above")), "the index is not on top");
    cr_assert_eq(NUM("resources"), 0, "the page loaded resources");
    cr_assert(strstr(STR("legend"), "PERSON2"), "%s", STR("legend"));
    json_decref(r);
    free(dom);

    /* The artifact: a screenshot of the page as it is. */
    mkdir(TM_BUILD_DIR "/tests", 0777);
    mkdir(TM_BUILD_DIR "/tests/formats", 0777);
    mkdir(ARTIFACTS, 0777);
    char shot[512], out[256];
    snprintf(shot, sizeof shot, "--screenshot=%s/formats.png", ARTIFACTS);
    snprintf(out, sizeof out, "%s/shot.out", dir);
    remove(ARTIFACTS "/formats.png");
    cr_assert_eq(chromium(exe, shot, page, out), 0);
    FILE *png = fopen(ARTIFACTS "/formats.png", "rb");
    cr_assert_not_null(png, "no screenshot in " ARTIFACTS);
    unsigned char sig[8] = {0};
    cr_assert_eq(fread(sig, 1, 8, png), 8);
    fclose(png);
    cr_assert(memcmp(sig, "\x89PNG\r\n\x1a\n", 8) == 0, "the screenshot is not a PNG");
    /* Keep the page beside it, to look at when the test fails. */
    write_file(ARTIFACTS "/formats.html", html, NULL);

    free(html);
    for (int i = 0; i < 3; i++)
        tm_doc_free(docs[i]);
}
