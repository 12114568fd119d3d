/* alloc.h - every allocation of the library goes through here, so sizes are overflow-checked
 * in one place and a test build (OUTIS_ALLOC_TESTING) can fail the Nth allocation. */
#ifndef OUTIS_ALLOC_H
#define OUTIS_ALLOC_H

#include <stddef.h>

void *ou_malloc(size_t size);
void *ou_calloc(size_t count, size_t size);
/* count * size bytes, NULL on overflow or failure. */
void *ou_mallocarray(size_t count, size_t size);
void *ou_reallocarray(void *ptr, size_t count, size_t size);
void ou_free(void *ptr);
char *ou_strndup(const char *s, size_t len);

/* Grows *ptr (of *cap elements of size bytes) to hold at least need elements, doubling. */
int ou_grow(void **ptr, size_t *cap, size_t need, size_t size);

#ifdef OUTIS_ALLOC_TESTING
/* Test builds only: the nth allocation from now (1-based) on this thread fails; 0 disables.
 * Returns how many allocations were made since the last call. */
size_t ou_alloc_fail_at(size_t nth);
#endif

#endif
