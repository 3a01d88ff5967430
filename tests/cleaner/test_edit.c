/* test_edit.c - the lazy edit and the composition of offset maps. */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "common.h"
#include "edit.h"

static unsigned seed = 777;

static unsigned next_random(unsigned n)
{
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % n;
}

/* A random edit of src: deletions, replacements and insertions of ASCII. */
static void random_edit(cl_edit *e, const char *src, size_t len)
{
    cl_edit_init(e, src, len);
    size_t i = 0;
    while (i < len) {
        i += next_random(6);
        if (i > len)
            break;
        size_t del = next_random(3);
        if (i + del > len)
            del = len - i;
        const char *ins = "xyz";
        size_t n = next_random(4);
        cr_assert(cl_edit_replace(e, i, i + del, ins, n));
        i += del + (del == 0 && n == 0);
    }
    cl_edit_finish(e);
}

Test(edit, unchanged_text_allocates_nothing)
{
    cl_edit e;
    cl_edit_init(&e, "same text", 9);
    cr_assert(cl_edit_replace(&e, 2, 4, "me", 2)); /* the same bytes */
    cr_expect(!cl_edit_finish(&e));
    cr_expect_null(e.out);
    cl_edit_free(&e);
}

Test(edit, composed_map_is_the_chain_of_maps)
{
    char text[128];
    for (int round = 0; round < 300; round++) {
        size_t len = next_random(100);
        for (size_t i = 0; i < len; i++)
            text[i] = (char)('a' + next_random(26));
        cl_edit a, b;
        random_edit(&a, text, len);
        const char *mid = a.out ? a.out : text;
        size_t mid_len = a.out ? a.len : len;
        random_edit(&b, mid, mid_len);
        size_t new_len = b.out ? b.len : mid_len;
        cl_points composed;
        cr_assert(cl_points_compose(&b.map, new_len, &a.map, &composed));
        for (size_t x = 0; x <= new_len; x++) {
            size_t want = cl_points_lookup(&a.map, cl_points_lookup(&b.map, x));
            cr_assert_eq(cl_points_lookup(&composed, x), want,
                         "round %d, offset %zu", round, x);
        }
        cl_points_free(&composed);
        cl_edit_free(&b);
        cl_edit_free(&a);
    }
}

Test(edit, replacement_characters_map_to_the_replaced_start)
{
    cl_edit e;
    cl_edit_init(&e, "a--b", 4);
    /* "--" becomes an em dash (3 bytes): one character, at offset 1. */
    cr_assert(cl_edit_replace(&e, 1, 3, "\xE2\x80\x94", 3));
    cr_assert(cl_edit_finish(&e));
    cr_expect_str_eq(e.out, "a\xE2\x80\x94" "b");
    cr_expect_eq(cl_points_lookup(&e.map, 1), 1);
    cr_expect_eq(cl_points_lookup(&e.map, 4), 3); /* b */
    cr_expect_eq(cl_points_lookup(&e.map, 5), 4); /* end */
    cl_edit_free(&e);

    /* "…" becomes "...": each dot maps to the ellipsis. */
    cl_edit_init(&e, "\xE2\x80\xA6!", 4);
    cr_assert(cl_edit_replace(&e, 0, 3, "...", 3));
    cr_assert(cl_edit_finish(&e));
    for (size_t i = 0; i < 3; i++)
        cr_expect_eq(cl_points_lookup(&e.map, i), 0);
    cr_expect_eq(cl_points_lookup(&e.map, 3), 3);
    cl_edit_free(&e);
}
