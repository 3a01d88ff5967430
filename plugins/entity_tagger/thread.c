/*
 * thread.c - what a worker thread keeps from one document to the next.
 *
 * One tagger instance serves every worker, so its per-document state lives
 * in a per-thread et_thread (textmill/perthread.h): the arrays of the
 * et_run, which grow to the longest sentence seen instead of being
 * allocated for every document, and the attrs objects of recent rules. A
 * span's attrs is {"rule": "title:President"}; the same few hundred rules
 * come back all the time, so spans share one object per rule (a counted
 * reference each) instead of building five allocations per entity.
 */
#include <stdlib.h>

#include "et.h"

/* Slots of the rule table (a power of two). Past 3/4 full it is emptied:
 * the rules of one long document can be many, but they repeat within it. */
#define ET_RULE_SLOTS 1024

/* A thread gives its arrays back after a document that grew them past
 * this, so that one huge document does not pin its memory for good. */
#define ET_KEEP_BYTES (8u << 20)

typedef struct rule_slot {
    json_t *attrs;    /* {"rule": text}; NULL = free */
    const char *text; /* the rule's string, owned by attrs */
    size_t len;
    uint32_t hash;
} rule_slot;

struct et_thread {
    et_run run;
    rule_slot rules[ET_RULE_SLOTS];
    size_t nrules;
};

void *et_thread_make(void *ctx)
{
    (void)ctx;
    return calloc(1, sizeof(et_thread));
}

static void free_arrays(et_run *r)
{
    tm_tokens_free(&r->toks_raw);
    free(r->toks);
    free(r->unit_end);
    free(r->unit);
    free(r->num_at);
    free(r->name_at);
    free(r->fold);
    free(r->cands);
    memset(r, 0, sizeof(*r));
}

static void clear_rules(et_thread *th)
{
    for (size_t i = 0; i < ET_RULE_SLOTS; i++)
        json_decref(th->rules[i].attrs);
    memset(th->rules, 0, sizeof(th->rules));
    th->nrules = 0;
}

void et_thread_release(void *ctx, void *obj)
{
    (void)ctx;
    et_thread *th = obj;
    free_arrays(&th->run);
    clear_rules(th);
    free(th);
}

et_run *et_thread_begin(et_thread *th, const et_tagger *tg, const char *text,
                        size_t len)
{
    et_run *r = &th->run;
    r->tg = tg;
    r->text = text;
    r->text_len = len;
    r->ncands = 0;
    r->ntoks = 0;
    return r;
}

void et_thread_end(et_thread *th)
{
    et_run *r = &th->run;
    size_t bytes = r->toks_raw.capacity * sizeof(tm_token) + r->fold_cap +
                   r->cap_cands * sizeof(et_cand) +
                   r->cap_toks * (sizeof(et_tok) + 3 * sizeof(size_t) +
                                  sizeof(const et_entry *));
    if (bytes > ET_KEEP_BYTES)
        free_arrays(r);
}

json_t *et_thread_rule_attrs(et_thread *th, const char *text, size_t len)
{
    uint32_t h = et_hash(text, len);
    size_t i = h & (ET_RULE_SLOTS - 1);
    for (; th->rules[i].attrs; i = (i + 1) & (ET_RULE_SLOTS - 1)) {
        const rule_slot *s = &th->rules[i];
        if (s->hash == h && s->len == len && memcmp(s->text, text, len) == 0)
            return json_incref(s->attrs);
    }
    json_t *rule = json_stringn_nocheck(text, len);
    json_t *attrs = json_object();
    if (!rule || !attrs || json_object_set_nocheck(attrs, "rule", rule) != 0) {
        json_decref(rule);
        json_decref(attrs);
        return NULL;
    }
    if (th->nrules >= ET_RULE_SLOTS / 4 * 3) {
        clear_rules(th);
        i = h & (ET_RULE_SLOTS - 1);
    }
    th->rules[i] = (rule_slot){attrs, json_string_value(rule), len, h};
    json_decref(rule); /* attrs holds it */
    th->nrules++;
    return json_incref(attrs);
}
