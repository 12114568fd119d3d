/* mdav.h - microaggregation of numeric attributes by MDAV (maximum distance to average
 * vector): records are grouped into groups of k to 2k - 1 close records, and each record is
 * then replaced by its group's mean, which makes the attributes k-anonymous. */
#ifndef OUTIS_ANON_MDAV_H
#define OUTIS_ANON_MDAV_H

#include "outis/error.h"

#include <stddef.h>
#include <stdint.h>

/* Groups n records of d numeric attributes (x row-major, n * d finite values) by MDAV
 * (Domingo-Ferrer & Mateo-Sanz 2002; REFERENCES.md 3), on the attributes standardized to
 * z-scores (population standard deviation; a constant attribute counts 0 in every distance)
 * rounded to multiples of 2^-q, q = 52 - e(n) - e(max|z|) with e(v) the least e such that
 * v < 2^e (2^-32 for 10^5 records with max|z| near 5), which makes every sum of them, so
 * every centroid, exact whatever the summation order; with squared Euclidean distances:
 *   while at least 3k records remain: c = their centroid; r = the remaining record farthest
 *   from c; s = the remaining record farthest from r; r and its k - 1 nearest remaining
 *   records form a group, then s and its k - 1 nearest remaining records;
 *   then if at least 2k remain: one group around the record farthest from their centroid,
 *   and the rest (k to 2k - 1 records) a last group; else the rest (k to 2k - 1) one group.
 * Every tie (farthest, nearest) goes to the lower record index, so the result is a function
 * of the input alone. s is taken among the records left after r's group, which differs from
 * "farthest before removal" only when that record fell into r's group through exact ties.
 * Every group has k to 2k - 1 members; groups are numbered 0.. in the order they are formed.
 *
 * group_of[n] receives each record's group and *n_groups their number (undefined on error).
 * k >= 2, n >= k, d >= 1, else OUTIS_EINVAL; a value that is not finite: OUTIS_EINVAL naming
 * its record and attribute (1-based); n > UINT32_MAX: OUTIS_ELIMIT; OUTIS_ENOMEM.
 * Time O(n^2 d / k): 2.2 s for n = 10^5, d = 3, k = 5 (bench in the commit message);
 * memory (d + 2) * 8 * n bytes. Thread-safe on distinct outputs. */
int anon_mdav(uint32_t *group_of, size_t *n_groups, const double *x, size_t n, size_t d, size_t k,
              outis_error *err);

/* out[i * d + j] = mean of attribute j over record i's group, in x's units (summed in record
 * order, so every member gets the same bits). out may be x. group_of[i] < n_groups. Cannot
 * fail: if the O(n_groups * d) scratch cannot be allocated it recomputes each group's sums
 * in place, in O(n * n_groups * d) time, with the same result. */
void anon_mdav_means(double *out, const double *x, size_t n, size_t d, const uint32_t *group_of,
                     size_t n_groups);

#endif
