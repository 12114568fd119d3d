/* risk.c - equivalence classes over the quasi-identifiers and the El Emam / ARX risk
 * figures derived from their sizes (REFERENCES.md 1.1): prosecutor, journalist, marketer. */
#include "risk_int.h"

#include "table/table_int.h"
#include "util/alloc.h"
#include "util/error_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int check_options(const outis_table *t, const outis_risk_options *o, outis_error *err)
{
    if (o->version != OUTIS_RISK_OPTIONS_VERSION) {
        return ou_err(err, OUTIS_EINVAL, "unsupported options version %d", o->version);
    }
    if (o->qi == NULL || o->qi_count == 0) {
        return ou_err(err, OUTIS_EINVAL, "no quasi-identifier given");
    }
    if (o->sensitive_count > 0 && o->sensitive == NULL) {
        return ou_err(err, OUTIS_EINVAL, "sensitive_count without sensitive columns");
    }
    for (size_t i = 0; i < o->qi_count + o->sensitive_count; i++) {
        size_t c = i < o->qi_count ? o->qi[i] : o->sensitive[i - o->qi_count];
        if (c >= outis_table_columns(t)) {
            return ou_err(err, OUTIS_EINVAL, "column %zu out of range", c);
        }
        if (outis_table_hashes(t, c) != NULL) {
            return ou_err(err, OUTIS_EINVAL, "column '%s' was loaded hashed: risk needs its values",
                          outis_table_column_name(t, c));
        }
        for (size_t j = 0; j < i; j++) {
            size_t d = j < o->qi_count ? o->qi[j] : o->sensitive[j - o->qi_count];
            if (c == d) {
                return ou_err(err, OUTIS_EINVAL, "column '%s' named twice",
                              outis_table_column_name(t, c));
            }
        }
    }
    if (!(o->threshold >= 0 && o->threshold <= 1)) {
        return ou_err(err, OUTIS_EINVAL, "threshold must be in [0, 1]");
    }
    if (o->combinations < OUTIS_COMBINATIONS_AUTO || o->combinations > OUTIS_COMBINATIONS_TRIPLES) {
        return ou_err(err, OUTIS_EINVAL, "unknown combinations mode %d", o->combinations);
    }
    if (outis_table_rows(t) == 0) {
        return ou_err(err, OUTIS_EINVAL, "the table has no records");
    }
    return 0;
}

static int group_columns(grouping *g, const outis_table *t, const size_t *cols, size_t n,
                         int want_group_of, unsigned threads, outis_error *err)
{
    const uint32_t **codes = ou_mallocarray(n, sizeof *codes);
    size_t *cards = ou_mallocarray(n, sizeof *cards);
    int rc = 0;
    if (codes == NULL || cards == NULL) {
        rc = ou_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        codes[i] = outis_table_codes(t, cols[i]);
        cards[i] = outis_table_cardinality(t, cols[i]);
    }
    group_input in = {n, codes, cards, outis_table_rows(t), NULL, NULL, threads};
    if ((rc = group_build(g, &in, want_group_of)) < 0) {
        rc = ou_err(err, rc, "%s", rc == OUTIS_ENOMEM ? "out of memory" : "too many rows");
    }
done:
    ou_free(codes);
    ou_free(cards);
    return rc;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* The class-size distribution: sizes up to 4096 counted in an array, larger ones sorted. */
static int size_buckets(outis_risk *r, const grouping *g, outis_error *err)
{
    enum { SMALL = 4096 };
    size_t *small = ou_calloc(SMALL + 1, sizeof *small);
    size_t *large = NULL, nlarge = 0, cap = 0;
    int rc = 0;
    if (small == NULL) {
        return ou_nomem(err);
    }
    for (size_t j = 0; j < g->n_groups; j++) {
        size_t f = g->weight[j];
        if (f <= SMALL) {
            small[f]++;
        } else {
            if (ou_grow((void **)&large, &cap, nlarge + 1, sizeof *large) < 0) {
                rc = ou_nomem(err);
                goto done;
            }
            large[nlarge++] = f;
        }
    }
    if (nlarge > 0) {
        qsort(large, nlarge, sizeof *large, cmp_size);
    }
    size_t nb = 0;
    for (size_t s = 1; s <= SMALL; s++) {
        nb += small[s] != 0;
    }
    for (size_t i = 0; i < nlarge; i++) {
        nb += i == 0 || large[i] != large[i - 1];
    }
    r->buckets = ou_calloc(nb ? nb : 1, sizeof *r->buckets);
    if (r->buckets == NULL) {
        rc = ou_nomem(err);
        goto done;
    }
    for (size_t s = 1; s <= SMALL; s++) {
        if (small[s] != 0) {
            r->buckets[r->nbuckets++] = (outis_class_bucket){s, small[s]};
        }
    }
    for (size_t i = 0; i < nlarge; i++) {
        if (i == 0 || large[i] != large[i - 1]) {
            r->buckets[r->nbuckets++] = (outis_class_bucket){large[i], 0};
        }
        r->buckets[r->nbuckets - 1].classes++;
    }
done:
    ou_free(small);
    ou_free(large);
    return rc;
}

static void prosecutor(outis_risk_summary *s, const grouping *g, double threshold)
{
    s->records = 0;
    s->classes = g->n_groups;
    s->k = SIZE_MAX;
    size_t at_risk = 0;
    for (size_t j = 0; j < g->n_groups; j++) {
        size_t f = g->weight[j];
        s->records += f;
        s->k = f < s->k ? f : s->k;
        s->largest = f > s->largest ? f : s->largest;
        s->uniques += f == 1 ? 1 : 0;
        s->records_lt2 += f < 2 ? f : 0;
        s->records_lt5 += f < 5 ? f : 0;
        s->records_lt10 += f < 10 ? f : 0;
        at_risk += 1.0 / (double)f > threshold ? f : 0;
    }
    double n = (double)s->records;
    s->threshold = threshold;
    s->prosecutor_max = 1.0 / (double)s->k;
    s->prosecutor_min = 1.0 / (double)s->largest;
    s->prosecutor_avg = (double)s->classes / n;
    s->prosecutor_at_risk = (double)at_risk / n;
    s->marketer = s->prosecutor_avg;
}

/* Maps the sample's codes of one QI to the population's codes of the same column; values the
 * population lacks get codes past its cardinality. */
static int map_codes(uint32_t *map, const outis_table *t, size_t col, const outis_table *pop,
                     size_t pcol)
{
    size_t card = outis_table_cardinality(t, col);
    uint32_t extra = (uint32_t)outis_table_cardinality(pop, pcol);
    uint32_t missing = outis_table_missing_code(t, col);
    for (uint32_t v = 0; v < card; v++) {
        size_t len;
        const char *s = outis_table_value(t, col, v, &len);
        uint32_t pc;
        if (v == missing && outis_table_missing_code(pop, pcol) != UINT32_MAX) {
            map[v] = outis_table_missing_code(pop, pcol);
        } else if (outis_table_find_value(&pc, pop, pcol, s, len) == 0) {
            map[v] = pc;
        } else {
            map[v] = extra++;
        }
    }
    return (int)(extra - outis_table_cardinality(pop, pcol));
}

/* Journalist risk: F_j, the population count of each sample class, found by grouping the
 * sample's classes together with the population's rows in the population's code space. */
static int journalist(outis_risk_summary *s, const outis_table *t, const outis_risk_options *o,
                      const grouping *g, outis_error *err)
{
    const outis_table *pop = o->population;
    const size_t q = o->qi_count, u = g->n_groups, np = outis_table_rows(pop);
    uint32_t **codes = ou_calloc(q, sizeof *codes);
    size_t *cards = ou_calloc(q, sizeof *cards);
    uint32_t *map = NULL;
    grouping all = {0};
    int rc = 0;
    if (codes == NULL || cards == NULL) {
        rc = ou_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < q; i++) {
        size_t pcol;
        if ((rc = outis_table_column_index(&pcol, pop, outis_table_column_name(t, o->qi[i]), err)) <
            0) {
            ou_err_source(err, "population");
            goto done;
        }
        ou_free(map);
        map = ou_mallocarray(outis_table_cardinality(t, o->qi[i]), sizeof *map);
        codes[i] = ou_mallocarray(u + np, sizeof **codes);
        if (map == NULL || codes[i] == NULL) {
            rc = ou_nomem(err);
            goto done;
        }
        int extra = map_codes(map, t, o->qi[i], pop, pcol);
        cards[i] = outis_table_cardinality(pop, pcol) + (size_t)extra;
        const uint32_t *sc = outis_table_codes(t, o->qi[i]);
        for (size_t j = 0; j < u; j++) {
            codes[i][j] = map[sc[g->first[j]]];
        }
        memcpy(codes[i] + u, outis_table_codes(pop, pcol), np * sizeof **codes);
    }
    group_input in = {q, (const uint32_t *const *)codes, cards, u + np, NULL, NULL, o->threads};
    if ((rc = group_build(&all, &in, 1)) < 0) {
        rc = ou_err(err, rc, "%s", rc == OUTIS_ENOMEM ? "out of memory" : "too many rows");
        goto done;
    }
    size_t *pf = ou_calloc(all.n_groups, sizeof *pf);
    if (pf == NULL) {
        rc = ou_nomem(err);
        goto done;
    }
    for (size_t i = u; i < u + np; i++) {
        pf[all.group_of[i]]++;
    }
    size_t minF = SIZE_MAX, maxF = 0, sumF = 0, at_risk = 0;
    double sum_ratio = 0;
    for (size_t j = 0; j < u; j++) {
        size_t f = g->weight[j], F = pf[all.group_of[j]];
        if (F < f) {
            s->population_missing++; /* not a population of this sample: use f */
            F = f;
        }
        minF = F < minF ? F : minF;
        maxF = F > maxF ? F : maxF;
        sumF += F;
        sum_ratio += (double)f / (double)F;
        at_risk += 1.0 / (double)F > s->threshold ? f : 0;
    }
    ou_free(pf);
    double n = (double)s->records;
    s->has_journalist = 1;
    s->population_records = np;
    s->journalist_max = 1.0 / (double)minF;
    s->journalist_min = 1.0 / (double)maxF;
    s->journalist_at_risk = (double)at_risk / n;
    double a = (double)u / (double)sumF, b = sum_ratio / n;
    s->journalist_avg = a > b ? a : b;
    s->marketer = b;
done:
    for (size_t i = 0; codes != NULL && i < q; i++) {
        ou_free(codes[i]);
    }
    ou_free(codes);
    ou_free(cards);
    ou_free(map);
    grouping_free(&all);
    return rc;
}

int outis_risk_compute(outis_risk **out, const outis_table *t, const outis_risk_options *o,
                       outis_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    if (out == NULL || t == NULL || o == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no output, table or options given");
    }
    int rc = check_options(t, o, err);
    if (rc < 0) {
        return rc;
    }
    outis_risk *r = ou_calloc(1, sizeof *r);
    grouping g = {0};
    if (r == NULL) {
        return ou_nomem(err);
    }
    if ((rc = group_columns(&g, t, o->qi, o->qi_count, o->sensitive_count > 0, o->threads, err)) <
        0) {
        goto done;
    }
    prosecutor(&r->summary, &g, o->threshold);
    if ((rc = size_buckets(r, &g, err)) < 0) {
        goto done;
    }
    if (o->population != NULL && (rc = journalist(&r->summary, t, o, &g, err)) < 0) {
        goto done;
    }
    if (o->sensitive_count > 0) {
        r->sensitive = ou_calloc(o->sensitive_count, sizeof *r->sensitive);
        if (r->sensitive == NULL) {
            rc = ou_nomem(err);
            goto done;
        }
        for (size_t i = 0; i < o->sensitive_count; i++) {
            rc = risk_sensitive(&r->sensitive[i], t, o->sensitive[i], &g, o, i, err);
            if (rc < 0) {
                goto done;
            }
            r->nsensitive++;
        }
    }
    rc = risk_combinations(r, t, o->qi, o->qi_count, &g, o->combinations, o->threads, err);
done:
    grouping_free(&g);
    if (rc < 0) {
        outis_risk_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

void outis_risk_free(outis_risk *r)
{
    if (r != NULL) {
        ou_free(r->buckets);
        ou_free(r->sensitive);
        ou_free(r->combos);
        ou_free(r);
    }
}

const outis_risk_summary *outis_risk_get_summary(const outis_risk *r)
{
    return &r->summary;
}

size_t outis_risk_class_buckets(const outis_risk *r, const outis_class_bucket **out)
{
    *out = r->buckets;
    return r->nbuckets;
}

size_t outis_risk_sensitive(const outis_risk *r, const outis_sensitive_risk **out)
{
    *out = r->sensitive;
    return r->nsensitive;
}

size_t outis_risk_combinations(const outis_risk *r, const outis_qi_combination **out)
{
    *out = r->combos;
    return r->ncombos;
}
