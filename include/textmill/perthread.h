/*
 * textmill/perthread.h - one object per thread, owned by a shared instance.
 *
 * A thread-safe stage (TM_PLUGIN_THREAD_SAFE) serves every worker from one
 * instance, which must stay read-only in process. Scratch memory and caches
 * that should live longer than one document (a stemmer, arrays reused from
 * one document to the next, a memo of results) go here instead: each thread
 * that asks gets its own object, made on first use and kept until the thread
 * exits or the tm_per_thread is freed, whichever comes first.
 */
#ifndef TEXTMILL_PERTHREAD_H
#define TEXTMILL_PERTHREAD_H

#include <textmill/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tm_per_thread tm_per_thread;

/* make returns a new object for the calling thread, or NULL when out of
 * memory. release frees one; it runs in the exiting thread, or in the
 * thread that calls tm_per_thread_free. Both get the ctx given to
 * tm_per_thread_new. */
typedef void *(*tm_per_thread_make_fn)(void *ctx);
typedef void (*tm_per_thread_release_fn)(void *ctx, void *obj);

/* Returns a new, empty tm_per_thread (the caller frees it with
 * tm_per_thread_free), or NULL with err set. ctx is borrowed: it must
 * outlive the tm_per_thread. */
tm_per_thread *tm_per_thread_new(tm_per_thread_make_fn make,
                                 tm_per_thread_release_fn release, void *ctx,
                                 tm_error *err);

/* The calling thread's object (borrowed), made on the first call from this
 * thread; NULL only when make failed. */
void *tm_per_thread_get(tm_per_thread *pt);

/* Releases every thread's object and frees pt. Call it once no thread uses
 * pt any more (for a stage: in destroy). NULL is a no-op. */
void tm_per_thread_free(tm_per_thread *pt);

#ifdef __cplusplus
}
#endif
#endif
