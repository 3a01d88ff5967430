/* version.c - the library's version at run time. */
#include "internal.h"

const char *tm_version(void) { return TM_VERSION; }
