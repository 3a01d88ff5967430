/*
 * repair.h - turning arbitrary bytes into valid UTF-8 under a stated policy.
 *
 * Meant for the place where bytes are still raw (the core's reader, or a
 * program that builds documents itself); the cleaner stage only ever sees
 * valid UTF-8. The function is self-contained: it needs libtextmill only for
 * tm_error and tm_offset_map.
 *
 * What counts as bad: anything tm_utf8_validate refuses (stray continuation
 * bytes, truncated sequences, overlong forms, surrogates, code points above
 * U+10FFFF, bytes F5-FF). Bad input is cut into "maximal subparts" as the
 * Unicode standard (section 3.9) and the WHATWG decoder do: the longest
 * prefix of a well-formed sequence, or a single byte. So "E2 82" (a cut-off
 * euro sign) is one bad sequence, not two.
 *
 * NUL bytes are valid UTF-8 but a document may not hold them: every policy
 * drops them (UTF-16 text read as UTF-8 then keeps its ASCII letters).
 */
#ifndef CLEANER_REPAIR_H
#define CLEANER_REPAIR_H

#include <stddef.h>

#include <textmill/document.h>
#include <textmill/error.h>

typedef enum cl_utf8_policy {
    CL_UTF8_FAIL = 0, /* bad bytes make the call fail (TM_ERR_UTF8, with the
                         byte offset) */
    CL_UTF8_REPLACE,  /* each bad sequence becomes U+FFFD */
    CL_UTF8_CP1252    /* each bad byte is decoded as Windows-1252; the five
                         bytes that code page leaves undefined (81 8D 8F 90
                         9D) become U+FFFD */
} cl_utf8_policy;

/* The policy called name ("fail", "replace", "cp1252"); -1 if unknown. */
int cl_utf8_policy_from_name(const char *name);

/* Makes s[0..len) valid UTF-8 without NUL bytes. Returns a malloc'ed,
 * NUL-terminated copy (caller frees) and its length in *out_len. When map is
 * not NULL, *map receives an offset map from the result back to s (caller
 * frees), or NULL when nothing changed (the offsets are then the same).
 * Returns NULL and fills err on a FAIL policy with bad input (TM_ERR_UTF8) or
 * when out of memory (TM_ERR_NOMEM). */
char *cl_utf8_repair(const char *s, size_t len, cl_utf8_policy policy,
                     size_t *out_len, tm_offset_map **map, tm_error *err);

/* The Windows-1252 character of byte b (0x80-0xFF), or 0 where the code page
 * leaves it undefined. Bytes below 0x80 are ASCII. */
unsigned cl_cp1252_char(unsigned char b);

#endif
