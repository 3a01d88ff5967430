/* testcrash.c - misbehaves on request, to test crash isolation: crashes on a
 * document containing "CRASH", aborts on "ABORT", never returns on "HANG",
 * and sleeps a little on "SLOW". Not thread-safe on purpose, so that each
 * worker gets an instance. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <textmill/textmill.h>

static tm_status crash_create(const json_t *c, const tm_plugin_env *e, void **o, tm_error *err)
{
    (void)c, (void)e, (void)err;
    *o = malloc(1);
    return TM_OK;
}

static tm_status crash_process(void *instance, tm_doc *doc, tm_error *err)
{
    (void)instance, (void)err;
    const char *t = tm_doc_text(doc, NULL);
    if (strstr(t, "CRASH"))
        raise(SIGSEGV);
    if (strstr(t, "ABORT"))
        abort();
    while (strstr(t, "HANG")) {
        struct timespec ts = {1, 0};
        nanosleep(&ts, NULL);
    }
    if (strstr(t, "SLOW")) {
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    json_object_set_new(tm_doc_meta(doc), "checked", json_true());
    return TM_OK;
}

TM_PLUGIN_DEFINE(.name = "testcrash", .version = "1.0.0",
                 .summary = "Test plugin that crashes, aborts or hangs on request.",
                 .create = crash_create, .process = crash_process, .destroy = free);
