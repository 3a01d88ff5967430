/* test_long.c - one very long sentence of the same few words: each rule
 * gives there what it gives in a short one (and the lookups that went over
 * the whole sentence for each name now go straight to the neighbours). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

/* piece n times, then tail: one line, so one sentence (free it). */
static char *repeat(const char *piece, int n, const char *tail)
{
    size_t lp = strlen(piece), lt = strlen(tail);
    char *s = malloc(lp * n + lt + 1);
    cr_assert(s);
    for (int i = 0; i < n; i++)
        memcpy(s + lp * i, piece, lp);
    memcpy(s + lp * n, tail, lt + 1);
    return s;
}

/* Whether f has, from place i on, the items of want[] (each "LABEL text",
 * then its rule or NULL for any) n times over. */
static bool runs_of(const et_found *f, size_t i, const char *const want[][2], size_t k, int n)
{
    if (i + k * n > f->n)
        return false;
    for (int r = 0; r < n; r++)
        for (size_t w = 0; w < k; w++, i++)
            if (strcmp(f->items[i], want[w][0]) != 0 ||
                (want[w][1] && strcmp(f->rules[i], want[w][1]) != 0)) {
                fprintf(stderr, "at %zu: [%s] (%s), not [%s]\n", i, f->items[i], f->rules[i],
                        want[w][0]);
                return false;
            }
    return true;
}

Test(long_sentence, names_among_numbers_come_out_in_order)
{
    /* The numbers are found before the names, so in one sentence each name
     * sorts past all the numbers after it: the sort gives up inserting and
     * hands over to a merge sort, which must keep the same order. */
    enum { N = 3000 };
    char *text = malloc(N * 16 + 8), *p = text;
    cr_assert(text);
    p += sprintf(p, "Then ");
    for (int i = 0; i < N; i++)
        p += sprintf(p, "%s %d and ", i % 2 ? "Jones" : "Brown", 100 + i % 900);
    strcpy(p, "more.");
    et_found f = et_run_default(text);
    cr_assert_eq(f.n, 2 * N);
    char num[32];
    for (int i = 0; i < N; i++) {
        cr_assert_str_eq(f.items[2 * i], i % 2 ? "PERSON Jones" : "PERSON Brown", "at %d", i);
        snprintf(num, sizeof(num), "CARDINAL %d", 100 + i % 900);
        cr_assert_str_eq(f.items[2 * i + 1], num, "at %d", i);
    }
    et_found_free(&f);
    free(text);
}

Test(long_sentence, places_against_a_side)
{
    /* "against London" is a club only in a sentence about a game (a sports
     * word anywhere in it, here at the end). */
    static const char *const club[][2] = {{"ORG London", "club_context:against"}};
    static const char *const city[][2] = {{"GPE London", "list:cities"}};
    enum { N = 2000 };
    char *text = repeat("protests against London and ", N, "a record league.");
    et_found f = et_run_default(text);
    cr_expect_eq(f.n, N);
    cr_expect(runs_of(&f, 0, club, 1, N));
    et_found_free(&f);
    free(text);
    text = repeat("protests against London and ", N, "a record crowd.");
    f = et_run_default(text);
    cr_expect_eq(f.n, N);
    cr_expect(runs_of(&f, 0, city, 1, N));
    et_found_free(&f);
    free(text);
}

Test(long_sentence, clubs_named_with_their_city)
{
    /* The unknown word before or after the city joins it ("Rotor
     * Volgograd", "Leeds Mary"): the clubs before have already taken in
     * theirs when the later ones look. */
    static const char *const want[][2] = {
        {"ORG Rotor Volgograd", "club_context:manager"},
        {"PERSON Viktor Prokopenko", "title:manager"},
        {"ORG Leeds Mary", "club_context:coach"},
        {"PERSON Karel Novak", "title:coach"}};
    enum { N = 1000 };
    char *text = repeat("Rotor Volgograd manager Viktor Prokopenko and "
                        "Leeds Mary coach Karel Novak and ", N, "the rest.");
    et_found f = et_run_default(text);
    cr_expect_eq(f.n, 4 * N);
    cr_expect(runs_of(&f, 0, want, 4, N));
    et_found_free(&f);
    free(text);
}

Test(long_sentence, club_named_for_a_weekday)
{
    /* Each "Sheffield Wednesday" wins over the date of its last word; a
     * weekday alone stays a date. */
    static const char *const club[][2] = {{"ORG Sheffield Wednesday", NULL}};
    enum { N = 3000 };
    char *text = repeat("Sheffield Wednesday and ", N, "fans met on Wednesday.");
    et_found f = et_run_default(text);
    cr_expect_eq(f.n, N + 1);
    cr_expect(runs_of(&f, 0, club, 1, N));
    cr_expect(f.n == N + 1 && strcmp(f.items[N], "DATE Wednesday") == 0);
    et_found_free(&f);
    free(text);
}

Test(long_sentence, many_links)
{
    /* Thousands of links in one sentence: each address is one span, and
     * no word inside it ("Smith" in the path) is tagged on its own. */
    static const char *const want[][2] = {{"URL http://example.com/Smith", NULL},
                                          {"EMAIL bob@example.org", NULL}};
    enum { N = 2000 };
    char *text = repeat("see http://example.com/Smith and write to bob@example.org then ", N,
                        "stop.");
    et_found f = et_run_default(text);
    cr_expect_eq(f.n, 2 * N);
    cr_expect(runs_of(&f, 0, want, 2, N));
    et_found_free(&f);
    free(text);
}
