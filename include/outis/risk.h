/* outis/risk.h - re-identification risk of a table for chosen quasi-identifiers.
 * Definitions follow El Emam and ARX (prosecutor, journalist, marketer), Machanavajjhala et
 * al. 2007 (l-diversity) and Li et al. 2007 (t-closeness); see docs/risk.md. Results are
 * counts and rates; no function here returns which person a record belongs to. */
#ifndef OUTIS_RISK_H
#define OUTIS_RISK_H

#include "hierarchy.h"
#include "table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct outis_risk outis_risk;

enum outis_combinations {
    OUTIS_COMBINATIONS_AUTO = 0, /* singles and pairs; triples when at most 12 QIs */
    OUTIS_COMBINATIONS_NONE = 1,
    OUTIS_COMBINATIONS_SINGLES = 2,
    OUTIS_COMBINATIONS_PAIRS = 3,
    OUTIS_COMBINATIONS_TRIPLES = 4
};

/* The ground distance of t-closeness (Li et al. 2007). */
enum outis_t_closeness {
    OUTIS_T_NONE = 0,
    OUTIS_T_EQUAL = 1,       /* EMD with equal ground distance */
    OUTIS_T_ORDERED = 2,     /* EMD with ordered distance (numeric values) */
    OUTIS_T_HIERARCHICAL = 3 /* EMD with the hierarchical distance of a sensitive hierarchy */
};

#define OUTIS_RISK_OPTIONS_VERSION 1

typedef struct outis_risk_options {
    int version;      /* OUTIS_RISK_OPTIONS_VERSION */
    const size_t *qi; /* quasi-identifier column indices (at least one) */
    size_t qi_count;
    const size_t *sensitive; /* sensitive attribute column indices (may be none) */
    size_t sensitive_count;
    double threshold;   /* records at risk: 1/class size > threshold; default 0.2 */
    size_t recursive_l; /* l of recursive (c,l)-diversity; 0: 2 */
    int combinations;   /* enum outis_combinations */
    /* Optional population table with the QI columns under the same names: journalist risk.
     * Borrowed for the duration of the call only. */
    const outis_table *population;
    unsigned threads; /* 0: one per online CPU */
    /* t-closeness: the ground distance (enum outis_t_closeness; OUTIS_T_NONE: ordered for a
     * numeric attribute, else equal), and for OUTIS_T_HIERARCHICAL one hierarchy per
     * sensitive column (borrowed for the call). */
    int t_distance;
    const outis_hierarchy *const *t_hierarchies;
    /* The table whose distribution of each sensitive attribute (a column of the same name)
     * classes are compared with; NULL: the table itself. A release is checked against the
     * data it came from, whose distribution suppressed records are part of. */
    const outis_table *t_reference;
} outis_risk_options;

#define OUTIS_RISK_OPTIONS_INIT                                                                    \
    {                                                                                              \
        OUTIS_RISK_OPTIONS_VERSION, NULL, 0, NULL, 0, 0.2, 0, 0, NULL, 0, 0, NULL, NULL            \
    }

typedef struct outis_risk_summary {
    size_t records;
    size_t classes; /* equivalence classes over the QIs */
    size_t k;       /* smallest class size */
    size_t largest; /* largest class size */
    size_t uniques; /* records in classes of size 1 (sample uniques) */
    size_t records_lt2, records_lt5, records_lt10; /* records in classes smaller than 2/5/10 */
    double threshold;
    /* Prosecutor: the attacker knows the target is in the table. */
    double prosecutor_max;     /* 1 / k */
    double prosecutor_min;     /* 1 / largest */
    double prosecutor_avg;     /* classes / records */
    double prosecutor_at_risk; /* share of records whose 1/class size > threshold */
    double marketer;           /* expected share re-identified in a mass attack */
    /* Journalist: the attacker links against a population (has_journalist only). */
    int has_journalist;
    size_t population_records;
    size_t population_missing; /* sample classes the population holds fewer times than the
                                  sample, absent ones included (F taken as f) */
    double journalist_max, journalist_min, journalist_avg, journalist_at_risk;
} outis_risk_summary;

/* One bucket of the class-size distribution: `classes` classes of exactly `size` records. */
typedef struct outis_class_bucket {
    size_t size;
    size_t classes;
} outis_class_bucket;

#define OUTIS_L_BUCKETS 10 /* l = 1..9, then 10 or more */
#define OUTIS_T_BUCKETS 10 /* [0,0.1), ..., [0.9,1.0] */

typedef struct outis_sensitive_risk {
    size_t column;
    size_t values;     /* distinct values of the attribute in the table */
    int is_ordered;    /* t-closeness used ordered (numeric) distance */
    int t_distance;    /* the ground distance t used: enum outis_t_closeness */
    size_t distinct_l; /* smallest number of distinct values in a class */
    double entropy_l;  /* smallest exp(entropy) of a class */
    size_t recursive_l;
    double recursive_c;               /* (c,l)-diverse for every c > this; INFINITY if a class has
                                         fewer than l values */
    double t;                         /* largest earth mover's distance of a class to the table */
    size_t worst_distinct_class_size; /* size of a class attaining distinct_l */
    size_t worst_t_class_size;        /* size of a class attaining t */
    /* Distributions, in records: by distinct l (index l-1; last bucket l >= 10), by floor of
     * entropy l likewise, and by t in tenths. */
    size_t distinct_records[OUTIS_L_BUCKETS];
    size_t entropy_records[OUTIS_L_BUCKETS];
    size_t t_records[OUTIS_T_BUCKETS];
} outis_sensitive_risk;

/* How well one, two or three QIs single records out. */
typedef struct outis_qi_combination {
    size_t size;      /* 1, 2 or 3 */
    size_t column[3]; /* table column indices; unused entries are SIZE_MAX */
    size_t distinct;  /* distinct value combinations */
    size_t uniques;   /* records unique on these columns alone */
} outis_qi_combination;

/* Computes the risk of table. *out receives a new result (free with outis_risk_free).
 * Errors: OUTIS_EINVAL (no QI, a column out of range, no records, bad option values),
 * OUTIS_ENOTFOUND (a QI column missing from the population), OUTIS_ENOMEM.
 * Thread-safe for distinct outputs; the table is only read. */
OUTIS_API int outis_risk_compute(outis_risk **out, const outis_table *table,
                                 const outis_risk_options *opts, outis_error *err);

OUTIS_API void outis_risk_free(outis_risk *risk);

/* Borrowed views, valid until outis_risk_free. */
OUTIS_API const outis_risk_summary *outis_risk_get_summary(const outis_risk *risk);
/* Class-size distribution, ascending size. */
OUTIS_API size_t outis_risk_class_buckets(const outis_risk *risk, const outis_class_bucket **out);
OUTIS_API size_t outis_risk_sensitive(const outis_risk *risk, const outis_sensitive_risk **out);
/* Combinations, ordered by size, then by uniques descending, then by columns. */
OUTIS_API size_t outis_risk_combinations(const outis_risk *risk, const outis_qi_combination **out);

/* A named figure of the result, for policies: k, classes, records, uniques, uniques_share,
 * prosecutor_max, prosecutor_avg, records_at_risk, marketer, journalist_max, journalist_avg,
 * journalist_at_risk, l_distinct, l_entropy, c_recursive, t (the last four are the worst over
 * all sensitive attributes). OUTIS_ENOTFOUND for an unknown name or a figure not computed. */
OUTIS_API int outis_risk_metric(double *out, const outis_risk *risk, const char *name,
                                outis_error *err);

/* A policy: conditions such as "k<5, prosecutor_max>0.2" (comma or "or" separated; operators
 * < <= > >= == !=). It is violated when any condition holds. */
typedef struct outis_policy outis_policy;

/* Errors: OUTIS_EPARSE with err->column the 1-based character where parsing failed. */
OUTIS_API int outis_policy_parse(outis_policy **out, const char *text, outis_error *err);
OUTIS_API void outis_policy_free(outis_policy *policy);
/* Evaluates the policy: *violated receives the number of conditions that hold; if text is
 * not NULL, the first such condition is written there (NUL-terminated, at most size bytes).
 * OUTIS_ENOTFOUND for a metric that the result lacks. */
OUTIS_API int outis_policy_check(size_t *violated, const outis_policy *policy,
                                 const outis_risk *risk, char *text, size_t size, outis_error *err);

#ifdef __cplusplus
}
#endif
#endif
