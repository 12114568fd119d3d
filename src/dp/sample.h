/* sample.h - exact samplers for differential privacy: the random source (util/rng.h), uniform
 * integers by rejection, Bernoulli(p) and Bernoulli(exp(-g)) for rational p and g, discrete
 * Laplace and discrete Gaussian (Canonne, Kamath and Steinke 2020, arXiv 2004.00010,
 * Algorithms 1-3). Integer and rational arithmetic only: no floating point touches a sample.
 * The tail and interval helpers at the end use doubles: they describe the noise, they do not
 * draw it. */
#ifndef OUTIS_DP_SAMPLE_H
#define OUTIS_DP_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "util/rng.h"

__extension__ typedef unsigned __int128 dp_u128;

/* The random source (util/rng.h): libsodium's CSPRNG, or (tests and --seed only) a ChaCha20
 * keystream from a 64-bit seed, so that runs repeat. Not thread-safe: one per thread. */
typedef rng_state dp_rng;

/* Returns -1 if libsodium cannot be initialised. */
static inline int dp_rng_init(dp_rng *r)
{
    return rng_init(r);
}
static inline void dp_rng_init_seeded(dp_rng *r, uint64_t seed)
{
    rng_init_seeded(r, seed);
}
/* Wipes the buffer and key. Used again, a wiped rng draws from the system CSPRNG. */
static inline void dp_rng_wipe(dp_rng *r)
{
    rng_wipe(r);
}
static inline uint64_t dp_rng_u64(dp_rng *r)
{
    return rng_u64(r);
}
/* Uniform in [0, m), m >= 1, by rejection from the smallest covering power of two. */
static inline uint64_t dp_uniform64(dp_rng *r, uint64_t m)
{
    return rng_uniform64(r, m);
}
dp_u128 dp_uniform128(dp_rng *rng, dp_u128 m);

/* 1 with probability num/den (0 <= num <= den, den >= 1). */
int dp_bernoulli(dp_rng *rng, dp_u128 num, dp_u128 den);
/* 1 with probability exp(-num/den), any num, den >= 1 (exact for every value: where den * k
 * would overflow, Bernoulli(g/k) is drawn as Bernoulli(g) and Bernoulli(1/k)). */
int dp_bern_exp(dp_rng *rng, dp_u128 num, dp_u128 den);

/* The samplers' running time is random and depends on the value drawn (a timing side channel
 * when an attacker can time single draws); the values are exact. */

/* Discrete Laplace Lap_Z(t/s): P[x] proportional to exp(-|x| s/t). 1 <= s, t < 2^62. A value
 * beyond +-INT64_MAX is returned as +-INT64_MAX; that needs t/s > 2^57 to have probability
 * above 2^-64. */
int64_t dp_dlap(dp_rng *rng, uint64_t s, uint64_t t);
/* Discrete Gaussian N_Z(0, num/den): P[x] proportional to exp(-x^2 den/(2 num)).
 * 1 <= num < 2^62, 1 <= den < 2^32. Exact except that a proposal whose acceptance probability
 * is below exp(-2^128) is rejected (see sample.c). */
int64_t dp_dgauss(dp_rng *rng, uint64_t num, uint64_t den);

/* floor(a b / d) into q and (a b) mod d into r, exactly (256-bit product), d >= 1. Returns -1,
 * leaving q and r untouched, when the quotient needs more than 128 bits. */
int dp_mul_divmod(dp_u128 *q, dp_u128 *r, dp_u128 a, dp_u128 b, dp_u128 d);

/* Smallest k >= 0 with P[|X| > k] <= alpha for X ~ Lap_Z(t/s): the half-width of a
 * (1 - alpha) interval. Conservative: a k passes only if P (1 + 1e-9) <= alpha, and the
 * Gaussian's far tail (beyond 34 sigma) uses an upper bound. alpha >= 1 gives 0; alpha <= 0,
 * NaN, or an answer above 2^62 gives UINT64_MAX. Same for the other three. */
uint64_t dp_dlap_halfwidth(uint64_t s, uint64_t t, double alpha);
uint64_t dp_dgauss_halfwidth(uint64_t num, uint64_t den, double alpha);
/* Smallest k >= 1 with P[X >= k] <= p: a threshold that noise alone passes with probability
 * at most p (partition selection). p >= 1 gives 1. */
uint64_t dp_dlap_tail(uint64_t s, uint64_t t, double p);
uint64_t dp_dgauss_tail(uint64_t num, uint64_t den, double p);

#endif
