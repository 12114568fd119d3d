/* mask.c - the masked preview of a finding, one style per kind of value (detectors.h), all
 * in this one function so that what a report may show is decided in one place. Letters and
 * digits are replaced by '*', separators are kept so the shape stays readable; a character
 * of Chinese is replaced by one '*'. */
#include "scan/detectors.h"

#include <string.h>

typedef struct mask_out {
    char *p;
    size_t cap, len;
    int is_full;
} mask_out;

/* Appends n bytes (one character) if they fit with room for "..." and the NUL. */
static void put(mask_out *o, const char *s, size_t n)
{
    if (o->is_full) {
        return;
    }
    if (o->len + n + 4 > o->cap) {
        memcpy(o->p + o->len, "...", 3);
        o->len += 3;
        o->is_full = 1;
        return;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
}

static int is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Bytes of the UTF-8 character starting with c (1 for a stray byte). */
static size_t char_len(unsigned char c)
{
    return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* Keeps the first `head` and last `tail` bytes that `sig` selects, masks the others that it
 * selects and copies the rest. */
static void mask_counted(mask_out *o, const char *s, size_t n, int (*sig)(unsigned char),
                         size_t head, size_t tail)
{
    size_t total = 0, seen = 0;
    for (size_t i = 0; i < n; i++) {
        total += (size_t)sig((unsigned char)s[i]);
    }
    for (size_t i = 0; i < n; i++) {
        if (!sig((unsigned char)s[i])) {
            put(o, s + i, 1);
            continue;
        }
        seen++;
        int keep = seen <= head || seen + tail > total;
        put(o, keep ? s + i : "*", 1);
    }
}

/* Keeps the first `keep` characters, then one '*' per character (per byte of ASCII). */
static void mask_chars(mask_out *o, const char *s, size_t n, size_t keep)
{
    for (size_t i = 0, c = 0; i < n; c++) {
        size_t len = char_len((unsigned char)s[i]);
        len = len > n - i ? n - i : len;
        put(o, c < keep ? s + i : "*", c < keep ? len : 1);
        i += len;
    }
}

/* Masks letters and digits after the `after`-th separator among `seps`. */
static void mask_after(mask_out *o, const char *s, size_t n, const char *seps, size_t after,
                       int (*sig)(unsigned char))
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c != 0 && strchr(seps, c) != NULL) {
            count++;
        }
        put(o, count >= after && sig(c) ? "*" : s + i, 1);
    }
}

/* Coordinates: digits after the first decimal of each number. */
static void mask_coord(mask_out *o, const char *s, size_t n)
{
    size_t decimals = 0;
    int in_fraction = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            in_fraction = 1, decimals = 0;
        } else if (!is_digit(c)) {
            in_fraction = 0;
        } else if (in_fraction && ++decimals > 1) {
            put(o, "*", 1);
            continue;
        }
        put(o, s + i, 1);
    }
}

void scan_mask(int style, const char *s, size_t n, char *out, size_t cap)
{
    mask_out o = {out, cap, 0, 0};
    size_t alnum = 0, digits = 0;
    for (size_t i = 0; i < n; i++) {
        alnum += (size_t)is_alnum((unsigned char)s[i]);
        digits += (size_t)is_digit((unsigned char)s[i]);
    }
    switch (style) {
    case SCAN_MASK_ID:
    case SCAN_MASK_MIDDLE:
        if (style == SCAN_MASK_ID && alnum >= 14) {
            mask_counted(&o, s, n, is_alnum, 6, 4);
        } else { /* short values keep less */
            mask_counted(&o, s, n, is_alnum, alnum >= 8 ? 2 : 1, alnum >= 8 ? 2 : alnum >= 3);
        }
        break;
    case SCAN_MASK_TAIL4:
        mask_counted(&o, s, n, is_alnum, 0, alnum > 4 ? 4 : 0);
        break;
    case SCAN_MASK_PHONE: {
        size_t hidden = digits >= 8 ? 4 : digits / 2;
        size_t tail = digits >= 8 ? 4 : digits - hidden;
        mask_counted(&o, s, n, is_digit, digits - hidden - tail, tail);
        break;
    }
    case SCAN_MASK_EMAIL: {
        const char *at = memchr(s, '@', n);
        size_t local = at ? (size_t)(at - s) : n;
        put(&o, s, local > 0 ? 1 : 0);
        put(&o, "***", 3);
        mask_chars(&o, s + local, n - local, n); /* the domain, kept */
        break;
    }
    case SCAN_MASK_NAME:
        mask_chars(&o, s, n, 1);
        break;
    case SCAN_MASK_PLATE:
        mask_chars(&o, s, n, 2);
        break;
    case SCAN_MASK_PLACE:
        mask_chars(&o, s, n, 6);
        break;
    case SCAN_MASK_NET:
        mask_after(&o, s, n, ".:", 2, is_alnum);
        break;
    case SCAN_MASK_MAC:
        mask_after(&o, s, n, ":-", 3, is_alnum);
        break;
    case SCAN_MASK_DATE:
        mask_counted(&o, s, n, is_digit, 4, 0);
        break;
    default:
        mask_coord(&o, s, n);
        break;
    }
    o.p[o.len] = '\0';
}
