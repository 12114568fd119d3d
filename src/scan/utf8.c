/* utf8.c - validating UTF-8 16, 32 or 64 bytes at a time with SSSE3, AVX2 or AVX-512 (where
 * the CPU has them), so that the scanner can count invalid sequences at the speed it matches.
 * Debian packages no SIMD validator for C (simdutf is C++ and not in bookworm). The method is
 * Keiser and Lemire's ("Validating UTF-8 in less than one instruction per byte", Software: Practice
 * and Experience 51(5), 2021, section 6): an error between a byte and the one before it is the AND
 * of three 16-entry tables indexed by the earlier byte's high and low nibbles and the later
 * byte's high nibble, one bit per kind of error; the third and fourth bytes of a sequence are
 * checked against the lead bytes two and three back. The tables below are written from the
 * error kinds listed with them. Errors are only located here: the scalar utf8_valid_prefix
 * counts them. */
#include "scan/scan_int.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* Bit: earlier byte (high nibble h1, low l1), later byte (high nibble h2). */
#define TOO_SHORT (1 << 0)  /* lead (h1 C-F), then no continuation (h2 0-7 or C-F) */
#define TOO_LONG (1 << 1)   /* ASCII (h1 0-7), then a continuation (h2 8-B) */
#define OVERLONG_3 (1 << 2) /* E0, then 80-9F */
#define TOO_LARGE (1 << 3)  /* F4-FF, then 90-BF */
#define SURROGATE (1 << 4)  /* ED, then A0-BF */
#define OVERLONG_2 (1 << 5) /* C0 or C1, then a continuation */
#define F_THEN_8 (1 << 6)   /* F0 (overlong) or F5-FF (too large), then 80-8F */
#define TWO_CONTS (1 << 7)  /* continuation, then continuation: right only as 3rd/4th byte */
#define ANY_L1 (TOO_SHORT | TOO_LONG | TWO_CONTS)

static const uint8_t by_h1[16] = {TOO_LONG,
                                  TOO_LONG,
                                  TOO_LONG,
                                  TOO_LONG,
                                  TOO_LONG,
                                  TOO_LONG,
                                  TOO_LONG,
                                  TOO_LONG,
                                  TWO_CONTS,
                                  TWO_CONTS,
                                  TWO_CONTS,
                                  TWO_CONTS,
                                  TOO_SHORT | OVERLONG_2,
                                  TOO_SHORT,
                                  TOO_SHORT | OVERLONG_3 | SURROGATE,
                                  TOO_SHORT | TOO_LARGE | F_THEN_8};
static const uint8_t by_l1[16] = {ANY_L1 | OVERLONG_3 | OVERLONG_2 | F_THEN_8,
                                  ANY_L1 | OVERLONG_2,
                                  ANY_L1,
                                  ANY_L1,
                                  ANY_L1 | TOO_LARGE,
                                  ANY_L1 | TOO_LARGE | F_THEN_8,
                                  ANY_L1 | TOO_LARGE | F_THEN_8,
                                  ANY_L1 | TOO_LARGE | F_THEN_8,
                                  ANY_L1 | TOO_LARGE | F_THEN_8,
                                  ANY_L1 | TOO_LARGE | F_THEN_8,
                                  ANY_L1 | TOO_LARGE | F_THEN_8,
                                  ANY_L1 | TOO_LARGE | F_THEN_8,
                                  ANY_L1 | TOO_LARGE | F_THEN_8,
                                  ANY_L1 | TOO_LARGE | F_THEN_8 | SURROGATE,
                                  ANY_L1 | TOO_LARGE | F_THEN_8,
                                  ANY_L1 | TOO_LARGE | F_THEN_8};
static const uint8_t by_h2[16] = {TOO_SHORT,
                                  TOO_SHORT,
                                  TOO_SHORT,
                                  TOO_SHORT,
                                  TOO_SHORT,
                                  TOO_SHORT,
                                  TOO_SHORT,
                                  TOO_SHORT,
                                  TOO_LONG | OVERLONG_3 | OVERLONG_2 | F_THEN_8 | TWO_CONTS,
                                  TOO_LONG | OVERLONG_3 | TOO_LARGE | OVERLONG_2 | TWO_CONTS,
                                  TOO_LONG | TOO_LARGE | SURROGATE | OVERLONG_2 | TWO_CONTS,
                                  TOO_LONG | TOO_LARGE | SURROGATE | OVERLONG_2 | TWO_CONTS,
                                  TOO_SHORT,
                                  TOO_SHORT,
                                  TOO_SHORT,
                                  TOO_SHORT};

__attribute__((target("avx2"))) static __m256i table(const uint8_t t[16])
{
    return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)t));
}

/* The bytes of `in` shifted by k (1..3) with the last bytes of `prev` in front. */
#define PREV(in, prev, k)                                                                          \
    _mm256_alignr_epi8(in, _mm256_permute2x128_si256(prev, in, 0x21), 16 - (k))

/* The error bits of the 32 bytes `in` after `prev`: zero if they continue valid UTF-8. */
__attribute__((target("avx2"))) static inline __m256i block_errors(__m256i in, __m256i prev)
{
    const __m256i nib = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
    __m256i p1 = PREV(in, prev, 1), p2 = PREV(in, prev, 2), p3 = PREV(in, prev, 3);
    __m256i e = _mm256_and_si256(
        _mm256_and_si256(
            _mm256_shuffle_epi8(table(by_h1), _mm256_and_si256(_mm256_srli_epi16(p1, 4), nib)),
            _mm256_shuffle_epi8(table(by_l1), _mm256_and_si256(p1, nib))),
        _mm256_shuffle_epi8(table(by_h2), _mm256_and_si256(_mm256_srli_epi16(in, 4), nib)));
    /* a third byte after E0-EF, a fourth after F0-FF, must be continuations */
    __m256i third = _mm256_subs_epu8(p2, _mm256_set1_epi8((char)(0xE0 - 1)));
    __m256i fourth = _mm256_subs_epu8(p3, _mm256_set1_epi8((char)(0xF0 - 1)));
    __m256i must = _mm256_and_si256(_mm256_cmpgt_epi8(_mm256_or_si256(third, fourth), zero),
                                    _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(e, must);
}

/* Whether 32-byte block i of p (after block i - 1, or nothing) is valid. */
__attribute__((target("avx2"))) static int block_ok(const char *p, size_t i)
{
    __m256i in = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
    __m256i prev = i ? _mm256_loadu_si256((const __m256i *)(const void *)(p + i - 32))
                     : _mm256_setzero_si256();
    __m256i e = block_errors(in, prev);
    return _mm256_testz_si256(e, e);
}

/* The valid whole blocks from the start: 128 bytes at a time with one test of their errors,
 * then block by block where one failed. */
__attribute__((target("avx2"))) static size_t valid_blocks_avx2(const char *p, size_t n)
{
    size_t i = 0;
    __m256i prev = _mm256_setzero_si256();
    for (; i + 128 <= n; i += 128) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(p + i + 32));
        __m256i c = _mm256_loadu_si256((const __m256i *)(const void *)(p + i + 64));
        __m256i d = _mm256_loadu_si256((const __m256i *)(const void *)(p + i + 96));
        __m256i any = _mm256_or_si256(_mm256_or_si256(a, b), _mm256_or_si256(c, d));
        if (_mm256_movemask_epi8(_mm256_or_si256(any, prev)) == 0) {
            prev = d; /* ASCII, with nothing open before it */
            continue;
        }
        __m256i e = _mm256_or_si256(_mm256_or_si256(block_errors(a, prev), block_errors(b, a)),
                                    _mm256_or_si256(block_errors(c, b), block_errors(d, c)));
        if (!_mm256_testz_si256(e, e)) {
            break;
        }
        prev = d;
    }
    for (; i + 32 <= n && block_ok(p, i); i += 32) {
    }
    return i;
}

/* The same 16 bytes at a time with SSSE3's byte shuffle, for CPUs without AVX2. */
__attribute__((target("ssse3"))) static inline __m128i block_errors128(__m128i in, __m128i prev)
{
    const __m128i nib = _mm_set1_epi8(0x0F), zero = _mm_setzero_si128();
    const __m128i h1 = _mm_loadu_si128((const __m128i *)(const void *)by_h1);
    const __m128i l1 = _mm_loadu_si128((const __m128i *)(const void *)by_l1);
    const __m128i h2 = _mm_loadu_si128((const __m128i *)(const void *)by_h2);
    __m128i p1 = _mm_alignr_epi8(in, prev, 15), p2 = _mm_alignr_epi8(in, prev, 14);
    __m128i p3 = _mm_alignr_epi8(in, prev, 13);
    __m128i e =
        _mm_and_si128(_mm_and_si128(_mm_shuffle_epi8(h1, _mm_and_si128(_mm_srli_epi16(p1, 4), nib)),
                                    _mm_shuffle_epi8(l1, _mm_and_si128(p1, nib))),
                      _mm_shuffle_epi8(h2, _mm_and_si128(_mm_srli_epi16(in, 4), nib)));
    __m128i third = _mm_subs_epu8(p2, _mm_set1_epi8((char)(0xE0 - 1)));
    __m128i fourth = _mm_subs_epu8(p3, _mm_set1_epi8((char)(0xF0 - 1)));
    __m128i must =
        _mm_and_si128(_mm_cmpgt_epi8(_mm_or_si128(third, fourth), zero), _mm_set1_epi8((char)0x80));
    return _mm_xor_si128(e, must);
}

/* valid_blocks_avx2 16 bytes a block: 64 bytes at a time, then block by block. */
__attribute__((target("ssse3"))) static size_t valid_blocks_ssse3(const char *p, size_t n)
{
    size_t i = 0;
    __m128i prev = _mm_setzero_si128();
    for (; i + 64 <= n; i += 64) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 16));
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 32));
        __m128i d = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 48));
        __m128i any = _mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d));
        if (_mm_movemask_epi8(_mm_or_si128(any, prev)) == 0) {
            prev = d; /* ASCII, with nothing open before it */
            continue;
        }
        __m128i e = _mm_or_si128(_mm_or_si128(block_errors128(a, prev), block_errors128(b, a)),
                                 _mm_or_si128(block_errors128(c, b), block_errors128(d, c)));
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(e, _mm_setzero_si128())) != 0xFFFF) {
            break;
        }
        prev = d;
    }
    for (; i + 16 <= n; i += 16) {
        __m128i in = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i e = block_errors128(in, prev);
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(e, _mm_setzero_si128())) != 0xFFFF) {
            break;
        }
        prev = in;
    }
    return i;
}

#define T512 __attribute__((target("avx512f,avx512bw,avx512vbmi")))

T512 static __m512i table512(const uint8_t t[16])
{
    return _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)(const void *)t));
}

/* The error bits of the 64 bytes `in` after `prev`, as block_errors. The bytes one, two and
 * three back come from one byte permutation of prev and in (VBMI): index 64 + j is prev[j]. */
T512 static inline __m512i block_errors512(__m512i in, __m512i prev)
{
    const __m512i nib = _mm512_set1_epi8(0x0F), one = _mm512_set1_epi8(1);
    /* byte j: j - 1, and 127 (prev[63]) for j = 0 */
    const __m512i back1 = _mm512_set_epi64(
        0x3e3d3c3b3a393837, 0x363534333231302f, 0x2e2d2c2b2a292827, 0x262524232221201f,
        0x1e1d1c1b1a191817, 0x161514131211100f, 0x0e0d0c0b0a090807, 0x060504030201007f);
    const __m512i back2 = _mm512_sub_epi8(back1, one), back3 = _mm512_sub_epi8(back2, one);
    __m512i p1 = _mm512_permutex2var_epi8(in, back1, prev);
    __m512i p2 = _mm512_permutex2var_epi8(in, back2, prev);
    __m512i p3 = _mm512_permutex2var_epi8(in, back3, prev);
    __m512i e = _mm512_and_si512(
        _mm512_and_si512(
            _mm512_shuffle_epi8(table512(by_h1), _mm512_and_si512(_mm512_srli_epi16(p1, 4), nib)),
            _mm512_shuffle_epi8(table512(by_l1), _mm512_and_si512(p1, nib))),
        _mm512_shuffle_epi8(table512(by_h2), _mm512_and_si512(_mm512_srli_epi16(in, 4), nib)));
    /* a third byte after E0-EF, a fourth after F0-FF, must be continuations */
    __mmask64 must = _mm512_cmpge_epu8_mask(p2, _mm512_set1_epi8((char)0xE0)) |
                     _mm512_cmpge_epu8_mask(p3, _mm512_set1_epi8((char)0xF0));
    return _mm512_xor_si512(e, _mm512_maskz_mov_epi8(must, _mm512_set1_epi8((char)0x80)));
}

/* valid_blocks_avx2 64 bytes a block: 128 bytes at a time, then block by block. */
T512 static size_t valid_blocks_avx512(const char *p, size_t n)
{
    size_t i = 0;
    __m512i prev = _mm512_setzero_si512();
    for (; i + 128 <= n; i += 128) {
        __m512i a = _mm512_loadu_si512((const void *)(p + i));
        __m512i b = _mm512_loadu_si512((const void *)(p + i + 64));
        if (_mm512_movepi8_mask(_mm512_or_si512(_mm512_or_si512(a, b), prev)) == 0) {
            prev = b; /* ASCII, with nothing open before it */
            continue;
        }
        __m512i e = _mm512_or_si512(block_errors512(a, prev), block_errors512(b, a));
        if (_mm512_test_epi8_mask(e, e) != 0) {
            break;
        }
        prev = b;
    }
    for (; i + 64 <= n; i += 64) {
        __m512i in = _mm512_loadu_si512((const void *)(p + i));
        __m512i e = block_errors512(in, prev);
        if (_mm512_test_epi8_mask(e, e) != 0) {
            break;
        }
        prev = in;
    }
    return i;
}

int scan_simd_best(void)
{
    if (__builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vbmi")) {
        return SCAN_SIMD_AVX512;
    }
    return __builtin_cpu_supports("avx2") ? SCAN_SIMD_AVX2 : SCAN_SIMD_SSE2;
}

size_t scan_utf8_valid(const char *p, size_t n, int simd)
{
    size_t i;
    if (simd == SCAN_SIMD_AVX512) {
        i = valid_blocks_avx512(p, n);
    } else if (simd == SCAN_SIMD_AVX2) {
        i = valid_blocks_avx2(p, n);
    } else if (__builtin_cpu_supports("ssse3")) {
        i = valid_blocks_ssse3(p, n);
    } else {
        return 0;
    }
    size_t j = i;
    /* A character cut at the end of the last block was not checked whole: stop before it. */
    while (j > 0 && i - j < 4 && ((unsigned char)p[j - 1] & 0xC0) == 0x80) {
        j--;
    }
    if (j > 0 && (unsigned char)p[j - 1] >= 0xC0) {
        j--;
    }
    return j;
}

#else

int scan_simd_best(void)
{
    return SCAN_SIMD_SSE2;
}

size_t scan_utf8_valid(const char *p, size_t n, int simd)
{
    (void)p, (void)n, (void)simd;
    return 0;
}

#endif
