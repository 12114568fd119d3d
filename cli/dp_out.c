/* dp_out.c - the release of `outis dp` as CSV (one row per group and value) or JSON
 * (docs/schema/dp.json), formatted in memory so that nothing is written before the ledger
 * has committed the charge. */
#include "dp_cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void csv_field(FILE *f, const char *s)
{
    cli_csv_field(f, s, strlen(s));
}

static const char *noise_name(const dp_spec *s)
{
    const int g = s->q.mechanism == OUTIS_DP_GAUSSIAN;
    if (s->q.is_seeded) {
        return g ? "gaussian-INSECURE-seeded" : "laplace-INSECURE-seeded";
    }
    return g ? "gaussian" : "laplace";
}

/* The last bin of a histogram holds its upper bound: [lo,hi]; the others are [lo,hi). */
static void parameter(char *buf, size_t cap, const outis_dp_value *v, const dp_spec *s)
{
    buf[0] = '\0';
    if (strcmp(v->statistic, "quantile") == 0) {
        snprintf(buf, cap, "%g", v->param_lo);
    } else if (strcmp(v->statistic, "histogram") == 0) {
        const int is_last = v->param_hi == s->aggs[v->aggregate].upper;
        snprintf(buf, cap, "[%g,%g%c", v->param_lo, v->param_hi, is_last ? ']' : ')');
    }
}

static void write_csv(FILE *f, const outis_dp_result *r, const dp_spec *s)
{
    for (size_t i = 0; i < s->q.by_count; i++) {
        csv_field(f, s->q.by[i]);
        fputc(',', f);
    }
    fputs("statistic,column,parameter,value,ci95_low,ci95_high,noise,epsilon,rho,granularity\n", f);
    const size_t nv = outis_dp_result_values(r);
    for (size_t i = 0; i < nv; i++) {
        const outis_dp_value *v = outis_dp_result_value(r, i);
        char p[64];
        for (size_t j = 0; j < s->q.by_count; j++) {
            csv_field(f, outis_dp_result_key(r, v->group, j));
            fputc(',', f);
        }
        parameter(p, sizeof p, v, s);
        fprintf(f, "%s,", v->statistic);
        csv_field(f, v->column);
        fputc(',', f);
        csv_field(f, p);
        fprintf(f, ",%s,%s,%s,%s,%.10g,%.10g,%g\n", v->value, v->ci_low, v->ci_high, noise_name(s),
                v->epsilon, v->rho, v->granularity);
    }
}

static json_t *number(const char *text)
{
    return strpbrk(text, ".eE") == NULL ? json_integer(strtoll(text, NULL, 10))
                                        : json_real(strtod(text, NULL));
}

static json_t *budget_json(const char *dataset, const dp_spec *s, const outis_dp_cost *c,
                           const outis_budget *b)
{
    json_t *o = json_object();
    json_object_set_new(o, "dataset", json_string(dataset));
    json_object_set_new(o, "label", json_string(s->label));
    json_object_set_new(
        o, "spent_now",
        json_pack("{s:f,s:f,s:f}", "epsilon", c->epsilon, "rho", c->rho, "delta", c->delta));
    if (b != NULL) {
        json_object_set_new(o, "total",
                            json_pack("{s:f,s:f}", "epsilon", b->epsilon, "delta", b->delta));
        json_object_set_new(
            o, "spent",
            json_pack("{s:f,s:f}", "epsilon", b->epsilon_spent, "delta", b->delta_spent));
        json_object_set_new(o, "releases", json_integer((json_int_t)b->releases));
    }
    return o;
}

static json_t *release_json(const outis_dp_result *r, const dp_spec *s, const char *dataset,
                            const outis_budget *after)
{
    json_t *root = json_object(), *groups = json_array();
    const outis_dp_cost cost = outis_dp_result_cost(r);
    json_object_set_new(root, "schema_version", json_integer(1));
    json_object_set_new(root, "noise", json_string(noise_name(s)));
    json_object_set_new(root, "insecure_seed", json_boolean(s->q.is_seeded));
    json_object_set_new(root, "epsilon", json_real(s->q.epsilon));
    json_object_set_new(root, "delta", json_real(s->q.delta));
    json_object_set_new(root, "max_groups", json_integer(s->q.max_groups ? s->q.max_groups : 1));
    json_object_set_new(root, "max_rows", json_integer(s->q.max_rows ? s->q.max_rows : 1));
    json_object_set_new(root, "budget", budget_json(dataset, s, &cost, after));
    const size_t nv = outis_dp_result_values(r);
    json_t *g = NULL, *values = NULL;
    size_t current = SIZE_MAX;
    for (size_t i = 0; i < nv; i++) {
        const outis_dp_value *v = outis_dp_result_value(r, i);
        if (v->group != current) {
            current = v->group;
            g = json_object();
            json_t *key = json_object();
            for (size_t j = 0; j < s->q.by_count; j++) {
                json_object_set_new(key, s->q.by[j],
                                    json_string(outis_dp_result_key(r, v->group, j)));
            }
            json_object_set_new(g, "key", key);
            values = json_array();
            json_object_set_new(g, "values", values);
            json_array_append_new(groups, g);
        }
        json_t *o = json_object();
        json_object_set_new(o, "statistic", json_string(v->statistic));
        if (v->column[0] != '\0') {
            json_object_set_new(o, "column", json_string(v->column));
        }
        if (strcmp(v->statistic, "quantile") == 0) {
            json_object_set_new(o, "q", json_real(v->param_lo));
        } else if (strcmp(v->statistic, "histogram") == 0) {
            json_object_set_new(o, "bin", json_pack("[f,f]", v->param_lo, v->param_hi));
        }
        json_object_set_new(o, "value", number(v->value));
        json_object_set_new(o, "ci95", json_pack("[o,o]", number(v->ci_low), number(v->ci_high)));
        json_object_set_new(o, "epsilon", json_real(v->epsilon));
        json_object_set_new(o, "rho", json_real(v->rho));
        json_object_set_new(o, "granularity", json_real(v->granularity));
        json_array_append_new(values, o);
    }
    json_object_set_new(root, "groups", groups);
    return root;
}

int dp_format(char **buf, size_t *len, const outis_dp_result *r, const dp_spec *s, int json,
              const char *dataset, const outis_budget *after)
{
    FILE *f = open_memstream(buf, len);
    if (f == NULL) {
        fprintf(stderr, "outis: error: out of memory\n");
        return EXIT_SYSTEM;
    }
    if (json) {
        json_t *root = release_json(r, s, dataset, after);
        int bad = root == NULL || json_dumpf(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
        json_decref(root);
        fputc('\n', f);
        if (bad) {
            fclose(f);
            fprintf(stderr, "outis: error: out of memory\n");
            return EXIT_SYSTEM;
        }
    } else {
        write_csv(f, r, s);
    }
    if (fclose(f) != 0) {
        fprintf(stderr, "outis: error: out of memory\n");
        return EXIT_SYSTEM;
    }
    return EXIT_OK;
}
