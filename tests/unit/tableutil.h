/* tableutil.h - a table as text, for exact comparisons in the tests of the table readers. */
#ifndef OUTIS_TABLEUTIL_H
#define OUTIS_TABLEUTIL_H

#include "testutil.h"

#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>

/* The header, then one line per row: values joined by '|', a missing value as '?', a hashed
 * column's value as '#' (or '?'). The caller frees the string. */
static inline char *table_dump(const outis_table *t)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    assert_non_null(f);
    const size_t cols = outis_table_columns(t);
    for (size_t c = 0; c < cols; c++) {
        fprintf(f, "%s%s", c ? "|" : "", outis_table_column_name(t, c));
    }
    fprintf(f, "\n");
    for (size_t r = 0; r < outis_table_rows(t); r++) {
        for (size_t c = 0; c < cols; c++) {
            const uint64_t *h = outis_table_hashes(t, c);
            const char *sep = c ? "|" : "";
            if (h != NULL) {
                fprintf(f, "%s%s", sep, h[r] == OUTIS_HASH_MISSING ? "?" : "#");
                continue;
            }
            const uint32_t code = outis_table_codes(t, c)[r];
            assert_true(code < outis_table_cardinality(t, c));
            size_t len;
            const char *v = outis_table_value(t, c, code, &len);
            if (code == outis_table_missing_code(t, c)) {
                fprintf(f, "%s?", sep);
            } else {
                fprintf(f, "%s%.*s", sep, (int)len, v);
            }
        }
        fprintf(f, "\n");
    }
    fclose(f);
    return s;
}

/* Asserts that t reads as want (table_dump's form). */
static inline void assert_table(const outis_table *t, const char *want)
{
    char *got = table_dump(t);
    if (strcmp(got, want) != 0) {
        print_error("table:\n%s\nexpected:\n%s\n", got, want);
    }
    assert_string_equal(got, want);
    free(got);
}

/* Writes text to dir/name; returns the path (static storage, overwritten by the next call). */
static inline const char *write_file(const char *dir, const char *name, const char *text,
                                     size_t len)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* Fails the 1st, 2nd, ... allocation of attempt (0 once it succeeds) until it succeeds, in
 * the build that can (OUTIS_ALLOC_TESTING); each failure is checked by attempt. */
static inline void fail_each_allocation(int (*attempt)(const void *arg), const void *arg)
{
#ifdef OUTIS_ALLOC_TESTING
    size_t n = 1;
    for (; n < 10000 && (ou_alloc_fail_at(n), attempt(arg) != 0); n++) {
    }
    ou_alloc_fail_at(0);
    assert_true(n > 10 && n < 10000);
#else
    (void)attempt;
    (void)arg;
    skip();
#endif
}

#endif
