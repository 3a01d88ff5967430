/* testnosym.c - a shared object that exports no descriptor. */
#include <textmill/textmill.h>

TM_PLUGIN_API int testnosym_something(void);
TM_PLUGIN_API int testnosym_something(void) { return 42; }
