/* outis/anon.h - anonymisation by full-domain generalisation and suppression: the optimal
 * transformation of a table's quasi-identifiers over their generalisation hierarchies under
 * k-anonymity, l-diversity and t-closeness (the model and search of ARX: Kohlmayer et al.,
 * "Flash", 2012), with utility metrics from ARX. See docs/anonymize.md. */
#ifndef OUTIS_ANON_H
#define OUTIS_ANON_H

#include "table.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A generalisation hierarchy: one row per original value, one column per level. */
typedef struct outis_hierarchy outis_hierarchy;

/* Reads ARX's hierarchy CSV format (';' or ',' separated, no header). */
OUTIS_API int outis_hierarchy_read(outis_hierarchy **out, const char *path, outis_error *err);
OUTIS_API void outis_hierarchy_free(outis_hierarchy *h);
OUTIS_API size_t outis_hierarchy_levels(const outis_hierarchy *h);

enum outis_l_diversity {
    OUTIS_L_NONE = 0,
    OUTIS_L_DISTINCT = 1, /* at least l distinct values per class */
    OUTIS_L_ENTROPY = 2,  /* entropy of each class >= log l */
    OUTIS_L_RECURSIVE = 3 /* recursive (c,l): r1 < c (r_l + ... + r_m) */
};

enum outis_t_closeness {
    OUTIS_T_NONE = 0,
    OUTIS_T_EQUAL = 1,  /* EMD with equal ground distance */
    OUTIS_T_ORDERED = 2 /* EMD with ordered distance (numeric values) */
};

enum outis_anon_metric {
    OUTIS_METRIC_LOSS = 0,           /* ARX's default: loss per QI, geometric mean */
    OUTIS_METRIC_ENTROPY = 1,        /* non-uniform entropy */
    OUTIS_METRIC_DISCERNIBILITY = 2, /* Bayardo and Agrawal, suppressed records cost n |E| */
    OUTIS_METRIC_AECS = 3,           /* average equivalence class size */
    OUTIS_METRIC_PRECISION = 4       /* Sweeney's precision (as a loss) */
};

#define OUTIS_ANON_OPTIONS_VERSION 1

typedef struct outis_anon_options {
    int version;      /* OUTIS_ANON_OPTIONS_VERSION */
    const size_t *qi; /* quasi-identifier columns, with one hierarchy each */
    const outis_hierarchy *const *hierarchies;
    size_t qi_count;
    const size_t *sensitive; /* sensitive columns (for l-diversity and t-closeness) */
    size_t sensitive_count;
    size_t k;           /* k-anonymity; 0 or 1: none */
    int l_kind;         /* enum outis_l_diversity, for every sensitive column */
    double l;           /* l (>= 1) */
    double c;           /* c of recursive (c,l)-diversity */
    int t_kind;         /* enum outis_t_closeness, for every sensitive column */
    double t;           /* t in [0, 1] */
    double suppression; /* share of records that may be suppressed, [0, 1) */
    int metric;         /* enum outis_anon_metric */
    unsigned threads;   /* 0: one per online CPU */
} outis_anon_options;

#define OUTIS_ANON_OPTIONS_INIT                                                                    \
    {                                                                                              \
        OUTIS_ANON_OPTIONS_VERSION, NULL, NULL, 0, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0              \
    }

typedef struct outis_anon outis_anon;

/* Finds the transformation of least information loss that satisfies every criterion with
 * at most `suppression` of the records suppressed. Errors: OUTIS_EINVAL (a hierarchy that
 * does not cover the column, bad criteria: the message says what), OUTIS_ELIMIT (no
 * transformation satisfies the criteria, not even the top of the lattice: the message
 * gives the best k reachable), OUTIS_ENOMEM. */
OUTIS_API int outis_anonymize(outis_anon **out, const outis_table *table,
                              const outis_anon_options *opts, outis_error *err);
OUTIS_API void outis_anon_free(outis_anon *a);

typedef struct outis_anon_summary {
    double score;      /* the metric at the optimum */
    size_t suppressed; /* records suppressed */
    size_t classes;    /* equivalence classes left */
    size_t min_class;  /* their smallest size */
    size_t lattice;    /* transformations in the lattice */
    size_t evaluated;  /* transformations whose classes were computed */
} outis_anon_summary;

OUTIS_API const outis_anon_summary *outis_anon_get_summary(const outis_anon *a);
/* The chosen level of quasi-identifier i (0: as is). */
OUTIS_API size_t outis_anon_level(const outis_anon *a, size_t i);
/* The loss of quasi-identifier i at the optimum (loss metric), for the report. */
OUTIS_API double outis_anon_qi_loss(const outis_anon *a, size_t i);
/* Whether a row is suppressed (left out of the release). */
OUTIS_API int outis_anon_is_suppressed(const outis_anon *a, size_t row);
/* The released value of quasi-identifier i in a row that is not suppressed, borrowed until
 * the hierarchy is freed. */
OUTIS_API const char *outis_anon_value(const outis_anon *a, size_t i, size_t row);

#ifdef __cplusplus
}
#endif
#endif
