/* test_markup.c - HTML stripping and character references. */
#include <criterion/criterion.h>

#include "common.h"

#define HTML "{\"markup\": \"html\"}"

Test(markup, strips_tags_and_makes_paragraphs)
{
    test_expect(HTML,
                "<html><head><title>Notes</title></head><body>\n"
                "<h1>Spring  fair</h1>\n<p>Stalls <b>open</b> at\nnine.</p>"
                "<ul><li>Bread</li><li>Jam</li></ul><p>Bring a<br>bag.</p>"
                "</body></html>",
                "Notes\n\nSpring fair\n\nStalls open at nine.\n\nBread\n\nJam"
                "\n\nBring a\nbag.");
}

Test(markup, drops_script_style_and_comments)
{
    test_expect(HTML,
                "<style>p { color: red }</style><p>Kept</p>"
                "<script type=\"text/javascript\">if (a < b) x = \"</p>\";"
                "</script><!-- a note -->text<SCRIPT>1</SCRIPT>",
                "Kept\n\ntext");
}

Test(markup, decodes_entities)
{
    test_expect(HTML,
                "<p>Fish &amp; chips&#8217;s &lt;best&gt;&nbsp;&#x263A; "
                "&eacute;t&eacute; &#150; &unknown; &amp</p>",
                "Fish & chips\xE2\x80\x99s <best> \xE2\x98\xBA \xC3\xA9t\xC3\xA9 "
                "\xE2\x80\x93 &unknown; &amp");
}

Test(markup, keeps_text_that_is_not_a_tag)
{
    test_expect(HTML, "<p>if a < b and c > d</p>", "if a < b and c > d");
    test_expect(HTML, "x <3 y", "x <3 y");
}

Test(markup, quoted_attributes_may_hold_brackets)
{
    test_expect(HTML, "<a href=\"x>y\" title='a>b'>link</a> text",
                "link text");
}

Test(markup, keeps_pre_lines_and_cdata)
{
    test_expect(HTML, "<p>a\nb</p><pre>line 1\nline 2</pre><![CDATA[x < y]]>",
                "a b\n\nline 1\nline 2\n\nx < y");
}

Test(markup, auto_strips_only_text_that_looks_like_html)
{
    /* The default: a stray tag in plain text is enough... */
    test_expect(NULL, "<p>Cars banned on Sundays .</p>\n\nThe vote&nbsp;was 31.",
                "Cars banned on Sundays.\n\nThe vote was 31.");
    /* ...but comparisons and unknown elements are not tags. */
    test_expect(NULL, "if a < b and c > d then <x> wins\nnext",
                "if a < b and c > d then <x> wins\nnext");
}

Test(markup, none_keeps_tags)
{
    test_expect("{\"markup\": \"none\", \"decode_entities\": false}",
                "<p>a &amp; b</p>", "<p>a &amp; b</p>");
}

Test(markup, decode_entities_in_plain_text)
{
    /* Also when escaped twice; not when turned off. */
    test_expect("{\"markup\": \"none\"}",
                "<p>Tom &amp; Jerry&#39;s</p>\nnext &amp;lt;3",
                "<p>Tom & Jerry's</p>\nnext <3");
    test_expect("{\"decode_entities\": false}", "Tom &amp; Jerry",
                "Tom &amp; Jerry");
}

Test(markup, map_points_into_the_markup)
{
    tm_pipeline *p = test_cleaner(HTML);
    const char *raw = "<p>A &amp; B</p>";
    tm_doc *doc = test_run(p, raw);
    cr_assert_str_eq(tm_doc_text(doc, NULL), "A & B");
    cr_expect_eq(tm_doc_raw_offset(doc, 0), 3);  /* A */
    cr_expect_eq(tm_doc_raw_offset(doc, 2), 5);  /* & <- &amp; */
    cr_expect_eq(tm_doc_raw_offset(doc, 4), 11); /* B */
    cr_expect_eq(tm_doc_raw_offset(doc, 5), 16);
    test_check_map(doc);
    tm_doc_free(doc);
    tm_pipeline_free(p);
}
