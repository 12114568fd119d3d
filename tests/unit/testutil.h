/* testutil.h - helpers shared by the cmocka tests. */
#ifndef OUTIS_TESTUTIL_H
#define OUTIS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <math.h>

#include "outis.h"

/* splitmix64 (Steele, Lea, Flood 2014): the tests' seeded generator. */
static inline uint64_t test_rng(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Reads CSV text (default options but the given thread count); fails the test on error. */
static inline outis_table *table_from(const char *csv, unsigned threads)
{
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.threads = threads;
    outis_table *t = NULL;
    outis_error err;
    int rc = outis_table_read_csv_buffer(&t, csv, strlen(csv), "test.csv", &o, &err);
    if (rc != 0) {
        print_error("read failed: %s:%llu:%llu: %s\n", err.source, (unsigned long long)err.line,
                    (unsigned long long)err.column, err.message);
    }
    assert_int_equal(rc, 0);
    return t;
}

/* outis_risk_compute that must succeed; prints the message when it does not. */
static inline outis_risk *risk_ok(const outis_table *t, const outis_risk_options *o)
{
    outis_risk *r = NULL;
    outis_error err;
    int rc = outis_risk_compute(&r, t, o, &err);
    if (rc != 0) {
        print_error("risk failed: %s\n", err.message);
    }
    assert_int_equal(rc, 0);
    assert_non_null(r);
    return r;
}

static inline size_t col(const outis_table *t, const char *name)
{
    size_t c = SIZE_MAX;
    assert_int_equal(outis_table_column_index(&c, t, name, NULL), 0);
    return c;
}

/* A step that failed where an allocation was made to fail: out of memory, said in words. */
static inline void assert_nomem(int rc, const outis_error *err)
{
    assert_int_equal(rc, OUTIS_ENOMEM);
    assert_true(err->message[0] != '\0');
}

/* |a - b| <= eps, printing both values with full precision when not. */
#define assert_near(a, b, eps)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (eps))) {                                                           \
            fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);                                    \
        }                                                                                          \
    } while (0)

#endif
