/* isolate.c - running stages in a forked worker process (--isolate).
 *
 * The parent sends a document as one JSON line over a socket pair and reads
 * the processed document (or an error) back as one line. If the child dies,
 * or does not answer within the timeout (then it is killed), only that
 * document fails, and the next document gets a new child. The child notes the
 * stage it is in in a shared page, so the report can name it. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

struct tm__child {
    tm_pipeline *pipeline;   /* borrowed */
    pid_t pid;               /* 0 when there is no live child */
    int fd;                  /* the parent's end of the socket pair */
    volatile int *stage_now; /* shared with the child */
    char *buf;               /* bytes read but not yet consumed */
    size_t len, cap;
};

static int send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int send_json_line(int fd, const json_t *o)
{
    char *s = json_dumps(o, JSON_COMPACT);
    if (!s)
        return -1;
    size_t n = strlen(s);
    s[n] = '\n'; /* overwrites the NUL: send the line with its newline */
    int rc = send_all(fd, s, n + 1);
    free(s);
    return rc;
}

/* The child: answer documents until the parent closes its end. */
static void child_main(tm_pipeline *p, int fd, volatile int *stage_now)
{
    tm_error err;
    tm_worker *w = tm_worker_new(p, &err);
    FILE *in = fdopen(dup(fd), "r");
    if (!w || !in)
        _exit(70);
    tm__worker_track_stage(w, stage_now);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) > 0) {
        *stage_now = -1;
        json_t *obj = json_loadb(line, (size_t)n, 0, NULL);
        tm_doc *doc = obj ? tm_doc_from_json(obj, NULL, &err) : NULL;
        json_decref(obj);
        json_t *reply;
        if (doc && tm_worker_process(w, doc, &err) == TM_OK) {
            json_t *out = tm_doc_to_json(doc, TM_JSON_NO_SPAN_TEXT, &err);
            reply = json_pack("{so}", "ok", out ? out : json_null());
        } else {
            reply = json_pack("{s{sisssssss}}", "error", "code", (int)err.code,
                              "message", err.message, "stage", err.stage, "doc_id",
                              err.doc_id);
        }
        tm_doc_free(doc);
        int rc = reply ? send_json_line(fd, reply) : -1;
        json_decref(reply);
        if (rc < 0)
            break;
    }
    _exit(0);
}

static tm_status spawn(tm__child *c, tm_error *err)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return tm_error_set(err, TM_ERR_IO, "cannot create a socket pair: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        return tm_error_set(err, TM_ERR_IO, "cannot start a worker process: %s", strerror(errno));
    }
    if (pid == 0) {
        close(sv[0]);
        signal(SIGINT, SIG_IGN); /* the parent decides when to stop */
        /* A crash must kill the child, not run the host's crash handlers. */
        static const int fatal[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGTERM, SIGPIPE};
        for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++)
            signal(fatal[i], SIG_DFL);
        child_main(c->pipeline, sv[1], c->stage_now);
    }
    close(sv[1]);
    c->pid = pid;
    c->fd = sv[0];
    c->len = 0;
    return TM_OK;
}

/* Reaps a child that exited or is being killed; describes how it ended. */
static void reap(tm__child *c, bool kill_it, char *how, size_t size)
{
    int status = 0;
    if (kill_it)
        kill(c->pid, SIGKILL);
    while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFSIGNALED(status))
        snprintf(how, size, "died of signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else
        snprintf(how, size, "exited with status %d", WEXITSTATUS(status));
    close(c->fd);
    c->fd = -1;
    c->pid = 0;
}

tm__child *tm__child_new(tm_pipeline *p, tm_error *err)
{
    tm__child *c = calloc(1, sizeof *c);
    if (!c) {
        tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        return NULL;
    }
    c->pipeline = p;
    c->fd = -1;
    c->stage_now = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (c->stage_now == MAP_FAILED) {
        free(c);
        tm_error_set(err, TM_ERR_NOMEM, "cannot map shared memory: %s", strerror(errno));
        return NULL;
    }
    if (spawn(c, err) != TM_OK) {
        tm__child_free(c);
        return NULL;
    }
    return c;
}

void tm__child_free(tm__child *c)
{
    if (!c)
        return;
    if (c->pid) {
        /* Killed rather than told: its siblings, forked later, hold copies of
         * this socket, so it would never see the end of its input. */
        char how[96];
        reap(c, true, how, sizeof how);
    }
    if (c->stage_now && c->stage_now != MAP_FAILED)
        munmap((void *)c->stage_now, sizeof(int));
    free(c->buf);
    free(c);
}

/* Reads one line from the child into a malloc'ed string. Returns 1, 0 at the
 * end of the stream (the child died), -1 on timeout, -2 out of memory. */
static int read_reply(tm__child *c, double deadline, char **line, size_t *line_len)
{
    for (;;) {
        char *nl = c->len ? memchr(c->buf, '\n', c->len) : NULL;
        if (nl) {
            size_t n = (size_t)(nl - c->buf);
            *line = tm__strndup(c->buf, n);
            if (!*line)
                return -2;
            *line_len = n;
            memmove(c->buf, nl + 1, c->len - n - 1);
            c->len -= n + 1;
            return 1;
        }
        if (c->len == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 65536;
            char *b = realloc(c->buf, cap);
            if (!b)
                return -2;
            c->buf = b;
            c->cap = cap;
        }
        int wait_ms = -1;
        if (deadline > 0) {
            double left = deadline - tm__now();
            if (left <= 0)
                return -1;
            wait_ms = (int)(left * 1000) + 1;
        }
        struct pollfd pfd = {c->fd, POLLIN, 0};
        int pr = poll(&pfd, 1, wait_ms);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr == 0)
            return -1;
        ssize_t got = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return 0;
        c->len += (size_t)got;
    }
}

tm_status tm__child_process(tm__child *c, tm_doc **doc, double timeout, tm_error *err)
{
    tm_error_clear(err);
    tm_error_set_doc_id(err, tm_doc_id(*doc));
    if (!c->pid && spawn(c, err) != TM_OK)
        return err ? err->code : TM_ERR_IO;
    json_t *o = tm_doc_to_json(*doc, TM_JSON_NO_SPAN_TEXT, err);
    if (!o)
        return TM_ERR_NOMEM;
    *c->stage_now = -1;
    int sent = send_json_line(c->fd, o);
    json_decref(o);
    char *line = NULL;
    size_t len = 0;
    int got = sent == 0 ? read_reply(c, timeout > 0 ? tm__now() + timeout : 0, &line, &len) : 0;
    if (got <= 0) {
        int stage = *c->stage_now;
        const char *name = stage >= 0 ? tm_pipeline_stage_name(c->pipeline, (size_t)stage) : NULL;
        char how[96];
        reap(c, true, how, sizeof how);
        if (name)
            tm_error_set_stage(err, name);
        if (got == -1)
            return tm_error_set(err, TM_ERR_PROCESS,
                                "did not finish within %g s (--timeout); its worker process "
                                "was stopped", timeout);
        if (got == -2)
            return tm_error_set(err, TM_ERR_NOMEM, "out of memory reading a worker's reply");
        return tm_error_set(err, TM_ERR_PROCESS, "the worker process %s", how);
    }
    json_t *reply = json_loadb(line, len, 0, NULL);
    free(line);
    json_t *ok = json_object_get(reply, "ok");
    json_t *e = json_object_get(reply, "error");
    tm_status rc;
    if (ok) {
        tm_doc *out = tm_doc_from_json(ok, tm_doc_id(*doc), err);
        rc = out ? TM_OK : (err ? err->code : TM_ERR_PROCESS);
        if (out) {
            tm_doc_free(*doc);
            *doc = out;
        }
    } else if (e) {
        tm_error_set_stage(err, json_string_value(json_object_get(e, "stage")));
        int code = (int)json_integer_value(json_object_get(e, "code"));
        rc = tm_error_set(err, code > 0 ? (tm_status)code : TM_ERR_PROCESS, "%s",
                          json_string_value(json_object_get(e, "message")));
    } else {
        rc = tm_error_set(err, TM_ERR_PROCESS, "a worker process sent a reply that is not valid");
    }
    json_decref(reply);
    return rc;
}
