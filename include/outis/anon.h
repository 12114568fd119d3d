/* outis/anon.h - anonymisation by full-domain generalisation and suppression: the optimal
 * transformation of a table's quasi-identifiers over their generalisation hierarchies under
 * k-anonymity, l-diversity and t-closeness (the model and search of ARX: Kohlmayer et al.,
 * "Flash", 2012), with utility metrics from ARX. See docs/anonymize.md. */
#ifndef OUTIS_ANON_H
#define OUTIS_ANON_H

#include "hierarchy.h"
#include "risk.h"
#include "table.h"

#ifdef __cplusplus
extern "C" {
#endif

enum outis_l_diversity {
    OUTIS_L_NONE = 0,
    OUTIS_L_DISTINCT = 1, /* at least l distinct values per class */
    OUTIS_L_ENTROPY = 2,  /* entropy of each class >= log l */
    OUTIS_L_RECURSIVE = 3 /* recursive (c,l): r1 < c (r_l + ... + r_m) */
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
    /* Hierarchical t-closeness: one hierarchy per sensitive column (levels of equal height;
     * Li et al. 2007, section 4.2). Borrowed for the call. */
    const outis_hierarchy *const *sensitive_hierarchies;
} outis_anon_options;

#define OUTIS_ANON_OPTIONS_INIT                                                                    \
    {                                                                                              \
        OUTIS_ANON_OPTIONS_VERSION, NULL, NULL, 0, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL        \
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

/* ---- Plans: hierarchies from rules, microaggregation, keys and value transformations
 * (src/anon/plan.c). See docs/anonymize.md. ---- */

enum outis_hierarchy_rule_kind {
    OUTIS_RULE_INTERVALS = 1, /* numeric intervals: width and origin, or cut points */
    OUTIS_RULE_DATES = 2,     /* ISO dates: day, month, quarter, year, decade */
    OUTIS_RULE_MASK = 3,      /* masking from the right: "100081" -> "10008*" -> ... */
    OUTIS_RULE_TREE = 4,      /* a categorical tree given as child -> parent edges */
    OUTIS_RULE_TOP = 5        /* the value itself, then "*" (keep or suppress only) */
};

#define OUTIS_HIERARCHY_RULE_VERSION 1

typedef struct outis_hierarchy_rule {
    int version;               /* OUTIS_HIERARCHY_RULE_VERSION */
    int kind;                  /* enum outis_hierarchy_rule_kind */
    double width, origin;      /* intervals without cuts: width > 0, where the first starts */
    const double *cuts;        /* intervals with cuts: finite, strictly ascending */
    size_t cut_count;          /* entries in cuts; 0: width and origin */
    const char *const *levels; /* dates: "day", "month", "quarter", "year", "decade", in order */
    size_t level_count;
    size_t step;              /* mask: characters masked per level (>= 1) */
    char mask;                /* mask: the printable ASCII mask character */
    const char *const *edges; /* tree: child, parent, child, parent, ... */
    size_t edge_count;        /* edges (pairs) */
} outis_hierarchy_rule;

#define OUTIS_HIERARCHY_RULE_INIT                                                                  \
    {                                                                                              \
        OUTIS_HIERARCHY_RULE_VERSION, 0, 0, 0, NULL, 0, NULL, 0, 1, '*', NULL, 0                   \
    }

/* Builds the hierarchy of column col from a rule, over the distinct values of the column
 * (see hier.h for each rule's levels). A missing value keeps its text (the table's missing
 * value) at every level but the last, which is "*" for every value. Errors: OUTIS_EINVAL (a
 * bad rule; a tree that lacks values of the column: the message names the first of them),
 * OUTIS_EPARSE (a value the rule cannot read, such as a word under an interval rule: the
 * message gives its record, counted from 1, never the value), OUTIS_ENOMEM. Messages do not
 * name the column: the caller knows it. */
OUTIS_API int outis_hierarchy_build(outis_hierarchy **out, const outis_table *table, size_t col,
                                    const outis_hierarchy_rule *rule, outis_error *err);

/* Microaggregation of numeric columns together: multivariate MDAV (Domingo-Ferrer and
 * Mateo-Sanz 2002, on z-scores) in groups of k to 2k - 1 rows; out[row * ncols + j] receives
 * the mean of column cols[j] over the row's group (out has outis_table_rows(table) * ncols
 * entries), so the columns are k-anonymous together. Rows are grouped separately by which of
 * the columns they miss, on the columns they have; a missing value stays missing (NaN).
 * Deterministic. Errors: OUTIS_EPARSE (a value that is not a finite number: the message gives
 * its column and record), OUTIS_EINVAL (k < 2, no column or more than 64, fewer than k rows
 * with some pattern of missing values), OUTIS_ELIMIT, OUTIS_ENOMEM. */
OUTIS_API int outis_anon_microaggregate(double *out, const outis_table *table, const size_t *cols,
                                        size_t ncols, size_t k, outis_error *err);

/* A 256-bit secret key for pseudonyms, encryption and date shifts, wiped when freed. */
typedef struct outis_key outis_key;

/* Reads a key file: 32 raw bytes, or 64 hex digits and an optional newline, readable by its
 * owner only. Errors: OUTIS_EIO (missing or unreadable), OUTIS_EINVAL (too short, another
 * size or content, or a mode open to group or others: the message says which), OUTIS_ENOMEM.
 * err->source is the path. */
OUTIS_API int outis_key_read(outis_key **out, const char *path, outis_error *err);
/* Writes a new random key as 64 hex digits, mode 0600, never over an existing file
 * (OUTIS_EINVAL); a failed write leaves no file (OUTIS_EIO). */
OUTIS_API int outis_key_write(const char *path, outis_error *err);
OUTIS_API void outis_key_free(outis_key *key);

enum outis_transform_kind {
    OUTIS_TRANSFORM_PSEUDONYMIZE = 1, /* HMAC-SHA256(key, domain, value), encoded, truncated */
    OUTIS_TRANSFORM_ENCRYPT = 2,      /* FF1 over the alphabet's characters (shape kept), AES
                                         key HMAC-SHA256(key, "outis-ff1-key"), empty tweak */
    OUTIS_TRANSFORM_DECRYPT = 3,      /* the inverse of ENCRYPT with the same key and alphabet */
    OUTIS_TRANSFORM_MASK = 4,         /* keep the first and last characters, mask the rest */
    OUTIS_TRANSFORM_SHIFT_DATE = 5    /* shift an ISO date by the person's days */
};

enum outis_encoding { OUTIS_ENCODING_HEX = 0, OUTIS_ENCODING_BASE32 = 1 };

#define OUTIS_TRANSFORM_OPTIONS_VERSION 1

typedef struct outis_transform_options {
    int version;          /* OUTIS_TRANSFORM_OPTIONS_VERSION */
    int kind;             /* enum outis_transform_kind */
    const char *domain;   /* pseudonyms: separates columns (NULL: ""); copied */
    int encoding;         /* pseudonyms: enum outis_encoding */
    size_t length;        /* pseudonyms: characters kept (0: all, 64 hex or 52 base32) */
    const char *alphabet; /* encryption: distinct printable ASCII (NULL: "0123456789") */
    size_t keep_first;    /* mask: characters kept at the start */
    size_t keep_last;     /* mask: characters kept at the end */
    char mask;            /* mask: the ASCII mask character (0: '*') */
    unsigned max_days;    /* date shifts: days in [-max_days, max_days] */
} outis_transform_options;

#define OUTIS_TRANSFORM_OPTIONS_INIT                                                               \
    {                                                                                              \
        OUTIS_TRANSFORM_OPTIONS_VERSION, 0, NULL, 0, 0, NULL, 0, 0, 0, 0                           \
    }

/* Room a transformed value never exceeds: len + OUTIS_TRANSFORM_SLACK bytes, NUL included. */
#define OUTIS_TRANSFORM_SLACK 66

typedef struct outis_transform outis_transform;

/* A transformation with its own copy of the key (key may be NULL for MASK, which needs
 * none). Errors: OUTIS_EINVAL (a bad option or no key: the message says which),
 * OUTIS_ENOMEM. */
OUTIS_API int outis_transform_new(outis_transform **out, const outis_key *key,
                                  const outis_transform_options *opts, outis_error *err);
/* Wipes the key and frees. */
OUTIS_API void outis_transform_free(outis_transform *t);
/* Transforms value (len bytes) into out (cap bytes, NUL-terminated; cap >= len +
 * OUTIS_TRANSFORM_SLACK always suffices); *out_len receives the result's length. person
 * (plen bytes) is the date shift's person; the others ignore it. Errors: OUTIS_EPARSE (a date
 * that is not ISO, invalid UTF-8 under MASK), OUTIS_EINVAL (fewer alphabet characters than
 * FF1's domain of 1,000,000 needs: the message says how many; a shifted date outside years
 * 0000-9999; cap too small). Messages never show the value. One transformation must not be
 * used by two threads at once (FF1 keeps state). */
OUTIS_API int outis_transform_apply(outis_transform *t, char *out, size_t cap, size_t *out_len,
                                    const char *value, size_t len, const char *person, size_t plen,
                                    outis_error *err);

#ifdef __cplusplus
}
#endif
#endif
