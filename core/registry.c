/* registry.c - the plugin search path and loading through libltdl. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <ltdl.h>

#include "internal.h"

#ifndef TM_MODULE_SUFFIX
#define TM_MODULE_SUFFIX ".so"
#endif

/* One loaded shared object (or built-in descriptor). */
typedef struct entry {
    tm_plugin_info info;
    char *file;      /* owned; info.file points here */
    char *data_dir;  /* owned or NULL */
    lt_dlhandle handle;
} entry;

struct tm_registry {
    tm__strvec added;  /* tm_registry_add_path, in call order */
    tm__strvec path;   /* the full search path, rebuilt when added changes */
    entry **entries;
    size_t entry_count;
};

/* ---- where the program runs from ---- */

/* True when the running program lives in the build tree this library was
 * built in: then the tree's plugins and data are used without installing. */
static bool running_in_build_tree(void)
{
#ifdef TM_BUILD_DIR
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    size_t len = strlen(TM_BUILD_DIR);
    if (strncmp(exe, TM_BUILD_DIR, len) != 0 || exe[len] != '/')
        return false;
    /* The command at the top of the tree, or a test, benchmark or fuzz
     * program; not an installation whose prefix happens to be inside. */
    const char *rest = exe + len + 1;
    static const char *const dirs[] = {"tests/", "bench/", "fuzz/"};
    if (!strchr(rest, '/'))
        return true;
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
        if (strncmp(rest, dirs[i], strlen(dirs[i])) == 0)
            return true;
    return false;
#else
    return false;
#endif
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static tm_status rebuild_path(tm_registry *reg)
{
    tm__strvec_free(&reg->path);
    for (size_t i = 0; i < reg->added.size; i++)
        if (tm__strvec_push(&reg->path, reg->added.items[i]) < 0)
            return TM_ERR_NOMEM;
    const char *env = getenv("TEXTMILL_PLUGIN_PATH");
    while (env && *env) {
        size_t n = strcspn(env, ":");
        if (n > 0) {
            char *dir = tm__strndup(env, n);
            int rc = dir ? tm__strvec_push(&reg->path, dir) : -1;
            free(dir);
            if (rc < 0)
                return TM_ERR_NOMEM;
        }
        env += n + (env[n] == ':');
    }
#ifdef TM_BUILD_PLUGIN_DIR
    if (running_in_build_tree() && tm__strvec_push(&reg->path, TM_BUILD_PLUGIN_DIR) < 0)
        return TM_ERR_NOMEM;
#endif
    if (!running_in_build_tree() && tm__strvec_push(&reg->path, tm_install_plugin_dir()) < 0)
        return TM_ERR_NOMEM;
    return TM_OK;
}

tm_registry *tm_registry_new(tm_error *err)
{
    tm_registry *reg = calloc(1, sizeof *reg);
    if (!reg) {
        tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (lt_dlinit() != 0) {
        tm_error_set(err, TM_ERR_PLUGIN, "cannot initialize libltdl: %s", lt_dlerror());
        free(reg);
        return NULL;
    }
    if (rebuild_path(reg) != TM_OK) {
        tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        tm_registry_free(reg);
        return NULL;
    }
    return reg;
}

void tm_registry_free(tm_registry *reg)
{
    if (!reg)
        return;
    for (size_t i = 0; i < reg->entry_count; i++) {
        entry *e = reg->entries[i];
        if (e->handle)
            lt_dlclose(e->handle);
        free(e->file);
        free(e->data_dir);
        free(e);
    }
    free(reg->entries);
    tm__strvec_free(&reg->added);
    tm__strvec_free(&reg->path);
    lt_dlexit();
    free(reg);
}

tm_status tm_registry_add_path(tm_registry *reg, const char *dir, tm_error *err)
{
    if (tm__strvec_push(&reg->added, dir) < 0 || rebuild_path(reg) != TM_OK)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    return TM_OK;
}

size_t tm_registry_path_size(const tm_registry *reg) { return reg->path.size; }

const char *tm_registry_path_at(const tm_registry *reg, size_t i)
{
    return i < reg->path.size ? reg->path.items[i] : NULL;
}

/* ---- checking descriptors ---- */

static bool names_ok(const char *const *names, const char **bad)
{
    for (; names && *names; names++) {
        if (!tm__is_identifier(*names)) {
            *bad = *names;
            return false;
        }
    }
    return true;
}

/* The struct size of the first ABI 1 descriptor: anything smaller is not one. */
#define TM_PLUGIN_MIN_SIZE (offsetof(tm_plugin, destroy) + sizeof(tm_destroy_fn))

tm_status tm_plugin_check(const tm_plugin *p, tm_error *err)
{
    if (p->abi_major != TM_ABI_MAJOR)
        return tm_error_set(err, TM_ERR_PLUGIN,
                            "built for plugin ABI %u.%u, but this textmill has ABI "
                            "%d.%d: rebuild the plugin against this version",
                            p->abi_major, p->abi_minor, TM_ABI_MAJOR, TM_ABI_MINOR);
    if (p->abi_minor > TM_ABI_MINOR)
        return tm_error_set(err, TM_ERR_PLUGIN,
                            "built for plugin ABI %u.%u, newer than this textmill's "
                            "%d.%d: upgrade textmill",
                            p->abi_major, p->abi_minor, TM_ABI_MAJOR, TM_ABI_MINOR);
    if (p->struct_size < TM_PLUGIN_MIN_SIZE)
        return tm_error_set(err, TM_ERR_PLUGIN,
                            "descriptor is %u bytes, too small for ABI %d (%zu)",
                            p->struct_size, TM_ABI_MAJOR, TM_PLUGIN_MIN_SIZE);
    if (!tm__is_identifier(p->name))
        return tm_error_set(err, TM_ERR_PLUGIN,
                            "descriptor name '%s' is not an identifier",
                            p->name ? p->name : "(null)");
    if (!p->version || !p->summary)
        return tm_error_set(err, TM_ERR_PLUGIN, "descriptor of '%s' has no %s",
                            p->name, p->version ? "summary" : "version");
    if (!p->create || !p->process)
        return tm_error_set(err, TM_ERR_PLUGIN, "descriptor of '%s' has no %s callback",
                            p->name, p->create ? "process" : "create");
    const char *bad = NULL;
    if (!names_ok(p->requires_layers, &bad) || !names_ok(p->provides, &bad))
        return tm_error_set(err, TM_ERR_PLUGIN,
                            "descriptor of '%s' names a layer '%s' that is not an identifier",
                            p->name, bad);
    for (const tm_option *o = p->options; o && o->name; o++) {
        if (!tm__is_identifier(o->name))
            return tm_error_set(err, TM_ERR_PLUGIN,
                                "option name '%s' is not an identifier", o->name);
        if (o->type < TM_OPT_BOOL || o->type > TM_OPT_OBJECT)
            return tm_error_set(err, TM_ERR_PLUGIN, "option '%s' has an unknown type %d",
                                o->name, (int)o->type);
        for (const tm_option *q = p->options; q != o; q++)
            if (strcmp(q->name, o->name) == 0)
                return tm_error_set(err, TM_ERR_PLUGIN, "option '%s' is listed twice",
                                    o->name);
        if (tm__option_check_default(o, err) != TM_OK)
            return TM_ERR_PLUGIN;
    }
    return TM_OK;
}

/* ---- loading ---- */

static entry *find_entry(tm_registry *reg, const char *name, const char *file)
{
    for (size_t i = 0; i < reg->entry_count; i++) {
        entry *e = reg->entries[i];
        if (name && strcmp(e->info.plugin->name, name) == 0)
            return e;
        if (file && strcmp(e->file, file) == 0)
            return e;
    }
    return NULL;
}

static char *path_join(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s%s", a, b, c);
    return p;
}

/* The plugin's data folder: NAME-data beside the module, the source tree's
 * plugins/NAME/data when run from the build tree, or the installed one. */
static char *find_data_dir(const char *module_dir, const char *name)
{
    char *dir = path_join(module_dir, name, "-data");
    if (dir && is_dir(dir))
        return dir;
    free(dir);
#if defined(TM_SOURCE_DIR) && defined(TM_BUILD_PLUGIN_DIR)
    /* A module of the build tree reads its data from the source tree, from
     * whatever program loads it. */
    if (strcmp(module_dir, TM_BUILD_PLUGIN_DIR) == 0) {
        char sub[PATH_MAX];
        snprintf(sub, sizeof sub, "%s/data", name);
        dir = path_join(TM_SOURCE_DIR "/plugins", sub, "");
        if (dir && is_dir(dir))
            return dir;
        free(dir);
    }
#endif
    char installed[PATH_MAX];
    snprintf(installed, sizeof installed, "%s/plugins", tm_install_data_dir());
    dir = path_join(installed, name, "");
    if (dir && is_dir(dir))
        return dir;
    free(dir);
    return NULL;
}

static entry *add_entry(tm_registry *reg, const tm_plugin *plugin,
                        const char *file, char *data_dir, lt_dlhandle handle)
{
    entry **v = realloc(reg->entries, (reg->entry_count + 1) * sizeof *v);
    entry *e = calloc(1, sizeof *e);
    if (v)
        reg->entries = v;
    if (!v || !e || !(e->file = tm__strdup(file))) {
        free(e);
        free(data_dir);
        return NULL;
    }
    e->data_dir = data_dir;
    e->handle = handle;
    e->info = (tm_plugin_info){plugin, e->file, data_dir};
    reg->entries[reg->entry_count++] = e;
    return e;
}

/* Opens file (a module path without its suffix when stem is true) and checks
 * its descriptor; expect_name, when set, must be the descriptor's name. */
static entry *open_module(tm_registry *reg, const char *file,
                          const char *expect_name, tm_error *err)
{
    entry *e = find_entry(reg, NULL, file);
    if (e)
        return e;
    lt_dladvise advise;
    lt_dlhandle h = NULL;
    if (lt_dladvise_init(&advise) == 0) {
        lt_dladvise_local(&advise); /* each plugin's symbols stay its own */
        h = lt_dlopenadvise(file, advise);
        lt_dladvise_destroy(&advise);
    }
    if (!h) {
        tm_error_set_file(err, file, 0, 0);
        const char *why = lt_dlerror();
        tm_error_set(err, TM_ERR_PLUGIN, "cannot load the shared object: %s",
                     why ? why : "unknown error");
        return NULL;
    }
    const tm_plugin *p = lt_dlsym(h, TM_PLUGIN_SYMBOL);
    if (!p) {
        lt_dlclose(h);
        tm_error_set_file(err, file, 0, 0);
        tm_error_set(err, TM_ERR_PLUGIN,
                     "not a textmill plugin: it does not export '%s'", TM_PLUGIN_SYMBOL);
        return NULL;
    }
    if (tm_plugin_check(p, err) != TM_OK) {
        lt_dlclose(h);
        tm_error_set_file(err, file, 0, 0);
        return NULL;
    }
    if (expect_name && strcmp(p->name, expect_name) != 0) {
        tm_error_set_file(err, file, 0, 0);
        tm_error_set(err, TM_ERR_PLUGIN,
                     "the file is named '%s' but its plugin calls itself '%s'",
                     expect_name, p->name);
        lt_dlclose(h);
        return NULL;
    }
    if (find_entry(reg, p->name, NULL)) {
        tm_error_set_file(err, file, 0, 0);
        tm_error_set(err, TM_ERR_PLUGIN,
                     "a plugin called '%s' is already loaded from another file", p->name);
        lt_dlclose(h);
        return NULL;
    }
    char *dir = tm__strdup(file);
    char *slash = dir ? strrchr(dir, '/') : NULL;
    if (slash)
        *slash = '\0';
    char *data = dir ? find_data_dir(slash ? dir : ".", p->name) : NULL;
    free(dir);
    e = add_entry(reg, p, file, data, h);
    if (!e) {
        lt_dlclose(h);
        tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return e;
}

const tm_plugin_info *tm_registry_find(tm_registry *reg, const char *name,
                                       tm_error *err)
{
    if (!tm__is_identifier(name)) {
        tm_error_set(err, TM_ERR_PLUGIN,
                     "plugin name '%s' is not an identifier (letters, digits and '_'; "
                     "to load a file by path use \"plugin_file\")", name);
        return NULL;
    }
    entry *e = find_entry(reg, name, NULL);
    if (e)
        return &e->info;
    for (size_t i = 0; i < reg->path.size; i++) {
        char *file = path_join(reg->path.items[i], name, TM_MODULE_SUFFIX);
        if (!file) {
            tm_error_set(err, TM_ERR_NOMEM, "out of memory");
            return NULL;
        }
        if (!is_file(file)) {
            free(file);
            continue;
        }
        e = open_module(reg, file, name, err);
        free(file);
        return e ? &e->info : NULL; /* the first file found decides */
    }
    char dirs[TM_ERROR_MESSAGE_LENGTH / 2] = "";
    size_t used = 0;
    for (size_t i = 0; i < reg->path.size && used < sizeof dirs; i++) {
        int w = snprintf(dirs + used, sizeof dirs - used, "%s%s", i ? ", " : "",
                         reg->path.items[i]);
        if (w > 0)
            used += (size_t)w;
    }
    tm_error_set(err, TM_ERR_PLUGIN,
                 "plugin '%s' not found; searched %s (add folders with "
                 "--plugin-path or TEXTMILL_PLUGIN_PATH)",
                 name, reg->path.size ? dirs : "no folder");
    return NULL;
}

const tm_plugin_info *tm_registry_load_file(tm_registry *reg, const char *path,
                                            tm_error *err)
{
    if (!is_file(path)) {
        tm_error_set_file(err, path, 0, 0);
        tm_error_set(err, TM_ERR_PLUGIN, "plugin file not found");
        return NULL;
    }
    /* dlopen() looks a name without a slash up in the system's library path
     * (LD_LIBRARY_PATH, /usr/lib...), not in the current folder: make it
     * the path of the file that was checked. */
    char *here = strchr(path, '/') ? NULL : path_join(".", path, "");
    entry *e = open_module(reg, here ? here : path, NULL, err);
    free(here);
    return e ? &e->info : NULL;
}

tm_status tm_registry_add_builtin(tm_registry *reg, const tm_plugin *plugin,
                                  tm_error *err)
{
    if (tm_plugin_check(plugin, err) != TM_OK)
        return TM_ERR_PLUGIN;
    if (find_entry(reg, plugin->name, NULL))
        return tm_error_set(err, TM_ERR_PLUGIN, "a plugin called '%s' is already loaded",
                            plugin->name);
    if (!add_entry(reg, plugin, "(built in)", NULL, NULL))
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    return TM_OK;
}

/* ---- scanning ---- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t tm_registry_scan(tm_registry *reg, tm_registry_visit_fn visit, void *ctx)
{
    size_t visited = 0;
    tm__strvec seen = {0};
    const size_t suffix_len = strlen(TM_MODULE_SUFFIX);
    for (size_t i = 0; i < reg->path.size; i++) {
        DIR *d = opendir(reg->path.items[i]);
        if (!d)
            continue;
        tm__strvec names = {0};
        struct dirent *de;
        while ((de = readdir(d))) {
            size_t n = strlen(de->d_name);
            if (n > suffix_len &&
                strcmp(de->d_name + n - suffix_len, TM_MODULE_SUFFIX) == 0)
                tm__strvec_push(&names, de->d_name);
        }
        closedir(d);
        if (names.size)
            qsort(names.items, names.size, sizeof *names.items, cmp_str);
        for (size_t k = 0; k < names.size; k++) {
            char *file = path_join(reg->path.items[i], names.items[k], "");
            if (!file)
                break;
            names.items[k][strlen(names.items[k]) - suffix_len] = '\0';
            const char *name = names.items[k];
            bool shadowed = false;
            for (size_t s = 0; s < seen.size && !shadowed; s++)
                shadowed = strcmp(seen.items[s], name) == 0;
            tm_error err;
            tm_error_clear(&err);
            const tm_plugin_info *info = NULL;
            if (!tm__is_identifier(name)) {
                tm_error_set(&err, TM_ERR_PLUGIN,
                             "the file name is not an identifier, so no pipeline can name it");
            } else if (shadowed) {
                tm_error_set(&err, TM_ERR_PLUGIN,
                             "shadowed by a plugin of the same name earlier in the path");
            } else {
                entry *e = open_module(reg, file, name, &err);
                info = e ? &e->info : NULL;
                tm__strvec_push(&seen, name);
            }
            visit(ctx, file, info, info ? NULL : err.message, shadowed);
            visited++;
            free(file);
        }
        tm__strvec_free(&names);
    }
    tm__strvec_free(&seen);
    return visited;
}
