/* test_sqlite.c - the SQLite reader on databases made here with the sqlite3 API: exact tables
 * (values as text, NULL missing, BLOBs as hex, column order), table names (case, quotes,
 * views, the only table), the table list, the file left untouched, and every error. */
#include "tableutil.h"

#include "io/sqlite_read.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/outis_sqlite_XXXXXX";

static const char people_sql[] =
    "CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT, score REAL, photo BLOB, note);"
    "INSERT INTO people VALUES (1, 'Ann', 1.5, x'00ff', NULL), (2, '\xe6\x9d\x8e', 2.0, NULL, "
    "'NA'), (3, '', NULL, x'', 42), (4, NULL, -0.25, x'0a', 3.0);"
    "CREATE TABLE \"we\"\"ird table\"(a); INSERT INTO \"we\"\"ird table\" VALUES ('q');"
    "CREATE TABLE empty(x, y);"
    "CREATE VIEW adults AS SELECT id, name FROM people WHERE id > 2;";

static const char people_table[] = "id|name|score|photo|note\n"
                                   "1|Ann|1.5|00FF|?\n"
                                   "2|\xe6\x9d\x8e|2.0|?|?\n"
                                   "3|?|?|?|42\n"
                                   "4|?|-0.25|0A|3.0\n";

/* dir/name, made afresh from sql; the path is static storage. */
static const char *make_db(const char *name, const char *sql)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                     SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        print_error("sqlite: %s\n", msg);
    }
    assert_int_equal(rc, SQLITE_OK);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
    return path;
}

/* "sqlite:PATH" + query, in static storage. */
static const char *spec(const char *path, const char *query)
{
    static char s[1024];
    snprintf(s, sizeof s, "sqlite:%s%s", path, query);
    return s;
}

static int read_spec(outis_table **t, const char *src_spec, const outis_csv_options *csv,
                     outis_error *err)
{
    outis_read_options o = OUTIS_READ_OPTIONS_INIT;
    if (csv != NULL) {
        o.csv = *csv;
    }
    *t = NULL;
    return outis_table_read(t, src_spec, &o, err);
}

static void read_as(const char *src_spec, const outis_csv_options *csv, const char *want)
{
    outis_table *t;
    outis_error err;
    int rc = read_spec(&t, src_spec, csv, &err);
    if (rc != 0) {
        print_error("%s: %s\n", err.source, err.message);
    }
    assert_int_equal(rc, 0);
    assert_table(t, want);
    assert_int_equal(outis_table_delimiter(t), 0);
    outis_table_free(t);
}

static void read_fails(const char *src_spec, const outis_csv_options *csv, int code,
                       const char *message)
{
    outis_table *t;
    outis_error err;
    assert_int_equal(read_spec(&t, src_spec, csv, &err), code);
    assert_null(t);
    assert_int_equal(err.code, code);
    assert_string_equal(err.message, message);
    assert_string_equal(err.source, src_spec);
    assert_int_equal(err.line, 0);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

static void test_values_as_text(void **state)
{
    (void)state;
    const char *db = make_db("people.db", people_sql);
    read_as(spec(db, "?table=people"), NULL, people_table);
    read_as(spec(db, "?table=PEOPLE"), NULL, people_table); /* as SQLite: any ASCII case */
    read_as(spec(db, "?table=we%22ird%20table"), NULL, "a\nq\n");
    read_as(spec(db, "?table=adults"), NULL, "id|name\n3|?\n4|?\n"); /* a view */
    read_as(spec(db, "?table=empty"), NULL, "x|y\n");
    /* with no missing-value tokens, only NULL is missing */
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    static const char *const none[] = {NULL};
    o.na = none;
    read_as(spec(db, "?table=people"), &o,
            "id|name|score|photo|note\n1|Ann|1.5|00FF|?\n2|\xe6\x9d\x8e|2.0|?|NA\n3||?||42\n"
            "4|?|-0.25|0A|3.0\n");
}

static void test_only_table(void **state)
{
    (void)state;
    const char *db = make_db("one.db", "CREATE TABLE t(a, b); INSERT INTO t VALUES (1, 'x');"
                                       "CREATE VIEW v AS SELECT a FROM t;");
    read_as(spec(db, ""), NULL, "a|b\n1|x\n");
    db = make_db("none.db", "CREATE VIEW v AS SELECT 1 AS a;");
    read_fails(spec(db, ""), NULL, OUTIS_ENOTFOUND, "the database has no tables");
    db = make_db("people.db", people_sql);
    read_fails(spec(db, ""), NULL, OUTIS_ENOTFOUND,
               "name a table with ?table=NAME; tables: empty, people, we\"ird table");
}

static void test_columns_and_hashes(void **state)
{
    (void)state;
    const char *db = make_db("people.db", people_sql);
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    const char *cols[] = {"note", "id"};
    o.columns = cols;
    o.column_count = 2;
    read_as(spec(db, "?table=people"), &o, "note|id\n?|1\n?|2\n42|3\n3.0|4\n");
    const char *hashed[] = {"name"};
    o.columns = NULL;
    o.hashed = hashed;
    o.hashed_count = 1;
    read_as(
        spec(db, "?table=people"), &o,
        "id|name|score|photo|note\n1|#|1.5|00FF|?\n2|#|2.0|?|?\n3|?|?|?|42\n4|?|-0.25|0A|3.0\n");
    const char *typo[] = {"id", "nme"};
    o.hashed_count = 0;
    o.columns = typo;
    read_fails(spec(db, "?table=people"), &o, OUTIS_ENOTFOUND,
               "unknown column 'nme' (did you mean 'name'?); columns: id, name, score, photo, "
               "note");
}

static void test_unknown_table(void **state)
{
    (void)state;
    const char *db = make_db("people.db", people_sql);
    read_fails(spec(db, "?table=peple"), NULL, OUTIS_ENOTFOUND,
               "unknown table 'peple' (did you mean 'people'?); tables: adults, empty, people, "
               "we\"ird table");
    read_fails(spec(db, "?table=visits"), NULL, OUTIS_ENOTFOUND,
               "unknown table 'visits'; tables: adults, empty, people, we\"ird table");
    /* a name is looked up, never pasted into SQL */
    read_fails(spec(db, "?table=people%22%3B%20DROP%20TABLE%20people%3B--"), NULL, OUTIS_ENOTFOUND,
               "unknown table 'people\"; DROP TABLE people;--'; tables: adults, empty, people, "
               "we\"ird table");
    read_as(spec(db, "?table=people"), NULL, people_table);
}

static void test_not_a_database(void **state)
{
    (void)state;
    const char *path = write_file(dir, "people.csv", "id,name\n1,Ann\n", 14);
    read_fails(spec(path, "?table=people"), NULL, OUTIS_EPARSE, "not an SQLite database");
    char **names;
    size_t n;
    outis_error err;
    assert_int_equal(outis_table_list_sqlite(&names, &n, path, &err), OUTIS_EPARSE);
    assert_string_equal(err.message, "not an SQLite database");
    assert_string_equal(err.source, path);
    char missing[300];
    snprintf(missing, sizeof missing, "%s/nothing.db", dir);
    read_fails(spec(missing, "?table=t"), NULL, OUTIS_EIO,
               "cannot open: No such file or directory");
    read_fails(spec(dir, "?table=t"), NULL, OUTIS_EIO, "cannot read: is a directory");
}

static void test_bad_sources(void **state)
{
    (void)state;
    read_fails("sqlite:", NULL, OUTIS_EINVAL,
               "no database file in 'sqlite:' (sqlite:PATH?table=NAME)");
    read_fails("sqlite:?table=t", NULL, OUTIS_EINVAL,
               "no database file in 'sqlite:' (sqlite:PATH?table=NAME)");
    read_fails("sqlite:x.db?tabel=t", NULL, OUTIS_EINVAL,
               "unknown parameter 'tabel=t' in a sqlite: source (only table=NAME)");
    read_fails("sqlite:x.db?table=", NULL, OUTIS_EINVAL, "an empty table name in a sqlite: source");
    read_fails("sqlite:x.db?table=a&table=b", NULL, OUTIS_EINVAL,
               "more than one table name in a sqlite: source");
    read_fails("sqlite:x.db?table=a%2", NULL, OUTIS_EINVAL,
               "bad %-escape in the table name of a sqlite: source (use %XX, not %00)");
    read_fails("sqlite:x.db?table=a%00", NULL, OUTIS_EINVAL,
               "bad %-escape in the table name of a sqlite: source (use %XX, not %00)");
}

static void test_bad_values(void **state)
{
    (void)state;
    const char *db = make_db("bad.db", "CREATE TABLE t(k, v TEXT);"
                                       "INSERT INTO t VALUES (1, 'ok'), (2, CAST(x'ff41' AS TEXT));"
                                       "CREATE TABLE b(k, b BLOB);"
                                       "INSERT INTO b VALUES (1, x'0102'), (2, x'010203');");
    read_fails(spec(db, "?table=t"), NULL, OUTIS_EPARSE, "row 2: invalid UTF-8 in 'v'");
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    const char *cols[] = {"k"};
    o.columns = cols;
    o.column_count = 1;
    read_as(spec(db, "?table=t"), &o, "k\n1\n2\n"); /* only the loaded columns are read */
    o.columns = NULL;
    o.max_field = 4;
    read_fails(spec(db, "?table=b"), &o, OUTIS_ELIMIT,
               "row 2: value of 'b' longer than 4 bytes (see --max-field)");
    db = make_db("people.db", people_sql);
    read_fails(spec(db, "?table=people"), &o, OUTIS_ELIMIT,
               "row 4: value of 'score' longer than 4 bytes (see --max-field)");
}

static void test_list_tables(void **state)
{
    (void)state;
    const char *db = make_db("people.db", people_sql);
    char **names = NULL;
    size_t n = 0;
    outis_error err;
    assert_int_equal(outis_table_list_sqlite(&names, &n, db, &err), 0);
    assert_int_equal(n, 3); /* not the view */
    assert_string_equal(names[0], "empty");
    assert_string_equal(names[1], "people");
    assert_string_equal(names[2], "we\"ird table");
    assert_null(names[3]);
    outis_free(names);
    assert_int_equal(outis_table_list_sqlite(&names, &n, spec(db, "?table=x"), &err), 0);
    assert_int_equal(n, 3);
    outis_free(names);
    db = make_db("none.db", "CREATE VIEW v AS SELECT 1 AS a;");
    assert_int_equal(outis_table_list_sqlite(&names, &n, db, &err), 0);
    assert_int_equal(n, 0);
    assert_null(names[0]);
    outis_free(names);
    assert_int_equal(outis_table_list_sqlite(NULL, &n, db, &err), OUTIS_EINVAL);
}

static void file_state(const char *path, struct stat *st, char **bytes, size_t *len)
{
    assert_int_equal(stat(path, st), 0);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    *bytes = malloc((size_t)st->st_size + 1);
    assert_non_null(*bytes);
    *len = fread(*bytes, 1, (size_t)st->st_size + 1, f);
    fclose(f);
}

/* Reading opens the file read-only: it reads from a file without write permission, and
 * leaves the bytes, the modification time and the directory as they were. */
static void test_file_untouched(void **state)
{
    (void)state;
    const char *made = make_db("ro.db", people_sql);
    char db[256];
    snprintf(db, sizeof db, "%s", made);
    assert_int_equal(chmod(db, 0444), 0);
    struct stat before, after;
    char *b1, *b2;
    size_t n1, n2;
    file_state(db, &before, &b1, &n1);
    read_as(spec(db, "?table=people"), NULL, people_table);
    char **names;
    size_t n;
    assert_int_equal(outis_table_list_sqlite(&names, &n, db, NULL), 0);
    outis_free(names);
    file_state(db, &after, &b2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(b1, b2, n1);
    assert_true(before.st_mtime == after.st_mtime && before.st_size == after.st_size);
    char journal[300];
    snprintf(journal, sizeof journal, "%s-journal", db);
    assert_int_equal(access(journal, F_OK), -1);
    snprintf(journal, sizeof journal, "%s-wal", db);
    assert_int_equal(access(journal, F_OK), -1);
    free(b1);
    free(b2);
}

static int attempt(const void *db)
{
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    const char *hashed[] = {"note"};
    o.hashed = hashed;
    o.hashed_count = 1;
    reservoir rs;
    const uint64_t seed = 5;
    outis_error err = {0};
    assert_int_equal(reservoir_init(&rs, 3, &seed, &err), 0);
    csv_data d;
    int rc = sqlite_read(&d, db, "people", &o, &rs, NULL, &err);
    reservoir_free(&rs);
    if (rc < 0) {
        assert_nomem(rc, &err);
        return rc;
    }
    assert_int_equal(d.nrows, 3);
    csv_data_free(&d);
    return 0;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    char db[256];
    snprintf(db, sizeof db, "%s", make_db("people.db", people_sql));
    fail_each_allocation(attempt, db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_as_text),     cmocka_unit_test(test_only_table),
        cmocka_unit_test(test_columns_and_hashes), cmocka_unit_test(test_unknown_table),
        cmocka_unit_test(test_not_a_database),     cmocka_unit_test(test_bad_sources),
        cmocka_unit_test(test_bad_values),         cmocka_unit_test(test_list_tables),
        cmocka_unit_test(test_file_untouched),     cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
