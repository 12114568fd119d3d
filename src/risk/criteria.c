/* criteria.c - l-diversity and t-closeness of one class (Machanavajjhala et al. 2007; Li et
 * al. 2007); see criteria.h. */
#include "criteria.h"

#include "util/alloc.h"
#include "util/error_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct numval {
    double v;
    uint32_t code;
    const char *text;
    size_t len;
} numval;

static int cmp_numval(const void *a, const void *b)
{
    const numval *x = a, *y = b;
    if (x->v != y->v) {
        return x->v < y->v ? -1 : 1;
    }
    /* equal numbers written differently: by their text, not by the dictionary's codes */
    const size_t n = x->len < y->len ? x->len : y->len;
    const int c = memcmp(x->text, y->text, n);
    return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

int crit_numeric_ranks(uint32_t *rank, size_t *m, const outis_table *t, size_t col,
                       const size_t *freq, outis_error *err)
{
    const size_t card = outis_table_cardinality(t, col);
    numval *nv = ou_mallocarray(card + 1, sizeof *nv);
    if (nv == NULL) {
        return ou_nomem(err);
    }
    const uint32_t missing = outis_table_missing_code(t, col);
    size_t present = 0;
    for (uint32_t v = 0; v < card; v++) {
        rank[v] = UINT32_MAX;
        if (freq != NULL && freq[v] == 0) {
            continue;
        }
        size_t len;
        const char *s = outis_table_value(t, col, v, &len);
        double d = -INFINITY; /* missing: first */
        if (v != missing) {
            char buf[64], *end = buf;
            if (len > 0 && len < sizeof buf) {
                memcpy(buf, s, len);
                buf[len] = '\0';
                d = strtod(buf, &end);
            }
            if (len == 0 || len >= sizeof buf || *end != '\0' || !isfinite(d)) {
                ou_free(nv);
                return ou_err(err, OUTIS_EINVAL,
                              "sensitive column '%s' is not numeric: ordered distance needs "
                              "numbers",
                              outis_table_column_name(t, col));
            }
        }
        nv[present++] = (numval){d, v, s, len};
    }
    qsort(nv, present, sizeof *nv, cmp_numval);
    for (size_t i = 0; i < present; i++) {
        rank[nv[i].code] = (uint32_t)i;
    }
    *m = present;
    ou_free(nv);
    return 0;
}

double crit_entropy_l(const double *count, size_t k, double size)
{
    if (k <= 1) {
        return 1;
    }
    double s = 0; /* H = ln|E| - (1/|E|) sum c ln c */
    for (size_t i = 0; i < k; i++) {
        s += count[i] * log(count[i]);
    }
    return exp(log(size) - s / size);
}

static int cmp_desc(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

double crit_recursive_c(double *count, size_t k, size_t l)
{
    if (k < l || l == 0) {
        return INFINITY;
    }
    if (k <= 16) { /* most classes hold few values: insertion sort, no calls */
        for (size_t i = 1; i < k; i++) {
            const double c = count[i];
            size_t at = i;
            for (; at > 0 && count[at - 1] < c; at--) {
                count[at] = count[at - 1];
            }
            count[at] = c;
        }
    } else {
        qsort(count, k, sizeof *count, cmp_desc);
    }
    double tail = 0;
    for (size_t i = l - 1; i < k; i++) {
        tail += count[i];
    }
    return count[0] / tail;
}

double crit_emd_equal(const double *count, const double *q, size_t k, double size)
{
    double s = 1;
    for (size_t i = 0; i < k; i++) {
        s += fabs(count[i] / size - q[i]) - q[i];
    }
    const double d = s / 2;
    return d < 0 ? 0 : (d > 1 ? 1 : d);
}

/* Sum over i in [a, b) of |p - Q_i|, Q non-decreasing: a binary search for the crossing,
 * then prefix sums of Q. */
static double abs_sum(const double *sq, double p, size_t a, size_t b)
{
    size_t lo = a, hi = b;
    while (lo < hi) { /* first i with Q_i >= p */
        const size_t mid = lo + (hi - lo) / 2;
        if (sq[mid + 1] - sq[mid] < p) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return p * (double)(lo - a) - (sq[lo] - sq[a]) + (sq[b] - sq[lo]) - p * (double)(b - lo);
}

static int cmp_rank(const void *a, const void *b)
{
    const uint32_t x = ((const crit_rank *)a)->rank, y = ((const crit_rank *)b)->rank;
    return (x > y) - (x < y);
}

double crit_emd_ordered(const double *sq, size_t m, crit_rank *v, size_t k, double size)
{
    if (m <= 1) {
        return 0;
    }
    if (k <= 16) { /* most classes hold few values: insertion sort, no calls */
        for (size_t i = 1; i < k; i++) {
            const crit_rank x = v[i];
            size_t at = i;
            for (; at > 0 && v[at - 1].rank > x.rank; at--) {
                v[at] = v[at - 1];
            }
            v[at] = x;
        }
    } else {
        qsort(v, k, sizeof *v, cmp_rank);
    }
    /* P is constant between the class's values: each run costs a binary search */
    double total = 0, p = 0;
    size_t at = 0;
    for (size_t i = 0; i < k; i++) {
        total += abs_sum(sq, p, at, v[i].rank);
        p += v[i].count / size;
        at = v[i].rank;
    }
    total += abs_sum(sq, p, at, m);
    const double d = total / (double)(m - 1); /* the last term, |1 - 1|, may leave a trace */
    return d < 0 ? 0 : (d > 1 ? 1 : d);
}
