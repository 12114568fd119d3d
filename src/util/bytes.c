/* bytes.c - byte counting, UTF-8 validation and edit distance. */
#include "bytes.h"

#include <string.h>

size_t bytes_count(const char *p, size_t n, char c)
{
    const uint64_t ones = 0x0101010101010101ull, low7 = 0x7f7f7f7f7f7f7f7full;
    const uint64_t pattern = ones * (uint8_t)c;
    size_t count = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        uint64_t x = w ^ pattern; /* zero bytes where p == c */
        /* High bit set exactly in the zero bytes of x (no borrow between bytes). */
        uint64_t t = ~(((x & low7) + low7) | x | low7);
        count += (size_t)__builtin_popcountll(t);
    }
    for (; i < n; i++) {
        count += p[i] == c;
    }
    return count;
}

size_t utf8_valid_prefix(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* Skip ASCII quickly. */
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if ((w & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned lo = 0x80, hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            if (c == 0xe0) {
                lo = 0xa0; /* no overlongs */
            } else if (c == 0xed) {
                hi = 0x9f; /* no surrogates */
            }
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            if (c == 0xf0) {
                lo = 0x90;
            } else if (c == 0xf4) {
                hi = 0x8f;
            }
        } else {
            return i;
        }
        if (i + need >= n) {
            return i;
        }
        if (p[i + 1] < lo || p[i + 1] > hi) {
            return i;
        }
        for (size_t k = 2; k <= need; k++) {
            if ((p[i + k] & 0xc0) != 0x80) {
                return i;
            }
        }
        i += need + 1;
    }
    return n;
}

size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 254 || lb > 254) {
        return 255;
    }
    unsigned char row[256];
    for (size_t j = 0; j <= lb; j++) {
        row[j] = (unsigned char)j;
    }
    for (size_t i = 1; i <= la; i++) {
        unsigned prev = row[0];
        row[0] = (unsigned char)i;
        for (size_t j = 1; j <= lb; j++) {
            unsigned cur = row[j];
            unsigned best = prev + (a[i - 1] != b[j - 1]);
            if (cur + 1u < best) {
                best = cur + 1u;
            }
            if (row[j - 1] + 1u < best) {
                best = row[j - 1] + 1u;
            }
            row[j] = (unsigned char)(best > 255 ? 255 : best);
            prev = cur;
        }
    }
    return row[lb];
}
