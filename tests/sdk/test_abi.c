/*
 * test_abi.c - the library's exported interface cannot change by accident.
 *
 * exported-symbols.txt is the checked-in list of what libtextmill.so exports,
 * with the plugin ABI and SONAME versions it was written for. These tests
 * compare it with the built library (nm -D) and with the public headers, so
 * that adding, removing or renaming a function, or leaking an internal one,
 * fails until someone updates the list and thinks about the version numbers.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <textmill/textmill.h>

#define LIST_FILE TM_TEST_DIR "/exported-symbols.txt"

static const char update_hint[] =
    "\nIf the change is meant: update tests/sdk/exported-symbols.txt, and bump"
    "\nthe library SOVERSION (project major version) when a symbol was removed"
    "\nor renamed or a signature changed, or TM_ABI_MAJOR/MINOR in plugin.h"
    "\n(and the plugin-abi line) when the plugin interface changed. Adding a"
    "\nfunction needs only the list update.";

/* A sorted, growable list of names. */
typedef struct names {
    char **items;
    size_t size;
} names;

static void names_add(names *n, const char *s, size_t len)
{
    n->items = realloc(n->items, (n->size + 1) * sizeof *n->items);
    cr_assert_not_null(n->items);
    n->items[n->size] = strndup(s, len);
    cr_assert_not_null(n->items[n->size]);
    n->size++;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts and drops duplicates. */
static void names_sort(names *n)
{
    qsort(n->items, n->size, sizeof *n->items, cmp_str);
    size_t j = 0;
    for (size_t i = 0; i < n->size; i++) {
        if (j > 0 && strcmp(n->items[j - 1], n->items[i]) == 0)
            free(n->items[i]);
        else
            n->items[j++] = n->items[i];
    }
    n->size = j;
}

static void names_free(names *n)
{
    for (size_t i = 0; i < n->size; i++)
        free(n->items[i]);
    free(n->items);
}

/* Appends to out the lines "+ name" (in b, not in a) and "- name" (in a,
 * not in b); returns how many. Both sorted. */
static size_t names_diff(const names *a, const names *b, char *out, size_t size)
{
    size_t i = 0, j = 0, count = 0, len = strlen(out);
    while (i < a->size || j < b->size) {
        int c = i == a->size ? 1 : j == b->size ? -1 : strcmp(a->items[i], b->items[j]);
        const char *sign = c < 0 ? "-" : "+";
        const char *name = c < 0 ? a->items[i] : b->items[j];
        if (c == 0) {
            i++, j++;
            continue;
        }
        c < 0 ? i++ : j++;
        count++;
        if (len + strlen(name) + 8 < size)
            len += (size_t)snprintf(out + len, size - len, "\n  %s %s", sign, name);
    }
    return count;
}

typedef struct symbol_list {
    names symbols;
    int abi_major, abi_minor, soversion;
} symbol_list;

static void read_list(symbol_list *list)
{
    memset(list, 0, sizeof *list);
    list->abi_major = list->abi_minor = list->soversion = -1;
    FILE *f = fopen(LIST_FILE, "r");
    cr_assert_not_null(f, "cannot open %s", LIST_FILE);
    char line[512];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (sscanf(line, "plugin-abi %d.%d", &list->abi_major, &list->abi_minor) == 2)
            continue;
        if (sscanf(line, "soversion %d", &list->soversion) == 1)
            continue;
        cr_assert(strncmp(line, "tm_", 3) == 0 && !strchr(line, ' '),
                  "%s:%d: not a symbol name: '%s'", LIST_FILE, lineno, line);
        names_add(&list->symbols, line, strlen(line));
    }
    fclose(f);
    names_sort(&list->symbols);
}

/* The defined dynamic symbols of the built library. */
static void read_exports(names *out)
{
    memset(out, 0, sizeof *out);
    FILE *p = popen("nm -D --defined-only '" TM_LIBRARY_FILE "'", "r");
    cr_assert_not_null(p, "cannot run nm");
    char line[512];
    while (fgets(line, sizeof line, p)) {
        /* "ADDRESS TYPE NAME[@VERSION]" */
        char addr[64], type[8], name[400];
        if (sscanf(line, "%63s %7s %399s", addr, type, name) != 3)
            continue;
        name[strcspn(name, "@")] = '\0';
        names_add(out, name, strlen(name));
    }
    cr_assert_eq(pclose(p), 0, "nm -D failed on %s", TM_LIBRARY_FILE);
    cr_assert_gt(out->size, 0, "nm -D found no symbols in %s", TM_LIBRARY_FILE);
    names_sort(out);
}

/* Functions declared in a header: lines starting with a type (not static,
 * not typedef, not a comment or directive) holding "tm_name(". */
static void read_header(const char *path, names *out)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        if (!islower((unsigned char)line[0]) || strncmp(line, "static", 6) == 0 ||
            strncmp(line, "typedef", 7) == 0)
            continue;
        char *paren = strchr(line, '(');
        if (!paren)
            continue;
        char *start = paren;
        while (start > line && (isalnum((unsigned char)start[-1]) || start[-1] == '_'))
            start--;
        if (paren - start > 3 && strncmp(start, "tm_", 3) == 0)
            names_add(out, start, (size_t)(paren - start));
    }
    fclose(f);
}

static void read_headers(names *out)
{
    memset(out, 0, sizeof *out);
    const char *dir = TM_SOURCE_DIR "/include/textmill";
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot open %s", dir);
    struct dirent *e;
    char path[4096];
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n > 2 && strcmp(e->d_name + n - 2, ".h") == 0) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            read_header(path, out);
        }
    }
    closedir(d);
    read_header(TM_BUILD_DIR "/include/textmill/version.h", out);
    names_sort(out);
}

Test(abi, exported_symbols_match_the_list)
{
    symbol_list list;
    names exports;
    read_list(&list);
    read_exports(&exports);
    char diff[8192] = "";
    size_t n = names_diff(&list.symbols, &exports, diff, sizeof diff);
    cr_expect_eq(n, 0,
                 "libtextmill.so exports %zu symbol(s) that differ from %s "
                 "(+ exported, not listed; - listed, not exported):%s\n%s",
                 n, LIST_FILE, diff, update_hint);
    names_free(&exports);
    names_free(&list.symbols);
}

Test(abi, only_public_names_are_exported)
{
    names exports;
    read_exports(&exports);
    for (size_t i = 0; i < exports.size; i++) {
        const char *s = exports.items[i];
        cr_expect(strncmp(s, "tm_", 3) == 0 && islower((unsigned char)s[3]),
                  "libtextmill.so exports '%s', which is not a public tm_ name: "
                  "make it static, or name it tm__ (internal; see core/textmill.map)", s);
    }
    names_free(&exports);
}

Test(abi, headers_declare_exactly_the_exported_functions)
{
    names exports, declared;
    read_exports(&exports);
    read_headers(&declared);
    char diff[8192] = "";
    size_t n = names_diff(&declared, &exports, diff, sizeof diff);
    cr_expect_eq(n, 0,
                 "public headers and library disagree (+ exported but declared in no "
                 "header; - declared in include/textmill but not exported, so a "
                 "plugin using it fails to load):%s", diff);
    names_free(&exports);
    names_free(&declared);
}

Test(abi, plugin_abi_matches_the_list)
{
    symbol_list list;
    read_list(&list);
    cr_expect(list.abi_major == TM_ABI_MAJOR && list.abi_minor == TM_ABI_MINOR,
              "plugin.h says TM_ABI %d.%d but %s records plugin-abi %d.%d: a change "
              "to the plugin ABI must be recorded in the list, and the list's "
              "version changed only with plugin.h.%s",
              TM_ABI_MAJOR, TM_ABI_MINOR, LIST_FILE, list.abi_major, list.abi_minor,
              update_hint);
    names_free(&list.symbols);
}

Test(abi, soname_matches_the_list)
{
    symbol_list list;
    read_list(&list);
    FILE *p = popen("objdump -p '" TM_LIBRARY_FILE "'", "r");
    cr_assert_not_null(p, "cannot run objdump");
    char line[512];
    int soversion = -1;
    while (fgets(line, sizeof line, p)) {
        char *s = strstr(line, "SONAME");
        char *v = s ? strstr(s, ".so.") : NULL;
        if (v)
            soversion = atoi(v + 4);
    }
    pclose(p);
    cr_assert_neq(soversion, -1, "no SONAME libtextmill.so.N in %s", TM_LIBRARY_FILE);
    cr_expect_eq(soversion, list.soversion,
                 "the library's SONAME is libtextmill.so.%d but %s records soversion "
                 "%d.%s", soversion, LIST_FILE, list.soversion, update_hint);
    cr_expect_eq(soversion, TM_VERSION_MAJOR,
                 "SONAME libtextmill.so.%d differs from TM_VERSION_MAJOR %d", soversion,
                 TM_VERSION_MAJOR);
    names_free(&list.symbols);
}

/* The library a plugin runs against must accept plugins built with these
 * headers: the version it reports and the ABI it checks agree with them. */
Test(abi, runtime_version_matches_the_headers)
{
    cr_assert_str_eq(tm_version(), TM_VERSION);
}
