/*
 * mojibake.h - undoing UTF-8 that was decoded as Windows-1252 or Latin-1.
 *
 * Such text shows each non-ASCII character as two to four characters, the
 * first of them one of "Â".."ô" and the others Windows-1252 or Latin-1
 * characters of the bytes 0x80-0xBF: "â€™" for "’", "Ã©" for "é". A sequence
 * is repaired only when its bytes form valid UTF-8 and the character they
 * give is a plausible one (see mojibake.c): correct text is left alone.
 */
#ifndef CLEANER_MOJIBAKE_H
#define CLEANER_MOJIBAKE_H

#include <stdbool.h>
#include <stddef.h>

#include "edit.h"

/* Repairs the mojibake of s[0..len) (valid UTF-8) into e, an edit of s.
 * Returns false when out of memory. One pass: text encoded wrongly twice
 * needs a second call on the result. */
bool cl_fix_mojibake(const char *s, size_t len, cl_edit *e);

/* Whether s[0..len) holds a sequence the repair would take (for a pass
 * that joins two texts and must not make mojibake where there was none). */
bool cl_has_mojibake(const char *s, size_t len);

#endif
