/* reservoir.h - a uniform random sample of n rows of a table while it is read: Algorithm R
 * (Vitter 1985, "Random sampling with a reservoir", ACM TOMS 11(1), section 2), with exact
 * integer draws, so each of N rows is kept with probability exactly n/N. Readers offer each row
 * as it comes and write it into the slot they get; at the end the kept rows are put back in
 * input order and each column's dictionary keeps only the values they use. */
#ifndef OUTIS_RESERVOIR_H
#define OUTIS_RESERVOIR_H

#include "csv.h"
#include "util/rng.h"

#define RESERVOIR_DROP SIZE_MAX

typedef struct reservoir {
    size_t n;         /* rows wanted, >= 1 */
    uint64_t seen;    /* rows offered */
    uint64_t *origin; /* [min(n, seen)] input row of each slot */
    size_t origin_cap;
    size_t *slots; /* reservoir_absorb: the slot of each row of a block */
    size_t slots_cap;
    rng_state rng;
} reservoir;

/* A sample of n >= 1 rows, drawn from a ChaCha20 keystream of *seed, or from the system's
 * CSPRNG (libsodium) when seed is NULL. Errors: OUTIS_EINTERNAL (no CSPRNG). */
int reservoir_init(reservoir *r, size_t n, const uint64_t *seed, outis_error *err);
void reservoir_free(reservoir *r);

/* Offers the next row: *slot is where to write it (replacing the row there), < n, or
 * RESERVOIR_DROP. */
int reservoir_offer(reservoir *r, size_t *slot, outis_error *err);

/* Rows [first, d->nrows) were just added to d (the CSV reader's blocks): each is moved to its
 * slot or dropped, and d->nrows becomes the number of rows kept. A csv_sink's rows_added. */
int reservoir_absorb(void *r, csv_data *d, size_t first, outis_error *err);

/* Puts d's rows in input order and keeps in each column's dictionary only the values its rows
 * use (codes renumbered in order of first use). Nothing to do when no row was dropped. */
int reservoir_finish(reservoir *r, csv_data *d, outis_error *err);

#endif
