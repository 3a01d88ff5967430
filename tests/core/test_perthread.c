/* One object per thread: made once per thread, released at thread exit or
 * by tm_per_thread_free, never shared between threads. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdlib.h>
#include <textmill/textmill.h>

typedef struct counts {
    pthread_mutex_t lock;
    int made, released;
} counts;

static void *make(void *ctx)
{
    counts *c = ctx;
    pthread_mutex_lock(&c->lock);
    c->made++;
    pthread_mutex_unlock(&c->lock);
    return malloc(16);
}

static void release(void *ctx, void *obj)
{
    counts *c = ctx;
    pthread_mutex_lock(&c->lock);
    c->released++;
    pthread_mutex_unlock(&c->lock);
    free(obj);
}

static counts c = {PTHREAD_MUTEX_INITIALIZER, 0, 0};

static tm_per_thread *new_pt(void)
{
    c.made = c.released = 0;
    tm_error err;
    tm_error_clear(&err);
    tm_per_thread *pt = tm_per_thread_new(make, release, &c, &err);
    cr_assert_not_null(pt, "%s", err.message);
    return pt;
}

Test(perthread, same_object_within_a_thread)
{
    tm_per_thread *pt = new_pt();
    void *a = tm_per_thread_get(pt);
    cr_assert_not_null(a);
    cr_assert_eq(tm_per_thread_get(pt), a);
    cr_assert_eq(c.made, 1);
    tm_per_thread_free(pt);
    cr_assert_eq(c.released, 1, "free releases the objects of live threads");
}

static void *get_in_thread(void *arg)
{
    return tm_per_thread_get(arg);
}

Test(perthread, each_thread_its_own_released_at_exit)
{
    tm_per_thread *pt = new_pt();
    void *mine = tm_per_thread_get(pt);
    pthread_t th[4];
    void *got[4];
    for (int i = 0; i < 4; i++)
        cr_assert_eq(pthread_create(&th[i], NULL, get_in_thread, pt), 0);
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(pthread_join(th[i], &got[i]), 0);
        cr_assert_not_null(got[i]);
        cr_assert_neq(got[i], mine);
    }
    cr_assert_eq(c.made, 5);
    cr_assert_eq(c.released, 4, "an exiting thread releases its object");
    cr_assert_eq(tm_per_thread_get(pt), mine);
    tm_per_thread_free(pt);
    cr_assert_eq(c.released, 5);
}

static void *fail_make(void *ctx)
{
    (void)ctx;
    return NULL;
}

Test(perthread, failed_make_gives_null_and_is_retried)
{
    tm_error err;
    tm_error_clear(&err);
    tm_per_thread *pt = tm_per_thread_new(fail_make, release, &c, &err);
    cr_assert_not_null(pt);
    cr_assert_null(tm_per_thread_get(pt));
    cr_assert_null(tm_per_thread_get(pt));
    tm_per_thread_free(pt);
    tm_per_thread_free(NULL);
}
