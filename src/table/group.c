/* group.c - multi-column grouping. The codes of a row are combined into one 64-bit key in
 * mixed radix (product of the cardinalities); when the product would overflow, the keys so
 * far are renumbered densely and the radix restarts from the number of groups. Dense ids come
 * from a direct array when the key space is small, from one open-addressing hash table for
 * small inputs, and otherwise from a radix partition of the keys by hash into cache-sized
 * parts, each grouped by its own small table, in parallel (the partitioned hash aggregation
 * of database engines). */
#include "group.h"

#include "outis/error.h"
#include "util/alloc.h"
#include "util/parallel.h"

#include <stdatomic.h>
#include <string.h>

#define DIRECT_MAX ((uint64_t)1 << 24)

typedef struct hslot {
    uint64_t key;
    uint32_t id1; /* id + 1; 0 = empty */
    uint32_t pad;
} hslot;

/* Renumbers keys[0..n) densely in order of first occurrence; keys < radix. On return keys[i]
 * holds the id, *groups the count, and ids[i] (if not NULL) the same id as uint32. */
static int densify(uint64_t *keys, size_t n, uint64_t radix, size_t *groups)
{
    uint32_t next = 0;
    if (n == 0) {
        *groups = 0;
        return 0;
    }
    if (radix <= DIRECT_MAX && radix <= 4 * (uint64_t)n + 65536) {
        uint32_t *id = ou_mallocarray((size_t)radix, sizeof *id);
        if (id == NULL) {
            return OUTIS_ENOMEM;
        }
        memset(id, 0xff, (size_t)radix * sizeof *id);
        for (size_t i = 0; i < n; i++) {
            uint32_t *slot = &id[keys[i]];
            if (*slot == UINT32_MAX) {
                *slot = next++;
            }
            keys[i] = *slot;
        }
        ou_free(id);
        *groups = next;
        return 0;
    }
    /* Hash path: one 16-byte slot per key (key and id together, one cache line per probe),
     * starting small and doubling at half load, so few groups stay in cache. */
    uint64_t bound = radix < n ? radix : n;
    size_t size = 1024;
    while (size < 2 * bound && size < 65536) {
        size *= 2;
    }
    hslot *h = ou_calloc(size, sizeof *h);
    if (h == NULL) {
        return OUTIS_ENOMEM;
    }
    unsigned shift = 64 - (unsigned)__builtin_ctzll(size);
    size_t mask = size - 1;
    for (size_t i = 0; i < n; i++) {
        uint64_t k = keys[i];
        size_t j = (size_t)((k * 0x9E3779B97F4A7C15ull) >> shift);
        for (;;) {
            if (h[j].id1 == 0) {
                h[j].key = k;
                h[j].id1 = ++next;
                break;
            }
            if (h[j].key == k) {
                break;
            }
            j = (j + 1) & mask;
        }
        keys[i] = h[j].id1 - 1;
        if ((size_t)next * 2 > size) {
            hslot *bigger = ou_calloc(size * 2, sizeof *bigger);
            if (bigger == NULL) {
                ou_free(h);
                return OUTIS_ENOMEM;
            }
            size *= 2;
            shift--;
            mask = size - 1;
            for (size_t o = 0; o < size / 2; o++) {
                if (h[o].id1 != 0) {
                    size_t t = (size_t)((h[o].key * 0x9E3779B97F4A7C15ull) >> shift);
                    while (bigger[t].id1 != 0) {
                        t = (t + 1) & mask;
                    }
                    bigger[t] = h[o];
                }
            }
            ou_free(h);
            h = bigger;
        }
    }
    ou_free(h);
    *groups = next;
    return 0;
}

#define PART_MIN ((size_t)1 << 17) /* fewer items: one table */
#define PART_TARGET 8192           /* items per partition, so its table stays in L2 */
/* Items per task of the streaming passes: 2 MiB of keys, one page table's worth, so threads
 * do not fault on the same page table (its lock serialises them). */
#define CHUNK ((size_t)1 << 18)

static inline uint64_t mix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ull;
    return k ^ (k >> 33);
}

typedef struct part_ctx {
    const group_input *in;
    const uint64_t *keys;
    size_t n, nparts, nchunks;
    unsigned shift;
    size_t *hist;      /* [nchunks][nparts]: counts, then write positions */
    uint64_t *pk;      /* keys by partition */
    uint32_t *pr;      /* their items */
    uint32_t *lid;     /* their ids within the partition */
    size_t *pstart;    /* [nparts + 1] */
    size_t *pgroups;   /* [nparts] groups in each part, then the first id of each */
    uint32_t *tfirst;  /* [n] per part, at pstart: first item of each local group */
    size_t *tweight;   /* [n] likewise: weights */
    hslot **table;     /* per thread */
    size_t *table_cap; /* per thread */
    grouping *g;
    atomic_int rc;
} part_ctx;

static void part_count(void *ctx, size_t c, unsigned thread)
{
    part_ctx *x = ctx;
    (void)thread;
    size_t *h = x->hist + c * x->nparts, end = (c + 1) * CHUNK < x->n ? (c + 1) * CHUNK : x->n;
    for (size_t i = c * CHUNK; i < end; i++) {
        h[mix64(x->keys[i]) >> x->shift]++;
    }
}

static void part_scatter(void *ctx, size_t c, unsigned thread)
{
    part_ctx *x = ctx;
    (void)thread;
    size_t *h = x->hist + c * x->nparts, end = (c + 1) * CHUNK < x->n ? (c + 1) * CHUNK : x->n;
    for (size_t i = c * CHUNK; i < end; i++) {
        size_t pos = h[mix64(x->keys[i]) >> x->shift]++;
        x->pk[pos] = x->keys[i];
        x->pr[pos] = (uint32_t)i;
    }
}

/* Groups one part with a table private to the thread; items stay in order, so the first
 * item of a local group is its smallest. */
/* Grows a part's table to twice its size; the ids stay. */
static hslot *part_grow(hslot *t, size_t size)
{
    hslot *bigger = ou_calloc(size * 2, sizeof *bigger);
    if (bigger == NULL) {
        return NULL;
    }
    for (size_t o = 0; o < size; o++) {
        if (t[o].id1 != 0) {
            size_t i = (size_t)mix64(t[o].key) & (size * 2 - 1);
            while (bigger[i].id1 != 0) {
                i = (i + 1) & (size * 2 - 1);
            }
            bigger[i] = t[o];
        }
    }
    return bigger;
}

/* Groups one part with a table private to the thread, sized for a part of distinct keys
 * and grown at half load (a part of repeated keys stays small); items stay in order, so the
 * first item of a local group is its smallest. */
static void part_group(void *ctx, size_t p, unsigned thread)
{
    part_ctx *x = ctx;
    const size_t s = x->pstart[p], e = x->pstart[p + 1];
    size_t size = 64;
    while (size < 2 * (e - s) && size < 2 * PART_TARGET) {
        size *= 2;
    }
    if (x->table_cap[thread] < size) {
        ou_free(x->table[thread]);
        x->table[thread] = ou_mallocarray(size, sizeof **x->table);
        x->table_cap[thread] = x->table[thread] ? size : 0;
        if (x->table[thread] == NULL) {
            atomic_store(&x->rc, OUTIS_ENOMEM);
            return;
        }
    }
    hslot *t = x->table[thread];
    memset(t, 0, size * sizeof *t);
    const size_t *w = x->in->weights;
    uint32_t next = 0;
    for (size_t j = s; j < e; j++) {
        uint64_t k = x->pk[j];
        size_t i = (size_t)mix64(k) & (size - 1);
        while (t[i].id1 != 0 && t[i].key != k) {
            i = (i + 1) & (size - 1);
        }
        size_t item = x->pr[j], weight = w ? w[item] : 1;
        if (t[i].id1 == 0) {
            t[i].key = k;
            t[i].id1 = ++next;
            x->tfirst[s + next - 1] = (uint32_t)item;
            x->tweight[s + next - 1] = weight;
        } else {
            x->tweight[s + t[i].id1 - 1] += weight;
        }
        x->lid[j] = t[i].id1 - 1;
        if ((size_t)next * 2 > size) {
            hslot *bigger = part_grow(t, size);
            if (bigger == NULL) {
                atomic_store(&x->rc, OUTIS_ENOMEM);
                return;
            }
            ou_free(t);
            t = x->table[thread] = bigger;
            size *= 2;
            x->table_cap[thread] = size;
        }
    }
    x->pgroups[p] = next;
}

static void part_place(void *ctx, size_t p, unsigned thread)
{
    part_ctx *x = ctx;
    (void)thread;
    const size_t s = x->pstart[p], e = x->pstart[p + 1], base = x->pgroups[p];
    size_t count = (p + 1 < x->nparts ? x->pgroups[p + 1] : x->g->n_groups) - base;
    memcpy(x->g->first + base, x->tfirst + s, count * sizeof *x->tfirst);
    memcpy(x->g->weight + base, x->tweight + s, count * sizeof *x->tweight);
    if (x->g->group_of != NULL) {
        for (size_t j = s; j < e; j++) {
            x->g->group_of[x->pr[j]] = (uint32_t)(base + x->lid[j]);
        }
    }
}

static int group_partitioned(grouping *g, const group_input *in, uint64_t *keys, size_t n,
                             int want_group_of)
{
    unsigned threads = par_threads(in->threads);
    part_ctx x = {0};
    x.in = in;
    x.keys = keys;
    x.n = n;
    x.g = g;
    x.nparts = 64;
    while (x.nparts * PART_TARGET < n && x.nparts < 65536) {
        x.nparts *= 2;
    }
    x.shift = 64 - (unsigned)__builtin_ctzll(x.nparts);
    x.nchunks = (n + CHUNK - 1) / CHUNK;
    x.hist = ou_calloc(x.nchunks * x.nparts, sizeof *x.hist);
    x.pk = ou_mallocarray(n, sizeof *x.pk);
    x.pr = ou_mallocarray(n, sizeof *x.pr);
    x.pstart = ou_calloc(x.nparts + 1, sizeof *x.pstart);
    x.pgroups = ou_calloc(x.nparts, sizeof *x.pgroups);
    x.tweight = ou_mallocarray(n, sizeof *x.tweight);
    x.table = ou_calloc(threads, sizeof *x.table);
    x.table_cap = ou_calloc(threads, sizeof *x.table_cap);
    int rc = 0;
    if (!x.hist || !x.pk || !x.pr || !x.pstart || !x.pgroups || !x.tweight || !x.table ||
        !x.table_cap) {
        rc = OUTIS_ENOMEM;
        goto done;
    }
    par_for(threads, x.nchunks, part_count, &x);
    size_t pos = 0; /* partition-major, chunks in order within: a stable scatter */
    for (size_t p = 0; p < x.nparts; p++) {
        x.pstart[p] = pos;
        for (size_t c = 0; c < x.nchunks; c++) {
            size_t count = x.hist[c * x.nparts + p];
            x.hist[c * x.nparts + p] = pos;
            pos += count;
        }
    }
    x.pstart[x.nparts] = pos;
    par_for(threads, x.nchunks, part_scatter, &x);
    /* The keys are in pk now: their 8 bytes per item hold lid and tfirst (fewer fresh pages). */
    x.lid = (uint32_t *)(void *)keys;
    x.tfirst = x.lid + n;
    par_for(threads, x.nparts, part_group, &x);
    if ((rc = atomic_load(&x.rc)) < 0) {
        goto done;
    }
    for (size_t p = 0; p < x.nparts; p++) {
        size_t count = x.pgroups[p];
        x.pgroups[p] = g->n_groups;
        g->n_groups += count;
    }
    g->weight = ou_mallocarray(g->n_groups ? g->n_groups : 1, sizeof *g->weight);
    g->first = ou_mallocarray(g->n_groups ? g->n_groups : 1, sizeof *g->first);
    g->group_of = want_group_of ? ou_mallocarray(n, sizeof *g->group_of) : NULL;
    if (g->weight == NULL || g->first == NULL || (want_group_of && g->group_of == NULL)) {
        rc = OUTIS_ENOMEM;
        goto done;
    }
    par_for(threads, x.nparts, part_place, &x);
done:
    for (unsigned t = 0; x.table != NULL && t < threads; t++) {
        ou_free(x.table[t]);
    }
    ou_free(x.table);
    ou_free(x.table_cap);
    ou_free(x.hist);
    ou_free(x.pk);
    ou_free(x.pr);
    ou_free(x.pstart);
    ou_free(x.pgroups);
    ou_free(x.tweight);
    return rc;
}

typedef struct key_ctx {
    const group_input *in;
    uint64_t *keys;
    size_t n, col;
    uint64_t card;
} key_ctx;

/* keys = keys * card + code, over one chunk of items. */
static void key_step(void *ctx, size_t c, unsigned thread)
{
    key_ctx *x = ctx;
    (void)thread;
    const uint32_t *codes = x->in->codes[x->col];
    const uint32_t *rows = x->in->rows;
    size_t end = (c + 1) * CHUNK < x->n ? (c + 1) * CHUNK : x->n;
    if (x->col == 0) { /* write-only: no read fault on fresh pages */
        for (size_t i = c * CHUNK; i < end; i++) {
            x->keys[i] = codes[rows ? rows[i] : i];
        }
    } else if (rows == NULL) {
        for (size_t i = c * CHUNK; i < end; i++) {
            x->keys[i] = x->keys[i] * x->card + codes[i];
        }
    } else {
        for (size_t i = c * CHUNK; i < end; i++) {
            x->keys[i] = x->keys[i] * x->card + codes[rows[i]];
        }
    }
}

int group_build(grouping *g, const group_input *in, int want_group_of)
{
    memset(g, 0, sizeof *g);
    const size_t n = in->n_items;
    if (n >= UINT32_MAX) {
        return OUTIS_ELIMIT;
    }
    uint64_t *keys = ou_mallocarray(n ? n : 1, sizeof *keys); /* column 0 writes them all */
    if (keys == NULL) {
        return OUTIS_ENOMEM;
    }
    if (in->ncols == 0) {
        memset(keys, 0, (n ? n : 1) * sizeof *keys);
    }
    int rc = 0;
    uint64_t radix = 1;
    for (size_t c = 0; c < in->ncols; c++) {
        uint64_t card = in->cards[c] ? in->cards[c] : 1;
        if (radix > UINT64_MAX / card) {
            size_t groups;
            if ((rc = densify(keys, n, radix, &groups)) < 0) {
                goto done;
            }
            radix = groups ? groups : 1;
        }
        key_ctx kx = {in, keys, n, c, card};
        par_for(n >= PART_MIN ? par_threads(in->threads) : 1, (n + CHUNK - 1) / CHUNK, key_step,
                &kx);
        radix *= card;
    }
    int is_direct = radix <= DIRECT_MAX && radix <= 4 * (uint64_t)n + 65536;
    if (n >= PART_MIN && !is_direct) {
        rc = group_partitioned(g, in, keys, n, want_group_of);
        goto done;
    }
    if ((rc = densify(keys, n, radix, &g->n_groups)) < 0) {
        goto done;
    }
    g->weight = ou_calloc(g->n_groups ? g->n_groups : 1, sizeof *g->weight);
    g->first = ou_mallocarray(g->n_groups ? g->n_groups : 1, sizeof *g->first);
    if (want_group_of) {
        g->group_of = ou_mallocarray(n ? n : 1, sizeof *g->group_of);
    }
    if (g->weight == NULL || g->first == NULL || (want_group_of && g->group_of == NULL)) {
        rc = OUTIS_ENOMEM;
        goto done;
    }
    /* Ids were given in order of first occurrence, so a group's first item is where the
     * running maximum id grows. */
    size_t seen = 0;
    for (size_t i = 0; i < n; i++) {
        size_t id = (size_t)keys[i];
        if (id == seen) {
            g->first[seen++] = (uint32_t)i;
        }
        g->weight[id] += in->weights ? in->weights[i] : 1;
        if (want_group_of) {
            g->group_of[i] = (uint32_t)id;
        }
    }
done:
    ou_free(keys);
    if (rc < 0) {
        grouping_free(g);
    }
    return rc;
}

void grouping_free(grouping *g)
{
    ou_free(g->group_of);
    ou_free(g->weight);
    ou_free(g->first);
    memset(g, 0, sizeof *g);
}
