/* ledger.c - the privacy budget ledger (outis_ledger_* in outis/dp.h): an SQLite database
 * that holds each dataset's total budget and one row per release, so that what was spent
 * survives crashes and is shared safely by concurrent processes. Each charge is one
 * BEGIN IMMEDIATE transaction that reads, checks (account.c) and writes; WAL mode with
 * synchronous=FULL makes a returned charge durable. Also outis_dataset_id. */
#include "outis/dp.h"

#include "account.h"
#include "util/alloc.h"
#include "util/parallel.h"
#include "util/error_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

/* PRAGMA application_id: "outi". A database without it is not ours. */
#define LEDGER_APPLICATION_ID 0x6f757469
/* PRAGMA user_version: the schema below. */
#define LEDGER_VERSION 1
#define LEDGER_TIMEOUT_MS 10000
#define ID_READ_BUFFER (1u << 20)
#define ID_MAP_WINDOW ((size_t)64 << 20) /* a multiple of any page size */

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
    "CREATE INDEX release_open ON \"release\" (dataset, label) WHERE reset_id IS NULL;";

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

/* Read, check and write under one write lock (BEGIN IMMEDIATE takes it before reading), so
 * two processes can never both see the same remaining budget. The charge counts once
 * COMMIT returns: with synchronous=FULL the WAL is on disk by then. */
OUTIS_API int outis_ledger_charge(outis_budget *after, outis_ledger *ledger, const char *dataset,
                                  const char *label, const outis_dp_cost *cost,
                                  const char *description, outis_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    int rc = check_key(ledger, dataset, label, err);
    if (rc < 0) {
        return rc;
    }
    if (cost == NULL || !valid_cost(cost)) {
        return ou_err(err, OUTIS_EINVAL,
                      "a release costs a finite epsilon >= 0, rho >= 0 "
                      "and delta in [0, 1)");
    }
    outis_budget b;
    if ((rc = exec(ledger, "BEGIN IMMEDIATE", err)) < 0) {
        return rc;
    }
    if ((rc = read_budget(&b, ledger, dataset, label, err)) < 0) {
        goto done;
    }
    outis_dp_cost next = {b.spent.epsilon + cost->epsilon, b.spent.rho + cost->rho,
                          b.spent.delta + cost->delta};
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

static int id_hex(char out[33], XXH3_state_t *state)
{
    XXH128_canonical_t c; /* big-endian: the hex that xxhsum -H2 prints */
    XXH128_canonicalFromHash(&c, XXH3_128bits_digest(state));
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof c.digest; i++) {
        out[2 * i] = hex[c.digest[i] >> 4];
        out[2 * i + 1] = hex[c.digest[i] & 15];
    }
    out[32] = '\0';
    return 0;
}

typedef struct id_chunks {
    int fd;
    uint64_t size;
    unsigned char (*digest)[16];
    int failed;
} id_chunks;

static void id_chunk(void *arg, size_t i, unsigned thread)
{
    id_chunks *c = arg;
    const uint64_t at = (uint64_t)i * ID_MAP_WINDOW;
    const size_t len = c->size - at < ID_MAP_WINDOW ? (size_t)(c->size - at) : ID_MAP_WINDOW;
    (void)thread;
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, c->fd, (off_t)at);
    if (map == MAP_FAILED) {
        c->failed = 1; /* any thread may set it: a plain flag, read after the join */
        return;
    }
    posix_madvise(map, len, POSIX_MADV_SEQUENTIAL);
    XXH128_canonical_t d;
    XXH128_canonicalFromHash(&d, XXH3_128bits(map, len));
    memcpy(c->digest[i], d.digest, sizeof d.digest);
    munmap(map, len);
}

/* Files over ID_MAP_WINDOW: the hash of the 64 MiB chunks' hashes and the size, so that the
 * chunks are hashed in parallel and in place (mapped, not copied). -1 if a chunk cannot be
 * mapped. */
static int id_tree(XXH3_state_t *state, int fd, uint64_t size)
{
    const size_t n = (size_t)((size + ID_MAP_WINDOW - 1) / ID_MAP_WINDOW);
    id_chunks c = {fd, size, ou_mallocarray(n, 16), 0};
    if (c.digest == NULL) {
        return -1;
    }
    par_for(par_threads(0), n, id_chunk, &c);
    if (!c.failed) {
        unsigned char le[8];
        for (int i = 0; i < 8; i++) {
            le[i] = (unsigned char)(size >> (8 * i));
        }
        XXH3_128bits_update(state, c.digest, n * 16);
        XXH3_128bits_update(state, le, sizeof le);
    }
    ou_free(c.digest);
    return c.failed ? -1 : 0;
}

/* A dataset is named by a hash of its bytes so that the same file gets the same budget
 * wherever it is and whatever it is called. XXH3-128 is an identifier, not a security
 * boundary: anyone can change one byte of a file and get a fresh budget, and no hash can stop
 * that (the new file is, to the ledger, another dataset). What a data holder controls is the
 * label and who may write the ledger; the hash only has to make accidental collisions
 * negligible (2^-64 at 2^32 files), and XXH3 does so at memory speed. Up to 64 MiB it is
 * exactly `xxhsum -H2`; above, a hash of the chunks' hashes (id_tree), two cores' worth
 * faster. */
OUTIS_API int outis_dataset_id(char out[33], const char *path, outis_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    if (out == NULL || path == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no output or path given");
    }
    out[0] = '\0';
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int rc = ou_err(err, OUTIS_EIO, "cannot open: %s", strerror(errno));
        ou_err_source(err, path);
        return rc;
    }
    XXH3_state_t state; /* 64-byte aligned by its type */
    XXH3_128bits_reset(&state);
    int rc = 0;
    struct stat st;
    /* A regular file is hashed in place: read() would copy every byte once more. */
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > ID_MAP_WINDOW &&
        id_tree(&state, fd, (uint64_t)st.st_size) == 0) {
        close(fd);
        return id_hex(out, &state);
    }
    unsigned char *buf = ou_malloc(ID_READ_BUFFER);
    if (buf == NULL) {
        close(fd);
        return ou_nomem(err);
    }
    for (;;) {
        ssize_t n = read(fd, buf, ID_READ_BUFFER);
        if (n == 0) {
            break;
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            rc = ou_err(err, OUTIS_EIO, "cannot read: %s", strerror(errno));
            ou_err_source(err, path);
            break;
        }
        XXH3_128bits_update(&state, buf, (size_t)n);
    }
    ou_free(buf);
    close(fd);
    return rc == 0 ? id_hex(out, &state) : rc;
}
