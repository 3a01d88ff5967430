/* test_html.c - `--format html`: the page a user opens in a browser. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

/* Two sentences, three entities (one of them over a non-ASCII name). */
static tm_doc *harbour_doc(void)
{
    tm_doc *doc = doc_make("harbour-1", "Ingrid Solberg opened the new ferry terminal in "
                                        "Bergen. The mayor thanked Fjordline for the loan.");
    add_sentences(doc);
    ent(doc, "Ingrid Solberg", 0, "PERSON", "given_name");
    ent(doc, "Bergen", 0, "GPE", "gazetteer");
    ent(doc, "Fjordline", 0, "ORG", "org_suffix");
    return doc;
}

Test(html, page_is_self_contained)
{
    tm_doc *doc = harbour_doc();
    char *html = render(TM_OUTPUT_HTML, &doc, 1);
    cr_assert(strncmp(html, "<!DOCTYPE html>\n", 16) == 0);
    cr_assert(strstr(html, "<meta charset=\"utf-8\">"));
    size_t len = strlen(html);
    cr_assert(len > 8 && strcmp(html + len - 8, "</html>\n") == 0);
    /* Nothing that would make the browser fetch anything, and no script. */
    const char *banned[] = {"src=", "<link", "url(", "@import", "http:", "https:", "<script",
                            "<iframe", "<object"};
    for (size_t i = 0; i < sizeof banned / sizeof *banned; i++)
        cr_assert_null(strstr(html, banned[i]), "the page has %s", banned[i]);
    assert_balanced_html(html);
    free(html);
    tm_doc_free(doc);
}

Test(html, entities_are_marked_with_label_colour_and_rule)
{
    tm_doc *doc = harbour_doc();
    char *html = render(TM_OUTPUT_HTML, &doc, 1);
    /* 3 in the text, 3 in the document's legend, 3 in the batch's. */
    cr_assert_eq(count(html, "<mark class=\"e c"), 3 + 3 + 3, "%s", html);
    cr_assert(strstr(html, "<mark class=\"e c0\" title=\"PERSON (rule: given_name)\">"
                           "Ingrid Solberg</mark>"), "%s", html);
    cr_assert(strstr(html, "<mark class=\"e c2\" title=\"GPE (rule: gazetteer)\">Bergen</mark>"));
    cr_assert(strstr(html, "<mark class=\"e c1\" title=\"ORG (rule: org_suffix)\">"
                           "Fjordline</mark>"));
    /* Each colour class has its CSS rule in the head. */
    cr_assert(strstr(html, ".c0{background:#"));
    /* The legend of the document names each label with its count. */
    cr_assert(strstr(html, "<span><mark class=\"e c0\">PERSON</mark>1</span>"), "%s", html);
    free(html);
    tm_doc_free(doc);
}

Test(html, sentences_are_visible_elements)
{
    tm_doc *doc = harbour_doc();
    char *html = render(TM_OUTPUT_HTML, &doc, 1);
    cr_assert_eq(count(html, "<span class=\"s\""), 2);
    cr_assert(strstr(html, "<div class=\"text\"><div class=\"chunk\"><span class=\"s\" "
                           "data-n=\"1\"><mark"), "%s", html);
    cr_assert(strstr(html, "Bergen</mark>.</span> <span class=\"s\" data-n=\"2\">The mayor"),
              "%s", html);
    /* The numbers are drawn by CSS from the attribute. */
    cr_assert(strstr(html, ".s::before{content:attr(data-n);"));
    cr_assert(strstr(html, "2 sentences \u00b7 3 entities"));
    free(html);
    tm_doc_free(doc);
}

Test(html, everything_from_the_document_is_escaped)
{
    tm_doc *doc = doc_make("<b id=\"x\">&'",
                           "Type <script>alert(1)</script> & \"quotes\" into Oslo.");
    tm_span *s = ent(doc, "Oslo", 0, "GPE\"><i>", "\"><img src=x onerror=alert(2)>");
    s->score = 0.5;
    s->has_score = true;
    json_object_set_new(tm_doc_meta(doc), "source<", json_string("</td><u>"));
    add(doc, "notes<x>", "alert", 0, "<em>");
    char *html = render(TM_OUTPUT_HTML, &doc, 1);
    const char *banned[] = {"<script", "<img", "<i>", "<b ", "<u>", "<em>", "<x>"};
    for (size_t i = 0; i < sizeof banned / sizeof *banned; i++)
        cr_assert_null(strstr(html, banned[i]), "unescaped %s in\n%s", banned[i], html);
    cr_assert(strstr(html, "&lt;b id=&quot;x&quot;&gt;&amp;&#39;"));
    cr_assert(strstr(html, "Type &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"));
    cr_assert(strstr(html, "title=\"GPE&quot;&gt;&lt;i&gt; (rule: &quot;&gt;&lt;img src=x "
                           "onerror=alert(2)&gt;, score: 0.5)\""), "%s", html);
    cr_assert(strstr(html, "&lt;/td&gt;&lt;u&gt;"));
    cr_assert(strstr(html, "notes&lt;x&gt;"));
    assert_balanced_html(html);
    free(html);
    tm_doc_free(doc);
}

Test(html, control_characters_are_shown_not_emitted)
{
    tm_doc *doc = doc_make("ctl", "bell\x07 and escape\x1b end");
    char *html = render(TM_OUTPUT_HTML, &doc, 1);
    cr_assert(strstr(html, "bell\u2407 and escape\u241b end"));
    for (const char *p = html; *p; p++)
        cr_assert(*p == '\n' || (unsigned char)*p >= 0x20, "control byte %d", *p);
    free(html);
    tm_doc_free(doc);
}

/* An entity across a sentence boundary is split into two marks: the second
 * one has class "cont", so counting marks without it counts entities. */
Test(html, entity_across_sentences_is_split_and_nests)
{
    tm_doc *doc = doc_make("split", "We met at St. Olav Church. It was cold.");
    add_at(doc, "sentences", 0, at(doc, "St.", 0) + 3, NULL);
    add_at(doc, "sentences", at(doc, "Olav", 0), at(doc, "It", 0) - 1, NULL);
    add_at(doc, "sentences", at(doc, "It", 0), strlen("We met at St. Olav Church. It was cold."),
           NULL);
    ent(doc, "St. Olav Church", 0, "FAC", "building");
    char *html = render(TM_OUTPUT_HTML, &doc, 1);
    assert_balanced_html(html);
    cr_assert(strstr(html, "<mark class=\"e c5\" title=\"FAC (rule: building)\">St.</mark>"
                           "</span>"), "%s", html);
    /* The space between the sentences is in the entity, not in a sentence. */
    cr_assert(strstr(html, "</span><mark class=\"e c5 cont\" title=\"FAC (rule: building)\"> "
                           "</mark><span class=\"s\" data-n=\"2\"><mark class=\"e c5 cont\" title=\"FAC "
                           "(rule: building)\">Olav Church</mark>.</span>"), "%s", html);
    free(html);
    tm_doc_free(doc);
}

/* Nested and overlapping entities: the outermost is drawn, the others are
 * named in its tooltip; the markup still nests. */
Test(html, nested_and_overlapping_entities)
{
    tm_doc *doc = doc_make("nest", "The University of Tromso Museum opened on Monday morning.");
    ent(doc, "Tromso", 0, "GPE", "gazetteer");
    ent(doc, "University of Tromso Museum", 0, "ORG", "org_phrase");
    ent(doc, "University of Tromso", 0, "ORG", "org_phrase");
    ent(doc, "Museum opened", 0, "EVENT", "opening");
    ent(doc, "Monday", 0, "DATE", "weekday");
    char *html = render(TM_OUTPUT_HTML, &doc, 1);
    assert_balanced_html(html);
    /* 2 drawn: the museum and Monday; the other 3 are inside or across. */
    cr_assert_eq(count(html, "<mark class=\"e c") - count(html, "<span><mark"), 2, "%s", html);
    cr_assert(strstr(html, "title=\"ORG (rule: org_phrase)&#10;\u2283 ORG (rule: org_phrase) "
                           "\u201cUniversity of Tromso\u201d&#10;\u2283 GPE (rule: gazetteer) "
                           "\u201cTromso\u201d&#10;\u2283 EVENT (rule: opening) \u201cMuseum "
                           "opened\u201d\">University of Tromso Museum</mark> opened on "
                           "<mark class=\"e c8\" title=\"DATE (rule: weekday)\">Monday</mark>"),
              "%s", html);
    cr_assert(strstr(html, "3 entities nested in or overlapping another are named in the "
                           "tooltip of the outer one."));
    /* The legend still counts every entity. */
    cr_assert(strstr(html, "<span><mark class=\"e c1\">ORG</mark>2</span>"), "%s", html);
    free(html);
    tm_doc_free(doc);
}

Test(html, summary_is_shown_on_top_and_marked)
{
    tm_doc *doc = harbour_doc();
    tm_span *s = add(doc, "summary", "The mayor thanked Fjordline for the loan.", 0, NULL);
    s->score = 0.75;
    s->has_score = true;
    json_object_set_new(tm_doc_meta(doc), "summary",
                        json_string("The mayor thanked Fjordline for the loan."));
    char *html = render(TM_OUTPUT_HTML, &doc, 1);
    assert_balanced_html(html);
    const char *box = strstr(html, "<div class=\"summary\"><b>Summary</b>The mayor thanked "
                                   "Fjordline for the loan.</div>");
    const char *text = strstr(html, "<div class=\"text\">");
    cr_assert(box && text && box < text, "%s", html);
    cr_assert(strstr(html, "<span class=\"s\" data-n=\"2\"><span class=\"m\" title=\"summary sentence, "
                           "score 0.75\">The mayor thanked <mark"), "%s", html);
    cr_assert(strstr(html, "for the loan.</span></span></div></div>"), "%s", html);
    cr_assert(strstr(html, "1 summary sentence</p>"));
    free(html);
    tm_doc_free(doc);
}

Test(html, summary_layer_alone_fills_the_box)
{
    tm_doc *doc = harbour_doc();
    add(doc, "summary", "Ingrid Solberg opened the new ferry terminal in Bergen.", 0, NULL);
    char *html = render(TM_OUTPUT_HTML, &doc, 1);
    cr_assert(strstr(html, "<div class=\"summary\"><b>Summary sentences</b>Ingrid Solberg "
                           "opened the new ferry terminal in Bergen.</div>"), "%s", html);
    free(html);
    tm_doc_free(doc);
}

/* Layers the page does not draw are listed with code point offsets. */
Test(html, other_layers_are_listed_not_highlighted)
{
    tm_doc *doc = doc_make("words", "Søren ate brød.");
    add(doc, "nouns", "brød", 0, "NOUN")->attrs = json_pack("{s:i}", "freq", 12);
    char *html = render(TM_OUTPUT_HTML, &doc, 1);
    cr_assert(strstr(html, "<details class=\"layer\"><summary>Layer <b>nouns</b>: 1 span"
                           "</summary>"), "%s", html);
    /* "brød" starts at code point 10 (byte 11: "ø" is two bytes). */
    cr_assert(strstr(html, "<tr><td>10</td><td>14</td><td>NOUN</td><td></td>"
                           "<td class=\"t\">brød</td><td class=\"t\">{&quot;freq&quot;:12}"
                           "</td></tr>"), "%s", html);
    cr_assert_null(strstr(html, "<mark class=\"e"));
    free(html);
    tm_doc_free(doc);
}

Test(html, metadata_is_listed)
{
    tm_doc *doc = doc_make("m", "Short text.");
    json_object_set_new(tm_doc_meta(doc), "source", json_string("radio"));
    json_object_set_new(tm_doc_meta(doc), "pages", json_integer(3));
    char *html = render(TM_OUTPUT_HTML, &doc, 1);
    cr_assert(strstr(html, "<tr><th>source</th><td class=\"t\">radio</td></tr>"));
    cr_assert(strstr(html, "<tr><th>pages</th><td class=\"t\">3</td></tr>"));
    free(html);
    tm_doc_free(doc);
}

/* A batch: one section per document with an anchor, and at the end an index
 * of links and a legend for the whole batch, shown first by CSS. */
Test(html, batch_has_index_and_anchors)
{
    tm_doc *docs[3] = {harbour_doc(), doc_make("same", "Nothing here."),
                       doc_make("same", "Oslo again.")};
    ent(docs[2], "Oslo", 0, "GPE", "gazetteer");
    char *html = render(TM_OUTPUT_HTML, docs, 3);
    assert_balanced_html(html);
    for (int i = 1; i <= 3; i++) {
        char sec[64], link[64];
        snprintf(sec, sizeof sec, "<section class=\"doc\" id=\"d%d\">", i);
        snprintf(link, sizeof link, "<li><a href=\"#d%d\">", i);
        cr_assert_eq(count(html, sec), 1, "%s", sec);
        cr_assert_eq(count(html, link), 1, "%s", link);
    }
    const char *main_end = strstr(html, "</main>");
    const char *nav = strstr(html, "<nav id=\"index\">");
    cr_assert(main_end && nav && main_end < nav);
    cr_assert(strstr(html, "#index{order:-1}"));
    cr_assert(strstr(nav, "<h2>3 documents, 4 entities</h2>"), "%s", nav);
    cr_assert(strstr(nav, "<span><mark class=\"e c2\">GPE</mark>2</span>"), "%s", nav);
    cr_assert(strstr(nav, "<li><a href=\"#d3\">same</a> <small>1 entity</small></li>"));
    cr_assert(strstr(nav, "<details open>"));
    free(html);
    for (int i = 0; i < 3; i++)
        tm_doc_free(docs[i]);
}

Test(html, empty_batch_is_a_valid_page)
{
    char *html = render(TM_OUTPUT_HTML, NULL, 0);
    assert_balanced_html(html);
    cr_assert(strstr(html, "No documents."));
    cr_assert(strstr(html, "<h2>0 documents, 0 entities</h2>"));
    free(html);
}

Test(html, labels_keep_their_colour)
{
    tm_doc *doc = doc_make("c", "Alpha met Beta.");
    ent(doc, "Alpha", 0, "SPECIES", "custom");
    ent(doc, "Beta", 0, "SPECIES", "custom");
    char *a = render(TM_OUTPUT_HTML, &doc, 1);
    char *b = render(TM_OUTPUT_HTML, &doc, 1);
    cr_assert_str_eq(a, b);
    /* An unknown label gets one of the extra colours, the same each time. */
    const char *m = strstr(a, "<mark class=\"e c");
    int c = atoi(m + strlen("<mark class=\"e c"));
    cr_assert(c >= 17 && c < 24, "colour %d", c);
    char cls[32];
    snprintf(cls, sizeof cls, "<mark class=\"e c%d\" title", c);
    cr_assert_eq(count(a, cls), 2);
    free(a);
    free(b);
    tm_doc_free(doc);
}

/* A long document: every entity is drawn, the markup stays flat and
 * balanced, and the page holds no per-span script. */
Test(html, long_document)
{
    const char *sentence = "Mira Holt flew from Lisbon to Quito. ";
    size_t n = 5000, k = strlen(sentence);
    char *text = malloc(n * k + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(text + i * k, sentence, k);
    text[n * k - 1] = '\0'; /* no final space */
    tm_doc *doc = doc_make("long", text);
    for (size_t i = 0; i < n; i++) {
        add_at(doc, "sentences", i * k, i * k + k - 1, NULL);
        add_at(doc, "entities", i * k, i * k + 9, "PERSON");
        add_at(doc, "entities", i * k + 20, i * k + 26, "GPE");
        add_at(doc, "entities", i * k + 30, i * k + 35, "GPE");
    }
    char *html = render(TM_OUTPUT_HTML, &doc, 1);
    assert_balanced_html(html);
    cr_assert_eq(count(html, "<span class=\"s\""), n);
    /* Chunks of about 64 KB (here: at sentence boundaries, from 256 KB). */
    cr_assert_eq(count(html, "<div class=\"chunk\">"), 1);
    cr_assert_eq(count(html, "title=\"PERSON\">Mira Holt</mark>"), n);
    cr_assert_eq(count(html, "title=\"GPE\">"), 2 * n);
    cr_assert_null(strstr(html, "<script"));
    cr_assert_lt(strlen(html), 6 * n * k, "the page is %zu bytes", strlen(html));
    free(html);
    free(text);
    tm_doc_free(doc);
}

/* Spans given out of order render as if sorted. */
Test(html, unsorted_layers)
{
    tm_doc *a = doc_make("a", "Kari and Ola and Per.");
    ent(a, "Per", 0, "PERSON", "r");
    ent(a, "Kari", 0, "PERSON", "r");
    ent(a, "Ola", 0, "PERSON", "r");
    tm_doc *b = doc_make("a", "Kari and Ola and Per.");
    ent(b, "Kari", 0, "PERSON", "r");
    ent(b, "Ola", 0, "PERSON", "r");
    ent(b, "Per", 0, "PERSON", "r");
    char *ha = render(TM_OUTPUT_HTML, &a, 1);
    char *hb = render(TM_OUTPUT_HTML, &b, 1);
    cr_assert_str_eq(ha, hb);
    assert_balanced_html(ha);
    free(ha);
    free(hb);
    tm_doc_free(a);
    tm_doc_free(b);
}

/* The text of a page, tags removed, is the document's text. */
Test(html, text_survives_markup)
{
    const char *t = "Ola & Kari <met> in \"Oslo\".\n\nThey left on Tuesday.";
    tm_doc *doc = doc_make("t", t);
    add_sentences(doc);
    ent(doc, "Ola & Kari", 0, "PERSON", "pair");
    ent(doc, "Kari <met> in", 0, "EVENT", "odd");
    ent(doc, "Oslo\".\n\nThey", 0, "GPE", "across");
    char *html = render(TM_OUTPUT_HTML, &doc, 1);
    assert_balanced_html(html);
    char *text = page_text(html);
    cr_assert_str_eq(text, t);
    free(text);
    free(html);
    tm_doc_free(doc);
}

/* A long text is cut into chunks the browser lays out lazily: after a line
 * break past 64 KB; an entity across a cut is reopened; no text is lost. */
Test(html, long_text_comes_in_chunks)
{
    const char *para = "Lena Vik walked from Alta to Kautokeino in the snow for days.\n";
    size_t k = strlen(para), n = 4000; /* about 250 KB */
    char *t = malloc(n * k + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(t + i * k, para, k);
    t[n * k] = '\0';
    tm_doc *doc = doc_make("paras", t);
    for (size_t i = 0; i < n; i++) {
        add_at(doc, "sentences", i * k, i * k + k - 1, NULL);
        add_at(doc, "entities", i * k, i * k + 8, "PERSON");
        /* From "days." to "Lena" of the next line: across every line break. */
        if (i + 1 < n)
            add_at(doc, "entities", i * k + k - 5, i * k + k + 4, "ODD");
    }
    char *html = render(TM_OUTPUT_HTML, &doc, 1);
    assert_balanced_html(html);
    size_t chunks = count(html, "<div class=\"chunk\">");
    cr_assert(chunks >= 3 && chunks <= 5, "%zu chunks", chunks);
    char *text = page_text(html);
    cr_assert_str_eq(text, t);
    free(text);
    free(html);
    free(t);
    tm_doc_free(doc);
}

/* Text without sentences or line breaks is still cut, on a character
 * boundary. */
Test(html, long_text_without_breaks)
{
    size_t n = 300000; /* "é" a time: 600 KB */
    char *t = malloc(2 * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(t + 2 * i, "\xc3\xa9", 2);
    t[2 * n] = '\0';
    tm_doc *doc = doc_make("flat", t);
    add_at(doc, "sentences", 0, 2 * n, NULL); /* one sentence, cut in two */
    char *html = render(TM_OUTPUT_HTML, &doc, 1);
    assert_balanced_html(html);
    cr_assert_eq(count(html, "<div class=\"chunk\">"), 2);
    cr_assert_eq(count(html, "<span class=\"s\" data-n=\"1\">"), 1);
    cr_assert_eq(count(html, "</div><div class=\"chunk\"><span class=\"s cont\">"), 1);
    char *text = page_text(html);
    cr_assert_str_eq(text, t);
    free(text);
    free(html);
    free(t);
    tm_doc_free(doc);
}
