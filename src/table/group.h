/* group.h - grouping rows (or weighted items) by the values of several columns: the
 * equivalence classes of risk and, later, of anonymisation. Group ids are dense; their order
 * is unspecified (it depends on the codes), so a caller that must pick one of several groups
 * breaks ties by `first`, which does not depend on the dictionaries. */
#ifndef OUTIS_GROUP_H
#define OUTIS_GROUP_H

#include <stddef.h>
#include <stdint.h>

typedef struct group_input {
    size_t ncols;
    const uint32_t *const *codes; /* [ncols] code arrays indexed by row */
    const size_t *cards;          /* [ncols] codes are < cards[c] */
    size_t n_items;
    const uint32_t *rows;  /* item -> row; NULL: item i is row i */
    const size_t *weights; /* item weights; NULL: 1 each */
    unsigned threads;      /* threads to use; 0: one per online CPU */
} group_input;

typedef struct grouping {
    size_t n_groups;
    uint32_t *group_of; /* [n_items], if asked for */
    size_t *weight;     /* [n_groups] summed item weights */
    uint32_t *first;    /* [n_groups] first item of each group */
} grouping;

/* Returns 0 or OUTIS_ENOMEM / OUTIS_ELIMIT (more than 2^32 - 1 items). */
int group_build(grouping *g, const group_input *in, int want_group_of);
void grouping_free(grouping *g);

#endif
