/* bound.h - contribution bounding: each privacy unit keeps at most max_groups of its groups
 * and at most max_rows of its rows in each, chosen uniformly at random (Wilson et al.,
 * "Differentially private SQL with bounded user contribution", PoPETs 2020). The sensitivity
 * of every aggregate follows from these two bounds, whatever the input. */
#ifndef OUTIS_DP_BOUND_H
#define OUTIS_DP_BOUND_H

#include "sample.h"

#include <stddef.h>
#include <stdint.h>

#define BOUND_DROP UINT32_MAX /* group of a row outside the public keys */

typedef struct bound_input {
    size_t n_rows;
    /* The unit of each row, as dictionary codes or as 64-bit hashes; both NULL: each row is
     * its own unit. Two units whose hashes collide are bounded as one, which only makes
     * the bounds stricter. */
    const uint32_t *unit_code;
    const uint64_t *unit_hash;
    const uint32_t *group; /* [n_rows] group ids < n_groups, or BOUND_DROP */
    size_t n_groups;
    unsigned max_groups, max_rows; /* >= 1 */
    unsigned threads;
    int is_seeded; /* choices from a seeded generator (tests), else from libsodium */
    uint64_t seed;
} bound_input;

typedef struct bound_result {
    uint8_t *kept;       /* [n_rows] 1 if the row is kept */
    size_t *units;       /* [n_groups] units with a kept row in the group */
    size_t rows_kept;    /* kept rows */
    size_t rows_dropped; /* rows dropped by the bounds (not counting BOUND_DROP rows) */
} bound_result;

/* Returns 0 or OUTIS_ENOMEM / OUTIS_EINTERNAL (no random generator). */
int bound_rows(bound_result *out, const bound_input *in);
void bound_result_free(bound_result *r);

#endif
