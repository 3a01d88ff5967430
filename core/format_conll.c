/* format_conll.c - `--format conll`: a token a line with a BIO entity tag.
 *
 *     # doc_id = news-1
 *     Anna<TAB>B-PERSON
 *     Berg<TAB>I-PERSON
 *     visited<TAB>O
 *     Oslo<TAB>B-GPE
 *     .<TAB>O
 *     <blank line after each sentence>
 *
 * Tokens are the core tokenizer's (token.h), so that they are the words the
 * stages saw. Each span of the "sentences" layer is tokenized on its own and
 * followed by a blank line; text between sentences (or the whole text, when
 * there is no sentences layer) is a sentence of its own, so no token is
 * lost. A token belongs to an entity when they overlap; the first token of
 * an entity in a sentence is B-, the others I- (IOB2). Nested or overlapping
 * entities cannot be told apart in one tag column: the outermost is kept. */
#include <stdlib.h>
#include <string.h>

#include "format.h"

struct tm__conll {
    FILE *f;          /* borrowed */
    tm_tokens tokens; /* scratch, reused from document to document */
};

tm__conll *tm__conll_new(FILE *f, tm_error *err)
{
    tm__conll *c = calloc(1, sizeof *c);
    if (!c) {
        tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        return NULL;
    }
    c->f = f;
    return c;
}

void tm__conll_free(tm__conll *c)
{
    if (!c)
        return;
    tm_tokens_free(&c->tokens);
    free(c);
}

/* s on one line: white space and control characters (a line break in an id
 * or a space in a label would break the columns) become '_' when in_tag,
 * else a space. */
static void put_field(FILE *f, const char *s, bool in_tag)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7F || (in_tag && c == ' '))
            putc(in_tag ? '_' : ' ', f);
        else
            putc(c, f);
    }
}

typedef struct ents {
    const tm_span **sorted;
    size_t *pos;
    size_t n;   /* drawn spans: sorted[pos[0..n)] */
    size_t cur; /* first one not yet passed */
} ents;

static const tm_span *ent_at(const ents *e, size_t i)
{
    return e->sorted[e->pos[i]];
}

/* Writes the tokens of text[start..end) and a blank line, if there are any. */
static tm_status put_sentence(tm__conll *c, const char *text, size_t start, size_t end,
                              ents *e)
{
    tm_tokens_clear(&c->tokens);
    if (tm_tokenize(text, start, end, &c->tokens) != TM_OK)
        return TM_ERR_NOMEM;
    if (c->tokens.size == 0)
        return TM_OK;
    size_t prev = (size_t)-1; /* the entity of the previous token here */
    for (size_t i = 0; i < c->tokens.size; i++) {
        const tm_token *t = &c->tokens.items[i];
        fwrite(text + t->start, 1, t->end - t->start, c->f);
        while (e->cur < e->n && ent_at(e, e->cur)->end <= t->start)
            e->cur++;
        if (e->cur < e->n && ent_at(e, e->cur)->start < t->end) {
            const char *label = ent_at(e, e->cur)->label;
            fputs(prev == e->cur ? "\tI-" : "\tB-", c->f);
            put_field(c->f, label[0] ? label : "ENTITY", true);
            putc('\n', c->f);
            prev = e->cur;
        } else {
            fputs("\tO\n", c->f);
            prev = (size_t)-1;
        }
    }
    putc('\n', c->f);
    return TM_OK;
}

tm_status tm__conll_write(tm__conll *c, const tm_doc *doc, tm_error *err)
{
    ents e = {0};
    size_t nsorted, nsent;
    e.sorted = tm__sorted_spans(tm_doc_layer(doc, "entities"), &nsorted);
    const tm_span **sents = tm__sorted_spans(tm_doc_layer(doc, "sentences"), &nsent);
    size_t *sent_pos = NULL;
    tm_status rc = TM_OK;
    if (nsorted == (size_t)-1 || nsent == (size_t)-1)
        rc = TM_ERR_NOMEM;
    if (rc == TM_OK && nsorted > 0) {
        if ((e.pos = malloc(nsorted * sizeof *e.pos)))
            e.n = tm__keep_outermost(e.sorted, nsorted, e.pos);
        else
            rc = TM_ERR_NOMEM;
    }
    if (rc == TM_OK && nsent > 0) {
        if ((sent_pos = malloc(nsent * sizeof *sent_pos)))
            nsent = tm__keep_outermost(sents, nsent, sent_pos);
        else
            rc = TM_ERR_NOMEM;
    }
    if (rc == TM_OK) {
        fputs("# doc_id = ", c->f);
        put_field(c->f, doc->id, false);
        putc('\n', c->f);
        /* Sentences, and the text between them as sentences of their own. */
        size_t p = 0;
        for (size_t i = 0; rc == TM_OK && i <= nsent; i++) {
            const tm_span *s = i < nsent ? sents[sent_pos[i]] : NULL;
            size_t gap_end = s ? s->start : doc->len;
            if (gap_end > p)
                rc = put_sentence(c, doc->text, p, gap_end, &e);
            if (s && rc == TM_OK) {
                rc = put_sentence(c, doc->text, s->start, s->end, &e);
                p = s->end;
            }
        }
    }
    free(e.sorted);
    free(e.pos);
    free(sents);
    free(sent_pos);
    if (rc != TM_OK)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    if (ferror(c->f))
        return tm_error_set(err, TM_ERR_IO, "cannot write the output");
    return TM_OK;
}
