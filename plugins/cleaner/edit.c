/* edit.c - lazy rewriting with an offset map (see edit.h). */
#include <stdlib.h>
#include <string.h>

#include <textmill/utf8.h>

#include "edit.h"

void cl_edit_init(cl_edit *e, const char *src, size_t len)
{
    memset(e, 0, sizeof(*e));
    e->src = src;
    e->src_len = len;
}

static bool reserve(cl_edit *e, size_t extra)
{
    if (e->len + extra + 1 <= e->cap)
        return true;
    size_t cap = e->cap ? e->cap : e->src_len + e->src_len / 16 + 64;
    while (cap < e->len + extra + 1)
        cap = cap / 2 * 3 + 64;
    char *p = realloc(e->out, cap);
    if (!p) {
        e->nomem = true;
        return false;
    }
    e->out = p;
    e->cap = cap;
    return true;
}

/* Writes the kept source bytes src[done..upto). */
static bool keep(cl_edit *e, size_t upto)
{
    size_t n = upto - e->done;
    if (!reserve(e, n))
        return false;
    memcpy(e->out + e->len, e->src + e->done, n);
    e->len += n;
    e->done = upto;
    return true;
}

bool cl_edit_replace(cl_edit *e, size_t start, size_t end, const char *s,
                     size_t n)
{
    if (e->nomem)
        return false;
    /* A replacement by the same bytes is no change. */
    if (end - start == n && memcmp(e->src + start, s, n) == 0)
        return true;
    if (!e->out && !reserve(e, 0))
        return false;
    if (!keep(e, start) || !reserve(e, n))
        return false;
    for (size_t k = 0; k < n; k++)
        if (tm_utf8_is_lead((unsigned char)s[k]) &&
            !cl_points_add(&e->map, e->len + k, start))
            goto nomem;
    memcpy(e->out + e->len, s, n);
    e->len += n;
    e->done = end;
    if (!cl_points_add(&e->map, e->len, end))
        goto nomem;
    return true;
nomem:
    e->nomem = true;
    return false;
}

bool cl_edit_finish(cl_edit *e)
{
    if (!e->out || e->nomem)
        return false;
    if (!keep(e, e->src_len))
        return false;
    e->out[e->len] = '\0';
    return true;
}

char *cl_edit_take(cl_edit *e, size_t *len)
{
    char *out = e->out;
    if (len)
        *len = e->len;
    e->out = NULL;
    cl_edit_free(e);
    return out;
}

void cl_edit_free(cl_edit *e)
{
    free(e->out);
    cl_points_free(&e->map);
    e->out = NULL;
}

/* ---- point lists ---- */

bool cl_points_add(cl_points *m, size_t new_off, size_t old_off)
{
    if (m->size) {
        cl_point *last = &m->items[m->size - 1];
        if (last->new_off == new_off) {
            last->old_off = old_off;
            /* It may now repeat the distance of the point before it. */
            if (m->size > 1) {
                cl_point *prev = last - 1;
                if (old_off - prev->old_off == new_off - prev->new_off &&
                    old_off >= prev->old_off)
                    m->size--;
            } else if (old_off == new_off) {
                m->size--;
            }
            return true;
        }
        if (old_off >= last->old_off &&
            old_off - last->old_off == new_off - last->new_off)
            return true;
    } else if (old_off == new_off) {
        return true; /* the identity before the first point */
    }
    if (m->size == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        cl_point *p = realloc(m->items, cap * sizeof(*p));
        if (!p)
            return false;
        m->items = p;
        m->cap = cap;
    }
    m->items[m->size].new_off = new_off;
    m->items[m->size].old_off = old_off;
    m->size++;
    return true;
}

/* Index of the last point with new_off <= x, or -1. */
static ptrdiff_t find(const cl_points *m, size_t x)
{
    size_t lo = 0, hi = m->size;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->items[mid].new_off <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (ptrdiff_t)lo - 1;
}

size_t cl_points_lookup(const cl_points *m, size_t x)
{
    ptrdiff_t i = find(m, x);
    if (i < 0)
        return x;
    return m->items[i].old_off + (x - m->items[i].new_off);
}

void cl_points_free(cl_points *m)
{
    free(m->items);
    memset(m, 0, sizeof(*m));
}

/* Index of the first point of m with new_off > x. */
static size_t first_after(const cl_points *m, size_t x)
{
    return (size_t)(find(m, x) + 1);
}

bool cl_points_compose(const cl_points *outer, size_t new_len,
                       const cl_points *inner, cl_points *out)
{
    memset(out, 0, sizeof(*out));
    /* Walk the segments of outer (the first one may be the implicit
     * identity before its first point); within a segment the middle offset
     * grows with the new one, so the points of inner that fall inside it
     * become points of the result. */
    size_t nseg = outer->size + 1;
    for (size_t i = 0; i < nseg; i++) {
        size_t n0, m0, n1;
        if (i == 0) {
            n0 = 0;
            m0 = 0;
            if (outer->size && outer->items[0].new_off == 0)
                continue;
        } else {
            n0 = outer->items[i - 1].new_off;
            m0 = outer->items[i - 1].old_off;
        }
        n1 = i < outer->size ? outer->items[i].new_off : new_len + 1;
        if (!cl_points_add(out, n0, cl_points_lookup(inner, m0)))
            goto nomem;
        size_t m1 = m0 + (n1 - n0); /* middle offsets [m0, m1) */
        for (size_t k = first_after(inner, m0);
             k < inner->size && inner->items[k].new_off < m1; k++) {
            const cl_point *p = &inner->items[k];
            if (!cl_points_add(out, n0 + (p->new_off - m0), p->old_off))
                goto nomem;
        }
    }
    return true;
nomem:
    cl_points_free(out);
    return false;
}

tm_offset_map *cl_points_to_map(const cl_points *m, size_t new_len,
                                size_t old_len)
{
    tm_offset_map *map = tm_offset_map_new();
    if (!map)
        return NULL;
    for (size_t i = 0; i < m->size; i++)
        if (m->items[i].new_off <= new_len &&
            tm_offset_map_add(map, m->items[i].new_off,
                              m->items[i].old_off) != TM_OK)
            goto fail;
    if (tm_offset_map_add(map, new_len, old_len) != TM_OK)
        goto fail;
    return map;
fail:
    tm_offset_map_free(map);
    return NULL;
}
