/* main.c - the textmill command: subcommand dispatch and shared helpers. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
    "usage: textmill COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "Commands:\n"
    "  run PIPELINE [INPUT...]   run a pipeline over documents (stdin if no INPUT)\n"
    "  validate PIPELINE         check a pipeline file without reading documents\n"
    "  plugins                   list the plugins found, where, and any refused\n"
    "  inspect PLUGIN            show a plugin's options, layers and flags\n"
    "  new-plugin NAME [DIR]     start a plugin project (source, build, test)\n"
    "\n"
    "PIPELINE is a pipeline file, or the name of a shipped one (default,\n"
    "clean, sentences, entities, summary).\n"
    "Run 'textmill COMMAND --help' for a command's options.\n"
    "\n"
    "Options:\n"
    "  --version   print the version\n"
    "  --help      print this help\n"
    "\n"
    "Exit codes: 0 success; 1 some documents failed; 2 usage error; 3 the\n"
    "pipeline did not load; 4 input or output error; 5 the run stopped early.\n";

void cli_print_error(const tm_error *err)
{
    char buf[1536];
    fprintf(stderr, "textmill: %s\n", tm_error_format(err, buf, sizeof buf));
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "textmill%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nRun 'textmill %s%s--help' for usage.\n", cmd ? cmd : "",
            cmd ? " " : "");
    return EXIT_USAGE;
}

tm_registry *cli_registry(char **plugin_paths, int count)
{
    tm_error err;
    tm_registry *reg = tm_registry_new(&err);
    if (!reg) {
        cli_print_error(&err);
        return NULL;
    }
    for (int i = 0; i < count; i++) {
        if (tm_registry_add_path(reg, plugin_paths[i], &err) != TM_OK) {
            cli_print_error(&err);
            tm_registry_free(reg);
            return NULL;
        }
    }
    return reg;
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *cli_pipeline_path(const char *arg)
{
    if (file_exists(arg) || strchr(arg, '/') || strchr(arg, '.'))
        return strdup(arg);
    /* A shipped pipeline's name: the source tree's when run from the build
     * tree, else the installed one. */
    char installed[4096], exe[4096];
    snprintf(installed, sizeof installed, "%s/pipelines", tm_install_data_dir());
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    bool in_build_tree = strncmp(exe, TM_BUILD_DIR "/", strlen(TM_BUILD_DIR) + 1) == 0;
    const char *const dirs[] = {in_build_tree ? TM_SOURCE_DIR "/pipelines" : installed};
    char path[8192];
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        snprintf(path, sizeof path, "%s/%s.json", dirs[i], arg);
        if (file_exists(path))
            return strdup(path);
    }
    return strdup(arg);
}

bool cli_parse_uint(const char *s, unsigned long min, unsigned long max,
                    unsigned long *out)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return false;
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

bool cli_parse_size(const char *s, size_t *out)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return false;
    unsigned long long mult = 1;
    if (*end) {
        switch (*end) {
        case 'k': case 'K': mult = 1ull << 10; break;
        case 'm': case 'M': mult = 1ull << 20; break;
        case 'g': case 'G': mult = 1ull << 30; break;
        default: return false;
        }
        if (end[1] && !(end[1] == 'B' && !end[2]) && !(end[1] == 'i' && end[2] == 'B' && !end[3]))
            return false;
    }
    if (v > SIZE_MAX / mult)
        return false;
    *out = (size_t)(v * mult);
    return true;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    char *help_args[] = {NULL, "--help", NULL};
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        if (strcmp(cmd, "help") == 0 && argc > 2) {
            help_args[0] = argv[2];
            argv = help_args;
            argc = 2;
            cmd = argv[0];
        } else {
            fputs(usage, stdout);
            return EXIT_OK;
        }
    } else {
        argv++;
        argc--;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("textmill %s (plugin ABI %d.%d)\n", tm_version(), TM_ABI_MAJOR, TM_ABI_MINOR);
        return EXIT_OK;
    }
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc, argv);
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc, argv);
    if (strcmp(cmd, "plugins") == 0)
        return cmd_plugins(argc, argv);
    if (strcmp(cmd, "inspect") == 0)
        return cmd_inspect(argc, argv);
    if (strcmp(cmd, "new-plugin") == 0)
        return cmd_new_plugin(argc, argv);
    fprintf(stderr, "textmill: unknown command '%s'\n\n%s", cmd, usage);
    return EXIT_USAGE;
}
