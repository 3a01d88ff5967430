/*
 * rules.h - sentences that make poor summary material.
 *
 * Each rule multiplies a sentence's relevance by a factor below 1; the rules
 * and their factors are listed in docs/summarizer.md. Most rules look at the
 * sentence's text; the caption, byline and dateline rules also use marker
 * words that the lexicon flags while the sentence is scanned.
 */
#ifndef SM_RULES_H
#define SM_RULES_H

#include "lexicon.h"
#include "model.h"

/* Marker word flags (the high byte of a word's value, see SM_ID_MASK). */
#define SM_MARK_CAPTION 0x01u /* "photo", "pictured", "getty", ... */
#define SM_MARK_BYLINE  0x02u /* first word "by", "updated", "published" */
#define SM_MARK_DATE    0x04u /* month and weekday names, time zones */
#define SM_MARK_LINK    0x08u /* "click", "subscribe", "newsletter", ... */

/* Adds the built-in marker words to lx->markers. */
tm_status sm_rules_markers(sm_lexicon *lx, tm_error *err);

/* The penalty factor, in (0, 1], of sentence s of text; *rule gets the name
 * of the rule that set it (the strongest), or NULL when none applied.
 * min_words is the "short sentence" threshold in content words. */
float sm_rules_penalty(const char *text, const sm_sent *s,
                       uint32_t min_words, const char **rule);

#endif
