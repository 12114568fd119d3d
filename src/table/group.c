/* group.c - multi-column grouping. The codes of a row are combined into one 64-bit key in
 * mixed radix (product of the cardinalities); when the product would overflow, the keys so
 * far are renumbered densely and the radix restarts from the number of groups. Dense ids come
 * from a direct array when the key space is small, else from an open-addressing hash table. */
#include "group.h"

#include "outis/error.h"
#include "util/alloc.h"

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

int group_build(grouping *g, const group_input *in, int want_group_of)
{
    memset(g, 0, sizeof *g);
    const size_t n = in->n_items;
    if (n >= UINT32_MAX) {
        return OUTIS_ELIMIT;
    }
    uint64_t *keys = ou_calloc(n ? n : 1, sizeof *keys);
    if (keys == NULL) {
        return OUTIS_ENOMEM;
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
        const uint32_t *codes = in->codes[c];
        if (in->rows == NULL) {
            for (size_t i = 0; i < n; i++) {
                keys[i] = keys[i] * card + codes[i];
            }
        } else {
            for (size_t i = 0; i < n; i++) {
                keys[i] = keys[i] * card + codes[in->rows[i]];
            }
        }
        radix *= card;
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
