/* risk_api.c - using liboutis without the CLI: read a CSV and print the smallest class and
 * the share of sample uniques for the quasi-identifiers age, sex and zip. */
#include <outis.h>

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.csv\n", argv[0]);
        return 2;
    }
    outis_error err;
    outis_table *table = NULL;
    outis_csv_options csv = OUTIS_CSV_OPTIONS_INIT;
    if (outis_table_read_csv(&table, argv[1], &csv, &err) < 0) {
        fprintf(stderr, "%s:%llu: %s\n", err.source, (unsigned long long)err.line, err.message);
        return 3;
    }
    const char *names[] = {"age", "sex", "zip"};
    size_t qi[3];
    for (size_t i = 0; i < 3; i++) {
        if (outis_table_column_index(&qi[i], table, names[i], &err) < 0) {
            fprintf(stderr, "%s\n", err.message);
            outis_table_free(table);
            return 2;
        }
    }
    outis_risk_options opts = OUTIS_RISK_OPTIONS_INIT;
    opts.qi = qi;
    opts.qi_count = 3;
    outis_risk *risk = NULL;
    if (outis_risk_compute(&risk, table, &opts, &err) < 0) {
        fprintf(stderr, "%s\n", err.message);
        outis_table_free(table);
        return 3;
    }
    const outis_risk_summary *s = outis_risk_get_summary(risk);
    printf("records %zu, classes %zu, k %zu, sample uniques %zu, average prosecutor risk %.4f\n",
           s->records, s->classes, s->k, s->uniques, s->prosecutor_avg);
    outis_risk_free(risk);
    outis_table_free(table);
    return 0;
}
