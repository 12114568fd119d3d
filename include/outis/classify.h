/* outis/classify.h - which columns of a table hold personal data, and what kind. Each column's
 * values are judged by the scanner's validators (once per distinct value, weighted by its
 * rows), its header by the keyword vocabularies, and a column of free text by the text
 * scanner; the evidence gives a role (direct identifier, quasi-identifier, sensitive
 * attribute, organisation identifier, other), a confidence and the reasons in words. The
 * rules: docs/scan.md. */
#ifndef OUTIS_CLASSIFY_H
#define OUTIS_CLASSIFY_H

#include "scan.h"
#include "table.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a column is, for the protection of the people in the table. */
enum outis_role {
    OUTIS_ROLE_OTHER = 0,     /* nothing personal found */
    OUTIS_ROLE_DIRECT_ID = 1, /* identifies a person alone: ID, phone, e-mail, name, card... */
    OUTIS_ROLE_QUASI_ID = 2,  /* identifies in combination: age, sex, birth date, postcode... */
    OUTIS_ROLE_SENSITIVE = 3, /* a special category: health, ethnicity, religion, finances... */
    OUTIS_ROLE_ORG_ID = 4     /* identifies an organisation, not a person (USCC) */
};

#define OUTIS_ROLE_COUNT 5

/* A static name for an enum outis_role value: "other", "direct_identifier",
 * "quasi_identifier", "sensitive_attribute", "organisation_identifier"; "unknown" if none. */
OUTIS_API const char *outis_role_name(int role);

/* The role a column of values of this entity gets, which is also what a finding of it in
 * text is: OUTIS_ROLE_ORG_ID for organisations, OUTIS_ROLE_QUASI_ID for postal codes and
 * dates of birth, OUTIS_ROLE_SENSITIVE for coordinates (precise location), else
 * OUTIS_ROLE_DIRECT_ID; OUTIS_ROLE_OTHER for an entity out of range. */
OUTIS_API int outis_entity_role(size_t entity);

#define OUTIS_CLASSIFY_MAX_ENTITIES 8
#define OUTIS_CLASSIFY_MAX_REASONS 4
#define OUTIS_REASON_MAX 160

/* An entity found in a column's values. */
typedef struct outis_column_entity {
    size_t entity;      /* see outis_scan_entity */
    double share;       /* of the non-empty values checked (by rows) that are this entity */
    double valid_share; /* of them verified (check character, check digits, parsed) */
    uint64_t count;     /* rows checked that are this entity; free text: findings in cells */
} outis_column_entity;

/* The classification of one column. Strings are static or borrowed from the table. */
typedef struct outis_column_class {
    size_t column;
    const char *name;      /* the column's name, borrowed from the table */
    int role;              /* enum outis_role */
    double confidence;     /* in [0, 1]: how sure the role is */
    uint64_t rows;         /* rows of the table */
    uint64_t missing;      /* rows with a missing value */
    uint64_t distinct;     /* distinct non-missing values */
    double distinct_ratio; /* distinct / non-missing rows (0 when none) */
    uint64_t checked;      /* non-missing rows whose value was judged */
    int is_sampled;        /* checked is a uniform sample of the non-missing rows */
    int is_free_text;      /* long varied text: entities count findings inside cells */
    double text_share;     /* free text: share of the checked cells with a finding */
    /* What the header names: an entity ("cn_mobile", "email"), a quasi-identifier kind
     * ("age", "sex", "region" ...) or "" for nothing; and how strongly (0, 1 weak, 2 strong). */
    const char *header_names;
    int header_strength;
    const char *quasi_kind; /* "age", "sex", "birth_date", "postcode", "region",
                               "occupation", "education", "marital_status",
                               "nationality", "employer"; "" unless a quasi-identifier */
    const char *category;   /* sensitive category ("health", "ethnicity" ...; see
                               docs/scan.md) of the header or values, "" for none */
    double category_share;  /* share of the checked values in that category */
    double minor_share;     /* ages or birth dates under 14: share of the checked values */
    size_t entity_count;
    outis_column_entity entities[OUTIS_CLASSIFY_MAX_ENTITIES]; /* largest share first */
    size_t reason_count;
    char reasons[OUTIS_CLASSIFY_MAX_REASONS][OUTIS_REASON_MAX]; /* most telling first */
    /* A value of the first entity, masked ("138****5678"), raw with show_values; "" for
     * none (never for quasi-identifiers or sensitive attributes without an entity). */
    char example[OUTIS_PREVIEW_MAX];
} outis_column_class;

#define OUTIS_CLASSIFY_OPTIONS_VERSION 1
#define OUTIS_CLASSIFY_DEFAULT_VALUES 131072

typedef struct outis_classify_options {
    int version; /* OUTIS_CLASSIFY_OPTIONS_VERSION */
    /* Values judged per column: every distinct value (weighted by its rows) when a column
     * has at most this many, else this many rows drawn uniformly at random (from seed, so
     * results repeat). 0: OUTIS_CLASSIFY_DEFAULT_VALUES. */
    size_t max_values;
    uint64_t seed;
    unsigned threads; /* columns classified at once; 0: one per online CPU */
    int show_values;  /* example holds the raw value */
    /* A uniform sample of the table's rows (outis_table_sample_seek), or NULL. The values of
     * a column the table keeps as hashes (outis_csv_options.hashed) are then judged from the
     * sample's column of the same name, while the table's hashes give its exact rows and
     * missing values and an estimate of its distinct values: every row is read, and only the
     * columns with many distinct values are interned from the sample. Borrowed for the call. */
    const outis_table *sample;
} outis_classify_options;

#define OUTIS_CLASSIFY_OPTIONS_INIT                                                                \
    {                                                                                              \
        OUTIS_CLASSIFY_OPTIONS_VERSION, 0, 0, 0, 0, NULL                                           \
    }

typedef struct outis_classification outis_classification;

/* Classifies every column of table t with the detectors of scanner sc (whose `today` also
 * dates birth dates). opts may be NULL. On success *out owns the result (free with
 * outis_classification_free); it borrows names from t, which must outlive it. Errors:
 * OUTIS_EINVAL (NULL scanner or table, bad options), OUTIS_ENOMEM. Thread-safe for distinct
 * outputs: sc and t are only read. */
OUTIS_API int outis_classify_table(outis_classification **out, const outis_scanner *sc,
                                   const outis_table *t, const outis_classify_options *opts,
                                   outis_error *err);

/* Classifies column col of t alone (same rules and errors; OUTIS_EINVAL if col is out of
 * range). */
OUTIS_API int outis_classify_column(outis_column_class *out, const outis_scanner *sc,
                                    const outis_table *t, size_t col,
                                    const outis_classify_options *opts, outis_error *err);

OUTIS_API void outis_classification_free(outis_classification *c);
/* Columns classified (those of the table, in its order). */
OUTIS_API size_t outis_classification_columns(const outis_classification *c);
/* Column i's classification, borrowed until c is freed; NULL if i is out of range. */
OUTIS_API const outis_column_class *outis_classification_column(const outis_classification *c,
                                                                size_t i);

/* ---- Reading big files for classification ---- */

/* Reads a random sample of opts->sample rows of a CSV or JSON Lines file (opts->format, or
 * by the name) by seeking to random byte offsets, so that the time follows the sample and
 * not the file (opts->has_seed and seed make it repeat). A row is as likely as any other
 * except rows shorter than half the shortest of 64 rows drawn first, which are drawn in
 * proportion to their length; rows are distinct; they keep the file's order. The CSV options
 * apply as in outis_table_read. Returns 0 with *out set (free with outis_table_free); 1 when
 * the source cannot be sampled this way (standard input, not a regular file, SQLite, a
 * quoted line break, or a sample of a quarter of the rows or more): read it with
 * outis_table_read instead; or a negative OUTIS_E* code of the reader. */
OUTIS_API int outis_table_sample_seek(outis_table **out, const char *source,
                                      const outis_read_options *opts, outis_error *err);

#ifdef __cplusplus
}
#endif
#endif
