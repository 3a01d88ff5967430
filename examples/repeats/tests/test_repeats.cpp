// test_repeats.cpp - the repeats example, tested from C++.
#include <string>
#include <textmill/testing.h>

Test(repeats, marks_a_word_written_twice)
{
    tm_doc *doc = tm_test_run("repeats", nullptr,
                              "We walked to the the harbour, and The the gulls followed.");
    tm_assert_layer(doc, "repeats", "REPEAT:the the | REPEAT:The the");
    tm_assert_span(doc, "repeats", 0, 13, 20, "REPEAT");
    tm_doc_free(doc);
}

Test(repeats, across_a_line_break_and_three_in_a_row)
{
    tm_doc *doc = tm_test_run("repeats", nullptr, "Paris in the\nthe spring; very very very cold");
    tm_assert_layer(doc, "repeats", "REPEAT:the\nthe | REPEAT:very very");
    tm_doc_free(doc);
}

Test(repeats, punctuation_between_is_not_a_repeat)
{
    tm_doc *doc = tm_test_run("repeats", nullptr, "Well, well. Now, now! Bye-bye.");
    tm_assert_layer_size(doc, "repeats", 0);
    tm_doc_free(doc);
}

Test(repeats, allowed_words)
{
    const char *text = "She had had enough, and that that was so is clear.";
    tm_doc *doc = tm_test_run("repeats", nullptr, text);
    tm_assert_layer(doc, "repeats", "");
    tm_doc_free(doc);
    doc = tm_test_run("repeats", "{\"allow\": [\"HAD\"]}", text);
    tm_assert_layer(doc, "repeats", "REPEAT:that that");
    tm_doc_free(doc);
}

Test(repeats, non_ascii_words)
{
    tm_doc *doc = tm_test_run("repeats", nullptr, "Über über alles; café café");
    // Case folding is ASCII only: "Über über" differ, "café café" do not.
    tm_assert_layer(doc, "repeats", "REPEAT:café café");
    std::string raw = tm_doc_text(doc, nullptr);
    tm_assert_span(doc, "repeats", 0, raw.find("café"), raw.size(), "REPEAT");
    tm_doc_free(doc);
}
