/* test_mdav.c - MDAV microaggregation (src/anon/mdav.c): hand-computed groupings in 1-D and
 * 2-D (where standardization decides the grouping), group sizes in [k, 2k - 1] and every
 * record in one group, determinism, exact agreement with a brute-force MDAV that sorts
 * distances and an independent check of the nearest-neighbour property on seeded random
 * inputs, group means, refusals, and clean failure at every allocation. */
#include "testutil.h"

#include "anon/mdav.h"
#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static void run_ok(uint32_t *group_of, size_t *n_groups, const double *x, size_t n, size_t d,
                   size_t k)
{
    outis_error err;
    int rc = anon_mdav(group_of, n_groups, x, n, d, k, &err);
    if (rc != 0) {
        fail_msg("anon_mdav: %s", err.message);
    }
}

/* Groups are 0..n_groups-1, each with k to 2k - 1 records. */
static void check_sizes(const uint32_t *group_of, size_t n, size_t n_groups, size_t k)
{
    size_t *size = calloc(n_groups, sizeof *size);
    assert_non_null(size);
    for (size_t i = 0; i < n; i++) {
        assert_true(group_of[i] < n_groups);
        size[group_of[i]]++;
    }
    for (size_t g = 0; g < n_groups; g++) {
        if (size[g] < k || size[g] > 2 * k - 1) {
            fail_msg("group %zu has %zu records (k = %zu)", g, size[g], k);
        }
    }
    free(size);
}

/* ---- Hand-computed ---- */

static void test_one_dimension(void **state)
{
    (void)state;
    /* k = 2. Mean 15: 50 is farthest, with 22 its nearest; farthest from 50 is 1, with 2.
     * 4, 10, 11, 20 remain (>= 2k): mean 11.25, 20 is farthest (8.75 > 7.25), with 11;
     * 4 and 10 are the last group. */
    static const double x[] = {1, 2, 4, 10, 11, 20, 22, 50};
    static const uint32_t want[] = {1, 1, 3, 3, 2, 2, 0, 0};
    uint32_t g[8];
    size_t ng = 0;
    run_ok(g, &ng, x, 8, 1, 2);
    assert_int_equal(ng, 4);
    assert_memory_equal(g, want, sizeof want);

    double m[8];
    static const double means[] = {1.5, 1.5, 7, 7, 15.5, 15.5, 36, 36};
    anon_mdav_means(m, x, 8, 1, g, ng);
    assert_memory_equal(m, means, sizeof means);

    /* k = 3: 8 < 3k, so no round; 8 >= 2k: 50 with its nearest 22 and 20, the rest (5) */
    static const uint32_t want3[] = {1, 1, 1, 1, 1, 0, 0, 0};
    run_ok(g, &ng, x, 8, 1, 3);
    assert_int_equal(ng, 2);
    assert_memory_equal(g, want3, sizeof want3);

    /* fewer than 2k: one group */
    run_ok(g, &ng, x, 5, 1, 3);
    assert_int_equal(ng, 1);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(g[i], 0);
    }
}

/* z-scores are exact here: attribute a is +-2^-10 (mean 0, sd 2^-10), b is 1024 times
 * {-2, 0, 0, 0, 1, 1} (mean 0, sd 1024), c is constant. In z: p0 (-1,-2) p1 (-1,0) p2 (1,0)
 * p3 (1,0) p4 (-1,1) p5 (1,1), centroid (0,0). r = p0 (squared distance 5), its nearest p1
 * (4; p2 and p3 are at 8). Farthest from p0 among the rest: p5 (13; p4 is at 9), whose
 * nearest is p2 (1, tied with p3: the lower index), not p4 (4). In raw units p4 would be
 * nearest to p5 (2^-18 against 1024^2): the standardization decides. p3 and p4 remain. */
static void test_two_dimensions(void **state)
{
    (void)state;
    const double a = 1.0 / 1024;
    const double x[] = {-a, -2048, 0.1, /* p0 */
                        -a, 0,     0.1, /* p1 */
                        a,  0,     0.1, /* p2 */
                        a,  0,     0.1, /* p3 */
                        -a, 1024,  0.1, /* p4 */
                        a,  1024,  0.1 /* p5 */};
    static const uint32_t want[] = {0, 0, 1, 2, 2, 1};
    uint32_t g[6];
    size_t ng = 0;
    run_ok(g, &ng, x, 6, 3, 2);
    assert_int_equal(ng, 3);
    assert_memory_equal(g, want, sizeof want);

    double m[18];
    const double means[] = {-a, -1024, 0.1, -a, -1024, 0.1, a, 512, 0.1,
                            0,  512,   0.1, 0,  512,   0.1, a, 512, 0.1};
    anon_mdav_means(m, x, 6, 3, g, ng);
    assert_memory_equal(m, means, sizeof means);
}

/* Ties everywhere: identical records group by index. */
static void test_identical_records(void **state)
{
    (void)state;
    double x[14];
    for (size_t i = 0; i < 14; i++) {
        x[i] = 3.25;
    }
    uint32_t g[14];
    size_t ng = 0;
    run_ok(g, &ng, x, 14, 1, 3);
    /* 14 >= 3k: {0,1,2} and {3,4,5}; 8 left, >= 2k: {6,7,8}; the rest, 5, one group */
    static const uint32_t want[] = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3};
    assert_int_equal(ng, 4);
    assert_memory_equal(g, want, sizeof want);
}

/* ---- Brute force ---- */

/* MDAV written plainly: alive flags, the centroid summed afresh each time, qsort of the
 * distances for each group. The same z-scores as the library (population sd, on its grid of
 * 2^-q, where sums are exact in any order), so the results agree exactly. */
typedef struct ref_item {
    double dist;
    size_t i;
} ref_item;

static int cmp_item(const void *pa, const void *pb)
{
    const ref_item *a = pa, *b = pb;
    if (a->dist != b->dist) {
        return a->dist < b->dist ? -1 : 1;
    }
    return (a->i > b->i) - (a->i < b->i);
}

static double ref_dist(const double *a, const double *b, size_t d)
{
    double s = 0;
    for (size_t j = 0; j < d; j++) {
        const double t = a[j] - b[j];
        s += t * t;
    }
    return s;
}

typedef struct ref {
    double *z;
    size_t n, d, k, alive;
    uint32_t *g;
    uint32_t groups;
    ref_item *items;
} ref;

static size_t ref_farthest(const ref *r, const double *p)
{
    size_t best = SIZE_MAX;
    double far = -1;
    for (size_t i = 0; i < r->n; i++) {
        if (r->g[i] == UINT32_MAX && ref_dist(r->z + i * r->d, p, r->d) > far) {
            far = ref_dist(r->z + i * r->d, p, r->d);
            best = i;
        }
    }
    return best;
}

static void ref_group(ref *r, size_t pivot)
{
    size_t m = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (r->g[i] == UINT32_MAX && i != pivot) {
            r->items[m++] = (ref_item){ref_dist(r->z + i * r->d, r->z + pivot * r->d, r->d), i};
        }
    }
    qsort(r->items, m, sizeof *r->items, cmp_item);
    r->g[pivot] = r->groups;
    for (size_t j = 0; j + 1 < r->k; j++) {
        r->g[r->items[j].i] = r->groups;
    }
    r->groups++;
    r->alive -= r->k;
}

static size_t ref_far_from_centroid(const ref *r)
{
    double c[8] = {0};
    for (size_t i = 0; i < r->n; i++) {
        for (size_t j = 0; r->g[i] == UINT32_MAX && j < r->d; j++) {
            c[j] += r->z[i * r->d + j];
        }
    }
    for (size_t j = 0; j < r->d; j++) {
        c[j] /= (double)r->alive;
    }
    return ref_farthest(r, c);
}

static size_t ref_mdav(uint32_t *g, const double *x, size_t n, size_t d, size_t k)
{
    ref r = {calloc(n * d, sizeof(double)), n, d, k, n, g, 0, calloc(n, sizeof(ref_item))};
    assert_true(r.z != NULL && r.items != NULL && d <= 8);
    double zmax = 0;
    for (size_t j = 0; j < d; j++) {
        double sum = 0, ss = 0;
        int constant = 1;
        for (size_t i = 0; i < n; i++) {
            sum += x[i * d + j];
            constant &= x[i * d + j] == x[j];
        }
        const double mean = sum / (double)n;
        for (size_t i = 0; i < n; i++) {
            ss += (x[i * d + j] - mean) * (x[i * d + j] - mean);
        }
        const double sd = sqrt(ss / (double)n);
        for (size_t i = 0; i < n; i++) {
            r.z[i * d + j] = constant ? 0 : (x[i * d + j] - mean) / sd;
            zmax = fmax(zmax, fabs(r.z[i * d + j]));
        }
    }
    int en, ez;
    frexp((double)n, &en);
    frexp(zmax, &ez);
    for (size_t i = 0; i < n * d; i++) {
        r.z[i] = ldexp(round(ldexp(r.z[i], 52 - en - ez)), -(52 - en - ez));
    }
    for (size_t i = 0; i < n; i++) {
        g[i] = UINT32_MAX;
    }
    while (r.alive >= 3 * k) {
        const size_t p = ref_far_from_centroid(&r);
        ref_group(&r, p);
        ref_group(&r, ref_farthest(&r, r.z + p * d));
    }
    if (r.alive >= 2 * k) {
        ref_group(&r, ref_far_from_centroid(&r));
    }
    for (size_t i = 0; i < n; i++) {
        g[i] = g[i] == UINT32_MAX ? r.groups : g[i];
    }
    free(r.z);
    free(r.items);
    return (size_t)r.groups + 1;
}

/* The property MDAV's groups have, checked without its arithmetic: every group but the last
 * holds some record p and p's k - 1 nearest among the records not in earlier groups (a
 * tolerance absorbs rounding in the distances). Distances are taken on z-scores computed
 * here afresh. */
static void check_nearest_property(const uint32_t *g, size_t ng, const double *x, size_t n,
                                   size_t d, size_t k)
{
    double *z = malloc(n * d * sizeof *z);
    assert_non_null(z);
    for (size_t j = 0; j < d; j++) {
        double mean = 0, var = 0;
        for (size_t i = 0; i < n; i++) {
            mean += x[i * d + j] / (double)n;
        }
        for (size_t i = 0; i < n; i++) {
            var += (x[i * d + j] - mean) * (x[i * d + j] - mean) / (double)n;
        }
        for (size_t i = 0; i < n; i++) {
            z[i * d + j] = var > 0 ? (x[i * d + j] - mean) / sqrt(var) : 0;
        }
    }
    for (uint32_t grp = 0; grp + 1 < ng; grp++) {
        int found = 0;
        for (size_t p = 0; p < n && !found; p++) {
            if (g[p] != grp) {
                continue;
            }
            double in_max = 0, out_min = INFINITY;
            for (size_t i = 0; i < n; i++) {
                const double t = ref_dist(z + i * d, z + p * d, d);
                if (g[i] == grp) {
                    in_max = t > in_max ? t : in_max;
                } else if (g[i] > grp) {
                    out_min = t < out_min ? t : out_min;
                }
            }
            found = in_max <= out_min * (1 + 1e-9) + 1e-12;
        }
        if (!found) {
            fail_msg("group %u is no record's %zu nearest", grp, k);
        }
    }
    free(z);
}

static uint64_t random_seed; /* 0 once every seed passed */

static void test_random_against_brute_force(void **state)
{
    (void)state;
    for (random_seed = 1; random_seed <= 200; random_seed++) {
        uint64_t rng = random_seed;
        const size_t k = 2 + test_rng(&rng) % 6, d = 1 + test_rng(&rng) % 4;
        const size_t n = k + test_rng(&rng) % 250;
        double *x = malloc(n * d * sizeof *x);
        uint32_t *g = malloc(n * sizeof *g), *g2 = malloc(n * sizeof *g2),
                 *gr = malloc(n * sizeof *gr);
        assert_true(x && g && g2 && gr);
        const int small_ints = test_rng(&rng) % 3 == 0; /* many exact ties */
        for (size_t i = 0; i < n * d; i++) {
            const double u = (double)(test_rng(&rng) >> 11) * 0x1p-53;
            x[i] = small_ints ? (double)(test_rng(&rng) % 5) : u * (double)(1 + i % d * 1000);
        }
        size_t ng = 0, ng2 = 0;
        run_ok(g, &ng, x, n, d, k);
        check_sizes(g, n, ng, k);
        run_ok(g2, &ng2, x, n, d, k); /* deterministic */
        assert_int_equal(ng2, ng);
        assert_memory_equal(g2, g, n * sizeof *g);
        const size_t ngr = ref_mdav(gr, x, n, d, k);
        assert_int_equal(ngr, ng);
        assert_memory_equal(gr, g, n * sizeof *g);
        check_nearest_property(g, ng, x, n, d, k);
        free(x);
        free(g);
        free(g2);
        free(gr);
    }
    random_seed = 0;
}

static int print_seed(void **state)
{
    (void)state;
    if (random_seed != 0) {
        print_error("failing seed: %llu\n", (unsigned long long)random_seed);
    }
    return 0;
}

/* A larger input: sizes hold, and the counts add up. */
static void test_larger(void **state)
{
    (void)state;
    const size_t n = 20000, d = 3, k = 5;
    double *x = malloc(n * d * sizeof *x);
    uint32_t *g = malloc(n * sizeof *g);
    assert_true(x && g);
    uint64_t rng = 42;
    for (size_t i = 0; i < n * d; i++) {
        x[i] = (double)(test_rng(&rng) % 100000) / 100;
    }
    size_t ng = 0;
    run_ok(g, &ng, x, n, d, k);
    check_sizes(g, n, ng, k);
    assert_true(ng >= n / (2 * k - 1) && ng <= n / k);
    free(x);
    free(g);
}

/* ---- Means ---- */

static void test_means(void **state)
{
    (void)state;
    static const double x[] = {1, 10, 100, -1, 2, 20, 200, -2, 3, 30};
    static const uint32_t g[] = {0, 1, 0, 1, 0};
    static const double want[] = {2, 20, 150, -1.5, 2, 20, 150, -1.5, 2, 20};
    double out[10];
    anon_mdav_means(out, x, 5, 2, g, 2);
    assert_memory_equal(out, want, sizeof want);
    double in_place[10];
    memcpy(in_place, x, sizeof x);
    anon_mdav_means(in_place, in_place, 5, 2, g, 2);
    assert_memory_equal(in_place, want, sizeof want);
#ifdef OUTIS_ALLOC_TESTING
    /* without scratch memory: the same bits, in place too */
    memcpy(in_place, x, sizeof x);
    for (size_t fail = 1; fail <= 2; fail++) {
        ou_alloc_fail_at(fail);
        anon_mdav_means(out, x, 5, 2, g, 2);
        assert_memory_equal(out, want, sizeof want);
        ou_alloc_fail_at(fail);
        anon_mdav_means(in_place, in_place, 5, 2, g, 2);
        assert_memory_equal(in_place, want, sizeof want);
        memcpy(in_place, x, sizeof x);
    }
    ou_alloc_fail_at(0);
#endif
}

/* Means of random groupings: every member gets its group's mean, the column sums stay. */
static void test_means_random(void **state)
{
    (void)state;
    uint64_t rng = 7;
    const size_t n = 500, d = 2, k = 3;
    double x[1000], out[1000];
    uint32_t g[500];
    for (size_t i = 0; i < n * d; i++) {
        x[i] = (double)(test_rng(&rng) % 1000) - 500;
    }
    size_t ng = 0;
    run_ok(g, &ng, x, n, d, k);
    anon_mdav_means(out, x, n, d, g, ng);
    for (size_t j = 0; j < d; j++) {
        double before = 0, after = 0;
        for (size_t i = 0; i < n; i++) {
            before += x[i * d + j];
            after += out[i * d + j];
        }
        assert_near(after, before, 1e-6);
    }
    for (uint32_t grp = 0; grp < ng; grp++) {
        double sum[2] = {0, 0};
        size_t count = 0, first = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            if (g[i] == grp) {
                sum[0] += x[i * d];
                sum[1] += x[i * d + 1];
                count++;
                first = first == SIZE_MAX ? i : first;
            }
        }
        for (size_t i = 0; i < n; i++) {
            if (g[i] == grp) {
                assert_near(out[i * d], sum[0] / (double)count, 1e-9);
                assert_near(out[i * d + 1], sum[1] / (double)count, 1e-9);
                assert_memory_equal(&out[i * d], &out[first * d], d * sizeof(double));
            }
        }
    }
}

/* ---- Refusals ---- */

static void test_refused(void **state)
{
    (void)state;
    double x[6] = {1, 2, 3, 4, 5, 6};
    uint32_t g[6];
    size_t ng = 0;
    outis_error err;
    assert_int_equal(anon_mdav(g, &ng, x, 6, 1, 1, &err), OUTIS_EINVAL);
    assert_string_equal(err.message, "k must be at least 2");
    assert_int_equal(anon_mdav(g, &ng, x, 3, 1, 4, &err), OUTIS_EINVAL);
    assert_string_equal(err.message, "fewer records (3) than k (4)");
    assert_int_equal(anon_mdav(g, &ng, x, 6, 0, 2, &err), OUTIS_EINVAL);
    x[3] = NAN;
    assert_int_equal(anon_mdav(g, &ng, x, 3, 2, 2, &err), OUTIS_EINVAL);
    assert_string_equal(err.message, "record 2, attribute 2: not a finite number");
    x[3] = INFINITY;
    assert_int_equal(anon_mdav(g, &ng, x, 6, 1, 2, NULL), OUTIS_EINVAL);
    assert_int_equal(anon_mdav(NULL, &ng, x, 6, 1, 2, &err), OUTIS_EINVAL);
}

static void test_alloc_fails_cleanly(void **state)
{
    (void)state;
#ifdef OUTIS_ALLOC_TESTING
    static const double x[] = {1, 2, 4, 10, 11, 20, 22, 50};
    uint32_t g[8];
    size_t n = 1;
    for (; n < 100; n++) {
        ou_alloc_fail_at(n);
        size_t ng = 0;
        outis_error err;
        int rc = anon_mdav(g, &ng, x, 8, 1, 2, &err);
        if (rc == 0) {
            assert_int_equal(ng, 4);
            break;
        }
        assert_int_equal(rc, OUTIS_ENOMEM);
        assert_string_equal(err.message, "out of memory");
    }
    ou_alloc_fail_at(0);
    assert_true(n > 3 && n < 100);
#else
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_dimension),
        cmocka_unit_test(test_two_dimensions),
        cmocka_unit_test(test_identical_records),
        cmocka_unit_test_teardown(test_random_against_brute_force, print_seed),
        cmocka_unit_test(test_larger),
        cmocka_unit_test(test_means),
        cmocka_unit_test(test_means_random),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_alloc_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
