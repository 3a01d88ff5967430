/* runner.c - running a pipeline over a stream of documents. */
#include <time.h>

#include "internal.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

tm_status tm_run(tm_pipeline *pipeline, tm_reader *reader,
                 const tm_run_options *opts, tm_run_stats *stats, tm_error *err)
{
    tm_run_stats st = {0};
    double t0 = now();
    tm_status rc = TM_OK;
    tm_error e;
    for (;;) {
        if (opts->stop && *opts->stop)
            break;
        tm_doc *doc = NULL;
        tm_read_result got = tm_reader_next(reader, &doc, &e);
        if (got == TM_READ_END)
            break;
        st.docs_in++;
        if (got == TM_READ_DOC && tm_pipeline_process(pipeline, doc, &e) == TM_OK) {
            if (opts->on_doc && opts->on_doc(opts->ctx, doc, err) != 0) {
                tm_doc_free(doc);
                rc = err && err->code ? err->code : TM_ERR_IO;
                break;
            }
            st.docs_out++;
            tm_doc_free(doc);
            continue;
        }
        /* A failure: record it with the input that caused it. */
        size_t raw_len;
        const char *raw = tm_reader_last_raw(reader, &raw_len);
        if (doc && !e.doc_id[0])
            tm_error_set_doc_id(&e, tm_doc_id(doc));
        st.docs_failed++;
        if (opts->on_error)
            opts->on_error(opts->ctx, &e, raw, raw_len);
        tm_doc_free(doc);
        if (opts->error_mode == TM_ON_ERROR_FAIL) {
            if (err)
                *err = e;
            rc = e.code ? e.code : TM_ERR_PROCESS;
            break;
        }
        if (opts->max_errors && st.docs_failed >= opts->max_errors) {
            rc = tm_error_set(err, TM_ERR_LIMIT,
                              "stopped after %zu failed documents (the error limit)",
                              st.docs_failed);
            break;
        }
    }
    st.bytes_in = tm_reader_bytes_read(reader);
    st.seconds = now() - t0;
    if (stats)
        *stats = st;
    return rc;
}
