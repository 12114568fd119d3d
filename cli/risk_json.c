/* risk_json.c - the risk report as JSON (docs/schema/risk.json). Keys keep a fixed order;
 * figures that are infinite are null. */
#include "risk_report.h"

#include <jansson.h>
#include <math.h>

#define SCHEMA_VERSION 1

/* Adds to obj and fails the whole build on a NULL value (out of memory). */
static int put(json_t *obj, const char *key, json_t *v)
{
    return v == NULL || json_object_set_new(obj, key, v) != 0 ? -1 : 0;
}

static int push(json_t *arr, json_t *v)
{
    return v == NULL || json_array_append_new(arr, v) != 0 ? -1 : 0;
}

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *size_array(const size_t *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < n; i++) {
        if (push(a, json_integer((json_int_t)v[i])) < 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *classes(const outis_risk *r)
{
    const outis_risk_summary *s = outis_risk_get_summary(r);
    json_t *o = json_object(), *below = json_object(), *sizes = json_array();
    int bad = o == NULL || below == NULL || sizes == NULL;
    const outis_class_bucket *b;
    size_t nb = outis_risk_class_buckets(r, &b);
    for (size_t i = 0; !bad && i < nb; i++) {
        json_t *e = json_object();
        bad |= e == NULL || put(e, "size", json_integer((json_int_t)b[i].size)) < 0 ||
               put(e, "classes", json_integer((json_int_t)b[i].classes)) < 0;
        bad |= push(sizes, e) < 0;
    }
    bad = bad || put(below, "2", json_integer((json_int_t)s->records_lt2)) < 0 ||
          put(below, "5", json_integer((json_int_t)s->records_lt5)) < 0 ||
          put(below, "10", json_integer((json_int_t)s->records_lt10)) < 0;
    bad = bad || put(o, "count", json_integer((json_int_t)s->classes)) < 0 ||
          put(o, "k", json_integer((json_int_t)s->k)) < 0 ||
          put(o, "largest", json_integer((json_int_t)s->largest)) < 0 ||
          put(o, "sample_uniques", json_integer((json_int_t)s->uniques)) < 0 ||
          put(o, "records_in_classes_below", json_incref(below)) < 0 ||
          put(o, "sizes", json_incref(sizes)) < 0;
    json_decref(below);
    json_decref(sizes);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *risk_block(double highest, double average, double lowest, double at_risk,
                          double threshold)
{
    json_t *o = json_object();
    if (o == NULL || put(o, "highest", num(highest)) < 0 || put(o, "average", num(average)) < 0 ||
        put(o, "lowest", num(lowest)) < 0 || put(o, "records_at_risk", num(at_risk)) < 0 ||
        put(o, "threshold", num(threshold)) < 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *sensitive(const risk_input *in)
{
    const outis_sensitive_risk *sr;
    size_t ns = outis_risk_sensitive(in->risk, &sr);
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < ns; i++) {
        const outis_sensitive_risk *s = &sr[i];
        json_t *o = json_object(), *ld = json_object(), *le = json_object(), *rc = json_object(),
               *tc = json_object();
        int bad = !o || !ld || !le || !rc || !tc;
        bad = bad || put(ld, "value", json_integer((json_int_t)s->distinct_l)) < 0 ||
              put(ld, "worst_class_size", json_integer((json_int_t)s->worst_distinct_class_size)) <
                  0 ||
              put(ld, "records_by_l", size_array(s->distinct_records, OUTIS_L_BUCKETS)) < 0;
        bad = bad || put(le, "value", num(s->entropy_l)) < 0 ||
              put(le, "records_by_l", size_array(s->entropy_records, OUTIS_L_BUCKETS)) < 0;
        bad = bad || put(rc, "l", json_integer((json_int_t)s->recursive_l)) < 0 ||
              put(rc, "c", num(s->recursive_c)) < 0;
        bad = bad || put(tc, "value", num(s->t)) < 0 ||
              put(tc, "worst_class_size", json_integer((json_int_t)s->worst_t_class_size)) < 0 ||
              put(tc, "records_by_tenth", size_array(s->t_records, OUTIS_T_BUCKETS)) < 0;
        bad = bad ||
              put(o, "column", json_string(outis_table_column_name(in->table, s->column))) < 0 ||
              put(o, "values", json_integer((json_int_t)s->values)) < 0 ||
              put(o, "distance", json_string(risk_t_names[s->t_distance])) < 0 ||
              put(o, "l_distinct", json_incref(ld)) < 0 ||
              put(o, "l_entropy", json_incref(le)) < 0 ||
              put(o, "recursive_cl", json_incref(rc)) < 0 ||
              put(o, "t_closeness", json_incref(tc)) < 0;
        json_decref(ld);
        json_decref(le);
        json_decref(rc);
        json_decref(tc);
        if (bad || push(a, o) < 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *combinations(const risk_input *in)
{
    const outis_qi_combination *c;
    size_t nc = outis_risk_combinations(in->risk, &c);
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < nc; i++) {
        json_t *o = json_object(), *cols = json_array();
        int bad = o == NULL || cols == NULL;
        for (size_t k = 0; !bad && k < c[i].size; k++) {
            bad = push(cols, json_string(outis_table_column_name(in->table, c[i].column[k]))) < 0;
        }
        bad = bad || put(o, "columns", json_incref(cols)) < 0 ||
              put(o, "distinct", json_integer((json_int_t)c[i].distinct)) < 0 ||
              put(o, "unique_records", json_integer((json_int_t)c[i].uniques)) < 0;
        json_decref(cols);
        if (bad || push(a, o) < 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *input(const risk_input *in)
{
    json_t *o = json_object();
    char delim[2] = {outis_table_delimiter(in->table), '\0'};
    if (o == NULL || put(o, "file", json_string(in->file)) < 0 ||
        put(o, "records", json_integer((json_int_t)outis_table_rows(in->table))) < 0 ||
        put(o, "columns", json_integer((json_int_t)outis_table_file_columns(in->table))) < 0 ||
        put(o, "skipped_rows", json_integer((json_int_t)outis_table_skipped_rows(in->table))) < 0 ||
        put(o, "delimiter", delim[0] != '\0' ? json_string(delim) : json_null()) < 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *names(const outis_table *t, const size_t *cols, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < n; i++) {
        if (push(a, json_string(outis_table_column_name(t, cols[i]))) < 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *policy(const risk_policy *p)
{
    if (p == NULL) {
        return json_null();
    }
    json_t *o = json_object();
    if (o == NULL || put(o, "expression", json_string(p->expression)) < 0 ||
        put(o, "violated", json_boolean(p->violated > 0)) < 0 ||
        put(o, "conditions_violated", json_integer((json_int_t)p->violated)) < 0 ||
        put(o, "first", p->violated ? json_string(p->first) : json_null()) < 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int risk_print_json(FILE *f, const risk_input *in)
{
    const outis_risk_summary *s = outis_risk_get_summary(in->risk);
    json_t *root = json_object();
    int bad = root == NULL;
    bad = bad || put(root, "schema_version", json_integer(SCHEMA_VERSION)) < 0 ||
          put(root, "tool", json_string("outis")) < 0 ||
          put(root, "version", json_string(outis_version())) < 0 ||
          put(root, "command", json_string("risk")) < 0 || put(root, "input", input(in)) < 0 ||
          put(root, "quasi_identifiers", names(in->table, in->qi, in->nqi)) < 0;
    bad = bad || put(root, "records", json_integer((json_int_t)s->records)) < 0 ||
          put(root, "classes", classes(in->risk)) < 0 ||
          put(root, "prosecutor",
              risk_block(s->prosecutor_max, s->prosecutor_avg, s->prosecutor_min,
                         s->prosecutor_at_risk, s->threshold)) < 0 ||
          put(root, "marketer", num(s->marketer)) < 0;
    if (!bad && s->has_journalist) {
        json_t *j = risk_block(s->journalist_max, s->journalist_avg, s->journalist_min,
                               s->journalist_at_risk, s->threshold);
        bad = j == NULL ||
              put(j, "population_records", json_integer((json_int_t)s->population_records)) < 0 ||
              put(j, "classes_missing_from_population",
                  json_integer((json_int_t)s->population_missing)) < 0;
        bad = bad || put(root, "journalist", j) < 0;
    } else if (!bad) {
        bad = put(root, "journalist", json_null()) < 0;
    }
    bad = bad || put(root, "sensitive", sensitive(in)) < 0 ||
          put(root, "combinations", combinations(in)) < 0 ||
          put(root, "policy", policy(in->policy)) < 0;
    if (!bad) {
        bad = json_dumpf(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(12)) != 0;
        fputc('\n', f);
    }
    json_decref(root);
    return bad ? -1 : 0;
}
