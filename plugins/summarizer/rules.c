/*
 * rules.c - penalties for poor summary material.
 *
 * The rules (factor applied to the relevance):
 *   empty      no content word at all                          0.05
 *   short      fewer content words than min_words              0.3 .. 0.8
 *   byline     starts "By ...", "Updated ...", "Published ..."
 *              and has at most 12 words                         0.1
 *   dateline   at most 12 words, 40% or more of them numbers,
 *              months, weekdays or time zones                   0.1
 *   caption    a caption/credit word ("photo", "pictured",
 *              "getty", ...) in a sentence of at most 30 words  0.2
 *   link       a call to action ("click", "subscribe", ...)     0.2
 *   fragment   starts with a lower-case letter                  0.5
 *   quote      unbalanced quotation marks (a piece of a quote)  0.5
 *   colon      ends with ':' (introduces what is not there)     0.5
 *   question   ends with '?'                                    0.7
 * When several apply, the smallest factor wins.
 */
#include <string.h>

#include <utf8proc.h>
#include <textmill/utf8.h>

#include "rules.h"

static const struct {
    const char *word;
    unsigned flags;
} markers[] = {
    /* Captions and credits (English, then a few other languages). */
    {"photo", SM_MARK_CAPTION}, {"photos", SM_MARK_CAPTION},
    {"photograph", SM_MARK_CAPTION}, {"photographs", SM_MARK_CAPTION},
    {"photographer", SM_MARK_CAPTION}, {"pictured", SM_MARK_CAPTION},
    {"getty", SM_MARK_CAPTION}, {"caption", SM_MARK_CAPTION},
    {"shutterstock", SM_MARK_CAPTION}, {"afp", SM_MARK_CAPTION},
    {"foto", SM_MARK_CAPTION}, {"fotos", SM_MARK_CAPTION},
    {"bildunterschrift", SM_MARK_CAPTION}, {"фото", SM_MARK_CAPTION},
    /* Bylines and time stamps, when they are the first word. */
    {"by", SM_MARK_BYLINE}, {"updated", SM_MARK_BYLINE},
    {"published", SM_MARK_BYLINE}, {"posted", SM_MARK_BYLINE},
    {"reporting", SM_MARK_BYLINE}, {"editing", SM_MARK_BYLINE},
    {"copyright", SM_MARK_BYLINE},
    {"aktualisiert", SM_MARK_BYLINE}, {"publié", SM_MARK_BYLINE},
    {"publicado", SM_MARK_BYLINE}, {"автор", SM_MARK_BYLINE},
    /* Calls to action. */
    {"click", SM_MARK_LINK}, {"subscribe", SM_MARK_LINK},
    {"newsletter", SM_MARK_LINK},
    {"advertisement", SM_MARK_LINK}, {"cookies", SM_MARK_LINK},
    /* Dates and times. */
    {"january", SM_MARK_DATE}, {"february", SM_MARK_DATE},
    {"march", SM_MARK_DATE}, {"april", SM_MARK_DATE},
    {"june", SM_MARK_DATE}, {"july", SM_MARK_DATE}, {"august", SM_MARK_DATE},
    {"september", SM_MARK_DATE}, {"october", SM_MARK_DATE},
    {"november", SM_MARK_DATE}, {"december", SM_MARK_DATE},
    {"jan", SM_MARK_DATE}, {"feb", SM_MARK_DATE},
    {"apr", SM_MARK_DATE}, {"jun", SM_MARK_DATE}, {"jul", SM_MARK_DATE},
    {"aug", SM_MARK_DATE}, {"sep", SM_MARK_DATE}, {"sept", SM_MARK_DATE},
    {"oct", SM_MARK_DATE}, {"nov", SM_MARK_DATE}, {"dec", SM_MARK_DATE},
    {"monday", SM_MARK_DATE}, {"tuesday", SM_MARK_DATE},
    {"wednesday", SM_MARK_DATE}, {"thursday", SM_MARK_DATE},
    {"friday", SM_MARK_DATE}, {"saturday", SM_MARK_DATE},
    {"sunday", SM_MARK_DATE}, {"a.m", SM_MARK_DATE}, {"p.m", SM_MARK_DATE}, {"gmt", SM_MARK_DATE},
    {"utc", SM_MARK_DATE}, {"edt", SM_MARK_DATE}, {"pst", SM_MARK_DATE}, {"bst", SM_MARK_DATE},
    {"cet", SM_MARK_DATE},
};

tm_status sm_rules_markers(sm_lexicon *lx, tm_error *err)
{
    for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
        char key[SM_WORD_MAX + SM_PAD];
        size_t len = strlen(markers[i].word);
        uint64_t h = sm_pad_key(markers[i].word, len, key);
        if (!sm_strset_put(&lx->markers, key, len, h, markers[i].flags))
            return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    }
    return TM_OK;
}

static void apply(float *f, const char **rule, float factor, const char *name)
{
    if (factor < *f) {
        *f = factor;
        *rule = name;
    }
}

float sm_rules_penalty(const char *text, const sm_sent *s,
                       uint32_t min_words, const char **rule)
{
    float f = 1.0f;
    *rule = NULL;
    if (s->content == 0) {
        *rule = "empty";
        return 0.05f;
    }
    if (s->content < min_words)
        apply(&f, rule, 0.3f + 0.5f * (float)s->content / (float)min_words,
              "short");
    if ((s->first_flags & SM_MARK_BYLINE) && s->words <= 12)
        apply(&f, rule, 0.1f, "byline");
    if (s->words <= 12 && (s->numbers + s->dates) * 5 >= s->words * 2)
        apply(&f, rule, 0.1f, "dateline");
    if ((s->any_flags & SM_MARK_CAPTION) && s->words <= 30)
        apply(&f, rule, 0.2f, "caption");
    if (s->any_flags & SM_MARK_LINK && s->words <= 20)
        apply(&f, rule, 0.2f, "link");

    size_t a = s->tstart, b = s->tend;
    if (a < b) {
        /* Skip opening punctuation (quotes, brackets) to the first letter. */
        size_t i = a;
        while (i < b) {
            unsigned char c = (unsigned char)text[i];
            if (c < 0x80) { /* the categories of ASCII, without a call */
                if (c >= 'a' && c <= 'z') {
                    apply(&f, rule, 0.5f, "fragment");
                    break;
                }
                if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
                    break;
                i++;
                continue;
            }
            int32_t cp;
            int k = tm_utf8_decode(text + i, b - i, &cp);
            if (k <= 0)
                break;
            utf8proc_category_t cat = utf8proc_category(cp);
            if (cat == UTF8PROC_CATEGORY_LL) {
                apply(&f, rule, 0.5f, "fragment");
                break;
            }
            if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ND)
                break;
            i += (size_t)k;
        }
        unsigned char last = (unsigned char)text[b - 1];
        if (last == ':')
            apply(&f, rule, 0.5f, "colon");
        else if (last == '?')
            apply(&f, rule, 0.7f, "question");
        if ((s->quotes & 1) || s->opens != s->closes)
            apply(&f, rule, 0.5f, "quote");
    }
    return f;
}
