/* runner.c - running a pipeline over a stream of documents.
 *
 * The calling thread reads items and places them, in order, in a ring of
 * slots; worker threads take the queued slots, run the pipeline and mark
 * them done; the calling thread hands done slots on strictly in input order.
 * The ring has RING_PER_WORKER slots per worker, and the documents in it
 * hold at most opts->max_bytes_in_flight of text beyond one per worker, so
 * memory is bounded by the largest documents, not by the input's size; the
 * output does not depend on the number of threads. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

enum { SLOT_EMPTY, SLOT_QUEUED, SLOT_RUNNING, SLOT_DONE };

/* The calling thread waits for half the ring at a time: every wake-up is a
 * context switch, and with 4 slots a worker they cost 7% of the time at -j 2
 * on news-size documents; with 16 they are rare. The byte bound keeps many
 * slots of large documents from adding up. */
#define RING_PER_WORKER 16
#define RING_BYTES ((size_t)64 << 20)

typedef struct slot {
    int state;
    tm_doc *doc;   /* owned; NULL for an item that could not be read */
    bool failed;
    tm_error err;
    char *raw;     /* owned copy of the input item, when the reader has one */
    size_t raw_len;
    size_t in_bytes; /* its text, counted in runner.in_flight */
    char *out;     /* the rendered document (opts.render), owned */
    size_t out_len;
    char *file;    /* a JSON Lines line still to parse: where it is from */
    size_t line_no;
    bool complete;
} slot;

typedef struct runner runner;

typedef struct worker_thread {
    runner *r;
    pthread_t thread;
    tm_worker *worker;   /* in-process stages, or NULL when isolated */
    tm__child *child;    /* the worker process, when isolated */
    bool started;
} worker_thread;

struct runner {
    tm_pipeline *pipeline;
    const tm_reader *reader;
    const tm_run_options *opts;
    slot *slots;
    size_t cap;
    size_t put;   /* sequence number of the next item placed */
    size_t take;  /* next slot a worker looks at */
    size_t head;  /* next slot handed on */
    size_t in_flight; /* text bytes of the slots from head to put */
    bool quit;
    bool waiting; /* the calling thread waits for batch slots from the head */
    size_t batch;
    pthread_mutex_t mu;
    pthread_cond_t work;  /* a slot was queued, or quit */
    pthread_cond_t done;  /* a slot is done */
    worker_thread *workers;
    unsigned nworkers;
    bool inline_worker; /* one in-process worker: no threads, no hand-offs */
};

/* Runs the pipeline on one slot's document (and renders it), outside the lock. */
static tm_status process_slot(worker_thread *wt, slot *s)
{
    runner *r = wt->r;
    tm_status rc;
    if (!s->doc) { /* an unparsed line: parse it here, in parallel */
        s->doc = tm_reader_parse_line(r->reader, s->raw, s->raw_len, s->file, s->line_no,
                                      s->complete, &s->err);
        if (!s->doc)
            return s->err.code ? s->err.code : TM_ERR_SYNTAX;
    }
    if (wt->child)
        rc = tm__child_process(wt->child, &s->doc, r->opts->timeout_seconds, &s->err);
    else
        rc = tm_worker_process(wt->worker, s->doc, &s->err);
    if (rc == TM_OK && r->opts->render) {
        s->out = r->opts->render(r->opts->ctx, s->doc, &s->out_len, &s->err);
        if (!s->out)
            rc = s->err.code ? s->err.code : TM_ERR_NOMEM;
    }
    if (rc != TM_OK && !s->err.doc_id[0])
        tm_error_set_doc_id(&s->err, tm_doc_id(s->doc));
    if (s->out) {
        /* Rendered: free the document here, in the thread whose malloc
         * arena holds its many small blocks; freeing them in the calling
         * thread would contend for that arena's lock. */
        tm_doc_free(s->doc);
        s->doc = NULL;
    }
    return rc;
}

/* Are the batch slots from the head done (or all that are in flight)?
 * The calling thread waits for several at a time, not for each one: every
 * wake-up is a context switch, and they cost more than small documents. */
static bool head_ready(const runner *r, size_t batch)
{
    size_t k = 0;
    while (k < batch && r->head + k < r->put &&
           r->slots[(r->head + k) % r->cap].state == SLOT_DONE)
        k++;
    return k == batch || (k > 0 && r->head + k == r->put);
}

static void *worker_main(void *arg)
{
    worker_thread *wt = arg;
    runner *r = wt->r;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (r->take < r->put && r->slots[r->take % r->cap].state != SLOT_QUEUED)
            r->take++;
        if (r->take == r->put) {
            if (r->quit)
                break;
            pthread_cond_wait(&r->work, &r->mu);
            continue;
        }
        slot *s = &r->slots[r->take++ % r->cap];
        s->state = SLOT_RUNNING;
        pthread_mutex_unlock(&r->mu);
        tm_status rc = process_slot(wt, s);
        pthread_mutex_lock(&r->mu);
        s->failed = rc != TM_OK;
        s->state = SLOT_DONE;
        if (r->waiting && head_ready(r, r->batch))
            pthread_cond_signal(&r->done);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

static void clear_slot(slot *s)
{
    tm_doc_free(s->doc);
    free(s->raw);
    free(s->out);
    free(s->file);
    *s = (slot){0};
}

/* Hands the head slot on once it is done; with wait > 0, first waits until
 * that many slots from the head are done (or all in flight). Returns 1 when
 * one was handed on, 0 when none was ready, or -1 when the run must stop
 * (err set). */
static int hand_on(runner *r, size_t wait, tm_run_stats *st, tm_status *stop, tm_error *err)
{
    pthread_mutex_lock(&r->mu);
    if (r->head == r->put) {
        pthread_mutex_unlock(&r->mu);
        return 0;
    }
    slot *s = &r->slots[r->head % r->cap];
    if (wait) {
        r->batch = wait;
        r->waiting = true;
        while (!head_ready(r, wait))
            pthread_cond_wait(&r->done, &r->mu);
        r->waiting = false;
    }
    if (s->state != SLOT_DONE) {
        pthread_mutex_unlock(&r->mu);
        return 0;
    }
    slot item = *s;
    *s = (slot){0};
    r->head++;
    r->in_flight -= item.in_bytes;
    pthread_mutex_unlock(&r->mu);

    const tm_run_options *o = r->opts;
    int res = 1;
    if (*stop != TM_OK) {
        /* The run is stopping: what is still in flight is dropped. */
    } else if (!item.failed) {
        int bad = item.out ? o->on_output && o->on_output(o->ctx, item.out, item.out_len, err)
                           : o->on_doc && o->on_doc(o->ctx, item.doc, err);
        if (bad) {
            *stop = err && err->code ? err->code : TM_ERR_IO;
            res = -1;
        } else {
            st->docs_out++;
        }
    } else {
        if (item.doc && !item.err.doc_id[0])
            tm_error_set_doc_id(&item.err, tm_doc_id(item.doc));
        st->docs_failed++;
        if (o->on_error)
            o->on_error(o->ctx, &item.err, item.raw, item.raw_len);
        if (o->error_mode == TM_ON_ERROR_FAIL) {
            if (err)
                *err = item.err;
            *stop = item.err.code ? item.err.code : TM_ERR_PROCESS;
            res = -1;
        } else if (o->max_errors && st->docs_failed >= o->max_errors) {
            *stop = tm_error_set(err, TM_ERR_LIMIT,
                                 "stopped after %zu failed documents (the error limit)",
                                 st->docs_failed);
            res = -1;
        }
    }
    clear_slot(&item);
    return res;
}

static unsigned default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

/* Stops and frees the workers, adding their per-stage times to st. */
static void stop_workers(runner *r, tm_run_stats *st)
{
    size_t n = tm_pipeline_stage_count(r->pipeline);
    pthread_mutex_lock(&r->mu);
    r->quit = true;
    pthread_cond_broadcast(&r->work);
    pthread_mutex_unlock(&r->mu);
    for (unsigned i = 0; i < r->nworkers; i++) {
        worker_thread *wt = &r->workers[i];
        if (wt->started)
            pthread_join(wt->thread, NULL);
        for (size_t k = 0; wt->worker && k < n && k < TM_RUN_MAX_STAGES; k++)
            st->stage_seconds[k] += tm_worker_stage_seconds(wt->worker, k);
        tm_worker_free(wt->worker);
        tm__child_free(wt->child);
    }
}

static tm_status start_workers(runner *r, tm_error *err)
{
    for (unsigned i = 0; i < r->nworkers; i++) {
        worker_thread *wt = &r->workers[i];
        wt->r = r;
        if (r->opts->isolate)
            wt->child = tm__child_new(r->pipeline, err);
        else
            wt->worker = tm_worker_new(r->pipeline, err);
        if (!wt->child && !wt->worker)
            return err ? err->code : TM_ERR_NOMEM;
    }
    if (r->inline_worker)
        return TM_OK; /* the calling thread does the work */
    for (unsigned i = 0; i < r->nworkers; i++) {
        if (pthread_create(&r->workers[i].thread, NULL, worker_main, &r->workers[i]) != 0)
            return tm_error_set(err, TM_ERR_NOMEM, "cannot start worker thread %u", i + 1);
        r->workers[i].started = true;
    }
    return TM_OK;
}

tm_status tm_run(tm_pipeline *pipeline, tm_reader *reader,
                 const tm_run_options *opts, tm_run_stats *stats, tm_error *err)
{
    tm_run_stats st = {0};
    double t0 = tm__now(), last_progress = t0;
    tm_status stop = TM_OK;
    runner r = {.pipeline = pipeline, .reader = reader, .opts = opts};
    r.nworkers = opts->threads ? opts->threads : default_threads();
    r.inline_worker = r.nworkers == 1 && !opts->isolate;
    r.cap = (size_t)r.nworkers * RING_PER_WORKER;
    size_t max_in_flight = opts->max_bytes_in_flight ? opts->max_bytes_in_flight : RING_BYTES;
    r.slots = calloc(r.cap, sizeof *r.slots);
    r.workers = calloc(r.nworkers, sizeof *r.workers);
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.work, NULL);
    pthread_cond_init(&r.done, NULL);
    tm_error_clear(err);
    if (!r.slots || !r.workers)
        stop = tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    else
        stop = start_workers(&r, err);

    while (stop == TM_OK && !(opts->stop && *opts->stop)) {
        /* Make room: hand on what is done, waiting for half of what is in
         * flight when the ring is full. */
        int got;
        for (;;) {
            size_t n = r.put - r.head;
            bool full = n == r.cap || (r.in_flight >= max_in_flight && n > r.nworkers);
            if ((got = hand_on(&r, full ? (n + 1) / 2 : 0, &st, &stop, err)) <= 0)
                break;
        }
        if (got < 0)
            break;

        tm_doc *doc = NULL;
        tm_error e;
        tm_read_result res = tm_reader_next(reader, &doc, &e);
        if (res == TM_READ_END)
            break;
        if (st.docs_skipped < opts->skip) {
            st.docs_skipped++;
            tm_doc_free(doc);
            continue;
        }
        st.docs_in++;
        bool queued = res == TM_READ_DOC || res == TM_READ_LINE;
        slot s = {.state = queued ? SLOT_QUEUED : SLOT_DONE, .doc = doc, .failed = !queued,
                  .err = e};
        size_t raw_len;
        const char *raw = tm_reader_last_raw(reader, &raw_len);
        s.in_bytes = raw ? raw_len : 0;
        if (doc)
            tm_doc_text(doc, &s.in_bytes);
        if (raw && (s.raw = malloc(raw_len + 1))) {
            memcpy(s.raw, raw, raw_len);
            s.raw[raw_len] = '\0';
            s.raw_len = raw_len;
        }
        if (res == TM_READ_LINE) {
            const char *file = tm_reader_last_location(reader, &s.line_no, &s.complete);
            s.file = malloc(strlen(file) + 1);
            if (!s.raw || !s.file) {
                s.failed = true;
                s.state = SLOT_DONE;
                tm_error_set(&s.err, TM_ERR_NOMEM, "out of memory reading a line");
            } else {
                strcpy(s.file, file);
            }
        }
        if (r.inline_worker && !s.failed) {
            s.failed = process_slot(&r.workers[0], &s) != TM_OK;
            s.state = SLOT_DONE;
        }
        pthread_mutex_lock(&r.mu);
        r.in_flight += s.in_bytes;
        r.slots[r.put++ % r.cap] = s;
        pthread_cond_signal(&r.work);
        pthread_mutex_unlock(&r.mu);

        if (opts->on_progress && tm__now() - last_progress >= 0.5) {
            last_progress = tm__now();
            st.bytes_in = tm_reader_bytes_read(reader);
            st.seconds = last_progress - t0;
            opts->on_progress(opts->ctx, &st);
        }
    }
    /* Finish what is in flight (handed on unless the run is stopping). */
    while (r.head < r.put)
        hand_on(&r, 1, &st, &stop, err);
    stop_workers(&r, &st);
    st.bytes_in = tm_reader_bytes_read(reader);
    st.seconds = tm__now() - t0;
    if (stats)
        *stats = st;
    for (size_t i = 0; r.slots && i < r.cap; i++)
        clear_slot(&r.slots[i]);
    free(r.slots);
    free(r.workers);
    pthread_cond_destroy(&r.work);
    pthread_cond_destroy(&r.done);
    pthread_mutex_destroy(&r.mu);
    return stop;
}
