/*
 * wordset.h - a set of short words, each with a small value.
 *
 * The splitter looks a word up at every candidate sentence end, so the set is
 * an open-addressing hash table over one arena of bytes: no allocation and no
 * linear scan at lookup time. Words are byte strings compared exactly; callers
 * insert every spelling they want to match (see lists.c).
 *
 * A set is filled during create and only read afterwards, so any number of
 * threads may look words up at once.
 */
#ifndef SS_WORDSET_H
#define SS_WORDSET_H

#include <stddef.h>
#include <stdint.h>

/* Longest word the set stores; longer words are never looked up. */
#define SS_WORD_MAX 63

typedef struct ss_slot {
    uint32_t hash;
    uint32_t offset;  /* into arena; the word's bytes */
    uint8_t len;      /* 0 = empty slot */
    uint8_t value;
} ss_slot;

typedef struct ss_wordset {
    ss_slot *slots;   /* owned; capacity is a power of two */
    size_t capacity;
    size_t count;
    char *arena;      /* owned; the words' bytes, not NUL-terminated */
    size_t arena_size;
    size_t arena_capacity;
} ss_wordset;

/* Zero-initialize a set before use; ss_wordset_free releases it. */
void ss_wordset_free(ss_wordset *set);

/* Adds word (len bytes, 1..SS_WORD_MAX) with value, or replaces the value of
 * a word already there. Returns 0, or -1 when out of memory or len is out of
 * range. */
int ss_wordset_put(ss_wordset *set, const char *word, size_t len,
                   uint8_t value);

/* The value stored for word, or 0 when it is absent. */
uint8_t ss_wordset_get(const ss_wordset *set, const char *word, size_t len);

#endif
