/*
 * model.c - scanning sentences into terms.
 *
 * Words follow the rules of the shared tokenizer (textmill/token.h): runs of
 * letters, digits and marks, joined by an apostrophe, '.' or '&' between
 * letters and by '.', ',' or ':' between digits; a final "'s" is dropped. We
 * scan and fold in one pass instead of calling tm_tokenize because this loop
 * is most of the summarizer's time and we need no token array, only folded
 * words and their hashes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <utf8proc.h>
#include <textmill/utf8.h>

#include "model.h"
#include "rules.h"

enum { C_OTHER = 0, C_LETTER = 1, C_DIGIT = 2 };

/* Class of the character at t[i] (end bounds it); *len gets its size. */
static int char_class(const char *t, size_t i, size_t end, int *len)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) {
        *len = 1;
        if ((c | 32) >= 'a' && (c | 32) <= 'z')
            return C_LETTER;
        if (c >= '0' && c <= '9')
            return C_DIGIT;
        return C_OTHER;
    }
    int32_t cp;
    *len = tm_utf8_decode(t + i, end - i, &cp);
    if (*len <= 0) {
        *len = 1;
        return C_OTHER;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_LETTER;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return C_DIGIT;
    default:
        return C_OTHER;
    }
}

/* Does the joiner at t[j] (jlen bytes), after a character of class prev,
 * continue the word? */
static bool joins(const char *t, size_t j, int jlen, size_t end, int prev)
{
    size_t k = j + (size_t)jlen;
    if (k >= end)
        return false;
    int nlen;
    int next = char_class(t, k, end, &nlen);
    unsigned char c = (unsigned char)t[j];
    if (c == '_')
        return next != C_OTHER;
    if (prev == C_LETTER && next == C_LETTER) {
        if (c == '.' || c == '&')
            return true;
        /* An apostrophe, unless it starts a final possessive "'s". */
        if ((t[k] | 32) == 's') {
            size_t a = k + 1;
            int alen;
            if (a >= end || char_class(t, a, end, &alen) == C_OTHER)
                return false;
        }
        return true;
    }
    if (prev == C_DIGIT && next == C_DIGIT)
        return c == '.' || c == ',' || c == ':';
    return false;
}

/* The length of a joiner at t[i], or 0 if there is none. */
static int joiner_at(const char *t, size_t i, size_t end)
{
    unsigned char c = (unsigned char)t[i];
    if (c == '\'' || c == '.' || c == '&' || c == ',' || c == ':' || c == '_')
        return 1;
    if (c == 0xE2 && i + 2 < end && (unsigned char)t[i + 1] == 0x80 &&
        (unsigned char)t[i + 2] == 0x99)
        return 3; /* U+2019 */
    return 0;
}

/* ASCII letters are 1 (C_LETTER), digits 2 (C_DIGIT), every other byte 0
 * (bytes of characters that are not ASCII too). */
static const uint8_t ascii_class[256] = {
    ['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2,
    ['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
    ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
    ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
};

/* Counts a quotation mark that is not ASCII (at t[i], len bytes). */
static void count_quote(sm_sent *st, const char *t, size_t i, int len)
{
    unsigned char c1 = (unsigned char)t[i], c2 = (unsigned char)t[i + 1];
    if (len == 3 && c1 == 0xE2 && c2 == 0x80) {
        unsigned char c3 = (unsigned char)t[i + 2];
        if (c3 == 0x9C || c3 == 0x9E) /* “ „ */
            st->opens++;
        else if (c3 == 0x9D) /* ” */
            st->closes++;
    } else if (len == 2 && c1 == 0xC2) {
        if (c2 == 0xAB) /* « */
            st->opens++;
        else if (c2 == 0xBB) /* » */
            st->closes++;
    }
}


/* What a byte after a run of ASCII letters and digits means: B_END ends the
 * word, B_JOIN may join it to what follows (see joins), B_MORE needs the full
 * rules (a byte of a character that is not ASCII). */
enum { B_END, B_JOIN, B_MORE };
static int after_run(unsigned char c)
{
    if (c >= 0x80)
        return B_MORE;
    if (c == '\'' || c == '.' || c == '&' || c == ',' || c == ':' || c == '_')
        return B_JOIN;
    return B_END;
}

/* Bitmasks of a block of 64 bytes, bit k for byte k: ASCII letters and
 * digits, bytes of characters that are not ASCII, straight double quotes,
 * and the ASCII joiners (' . & , : _). Words are found from them with no
 * branch per byte or per word boundary: where a word ends is
 * unpredictable. */
typedef struct block {
    uint64_t alnum, high, quote, join;
} block;

static block classify64(const char *p)
{
    block k = {0, 0, 0, 0};
#ifdef __SSE2__
    for (int c = 0; c < 4; c++) {
        /* SSE2 compares signed bytes only: x is in [lo, lo + n) iff
         * x + (128 - lo) is below -128 + n. Bytes >= 0x80 fall outside
         * both ranges. Setting bit 0x20 lowers the letters. The joiners
         * pair up: & and ' differ in bit 0x01 only, ',' and '.' in 0x02. */
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * c));
        __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
        __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(lower, _mm_set1_epi8(128 - 'a')),
                                        _mm_set1_epi8(-128 + 26));
        __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(128 - '0')),
                                       _mm_set1_epi8(-128 + 10));
        __m128i join = _mm_or_si128(
            _mm_or_si128(
                _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xFE)),
                               _mm_set1_epi8('&')),
                _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xFD)),
                               _mm_set1_epi8(','))),
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(':')),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8('_'))));
        unsigned sh = 16 * (unsigned)c;
        k.alnum |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit)) << sh;
        k.high |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << sh;
        k.quote |= (uint64_t)(unsigned)_mm_movemask_epi8(
                       _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))) << sh;
        k.join |= (uint64_t)(unsigned)_mm_movemask_epi8(join) << sh;
    }
#else
    for (unsigned j = 0; j < 64; j++) {
        unsigned char c = (unsigned char)p[j];
        k.alnum |= (uint64_t)(ascii_class[c] != 0) << j;
        k.high |= (uint64_t)(c >= 0x80) << j;
        k.quote |= (uint64_t)(c == '"') << j;
        k.join |= (uint64_t)(after_run(c) == B_JOIN) << j;
    }
#endif
    return k;
}

/* Set bits in x; few, as they are quotes (a loop: without -mpopcnt,
 * __builtin_popcountll is a slower library call). */
static unsigned count_bits(uint64_t x)
{
    unsigned n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* Bytes read past a block for a word that ends in it (see scan_sentence):
 * the last 8-byte load of a key may start at byte 62. */
#define BLOCK_READ (64 + 8)

/* Keeps the first r (1..8) bytes of w as memcpy reads them, zeros the rest. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FIRST_BYTES(w, r) ((w) & (~(uint64_t)0 << (64 - 8 * (r))))
#else
#define FIRST_BYTES(w, r) ((w) & (~(uint64_t)0 >> (64 - 8 * (r))))
#endif

#define LOWER8 0x2020202020202020ULL /* see folded_word */

/* The 8-byte word of a key from p, the first (at most 8) of r bytes of
 * ASCII letters and digits, zero-padded, folded: setting bit 0x20 lowers the
 * letters and leaves the digits as they are. avail bytes can be read at p
 * (r <= avail). */
static uint64_t folded_word(const char *p, size_t r, size_t avail)
{
    uint64_t w = 0;
    if (r > 8)
        r = 8;
    if (avail >= 8)
        memcpy(&w, p, 8); /* one load */
    else
        memcpy(&w, p, r);
    return FIRST_BYTES(w | LOWER8, r);
}

/* Scans the word that starts at t[i] into buf, folded (at most SM_WORD_MAX
 * bytes kept) and zero-padded as sm_hot_find wants it; its first run of ASCII
 * letters and digits, maybe empty, ends at t[r]. end bounds the sentence,
 * len the text. Returns the end of the word; *out_len gets the folded length
 * and *out_hash its sm_hash_padded. */
static size_t scan_word(const char *t, size_t i, size_t r, size_t end,
                        size_t len, char *buf, size_t *out_len,
                        uint64_t *out_hash)
{
    /* The first run, folded 8 bytes at a time. */
    size_t n = r - i < SM_WORD_MAX ? r - i : SM_WORD_MAX;
    for (size_t j = 0; j < n; j += 8) {
        uint64_t w = folded_word(t + i + j, n - j, len - i - j);
        memcpy(buf + j, &w, 8);
    }
    /* A joiner followed by anything but a letter or digit ends the word
     * too ("end." "one,"). */
    int after = r < end ? after_run((unsigned char)t[r]) : B_END;
    if (after == B_JOIN) {
        unsigned char next = r + 1 < end ? (unsigned char)t[r + 1] : ' ';
        if (next < 0x80 && !ascii_class[next])
            after = B_END;
    }
    if (after == B_END) {
        *out_len = n;
        *out_hash = sm_hash_padded(buf, n);
        return r;
    }

    /* The rest of the word by the full rules, a character at a time. */
    int cls = r > i ? ascii_class[(unsigned char)t[r - 1]] : C_OTHER;
    i = r;
    while (i < end) {
        unsigned char c = (unsigned char)t[i];
        if (ascii_class[c]) {
            if (n < SM_WORD_MAX)
                buf[n++] = (char)(c | 0x20); /* see folded_word */
            cls = ascii_class[c];
            i++;
            continue;
        }
        int clen;
        int next = char_class(t, i, end, &clen);
        if (next != C_OTHER) {
            /* A character is kept whole or not at all. */
            if (n + (size_t)clen <= SM_WORD_MAX)
                n += sm_fold(t + i, (size_t)clen, buf + n, SM_WORD_MAX - n);
            cls = next;
            i += (size_t)clen;
            continue;
        }
        int jl = joiner_at(t, i, end);
        if (jl == 0 || !joins(t, i, jl, end, cls))
            break;
        if (n < SM_WORD_MAX)
            buf[n++] = jl == 3 ? '\'' : (char)c;
        i += (size_t)jl; /* joins saw a word character there */
    }
    memset(buf + n, 0, SM_PAD);
    *out_len = n;
    *out_hash = sm_hash_padded(buf, n);
    return i;
}

/* Per term while scanning: where it was last seen. */
typedef struct term_seen {
    uint32_t sent;  /* 1 + the last sentence holding it */
    uint32_t entry; /* its entry in that sentence */
} term_seen;

/* Growable per-term arrays. */
static int grow_terms(sm_model *m, term_seen **seen, size_t *cap)
{
    size_t n = *cap ? *cap * 2 : 256;
    m->sf = sm_vec_reserve(m->cache, SM_VEC_SF, n * sizeof(*m->sf));
    *seen = sm_vec_reserve(m->cache, SM_VEC_SEEN, n * sizeof(**seen));
    if (!m->sf || !*seen)
        return -1;
    *cap = n;
    return 0;
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Content words whose terms are still to be found, by stem id.
 * look_up_found lists them without a branch on whether a word is a stop
 * word (half the words are, in no predictable order), and add_pending finds
 * their terms. */
#define PENDING_MAX 64

/* A word the scan found, waiting for its lookup. Words are looked up a
 * batch at a time, their hot sets loaded meanwhile (sm_hot_prefetch): the
 * hot tables do not fit in the L1 or L2 cache, and waiting for each word's
 * set in turn was the largest cost of the scan. */
typedef struct found {
    uint64_t key[2]; /* the word, zero-padded, if it has up to 16 bytes */
    uint64_t hash;
    uint32_t len;
    uint32_t first;  /* 1 for the sentence's first word */
} found;
#define FOUND_MAX 32

/* What sm_model_build keeps while it adds words. */
typedef struct builder {
    sm_model *m;
    sm_cache *cache;
    sm_hot *hot;
    const uint64_t *stops; /* see sm_stop_slot */
    sm_termmap *tmap;
    term_seen *seen; /* per term */
    size_t term_cap, entry_cap;
    uint32_t pend[PENDING_MAX]; /* see PENDING_MAX */
    size_t npend;
    found found[FOUND_MAX];
    size_t nfound;
    char long_word[SM_WORD_MAX + SM_PAD]; /* the last found word, if it
                                             has more than 16 bytes */
} builder;

/* Makes room for n more terms and n more entries, so that add_pending
 * needs no check per word. Returns -1 when out of memory. */
static int reserve(builder *b, size_t n)
{
    sm_model *m = b->m;
    while (m->terms + n > b->term_cap)
        if (grow_terms(m, &b->seen, &b->term_cap) != 0)
            return -1;
    if (m->entries + n > b->entry_cap) {
        size_t cap = b->entry_cap ? b->entry_cap : 1024;
        while (m->entries + n > cap)
            cap *= 2;
        m->term = sm_vec_reserve(m->cache, SM_VEC_TERM, cap * sizeof(*m->term));
        m->w = sm_vec_reserve(m->cache, SM_VEC_W, cap * sizeof(*m->w));
        if (!m->term || !m->w)
            return -1;
        b->entry_cap = cap;
    }
    return 0;
}

/* Adds the pending words, in order, to sentence s as terms, and empties
 * the list. Returns -1 when out of memory. */
static int add_pending(builder *b, size_t s)
{
    sm_model *m = b->m;
    sm_termmap *tmap = b->tmap;
    const size_t npend = b->npend;
    if (reserve(b, npend) != 0)
        return -1;
    /* Locals, not fields: stores through the arrays below would make the
     * compiler reload every field at each word. */
    const uint32_t gen = tmap->generation, sent = (uint32_t)s + 1;
    uint32_t terms = m->terms;
    size_t entries = m->entries;
    uint32_t *term_of = m->term, *sf = m->sf;
    float *w = m->w;
    term_seen *seen = b->seen;
    for (size_t k = 0; k < npend; k++) {
        uint32_t id = b->pend[k];
        if (id >= tmap->capacity && sm_termmap_reserve(tmap, id + 1) != 0)
            return -1;
        /* Whether the stem is new to the document is unpredictable: no
         * branch on it. A new term's seen and sf entries hold leftovers,
         * which known masks. */
        sm_termslot *ts = &tmap->slots[id];
        bool known = ts->stamp == gen;
        uint32_t term = known ? ts->term : terms;
        terms += !known;
        *ts = (sm_termslot){gen, term};
        term_seen *se = &seen[term];
        if (known & (se->sent == sent)) {
            w[se->entry] += 1.0f;
            continue;
        }
        *se = (term_seen){sent, (uint32_t)entries};
        sf[term] = known ? sf[term] + 1 : 1;
        term_of[entries] = term;
        w[entries++] = 1.0f; /* the count, for now */
    }
    m->terms = terms;
    m->entries = entries;
    b->npend = 0;
    return 0;
}

/* Looks up the found words, in order, and counts them in sentence s (st):
 * the content words go on the pending list. Returns -1 when out of
 * memory. */
static int look_up_found(builder *b, sm_sent *st, size_t s)
{
    sm_hot *hot = b->hot;
    size_t npend = b->npend; /* see add_pending on locals */
    uint32_t content = 0;
    const size_t nfound = b->nfound;
    for (size_t k = 0; k < nfound; k++) {
        const found *f = &b->found[k];
        const char *word = f->len <= 16 ? (const char *)f->key : b->long_word;
        uint32_t v;
        if (!sm_hot_find(hot, word, f->len, f->hash, &v)) {
            v = sm_hot_add(b->cache, word, f->len, f->hash);
            if (v == SM_NOMEM)
                return -1;
        }
        uint32_t flags = SM_FLAGS(v);
        if (flags) {
            if (f->first)
                st->first_flags = (uint8_t)flags;
            st->any_flags |= (uint8_t)flags;
            if (flags & SM_MARK_DATE)
                st->dates++;
        }
        /* Listed without a branch: see pending. */
        uint32_t id = v & SM_ID_MASK;
        bool is_content = id != SM_STOP;
        content += is_content;
        b->pend[npend] = id;
        npend += is_content;
        if (npend == PENDING_MAX) {
            b->npend = npend;
            npend = 0;
            if (add_pending(b, s) != 0)
                return -1;
        }
    }
    st->content += content;
    b->npend = npend;
    b->nfound = 0;
    return 0;
}

/* Counts a word in sentence s (st) and queues it for look-up, if it has
 * at least 2 folded bytes (n): the first 16 bytes of its key (zero-padded)
 * are k0 and k1, all of it is in b->long_word when n > 16; h is its hash.
 * first_digit says it starts with a digit. Returns -1 when out of
 * memory. */
static inline int add_word(builder *b, sm_sent *st, size_t s, uint64_t k0,
                           uint64_t k1, uint64_t h, size_t n,
                           bool first_digit)
{
    st->words++;
    st->numbers += first_digit;
    /* One-character words carry no topic ("a", "I", "5"). */
    if (n < 2)
        return 0;
    /* A stop word of the table is counted (above) and done with: its entry
     * is written but not kept. Without a branch, as stop and content words
     * alternate in no predictable order. */
    bool stop = (n <= 8) & (b->stops[sm_stop_slot(h)] == k0);
    size_t k = b->nfound;
    found *f = &b->found[k];
    f->key[0] = k0;
    f->key[1] = k1;
    f->hash = h;
    f->len = (uint32_t)n;
    f->first = st->words == 1;
    sm_hot_prefetch(b->hot, n, h);
    b->nfound = k + !stop;
    if (b->nfound == FOUND_MAX || n > 16)
        return look_up_found(b, st, s);
    return 0;
}

/* The word at t[i] by the full rules (scan_word; its first ASCII run ends
 * at t[r]), added as add_word does; *next gets its end. */
static int add_slow_word(builder *b, sm_sent *st, size_t s, const char *t,
                         size_t i, size_t r, size_t end, size_t text_len,
                         size_t *next)
{
    char buf[SM_WORD_MAX + SM_PAD];
    size_t n;
    uint64_t h, k0, k1 = 0;
    *next = scan_word(t, i, r, end, text_len, buf, &n, &h);
    memcpy(&k0, buf, 8);
    if (n > 8)
        memcpy(&k1, buf + 8, 8);
    if (n > 16) /* with its zeros to a multiple of 8 bytes */
        memcpy(b->long_word, buf, (n + 7) & ~(size_t)7);
    return add_word(b, st, s, k0, k1, h, n, buf[0] >= '0' && buf[0] <= '9');
}

static uint64_t load64(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}


/* Scans sentence s (st) of text into words, 64 bytes at a time (see
 * block): the words of a block are walked from its masks, and a word
 * needs no work per byte unless it joins on (a joiner between letters or
 * digits) or has characters that are not ASCII. Returns -1 when out of
 * memory. */
static int scan_sentence(builder *b, sm_sent *st, size_t s, const char *text,
                         size_t text_len)
{
    size_t i = st->tstart, end = st->tend;
    char tail[BLOCK_READ];
    while (i < end) {
        /* Bytes past the sentence but in the text are read and dropped
         * (one load, where copying would cost more); past the text, the
         * block is copied first. */
        const char *p = text + i;
        if (text_len - i < BLOCK_READ) {
            memset(tail, 0, sizeof(tail));
            memcpy(tail, p, text_len - i);
            p = tail;
        }
        block k = classify64(p);
        if (end - i < 64) {
            uint64_t keep = ((uint64_t)1 << (end - i)) - 1;
            k.alnum &= keep;
            k.high &= keep;
            k.quote &= keep;
            k.join &= keep;
        }
        /* Where a word or a character that is not ASCII starts, and after
         * which runs of letters and digits the word may go on: before a
         * character that is not ASCII, or a joiner between word bytes. */
        uint64_t events = (k.alnum & ~(k.alnum << 1)) | k.high;
        uint64_t more = k.high | (k.join & ((k.alnum | k.high) >> 1));
        /* The last byte of each run; bits below the event at hand are
         * cleared as the scan goes, so the lowest one ends its run. */
        uint64_t ends = k.alnum & ~(k.alnum >> 1);
        size_t next = i + 64; /* where the next block starts */
        while (events) {
            unsigned at = (unsigned)__builtin_ctzll(events);
            size_t pos; /* where the scan goes on */
            if (k.high >> at & 1) {
                int clen;
                if (char_class(text, i + at, end, &clen) == C_OTHER) {
                    count_quote(st, text, i + at, clen);
                    pos = i + at + (size_t)clen;
                } else if (add_slow_word(b, st, s, text, i + at, i + at, end,
                                         text_len, &pos) != 0) {
                    return -1;
                }
            } else {
                /* ends has a bit at or after at: a run that reaches
                 * the block's last byte ends there. */
                unsigned e = (unsigned)__builtin_ctzll(ends) + 1;
                if (e >= 63) {
                    /* What follows the run is not in the block: the word
                     * starts the next one, or if it starts this one (a run
                     * of 63 bytes or more) is scanned on from here. */
                    if (at > 0) {
                        next = i + at;
                        break;
                    }
                    size_t r = i + e;
                    while (r < end && ascii_class[(unsigned char)text[r]])
                        r++;
                    if (add_slow_word(b, st, s, text, i, r, end, text_len,
                                      &pos) != 0)
                        return -1;
                } else if ((more >> e & 1) || e - at > 16) {
                    /* A word that goes on, or a rare long one. */
                    if (add_slow_word(b, st, s, text, i + at, i + e, end,
                                      text_len, &pos) != 0)
                        return -1;
                } else {
                    /* Nine words in ten: the run is the word, of at most
                     * 16 bytes, folded and hashed 8 bytes at a time. */
                    const char *w = p + at;
                    size_t n = e - at;
                    uint64_t h = SM_HASH_SEED, k0, k1 = 0;
                    if (n <= 8) {
                        k0 = FIRST_BYTES(load64(w) | LOWER8, n);
                        h = sm_hash_step(h, k0);
                    } else {
                        k0 = load64(w) | LOWER8;
                        k1 = FIRST_BYTES(load64(w + 8) | LOWER8, n - 8);
                        h = sm_hash_step(sm_hash_step(h, k0), k1);
                    }
                    if (add_word(b, st, s, k0, k1, h, n,
                                 (unsigned char)w[0] <= '9') != 0)
                        return -1;
                    /* The run had no other event (e < 63). */
                    events &= events - 1;
                    ends &= ends - 1;
                    continue;
                }
            }
            if (pos - i >= 64) {
                next = pos;
                break;
            }
            events &= ~(uint64_t)0 << (pos - i);
            ends &= ~(uint64_t)0 << (pos - i);
        }
        if (k.quote) {
            uint64_t in = next - i >= 64 ? ~(uint64_t)0
                                         : ((uint64_t)1 << (next - i)) - 1;
            st->quotes += count_bits(k.quote & in);
        }
        i = next;
    }
    if (look_up_found(b, st, s) != 0)
        return -1;
    return add_pending(b, s);
}

int sm_model_build(sm_model *m, const char *text, size_t text_len,
                   const size_t *starts, const size_t *ends, size_t n,
                   sm_cache *cache)
{
    memset(m, 0, sizeof(*m));
    m->cache = cache;
    builder b = {.m = m, .cache = cache,
                 .hot = sm_cache_hot(cache), .stops = sm_cache_stops(cache),
                 .tmap = sm_cache_termmap(cache)};
    sm_termmap_begin(cache);

    m->sents = sm_zalloc(cache, (n ? n : 1) * sizeof(*m->sents));
    if (!m->sents)
        return -1;
    m->n = n;
    for (size_t s = 0; s < n; s++) {
        sm_sent *st = &m->sents[s];
        st->start = starts[s];
        st->end = ends[s];
        st->tstart = starts[s];
        st->tend = ends[s];
        while (st->tstart < st->tend && is_space((unsigned char)text[st->tstart]))
            st->tstart++;
        while (st->tend > st->tstart && is_space((unsigned char)text[st->tend - 1]))
            st->tend--;
        st->first = (uint32_t)m->entries;

        if (scan_sentence(&b, st, s, text, text_len) != 0)
            return -1;
        st->count = (uint32_t)m->entries - st->first;
    }

    /* idf over sentences; smoothed so that a term in every sentence of a
     * short document still counts a little. Few sentence frequencies occur,
     * so their logarithms are computed once (0 = not yet; idf is > 0). */
    float idf_by_sf[256] = {0};
    for (size_t s = 0; s < n; s++) {
        sm_sent *st = &m->sents[s];
        double sum = 0;
        for (uint32_t e = st->first; e < st->first + st->count; e++) {
            uint32_t sf = m->sf[m->term[e]];
            float idf = sf < 256 ? idf_by_sf[sf] : 0;
            if (idf == 0) {
                idf = (float)log(1.0 + (double)n / sf);
                if (sf < 256)
                    idf_by_sf[sf] = idf;
            }
            /* Most terms occur once in a sentence, and log(1) = 0. */
            float w = m->w[e] == 1.0f ? idf : (1.0f + logf(m->w[e])) * idf;
            m->w[e] = w;
            sum += (double)w * w;
        }
        st->norm = (float)sqrt(sum);
    }
    return 0;
}
