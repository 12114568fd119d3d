/* test_hbuild.c - the rule-based hierarchy builders (src/anon/hbuild.c): exact tables for
 * small inputs of each, refusals that name positions and never values, the invariants
 * (row i is values[i], each level a function of the one below, top "*") on seeded random
 * inputs, interval labels that hold their values, and clean failure at every allocation. */
#include "testutil.h"

#include "anon/hbuild.h"
#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Checks ---- */

static void expect_table(const hier_table *h, size_t rows, size_t cols, const char *const *want)
{
    assert_int_equal(h->rows, rows);
    assert_int_equal(h->cols, cols);
    for (size_t r = 0; r < rows; r++) {
        for (size_t l = 0; l < cols; l++) {
            const char *got = hier_cell(h, r, l), *exp = want[r * cols + l];
            if (strcmp(got, exp) != 0) {
                fail_msg("row %zu level %zu: got \"%s\", expected \"%s\"", r, l, got, exp);
            }
        }
    }
}

/* Row i is values[i]; two rows with one label at level l share it at l + 1; the last level
 * is "*" throughout. Quadratic: the inputs are small. hier_validate (hier.c) agrees. */
static void check_invariants(const hier_table *h, const char *const *values, size_t n)
{
    assert_int_equal(h->rows, n);
    assert_true(h->cols >= 2);
    for (size_t r = 0; r < n; r++) {
        for (size_t l = 0; l < h->cols; l++) {
            assert_non_null(hier_cell(h, r, l));
        }
        assert_string_equal(hier_cell(h, r, 0), values[r]);
        assert_string_equal(hier_cell(h, r, h->cols - 1), "*");
    }
    for (size_t l = 0; l + 1 < h->cols; l++) {
        for (size_t a = 0; a < n; a++) {
            for (size_t b = a + 1; b < n; b++) {
                if (strcmp(hier_cell(h, a, l), hier_cell(h, b, l)) == 0 &&
                    strcmp(hier_cell(h, a, l + 1), hier_cell(h, b, l + 1)) != 0) {
                    fail_msg("level %zu: rows %zu and %zu share \"%s\" but not level %zu", l, a, b,
                             hier_cell(h, a, l), l + 1);
                }
            }
        }
    }
    outis_error err;
    if (n > 0 && hier_validate(h, values, n, "c", &err) != 0) {
        fail_msg("hier_validate: %s", err.message);
    }
}

/* The value v lies in every interval label of its row: "[a, b)", "<b", ">=a" or "*". */
static void check_holds(const hier_table *h, size_t r, double v)
{
    for (size_t l = 1; l < h->cols; l++) {
        const char *s = hier_cell(h, r, l);
        double a, b;
        int ok;
        if (strcmp(s, "*") == 0) {
            ok = 1;
        } else if (sscanf(s, "[%lf, %lf)", &a, &b) == 2) {
            ok = a <= v && v < b;
        } else if (sscanf(s, ">=%lf", &a) == 1) {
            ok = v >= a;
        } else if (sscanf(s, "<%lf", &b) == 1) {
            ok = v < b;
        } else {
            ok = 0;
        }
        if (!ok) {
            fail_msg("row %zu: %.17g not in \"%s\"", r, v, s);
        }
    }
}

/* The builder failed with code; the table is empty and the message holds no value. */
static void expect_refusal(int rc, int code, const hier_table *h, const outis_error *err,
                           const char *secret, const char *says)
{
    assert_int_equal(rc, code);
    assert_int_equal(err->code, code);
    assert_int_equal(h->rows, 0);
    assert_null(h->cells);
    if (secret != NULL && strstr(err->message, secret) != NULL) {
        fail_msg("message prints a value: %s", err->message);
    }
    if (strstr(err->message, says) == NULL) {
        fail_msg("message \"%s\" lacks \"%s\"", err->message, says);
    }
}

/* ---- Intervals ---- */

static void test_intervals_width(void **state)
{
    (void)state;
    static const char *const v[] = {"3", "17", "25", "40"};
    /* clang-format off */
    static const char *const want[] = {
        "3",  "[0, 10)",  "[0, 20)",  "[0, 40)",  "[0, 80)", "*",
        "17", "[10, 20)", "[0, 20)",  "[0, 40)",  "[0, 80)", "*",
        "25", "[20, 30)", "[20, 40)", "[0, 40)",  "[0, 80)", "*",
        "40", "[40, 50)", "[40, 60)", "[40, 80)", "[0, 80)", "*",
    };
    /* clang-format on */
    hier_interval_spec spec = {10, 0, NULL, 0};
    hier_table h;
    outis_error err;
    assert_int_equal(hier_intervals(&h, v, 4, &spec, &err), 0);
    expect_table(&h, 4, 6, want);
    check_invariants(&h, v, 4);
    hier_table_free(&h);

    /* an origin elsewhere moves the grid */
    static const char *const v2[] = {"4", "11"};
    static const char *const want2[] = {"4",  "[2.5, 7.5)",  "[2.5, 12.5)", "*",
                                        "11", "[7.5, 12.5)", "[2.5, 12.5)", "*"};
    spec = (hier_interval_spec){5, 2.5, NULL, 0};
    assert_int_equal(hier_intervals(&h, v2, 2, &spec, &err), 0);
    expect_table(&h, 2, 4, want2);
    hier_table_free(&h);
}

static void test_intervals_decimals_and_big(void **state)
{
    (void)state;
    hier_table h;
    outis_error err;
    /* 3 * 0.1 is 0.30000000000000004: the bound prints and holds as 0.3 */
    static const char *const v[] = {"0.3", "0.05"};
    static const char *const want[] = {"0.3",  "[0.3, 0.4)", "[0.2, 0.4)", "[0, 0.4)", "*",
                                       "0.05", "[0, 0.1)",   "[0, 0.2)",   "[0, 0.4)", "*"};
    hier_interval_spec spec = {0.1, 0, NULL, 0};
    assert_int_equal(hier_intervals(&h, v, 2, &spec, &err), 0);
    expect_table(&h, 2, 5, want);
    hier_table_free(&h);

    static const char *const big[] = {"1500000", " 2500000 "};
    /* clang-format off */
    static const char *const want_big[] = {
        "1500000",   "[1000000, 2000000)", "[0, 2000000)",       "[0, 4000000)", "*",
        " 2500000 ", "[2000000, 3000000)", "[2000000, 4000000)", "[0, 4000000)", "*",
    };
    /* clang-format on */
    spec = (hier_interval_spec){1e6, 0, NULL, 0};
    assert_int_equal(hier_intervals(&h, big, 2, &spec, &err), 0);
    expect_table(&h, 2, 5, want_big);
    hier_table_free(&h);

    /* both sides of the origin: no interval from 0 spans them, so the last pair meets at 0 */
    static const char *const sides[] = {"-5", "5", "-12"};
    /* clang-format off */
    static const char *const want_sides[] = {
        "-5",  "[-10, 0)",   "[-20, 0)", "*",
        "5",   "[0, 10)",    "[0, 20)",  "*",
        "-12", "[-20, -10)", "[-20, 0)", "*",
    };
    /* clang-format on */
    spec = (hier_interval_spec){10, 0, NULL, 0};
    assert_int_equal(hier_intervals(&h, sides, 3, &spec, &err), 0);
    expect_table(&h, 3, 4, want_sides);
    check_invariants(&h, sides, 3);
    hier_table_free(&h);

    /* one value: its interval covers every value, then "*" */
    static const char *const one[] = {"7"};
    static const char *const want_one[] = {"7", "[5, 10)", "*"};
    spec = (hier_interval_spec){5, 0, NULL, 0};
    assert_int_equal(hier_intervals(&h, one, 1, &spec, &err), 0);
    expect_table(&h, 1, 3, want_one);
    hier_table_free(&h);
}

static void test_intervals_cuts(void **state)
{
    (void)state;
    static const double cuts[] = {18, 30, 50, 65};
    static const char *const v[] = {"10", "18", "29.5", "64", "65", "100"};
    /* clang-format off */
    static const char *const want[] = {
        "10",   "<18",      "<30",      "<65",  "*",
        "18",   "[18, 30)", "<30",      "<65",  "*",
        "29.5", "[18, 30)", "<30",      "<65",  "*",
        "64",   "[50, 65)", "[30, 65)", "<65",  "*",
        "65",   ">=65",     ">=65",     ">=65", "*",
        "100",  ">=65",     ">=65",     ">=65", "*",
    };
    /* clang-format on */
    hier_interval_spec spec = {0, 0, cuts, 4};
    hier_table h;
    outis_error err;
    assert_int_equal(hier_intervals(&h, v, 6, &spec, &err), 0);
    expect_table(&h, 6, 5, want);
    check_invariants(&h, v, 6);
    hier_table_free(&h);

    /* one cut: bottom and top coding, then "*"; cuts print shortest */
    static const double cut1[] = {0.1};
    static const char *const v1[] = {"0.05", "0.1"};
    static const char *const want1[] = {"0.05", "<0.1", "*", "0.1", ">=0.1", "*"};
    spec = (hier_interval_spec){0, 0, cut1, 1};
    assert_int_equal(hier_intervals(&h, v1, 2, &spec, &err), 0);
    expect_table(&h, 2, 3, want1);
    hier_table_free(&h);

    /* a cut of 1/3 prints with the digits that make it exact */
    static const double third[] = {1.0 / 3, 1};
    static const char *const v3[] = {"0.5"};
    static const char *const want3[] = {"0.5", "[0.3333333333333333, 1)", "<1", "*"};
    spec = (hier_interval_spec){0, 0, third, 2};
    assert_int_equal(hier_intervals(&h, v3, 1, &spec, &err), 0);
    expect_table(&h, 1, 4, want3);
    hier_table_free(&h);
}

static void test_intervals_refused(void **state)
{
    (void)state;
    hier_table h;
    outis_error err;
    static const char *const v[] = {"1", "Zhang San", "3"};
    hier_interval_spec spec = {10, 0, NULL, 0};
    int rc = hier_intervals(&h, v, 3, &spec, &err);
    expect_refusal(rc, OUTIS_EPARSE, &h, &err, "Zhang", "value 2 is not a number");
    static const char *const nan[] = {"nan"};
    rc = hier_intervals(&h, nan, 1, &spec, &err);
    expect_refusal(rc, OUTIS_EPARSE, &h, &err, NULL, "value 1");
    static const double bad[] = {5, 5};
    spec = (hier_interval_spec){0, 0, bad, 2};
    rc = hier_intervals(&h, v, 1, &spec, &err);
    expect_refusal(rc, OUTIS_EINVAL, &h, &err, NULL, "cut 2 is not above cut 1");
    spec = (hier_interval_spec){0, 0, bad, 0};
    rc = hier_intervals(&h, v, 1, &spec, &err);
    expect_refusal(rc, OUTIS_EINVAL, &h, &err, NULL, "at least one cut");
    spec = (hier_interval_spec){-1, 0, NULL, 0};
    rc = hier_intervals(&h, v, 1, &spec, &err);
    expect_refusal(rc, OUTIS_EINVAL, &h, &err, NULL, "positive");
    static const char *const far[] = {"1", "1e300"};
    spec = (hier_interval_spec){1, 0, NULL, 0};
    rc = hier_intervals(&h, far, 2, &spec, &err);
    expect_refusal(rc, OUTIS_EINVAL, &h, &err, "1e300", "value 2");
}

/* ---- Dates ---- */

static void test_dates(void **state)
{
    (void)state;
    static const char *const v[] = {"2024-03-05", "2019-11-30T12:00:00", "2020-01-01",
                                    "2000-02-29"};
    static const char *const all[] = {"day", "month", "quarter", "year", "decade"};
    /* clang-format off */
    static const char *const want[] = {
        "2024-03-05",          "2024-03-05", "2024-03", "2024-Q1", "2024", "2020s", "*",
        "2019-11-30T12:00:00", "2019-11-30", "2019-11", "2019-Q4", "2019", "2010s", "*",
        "2020-01-01",          "2020-01-01", "2020-01", "2020-Q1", "2020", "2020s", "*",
        "2000-02-29",          "2000-02-29", "2000-02", "2000-Q1", "2000", "2000s", "*",
    };
    /* clang-format on */
    hier_table h;
    outis_error err;
    assert_int_equal(hier_dates(&h, v, 4, all, 5, &err), 0);
    expect_table(&h, 4, 7, want);
    check_invariants(&h, v, 4);
    hier_table_free(&h);

    static const char *const some[] = {"quarter", "decade"};
    /* clang-format off */
    static const char *const want_some[] = {
        "2024-03-05",          "2024-Q1", "2020s", "*",
        "2019-11-30T12:00:00", "2019-Q4", "2010s", "*",
        "2020-01-01",          "2020-Q1", "2020s", "*",
        "2000-02-29",          "2000-Q1", "2000s", "*",
    };
    /* clang-format on */
    assert_int_equal(hier_dates(&h, v, 4, some, 2, &err), 0);
    expect_table(&h, 4, 4, want_some);
    hier_table_free(&h);

    static const char *const want_none[] = {"2020-01-01", "*"};
    assert_int_equal(hier_dates(&h, v + 2, 1, NULL, 0, &err), 0);
    expect_table(&h, 1, 2, want_none);
    hier_table_free(&h);
}

static void test_dates_refused(void **state)
{
    (void)state;
    static const char *const lv[] = {"month", "year"};
    static const char *const bad[] = {"2023-02-29", "2024-13-01", "24-01-01", "2024-01-01x",
                                      "2024-04-31", "2024/01/01", "2024-1-01"};
    hier_table h;
    outis_error err;
    for (size_t i = 0; i < N_OF(bad); i++) {
        const char *v[] = {"2024-01-01", bad[i]};
        int rc = hier_dates(&h, v, 2, lv, 2, &err);
        expect_refusal(rc, OUTIS_EPARSE, &h, &err, bad[i], "value 2 is not a date");
    }
    static const char *const ok[] = {"2024-01-01"};
    static const char *const backwards[] = {"year", "month"};
    int rc = hier_dates(&h, ok, 1, backwards, 2, &err);
    expect_refusal(rc, OUTIS_EINVAL, &h, &err, NULL, "date level 2");
    static const char *const twice[] = {"year", "year"};
    rc = hier_dates(&h, ok, 1, twice, 2, &err);
    expect_refusal(rc, OUTIS_EINVAL, &h, &err, NULL, "date level 2");
    static const char *const week[] = {"week"};
    rc = hier_dates(&h, ok, 1, week, 1, &err);
    expect_refusal(rc, OUTIS_EINVAL, &h, &err, NULL, "date level 1");
}

/* ---- Masking ---- */

static void test_mask(void **state)
{
    (void)state;
    static const char *const v[] = {"100081", "100082", "200000"};
    /* clang-format off */
    static const char *const want[] = {
        "100081", "10008*", "1000**", "100***", "10****", "1*****", "******", "*",
        "100082", "10008*", "1000**", "100***", "10****", "1*****", "******", "*",
        "200000", "20000*", "2000**", "200***", "20****", "2*****", "******", "*",
    };
    /* clang-format on */
    hier_table h;
    outis_error err;
    assert_int_equal(hier_mask(&h, v, 3, 1, '*', &err), 0);
    expect_table(&h, 3, 8, want);
    check_invariants(&h, v, 3);
    hier_table_free(&h);

    /* different lengths: right-aligned with mask first, two characters a level */
    static const char *const w[] = {"12345", "123", "1", ""};
    /* clang-format off */
    static const char *const want_w[] = {
        "12345", "123**", "1****", "*****", "*",
        "123",   "**1**", "*****", "*****", "*",
        "1",     "*****", "*****", "*****", "*",
        "",      "*****", "*****", "*****", "*",
    };
    /* clang-format on */
    assert_int_equal(hier_mask(&h, w, 4, 2, '*', &err), 0);
    expect_table(&h, 4, 5, want_w);
    check_invariants(&h, w, 4);
    hier_table_free(&h);
}

static void test_mask_utf8(void **state)
{
    (void)state;
    static const char *const v[] = {"北京市", "上海", "A京"};
    /* clang-format off */
    static const char *const want[] = {
        "北京市", "北京x", "北xx", "xxx", "*",
        "上海",   "x上x",  "xxx",  "xxx", "*",
        "A京",    "xAx",   "xxx",  "xxx", "*",
    };
    /* clang-format on */
    hier_table h;
    outis_error err;
    assert_int_equal(hier_mask(&h, v, 3, 1, 'x', &err), 0);
    expect_table(&h, 3, 5, want);
    check_invariants(&h, v, 3);
    hier_table_free(&h);

    static const char *const bad[] = {"ok", "\xe5\x8c"}; /* a cut-off character */
    int rc = hier_mask(&h, bad, 2, 1, '*', &err);
    expect_refusal(rc, OUTIS_EPARSE, &h, &err, NULL, "value 2 is not valid UTF-8");
    rc = hier_mask(&h, v, 3, 0, '*', &err);
    expect_refusal(rc, OUTIS_EINVAL, &h, &err, NULL, "step");
    rc = hier_mask(&h, v, 3, 1, '\n', &err);
    expect_refusal(rc, OUTIS_EINVAL, &h, &err, NULL, "printable");
}

/* ---- Trees ---- */

/* clang-format off */
static const char *const city_edges[] = {
    "Haidian",  "Beijing",
    "Chaoyang", "Beijing",
    "Beijing",  "North",
    "Tianjin",  "North",
    "North",    "*",
    "Shanghai", "*",
    "Tianjin",  "North", /* a repeated edge */
};
/* clang-format on */

static void test_tree(void **state)
{
    (void)state;
    static const char *const v[] = {"Haidian", "Tianjin", "Shanghai", "Chaoyang"};
    /* clang-format off */
    static const char *const want[] = {
        "Haidian",  "Beijing", "North", "*", /* depth 3 */
        "Tianjin",  "North",   "*",     "*", /* depth 2: the root repeats */
        "Shanghai", "*",       "*",     "*", /* depth 1 */
        "Chaoyang", "Beijing", "North", "*",
    };
    /* clang-format on */
    hier_table h;
    outis_error err;
    assert_int_equal(hier_tree(&h, v, 4, city_edges, N_OF(city_edges) / 2, &err), 0);
    expect_table(&h, 4, 4, want);
    check_invariants(&h, v, 4);
    hier_table_free(&h);

    /* two roots, or one that is not "*": "*" is added above */
    static const char *const forest[] = {"a", "X", "b", "Y", "c", "b2", "b2", "Y"};
    static const char *const fv[] = {"a", "c"};
    static const char *const want_forest[] = {"a", "X", "X", "*", "c", "b2", "Y", "*"};
    assert_int_equal(hier_tree(&h, fv, 2, forest, 4, &err), 0);
    expect_table(&h, 2, 4, want_forest);
    check_invariants(&h, fv, 2);
    hier_table_free(&h);
    static const char *const one_root[] = {"a", "any", "b", "any"};
    static const char *const want_one[] = {"b", "any", "*", "a", "any", "*"};
    static const char *const ov[] = {"b", "a"};
    assert_int_equal(hier_tree(&h, ov, 2, one_root, 2, &err), 0);
    expect_table(&h, 2, 3, want_one);
    hier_table_free(&h);
}

static void test_tree_refused(void **state)
{
    (void)state;
    hier_table h;
    outis_error err;
    static const char *const cycle[] = {"a", "b", "b", "c", "c", "b"};
    static const char *const va[] = {"a"};
    int rc = hier_tree(&h, va, 1, cycle, 3, &err);
    expect_refusal(rc, OUTIS_EINVAL, &h, &err, NULL, "cycle");
    /* a cycle away from every value is refused too */
    static const char *const apart[] = {"a", "*", "x", "y", "y", "x"};
    rc = hier_tree(&h, va, 1, apart, 3, &err);
    expect_refusal(rc, OUTIS_EINVAL, &h, &err, NULL, "cycle");
    static const char *const self[] = {"a", "a"};
    rc = hier_tree(&h, va, 1, self, 1, &err);
    expect_refusal(rc, OUTIS_EINVAL, &h, &err, NULL, "cycle");

    static const char *const missing[] = {"Haidian", "Wangjing"};
    rc = hier_tree(&h, missing, 2, city_edges, N_OF(city_edges) / 2, &err);
    expect_refusal(rc, OUTIS_EINVAL, &h, &err, "Wangjing", "value 2 is not in the tree");
    static const char *const inner[] = {"Beijing"};
    rc = hier_tree(&h, inner, 1, city_edges, N_OF(city_edges) / 2, &err);
    expect_refusal(rc, OUTIS_EINVAL, &h, &err, "Beijing", "value 1 is not a leaf");
    static const char *const two[] = {"a", "X", "a", "Y"};
    rc = hier_tree(&h, va, 1, two, 2, &err);
    expect_refusal(rc, OUTIS_EINVAL, &h, &err, NULL, "edge 2 gives a label a second parent");
}

/* ---- Random inputs ---- */

/* n distinct strings made by make(i, rng) (retrying duplicates), kept in buf. */
typedef struct strings {
    char buf[64][48];
    const char *p[64];
    size_t n;
} strings;

static void add_distinct(strings *s, const char *v)
{
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->p[i], v) == 0) {
            return;
        }
    }
    snprintf(s->buf[s->n], sizeof s->buf[s->n], "%s", v);
    s->p[s->n] = s->buf[s->n];
    s->n++;
}

static void random_numbers(strings *s, uint64_t *rng)
{
    s->n = 0;
    const size_t want = 1 + test_rng(rng) % 40;
    for (size_t i = 0; i < want; i++) {
        char v[48];
        const double x = (double)((int64_t)(test_rng(rng) % 20001) - 10000) / 8;
        snprintf(v, sizeof v, "%.17g", test_rng(rng) % 2 ? x : fabs(x) * 37);
        add_distinct(s, v);
    }
}

static void random_intervals(uint64_t *rng)
{
    static const double widths[] = {0.1, 0.5, 1, 3, 10, 250, 1e6};
    static const double origins[] = {0, -7, 2.5, 0.3};
    strings s;
    random_numbers(&s, rng);
    hier_interval_spec spec = {widths[test_rng(rng) % N_OF(widths)],
                               origins[test_rng(rng) % N_OF(origins)], NULL, 0};
    double cuts[12];
    if (test_rng(rng) % 2) {
        spec.ncuts = 1 + test_rng(rng) % N_OF(cuts);
        double c = -1500 + (double)(test_rng(rng) % 1000);
        for (size_t i = 0; i < spec.ncuts; i++) {
            cuts[i] = c;
            c += 1 + (double)(test_rng(rng) % 2000) / 4;
        }
        spec.cuts = cuts;
    }
    hier_table h;
    outis_error err;
    assert_int_equal(hier_intervals(&h, s.p, s.n, &spec, &err), 0);
    check_invariants(&h, s.p, s.n);
    for (size_t r = 0; r < s.n; r++) {
        check_holds(&h, r, strtod(s.p[r], NULL));
    }
    hier_table_free(&h);
}

static void random_dates(uint64_t *rng)
{
    static const char *const units[] = {"day", "month", "quarter", "year", "decade"};
    strings s;
    s.n = 0;
    const size_t want = 1 + test_rng(rng) % 40;
    for (size_t i = 0; i < want; i++) {
        char v[48];
        snprintf(v, sizeof v, "%04d-%02d-%02d%s", 1990 + (int)(test_rng(rng) % 40),
                 1 + (int)(test_rng(rng) % 12), 1 + (int)(test_rng(rng) % 28),
                 test_rng(rng) % 4 ? "" : "T08:30:00Z");
        add_distinct(&s, v);
    }
    const char *levels[5];
    size_t nl = 0;
    for (size_t u = 0; u < 5; u++) {
        if (test_rng(rng) % 2) {
            levels[nl++] = units[u];
        }
    }
    hier_table h;
    outis_error err;
    assert_int_equal(hier_dates(&h, s.p, s.n, levels, nl, &err), 0);
    assert_int_equal(h.cols, nl + 2);
    check_invariants(&h, s.p, s.n);
    hier_table_free(&h);
}

static void random_masks(uint64_t *rng)
{
    static const char *const pieces[] = {"0", "1", "2", "京", "é", "a"};
    strings s;
    s.n = 0;
    const size_t want = 1 + test_rng(rng) % 40;
    for (size_t i = 0; i < want; i++) {
        char v[48] = "";
        const size_t len = test_rng(rng) % 8;
        for (size_t c = 0; c < len; c++) {
            strncat(v, pieces[test_rng(rng) % N_OF(pieces)], sizeof v - strlen(v) - 1);
        }
        add_distinct(&s, v);
    }
    hier_table h;
    outis_error err;
    assert_int_equal(hier_mask(&h, s.p, s.n, 1 + test_rng(rng) % 3, '*', &err), 0);
    check_invariants(&h, s.p, s.n);
    hier_table_free(&h);
}

/* A random forest: node i's parent is a lower node or none, so it has no cycle. */
static void random_tree(uint64_t *rng)
{
    strings names;
    names.n = 0;
    const size_t nodes = 2 + test_rng(rng) % 40;
    int parent[64], has_child[64] = {0};
    const char *edges[128];
    size_t nedges = 0;
    for (size_t i = 0; i < nodes; i++) {
        char v[48];
        snprintf(v, sizeof v, "n%zu", i);
        add_distinct(&names, i == 0 && test_rng(rng) % 2 ? "*" : v);
        parent[i] = i > 0 && test_rng(rng) % 8 ? (int)(test_rng(rng) % i) : -1;
        if (parent[i] >= 0) {
            has_child[parent[i]] = 1;
        }
    }
    for (size_t i = 0; i < nodes; i++) {
        if (parent[i] >= 0) {
            edges[nedges * 2] = names.p[i];
            edges[nedges * 2 + 1] = names.p[parent[i]];
            nedges++;
        }
    }
    const char *values[64];
    size_t n = 0;
    for (size_t i = 0; i < nodes; i++) {
        if (!has_child[i] && parent[i] >= 0 && test_rng(rng) % 4) {
            values[n++] = names.p[i];
        }
    }
    hier_table h;
    outis_error err;
    assert_int_equal(hier_tree(&h, values, n, edges, nedges, &err), 0);
    check_invariants(&h, values, n);
    hier_table_free(&h);
}

static uint64_t random_seed; /* 0 once every seed passed */

static void test_random_invariants(void **state)
{
    (void)state;
    for (random_seed = 1; random_seed <= 300; random_seed++) {
        uint64_t rng = random_seed;
        random_intervals(&rng);
        random_dates(&rng);
        random_masks(&rng);
        random_tree(&rng);
    }
    random_seed = 0;
}

/* A failed assertion leaves the test by longjmp: the teardown names the seed. */
static int print_seed(void **state)
{
    (void)state;
    if (random_seed != 0) {
        print_error("failing seed: %llu\n", (unsigned long long)random_seed);
    }
    return 0;
}

/* ---- Allocation failures ---- */

#ifdef OUTIS_ALLOC_TESTING
static int build_all(void)
{
    static const char *const num[] = {"3", "17", "25"};
    static const char *const dates[] = {"2024-03-05", "2019-11-30"};
    static const char *const lv[] = {"month", "year"};
    static const double cuts[] = {10, 20};
    static const char *const tv[] = {"Haidian", "Shanghai"};
    hier_interval_spec width = {10, 0, NULL, 0}, cut = {0, 0, cuts, 2};
    hier_table h;
    outis_error err;
    int rc;
    if ((rc = hier_intervals(&h, num, 3, &width, &err)) == 0) {
        hier_table_free(&h);
        rc = hier_intervals(&h, num, 3, &cut, &err);
    }
    if (rc == 0) {
        hier_table_free(&h);
        rc = hier_dates(&h, dates, 2, lv, 2, &err);
    }
    if (rc == 0) {
        hier_table_free(&h);
        rc = hier_mask(&h, num, 3, 1, '*', &err);
    }
    if (rc == 0) {
        hier_table_free(&h);
        rc = hier_tree(&h, tv, 2, city_edges, N_OF(city_edges) / 2, &err);
    }
    if (rc == 0) {
        hier_table_free(&h);
        return 0;
    }
    assert_int_equal(rc, OUTIS_ENOMEM);
    assert_null(h.cells);
    return rc;
}
#endif

static void test_alloc_fails_cleanly(void **state)
{
    (void)state;
#ifdef OUTIS_ALLOC_TESTING
    size_t n = 1;
    for (; n < 10000; n++) {
        ou_alloc_fail_at(n);
        if (build_all() == 0) {
            break;
        }
    }
    ou_alloc_fail_at(0);
    assert_true(n > 20 && n < 10000);
#else
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intervals_width),
        cmocka_unit_test(test_intervals_decimals_and_big),
        cmocka_unit_test(test_intervals_cuts),
        cmocka_unit_test(test_intervals_refused),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_dates_refused),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_mask_utf8),
        cmocka_unit_test(test_tree),
        cmocka_unit_test(test_tree_refused),
        cmocka_unit_test_teardown(test_random_invariants, print_seed),
        cmocka_unit_test(test_alloc_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
