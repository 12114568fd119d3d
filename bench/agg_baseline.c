/* agg_baseline.c - the non-private aggregation that `outis dp` is measured against: the same
 * table read by liboutis (the same columns but the privacy unit), then count and sum per
 * group, with no bounding and no noise. Each distinct value is parsed once, as outis dp does.
 *
 *   agg_baseline FILE BY VALUE     prints "group<TAB>count<TAB>sum" rows
 */
#include "outis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: agg_baseline FILE BY VALUE\n");
        return 2;
    }
    const char *cols[2] = {argv[2], argv[3]};
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.columns = cols;
    o.column_count = 2;
    outis_table *t = NULL;
    outis_error err;
    if (outis_table_read_csv(&t, argv[1], &o, &err) < 0) {
        fprintf(stderr, "agg_baseline: %s\n", err.message);
        return 3;
    }
    const size_t n = outis_table_rows(t), ng = outis_table_cardinality(t, 0),
                 nv = outis_table_cardinality(t, 1);
    const uint32_t *g = outis_table_codes(t, 0), *v = outis_table_codes(t, 1);
    double *value = malloc((nv + 1) * sizeof *value), *sum = calloc(ng + 1, sizeof *sum);
    size_t *count = calloc(ng + 1, sizeof *count);
    for (uint32_t c = 0; c < nv; c++) {
        size_t len;
        const char *s = outis_table_value(t, 1, c, &len);
        char buf[64];
        snprintf(buf, sizeof buf, "%.*s", (int)(len < 63 ? len : 63), s);
        value[c] = strtod(buf, NULL);
    }
    for (size_t r = 0; r < n; r++) {
        count[g[r]]++;
        sum[g[r]] += value[v[r]];
    }
    for (uint32_t c = 0; c < ng; c++) {
        size_t len;
        const char *s = outis_table_value(t, 0, c, &len);
        printf("%.*s\t%zu\t%.2f\n", (int)len, s, count[c], sum[c]);
    }
    free(value);
    free(sum);
    free(count);
    outis_table_free(t);
    return 0;
}
