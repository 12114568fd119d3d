/* dp_spec.c - the query of `outis dp`: aggregate flags ("COL:LO:HI") and the JSON query
 * file, checked field by field so that every error names what was expected. */
#define _GNU_SOURCE /* asprintf */
#include "dp_cli.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"count", "sum", "mean", "quantile", "histogram"};

char *dp_spec_keep(dp_spec *s, const char *str)
{
    if (s->n_strings >= sizeof s->strings / sizeof *s->strings) {
        return NULL;
    }
    char *c = strdup(str);
    if (c != NULL) {
        s->strings[s->n_strings++] = c;
    }
    return c;
}

void dp_spec_free(dp_spec *s)
{
    for (size_t i = 0; i < s->n_strings; i++) {
        free(s->strings[i]);
    }
    free(s->by_buf);
}

static int parse_number(const char *s, double *out)
{
    char *end;
    const double v = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(v)) {
        return -1;
    }
    *out = v;
    return 0;
}

static const char *const usage_forms[] = {"", "--sum COL:LO:HI", "--mean COL:LO:HI",
                                          "--quantile COL:Q:LO:HI", "--histogram COL:LO:HI:BINS"};

int dp_spec_add(dp_spec *s, int kind, const char *arg)
{
    if (s->n_aggs >= DP_MAX_AGGS) {
        return cli_usage_error("dp", "at most %d aggregates", DP_MAX_AGGS);
    }
    outis_dp_aggregate *a = &s->aggs[s->n_aggs];
    memset(a, 0, sizeof *a);
    a->kind = kind;
    if (kind == OUTIS_DP_COUNT) {
        s->n_aggs++;
        return EXIT_OK;
    }
    char *copy = dp_spec_keep(s, arg);
    if (copy == NULL) {
        return cli_usage_error("dp", "out of memory");
    }
    char *part[5];
    int n = 0;
    /* the column is everything before the last 2 (3 for quantile and histogram) colons */
    const int want = kind == OUTIS_DP_SUM || kind == OUTIS_DP_MEAN ? 3 : 4;
    for (char *p = copy + strlen(copy); p > copy && n < want - 1; p--) {
        if (p[-1] == ':') {
            part[want - 1 - n++] = p;
            p[-1] = '\0';
        }
    }
    part[0] = copy;
    if (n != want - 1 || copy[0] == '\0') {
        return cli_usage_error("dp", "%s: expected %s, got '%s'", kind_names[kind],
                               usage_forms[kind], arg);
    }
    a->column = copy;
    double v[3];
    for (int i = 1; i < want; i++) {
        if (parse_number(part[i], &v[i - 1]) < 0) {
            return cli_usage_error("dp", "%s: '%s' is not a number (expected %s)", kind_names[kind],
                                   part[i], usage_forms[kind]);
        }
    }
    if (kind == OUTIS_DP_QUANTILE) {
        a->q = v[0];
        a->lower = v[1];
        a->upper = v[2];
        if (!(a->q >= 0 && a->q <= 1)) {
            return cli_usage_error("dp", "quantile: Q must be in [0, 1], got '%s'", part[1]);
        }
    } else {
        a->lower = v[0];
        a->upper = v[1];
    }
    if (kind == OUTIS_DP_HISTOGRAM) {
        if (v[2] != floor(v[2]) || v[2] < 1 || v[2] > 100000) {
            return cli_usage_error("dp", "histogram: BINS must be a whole number from 1 to 100000");
        }
        a->bins = (unsigned)v[2];
    }
    if (a->lower > a->upper) {
        return cli_usage_error("dp", "%s(%s): lower bound %g is above upper bound %g",
                               kind_names[kind], a->column, a->lower, a->upper);
    }
    s->n_aggs++;
    return EXIT_OK;
}

int dp_spec_by(dp_spec *s, const char *list)
{
    const char **names = NULL;
    size_t n = 0;
    free(s->by_buf);
    s->by_buf = NULL;
    int status = cli_names(&names, &n, &s->by_buf, &list, 1);
    if (status != EXIT_OK) {
        return status;
    }
    if (n > 64 || n == 0) {
        free(names);
        return cli_usage_error("dp", n ? "--by: at most 64 columns" : "--by: no column named");
    }
    for (size_t i = 1; i < n; i++) {
        for (size_t j = 0; j < i; j++) {
            if (strcmp(names[i], names[j]) == 0) {
                const int st = cli_usage_error("dp", "--by names column '%s' twice", names[i]);
                free(names);
                return st;
            }
        }
    }
    memcpy(s->by_names, names, n * sizeof *names);
    free(names);
    s->q.by = s->by_names;
    s->q.by_count = n;
    return EXIT_OK;
}

/* ---- JSON ---- */

static int field_error(const char *path, const char *field, const char *expected)
{
    fprintf(stderr, "outis: error: %s: %s: expected %s\n", path, field, expected);
    return EXIT_USAGE;
}

static int get_number(const json_t *o, const char *key, double *out, const char *path,
                      const char *field, int required)
{
    const json_t *v = json_object_get(o, key);
    if (v == NULL) {
        return required ? field_error(path, field, "a number (required)") : EXIT_OK;
    }
    if (!json_is_number(v)) {
        return field_error(path, field, "a number");
    }
    *out = json_number_value(v);
    return EXIT_OK;
}

static int json_aggregate(dp_spec *s, const json_t *o, size_t i, const char *path)
{
    char f[64];
    if (!json_is_object(o)) {
        snprintf(f, sizeof f, "aggregates[%zu]", i);
        return field_error(path, f, "an object");
    }
    const char *type = json_string_value(json_object_get(o, "type"));
    int kind = -1;
    for (int k = 0; type != NULL && k < 5; k++) {
        kind = strcmp(type, kind_names[k]) == 0 ? k : kind;
    }
    snprintf(f, sizeof f, "aggregates[%zu].type", i);
    if (kind < 0) {
        return field_error(path, f, "\"count\", \"sum\", \"mean\", \"quantile\" or \"histogram\"");
    }
    if (s->n_aggs >= DP_MAX_AGGS) {
        return field_error(path, "aggregates", "at most 256 aggregates");
    }
    static const char *const known[] = {"type", "share", "column", "lower", "upper", "q", "bins"};
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)o, key, val)
    {
        size_t k = 0;
        while (k < sizeof known / sizeof *known && strcmp(key, known[k]) != 0) {
            k++;
        }
        if (k == sizeof known / sizeof *known) {
            fprintf(stderr, "outis: error: %s: aggregates[%zu]: unknown field '%s'\n", path, i,
                    key);
            return EXIT_USAGE;
        }
    }
    outis_dp_aggregate *a = &s->aggs[s->n_aggs];
    memset(a, 0, sizeof *a);
    a->kind = kind;
    int st;
    snprintf(f, sizeof f, "aggregates[%zu].share", i);
    if ((st = get_number(o, "share", &a->share, path, f, 0)) != EXIT_OK) {
        return st;
    }
    if (kind != OUTIS_DP_COUNT) {
        const char *col = json_string_value(json_object_get(o, "column"));
        snprintf(f, sizeof f, "aggregates[%zu].column", i);
        if (col == NULL || (a->column = dp_spec_keep(s, col)) == NULL) {
            return field_error(path, f, "a column name (string)");
        }
        snprintf(f, sizeof f, "aggregates[%zu].lower", i);
        if ((st = get_number(o, "lower", &a->lower, path, f, 1)) != EXIT_OK) {
            return st;
        }
        snprintf(f, sizeof f, "aggregates[%zu].upper", i);
        if ((st = get_number(o, "upper", &a->upper, path, f, 1)) != EXIT_OK) {
            return st;
        }
    }
    if (kind == OUTIS_DP_QUANTILE) {
        snprintf(f, sizeof f, "aggregates[%zu].q", i);
        if ((st = get_number(o, "q", &a->q, path, f, 1)) != EXIT_OK) {
            return st;
        }
    }
    if (kind == OUTIS_DP_HISTOGRAM) {
        double b = 0;
        snprintf(f, sizeof f, "aggregates[%zu].bins", i);
        if ((st = get_number(o, "bins", &b, path, f, 1)) != EXIT_OK) {
            return st;
        }
        if (b != floor(b) || b < 1 || b > 100000) {
            return field_error(path, f, "a whole number from 1 to 100000");
        }
        a->bins = (unsigned)b;
    }
    s->n_aggs++;
    return EXIT_OK;
}

static int json_settings(dp_spec *s, const json_t *root, const char *path)
{
    int st;
    const json_t *v;
    if ((v = json_object_get(root, "privacy_unit")) != NULL && s->q.privacy_unit == NULL) {
        if (!json_is_string(v) ||
            (s->q.privacy_unit = dp_spec_keep(s, json_string_value(v))) == NULL) {
            return field_error(path, "privacy_unit", "a column name (string)");
        }
    }
    if ((v = json_object_get(root, "by")) != NULL && s->q.by_count == 0) {
        if (!json_is_array(v) || json_array_size(v) > 64) {
            return field_error(path, "by", "an array of up to 64 column names");
        }
        for (size_t i = 0; i < json_array_size(v); i++) {
            const char *c = json_string_value(json_array_get(v, i));
            if (c == NULL || (s->by_names[i] = dp_spec_keep(s, c)) == NULL) {
                return field_error(path, "by", "an array of column names (strings)");
            }
        }
        s->q.by = s->by_names;
        s->q.by_count = json_array_size(v);
    }
    if (!s->has_epsilon && json_object_get(root, "epsilon") != NULL) {
        if ((st = get_number(root, "epsilon", &s->q.epsilon, path, "epsilon", 1)) != EXIT_OK) {
            return st;
        }
        s->has_epsilon = 1;
    }
    if (!s->has_delta && (st = get_number(root, "delta", &s->q.delta, path, "delta", 0))) {
        return st;
    }
    if ((v = json_object_get(root, "mechanism")) != NULL && !s->has_mechanism) {
        const char *m = json_string_value(v);
        if (m == NULL || (strcmp(m, "laplace") != 0 && strcmp(m, "gaussian") != 0)) {
            return field_error(path, "mechanism", "\"laplace\" or \"gaussian\"");
        }
        s->q.mechanism = strcmp(m, "gaussian") == 0 ? OUTIS_DP_GAUSSIAN : OUTIS_DP_LAPLACE;
    }
    const char *ints[2] = {"max_groups", "max_rows"};
    unsigned *dst[2] = {&s->q.max_groups, &s->q.max_rows};
    const int given[2] = {s->has_max_groups, s->has_max_rows};
    for (int i = 0; i < 2; i++) {
        if (given[i]) {
            continue;
        }
        double d = -1;
        if ((st = get_number(root, ints[i], &d, path, ints[i], 0)) != EXIT_OK) {
            return st;
        }
        if (d != -1 && (d != floor(d) || d < 1 || d > 1000000)) {
            return field_error(path, ints[i], "a whole number from 1 to 1000000");
        }
        if (d != -1) {
            *dst[i] = (unsigned)d;
        }
    }
    if (!s->has_granularity &&
        (st = get_number(root, "granularity", &s->q.granularity, path, "granularity", 0))) {
        return st;
    }
    if ((v = json_object_get(root, "keys")) != NULL && s->keys_path == NULL) {
        const char *k = json_string_value(v), *slash = strrchr(path, '/');
        char *joined = NULL;
        /* a relative path is relative to the query file, as an include would be */
        if (k != NULL && k[0] != '/' && slash != NULL &&
            asprintf(&joined, "%.*s/%s", (int)(slash - path), path, k) < 0) {
            joined = NULL;
        }
        if (k == NULL || (s->keys_path = dp_spec_keep(s, joined ? joined : k)) == NULL) {
            free(joined);
            return field_error(path, "keys", "a file name (string)");
        }
        free(joined);
    }
    if ((v = json_object_get(root, "missing_unit")) != NULL && !s->has_missing_unit) {
        const char *m = json_string_value(v);
        if (m == NULL || (strcmp(m, "refuse") != 0 && strcmp(m, "one-unit") != 0)) {
            return field_error(path, "missing_unit", "\"refuse\" or \"one-unit\"");
        }
        s->q.missing_unit = strcmp(m, "one-unit") == 0;
    }
    return EXIT_OK;
}

int dp_spec_read_json(dp_spec *s, const char *path)
{
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL) {
        if (je.line < 1) { /* not a syntax error: the file could not be read */
            fprintf(stderr, "outis: error: %s: %s\n", path, je.text);
        } else {
            fprintf(stderr, "outis: error: %s:%d:%d: %s\n", path, je.line, je.column, je.text);
        }
        return EXIT_INPUT;
    }
    int st = EXIT_OK;
    static const char *const known[] = {"privacy_unit", "by",           "epsilon",   "delta",
                                        "mechanism",    "max_groups",   "max_rows",  "granularity",
                                        "keys",         "missing_unit", "aggregates"};
    const char *key;
    json_t *val;
    if (!json_is_object(root)) {
        st = field_error(path, "(top level)", "an object");
        goto done;
    }
    json_object_foreach(root, key, val)
    {
        size_t i = 0;
        while (i < sizeof known / sizeof *known && strcmp(key, known[i]) != 0) {
            i++;
        }
        if (i == sizeof known / sizeof *known) {
            fprintf(stderr, "outis: error: %s: unknown field '%s'\n", path, key);
            st = EXIT_USAGE;
            goto done;
        }
    }
    if ((st = json_settings(s, root, path)) != EXIT_OK) {
        goto done;
    }
    const json_t *aggs = json_object_get(root, "aggregates");
    if (!json_is_array(aggs) || json_array_size(aggs) == 0) {
        st = field_error(path, "aggregates", "a non-empty array of aggregates");
        goto done;
    }
    for (size_t i = 0; i < json_array_size(aggs) && st == EXIT_OK; i++) {
        st = json_aggregate(s, json_array_get(aggs, i), i, path);
    }
done:
    json_decref(root);
    return st;
}
