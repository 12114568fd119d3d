/* sqlite_read.h - one table (or view) of an SQLite database into dictionary-encoded columns,
 * and the list of a database's tables. The database is opened read-only and never changed. */
#ifndef OUTIS_SQLITE_READ_H
#define OUTIS_SQLITE_READ_H

#include "reservoir.h"

/* Splits a source "sqlite:PATH" or "sqlite:PATH?table=NAME" (NAME percent-decoded) into
 * *path and *table (NULL when not named), freed with ou_free. Errors: OUTIS_EINVAL (no path,
 * an empty name, a parameter other than table), OUTIS_ENOMEM. */
int sqlite_source(char **path, char **table, const char *spec, outis_error *err);

/* Reads table (a table or view; matched exactly, else ignoring ASCII case), or the only table
 * when table is NULL: every column (only opts->columns if set), values as SQLite renders them
 * as text, NULL missing, a BLOB as upper-case hex; sample and sink as jsonl_read's. Errors:
 * OUTIS_EIO (cannot open or read), OUTIS_EPARSE (not a database, corrupt, invalid UTF-8),
 * OUTIS_ENOTFOUND (no such table: the message lists those there are; or no table named and not
 * exactly one), OUTIS_ELIMIT, OUTIS_ENOMEM, and those of rows_finish. On failure out is left empty.
 */
int sqlite_read(csv_data *out, const char *path, const char *table, const outis_csv_options *opts,
                reservoir *sample, const csv_sink *sink, outis_error *err);

/* The tables of the database (not views, not SQLite's own), in name order: *names is one
 * allocation, the array followed by the strings, freed with ou_free. */
int sqlite_tables(char ***names, size_t *count, const char *path, outis_error *err);

#endif
