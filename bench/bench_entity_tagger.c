/*
 * bench_entity_tagger - throughput of the entity_tagger stage.
 *
 *   bench_entity_tagger [--repeat N] FILE
 *       Splits FILE into documents at blank lines (grouped up to 64 KiB),
 *       runs sentence_splitter then entity_tagger on one thread, N rounds
 *       (default 5), and prints the tagger's own MB/s in the best round
 *       (wall and thread CPU time, sentence splitting not counted), the
 *       time to load the tagger (its gazetteers), the entity count and the
 *       peak RSS. Without a usable sentence_splitter
 *       plugin, every line is a sentence.
 *
 *   bench_entity_tagger --lines [--doc-starts STARTS] FILE
 *       Tags every line of FILE as a sentence and prints
 *       LINE<TAB>START<TAB>END<TAB>LABEL<TAB>RULE with byte offsets in the
 *       line (the format of scripts/eval_ner.sh). Every line is a document,
 *       or with STARTS (a file of 0-based line numbers) the lines from one
 *       start to the next are.
 *
 *   bench_entity_tagger --print FILE
 *       Tags FILE as one document and prints every entity with its text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <textmill/document.h>
#include <textmill/pipeline.h>
#include <textmill/registry.h>

#define BENCH_NAME "bench_entity_tagger"
#include "bench.h"

/* Adds one sentence per line of the document (used without a splitter). */
static void line_sentences(tm_doc *doc)
{
    size_t len;
    const char *t = tm_doc_text(doc, &len);
    tm_layer *l = tm_doc_add_layer(doc, "sentences");
    size_t s = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || t[i] == '\n') {
            if (i > s)
                tm_layer_add(l, s, i, "", NULL);
            s = i + 1;
        }
    }
}

/* Whether line n starts a document (starts sorted ascending). */
static bool starts_doc(const long *starts, size_t nstarts, size_t *next, size_t n)
{
    while (*next < nstarts && (size_t)starts[*next] < n)
        (*next)++;
    return *next < nstarts && (size_t)starts[*next] == n;
}

/* Tags the lines of text, each a sentence; a document is one line, or the
 * lines from one start to the next when starts are given. Prints
 * LINE<TAB>START<TAB>END<TAB>LABEL<TAB>RULE, offsets in bytes in the line. */
static int run_lines(tm_pipeline *p, char *text, size_t len, const long *starts,
                     size_t nstarts)
{
    /* line offsets */
    size_t nlines = 1;
    for (size_t i = 0; i < len; i++)
        nlines += text[i] == '\n';
    size_t *lo = malloc((nlines + 1) * sizeof(*lo));
    size_t k = 0;
    lo[k++] = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n')
            lo[k++] = i + 1;
    lo[nlines] = len + 1;
    tm_error err;
    size_t next = 0;
    for (size_t first = 0; first < nlines;) {
        size_t last = first + 1;
        if (nstarts)
            while (last < nlines && !starts_doc(starts, nstarts, &next, last))
                last++;
        size_t s = lo[first], e = lo[last] - 1;
        tm_error_clear(&err);
        tm_doc *doc = tm_doc_new("doc", text + s, e - s, &err);
        if (!doc)
            bench_die("document", &err);
        line_sentences(doc);
        if (tm_pipeline_process(p, doc, &err) != TM_OK)
            bench_die("process", &err);
        const tm_layer *ents = tm_doc_layer(doc, "entities");
        size_t line = first;
        for (size_t i = 0; ents && i < tm_layer_size(ents); i++) {
            const tm_span *sp = tm_layer_span(ents, i);
            while (line + 1 < last && lo[line + 1] - s <= sp->start)
                line++;
            json_t *rule = sp->attrs ? json_object_get(sp->attrs, "rule") : NULL;
            size_t base = lo[line] - s;
            printf("%zu\t%zu\t%zu\t%s\t%s\n", line, sp->start - base, sp->end - base,
                   sp->label, rule ? json_string_value(rule) : "");
        }
        tm_doc_free(doc);
        first = last;
    }
    free(lo);
    return 0;
}

static int run_print(tm_pipeline *p, tm_pipeline *split, const char *text, size_t len)
{
    tm_error err;
    tm_error_clear(&err);
    tm_doc *doc = tm_doc_new("doc", text, len, &err);
    if (!doc)
        bench_die("document", &err);
    if (!split)
        line_sentences(doc);
    else if (tm_pipeline_process(split, doc, &err) != TM_OK)
        bench_die("split", &err);
    if (tm_pipeline_process(p, doc, &err) != TM_OK)
        bench_die("process", &err);
    const tm_layer *ents = tm_doc_layer(doc, "entities");
    for (size_t i = 0; ents && i < tm_layer_size(ents); i++) {
        const tm_span *sp = tm_layer_span(ents, i);
        json_t *rule = sp->attrs ? json_object_get(sp->attrs, "rule") : NULL;
        printf("%-9s %-40.*s %s\n", sp->label, (int)(sp->end - sp->start), text + sp->start,
               rule ? json_string_value(rule) : "");
    }
    tm_doc_free(doc);
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode = "bench", *path = NULL, *starts_path = NULL;
    int repeat = 5;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--lines") == 0)
            mode = "lines";
        else if (strcmp(argv[i], "--print") == 0)
            mode = "print";
        else if (strcmp(argv[i], "--doc-starts") == 0 && i + 1 < argc)
            starts_path = argv[++i];
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else
            path = argv[i];
    }
    if (!path) {
        fprintf(stderr, "usage: bench_entity_tagger [--lines|--print] [--repeat N] FILE\n");
        return 2;
    }
    size_t len;
    char *text = bench_read_file(path, &len);
    if (!text) {
        perror(path);
        return 1;
    }
    tm_error err;
    tm_error_clear(&err);
    tm_registry *reg = tm_registry_new(&err);
    if (!reg)
        bench_die("registry", &err);
    /* Two pipelines, so that the tagger can be timed alone: the splitter
     * (when it is there and loads) and the tagger on given sentences. */
    tm_pipeline *split = NULL;
    if (strcmp(mode, "lines") != 0 && tm_registry_find(reg, "sentence_splitter", &err)) {
        tm_error_clear(&err);
        split = tm_pipeline_load_string(
            reg, "{\"stages\":[{\"plugin\":\"sentence_splitter\"}]}", "<bench>", NULL, &err);
        if (!split) {
            char buf[1024];
            fprintf(stderr, "bench_entity_tagger: sentence_splitter unusable (%s); "
                    "one sentence per line\n", tm_error_format(&err, buf, sizeof(buf)));
        }
    }
    bool splitter = split != NULL;
    tm_error_clear(&err);
    double t0 = bench_wall_seconds();
    tm_pipeline *p = tm_pipeline_load_string(
        reg, "{\"input_layers\":[\"sentences\"],\"stages\":[{\"plugin\":\"entity_tagger\"}]}",
        "<bench>", NULL, &err);
    double load = bench_wall_seconds() - t0;
    if (!p)
        bench_die("pipeline", &err);
    if (strcmp(mode, "bench") != 0) {
        long *starts = NULL;
        size_t nstarts = 0;
        FILE *sf = starts_path ? fopen(starts_path, "r") : NULL;
        if (starts_path && !sf) {
            perror(starts_path);
            return 1;
        }
        long v;
        while (sf && fscanf(sf, "%ld", &v) == 1) {
            starts = realloc(starts, (nstarts + 1) * sizeof(*starts));
            starts[nstarts++] = v;
        }
        if (sf)
            fclose(sf);
        int rc = strcmp(mode, "lines") == 0 ? run_lines(p, text, len, starts, nstarts)
                                            : run_print(p, split, text, len);
        free(starts);
        tm_pipeline_free(p);
        if (split)
            tm_pipeline_free(split);
        tm_registry_free(reg);
        free(text);
        return rc;
    }

    /* Each round tags the whole file; the best round is reported, as the
     * other stage benchmarks do, so that a busy moment of the machine
     * does not count. */
    size_t docs = 0, entities = 0;
    double tagger = 1e30, cpu = 1e30, t1 = bench_wall_seconds();
    for (int rep = 0; rep < repeat; rep++) {
        double round = 0, round_cpu = 0;
        docs = entities = 0;
        for (size_t s = 0; s < len;) {
            /* a document: paragraphs up to 64 KiB, cut at a blank line */
            size_t e = s + 65536 < len ? s + 65536 : len;
            if (e < len) {
                char *b = NULL;
                for (size_t k = e; k > s + 1024 && !b; k--)
                    if (text[k] == '\n' && text[k - 1] == '\n')
                        b = text + k;
                if (b)
                    e = (size_t)(b - text);
            }
            tm_error_clear(&err);
            tm_doc *doc = tm_doc_new("doc", text + s, e - s, &err);
            if (!doc)
                bench_die("document", &err);
            if (!splitter)
                line_sentences(doc);
            else if (tm_pipeline_process(split, doc, &err) != TM_OK)
                bench_die("split", &err);
            double a = bench_wall_seconds(), ca = bench_cpu_seconds();
            if (tm_pipeline_process(p, doc, &err) != TM_OK)
                bench_die("process", &err);
            round += bench_wall_seconds() - a;
            round_cpu += bench_cpu_seconds() - ca;
            const tm_layer *ents = tm_doc_layer(doc, "entities");
            entities += ents ? tm_layer_size(ents) : 0;
            tm_doc_free(doc);
            docs++;
            s = e;
        }
        tagger = round < tagger ? round : tagger;
        cpu = round_cpu < cpu ? round_cpu : cpu;
    }
    double total = (bench_wall_seconds() - t1) / repeat;
    double mb = (double)len / 1e6;
    printf("file            %s (%.2f MB, best of %d rounds)\n", path, mb, repeat);
    printf("sentences       %s\n", splitter ? "sentence_splitter" : "one per line");
    printf("documents       %zu\n", docs);
    printf("entities        %zu\n", entities);
    printf("load time       %.1f ms (pipeline with the gazetteers)\n", load * 1e3);
    printf("tagger          %.3f s wall, %.1f MB/s on one core\n", tagger, mb / tagger);
    printf("tagger CPU      %.3f s, %.1f MB/s (thread CPU time)\n", cpu, mb / cpu);
    printf("with splitting  %.3f s, %.1f MB/s (a round on average)\n", total, mb / total);
    printf("peak RSS        %.1f MB\n", bench_peak_rss_mb());
    tm_pipeline_free(p);
    if (split)
        tm_pipeline_free(split);
    tm_registry_free(reg);
    free(text);
    return 0;
}
