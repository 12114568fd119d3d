/* alloc.c - checked allocation wrappers; see alloc.h. */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef OUTIS_ALLOC_TESTING
/* Test-only injection state; thread-local so parallel tests do not interfere. */
static _Thread_local size_t fail_at;
static _Thread_local size_t made;

size_t ou_alloc_fail_at(size_t nth)
{
    size_t n = made;
    made = 0;
    fail_at = nth;
    return n;
}

static int should_fail(void)
{
    made++;
    return fail_at != 0 && made == fail_at;
}
#else
static int should_fail(void)
{
    return 0;
}
#endif

void *ou_malloc(size_t size)
{
    if (should_fail()) {
        return NULL;
    }
    return malloc(size ? size : 1);
}

void *ou_calloc(size_t count, size_t size)
{
    if (should_fail()) {
        return NULL;
    }
    return calloc(count ? count : 1, size ? size : 1);
}

void *ou_mallocarray(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) {
        return NULL;
    }
    return ou_malloc(count * size);
}

void *ou_reallocarray(void *ptr, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) {
        return NULL;
    }
    if (should_fail()) {
        return NULL;
    }
    size_t bytes = count * size;
    return realloc(ptr, bytes ? bytes : 1);
}

void ou_free(void *ptr)
{
    free(ptr);
}

char *ou_strndup(const char *s, size_t len)
{
    if (len == SIZE_MAX) {
        return NULL;
    }
    char *d = ou_malloc(len + 1);
    if (d != NULL) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

int ou_grow(void **ptr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) {
        return 0;
    }
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2) {
            return -1;
        }
        n *= 2;
    }
    void *p = ou_reallocarray(*ptr, n, size);
    if (p == NULL) {
        return -1;
    }
    *ptr = p;
    *cap = n;
    return 0;
}
