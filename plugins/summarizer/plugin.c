/*
 * plugin.c - the summarizer stage: options, the combined score, the layer.
 *
 * create builds the lexicon (stop words, stemmer choice, marker words);
 * process turns the "sentences" layer into a model (model.c), scores it
 * (score.c), applies the penalties (rules.c), chooses sentences (select.c)
 * and writes the "summary" layer and the "summary" metadata string. The
 * instance is read-only after create except for the per-thread caches in the
 * lexicon, which each thread owns; one instance serves every worker.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <textmill/plugin.h>

#include "lexicon.h"
#include "model.h"
#include "rules.h"
#include "score.h"
#include "select.h"

static const char *const languages[] = {"en", "de", "fr", "es", "ru", NULL};
static const char *const methods[] = {"combined", "graph", "centroid",
                                      "position", NULL};

static const tm_option options[] = {
    {.name = "method", .type = TM_OPT_STRING, .default_json = "\"combined\"",
     .choices = methods,
     .help = "How sentences are scored: \"combined\" (graph centrality, "
             "centroid similarity and a lead bias that adapts to the text), "
             "\"graph\" (LexRank-style centrality), \"centroid\" (similarity "
             "to the document's term centroid) or \"position\" (earlier is "
             "better)."},
    {.name = "sentences", .type = TM_OPT_INT, .default_json = "0",
     .has_range = 1, .min = 0, .max = 100000,
     .help = "Most sentences in the summary; 0 = no sentence limit. When no "
             "limit at all is set, the summary has 3 sentences."},
    {.name = "ratio", .type = TM_OPT_NUMBER, .default_json = "0",
     .has_range = 1, .min = 0, .max = 1,
     .help = "Most sentences as a share of the document's sentences (0.2 = "
             "a fifth, rounded up, at least 1); 0 = no ratio limit."},
    {.name = "max_words", .type = TM_OPT_INT, .default_json = "0",
     .has_range = 1, .min = 0, .max = 100000000,
     .help = "Most words in the summary (never exceeded: sentences that do "
             "not fit are skipped); 0 = no word limit."},
    {.name = "max_chars", .type = TM_OPT_INT, .default_json = "0",
     .has_range = 1, .min = 0, .max = 1000000000,
     .help = "Most characters (code points) in the summary text, sentences "
             "joined by one space (never exceeded); 0 = no character limit."},
    {.name = "redundancy", .type = TM_OPT_NUMBER, .default_json = "0.3",
     .has_range = 1, .min = 0, .max = 1,
     .help = "How strongly similarity to already chosen sentences counts "
             "against a sentence (maximal marginal relevance); 0 = off, "
             "otherwise near-duplicates (cosine >= 0.8) are never chosen."},
    {.name = "position_weight", .type = TM_OPT_NUMBER, .default_json = "0.5",
     .has_range = 1, .min = 0, .max = 1,
     .help = "For \"combined\": the most weight the lead bias gets; it is "
             "given in full only when the first sentences are as central as "
             "in news, so 0 turns it off and 1 trusts the lead most."},
    {.name = "similarity_threshold", .type = TM_OPT_NUMBER,
     .default_json = "0.1", .has_range = 1, .min = 0, .max = 1,
     .help = "For \"graph\" and \"combined\": the least cosine similarity "
             "that links two sentences in the graph."},
    {.name = "penalties", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Penalize poor summary material: very short sentences, "
             "bylines, datelines, photo captions, quote fragments (see "
             "docs/summarizer.md for the rules)."},
    {.name = "min_words", .type = TM_OPT_INT, .default_json = "4",
     .has_range = 1, .min = 0, .max = 1000,
     .help = "Sentences with fewer content words (not stop words) than "
             "this are penalized as too short."},
    {.name = "language", .type = TM_OPT_STRING, .default_json = "\"en\"",
     .choices = languages,
     .help = "Language of the text: picks the Snowball stemmer and the stop "
             "word list data/stopwords/LANG.txt."},
    {.name = "stemming", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Compare words by their Snowball stem (\"rates\" = \"rate\"); "
             "false compares case-folded words."},
    {.name = "builtin_stopwords", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Load the language's built-in stop word list; false to use "
             "only stopword_files and extra_stopwords."},
    {.name = "stopword_files", .type = TM_OPT_STRING_LIST,
     .default_json = "[]",
     .help = "More stop word files, one word a line, '#' starts a comment; "
             "relative paths are from the pipeline file's folder."},
    {.name = "extra_stopwords", .type = TM_OPT_STRING_LIST,
     .default_json = "[]",
     .help = "More stop words, e.g. [\"reuters\", \"said\"]."},
    {0}};

static const char *const requires[] = {"sentences", NULL};
static const char *const provides[] = {"summary", NULL};

typedef enum { M_COMBINED, M_GRAPH, M_CENTROID, M_POSITION } sm_method;

typedef struct summarizer {
    sm_lexicon lx;
    sm_method method;
    size_t sentences;
    double ratio;
    size_t max_words, max_chars;
    double redundancy;
    double position_weight;
    float threshold;
    bool penalties;
    uint32_t min_words;
} summarizer;

static void summarizer_destroy(void *instance)
{
    summarizer *sz = instance;
    if (!sz)
        return;
    sm_lexicon_free(&sz->lx);
    free(sz);
}

static tm_status load_user_lists(summarizer *sz, const json_t *config,
                                 const tm_plugin_env *env, tm_error *err)
{
    size_t files = tm_config_list_size(config, "stopword_files");
    for (size_t i = 0; i < files; i++) {
        const char *file = tm_config_list_at(config, "stopword_files", i);
        char path[4096];
        int n = file[0] == '/'
                    ? snprintf(path, sizeof(path), "%s", file)
                    : snprintf(path, sizeof(path), "%s/%s",
                               env->pipeline_dir ? env->pipeline_dir : ".",
                               file);
        if (n < 0 || (size_t)n >= sizeof(path))
            return tm_error_set(err, TM_ERR_CONFIG, "path too long: %s", file);
        tm_status rc = sm_lexicon_load_stopwords(&sz->lx, path, err);
        if (rc != TM_OK) {
            char at[64];
            snprintf(at, sizeof(at), "stopword_files[%zu]", i);
            tm_error_set_path(err, at);
            return rc;
        }
    }
    size_t extra = tm_config_list_size(config, "extra_stopwords");
    for (size_t i = 0; i < extra; i++) {
        const char *w = tm_config_list_at(config, "extra_stopwords", i);
        char origin[64];
        snprintf(origin, sizeof(origin), "extra_stopwords[%zu]", i);
        size_t len = strlen(w);
        tm_status rc = sm_lexicon_add_stopword(&sz->lx, w, len, origin, 0, err);
        if (rc != TM_OK) {
            tm_error_set_path(err, origin);
            return rc;
        }
    }
    return TM_OK;
}

static tm_status summarizer_create(const json_t *config,
                                   const tm_plugin_env *env, void **instance,
                                   tm_error *err)
{
    summarizer *sz = calloc(1, sizeof(*sz));
    if (!sz)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    const char *method = tm_config_string(config, "method");
    sz->method = strcmp(method, "graph") == 0      ? M_GRAPH
                 : strcmp(method, "centroid") == 0 ? M_CENTROID
                 : strcmp(method, "position") == 0 ? M_POSITION
                                                   : M_COMBINED;
    sz->sentences = (size_t)tm_config_int(config, "sentences");
    sz->ratio = tm_config_number(config, "ratio");
    sz->max_words = (size_t)tm_config_int(config, "max_words");
    sz->max_chars = (size_t)tm_config_int(config, "max_chars");
    sz->redundancy = tm_config_number(config, "redundancy");
    sz->position_weight = tm_config_number(config, "position_weight");
    sz->threshold = (float)tm_config_number(config, "similarity_threshold");
    sz->penalties = tm_config_bool(config, "penalties");
    sz->min_words = (uint32_t)tm_config_int(config, "min_words");

    tm_status rc = sm_lexicon_init(&sz->lx, env->data_dir,
                                   tm_config_string(config, "language"),
                                   tm_config_bool(config, "builtin_stopwords"),
                                   tm_config_bool(config, "stemming"), err);
    if (rc == TM_OK)
        rc = sm_rules_markers(&sz->lx, err);
    if (rc == TM_OK)
        rc = load_user_lists(sz, config, env, err);
    if (rc != TM_OK) {
        summarizer_destroy(sz);
        return rc;
    }
    *instance = sz;
    return TM_OK;
}

/* Scales scores so that the best one is 1 (all zero stays zero). */
static void normalize(float *v, size_t n)
{
    float top = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] > top)
            top = v[i];
    if (top > 0)
        for (size_t i = 0; i < n; i++)
            v[i] /= top;
}

/* The combined score: centrality and centroid similarity, averaged, plus a
 * lead bias whose weight depends on how central the first sentences are.
 * In news the lead states the story and is far more central than an average
 * sentence; in an essay or a story it is not, and the bias fades out. */
static int score_combined(const summarizer *sz, const sm_model *m, float *rel)
{
    size_t n = m->n;
    float *g = sm_alloc(m->cache, n * sizeof(*g));
    float *c = sm_alloc(m->cache, n * sizeof(*c));
    if (!g || !c || sm_score_graph(m, sz->threshold, g) != 0 ||
        sm_score_centroid(m, c) != 0)
        return -1;
    normalize(g, n);
    normalize(c, n);
    double all = 0, lead = 0;
    size_t nl = n < 3 ? n : 3;
    for (size_t i = 0; i < n; i++)
        all += c[i];
    for (size_t i = 0; i < nl; i++)
        lead += c[i];
    double ratio = all > 0 ? (lead / nl) / (all / n) : 0;
    double trust = (ratio - 0.9) / 0.4;
    trust = trust < 0 ? 0 : trust > 1 ? 1 : trust;
    float pw = (float)(sz->position_weight * trust);
    sm_score_position(m, rel);
    for (size_t i = 0; i < n; i++)
        rel[i] = (1 - pw) * 0.5f * (g[i] + c[i]) + pw * rel[i];
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* qsort context: C11 has no qsort_r, so sort (start, end, index). */
typedef struct sent_pos {
    size_t start, end;
    uint32_t index;
} sent_pos;

/* As tm_layer_sort: by start, the longer first, then in layer order. */
static int by_position(const void *a, const void *b)
{
    const sent_pos *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Puts starts and ends (n sentences of the layer sl) in text order and
 * returns where each came from in the layer, or NULL when out of memory. */
static uint32_t *sort_sentences(sm_cache *cache, const tm_layer *sl,
                                size_t *starts, size_t *ends, size_t n)
{
    sent_pos *pos = sm_alloc(cache, n * sizeof(*pos));
    uint32_t *order = sm_alloc(cache, n * sizeof(*order));
    if (!pos || !order)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const tm_span *sp = tm_layer_span(sl, i);
        pos[i] = (sent_pos){sp->start, sp->end, (uint32_t)i};
    }
    qsort(pos, n, sizeof(*pos), by_position);
    for (size_t i = 0; i < n; i++) {
        starts[i] = pos[i].start;
        ends[i] = pos[i].end;
        order[i] = pos[i].index;
    }
    return order;
}

/* Appends text[a..b) to buf with every run of white space as one space (but
 * none at the end); buf has room for b - a + 1 more bytes. The first byte of
 * a run becomes the space. Most runs are one byte: while no two white-space
 * bytes meet, SSE2 copies 16 bytes at a time, white space made spaces. */
static size_t append_squeezed(char *buf, size_t len, const char *text,
                              size_t a, size_t b)
{
    bool space = false; /* the byte before was white space */
    size_t i = a;
    while (i < b) {
#ifdef __SSE2__
        if (b - i >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
            __m128i ctl = _mm_sub_epi8(v, _mm_set1_epi8('\t'));
            __m128i ws = _mm_or_si128(
                _mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                _mm_cmpeq_epi8(_mm_min_epu8(ctl, _mm_set1_epi8('\r' - '\t')),
                               ctl));
            unsigned m = (unsigned)_mm_movemask_epi8(ws);
            if (!(m & (m << 1 | space))) {
                __m128i out = _mm_or_si128(_mm_andnot_si128(ws, v),
                                           _mm_and_si128(ws, _mm_set1_epi8(' ')));
                _mm_storeu_si128((__m128i *)(void *)(buf + len), out);
                len += 16;
                i += 16;
                space = m >> 15;
                continue;
            }
        }
#endif
        /* A byte at a time, without a branch: where words end is
         * unpredictable. */
        unsigned char ch = (unsigned char)text[i++];
        bool sp = ch == ' ' || (unsigned)(ch - '\t') <= '\r' - '\t';
        buf[len] = sp ? ' ' : (char)ch;
        len += !(sp & space);
        space = sp;
    }
    return len - space;
}

/* A new reference to {"rank": rank, "sentence": sentence}, shared through
 * the thread's cache when the numbers are small (see sm_cache_attrs);
 * NULL when out of memory. */
static json_t *span_attrs(sm_cache *cache, uint32_t rank, uint32_t sentence)
{
    json_t **slot = sm_cache_attrs(cache, rank, sentence);
    if (slot && *slot)
        return json_incref(*slot);
    /* Not json_pack: parsing its format costs more than the rest. */
    json_t *attrs = json_object();
    if (!attrs ||
        json_object_set_new_nocheck(attrs, "rank",
                                    json_integer((json_int_t)rank)) != 0 ||
        json_object_set_new_nocheck(attrs, "sentence",
                                    json_integer((json_int_t)sentence)) != 0) {
        json_decref(attrs);
        return NULL;
    }
    if (slot)
        *slot = json_incref(attrs);
    return attrs;
}

static tm_status summarizer_process(void *instance, tm_doc *doc, tm_error *err)
{
    summarizer *sz = instance;
    size_t text_len;
    const char *text = tm_doc_text(doc, &text_len);
    const tm_layer *sl = tm_doc_layer(doc, "sentences");
    size_t n = sl ? tm_layer_size(sl) : 0;
    tm_layer *out = tm_doc_add_layer(doc, "summary");
    if (!out)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    tm_layer_clear(out); /* a second run replaces the first one's spans */

    /* Every array below comes from the thread's cache and is taken back
     * when the thread starts its next document. */
    tm_status rc = TM_ERR_NOMEM;
    sm_cache *cache = sm_cache_get(&sz->lx);
    if (!cache || sm_cache_begin(cache, &sz->lx) != 0)
        goto done;
    size_t slots = n ? n : 1;
    size_t *starts = sm_alloc(cache, slots * sizeof(*starts));
    size_t *ends = sm_alloc(cache, slots * sizeof(*ends));
    float *rel = sm_alloc(cache, slots * sizeof(*rel));
    uint32_t *chosen = sm_alloc(cache, slots * sizeof(*chosen));
    uint32_t *rank = sm_alloc(cache, slots * sizeof(*rank));
    uint32_t *order = NULL; /* sentence i of the sorted copy is order[i] of
                               the layer; NULL when the layer is sorted */
    if (!starts || !ends || !rel || !chosen || !rank)
        goto done;
    /* Sentences in text order, as the sentence stage writes them; a layer
     * built by hand may not be, and then we work on a sorted copy. */
    bool sorted = true;
    for (size_t i = 0; i < n; i++) {
        const tm_span *sp = tm_layer_span(sl, i);
        starts[i] = sp->start;
        ends[i] = sp->end;
        if (i > 0 && starts[i] < starts[i - 1])
            sorted = false;
    }
    if (!sorted) {
        order = sort_sentences(cache, sl, starts, ends, n);
        if (!order)
            goto done;
    }
    sm_model m;
    if (sm_model_build(&m, text, text_len, starts, ends, n, cache) != 0)
        goto done;

    int ok = 0;
    switch (sz->method) {
    case M_POSITION: sm_score_position(&m, rel); break;
    case M_CENTROID: ok = sm_score_centroid(&m, rel); break;
    case M_GRAPH: ok = sm_score_graph(&m, sz->threshold, rel); break;
    case M_COMBINED: ok = n ? score_combined(sz, &m, rel) : 0; break;
    }
    if (ok != 0)
        goto done;
    normalize(rel, n);
    if (sz->penalties) {
        for (size_t i = 0; i < n; i++) {
            const char *rule;
            rel[i] *= sm_rules_penalty(text, &m.sents[i], sz->min_words, &rule);
        }
    }

    sm_limits lim = {.sentences = sz->sentences, .words = sz->max_words,
                     .chars = sz->max_chars, .redundancy = sz->redundancy};
    if (sz->ratio > 0) {
        size_t k = (size_t)ceil(sz->ratio * (double)n - 1e-9);
        if (k < 1)
            k = 1;
        if (!lim.sentences || k < lim.sentences)
            lim.sentences = k;
    }
    if (!lim.sentences && !lim.words && !lim.chars)
        lim.sentences = 3;
    long count = sm_select(&m, text, rel, &lim, chosen);
    if (count < 0)
        goto done;

    /* The rank is the order of choice; the layer is in text order. */
    float top = 0;
    for (size_t i = 0; i < n; i++)
        if (rel[i] > top)
            top = rel[i];
    for (long r = 0; r < count; r++)
        rank[chosen[r]] = (uint32_t)r + 1;
    qsort(chosen, (size_t)count, sizeof(*chosen), cmp_u32);

    size_t cap = 1;
    for (long r = 0; r < count; r++)
        cap += m.sents[chosen[r]].tend - m.sents[chosen[r]].tstart + 1;
    char *summary = sm_alloc(cache, cap);
    if (!summary)
        goto done;
    size_t len = 0;
    for (long r = 0; r < count; r++) {
        const sm_sent *s = &m.sents[chosen[r]];
        tm_span *sp = tm_layer_add(out, s->start, s->end, NULL, err);
        if (!sp) {
            rc = err && err->code != TM_OK ? err->code : TM_ERR_PROCESS;
            goto done;
        }
        sp->score = top > 0 ? rel[chosen[r]] / top : 0;
        sp->has_score = true;
        sp->attrs = span_attrs(cache, rank[chosen[r]],
                               order ? order[chosen[r]] : chosen[r]);
        if (!sp->attrs)
            goto done;
        if (len > 0 && s->tend > s->tstart)
            summary[len++] = ' ';
        len = append_squeezed(summary, len, text, s->tstart, s->tend);
    }
    summary[len] = '\0';
    /* Document text is valid UTF-8 without NUL bytes, and so is every
     * piece of it cut at character boundaries. */
    if (json_object_set_new_nocheck(tm_doc_meta(doc), "summary",
                                    json_stringn_nocheck(summary, len)) != 0)
        goto done;
    rc = TM_OK;

done:
    if (rc == TM_ERR_NOMEM && (!err || err->code != TM_ERR_NOMEM))
        tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    return rc;
}

TM_PLUGIN_DEFINE(
    .name = "summarizer", .version = "1.0.0",
    .summary = "Extractive summary of the \"sentences\" layer (the "
               "\"summary\" layer and the \"summary\" metadata string).",
    .options = options, .requires_layers = requires, .provides = provides,
    .flags = TM_PLUGIN_THREAD_SAFE, .create = summarizer_create,
    .process = summarizer_process, .destroy = summarizer_destroy);
