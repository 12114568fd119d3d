/* dp_noise_bench.c - the cost of one noisy value: draws from outis's exact samplers with the
 * libsodium generator, at the scales its calibration produces, and prints ns per sample.
 *
 *   dp_noise_bench [SAMPLES]       (default 2,000,000 per line)
 *
 * Links the static library and its private header src/dp/sample.h. */
#include "dp/sample.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    const long n = argc > 1 ? atol(argv[1]) : 2000000;
    dp_rng rng;
    if (n <= 0 || dp_rng_init(&rng) < 0) {
        fprintf(stderr, "usage: dp_noise_bench [SAMPLES]\n");
        return 2;
    }
    int64_t sink = 0;
    printf("sampler\tscale\tns_per_sample\n");
    /* Laplace Lap_Z(t/s): a count at epsilon 1 (t/s = 1) up to a sum at granularity 1e-6 */
    const uint64_t lap[][2] = {{1, 1}, {1, 10}, {1, 1000}, {1, 1000000}, {3, 10000000}};
    for (size_t i = 0; i < sizeof lap / sizeof *lap; i++) {
        const double t0 = now();
        for (long k = 0; k < n; k++) {
            sink += dp_dlap(&rng, lap[i][0], lap[i][1]);
        }
        printf("laplace\t%g\t%.1f\n", (double)lap[i][1] / (double)lap[i][0],
               (now() - t0) / (double)n * 1e9);
    }
    /* Gaussian N_Z(0, num/den), den = 2^31 as noise.c builds it for small variances */
    const double sigma2[] = {1, 100, 1e6, 1e12};
    for (size_t i = 0; i < sizeof sigma2 / sizeof *sigma2; i++) {
        uint64_t den = (uint64_t)1 << 31;
        while (den > 1 && sigma2[i] * (double)den >= 0x1p61) {
            den >>= 1;
        }
        const uint64_t num = (uint64_t)(sigma2[i] * (double)den) + 1;
        const double t0 = now();
        for (long k = 0; k < n; k++) {
            sink += dp_dgauss(&rng, num, den);
        }
        printf("gaussian\t%g\t%.1f\n", sigma2[i], (now() - t0) / (double)n * 1e9);
    }
    dp_rng_wipe(&rng);
    return sink == 42 ? 1 : 0; /* keeps the draws; never 42 in practice */
}
