/* Plugin loading from pipeline files people pass around: names are
 * identifiers, never paths; a file path must be asked for with
 * "plugin_file" and shows in `validate`; a plugin folder or file that other
 * users can change is reported as unsafe. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hostile.h"

TestSuite(plugin_loading, .init = hostile_setup, .fini = hostile_teardown, .timeout = 120);

static tm_registry *test_registry(void)
{
    tm_error err;
    tm_registry *reg = tm_registry_new(&err);
    cr_assert_not_null(reg);
    cr_assert_eq(tm_registry_add_path(reg, TM_TEST_PLUGIN_DIR, &err), TM_OK);
    return reg;
}

Test(plugin_loading, names_that_are_paths_are_refused)
{
    static const char *const names[] = {
        "../plugins/testgood", "..", ".", "testgood.so", "/tmp/testgood", "a/b", "testgood/",
        "./testgood", "tests/plugins/testgood", "", " testgood", "testgood\\n", "$HOME",
        "~/testgood", "test good", "..\\\\testgood", "testgood\\u0000x",
    };
    tm_registry *reg = test_registry();
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char json[256];
        snprintf(json, sizeof json, "{\"stages\": [{\"plugin\": \"%s\"}]}", names[i]);
        tm_error err;
        tm_pipeline *p = tm_pipeline_load_string(reg, json, "<p>", NULL, &err);
        cr_assert_null(p, "plugin name '%s' is refused", names[i]);
        if (strstr(names[i], "\\u0000")) /* JSON itself refuses the NUL */
            continue;
        cr_assert_eq(err.code, TM_ERR_PLUGIN, "'%s': %s", names[i], err.message);
        cr_assert(strstr(err.message, "not an identifier"), "'%s': %s", names[i], err.message);
        cr_assert_str_eq(err.path, "stages[0].plugin");
    }
    tm_error err;
    cr_assert_null(tm_registry_find(reg, "../tests/plugins/testgood", &err));
    cr_assert_not_null(tm_registry_find(reg, "testgood", &err), "%s", err.message);
    tm_registry_free(reg);
}

Test(plugin_loading, explicit_files_are_explicit_and_shown)
{
    /* A copy of the test plugin beside the pipeline, loaded by path. */
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cp %s/testgood.so %s/mine.so", TM_TEST_PLUGIN_DIR, hostile_dir);
    cr_assert_eq(system(cmd), 0);
    put_text("by_name.json", "{\"stages\": [{\"plugin\": \"mine.so\"}]}");
    put_text("by_file.json", "{\"stages\": [{\"plugin_file\": \"mine.so\"}]}");
    cr_assert_eq(tm_cli("validate by_name.json"), 3);
    cr_assert(strstr(err_text, "not an identifier"), "%s", err_text);
    cr_assert_eq(tm_cli("validate by_file.json"), 0, "%s", err_text);
    cr_assert(strstr(out_text, "from ./mine.so"), "validate shows the file: %s", out_text);
    cr_assert_str_eq(err_text, "", "a private folder is not unsafe");
}

/* A plugin folder in the scratch folder (itself private: mkdtemp makes it
 * 0700) holding a copy of the test plugin; returns its path. */
static const char *plugin_dir(mode_t dir_mode, mode_t file_mode)
{
    static char dir[600];
    snprintf(dir, sizeof dir, "%s/plugins", hostile_dir);
    mkdir(dir, 0755);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "cp %s/testgood.so %s/", TM_TEST_PLUGIN_DIR, dir);
    cr_assert_eq(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s/testgood.so", dir);
    cr_assert_eq(chmod(cmd, file_mode), 0);
    cr_assert_eq(chmod(dir, dir_mode), 0);
    return dir;
}

Test(plugin_loading, safe_folders_are_not_flagged)
{
    const char *dir = plugin_dir(0755, 0644);
    cr_assert_eq(tm_cli("plugins -P %s", dir), 0, "%s", err_text);
    cr_assert(strstr(out_text, "testgood"), "%s", out_text);
    cr_assert_null(strstr(out_text, "UNSAFE"), "%s", out_text);
}

Test(plugin_loading, world_writable_folder_is_unsafe)
{
    const char *dir = plugin_dir(0777, 0644);
    cr_assert_eq(tm_cli("plugins -P %s", dir), 0, "%s", err_text);
    char want[700];
    snprintf(want, sizeof want, "%s  (UNSAFE: %s is writable by all users)", dir, dir);
    cr_assert(strstr(out_text, want), "the search path entry: %s", out_text);
    snprintf(want, sizeof want, "UNSAFE: %s is writable by all users", dir);
    char *entry = strstr(out_text, "testgood.so");
    cr_assert(entry && strstr(entry, want), "the plugin: %s", out_text);
}

Test(plugin_loading, sticky_world_writable_folder_is_still_unsafe)
{
    /* Sticky (as /tmp) stops others from replacing our files, not from
     * adding a plugin of their own to the folder. */
    const char *dir = plugin_dir(01777, 0644);
    cr_assert_eq(tm_cli("plugins -P %s", dir), 0, "%s", err_text);
    cr_assert(strstr(out_text, "UNSAFE"), "%s", out_text);
}

Test(plugin_loading, group_writable_plugin_file_is_unsafe)
{
    const char *dir = plugin_dir(0755, 0664);
    cr_assert_eq(tm_cli("plugins -P %s", dir), 0, "%s", err_text);
    char want[700];
    snprintf(want, sizeof want, "UNSAFE: %s/testgood.so is writable by its group", dir);
    cr_assert(strstr(out_text, want), "%s", out_text);
}

Test(plugin_loading, writable_parent_folder_is_unsafe)
{
    const char *dir = plugin_dir(0755, 0644);
    cr_assert_eq(chmod(hostile_dir, 0777), 0);
    cr_assert_eq(tm_cli("plugins -P %s", dir), 0, "%s", err_text);
    char want[700];
    snprintf(want, sizeof want, "UNSAFE: %s is writable by all users", hostile_dir);
    cr_assert(strstr(out_text, want), "someone could rename the folder away: %s", out_text);
    /* validate warns, on stderr, even with -q. */
    put_text("p.json", "{\"stages\": [{\"plugin_file\": \"plugins/testgood.so\"}]}");
    cr_assert_eq(tm_cli("validate -q p.json"), 0, "%s", err_text);
    cr_assert(strstr(err_text, "warning: stage 'testgood' loads"), "%s", err_text);
    cr_assert(strstr(err_text, "which is unsafe"), "%s", err_text);
    cr_assert_eq(chmod(hostile_dir, 0700), 0);
}

Test(plugin_loading, environment_folders_are_checked_too)
{
    const char *dir = plugin_dir(0777, 0644);
    char args[700];
    snprintf(args, sizeof args, "plugins");
    setenv("TEXTMILL_PLUGIN_PATH", dir, 1);
    cr_assert_eq(tm_cli("%s", args), 0, "%s", err_text);
    unsetenv("TEXTMILL_PLUGIN_PATH");
    char want[700];
    snprintf(want, sizeof want, "%s  (UNSAFE:", dir);
    cr_assert(strstr(out_text, want), "%s", out_text);
}
