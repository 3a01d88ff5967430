/* test_conll.c - `--format conll`: a token a line, BIO tags, blank lines. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static void expect(tm_doc **docs, size_t n, const char *want)
{
    char *got = render(TM_OUTPUT_CONLL, docs, n);
    cr_assert_str_eq(got, want, "got:\n%s\nwant:\n%s", got, want);
    free(got);
}

Test(conll, tokens_tags_and_sentences)
{
    tm_doc *doc = doc_make("ferry-2", "Ingrid Solberg sailed to Bergen. Fjordline paid.");
    add_sentences(doc);
    ent(doc, "Ingrid Solberg", 0, "PERSON", "given_name");
    ent(doc, "Bergen", 0, "GPE", "gazetteer");
    ent(doc, "Fjordline", 0, "ORG", "org_suffix");
    expect(&doc, 1,
           "# doc_id = ferry-2\n"
           "Ingrid\tB-PERSON\nSolberg\tI-PERSON\nsailed\tO\nto\tO\nBergen\tB-GPE\n.\tO\n\n"
           "Fjordline\tB-ORG\npaid\tO\n.\tO\n\n");
    tm_doc_free(doc);
}

Test(conll, whole_text_is_one_sentence_without_a_sentences_layer)
{
    tm_doc *doc = doc_make("n", "Ask Per. Then go.");
    ent(doc, "Per", 0, "PERSON", "r");
    expect(&doc, 1, "# doc_id = n\nAsk\tO\nPer\tB-PERSON\n.\tO\nThen\tO\ngo\tO\n.\tO\n\n");
    tm_doc_free(doc);
}

/* Text outside every sentence is kept, as a sentence of its own. */
Test(conll, text_between_sentences_is_not_lost)
{
    tm_doc *doc = doc_make("gap", "HEADLINE\nBoats wait. Rain falls.");
    add(doc, "sentences", "Boats wait.", 0, NULL);
    expect(&doc, 1, "# doc_id = gap\nHEADLINE\tO\n\nBoats\tO\nwait\tO\n.\tO\n\n"
                    "Rain\tO\nfalls\tO\n.\tO\n\n");
    tm_doc_free(doc);
}

/* Two entities side by side: IOB2 starts each with B-. */
Test(conll, adjacent_entities_each_start_with_b)
{
    tm_doc *doc = doc_make("adj", "Ask Ana Lea now");
    ent(doc, "Ana", 0, "PERSON", "r");
    ent(doc, "Lea", 0, "PERSON", "r");
    expect(&doc, 1, "# doc_id = adj\nAsk\tO\nAna\tB-PERSON\nLea\tB-PERSON\nnow\tO\n\n");
    tm_doc_free(doc);
}

Test(conll, entity_across_sentences_starts_again)
{
    tm_doc *doc = doc_make("x", "Visit St. Olav Church today.");
    add_at(doc, "sentences", 0, at(doc, "St.", 0) + 3, NULL);
    add_at(doc, "sentences", at(doc, "Olav", 0), strlen("Visit St. Olav Church today."), NULL);
    ent(doc, "St. Olav Church", 0, "FAC", "r");
    expect(&doc, 1, "# doc_id = x\nVisit\tO\nSt\tB-FAC\n.\tI-FAC\n\n"
                    "Olav\tB-FAC\nChurch\tI-FAC\ntoday\tO\n.\tO\n\n");
    tm_doc_free(doc);
}

Test(conll, nested_entities_keep_the_outermost)
{
    tm_doc *doc = doc_make("nest", "The Bank of Norway Museum");
    ent(doc, "Norway", 0, "GPE", "r");
    ent(doc, "Bank of Norway Museum", 0, "FAC", "r");
    ent(doc, "Bank of Norway", 0, "ORG", "r");
    expect(&doc, 1, "# doc_id = nest\nThe\tO\nBank\tB-FAC\nof\tI-FAC\nNorway\tI-FAC\n"
                    "Museum\tI-FAC\n\n");
    tm_doc_free(doc);
}

/* An entity that covers part of a token tags the whole token. */
Test(conll, partial_token_overlap)
{
    tm_doc *doc = doc_make("p", "the Oslo-based firm");
    ent(doc, "Oslo", 0, "GPE", "r");
    add(doc, "entities", "sed firm", 0, "ORG");
    expect(&doc, 1, "# doc_id = p\nthe\tO\nOslo\tB-GPE\n-\tO\nbased\tB-ORG\nfirm\tI-ORG\n\n");
    tm_doc_free(doc);
}

/* Ids and labels cannot break the columns or the lines. */
Test(conll, ids_and_labels_stay_on_one_line)
{
    tm_doc *doc = doc_make("two\nlines\tid", "Hello Mars");
    add(doc, "entities", "Mars", 0, "SPACE BODY\tX");
    add(doc, "entities", "Hello", 0, "");
    expect(&doc, 1, "# doc_id = two lines id\nHello\tB-ENTITY\nMars\tB-SPACE_BODY_X\n\n");
    tm_doc_free(doc);
}

Test(conll, documents_are_separated_by_their_id_line)
{
    tm_doc *docs[3] = {doc_make("a", "One."), doc_make("b", ""), doc_make("c", "Two words")};
    expect(docs, 3, "# doc_id = a\nOne\tO\n.\tO\n\n# doc_id = b\n# doc_id = c\nTwo\tO\n"
                    "words\tO\n\n");
    for (int i = 0; i < 3; i++)
        tm_doc_free(docs[i]);
}

/* The tokens are the core tokenizer's: possessives, numbers, non-ASCII. */
Test(conll, tokens_are_the_core_tokenizer_s)
{
    tm_doc *doc = doc_make("t", "Bjørn’s 1,500 kroner");
    add(doc, "entities", "1,500 kroner", 0, "MONEY");
    expect(&doc, 1, "# doc_id = t\nBjørn\tO\n’s\tO\n1,500\tB-MONEY\nkroner\tI-MONEY\n\n");
    tm_doc_free(doc);
}
