/*
 * textmill/runner.h - running a pipeline over a batch of documents.
 *
 * The runner reads documents from a tm_reader, runs the pipeline on each and
 * hands every result to a sink, in input order. Every document read ends up
 * in exactly one place: the output (on_doc) or the errors (on_error).
 */
#ifndef TEXTMILL_RUNNER_H
#define TEXTMILL_RUNNER_H

#include <stddef.h>
#include <stdbool.h>
#include <textmill/error.h>
#include <textmill/document.h>
#include <textmill/pipeline.h>
#include <textmill/io.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tm_on_error {
    TM_ON_ERROR_SKIP = 0, /* record the failure and go on */
    TM_ON_ERROR_FAIL      /* stop at the first failure */
} tm_on_error;

#define TM_RUN_MAX_STAGES 64

typedef struct tm_run_stats {
    size_t docs_in;      /* items read (documents and unreadable items) */
    size_t docs_out;     /* documents processed and handed to on_doc */
    size_t docs_failed;  /* items handed to on_error */
    size_t docs_skipped; /* items skipped by opts.skip (resuming) */
    size_t bytes_in;     /* input bytes consumed */
    double seconds;      /* wall time */
    /* Time spent in each stage, summed over workers (the first
     * TM_RUN_MAX_STAGES stages; 0 in isolated runs). */
    double stage_seconds[TM_RUN_MAX_STAGES];
} tm_run_stats;

typedef struct tm_run_options {
    tm_on_error error_mode;
    size_t max_errors;   /* stop after this many failures; 0 = no limit */
    /* Called for each processed document, in input order. The document is
     * borrowed: valid during the call. Return non-zero to stop the run (an
     * output error, say), with err filled. */
    int (*on_doc)(void *ctx, const tm_doc *doc, tm_error *err);
    /* Called for each failure, in input order: error says where and why,
     * raw is the input item when known (a JSON Lines line). */
    void (*on_error)(void *ctx, const tm_error *error, const char *raw,
                     size_t raw_len);
    /* Optional, for output formatting off the calling thread: render turns a
     * processed document into bytes (malloc'ed; NULL with err set on
     * failure, which fails the document). It runs in the worker thread that
     * processed the document, so it must be thread-safe. When it is set,
     * on_output, not on_doc, receives the bytes, in input order, from the
     * calling thread. */
    char *(*render)(void *ctx, const tm_doc *doc, size_t *len, tm_error *err);
    int (*on_output)(void *ctx, const char *bytes, size_t len, tm_error *err);
    void *ctx;
    volatile int *stop; /* when set and non-zero, stop reading new input;
                           documents in flight are finished and handed on */
    unsigned threads;   /* worker threads; 0 = one per core */
    size_t skip;        /* pass over the first skip items unprocessed (they
                           are read, counted in docs_skipped, not handed on) */
    /* Crash isolation: run stages in forked worker processes, so that a
     * plugin that crashes, or runs past timeout_seconds (0 = none) on one
     * document, fails that document only. */
    bool isolate;
    double timeout_seconds;
    /* Called from the calling thread about twice a second, if set. */
    void (*on_progress)(void *ctx, const tm_run_stats *stats);
    /* Reading waits while the documents in flight hold this many bytes of
     * text and there are more of them than workers; 0 = 64 MiB. */
    size_t max_bytes_in_flight;
} tm_run_options;

/* Runs pipeline over everything reader yields, with opts->threads workers.
 * Each worker runs the whole pipeline on one document at a time; results are
 * handed on in input order, from the calling thread, and at most 16
 * documents per worker, holding at most max_bytes_in_flight of text beyond
 * one document per worker, are in memory at once. The output is the same for any
 * number of threads. Returns TM_OK when the run
 * went through the whole input (documents may still have failed: see stats),
 * or the code of what stopped it (on_doc failure, --on-error fail,
 * max_errors), with err filled. */
tm_status tm_run(tm_pipeline *pipeline, tm_reader *reader,
                 const tm_run_options *opts, tm_run_stats *stats, tm_error *err);

#ifdef __cplusplus
}
#endif
#endif
