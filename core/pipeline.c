/* pipeline.c - loading and validating pipeline files, running stages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct stage {
    char *name;
    const tm_plugin_info *info; /* borrowed from the registry */
    json_t *config;             /* validated, defaults filled */
    void *instance;             /* the pipeline's own instance */
} stage;

struct tm_pipeline {
    tm_registry *reg; /* borrowed */
    char *name;
    char *description;
    char *dir;        /* folder of the pipeline file */
    stage *stages;
    size_t stage_count;
};

struct tm_worker {
    tm_pipeline *pipeline;
    void **instances; /* per stage: shared (thread-safe) or owned */
    double *seconds;  /* per stage: time spent in process */
    volatile int *stage_now; /* where to note the running stage, or NULL */
};

static const char *const top_keys[] = {"name", "description", "plugin_path",
                                       "input_layers", "stages", NULL};
static const char *const stage_keys[] = {"plugin", "plugin_file", "name", "config", NULL};

static tm_status fail(tm_error *err, const char *path, tm_status code,
                      const char *fmt, const char *a, const char *b)
{
    tm_error_set_path(err, path);
    return tm_error_set(err, code, fmt, a, b);
}

/* Refuses keys of obj that are not in allowed, naming the allowed ones. */
static tm_status check_keys(const json_t *obj, const char *const *allowed,
                            const char *prefix, tm_error *err)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        const char *const *k = allowed;
        while (*k && strcmp(*k, key) != 0)
            k++;
        if (*k)
            continue;
        char path[TM_ERROR_FIELD_LENGTH], list[256] = "";
        snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", key);
        size_t used = 0;
        for (k = allowed; *k && used < sizeof list; k++) {
            int w = snprintf(list + used, sizeof list - used, "%s%s",
                             k == allowed ? "" : ", ", *k);
            if (w > 0)
                used += (size_t)w;
        }
        return fail(err, path, TM_ERR_CONFIG, "unknown key '%s'; allowed keys: %s", key, list);
    }
    return TM_OK;
}

static bool list_has(const tm__strvec *v, const char *s)
{
    for (size_t i = 0; i < v->size; i++)
        if (strcmp(v->items[i], s) == 0)
            return true;
    return false;
}

static char *resolve(const char *dir, const char *path)
{
    if (path[0] == '/' || !dir || !*dir || strcmp(dir, ".") == 0)
        return tm__strdup(path);
    size_t n = strlen(dir) + strlen(path) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, path);
    return p;
}

void tm_pipeline_free(tm_pipeline *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->stage_count; i++) {
        stage *s = &p->stages[i];
        if (s->instance && s->info->plugin->destroy)
            s->info->plugin->destroy(s->instance);
        json_decref(s->config);
        free(s->name);
    }
    free(p->stages);
    free(p->name);
    free(p->description);
    free(p->dir);
    free(p);
}

static tm_status load_stages(tm_pipeline *p, const json_t *root, tm_error *err)
{
    char path[48]; /* "stages[N]": short, so that longer paths fit in sub */
    const json_t *stages = json_object_get(root, "stages");
    if (!stages)
        return fail(err, "stages", TM_ERR_CONFIG, "%s%s", "missing: a pipeline needs ",
                    "a \"stages\" array");
    if (!json_is_array(stages) || json_array_size(stages) == 0)
        return fail(err, "stages", TM_ERR_CONFIG, "%s%s", "must be a non-empty array ",
                    "of stage objects");

    /* Layers available so far: those the input brings, then each stage's. */
    tm__strvec have = {0};
    tm_status rc = TM_OK;
    const json_t *inputs = json_object_get(root, "input_layers");
    if (inputs) {
        size_t i;
        json_t *v;
        if (!json_is_array(inputs))
            return fail(err, "input_layers", TM_ERR_CONFIG, "%s%s", "must be an array ",
                        "of layer names");
        json_array_foreach(inputs, i, v) {
            snprintf(path, sizeof path, "input_layers[%zu]", i);
            if (!json_is_string(v) || !tm__is_identifier(json_string_value(v))) {
                rc = fail(err, path, TM_ERR_CONFIG, "%s%s", "must be a layer name ",
                          "(an identifier)");
                goto out;
            }
            tm__strvec_push(&have, json_string_value(v));
        }
    }

    size_t n = json_array_size(stages);
    p->stages = calloc(n, sizeof *p->stages);
    if (!p->stages) {
        rc = tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        goto out;
    }
    const char *first_annotator = have.size ? "the input (input_layers)" : NULL;
    for (size_t i = 0; i < n; i++) {
        const json_t *js = json_array_get(stages, i);
        stage *s = &p->stages[i];
        p->stage_count = i + 1; /* so that tm_pipeline_free frees this one */
        snprintf(path, sizeof path, "stages[%zu]", i);
        if (!json_is_object(js)) {
            rc = fail(err, path, TM_ERR_CONFIG, "%s%s", "must be an object like ",
                      "{\"plugin\": \"cleaner\", \"config\": {}}");
            goto out;
        }
        if ((rc = check_keys(js, stage_keys, path, err)) != TM_OK)
            goto out;
        const json_t *jplugin = json_object_get(js, "plugin");
        const json_t *jfile = json_object_get(js, "plugin_file");
        const json_t *jname = json_object_get(js, "name");
        char sub[TM_ERROR_FIELD_LENGTH];
        if (jplugin && jfile) {
            snprintf(sub, sizeof sub, "%s.plugin_file", path);
            rc = fail(err, sub, TM_ERR_CONFIG, "%s%s", "give either \"plugin\" ",
                      "(a name) or \"plugin_file\" (a path), not both");
            goto out;
        }
        if (!jplugin && !jfile) {
            rc = fail(err, path, TM_ERR_CONFIG, "%s%s", "missing \"plugin\": ",
                      "every stage names its plugin");
            goto out;
        }
        const json_t *jp = jplugin ? jplugin : jfile;
        snprintf(sub, sizeof sub, "%s.%s", path, jplugin ? "plugin" : "plugin_file");
        if (!json_is_string(jp)) {
            rc = fail(err, sub, TM_ERR_CONFIG, "%s%s", "must be a string", "");
            goto out;
        }
        if (jplugin) {
            s->info = tm_registry_find(p->reg, json_string_value(jp), err);
        } else {
            char *file = resolve(p->dir, json_string_value(jp));
            s->info = file ? tm_registry_load_file(p->reg, file, err) : NULL;
            free(file);
        }
        if (!s->info) {
            tm_error_set_path(err, sub);
            rc = err ? err->code : TM_ERR_PLUGIN;
            goto out;
        }
        const tm_plugin *pl = s->info->plugin;

        /* The stage's name: given, or the plugin's, made unique. */
        if (jname) {
            snprintf(sub, sizeof sub, "%s.name", path);
            if (!json_is_string(jname) || !tm__is_identifier(json_string_value(jname))) {
                rc = fail(err, sub, TM_ERR_CONFIG, "%s%s", "must be an identifier ",
                          "(letters, digits and '_')");
                goto out;
            }
            for (size_t k = 0; k < i; k++)
                if (strcmp(p->stages[k].name, json_string_value(jname)) == 0) {
                    rc = fail(err, sub, TM_ERR_CONFIG, "stage name '%s' is used twice%s",
                              json_string_value(jname), "");
                    goto out;
                }
            s->name = tm__strdup(json_string_value(jname));
        } else {
            char buf[128];
            snprintf(buf, sizeof buf, "%s", pl->name);
            for (int dup = 2;; dup++) {
                size_t k = 0;
                while (k < i && strcmp(p->stages[k].name, buf) != 0)
                    k++;
                if (k == i)
                    break;
                snprintf(buf, sizeof buf, "%s_%d", pl->name, dup);
            }
            s->name = tm__strdup(buf);
        }
        if (!s->name) {
            rc = tm_error_set(err, TM_ERR_NOMEM, "out of memory");
            goto out;
        }

        snprintf(sub, sizeof sub, "%s.config", path);
        s->config = tm_options_apply(pl->options, json_object_get(js, "config"), sub, err);
        if (!s->config) {
            rc = err ? err->code : TM_ERR_CONFIG;
            goto out;
        }

        /* Layer order. */
        if ((pl->flags & TM_PLUGIN_REWRITES_TEXT) && first_annotator) {
            snprintf(sub, sizeof sub, "%s.plugin", path);
            rc = fail(err, sub, TM_ERR_CONFIG,
                      "plugin '%s' rewrites the text, so it must run before any stage "
                      "that annotates it, but %s adds layers before it",
                      pl->name, first_annotator);
            goto out;
        }
        for (const char *const *r = pl->requires_layers; r && *r; r++) {
            if (!list_has(&have, *r)) {
                char msg[TM_ERROR_MESSAGE_LENGTH];
                snprintf(msg, sizeof msg,
                         "plugin '%s' requires the layer '%s', which no earlier stage "
                         "provides: add a stage that provides it before this one, or "
                         "list it in \"input_layers\" if the input documents have it",
                         pl->name, *r);
                snprintf(sub, sizeof sub, "%s.plugin", path);
                rc = fail(err, sub, TM_ERR_CONFIG, "%s%s", msg, "");
                goto out;
            }
        }
        for (const char *const *v = pl->provides; v && *v; v++) {
            if (!list_has(&have, *v))
                tm__strvec_push(&have, *v);
            if (!first_annotator)
                first_annotator = s->name;
        }
    }

    /* Everything is known to fit: create the instances. */
    for (size_t i = 0; i < p->stage_count; i++) {
        stage *s = &p->stages[i];
        tm_plugin_env env = {s->info->file, s->info->data_dir,
                             p->dir ? p->dir : ".", s->name};
        rc = s->info->plugin->create(s->config, &env, &s->instance, err);
        if (rc != TM_OK) {
            snprintf(path, sizeof path, "stages[%zu].config", i);
            tm_error_set_path(err, path);
            tm_error_set_stage(err, s->name);
            if (err && !err->message[0])
                tm_error_set(err, rc, "plugin '%s' could not be set up",
                             s->info->plugin->name);
            s->instance = NULL;
            goto out;
        }
    }
out:
    tm__strvec_free(&have);
    return rc;
}

static char *string_or(const json_t *root, const char *key, const char *fallback)
{
    const char *s = json_string_value(json_object_get(root, key));
    return tm__strdup(s ? s : fallback);
}

static tm_pipeline *load_json(tm_registry *reg, json_t *root, const char *origin,
                              const char *base_dir, tm_error *err)
{
    tm_pipeline *p = calloc(1, sizeof *p);
    if (!p) {
        tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        return NULL;
    }
    p->reg = reg;
    p->dir = tm__strdup(base_dir ? base_dir : ".");
    if (!json_is_object(root)) {
        tm_error_set(err, TM_ERR_CONFIG, "a pipeline must be a JSON object");
        goto fail;
    }
    if (check_keys(root, top_keys, "", err) != TM_OK)
        goto fail;
    static const char *const strings[] = {"name", "description"};
    for (size_t i = 0; i < 2; i++) {
        const json_t *v = json_object_get(root, strings[i]);
        if (v && !json_is_string(v)) {
            fail(err, strings[i], TM_ERR_CONFIG, "%s%s", "must be a string", "");
            goto fail;
        }
    }
    /* The pipeline's own plugin folders, relative to the file. */
    const json_t *pp = json_object_get(root, "plugin_path");
    if (pp) {
        size_t i;
        json_t *v;
        if (!json_is_array(pp)) {
            fail(err, "plugin_path", TM_ERR_CONFIG, "%s%s", "must be an array of ",
                 "folder paths");
            goto fail;
        }
        json_array_foreach(pp, i, v) {
            char path[64];
            snprintf(path, sizeof path, "plugin_path[%zu]", i);
            if (!json_is_string(v)) {
                fail(err, path, TM_ERR_CONFIG, "%s%s", "must be a string", "");
                goto fail;
            }
            char *dir = resolve(p->dir, json_string_value(v));
            tm_status rc = dir ? tm_registry_add_path(reg, dir, err) : TM_ERR_NOMEM;
            free(dir);
            if (rc != TM_OK)
                goto fail;
        }
    }
    const char *base = strrchr(origin, '/');
    base = base ? base + 1 : origin;
    size_t blen = strcspn(base, ".");
    char fallback[128];
    snprintf(fallback, sizeof fallback, "%.*s", (int)(blen < 100 ? blen : 100), base);
    p->name = string_or(root, "name", fallback);
    p->description = string_or(root, "description", "");
    if (!p->name || !p->description || !p->dir) {
        tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        goto fail;
    }
    if (load_stages(p, root, err) != TM_OK)
        goto fail;
    tm_error_clear(err);
    return p;
fail:
    /* The pipeline file is the location; a plugin file at fault is named in
     * the message. */
    if (err && err->file[0] && strcmp(err->file, origin) != 0) {
        char msg[TM_ERROR_FIELD_LENGTH + TM_ERROR_MESSAGE_LENGTH + 32];
        if (err->line > 0)
            snprintf(msg, sizeof msg, "%s:%d: %s", err->file, err->line, err->message);
        else
            snprintf(msg, sizeof msg, "%s: %s", err->file, err->message);
        tm_error_set(err, err->code, "%s", msg);
    }
    tm_error_set_file(err, origin, 0, 0);
    tm_pipeline_free(p);
    return NULL;
}

static tm_pipeline *load_parsed(tm_registry *reg, json_t *root,
                                const json_error_t *jerr, const char *origin,
                                const char *base_dir, tm_error *err)
{
    tm_error_clear(err);
    if (!root) {
        tm_error_set_file(err, origin, jerr->line, jerr->column);
        tm_error_set(err, TM_ERR_SYNTAX, "%s", jerr->text);
        return NULL;
    }
    tm_pipeline *p = load_json(reg, root, origin, base_dir, err);
    json_decref(root);
    return p;
}

tm_pipeline *tm_pipeline_load_file(tm_registry *reg, const char *path, tm_error *err)
{
    tm_error_clear(err);
    size_t len;
    char *text = tm__read_file(path, &len, err);
    if (!text)
        return NULL;
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    free(text);
    char *dir = tm__strdup(path);
    char *slash = dir ? strrchr(dir, '/') : NULL;
    if (slash)
        *slash = '\0';
    tm_pipeline *p = load_parsed(reg, root, &jerr, path, slash ? dir : ".", err);
    free(dir);
    return p;
}

tm_pipeline *tm_pipeline_load_string(tm_registry *reg, const char *json,
                                     const char *origin, const char *base_dir,
                                     tm_error *err)
{
    json_error_t jerr;
    json_t *root = json_loads(json, JSON_REJECT_DUPLICATES, &jerr);
    return load_parsed(reg, root, &jerr, origin ? origin : "<string>", base_dir, err);
}

const char *tm_pipeline_name(const tm_pipeline *p) { return p->name; }
const char *tm_pipeline_description(const tm_pipeline *p) { return p->description; }
size_t tm_pipeline_stage_count(const tm_pipeline *p) { return p->stage_count; }

const char *tm_pipeline_stage_name(const tm_pipeline *p, size_t i)
{
    return i < p->stage_count ? p->stages[i].name : NULL;
}

const tm_plugin_info *tm_pipeline_stage_plugin(const tm_pipeline *p, size_t i)
{
    return i < p->stage_count ? p->stages[i].info : NULL;
}

const json_t *tm_pipeline_stage_config(const tm_pipeline *p, size_t i)
{
    return i < p->stage_count ? p->stages[i].config : NULL;
}

/* ---- running ---- */

static tm_status run_stage(const stage *s, void *instance, tm_doc *doc, tm_error *err)
{
    const tm_plugin *pl = s->info->plugin;
    tm_error_clear(err);
    tm_status rc = pl->process(instance, doc, err);
    if (rc != TM_OK) {
        tm_error_set_stage(err, s->name);
        tm_error_set_doc_id(err, tm_doc_id(doc));
        if (err && !err->message[0])
            tm_error_set(err, rc, "plugin '%s' failed without saying why", pl->name);
        if (err && err->code == TM_OK)
            err->code = TM_ERR_PROCESS;
        return rc;
    }
    /* A stage that provides a layer always leaves it, if only empty, so that
     * output documents have the same shape. */
    for (const char *const *v = pl->provides; v && *v; v++)
        if (!tm_doc_add_layer(doc, *v))
            return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    return TM_OK;
}

tm_status tm_pipeline_process(tm_pipeline *p, tm_doc *doc, tm_error *err)
{
    for (size_t i = 0; i < p->stage_count; i++) {
        tm_status rc = run_stage(&p->stages[i], p->stages[i].instance, doc, err);
        if (rc != TM_OK)
            return rc;
    }
    return TM_OK;
}

tm_worker *tm_worker_new(tm_pipeline *p, tm_error *err)
{
    tm_worker *w = calloc(1, sizeof *w);
    size_t n = p->stage_count ? p->stage_count : 1;
    if (w) {
        w->instances = calloc(n, sizeof *w->instances);
        w->seconds = calloc(n, sizeof *w->seconds);
    }
    if (!w || !w->instances || !w->seconds) {
        if (w) {
            free(w->instances);
            free(w->seconds);
        }
        free(w);
        tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        return NULL;
    }
    w->pipeline = p;
    for (size_t i = 0; i < p->stage_count; i++) {
        stage *s = &p->stages[i];
        if (s->info->plugin->flags & TM_PLUGIN_THREAD_SAFE) {
            w->instances[i] = s->instance;
            continue;
        }
        tm_plugin_env env = {s->info->file, s->info->data_dir, p->dir, s->name};
        if (s->info->plugin->create(s->config, &env, &w->instances[i], err) != TM_OK) {
            tm_error_set_stage(err, s->name);
            w->instances[i] = NULL;
            tm_worker_free(w);
            return NULL;
        }
    }
    return w;
}

tm_status tm_worker_process(tm_worker *w, tm_doc *doc, tm_error *err)
{
    tm_pipeline *p = w->pipeline;
    double t = tm__now();
    for (size_t i = 0; i < p->stage_count; i++) {
        if (w->stage_now)
            *w->stage_now = (int)i;
        tm_status rc = run_stage(&p->stages[i], w->instances[i], doc, err);
        double t2 = tm__now();
        w->seconds[i] += t2 - t;
        t = t2;
        if (rc != TM_OK)
            return rc;
    }
    return TM_OK;
}

double tm_worker_stage_seconds(const tm_worker *w, size_t i)
{
    return i < w->pipeline->stage_count ? w->seconds[i] : 0.0;
}

void tm__worker_track_stage(tm_worker *w, volatile int *stage_now)
{
    w->stage_now = stage_now;
}

void tm_worker_free(tm_worker *w)
{
    if (!w)
        return;
    tm_pipeline *p = w->pipeline;
    for (size_t i = 0; i < p->stage_count; i++) {
        stage *s = &p->stages[i];
        if (w->instances[i] && w->instances[i] != s->instance && s->info->plugin->destroy)
            s->info->plugin->destroy(w->instances[i]);
    }
    free(w->instances);
    free(w->seconds);
    free(w);
}
