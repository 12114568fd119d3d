/* fixed.c - exact decimal parsing and printing for fixed-point DP sums. Written by hand:
 * strtod rounds to binary and depends on the locale, and no Debian library converts decimal
 * text to a scaled integer with a chosen rounding. */
#include "fixed.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

__extension__ typedef unsigned __int128 u128;

#define MANT_DIGITS 36 /* digits kept in the mantissa; the rest only decide rounding */

typedef struct decimal {
    u128 mant;
    int exp;       /* value = mant * 10^exp, up to the sticky digits */
    int is_sticky; /* nonzero digits were dropped below mant */
    int is_negative;
} decimal;

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

static int parse_exponent(const char **p, const char *end, int *out)
{
    const char *s = *p;
    int sign = 1, e = 0, digits = 0;
    if (s < end && (*s == '+' || *s == '-')) {
        sign = *s == '-' ? -1 : 1;
        s++;
    }
    for (; s < end && *s >= '0' && *s <= '9'; s++, digits++) {
        if (e < 100000) {
            e = e * 10 + (*s - '0');
        }
    }
    if (digits == 0) {
        return -1;
    }
    *out = sign * e;
    *p = s;
    return 0;
}

static int parse_decimal(decimal *d, const char *s, size_t len)
{
    const char *p = s, *end = s + len;
    int kept = 0, digits = 0, is_fraction = 0;
    memset(d, 0, sizeof *d);
    while (p < end && is_space(*p)) {
        p++;
    }
    while (end > p && is_space(end[-1])) {
        end--;
    }
    if (p < end && (*p == '+' || *p == '-')) {
        d->is_negative = *p == '-';
        p++;
    }
    for (; p < end; p++) {
        if (*p == '.' && !is_fraction) {
            is_fraction = 1;
            continue;
        }
        if (*p < '0' || *p > '9') {
            break;
        }
        digits++;
        const int v = *p - '0';
        if (kept < MANT_DIGITS) {
            if (d->mant != 0 || v != 0) {
                kept++;
            }
            d->mant = d->mant * 10 + (u128)v;
            d->exp -= is_fraction;
        } else {
            d->is_sticky |= v != 0;
            d->exp += !is_fraction; /* a dropped integer digit scales what was kept */
        }
    }
    if (digits == 0) {
        return -1;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        int e;
        p++;
        if (parse_exponent(&p, end, &e) < 0) {
            return -1;
        }
        d->exp += e;
    }
    return p == end ? 0 : -1;
}

/* mant * 10^shift rounded half to even, saturated at FIXED_LIMIT. */
static int64_t scale(u128 mant, int shift, int is_sticky)
{
    if (mant == 0) {
        return 0;
    }
    if (shift >= 0) {
        for (int i = 0; i < shift; i++) {
            if (mant > (u128)FIXED_LIMIT) {
                return FIXED_LIMIT;
            }
            mant *= 10;
        }
        return mant > (u128)FIXED_LIMIT ? FIXED_LIMIT : (int64_t)mant;
    }
    if (shift < -38) {
        return 0; /* mant < 10^36: below half a unit */
    }
    u128 div = 1;
    for (int i = 0; i < -shift; i++) {
        div *= 10;
    }
    u128 q = mant / div, r = mant % div;
    const u128 half = div / 2; /* div is even: a power of ten above 1 */
    if (r > half || (r == half && (is_sticky || (q & 1)))) {
        q++;
    }
    return q > (u128)FIXED_LIMIT ? FIXED_LIMIT : (int64_t)q;
}

int fixed_parse(int64_t *out, const char *s, size_t len, int gexp)
{
    decimal d;
    if (parse_decimal(&d, s, len) < 0) {
        return -1;
    }
    const int64_t v = scale(d.mant, d.exp - gexp, d.is_sticky);
    *out = d.is_negative ? -v : v;
    return 0;
}

int fixed_from_double(int64_t *out, double v, int gexp)
{
    char buf[64];
    if (!isfinite(v)) {
        return -1;
    }
    const int n = snprintf(buf, sizeof buf, "%.17g", v);
    return fixed_parse(out, buf, (size_t)n, gexp);
}

void fixed_format(char *buf, size_t cap, int64_t units, int gexp)
{
    fixed_format128(buf, cap, units, gexp);
}

void fixed_format128(char *buf, size_t cap, __int128 units, int gexp)
{
    char digits[48];
    const int is_negative = units < 0;
    u128 mag = is_negative ? (u128)0 - (u128)units : (u128)units;
    int n = 0;
    char rev[48];
    do { /* printf has no 128-bit conversion */
        rev[n++] = (char)('0' + (int)(mag % 10));
        mag /= 10;
    } while (mag != 0);
    for (int i = 0; i < n; i++) {
        digits[i] = rev[n - 1 - i];
    }
    digits[n] = '\0';
    const int is_zero = n == 1 && digits[0] == '0';
    const char *sign = is_negative && !is_zero ? "-" : "";
    if (gexp >= 0) {
        snprintf(buf, cap, "%s%s%.*s", sign, digits, is_zero ? 0 : gexp, "000000000000");
        return;
    }
    const int frac = -gexp;
    if (n <= frac) {
        snprintf(buf, cap, "%s0.%.*s%s", sign, frac - n, "0000000000000", digits);
        return;
    }
    snprintf(buf, cap, "%s%.*s.%s", sign, n - frac, digits, digits + (n - frac));
}

int fixed_gexp(double granularity)
{
    if (!(granularity > 0) || !isfinite(granularity)) {
        return -1000;
    }
    const double l = log10(granularity);
    const long e = lround(l);
    if (e < -12 || e > 12 || fabs(granularity / pow(10, (double)e) - 1) > 1e-9) {
        return -1000;
    }
    return (int)e;
}
