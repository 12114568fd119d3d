/* criteria.h - the per-class measures of l-diversity and t-closeness, one definition for the
 * risk engine (diversity.c, which reports them) and the search (anon/evaluate.c, which
 * decides with them), so that a release the search accepts is measured the same way when it
 * is read back. A class is given by the counts of its distinct sensitive values. */
#ifndef OUTIS_RISK_CRITERIA_H
#define OUTIS_RISK_CRITERIA_H

#include "outis/table.h"

#include <stddef.h>
#include <stdint.h>

/* The order of the ordered distance: the values of column col that rows hold (freq[v] > 0;
 * freq NULL: every code) ranked by number, the missing value first, equal numbers written
 * differently ("1", "1.0") by their text; rank[v] = UINT32_MAX for a value no row holds, *m
 * the values ranked. OUTIS_EINVAL (a value that is not a number: the message names the
 * column), OUTIS_ENOMEM. */
int crit_numeric_ranks(uint32_t *rank, size_t *m, const outis_table *t, size_t col,
                       const size_t *freq, outis_error *err);

/* exp of the class's entropy (natural log): the largest l for which it is entropy
 * l-diverse; 1 for a single value. count[0..k) > 0, size their sum. */
double crit_entropy_l(const double *count, size_t k, double size);

/* Recursive (c,l)-diversity: r1 / (r_l + ... + r_k) with the counts sorted in decreasing
 * order in place; the class is (c,l)-diverse for every c above it. INFINITY if k < l. */
double crit_recursive_c(double *count, size_t k, size_t l);

/* Equal ground distance: 1/2 sum |p - q| over the whole domain, computed over the class's
 * own values as 1/2 (1 + sum (|p_i - q_i| - q_i)) (q: the table's share of each of the
 * class's values), clamped to [0, 1]. */
double crit_emd_equal(const double *count, const double *q, size_t k, double size);

/* A value of a class by its rank in the domain, and its count. */
typedef struct crit_rank {
    uint32_t rank;
    double count;
} crit_rank;

/* Ordered ground distance over a domain of m values ranked 0..m-1: 1/(m - 1) sum over the
 * ranks of |P_i - Q_i|, P and Q cumulative. sq[i] = Q_0 + ... + Q_{i-1} (m + 1 entries).
 * The class: v[0..k), sorted here by rank (in place). Clamped to [0, 1]. */
double crit_emd_ordered(const double *sq, size_t m, crit_rank *v, size_t k, double size);

#endif
