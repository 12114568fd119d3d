/* anon_int.h - what the anonymisation modules share: the quasi-identifiers with their
 * hierarchies mapped onto the table's dictionary codes, the snapshot of the data the search
 * evaluates nodes on, and what an evaluation finds. */
#ifndef OUTIS_ANON_INT_H
#define OUTIS_ANON_INT_H

#include "hbuild.h"
#include "table/hierarchy_int.h"
#include "outis/anon.h"
#include "util/dict.h"

#include <stddef.h>
#include <stdint.h>

typedef struct anon_qi {
    size_t col;          /* table column */
    size_t levels;       /* hierarchy levels, level 0 the value itself */
    size_t card;         /* dictionary codes of the column */
    uint32_t **gen;      /* [levels][cardinality] label of each dictionary code at each level */
    uint32_t *nlabels;   /* [levels] labels at each level */
    double **share;      /* [levels][label] values under the label / values of the column */
    const char ***label; /* [levels][label] the label's text (borrowed from the hierarchy) */
    double *gen_loss;    /* [levels] the column's loss at that level, nothing suppressed */
    double *entropy;     /* [levels] non-uniform entropy at that level, nothing suppressed */
    double **pen;        /* [levels][label] log2(n / rows under the label): what suppressing a
                            record with that label adds to the entropy (it becomes the top) */
    double domain;       /* M: distinct values of the column */
} anon_qi;

/* The distinct level-0 tuples of the QIs with their row counts, and for each sensitive
 * attribute the values each tuple holds: the rows are read once, every node after that
 * works on the snapshot (a roll-up from the bottom node). */
typedef struct anon_snapshot {
    int is_view;        /* the s_card, s_freq, s_rank and s_sq arrays are borrowed */
    size_t n;           /* tuples */
    uint32_t *codes;    /* [n * q] */
    uint32_t *count;    /* [n] */
    uint32_t *tuple_of; /* [rows] the tuple of each row */
    size_t ns;          /* sensitive attributes */
    size_t **s_start;   /* [ns][n + 1] runs of (value, count) per tuple */
    uint32_t **s_val;
    uint32_t **s_cnt;
    uint32_t *s_card;   /* [ns] domain sizes */
    double **s_freq;    /* [ns][card] table distribution (t-closeness) */
    uint32_t **s_rank;  /* [ns][card] order of the values (ordered distance), or NULL */
    double **s_sq;      /* [ns][card + 1] prefix sums of the cumulative table distribution by
                           rank (criteria.h, crit_emd_ordered), or NULL */
    hier_dist **s_hier; /* [ns] hierarchical distance: the sensitive hierarchy, or NULL */
    /* Distinct l-diversity alone, every sensitive attribute with at most 64 values: the bit
     * set of each tuple's values, [ns][n] (owned, views too), and no (value, count) runs in a
     * view; NULL otherwise. */
    uint64_t **s_mask;
} anon_snapshot;

/* Whether the options need only the sets of sensitive values of a class (distinct
 * l-diversity alone over at most 64 values per attribute): the snapshots then keep bit
 * sets (anon_snapshot_masks). */
int anon_mask_mode(const outis_anon_options *o, const anon_snapshot *s);
/* The bit sets of the bottom snapshot's tuples. OUTIS_ENOMEM. */
int anon_snapshot_masks(anon_snapshot *s);

/* What evaluating one node finds. */
typedef struct anon_eval {
    int is_ok;           /* every criterion holds once violating classes are suppressed */
    size_t classes;      /* equivalence classes (suppressed ones included) */
    size_t kept_classes; /* classes not suppressed */
    size_t suppressed;   /* records in suppressed classes */
    double *supp_share;  /* [q] sum over suppressed records of their cell's share */
    double dm;           /* sum over kept classes of |E|^2, plus n |E| for suppressed ones */
    double supp_entropy; /* non-uniform entropy the suppressed records add */
    size_t min_class;    /* smallest kept class */
} anon_eval;

#endif
