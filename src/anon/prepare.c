/* prepare.c - before a search: each quasi-identifier's hierarchy mapped onto the table's
 * dictionary codes (a label id per code and level), the per-level shares and losses of the
 * metrics that do not depend on the classes, and the snapshot of distinct level-0 tuples
 * with their sensitive values that every node is evaluated on. */
#define _GNU_SOURCE /* qsort_r */
#include "anon_int.h"
#include "prepare.h"

#include "table/group.h"
#include "util/alloc.h"
#include "util/error_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct outis_hierarchy {
    hier_table t;
};

int outis_hierarchy_read(outis_hierarchy **out, const char *path, outis_error *err)
{
    outis_hierarchy *h = ou_calloc(1, sizeof *h);
    if (h == NULL) {
        return ou_nomem(err);
    }
    int rc = hier_read_arx(&h->t, path, err);
    if (rc < 0) {
        ou_free(h);
        return rc;
    }
    *out = h;
    return 0;
}

outis_hierarchy *anon_hierarchy_take(hier_table *t)
{
    outis_hierarchy *h = ou_calloc(1, sizeof *h);
    if (h != NULL) {
        h->t = *t;
        memset(t, 0, sizeof *t);
    }
    return h;
}

void outis_hierarchy_free(outis_hierarchy *h)
{
    if (h != NULL) {
        hier_table_free(&h->t);
        ou_free(h);
    }
}

size_t outis_hierarchy_levels(const outis_hierarchy *h)
{
    return h->t.cols;
}

const hier_table *anon_hierarchy_table(const outis_hierarchy *h)
{
    return &h->t;
}

void anon_qi_free(anon_qi *q)
{
    for (size_t l = 0; q->gen != NULL && l < q->levels; l++) {
        ou_free(q->gen[l]);
        ou_free(q->share[l]);
        ou_free(q->label[l]);
    }
    ou_free(q->gen);
    ou_free(q->share);
    ou_free(q->label);
    ou_free(q->nlabels);
    ou_free(q->gen_loss);
    ou_free(q->entropy);
    memset(q, 0, sizeof *q);
}

/* The values of a column that rows use, as strings (for validation). */
static int column_values(const char ***out, size_t *n, const outis_table *t, size_t col, char **buf)
{
    const size_t card = outis_table_cardinality(t, col);
    size_t bytes = 0;
    for (uint32_t c = 0; c < card; c++) {
        size_t len;
        outis_table_value(t, col, c, &len);
        bytes += len + 1;
    }
    const char **v = ou_mallocarray(card + 1, sizeof *v);
    char *b = ou_malloc(bytes + 1);
    if (v == NULL || b == NULL) {
        ou_free(v);
        ou_free(b);
        return OUTIS_ENOMEM;
    }
    char *w = b;
    for (uint32_t c = 0; c < card; c++) {
        size_t len;
        const char *s = outis_table_value(t, col, c, &len);
        memcpy(w, s, len);
        w[len] = '\0';
        v[c] = w;
        w += len + 1;
    }
    *out = v;
    *n = card;
    *buf = b;
    return 0;
}

/* Label ids per level for each hierarchy row, and each code's row. */
/* The hierarchy's rows by value: every value once, every value of the column present (the
 * checks of hier_validate, made here on the way so each level is hashed once). */
static int rows_of_values(uint32_t *row_of, const hier_table *h, const char *const *values,
                          size_t card, const char *column, outis_error *err)
{
    dict rows;
    if (dict_init(&rows, h->rows) < 0) {
        return ou_nomem(err);
    }
    int rc = 0;
    for (size_t r = 0; r < h->rows && rc == 0; r++) {
        const char *s = hier_cell(h, r, 0);
        const size_t len = strlen(s);
        const uint64_t hh = dict_hash(s, len);
        if (dict_find(&rows, s, len, hh) != DICT_NONE) {
            rc = ou_err(err, OUTIS_EINVAL, "hierarchy of '%s': row %zu repeats a value", column,
                        r + 1);
        } else if (dict_add(&rows, s, len, hh, 0) == DICT_NONE) {
            rc = ou_nomem(err);
        }
    }
    size_t missing = 0, at = 0;
    char msg[200] = "";
    for (size_t c = 0; c < card && rc == 0; c++) {
        const size_t len = strlen(values[c]);
        row_of[c] = dict_find(&rows, values[c], len, dict_hash(values[c], len));
        if (row_of[c] == DICT_NONE && ++missing <= 5 && at < sizeof msg) {
            at += (size_t)snprintf(msg + at, sizeof msg - at, "%s'%.24s'", missing > 1 ? ", " : "",
                                   values[c]);
        }
    }
    dict_free(&rows);
    if (rc == 0 && missing > 0) {
        rc = ou_err(err, OUTIS_EINVAL,
                    "hierarchy of '%s' does not cover %zu value%s of the column: %s%s", column,
                    missing, missing == 1 ? "" : "s", msg, missing > 5 ? ", ..." : "");
    }
    return rc;
}

/* Each level a function of the one below: two rows with one label at l - 1 have one at l. */
static int check_function(const uint32_t *below, const uint32_t *at, size_t rows, size_t nbelow,
                          size_t level, const char *column, outis_error *err)
{
    uint32_t *first = ou_mallocarray(nbelow + 1, sizeof *first);
    if (first == NULL) {
        return ou_nomem(err);
    }
    memset(first, 0xff, nbelow * sizeof *first);
    int rc = 0;
    for (size_t r = 0; r < rows && rc == 0; r++) {
        if (first[below[r]] == UINT32_MAX) {
            first[below[r]] = (uint32_t)r;
        } else if (at[first[below[r]]] != at[r]) {
            rc = ou_err(err, OUTIS_EINVAL,
                        "hierarchy of '%s': rows %u and %zu share level %zu but not level %zu "
                        "(each level must be a function of the one below)",
                        column, first[below[r]] + 1, r + 1, level - 1, level);
        }
    }
    ou_free(first);
    return rc;
}

static int map_levels(anon_qi *q, const hier_table *h, const char *const *values, size_t card,
                      const size_t *count, double n, const char *column, outis_error *err)
{
    uint32_t *row_of = ou_mallocarray(card + 1, sizeof *row_of);
    uint32_t *prev = ou_mallocarray(h->rows + 1, sizeof *prev);
    if (row_of == NULL || prev == NULL) {
        ou_free(row_of);
        ou_free(prev);
        return ou_nomem(err);
    }
    int rc = rows_of_values(row_of, h, values, card, column, err);
    size_t nprev = 0;
    for (size_t l = 0; l < q->levels && rc == 0; l++) {
        /* labels over every row of the hierarchy: ARX measures a label's share against the
         * hierarchy's domain, values absent from the data included */
        dict labels;
        size_t *leaves = ou_calloc(h->rows + 1, sizeof *leaves);
        uint32_t *row_label = ou_mallocarray(h->rows + 1, sizeof *row_label);
        q->gen[l] = ou_mallocarray(card + 1, sizeof **q->gen);
        q->label[l] = ou_mallocarray(h->rows + 1, sizeof **q->label);
        if (leaves == NULL || row_label == NULL || q->gen[l] == NULL || q->label[l] == NULL ||
            dict_init(&labels, h->rows + 1) < 0) {
            ou_free(leaves);
            ou_free(row_label);
            return ou_nomem(err);
        }
        for (size_t r = 0; r < h->rows; r++) {
            const char *s = hier_cell(h, r, l);
            const size_t len = strlen(s);
            const uint64_t hh = dict_hash(s, len);
            uint32_t id = dict_find(&labels, s, len, hh);
            if (id == DICT_NONE) {
                id = dict_add(&labels, s, len, hh, 0);
                q->label[l][id] = s;
            }
            row_label[r] = id;
            leaves[id]++;
        }
        for (size_t c = 0; c < card; c++) {
            q->gen[l][c] = row_label[row_of[c]];
        }
        q->nlabels[l] = (uint32_t)labels.count;
        dict_free(&labels);
        if (l > 0 && (rc = check_function(prev, row_label, h->rows, nprev, l, column, err)) < 0) {
            ou_free(leaves);
            ou_free(row_label);
            break;
        }
        memcpy(prev, row_label, h->rows * sizeof *prev);
        nprev = q->nlabels[l];
        ou_free(row_label);
        /* shares and the two metrics that only need the level (Iyengar loss; non-uniform
         * entropy, de Waal and Willenborg) */
        q->share[l] = ou_mallocarray(q->nlabels[l] + 1, sizeof **q->share);
        size_t *rows_under = ou_calloc(q->nlabels[l] + 1, sizeof *rows_under);
        if (q->share[l] == NULL || rows_under == NULL) {
            ou_free(leaves);
            ou_free(rows_under);
            return ou_nomem(err);
        }
        for (size_t c = 0; c < card; c++) {
            rows_under[q->gen[l][c]] += count[c];
        }
        for (size_t id = 0; id < q->nlabels[l]; id++) {
            q->share[l][id] = (double)leaves[id] / (double)h->rows;
        }
        double sum = 0, ent = 0;
        for (size_t c = 0; c < card; c++) {
            sum += (double)count[c] * q->share[l][q->gen[l][c]];
            if (count[c] > 0) {
                ent -= (double)count[c] * log2((double)count[c] / (double)rows_under[q->gen[l][c]]);
            }
        }
        const double base = n / (double)h->rows;
        q->gen_loss[l] = h->rows > 1 ? (sum - base) / (n - base) : 0;
        q->entropy[l] = ent;
        ou_free(leaves);
        ou_free(rows_under);
    }
    ou_free(row_of);
    ou_free(prev);
    if (rc == 0 && q->nlabels[q->levels - 1] != 1) {
        rc = ou_err(err, OUTIS_EINVAL,
                    "hierarchy of '%s': the last level has %u values; add a level with one "
                    "value, such as '*'",
                    column, q->nlabels[q->levels - 1]);
    }
    return rc;
}

int anon_qi_prepare(anon_qi *q, const outis_table *t, size_t col, const hier_table *h,
                    outis_error *err)
{
    memset(q, 0, sizeof *q);
    q->col = col;
    q->levels = h->cols;
    const char **values = NULL;
    char *buf = NULL;
    size_t card = 0;
    if (column_values(&values, &card, t, col, &buf) < 0) {
        return ou_nomem(err);
    }
    int rc = 0;
    size_t *count = ou_calloc(card + 1, sizeof *count);
    q->gen = ou_calloc(q->levels, sizeof *q->gen);
    q->share = ou_calloc(q->levels, sizeof *q->share);
    q->label = ou_calloc(q->levels, sizeof *q->label);
    q->nlabels = ou_calloc(q->levels, sizeof *q->nlabels);
    q->gen_loss = ou_calloc(q->levels, sizeof *q->gen_loss);
    q->entropy = ou_calloc(q->levels, sizeof *q->entropy);
    if (rc == 0 && (count == NULL || q->gen == NULL || q->share == NULL || q->label == NULL ||
                    q->nlabels == NULL || q->gen_loss == NULL || q->entropy == NULL)) {
        rc = ou_nomem(err);
    }
    if (rc == 0) {
        const uint32_t *codes = outis_table_codes(t, col);
        for (size_t r = 0; r < outis_table_rows(t); r++) {
            count[codes[r]]++;
        }
        q->domain = (double)h->rows;
        rc = map_levels(q, h, values, card, count, (double)outis_table_rows(t),
                        outis_table_column_name(t, col), err);
    }
    ou_free(count);
    ou_free(values);
    ou_free(buf);
    if (rc < 0) {
        anon_qi_free(q);
    }
    return rc;
}

/* ---- the snapshot ---- */

void anon_snapshot_free(anon_snapshot *s)
{
    for (size_t j = 0; j < s->ns; j++) {
        ou_free(s->s_start[j]);
        ou_free(s->s_val[j]);
        ou_free(s->s_cnt[j]);
        if (!s->is_view) {
            ou_free(s->s_freq[j]);
            ou_free(s->s_rank[j]);
            ou_free(s->s_cumq[j]);
        }
    }
    ou_free(s->s_start);
    ou_free(s->s_val);
    ou_free(s->s_cnt);
    if (!s->is_view) {
        ou_free(s->s_card);
        ou_free(s->s_freq);
        ou_free(s->s_rank);
        ou_free(s->s_cumq);
    }
    ou_free(s->codes);
    ou_free(s->count);
    ou_free(s->tuple_of);
    memset(s, 0, sizeof *s);
}

static int cmp_double_rank(const void *a, const void *b, void *ctx);

/* Ranks of a numeric column's values for the ordered distance: by number, text breaking
 * ties, missing first; non-numbers make the column unordered (NULL). */
static uint32_t *numeric_ranks(const outis_table *t, size_t col)
{
    const size_t card = outis_table_cardinality(t, col);
    double *v = ou_mallocarray(card + 1, sizeof *v);
    uint32_t *order = ou_mallocarray(card + 1, sizeof *order);
    uint32_t *rank = ou_mallocarray(card + 1, sizeof *rank);
    if (v == NULL || order == NULL || rank == NULL) {
        goto fail;
    }
    for (uint32_t c = 0; c < card; c++) {
        size_t len;
        const char *s = outis_table_value(t, col, c, &len);
        char tmp[64];
        char *end;
        if (len == 0 || len >= sizeof tmp) {
            goto fail;
        }
        memcpy(tmp, s, len);
        tmp[len] = '\0';
        v[c] = strtod(tmp, &end);
        if (*end != '\0') {
            goto fail;
        }
        order[c] = c;
    }
    qsort_r(order, card, sizeof *order, cmp_double_rank, v);
    for (uint32_t i = 0; i < card; i++) {
        rank[order[i]] = i;
    }
    ou_free(v);
    ou_free(order);
    return rank;
fail:
    ou_free(v);
    ou_free(order);
    ou_free(rank);
    return NULL;
}

static int cmp_double_rank(const void *a, const void *b, void *ctx)
{
    const double *v = ctx;
    const double x = v[*(const uint32_t *)a], y = v[*(const uint32_t *)b];
    if (x != y) {
        return x < y ? -1 : 1;
    }
    return (*(const uint32_t *)a > *(const uint32_t *)b) -
           (*(const uint32_t *)a < *(const uint32_t *)b);
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
    s->s_rank[j] = want_ranks ? numeric_ranks(t, col) : NULL;
    if (want_ranks && s->s_rank[j] == NULL) {
        return OUTIS_EINVAL; /* ordered distance needs numbers */
    }
    if (s->s_rank[j] != NULL) {
        s->s_cumq[j] = ou_calloc(card + 1, sizeof **s->s_cumq);
        if (s->s_cumq[j] == NULL) {
            return OUTIS_ENOMEM;
        }
        for (size_t v = 0; v < card; v++) {
            s->s_cumq[j][s->s_rank[j][v]] = s->s_freq[j][v];
        }
        for (size_t i = 1; i < card; i++) {
            s->s_cumq[j][i] += s->s_cumq[j][i - 1];
        }
    }
    return 0;
}

int anon_snapshot_build(anon_snapshot *s, const outis_table *t, const anon_qi *qis, size_t q,
                        const size_t *sensitive, size_t ns, int want_ranks, unsigned threads,
                        outis_error *err)
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
    s->s_cumq = ou_calloc(ns + 1, sizeof *s->s_cumq);
    rc = !s->codes || !s->count || !s->s_start || !s->s_val || !s->s_cnt || !s->s_card ||
                 !s->s_freq || !s->s_rank || !s->s_cumq
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
    if (rc < 0) {
        anon_snapshot_free(s);
        return rc == OUTIS_EINVAL
                   ? ou_err(err, rc,
                            "t-closeness with ordered distance needs numeric sensitive values")
                   : ou_nomem(err);
    }
    return 0;
}
