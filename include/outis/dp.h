/* outis/dp.h - differentially private aggregates and the privacy budget ledger.
 * Noise comes from exact discrete Laplace and discrete Gaussian samplers (Canonne, Kamath and
 * Steinke 2020) driven by libsodium's CSPRNG; sums are computed in fixed point; each person
 * (the privacy unit) contributes to a bounded number of groups and rows. See docs/dp.md. */
#ifndef OUTIS_DP_H
#define OUTIS_DP_H

#include "table.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Cost of a release and the ledger that accounts for it ---- */

/* What a release spends. Pure epsilon-DP parts (Laplace noise) add up in epsilon; Gaussian
 * parts add up in rho (zero-concentrated DP, Bun and Steinke 2016); delta is what partition
 * selection spends. The ledger converts the sum to (epsilon, delta) once. */
typedef struct outis_dp_cost {
    double epsilon;
    double rho;
    double delta;
} outis_dp_cost;

/* A dataset's budget and what has been spent of it. */
typedef struct outis_budget {
    double epsilon; /* total budget */
    double delta;
    outis_dp_cost spent;  /* sums over every release */
    double epsilon_spent; /* spent.epsilon + rho converted with the delta left (CKS 2020) */
    double delta_spent;   /* spent.delta, plus the conversion's delta when rho > 0 */
    uint64_t releases;
} outis_budget;

typedef struct outis_ledger outis_ledger;

/* Opens (creating if needed) a ledger: an SQLite database in WAL mode with synchronous
 * writes. Errors: OUTIS_EIO (cannot create or open), OUTIS_EPARSE (not an outis ledger or
 * corrupt), OUTIS_EBUSY (locked by another process for longer than the timeout). */
OUTIS_API int outis_ledger_open(outis_ledger **out, const char *path, outis_error *err);
OUTIS_API void outis_ledger_close(outis_ledger *ledger);

/* Sets the total budget of (dataset, label); keeps what was spent. epsilon > 0, delta in
 * [0, 1). */
OUTIS_API int outis_ledger_set(outis_ledger *ledger, const char *dataset, const char *label,
                               double epsilon, double delta, outis_error *err);
/* The budget of (dataset, label). OUTIS_ENOTFOUND when none is set. */
OUTIS_API int outis_ledger_get(outis_budget *out, outis_ledger *ledger, const char *dataset,
                               const char *label, outis_error *err);
/* Records a release atomically: checks that the budget allows cost and commits the charge
 * durably before returning 0. OUTIS_ELIMIT when the charge would exceed the budget (nothing
 * is recorded), OUTIS_ENOTFOUND when no budget is set. *after (may be NULL) receives the
 * budget after the charge. Safe against concurrent processes. */
OUTIS_API int outis_ledger_charge(outis_budget *after, outis_ledger *ledger, const char *dataset,
                                  const char *label, const outis_dp_cost *cost,
                                  const char *description, outis_error *err);
/* Whether the budget allows cost now, without recording anything: 0, or OUTIS_ELIMIT with
 * the same message as outis_ledger_charge. Only the charge decides: another process may
 * spend in between. */
OUTIS_API int outis_ledger_check(outis_ledger *ledger, const char *dataset, const char *label,
                                 const outis_dp_cost *cost, outis_error *err);
/* Forgets what (dataset, label) has spent, keeping its total. */
OUTIS_API int outis_ledger_reset(outis_ledger *ledger, const char *dataset, const char *label,
                                 outis_error *err);
/* Calls fn for each budget in the ledger, ordered by dataset and label. A nonzero return
 * from fn stops the walk and is returned. */
OUTIS_API int outis_ledger_list(outis_ledger *ledger,
                                int (*fn)(const char *dataset, const char *label,
                                          const outis_budget *budget, void *payload),
                                void *payload, outis_error *err);

/* A dataset's identifier: the hex XXH3-128 of the file's bytes (33 bytes with the NUL); over
 * 64 MiB, the XXH3-128 of the 64 MiB chunks' XXH3-128 and the size (hashed in parallel). */
OUTIS_API int outis_dataset_id(char out[33], const char *path, outis_error *err);
/* The same, remembered in the ledger for the file's path, device, inode, size, modification
 * and change times: a file is hashed again only when one of them changed. */
OUTIS_API int outis_ledger_dataset_id(char out[33], outis_ledger *ledger, const char *path,
                                      outis_error *err);

/* ---- Queries ---- */

enum outis_dp_kind {
    OUTIS_DP_COUNT = 0,    /* rows kept after contribution bounding */
    OUTIS_DP_SUM = 1,      /* clamped values, fixed point */
    OUTIS_DP_MEAN = 2,     /* noisy sum / noisy count, half the aggregate's budget each */
    OUTIS_DP_QUANTILE = 3, /* from a tree of noisy counts over [lower, upper] */
    OUTIS_DP_HISTOGRAM = 4 /* noisy count per bin of [lower, upper] */
};

enum outis_dp_mechanism { OUTIS_DP_LAPLACE = 0, OUTIS_DP_GAUSSIAN = 1 };

/* A privacy unit with a missing value: refuse the table, or treat every missing value as
 * one unit (which then has its contributions bounded like any other). */
enum outis_dp_missing_unit { OUTIS_DP_MISSING_REFUSE = 0, OUTIS_DP_MISSING_ONE_UNIT = 1 };

typedef struct outis_dp_aggregate {
    int kind;           /* enum outis_dp_kind */
    const char *column; /* NULL for a count */
    double lower, upper;
    double q;      /* quantile in [0, 1] */
    unsigned bins; /* histogram bins */
    double share;  /* weight of the call's budget; 0: an equal part of what is left */
} outis_dp_aggregate;

#define OUTIS_DP_QUERY_VERSION 1

typedef struct outis_dp_query {
    int version;              /* OUTIS_DP_QUERY_VERSION */
    const char *privacy_unit; /* column naming the person; NULL: each row is a person */
    const char *const *by;    /* grouping columns (may be none) */
    size_t by_count;
    const outis_dp_aggregate *aggregates;
    size_t aggregate_count;
    double epsilon;      /* > 0 */
    double delta;        /* [0, 1); needed by Gaussian noise and by private partition selection */
    int mechanism;       /* enum outis_dp_mechanism */
    unsigned max_groups; /* groups a unit contributes to; 0: 1 */
    unsigned max_rows;   /* rows a unit contributes per group; 0: 1 */
    /* Public group keys: a table whose columns include the `by` columns. Rows of groups not
     * in it are dropped and its groups missing from the data get a noisy zero. NULL: groups
     * are selected privately (needs delta > 0). Borrowed for the call. */
    const outis_table *keys;
    double granularity; /* fixed-point step of sums; 0: 10^(floor(log10 max|bound|) - 6) */
    int missing_unit;   /* enum outis_dp_missing_unit */
    int is_seeded;      /* deterministic noise from seed: INSECURE, for tests only */
    uint64_t seed;
    unsigned threads; /* 0: one per online CPU */
} outis_dp_query;

#define OUTIS_DP_QUERY_INIT                                                                        \
    {                                                                                              \
        OUTIS_DP_QUERY_VERSION, NULL, NULL, 0, NULL, 0, 0, 0, OUTIS_DP_LAPLACE, 1, 1, NULL, 0,     \
            OUTIS_DP_MISSING_REFUSE, 0, 0, 0                                                       \
    }

typedef struct outis_dp_result outis_dp_result;

/* Checks what can be checked of a query without the table (budget, bounds, shares, keys and
 * delta): 0 or OUTIS_EINVAL with what was expected. outis_dp_run checks it again. */
OUTIS_API int outis_dp_query_check(const outis_dp_query *query, outis_error *err);
/* What a run of the query will cost (it does not depend on the table), so that a ledger can
 * be asked before any data is read (outis_ledger_check). */
OUTIS_API int outis_dp_query_cost(outis_dp_cost *out, const outis_dp_query *query,
                                  outis_error *err);

/* Runs the query over the table: bounds contributions, selects or takes the groups, draws
 * the noise. Nothing is charged: the caller charges outis_dp_result_cost() to a ledger
 * before releasing any value. Errors: OUTIS_EINVAL (bad parameters, with what was
 * expected), OUTIS_ENOTFOUND (unknown column), OUTIS_EPARSE (a value that is not a number,
 * a missing privacy unit when refused), OUTIS_ENOMEM. */
OUTIS_API int outis_dp_run(outis_dp_result **out, const outis_table *table,
                           const outis_dp_query *query, outis_error *err);
OUTIS_API void outis_dp_result_free(outis_dp_result *result);

OUTIS_API outis_dp_cost outis_dp_result_cost(const outis_dp_result *result);

/* One released value. Strings are borrowed until the result is freed. */
typedef struct outis_dp_value {
    size_t group;          /* index of the group, < outis_dp_result_groups */
    size_t aggregate;      /* index into the query's aggregates */
    const char *statistic; /* "count", "sum", "mean", "quantile", "histogram" */
    const char *column;    /* "" for count */
    double param_lo;       /* quantile: q; histogram: the bin's lower edge; else 0 */
    double param_hi;       /* histogram: the bin's upper edge; else 0 */
    const char *value;     /* decimal text: exact for counts, sums and histograms */
    const char *ci_low;    /* 95% interval from the noise distribution */
    const char *ci_high;
    double epsilon;     /* the aggregate's share (Laplace) */
    double rho;         /* the aggregate's share (Gaussian) */
    double granularity; /* fixed-point step of sums, means and quantiles; 1 for counts */
} outis_dp_value;

OUTIS_API size_t outis_dp_result_groups(const outis_dp_result *result);
/* The value of `by` column i for a released group. */
OUTIS_API const char *outis_dp_result_key(const outis_dp_result *result, size_t group, size_t i);
OUTIS_API size_t outis_dp_result_values(const outis_dp_result *result);
OUTIS_API const outis_dp_value *outis_dp_result_value(const outis_dp_result *result, size_t i);

#ifdef __cplusplus
}
#endif
#endif
