/*
 * textmill/pipeline.h - pipelines: loading, validating and running stages.
 *
 * A pipeline file is JSON:
 *
 *   { "name": "default", "description": "...",
 *     "plugin_path": ["relative/or/absolute/dir"],      (optional)
 *     "input_layers": ["sentences"],                    (optional)
 *     "stages": [ { "plugin": "cleaner", "name": "clean", "config": {...} } ] }
 *
 * Loading checks everything before any document is read: JSON syntax (with
 * line and column), unknown keys (with their JSON path and the allowed keys),
 * option types, ranges and choices, plugins (with the folders searched),
 * layer order (a stage's required layers must be provided by an earlier stage
 * or listed in input_layers) and that text-rewriting stages come first. Then
 * it creates one instance of every stage, so that a plugin's own checks (a
 * missing data file, say) fail at load too.
 *
 * A loaded pipeline processes documents with tm_pipeline_process from one
 * thread; for several threads, give each a tm_worker.
 */
#ifndef TEXTMILL_PIPELINE_H
#define TEXTMILL_PIPELINE_H

#include <stddef.h>
#include <jansson.h>
#include <textmill/error.h>
#include <textmill/document.h>
#include <textmill/plugin.h>
#include <textmill/registry.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tm_pipeline tm_pipeline;
typedef struct tm_worker tm_worker;

/* Loads the pipeline file at path. reg is borrowed and must outlive the
 * pipeline. Caller frees the result. On failure returns NULL and err has the
 * file, and the line and column or the JSON path of the problem. */
tm_pipeline *tm_pipeline_load_file(tm_registry *reg, const char *path,
                                   tm_error *err);

/* The same from JSON text; origin names it in errors (e.g. "<string>") and
 * base_dir resolves relative paths (NULL = "."). */
tm_pipeline *tm_pipeline_load_string(tm_registry *reg, const char *json,
                                     const char *origin, const char *base_dir,
                                     tm_error *err);

void tm_pipeline_free(tm_pipeline *pipeline);

const char *tm_pipeline_name(const tm_pipeline *pipeline);
const char *tm_pipeline_description(const tm_pipeline *pipeline);
size_t tm_pipeline_stage_count(const tm_pipeline *pipeline);
const char *tm_pipeline_stage_name(const tm_pipeline *pipeline, size_t i);
const tm_plugin_info *tm_pipeline_stage_plugin(const tm_pipeline *pipeline,
                                               size_t i);
/* The stage's config with every default filled in (borrowed). */
const json_t *tm_pipeline_stage_config(const tm_pipeline *pipeline, size_t i);

/* Runs every stage on doc, in order, with the pipeline's own instances (not
 * for concurrent use). On failure err names the stage and the document; the
 * document may hold the work of the stages before the failing one. */
tm_status tm_pipeline_process(tm_pipeline *pipeline, tm_doc *doc,
                              tm_error *err);

/* A worker: the state one thread needs to run the pipeline. Thread-safe
 * stages share the pipeline's instance; the others get their own. */
tm_worker *tm_worker_new(tm_pipeline *pipeline, tm_error *err);
tm_status tm_worker_process(tm_worker *worker, tm_doc *doc, tm_error *err);
void tm_worker_free(tm_worker *worker);
/* Seconds the worker spent in stage i so far. */
double tm_worker_stage_seconds(const tm_worker *worker, size_t i);

/* Validates config (a JSON object, or NULL for {}) against an option table
 * and returns a new object with every default filled in (caller decrefs).
 * path_prefix names the object in errors ("stages[1].config"). */
json_t *tm_options_apply(const tm_option *options, const json_t *config,
                         const char *path_prefix, tm_error *err);

#ifdef __cplusplus
}
#endif
#endif
