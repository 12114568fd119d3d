/* anon_plan_out.c - the plan of a release written back with every default filled in and every
 * path absolute, so that `outis anonymize --plan` on it reproduces the release exactly. */
#define _GNU_SOURCE /* realpath */
#include "anon_cli.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *anon_absolute(const char *path)
{
    char *real = realpath(path, NULL);
    if (real != NULL || path[0] == '/') {
        return real != NULL ? real : strdup(path);
    }
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) == NULL) {
        return strdup(path);
    }
    const size_t n = strlen(cwd) + strlen(path) + 2;
    char *joined = malloc(n);
    if (joined != NULL) {
        snprintf(joined, n, "%s/%s", cwd, path);
    }
    return joined;
}

/* A number as the user would write it: whole numbers without ".0". */
static json_t *num(double x)
{
    const int is_whole = fabs(x) < 9007199254740992.0 && x == floor(x);
    return is_whole ? json_integer((json_int_t)x) : json_real(x);
}

static int set_path(json_t *o, const char *key, const char *path)
{
    char *abs = anon_absolute(path);
    if (abs == NULL) {
        return -1;
    }
    const int rc = json_object_set_new(o, key, json_string(abs));
    free(abs);
    return rc;
}

static json_t *rule_json(const outis_hierarchy_rule *r)
{
    json_t *o = json_object(), *x = NULL;
    switch (r->kind) {
    case OUTIS_RULE_INTERVALS:
        x = json_object();
        if (r->cut_count > 0) {
            json_t *cuts = json_array();
            for (size_t i = 0; i < r->cut_count; i++) {
                json_array_append_new(cuts, num(r->cuts[i]));
            }
            json_object_set_new(x, "cuts", cuts);
        } else {
            json_object_set_new(x, "width", num(r->width));
            json_object_set_new(x, "origin", num(r->origin));
        }
        json_object_set_new(o, "intervals", x);
        break;
    case OUTIS_RULE_DATES:
        x = json_array();
        for (size_t i = 0; i < r->level_count; i++) {
            json_array_append_new(x, json_string(r->levels[i]));
        }
        json_object_set_new(o, "dates", x);
        break;
    case OUTIS_RULE_MASK: {
        const char ch[2] = {r->mask, '\0'};
        json_object_set_new(o, "mask",
                            json_pack("{s:I,s:s}", "step", (json_int_t)r->step, "char", ch));
        break;
    }
    default: /* OUTIS_RULE_TREE */
        x = json_object();
        for (size_t i = 0; i < r->edge_count; i++) {
            json_object_set_new(x, r->edges[2 * i], json_string(r->edges[2 * i + 1]));
        }
        json_object_set_new(o, "tree", x);
        break;
    }
    return o;
}

static int column_json(json_t *cols, const anon_plan *p, const anon_column *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "role", json_string(anon_role_names[c->role]));
    json_object_set_new(o, "treatment", json_string(anon_treatment_names[c->treatment]));
    int rc = 0;
    char ch[2] = {c->mask, '\0'};
    if (c->role == ROLE_SENSITIVE && (c->hier_file != NULL || c->rule.kind != 0)) {
        rc = c->hier_file != NULL ? set_path(o, "hierarchy", c->hier_file)
                                  : json_object_set_new(o, "hierarchy", rule_json(&c->rule));
    }
    switch (c->treatment) {
    case TREAT_GENERALIZE:
        rc = c->hier_file != NULL ? set_path(o, "hierarchy", c->hier_file)
                                  : json_object_set_new(o, "hierarchy", rule_json(&c->rule));
        break;
    case TREAT_MICROAGGREGATE:
        json_object_set_new(o, "k", json_integer((json_int_t)anon_micro_k(p, c)));
        json_object_set_new(o, "decimals", json_integer(c->decimals));
        json_object_set_new(o, "group", json_string(anon_group_name(c)));
        break;
    case TREAT_PSEUDONYMIZE:
        json_object_set_new(o, "encoding", json_string(c->encoding ? "base32" : "hex"));
        json_object_set_new(o, "length",
                            json_integer(c->length     ? (json_int_t)c->length
                                         : c->encoding ? 52
                                                       : 64));
        break;
    case TREAT_MASK:
        json_object_set_new(o, "keep_first", json_integer((json_int_t)c->keep_first));
        json_object_set_new(o, "keep_last", json_integer((json_int_t)c->keep_last));
        json_object_set_new(o, "char", json_string(ch));
        break;
    case TREAT_ENCRYPT:
        json_object_set_new(o, "alphabet", json_string(c->alphabet ? c->alphabet : "0123456789"));
        break;
    case TREAT_SHIFT_DATE:
        json_object_set_new(o, "max_days", json_integer(c->max_days));
        json_object_set_new(o, "person", json_string(c->person));
        break;
    default:
        break;
    }
    return rc < 0 ? rc : json_object_set_new(cols, c->name, o);
}

static json_t *criteria_json(const outis_anon_options *o)
{
    json_t *c = json_object();
    json_object_set_new(c, "k", json_integer((json_int_t)(o->k ? o->k : 1)));
    if (o->l_kind) {
        json_t *l = json_pack("{s:s,s:o}", "kind", anon_l_names[o->l_kind], "l", num(o->l));
        if (o->l_kind == OUTIS_L_RECURSIVE) {
            json_object_set_new(l, "c", num(o->c));
        }
        json_object_set_new(c, "l", l);
    }
    if (o->t_kind) {
        json_object_set_new(
            c, "t", json_pack("{s:s,s:o}", "kind", anon_t_names[o->t_kind], "t", num(o->t)));
    }
    return c;
}

json_t *anon_plan_json(const anon_plan *p)
{
    json_t *root = json_object(), *cols = json_object();
    json_object_set_new(root, "columns", cols);
    int rc = 0;
    /* in the table's order: the defaults are the table's other columns */
    for (size_t col = 0; rc == 0; col++) {
        const anon_column *c = NULL;
        for (size_t i = 0; i < p->ncols && c == NULL; i++) {
            c = p->cols[i].col == col ? &p->cols[i] : NULL;
        }
        if (c == NULL) {
            break;
        }
        rc = column_json(cols, p, c);
    }
    json_object_set_new(root, "criteria", criteria_json(&p->o));
    json_object_set_new(root, "suppression", num(p->o.suppression));
    json_object_set_new(root, "metric", json_string(anon_metric_names[p->o.metric]));
    if (rc == 0 && anon_plan_needs_key(p, 0)) {
        rc = set_path(root, "key_file", p->key_file);
    }
    if (rc < 0) {
        json_decref(root);
        return NULL;
    }
    return root;
}
