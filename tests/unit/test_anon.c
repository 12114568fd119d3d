/* test_anon.c - the optimal generalisation search: the optimum and score ARX 3.9.2 finds on
 * the shared adult dataset (REFERENCES section 8), and an independent exhaustive search over
 * every node of random small lattices (classes counted from the rows' strings, ARX's loss
 * computed from its definition) that must agree with the search on node, score and
 * suppressed records. */
#include "testutil.h"

#include "anon/hbuild.h"
#include "anon/prepare.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- adult against ARX ---- */

typedef struct adult {
    outis_table *t;
    outis_hierarchy *h[8];
    size_t qi[8], occupation;
} adult;

static void adult_load(adult *a)
{
    static const char *const names[8] = {
        "sex",       "age",       "race", "marital-status", "education", "native-country",
        "workclass", "occupation"};
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    static const char *const no_na[] = {"\x01"};
    o.na = no_na;
    o.na_count = 1;
    outis_error err;
    assert_int_equal(outis_table_read_csv(&a->t, OUTIS_SHARED_DATA "/adult/adult.csv", &o, &err),
                     0);
    for (size_t i = 0; i < 8; i++) {
        char path[256];
        snprintf(path, sizeof path, OUTIS_SHARED_DATA "/adult/adult_hierarchy_%s.csv", names[i]);
        if (outis_hierarchy_read(&a->h[i], path, &err) != 0) {
            fail_msg("%s: %s", path, err.message);
        }
        a->qi[i] = col(a->t, names[i]);
    }
    a->occupation = a->qi[7];
}

static void adult_free(adult *a)
{
    for (size_t i = 0; i < 8; i++) {
        outis_hierarchy_free(a->h[i]);
    }
    outis_table_free(a->t);
}

static void expect_optimum(const adult *a, size_t nq, double supp, double l, const char *levels,
                           size_t suppressed, double score)
{
    outis_anon_options o = OUTIS_ANON_OPTIONS_INIT;
    o.qi = a->qi;
    o.hierarchies = (const outis_hierarchy *const *)a->h;
    o.qi_count = nq;
    o.k = 5;
    o.suppression = supp;
    if (l > 0) {
        o.l_kind = OUTIS_L_DISTINCT;
        o.l = l;
        o.sensitive = &a->occupation;
        o.sensitive_count = 1;
    }
    outis_anon *r = NULL;
    outis_error err;
    if (outis_anonymize(&r, a->t, &o, &err) != 0) {
        fail_msg("anonymize: %s", err.message);
    }
    char got[64];
    size_t at = 0;
    for (size_t i = 0; i < nq; i++) {
        at += (size_t)snprintf(got + at, sizeof got - at, "%s%zu", i ? "," : "",
                               outis_anon_level(r, i));
    }
    assert_string_equal(got, levels);
    assert_int_equal(outis_anon_get_summary(r)->suppressed, suppressed);
    assert_near(outis_anon_get_summary(r)->score, score, 5e-5);
    outis_anon_free(r);
}

/* REFERENCES section 8 (ARX 3.9.2, loss metric, geometric mean). */
static void test_adult_matches_arx(void **state)
{
    (void)state;
    adult a;
    adult_load(&a);
    expect_optimum(&a, 8, 0, 0, "0,4,0,2,3,2,2,1", 0, 0.5916);
    expect_optimum(&a, 8, 0.05, 0, "0,3,0,0,1,1,1,2", 1458, 0.2519);
    expect_optimum(&a, 7, 0, 3, "0,4,0,1,3,2,2", 0, 0.5644);
    expect_optimum(&a, 7, 0.05, 3, "0,3,0,0,2,1,1", 1071, 0.1814);
    adult_free(&a);
}

/* ---- an independent exhaustive search on random tables ---- */

enum { Q = 3, MAXL = 4, ROWS = 60 };

typedef struct world {
    size_t rows, levels[Q], domain[Q];
    char val[ROWS][Q][8]; /* level-0 values */
    char sens[ROWS][4];
    char lab[Q][16][MAXL][12]; /* label of value v (v0..) at level l */
} world;

/* Value v of QI i is "v<i><v>"; level l groups values by v >> l, the top is "*". */
static void make_world(world *w, uint64_t *seed)
{
    w->rows = 10 + test_rng(seed) % (ROWS - 10);
    for (size_t i = 0; i < Q; i++) {
        w->domain[i] = 2 + test_rng(seed) % 7;
        w->levels[i] = 2 + test_rng(seed) % (MAXL - 1);
        for (size_t v = 0; v < w->domain[i]; v++) {
            for (size_t l = 0; l < w->levels[i]; l++) {
                if (l + 1 == w->levels[i]) {
                    snprintf(w->lab[i][v][l], 12, "*");
                } else if (l == 0) {
                    snprintf(w->lab[i][v][l], 12, "v%u%u", (unsigned)i, (unsigned)v % 10);
                } else {
                    snprintf(w->lab[i][v][l], 12, "g%u.%u", (unsigned)l % 10,
                             (unsigned)(v >> l) % 10);
                }
            }
        }
    }
    for (size_t r = 0; r < w->rows; r++) {
        for (size_t i = 0; i < Q; i++) {
            const size_t v = test_rng(seed) % w->domain[i];
            memcpy(w->val[r][i], w->lab[i][v][0], 8);
        }
        snprintf(w->sens[r], 4, "s%d", (int)(test_rng(seed) % 4));
    }
}

static size_t value_index(const world *w, size_t i, const char *v)
{
    size_t x = 0;
    while (strcmp(w->lab[i][x][0], v) != 0) {
        x++;
    }
    return x;
}

/* Node id's levels into lv, and each row's class (the first row with the same generalised
 * labels) into cof: the oracles' classes, from the rows' label strings. */
static void node_classes(const world *w, size_t id, size_t lv[Q], size_t cof[ROWS])
{
    for (size_t i = Q; i-- > 0;) {
        lv[i] = id % w->levels[i];
        id /= w->levels[i];
    }
    for (size_t r = 0; r < w->rows; r++) {
        cof[r] = r;
        for (size_t o = 0; o < r; o++) {
            int same = 1;
            for (size_t i = 0; i < Q; i++) {
                same &= strcmp(w->lab[i][value_index(w, i, w->val[r][i])][lv[i]],
                               w->lab[i][value_index(w, i, w->val[o][i])][lv[i]]) == 0;
            }
            if (same) {
                cof[r] = cof[o];
                break;
            }
        }
    }
}

typedef struct brute {
    double score;
    size_t suppressed, sum, lv[Q];
    int found;
} brute;

/* Every node: classes from the rows' label strings, ARX's loss with suppressed cells costing
 * 1, geometric mean; the best by score, then fewer levels, then the levels' order. */
static brute exhaustive(const world *w, size_t k, double supp, size_t l)
{
    brute b = {INFINITY, 0, 0, {0}, 0};
    size_t lv[Q];
    const size_t total = w->levels[0] * w->levels[1] * w->levels[2];
    for (size_t id = 0; id < total; id++) {
        size_t csize[ROWS] = {0}, cof[ROWS], ndist[ROWS] = {0};
        node_classes(w, id, lv, cof);
        for (size_t r = 0; r < w->rows; r++) {
            csize[cof[r]]++;
        }
        for (size_t c = 0; c < w->rows; c++) { /* distinct sensitive values per class */
            for (size_t r = 0; r < w->rows; r++) {
                if (cof[r] != c) {
                    continue;
                }
                int seen = 0;
                for (size_t s = 0; s < r; s++) {
                    seen |= cof[s] == c && strcmp(w->sens[s], w->sens[r]) == 0;
                }
                ndist[c] += !seen;
            }
        }
        size_t suppressed = 0;
        int bad[ROWS];
        for (size_t r = 0; r < w->rows; r++) {
            bad[r] = csize[cof[r]] < k || (l > 0 && ndist[cof[r]] < l);
            suppressed += (size_t)bad[r];
        }
        if ((double)suppressed > supp * (double)w->rows + 1e-9) {
            continue;
        }
        double prod = 1;
        for (size_t i = 0; i < Q; i++) {
            const double n = (double)w->rows, m = (double)w->domain[i];
            double sum = 0;
            for (size_t r = 0; r < w->rows; r++) {
                const size_t v = value_index(w, i, w->val[r][i]);
                size_t under = 0;
                for (size_t u = 0; u < w->domain[i]; u++) {
                    under += strcmp(w->lab[i][u][lv[i]], w->lab[i][v][lv[i]]) == 0;
                }
                sum += bad[r] ? 1 : (double)under / m;
            }
            prod *= 1 + (m > 1 ? (sum - n / m) / (n - n / m) : (suppressed > 0));
        }
        const double score = pow(prod, 1.0 / Q) - 1;
        const size_t sum = lv[0] + lv[1] + lv[2];
        if (!b.found || score < b.score - 1e-12 ||
            (fabs(score - b.score) <= 1e-12 && sum < b.sum)) {
            b = (brute){score, suppressed, sum, {lv[0], lv[1], lv[2]}, 1};
        }
    }
    return b;
}

static outis_table *world_table(const world *w)
{
    char *csv = malloc(ROWS * 64 + 64);
    size_t at = (size_t)sprintf(csv, "a,b,c,s\n");
    for (size_t r = 0; r < w->rows; r++) {
        at += (size_t)sprintf(csv + at, "%s,%s,%s,%s\n", w->val[r][0], w->val[r][1], w->val[r][2],
                              w->sens[r]);
    }
    outis_table *t = table_from(csv, 1);
    free(csv);
    return t;
}

static outis_hierarchy *world_hierarchy(const world *w, size_t i)
{
    hier_table h = {w->domain[i], w->levels[i], NULL};
    h.cells = calloc(h.rows * h.cols, sizeof *h.cells);
    for (size_t v = 0; v < h.rows; v++) {
        for (size_t l = 0; l < h.cols; l++) {
            h.cells[v * h.cols + l] = strdup(w->lab[i][v][l]);
        }
    }
    return hierarchy_take(&h);
}

static void test_matches_exhaustive(void **state)
{
    (void)state;
    uint64_t seed = 11;
    for (int round = 0; round < 300; round++) {
        world *w = calloc(1, sizeof *w);
        make_world(w, &seed);
        const size_t k = 1 + test_rng(&seed) % 4, l = test_rng(&seed) % 3;
        const double supp = (double)(test_rng(&seed) % 3) * 0.1;
        outis_table *t = world_table(w);
        outis_hierarchy *h[Q];
        size_t qi[Q] = {0, 1, 2}, sa = 3;
        for (size_t i = 0; i < Q; i++) {
            h[i] = world_hierarchy(w, i);
        }
        outis_anon_options o = OUTIS_ANON_OPTIONS_INIT;
        o.qi = qi;
        o.hierarchies = (const outis_hierarchy *const *)h;
        o.qi_count = Q;
        o.k = k;
        o.suppression = supp;
        if (l > 0) {
            o.l_kind = OUTIS_L_DISTINCT;
            o.l = (double)l;
            o.sensitive = &sa;
            o.sensitive_count = 1;
        }
        const brute b = exhaustive(w, k, supp, l);
        outis_anon *r = NULL;
        outis_error err;
        const int rc = outis_anonymize(&r, t, &o, &err);
        if (!b.found) {
            assert_int_equal(rc, OUTIS_ELIMIT);
        } else {
            if (rc != 0) {
                fail_msg("round %d: %s", round, err.message);
            }
            const outis_anon_summary *s = outis_anon_get_summary(r);
            if (fabs(s->score - b.score) > 1e-9 || s->suppressed != b.suppressed) {
                fail_msg("round %d (k %zu, l %zu, supp %g): score %.9f supp %zu, exhaustive "
                         "%.9f supp %zu at %zu,%zu,%zu",
                         round, k, l, supp, s->score, s->suppressed, b.score, b.suppressed, b.lv[0],
                         b.lv[1], b.lv[2]);
            }
            size_t sum = 0;
            for (size_t i = 0; i < Q; i++) {
                sum += outis_anon_level(r, i);
            }
            assert_int_equal(sum, b.sum);
        }
        outis_anon_free(r);
        for (size_t i = 0; i < Q; i++) {
            outis_hierarchy_free(h[i]);
        }
        outis_table_free(t);
        free(w);
    }
}

/* ---- every criterion and metric against the exhaustive search ---- */

typedef struct crit {
    size_t k;
    int l_kind, t_kind, metric;
    double l, c, t, supp;
} crit;

/* Whether a class (counts of the 4 sensitive values) satisfies the l and t criterion. */
static int class_ok(const crit *cr, const size_t *cnt, size_t size, const double *table)
{
    size_t d = 0;
    double h = 0, r[4], emd = 0;
    for (int v = 0; v < 4; v++) {
        d += cnt[v] > 0;
        const double p = (double)cnt[v] / (double)size;
        h -= p > 0 ? p * log(p) : 0;
        r[v] = (double)cnt[v];
        emd += fabs(p - table[v]);
    }
    if (cr->l_kind == OUTIS_L_DISTINCT && (double)d < cr->l) {
        return 0;
    }
    if (cr->l_kind == OUTIS_L_ENTROPY && h < log(cr->l) - 1e-12) {
        return 0;
    }
    if (cr->l_kind == OUTIS_L_RECURSIVE) {
        for (int i = 0; i < 4; i++) { /* descending */
            for (int j = i + 1; j < 4; j++) {
                if (r[j] > r[i]) {
                    const double x = r[i];
                    r[i] = r[j];
                    r[j] = x;
                }
            }
        }
        double tail = 0;
        for (size_t i = (size_t)cr->l - 1; i < 4; i++) {
            tail += r[i];
        }
        if (d < (size_t)cr->l || !(r[0] < cr->c * tail)) {
            return 0;
        }
    }
    if (cr->t_kind == OUTIS_T_HIERARCHICAL) { /* s0,s1 -> a; s2,s3 -> b; a,b -> * */
        double e[4], node[2], hier = 0;
        for (int v = 0; v < 4; v++) {
            e[v] = (double)cnt[v] / (double)size - table[v];
        }
        for (int g = 0; g < 2; g++) {
            const double x = e[2 * g], y = e[2 * g + 1];
            const double pos = (x > 0 ? x : 0) + (y > 0 ? y : 0);
            const double neg = (x < 0 ? -x : 0) + (y < 0 ? -y : 0);
            hier += 0.5 * (pos < neg ? pos : neg); /* height 1 of 2 */
            node[g] = x + y;
        }
        const double pos = (node[0] > 0 ? node[0] : 0) + (node[1] > 0 ? node[1] : 0);
        const double neg = (node[0] < 0 ? -node[0] : 0) + (node[1] < 0 ? -node[1] : 0);
        hier += pos < neg ? pos : neg; /* the root: height 2 of 2 */
        return !(hier > cr->t + 1e-12);
    }
    return !(cr->t_kind == OUTIS_T_EQUAL && emd / 2 > cr->t + 1e-12);
}

static brute exhaustive_all(const world *w, const crit *cr)
{
    brute b = {INFINITY, 0, 0, {0}, 0};
    double table[4] = {0};
    const double n = (double)w->rows;
    for (size_t r = 0; r < w->rows; r++) {
        table[w->sens[r][1] - '0'] += 1 / n;
    }
    const size_t total = w->levels[0] * w->levels[1] * w->levels[2];
    for (size_t id = 0; id < total; id++) {
        size_t lv[Q], cof[ROWS], csize[ROWS] = {0}, cnt[ROWS][4];
        memset(cnt, 0, sizeof cnt);
        node_classes(w, id, lv, cof);
        for (size_t r = 0; r < w->rows; r++) {
            csize[cof[r]]++;
            cnt[cof[r]][w->sens[r][1] - '0']++;
        }
        size_t supp = 0, kept_classes = 0;
        int bad[ROWS] = {0};
        double dm = 0;
        for (size_t c = 0; c < w->rows; c++) {
            if (csize[c] == 0) {
                continue;
            }
            bad[c] = csize[c] < cr->k || !class_ok(cr, cnt[c], csize[c], table);
            supp += bad[c] ? csize[c] : 0;
            kept_classes += !bad[c];
            dm += bad[c] ? n * (double)csize[c] : (double)(csize[c] * csize[c]);
        }
        if ((double)supp > cr->supp * n + 1e-9) {
            continue;
        }
        double score = 0;
        if (cr->metric == OUTIS_METRIC_DISCERNIBILITY) {
            score = dm;
        } else if (cr->metric == OUTIS_METRIC_AECS) {
            score = n / (double)(kept_classes + (supp > 0));
        } else if (cr->metric == OUTIS_METRIC_ENTROPY) { /* suppressed: as at the top */
            for (size_t i = 0; i < Q; i++) {
                for (size_t r = 0; r < w->rows; r++) {
                    const size_t v = value_index(w, i, w->val[r][i]);
                    double cv = 0, cg = 0;
                    for (size_t o = 0; o < w->rows; o++) {
                        const size_t u = value_index(w, i, w->val[o][i]);
                        cv += u == v;
                        cg += strcmp(w->lab[i][u][lv[i]], w->lab[i][v][lv[i]]) == 0;
                    }
                    score -= log2(cv / (bad[cof[r]] ? n : cg));
                }
            }
        } else if (cr->metric == OUTIS_METRIC_PRECISION) {
            for (size_t i = 0; i < Q; i++) {
                const double h = (double)(w->levels[i] - 1);
                score += ((n - (double)supp) * (double)lv[i] / h + (double)supp) / n / Q;
            }
        } else { /* loss */
            double prod = 1;
            for (size_t i = 0; i < Q; i++) {
                const double m = (double)w->domain[i];
                double sum = 0;
                for (size_t r = 0; r < w->rows; r++) {
                    const size_t v = value_index(w, i, w->val[r][i]);
                    size_t under = 0;
                    for (size_t u = 0; u < w->domain[i]; u++) {
                        under += strcmp(w->lab[i][u][lv[i]], w->lab[i][v][lv[i]]) == 0;
                    }
                    sum += bad[cof[r]] ? 1 : (double)under / m;
                }
                prod *= 1 + (m > 1 ? (sum - n / m) / (n - n / m) : (supp > 0));
            }
            score = pow(prod, 1.0 / Q) - 1;
        }
        const size_t sum = lv[0] + lv[1] + lv[2];
        const double eps = 1e-12 * (fabs(b.score) > 1 ? fabs(b.score) : 1);
        if (!b.found || score < b.score - eps || (fabs(score - b.score) <= eps && sum < b.sum)) {
            b = (brute){score, supp, sum, {lv[0], lv[1], lv[2]}, 1};
        }
    }
    return b;
}

static void test_criteria_and_metrics(void **state)
{
    (void)state;
    uint64_t seed = 99;
    for (int round = 0; round < 400; round++) {
        world *w = calloc(1, sizeof *w);
        make_world(w, &seed);
        crit cr = {1 + test_rng(&seed) % 3,
                   (int)(test_rng(&seed) % 4),
                   0,
                   (int)(test_rng(&seed) % 5),
                   0,
                   0,
                   0,
                   (double)(test_rng(&seed) % 3) * 0.15};
        cr.l = cr.l_kind == OUTIS_L_NONE ? 0 : 1 + (double)(test_rng(&seed) % 3);
        cr.c = 1 + (double)(test_rng(&seed) % 4) * 0.5;
        if (test_rng(&seed) % 3 == 0) {
            cr.t_kind = test_rng(&seed) % 2 ? OUTIS_T_EQUAL : OUTIS_T_HIERARCHICAL;
            cr.t = 0.1 + (double)(test_rng(&seed) % 4) * 0.1;
        }
        hier_table sh = {4, 3, calloc(12, sizeof(char *))};
        static const char *const tree[4][3] = {
            {"s0", "a", "*"}, {"s1", "a", "*"}, {"s2", "b", "*"}, {"s3", "b", "*"}};
        for (size_t r = 0; r < 12; r++) {
            sh.cells[r] = strdup(tree[r / 3][r % 3]);
        }
        outis_hierarchy *shier = hierarchy_take(&sh);
        const outis_hierarchy *shs[1] = {shier};
        outis_table *t = world_table(w);
        outis_hierarchy *h[Q];
        size_t qi[Q] = {0, 1, 2}, sa = 3;
        for (size_t i = 0; i < Q; i++) {
            h[i] = world_hierarchy(w, i);
        }
        outis_anon_options o = OUTIS_ANON_OPTIONS_INIT;
        o.qi = qi;
        o.hierarchies = (const outis_hierarchy *const *)h;
        o.qi_count = Q;
        o.k = cr.k;
        o.suppression = cr.supp;
        o.metric = cr.metric;
        o.l_kind = cr.l_kind;
        o.l = cr.l;
        o.c = cr.c;
        o.t_kind = cr.t_kind;
        o.t = cr.t;
        o.sensitive_hierarchies = shs;
        if (cr.l_kind != OUTIS_L_NONE || cr.t_kind != OUTIS_T_NONE) {
            o.sensitive = &sa;
            o.sensitive_count = 1;
        }
        const brute b = exhaustive_all(w, &cr);
        outis_anon *r = NULL;
        outis_error err;
        const int rc = outis_anonymize(&r, t, &o, &err);
        if (!b.found) {
            if (rc != OUTIS_ELIMIT) {
                fail_msg("round %d: expected no solution, got %d", round, rc);
            }
        } else {
            if (rc != 0) {
                fail_msg("round %d: %s", round, err.message);
            }
            const outis_anon_summary *su = outis_anon_get_summary(r);
            size_t sum = 0;
            for (size_t i = 0; i < Q; i++) {
                sum += outis_anon_level(r, i);
            }
            if (fabs(su->score - b.score) > 1e-9 * (fabs(b.score) > 1 ? fabs(b.score) : 1) ||
                su->suppressed != b.suppressed || sum != b.sum) {
                fail_msg("round %d (k %zu l%d %g c %g t%d %g supp %g metric %d): score %.9f "
                         "supp %zu sum %zu; exhaustive %.9f supp %zu at %zu,%zu,%zu",
                         round, cr.k, cr.l_kind, cr.l, cr.c, cr.t_kind, cr.t, cr.supp, cr.metric,
                         su->score, su->suppressed, sum, b.score, b.suppressed, b.lv[0], b.lv[1],
                         b.lv[2]);
            }
        }
        outis_anon_free(r);
        for (size_t i = 0; i < Q; i++) {
            outis_hierarchy_free(h[i]);
        }
        outis_hierarchy_free(shier);
        outis_table_free(t);
        free(w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_exhaustive),
        cmocka_unit_test(test_criteria_and_metrics),
        cmocka_unit_test(test_adult_matches_arx),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
