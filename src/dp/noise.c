/* noise.c - calibrating the discrete Laplace and Gaussian mechanisms. Laplace: adding
 * Lap_Z(Delta/eps) to an integer query of L1 sensitivity Delta is eps-DP. Gaussian: adding
 * N_Z(0, sigma^2) to a query of L2 sensitivity Delta is Delta^2/(2 sigma^2)-zCDP (Canonne,
 * Kamath and Steinke 2020, Thm 4). Parameters are rounded towards more noise. */
#include "noise.h"

#include "util/error_int.h"

#include <math.h>
#include <string.h>

#define SCALE_LIMIT ((uint64_t)1 << 62)
#define QMAX ((uint64_t)1 << 24)

__extension__ typedef unsigned __int128 u128;

int noise_rational_below(uint64_t *p, uint64_t *q, double x, uint64_t qmax)
{
    if (!(x > 0) || !isfinite(x) || qmax == 0) {
        return -1;
    }
    /* x = m / 2^k exactly; Euclid on (m, 2^k) gives the continued fraction, and the
     * convergents of even index lie below x. */
    int e;
    const double fr = frexp(x, &e); /* x = fr * 2^e, fr in [0.5, 1) */
    u128 a = (u128)ldexp(fr, 53), b;
    int k = 53 - e;
    if (k > 120) {
        return -1; /* below 2^-67: no useful epsilon */
    }
    if (k < 0) {
        if (-k > 10) {
            return -1; /* an epsilon above 2^63 is not a privacy guarantee */
        }
        a <<= -k;
        k = 0;
    }
    b = (u128)1 << k;
    u128 h0 = 0, h1 = 1, k0 = 1, k1 = 0; /* convergents h/k: h_{-2}=0, h_{-1}=1 */
    uint64_t best_p = 0, best_q = 0;
    for (int i = 0; b != 0; i++) {
        const u128 c = a / b, r = a % b;
        const u128 h2 = c * h1 + h0, k2 = c * k1 + k0;
        if (k2 > qmax || h2 >= SCALE_LIMIT) {
            if (i % 2 == 0 && k1 > 0) { /* the best lower semiconvergent below the limits */
                u128 j = (qmax - k0) / k1;
                j = j < c ? j : c;
                if (h1 > 0 && (SCALE_LIMIT - 1 - h0) / h1 < j) {
                    j = (SCALE_LIMIT - 1 - h0) / h1;
                }
                if (j > 0) {
                    best_p = (uint64_t)(h0 + j * h1);
                    best_q = (uint64_t)(k0 + j * k1);
                }
            }
            break;
        }
        if (i % 2 == 0 || r == 0) { /* the last convergent is x itself */
            best_p = (uint64_t)h2;
            best_q = (uint64_t)k2;
        }
        h0 = h1, h1 = h2, k0 = k1, k1 = k2;
        a = b, b = r;
    }
    if (best_p == 0) {
        return -1;
    }
    *p = best_p;
    *q = best_q;
    return 0;
}

static uint64_t gcd64(uint64_t a, uint64_t b)
{
    while (b != 0) {
        const uint64_t r = a % b;
        a = b;
        b = r;
    }
    return a;
}

int noise_laplace(dp_noise *n, uint64_t l1, double epsilon, outis_error *err)
{
    memset(n, 0, sizeof *n);
    n->mechanism = OUTIS_DP_LAPLACE;
    n->epsilon = epsilon;
    if (l1 == 0) {
        l1 = 1; /* a constant query: any noise is private; keep the sampler's domain */
    }
    uint64_t p, q;
    const uint64_t qmax = (SCALE_LIMIT - 1) / l1 < QMAX ? (SCALE_LIMIT - 1) / l1 : QMAX;
    if (noise_rational_below(&p, &q, epsilon, qmax) < 0) {
        return ou_err(err, OUTIS_EINVAL,
                      "epsilon %g is too small for a sensitivity of %llu units; use a coarser "
                      "granularity or a larger epsilon",
                      epsilon, (unsigned long long)l1);
    }
    /* scale t/s = l1 / (p/q) = l1 q / p >= l1 / epsilon */
    uint64_t t = l1 * q, s = p;
    const uint64_t g = gcd64(t, s);
    n->t = t / g;
    n->s = s / g;
    n->half95 = dp_dlap_halfwidth(n->s, n->t, 0.05);
    n->half975 = dp_dlap_halfwidth(n->s, n->t, 0.025);
    return 0;
}

int noise_gauss(dp_noise *n, double l2sq, double rho, outis_error *err)
{
    memset(n, 0, sizeof *n);
    n->mechanism = OUTIS_DP_GAUSSIAN;
    n->rho = rho;
    if (!(rho > 0) || !isfinite(rho)) {
        return ou_err(err, OUTIS_EINVAL, "the gaussian budget rho must be positive");
    }
    if (l2sq < 1) {
        l2sq = 1;
    }
    const double s2 = l2sq / (2 * rho);
    if (!(s2 < 0x1p60)) {
        return ou_err(err, OUTIS_EINVAL,
                      "gaussian noise variance %g units^2 is too large; use a coarser "
                      "granularity or a larger epsilon",
                      s2);
    }
    /* num/den with den a power of two, num < 2^62, rounded up */
    int k = 31;
    while (k > 0 && s2 * ldexp(1, k) >= 0x1p61) {
        k--;
    }
    n->den = (uint64_t)1 << k;
    n->num = (uint64_t)ceil(s2 * ldexp(1, k) * (1 + 1e-12)) + 1;
    n->half95 = dp_dgauss_halfwidth(n->num, n->den, 0.05);
    n->half975 = dp_dgauss_halfwidth(n->num, n->den, 0.025);
    return 0;
}

int64_t noise_draw(const dp_noise *n, dp_rng *rng)
{
    return n->mechanism == OUTIS_DP_LAPLACE ? dp_dlap(rng, n->s, n->t)
                                            : dp_dgauss(rng, n->num, n->den);
}

double noise_stddev(const dp_noise *n)
{
    if (n->mechanism == OUTIS_DP_GAUSSIAN) {
        return sqrt((double)n->num / (double)n->den);
    }
    const double q = exp(-(double)n->s / (double)n->t);
    return sqrt(2 * q) / (1 - q);
}
