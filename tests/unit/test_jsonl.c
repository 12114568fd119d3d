/* test_jsonl.c - the JSON Lines reader: exact tables (values as written, missing values,
 * column order, nested keys, arrays), the options it shares with CSV, and every error with
 * its line, column and message. */
#include "tableutil.h"

#include "io/jsonl.h"
#include "table/table_int.h"

#include <stdlib.h>
#include <unistd.h>

/* Reads text as JSON Lines named t.jsonl; 0 or the error code. */
static int read_opts(outis_table **out, const char *text, size_t len, const outis_csv_options *o,
                     outis_error *err)
{
    const outis_csv_options defaults = OUTIS_CSV_OPTIONS_INIT;
    source src;
    memset(err, 0, sizeof *err);
    int rc = source_open_buffer(&src, text, len, "t.jsonl", NULL, err);
    assert_int_equal(rc, 0);
    outis_table *t = calloc(1, sizeof *t);
    assert_non_null(t);
    rc = jsonl_read(&t->data, &src, o != NULL ? o : &defaults, NULL, NULL, err);
    source_close(&src);
    if (rc < 0) {
        free(t);
        *out = NULL;
        return rc;
    }
    *out = t;
    return 0;
}

static outis_table *read_ok(const char *text, const outis_csv_options *o)
{
    outis_table *t = NULL;
    outis_error err;
    int rc = read_opts(&t, text, strlen(text), o, &err);
    if (rc != 0) {
        print_error("%s:%llu:%llu: %s\n", err.source, (unsigned long long)err.line,
                    (unsigned long long)err.column, err.message);
    }
    assert_int_equal(rc, 0);
    return t;
}

/* Reading text fails with code at line:column (where jansson stopped) with message. */
static void read_fails(const char *text, size_t len, const outis_csv_options *o, int code,
                       uint64_t line, uint64_t column, const char *message)
{
    outis_table *t = NULL;
    outis_error err;
    int rc = read_opts(&t, text, len, o, &err);
    assert_null(t);
    assert_int_equal(rc, code);
    assert_int_equal(err.code, code);
    assert_string_equal(err.message, message);
    assert_string_equal(err.source, "t.jsonl");
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
}

static void fails(const char *text, int code, uint64_t line, uint64_t column, const char *message)
{
    read_fails(text, strlen(text), NULL, code, line, column, message);
}

static void test_values_as_written(void **state)
{
    (void)state;
    outis_table *t = read_ok("{\"id\":1,\"score\":1.50,\"big\":12345678901234567890,\"e\":1e5,"
                             "\"neg\":-0,\"ok\":true,\"no\":false,\"s\":\"a\\\"b\\u00e9\\n\"}\n",
                             NULL);
    assert_table(t, "id|score|big|e|neg|ok|no|s\n"
                    "1|1.50|12345678901234567890|1e5|-0|true|false|a\"b\xc3\xa9\n\n");
    assert_int_equal(outis_table_delimiter(t), 0);
    for (size_t c = 0; c < outis_table_columns(t); c++) {
        assert_int_equal(outis_table_cardinality(t, c), 1); /* no code that no row uses */
        assert_int_equal(outis_table_missing_code(t, c), UINT32_MAX);
    }
    outis_table_free(t);
}

static void test_union_of_keys_in_order(void **state)
{
    (void)state;
    /* a key first seen later is missing before; absent and null are missing; blank and
     * whitespace lines are skipped; CRLF, a BOM and no final newline are fine */
    outis_table *t = read_ok("\xef\xbb\xbf{\"b\":\"x\",\"a\":1}\r\n"
                             "\n"
                             "  \t\r\n"
                             "{\"a\":2,\"c\":null}\n"
                             "{\"c\":\"z\",\"b\":\"y\"}",
                             NULL);
    assert_table(t, "b|a|c\n"
                    "x|1|?\n"
                    "?|2|?\n"
                    "y|?|z\n");
    assert_int_equal(outis_table_file_columns(t), 3);
    assert_int_equal(outis_table_cardinality(t, 2), 2); /* z and missing */
    outis_table_free(t);
}

static void test_nested_keys_and_arrays(void **state)
{
    (void)state;
    outis_table *t = read_ok("{\"name\":{\"first\":\"Li\",\"family\":{\"zh\":\"\xe6\x9d\x8e\"}},"
                             "\"tags\":[\"a\",1.50,{\"k\":null,\"n\":[true]}],\"empty\":{},"
                             "\"none\":[]}\n"
                             "{\"name\":{\"first\":\"Wu\"},\"tags\":\"flat\"}\n",
                             NULL);
    assert_table(t, "name.first|name.family.zh|tags|none\n"
                    "Li|\xe6\x9d\x8e|[\"a\",1.50,{\"k\":null,\"n\":[true]}]|[]\n"
                    "Wu|?|flat|?\n");
    outis_table_free(t);
    /* an array's strings are escaped again, compactly */
    t = read_ok("{\"a\":[\"q\\\"\\\\\\u0001\\/\", \"\\u4e2d\"]}\n", NULL);
    assert_table(t, "a\n[\"q\\\"\\\\\\u0001/\",\"\xe4\xb8\xad\"]\n");
    outis_table_free(t);
}

static void test_missing_tokens(void **state)
{
    (void)state;
    /* by default "", NA and NULL are missing, as in CSV: one code with null */
    outis_table *t = read_ok("{\"a\":\"\"}\n{\"a\":\"NA\"}\n{\"a\":null}\n{\"a\":\"v\"}\n", NULL);
    assert_table(t, "a\n?\n?\n?\nv\n");
    assert_int_equal(outis_table_cardinality(t, 0), 2);
    outis_table_free(t);
    /* with no tokens, "" is a value of its own and null stays missing */
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    static const char *const none[] = {NULL};
    o.na = none;
    o.na_count = 0;
    t = read_ok("{\"a\":\"\"}\n{\"a\":\"NA\"}\n{\"a\":null}\n{}\n", &o);
    assert_table(t, "a\n\nNA\n?\n?\n");
    uint32_t code;
    assert_int_equal(outis_table_find_value(&code, t, 0, "", 0), 0);
    assert_int_equal(code, outis_table_codes(t, 0)[0]);
    assert_int_not_equal(code, outis_table_missing_code(t, 0));
    assert_int_equal(outis_table_codes(t, 0)[2], outis_table_missing_code(t, 0));
    assert_int_equal(outis_table_codes(t, 0)[3], outis_table_missing_code(t, 0));
    outis_table_free(t);
}

static void test_columns_option(void **state)
{
    (void)state;
    static const char text[] = "{\"id\":1,\"age\":30,\"addr\":{\"zip\":\"100\"}}\n"
                               "{\"id\":2,\"sex\":\"F\"}\n";
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    const char *cols[] = {"sex", "addr.zip"};
    o.columns = cols;
    o.column_count = 2;
    outis_table *t = read_ok(text, &o);
    assert_table(t, "sex|addr.zip\n?|100\nF|?\n");
    assert_int_equal(outis_table_file_columns(t), 4);
    outis_table_free(t);
    const char *typo[] = {"age", "adr.zip"};
    o.columns = typo;
    read_fails(text, strlen(text), &o, OUTIS_ENOTFOUND, 0, 0,
               "unknown column 'adr.zip' (did you mean 'addr.zip'?); columns: id, age, "
               "addr.zip, sex");
    const char *twice[] = {"age", "age"};
    o.columns = twice;
    read_fails(text, strlen(text), &o, OUTIS_EINVAL, 0, 0, "column 'age' asked for twice");
}

static void test_hashed_option(void **state)
{
    (void)state;
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    const char *hashed[] = {"id"};
    o.hashed = hashed;
    o.hashed_count = 1;
    outis_table *t = read_ok("{\"x\":1}\n{\"id\":\"p1\",\"x\":2}\n{\"id\":\"NA\"}\n", &o);
    assert_table(t, "x|id\n1|?\n2|#\n?|?\n");
    const uint64_t *h = outis_table_hashes(t, 1);
    assert_non_null(h);
    assert_true(h[1] == XXH3_64bits("p1", 2));
    assert_int_equal(outis_table_missing_code(t, 1), OUTIS_HASH_MISSING);
    outis_table_free(t);
    const char *absent[] = {"pid"};
    o.hashed = absent;
    read_fails("{\"x\":1}\n", 8, &o, OUTIS_EINVAL, 0, 0, "hashed column 'pid' is not loaded");
}

static void test_syntax_errors(void **state)
{
    (void)state;
    fails("{\"a\":1}\n\n{\"a\":}\n", OUTIS_EPARSE, 3, 6, "invalid JSON: unexpected token");
    fails("{\"a\":1} {\"a\":2}\n", OUTIS_EPARSE, 1, 9,
          "invalid JSON: more text after the object (one object per line)");
    fails("{\"a\":1,\n\"b\":2}\n", OUTIS_EPARSE, 1, 7,
          "invalid JSON: string or '}' expected, found the end of the line");
    fails("{\"a\":[1,2\n", OUTIS_EPARSE, 1, 9,
          "invalid JSON: ']' expected, found the end of the line");
    fails("{\"a\":\"abc\n", OUTIS_EPARSE, 1, 9, "invalid JSON: the line ends inside a string");
    fails("{\"a\":tru}\n", OUTIS_EPARSE, 1, 8, "invalid JSON: invalid token");
    fails("{\"name\":Zhang San}\n", OUTIS_EPARSE, 1, 13, "invalid JSON: invalid token");
    fails("{'a':1}\n", OUTIS_EPARSE, 1, 2, "invalid JSON: string or '}' expected");
    fails("{\"a\":1,\"a\":2}\n", OUTIS_EPARSE, 1, 10, "invalid JSON: duplicate object key");
    fails("{\"a\":\"\\u0000\"}\n", OUTIS_EPARSE, 1, 13, "invalid JSON: a string holds \\u0000");
    fails("{\"a\":1e400}\n", OUTIS_EPARSE, 1, 10, "invalid JSON: number out of range");
    fails("{\"a\":\"\xff\"}\n", OUTIS_EPARSE, 1, 6, "invalid JSON: invalid UTF-8");
    /* columns count characters: two before the error are two bytes each */
    fails("{\"\xc3\xa9\":\"\xc3\xbc\", x}\n", OUTIS_EPARSE, 1, 11,
          "invalid JSON: string or '}' expected");
}

static void test_not_an_object(void **state)
{
    (void)state;
    fails("{\"a\":1}\n[1,2]\n", OUTIS_EPARSE, 2, 1, "expected a JSON object, found an array");
    fails("  42\n", OUTIS_EPARSE, 1, 3, "expected a JSON object, found a number");
    fails("\"s\"\n", OUTIS_EPARSE, 1, 1, "expected a JSON object, found a string");
    fails("true\n", OUTIS_EPARSE, 1, 1, "expected a JSON object, found a boolean");
    fails("\n\nnull\n", OUTIS_EPARSE, 3, 1, "expected a JSON object, found null");
}

static void test_error_offsets(void **state)
{
    (void)state;
    outis_table *t = NULL;
    outis_error err;
    static const char text[] = "{\"a\":1}\n{\"a\":}\n";
    assert_int_equal(read_opts(&t, text, sizeof text - 1, NULL, &err), OUTIS_EPARSE);
    assert_int_equal(err.offset, 8 + 5); /* the '}' of line 2 */
    static const char bom[] = "\xef\xbb\xbf[]\n";
    assert_int_equal(read_opts(&t, bom, sizeof bom - 1, NULL, &err), OUTIS_EPARSE);
    assert_int_equal(err.offset, 3);
    assert_int_equal(err.column, 1);
}

static void test_key_twice_after_joining(void **state)
{
    (void)state;
    fails("{\"x\":1}\n{\"a.b\":1,\"a\":{\"b\":2}}\n", OUTIS_EPARSE, 2, 0,
          "key 'a.b' occurs twice once nested keys are joined with '.'");
}

static void test_limits(void **state)
{
    (void)state;
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.max_field = 8;
    static const char text[] = "{\"a\":\"12345678\"}\n{\"b\":[1,2,3,4]}\n";
    read_fails(text, sizeof text - 1, &o, OUTIS_ELIMIT, 2, 0,
               "value of 'b' longer than 8 bytes (see --max-field)");
    /* a line may be 64 times the field limit, and at least 64 KiB */
    size_t len = 70000;
    char *big = malloc(len + 1);
    assert_non_null(big);
    memset(big, ' ', len);
    memcpy(big, "{\"a\":1}\n{\"b\":1", 14);
    big[len - 2] = '}';
    big[len - 1] = '\n';
    read_fails(big, len, &o, OUTIS_ELIMIT, 2, 0, "line longer than 65536 bytes (see --max-field)");
    o.max_field = 0; /* 1 MiB: the same line reads */
    outis_table *t = NULL;
    outis_error err;
    assert_int_equal(read_opts(&t, big, len, &o, &err), 0);
    assert_table(t, "a|b\n1|?\n?|1\n");
    outis_table_free(t);
    free(big);
}

static void test_skip_bad_rows(void **state)
{
    (void)state;
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.skip_bad_rows = 1;
    outis_table *t = read_ok("{\"a\":1}\n{\"a\":\n[1]\n{\"a\":2}\n", &o);
    assert_table(t, "a\n1\n2\n");
    assert_int_equal(outis_table_skipped_rows(t), 2);
    outis_table_free(t);
}

static void test_empty_input(void **state)
{
    (void)state;
    outis_table *t = read_ok("\n\n", NULL);
    assert_int_equal(outis_table_rows(t), 0);
    assert_int_equal(outis_table_columns(t), 0);
    outis_table_free(t);
    t = read_ok("{}\n{}\n", NULL);
    assert_int_equal(outis_table_rows(t), 2);
    assert_int_equal(outis_table_columns(t), 0);
    outis_table_free(t);
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    const char *cols[] = {"age"};
    o.columns = cols;
    o.column_count = 1;
    read_fails("", 0, &o, OUTIS_ENOTFOUND, 0, 0, "unknown column 'age'; there are no columns");
}

/* The entry point picks JSON Lines by the suffix, or by the format option (for stdin too). */
static void test_entry_point(void **state)
{
    (void)state;
    char dir[] = "/tmp/outis_jsonl_XXXXXX";
    assert_non_null(mkdtemp(dir));
    static const char text[] = "{\"age\":30,\"sex\":\"F\"}\n{\"age\":41}\n";
    const char *path = write_file(dir, "p.NDJSON", text, sizeof text - 1);
    outis_table *t = NULL;
    outis_error err;
    assert_int_equal(outis_table_source_format(path), OUTIS_FORMAT_JSONL);
    assert_int_equal(outis_table_read(&t, path, NULL, &err), 0);
    assert_table(t, "age|sex\n30|F\n41|?\n");
    outis_table_free(t);
    char renamed[600];
    snprintf(renamed, sizeof renamed, "%s/p.txt", dir);
    assert_int_equal(rename(path, renamed), 0);
    outis_read_options o = OUTIS_READ_OPTIONS_INIT;
    o.format = OUTIS_FORMAT_JSONL;
    assert_int_equal(outis_table_read(&t, renamed, &o, &err), 0);
    assert_int_equal(outis_table_rows(t), 2);
    outis_table_free(t);
    o.format = OUTIS_FORMAT_CSV; /* the same file as CSV: quotes inside unquoted fields */
    assert_int_equal(outis_table_read(&t, renamed, &o, &err), OUTIS_EPARSE);
    const char *bad = write_file(dir, "bad.jsonl", "{}\n{\n", 5);
    assert_int_equal(outis_table_read(&t, bad, NULL, &err), OUTIS_EPARSE);
    assert_string_equal(err.source, bad);
    assert_int_equal(err.line, 2);
    unlink(bad);
    unlink(renamed);
    assert_int_equal(rmdir(dir), 0);
}

/* Every allocation of a read, with nesting, arrays, new columns and a sample, fails cleanly. */
static int attempt(const void *arg)
{
    (void)arg;
    static const char text[] = "{\"a\":{\"b\":1,\"c\":[1,\"x\"]},\"d\":\"NA\"}\n"
                               "{\"e\":true}\n{\"a\":{\"b\":2},\"d\":\"q\"}\n{\"f\":null}\n";
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    const char *hashed[] = {"d"};
    o.hashed = hashed;
    o.hashed_count = 1;
    reservoir rs;
    const uint64_t seed = 3;
    outis_error err;
    int rc = reservoir_init(&rs, 2, &seed, &err);
    assert_int_equal(rc, 0);
    source src;
    assert_int_equal(source_open_buffer(&src, text, sizeof text - 1, "a.jsonl", NULL, &err), 0);
    csv_data d;
    rc = jsonl_read(&d, &src, &o, &rs, NULL, &err);
    source_close(&src);
    reservoir_free(&rs);
    if (rc < 0) {
        assert_nomem(rc, &err);
        return rc;
    }
    assert_int_equal(d.nrows, 2);
    assert_int_equal(d.ncols, 5);
    csv_data_free(&d);
    return 0;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    fail_each_allocation(attempt, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_as_written),
        cmocka_unit_test(test_union_of_keys_in_order),
        cmocka_unit_test(test_nested_keys_and_arrays),
        cmocka_unit_test(test_missing_tokens),
        cmocka_unit_test(test_columns_option),
        cmocka_unit_test(test_hashed_option),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_not_an_object),
        cmocka_unit_test(test_error_offsets),
        cmocka_unit_test(test_key_twice_after_joining),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_skip_bad_rows),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_entry_point),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
