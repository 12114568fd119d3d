/* test_risk.c - outis_risk_compute on small tables whose figures are computed by hand:
 * prosecutor, journalist and marketer risk (REFERENCES.md 1.1, its worked example), l-diversity
 * and t-closeness (section 2, its test class and distance examples), the QI combinations,
 * missing values, option errors and independence from the number of threads. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define EPS 1e-12

#define assert_close(a, b, eps) near_at((a), (b), (eps), #a, __FILE__, __LINE__)

static void near_at(double a, double b, double eps, const char *what, const char *file, int line)
{
    if (a == b || fabs(a - b) <= eps) {
        return;
    }
    print_error("%s = %.17g, expected %.17g (tolerance %g)\n", what, a, b, eps);
    _fail(file, line);
}

/* A growing string for building CSV text. */
typedef struct sbuf {
    char *p;
    size_t len, cap;
} sbuf;

static void sb_add(sbuf *b, const char *fmt, ...)
{
    if (b->p == NULL) {
        b->cap = 256;
        b->p = malloc(b->cap);
        assert_non_null(b->p);
    }
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        assert_true(n >= 0);
        if (b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        b->cap = (b->len + (size_t)n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
}

static outis_table *table_of(sbuf *b, unsigned threads)
{
    outis_table *t = table_from(b->p, threads);
    free(b->p);
    *b = (sbuf){0};
    return t;
}

/* A table from "header|row*count|row|...": each row repeated count times (default 1). */
static outis_table *spec_table(const char *spec)
{
    sbuf b = {0};
    for (const char *p = spec; *p != '\0';) {
        const char *row = p;
        size_t len = strcspn(p, "|*");
        unsigned long times = 1;
        p += len;
        if (*p == '*') {
            char *end;
            times = strtoul(p + 1, &end, 10);
            p = end;
        }
        for (unsigned long i = 0; i < times; i++) {
            sb_add(&b, "%.*s\n", (int)len, row);
        }
        p += *p == '|';
    }
    return table_of(&b, 1);
}

/* Computes the risk with the QIs and sensitive columns named in NULL-terminated lists, the
 * other options taken from base (or the defaults). */
static outis_risk *compute(const outis_table *t, const char *const *qi, const char *const *sa,
                           const outis_risk_options *base)
{
    size_t q[32], s[32], nq = 0, ns = 0;
    for (; qi[nq] != NULL; nq++) {
        assert_true(nq < 32);
        q[nq] = col(t, qi[nq]);
    }
    for (; sa != NULL && sa[ns] != NULL; ns++) {
        assert_true(ns < 32);
        s[ns] = col(t, sa[ns]);
    }
    outis_risk_options o = OUTIS_RISK_OPTIONS_INIT;
    if (base != NULL) {
        o = *base;
    }
    o.qi = q;
    o.qi_count = nq;
    o.sensitive = ns ? s : NULL;
    o.sensitive_count = ns;
    return risk_ok(t, &o);
}

static const outis_sensitive_risk *sensitive_at(const outis_risk *r, size_t i)
{
    const outis_sensitive_risk *s = NULL;
    assert_true(outis_risk_sensitive(r, &s) > i);
    return &s[i];
}

static void assert_buckets(const outis_risk *r, const size_t (*want)[2], size_t n)
{
    const outis_class_bucket *b = NULL;
    assert_int_equal(outis_risk_class_buckets(r, &b), n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(b[i].size, want[i][0]);
        assert_int_equal(b[i].classes, want[i][1]);
    }
}

static void assert_counts(const size_t *got, const size_t *want, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (got[i] != want[i]) {
            print_error("bucket %zu: %zu records, expected %zu\n", i, got[i], want[i]);
        }
        assert_int_equal(got[i], want[i]);
    }
}

/* Classes of the given sizes over (a, b), rows interleaved; id is unique. */
static outis_table *classes_table(const size_t *size, size_t n, unsigned threads)
{
    size_t left[16];
    assert_true(n <= 16);
    memcpy(left, size, n * sizeof *size);
    sbuf b = {0};
    sb_add(&b, "id,a,b\n");
    for (size_t row = 0, more = 1; more;) {
        more = 0;
        for (size_t j = 0; j < n; j++) {
            if (left[j] > 0) {
                left[j]--;
                sb_add(&b, "r%zu,%zu,%s\n", row++, j / 2, j % 2 ? "m" : "f");
                more = 1;
            }
        }
    }
    return table_of(&b, threads);
}

/* Classes of sizes 1, 1, 2, 4, 6, 10. */
static outis_table *six_classes(unsigned threads)
{
    static const size_t size[6] = {1, 1, 2, 4, 6, 10};
    return classes_table(size, 6, threads);
}

/* Sizes on both sides of 2, 5 and 10. */
static void test_size_boundaries(void **state)
{
    (void)state;
    static const size_t size[7] = {10, 1, 2, 4, 5, 9, 11};
    outis_table *t = classes_table(size, 7, 1);
    outis_risk *r = compute(t, (const char *[]){"a", "b", NULL}, NULL, NULL);
    const outis_risk_summary *s = outis_risk_get_summary(r);
    assert_int_equal(s->records, 42);
    assert_int_equal(s->classes, 7);
    assert_int_equal(s->k, 1);
    assert_int_equal(s->largest, 11);
    assert_int_equal(s->uniques, 1);
    assert_int_equal(s->records_lt2, 1);
    assert_int_equal(s->records_lt5, 7);
    assert_int_equal(s->records_lt10, 21);
    assert_close(s->prosecutor_at_risk, 7.0 / 42, EPS); /* 1/5 is not > 0.2 */
    static const size_t want[][2] = {{1, 1}, {2, 1}, {4, 1}, {5, 1}, {9, 1}, {10, 1}, {11, 1}};
    assert_buckets(r, want, 7);
    outis_risk_free(r);
    outis_table_free(t);
}

static void test_summary(void **state)
{
    (void)state;
    outis_table *t = six_classes(1);
    outis_risk *r = compute(t, (const char *[]){"a", "b", NULL}, NULL, NULL);
    const outis_risk_summary *s = outis_risk_get_summary(r);
    assert_int_equal(s->records, 24);
    assert_int_equal(s->classes, 6);
    assert_int_equal(s->k, 1);
    assert_int_equal(s->largest, 10);
    assert_int_equal(s->uniques, 2);
    assert_int_equal(s->records_lt2, 2);
    assert_int_equal(s->records_lt5, 8);
    assert_int_equal(s->records_lt10, 14);
    assert_close(s->threshold, 0.2, 0);
    assert_close(s->prosecutor_max, 1.0, EPS);
    assert_close(s->prosecutor_min, 0.1, EPS);
    assert_close(s->prosecutor_avg, 0.25, EPS);
    assert_close(s->prosecutor_at_risk, 8.0 / 24, EPS); /* classes of 1, 1, 2, 4: 1/f > 0.2 */
    assert_close(s->marketer, 0.25, EPS);
    assert_int_equal(s->has_journalist, 0);
    static const size_t want[][2] = {{1, 2}, {2, 1}, {4, 1}, {6, 1}, {10, 1}};
    assert_buckets(r, want, 5);
    outis_risk_free(r);

    /* A unique column: every record its own class. */
    r = compute(t, (const char *[]){"id", NULL}, NULL, NULL);
    s = outis_risk_get_summary(r);
    assert_int_equal(s->classes, 24);
    assert_int_equal(s->uniques, 24);
    assert_int_equal(s->largest, 1);
    assert_int_equal(s->records_lt2, 24);
    assert_close(s->prosecutor_avg, 1.0, EPS);
    assert_close(s->prosecutor_min, 1.0, EPS);
    static const size_t all1[][2] = {{1, 24}};
    assert_buckets(r, all1, 1);
    outis_risk_free(r);

    /* One column alone: a has classes of 2, 6 and 16. */
    r = compute(t, (const char *[]){"a", NULL}, NULL, NULL);
    s = outis_risk_get_summary(r);
    assert_int_equal(s->classes, 3);
    assert_int_equal(s->k, 2);
    assert_int_equal(s->largest, 16);
    assert_int_equal(s->uniques, 0);
    assert_int_equal(s->records_lt5, 2);
    assert_int_equal(s->records_lt10, 8);
    assert_close(s->prosecutor_max, 0.5, EPS);
    assert_close(s->prosecutor_min, 1.0 / 16, EPS);
    assert_close(s->prosecutor_avg, 3.0 / 24, EPS);
    outis_risk_free(r);
    outis_table_free(t);
}

/* Records at risk count classes with 1/f strictly above the threshold. */
static void test_threshold_strict(void **state)
{
    (void)state;
    outis_table *t = six_classes(1);
    static const struct {
        double threshold, at_risk;
    } cases[] = {
        {0.25, 4.0 / 24}, /* 1/4 is not > 0.25: classes 1, 1, 2 */
        {0.5, 2.0 / 24},  /* 1/2 is not > 0.5 */
        {0.24, 8.0 / 24}, {0.0, 1.0}, {1.0, 0.0}, {0.1, 14.0 / 24}, {0.09, 1.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        outis_risk_options o = OUTIS_RISK_OPTIONS_INIT;
        o.threshold = cases[i].threshold;
        outis_risk *r = compute(t, (const char *[]){"a", "b", NULL}, NULL, &o);
        const outis_risk_summary *s = outis_risk_get_summary(r);
        assert_close(s->threshold, cases[i].threshold, 0);
        assert_close(s->prosecutor_at_risk, cases[i].at_risk, EPS);
        outis_risk_free(r);
    }
    outis_table_free(t);
}

/* Class sizes above 4096 take another path in the size distribution. */
static void test_large_buckets(void **state)
{
    (void)state;
    outis_table *t = spec_table("g,x|big1,0*4097|huge,0*5000|small,0*3|big2,0*4097|one,0|"
                                "edge,0*4096");
    outis_risk *r = compute(t, (const char *[]){"g", NULL}, NULL, NULL);
    const outis_risk_summary *s = outis_risk_get_summary(r);
    assert_int_equal(s->records, 17294);
    assert_int_equal(s->classes, 6);
    assert_int_equal(s->k, 1);
    assert_int_equal(s->largest, 5000);
    assert_int_equal(s->records_lt10, 4);
    static const size_t want[][2] = {{1, 1}, {3, 1}, {4096, 1}, {4097, 2}, {5000, 1}};
    assert_buckets(r, want, 5);
    outis_risk_free(r);
    outis_table_free(t);
}

/* The risk of sample over the QIs with the population pop, both given as spec_table. */
typedef struct jrun {
    outis_table *t, *pop;
    outis_risk *r;
    const outis_risk_summary *s;
} jrun;

static jrun journalist_run(const char *sample, const char *pop, const char *const *qi,
                           double threshold)
{
    jrun j = {spec_table(sample), spec_table(pop), NULL, NULL};
    outis_risk_options o = OUTIS_RISK_OPTIONS_INIT;
    o.threshold = threshold;
    o.population = j.pop;
    j.r = compute(j.t, qi, NULL, &o);
    j.s = outis_risk_get_summary(j.r);
    assert_int_equal(j.s->has_journalist, 1);
    return j;
}

static void jrun_free(jrun *j)
{
    outis_risk_free(j->r);
    outis_table_free(j->t);
    outis_table_free(j->pop);
}

/* REFERENCES.md 1.1: f = [1,2,3,4], F = [2,5,6,20], t = 0.3. The population has other
 * columns, another order, and a class the sample lacks. */
static void test_journalist_example(void **state)
{
    (void)state;
    jrun j = journalist_run("zip,age|D,40*2|A,40|B,40*2|C,40*3|D,40*2",
                            "other,zip|1,E*7|1,C*6|2,D*20|2,B*5|3,A*2",
                            (const char *[]){"zip", NULL}, 0.3);
    const outis_risk_summary *s = j.s;
    assert_int_equal(s->records, 10);
    assert_int_equal(s->classes, 4);
    assert_int_equal(s->uniques, 1);
    assert_close(s->prosecutor_max, 1.0, EPS);
    assert_close(s->prosecutor_min, 0.25, EPS);
    assert_close(s->prosecutor_avg, 0.4, EPS);
    assert_close(s->prosecutor_at_risk, 0.6, EPS);
    assert_int_equal(s->population_records, 40);
    assert_int_equal(s->population_missing, 0);
    assert_close(s->journalist_at_risk, 0.1, EPS);
    assert_close(s->journalist_max, 0.5, EPS);
    assert_close(s->journalist_min, 0.05, EPS);
    assert_close(s->journalist_avg, 0.16, EPS); /* max(4/33, 0.16) */
    assert_close(s->marketer, 0.16, EPS);

    /* Without the population the marketer risk is u / n. */
    outis_risk_options o = OUTIS_RISK_OPTIONS_INIT;
    outis_risk *r = compute(j.t, (const char *[]){"zip", NULL}, NULL, &o);
    assert_int_equal(outis_risk_get_summary(r)->has_journalist, 0);
    assert_close(outis_risk_get_summary(r)->marketer, 0.4, EPS);
    outis_risk_free(r);
    jrun_free(&j);
}

/* journalist_avg is the larger of u / sum F and the mean of f / F; here the first. */
static void test_journalist_avg_first_estimate(void **state)
{
    (void)state;
    jrun j = journalist_run("q,x|u,1|v,1*9", "q,x|u,1*2|v,1*9", (const char *[]){"q", NULL}, 0.2);
    assert_close(j.s->journalist_avg, 2.0 / 11, EPS);
    assert_close(j.s->marketer, (0.5 + 1.0) / 10, EPS);
    assert_close(j.s->journalist_max, 0.5, EPS);
    assert_close(j.s->journalist_min, 1.0 / 9, EPS);
    assert_close(j.s->journalist_at_risk, 0.1, EPS); /* 1/2 > 0.2 for the class of one */
    jrun_free(&j);
}

/* Classes absent from the population, or smaller there, count with F = f. */
static void test_journalist_absent(void **state)
{
    (void)state;
    const char *sample = "zip,sex|A,f|C,f*3|D,f*4";
    jrun j = journalist_run(sample, "zip,sex|A,f*2|C,f*6", (const char *[]){"zip", NULL}, 0.3);
    assert_int_equal(j.s->population_records, 8); /* F = [2, 6, 4 (from f)] */
    assert_int_equal(j.s->population_missing, 1);
    assert_close(j.s->journalist_max, 0.5, EPS);
    assert_close(j.s->journalist_min, 1.0 / 6, EPS);
    assert_close(j.s->journalist_at_risk, 1.0 / 8, EPS);
    assert_close(j.s->marketer, (0.5 + 0.5 + 1.0) / 8, EPS);
    assert_close(j.s->journalist_avg, 0.25, EPS); /* max(3/12, 0.25) */
    jrun_free(&j);

    /* A population smaller than the sample's class: F = f = 3 for C. */
    j = journalist_run(sample, "zip,sex|A,f*2|C,f|D,f*8", (const char *[]){"zip", NULL}, 0.3);
    assert_close(j.s->journalist_max, 0.5, EPS);
    assert_close(j.s->journalist_min, 1.0 / 8, EPS);
    assert_close(j.s->journalist_at_risk, 4.0 / 8, EPS); /* A (1/2) and C (1/3) */
    assert_close(j.s->marketer, (0.5 + 1.0 + 0.5) / 8, EPS);
    jrun_free(&j);

    /* A value the population lacks must not match another class. */
    j = journalist_run("zip,sex|A,f|D,f", "zip,sex|A,f|B,f|A,f|A,m|B,m",
                       (const char *[]){"zip", NULL}, 0.2);
    assert_int_equal(j.s->population_missing, 1);
    assert_close(j.s->journalist_max, 1.0, EPS); /* F: A 3, D 1 from f */
    assert_close(j.s->journalist_min, 1.0 / 3, EPS);
    jrun_free(&j);

    /* A QI the population lacks. */
    outis_table *t = spec_table(sample), *pop = spec_table("zip2,sex|A,f");
    outis_risk_options o = OUTIS_RISK_OPTIONS_INIT;
    size_t q = col(t, "zip");
    o.qi = &q;
    o.qi_count = 1;
    o.population = pop;
    outis_error err;
    outis_risk *r = NULL;
    assert_int_equal(outis_risk_compute(&r, t, &o, &err), OUTIS_ENOTFOUND);
    assert_int_equal(err.code, OUTIS_ENOTFOUND);
    assert_null(r);
    outis_table_free(pop);
    outis_table_free(t);
}

/* Missing values match whatever NA token either table used: "NA" in the sample, "" and
 * "NULL" in the population. */
static void test_journalist_na(void **state)
{
    (void)state;
    const char *sample = "zip,sex|A,f|NA,f*2|B,m";
    const char *pop = "sex,zip|f,A*2|f,*2|m,NULL*2|f,B*4";
    jrun j = journalist_run(sample, pop, (const char *[]){"zip", NULL}, 0.2);
    assert_int_equal(j.s->population_records, 10);
    assert_int_equal(j.s->population_missing, 0);
    assert_close(j.s->journalist_max, 0.5, EPS); /* F: A 2, missing 4, B 4 */
    assert_close(j.s->journalist_min, 0.25, EPS);
    assert_close(j.s->marketer, (0.5 + 0.5 + 0.25) / 4, EPS);
    jrun_free(&j);

    /* Two QIs: the population has B and m, but not (B, m). */
    j = journalist_run(sample, pop, (const char *[]){"zip", "sex", NULL}, 0.2);
    assert_int_equal(j.s->population_missing, 1);
    assert_close(j.s->journalist_max, 1.0, EPS); /* F: (A,f) 2, (NA,f) 2, (B,m) 1 from f */
    assert_close(j.s->journalist_min, 0.5, EPS);
    assert_close(j.s->marketer, (0.5 + 1.0 + 1.0) / 4, EPS);
    jrun_free(&j);
}

/* REFERENCES.md 2: class 1 is the test EC (flu x3, hiv x2, cancer x1); class 2 has four
 * values once each. The whole column is then Q = (0.4, 0.3, 0.2, 0.1). */
static outis_table *diversity_table(void)
{
    sbuf b = {0};
    sb_add(&b, "g,d\n1,flu\n2,asthma\n1,hiv\n1,flu\n2,flu\n1,cancer\n2,hiv\n1,flu\n1,hiv\n"
               "2,cancer\n");
    return table_of(&b, 1);
}

static void test_l_diversity(void **state)
{
    (void)state;
    outis_table *t = diversity_table();
    static const struct {
        size_t l;
        double c;
    } cases[] = {{0, 1.0}, {1, 0.5}, {2, 1.0}, {3, 3.0}, {4, INFINITY}, {7, INFINITY}};
    const double h = log(6.0) - (3 * log(3.0) + 2 * log(2.0)) / 6; /* 1.0114043 nats */
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        outis_risk_options o = OUTIS_RISK_OPTIONS_INIT;
        o.recursive_l = cases[i].l;
        outis_risk *r = compute(t, (const char *[]){"g", NULL}, (const char *[]){"d", NULL}, &o);
        const outis_sensitive_risk *s = sensitive_at(r, 0);
        assert_int_equal(s->column, 1);
        assert_int_equal(s->values, 4);
        assert_int_equal(s->is_ordered, 0);
        assert_int_equal(s->distinct_l, 3);
        assert_int_equal(s->worst_distinct_class_size, 6);
        assert_close(s->entropy_l, exp(h), EPS);
        assert_close(s->entropy_l, 2.7494593, 1e-7);
        assert_true(s->entropy_l >= 2.5 && s->entropy_l < 2.75); /* l = 2.5 yes, 2.75 no */
        assert_int_equal(s->recursive_l, cases[i].l ? cases[i].l : 2);
        if (isinf(cases[i].c)) {
            assert_true(isinf(s->recursive_c) && s->recursive_c > 0);
        } else {
            assert_close(s->recursive_c, cases[i].c, EPS);
        }
        static const size_t distinct[OUTIS_L_BUCKETS] = {0, 0, 6, 4};
        static const size_t entropy[OUTIS_L_BUCKETS] = {0, 6, 0, 4};
        assert_counts(s->distinct_records, distinct, OUTIS_L_BUCKETS);
        assert_counts(s->entropy_records, entropy, OUTIS_L_BUCKETS);
        /* Equal distance: class 1 is 2/15 from Q, class 2 (uniform) 0.2. */
        assert_close(s->t, 0.2, EPS);
        assert_int_equal(s->worst_t_class_size, 4);
        static const size_t tr[OUTIS_T_BUCKETS] = {0, 6, 4};
        assert_counts(s->t_records, tr, OUTIS_T_BUCKETS);
        outis_risk_free(r);
    }
    outis_table_free(t);
}

/* A class with one sensitive value: l = 1 and no recursive (c,2)-diversity. */
static void test_l_diversity_single_value(void **state)
{
    (void)state;
    sbuf b = {0};
    sb_add(&b, "g,d\nx,a\nx,b\ny,a\ny,a\ny,a\nz,a\nz,b\nz,c\n");
    outis_table *t = table_of(&b, 1);
    outis_risk *r = compute(t, (const char *[]){"g", NULL}, (const char *[]){"d", NULL}, NULL);
    const outis_sensitive_risk *s = sensitive_at(r, 0);
    assert_int_equal(s->distinct_l, 1);
    assert_int_equal(s->worst_distinct_class_size, 3);
    assert_close(s->entropy_l, 1.0, EPS);
    assert_true(isinf(s->recursive_c));
    static const size_t distinct[OUTIS_L_BUCKETS] = {3, 2, 3};
    static const size_t entropy[OUTIS_L_BUCKETS] = {3, 2, 3};
    assert_counts(s->distinct_records, distinct, OUTIS_L_BUCKETS);
    assert_counts(s->entropy_records, entropy, OUTIS_L_BUCKETS);
    /* Q = (a 5/8, b 2/8, c 1/8); y is (1, 0, 0): D = 3/8. */
    assert_close(s->t, 3.0 / 8, EPS);
    assert_int_equal(s->worst_t_class_size, 3);
    outis_risk_free(r);
    outis_table_free(t);
}

/* Q = (0.4, 0.3, 0.2, 0.1) over four values; class X has P = (0.5, 0.5, 0, 0), class Y the
 * other 18 rows. Column d holds letters (equal distance), n numbers whose text order differs
 * from their numeric order (ordered distance). */
static void test_t_closeness(void **state)
{
    (void)state;
    static const char *const letter[4] = {"a", "b", "c", "d"};
    static const char *const number[4] = {"-1", "2.5", "10", "100"};
    static const size_t in_y[4] = {7, 5, 4, 2};
    static const size_t order[4] = {3, 0, 2, 1}; /* first seen neither in text nor number order */
    sbuf b = {0};
    sb_add(&b, "n,g,d\n");
    for (size_t o = 0; o < 4; o++) {
        size_t i = order[o];
        for (size_t k = 0; k < in_y[i]; k++) {
            sb_add(&b, "%s,Y,%s\n", number[i], letter[i]);
        }
        if (i < 2) {
            sb_add(&b, "%s,X,%s\n", number[i], letter[i]);
        }
    }
    outis_table *t = table_of(&b, 1);
    outis_risk *r = compute(t, (const char *[]){"g", NULL}, (const char *[]){"d", "n", NULL}, NULL);
    const outis_sensitive_risk *s = sensitive_at(r, 0);
    assert_int_equal(s->column, 2);
    assert_int_equal(s->is_ordered, 0);
    assert_int_equal(s->values, 4);
    assert_close(s->t, 0.3, EPS);
    assert_int_equal(s->worst_t_class_size, 2);
    static const size_t te[OUTIS_T_BUCKETS] = {18, 0, 0, 2}; /* Y: 1/30 */
    assert_counts(s->t_records, te, OUTIS_T_BUCKETS);

    s = sensitive_at(r, 1);
    assert_int_equal(s->column, 0);
    assert_int_equal(s->is_ordered, 1);
    assert_close(s->t, 1.0 / 6, EPS); /* prefix sums 0.1, 0.3, 0.1, 0 over m - 1 = 3 */
    assert_int_equal(s->worst_t_class_size, 2);
    static const size_t to[OUTIS_T_BUCKETS] = {18, 2}; /* Y: 1/54 */
    assert_counts(s->t_records, to, OUTIS_T_BUCKETS);
    outis_risk_free(r);
    outis_table_free(t);
}

/* Hierarchical distance (Li et al. 2007, 4.2), by hand over flu, cold (respiratory) and
 * ulcer, gastritis (digestive): the table is flu 1/3, cold 1/6, ulcer 1/3, gastritis 1/6.
 * Class A (flu, flu) moves 1/6 within respiratory at cost 1/2 and 1/2 across at cost 1:
 * 7/12. Class B (cold, ulcer, gastritis, ulcer) moves 1/12 within respiratory at 1/2 and
 * 1/4 across: 7/24. */
static void test_t_hierarchical(void **state)
{
    (void)state;
    outis_table *t = spec_table("g,d|A,flu*2|B,cold|B,ulcer*2|B,gastritis");
    outis_hierarchy *h = NULL;
    outis_error err;
    assert_int_equal(outis_hierarchy_read(&h, OUTIS_TEST_DATA "/risk_disease_h.csv", &err), 0);
    const outis_hierarchy *hs[1] = {h};
    outis_risk_options o = OUTIS_RISK_OPTIONS_INIT;
    o.t_distance = OUTIS_T_HIERARCHICAL;
    o.t_hierarchies = hs;
    outis_risk *r = compute(t, (const char *[]){"g", NULL}, (const char *[]){"d", NULL}, &o);
    const outis_sensitive_risk *s = sensitive_at(r, 0);
    assert_int_equal(s->t_distance, OUTIS_T_HIERARCHICAL);
    assert_close(s->t, 7.0 / 12, EPS);
    assert_int_equal(s->worst_t_class_size, 2);
    static const size_t want[OUTIS_T_BUCKETS] = {0, 0, 4, 0, 0, 2};
    assert_counts(s->t_records, want, OUTIS_T_BUCKETS);
    outis_risk_free(r);

    /* B alone, as a release that suppressed A: against its own distribution B is the table
     * (t = 0); against the data it came from, 7/24 as above */
    outis_table *rel = spec_table("g,d|B,cold|B,ulcer*2|B,gastritis");
    r = compute(rel, (const char *[]){"g", NULL}, (const char *[]){"d", NULL}, &o);
    assert_close(sensitive_at(r, 0)->t, 0, EPS);
    outis_risk_free(r);
    o.t_reference = t;
    r = compute(rel, (const char *[]){"g", NULL}, (const char *[]){"d", NULL}, &o);
    assert_close(sensitive_at(r, 0)->t, 7.0 / 24, EPS);
    outis_risk_free(r);
    o.t_distance = OUTIS_T_EQUAL; /* equal: (|1/4 - 1/6| + |1/2 - 1/3| + |1/4 - 1/6| + 1/3) / 2 */
    r = compute(rel, (const char *[]){"g", NULL}, (const char *[]){"d", NULL}, &o);
    assert_close(sensitive_at(r, 0)->t, 1.0 / 3, EPS);
    outis_risk_free(r);

    /* a value the reference does not hold, a hierarchy missing, a value it does not cover */
    outis_table *odd = spec_table("g,d|B,cold|B,measles");
    size_t g = 0, d = 1;
    o.qi = &g;
    o.qi_count = 1;
    o.sensitive = &d;
    o.sensitive_count = 1;
    assert_int_equal(outis_risk_compute(&r, odd, &o, &err), OUTIS_EINVAL);
    assert_non_null(strstr(err.message, "not in the reference table"));
    o.t_reference = NULL;
    o.t_distance = OUTIS_T_HIERARCHICAL;
    assert_int_equal(outis_risk_compute(&r, odd, &o, &err), OUTIS_EINVAL);
    assert_non_null(strstr(err.message, "does not cover 1 value"));
    o.t_hierarchies = NULL;
    assert_int_equal(outis_risk_compute(&r, t, &o, &err), OUTIS_EINVAL);
    assert_non_null(strstr(err.message, "needs a hierarchy"));
    outis_table_free(odd);
    outis_table_free(rel);
    outis_table_free(t);
    outis_hierarchy_free(h);
}

/* The distance chosen, not the type of the column: equal distance on numbers. A (10, 10) and
 * B (20, 30) against 10: 1/2, 20: 1/4, 30: 1/4 are both 1/2 apart in equal distance and 3/8
 * in ordered distance (sum of |P - Q| cumulative 1/2 + 1/4, over m - 1 = 2). */
static void test_t_distance_chosen(void **state)
{
    (void)state;
    outis_table *t = spec_table("g,n|A,10*2|B,20|B,30");
    outis_risk_options o = OUTIS_RISK_OPTIONS_INIT;
    outis_risk *r = compute(t, (const char *[]){"g", NULL}, (const char *[]){"n", NULL}, &o);
    assert_int_equal(sensitive_at(r, 0)->t_distance, OUTIS_T_ORDERED);
    assert_close(sensitive_at(r, 0)->t, 3.0 / 8, EPS);
    outis_risk_free(r);
    o.t_distance = OUTIS_T_EQUAL;
    r = compute(t, (const char *[]){"g", NULL}, (const char *[]){"n", NULL}, &o);
    assert_int_equal(sensitive_at(r, 0)->t_distance, OUTIS_T_EQUAL);
    assert_int_equal(sensitive_at(r, 0)->is_ordered, 0);
    assert_close(sensitive_at(r, 0)->t, 0.5, EPS);
    outis_risk_free(r);
    outis_table *words = spec_table("g,d|A,x|B,y");
    size_t g = 0, d = 1;
    o.qi = &g;
    o.qi_count = 1;
    o.sensitive = &d;
    o.sensitive_count = 1;
    o.t_distance = OUTIS_T_ORDERED;
    outis_error err;
    assert_int_equal(outis_risk_compute(&r, words, &o, &err), OUTIS_EINVAL);
    assert_non_null(strstr(err.message, "is not numeric"));
    outis_table_free(words);
    outis_table_free(t);
}

/* Li et al.'s salary example: domain 3k..11k, Q uniform. */
static void test_t_salary(void **state)
{
    (void)state;
    static const int cls[9] = {1, 1, 1, 2, 3, 2, 3, 3, 2}; /* class of 3k, 4k, ..., 11k */
    sbuf b = {0};
    sb_add(&b, "salary,g\n");
    for (int i = 8; i >= 0; i--) {
        sb_add(&b, "%d,c%d\n", (i + 3) * 1000, cls[i]);
    }
    outis_table *t = table_of(&b, 1);
    outis_risk *r = compute(t, (const char *[]){"g", NULL}, (const char *[]){"salary", NULL}, NULL);
    const outis_sensitive_risk *s = sensitive_at(r, 0);
    assert_int_equal(s->is_ordered, 1);
    assert_int_equal(s->values, 9);
    assert_close(s->t, 0.375, EPS); /* {3k,4k,5k} */
    /* {6k,8k,11k}: 1/6; {7k,9k,10k}: 17/72 */
    static const size_t tr[OUTIS_T_BUCKETS] = {0, 3, 3, 3};
    assert_counts(s->t_records, tr, OUTIS_T_BUCKETS);
    outis_risk_free(r);
    outis_table_free(t);

    /* Each salary twice: {6k,8k,11k} (1/6) against the other 15 rows (1/30). */
    sb_add(&b, "salary,g\n");
    for (int i = 0; i < 9; i++) {
        sb_add(&b, "%d,rest\n%d,%s\n", (i + 3) * 1000, (i + 3) * 1000,
               cls[i] == 2 ? "six" : "rest");
    }
    t = table_of(&b, 1);
    r = compute(t, (const char *[]){"g", NULL}, (const char *[]){"salary", NULL}, NULL);
    s = sensitive_at(r, 0);
    assert_close(s->t, 1.0 / 6, EPS);
    assert_int_equal(s->worst_t_class_size, 3);
    static const size_t tr2[OUTIS_T_BUCKETS] = {15, 3};
    assert_counts(s->t_records, tr2, OUTIS_T_BUCKETS);
    outis_risk_free(r);
    outis_table_free(t);
}

/* "", "NA" and "NULL" are one value, in QIs and in sensitive attributes. */
static void test_missing_values(void **state)
{
    (void)state;
    sbuf b = {0};
    sb_add(&b, "a,s,z\nx,flu,1\n,NA,1\nNA,,1\nNULL,flu,1\nx,NULL,1\n");
    outis_table *t = table_of(&b, 1);
    outis_risk *r = compute(t, (const char *[]){"a", NULL}, (const char *[]){"s", NULL}, NULL);
    const outis_risk_summary *sum = outis_risk_get_summary(r);
    assert_int_equal(sum->classes, 2);
    assert_int_equal(sum->k, 2);
    assert_int_equal(sum->largest, 3);
    const outis_sensitive_risk *s = sensitive_at(r, 0);
    assert_int_equal(s->values, 2);
    assert_int_equal(s->distinct_l, 2);
    assert_close(s->entropy_l, 3.0 / pow(2.0, 2.0 / 3), EPS); /* counts (2, 1) */
    assert_close(s->recursive_c, 2.0, EPS);
    assert_close(s->t, 0.1, EPS); /* Q = (2/5, 3/5); x: (1/2, 1/2); missing: (1/3, 2/3) */
    assert_int_equal(s->worst_t_class_size, 2);
    const outis_qi_combination *c = NULL;
    assert_int_equal(outis_risk_combinations(r, &c), 1);
    assert_int_equal(c[0].distinct, 2);
    assert_int_equal(c[0].uniques, 0);
    outis_risk_free(r);

    /* Two QIs, one constant. */
    r = compute(t, (const char *[]){"z", "a", NULL}, NULL, NULL);
    assert_int_equal(outis_risk_get_summary(r)->classes, 2);
    outis_risk_free(r);
    outis_table_free(t);
}

/* Columns: id, a, b, c; QIs given as c, a, b. */
static void test_combinations(void **state)
{
    (void)state;
    sbuf b = {0};
    sb_add(&b, "id,a,b,c\n0,1,x,p\n1,1,x,q\n2,1,y,p\n3,1,y,p\n4,2,x,q\n5,2,y,q\n6,3,x,p\n"
               "7,3,z,p\n");
    outis_table *t = table_of(&b, 1);
    /* size, sorted columns, distinct, uniques, in the expected order */
    static const size_t want[7][6] = {
        {1, 2, SIZE_MAX, SIZE_MAX, 3, 1}, /* b */
        {1, 1, SIZE_MAX, SIZE_MAX, 3, 0}, /* a: ties with c, lower column first */
        {1, 3, SIZE_MAX, SIZE_MAX, 2, 0}, /* c */
        {2, 1, 2, SIZE_MAX, 6, 4},        /* a b */
        {2, 2, 3, SIZE_MAX, 5, 2},        /* b c */
        {2, 1, 3, SIZE_MAX, 4, 1},        /* a c */
        {3, 1, 2, 3, 7, 6},               /* a b c */
    };
    static const struct {
        int mode;
        size_t n;
    } modes[] = {{OUTIS_COMBINATIONS_AUTO, 7},
                 {OUTIS_COMBINATIONS_TRIPLES, 7},
                 {OUTIS_COMBINATIONS_PAIRS, 6},
                 {OUTIS_COMBINATIONS_SINGLES, 3},
                 {OUTIS_COMBINATIONS_NONE, 0}};
    for (size_t m = 0; m < sizeof modes / sizeof *modes; m++) {
        outis_risk_options o = OUTIS_RISK_OPTIONS_INIT;
        o.combinations = modes[m].mode;
        outis_risk *r = compute(t, (const char *[]){"c", "a", "b", NULL}, NULL, &o);
        const outis_qi_combination *c = NULL;
        assert_int_equal(outis_risk_combinations(r, &c), modes[m].n);
        for (size_t i = 0; i < modes[m].n; i++) {
            size_t cols[3] = {c[i].column[0], c[i].column[1], c[i].column[2]};
            for (size_t x = 1; x < 3; x++) { /* sort: the order within is not specified */
                for (size_t y = x; y > 0 && cols[y] < cols[y - 1]; y--) {
                    size_t tmp = cols[y];
                    cols[y] = cols[y - 1];
                    cols[y - 1] = tmp;
                }
            }
            assert_int_equal(c[i].size, want[i][0]);
            assert_int_equal(cols[0], want[i][1]);
            assert_int_equal(cols[1], want[i][2]);
            assert_int_equal(cols[2], want[i][3]);
            assert_int_equal(c[i].distinct, want[i][4]);
            assert_int_equal(c[i].uniques, want[i][5]);
        }
        /* The full QI set agrees with the triple. */
        assert_int_equal(outis_risk_get_summary(r)->classes, 7);
        assert_int_equal(outis_risk_get_summary(r)->uniques, 6);
        outis_risk_free(r);
    }
    outis_table_free(t);
}

/* AUTO adds triples only up to 12 QIs. */
static void test_combinations_auto(void **state)
{
    (void)state;
    sbuf b = {0};
    for (int row = 0; row < 4; row++) {
        for (int c = 0; c < 13; c++) {
            if (row == 0) {
                sb_add(&b, "%sq%d", c ? "," : "", c);
            } else {
                sb_add(&b, "%s%d", c ? "," : "", (row * (c + 1)) % 3);
            }
        }
        sb_add(&b, "\n");
    }
    outis_table *t = table_of(&b, 1);
    static const char *const names[] = {"q0", "q1", "q2", "q3",  "q4",  "q5",  "q6",
                                        "q7", "q8", "q9", "q10", "q11", "q12", NULL};
    outis_risk *r = compute(t, names + 1, NULL, NULL);
    const outis_qi_combination *c = NULL;
    assert_int_equal(outis_risk_combinations(r, &c), 12 + 66 + 220);
    outis_risk_free(r);
    r = compute(t, names, NULL, NULL);
    assert_int_equal(outis_risk_combinations(r, &c), 13 + 78);
    assert_int_equal(c[13 + 77].size, 2);
    outis_risk_free(r);
    outis_table_free(t);
}

/* 20 QIs of up to 10 values: the mixed-radix key overflows 64 bits, so grouping renumbers
 * midway. Row r repeats pattern x = 7r mod 50; columns 0 and 1 (x mod 10, x / 10) tell the
 * patterns apart, column c >= 2 is (x + c) mod 10. */
static void test_many_qis(void **state)
{
    (void)state;
    sbuf b = {0};
    const char *names[21];
    char name[20][8];
    for (int c = 0; c < 20; c++) {
        snprintf(name[c], sizeof name[c], "q%d", c);
        names[c] = name[c];
        sb_add(&b, "%s%s", c ? "," : "", name[c]);
    }
    names[20] = NULL;
    sb_add(&b, "\n");
    for (int r = 0; r < 200; r++) {
        int x = 7 * r % 50;
        sb_add(&b, "%d,%d", x % 10, x / 10);
        for (int c = 2; c < 20; c++) {
            sb_add(&b, ",%d", (x + c) % 10);
        }
        sb_add(&b, "\n");
    }
    outis_table *t = table_of(&b, 2);
    outis_risk *r = compute(t, names, NULL, NULL);
    const outis_risk_summary *s = outis_risk_get_summary(r);
    assert_int_equal(s->classes, 50);
    assert_int_equal(s->k, 4);
    assert_int_equal(s->largest, 4);
    static const size_t want[][2] = {{4, 50}};
    assert_buckets(r, want, 1);
    const outis_qi_combination *c = NULL;
    assert_int_equal(outis_risk_combinations(r, &c), 20 + 190); /* no triples over 12 QIs */
    for (size_t i = 0; i < 20; i++) { /* no uniques anywhere: singles by column */
        assert_int_equal(c[i].size, 1);
        assert_int_equal(c[i].column[0], i);
        assert_int_equal(c[i].distinct, i == 1 ? 5 : 10);
        assert_int_equal(c[i].uniques, 0);
    }
    for (size_t i = 20; i < 210; i++) {
        size_t x = c[i].column[0], y = c[i].column[1];
        assert_int_equal(c[i].size, 2);
        assert_true(x < y);
        assert_int_equal(c[i].distinct, x == 1 || y == 1 ? 50 : 10);
        assert_int_equal(c[i].uniques, 0);
    }
    assert_int_equal(c[20].column[0], 0);
    assert_int_equal(c[20].column[1], 1);
    assert_int_equal(c[209].column[0], 18);
    outis_risk_free(r);
    outis_table_free(t);
}

/* 40000 rows, 35000 classes over a wide key space: grouping hashes and its table grows;
 * the pair (a, b) is counted by sorting. Rows from 35000 on repeat the first 5000. b is a
 * scrambled function of a, so that keys are irregular and collide in the hash table. */
static size_t scramble(size_t v)
{
    uint64_t x = (uint64_t)v * 0xBF58476D1CE4E5B9ull;
    return (size_t)((x ^ (x >> 31)) % 1009);
}

static void test_many_classes(void **state)
{
    (void)state;
    sbuf b = {0};
    sb_add(&b, "a,b,x\n");
    size_t *count = calloc(1009, sizeof *count), b_distinct = 0, b_uniques = 0;
    assert_non_null(count);
    for (size_t i = 0; i < 40000; i++) {
        size_t v = i % 35000;
        sb_add(&b, "%zu,%zu,%zu\n", v, scramble(v), i % 3);
        count[scramble(v)]++;
    }
    for (size_t v = 0; v < 1009; v++) {
        b_distinct += count[v] != 0;
        b_uniques += count[v] == 1;
    }
    free(count);
    outis_table *t = table_of(&b, 2);
    outis_risk_options o = OUTIS_RISK_OPTIONS_INIT;
    o.threads = 2;
    outis_risk *r = compute(t, (const char *[]){"a", "b", NULL}, NULL, &o);
    const outis_risk_summary *s = outis_risk_get_summary(r);
    assert_int_equal(s->records, 40000);
    assert_int_equal(s->classes, 35000);
    assert_int_equal(s->uniques, 30000);
    assert_int_equal(s->largest, 2);
    assert_int_equal(s->records_lt2, 30000);
    assert_close(s->prosecutor_avg, 35000.0 / 40000, EPS);
    assert_close(s->prosecutor_at_risk, 1.0, EPS);
    static const size_t want[][2] = {{1, 30000}, {2, 5000}};
    assert_buckets(r, want, 2);
    const outis_qi_combination *c = NULL;
    assert_int_equal(outis_risk_combinations(r, &c), 3);
    /* singles a (30000 uniques) and b (fewer), then the pair */
    assert_true(b_distinct > 900 && b_uniques < 30000);
    assert_int_equal(c[0].size, 1);
    assert_int_equal(c[0].column[0], 0);
    assert_int_equal(c[0].distinct, 35000);
    assert_int_equal(c[0].uniques, 30000);
    assert_int_equal(c[1].column[0], 1);
    assert_int_equal(c[1].distinct, b_distinct);
    assert_int_equal(c[1].uniques, b_uniques);
    assert_int_equal(c[2].size, 2);
    assert_int_equal(c[2].distinct, 35000);
    assert_int_equal(c[2].uniques, 30000);
    outis_risk_free(r);

    /* With x as well: rows 35000.. differ from their twins where i % 3 differs from
     * (i - 35000) % 3, i.e. always (35000 % 3 = 2): 40000 classes. */
    r = compute(t, (const char *[]){"a", "b", "x", NULL}, NULL, &o);
    assert_int_equal(outis_risk_get_summary(r)->classes, 40000);
    assert_int_equal(outis_risk_get_summary(r)->uniques, 40000);
    outis_risk_free(r);
    outis_table_free(t);
}

static void expect_einval(const outis_table *t, const outis_risk_options *o, const char *what)
{
    outis_risk *r = NULL;
    outis_error err;
    int rc = outis_risk_compute(&r, t, o, &err);
    if (rc != OUTIS_EINVAL) {
        print_error("%s: got %d\n", what, rc);
    }
    assert_int_equal(rc, OUTIS_EINVAL);
    assert_int_equal(err.code, OUTIS_EINVAL);
    assert_true(err.message[0] != '\0');
    assert_null(r);
}

static void test_option_errors(void **state)
{
    (void)state;
    outis_table *t = table_from("a,b,c\n1,2,3\n4,5,6\n", 1);
    const size_t one[] = {0}, dup[] = {0, 1, 0}, out_of_range[] = {0, 3}, sa[] = {1, 1};
    outis_risk_options o = OUTIS_RISK_OPTIONS_INIT;
    expect_einval(t, &o, "no qi");
    o.qi = one;
    expect_einval(t, &o, "qi_count 0");
    o.qi_count = 1;
    o.qi = dup;
    o.qi_count = 3;
    expect_einval(t, &o, "duplicate qi");
    o.qi = out_of_range;
    o.qi_count = 2;
    expect_einval(t, &o, "qi out of range");
    o.qi = one;
    o.qi_count = 1;
    o.sensitive = one;
    o.sensitive_count = 1;
    expect_einval(t, &o, "qi also sensitive");
    o.sensitive = sa;
    o.sensitive_count = 2;
    expect_einval(t, &o, "duplicate sensitive");
    o.sensitive = NULL;
    o.sensitive_count = 1;
    expect_einval(t, &o, "sensitive_count without columns");
    o.sensitive_count = 0;
    const double bad[] = {-0.01, 1.01, NAN, INFINITY};
    for (size_t i = 0; i < 4; i++) {
        o.threshold = bad[i];
        expect_einval(t, &o, "threshold");
    }
    o.threshold = 0.2;
    o.combinations = 5;
    expect_einval(t, &o, "combinations");
    o.combinations = -1;
    expect_einval(t, &o, "combinations");
    o.combinations = 0;
    o.version = 99;
    expect_einval(t, &o, "version");
    o.version = OUTIS_RISK_OPTIONS_VERSION;

    outis_risk *r = NULL;
    assert_int_equal(outis_risk_compute(NULL, t, &o, NULL), OUTIS_EINVAL);
    assert_int_equal(outis_risk_compute(&r, NULL, &o, NULL), OUTIS_EINVAL);
    assert_int_equal(outis_risk_compute(&r, t, NULL, NULL), OUTIS_EINVAL);
    assert_int_equal(outis_risk_compute(&r, t, &o, NULL), 0); /* err may be NULL */
    outis_risk_free(r);
    outis_risk_free(NULL);

    outis_table *empty = table_from("a,b,c\n", 1);
    assert_int_equal(outis_table_rows(empty), 0);
    expect_einval(empty, &o, "empty table");
    outis_table_free(empty);
    outis_table_free(t);
}

/* A table big enough that both readers and both risk runs split their work. */
static outis_table *mixed_table(unsigned threads)
{
    sbuf b = {0};
    sb_add(&b, "age,sex,zip,dx,income\n");
    uint64_t x = 12345;
    for (size_t i = 0; i < 20000; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        unsigned v = (unsigned)(x >> 33);
        static const char *const dx[] = {"flu", "hiv", "cancer", "NA", "asthma"};
        sb_add(&b, "%u,%s,%u,%s,%u\n", 20 + v % 60, (v >> 7) & 1 ? "f" : "m", (v >> 9) % 300,
               dx[(v >> 20) % 5], ((v >> 12) % 40) * 1000);
    }
    return table_of(&b, threads);
}

static void test_threads_identical(void **state)
{
    (void)state;
    outis_table *t1 = mixed_table(1), *t2 = mixed_table(2);
    outis_risk *r[2];
    for (int i = 0; i < 2; i++) {
        outis_risk_options o = OUTIS_RISK_OPTIONS_INIT;
        o.threads = (unsigned)i + 1;
        o.recursive_l = 3;
        o.population = i ? t1 : t2; /* the same data, read with the other thread count */
        r[i] = compute(i ? t2 : t1, (const char *[]){"age", "sex", "zip", NULL},
                       (const char *[]){"dx", "income", NULL}, &o);
    }
    const outis_risk_summary *a = outis_risk_get_summary(r[0]), *b = outis_risk_get_summary(r[1]);
    assert_int_equal(a->records, 20000);
    assert_true(a->classes > 1000 && a->uniques > 0);
    assert_int_equal(a->population_missing, 0);
    assert_close(a->journalist_max, a->prosecutor_max, 0);
    assert_close(a->marketer, a->prosecutor_avg, EPS);
    /* Results are zero-initialised, padding included, so whole structs compare. */
    assert_memory_equal(a, b, sizeof *a);
    const outis_class_bucket *ba, *bb;
    size_t nb = outis_risk_class_buckets(r[0], &ba);
    assert_int_equal(outis_risk_class_buckets(r[1], &bb), nb);
    assert_memory_equal(ba, bb, nb * sizeof *ba);
    const outis_sensitive_risk *ra, *rb;
    assert_int_equal(outis_risk_sensitive(r[0], &ra), 2);
    assert_int_equal(outis_risk_sensitive(r[1], &rb), 2);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(ra[i].column, rb[i].column);
        assert_int_equal(ra[i].values, rb[i].values);
        assert_int_equal(ra[i].is_ordered, i == 1);
        assert_int_equal(rb[i].is_ordered, i == 1);
        assert_int_equal(ra[i].distinct_l, rb[i].distinct_l);
        assert_close(ra[i].entropy_l, rb[i].entropy_l, 1e-12);
        assert_close(ra[i].recursive_c, rb[i].recursive_c, 1e-12);
        /* t may differ in the last bits with the order of values in the dictionary */
        assert_close(ra[i].t, rb[i].t, 1e-12);
        assert_memory_equal(ra[i].distinct_records, rb[i].distinct_records,
                            sizeof ra[i].distinct_records);
        assert_memory_equal(ra[i].entropy_records, rb[i].entropy_records,
                            sizeof ra[i].entropy_records);
        assert_memory_equal(ra[i].t_records, rb[i].t_records, sizeof ra[i].t_records);
    }
    const outis_qi_combination *ca, *cb;
    size_t nc = outis_risk_combinations(r[0], &ca);
    assert_int_equal(nc, 7);
    assert_int_equal(outis_risk_combinations(r[1], &cb), nc);
    assert_memory_equal(ca, cb, nc * sizeof *ca);
    outis_risk_free(r[0]);
    outis_risk_free(r[1]);
    outis_table_free(t1);
    outis_table_free(t2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary),
        cmocka_unit_test(test_threshold_strict),
        cmocka_unit_test(test_size_boundaries),
        cmocka_unit_test(test_large_buckets),
        cmocka_unit_test(test_journalist_example),
        cmocka_unit_test(test_journalist_avg_first_estimate),
        cmocka_unit_test(test_journalist_absent),
        cmocka_unit_test(test_journalist_na),
        cmocka_unit_test(test_l_diversity),
        cmocka_unit_test(test_l_diversity_single_value),
        cmocka_unit_test(test_t_closeness),
        cmocka_unit_test(test_t_salary),
        cmocka_unit_test(test_t_hierarchical),
        cmocka_unit_test(test_t_distance_chosen),
        cmocka_unit_test(test_missing_values),
        cmocka_unit_test(test_combinations),
        cmocka_unit_test(test_combinations_auto),
        cmocka_unit_test(test_many_qis),
        cmocka_unit_test(test_many_classes),
        cmocka_unit_test(test_option_errors),
        cmocka_unit_test(test_threads_identical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
