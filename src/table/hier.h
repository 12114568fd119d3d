/* hier.h - generalization hierarchies as tables: one row per original value, one column per
 * level (column 0 is the value itself, the last column the most general label). ARX's CSV
 * format reads into this shape, and every rule-based builder (anon/hbuild.c) produces it, so
 * the search and the risk engine's hierarchical distance see one representation. */
#ifndef OUTIS_TABLE_HIER_H
#define OUTIS_TABLE_HIER_H

#include "outis/error.h"

#include <stddef.h>

typedef struct hier_table {
    size_t rows, cols;
    char **cells; /* [rows * cols], each a NUL-terminated string owned by the table */
} hier_table;

void hier_table_free(hier_table *h);
static inline const char *hier_cell(const hier_table *h, size_t row, size_t level)
{
    return h->cells[row * h->cols + level];
}

/* Reads ARX's hierarchy CSV (';' or ',' separated, sniffed from the first line; RFC 4180
 * quotes; every row with the same number of fields, at least 1). OUTIS_EIO, OUTIS_EPARSE
 * with line and field. */
int hier_read_arx(hier_table *out, const char *path, outis_error *err);

/* Checks h against the distinct values of a column: every value is a row (else lists the
 * first missing values), no value is listed twice, each level is a function of the one
 * below it (two rows with the same label at level l have the same label at l + 1), and the
 * last level has a single label. OUTIS_EINVAL with what is wrong. */
int hier_validate(const hier_table *h, const char *const *values, size_t n, const char *column,
                  outis_error *err);

#endif
