/* sample.c - exact samplers for differential privacy over the random source of util/rng.c:
 * uniform integers by rejection, Bernoulli(num/den) and Bernoulli(exp(-num/den)), discrete
 * Laplace and discrete Gaussian after Canonne, Kamath and Steinke 2020 (arXiv 2004.00010,
 * Algorithms 1-3), in integer arithmetic. The tail helpers at the end use doubles; they never
 * draw. */
#include "sample.h"

#include <assert.h>
#include <math.h>

/* ---- Uniform integers ---- */

dp_u128 dp_uniform128(dp_rng *rng, dp_u128 m)
{
    assert(m >= 1);
    if (m <= UINT64_MAX) {
        return dp_uniform64(rng, (uint64_t)m);
    }
    const uint64_t top = (uint64_t)((m - 1) >> 64);
    if (top == 0) { /* m = 2^64 */
        return rng_bits(rng, 64);
    }
    const unsigned hibits = 64 - (unsigned)__builtin_clzll(top);
    for (;;) {
        const uint64_t hi = rng_bits(rng, hibits);
        const dp_u128 x = (dp_u128)hi << 64 | rng_bits(rng, 64);
        if (x < m) {
            return x;
        }
    }
}

/* ---- Bernoulli trials ---- */

int dp_bernoulli(dp_rng *rng, dp_u128 num, dp_u128 den)
{
    assert(den >= 1 && num <= den);
    if (num == 0) {
        return 0;
    }
    if (num >= den) {
        return 1;
    }
    return dp_uniform128(rng, den) < num;
}

/* Bernoulli(exp(-num/den)) for num <= den: CKS Algorithm 1, k = 1; while Bernoulli(g/k): k++;
 * return k odd. Bernoulli(g/k) is one draw in [0, den k) while den k fits in 128 bits; beyond,
 * Bernoulli(g) and Bernoulli(1/k), which has the same law. */
static int bern_exp_le1(dp_rng *rng, dp_u128 num, dp_u128 den)
{
    assert(num <= den);
    for (uint64_t k = 1;; k++) {
        dp_u128 dk;
        int hit;
        if (!__builtin_mul_overflow(den, (dp_u128)k, &dk)) {
            hit = dp_bernoulli(rng, num, dk);
        } else {
            hit = dp_bernoulli(rng, num, den) && dp_uniform64(rng, k) == 0;
        }
        if (!hit) {
            return (int)(k & 1);
        }
    }
}

/* Bernoulli(exp(-1)): as above with g = 1, whose first trial always succeeds. */
static int bern_exp1(dp_rng *rng)
{
    uint64_t k = 2;
    while (dp_uniform64(rng, k) == 0) {
        k++;
    }
    return (int)(k & 1);
}

/* Bernoulli(exp(-(n + r/den))), r <= den: n trials of Bernoulli(exp(-1)), then exp(-r/den).
 * The loop ends at the first failure, after 1.6 trials on average, whatever n. */
static int bern_exp_parts(dp_rng *rng, dp_u128 n, dp_u128 r, dp_u128 den)
{
    for (dp_u128 i = 0; i < n; i++) {
        if (!bern_exp1(rng)) {
            return 0;
        }
    }
    return bern_exp_le1(rng, r, den);
}

int dp_bern_exp(dp_rng *rng, dp_u128 num, dp_u128 den)
{
    assert(den >= 1);
    if (num <= den) {
        return bern_exp_le1(rng, num, den);
    }
    const dp_u128 n = num / den;
    return bern_exp_parts(rng, n, num - n * den, den);
}

/* ---- Discrete Laplace and discrete Gaussian ---- */

int64_t dp_dlap(dp_rng *rng, uint64_t s, uint64_t t)
{
    assert(s >= 1 && t >= 1);
    for (;;) {
        const uint64_t u = dp_uniform64(rng, t);
        if (!bern_exp_le1(rng, u, t)) {
            continue;
        }
        uint64_t v = 0;
        while (bern_exp1(rng)) {
            v++;
        }
        /* x ~ Geometric(1 - exp(-1/t)), y ~ Geometric(1 - exp(-s/t)); 128 bits because t v
         * exceeds 2^64 with probability up to exp(-4) when t is near 2^62 */
        const dp_u128 x = (dp_u128)u + (dp_u128)t * v;
        const dp_u128 y = x <= UINT64_MAX ? (dp_u128)((uint64_t)x / s) : x / s;
        const int is_neg = (int)rng_bits(rng, 1);
        if (is_neg && y == 0) {
            continue; /* "negative zero": keeping it would draw 0 twice as often */
        }
        const int64_t mag = y > INT64_MAX ? INT64_MAX : (int64_t)y;
        return is_neg ? -mag : mag;
    }
}

int dp_mul_divmod(dp_u128 *q, dp_u128 *r, dp_u128 a, dp_u128 b, dp_u128 d)
{
    assert(d >= 1);
    const dp_u128 m64 = UINT64_MAX;
    const dp_u128 a0 = a & m64, a1 = a >> 64, b0 = b & m64, b1 = b >> 64;
    const dp_u128 lo00 = a0 * b0, mid1 = a0 * b1, mid2 = a1 * b0;
    const dp_u128 mid = (lo00 >> 64) + (mid1 & m64) + (mid2 & m64); /* < 3 * 2^64 */
    const dp_u128 lo = (lo00 & m64) | mid << 64;
    const dp_u128 hi = a1 * b1 + (mid1 >> 64) + (mid2 >> 64) + (mid >> 64);
    if (hi >= d) {
        return -1;
    }
    /* long division of (hi, lo) by d, one bit at a time; rem < d throughout */
    dp_u128 rem = hi, quo = 0;
    for (int i = 127; i >= 0; i--) {
        const int carry = (int)(rem >> 127);
        rem = rem << 1 | ((lo >> i) & 1);
        quo <<= 1;
        if (carry || rem >= d) {
            rem -= d;
            quo |= 1;
        }
    }
    *q = quo;
    *r = rem;
    return 0;
}

/* floor(sqrt(x)) by bisection on c * c <= x, within the bracket the bit length of x gives. */
static uint64_t isqrt64(uint64_t x)
{
    if (x == 0) {
        return 0;
    }
    const unsigned b = 64 - (unsigned)__builtin_clzll(x); /* 2^(b-1) <= x < 2^b */
    uint64_t lo = (uint64_t)1 << ((b - 1) / 2), hi = (uint64_t)1 << ((b + 1) / 2);
    while (hi - lo > 1) { /* lo * lo <= x < hi * hi */
        const uint64_t mid = lo + (hi - lo) / 2;
        if ((dp_u128)mid * mid <= x) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* Accepts with probability exp(-a^2 / d). a^2 fits in 128 bits when a < 2^64 (always, unless
 * the proposal is several standard deviations out); otherwise the exponent is split exactly into
 * floor(a^2 / d) and (a^2 mod d) / d by dp_mul_divmod. Only if floor(a^2 / d) itself needs more
 * than 128 bits is the proposal rejected outright: its acceptance probability is below
 * exp(-2^128), and so is the change this makes to the output distribution. */
static int gauss_accept(dp_rng *rng, dp_u128 a, dp_u128 d)
{
    dp_u128 n = 0, r;
    if (a <= UINT64_MAX) {
        r = a * a;
        if (r >= d) {
            n = r / d;
            r -= n * d;
        }
    } else if (dp_mul_divmod(&n, &r, a, a, d) < 0) {
        return 0;
    }
    return bern_exp_parts(rng, n, r, d);
}

/* CKS Algorithm 3 with sigma^2 = num/den, t = floor(sigma) + 1: propose Y ~ DLap(1, t), accept
 * with probability exp(-(|Y| - sigma^2/t)^2 / (2 sigma^2)), which over a common denominator is
 * exp(-(|Y| den t - num)^2 / (2 num den t^2)). With num < 2^62 and den < 2^32, den t^2 <=
 * num + 2 sqrt(num den) + den < 2^63, so d = 2 num den t^2 < 2^126, and |Y| den t < 2^127. */
int64_t dp_dgauss(dp_rng *rng, uint64_t num, uint64_t den)
{
    assert(num >= 1 && num < (uint64_t)1 << 62 && den >= 1 && den < (uint64_t)1 << 32);
    const uint64_t t = isqrt64(num / den) + 1; /* floor(sqrt(num/den)) = isqrt(floor(num/den)) */
    const dp_u128 dt = (dp_u128)den * t;
    const dp_u128 d = 2 * (dp_u128)num * (dt * t);
    for (;;) {
        const int64_t y = dp_dlap(rng, 1, t);
        const uint64_t ay = y < 0 ? (uint64_t)0 - (uint64_t)y : (uint64_t)y;
        const dp_u128 yt = (dp_u128)ay * dt;
        const dp_u128 a = yt >= num ? yt - num : num - yt;
        if (gauss_accept(rng, a, d)) {
            return y;
        }
    }
}

/* ---- Tails and half-widths: doubles describe the noise, they never draw it ---- */

#define LN2 0.69314718055994530942
#define PI 3.14159265358979323846
#define TAIL_SLACK 1e-9             /* a k passes only if P (1 + 1e-9) <= the bound */
#define K_LIMIT ((uint64_t)1 << 62) /* larger answers are reported as UINT64_MAX */
#define DIRECT_SIGMA 100.0          /* up to here, Gaussian sums term by term */

typedef struct tail_query {
    int is_gauss, is_two_sided;
    double r, log1pq; /* DLap: s/t and log(1 + exp(-s/t)) */
    double s2, logz;  /* DGauss: sigma^2 and the log of the normaliser */
    double log_bound; /* log(alpha) or log(p) */
} tail_query;

static double gauss_f(double x, double s2)
{
    return exp(-x * x / (2 * s2));
}

/* sum_{x >= k} exp(-x^2 / (2 s2)) term by term, until a term is below 1e-18 of the sum */
static double gauss_sum_direct(double k, double s2)
{
    double sum = 0;
    for (double x = k;; x++) {
        const double term = gauss_f(x, s2);
        sum += term;
        if (term <= 1e-18 * sum) {
            return sum;
        }
    }
}

/* The same sum by Euler-Maclaurin (sigma > 100): the integral, f(k)/2, and the corrections
 * -B_2j/(2j)! f^(2j-1)(k) for j = 1..4, with f^(n) = (-1/sigma)^n He_n(x/sigma) f. At sigma >
 * 100 and k below 35 sigma the next term is below 1e-11 of the sum. */
static double gauss_sum_em(double k, double s2)
{
    const double u = k / s2, u2 = u * u, f = gauss_f(k, s2);
    const double d1 = -u;
    const double d3 = -u * (u2 - 3 / s2);
    const double d5 = -u * (u2 * u2 - 10 * u2 / s2 + 15 / (s2 * s2));
    const double d7 =
        -u * (u2 * u2 * u2 - 21 * u2 * u2 / s2 + 105 * u2 / (s2 * s2) - 105 / (s2 * s2 * s2));
    const double integral = sqrt(s2 * PI / 2) * erfc(k / sqrt(2 * s2));
    return integral + f * (0.5 - d1 / 12 + d3 / 720 - d5 / 30240 + d7 / 1209600);
}

/* log P[X >= k], k >= 1 */
static double log_tail(const tail_query *q, uint64_t k)
{
    const double x = (double)k;
    if (!q->is_gauss) {
        return -x * q->r - q->log1pq; /* P[X >= k] = q^k / (1 + q) */
    }
    const double e = x * x / (2 * q->s2);
    if (e < 600) {
        const double sum =
            sqrt(q->s2) <= DIRECT_SIGMA ? gauss_sum_direct(x, q->s2) : gauss_sum_em(x, q->s2);
        return log(sum) - q->logz;
    }
    /* far out (and past underflow): sum_{j >= 0} exp(-(2kj + j^2) / (2 s2)) is at most the
     * geometric series 1 / (1 - exp(-(2k + 1) / (2 s2))), an upper bound, so conservative */
    return -e - log(-expm1(-(2 * x + 1) / (2 * q->s2))) - q->logz;
}

static int tail_ok(const tail_query *q, uint64_t k)
{
    const double lp = q->is_two_sided ? LN2 + log_tail(q, k + 1) : log_tail(q, k);
    return lp + TAIL_SLACK <= q->log_bound;
}

/* Smallest k in [lo, K_LIMIT] with tail_ok (a monotone predicate), searched from guess by
 * galloping then bisection; UINT64_MAX if there is none. */
static uint64_t smallest_ok(const tail_query *q, uint64_t lo, double guess)
{
    uint64_t hi = !(guess > (double)lo) ? lo : guess < (double)K_LIMIT ? (uint64_t)guess : K_LIMIT;
    uint64_t bad = lo, step = 1; /* bisection invariant: !tail_ok(bad), tail_ok(hi) */
    if (tail_ok(q, hi)) {
        for (;; step *= 2) {
            if (hi - lo < step) {
                if (tail_ok(q, lo)) {
                    return lo;
                }
                bad = lo;
                break;
            }
            if (!tail_ok(q, hi - step)) {
                bad = hi - step;
                break;
            }
            hi -= step;
        }
    } else {
        for (bad = hi;; step *= 2) {
            hi = K_LIMIT - bad <= step ? K_LIMIT : bad + step;
            if (tail_ok(q, hi)) {
                break;
            }
            if (hi == K_LIMIT) {
                return UINT64_MAX;
            }
            bad = hi;
        }
    }
    while (hi - bad > 1) {
        const uint64_t mid = bad + (hi - bad) / 2;
        if (tail_ok(q, mid)) {
            hi = mid;
        } else {
            bad = mid;
        }
    }
    return hi;
}

static tail_query dlap_query(uint64_t s, uint64_t t, double bound, int is_two_sided)
{
    tail_query q = {0};
    q.is_two_sided = is_two_sided;
    q.r = (double)s / (double)t;
    q.log1pq = log1p(exp(-q.r));
    q.log_bound = log(bound);
    return q;
}

static tail_query dgauss_query(uint64_t num, uint64_t den, double bound, int is_two_sided)
{
    tail_query q = {0};
    q.is_gauss = 1;
    q.is_two_sided = is_two_sided;
    q.s2 = (double)num / (double)den;
    const double sigma = sqrt(q.s2);
    if (sigma <= DIRECT_SIGMA) {
        const double z = 2 * gauss_sum_direct(1, q.s2) + 1;
        q.logz = log(z);
    } else {
        /* Poisson summation: Z = sqrt(2 pi s2) (1 + 2 sum_k exp(-2 pi^2 k^2 s2)), and the
         * correction is below exp(-197000) here */
        q.logz = 0.5 * log(2 * PI * q.s2);
    }
    q.log_bound = log(bound);
    return q;
}

/* k from P[X >= k] = q^k / (1 + q) <= bound, before the check against rounding */
static double dlap_guess(const tail_query *q)
{
    const double lb = q->log_bound - (q->is_two_sided ? LN2 : 0);
    return ceil((-q->log1pq - lb) / q->r) - (q->is_two_sided ? 1 : 0);
}

static double dgauss_guess(const tail_query *q)
{
    return sqrt(q->s2) * sqrt(-2 * q->log_bound);
}

uint64_t dp_dlap_halfwidth(uint64_t s, uint64_t t, double alpha)
{
    if (!(alpha > 0)) {
        return UINT64_MAX;
    }
    if (alpha >= 1) {
        return 0;
    }
    const tail_query q = dlap_query(s, t, alpha, 1);
    return smallest_ok(&q, 0, dlap_guess(&q));
}

uint64_t dp_dlap_tail(uint64_t s, uint64_t t, double p)
{
    if (!(p > 0)) {
        return UINT64_MAX;
    }
    if (p >= 1) {
        return 1;
    }
    const tail_query q = dlap_query(s, t, p, 0);
    return smallest_ok(&q, 1, dlap_guess(&q));
}

uint64_t dp_dgauss_halfwidth(uint64_t num, uint64_t den, double alpha)
{
    if (!(alpha > 0)) {
        return UINT64_MAX;
    }
    if (alpha >= 1) {
        return 0;
    }
    const tail_query q = dgauss_query(num, den, alpha, 1);
    return smallest_ok(&q, 0, dgauss_guess(&q));
}

uint64_t dp_dgauss_tail(uint64_t num, uint64_t den, double p)
{
    if (!(p > 0)) {
        return UINT64_MAX;
    }
    if (p >= 1) {
        return 1;
    }
    const tail_query q = dgauss_query(num, den, p, 0);
    return smallest_ok(&q, 1, dgauss_guess(&q));
}
