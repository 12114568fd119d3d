/* combos.c - which QIs single people out: for each QI alone, each pair and each triple, the
 * number of distinct value combinations and of records unique on them. Each combination is
 * grouped over the full QI classes (weighted by their sizes), not over the rows: the classes
 * refine every combination, and there are at most as many classes as rows. */
#include "risk_int.h"

#include "util/alloc.h"
#include "util/error_int.h"
#include "util/parallel.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define DIRECT_MAX ((size_t)1 << 20)

typedef struct combo_job {
    const outis_table *t;
    const grouping *classes;
    const size_t *qi;
    size_t nqi;
    uint32_t **item; /* [nqi][class]: each class's code, read sequentially */
    /* A group is unique iff it holds one class of one record. unit is 1 for a class of one
     * record and 2 for a larger one, so a group whose units add up to 1 is a unique. */
    uint8_t *unit;
    outis_qi_combination *combos;
    size_t ncombos;
    struct scratch *scratch; /* one per thread */
    pthread_mutex_t lock;
    int rc;
} combo_job;

/* Per-thread scratch, reused across combinations. */
typedef struct scratch {
    uint8_t *count;       /* DIRECT_MAX saturating counters: 0, 1 (one unit class), 2 (more) */
    uint64_t *vals, *tmp; /* n_groups each, for sorting */
} scratch;

/* Small key spaces: one counter per key, in cache. */
static void by_counting(const combo_job *job, scratch *s, outis_qi_combination *c,
                        const uint32_t *const *codes, const uint64_t *mult, size_t radix)
{
    const grouping *g = job->classes;
    memset(s->count, 0, radix * sizeof *s->count);
    for (size_t j = 0; j < g->n_groups; j++) {
        size_t key = 0;
        for (size_t i = 0; i < c->size; i++) {
            key += codes[i][j] * mult[i];
        }
        unsigned v = s->count[key] + job->unit[j];
        s->count[key] = (uint8_t)(v > 2 ? 2 : v);
    }
    c->distinct = c->uniques = 0;
    for (size_t k = 0; k < radix; k++) {
        c->distinct += s->count[k] != 0;
        c->uniques += s->count[k] == 1;
    }
}

/* LSD radix sort of v[0..n) on bits [1, bits), 11 bits a pass (bit 0 need not be sorted),
 * then the runs of equal keys: a run is a unique record when it is one value with bit 0
 * clear. Written once for 32- and 64-bit values: keys that fit in 31 bits move half the
 * bytes, and the passes are bound by memory traffic. */
#define SORT_DIGIT 8
#define DEFINE_SORT_RUNS(name, T)                                                                  \
    static void name(T *v, T *tmp, size_t n, unsigned bits, outis_qi_combination *c)               \
    {                                                                                              \
        for (unsigned shift = 1; shift < bits; shift += SORT_DIGIT) {                              \
            size_t hist[1u << SORT_DIGIT] = {0};                                                   \
            for (size_t j = 0; j < n; j++) {                                                       \
                hist[(v[j] >> shift) & ((1u << SORT_DIGIT) - 1)]++;                                \
            }                                                                                      \
            size_t sum = 0;                                                                        \
            for (size_t d = 0; d < (1u << SORT_DIGIT); d++) {                                      \
                size_t h = hist[d];                                                                \
                hist[d] = sum;                                                                     \
                sum += h;                                                                          \
            }                                                                                      \
            for (size_t j = 0; j < n; j++) {                                                       \
                tmp[hist[(v[j] >> shift) & ((1u << SORT_DIGIT) - 1)]++] = v[j];                    \
            }                                                                                      \
            T *t = v;                                                                              \
            v = tmp;                                                                               \
            tmp = t;                                                                               \
        }                                                                                          \
        c->distinct = c->uniques = 0;                                                              \
        for (size_t j = 0; j < n;) {                                                               \
            size_t e = j + 1;                                                                      \
            while (e < n && (v[e] >> 1) == (v[j] >> 1)) {                                          \
                e++;                                                                               \
            }                                                                                      \
            c->distinct++;                                                                         \
            c->uniques += e == j + 1 && (v[j] & 1) == 0;                                           \
            j = e;                                                                                 \
        }                                                                                          \
    }

DEFINE_SORT_RUNS(sort_runs32, uint32_t)
DEFINE_SORT_RUNS(sort_runs64, uint64_t)

/* Large key spaces: sort key << 1 | (not a unit class), then count the runs. */
static void by_sorting(const combo_job *job, scratch *s, outis_qi_combination *c,
                       const uint32_t *const *codes, const uint64_t *mult, size_t radix)
{
    const size_t n = job->classes->n_groups;
    unsigned bits = 1;
    while (bits < 64 && ((uint64_t)1 << bits) < (uint64_t)radix * 2) {
        bits++;
    }
    if (bits <= 32) {
        uint32_t *v = (uint32_t *)(void *)s->vals;
        for (size_t j = 0; j < n; j++) {
            uint32_t key = 0;
            for (size_t i = 0; i < c->size; i++) {
                key += codes[i][j] * (uint32_t)mult[i];
            }
            v[j] = key << 1 | (job->unit[j] - 1u);
        }
        sort_runs32(v, (uint32_t *)(void *)s->tmp, n, bits, c);
        return;
    }
    for (size_t j = 0; j < n; j++) {
        uint64_t key = 0;
        for (size_t i = 0; i < c->size; i++) {
            key += codes[i][j] * mult[i];
        }
        s->vals[j] = key << 1 | (job->unit[j] - 1u);
    }
    sort_runs64(s->vals, s->tmp, n, bits, c);
}

static int one(combo_job *job, scratch *s, outis_qi_combination *c)
{
    const uint32_t *codes[3];
    size_t cards[3];
    uint64_t mult[3], radix = 1;
    for (size_t i = 0; i < c->size; i++) {
        size_t q = 0;
        while (job->qi[q] != c->column[i]) {
            q++;
        }
        codes[i] = job->item[q];
        cards[i] = outis_table_cardinality(job->t, c->column[i]);
    }
    for (size_t i = c->size; i-- > 0;) {
        mult[i] = radix;
        uint64_t card = cards[i] ? cards[i] : 1;
        if (radix > ((uint64_t)1 << 62) / card) {
            radix = 0; /* too large for a key: group by hashing */
            break;
        }
        radix *= card;
    }
    const grouping *g = job->classes;
    if (radix != 0 && radix <= DIRECT_MAX && radix <= 4 * (uint64_t)g->n_groups + 4096) {
        by_counting(job, s, c, codes, mult, (size_t)radix);
        return 0;
    }
    if (radix != 0) {
        if (s->vals == NULL) {
            s->vals = ou_mallocarray(g->n_groups, sizeof *s->vals);
            s->tmp = ou_mallocarray(g->n_groups, sizeof *s->tmp);
            if (s->vals == NULL || s->tmp == NULL) {
                return OUTIS_ENOMEM;
            }
        }
        by_sorting(job, s, c, codes, mult, (size_t)radix);
        return 0;
    }
    group_input in = {c->size, codes, cards, g->n_groups, NULL, g->weight, 1};
    grouping r;
    int rc = group_build(&r, &in, 0);
    if (rc < 0) {
        return rc;
    }
    c->distinct = r.n_groups;
    c->uniques = 0;
    for (size_t j = 0; j < r.n_groups; j++) {
        c->uniques += r.weight[j] == 1;
    }
    grouping_free(&r);
    return 0;
}

static void task(void *ctx, size_t i, unsigned thread)
{
    combo_job *job = ctx;
    scratch *s = &job->scratch[thread];
    int rc = 0;
    if (s->count == NULL && (s->count = ou_malloc(DIRECT_MAX)) == NULL) {
        rc = OUTIS_ENOMEM;
    }
    if (rc == 0) {
        rc = one(job, s, &job->combos[i]);
    }
    if (rc < 0) {
        pthread_mutex_lock(&job->lock);
        job->rc = rc;
        pthread_mutex_unlock(&job->lock);
    }
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

static int cmp_combo(const void *a, const void *b)
{
    const outis_qi_combination *x = a, *y = b;
    if (x->size != y->size) {
        return x->size < y->size ? -1 : 1;
    }
    if (x->uniques != y->uniques) {
        return x->uniques > y->uniques ? -1 : 1;
    }
    for (size_t i = 0; i < x->size; i++) {
        if (x->column[i] != y->column[i]) {
            return x->column[i] < y->column[i] ? -1 : 1;
        }
    }
    return 0;
}

int risk_combinations(outis_risk *r, const outis_table *t, const size_t *qi, size_t q,
                      const grouping *classes, int mode, unsigned threads, outis_error *err)
{
    size_t upto = mode == OUTIS_COMBINATIONS_NONE      ? 0
                  : mode == OUTIS_COMBINATIONS_SINGLES ? 1
                  : mode == OUTIS_COMBINATIONS_PAIRS   ? 2
                  : mode == OUTIS_COMBINATIONS_TRIPLES ? 3
                  : q <= 12                            ? 3
                                                       : 2;
    size_t n = (upto >= 1 ? q : 0) + (upto >= 2 ? q * (q - 1) / 2 : 0) +
               (upto >= 3 ? q * (q - 1) * (q - 2) / 6 : 0);
    if (n == 0) {
        return 0;
    }
    r->combos = ou_calloc(n, sizeof *r->combos);
    if (r->combos == NULL) {
        return ou_nomem(err);
    }
    /* Columns of a combination in table order, whatever the order the QIs were given in. */
    size_t *cols = ou_mallocarray(q, sizeof *cols);
    if (cols == NULL) {
        return ou_nomem(err);
    }
    memcpy(cols, qi, q * sizeof *cols);
    qsort(cols, q, sizeof *cols, cmp_size);
    size_t k = 0;
    for (size_t a = 0; a < q; a++) {
        r->combos[k++] = (outis_qi_combination){1, {cols[a], SIZE_MAX, SIZE_MAX}, 0, 0};
    }
    for (size_t a = 0; upto >= 2 && a < q; a++) {
        for (size_t b = a + 1; b < q; b++) {
            r->combos[k++] = (outis_qi_combination){2, {cols[a], cols[b], SIZE_MAX}, 0, 0};
        }
    }
    for (size_t a = 0; upto >= 3 && a < q; a++) {
        for (size_t b = a + 1; b < q; b++) {
            for (size_t c = b + 1; c < q; c++) {
                r->combos[k++] = (outis_qi_combination){3, {cols[a], cols[b], cols[c]}, 0, 0};
            }
        }
    }
    ou_free(cols);
    combo_job job = {t, classes, qi, q, NULL, NULL, r->combos, n, NULL, PTHREAD_MUTEX_INITIALIZER,
                     0};
    job.item = ou_calloc(q, sizeof *job.item);
    job.unit = ou_malloc(classes->n_groups ? classes->n_groups : 1);
    if (job.item == NULL || job.unit == NULL) {
        ou_free(job.item);
        ou_free(job.unit);
        return ou_nomem(err);
    }
    for (size_t j = 0; j < classes->n_groups; j++) {
        job.unit[j] = classes->weight[j] == 1 ? 1 : 2;
    }
    for (size_t a = 0; a < q; a++) {
        const uint32_t *codes = outis_table_codes(t, qi[a]);
        job.item[a] = ou_mallocarray(classes->n_groups ? classes->n_groups : 1, sizeof **job.item);
        if (job.item[a] == NULL) {
            job.rc = OUTIS_ENOMEM;
            goto done;
        }
        for (size_t j = 0; j < classes->n_groups; j++) {
            job.item[a][j] = codes[classes->first[j]];
        }
    }
    unsigned nt = par_threads(threads);
    job.scratch = ou_calloc(nt, sizeof *job.scratch);
    if (job.scratch == NULL) {
        job.rc = OUTIS_ENOMEM;
        goto done;
    }
    par_for(nt, n, task, &job);
    for (unsigned i = 0; i < nt; i++) {
        ou_free(job.scratch[i].count);
        ou_free(job.scratch[i].vals);
        ou_free(job.scratch[i].tmp);
    }
    ou_free(job.scratch);
done:
    pthread_mutex_destroy(&job.lock);
    for (size_t a = 0; a < q; a++) {
        ou_free(job.item[a]);
    }
    ou_free(job.item);
    ou_free(job.unit);
    if (job.rc < 0) {
        return ou_err(err, job.rc, "out of memory");
    }
    r->ncombos = n;
    qsort(r->combos, n, sizeof *r->combos, cmp_combo);
    return 0;
}
