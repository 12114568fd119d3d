/* bound.c - contribution bounding. The rows are partitioned by a hash of their unit into
 * buckets of a few thousand (a counting pass and a scatter pass, in parallel over row
 * ranges, stable in row order), and each bucket finds its units with a small hash table that
 * stays in cache. A unit with one row, by far the most common case, is kept as it is; a unit
 * with more keeps a uniform random subset of its groups and of its rows in each (Floyd's
 * sampling of m positions out of n). Buckets run in parallel; with a seed, each bucket has
 * its own generator, so the choices do not depend on the thread count. */
#include "bound.h"

#include "outis/error.h"
#include "util/alloc.h"
#include "util/parallel.h"

#include <stdlib.h>
#include <string.h>

#define BUCKET_ROWS 2048 /* rows per bucket, on average */
#define NONE UINT32_MAX

/* A row in its bucket. The bucket holds the top bits of the unit's mixed key and tag its low
 * 32 bits; rows whose tags agree have their full keys compared (is_same_unit), so only units
 * whose 64-bit hashes collide are bounded as one, which only makes the bounds stricter. Eight
 * bytes halve the scatter's traffic. */
typedef struct entry {
    uint32_t row;
    uint32_t tag;
} entry;

typedef struct member { /* a row of one unit */
    uint32_t row;
    uint32_t group;
} member;

typedef struct slot { /* the key is that of entry head - 1 */
    uint32_t head;    /* last entry of the unit's chain + 1; 0: empty */
    uint32_t n;
} slot;

typedef struct scratch {
    slot *slots;
    size_t slots_cap;
    uint32_t *next;
    member *unit;   /* one unit's rows */
    size_t cap;     /* of next and unit */
    int64_t *units; /* [n_groups] this thread's units per group (a correction, after) */
    size_t dropped; /* rows dropped by the bounds */
    dp_rng *rng;
    int has_rng;
    int rc;
} scratch;

typedef struct ctx {
    const bound_input *in;
    bound_result *out;
    unsigned threads, bits;
    size_t tasks; /* row ranges of the two passes: several per thread, for balance */
    size_t nb;
    size_t *hist;  /* [tasks * nb]: counts, then scatter offsets */
    size_t *start; /* [nb + 1] */
    entry *entries;
    scratch *s; /* [threads] */
} ctx;

static inline uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}

static inline uint64_t key_of(const bound_input *in, size_t r)
{
    return in->unit_hash != NULL ? in->unit_hash[r] : in->unit_code[r];
}

/* A unit's key, mixed: hashes are XXH3 already and are taken as they are; dictionary codes
 * are small integers, so they go through fmix64 first. */
static inline uint64_t mixed_key(const bound_input *in, size_t r)
{
    return in->unit_hash != NULL ? in->unit_hash[r] : mix(in->unit_code[r]);
}

static inline size_t bucket_of(const ctx *c, uint64_t mixed)
{
    return c->bits == 0 ? 0 : (size_t)(mixed >> (64 - c->bits));
}

static void range(const ctx *c, size_t t, size_t *lo, size_t *hi)
{
    const size_t n = c->in->n_rows, per = n / c->tasks + 1;
    *lo = t * per < n ? t * per : n;
    *hi = (t + 1) * per < n ? (t + 1) * per : n;
}

/* Counts the rows of each bucket; starts with every row kept and each row a unit, which
 * bucket_pass corrects for the units with several rows. */
static void count_pass(void *arg, size_t t, unsigned thread)
{
    ctx *c = arg;
    size_t lo, hi, *h = c->hist + t * c->nb;
    int64_t *units = c->s[thread].units;
    range(c, t, &lo, &hi);
    for (size_t r = lo; r < hi; r++) {
        const uint32_t g = c->in->group[r];
        c->out->kept[r] = g != BOUND_DROP;
        if (g != BOUND_DROP) {
            h[bucket_of(c, mixed_key(c->in, r))]++;
            units[g]++;
        }
    }
}

static void scatter_pass(void *arg, size_t t, unsigned thread)
{
    ctx *c = arg;
    size_t lo, hi, *at = c->hist + t * c->nb;
    (void)thread;
    range(c, t, &lo, &hi);
    for (size_t r = lo; r < hi; r++) {
        if (c->in->group[r] != BOUND_DROP) {
            const uint64_t m = mixed_key(c->in, r);
            c->entries[at[bucket_of(c, m)]++] = (entry){(uint32_t)r, (uint32_t)m};
        }
    }
}

/* m distinct positions of [0, n), m < n, uniformly at random (Floyd 1987). */
static void choose(uint32_t *pos, uint32_t m, uint32_t n, dp_rng *rng)
{
    uint32_t k = 0;
    for (uint32_t j = n - m; j < n; j++) {
        uint32_t t = (uint32_t)dp_uniform64(rng, (uint64_t)j + 1);
        for (uint32_t i = 0; i < k; i++) {
            if (pos[i] == t) {
                t = j;
                break;
            }
        }
        pos[k++] = t;
    }
}

static int is_chosen(const uint32_t *pos, uint32_t m, uint32_t x)
{
    for (uint32_t i = 0; i < m; i++) {
        if (pos[i] == x) {
            return 1;
        }
    }
    return 0;
}

static int get_rng(const ctx *c, scratch *s, size_t bucket)
{
    if (c->in->is_seeded) {
        dp_rng_init_seeded(s->rng, c->in->seed ^ mix(bucket + 1));
        s->has_rng = 1;
    } else if (!s->has_rng) {
        if (dp_rng_init(s->rng) < 0) {
            return OUTIS_EINTERNAL;
        }
        s->has_rng = 1;
    }
    return 0;
}

static int cmp_member(const void *a, const void *b)
{
    const member *x = a, *y = b;
    if (x->group != y->group) {
        return x->group < y->group ? -1 : 1;
    }
    return (x->row > y->row) - (x->row < y->row);
}

/* One unit with n > 1 entries in s->unit: sorted by (group, row), then bounded. */
static int bound_unit(const ctx *c, scratch *s, size_t n, size_t bucket, int *has_bucket_rng)
{
    member *u = s->unit;
    if (n > 32) {
        qsort(u, n, sizeof *u, cmp_member);
    }
    for (size_t i = 1; n <= 32 && i < n; i++) { /* insertion sort: most units are small */
        const member v = u[i];
        size_t j = i;
        for (; j > 0 && cmp_member(&u[j - 1], &v) > 0; j--) {
            u[j] = u[j - 1];
        }
        u[j] = v;
    }
    uint32_t pairs = 0;
    for (size_t i = 0; i < n; i++) {
        pairs += i == 0 || u[i].group != u[i - 1].group;
    }
    const uint32_t l0 = c->in->max_groups, linf = c->in->max_rows;
    uint32_t gpos[64], rpos[64];
    int rc;
    if (!*has_bucket_rng && (pairs > l0 || n > linf)) {
        if ((rc = get_rng(c, s, bucket)) < 0) {
            return rc;
        }
        *has_bucket_rng = 1;
    }
    const int is_all_groups = pairs <= l0;
    uint32_t *gsel = l0 <= 64 ? gpos : ou_mallocarray(l0, sizeof *gsel);
    uint32_t *rsel = linf <= 64 ? rpos : ou_mallocarray(linf, sizeof *rsel);
    if (gsel == NULL || rsel == NULL) {
        rc = OUTIS_ENOMEM;
        goto done;
    }
    if (!is_all_groups) {
        choose(gsel, l0, pairs, s->rng);
    }
    for (size_t i = 0, p = 0; i < n; p++) {
        size_t j = i;
        while (j < n && u[j].group == u[i].group) {
            j++;
        }
        if (is_all_groups || is_chosen(gsel, l0, (uint32_t)p)) {
            const uint32_t rows = (uint32_t)(j - i);
            if (rows > linf) {
                choose(rsel, linf, rows, s->rng);
            }
            for (uint32_t k = 0; k < rows; k++) {
                if (rows <= linf || is_chosen(rsel, linf, k)) {
                    c->out->kept[u[i + k].row] = 1;
                    s->dropped--;
                }
            }
            s->units[u[i].group]++;
        }
        i = j;
    }
    rc = 0;
done:
    if (gsel != gpos) {
        ou_free(gsel);
    }
    if (rsel != rpos) {
        ou_free(rsel);
    }
    return rc;
}

static int ensure(scratch *s, size_t m)
{
    size_t want = 16;
    while (want < 2 * m) {
        want *= 2;
    }
    if (want > s->slots_cap) {
        ou_free(s->slots);
        s->slots = ou_mallocarray(want, sizeof *s->slots);
        s->slots_cap = s->slots ? want : 0;
    }
    if (m > s->cap) {
        ou_free(s->next);
        ou_free(s->unit);
        s->next = ou_mallocarray(m, sizeof *s->next);
        s->unit = ou_mallocarray(m, sizeof *s->unit);
        s->cap = s->next && s->unit ? m : 0;
    }
    return s->slots == NULL || s->next == NULL || s->unit == NULL ? OUTIS_ENOMEM : 0;
}

static inline int is_same_unit(const ctx *c, const entry *a, const entry *b)
{
    return a->tag == b->tag && key_of(c->in, a->row) == key_of(c->in, b->row);
}

static void bucket_pass(void *arg, size_t b, unsigned thread)
{
    ctx *c = arg;
    scratch *s = &c->s[thread];
    const entry *e = c->entries + c->start[b];
    const size_t m = c->start[b + 1] - c->start[b];
    if (m == 0 || s->rc < 0 || (s->rc = ensure(s, m)) < 0) {
        return;
    }
    size_t size = 16;
    while (size < 2 * m) {
        size *= 2;
    }
    memset(s->slots, 0, size * sizeof *s->slots);
    size_t repeats = 0;
    for (size_t i = 0; i < m; i++) {
        size_t h = e[i].tag & (size - 1);
        while (s->slots[h].head != 0 && !is_same_unit(c, &e[s->slots[h].head - 1], &e[i])) {
            h = (h + 1) & (size - 1);
        }
        slot *sl = &s->slots[h];
        repeats += sl->head != 0;
        s->next[i] = sl->head == 0 ? NONE : sl->head - 1;
        sl->head = (uint32_t)i + 1;
        sl->n++;
    }
    if (repeats == 0) { /* one row per unit: kept as count_pass left it */
        return;
    }
    int has_bucket_rng = 0;
    for (size_t h = 0; h < size; h++) {
        const slot *sl = &s->slots[h];
        if (sl->n > 1) { /* undo count_pass's guess, then bound the unit */
            size_t n = 0;
            for (uint32_t i = sl->head - 1; i != NONE; i = s->next[i]) {
                const uint32_t g = c->in->group[e[i].row];
                s->unit[n++] = (member){e[i].row, g};
                c->out->kept[e[i].row] = 0;
                s->units[g]--;
                s->dropped++;
            }
            int rc = bound_unit(c, s, n, b, &has_bucket_rng);
            if (rc < 0) {
                s->rc = rc;
                return;
            }
        }
    }
}

static int by_row(bound_result *out, const bound_input *in)
{
    for (size_t r = 0; r < in->n_rows; r++) {
        const uint32_t g = in->group[r];
        out->kept[r] = g != BOUND_DROP;
        if (g != BOUND_DROP) {
            out->units[g]++;
            out->rows_kept++;
        }
    }
    return 0;
}

static int partition(ctx *c)
{
    const bound_input *in = c->in;
    size_t bits = 0;
    while (bits < 16 && ((size_t)1 << bits) * BUCKET_ROWS < in->n_rows) {
        bits++;
    }
    c->bits = (unsigned)bits;
    c->nb = (size_t)1 << bits;
    c->hist = ou_calloc(c->tasks * c->nb, sizeof *c->hist);
    c->start = ou_calloc(c->nb + 1, sizeof *c->start);
    if (c->hist == NULL || c->start == NULL) {
        return OUTIS_ENOMEM;
    }
    par_for(c->threads, c->tasks, count_pass, c);
    size_t at = 0;
    for (size_t b = 0; b < c->nb; b++) {
        c->start[b] = at;
        for (size_t t = 0; t < c->tasks; t++) {
            const size_t n = c->hist[t * c->nb + b];
            c->hist[t * c->nb + b] = at;
            at += n;
        }
    }
    c->start[c->nb] = at;
    c->entries = ou_mallocarray(at + 1, sizeof *c->entries);
    if (c->entries == NULL) {
        return OUTIS_ENOMEM;
    }
    par_for(c->threads, c->tasks, scatter_pass, c);
    return 0;
}

static int by_unit(bound_result *out, const bound_input *in)
{
    ctx c = {in, out, par_threads(in->threads), 0, 0, 0, NULL, NULL, NULL, NULL};
    c.tasks = (size_t)c.threads * 4;
    int rc = 0;
    c.s = ou_calloc(c.threads, sizeof *c.s);
    rc = c.s == NULL ? OUTIS_ENOMEM : 0;
    for (unsigned t = 0; rc == 0 && t < c.threads; t++) {
        c.s[t].units = ou_calloc(in->n_groups + 1, sizeof *c.s[t].units);
        c.s[t].rng = ou_malloc(sizeof *c.s[t].rng);
        rc = c.s[t].units == NULL || c.s[t].rng == NULL ? OUTIS_ENOMEM : 0;
    }
    if (rc == 0) {
        rc = partition(&c);
    }
    if (rc == 0) {
        par_for(c.threads, c.nb, bucket_pass, &c);
    }
    int64_t dropped = 0;
    for (unsigned t = 0; c.s != NULL && t < c.threads; t++) {
        scratch *s = &c.s[t];
        rc = rc < 0 ? rc : s->rc;
        for (size_t g = 0; rc == 0 && g < in->n_groups; g++) {
            out->units[g] = (size_t)((int64_t)out->units[g] + s->units[g]);
        }
        dropped += (int64_t)s->dropped;
        if (s->rng != NULL) {
            dp_rng_wipe(s->rng);
        }
        ou_free(s->rng);
        ou_free(s->units);
        ou_free(s->slots);
        ou_free(s->next);
        ou_free(s->unit);
    }
    if (rc == 0) {
        out->rows_dropped = (size_t)dropped;
        out->rows_kept = c.start[c.nb] - out->rows_dropped;
    }
    ou_free(c.s);
    ou_free(c.hist);
    ou_free(c.start);
    ou_free(c.entries);
    return rc;
}

int bound_rows(bound_result *out, const bound_input *in)
{
    memset(out, 0, sizeof *out);
    out->kept = ou_calloc(in->n_rows + 1, 1);
    out->units = ou_calloc(in->n_groups + 1, sizeof *out->units);
    if (out->kept == NULL || out->units == NULL) {
        bound_result_free(out);
        return OUTIS_ENOMEM;
    }
    const int is_by_row = in->unit_code == NULL && in->unit_hash == NULL;
    const int rc = is_by_row ? by_row(out, in) : by_unit(out, in);
    if (rc < 0) {
        bound_result_free(out);
    }
    return rc;
}

void bound_result_free(bound_result *r)
{
    ou_free(r->kept);
    ou_free(r->units);
    r->kept = NULL;
    r->units = NULL;
}
