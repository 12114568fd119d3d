/* evaluate.h - one node of the lattice on the snapshot: its equivalence classes, which of
 * them violate a criterion (and are suppressed), and what the metrics need (evaluate.c). */
#ifndef OUTIS_ANON_EVALUATE_H
#define OUTIS_ANON_EVALUATE_H

#include "anon_int.h"
#include "risk/criteria.h"

typedef struct anon_ctx {
    const outis_anon_options *o;
    const anon_qi *qis;
    size_t q;
    const anon_snapshot *s;
    size_t rows;
} anon_ctx;

/* Scratch for evaluations, one per thread. */
typedef struct anon_scratch {
    __extension__ unsigned __int128 *keys; /* hash table of class keys */
    uint32_t *slot_class;
    uint64_t *keys64; /* [tuples] the key of each class (direct counting) */
    uint64_t *seen;   /* [tuples] sensitive values of each class, as bits (distinct l) */
    uint64_t *wgen;   /* [sum of cardinalities] label times stride, per QI and code */
    uint32_t *direct; /* [direct_cap] class of each key, UINT32_MAX when free */
    size_t direct_cap;
    size_t slots;
    uint32_t *class_of;    /* [tuples] */
    uint32_t *class_size;  /* [tuples]: at most one class per tuple */
    uint32_t *class_first; /* [tuples] a tuple of the class */
    uint8_t *class_bad;    /* [tuples] */
    size_t *pair_start;    /* [tuples + 1] sensitive pairs by class */
    uint32_t *pair_val, *pair_cnt;
    double *acc; /* [sensitive domain] per-class counts */
    uint32_t *touched;
    double *cnt, *aux; /* [sensitive domain] a class's counts, in touched's order, and a copy */
    crit_rank *rk;     /* [sensitive domain] a class's values by rank (ordered distance) */
    double *hier_ext;  /* [3 * hier_cap] extras and their positive and negative sums */
    size_t hier_cap;   /* most labels at a level of a sensitive hierarchy */
    size_t acc_cap, pair_cap;
} anon_scratch;

int anon_scratch_init(anon_scratch *x, const anon_ctx *c);
void anon_scratch_free(anon_scratch *x);

/* Evaluates the node with the given levels into e (e->supp_share has room for q). With
 * `only_monotone`, the criteria that lose monotonicity under suppression are skipped. */
int anon_evaluate(anon_eval *e, anon_scratch *x, const anon_ctx *c, const anon_snapshot *src,
                  const uint8_t *levels);
/* The classes of the last evaluation (on src, with nc = e->classes) as a snapshot for the
 * nodes above (a view: the table's distributions stay src's). -1 on no memory. */
int anon_materialize(anon_snapshot *out, anon_scratch *x, const anon_ctx *c,
                     const anon_snapshot *src, size_t nc);

#endif
