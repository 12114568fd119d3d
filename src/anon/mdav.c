/* mdav.c - MDAV microaggregation (Domingo-Ferrer & Mateo-Sanz 2002, "Practical data-oriented
 * microaggregation for statistical disclosure control", IEEE TKDE 14(1); outline of sdcMicro
 * src/Mdav.cpp in REFERENCES.md 3). The records not yet grouped sit at positions in record
 * order, their z-scores attribute by attribute, so a distance pass is a vectorizable stream
 * and ties go to the lower record by scanning order. A grouped record leaves a hole whose
 * distances are NaN (never nearest, never farthest); holes close once they are an eighth of
 * the positions. z-scores sit on a grid fine enough that every sum of them is exact, so the
 * centroid is kept by subtraction and never recomputed. Per pair of groups: three distance
 * streams, one scan for the largest, and two for the nearest (one also finding s). */
#include "mdav.h"

#include "util/alloc.h"
#include "util/error_int.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#define UNGROUPED UINT32_MAX
#define HOLE UINT32_MAX

typedef struct mdav {
    double *z;          /* [d * n]: attribute j of the record at position p is z[j * n + p] */
    uint32_t *rec;      /* [m] the record at each position, ascending; HOLE once grouped */
    double *dist;       /* [m] squared distance of each position to the last point, NaN for holes */
    double *sum;        /* [d] sum of z over the records not yet grouped (exact) */
    double *point;      /* [d] the centroid or a pivot */
    size_t *heap;       /* [k - 1] positions, the farthest of the nearest on top */
    uint32_t *group_of; /* UNGROUPED until a group takes the record */
    size_t n, d, k, m, live;
    uint32_t groups;
} mdav;

/* z-scores with the population standard deviation (a constant attribute is 0 throughout,
 * tested as such since its computed mean may differ from the value by rounding), rounded to
 * multiples of 2^-q with n * max|z| * 2^q < 2^52: any sum of them is then exact, whatever
 * its order. q >= 4 for n <= 2^32 (max|z| <= sqrt(n)); for n = 10^5 and max|z| near 5 the
 * grid is 2^-32 of a standard deviation. */
static void standardize(mdav *s, const double *x)
{
    const size_t n = s->n, d = s->d;
    double zmax = 0;
    for (size_t j = 0; j < d; j++) {
        double sum = 0, ss = 0;
        int is_constant = 1;
        for (size_t i = 0; i < n; i++) {
            sum += x[i * d + j];
            is_constant &= x[i * d + j] == x[j];
        }
        const double mean = sum / (double)n;
        for (size_t i = 0; i < n; i++) {
            const double t = x[i * d + j] - mean;
            ss += t * t;
        }
        const double sd = sqrt(ss / (double)n);
        double *z = s->z + j * n;
        for (size_t i = 0; i < n; i++) {
            z[i] = is_constant || !(sd > 0) ? 0 : (x[i * d + j] - mean) / sd;
            zmax = fabs(z[i]) > zmax ? fabs(z[i]) : zmax;
        }
    }
    int en, ez;
    frexp((double)n, &en); /* n <= 2^en */
    frexp(zmax, &ez);      /* zmax <= 2^ez */
    const int q = 52 - en - ez;
    for (size_t i = 0; i < n * d; i++) {
        s->z[i] = ldexp(round(ldexp(s->z[i], q)), -q);
    }
}

/* dist[p] = squared distance from position p to point, summed attribute by attribute in
 * order. Up to three attributes a stream, so a pass reads each z once and dist at most
 * d / 3 times; the loops vectorize. */
static void distances(mdav *s)
{
    double *restrict dist = s->dist;
    const size_t m = s->m;
    for (size_t j = 0; j < s->d; j += 3) {
        const size_t w = s->d - j < 3 ? s->d - j : 3;
        const double *restrict z0 = s->z + j * s->n;
        const double *restrict z1 = w > 1 ? z0 + s->n : z0;
        const double *restrict z2 = w > 2 ? z1 + s->n : z0;
        const double a0 = s->point[j], a1 = w > 1 ? s->point[j + 1] : 0;
        const double a2 = w > 2 ? s->point[j + 2] : 0;
        const int is_more = j > 0; /* adds to the first streams' sums */
        if (w == 1) {
            for (size_t p = 0; p < m; p++) {
                const double t0 = z0[p] - a0;
                dist[p] = (is_more ? dist[p] : 0) + t0 * t0;
            }
        } else if (w == 2) {
            for (size_t p = 0; p < m; p++) {
                const double t0 = z0[p] - a0, t1 = z1[p] - a1;
                dist[p] = (is_more ? dist[p] : 0) + t0 * t0 + t1 * t1;
            }
        } else {
            for (size_t p = 0; p < m; p++) {
                const double t0 = z0[p] - a0, t1 = z1[p] - a1, t2 = z2[p] - a2;
                dist[p] = (is_more ? dist[p] : 0) + t0 * t0 + t1 * t1 + t2 * t2;
            }
        }
    }
}

/* The position of largest dist (the first of equals; holes are NaN). The maximum comes from
 * four running maxima, which is exact in any order, then a scan finds its first place. */
static size_t farthest(const mdav *s)
{
    const double *restrict dist = s->dist;
    const size_t m = s->m;
    double far[4] = {-1, -1, -1, -1};
    size_t p = 0;
    for (; p + 4 <= m; p += 4) {
        for (size_t u = 0; u < 4; u++) {
            far[u] = dist[p + u] > far[u] ? dist[p + u] : far[u];
        }
    }
    for (; p < m; p++) {
        far[0] = dist[p] > far[0] ? dist[p] : far[0];
    }
    const double a = far[0] > far[1] ? far[0] : far[1], b = far[2] > far[3] ? far[2] : far[3];
    const double top = a > b ? a : b;
    for (p = 0; p < m && dist[p] != top; p++) {
    }
    assert(p < m && s->rec[p] != HOLE);
    return p;
}

static size_t farthest_from_centroid(mdav *s)
{
    for (size_t j = 0; j < s->d; j++) {
        s->point[j] = s->sum[j] / (double)s->live;
    }
    distances(s);
    return farthest(s);
}

/* Nearer: smaller distance, then lower position (= lower record index). */
static int nearer(const mdav *s, size_t a, size_t b)
{
    return s->dist[a] < s->dist[b] || (s->dist[a] == s->dist[b] && a < b);
}

static void sift_down(mdav *s, size_t size)
{
    size_t i = 0;
    for (;;) {
        size_t top = i;
        const size_t l = 2 * i + 1, r = l + 1;
        if (l < size && nearer(s, s->heap[top], s->heap[l])) {
            top = l;
        }
        if (r < size && nearer(s, s->heap[top], s->heap[r])) {
            top = r;
        }
        if (top == i) {
            return;
        }
        const size_t t = s->heap[i];
        s->heap[i] = s->heap[top];
        s->heap[top] = t;
        i = top;
    }
}

static void sift_up(mdav *s, size_t i)
{
    while (i > 0 && nearer(s, s->heap[(i - 1) / 2], s->heap[i])) {
        const size_t parent = (i - 1) / 2, t = s->heap[i];
        s->heap[i] = s->heap[parent];
        s->heap[parent] = t;
        i = parent;
    }
}

/* The k - 1 nearest live positions by dist, into heap: a max-heap of the nearest so far,
 * which a later position enters only by being strictly nearer than its top (on a tie the
 * earlier position wins). Returns the farthest position (the first of equals). */
static size_t nearest(mdav *s)
{
    const size_t want = s->k - 1;
    size_t size = 0, far_at = SIZE_MAX;
    double worst = INFINITY, far = -1;
    for (size_t p = 0; p < s->m; p++) {
        const double t = s->dist[p];
        if (t > far) {
            far = t;
            far_at = p;
        }
        if (!(t < worst)) {
            continue;
        }
        if (size < want) {
            s->heap[size] = p;
            sift_up(s, size++);
        } else {
            s->heap[0] = p;
            sift_down(s, size);
        }
        worst = size == want ? s->dist[s->heap[0]] : INFINITY;
    }
    assert(size == want);
    return far_at;
}

static void take(mdav *s, size_t p, uint32_t g)
{
    assert(s->rec[p] != HOLE);
    s->group_of[s->rec[p]] = g;
    s->rec[p] = HOLE;
    for (size_t j = 0; j < s->d; j++) {
        s->sum[j] -= s->z[j * s->n + p];
    }
    s->z[p] = NAN; /* its distances from now on */
    s->live--;
}

/* The record at position pivot and its k - 1 nearest live records become the next group.
 * Returns the position of the live record farthest from the pivot (the first of equals), or
 * SIZE_MAX when none is left. */
static size_t group_around(mdav *s, size_t pivot)
{
    assert(s->live >= s->k);
    for (size_t j = 0; j < s->d; j++) {
        s->point[j] = s->z[j * s->n + pivot];
    }
    const uint32_t g = s->groups++;
    take(s, pivot, g);
    distances(s);
    size_t far = nearest(s);
    for (size_t i = 0; i + 1 < s->k; i++) {
        take(s, s->heap[i], g);
    }
    if (s->live > 0 && s->rec[far] == HOLE) {
        /* the farthest fell into the group (exact ties only): ask the rest */
        for (size_t i = 0; i + 1 < s->k; i++) {
            s->dist[s->heap[i]] = NAN;
        }
        far = farthest(s);
    }
    return s->live > 0 ? far : SIZE_MAX;
}

/* Closes the holes, keeping the order. */
static void compact(mdav *s)
{
    size_t m = 0;
    for (size_t p = 0; p < s->m; p++) {
        if (s->rec[p] != HOLE) {
            s->rec[m] = s->rec[p];
            for (size_t j = 0; j < s->d; j++) {
                s->z[j * s->n + m] = s->z[j * s->n + p];
            }
            m++;
        }
    }
    assert(m == s->live);
    s->m = m;
}

static void mdav_run(mdav *s)
{
    const size_t k = s->k;
    while (s->live >= 3 * k) {
        const size_t far = group_around(s, farthest_from_centroid(s)); /* r's group */
        group_around(s, far); /* s: the farthest from r among the rest */
        if (s->m - s->live > s->m / 8) {
            compact(s);
        }
    }
    if (s->live >= 2 * k) {
        group_around(s, farthest_from_centroid(s));
    }
    const uint32_t g = s->groups++;
    for (size_t p = 0; p < s->m; p++) {
        if (s->rec[p] != HOLE) {
            s->group_of[s->rec[p]] = g;
        }
    }
}

static int check_args(const double *x, size_t n, size_t d, size_t k, outis_error *err)
{
    if (d == 0) {
        return ou_err(err, OUTIS_EINVAL, "microaggregation needs at least one attribute");
    }
    if (k < 2) {
        return ou_err(err, OUTIS_EINVAL, "k must be at least 2");
    }
    if (n < k) {
        return ou_err(err, OUTIS_EINVAL, "fewer records (%zu) than k (%zu)", n, k);
    }
    if (n > UINT32_MAX) {
        return ou_err(err, OUTIS_ELIMIT, "too many records for microaggregation");
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < d; j++) {
            if (!isfinite(x[i * d + j])) {
                return ou_err(err, OUTIS_EINVAL, "record %zu, attribute %zu: not a finite number",
                              i + 1, j + 1);
            }
        }
    }
    return 0;
}

int anon_mdav(uint32_t *group_of, size_t *n_groups, const double *x, size_t n, size_t d, size_t k,
              outis_error *err)
{
    if (group_of == NULL || n_groups == NULL || (x == NULL && n > 0)) {
        return ou_err(err, OUTIS_EINVAL, "no records or no output");
    }
    int rc = check_args(x, n, d, k, err);
    if (rc < 0) {
        return rc;
    }
    mdav s = {.n = n, .d = d, .k = k, .m = n, .live = n, .group_of = group_of};
    s.z = ou_mallocarray(n * d, sizeof *s.z); /* n * d fits: x holds that many */
    s.rec = ou_mallocarray(n, sizeof *s.rec);
    s.dist = ou_mallocarray(n, sizeof *s.dist);
    s.sum = ou_calloc(d, sizeof *s.sum);
    s.point = ou_mallocarray(d, sizeof *s.point);
    s.heap = ou_mallocarray(k, sizeof *s.heap);
    if (!s.z || !s.rec || !s.dist || !s.sum || !s.point || !s.heap) {
        rc = ou_nomem(err);
        goto done;
    }
    standardize(&s, x);
    for (size_t i = 0; i < n; i++) {
        s.rec[i] = (uint32_t)i;
        group_of[i] = UNGROUPED;
        for (size_t j = 0; j < d; j++) {
            s.sum[j] += s.z[j * n + i];
        }
    }
    mdav_run(&s);
    *n_groups = s.groups;
done:
    ou_free(s.z);
    ou_free(s.rec);
    ou_free(s.dist);
    ou_free(s.sum);
    ou_free(s.point);
    ou_free(s.heap);
    return rc;
}

/* Without scratch: one group and one attribute at a time, so in-place writes touch only
 * values already summed. */
static void means_in_place(double *out, const double *x, size_t n, size_t d,
                           const uint32_t *group_of, size_t n_groups)
{
    for (size_t g = 0; g < n_groups; g++) {
        for (size_t j = 0; j < d; j++) {
            double sum = 0;
            size_t count = 0;
            for (size_t i = 0; i < n; i++) {
                if (group_of[i] == g) {
                    sum += x[i * d + j];
                    count++;
                }
            }
            for (size_t i = 0; i < n; i++) {
                if (group_of[i] == g) {
                    out[i * d + j] = sum / (double)count;
                }
            }
        }
    }
}

void anon_mdav_means(double *out, const double *x, size_t n, size_t d, const uint32_t *group_of,
                     size_t n_groups)
{
    double *sum = n_groups <= SIZE_MAX / (d ? d : 1) ? ou_calloc(n_groups * d, sizeof *sum) : NULL;
    size_t *count = ou_calloc(n_groups, sizeof *count);
    if (sum == NULL || count == NULL) {
        ou_free(sum);
        ou_free(count);
        means_in_place(out, x, n, d, group_of, n_groups);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const size_t g = group_of[i];
        assert(g < n_groups);
        count[g]++;
        for (size_t j = 0; j < d; j++) {
            sum[g * d + j] += x[i * d + j];
        }
    }
    for (size_t i = 0; i < n; i++) {
        const size_t g = group_of[i];
        for (size_t j = 0; j < d; j++) {
            out[i * d + j] = sum[g * d + j] / (double)count[g];
        }
    }
    ou_free(sum);
    ou_free(count);
}
