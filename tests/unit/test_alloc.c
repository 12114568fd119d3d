/* test_alloc.c - out of memory everywhere: fail the Nth allocation of a read and a risk
 * computation (and a dp release, an anonymization, a text scan), for every N until the work
 * succeeds. Each failure must come back
 * as OUTIS_ENOMEM with a message, and leave nothing allocated (LeakSanitizer checks). Runs in the
 * sanitizer build, where OUTIS_ALLOC_TESTING is defined. */
#include "testutil.h"

#include "io/csv.h"
#include "outis/scan.h"
#include "util/alloc.h"

#include <stdio.h>

#ifdef OUTIS_ALLOC_TESTING
static const char csv[] = "age,sex,zip,diagnosis,\"note, quoted\"\n"
                          "30,M,100,flu,\"a \"\"b\"\"\"\n30,M,100,hiv,x\n30,F,100,flu,NA\n"
                          "40,F,200,cancer,\n40,F,200,flu,y\n41,F,200,flu,y\n";

static int attempt(void)
{
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.threads = 1; /* every allocation on this thread, where the counter is */
    outis_table *t = NULL;
    outis_error err;
    int rc = outis_table_read_csv_buffer(&t, csv, sizeof csv - 1, "t.csv", &o, &err);
    if (rc < 0) {
        assert_nomem(rc, &err);
        return rc;
    }
    size_t qi[3] = {0, 1, 2}, sa[1] = {3};
    outis_risk_options ro = OUTIS_RISK_OPTIONS_INIT;
    ro.qi = qi;
    ro.qi_count = 3;
    ro.sensitive = sa;
    ro.sensitive_count = 1;
    ro.threads = 1;
    outis_risk *r = NULL;
    rc = outis_risk_compute(&r, t, &ro, &err);
    if (rc < 0) {
        assert_nomem(rc, &err);
    } else {
        assert_int_equal(outis_risk_get_summary(r)->classes, 4);
    }
    outis_risk_free(r);
    outis_table_free(t);
    return rc;
}

/* A read in 64-byte blocks whose first cut falls inside quotes: after the block is cut again,
 * a failure must not report (or compute from) the earlier error's position. */
static int attempt_small_blocks(void)
{
    static const char quoted[] = "a,b\n1,\"x\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n"
                                 "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n"
                                 "\n\n\n\n\n\n\n\n\"\n2,y\n3,z\n";
    source src;
    csv_data d;
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.threads = 1;
    outis_error err;
    int rc = source_open_buffer(&src, quoted, sizeof quoted - 1, "q.csv", NULL, &err);
    if (rc == 0) {
        rc = csv_read_tuned(&d, &src, &o, 64, 8, &err);
        source_close(&src);
    }
    if (rc < 0) {
        assert_int_equal(rc, OUTIS_ENOMEM);
        assert_int_equal(err.line, 0); /* out of memory has no place in the input */
        return rc;
    }
    assert_int_equal(d.nrows, 3);
    csv_data_free(&d);
    return 0;
}

static void test_small_blocks_fail_cleanly(void **state)
{
    (void)state;
    size_t n = 1;
    for (; n < 100000 && (ou_alloc_fail_at(n), attempt_small_blocks() != 0); n++) {
    }
    ou_alloc_fail_at(0);
    assert_true(n > 5 && n < 100000);
}

static void test_every_allocation_fails_cleanly(void **state)
{
    (void)state;
    size_t n = 1;
    for (; n < 100000; n++) {
        ou_alloc_fail_at(n);
        int rc = attempt();
        if (rc == 0) {
            break;
        }
    }
    ou_alloc_fail_at(0);
    assert_true(n > 10); /* the work does allocate; each of those failures was checked */
    assert_true(n < 100000);
}

/* A dp release with every aggregate, repeated units and private selection, on one thread. */
static int attempt_dp(const outis_table *t)
{
    static const char *const by[] = {"sex"};
    const outis_dp_aggregate aggs[5] = {{OUTIS_DP_COUNT, NULL, 0, 0, 0, 0, 0},
                                        {OUTIS_DP_SUM, "age", 0, 100, 0, 0, 0},
                                        {OUTIS_DP_MEAN, "age", 0, 100, 0, 0, 0},
                                        {OUTIS_DP_QUANTILE, "age", 0, 100, 0.5, 0, 0},
                                        {OUTIS_DP_HISTOGRAM, "age", 0, 100, 0, 4, 0}};
    outis_dp_query q = OUTIS_DP_QUERY_INIT;
    q.privacy_unit = "zip";
    q.by = by;
    q.by_count = 1;
    q.aggregates = aggs;
    q.aggregate_count = 5;
    q.epsilon = 1;
    q.delta = 1e-6;
    q.max_rows = 2;
    q.threads = 1;
    q.is_seeded = 1;
    outis_dp_result *r = NULL;
    outis_error err;
    int rc = outis_dp_run(&r, t, &q, &err);
    if (rc < 0) {
        assert_nomem(rc, &err);
    }
    outis_dp_result_free(r);
    return rc;
}

static void test_dp_fails_cleanly(void **state)
{
    (void)state;
    outis_table *t = table_from(csv, 1);
    size_t n = 1;
    for (; n < 100000 && (ou_alloc_fail_at(n), attempt_dp(t) != 0); n++) {
    }
    ou_alloc_fail_at(0);
    assert_true(n > 10 && n < 100000);
    outis_table_free(t);
}
/* Reading (and indexing) a hierarchy, then a search with it. */
static int attempt_anon(void)
{
    outis_hierarchy *h = NULL;
    outis_error err;
    int rc = outis_hierarchy_read(&h, OUTIS_TEST_DATA "/anon_zip.csv", &err);
    if (rc < 0) {
        assert_int_equal(rc, OUTIS_ENOMEM);
        return rc;
    }
    outis_table *t = NULL;
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.threads = 1;
    static const char data[] = "zip,d\n100081,a\n100082,b\n100085,a\n200031,b\n200032,a\n";
    rc = outis_table_read_csv_buffer(&t, data, sizeof data - 1, "t.csv", &o, &err);
    if (rc == 0) {
        size_t qi = 0;
        const outis_hierarchy *hs[1] = {h};
        outis_anon_options ao = OUTIS_ANON_OPTIONS_INIT;
        ao.qi = &qi;
        ao.hierarchies = hs;
        ao.qi_count = 1;
        ao.k = 2;
        ao.threads = 1;
        const size_t sens = 1; /* and the paths of l, t and a non-monotonic metric */
        ao.sensitive = &sens;
        ao.sensitive_count = 1;
        ao.l_kind = OUTIS_L_DISTINCT;
        ao.l = 2;
        ao.t_kind = OUTIS_T_EQUAL;
        ao.t = 0.5;
        ao.metric = OUTIS_METRIC_DISCERNIBILITY;
        outis_anon *a = NULL;
        rc = outis_anonymize(&a, t, &ao, &err);
        if (rc == 0) { /* 10008* holds 3 rows, 20003* 2: level 1 is the optimum */
            assert_int_equal(outis_anon_level(a, 0), 1);
            assert_string_equal(outis_anon_value(a, 0, 3), "20003*");
        }
        outis_anon_free(a);
    }
    if (rc < 0) {
        assert_int_equal(rc, OUTIS_ENOMEM);
    }
    outis_table_free(t);
    outis_hierarchy_free(h);
    return rc;
}

static void test_anon_fails_cleanly(void **state)
{
    (void)state;
    size_t n = 1;
    for (; n < 100000 && (ou_alloc_fail_at(n), attempt_anon() != 0); n++) {
    }
    ou_alloc_fail_at(0);
    assert_true(n > 10 && n < 100000);
}
/* The text scanner: a scanner made, a buffer scanned (its last window copied: the text ends
 * in a number) and the same text as a stream in 37-byte pieces. Each must fail cleanly, or
 * find what a scan without failures finds. */
static char scan_text[6000];
static size_t scan_len;

static int on_finding_count(const outis_finding *f, void *payload)
{
    (void)f;
    ++*(size_t *)payload;
    return 0;
}

static int attempt_scan(size_t *found)
{
    outis_scanner_options o = OUTIS_SCANNER_OPTIONS_INIT;
    o.today = 20240101;
    outis_scanner *sc = NULL;
    outis_scan_stream *st = NULL;
    outis_error err;
    *found = 0;
    int rc = outis_scanner_new(&sc, &o, &err);
    if (rc == 0) {
        rc = outis_scan_buffer(NULL, sc, scan_text, scan_len, "t", on_finding_count, found, &err);
    }
    if (rc == 0) {
        rc = outis_scan_stream_open(&st, sc, "t", on_finding_count, found, &err);
    }
    for (size_t off = 0; rc == 0 && off < scan_len; off += 37) {
        rc = outis_scan_stream_write(st, scan_text + off, scan_len - off < 37 ? scan_len - off : 37,
                                     &err);
    }
    int closed = outis_scan_stream_close(st, NULL, &err);
    rc = rc < 0 ? rc : closed;
    if (rc < 0) {
        assert_nomem(rc, &err);
    }
    outis_scanner_free(sc);
    return rc;
}

static void test_scan_fails_cleanly(void **state)
{
    (void)state;
    scan_len = 0;
    while (scan_len + 200 < sizeof scan_text) {
        scan_len += (size_t)snprintf(scan_text + scan_len, 200,
                                     "微信号：wxid_abc%zu 电话 13800138000 a%zu@ex.com "
                                     "110105194912310021 vx：zhang_%zu 3号 ",
                                     scan_len, scan_len, scan_len);
    }
    scan_len += (size_t)snprintf(scan_text + scan_len, 20, "tel 13800138000");
    size_t want, found;
    assert_int_equal(attempt_scan(&want), 0);
    assert_true(want > 200);
    size_t n = 1;
    for (; n < 100000 && (ou_alloc_fail_at(n), attempt_scan(&found) != 0); n++) {
    }
    ou_alloc_fail_at(0);
    assert_true(n > 10 && n < 100000);
    assert_int_equal(found, want);
}
#else
static void test_scan_fails_cleanly(void **state)
{
    (void)state;
    skip();
}

static void test_anon_fails_cleanly(void **state)
{
    (void)state;
    skip();
}

static void test_dp_fails_cleanly(void **state)
{
    (void)state;
    skip();
}

static void test_every_allocation_fails_cleanly(void **state)
{
    (void)state;
    skip(); /* needs a build with -DOUTIS_SANITIZE=ON */
}

static void test_small_blocks_fail_cleanly(void **state)
{
    (void)state;
    skip();
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation_fails_cleanly),
        cmocka_unit_test(test_small_blocks_fail_cleanly),
        cmocka_unit_test(test_dp_fails_cleanly),
        cmocka_unit_test(test_anon_fails_cleanly),
        cmocka_unit_test(test_scan_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
