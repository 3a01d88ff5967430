/*
 * markup.c - the markup pass: HTML/XML tags and character references.
 *
 * Not a full HTML parser: a tolerant scanner that does what a reader of the
 * page would expect. Tags go away; block elements (p, div, li, h1...) become
 * paragraph breaks, <br> a line break, table cells a space; script, style and
 * comments go away with their content; CDATA keeps its content; a line
 * break in the source is a space, as a browser shows it, except inside <pre>
 * (a blank line stays a paragraph break). A '<' that does not start a tag
 * ("a < b") is text.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <textmill/utf8.h>

#include "clean.h"
#include "repair.h"

/* The longest tag, attributes included, that is read as one. */
#define MAX_TAG 8192

static bool is_alpha(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

static bool is_hex(char ch)
{
    return is_digit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

/* Decodes the character reference at s[i] ('&'). On success writes its
 * UTF-8 to out and returns the reference's length; returns 0 when it is not
 * one (the '&' is then text). */
static size_t entity(const cl_config *c, const char *s, size_t len, size_t i,
                     char out[8], size_t *out_len)
{
    size_t j = i + 1;
    int32_t cps[2] = {0, 0};
    if (j < len && s[j] == '#') {
        bool hex = j + 1 < len && (s[j + 1] == 'x' || s[j + 1] == 'X');
        j += hex ? 2 : 1;
        size_t d = j;
        uint32_t v = 0;
        while (j < len && (hex ? is_hex(s[j]) : is_digit(s[j]))) {
            int k = is_digit(s[j]) ? s[j] - '0' : (s[j] | 0x20) - 'a' + 10;
            if (v <= 0x10FFFF)
                v = v * (hex ? 16 : 10) + (uint32_t)k;
            j++;
        }
        if (j == d || j >= len || s[j] != ';')
            return 0;
        /* As browsers do: 128-159 are Windows-1252, bad values U+FFFD. */
        if (v >= 0x80 && v <= 0x9F && cl_cp1252_char((unsigned char)v))
            v = cl_cp1252_char((unsigned char)v);
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            v = 0xFFFD;
        cps[0] = (int32_t)v;
    } else {
        while (j < len && j - i <= 32 && (is_alpha(s[j]) || is_digit(s[j])))
            j++;
        if (j == i + 1 || j >= len || s[j] != ';')
            return 0;
        const cl_entity *ent = cl_entities_find(&c->entities, s + i + 1,
                                                j - i - 1);
        if (!ent)
            return 0;
        cps[0] = ent->cp[0];
        cps[1] = ent->cp[1];
    }
    size_t n = (size_t)tm_utf8_encode(cps[0], out);
    if (cps[1])
        n += (size_t)tm_utf8_encode(cps[1], out + n);
    *out_len = n;
    return j + 1 - i;
}

/* Case-insensitive search for needle in s[from..len); returns its offset or
 * len. */
static size_t find_ci(const char *s, size_t len, size_t from,
                      const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = from; i + n <= len; i++)
        if ((s[i] | 0x20) == (needle[0] | 0x20) &&
            strncasecmp(s + i, needle, n) == 0)
            return i;
    return len;
}

static size_t find_str(const char *s, size_t len, size_t from,
                       const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = from; i + n <= len; i++)
        if (s[i] == needle[0] && memcmp(s + i, needle, n) == 0)
            return i;
    return len;
}

static bool name_is(const char *name, size_t n, const char *const *set)
{
    for (; *set; set++)
        if (strlen(*set) == n && strncasecmp(name, *set, n) == 0)
            return true;
    return false;
}

static const char *const block_tags[] = {
    "address", "article", "aside", "blockquote", "body", "caption", "center",
    "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "title", "tr", "ul", NULL};
static const char *const cell_tags[] = {"td", "th", NULL};
static const char *const dropped_tags[] = {"script", "style", "noscript",
                                           "template", NULL};

/* The end of the tag that starts at s[i] ('<'), after its '>', or 0 when
 * there is no tag there. Quoted attribute values may hold '>'. */
static size_t tag_end(const char *s, size_t len, size_t i)
{
    char quote = 0;
    /* A tag is short: bounding it keeps hostile input ("<a x=\"" many
     * times, never closed) linear. */
    size_t limit = len - i > MAX_TAG ? i + MAX_TAG : len;
    for (size_t j = i + 1; j < limit; j++) {
        char ch = s[j];
        if (quote) {
            if (ch == quote)
                quote = 0;
        } else if (ch == '"' || ch == '\'') {
            /* Only an attribute value is quoted: after '='. */
            size_t k = j;
            while (k > i && (s[k - 1] == ' ' || s[k - 1] == '\t' ||
                             s[k - 1] == '\n'))
                k--;
            if (s[k - 1] == '=')
                quote = ch;
        } else if (ch == '>') {
            return j + 1;
        } else if (ch == '<') {
            return 0; /* "a <b <c>": the first '<' is text */
        }
    }
    return 0;
}

/* Handles the markup at s[i] ('<'); returns the offset after it, or i when
 * it is text. */
static size_t markup(const char *s, size_t len, size_t i, cl_edit *e,
                     bool *in_pre, bool *ok)
{
    if (i + 4 <= len && memcmp(s + i, "<!--", 4) == 0) {
        size_t end = find_str(s, len, i + 4, "-->");
        end = end < len ? end + 3 : len;
        *ok = cl_edit_replace(e, i, end, "", 0);
        return end;
    }
    if (i + 9 <= len && memcmp(s + i, "<![CDATA[", 9) == 0) {
        size_t end = find_str(s, len, i + 9, "]]>");
        *ok = cl_edit_replace(e, i, i + 9, "", 0);
        if (*ok && end < len)
            *ok = cl_edit_replace(e, end, end + 3, "", 0);
        return end < len ? end + 3 : len;
    }
    bool closing = i + 1 < len && s[i + 1] == '/';
    size_t name = i + (closing ? 2 : 1);
    bool decl = name < len && (s[name] == '!' || s[name] == '?');
    if (name >= len || !(is_alpha(s[name]) || decl))
        return i;
    size_t end = tag_end(s, len, i);
    if (end == 0)
        return i;
    size_t name_end = name + 1;
    while (name_end < end && (is_alpha(s[name_end]) || is_digit(s[name_end]) ||
                              s[name_end] == '-' || s[name_end] == ':'))
        name_end++;
    size_t n = name_end - name;
    const char *repl = "";
    if (decl) {
        repl = "";
    } else if (!closing && name_is(s + name, n, dropped_tags) &&
               s[end - 2] != '/') {
        /* Drop up to and with the closing tag. */
        char close[16] = "</";
        memcpy(close + 2, s + name, n < 12 ? n : 12);
        close[2 + (n < 12 ? n : 12)] = '\0';
        size_t c = find_ci(s, len, end, close);
        size_t c_end = c < len ? tag_end(s, len, c) : 0;
        end = c_end ? c_end : len;
    } else if (n == 2 && strncasecmp(s + name, "br", 2) == 0) {
        repl = "\n";
    } else if (name_is(s + name, n, block_tags)) {
        repl = "\n\n";
        if (n == 3 && strncasecmp(s + name, "pre", 3) == 0)
            *in_pre = !closing;
    } else if (name_is(s + name, n, cell_tags)) {
        repl = " ";
    }
    *ok = cl_edit_replace(e, i, end, repl, strlen(repl));
    return end;
}

bool cl_pass_markup(const cl_config *c, const char *s, size_t len, cl_edit *e)
{
    bool html = c->markup == CL_MARKUP_HTML;
    bool in_pre = false, ok = true;
    for (size_t i = 0; ok && i < len;) {
        if (!html) { /* entities only: jump to the next '&' */
            const char *amp = memchr(s + i, '&', len - i);
            if (!amp)
                break;
            i = (size_t)(amp - s);
        }
        char ch = s[i];
        if (ch == '&') {
            char buf[8];
            size_t n, k = entity(c, s, len, i, buf, &n);
            if (k) {
                ok = cl_edit_replace(e, i, i + k, buf, n);
                i += k;
                continue;
            }
        } else if (html && ch == '<') {
            size_t next = markup(s, len, i, e, &in_pre, &ok);
            if (next > i) {
                i = next;
                continue;
            }
        } else if (html && !in_pre &&
                   (ch == '\n' || ch == '\r' || ch == '\t')) {
            /* A browser shows a line break as a space; a blank line is
             * kept as the paragraph break its writer meant. */
            size_t end = i, lines = 0;
            while (end < len && (s[end] == '\n' || s[end] == '\r' ||
                                 s[end] == '\t' || s[end] == ' '))
                lines += s[end++] == '\n';
            if (lines < 2)
                ok = cl_edit_replace(e, i, end, " ", 1);
            i = end;
            continue;
        }
        i++;
    }
    return ok;
}

/* Elements whose tags mark a text as HTML when they appear. */
static const char *const html_tags[] = {
    "a", "b", "br", "body", "div", "em", "font", "h1", "h2", "h3", "h4",
    "h5", "h6", "head", "hr", "html", "i", "img", "li", "meta", "ol", "p",
    "pre", "script", "span", "strong", "style", "table", "td", "th", "title",
    "tr", "u", "ul", "blockquote", "article", "section", "link", NULL};

bool cl_looks_like_html(const char *s, size_t len)
{
    for (const char *p = s; (p = memchr(p, '<', len - (size_t)(p - s)));
         p++) {
        size_t i = (size_t)(p - s);
        if (i + 4 <= len && (memcmp(p, "<!--", 4) == 0 ||
                             (i + 9 <= len && strncasecmp(p, "<!doctype", 9) == 0)))
            return true;
        size_t name = i + 1 + (i + 1 < len && s[i + 1] == '/');
        size_t end = name;
        while (end < len && end - name < 12 && (is_alpha(s[end]) || is_digit(s[end])))
            end++;
        if (end == name || end >= len ||
            !(s[end] == '>' || s[end] == '/' || s[end] == ' ' ||
              s[end] == '\t' || s[end] == '\n' || s[end] == '\r'))
            continue;
        if (name_is(s + name, end - name, html_tags) && tag_end(s, len, i))
            return true;
    }
    return false;
}
