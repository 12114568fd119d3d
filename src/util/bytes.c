/* bytes.c - byte counting, UTF-8 validation and edit distance. */
#include "bytes.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* 32 bytes at a time, as the SSE2 loop below (the scanner counts lines over all its text). */
__attribute__((target("avx2"))) static size_t count_avx2(const char *p, size_t n, char c,
                                                         size_t *done)
{
    const __m256i needle = _mm256_set1_epi8(c), zero = _mm256_setzero_si256();
    size_t total = 0, i = 0;
    while (i + 32 <= n) {
        __m256i acc = zero;
        size_t stop = i + 32 * 255 < n ? i + 32 * 255 : n;
        for (; i + 32 <= stop; i += 32) {
            __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
            acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(v, needle));
        }
        __m256i sums = _mm256_sad_epu8(acc, zero);
        total += (size_t)_mm256_extract_epi64(sums, 0) + (size_t)_mm256_extract_epi64(sums, 1) +
                 (size_t)_mm256_extract_epi64(sums, 2) + (size_t)_mm256_extract_epi64(sums, 3);
    }
    *done = i;
    return total;
}
#endif

size_t bytes_count(const char *p, size_t n, char c)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (n >= 256 && __builtin_cpu_supports("avx2")) {
        size_t done;
        size_t total = count_avx2(p, n, c, &done);
        for (; done < n; done++) {
            total += p[done] == c;
        }
        return total;
    }
#endif
#if defined(__SSE2__)
    /* 16 bytes at a time: compare, subtract the -1s into byte counters, and fold them with
     * a sum of absolute differences every 255 rounds before they can overflow. */
    const __m128i needle = _mm_set1_epi8(c), zero = _mm_setzero_si128();
    size_t total = 0, i = 0;
    while (i + 16 <= n) {
        __m128i acc = zero;
        size_t stop = i + 16 * 255 < n ? i + 16 * 255 : n;
        for (; i + 16 <= stop; i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, needle));
        }
        __m128i sums = _mm_sad_epu8(acc, zero);
        total += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_extract_epi16(sums, 4);
    }
    for (; i < n; i++) {
        total += p[i] == c;
    }
    return total;
#else
    const uint64_t ones = 0x0101010101010101ull, low7 = 0x7f7f7f7f7f7f7f7full;
    const uint64_t pattern = ones * (uint8_t)c;
    size_t count = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        uint64_t x = w ^ pattern; /* zero bytes where p == c */
        /* High bit set exactly in the zero bytes of x (no borrow between bytes). */
        uint64_t t = ~(((x & low7) + low7) | x | low7);
        /* t has 0x80 in matching bytes: move to 0x01 and sum the bytes by multiplication
         * (no popcount instruction in the x86-64 baseline). */
        count += (size_t)(((t >> 7) * ones) >> 56);
    }
    for (; i < n; i++) {
        count += p[i] == c;
    }
    return count;
#endif
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

size_t closest_name(const char *const *names, size_t n, const char *name)
{
    size_t best = SIZE_MAX, best_dist = SIZE_MAX;
    for (size_t c = 0; c < n; c++) {
        size_t dist = edit_distance(names[c], name);
        if (dist < best_dist) {
            best_dist = dist;
            best = c;
        }
    }
    /* Close enough: at most a third of the name's length plus one edit, and never more
     * than three (so "foo" does not suggest "id"). */
    size_t most = strlen(name) / 3 + 1;
    most = most > 3 ? 3 : most;
    return best != SIZE_MAX && best_dist <= most ? best : SIZE_MAX;
}

void unknown_name_message(char *buf, size_t size, const char *const *names, size_t n,
                          const char *name)
{
    unknown_thing_message(buf, size, "column", names, n, name);
}

void join_names(char *list, size_t size, const char *const *names, size_t n)
{
    size_t used = 0;
    assert(size >= 4);
    list[0] = '\0';
    for (size_t c = 0; c < n && used + 4 < size; c++) {
        int k = snprintf(list + used, size - used, "%s%s", c ? ", " : "", names[c]);
        if (k < 0 || (size_t)k >= size - used) {
            snprintf(list + (size - 4), 4, "...");
            break;
        }
        used += (size_t)k;
    }
}

void unknown_thing_message(char *buf, size_t size, const char *what, const char *const *names,
                           size_t n, const char *name)
{
    char list[160];
    join_names(list, sizeof list, names, n);
    size_t best = closest_name(names, n, name);
    if (n == 0) {
        snprintf(buf, size, "unknown %s '%.40s'; there are no %ss", what, name, what);
    } else if (best != SIZE_MAX) {
        snprintf(buf, size, "unknown %s '%.40s' (did you mean '%.40s'?); %ss: %s", what, name,
                 names[best], what, list);
    } else {
        snprintf(buf, size, "unknown %s '%.40s'; %ss: %s", what, name, what, list);
    }
}
