/* test_dp.c - the DP engine: exact fixed-point parsing, rational calibration, contribution
 * bounding (properties on random inputs against a brute-force check), aggregates on
 * hand-computed tables (with an epsilon so large that the noise is exactly zero), private
 * partition selection, bad queries, and the float-summation regression of Casacuberta et al.
 * (CCS 2022). */
#include "testutil.h"

#include "dp/bound.h"
#include "dp/fixed.h"
#include "dp/noise.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- fixed point ---- */

static void check_parse(const char *s, int gexp, int64_t want)
{
    int64_t v = -999;
    if (fixed_parse(&v, s, strlen(s), gexp) != 0) {
        fail_msg("'%s' did not parse", s);
    }
    if (v != want) {
        fail_msg("'%s' at 1e%d: %lld, expected %lld", s, gexp, (long long)v, (long long)want);
    }
}

static void test_fixed_parse(void **state)
{
    (void)state;
    check_parse("12.345", -2, 1234); /* half to even */
    check_parse("12.355", -2, 1236);
    check_parse("12.3451", -2, 1235); /* above half */
    check_parse("2.5", 0, 2);
    check_parse("3.5", 0, 4);
    check_parse("-2.5", 0, -2);
    check_parse("-0.4", 0, 0);
    check_parse("1e3", 0, 1000);
    check_parse("1.5E-2", -3, 15);
    check_parse(" 7 ", 0, 7);
    check_parse("+.5", -1, 5);
    check_parse("5.", 0, 5);
    check_parse("0.000", -2, 0);
    check_parse("1234", 2, 12); /* 12.34 hundreds */
    check_parse("1e30", 0, FIXED_LIMIT);
    check_parse("-1e30", 0, -FIXED_LIMIT);
    /* 40 digits: the tail beyond the kept mantissa still decides the rounding */
    check_parse("0.5000000000000000000000000000000000000001", 0, 1);
    check_parse("0.5000000000000000000000000000000000000000", 0, 0);
    check_parse("123456789012345678901234567890123456789012", 30, 123456789012);
    int64_t v;
    const char *bad[] = {"",    " ",   "abc",   "1,5",  "inf", "nan", "1e",
                         "1e+", "--1", "1.2.3", "0x10", "1 2", "."};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (fixed_parse(&v, bad[i], strlen(bad[i]), 0) != -1) {
            fail_msg("'%s' parsed", bad[i]);
        }
    }
}

static void test_fixed_format(void **state)
{
    (void)state;
    char b[64];
    const struct {
        int64_t u;
        int gexp;
        const char *want;
    } cases[] = {{-1250, -2, "-12.50"}, {5, -3, "0.005"}, {0, -2, "0.00"},
                 {12, 2, "1200"},       {-5, -1, "-0.5"}, {0, 3, "0"},
                 {7, 0, "7"},           {-7, 0, "-7"},    {INT64_MAX, -12, "9223372.036854775807"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fixed_format(b, sizeof b, cases[i].u, cases[i].gexp);
        assert_string_equal(b, cases[i].want);
    }
    fixed_format128(b, sizeof b, (__int128)1 << 80, -2); /* 2^80 = 1208925819614629174706176 */
    assert_string_equal(b, "12089258196146291747061.76");
    fixed_format128(b, sizeof b, -((__int128)1 << 80), 3);
    assert_string_equal(b, "-1208925819614629174706176000");
    assert_int_equal(fixed_gexp(0.01), -2);
    assert_int_equal(fixed_gexp(1000), 3);
    assert_int_equal(fixed_gexp(0.3), -1000);
    assert_int_equal(fixed_gexp(0), -1000);
    assert_int_equal(fixed_gexp(1e-13), -1000);
}

/* ---- calibration ---- */

static void test_rational_below(void **state)
{
    (void)state;
    uint64_t p, q;
    assert_int_equal(noise_rational_below(&p, &q, 0.1, 1 << 24), 0);
    assert_true(p == 1 && q == 10);
    assert_int_equal(noise_rational_below(&p, &q, 0.5, 1 << 24), 0);
    assert_true(p == 1 && q == 2);
    assert_int_equal(noise_rational_below(&p, &q, 3, 1 << 24), 0);
    assert_true(p == 3 && q == 1);
    assert_int_equal(noise_rational_below(&p, &q, 1.0 / 6, 1 << 24), 0);
    assert_true((double)p / (double)q <= 1.0 / 6 && 1.0 / 6 - (double)p / (double)q < 1e-7);
    assert_int_equal(noise_rational_below(&p, &q, 1e-30, 1 << 24), -1);
    assert_int_equal(noise_rational_below(&p, &q, 0, 1 << 24), -1);
    /* random x: p/q <= x (checked exactly: p * 2^k <= m * q for x = m / 2^k) and close */
    uint64_t seed = 7;
    for (int i = 0; i < 20000; i++) {
        const double x = ldexp((double)(test_rng(&seed) >> 11), -53) * pow(10, (int)(i % 9) - 4);
        const uint64_t qmax = 1 + test_rng(&seed) % (1u << 24);
        if (noise_rational_below(&p, &q, x, qmax) < 0) {
            assert_true(x * (double)qmax < 1.0000001); /* only when no p >= 1 fits */
            continue;
        }
        assert_true(q <= qmax && p >= 1);
        int e;
        const double fr = frexp(x, &e);
        const __int128 m = (__int128)ldexp(fr, 53);
        const int k = 53 - e;
        if (k >= 0 && k < 64) {
            assert_true(((__int128)p << k) <= m * (__int128)q);
        }
        assert_true(x - (double)p / (double)q <= 1.0 / ((double)q) + 1e-15);
    }
}

static void test_noise_calibration(void **state)
{
    (void)state;
    dp_noise n;
    assert_int_equal(noise_laplace(&n, 1, 1.0, NULL), 0);
    assert_true(n.t == 1 && n.s == 1);
    assert_int_equal(noise_laplace(&n, 3, 0.5, NULL), 0);
    assert_true(n.t == 6 && n.s == 1); /* scale 3 / 0.5 */
    assert_int_equal(noise_laplace(&n, 4, 0.1, NULL), 0);
    assert_true(n.t == 40 && n.s == 1);
    assert_int_equal(noise_laplace(&n, 2, 3.0, NULL), 0);
    assert_true(n.t == 2 && n.s == 3);
    /* the 95% half-width of Lap_Z(1): P[|X| >= k] = 2 e^-k / (1 + e^-1) <= 0.05 -> k = 4 */
    assert_int_equal(noise_laplace(&n, 1, 1.0, NULL), 0);
    assert_int_equal(n.half95, 3);
    outis_error err;
    assert_int_equal(noise_laplace(&n, (uint64_t)1 << 61, 1e-9, &err), OUTIS_EINVAL);
    /* gaussian: sigma^2 = l2sq / (2 rho), rounded up */
    assert_int_equal(noise_gauss(&n, 1, 0.5, NULL), 0);
    const double s2 = (double)n.num / (double)n.den;
    assert_true(s2 >= 1.0 && s2 < 1.0 + 1e-8);
    assert_int_equal(noise_gauss(&n, 1e20, 1e-3, &err), OUTIS_EINVAL);
}

/* ---- bounding ---- */

/* Checks bound_rows' output on one random input against the definition. */
static void check_bounding(uint64_t *seed)
{
    const size_t n = 1 + test_rng(seed) % 300, nu = 1 + test_rng(seed) % 40,
                 ng = 1 + test_rng(seed) % 8;
    const unsigned l0 = 1 + (unsigned)(test_rng(seed) % 3),
                   linf = 1 + (unsigned)(test_rng(seed) % 3);
    uint32_t *unit = malloc(n * sizeof *unit), *group = malloc(n * sizeof *group);
    for (size_t r = 0; r < n; r++) {
        unit[r] = (uint32_t)(test_rng(seed) % nu);
        group[r] = test_rng(seed) % 10 == 0 ? BOUND_DROP : (uint32_t)(test_rng(seed) % ng);
    }
    const int is_hashed = (int)(test_rng(seed) % 2);
    uint64_t *hash = malloc(n * sizeof *hash);
    for (size_t r = 0; r < n; r++) {
        hash[r] = unit[r] * 0x9E3779B97F4A7C15ull + 12345;
    }
    (void)nu;
    bound_input in = {n,
                      is_hashed ? NULL : unit,
                      is_hashed ? hash : NULL,
                      group,
                      ng,
                      l0,
                      linf,
                      1 + (unsigned)(test_rng(seed) % 3),
                      1,
                      *seed};
    bound_result b, b1;
    assert_int_equal(bound_rows(&b, &in), 0);
    /* the same choices on one thread: a seeded run does not depend on the thread count */
    bound_input one = in;
    one.threads = 1;
    assert_int_equal(bound_rows(&b1, &one), 0);
    assert_memory_equal(b.kept, b1.kept, n);
    bound_result_free(&b1);
    size_t kept = 0;
    for (uint32_t u = 0; u < nu; u++) {
        size_t pairs = 0, kept_pairs = 0;
        for (uint32_t g = 0; g < ng; g++) {
            size_t rows = 0, k = 0;
            for (size_t r = 0; r < n; r++) {
                if (unit[r] == u && group[r] == g) {
                    rows++;
                    k += b.kept[r];
                }
            }
            pairs += rows > 0;
            kept_pairs += k > 0;
            /* a kept pair keeps exactly min(rows, max_rows) rows */
            assert_true(k == 0 || k == (rows < linf ? rows : linf));
        }
        assert_int_equal(kept_pairs, pairs < l0 ? pairs : l0);
    }
    for (uint32_t g = 0; g < ng; g++) { /* units per group */
        size_t units = 0;
        for (uint32_t u = 0; u < nu; u++) {
            int has = 0;
            for (size_t r = 0; r < n; r++) {
                has |= unit[r] == u && group[r] == g && b.kept[r];
            }
            units += (size_t)has;
        }
        assert_int_equal(b.units[g], units);
    }
    for (size_t r = 0; r < n; r++) {
        assert_true(group[r] != BOUND_DROP || b.kept[r] == 0);
        kept += b.kept[r];
    }
    assert_int_equal(b.rows_kept, kept);
    bound_result_free(&b);
    free(unit);
    free(group);
    free(hash);
}

static void test_bounding_properties(void **state)
{
    (void)state;
    uint64_t seed = 2024;
    for (int i = 0; i < 300; i++) {
        check_bounding(&seed);
    }
}

/* Many buckets: the same choices on 1, 2 and 3 threads, and the bounds hold per unit. */
static void test_bounding_buckets(void **state)
{
    (void)state;
    enum { N = 60000, NU = 20000, NG = 7, L0 = 2, LINF = 2 };
    uint32_t *group = malloc(N * sizeof *group);
    uint64_t *hash = malloc(N * sizeof *hash), seed = 5;
    uint32_t *unit = malloc(N * sizeof *unit);
    for (size_t r = 0; r < N; r++) {
        unit[r] = (uint32_t)(test_rng(&seed) % NU);
        hash[r] = unit[r] * 0x9E3779B97F4A7C15ull + 1;
        group[r] = (uint32_t)(test_rng(&seed) % NG);
    }
    bound_result b[3];
    for (unsigned t = 0; t < 3; t++) {
        bound_input in = {N, NULL, hash, group, NG, L0, LINF, t + 1, 1, 77};
        assert_int_equal(bound_rows(&b[t], &in), 0);
    }
    assert_memory_equal(b[0].kept, b[1].kept, N);
    assert_memory_equal(b[0].kept, b[2].kept, N);
    unsigned char *rows = calloc((size_t)NU * NG, 1), *kept = calloc((size_t)NU * NG, 1);
    for (size_t r = 0; r < N; r++) {
        rows[(size_t)unit[r] * NG + group[r]]++;
        kept[(size_t)unit[r] * NG + group[r]] += b[0].kept[r];
    }
    size_t units[NG] = {0};
    for (size_t u = 0; u < NU; u++) {
        size_t pairs = 0, kept_pairs = 0;
        for (size_t g = 0; g < NG; g++) {
            const size_t x = rows[u * NG + g], k = kept[u * NG + g];
            pairs += x > 0;
            kept_pairs += k > 0;
            units[g] += k > 0;
            assert_true(k == 0 || k == (x < LINF ? x : LINF));
        }
        assert_int_equal(kept_pairs, pairs < L0 ? pairs : L0);
    }
    for (size_t g = 0; g < NG; g++) {
        assert_int_equal(b[0].units[g], units[g]);
    }
    for (unsigned t = 0; t < 3; t++) {
        bound_result_free(&b[t]);
    }
    free(rows);
    free(kept);
    free(group);
    free(hash);
    free(unit);
}

/* One unit with 3 rows in one group and 2 other groups: with max_rows 1, each row is kept a
 * third of the time; with max_groups 1, each of its 3 groups a third of the time. */
static void test_bounding_uniform(void **state)
{
    (void)state;
    const uint32_t unit[5] = {0, 0, 0, 0, 0}, group[5] = {0, 0, 0, 1, 2};
    size_t row_hits[3] = {0}, group_hits[3] = {0};
    const int runs = 30000;
    for (int i = 0; i < runs; i++) {
        bound_input in = {5, unit, NULL, group, 3, 1, 1, 1, 1, (uint64_t)i};
        bound_result b;
        assert_int_equal(bound_rows(&b, &in), 0);
        for (int r = 0; r < 3; r++) {
            row_hits[r] += b.kept[r];
        }
        for (int g = 0; g < 3; g++) {
            group_hits[g] += b.units[g];
        }
        bound_result_free(&b);
    }
    /* group 0 is kept w.p. 1/3, then one of its 3 rows: 1/9 each */
    for (int i = 0; i < 3; i++) {
        const double p = 1.0 / 3, z = ((double)group_hits[i] - runs * p) / sqrt(runs * p * (1 - p));
        assert_true(fabs(z) < 5);
        const double p9 = 1.0 / 9,
                     z9 = ((double)row_hits[i] - runs * p9) / sqrt(runs * p9 * (1 - p9));
        assert_true(fabs(z9) < 5);
    }
}

/* ---- the whole query ---- */

static const char people[] = "pid,region,age,income\n"
                             "1,north,30,100\n"
                             "2,north,40,200.5\n"
                             "3,south,50,300\n"
                             "4,south,60,\n"
                             "5,south,70,5000\n" /* clamped to 1000 */
                             "6,east,20,-50\n";  /* clamped to 0 */

static outis_dp_result *run_ok(const outis_table *t, const outis_dp_query *q)
{
    outis_dp_result *r = NULL;
    outis_error err;
    const int rc = outis_dp_run(&r, t, q, &err);
    if (rc != 0) {
        fail_msg("dp failed: %s", err.message);
    }
    return r;
}

static const outis_dp_value *value(const outis_dp_result *r, size_t group, size_t agg)
{
    for (size_t i = 0; i < outis_dp_result_values(r); i++) {
        const outis_dp_value *v = outis_dp_result_value(r, i);
        if (v->group == group && v->aggregate == agg) {
            return v;
        }
    }
    fail_msg("no value for group %zu aggregate %zu", group, agg);
    return NULL;
}

/* An epsilon of 1e9 makes every noise draw exactly 0 (P[X != 0] < e^-1000): the values are
 * the exact aggregates, which the test computed by hand. */
static void test_exact_aggregates(void **state)
{
    (void)state;
    outis_table *t = table_from(people, 1);
    outis_table *keys = table_from("region\nsouth\nnorth\nwest\n", 1);
    const char *by[] = {"region"};
    outis_dp_aggregate aggs[5] = {{0}};
    aggs[0].kind = OUTIS_DP_COUNT;
    aggs[1] = (outis_dp_aggregate){OUTIS_DP_SUM, "income", 0, 1000, 0, 0, 0};
    aggs[2] = (outis_dp_aggregate){OUTIS_DP_MEAN, "age", 0, 100, 0, 0, 0};
    aggs[3] = (outis_dp_aggregate){OUTIS_DP_HISTOGRAM, "age", 0, 100, 0, 4, 0};
    aggs[4] = (outis_dp_aggregate){OUTIS_DP_QUANTILE, "age", 0, 100, 0.5, 0, 0};
    outis_dp_query q = OUTIS_DP_QUERY_INIT;
    q.privacy_unit = "pid";
    q.by = by;
    q.by_count = 1;
    q.aggregates = aggs;
    q.aggregate_count = 5;
    q.epsilon = 1e9;
    q.keys = keys;
    q.granularity = 0.01;
    q.is_seeded = 1;
    q.seed = 1;
    outis_dp_result *r = run_ok(t, &q);
    assert_int_equal(outis_dp_result_groups(r), 3); /* in the keys' order, west included */
    assert_string_equal(outis_dp_result_key(r, 0, 0), "south");
    assert_string_equal(outis_dp_result_key(r, 1, 0), "north");
    assert_string_equal(outis_dp_result_key(r, 2, 0), "west");
    assert_string_equal(value(r, 0, 0)->value, "3");
    assert_string_equal(value(r, 0, 1)->value, "1300.00"); /* 300 + missing + 1000 */
    assert_string_equal(value(r, 1, 1)->value, "300.50");
    assert_string_equal(value(r, 2, 0)->value, "0");
    assert_string_equal(value(r, 2, 1)->value, "0.00");
    assert_string_equal(value(r, 0, 2)->value, "60.00");
    assert_string_equal(value(r, 1, 2)->value, "35.00");
    assert_string_equal(value(r, 2, 2)->value, "50.00"); /* no data: the midpoint */
    /* histogram of south's ages 50, 60, 70 in [0,25) [25,50) [50,75) [75,100] */
    const char *want[4] = {"0", "0", "3", "0"};
    size_t seen = 0;
    for (size_t i = 0; i < outis_dp_result_values(r); i++) {
        const outis_dp_value *v = outis_dp_result_value(r, i);
        if (v->group == 0 && v->aggregate == 3) {
            assert_string_equal(v->value, want[seen]);
            assert_near(v->param_lo, 25.0 * (double)seen, 1e-12);
            seen++;
        }
    }
    assert_int_equal(seen, 4);
    /* median of 50, 60, 70: rank 1.5 falls in the leaf holding 60 */
    const double med = atof(value(r, 0, 4)->value);
    assert_true(fabs(med - 60) < 100.0 / 65536 * 2);
    assert_string_equal(value(r, 0, 0)->ci_low, "3"); /* noise that small has width 0 */
    outis_dp_result_free(r);
    outis_table_free(keys);
    outis_table_free(t);
}

/* Without keys, a group of one person is (almost) never released and a big group always. */
static void test_partition_selection(void **state)
{
    (void)state;
    char *csv = malloc(64 * 2100);
    size_t at = (size_t)sprintf(csv, "pid,city\n");
    at += (size_t)sprintf(csv + at, "0,tiny\n");
    for (int i = 1; i <= 2000; i++) {
        at += (size_t)sprintf(csv + at, "%d,big\n", i);
    }
    outis_table *t = table_from(csv, 1);
    free(csv);
    const char *by[] = {"city"};
    outis_dp_aggregate count = {OUTIS_DP_COUNT, NULL, 0, 0, 0, 0, 0};
    outis_dp_query q = OUTIS_DP_QUERY_INIT;
    q.privacy_unit = "pid";
    q.by = by;
    q.by_count = 1;
    q.aggregates = &count;
    q.aggregate_count = 1;
    q.epsilon = 1;
    q.delta = 1e-5;
    q.is_seeded = 1;
    for (uint64_t s = 0; s < 200; s++) {
        q.seed = s;
        outis_dp_result *r = run_ok(t, &q);
        assert_int_equal(outis_dp_result_groups(r), 1);
        assert_string_equal(outis_dp_result_key(r, 0, 0), "big");
        const outis_dp_cost c = outis_dp_result_cost(r);
        assert_near(c.epsilon, 1, 1e-12);
        assert_near(c.delta, 1e-5, 1e-18);
        outis_dp_result_free(r);
    }
    outis_table_free(t);
}

/* The cost known before the run (outis_dp_query_cost) is the cost of the run, for both
 * mechanisms, with and without selection and shares. */
static void test_cost_before_run(void **state)
{
    (void)state;
    outis_table *t = table_from(people, 1);
    outis_table *keys = table_from("region\nsouth\nnorth\n", 1);
    const char *by[] = {"region"};
    outis_dp_aggregate aggs[3] = {{OUTIS_DP_COUNT, NULL, 0, 0, 0, 0, 0.2},
                                  {OUTIS_DP_SUM, "income", 0, 1000, 0, 0, 0},
                                  {OUTIS_DP_MEAN, "age", 0, 100, 0, 0, 0}};
    for (int mech = 0; mech < 2; mech++) {
        for (int with_keys = 0; with_keys < 2; with_keys++) {
            outis_dp_query q = OUTIS_DP_QUERY_INIT;
            q.by = by;
            q.by_count = 1;
            q.aggregates = aggs;
            q.aggregate_count = 3;
            q.epsilon = 0.7;
            q.delta = 1e-6;
            q.mechanism = mech;
            q.keys = with_keys ? keys : NULL;
            q.is_seeded = 1;
            outis_dp_cost before;
            assert_int_equal(outis_dp_query_cost(&before, &q, NULL), 0);
            outis_dp_result *r = run_ok(t, &q);
            const outis_dp_cost after = outis_dp_result_cost(r);
            assert_near(before.epsilon, after.epsilon, 1e-15);
            assert_near(before.rho, after.rho, 1e-15);
            assert_near(before.delta, after.delta, 1e-21);
            if (mech == OUTIS_DP_LAPLACE) { /* everything is pure epsilon, and all of it */
                assert_near(after.epsilon, 0.7, 1e-12);
                assert_near(after.delta, with_keys ? 0 : 1e-6, 1e-21);
            } else { /* selection takes half of delta and its share of epsilon */
                assert_near(after.epsilon, with_keys ? 0 : 0.7 * 0.8 / 3, 1e-12);
                assert_true(after.rho > 0);
            }
            outis_dp_result_free(r);
        }
    }
    outis_table_free(keys);
    outis_table_free(t);
}

static void expect_error(const outis_table *t, const outis_dp_query *q, int code, const char *part)
{
    outis_dp_result *r = NULL;
    outis_error err;
    memset(&err, 0, sizeof err);
    const int rc = outis_dp_run(&r, t, q, &err);
    if (rc != code || strstr(err.message, part) == NULL) {
        fail_msg("got %d '%s', expected %d with '%s'", rc, err.message, code, part);
    }
    assert_null(r);
}

static void test_bad_queries(void **state)
{
    (void)state;
    outis_table *t = table_from("pid,g,x\n1,a,5\n,b,x7\n", 1);
    const char *by[] = {"g"};
    outis_dp_aggregate agg = {OUTIS_DP_SUM, "x", 0, 10, 0, 0, 0};
    outis_dp_query q = OUTIS_DP_QUERY_INIT;
    q.by = by;
    q.by_count = 1;
    q.aggregates = &agg;
    q.aggregate_count = 1;
    q.epsilon = 1;
    expect_error(t, &q, OUTIS_EINVAL, "delta > 0");
    q.delta = 1e-6;
    expect_error(t, &q, OUTIS_EPARSE, "column 'x', row 2: expected a number");
    q.privacy_unit = "pid";
    expect_error(t, &q, OUTIS_EPARSE, "privacy unit column 'pid', row 2: missing value");
    q.privacy_unit = "pdi";
    expect_error(t, &q, OUTIS_ENOTFOUND, "pid");
    q.privacy_unit = NULL;
    q.epsilon = 0;
    expect_error(t, &q, OUTIS_EINVAL, "epsilon");
    q.epsilon = NAN;
    expect_error(t, &q, OUTIS_EINVAL, "epsilon");
    q.epsilon = 1;
    q.delta = 1;
    expect_error(t, &q, OUTIS_EINVAL, "delta");
    q.delta = 0;
    q.by_count = 0;
    q.mechanism = OUTIS_DP_GAUSSIAN;
    expect_error(t, &q, OUTIS_EINVAL, "gaussian");
    q.mechanism = OUTIS_DP_LAPLACE;
    agg.lower = 11;
    expect_error(t, &q, OUTIS_EINVAL, "lower bound 11 must be below upper bound 10");
    agg.lower = 0;
    agg.share = 1.5;
    expect_error(t, &q, OUTIS_EINVAL, "share");
    agg.share = 0;
    q.granularity = 0.3;
    expect_error(t, &q, OUTIS_EINVAL, "power of ten");
    outis_table_free(t);
}

/* Casacuberta et al. 2022: with doubles, sum(A) - sum(B) can exceed the clamping bound 1
 * for neighbours A and B, so noise calibrated to 1 underestimates the sensitivity. In outis's
 * fixed point the difference of the exact sums is never above the bound. */
static void test_float_sum_regression(void **state)
{
    (void)state;
    /* the attack's precondition holds in IEEE double arithmetic */
    const double v = 3 * ldexp(1, -54);
    volatile double a = 1.0;
    a += v;
    assert_true(a - 1.0 > v); /* sum(A) - sum(B) = 1 + 2^-54 > 1: beyond the bound */
    /* the larger example: 2^20 ones then 2^20 copies of 5 * 2^-35, minus one 1.0 */
    const size_t n = (size_t)1 << 20;
    char *ca = malloc(n * 2 * 32 + 16), *cb = malloc(n * 2 * 32 + 16);
    size_t pa = (size_t)sprintf(ca, "x\n"), pb = (size_t)sprintf(cb, "x\n");
    double fa = 0, fb = 0;
    const double w = 5 * ldexp(1, -35);
    for (size_t i = 0; i < 2 * n; i++) {
        const double x = i < n ? 1.0 : w;
        pa += (size_t)sprintf(ca + pa, "%.17g\n", x);
        fa += x;
        if (i != 0) {
            pb += (size_t)sprintf(cb + pb, "%.17g\n", x);
            fb += x;
        }
    }
    assert_true(fa - fb > 1.0001); /* 1 + 2^-13 in doubles */
    outis_table *ta = table_from(ca, 2), *tb = table_from(cb, 2);
    free(ca);
    free(cb);
    outis_dp_aggregate agg = {OUTIS_DP_SUM, "x", 0, 1, 0, 0, 0};
    outis_dp_query q = OUTIS_DP_QUERY_INIT;
    q.aggregates = &agg;
    q.aggregate_count = 1;
    q.epsilon = 1e15; /* scale 1e12 units / 1e15: the noise is 0 but with probability e^-1000 */
    q.granularity = 1e-12;
    q.is_seeded = 1;
    outis_dp_result *ra = run_ok(ta, &q), *rb = run_ok(tb, &q);
    int64_t sa, sb;
    assert_int_equal(fixed_parse(&sa, outis_dp_result_value(ra, 0)->value,
                                 strlen(outis_dp_result_value(ra, 0)->value), -12),
                     0);
    assert_int_equal(fixed_parse(&sb, outis_dp_result_value(rb, 0)->value,
                                 strlen(outis_dp_result_value(rb, 0)->value), -12),
                     0);
    /* each w rounds to 146 units of 1e-12 (1.4551915228366852e-10): the sums are exact */
    assert_true(sa - sb <= 1000000000000); /* <= the bound 1, in units */
    assert_int_equal(sa - sb, 1000000000000);
    outis_dp_result_free(ra);
    outis_dp_result_free(rb);
    outis_table_free(ta);
    outis_table_free(tb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_parse),         cmocka_unit_test(test_fixed_format),
        cmocka_unit_test(test_rational_below),      cmocka_unit_test(test_noise_calibration),
        cmocka_unit_test(test_bounding_properties), cmocka_unit_test(test_bounding_uniform),
        cmocka_unit_test(test_bounding_buckets),    cmocka_unit_test(test_exact_aggregates),
        cmocka_unit_test(test_partition_selection), cmocka_unit_test(test_cost_before_run),
        cmocka_unit_test(test_bad_queries),         cmocka_unit_test(test_float_sum_regression),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
