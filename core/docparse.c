/*
 * docparse.c - a direct reader for the usual shape of a JSON Lines document.
 *
 * Nearly every input line is {"id": ..., "text": "...", some metadata, and
 * perhaps "layers" from an earlier pipeline}. Parsing that into a jansson
 * tree and then copying it out again costs more than the cleaner and the
 * splitter together, so this file reads that shape straight into a
 * document; only nested metadata and span attributes, rare and small, are
 * handed to jansson. It handles only lines it is sure of: anything else
 * (escapes in keys, repeated keys, nesting past the limit, offsets outside
 * the text, any syntax error) makes it give up, and the caller parses
 * the line with jansson, which also words the errors. Both paths give the
 * same document for every line this one accepts; the tests and the JSON
 * Lines fuzz target check that.
 */
#include <stdlib.h>
#include <string.h>

#include <textmill/utf8.h>

#include "internal.h"

typedef struct cursor {
    const char *p;   /* next byte */
    const char *end; /* end of the line */
} cursor;

static void skip_ws(cursor *c)
{
    while (c->p < c->end &&
           (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

static bool eat(cursor *c, char ch)
{
    skip_ws(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return true;
    }
    return false;
}

/* With c->p just past an opening quote, finds the closing one: *body and
 * *n get the bytes between, *escaped whether they hold a backslash, and
 * c->p moves past the closing quote. false on a control byte or no end. */
static bool scan_string(cursor *c, const char **body, size_t *n, bool *escaped)
{
    const char *p = c->p;
    *escaped = false;
    for (;;) {
        p += tm__json_special(p, 0, (size_t)(c->end - p));
        if (p >= c->end)
            return false;
        unsigned char ch = (unsigned char)*p;
        if (ch == '"')
            break;
        if (ch < 0x20)
            return false;
        if (ch == '\\') {
            *escaped = true;
            p++; /* the escaped byte is checked by unescape */
            if (p >= c->end)
                return false;
        }
        p++;
    }
    *body = c->p;
    *n = (size_t)(p - c->p);
    c->p = p + 1;
    return true;
}

static int hex4(const char *s)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char ch = s[i];
        v <<= 4;
        if (ch >= '0' && ch <= '9')
            v |= ch - '0';
        else if ((ch | 32) >= 'a' && (ch | 32) <= 'f')
            v |= (ch | 32) - 'a' + 10;
        else
            return -1;
    }
    return v;
}

/* Unescapes s[0..n) into out (room for n bytes: never longer) and returns
 * the length, or -1 for an escape this reader leaves to jansson (unknown,
 * a lone surrogate, or \u0000, which no document text may hold). */
static long unescape(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        const char *bs = memchr(s + i, '\\', n - i);
        size_t run = bs ? (size_t)(bs - (s + i)) : n - i;
        memcpy(out + o, s + i, run);
        o += run;
        i += run;
        if (!bs)
            break;
        if (i + 1 >= n)
            return -1;
        char e = s[i + 1];
        i += 2;
        switch (e) {
        case '"': case '\\': case '/': out[o++] = e; continue;
        case 'b': out[o++] = '\b'; continue;
        case 'f': out[o++] = '\f'; continue;
        case 'n': out[o++] = '\n'; continue;
        case 'r': out[o++] = '\r'; continue;
        case 't': out[o++] = '\t'; continue;
        case 'u': break;
        default: return -1;
        }
        int cp = n - i >= 4 ? hex4(s + i) : -1;
        if (cp <= 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
            return -1;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            int lo = n - i >= 6 && s[i] == '\\' && s[i + 1] == 'u' ? hex4(s + i + 2) : -1;
            if (lo < 0xDC00 || lo > 0xDFFF)
                return -1;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
        }
        /* An escape is longer than the UTF-8 it stands for. */
        o += (size_t)tm_utf8_encode((int32_t)cp, out + o);
    }
    return (long)o;
}

/* Reads a string value (c->p at its opening quote) into a new buffer with a
 * NUL after it; NULL when jansson must take the line. */
static char *read_string(cursor *c, size_t *len)
{
    const char *body;
    size_t n;
    bool escaped;
    c->p++;
    if (!scan_string(c, &body, &n, &escaped))
        return NULL;
    char *s = malloc(n + 1);
    if (!s)
        return NULL;
    long got = escaped ? unescape(body, n, s) : (memcpy(s, body, n), (long)n);
    if (got < 0) {
        free(s);
        return NULL;
    }
    s[got] = '\0';
    *len = (size_t)got;
    return s;
}

/* Reads an integer as JSON writes them (no fraction or exponent, which
 * jansson reads as a real) into *v; false otherwise. 18 digits at most, so
 * that it cannot overflow: longer ones are left to jansson. */
static bool read_integer(cursor *c, json_int_t *v)
{
    const char *p = c->p;
    bool neg = p < c->end && *p == '-';
    p += neg;
    const char *digits = p;
    long long x = 0;
    while (p < c->end && *p >= '0' && *p <= '9' && p - digits < 18)
        x = x * 10 + (*p++ - '0');
    size_t nd = (size_t)(p - digits);
    if (nd == 0 || (nd > 1 && *digits == '0'))
        return false;
    if (p < c->end && (*p == '.' || *p == 'e' || *p == 'E' || (*p >= '0' && *p <= '9')))
        return false;
    *v = neg ? -x : x;
    c->p = p;
    return true;
}

static bool literal(cursor *c, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
        return false;
    c->p += n;
    return true;
}

/* Moves c past the JSON value at c->p without reading it: strings are
 * skipped whole, brackets counted, a scalar ends at a delimiter (jansson
 * checks it later). Returns the deepest nesting inside it (0 for a
 * scalar), or -1 when it does not end or nests past max_depth. */
static int skip_value(cursor *c, int max_depth)
{
    int depth = 0, deepest = 0;
    while (c->p < c->end) {
        char ch = *c->p;
        if (ch == '"') {
            const char *body;
            size_t n;
            bool escaped;
            c->p++;
            if (!scan_string(c, &body, &n, &escaped))
                return -1;
            if (depth == 0)
                return deepest;
            continue;
        }
        if (ch == '{' || ch == '[') {
            if (++depth > deepest && (deepest = depth) > max_depth)
                return -1;
        } else if (ch == '}' || ch == ']') {
            if (depth == 0)
                return deepest; /* after a scalar */
            c->p++;
            if (--depth == 0)
                return deepest;
            continue;
        } else if (depth == 0 && (ch == ',' || ch == ' ' || ch == '\t' || ch == '\r' ||
                                  ch == '\n')) {
            return deepest;
        }
        c->p++;
    }
    return depth == 0 ? deepest : -1;
}

/* A metadata or attribute value (c->p at its first byte): strings,
 * integers and the literals directly, anything else parsed by jansson from
 * its own bytes. A new reference, or NULL when the line must go to jansson
 * (also when the value nests deeper than max_depth). */
static json_t *read_value(cursor *c, int max_depth)
{
    char ch = *c->p;
    if (ch == '"') {
        size_t len;
        char *s = read_string(c, &len);
        /* The line was validated as UTF-8 and \u0000 was refused. */
        json_t *v = s ? json_stringn_nocheck(s, len) : NULL;
        free(s);
        return v;
    }
    json_int_t x;
    if (ch == '-' || (ch >= '0' && ch <= '9')) {
        if (read_integer(c, &x))
            return json_integer(x);
    } else if (literal(c, "true")) {
        return json_true();
    } else if (literal(c, "false")) {
        return json_false();
    } else if (literal(c, "null")) {
        return json_null();
    }
    const char *start = c->p;
    if (skip_value(c, max_depth) < 0)
        return NULL;
    return json_loadb(start, (size_t)(c->p - start), JSON_DECODE_ANY, NULL);
}

static bool key_is(const char *key, size_t n, const char *name)
{
    return strlen(name) == n && memcmp(key, name, n) == 0;
}

/* Reads the key of a member (c->p before its opening quote) and the colon
 * after it; keys with escapes are left to jansson. */
static bool read_key(cursor *c, const char **key, size_t *len)
{
    bool escaped;
    return eat(c, '"') && scan_string(c, key, len, &escaped) && !escaped && eat(c, ':') &&
           (skip_ws(c), c->p < c->end);
}

/* Steps to the next member of an object or element of an array (closing
 * bracket close); *first tracks the comma. false at the end or on an error
 * (*ok tells which). */
static bool next_item(cursor *c, char close, bool *first, bool *ok)
{
    if (eat(c, close)) {
        *ok = true;
        return false;
    }
    *ok = *first || eat(c, ',');
    *first = false;
    return *ok;
}

/* Spans as read, kept until the text (which may come later in the line) is
 * known: their offsets are code points, to check and convert against it. */
typedef struct span_in {
    size_t layer; /* index into names */
    json_int_t start, end;
    char *label;  /* owned, or NULL */
    double score;
    bool has_score;
    json_t *attrs; /* owned reference, or NULL */
} span_in;

typedef struct layers_in {
    char **names; /* owned; the layers in line order */
    size_t nnames;
    span_in *spans;
    size_t n, cap;
} layers_in;

static void layers_in_free(layers_in *li)
{
    for (size_t i = 0; i < li->nnames; i++)
        free(li->names[i]);
    free(li->names);
    for (size_t i = 0; i < li->n; i++) {
        free(li->spans[i].label);
        json_decref(li->spans[i].attrs);
    }
    free(li->spans);
}

/* One span object (c->p past its '{'). Unknown members are read and
 * dropped, as the full reader ignores them ("text", "raw_start", ...). */
static bool read_span(cursor *c, span_in *sp, int max_depth)
{
    bool first = true, ok;
    sp->start = sp->end = -1;
    while (next_item(c, '}', &first, &ok)) {
        const char *key;
        size_t klen;
        if (!read_key(c, &key, &klen))
            return false;
        if (key_is(key, klen, "start") || key_is(key, klen, "end")) {
            json_int_t *v = key[0] == 's' ? &sp->start : &sp->end;
            if (*v >= 0 || !read_integer(c, v) || *v < 0)
                return false;
            continue;
        }
        bool is_label = key_is(key, klen, "label");
        if (is_label && *c->p == '"') {
            size_t n;
            if (sp->label || !(sp->label = read_string(c, &n)))
                return false;
            continue;
        }
        json_t *v = read_value(c, max_depth);
        if (!v || is_label)
            return json_decref(v), false;
        if (key_is(key, klen, "score")) {
            if (sp->has_score || !json_is_number(v))
                return json_decref(v), false;
            sp->score = json_number_value(v);
            sp->has_score = true;
        } else if (key_is(key, klen, "attrs")) {
            if (sp->attrs || !json_is_object(v))
                return json_decref(v), false;
            sp->attrs = json_incref(v);
        }
        json_decref(v);
    }
    return ok && sp->start >= 0 && sp->end >= 0;
}

/* The "layers" object (c->p at its first byte); depth is its nesting level
 * in the line (2), max_depth the reader's limit. */
static bool read_layers(cursor *c, layers_in *li, int max_depth)
{
    bool first = true, ok;
    if (max_depth < 2 || !eat(c, '{'))
        return false;
    while (next_item(c, '}', &first, &ok)) {
        const char *key;
        size_t klen;
        if (max_depth < 3 || !read_key(c, &key, &klen) || !eat(c, '['))
            return false;
        char *name = tm__strndup(key, klen);
        char **names = name ? realloc(li->names, (li->nnames + 1) * sizeof(*names)) : NULL;
        if (!names) {
            free(name);
            return false;
        }
        li->names = names;
        li->names[li->nnames++] = name;
        if (!tm__is_identifier(name))
            return false;
        for (size_t i = 0; i + 1 < li->nnames; i++)
            if (strcmp(li->names[i], name) == 0)
                return false;
        bool first_span = true, span_ok;
        while (next_item(c, ']', &first_span, &span_ok)) {
            if (max_depth < 4 || !eat(c, '{'))
                return false;
            if (li->n == li->cap) {
                size_t cap = li->cap ? li->cap * 2 : 64;
                span_in *v = realloc(li->spans, cap * sizeof(*v));
                if (!v)
                    return false;
                li->spans = v;
                li->cap = cap;
            }
            span_in *sp = &li->spans[li->n++];
            *sp = (span_in){.layer = li->nnames - 1};
            /* Attributes nest below the span, at level 5. */
            if (!read_span(c, sp, max_depth - 4))
                return false;
        }
        if (!span_ok)
            return false;
    }
    return ok;
}

/* The "offset_map" array of [offset, raw offset] pairs (c->p at its first
 * byte; two levels of nesting below the document's). */
static bool read_pairs(cursor *c, json_int_t (**pairs)[2], size_t *n, int max_depth)
{
    bool first = true, ok;
    size_t cap = 0;
    if (max_depth < 3 || !eat(c, '['))
        return false;
    while (next_item(c, ']', &first, &ok)) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            json_int_t (*v)[2] = realloc(*pairs, cap * sizeof(*v));
            if (!v)
                return false;
            *pairs = v;
        }
        json_int_t *pt = (*pairs)[(*n)++];
        if (!eat(c, '[') || (skip_ws(c), !read_integer(c, &pt[0])) || !eat(c, ',') ||
            (skip_ws(c), !read_integer(c, &pt[1])) || !eat(c, ']'))
            return false;
    }
    return ok;
}

/* Adds the spans read to doc, their offsets checked and converted; false
 * when one does not fit the text (the full reader says why). */
static bool add_layers(tm_doc *doc, layers_in *li)
{
    tm__cpindex ix;
    if (tm__cpindex_init(&ix, doc->text, doc->len) < 0)
        return false;
    bool ok = true;
    tm_layer **layers = malloc((li->nnames ? li->nnames : 1) * sizeof(*layers));
    for (size_t i = 0; ok && layers && i < li->nnames; i++)
        ok = (layers[i] = tm_doc_add_layer(doc, li->names[i])) != NULL;
    for (size_t i = 0; ok && layers && i < li->n; i++) {
        span_in *sp = &li->spans[i];
        size_t start = tm__cpindex_to_byte(&ix, (size_t)sp->start);
        size_t end = tm__cpindex_to_byte(&ix, (size_t)sp->end);
        tm_span *s = start != (size_t)-1 && end != (size_t)-1 && start <= end
                         ? tm_layer_add(layers[sp->layer], start, end, sp->label, NULL)
                         : NULL;
        if (!s) {
            ok = false;
            break;
        }
        s->score = sp->score;
        s->has_score = sp->has_score;
        s->attrs = sp->attrs; /* taken */
        sp->attrs = NULL;
    }
    ok = ok && layers;
    free(layers);
    tm__cpindex_free(&ix);
    return ok;
}

tm_doc *tm__doc_parse_plain(const char *line, size_t len, const char *fallback_id,
                            int max_depth)
{
    /* Checked once here, so that no string needs it again. */
    if (tm_utf8_validate(line, len) != len)
        return NULL;
    cursor c = {line, line + len};
    char *id = NULL, *text = NULL, *raw = NULL;
    size_t text_len = 0, raw_len = 0, npairs = 0;
    json_int_t (*pairs)[2] = NULL;
    bool have_map = false;
    char idbuf[32];
    bool have_id = false, have_layers = false, first = true, ok;
    layers_in li = {0};
    tm_doc *doc = NULL;
    json_t *meta = json_object();
    if (!meta || max_depth < 1 || !eat(&c, '{'))
        goto giveup;
    while (next_item(&c, '}', &first, &ok)) {
        const char *key;
        size_t klen;
        if (!read_key(&c, &key, &klen))
            goto giveup;
        if (key_is(key, klen, "text")) {
            if (text || *c.p != '"' || !(text = read_string(&c, &text_len)))
                goto giveup;
        } else if (key_is(key, klen, "id")) {
            json_int_t x;
            if (have_id)
                goto giveup;
            if (*c.p == '"') {
                size_t n;
                if (!(id = read_string(&c, &n)))
                    goto giveup;
            } else if (read_integer(&c, &x)) {
                snprintf(idbuf, sizeof idbuf, "%" JSON_INTEGER_FORMAT, x);
            } else {
                goto giveup;
            }
            have_id = true;
        } else if (key_is(key, klen, "raw_text")) {
            if (raw || *c.p != '"' || !(raw = read_string(&c, &raw_len)))
                goto giveup;
        } else if (key_is(key, klen, "offset_map")) {
            if (have_map || !read_pairs(&c, &pairs, &npairs, max_depth))
                goto giveup;
            have_map = true;
        } else if (key_is(key, klen, "layers")) {
            if (have_layers || !read_layers(&c, &li, max_depth))
                goto giveup;
            have_layers = true;
        } else {
            /* Metadata: every reserved key has its branch above. A key
             * given twice needs the full reader. */
            json_t *v = json_object_getn(meta, key, klen) ? NULL
                                                           : read_value(&c, max_depth - 1);
            if (!v || json_object_setn_new_nocheck(meta, key, klen, v) != 0)
                goto giveup;
        }
    }
    skip_ws(&c);
    if (!ok || c.p != c.end || !text)
        goto giveup;
    /* As the full reader: the document starts from the raw text, if any,
     * and the text is its rewrite (the map without raw text is ignored). */
    doc = tm__doc_adopt(!have_id ? fallback_id : id ? id : idbuf, raw ? raw : text,
                        raw ? raw_len : text_len, meta);
    if (raw)
        raw = NULL;
    else
        text = NULL;
    meta = NULL;
    if (doc && text && tm__doc_read_rewrite(doc, text, text_len, pairs, npairs, NULL) != TM_OK) {
        tm_doc_free(doc);
        doc = NULL;
    }
    if (doc && have_layers && !add_layers(doc, &li)) {
        tm_doc_free(doc);
        doc = NULL;
    }

giveup:
    layers_in_free(&li);
    free(pairs);
    free(raw);
    json_decref(meta);
    free(id);
    free(text);
    return doc;
}
