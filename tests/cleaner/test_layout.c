/* test_layout.c - spaces, lines, paragraphs, hyphenation, punctuation. */
#include <string.h>

#include <criterion/criterion.h>

#include "common.h"

Test(layout, collapses_spaces_and_trims)
{
    test_expect(NULL, "  \t Two  spaces\t\tand tabs.  \n  Next line  \n\n",
                "Two spaces and tabs.\nNext line");
}

Test(layout, normalizes_line_ends_and_blank_lines)
{
    test_expect(NULL, "one\r\ntwo\rthree\n\n\n\n \t \nfour\f" "five",
                "one\ntwo\nthree\n\nfour\n\nfive");
}

Test(layout, whitespace_off_keeps_layout)
{
    const char *cfg = "{\"whitespace\": false, \"punctuation_spacing\": false}";
    const char *text = "  a  b\r\n\n\n\nc\t ";
    test_expect(cfg, text, text);
}

Test(layout, blank_text_becomes_empty)
{
    test_expect(NULL, " \n\t\r\n \xC2\xA0\xE2\x80\x8B ", "");
}

Test(layout, unwraps_hard_wrapped_paragraphs)
{
    const char *cfg = "{\"unwrap_lines\": true}";
    test_expect(cfg,
                "The river rose\nall night long\nand the town\nwatched.\n\n"
                "Items:\n- rope\n- lamp\n1. first\n2) second\nand more",
                "The river rose all night long and the town watched.\n\n"
                "Items:\n- rope\n- lamp\n1. first\n2) second and more");
    /* Off by default. */
    test_expect(NULL, "a\nb", "a\nb");
    /* A hyphen stays attached when lines are unwrapped; a dash apart stays
     * apart. */
    test_expect(cfg, "well-\nknown, 1990-\n91 and more -\nless",
                "well-known, 1990-91 and more - less");
}

Test(layout, joins_words_hyphenated_across_lines)
{
    const char *cfg = "{\"unwrap_lines\": true, \"join_hyphenated\": true}";
    test_expect(cfg,
                "The new infra-\nstructure is a well-\nknown and self-\n"
                "contained mother-in-\nlaw of COVID-\nrelated 1990-\n91 Anti-\n"
                "Matter and Moscow-\nbased work.",
                "The new infrastructure is a well-known and self-contained "
                "mother-in-law of COVID-related 1990-91 Anti-Matter and "
                "Moscow-based work.");
}

Test(layout, joining_without_unwrapping_moves_the_line_break)
{
    test_expect("{\"join_hyphenated\": true}",
                "the infra-\nstructure was old\nand well-\nknown",
                "the infrastructure\nwas old\nand well-\nknown");
    /* Off by default. */
    test_expect(NULL, "infra-\nstructure", "infra-\nstructure");
}

Test(layout, user_hyphenation_entries)
{
    test_expect("{\"unwrap_lines\": true, \"join_hyphenated\": true, "
                "\"hyphen_keep\": [\"cyber-\", \"-powered\"]}",
                "cyber-\nattack solar-\npowered data-\nbase",
                "cyber-attack solar-powered database");
}

Test(layout, hyphen_files_are_loaded_relative_to_the_pipeline)
{
    /* The pipeline's folder is tests/cleaner (see common.c). */
    test_expect("{\"unwrap_lines\": true, \"join_hyphenated\": true, "
                "\"hyphen_files\": [\"fixtures/hyphen_extra.txt\"]}",
                "micro-\nwave macro-\nscopic", "micro-wave macroscopic");
}

Test(layout, bad_hyphen_entries_fail_at_load)
{
    tm_error err;
    test_cleaner_error("{\"hyphen_keep\": [\"two words\"]}", &err);
    cr_expect(strstr(err.message, "hyphen_keep[0]") != NULL, "%s", err.message);

    test_cleaner_error("{\"join_hyphenated\": true, "
                       "\"hyphen_files\": [\"fixtures/hyphen_bad.txt\"]}", &err);
    cr_expect(strstr(err.message, "hyphen_bad.txt:4") != NULL, "%s",
              err.message);

    test_cleaner_error("{\"hyphen_files\": [\"no_such_file.txt\"]}", &err);
    cr_expect(strstr(err.message, "no_such_file.txt") != NULL, "%s",
              err.message);
}

Test(layout, bad_option_values_fail_at_load)
{
    tm_error err;
    test_cleaner_error("{\"normalization\": \"nfd\"}", &err);
    test_cleaner_error("{\"markup\": true}", &err);
    test_cleaner_error("{\"unwrap\": true}", &err);
}

Test(punctuation, removes_spaces_before_and_after)
{
    test_expect(NULL, "Russia . Yes , no ; maybe : so ! Why ? ( inside ) [ x ]",
                "Russia. Yes, no; maybe: so! Why? (inside) [x]");
    /* Not before a number or a name that starts with a dot. */
    test_expect(NULL, "costs .5 now, see .NET here", "costs .5 now, see .NET here");
    /* Not before a smiley. */
    test_expect(NULL, "Great :) and sad :( too ;)", "Great :) and sad :( too ;)");
    /* Not across a line break. */
    test_expect(NULL, "word\n. next", "word\n. next");
    test_expect("{\"punctuation_spacing\": false}", "Russia .", "Russia .");
}

Test(punctuation, collapses_doubled_sentence_ends)
{
    test_expect(NULL, "It ended. . Then! . More? . Done.",
                "It ended. Then! More? Done.");
    /* A spaced ellipsis stays, and so does "..". */
    test_expect(NULL, "the court . . . held. Wait..", "the court . . . held. Wait..");
    test_expect("{\"sentence_ends\": false, \"punctuation_spacing\": false}",
                "ended. .", "ended. .");
}

Test(punctuation, attaches_a_stray_quote_at_a_paragraph_end)
{
    test_expect(NULL,
                "\xE2\x80\x9CWe will go on with the plan. . \xE2\x80\x9C\n\nNext.",
                "\xE2\x80\x9CWe will go on with the plan.\xE2\x80\x9D\n\nNext.");
    test_expect(NULL, "He said \"yes. \"", "He said \"yes.\"");
    /* Inside a paragraph a quote may open the next sentence. */
    test_expect(NULL, "Done. \xE2\x80\x9CNext", "Done. \xE2\x80\x9CNext");
}
