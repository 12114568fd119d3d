/* outis/table.h - reading CSV, JSON Lines or SQLite into a columnar, dictionary-encoded table.
 * Every column interns its distinct values to dense uint32 codes; each value is kept once.
 * A table is immutable once read, so it may be shared between threads for reading. */
#ifndef OUTIS_TABLE_H
#define OUTIS_TABLE_H

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct outis_table outis_table;

#define OUTIS_CSV_OPTIONS_VERSION 1
#define OUTIS_DEFAULT_MAX_FIELD (1u << 20)

typedef struct outis_csv_options {
    int version;           /* OUTIS_CSV_OPTIONS_VERSION */
    char delimiter;        /* 0: sniff among , ; \t | */
    const char *encoding;  /* NULL or "UTF-8": UTF-8 (BOM allowed); else an iconv name */
    const char *const *na; /* tokens read as missing; NULL: "", "NA", "NULL" */
    size_t na_count;       /* entries in na */
    int skip_bad_rows;     /* nonzero: skip rows with a wrong field count and count them */
    size_t max_field;      /* longest field in bytes; 0: OUTIS_DEFAULT_MAX_FIELD */
    unsigned threads;      /* parser threads; 0: one per online CPU */
    /* Columns to load, by header name, in the order wanted (NULL: all). The others are only
     * checked for syntax and field count (not UTF-8), which makes loads much faster. */
    const char *const *columns;
    size_t column_count;
    outis_progress_cb progress; /* bytes read so far and the file size (0 if unknown) */
    void *payload;
    /* Loaded columns to keep as 64-bit hashes of their bytes instead of dictionary codes
     * (outis_table_hashes): for identifiers with a value per person, which a dictionary
     * would hold once each. Every missing-value token hashes to OUTIS_HASH_MISSING. */
    const char *const *hashed;
    size_t hashed_count;
} outis_csv_options;

#define OUTIS_CSV_OPTIONS_INIT                                                                     \
    {                                                                                              \
        OUTIS_CSV_OPTIONS_VERSION, 0, NULL, NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, NULL, 0         \
    }

/* Reads a CSV file with a header row; path "-" reads standard input. On success *out owns
 * a new table (free with outis_table_free). Errors: OUTIS_EIO (cannot open or read),
 * OUTIS_EPARSE (empty file, ragged row, unterminated quote, invalid UTF-8 or input in the
 * given encoding, empty or duplicate header name), OUTIS_ELIMIT (a field over max_field),
 * OUTIS_EINVAL (bad options), OUTIS_ENOTFOUND (a column of opts->columns is not in the
 * header; the message suggests the closest), OUTIS_ENOMEM, OUTIS_ECANCELED. err->source is
 * the path. */
OUTIS_API int outis_table_read_csv(outis_table **out, const char *path,
                                   const outis_csv_options *opts, outis_error *err);

/* The same from a buffer in memory; name is used in error messages. */
OUTIS_API int outis_table_read_csv_buffer(outis_table **out, const char *data, size_t len,
                                          const char *name, const outis_csv_options *opts,
                                          outis_error *err);

/* The formats outis_table_read reads. */
enum outis_format {
    OUTIS_FORMAT_AUTO = 0, /* by the source: "sqlite:" prefix, .jsonl/.ndjson suffix, else CSV */
    OUTIS_FORMAT_CSV = 1,
    OUTIS_FORMAT_JSONL = 2, /* JSON Lines: one JSON object per line (docs/inputs.md) */
    OUTIS_FORMAT_SQLITE = 3 /* "sqlite:PATH?table=NAME", or "sqlite:PATH" with one table */
};

#define OUTIS_READ_OPTIONS_VERSION 1

typedef struct outis_read_options {
    int version; /* OUTIS_READ_OPTIONS_VERSION */
    int format;  /* enum outis_format */
    /* CSV's options. For every format: columns (and the error naming the closest), hashed,
     * na (also applied to JSON strings and SQLite text), max_field; skip_bad_rows (JSON
     * Lines: lines that are not an object); progress (files: bytes). CSV only: delimiter,
     * threads; CSV and JSON Lines: encoding. */
    outis_csv_options csv;
    /* 0: every row. N: a uniform random sample of N rows (every row when there are fewer),
     * in input order: each row is kept with probability N / rows (reservoir sampling). */
    size_t sample;
    int has_seed; /* nonzero: the sample is drawn from seed and repeats with it; zero: from
                   * the system's CSPRNG (libsodium randombytes) */
    uint64_t seed;
} outis_read_options;

#define OUTIS_READ_OPTIONS_INIT                                                                    \
    {                                                                                              \
        OUTIS_READ_OPTIONS_VERSION, OUTIS_FORMAT_AUTO, OUTIS_CSV_OPTIONS_INIT, 0, 0, 0             \
    }

/* Reads a table's value counts instead of its rows, in one pass: for each column the rows of
 * each distinct value, or for a hashed column (opts->csv.hashed) its missing values and a
 * sketch of its distinct values. CSV is counted block by block as it is parsed, JSON Lines
 * and SQLite 65,536 records at a time (a key first seen late is missing in the rows before
 * it). Memory follows the distinct values of the columns not hashed and the reader's block,
 * not the rows. The table has outis_table_rows and its columns' names, cardinalities and
 * values, but no rows: outis_table_codes and outis_table_hashes return NULL;
 * outis_classify_table classifies it. opts->sample reads as outis_table_read. Errors: those
 * of outis_table_read. */
OUTIS_API int outis_table_read_counted(outis_table **out, const char *source,
                                       const outis_read_options *opts, outis_error *err);
/* Reads a table from source, in the format opts->format says or the source suggests (see
 * enum outis_format; "-" is standard input, CSV unless format is JSON Lines). A CSV source
 * without sampling reads exactly as outis_table_read_csv. On success *out owns a new table
 * (free with outis_table_free). Errors: those of outis_table_read_csv, and OUTIS_EPARSE with
 * the line and character column for invalid JSON or a line that is not an object,
 * OUTIS_EPARSE for a file that is not an SQLite database, OUTIS_ENOTFOUND for a table the
 * database does not have (the message lists those it has), OUTIS_EINVAL for a bad sqlite:
 * source. err->source is the source. */
OUTIS_API int outis_table_read(outis_table **out, const char *source,
                               const outis_read_options *opts, outis_error *err);

/* The format OUTIS_FORMAT_AUTO picks for source (never OUTIS_FORMAT_AUTO). */
OUTIS_API int outis_table_source_format(const char *source);

/* The tables of an SQLite database (path, or "sqlite:PATH"), in name order, without views
 * and SQLite's own tables: *names is an array of *count strings and a final NULL, in one
 * allocation freed with outis_free. Opened read-only. Errors: OUTIS_EIO, OUTIS_EPARSE (not a
 * database), OUTIS_EINVAL, OUTIS_ENOMEM. */
OUTIS_API int outis_table_list_sqlite(char ***names, size_t *count, const char *path,
                                      outis_error *err);

OUTIS_API void outis_table_free(outis_table *table);

OUTIS_API size_t outis_table_rows(const outis_table *table);
OUTIS_API size_t outis_table_columns(const outis_table *table);
/* Columns in the file's header (more than outis_table_columns when only some were loaded); for
 * JSON Lines, the distinct keys once nested ones are joined. */
OUTIS_API size_t outis_table_file_columns(const outis_table *table);
/* Rows skipped for a wrong field count, or for JSON Lines lines that are not an object
 * (only with skip_bad_rows). */
OUTIS_API size_t outis_table_skipped_rows(const outis_table *table);
/* The delimiter used (given or sniffed); 0 for a table not read from CSV. */
OUTIS_API char outis_table_delimiter(const outis_table *table);
/* Bytes of memory the table holds. */
OUTIS_API size_t outis_table_memory(const outis_table *table);

/* Column name, borrowed until the table is freed. col must be < outis_table_columns. */
OUTIS_API const char *outis_table_column_name(const outis_table *table, size_t col);

/* Finds a column by exact name. OUTIS_ENOTFOUND names the closest column and lists all. */
OUTIS_API int outis_table_column_index(size_t *out, const outis_table *table, const char *name,
                                       outis_error *err);

/* Number of dictionary codes of a column (distinct values, missing counting as one). */
OUTIS_API size_t outis_table_cardinality(const outis_table *table, size_t col);
/* The codes of a column, one per row, borrowed until the table is freed. */
OUTIS_API const uint32_t *outis_table_codes(const outis_table *table, size_t col);
/* The hashes of a column loaded with outis_csv_options.hashed, one per row; NULL for a
 * dictionary column (whose codes, cardinality and values are empty in turn). The hash is
 * XXH3-64 of the value's bytes, never OUTIS_HASH_MISSING for a present value. */
OUTIS_API const uint64_t *outis_table_hashes(const outis_table *table, size_t col);
#define OUTIS_HASH_MISSING 0
/* The value of a code (not NUL-terminated; *len receives its length), borrowed. */
OUTIS_API const char *outis_table_value(const outis_table *table, size_t col, uint32_t code,
                                        size_t *len);
/* The code that stands for missing values in a column, or UINT32_MAX if none occurs. For a
 * hashed column: OUTIS_HASH_MISSING if a missing value occurs in some hashed column. */
OUTIS_API uint32_t outis_table_missing_code(const outis_table *table, size_t col);
/* Looks a value up: 0 and *out = code, or OUTIS_ENOTFOUND. */
OUTIS_API int outis_table_find_value(uint32_t *out, const outis_table *table, size_t col,
                                     const char *value, size_t len);

#define OUTIS_TOP_VALUES 5

typedef struct outis_column_stats {
    size_t distinct;                     /* distinct non-missing values */
    size_t missing;                      /* rows with a missing value */
    int is_numeric;                      /* every non-missing value parses as a finite number */
    size_t top_count;                    /* entries used in top_code/top_rows */
    uint32_t top_code[OUTIS_TOP_VALUES]; /* most frequent codes, most frequent first */
    size_t top_rows[OUTIS_TOP_VALUES];
} outis_column_stats;

/* Per-column statistics, computed on demand from the codes. */
OUTIS_API int outis_table_column_stats(outis_column_stats *out, const outis_table *table,
                                       size_t col, outis_error *err);

#ifdef __cplusplus
}
#endif
#endif
