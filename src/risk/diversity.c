/* diversity.c - l-diversity (Machanavajjhala et al., TKDD 2007: distinct, entropy, recursive
 * (c,l)) and t-closeness (Li et al., ICDE 2007: earth mover's distance with equal ground
 * distance, ordered distance for numeric attributes, or the hierarchical distance of a
 * hierarchy of the values) of each equivalence class, against the table's distribution or a
 * reference table's (the data a release came from). */
#define _GNU_SOURCE
#include "risk_int.h"

#include "criteria.h"
#include "table/hierarchy_int.h"
#include "util/alloc.h"
#include "util/error_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct pair {
    uint32_t value;
    size_t count;
} pair;

typedef struct sa_ctx {
    const outis_table *t; /* the reference: the table, or the data a release came from */
    size_t col;
    const uint32_t *rank; /* ordered distance: value -> rank by number; NULL: equal */
    const double *q;      /* table distribution by rank (ordered) or by value */
    const double *sq;     /* ordered: sq[i] = Q_0 + ... + Q_{i-1}, Q_i the cumulative q */
    size_t m;             /* domain size */
    double n;
} sa_ctx;

/* Hierarchical distance: ext starts as minus the reference's share under each leaf label
 * (base), the class's shares are added, and the hierarchy moves the rest. */
static double emd_hier(const hier_dist *hd, const uint32_t *leaf, const double *base, double *ext,
                       const pair *v, size_t k, size_t size)
{
    if (hd->levels < 2) {
        return 0;
    }
    memcpy(ext, base, hd->nlabels[0] * sizeof *ext);
    for (size_t i = 0; i < k; i++) {
        ext[leaf[v[i].value]] += (double)v[i].count / (double)size;
    }
    return hier_dist_emd(hd, ext, ext + hd->max_labels, ext + 2 * hd->max_labels);
}

static int prepare_ordered(sa_ctx *x, uint32_t **rank, double **q, double **sq, const size_t *freq,
                           outis_error *err);

/* The reference distribution of column col of t: the reference table's column of the same
 * name (its frequencies, rfreq, over its codes) and each of t's codes as a reference code
 * (map; NULL when the reference is t itself). */
typedef struct ref_dist {
    const outis_table *r;
    size_t col, card;
    size_t *freq;
    uint32_t *map;
    double n;
} ref_dist;

static int ref_prepare(ref_dist *rd, const outis_table *t, size_t col, const size_t *freq,
                       const outis_table *reference, outis_error *err)
{
    memset(rd, 0, sizeof *rd);
    if (reference == NULL || reference == t) {
        *rd = (ref_dist){t,    col,  outis_table_cardinality(t, col),
                         NULL, NULL, (double)outis_table_rows(t)};
        rd->freq = ou_mallocarray(rd->card + 1, sizeof *rd->freq);
        if (rd->freq == NULL) {
            return ou_nomem(err);
        }
        memcpy(rd->freq, freq, rd->card * sizeof *rd->freq);
        return 0;
    }
    const char *name = outis_table_column_name(t, col);
    rd->r = reference;
    if (outis_table_column_index(&rd->col, reference, name, err) < 0) {
        return OUTIS_ENOTFOUND;
    }
    rd->card = outis_table_cardinality(reference, rd->col);
    rd->n = (double)outis_table_rows(reference);
    const size_t card = outis_table_cardinality(t, col);
    rd->freq = ou_calloc(rd->card + 1, sizeof *rd->freq);
    rd->map = ou_mallocarray(card + 1, sizeof *rd->map);
    if (rd->freq == NULL || rd->map == NULL) {
        return ou_nomem(err);
    }
    const uint32_t *codes = outis_table_codes(reference, rd->col);
    for (size_t i = 0; i < outis_table_rows(reference); i++) {
        rd->freq[codes[i]]++;
    }
    const uint32_t missing = outis_table_missing_code(t, col);
    for (uint32_t v = 0; v < card; v++) {
        size_t len;
        const char *s = outis_table_value(t, col, v, &len);
        const int found =
            v == missing ? (rd->map[v] = outis_table_missing_code(reference, rd->col)) != UINT32_MAX
                         : outis_table_find_value(&rd->map[v], reference, rd->col, s, len) == 0;
        if (!found || rd->freq[rd->map[v]] == 0) {
            return ou_err(err, OUTIS_EINVAL,
                          "sensitive column '%s': a value of the table is not in the reference "
                          "table (t-closeness compares with the reference's distribution)",
                          name);
        }
    }
    return 0;
}

static void ref_free(ref_dist *rd)
{
    ou_free(rd->freq);
    ou_free(rd->map);
}

int risk_sensitive(outis_sensitive_risk *out, const outis_table *t, size_t col,
                   const grouping *classes, const outis_risk_options *o, size_t which,
                   outis_error *err)
{
    const size_t l = o->recursive_l ? o->recursive_l : 2;
    const size_t n = outis_table_rows(t), u = classes->n_groups;
    const size_t card = outis_table_cardinality(t, col);
    const uint32_t *sa = outis_table_codes(t, col);
    memset(out, 0, sizeof *out);
    out->column = col;
    out->recursive_l = l;
    int rc = 0;
    size_t *freq = ou_calloc(card ? card : 1, sizeof *freq);
    size_t *start = ou_calloc(u + 1, sizeof *start);
    pair *pairs = NULL;
    uint32_t *rank = NULL, *by_class = NULL, *stamp = NULL, *slot = NULL, *rrank = NULL;
    double *q = NULL, *sq = NULL, *hbase = NULL, *hext = NULL;
    ref_dist ref = {0};
    hier_dist *hd = NULL;
    double *cnt = NULL, *aux = NULL;
    crit_rank *rk = NULL;
    uint32_t *tleaf = NULL;
    if (freq == NULL || start == NULL) {
        rc = ou_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        freq[sa[i]]++;
    }
    for (size_t v = 0; v < card; v++) {
        out->values += freq[v] != 0;
    }
    /* The rows' values ordered by class: a counting sort, since the class sizes are known. */
    by_class = ou_mallocarray(n ? n : 1, sizeof *by_class);
    stamp = ou_mallocarray(card ? card : 1, sizeof *stamp);
    slot = ou_mallocarray(card ? card : 1, sizeof *slot);
    size_t largest = 0;
    for (size_t j = 0; j < u; j++) {
        start[j + 1] = start[j] + classes->weight[j];
        largest = classes->weight[j] > largest ? classes->weight[j] : largest;
    }
    pairs = ou_mallocarray(largest ? largest : 1, sizeof *pairs);
    cnt = ou_mallocarray(largest ? largest : 1, sizeof *cnt);
    aux = ou_mallocarray(largest ? largest : 1, sizeof *aux);
    rk = ou_mallocarray(largest ? largest : 1, sizeof *rk);
    if (by_class == NULL || stamp == NULL || slot == NULL || pairs == NULL || cnt == NULL ||
        aux == NULL || rk == NULL) {
        rc = ou_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        by_class[start[classes->group_of[i]]++] = sa[i];
    }
    memmove(start + 1, start, u * sizeof *start);
    start[0] = 0;
    memset(stamp, 0xff, (card ? card : 1) * sizeof *stamp);

    if ((rc = ref_prepare(&ref, t, col, freq, o->t_reference, err)) < 0) {
        goto done;
    }
    /* the distribution is the reference's, over its codes; t's codes go through ref.map */
    sa_ctx x = {ref.r, ref.col, NULL, NULL, NULL, ref.card, ref.n};
    outis_column_stats st;
    if ((rc = outis_table_column_stats(&st, ref.r, ref.col, err)) < 0) {
        goto done;
    }
    const int dist = o->t_distance != OUTIS_T_NONE
                         ? o->t_distance
                         : (st.is_numeric ? OUTIS_T_ORDERED : OUTIS_T_EQUAL);
    const char *name = outis_table_column_name(t, col);
    if (dist == OUTIS_T_ORDERED && !st.is_numeric) {
        rc = ou_err(err, OUTIS_EINVAL,
                    "sensitive column '%s' is not numeric: ordered distance needs numbers", name);
        goto done;
    }
    if (dist < OUTIS_T_EQUAL || dist > OUTIS_T_HIERARCHICAL ||
        (dist == OUTIS_T_HIERARCHICAL &&
         (o->t_hierarchies == NULL || o->t_hierarchies[which] == NULL))) {
        rc = ou_err(err, OUTIS_EINVAL, "sensitive column '%s': %s", name,
                    dist == OUTIS_T_HIERARCHICAL ? "hierarchical distance needs a hierarchy"
                                                 : "unknown ground distance");
        goto done;
    }
    out->t_distance = dist;
    out->is_ordered = dist == OUTIS_T_ORDERED;
    if (dist == OUTIS_T_ORDERED) {
        if ((rc = prepare_ordered(&x, &rrank, &q, &sq, ref.freq, err)) < 0) {
            goto done;
        }
        rank = ou_mallocarray(card ? card : 1, sizeof *rank); /* t's codes by rank */
        if (rank == NULL) {
            rc = ou_nomem(err);
            goto done;
        }
        for (size_t v = 0; v < card; v++) {
            rank[v] = rrank[ref.map != NULL ? ref.map[v] : v];
        }
        x.rank = rank;
    } else if (dist == OUTIS_T_HIERARCHICAL) {
        if ((rc = hier_dist_for_column(&hd, o->t_hierarchies[which], ref.r, ref.col, err)) < 0) {
            goto done;
        }
        hbase = ou_calloc(hd->nlabels[0] + 1, sizeof *hbase);
        hext = ou_mallocarray(3 * hd->max_labels + 1, sizeof *hext);
        tleaf = ou_mallocarray(card + 1, sizeof *tleaf);
        if (hbase == NULL || hext == NULL || tleaf == NULL) {
            rc = ou_nomem(err);
            goto done;
        }
        for (size_t v = 0; v < ref.card; v++) {
            hbase[hd->leaf[v]] -= (double)ref.freq[v] / ref.n;
        }
        for (size_t v = 0; v < card; v++) {
            tleaf[v] = hd->leaf[ref.map != NULL ? ref.map[v] : v];
        }
    } else {
        q = ou_mallocarray(card ? card : 1, sizeof *q);
        if (q == NULL) {
            rc = ou_nomem(err);
            goto done;
        }
        for (size_t v = 0; v < card; v++) {
            q[v] = (double)ref.freq[ref.map != NULL ? ref.map[v] : v] / ref.n;
        }
        x.q = q;
    }

    out->distinct_l = SIZE_MAX;
    out->entropy_l = INFINITY;
    out->recursive_c = 0;
    out->t = -1;
    uint32_t distinct_row = UINT32_MAX, t_row = UINT32_MAX;
    for (size_t j = 0; j < u; j++) {
        /* The class's distinct values with their counts; stamp[v] == j marks v as seen. */
        pair *v = pairs;
        size_t k = 0, size = classes->weight[j];
        for (size_t i = start[j]; i < start[j + 1]; i++) {
            uint32_t value = by_class[i];
            if (stamp[value] != (uint32_t)j) {
                stamp[value] = (uint32_t)j;
                slot[value] = (uint32_t)k;
                v[k++] = (pair){value, 0};
            }
            v[slot[value]].count++;
        }
        double fs = (double)size;
        /* distinct */
        /* Ties go to the class that appears first in the table, whatever the group ids. */
        uint32_t row = classes->first[j];
        if (k < out->distinct_l || (k == out->distinct_l && row < distinct_row)) {
            out->distinct_l = k;
            distinct_row = row;
            out->worst_distinct_class_size = size;
        }
        out->distinct_records[(k < OUTIS_L_BUCKETS ? k : OUTIS_L_BUCKETS) - 1] += size;
        /* the measures of criteria.c, the search's own */
        for (size_t i = 0; i < k; i++) {
            cnt[i] = aux[i] = (double)v[i].count;
        }
        const double el = crit_entropy_l(cnt, k, fs);
        out->entropy_l = el < out->entropy_l ? el : out->entropy_l;
        size_t eb = (size_t)floor(el + 1e-9);
        eb = eb < 1 ? 1 : eb;
        out->entropy_records[(eb < OUTIS_L_BUCKETS ? eb : OUTIS_L_BUCKETS) - 1] += size;
        const double c = crit_recursive_c(aux, k, l); /* sorts aux */
        out->recursive_c = c > out->recursive_c ? c : out->recursive_c;
        double d;
        if (dist == OUTIS_T_ORDERED) {
            for (size_t i = 0; i < k; i++) {
                rk[i] = (crit_rank){x.rank[v[i].value], cnt[i]};
            }
            d = crit_emd_ordered(x.sq, x.m, rk, k, fs);
        } else if (dist == OUTIS_T_HIERARCHICAL) {
            d = emd_hier(hd, tleaf, hbase, hext, v, k, size);
        } else {
            for (size_t i = 0; i < k; i++) {
                aux[i] = x.q[v[i].value];
            }
            d = crit_emd_equal(cnt, aux, k, fs);
        }
        if (d > out->t || (d == out->t && row < t_row)) {
            out->t = d;
            t_row = row;
            out->worst_t_class_size = size;
        }
        size_t tb = (size_t)floor(d * OUTIS_T_BUCKETS + 1e-9);
        out->t_records[tb < OUTIS_T_BUCKETS ? tb : OUTIS_T_BUCKETS - 1] += size;
    }
done:
    ou_free(by_class);
    ou_free(stamp);
    ou_free(slot);
    ou_free(freq);
    ou_free(start);
    ou_free(pairs);
    ou_free(cnt);
    ou_free(aux);
    ou_free(rk);
    ou_free(rank);
    ou_free(rrank);
    ou_free(q);
    ou_free(sq);
    ou_free(hbase);
    ou_free(hext);
    ou_free(tleaf);
    if (hd != NULL) {
        hier_dist_free(hd);
        ou_free(hd);
    }
    ref_free(&ref);
    return rc;
}

/* Ranks the reference's values by number and builds the cumulative table distribution. */
static int prepare_ordered(sa_ctx *x, uint32_t **rank, double **q, double **sq, const size_t *freq,
                           outis_error *err)
{
    const size_t m = x->m;
    *rank = ou_mallocarray(m ? m : 1, sizeof **rank);
    *q = ou_calloc(m ? m : 1, sizeof **q);
    *sq = ou_mallocarray(m + 1, sizeof **sq);
    if (*rank == NULL || *q == NULL || *sq == NULL) {
        return ou_nomem(err);
    }
    size_t present = 0;
    const int rc = crit_numeric_ranks(*rank, &present, x->t, x->col, freq, err);
    if (rc < 0) {
        return rc;
    }
    for (size_t v = 0; v < m; v++) { /* by rank, then cumulative */
        if ((*rank)[v] != UINT32_MAX) {
            (*q)[(*rank)[v]] = (double)freq[v] / x->n;
        }
    }
    double cum = 0;
    (*sq)[0] = 0;
    for (size_t i = 0; i < present; i++) {
        cum += (*q)[i];
        (*q)[i] = cum;
        (*sq)[i + 1] = (*sq)[i] + cum;
    }
    x->m = present;
    x->rank = *rank;
    x->q = *q;
    x->sq = *sq;
    return 0;
}
