/* dp_cli.h - what `outis dp`'s files share: the query as read from flags or a JSON file. */
#ifndef OUTIS_DP_CLI_H
#define OUTIS_DP_CLI_H

#include "cli.h"

#define DP_MAX_AGGS 256

typedef struct dp_spec {
    outis_dp_query q;
    outis_dp_aggregate aggs[DP_MAX_AGGS];
    size_t n_aggs;
    const char *by_names[64];
    char *by_buf;
    char *strings[DP_MAX_AGGS + 8]; /* owned copies of column names and paths */
    size_t n_strings;
    const char *keys_path;
    const char *label;
    /* set by flags, which win over the same settings in a --query file */
    int has_epsilon, has_delta, has_mechanism, has_max_groups, has_max_rows, has_granularity,
        has_missing_unit;
} dp_spec;

/* Parses an aggregate flag's value ("income:0:1e5") into spec; prints a usage error. */
int dp_spec_add(dp_spec *s, int kind, const char *arg);
/* Sets the by columns from "a,b". */
int dp_spec_by(dp_spec *s, const char *list);
/* Reads a JSON query file (docs/dp.md) into spec; flags given before keep precedence for the
 * global settings. Prints errors naming the field. Returns an exit status. */
int dp_spec_read_json(dp_spec *s, const char *path);
void dp_spec_free(dp_spec *s);
char *dp_spec_keep(dp_spec *s, const char *str);

/* Formats the release as CSV or JSON into a memory buffer (dp_out.c), so nothing reaches a
 * file before the charge is committed. Returns an exit status. */
int dp_format(char **buf, size_t *len, const outis_dp_result *r, const dp_spec *s, int json,
              const char *dataset, const outis_budget *after);

#endif
