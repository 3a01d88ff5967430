/* paths.c - where the installed plugins and data are.
 *
 * Found at run time from the folder libtextmill.so was loaded from, so that
 * an installation keeps working when it is moved or installed with
 * `cmake --install --prefix`. */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static char plugin_dir[PATH_MAX];
static char data_dir[PATH_MAX];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void find_dirs(void)
{
    Dl_info info;
    char lib[PATH_MAX - 64] = ""; /* room for the relative part */
    char real[PATH_MAX];
    if (dladdr((void *)tm_install_plugin_dir, &info) && info.dli_fname) {
        const char *name = realpath(info.dli_fname, real) ? real : info.dli_fname;
        size_t n = strlen(name);
        if (n < sizeof lib)
            memcpy(lib, name, n + 1);
        char *slash = strrchr(lib, '/');
        if (slash)
            *slash = '\0';
        else
            snprintf(lib, sizeof lib, ".");
    }
    if (!lib[0]) { /* not found: fall back on the configured prefix */
        snprintf(plugin_dir, sizeof plugin_dir, "%s", TM_INSTALL_PLUGIN_DIR);
        snprintf(data_dir, sizeof data_dir, "%s", TM_INSTALL_DATA_DIR);
        return;
    }
    snprintf(plugin_dir, sizeof plugin_dir, "%s/%s", lib, TM_PLUGIN_DIR_FROM_LIB);
    snprintf(data_dir, sizeof data_dir, "%s/%s", lib, TM_DATA_DIR_FROM_LIB);
}

const char *tm_install_plugin_dir(void)
{
    pthread_once(&once, find_dirs);
    return plugin_dir;
}

const char *tm_install_data_dir(void)
{
    pthread_once(&once, find_dirs);
    return data_dir;
}
