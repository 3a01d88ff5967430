/*
 * lists.h - loading abbreviation and sentence-starter lists.
 *
 * List syntax (files and config strings alike), one entry a line:
 *
 *     # a comment; blank lines are skipped
 *     Dr.  prefix       an abbreviation, with or without its final period,
 *     etc. final        then optionally its type (abbreviation lists only)
 *     !No               a leading '!' removes an entry loaded before
 *     he strong         (starter lists) a starter that even ends a sentence
 *                       after a title: "on Elm St. He lives"
 *
 * Matching: an entry written in lower case also matches its Capitalized and
 * UPPER CASE forms ("etc" matches "Etc." and "ETC."); an entry written
 * Capitalized also matches its UPPER CASE form ("Mr" matches "MR."); other
 * entries, and entries of one letter, match only as written.
 */
#ifndef SS_LISTS_H
#define SS_LISTS_H

#include <stdbool.h>
#include <stddef.h>

#include <textmill/error.h>

#include "wordset.h"

/* Which kind of list an entry goes to. */
typedef enum ss_list_kind {
    SS_LIST_ABBREVIATIONS,
    SS_LIST_STARTERS,    /* a word, optionally "strong" (SS_STARTER_*) */
    SS_LIST_WORDS,       /* a word alone (speech verbs) */
} ss_list_kind;

/* Values stored for sentence starters. */
enum { SS_STARTER = 1, SS_STARTER_STRONG = 2 };

/* Adds one entry (line[0..len), no line break) to set. origin and lineno
 * name it in errors ("file.txt" and 12, or "extra_abbreviations" and the
 * 1-based index with lineno 0). Blank and comment lines are accepted and
 * ignored. Returns TM_OK or an error (TM_ERR_CONFIG, TM_ERR_NOMEM). */
tm_status ss_list_add(ss_wordset *set, ss_list_kind kind, const char *line,
                      size_t len, const char *origin, int lineno,
                      tm_error *err);

/* Adds every entry of the file at path. A missing or unreadable file is
 * TM_ERR_IO; a bad entry TM_ERR_CONFIG with the file and line. */
tm_status ss_list_load_file(ss_wordset *set, ss_list_kind kind,
                            const char *path, tm_error *err);

#endif
