/*
 * textmill/token.h - the shared word tokenizer.
 *
 * One tokenizer for every plugin, so that the tagger, the summarizer and
 * third-party stages agree on what a word is. Tokens are byte ranges into the
 * text, never copies. Rules:
 *   - a word is a run of letters, digits and combining marks; inside a word,
 *     an apostrophe (' or U+2019), a period, or a '&' joins two letters
 *     ("don't", "U.S", "AT&T"); '.', ',' and ':' join two digits ("3.14",
 *     "1,000", "10:30"); '_' joins word characters;
 *   - a final "'s" / "’s" is split off as its own token (possessive);
 *   - a period right after a dotted word of single letters ("U.S.", "e.g.",
 *     "J.") stays in the token, flagged TM_TOK_DOTTED;
 *   - hyphens are tokens of their own ("Moscow-based" is three tokens);
 *   - every other non-space character is a token of one character;
 *   - spaces separate tokens and never belong to one.
 */
#ifndef TEXTMILL_TOKEN_H
#define TEXTMILL_TOKEN_H

#include <stddef.h>
#include <stdint.h>
#include <textmill/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Token flags. */
#define TM_TOK_WORD        0x001u /* contains a letter */
#define TM_TOK_NUMBER      0x002u /* contains a digit and no letter */
#define TM_TOK_PUNCT       0x004u /* a single punctuation or symbol char */
#define TM_TOK_CAPITALIZED 0x008u /* first character is upper/title case */
#define TM_TOK_ALL_CAPS    0x010u /* has letters, all of them upper case,
                                     and at least two of them */
#define TM_TOK_LOWER       0x020u /* first character is lower case */
#define TM_TOK_DOTTED      0x040u /* word with internal periods or a kept
                                     final period ("U.S.", "e.g.") */
#define TM_TOK_POSSESSIVE  0x080u /* the split-off "'s" */
#define TM_TOK_NEWLINE_BEFORE 0x100u /* a line break between the previous
                                        token (or range start) and this one */
#define TM_TOK_SPACE_BEFORE   0x200u /* any white space before it */

typedef struct tm_token {
    size_t start; /* byte offsets into the text */
    size_t end;
    uint32_t flags;
} tm_token;

/* A growable array of tokens; zero-initialize, reuse across calls (the
 * tokenizer appends), free with tm_tokens_free. */
typedef struct tm_tokens {
    tm_token *items;
    size_t size;
    size_t capacity;
} tm_tokens;

/* Appends the tokens of text[start..end) (valid UTF-8) to out. Returns TM_OK
 * or TM_ERR_NOMEM (out keeps the tokens appended so far). */
tm_status tm_tokenize(const char *text, size_t start, size_t end,
                      tm_tokens *out);

void tm_tokens_clear(tm_tokens *tokens); /* size = 0, keeps memory */
void tm_tokens_free(tm_tokens *tokens);

#ifdef __cplusplus
}
#endif
#endif
