/* The shared tokenizer: what a word is. */
#include <criterion/criterion.h>
#include <stdlib.h>
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

/* Where ASCII words end before punctuation: the SSE2 path decides these
 * alone, the rest goes to the scalar rules; both must agree. */
Test(token, word_ends_before_punctuation)
{
    static const struct { const char *in, *want; } cases[] = {
        {"Big, bad: ok. Mr. Ab. ab. abc. x1. 1, 2: 3.4 a1,2 HELLO WORLD. I. A.B.",
         "Big|,|bad|:|ok|.|Mr|.|Ab|.|ab|.|abc|.|x1|.|1|,|2|:|3.4|a1,2|HELLO|WORLD|.|I.|A.B."},
        {"Smith's cat's AT&T A&B a&b snake_case don't it'",
         "Smith|'s|cat|'s|AT&T|A&B|a|&|b|snake_case|don't|it|'"},
        {"\"quoted\" (paren) [x] {y} #tag @at $5 100% a+b=c",
         "\"|quoted|\"|(|paren|)|[|x|]|{|y|}|#|tag|@|at|$|5|100|%|a|+|b|=|c"},
        {"word \xe2\x80\x99s word\xe2\x80\x99s caf\xc3\xa9 x\xcc\x81y",
         "word|\xe2\x80\x99|s|word|\xe2\x80\x99s|caf\xc3\xa9|x\xcc\x81y"},
        {"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz end",
         "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz|end"},
    };
    tm_tokens toks = {0};
    char got[512];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tokens_of(cases[i].in, got, sizeof got, &toks);
        cr_expect_str_eq(got, cases[i].want, "input \"%s\"", cases[i].in);
    }
    const char *text = "one\ttwo\r\nthree\v\ffour  five HELLO Ab x1 7";
    static const uint32_t want[] = {
        TM_TOK_WORD | TM_TOK_LOWER,
        TM_TOK_WORD | TM_TOK_LOWER | TM_TOK_SPACE_BEFORE,
        TM_TOK_WORD | TM_TOK_LOWER | TM_TOK_SPACE_BEFORE | TM_TOK_NEWLINE_BEFORE,
        TM_TOK_WORD | TM_TOK_LOWER | TM_TOK_SPACE_BEFORE | TM_TOK_NEWLINE_BEFORE,
        TM_TOK_WORD | TM_TOK_LOWER | TM_TOK_SPACE_BEFORE,
        TM_TOK_WORD | TM_TOK_CAPITALIZED | TM_TOK_ALL_CAPS | TM_TOK_SPACE_BEFORE,
        TM_TOK_WORD | TM_TOK_CAPITALIZED | TM_TOK_SPACE_BEFORE,
        TM_TOK_WORD | TM_TOK_LOWER | TM_TOK_SPACE_BEFORE,
        TM_TOK_NUMBER | TM_TOK_SPACE_BEFORE,
    };
    tm_tokens_clear(&toks);
    cr_assert_eq(tm_tokenize(text, 0, strlen(text), &toks), TM_OK);
    cr_assert_eq(toks.size, sizeof want / sizeof *want);
    for (size_t i = 0; i < toks.size; i++)
        cr_expect_eq(toks.items[i].flags, want[i], "token %zu: flags %#x", i,
                     toks.items[i].flags);
    tm_tokens_free(&toks);
}

/* The same text at every alignment (the SSE2 path reads 64-byte windows) and
 * cut at every length (read from an exact-size copy, so that a read past the
 * end shows under ASan) gives the same tokens. */
Test(token, same_tokens_at_any_offset_and_cut)
{
    static const char piece[] =
        "The U.S. and AT&T's 3.14 e.g. J. R. don't ABC, x1.5 Moscow-based "
        "na\xc3\xafve 1,000 snake_case_name\tnew\r\nline Putin\xe2\x80\x99s "
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm. ";
    enum { PIECE = sizeof piece - 1, PAD = 130 };
    char text[PAD + 2 * PIECE];
    tm_tokens ref = {0}, toks = {0};
    memset(text, ' ', PAD);
    memcpy(text + PAD, piece, PIECE);
    memcpy(text + PAD + PIECE, piece, PIECE);
    cr_assert_eq(tm_tokenize(text, PAD, sizeof text, &ref), TM_OK);
    for (size_t k = 0; k <= PAD; k++) {
        tm_tokens_clear(&toks);
        cr_assert_eq(tm_tokenize(text, PAD - k, sizeof text, &toks), TM_OK);
        cr_assert_eq(toks.size, ref.size, "offset %zu", k);
        for (size_t i = 0; i < ref.size; i++) {
            uint32_t want = ref.items[i].flags | (i == 0 && k ? TM_TOK_SPACE_BEFORE : 0);
            cr_assert(toks.items[i].start == ref.items[i].start &&
                          toks.items[i].end == ref.items[i].end && toks.items[i].flags == want,
                      "offset %zu, token %zu", k, i);
        }
    }
    for (size_t len = 0; len <= 2 * PIECE; len++) {
        char *copy = malloc(len ? len : 1);
        cr_assert(copy);
        memcpy(copy, text + PAD, len);
        tm_tokens_clear(&toks);
        tm_tokens_clear(&ref);
        cr_assert_eq(tm_tokenize(copy, 0, len, &toks), TM_OK);
        cr_assert_eq(tm_tokenize(text, PAD, PAD + len, &ref), TM_OK);
        cr_assert_eq(toks.size, ref.size, "length %zu", len);
        for (size_t i = 0; i < ref.size; i++)
            cr_assert(toks.items[i].start + PAD == ref.items[i].start &&
                          toks.items[i].end + PAD == ref.items[i].end &&
                          toks.items[i].flags == ref.items[i].flags,
                      "length %zu, token %zu", len, i);
        free(copy);
    }
    tm_tokens_free(&ref);
    tm_tokens_free(&toks);
}
