/* hbuild.c - generalization hierarchies built from rules rather than read from a file:
 * numeric intervals (cuts with bottom/top coding, or widths doubling from an origin), ISO
 * dates by calendar unit, masking from the right, and trees given as child -> parent edges.
 * Each gives a hier_table (hier.h) whose row i is values[i], whose every level is a function
 * of the level below, and whose last level is the single label "*". */
#include "hbuild.h"

#include "util/alloc.h"
#include "util/bytes.h"
#include "util/dict.h"
#include "util/error_int.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Enough for any label of two numbers of up to 31 characters each. */
#define LABEL_CAP 80

/* ---- The table under construction ---- */

/* Frees what was built so far and leaves *t empty: the error path of every builder. */
static int table_fail(hier_table *t, int rc)
{
    for (size_t i = 0; t->cells != NULL && i < t->rows * t->cols; i++) {
        ou_free(t->cells[i]);
    }
    ou_free(t->cells);
    memset(t, 0, sizeof *t);
    return rc;
}

static int table_alloc(hier_table *t, size_t rows, size_t cols, outis_error *err)
{
    memset(t, 0, sizeof *t);
    if (cols != 0 && rows > SIZE_MAX / cols) {
        return ou_nomem(err);
    }
    t->cells = ou_calloc(rows * cols, sizeof *t->cells);
    if (t->cells == NULL) {
        return ou_nomem(err);
    }
    t->rows = rows;
    t->cols = cols;
    return 0;
}

/* Copies s[0..len) into cell (row, level). */
static int table_put(hier_table *t, size_t row, size_t level, const char *s, size_t len,
                     outis_error *err)
{
    assert(row < t->rows && level < t->cols && t->cells[row * t->cols + level] == NULL);
    char *c = ou_strndup(s, len);
    if (c == NULL) {
        return ou_nomem(err);
    }
    t->cells[row * t->cols + level] = c;
    return 0;
}

static int table_puts(hier_table *t, size_t row, size_t level, const char *s, outis_error *err)
{
    return table_put(t, row, level, s, strlen(s), err);
}

/* ---- Numeric intervals ---- */

/* The shortest of %.15g, %.16g, %.17g that reads back as v, so a cut given as 0.1 prints
 * "0.1" and an interval label never claims a bound it does not have. No "-0". */
static void fmt_num(char *buf, size_t cap, double v)
{
    if (v == 0) {
        v = 0; /* -0 -> 0 */
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, cap, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) {
            return;
        }
    }
}

/* v to 15 significant digits: computed bounds such as 3 * 0.1 become 0.3, and values are
 * then placed against the bound as printed. Monotonic in v. */
static double round15(double v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.15g", v);
    double r = strtod(buf, NULL);
    return r == 0 ? 0 : r;
}

/* A finite number filling the whole string (blanks around it allowed), else -1. */
static int parse_num(double *out, const char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    if (*s == '\0') {
        return -1;
    }
    char *end;
    double v = strtod(s, &end);
    while (*end == ' ' || *end == '\t') {
        end++;
    }
    if (end == s || *end != '\0' || !isfinite(v)) {
        return -1;
    }
    *out = v;
    return 0;
}

/* floor(k / 2^shift) for any sign of k. */
static int64_t floor_shift(int64_t k, unsigned shift)
{
    return k >= 0 ? k >> shift : -(((-(k + 1)) >> shift) + 1);
}

/* Bound number k of the width grid: origin + k * width, to 15 digits. */
static double grid_bound(const hier_interval_spec *s, int64_t k)
{
    return round15(s->origin + (double)k * s->width);
}

/* Buckets 0..ncuts: "<c0", "[c0, c1)", ..., ">=c_last"; buckets [lo, hi] merged. */
static void cut_label(char *buf, const hier_interval_spec *s, size_t lo, size_t hi)
{
    char a[32], b[32];
    if (lo == 0 && hi == s->ncuts) {
        snprintf(buf, LABEL_CAP, "*");
    } else if (lo == 0) {
        fmt_num(b, sizeof b, s->cuts[hi]);
        snprintf(buf, LABEL_CAP, "<%s", b);
    } else if (hi == s->ncuts) {
        fmt_num(a, sizeof a, s->cuts[lo - 1]);
        snprintf(buf, LABEL_CAP, ">=%s", a);
    } else {
        fmt_num(a, sizeof a, s->cuts[lo - 1]);
        fmt_num(b, sizeof b, s->cuts[hi]);
        snprintf(buf, LABEL_CAP, "[%s, %s)", a, b);
    }
}

static int check_cuts(const hier_interval_spec *s, outis_error *err)
{
    if (s->ncuts == 0) {
        return ou_err(err, OUTIS_EINVAL, "interval cuts: need at least one cut");
    }
    for (size_t i = 0; i < s->ncuts; i++) {
        if (!isfinite(s->cuts[i])) {
            return ou_err(err, OUTIS_EINVAL, "interval cut %zu is not a finite number", i + 1);
        }
        if (i > 0 && !(s->cuts[i] > s->cuts[i - 1])) {
            return ou_err(err, OUTIS_EINVAL, "interval cut %zu is not above cut %zu", i + 1, i);
        }
    }
    return 0;
}

/* Level l >= 1 merges 2^(l-1) neighbouring buckets, up to the level with one bucket ("*"). */
static int intervals_cuts(hier_table *out, const char *const *values, size_t n,
                          const hier_interval_spec *s, outis_error *err)
{
    int rc = check_cuts(s, err);
    if (rc < 0) {
        return rc;
    }
    const size_t buckets = s->ncuts + 1;
    size_t levels = 1;
    while (((size_t)1 << (levels - 1)) < buckets) {
        levels++;
    }
    if ((rc = table_alloc(out, n, levels + 1, err)) < 0) {
        return rc;
    }
    char label[LABEL_CAP];
    for (size_t i = 0; i < n; i++) {
        double v;
        if (parse_num(&v, values[i]) < 0) {
            return table_fail(out, ou_err(err, OUTIS_EPARSE, "value %zu is not a number", i + 1));
        }
        /* bucket b: cuts[b-1] <= v < cuts[b] */
        size_t lo = 0, hi = s->ncuts;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (v < s->cuts[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        const size_t b = lo;
        if ((rc = table_puts(out, i, 0, values[i], err)) < 0) {
            return table_fail(out, rc);
        }
        for (size_t l = 1; l <= levels; l++) {
            const size_t span = (size_t)1 << (l - 1);
            const size_t first = b / span * span;
            const size_t last = first + span - 1 < s->ncuts ? first + span - 1 : s->ncuts;
            cut_label(label, s, first, last);
            if ((rc = table_puts(out, i, l, label, err)) < 0) {
                return table_fail(out, rc);
            }
        }
    }
    return 0;
}

/* Index of the width-grid interval holding v: grid_bound(k) <= v < grid_bound(k + 1). */
static int grid_index(int64_t *out, const hier_interval_spec *s, double v)
{
    const double q = floor((v - s->origin) / s->width);
    if (!(fabs(q) < 0x1p50)) {
        return -1;
    }
    int64_t k = (int64_t)q;
    /* the division rounds and the bounds are rounded to 15 digits: a few steps at most */
    for (int steps = 0; steps < 64; steps++) {
        if (v < grid_bound(s, k)) {
            k--;
        } else if (v >= grid_bound(s, k + 1)) {
            k++;
        } else {
            *out = k;
            return 0;
        }
    }
    return -1;
}

/* Level l >= 1 holds intervals of width * 2^(l-1) from origin, each the union of two of the
 * level below; the last of them covers every value, and "*" follows. */
static int intervals_width(hier_table *out, const char *const *values, size_t n,
                           const hier_interval_spec *s, outis_error *err)
{
    if (!(s->width > 0) || !isfinite(s->width) || !isfinite(s->origin)) {
        return ou_err(err, OUTIS_EINVAL, "interval width must be a positive number");
    }
    int64_t *k = ou_mallocarray(n, sizeof *k);
    if (k == NULL) {
        return ou_nomem(err);
    }
    int rc = 0;
    int64_t kmin = 0, kmax = 0;
    for (size_t i = 0; i < n; i++) {
        double v;
        if (parse_num(&v, values[i]) < 0) {
            rc = ou_err(err, OUTIS_EPARSE, "value %zu is not a number", i + 1);
            goto done;
        }
        if (grid_index(&k[i], s, v) < 0) {
            rc = ou_err(err, OUTIS_EINVAL,
                        "interval width too small for the magnitude of value %zu", i + 1);
            goto done;
        }
        kmin = i == 0 || k[i] < kmin ? k[i] : kmin;
        kmax = i == 0 || k[i] > kmax ? k[i] : kmax;
    }
    /* Interval levels: doubling until one interval holds every value, or, for values on
     * both sides of the origin (which no interval from it spans), the two meeting there. */
    unsigned levels = 1;
    for (;; levels++) {
        const int64_t lo = floor_shift(kmin, levels - 1), hi = floor_shift(kmax, levels - 1);
        if (lo == hi || (lo == -1 && hi == 0)) {
            break;
        }
    }
    if ((rc = table_alloc(out, n, (size_t)levels + 2, err)) < 0) {
        goto done;
    }
    char label[LABEL_CAP], a[32], b[32];
    for (size_t i = 0; i < n && rc == 0; i++) {
        rc = table_puts(out, i, 0, values[i], err);
        for (unsigned l = 1; l <= levels && rc == 0; l++) {
            const int64_t first = floor_shift(k[i], l - 1) * ((int64_t)1 << (l - 1));
            fmt_num(a, sizeof a, grid_bound(s, first));
            fmt_num(b, sizeof b, grid_bound(s, first + ((int64_t)1 << (l - 1))));
            snprintf(label, sizeof label, "[%s, %s)", a, b);
            rc = table_puts(out, i, l, label, err);
        }
        if (rc == 0) {
            rc = table_puts(out, i, (size_t)levels + 1, "*", err);
        }
    }
    if (rc < 0) {
        table_fail(out, rc);
    }
done:
    ou_free(k);
    return rc;
}

int hier_intervals(hier_table *out, const char *const *values, size_t n,
                   const hier_interval_spec *spec, outis_error *err)
{
    memset(out, 0, sizeof *out);
    if (spec == NULL || (values == NULL && n > 0)) {
        return ou_err(err, OUTIS_EINVAL, "no interval specification");
    }
    return spec->cuts != NULL ? intervals_cuts(out, values, n, spec, err)
                              : intervals_width(out, values, n, spec, err);
}

/* ---- Dates ---- */

enum { DATE_DAY, DATE_MONTH, DATE_QUARTER, DATE_YEAR, DATE_DECADE, DATE_UNITS };

static const char *const date_units[DATE_UNITS] = {"day", "month", "quarter", "year", "decade"};

static int digits(const char *s, size_t len, int *out)
{
    int v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* "YYYY-MM-DD", optionally followed by "T" and a time that is not looked at. */
static int parse_date(const char *s, int *y, int *m, int *d)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) < 10 || s[4] != '-' || s[7] != '-' || (s[10] != '\0' && s[10] != 'T')) {
        return -1;
    }
    if (digits(s, 4, y) < 0 || digits(s + 5, 2, m) < 0 || digits(s + 8, 2, d) < 0) {
        return -1;
    }
    if (*m < 1 || *m > 12 || *d < 1 || *d > mdays[*m - 1]) {
        return -1;
    }
    const int leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
    return *m == 2 && *d == 29 && !leap ? -1 : 0;
}

static int date_levels(int *unit, const char *const *levels, size_t nlevels, outis_error *err)
{
    for (size_t l = 0; l < nlevels; l++) {
        unit[l] = -1;
        for (int u = 0; u < DATE_UNITS; u++) {
            if (levels[l] != NULL && strcmp(levels[l], date_units[u]) == 0) {
                unit[l] = u;
            }
        }
        if (unit[l] < 0) {
            return ou_err(err, OUTIS_EINVAL,
                          "date level %zu: expected day, month, quarter, year or decade", l + 1);
        }
        if (l > 0 && unit[l] <= unit[l - 1]) {
            return ou_err(err, OUTIS_EINVAL,
                          "date level %zu: levels must go from fine to coarse, each once", l + 1);
        }
    }
    return 0;
}

int hier_dates(hier_table *out, const char *const *values, size_t n, const char *const *levels,
               size_t nlevels, outis_error *err)
{
    memset(out, 0, sizeof *out);
    int unit[DATE_UNITS];
    if ((values == NULL && n > 0) || (levels == NULL && nlevels > 0)) {
        return ou_err(err, OUTIS_EINVAL, "no values or levels");
    }
    if (nlevels > DATE_UNITS) {
        return ou_err(err, OUTIS_EINVAL, "at most %d date levels", DATE_UNITS);
    }
    int rc = date_levels(unit, levels, nlevels, err);
    if (rc < 0 || (rc = table_alloc(out, n, nlevels + 2, err)) < 0) {
        return rc;
    }
    char label[48]; /* ints of any size, for the compiler's sake */
    for (size_t i = 0; i < n; i++) {
        int y, m, d;
        if (parse_date(values[i], &y, &m, &d) < 0) {
            rc = ou_err(err, OUTIS_EPARSE, "value %zu is not a date (YYYY-MM-DD)", i + 1);
            return table_fail(out, rc);
        }
        if ((rc = table_puts(out, i, 0, values[i], err)) < 0) {
            return table_fail(out, rc);
        }
        for (size_t l = 0; l < nlevels; l++) {
            switch (unit[l]) {
            case DATE_DAY:
                snprintf(label, sizeof label, "%04d-%02d-%02d", y, m, d);
                break;
            case DATE_MONTH:
                snprintf(label, sizeof label, "%04d-%02d", y, m);
                break;
            case DATE_QUARTER:
                snprintf(label, sizeof label, "%04d-Q%d", y, (m - 1) / 3 + 1);
                break;
            case DATE_YEAR:
                snprintf(label, sizeof label, "%04d", y);
                break;
            default:
                snprintf(label, sizeof label, "%04ds", y / 10 * 10);
                break;
            }
            if ((rc = table_puts(out, i, l + 1, label, err)) < 0) {
                return table_fail(out, rc);
            }
        }
        if ((rc = table_puts(out, i, nlevels + 1, "*", err)) < 0) {
            return table_fail(out, rc);
        }
    }
    return 0;
}

/* ---- Masking ---- */

/* Number of UTF-8 characters of a valid string: the bytes that do not continue one. */
static size_t utf8_chars(const char *s, size_t len)
{
    size_t c = 0;
    for (size_t i = 0; i < len; i++) {
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return c;
}

/* Bytes taken by the first `chars` characters of a valid string. */
static size_t utf8_bytes(const char *s, size_t chars)
{
    size_t i = 0;
    for (; s[i] != '\0'; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && chars-- == 0) {
            break;
        }
    }
    return i;
}

/* The value right-aligned in `width` characters (mask on the left), then its last `masked`
 * characters of those width replaced by mask. */
static char *mask_label(const char *v, size_t len, size_t width, size_t masked, char mask)
{
    const size_t pad = width - len, kept = width - masked;
    const size_t keep_bytes = kept > pad ? utf8_bytes(v, kept - pad) : 0;
    const size_t lead = kept > pad ? pad : kept;
    char *s = ou_malloc(lead + keep_bytes + masked + 1);
    if (s != NULL) {
        memset(s, mask, lead);
        memcpy(s + lead, v, keep_bytes);
        memset(s + lead + keep_bytes, mask, masked);
        s[lead + keep_bytes + masked] = '\0';
    }
    return s;
}

int hier_mask(hier_table *out, const char *const *values, size_t n, size_t step, char mask,
              outis_error *err)
{
    memset(out, 0, sizeof *out);
    if (values == NULL && n > 0) {
        return ou_err(err, OUTIS_EINVAL, "no values");
    }
    if (step == 0) {
        return ou_err(err, OUTIS_EINVAL, "mask step must be at least 1");
    }
    if (mask < 0x20 || mask > 0x7e) {
        return ou_err(err, OUTIS_EINVAL, "mask must be a printable ASCII character");
    }
    size_t width = 0;
    for (size_t i = 0; i < n; i++) {
        const size_t bytes = strlen(values[i]);
        if (utf8_valid_prefix(values[i], bytes) != bytes) {
            return ou_err(err, OUTIS_EPARSE, "value %zu is not valid UTF-8", i + 1);
        }
        const size_t chars = utf8_chars(values[i], bytes);
        width = chars > width ? chars : width;
    }
    const size_t levels = width / step + (width % step != 0); /* the last masks everything */
    int rc = table_alloc(out, n, levels + 2, err);
    if (rc < 0) {
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        const size_t len = utf8_chars(values[i], strlen(values[i]));
        if ((rc = table_puts(out, i, 0, values[i], err)) < 0) {
            return table_fail(out, rc);
        }
        for (size_t l = 1; l <= levels; l++) {
            const size_t masked = l < levels ? l * step : width;
            char *s = mask_label(values[i], len, width, masked, mask);
            if (s == NULL) {
                return table_fail(out, ou_nomem(err));
            }
            out->cells[i * out->cols + l] = s;
        }
        if ((rc = table_puts(out, i, levels + 1, "*", err)) < 0) {
            return table_fail(out, rc);
        }
    }
    return 0;
}

/* ---- Trees ---- */

typedef struct tree {
    dict labels;      /* every label of the edges, by code */
    uint32_t *parent; /* [code], DICT_NONE for a root */
    size_t *edge;     /* [code]: the edge that gave it its parent, for messages */
    uint32_t *depth;  /* [code]: edges up to its root */
    unsigned char *has_child, *state;
} tree;

static void tree_free(tree *t)
{
    dict_free(&t->labels);
    ou_free(t->parent);
    ou_free(t->edge);
    ou_free(t->depth);
    ou_free(t->has_child);
    ou_free(t->state);
}

static uint32_t tree_code(const tree *t, const char *s)
{
    const size_t len = strlen(s);
    return dict_find(&t->labels, s, len, dict_hash(s, len));
}

static uint32_t tree_intern(tree *t, const char *s)
{
    const size_t len = strlen(s);
    const uint64_t h = dict_hash(s, len);
    const uint32_t c = dict_find(&t->labels, s, len, h);
    return c != DICT_NONE ? c : dict_add(&t->labels, s, len, h, 0);
}

/* Codes for the labels, each child's single parent. */
static int tree_edges(tree *t, const char *const *edges, size_t nedges, outis_error *err)
{
    if (nedges > UINT32_MAX / 4) {
        return ou_err(err, OUTIS_ELIMIT, "too many tree edges");
    }
    if (dict_init(&t->labels, 2 * nedges) < 0) {
        return ou_nomem(err);
    }
    const size_t cap = 2 * nedges + 1;
    t->parent = ou_mallocarray(cap, sizeof *t->parent);
    t->edge = ou_mallocarray(cap, sizeof *t->edge);
    t->depth = ou_calloc(cap, sizeof *t->depth);
    t->has_child = ou_calloc(cap, 1);
    t->state = ou_calloc(cap, 1);
    if (!t->parent || !t->edge || !t->depth || !t->has_child || !t->state) {
        return ou_nomem(err);
    }
    for (size_t i = 0; i < 2 * nedges; i++) {
        t->parent[i] = DICT_NONE;
    }
    for (size_t e = 0; e < nedges; e++) {
        if (edges[2 * e] == NULL || edges[2 * e + 1] == NULL) {
            return ou_err(err, OUTIS_EINVAL, "tree edge %zu has no label", e + 1);
        }
        const uint32_t c = tree_intern(t, edges[2 * e]);
        const uint32_t p = c == DICT_NONE ? DICT_NONE : tree_intern(t, edges[2 * e + 1]);
        if (p == DICT_NONE) {
            return ou_nomem(err);
        }
        if (t->parent[c] != DICT_NONE && t->parent[c] != p) {
            return ou_err(err, OUTIS_EINVAL, "tree edge %zu gives a label a second parent", e + 1);
        }
        t->parent[c] = p;
        t->edge[c] = e;
        t->has_child[p] = 1;
    }
    return 0;
}

/* Depth of every label, refusing cycles: walk up to a label of known depth (state 2) or a
 * root, marking the path (state 1); meeting a marked label closes a cycle. */
static int tree_depths(tree *t, outis_error *err)
{
    for (uint32_t start = 0; start < t->labels.count; start++) {
        uint32_t c = start, steps = 0;
        while (t->state[c] == 0 && t->parent[c] != DICT_NONE) {
            t->state[c] = 1;
            c = t->parent[c];
            steps++;
        }
        if (t->state[c] == 1) {
            return ou_err(err, OUTIS_EINVAL, "the tree has a cycle through edge %zu",
                          t->edge[c] + 1);
        }
        t->state[c] = 2; /* a root (depth 0) or already known */
        const uint32_t top = c;
        for (c = start; c != top; c = t->parent[c], steps--) {
            t->depth[c] = t->depth[top] + steps;
            t->state[c] = 2;
        }
    }
    return 0;
}

/* Row i: the value, its ancestors, its root repeated down to the deepest value's depth,
 * then "*" unless the only root is "*". */
static int tree_rows(hier_table *out, const tree *t, const uint32_t *leaf, size_t n,
                     outis_error *err)
{
    uint32_t depth = 0, roots = 0, root = DICT_NONE;
    for (size_t i = 0; i < n; i++) {
        depth = t->depth[leaf[i]] > depth ? t->depth[leaf[i]] : depth;
    }
    depth = depth > 0 ? depth : 1; /* no values: still a value column and a top */
    for (uint32_t c = 0; c < t->labels.count; c++) {
        if (t->parent[c] == DICT_NONE) {
            roots++;
            root = c;
        }
    }
    const int add_star = !(roots == 1 && strcmp(t->labels.entries[root].ptr, "*") == 0);
    int rc = table_alloc(out, n, (size_t)depth + 1 + (size_t)add_star, err);
    for (size_t i = 0; i < n && rc == 0; i++) {
        uint32_t c = leaf[i];
        for (size_t l = 0; l <= depth && rc == 0; l++) {
            const dict_entry *e = &t->labels.entries[c];
            rc = table_put(out, i, l, e->ptr, e->len, err);
            c = t->parent[c] != DICT_NONE ? t->parent[c] : c;
        }
        if (rc == 0 && add_star) {
            rc = table_puts(out, i, (size_t)depth + 1, "*", err);
        }
    }
    return rc < 0 ? table_fail(out, rc) : 0;
}

int hier_tree(hier_table *out, const char *const *values, size_t n, const char *const *edges,
              size_t nedges, outis_error *err)
{
    memset(out, 0, sizeof *out);
    if ((values == NULL && n > 0) || (edges == NULL && nedges > 0)) {
        return ou_err(err, OUTIS_EINVAL, "no values or edges");
    }
    tree t;
    memset(&t, 0, sizeof t);
    uint32_t *leaf = ou_mallocarray(n, sizeof *leaf);
    int rc = leaf == NULL ? ou_nomem(err) : tree_edges(&t, edges, nedges, err);
    if (rc < 0 || (rc = tree_depths(&t, err)) < 0) {
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        leaf[i] = tree_code(&t, values[i]);
        if (leaf[i] == DICT_NONE) {
            rc = ou_err(err, OUTIS_EINVAL, "value %zu is not in the tree", i + 1);
            goto done;
        }
        if (t.has_child[leaf[i]]) {
            rc = ou_err(err, OUTIS_EINVAL, "value %zu is not a leaf of the tree", i + 1);
            goto done;
        }
    }
    rc = tree_rows(out, &t, leaf, n, err);
done:
    ou_free(leaf);
    tree_free(&t);
    return rc;
}
