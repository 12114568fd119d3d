/* noise.h - calibrated noise for one aggregate: the discrete Laplace or discrete Gaussian
 * distribution that makes a query of a given sensitivity private at a given budget, with
 * exact rational parameters that are never smaller than the calibrated ones. */
#ifndef OUTIS_DP_NOISE_H
#define OUTIS_DP_NOISE_H

#include "outis/dp.h"
#include "sample.h"

typedef struct dp_noise {
    int mechanism;       /* enum outis_dp_mechanism */
    uint64_t s, t;       /* Laplace: Lap_Z(t/s) */
    uint64_t num, den;   /* Gaussian: N_Z(0, num/den) */
    uint64_t half95;     /* P[|noise| > half95] <= 0.05 */
    uint64_t half975;    /* P[|noise| > half975] <= 0.025, for intervals built from two */
    double epsilon, rho; /* what it spends */
} dp_noise;

/* The largest fraction p/q <= x with q <= qmax (a convergent of x's continued fraction), so
 * that a scale computed from it is never below sensitivity / x. 0, or -1 if p would be 0. */
int noise_rational_below(uint64_t *p, uint64_t *q, double x, uint64_t qmax);

/* Laplace noise for L1 sensitivity l1 (in units) at epsilon: scale >= l1 / epsilon.
 * OUTIS_EINVAL when the scale cannot be represented (epsilon too small, sensitivity too
 * large for the granularity). */
int noise_laplace(dp_noise *n, uint64_t l1, double epsilon, outis_error *err);
/* Gaussian noise for squared L2 sensitivity l2sq at rho (zCDP): sigma^2 >= l2sq / (2 rho). */
int noise_gauss(dp_noise *n, double l2sq, double rho, outis_error *err);
int64_t noise_draw(const dp_noise *n, dp_rng *rng);
/* The standard deviation of the noise (for approximate intervals of sums of draws). */
double noise_stddev(const dp_noise *n);

#endif
