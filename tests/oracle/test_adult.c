/* test_adult.c - outis risk on the Adult dataset (../shared/data/adult) against figures
 * derived independently by tests/oracle/adult_reference.py (Python standard library) and,
 * for sex,age,race,marital-status, ARX 3.9.2's risk analysis (REFERENCES.md section 8:
 * 1,690 classes, 543 sample uniques, average prosecutor risk 0.056031). */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <unistd.h>

#define ADULT OUTIS_SHARED_DATA "/adult/adult.csv"

typedef struct expect_sa {
    const char *column;
    size_t distinct_l;
    double entropy_l, recursive_c, t;
} expect_sa;

typedef struct expect {
    const char *qi[4];
    size_t nqi, classes, k, largest, uniques, lt5, lt10;
    double at_risk, avg;
    expect_sa sa[2];
} expect;

static const expect cases[] = {
    {{"sex", "age", "race", "marital-status"},
     4,
     1690,
     1,
     403,
     543,
     1824,
     3337,
     0.0604734434,
     0.0560307672,
     {{"occupation", 1, 1.0, INFINITY, 0.9952589351},
      {"salary-class", 1, 1.0, INFINITY, 0.7510775148}}},
    {{"sex", "race", "marital-status"},
     3,
     63,
     1,
     11416,
     2,
     21,
     89,
     0.0006962403,
     0.0020887209,
     {{"occupation", 1, 1.0, INFINITY, 0.8766328493},
      {"salary-class", 1, 1.0, INFINITY, 0.7510775148}}},
    {{"sex", "race"},
     2,
     10,
     87,
     18038,
     0,
     0,
     0,
     0.0,
     0.0003315430,
     {{"occupation", 10, 7.5555875002, 0.3867924528, 0.3249624442},
      {"salary-class", 2, 1.2050185060, 20.75, 0.2029454738}}},
};

static void test_adult(void **state)
{
    (void)state;
    if (access(ADULT, R_OK) != 0) {
        skip();
    }
    for (unsigned threads = 1; threads <= 2; threads++) {
        outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
        o.threads = threads;
        outis_table *t = NULL;
        outis_error err;
        assert_int_equal(outis_table_read_csv(&t, ADULT, &o, &err), 0);
        assert_int_equal(outis_table_rows(t), 30162);
        assert_int_equal(outis_table_delimiter(t), ';');
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
            const expect *e = &cases[i];
            size_t qi[4], sa[2] = {col(t, e->sa[0].column), col(t, e->sa[1].column)};
            for (size_t j = 0; j < e->nqi; j++) {
                qi[j] = col(t, e->qi[j]);
            }
            outis_risk_options ro = OUTIS_RISK_OPTIONS_INIT;
            ro.qi = qi;
            ro.qi_count = e->nqi;
            ro.sensitive = sa;
            ro.sensitive_count = 2;
            outis_risk *r = NULL;
            assert_int_equal(outis_risk_compute(&r, t, &ro, &err), 0);
            const outis_risk_summary *s = outis_risk_get_summary(r);
            assert_int_equal(s->records, 30162);
            assert_int_equal(s->classes, e->classes);
            assert_int_equal(s->k, e->k);
            assert_int_equal(s->largest, e->largest);
            assert_int_equal(s->uniques, e->uniques);
            assert_int_equal(s->records_lt5, e->lt5);
            assert_int_equal(s->records_lt10, e->lt10);
            assert_near(s->prosecutor_at_risk, e->at_risk, 1e-9);
            assert_near(s->prosecutor_avg, e->avg, 1e-9);
            const outis_sensitive_risk *sr;
            assert_int_equal(outis_risk_sensitive(r, &sr), 2);
            for (size_t j = 0; j < 2; j++) {
                assert_int_equal(sr[j].distinct_l, e->sa[j].distinct_l);
                assert_near(sr[j].entropy_l, e->sa[j].entropy_l, 1e-8);
                if (isinf(e->sa[j].recursive_c)) {
                    assert_true(isinf(sr[j].recursive_c));
                } else {
                    assert_near(sr[j].recursive_c, e->sa[j].recursive_c, 1e-9);
                }
                assert_false(sr[j].is_ordered);
                assert_near(sr[j].t, e->sa[j].t, 1e-9);
            }
            outis_risk_free(r);
        }
        outis_table_free(t);
    }
}

/* The pairs of sex,age,race,marital-status (adult_reference.py). */
static void test_adult_pairs(void **state)
{
    (void)state;
    if (access(ADULT, R_OK) != 0) {
        skip();
    }
    outis_table *t = NULL;
    assert_int_equal(outis_table_read_csv(&t, ADULT, NULL, NULL), 0);
    size_t qi[4] = {col(t, "sex"), col(t, "age"), col(t, "race"), col(t, "marital-status")};
    outis_risk_options ro = OUTIS_RISK_OPTIONS_INIT;
    ro.qi = qi;
    ro.qi_count = 4;
    ro.combinations = OUTIS_COMBINATIONS_PAIRS;
    outis_risk *r = NULL;
    assert_int_equal(outis_risk_compute(&r, t, &ro, NULL), 0);
    const outis_qi_combination *c;
    size_t n = outis_risk_combinations(r, &c);
    assert_int_equal(n, 4 + 6);
    /* Pairs come after singles, by uniques descending. */
    const struct {
        const char *a, *b;
        size_t distinct, uniques;
    } pairs[] = {{"age", "marital-status", 387, 35},
                 {"age", "race", 288, 22},
                 {"sex", "age", 142, 4},
                 {"race", "marital-status", 32, 1},
                 {"sex", "race", 10, 0},
                 {"sex", "marital-status", 14, 0}};
    for (size_t i = 0; i < 6; i++) {
        const outis_qi_combination *p = &c[4 + i];
        assert_int_equal(p->size, 2);
        assert_string_equal(outis_table_column_name(t, p->column[0]), pairs[i].a);
        assert_string_equal(outis_table_column_name(t, p->column[1]), pairs[i].b);
        assert_int_equal(p->distinct, pairs[i].distinct);
        assert_int_equal(p->uniques, pairs[i].uniques);
    }
    outis_risk_free(r);
    outis_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_adult),
        cmocka_unit_test(test_adult_pairs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
