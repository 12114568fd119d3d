/* table_int.h - the table's private layout, for the modules built on it. */
#ifndef OUTIS_TABLE_INT_H
#define OUTIS_TABLE_INT_H

#include "io/csv.h"

/* HyperLogLog registers of a hashed column of a counted table: 2^TABLE_HLL_BITS. */
#define TABLE_HLL_BITS 12

/* A counted table (outis_table_read_counted) keeps, per column, the rows of each dictionary
 * code (interned columns) or the missing values and a HyperLogLog sketch (hashed columns),
 * not the rows: data.nrows is 0 and the codes are those of the last block only. */
typedef struct table_tally_column {
    uint64_t *rows; /* rows per code; NULL for a hashed column */
    size_t cap;
    uint8_t *hll;     /* 2^TABLE_HLL_BITS registers of a hashed column, else NULL */
    uint64_t missing; /* missing values of a hashed column */
} table_tally_column;

typedef struct table_tally {
    uint64_t rows;
    size_t ncols;
    table_tally_column *cols;
    int rc; /* of the columns counted in parallel */
} table_tally;

struct outis_table {
    csv_data data;
    table_tally *tally; /* a counted table, else NULL */
};

/* Adds the 64-bit hash h (not OUTIS_HASH_MISSING) to HyperLogLog registers (Flajolet et al.
 * 2007: the first TABLE_HLL_BITS bits pick the register, the rest's leading zeros the rank). */
static inline void table_hll_add(uint8_t *reg, uint64_t h)
{
    uint64_t rest = h << TABLE_HLL_BITS | (1ull << (TABLE_HLL_BITS - 1));
    uint8_t rank = (uint8_t)(__builtin_clzll(rest) + 1);
    size_t i = (size_t)(h >> (64 - TABLE_HLL_BITS));
    reg[i] = rank > reg[i] ? rank : reg[i];
}

void table_tally_free(table_tally *t);

#endif
