/* reservoir.c - uniform row sampling while a table is read; see reservoir.h. */
#include "reservoir.h"

#include "util/alloc.h"
#include "util/error_int.h"

#include <stdlib.h>
#include <string.h>

int reservoir_init(reservoir *r, size_t n, const uint64_t *seed, outis_error *err)
{
    memset(r, 0, sizeof *r);
    assert(n >= 1);
    r->n = n;
    if (seed != NULL) {
        rng_init_seeded(&r->rng, *seed);
    } else if (rng_init(&r->rng) < 0) {
        return ou_err(err, OUTIS_EINTERNAL, "cannot initialise the random generator");
    }
    return 0;
}

void reservoir_free(reservoir *r)
{
    ou_free(r->origin);
    ou_free(r->slots);
    rng_wipe(&r->rng);
    r->origin = NULL;
    r->slots = NULL;
}

int reservoir_offer(reservoir *r, size_t *slot, outis_error *err)
{
    if (r->seen < r->n) { /* the first n rows fill the reservoir */
        if (ou_grow((void **)&r->origin, &r->origin_cap, (size_t)r->seen + 1, sizeof *r->origin) <
            0) {
            return ou_nomem(err);
        }
        *slot = (size_t)r->seen;
    } else { /* row seen + 1 replaces a uniform slot with probability n / (seen + 1) */
        const uint64_t j = rng_uniform64(&r->rng, r->seen + 1);
        *slot = j < r->n ? (size_t)j : RESERVOIR_DROP;
    }
    if (*slot != RESERVOIR_DROP) {
        r->origin[*slot] = r->seen;
    }
    r->seen++;
    return 0;
}

int reservoir_absorb(void *ctx, csv_data *d, size_t first, outis_error *err)
{
    reservoir *r = ctx;
    const size_t added = d->nrows - first;
    if (ou_grow((void **)&r->slots, &r->slots_cap, added, sizeof *r->slots) < 0) {
        return ou_nomem(err);
    }
    for (size_t k = 0; k < added; k++) {
        int rc = reservoir_offer(r, &r->slots[k], err);
        if (rc < 0) {
            return rc;
        }
        /* a row that fills the reservoir is already in its slot; one that replaces another
         * is past the reservoir, so moving it never overwrites a row still to be placed */
        assert(r->slots[k] == RESERVOIR_DROP || r->slots[k] <= first + k);
    }
    for (size_t c = 0; c < d->ncols; c++) {
        uint32_t *codes = d->cols[c].codes;
        uint64_t *hashes = d->cols[c].hashes;
        for (size_t k = 0; k < added; k++) {
            const size_t s = r->slots[k];
            if (s == RESERVOIR_DROP || s == first + k) {
                continue;
            }
            if (hashes != NULL) {
                hashes[s] = hashes[first + k];
            } else {
                codes[s] = codes[first + k];
            }
        }
    }
    d->nrows = r->seen < r->n ? (size_t)r->seen : r->n;
    return 0;
}

typedef struct kept_row {
    uint64_t origin;
    size_t slot;
} kept_row;

static int by_origin(const void *a, const void *b)
{
    const uint64_t x = ((const kept_row *)a)->origin, y = ((const kept_row *)b)->origin;
    return (x > y) - (x < y);
}

/* The column's codes in the order given, its dictionary rebuilt from the values they use. */
static int compact_column(csv_column *col, const size_t *order, size_t kept, outis_error *err)
{
    const dict *old = &col->dict;
    uint32_t *remap = ou_mallocarray(old->count ? old->count : 1, sizeof *remap);
    uint32_t *codes = ou_mallocarray(kept, sizeof *codes);
    dict nd;
    int rc = dict_init(&nd, 64) < 0 ? OUTIS_ENOMEM : 0;
    if (remap == NULL || codes == NULL || rc < 0) {
        rc = ou_nomem(err);
        goto done;
    }
    memset(remap, 0xff, old->count * sizeof *remap); /* DICT_NONE: not used yet */
    for (size_t i = 0; i < kept; i++) {
        const uint32_t oc = col->codes[order[i]];
        if (remap[oc] == DICT_NONE) {
            const dict_entry *e = &old->entries[oc];
            /* the stored hash, not the string's: a missing value may be kept out of lookups
             * under another hash (rows.c) */
            const uint32_t nc = dict_add(&nd, e->ptr, e->len, e->hash, 1);
            if (nc == DICT_NONE) {
                rc = ou_nomem(err);
                goto done;
            }
            nd.entries[nc].is_missing = e->is_missing;
            if (e->is_missing && nd.missing == DICT_NONE) {
                nd.missing = nc;
            }
            remap[oc] = nc;
        }
        codes[i] = remap[oc];
    }
    dict_free(&col->dict);
    col->dict = nd;
    memset(&nd, 0, sizeof nd);
    ou_free(col->codes);
    col->codes = codes;
    codes = NULL;
    col->cap = kept;
done:
    dict_free(&nd);
    ou_free(codes);
    ou_free(remap);
    return rc;
}

static int compact_hashes(csv_column *col, const size_t *order, size_t kept, size_t *missing,
                          outis_error *err)
{
    uint64_t *hashes = ou_mallocarray(kept, sizeof *hashes);
    if (hashes == NULL) {
        return ou_nomem(err);
    }
    for (size_t i = 0; i < kept; i++) {
        hashes[i] = col->hashes[order[i]];
        *missing += hashes[i] == OUTIS_HASH_MISSING;
    }
    ou_free(col->hashes);
    col->hashes = hashes;
    col->cap = kept;
    return 0;
}

int reservoir_finish(reservoir *r, csv_data *d, outis_error *err)
{
    if (r->seen <= r->n) {
        return 0; /* every row kept, in input order */
    }
    const size_t kept = d->nrows;
    assert(kept == r->n);
    kept_row *rows = ou_mallocarray(kept, sizeof *rows);
    size_t *order = ou_mallocarray(kept, sizeof *order);
    int rc = 0;
    if (rows == NULL || order == NULL) {
        rc = ou_nomem(err);
        goto done;
    }
    for (size_t s = 0; s < kept; s++) {
        rows[s] = (kept_row){r->origin[s], s};
    }
    qsort(rows, kept, sizeof *rows, by_origin);
    for (size_t i = 0; i < kept; i++) {
        order[i] = rows[i].slot;
    }
    size_t hashed_missing = 0;
    for (size_t c = 0; c < d->ncols && rc == 0; c++) {
        rc = d->cols[c].hashes != NULL
                 ? compact_hashes(&d->cols[c], order, kept, &hashed_missing, err)
                 : compact_column(&d->cols[c], order, kept, err);
    }
    if (rc == 0) {
        d->hashed_missing = hashed_missing;
        /* every dictionary now holds copies: the strings of the dropped rows can go */
        for (size_t i = 0; i < d->narenas; i++) {
            arena_free(&d->arenas[i]);
        }
        d->narenas = 0;
    }
done:
    ou_free(rows);
    ou_free(order);
    return rc;
}
