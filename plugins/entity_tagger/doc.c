/* doc.c - document-level consistency: a name tagged once with a strong rule
 * labels its other mentions ("Putin" after "Vladimir Putin", "NATO" after
 * "North Atlantic Treaty Organization"), before or after it. */
#include <stdlib.h>
#include <string.h>

#include "et.h"

typedef struct name_slot {
    const char *s;     /* NULL = empty; in the text or in the initials buffer */
    size_t len;
    uint32_t hash;
    int label;
    size_t ref_start, ref_end; /* the mention that taught it */
} name_slot;

typedef struct name_map {
    name_slot *slots;
    size_t cap;
    char *initials;    /* acronyms made from long names */
    size_t ini_len, ini_cap;
} name_map;

static name_slot *slot_for(name_map *m, const char *s, size_t len, uint32_t h)
{
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        name_slot *sl = &m->slots[i];
        if (!sl->s || (sl->hash == h && sl->len == len && memcmp(sl->s, s, len) == 0))
            return sl;
    }
}

/* Teaches the map s -> label unless it already knows s. */
static void teach(name_map *m, const char *s, size_t len, int label,
                  const et_cand *from)
{
    if (len == 0)
        return;
    uint32_t h = et_hash(s, len);
    name_slot *sl = slot_for(m, s, len, h);
    if (sl->s)
        return;
    *sl = (name_slot){s, len, h, label, from->start, from->end};
}

static bool is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }

/* "North Atlantic Treaty Organization" -> "NATO": capitals starting the
 * words, written into the initials buffer (sized beforehand). */
static void teach_initials(name_map *m, const char *text, const et_cand *c)
{
    char *out = m->initials + m->ini_len;
    size_t n = 0;
    bool word_start = true;
    for (size_t i = c->start; i < c->end; i++) {
        char ch = text[i];
        if (ch == ' ' || ch == '-') {
            word_start = true;
            continue;
        }
        if (word_start && is_upper_ascii(ch))
            out[n++] = ch;
        word_start = false;
    }
    if (n >= 3 && n <= 8) {
        m->ini_len += n;
        teach(m, out, n, c->label, c);
    }
}

/* The last word of a multi-word name ("Putin" of "Vladimir Putin"). */
static void teach_last_word(name_map *m, const char *text, const et_cand *c)
{
    size_t e = c->end, s = e;
    while (s > c->start && text[s - 1] != ' ')
        s--;
    if (s > c->start && e - s >= 2 &&
        (is_upper_ascii(text[s]) || (unsigned char)text[s] >= 0x80))
        teach(m, text + s, e - s, c->label, c);
}

/* Whether candidate c teaches the map: a name found by a strong rule. */
static bool teaches(const et_cand *c)
{
    return c->label >= 0 && c->register_name && c->label < ET_DATE;
}

int et_document_pass(et_run *r)
{
    /* Nothing to do without a weak candidate to relabel or a name to learn
     * from; else a map at most half full (a name teaches itself and its
     * last word or its initials). */
    size_t names = 0, weak = 0;
    for (size_t i = 0; i < r->ncands; i++) {
        names += teaches(&r->cands[i]);
        weak += r->cands[i].strength != ET_STRONG;
    }
    if (names == 0 || weak == 0)
        return 0;
    size_t cap = 16;
    while (cap < names * 4)
        cap *= 2;
    name_map m = {.cap = cap};
    m.slots = calloc(cap, sizeof(*m.slots));
    m.ini_cap = r->ncands * 8 + 8;
    m.initials = malloc(m.ini_cap);
    if (!m.slots || !m.initials) {
        free(m.slots);
        free(m.initials);
        return -1;
    }
    const char *text = r->text;
    /* Full names first, so that a full mention wins over a short one. */
    for (size_t i = 0; i < r->ncands; i++) {
        const et_cand *c = &r->cands[i];
        if (teaches(c))
            teach(&m, text + c->start, c->end - c->start, c->label, c);
    }
    for (size_t i = 0; i < r->ncands; i++) {
        const et_cand *c = &r->cands[i];
        if (!teaches(c))
            continue;
        if (c->label == ET_PERSON && c->ntok >= 2)
            teach_last_word(&m, text, c);
        else if (c->label == ET_ORG && c->ntok >= 3)
            teach_initials(&m, text, c);
    }
    for (size_t i = 0; i < r->ncands; i++) {
        et_cand *c = &r->cands[i];
        if (c->strength == ET_STRONG)
            continue;
        size_t len = c->end - c->start;
        uint32_t h = et_hash(text + c->start, len);
        name_slot *sl = slot_for(&m, text + c->start, len, h);
        if (!sl->s)
            continue;
        c->label = sl->label;
        c->strength = ET_STRONG;
        c->score = 0.8;
        c->rule = "document";
        c->ref_start = sl->ref_start;
        c->ref_end = sl->ref_end;
    }
    free(m.slots);
    free(m.initials);
    return 0;
}
