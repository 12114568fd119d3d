/* evaluate.c - evaluating a transformation: every snapshot tuple is generalized through the
 * level tables and counted into classes (a hash on the 128-bit mixed-radix key of its
 * labels), then each class is checked against k-anonymity, l-diversity (distinct, entropy,
 * recursive; Machanavajjhala et al. 2007) and t-closeness (equal and ordered distance; Li
 * et al. 2007) for every sensitive attribute. Classes that fail are suppressed. */
#include "evaluate.h"

#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef unsigned __int128 u128;

#define DIRECT_MAX ((size_t)1 << 20) /* key spans counted in a plain array, at most */

int anon_scratch_init(anon_scratch *x, const anon_ctx *c)
{
    memset(x, 0, sizeof *x);
    const size_t n = c->s->n;
    size_t slots = 16;
    while (slots < 2 * n) {
        slots *= 2;
    }
    size_t pairs = 0, card = 1;
    for (size_t j = 0; j < c->s->ns; j++) {
        pairs = c->s->s_start[j][n] > pairs ? c->s->s_start[j][n] : pairs;
        card = c->s->s_card[j] > card ? c->s->s_card[j] : card;
    }
    x->slots = slots;
    x->keys = ou_mallocarray(slots, sizeof *x->keys);
    x->keys64 = ou_mallocarray(n + 1, sizeof *x->keys64);
    x->seen = ou_mallocarray(n + 1, sizeof *x->seen);
    size_t cards = 1;
    for (size_t i = 0; i < c->q; i++) {
        cards += c->qis[i].card;
    }
    x->wgen = ou_mallocarray(cards, sizeof *x->wgen);
    x->direct_cap = 4 * n < 65536 ? 65536 : 4 * n > DIRECT_MAX ? DIRECT_MAX : 4 * n;
    x->direct = ou_mallocarray(x->direct_cap, sizeof *x->direct);
    if (x->direct != NULL) {
        memset(x->direct, 0xff, x->direct_cap * sizeof *x->direct);
    }
    x->slot_class = ou_mallocarray(slots, sizeof *x->slot_class);
    x->class_of = ou_mallocarray(n + 1, sizeof *x->class_of);
    x->class_size = ou_mallocarray(n + 1, sizeof *x->class_size);
    x->class_first = ou_mallocarray(n + 1, sizeof *x->class_first);
    x->class_bad = ou_mallocarray(n + 1, 1);
    x->pair_start = ou_mallocarray(n + 2, sizeof *x->pair_start);
    x->pair_val = ou_mallocarray(pairs + 1, sizeof *x->pair_val);
    x->pair_cnt = ou_mallocarray(pairs + 1, sizeof *x->pair_cnt);
    x->acc = ou_calloc(card + 1, sizeof *x->acc);
    x->touched = ou_mallocarray(card + 1, sizeof *x->touched);
    for (size_t j = 0; c->s->s_hier != NULL && j < c->s->ns; j++) {
        for (size_t l = 0; c->s->s_hier[j] != NULL && l < c->s->s_hier[j]->levels; l++) {
            const size_t nl = c->s->s_hier[j]->nlabels[l];
            x->hier_cap = nl > x->hier_cap ? nl : x->hier_cap;
        }
    }
    x->hier_ext = ou_mallocarray(3 * x->hier_cap + 1, sizeof *x->hier_ext);
    x->cnt = ou_mallocarray(card + 1, sizeof *x->cnt);
    x->aux = ou_mallocarray(card + 1, sizeof *x->aux);
    x->rk = ou_mallocarray(card + 1, sizeof *x->rk);
    if (!x->keys || !x->keys64 || !x->seen || !x->wgen || !x->direct || !x->slot_class ||
        !x->class_of || !x->class_size || !x->class_first || !x->class_bad || !x->pair_start ||
        !x->pair_val || !x->pair_cnt || !x->acc || !x->touched || !x->cnt || !x->aux || !x->rk ||
        !x->hier_ext) {
        anon_scratch_free(x);
        return -1;
    }
    return 0;
}

void anon_scratch_free(anon_scratch *x)
{
    ou_free(x->keys);
    ou_free(x->keys64);
    ou_free(x->seen);
    ou_free(x->wgen);
    ou_free(x->direct);
    ou_free(x->slot_class);
    ou_free(x->class_of);
    ou_free(x->class_size);
    ou_free(x->class_first);
    ou_free(x->class_bad);
    ou_free(x->pair_start);
    ou_free(x->pair_val);
    ou_free(x->pair_cnt);
    ou_free(x->acc);
    ou_free(x->touched);
    ou_free(x->cnt);
    ou_free(x->aux);
    ou_free(x->rk);
    ou_free(x->hier_ext);
    memset(x, 0, sizeof *x);
}

static inline uint64_t mix128(u128 k)
{
    uint64_t h = (uint64_t)k ^ ((uint64_t)(k >> 64) * 0x9E3779B97F4A7C15ull);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

/* Classes of the node: class_of per tuple, sizes, a tuple of each. Returns the count. Keys
 * are the labels in mixed radix: a small span is counted in a direct array, a span that fits
 * 64 bits in a hash of 64-bit keys, a larger one with 128-bit keys. */
static size_t classes(anon_scratch *x, const anon_ctx *c, const uint8_t *lv)
{
    const anon_snapshot *s = c->s;
    const uint32_t *gen[64];
    uint64_t radix[64];
    u128 span = 1;
    for (size_t i = 0; i < c->q; i++) {
        gen[i] = c->qis[i].gen[lv[i]];
        radix[i] = c->qis[i].nlabels[lv[i]];
        span = span > ((u128)1 << 100) ? span : span * radix[i];
    }
    const size_t q = c->q;
    size_t nc = 0;
    /* the QIs with more than one label here: a QI at its top adds nothing to any key */
    size_t act[64], na = 0;
    for (size_t i = 0; i < q; i++) {
        if (radix[i] > 1) {
            act[na++] = i;
        }
    }
    const uint64_t *wg[64]; /* each code's label times its QI's stride: a key is a sum */
    if (span <= (u128)UINT64_MAX) {
        uint64_t stride = 1;
        size_t at = 0;
        for (size_t i = q; i-- > 0;) {
            uint64_t *w = x->wgen + at;
            for (size_t code = 0; code < c->qis[i].card; code++) {
                w[code] = gen[i][code] * stride;
            }
            wg[i] = w;
            at += c->qis[i].card;
            stride *= radix[i];
        }
    }
    if (span <= x->direct_cap) {
        uint32_t *direct = x->direct;
        for (size_t t = 0; t < s->n; t++) {
            const uint32_t *codes = s->codes + t * q;
            uint64_t k = 0;
            for (size_t a = 0; a < na; a++) {
                k += wg[act[a]][codes[act[a]]];
            }
            uint32_t cls = direct[k];
            if (cls == UINT32_MAX) {
                cls = direct[k] = (uint32_t)nc;
                x->class_size[nc] = 0;
                x->class_first[nc] = (uint32_t)t;
                x->keys64[nc++] = k;
            }
            x->class_of[t] = cls;
            x->class_size[cls] += s->count[t];
        }
        for (size_t k = 0; k < nc; k++) { /* leave the array empty for the next node */
            direct[x->keys64[k]] = UINT32_MAX;
        }
        return nc;
    }
    size_t slots = 16;
    while (slots < 2 * s->n) {
        slots *= 2;
    }
    memset(x->slot_class, 0xff, slots * sizeof *x->slot_class);
    const size_t mask = slots - 1;
    if (span <= (u128)UINT64_MAX) { /* 64-bit keys, kept per class: the slots hold classes */
        const unsigned shift = 64u - (unsigned)__builtin_ctzll(slots);
        for (size_t t = 0; t < s->n; t++) {
            const uint32_t *codes = s->codes + t * q;
            uint64_t k = 0;
            for (size_t a = 0; a < na; a++) {
                k += wg[act[a]][codes[act[a]]];
            }
            uint64_t h = (k * 0x9E3779B97F4A7C15ull) >> shift; /* Fibonacci hashing */
            uint32_t cls;
            while ((cls = x->slot_class[h]) != UINT32_MAX && x->keys64[cls] != k) {
                h = (h + 1) & mask;
            }
            if (cls == UINT32_MAX) {
                cls = x->slot_class[h] = (uint32_t)nc;
                x->keys64[nc] = k;
                x->class_size[nc] = 0;
                x->class_first[nc++] = (uint32_t)t;
            }
            x->class_of[t] = cls;
            x->class_size[cls] += s->count[t];
        }
        return nc;
    }
    for (size_t t = 0; t < s->n; t++) {
        const uint32_t *codes = s->codes + t * q;
        u128 key = 0;
        for (size_t a = 0; a < na; a++) {
            key = key * radix[act[a]] + gen[act[a]][codes[act[a]]];
        }
        size_t h = (size_t)mix128(key) & mask;
        while (x->slot_class[h] != UINT32_MAX && x->keys[h] != key) {
            h = (h + 1) & mask;
        }
        if (x->slot_class[h] == UINT32_MAX) {
            x->keys[h] = key;
            x->slot_class[h] = (uint32_t)nc;
            x->class_size[nc] = 0;
            x->class_first[nc] = (uint32_t)t;
            nc++;
        }
        x->class_of[t] = x->slot_class[h];
        x->class_size[x->class_of[t]] += s->count[t];
    }
    return nc;
}

/* Groups sensitive attribute j's (value, count) pairs by class. */
static void pairs_by_class(anon_scratch *x, const anon_ctx *c, size_t j, size_t nc)
{
    const anon_snapshot *s = c->s;
    memset(x->pair_start, 0, (nc + 2) * sizeof *x->pair_start);
    for (size_t t = 0; t < s->n; t++) {
        x->pair_start[x->class_of[t] + 2] += s->s_start[j][t + 1] - s->s_start[j][t];
    }
    for (size_t k = 2; k < nc + 2; k++) {
        x->pair_start[k] += x->pair_start[k - 1];
    }
    for (size_t t = 0; t < s->n; t++) {
        for (size_t p = s->s_start[j][t]; p < s->s_start[j][t + 1]; p++) {
            const size_t at = x->pair_start[x->class_of[t] + 1]++;
            x->pair_val[at] = s->s_val[j][p];
            x->pair_cnt[at] = s->s_cnt[j][p];
        }
    }
}

/* Earth mover's distance with the hierarchical ground distance (Li et al. 2007, 4.2): every
 * node of the hierarchy moves the smaller of what its children have too much and too
 * little, at a cost of its height over the hierarchy's. The class's counts are in acc. */
static double emd_hier(anon_scratch *x, const anon_ctx *c, size_t j, double size)
{
    const hier_dist *m = c->s->s_hier[j];
    const size_t card = c->s->s_card[j];
    if (m->levels < 2) {
        return 0;
    }
    double *ext = x->hier_ext, *pos = ext + x->hier_cap, *neg = pos + x->hier_cap;
    for (size_t k = 0; k < m->nlabels[0]; k++) {
        ext[k] = 0;
    }
    for (size_t v = 0; v < card; v++) { /* level 0: each value's extra */
        ext[m->leaf[v]] += x->acc[v] / size - c->s->s_freq[j][v];
    }
    return hier_dist_emd(m, ext, pos, neg);
}

/* One class's sensitive values (already in acc/touched): does it satisfy l and t? */
static int class_ok(anon_scratch *x, const anon_ctx *c, size_t j, size_t nt, double size)
{
    const outis_anon_options *o = c->o;
    if (o->l_kind == OUTIS_L_DISTINCT && (double)nt < o->l) {
        return 0;
    }
    for (size_t i = 0; i < nt; i++) { /* the measures of the risk engine (criteria.c) */
        x->cnt[i] = x->aux[i] = x->acc[x->touched[i]];
    }
    /* the tolerances of the release check (cmd_anonymize.c), or stricter */
    if (o->l_kind == OUTIS_L_ENTROPY && crit_entropy_l(x->cnt, nt, size) < o->l - 1e-9) {
        return 0;
    }
    if (o->l_kind == OUTIS_L_RECURSIVE && !(o->c > crit_recursive_c(x->aux, nt, (size_t)o->l))) {
        return 0;
    }
    double d = 0;
    if (o->t_kind == OUTIS_T_EQUAL) {
        for (size_t i = 0; i < nt; i++) {
            x->aux[i] = c->s->s_freq[j][x->touched[i]];
        }
        d = crit_emd_equal(x->cnt, x->aux, nt, size);
    } else if (o->t_kind == OUTIS_T_ORDERED) {
        for (size_t i = 0; i < nt; i++) {
            x->rk[i] = (crit_rank){c->s->s_rank[j][x->touched[i]], x->cnt[i]};
        }
        d = crit_emd_ordered(c->s->s_sq[j], c->s->s_card[j], x->rk, nt, size);
    } else if (o->t_kind == OUTIS_T_HIERARCHICAL) {
        d = emd_hier(x, c, j, size);
    }
    return d <= o->t + 1e-12;
}

/* Marks the classes that fail an l or t criterion for sensitive attribute j. */
/* Distinct l-diversity alone over at most 64 values: a bit set per class, one pass. */
static int distinct_only(anon_scratch *x, const anon_ctx *c, size_t j, size_t nc)
{
    const anon_snapshot *s = c->s;
    if (c->o->l_kind != OUTIS_L_DISTINCT || c->o->t_kind != OUTIS_T_NONE || s->s_card[j] > 64) {
        return 0;
    }
    uint64_t *seen = x->seen;
    memset(seen, 0, nc * sizeof *seen);
    if (s->s_mask != NULL) {
        for (size_t t = 0; t < s->n; t++) {
            seen[x->class_of[t]] |= s->s_mask[j][t];
        }
    } else {
        for (size_t t = 0; t < s->n; t++) {
            uint64_t bits = 0;
            for (size_t p = s->s_start[j][t]; p < s->s_start[j][t + 1]; p++) {
                bits |= (uint64_t)1 << s->s_val[j][p];
            }
            seen[x->class_of[t]] |= bits;
        }
    }
    for (size_t k = 0; k < nc; k++) {
        x->class_bad[k] |= (double)__builtin_popcountll(seen[k]) < c->o->l;
    }
    return 1;
}

static void sensitive_check(anon_scratch *x, const anon_ctx *c, size_t j, size_t nc)
{
    if (distinct_only(x, c, j, nc)) {
        return;
    }
    pairs_by_class(x, c, j, nc);
    for (size_t k = 0; k < nc; k++) {
        if (x->class_bad[k]) {
            continue;
        }
        size_t nt = 0;
        for (size_t p = x->pair_start[k]; p < x->pair_start[k + 1]; p++) {
            const uint32_t v = x->pair_val[p];
            if (x->acc[v] == 0) {
                x->touched[nt++] = v;
            }
            x->acc[v] += x->pair_cnt[p];
        }
        x->class_bad[k] = !class_ok(x, c, j, nt, (double)x->class_size[k]);
        for (size_t p = x->pair_start[k]; p < x->pair_start[k + 1]; p++) {
            x->acc[x->pair_val[p]] = 0; /* touched may hold ranks now */
        }
    }
}

int anon_evaluate(anon_eval *e, anon_scratch *x, const anon_ctx *ctx, const anon_snapshot *src,
                  const uint8_t *lv)
{
    anon_ctx cc = *ctx; /* the node is counted from src: the bottom or a cached lower node */
    const anon_ctx *c = &cc;
    cc.s = src;
    const outis_anon_options *o = c->o;
    const size_t nc = classes(x, c, lv);
    for (size_t k = 0; k < nc; k++) {
        x->class_bad[k] = x->class_size[k] < o->k;
    }
    if (o->l_kind != OUTIS_L_NONE || o->t_kind != OUTIS_T_NONE) {
        for (size_t j = 0; j < c->s->ns; j++) {
            sensitive_check(x, c, j, nc);
        }
    }
    e->classes = nc;
    e->kept_classes = 0;
    e->suppressed = 0;
    e->dm = e->supp_entropy = 0;
    e->min_class = SIZE_MAX;
    for (size_t i = 0; i < c->q; i++) {
        e->supp_share[i] = 0;
    }
    const double n = (double)c->rows;
    for (size_t k = 0; k < nc; k++) {
        const double size = (double)x->class_size[k];
        if (!x->class_bad[k]) {
            e->kept_classes++;
            e->dm += size * size;
            e->min_class = x->class_size[k] < e->min_class ? x->class_size[k] : e->min_class;
        } else {
            e->suppressed += x->class_size[k];
            e->dm += n * size;
        }
    }
    e->is_ok = (double)e->suppressed <= o->suppression * n + 1e-9;
    for (size_t k = 0; e->is_ok && e->suppressed > 0 && k < nc; k++) {
        if (!x->class_bad[k]) { /* what suppression costs matters only to a node that is ok */
            continue;
        }
        const double size = (double)x->class_size[k];
        const uint32_t t = x->class_first[k];
        for (size_t i = 0; i < c->q; i++) {
            const anon_qi *qi = &c->qis[i];
            const uint32_t label = qi->gen[lv[i]][c->s->codes[t * c->q + i]];
            e->supp_share[i] += size * qi->share[lv[i]][label];
            e->supp_entropy += size * qi->pen[lv[i]][label];
        }
    }
    return 0;
}

/* The classes of the last evaluation, as a snapshot a higher node can be counted from (a
 * roll-up): a class's first tuple stands for it, since every tuple of the class has its
 * labels, and its sensitive values are summed per value. */
int anon_materialize(anon_snapshot *out, anon_scratch *x, const anon_ctx *ctx,
                     const anon_snapshot *src, size_t nc)
{
    anon_ctx cc = *ctx;
    const anon_ctx *c = &cc;
    cc.s = src;
    const size_t q = c->q, ns = src->ns;
    memset(out, 0, sizeof *out);
    out->is_view = 1;
    out->n = nc;
    out->ns = ns;
    out->codes = ou_mallocarray(nc * q + 1, sizeof *out->codes);
    out->count = ou_mallocarray(nc + 1, sizeof *out->count);
    out->s_start = ou_calloc(ns + 1, sizeof *out->s_start);
    out->s_val = ou_calloc(ns + 1, sizeof *out->s_val);
    out->s_cnt = ou_calloc(ns + 1, sizeof *out->s_cnt);
    if (!out->codes || !out->count || !out->s_start || !out->s_val || !out->s_cnt) {
        return -1;
    }
    out->s_card = src->s_card; /* the table's distributions are the bottom's */
    out->s_freq = src->s_freq;
    out->s_rank = src->s_rank;
    out->s_sq = src->s_sq;
    out->s_hier = src->s_hier;
    for (size_t k = 0; k < nc; k++) {
        memcpy(out->codes + k * q, src->codes + (size_t)x->class_first[k] * q,
               q * sizeof *out->codes);
        out->count[k] = x->class_size[k];
    }
    if (src->s_mask != NULL) { /* the sets of values are all a class needs: no runs */
        if ((out->s_mask = ou_calloc(ns, sizeof *out->s_mask)) == NULL) {
            return -1;
        }
        for (size_t j = 0; j < ns; j++) {
            uint64_t *m = out->s_mask[j] = ou_calloc(nc + 1, sizeof **out->s_mask);
            if (m == NULL) {
                return -1;
            }
            for (size_t t = 0; t < src->n; t++) {
                m[x->class_of[t]] |= src->s_mask[j][t];
            }
        }
        return 0;
    }
    for (size_t j = 0; j < ns; j++) {
        pairs_by_class(x, c, j, nc);
        const size_t np = x->pair_start[nc];
        out->s_start[j] = ou_mallocarray(nc + 2, sizeof **out->s_start);
        out->s_val[j] = ou_mallocarray(np + 1, sizeof **out->s_val);
        out->s_cnt[j] = ou_mallocarray(np + 1, sizeof **out->s_cnt);
        if (!out->s_start[j] || !out->s_val[j] || !out->s_cnt[j]) {
            return -1;
        }
        size_t at = 0;
        for (size_t k = 0; k < nc; k++) {
            out->s_start[j][k] = at;
            size_t nt = 0;
            for (size_t p = x->pair_start[k]; p < x->pair_start[k + 1]; p++) {
                const uint32_t v = x->pair_val[p];
                if (x->acc[v] == 0) {
                    x->touched[nt++] = v;
                }
                x->acc[v] += x->pair_cnt[p];
            }
            for (size_t i = 0; i < nt; i++) {
                out->s_val[j][at] = x->touched[i];
                out->s_cnt[j][at++] = (uint32_t)x->acc[x->touched[i]];
                x->acc[x->touched[i]] = 0;
            }
        }
        out->s_start[j][nc] = at;
    }
    return 0;
}
