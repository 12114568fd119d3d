/* test_ledger.c - the privacy budget ledger (outis_ledger_*, outis_dataset_id) and its
 * accounting (src/dp/account.c): zCDP conversions against the reference values of CKS 2020,
 * exact refusal at the budget's edge, rho and delta composition, files that are not ledgers,
 * a locked ledger, concurrent processes that must not overspend, and processes killed
 * mid-charge that must lose nothing they were told was recorded. */
#define _GNU_SOURCE /* mkdtemp, setenv */
#include "testutil.h"

#include "dp/account.h"
#include "util/alloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DS "0123456789abcdef0123456789abcdef"

/* Reference epsilons of the CKS conversion from the authors' `cdp2adp.py` (cdp_eps, a
 * 1000-step bisection over cdp_delta), rerun in Python; the first two are the examples of
 * REFERENCES.md section 4. */
static const struct {
    double rho, delta, eps;
} cks_ref[] = {
    {0.5, 1e-6, 5.221534444530169},   {0.1, 1e-5, 1.914238832003598},
    {0.05, 1e-5, 1.3081183429064382}, {1e-6, 1e-9, 0.006804060822206219},
    {10, 0.1, 17.618788898511994},    {0.001, 1e-10, 0.2627904751404585},
    {2.0, 1e-3, 8.416064294321277},
};

typedef struct fixture {
    char dir[64];
    char db[96];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/outis_ledger_XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/l.db", f->dir);
    unsetenv("OUTIS_LEDGER_TIMEOUT_MS");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    DIR *d = opendir(f->dir);
    if (d != NULL) {
        struct dirent *e;
        char path[512];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                snprintf(path, sizeof path, "%s/%s", f->dir, e->d_name);
                unlink(path);
            }
        }
        closedir(d);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static outis_ledger *open_ok(const char *path)
{
    outis_ledger *l = NULL;
    outis_error err;
    int rc = outis_ledger_open(&l, path, &err);
    if (rc != 0) {
        print_error("open failed: %s: %s\n", err.source, err.message);
    }
    assert_int_equal(rc, 0);
    assert_non_null(l);
    return l;
}

static int charge(outis_ledger *l, double eps, double rho, double delta, outis_error *err)
{
    outis_dp_cost c = {eps, rho, delta};
    return outis_ledger_charge(NULL, l, DS, "default", &c, "test", err);
}

static outis_budget get_ok(outis_ledger *l, const char *dataset, const char *label)
{
    outis_budget b;
    outis_error err;
    int rc = outis_ledger_get(&b, l, dataset, label, &err);
    if (rc != 0) {
        print_error("get failed: %s\n", err.message);
    }
    assert_int_equal(rc, 0);
    return b;
}

/* ---- account.c ---- */

static void test_rho_to_eps(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cks_ref / sizeof *cks_ref; i++) {
        double rho = cks_ref[i].rho, delta = cks_ref[i].delta, ref = cks_ref[i].eps;
        double eps = dp_rho_to_eps(rho, delta);
        /* Never below the reference, at most the promised round-up above it. */
        assert_true(eps >= ref * (1 - 1e-13));
        assert_true(eps <= ref * (1 + 1e-8));
        assert_true(eps < rho + 2 * sqrt(rho * log(1 / delta))); /* tighter than BS16 */
    }
    assert_near(dp_rho_to_eps(0.5, 1e-6), 5.2215, 5e-5);
    assert_near(dp_rho_to_eps(0.1, 1e-5), 1.9142, 5e-5);
    assert_true(dp_rho_to_eps(0, 1e-5) == 0);
    assert_true(dp_rho_to_eps(0, 0) == 0);
    assert_true(isinf(dp_rho_to_eps(0.1, 0)));
    assert_true(isinf(dp_rho_to_eps(0.1, -1)));
    assert_true(isinf(dp_rho_to_eps(NAN, 1e-5)));
    assert_true(dp_rho_to_eps(0.1, 1) == 0);
    /* Increasing in rho, decreasing in delta, never above BS16, over many magnitudes. */
    for (int d = 1; d <= 15; d += 2) {
        double delta = pow(10, -d), prev = 0;
        for (int r = -12; r <= 4; r++) {
            double rho = pow(10, r), eps = dp_rho_to_eps(rho, delta);
            assert_true(eps >= prev);
            assert_true(eps <= (rho + 2 * sqrt(rho * log(1 / delta))) * (1 + 1e-9));
            assert_true(dp_rho_to_eps(rho, delta * 10) <= eps);
            prev = eps;
        }
    }
}

static void test_eps_to_rho(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cks_ref / sizeof *cks_ref; i++) {
        double rho = dp_eps_delta_to_rho(cks_ref[i].eps, cks_ref[i].delta);
        assert_near(rho, cks_ref[i].rho, cks_ref[i].rho * 1e-8);
        /* Rounded down: the rho found never spends more than asked. */
        assert_true(dp_rho_to_eps(rho, cks_ref[i].delta) <= cks_ref[i].eps);
    }
    assert_true(dp_eps_delta_to_rho(0, 1e-5) == 0);
    assert_true(dp_eps_delta_to_rho(1, 0) == 0);
    assert_true(isinf(dp_eps_delta_to_rho(1, 1)));
    /* Tiny and huge budgets still invert. */
    double r = dp_eps_delta_to_rho(1e-6, 1e-12);
    assert_true(r > 0 && dp_rho_to_eps(r, 1e-12) <= 1e-6);
    r = dp_eps_delta_to_rho(1e4, 1e-12);
    assert_true(r > 1e3 && dp_rho_to_eps(r, 1e-12) <= 1e4);
}

static void test_spent_epsilon(void **state)
{
    (void)state;
    double d;
    outis_dp_cost pure = {0.5, 0, 1e-6};
    assert_true(dp_spent_epsilon(&pure, 1e-5, &d) == 0.5);
    assert_true(d == 1e-6);
    /* rho converted with all of delta: 0.2 + 1.9142. */
    outis_dp_cost mixed = {0.2, 0.1, 0};
    assert_near(dp_spent_epsilon(&mixed, 1e-5, &d), 0.2 + 1.914238832003598, 1e-8);
    assert_true(d == 1e-5);
    /* Partition selection took 9e-6 of 1e-5: rho 0.5 is converted at delta 1e-6. */
    outis_dp_cost sel = {0, 0.5, 9e-6};
    assert_near(dp_spent_epsilon(&sel, 1e-5, &d), 5.221534444530169, 1e-6);
    assert_true(d == 1e-5);
    outis_dp_cost none = {0, 0.5, 1e-5};
    assert_true(isinf(dp_spent_epsilon(&none, 1e-5, NULL)));
}

static void test_budget_allows(void **state)
{
    (void)state;
    outis_dp_cost c = {0.3 + 0.3 + 0.3 + 0.1, 0, 0};
    assert_true(dp_budget_allows(1, 0, &c)); /* 0.9999999999999999 */
    c.epsilon = 1 + 1e-10;
    assert_true(dp_budget_allows(1, 0, &c)); /* within the slack */
    c.epsilon = 1 + 1e-8;
    assert_false(dp_budget_allows(1, 0, &c));
    c = (outis_dp_cost){0, 0, 1e-5};
    assert_true(dp_budget_allows(1, 1e-5, &c));
    c.delta = 1.1e-5;
    assert_false(dp_budget_allows(1, 1e-5, &c));
    c = (outis_dp_cost){0, 0.1, 0};
    assert_false(dp_budget_allows(10, 0, &c)); /* rho needs delta */
    assert_true(dp_budget_allows(1.9143, 1e-5, &c));
    assert_false(dp_budget_allows(1.9142, 1e-5, &c));
    c.delta = 1e-5;
    assert_false(dp_budget_allows(100, 1e-5, &c)); /* no delta left to convert with */
    c = (outis_dp_cost){NAN, 0, 0};
    assert_false(dp_budget_allows(1, 0, &c));
    c = (outis_dp_cost){-0.1, 0, 0};
    assert_false(dp_budget_allows(1, 0, &c));
}

/* ---- ledger ---- */

static void test_set_get_list(void **state)
{
    fixture *f = *state;
    outis_ledger *l = open_ok(f->db);
    outis_budget b;
    outis_error err;
    assert_int_equal(outis_ledger_get(&b, l, DS, "default", &err), OUTIS_ENOTFOUND);
    assert_string_equal(err.message, "no budget set for this dataset");
    assert_int_equal(charge(l, 0.1, 0, 0, &err), OUTIS_ENOTFOUND);
    assert_int_equal(outis_ledger_reset(l, DS, "default", &err), OUTIS_ENOTFOUND);
    assert_int_equal(outis_ledger_set(l, DS, "default", 0, 0, &err), OUTIS_EINVAL);
    assert_int_equal(outis_ledger_set(l, DS, "default", INFINITY, 0, &err), OUTIS_EINVAL);
    assert_int_equal(outis_ledger_set(l, DS, "default", 1, 1, &err), OUTIS_EINVAL);
    assert_int_equal(outis_ledger_set(l, DS, "default", 1, -1e-9, &err), OUTIS_EINVAL);
    assert_int_equal(outis_ledger_set(l, DS, "", 1, 0, &err), OUTIS_EINVAL);
    assert_int_equal(outis_ledger_set(l, DS, "default", 1, 1e-5, &err), 0);
    assert_int_equal(outis_ledger_set(l, "b" DS, "x", 2, 0, &err), 0);
    assert_int_equal(outis_ledger_set(l, DS, "another", 3, 0, &err), 0);
    assert_int_equal(charge(l, 0.25, 0, 0, &err), 0);
    assert_int_equal(charge(l, -0.25, 0, 0, &err), OUTIS_EINVAL);
    assert_int_equal(charge(l, NAN, 0, 0, &err), OUTIS_EINVAL);
    /* Changing the total keeps what was spent. */
    assert_int_equal(outis_ledger_set(l, DS, "default", 2, 1e-6, &err), 0);
    outis_ledger_close(l);

    l = open_ok(f->db); /* everything survives a reopen */
    b = get_ok(l, DS, "default");
    assert_true(b.epsilon == 2 && b.delta == 1e-6);
    assert_true(b.spent.epsilon == 0.25 && b.spent.rho == 0 && b.spent.delta == 0);
    assert_true(b.epsilon_spent == 0.25 && b.delta_spent == 0);
    assert_int_equal(b.releases, 1);
    b = get_ok(l, DS, "another");
    assert_true(b.epsilon == 3 && b.epsilon_spent == 0);
    assert_int_equal(b.releases, 0);
    outis_ledger_close(l);
}

typedef struct seen {
    char names[4][80];
    double eps[4];
    int n;
} seen;

static int collect(const char *dataset, const char *label, const outis_budget *b, void *payload)
{
    seen *s = payload;
    if (s->n == 4) {
        return 7;
    }
    snprintf(s->names[s->n], sizeof s->names[0], "%s/%s", dataset, label);
    s->eps[s->n++] = b->epsilon_spent;
    return s->n == 2 && strcmp(label, "stop") == 0 ? 9 : 0;
}

static void test_list(void **state)
{
    fixture *f = *state;
    outis_ledger *l = open_ok(f->db);
    outis_error err;
    seen s = {0};
    assert_int_equal(outis_ledger_list(l, collect, &s, &err), 0);
    assert_int_equal(s.n, 0);
    assert_int_equal(outis_ledger_set(l, "b", "y", 1, 0, &err), 0);
    assert_int_equal(outis_ledger_set(l, "a", "z", 1, 0, &err), 0);
    assert_int_equal(outis_ledger_set(l, "b", "stop", 1, 0, &err), 0);
    outis_dp_cost c = {0.5, 0, 0};
    assert_int_equal(outis_ledger_charge(NULL, l, "b", "y", &c, NULL, &err), 0);
    assert_int_equal(outis_ledger_list(l, collect, &s, &err), 9); /* fn's value stops it */
    assert_int_equal(s.n, 2);
    assert_string_equal(s.names[0], "a/z");
    assert_string_equal(s.names[1], "b/stop");
    assert_int_equal(outis_ledger_list(NULL, collect, &s, &err), OUTIS_EINVAL);
    outis_ledger_close(l);
}

/* Total 1: 0.3 three times, then 0.2 is refused and recorded nowhere, then 0.1 fills it. */
static void test_boundary(void **state)
{
    fixture *f = *state;
    outis_ledger *l = open_ok(f->db);
    outis_error err;
    outis_budget after;
    assert_int_equal(outis_ledger_set(l, DS, "default", 1, 0, &err), 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(charge(l, 0.3, 0, 0, &err), 0);
    }
    outis_dp_cost ask = {0.2, 0, 0};
    assert_int_equal(outis_ledger_check(l, DS, "default", &ask, &err), OUTIS_ELIMIT);
    assert_string_equal(err.message, "budget exceeded: spent epsilon 0.9 of 1, this release "
                                     "needs 0.2");
    ask.epsilon = 0.1;
    assert_int_equal(outis_ledger_check(l, DS, "default", &ask, &err), 0); /* records nothing */
    assert_int_equal(charge(l, 0.2, 0, 0, &err), OUTIS_ELIMIT);
    assert_string_equal(err.message, "budget exceeded: spent epsilon 0.9 of 1, this release "
                                     "needs 0.2");
    outis_budget b = get_ok(l, DS, "default");
    assert_int_equal(b.releases, 3);
    assert_near(b.epsilon_spent, 0.9, 1e-12);
    outis_dp_cost c = {0.1, 0, 0};
    assert_int_equal(outis_ledger_charge(&after, l, DS, "default", &c, "last", &err), 0);
    assert_int_equal(after.releases, 4);
    assert_near(after.epsilon_spent, 1.0, 1e-12);
    b = get_ok(l, DS, "default");
    assert_int_equal(b.releases, 4);
    assert_true(b.epsilon_spent == after.epsilon_spent);
    assert_int_equal(charge(l, 1e-6, 0, 0, &err), OUTIS_ELIMIT);
    assert_int_equal(charge(l, 0, 0, 0, &err), 0); /* a free release is still logged */
    assert_int_equal(get_ok(l, DS, "default").releases, 5);
    outis_ledger_close(l);
}

/* Two Gaussian releases of rho 0.05 under delta 1e-5: converted once, 1.9142, not twice
 * 1.3081 = 2.6162. */
static void test_rho_composition(void **state)
{
    fixture *f = *state;
    outis_ledger *l = open_ok(f->db);
    outis_error err;
    outis_budget after;
    outis_dp_cost c = {0, 0.05, 0};
    assert_int_equal(outis_ledger_set(l, DS, "default", 2, 1e-5, &err), 0);
    assert_int_equal(outis_ledger_charge(&after, l, DS, "default", &c, NULL, &err), 0);
    assert_near(after.epsilon_spent, 1.3081183429064382, 1e-8);
    assert_int_equal(outis_ledger_charge(&after, l, DS, "default", &c, NULL, &err), 0);
    assert_near(after.epsilon_spent, 1.914238832003598, 1e-8);
    assert_true(after.spent.rho == 0.1 && after.delta_spent == 1e-5);
    outis_budget b = get_ok(l, DS, "default");
    assert_near(b.epsilon_spent, 1.914238832003598, 1e-8);
    assert_true(b.epsilon_spent == dp_rho_to_eps(0.1, 1e-5));
    /* A third would need dp_rho_to_eps(0.15) = 2.37 > 2. */
    assert_int_equal(outis_ledger_charge(&after, l, DS, "default", &c, NULL, &err), OUTIS_ELIMIT);
    assert_non_null(strstr(err.message, "spent epsilon 1.91424 of 2"));
    /* A budget without delta takes no rho at all. */
    assert_int_equal(outis_ledger_set(l, DS, "pure", 100, 0, &err), 0);
    assert_int_equal(outis_ledger_charge(NULL, l, DS, "pure", &c, NULL, &err), OUTIS_ELIMIT);
    assert_non_null(strstr(err.message, "needs rho 0.05"));
    outis_ledger_close(l);
}

/* Partition selection's delta comes off what converts rho. */
static void test_delta_accounting(void **state)
{
    fixture *f = *state;
    outis_ledger *l = open_ok(f->db);
    outis_error err;
    assert_int_equal(outis_ledger_set(l, DS, "default", 10, 1e-5, &err), 0);
    assert_int_equal(charge(l, 1, 0, 4e-6, &err), 0);
    outis_budget b = get_ok(l, DS, "default");
    assert_true(b.epsilon_spent == 1 && b.delta_spent == 4e-6);
    assert_int_equal(charge(l, 0, 0.5, 0, &err), 0); /* converted at 6e-6 */
    b = get_ok(l, DS, "default");
    assert_near(b.epsilon_spent, 1 + dp_rho_to_eps(0.5, 6e-6), 1e-12);
    assert_true(b.delta_spent == 1e-5);
    assert_int_equal(charge(l, 0, 0, 5e-6, &err), 0); /* now at 1e-6: 1 + 5.2215 */
    b = get_ok(l, DS, "default");
    assert_near(b.epsilon_spent, 1 + 5.221534444530169, 1e-6);
    assert_near(b.spent.delta, 9e-6, 1e-18);
    assert_int_equal(charge(l, 0, 0, 2e-6, &err), OUTIS_ELIMIT);
    assert_string_equal(err.message, "budget exceeded: spent delta 9e-06 of 1e-05, this release "
                                     "needs 2e-06");
    assert_int_equal(charge(l, 0, 0, 1e-6, &err), OUTIS_ELIMIT); /* nothing left for rho */
    assert_int_equal(get_ok(l, DS, "default").releases, 3);
    outis_ledger_close(l);
}

static int query_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void test_reset(void **state)
{
    fixture *f = *state;
    outis_ledger *l = open_ok(f->db);
    outis_error err;
    assert_int_equal(outis_ledger_set(l, DS, "default", 3, 1e-5, &err), 0);
    assert_int_equal(outis_ledger_set(l, DS, "other", 1, 0, &err), 0);
    assert_int_equal(charge(l, 0.5, 0.01, 1e-6, &err), 0);
    assert_int_equal(charge(l, 0.25, 0, 0, &err), 0);
    outis_dp_cost c = {0.5, 0, 0};
    assert_int_equal(outis_ledger_charge(NULL, l, DS, "other", &c, NULL, &err), 0);
    assert_int_equal(outis_ledger_reset(l, DS, "default", &err), 0);
    outis_budget b = get_ok(l, DS, "default");
    assert_true(b.epsilon == 3 && b.delta == 1e-5);
    assert_true(b.spent.epsilon == 0 && b.spent.rho == 0 && b.spent.delta == 0);
    assert_true(b.epsilon_spent == 0 && b.delta_spent == 0);
    assert_int_equal(b.releases, 0);
    assert_true(get_ok(l, DS, "other").epsilon_spent == 0.5); /* untouched */
    assert_int_equal(charge(l, 3, 0, 0, &err), 0);            /* the whole budget again */
    outis_ledger_close(l);

    /* The audit trail: the releases are kept and point at the reset that forgot them. */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(query_int(db, "SELECT count(*) FROM \"release\""), 4);
    assert_int_equal(query_int(db, "SELECT count(*) FROM \"release\" WHERE reset_id = 1"), 2);
    assert_int_equal(query_int(db, "SELECT releases FROM reset WHERE id = 1"), 2);
    assert_int_equal(query_int(db, "SELECT epsilon * 100 FROM reset WHERE id = 1"), 75);
    sqlite3_close(db);
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static void expect_open_error(const char *path, int code, const char *message)
{
    outis_ledger *l = (outis_ledger *)&l; /* must come back NULL */
    outis_error err;
    int rc = outis_ledger_open(&l, path, &err);
    if (rc != code || strstr(err.message, message) == NULL) {
        print_error("rc %d: %s\n", rc, err.message);
    }
    assert_int_equal(rc, code);
    assert_null(l);
    assert_non_null(strstr(err.message, message));
    assert_string_equal(err.source, path);
}

static void test_not_a_ledger(void **state)
{
    fixture *f = *state;
    write_file(f->db, "hello\n", 6);
    expect_open_error(f->db, OUTIS_EPARSE, "not an outis ledger");

    /* Someone else's database: refused, and left in its journal mode. */
    char other[128];
    snprintf(other, sizeof other, "%s/other.db", f->dir);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(other, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    expect_open_error(other, OUTIS_EPARSE, "not an outis ledger");
    assert_int_equal(sqlite3_open(other, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "delete");
    sqlite3_finalize(st);
    /* Ours, but from a newer outis. */
    assert_int_equal(sqlite3_exec(db, "DROP TABLE t", NULL, NULL, NULL), SQLITE_OK);
    outis_ledger *l = open_ok(other);
    outis_ledger_close(l);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 2", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    expect_open_error(other, OUTIS_EPARSE, "newer");

    char missing[128];
    snprintf(missing, sizeof missing, "%s/no/such/dir/l.db", f->dir);
    expect_open_error(missing, OUTIS_EIO, "cannot use the ledger");
    /* An empty file is an empty database: it becomes a ledger. */
    char empty[128];
    snprintf(empty, sizeof empty, "%s/empty.db", f->dir);
    write_file(empty, "", 0);
    outis_ledger_close(open_ok(empty));
}

static void test_corrupt(void **state)
{
    fixture *f = *state;
    outis_ledger *l = open_ok(f->db);
    outis_error err;
    assert_int_equal(outis_ledger_set(l, DS, "default", 1, 0, &err), 0);
    outis_ledger_close(l); /* the last connection checkpoints the WAL into the file */
    /* Page 2 (the budget table's root) overwritten with 0xff. */
    int fd = open(f->db, O_WRONLY);
    assert_true(fd >= 0);
    unsigned char junk[4096];
    memset(junk, 0xff, sizeof junk);
    assert_int_equal(pwrite(fd, junk, sizeof junk, 4096), (ssize_t)sizeof junk);
    close(fd);
    expect_open_error(f->db, OUTIS_EPARSE, "ledger is corrupt");
}

static void test_locked(void **state)
{
    fixture *f = *state;
    setenv("OUTIS_LEDGER_TIMEOUT_MS", "100", 1);
    outis_ledger *l = open_ok(f->db);
    outis_error err;
    assert_int_equal(outis_ledger_set(l, DS, "default", 1, 0, &err), 0);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(charge(l, 0.1, 0, 0, &err), OUTIS_EBUSY);
    assert_string_equal(err.message, "ledger is locked by another process");
    assert_string_equal(err.source, f->db);
    assert_int_equal(outis_ledger_set(l, DS, "default", 2, 0, &err), OUTIS_EBUSY);
    assert_int_equal(outis_ledger_reset(l, DS, "default", &err), OUTIS_EBUSY);
    /* WAL: readers go on while a writer holds the lock. */
    assert_int_equal(get_ok(l, DS, "default").releases, 0);
    outis_ledger *l2 = open_ok(f->db);
    assert_int_equal(
        outis_ledger_charge(NULL, l2, DS, "default", &(outis_dp_cost){0.1, 0, 0}, NULL, &err),
        OUTIS_EBUSY);
    assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(charge(l, 0.1, 0, 0, &err), 0);
    assert_int_equal(get_ok(l2, DS, "default").releases, 1);
    outis_ledger_close(l2);
    outis_ledger_close(l);
    unsetenv("OUTIS_LEDGER_TIMEOUT_MS");
}

/* 8 processes start at once, each tries 3 charges of 0.1 against a total of 1: exactly 10
 * succeed. Each child exits with its number of successes (100 on any other error). */
static void test_concurrent(void **state)
{
    fixture *f = *state;
    outis_ledger *l = open_ok(f->db);
    outis_error err;
    assert_int_equal(outis_ledger_set(l, DS, "default", 1, 0, &err), 0);
    outis_ledger_close(l);
    int go[2];
    assert_int_equal(pipe(go), 0);
    pid_t pids[8];
    for (int i = 0; i < 8; i++) {
        pids[i] = fork();
        assert_true(pids[i] >= 0);
        if (pids[i] == 0) {
            char c;
            close(go[1]);
            while (read(go[0], &c, 1) < 0 && errno == EINTR) {
            }
            outis_ledger *cl = NULL;
            if (outis_ledger_open(&cl, f->db, NULL) != 0) {
                _exit(100);
            }
            int ok = 0;
            for (int k = 0; k < 3; k++) {
                int rc = charge(cl, 0.1, 0, 0, NULL);
                if (rc == 0) {
                    ok++;
                } else if (rc != OUTIS_ELIMIT) {
                    _exit(100);
                }
            }
            outis_ledger_close(cl);
            _exit(ok);
        }
    }
    close(go[0]);
    close(go[1]); /* everyone reads EOF at once */
    int total = 0;
    for (int i = 0; i < 8; i++) {
        int status;
        assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
        assert_true(WIFEXITED(status));
        assert_true(WEXITSTATUS(status) <= 3);
        total += WEXITSTATUS(status);
    }
    assert_int_equal(total, 10);
    l = open_ok(f->db);
    outis_budget b = get_ok(l, DS, "default");
    assert_int_equal(b.releases, 10);
    assert_near(b.epsilon_spent, 1.0, 1e-9);
    outis_ledger_close(l);
}

#define KILLS 200

/* A child charging in a loop; after each charge that returned 0 it writes the charge's
 * number to the pipe. Its descriptions are "c<child> s<number>". */
static void crash_child(const char *db, int child, int out)
{
    outis_ledger *l = NULL;
    if (outis_ledger_open(&l, db, NULL) != 0) {
        _exit(2);
    }
    for (int32_t seq = 0;; seq++) {
        char desc[32];
        snprintf(desc, sizeof desc, "c%d s%d", child, (int)seq);
        outis_dp_cost c = {1e-3, 0, 0};
        if (outis_ledger_charge(NULL, l, DS, "default", &c, desc, NULL) != 0) {
            _exit(3);
        }
        if (write(out, &seq, sizeof seq) != (ssize_t)sizeof seq) {
            _exit(4);
        }
    }
}

/* Reads every charge number a dead child reported; they must be 0, 1, 2, ... */
static int32_t reported(int in)
{
    int32_t n = 0, seq;
    ssize_t r;
    while ((r = read(in, &seq, sizeof seq)) == (ssize_t)sizeof seq) {
        assert_int_equal(seq, n);
        n++;
    }
    assert_int_equal(r, 0);
    return n;
}

/* Processes SIGKILLed at random moments (while opening, mid-transaction, between charges):
 * afterwards the ledger is intact, holds every charge a child was told was recorded, and at
 * most one more per child (the one in flight when it died). */
static void test_crash(void **state)
{
    fixture *f = *state;
    outis_ledger *l = open_ok(f->db);
    outis_error err;
    assert_int_equal(outis_ledger_set(l, DS, "default", 1e9, 0, &err), 0);
    outis_ledger_close(l);
    static int32_t told[KILLS];
    uint64_t rng = 20240611;
    int64_t total_told = 0;
    for (int i = 0; i < KILLS; i++) {
        int p[2];
        assert_int_equal(pipe(p), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(p[0]);
            crash_child(f->db, i, p[1]);
        }
        close(p[1]);
        usleep((useconds_t)(test_rng(&rng) % 30000));
        kill(pid, SIGKILL);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (!WIFSIGNALED(status)) {
            print_error("child %d exited with %d\n", i, WEXITSTATUS(status));
        }
        assert_true(WIFSIGNALED(status));
        told[i] = reported(p[0]);
        total_told += told[i];
        close(p[0]);
    }
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    static int32_t found[KILLS], extra[KILLS];
    memset(found, 0, sizeof found);
    memset(extra, 0, sizeof extra);
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT description FROM \"release\" ORDER BY id", -1, &st, NULL),
        SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int child, seq;
        const char *d = (const char *)sqlite3_column_text(st, 0);
        assert_int_equal(sscanf(d, "c%d s%d", &child, &seq), 2);
        assert_true(child >= 0 && child < KILLS);
        /* In order, each once: the next row of a child is its next number. */
        assert_int_equal(seq, found[child] + extra[child]);
        if (seq < told[child]) {
            found[child]++;
        } else {
            extra[child]++;
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    int in_flight = 0;
    for (int i = 0; i < KILLS; i++) {
        assert_int_equal(found[i], told[i]); /* nothing reported was lost */
        assert_true(extra[i] <= 1);
        in_flight += extra[i];
    }
    print_message("crash: %lld charges reported by %d killed children, %d committed but "
                  "unreported\n",
                  (long long)total_told, KILLS, in_flight);
    assert_true(total_told > 0); /* the kills did not all land before the first charge */
    l = open_ok(f->db);
    assert_int_equal(get_ok(l, DS, "default").releases, (uint64_t)(total_told + in_flight));
    outis_ledger_close(l);
}

/* ---- outis_dataset_id ---- */

/* Expected values from xxHash's own tool, xxhsum 0.8.1 (Debian package xxhash):
 *   xxhsum -H2 tests/data/small.csv                        1218b8c2e02a7d7894b5b31492a004ae
 *   xxhsum -H2 /dev/null                                   99aa06d3014798d86001c324468d497f
 *   python3 -c "import sys; sys.stdout.buffer.write(bytes((i * 31) % 251
 *       for i in range(3*2**20+17)))" | xxhsum -H2         ef86916c6b7c10a6a9a0c6d857b41caa
 * The last one is 3 MiB + 17 bytes, so it crosses the 1 MiB read buffer. */
static void test_dataset_id(void **state)
{
    fixture *f = *state;
    char id[33];
    outis_error err;
    assert_int_equal(outis_dataset_id(id, OUTIS_TEST_DATA "/small.csv", &err), 0);
    assert_string_equal(id, "1218b8c2e02a7d7894b5b31492a004ae");
    char path[128];
    snprintf(path, sizeof path, "%s/empty", f->dir);
    write_file(path, "", 0);
    assert_int_equal(outis_dataset_id(id, path, &err), 0);
    assert_string_equal(id, "99aa06d3014798d86001c324468d497f");
    size_t n = 3 * (1u << 20) + 17;
    unsigned char *big = malloc(n);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++) {
        big[i] = (unsigned char)((i * 31) % 251);
    }
    snprintf(path, sizeof path, "%s/big", f->dir);
    write_file(path, big, n);
    free(big);
    assert_int_equal(outis_dataset_id(id, path, &err), 0);
    assert_string_equal(id, "ef86916c6b7c10a6a9a0c6d857b41caa");
    /* Over 64 MiB: the hash of the chunks' hashes and the little-endian size, checked with
     * xxhsum alone: d1=$(head -c 67108864 F | xxhsum -H2), d2=$(tail -c 100 F | xxhsum -H2),
     * then xxhsum -H2 of the bytes d1 || d2 || le64(67108964). */
    n = ((size_t)64 << 20) + 100;
    big = malloc(n);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++) {
        big[i] = (unsigned char)((i * 31) % 251);
    }
    write_file(path, big, n);
    free(big);
    assert_int_equal(outis_dataset_id(id, path, &err), 0);
    assert_string_equal(id, "34f2f10f65202a8ac290e7389cf35d91");
    snprintf(path, sizeof path, "%s/missing.csv", f->dir);
    assert_int_equal(outis_dataset_id(id, path, &err), OUTIS_EIO);
    assert_string_equal(err.source, path);
    assert_non_null(strstr(err.message, "No such file"));
    assert_int_equal(outis_dataset_id(id, f->dir, &err), OUTIS_EIO); /* a directory */
}

/* The ledger remembers a file's id by path, inode, size and times; any write to the file
 * (here one of the same size, with its modification time put back) makes it hashed again,
 * because the change time moved. */
static void test_dataset_id_remembered(void **state)
{
    fixture *f = *state;
    outis_ledger *l = open_ok(f->db);
    char path[128], a[33], b[33], c[33];
    outis_error err;
    snprintf(path, sizeof path, "%s/data.csv", f->dir);
    write_file(path, "x\n1\n", 4);
    assert_int_equal(outis_ledger_dataset_id(a, l, path, &err), 0);
    assert_int_equal(outis_dataset_id(b, path, &err), 0);
    assert_string_equal(a, b);
    assert_int_equal(outis_ledger_dataset_id(c, l, path, &err), 0); /* from the record */
    assert_string_equal(c, b);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    usleep(20000); /* a later change time on file systems with coarse clocks */
    write_file(path, "x\n2\n", 4);
    const struct timespec times[2] = {st.st_atim, st.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
    assert_int_equal(outis_ledger_dataset_id(c, l, path, &err), 0);
    assert_int_equal(outis_dataset_id(b, path, &err), 0);
    assert_string_equal(c, b);
    assert_string_not_equal(c, a);
    snprintf(path, sizeof path, "%s/absent.csv", f->dir);
    assert_int_equal(outis_ledger_dataset_id(c, l, path, &err), OUTIS_EIO);
    outis_ledger_close(l);
}

/* Out of memory at each of the ledger's own allocations (SQLite allocates on its own):
 * OUTIS_ENOMEM, and nothing leaks (LeakSanitizer). Sanitizer build only. */
static void test_alloc_fails_cleanly(void **state)
{
#ifdef OUTIS_ALLOC_TESTING
    fixture *f = *state;
    size_t n = 1;
    for (; n < 100; n++) {
        ou_alloc_fail_at(n);
        outis_ledger *l = NULL;
        outis_error err;
        char id[33];
        int rc = outis_ledger_open(&l, f->db, &err);
        if (rc < 0) {
            assert_null(l);
        } else {
            rc = outis_dataset_id(id, OUTIS_TEST_DATA "/small.csv", &err);
            outis_ledger_close(l);
        }
        if (rc == 0) {
            break;
        }
        assert_int_equal(rc, OUTIS_ENOMEM);
        assert_string_equal(err.message, "out of memory");
    }
    ou_alloc_fail_at(0);
    assert_true(n > 2 && n < 100);
#else
    (void)state;
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rho_to_eps),
        cmocka_unit_test(test_eps_to_rho),
        cmocka_unit_test(test_spent_epsilon),
        cmocka_unit_test(test_budget_allows),
        cmocka_unit_test_setup_teardown(test_set_get_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_boundary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rho_composition, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delta_accounting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_ledger, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_locked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dataset_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dataset_id_remembered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alloc_fails_cleanly, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
