/* hbuild.h - generalization hierarchies built from rules, as hier_tables (hbuild.c). */
#ifndef OUTIS_ANON_HBUILD_H
#define OUTIS_ANON_HBUILD_H

#include "table/hier.h"

/* ---- Builders from rules (hbuild.c). Each gives one row per value, row i being values[i]
 * (distinct, as they appear in the column; missing values are not passed; a duplicate is the
 * caller's error), column 0 the value itself, every level a function of the level below, and
 * the last level the single label "*". Numbers in labels print with %.15g, or the few more
 * digits needed to read back exactly (so never "1e+06" below 1e15). Messages name values
 * and edges by position, counted from 1: values are personal data, never printed. On error
 * *out is left empty; on success the caller frees it with hier_table_free. OUTIS_ENOMEM. */

/* Numeric intervals. With cuts (finite, strictly ascending, ncuts >= 1, else OUTIS_EINVAL):
 * level 1 is the ncuts + 1 intervals around the cuts ("<10", "[10, 20)", ..., ">=90":
 * bottom- and top-coding); level l merges 2^(l-1) neighbouring intervals of level 1 counted
 * from the lowest ("<20", "[20, 90)", ">=90"), and the merge that reaches both ends is "*".
 * Without cuts: level 1 is [origin + i * width, origin + (i + 1) * width) with the bounds
 * rounded to 15 significant digits (3 * 0.1 is 0.3, and the value 0.3 falls in "[0.3, 0.4)");
 * level l has intervals of width * 2^(l-1) from origin, each the union of two of the level
 * below, up to the level where one interval holds every value (or, for values on both sides
 * of origin, which no interval from it spans, where the two meeting at origin hold them
 * all); then "*". width not a positive number, or so small that a value lies 2^50 widths
 * from origin: OUTIS_EINVAL. A value that is not a finite number (blanks around it allowed):
 * OUTIS_EPARSE. */
typedef struct hier_interval_spec {
    double width;  /* > 0 when cuts is NULL */
    double origin; /* where the first interval starts; usually 0 */
    const double *cuts;
    size_t ncuts;
} hier_interval_spec;
int hier_intervals(hier_table *out, const char *const *values, size_t n,
                   const hier_interval_spec *spec, outis_error *err);

/* Dates: "YYYY-MM-DD" (a real day of the Gregorian calendar), optionally followed by "T" and
 * a time that is ignored. After column 0, one level per name of levels, distinct and in this
 * order: "day" ("2024-03-05"), "month" ("2024-03"), "quarter" ("2024-Q1"), "year" ("2024"),
 * "decade" ("2020s"); then "*" (nlevels may be 0). Other level lists: OUTIS_EINVAL; a value
 * that is not such a date: OUTIS_EPARSE. */
int hier_dates(hier_table *out, const char *const *values, size_t n, const char *const *levels,
               size_t nlevels, outis_error *err);

/* Masking from the right, in UTF-8 characters (not bytes). Each value is first right-aligned
 * to the longest value's length w by padding with mask on the left ("123" among 5-character
 * values is "**123", so digits keep their place); level l then has its last min(l * step, w)
 * characters replaced by mask ("100081" -> "10008*" -> "1000**" ... -> "******"), which makes
 * ceil(w / step) levels, the last all mask; then "*". step >= 1 and mask printable ASCII, else
 * OUTIS_EINVAL; a value that is not valid UTF-8: OUTIS_EPARSE. */
int hier_mask(hier_table *out, const char *const *values, size_t n, size_t step, char mask,
              outis_error *err);

/* A categorical tree given as edges child -> parent (edges[2i] child, edges[2i+1] parent; an
 * edge may repeat, a child may not have two parents). Row i: values[i], its ancestors up to
 * its root, that root repeated until the row is as deep as the deepest value's, then "*"
 * unless the edges have one root and it is "*" (so the top is "*" either way). A value not
 * in the tree or with children, a child with two parents, or a cycle anywhere in the edges:
 * OUTIS_EINVAL. */
int hier_tree(hier_table *out, const char *const *values, size_t n, const char *const *edges,
              size_t nedges, outis_error *err);

#endif
