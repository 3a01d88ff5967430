/* validate.c - `textmill validate`: load a pipeline and say what it is. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char validate_usage[] =
    "usage: textmill validate [OPTIONS] PIPELINE\n"
    "\n"
    "Loads PIPELINE as `run` would (syntax, keys, option types and ranges,\n"
    "plugins, layer order, each stage's setup) without reading documents, and\n"
    "prints the stages with their full configuration, defaults included.\n"
    "\n"
    "Options:\n"
    "  -P, --plugin-path DIR   look for plugins in DIR first (repeatable)\n"
    "  -q, --quiet             print nothing on success\n"
    "  -h, --help              this help\n"
    "\n"
    "Exit codes: 0 valid; 2 usage error; 3 invalid (the reason on stderr,\n"
    "as FILE:LINE:COLUMN or FILE: JSON.PATH, then the message); 4 unreadable.\n";

int cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"plugin-path", required_argument, NULL, 'P'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {0}};
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    int npaths = 0, c;
    bool quiet = false;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "P:qh", longopts, NULL)) != -1) {
        if (c == 'P') {
            paths[npaths++] = optarg;
        } else if (c == 'q') {
            quiet = true;
        } else if (c == 'h') {
            fputs(validate_usage, stdout);
            free(paths);
            return EXIT_OK;
        } else {
            free(paths);
            return cli_usage_error("validate", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc - 1) {
        free(paths);
        return cli_usage_error("validate", optind >= argc ? "missing PIPELINE"
                                                          : "give exactly one PIPELINE");
    }
    char *path = cli_pipeline_path(argv[optind]);
    tm_registry *reg = cli_registry(paths, npaths);
    int code = EXIT_PIPELINE;
    tm_error err;
    tm_pipeline *p = reg ? tm_pipeline_load_file(reg, path, &err) : NULL;
    if (reg && !p) {
        cli_print_error(&err);
        code = err.code == TM_ERR_IO ? EXIT_IO : EXIT_PIPELINE;
    } else if (p) {
        code = EXIT_OK;
        cli_warn_unsafe_stages(p); /* even with -q */
        if (!quiet) {
            size_t n = tm_pipeline_stage_count(p);
            printf("%s: valid pipeline '%s', %zu stage%s\n", path, tm_pipeline_name(p), n,
                   n == 1 ? "" : "s");
            if (*tm_pipeline_description(p))
                printf("  %s\n", tm_pipeline_description(p));
            for (size_t i = 0; i < n; i++) {
                const tm_plugin_info *info = tm_pipeline_stage_plugin(p, i);
                char *cfg = json_dumps(tm_pipeline_stage_config(p, i),
                                       JSON_COMPACT | JSON_SORT_KEYS);
                printf("  %zu. %s: plugin %s %s from %s\n     config %s\n", i + 1,
                       tm_pipeline_stage_name(p, i), info->plugin->name,
                       info->plugin->version, info->file, cfg ? cfg : "?");
                free(cfg);
            }
        }
    }
    tm_pipeline_free(p);
    tm_registry_free(reg);
    free(path);
    free(paths);
    return code;
}
