/* query.c - outis_dp_run: checks a query, plans each aggregate (fixed-point scale, values
 * per dictionary code, budget share and noise), groups and bounds the rows, selects the
 * groups to release (public keys, or private partition selection by Laplace thresholding on
 * the number of units per group), then hands over to compute.c. */
#include "dp_int.h"
#include "account.h"
#include "fixed.h"

#include "table/group.h"
#include "util/alloc.h"
#include "util/error_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *kind_name(int kind)
{
    static const char *const names[] = {"count", "sum", "mean", "quantile", "histogram"};
    return kind >= 0 && kind <= OUTIS_DP_HISTOGRAM ? names[kind] : "?";
}

static int check_aggregate(const outis_dp_aggregate *a, size_t i, outis_error *err)
{
    if (a->kind < OUTIS_DP_COUNT || a->kind > OUTIS_DP_HISTOGRAM) {
        return ou_err(err, OUTIS_EINVAL, "aggregate %zu: unknown kind %d", i + 1, a->kind);
    }
    if (!(a->share >= 0 && a->share <= 1)) {
        return ou_err(err, OUTIS_EINVAL, "aggregate %zu: share must be in [0, 1]", i + 1);
    }
    if (a->kind == OUTIS_DP_COUNT) {
        return 0;
    }
    const char *k = kind_name(a->kind);
    if (a->column == NULL || a->column[0] == '\0') {
        return ou_err(err, OUTIS_EINVAL, "%s: a column is needed", k);
    }
    if (!isfinite(a->lower) || !isfinite(a->upper)) {
        return ou_err(err, OUTIS_EINVAL, "%s(%s): bounds must be finite numbers", k, a->column);
    }
    if (a->lower > a->upper ||
        (a->lower == a->upper && a->kind != OUTIS_DP_SUM && a->kind != OUTIS_DP_MEAN)) {
        return ou_err(err, OUTIS_EINVAL, "%s(%s): lower bound %g must be below upper bound %g", k,
                      a->column, a->lower, a->upper);
    }
    if (a->kind == OUTIS_DP_QUANTILE && !(a->q >= 0 && a->q <= 1)) {
        return ou_err(err, OUTIS_EINVAL, "quantile(%s): q must be in [0, 1], not %g", a->column,
                      a->q);
    }
    if (a->kind == OUTIS_DP_HISTOGRAM && (a->bins < 1 || a->bins > 100000)) {
        return ou_err(err, OUTIS_EINVAL, "histogram(%s): bins must be in [1, 100000]", a->column);
    }
    return 0;
}

static int check_query(const outis_dp_query *q, outis_error *err)
{
    if (q == NULL || q->version != OUTIS_DP_QUERY_VERSION) {
        return ou_err(err, OUTIS_EINVAL, "query version %d is not %d", q ? q->version : 0,
                      OUTIS_DP_QUERY_VERSION);
    }
    if (!(q->epsilon > 0) || !isfinite(q->epsilon)) {
        return ou_err(err, OUTIS_EINVAL, "epsilon must be a positive number");
    }
    if (!(q->delta >= 0 && q->delta < 1)) {
        return ou_err(err, OUTIS_EINVAL, "delta must be in [0, 1)");
    }
    if (q->mechanism != OUTIS_DP_LAPLACE && q->mechanism != OUTIS_DP_GAUSSIAN) {
        return ou_err(err, OUTIS_EINVAL, "unknown mechanism %d", q->mechanism);
    }
    if (q->mechanism == OUTIS_DP_GAUSSIAN && q->delta == 0) {
        return ou_err(err, OUTIS_EINVAL, "gaussian noise needs a delta > 0");
    }
    if (q->by_count > 0 && q->keys == NULL && q->delta == 0) {
        return ou_err(err, OUTIS_EINVAL,
                      "without public keys, groups are selected privately, which needs a "
                      "delta > 0 (or give the keys)");
    }
    if (q->aggregate_count == 0) {
        return ou_err(err, OUTIS_EINVAL, "no aggregate asked for");
    }
    if (q->max_groups > 1000000 || q->max_rows > 1000000) {
        return ou_err(err, OUTIS_EINVAL, "contribution bounds must be at most 1000000");
    }
    if (q->granularity != 0 && fixed_gexp(q->granularity) == -1000) {
        return ou_err(err, OUTIS_EINVAL,
                      "granularity must be a power of ten between 1e-12 and 1e12, not %g",
                      q->granularity);
    }
    double given = 0;
    for (size_t i = 0; i < q->aggregate_count; i++) {
        int rc = check_aggregate(&q->aggregates[i], i, err);
        if (rc < 0) {
            return rc;
        }
        given += q->aggregates[i].share;
    }
    if (given > 1 + 1e-9) {
        return ou_err(err, OUTIS_EINVAL, "the aggregates' shares add up to %g, more than 1", given);
    }
    size_t open = q->by_count > 0 && q->keys == NULL; /* partition selection takes a share */
    for (size_t i = 0; i < q->aggregate_count; i++) {
        open += q->aggregates[i].share == 0;
    }
    if (open > 0 && !(1 - given > 1e-9)) {
        return ou_err(err, OUTIS_EINVAL, "the given shares leave no budget for the %s",
                      q->by_count > 0 && q->keys == NULL ? "others and for selecting groups"
                                                         : "others");
    }
    return 0;
}

int outis_dp_query_check(const outis_dp_query *query, outis_error *err)
{
    return check_query(query, err);
}

/* ---- aggregates ---- */

static int default_gexp(const outis_dp_aggregate *a, const outis_dp_query *q)
{
    if (q->granularity != 0) {
        return fixed_gexp(q->granularity);
    }
    const double m = fmax(fabs(a->lower), fabs(a->upper));
    if (m == 0) {
        return 0;
    }
    int e = (int)floor(log10(m)) - 6;
    return e < -12 ? -12 : e > 12 ? 12 : e;
}

/* The first row holding code c of column col, for error messages. */
static size_t first_row(const outis_table *t, size_t col, uint32_t c)
{
    const uint32_t *codes = outis_table_codes(t, col);
    size_t r = 0;
    while (codes[r] != c) {
        r++;
    }
    return r;
}

static int plan_values(dp_agg *g, const outis_table *t, outis_error *err)
{
    const size_t card = outis_table_cardinality(t, g->col);
    const uint32_t missing = outis_table_missing_code(t, g->col);
    const int kind = g->q->kind;
    const int is_bucketed = kind == OUTIS_DP_QUANTILE || kind == OUTIS_DP_HISTOGRAM;
    g->value = ou_mallocarray(card + 1, sizeof *g->value);
    g->bucket = is_bucketed ? ou_mallocarray(card + 1, sizeof *g->bucket) : NULL;
    if (g->value == NULL || (is_bucketed && g->bucket == NULL)) {
        return ou_nomem(err);
    }
    const uint64_t nb = kind == OUTIS_DP_QUANTILE ? TREE_LEAVES : g->q->bins;
    const __int128 span = (__int128)g->hi - g->lo;
    for (uint32_t c = 0; c < card; c++) {
        size_t len;
        const char *s = outis_table_value(t, g->col, c, &len);
        int64_t v;
        if (c == missing) {
            g->value[c] = DP_MISSING;
        } else if (fixed_parse(&v, s, len, g->gexp) < 0) {
            const size_t r = first_row(t, g->col, c);
            ou_err(err, OUTIS_EPARSE, "column '%s', row %zu: expected a number", g->q->column,
                   r + 1);
            return OUTIS_EPARSE;
        } else {
            g->value[c] = v < g->lo ? g->lo : v > g->hi ? g->hi : v;
        }
        if (is_bucketed) {
            if (g->value[c] == DP_MISSING) {
                g->bucket[c] = UINT32_MAX;
            } else {
                const __int128 b = ((__int128)g->value[c] - g->lo) * (__int128)nb / span;
                g->bucket[c] = (uint32_t)(b >= (__int128)nb ? nb - 1 : b);
            }
        }
    }
    return 0;
}

static int plan_aggregate(dp_agg *g, const outis_dp_aggregate *a, const outis_table *t,
                          const outis_dp_query *q, outis_error *err)
{
    memset(g, 0, sizeof *g);
    g->q = a;
    if (a->kind == OUTIS_DP_COUNT) {
        return 0;
    }
    int rc = outis_table_column_index(&g->col, t, a->column, err);
    if (rc < 0) {
        return rc;
    }
    g->gexp = default_gexp(a, q);
    if (fixed_from_double(&g->lo, a->lower, g->gexp) < 0 ||
        fixed_from_double(&g->hi, a->upper, g->gexp) < 0 || g->lo <= -FIXED_LIMIT ||
        g->hi >= FIXED_LIMIT) {
        return ou_err(err, OUTIS_EINVAL, "%s(%s): bounds too large for granularity 1e%d",
                      kind_name(a->kind), a->column, g->gexp);
    }
    if (g->lo == g->hi && (a->kind == OUTIS_DP_QUANTILE || a->kind == OUTIS_DP_HISTOGRAM)) {
        return ou_err(err, OUTIS_EINVAL, "%s(%s): bounds are equal at granularity 1e%d",
                      kind_name(a->kind), a->column, g->gexp);
    }
    if (a->kind == OUTIS_DP_MEAN) {
        g->mid = g->lo + (g->hi - g->lo) / 2;
    }
    return plan_values(g, t, err);
}

/* ---- budget ---- */

static uint64_t max_abs(int64_t a, int64_t b)
{
    const uint64_t x = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
    const uint64_t y = b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b;
    return x > y ? x : y;
}

/* Noise for one aggregate given its share of epsilon (Laplace) or rho (Gaussian). */
static int calibrate(dp_agg *g, const outis_dp_query *q, double eps, double rho, outis_error *err)
{
    const uint64_t l0 = q->max_groups, linf = q->max_rows;
    uint64_t m = 1; /* per-row magnitude in units */
    double parts = 1;
    switch (g->q->kind) {
    case OUTIS_DP_SUM:
        m = max_abs(g->lo, g->hi);
        break;
    case OUTIS_DP_MEAN:
        m = max_abs(g->lo - g->mid, g->hi - g->mid);
        parts = 2;
        break;
    case OUTIS_DP_QUANTILE:
        parts = 1; /* the levels share the sensitivity below */
        break;
    default:
        break;
    }
    const uint64_t levels = g->q->kind == OUTIS_DP_QUANTILE ? TREE_DEPTH : 1;
    const __int128 l1 = (__int128)l0 * linf * m * levels;
    const double l2sq = (double)l0 * (double)linf * (double)linf * (double)m * (double)m * levels;
    if (l1 >= ((__int128)1 << 62)) {
        return ou_err(err, OUTIS_EINVAL, "%s(%s): sensitivity too large; use a coarser granularity",
                      kind_name(g->q->kind), g->q->column);
    }
    int rc;
    if (q->mechanism == OUTIS_DP_LAPLACE) {
        rc = noise_laplace(&g->noise, (uint64_t)l1, eps / parts, err);
        if (rc == 0 && parts == 2) {
            rc = noise_laplace(&g->noise2, l0 * linf, eps / parts, err);
        }
    } else {
        rc = noise_gauss(&g->noise, l2sq, rho / parts, err);
        if (rc == 0 && parts == 2) {
            rc =
                noise_gauss(&g->noise2, (double)l0 * (double)linf * (double)linf, rho / parts, err);
        }
    }
    return rc;
}

typedef struct budget_plan {
    double selection; /* share of epsilon for partition selection, 0 without */
    dp_noise select;  /* noise on units per group */
    uint64_t threshold;
} budget_plan;

/* The share of the call's budget of each part without one (aggregates with share 0, and
 * partition selection when it runs): an equal part of what the given shares leave. */
static double open_share(const outis_dp_query *q, int is_selecting)
{
    double given = 0;
    size_t open = (size_t)is_selecting;
    for (size_t i = 0; i < q->aggregate_count; i++) {
        given += q->aggregates[i].share;
        open += q->aggregates[i].share == 0;
    }
    return open > 0 ? (1 - given) / (double)open : 0;
}

static double share_of(const outis_dp_aggregate *a, double each)
{
    return a->share > 0 ? a->share : each;
}

/* What the call spends, which depends on the query only (never on the data). Laplace parts
 * add their epsilon; Gaussian parts share one rho calibrated to their epsilon and the delta
 * left after selection, which takes delta (half of it beside Gaussian noise). */
static void query_cost(outis_dp_cost *cost, const outis_dp_query *q, int is_selecting, double each)
{
    double shares = 0;
    for (size_t i = 0; i < q->aggregate_count; i++) {
        shares += share_of(&q->aggregates[i], each);
    }
    const double selection = is_selecting ? each : 0;
    const double delta_select = !is_selecting                       ? 0
                                : q->mechanism == OUTIS_DP_GAUSSIAN ? q->delta / 2
                                                                    : q->delta;
    memset(cost, 0, sizeof *cost);
    if (q->mechanism == OUTIS_DP_GAUSSIAN) {
        cost->rho = dp_eps_delta_to_rho(shares * q->epsilon, q->delta - delta_select);
        cost->epsilon = selection * q->epsilon;
    } else {
        cost->epsilon = (shares + selection) * q->epsilon;
    }
    cost->delta = delta_select;
}

int outis_dp_query_cost(outis_dp_cost *out, const outis_dp_query *query, outis_error *err)
{
    int rc = check_query(query, err);
    if (rc < 0 || out == NULL) {
        return rc < 0 ? rc : ou_err(err, OUTIS_EINVAL, "no output given");
    }
    const int is_selecting = query->by_count > 0 && query->keys == NULL;
    query_cost(out, query, is_selecting, open_share(query, is_selecting));
    return 0;
}

static int plan_budget(budget_plan *bp, dp_agg *aggs, size_t n, const outis_dp_query *q,
                       int is_selecting, outis_dp_cost *cost, outis_error *err)
{
    memset(bp, 0, sizeof *bp);
    const double each = open_share(q, is_selecting);
    query_cost(cost, q, is_selecting, each);
    double eps_gauss = 0;
    for (size_t i = 0; i < n; i++) {
        aggs[i].share = share_of(aggs[i].q, each);
        eps_gauss += q->mechanism == OUTIS_DP_GAUSSIAN ? aggs[i].share * q->epsilon : 0;
    }
    for (size_t i = 0; i < n; i++) {
        const double part = aggs[i].share * q->epsilon;
        int rc =
            calibrate(&aggs[i], q, part, eps_gauss > 0 ? cost->rho * part / eps_gauss : 0, err);
        if (rc < 0) {
            return rc;
        }
    }
    if (is_selecting) {
        /* Laplace thresholding (Google's partition-selection.h) with discrete noise: a unit
         * changes the unit counts of at most max_groups groups by 1. */
        bp->selection = each;
        const double eps_s = each * q->epsilon, m = q->max_groups;
        const double delta_a = -expm1(log1p(-cost->delta) / m);
        int rc = noise_laplace(&bp->select, q->max_groups, eps_s, err);
        if (rc < 0) {
            return rc;
        }
        bp->threshold = 1 + dp_dlap_tail(bp->select.s, bp->select.t, delta_a);
    }
    return 0;
}

/* ---- groups ---- */

typedef struct groups {
    const uint32_t *of; /* [n_rows] group id or BOUND_DROP: own, or the table's codes */
    uint32_t *own;
    size_t n;           /* groups */
    uint32_t *data_row; /* [n] a row of each group (UINT32_MAX: a public key with no rows) */
    int is_code;        /* one --by column whose codes are the groups: no data_row */
    size_t *key_row;    /* [n] row of the keys table, when keys are given */
} groups;

static void groups_free(groups *g)
{
    ou_free(g->own);
    ou_free(g->data_row);
    ou_free(g->key_row);
}

static int group_data(grouping *out, const outis_table *t, const size_t *by, size_t nby,
                      unsigned threads)
{
    const uint32_t *codes[64];
    size_t cards[64];
    for (size_t i = 0; i < nby; i++) {
        codes[i] = outis_table_codes(t, by[i]);
        cards[i] = outis_table_cardinality(t, by[i]);
    }
    group_input gi = {nby, codes, cards, outis_table_rows(t), NULL, NULL, threads};
    return group_build(out, &gi, 1);
}

/* Maps the data's groups onto the rows of the keys table (deduplicated). */
static int group_keys(groups *gs, const grouping *dg, const outis_table *t, const size_t *by,
                      size_t nby, const outis_dp_query *q, outis_error *err)
{
    size_t kcol[64];
    const size_t nk = outis_table_rows(q->keys);
    dict d;
    int rc;
    for (size_t i = 0; i < nby; i++) {
        if ((rc = outis_table_column_index(&kcol[i], q->keys, q->by[i], err)) < 0) {
            return ou_err(err, OUTIS_ENOTFOUND, "the keys have no column '%s'", q->by[i]);
        }
    }
    if (dict_init(&d, nk + 1) < 0) {
        return ou_nomem(err);
    }
    uint32_t *map = ou_mallocarray(dg->n_groups + 1, sizeof *map);
    gs->key_row = ou_mallocarray(nk + 1, sizeof *gs->key_row);
    gs->data_row = ou_mallocarray(nk + 1, sizeof *gs->data_row);
    rc = OUTIS_ENOMEM;
    if (map == NULL || gs->key_row == NULL || gs->data_row == NULL) {
        goto done;
    }
    uint32_t tuple[64];
    const size_t tlen = nby * sizeof *tuple;
    for (size_t r = 0; r < nk; r++) {
        size_t i = 0;
        for (; i < nby; i++) { /* a key value absent from the data: a group with no rows */
            size_t len;
            const uint32_t *kc = outis_table_codes(q->keys, kcol[i]);
            const char *s = outis_table_value(q->keys, kcol[i], kc[r], &len);
            if (outis_table_find_value(&tuple[i], t, by[i], s, len) < 0) {
                tuple[i] = UINT32_MAX - (uint32_t)r; /* unique: never matches data */
                break;
            }
        }
        for (i++; i < nby; i++) {
            tuple[i] = 0;
        }
        const uint64_t h = dict_hash((const char *)tuple, tlen);
        if (dict_find(&d, (const char *)tuple, tlen, h) != DICT_NONE) {
            continue; /* a repeated key */
        }
        if (dict_add(&d, (const char *)tuple, tlen, h, 1) == DICT_NONE) {
            goto done;
        }
        gs->key_row[gs->n] = r;
        gs->data_row[gs->n++] = UINT32_MAX;
    }
    for (size_t k = 0; k < dg->n_groups; k++) {
        const uint32_t row = dg->first[k];
        for (size_t i = 0; i < nby; i++) {
            tuple[i] = outis_table_codes(t, by[i])[row];
        }
        const uint32_t id =
            dict_find(&d, (const char *)tuple, tlen, dict_hash((const char *)tuple, tlen));
        map[k] = id;
        if (id != DICT_NONE) {
            gs->data_row[id] = row;
        }
    }
    for (size_t r = 0; r < outis_table_rows(t); r++) {
        gs->own[r] = map[dg->group_of[r]] == DICT_NONE ? BOUND_DROP : map[dg->group_of[r]];
    }
    rc = 0;
done:
    if (rc < 0) {
        ou_nomem(err);
    }
    ou_free(map);
    dict_free(&d);
    return rc;
}

static int build_groups(groups *gs, const outis_table *t, const size_t *by, size_t nby,
                        const outis_dp_query *q, outis_error *err)
{
    const size_t n = outis_table_rows(t);
    grouping dg;
    memset(gs, 0, sizeof *gs);
    if (nby == 1 && q->keys == NULL) { /* the codes are the groups: no copy */
        const size_t card = outis_table_cardinality(t, by[0]);
        const uint32_t *codes = outis_table_codes(t, by[0]);
        gs->of = codes;
        gs->n = card;
        gs->is_code = 1;
        return 0;
    }
    gs->of = gs->own = ou_mallocarray(n + 1, sizeof *gs->own);
    if (gs->own == NULL) {
        return ou_nomem(err);
    }
    if (nby == 0) { /* one public group: the whole table */
        memset(gs->own, 0, n * sizeof *gs->own);
        gs->n = 1;
        gs->data_row = ou_calloc(1, sizeof *gs->data_row);
        return gs->data_row == NULL ? ou_nomem(err) : 0;
    }
    int rc = group_data(&dg, t, by, nby, q->threads);
    if (rc < 0) {
        return ou_err(err, rc, "cannot group the rows: %s", outis_strerror(rc));
    }
    if (q->keys != NULL) {
        rc = group_keys(gs, &dg, t, by, nby, q, err);
    } else {
        memcpy(gs->own, dg.group_of, n * sizeof *gs->own);
        gs->n = dg.n_groups;
        gs->data_row = ou_mallocarray(dg.n_groups + 1, sizeof *gs->data_row);
        if (gs->data_row == NULL) {
            rc = ou_nomem(err);
        } else {
            memcpy(gs->data_row, dg.first, dg.n_groups * sizeof *gs->data_row);
        }
    }
    grouping_free(&dg);
    return rc;
}

/* ---- ordering and keys ---- */

typedef struct order_ctx {
    const outis_table *t;
    const size_t *by;
    size_t nby;
    const groups *gs;
} order_ctx;

/* The code of a data group's value in its i-th --by column. */
static uint32_t group_code(const groups *gs, const outis_table *t, size_t col, uint32_t k)
{
    return gs->is_code ? k : outis_table_codes(t, col)[gs->data_row[k]];
}

static int cmp_groups(const void *a, const void *b, void *arg)
{
    const order_ctx *c = arg;
    const uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    for (size_t i = 0; i < c->nby; i++) {
        size_t lx, ly;
        const char *sx =
            outis_table_value(c->t, c->by[i], group_code(c->gs, c->t, c->by[i], x), &lx);
        const char *sy =
            outis_table_value(c->t, c->by[i], group_code(c->gs, c->t, c->by[i], y), &ly);
        const int d = memcmp(sx, sy, lx < ly ? lx : ly);
        if (d != 0 || lx != ly) {
            return d != 0 ? d : (lx > ly) - (lx < ly);
        }
    }
    return 0;
}

/* Insertion-merge sort with a context (qsort_r is not in C11 or POSIX). */
static void sort_groups(uint32_t *ids, uint32_t *tmp, size_t n, const order_ctx *c)
{
    if (n < 16) {
        for (size_t i = 1; i < n; i++) {
            const uint32_t v = ids[i];
            size_t j = i;
            for (; j > 0 && cmp_groups(&ids[j - 1], &v, (void *)c) > 0; j--) {
                ids[j] = ids[j - 1];
            }
            ids[j] = v;
        }
        return;
    }
    const size_t h = n / 2;
    sort_groups(ids, tmp, h, c);
    sort_groups(ids + h, tmp, n - h, c);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        tmp[k++] = cmp_groups(&ids[j], &ids[i], (void *)c) < 0 ? ids[j++] : ids[i++];
    }
    while (i < h) {
        tmp[k++] = ids[i++];
    }
    while (j < n) {
        tmp[k++] = ids[j++];
    }
    memcpy(ids, tmp, n * sizeof *ids);
}

static int copy_keys(outis_dp_result *res, const outis_table *t, const size_t *by, size_t nby,
                     const groups *gs, const uint32_t *release, size_t n, const outis_dp_query *q,
                     outis_error *err)
{
    res->keys = ou_mallocarray(n * nby + 1, sizeof *res->keys);
    if (res->keys == NULL) {
        return ou_nomem(err);
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < nby; j++) {
            const outis_table *src = q->keys != NULL ? q->keys : t;
            size_t col = by[j], len;
            uint32_t code;
            if (q->keys != NULL) {
                outis_table_column_index(&col, q->keys, q->by[j], NULL);
                code = outis_table_codes(src, col)[gs->key_row[release[i]]];
            } else {
                code = group_code(gs, t, col, release[i]);
            }
            const char *s = outis_table_value(src, col, code, &len);
            const char *c = arena_strdup(&res->strings, s, len);
            if (c == NULL) {
                return ou_nomem(err);
            }
            res->keys[i * nby + j] = c;
        }
    }
    return 0;
}

/* ---- the run ---- */

static int resolve(size_t *by, size_t *unit, const outis_table *t, const outis_dp_query *q,
                   outis_error *err)
{
    int rc;
    if (q->by_count > 64) {
        return ou_err(err, OUTIS_EINVAL, "at most 64 grouping columns");
    }
    for (size_t i = 0; i < q->by_count; i++) {
        if ((rc = outis_table_column_index(&by[i], t, q->by[i], err)) < 0) {
            return rc;
        }
    }
    if (q->privacy_unit == NULL) {
        return 0;
    }
    if ((rc = outis_table_column_index(unit, t, q->privacy_unit, err)) < 0) {
        return rc;
    }
    if (q->missing_unit != OUTIS_DP_MISSING_REFUSE) {
        return 0;
    }
    const uint64_t *hashes = outis_table_hashes(t, *unit);
    size_t row = SIZE_MAX;
    if (hashes != NULL && outis_table_missing_code(t, *unit) != UINT32_MAX) {
        for (size_t r = 0; r < outis_table_rows(t) && row == SIZE_MAX; r++) {
            row = hashes[r] == OUTIS_HASH_MISSING ? r : row;
        }
    } else if (hashes == NULL && outis_table_missing_code(t, *unit) != UINT32_MAX) {
        row = first_row(t, *unit, outis_table_missing_code(t, *unit));
    }
    if (row != SIZE_MAX) {
        return ou_err(err, OUTIS_EPARSE,
                      "privacy unit column '%s', row %zu: missing value (treat missing values "
                      "as one unit, or remove those rows)",
                      q->privacy_unit, row + 1);
    }
    return 0;
}

/* The groups to release, in output order. */
static int select_groups(uint32_t **out, size_t *n_out, const groups *gs, const bound_result *b,
                         const budget_plan *bp, const outis_dp_query *q, const outis_table *t,
                         const size_t *by, dp_rng *rng, outis_error *err)
{
    uint32_t *ids = ou_mallocarray(gs->n + 1, sizeof *ids);
    uint32_t *tmp = ou_mallocarray(gs->n + 1, sizeof *tmp);
    size_t n = 0;
    if (ids == NULL || tmp == NULL) {
        ou_free(ids);
        ou_free(tmp);
        return ou_nomem(err);
    }
    for (size_t k = 0; k < gs->n; k++) {
        if (bp->selection > 0) {
            const __int128 noisy = (__int128)b->units[k] + dp_dlap(rng, bp->select.s, bp->select.t);
            if (b->units[k] == 0 || noisy < (__int128)bp->threshold) {
                continue;
            }
        }
        ids[n++] = (uint32_t)k;
    }
    if (q->keys == NULL && q->by_count > 0) {
        order_ctx c = {t, by, q->by_count, gs};
        sort_groups(ids, tmp, n, &c);
    }
    ou_free(tmp);
    *out = ids;
    *n_out = n;
    return 0;
}

static void free_aggs(dp_agg *aggs, size_t n)
{
    for (size_t i = 0; aggs != NULL && i < n; i++) {
        ou_free(aggs[i].value);
        ou_free(aggs[i].bucket);
    }
    ou_free(aggs);
}

static int run_rows(outis_dp_result *res, dp_run *run, const size_t *by, size_t unit,
                    const budget_plan *bp, outis_error *err)
{
    const outis_dp_query *q = run->q;
    const outis_table *t = run->t;
    groups gs;
    bound_result b = {0};
    uint32_t *release = NULL;
    size_t n_release = 0;
    int rc = build_groups(&gs, t, by, q->by_count, q, err);
    if (rc < 0) {
        goto done;
    }
    const uint64_t *hashes = q->privacy_unit ? outis_table_hashes(t, unit) : NULL;
    bound_input bi = {
        run->n_rows,  q->privacy_unit && hashes == NULL ? outis_table_codes(t, unit) : NULL,
        hashes,       gs.of,
        gs.n,         q->max_groups,
        q->max_rows,  q->threads,
        q->is_seeded, q->seed ^ 0x5eed5eed5eed5eedull};
    if ((rc = bound_rows(&b, &bi)) < 0) {
        ou_err(err, rc, "contribution bounding failed: %s", outis_strerror(rc));
        goto done;
    }
    if ((rc = select_groups(&release, &n_release, &gs, &b, bp, q, t, by, run->rng, err)) < 0) {
        goto done;
    }
    run->group = gs.of;
    run->n_groups = gs.n;
    run->kept = b.kept;
    if ((rc = dp_compute(res, run, release, n_release, err)) < 0) {
        goto done;
    }
    res->n_groups = n_release;
    res->by_count = q->by_count;
    rc = copy_keys(res, t, by, q->by_count, &gs, release, n_release, q, err);
done:
    ou_free(release);
    bound_result_free(&b);
    groups_free(&gs);
    return rc;
}

int outis_dp_run(outis_dp_result **out, const outis_table *t, const outis_dp_query *query,
                 outis_error *err)
{
    size_t by[64], unit = 0;
    dp_rng *rng = NULL;
    budget_plan bp;
    int rc;
    if (out == NULL || t == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no result or table");
    }
    *out = NULL;
    if ((rc = check_query(query, err)) < 0 || (rc = resolve(by, &unit, t, query, err)) < 0) {
        return rc;
    }
    outis_dp_query q = *query; /* with defaults filled in */
    q.max_groups = q.max_groups ? q.max_groups : 1;
    q.max_rows = q.max_rows ? q.max_rows : 1;
    outis_dp_result *res = ou_calloc(1, sizeof *res);
    dp_agg *aggs = ou_calloc(q.aggregate_count, sizeof *aggs);
    rng = ou_malloc(sizeof *rng);
    if (res == NULL || aggs == NULL || rng == NULL) {
        rc = ou_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < q.aggregate_count; i++) {
        if ((rc = plan_aggregate(&aggs[i], &q.aggregates[i], t, &q, err)) < 0) {
            goto done;
        }
    }
    const int is_selecting = q.by_count > 0 && q.keys == NULL;
    if ((rc = plan_budget(&bp, aggs, q.aggregate_count, &q, is_selecting, &res->cost, err)) < 0) {
        goto done;
    }
    if (q.is_seeded) {
        dp_rng_init_seeded(rng, q.seed);
    } else if (dp_rng_init(rng) < 0) {
        rc = ou_err(err, OUTIS_EINTERNAL, "the random generator cannot be initialised");
        goto done;
    }
    dp_run run = {t, &q, aggs, q.aggregate_count, outis_table_rows(t), NULL, 0, NULL, rng};
    rc = run_rows(res, &run, by, unit, &bp, err);
done:
    if (rng != NULL) {
        dp_rng_wipe(rng);
        ou_free(rng);
    }
    free_aggs(aggs, q.aggregate_count);
    if (rc < 0) {
        outis_dp_result_free(res);
        return rc;
    }
    *out = res;
    return 0;
}

void outis_dp_result_free(outis_dp_result *r)
{
    if (r == NULL) {
        return;
    }
    ou_free(r->keys);
    ou_free(r->values);
    arena_free(&r->strings);
    ou_free(r);
}

outis_dp_cost outis_dp_result_cost(const outis_dp_result *r)
{
    return r->cost;
}

size_t outis_dp_result_groups(const outis_dp_result *r)
{
    return r->n_groups;
}

const char *outis_dp_result_key(const outis_dp_result *r, size_t group, size_t i)
{
    return r->keys[group * r->by_count + i];
}

size_t outis_dp_result_values(const outis_dp_result *r)
{
    return r->n_values;
}

const outis_dp_value *outis_dp_result_value(const outis_dp_result *r, size_t i)
{
    return &r->values[i].pub;
}
