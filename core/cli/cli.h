/* cli.h - what the textmill command's files share. */
#ifndef TEXTMILL_CLI_H
#define TEXTMILL_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <textmill/textmill.h>

/* Exit codes (documented in README.md and `textmill --help`). */
enum {
    EXIT_OK = 0,        /* everything went through */
    EXIT_DOCS_FAILED = 1, /* the run finished, but some documents failed */
    EXIT_USAGE = 2,     /* bad command line */
    EXIT_PIPELINE = 3,  /* the pipeline did not load (or a plugin not found) */
    EXIT_IO = 4,        /* input or output could not be opened or written */
    EXIT_STOPPED = 5    /* the run stopped early (--on-error fail, --max-errors,
                           interrupted) */
};

int cmd_run(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_plugins(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_new_plugin(int argc, char **argv);

/* Prints "textmill: <formatted error>" on stderr. */
void cli_print_error(const tm_error *err);
/* Prints "textmill: <message>" on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) TM_PRINTF(2, 3);

/* A registry with the --plugin-path folders added (in order). */
tm_registry *cli_registry(char **plugin_paths, int count);

/* True when another user could change the plugin file or folder at path (it,
 * or a folder above it, is writable by group or others, or owned by someone
 * else); why gets a sentence naming the culprit. In plugins.c. */
bool cli_plugin_unsafe(const char *path, char *why, size_t size);
/* Warns on stderr about each stage of p whose plugin file is unsafe. */
void cli_warn_unsafe_stages(const tm_pipeline *p);

/* The pipeline file for arg: a path, or the name of a shipped pipeline
 * ("default"). Returns a malloc'ed path. */
char *cli_pipeline_path(const char *arg);

/* Parses a size such as 100, 64K, 256M, 1G. */
bool cli_parse_size(const char *s, size_t *out);
/* Parses a whole number in [min, max]. */
bool cli_parse_uint(const char *s, unsigned long min, unsigned long max,
                    unsigned long *out);

#endif
