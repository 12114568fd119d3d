/* test_csv.c - the CSV reader: RFC 4180 syntax, sniffing, missing values, every error with
 * its location, and the same table whatever the block size and thread count (checked against
 * a plain reference parser written here). */
#include "testutil.h"

#include "io/csv.h"
#include "io/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static outis_table *try_read(const char *csv, const outis_csv_options *o, outis_error *err, int *rc)
{
    outis_table *t = NULL;
    *rc = outis_table_read_csv_buffer(&t, csv, strlen(csv), "t.csv", o, err);
    return t;
}

static void assert_value(const outis_table *t, size_t c, size_t r, const char *expect)
{
    size_t len;
    const char *v = outis_table_value(t, c, outis_table_codes(t, c)[r], &len);
    if (len != strlen(expect) || memcmp(v, expect, len) != 0) {
        fail_msg("row %zu col %zu: got '%.*s', expected '%s'", r, c, (int)len, v, expect);
    }
}

static void test_basic(void **state)
{
    (void)state;
    outis_table *t = table_from("a,b,c\n1,x,3\n1,y,3\n2,x,3\n", 1);
    assert_int_equal(outis_table_rows(t), 3);
    assert_int_equal(outis_table_columns(t), 3);
    assert_string_equal(outis_table_column_name(t, 1), "b");
    assert_int_equal(outis_table_cardinality(t, 0), 2);
    assert_int_equal(outis_table_cardinality(t, 2), 1);
    assert_int_equal(outis_table_codes(t, 0)[0], outis_table_codes(t, 0)[1]);
    assert_int_not_equal(outis_table_codes(t, 0)[0], outis_table_codes(t, 0)[2]);
    assert_value(t, 1, 2, "x");
    assert_int_equal(outis_table_delimiter(t), ',');
    assert_true(outis_table_memory(t) > 0);
    outis_table_free(t);
}

static void test_quotes_crlf_newlines(void **state)
{
    (void)state;
    const char *csv = "\xef\xbb\xbfname,note\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\n"
                      "\"multi\nline\",\"\"\r\nplain,\"a\r\nb\"\r\n";
    outis_table *t = table_from(csv, 1);
    assert_string_equal(outis_table_column_name(t, 0), "name"); /* BOM stripped */
    assert_int_equal(outis_table_rows(t), 3);
    assert_value(t, 0, 0, "Smith, J");
    assert_value(t, 1, 0, "said \"hi\"");
    assert_value(t, 0, 1, "multi\nline");
    assert_value(t, 1, 1, "");
    assert_value(t, 1, 2, "a\r\nb");
    outis_table_free(t);
}

static void test_no_final_newline_blank_lines(void **state)
{
    (void)state;
    outis_table *t = table_from("a,b\n\n1,2\n\r\n3,4", 1);
    assert_int_equal(outis_table_rows(t), 2);
    assert_value(t, 1, 1, "4");
    outis_table_free(t);
}

static void test_lone_cr_is_data(void **state)
{
    (void)state;
    outis_table *t = table_from("a,b\nx\ry,2\n", 1);
    assert_value(t, 0, 0, "x\ry");
    outis_table_free(t);
}

static void test_sniff(void **state)
{
    (void)state;
    const char *cases[][2] = {{"a;b;c\n1;2;3\n4;5;6\n", ";"},
                              {"a\tb\n1\t2\n", "\t"},
                              {"a|b|c\n1|2|3\n", "|"},
                              {"a,b\n\"x;y\",2\n", ","},
                              {"only\n1\n", ","}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        outis_table *t = table_from(cases[i][0], 1);
        assert_int_equal(outis_table_delimiter(t), cases[i][1][0]);
        outis_table_free(t);
    }
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.delimiter = ';';
    outis_error err;
    int rc;
    outis_table *t = try_read("a,b;c\n1,2;3\n", &o, &err, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(outis_table_columns(t), 2);
    assert_string_equal(outis_table_column_name(t, 0), "a,b");
    outis_table_free(t);
}

static void test_missing(void **state)
{
    (void)state;
    outis_table *t = table_from("a,b\nNA,1\n,2\nNULL,3\nx,4\n\"\",5\n", 1);
    uint32_t m = outis_table_missing_code(t, 0);
    assert_int_not_equal(m, UINT32_MAX);
    const uint32_t *c = outis_table_codes(t, 0);
    assert_int_equal(c[0], m);
    assert_int_equal(c[1], m);
    assert_int_equal(c[2], m);
    assert_int_not_equal(c[3], m);
    assert_int_equal(c[4], m);
    assert_int_equal(outis_table_missing_code(t, 1), UINT32_MAX);
    outis_column_stats st;
    assert_int_equal(outis_table_column_stats(&st, t, 0, NULL), 0);
    assert_int_equal(st.missing, 4);
    assert_int_equal(st.distinct, 1);
    assert_false(st.is_numeric);
    assert_int_equal(outis_table_column_stats(&st, t, 1, NULL), 0);
    assert_true(st.is_numeric);
    assert_int_equal(st.distinct, 5);
    outis_table_free(t);

    /* A custom list: "NA" is a value, "-" is missing. */
    const char *na[] = {"-"};
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.na = na;
    o.na_count = 1;
    outis_error err;
    int rc;
    t = try_read("a\nNA\n-\n\n", &o, &err, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(outis_table_rows(t), 2); /* the blank line is skipped */
    assert_int_not_equal(outis_table_codes(t, 0)[0], outis_table_missing_code(t, 0));
    assert_int_equal(outis_table_codes(t, 0)[1], outis_table_missing_code(t, 0));
    outis_table_free(t);
}

static void test_stats_top(void **state)
{
    (void)state;
    outis_table *t = table_from("v\nb\na\nc\na\nb\na\nd\n", 1);
    outis_column_stats st;
    assert_int_equal(outis_table_column_stats(&st, t, 0, NULL), 0);
    assert_int_equal(st.distinct, 4);
    assert_int_equal(st.top_count, 4);
    size_t len;
    const char *v = outis_table_value(t, 0, st.top_code[0], &len);
    assert_memory_equal(v, "a", 1);
    assert_int_equal(st.top_rows[0], 3);
    v = outis_table_value(t, 0, st.top_code[1], &len);
    assert_memory_equal(v, "b", 1);
    v = outis_table_value(t, 0, st.top_code[2], &len); /* c and d tie: by value */
    assert_memory_equal(v, "c", 1);
    outis_table_free(t);
}

typedef struct bad_case {
    const char *csv;
    int code;
    uint64_t line, column;
    const char *message_part;
} bad_case;

static void test_errors(void **state)
{
    (void)state;
    const bad_case cases[] = {
        {"", OUTIS_EPARSE, 0, 0, "empty file"},
        {"\n\r\n", OUTIS_EPARSE, 0, 0, "empty file"},
        {"a,b\n1,2\n3\n", OUTIS_EPARSE, 3, 0, "expected 2 fields, found 1"},
        {"a,b\n1,2,3\n", OUTIS_EPARSE, 2, 0, "expected 2 fields, found 3"},
        {"a,b\n1,2\n\"open,3\n4,5\n", OUTIS_EPARSE, 3, 1, "unterminated quoted field"},
        {"a,b\n1,2\nx\xff,3\n", OUTIS_EPARSE, 3, 1, "invalid UTF-8"},
        {"a,b\n1,\xed\xa0\x80\n", OUTIS_EPARSE, 2, 2, "invalid UTF-8"},
        {"a,b\n1,2\nab\"c,3\n", OUTIS_EPARSE, 3, 1, "quote inside an unquoted field"},
        {"a,b\n\"x\"y,3\n", OUTIS_EPARSE, 2, 1, "after a closing quote"},
        {"a,a\n1,2\n", OUTIS_EPARSE, 1, 0, "duplicate header name 'a'"},
        {"a,,c\n1,2,3\n", OUTIS_EPARSE, 1, 0, "header name 2 is empty"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        for (unsigned threads = 1; threads <= 2; threads++) {
            outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
            o.threads = threads;
            outis_error err;
            int rc;
            outis_table *t = try_read(cases[i].csv, &o, &err, &rc);
            assert_null(t);
            if (rc != cases[i].code || strstr(err.message, cases[i].message_part) == NULL ||
                (cases[i].line && err.line != cases[i].line) ||
                (cases[i].column && err.column != cases[i].column)) {
                fail_msg("case %zu: rc %d line %llu col %llu: %s", i, rc,
                         (unsigned long long)err.line, (unsigned long long)err.column, err.message);
            }
            assert_string_equal(err.source, "t.csv");
        }
    }
}

static void test_utf8_offset(void **state)
{
    (void)state;
    outis_error err;
    int rc;
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    /* Byte offset of \xc3\x28 (bad continuation): "a,b\n" 4 + "1,2\n" 4 + "zz," 3 = 11. */
    try_read("a,b\n1,2\nzz,\xc3\x28\n", &o, &err, &rc);
    assert_int_equal(rc, OUTIS_EPARSE);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.offset, 11);
}

static void test_skip_bad_rows(void **state)
{
    (void)state;
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.skip_bad_rows = 1;
    outis_error err;
    int rc;
    outis_table *t = try_read("a,b\n1,2\n3\n4,5,6\n7,8\n", &o, &err, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(outis_table_rows(t), 2);
    assert_int_equal(outis_table_skipped_rows(t), 2);
    assert_value(t, 0, 1, "7");
    outis_table_free(t);
}

static void test_field_limit(void **state)
{
    (void)state;
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.max_field = 4;
    outis_error err;
    int rc;
    outis_table *t = try_read("a,b\n1234,2\n12345,3\n", &o, &err, &rc);
    assert_null(t);
    assert_int_equal(rc, OUTIS_ELIMIT);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 1);
    t = try_read("a,b\n\"1234\",2\n", &o, &err, &rc);
    assert_int_equal(rc, 0);
    outis_table_free(t);
}

static void test_gb18030(void **state)
{
    (void)state;
    /* "姓名,城市\n张三,北京\n" in GB18030. */
    const char gb[] = "\xd0\xd5\xc3\xfb,\xb3\xc7\xca\xd0\n\xd5\xc5\xc8\xfd,\xb1\xb1\xbe\xa9\n";
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.encoding = "gb18030";
    outis_error err;
    int rc;
    outis_table *t = try_read(gb, &o, &err, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(outis_table_column_name(t, 0), "姓名");
    assert_value(t, 1, 0, "北京");
    outis_table_free(t);
    /* Without the encoding, the bytes are not UTF-8. */
    outis_csv_options u = OUTIS_CSV_OPTIONS_INIT;
    t = try_read(gb, &u, &err, &rc);
    assert_null(t);
    assert_int_equal(rc, OUTIS_EPARSE);
    o.encoding = "no-such-encoding";
    t = try_read(gb, &o, &err, &rc);
    assert_int_equal(rc, OUTIS_EINVAL);
}

static void test_column_index(void **state)
{
    (void)state;
    outis_table *t = table_from("age,sex,zipcode\n1,2,3\n", 1);
    size_t c;
    outis_error err;
    assert_int_equal(outis_table_column_index(&c, t, "zipcode", &err), 0);
    assert_int_equal(c, 2);
    assert_int_equal(outis_table_column_index(&c, t, "zipcod", &err), OUTIS_ENOTFOUND);
    assert_non_null(strstr(err.message, "did you mean 'zipcode'"));
    assert_non_null(strstr(err.message, "columns: age, sex, zipcode"));
    uint32_t code;
    assert_int_equal(outis_table_find_value(&code, t, 1, "2", 1), 0);
    assert_int_equal(outis_table_find_value(&code, t, 1, "3", 1), OUTIS_ENOTFOUND);
    outis_table_free(t);
}

static void test_file_errors(void **state)
{
    (void)state;
    outis_table *t = NULL;
    outis_error err;
    assert_int_equal(outis_table_read_csv(&t, "/nonexistent/x.csv", NULL, &err), OUTIS_EIO);
    assert_string_equal(err.source, "/nonexistent/x.csv");
    assert_non_null(strstr(err.message, "No such file"));
    assert_int_equal(outis_table_read_csv(&t, "/", NULL, &err), OUTIS_EIO);
    assert_non_null(strstr(err.message, "directory"));
}

/* --- equivalence over block sizes and threads, against a reference parser --- */

typedef struct strbuf {
    char *p;
    size_t len, cap;
} strbuf;

static void put(strbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* Reads text with the reader's tuning entry (blocks and pieces of the given sizes). */
static int read_tuned(csv_data *d, const strbuf *csv, const char *encoding,
                      const outis_csv_options *o, size_t block, size_t piece, outis_error *err)
{
    source src;
    assert_int_equal(source_open_buffer(&src, csv->p, csv->len, "r", encoding, err), 0);
    int rc = csv_read_tuned(d, &src, o, block, piece, err);
    source_close(&src);
    return rc;
}

static void test_blocks_and_threads(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", "bb", "x,y", "q\"q",  "l1\nl2",
                                         "",  "NA", "é",   "c\r\nd"};
    const size_t npieces = sizeof pieces / sizeof *pieces;
    for (uint64_t seed = 1; seed <= 60; seed++) {
        uint64_t s = seed;
        size_t ncols = 1 + test_rng(&s) % 4, nrows = 1 + test_rng(&s) % 300;
        strbuf csv = {0};
        size_t *expect = calloc(nrows * ncols, sizeof *expect);
        for (size_t c = 0; c < ncols; c++) {
            char h[32];
            snprintf(h, sizeof h, "%sh%zu", c ? "," : "", c);
            put(&csv, h, strlen(h));
        }
        const char *eol = test_rng(&s) % 2 ? "\r\n" : "\n";
        put(&csv, eol, strlen(eol));
        for (size_t r = 0; r < nrows; r++) {
            for (size_t c = 0; c < ncols; c++) {
                size_t k = test_rng(&s) % npieces;
                expect[r * ncols + c] = k;
                const char *v = pieces[k];
                /* A lone empty field would be a blank line, which is skipped. */
                int must_quote = strpbrk(v, ",\"\n\r") != NULL || (ncols == 1 && !*v);
                if (c) {
                    put(&csv, ",", 1);
                }
                if (must_quote || test_rng(&s) % 4 == 0) {
                    put(&csv, "\"", 1);
                    for (const char *p = v; *p; p++) {
                        put(&csv, *p == '"' ? "\"\"" : p, 1 + (*p == '"'));
                    }
                    put(&csv, "\"", 1);
                } else {
                    put(&csv, v, strlen(v));
                }
            }
            put(&csv, "\n", 1);
        }
        for (size_t block = 16; block <= 4096; block *= 4) {
            for (unsigned threads = 1; threads <= 3; threads++) {
                source src;
                csv_data d;
                outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
                o.threads = threads;
                o.delimiter = ',';
                /* Odd seeds keep the first column as hashes instead of codes. */
                static const char *const hashed[] = {"h0"};
                const int is_hashed = seed % 2 == 1;
                o.hashed = is_hashed ? hashed : NULL;
                o.hashed_count = is_hashed;
                outis_error err;
                /* Some block sizes read from a file (mapped in place), others from memory. */
                int from_file = block == 64 || block == 1024;
                char path[] = "/tmp/outis_test_csv_XXXXXX";
                if (from_file) {
                    int fd = mkstemp(path);
                    assert_true(fd >= 0);
                    assert_int_equal(write(fd, csv.p, csv.len), (ssize_t)csv.len);
                    close(fd);
                    assert_int_equal(source_open(&src, path, NULL, &err), 0);
                } else {
                    assert_int_equal(source_open_buffer(&src, csv.p, csv.len, "r", NULL, &err), 0);
                }
                int rc = csv_read_tuned(&d, &src, &o, block, 8, &err);
                if (from_file) {
                    unlink(path);
                }
                source_close(&src);
                if (rc != 0) {
                    fail_msg("seed %llu block %zu threads %u: %s (line %llu)",
                             (unsigned long long)seed, block, threads, err.message,
                             (unsigned long long)err.line);
                }
                if (d.nrows != nrows) {
                    fail_msg("seed %llu block %zu threads %u: %zu rows, expected %zu",
                             (unsigned long long)seed, block, threads, d.nrows, nrows);
                }
                assert_int_equal(d.ncols, ncols);
                for (size_t r = 0; r < nrows; r++) {
                    for (size_t c = 0; c < ncols; c++) {
                        const char *v = pieces[expect[r * ncols + c]];
                        int is_na = v[0] == '\0' || strcmp(v, "NA") == 0;
                        if (is_hashed && c == 0) {
                            uint64_t h = is_na ? OUTIS_HASH_MISSING : XXH3_64bits(v, strlen(v));
                            assert_null(d.cols[0].codes);
                            assert_true(d.cols[0].hashes[r] == h);
                            continue;
                        }
                        const dict_entry *e = &d.cols[c].dict.entries[d.cols[c].codes[r]];
                        int ok = is_na ? d.cols[c].codes[r] == d.cols[c].dict.missing
                                       : e->len == strlen(v) && memcmp(e->ptr, v, e->len) == 0;
                        if (!ok) {
                            fail_msg("seed %llu block %zu threads %u row %zu col %zu",
                                     (unsigned long long)seed, block, threads, r, c);
                        }
                    }
                }
                csv_data_free(&d);
            }
        }
        free(expect);
        free(csv.p);
    }
}

static void test_error_line_across_blocks(void **state)
{
    (void)state;
    strbuf csv = {0};
    put(&csv, "a,b\n", 4);
    for (int i = 0; i < 500; i++) {
        put(&csv, "\"x\ny\",2\n", 8); /* two physical lines per row */
    }
    put(&csv, "1,2,3\n", 6);
    for (unsigned threads = 1; threads <= 2; threads++) {
        csv_data d;
        outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
        o.threads = threads;
        outis_error err;
        int rc = read_tuned(&d, &csv, NULL, &o, 64, 8, &err);
        assert_int_equal(rc, OUTIS_EPARSE);
        assert_int_equal(err.line, 1002);
        assert_int_equal(err.offset, 4 + 500 * 8);
    }
    free(csv.p);
}

/* More distinct values than a worker keeps between blocks: its dictionary is started afresh
 * while the table keeps pointing at the strings. */
static void test_many_distinct_values(void **state)
{
    (void)state;
    const size_t rows = 300000;
    strbuf csv = {0};
    put(&csv, "id,group\n", 9);
    for (size_t r = 0; r < rows; r++) {
        char line[64];
        int n = snprintf(line, sizeof line, "person-%zu,%zu\n", r * 7919 % rows, r % 5);
        put(&csv, line, (size_t)n);
    }
    for (unsigned threads = 1; threads <= 2; threads++) {
        csv_data d;
        outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
        o.threads = threads;
        outis_error err;
        assert_int_equal(read_tuned(&d, &csv, NULL, &o, 4 << 20, 1024, &err), 0);
        assert_int_equal(d.nrows, rows);
        assert_int_equal(d.cols[0].dict.count, rows);
        assert_int_equal(d.cols[1].dict.count, 5);
        for (size_t r = 0; r < rows; r++) {
            char want[32];
            int n = snprintf(want, sizeof want, "person-%zu", r * 7919 % rows);
            const dict_entry *e = &d.cols[0].dict.entries[d.cols[0].codes[r]];
            if (e->len != (size_t)n || memcmp(e->ptr, want, e->len) != 0) {
                fail_msg("threads %u row %zu", threads, r);
            }
        }
        csv_data_free(&d);
    }
    free(csv.p);
}

/* A converted block must not end early when the room left is less than one character
 * (latin1 'é' becomes two bytes of UTF-8). */
static void test_conversion_at_block_ends(void **state)
{
    (void)state;
    strbuf csv = {0};
    put(&csv, "a,b\n", 4);
    for (int i = 0; i < 5000; i++) {
        put(&csv, "\xe9\xe9,\xe9\n", 5);
    }
    for (size_t block = 997; block <= 1003; block++) {
        csv_data d;
        outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
        o.threads = 1;
        o.delimiter = ',';
        outis_error err;
        int rc = read_tuned(&d, &csv, "latin1", &o, block, 64, &err);
        if (rc != 0) {
            fail_msg("block %zu: %s (line %llu)", block, err.message, (unsigned long long)err.line);
        }
        assert_int_equal(d.nrows, 5000);
        assert_int_equal(d.cols[0].dict.count, 1);
        assert_memory_equal(d.cols[0].dict.entries[0].ptr, "\xc3\xa9\xc3\xa9", 4);
        csv_data_free(&d);
    }
    free(csv.p);
}

/* Skipped rows leave nothing behind: no dictionary values, no UTF-8 check. */
static void test_skipped_rows_leave_no_values(void **state)
{
    (void)state;
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.skip_bad_rows = 1;
    outis_error err;
    int rc;
    outis_table *t =
        try_read("q,s\n1,10\n1,10\n2,20\n\"x\ny\",5,extra\n\xff,7,8\n2,20\n", &o, &err, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(outis_table_rows(t), 4);
    assert_int_equal(outis_table_skipped_rows(t), 2);
    assert_int_equal(outis_table_cardinality(t, 0), 2);
    assert_int_equal(outis_table_cardinality(t, 1), 2);
    outis_table_free(t);
    /* The line numbers after a skipped row with a quoted newline still count it. */
    t = try_read("a,b\n\"x\ny\",2,3\n1,2\n4\xff,5\n", &o, &err, &rc);
    assert_null(t);
    assert_int_equal(rc, OUTIS_EPARSE);
    assert_int_equal(err.line, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_quotes_crlf_newlines),
        cmocka_unit_test(test_no_final_newline_blank_lines),
        cmocka_unit_test(test_lone_cr_is_data),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_stats_top),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_utf8_offset),
        cmocka_unit_test(test_skip_bad_rows),
        cmocka_unit_test(test_field_limit),
        cmocka_unit_test(test_gb18030),
        cmocka_unit_test(test_column_index),
        cmocka_unit_test(test_file_errors),
        cmocka_unit_test(test_blocks_and_threads),
        cmocka_unit_test(test_error_line_across_blocks),
        cmocka_unit_test(test_many_distinct_values),
        cmocka_unit_test(test_conversion_at_block_ends),
        cmocka_unit_test(test_skipped_rows_leave_no_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
