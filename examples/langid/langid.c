/*
 * langid.c - the langid stage: guesses the language of a document and puts
 * it in the metadata (by default "language": "en").
 *
 * The method is the oldest and still a good one for whole documents: count
 * the words that belong to each language's short list of function words
 * ("the", "und", "les", "el", ...). The language with the most hits wins; a
 * document with fewer than min_hits is "und" (undetermined, as in BCP 47).
 *
 * What it shows: a plugin that adds metadata and no layer; options with
 * string-list choices; a read-only table built in create and searched by
 * every thread at once.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <stdlib.h>
#include <string.h>
#include <textmill/textmill.h>

/* Each language's most frequent function words, lower case. */
static const struct language {
    const char *code; /* ISO 639-1 */
    const char *words;
} languages[] = {
    {"en", "the of and to in is that it was for on are with as his they be at "
           "this have from or had by not but what were we when your can said "
           "there an which she do their if will would"},
    {"de", "der die und in den von zu das mit sich des auf für ist im dem nicht "
           "ein eine als auch es an werden aus er hat dass sie nach wird bei "
           "einer um noch wie einem über einen so zum war haben nur oder"},
    {"fr", "le de la les et des est un une du en que qui dans pour pas au sur "
           "ne se ce il elle sont avec plus par nous vous mais ou leur été "
           "aux cette ces être fait"},
    {"es", "el la de que y en los del se las por un para con no una su al es "
           "lo como más pero sus le ya o fue este ha sí porque esta son entre "
           "cuando muy sin sobre también"},
    {"it", "il di che la e per un in è non una sono gli del della si le da "
           "con dei al nel alla come anche ma più ha lo questo delle nella "
           "degli sul"},
    {"nl", "de en van het een in is dat op te zijn niet met voor die er aan "
           "ook als maar om bij door dit wordt worden nog uit naar heeft "
           "geen hij ze"},
    {"pt", "o a de que e do da em um para é com não uma os no se na por mais "
           "as dos como mas foi ao ele das tem à seu sua ou ser quando muito "
           "há nos já está também"},
    {"sv", "och i att det som en på är av för med till den har de inte om ett "
           "men var jag sig från vi så kan man när år säger hon under också"},
};
#define N_LANGUAGES (sizeof languages / sizeof *languages)

/* One function word and the languages (bit i = languages[i]) it belongs to. */
typedef struct lid_word {
    char *word; /* owned */
    unsigned mask;
} lid_word;

typedef struct langid {
    lid_word *words; /* sorted by word, for bsearch */
    size_t count;
    unsigned enabled; /* the languages asked for */
    long long min_hits;
    char *key;       /* owned: the metadata key */
} langid;

static const char *const codes[] = {"en", "de", "fr", "es", "it", "nl", "pt", "sv", NULL};

static const tm_option options[] = {
    {.name = "languages", .type = TM_OPT_STRING_LIST, .default_json = "[]",
     .choices = codes,
     .help = "Languages to choose from (ISO 639-1 codes); empty for all."},
    {.name = "min_hits", .type = TM_OPT_INT, .default_json = "3", .has_range = 1,
     .min = 1, .max = 1000,
     .help = "Function words the winner needs; below it the language is \"und\"."},
    {.name = "key", .type = TM_OPT_STRING, .default_json = "\"language\"",
     .help = "Metadata key to write the language code to."},
    {0}};

static int by_word(const void *a, const void *b)
{
    return strcmp(((const lid_word *)a)->word, ((const lid_word *)b)->word);
}

static void lid_destroy(void *instance)
{
    langid *l = instance;
    if (!l)
        return;
    for (size_t i = 0; i < l->count; i++)
        free(l->words[i].word);
    free(l->words);
    free(l->key);
    free(l);
}

/* Adds every word of the enabled languages, then sorts and merges duplicates
 * ("de" is Dutch, French, Spanish and Portuguese). */
static tm_status build_table(langid *l)
{
    size_t cap = 0;
    for (size_t i = 0; i < N_LANGUAGES; i++)
        for (const char *p = languages[i].words; *p; p++)
            cap += *p == ' ';
    cap += N_LANGUAGES;
    l->words = malloc(cap * sizeof *l->words);
    if (!l->words)
        return TM_ERR_NOMEM;
    for (size_t i = 0; i < N_LANGUAGES; i++) {
        if (!(l->enabled & (1u << i)))
            continue;
        for (const char *p = languages[i].words; *p;) {
            size_t n = strcspn(p, " ");
            char *w = strndup(p, n);
            if (!w)
                return TM_ERR_NOMEM;
            l->words[l->count++] = (lid_word){w, 1u << i};
            p += n + (p[n] == ' ');
        }
    }
    qsort(l->words, l->count, sizeof *l->words, by_word);
    size_t j = 0;
    for (size_t i = 0; i < l->count; i++) {
        if (j > 0 && strcmp(l->words[j - 1].word, l->words[i].word) == 0) {
            l->words[j - 1].mask |= l->words[i].mask;
            free(l->words[i].word);
        } else {
            l->words[j++] = l->words[i];
        }
    }
    l->count = j;
    return TM_OK;
}

static tm_status lid_create(const json_t *config, const tm_plugin_env *env,
                            void **instance, tm_error *err)
{
    (void)env;
    langid *l = calloc(1, sizeof *l);
    if (!l)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    /* The option table already checked every code against `codes`. */
    size_t n = tm_config_list_size(config, "languages");
    for (size_t i = 0; i < n; i++) {
        const char *code = tm_config_list_at(config, "languages", i);
        for (size_t k = 0; k < N_LANGUAGES; k++)
            if (strcmp(code, languages[k].code) == 0)
                l->enabled |= 1u << k;
    }
    if (n == 0)
        l->enabled = (1u << N_LANGUAGES) - 1;
    l->min_hits = tm_config_int(config, "min_hits");
    const char *key = tm_config_string(config, "key");
    if (!*key) {
        lid_destroy(l);
        return tm_error_set(err, TM_ERR_CONFIG, "option 'key' must not be empty");
    }
    if (!(l->key = strdup(key)) || build_table(l) != TM_OK) {
        lid_destroy(l);
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    }
    *instance = l;
    return TM_OK;
}

static tm_status lid_process(void *instance, tm_doc *doc, tm_error *err)
{
    const langid *l = instance;
    size_t len;
    const char *text = tm_doc_text(doc, &len);
    tm_tokens toks = {0};
    if (tm_tokenize(text, 0, len, &toks) != TM_OK) {
        tm_tokens_free(&toks);
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    }
    long long hits[N_LANGUAGES] = {0};
    char word[32]; /* function words are short: longer tokens cannot match */
    for (size_t i = 0; i < toks.size; i++) {
        const tm_token *t = &toks.items[i];
        size_t n = t->end - t->start;
        if (!(t->flags & TM_TOK_WORD) || n >= sizeof word)
            continue;
        for (size_t k = 0; k < n; k++) { /* ASCII case folding is enough here */
            char c = text[t->start + k];
            word[k] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
        }
        word[n] = '\0';
        lid_word probe = {word, 0};
        const lid_word *w = bsearch(&probe, l->words, l->count, sizeof *l->words, by_word);
        for (size_t k = 0; w && k < N_LANGUAGES; k++)
            if (w->mask & (1u << k))
                hits[k]++;
    }
    tm_tokens_free(&toks);

    size_t best = N_LANGUAGES;
    for (size_t k = 0; k < N_LANGUAGES; k++)
        if ((l->enabled & (1u << k)) && (best == N_LANGUAGES || hits[k] > hits[best]))
            best = k;
    const char *code = hits[best] >= l->min_hits ? languages[best].code : "und";
    if (json_object_set_new(tm_doc_meta(doc), l->key, json_string(code)) != 0)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    return TM_OK;
}

TM_PLUGIN_DEFINE(.name = "langid", .version = "1.0.0",
                 .summary = "Guesses the document's language (metadata \"language\").",
                 .options = options, .flags = TM_PLUGIN_THREAD_SAFE,
                 .create = lid_create, .process = lid_process,
                 .destroy = lid_destroy);
