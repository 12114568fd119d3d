/* read.c - one entry point for every table input: CSV, JSON Lines and SQLite, each optionally
 * sampled (io/reservoir.h). Kept apart from table.c so that a program that reads only CSV
 * links neither jansson nor SQLite. */
#include "table_int.h"

#include "io/jsonl.h"
#include "io/sqlite_read.h"
#include "util/alloc.h"
#include "util/error_int.h"
#include "util/parallel.h"

#include <assert.h>
#include <string.h>
#include <strings.h>

static int has_suffix(const char *s, const char *suffix)
{
    const size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcasecmp(s + n - k, suffix) == 0;
}

int outis_table_source_format(const char *spec)
{
    if (strncmp(spec, "sqlite:", 7) == 0) {
        return OUTIS_FORMAT_SQLITE;
    }
    if (has_suffix(spec, ".jsonl") || has_suffix(spec, ".ndjson")) {
        return OUTIS_FORMAT_JSONL;
    }
    return OUTIS_FORMAT_CSV;
}

/* Reads an SQLite table into d: every row, a sample, or every row told to sink. */
static int read_sqlite(csv_data *d, const char *spec, const outis_read_options *o,
                       reservoir *sample, const csv_sink *sink, outis_error *err)
{
    char *path, *table;
    int rc = sqlite_source(&path, &table, spec, err);
    if (rc == 0) {
        rc = sqlite_read(d, path, table, &o->csv, sample, sink, err);
        ou_free(path);
        ou_free(table);
    }
    return rc;
}

/* Reads a CSV or JSON Lines file into d: every row, a sample, or every row told to sink. */
static int read_file(csv_data *d, const char *path, int format, const outis_read_options *o,
                     reservoir *sample, const csv_sink *sink, outis_error *err)
{
    source src;
    int rc = source_open(&src, path, o->csv.encoding, err);
    if (rc < 0) {
        return rc;
    }
    if (format == OUTIS_FORMAT_JSONL) {
        rc = jsonl_read(d, &src, &o->csv, sample, sink, err);
    } else {
        const csv_sink to_sample = {reservoir_absorb, sample};
        rc = csv_read_sink(d, &src, &o->csv, sample != NULL ? &to_sample : sink, 0, err);
        if (rc == 0 && sample != NULL && (rc = reservoir_finish(sample, d, err)) < 0) {
            csv_data_free(d);
        }
    }
    source_close(&src);
    return rc;
}

int outis_table_read(outis_table **out, const char *spec, const outis_read_options *opts,
                     outis_error *err)
{
    const outis_read_options defaults = OUTIS_READ_OPTIONS_INIT;
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    if (out == NULL || spec == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no output or source given");
    }
    opts = opts != NULL ? opts : &defaults;
    if (opts->version != OUTIS_READ_OPTIONS_VERSION) {
        return ou_err(err, OUTIS_EINVAL, "unsupported options version %d", opts->version);
    }
    if (opts->csv.version != OUTIS_CSV_OPTIONS_VERSION) {
        return ou_err(err, OUTIS_EINVAL, "unsupported CSV options version %d", opts->csv.version);
    }
    int format = opts->format;
    if (format < OUTIS_FORMAT_AUTO || format > OUTIS_FORMAT_SQLITE) {
        return ou_err(err, OUTIS_EINVAL, "unknown format %d", format);
    }
    format = format == OUTIS_FORMAT_AUTO ? outis_table_source_format(spec) : format;
    if (format == OUTIS_FORMAT_CSV && opts->sample == 0) {
        return outis_table_read_csv(out, spec, &opts->csv, err);
    }
    outis_table *t = ou_calloc(1, sizeof *t);
    reservoir *sample = opts->sample > 0 ? ou_malloc(sizeof *sample) : NULL;
    int rc = t == NULL || (opts->sample > 0 && sample == NULL) ? ou_nomem(err) : 0;
    if (rc == 0 && sample != NULL) {
        rc = reservoir_init(sample, opts->sample, opts->has_seed ? &opts->seed : NULL, err);
    }
    if (rc == 0) {
        rc = format == OUTIS_FORMAT_SQLITE
                 ? read_sqlite(&t->data, spec, opts, sample, NULL, err)
                 : read_file(&t->data, spec, format, opts, sample, NULL, err);
    }
    if (sample != NULL) {
        reservoir_free(sample);
        ou_free(sample);
    }
    if (rc < 0) {
        ou_free(t);
        ou_err_source(err, spec);
        return rc;
    }
    *out = t;
    return 0;
}

/* ---- a counted table: value counts, not rows ---- */

typedef struct tally_block {
    table_tally *t;
    const csv_data *d;
    size_t first;
} tally_block;

/* Counts one column's rows of the block. */
static void tally_column(void *ctx, size_t c, unsigned thread)
{
    (void)thread;
    const tally_block *b = ctx;
    table_tally_column *k = &b->t->cols[c];
    const csv_column *col = &b->d->cols[c];
    if (col->hashes != NULL) {
        for (size_t r = b->first; r < b->d->nrows; r++) {
            if (col->hashes[r] == OUTIS_HASH_MISSING) {
                k->missing++;
            } else {
                table_hll_add(k->hll, col->hashes[r]);
            }
        }
        return;
    }
    for (size_t r = b->first; r < b->d->nrows; r++) {
        k->rows[col->codes[r]]++;
    }
}

/* Room in t for the columns of d; a column first seen now (a JSON Lines key that appears
 * late) was missing in the rows counted before. */
static int tally_columns(table_tally *t, const csv_data *d, outis_error *err)
{
    const size_t before = t->ncols;
    if (d->ncols > before) {
        table_tally_column *cols = ou_reallocarray(t->cols, d->ncols, sizeof *cols);
        if (cols == NULL) {
            return ou_nomem(err);
        }
        memset(cols + before, 0, (d->ncols - before) * sizeof *cols);
        t->cols = cols;
        t->ncols = d->ncols; /* freed by table_tally_free from now on */
    }
    for (size_t c = 0; c < d->ncols; c++) {
        table_tally_column *k = &t->cols[c];
        if (d->cols[c].hashes != NULL) {
            if (k->hll == NULL && (k->hll = ou_calloc(1u << TABLE_HLL_BITS, 1)) == NULL) {
                return ou_nomem(err);
            }
            k->missing += c >= before ? t->rows : 0;
            continue;
        }
        size_t card = d->cols[c].dict.count, old = k->cap;
        if (card > old) {
            if (ou_grow((void **)&k->rows, &k->cap, card, sizeof *k->rows) < 0) {
                return ou_nomem(err);
            }
            memset(k->rows + old, 0, (k->cap - old) * sizeof *k->rows);
        }
        if (c >= before && t->rows > 0) {
            assert(d->cols[c].dict.missing < card); /* rows.c adds it */
            k->rows[d->cols[c].dict.missing] += t->rows;
        }
    }
    return 0;
}

/* A csv_sink: counts the block's rows, then drops them (the next block reuses their room). */
static int tally_absorb(void *ctx, csv_data *d, size_t first, outis_error *err)
{
    table_tally *t = ctx;
    int rc = tally_columns(t, d, err);
    if (rc < 0) {
        return rc;
    }
    tally_block b = {t, d, first};
    par_for(par_threads(0), d->ncols, tally_column, &b);
    t->rows += d->nrows - first;
    d->nrows = 0;
    return 0;
}

int outis_table_read_counted(outis_table **out, const char *spec, const outis_read_options *opts,
                             outis_error *err)
{
    const outis_read_options defaults = OUTIS_READ_OPTIONS_INIT;
    const outis_read_options *o = opts != NULL ? opts : &defaults;
    int format = o->format == OUTIS_FORMAT_AUTO && spec != NULL ? outis_table_source_format(spec)
                                                                : o->format;
    if (format < OUTIS_FORMAT_CSV || format > OUTIS_FORMAT_SQLITE || o->sample > 0 ||
        spec == NULL || out == NULL || o->version != OUTIS_READ_OPTIONS_VERSION ||
        o->csv.version != OUTIS_CSV_OPTIONS_VERSION) {
        return outis_table_read(out, spec, opts, err); /* it also says what is wrong */
    }
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    outis_table *t = ou_calloc(1, sizeof *t);
    table_tally *tally = ou_calloc(1, sizeof *tally);
    int rc = t == NULL || tally == NULL ? ou_nomem(err) : 0;
    const csv_sink sink = {tally_absorb, tally};
    if (rc == 0) {
        rc = format == OUTIS_FORMAT_SQLITE ? read_sqlite(&t->data, spec, o, NULL, &sink, err)
                                           : read_file(&t->data, spec, format, o, NULL, &sink, err);
    }
    if (rc < 0) {
        table_tally_free(tally);
        ou_free(t);
        ou_err_source(err, spec);
        return rc;
    }
    size_t n = t->data.ncols;
    if (tally->cols == NULL && (tally->cols = ou_calloc(n ? n : 1, sizeof *tally->cols)) == NULL) {
        table_tally_free(tally); /* a header without rows: nothing was counted */
        outis_table_free(t);
        return ou_nomem(err);
    }
    tally->ncols = n;
    t->tally = tally;
    *out = t;
    return 0;
}

int outis_table_list_sqlite(char ***names, size_t *count, const char *path, outis_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    if (names == NULL || count == NULL || path == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no output or path given");
    }
    char *file, *table;
    int rc = sqlite_source(&file, &table, path, err);
    if (rc == 0) {
        rc = sqlite_tables(names, count, file, err);
        ou_free(file);
        ou_free(table);
    }
    ou_err_source(err, path);
    return rc;
}
