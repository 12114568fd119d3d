/* hierarchy_int.h - a generalisation hierarchy with its index (hierarchy.c): what the
 * modules that use hierarchies (anon: the search; risk: the hierarchical ground distance of
 * t-closeness) read of it. */
#ifndef OUTIS_TABLE_HIERARCHY_INT_H
#define OUTIS_TABLE_HIERARCHY_INT_H

#include "outis/hierarchy.h"
#include "outis/table.h"
#include "table/hier.h"
#include "util/dict.h"

#include <stdint.h>

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

/* Takes the table's contents into a new hierarchy (t is left empty); NULL on no memory. */
outis_hierarchy *hierarchy_take(hier_table *t);
const hier_table *hierarchy_table(const outis_hierarchy *h);

/* The values of a column (one per dictionary code, missing as its text), as strings. */
int hierarchy_column_values(const char ***out, size_t *n, const outis_table *t, size_t col,
                            char **buf);
/* Each value's row in h; OUTIS_EINVAL naming the column when h repeats a value, a level is
 * not a function of the one below, the top is not one label, or values are not covered. */
int hierarchy_rows_of(uint32_t *row_of, const outis_hierarchy *h, const char *const *values,
                      size_t card, const char *column, outis_error *err);

/* A column's values placed in a hierarchy, for the hierarchical ground distance of
 * t-closeness (Li et al. 2007, 4.2): levels of equal height, as every row has every level. */
typedef struct hier_dist {
    size_t levels;
    const uint32_t *nlabels; /* [levels] (the hierarchy's, borrowed) */
    uint32_t *leaf;          /* [card] level-0 label of each value */
    uint32_t **parent;       /* [levels - 1][label] the label one level up */
    size_t max_labels;       /* most labels on a level: the size of emd's arrays */
} hier_dist;

int hier_dist_build(hier_dist *d, const outis_hierarchy *h, const char *const *values, size_t card,
                    const char *column, outis_error *err);
/* The same over a table column's dictionary codes, allocated. */
int hier_dist_for_column(hier_dist **out, const outis_hierarchy *h, const outis_table *t,
                         size_t col, outis_error *err);
void hier_dist_free(hier_dist *d);
/* The distance: ext[k] holds, for each level-0 label k, the class's share minus the table's;
 * ext, pos and neg have max_labels entries and are overwritten. */
double hier_dist_emd(const hier_dist *d, double *ext, double *pos, double *neg);

#endif
