/* prepare.c - before a search: each quasi-identifier's hierarchy mapped onto the table's
 * dictionary codes (a label id per code and level), the per-level shares and losses of the
 * metrics that do not depend on the classes, and the snapshot of distinct level-0 tuples
 * with their sensitive values that every node is evaluated on. */
#define _GNU_SOURCE /* qsort_r */
#include "anon_int.h"
#include "prepare.h"

#include "risk/criteria.h"
#include "table/group.h"
#include "util/alloc.h"
#include "util/error_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void anon_qi_free(anon_qi *q)
{
    for (size_t l = 0; l < q->levels; l++) { /* any of the arrays may be missing (no memory) */
        if (q->gen != NULL) {
            ou_free(q->gen[l]);
        }
        if (q->share != NULL) {
            ou_free(q->share[l]); /* labels are the hierarchy's */
        }
        if (q->pen != NULL) {
            ou_free(q->pen[l]);
        }
    }
    ou_free(q->gen);
    ou_free(q->share);
    ou_free(q->label);
    ou_free(q->nlabels);
    ou_free(q->gen_loss);
    ou_free(q->entropy);
    ou_free(q->pen);
    memset(q, 0, sizeof *q);
}

/* Each code's label per level, and the shares and losses of the metrics that only need the
 * level: Iyengar's loss as ARX measures it (a label's share of the hierarchy's domain, values
 * absent from the data included) and non-uniform entropy (de Waal and Willenborg). */
static int map_levels(anon_qi *q, const outis_hierarchy *h, const uint32_t *row_of, size_t card,
                      const size_t *count, double n, outis_error *err)
{
    const double rows = (double)h->t.rows;
    for (size_t l = 0; l < q->levels; l++) {
        q->nlabels[l] = h->nlabels[l];
        q->label[l] = h->label[l]; /* borrowed */
        q->gen[l] = ou_mallocarray(card + 1, sizeof **q->gen);
        q->share[l] = ou_mallocarray(q->nlabels[l] + 1, sizeof **q->share);
        size_t *rows_under = ou_calloc(q->nlabels[l] + 1, sizeof *rows_under);
        if (q->gen[l] == NULL || q->share[l] == NULL || rows_under == NULL) {
            ou_free(rows_under);
            return ou_nomem(err);
        }
        for (size_t c = 0; c < card; c++) {
            q->gen[l][c] = h->row_label[l][row_of[c]];
            rows_under[q->gen[l][c]] += count[c];
        }
        q->pen[l] = ou_mallocarray(q->nlabels[l] + 1, sizeof **q->pen);
        if (q->pen[l] == NULL) {
            ou_free(rows_under);
            return ou_nomem(err);
        }
        for (size_t id = 0; id < q->nlabels[l]; id++) {
            q->share[l][id] = (double)h->leaves[l][id] / rows;
            q->pen[l][id] = rows_under[id] > 0 ? log2(n / (double)rows_under[id]) : 0;
        }
        double sum = 0, ent = 0;
        for (size_t c = 0; c < card; c++) {
            sum += (double)count[c] * q->share[l][q->gen[l][c]];
            if (count[c] > 0) {
                ent -= (double)count[c] * log2((double)count[c] / (double)rows_under[q->gen[l][c]]);
            }
        }
        const double base = n / rows;
        q->gen_loss[l] = rows > 1 ? (sum - base) / (n - base) : 0;
        q->entropy[l] = ent;
        ou_free(rows_under);
    }
    return 0;
}

int anon_qi_prepare(anon_qi *q, const outis_table *t, size_t col, const outis_hierarchy *h,
                    outis_error *err)
{
    memset(q, 0, sizeof *q);
    q->col = col;
    q->levels = h->t.cols;
    const char **values = NULL;
    char *buf = NULL;
    size_t card = 0;
    if (hierarchy_column_values(&values, &card, t, col, &buf) < 0) {
        return ou_nomem(err);
    }
    uint32_t *row_of = ou_mallocarray(card + 1, sizeof *row_of);
    size_t *count = ou_calloc(card + 1, sizeof *count);
    q->gen = ou_calloc(q->levels, sizeof *q->gen);
    q->share = ou_calloc(q->levels, sizeof *q->share);
    q->label = ou_calloc(q->levels, sizeof *q->label);
    q->nlabels = ou_calloc(q->levels, sizeof *q->nlabels);
    q->gen_loss = ou_calloc(q->levels, sizeof *q->gen_loss);
    q->entropy = ou_calloc(q->levels, sizeof *q->entropy);
    q->pen = ou_calloc(q->levels, sizeof *q->pen);
    int rc = 0;
    if (row_of == NULL || count == NULL || q->gen == NULL || q->share == NULL || q->label == NULL ||
        q->nlabels == NULL || q->gen_loss == NULL || q->entropy == NULL || q->pen == NULL) {
        rc = ou_nomem(err);
    }
    if (rc == 0) {
        rc = hierarchy_rows_of(row_of, h, values, card, outis_table_column_name(t, col), err);
    }
    if (rc == 0) {
        const uint32_t *codes = outis_table_codes(t, col);
        for (size_t r = 0; r < outis_table_rows(t); r++) {
            count[codes[r]]++;
        }
        q->domain = (double)h->t.rows;
        q->card = card;
        rc = map_levels(q, h, row_of, card, count, (double)outis_table_rows(t), err);
    }
    ou_free(row_of);
    ou_free(count);
    ou_free(values);
    ou_free(buf);
    if (rc < 0) {
        anon_qi_free(q);
    }
    return rc;
}

/* ---- sensitive hierarchies (hierarchical t-closeness) ---- */

/* ---- the snapshot ---- */

void anon_snapshot_free(anon_snapshot *s)
{
    for (size_t j = 0; j < s->ns; j++) { /* any of the arrays may be missing (no memory) */
        ou_free(s->s_start != NULL ? s->s_start[j] : NULL);
        ou_free(s->s_val != NULL ? s->s_val[j] : NULL);
        ou_free(s->s_cnt != NULL ? s->s_cnt[j] : NULL);
        if (!s->is_view) {
            ou_free(s->s_freq != NULL ? s->s_freq[j] : NULL);
            ou_free(s->s_rank != NULL ? s->s_rank[j] : NULL);
            ou_free(s->s_sq != NULL ? s->s_sq[j] : NULL);
            if (s->s_hier != NULL && s->s_hier[j] != NULL) {
                hier_dist_free(s->s_hier[j]);
                ou_free(s->s_hier[j]);
            }
        }
    }
    for (size_t j = 0; s->s_mask != NULL && j < s->ns; j++) {
        ou_free(s->s_mask[j]);
    }
    ou_free(s->s_mask);
    ou_free(s->s_start);
    ou_free(s->s_val);
    ou_free(s->s_cnt);
    if (!s->is_view) {
        ou_free(s->s_card);
        ou_free(s->s_freq);
        ou_free(s->s_rank);
        ou_free(s->s_sq);
        ou_free(s->s_hier);
    }
    ou_free(s->codes);
    ou_free(s->count);
    ou_free(s->tuple_of);
    memset(s, 0, sizeof *s);
}

int anon_mask_mode(const outis_anon_options *o, const anon_snapshot *s)
{
    int ok = o->l_kind == OUTIS_L_DISTINCT && o->t_kind == OUTIS_T_NONE && s->ns > 0;
    for (size_t j = 0; ok && j < s->ns; j++) {
        ok = s->s_card[j] <= 64;
    }
    return ok;
}

int anon_snapshot_masks(anon_snapshot *s)
{
    if ((s->s_mask = ou_calloc(s->ns, sizeof *s->s_mask)) == NULL) {
        return OUTIS_ENOMEM;
    }
    for (size_t j = 0; j < s->ns; j++) {
        if ((s->s_mask[j] = ou_mallocarray(s->n + 1, sizeof **s->s_mask)) == NULL) {
            return OUTIS_ENOMEM;
        }
        for (size_t t = 0; t < s->n; t++) {
            uint64_t bits = 0;
            for (size_t p = s->s_start[j][t]; p < s->s_start[j][t + 1]; p++) {
                bits |= (uint64_t)1 << s->s_val[j][p];
            }
            s->s_mask[j][t] = bits;
        }
    }
    return 0;
}

static int sensitive_runs(anon_snapshot *s, size_t j, const outis_table *t, size_t col,
                          int want_ranks, unsigned threads)
{
    const size_t rows = outis_table_rows(t);
    const uint32_t *codes = outis_table_codes(t, col);
    const size_t card = outis_table_cardinality(t, col);
    const uint32_t *cols[2] = {s->tuple_of, codes};
    const size_t cards[2] = {s->n, card};
    group_input gi = {2, cols, cards, rows, NULL, NULL, threads};
    grouping g;
    int rc = group_build(&g, &gi, 0);
    if (rc < 0) {
        return rc;
    }
    s->s_card[j] = (uint32_t)card;
    s->s_start[j] = ou_calloc(s->n + 2, sizeof **s->s_start);
    s->s_val[j] = ou_mallocarray(g.n_groups + 1, sizeof **s->s_val);
    s->s_cnt[j] = ou_mallocarray(g.n_groups + 1, sizeof **s->s_cnt);
    s->s_freq[j] = ou_calloc(card + 1, sizeof **s->s_freq);
    if (!s->s_start[j] || !s->s_val[j] || !s->s_cnt[j] || !s->s_freq[j]) {
        grouping_free(&g);
        return OUTIS_ENOMEM;
    }
    for (size_t p = 0; p < g.n_groups; p++) {
        s->s_start[j][s->tuple_of[g.first[p]] + 2]++;
    }
    for (size_t i = 2; i < s->n + 2; i++) {
        s->s_start[j][i] += s->s_start[j][i - 1];
    }
    for (size_t p = 0; p < g.n_groups; p++) {
        const size_t at = s->s_start[j][s->tuple_of[g.first[p]] + 1]++;
        s->s_val[j][at] = codes[g.first[p]];
        s->s_cnt[j][at] = (uint32_t)g.weight[p];
        s->s_freq[j][codes[g.first[p]]] += (double)g.weight[p] / (double)rows;
    }
    grouping_free(&g);
    if (!want_ranks) {
        return 0;
    }
    size_t m = 0; /* the order of the risk engine's ordered distance (criteria.c) */
    s->s_rank[j] = ou_mallocarray(card + 1, sizeof **s->s_rank);
    s->s_sq[j] = ou_calloc(card + 2, sizeof **s->s_sq);
    double *byrank = ou_calloc(card + 1, sizeof *byrank);
    rc = s->s_rank[j] == NULL || s->s_sq[j] == NULL || byrank == NULL
             ? OUTIS_ENOMEM
             : crit_numeric_ranks(s->s_rank[j], &m, t, col, NULL, NULL);
    for (size_t v = 0; rc == 0 && v < card; v++) {
        byrank[s->s_rank[j][v]] = s->s_freq[j][v];
    }
    double cum = 0;
    for (size_t i = 0; rc == 0 && i < m; i++) {
        cum += byrank[i];
        s->s_sq[j][i + 1] = s->s_sq[j][i] + cum;
    }
    ou_free(byrank);
    return 0;
}

int anon_snapshot_build(anon_snapshot *s, const outis_table *t, const anon_qi *qis, size_t q,
                        const size_t *sensitive, size_t ns, int want_ranks,
                        const outis_hierarchy *const *shier, unsigned threads, outis_error *err)
{
    memset(s, 0, sizeof *s);
    const uint32_t *cols[64];
    size_t cards[64];
    for (size_t i = 0; i < q; i++) {
        cols[i] = outis_table_codes(t, qis[i].col);
        cards[i] = outis_table_cardinality(t, qis[i].col);
    }
    group_input gi = {q, cols, cards, outis_table_rows(t), NULL, NULL, threads};
    grouping g;
    int rc = group_build(&g, &gi, 1);
    if (rc < 0) {
        return ou_err(err, rc, "cannot group the rows: %s", outis_strerror(rc));
    }
    s->n = g.n_groups;
    s->tuple_of = g.group_of;
    g.group_of = NULL;
    s->codes = ou_mallocarray(s->n * q + 1, sizeof *s->codes);
    s->count = ou_mallocarray(s->n + 1, sizeof *s->count);
    s->ns = ns;
    s->s_start = ou_calloc(ns + 1, sizeof *s->s_start);
    s->s_val = ou_calloc(ns + 1, sizeof *s->s_val);
    s->s_cnt = ou_calloc(ns + 1, sizeof *s->s_cnt);
    s->s_card = ou_calloc(ns + 1, sizeof *s->s_card);
    s->s_freq = ou_calloc(ns + 1, sizeof *s->s_freq);
    s->s_rank = ou_calloc(ns + 1, sizeof *s->s_rank);
    s->s_sq = ou_calloc(ns + 1, sizeof *s->s_sq);
    s->s_hier = ou_calloc(ns + 1, sizeof *s->s_hier);
    rc = !s->codes || !s->count || !s->s_start || !s->s_val || !s->s_cnt || !s->s_card ||
                 !s->s_freq || !s->s_rank || !s->s_sq || !s->s_hier
             ? OUTIS_ENOMEM
             : 0;
    for (size_t k = 0; rc == 0 && k < s->n; k++) {
        for (size_t i = 0; i < q; i++) {
            s->codes[k * q + i] = cols[i][g.first[k]];
        }
        s->count[k] = (uint32_t)g.weight[k];
    }
    grouping_free(&g);
    for (size_t j = 0; rc == 0 && j < ns; j++) {
        rc = sensitive_runs(s, j, t, sensitive[j], want_ranks, threads);
    }
    for (size_t j = 0; rc == 0 && shier != NULL && j < ns; j++) {
        if (shier[j] != NULL &&
            (rc = hier_dist_for_column(&s->s_hier[j], shier[j], t, sensitive[j], err)) < 0) {
            anon_snapshot_free(s);
            return rc;
        }
    }
    if (rc < 0) {
        anon_snapshot_free(s);
        return rc == OUTIS_EINVAL
                   ? ou_err(err, rc,
                            "t-closeness with ordered distance needs numeric sensitive values")
                   : ou_nomem(err);
    }
    return 0;
}
