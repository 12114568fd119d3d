/* sqlite_read.c - a table of an SQLite database into a table, a row at a time (rows.h). The
 * file is opened with SQLITE_OPEN_READONLY, and the table name is looked up in the schema and
 * quoted, never pasted into SQL as given. */
#include "sqlite_read.h"

#include "rows.h"
#include "util/alloc.h"
#include "util/bytes.h"
#include "util/error_int.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define BUSY_MS 5000 /* how long to wait for a writer's lock */

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
        return (c | 0x20) - 'a' + 10;
    }
    return -1;
}

/* s[0..n) with %XX decoded, into a new string. */
static int percent_decode(char **out, const char *s, size_t n, outis_error *err)
{
    char *d = ou_malloc(n + 1);
    size_t k = 0;
    if (d == NULL) {
        return ou_nomem(err);
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            d[k++] = s[i];
            continue;
        }
        const int hi = i + 2 < n ? hex_digit(s[i + 1]) : -1;
        const int lo = hi >= 0 ? hex_digit(s[i + 2]) : -1;
        if (lo < 0 || (hi == 0 && lo == 0)) {
            ou_free(d);
            return ou_err(
                err, OUTIS_EINVAL,
                "bad %%-escape in the table name of a sqlite: source (use %%XX, not %%00)");
        }
        d[k++] = (char)(hi * 16 + lo);
        i += 2;
    }
    d[k] = '\0';
    *out = d;
    return 0;
}

int sqlite_source(char **path, char **table, const char *spec, outis_error *err)
{
    *path = *table = NULL;
    const char *rest = strncmp(spec, "sqlite:", 7) == 0 ? spec + 7 : spec;
    const char *q = strchr(rest, '?');
    const size_t plen = q != NULL ? (size_t)(q - rest) : strlen(rest);
    if (plen == 0) {
        return ou_err(err, OUTIS_EINVAL, "no database file in 'sqlite:' (sqlite:PATH?table=NAME)");
    }
    if ((*path = ou_strndup(rest, plen)) == NULL) {
        return ou_nomem(err);
    }
    for (const char *p = q; p != NULL;) {
        const char *key = p + 1;
        const char *end = strchr(key, '&');
        const size_t len = end != NULL ? (size_t)(end - key) : strlen(key);
        int rc = 0;
        if (len > 6 && strncmp(key, "table=", 6) == 0 && *table == NULL) {
            rc = percent_decode(table, key + 6, len - 6, err);
        } else if (strncmp(key, "table=", 6) == 0) {
            rc = ou_err(err, OUTIS_EINVAL, "%s table name in a sqlite: source",
                        len == 6 ? "an empty" : "more than one");
        } else {
            rc = ou_err(err, OUTIS_EINVAL,
                        "unknown parameter '%.*s' in a sqlite: source (only table=NAME)",
                        (int)(len < 40 ? len : 40), key);
        }
        if (rc < 0) {
            ou_free(*path);
            ou_free(*table);
            *path = *table = NULL;
            return rc;
        }
        p = end;
    }
    return 0;
}

/* The error of a failed SQLite call on db. */
static int db_error(sqlite3 *db, int code, outis_error *err)
{
    switch (code & 0xff) {
    case SQLITE_NOMEM:
        return ou_nomem(err);
    case SQLITE_NOTADB:
        return ou_err(err, OUTIS_EPARSE, "not an SQLite database");
    case SQLITE_CORRUPT:
        return ou_err(err, OUTIS_EPARSE, "corrupt SQLite database: %.200s", sqlite3_errmsg(db));
    default:
        return ou_err(err, OUTIS_EIO, "cannot read: %.200s", sqlite3_errmsg(db));
    }
}

static int open_db(sqlite3 **db, const char *path, outis_error *err)
{
    struct stat st;
    *db = NULL;
    if (stat(path, &st) != 0) {
        return ou_err_errno(err, "cannot open", errno);
    }
    if (S_ISDIR(st.st_mode)) {
        return ou_err(err, OUTIS_EIO, "cannot read: is a directory");
    }
    int rc = sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL);
    if (rc != SQLITE_OK) {
        rc = *db != NULL ? ou_err(err, OUTIS_EIO, "cannot open: %.200s", sqlite3_errmsg(*db))
                         : ou_nomem(err);
        sqlite3_close(*db);
        *db = NULL;
        return rc;
    }
    sqlite3_busy_timeout(*db, BUSY_MS);
    return 0;
}

typedef struct name_list {
    char **names;
    size_t n, cap;
} name_list;

static void names_free(name_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        ou_free(l->names[i]);
    }
    ou_free(l->names);
    memset(l, 0, sizeof *l);
}

/* The tables (and, with views, the views) of db, in name order. */
static int list_names(name_list *l, sqlite3 *db, int with_views, outis_error *err)
{
    static const char sql[] = "SELECT name FROM sqlite_master WHERE (type = 'table' OR "
                              "(type = 'view' AND ?1)) AND name NOT LIKE 'sqlite\\_%' "
                              "ESCAPE '\\' ORDER BY name";
    sqlite3_stmt *st = NULL;
    memset(l, 0, sizeof *l);
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return db_error(db, rc, err);
    }
    sqlite3_bind_int(st, 1, with_views);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (name == NULL || ou_grow((void **)&l->names, &l->cap, l->n + 1, sizeof *l->names) < 0 ||
            (l->names[l->n] = ou_strndup(name, strlen(name))) == NULL) {
            rc = SQLITE_NOMEM;
            break;
        }
        l->n++;
    }
    rc = rc == SQLITE_DONE ? 0 : db_error(db, rc, err);
    sqlite3_finalize(st);
    if (rc < 0) {
        names_free(l);
    }
    return rc;
}

/* The stored name of the table or view asked for, or the only table. */
static int find_table(char **found, sqlite3 *db, const char *table, outis_error *err)
{
    name_list l;
    int rc = list_names(&l, db, table != NULL, err);
    if (rc < 0) {
        return rc;
    }
    size_t hit = SIZE_MAX;
    for (size_t i = 0; table != NULL && i < l.n && hit == SIZE_MAX; i++) {
        hit = strcmp(l.names[i], table) == 0 ? i : hit;
    }
    for (size_t i = 0; table != NULL && i < l.n && hit == SIZE_MAX; i++) {
        hit = sqlite3_stricmp(l.names[i], table) == 0 ? i : hit;
    }
    if (table == NULL && l.n == 1) {
        hit = 0;
    }
    if (hit != SIZE_MAX) {
        *found = l.names[hit];
        l.names[hit] = NULL;
    } else if (table != NULL) {
        char msg[256];
        unknown_thing_message(msg, sizeof msg, "table", (const char *const *)l.names, l.n, table);
        rc = ou_err(err, OUTIS_ENOTFOUND, "%s", msg);
    } else if (l.n == 0) {
        rc = ou_err(err, OUTIS_ENOTFOUND, "the database has no tables");
    } else {
        char list[160];
        join_names(list, sizeof list, (const char *const *)l.names, l.n);
        rc = ou_err(err, OUTIS_ENOTFOUND, "name a table with ?table=NAME; tables: %s", list);
    }
    names_free(&l);
    return rc;
}

/* SELECT * FROM "name", with the quotes in name doubled. */
static char *select_all(const char *name)
{
    static const char head[] = "SELECT * FROM \"";
    const size_t n = strlen(name);
    char *sql = ou_malloc(sizeof head + 2 * n + 2);
    if (sql != NULL) {
        char *w = sql + sizeof head - 1;
        memcpy(sql, head, sizeof head - 1);
        for (size_t i = 0; i < n; i++) {
            *w++ = name[i];
            if (name[i] == '"') {
                *w++ = '"';
            }
        }
        memcpy(w, "\"", 2);
    }
    return sql;
}

typedef struct sreader {
    rows b;
    sqlite3_stmt *st;
    int ncols;
    char *hex; /* a BLOB as hex */
    size_t hex_cap;
} sreader;

/* Column i of the current row into the record. */
static int set_value(sreader *s, int i, outis_error *err)
{
    static const char digits[] = "0123456789ABCDEF";
    const char *p = NULL;
    size_t n = 0;
    switch (sqlite3_column_type(s->st, i)) {
    case SQLITE_NULL:
        break;
    case SQLITE_BLOB: {
        const unsigned char *v = sqlite3_column_blob(s->st, i);
        const size_t len = (size_t)sqlite3_column_bytes(s->st, i);
        if (len > s->b.cfg.max_field / 2) {
            return rows_too_long(&s->b, (size_t)i, err);
        }
        if (ou_grow((void **)&s->hex, &s->hex_cap, 2 * len + 1, 1) < 0) {
            return ou_nomem(err);
        }
        for (size_t k = 0; k < len; k++) {
            s->hex[2 * k] = digits[v[k] >> 4];
            s->hex[2 * k + 1] = digits[v[k] & 15];
        }
        p = s->hex;
        n = 2 * len;
        break;
    }
    default: /* INTEGER, FLOAT and TEXT as SQLite writes them */
        p = (const char *)sqlite3_column_text(s->st, i);
        n = (size_t)sqlite3_column_bytes(s->st, i);
        if (p == NULL) {
            return ou_nomem(err);
        }
    }
    return rows_set(&s->b, (size_t)i, p, n, err);
}

static int read_rows(sreader *s, sqlite3 *db, outis_error *err)
{
    s->ncols = sqlite3_column_count(s->st);
    for (int i = 0; i < s->ncols; i++) {
        const char *name = sqlite3_column_name(s->st, i);
        size_t src;
        if (name == NULL) {
            return ou_nomem(err);
        }
        int rc = rows_column(&s->b, name, strlen(name), &src, err);
        if (rc < 0) {
            return rc;
        }
        if (src != (size_t)i) {
            return ou_err(err, OUTIS_EPARSE, "duplicate column name '%.60s'", name);
        }
    }
    int rc;
    while ((rc = sqlite3_step(s->st)) == SQLITE_ROW) {
        int is_kept;
        if ((rc = rows_begin(&s->b, &is_kept, err)) < 0) {
            return rc;
        }
        for (int i = 0; i < s->ncols; i++) {
            if (rows_is_loaded(&s->b, (size_t)i) && (rc = set_value(s, i, err)) < 0) {
                if (err != NULL && rc != OUTIS_ENOMEM) {
                    char msg[sizeof err->message];
                    snprintf(msg, sizeof msg, "%s", err->message);
                    snprintf(err->message, sizeof err->message, "row %llu: %.200s",
                             (unsigned long long)s->b.record, msg);
                }
                return rc;
            }
        }
        if ((rc = rows_end(&s->b, err)) < 0) {
            return rc;
        }
    }
    return rc == SQLITE_DONE ? 0 : db_error(db, rc, err);
}

int sqlite_read(csv_data *out, const char *path, const char *table, const outis_csv_options *opts,
                reservoir *sample, const csv_sink *sink, outis_error *err)
{
    sqlite3 *db = NULL;
    char *name = NULL, *sql = NULL;
    sreader s = {0};
    memset(out, 0, sizeof *out);
    int rc = open_db(&db, path, err);
    if (rc == 0) {
        rc = find_table(&name, db, table, err);
    }
    if (rc == 0) {
        rc = (sql = select_all(name)) == NULL ? ou_nomem(err) : 0;
    }
    if (rc == 0) {
        const int code = sqlite3_prepare_v2(db, sql, -1, &s.st, NULL);
        rc = code != SQLITE_OK ? db_error(db, code, err) : 0;
    }
    if (rc == 0 && (rc = rows_init(&s.b, out, opts, sample, sink, err)) == 0 &&
        (rc = read_rows(&s, db, err)) == 0) {
        rc = rows_finish(&s.b, err);
    }
    rows_free(&s.b);
    sqlite3_finalize(s.st);
    sqlite3_close(db);
    ou_free(s.hex);
    ou_free(sql);
    ou_free(name);
    if (rc < 0) {
        csv_data_free(out);
    }
    return rc;
}

int sqlite_tables(char ***names, size_t *count, const char *path, outis_error *err)
{
    sqlite3 *db = NULL;
    name_list l = {0};
    *names = NULL;
    *count = 0;
    int rc = open_db(&db, path, err);
    if (rc == 0) {
        rc = list_names(&l, db, 0, err);
    }
    size_t bytes = (l.n + 1) * sizeof(char *);
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        bytes += strlen(l.names[i]) + 1;
    }
    char **all = rc == 0 ? ou_malloc(bytes) : NULL;
    if (rc == 0 && all == NULL) {
        rc = ou_nomem(err);
    }
    if (rc == 0) {
        char *w = (char *)(all + l.n + 1);
        for (size_t i = 0; i < l.n; i++) {
            const size_t n = strlen(l.names[i]) + 1;
            all[i] = memcpy(w, l.names[i], n);
            w += n;
        }
        all[l.n] = NULL;
        *names = all;
        *count = l.n;
    }
    names_free(&l);
    sqlite3_close(db);
    return rc;
}
