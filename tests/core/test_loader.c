/* Plugin loading: good plugins, and each way a shared object is refused. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <textmill/textmill.h>

static tm_registry *reg;

static void setup(void)
{
    tm_error err;
    reg = tm_registry_new(&err);
    cr_assert_not_null(reg, "%s", err.message);
    cr_assert_eq(tm_registry_add_path(reg, TM_TEST_PLUGIN_DIR, &err), TM_OK);
}

static void teardown(void) { tm_registry_free(reg); }

TestSuite(loader, .init = setup, .fini = teardown);

Test(loader, finds_and_describes_a_good_plugin)
{
    tm_error err;
    const tm_plugin_info *info = tm_registry_find(reg, "testgood", &err);
    cr_assert_not_null(info, "%s", err.message);
    cr_assert_str_eq(info->plugin->name, "testgood");
    cr_assert_str_eq(info->plugin->version, "1.0.0");
    cr_assert(strstr(info->file, "testgood.so"));
    cr_assert_eq(tm_registry_find(reg, "testgood", &err), info, "cached");
}

Test(loader, refuses_wrong_abi_naming_file_and_versions)
{
    tm_error err;
    cr_assert_null(tm_registry_find(reg, "testbadabi", &err));
    cr_assert_eq(err.code, TM_ERR_PLUGIN);
    cr_assert(strstr(err.file, "testbadabi.so"), "file: %s", err.file);
    cr_assert(strstr(err.message, "ABI 99.0"), "%s", err.message);
    cr_assert(strstr(err.message, "rebuild"), "%s", err.message);
}

Test(loader, refuses_a_shared_object_without_descriptor)
{
    tm_error err;
    cr_assert_null(tm_registry_find(reg, "testnosym", &err));
    cr_assert(strstr(err.file, "testnosym.so"));
    cr_assert(strstr(err.message, "does not export 'tm_plugin_descriptor'"), "%s",
              err.message);
}

Test(loader, refuses_a_descriptor_without_process)
{
    tm_error err;
    cr_assert_null(tm_registry_find(reg, "testbaddesc", &err));
    cr_assert(strstr(err.message, "no process callback"), "%s", err.message);
}

Test(loader, missing_plugin_lists_the_folders_searched)
{
    tm_error err;
    cr_assert_null(tm_registry_find(reg, "nosuchplugin", &err));
    cr_assert(strstr(err.message, "plugin 'nosuchplugin' not found"), "%s", err.message);
    cr_assert(strstr(err.message, TM_TEST_PLUGIN_DIR), "%s", err.message);
}

Test(loader, names_are_identifiers_never_paths)
{
    static const char *const bad[] = {"../testgood", "/tmp/x", "a/b", "a.b", "", "9lives"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        tm_error err;
        cr_assert_null(tm_registry_find(reg, bad[i], &err), "%s", bad[i]);
        cr_assert(strstr(err.message, "not an identifier"), "%s: %s", bad[i], err.message);
    }
}

Test(loader, the_environment_variable_adds_folders)
{
    tm_error err;
    setenv("TEXTMILL_PLUGIN_PATH", "/nonexistent-a:" TM_TEST_PLUGIN_DIR, 1);
    tm_registry *r = tm_registry_new(&err);
    unsetenv("TEXTMILL_PLUGIN_PATH");
    cr_assert_str_eq(tm_registry_path_at(r, 0), "/nonexistent-a");
    cr_assert_not_null(tm_registry_find(r, "testgood", &err), "%s", err.message);
    tm_registry_free(r);
}

Test(loader, build_tree_plugins_are_found_without_installing)
{
    tm_error err;
    tm_registry *r = tm_registry_new(&err);
    int found = 0;
    for (size_t i = 0; i < tm_registry_path_size(r); i++)
        found |= strcmp(tm_registry_path_at(r, i), TM_BUILD_DIR "/plugins") == 0;
    cr_assert(found, "the build tree's plugin folder is searched");
    tm_registry_free(r);
}

Test(loader, explicit_file_loads_by_path)
{
    tm_error err;
    const tm_plugin_info *info =
        tm_registry_load_file(reg, TM_TEST_PLUGIN_DIR "/testrewrite.so", &err);
    cr_assert_not_null(info, "%s", err.message);
    cr_assert_str_eq(info->plugin->name, "testrewrite");
    cr_assert_null(tm_registry_load_file(reg, TM_TEST_PLUGIN_DIR "/nope.so", &err));
    cr_assert(strstr(err.message, "not found"));
}

typedef struct scan_result {
    int good, refused;
    char reasons[2048];
} scan_result;

static void visit(void *ctx, const char *file, const tm_plugin_info *info,
                  const char *reason, bool shadowed)
{
    scan_result *r = ctx;
    (void)shadowed;
    if (info) {
        r->good++;
    } else {
        r->refused++;
        size_t n = strlen(r->reasons);
        snprintf(r->reasons + n, sizeof r->reasons - n, "%s: %s\n", file, reason);
    }
}

Test(loader, scan_reports_every_candidate_and_why_it_was_refused)
{
    scan_result r = {0};
    tm_registry_scan(reg, visit, &r);
    cr_assert_geq(r.good, 3, "testgood, testfail, testrewrite");
    cr_assert_geq(r.refused, 3);
    cr_assert(strstr(r.reasons, "testbadabi.so: built for plugin ABI 99.0"), "%s", r.reasons);
    cr_assert(strstr(r.reasons, "testnosym.so: not a textmill plugin"), "%s", r.reasons);
}

static tm_status nop_create(const json_t *c, const tm_plugin_env *e, void **o, tm_error *err)
{
    (void)c, (void)e, (void)err;
    *o = NULL;
    return TM_OK;
}

static tm_status nop_process(void *i, tm_doc *d, tm_error *err)
{
    (void)i, (void)d, (void)err;
    return TM_OK;
}

Test(loader, descriptor_checks)
{
    static const tm_option bad_default[] = {
        {.name = "n", .type = TM_OPT_INT, .default_json = "\"three\""}, {0}};
    static const tm_option twice[] = {
        {.name = "n", .type = TM_OPT_INT, .default_json = "1"},
        {.name = "n", .type = TM_OPT_INT, .default_json = "2"}, {0}};
    static const tm_option out_of_range[] = {
        {.name = "n", .type = TM_OPT_INT, .default_json = "7", .has_range = 1, .min = 0, .max = 5},
        {0}};
    static const char *const bad_layer[] = {"has space", NULL};
    tm_plugin base = {.abi_major = TM_ABI_MAJOR, .abi_minor = TM_ABI_MINOR,
                      .struct_size = sizeof(tm_plugin), .name = "ok", .version = "1",
                      .summary = "s", .create = nop_create, .process = nop_process};
    tm_error err;
    cr_assert_eq(tm_plugin_check(&base, &err), TM_OK);
    struct { tm_plugin p; const char *why; } cases[] = {
        {base, "not an identifier"}, {base, "newer than"}, {base, "too small"},
        {base, "default that is not JSON"}, {base, "listed twice"},
        {base, "out of range"}, {base, "layer 'has space'"}, {base, "no version"},
    };
    cases[0].p.name = "bad-name";
    cases[1].p.abi_minor = TM_ABI_MINOR + 1;
    cases[2].p.struct_size = 8;
    cases[3].p.options = bad_default;
    cases[3].why = "must be an integer";
    cases[4].p.options = twice;
    cases[5].p.options = out_of_range;
    cases[6].p.provides = bad_layer;
    cases[7].p.version = NULL;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cr_assert_eq(tm_plugin_check(&cases[i].p, &err), TM_ERR_PLUGIN, "case %zu", i);
        cr_assert(strstr(err.message, cases[i].why), "case %zu: %s", i, err.message);
    }
}

Test(loader, builtin_descriptors_join_the_registry)
{
    tm_plugin p = {.abi_major = TM_ABI_MAJOR, .abi_minor = TM_ABI_MINOR,
                   .struct_size = sizeof(tm_plugin), .name = "inproc", .version = "1",
                   .summary = "s", .create = nop_create, .process = nop_process};
    tm_error err;
    cr_assert_eq(tm_registry_add_builtin(reg, &p, &err), TM_OK);
    const tm_plugin_info *info = tm_registry_find(reg, "inproc", &err);
    cr_assert_not_null(info);
    cr_assert_str_eq(info->file, "(built in)");
    cr_assert_eq(tm_registry_add_builtin(reg, &p, &err), TM_ERR_PLUGIN, "no duplicates");
}
