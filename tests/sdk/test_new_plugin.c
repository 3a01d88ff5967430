/*
 * test_new_plugin.c - `textmill new-plugin NAME [DIR]`: writes a complete
 * project, refuses bad names and existing folders, and what it writes
 * compiles warning-free and works: its plugin is built and loaded here, and
 * its own Criterion test is built and run. (scripts/sdk-check.sh builds the
 * same project with CMake against an installed SDK.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <textmill/testing.h>

#ifdef TM_TEST_SANITIZE
#define EXTRA_FLAGS " -fsanitize=address,undefined"
#else
#define EXTRA_FLAGS ""
#endif

static char tmp[256];

static void make_tmp(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/textmill-new-plugin-XXXXXX");
    cr_assert_not_null(mkdtemp(tmp));
}

static void remove_tmp(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_expect_eq(system(cmd), 0);
}

/* Runs a shell command in tmp; returns its exit status, stderr in err_out. */
static int run(const char *cmd, char *err_out, size_t size)
{
    char full[4096];
    snprintf(full, sizeof full, "cd '%s' && { %s; } 2>'%s/stderr.txt' >/dev/null", tmp, cmd, tmp);
    int st = system(full);
    if (err_out) {
        char path[512];
        snprintf(path, sizeof path, "%s/stderr.txt", tmp);
        FILE *f = fopen(path, "r");
        size_t n = f ? fread(err_out, 1, size - 1, f) : 0;
        err_out[n] = '\0';
        if (f)
            fclose(f);
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static bool exists(const char *dir, const char *rel)
{
    char path[1024];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    return stat(path, &st) == 0;
}

TestSuite(new_plugin, .init = make_tmp, .fini = remove_tmp);

Test(new_plugin, writes_a_complete_project)
{
    cr_assert_eq(run(TM_CLI " new-plugin word_caps proj", NULL, 0), 0);
    char dir[512];
    snprintf(dir, sizeof dir, "%s/proj", tmp);
    static const char *const expected[] = {
        "CMakeLists.txt", "word_caps.c", "tests/test_word_caps.c",
        "pipeline.json", "README.md", ".gitignore"};
    for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
        cr_assert(exists(dir, expected[i]), "missing %s", expected[i]);
        char path[600];
        snprintf(path, sizeof path, "%s/%s", dir, expected[i]);
        char *s = slurp(path);
        cr_expect_null(strstr(s, "@NAME@"), "%s: placeholder left", expected[i]);
        cr_expect_null(strstr(s, "@VERSION@"), "%s: placeholder left", expected[i]);
        free(s);
    }
    char path[600];
    snprintf(path, sizeof path, "%s/CMakeLists.txt", dir);
    char *cmake = slurp(path);
    char want[128];
    snprintf(want, sizeof want, "find_package(textmill %d.%d REQUIRED)",
             TM_VERSION_MAJOR, TM_VERSION_MINOR);
    cr_expect(strstr(cmake, want), "CMakeLists.txt lacks '%s'", want);
    cr_expect(strstr(cmake, "textmill_add_plugin(word_caps SOURCES word_caps.c)"));
    cr_expect(strstr(cmake, "textmill_add_test(test_word_caps"));
    free(cmake);
    snprintf(path, sizeof path, "%s/pipeline.json", dir);
    char *pipeline = slurp(path);
    json_error_t jerr;
    json_t *js = json_loads(pipeline, 0, &jerr);
    cr_assert_not_null(js, "pipeline.json: %s", jerr.text);
    json_decref(js);
    free(pipeline);
}

Test(new_plugin, dir_defaults_to_the_name)
{
    cr_assert_eq(run(TM_CLI " new-plugin shouting", NULL, 0), 0);
    cr_assert(exists(tmp, "shouting/shouting.c"));
}

Test(new_plugin, refuses_an_existing_folder)
{
    char err[1024];
    cr_assert_eq(run("mkdir keep && echo mine > keep/notes.txt", NULL, 0), 0);
    cr_assert_eq(run(TM_CLI " new-plugin word_caps keep", err, sizeof err), 4);
    cr_assert(strstr(err, "keep already exists"), "%s", err);
    cr_assert(!exists(tmp, "keep/CMakeLists.txt"), "wrote into an existing folder");
    char path[512];
    snprintf(path, sizeof path, "%s/keep/notes.txt", tmp);
    char *s = slurp(path);
    cr_assert_str_eq(s, "mine\n");
    free(s);
    /* The same with DIR defaulting to NAME. */
    cr_assert_eq(run(TM_CLI " new-plugin keep", NULL, 0), 4);
    cr_assert(!exists(tmp, "keep/keep.c"));
}

Test(new_plugin, refuses_names_that_are_not_identifiers)
{
    static const char *const bad[] = {
        "Caps", "9lives", "with-dash", "dot.ted", "'sp ace'", "''", "int",
        "test", "a/b", "x1234567890123456789012345678901234567890123456789012345678901234"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char cmd[512], err[1024];
        snprintf(cmd, sizeof cmd, TM_CLI " new-plugin %s out", bad[i]);
        cr_expect_eq(run(cmd, err, sizeof err), 2, "accepted %s", bad[i]);
        cr_expect(strstr(err, "plugin name"), "%s: %s", bad[i], err);
        cr_expect(!exists(tmp, "out"), "%s: wrote a folder", bad[i]);
    }
    cr_assert_eq(run(TM_CLI " new-plugin _under_score9 out", NULL, 0), 0);
}

Test(new_plugin, usage_errors)
{
    char err[1024];
    cr_assert_eq(run(TM_CLI " new-plugin", err, sizeof err), 2);
    cr_assert(strstr(err, "missing NAME"), "%s", err);
    cr_assert_eq(run(TM_CLI " new-plugin a b c", err, sizeof err), 2);
    cr_assert_eq(run(TM_CLI " new-plugin --bogus a", err, sizeof err), 2);
    cr_assert_eq(run(TM_CLI " new-plugin --help", NULL, 0), 0);
}

/* The generated source and test compile with warnings as errors, against the
 * headers and library of this build, and the test passes. */
Test(new_plugin, generated_code_builds_and_its_test_passes, .timeout = 120)
{
    cr_assert_eq(run(TM_CLI " new-plugin caps_words proj && mkdir plugins", NULL, 0), 0);
    char lib_dir[1024];
    snprintf(lib_dir, sizeof lib_dir, "%s", TM_LIBRARY_FILE);
    *strrchr(lib_dir, '/') = '\0';
    char flags[4096];
    snprintf(flags, sizeof flags,
             "-std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Werror" EXTRA_FLAGS
             " -I'%s/include' -I'%s/include' $(pkg-config --cflags jansson)"
             " -L'%s' -Wl,-rpath,'%s' -ltextmill $(pkg-config --libs jansson)",
             TM_SOURCE_DIR, TM_BUILD_DIR, lib_dir, lib_dir);
    char cmd[8192], err[4096];
    snprintf(cmd, sizeof cmd,
             "'%s' -shared -fPIC -fvisibility=hidden proj/caps_words.c -o plugins/caps_words.so %s",
             TM_C_COMPILER, flags);
    cr_assert_eq(run(cmd, err, sizeof err), 0, "the plugin does not build:\n%s", err);

    /* Loaded as any plugin, it marks words in capitals. */
    tm_registry *reg = tm_test_registry();
    char plugins[512];
    snprintf(plugins, sizeof plugins, "%s/plugins", tmp);
    tm_error e;
    cr_assert_eq(tm_registry_add_path(reg, plugins, &e), TM_OK);
    tm_pipeline *p = tm_test_stage(reg, "caps_words", "{\"min_length\": 3}");
    tm_doc *doc = tm_test_doc("An OK plan from the WHO and ÉCOLE staff");
    tm_test_process(p, doc);
    tm_assert_layer(doc, "caps_words", "CAPS:WHO | CAPS:ÉCOLE");
    tm_doc_free(doc);
    tm_pipeline_free(p);
    tm_registry_free(reg);

    /* Its own test, built as textmill_add_test would. */
    snprintf(cmd, sizeof cmd,
             "'%s' proj/tests/test_caps_words.c -o test_caps_words %s"
             " -DTM_TEST_PLUGIN_DIR='\"%s\"' $(pkg-config --cflags --libs criterion)"
             /* BXFI_MAP would make it think it is one of our own workers. */
             " && env -u BXFI_MAP ./test_caps_words",
             TM_C_COMPILER, flags, plugins);
    cr_assert_eq(run(cmd, err, sizeof err), 0, "the generated test fails:\n%s", err);
}
