/* plugins.c - `textmill plugins` and `textmill inspect`. */
#define _XOPEN_SOURCE 700 /* realpath, S_ISVTX */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char plugins_usage[] =
    "usage: textmill plugins [OPTIONS]\n"
    "\n"
    "Lists the plugin search path and every plugin found in it, in search\n"
    "order, with its version and file; a candidate that was refused is listed\n"
    "with the reason. A folder or plugin file that another user can change\n"
    "(writable by group or others, or owned by someone else) is marked UNSAFE:\n"
    "whoever can write there can run code as you.\n"
    "\n"
    "Options:\n"
    "  -P, --plugin-path DIR   look for plugins in DIR first (repeatable)\n"
    "  -h, --help              this help\n";

static const char inspect_usage[] =
    "usage: textmill inspect [OPTIONS] PLUGIN\n"
    "\n"
    "Shows what PLUGIN does: its summary, the layers it requires and provides,\n"
    "its flags, and every option with its type, default, allowed values and\n"
    "help.\n"
    "\n"
    "Options:\n"
    "  -P, --plugin-path DIR   look for plugins in DIR first (repeatable)\n"
    "  -h, --help              this help\n";

/* Parses the options both commands share; returns -1 to go on, else an exit code. */
static int parse_common(int argc, char **argv, const char *cmd, const char *help,
                        char **paths, int *npaths)
{
    static const struct option longopts[] = {
        {"plugin-path", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {0}};
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "P:h", longopts, NULL)) != -1) {
        if (c == 'P') {
            paths[(*npaths)++] = optarg;
        } else if (c == 'h') {
            fputs(help, stdout);
            return EXIT_OK;
        } else {
            return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    return -1;
}

/* Checks one path (stat follows symlinks). is_leaf: the plugin file, or the
 * folder plugins are looked up in, where nobody else may add or replace
 * anything; a folder above it only needs the sticky bit to be safe (as /tmp:
 * others may write there but not rename what is ours). */
static bool path_unsafe(const char *path, bool is_leaf, char *why, size_t size)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false; /* gone: loading it fails anyway */
    if (st.st_uid != 0 && st.st_uid != geteuid()) {
        snprintf(why, size, "%s is owned by another user (uid %lu)", path,
                 (unsigned long)st.st_uid);
        return true;
    }
    if (!(st.st_mode & (S_IWGRP | S_IWOTH)))
        return false;
    if (!is_leaf && S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX))
        return false;
    snprintf(why, size, "%s is writable by %s", path,
             st.st_mode & S_IWOTH ? "all users" : "its group");
    return true;
}

bool cli_plugin_unsafe(const char *path, char *why, size_t size)
{
    /* A symlink someone else made could be pointed elsewhere at any time. */
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && st.st_uid != 0 &&
        st.st_uid != geteuid()) {
        snprintf(why, size, "%s is a symbolic link owned by another user", path);
        return true;
    }
    char real[PATH_MAX];
    if (!realpath(path, real) || stat(real, &st) != 0)
        return false; /* gone: loading it fails anyway */
    bool is_dir = S_ISDIR(st.st_mode);
    /* The path itself, then each folder up to the root; a plugin file's own
     * folder is as sensitive as the file (a plugin can be put in it). */
    for (int level = 0;; level++) {
        bool leaf = level == 0 || (level == 1 && !is_dir);
        if (path_unsafe(real, leaf, why, size))
            return true;
        char *slash = strrchr(real, '/');
        if (!slash || strcmp(real, "/") == 0)
            return false;
        slash[slash == real] = '\0';
    }
}

void cli_warn_unsafe_stages(const tm_pipeline *p)
{
    for (size_t i = 0; i < tm_pipeline_stage_count(p); i++) {
        char why[PATH_MAX + 64];
        const char *file = tm_pipeline_stage_plugin(p, i)->file;
        if (cli_plugin_unsafe(file, why, sizeof why))
            fprintf(stderr, "textmill: warning: stage '%s' loads %s, which is unsafe: %s\n",
                    tm_pipeline_stage_name(p, i), file, why);
    }
}

static void print_plugin(const char *file, const tm_plugin_info *info,
                         const char *reason, bool shadowed)
{
    if (info)
        printf("  %-20s %-8s %s\n  %-20s %s\n", info->plugin->name, info->plugin->version,
               info->plugin->summary, "", file);
    else
        printf("  %-20s %s\n  %-20s %s: %s\n", "(refused)", file, "",
               shadowed ? "shadowed" : "refused", reason);
    char why[PATH_MAX + 64];
    if (cli_plugin_unsafe(file, why, sizeof why))
        printf("  %-20s UNSAFE: %s\n", "", why);
}

static void visit(void *ctx, const char *file, const tm_plugin_info *info,
                  const char *reason, bool shadowed)
{
    (void)ctx;
    print_plugin(file, info, reason, shadowed);
}

int cmd_plugins(int argc, char **argv)
{
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    int npaths = 0;
    int code = parse_common(argc, argv, "plugins", plugins_usage, paths, &npaths);
    if (code >= 0) {
        free(paths);
        return code;
    }
    if (optind < argc) {
        free(paths);
        return cli_usage_error("plugins", "unexpected argument '%s'", argv[optind]);
    }
    tm_registry *reg = cli_registry(paths, npaths);
    free(paths);
    if (!reg)
        return EXIT_PIPELINE;
    printf("Search path (first match wins):\n");
    for (size_t i = 0; i < tm_registry_path_size(reg); i++) {
        const char *dir = tm_registry_path_at(reg, i);
        char why[PATH_MAX + 64];
        if (cli_plugin_unsafe(dir, why, sizeof why))
            printf("  %s  (UNSAFE: %s)\n", dir, why);
        else
            printf("  %s\n", dir);
    }
    printf("Plugins:\n");
    if (tm_registry_scan(reg, visit, NULL) == 0)
        printf("  (none found)\n");
    tm_registry_free(reg);
    return EXIT_OK;
}

static const char *type_label(tm_option_type t)
{
    switch (t) {
    case TM_OPT_BOOL: return "bool";
    case TM_OPT_INT: return "int";
    case TM_OPT_NUMBER: return "number";
    case TM_OPT_STRING: return "string";
    case TM_OPT_STRING_LIST: return "string list";
    case TM_OPT_OBJECT: return "object";
    }
    return "?";
}

static void print_names(const char *title, const char *const *names)
{
    printf("%-10s", title);
    if (!names || !*names)
        printf(" (none)");
    for (; names && *names; names++)
        printf(" %s", *names);
    printf("\n");
}

int cmd_inspect(int argc, char **argv)
{
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    int npaths = 0;
    int code = parse_common(argc, argv, "inspect", inspect_usage, paths, &npaths);
    if (code >= 0) {
        free(paths);
        return code;
    }
    if (optind != argc - 1) {
        free(paths);
        return cli_usage_error("inspect", optind >= argc ? "missing PLUGIN"
                                                         : "give exactly one PLUGIN");
    }
    tm_registry *reg = cli_registry(paths, npaths);
    free(paths);
    if (!reg)
        return EXIT_PIPELINE;
    tm_error err;
    const tm_plugin_info *info = tm_registry_find(reg, argv[optind], &err);
    if (!info) {
        cli_print_error(&err);
        tm_registry_free(reg);
        return EXIT_PIPELINE;
    }
    const tm_plugin *p = info->plugin;
    printf("%s %s - %s\n\n", p->name, p->version, p->summary);
    printf("%-10s %s\n", "file", info->file);
    printf("%-10s %s\n", "data", info->data_dir ? info->data_dir : "(none)");
    printf("%-10s ABI %u.%u\n", "built for", p->abi_major, p->abi_minor);
    print_names("requires", p->requires_layers);
    print_names("provides", p->provides);
    printf("%-10s %s%s%s\n", "flags", p->flags & TM_PLUGIN_REWRITES_TEXT ? "rewrites-text " : "",
           p->flags & TM_PLUGIN_THREAD_SAFE ? "thread-safe" : "",
           p->flags ? "" : "(none)");
    printf("\nOptions:\n");
    if (!p->options || !p->options->name)
        printf("  (none)\n");
    for (const tm_option *o = p->options; o && o->name; o++) {
        printf("  %s (%s", o->name, type_label(o->type));
        if (o->default_json)
            printf(", default %s", o->default_json);
        else
            printf(", required");
        if (o->has_range)
            printf(", from %g to %g", o->min, o->max);
        printf(")\n");
        if (o->choices) {
            printf("      one of:");
            for (const char *const *ch = o->choices; *ch; ch++)
                printf(" %s", *ch);
            printf("\n");
        }
        if (o->help)
            printf("      %s\n", o->help);
    }
    tm_registry_free(reg);
    return EXIT_OK;
}
