/*
 * textmill/plugin.h - the plugin interface.
 *
 * A plugin is a shared object that exports one symbol, TM_PLUGIN_SYMBOL, a
 * const tm_plugin descriptor. The host reads the descriptor, checks its ABI
 * version and its fields, validates the stage's config against the option
 * table (filling defaults), then calls create once per instance, process once
 * per document and destroy at the end.
 *
 *     static const tm_option options[] = {
 *         { .name = "lowercase", .type = TM_OPT_BOOL, .default_json = "false",
 *           .help = "Fold the text to lower case." },
 *         { 0 }
 *     };
 *     TM_PLUGIN_DEFINE(
 *         .name = "shout", .version = "1.0.0", .summary = "Upper-cases text.",
 *         .options = options, .flags = TM_PLUGIN_REWRITES_TEXT,
 *         .create = shout_create, .process = shout_process,
 *         .destroy = shout_destroy);
 *
 * ABI: the host refuses a descriptor whose abi_major differs from its own, or
 * whose abi_minor is newer than its own (the plugin may rely on something the
 * host lacks). Adding a field at the end of tm_plugin bumps the minor version;
 * any other change to this file's structs or to the meaning of a field bumps
 * the major version. struct_size lets the host read older descriptors safely.
 */
#ifndef TEXTMILL_PLUGIN_H
#define TEXTMILL_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include <textmill/error.h>
#include <textmill/document.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TM_ABI_MAJOR 1
#define TM_ABI_MINOR 0

/* The symbol every plugin exports. */
#define TM_PLUGIN_SYMBOL "tm_plugin_descriptor"

typedef enum tm_option_type {
    TM_OPT_BOOL = 1,    /* JSON true/false */
    TM_OPT_INT,         /* JSON integer, within [min, max] when has_range */
    TM_OPT_NUMBER,      /* JSON number, within [min, max] when has_range */
    TM_OPT_STRING,      /* JSON string; one of choices when choices != NULL */
    TM_OPT_STRING_LIST, /* JSON array of strings; each one of choices if set */
    TM_OPT_OBJECT       /* any JSON object; the plugin checks it in create */
} tm_option_type;

/* One row of a plugin's option table; the table ends with a zeroed row. */
typedef struct tm_option {
    const char *name;          /* identifier, unique in the table */
    tm_option_type type;
    const char *default_json;  /* the default as JSON text ("true", "3",
                                  "\"en\"", "[]"); NULL = option required */
    int has_range;             /* for INT and NUMBER: enforce [min, max] */
    double min;
    double max;
    const char *const *choices; /* NULL-terminated allowed strings, or NULL */
    const char *help;          /* one sentence for `textmill inspect` */
} tm_option;

/* Descriptor flags. */
#define TM_PLUGIN_REWRITES_TEXT 0x1u /* calls tm_doc_replace_text: must run
                                        before any stage that annotates */
#define TM_PLUGIN_THREAD_SAFE   0x2u /* process may run on one instance from
                                        several threads at once */

/* What the host tells create about where the plugin lives. Borrowed, valid
 * during create only: copy what you keep. */
typedef struct tm_plugin_env {
    const char *plugin_file;  /* the shared object's path */
    const char *data_dir;     /* the plugin's data folder, or NULL if none */
    const char *pipeline_dir; /* folder of the pipeline file, for relative
                                 paths in the config ("." if none) */
    const char *stage_name;   /* the stage's name in the pipeline */
} tm_plugin_env;

/* create: config is a JSON object already validated against the option table,
 * every option present (defaults filled in); borrowed, valid during create
 * only. On success store the instance in *instance and return TM_OK; on
 * failure fill err and return its code.
 *
 * process: annotate or rewrite doc. Return TM_OK, or fill err (at least the
 * message) and return non-zero: the document then goes to the errors stream
 * and the run goes on. Never print, never exit, never keep doc.
 *
 * destroy: free the instance; may be NULL when create allocates nothing. */
typedef tm_status (*tm_create_fn)(const json_t *config,
                                  const tm_plugin_env *env, void **instance,
                                  tm_error *err);
typedef tm_status (*tm_process_fn)(void *instance, tm_doc *doc, tm_error *err);
typedef void (*tm_destroy_fn)(void *instance);

typedef struct tm_plugin {
    uint32_t abi_major;   /* TM_ABI_MAJOR of the headers the plugin was built with */
    uint32_t abi_minor;
    uint32_t struct_size; /* sizeof(tm_plugin) at build time */
    const char *name;     /* identifier: [a-z_][a-z0-9_]*, the stage's plugin name */
    const char *version;  /* the plugin's own version, e.g. "1.2.0" */
    const char *summary;  /* one line */
    const tm_option *options;     /* table ending in a zeroed row, or NULL */
    const char *const *requires_layers; /* NULL-terminated layer names, or NULL
                                      (not "requires": a C++20 keyword) */
    const char *const *provides;  /* NULL-terminated layer names, or NULL */
    uint32_t flags;               /* TM_PLUGIN_* */
    tm_create_fn create;          /* required */
    tm_process_fn process;        /* required */
    tm_destroy_fn destroy;        /* optional */
} tm_plugin;

#if defined(_WIN32)
#define TM_PLUGIN_API __declspec(dllexport)
#else
#define TM_PLUGIN_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
#define TM_PLUGIN_EXTERN extern "C"
#else
#define TM_PLUGIN_EXTERN
#endif

/* Defines the exported descriptor; the arguments are designated initializers
 * of tm_plugin (the ABI fields are filled in for you). */
#define TM_PLUGIN_DEFINE(...)                                                  \
    TM_PLUGIN_EXTERN TM_PLUGIN_API const tm_plugin tm_plugin_descriptor = {    \
        .abi_major = TM_ABI_MAJOR, .abi_minor = TM_ABI_MINOR,                  \
        .struct_size = sizeof(tm_plugin), __VA_ARGS__}

/* ---- reading a validated config in create --------------------------------
 * These read an option of the validated config; the option must be in the
 * plugin's table (the host guarantees presence and type), so they do not
 * fail. The string getters return borrowed strings valid during create. */
bool tm_config_bool(const json_t *config, const char *name);
long long tm_config_int(const json_t *config, const char *name);
double tm_config_number(const json_t *config, const char *name);
const char *tm_config_string(const json_t *config, const char *name);
/* A string list option: its size, and its i-th element. */
size_t tm_config_list_size(const json_t *config, const char *name);
const char *tm_config_list_at(const json_t *config, const char *name, size_t i);

#ifdef __cplusplus
}
#endif
#endif
