/* perthread.c - one object per thread (textmill/perthread.h). */
#include <pthread.h>
#include <stdlib.h>

#include <textmill/perthread.h>

/* A thread's object, linked into its tm_per_thread so that free can
 * release the objects of threads that are still alive. */
typedef struct slot {
    struct slot *prev, *next;
    tm_per_thread *pt;
    void *obj;
} slot;

struct tm_per_thread {
    pthread_key_t key;
    pthread_mutex_t lock; /* guards the list */
    slot *list;
    tm_per_thread_make_fn make;
    tm_per_thread_release_fn release;
    void *ctx;
};

static void unlink_slot(tm_per_thread *pt, slot *s)
{
    if (s->prev)
        s->prev->next = s->next;
    else
        pt->list = s->next;
    if (s->next)
        s->next->prev = s->prev;
}

/* Runs when a thread that has an object exits. */
static void thread_exit(void *arg)
{
    slot *s = arg;
    tm_per_thread *pt = s->pt;
    pthread_mutex_lock(&pt->lock);
    unlink_slot(pt, s);
    pthread_mutex_unlock(&pt->lock);
    pt->release(pt->ctx, s->obj);
    free(s);
}

tm_per_thread *tm_per_thread_new(tm_per_thread_make_fn make,
                                 tm_per_thread_release_fn release, void *ctx,
                                 tm_error *err)
{
    tm_per_thread *pt = calloc(1, sizeof(*pt));
    if (!pt) {
        tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (pthread_key_create(&pt->key, thread_exit) != 0) {
        free(pt);
        tm_error_set(err, TM_ERR_NOMEM, "cannot create a thread key");
        return NULL;
    }
    pthread_mutex_init(&pt->lock, NULL);
    pt->make = make;
    pt->release = release;
    pt->ctx = ctx;
    return pt;
}

void *tm_per_thread_get(tm_per_thread *pt)
{
    slot *s = pthread_getspecific(pt->key);
    if (s)
        return s->obj;
    s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->pt = pt;
    s->obj = pt->make(pt->ctx);
    if (!s->obj || pthread_setspecific(pt->key, s) != 0) {
        if (s->obj)
            pt->release(pt->ctx, s->obj);
        free(s);
        return NULL;
    }
    pthread_mutex_lock(&pt->lock);
    s->next = pt->list;
    if (s->next)
        s->next->prev = s;
    pt->list = s;
    pthread_mutex_unlock(&pt->lock);
    return s->obj;
}

void tm_per_thread_free(tm_per_thread *pt)
{
    if (!pt)
        return;
    /* Deleting the key first means no exiting thread runs thread_exit on
     * a slot this loop frees. */
    pthread_key_delete(pt->key);
    slot *s = pt->list;
    while (s) {
        slot *next = s->next;
        pt->release(pt->ctx, s->obj);
        free(s);
        s = next;
    }
    pthread_mutex_destroy(&pt->lock);
    free(pt);
}
