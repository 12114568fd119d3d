/* combos.c - which QIs single people out: for each QI alone, each pair and each triple, the
 * number of distinct value combinations and of records unique on them. Each combination is
 * grouped over the full QI classes (weighted by their sizes), not over the rows: the classes
 * refine every combination, and there are at most as many classes as rows. */
#include "risk_int.h"

#include "util/alloc.h"
#include "util/error_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_THREADS 64

typedef struct combo_job {
    const outis_table *t;
    const grouping *classes;
    outis_qi_combination *combos;
    size_t ncombos;
    size_t next; /* next combination to take, under lock */
    pthread_mutex_t lock;
    int rc;
} combo_job;

static int one(combo_job *job, outis_qi_combination *c)
{
    const uint32_t *codes[3];
    size_t cards[3];
    for (size_t i = 0; i < c->size; i++) {
        codes[i] = outis_table_codes(job->t, c->column[i]);
        cards[i] = outis_table_cardinality(job->t, c->column[i]);
    }
    const grouping *g = job->classes;
    group_input in = {c->size, codes, cards, g->n_groups, g->first, g->weight};
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

static void *worker(void *arg)
{
    combo_job *job = arg;
    for (;;) {
        pthread_mutex_lock(&job->lock);
        size_t i = job->next++;
        int stop = job->rc < 0;
        pthread_mutex_unlock(&job->lock);
        if (stop || i >= job->ncombos) {
            return NULL;
        }
        int rc = one(job, &job->combos[i]);
        if (rc < 0) {
            pthread_mutex_lock(&job->lock);
            job->rc = rc;
            pthread_mutex_unlock(&job->lock);
        }
    }
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
    size_t k = 0;
    for (size_t a = 0; a < q; a++) {
        r->combos[k++] = (outis_qi_combination){1, {qi[a], SIZE_MAX, SIZE_MAX}, 0, 0};
    }
    for (size_t a = 0; upto >= 2 && a < q; a++) {
        for (size_t b = a + 1; b < q; b++) {
            r->combos[k++] = (outis_qi_combination){2, {qi[a], qi[b], SIZE_MAX}, 0, 0};
        }
    }
    for (size_t a = 0; upto >= 3 && a < q; a++) {
        for (size_t b = a + 1; b < q; b++) {
            for (size_t c = b + 1; c < q; c++) {
                r->combos[k++] = (outis_qi_combination){3, {qi[a], qi[b], qi[c]}, 0, 0};
            }
        }
    }
    combo_job job = {t, classes, r->combos, n, 0, PTHREAD_MUTEX_INITIALIZER, 0};
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned nt = threads ? threads : (cpus > 0 ? (unsigned)cpus : 1);
    nt = nt > MAX_THREADS ? MAX_THREADS : (nt > n ? (unsigned)n : nt);
    pthread_t tid[MAX_THREADS];
    unsigned started = 0;
    for (unsigned i = 1; i < nt; i++) {
        if (pthread_create(&tid[i], NULL, worker, &job) != 0) {
            break;
        }
        started = i;
    }
    worker(&job);
    for (unsigned i = 1; i <= started; i++) {
        pthread_join(tid[i], NULL);
    }
    pthread_mutex_destroy(&job.lock);
    if (job.rc < 0) {
        return ou_err(err, job.rc, "out of memory");
    }
    r->ncombos = n;
    qsort(r->combos, n, sizeof *r->combos, cmp_combo);
    return 0;
}
