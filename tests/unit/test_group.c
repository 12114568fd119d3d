/* test_group.c - group_build on every path (direct array, one hash table, partitioned in
 * parallel), weighted and through a row map, against sorting the items by their codes. */
#include "testutil.h"

#include "table/group.h"

#include <stdlib.h>

typedef struct fixture {
    size_t n, ncols;
    uint32_t *codes[3];
    size_t cards[3];
    uint32_t *rows;
    size_t *weights;
} fixture;

static const fixture *sort_fx;

static uint32_t code_of(const fixture *f, size_t c, size_t i)
{
    return f->codes[c][f->rows ? f->rows[i] : i];
}

static int cmp_items(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    for (size_t c = 0; c < sort_fx->ncols; c++) {
        uint32_t u = code_of(sort_fx, c, x), v = code_of(sort_fx, c, y);
        if (u != v) {
            return u < v ? -1 : 1;
        }
    }
    return (x > y) - (x < y);
}

static void check(const fixture *f, unsigned threads)
{
    const uint32_t *codes[3] = {f->codes[0], f->codes[1], f->codes[2]};
    group_input in = {f->ncols, codes, f->cards, f->n, f->rows, f->weights, threads};
    grouping g;
    assert_int_equal(group_build(&g, &in, 1), 0);
    size_t *order = malloc(f->n * sizeof *order);
    char *seen = calloc(g.n_groups, 1);
    assert_non_null(order);
    assert_non_null(seen);
    for (size_t i = 0; i < f->n; i++) {
        order[i] = i;
    }
    sort_fx = f;
    qsort(order, f->n, sizeof *order, cmp_items);
    size_t runs = 0;
    for (size_t i = 0; i < f->n;) {
        size_t e = i + 1, weight = f->weights ? f->weights[order[i]] : 1;
        uint32_t id = g.group_of[order[i]];
        while (e < f->n) { /* the run of items with the codes of order[i] */
            int same = 1;
            for (size_t c = 0; c < f->ncols; c++) {
                same &= code_of(f, c, order[i]) == code_of(f, c, order[e]);
            }
            if (!same) {
                break;
            }
            assert_int_equal(g.group_of[order[e]], id);
            weight += f->weights ? f->weights[order[e]] : 1;
            e++;
        }
        assert_true(id < g.n_groups);
        assert_false(seen[id]); /* a different run has a different id */
        seen[id] = 1;
        assert_int_equal(g.weight[id], weight);
        assert_int_equal(g.first[id], order[i]); /* smallest item of the run */
        runs++;
        i = e;
    }
    assert_int_equal(runs, g.n_groups);
    free(order);
    free(seen);
    grouping_free(&g);
}

static void run(size_t n, size_t ncols, const size_t *cards, int with_rows, int with_weights,
                uint64_t seed)
{
    fixture f = {n, ncols, {NULL, NULL, NULL}, {1, 1, 1}, NULL, NULL};
    uint64_t s = seed;
    size_t nrows = with_rows ? n * 2 : n;
    for (size_t c = 0; c < 3; c++) {
        f.codes[c] = malloc(nrows * sizeof(uint32_t));
        f.cards[c] = c < ncols ? cards[c] : 1;
        for (size_t i = 0; i < nrows; i++) {
            f.codes[c][i] = (uint32_t)(test_rng(&s) % f.cards[c]);
        }
    }
    if (with_rows) {
        f.rows = malloc(n * sizeof *f.rows);
        for (size_t i = 0; i < n; i++) {
            f.rows[i] = (uint32_t)(test_rng(&s) % nrows);
        }
    }
    if (with_weights) {
        f.weights = malloc(n * sizeof *f.weights);
        for (size_t i = 0; i < n; i++) {
            f.weights[i] = 1 + test_rng(&s) % 3;
        }
    }
    for (unsigned threads = 1; threads <= 3; threads++) {
        check(&f, threads);
    }
    for (size_t c = 0; c < 3; c++) {
        free(f.codes[c]);
    }
    free(f.rows);
    free(f.weights);
}

static void test_direct(void **state)
{
    (void)state;
    size_t cards[] = {7, 5, 3};
    run(1000, 3, cards, 0, 0, 1);
    run(1000, 2, cards, 1, 1, 2);
}

static void test_hash(void **state)
{
    (void)state;
    size_t cards[] = {100000, 70000, 9};
    run(20000, 3, cards, 0, 1, 3);
}

static void test_partitioned(void **state)
{
    (void)state;
    size_t few[] = {300, 200, 3}, many[] = {1u << 30, 1u << 30, 1u << 30};
    run(300000, 3, few, 0, 0, 4);  /* many repeats per group */
    run(200000, 3, many, 1, 1, 5); /* keys overflow 64 bits: renumbered midway */
}

static void test_empty(void **state)
{
    (void)state;
    const uint32_t *codes[1] = {NULL};
    size_t cards[1] = {1};
    group_input in = {1, codes, cards, 0, NULL, NULL, 1};
    grouping g;
    assert_int_equal(group_build(&g, &in, 1), 0);
    assert_int_equal(g.n_groups, 0);
    grouping_free(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_direct),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_partitioned),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
