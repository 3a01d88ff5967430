/*
 * redactor.c - the redactor stage: masks e-mail addresses and phone numbers
 * by rewriting the text, and keeps the offset map to the original right, so
 * that later stages' spans still point into the raw input (--raw-offsets).
 *
 *   "Write to ana.lima@example.org or call +47 22 33 44 55."
 *   "Write to [EMAIL] or call [PHONE]."            (mask "label")
 *   "Write to ******************** or call ***************."   (mask "stars")
 *
 * The metadata gets the counts: "redactions": {"email": 1, "phone": 1}.
 *
 * What it shows: a stage that rewrites the text (TM_PLUGIN_REWRITES_TEXT),
 * building the new text and its tm_offset_map in one pass; a third-party
 * library (PCRE2) whose compiled pattern is shared by threads while each
 * call has its own match data.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <textmill/textmill.h>

/* An address: local part, '@', dotted domain with a letter-only TLD. Not
 * preceded by a character that could belong to it. */
#define EMAIL_PATTERN                                                          \
    "(?<![\\w.%+-])[\\w.%+-]+@[\\w-]+(?:\\.[\\w-]+)*\\.\\pL{2,}(?![\\w-])"
/* A phone number: optional +country code and (area code), then groups of
 * digits joined by one space, '-' or '.'. Digit counts are checked in C. */
#define PHONE_PATTERN                                                          \
    "(?<![\\w+.,-])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?"             \
    "\\d+(?:[ .-]\\d+)*(?![\\w]|[.,-]\\d)"

typedef struct redactor {
    pcre2_code *re;   /* owned; read-only once compiled (and JIT-compiled) */
    int email, phone; /* what to mask */
    int stars;        /* mask with '*' instead of a label */
    int min_digits;
} redactor;

static const char *const mask_choices[] = {"label", "stars", NULL};

static const tm_option options[] = {
    {.name = "email", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Mask e-mail addresses."},
    {.name = "phone", .type = TM_OPT_BOOL, .default_json = "true",
     .help = "Mask phone numbers."},
    {.name = "mask", .type = TM_OPT_STRING, .default_json = "\"label\"",
     .choices = mask_choices,
     .help = "Replace with [EMAIL] / [PHONE], or with one '*' per character."},
    {.name = "min_digits", .type = TM_OPT_INT, .default_json = "7", .has_range = 1,
     .min = 5, .max = 15,
     .help = "Fewest digits a phone number has (fewer: left alone)."},
    {0}};

static void red_destroy(void *instance)
{
    redactor *r = instance;
    if (r)
        pcre2_code_free(r->re);
    free(r);
}

static tm_status red_create(const json_t *config, const tm_plugin_env *env,
                            void **instance, tm_error *err)
{
    (void)env;
    redactor *r = calloc(1, sizeof *r);
    if (!r)
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    r->email = tm_config_bool(config, "email");
    r->phone = tm_config_bool(config, "phone");
    r->stars = strcmp(tm_config_string(config, "mask"), "stars") == 0;
    r->min_digits = (int)tm_config_int(config, "min_digits");

    /* One pattern with a named group per kind: one pass over the text. */
    const char *pattern = r->email && r->phone ? "(?<email>" EMAIL_PATTERN ")|(?<phone>" PHONE_PATTERN ")"
                          : r->email           ? "(?<email>" EMAIL_PATTERN ")"
                          : r->phone           ? "(?<phone>" PHONE_PATTERN ")"
                                               : NULL;
    if (pattern) {
        int code;
        PCRE2_SIZE at;
        r->re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                              PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &code, &at, NULL);
        if (!r->re) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(code, msg, sizeof msg);
            red_destroy(r);
            return tm_error_set(err, TM_ERR_PLUGIN, "bad pattern at %zu: %s", (size_t)at,
                                (const char *)msg);
        }
        pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE); /* faster if available */
    }
    *instance = r;
    return TM_OK;
}

/* Whether a phone match looks like one: enough digits, at most 15 (E.164),
 * and not a date (2024-05-17) or an IPv4 address (10.0.0.1). */
static int plausible_phone(const redactor *r, const char *s, size_t n)
{
    int digits = 0, groups = 1, dots = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] == ' ' || s[i] == '-' || s[i] == '.')
            groups++, dots += s[i] == '.';
    }
    if (digits < r->min_digits || digits > 15)
        return 0;
    if (n == 10 && s[4] == '-' && s[7] == '-')
        return 0;
    if (dots == 3 && groups == 4 && digits <= 12 && s[0] != '+')
        return 0;
    return 1;
}

/* Appends src[0..n) to the growing output. */
static void put(char *out, size_t *o, const char *src, size_t n)
{
    memcpy(out + *o, src, n);
    *o += n;
}

static tm_status red_process(void *instance, tm_doc *doc, tm_error *err)
{
    const redactor *r = instance;
    if (!r->re)
        return TM_OK;
    size_t len;
    const char *text = tm_doc_text(doc, &len);
    uint32_t email_group = 0;
    if (r->email)
        email_group = (uint32_t)pcre2_substring_number_from_name(r->re, (PCRE2_SPTR) "email");

    /* A label is 7 bytes and hides at least 5 (a phone number has at least
     * min_digits >= 5 digits, an address at least 6 bytes: "a@b.cd"), so the
     * new text is at most 7/5 of the old one. Stars never add bytes. */
    char *out = malloc(len + len / 2 + 8);
    tm_offset_map *map = tm_offset_map_new();
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(r->re, NULL);
    size_t o = 0, from = 0, n_email = 0, n_phone = 0;
    tm_status rc = out && map && md ? TM_OK : TM_ERR_NOMEM;
    while (rc == TM_OK) {
        int m = pcre2_match(r->re, (PCRE2_SPTR)text, len, from, PCRE2_NO_UTF_CHECK, md, NULL);
        if (m < 0) {
            if (m != PCRE2_ERROR_NOMATCH)
                rc = TM_ERR_PROCESS;
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t start = ov[0], end = ov[1];
        int is_email = email_group && ov[2 * email_group] != PCRE2_UNSET;
        if (!is_email && !plausible_phone(r, text + start, end - start)) {
            /* Not a phone number: copy it and look after it. */
            put(out, &o, text + from, end - from);
            from = end;
            continue;
        }
        put(out, &o, text + from, start - from);
        /* The mask starts where the match started... */
        rc = tm_offset_map_add(map, o, start);
        if (r->stars) {
            /* One '*' per character: offsets inside keep their distance
             * only for ASCII matches, and the map is told at the end. */
            size_t chars = tm_utf8_length(text + start, end - start);
            memset(out + o, '*', chars);
            o += chars;
        } else {
            const char *label = is_email ? "[EMAIL]" : "[PHONE]";
            put(out, &o, label, 7);
        }
        /* ...and the text after it follows the end of the match. */
        if (rc == TM_OK)
            rc = tm_offset_map_add(map, o, end);
        if (is_email)
            n_email++;
        else
            n_phone++;
        from = end;
    }
    pcre2_match_data_free(md);
    if (rc != TM_OK || n_email + n_phone == 0) {
        free(out);
        tm_offset_map_free(map);
        if (rc == TM_ERR_NOMEM)
            return tm_error_set(err, rc, "out of memory");
        if (rc != TM_OK)
            return tm_error_set(err, rc, "pattern matching failed");
        return TM_OK; /* nothing to hide: the text stays as it is */
    }
    put(out, &o, text + from, len - from);
    out[o] = '\0';
    json_t *counts = json_pack("{s:I, s:I}", "email", (json_int_t)n_email,
                               "phone", (json_int_t)n_phone);
    if (!counts || json_object_set_new(tm_doc_meta(doc), "redactions", counts) != 0) {
        free(out);
        tm_offset_map_free(map);
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    }
    /* The document takes out and map, also on failure. */
    return tm_doc_replace_text(doc, out, o, map, err);
}

TM_PLUGIN_DEFINE(.name = "redactor", .version = "1.0.0",
                 .summary = "Masks e-mail addresses and phone numbers in the text.",
                 .options = options,
                 .flags = TM_PLUGIN_REWRITES_TEXT | TM_PLUGIN_THREAD_SAFE,
                 .create = red_create, .process = red_process,
                 .destroy = red_destroy);
