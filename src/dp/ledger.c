/* ledger.c - the privacy budget ledger (outis_ledger_* in outis/dp.h): an SQLite database
 * that holds each dataset's total budget and one row per release, so that what was spent
 * survives crashes and is shared safely by concurrent processes. Each charge is one
 * BEGIN IMMEDIATE transaction that reads, checks (account.c) and writes; WAL mode with
 * synchronous=FULL makes a returned charge durable. It also remembers the dataset ids of
 * files (outis_ledger_dataset_id), so that a file is hashed again only when it changed. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "outis/dp.h"

#include "account.h"
#include "util/alloc.h"
#include "util/error_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* PRAGMA application_id: "outi". A database without it is not ours. */
#define LEDGER_APPLICATION_ID 0x6f757469
/* PRAGMA user_version: the schema below. */
#define LEDGER_VERSION 1
#define LEDGER_TIMEOUT_MS 10000

/* The schema. A reset does not delete releases: it records what was forgotten in `reset`
 * and points the releases at that row, so the ledger keeps the whole history for audit.
 * What a budget has spent is the sum over its releases whose reset_id is NULL. Times are
 * UTC, ISO 8601. */
static const char schema_sql[] =
    "CREATE TABLE budget ("
    " dataset TEXT NOT NULL, label TEXT NOT NULL,"
    " epsilon REAL NOT NULL CHECK (epsilon > 0), delta REAL NOT NULL CHECK (delta >= 0),"
    " created TEXT NOT NULL, updated TEXT NOT NULL,"
    " PRIMARY KEY (dataset, label));"
    "CREATE TABLE reset ("
    " id INTEGER PRIMARY KEY, dataset TEXT NOT NULL, label TEXT NOT NULL, time TEXT NOT NULL,"
    " releases INTEGER NOT NULL, epsilon REAL NOT NULL, rho REAL NOT NULL,"
    " delta REAL NOT NULL);"
    "CREATE TABLE \"release\" ("
    " id INTEGER PRIMARY KEY, dataset TEXT NOT NULL, label TEXT NOT NULL, time TEXT NOT NULL,"
    " epsilon REAL NOT NULL, rho REAL NOT NULL, delta REAL NOT NULL, description TEXT,"
    " reset_id INTEGER REFERENCES reset (id));"
    "CREATE INDEX release_open ON \"release\" (dataset, label) WHERE reset_id IS NULL;"
    "CREATE TABLE file_id ("
    " path TEXT PRIMARY KEY, device INTEGER NOT NULL, inode INTEGER NOT NULL,"
    " size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL,"
    " id TEXT NOT NULL);";

#define NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

/* One row per budget with what its releases since the last reset add up to; a single
 * statement, so it reads one snapshot. */
#define BUDGET_SELECT                                                                              \
    "SELECT b.dataset, b.label, b.epsilon, b.delta, count(r.id), total(r.epsilon),"                \
    " total(r.rho), total(r.delta) FROM budget b LEFT JOIN \"release\" r"                          \
    " ON r.dataset = b.dataset AND r.label = b.label AND r.reset_id IS NULL "

/* One SQLite connection. Processes share a ledger safely through SQLite's file locks; a
 * handle is for one thread at a time (open one per thread). */
struct outis_ledger {
    sqlite3 *db;
    char *path; /* the source of error messages */
};

/* Turns an SQLite result code into ours, with the file as the error's source. */
static int db_err(const outis_ledger *l, int rc, outis_error *err)
{
    const char *msg = sqlite3_errstr(rc);
    if (l->db != NULL && sqlite3_errcode(l->db) == rc) {
        msg = sqlite3_errmsg(l->db);
    }
    int code;
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        code = ou_err(err, OUTIS_EBUSY, "ledger is locked by another process");
        break;
    case SQLITE_NOMEM:
        return ou_nomem(err);
    case SQLITE_NOTADB:
        code = ou_err(err, OUTIS_EPARSE, "not an outis ledger (not an SQLite database)");
        break;
    case SQLITE_CORRUPT:
        code = ou_err(err, OUTIS_EPARSE, "ledger is corrupt: %s", msg);
        break;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        code = ou_err(err, OUTIS_EIO, "cannot use the ledger: %s", msg);
        break;
    default:
        code = ou_err(err, OUTIS_EINTERNAL, "ledger: %s", msg);
        break;
    }
    ou_err_source(err, l->path);
    return code;
}

static int exec(outis_ledger *l, const char *sql, outis_error *err)
{
    int rc = sqlite3_exec(l->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : db_err(l, rc, err);
}

/* Ends a transaction that failed, if one is open; keeps the first error. */
static void rollback(outis_ledger *l)
{
    if (!sqlite3_get_autocommit(l->db)) {
        sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
    }
}

static int prepare(sqlite3_stmt **st, outis_ledger *l, const char *sql, outis_error *err)
{
    int rc = sqlite3_prepare_v2(l->db, sql, -1, st, NULL);
    return rc == SQLITE_OK ? 0 : db_err(l, rc, err);
}

/* Binds ?1 = dataset and ?2 = label. */
static int bind_key(sqlite3_stmt *st, outis_ledger *l, const char *dataset, const char *label,
                    outis_error *err)
{
    int rc = sqlite3_bind_text(st, 1, dataset, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) {
        rc = sqlite3_bind_text(st, 2, label, -1, SQLITE_STATIC);
    }
    return rc == SQLITE_OK ? 0 : db_err(l, rc, err);
}

/* Runs a statement that returns one integer (a PRAGMA or a count). */
static int query_int(int *out, outis_ledger *l, const char *sql, outis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, l, sql, err);
    if (rc < 0) {
        return rc;
    }
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        *out = sqlite3_column_int(st, 0);
        rc = 0;
    } else {
        rc = db_err(l, s == SQLITE_DONE ? SQLITE_INTERNAL : s, err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* The timeout for a locked ledger: OUTIS_LEDGER_TIMEOUT_MS (tests shorten it) or 10 s. */
static int timeout_ms(void)
{
    const char *s = getenv("OUTIS_LEDGER_TIMEOUT_MS");
    if (s != NULL && *s != '\0') {
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (*end == '\0' && errno == 0 && v >= 0 && v <= INT_MAX) {
            return (int)v;
        }
    }
    return LEDGER_TIMEOUT_MS;
}

/* PRAGMA quick_check: O(size) and catches most damage without reading every index. */
static int quick_check(outis_ledger *l, outis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, l, "PRAGMA quick_check(1)", err);
    if (rc < 0) {
        return rc;
    }
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        const char *r = (const char *)sqlite3_column_text(st, 0);
        if (r == NULL || strcmp(r, "ok") != 0) {
            rc = ou_err(err, OUTIS_EPARSE, "ledger is corrupt: %s", r ? r : "quick_check failed");
            for (char *p = err ? err->message : NULL; p != NULL && *p != '\0'; p++) {
                *p = *p == '\n' ? ' ' : *p; /* a message is one line */
            }
            ou_err_source(err, l->path);
        }
    } else {
        rc = db_err(l, s == SQLITE_DONE ? SQLITE_CORRUPT : s, err);
    }
    sqlite3_finalize(st);
    return rc;
}

enum { LEDGER_OURS = 0, LEDGER_EMPTY = 1 };

/* Whether the database is ours, empty (a new file) or neither (an error). */
static int identify(outis_ledger *l, outis_error *err)
{
    int app = 0, version = 0, objects = 0, rc;
    if ((rc = query_int(&app, l, "PRAGMA application_id", err)) < 0 ||
        (rc = query_int(&version, l, "PRAGMA user_version", err)) < 0 ||
        (rc = query_int(&objects, l, "SELECT count(*) FROM sqlite_master", err)) < 0) {
        return rc;
    }
    if (app == 0 && version == 0 && objects == 0) {
        return LEDGER_EMPTY;
    }
    if (app == LEDGER_APPLICATION_ID && version > LEDGER_VERSION) {
        rc = ou_err(err, OUTIS_EPARSE, "ledger format %d is newer than this outis reads (%d)",
                    version, LEDGER_VERSION);
    } else if (app != LEDGER_APPLICATION_ID || version != LEDGER_VERSION) {
        rc = ou_err(err, OUTIS_EPARSE, "not an outis ledger");
    } else {
        return LEDGER_OURS;
    }
    ou_err_source(err, l->path);
    return rc;
}

/* Creates the schema unless another process did it first (checked again under the lock). */
static int create_schema(outis_ledger *l, outis_error *err)
{
    char pragmas[96];
    snprintf(pragmas, sizeof pragmas, "PRAGMA application_id = %d; PRAGMA user_version = %d",
             LEDGER_APPLICATION_ID, LEDGER_VERSION);
    int rc = exec(l, "BEGIN IMMEDIATE", err);
    if (rc < 0) {
        return rc;
    }
    rc = identify(l, err);
    if (rc == LEDGER_EMPTY) {
        if ((rc = exec(l, schema_sql, err)) == 0 && (rc = exec(l, pragmas, err)) == 0) {
            rc = exec(l, "COMMIT", err);
        }
    } else if (rc == LEDGER_OURS) {
        rc = exec(l, "COMMIT", err);
    }
    if (rc < 0) {
        rollback(l);
    }
    return rc;
}

/* Checks the file and brings it to our settings. The journal mode is changed only once the
 * file is known to be ours: a foreign database is refused untouched. */
static int ledger_init(outis_ledger *l, outis_error *err)
{
    int kind = identify(l, err), rc;
    if (kind < 0) {
        return kind;
    }
    if ((rc = quick_check(l, err)) < 0) {
        return rc;
    }
    if ((rc = exec(l, "PRAGMA journal_mode = WAL", err)) < 0) {
        return rc;
    }
    if (kind == LEDGER_EMPTY) {
        rc = create_schema(l, err);
    } else { /* ledgers made before the table existed (same version: it is only a cache) */
        rc = exec(l,
                  "CREATE TABLE IF NOT EXISTS file_id ("
                  " path TEXT PRIMARY KEY, device INTEGER NOT NULL, inode INTEGER NOT NULL,"
                  " size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL,"
                  " id TEXT NOT NULL)",
                  err);
    }
    if (rc < 0) {
        return rc;
    }
    /* Per connection: each commit is on disk before COMMIT returns. */
    return exec(l, "PRAGMA synchronous = FULL", err);
}

OUTIS_API int outis_ledger_open(outis_ledger **out, const char *path, outis_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    if (out == NULL || path == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no output or path given");
    }
    *out = NULL;
    outis_ledger *l = ou_calloc(1, sizeof *l);
    if (l == NULL || (l->path = ou_strndup(path, strlen(path))) == NULL) {
        ou_free(l);
        return ou_nomem(err);
    }
    int rc = sqlite3_open_v2(path, &l->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        rc = l->db == NULL ? ou_nomem(err) : db_err(l, rc, err);
    } else {
        sqlite3_busy_timeout(l->db, timeout_ms());
        rc = ledger_init(l, err);
    }
    if (rc < 0) {
        outis_ledger_close(l);
        return rc;
    }
    *out = l;
    return 0;
}

OUTIS_API void outis_ledger_close(outis_ledger *ledger)
{
    if (ledger == NULL) {
        return;
    }
    sqlite3_close(ledger->db);
    ou_free(ledger->path);
    ou_free(ledger);
}

/* Checks the arguments every budget call takes. */
static int check_key(const outis_ledger *l, const char *dataset, const char *label,
                     outis_error *err)
{
    if (l == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no ledger given");
    }
    if (dataset == NULL || *dataset == '\0' || label == NULL || *label == '\0') {
        return ou_err(err, OUTIS_EINVAL, "a budget needs a dataset and a label");
    }
    return 0;
}

/* Fills a budget from a BUDGET_SELECT row. */
static void budget_from_row(outis_budget *b, sqlite3_stmt *st)
{
    memset(b, 0, sizeof *b);
    b->epsilon = sqlite3_column_double(st, 2);
    b->delta = sqlite3_column_double(st, 3);
    b->releases = (uint64_t)sqlite3_column_int64(st, 4);
    b->spent.epsilon = sqlite3_column_double(st, 5);
    b->spent.rho = sqlite3_column_double(st, 6);
    b->spent.delta = sqlite3_column_double(st, 7);
    b->epsilon_spent = dp_spent_epsilon(&b->spent, b->delta, &b->delta_spent);
}

/* The budget of (dataset, label): 0, OUTIS_ENOTFOUND or an error. */
static int read_budget(outis_budget *out, outis_ledger *l, const char *dataset, const char *label,
                       outis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, l,
                     BUDGET_SELECT "WHERE b.dataset = ?1 AND b.label = ?2 "
                                   "GROUP BY b.dataset, b.label",
                     err);
    if (rc == 0 && (rc = bind_key(st, l, dataset, label, err)) == 0) {
        int s = sqlite3_step(st);
        if (s == SQLITE_ROW) {
            budget_from_row(out, st);
        } else if (s == SQLITE_DONE) {
            rc = ou_err(err, OUTIS_ENOTFOUND, "no budget set for this dataset");
        } else {
            rc = db_err(l, s, err);
        }
    }
    sqlite3_finalize(st);
    return rc;
}

OUTIS_API int outis_ledger_set(outis_ledger *ledger, const char *dataset, const char *label,
                               double epsilon, double delta, outis_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    int rc = check_key(ledger, dataset, label, err);
    if (rc < 0) {
        return rc;
    }
    if (!(epsilon > 0 && isfinite(epsilon))) {
        return ou_err(err, OUTIS_EINVAL, "epsilon must be a finite number > 0");
    }
    if (!(delta >= 0 && delta < 1)) {
        return ou_err(err, OUTIS_EINVAL, "delta must be in [0, 1)");
    }
    sqlite3_stmt *st = NULL;
    rc = prepare(&st, ledger,
                 "INSERT INTO budget (dataset, label, epsilon, delta, created, updated)"
                 " VALUES (?1, ?2, ?3, ?4, " NOW ", " NOW ")"
                 " ON CONFLICT (dataset, label) DO UPDATE SET epsilon = excluded.epsilon,"
                 " delta = excluded.delta, updated = excluded.updated",
                 err);
    if (rc == 0 && (rc = bind_key(st, ledger, dataset, label, err)) == 0) {
        int s = sqlite3_bind_double(st, 3, epsilon);
        s = s == SQLITE_OK ? sqlite3_bind_double(st, 4, delta) : s;
        s = s == SQLITE_OK ? sqlite3_step(st) : s;
        rc = s == SQLITE_DONE ? 0 : db_err(ledger, s, err);
    }
    sqlite3_finalize(st);
    return rc;
}

OUTIS_API int outis_ledger_get(outis_budget *out, outis_ledger *ledger, const char *dataset,
                               const char *label, outis_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    int rc = check_key(ledger, dataset, label, err);
    if (rc == 0 && out == NULL) {
        rc = ou_err(err, OUTIS_EINVAL, "no output given");
    }
    return rc < 0 ? rc : read_budget(out, ledger, dataset, label, err);
}

/* OUTIS_ELIMIT with what was spent, what the release needs and the total, in the unit that
 * ran out. */
static int refuse(const outis_budget *b, const outis_dp_cost *cost, const outis_dp_cost *next,
                  outis_error *err)
{
    if (!(next->delta <= b->delta * (1 + DP_BUDGET_SLACK))) {
        return ou_err(err, OUTIS_ELIMIT,
                      "budget exceeded: spent delta %g of %g, this release needs %g",
                      b->spent.delta, b->delta, cost->delta);
    }
    if (next->rho > 0 && !(b->delta - next->delta > 0)) {
        return ou_err(err, OUTIS_ELIMIT,
                      "budget exceeded: this release needs rho %g, which needs delta left "
                      "to convert it, but %g of delta %g is spent",
                      cost->rho, next->delta, b->delta);
    }
    double after = dp_spent_epsilon(next, b->delta, NULL);
    return ou_err(err, OUTIS_ELIMIT,
                  "budget exceeded: spent epsilon %g of %g, this release needs %g",
                  b->epsilon_spent, b->epsilon, after - b->epsilon_spent);
}

static int insert_release(outis_ledger *l, const char *dataset, const char *label,
                          const outis_dp_cost *cost, const char *description, outis_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, l,
                     "INSERT INTO \"release\" (dataset, label, time, epsilon, rho, delta,"
                     " description) VALUES (?1, ?2, " NOW ", ?3, ?4, ?5, ?6)",
                     err);
    if (rc == 0 && (rc = bind_key(st, l, dataset, label, err)) == 0) {
        int s = sqlite3_bind_double(st, 3, cost->epsilon);
        s = s == SQLITE_OK ? sqlite3_bind_double(st, 4, cost->rho) : s;
        s = s == SQLITE_OK ? sqlite3_bind_double(st, 5, cost->delta) : s;
        s = s == SQLITE_OK ? sqlite3_bind_text(st, 6, description, -1, SQLITE_STATIC) : s;
        s = s == SQLITE_OK ? sqlite3_step(st) : s;
        rc = s == SQLITE_DONE ? 0 : db_err(l, s, err);
    }
    sqlite3_finalize(st);
    return rc;
}

static int valid_cost(const outis_dp_cost *c)
{
    return c->epsilon >= 0 && c->rho >= 0 && c->delta >= 0 && isfinite(c->epsilon) &&
           isfinite(c->rho) && c->delta < 1;
}

/* The checks of a charge and of its dry run, before the ledger is read. */
static int check_request(outis_ledger *ledger, const char *dataset, const char *label,
                         const outis_dp_cost *cost, outis_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    const int rc = check_key(ledger, dataset, label, err);
    if (rc < 0) {
        return rc;
    }
    if (cost == NULL || !valid_cost(cost)) {
        return ou_err(err, OUTIS_EINVAL,
                      "a release costs a finite epsilon >= 0, rho >= 0 and delta in [0, 1)");
    }
    return 0;
}

/* What the dataset will have spent once cost is charged. */
static outis_dp_cost spent_after(const outis_budget *b, const outis_dp_cost *cost)
{
    const outis_dp_cost next = {b->spent.epsilon + cost->epsilon, b->spent.rho + cost->rho,
                                b->spent.delta + cost->delta};
    return next;
}

/* Read, check and write under one write lock (BEGIN IMMEDIATE takes it before reading), so
 * two processes can never both see the same remaining budget. The charge counts once
 * COMMIT returns: with synchronous=FULL the WAL is on disk by then. */
OUTIS_API int outis_ledger_charge(outis_budget *after, outis_ledger *ledger, const char *dataset,
                                  const char *label, const outis_dp_cost *cost,
                                  const char *description, outis_error *err)
{
    int rc = check_request(ledger, dataset, label, cost, err);
    if (rc < 0) {
        return rc;
    }
    outis_budget b;
    if ((rc = exec(ledger, "BEGIN IMMEDIATE", err)) < 0) {
        return rc;
    }
    if ((rc = read_budget(&b, ledger, dataset, label, err)) < 0) {
        goto done;
    }
    const outis_dp_cost next = spent_after(&b, cost);
    if (!dp_budget_allows(b.epsilon, b.delta, &next)) {
        rc = refuse(&b, cost, &next, err);
        goto done;
    }
    if ((rc = insert_release(ledger, dataset, label, cost, description, err)) < 0 ||
        (rc = exec(ledger, "COMMIT", err)) < 0) {
        goto done;
    }
    if (after != NULL) {
        b.spent = next;
        b.releases++;
        b.epsilon_spent = dp_spent_epsilon(&b.spent, b.delta, &b.delta_spent);
        *after = b;
    }
done:
    if (rc < 0) {
        rollback(ledger);
    }
    return rc;
}

OUTIS_API int outis_ledger_check(outis_ledger *ledger, const char *dataset, const char *label,
                                 const outis_dp_cost *cost, outis_error *err)
{
    int rc = check_request(ledger, dataset, label, cost, err);
    if (rc < 0) {
        return rc;
    }
    outis_budget b;
    if ((rc = read_budget(&b, ledger, dataset, label, err)) < 0) { /* one statement: a snapshot */
        return rc;
    }
    const outis_dp_cost next = spent_after(&b, cost);
    return dp_budget_allows(b.epsilon, b.delta, &next) ? 0 : refuse(&b, cost, &next, err);
}

OUTIS_API int outis_ledger_reset(outis_ledger *ledger, const char *dataset, const char *label,
                                 outis_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    int rc = check_key(ledger, dataset, label, err);
    if (rc < 0) {
        return rc;
    }
    outis_budget b;
    sqlite3_stmt *st = NULL;
    if ((rc = exec(ledger, "BEGIN IMMEDIATE", err)) < 0) {
        return rc;
    }
    if ((rc = read_budget(&b, ledger, dataset, label, err)) < 0) {
        goto done;
    }
    /* Record what is forgotten, then point the releases at that record. */
    rc = prepare(&st, ledger,
                 "INSERT INTO reset (dataset, label, time, releases, epsilon, rho, delta)"
                 " SELECT ?1, ?2, " NOW ", count(*), total(epsilon), total(rho), total(delta)"
                 " FROM \"release\" WHERE dataset = ?1 AND label = ?2 AND reset_id IS NULL",
                 err);
    if (rc < 0 || (rc = bind_key(st, ledger, dataset, label, err)) < 0) {
        goto done;
    }
    int s = sqlite3_step(st);
    if (s != SQLITE_DONE) {
        rc = db_err(ledger, s, err);
        goto done;
    }
    sqlite3_finalize(st);
    st = NULL;
    rc = prepare(&st, ledger,
                 "UPDATE \"release\" SET reset_id = last_insert_rowid()"
                 " WHERE dataset = ?1 AND label = ?2 AND reset_id IS NULL",
                 err);
    if (rc < 0 || (rc = bind_key(st, ledger, dataset, label, err)) < 0) {
        goto done;
    }
    if ((s = sqlite3_step(st)) != SQLITE_DONE) {
        rc = db_err(ledger, s, err);
        goto done;
    }
    rc = exec(ledger, "COMMIT", err);
done:
    sqlite3_finalize(st);
    if (rc < 0) {
        rollback(ledger);
    }
    return rc;
}

OUTIS_API int outis_ledger_list(outis_ledger *ledger,
                                int (*fn)(const char *dataset, const char *label,
                                          const outis_budget *budget, void *payload),
                                void *payload, outis_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    if (ledger == NULL || fn == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no ledger or callback given");
    }
    sqlite3_stmt *st = NULL;
    int rc = prepare(&st, ledger,
                     BUDGET_SELECT "GROUP BY b.dataset, b.label ORDER BY b.dataset, b.label", err);
    while (rc == 0) {
        int s = sqlite3_step(st);
        if (s == SQLITE_DONE) {
            break;
        }
        if (s != SQLITE_ROW) {
            rc = db_err(ledger, s, err);
            break;
        }
        outis_budget b;
        budget_from_row(&b, st);
        rc = fn((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
                &b, payload);
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- dataset ids, remembered ---- */

typedef struct file_stamp {
    sqlite3_int64 device, inode, size, mtime_ns, ctime_ns;
} file_stamp;

/* Like git's index: a file whose device, inode, size, modification and change times are
 * those recorded has the recorded id. The change time cannot be set by a user, so any write
 * to the file, even one that restores its modification time, makes it be hashed again. */
static int stamp_of(file_stamp *s, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        return -1;
    }
    s->device = (sqlite3_int64)st.st_dev;
    s->inode = (sqlite3_int64)st.st_ino;
    s->size = (sqlite3_int64)st.st_size;
    s->mtime_ns = (sqlite3_int64)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    s->ctime_ns = (sqlite3_int64)st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec;
    return 0;
}

static int recorded_id(char out[33], outis_ledger *l, const char *key, const file_stamp *s)
{
    sqlite3_stmt *st = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(l->db,
                           "SELECT id FROM file_id WHERE path = ?1 AND device = ?2 AND inode = ?3"
                           " AND size = ?4 AND mtime_ns = ?5 AND ctime_ns = ?6",
                           -1, &st, NULL) != SQLITE_OK) {
        return 0;
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    const sqlite3_int64 v[5] = {s->device, s->inode, s->size, s->mtime_ns, s->ctime_ns};
    for (int i = 0; i < 5; i++) {
        sqlite3_bind_int64(st, i + 2, v[i]);
    }
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *id = sqlite3_column_text(st, 0);
        if (id != NULL && strlen((const char *)id) == 32) {
            memcpy(out, id, 33);
            found = 1;
        }
    }
    sqlite3_finalize(st);
    return found;
}

/* Best effort: a ledger that cannot record the id (locked, read-only) only loses time. */
static void record_id(outis_ledger *l, const char *key, const file_stamp *s, const char *id)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(l->db,
                           "INSERT OR REPLACE INTO file_id (path, device, inode, size, mtime_ns,"
                           " ctime_ns, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           -1, &st, NULL) != SQLITE_OK) {
        return;
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    const sqlite3_int64 v[5] = {s->device, s->inode, s->size, s->mtime_ns, s->ctime_ns};
    for (int i = 0; i < 5; i++) {
        sqlite3_bind_int64(st, i + 2, v[i]);
    }
    sqlite3_bind_text(st, 7, id, -1, SQLITE_STATIC);
    sqlite3_step(st);
    sqlite3_finalize(st);
}

OUTIS_API int outis_ledger_dataset_id(char out[33], outis_ledger *l, const char *path,
                                      outis_error *err)
{
    if (l == NULL || out == NULL || path == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no ledger, output or path given");
    }
    file_stamp before, after;
    char *key = realpath(path, NULL);
    if (key == NULL || stamp_of(&before, key) < 0) {
        free(key);
        return outis_dataset_id(out, path, err); /* it reports why the file cannot be read */
    }
    if (recorded_id(out, l, key, &before)) {
        free(key);
        return 0;
    }
    int rc = outis_dataset_id(out, key, err);
    /* a file that changed while it was hashed is not remembered */
    if (rc == 0 && stamp_of(&after, key) == 0 && memcmp(&before, &after, sizeof before) == 0) {
        record_id(l, key, &before, out);
    }
    free(key);
    return rc;
}
