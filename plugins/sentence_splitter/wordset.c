/* wordset.c - open-addressing hash set of short words (see wordset.h). */
#include <stdlib.h>
#include <string.h>

#include "wordset.h"

/* FNV-1a: the words are short, so a simple byte loop is as fast as anything. */
static uint32_t hash_bytes(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

void ss_wordset_free(ss_wordset *set)
{
    free(set->slots);
    free(set->arena);
    memset(set, 0, sizeof(*set));
}

/* The slot holding word, or the empty slot where it would go. */
static ss_slot *find_slot(ss_slot *slots, size_t capacity, uint32_t h,
                          const char *arena, const char *word, size_t len)
{
    size_t mask = capacity - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        ss_slot *s = &slots[i];
        if (s->len == 0)
            return s;
        if (s->hash == h && s->len == len &&
            memcmp(arena + s->offset, word, len) == 0)
            return s;
    }
}

/* Keeps the load factor at or below one half. */
static int grow(ss_wordset *set)
{
    size_t capacity = set->capacity ? set->capacity * 2 : 64;
    ss_slot *slots = calloc(capacity, sizeof(*slots));
    if (!slots)
        return -1;
    for (size_t i = 0; i < set->capacity; i++) {
        ss_slot *old = &set->slots[i];
        if (old->len == 0)
            continue;
        ss_slot *s = find_slot(slots, capacity, old->hash, set->arena,
                               set->arena + old->offset, old->len);
        *s = *old;
    }
    free(set->slots);
    set->slots = slots;
    set->capacity = capacity;
    return 0;
}

int ss_wordset_put(ss_wordset *set, const char *word, size_t len,
                   uint8_t value)
{
    if (len == 0 || len > SS_WORD_MAX)
        return -1;
    if ((set->count + 1) * 2 > set->capacity && grow(set) != 0)
        return -1;
    uint32_t h = hash_bytes(word, len);
    ss_slot *s = find_slot(set->slots, set->capacity, h, set->arena, word, len);
    if (s->len != 0) {
        s->value = value;
        return 0;
    }
    if (set->arena_size + len > set->arena_capacity) {
        size_t capacity = set->arena_capacity ? set->arena_capacity * 2 : 1024;
        while (capacity < set->arena_size + len)
            capacity *= 2;
        char *arena = realloc(set->arena, capacity);
        if (!arena)
            return -1;
        set->arena = arena;
        set->arena_capacity = capacity;
    }
    memcpy(set->arena + set->arena_size, word, len);
    s->hash = h;
    s->offset = (uint32_t)set->arena_size;
    s->len = (uint8_t)len;
    s->value = value;
    set->arena_size += len;
    set->count++;
    return 0;
}

uint8_t ss_wordset_get(const ss_wordset *set, const char *word, size_t len)
{
    if (set->count == 0 || len == 0 || len > SS_WORD_MAX)
        return 0;
    uint32_t h = hash_bytes(word, len);
    const ss_slot *s = find_slot(set->slots, set->capacity, h, set->arena,
                                 word, len);
    return s->len ? s->value : 0;
}
