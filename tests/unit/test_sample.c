/* test_sample.c - the exact DP samplers (src/dp/sample.c) against their laws, with seeded
 * generators: Bernoulli and BernExp frequencies, chi-square fits of discrete Laplace and
 * Gaussian to the exact pmf and the power to catch the "negative zero" bug (REFERENCES.md 6),
 * moments, the interval helpers against summed pmfs, a DP test in the style of Google's
 * stochastic tester, the Mironov support check, and the exact 256-bit arithmetic. */
#include "testutil.h"

#include "dp/sample.h"

#include <stdio.h>
#include <stdlib.h>

/* 1e5 draws per configuration: the whole test takes 0.5 s, or 3 s under ASan and UBSan */
#define N_FIT 100000
#define N_DP 100000
#define N_FREQ 100000
#define P_MIN 1e-4 /* per configuration; 11 fits, so 1.1e-3 over the suite (Bonferroni) */
#define HW 4096    /* histograms count values in [-HW, HW] one by one */

/* ---- Regularised upper incomplete gamma Q(a, x) (Numerical Recipes 6.2) ---- */

static double gamma_p_series(double a, double x)
{
    double ap = a, del = 1 / a, sum = del;
    for (int n = 0; n < 10000; n++) {
        ap += 1;
        del *= x / ap;
        sum += del;
        if (fabs(del) < fabs(sum) * 1e-16) {
            break;
        }
    }
    return sum * exp(-x + a * log(x) - lgamma(a));
}

/* Q by its continued fraction (modified Lentz), for x >= a + 1 */
static double gamma_q_cf(double a, double x)
{
    const double tiny = 1e-300;
    double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
    for (int i = 1; i < 10000; i++) {
        const double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        d = fabs(d) < tiny ? tiny : d;
        c = b + an / c;
        c = fabs(c) < tiny ? tiny : c;
        d = 1 / d;
        const double del = d * c;
        h *= del;
        if (fabs(del - 1) < 1e-16) {
            break;
        }
    }
    return exp(-x + a * log(x) - lgamma(a)) * h;
}

static double gamma_q(double a, double x)
{
    if (x <= 0) {
        return 1;
    }
    return x < a + 1 ? 1 - gamma_p_series(a, x) : gamma_q_cf(a, x);
}

/* ---- Exact pmfs ---- */

typedef struct dist {
    int is_gauss;
    double r;  /* DLap: s/t, q = exp(-r) */
    double s2; /* DGauss: sigma^2 */
    double z;  /* DGauss: sum of exp(-x^2 / (2 s2)) over |x| <= cut */
    long cut;  /* DGauss: 50 sigma + 10 */
} dist;

static dist dist_dlap(uint64_t s, uint64_t t)
{
    return (dist){.r = (double)s / (double)t};
}

static dist dist_dgauss(uint64_t num, uint64_t den)
{
    dist d = {.is_gauss = 1, .s2 = (double)num / (double)den};
    d.cut = (long)(50 * sqrt(d.s2)) + 10;
    d.z = 1;
    for (long x = 1; x <= d.cut; x++) {
        d.z += 2 * exp(-(double)x * (double)x / (2 * d.s2));
    }
    return d;
}

static double pmf(const dist *d, long x)
{
    const double ax = (double)labs(x);
    if (!d->is_gauss) {
        return tanh(d->r / 2) * exp(-ax * d->r); /* (1 - q) / (1 + q) q^|x| */
    }
    return labs(x) > d->cut ? 0 : exp(-ax * ax / (2 * d->s2)) / d->z;
}

/* P[X >= k], k >= 1 */
static double upper_tail(const dist *d, long k)
{
    if (!d->is_gauss) {
        return exp(-(double)k * d->r) / (1 + exp(-d->r));
    }
    double sum = 0;
    for (long x = k; x <= d->cut; x++) {
        const double p = pmf(d, x);
        sum += p;
        if (p <= 1e-20 * sum) {
            break;
        }
    }
    return sum;
}

/* P[X >= k], k >= 1, summed term by term: the brute force the helpers are checked against */
static double tail_summed(const dist *d, long k)
{
    double sum = 0;
    for (long x = k;; x++) {
        const double p = pmf(d, x);
        sum += p;
        if (p <= 1e-20 * sum) {
            return sum;
        }
    }
}

/* ---- Sampling into histograms ---- */

enum { DLAP, DGAUSS, DLAP_BUGGY };

typedef struct cfg {
    int kind;
    uint64_t a, b; /* DLap: s, t; DGauss: num, den */
} cfg;

/* CKS Algorithm 2 without rejecting B = 1, Y = 0: zero comes out for either sign, so
 * P[0] = 1 - q instead of (1 - q) / (1 + q) (0.3935 against 0.2449 at t = 2). */
static int64_t dlap_buggy(dp_rng *rng, uint64_t s, uint64_t t)
{
    for (;;) {
        const uint64_t u = dp_uniform64(rng, t);
        if (!dp_bern_exp(rng, u, t)) {
            continue;
        }
        uint64_t v = 0;
        while (dp_bern_exp(rng, 1, 1)) {
            v++;
        }
        const int64_t y = (int64_t)((u + t * v) / s);
        return dp_bernoulli(rng, 1, 2) ? -y : y;
    }
}

static int64_t draw(dp_rng *rng, const cfg *c)
{
    switch (c->kind) {
    case DLAP:
        return dp_dlap(rng, c->a, c->b);
    case DGAUSS:
        return dp_dgauss(rng, c->a, c->b);
    default:
        return dlap_buggy(rng, c->a, c->b);
    }
}

typedef struct hist {
    uint64_t c[2 * HW + 1];
    uint64_t below, above, n;
    double sum, sum2;
} hist;

static uint64_t count_at(const hist *h, long x)
{
    return x < -HW ? 0 : x > HW ? 0 : h->c[x + HW];
}

/* n draws of offset + noise, seeded */
static hist *hist_draw(const cfg *c, int64_t offset, uint64_t n, uint64_t seed)
{
    hist *h = calloc(1, sizeof *h);
    assert_non_null(h);
    dp_rng rng;
    dp_rng_init_seeded(&rng, seed);
    for (uint64_t i = 0; i < n; i++) {
        const int64_t v = offset + draw(&rng, c);
        if (v < -HW) {
            h->below++;
        } else if (v > HW) {
            h->above++;
        } else {
            h->c[v + HW]++;
        }
        h->sum += (double)v;
        h->sum2 += (double)v * (double)v;
    }
    h->n = n;
    dp_rng_wipe(&rng);
    return h;
}

/* ---- Chi-square goodness of fit ---- */

typedef struct fit {
    double x2, p;
    int df;
} fit;

static double chi_term(uint64_t o, double e)
{
    const double d = (double)o - e;
    return d * d / e;
}

/* Bins: each integer in [-k, k], k the largest with N p(k) >= 10 and N P[X > k] >= 10, and
 * the two tails with their exact mass. df = bins - 1. */
static fit chi_square(const hist *h, const dist *d)
{
    const double n = (double)h->n;
    long k = -1;
    while (k + 1 < HW && n * pmf(d, k + 1) >= 10 && n * upper_tail(d, k + 2) >= 10) {
        k++;
    }
    assert_true(k >= 0);
    fit f = {.df = (int)(2 * k + 2)};
    for (long x = -k; x <= k; x++) {
        f.x2 += chi_term(count_at(h, x), n * pmf(d, x));
    }
    uint64_t lo = h->below, hi = h->above;
    for (long x = k + 1; x <= HW; x++) {
        lo += count_at(h, -x);
        hi += count_at(h, x);
    }
    const double e_tail = n * upper_tail(d, k + 1);
    f.x2 += chi_term(lo, e_tail) + chi_term(hi, e_tail);
    f.p = gamma_q(f.df / 2.0, f.x2 / 2);
    return f;
}

static fit fit_config(const cfg *c, uint64_t n, uint64_t seed)
{
    hist *h = hist_draw(c, 0, n, seed);
    const dist d = c->kind == DGAUSS ? dist_dgauss(c->a, c->b) : dist_dlap(c->a, c->b);
    const fit f = chi_square(h, &d);
    free(h);
    print_message("%s(%llu, %llu) N=%llu: X2 = %.2f, df %d, p = %.4g\n",
                  c->kind == DGAUSS ? "dgauss"
                  : c->kind == DLAP ? "dlap"
                                    : "dlap_buggy",
                  (unsigned long long)c->a, (unsigned long long)c->b, (unsigned long long)n, f.x2,
                  f.df, f.p);
    return f;
}

/* ---- Tests ---- */

static void test_gamma_q_reference(void **state)
{
    (void)state;
    assert_near(gamma_q(0.5, 3.8415 / 2), 0.05, 1e-5); /* chi-square 5% point, df 1 */
    assert_near(gamma_q(5.0, 18.307 / 2), 0.05, 1e-5); /* df 10 */
    assert_near(gamma_q(1.0, 3.0), exp(-3.0), 1e-15);  /* Q(1, x) = e^-x */
    /* integer a: Q(n, x) = P[Poisson(x) < n], summed in Python */
    assert_near(gamma_q(20.0, 5.0), 1 - 3.452135820536384e-07, 1e-14);    /* series branch */
    assert_near(gamma_q(17.0, 200.0) / 4.7094838705520605e-64, 1, 1e-10); /* fraction */
}

/* The pmfs the fits use, against REFERENCES.md 4. */
static void test_pmf_reference(void **state)
{
    (void)state;
    const dist l = dist_dlap(1, 2);
    assert_near(pmf(&l, 0), 0.2449187, 5e-8);
    double total = 0, var = 0;
    for (long x = -2000; x <= 2000; x++) {
        total += pmf(&l, x);
        var += (double)x * (double)x * pmf(&l, x);
    }
    const double q = exp(-0.5);
    assert_near(total, 1, 1e-12);
    assert_near(var, 7.8353962, 5e-7);
    assert_near(var, 2 * q / ((1 - q) * (1 - q)), 1e-9);
    assert_near(upper_tail(&l, 3), pmf(&l, 3) / (1 - q), 1e-15);
    assert_near(upper_tail(&l, 3), tail_summed(&l, 3), 1e-15);

    const dist g = dist_dgauss(1, 1);
    assert_near(g.z, 2.5066283, 5e-8);
    assert_near(pmf(&g, 0), 0.3989423, 5e-8);
    assert_near(pmf(&g, 1), 0.2419707, 5e-8);
    assert_near(pmf(&g, -2), 0.0539910, 5e-8);
    const dist g3 = dist_dgauss(1000, 3);
    total = pmf(&g3, 0) + 2 * upper_tail(&g3, 1);
    assert_near(total, 1, 1e-12);
}

static void test_rng_seeded_determinism(void **state)
{
    (void)state;
    dp_rng *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    dp_rng_init_seeded(a, 7);
    dp_rng_init_seeded(b, 7);
    for (int i = 0; i < 3000; i++) { /* several buffer refills */
        assert_int_equal(dp_rng_u64(a), dp_rng_u64(b));
        assert_int_equal(dp_uniform64(a, 1000003), dp_uniform64(b, 1000003));
    }
    dp_rng_init_seeded(a, 7);
    dp_rng_init_seeded(b, 8);
    int same = 0;
    for (int i = 0; i < 1000; i++) {
        same += dp_rng_u64(a) == dp_rng_u64(b);
    }
    assert_int_equal(same, 0);

    assert_int_equal(dp_rng_init(a), 0);
    assert_int_equal(dp_rng_init(b), 0);
    assert_int_equal(a->is_seeded, 0);
    same = 0;
    for (int i = 0; i < 1000; i++) {
        same += dp_rng_u64(a) == dp_rng_u64(b);
    }
    assert_int_equal(same, 0);

    dp_rng_init_seeded(a, 7);
    dp_rng_wipe(a);
    const unsigned char zero[sizeof a->key] = {0};
    assert_memory_equal(a->key, zero, sizeof zero);
    assert_int_equal(a->is_seeded, 0);
    uint64_t x = 0;
    for (int i = 0; i < 8; i++) {
        x |= dp_rng_u64(a); /* fresh system randomness, not the zeroed buffer */
    }
    assert_true(x != 0);
    dp_rng_wipe(a);
    dp_rng_wipe(b);
    free(a);
    free(b);
}

static void assert_binomial(uint64_t hits, uint64_t n, double p, const char *what)
{
    const double sd = sqrt((double)n * p * (1 - p));
    const double z = ((double)hits - (double)n * p) / sd;
    if (!(fabs(z) < 5)) {
        fail_msg("%s: %llu of %llu, expected p = %.10g, z = %.2f", what, (unsigned long long)hits,
                 (unsigned long long)n, p, z);
    }
}

static void test_uniform_range(void **state)
{
    (void)state;
    dp_rng rng;
    dp_rng_init_seeded(&rng, 11);
    const uint64_t m64[] = {1, 2, 3, ((uint64_t)1 << 63) + 1, UINT64_MAX};
    for (size_t i = 0; i < sizeof m64 / sizeof *m64; i++) {
        const uint64_t m = m64[i];
        uint64_t upper = 0; /* draws in the upper half [m/2, m) */
        for (int j = 0; j < 20000; j++) {
            const uint64_t x = dp_uniform64(&rng, m);
            assert_true(x < m);
            upper += x >= m / 2;
        }
        if (m >= 2) {
            assert_binomial(upper, 20000, (double)(m - m / 2) / (double)m, "uniform64 half");
        }
    }
    const dp_u128 one = 1;
    const dp_u128 m128[] = {one << 64, (one << 64) + 1, 3 * (one << 100), (one << 127) + 1,
                            ~(dp_u128)0};
    for (size_t i = 0; i < sizeof m128 / sizeof *m128; i++) {
        const dp_u128 m = m128[i];
        uint64_t below_third = 0;
        for (int j = 0; j < 20000; j++) {
            const dp_u128 x = dp_uniform128(&rng, m);
            assert_true(x < m);
            below_third += x < m / 3;
        }
        assert_binomial(below_third, 20000, 1.0 / 3, "uniform128 third");
    }
    dp_rng_wipe(&rng);
}

static void test_bernoulli_frequencies(void **state)
{
    (void)state;
    const dp_u128 big = (dp_u128)1 << 100;
    const struct {
        dp_u128 num, den;
    } r[] = {{1, 2}, {1, 3}, {2, 7}, {999, 1000}, {1, 1000}, {big + 1, 3 * big}, {0, 5}, {5, 5}};
    dp_rng rng;
    dp_rng_init_seeded(&rng, 12);
    for (size_t i = 0; i < sizeof r / sizeof *r; i++) {
        uint64_t hits = 0;
        for (int j = 0; j < N_FREQ; j++) {
            hits += (uint64_t)dp_bernoulli(&rng, r[i].num, r[i].den);
        }
        const double p = (double)r[i].num / (double)r[i].den;
        if (p == 0 || p == 1) {
            assert_int_equal(hits, p == 0 ? 0 : N_FREQ);
        } else {
            assert_binomial(hits, N_FREQ, p, "bernoulli");
        }
    }
    dp_rng_wipe(&rng);
}

static void test_bern_exp_frequencies(void **state)
{
    (void)state;
    const dp_u128 one = 1;
    /* the last two have den k above 2^128 from k = 2: Bernoulli(g) and Bernoulli(1/k) */
    const struct {
        dp_u128 num, den;
    } r[] = {{0, 1},
             {1, 3},
             {1, 2},
             {1, 1},
             {3, 2},
             {7, 3},
             {5, 1},
             {1, 1000000000},
             {12, 5},
             {one << 126, one << 127},
             {(one << 127) + 5, (one << 127) - 1}};
    dp_rng rng;
    dp_rng_init_seeded(&rng, 13);
    for (size_t i = 0; i < sizeof r / sizeof *r; i++) {
        uint64_t hits = 0;
        for (int j = 0; j < N_FREQ; j++) {
            hits += (uint64_t)dp_bern_exp(&rng, r[i].num, r[i].den);
        }
        const double p = exp(-(double)r[i].num / (double)r[i].den);
        if (p == 1) {
            assert_int_equal(hits, N_FREQ);
        } else {
            assert_binomial(hits, N_FREQ, p, "bern_exp");
        }
    }
    dp_rng_wipe(&rng);
}

static uint64_t mod_u128(dp_u128 x, uint64_t p)
{
    return (uint64_t)(x % p);
}

static void test_mul_divmod(void **state)
{
    (void)state;
    const dp_u128 one = 1, p64 = one << 64, m127 = (one << 127) - 1;
    dp_u128 q = 0, r = 0;
    assert_int_equal(dp_mul_divmod(&q, &r, p64 + 1, p64 + 1, p64), 0);
    assert_true(q == p64 + 2 && r == 1); /* 2^128 + 2^65 + 1 */
    assert_int_equal(dp_mul_divmod(&q, &r, m127, m127, m127), 0);
    assert_true(q == m127 && r == 0);
    assert_int_equal(dp_mul_divmod(&q, &r, ~(dp_u128)0, ~(dp_u128)0, ~(dp_u128)0), 0);
    assert_true(q == ~(dp_u128)0 && r == 0);
    assert_int_equal(dp_mul_divmod(&q, &r, p64, p64, 1), -1);      /* quotient 2^128 */
    assert_int_equal(dp_mul_divmod(&q, &r, one << 127, 6, 3), -1); /* quotient 2^128 */
    assert_int_equal(dp_mul_divmod(&q, &r, one << 127, 5, 3), 0);
    /* 5 2^127 = 3 q + 1, q from Python */
    assert_true(q == ((dp_u128)0xd555555555555555u << 64 | 0x5555555555555555u) && r == 1);
    assert_int_equal(dp_mul_divmod(&q, &r, p64, p64, 2), 0);
    assert_true(q == one << 127 && r == 0);
    assert_int_equal(dp_mul_divmod(&q, &r, p64, p64 - 1, 1), 0);
    assert_true(q == p64 * (p64 - 1) && r == 0);

    /* random operands: against 128-bit arithmetic when the product fits, else q d + r = a b
     * modulo several primes, and r < d */
    const uint64_t primes[] = {4294967291u, 4294967279u, 2147483647u, 1000000007u};
    uint64_t s = 99;
    for (int i = 0; i < 20000; i++) {
        const int shift = (int)(test_rng(&s) % 64);
        const dp_u128 a = ((dp_u128)test_rng(&s) << 64 | test_rng(&s)) >> (i % 2 ? 64 : 1);
        const dp_u128 b = ((dp_u128)test_rng(&s) << 64 | test_rng(&s)) >> (1 + shift);
        dp_u128 d = ((dp_u128)test_rng(&s) << 64 | test_rng(&s)) >> (test_rng(&s) % 127);
        d += d == 0;
        if (dp_mul_divmod(&q, &r, a, b, d) < 0) {
            assert_true(a > 0 && b > 0);
            continue;
        }
        assert_true(r < d);
        if (i % 2 && b >> 64 == 0) { /* a < 2^64 too: a b fits */
            assert_true(q == a * b / d && r == a * b % d);
        }
        for (size_t j = 0; j < sizeof primes / sizeof *primes; j++) {
            const uint64_t p = primes[j];
            const uint64_t lhs = (mod_u128(q, p) * mod_u128(d, p) + mod_u128(r, p)) % p;
            assert_int_equal(lhs, mod_u128(a, p) * mod_u128(b, p) % p);
        }
    }
}

static void test_dlap_chi_square(void **state)
{
    (void)state;
    const uint64_t st[][2] = {{1, 2}, {3, 7}, {1, 1}, {1, 50}, {2, 1}};
    for (size_t i = 0; i < sizeof st / sizeof *st; i++) {
        const cfg c = {DLAP, st[i][0], st[i][1]};
        const fit f = fit_config(&c, N_FIT, 100 + i);
        assert_true(f.df >= 4);
        if (!(f.p > P_MIN)) {
            fail_msg("dlap(%llu, %llu): p = %g", (unsigned long long)c.a, (unsigned long long)c.b,
                     f.p);
        }
    }
}

static void test_dgauss_chi_square(void **state)
{
    (void)state;
    /* sigma^2 = 1/3, 1, 2, 25, 1000/3, and 2 + 2^-31 with den = 2^31 as noise.c builds it
     * (acceptance over denominators above 2^64) */
    const uint64_t nd[][2] = {{1, 3},  {1, 1},    {2, 1},
                              {25, 1}, {1000, 3}, {((uint64_t)2 << 31) + 1, (uint64_t)1 << 31}};
    for (size_t i = 0; i < sizeof nd / sizeof *nd; i++) {
        const cfg c = {DGAUSS, nd[i][0], nd[i][1]};
        const fit f = fit_config(&c, N_FIT, 200 + i);
        assert_true(f.df >= 4);
        if (!(f.p > P_MIN)) {
            fail_msg("dgauss(%llu/%llu): p = %g", (unsigned long long)c.a, (unsigned long long)c.b,
                     f.p);
        }
    }
}

/* The fit must catch the classic bug at N = 1e4 (expected X2 ~ 1200 at t = 2), and pass the
 * correct sampler at the same N. */
static void test_chi_square_catches_negative_zero(void **state)
{
    (void)state;
    const cfg bad = {DLAP_BUGGY, 1, 2}, good = {DLAP, 1, 2};
    assert_true(fit_config(&bad, 10000, 300).p < 1e-6);
    assert_true(fit_config(&good, 10000, 300).p > P_MIN);
    const cfg bad37 = {DLAP_BUGGY, 3, 7};
    assert_true(fit_config(&bad37, 10000, 301).p < 1e-6);
}

/* mean 0 and variance 2q/(1-q)^2; the standard error of the sample variance from the fourth
 * moment of the pmf */
static void test_dlap_moments(void **state)
{
    (void)state;
    const uint64_t st[][2] = {{1, 2}, {1, 1}, {3, 7}, {1, 50}, {2, 1}};
    for (size_t i = 0; i < sizeof st / sizeof *st; i++) {
        const cfg c = {DLAP, st[i][0], st[i][1]};
        const dist d = dist_dlap(c.a, c.b);
        const double q = exp(-d.r), var = 2 * q / ((1 - q) * (1 - q));
        double m4 = 0;
        for (long x = -HW; x <= HW; x++) {
            m4 += pow((double)x, 4) * pmf(&d, x);
        }
        hist *h = hist_draw(&c, 0, N_FIT, 400 + i);
        const double n = (double)h->n, mean = h->sum / n;
        const double svar = (h->sum2 - n * mean * mean) / (n - 1);
        assert_true(fabs(mean) < 5 * sqrt(var / n));
        assert_true(fabs(svar - var) < 5 * sqrt((m4 - var * var) / n));
        free(h);
    }
}

/* large sigma: variance sigma^2 to 1e-300 relative; the last drives |Y| den t past 2^64 now
 * and then, through the 256-bit acceptance */
static void test_dgauss_variance_large(void **state)
{
    (void)state;
    const uint64_t nd[][2] = {{1000000, 1},
                              {(uint64_t)1e6 * ((uint64_t)1 << 31) + 1, (uint64_t)1 << 31},
                              {((uint64_t)1 << 62) - 1, 1}};
    const uint64_t n = N_FIT / 2;
    for (size_t i = 0; i < sizeof nd / sizeof *nd; i++) {
        dp_rng rng;
        dp_rng_init_seeded(&rng, 500 + i);
        const double s2 = (double)nd[i][0] / (double)nd[i][1];
        double sum = 0, sum2 = 0;
        for (uint64_t j = 0; j < n; j++) {
            const double y = (double)dp_dgauss(&rng, nd[i][0], nd[i][1]);
            sum += y;
            sum2 += y * y;
        }
        const double mean = sum / (double)n, svar = sum2 / (double)n - mean * mean;
        assert_true(fabs(mean) < 5 * sqrt(s2 / (double)n));
        if (!(fabs(svar / s2 - 1) < 5 * sqrt(2.0 / (double)n))) {
            fail_msg("dgauss %g: variance %g", s2, svar);
        }
        dp_rng_wipe(&rng);
    }
}

static void test_sampler_extremes(void **state)
{
    (void)state;
    dp_rng rng;
    dp_rng_init_seeded(&rng, 14);
    int saturated = 0;
    for (int i = 0; i < 2000; i++) {
        const int64_t v = dp_dlap(&rng, 1, ((uint64_t)1 << 62) - 1);
        assert_true(v != INT64_MIN);
        saturated += v == INT64_MAX || v == -INT64_MAX;
        assert_int_equal(dp_dlap(&rng, ((uint64_t)1 << 62) - 1, 1), 0);
        assert_int_equal(dp_dgauss(&rng, 1, ((uint64_t)1 << 32) - 1), 0);
    }
    assert_binomial((uint64_t)saturated, 2000, exp(-2.0), "dlap saturation"); /* |X| >= 2^63 */
    dp_rng_wipe(&rng);
}

/* Brute-force tails: P[|X| > k] and P[X >= k] from summed pmfs; the helpers must pass them
 * and be the smallest that do. */
static void check_helpers(const dist *d, uint64_t hw, uint64_t tail, double alpha)
{
    assert_true(hw < (uint64_t)HW * 64 && tail >= 1);
    const long k = (long)hw, kt = (long)tail;
    if (!(2 * tail_summed(d, k + 1) <= alpha && (k == 0 || 2 * tail_summed(d, k) > alpha))) {
        fail_msg("halfwidth %ld at alpha %g: P = %.17g, P(k-1) = %.17g", k, alpha,
                 2 * tail_summed(d, k + 1), k ? 2 * tail_summed(d, k) : 1.0);
    }
    if (!(tail_summed(d, kt) <= alpha && (kt == 1 || tail_summed(d, kt - 1) > alpha))) {
        fail_msg("tail %ld at p %g: P = %.17g", kt, alpha, tail_summed(d, kt));
    }
}

static void test_halfwidth_and_tail(void **state)
{
    (void)state;
    const double alphas[] = {0.9, 0.5, 0.05, 0.025, 1e-3, 1e-6, 1e-12};
    const uint64_t st[][2] = {{1, 2}, {3, 7}, {1, 50}, {2, 1}, {1, 1000}};
    const uint64_t nd[][2] = {{1, 3},    {1, 1},       {25, 1},
                              {1000, 3}, {4000000, 1}, {(uint64_t)25 << 31 | 1, (uint64_t)1 << 31}};
    for (size_t a = 0; a < sizeof alphas / sizeof *alphas; a++) {
        const double al = alphas[a];
        for (size_t i = 0; i < sizeof st / sizeof *st; i++) {
            const dist d = dist_dlap(st[i][0], st[i][1]);
            check_helpers(&d, dp_dlap_halfwidth(st[i][0], st[i][1], al),
                          dp_dlap_tail(st[i][0], st[i][1], al), al);
        }
        for (size_t i = 0; i < sizeof nd / sizeof *nd; i++) {
            const dist d = dist_dgauss(nd[i][0], nd[i][1]);
            check_helpers(&d, dp_dgauss_halfwidth(nd[i][0], nd[i][1], al),
                          dp_dgauss_tail(nd[i][0], nd[i][1], al), al);
        }
    }
    assert_int_equal(dp_dlap_halfwidth(1, 2, 1.0), 0);
    assert_int_equal(dp_dgauss_tail(1, 1, 1.0), 1);
    assert_int_equal(dp_dlap_halfwidth(1, 2, 0.0), UINT64_MAX);
    assert_int_equal(dp_dgauss_halfwidth(1, 1, NAN), UINT64_MAX);
    /* 1e-300 lies past the Gaussian's summed range: the bound there is conservative */
    const uint64_t far = dp_dgauss_tail(1, 1, 1e-300);
    assert_true(far >= 37 && far <= 38);
    assert_int_equal(dp_dlap_tail(1, 1, 1e-300), 691);
}

/* ---- DP property tests ---- */

/* Upper tail quantile of N(0, 1): z with P[Z > z] = p, by bisection. */
static double z_upper(double p)
{
    double lo = 0, hi = 40;
    for (int i = 0; i < 200; i++) {
        const double mid = (lo + hi) / 2;
        if (0.5 * erfc(mid / sqrt(2.0)) > p) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return hi;
}

/* Bins where lower(p_x) > e^eps upper(p_y), in either direction, with Wasserman's bounds
 * (sqrt(p m) +- c)^2 / m, c = z_{alpha/(2m)} sqrt(m/N) / 2, alpha = 0.05, as Google's
 * stochastic tester (cc/testing/stochastic_tester.h) flags them. Bins: the integers. */
static int dp_violations(const hist *hx, const hist *hy, double eps)
{
    assert_true(hx->below + hx->above + hy->below + hy->above == 0);
    long lo = HW, hi = -HW;
    for (long x = -HW; x <= HW; x++) {
        if (count_at(hx, x) + count_at(hy, x) > 0) {
            lo = x < lo ? x : lo;
            hi = x;
        }
    }
    const double m = (double)(hi - lo + 1), n = (double)hx->n;
    const double c = z_upper(0.05 / (2 * m)) * sqrt(m / n) / 2;
    int bad = 0;
    for (long x = lo; x <= hi; x++) {
        const double px = (double)count_at(hx, x) / n, py = (double)count_at(hy, x) / n;
        const double lx = fmax(0, sqrt(px * m) - c), ly = fmax(0, sqrt(py * m) - c);
        const double ux = sqrt(px * m) + c, uy = sqrt(py * m) + c;
        bad += lx * lx / m > exp(eps) * uy * uy / m;
        bad += ly * ly / m > exp(eps) * ux * ux / m;
    }
    return bad;
}

/* x -> x + Lap_Z(1/eps) with s/t <= eps: s = floor(eps 1e6), t = 1e6 */
static cfg count_mechanism(double eps)
{
    return (cfg){DLAP, (uint64_t)floor(eps * 1e6), 1000000};
}

static void test_dp_stochastic_tester(void **state)
{
    (void)state;
    const double epss[] = {log(3.0), 0.5};
    const int64_t pairs[][2] = {{0, 1}, {5, 6}};
    for (size_t e = 0; e < 2; e++) {
        const cfg c = count_mechanism(epss[e]);
        assert_true((double)c.a / (double)c.b <= epss[e]);
        for (size_t p = 0; p < 2; p++) {
            hist *hx = hist_draw(&c, pairs[p][0], N_DP, 600 + 2 * e + p);
            hist *hy = hist_draw(&c, pairs[p][1], N_DP, 700 + 2 * e + p);
            assert_int_equal(dp_violations(hx, hy, epss[e]), 0);
            free(hx);
            free(hy);
        }
        /* power: noise of half the scale (privacy 2 eps) claimed as eps */
        const cfg weak = {DLAP, 2 * c.a, c.b};
        hist *hx = hist_draw(&weak, 0, N_DP, 800 + e);
        hist *hy = hist_draw(&weak, 1, N_DP, 900 + e);
        assert_true(dp_violations(hx, hy, epss[e]) > 0);
        free(hx);
        free(hy);
    }
}

/* Mironov 2012: float Laplace has a porous support that depends on the input. Here every
 * output from input 0 with enough mass under input 1 must also come out of input 1, and the
 * ratio of counts of well-populated bins stays within e^eps up to sampling error. */
static void test_dp_support_mironov(void **state)
{
    (void)state;
    const double epss[] = {log(3.0), 0.5};
    for (size_t e = 0; e < 2; e++) {
        const cfg c = count_mechanism(epss[e]);
        const dist d = dist_dlap(c.a, c.b);
        hist *h0 = hist_draw(&c, 0, N_DP, 1000 + e), *h1 = hist_draw(&c, 1, N_DP, 1100 + e);
        int checked = 0;
        for (long v = -HW; v <= HW; v++) {
            const uint64_t c0 = count_at(h0, v), c1 = count_at(h1, v);
            if (c0 == 0) {
                continue;
            }
            assert_true(pmf(&d, v - 1) > 0);
            if ((double)N_DP * pmf(&d, v - 1) >= 20) {
                assert_true(c1 > 0);
            }
            if (c0 >= 100 && c1 >= 100) {
                const double lr = fabs(log((double)c0 / (double)c1));
                assert_true(lr <= epss[e] + 5 * sqrt(1.0 / (double)c0 + 1.0 / (double)c1));
                checked++;
            }
        }
        assert_true(checked >= 5);
        free(h0);
        free(h1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gamma_q_reference),
        cmocka_unit_test(test_pmf_reference),
        cmocka_unit_test(test_rng_seeded_determinism),
        cmocka_unit_test(test_uniform_range),
        cmocka_unit_test(test_bernoulli_frequencies),
        cmocka_unit_test(test_bern_exp_frequencies),
        cmocka_unit_test(test_mul_divmod),
        cmocka_unit_test(test_dlap_chi_square),
        cmocka_unit_test(test_dgauss_chi_square),
        cmocka_unit_test(test_chi_square_catches_negative_zero),
        cmocka_unit_test(test_dlap_moments),
        cmocka_unit_test(test_dgauss_variance_large),
        cmocka_unit_test(test_sampler_extremes),
        cmocka_unit_test(test_halfwidth_and_tail),
        cmocka_unit_test(test_dp_stochastic_tester),
        cmocka_unit_test(test_dp_support_mironov),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
