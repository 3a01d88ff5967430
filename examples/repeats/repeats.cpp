/*
 * repeats.cpp - the repeats stage, in C++: marks a word written twice in a
 * row ("the the", "Paris in the\nthe spring"), the typo that eyes skip. Each
 * span covers both words, labelled REPEAT, in the "repeats" layer.
 *
 * Some words repeat on purpose ("had had", "that that"): list them in the
 * "allow" option. Words compare without regard to ASCII case.
 *
 * What it shows: the plugin interface is plain C, so a C++ plugin is a C++
 * file that fills the same descriptor. The rules at the border:
 *   - the callbacks have C types and must not let an exception escape: catch
 *     everything and turn it into a tm_error;
 *   - the instance is any C++ object, made with new in create and deleted in
 *     destroy; the host only stores the pointer;
 *   - TM_PLUGIN_DEFINE gives the descriptor C linkage; its designated
 *     initializers must follow the order of the fields in tm_plugin (C++20).
 */
#include <algorithm>
#include <new>
#include <string>
#include <unordered_set>

#include <textmill/textmill.h>

namespace {

struct Repeats {
    std::unordered_set<std::string> allowed; // lower case; read-only after create
};

std::string lower(const char *s, size_t n)
{
    std::string w(s, n);
    std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
    });
    return w;
}

const tm_option options[] = {
    {"allow", TM_OPT_STRING_LIST, "[\"had\", \"that\"]", 0, 0, 0, nullptr,
     "Words that may repeat on purpose (\"had had\"); case does not matter."},
    {}};

tm_status create(const json_t *config, const tm_plugin_env *, void **instance, tm_error *err)
{
    try {
        auto *r = new Repeats;
        size_t n = tm_config_list_size(config, "allow");
        for (size_t i = 0; i < n; i++) {
            const char *w = tm_config_list_at(config, "allow", i);
            r->allowed.insert(lower(w, std::char_traits<char>::length(w)));
        }
        *instance = r;
        return TM_OK;
    } catch (const std::bad_alloc &) {
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    }
}

// Scratch memory belongs to the call: the tokens are freed on every path,
// exceptions included.
struct Tokens {
    tm_tokens t{};
    ~Tokens() { tm_tokens_free(&t); }
};

tm_status process(void *instance, tm_doc *doc, tm_error *err)
{
    const auto *r = static_cast<const Repeats *>(instance);
    try {
        size_t len;
        const char *text = tm_doc_text(doc, &len);
        tm_layer *layer = tm_doc_add_layer(doc, "repeats");
        Tokens toks;
        if (!layer || tm_tokenize(text, 0, len, &toks.t) != TM_OK)
            return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
        const tm_token *prev = nullptr;
        for (size_t i = 0; i < toks.t.size; i++) {
            const tm_token *t = &toks.t.items[i];
            if (!(t->flags & TM_TOK_WORD)) {
                prev = nullptr; // "the, the" is not a slip
                continue;
            }
            if (prev && t->end - t->start == prev->end - prev->start) {
                std::string a = lower(text + prev->start, prev->end - prev->start);
                if (a == lower(text + t->start, t->end - t->start) && !r->allowed.count(a)) {
                    if (!tm_layer_add(layer, prev->start, t->end, "REPEAT", err))
                        return err->code;
                    prev = nullptr; // "the the the" is one slip
                    continue;
                }
            }
            prev = t;
        }
        return TM_OK;
    } catch (const std::bad_alloc &) {
        return tm_error_set(err, TM_ERR_NOMEM, "out of memory");
    } catch (...) {
        return tm_error_set(err, TM_ERR_PROCESS, "unexpected C++ exception");
    }
}

void destroy(void *instance)
{
    delete static_cast<Repeats *>(instance);
}

const char *const provides[] = {"repeats", nullptr};

} // namespace

TM_PLUGIN_DEFINE(.name = "repeats", .version = "1.0.0",
                 .summary = "Marks words written twice in a row (the \"repeats\" layer).",
                 .options = options, .provides = provides,
                 .flags = TM_PLUGIN_THREAD_SAFE, .create = create,
                 .process = process, .destroy = destroy);
