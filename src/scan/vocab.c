/* vocab.c - lookups in the classifier's vocabularies (vocab_data.c): a header or value is
 * normalised into a small buffer, searched whole (binary search among the words of its
 * length), then for keywords inside it, longest first. No allocation, no locale. */
#include "scan/vocab.h"

#include "scan/vocab_int.h"

#include <string.h>

#define HEADER_MAX 128 /* normalised header bytes looked at */
#define VALUE_MAX 256  /* value bytes matched whole */
#define INSIDE_MAX 96  /* value bytes searched for keywords inside */

/* The word equal to s[0..n), or NULL. */
static const scan_word *find(const scan_vocab *v, const char *s, size_t n)
{
    if (n == 0 || n > v->maxlen) {
        return NULL;
    }
    size_t lo = v->by_len[n], hi = v->by_len[n + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = memcmp(v->words[mid].s, s, n);
        if (c == 0) {
            return &v->words[mid];
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

static int is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The longest `part` word inside s[0..n) (starting at a UTF-8 character boundary). ASCII
 * words must stand between non-alphanumerics (is_value), or, in a normalised header where
 * separators are gone, be 4 bytes or more or sit at either end. */
static const scan_word *find_inside(const scan_vocab *v, const char *s, size_t n, int is_value)
{
    const scan_word *best = NULL;
    size_t maxlen = v->maxlen;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 && c < 0xC0) {
            continue;
        }
        size_t top = n - i < maxlen ? n - i : maxlen;
        for (size_t len = top; len > (best ? best->len : 0); len--) {
            if (v->by_len[len] == v->by_len[len + 1]) {
                continue;
            }
            const scan_word *w = find(v, s + i, len);
            if (w == NULL || !w->part) {
                continue;
            }
            if (c < 0x80) {
                int before = i > 0 ? is_alnum((unsigned char)s[i - 1]) : 0;
                int after = i + len < n ? is_alnum((unsigned char)s[i + len]) : 0;
                if (is_value ? before || after : len < 4 && before && after) {
                    continue;
                }
            }
            best = w;
            break;
        }
    }
    return best;
}

static int lookup(const scan_vocab *v, const char *s, size_t n, int is_value, int *strength)
{
    const scan_word *w = find(v, s, n);
    int st = w ? w->strength : 0;
    if (w == NULL && (!is_value || n <= INSIDE_MAX)) {
        w = find_inside(v, s, n, is_value);
        st = w == NULL ? 0 : is_value ? SCAN_STRENGTH_WEAK : w->strength;
    }
    if (strength) {
        *strength = st;
    }
    return w ? w->what : 0;
}

static size_t normalise_header(const char *s, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < HEADER_MAX; i++) {
        char c = s[i];
        if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t') {
            continue;
        }
        out[k++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    return k;
}

enum scan_field scan_vocab_header(const char *s, size_t n, int *strength)
{
    char buf[HEADER_MAX];
    size_t k = normalise_header(s, n, buf);
    return (enum scan_field)lookup(&scan_vocab_fields, buf, k, 0, strength);
}

int scan_vocab_header_is_whole(const char *s, size_t n)
{
    char buf[HEADER_MAX];
    size_t k = normalise_header(s, n, buf);
    return find(&scan_vocab_fields, buf, k) != NULL;
}

enum scan_category scan_vocab_category_header(const char *s, size_t n, int *strength)
{
    char buf[HEADER_MAX];
    size_t k = normalise_header(s, n, buf);
    return (enum scan_category)lookup(&scan_vocab_cat_headers, buf, k, 0, strength);
}

int scan_vocab_icd10(const char *s, size_t n)
{
    if (n < 3 || s[0] < 'A' || s[0] > 'Z' || s[0] == 'U' || s[1] < '0' || s[1] > '9' ||
        !((s[2] >= '0' && s[2] <= '9') || s[2] == 'A' || s[2] == 'B')) {
        return 0;
    }
    if (n == 3) {
        return 1;
    }
    if (s[3] != '.' || n < 5 || n > 8) {
        return 0;
    }
    for (size_t i = 4; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'U'))) {
            return 0;
        }
    }
    return 2;
}

enum scan_category scan_vocab_category_match(const char *s, size_t n, int *strength)
{
    while (n > 0 && (s[0] == ' ' || s[0] == '\t')) {
        s++, n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
        n--;
    }
    char buf[VALUE_MAX];
    size_t k = n < VALUE_MAX ? n : VALUE_MAX;
    for (size_t i = 0; i < k; i++) {
        buf[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
    }
    int st = 0;
    int what = lookup(&scan_vocab_cat_values, buf, n <= VALUE_MAX ? k : 0, 1, &st);
    if (what == 0) {
        int icd = scan_vocab_icd10(s, n);
        if (icd) {
            what = SCAN_CAT_HEALTH;
            st = icd == 2 ? SCAN_STRENGTH_STRONG : SCAN_STRENGTH_WEAK;
        }
    }
    if (strength) {
        *strength = st;
    }
    return (enum scan_category)what;
}

enum scan_category scan_vocab_category(const char *s, size_t n)
{
    return scan_vocab_category_match(s, n, NULL);
}

const char *scan_field_name(enum scan_field f)
{
    static const char *const names[SCAN_FIELD_COUNT] = {"",
                                                        "cn_resident_id",
                                                        "cn_uscc",
                                                        "hk_id",
                                                        "tw_id",
                                                        "cn_passport",
                                                        "cn_travel_permit",
                                                        "cn_mobile",
                                                        "phone",
                                                        "payment_card",
                                                        "iban",
                                                        "cn_plate",
                                                        "cn_name",
                                                        "cn_address",
                                                        "qq",
                                                        "wechat",
                                                        "cn_postcode",
                                                        "email",
                                                        "us_ssn",
                                                        "uk_nino",
                                                        "ip",
                                                        "mac",
                                                        "imei",
                                                        "latlon",
                                                        "date_of_birth",
                                                        "age",
                                                        "sex",
                                                        "person_key"};
    return (unsigned)f < SCAN_FIELD_COUNT ? names[f] : "";
}

const char *scan_category_name(enum scan_category c)
{
    static const char *const names[SCAN_CAT_COUNT] = {
        "",          "health",    "ethnicity", "religion",
        "biometric", "financial", "location",  "sexual_orientation",
        "criminal",  "minor",     "political", "trade_union"};
    return (unsigned)c < SCAN_CAT_COUNT ? names[c] : "";
}
