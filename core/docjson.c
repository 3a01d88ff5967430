/* docjson.c - the JSON form of documents (see textmill/io.h). */
#include <stdio.h>
#include <string.h>

#include "internal.h"

bool tm__is_reserved_key(const char *key)
{
    return strcmp(key, "id") == 0 || strcmp(key, "text") == 0 ||
           strcmp(key, "layers") == 0 || strcmp(key, "raw_text") == 0 ||
           strcmp(key, "offset_map") == 0;
}

static json_t *span_to_json(const tm_doc *doc, const tm_span *s,
                            const tm__cpindex *ix, const tm__cpindex *raw_ix,
                            unsigned flags)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    int bad = 0;
    bad |= json_object_set_new(o, "start", json_integer((json_int_t)tm__cpindex_to_cp(ix, s->start)));
    bad |= json_object_set_new(o, "end", json_integer((json_int_t)tm__cpindex_to_cp(ix, s->end)));
    if (!(flags & TM_JSON_NO_SPAN_TEXT))
        bad |= json_object_set_new(o, "text", json_stringn(doc->text + s->start, s->end - s->start));
    if (s->label[0])
        bad |= json_object_set_new(o, "label", json_string(s->label));
    if (s->has_score)
        bad |= json_object_set_new(o, "score", json_real(s->score));
    if (s->attrs)
        bad |= json_object_set(o, "attrs", s->attrs);
    if (flags & TM_JSON_RAW_OFFSETS) {
        size_t rs, re;
        tm_doc_raw_range(doc, s->start, s->end, &rs, &re);
        bad |= json_object_set_new(o, "raw_start", json_integer((json_int_t)tm__cpindex_to_cp(raw_ix, rs)));
        bad |= json_object_set_new(o, "raw_end", json_integer((json_int_t)tm__cpindex_to_cp(raw_ix, re)));
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *tm_doc_to_json(const tm_doc *doc, unsigned flags, tm_error *err)
{
    tm__cpindex ix = {0}, raw_ix = {0};
    json_t *o = json_object();
    int bad = !o;
    if (!bad) {
        bad |= tm__cpindex_init(&ix, doc->text, doc->len);
        if (doc->raw_text)
            bad |= tm__cpindex_init(&raw_ix, doc->raw_text, doc->raw_len);
        else
            raw_ix = ix, raw_ix.before = NULL, raw_ix.ascii = ix.ascii;
    }
    if (!bad) {
        bad |= json_object_set_new(o, "id", json_string(doc->id));
        bad |= json_object_set_new(o, "text", json_stringn(doc->text, doc->len));
        const char *key;
        json_t *v;
        json_object_foreach(doc->meta, key, v)
            if (!tm__is_reserved_key(key))
                bad |= json_object_set(o, key, v);
    }
    if (!bad && doc->raw_text) {
        bad |= json_object_set_new(o, "raw_text", json_stringn(doc->raw_text, doc->raw_len));
        json_t *points = json_array();
        bad |= json_object_set_new(o, "offset_map", points);
        tm_offset_map *cp = tm__offset_map_in_cp(doc->map, &ix, &raw_ix);
        bad |= !cp;
        for (size_t i = 0; !bad && i < cp->size; i++)
            bad |= json_array_append_new(points, json_pack("[II]",
                (json_int_t)cp->points[i].new_off, (json_int_t)cp->points[i].old_off));
        tm_offset_map_free(cp);
    }
    if (!bad && doc->layer_count) {
        /* Raw offsets of a text never rewritten are the offsets themselves. */
        const tm__cpindex *rix = doc->raw_text ? &raw_ix : &ix;
        json_t *layers = json_object();
        bad |= json_object_set_new(o, "layers", layers);
        for (size_t l = 0; !bad && l < doc->layer_count; l++) {
            const tm_layer *layer = doc->layers[l];
            json_t *arr = json_array();
            bad |= json_object_set_new(layers, layer->name, arr);
            for (size_t i = 0; !bad && i < layer->size; i++) {
                json_t *s = span_to_json(doc, &layer->spans[i], &ix, rix, flags);
                bad |= !s || json_array_append_new(arr, s);
            }
        }
    }
    tm__cpindex_free(&ix);
    tm__cpindex_free(&raw_ix);
    if (bad) {
        json_decref(o);
        tm_error_set_doc_id(err, doc->id);
        tm_error_set(err, TM_ERR_NOMEM, "out of memory writing the document as JSON");
        return NULL;
    }
    return o;
}

/* ---- reading ---- */

static tm_status bad_at(tm_error *err, const char *path, const char *why)
{
    tm_error_set_path(err, path);
    return tm_error_set(err, TM_ERR_SYNTAX, "%s", why);
}

/* Reads a non-negative integer offset in code points. */
static int read_offset(const json_t *v, json_int_t *out)
{
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return -1;
    *out = json_integer_value(v);
    return 0;
}

tm_status tm__doc_read_rewrite(tm_doc *doc, const char *text, size_t len,
                               const json_int_t (*pairs)[2], size_t n, tm_error *err)
{
    tm__cpindex ix, raw_ix;
    tm_offset_map *map = tm_offset_map_new();
    if (!map || tm__cpindex_init(&ix, text, len) < 0) {
        tm_offset_map_free(map);
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    }
    if (tm__cpindex_init(&raw_ix, doc->text, doc->len) < 0) {
        tm__cpindex_free(&ix);
        tm_offset_map_free(map);
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    }
    tm_status rc = TM_OK;
    for (size_t i = 0; rc == TM_OK && i < n; i++) {
        size_t a = tm__cpindex_to_byte(&ix, (size_t)pairs[i][0]);
        size_t b = tm__cpindex_to_byte(&raw_ix, (size_t)pairs[i][1]);
        if (pairs[i][0] < 0 || pairs[i][1] < 0 || a == (size_t)-1 || b == (size_t)-1 ||
            tm_offset_map_add(map, a, b) != TM_OK) {
            char path[64];
            snprintf(path, sizeof path, "offset_map[%zu]", i);
            rc = bad_at(err, path, "must be a pair of offsets within the two texts, "
                                   "in increasing order");
        }
    }
    tm__cpindex_free(&ix);
    tm__cpindex_free(&raw_ix);
    char *copy = rc == TM_OK ? tm__strndup(text, len) : NULL;
    if (rc != TM_OK || !copy) {
        tm_offset_map_free(map);
        return rc != TM_OK ? rc : tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    }
    return tm_doc_replace_text(doc, copy, len, map, err);
}

/* The same, converted to a byte offset of ix's text. */
static int read_byte_offset(const json_t *v, const tm__cpindex *ix, size_t *out)
{
    json_int_t cp;
    size_t b;
    if (read_offset(v, &cp) < 0 || (b = tm__cpindex_to_byte(ix, (size_t)cp)) == (size_t)-1)
        return -1;
    *out = b;
    return 0;
}

static tm_status read_map(tm_doc *doc, const json_t *jmap, const char *text,
                          size_t len, tm_error *err)
{
    if (jmap && !json_is_array(jmap))
        return bad_at(err, "offset_map", "must be an array of [offset, raw_offset] pairs");
    size_t n = json_array_size(jmap);
    json_int_t (*pairs)[2] = malloc((n ? n : 1) * sizeof(*pairs));
    if (!pairs)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const json_t *pt = json_array_get(jmap, i);
        /* A malformed pair becomes -1, which the check below reports. */
        if (!json_is_array(pt) || json_array_size(pt) != 2 ||
            read_offset(json_array_get(pt, 0), &pairs[i][0]) < 0 ||
            read_offset(json_array_get(pt, 1), &pairs[i][1]) < 0)
            pairs[i][0] = pairs[i][1] = -1;
    }
    tm_status rc = tm__doc_read_rewrite(doc, text, len, pairs, n, err);
    free(pairs);
    return rc;
}

static tm_status read_layers(tm_doc *doc, const json_t *layers, tm_error *err)
{
    if (!json_is_object(layers))
        return bad_at(err, "layers", "must be an object of layer name: [spans]");
    tm__cpindex ix;
    if (tm__cpindex_init(&ix, doc->text, doc->len) < 0)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    tm_status rc = TM_OK;
    const char *name;
    json_t *arr;
    char path[TM_ERROR_FIELD_LENGTH];
    json_object_foreach((json_t *)layers, name, arr) {
        snprintf(path, sizeof path, "layers.%.100s", name);
        if (!tm__is_identifier(name)) {
            rc = bad_at(err, path, "a layer name must be an identifier");
            break;
        }
        if (!json_is_array(arr)) {
            rc = bad_at(err, path, "must be an array of spans");
            break;
        }
        tm_layer *layer = tm_doc_add_layer(doc, name);
        if (!layer) {
            rc = tm_error_set(err, TM_ERR_NOMEM, "out of memory");
            break;
        }
        size_t i;
        json_t *js;
        json_array_foreach(arr, i, js) {
            snprintf(path, sizeof path, "layers.%.100s[%zu]", name, i);
            size_t start, end;
            const json_t *label = json_object_get(js, "label");
            const json_t *score = json_object_get(js, "score");
            const json_t *attrs = json_object_get(js, "attrs");
            if (!json_is_object(js) ||
                read_byte_offset(json_object_get(js, "start"), &ix, &start) < 0 ||
                read_byte_offset(json_object_get(js, "end"), &ix, &end) < 0 || start > end) {
                rc = bad_at(err, path, "a span needs integer \"start\" <= \"end\" "
                                       "within the text (in code points)");
                break;
            }
            if ((label && !json_is_string(label)) || (score && !json_is_number(score)) ||
                (attrs && !json_is_object(attrs))) {
                rc = bad_at(err, path, "\"label\" must be a string, \"score\" a number "
                                       "and \"attrs\" an object");
                break;
            }
            tm_span *s = tm_layer_add(layer, start, end, json_string_value(label), err);
            if (!s) {
                tm_error_set_path(err, path);
                rc = err ? err->code : TM_ERR_INVALID;
                break;
            }
            if (score) {
                s->score = json_number_value(score);
                s->has_score = true;
            }
            if (attrs)
                s->attrs = json_incref((json_t *)attrs);
        }
        if (rc != TM_OK)
            break;
    }
    tm__cpindex_free(&ix);
    return rc;
}

tm_doc *tm_doc_from_json(const json_t *obj, const char *fallback_id, tm_error *err)
{
    if (!json_is_object(obj)) {
        tm_error_set(err, TM_ERR_SYNTAX, "a document must be a JSON object");
        return NULL;
    }
    char idbuf[32];
    const json_t *jid = json_object_get(obj, "id");
    const char *id = fallback_id ? fallback_id : "";
    if (json_is_string(jid)) {
        id = json_string_value(jid);
    } else if (json_is_integer(jid)) {
        snprintf(idbuf, sizeof idbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(jid));
        id = idbuf;
    } else if (jid) {
        tm_error_set_doc_id(err, id);
        bad_at(err, "id", "must be a string or an integer");
        return NULL;
    }
    const json_t *jtext = json_object_get(obj, "text");
    const json_t *jraw = json_object_get(obj, "raw_text");
    const char *bad_key = !json_is_string(jtext) ? "text"
                          : jraw && !json_is_string(jraw) ? "raw_text" : NULL;
    if (bad_key) {
        tm_error_set_doc_id(err, id);
        bad_at(err, bad_key, jtext ? "must be a string"
                                   : "missing: every document needs \"text\"");
        return NULL;
    }
    /* json strings may hold NUL (\u0000): tm_doc_new refuses it with its offset. */
    const json_t *first = jraw ? jraw : jtext;
    tm_doc *doc = tm_doc_new(id, json_string_value(first), json_string_length(first), err);
    if (!doc) {
        tm_error_set_path(err, jraw ? "raw_text" : "text");
        return NULL;
    }
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        if (!tm__is_reserved_key(key) && json_object_set(doc->meta, key, v) != 0) {
            tm_error_set(err, TM_ERR_NOMEM, "out of memory");
            goto fail;
        }
    }
    if (jraw && read_map(doc, json_object_get(obj, "offset_map"),
                         json_string_value(jtext), json_string_length(jtext), err) != TM_OK)
        goto fail;
    const json_t *layers = json_object_get(obj, "layers");
    if (layers && read_layers(doc, layers, err) != TM_OK)
        goto fail;
    return doc;
fail:
    tm_error_set_doc_id(err, id);
    tm_doc_free(doc);
    return NULL;
}
