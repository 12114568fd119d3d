/* outis/hierarchy.h - generalisation hierarchies: one row per original value, one column per
 * level (level 0 the value itself, the last level a single label such as "*"). The search of
 * outis/anon.h generalises quasi-identifiers over them; outis/risk.h measures hierarchical
 * t-closeness with them. See docs/anonymize.md. */
#ifndef OUTIS_HIERARCHY_H
#define OUTIS_HIERARCHY_H

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct outis_hierarchy outis_hierarchy;

/* Reads ARX's hierarchy CSV format (';' or ',' separated, no header). OUTIS_EIO, OUTIS_EPARSE
 * (with line and field), OUTIS_ENOMEM. */
OUTIS_API int outis_hierarchy_read(outis_hierarchy **out, const char *path, outis_error *err);
OUTIS_API void outis_hierarchy_free(outis_hierarchy *h);
OUTIS_API size_t outis_hierarchy_levels(const outis_hierarchy *h);

#ifdef __cplusplus
}
#endif
#endif
