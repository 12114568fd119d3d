/* test_read.c - outis_table_read: the format a source names, bad options, and uniform row
 * sampling over every input. CSV (through its block reader), JSON Lines and SQLite offer rows
 * to the same reservoir, so one seed keeps the same rows of the same data in all three, in
 * input order; and each row is kept with probability N / rows. */
#include "tableutil.h"

#include "io/jsonl.h"
#include "table/table_int.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#define ROWS 1000

static char dir[] = "/tmp/outis_read_XXXXXX";
static char csv_path[300], jsonl_path[300], db_spec[400];

/* The same ROWS records as CSV, JSON Lines and an SQLite table: id, grp (i % 7), val. */
static int setup(void **state)
{
    (void)state;
    if (mkdtemp(dir) == NULL) {
        return -1;
    }
    snprintf(csv_path, sizeof csv_path, "%s/t.csv", dir);
    snprintf(jsonl_path, sizeof jsonl_path, "%s/t.jsonl", dir);
    char db[300];
    snprintf(db, sizeof db, "%s/t.db", dir);
    snprintf(db_spec, sizeof db_spec, "sqlite:%s?table=t", db);
    FILE *c = fopen(csv_path, "w"), *j = fopen(jsonl_path, "w");
    sqlite3 *s = NULL;
    if (c == NULL || j == NULL || sqlite3_open(db, &s) != SQLITE_OK ||
        sqlite3_exec(s, "CREATE TABLE t(id INTEGER, grp TEXT, val TEXT); BEGIN", NULL, NULL,
                     NULL) != SQLITE_OK) {
        return -1;
    }
    fprintf(c, "id,grp,val\n");
    for (int i = 0; i < ROWS; i++) {
        char sql[200];
        fprintf(c, "%d,g%d,v%d\n", i, i % 7, i);
        fprintf(j, "{\"id\":%d,\"grp\":\"g%d\",\"val\":\"v%d\"}\n", i, i % 7, i);
        snprintf(sql, sizeof sql, "INSERT INTO t VALUES (%d, 'g%d', 'v%d')", i, i % 7, i);
        if (sqlite3_exec(s, sql, NULL, NULL, NULL) != SQLITE_OK) {
            return -1;
        }
    }
    int bad = sqlite3_exec(s, "COMMIT", NULL, NULL, NULL) != SQLITE_OK;
    bad |= sqlite3_close(s) != SQLITE_OK;
    bad |= fclose(c) != 0;
    bad |= fclose(j) != 0;
    return bad ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

static outis_table *read_sample(const char *src_spec, size_t n, const uint64_t *seed)
{
    outis_read_options o = OUTIS_READ_OPTIONS_INIT;
    o.sample = n;
    o.has_seed = seed != NULL;
    o.seed = seed != NULL ? *seed : 0;
    outis_table *t = NULL;
    outis_error err;
    int rc = outis_table_read(&t, src_spec, &o, &err);
    if (rc != 0) {
        print_error("%s: %s\n", err.source, err.message);
    }
    assert_int_equal(rc, 0);
    return t;
}

/* The sample's rows are in input order, and its dictionaries hold only their values. */
static void check_sample(const outis_table *t, size_t n)
{
    assert_int_equal(outis_table_rows(t), n);
    const uint32_t *id = outis_table_codes(t, 0), *grp = outis_table_codes(t, 1);
    long last = -1;
    int groups[7] = {0};
    size_t distinct = 0;
    for (size_t r = 0; r < n; r++) {
        size_t len;
        char num[16];
        const char *v = outis_table_value(t, 0, id[r], &len);
        assert_true(len < sizeof num);
        memcpy(num, v, len);
        num[len] = '\0'; /* values are not NUL-terminated */
        const long x = strtol(num, NULL, 10);
        assert_true(x > last);
        last = x;
        v = outis_table_value(t, 1, grp[r], &len);
        assert_int_equal(len, 2);
        distinct += groups[v[1] - '0']++ == 0;
    }
    assert_int_equal(outis_table_cardinality(t, 0), n);
    assert_int_equal(outis_table_cardinality(t, 1), distinct);
    assert_int_equal(outis_table_cardinality(t, 2), n);
}

static void test_format_of_source(void **state)
{
    (void)state;
    assert_int_equal(outis_table_source_format("a.csv"), OUTIS_FORMAT_CSV);
    assert_int_equal(outis_table_source_format("-"), OUTIS_FORMAT_CSV);
    assert_int_equal(outis_table_source_format("a.jsonl.gz"), OUTIS_FORMAT_CSV);
    assert_int_equal(outis_table_source_format(".jsonl"), OUTIS_FORMAT_CSV);
    assert_int_equal(outis_table_source_format("a.JSONL"), OUTIS_FORMAT_JSONL);
    assert_int_equal(outis_table_source_format("dir/a.ndjson"), OUTIS_FORMAT_JSONL);
    assert_int_equal(outis_table_source_format("sqlite:a.csv"), OUTIS_FORMAT_SQLITE);
}

static void test_bad_options(void **state)
{
    (void)state;
    outis_table *t = NULL;
    outis_error err;
    outis_read_options o = OUTIS_READ_OPTIONS_INIT;
    o.version = 2;
    assert_int_equal(outis_table_read(&t, csv_path, &o, &err), OUTIS_EINVAL);
    assert_string_equal(err.message, "unsupported options version 2");
    o.version = OUTIS_READ_OPTIONS_VERSION;
    o.format = 9;
    assert_int_equal(outis_table_read(&t, csv_path, &o, &err), OUTIS_EINVAL);
    assert_string_equal(err.message, "unknown format 9");
    o.format = OUTIS_FORMAT_AUTO;
    o.csv.version = 0;
    assert_int_equal(outis_table_read(&t, csv_path, &o, &err), OUTIS_EINVAL);
    assert_string_equal(err.message, "unsupported CSV options version 0");
    assert_int_equal(outis_table_read(&t, NULL, NULL, &err), OUTIS_EINVAL);
    assert_int_equal(outis_table_read(NULL, csv_path, NULL, NULL), OUTIS_EINVAL);
    assert_null(t);
}

/* Without a sample every format reads the same table. */
static void test_formats_agree(void **state)
{
    (void)state;
    outis_table *c = NULL, *j = NULL, *s = NULL;
    assert_int_equal(outis_table_read(&c, csv_path, NULL, NULL), 0);
    assert_int_equal(outis_table_read(&j, jsonl_path, NULL, NULL), 0);
    assert_int_equal(outis_table_read(&s, db_spec, NULL, NULL), 0);
    char *dc = table_dump(c), *dj = table_dump(j), *ds = table_dump(s);
    assert_string_equal(dc, dj);
    assert_string_equal(dc, ds);
    assert_int_equal(outis_table_rows(c), ROWS);
    free(dc);
    free(dj);
    free(ds);
    outis_table_free(c);
    outis_table_free(j);
    outis_table_free(s);
}

/* One seed, one sample, whatever the format; another seed, another sample. */
static void test_same_seed_same_sample(void **state)
{
    (void)state;
    const uint64_t seed = 42, other = 43;
    outis_table *c = read_sample(csv_path, 10, &seed);
    outis_table *j = read_sample(jsonl_path, 10, &seed);
    outis_table *s = read_sample(db_spec, 10, &seed);
    outis_table *again = read_sample(jsonl_path, 10, &seed);
    outis_table *o = read_sample(jsonl_path, 10, &other);
    check_sample(c, 10);
    check_sample(j, 10);
    check_sample(s, 10);
    check_sample(o, 10);
    char *dc = table_dump(c), *dj = table_dump(j), *ds = table_dump(s);
    char *da = table_dump(again), *dother = table_dump(o);
    assert_string_equal(dc, dj);
    assert_string_equal(dc, ds);
    assert_string_equal(dj, da);
    assert_string_not_equal(dj, dother);
    free(dc);
    free(dj);
    free(ds);
    free(da);
    free(dother);
    outis_table_free(c);
    outis_table_free(j);
    outis_table_free(s);
    outis_table_free(again);
    outis_table_free(o);
}

/* The CSV reader offers rows a block at a time: small blocks keep the same sample. */
static void test_csv_blocks(void **state)
{
    (void)state;
    const uint64_t seed = 42;
    outis_table *j = read_sample(jsonl_path, 25, &seed);
    for (size_t block = 64; block <= 4096; block *= 4) {
        reservoir rs;
        outis_error err = {0};
        assert_int_equal(reservoir_init(&rs, 25, &seed, &err), 0);
        source src;
        assert_int_equal(source_open(&src, csv_path, NULL, &err), 0);
        outis_table *c = calloc(1, sizeof *c);
        assert_non_null(c);
        const csv_sink sink = {reservoir_absorb, &rs};
        outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
        o.threads = 2;
        o.delimiter = ','; /* else the first block grows to the bytes the delimiter is sniffed
                            * from: here, the whole file */
        assert_int_equal(csv_read_sink(&c->data, &src, &o, &sink, block, &err), 0);
        assert_true(c->data.cols[0].cap < ROWS); /* never all the rows at once */
        assert_int_equal(reservoir_finish(&rs, &c->data, &err), 0);
        source_close(&src);
        reservoir_free(&rs);
        check_sample(c, 25);
        char *dc = table_dump(c), *dj = table_dump(j);
        assert_string_equal(dc, dj);
        free(dc);
        free(dj);
        outis_table_free(c);
    }
    outis_table_free(j);
}

/* A sample at least as large as the input is the input; an unseeded one is a sample too. */
static void test_large_and_unseeded(void **state)
{
    (void)state;
    const uint64_t seed = 1;
    outis_table *all = NULL;
    assert_int_equal(outis_table_read(&all, db_spec, NULL, NULL), 0);
    char *want = table_dump(all);
    const char *sources[] = {csv_path, jsonl_path, db_spec};
    for (size_t i = 0; i < 3; i++) {
        outis_table *t = read_sample(sources[i], ROWS, &seed);
        assert_table(t, want);
        outis_table_free(t);
        t = read_sample(sources[i], ROWS + 1, NULL);
        assert_table(t, want);
        outis_table_free(t);
        t = read_sample(sources[i], 17, NULL);
        check_sample(t, 17);
        outis_table_free(t);
    }
    free(want);
    outis_table_free(all);
}

/* A hashed column's missing count is that of the kept rows. */
static void test_sample_hashed(void **state)
{
    (void)state;
    char path[300];
    snprintf(path, sizeof path, "%s/h.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "id,x\nNA,0\n");
    for (int i = 1; i < 100; i++) {
        fprintf(f, "p%d,%d\n", i, i);
    }
    assert_int_equal(fclose(f), 0);
    outis_read_options o = OUTIS_READ_OPTIONS_INIT;
    const char *hashed[] = {"id"};
    o.csv.hashed = hashed;
    o.csv.hashed_count = 1;
    o.sample = 50;
    o.has_seed = 1;
    int kept = 0, dropped = 0;
    for (o.seed = 1; o.seed <= 20; o.seed++) {
        outis_table *t = NULL;
        assert_int_equal(outis_table_read(&t, path, &o, NULL), 0);
        size_t len;
        const char *x0 = outis_table_value(t, 1, outis_table_codes(t, 1)[0], &len);
        const int has_row0 = len == 1 && x0[0] == '0';
        assert_int_equal(outis_table_hashes(t, 0)[0] == OUTIS_HASH_MISSING, has_row0);
        assert_int_equal(outis_table_missing_code(t, 0),
                         has_row0 ? OUTIS_HASH_MISSING : UINT32_MAX);
        kept += has_row0;
        dropped += !has_row0;
        outis_table_free(t);
    }
    assert_true(kept > 0 && dropped > 0);
}

/* Each of 10 rows is kept with probability 3/10. Over 10,000 fixed seeds a row's count is
 * Binomial(10000, 0.3) for a uniform sampler: mean 3000, standard deviation 45.8. The bound
 * of 230 (5 standard deviations) fails a correct sampler with probability below 1e-5 for the
 * ten rows together (and, the seeds being fixed, the test is deterministic), while a bias of
 * one row by 10% (300 draws) fails it. Pairs of rows are checked too: each of the 45 pairs is
 * kept together with probability (3/10)(2/9) = 1/15, mean 666.7, deviation 24.9, bound 125. */
static void test_each_row_kept_with_probability(void **state)
{
    (void)state;
    static const char text[] = "{\"r\":0}\n{\"r\":1}\n{\"r\":2}\n{\"r\":3}\n{\"r\":4}\n"
                               "{\"r\":5}\n{\"r\":6}\n{\"r\":7}\n{\"r\":8}\n{\"r\":9}\n";
    const outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    size_t count[10] = {0}, pairs[10][10] = {{0}};
    for (uint64_t seed = 1; seed <= 10000; seed++) {
        reservoir rs;
        source src;
        csv_data d;
        outis_error err = {0};
        assert_int_equal(reservoir_init(&rs, 3, &seed, &err), 0);
        assert_int_equal(source_open_buffer(&src, text, sizeof text - 1, "p", NULL, &err), 0);
        assert_int_equal(jsonl_read(&d, &src, &o, &rs, NULL, &err), 0);
        source_close(&src);
        reservoir_free(&rs);
        assert_int_equal(d.nrows, 3);
        int rows[3];
        for (size_t i = 0; i < 3; i++) {
            rows[i] = d.cols[0].dict.entries[d.cols[0].codes[i]].ptr[0] - '0';
            assert_true(i == 0 || rows[i] > rows[i - 1]);
            count[rows[i]]++;
        }
        pairs[rows[0]][rows[1]]++;
        pairs[rows[0]][rows[2]]++;
        pairs[rows[1]][rows[2]]++;
        csv_data_free(&d);
    }
    for (size_t r = 0; r < 10; r++) {
        assert_in_range(count[r], 3000 - 230, 3000 + 230);
        for (size_t s = r + 1; s < 10; s++) {
            assert_in_range(pairs[r][s], 667 - 125, 667 + 125);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_of_source),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_formats_agree),
        cmocka_unit_test(test_same_seed_same_sample),
        cmocka_unit_test(test_csv_blocks),
        cmocka_unit_test(test_large_and_unseeded),
        cmocka_unit_test(test_sample_hashed),
        cmocka_unit_test(test_each_row_kept_with_probability),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
