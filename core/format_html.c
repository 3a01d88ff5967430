/* format_html.c - `--format html`: one self-contained page for a batch.
 *
 * The page is streamed: the head (with all the CSS) first, then one
 * <section> per document as it comes, then, at the end, the index of the
 * documents and the legend of the whole batch, which CSS (flex `order`) shows
 * at the top. The index lines are kept in a temporary file meanwhile, so that
 * memory does not grow with the batch.
 *
 * A document's text is drawn once, with three levels of plain inline
 * elements nested in a fixed order: sentences (<span class="s">), summary
 * sentences (<span class="m">) and entities (<mark class="e cN">). Where a
 * span of an outer level ends inside one of an inner level, the inner element
 * is closed and reopened after the boundary (the reopened piece has class
 * "cont"), so the markup always nests. Within a level, nested or overlapping
 * spans cannot all be drawn: the outermost is, and the others are named in
 * its tooltip. No script and no external resource: a very long document is
 * just a long run of spans with a class and a title.
 *
 * Everything that comes from a document (text, id, labels, attributes,
 * metadata) is escaped; element ids are our own ("d1", "d2", ...). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

#define MAX_ROWS 1000        /* rows listed per generic layer */
#define MAX_CELL 300         /* bytes shown of a span's text in a table */
#define MAX_INNER 8          /* nested entities named in a tooltip */
#define MAX_BATCH_LABELS 256 /* labels counted in the batch legend */
#define INDEX_OPEN_MAX 200   /* the index starts unfolded up to this many */
#define CHUNK 65536          /* bytes of text in a chunk, about */

typedef struct label_count {
    char *label; /* owned */
    size_t count;
} label_count;

struct tm__html {
    FILE *f;           /* borrowed */
    FILE *index;       /* temporary file: the index's <li> lines */
    size_t docs;
    size_t entities;
    label_count *labels; /* the batch legend */
    size_t label_count;
    bool finished;
};

/* ---- escaping ---- */

/* Writes s[0..n) escaped for element content and attribute values alike.
 * C0 controls other than tab and line breaks have no place in HTML: they are
 * shown as their Unicode control pictures. */
static void put_esc(FILE *f, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep;
        char pic[4];
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if ((c >= 0x20 && c != 0x7F) || c == '\t' || c == '\n' || c == '\r')
                continue;
            /* U+2400 + c (U+2421 for DEL), always 3 bytes of UTF-8. */
            tm_utf8_encode(c == 0x7F ? 0x2421 : 0x2400 + c, pic);
            pic[3] = '\0';
            rep = pic;
        }
        fwrite(s + run, 1, i - run, f);
        fputs(rep, f);
        run = i + 1;
    }
    fwrite(s + run, 1, n - run, f);
}

static void put_esc_str(FILE *f, const char *s)
{
    put_esc(f, s, strlen(s));
}


/* Escaped, at most max bytes, with an ellipsis when cut. */
static void put_esc_cut(FILE *f, const char *s, size_t n, size_t max)
{
    size_t k = tm_utf8_prefix(s, n, max);
    put_esc(f, s, k);
    if (k < n)
        fputs("\u2026", f);
}

/* A JSON value for people: strings as they are, the rest as compact JSON. */
static void put_json_value(FILE *f, const json_t *v, size_t max)
{
    if (json_is_string(v)) {
        put_esc_cut(f, json_string_value(v), json_string_length(v), max);
        return;
    }
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (s) {
        put_esc_cut(f, s, strlen(s), max);
        free(s);
    }
}

/* ---- the page ---- */

static const char page_head[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<meta name=\"generator\" content=\"textmill " TM_VERSION "\">\n"
    "<title>textmill output</title>\n<style>\n"
    "body{font:15px/1.55 system-ui,-apple-system,\"Segoe UI\",sans-serif;color:#222;"
    "background:#fff;margin:0 auto;max-width:62em;padding:0 1em 4em;"
    "display:flex;flex-direction:column}\n"
    /* The index is written last but shown first. */
    "header{order:-2}#index{order:-1}main{order:0}\n"
    "h1{font-size:1.4em;margin:.8em 0 .2em}h2{font-size:1.12em;margin:0 0 .3em;"
    "overflow-wrap:anywhere}\n"
    "#index{border:1px solid #ddd;border-radius:6px;padding:.4em .9em;margin:.5em 0}\n"
    "#index h2{margin:.3em 0}#index ol{margin:.3em 0;padding-left:2.5em}\n"
    "#index li{overflow-wrap:anywhere}#index small{color:#777}\n"
    /* Sections off screen are not laid out: a batch of thousands stays
     * responsive. */
    ".doc{border-top:1px solid #ccc;padding:1em 0;content-visibility:auto;"
    "contain-intrinsic-size:auto 40em}\n"
    ".doc h2 a{color:#888;text-decoration:none;margin-right:.15em}\n"
    ".info,.note{color:#666;font-size:.85em;margin:.2em 0}\n"
    ".summary{background:#fff8d8;border-left:4px solid #e0b000;padding:.4em .8em;"
    "margin:.5em 0;white-space:pre-wrap}\n"
    ".summary b{display:block;font-size:.85em;color:#7a6000}\n"
    ".legend mark{padding:0 .35em;margin-right:.2em}\n"
    ".legend span{display:inline-block;margin-right:.8em}\n"
    ".text{white-space:pre-wrap;overflow-wrap:anywhere;border:1px solid #e4e4e4;"
    "border-radius:6px;padding:.6em .8em;margin:.5em 0}\n"
    /* A long text comes in chunks that the browser lays out only when they
     * are on screen: a document of megabytes opens in a second or two. */
    ".chunk{content-visibility:auto;contain-intrinsic-size:auto 40em}\n"
    /* Sentence boundaries: a small number before each sentence. Generated
     * content is not part of the text (copying the text leaves it out). The
     * number is an attribute, not a CSS counter, which chunks would reset. */
    ".s:hover{background:#f0f0f6}\n"
    ".s::before{content:attr(data-n);font-size:.62em;vertical-align:.5em;color:#fff;"
    "background:#9a9ab0;border-radius:3px;padding:0 .25em;margin:0 .2em 0 .1em}\n"
    ".s.cont::before{content:none}\n"
    /* Summary sentences: a highlighter stroke under the text. */
    ".m{box-shadow:inset 0 -.5em #ffe27a}\n"
    "mark.e{color:inherit;border-radius:3px;padding:0 1px}\n"
    "mark.e:hover{outline:1px solid #555}\n"
    "mark.cont{border-top-left-radius:0;border-bottom-left-radius:0}\n"
    "details{margin:.4em 0}summary{cursor:pointer;color:#444}\n"
    "table{border-collapse:collapse;font-size:.85em;margin:.3em 0}\n"
    "td,th{border:1px solid #ddd;padding:.1em .4em;text-align:left;vertical-align:top}\n"
    "td.t{overflow-wrap:anywhere}\n"
    "@media print{.doc{content-visibility:visible}}\n";

tm__html *tm__html_new(FILE *f, tm_error *err)
{
    tm__html *h = calloc(1, sizeof *h);
    if (!h) {
        tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        return NULL;
    }
    h->f = f;
    h->index = tmpfile();
    if (!h->index) {
        free(h);
        tm_error_set(err, TM_ERR_IO, "cannot create a temporary file for the page's index");
        return NULL;
    }
    fputs(page_head, f);
    for (int i = 0; i < TM__PALETTE_SIZE; i++)
        fprintf(f, ".c%d{background:%s}", i, tm__palette(i));
    fputs("\n</style>\n</head>\n<body>\n<header><h1>textmill output</h1></header>\n"
          "<main>\n", f);
    if (ferror(f)) {
        tm__html_free(h);
        tm_error_set(err, TM_ERR_IO, "cannot write the output");
        return NULL;
    }
    return h;
}

/* Adds count to label in the batch legend. */
static void batch_count(tm__html *h, const char *label, size_t count)
{
    for (size_t i = 0; i < h->label_count; i++)
        if (strcmp(h->labels[i].label, label) == 0) {
            h->labels[i].count += count;
            return;
        }
    if (h->label_count == MAX_BATCH_LABELS)
        return;
    label_count *v = realloc(h->labels, (h->label_count + 1) * sizeof *v);
    char *copy = tm__strdup(label);
    if (!v || !copy) { /* the legend is a convenience: go on without it */
        if (v)
            h->labels = v;
        free(copy);
        return;
    }
    h->labels = v;
    h->labels[h->label_count++] = (label_count){copy, count};
}

static int by_count_then_name(const void *a, const void *b)
{
    const label_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->label, y->label);
}

static int by_label(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void put_legend_item(FILE *f, const char *label, size_t count)
{
    fprintf(f, "<span><mark class=\"e c%d\">", tm__label_colour(label));
    put_esc_str(f, label[0] ? label : "(no label)");
    fprintf(f, "</mark>%zu</span>", count);
}

/* The legend of one document: each label of its entities with a count. */
static tm_status doc_legend(tm__html *h, const tm_layer *ents)
{
    size_t n = ents ? ents->size : 0;
    if (n == 0)
        return TM_OK;
    const char **names = malloc(n * sizeof *names);
    label_count *counts = malloc(n * sizeof *counts);
    if (!names || !counts) {
        free(names);
        free(counts);
        return TM_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        names[i] = ents->spans[i].label;
    qsort(names, n, sizeof *names, by_label);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) { /* runs of equal labels; borrowed here */
        if (k > 0 && strcmp(counts[k - 1].label, names[i]) == 0)
            counts[k - 1].count++;
        else
            counts[k++] = (label_count){(char *)names[i], 1};
    }
    qsort(counts, k, sizeof *counts, by_count_then_name);
    fputs("<p class=\"legend\">", h->f);
    for (size_t i = 0; i < k; i++) {
        put_legend_item(h->f, counts[i].label, counts[i].count);
        batch_count(h, counts[i].label, counts[i].count);
    }
    fputs("</p>\n", h->f);
    free(names);
    free(counts);
    return TM_OK;
}

/* ---- the text with its three levels ---- */

enum { LV_SENT, LV_SUM, LV_ENT, LV_COUNT };

typedef struct level {
    const tm_span **sorted; /* all non-empty spans, sorted (owned array) */
    size_t nsorted;
    size_t *pos;            /* positions in sorted of the drawn spans */
    size_t n;
    size_t cur;             /* first drawn span not yet passed */
    size_t open;            /* drawn span whose element is open, or NONE */
    size_t last_opened;     /* to tell a reopened piece */
} level;

#define NONE ((size_t)-1)

static tm_status level_init(level *lv, const tm_layer *layer)
{
    *lv = (level){NULL, 0, NULL, 0, 0, NONE, NONE};
    lv->sorted = tm__sorted_spans(layer, &lv->nsorted);
    if (lv->nsorted == (size_t)-1) {
        lv->nsorted = 0;
        return TM_ERR_NOMEM;
    }
    if (lv->nsorted == 0)
        return TM_OK;
    lv->pos = malloc(lv->nsorted * sizeof *lv->pos);
    if (!lv->pos)
        return TM_ERR_NOMEM;
    lv->n = tm__keep_outermost(lv->sorted, lv->nsorted, lv->pos);
    return TM_OK;
}

static void level_free(level *lv)
{
    free(lv->sorted);
    free(lv->pos);
}

static const tm_span *drawn(const level *lv, size_t i)
{
    return lv->sorted[lv->pos[i]];
}

/* One line of a tooltip about span s: "LABEL (rule: x, score: 0.9)". */
static void put_span_about(FILE *f, const tm_span *s)
{
    put_esc_str(f, s->label[0] ? s->label : "(no label)");
    const char *key;
    json_t *v;
    bool first = true;
    json_object_foreach(s->attrs, key, v) {
        fputs(first ? " (" : ", ", f);
        first = false;
        put_esc_str(f, key);
        fputs(": ", f);
        put_json_value(f, v, 120);
    }
    if (s->has_score) {
        fputs(first ? " (" : ", ", f);
        first = false;
        fprintf(f, "score: %.3g", s->score);
    }
    if (!first)
        fputc(')', f);
}

static void open_element(FILE *f, const char *text, level *lvs, int k, size_t i)
{
    level *lv = &lvs[k];
    const tm_span *s = drawn(lv, i);
    bool cont = lv->last_opened == i;
    lv->open = lv->last_opened = i;
    if (k == LV_SENT) {
        /* A sentence cut by a chunk boundary is numbered once. */
        if (cont)
            fputs("<span class=\"s cont\">", f);
        else
            fprintf(f, "<span class=\"s\" data-n=\"%zu\">", i + 1);
        return;
    }
    if (k == LV_SUM) {
        fputs(cont ? "<span class=\"m cont\" title=\"summary sentence"
                   : "<span class=\"m\" title=\"summary sentence", f);
        if (s->has_score)
            fprintf(f, ", score %.3g", s->score);
        fputs("\">", f);
        return;
    }
    fprintf(f, "<mark class=\"e c%d%s\" title=\"", tm__label_colour(s->label),
            cont ? " cont" : "");
    put_span_about(f, s);
    /* The spans drawn inside this one's mark: up to the next drawn span. */
    size_t from = lv->pos[i] + 1, to = i + 1 < lv->n ? lv->pos[i + 1] : lv->nsorted;
    for (size_t j = from; j < to && j - from < MAX_INNER; j++) {
        const tm_span *in = lv->sorted[j];
        fputs("&#10;\u2283 ", f);
        put_span_about(f, in);
        fputs(" \u201c", f);
        put_esc_cut(f, text + in->start, in->end - in->start, 80);
        fputs("\u201d", f);
    }
    if (to - from > MAX_INNER)
        fprintf(f, "&#10;\u2283 %zu more", to - from - MAX_INNER);
    fputs("\">", f);
}

static void close_element(FILE *f, level *lvs, int k)
{
    fputs(k == LV_ENT ? "</mark>" : "</span>", f);
    lvs[k].open = NONE;
}

/* Where the chunk that started at chunk may end, at p: after a line break
 * once it holds CHUNK bytes, else at a sentence boundary from 4 * CHUNK,
 * else anywhere from 8 * CHUNK (a text without breaks or sentences). */
static bool chunk_ends(const char *text, size_t chunk, size_t p, bool sentence_boundary)
{
    size_t n = p - chunk;
    return (n >= CHUNK && text[p - 1] == '\n') || (n >= 4 * CHUNK && sentence_boundary) ||
           n >= 8 * CHUNK;
}

static void put_marked_text(FILE *f, const char *text, size_t len, level *lvs)
{
    size_t p = 0, chunk = 0;
    fputs("<div class=\"chunk\">", f);
    for (;;) {
        size_t act[LV_COUNT];
        for (int k = 0; k < LV_COUNT; k++) {
            level *lv = &lvs[k];
            while (lv->cur < lv->n && drawn(lv, lv->cur)->end <= p)
                lv->cur++;
            act[k] = p < len && lv->cur < lv->n && drawn(lv, lv->cur)->start <= p ? lv->cur
                                                                                   : NONE;
        }
        if (p < len && chunk_ends(text, chunk, p, act[LV_SENT] != lvs[LV_SENT].open)) {
            for (int k = LV_COUNT - 1; k >= 0; k--)
                if (lvs[k].open != NONE)
                    close_element(f, lvs, k);
            fputs("</div><div class=\"chunk\">", f);
            chunk = p;
        }
        /* From the outermost level that changes, close inward-out and
         * reopen: the elements always nest. */
        int k0 = 0;
        while (k0 < LV_COUNT && lvs[k0].open == act[k0])
            k0++;
        for (int k = LV_COUNT - 1; k >= k0; k--)
            if (lvs[k].open != NONE)
                close_element(f, lvs, k);
        for (int k = k0; k < LV_COUNT; k++)
            if (act[k] != NONE)
                open_element(f, text, lvs, k, act[k]);
        if (p == len)
            break;
        size_t next = len;
        for (int k = 0; k < LV_COUNT; k++) {
            const level *lv = &lvs[k];
            size_t b = act[k] != NONE ? drawn(lv, act[k])->end
                       : lv->cur < lv->n ? drawn(lv, lv->cur)->start : len;
            if (b < next)
                next = b;
        }
        /* A long run without spans still offers chunk boundaries: after a
         * line break, or failing that on a character boundary. */
        if (next - chunk > CHUNK) {
            size_t from = p > chunk + CHUNK ? p : chunk + CHUNK;
            const char *nl = from < next ? memchr(text + from, '\n', next - from) : NULL;
            if (nl)
                next = (size_t)(nl - text) + 1;
            else if (next - chunk > 8 * CHUNK && chunk + 8 * CHUNK > p) {
                next = chunk + 8 * CHUNK;
                while (!tm_utf8_is_lead((unsigned char)text[next]))
                    next++;
            }
        }
        put_esc(f, text + p, next - p);
        p = next;
    }
    fputs("</div>", f);
}

/* ---- the other parts of a section ---- */

static void put_summary(FILE *f, tm_doc *doc, const level *sum)
{
    const json_t *meta = json_object_get(doc->meta, "summary");
    if (json_is_string(meta) && json_string_length(meta) > 0) {
        fputs("<div class=\"summary\"><b>Summary</b>", f);
        put_esc(f, json_string_value(meta), json_string_length(meta));
        fputs("</div>\n", f);
    } else if (sum->n > 0) {
        fputs("<div class=\"summary\"><b>Summary sentences</b>", f);
        for (size_t i = 0; i < sum->n; i++) {
            const tm_span *s = drawn(sum, i);
            if (i > 0)
                fputc(' ', f);
            put_esc(f, doc->text + s->start, s->end - s->start);
        }
        fputs("</div>\n", f);
    }
}

static void put_metadata(FILE *f, tm_doc *doc)
{
    size_t n = json_object_size(doc->meta);
    if (n == 0 || (n == 1 && json_object_get(doc->meta, "summary")))
        return;
    fputs("<details class=\"meta\"><summary>Metadata</summary><table>\n", f);
    const char *key;
    json_t *v;
    json_object_foreach(doc->meta, key, v) {
        if (strcmp(key, "summary") == 0)
            continue;
        fputs("<tr><th>", f);
        put_esc_str(f, key);
        fputs("</th><td class=\"t\">", f);
        put_json_value(f, v, 2000);
        fputs("</td></tr>\n", f);
    }
    fputs("</table></details>\n", f);
}

/* A layer drawn by no level: its spans as a table (offsets in code points,
 * as in the JSON output), the first MAX_ROWS of them. */
static void put_layer_table(FILE *f, const tm_doc *doc, const tm_layer *layer,
                            const tm__cpindex *ix)
{
    fputs("<details class=\"layer\"><summary>Layer <b>", f);
    put_esc_str(f, layer->name);
    fprintf(f, "</b>: %zu span%s</summary>\n", layer->size, layer->size == 1 ? "" : "s");
    if (layer->size > 0)
        fputs("<table><tr><th>start</th><th>end</th><th>label</th><th>score</th>"
              "<th>text</th><th>attributes</th></tr>\n", f);
    for (size_t i = 0; i < layer->size && i < MAX_ROWS; i++) {
        const tm_span *s = &layer->spans[i];
        fprintf(f, "<tr><td>%zu</td><td>%zu</td><td>", tm__cpindex_to_cp(ix, s->start),
                tm__cpindex_to_cp(ix, s->end));
        put_esc_str(f, s->label);
        fputs("</td><td>", f);
        if (s->has_score)
            fprintf(f, "%.4g", s->score);
        fputs("</td><td class=\"t\">", f);
        put_esc_cut(f, doc->text + s->start, s->end - s->start, MAX_CELL);
        fputs("</td><td class=\"t\">", f);
        if (s->attrs && json_object_size(s->attrs) > 0)
            put_json_value(f, s->attrs, MAX_CELL);
        fputs("</td></tr>\n", f);
    }
    if (layer->size > 0)
        fputs("</table>\n", f);
    if (layer->size > MAX_ROWS)
        fprintf(f, "<p class=\"note\">The first %d spans are listed; %zu more are in the "
                "JSON output.</p>\n", MAX_ROWS, layer->size - MAX_ROWS);
    fputs("</details>\n", f);
}

static bool drawn_layer(const char *name)
{
    return strcmp(name, "sentences") == 0 || strcmp(name, "entities") == 0 ||
           strcmp(name, "summary") == 0;
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

tm_status tm__html_write(tm__html *h, const tm_doc *cdoc, tm_error *err)
{
    tm_doc *doc = (tm_doc *)cdoc; /* only read: jansson's getters take non-const */
    FILE *f = h->f;
    const tm_layer *ents = tm_doc_layer(doc, "entities");
    level lvs[LV_COUNT] = {{0}}; /* all zero: safe to free */
    tm_status rc = level_init(&lvs[LV_SENT], tm_doc_layer(doc, "sentences"));
    if (rc == TM_OK)
        rc = level_init(&lvs[LV_SUM], tm_doc_layer(doc, "summary"));
    if (rc == TM_OK)
        rc = level_init(&lvs[LV_ENT], ents);
    if (rc != TM_OK) {
        for (int k = 0; k < LV_COUNT; k++)
            level_free(&lvs[k]);
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    }
    tm__cpindex ix;
    if (tm__cpindex_init(&ix, doc->text, doc->len) < 0) {
        for (int k = 0; k < LV_COUNT; k++)
            level_free(&lvs[k]);
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    }
    size_t n = ++h->docs;
    size_t nents = ents ? ents->size : 0;
    h->entities += nents;

    fprintf(f, "<section class=\"doc\" id=\"d%zu\">\n<h2><a href=\"#d%zu\">%zu</a> ", n, n, n);
    put_esc_str(f, doc->id);
    fputs("</h2>\n", f);
    size_t nsent = lvs[LV_SENT].nsorted, nsum = lvs[LV_SUM].nsorted;
    size_t chars = tm__cpindex_to_cp(&ix, doc->len);
    fprintf(f, "<p class=\"info\">%zu %s", chars, plural(chars, "character", "characters"));
    if (tm_doc_layer(doc, "sentences"))
        fprintf(f, " \u00b7 %zu %s", nsent, plural(nsent, "sentence", "sentences"));
    if (ents)
        fprintf(f, " \u00b7 %zu %s", nents, plural(nents, "entity", "entities"));
    if (tm_doc_layer(doc, "summary"))
        fprintf(f, " \u00b7 %zu summary %s", nsum, plural(nsum, "sentence", "sentences"));
    fputs("</p>\n", f);
    put_summary(f, doc, &lvs[LV_SUM]);
    rc = doc_legend(h, ents);
    size_t hidden = lvs[LV_ENT].nsorted - lvs[LV_ENT].n;
    if (hidden > 0)
        fprintf(f, "<p class=\"note\">%zu %s nested in or overlapping another %s named in "
                "the tooltip of the outer one.</p>\n", hidden,
                plural(hidden, "entity", "entities"), plural(hidden, "is", "are"));
    fputs("<div class=\"text\">", f);
    put_marked_text(f, doc->text, doc->len, lvs);
    fputs("</div>\n", f);
    for (size_t l = 0; l < doc->layer_count; l++)
        if (!drawn_layer(doc->layers[l]->name))
            put_layer_table(f, doc, doc->layers[l], &ix);
    put_metadata(f, doc);
    fputs("</section>\n", f);

    fprintf(h->index, "<li><a href=\"#d%zu\">", n);
    put_esc_str(h->index, doc->id[0] ? doc->id : "(no id)");
    fprintf(h->index, "</a>");
    if (ents)
        fprintf(h->index, " <small>%zu %s</small>", nents, plural(nents, "entity", "entities"));
    fputs("</li>\n", h->index);

    tm__cpindex_free(&ix);
    for (int k = 0; k < LV_COUNT; k++)
        level_free(&lvs[k]);
    if (rc != TM_OK)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    if (ferror(f))
        return tm_error_set(err, TM_ERR_IO, "cannot write the output");
    if (ferror(h->index))
        return tm_error_set(err, TM_ERR_IO, "cannot write the page's index to a temporary file");
    return TM_OK;
}

tm_status tm__html_finish(tm__html *h, tm_error *err)
{
    if (h->finished)
        return TM_OK;
    h->finished = true;
    FILE *f = h->f;
    if (h->docs == 0)
        fputs("<p class=\"note\">No documents.</p>\n", f);
    fputs("</main>\n<nav id=\"index\">\n", f);
    fprintf(f, "<h2>%zu %s, %zu %s</h2>\n", h->docs, plural(h->docs, "document", "documents"),
            h->entities, plural(h->entities, "entity", "entities"));
    if (h->label_count > 0) {
        qsort(h->labels, h->label_count, sizeof *h->labels, by_count_then_name);
        fputs("<p class=\"legend\">", f);
        for (size_t i = 0; i < h->label_count; i++)
            put_legend_item(f, h->labels[i].label, h->labels[i].count);
        fputs("</p>\n", f);
    }
    if (h->docs > 0) {
        fprintf(f, "<details%s><summary>Documents</summary>\n<ol>\n",
                h->docs <= INDEX_OPEN_MAX ? " open" : "");
        char buf[8192];
        size_t got;
        rewind(h->index);
        while ((got = fread(buf, 1, sizeof buf, h->index)) > 0)
            fwrite(buf, 1, got, f);
        if (ferror(h->index))
            return tm_error_set(err, TM_ERR_IO, "cannot read the page's index back from a "
                                "temporary file");
        fputs("</ol>\n</details>\n", f);
    }
    fputs("</nav>\n</body>\n</html>\n", f);
    if (fflush(f) != 0 || ferror(f))
        return tm_error_set(err, TM_ERR_IO, "cannot write the output");
    return TM_OK;
}

void tm__html_free(tm__html *h)
{
    if (!h)
        return;
    if (h->index)
        fclose(h->index);
    for (size_t i = 0; i < h->label_count; i++)
        free(h->labels[i].label);
    free(h->labels);
    free(h);
}
