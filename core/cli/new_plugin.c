/* new_plugin.c - `textmill new-plugin`: write a plugin project to start from.
 *
 * The project builds against the installed SDK (find_package(textmill)) and
 * passes its test as generated, so that a new author starts from something
 * that works and changes it step by step. The templates below are the whole
 * project; "@NAME@" stands for the plugin's name and "@VERSION@" for the
 * library's major.minor version.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define STR_(x) #x
#define STR(x) STR_(x)

static const char new_plugin_usage[] =
    "usage: textmill new-plugin [OPTIONS] NAME [DIR]\n"
    "\n"
    "Writes a plugin project called NAME into DIR (default: ./NAME), which\n"
    "must not exist yet: the plugin's source with its descriptor and one\n"
    "option, a CMakeLists.txt using the installed SDK, a Criterion test, an\n"
    "example pipeline and a README. It builds and passes its test as written:\n"
    "\n"
    "  cmake -S DIR -B DIR/build && cmake --build DIR/build\n"
    "  ctest --test-dir DIR/build\n"
    "\n"
    "NAME is the plugin's name in pipelines: lower-case letters, digits and\n"
    "'_', starting with a letter or '_'.\n"
    "\n"
    "Options:\n"
    "  -h, --help   this help\n";

/* ---- the templates ------------------------------------------------------- */

static const char tmpl_source[] =
    "/*\n"
    " * @NAME@.c - the @NAME@ stage: marks the words written in capitals\n"
    " * (\"NASA\", \"UNESCO\") in the \"@NAME@\" layer.\n"
    " *\n"
    " * A starting point: change what process does and keep the shape. The\n"
    " * instance is read-only after create and process keeps its scratch memory\n"
    " * to itself, so the runner may share one instance between threads\n"
    " * (TM_PLUGIN_THREAD_SAFE).\n"
    " */\n"
    "#include <stdlib.h>\n"
    "#include <textmill/textmill.h>\n"
    "\n"
    "/* What create keeps from the config; owned by the host from create to\n"
    " * destroy. */\n"
    "typedef struct settings {\n"
    "    size_t min_length; /* shortest word marked, in characters */\n"
    "} settings;\n"
    "\n"
    "/* The host checks types, ranges and choices and fills in defaults before\n"
    " * create sees the config. */\n"
    "static const tm_option options[] = {\n"
    "    {.name = \"min_length\", .type = TM_OPT_INT, .default_json = \"2\",\n"
    "     .has_range = 1, .min = 2, .max = 100,\n"
    "     .help = \"Shortest word marked, in characters.\"},\n"
    "    {0}};\n"
    "\n"
    "static tm_status create(const json_t *config, const tm_plugin_env *env,\n"
    "                       void **instance, tm_error *err)\n"
    "{\n"
    "    (void)env; /* env->data_dir: the plugin's data folder, if it has one */\n"
    "    settings *s = malloc(sizeof *s);\n"
    "    if (!s)\n"
    "        return tm_error_set(err, TM_ERR_NOMEM, \"out of memory\");\n"
    "    s->min_length = (size_t)tm_config_int(config, \"min_length\");\n"
    "    *instance = s;\n"
    "    return TM_OK;\n"
    "}\n"
    "\n"
    "static tm_status process(void *instance, tm_doc *doc, tm_error *err)\n"
    "{\n"
    "    const settings *s = instance;\n"
    "    size_t len;\n"
    "    const char *text = tm_doc_text(doc, &len);\n"
    "    tm_layer *layer = tm_doc_add_layer(doc, \"@NAME@\");\n"
    "    if (!layer)\n"
    "        return tm_error_set(err, TM_ERR_NOMEM, \"out of memory\");\n"
    "\n"
    "    tm_tokens toks = {0}; /* per call, so threads do not share it */\n"
    "    tm_status rc = tm_tokenize(text, 0, len, &toks);\n"
    "    if (rc != TM_OK)\n"
    "        tm_error_set(err, rc, \"out of memory\");\n"
    "    for (size_t i = 0; rc == TM_OK && i < toks.size; i++) {\n"
    "        const tm_token *t = &toks.items[i];\n"
    "        if (!(t->flags & TM_TOK_ALL_CAPS) ||\n"
    "            tm_utf8_length(text + t->start, t->end - t->start) < s->min_length)\n"
    "            continue;\n"
    "        /* Offsets are bytes into the text; the label is copied. */\n"
    "        if (!tm_layer_add(layer, t->start, t->end, \"CAPS\", err))\n"
    "            rc = err->code;\n"
    "    }\n"
    "    tm_tokens_free(&toks);\n"
    "    return rc;\n"
    "}\n"
    "\n"
    "static const char *const provides[] = {\"@NAME@\", NULL};\n"
    "\n"
    "TM_PLUGIN_DEFINE(.name = \"@NAME@\", .version = \"0.1.0\",\n"
    "                 .summary = \"Marks the words written in capitals.\",\n"
    "                 .options = options, .provides = provides,\n"
    "                 .flags = TM_PLUGIN_THREAD_SAFE, .create = create,\n"
    "                 .process = process, .destroy = free);\n";

static const char tmpl_test[] =
    "/* test_@NAME@.c - the @NAME@ plugin, loaded as a pipeline would load it. */\n"
    "#include <string.h>\n"
    "#include <textmill/testing.h>\n"
    "\n"
    "static const char sample[] = \"The NASA probe met an ESA team in Oslo, OK?\";\n"
    "\n"
    "Test(@NAME@, marks_words_in_capitals)\n"
    "{\n"
    "    tm_doc *doc = tm_test_run(\"@NAME@\", NULL, sample);\n"
    "    tm_assert_layer(doc, \"@NAME@\", \"CAPS:NASA | CAPS:ESA | CAPS:OK\");\n"
    "    tm_assert_span(doc, \"@NAME@\", 0, 4, 8, \"CAPS\");\n"
    "    tm_doc_free(doc);\n"
    "}\n"
    "\n"
    "Test(@NAME@, min_length_skips_shorter_words)\n"
    "{\n"
    "    tm_doc *doc = tm_test_run(\"@NAME@\", \"{\\\"min_length\\\": 4}\", sample);\n"
    "    tm_assert_layer(doc, \"@NAME@\", \"CAPS:NASA\");\n"
    "    tm_doc_free(doc);\n"
    "}\n"
    "\n"
    "Test(@NAME@, leaves_an_empty_layer_when_nothing_matches)\n"
    "{\n"
    "    tm_doc *doc = tm_test_run(\"@NAME@\", NULL, \"nothing shouts here\");\n"
    "    tm_assert_layer_size(doc, \"@NAME@\", 0);\n"
    "    tm_doc_free(doc);\n"
    "}\n"
    "\n"
    "Test(@NAME@, refuses_a_bad_option_value)\n"
    "{\n"
    "    tm_error err;\n"
    "    cr_assert_eq(tm_test_stage_error(\"@NAME@\", \"{\\\"min_length\\\": 0}\", &err),\n"
    "                 TM_ERR_CONFIG);\n"
    "    cr_assert(strstr(err.message, \"out of range\"), \"%s\", err.message);\n"
    "}\n";

static const char tmpl_cmake[] =
    "cmake_minimum_required(VERSION 3.25)\n"
    "project(@NAME@ VERSION 0.1.0 LANGUAGES C)\n"
    "\n"
    "# The installed textmill SDK; if it is not in a standard prefix, configure\n"
    "# with -DCMAKE_PREFIX_PATH=/where/textmill/is/installed.\n"
    "find_package(textmill @VERSION@ REQUIRED)\n"
    "\n"
    "set(CMAKE_C_STANDARD 11)\n"
    "set(CMAKE_C_STANDARD_REQUIRED ON)\n"
    "add_compile_options(-Wall -Wextra)\n"
    "\n"
    "# Builds plugins/@NAME@.so in the build tree; `cmake --install` puts it in\n"
    "# the installed plugin folder, where textmill finds it.\n"
    "textmill_add_plugin(@NAME@ SOURCES @NAME@.c)\n"
    "\n"
    "include(CTest)\n"
    "if(BUILD_TESTING)\n"
    "  textmill_add_test(test_@NAME@ SOURCES tests/test_@NAME@.c PLUGINS @NAME@)\n"
    "endif()\n";

static const char tmpl_pipeline[] =
    "{\n"
    "  \"name\": \"@NAME@\",\n"
    "  \"description\": \"The @NAME@ plugin as built in ./build.\",\n"
    "  \"plugin_path\": [\"build/plugins\"],\n"
    "  \"stages\": [\n"
    "    {\"plugin\": \"@NAME@\", \"config\": {\"min_length\": 2}}\n"
    "  ]\n"
    "}\n";

static const char tmpl_readme[] =
    "# @NAME@\n"
    "\n"
    "A textmill plugin. It marks the words written in capitals (\"NASA\",\n"
    "\"UNESCO\") in the `@NAME@` layer, each span labelled `CAPS`.\n"
    "\n"
    "## Options\n"
    "\n"
    "| option | type | default | meaning |\n"
    "|---|---|---|---|\n"
    "| `min_length` | int, 2 to 100 | 2 | shortest word marked, in characters |\n"
    "\n"
    "## Build and test\n"
    "\n"
    "    cmake -S . -B build          # add -DCMAKE_PREFIX_PATH=PREFIX if textmill is elsewhere\n"
    "    cmake --build build\n"
    "    ctest --test-dir build --output-on-failure\n"
    "\n"
    "## Use\n"
    "\n"
    "From this folder, with the plugin as built:\n"
    "\n"
    "    echo 'The NASA probe met an ESA team.' | textmill run pipeline.json\n"
    "\n"
    "`pipeline.json` finds the plugin through its `plugin_path`; elsewhere use\n"
    "`textmill run -P build/plugins ...`, or install it into the plugin folder\n"
    "that `textmill plugins` lists:\n"
    "\n"
    "    cmake --install build\n"
    "\n"
    "## Files\n"
    "\n"
    "- `@NAME@.c`: the plugin: its option table, `create`, `process` and the\n"
    "  descriptor (`TM_PLUGIN_DEFINE`).\n"
    "- `tests/test_@NAME@.c`: Criterion tests using `textmill/testing.h`.\n"
    "- `pipeline.json`: a pipeline with this one stage.\n"
    "\n"
    "See textmill's docs/writing-plugins.md for the interface, the rules\n"
    "(byte offsets, errors through `tm_error`, ownership, threads) and more\n"
    "examples.\n";

static const char tmpl_gitignore[] = "build/\n";

typedef struct template_file {
    const char *path; /* relative to the project folder; @NAME@ expanded */
    const char *text;
} template_file;

static const template_file files[] = {
    {"CMakeLists.txt", tmpl_cmake},
    {"@NAME@.c", tmpl_source},
    {"tests/test_@NAME@.c", tmpl_test},
    {"pipeline.json", tmpl_pipeline},
    {"README.md", tmpl_readme},
    {".gitignore", tmpl_gitignore},
};

/* ---- writing them -------------------------------------------------------- */

/* tmpl with @NAME@ and @VERSION@ replaced. Caller frees; NULL when out of
 * memory. */
static char *expand(const char *tmpl, const char *name)
{
    static const char version[] = STR(TM_VERSION_MAJOR) "." STR(TM_VERSION_MINOR);
    size_t size = strlen(tmpl) + 1, nlen = strlen(name);
    for (const char *p = strchr(tmpl, '@'); p; p = strchr(p + 1, '@'))
        size += nlen + sizeof version; /* generous: at most one per '@' */
    char *out = malloc(size), *o = out;
    if (!out)
        return NULL;
    for (const char *p = tmpl; *p;) {
        if (strncmp(p, "@NAME@", 6) == 0) {
            memcpy(o, name, nlen);
            o += nlen;
            p += 6;
        } else if (strncmp(p, "@VERSION@", 9) == 0) {
            memcpy(o, version, sizeof version - 1);
            o += sizeof version - 1;
            p += 9;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

/* Names that would break the generated project: C keywords (the name is a
 * Criterion suite name) and targets CMake reserves. */
static const char *const reserved[] = {
    "auto", "break", "case", "char", "const", "continue", "default", "do",
    "double", "else", "enum", "extern", "float", "for", "goto", "if",
    "inline", "int", "long", "register", "restrict", "return", "short",
    "signed", "sizeof", "static", "struct", "switch", "typedef", "union",
    "unsigned", "void", "volatile", "while", "all", "clean", "help",
    "install", "package", "test", NULL};

/* NULL when name is a usable plugin name, else why not. */
static const char *check_name(const char *name)
{
    if (!*name)
        return "is empty";
    if (strlen(name) > 64)
        return "is longer than 64 characters";
    if (!((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
        return "must start with a lower-case letter or '_'";
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return "may hold only lower-case letters, digits and '_'";
    for (const char *const *r = reserved; *r; r++)
        if (strcmp(name, *r) == 0)
            return "is a reserved word in C or CMake";
    return NULL;
}

/* Writes one file, which must not exist. Returns 0, or -1 with errno set. */
static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wx");
    if (!f)
        return -1;
    size_t n = strlen(text);
    int ok = fwrite(text, 1, n, f) == n;
    int saved = errno;
    if (fclose(f) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    errno = saved;
    return ok ? 0 : -1;
}

/* Removes what a failed run created (files, then the folders). */
static void undo(const char *dir, const char *name, size_t nfiles)
{
    char path[4096];
    for (size_t i = 0; i < nfiles; i++) {
        char *rel = expand(files[i].path, name);
        if (rel) {
            snprintf(path, sizeof path, "%s/%s", dir, rel);
            unlink(path);
            free(rel);
        }
    }
    snprintf(path, sizeof path, "%s/tests", dir);
    rmdir(path);
    rmdir(dir);
}

static int scaffold(const char *name, const char *dir)
{
    char path[4096];
    if (strlen(dir) > sizeof path - 100) {
        fprintf(stderr, "textmill new-plugin: %s: path too long\n", dir);
        return EXIT_USAGE;
    }
    if (mkdir(dir, 0777) != 0) {
        if (errno == EEXIST)
            fprintf(stderr, "textmill new-plugin: %s already exists: choose another "
                            "folder (nothing was written)\n", dir);
        else
            fprintf(stderr, "textmill new-plugin: cannot create %s: %s\n", dir,
                    strerror(errno));
        return EXIT_IO;
    }
    snprintf(path, sizeof path, "%s/tests", dir);
    if (mkdir(path, 0777) != 0) {
        fprintf(stderr, "textmill new-plugin: cannot create %s: %s\n", path,
                strerror(errno));
        rmdir(dir);
        return EXIT_IO;
    }
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char *rel = expand(files[i].path, name);
        char *text = expand(files[i].text, name);
        int rc = -1;
        errno = ENOMEM;
        if (rel && text) {
            snprintf(path, sizeof path, "%s/%s", dir, rel);
            rc = write_file(path, text);
        }
        free(rel);
        free(text);
        if (rc != 0) {
            fprintf(stderr, "textmill new-plugin: cannot write %s: %s\n", path,
                    strerror(errno));
            undo(dir, name, i + 1);
            return EXIT_IO;
        }
    }
    printf("Created the plugin '%s' in %s. Next:\n"
           "  cmake -S %s -B %s/build && cmake --build %s/build\n"
           "  ctest --test-dir %s/build --output-on-failure\n"
           "  textmill run -P %s/build/plugins %s/pipeline.json FILE...\n",
           name, dir, dir, dir, dir, dir, dir, dir);
    return EXIT_OK;
}

int cmd_new_plugin(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {0}};
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(new_plugin_usage, stdout);
            return EXIT_OK;
        }
        return cli_usage_error("new-plugin", "unknown option '%s'", argv[optind - 1]);
    }
    if (optind >= argc)
        return cli_usage_error("new-plugin", "missing NAME");
    if (argc - optind > 2)
        return cli_usage_error("new-plugin", "unexpected argument '%s'", argv[optind + 2]);
    const char *name = argv[optind];
    const char *why = check_name(name);
    if (why)
        return cli_usage_error("new-plugin", "the plugin name '%s' %s", name, why);
    const char *dir = optind + 1 < argc ? argv[optind + 1] : name;
    return scaffold(name, dir);
}
