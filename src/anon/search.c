/* search.c - the optimal full-domain generalisation. The lattice holds one node per vector of
 * levels. Phase A finds, for the criteria that are monotonic in the active mode (ARX's
 * rules: k-anonymity and distinct l-diversity always; entropy and recursive l-diversity and
 * t-closeness only without suppression), which nodes satisfy them: Flash's binary search
 * along paths towards the top, each result tagging every generalisation (satisfied) or
 * specialisation (not) of the node. Phase B visits the satisfying nodes in order of a lower
 * bound of their score (the metric with nothing suppressed, which suppression can only
 * raise), evaluates them when the bound cannot decide, and stops when the bound passes the
 * best score: the optimum, with ties broken by fewer levels, then by the levels' order. */
#define _GNU_SOURCE /* qsort_r */
#include "anon_int.h"
#include "evaluate.h"
#include "prepare.h"

#include "util/alloc.h"
#include "util/parallel.h"
#include "util/error_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { UNKNOWN = 0, GOOD = 1, BAD = 2 };

typedef struct lattice {
    size_t q, n;     /* dimensions, nodes */
    size_t *radix;   /* [q] levels per QI */
    size_t *stride;  /* [q] the id step of one level of QI i: neighbours without encoding */
    uint8_t *state;  /* [n] */
    uint8_t *seen;   /* [n] evaluated at least once (some are twice: phase B, the optimum) */
    size_t *stack;   /* [n] for tagging */
    size_t qpad;     /* q rounded up to 8: a row of digits */
    uint8_t *digits; /* [n * qpad] the levels of each node */
    double *key;     /* [n] the bound of each node in a monotonic form (bound_key) */
    uint32_t *sum;   /* [n] their sum */
} lattice;

struct outis_anon {
    outis_anon_summary sum;
    size_t q;
    uint8_t *levels; /* [q] the optimum */
    double *qi_loss; /* [q] */
    anon_qi *qis;    /* [q] */
    const outis_hierarchy *const *hier;
    uint32_t *tuple_of;    /* [rows] */
    uint8_t *tuple_supp;   /* [tuples] suppressed at the optimum */
    uint32_t *tuple_codes; /* [tuples * q] */
};

static void decode(const lattice *L, size_t id, uint8_t *lv)
{
    const uint8_t *d = L->digits + id * L->qpad; /* no division: the levels are tabled */
    for (size_t i = 0; i < L->qpad; i += 8) {    /* fixed-size copies, inlined */
        memcpy(lv + i, d + i, 8);
    }
}

/* Tags id and, for GOOD, every generalisation, for BAD every specialisation (a node already
 * tagged the same way has its whole cone tagged: monotonicity). */
static void tag(lattice *L, size_t id, uint8_t how)
{
    size_t top = 0;
    uint8_t lv[64];
    if (L->state[id] == how) {
        return;
    }
    L->state[id] = how;
    L->stack[top++] = id;
    while (top > 0) {
        const size_t at = L->stack[--top];
        decode(L, at, lv);
        for (size_t i = 0; i < L->q; i++) {
            if ((how == GOOD && lv[i] + 1u >= L->radix[i]) || (how == BAD && lv[i] == 0)) {
                continue;
            }
            const size_t nb = how == GOOD ? at + L->stride[i] : at - L->stride[i];
            if (L->state[nb] != how) {
                L->state[nb] = how;
                L->stack[top++] = nb;
            }
        }
    }
}

#define CACHE 512 /* class tables of evaluated nodes kept for roll-ups */

typedef struct cached {
    uint8_t lv[64];
    anon_snapshot snap;
    size_t age;
} cached;

/* What one thread evaluates with: its scratch, its result, its cache of class tables. */
typedef struct worker {
    anon_scratch x;
    anon_eval e;
    cached cache[CACHE];
    size_t ncache, clock;
    size_t cached; /* tuples held by the cache */
    int rc;
} worker;

typedef struct search {
    anon_ctx c;
    lattice L;
    worker *w; /* [threads]; w[0] also runs phase A */
    unsigned threads;
    int mono_all; /* every criterion monotonic in the active mode */
    /* With every criterion monotonic and a metric with a bound, phase A also scores what it
     * evaluates and ignores nodes whose bound cannot beat the best so far. */
    int is_fused;
    double *exact; /* [n] exact score of an evaluated good node, NAN if unknown */
    const anon_ctx *full;
    double best, best_key;
    size_t bsum, bid;
} search;

/* The bound of a node as a sum over its QIs' levels, monotonic in the bound: for the loss,
 * the log of the geometric mean's product; for entropy and precision, their sums. */
static double level_term(const anon_qi *qi, int metric, size_t l)
{
    switch (metric) {
    case OUTIS_METRIC_ENTROPY:
        return qi->entropy[l];
    case OUTIS_METRIC_PRECISION:
        return qi->levels > 1 ? (double)l / (double)(qi->levels - 1) : 0;
    case OUTIS_METRIC_DISCERNIBILITY:
    case OUTIS_METRIC_AECS:
        return 0;
    default:
        return log1p(qi->gen_loss[l]);
    }
}

static double key_to_value(const search *s, double key)
{
    switch (s->c.o->metric) {
    case OUTIS_METRIC_ENTROPY:
        return key;
    case OUTIS_METRIC_PRECISION:
        return key / (double)s->c.q;
    case OUTIS_METRIC_DISCERNIBILITY:
    case OUTIS_METRIC_AECS:
        return 0;
    default:
        return expm1(key / (double)s->c.q);
    }
}

static double value_to_key(const search *s, double v)
{
    switch (s->c.o->metric) {
    case OUTIS_METRIC_ENTROPY:
        return v;
    case OUTIS_METRIC_PRECISION:
        return v * (double)s->c.q;
    case OUTIS_METRIC_DISCERNIBILITY:
    case OUTIS_METRIC_AECS:
        return 0;
    default:
        return log1p(v) * (double)s->c.q;
    }
}

/* The smallest cached class table of a node below lv, or the bottom snapshot. */
static const anon_snapshot *source_for(const search *s, worker *w, const uint8_t *lv)
{
    const anon_snapshot *best = s->c.s;
    for (size_t k = 0; k < w->ncache; k++) {
        size_t i = 0;
        while (i < s->L.q && w->cache[k].lv[i] <= lv[i]) {
            i++;
        }
        if (i == s->L.q && w->cache[k].snap.n < best->n) {
            best = &w->cache[k].snap;
            w->cache[k].age = ++w->clock;
        }
    }
    return best;
}

/* Evaluates a node, counted from the best cached table below it (a roll-up); its own
 * classes are cached when they are much fewer than those it was counted from. */
static int eval_node(const search *s, worker *w, const anon_ctx *ctx, const uint8_t *lv)
{
    const anon_snapshot *src = source_for(s, w, lv);
    int rc = anon_evaluate(&w->e, &w->x, ctx, src, lv);
    size_t id = 0;
    for (size_t i = 0; i < s->L.q; i++) {
        id += lv[i] * s->L.stride[i];
    }
    __atomic_store_n(&s->L.seen[id], 1, __ATOMIC_RELAXED); /* threads may share a node */
    if (rc < 0 || w->e.classes == 0 || w->e.classes * 4 / 3 > src->n) {
        return rc;
    }
    /* the least recently used go, while the cache is full or would hold more tuples than
     * twice the bottom snapshot: memory stays within three snapshots per thread */
    while (w->ncache > 0 && (w->ncache == CACHE || w->cached + w->e.classes > 2 * s->c.s->n)) {
        size_t old = SIZE_MAX; /* never src: it is read below */
        for (size_t i = 0; i < w->ncache; i++) {
            if (&w->cache[i].snap != src &&
                (old == SIZE_MAX || w->cache[i].age < w->cache[old].age)) {
                old = i;
            }
        }
        if (old == SIZE_MAX) {
            break;
        }
        w->cached -= w->cache[old].snap.n;
        anon_snapshot_free(&w->cache[old].snap);
        const int moves_src = &w->cache[w->ncache - 1].snap == src;
        w->cache[old] = w->cache[--w->ncache];
        if (moves_src) {
            src = &w->cache[old].snap; /* it moved into the freed entry */
        }
    }
    const size_t k = w->ncache++;
    w->cached += w->e.classes;
    memcpy(w->cache[k].lv, lv, s->L.q);
    w->cache[k].age = ++w->clock;
    if (anon_materialize(&w->cache[k].snap, &w->x, ctx, src, w->e.classes) < 0) {
        anon_snapshot_free(&w->cache[k].snap);
        w->cached -= w->e.classes;
        w->ncache--;
        return OUTIS_ENOMEM;
    }
    return 0;
}

/* Whether the node satisfies the criteria checked in phase A. */
static double score(const search *s, const uint8_t *lv, const anon_eval *e);
static int is_better(double sc, size_t sum, size_t id, double best, size_t bsum, size_t bid);

static int check(search *s, size_t id, int *rc)
{
    uint8_t lv[64];
    decode(&s->L, id, lv);
    if ((*rc = eval_node(s, &s->w[0], &s->c, lv)) < 0) {
        return 0;
    }
    const int ok = s->w[0].e.is_ok;
    if (ok && s->is_fused) { /* the criteria are the full ones: this is the exact score */
        const double sc = score(s, lv, &s->w[0].e);
        size_t sum = 0;
        for (size_t i = 0; i < s->L.q; i++) {
            sum += lv[i];
        }
        s->exact[id] = sc;
        if (is_better(sc, sum, id, s->best, s->bsum, s->bid)) {
            s->best = sc;
            s->best_key = value_to_key(s, sc);
            s->bsum = sum;
            s->bid = id;
        }
    }
    return ok;
}

/* Whether a node's bound leaves it a chance against the best so far (fused search), on its
 * bound key: no exp, since the key grows with the bound. */
static int may_win_key(const search *s, size_t id)
{
    if (!s->is_fused || isinf(s->best)) {
        return 1;
    }
    return s->L.key[id] <= s->best_key + 1e-12 * (fabs(s->best_key) > 1 ? fabs(s->best_key) : 1);
}

/* The lower bound of a node's score: its score with nothing suppressed. */
static double bound(const search *s, const uint8_t *lv)
{
    const anon_ctx *c = &s->c;
    switch (c->o->metric) {
    case OUTIS_METRIC_ENTROPY: {
        double h = 0;
        for (size_t i = 0; i < c->q; i++) {
            h += c->qis[i].entropy[lv[i]];
        }
        return h;
    }
    case OUTIS_METRIC_PRECISION: {
        double p = 0;
        for (size_t i = 0; i < c->q; i++) {
            p += c->qis[i].levels > 1 ? (double)lv[i] / (double)(c->qis[i].levels - 1) : 0;
        }
        return p / (double)c->q;
    }
    case OUTIS_METRIC_DISCERNIBILITY:
    case OUTIS_METRIC_AECS:
        return 0; /* no cheap bound: every candidate is evaluated */
    default: {
        double prod = 1;
        for (size_t i = 0; i < c->q; i++) {
            prod *= 1 + c->qis[i].gen_loss[lv[i]];
        }
        return pow(prod, 1.0 / (double)c->q) - 1;
    }
    }
}

/* The loss of QI i at the node, suppressed records counted fully generalised. */
static double qi_loss(const search *s, const uint8_t *lv, size_t i, const anon_eval *e)
{
    const anon_qi *qi = &s->c.qis[i];
    const double n = (double)s->c.rows, base = n / qi->domain;
    if (qi->domain <= 1) {
        return e->suppressed > 0 ? 1 : 0;
    }
    const double sum = qi->gen_loss[lv[i]] * (n - base) + base;
    const double loss = (sum - e->supp_share[i] + (double)e->suppressed - base) / (n - base);
    return loss > 0 ? loss : 0; /* rounding: a level-0 column is 0, never -1e-17 */
}

/* The node's exact score from its evaluation. */
static double score(const search *s, const uint8_t *lv, const anon_eval *e)
{
    const anon_ctx *c = &s->c;
    const double n = (double)c->rows;
    switch (c->o->metric) {
    case OUTIS_METRIC_DISCERNIBILITY:
        return e->dm;
    case OUTIS_METRIC_AECS:
        return n / (double)(e->kept_classes + (e->suppressed > 0));
    case OUTIS_METRIC_PRECISION: {
        double p = 0;
        for (size_t i = 0; i < c->q; i++) {
            const double h = c->qis[i].levels > 1 ? (double)(c->qis[i].levels - 1) : 1;
            p += ((n - (double)e->suppressed) * lv[i] / h + (double)e->suppressed) / n;
        }
        return p / (double)c->q;
    }
    case OUTIS_METRIC_ENTROPY: /* a suppressed record costs what it would at the top */
        return bound(s, lv) + e->supp_entropy;
    default: {
        double prod = 1;
        for (size_t i = 0; i < c->q; i++) {
            prod *= 1 + qi_loss(s, lv, i, e);
        }
        return pow(prod, 1.0 / (double)c->q) - 1;
    }
    }
}

/* ---- phase A: the monotonic criteria ---- */

/* A greedy path upwards from id through untagged nodes, the successor of least bound first. */
static size_t path_up(search *s, size_t id, size_t *path)
{
    uint8_t lv[64];
    size_t len = 0;
    path[len++] = id;
    decode(&s->L, id, lv);
    for (size_t at = id;;) {
        size_t best = SIZE_MAX, bi = 0;
        double bb = INFINITY;
        for (size_t i = 0; i < s->L.q; i++) {
            if (lv[i] + 1u >= s->L.radix[i]) {
                continue;
            }
            const size_t nb = at + s->L.stride[i];
            const double b = s->L.key[nb];
            if (s->L.state[nb] == UNKNOWN && b < bb) {
                best = nb;
                bb = b;
                bi = i;
            }
        }
        if (best == SIZE_MAX) {
            return len;
        }
        lv[bi]++;
        path[len++] = at = best;
    }
}

static int phase_a(search *s)
{
    lattice *L = &s->L;
    size_t maxsum = 0;
    for (size_t i = 0; i < L->q; i++) {
        maxsum += L->radix[i] - 1;
    }
    size_t *order = ou_mallocarray(L->n + 1, sizeof *order);
    size_t *start = ou_calloc(maxsum + 2, sizeof *start);
    size_t *path = ou_mallocarray(L->n + 1, sizeof *path);
    int rc = 0;
    if (order == NULL || start == NULL || path == NULL) {
        rc = OUTIS_ENOMEM;
        goto done;
    }
    for (size_t id = 0; id < L->n; id++) { /* by level sum, then id: a counting sort */
        start[L->sum[id] + 1]++;
    }
    for (size_t v = 1; v <= maxsum + 1; v++) {
        start[v] += start[v - 1];
    }
    for (size_t id = 0; id < L->n; id++) {
        order[start[L->sum[id]]++] = id;
    }
    for (size_t o = 0; o < L->n && rc == 0; o++) {
        if (L->state[order[o]] != UNKNOWN) {
            continue;
        }
        if (!may_win_key(s, order[o])) {
            continue; /* left unknown: it cannot be the optimum */
        }
        const size_t len = path_up(s, order[o], path);
        size_t lo = 0, hi = len; /* binary search for the lowest node that is good */
        while (lo < hi && rc == 0) {
            const size_t mid = lo + (hi - lo) / 2, id = path[mid];
            int good = L->state[id] == GOOD;
            if (L->state[id] == UNKNOWN) {
                good = check(s, id, &rc);
                tag(L, id, good ? GOOD : BAD);
            }
            if (good) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
    }
done:
    ou_free(order);
    ou_free(start);
    ou_free(path);
    return rc;
}

/* ---- phase B: the best satisfying node ---- */

typedef struct cand {
    double bound;
    size_t sum, id;
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->bound != y->bound) {
        return x->bound < y->bound ? -1 : 1;
    }
    if (x->sum != y->sum) {
        return x->sum < y->sum ? -1 : 1;
    }
    return (x->id > y->id) - (x->id < y->id);
}

static int is_better(double sc, size_t sum, size_t id, double best, size_t bsum, size_t bid)
{
    const double eps = 1e-12 * (fabs(best) > 1 ? fabs(best) : 1);
    if (sc < best - eps) {
        return 1;
    }
    if (sc > best + eps) {
        return 0;
    }
    return sum < bsum || (sum == bsum && id < bid);
}

#define BATCH 16 /* candidates evaluated at once, spread over the threads */

typedef struct batch {
    const search *s;
    const anon_ctx *full;
    const cand *cs;
    double score[BATCH]; /* INFINITY: not acceptable */
} batch;

static void eval_cand(void *arg, size_t task, unsigned thread)
{
    batch *b = arg;
    worker *w = &b->s->w[thread];
    uint8_t lv[64];
    if (b->s->exact != NULL && !isnan(b->s->exact[b->cs[task].id])) {
        b->score[task] = b->s->exact[b->cs[task].id]; /* scored in phase A */
        return;
    }
    decode(&b->s->L, b->cs[task].id, lv);
    int rc = eval_node(b->s, w, b->full, lv);
    if (rc < 0) {
        w->rc = rc;
    }
    b->score[task] = rc == 0 && w->e.is_ok ? score(b->s, lv, &w->e) : INFINITY;
}

/* Candidates in order of bound, in batches evaluated in parallel and then taken in order,
 * so the result is the one a single thread would find. */
static int phase_b(search *s, const anon_ctx *full, size_t *best_id, double *best_score)
{
    lattice *L = &s->L;
    cand *cs = ou_mallocarray(L->n + 1, sizeof *cs);
    if (cs == NULL) {
        return OUTIS_ENOMEM;
    }
    size_t nc = 0;
    for (size_t id = 0; id < L->n; id++) {
        if (L->state[id] != GOOD) {
            continue;
        }
        if (!may_win_key(s, id)) {
            continue; /* cannot beat what phase A found */
        }
        cs[nc++] = (cand){key_to_value(s, L->key[id]), L->sum[id], id};
    }
    qsort(cs, nc, sizeof *cs, cmp_cand);
    const int metric = full->o->metric;
    const int is_bound_exact = s->mono_all && full->o->suppression == 0 &&
                               metric != OUTIS_METRIC_DISCERNIBILITY && metric != OUTIS_METRIC_AECS;
    const int has_bound = metric != OUTIS_METRIC_DISCERNIBILITY && metric != OUTIS_METRIC_AECS;
    double best = s->is_fused ? s->best : INFINITY;
    size_t bsum = s->is_fused ? s->bsum : SIZE_MAX, bid = s->is_fused ? s->bid : SIZE_MAX;
    int rc = 0, stop = 0;
    for (size_t at = 0; at < nc && rc == 0 && !stop; at += BATCH) {
        const size_t m = nc - at < BATCH ? nc - at : BATCH;
        batch b = {s, full, cs + at, {0}};
        if (has_bound && cs[at].bound > best + 1e-12 * (fabs(best) > 1 ? fabs(best) : 1)) {
            break; /* every later node scores at least its bound */
        }
        int needs_eval = 0;
        for (size_t i = 0; i < m && !is_bound_exact; i++) {
            needs_eval |= !(s->exact != NULL && !isnan(s->exact[cs[at + i].id]));
        }
        if (needs_eval) {
            par_for(s->threads, m, eval_cand, &b);
            for (unsigned t = 0; t < s->threads; t++) {
                rc = rc < 0 ? rc : s->w[t].rc;
            }
        }
        for (size_t i = 0; i < m && rc == 0; i++) {
            const cand *c = &cs[at + i];
            if (has_bound && c->bound > best + 1e-12 * (fabs(best) > 1 ? fabs(best) : 1)) {
                stop = 1;
                break;
            }
            const int is_known = s->exact != NULL && !isnan(s->exact[c->id]);
            const double sc = is_bound_exact ? c->bound : is_known ? s->exact[c->id] : b.score[i];
            if (sc < INFINITY && is_better(sc, c->sum, c->id, best, bsum, bid)) {
                best = sc;
                bsum = c->sum;
                bid = c->id;
            }
        }
    }
    ou_free(cs);
    *best_id = bid;
    *best_score = best;
    return rc;
}

/* ---- the API ---- */

static int check_options(const outis_table *t, const outis_anon_options *o, outis_error *err)
{
    if (o == NULL || o->version != OUTIS_ANON_OPTIONS_VERSION) {
        return ou_err(err, OUTIS_EINVAL, "unsupported options version");
    }
    if (o->qi_count == 0 || o->qi_count > 64 || o->qi == NULL || o->hierarchies == NULL) {
        return ou_err(err, OUTIS_EINVAL,
                      "between 1 and 64 quasi-identifiers, each with a hierarchy");
    }
    for (size_t i = 0; i < o->qi_count; i++) {
        if (o->qi[i] >= outis_table_columns(t) || o->hierarchies[i] == NULL ||
            outis_table_hashes(t, o->qi[i]) != NULL) {
            return ou_err(err, OUTIS_EINVAL, "quasi-identifier %zu: no such column or hierarchy",
                          i + 1);
        }
        if (outis_hierarchy_levels(o->hierarchies[i]) > 255) {
            return ou_err(err, OUTIS_EINVAL, "a hierarchy has more than 255 levels");
        }
    }
    const int needs_sa = o->l_kind != OUTIS_L_NONE || o->t_kind != OUTIS_T_NONE;
    if (needs_sa && o->sensitive_count == 0) {
        return ou_err(err, OUTIS_EINVAL, "l-diversity and t-closeness need a sensitive column");
    }
    for (size_t j = 0; j < o->sensitive_count; j++) {
        if (o->sensitive == NULL || o->sensitive[j] >= outis_table_columns(t)) {
            return ou_err(err, OUTIS_EINVAL, "sensitive column %zu does not exist", j + 1);
        }
    }
    if (o->l_kind < OUTIS_L_NONE || o->l_kind > OUTIS_L_RECURSIVE ||
        (o->l_kind != OUTIS_L_NONE && !(o->l >= 1)) ||
        (o->l_kind == OUTIS_L_RECURSIVE && !(o->c > 0))) {
        return ou_err(err, OUTIS_EINVAL, "l-diversity needs l >= 1 (and c > 0 for recursive)");
    }
    if (o->t_kind == OUTIS_T_HIERARCHICAL) {
        for (size_t j = 0; j < o->sensitive_count; j++) {
            if (o->sensitive_hierarchies == NULL || o->sensitive_hierarchies[j] == NULL) {
                return ou_err(err, OUTIS_EINVAL,
                              "hierarchical t-closeness needs a hierarchy for each sensitive "
                              "column");
            }
        }
    }
    if (o->t_kind < OUTIS_T_NONE || o->t_kind > OUTIS_T_HIERARCHICAL ||
        (o->t_kind != OUTIS_T_NONE && !(o->t >= 0 && o->t <= 1))) {
        return ou_err(err, OUTIS_EINVAL, "t-closeness needs t in [0, 1]");
    }
    if (!(o->suppression >= 0 && o->suppression < 1)) {
        return ou_err(err, OUTIS_EINVAL, "the suppression limit must be in [0, 1)");
    }
    if (o->metric < OUTIS_METRIC_LOSS || o->metric > OUTIS_METRIC_PRECISION) {
        return ou_err(err, OUTIS_EINVAL, "unknown metric %d", o->metric);
    }
    return 0;
}

void outis_anon_free(outis_anon *a)
{
    if (a == NULL) {
        return;
    }
    for (size_t i = 0; a->qis != NULL && i < a->q; i++) {
        anon_qi_free(&a->qis[i]);
    }
    ou_free(a->qis);
    ou_free(a->levels);
    ou_free(a->qi_loss);
    ou_free(a->tuple_of);
    ou_free(a->tuple_supp);
    ou_free(a->tuple_codes);
    ou_free(a);
}

/* Why nothing satisfies the criteria: what the top of the lattice gives. */
static int unreachable(search *s, const anon_ctx *full, outis_error *err)
{
    uint8_t lv[64];
    decode(&s->L, s->L.n - 1, lv);
    worker *w = &s->w[0];
    anon_evaluate(&w->e, &w->x, full, full->s, lv);
    return ou_err(err, OUTIS_ELIMIT,
                  "no transformation satisfies the criteria, not even the most general one: "
                  "there, %zu of %zu records would have to be suppressed (limit %g%%)%s",
                  w->e.suppressed, s->c.rows, full->o->suppression * 100,
                  full->o->k > s->c.rows ? "; k is larger than the table" : "");
}

static int finish(outis_anon *a, search *s, const anon_ctx *full, size_t best, double sc)
{
    lattice *L = &s->L;
    uint8_t lv[64];
    decode(L, best, lv);
    worker *w = &s->w[0];
    int rc = anon_evaluate(&w->e, &w->x, full, full->s, lv); /* per bottom tuple */
    a->levels = ou_mallocarray(L->q, 1);
    a->qi_loss = ou_mallocarray(L->q, sizeof *a->qi_loss);
    a->tuple_supp = ou_mallocarray(s->c.s->n + 1, 1);
    if (rc < 0 || a->levels == NULL || a->qi_loss == NULL || a->tuple_supp == NULL) {
        return OUTIS_ENOMEM;
    }
    memcpy(a->levels, lv, L->q);
    for (size_t i = 0; i < L->q; i++) {
        a->qi_loss[i] = qi_loss(s, lv, i, &w->e);
    }
    for (size_t t = 0; t < s->c.s->n; t++) {
        a->tuple_supp[t] = w->x.class_bad[w->x.class_of[t]];
    }
    a->sum.score = sc;
    a->sum.suppressed = w->e.suppressed;
    a->sum.classes = w->e.kept_classes;
    a->sum.min_class = w->e.kept_classes > 0 ? w->e.min_class : 0;
    a->sum.lattice = L->n;
    a->sum.evaluated = 0;
    for (size_t id = 0; id < L->n; id++) {
        a->sum.evaluated += L->seen[id];
    }
    return 0;
}

static int run_search(outis_anon *a, search *s, const outis_anon_options *o, outis_error *err)
{
    outis_anon_options mono = *o; /* the monotonic part, for phase A */
    const int with_supp = o->suppression > 0;
    const int l_mono = o->l_kind == OUTIS_L_NONE || o->l_kind == OUTIS_L_DISTINCT || !with_supp;
    const int t_mono = o->t_kind == OUTIS_T_NONE || !with_supp;
    if (!l_mono) {
        mono.l_kind = OUTIS_L_NONE;
    }
    if (!t_mono) {
        mono.t_kind = OUTIS_T_NONE;
    }
    s->mono_all = l_mono && t_mono;
    anon_ctx full = s->c;
    s->c.o = &mono;
    s->full = &full;
    s->is_fused =
        s->mono_all && o->metric != OUTIS_METRIC_DISCERNIBILITY && o->metric != OUTIS_METRIC_AECS;
    s->best = INFINITY;
    s->bsum = s->bid = SIZE_MAX;
    if (s->is_fused) {
        s->exact = ou_mallocarray(s->L.n + 1, sizeof *s->exact);
        if (s->exact == NULL) {
            return ou_nomem(err);
        }
        for (size_t i = 0; i < s->L.n; i++) {
            s->exact[i] = NAN;
        }
    }
    int rc = 0;
    if (mono.k > 1 || mono.l_kind != OUTIS_L_NONE || mono.t_kind != OUTIS_T_NONE) {
        rc = phase_a(s);
    } else {
        memset(s->L.state, GOOD, s->L.n); /* nothing monotonic: every node is a candidate */
    }
    size_t best = SIZE_MAX;
    double sc = 0;
    if (rc == 0) {
        rc = phase_b(s, &full, &best, &sc);
    }
    s->c.o = o;
    ou_free(s->exact);
    s->exact = NULL;
    if (rc < 0) {
        return ou_nomem(err);
    }
    if (best == SIZE_MAX) {
        return unreachable(s, &full, err);
    }
    return finish(a, s, &full, best, sc) < 0 ? ou_nomem(err) : 0;
}

int outis_anonymize(outis_anon **out, const outis_table *t, const outis_anon_options *o,
                    outis_error *err)
{
    if (out == NULL || t == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no result or table");
    }
    *out = NULL;
    int rc = check_options(t, o, err);
    if (rc < 0) {
        return rc;
    }
    outis_anon *a = ou_calloc(1, sizeof *a);
    search s;
    memset(&s, 0, sizeof s);
    anon_snapshot snap;
    memset(&snap, 0, sizeof snap);
    if (a == NULL || (a->qis = ou_calloc(o->qi_count, sizeof *a->qis)) == NULL) {
        ou_free(a);
        return ou_nomem(err);
    }
    a->q = o->qi_count;
    a->hier = o->hierarchies;
    for (size_t i = 0; i < a->q && rc == 0; i++) {
        rc = anon_qi_prepare(&a->qis[i], t, o->qi[i], o->hierarchies[i], err);
    }
    if (rc == 0) {
        rc = anon_snapshot_build(
            &snap, t, a->qis, a->q, o->sensitive, o->sensitive_count, o->t_kind == OUTIS_T_ORDERED,
            o->t_kind == OUTIS_T_HIERARCHICAL ? o->sensitive_hierarchies : NULL, o->threads, err);
    }
    if (rc == 0 && anon_mask_mode(o, &snap) && anon_snapshot_masks(&snap) < 0) {
        rc = ou_nomem(err);
    }
    s.c = (anon_ctx){o, a->qis, a->q, &snap, outis_table_rows(t)};
    s.L.q = a->q;
    s.L.n = 1;
    s.L.radix = ou_mallocarray(a->q, sizeof *s.L.radix);
    s.L.stride = ou_mallocarray(a->q, sizeof *s.L.stride);
    if (rc == 0 && (s.L.radix == NULL || s.L.stride == NULL)) {
        rc = ou_nomem(err);
    }
    for (size_t i = a->q; rc == 0 && i-- > 0;) {
        s.L.radix[i] = a->qis[i].levels;
        s.L.stride[i] = s.L.n;
        s.L.n *= a->qis[i].levels;
    }
    if (rc == 0) {
        s.L.qpad = (a->q + 7) & ~(size_t)7;
        s.L.digits = ou_mallocarray(s.L.n * s.L.qpad + 1, 1);
        s.L.sum = ou_mallocarray(s.L.n + 1, sizeof *s.L.sum);
        s.L.key = ou_mallocarray(s.L.n + 1, sizeof *s.L.key);
        double *terms = ou_mallocarray(a->q * 256, sizeof *terms);
        for (size_t i = 0; terms != NULL && i < a->q; i++) {
            for (size_t l = 0; l < a->qis[i].levels; l++) {
                terms[i * 256 + l] = level_term(&a->qis[i], o->metric, l);
            }
        }
        if (s.L.digits != NULL && s.L.sum != NULL && s.L.key != NULL && terms != NULL) {
            uint8_t lv[64] = {0}; /* an odometer over the lattice */
            uint32_t sum = 0;
            /* prefix[i + 1] = the key's sum over QIs 0..i, added left to right as a whole
             * sum would be: an odometer step recomputes only from the digit it changed */
            double prefix[65] = {0};
            size_t from = 0;
            for (size_t id = 0; id < s.L.n; id++) {
                for (size_t i = 0; i < s.L.qpad; i += 8) {
                    memcpy(s.L.digits + id * s.L.qpad + i, lv + i, 8);
                }
                s.L.sum[id] = sum;
                for (size_t i = from; i < a->q; i++) {
                    prefix[i + 1] = prefix[i] + terms[i * 256 + lv[i]];
                }
                s.L.key[id] = prefix[a->q];
                for (size_t i = a->q; i-- > 0;) {
                    from = i;
                    if (++lv[i] < s.L.radix[i]) {
                        sum++;
                        break;
                    }
                    sum -= lv[i] - 1u;
                    lv[i] = 0;
                }
            }
        }
        const int no_terms = terms == NULL;
        ou_free(terms);
        s.L.state = ou_calloc(s.L.n + 1, 1);
        s.L.seen = ou_calloc(s.L.n + 1, 1);
        s.L.stack = ou_mallocarray(s.L.n + 1, sizeof *s.L.stack);
        s.threads = par_threads(o->threads);
        s.w = ou_calloc(s.threads, sizeof *s.w);
        rc = no_terms || s.L.state == NULL || s.L.seen == NULL || s.L.stack == NULL ||
             s.w == NULL || s.L.digits == NULL || s.L.sum == NULL || s.L.key == NULL;
        for (unsigned k = 0; rc == 0 && k < s.threads; k++) {
            s.w[k].e.supp_share = ou_mallocarray(a->q, sizeof *s.w[k].e.supp_share);
            rc = s.w[k].e.supp_share == NULL || anon_scratch_init(&s.w[k].x, &s.c) < 0;
        }
        rc = rc ? ou_nomem(err) : 0;
    }
    if (rc == 0) {
        rc = run_search(a, &s, o, err);
    }
    if (rc == 0) { /* the rows' tuples, for the released values */
        a->tuple_of = snap.tuple_of;
        a->tuple_codes = snap.codes;
        snap.tuple_of = NULL;
        snap.codes = NULL;
    }
    for (unsigned k = 0; s.w != NULL && k < s.threads; k++) {
        anon_scratch_free(&s.w[k].x);
        for (size_t c = 0; c < s.w[k].ncache; c++) {
            anon_snapshot_free(&s.w[k].cache[c].snap);
        }
        ou_free(s.w[k].e.supp_share);
    }
    ou_free(s.w);
    ou_free(s.L.radix);
    ou_free(s.L.stride);
    ou_free(s.L.digits);
    ou_free(s.L.key);
    ou_free(s.L.sum);
    ou_free(s.L.state);
    ou_free(s.L.seen);
    ou_free(s.L.stack);
    anon_snapshot_free(&snap);
    if (rc < 0) {
        outis_anon_free(a);
        return rc;
    }
    *out = a;
    return 0;
}

const outis_anon_summary *outis_anon_get_summary(const outis_anon *a)
{
    return &a->sum;
}

size_t outis_anon_level(const outis_anon *a, size_t i)
{
    return a->levels[i];
}

double outis_anon_qi_loss(const outis_anon *a, size_t i)
{
    return a->qi_loss[i];
}

int outis_anon_is_suppressed(const outis_anon *a, size_t row)
{
    return a->tuple_supp[a->tuple_of[row]];
}

const char *outis_anon_value(const outis_anon *a, size_t i, size_t row)
{
    const anon_qi *qi = &a->qis[i];
    const uint32_t code = a->tuple_codes[(size_t)a->tuple_of[row] * a->q + i];
    return qi->label[a->levels[i]][qi->gen[a->levels[i]][code]];
}
