/* validate_int.h - byte helpers shared by the validators (validate*.c): digit tests, fixed-
 * width number parsing and UTF-8 decoding, all inline and bounded by the caller's length. */
#ifndef OUTIS_SCAN_VALIDATE_INT_H
#define OUTIS_SCAN_VALIDATE_INT_H

#include <stddef.h>
#include <stdint.h>

static inline int v_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline int v_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static inline int v_alpha(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static inline int v_hex(char c)
{
    return v_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Whether s[0..n) are all ASCII digits (false when n is 0). */
static inline int v_all_digits(const char *s, size_t n)
{
    if (n == 0) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (!v_digit(s[i])) {
            return 0;
        }
    }
    return 1;
}

/* The value of n <= 9 digits at s (the caller has checked they are digits). */
static inline int v_num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Decodes one UTF-8 character of s[0..n) (n >= 1) into *cp and returns its length, or 0
 * for an invalid or truncated sequence (overlongs and surrogates included). */
static inline size_t v_utf8(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if ((u[0] & 0xE0) == 0xC0) {
        len = 2, c = u[0] & 0x1F, min = 0x80;
    } else if ((u[0] & 0xF0) == 0xE0) {
        len = 3, c = u[0] & 0x0F, min = 0x800;
    } else if ((u[0] & 0xF8) == 0xF0) {
        len = 4, c = u[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len) {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            return 0;
        }
        c = (c << 6) | (u[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        return 0;
    }
    *cp = c;
    return len;
}

/* Whether key is in the sorted array a[0..n); *at is its index (or where it would go). */
static inline int v_find16(const uint16_t *a, size_t n, uint32_t key, size_t *at)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < key) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    *at = lo;
    return lo < n && a[lo] == key;
}

/* CJK Unified Ideographs and Extension A: the characters of Chinese names. */
static inline int v_cjk(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

#endif
