/* cpindex.c - converting between byte offsets and code point offsets.
 *
 * JSON offsets are code points; the C API's are bytes. A checkpoint every
 * 256 bytes keeps a conversion to a short count of lead bytes, and pure
 * ASCII text (the common case) needs no table at all. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define BLOCK 256

/* Whether text[0, len) is all ASCII. A block at a time: within a block the
 * loop has no early exit, so it runs 8 bytes (or, vectorized, more) at a
 * time, and a text that is not ASCII is left at its first such block. */
static bool all_ascii(const char *text, size_t len)
{
    for (size_t b = 0; b < len; b += BLOCK) {
        size_t end = len - b > BLOCK ? b + BLOCK : len;
        uint64_t any = 0;
        size_t i = b;
        for (; i + 8 <= end; i += 8) {
            uint64_t w;
            memcpy(&w, text + i, 8);
            any |= w;
        }
        for (; i < end; i++)
            any |= (unsigned char)text[i];
        if (any & 0x8080808080808080ull)
            return false;
    }
    return true;
}

int tm__cpindex_init(tm__cpindex *ix, const char *text, size_t len)
{
    *ix = (tm__cpindex){text, len, NULL, all_ascii(text, len)};
    if (ix->ascii)
        return 0;
    size_t blocks = len / BLOCK + 1;
    ix->before = malloc(blocks * sizeof *ix->before);
    if (!ix->before)
        return -1;
    size_t count = 0;
    for (size_t b = 0; b < blocks; b++) {
        ix->before[b] = count;
        size_t end = (b + 1) * BLOCK < len ? (b + 1) * BLOCK : len;
        for (size_t i = b * BLOCK; i < end; i++)
            count += tm_utf8_is_lead((unsigned char)text[i]);
    }
    return 0;
}

size_t tm__cpindex_to_cp(const tm__cpindex *ix, size_t byte)
{
    if (ix->ascii)
        return byte;
    size_t b = byte / BLOCK, cp = ix->before[b];
    for (size_t i = b * BLOCK; i < byte; i++)
        cp += tm_utf8_is_lead((unsigned char)ix->text[i]);
    return cp;
}

size_t tm__cpindex_to_byte(const tm__cpindex *ix, size_t cp)
{
    if (ix->ascii)
        return cp <= ix->len ? cp : (size_t)-1;
    /* The last block starting at or before cp, then a walk. */
    size_t lo = 0, hi = ix->len / BLOCK;
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        if (ix->before[mid] <= cp)
            lo = mid;
        else
            hi = mid - 1;
    }
    size_t count = ix->before[lo];
    for (size_t i = lo * BLOCK; i <= ix->len; i++) {
        if (i == ix->len || tm_utf8_is_lead((unsigned char)ix->text[i])) {
            if (count == cp)
                return i;
            count++;
        }
    }
    return (size_t)-1;
}

void tm__cpindex_free(tm__cpindex *ix)
{
    free(ix->before);
    ix->before = NULL;
}
