/* anon_bench.c - times outis_anonymize (the search only, warm: the table and hierarchies are
 * loaded once, as ARX's figures time anonymize() inside a running JVM) and prints the optimum.
 *
 *   anon_bench FILE DELIM RUNS K SUPPRESSION L SENSITIVE COL=HIERARCHY...
 *
 * L = 0: no l-diversity (SENSITIVE is then ignored, pass -). Prints one line:
 *   median_ms levels suppressed score evaluated lattice
 */
#include "outis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 9) {
        fprintf(stderr, "usage: anon_bench FILE DELIM RUNS K SUPPRESSION L SENSITIVE COL=H...\n");
        return 2;
    }
    const int runs = atoi(argv[3]);
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    static const char *const no_na[] = {"\x01"}; /* ARX reads "" and NA as values too */
    o.delimiter = argv[2][0];
    o.na = no_na;
    o.na_count = 1;
    outis_table *t = NULL;
    outis_error err;
    if (outis_table_read_csv(&t, argv[1], &o, &err) < 0) {
        fprintf(stderr, "anon_bench: %s: %s\n", argv[1], err.message);
        return 3;
    }
    size_t nq = (size_t)argc - 8, qi[64], sa = 0;
    outis_hierarchy *h[64];
    for (size_t i = 0; i < nq; i++) {
        char *spec = argv[8 + i], *eq = strchr(spec, '=');
        if (eq == NULL) {
            return 2;
        }
        *eq = '\0';
        if (outis_table_column_index(&qi[i], t, spec, &err) < 0 ||
            outis_hierarchy_read(&h[i], eq + 1, &err) < 0) {
            fprintf(stderr, "anon_bench: %s: %s\n", spec, err.message);
            return 3;
        }
    }
    outis_anon_options ao = OUTIS_ANON_OPTIONS_INIT;
    ao.qi = qi;
    ao.hierarchies = (const outis_hierarchy *const *)h;
    ao.qi_count = nq;
    ao.k = (size_t)atol(argv[4]);
    ao.suppression = atof(argv[5]);
    ao.threads = getenv("THREADS") != NULL ? (unsigned)atoi(getenv("THREADS")) : 0;
    if (atof(argv[6]) > 0) {
        if (outis_table_column_index(&sa, t, argv[7], &err) < 0) {
            return 3;
        }
        ao.l_kind = OUTIS_L_DISTINCT;
        ao.l = atof(argv[6]);
        ao.sensitive = &sa;
        ao.sensitive_count = 1;
    }
    double *ms = malloc((size_t)(runs + 1) * sizeof *ms);
    outis_anon *a = NULL;
    for (int r = -1; r < runs; r++) { /* one warm-up run */
        outis_anon_free(a);
        const double t0 = now();
        if (outis_anonymize(&a, t, &ao, &err) < 0) {
            fprintf(stderr, "anon_bench: %s\n", err.message);
            return 1;
        }
        if (r >= 0) {
            ms[r] = (now() - t0) * 1e3;
        }
    }
    qsort(ms, (size_t)runs, sizeof *ms, cmp);
    const outis_anon_summary *s = outis_anon_get_summary(a);
    printf("%.2f ", runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2);
    for (size_t i = 0; i < nq; i++) {
        printf("%s%zu", i ? "," : "", outis_anon_level(a, i));
    }
    printf(" %zu %.4f %zu %zu\n", s->suppressed, s->score, s->evaluated, s->lattice);
    outis_anon_free(a);
    for (size_t i = 0; i < nq; i++) {
        outis_hierarchy_free(h[i]);
    }
    outis_table_free(t);
    free(ms);
    return 0;
}
