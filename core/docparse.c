/*
 * docparse.c - a direct reader for the usual shape of a JSON Lines document.
 *
 * Nearly every input line is {"id": ..., "text": "...", and perhaps a few
 * scalar fields}. Parsing that into a jansson tree and then copying the text
 * out of it costs more than the cleaner and the splitter together, so this
 * file reads that shape straight into a document. It handles only lines it
 * is sure of: anything else (layers, raw text, nested or floating-point
 * values, escapes in keys, repeated keys, any syntax error) makes it give up,
 * and the caller parses the line with jansson, which also words the errors.
 * Both paths give the same document for every line this one accepts; the
 * tests and the JSON Lines fuzz target check that.
 */
#include <stdint.h>
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

/* A scalar metadata value: a new reference, or NULL for anything else. */
static json_t *read_scalar(cursor *c)
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
    if (ch == '-' || (ch >= '0' && ch <= '9')) {
        json_int_t x;
        return read_integer(c, &x) ? json_integer(x) : NULL;
    }
    if (literal(c, "true"))
        return json_true();
    if (literal(c, "false"))
        return json_false();
    if (literal(c, "null"))
        return json_null();
    return NULL;
}

static bool key_is(const char *key, size_t n, const char *name)
{
    return strlen(name) == n && memcmp(key, name, n) == 0;
}

tm_doc *tm__doc_parse_plain(const char *line, size_t len, const char *fallback_id)
{
    /* Checked once here, so that no string needs it again. */
    if (tm_utf8_validate(line, len) != len)
        return NULL;
    cursor c = {line, line + len};
    char *id = NULL, *text = NULL;
    size_t text_len = 0;
    char idbuf[32];
    bool have_id = false;
    json_t *meta = json_object();
    if (!meta || !eat(&c, '{'))
        goto giveup;
    bool first = true;
    while (!eat(&c, '}')) {
        if ((!first && !eat(&c, ',')) || !eat(&c, '"'))
            goto giveup;
        first = false;
        const char *key;
        size_t klen;
        bool escaped;
        if (!scan_string(&c, &key, &klen, &escaped) || escaped || !eat(&c, ':'))
            goto giveup;
        skip_ws(&c);
        if (c.p >= c.end)
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
        } else {
            /* Other reserved keys ("layers", "raw_text", ...) need the
             * full reader, and so does a key given twice. */
            char *k = tm__strndup(key, klen);
            bool plain = k && !tm__is_reserved_key(k) && !json_object_getn(meta, key, klen);
            free(k);
            json_t *v = plain ? read_scalar(&c) : NULL;
            if (!v || json_object_setn_new_nocheck(meta, key, klen, v) != 0)
                goto giveup;
        }
    }
    skip_ws(&c);
    if (c.p != c.end || !text)
        goto giveup;
    tm_doc *doc = tm__doc_adopt(!have_id ? fallback_id : id ? id : idbuf, text,
                                text_len, meta);
    free(id);
    return doc;

giveup:
    json_decref(meta);
    free(id);
    free(text);
    return NULL;
}
