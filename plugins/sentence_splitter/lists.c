/* lists.c - parsing abbreviation and sentence-starter lists (see lists.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#include <textmill/datafile.h>
#include <textmill/utf8.h>

#include "lists.h"
#include "split.h"

static const struct {
    const char *name;
    uint8_t value;
} abbrev_types[] = {
    {"general", SS_ABBR_GENERAL}, {"prefix", SS_ABBR_PREFIX},
    {"title", SS_ABBR_TITLE},
    {"number", SS_ABBR_NUMBER},   {"final", SS_ABBR_FINAL},
    {"time", SS_ABBR_TIME},
};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Fills err with the entry's location: "file:line" or "option[index]". */
static tm_status entry_error(tm_error *err, const char *origin, int lineno,
                             const char *fmt, const char *what, size_t n)
{
    char msg[160];
    snprintf(msg, sizeof(msg), fmt, (int)n, what);
    if (lineno > 0) {
        tm_error_set_file(err, origin, lineno, 0);
        return tm_error_set(err, TM_ERR_CONFIG, "%s:%d: %s", origin, lineno,
                            msg);
    }
    return tm_error_set(err, TM_ERR_CONFIG, "%s: %s", origin, msg);
}

/* Writes word with each letter mapped by fn, or only its first letter when
 * first_only, to out (room for 4 * SS_WORD_MAX bytes); returns the length. */
static size_t map_case(const char *word, size_t len, int32_t (*fn)(int32_t),
                       bool first_only, char *out)
{
    size_t o = 0;
    bool done = false;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        int n = tm_utf8_decode(word + i, len - i, &cp);
        utf8proc_category_t cat = utf8proc_category(cp);
        bool letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
        if (letter && !done) {
            int m = tm_utf8_encode(fn(cp), out + o);
            if (m == 0) {
                memcpy(out + o, word + i, (size_t)n);
                m = n;
            }
            o += (size_t)m;
            done = first_only;
        } else {
            memcpy(out + o, word + i, (size_t)n);
            o += (size_t)n;
        }
        i += (size_t)n;
    }
    return o;
}

static int32_t to_upper(int32_t cp) { return utf8proc_toupper(cp); }

/* Stores word and the case variants it stands for (see lists.h). */
static int put_variants(ss_wordset *set, const char *word, size_t len,
                        uint8_t value, bool short_too)
{
    int letters = 0, upper = 0, lower = 0, first = -1;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += (size_t)tm_utf8_decode(word + i, len - i, &cp);
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) {
            if (first < 0)
                first = 1;
            upper++;
        } else if (cat == UTF8PROC_CATEGORY_LL) {
            if (first < 0)
                first = 0;
            lower++;
        } else {
            continue;
        }
        letters++;
    }
    if (ss_wordset_put(set, word, len, value) != 0)
        return -1;
    /* "v" must not match "V", but the starter "a" matches "A" */
    if (letters < 2 && !short_too)
        return 0;
    char buf[4 * SS_WORD_MAX];
    size_t n;
    if (upper == 0) {
        n = map_case(word, len, to_upper, true, buf);
        if (n <= SS_WORD_MAX && ss_wordset_put(set, buf, n, value) != 0)
            return -1;
    }
    if (upper == 0 || (first == 1 && lower > 0)) {
        n = map_case(word, len, to_upper, false, buf);
        if (n <= SS_WORD_MAX && ss_wordset_put(set, buf, n, value) != 0)
            return -1;
    }
    return 0;
}

tm_status ss_list_add(ss_wordset *set, ss_list_kind kind, const char *line,
                      size_t len, const char *origin, int lineno,
                      tm_error *err)
{
    size_t i = 0;
    while (i < len && is_blank(line[i]))
        i++;
    if (i == len || line[i] == '#')
        return TM_OK;
    bool remove = line[i] == '!';
    if (remove)
        i++;
    size_t ws = i;
    while (i < len && !is_blank(line[i]))
        i++;
    size_t we = i;
    while (i < len && is_blank(line[i]))
        i++;
    size_t ts = i;
    while (i < len && !is_blank(line[i]) && line[ts] != '#')
        i++;
    size_t te = i;
    while (i < len && is_blank(line[i]))
        i++;
    if (i < len && line[i] != '#')
        return entry_error(err, origin, lineno,
                           "unexpected text after the entry: '%.*s'",
                           line + i, len - i);

    /* The final period is how abbreviations are written, not part of the
     * key: the splitter looks up the word before the period. */
    size_t wlen = we - ws;
    if (kind == SS_LIST_ABBREVIATIONS && wlen > 0 && line[ws + wlen - 1] == '.')
        wlen--;
    if (wlen == 0)
        return entry_error(err, origin, lineno, "empty entry '%.*s'",
                           line + ws, we - ws);
    if (wlen > SS_WORD_MAX)
        return entry_error(err, origin, lineno,
                           "entry '%.*s' is too long (at most 63 bytes)",
                           line + ws, wlen);
    if (tm_utf8_validate(line + ws, wlen) != wlen)
        return entry_error(err, origin, lineno,
                           "entry is not valid UTF-8%.*s", "", 0);

    uint8_t value = 1;
    if (kind == SS_LIST_ABBREVIATIONS) {
        value = SS_ABBR_GENERAL;
        if (te > ts) {
            value = 0;
            for (size_t k = 0; k < sizeof(abbrev_types) / sizeof(abbrev_types[0]); k++)
                if (strlen(abbrev_types[k].name) == te - ts &&
                    memcmp(abbrev_types[k].name, line + ts, te - ts) == 0)
                    value = abbrev_types[k].value;
            if (value == 0)
                return entry_error(err, origin, lineno,
                                   "unknown abbreviation type '%.*s' "
                                   "(expected general, prefix, title, "
                                   "number, final or time)",
                                   line + ts, te - ts);
        }
    } else if (kind == SS_LIST_STARTERS && te - ts == 6 &&
               memcmp(line + ts, "strong", 6) == 0) {
        value = SS_STARTER_STRONG;
    } else if (te > ts) {
        return entry_error(err, origin, lineno,
                           kind == SS_LIST_STARTERS
                               ? "unexpected '%.*s' after the word (only "
                                 "\"strong\" may follow it)"
                               : "one word a line, got '%.*s' after it",
                           line + ts, te - ts);
    }
    if (remove)
        value = 0; /* a stored 0 reads as "absent" */

    /* Words are looked up with U+2019 written as "'" (see split.c). */
    char word[SS_WORD_MAX];
    size_t o = 0;
    for (size_t k = ws; k < ws + wlen; k++) {
        if (kind != SS_LIST_ABBREVIATIONS && k + 3 <= ws + wlen &&
            (unsigned char)line[k] == 0xE2 &&
            (unsigned char)line[k + 1] == 0x80 &&
            (unsigned char)line[k + 2] == 0x99) {
            word[o++] = '\'';
            k += 2;
            continue;
        }
        word[o++] = line[k];
    }
    if (put_variants(set, word, o, value, kind != SS_LIST_ABBREVIATIONS) != 0)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    return TM_OK;
}

typedef struct list_file {
    ss_wordset *set;
    ss_list_kind kind;
    const char *path;
} list_file;

static tm_status add_line(void *ctx, char *line, size_t len, int line_no, tm_error *err)
{
    list_file *lf = ctx;
    return ss_list_add(lf->set, lf->kind, line, len, lf->path, line_no, err);
}

tm_status ss_list_load_file(ss_wordset *set, ss_list_kind kind,
                            const char *path, tm_error *err)
{
    list_file lf = {set, kind, path};
    return tm_data_file_foreach(path, add_line, &lf, err);
}
