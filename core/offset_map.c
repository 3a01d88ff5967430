/* offset_map.c - maps offsets of a rewritten text back to the text before.
 *
 * Stored as the points where the distance between the two texts changes;
 * between points offsets advance together. A lookup is a binary search. */
#include <stdlib.h>

#include "internal.h"

tm_offset_map *tm_offset_map_new(void)
{
    return calloc(1, sizeof(tm_offset_map));
}

void tm_offset_map_free(tm_offset_map *map)
{
    if (!map)
        return;
    free(map->points);
    free(map);
}

static int map_reserve(tm_offset_map *map, size_t extra)
{
    if (map->size + extra <= map->capacity)
        return 0;
    size_t cap = map->capacity ? map->capacity * 2 : 16;
    while (cap < map->size + extra)
        cap *= 2;
    tm_offset_point *p = realloc(map->points, cap * sizeof *p);
    if (!p)
        return -1;
    map->points = p;
    map->capacity = cap;
    return 0;
}

tm_status tm_offset_map_add(tm_offset_map *map, size_t new_offset,
                            size_t old_offset)
{
    if (map->size > 0) {
        tm_offset_point *last = &map->points[map->size - 1];
        if (new_offset < last->new_off)
            return TM_ERR_INVALID;
        /* Same distance as the last point: implied, nothing to store. */
        if (new_offset - last->new_off == old_offset - last->old_off &&
            old_offset >= last->old_off)
            return TM_OK;
        if (new_offset == last->new_off) {
            /* The later call wins: add it again in place of the last point,
             * so that it is dropped if the point before now implies it (the
             * map then writes and reads back the same). */
            map->size--;
            return tm_offset_map_add(map, new_offset, old_offset);
        }
    } else if (new_offset == old_offset) {
        return TM_OK; /* identity so far */
    }
    if (map_reserve(map, 1) < 0)
        return TM_ERR_NOMEM;
    map->points[map->size++] = (tm_offset_point){new_offset, old_offset};
    return TM_OK;
}

/* Index of the last point at or before x, or -1. */
static ptrdiff_t map_find(const tm_offset_map *map, size_t x)
{
    ptrdiff_t lo = 0, hi = (ptrdiff_t)map->size - 1, found = -1;
    while (lo <= hi) {
        ptrdiff_t mid = lo + (hi - lo) / 2;
        if (map->points[mid].new_off <= x) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}

size_t tm_offset_map_lookup(const tm_offset_map *map, size_t x)
{
    if (!map)
        return x;
    ptrdiff_t i = map_find(map, x);
    if (i < 0) {
        /* Before the first point offsets are the same, but never past it. */
        if (map->size > 0 && x > map->points[0].old_off)
            return map->points[0].old_off;
        return x;
    }
    const tm_offset_point *p = &map->points[i];
    size_t old = p->old_off + (x - p->new_off);
    /* Inserted text (more new bytes than old ones) stays inside its source. */
    if ((size_t)i + 1 < map->size && old > map->points[i + 1].old_off &&
        map->points[i + 1].old_off >= p->old_off)
        old = map->points[i + 1].old_off;
    return old;
}

size_t tm_offset_map_size(const tm_offset_map *map)
{
    return map ? map->size : 0;
}

/* The composition first(second(x)), as a new map; second maps the newest
 * text to the middle one, first the middle one to the oldest. The points of
 * the result are second's points, plus first's points seen through second. */
tm_offset_map *tm__offset_map_compose(const tm_offset_map *first,
                                      const tm_offset_map *second)
{
    tm_offset_map *out = tm_offset_map_new();
    if (!out)
        return NULL;
    /* Walk the newest text's segments; inside each, add a point wherever
     * first has one in the segment's middle-text range. */
    size_t nseg = second->size;
    size_t j = 0; /* next point of first */
    for (size_t s = 0; s <= nseg; s++) {
        size_t seg_new = s == 0 ? 0 : second->points[s - 1].new_off;
        size_t seg_old = s == 0 ? 0 : second->points[s - 1].old_off;
        size_t seg_end_new = s < nseg ? second->points[s].new_off : (size_t)-1;
        if (tm_offset_map_add(out, seg_new,
                              tm_offset_map_lookup(first, seg_old)) != TM_OK)
            goto fail;
        /* first's points with middle offsets inside this segment. */
        while (j < first->size && first->points[j].new_off < seg_old)
            j++;
        for (size_t k = j; k < first->size; k++) {
            size_t mid = first->points[k].new_off;
            size_t x = seg_new + (mid - seg_old);
            if (x >= seg_end_new || x < seg_new)
                break;
            if (tm_offset_map_add(out, x, first->points[k].old_off) != TM_OK)
                goto fail;
        }
    }
    return out;
fail:
    tm_offset_map_free(out);
    return NULL;
}

tm_offset_map *tm__offset_map_in_cp(const tm_offset_map *map, const tm__cpindex *ix,
                                    const tm__cpindex *raw_ix)
{
    tm_offset_map *bytes = tm_offset_map_new(), *out = tm_offset_map_new();
    if (!bytes || !out)
        goto nomem;
    /* The points as reading the JSON form back gives them: each moved to the
     * boundary its code point offset names, then added again, which drops
     * the points that became implied. */
    for (size_t i = 0; map && i < map->size; i++) {
        size_t n = tm__cpindex_to_byte(ix, tm__cpindex_to_cp(ix, map->points[i].new_off));
        size_t o = tm__cpindex_to_byte(raw_ix,
                                       tm__cpindex_to_cp(raw_ix, map->points[i].old_off));
        if (tm_offset_map_add(bytes, n, o) == TM_ERR_NOMEM)
            goto nomem;
    }
    if (map_reserve(out, bytes->size) < 0)
        goto nomem;
    for (size_t i = 0; i < bytes->size; i++)
        out->points[out->size++] = (tm_offset_point){
            tm__cpindex_to_cp(ix, bytes->points[i].new_off),
            tm__cpindex_to_cp(raw_ix, bytes->points[i].old_off)};
    tm_offset_map_free(bytes);
    return out;
nomem:
    tm_offset_map_free(bytes);
    tm_offset_map_free(out);
    return NULL;
}

/* Moves every point of map back to the start of the character it falls in,
 * in the new text and in the old one, and drops the points that become
 * implied. A map of character boundaries is what the JSON form (in code
 * points) can hold, so a document reads back with the very same map. */
tm_offset_map *tm__offset_map_snap(const tm_offset_map *map, const char *new_text,
                                   size_t new_len, const char *old_text, size_t old_len)
{
    tm_offset_map *out = tm_offset_map_new();
    for (size_t i = 0; out && i < map->size; i++) {
        size_t n = map->points[i].new_off, o = map->points[i].old_off;
        if (n > new_len)
            n = new_len;
        while (n > 0 && n < new_len && !tm_utf8_is_lead((unsigned char)new_text[n]))
            n--;
        if (o > old_len)
            o = old_len;
        while (o > 0 && o < old_len && !tm_utf8_is_lead((unsigned char)old_text[o]))
            o--;
        if (tm_offset_map_add(out, n, o) == TM_ERR_NOMEM) {
            tm_offset_map_free(out);
            return NULL;
        }
    }
    return out;
}
