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

/* A hierarchy and its index, built once when it is read: labels per level as ids, the
 * values under each label, and the row of each value; the checks that do not depend on the
 * data are made then too and reported, with the column's name, when it is used. */
struct outis_hierarchy {
    hier_table t;
    dict rows;                   /* level-0 value -> row */
    uint32_t **row_label;        /* [levels][rows] */
    uint32_t *nlabels;           /* [levels] */
    const char ***label;         /* [levels][label] */
    uint32_t **leaves;           /* [levels][label] rows under the label */
    size_t dup_row;              /* a row repeating a value, + 1; 0: none */
    size_t fn_level, fn_a, fn_b; /* a level that is not a function of the one below (0: none) */
};

static void index_free(outis_hierarchy *h)
{
    for (size_t l = 0; l < h->t.cols; l++) { /* any of the arrays may be missing (no memory) */
        if (h->row_label != NULL) {
            ou_free(h->row_label[l]);
        }
        if (h->label != NULL) {
            ou_free(h->label[l]);
        }
        if (h->leaves != NULL) {
            ou_free(h->leaves[l]);
        }
    }
    ou_free(h->row_label);
    ou_free(h->label);
    ou_free(h->leaves);
    ou_free(h->nlabels);
    dict_free(&h->rows);
}

static int index_level(outis_hierarchy *h, size_t l)
{
    const hier_table *t = &h->t;
    dict labels;
    h->row_label[l] = ou_mallocarray(t->rows + 1, sizeof **h->row_label);
    h->label[l] = ou_mallocarray(t->rows + 1, sizeof **h->label);
    h->leaves[l] = ou_calloc(t->rows + 1, sizeof **h->leaves);
    if (!h->row_label[l] || !h->label[l] || !h->leaves[l] || dict_init(&labels, t->rows + 1) < 0) {
        return OUTIS_ENOMEM;
    }
    for (size_t r = 0; r < t->rows; r++) {
        const char *s = hier_cell(t, r, l);
        const size_t len = strlen(s);
        const uint64_t hh = dict_hash(s, len);
        uint32_t id = dict_find(&labels, s, len, hh);
        if (id == DICT_NONE) {
            if ((id = dict_add(&labels, s, len, hh, 0)) == DICT_NONE) {
                dict_free(&labels);
                return OUTIS_ENOMEM;
            }
            h->label[l][id] = s;
        }
        h->row_label[l][r] = id;
        h->leaves[l][id]++;
    }
    h->nlabels[l] = (uint32_t)labels.count;
    dict_free(&labels);
    if (l > 0 && h->fn_level == 0) { /* each level a function of the one below */
        uint32_t *first = ou_mallocarray(h->nlabels[l - 1] + 1, sizeof *first);
        if (first == NULL) {
            return OUTIS_ENOMEM;
        }
        memset(first, 0xff, h->nlabels[l - 1] * sizeof *first);
        for (size_t r = 0; r < t->rows && h->fn_level == 0; r++) {
            const uint32_t b = h->row_label[l - 1][r];
            if (first[b] == UINT32_MAX) {
                first[b] = (uint32_t)r;
            } else if (h->row_label[l][first[b]] != h->row_label[l][r]) {
                h->fn_level = l;
                h->fn_a = first[b] + 1;
                h->fn_b = r + 1;
            }
        }
        ou_free(first);
    }
    return 0;
}

static int index_hierarchy(outis_hierarchy *h)
{
    const hier_table *t = &h->t;
    const size_t levels = t->cols;
    h->row_label = ou_calloc(levels, sizeof *h->row_label);
    h->label = ou_calloc(levels, sizeof *h->label);
    h->leaves = ou_calloc(levels, sizeof *h->leaves);
    h->nlabels = ou_calloc(levels, sizeof *h->nlabels);
    if (!h->row_label || !h->label || !h->leaves || !h->nlabels ||
        dict_init(&h->rows, t->rows) < 0) {
        return OUTIS_ENOMEM;
    }
    for (size_t r = 0; r < t->rows; r++) {
        const char *s = hier_cell(t, r, 0);
        const size_t len = strlen(s);
        const uint64_t hh = dict_hash(s, len);
        if (dict_find(&h->rows, s, len, hh) != DICT_NONE) {
            h->dup_row = h->dup_row ? h->dup_row : r + 1;
        } else if (dict_add(&h->rows, s, len, hh, 0) == DICT_NONE) {
            return OUTIS_ENOMEM;
        }
    }
    for (size_t l = 0; l < levels; l++) {
        if (index_level(h, l) < 0) {
            return OUTIS_ENOMEM;
        }
    }
    return 0;
}

int outis_hierarchy_read(outis_hierarchy **out, const char *path, outis_error *err)
{
    outis_hierarchy *h = ou_calloc(1, sizeof *h);
    if (h == NULL) {
        return ou_nomem(err);
    }
    int rc = hier_read_arx(&h->t, path, err);
    if (rc == 0 && index_hierarchy(h) < 0) {
        rc = ou_nomem(err);
    }
    if (rc < 0) {
        outis_hierarchy_free(h);
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
        if (index_hierarchy(h) < 0) {
            outis_hierarchy_free(h);
            h = NULL;
        }
    }
    return h;
}

void outis_hierarchy_free(outis_hierarchy *h)
{
    if (h != NULL) {
        index_free(h);
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
/* The hierarchy's row of each value of the column, and the checks of hier_validate, from
 * the hierarchy's index. */
static int rows_of_values(uint32_t *row_of, const outis_hierarchy *h, const char *const *values,
                          size_t card, const char *column, outis_error *err)
{
    if (h->dup_row != 0) {
        return ou_err(err, OUTIS_EINVAL, "hierarchy of '%s': row %zu repeats a value", column,
                      h->dup_row);
    }
    if (h->fn_level != 0) {
        return ou_err(err, OUTIS_EINVAL,
                      "hierarchy of '%s': rows %zu and %zu share level %zu but not level %zu "
                      "(each level must be a function of the one below)",
                      column, h->fn_a, h->fn_b, h->fn_level - 1, h->fn_level);
    }
    if (h->nlabels[h->t.cols - 1] != 1) {
        return ou_err(err, OUTIS_EINVAL,
                      "hierarchy of '%s': the last level has %u values; add a level with one "
                      "value, such as '*'",
                      column, h->nlabels[h->t.cols - 1]);
    }
    size_t missing = 0, at = 0;
    char msg[200] = "";
    for (size_t c = 0; c < card; c++) {
        const size_t len = strlen(values[c]);
        row_of[c] = dict_find(&h->rows, values[c], len, dict_hash(values[c], len));
        if (row_of[c] == DICT_NONE && ++missing <= 5 && at < sizeof msg) {
            at += (size_t)snprintf(msg + at, sizeof msg - at, "%s'%.24s'", missing > 1 ? ", " : "",
                                   values[c]);
        }
    }
    if (missing > 0) {
        return ou_err(err, OUTIS_EINVAL,
                      "hierarchy of '%s' does not cover %zu value%s of the column: %s%s", column,
                      missing, missing == 1 ? "" : "s", msg, missing > 5 ? ", ..." : "");
    }
    return 0;
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
    if (column_values(&values, &card, t, col, &buf) < 0) {
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
        rc = rows_of_values(row_of, h, values, card, outis_table_column_name(t, col), err);
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

static void smap_free(anon_smap *m)
{
    if (m == NULL) {
        return;
    }
    for (size_t l = 0; m->of_code != NULL && l < m->levels; l++) {
        ou_free(m->of_code[l]);
        if (m->parent != NULL && l + 1 < m->levels) {
            ou_free(m->parent[l]);
        }
    }
    ou_free(m->of_code);
    ou_free(m->parent);
    ou_free(m->nlabels);
    ou_free(m);
}

static int smap_build(anon_smap **out, const outis_table *t, size_t col, const outis_hierarchy *h,
                      outis_error *err)
{
    const char **values = NULL;
    char *buf = NULL;
    size_t card = 0;
    if (column_values(&values, &card, t, col, &buf) < 0) {
        return ou_nomem(err);
    }
    anon_smap *m = ou_calloc(1, sizeof *m);
    uint32_t *row_of = ou_mallocarray(card + 1, sizeof *row_of);
    int rc = m == NULL || row_of == NULL ? ou_nomem(err) : 0;
    if (rc == 0) {
        rc = rows_of_values(row_of, h, values, card, outis_table_column_name(t, col), err);
    }
    const size_t levels = h->t.cols;
    if (rc == 0) {
        m->levels = levels;
        m->nlabels = ou_mallocarray(levels, sizeof *m->nlabels);
        m->of_code = ou_calloc(levels, sizeof *m->of_code);
        m->parent = ou_calloc(levels, sizeof *m->parent);
        rc = !m->nlabels || !m->of_code || !m->parent ? ou_nomem(err) : 0;
    }
    for (size_t l = 0; rc == 0 && l < levels; l++) {
        m->nlabels[l] = h->nlabels[l];
        m->of_code[l] = ou_mallocarray(card + 1, sizeof **m->of_code);
        if (l + 1 < levels) {
            m->parent[l] = ou_mallocarray(h->nlabels[l] + 1, sizeof **m->parent);
        }
        if (m->of_code[l] == NULL || (l + 1 < levels && m->parent[l] == NULL)) {
            rc = ou_nomem(err);
            break;
        }
        for (size_t c = 0; c < card; c++) {
            m->of_code[l][c] = h->row_label[l][row_of[c]];
        }
        for (size_t r = 0; l + 1 < levels && r < h->t.rows; r++) {
            m->parent[l][h->row_label[l][r]] = h->row_label[l + 1][r];
        }
    }
    ou_free(row_of);
    ou_free(values);
    ou_free(buf);
    if (rc < 0) {
        smap_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

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
            ou_free(s->s_cumq != NULL ? s->s_cumq[j] : NULL);
            smap_free(s->s_hier != NULL ? s->s_hier[j] : NULL);
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
        ou_free(s->s_hier);
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
    s->s_cumq = ou_calloc(ns + 1, sizeof *s->s_cumq);
    s->s_hier = ou_calloc(ns + 1, sizeof *s->s_hier);
    rc = !s->codes || !s->count || !s->s_start || !s->s_val || !s->s_cnt || !s->s_card ||
                 !s->s_freq || !s->s_rank || !s->s_cumq || !s->s_hier
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
            (rc = smap_build(&s->s_hier[j], t, sensitive[j], shier[j], err)) < 0) {
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
