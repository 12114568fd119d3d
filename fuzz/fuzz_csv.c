/* fuzz_csv.c - the CSV reader on arbitrary bytes: the first byte picks options (delimiter,
 * threads, skip-bad-rows, a small field limit) and, through the reader's tuning entry, tiny
 * blocks and pieces, so block ends and speculative cuts land everywhere. A table that loads
 * must read the same with one thread and one large block, and risk over its first columns
 * must succeed. */
#include <outis.h>

#include "io/csv.h"
#include "table/table_int.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    static const char delims[] = {0, ',', ';', '\t'};
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.delimiter = delims[data[0] & 3];
    o.threads = 1 + ((data[0] >> 2) & 1);
    o.skip_bad_rows = (data[0] >> 3) & 1;
    o.max_field = (data[0] >> 4) & 1 ? 8 : 0;
    outis_table *t = NULL, *plain = NULL;
    outis_error err, err2;
    source src;
    if (source_open_buffer(&src, (const char *)data + 1, size - 1, "fuzz", NULL, &err) < 0) {
        abort();
    }
    t = calloc(1, sizeof *t);
    int rc = t ? csv_read_tuned(&t->data, &src, &o, 16 + (data[0] >> 5) * 8, 4, &err) : -1;
    source_close(&src);
    o.threads = 1;
    int rc2 =
        outis_table_read_csv_buffer(&plain, (const char *)data + 1, size - 1, "fuzz", &o, &err2);
    if ((rc < 0) != (rc2 < 0)) {
        abort(); /* cuts and blocks must not change whether the input is valid */
    }
    if (rc < 0) {
        if (err.message[0] == '\0' || err.code != err2.code || err.line != err2.line) {
            abort(); /* every error carries a message, the same one */
        }
        free(t);
        return 0;
    }
    if (outis_table_rows(t) != outis_table_rows(plain) ||
        outis_table_columns(t) != outis_table_columns(plain)) {
        abort();
    }
    for (size_t c = 0; c < outis_table_columns(t); c++) {
        for (size_t r = 0; r < outis_table_rows(t); r++) {
            size_t l1, l2;
            const char *v1 = outis_table_value(t, c, outis_table_codes(t, c)[r], &l1);
            const char *v2 = outis_table_value(plain, c, outis_table_codes(plain, c)[r], &l2);
            if (l1 != l2 || memcmp(v1, v2, l1) != 0) {
                abort();
            }
        }
    }
    outis_table_free(plain);
    size_t rows = outis_table_rows(t), cols = outis_table_columns(t);
    for (size_t c = 0; c < cols; c++) {
        const uint32_t *codes = outis_table_codes(t, c);
        for (size_t r = 0; r < rows; r++) {
            if (codes[r] >= outis_table_cardinality(t, c)) {
                abort();
            }
        }
    }
    if (rows > 0) {
        size_t qi[2] = {0, 1};
        outis_risk_options ro = OUTIS_RISK_OPTIONS_INIT;
        ro.qi = qi;
        ro.qi_count = cols > 1 ? 1 : 1;
        ro.sensitive = cols > 1 ? &qi[1] : NULL;
        ro.sensitive_count = cols > 1 ? 1 : 0;
        outis_risk *r = NULL;
        if (outis_risk_compute(&r, t, &ro, &err) < 0) {
            abort();
        }
        if (outis_risk_get_summary(r)->records != rows) {
            abort();
        }
        outis_risk_free(r);
    }
    outis_table_free(t);
    return 0;
}
