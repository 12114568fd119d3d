/* anon_cli.h - what `outis anonymize`'s files share: the plan, read from a JSON file and flags
 * (anon_plan.c) and written back with its defaults (anon_plan_out.c); the values a release
 * holds, with their transformations (anon_values.c); and the reports (anon_report.c). */
#ifndef OUTIS_ANON_CLI_H
#define OUTIS_ANON_CLI_H

#include "cli.h"

#include <jansson.h>

#define EXIT_UNREACHABLE 7 /* the criteria cannot be met, not even at the top of the lattice */
#define EXIT_KEY 8         /* the key file is missing, too short, malformed or not private */
#define ANON_MAX_QI 64

enum anon_role { ROLE_IDENTIFYING, ROLE_QI, ROLE_SENSITIVE, ROLE_INSENSITIVE, ROLE_COUNT };

enum anon_treatment {
    TREAT_DROP,
    TREAT_KEEP,
    TREAT_GENERALIZE,
    TREAT_MICROAGGREGATE,
    TREAT_PSEUDONYMIZE,
    TREAT_MASK,
    TREAT_ENCRYPT,
    TREAT_SHIFT_DATE,
    TREAT_COUNT
};

extern const char *const anon_role_names[ROLE_COUNT];
extern const char *const anon_treatment_names[TREAT_COUNT];
extern const char *const anon_metric_names[5];
extern const char *const anon_l_names[4]; /* by enum outis_l_diversity */
extern const char *const anon_t_names[4]; /* by enum outis_t_closeness */

/* One column of the plan. Strings are borrowed from the plan's JSON or the command line. */
typedef struct anon_column {
    const char *name;
    int role, treatment;
    int is_default;     /* not named by the plan or a flag: identifying, dropped */
    const char *origin; /* the flag that named it ("--qi"), NULL: the plan */
    /* generalize: a hierarchy file (the path as opened) or a rule (rule.kind > 0) */
    const char *hier_file;
    outis_hierarchy_rule rule;
    double *cuts;      /* owned: the rule's cuts */
    const char **list; /* owned: the rule's date levels or tree edges */
    /* microaggregate: the columns of a group are aggregated together (multivariate MDAV) */
    size_t k;
    int decimals;
    const char *group; /* NULL: "default" */
    /* pseudonymize */
    int encoding;
    size_t length;
    /* mask */
    size_t keep_first, keep_last;
    char mask;
    /* encrypt */
    const char *alphabet;
    /* shift-date */
    unsigned max_days;
    const char *person;
    /* table columns, once the data is read */
    size_t col, person_col;
} anon_column;

/* Microaggregation groups: a column's group name, whether two columns share one, its k. */
const char *anon_group_name(const anon_column *c);
int anon_same_group(const anon_column *a, const anon_column *b);

/* Settings given as flags, which win over the plan. */
typedef struct anon_flags {
    const char *file, *plan, *qi, *sensitive, *keep, *key_file, *output, *report_json;
    const char *hier[ANON_MAX_QI];
    size_t nhier;
    outis_anon_options o;
    int has_k, has_l, has_l_kind, has_c, has_t, has_t_kind, has_suppression, has_metric;
    int json, decrypt;
} anon_flags;

typedef struct anon_plan {
    anon_column *cols;
    size_t ncols, cap;
    outis_anon_options o; /* criteria, suppression and metric (no columns) */
    const char *key_file;
    const char *path; /* the plan file; NULL without --plan */
    json_t *root;     /* its contents, which the columns' strings borrow */
    char *owned[4 * ANON_MAX_QI + 8];
    size_t nowned;
} anon_plan;

size_t anon_micro_k(const anon_plan *p, const anon_column *c);

void anon_plan_init(anon_plan *p);
void anon_plan_free(anon_plan *p);
/* Reads a plan file (docs/anonymize.md); every error names the field and what was expected
 * (exit 2), a file that cannot be read or parsed exits 3. */
int anon_plan_read(anon_plan *p, const char *path);
/* Applies the flags over the plan. */
int anon_plan_flags(anon_plan *p, const anon_flags *f);
/* Checks what each role allows and what each treatment needs, before the data is read. */
int anon_plan_check(const anon_plan *p, int decrypt);
/* Whether a treatment of the plan needs the key (pseudonyms, encryption, date shifts). */
int anon_plan_needs_key(const anon_plan *p, int decrypt);
/* Finds each column of the plan in the table (an unknown one is a usage error naming the
 * field and the closest column) and gives the table's other columns the default. */
int anon_plan_resolve(anon_plan *p, const outis_table *t, int decrypt);
/* The plan with every default filled in, paths absolute (anon_plan_out.c). */
json_t *anon_plan_json(const anon_plan *p);
/* A path made absolute (realpath when the file exists); NULL on no memory. Free it. */
char *anon_absolute(const char *path);

/* A run: the table, the plan's columns at work, the search and the risk figures. */
typedef struct anon_colrun {
    outis_transform *tr;
    uint32_t *off; /* [card + 1] the transformed value of each code, in buf (code-wise ones) */
    char *buf;
    double *mean; /* [rows] microaggregate: the group means */
    int qi;       /* index among the searched quasi-identifiers, or -1 */
} anon_colrun;

typedef struct anon_job {
    anon_plan *p;
    const anon_flags *f;
    cli_csv *csv;
    outis_table *t;              /* the input */
    outis_table *work;           /* the searched columns as the search sees them; NULL: t itself */
    anon_colrun *run;            /* [p->ncols] */
    size_t qi[ANON_MAX_QI], nqi; /* plan columns */
    size_t sens[ANON_MAX_QI], nsens;             /* plan columns */
    size_t sqi[ANON_MAX_QI], ssens[ANON_MAX_QI]; /* their columns in the searched table */
    outis_hierarchy *h[ANON_MAX_QI];
    outis_hierarchy *sh[ANON_MAX_QI]; /* the sensitive columns' (hierarchical t-closeness) */
    outis_key *key;
    outis_anon *a;
    outis_risk *before, *after;
    double secs;
    char *scratch; /* room for one transformed value */
    size_t scratch_cap;
    const char *plan_out; /* where the filled plan went */
} anon_job;

/* Reads the key the plan needs (exit 8 on any fault of the key file). */
int anon_read_key(anon_job *j, const char *path);
/* Transformations and microaggregation, each checked on every value before the search. */
int anon_values_prepare(anon_job *j);
/* The searched table: the input, or a table of the quasi-identifiers and sensitive columns
 * as they will be released when a transformation comes before the search. */
int anon_values_work(anon_job *j);
/* The hierarchies of the quasi-identifiers, read or built on the searched table. */
int anon_values_hierarchies(anon_job *j);
/* Writes the release (the rows that are not suppressed, the columns that are not dropped). */
int anon_values_write(anon_job *j, FILE *f);
/* --decrypt: the input with its encrypted columns decrypted. */
int anon_values_decrypt(anon_job *j, FILE *f);
void anon_job_free(anon_job *j);

/* Reports (anon_report.c). */
void anon_report_text(FILE *f, const anon_job *j);
json_t *anon_report_json(const anon_job *j);
/* The message for criteria that cannot be met: what the top of the lattice gives. */
void anon_unreachable(const anon_job *j);

#endif
