/*
 * textmill/registry.h - finding and loading plugins.
 *
 * A registry owns a search path of folders and the plugins loaded from it
 * (through libltdl). The default path is, in order: folders added with
 * tm_registry_add_path (--plugin-path, a pipeline's "plugin_path"), the
 * folders of TEXTMILL_PLUGIN_PATH (':'-separated), the build tree's plugin
 * folder (only for programs run from the build tree) and the installed plugin
 * folder. A plugin called NAME is the file NAME.so (or the platform's module
 * suffix) in the first folder that has it; names are identifiers, never paths.
 *
 * A registry is used from one thread while loading; the descriptors it hands
 * out stay valid, and may be used from any thread, until tm_registry_free.
 */
#ifndef TEXTMILL_REGISTRY_H
#define TEXTMILL_REGISTRY_H

#include <stddef.h>
#include <stdbool.h>
#include <textmill/error.h>
#include <textmill/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tm_registry tm_registry;

/* A loaded plugin (borrowed from the registry). */
typedef struct tm_plugin_info {
    const tm_plugin *plugin;
    const char *file;     /* the shared object, or "(built in)" */
    const char *data_dir; /* its data folder, or NULL */
} tm_plugin_info;

/* A new registry with the default search path. Caller frees. */
tm_registry *tm_registry_new(tm_error *err);
void tm_registry_free(tm_registry *reg);

/* Adds dir in front of the folders added before it by this call, but after
 * nothing else: earlier calls win over later ones, and all of them over the
 * environment and the built-in folders. */
tm_status tm_registry_add_path(tm_registry *reg, const char *dir,
                               tm_error *err);

size_t tm_registry_path_size(const tm_registry *reg);
const char *tm_registry_path_at(const tm_registry *reg, size_t i);

/* Registers a descriptor linked into the program (it wins over files).
 * The descriptor is checked as a loaded one would be. */
tm_status tm_registry_add_builtin(tm_registry *reg, const tm_plugin *plugin,
                                  tm_error *err);

/* Finds and loads the plugin called name (cached: the second call is cheap).
 * On failure err says which folders were searched, or which file was refused
 * and why. */
const tm_plugin_info *tm_registry_find(tm_registry *reg, const char *name,
                                       tm_error *err);

/* Loads a plugin from an explicit file path (a pipeline's "plugin_file",
 * which must be asked for explicitly). */
const tm_plugin_info *tm_registry_load_file(tm_registry *reg, const char *path,
                                            tm_error *err);

/* Visits every candidate module in the search path, in search order, loading
 * each: info is the plugin (NULL when the file was refused, with reason
 * saying why), shadowed is true when an earlier folder already had a plugin
 * of that name. Returns the number of candidates visited. */
typedef void (*tm_registry_visit_fn)(void *ctx, const char *file,
                                     const tm_plugin_info *info,
                                     const char *reason, bool shadowed);
size_t tm_registry_scan(tm_registry *reg, tm_registry_visit_fn visit,
                        void *ctx);

/* The installed plugin folder (lib/textmill/plugins) and data folder
 * (share/textmill), found from where the library was loaded (borrowed). */
const char *tm_install_plugin_dir(void);
const char *tm_install_data_dir(void);

/* Checks a descriptor's fields (ABI, name, option table, callbacks). Returns
 * TM_OK, or TM_ERR_PLUGIN with the reason in err. */
tm_status tm_plugin_check(const tm_plugin *plugin, tm_error *err);

#ifdef __cplusplus
}
#endif
#endif
