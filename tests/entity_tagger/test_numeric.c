/* test_numeric.c - dates, times, money, percentages, quantities, ordinals,
 * cardinals, e-mail addresses and URLs. */
#include <criterion/criterion.h>
#include <string.h>

#include "common.h"

Test(numeric, dates_in_many_forms)
{
    et_found f = et_run_default(
        "The deal, signed on 5 May 2021, took effect on January 3, 2022.\n"
        "Payments were due by 2023-06-30 or 12/31/2023.\n"
        "Prices fell last week and rose in the 1990s and in mid-2008.\n"
        "She arrived on Friday and left in March.");
    EXPECT(f, "DATE 5 May 2021");
    EXPECT(f, "DATE January 3, 2022");
    EXPECT(f, "DATE 2023-06-30");
    EXPECT(f, "DATE 12/31/2023");
    EXPECT(f, "DATE last week");
    EXPECT(f, "DATE 1990s");
    EXPECT(f, "DATE mid-2008");
    EXPECT(f, "DATE Friday");
    EXPECT(f, "DATE March");
    et_found_free(&f);
}

Test(numeric, durations_and_years)
{
    et_found f = et_run_default("The tunnel took three years to build and opened in 1994.\n"
                                "He retired two decades ago.");
    EXPECT(f, "DATE three years");
    EXPECT(f, "DATE 1994");
    EXPECT(f, "DATE two decades ago");
    et_found_free(&f);
}

Test(numeric, may_the_verb_is_not_a_date)
{
    et_found f = et_run_default("May I come in?\nYou may leave now.");
    cr_expect_eq(f.n, 0);
    if (f.n)
        et_dump(&f);
    et_found_free(&f);
}

Test(numeric, times)
{
    et_found f = et_run_default("The train leaves at 10:30 pm and arrives at 7 a.m. "
                                "after six hours.");
    EXPECT(f, "TIME 10:30 pm");
    EXPECT(f, "TIME 7 a.m.");
    EXPECT(f, "TIME six hours");
    et_found_free(&f);
}

Test(numeric, money)
{
    et_found f = et_run_default(
        "The firm raised $5.2 billion, paid €300 in fees, owed 20 million euros "
        "and priced it at US$ 15 or USD 40.");
    EXPECT(f, "MONEY $5.2 billion");
    EXPECT(f, "MONEY €300");
    EXPECT(f, "MONEY 20 million euros");
    EXPECT(f, "MONEY US$ 15");
    EXPECT(f, "MONEY USD 40");
    et_found_free(&f);
}

Test(numeric, money_in_one_word)
{
    et_found f = et_run_default("The bid was worth $3bn and the fee £20m.");
    EXPECT(f, "MONEY $3bn");
    EXPECT(f, "MONEY £20m");
    et_found_free(&f);
}

Test(numeric, percent)
{
    et_found f = et_run_default(
        "Turnout rose 12.5% while support fell 40 percent, or four per cent a year.");
    EXPECT(f, "PERCENT 12.5%");
    EXPECT(f, "PERCENT 40 percent");
    EXPECT(f, "PERCENT four per cent");
    et_found_free(&f);
}

Test(numeric, quantities)
{
    et_found f = et_run_default(
        "They walked 12 km, carried 30 kilograms and ran a 5-kilometre loop at 20 mph.");
    EXPECT(f, "QUANTITY 12 km");
    EXPECT(f, "QUANTITY 30 kilograms");
    EXPECT(f, "QUANTITY 5-kilometre");
    EXPECT(f, "QUANTITY 20 mph");
    et_found_free(&f);
}

Test(numeric, ordinals_and_cardinals)
{
    et_found f = et_run_default(
        "It was the third attempt and the 21st try; 1,200 people and twenty-five "
        "dogs watched, and one hundred and ten left.");
    EXPECT(f, "ORDINAL third");
    EXPECT(f, "ORDINAL 21st");
    EXPECT(f, "CARDINAL 1,200");
    EXPECT(f, "CARDINAL twenty-five");
    EXPECT(f, "CARDINAL one hundred and ten");
    et_found_free(&f);
}

Test(numeric, pronoun_one_is_not_a_number)
{
    et_found f = et_run_default("No one knew which one to choose.");
    cr_expect_eq(f.n, 0);
    if (f.n)
        et_dump(&f);
    et_found_free(&f);
}

Test(numeric, email_and_url)
{
    et_found f = et_run_default(
        "Write to press.office@example-news.org or see https://example.org/a/b?x=1 "
        "(or www.example.com/help).");
    EXPECT(f, "EMAIL press.office@example-news.org");
    EXPECT(f, "URL https://example.org/a/b?x=1");
    EXPECT(f, "URL www.example.com/help");
    et_found_free(&f);
}

Test(numeric, url_trailing_punctuation)
{
    et_found f = et_run_default("Visit http://example.net/page.");
    EXPECT(f, "URL http://example.net/page");
    et_found_free(&f);
}
