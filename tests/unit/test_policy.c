/* test_policy.c - named risk figures (outis_risk_metric) and --fail-if policies
 * (outis_policy_parse, outis_policy_check) on two small tables whose figures are computed by
 * hand: operators, separators, parse errors with their column, and figures not computed. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct fixture {
    outis_table *t1, *pop, *t2;
    outis_risk *r1;   /* t1: zip, with population and sensitive d, threshold 0.4 */
    outis_risk *r2de; /* t2: g, sensitive d then e */
    outis_risk *r2ed; /* t2: g, sensitive e then d */
    outis_risk *bare; /* t1: zip, no population, no sensitive attribute */
} fixture;

/* t1: classes A (1), B (2), C (3). d: A {flu}, B {flu, hiv}, C {flu, hiv, cancer}.
 * Population: A 2, B 4, C 3 and 5 others. */
static const char t1_csv[] = "zip,d\nC,flu\nA,flu\nB,flu\nC,hiv\nB,hiv\nC,cancer\n";
static const char pop_csv[] = "zip\nA\nA\nB\nB\nB\nB\nC\nC\nC\nX\nX\nX\nX\nX\n";
/* t2: class 1: d {flu 2, hiv 1}, e {10, 20, 30}; class 2: d {flu 2, hiv 1, cancer 1},
 * e {10, 20, 30, 30}. d is the worst attribute on every figure. */
static const char t2_csv[] = "g,d,e\n1,flu,10\n1,hiv,20\n1,flu,30\n2,flu,10\n2,hiv,20\n"
                             "2,cancer,30\n2,flu,30\n";

static outis_risk *risk_of(const outis_table *t, size_t qi, const size_t *sa, size_t nsa,
                           const outis_table *pop, double threshold)
{
    outis_risk_options o = OUTIS_RISK_OPTIONS_INIT;
    o.qi = &qi;
    o.qi_count = 1;
    o.sensitive = sa;
    o.sensitive_count = nsa;
    o.population = pop;
    o.threshold = threshold;
    return risk_ok(t, &o);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->t1 = table_from(t1_csv, 1);
    f->pop = table_from(pop_csv, 1);
    f->t2 = table_from(t2_csv, 1);
    size_t d1 = col(f->t1, "d"), de[2] = {col(f->t2, "d"), col(f->t2, "e")};
    size_t ed[2] = {de[1], de[0]};
    f->r1 = risk_of(f->t1, col(f->t1, "zip"), &d1, 1, f->pop, 0.4);
    f->r2de = risk_of(f->t2, col(f->t2, "g"), de, 2, NULL, 0.2);
    f->r2ed = risk_of(f->t2, col(f->t2, "g"), ed, 2, NULL, 0.2);
    f->bare = risk_of(f->t1, col(f->t1, "zip"), NULL, 0, NULL, 0.2);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    outis_risk_free(f->r1);
    outis_risk_free(f->r2de);
    outis_risk_free(f->r2ed);
    outis_risk_free(f->bare);
    outis_table_free(f->t1);
    outis_table_free(f->pop);
    outis_table_free(f->t2);
    free(f);
    return 0;
}

static void expect_metric(const outis_risk *r, const char *name, double want)
{
    double v = NAN;
    outis_error err;
    int rc = outis_risk_metric(&v, r, name, &err);
    if (rc != 0) {
        print_error("%s: %s\n", name, err.message);
    }
    assert_int_equal(rc, 0);
    if (!(v == want || fabs(v - want) <= 1e-12)) {
        print_error("%s = %.17g, expected %.17g\n", name, v, want);
        fail();
    }
}

static void test_metrics(void **state)
{
    const fixture *f = *state;
    const outis_risk *r = f->r1;
    expect_metric(r, "k", 1);
    expect_metric(r, "classes", 3);
    expect_metric(r, "records", 6);
    expect_metric(r, "uniques", 1);
    expect_metric(r, "uniques_share", 1.0 / 6);
    expect_metric(r, "prosecutor_max", 1);
    expect_metric(r, "prosecutor_avg", 0.5);
    expect_metric(r, "records_at_risk", 0.5); /* 1/f > 0.4: A and B */
    expect_metric(r, "marketer", (0.5 + 0.5 + 1.0) / 6);
    expect_metric(r, "journalist_max", 0.5);
    expect_metric(r, "journalist_avg", 1.0 / 3); /* max(3/9, 1/3) */
    expect_metric(r, "journalist_at_risk", 1.0 / 6);
    expect_metric(r, "l_distinct", 1);
    expect_metric(r, "l_entropy", 1);
    expect_metric(r, "c_recursive", INFINITY);
    expect_metric(r, "t", 0.5); /* A: (1, 0, 0) against (1/2, 1/3, 1/6) */

    expect_metric(f->bare, "marketer", 0.5); /* u / n without a population */
    expect_metric(f->bare, "records_at_risk", 1.0);

    /* The worst over the sensitive attributes, in either order: all from d. */
    for (int i = 0; i < 2; i++) {
        r = i ? f->r2ed : f->r2de;
        expect_metric(r, "l_distinct", 2);
        expect_metric(r, "l_entropy", 3.0 / pow(2.0, 2.0 / 3)); /* e: 2 sqrt 2 */
        expect_metric(r, "c_recursive", 2);                     /* e: 1 */
        expect_metric(r, "t", 1.0 / 7);                         /* e: 1/14 */
        expect_metric(r, "k", 3);
        expect_metric(r, "uniques_share", 0);
    }
}

static void expect_metric_error(const outis_risk *r, const char *name, int code)
{
    double v = -42;
    outis_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(outis_risk_metric(&v, r, name, &err), code);
    assert_int_equal(err.code, code);
    assert_true(err.message[0] != '\0');
    assert_true(v == -42);
}

static void test_metric_errors(void **state)
{
    const fixture *f = *state;
    static const char *const needs[] = {
        "l_distinct",     "l_entropy",      "c_recursive",       "t",
        "journalist_max", "journalist_avg", "journalist_at_risk"};
    for (size_t i = 0; i < sizeof needs / sizeof *needs; i++) {
        expect_metric_error(f->bare, needs[i], OUTIS_ENOTFOUND);
    }
    /* A sensitive attribute without population still lacks the journalist figures. */
    expect_metric_error(f->r2de, "journalist_avg", OUTIS_ENOTFOUND);
    expect_metric_error(f->r1, "kk", OUTIS_ENOTFOUND);
    expect_metric_error(f->r1, "", OUTIS_ENOTFOUND);
    expect_metric_error(f->r1, "K", OUTIS_ENOTFOUND);
    expect_metric_error(f->r1, "k ", OUTIS_ENOTFOUND);
    double v;
    assert_int_equal(outis_risk_metric(NULL, f->r1, "k", NULL), OUTIS_EINVAL);
    assert_int_equal(outis_risk_metric(&v, NULL, "k", NULL), OUTIS_EINVAL);
    assert_int_equal(outis_risk_metric(&v, f->r1, NULL, NULL), OUTIS_EINVAL);
    assert_int_equal(outis_risk_metric(&v, f->r1, "records", NULL), 0);
    assert_true(v == 6);
}

/* Parses and checks text against r; returns the number of violated conditions and leaves the
 * first one's text in buf. */
static size_t check(const outis_risk *r, const char *text, char *buf, size_t size)
{
    outis_policy *p = NULL;
    outis_error err;
    int rc = outis_policy_parse(&p, text, &err);
    if (rc != 0) {
        print_error("'%s': column %llu: %s\n", text, (unsigned long long)err.column, err.message);
    }
    assert_int_equal(rc, 0);
    size_t violated = 12345;
    rc = outis_policy_check(&violated, p, r, buf, size, &err);
    if (rc != 0) {
        print_error("'%s': %s\n", text, err.message);
    }
    assert_int_equal(rc, 0);
    outis_policy_free(p);
    return violated;
}

static void expect_violated(const outis_risk *r, const char *text, size_t want, const char *first)
{
    char buf[128];
    memset(buf, 'x', sizeof buf);
    size_t v = check(r, text, buf, sizeof buf);
    if (v != want) {
        print_error("'%s': %zu violated, expected %zu\n", text, v, want);
    }
    assert_int_equal(v, want);
    assert_string_equal(buf, first);
}

/* Every metric name parses and compares; r1 has k = 1, records 6, t = 0.5. */
static void test_operators(void **state)
{
    const fixture *f = *state;
    const outis_risk *r = f->r1;
    static const struct {
        const char *text;
        size_t violated;
    } cases[] = {
        {"k<1", 0},
        {"k<2", 1},
        {"k<=1", 1},
        {"k<=0.5", 0},
        {"k>1", 0},
        {"k>0", 1},
        {"k>=1", 1},
        {"k>=1.5", 0},
        {"k==1", 1},
        {"k==2", 0},
        {"k=1", 1},
        {"k=0", 0},
        {"k!=1", 0},
        {"k!=2", 1},
        {"k<+5", 1},
        {"k>-1", 1},
        {"t>=5e-1", 1},
        {"t>0.5", 0},
        {"t<.6", 1},
        {"records==6.0", 1},
        {"classes==3", 1},
        {"uniques==1", 1},
        {"prosecutor_max==1", 1},
        {"prosecutor_avg<=0.5", 1},
        {"records_at_risk>=0.5", 1},
        {"marketer<0.34", 1},
        {"journalist_max>0.49", 1},
        {"journalist_avg>0.34", 0},
        {"journalist_at_risk<0.17", 1},
        {"l_distinct<2", 1},
        {"l_entropy>1", 0},
        {"c_recursive>1e300", 1},
        {"uniques_share>0.16", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t v = check(r, cases[i].text, NULL, 0);
        if (v != cases[i].violated) {
            print_error("'%s': %zu violated, expected %zu\n", cases[i].text, v, cases[i].violated);
        }
        assert_int_equal(v, cases[i].violated);
    }
}

static void test_separators_and_text(void **state)
{
    const fixture *f = *state;
    const outis_risk *r = f->r1;
    expect_violated(r, "k<5", 1, "k<5 (k = 1)");
    expect_violated(r, "k>5", 0, "");
    expect_violated(r, "k<5, prosecutor_max>0.2", 2, "k<5 (k = 1)");
    expect_violated(r, "k>5 or records==6", 1, "records==6 (records = 6)");
    expect_violated(r, "k>5 || t>0.4", 1, "t>0.4 (t = 0.5)");
    expect_violated(r, "k<5,k>0||k==1 or k!=3", 4, "k<5 (k = 1)");
    expect_violated(r, "  k < 5  ,records>=6 ", 2, "k<5 (k = 1)");
    expect_violated(r, "k>5 or\tuniques_share>0.1, records_at_risk>=0.5", 2,
                    "uniques_share>0.1 (uniques_share = 0.166667)");
    expect_violated(r, "k>=2, c_recursive>100", 1, "c_recursive>100 (c_recursive = inf)");
    expect_violated(r, "k != 1 or k = 1", 1, "k==1 (k = 1)");
    expect_violated(r, "k<5or t>0", 2, "k<5 (k = 1)");

    /* The text is cut to size and stays terminated. */
    char small[5];
    memset(small, 'x', sizeof small);
    assert_int_equal(check(r, "k<5", small, sizeof small), 1);
    assert_string_equal(small, "k<5 ");
    small[0] = 'x';
    assert_int_equal(check(r, "k<5", small, 0), 1);
    assert_int_equal(small[0], 'x');
    /* A check that finds nothing clears the text. */
    char buf[16] = "stale";
    assert_int_equal(check(r, "k>1", buf, sizeof buf), 0);
    assert_string_equal(buf, "");
}

static void expect_parse_error(const char *text, uint64_t column)
{
    outis_policy *p = NULL;
    outis_error err;
    int rc = outis_policy_parse(&p, text, &err);
    if (rc != OUTIS_EPARSE || err.column != column) {
        print_error("'%s': rc %d, column %llu (%s), expected column %llu\n", text, rc,
                    (unsigned long long)err.column, err.message, (unsigned long long)column);
    }
    assert_int_equal(rc, OUTIS_EPARSE);
    assert_int_equal(err.code, OUTIS_EPARSE);
    assert_int_equal(err.column, column);
    assert_true(err.message[0] != '\0');
    assert_null(p);
}

static void test_parse_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        uint64_t column;
    } cases[] = {
        {"", 1},            /* no metric */
        {"   ", 4},         /* no metric after the spaces */
        {"k", 2},           /* no operator */
        {"k 5", 3},         /* no operator */
        {"k!5", 2},         /* '!' alone */
        {"k<", 3},          /* no number */
        {"k< x", 4},        /* not a number */
        {"k<>5", 3},        /* '>' where the number belongs */
        {"k=<5", 3},        /* '<' after '=' */
        {"k<inf", 3},       /* not finite */
        {"k<nan", 3},       /* not finite */
        {"k<5,", 5},        /* nothing after the comma */
        {"k<5,,t>1", 5},    /* empty condition */
        {"k<5 t>1", 5},     /* no separator */
        {"k<5 and t>1", 5}, /* not a separator */
        {"k<5 | t>1", 5},   /* a single bar */
        {"k<5 orr t>1", 5}, /* "or" must stand alone */
        {"k<5 or", 7},      /* nothing after "or" */
        {"kk<5", 1},        /* unknown metric */
        {"k<5, foo>1", 6},  /* unknown metric later */
        {"K<5", 1},         /* names are lower case */
        {"1k<5", 1},        /* not a name */
        {"-k<5", 1},        /* not a name */
        {"k<5 or prosecutor<1", 8},
        {"journalist_maximum_of_all_times_x<1", 1}, /* too long */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        expect_parse_error(cases[i].text, cases[i].column);
    }
    outis_policy *p = NULL;
    assert_int_equal(outis_policy_parse(&p, NULL, NULL), OUTIS_EINVAL);
    assert_int_equal(outis_policy_parse(NULL, "k<5", NULL), OUTIS_EINVAL);
    assert_int_equal(outis_policy_parse(&p, "k<5", NULL), 0); /* err may be NULL */
    outis_policy_free(p);
    outis_policy_free(NULL);
}

static void test_check_not_found(void **state)
{
    const fixture *f = *state;
    static const char *const texts[] = {
        "l_distinct<2",       "k>100, l_entropy<2",      "c_recursive>2",        "t>0.2 or k<5",
        "journalist_max>0.1", "k<5, journalist_avg>0.5", "journalist_at_risk>0",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        outis_policy *p = NULL;
        assert_int_equal(outis_policy_parse(&p, texts[i], NULL), 0);
        size_t v;
        outis_error err;
        int rc = outis_policy_check(&v, p, f->bare, NULL, 0, &err);
        if (rc != OUTIS_ENOTFOUND) {
            print_error("'%s': rc %d\n", texts[i], rc);
        }
        assert_int_equal(rc, OUTIS_ENOTFOUND);
        assert_int_equal(err.code, OUTIS_ENOTFOUND);
        /* The same policy holds together with the full result. */
        assert_int_equal(outis_policy_check(&v, p, f->r1, NULL, 0, NULL), 0);
        outis_policy_free(p);
    }
    outis_policy *p = NULL;
    assert_int_equal(outis_policy_parse(&p, "k<5", NULL), 0);
    size_t v;
    assert_int_equal(outis_policy_check(NULL, p, f->r1, NULL, 0, NULL), OUTIS_EINVAL);
    assert_int_equal(outis_policy_check(&v, NULL, f->r1, NULL, 0, NULL), OUTIS_EINVAL);
    assert_int_equal(outis_policy_check(&v, p, NULL, NULL, 0, NULL), OUTIS_EINVAL);
    outis_policy_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics),      cmocka_unit_test(test_metric_errors),
        cmocka_unit_test(test_operators),    cmocka_unit_test(test_separators_and_text),
        cmocka_unit_test(test_parse_errors), cmocka_unit_test(test_check_not_found),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
