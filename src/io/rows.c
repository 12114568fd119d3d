/* rows.c - a table built one record at a time; see rows.h. */
#include "rows.h"

#include "util/alloc.h"
#include "util/bytes.h"
#include "util/error_int.h"

#include <string.h>

static int is_hashed_name(const outis_csv_options *o, const char *name)
{
    for (size_t i = 0; i < o->hashed_count; i++) {
        if (strcmp(o->hashed[i], name) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The code of a missing value in a dictionary column, added on first use. Records mark a
 * value missing by itself (JSON null, SQL NULL, an absent key), so its entry reads as "" but
 * is stored under the complement of the hash of "": no lookup finds it, and an empty string
 * that is not a missing-value token keeps a code of its own. */
static uint32_t missing_code(csv_column *col)
{
    dict *d = &col->dict;
    if (d->missing == DICT_NONE) {
        const uint32_t c = dict_add(d, "", 0, ~dict_hash("", 0), 1);
        if (c == DICT_NONE) {
            return DICT_NONE;
        }
        d->entries[c].is_missing = 1;
        d->missing = c;
    }
    return d->missing;
}

/* Writes a missing value into rows [from, to) of table column c. */
static int fill_missing(rows *b, size_t c, size_t from, size_t to, outis_error *err)
{
    csv_column *col = &b->out->cols[c];
    if (col->hashes != NULL) {
        for (size_t r = from; r < to; r++) {
            col->hashes[r] = OUTIS_HASH_MISSING;
        }
        b->out->hashed_missing += to - from;
        return 0;
    }
    const uint32_t code = from < to ? missing_code(col) : 0;
    if (code == DICT_NONE) {
        return ou_nomem(err);
    }
    for (size_t r = from; r < to; r++) {
        col->codes[r] = code;
    }
    return 0;
}

/* Room for rows_cap rows in table column c. */
static int size_column(rows *b, size_t c, outis_error *err)
{
    csv_column *col = &b->out->cols[c];
    const size_t cap = b->rows_cap ? b->rows_cap : 1;
    void *p = col->hashes != NULL ? ou_reallocarray(col->hashes, cap, sizeof *col->hashes)
                                  : ou_reallocarray(col->codes, cap, sizeof *col->codes);
    if (p == NULL) {
        return ou_nomem(err);
    }
    if (col->hashes != NULL) {
        col->hashes = p;
    } else {
        col->codes = p;
    }
    col->cap = cap;
    return 0;
}

/* Table column c, named name[0..len), missing in the rows already read. */
static int init_column(rows *b, size_t c, const char *name, size_t len, outis_error *err)
{
    csv_column *col = &b->out->cols[c];
    memset(col, 0, sizeof *col);
    b->fresh[c] = 0;
    if ((col->name = ou_strndup(name, len)) == NULL || dict_init(&col->dict, 64) < 0) {
        return ou_nomem(err);
    }
    if (is_hashed_name(b->opts, col->name)) {
        col->hashes = ou_malloc(sizeof *col->hashes); /* non-NULL marks the column */
        if (col->hashes == NULL) {
            return ou_nomem(err);
        }
    }
    /* the rows before, not the current record's (which rows_set or rows_end writes): a
     * missing value only this would add would be a code no row uses */
    const size_t slot = b->slot < b->out->nrows ? b->slot : b->out->nrows;
    int rc = size_column(b, c, err);
    if (rc == 0 && b->flushed > 0 && col->hashes == NULL && missing_code(col) == DICT_NONE) {
        rc = ou_nomem(err); /* the sink counts the rows it was told of missing under this code */
    }
    if (rc == 0) {
        rc = fill_missing(b, c, 0, slot, err);
    }
    return rc < 0 || slot == b->out->nrows ? rc : fill_missing(b, c, slot + 1, b->out->nrows, err);
}

static int grow_table_columns(rows *b, size_t need, outis_error *err)
{
    if (need <= b->cols_cap) {
        return 0;
    }
    size_t cap = b->cols_cap ? b->cols_cap * 2 : 16;
    cap = cap < need ? need : cap;
    csv_column *cols = ou_reallocarray(b->out->cols, cap, sizeof *cols);
    if (cols == NULL) {
        return ou_nomem(err);
    }
    b->out->cols = cols;
    uint64_t *fresh = ou_reallocarray(b->fresh, cap, sizeof *fresh);
    if (fresh == NULL) {
        return ou_nomem(err);
    }
    b->fresh = fresh;
    b->cols_cap = cap;
    return 0;
}

int rows_init(rows *b, csv_data *out, const outis_csv_options *opts, reservoir *sample,
              const csv_sink *sink, outis_error *err)
{
    memset(b, 0, sizeof *b);
    memset(out, 0, sizeof *out);
    b->out = out;
    b->opts = opts;
    b->sample = sample;
    b->sink = sample == NULL ? sink : NULL;
    csv_cfg_from(&b->cfg, ',', opts);
    if (dict_init(&b->by_name, 64) < 0) {
        return ou_nomem(err);
    }
    const size_t n = opts->columns != NULL ? opts->column_count : 0;
    for (size_t c = 0; c < n; c++) {
        for (size_t k = 0; k < c; k++) {
            if (strcmp(opts->columns[k], opts->columns[c]) == 0) {
                return ou_err(err, OUTIS_EINVAL, "column '%.40s' asked for twice",
                              opts->columns[c]);
            }
        }
    }
    for (size_t i = 0; opts->columns != NULL && i < opts->hashed_count; i++) {
        size_t c = 0;
        while (c < n && strcmp(opts->columns[c], opts->hashed[i]) != 0) {
            c++;
        }
        if (c == n) {
            return ou_err(err, OUTIS_EINVAL, "hashed column '%.40s' is not loaded",
                          opts->hashed[i]);
        }
    }
    if (n > 0) {
        b->wanted = ou_mallocarray(n, sizeof *b->wanted);
        if (b->wanted == NULL) {
            return ou_nomem(err);
        }
        int rc = grow_table_columns(b, n, err);
        for (size_t c = 0; c < n && rc == 0; c++) {
            b->wanted[c] = SIZE_MAX;
            rc = init_column(b, c, opts->columns[c], strlen(opts->columns[c]), err);
            out->ncols += rc == 0 || out->cols[c].name != NULL; /* so rows_free frees it */
        }
        return rc;
    }
    return 0;
}

void rows_free(rows *b)
{
    for (size_t i = 0; i < b->nnames; i++) {
        ou_free(b->names[i]);
    }
    ou_free(b->names);
    ou_free(b->proj);
    ou_free(b->seen);
    ou_free(b->wanted);
    ou_free(b->fresh);
    dict_free(&b->by_name);
    memset(b, 0, sizeof *b);
}

/* A new source column: a new table column unless opts->columns says which are loaded. */
static int add_source(rows *b, const char *name, size_t len, uint64_t h, outis_error *err)
{
    const size_t n = b->nnames;
    if (n == b->names_cap) {
        const size_t cap = n ? n * 2 : 16;
        char **names = ou_reallocarray(b->names, cap, sizeof *names);
        b->names = names ? names : b->names;
        uint32_t *proj = names ? ou_reallocarray(b->proj, cap, sizeof *proj) : NULL;
        b->proj = proj ? proj : b->proj;
        uint64_t *seen = proj ? ou_reallocarray(b->seen, cap, sizeof *seen) : NULL;
        if (seen == NULL) {
            return ou_nomem(err);
        }
        b->seen = seen;
        b->names_cap = cap;
    }
    if ((b->names[n] = ou_strndup(name, len)) == NULL) {
        return ou_nomem(err);
    }
    if (dict_add(&b->by_name, name, len, h, 1) == DICT_NONE) {
        ou_free(b->names[n]);
        return ou_nomem(err);
    }
    b->nnames++;
    b->proj[n] = CSV_SKIP;
    b->seen[n] = 0;
    const outis_csv_options *o = b->opts;
    if (o->columns != NULL) {
        for (size_t c = 0; c < o->column_count; c++) {
            if (strlen(o->columns[c]) == len && memcmp(o->columns[c], name, len) == 0) {
                b->proj[n] = (uint32_t)c;
                b->wanted[c] = n;
            }
        }
        return 0;
    }
    const size_t c = b->out->ncols;
    int rc = grow_table_columns(b, c + 1, err);
    if (rc == 0) {
        rc = init_column(b, c, name, len, err);
        b->out->ncols += rc == 0 || b->out->cols[c].name != NULL;
    }
    if (rc == 0) {
        b->proj[n] = (uint32_t)c;
    }
    return rc;
}

int rows_column(rows *b, const char *name, size_t len, size_t *src, outis_error *err)
{
    const uint64_t h = dict_hash(name, len);
    uint32_t code = dict_find(&b->by_name, name, len, h);
    if (code == DICT_NONE) {
        int rc = add_source(b, name, len, h, err);
        if (rc < 0) {
            return rc;
        }
        code = (uint32_t)(b->nnames - 1);
    }
    *src = code;
    return 0;
}

/* Tells the sink of the rows kept, which it drops. */
static int flush(rows *b, outis_error *err)
{
    const size_t n = b->out->nrows;
    int rc = n > 0 ? b->sink->rows_added(b->sink->ctx, b->out, 0, err) : 0;
    b->flushed += n;
    b->out->nrows = 0;
    return rc;
}

int rows_begin(rows *b, int *is_kept, outis_error *err)
{
    csv_data *out = b->out;
    if (b->sink != NULL && out->nrows >= ROWS_BLOCK) {
        int rc = flush(b, err);
        if (rc < 0) {
            return rc;
        }
    }
    size_t slot = out->nrows;
    b->record++;
    if (b->sample != NULL) {
        int rc = reservoir_offer(b->sample, &slot, err);
        if (rc < 0) {
            return rc;
        }
    }
    b->slot = slot;
    *is_kept = slot != RESERVOIR_DROP;
    if (slot == RESERVOIR_DROP || slot < out->nrows) {
        return 0; /* dropped, or replaces a row of the sample */
    }
    if (slot >= UINT32_MAX) {
        return ou_err(err, OUTIS_ELIMIT, "more than %u rows", UINT32_MAX);
    }
    if (slot >= b->rows_cap) {
        b->rows_cap = b->rows_cap ? b->rows_cap * 2 : 1024;
        for (size_t c = 0; c < out->ncols; c++) {
            int rc = size_column(b, c, err);
            if (rc < 0) {
                return rc;
            }
        }
    }
    out->nrows = slot + 1;
    return 0;
}

int rows_too_long(const rows *b, size_t src, outis_error *err)
{
    return ou_err(err, OUTIS_ELIMIT, "value of '%.60s' longer than %zu bytes (see --max-field)",
                  b->names[src], b->cfg.max_field);
}

int rows_set(rows *b, size_t src, const char *value, size_t len, outis_error *err)
{
    if (b->seen[src] == b->record) {
        return ROWS_TWICE;
    }
    b->seen[src] = b->record;
    if (value != NULL && len > b->cfg.max_field) {
        return rows_too_long(b, src, err);
    }
    const uint32_t c = b->proj[src];
    if (c == CSV_SKIP) {
        return 0;
    }
    /* checked in dropped records too, so whether an input is valid does not depend on the
     * sample */
    if (value != NULL && !b->is_utf8_known && utf8_valid_prefix(value, len) != len) {
        return ou_err(err, OUTIS_EPARSE, "invalid UTF-8 in '%.60s'", b->names[src]);
    }
    if (b->slot == RESERVOIR_DROP) {
        return 0;
    }
    csv_column *col = &b->out->cols[c];
    b->fresh[c] = b->record;
    if (col->hashes != NULL) {
        const uint64_t h = value == NULL ? OUTIS_HASH_MISSING : csv_hash_value(&b->cfg, value, len);
        col->hashes[b->slot] = h;
        b->out->hashed_missing += h == OUTIS_HASH_MISSING;
        return 0;
    }
    uint32_t code;
    if (value == NULL || csv_is_na(&b->cfg, value, len)) {
        code = missing_code(col);
    } else {
        const uint64_t h = dict_hash(value, len);
        code = dict_find(&col->dict, value, len, h);
        code = code != DICT_NONE ? code : dict_add(&col->dict, value, len, h, 1);
    }
    if (code == DICT_NONE) {
        return ou_nomem(err);
    }
    col->codes[b->slot] = code;
    return 0;
}

int rows_end(rows *b, outis_error *err)
{
    for (size_t c = 0; b->slot != RESERVOIR_DROP && c < b->out->ncols; c++) {
        if (b->fresh[c] != b->record) {
            int rc = fill_missing(b, c, b->slot, b->slot + 1, err);
            if (rc < 0) {
                return rc;
            }
        }
    }
    return 0;
}

int rows_finish(rows *b, outis_error *err)
{
    const outis_csv_options *o = b->opts;
    csv_data *out = b->out;
    for (size_t c = 0; o->columns != NULL && c < o->column_count; c++) {
        if (b->wanted[c] == SIZE_MAX) {
            char msg[256];
            unknown_name_message(msg, sizeof msg, (const char *const *)b->names, b->nnames,
                                 o->columns[c]);
            return ou_err(err, OUTIS_ENOTFOUND, "%s", msg);
        }
    }
    for (size_t i = 0; i < o->hashed_count; i++) {
        size_t c = 0;
        while (c < out->ncols && strcmp(out->cols[c].name, o->hashed[i]) != 0) {
            c++;
        }
        if (c == out->ncols) {
            return ou_err(err, OUTIS_EINVAL, "hashed column '%.40s' is not loaded", o->hashed[i]);
        }
    }
    if (b->sample != NULL) {
        int rc = reservoir_finish(b->sample, out, err);
        if (rc < 0) {
            return rc;
        }
    }
    if (b->sink != NULL) {
        int rc = flush(b, err);
        if (rc < 0) {
            return rc;
        }
    }
    out->nfields = b->nnames;
    out->proj = b->proj;
    b->proj = NULL;
    return 0;
}
