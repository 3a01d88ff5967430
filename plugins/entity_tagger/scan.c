/* scan.c - e-mail addresses and URLs, found in the bytes before tokenizing
 * (the tokenizer would cut them into pieces). */
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "et.h"

static bool is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_local_char(unsigned char c)
{
    return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static bool is_host_char(unsigned char c)
{
    return is_alnum(c) || c == '.' || c == '-' || c >= 0x80;
}

/* Characters a URL may hold (RFC 3986 plus non-ASCII). */
static bool is_url_char(unsigned char c)
{
    if (c >= 0x80 || is_alnum(c))
        return true;
    return c != 0 && strchr("-._~:/?#[]@!$&'()*+,;=%", c) != NULL;
}

/* Top-level domains accepted for bare host names ("example.com"). */
static const char *const bare_tlds[] = {
    "com", "org", "net", "edu", "gov", "io", "co", "uk", "de", "fr", "info",
    "biz", "ai", "app", "dev", "us", "ca", "au", "eu", "ru", "cn", "jp", "in",
    "ly", "me", "tv", NULL};

static bool bare_tld(const char *s, size_t len)
{
    for (int i = 0; bare_tlds[i]; i++)
        if (strlen(bare_tlds[i]) == len && memcmp(s, bare_tlds[i], len) == 0)
            return true;
    return false;
}

/* Drops trailing punctuation that ends the sentence rather than the URL;
 * a ')' stays when the URL opened one. */
static size_t trim_url(const char *t, size_t start, size_t end)
{
    while (end > start) {
        char c = t[end - 1];
        if (c == ')') {
            int open = 0;
            for (size_t k = start; k < end; k++)
                open += t[k] == '(' ? 1 : t[k] == ')' ? -1 : 0;
            if (open >= 0)
                break;
        } else if (!strchr(".,;:!?'\"]}>", c)) {
            break;
        }
        end--;
    }
    return end;
}

/* The end of the host name starting at i, and whether it has a dot with a
 * letter label after it. */
static size_t host_end(const char *t, size_t i, size_t end, bool *dotted)
{
    size_t j = i;
    while (j < end && is_host_char((unsigned char)t[j]))
        j++;
    while (j > i && (t[j - 1] == '.' || t[j - 1] == '-'))
        j--;
    const char *dot = NULL;
    for (size_t k = i; k < j; k++)
        if (t[k] == '.')
            dot = t + k;
    *dotted = dot && (size_t)(t + j - dot) >= 3 && !(dot[1] >= '0' && dot[1] <= '9');
    return j;
}

/* Tries an e-mail address around the '@' at `at`. */
static int try_email(et_run *r, size_t start, size_t end, size_t at, size_t *next)
{
    const char *t = r->text;
    size_t a = at;
    while (a > start && is_local_char((unsigned char)t[a - 1]))
        a--;
    while (a < at && (t[a] == '.' || t[a] == '-'))
        a++;
    if (a == at)
        return 0;
    bool dotted;
    size_t b = host_end(t, at + 1, end, &dotted);
    if (!dotted)
        return 0;
    *next = b;
    return et_emit_bytes(r, a, b, ET_EMAIL, 0.99, "pattern:email") == 0 ? 1 : -1;
}

static const bool trigger[256] = {['@'] = true, [':'] = true, ['.'] = true};

/* Non-zero when one of the 8 bytes of w is c (the zero-byte test on w ^ c). */
static inline uint64_t has_byte(uint64_t w, unsigned char c)
{
    uint64_t x = w ^ (0x0101010101010101u * c);
    return (x - 0x0101010101010101u) & ~x & 0x8080808080808080u;
}

/* The first trigger at or after i, or end. Most sentences hold
 * only their final period: 16 (or 8) bytes are tested at a time. */
static size_t next_trigger(const char *t, size_t i, size_t end)
{
#ifdef __SSE2__
    for (; i + 16 <= end; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
        __m128i hit = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8(':'))),
            _mm_cmpeq_epi8(v, _mm_set1_epi8('@')));
        int m = _mm_movemask_epi8(hit);
        if (m)
            return i + (size_t)__builtin_ctz((unsigned)m);
    }
#endif
    for (; i + 8 <= end; i += 8) {
        uint64_t w = et_read64(t + i);
        if (has_byte(w, '.') | has_byte(w, ':') | has_byte(w, '@'))
            break;
    }
    while (i < end && !trigger[(unsigned char)t[i]])
        i++;
    return i;
}

int et_scan_links(et_run *r, size_t start, size_t end)
{
    const char *t = r->text;
    size_t i = start;
    while (i < end) {
        i = next_trigger(t, i, end);
        if (i >= end)
            break;
        unsigned char c = (unsigned char)t[i];
        size_t next = i + 1;
        int got = 0;
        if (c == '@') {
            got = try_email(r, start, end, i, &next);
        } else if (c == ':' && i + 2 < end && t[i + 1] == '/' && t[i + 2] == '/') {
            /* scheme://... */
            size_t a = i;
            while (a > start && ((t[a - 1] >= 'a' && t[a - 1] <= 'z') ||
                                 (t[a - 1] >= 'A' && t[a - 1] <= 'Z')))
                a--;
            size_t b = i + 3;
            while (b < end && is_url_char((unsigned char)t[b]))
                b++;
            b = trim_url(t, a, b);
            if (a < i && b > i + 3) {
                got = et_emit_bytes(r, a, b, ET_URL, 0.99, "pattern:url") == 0 ? 1 : -1;
                next = b;
            }
        } else if (c == '.' && i + 1 < end && is_alnum((unsigned char)t[i + 1])) {
            /* www.host or host.tld */
            size_t a = i;
            while (a > start && (is_alnum((unsigned char)t[a - 1]) || t[a - 1] == '-' ||
                                 t[a - 1] == '.'))
                a--;
            if (a > start && (t[a - 1] == '@' || t[a - 1] == '/' || t[a - 1] == ':')) {
                i++;
                continue;
            }
            bool www = i - a == 3 && (memcmp(t + a, "www", 3) == 0 || memcmp(t + a, "WWW", 3) == 0);
            size_t tld = i + 1, tld_end = tld;
            while (tld_end < end && t[tld_end] >= 'a' && t[tld_end] <= 'z')
                tld_end++;
            bool bare = a < i && bare_tld(t + tld, tld_end - tld) &&
                        (tld_end == end || !is_alnum((unsigned char)t[tld_end]));
            /* A bare host needs a letter before the dot ("3.com" is odd) and
             * must not be a sentence break ("end.Com" is caught by tld case). */
            if (www || bare) {
                size_t b = www ? i + 1 : tld_end;
                while (b < end && is_url_char((unsigned char)t[b]))
                    b++;
                b = trim_url(t, a, b);
                if (b > i + 1) {
                    got = et_emit_bytes(r, a, b, ET_URL, www ? 0.95 : 0.8,
                                        "pattern:url") == 0 ? 1 : -1;
                    next = b;
                }
            }
        }
        if (got < 0)
            return -1;
        i = next;
    }
    return 0;
}
