/* dp_int.h - what the DP modules share: the plan of one aggregate (its column, fixed-point
 * scale, values per dictionary code and noise) and the result's layout. */
#ifndef OUTIS_DP_INT_H
#define OUTIS_DP_INT_H

#include "bound.h"
#include "noise.h"
#include "outis/dp.h"
#include "util/dict.h"

#define DP_MISSING INT64_MIN /* a missing value in a per-code value array */
#define TREE_FANOUT 16       /* quantile tree: 16^4 = 65,536 leaves over [lower, upper] */
#define TREE_DEPTH 4
#define TREE_LEAVES (1u << (4 * TREE_DEPTH))

typedef struct dp_agg {
    const outis_dp_aggregate *q;
    size_t col;       /* table column (not for counts) */
    int gexp;         /* fixed point: units of 10^gexp */
    int64_t lo, hi;   /* bounds in units */
    int64_t mid;      /* mean: the sum is of (x - mid) */
    int64_t *value;   /* [cardinality] clamped value in units, or DP_MISSING */
    uint32_t *bucket; /* [cardinality] histogram bin or tree leaf, UINT32_MAX if missing */
    double share;     /* of the call's budget */
    dp_noise noise;   /* count, sum, histogram, tree nodes; the sum of a mean */
    dp_noise noise2;  /* the count of a mean */
} dp_agg;

typedef struct dp_value_rec {
    outis_dp_value pub;
    char text[3][56];
} dp_value_rec;

struct outis_dp_result {
    outis_dp_cost cost;
    size_t n_groups, by_count;
    const char **keys; /* [n_groups * by_count] */
    dp_value_rec *values;
    size_t n_values;
    arena strings;
};

/* Everything a run needs once the query is checked (query.c) and the rows are bounded. */
typedef struct dp_run {
    const outis_table *t;
    const outis_dp_query *q;
    dp_agg *aggs;
    size_t n_aggs;
    size_t n_rows;
    const uint32_t *group; /* [n_rows] group id or BOUND_DROP */
    size_t n_groups;
    const uint8_t *kept; /* [n_rows] from bounding */
    dp_rng *rng;
} dp_run;

/* compute.c: aggregates, noise and values for the released groups (release[i] = group id,
 * in output order); the result's values are appended. */
int dp_compute(outis_dp_result *res, const dp_run *run, const uint32_t *release, size_t n_release,
               outis_error *err);

#endif
