/* prepare.h - hierarchies onto codes, and the snapshot (prepare.c). */
#ifndef OUTIS_ANON_PREPARE_H
#define OUTIS_ANON_PREPARE_H

#include "anon_int.h"

/* Validates h against the column and maps it onto the codes (labels stay h's). */
int anon_qi_prepare(anon_qi *q, const outis_table *t, size_t col, const outis_hierarchy *h,
                    outis_error *err);
void anon_qi_free(anon_qi *q);

int anon_snapshot_build(anon_snapshot *s, const outis_table *t, const anon_qi *qis, size_t q,
                        const size_t *sensitive, size_t ns, int want_ranks,
                        const outis_hierarchy *const *shier, unsigned threads, outis_error *err);
void anon_snapshot_free(anon_snapshot *s);

#endif
