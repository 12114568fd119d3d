/* fuzz_jsonl.c - the JSON Lines reader on arbitrary bytes: the first byte picks options
 * (skip-bad-rows, a small field limit, no missing-value tokens, a seeded sample of 1 to 4
 * rows). Every error carries a message and, for a parse error, a line; a table that loads has
 * valid codes, and its sample is a subsequence of the rows read without one, in order. */
#include <outis.h>

#include "io/jsonl.h"
#include "table/table_int.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int load(csv_data *d, const uint8_t *data, size_t size, const outis_csv_options *o,
                size_t sample, outis_error *err)
{
    source src;
    reservoir rs;
    const uint64_t seed = 7;
    memset(err, 0, sizeof *err);
    if (source_open_buffer(&src, (const char *)data, size, "fuzz", NULL, err) < 0 ||
        (sample > 0 && reservoir_init(&rs, sample, &seed, err) < 0)) {
        abort();
    }
    int rc = jsonl_read(d, &src, o, sample > 0 ? &rs : NULL, NULL, err);
    source_close(&src);
    if (sample > 0) {
        reservoir_free(&rs);
    }
    return rc;
}

static int same_row(const csv_data *a, size_t ra, const csv_data *b, size_t rb)
{
    for (size_t c = 0; c < a->ncols; c++) {
        const dict_entry *x = &a->cols[c].dict.entries[a->cols[c].codes[ra]];
        const dict_entry *y = &b->cols[c].dict.entries[b->cols[c].codes[rb]];
        if (x->len != y->len || x->is_missing != y->is_missing || memcmp(x->ptr, y->ptr, x->len)) {
            return 0;
        }
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    static const char *const none[] = {NULL};
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.skip_bad_rows = data[0] & 1;
    o.max_field = (data[0] >> 1) & 1 ? 8 : 0;
    o.na = (data[0] >> 2) & 1 ? none : NULL;
    const size_t sample = (data[0] >> 3) & 7; /* 0: none */
    csv_data all, some;
    outis_error err, err2;
    int rc = load(&all, data + 1, size - 1, &o, 0, &err);
    int rc2 = load(&some, data + 1, size - 1, &o, sample > 4 ? 0 : sample, &err2);
    if ((rc < 0) != (rc2 < 0) || (rc < 0 && (err.code != err2.code || err.line != err2.line))) {
        abort(); /* whether an input is valid does not depend on the sample */
    }
    if (rc < 0) {
        if (err.message[0] == '\0' || (rc == OUTIS_EPARSE && err.line == 0)) {
            abort();
        }
        return 0;
    }
    if (all.ncols != some.ncols || some.nrows > all.nrows) {
        abort();
    }
    for (size_t c = 0; c < all.ncols; c++) {
        for (size_t r = 0; r < all.nrows; r++) {
            if (all.cols[c].codes[r] >= all.cols[c].dict.count) {
                abort();
            }
        }
    }
    size_t next = 0;
    for (size_t r = 0; r < some.nrows; r++) {
        while (next < all.nrows && !same_row(&all, next, &some, r)) {
            next++;
        }
        if (next++ == all.nrows) {
            abort(); /* a sampled row that is not next in the input */
        }
    }
    csv_data_free(&all);
    csv_data_free(&some);
    return 0;
}
