/*
 * clean.h - the cleaner's settings and its passes.
 *
 * Cleaning runs a few passes over the text, each one an edit (edit.h) of the
 * previous pass's output; a pass that changes nothing costs only its scan.
 * Their offset maps are composed into one map back to the stage's input.
 *
 *   1. chars     invisible characters, odd spaces, line ends, typographic
 *                folding, NFC/NFKC (C1 controls stay for step 3)
 *   2. markup    HTML/XML tags, script/style, entities (when the text looks
 *                like HTML or is said to be); else entities alone, until
 *                none is left ("&amp;lt;" -> "<"); then chars again
 *   3. mojibake  UTF-8 read as Windows-1252 / Latin-1 (repeated for double
 *                damage; then the chars pass again if it repaired anything)
 *   4. layout    spaces, blank lines, trimming, unwrapping, hyphenation,
 *                spaces around punctuation, doubled sentence ends
 */
#ifndef CLEANER_CLEAN_H
#define CLEANER_CLEAN_H

#include <stdbool.h>
#include <stddef.h>

#include <textmill/error.h>

#include "edit.h"
#include "lists.h"

typedef enum cl_norm { CL_NORM_NONE, CL_NORM_NFC, CL_NORM_NFKC } cl_norm;
typedef enum cl_markup {
    CL_MARKUP_NONE,
    CL_MARKUP_HTML,
    CL_MARKUP_AUTO /* HTML when cl_looks_like_html says so */
} cl_markup;

/* Read-only after create: shared by every thread. */
typedef struct cl_config {
    cl_markup markup;
    bool decode_entities;   /* also in text that is not markup */
    bool mojibake;
    cl_norm normalization;
    bool remove_invisible;  /* controls, zero-width, BOM, soft hyphen, bidi */
    bool spaces;            /* no-break, thin, ideographic... -> ' ' */
    bool ligatures;         /* ﬁ -> fi, Ĳ -> IJ */
    bool full_width;        /* Ａ -> A */
    bool whitespace;        /* line ends, space runs, blank lines, trim */
    bool fold_punctuation;  /* curly quotes, dashes, ellipsis -> ASCII */
    bool punctuation_spacing;
    bool sentence_ends;     /* ". ." -> "." */
    bool unwrap_lines;
    bool join_hyphenated;
    bool keep_c1;           /* (set by cl_clean) leave U+0080-U+009F after
                               a non-ASCII character for the mojibake
                               pass: "â€" U+009D is "”" */
    cl_entities entities;   /* loaded when markup or decode_entities */
    cl_wordlist hyphen_keep_first;  /* "well" in "well-known" */
    cl_wordlist hyphen_keep_second; /* "based" in "Moscow-based" */
} cl_config;

/* Cleans s[0..len) (valid UTF-8). Returns TM_OK with *out == NULL when
 * nothing changes; otherwise *out is the new text (malloc'ed, NUL-terminated,
 * caller frees), *out_len its length and *map (caller frees) the map back to
 * s. */
tm_status cl_clean(const cl_config *c, const char *s, size_t len, char **out,
                   size_t *out_len, tm_offset_map **map, tm_error *err);

/* The passes; each writes into e, an edit of s, and returns false when out
 * of memory. */
bool cl_pass_markup(const cl_config *c, const char *s, size_t len, cl_edit *e);

/* Whether s[0..len) holds an HTML tag: a known element ("<p>", "</div>",
 * "<br/>", "<a href=...>"), a comment or a doctype. */
bool cl_looks_like_html(const char *s, size_t len);
bool cl_pass_chars(const cl_config *c, const char *s, size_t len, cl_edit *e);
bool cl_pass_layout(const cl_config *c, const char *s, size_t len, cl_edit *e);

#endif
