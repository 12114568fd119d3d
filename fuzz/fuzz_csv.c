/* fuzz_csv.c - the CSV reader on arbitrary bytes: the first byte picks options (delimiter,
 * threads, skip-bad-rows, a small field limit); a table that loads must be consistent, and
 * risk over its first columns must succeed. */
#include <outis.h>

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
    outis_table *t = NULL;
    outis_error err;
    if (outis_table_read_csv_buffer(&t, (const char *)data + 1, size - 1, "fuzz", &o, &err) < 0) {
        if (err.message[0] == '\0') {
            abort(); /* every error carries a message */
        }
        return 0;
    }
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
