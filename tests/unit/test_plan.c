/* test_plan.c - the plan helpers of anon/plan.c: hierarchies from rules over a column (with a
 * missing value, bad values named by record, trees that miss values), microaggregation by
 * column, key files, and each value transformation against the functions it wraps. */
#include "testutil.h"

#include "anon/prepare.h"
#include "anon/transform.h"
#include "util/alloc.h"

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The hierarchy's cells, row by row, "|" between levels and "\n" after each row. */
static void hier_text(char *buf, size_t cap, const outis_hierarchy *h)
{
    const hier_table *t = hierarchy_table(h);
    size_t at = 0;
    buf[0] = '\0';
    for (size_t r = 0; r < t->rows; r++) {
        for (size_t l = 0; l < t->cols; l++) {
            at += (size_t)snprintf(buf + at, cap - at, "%s%s", l ? "|" : "", hier_cell(t, r, l));
        }
        at += (size_t)snprintf(buf + at, cap - at, "\n");
    }
}

static void test_intervals_missing(void **state)
{
    (void)state;
    outis_table *t = table_from("age,x\n10,a\n25,b\nNA,c\n37,d\n25,e\n", 1);
    outis_hierarchy_rule r = OUTIS_HIERARCHY_RULE_INIT;
    r.kind = OUTIS_RULE_INTERVALS;
    r.width = 10;
    outis_hierarchy *h = NULL;
    outis_error err;
    assert_int_equal(outis_hierarchy_build(&h, t, 0, &r, &err), 0);
    char text[512];
    hier_text(text, sizeof text, h);
    assert_string_equal(text, "10|[10, 20)|[0, 20)|[0, 40)|*\n"
                              "25|[20, 30)|[20, 40)|[0, 40)|*\n"
                              "37|[30, 40)|[20, 40)|[0, 40)|*\n"
                              "NA|NA|NA|NA|*\n");
    outis_hierarchy_free(h);
    outis_table_free(t);
}

static void test_bad_value_record(void **state)
{
    (void)state;
    outis_table *t = table_from("age\n10\n25\n10\nforty\n", 1);
    outis_hierarchy_rule r = OUTIS_HIERARCHY_RULE_INIT;
    r.kind = OUTIS_RULE_INTERVALS;
    r.width = 10;
    outis_hierarchy *h = NULL;
    outis_error err;
    assert_int_equal(outis_hierarchy_build(&h, t, 0, &r, &err), OUTIS_EPARSE);
    assert_null(h);
    assert_string_equal(err.message, "record 4 is not a number");
    static const char *const levels[] = {"month", "year"};
    r.kind = OUTIS_RULE_DATES;
    r.levels = levels;
    r.level_count = 2;
    assert_int_equal(outis_hierarchy_build(&h, t, 0, &r, &err), OUTIS_EPARSE);
    assert_string_equal(err.message, "record 1 is not a date (YYYY-MM-DD)");
    r.kind = OUTIS_RULE_DATES + 100;
    assert_int_equal(outis_hierarchy_build(&h, t, 0, &r, &err), OUTIS_EINVAL);
    outis_table_free(t);
}

static void test_tree(void **state)
{
    (void)state;
    outis_table *t = table_from("d,n\nflu,1\nhiv,2\n,3\nflu,4\n", 1);
    static const char *const edges[] = {"flu", "infection", "hiv", "infection", "cancer", "tumour"};
    outis_hierarchy_rule r = OUTIS_HIERARCHY_RULE_INIT;
    r.kind = OUTIS_RULE_TREE;
    r.edges = edges;
    r.edge_count = 3;
    outis_hierarchy *h = NULL;
    outis_error err;
    assert_int_equal(outis_hierarchy_build(&h, t, 0, &r, &err), 0);
    char text[512];
    hier_text(text, sizeof text, h);
    assert_string_equal(text, "flu|infection|*\nhiv|infection|*\n||*\n");
    outis_hierarchy_free(h);
    r.edge_count = 1; /* hiv is not in the tree */
    assert_int_equal(outis_hierarchy_build(&h, t, 0, &r, &err), OUTIS_EINVAL);
    assert_string_equal(err.message, "the tree does not cover 1 value of the column: 'hiv'");
    static const char *const deep[] = {"flu", "infection", "infection", "hiv"};
    r.edges = deep;
    r.edge_count = 2; /* hiv is a parent */
    assert_int_equal(outis_hierarchy_build(&h, t, 0, &r, &err), OUTIS_EINVAL);
    assert_string_equal(err.message,
                        "1 value of the column has children in the tree, such as 'hiv' (values "
                        "must be leaves)");
    outis_table_free(t);
}

static void test_top_and_mask(void **state)
{
    (void)state;
    outis_table *t = table_from("z,n\n1000,1\n2000,2\n,3\n", 1);
    outis_hierarchy_rule r = OUTIS_HIERARCHY_RULE_INIT;
    r.kind = OUTIS_RULE_TOP;
    outis_hierarchy *h = NULL;
    outis_error err;
    assert_int_equal(outis_hierarchy_build(&h, t, 0, &r, &err), 0);
    char text[512];
    hier_text(text, sizeof text, h);
    assert_string_equal(text, "1000|*\n2000|*\n|*\n");
    outis_hierarchy_free(h);
    r.kind = OUTIS_RULE_MASK;
    r.step = 2;
    assert_int_equal(outis_hierarchy_build(&h, t, 0, &r, &err), 0);
    hier_text(text, sizeof text, h);
    assert_string_equal(text, "1000|10**|****|*\n2000|20**|****|*\n|||*\n");
    outis_hierarchy_free(h);
    outis_table_free(t);
    t = table_from("z,y\n,1\n,2\n", 1); /* only missing values */
    assert_int_equal(outis_hierarchy_build(&h, t, 0, &r, &err), 0);
    hier_text(text, sizeof text, h);
    assert_string_equal(text, "|*\n");
    outis_hierarchy_free(h);
    outis_table_free(t);
}

static void test_microaggregate(void **state)
{
    (void)state;
    outis_table *t = table_from("v\n1\n10\n2\nNA\n11\n3\n12\n", 1);
    double out[7];
    outis_error err;
    const size_t c0 = 0;
    assert_int_equal(outis_anon_microaggregate(out, t, &c0, 1, 3, &err), 0);
    const double want[7] = {2, 11, 2, NAN, 11, 2, 11};
    for (int i = 0; i < 7; i++) {
        if (isnan(want[i])) {
            assert_true(isnan(out[i]));
        } else {
            assert_true(out[i] == want[i]);
        }
    }
    assert_int_equal(outis_anon_microaggregate(out, t, &c0, 1, 7, &err), OUTIS_EINVAL);
    assert_string_equal(err.message, "6 values, fewer than k = 7");
    assert_int_equal(outis_anon_microaggregate(out, t, &c0, 1, 1, &err), OUTIS_EINVAL);
    outis_table_free(t);
    t = table_from("v\n1\n2\nx\n", 1);
    assert_int_equal(outis_anon_microaggregate(out, t, &c0, 1, 2, &err), OUTIS_EPARSE);
    assert_string_equal(err.message, "record 3 is not a number");
    const size_t twice[2] = {0, 0};
    assert_int_equal(outis_anon_microaggregate(out, t, twice, 2, 2, &err), OUTIS_EPARSE);
    assert_string_equal(err.message, "column 'v', record 3: not a number");
    outis_table_free(t);
}

/* Multivariate: two clusters in (a, b) become their means together, so the pair is
 * 3-anonymous; rows missing b are grouped on a alone (4, 5, 6: 5); a row missing both stays
 * missing. Each column alone would group the same here, but a univariate MDAV of b could not
 * see a. */
static void test_microaggregate_columns(void **state)
{
    (void)state;
    outis_table *t = table_from("a,b\n0,0\n10,10\n1,0\n4,NA\n11,10\n0,1\n5,NA\nNA,NA\n"
                                "10,11\n6,NA\n",
                                1);
    const size_t cols[2] = {0, 1};
    double out[20];
    outis_error err;
    assert_int_equal(outis_anon_microaggregate(out, t, cols, 2, 3, &err), 0);
    const double third = 1.0 / 3, big = 31.0 / 3;
    const double want[20] = {third, third, big, big, third, third, 5,   NAN, big, big,
                             third, third, 5,   NAN, NAN,   NAN,   big, big, 5,   NAN};
    for (int i = 0; i < 20; i++) {
        if (isnan(want[i])) {
            assert_true(isnan(out[i]));
        } else {
            assert_true(fabs(out[i] - want[i]) < 1e-12);
        }
    }
    outis_table_free(t);
    /* two records miss b: too few to form a group of 3 on a */
    t = table_from("a,b\n0,0\n10,10\n1,0\n4,NA\n11,10\n5,NA\n", 1);
    assert_int_equal(outis_anon_microaggregate(out, t, cols, 2, 2, &err), 0);
    assert_int_equal(outis_anon_microaggregate(out, t, cols, 2, 3, &err), OUTIS_EINVAL);
    assert_string_equal(err.message,
                        "2 records with these values missing: fewer than k = 3 to form a group");
    outis_table_free(t);
}

static const char key_hex[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

static void key_file(char *path, size_t cap, mode_t mode, const char *text)
{
    snprintf(path, cap, "/tmp/outis_test_plan_key.XXXXXX");
    const int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    assert_int_equal(fchmod(fd, mode), 0);
    close(fd);
}

static outis_key *test_key(void)
{
    char path[64];
    key_file(path, sizeof path, 0600, key_hex);
    outis_key *k = NULL;
    outis_error err;
    assert_int_equal(outis_key_read(&k, path, &err), 0);
    unlink(path);
    return k;
}

static void test_keys(void **state)
{
    (void)state;
    char path[64];
    outis_key *k = NULL;
    outis_error err;
    key_file(path, sizeof path, 0644, key_hex);
    assert_int_equal(outis_key_read(&k, path, &err), OUTIS_EINVAL);
    assert_null(k);
    assert_non_null(strstr(err.message, "chmod 600"));
    unlink(path);
    key_file(path, sizeof path, 0600, "0011");
    assert_int_equal(outis_key_read(&k, path, &err), OUTIS_EINVAL);
    assert_non_null(strstr(err.message, "too short"));
    assert_int_equal(outis_key_write(path, &err), OUTIS_EINVAL); /* never overwrites */
    unlink(path);
    assert_int_equal(outis_key_read(&k, path, &err), OUTIS_EIO);
    assert_int_equal(outis_key_write(path, &err), 0);
    assert_int_equal(outis_key_read(&k, path, &err), 0);
    outis_key_free(k);
    unlink(path);
    outis_key_free(NULL);
}

static void test_pseudonymize(void **state)
{
    (void)state;
    outis_key *k = test_key();
    unsigned char raw[ANON_KEY_BYTES];
    for (int i = 0; i < ANON_KEY_BYTES; i++) {
        raw[i] = (unsigned char)i;
    }
    outis_transform_options o = OUTIS_TRANSFORM_OPTIONS_INIT;
    o.kind = OUTIS_TRANSFORM_PSEUDONYMIZE;
    o.domain = "name";
    o.encoding = OUTIS_ENCODING_BASE32;
    o.length = 10;
    outis_transform *t = NULL;
    outis_error err;
    assert_int_equal(outis_transform_new(&t, k, &o, &err), 0);
    char out[80], want[80];
    size_t len = 0;
    assert_int_equal(outis_transform_apply(t, out, sizeof out, &len, "Ann", 3, NULL, 0, &err), 0);
    assert_int_equal(
        anon_pseudonym(want, sizeof want, raw, "name", "Ann", 3, ANON_BASE32, 10, &err), 0);
    assert_string_equal(out, want);
    assert_int_equal(len, 10);
    outis_transform_free(t);
    o.length = 53;
    assert_int_equal(outis_transform_new(&t, k, &o, &err), OUTIS_EINVAL);
    assert_string_equal(err.message, "a pseudonym has at most 52 characters in base32");
    o.length = 0;
    assert_int_equal(outis_transform_new(&t, NULL, &o, &err), OUTIS_EINVAL);
    assert_string_equal(err.message, "this transformation needs a key");
    outis_key_free(k);
}

static void test_encrypt(void **state)
{
    (void)state;
    outis_key *k = test_key();
    outis_transform_options o = OUTIS_TRANSFORM_OPTIONS_INIT;
    o.kind = OUTIS_TRANSFORM_ENCRYPT;
    outis_transform *e = NULL, *d = NULL;
    outis_error err;
    assert_int_equal(outis_transform_new(&e, k, &o, &err), 0);
    o.kind = OUTIS_TRANSFORM_DECRYPT;
    assert_int_equal(outis_transform_new(&d, k, &o, &err), 0);
    /* FF1 under the derived key HMAC-SHA256(key, "outis-ff1-key") */
    unsigned char raw[ANON_KEY_BYTES], sub[32];
    for (int i = 0; i < ANON_KEY_BYTES; i++) {
        raw[i] = (unsigned char)i;
    }
    crypto_auth_hmacsha256(sub, (const unsigned char *)"outis-ff1-key", 13, raw);
    anon_ff1 *f = NULL;
    assert_int_equal(anon_ff1_new(&f, sub, sizeof sub, 10, &err), 0);
    char want[16];
    assert_int_equal(anon_fpe_string(want, "110105-1990", 11, f, "0123456789", 0, &err), 0);
    anon_ff1_free(f);
    char out[80], back[80];
    size_t len = 0;
    assert_int_equal(
        outis_transform_apply(e, out, sizeof out, &len, "110105-1990", 11, NULL, 0, &err), 0);
    assert_int_equal(len, 11);
    assert_memory_equal(out, want, 11);
    assert_int_equal(out[6], '-');
    assert_int_equal(outis_transform_apply(d, back, sizeof back, &len, out, 11, NULL, 0, &err), 0);
    assert_string_equal(back, "110105-1990");
    assert_int_equal(outis_transform_apply(e, out, sizeof out, &len, "12-345", 6, NULL, 0, &err),
                     OUTIS_EINVAL);
    assert_string_equal(err.message, "a value has 5 characters of the alphabet; FF1 needs at "
                                     "least 6 (a domain of at least 1000000 values)");
    outis_transform_free(e);
    outis_transform_free(d);
    o.alphabet = "aa";
    assert_int_equal(outis_transform_new(&e, k, &o, &err), OUTIS_EINVAL);
    o.alphabet = "a";
    assert_int_equal(outis_transform_new(&e, k, &o, &err), OUTIS_EINVAL);
    outis_key_free(k);
}

static void test_mask_and_shift(void **state)
{
    (void)state;
    outis_transform_options o = OUTIS_TRANSFORM_OPTIONS_INIT;
    o.kind = OUTIS_TRANSFORM_MASK;
    o.keep_first = 1;
    o.keep_last = 2;
    outis_transform *t = NULL;
    outis_error err;
    assert_int_equal(outis_transform_new(&t, NULL, &o, &err), 0);
    char out[80];
    size_t len;
    assert_int_equal(outis_transform_apply(t, out, sizeof out, &len, "100081", 6, NULL, 0, &err),
                     0);
    assert_string_equal(out, "1***81");
    outis_transform_free(t);
    o.mask = '\n';
    assert_int_equal(outis_transform_new(&t, NULL, &o, &err), OUTIS_EINVAL);
    outis_key *k = test_key();
    unsigned char raw[ANON_KEY_BYTES];
    for (int i = 0; i < ANON_KEY_BYTES; i++) {
        raw[i] = (unsigned char)i;
    }
    o.kind = OUTIS_TRANSFORM_SHIFT_DATE;
    o.max_days = 30;
    assert_int_equal(outis_transform_new(&t, k, &o, &err), 0);
    char want[32];
    assert_int_equal(anon_date_shift(want, sizeof want, "2024-03-05", 10, raw, "P1", 2, 30, &err),
                     0);
    assert_int_equal(
        outis_transform_apply(t, out, sizeof out, &len, "2024-03-05", 10, "P1", 2, &err), 0);
    assert_string_equal(out, want);
    assert_int_equal(outis_transform_apply(t, out, sizeof out, &len, "5 March", 7, "P1", 2, &err),
                     OUTIS_EPARSE);
    outis_transform_free(t);
    outis_key_free(k);
}

#ifdef OUTIS_ALLOC_TESTING
static void test_alloc_failures(void **state)
{
    (void)state;
    outis_table *t = table_from("age,d\n10,flu\n25,hiv\nNA,flu\n37,hiv\n", 1);
    for (size_t nth = 1;; nth++) {
        double out[8];
        outis_error err;
        ou_alloc_fail_at(nth);
        const size_t cols[2] = {0, 0};
        const int rc = outis_anon_microaggregate(out, t, cols, 2, 2, &err); /* a column twice */
        ou_alloc_fail_at(0);
        if (rc == 0) {
            break;
        }
        assert_int_equal(rc, OUTIS_ENOMEM);
    }
    outis_key *k = test_key();
    for (int kind = OUTIS_TRANSFORM_PSEUDONYMIZE; kind <= OUTIS_TRANSFORM_SHIFT_DATE; kind++) {
        outis_transform_options o = OUTIS_TRANSFORM_OPTIONS_INIT;
        o.kind = kind;
        o.max_days = 10;
        for (size_t nth = 1;; nth++) {
            outis_transform *tr = NULL;
            outis_error err;
            char out[80];
            size_t len;
            ou_alloc_fail_at(nth);
            int rc = outis_transform_new(&tr, k, &o, &err);
            if (rc == 0) {
                rc = outis_transform_apply(tr, out, sizeof out, &len, "2024-01-02", 10, "p", 1,
                                           &err);
            }
            ou_alloc_fail_at(0);
            outis_transform_free(tr);
            if (rc == 0) {
                break;
            }
            assert_int_equal(rc, OUTIS_ENOMEM);
        }
    }
    outis_key_free(k);
    outis_table_free(t);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intervals_missing),
        cmocka_unit_test(test_bad_value_record),
        cmocka_unit_test(test_tree),
        cmocka_unit_test(test_top_and_mask),
        cmocka_unit_test(test_microaggregate),
        cmocka_unit_test(test_microaggregate_columns),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_pseudonymize),
        cmocka_unit_test(test_encrypt),
        cmocka_unit_test(test_mask_and_shift),
#ifdef OUTIS_ALLOC_TESTING
        cmocka_unit_test(test_alloc_failures),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
