/* user.c - the user's phrases and token patterns from the pipeline file,
 * matched before every built-in rule (in the manner of an entity ruler). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "et.h"

/* One token test of a pattern; every field set must hold. */
typedef struct et_spec {
    char *text;      /* exact text */
    char *lower;     /* folded text */
    char **in;       /* folded alternatives, NULL-terminated */
    char *shape;     /* "Xxxx", "dd", "X.X." */
    int is_cap, is_upper, is_lower, is_number, is_punct; /* -1 = any */
    char op;         /* '1', '?', '*', '+' */
} et_spec;

struct et_pattern {
    int label;
    char rule[96];
    et_spec *specs;
    size_t nspecs;
};

static void free_spec(et_spec *s)
{
    free(s->text);
    free(s->lower);
    free(s->shape);
    if (s->in)
        for (char **p = s->in; *p; p++)
            free(*p);
    free(s->in);
}

void et_patterns_free(et_patterns *ps)
{
    for (size_t i = 0; i < ps->size; i++) {
        et_pattern *p = ps->items[i];
        for (size_t k = 0; k < p->nspecs; k++)
            free_spec(&p->specs[k]);
        free(p->specs);
        free(p);
    }
    free(ps->items);
    ps->items = NULL;
    ps->size = 0;
}

static char *fold_dup(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n * 4 + 1);
    if (out)
        out[et_fold(s, n, out, n * 4)] = '\0';
    return out;
}

static int bool_field(const json_t *v, int *out)
{
    if (!json_is_boolean(v))
        return -1;
    *out = json_is_true(v);
    return 0;
}

static tm_status parse_spec(et_spec *s, const json_t *obj, const char *where,
                            tm_error *err)
{
    memset(s, 0, sizeof(*s));
    s->is_cap = s->is_upper = s->is_lower = s->is_number = s->is_punct = -1;
    s->op = '1';
    if (!json_is_object(obj))
        return tm_error_set(err, TM_ERR_CONFIG,
                            "%s: a token test must be an object such as "
                            "{\"lower\": \"acme\"}", where);
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        int bad = 0;
        if (strcmp(key, "text") == 0) {
            bad = !json_is_string(v) || !(s->text = strdup(json_string_value(v)));
        } else if (strcmp(key, "lower") == 0) {
            bad = !json_is_string(v) || !(s->lower = fold_dup(json_string_value(v)));
        } else if (strcmp(key, "shape") == 0) {
            bad = !json_is_string(v) || !(s->shape = strdup(json_string_value(v)));
        } else if (strcmp(key, "in") == 0) {
            bad = !json_is_array(v) || json_array_size(v) == 0;
            if (!bad && !(s->in = calloc(json_array_size(v) + 1, sizeof(char *))))
                bad = 1;
            for (size_t i = 0; !bad && i < json_array_size(v); i++) {
                const char *w = json_string_value(json_array_get(v, i));
                bad = !w || !(s->in[i] = fold_dup(w));
            }
        } else if (strcmp(key, "is_capitalized") == 0 || strcmp(key, "is_title") == 0) {
            bad = bool_field(v, &s->is_cap);
        } else if (strcmp(key, "is_upper") == 0) {
            bad = bool_field(v, &s->is_upper);
        } else if (strcmp(key, "is_lower") == 0) {
            bad = bool_field(v, &s->is_lower);
        } else if (strcmp(key, "is_number") == 0 || strcmp(key, "is_digit") == 0) {
            bad = bool_field(v, &s->is_number);
        } else if (strcmp(key, "is_punct") == 0) {
            bad = bool_field(v, &s->is_punct);
        } else if (strcmp(key, "op") == 0) {
            const char *o = json_string_value(v);
            bad = !o || strlen(o) != 1 || !strchr("?*+1", o[0]);
            if (!bad)
                s->op = o[0];
        } else {
            return tm_error_set(err, TM_ERR_CONFIG,
                                "%s: unknown key \"%s\" (allowed: text, lower, in, "
                                "shape, is_capitalized, is_upper, is_lower, "
                                "is_number, is_punct, op)", where, key);
        }
        if (bad)
            return tm_error_set(err, TM_ERR_CONFIG,
                                "%s.%s: bad value (text, lower, shape: a string; "
                                "in: an array of strings; is_*: true or false; "
                                "op: \"?\", \"*\", \"+\")", where, key);
    }
    return TM_OK;
}

tm_status et_patterns_parse(et_patterns *ps, const json_t *obj, et_lexicon *lx,
                            tm_error *err)
{
    const char *name;
    json_t *list;
    json_object_foreach((json_t *)obj, name, list) {
        char where[256];
        snprintf(where, sizeof(where), "patterns[\"%.100s\"]", name);
        bool ok = name[0] != '\0';
        for (const char *c = name; *c; c++)
            ok = ok && ((*c >= 'A' && *c <= 'Z') || *c == '_' || (*c >= '0' && *c <= '9'));
        int label = ok ? et_label_index(lx, name, true) : -1;
        if (label < 0)
            return tm_error_set(err, TM_ERR_CONFIG,
                                "%s: the label must be upper case letters, "
                                "digits or '_'", where);
        if (!json_is_array(list))
            return tm_error_set(err, TM_ERR_CONFIG,
                                "%s: expected an array of patterns (each an "
                                "array of token tests)", where);
        size_t i;
        json_t *pat;
        json_array_foreach(list, i, pat) {
            char pw[300];
            snprintf(pw, sizeof(pw), "%s[%zu]", where, i);
            if (!json_is_array(pat) || json_array_size(pat) == 0 ||
                json_array_size(pat) > 32)
                return tm_error_set(err, TM_ERR_CONFIG,
                                    "%s: a pattern is an array of 1 to 32 token "
                                    "tests", pw);
            et_pattern *p = calloc(1, sizeof(*p));
            et_pattern **v = realloc(ps->items, (ps->size + 1) * sizeof(*v));
            if (!p || !v) {
                free(p);
                if (v)
                    ps->items = v;
                return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
            }
            ps->items = v;
            ps->items[ps->size++] = p;
            p->label = label;
            snprintf(p->rule, sizeof(p->rule), "user_pattern:%.60s#%zu", name, i);
            p->specs = calloc(json_array_size(pat), sizeof(et_spec));
            if (!p->specs)
                return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
            for (size_t k = 0; k < json_array_size(pat); k++) {
                char sw[340];
                snprintf(sw, sizeof(sw), "%s[%zu]", pw, k);
                p->nspecs = k + 1; /* so that free sees the parsed ones */
                tm_status st = parse_spec(&p->specs[k], json_array_get(pat, k), sw, err);
                if (st != TM_OK)
                    return st;
            }
        }
    }
    return TM_OK;
}

/* The shape of a token as spaCy writes it: X, x, d, runs cut at 4. */
static bool shape_is(const et_run *r, size_t i, const char *shape)
{
    const char *s = r->text + r->toks[i].start;
    size_t len = r->toks[i].end - r->toks[i].start, o = 0;
    char last = 0;
    int run = 0;
    for (size_t k = 0; k < len; k++) {
        unsigned char c = (unsigned char)s[k];
        char m = c >= 'A' && c <= 'Z' ? 'X' : c >= 'a' && c <= 'z' ? 'x'
                 : c >= '0' && c <= '9' ? 'd' : (char)c;
        if (c >= 0x80)
            m = (r->toks[i].flags & TM_TOK_CAPITALIZED) && k == 0 ? 'X' : 'x';
        if ((c & 0xC0) == 0x80)
            continue; /* continuation byte */
        run = m == last ? run + 1 : 1;
        last = m;
        if (run > 4)
            continue;
        if (shape[o] != m)
            return false;
        o++;
    }
    return shape[o] == '\0';
}

static bool spec_ok(const et_run *r, size_t i, const et_spec *s)
{
    const et_tok *t = &r->toks[i];
    uint32_t f = t->flags;
    if (t->taken)
        return false;
    if (s->text && !et_is_text(r, i, s->text))
        return false;
    if (s->lower && !et_is(r, i, s->lower))
        return false;
    if (s->in) {
        bool any = false;
        for (char **p = s->in; *p && !any; p++)
            any = et_is(r, i, *p);
        if (!any)
            return false;
    }
    if (s->shape && !shape_is(r, i, s->shape))
        return false;
    if (s->is_cap >= 0 && s->is_cap != ((f & (TM_TOK_CAPITALIZED | TM_TOK_ALL_CAPS)) != 0))
        return false;
    if (s->is_upper >= 0 && s->is_upper != ((f & TM_TOK_ALL_CAPS) != 0))
        return false;
    if (s->is_lower >= 0 && s->is_lower != ((f & TM_TOK_LOWER) != 0 && !(f & TM_TOK_CAPITALIZED)))
        return false;
    if (s->is_number >= 0 && s->is_number != ((f & TM_TOK_NUMBER) != 0))
        return false;
    if (s->is_punct >= 0 && s->is_punct != ((f & TM_TOK_PUNCT) != 0))
        return false;
    return true;
}

/* The longest end of pattern specs [k..] matched from token i, or 0. */
static size_t match_from(const et_run *r, const et_pattern *p, size_t k, size_t i)
{
    if (k == p->nspecs)
        return i;
    const et_spec *s = &p->specs[k];
    size_t best = 0;
    if (s->op == '1' || s->op == '+') {
        if (i >= r->ntoks || !spec_ok(r, i, s))
            return 0;
        if (s->op == '1')
            return match_from(r, p, k + 1, i + 1);
        i++; /* '+' now behaves as '*' */
    }
    if (s->op == '?' ) {
        if (i < r->ntoks && spec_ok(r, i, s))
            best = match_from(r, p, k + 1, i + 1);
        size_t skip = match_from(r, p, k + 1, i);
        return skip > best ? skip : best;
    }
    /* '*' (or the rest of '+'): greedy, longest overall */
    size_t j = i;
    while (j < r->ntoks && spec_ok(r, j, s))
        j++;
    for (size_t e = j + 1; e-- > i;) {
        size_t m = match_from(r, p, k + 1, e);
        if (m > best)
            best = m;
        if (best)
            break;
    }
    return best;
}

static bool want_user(const et_run *r, const et_entry *e, size_t i, size_t j)
{
    return (e->flags & ET_E_USER) && !(e->flags & ET_E_NEVER) && et_case_ok(r, e, i, j);
}

int et_user_patterns(et_run *r)
{
    const et_patterns *ps = &r->tg->patterns;
    const et_lexicon *lx = &r->tg->lex;
    if (!lx->has_user && ps->size == 0)
        return 0;
    for (size_t i = 0; i < r->ntoks; i++) {
        if (r->toks[i].taken)
            continue;
        size_t best = i;
        int label = -1;
        const char *rule = NULL;
        if (lx->has_user && r->toks[i].e) {
            const et_entry *e;
            size_t j = et_longest(r, i, r->ntoks, want_user, &e);
            if (j > i) {
                best = j;
                label = e->label;
                rule = lx->sources[e->source];
            }
        }
        for (size_t p = 0; p < ps->size; p++) {
            size_t j = match_from(r, ps->items[p], 0, i);
            if (j > best) {
                best = j;
                label = ps->items[p]->label;
                rule = ps->items[p]->rule;
            }
        }
        if (best > i) {
            if (et_emit(r, i, best, label, ET_STRONG, 0.95, rule, 0, 0) != 0)
                return -1;
            i = best - 1;
        }
    }
    return 0;
}
