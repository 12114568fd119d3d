/* hierarchy.c - generalisation hierarchies read from ARX's CSV format (or taken from a rule's
 * table) and indexed once: labels per level as ids, the values under each label, the row of
 * each value, and the checks that do not depend on the data. */
#include "table/hierarchy_int.h"

#include "util/alloc.h"
#include "util/error_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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

outis_hierarchy *hierarchy_take(hier_table *t)
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

const hier_table *hierarchy_table(const outis_hierarchy *h)
{
    return &h->t;
}

/* The values of a column that rows use, as strings (for validation). */
int hierarchy_column_values(const char ***out, size_t *n, const outis_table *t, size_t col,
                            char **buf)
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
int hierarchy_rows_of(uint32_t *row_of, const outis_hierarchy *h, const char *const *values,
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

/* ---- the hierarchical ground distance ---- */

void hier_dist_free(hier_dist *d)
{
    for (size_t l = 0; d->parent != NULL && l + 1 < d->levels; l++) {
        ou_free(d->parent[l]);
    }
    ou_free(d->parent);
    ou_free(d->leaf);
    memset(d, 0, sizeof *d);
}

int hier_dist_build(hier_dist *d, const outis_hierarchy *h, const char *const *values, size_t card,
                    const char *column, outis_error *err)
{
    memset(d, 0, sizeof *d);
    const size_t levels = h->t.cols;
    uint32_t *row_of = ou_mallocarray(card + 1, sizeof *row_of);
    d->levels = levels;
    d->nlabels = h->nlabels;
    d->leaf = ou_mallocarray(card + 1, sizeof *d->leaf);
    d->parent = ou_calloc(levels, sizeof *d->parent);
    int rc = row_of == NULL || d->leaf == NULL || d->parent == NULL ? ou_nomem(err) : 0;
    if (rc == 0) {
        rc = hierarchy_rows_of(row_of, h, values, card, column, err);
    }
    for (size_t c = 0; rc == 0 && c < card; c++) {
        d->leaf[c] = h->row_label[0][row_of[c]];
    }
    for (size_t l = 0; rc == 0 && l < levels; l++) {
        d->max_labels = h->nlabels[l] > d->max_labels ? h->nlabels[l] : d->max_labels;
        if (l + 1 == levels) {
            break;
        }
        if ((d->parent[l] = ou_mallocarray(h->nlabels[l] + 1, sizeof **d->parent)) == NULL) {
            rc = ou_nomem(err);
            break;
        }
        for (size_t r = 0; r < h->t.rows; r++) {
            d->parent[l][h->row_label[l][r]] = h->row_label[l + 1][r];
        }
    }
    ou_free(row_of);
    if (rc < 0) {
        hier_dist_free(d);
    }
    return rc;
}

int hier_dist_for_column(hier_dist **out, const outis_hierarchy *h, const outis_table *t,
                         size_t col, outis_error *err)
{
    const char **values = NULL;
    char *buf = NULL;
    size_t card = 0;
    if (hierarchy_column_values(&values, &card, t, col, &buf) < 0) {
        return ou_nomem(err);
    }
    hier_dist *d = ou_calloc(1, sizeof *d);
    int rc = d == NULL ? ou_nomem(err)
                       : hier_dist_build(d, h, values, card, outis_table_column_name(t, col), err);
    ou_free(values);
    ou_free(buf);
    if (rc < 0) {
        ou_free(d);
        return rc;
    }
    *out = d;
    return 0;
}

/* Li et al. 2007, section 4.2: every node of the hierarchy moves the smaller of what its
 * children have too much and too little, at a cost of its height over the hierarchy's. */
double hier_dist_emd(const hier_dist *d, double *ext, double *pos, double *neg)
{
    const size_t top = d->levels - 1;
    double cost = 0;
    for (size_t l = 1; l <= top; l++) { /* each level from the children below */
        for (size_t k = 0; k < d->nlabels[l]; k++) {
            pos[k] = neg[k] = 0;
        }
        for (size_t k = 0; k < d->nlabels[l - 1]; k++) {
            const uint32_t p = d->parent[l - 1][k];
            (ext[k] > 0 ? pos : neg)[p] += fabs(ext[k]);
        }
        for (size_t k = 0; k < d->nlabels[l]; k++) {
            cost += (double)l / (double)top * (pos[k] < neg[k] ? pos[k] : neg[k]);
            ext[k] = pos[k] - neg[k]; /* this level's extras, for the next */
        }
    }
    return cost < 0 ? 0 : (cost > 1 ? 1 : cost);
}
