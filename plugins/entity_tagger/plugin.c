/* plugin.c - the entity_tagger descriptor: options, create, process. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <textmill/plugin.h>
#include <textmill/utf8.h>

#include "et.h"

static const char *const label_choices[] = {
    "PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "DATE",
    "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL", "EMAIL",
    "URL", NULL};

static const tm_option options[] = {
    {.name = "drop_labels", .type = TM_OPT_STRING_LIST, .default_json = "[]",
     .choices = label_choices,
     .help = "Labels never written to the entities layer, e.g. [\"CARDINAL\", "
             "\"ORDINAL\"]; the rules still use them internally."},
    {.name = "gazetteers", .type = TM_OPT_OBJECT, .default_json = "{}",
     .help = "Extra list files, {\"path\": \"LABEL\"}: one phrase a line, '#' "
             "comments, optional TAB then a label; a new upper-case label is "
             "allowed, \"NONE\" makes a never-tag list; paths are relative to "
             "the pipeline file."},
    {.name = "phrases", .type = TM_OPT_OBJECT, .default_json = "{}",
     .help = "Inline phrase lists, {\"LABEL\": [\"phrase\", ...]}, winning over "
             "the shipped lists; longest match wins; a phrase with capitals must "
             "be capitalized in the text, one in lower case matches any case."},
    {.name = "patterns", .type = TM_OPT_OBJECT, .default_json = "{}",
     .help = "Token patterns, {\"LABEL\": [[{\"lower\": \"acme\"}, "
             "{\"shape\": \"Xx\", \"op\": \"+\"}], ...]}; keys text, lower, "
             "in, shape, is_capitalized, is_upper, is_lower, is_number, "
             "is_punct, op (?, *, +); they run before every built-in rule."},
    {.name = "never_tag", .type = TM_OPT_STRING_LIST, .default_json = "[]",
     .help = "Phrases that are never tagged, whatever rule finds them "
             "(matched without regard to case)."},
    {.name = "builtin_lists", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Load the shipped lists (places, organizations, names, titles, "
             "keywords); false keeps only the number and date words and your "
             "own lists."},
    {.name = "document_consistency", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Give later and earlier mentions the label of a full mention "
             "(\"Putin\" after \"Vladimir Putin\", \"NATO\" after its long "
             "form) within a document."},
    {.name = "guess_unknown", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Tag capitalized words that no list knows from their context "
             "(\"X said\", \"in X\", \"X-based\", unknown acronyms, a given "
             "name alone); false keeps only list-, keyword-, title- and "
             "document-backed names."},
    {.name = "lowercase_gazetteer", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Also match place names written in lower case (\"new york\", "
             "\"malaysia\"), as in informal text; never places that are also "
             "common words or names (\"china\", \"jordan\")."},
    {.name = "min_score", .type = TM_OPT_NUMBER, .default_json = "0",
     .has_range = 1, .min = 0, .max = 1,
     .help = "Drop entities whose rule confidence (the span's score) is "
             "below this value; 0 keeps everything."},
    {0}};

static const char *const requires_layers[] = {"sentences", NULL};
static const char *const provides_layers[] = {"entities", NULL};

/* The shipped lists: file, default label (or -1) and default clue. */
static const struct {
    const char *file;
    int label;
    int clue; /* -1 = none; lines then name their clue */
    bool core; /* loaded even when builtin_lists is false */
} shipped[] = {
    {"numbers_dates.txt", -1, -1, true},
    {"context_words.txt", -1, -1, true},
    {"common_words.txt", -1, ET_C_COMMON, false},
    {"titles.txt", -1, ET_C_TITLE, false},
    {"keywords.txt", -1, ET_C_KW_ORG, false},
    {"given_names.txt", -1, ET_C_GIVEN, false},
    {"surnames.txt", -1, ET_C_SURNAME, false},
    {"countries.txt", ET_GPE, -1, false},
    {"regions.txt", ET_GPE, -1, false},
    {"cities.txt", ET_GPE, -1, false},
    {"places.txt", ET_LOC, -1, false},
    {"nationalities.txt", ET_NORP, -1, false},
    {"organizations.txt", ET_ORG, -1, false},
};

static void join_path(char *out, size_t size, const char *dir, const char *file)
{
    if (file[0] == '/' || !dir || !dir[0])
        snprintf(out, size, "%s", file);
    else
        snprintf(out, size, "%s/%s", dir, file);
}

static tm_status load_shipped(et_tagger *tg, const char *data_dir, bool all,
                              tm_error *err)
{
    if (!data_dir)
        return tm_error_set(err, TM_ERR_CONFIG,
                            "entity_tagger: no data folder (the plugin's data/ "
                            "files are missing from the installation)");
    for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
        if (!all && !shipped[i].core)
            continue;
        char path[4096], source[128];
        join_path(path, sizeof(path), data_dir, shipped[i].file);
        snprintf(source, sizeof(source), "list:%.*s",
                 (int)(strlen(shipped[i].file) - 4), shipped[i].file);
        uint64_t clues = shipped[i].clue >= 0 ? ET_CLUE(shipped[i].clue) : 0;
        tm_status st = et_lexicon_load_file(&tg->lex, path, source,
                                            shipped[i].label, clues, false,
                                            false, err);
        if (st != TM_OK)
            return st;
    }
    return TM_OK;
}

/* A label name from the config: a built-in one or a new upper-case name. */
static int config_label(et_tagger *tg, const char *name, const char *where,
                        tm_error *err)
{
    bool ok = name[0] != '\0';
    for (const char *p = name; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || *p == '_' || (*p >= '0' && *p <= '9')))
            ok = false;
    int lab = ok ? et_label_index(&tg->lex, name, true) : -1;
    if (lab < 0)
        tm_error_set(err, TM_ERR_CONFIG,
                     "%s: label \"%s\" must be upper case letters, digits or "
                     "'_' (and at most %d labels in all)",
                     where, name, ET_MAX_LABELS);
    return lab;
}

static tm_status load_user_gazetteers(et_tagger *tg, const json_t *obj,
                                      const char *base, tm_error *err)
{
    const char *file;
    json_t *value;
    json_object_foreach((json_t *)obj, file, value) {
        if (!json_is_string(value)) {
            tm_error_set_path(err, "config.gazetteers");
            return tm_error_set(err, TM_ERR_CONFIG,
                                "gazetteers[\"%s\"]: the value must be a label "
                                "string such as \"ORG\" or \"NONE\"",
                                file);
        }
        const char *name = json_string_value(value);
        int lab = -1;
        uint64_t clues = 0;
        int c = et_clue_by_name(name);
        if (c >= 0) {
            clues = ET_CLUE(c);
        } else if (strcmp(name, "NONE") != 0) {
            char where[300];
            snprintf(where, sizeof(where), "gazetteers[\"%.200s\"]", file);
            if ((lab = config_label(tg, name, where, err)) < 0)
                return TM_ERR_CONFIG;
        }
        char path[4096], source[300];
        join_path(path, sizeof(path), base, file);
        const char *slash = strrchr(file, '/');
        snprintf(source, sizeof(source), "user_list:%.200s", slash ? slash + 1 : file);
        tm_status st = et_lexicon_load_file(&tg->lex, path, source, lab, clues,
                                            true, true, err);
        if (st != TM_OK)
            return st;
    }
    return TM_OK;
}

static tm_status load_phrases(et_tagger *tg, const json_t *obj, tm_error *err)
{
    const char *name;
    json_t *list;
    tg->user_source = et_source_index(&tg->lex, "user_phrases");
    json_object_foreach((json_t *)obj, name, list) {
        char where[300];
        snprintf(where, sizeof(where), "phrases[\"%.200s\"]", name);
        int lab = config_label(tg, name, where, err);
        if (lab < 0)
            return TM_ERR_CONFIG;
        if (!json_is_array(list))
            return tm_error_set(err, TM_ERR_CONFIG,
                                "%s: expected an array of phrases", where);
        size_t i;
        json_t *ph;
        json_array_foreach(list, i, ph) {
            const char *s = json_string_value(ph);
            if (!s)
                return tm_error_set(err, TM_ERR_CONFIG,
                                    "%s[%zu]: expected a string", where, i);
            tm_status st = et_lexicon_add(&tg->lex, s, strlen(s), lab, 0,
                                          tg->user_source, 0, true);
            if (st == TM_ERR_CONFIG)
                return tm_error_set(err, st,
                                    "%s[%zu]: \"%s\" has no word or more "
                                    "than %d tokens",
                                    where, i, s, ET_MAX_PHRASE_TOKENS);
            if (st != TM_OK)
                return tm_error_set(err, st, "out of memory");
        }
    }
    return TM_OK;
}

static void tagger_destroy(void *instance)
{
    et_tagger *tg = instance;
    if (!tg)
        return;
    et_patterns_free(&tg->patterns);
    et_lexicon_free(&tg->lex);
    free(tg);
}

static tm_status tagger_create(const json_t *config, const tm_plugin_env *env,
                               void **instance, tm_error *err)
{
    et_tagger *tg = calloc(1, sizeof(*tg));
    if (!tg || et_lexicon_init(&tg->lex) != 0) {
        free(tg);
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    }
    tg->consistency = tm_config_bool(config, "document_consistency");
    tg->guess = tm_config_bool(config, "guess_unknown");
    tg->lowercase_gazetteer = tm_config_bool(config, "lowercase_gazetteer");
    tg->min_score = tm_config_number(config, "min_score");
    for (size_t i = 0; i < tm_config_list_size(config, "drop_labels"); i++) {
        int lab = et_label_index(&tg->lex, tm_config_list_at(config, "drop_labels", i), false);
        if (lab >= 0)
            tg->drop[lab] = true;
    }

    tm_status st = load_shipped(tg, env->data_dir,
                                tm_config_bool(config, "builtin_lists"), err);
    const char *base = env->pipeline_dir ? env->pipeline_dir : ".";
    if (st == TM_OK)
        st = load_user_gazetteers(tg, json_object_get(config, "gazetteers"), base, err);
    if (st == TM_OK)
        st = load_phrases(tg, json_object_get(config, "phrases"), err);
    if (st == TM_OK)
        st = et_patterns_parse(&tg->patterns, json_object_get(config, "patterns"),
                               &tg->lex, err);
    for (size_t i = 0; st == TM_OK && i < tm_config_list_size(config, "never_tag"); i++) {
        const char *s = tm_config_list_at(config, "never_tag", i);
        st = et_lexicon_add(&tg->lex, s, strlen(s), -1, 0, 0, ET_E_NEVER, false);
        if (st == TM_ERR_CONFIG)
            tm_error_set(err, st, "never_tag[%zu]: \"%s\" has no word or more "
                         "than %d tokens", i, s, ET_MAX_PHRASE_TOKENS);
        else if (st != TM_OK)
            tm_error_set(err, st, "out of memory");
    }
    if (st != TM_OK) {
        tagger_destroy(tg);
        return st;
    }
    *instance = tg;
    return TM_OK;
}

/* ---- helpers shared by the passes ------------------------------------------ */

bool et_case_ok(const et_run *r, const et_entry *e, size_t i, size_t j)
{
    const et_tok *t = r->toks;
    if (e->flags & ET_E_ANYCASE)
        return true;
    if (e->flags & ET_E_UPPER) {
        for (size_t k = i; k < j; k++)
            if ((t[k].flags & TM_TOK_WORD) &&
                ((t[k].flags & TM_TOK_LOWER) || !(t[k].flags & (TM_TOK_ALL_CAPS | TM_TOK_DOTTED))))
                return false;
        /* "US" in a sentence all in capitals is as likely "us". */
        return !r->caps_sentence || j - i > 1 || (t[i].flags & TM_TOK_DOTTED);
    }
    size_t last = j - 1;
    while (last > i && !(t[last].flags & TM_TOK_WORD))
        last--;
    const uint32_t cap = TM_TOK_CAPITALIZED | TM_TOK_ALL_CAPS;
    if ((t[i].flags & cap) && (t[last].flags & cap))
        return true;
    /* Informal text: "new york", "malaysia". Only places, and never one
     * that is also a common word or a name ("china", "jordan"). */
    const uint64_t unsafe = ET_CLUE(ET_C_COMMON) | ET_CLUE(ET_C_GIVEN) | ET_CLUE(ET_C_SURNAME);
    return r->tg->lowercase_gazetteer && (e->flags & ET_E_ENTITY) &&
           (e->label == ET_GPE || e->label == ET_LOC) && !(e->clues & unsafe) &&
           (t[i].flags & TM_TOK_WORD) && (j - i > 1 || t[i].lk_len >= 5) &&
           !((t[i].flags & TM_TOK_ALL_CAPS) && j - i == 1);
}

const et_entry *et_find_range(const et_run *r, size_t i, size_t j)
{
    if (j == i + 1)
        return r->toks[i].e;
    char key[ET_MAX_KEY];
    size_t n = 0;
    uint32_t h = r->toks[i].hash;
    for (size_t t = i; t < j; t++) {
        size_t l = r->toks[t].lk_len;
        if (n + l + 1 >= sizeof(key))
            return NULL;
        if (t > i) {
            key[n++] = ' ';
            h = et_hash_join(h, r->toks[t].hash);
        }
        memcpy(key + n, r->toks[t].lk, l);
        n += l;
    }
    return et_lexicon_find(&r->tg->lex, h, key, n);
}

size_t et_longest(const et_run *r, size_t i, size_t limit,
                  bool (*want)(const et_run *, const et_entry *, size_t, size_t),
                  const et_entry **out)
{
    size_t best = i;
    *out = NULL;
    const et_entry *e = r->toks[i].e;
    if (!e)
        return i;
    if (want(r, e, i, i + 1)) {
        best = i + 1;
        *out = e;
    }
    if (!(e->flags & ET_E_PREFIX))
        return best;
    char key[ET_MAX_KEY];
    size_t n = r->toks[i].lk_len;
    if (n >= sizeof(key))
        return best;
    memcpy(key, r->toks[i].lk, n);
    uint32_t h = r->toks[i].hash;
    size_t end = limit < i + ET_MAX_PHRASE_TOKENS ? limit : i + ET_MAX_PHRASE_TOKENS;
    for (size_t j = i + 1; j < end; j++) {
        size_t l = r->toks[j].lk_len;
        if (n + l + 1 >= sizeof(key) || r->toks[j].taken)
            break;
        key[n++] = ' ';
        memcpy(key + n, r->toks[j].lk, l);
        h = et_hash_join(h, r->toks[j].hash);
        n += l;
        e = et_lexicon_find(&r->tg->lex, h, key, n);
        if (!e)
            break;
        if (want(r, e, i, j + 1)) {
            best = j + 1;
            *out = e;
        }
        if (!(e->flags & ET_E_PREFIX))
            break;
    }
    return best;
}

static int add_cand(et_run *r, et_cand c)
{
    if (r->ncands == r->cap_cands) {
        size_t cap = r->cap_cands ? r->cap_cands * 2 : 64;
        et_cand *v = realloc(r->cands, cap * sizeof(*v));
        if (!v)
            return -1;
        r->cands = v;
        r->cap_cands = cap;
    }
    r->cands[r->ncands++] = c;
    return 0;
}

int et_emit(et_run *r, size_t i, size_t j, int label, int strength,
            double score, const char *rule, size_t ref_start, size_t ref_end)
{
    int words = 0;
    for (size_t t = i; t < j; t++) {
        r->toks[t].taken = 1;
        words += (r->toks[t].flags & (TM_TOK_WORD | TM_TOK_NUMBER)) != 0;
    }
    et_cand c = {.start = r->toks[i].start, .end = r->toks[j - 1].end,
                 .label = label, .strength = strength, .score = score,
                 .rule = rule, .ref_start = ref_start, .ref_end = ref_end,
                 .ntok = words, .sent_initial = i == 0,
                 .register_name = strength == ET_STRONG};
    return add_cand(r, c);
}

int et_emit_bytes(et_run *r, size_t start, size_t end, int label, double score,
                  const char *rule)
{
    et_cand c = {.start = start, .end = end, .label = label,
                 .strength = ET_STRONG, .score = score, .rule = rule, .ntok = 1};
    return add_cand(r, c);
}

/* ---- process --------------------------------------------------------------- */

/* Tokenizes text[start, end) into r->toks with folded forms and lookups. */
static int load_sentence(et_run *r, size_t start, size_t end)
{
    tm_tokens_clear(&r->toks_raw);
    if (tm_tokenize(r->text, start, end, &r->toks_raw) != TM_OK)
        return -1;
    size_t n = r->toks_raw.size;
    if (n > r->cap_toks) {
        size_t cap = n + n / 2 + 16;
        et_tok *v = realloc(r->toks, cap * sizeof(*v));
        if (!v)
            return -1;
        r->toks = v;
        size_t *ue = realloc(r->unit_end, cap * sizeof(*ue));
        if (ue)
            r->unit_end = ue;
        const et_entry **u = realloc(r->unit, cap * sizeof(*u));
        if (u)
            r->unit = u;
        size_t *na = realloc(r->num_at, cap * sizeof(*na));
        if (na)
            r->num_at = na;
        size_t *ma = realloc(r->name_at, cap * sizeof(*ma));
        if (ma)
            r->name_at = ma;
        if (!ue || !u || !na || !ma)
            return -1;
        r->cap_toks = cap;
    }
    /* Folding may grow a character (rarely); 4x is always enough, and
     * sizing it first keeps the lk pointers stable. */
    size_t need = (end - start) * 4 + 16;
    if (need > r->fold_cap) {
        char *v = realloc(r->fold, need);
        if (!v)
            return -1;
        r->fold = v;
        r->fold_cap = need;
    }
    r->fold_len = 0;
    r->ntoks = n;
    r->nnum = r->nname = 0;
    r->first_word = n;
    r->words = r->cap_words = 0;
    const et_lexicon *lx = &r->tg->lex;
    const bool lowgaz = r->tg->lowercase_gazetteer;
    int words = 0, caps = 0;
    for (size_t i = 0; i < n; i++) {
        const tm_token *t = &r->toks_raw.items[i];
        et_tok *k = &r->toks[i];
        uint32_t f = t->flags;
        k->start = t->start;
        k->end = t->end;
        k->flags = f;
        k->taken = 0;
        const char *s = r->text + t->start;
        size_t len = t->end - t->start;
        /* ASCII without capitals is its own folded form. */
        bool plain;
        uint32_t h = et_hash_word(s, len, &plain);
        if (plain) {
            k->lk = s;
            k->lk_len = (uint32_t)len;
        } else {
            char *out = r->fold + r->fold_len;
            size_t m = et_fold(s, len, out, r->fold_cap - r->fold_len);
            k->lk = out;
            k->lk_len = (uint32_t)m;
            r->fold_len += m;
            h = et_hash(out, m);
        }
        k->hash = h;
        /* Words, and symbols that begin phrases ("$", "&"). */
        const et_entry *e = NULL;
        if (f & (TM_TOK_WORD | TM_TOK_POSSESSIVE | TM_TOK_PUNCT))
            e = et_lexicon_find(lx, h, k->lk, k->lk_len);
        k->e = e;
        k->clues = e ? e->clues : 0;
        if (f & (TM_TOK_WORD | TM_TOK_POSSESSIVE)) {
            words++;
            caps += (f & TM_TOK_ALL_CAPS) != 0;
        }
        /* The tokens the passes may start on: a superset, each pass
         * still checks its own conditions. */
        if (f & TM_TOK_WORD) {
            bool cap = f & (TM_TOK_CAPITALIZED | TM_TOK_ALL_CAPS);
            if (r->first_word == n)
                r->first_word = i;
            r->words++;
            r->cap_words += cap;
            if (cap || (e && lowgaz && !(k->clues & ET_CLUE(ET_C_COMMON))))
                r->name_at[r->nname++] = i;
            if ((*s >= '0' && *s <= '9') ||
                (e && ((k->clues & ET_NUMERIC_CLUES) || et_is(r, i, "a") || et_is(r, i, "an"))))
                r->num_at[r->nnum++] = i;
        } else if (f & TM_TOK_NUMBER) {
            r->num_at[r->nnum++] = i;
        }
    }
    r->caps_sentence = words >= 3 && caps * 2 > words;
    return 0;
}

static int cand_cmp(const void *a, const void *b)
{
    const et_cand *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return 0;
}

/* True when the candidate's text is on the never-tag list. */
static bool never_tagged(et_run *r, const et_cand *c)
{
    if (load_sentence(r, c->start, c->end) != 0 || r->ntoks == 0)
        return false;
    const et_entry *e = et_find_range(r, 0, r->ntoks);
    return e && (e->flags & ET_E_NEVER);
}

static tm_status write_layer(et_run *r, tm_doc *doc, tm_error *err)
{
    tm_layer *layer = tm_doc_add_layer(doc, "entities");
    if (!layer)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    if (r->ncands > 1)
        qsort(r->cands, r->ncands, sizeof(*r->cands), cand_cmp);
    const et_tagger *tg = r->tg;
    size_t last_end = 0;
    for (size_t i = 0; i < r->ncands; i++) {
        const et_cand *c = &r->cands[i];
        if (c->label < 0 || tg->drop[c->label] || c->score < tg->min_score)
            continue;
        if (c->start < last_end) /* never overlap (defensive) */
            continue;
        if (tg->lex.has_never && never_tagged(r, c))
            continue;
        tm_span *sp = tm_layer_add(layer, c->start, c->end,
                                   tg->lex.labels[c->label], err);
        if (!sp)
            return err->code ? err->code : TM_ERR_PROCESS;
        last_end = c->end;
        sp->score = c->score;
        sp->has_score = true;
        /* The rule, and the words that triggered it ("title:President").
         * Both are valid UTF-8 (the lists were checked when loaded, the
         * reference is cut on a character boundary), so skip the check. */
        json_t *rule;
        if (c->ref_end > c->ref_start) {
            char buf[256];
            size_t ref = c->ref_end - c->ref_start;
            size_t room = sizeof(buf) - strlen(c->rule) - 2;
            if (ref > room) {
                ref = room;
                while (ref > 0 && !tm_utf8_is_lead((unsigned char)r->text[c->ref_start + ref]))
                    ref--;
            }
            int n = snprintf(buf, sizeof(buf), "%s:%.*s", c->rule, (int)ref,
                             r->text + c->ref_start);
            rule = json_stringn_nocheck(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
        } else {
            rule = json_string_nocheck(c->rule);
        }
        json_t *attrs = json_object();
        if (!attrs || !rule || json_object_set_new(attrs, "rule", rule) != 0) {
            json_decref(attrs);
            return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        }
        sp->attrs = attrs;
    }
    return TM_OK;
}

static tm_status tagger_process(void *instance, tm_doc *doc, tm_error *err)
{
    et_run run = {.tg = instance};
    et_run *r = &run;
    r->text = tm_doc_text(doc, &r->text_len);
    const tm_layer *sents = tm_doc_layer(doc, "sentences");
    size_t nsent = sents ? tm_layer_size(sents) : 0;
    tm_status st = TM_OK;
    size_t done = 0; /* sentences may overlap or be unsorted: never go back */
    for (size_t s = 0; s < (sents ? nsent : 1) && st == TM_OK; s++) {
        size_t start = 0, end = r->text_len;
        if (sents) {
            const tm_span *sp = tm_layer_span(sents, s);
            start = sp->start > done ? sp->start : done;
            end = sp->end;
        }
        if (end <= start)
            continue;
        done = end;
        size_t mark = r->ncands;
        if (et_scan_links(r, start, end) != 0 || load_sentence(r, start, end) != 0) {
            st = TM_ERR_NOMEM;
            break;
        }
        /* Tokens inside an e-mail address or URL are taken. */
        for (size_t c = mark; c < r->ncands; c++)
            for (size_t t = 0; t < r->ntoks; t++)
                if (r->toks[t].start < r->cands[c].end && r->toks[t].end > r->cands[c].start)
                    r->toks[t].taken = 1;
        if (et_user_patterns(r) != 0 || et_numeric(r) != 0 || et_names(r) != 0)
            st = TM_ERR_NOMEM;
    }
    if (st == TM_OK && r->tg->consistency && et_document_pass(r) != 0)
        st = TM_ERR_NOMEM;
    if (st == TM_OK)
        st = write_layer(r, doc, err);
    else
        tm_error_set(err, st, "out of memory");
    tm_tokens_free(&r->toks_raw);
    free(r->toks);
    free(r->unit_end);
    free(r->unit);
    free(r->num_at);
    free(r->name_at);
    free(r->fold);
    free(r->cands);
    return st;
}

TM_PLUGIN_DEFINE(
    .name = "entity_tagger", .version = "1.0.0",
    .summary = "Tags named entities, dates, numbers, e-mail and URLs with "
               "lists, patterns and context rules (the \"entities\" layer).",
    .options = options, .requires_layers = requires_layers,
    .provides = provides_layers, .flags = TM_PLUGIN_THREAD_SAFE,
    .create = tagger_create, .process = tagger_process,
    .destroy = tagger_destroy);
