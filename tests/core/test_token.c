/* The shared tokenizer: what a word is. */
#include <criterion/criterion.h>
#include <string.h>
#include <textmill/textmill.h>

/* Tokenizes text and joins the tokens with '|'. */
static void tokens_of(const char *text, char *out, size_t size, tm_tokens *toks)
{
    tm_tokens_clear(toks);
    cr_assert_eq(tm_tokenize(text, 0, strlen(text), toks), TM_OK);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < toks->size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%.*s", i ? "|" : "",
                                 (int)(toks->items[i].end - toks->items[i].start),
                                 text + toks->items[i].start);
}

Test(token, splits_words_numbers_and_punctuation)
{
    static const struct { const char *in, *want; } cases[] = {
        {"Hello, world!", "Hello|,|world|!"},
        {"It costs $3.50 (about 1,000 yen).", "It|costs|$|3.50|(|about|1,000|yen|)|."},
        {"Meet at 10:30 today", "Meet|at|10:30|today"},
        {"The U.S. and e.g. this", "The|U.S.|and|e.g.|this"},
        {"J. R. R. Tolkien", "J.|R.|R.|Tolkien"},
        {"Putin's plan", "Putin|'s|plan"},
        {"Putin’s plan", "Putin|’s|plan"},
        {"don't stop", "don't|stop"},
        {"O'Neill spoke", "O'Neill|spoke"},
        {"Moscow-based firm", "Moscow|-|based|firm"},
        {"AT&T and R&D", "AT&T|and|R&D"},
        {"the end.Next", "the|end|.|Next"},
        {"naïve café Zürich", "naïve|café|Zürich"},
        {"Ph.D. student", "Ph.D.|student"},
        {"snake_case_name", "snake_case_name"},
        {"  \n ", ""},
        {"東京 is big", "東京|is|big"},
    };
    tm_tokens toks = {0};
    char got[512];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tokens_of(cases[i].in, got, sizeof got, &toks);
        cr_expect_str_eq(got, cases[i].want, "input \"%s\"", cases[i].in);
    }
    tm_tokens_free(&toks);
}

Test(token, flags_describe_shape_and_spacing)
{
    tm_tokens toks = {0};
    const char *text = "NATO met\nÉmile 42 u.s. ,";
    cr_assert_eq(tm_tokenize(text, 0, strlen(text), &toks), TM_OK);
    cr_assert_eq(toks.size, 6);
    tm_token *t = toks.items;
    cr_assert(t[0].flags & TM_TOK_ALL_CAPS);
    cr_assert(t[0].flags & TM_TOK_CAPITALIZED);
    cr_assert(t[1].flags & TM_TOK_LOWER);
    cr_assert(t[1].flags & TM_TOK_SPACE_BEFORE);
    cr_assert(t[2].flags & TM_TOK_CAPITALIZED, "É is upper case");
    cr_assert(t[2].flags & TM_TOK_NEWLINE_BEFORE);
    cr_assert_not(t[2].flags & TM_TOK_ALL_CAPS);
    cr_assert(t[3].flags & TM_TOK_NUMBER);
    cr_assert_not(t[3].flags & TM_TOK_WORD);
    cr_assert(t[4].flags & TM_TOK_DOTTED);
    cr_assert(t[5].flags & TM_TOK_PUNCT);
    tm_tokens_free(&toks);
}

Test(token, ranges_are_respected_and_appended)
{
    tm_tokens toks = {0};
    const char *text = "alpha beta gamma";
    tm_tokenize(text, 6, 10, &toks);
    cr_assert_eq(toks.size, 1);
    cr_assert_eq(toks.items[0].start, 6);
    cr_assert_eq(toks.items[0].end, 10);
    tm_tokenize(text, 11, 16, &toks);
    cr_assert_eq(toks.size, 2, "the tokenizer appends");
    tm_tokens_free(&toks);
}
