/* test_combos.c - QI combinations on every counting path (byte counters, 32- and 64-bit radix
 * sorts, hashing past 62 bits), against sorting the rows' values in the test. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#define NCOLS 4

static uint32_t vals[NCOLS][20000];
static const size_t *sort_cols;
static size_t sort_n;

static int cmp_rows(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    for (size_t i = 0; i < sort_n; i++) {
        uint32_t u = vals[sort_cols[i]][x], v = vals[sort_cols[i]][y];
        if (u != v) {
            return u < v ? -1 : 1;
        }
    }
    return 0;
}

/* Distinct combinations and rows unique on cols, by sorting row numbers. */
static void brute(size_t rows, const size_t *cols, size_t n, size_t *distinct, size_t *uniques)
{
    uint32_t *order = malloc(rows * sizeof *order);
    for (size_t r = 0; r < rows; r++) {
        order[r] = (uint32_t)r;
    }
    sort_cols = cols;
    sort_n = n;
    qsort(order, rows, sizeof *order, cmp_rows);
    *distinct = *uniques = 0;
    for (size_t i = 0; i < rows;) {
        size_t e = i + 1;
        while (e < rows && cmp_rows(&order[i], &order[e]) == 0) {
            e++;
        }
        (*distinct)++;
        *uniques += e == i + 1;
        i = e;
    }
    free(order);
}

static void check(size_t rows, const size_t *cards, uint64_t seed)
{
    uint64_t s = seed;
    size_t len = 64, used = 0;
    char *csv = malloc(len);
    used += (size_t)snprintf(csv, len, "c0,c1,c2,c3\n");
    for (size_t r = 0; r < rows; r++) {
        char line[96];
        for (size_t c = 0; c < NCOLS; c++) {
            /* Skewed, so that some combinations repeat and some rows are unique. */
            uint64_t x = test_rng(&s) % cards[c];
            vals[c][r] = (uint32_t)(test_rng(&s) % 3 != 0 ? x % 7 : x);
        }
        int k = snprintf(line, sizeof line, "%u,%u,%u,%u\n", vals[0][r], vals[1][r], vals[2][r],
                         vals[3][r]);
        if (used + (size_t)k + 1 > len) {
            len = (used + (size_t)k + 1) * 2;
            csv = realloc(csv, len);
        }
        memcpy(csv + used, line, (size_t)k + 1);
        used += (size_t)k;
    }
    for (unsigned threads = 1; threads <= 2; threads++) {
        outis_table *t = table_from(csv, threads);
        size_t qi[NCOLS] = {0, 1, 2, 3};
        outis_risk_options o = OUTIS_RISK_OPTIONS_INIT;
        o.qi = qi;
        o.qi_count = NCOLS;
        o.combinations = OUTIS_COMBINATIONS_TRIPLES;
        o.threads = threads;
        outis_risk *r = NULL;
        assert_int_equal(outis_risk_compute(&r, t, &o, NULL), 0);
        const outis_qi_combination *c;
        size_t n = outis_risk_combinations(r, &c);
        assert_int_equal(n, 4 + 6 + 4);
        for (size_t i = 0; i < n; i++) {
            size_t d, u;
            brute(rows, c[i].column, c[i].size, &d, &u);
            if (c[i].distinct != d || c[i].uniques != u) {
                fail_msg("seed %llu combination %zu (size %zu): %zu/%zu, expected %zu/%zu",
                         (unsigned long long)seed, i, c[i].size, c[i].distinct, c[i].uniques, d, u);
            }
        }
        outis_risk_free(r);
        outis_table_free(t);
    }
    free(csv);
}

static void test_small_keys(void **state)
{
    (void)state;
    const size_t cards[NCOLS] = {5, 9, 13, 4};
    check(3000, cards, 1); /* every combination fits the byte counters */
}

static void test_sorted_keys(void **state)
{
    (void)state;
    const size_t cards[NCOLS] = {1500, 1400, 1300, 40};
    check(12000, cards, 2); /* pairs near 2^21, triples past 2^31: 32- and 64-bit sorts */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_keys),
        cmocka_unit_test(test_sorted_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
