/* anon_report.c - the release report of `outis anonymize`, as text and as JSON
 * (docs/schema/anonymize-report.json), and what the top of the lattice gives when the
 * criteria cannot be met. */
#include "anon_cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A loss in [0, 1], without the -0 or 1e-17 of rounding. */
static double clean(double x)
{
    return fabs(x) < 1e-12 ? 0 : x;
}

static void criteria_text(FILE *f, const outis_anon_options *o)
{
    if (o->k > 0) {
        fprintf(f, "%zu-anonymity ", o->k);
    }
    if (o->l_kind == OUTIS_L_RECURSIVE) {
        fprintf(f, "recursive (%g,%g)-diversity ", o->c, o->l);
    } else if (o->l_kind) {
        fprintf(f, "%s %g-diversity ", anon_l_names[o->l_kind], o->l);
    }
    if (o->t_kind) {
        fprintf(f, "%g-closeness (%s distance) ", o->t, anon_t_names[o->t_kind]);
    }
}

static void columns_text(FILE *f, const anon_job *j)
{
    static const int order[] = {
        TREAT_GENERALIZE, TREAT_MICROAGGREGATE, TREAT_PSEUDONYMIZE, TREAT_ENCRYPT,
        TREAT_MASK,       TREAT_SHIFT_DATE,     TREAT_KEEP,         TREAT_DROP};
    static const char *const verbs[TREAT_COUNT] = {
        "dropped",       "kept",   "generalized", "microaggregated",
        "pseudonymized", "masked", "encrypted",   "date-shifted"};
    const size_t ncols = outis_table_columns(j->t);
    int groups = 0;
    fprintf(f, "columns        ");
    for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
        int n = 0;
        for (size_t col = 0; col < ncols; col++) {
            for (size_t i = 0; i < j->p->ncols; i++) {
                const anon_column *c = &j->p->cols[i];
                if (c->col == col && c->treatment == order[k] && n++ == 0) {
                    fprintf(f, "%s%s %s", groups ? "; " : " ", verbs[order[k]], c->name);
                } else if (c->col == col && c->treatment == order[k]) {
                    fprintf(f, ", %s", c->name);
                }
            }
        }
        groups += n > 0;
    }
    fputc('\n', f);
}

static void risk_text(FILE *f, const char *label, const outis_risk *r)
{
    const outis_risk_summary *s = outis_risk_get_summary(r);
    fprintf(f, "%-15s k %zu, %zu classes, %zu sample uniques, prosecutor max %.4f\n", label, s->k,
            s->classes, s->uniques, s->prosecutor_max);
}

void anon_report_text(FILE *f, const anon_job *j)
{
    const outis_anon_summary *s = outis_anon_get_summary(j->a);
    const outis_anon_options *o = &j->p->o;
    const size_t n = outis_table_rows(j->t);
    fprintf(f, "release         %s: %zu of %zu records (%zu suppressed, limit %g%%)\n",
            j->f->output, n - s->suppressed, n, s->suppressed, o->suppression * 100);
    fprintf(f, "criteria        ");
    criteria_text(f, o);
    fprintf(f, "- hold in the written file\n");
    fprintf(f, "transformation ");
    for (size_t i = 0; i < j->nqi; i++) {
        const anon_column *c = &j->p->cols[j->qi[i]];
        fprintf(f, " %s %zu/%zu%s", c->name, outis_anon_level(j->a, i),
                outis_hierarchy_levels(j->h[i]) - 1,
                c->treatment == TREAT_MICROAGGREGATE ? " (means)" : "");
    }
    fprintf(f, "\nscore           %.7g (%s; %sper column:", clean(s->score),
            anon_metric_names[o->metric], o->metric == OUTIS_METRIC_LOSS ? "" : "loss ");
    for (size_t i = 0; i < j->nqi; i++) {
        fprintf(f, "%s %s %.4f", i ? "," : "", j->p->cols[j->qi[i]].name,
                clean(outis_anon_qi_loss(j->a, i)));
    }
    fprintf(f, ")\n");
    columns_text(f, j);
    risk_text(f, "risk before", j->before);
    if (j->after != NULL) {
        risk_text(f, "risk after", j->after);
    }
    fprintf(f, "search          %zu transformations, %zu evaluated, %.3f s\n", s->lattice,
            s->evaluated, j->secs);
    fprintf(f, "plan            %s\n", j->plan_out);
}

static json_t *risk_json(const anon_job *j, const outis_risk *r)
{
    if (r == NULL) {
        return json_null();
    }
    const outis_risk_summary *s = outis_risk_get_summary(r);
    json_t *o =
        json_pack("{s:I,s:I,s:I,s:f}", "k", (json_int_t)s->k, "classes", (json_int_t)s->classes,
                  "uniques", (json_int_t)s->uniques, "prosecutor_max", s->prosecutor_max);
    const outis_sensitive_risk *sr = NULL;
    const size_t ns = outis_risk_sensitive(r, &sr);
    json_t *a = json_array();
    for (size_t i = 0; i < ns && i < j->nsens; i++) { /* in the order of j->sens */
        json_array_append_new(
            a, json_pack("{s:s,s:I,s:f,s:f,s:s}", "column", j->p->cols[j->sens[i]].name,
                         "distinct_l", (json_int_t)sr[i].distinct_l, "entropy_l", sr[i].entropy_l,
                         "t", sr[i].t, "t_distance", anon_t_names[sr[i].t_distance]));
    }
    json_object_set_new(o, "sensitive", a);
    return o;
}

static json_t *criteria_json(const outis_anon_options *o)
{
    json_t *c = json_object();
    json_object_set_new(c, "k", json_integer((json_int_t)(o->k ? o->k : 1)));
    json_t *l = json_null(), *t = json_null();
    if (o->l_kind) {
        l = json_pack("{s:s,s:f}", "kind", anon_l_names[o->l_kind], "l", o->l);
        json_object_set_new(l, "c", o->l_kind == OUTIS_L_RECURSIVE ? json_real(o->c) : json_null());
    }
    if (o->t_kind) {
        t = json_pack("{s:s,s:f}", "kind", anon_t_names[o->t_kind], "t", o->t);
    }
    json_object_set_new(c, "l", l);
    json_object_set_new(c, "t", t);
    json_object_set_new(c, "hold", json_true());
    return c;
}

json_t *anon_report_json(const anon_job *j)
{
    const outis_anon_summary *s = outis_anon_get_summary(j->a);
    const outis_anon_options *o = &j->p->o;
    const size_t n = outis_table_rows(j->t);
    json_t *root = json_object(), *qis = json_array(), *cols = json_array();
    for (size_t i = 0; i < j->nqi; i++) {
        const anon_column *c = &j->p->cols[j->qi[i]];
        json_array_append_new(qis, json_pack("{s:s,s:s,s:I,s:I,s:f}", "column", c->name,
                                             "treatment", anon_treatment_names[c->treatment],
                                             "level", (json_int_t)outis_anon_level(j->a, i), "top",
                                             (json_int_t)(outis_hierarchy_levels(j->h[i]) - 1),
                                             "loss", clean(outis_anon_qi_loss(j->a, i))));
    }
    for (size_t col = 0; col < outis_table_columns(j->t); col++) {
        for (size_t i = 0; i < j->p->ncols; i++) {
            const anon_column *c = &j->p->cols[i];
            if (c->col == col) {
                json_array_append_new(cols, json_pack("{s:s,s:s,s:s}", "column", c->name, "role",
                                                      anon_role_names[c->role], "treatment",
                                                      anon_treatment_names[c->treatment]));
            }
        }
    }
    json_object_set_new(root, "schema_version", json_integer(1));
    json_object_set_new(root, "tool", json_string("outis"));
    json_object_set_new(root, "version", json_string(outis_version()));
    json_object_set_new(root, "command", json_string("anonymize"));
    json_object_set_new(root, "input", json_string(j->f->file));
    json_object_set_new(root, "output", json_string(j->f->output));
    json_object_set_new(root, "plan", json_string(j->plan_out));
    json_object_set_new(root, "records", json_integer((json_int_t)n));
    json_object_set_new(root, "released", json_integer((json_int_t)(n - s->suppressed)));
    json_object_set_new(root, "suppressed", json_integer((json_int_t)s->suppressed));
    json_object_set_new(root, "suppression_limit", json_real(o->suppression));
    json_object_set_new(root, "criteria", criteria_json(o));
    json_object_set_new(root, "metric", json_string(anon_metric_names[o->metric]));
    json_object_set_new(root, "score", json_real(clean(s->score)));
    json_object_set_new(root, "quasi_identifiers", qis);
    json_object_set_new(root, "columns", cols);
    json_object_set_new(root, "risk_before", risk_json(j, j->before));
    json_object_set_new(root, "risk_after", risk_json(j, j->after));
    json_object_set_new(root, "lattice", json_integer((json_int_t)s->lattice));
    json_object_set_new(root, "evaluated", json_integer((json_int_t)s->evaluated));
    json_object_set_new(root, "seconds", json_real(j->secs));
    return root;
}

/* ---- criteria that cannot be met ---- */

static int cmp_desc(const void *a, const void *b)
{
    const size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* What one class of every record gives a sensitive column; 0 if it meets the criterion. */
static int sensitive_top(char *msg, size_t cap, const anon_job *j, size_t i)
{
    const outis_table *t = j->work != NULL ? j->work : j->t;
    const outis_anon_options *o = &j->p->o;
    const size_t col = j->ssens[i], card = outis_table_cardinality(t, col);
    const size_t rows = outis_table_rows(t);
    const char *name = j->p->cols[j->sens[i]].name;
    size_t *count = calloc(card + 1, sizeof *count), distinct = 0;
    if (count == NULL || rows == 0) {
        free(count);
        return 0;
    }
    const uint32_t *codes = outis_table_codes(t, col);
    for (size_t r = 0; r < rows; r++) {
        distinct += count[codes[r]]++ == 0;
    }
    double h = 0, tail = 0;
    for (size_t c = 0; c < card; c++) {
        const double p = (double)count[c] / (double)rows;
        h -= count[c] > 0 ? p * log(p) : 0;
    }
    qsort(count, card, sizeof *count, cmp_desc);
    for (size_t c = (size_t)o->l > 0 ? (size_t)o->l - 1 : 0; c < card; c++) {
        tail += (double)count[c];
    }
    const double c_min = tail > 0 ? (double)count[0] / tail : INFINITY;
    free(count);
    if (o->l_kind == OUTIS_L_DISTINCT && (double)distinct < o->l) {
        snprintf(msg, cap, "; '%s' has %zu distinct values (distinct l at most %zu)", name,
                 distinct, distinct);
        return 1;
    }
    if (o->l_kind == OUTIS_L_ENTROPY && exp(h) < o->l - 1e-9) {
        snprintf(msg, cap, "; '%s' has entropy l at most %.4g", name, exp(h));
        return 1;
    }
    if (o->l_kind == OUTIS_L_RECURSIVE && !(o->c > c_min)) {
        snprintf(msg, cap, "; '%s' is recursive (c,%g)-diverse only for c above %.4g", name, o->l,
                 c_min);
        return 1;
    }
    return 0;
}

void anon_unreachable(const anon_job *j)
{
    const size_t n = outis_table_rows(j->t);
    char why[1024] = "";
    size_t at = 0;
    int found = 0;
    if (j->p->o.k > n) {
        at += (size_t)snprintf(why, sizeof why, "; k is at most %zu", n);
        found = 1;
    }
    for (size_t i = 0; i < j->nsens && at < sizeof why; i++) {
        if (sensitive_top(why + at, sizeof why - at, j, i)) {
            at += strlen(why + at);
            found = 1;
        }
    }
    fprintf(stderr,
            "outis: error: the criteria cannot be met, not even at the top of the lattice, where "
            "every quasi-identifier is at its most general level and the %zu records form one "
            "class: %s\n",
            n, found ? why + 2 : "it should meet them (a bug in outis: please report it)");
}
