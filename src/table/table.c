/* table.c - the public table: reading, column lookup, values and statistics. */
#include "table_int.h"

#include "util/alloc.h"
#include "util/bytes.h"
#include "util/error_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_source(outis_table **out, source *src, const outis_csv_options *opts,
                       outis_error *err)
{
    outis_table *t = ou_calloc(1, sizeof *t);
    if (t == NULL) {
        return ou_nomem(err);
    }
    int rc = csv_read(&t->data, src, opts, err);
    if (rc < 0) {
        ou_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

int outis_table_read_csv(outis_table **out, const char *path, const outis_csv_options *opts,
                         outis_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    if (out == NULL || path == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no output or path given");
    }
    source src;
    int rc = source_open(&src, path, opts ? opts->encoding : NULL, err);
    if (rc == 0) {
        rc = read_source(out, &src, opts, err);
        source_close(&src);
    }
    ou_err_source(err, path);
    return rc;
}

int outis_table_read_csv_buffer(outis_table **out, const char *data, size_t len, const char *name,
                                const outis_csv_options *opts, outis_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    if (out == NULL || (data == NULL && len > 0)) {
        return ou_err(err, OUTIS_EINVAL, "no output or data given");
    }
    source src;
    name = name ? name : "<buffer>";
    int rc = source_open_buffer(&src, data, len, name, opts ? opts->encoding : NULL, err);
    if (rc == 0) {
        rc = read_source(out, &src, opts, err);
        source_close(&src);
    }
    ou_err_source(err, name);
    return rc;
}

void table_tally_free(table_tally *t)
{
    if (t == NULL) {
        return;
    }
    for (size_t c = 0; c < t->ncols; c++) {
        ou_free(t->cols[c].rows);
        ou_free(t->cols[c].hll);
    }
    ou_free(t->cols);
    ou_free(t);
}

void outis_table_free(outis_table *table)
{
    if (table != NULL) {
        csv_data_free(&table->data);
        table_tally_free(table->tally);
        ou_free(table);
    }
}

size_t outis_table_rows(const outis_table *table)
{
    return table->tally != NULL ? (size_t)table->tally->rows : table->data.nrows;
}

size_t outis_table_columns(const outis_table *table)
{
    return table->data.ncols;
}

size_t outis_table_file_columns(const outis_table *table)
{
    return table->data.nfields;
}

size_t outis_table_skipped_rows(const outis_table *table)
{
    return table->data.skipped;
}

char outis_table_delimiter(const outis_table *table)
{
    return table->data.delimiter;
}

size_t outis_table_memory(const outis_table *table)
{
    return sizeof *table + csv_data_memory(&table->data);
}

const char *outis_table_column_name(const outis_table *table, size_t col)
{
    return table->data.cols[col].name;
}

int outis_table_column_index(size_t *out, const outis_table *table, const char *name,
                             outis_error *err)
{
    if (table == NULL || name == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no table or column name given");
    }
    const csv_data *d = &table->data;
    const char **names = ou_mallocarray(d->ncols, sizeof *names);
    if (names == NULL) {
        return ou_nomem(err);
    }
    for (size_t c = 0; c < d->ncols; c++) {
        names[c] = d->cols[c].name;
        if (strcmp(names[c], name) == 0) {
            *out = c;
            ou_free(names);
            return 0;
        }
    }
    char msg[256];
    unknown_name_message(msg, sizeof msg, names, d->ncols, name);
    ou_free(names);
    return ou_err(err, OUTIS_ENOTFOUND, "%s", msg);
}

size_t outis_table_cardinality(const outis_table *table, size_t col)
{
    return table->data.cols[col].dict.count;
}

const uint32_t *outis_table_codes(const outis_table *table, size_t col)
{
    return table->tally == NULL ? table->data.cols[col].codes : NULL;
}

const uint64_t *outis_table_hashes(const outis_table *table, size_t col)
{
    return table->tally == NULL ? table->data.cols[col].hashes : NULL;
}

const char *outis_table_value(const outis_table *table, size_t col, uint32_t code, size_t *len)
{
    const dict_entry *e = &table->data.cols[col].dict.entries[code];
    if (len != NULL) {
        *len = e->len;
    }
    return e->ptr;
}

uint32_t outis_table_missing_code(const outis_table *table, size_t col)
{
    if (table->data.cols[col].hashes != NULL) { /* counted by the reader, over hashed columns */
        return table->data.hashed_missing > 0 ? OUTIS_HASH_MISSING : UINT32_MAX;
    }
    return table->data.cols[col].dict.missing;
}

int outis_table_find_value(uint32_t *out, const outis_table *table, size_t col, const char *value,
                           size_t len)
{
    const dict *d = &table->data.cols[col].dict;
    uint32_t c = dict_find(d, value, len, dict_hash(value, len));
    if (c == DICT_NONE) {
        return OUTIS_ENOTFOUND;
    }
    *out = c;
    return 0;
}

/* A finite number in the C locale's syntax (what strtod accepts, whole string). */
static int is_number(const char *p, size_t len)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf) {
        return 0;
    }
    memcpy(buf, p, len);
    buf[len] = '\0';
    char *end;
    double v = strtod(buf, &end);
    return *end == '\0' && isfinite(v) && !(buf[0] == ' ' || buf[0] == '\t');
}

int outis_table_column_stats(outis_column_stats *out, const outis_table *table, size_t col,
                             outis_error *err)
{
    if (out == NULL || table == NULL || col >= table->data.ncols) {
        return ou_err(err, OUTIS_EINVAL, "no table, or column out of range");
    }
    const csv_column *c = &table->data.cols[col];
    if (c->hashes != NULL) {
        return ou_err(err, OUTIS_EINVAL, "column '%s' is hashed: it has no statistics", c->name);
    }
    size_t card = c->dict.count, n = table->data.nrows;
    size_t *freq = ou_calloc(card, sizeof *freq);
    if (freq == NULL) {
        return ou_nomem(err);
    }
    for (size_t i = 0; i < n; i++) {
        freq[c->codes[i]]++;
    }
    memset(out, 0, sizeof *out);
    out->is_numeric = 1;
    for (uint32_t v = 0; v < card; v++) {
        const dict_entry *e = &c->dict.entries[v];
        if (e->is_missing) {
            out->missing += freq[v];
            continue;
        }
        if (freq[v] == 0) {
            continue; /* a code no row uses */
        }
        out->distinct++;
        if (out->is_numeric && !is_number(e->ptr, e->len)) {
            out->is_numeric = 0;
        }
        /* Insert into the top list: by count, then by value, so ties do not depend on the
         * order codes were given. */
        size_t k = out->top_count;
        while (k > 0) {
            const dict_entry *o = &c->dict.entries[out->top_code[k - 1]];
            size_t of = out->top_rows[k - 1];
            size_t m = o->len < e->len ? o->len : e->len;
            int cmp = memcmp(o->ptr, e->ptr, m);
            int before =
                freq[v] > of || (freq[v] == of && (cmp > 0 || (cmp == 0 && e->len < o->len)));
            if (!before) {
                break;
            }
            if (k < OUTIS_TOP_VALUES) {
                out->top_code[k] = out->top_code[k - 1];
                out->top_rows[k] = out->top_rows[k - 1];
            }
            k--;
        }
        if (k < OUTIS_TOP_VALUES) {
            out->top_code[k] = v;
            out->top_rows[k] = freq[v];
            if (out->top_count < OUTIS_TOP_VALUES) {
                out->top_count++;
            }
        }
    }
    if (out->distinct == 0) {
        out->is_numeric = 0;
    }
    ou_free(freq);
    return 0;
}
