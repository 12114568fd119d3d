/* test_classify.c - the column classifier (src/scan/classify*.c) on hand-built tables: roles,
 * shares weighted by rows, confidences and reasons word for word; values over headers;
 * quasi-identifiers by header and by value; sensitive categories; free text; sampling of
 * columns with many distinct values; errors; and the classifier's own word tables. Birth
 * dates are judged against 2025-06-01. Confidences follow docs/scan.md. */
#include "testutil.h"

#include "scan/classify_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static outis_column_class one_column;

static outis_scanner *scanner(void)
{
    outis_scanner_options o = OUTIS_SCANNER_OPTIONS_INIT;
    o.today = 20250601;
    outis_scanner *sc = NULL;
    assert_int_equal(outis_scanner_new(&sc, &o, NULL), 0);
    return sc;
}

/* Classifies the first column of the CSV text. */
static void classify_csv(outis_column_class *out, const char *csv, size_t max_values)
{
    outis_scanner *sc = scanner();
    outis_table *t = table_from(csv, 1);
    outis_classify_options o = OUTIS_CLASSIFY_OPTIONS_INIT;
    o.max_values = max_values;
    outis_error err;
    int rc = outis_classify_column(out, sc, t, 0, &o, &err);
    if (rc != 0) {
        fail_msg("classify failed: %s", err.message);
    }
    /* names are borrowed from the table: keep a copy alive for the checks */
    static char name[64];
    snprintf(name, sizeof name, "%s", out->name);
    out->name = name;
    outis_table_free(t);
    outis_scanner_free(sc);
}

static const char *entity_name(const outis_column_class *c, size_t i)
{
    assert_true(i < c->entity_count);
    return outis_scan_entity(c->entities[i].entity)->name;
}

static void assert_reasons(const outis_column_class *c, const char *const *want, size_t n)
{
    for (size_t i = 0; i < n && i < c->reason_count; i++) {
        assert_string_equal(c->reasons[i], want[i]);
    }
    assert_int_equal(c->reason_count, n);
}

/* Three rows of one valid ID (weighted by rows, judged once), one with a wrong check
 * character. */
static void test_resident_ids(void **state)
{
    (void)state;
    outis_column_class c;
    classify_csv(&c,
                 "身份证号\n11010519491231002X\n11010519491231002X\n11010519491231002X\n"
                 "36042619910102009X\n",
                 0);
    assert_int_equal(c.role, OUTIS_ROLE_DIRECT_ID);
    assert_int_equal(c.rows, 4);
    assert_int_equal(c.distinct, 2);
    assert_int_equal(c.checked, 4);
    assert_false(c.is_sampled);
    assert_near(c.distinct_ratio, 0.5, 1e-12);
    assert_int_equal(c.entity_count, 1);
    assert_string_equal(entity_name(&c, 0), "cn_resident_id");
    assert_near(c.entities[0].share, 0.75, 1e-12);
    assert_near(c.entities[0].valid_share, 0.75, 1e-12);
    assert_int_equal(c.entities[0].count, 3);
    /* the header is context: 0.99, times 0.5 + 0.5 * 0.75 */
    assert_near(c.confidence, 0.99 * 0.875, 1e-12);
    assert_string_equal(c.header_names, "cn_resident_id");
    assert_int_equal(c.header_strength, 2);
    assert_string_equal(c.example, "110105********002X");
    static const char *const want[] = {"75% of values are valid resident ID numbers (check "
                                       "character)",
                                       "header 身份证号 names a resident ID number",
                                       "distinct ratio 0.50"};
    assert_reasons(&c, want, 3);
}

/* 18-digit order numbers under an ID header: the values win. */
static void test_order_numbers(void **state)
{
    (void)state;
    outis_column_class c;
    classify_csv(&c, "身份证号\n202405011234567890\n202405011234567891\n202405011234567892\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_OTHER);
    assert_int_equal(c.entity_count, 0);
    assert_near(c.confidence, 0.75, 1e-12);
    assert_string_equal(c.example, "");
    static const char *const want[] = {
        "header 身份证号 names a resident ID number, but the values do not",
        "100% of values are numbers", "distinct ratio 1.00"};
    assert_reasons(&c, want, 3);
}

/* Nine digits that pass the SSA's rules (as most 9-digit numbers do) are an SSN only under a
 * header that names one, as in text they need a keyword. */
static void test_plain_ssn_needs_header(void **state)
{
    (void)state;
    const char *values = "\n123456789\n234567890\n345678901\n456789012\n";
    char csv[128];
    outis_column_class c;
    snprintf(csv, sizeof csv, "ref%s", values);
    classify_csv(&c, csv, 0);
    assert_int_equal(c.role, OUTIS_ROLE_OTHER);
    assert_int_equal(c.entity_count, 0);
    snprintf(csv, sizeof csv, "ssn%s", values);
    classify_csv(&c, csv, 0);
    assert_int_equal(c.role, OUTIS_ROLE_DIRECT_ID);
    assert_string_equal(entity_name(&c, 0), "us_ssn");
    assert_near(c.entities[0].share, 1, 1e-12);
    /* with its dashes, the shape is the SSN's own: no header needed */
    classify_csv(&c, "ref\n123-45-6789\n234-56-7890\n345-67-8901\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_DIRECT_ID);
    assert_string_equal(entity_name(&c, 0), "us_ssn");
}

/* A key given to a person (patient_id, 会员号) is a direct identifier whatever its values,
 * repeated or not; words under such a header are not keys. */
static void test_person_keys(void **state)
{
    (void)state;
    outis_column_class c;
    classify_csv(&c, "patient_id\n1001\n1001\n1002\n1003\n1002\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_DIRECT_ID);
    assert_near(c.confidence, 0.85, 1e-12);
    assert_int_equal(c.entity_count, 0);
    static const char *const want[] = {"header patient_id names a key given to a person",
                                       "100% of values look like keys (numbers or codes)",
                                       "distinct ratio 0.60"};
    assert_reasons(&c, want, 3);
    classify_csv(&c, "会员号\nM0001\nM0002\nM0003\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_DIRECT_ID);
    classify_csv(&c, "member_id\ngold member\nsilver member\ngold member\n", 0);
    assert_int_not_equal(c.role, OUTIS_ROLE_DIRECT_ID);
    classify_csv(&c, "user_id\n7\n7\n7\n", 0); /* one value: no key tells people apart */
    assert_int_not_equal(c.role, OUTIS_ROLE_DIRECT_ID);
    /* the word inside a longer header: a key only with values about as many as the rows */
    classify_csv(&c, "patient_id_hash\n9f2c\n11ab\n7d30\n52ee\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_DIRECT_ID);
    classify_csv(&c, "memberid_count\n0\n1\n0\n2\n1\n0\n1\n0\n", 0);
    assert_int_not_equal(c.role, OUTIS_ROLE_DIRECT_ID);
    classify_csv(&c, "mrn_status\nactive\nclosed\nactive\nactive\nclosed\n", 0);
    assert_int_not_equal(c.role, OUTIS_ROLE_DIRECT_ID);
}

/* Mobile numbers under a header that names nothing; one value of four is missing. */
static void test_mobiles_without_header(void **state)
{
    (void)state;
    outis_column_class c;
    classify_csv(&c, "remark\n13812345678\n19912345678\nNA\n+86 138 1234 5678\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_DIRECT_ID);
    assert_int_equal(c.missing, 1);
    assert_int_equal(c.checked, 3);
    assert_string_equal(entity_name(&c, 0), "cn_mobile");
    assert_near(c.entities[0].share, 1, 1e-12);
    assert_near(c.confidence, 0.85, 1e-12);
    assert_string_equal(c.header_names, "");
    assert_string_equal(c.example, "138****5678");
    static const char *const want[] = {"100% of values are mobile numbers (number ranges)",
                                       "distinct ratio 1.00"};
    assert_reasons(&c, want, 2);
}

static void test_uscc(void **state)
{
    (void)state;
    outis_column_class c;
    classify_csv(&c, "供应商\n91110000600037341L\n121200004013590816\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_ORG_ID);
    assert_string_equal(entity_name(&c, 0), "cn_uscc");
    assert_near(c.confidence, 0.9, 1e-12);
    static const char *const want[] = {
        "100% of values are valid unified social credit codes (check character)",
        "distinct ratio 1.00"};
    assert_reasons(&c, want, 2);
}

/* Ages by header, one of them a child's. */
static void test_age(void **state)
{
    (void)state;
    outis_column_class c;
    classify_csv(&c, "年龄\n5\n30\n30\n45\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_QUASI_ID);
    assert_string_equal(c.quasi_kind, "age");
    assert_string_equal(c.category, "minor");
    assert_near(c.minor_share, 0.25, 1e-12);
    assert_near(c.confidence, 0.9, 1e-12);
    static const char *const want[] = {"header 年龄 names an age", "100% of values are ages",
                                       "25% of values are ages under 14 (minors)",
                                       "distinct ratio 0.75"};
    assert_reasons(&c, want, 4);
}

/* Sex by its values alone; and an "age" header over values that are no ages. */
static void test_sex_values_and_false_age(void **state)
{
    (void)state;
    outis_column_class c;
    classify_csv(&c, "c3\n男\n女\n女\nmale\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_QUASI_ID);
    assert_string_equal(c.quasi_kind, "sex");
    assert_near(c.confidence, 0.8, 1e-12);
    static const char *const want[] = {"100% of values are sex values", "distinct ratio 0.75"};
    assert_reasons(&c, want, 2);

    classify_csv(&c, "age\nred\nblue\ngreen\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_OTHER);
    static const char *const other[] = {"header age may name an age, but the values do not",
                                        "no personal data found in 3 values",
                                        "distinct ratio 1.00"};
    assert_reasons(&c, other, 3);
}

/* Birth dates by header (the header makes the date detector count), one under 14. */
static void test_birth_dates(void **state)
{
    (void)state;
    outis_column_class c;
    classify_csv(&c, "出生日期\n1980-02-29\n1975-12-01\n2015-06-01\n1990-01-31\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_QUASI_ID);
    assert_string_equal(c.quasi_kind, "birth_date");
    assert_string_equal(entity_name(&c, 0), "date_of_birth");
    assert_near(c.minor_share, 0.25, 1e-12);
    assert_near(c.confidence, 0.85, 1e-12);
    assert_string_equal(c.example, "1980-**-**");
    static const char *const want[] = {
        "100% of values are dates of birth (calendar)", "header 出生日期 names a birth date",
        "25% of values are birth dates under 14 (minors)", "distinct ratio 1.00"};
    assert_reasons(&c, want, 4);
}

/* Dates of a few months without a header: events, not births. */
static void test_event_dates(void **state)
{
    (void)state;
    outis_column_class c;
    classify_csv(&c, "d\n2024-03-05\n2024-04-11\n2024-05-20\n2024-05-21\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_OTHER);
    assert_near(c.confidence, 0.9, 1e-12);
    static const char *const want[] = {"100% of values are dates within 1 year, not birth dates",
                                       "distinct ratio 1.00"};
    assert_reasons(&c, want, 2);
}

static void test_diagnosis(void **state)
{
    (void)state;
    outis_column_class c;
    classify_csv(&c, "诊断\n糖尿病\nE11.9\n高血压\nfine\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_SENSITIVE);
    assert_string_equal(c.category, "health");
    assert_near(c.category_share, 0.75, 1e-12);
    assert_near(c.confidence, 0.6 + 0.35 * 0.75 + 0.05, 1e-12);
    static const char *const want[] = {"75% of values name health conditions or ICD-10 codes",
                                       "header 诊断 names health data", "distinct ratio 1.00"};
    assert_reasons(&c, want, 3);
}

/* A header naming a sensitive category over numbers. */
static void test_salary(void **state)
{
    (void)state;
    outis_column_class c;
    classify_csv(&c, "salary\n3200\n4100\n5150\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_SENSITIVE);
    assert_string_equal(c.category, "financial");
    assert_near(c.confidence, 0.7, 1e-12);
    static const char *const want[] = {"header salary names financial data", "distinct ratio 1.00"};
    assert_reasons(&c, want, 2);
}

/* Remarks with identifiers inside two of four cells. */
static void test_free_text(void **state)
{
    (void)state;
    outis_column_class c;
    classify_csv(&c,
                 "notes\n\"call back on 13812345678, after 5pm\"\n\"nothing to add here today\"\n"
                 "\"send the invoice to li.wei@example.com\"\n\"delivered on time, no issue\"\n",
                 0);
    assert_int_equal(c.role, OUTIS_ROLE_DIRECT_ID);
    assert_true(c.is_free_text);
    assert_near(c.text_share, 0.5, 1e-12);
    assert_int_equal(c.entity_count, 2);
    assert_string_equal(entity_name(&c, 0), "cn_mobile");
    assert_near(c.entities[0].share, 0.25, 1e-12);
    assert_int_equal(c.entities[0].count, 1);
    assert_string_equal(entity_name(&c, 1), "email");
    assert_near(c.confidence, 0.95, 1e-12);
    static const char *const want[] = {"free text: 50% of cells hold personal data",
                                       "found: mobile numbers 1, e-mail addresses 1"};
    assert_reasons(&c, want, 2);
}

static void test_timestamps_and_empty(void **state)
{
    (void)state;
    outis_column_class c;
    classify_csv(&c, "t\n2025-01-02 10:11:12\n2025-01-02T10:11:13\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_OTHER);
    static const char *const want[] = {"100% of values are timestamps", "distinct ratio 1.00"};
    assert_reasons(&c, want, 2);

    classify_csv(&c, "手机号,x\n,1\nNA,2\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_OTHER);
    assert_int_equal(c.missing, 2);
    assert_near(c.confidence, 0.5, 1e-12);
    static const char *const empty[] = {"every value is missing",
                                        "header 手机号 names a mobile number"};
    assert_reasons(&c, empty, 2);
}

/* Names in Latin letters under a weak header; product names under the same header. */
static void test_latin_names(void **state)
{
    (void)state;
    outis_column_class c;
    classify_csv(&c, "name\nAnn Smith\nBob Jones\nCai Wen\nDee Park\nIda Kent\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_DIRECT_ID);
    assert_near(c.confidence, 0.7, 1e-12);
    static const char *const want[] = {"header name may name a personal name",
                                       "100% of values look like personal names",
                                       "distinct ratio 1.00"};
    assert_reasons(&c, want, 3);

    classify_csv(&c, "product name\nApple Juice\nGreen Tea\nRed Wine\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_OTHER);
}

/* More distinct values than max_values: a sample of that many rows. */
static void test_sampled(void **state)
{
    (void)state;
    outis_column_class c;
    classify_csv(&c, "email\na@example.com\nb@example.com\nc@example.com\nd@example.com\n", 2);
    assert_true(c.is_sampled);
    assert_int_equal(c.checked, 2);
    assert_int_equal(c.distinct, 4);
    assert_near(c.entities[0].share, 1, 1e-12);
    assert_int_equal(c.entities[0].count, 2);
    assert_int_equal(c.role, OUTIS_ROLE_DIRECT_ID);
}

/* The whole table, in column order, on two threads; and the errors. */
static void test_table(void **state)
{
    (void)state;
    outis_scanner *sc = scanner();
    outis_table *t = table_from("sex,phone,amount\nF,13812345678,1.5\nM,13912345678,2\n", 1);
    outis_classification *c = NULL;
    outis_classify_options o = OUTIS_CLASSIFY_OPTIONS_INIT;
    o.threads = 2;
    assert_int_equal(outis_classify_table(&c, sc, t, &o, NULL), 0);
    assert_int_equal(outis_classification_columns(c), 3);
    static const int roles[] = {OUTIS_ROLE_QUASI_ID, OUTIS_ROLE_DIRECT_ID, OUTIS_ROLE_OTHER};
    for (size_t i = 0; i < 3; i++) {
        const outis_column_class *k = outis_classification_column(c, i);
        assert_int_equal(k->column, i);
        assert_int_equal(k->role, roles[i]);
    }
    assert_null(outis_classification_column(c, 3));
    outis_classification_free(c);

    outis_error err;
    outis_column_class one;
    assert_int_equal(outis_classify_column(&one, sc, t, 3, NULL, &err), OUTIS_EINVAL);
    assert_string_equal(err.message, "column 3 out of range (the table has 3)");
    assert_int_equal(outis_classify_table(&c, NULL, t, NULL, &err), OUTIS_EINVAL);
    o.version = 99;
    assert_int_equal(outis_classify_table(&c, sc, t, &o, &err), OUTIS_EINVAL);
    outis_classification_free(NULL);
    outis_table_free(t);
    outis_scanner_free(sc);
}

static void test_names_of_roles(void **state)
{
    (void)state;
    assert_string_equal(outis_role_name(OUTIS_ROLE_OTHER), "other");
    assert_string_equal(outis_role_name(OUTIS_ROLE_DIRECT_ID), "direct_identifier");
    assert_string_equal(outis_role_name(OUTIS_ROLE_QUASI_ID), "quasi_identifier");
    assert_string_equal(outis_role_name(OUTIS_ROLE_SENSITIVE), "sensitive_attribute");
    assert_string_equal(outis_role_name(OUTIS_ROLE_ORG_ID), "organisation_identifier");
    assert_string_equal(outis_role_name(5), "unknown");
    size_t e;
    static const struct {
        const char *name;
        int role;
    } roles[] = {{"cn_resident_id", OUTIS_ROLE_DIRECT_ID}, {"cn_uscc", OUTIS_ROLE_ORG_ID},
                 {"cn_postcode", OUTIS_ROLE_QUASI_ID},     {"date_of_birth", OUTIS_ROLE_QUASI_ID},
                 {"latlon", OUTIS_ROLE_SENSITIVE},         {"email", OUTIS_ROLE_DIRECT_ID}};
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++) {
        assert_int_equal(outis_scan_entity_find(&e, roles[i].name, NULL), 0);
        assert_int_equal(outis_entity_role(e), roles[i].role);
    }
    assert_int_equal(outis_entity_role(999), OUTIS_ROLE_OTHER);
}

/* Writes a CSV of n rows "i,<mobile i>,<sex>" to a temporary file; returns its path. */
static char *write_rows(size_t n, const char *extra)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/outis_test_classify_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fprintf(f, "id,phone,sex\n");
    for (size_t i = 0; i < n; i++) {
        if (i == n / 2 && extra != NULL) {
            fputs(extra, f);
        }
        fprintf(f, "%zu,138%08zu,%s\n", i, i * 7919 % 100000000, i % 3 ? "F" : "M");
    }
    assert_int_equal(fclose(f), 0);
    return path;
}

/* A value of digits (not NUL-terminated) as a number. */
static long number(const char *s, size_t len)
{
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        assert_true(s[i] >= '0' && s[i] <= '9');
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* A sample drawn by seeking: the size asked, distinct rows of the file in its order, the
 * same for the same seed; and the sources it leaves to the whole reader. */
static void test_sample_seek(void **state)
{
    (void)state;
    char *path = write_rows(4000, NULL);
    outis_read_options o = OUTIS_READ_OPTIONS_INIT;
    o.sample = 200;
    o.has_seed = 1;
    o.seed = 5;
    outis_table *a = NULL, *b = NULL;
    assert_int_equal(outis_table_sample_seek(&a, path, &o, NULL), 0);
    assert_int_equal(outis_table_sample_seek(&b, path, &o, NULL), 0);
    assert_int_equal(outis_table_rows(a), 200);
    assert_int_equal(outis_table_columns(a), 3);
    assert_int_equal(outis_table_cardinality(a, 0), 200); /* distinct rows */
    long last = -1;
    for (size_t r = 0; r < 200; r++) {
        size_t len;
        const char *v = outis_table_value(a, 0, outis_table_codes(a, 0)[r], &len);
        long id = number(v, len);
        assert_true(id > last && id < 4000); /* in the file's order */
        last = id;
        const char *w = outis_table_value(b, 0, outis_table_codes(b, 0)[r], &len);
        assert_int_equal(number(w, len), id);
    }
    outis_table_free(a);
    outis_table_free(b);
    /* a quarter of the rows or more, standard input: read whole */
    o.sample = 1500;
    assert_int_equal(outis_table_sample_seek(&a, path, &o, NULL), 1);
    o.sample = 10;
    assert_int_equal(outis_table_sample_seek(&a, "-", &o, NULL), 1);
    assert_int_equal(outis_table_sample_seek(&a, "/nonexistent.csv", &o, NULL), 1);
    unlink(path);
    /* a quoted line break */
    path = write_rows(4000, "x,\"13812345678\nmore\",F\n");
    o.sample = 400;
    int rc = 0;
    for (uint64_t seed = 0; seed < 8 && rc == 0; seed++) {
        o.seed = seed;
        rc = outis_table_sample_seek(&a, path, &o, NULL);
        if (rc == 0) {
            outis_table_free(a);
        }
    }
    unlink(path);
    assert_int_equal(rc, 1);
}

/* A sample of 32,768 rows or more is drawn in parts on several threads: distinct rows in the
 * file's order, and the same rows for the same seed whatever the number of threads. */
static void test_sample_seek_threads(void **state)
{
    (void)state;
    char *path = write_rows(300000, NULL);
    outis_read_options o = OUTIS_READ_OPTIONS_INIT;
    o.sample = 40000;
    o.has_seed = 1;
    o.seed = 11;
    outis_table *t[3] = {NULL, NULL, NULL};
    for (unsigned k = 0; k < 3; k++) {
        o.csv.threads = k + 1;
        assert_int_equal(outis_table_sample_seek(&t[k], path, &o, NULL), 0);
    }
    unlink(path);
    assert_int_equal(outis_table_rows(t[0]), 40000);
    assert_int_equal(outis_table_cardinality(t[0], 0), 40000);
    long last = -1;
    for (size_t r = 0; r < 40000; r++) {
        size_t len;
        const char *v = outis_table_value(t[0], 0, outis_table_codes(t[0], 0)[r], &len);
        long id = number(v, len);
        assert_true(id > last && id < 300000);
        last = id;
        for (unsigned k = 1; k < 3; k++) {
            const char *w = outis_table_value(t[k], 0, outis_table_codes(t[k], 0)[r], &len);
            assert_int_equal(number(w, len), id);
        }
    }
    for (unsigned k = 0; k < 3; k++) {
        outis_table_free(t[k]);
    }
}

/* Every row read, the wide column as hashes: its values judged on the sample, its rows and
 * missing values counted exactly, its distinct values estimated. */
static void test_hashed_with_sample(void **state)
{
    (void)state;
    char *path = write_rows(3000, NULL);
    outis_read_options o = OUTIS_READ_OPTIONS_INIT;
    o.sample = 500;
    o.has_seed = 1;
    outis_table *sample = NULL, *t = NULL;
    assert_int_equal(outis_table_sample_seek(&sample, path, &o, NULL), 0);
    outis_csv_options co = OUTIS_CSV_OPTIONS_INIT;
    const char *hashed[] = {"phone"};
    co.hashed = hashed;
    co.hashed_count = 1;
    assert_int_equal(outis_table_read_csv(&t, path, &co, NULL), 0);
    unlink(path);
    outis_scanner *sc = scanner();
    outis_classify_options opts = OUTIS_CLASSIFY_OPTIONS_INIT;
    opts.sample = sample;
    outis_classification *c = NULL;
    assert_int_equal(outis_classify_table(&c, sc, t, &opts, NULL), 0);
    const outis_column_class *phone = outis_classification_column(c, 1);
    assert_int_equal(phone->role, OUTIS_ROLE_DIRECT_ID);
    assert_true(phone->is_sampled);
    assert_int_equal(phone->rows, 3000);
    assert_int_equal(phone->missing, 0);
    assert_int_equal(phone->checked, 500);
    assert_true(phone->distinct >= 2900 && phone->distinct <= 3000);
    assert_int_equal(phone->entities[0].count, 500);
    const outis_column_class *sex = outis_classification_column(c, 2);
    assert_false(sex->is_sampled);
    assert_int_equal(sex->checked, 3000);
    assert_int_equal(sex->role, OUTIS_ROLE_QUASI_ID);
    outis_classification_free(c);
    /* without the sample, a hashed column has no values to judge */
    assert_int_equal(outis_classify_column(&one_column, sc, t, 1, NULL, NULL), 0);
    assert_int_equal(one_column.role, OUTIS_ROLE_OTHER);
    assert_string_equal(one_column.reasons[0], "values were not loaded (hashed column)");
    outis_table_free(t);
    outis_table_free(sample);
    outis_scanner_free(sc);
}

static void assert_same_column(const outis_column_class *a, const outis_column_class *b)
{
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->role, b->role);
    assert_true(a->confidence == b->confidence);
    assert_int_equal(a->rows, b->rows);
    assert_int_equal(a->missing, b->missing);
    assert_int_equal(a->distinct, b->distinct);
    assert_int_equal(a->checked, b->checked);
    assert_int_equal(a->is_sampled, b->is_sampled);
    assert_int_equal(a->entity_count, b->entity_count);
    for (size_t e = 0; e < a->entity_count; e++) {
        assert_int_equal(a->entities[e].entity, b->entities[e].entity);
        assert_int_equal(a->entities[e].count, b->entities[e].count);
    }
    assert_int_equal(a->reason_count, b->reason_count);
    for (size_t r = 0; r < a->reason_count; r++) {
        assert_string_equal(a->reasons[r], b->reasons[r]);
    }
    assert_string_equal(a->example, b->example);
}

/* Classifies source read whole and counted (outis_table_read_counted), with the columns in
 * hashed as hashes and a sample's values for them (drawn by seeking from CSV, else a
 * reservoir): the same columns, cardinalities and classification. */
static void check_counted(const char *source, int format, const char *const *hashed, size_t nhashed,
                          size_t want_rows)
{
    outis_read_options o = OUTIS_READ_OPTIONS_INIT;
    o.format = format;
    o.sample = 500;
    o.has_seed = 1;
    outis_table *sample = NULL, *whole = NULL, *counted = NULL;
    assert_int_equal(format == OUTIS_FORMAT_CSV ? outis_table_sample_seek(&sample, source, &o, NULL)
                                                : outis_table_read(&sample, source, &o, NULL),
                     0);
    o.sample = 0;
    o.csv.hashed = hashed;
    o.csv.hashed_count = nhashed;
    assert_int_equal(outis_table_read(&whole, source, &o, NULL), 0);
    assert_int_equal(outis_table_read_counted(&counted, source, &o, NULL), 0);
    assert_int_equal(outis_table_rows(counted), want_rows);
    assert_int_equal(outis_table_columns(counted), outis_table_columns(whole));
    assert_null(outis_table_codes(counted, 0));
    for (size_t c = 0; c < outis_table_columns(whole); c++) {
        assert_string_equal(outis_table_column_name(counted, c), outis_table_column_name(whole, c));
        assert_int_equal(outis_table_cardinality(counted, c), outis_table_cardinality(whole, c));
    }
    outis_scanner *sc = scanner();
    outis_classify_options opts = OUTIS_CLASSIFY_OPTIONS_INIT;
    opts.sample = sample;
    outis_classification *a = NULL, *b = NULL;
    assert_int_equal(outis_classify_table(&a, sc, whole, &opts, NULL), 0);
    assert_int_equal(outis_classify_table(&b, sc, counted, &opts, NULL), 0);
    assert_int_equal(outis_classification_columns(a), outis_classification_columns(b));
    for (size_t c = 0; c < outis_classification_columns(a); c++) {
        assert_same_column(outis_classification_column(a, c), outis_classification_column(b, c));
    }
    outis_classification_free(a);
    outis_classification_free(b);
    outis_table_free(whole);
    outis_table_free(counted);
    outis_table_free(sample);
    outis_scanner_free(sc);
}

/* A counted table classifies as the whole one: in one block and in two (16 MiB each), with
 * wide columns hashed, with missing values, and with nothing hashed. */
static void test_counted(void **state)
{
    (void)state;
    const char *hashed[] = {"id", "phone"};
    char *path = write_rows(3000, "NA,,\n");
    check_counted(path, OUTIS_FORMAT_CSV, hashed, 2, 3001);
    check_counted(path, OUTIS_FORMAT_CSV, NULL, 0, 3001);
    unlink(path);
    path = write_rows(700000, NULL);
    check_counted(path, OUTIS_FORMAT_CSV, hashed, 2, 700000);
    unlink(path);
    /* a header alone */
    char empty[] = "/tmp/outis_test_classify_XXXXXX";
    int fd = mkstemp(empty);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "a,b\n", 4), 4);
    close(fd);
    outis_table *t = NULL;
    assert_int_equal(outis_table_read_counted(&t, empty, NULL, NULL), 0);
    unlink(empty);
    assert_int_equal(outis_table_rows(t), 0);
    outis_scanner *sc = scanner();
    outis_classification *c = NULL;
    assert_int_equal(outis_classify_table(&c, sc, t, NULL, NULL), 0);
    assert_int_equal(outis_classification_column(c, 1)->role, OUTIS_ROLE_OTHER);
    outis_classification_free(c);
    outis_table_free(t);
    outis_scanner_free(sc);
}

/* JSON Lines and SQLite counted block by block: keys that appear only after the first blocks
 * were counted (missing in the rows before) or only in the first ones, nulls, the last block
 * short. */
static void test_counted_records(void **state)
{
    (void)state;
    enum { ROWS = 150001 };
    char path[] = "/tmp/outis_test_classify_XXXXXX"; /* read with OUTIS_FORMAT_JSONL */
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    for (int i = 0; i < ROWS; i++) {
        fprintf(f, "{\"id\": %d, \"contact\": {\"mobile\": \"138%08d\"}", i, i * 7919 % 100000000);
        fprintf(f, ", \"sex\": %s", i % 7 == 0 ? "null" : i % 3 ? "\"F\"" : "\"M\"");
        if (i < 1000) {
            fprintf(f, ", \"early\": \"e%d\"", i % 5);
        }
        if (i >= 140000) {
            fprintf(f, ", \"late\": \"%d\"", i % 4);
        }
        fputs("}\n", f);
    }
    assert_int_equal(fclose(f), 0);
    const char *hashed[] = {"id", "contact.mobile", "late"};
    check_counted(path, OUTIS_FORMAT_JSONL, hashed, 3, ROWS);
    check_counted(path, OUTIS_FORMAT_JSONL, hashed, 2, ROWS); /* "late" interned */
    unlink(path);

    char db_path[] = "/tmp/outis_test_classify_XXXXXX";
    fd = mkstemp(db_path);
    assert_true(fd >= 0);
    close(fd);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    const char *sql =
        "CREATE TABLE people(id INTEGER, \"contact.mobile\" TEXT, sex TEXT);"
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 150000)"
        " INSERT INTO people SELECT i, printf('139%08d', i * 7919 % 100000000),"
        " CASE WHEN i % 7 = 0 THEN NULL WHEN i % 3 THEN 'F' ELSE 'M' END FROM n;";
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
    char source[128];
    snprintf(source, sizeof source, "sqlite:%s?table=people", db_path);
    check_counted(source, OUTIS_FORMAT_SQLITE, hashed, 2, ROWS);
    unlink(db_path);
}

/* JSON Lines drawn by seeking: nested keys as columns, like the whole reader's. */
static void test_sample_seek_jsonl(void **state)
{
    (void)state;
    char path[] = "/tmp/outis_test_classify_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    for (int i = 0; i < 2000; i++) {
        fprintf(f, "{\"id\": %d, \"contact\": {\"mobile\": \"139%08d\"}}\n", i, i);
    }
    assert_int_equal(fclose(f), 0);
    outis_read_options o = OUTIS_READ_OPTIONS_INIT;
    o.format = OUTIS_FORMAT_JSONL;
    o.sample = 100;
    o.has_seed = 1;
    outis_table *t = NULL;
    assert_int_equal(outis_table_sample_seek(&t, path, &o, NULL), 0);
    unlink(path);
    assert_int_equal(outis_table_rows(t), 100);
    assert_int_equal(outis_table_columns(t), 2);
    assert_string_equal(outis_table_column_name(t, 1), "contact.mobile");
    assert_int_equal(outis_table_cardinality(t, 1), 100);
    outis_table_free(t);
}

#ifdef OUTIS_ALLOC_TESTING
#include "util/alloc.h"

/* One classification of a table with every kind of column (free text too), on one thread. */
static int attempt_classify(const outis_scanner *sc, const outis_table *t)
{
    outis_classification *c = NULL;
    outis_classify_options o = OUTIS_CLASSIFY_OPTIONS_INIT;
    o.threads = 1;
    o.max_values = 2; /* the sampled path too */
    outis_error err;
    int rc = outis_classify_table(&c, sc, t, &o, &err);
    if (rc < 0) {
        assert_int_equal(rc, OUTIS_ENOMEM);
        return rc;
    }
    outis_classification_free(c);
    return 0;
}

/* Every allocation of the classifier fails cleanly (ASan: nothing leaks). */
static void test_allocation_failures(void **state)
{
    (void)state;
    outis_scanner *sc = scanner();
    outis_table *t = table_from("sex,phone,notes\nF,13812345678,\"call back on 13912345678 "
                                "today\"\nM,13912345678,\"nothing to add here at all\"\n",
                                1);
    size_t n = 1;
    for (; n < 10000 && (ou_alloc_fail_at(n), attempt_classify(sc, t) != 0); n++) {
    }
    ou_alloc_fail_at(0);
    assert_true(n > 5 && n < 10000);
    outis_table_free(t);
    outis_scanner_free(sc);
}

/* A counted read of path and its classification fail cleanly at every allocation: the
 * allocations it took. */
static size_t counted_fails_cleanly(outis_scanner *sc, const char *path,
                                    const outis_read_options *o)
{
    size_t n = 1;
    int rc = -1;
    for (; n < 10000 && rc != 0; n++) {
        outis_table *t = NULL;
        ou_alloc_fail_at(n);
        rc = outis_table_read_counted(&t, path, o, NULL);
        if (rc == 0) {
            rc = attempt_classify(sc, t);
            outis_table_free(t);
        } else {
            assert_int_equal(rc, OUTIS_ENOMEM);
        }
    }
    ou_alloc_fail_at(0);
    return n;
}

/* A counted CSV, and a counted JSON Lines file with a key first seen after its first block. */
static void test_counted_allocation_failures(void **state)
{
    (void)state;
    outis_scanner *sc = scanner();
    char *path = write_rows(300, "NA,,\n");
    outis_read_options o = OUTIS_READ_OPTIONS_INIT;
    const char *hashed[] = {"phone", "late"};
    o.csv.hashed = hashed;
    o.csv.hashed_count = 1;
    o.csv.threads = 1;
    size_t n = counted_fails_cleanly(sc, path, &o);
    unlink(path);
    assert_true(n > 5 && n < 10000);

    char jsonl[] = "/tmp/outis_test_classify_XXXXXX";
    int fd = mkstemp(jsonl);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    for (int i = 0; i < 70000; i++) {
        fprintf(f, i < 69990 ? "{\"a\":%d}\n" : "{\"a\":%d,\"late\":1,\"also\":2}\n", i % 10);
    }
    assert_int_equal(fclose(f), 0);
    o.format = OUTIS_FORMAT_JSONL;
    o.csv.hashed = hashed + 1;
    n = counted_fails_cleanly(sc, jsonl, &o);
    unlink(jsonl);
    assert_true(n > 5 && n < 10000);
    outis_scanner_free(sc);
}
#endif

/* The word tables: sorted as the binary search assumes, and the lookups. */
static void test_words(void **state)
{
    (void)state;
    const cls_vocab *v[] = {&cls_quasi_headers, &cls_quasi_values, &cls_latin_names};
    for (size_t i = 0; i < 3; i++) {
        for (size_t k = 1; k < v[i]->count; k++) {
            const cls_word *a = &v[i]->words[k - 1], *b = &v[i]->words[k];
            size_t n = a->len < b->len ? a->len : b->len;
            int c = memcmp(a->s, b->s, n);
            assert_true(c < 0 || (c == 0 && a->len < b->len));
            assert_int_equal(strlen(a->s), a->len);
        }
    }
    int st;
    assert_int_equal(cls_quasi_header("Home_City", 9, &st), QI_REGION);
    assert_int_equal(st, 2);
    assert_int_equal(cls_quasi_header("cityname", 8, &st), QI_REGION);
    assert_int_equal(st, 1);
    assert_int_equal(cls_quasi_header("所在城市", 12, &st), QI_REGION);
    assert_int_equal(st, 2);
    assert_int_equal(cls_quasi_header("市场部", 9, &st), QI_NONE);
    assert_int_equal(cls_quasi_header("Marital-Status", 14, &st), QI_MARITAL);
    assert_int_equal(cls_quasi_value("Married-civ-spouse", 18), QI_MARITAL);
    assert_int_equal(cls_quasi_value(" 本科 ", 8), QI_EDUCATION);
    assert_int_equal(cls_quasi_value("朝阳区", 9), QI_REGION);
    assert_int_equal(cls_quasi_value("苹果汁", 9), QI_NONE);
    assert_int_equal(cls_quasi_value("Female", 6), QI_SEX);
    assert_int_equal(cls_latin_name("John Smith", 10), 2);
    assert_int_equal(cls_latin_name("Smith, John", 11), 2);
    assert_int_equal(cls_latin_name("Mary J. Wu", 10), 2);
    assert_int_equal(cls_latin_name("Apple Juice", 11), 1);
    assert_int_equal(cls_latin_name("john smith", 10), 0);
    assert_int_equal(cls_latin_name("John  Smith", 11), 0);
    assert_int_equal(cls_latin_name("A B C D", 7), 0);
    assert_string_equal(cls_quasi_name(QI_MARITAL), "marital_status");
    assert_string_equal(cls_quasi_name(QI_COUNT), "");
}

/* Real tables' codes (excerpts written by hand in the shape of FARS and the KDD Cup table):
 * USPS state codes under STATE; coded headers (a letter before the word) with ages, months
 * and days, where "Not applicable" (no death) is no value of the kind. */
static void test_coded_headers(void **state)
{
    (void)state;
    outis_column_class c;
    classify_csv(&c, "STATE\nCA\nTX\nny\nFL\nCA\nWA\nIL\nOH\nPA\nNY\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_QUASI_ID);
    assert_string_equal(c.quasi_kind, "region");
    /* weak header STATE: 0.75 x (0.5 + 0.5 x 1) */
    assert_near(c.confidence, 0.75, 1e-9);
    /* one value under no header is no region: "ok" is a word more often than Oklahoma */
    classify_csv(&c, "note\nok\nok\nok\nok\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_OTHER);
    classify_csv(&c, "note\nOK\nCA\nok\nTX\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_QUASI_ID);
    classify_csv(&c, "iage\n39\n20\n54\n7\n99\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_QUASI_ID);
    assert_string_equal(c.quasi_kind, "age");
    assert_string_equal(c.reasons[0], "header iage may name an age");
    classify_csv(&c,
                 "ideathmon\nJanuary\nNot applicable\nAugust\nNot applicable\nOct\n"
                 "Not applicable\n",
                 0);
    assert_int_equal(c.role, OUTIS_ROLE_QUASI_ID);
    assert_string_equal(c.quasi_kind, "personal_date");
    assert_string_equal(c.reasons[1], "100% of values are dates, months or days");
    classify_csv(&c, "ideathday\n9\n1\n0\n31\n0\n17\n", 0);
    assert_string_equal(c.quasi_kind, "personal_date");
    /* a day header over amounts is not a date */
    classify_csv(&c, "ideathday\n129.50\n77\n1024\n35\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_OTHER);
    classify_csv(&c, "iinjury\nFatal Injury\nPossible\nNo\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_SENSITIVE);
    assert_string_equal(c.category, "health");
    classify_csv(&c, "ihispanic\nNon-Hispanic\nMexican\nUnknown\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_SENSITIVE);
    assert_string_equal(c.category, "ethnicity");
    /* a letter before a word that names nothing: nothing */
    classify_csv(&c, "xcolour\nred\nblue\n", 0);
    assert_int_equal(c.role, OUTIS_ROLE_OTHER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resident_ids),
        cmocka_unit_test(test_order_numbers),
        cmocka_unit_test(test_plain_ssn_needs_header),
        cmocka_unit_test(test_person_keys),
        cmocka_unit_test(test_mobiles_without_header),
        cmocka_unit_test(test_uscc),
        cmocka_unit_test(test_age),
        cmocka_unit_test(test_sex_values_and_false_age),
        cmocka_unit_test(test_birth_dates),
        cmocka_unit_test(test_event_dates),
        cmocka_unit_test(test_diagnosis),
        cmocka_unit_test(test_salary),
        cmocka_unit_test(test_free_text),
        cmocka_unit_test(test_timestamps_and_empty),
        cmocka_unit_test(test_latin_names),
        cmocka_unit_test(test_sampled),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_names_of_roles),
        cmocka_unit_test(test_sample_seek),
        cmocka_unit_test(test_sample_seek_threads),
        cmocka_unit_test(test_hashed_with_sample),
        cmocka_unit_test(test_sample_seek_jsonl),
        cmocka_unit_test(test_counted_records),
        cmocka_unit_test(test_counted),
#ifdef OUTIS_ALLOC_TESTING
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_counted_allocation_failures),
#endif
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_coded_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
