/*
 * lists.h - the cleaner's data files: HTML entities and hyphenation words.
 *
 * Both are loaded once in create and only read afterwards. Files are UTF-8
 * text, one entry a line; blank lines and lines starting with '#' are
 * skipped. A bad line fails the load with the file name and line number.
 */
#ifndef CLEANER_LISTS_H
#define CLEANER_LISTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <textmill/error.h>

/* "amp 0026": a name (case matters) and one or two code points. */
typedef struct cl_entity {
    char name[40];
    int32_t cp[2]; /* cp[1] == 0 when there is one */
} cl_entity;

typedef struct cl_entities {
    cl_entity *items; /* sorted by name after cl_entities_load */
    size_t size;
    size_t cap;
} cl_entities;

tm_status cl_entities_load(cl_entities *t, const char *path, tm_error *err);
/* The entity called name[0..n), or NULL. */
const cl_entity *cl_entities_find(const cl_entities *t, const char *name,
                                  size_t n);
void cl_entities_free(cl_entities *t);

/* A sorted set of words, compared as bytes; words are stored in lower case
 * (ASCII letters only are folded). */
typedef struct cl_wordlist {
    char **items;
    size_t size;
    size_t cap;
} cl_wordlist;

bool cl_wordlist_add(cl_wordlist *w, const char *word, size_t n);
void cl_wordlist_sort(cl_wordlist *w); /* call after the last add */
bool cl_wordlist_has(const cl_wordlist *w, const char *word, size_t n);
void cl_wordlist_free(cl_wordlist *w);

/* Loads a hyphenation list: "well-" adds a first part to first, "-based" a
 * second part to second. origin names the source in errors (a file, or an
 * option); line is 0 for an option. */
tm_status cl_hyphen_add(cl_wordlist *first, cl_wordlist *second,
                        const char *entry, size_t n, const char *origin,
                        int line, tm_error *err);
tm_status cl_hyphen_load(cl_wordlist *first, cl_wordlist *second,
                         const char *path, tm_error *err);

#endif
