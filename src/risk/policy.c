/* policy.c - named risk figures and "--fail-if" policies such as "k<5, t>0.3": a small
 * hand-written parser, since a list of comparisons needs no expression library. */
#include "risk_int.h"

#include "util/alloc.h"
#include "util/error_int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum op { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE };

static const char *const op_text[] = {"<", "<=", ">", ">=", "==", "!="};

typedef struct condition {
    char metric[32];
    enum op op;
    double value;
} condition;

struct outis_policy {
    condition *c;
    size_t n;
};

static const char *const metric_names[] = {"k",
                                           "classes",
                                           "records",
                                           "uniques",
                                           "uniques_share",
                                           "prosecutor_max",
                                           "prosecutor_avg",
                                           "records_at_risk",
                                           "marketer",
                                           "journalist_max",
                                           "journalist_avg",
                                           "journalist_at_risk",
                                           "l_distinct",
                                           "l_entropy",
                                           "c_recursive",
                                           "t"};

static int is_metric(const char *name)
{
    for (size_t i = 0; i < sizeof metric_names / sizeof *metric_names; i++) {
        if (strcmp(metric_names[i], name) == 0) {
            return 1;
        }
    }
    return 0;
}

static double worst_sensitive(const outis_risk *r, int which)
{
    double w = which >= 2 ? 0 : INFINITY;
    for (size_t i = 0; i < r->nsensitive; i++) {
        const outis_sensitive_risk *s = &r->sensitive[i];
        double v = which == 0   ? (double)s->distinct_l
                   : which == 1 ? s->entropy_l
                   : which == 2 ? s->recursive_c
                                : s->t;
        w = which >= 2 ? (v > w ? v : w) : (v < w ? v : w);
    }
    return w;
}

int outis_risk_metric(double *out, const outis_risk *r, const char *name, outis_error *err)
{
    if (out == NULL || r == NULL || name == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no output, result or name given");
    }
    const outis_risk_summary *s = &r->summary;
    static const char *const sens[] = {"l_distinct", "l_entropy", "c_recursive", "t"};
    static const char *const jour[] = {"journalist_max", "journalist_avg", "journalist_at_risk"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(name, sens[i]) == 0) {
            if (r->nsensitive == 0) {
                return ou_err(err, OUTIS_ENOTFOUND, "'%s' needs a sensitive attribute", name);
            }
            *out = worst_sensitive(r, i);
            return 0;
        }
    }
    for (int i = 0; i < 3; i++) {
        if (strcmp(name, jour[i]) == 0) {
            if (!s->has_journalist) {
                return ou_err(err, OUTIS_ENOTFOUND, "'%s' needs a population table", name);
            }
            *out = i == 0 ? s->journalist_max : i == 1 ? s->journalist_avg : s->journalist_at_risk;
            return 0;
        }
    }
    const struct {
        const char *name;
        double value;
    } plain[] = {
        {"k", (double)s->k},
        {"classes", (double)s->classes},
        {"records", (double)s->records},
        {"uniques", (double)s->uniques},
        {"uniques_share", (double)s->uniques / (double)s->records},
        {"prosecutor_max", s->prosecutor_max},
        {"prosecutor_avg", s->prosecutor_avg},
        {"records_at_risk", s->prosecutor_at_risk},
        {"marketer", s->marketer},
    };
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
        if (strcmp(name, plain[i].name) == 0) {
            *out = plain[i].value;
            return 0;
        }
    }
    return ou_err(err, OUTIS_ENOTFOUND,
                  "unknown metric '%.32s' (k, classes, records, uniques, uniques_share, "
                  "prosecutor_max, prosecutor_avg, records_at_risk, marketer, journalist_max, "
                  "journalist_avg, journalist_at_risk, l_distinct, l_entropy, c_recursive, t)",
                  name);
}

static int parse_error(outis_error *err, const char *text, const char *at, const char *what)
{
    int rc = ou_err(err, OUTIS_EPARSE, "%s", what);
    ou_err_at(err, 1, (uint64_t)(at - text) + 1, (uint64_t)(at - text));
    return rc;
}

static const char *skip_space(const char *p)
{
    while (isspace((unsigned char)*p)) {
        p++;
    }
    return p;
}

static int parse_op(const char **pp, enum op *op)
{
    const char *p = *pp;
    if (p[0] == '<' || p[0] == '>') {
        int eq = p[1] == '=';
        *op = p[0] == '<' ? (eq ? OP_LE : OP_LT) : (eq ? OP_GE : OP_GT);
        *pp = p + 1 + eq;
        return 0;
    }
    if (p[0] == '=' || p[0] == '!') {
        if (p[0] == '!' && p[1] != '=') {
            return -1;
        }
        *op = p[0] == '=' ? OP_EQ : OP_NE;
        *pp = p + (p[1] == '=' ? 2 : 1);
        return 0;
    }
    return -1;
}

int outis_policy_parse(outis_policy **out, const char *text, outis_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    if (out == NULL || text == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no output or text given");
    }
    outis_policy *pol = ou_calloc(1, sizeof *pol);
    size_t cap = 0;
    int rc = 0;
    if (pol == NULL) {
        return ou_nomem(err);
    }
    const char *p = skip_space(text);
    for (;;) {
        condition c = {{0}, OP_LT, 0};
        const char *s = p;
        while (isalnum((unsigned char)*p) || *p == '_') {
            p++;
        }
        if (p == s || (size_t)(p - s) >= sizeof c.metric) {
            rc = parse_error(err, text, s, "expected a metric name such as k");
            goto done;
        }
        memcpy(c.metric, s, (size_t)(p - s));
        if (!is_metric(c.metric)) {
            rc = parse_error(err, text, s,
                             "unknown metric (k, classes, records, uniques, uniques_share, "
                             "prosecutor_max, prosecutor_avg, records_at_risk, marketer, "
                             "journalist_*, l_distinct, l_entropy, c_recursive, t)");
            goto done;
        }
        p = skip_space(p);
        if (parse_op(&p, &c.op) < 0) {
            rc = parse_error(err, text, p, "expected an operator: < <= > >= == !=");
            goto done;
        }
        p = skip_space(p);
        char *end;
        c.value = strtod(p, &end);
        if (end == p || !isfinite(c.value)) {
            rc = parse_error(err, text, p, "expected a number");
            goto done;
        }
        p = skip_space(end);
        if (ou_grow((void **)&pol->c, &cap, pol->n + 1, sizeof *pol->c) < 0) {
            rc = ou_nomem(err);
            goto done;
        }
        pol->c[pol->n++] = c;
        if (*p == '\0') {
            break;
        }
        if (*p == ',') {
            p++;
        } else if (strncmp(p, "||", 2) == 0) {
            p += 2;
        } else if (strncmp(p, "or", 2) == 0 && !isalnum((unsigned char)p[2])) {
            p += 2;
        } else {
            rc = parse_error(err, text, p, "expected ',' or 'or' between conditions");
            goto done;
        }
        p = skip_space(p);
    }
done:
    if (rc < 0) {
        outis_policy_free(pol);
        return rc;
    }
    *out = pol;
    return 0;
}

void outis_policy_free(outis_policy *policy)
{
    if (policy != NULL) {
        ou_free(policy->c);
        ou_free(policy);
    }
}

static int holds(enum op op, double a, double b)
{
    switch (op) {
    case OP_LT:
        return a < b;
    case OP_LE:
        return a <= b;
    case OP_GT:
        return a > b;
    case OP_GE:
        return a >= b;
    case OP_EQ:
        return a == b;
    default:
        return a != b;
    }
}

int outis_policy_check(size_t *violated, const outis_policy *policy, const outis_risk *risk,
                       char *text, size_t size, outis_error *err)
{
    if (violated == NULL || policy == NULL || risk == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no output, policy or result given");
    }
    *violated = 0;
    if (text != NULL && size > 0) {
        text[0] = '\0';
    }
    for (size_t i = 0; i < policy->n; i++) {
        const condition *c = &policy->c[i];
        double v;
        int rc = outis_risk_metric(&v, risk, c->metric, err);
        if (rc < 0) {
            return rc;
        }
        if (holds(c->op, v, c->value)) {
            if (*violated == 0 && text != NULL && size > 0) {
                snprintf(text, size, "%s%s%g (%s = %.6g)", c->metric, op_text[c->op], c->value,
                         c->metric, v);
            }
            (*violated)++;
        }
    }
    return 0;
}
