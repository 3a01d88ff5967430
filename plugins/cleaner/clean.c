/* clean.c - running the passes and composing their maps (see clean.h). */
#include <stdlib.h>
#include <string.h>

#include "clean.h"
#include "mojibake.h"

typedef bool (*pass_fn)(const cl_config *c, const char *s, size_t len,
                        cl_edit *e);

/* The state of one cleaning: the current text and its map to the input. */
typedef struct run {
    const char *text; /* the input, or owned */
    size_t len;
    char *owned;
    cl_points map;    /* current text -> input */
    bool changed;
} run;

static bool mojibake_pass(const cl_config *c, const char *s, size_t len,
                          cl_edit *e)
{
    (void)c;
    return cl_fix_mojibake(s, len, e);
}

/* Runs one pass; returns -1 when out of memory, else whether it changed
 * the text. */
static int apply(run *r, const cl_config *c, pass_fn fn)
{
    cl_edit e;
    cl_edit_init(&e, r->text, r->len);
    if (!fn(c, r->text, r->len, &e) || e.nomem) {
        cl_edit_free(&e);
        return -1;
    }
    if (!cl_edit_finish(&e)) {
        bool nomem = e.nomem;
        cl_edit_free(&e);
        return nomem ? -1 : 0;
    }
    if (r->changed) {
        cl_points composed;
        if (!cl_points_compose(&e.map, e.len, &r->map, &composed)) {
            cl_edit_free(&e);
            return -1;
        }
        cl_points_free(&r->map);
        r->map = composed;
    } else {
        r->map = e.map; /* the first change: its map is the whole map */
        memset(&e.map, 0, sizeof(e.map));
    }
    free(r->owned);
    r->owned = cl_edit_take(&e, &r->len);
    r->text = r->owned;
    r->changed = true;
    return 1;
}

/* Whether s holds a C1 control character (U+0080-U+009F: C2 80 - C2 9F). */
static bool has_c1(const char *s, size_t len)
{
    for (const char *p = s; (p = memchr(p, 0xC2, len - (size_t)(p - s)));) {
        if ((size_t)(p - s) + 1 < len && (unsigned char)p[1] <= 0x9F &&
            (unsigned char)p[1] >= 0x80)
            return true;
        p++;
    }
    return false;
}

tm_status cl_clean(const cl_config *c, const char *s, size_t len, char **out,
                   size_t *out_len, tm_offset_map **map, tm_error *err)
{
    run r = {s, len, NULL, {NULL, 0, 0}, false};
    *out = NULL;
    *map = NULL;
    int rc = 0;
    bool chars = c->normalization != CL_NORM_NONE || c->remove_invisible ||
                 c->spaces || c->whitespace || c->fold_punctuation ||
                 c->ligatures || c->full_width;

    /* C1 controls stay until the mojibake pass: Latin-1 mojibake is made
     * of them. (Copies: the caller's config is shared between threads.) */
    cl_config first = *c;
    first.keep_c1 = c->mojibake;
    if (chars)
        rc = apply(&r, &first, cl_pass_chars);

    /* Markup after the character pass, so that a control character inside
     * a tag ("<p\x1B>") does not hide it. With "auto", strip until the
     * text does not look like HTML any more, and decode entities until
     * none is left ("&amp;lt;" -> "<"): a second run finds nothing to do.
     * "html" strips once (its output is text: "&lt;b&gt;" stays "<b>"). */
    cl_config m = first;
    for (int round = 0; rc >= 0 && round < 4; round++) {
        bool html = c->markup == CL_MARKUP_HTML
                        ? round == 0
                        : c->markup == CL_MARKUP_AUTO &&
                              cl_looks_like_html(r.text, r.len);
        if (!html && (!c->decode_entities || c->markup == CL_MARKUP_HTML))
            break;
        m.markup = html ? CL_MARKUP_HTML : CL_MARKUP_NONE;
        if ((rc = apply(&r, &m, cl_pass_markup)) <= 0)
            break;
        if (chars && (rc = apply(&r, &first, cl_pass_chars)) < 0)
            break;
    }

    /* Mojibake after the character pass, so that a control character
     * inside a sequence does not hide it; text mangled twice ("Ã¢â‚¬â„¢")
     * needs a round per mangling. The repaired characters then go through
     * the character pass too (a mangled no-break space, say), and what that
     * pass removes may bring mojibake together again, hence the loop. */
    for (int loop = 0; rc >= 0 && c->mojibake && loop < 4; loop++) {
        int fixed = 0;
        for (int round = 0; round < 8; round++) {
            if ((rc = apply(&r, c, mojibake_pass)) <= 0)
                break;
            fixed++;
        }
        if (rc < 0 || !chars ||
            !(fixed || (loop == 0 && has_c1(r.text, r.len))))
            break;
        if ((rc = apply(&r, c, cl_pass_chars)) <= 0)
            break;
    }
    if (rc >= 0 && (c->whitespace || c->punctuation_spacing ||
                    c->sentence_ends || c->unwrap_lines || c->join_hyphenated))
        rc = apply(&r, c, cl_pass_layout);
    if (rc < 0)
        goto nomem;
    if (!r.changed)
        return TM_OK;
    *map = cl_points_to_map(&r.map, r.len, len);
    if (!*map)
        goto nomem;
    cl_points_free(&r.map);
    *out = r.owned;
    *out_len = r.len;
    return TM_OK;
nomem:
    free(r.owned);
    cl_points_free(&r.map);
    return tm_error_set(err, TM_ERR_NOMEM, "cleaner: out of memory");
}
