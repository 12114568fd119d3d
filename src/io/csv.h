/* csv.h - RFC 4180 CSV into dictionary-encoded columns, in parallel.
 * The input is read in large blocks; each block is cut at row boundaries found by quote
 * parity (a newline is a row end iff an even number of quotes precede it, RFC 4180 allowing
 * quotes only around fields), the pieces are parsed by worker threads into per-thread
 * dictionaries, then merged into one dictionary per column. */
#ifndef OUTIS_CSV_H
#define OUTIS_CSV_H

#include "outis/table.h"
#include "source.h"
#include "util/dict.h"

typedef struct csv_column {
    char *name;
    uint32_t *codes;
    uint64_t *hashes; /* a hashed column: codes is NULL and the dictionary empty */
    size_t cap;
    dict dict; /* strings borrowed from csv_data.arenas */
} csv_column;

typedef struct csv_data {
    size_t ncols, nrows, skipped;
    size_t hashed_missing; /* missing values in the hashed columns */
    size_t nfields;        /* columns in the file */
    uint32_t *proj;        /* file field -> column, CSV_SKIP when not loaded */
    char delimiter;
    csv_column *cols;
    arena *arenas;
    size_t narenas;
} csv_data;

/* Reads all of src. On failure out is left empty. err->source is set to src->name. */
int csv_read(csv_data *out, source *src, const outis_csv_options *opts, outis_error *err);
/* The same with the block size and the smallest piece worth a thread set, so tests can
 * exercise block and piece boundaries on small inputs. */
int csv_read_tuned(csv_data *out, source *src, const outis_csv_options *opts, size_t block,
                   size_t small_piece, outis_error *err);
/* Told of each block's rows once they are in the table, rows [first, d->nrows): for row
 * sampling, which may move rows and lower d->nrows (the next block is added after them). */
typedef struct csv_sink {
    int (*rows_added)(void *ctx, csv_data *d, size_t first, outis_error *err);
    void *ctx;
} csv_sink;
/* csv_read telling sink (if not NULL) of each block's rows; block 0 is the usual size. */
int csv_read_sink(csv_data *out, source *src, const outis_csv_options *opts, const csv_sink *sink,
                  size_t block, outis_error *err);
void csv_data_free(csv_data *d);
size_t csv_data_memory(const csv_data *d);

#endif
