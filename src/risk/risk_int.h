/* risk_int.h - the risk result and the parts computed in separate files. */
#ifndef OUTIS_RISK_INT_H
#define OUTIS_RISK_INT_H

#include "outis/risk.h"
#include "table/group.h"

struct outis_risk {
    outis_risk_summary summary;
    outis_class_bucket *buckets;
    size_t nbuckets;
    outis_sensitive_risk *sensitive;
    size_t nsensitive;
    outis_qi_combination *combos;
    size_t ncombos;
};

/* l-diversity and t-closeness of one sensitive column over the classes (which must carry
 * group_of for every row). diversity.c */
int risk_sensitive(outis_sensitive_risk *out, const outis_table *t, size_t col,
                   const grouping *classes, const outis_risk_options *o, size_t which,
                   outis_error *err);

/* Distinct values and uniques of QI singles, pairs and triples, computed from the class
 * table rather than the rows. combos.c */
int risk_combinations(outis_risk *r, const outis_table *t, const size_t *qi, size_t nqi,
                      const grouping *classes, int mode, unsigned threads, outis_error *err);

#endif
