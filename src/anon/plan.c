/* plan.c - what an anonymisation plan needs besides the search, over public handles: hierarchies
 * built from rules over a column's values (hbuild.c), microaggregation of a column (mdav.c),
 * key files, and the value transformations of transform.h behind one handle. */
#include "anon_int.h"
#include "mdav.h"
#include "prepare.h"
#include "transform.h"

#include "util/alloc.h"
#include "util/dict.h"
#include "util/error_int.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- hierarchies from rules ---- */

/* The distinct values of a column but the missing one, NUL-terminated, in code order. */
typedef struct col_values {
    const char **v;
    uint32_t *code; /* [n] the code of each value */
    size_t n;
    char *buf;
} col_values;

static void col_values_free(col_values *c)
{
    ou_free(c->v);
    ou_free(c->code);
    ou_free(c->buf);
    memset(c, 0, sizeof *c);
}

static int col_values_get(col_values *c, const outis_table *t, size_t col, outis_error *err)
{
    memset(c, 0, sizeof *c);
    const size_t card = outis_table_cardinality(t, col);
    const uint32_t missing = outis_table_missing_code(t, col);
    size_t bytes = 1;
    for (uint32_t k = 0; k < card; k++) {
        size_t len;
        outis_table_value(t, col, k, &len);
        bytes += len + 1;
    }
    c->v = ou_mallocarray(card + 1, sizeof *c->v);
    c->code = ou_mallocarray(card + 1, sizeof *c->code);
    c->buf = ou_malloc(bytes);
    if (c->v == NULL || c->code == NULL || c->buf == NULL) {
        col_values_free(c);
        return ou_nomem(err);
    }
    char *w = c->buf;
    for (uint32_t k = 0; k < card; k++) {
        size_t len;
        const char *s = outis_table_value(t, col, k, &len);
        if (k == missing) {
            continue;
        }
        memcpy(w, s, len);
        w[len] = '\0';
        c->code[c->n] = k;
        c->v[c->n++] = w;
        w += len + 1;
    }
    return 0;
}

/* The first record (from 1) whose code is code. */
static size_t first_record(const outis_table *t, size_t col, uint32_t code)
{
    const uint32_t *codes = outis_table_codes(t, col);
    for (size_t r = 0; r < outis_table_rows(t); r++) {
        if (codes[r] == code) {
            return r + 1;
        }
    }
    return 0;
}

static int build_rule(hier_table *out, const char *const *values, size_t n,
                      const outis_hierarchy_rule *r, outis_error *err)
{
    switch (r->kind) {
    case OUTIS_RULE_INTERVALS: {
        const hier_interval_spec spec = {r->width, r->origin, r->cuts, r->cut_count};
        return hier_intervals(out, values, n, &spec, err);
    }
    case OUTIS_RULE_DATES:
        return hier_dates(out, values, n, r->levels, r->level_count, err);
    case OUTIS_RULE_MASK:
        return hier_mask(out, values, n, r->step, r->mask, err);
    case OUTIS_RULE_TREE:
        return hier_tree(out, values, n, r->edges, r->edge_count, err);
    default:
        return ou_err(err, OUTIS_EINVAL, "unknown hierarchy rule");
    }
}

/* A builder names a bad value by its position; find it and name its record instead. */
static int name_record(const outis_table *t, size_t col, const col_values *c,
                       const outis_hierarchy_rule *r, int rc, outis_error *err)
{
    for (size_t i = 0; i < c->n; i++) {
        hier_table one;
        outis_error e1;
        const int rc1 = build_rule(&one, &c->v[i], 1, r, &e1);
        hier_table_free(&one);
        if (rc1 == OUTIS_ENOMEM) {
            return ou_nomem(err);
        }
        const char *at = strstr(e1.message, "value 1");
        if (rc1 == rc && at != NULL && (at[7] < '0' || at[7] > '9')) {
            return ou_err(err, rc, "%.*srecord %zu%.150s", (int)(at - e1.message), e1.message,
                          first_record(t, col, c->code[i]), at + 7);
        }
    }
    return rc; /* the whole set is at fault: the builder's message stands */
}

/* Values a tree does not hold as leaves, named as the search names values a hierarchy file
 * lacks (the first five). */
static int tree_covers(const col_values *c, const outis_hierarchy_rule *r, outis_error *err)
{
    dict child, parent;
    if (dict_init(&child, r->edge_count + 1) < 0) {
        return ou_nomem(err);
    }
    if (dict_init(&parent, r->edge_count + 1) < 0) {
        dict_free(&child);
        return ou_nomem(err);
    }
    int rc = 0;
    for (size_t e = 0; e < r->edge_count && rc == 0; e++) {
        for (int side = 0; side < 2; side++) {
            dict *d = side ? &parent : &child;
            const char *s = r->edges[2 * e + (size_t)side];
            const size_t len = s != NULL ? strlen(s) : 0;
            const uint64_t h = dict_hash(s != NULL ? s : "", len);
            if (s != NULL && dict_find(d, s, len, h) == DICT_NONE &&
                dict_add(d, s, len, h, 0) == DICT_NONE) {
                rc = ou_nomem(err);
            }
        }
    }
    size_t missing = 0, inner = 0, at = 0;
    char msg[200] = "";
    const char *branch = NULL;
    for (size_t i = 0; i < c->n && rc == 0; i++) {
        const size_t len = strlen(c->v[i]);
        const uint64_t h = dict_hash(c->v[i], len);
        if (dict_find(&child, c->v[i], len, h) == DICT_NONE &&
            dict_find(&parent, c->v[i], len, h) == DICT_NONE) {
            if (++missing <= 5 && at < sizeof msg) {
                at += (size_t)snprintf(msg + at, sizeof msg - at, "%s'%.24s'",
                                       missing > 1 ? ", " : "", c->v[i]);
            }
        } else if (dict_find(&parent, c->v[i], len, h) != DICT_NONE && inner++ == 0) {
            branch = c->v[i];
        }
    }
    if (rc == 0 && missing > 0) {
        rc = ou_err(err, OUTIS_EINVAL, "the tree does not cover %zu value%s of the column: %s%s",
                    missing, missing == 1 ? "" : "s", msg, missing > 5 ? ", ..." : "");
    } else if (rc == 0 && inner > 0) {
        rc = ou_err(err, OUTIS_EINVAL,
                    "%zu value%s of the column %s children in the tree, such as '%.24s' (values "
                    "must be leaves)",
                    inner, inner == 1 ? "" : "s", inner == 1 ? "has" : "have", branch);
    }
    dict_free(&child);
    dict_free(&parent);
    return rc;
}

/* Every value, then "*". */
static int build_top(hier_table *out, const char *const *values, size_t n, outis_error *err)
{
    memset(out, 0, sizeof *out);
    out->cells = ou_calloc(2 * n + 1, sizeof *out->cells);
    if (out->cells == NULL) {
        return ou_nomem(err);
    }
    out->rows = n;
    out->cols = 2;
    for (size_t i = 0; i < n; i++) {
        out->cells[2 * i] = ou_strndup(values[i], strlen(values[i]));
        out->cells[2 * i + 1] = ou_strndup("*", 1);
        if (out->cells[2 * i] == NULL || out->cells[2 * i + 1] == NULL) {
            hier_table_free(out);
            return ou_nomem(err);
        }
    }
    return 0;
}

/* Appends the row of the missing value: its text at every level but the last, "*" there. */
static int add_missing(hier_table *h, const char *text, size_t len, outis_error *err)
{
    const size_t cols = h->rows > 0 ? h->cols : 2;
    char **cells = ou_calloc((h->rows + 1) * cols, sizeof *cells);
    if (cells == NULL) {
        return ou_nomem(err);
    }
    for (size_t l = 0; l < cols; l++) {
        cells[h->rows * cols + l] = l + 1 < cols ? ou_strndup(text, len) : ou_strndup("*", 1);
        if (cells[h->rows * cols + l] == NULL) {
            for (size_t k = 0; k < l; k++) {
                ou_free(cells[h->rows * cols + k]);
            }
            ou_free(cells);
            return ou_nomem(err);
        }
    }
    if (h->rows > 0) {
        memcpy(cells, h->cells, h->rows * cols * sizeof *cells);
    }
    ou_free(h->cells);
    h->cells = cells;
    h->cols = cols;
    h->rows++;
    return 0;
}

int outis_hierarchy_build(outis_hierarchy **out, const outis_table *table, size_t col,
                          const outis_hierarchy_rule *rule, outis_error *err)
{
    if (out == NULL || table == NULL || rule == NULL || col >= outis_table_columns(table) ||
        outis_table_codes(table, col) == NULL) {
        return ou_err(err, OUTIS_EINVAL, "hierarchy: bad argument");
    }
    *out = NULL;
    if (rule->version != OUTIS_HIERARCHY_RULE_VERSION) {
        return ou_err(err, OUTIS_EINVAL, "hierarchy rule version %d is not supported",
                      rule->version);
    }
    if (rule->kind < OUTIS_RULE_INTERVALS || rule->kind > OUTIS_RULE_TOP) {
        return ou_err(err, OUTIS_EINVAL, "unknown hierarchy rule %d", rule->kind);
    }
    col_values c;
    int rc = col_values_get(&c, table, col, err);
    if (rc < 0) {
        return rc;
    }
    hier_table h;
    memset(&h, 0, sizeof h);
    if (rule->kind == OUTIS_RULE_TREE) {
        rc = tree_covers(&c, rule, err);
    }
    if (rc == 0 && c.n > 0) {
        rc = rule->kind == OUTIS_RULE_TOP ? build_top(&h, c.v, c.n, err)
                                          : build_rule(&h, c.v, c.n, rule, err);
        if (rc < 0 && rc != OUTIS_ENOMEM && rule->kind != OUTIS_RULE_TOP) {
            rc = name_record(table, col, &c, rule, rc, err);
        }
    }
    const uint32_t missing = outis_table_missing_code(table, col);
    if (rc == 0 && missing != UINT32_MAX) {
        size_t len;
        const char *text = outis_table_value(table, col, missing, &len);
        rc = add_missing(&h, text, len, err);
    }
    col_values_free(&c);
    if (rc == 0 && (*out = hierarchy_take(&h)) == NULL) {
        rc = ou_nomem(err);
    }
    hier_table_free(&h);
    return rc;
}

/* ---- microaggregation ---- */

static int parse_number(double *out, const char *s, size_t len)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf) {
        return -1;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    *out = strtod(buf, &end);
    return end == buf + len && isfinite(*out) ? 0 : -1;
}

/* One column's values as numbers by code (NaN: missing); OUTIS_EPARSE naming the record of
 * the first value that is not a number. */
static int column_numbers(double **out, const outis_table *table, size_t col, int named,
                          outis_error *err)
{
    const size_t rows = outis_table_rows(table), card = outis_table_cardinality(table, col);
    const uint32_t *codes = outis_table_codes(table, col);
    const uint32_t missing = outis_table_missing_code(table, col);
    double *num = ou_mallocarray(card + 1, sizeof *num);
    if (num == NULL) {
        return ou_nomem(err);
    }
    for (uint32_t c = 0; c < card; c++) {
        size_t len;
        const char *s = outis_table_value(table, col, c, &len);
        num[c] = NAN;
        if (c != missing && parse_number(&num[c], s, len) < 0) {
            num[c] = INFINITY; /* not a number: found below, by record */
        }
    }
    for (size_t r = 0; r < rows; r++) {
        if (isinf(num[codes[r]])) {
            ou_free(num);
            return named ? ou_err(err, OUTIS_EPARSE, "column '%s', record %zu: not a number",
                                  outis_table_column_name(table, col), r + 1)
                         : ou_err(err, OUTIS_EPARSE, "record %zu is not a number", r + 1);
        }
    }
    *out = num;
    return 0;
}

/* Rows by which of the columns they miss (a bit per column), patterns in order of first
 * appearance: each pattern's rows are grouped on their present columns alone. */
static int cmp_pattern(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b; /* (pattern, row) */
    return x[0] != y[0] ? (x[0] > y[0]) - (x[0] < y[0]) : (x[1] > y[1]) - (x[1] < y[1]);
}

int outis_anon_microaggregate(double *out, const outis_table *table, const size_t *cols,
                              size_t ncols, size_t k, outis_error *err)
{
    if (out == NULL || table == NULL || cols == NULL || ncols == 0 || ncols > 64) {
        return ou_err(err, OUTIS_EINVAL, "microaggregation: bad argument (1 to 64 columns)");
    }
    for (size_t j = 0; j < ncols; j++) {
        if (cols[j] >= outis_table_columns(table) || outis_table_codes(table, cols[j]) == NULL) {
            return ou_err(err, OUTIS_EINVAL, "microaggregation: bad column");
        }
    }
    if (k < 2) {
        return ou_err(err, OUTIS_EINVAL, "microaggregation: k must be at least 2");
    }
    const size_t rows = outis_table_rows(table);
    double **num = ou_calloc(ncols, sizeof *num);
    uint64_t *pr = ou_mallocarray(2 * rows + 2, sizeof *pr); /* (pattern, row) pairs */
    double *x = ou_mallocarray(rows * ncols + 1, sizeof *x);
    uint32_t *group = ou_mallocarray(rows + 1, sizeof *group);
    int rc = num == NULL || pr == NULL || x == NULL || group == NULL ? ou_nomem(err) : 0;
    for (size_t j = 0; rc == 0 && j < ncols; j++) {
        rc = column_numbers(&num[j], table, cols[j], ncols > 1, err);
    }
    for (size_t r = 0; rc == 0 && r < rows; r++) {
        uint64_t pat = 0;
        for (size_t j = 0; j < ncols; j++) {
            const double v = num[j][outis_table_codes(table, cols[j])[r]];
            pat |= (uint64_t)isnan(v) << j;
            out[r * ncols + j] = NAN;
        }
        pr[2 * r] = pat;
        pr[2 * r + 1] = r;
    }
    if (rc == 0) {
        qsort(pr, rows, 2 * sizeof *pr, cmp_pattern);
    }
    const uint64_t all = ncols == 64 ? UINT64_MAX : ((uint64_t)1 << ncols) - 1;
    for (size_t at = 0; rc == 0 && at < rows;) {
        const uint64_t pat = pr[2 * at];
        size_t end = at;
        while (end < rows && pr[2 * end] == pat) {
            end++;
        }
        const size_t m = end - at;
        if (pat != all) { /* rows missing every column stay missing */
            size_t d = 0, present[64];
            for (size_t j = 0; j < ncols; j++) {
                if (!(pat >> j & 1)) {
                    present[d++] = j;
                }
            }
            if (m < k && ncols == 1) {
                rc = ou_err(err, OUTIS_EINVAL, "%zu value%s, fewer than k = %zu", m,
                            m == 1 ? "" : "s", k);
                break;
            }
            if (m < k) {
                rc = ou_err(err, OUTIS_EINVAL,
                            "%zu record%s with %s: fewer than k = %zu to form a group", m,
                            m == 1 ? "" : "s",
                            pat == 0 ? "every value present" : "these values missing", k);
                break;
            }
            for (size_t i = 0; i < m; i++) {
                const size_t r = (size_t)pr[2 * (at + i) + 1];
                for (size_t e = 0; e < d; e++) {
                    x[i * d + e] = num[present[e]][outis_table_codes(table, cols[present[e]])[r]];
                }
            }
            size_t groups = 0;
            if ((rc = anon_mdav(group, &groups, x, m, d, k, err)) < 0) {
                break;
            }
            anon_mdav_means(x, x, m, d, group, groups);
            for (size_t i = 0; i < m; i++) {
                const size_t r = (size_t)pr[2 * (at + i) + 1];
                for (size_t e = 0; e < d; e++) {
                    out[r * ncols + present[e]] = x[i * d + e];
                }
            }
        }
        at = end;
    }
    for (size_t j = 0; num != NULL && j < ncols; j++) {
        ou_free(num[j]);
    }
    ou_free(num);
    ou_free(pr);
    ou_free(x);
    ou_free(group);
    return rc;
}

/* ---- keys ---- */

struct outis_key {
    unsigned char k[ANON_KEY_BYTES];
};

int outis_key_read(outis_key **out, const char *path, outis_error *err)
{
    if (out == NULL || path == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no key file");
    }
    *out = NULL;
    outis_key *key = ou_malloc(sizeof *key);
    if (key == NULL) {
        return ou_nomem(err);
    }
    const int rc = anon_key_read(key->k, path, err); /* wipes key->k on failure */
    if (rc < 0) {
        ou_free(key);
        return rc;
    }
    *out = key;
    return 0;
}

int outis_key_write(const char *path, outis_error *err)
{
    return anon_key_write(path, err);
}

void outis_key_free(outis_key *key)
{
    if (key != NULL) {
        sodium_memzero(key->k, sizeof key->k);
        ou_free(key);
    }
}

/* ---- value transformations ---- */

struct outis_transform {
    outis_transform_options o;
    char *domain, *alphabet;
    unsigned char key[ANON_KEY_BYTES];
    anon_ff1 *ff1;
    size_t min_numerals; /* FF1: the fewest alphabet characters a value may have */
};

void outis_transform_free(outis_transform *t)
{
    if (t != NULL) {
        anon_ff1_free(t->ff1);
        sodium_memzero(t->key, sizeof t->key);
        ou_free(t->domain);
        ou_free(t->alphabet);
        ou_free(t);
    }
}

/* FF1 gets its own key, HMAC-SHA256(key, "outis-ff1-key"): no pseudonym or date shift input
 * is that message, as each holds a 0x00 byte after its domain. */
static int ff1_setup(outis_transform *t, outis_error *err)
{
    const size_t radix = strlen(t->alphabet);
    if (radix < 2) {
        return ou_err(err, OUTIS_EINVAL, "the alphabet needs at least 2 characters");
    }
    for (size_t i = 0; i < radix; i++) {
        const unsigned char ch = (unsigned char)t->alphabet[i];
        if (ch < 0x20 || ch >= 0x7f || memchr(t->alphabet, ch, i) != NULL) {
            return ou_err(err, OUTIS_EINVAL,
                          "the alphabet must be distinct printable ASCII characters");
        }
    }
    static const char label[] = "outis-ff1-key";
    unsigned char sub[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, t->key, sizeof t->key);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)label, sizeof label - 1);
    crypto_auth_hmacsha256_final(&st, sub);
    sodium_memzero(&st, sizeof st);
    const int rc = anon_ff1_new(&t->ff1, sub, sizeof sub, (unsigned)radix, err);
    sodium_memzero(sub, sizeof sub);
    uint64_t domain = 1;
    for (t->min_numerals = 0; domain < 1000000; t->min_numerals++) {
        domain *= radix;
    }
    return rc;
}

static int transform_check(const outis_transform_options *o, const outis_key *key, outis_error *err)
{
    if (o->version != OUTIS_TRANSFORM_OPTIONS_VERSION) {
        return ou_err(err, OUTIS_EINVAL, "transform options version %d is not supported",
                      o->version);
    }
    if (o->kind < OUTIS_TRANSFORM_PSEUDONYMIZE || o->kind > OUTIS_TRANSFORM_SHIFT_DATE) {
        return ou_err(err, OUTIS_EINVAL, "unknown transformation %d", o->kind);
    }
    if (key == NULL && o->kind != OUTIS_TRANSFORM_MASK) {
        return ou_err(err, OUTIS_EINVAL, "this transformation needs a key");
    }
    if (o->kind == OUTIS_TRANSFORM_PSEUDONYMIZE) {
        if (o->encoding != OUTIS_ENCODING_HEX && o->encoding != OUTIS_ENCODING_BASE32) {
            return ou_err(err, OUTIS_EINVAL, "unknown pseudonym encoding %d", o->encoding);
        }
        const size_t full = o->encoding == OUTIS_ENCODING_HEX ? 64 : 52;
        if (o->length > full) {
            return ou_err(err, OUTIS_EINVAL, "a pseudonym has at most %zu characters in %s", full,
                          o->encoding == OUTIS_ENCODING_HEX ? "hex" : "base32");
        }
    }
    if (o->kind == OUTIS_TRANSFORM_MASK && o->mask != 0 && (o->mask < 0x20 || o->mask >= 0x7f)) {
        return ou_err(err, OUTIS_EINVAL, "the mask must be a printable ASCII character");
    }
    return 0;
}

int outis_transform_new(outis_transform **out, const outis_key *key,
                        const outis_transform_options *opts, outis_error *err)
{
    if (out == NULL || opts == NULL) {
        return ou_err(err, OUTIS_EINVAL, "transform: bad argument");
    }
    *out = NULL;
    int rc = transform_check(opts, key, err);
    if (rc < 0) {
        return rc;
    }
    outis_transform *t = ou_calloc(1, sizeof *t);
    if (t == NULL) {
        return ou_nomem(err);
    }
    t->o = *opts;
    const char *domain = opts->domain != NULL ? opts->domain : "";
    const char *alphabet = opts->alphabet != NULL ? opts->alphabet : "0123456789";
    t->domain = ou_strndup(domain, strlen(domain));
    t->alphabet = ou_strndup(alphabet, strlen(alphabet));
    t->o.domain = t->domain;
    t->o.alphabet = t->alphabet;
    t->o.mask = opts->mask != 0 ? opts->mask : '*';
    if (key != NULL) {
        memcpy(t->key, key->k, sizeof t->key);
    }
    if (t->domain == NULL || t->alphabet == NULL) {
        rc = ou_nomem(err);
    } else if (opts->kind == OUTIS_TRANSFORM_ENCRYPT || opts->kind == OUTIS_TRANSFORM_DECRYPT) {
        rc = ff1_setup(t, err);
    }
    if (rc < 0) {
        outis_transform_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

static int fpe(outis_transform *t, char *out, size_t cap, const char *value, size_t len,
               outis_error *err)
{
    if (cap <= len) {
        return ou_err(err, OUTIS_EINVAL, "transform: output buffer too small");
    }
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        n += value[i] != '\0' && strchr(t->alphabet, value[i]) != NULL;
    }
    if (n < t->min_numerals) {
        return ou_err(err, OUTIS_EINVAL,
                      "a value has %zu character%s of the alphabet; FF1 needs at least %zu (a "
                      "domain of at least 1000000 values)",
                      n, n == 1 ? "" : "s", t->min_numerals);
    }
    const int rc = anon_fpe_string(out, value, len, t->ff1, t->alphabet,
                                   t->o.kind == OUTIS_TRANSFORM_DECRYPT, err);
    if (rc == 0) {
        out[len] = '\0';
    }
    return rc;
}

int outis_transform_apply(outis_transform *t, char *out, size_t cap, size_t *out_len,
                          const char *value, size_t len, const char *person, size_t plen,
                          outis_error *err)
{
    if (t == NULL || out == NULL || out_len == NULL || (value == NULL && len > 0)) {
        return ou_err(err, OUTIS_EINVAL, "transform: bad argument");
    }
    int rc;
    switch (t->o.kind) {
    case OUTIS_TRANSFORM_PSEUDONYMIZE:
        rc = anon_pseudonym(out, cap, t->key, t->domain, value, len,
                            t->o.encoding == OUTIS_ENCODING_HEX ? ANON_HEX : ANON_BASE32,
                            t->o.length, err);
        break;
    case OUTIS_TRANSFORM_ENCRYPT:
    case OUTIS_TRANSFORM_DECRYPT:
        rc = fpe(t, out, cap, value, len, err);
        break;
    case OUTIS_TRANSFORM_MASK:
        rc = anon_mask(out, cap, value, len, t->o.keep_first, t->o.keep_last, t->o.mask, err);
        break;
    default:
        rc = anon_date_shift(out, cap, value, len, t->key, person != NULL ? person : "",
                             person != NULL ? plen : 0, t->o.max_days, err);
        break;
    }
    *out_len = rc == 0 ? strlen(out) : 0;
    return rc;
}
