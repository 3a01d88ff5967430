/*
 * split.h - the sentence splitting algorithm, apart from the plugin glue.
 *
 * ss_split makes one forward pass over the text. It stops only at bytes that
 * may matter (terminal punctuation, line breaks, ')' and a few multi-byte
 * lead bytes) and decides each candidate from a bounded window around it:
 * the word before, the punctuation run, the closing quotes or brackets, and
 * the word after. Work per byte is constant, so the pass is linear.
 */
#ifndef SS_SPLIT_H
#define SS_SPLIT_H

#include <stdbool.h>
#include <stddef.h>

#include "wordset.h"

/* What an abbreviation does before a capitalized word (values stored in
 * ss_rules.abbrevs; 0 means "not an abbreviation"). */
enum {
    SS_ABBR_NONE = 0,
    SS_ABBR_GENERAL, /* may end a sentence: ends it before a sentence starter */
    SS_ABBR_PREFIX,  /* leads into what follows: never ends one (e.g., vs.) */
    SS_ABBR_TITLE,   /* stands before a name: ends one only before a strong
                        starter ("on Elm St. Their house") */
    SS_ABBR_NUMBER,  /* abbreviation only before a number (No. 5) */
    SS_ABBR_FINAL,   /* usually ends one: ends it before any capital (etc.) */
    SS_ABBR_TIME,    /* a.m./p.m.: like FINAL, except after a fronted time */
};

/* How single line breaks are treated (blank lines always end a sentence). */
typedef enum ss_line_mode {
    SS_LINES_AUTO,    /* boundary before list items and after headlines */
    SS_LINES_SPACE,   /* a single line break is a space */
    SS_LINES_BOUNDARY /* every line break ends a sentence */
} ss_line_mode;

typedef struct ss_rules {
    ss_wordset abbrevs;   /* spelling without final period -> SS_ABBR_* */
    ss_wordset starters;  /* words that often begin a sentence -> 1 */
    ss_wordset speech_verbs; /* "asked", "said": '"Why?" I asked.' is one
                                sentence -> 1 */
    ss_line_mode lines;
    bool ordinal_dot;     /* "am 3. Mai": a number and a period may be an
                             ordinal inside a sentence (German) */
} ss_rules;

/* Called once per sentence, in order, with the trimmed byte range
 * [start, end), never empty. A non-zero return stops the split and is
 * returned by ss_split. */
typedef int (*ss_emit_fn)(void *ctx, size_t start, size_t end);

/* Splits text[0..len): valid UTF-8 with text[len] == '\0' (as a document's
 * text always is). Returns 0 or the emitter's non-zero value. Reentrant: all
 * state lives on the stack. */
int ss_split(const ss_rules *rules, const char *text, size_t len,
             ss_emit_fn emit, void *ctx);

#endif
