/* rows.h - a table built one record at a time, for the readers whose input comes as records
 * (JSON Lines, SQLite). A column may first appear at any record (the earlier ones read it as
 * missing); values are interned into the same dictionary-encoded columns (csv_data) as the
 * CSV reader's, with the same options: columns to load, missing-value tokens, hashed columns,
 * the field limit; and records may be sampled (reservoir.h). */
#ifndef OUTIS_ROWS_H
#define OUTIS_ROWS_H

#include "csv_int.h"
#include "reservoir.h"

typedef struct rows {
    csv_data *out;
    const outis_csv_options *opts;
    reservoir *sample; /* NULL: every record is kept */
    /* NULL, or told of every ROWS_BLOCK rows (and of the last ones by rows_finish), which it
     * may drop (a counted table): memory then follows the block, not the records */
    const csv_sink *sink;
    uint64_t flushed;  /* rows handed to the sink and dropped */
    csv_cfg cfg;       /* missing-value tokens and the field limit */
    int is_utf8_known; /* the reader validated the values' UTF-8 already */
    dict by_name;      /* source column names -> source column */
    char **names;      /* [nnames] every source column, in order of first appearance */
    size_t nnames, names_cap;
    uint32_t *proj;  /* [nnames] source column -> table column, CSV_SKIP if not loaded */
    uint64_t *seen;  /* [nnames] the record that last set it */
    size_t *wanted;  /* [opts->column_count] source column of each wanted column, or SIZE_MAX */
    uint64_t *fresh; /* [cols_cap] the record that last set each table column */
    size_t cols_cap;
    size_t rows_cap; /* rows each column has room for */
    uint64_t record; /* records begun; the current one */
    size_t slot;     /* the current record's table row, or RESERVOIR_DROP */
} rows;

/* A record set one source column twice (rows_set): the reader says which and where. */
#define ROWS_TWICE 1

/* Rows a sink is told of at a time. */
#define ROWS_BLOCK 65536

/* Starts an empty table in out; sink as rows.sink (not with a sample). Errors: OUTIS_EINVAL (a
 * column asked for twice, a hashed column not among those loaded), OUTIS_ENOMEM. */
int rows_init(rows *b, csv_data *out, const outis_csv_options *opts, reservoir *sample,
              const csv_sink *sink, outis_error *err);
void rows_free(rows *b);

/* The source column named name[0..len), added if new (a table column too, when loaded). */
int rows_column(rows *b, const char *name, size_t len, size_t *src, outis_error *err);
static inline int rows_is_loaded(const rows *b, size_t src)
{
    return b->proj[src] != CSV_SKIP;
}

/* Begins a record; *is_kept says whether the sample keeps it (values of a dropped record are
 * still checked, but not stored). */
int rows_begin(rows *b, int *is_kept, outis_error *err);
/* Sets the current record's value of a source column; value NULL is missing. Returns
 * ROWS_TWICE when the record set it already. Errors: OUTIS_ELIMIT (over the field limit),
 * OUTIS_EPARSE (invalid UTF-8), OUTIS_ENOMEM; the messages name the column. */
int rows_set(rows *b, size_t src, const char *value, size_t len, outis_error *err);
/* The error of a value of source column src over the field limit (b->cfg.max_field). */
int rows_too_long(const rows *b, size_t src, outis_error *err);
/* Ends the record: the loaded columns it did not set are missing. */
int rows_end(rows *b, outis_error *err);

/* Completes out: the sample in input order (or the last rows told to the sink), the source
 * columns' names. Errors:
 * OUTIS_ENOTFOUND (a wanted column never appeared; the message names the closest),
 * OUTIS_EINVAL (a hashed column never appeared), OUTIS_ENOMEM. */
int rows_finish(rows *b, outis_error *err);

#endif
