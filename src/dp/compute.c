/* compute.c - the released values: exact aggregates over the kept rows of each group, plus
 * noise, plus a 95% interval from the noise distribution. Counts, sums and histograms are
 * integers (sums in fixed point) and stay exact; means and quantiles are post-processing of
 * noisy integers. Quantiles descend a tree of noisy counts (fanout 16, depth 4) whose node
 * noise is drawn only for the nodes the descent reads: the other nodes never influence the
 * output, so drawing them lazily gives the same output distribution. */
#include "dp_int.h"
#include "fixed.h"

#include "util/alloc.h"
#include "util/parallel.h"
#include "util/error_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef __int128 i128;

typedef struct acc {
    size_t *count; /* [n_groups] rows (count), values (mean, histogram bins: n_groups * bins) */
    i128 *sum;     /* [n_groups] */
    size_t *start; /* quantile: [n_groups + 1] offsets into leaf */
    uint32_t *leaf;
} acc;

static void acc_free(acc *a)
{
    ou_free(a->count);
    ou_free(a->sum);
    ou_free(a->start);
    ou_free(a->leaf);
}

static int cmp_u32(const void *a, const void *b)
{
    const uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int accumulate_leaves(acc *a, const dp_run *run, const dp_agg *g)
{
    const uint32_t *codes = outis_table_codes(run->t, g->col);
    a->start = ou_calloc(run->n_groups + 2, sizeof *a->start);
    if (a->start == NULL) {
        return OUTIS_ENOMEM;
    }
    size_t n = 0;
    for (size_t r = 0; r < run->n_rows; r++) {
        if (run->kept[r] && g->bucket[codes[r]] != UINT32_MAX) {
            a->start[run->group[r] + 2]++;
            n++;
        }
    }
    a->leaf = ou_mallocarray(n + 1, sizeof *a->leaf);
    if (a->leaf == NULL) {
        return OUTIS_ENOMEM;
    }
    for (size_t i = 2; i < run->n_groups + 2; i++) {
        a->start[i] += a->start[i - 1];
    }
    for (size_t r = 0; r < run->n_rows; r++) {
        if (run->kept[r] && g->bucket[codes[r]] != UINT32_MAX) {
            a->leaf[a->start[run->group[r] + 1]++] = g->bucket[codes[r]];
        }
    }
    for (size_t k = 0; k < run->n_groups; k++) {
        qsort(a->leaf + a->start[k], a->start[k + 1] - a->start[k], sizeof *a->leaf, cmp_u32);
    }
    return 0;
}

/* Per-thread sums over a range of rows, added up afterwards. */
typedef struct part {
    const dp_run *run;
    const dp_agg *g;
    size_t cells;
    unsigned threads;
    size_t *counts; /* [threads * cells] */
    i128 *sums;     /* [threads * n_groups] */
} part;

static void accumulate_part(void *arg, size_t t, unsigned thread)
{
    const part *p = arg;
    const dp_run *run = p->run;
    const dp_agg *g = p->g;
    const size_t per = run->n_rows / p->threads + 1, lo = t * per;
    const size_t hi = lo + per < run->n_rows ? lo + per : run->n_rows;
    size_t *count = p->counts + t * p->cells;
    i128 *sum = p->sums != NULL ? p->sums + t * run->n_groups : NULL;
    (void)thread;
    if (g->q->kind == OUTIS_DP_COUNT) {
        for (size_t r = lo; r < hi; r++) {
            count[run->group[r] == BOUND_DROP ? 0 : run->group[r]] += run->kept[r];
        }
        return;
    }
    const uint32_t *codes = outis_table_codes(run->t, g->col);
    for (size_t r = lo; r < hi; r++) {
        if (!run->kept[r]) {
            continue;
        }
        const uint32_t k = run->group[r], c = codes[r];
        if (g->q->kind == OUTIS_DP_HISTOGRAM) {
            if (g->bucket[c] != UINT32_MAX) {
                count[(size_t)k * g->q->bins + g->bucket[c]]++;
            }
        } else if (g->value[c] != DP_MISSING) {
            sum[k] += g->value[c] - g->mid;
            count[k]++;
        }
    }
}

static int accumulate(acc *a, const dp_run *run, const dp_agg *g)
{
    memset(a, 0, sizeof *a);
    const size_t ng = run->n_groups;
    const int kind = g->q->kind;
    if (kind == OUTIS_DP_QUANTILE) {
        return accumulate_leaves(a, run, g);
    }
    const size_t cells = kind == OUTIS_DP_HISTOGRAM ? ng * g->q->bins : ng;
    a->count = ou_calloc(cells + 1, sizeof *a->count);
    if (kind == OUTIS_DP_SUM || kind == OUTIS_DP_MEAN) {
        a->sum = ou_calloc(ng + 1, sizeof *a->sum);
    }
    if (a->count == NULL || ((kind == OUTIS_DP_SUM || kind == OUTIS_DP_MEAN) && a->sum == NULL)) {
        return OUTIS_ENOMEM;
    }
    const unsigned threads = par_threads(run->q->threads);
    part p = {run, g, cells, threads, NULL, NULL};
    p.counts = ou_calloc((size_t)threads * cells + 1, sizeof *p.counts);
    p.sums = a->sum != NULL ? ou_calloc((size_t)threads * ng + 1, sizeof *p.sums) : NULL;
    int rc = OUTIS_ENOMEM;
    if (p.counts != NULL && (a->sum == NULL || p.sums != NULL)) {
        par_for(threads, threads, accumulate_part, &p);
        for (unsigned t = 0; t < threads; t++) { /* integers: the order does not matter */
            for (size_t i = 0; i < cells; i++) {
                a->count[i] += p.counts[t * cells + i];
            }
            for (size_t i = 0; a->sum != NULL && i < ng; i++) {
                a->sum[i] += p.sums[t * ng + i];
            }
        }
        rc = 0;
    }
    ou_free(p.counts);
    ou_free(p.sums);
    return rc;
}

/* ---- values ---- */

static dp_value_rec *new_value(outis_dp_result *res, size_t *cap, size_t group, size_t agg,
                               const dp_agg *g)
{
    if (ou_grow((void **)&res->values, cap, res->n_values + 1, sizeof *res->values) < 0) {
        return NULL;
    }
    dp_value_rec *v = &res->values[res->n_values++];
    memset(v, 0, sizeof *v);
    v->pub.group = group;
    v->pub.aggregate = agg;
    v->pub.column = g->q->column != NULL ? g->q->column : "";
    v->pub.epsilon = g->noise.epsilon + g->noise2.epsilon;
    v->pub.rho = g->noise.rho + g->noise2.rho;
    v->pub.granularity =
        g->q->kind == OUTIS_DP_COUNT || g->q->kind == OUTIS_DP_HISTOGRAM ? 1 : pow(10, g->gexp);
    static const char *const names[] = {"count", "sum", "mean", "quantile", "histogram"};
    v->pub.statistic = names[g->q->kind];
    return v;
}

/* An integer value in units with its interval value -/+ half. */
/* Sums are 128-bit (2^32 rows of at most 2^62 units cannot overflow them), so no value
 * is ever refused or clipped for its size: that would make the release depend on the data. */
static void set_fixed(dp_value_rec *v, i128 value, uint64_t half, int gexp)
{
    const i128 x[3] = {value, value - (i128)half, value + (i128)half};
    for (int i = 0; i < 3; i++) {
        fixed_format128(v->text[i], sizeof v->text[i], x[i], gexp);
    }
}

static void set_real(dp_value_rec *v, const double x[3], int gexp)
{
    const int digits = gexp < 0 ? -gexp : 0;
    for (int i = 0; i < 3; i++) {
        snprintf(v->text[i], sizeof v->text[i], "%.*f", digits, x[i] == 0 ? 0.0 : x[i]);
    }
}

static double units_to_real(double u, int gexp)
{
    return u * pow(10, gexp);
}

static int mean_value(dp_value_rec *v, const dp_agg *g, const acc *a, size_t k, dp_rng *rng)
{
    const double s = (double)(a->sum[k] + noise_draw(&g->noise, rng));
    const double c = (double)((i128)a->count[k] + noise_draw(&g->noise2, rng));
    const double lo = (double)g->lo, hi = (double)g->hi, mid = (double)g->mid;
    double x[3];
    x[0] = s / (c > 1 ? c : 1) + mid;
    /* Both noises within their 97.5% half-widths (95% jointly): the mean lies between the
     * extremes of (s' / c') + mid over that box, c' >= 1. */
    const double s_lo = s - (double)g->noise.half975, s_hi = s + (double)g->noise.half975;
    double c_lo = c - (double)g->noise2.half975, c_hi = c + (double)g->noise2.half975;
    c_lo = c_lo > 1 ? c_lo : 1;
    c_hi = c_hi > 1 ? c_hi : 1;
    const double e[4] = {s_lo / c_lo, s_lo / c_hi, s_hi / c_lo, s_hi / c_hi};
    x[1] = x[2] = e[0];
    for (int i = 1; i < 4; i++) {
        x[1] = e[i] < x[1] ? e[i] : x[1];
        x[2] = e[i] > x[2] ? e[i] : x[2];
    }
    x[1] += mid;
    x[2] += mid;
    for (int i = 0; i < 3; i++) {
        x[i] = units_to_real(x[i] < lo ? lo : x[i] > hi ? hi : x[i], g->gexp);
    }
    set_real(v, x, g->gexp);
    return 0;
}

/* ---- quantile tree ---- */

typedef struct memo {
    uint32_t node[TREE_DEPTH * TREE_FANOUT * 3];
    int64_t noise[TREE_DEPTH * TREE_FANOUT * 3];
    size_t n;
} memo;

/* Index of the first of the n sorted leaves that is >= x. */
static size_t lower_bound(const uint32_t *leaf, size_t n, uint32_t x)
{
    size_t a = 0, b = n;
    while (a < b) {
        const size_t mid = a + (b - a) / 2;
        if (leaf[mid] < x) {
            a = mid + 1;
        } else {
            b = mid;
        }
    }
    return a;
}

/* Noisy count of the node covering leaves [first, first + width), memoised. */
static double node_count(memo *m, const uint32_t *leaf, size_t n, uint32_t first, uint32_t width,
                         const dp_noise *noise, dp_rng *rng)
{
    const uint32_t key = (uint32_t)__builtin_ctz(width) << 24 | first / width; /* level, index */
    int64_t z = 0;
    size_t i = 0;
    for (; i < m->n && m->node[i] != key; i++) {
    }
    if (i < m->n) {
        z = m->noise[i];
    } else {
        z = noise_draw(noise, rng);
        if (m->n < sizeof m->node / sizeof *m->node) {
            m->node[m->n] = key;
            m->noise[m->n++] = z;
        }
    }
    /* true count: leaves in [first, first + width) of the sorted list */
    const double v =
        (double)(lower_bound(leaf, n, first + width) - lower_bound(leaf, n, first)) + (double)z;
    return v > 0 ? v : 0;
}

/* The leaf position (fractional, in leaves) at noisy rank `rank`. */
static double descend(memo *m, const uint32_t *leaf, size_t n, double rank, const dp_noise *noise,
                      dp_rng *rng)
{
    uint32_t first = 0, width = TREE_LEAVES;
    for (int level = 0; level < TREE_DEPTH; level++) {
        const uint32_t w = width / TREE_FANOUT;
        double c[TREE_FANOUT], total = 0;
        for (uint32_t j = 0; j < TREE_FANOUT; j++) {
            c[j] = node_count(m, leaf, n, first + j * w, w, noise, rng);
            total += c[j];
        }
        uint32_t j = 0;
        if (total > 0) {
            rank = rank < 0 ? 0 : rank > total ? total : rank;
            for (; j + 1 < TREE_FANOUT && rank > c[j]; j++) {
                rank -= c[j];
            }
        } else {
            rank = 0;
            j = TREE_FANOUT / 2;
        }
        if (level == TREE_DEPTH - 1) {
            return (double)(first + j * w) + (c[j] > 0 ? rank / c[j] : 0.5);
        }
        first += j * w;
        width = w;
    }
    return 0;
}

static int quantile_value(dp_value_rec *v, const dp_agg *g, const acc *a, size_t k, dp_rng *rng)
{
    memo *m = ou_calloc(1, sizeof *m);
    if (m == NULL) {
        return OUTIS_ENOMEM;
    }
    const uint32_t *leaf = a->leaf + a->start[k];
    const size_t n = a->start[k + 1] - a->start[k];
    /* the noisy total is the sum of the first level's noisy counts */
    double total = 0;
    const uint32_t w = TREE_LEAVES / TREE_FANOUT;
    for (uint32_t j = 0; j < TREE_FANOUT; j++) {
        total += node_count(m, leaf, n, j * w, w, &g->noise, rng);
    }
    /* Rank error: a descent adds up to TREE_FANOUT noisy counts per level; as a sum of
     * independent draws it is close to normal, so 1.96 standard deviations bound it at 95%
     * (approximately; docs/dp.md). */
    const double r = 1.96 * noise_stddev(&g->noise) * sqrt((double)TREE_FANOUT * TREE_DEPTH);
    const double rank[3] = {g->q->q * total, g->q->q * total - r, g->q->q * total + r};
    double x[3];
    const double span = (double)(g->hi - g->lo);
    for (int i = 0; i < 3; i++) {
        const double pos = descend(m, leaf, n, rank[i], &g->noise, rng);
        x[i] = units_to_real((double)g->lo + pos / TREE_LEAVES * span, g->gexp);
    }
    ou_free(m);
    v->pub.param_lo = g->q->q;
    set_real(v, x, g->gexp);
    return 0;
}

static int group_values(outis_dp_result *res, size_t *cap, const dp_run *run, const acc *accs,
                        size_t out_group, uint32_t k)
{
    for (size_t i = 0; i < run->n_aggs; i++) {
        const dp_agg *g = &run->aggs[i];
        const acc *a = &accs[i];
        const size_t nv = g->q->kind == OUTIS_DP_HISTOGRAM ? g->q->bins : 1;
        for (size_t b = 0; b < nv; b++) {
            dp_value_rec *v = new_value(res, cap, out_group, i, g);
            if (v == NULL) {
                return OUTIS_ENOMEM;
            }
            switch (g->q->kind) {
            case OUTIS_DP_COUNT:
                set_fixed(v, (i128)a->count[k] + noise_draw(&g->noise, run->rng), g->noise.half95,
                          0);
                break;
            case OUTIS_DP_SUM:
                set_fixed(v, a->sum[k] + noise_draw(&g->noise, run->rng), g->noise.half95, g->gexp);
                break;
            case OUTIS_DP_MEAN:
                mean_value(v, g, a, k, run->rng);
                break;
            case OUTIS_DP_QUANTILE:
                if (quantile_value(v, g, a, k, run->rng) < 0) {
                    return OUTIS_ENOMEM;
                }
                break;
            default: {
                const double width = (g->q->upper - g->q->lower) / g->q->bins;
                v->pub.param_lo = g->q->lower + width * (double)b;
                v->pub.param_hi = b + 1 == nv ? g->q->upper : g->q->lower + width * (double)(b + 1);
                set_fixed(v, (i128)a->count[(size_t)k * nv + b] + noise_draw(&g->noise, run->rng),
                          g->noise.half95, 0);
            }
            }
        }
    }
    return 0;
}

int dp_compute(outis_dp_result *res, const dp_run *run, const uint32_t *release, size_t n_release,
               outis_error *err)
{
    acc *accs = ou_calloc(run->n_aggs + 1, sizeof *accs);
    size_t cap = 0;
    int rc = OUTIS_ENOMEM;
    if (accs == NULL) {
        return ou_nomem(err);
    }
    for (size_t i = 0; i < run->n_aggs; i++) {
        if ((rc = accumulate(&accs[i], run, &run->aggs[i])) < 0) {
            goto done;
        }
    }
    for (size_t i = 0; i < n_release; i++) {
        if ((rc = group_values(res, &cap, run, accs, i, release[i])) < 0) {
            ou_nomem(err);
            goto done;
        }
    }
    for (size_t i = 0; i < res->n_values; i++) { /* pointers once the array stops moving */
        dp_value_rec *v = &res->values[i];
        v->pub.value = v->text[0];
        v->pub.ci_low = v->text[1];
        v->pub.ci_high = v->text[2];
    }
    rc = 0;
done:
    for (size_t i = 0; i < run->n_aggs; i++) {
        acc_free(&accs[i]);
    }
    ou_free(accs);
    return rc;
}
