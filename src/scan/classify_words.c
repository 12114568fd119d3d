/* classify_words.c - lookups in the classifier's own word tables (classify_vocab.c): the
 * quasi-identifiers that are no detector's entity, by header and by value, and personal names
 * in Latin letters. Binary search over normalised bytes; no allocation, no locale. */
#include "scan/classify_int.h"

#include <stdlib.h>
#include <string.h>

#define WORD_MAX 64 /* normalised bytes looked at */

const char *cls_quasi_name(int kind)
{
    static const char *const names[QI_COUNT] = {
        "",         "age",          "sex",       "birth_date",     "postcode",
        "region",   "occupation",   "education", "marital_status", "nationality",
        "employer", "personal_date"};
    return kind >= 0 && kind < QI_COUNT ? names[kind] : "";
}

typedef struct key {
    const char *s;
    size_t n;
} key;

/* bsearch's order: the key's bytes against a word's, a prefix first. */
static int cmp_key(const void *k, const void *w)
{
    const key *a = k;
    const cls_word *b = w;
    size_t n = a->n < b->len ? a->n : b->len;
    int c = memcmp(a->s, b->s, n);
    return c != 0 ? c : (int)a->n - (int)b->len;
}

static const cls_word *find(const cls_vocab *v, const char *s, size_t n)
{
    key k = {s, n};
    return bsearch(&k, v->words, v->count, sizeof *v->words, cmp_key);
}

/* ASCII lowercase, without the separators in `drop`; 0 if longer than WORD_MAX. */
static size_t normalise(const char *s, size_t n, const char *drop, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (strchr(drop, c) != NULL && c != '\0') {
            continue;
        }
        if (k == WORD_MAX) {
            return 0;
        }
        out[k++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    return k;
}

/* The kind a header names in table v: the whole header, else the longest word inside it
 * (Chinese anywhere; ASCII only at the end, "home_city", at its own strength, elsewhere
 * weak). */
static int header_lookup(const cls_vocab *v, const char *s, size_t n, int *strength)
{
    char buf[WORD_MAX];
    size_t k = normalise(s, n, " _-.\t", buf);
    *strength = 0;
    if (k == 0) {
        return 0;
    }
    const cls_word *w = find(v, buf, k);
    if (w != NULL) {
        *strength = w->strength;
        return w->kind;
    }
    const cls_word *best = NULL;
    int best_strength = 0;
    for (size_t i = 0; i < v->count; i++) {
        const cls_word *c = &v->words[i];
        if (!c->part || c->len >= k || (best != NULL && c->len <= best->len)) {
            continue;
        }
        int is_ascii = (unsigned char)c->s[0] < 0x80;
        if (is_ascii && c->len < 4) {
            continue;
        }
        const char *at = NULL;
        for (size_t j = 0; j + c->len <= k; j++) {
            if (memcmp(buf + j, c->s, c->len) == 0) {
                at = buf + j;
                if (j + c->len == k) {
                    break; /* prefer the end */
                }
            }
        }
        if (at == NULL) {
            continue;
        }
        best = c;
        best_strength = is_ascii && at + c->len != buf + k ? SCAN_STRENGTH_WEAK : c->strength;
    }
    if (best == NULL) {
        return 0;
    }
    *strength = best_strength;
    return best->kind;
}

int cls_quasi_header(const char *s, size_t n, int *strength)
{
    return header_lookup(&cls_quasi_headers, s, n, strength);
}

int cls_category_header(const char *s, size_t n, int *strength)
{
    return header_lookup(&cls_category_headers, s, n, strength);
}

/* A Chinese place name: 2 to 10 ideographs ending in an administrative suffix. */
static int is_place(const char *s, size_t n)
{
    static const char *const suffix[] = {"省", "市", "区", "县", "州", "盟", "旗",
                                         "镇", "乡", "區", "縣", "鎮", "鄉"};
    if (n < 6 || n > 30 || n % 3 != 0) {
        return 0;
    }
    for (size_t i = 0; i < n; i += 3) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0xe4 || c > 0xe9) {
            return 0;
        }
    }
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        if (memcmp(s + n - 3, suffix[i], 3) == 0) {
            return 1;
        }
    }
    return 0;
}

int cls_quasi_value(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++, n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
        n--;
    }
    if (n == 0 || n > WORD_MAX) {
        return QI_NONE;
    }
    char buf[WORD_MAX];
    size_t k = normalise(s, n, " _-.\t'/", buf);
    const cls_word *w = k > 0 ? find(&cls_quasi_values, buf, k) : NULL;
    if (w != NULL) {
        return w->kind;
    }
    return is_place(s, n) ? QI_REGION : QI_NONE;
}

/* A capitalised word of Latin letters ("Smith", "O'Brien", "SMITH"), lowercased into out. */
static size_t name_word(const char *s, size_t n, char *out)
{
    if (n < 2 || n > 20 || s[0] < 'A' || s[0] > 'Z') {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int is_letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!is_letter && !(i > 0 && (c == '\'' || c == '-'))) {
            return 0;
        }
        out[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    return n;
}

static int name_kind(const char *s, size_t n)
{
    char buf[24];
    size_t k = name_word(s, n, buf);
    const cls_word *w = k > 0 ? find(&cls_latin_names, buf, k) : NULL;
    return k == 0 ? -1 : w != NULL ? w->kind : 0;
}

int cls_latin_name(const char *s, size_t n)
{
    const char *word[3];
    size_t len[3], count = 0, i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ' ') {
            j++;
        }
        if (j == i || count == 3) {
            return 0; /* two spaces in a row, or a fourth word */
        }
        word[count] = s + i;
        len[count++] = j - i;
        i = j + 1;
    }
    if (count < 2 || (n > 0 && s[n - 1] == ' ')) {
        return 0;
    }
    /* "Smith, John": the surname first */
    int reversed = len[0] > 1 && word[0][len[0] - 1] == ',';
    if (reversed) {
        len[0]--;
    }
    int kinds[3];
    for (size_t w = 0; w < count; w++) {
        /* a middle initial "J." */
        if (w > 0 && w + 1 < count && len[w] == 2 && word[w][1] == '.' && word[w][0] >= 'A' &&
            word[w][0] <= 'Z') {
            kinds[w] = 0;
            continue;
        }
        if ((kinds[w] = name_kind(word[w], len[w])) < 0) {
            return 0;
        }
    }
    int given = reversed ? kinds[count - 1] : kinds[0];
    int family = reversed ? kinds[0] : kinds[count - 1];
    return (given & 1) || (family & 2) ? 2 : 1;
}
