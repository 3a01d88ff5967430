/* options.c - validating a stage's config against its plugin's option table,
 * and the getters plugins use to read the result. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *type_name(tm_option_type t)
{
    switch (t) {
    case TM_OPT_BOOL: return "a boolean";
    case TM_OPT_INT: return "an integer";
    case TM_OPT_NUMBER: return "a number";
    case TM_OPT_STRING: return "a string";
    case TM_OPT_STRING_LIST: return "an array of strings";
    case TM_OPT_OBJECT: return "an object";
    }
    return "?";
}

static const tm_option *find_option(const tm_option *options, const char *name)
{
    for (const tm_option *o = options; o && o->name; o++)
        if (strcmp(o->name, name) == 0)
            return o;
    return NULL;
}

/* Writes "a, b, c" (the names of a NULL-terminated list) into buf. */
static void join_names(char *buf, size_t size, const char *const *names,
                       size_t stride)
{
    size_t used = 0;
    buf[0] = '\0';
    if (!names)
        return;
    for (const char *const *n = names; *n && used < size;
         n = (const char *const *)((const char *)n + stride)) {
        int w = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", *n);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

static int in_choices(const char *const *choices, const char *s)
{
    for (; *choices; choices++)
        if (strcmp(*choices, s) == 0)
            return 1;
    return 0;
}

/* Checks one value; on failure fills err (the caller sets the path). */
static tm_status check_value(const tm_option *o, const json_t *v, tm_error *err)
{
    char list[TM_ERROR_MESSAGE_LENGTH / 2];
    int ok;
    switch (o->type) {
    case TM_OPT_BOOL: ok = json_is_boolean(v); break;
    case TM_OPT_INT: ok = json_is_integer(v); break;
    case TM_OPT_NUMBER: ok = json_is_number(v); break;
    case TM_OPT_STRING: ok = json_is_string(v); break;
    case TM_OPT_STRING_LIST: ok = json_is_array(v); break;
    case TM_OPT_OBJECT: ok = json_is_object(v); break;
    default: ok = 0;
    }
    if (!ok)
        return tm_error_set(err, TM_ERR_CONFIG, "must be %s", type_name(o->type));
    if ((o->type == TM_OPT_INT || o->type == TM_OPT_NUMBER) && o->has_range) {
        double x = json_number_value(v);
        if (!(x >= o->min && x <= o->max)) {
            if (o->type == TM_OPT_INT)
                return tm_error_set(err, TM_ERR_CONFIG,
                                    "%lld is out of range: must be from %.0f to %.0f",
                                    (long long)json_integer_value(v), o->min, o->max);
            return tm_error_set(err, TM_ERR_CONFIG,
                                "%g is out of range: must be from %g to %g", x,
                                o->min, o->max);
        }
    }
    if (o->type == TM_OPT_STRING && o->choices &&
        !in_choices(o->choices, json_string_value(v))) {
        join_names(list, sizeof list, o->choices, sizeof *o->choices);
        return tm_error_set(err, TM_ERR_CONFIG, "\"%s\" is not allowed: choose one of %s",
                            json_string_value(v), list);
    }
    if (o->type == TM_OPT_STRING_LIST) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) {
            if (!json_is_string(item))
                return tm_error_set(err, TM_ERR_CONFIG,
                                    "item %zu must be a string", i);
            if (o->choices && !in_choices(o->choices, json_string_value(item))) {
                join_names(list, sizeof list, o->choices, sizeof *o->choices);
                return tm_error_set(err, TM_ERR_CONFIG,
                                    "item %zu, \"%s\", is not allowed: choose from %s",
                                    i, json_string_value(item), list);
            }
        }
    }
    return TM_OK;
}

json_t *tm__option_default(const tm_option *o)
{
    if (!o->default_json)
        return NULL;
    return json_loads(o->default_json, JSON_DECODE_ANY, NULL);
}

tm_status tm__option_check_default(const tm_option *o, tm_error *err)
{
    if (!o->default_json)
        return TM_OK;
    json_t *v = tm__option_default(o);
    if (!v)
        return tm_error_set(err, TM_ERR_PLUGIN,
                            "option '%s' has a default that is not JSON: %s",
                            o->name, o->default_json);
    tm_status rc = check_value(o, v, err);
    json_decref(v);
    if (rc != TM_OK) {
        char why[TM_ERROR_MESSAGE_LENGTH];
        snprintf(why, sizeof why, "%s", err->message);
        return tm_error_set(err, TM_ERR_PLUGIN, "the default of option '%s' %s",
                            o->name, why);
    }
    return TM_OK;
}

static void set_key_path(tm_error *err, const char *prefix, const char *key)
{
    char path[TM_ERROR_FIELD_LENGTH];
    if (prefix && *prefix)
        snprintf(path, sizeof path, "%s.%s", prefix, key);
    else
        snprintf(path, sizeof path, "%s", key);
    tm_error_set_path(err, path);
}

json_t *tm_options_apply(const tm_option *options, const json_t *config,
                         const char *path_prefix, tm_error *err)
{
    if (config && !json_is_object(config)) {
        tm_error_set_path(err, path_prefix);
        tm_error_set(err, TM_ERR_CONFIG, "must be an object");
        return NULL;
    }
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)config, key, value) {
        const tm_option *o = find_option(options, key);
        if (!o) {
            char list[TM_ERROR_MESSAGE_LENGTH / 2];
            join_names(list, sizeof list, options ? &options->name : NULL,
                       sizeof *options);
            set_key_path(err, path_prefix, key);
            tm_error_set(err, TM_ERR_CONFIG, "unknown option '%s'; allowed: %s",
                         key, options && options->name ? list : "(none)");
            return NULL;
        }
        if (check_value(o, value, err) != TM_OK) {
            set_key_path(err, path_prefix, key);
            return NULL;
        }
    }
    json_t *out = json_object();
    if (!out) {
        tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        return NULL;
    }
    for (const tm_option *o = options; o && o->name; o++) {
        json_t *v = config ? json_object_get(config, o->name) : NULL;
        if (v) {
            json_object_set(out, o->name, v);
            continue;
        }
        if (!o->default_json) {
            set_key_path(err, path_prefix, o->name);
            tm_error_set(err, TM_ERR_CONFIG, "required option '%s' (%s) is missing",
                         o->name, type_name(o->type));
            json_decref(out);
            return NULL;
        }
        json_object_set_new(out, o->name, tm__option_default(o));
    }
    return out;
}

/* ---- getters ---- */

bool tm_config_bool(const json_t *config, const char *name)
{
    return json_is_true(json_object_get(config, name));
}

long long tm_config_int(const json_t *config, const char *name)
{
    return (long long)json_integer_value(json_object_get(config, name));
}

double tm_config_number(const json_t *config, const char *name)
{
    return json_number_value(json_object_get(config, name));
}

const char *tm_config_string(const json_t *config, const char *name)
{
    const char *s = json_string_value(json_object_get(config, name));
    return s ? s : "";
}

size_t tm_config_list_size(const json_t *config, const char *name)
{
    return json_array_size(json_object_get(config, name));
}

const char *tm_config_list_at(const json_t *config, const char *name, size_t i)
{
    return json_string_value(json_array_get(json_object_get(config, name), i));
}
