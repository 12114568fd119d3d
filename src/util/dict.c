/* dict.c - string interning; see dict.h. */
#include "dict.h"

#include "alloc.h"

#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#define ARENA_BLOCK (1u << 20)

struct arena_block {
    arena_block *next;
    char data[];
};

void arena_free(arena *a)
{
    arena_block *b = a->head;
    while (b != NULL) {
        arena_block *n = b->next;
        ou_free(b);
        b = n;
    }
    memset(a, 0, sizeof *a);
}

const char *arena_copy(arena *a, const char *p, size_t len)
{
    if (len == 0) {
        return ""; /* never written through; NULL would read as out of memory */
    }
    if (len > a->left) {
        size_t size = len > ARENA_BLOCK ? len : ARENA_BLOCK;
        arena_block *b = ou_malloc(sizeof *b + size);
        if (b == NULL) {
            return NULL;
        }
        b->next = a->head;
        a->head = b;
        a->cur = b->data;
        a->left = size;
        a->bytes += sizeof *b + size;
    }
    char *d = a->cur;
    memcpy(d, p, len);
    a->cur += len;
    a->left -= len;
    return d;
}

uint64_t dict_hash(const char *p, size_t len)
{
    return XXH3_64bits(p, len);
}

int dict_init(dict *d, size_t expected)
{
    memset(d, 0, sizeof *d);
    size_t n = 64;
    while (n < expected * 2) {
        n *= 2;
    }
    d->slots = ou_calloc(n, sizeof *d->slots);
    if (d->slots == NULL) {
        return -1;
    }
    d->mask = n - 1;
    d->missing = DICT_NONE;
    return 0;
}

void dict_free(dict *d)
{
    ou_free(d->slots);
    ou_free(d->entries);
    arena_free(&d->strings);
    memset(d, 0, sizeof *d);
    d->missing = DICT_NONE;
}

static inline uint64_t slot_of(uint64_t h, uint32_t code)
{
    return (h & 0xffffffff00000000ull) | ((uint64_t)code + 1);
}

uint32_t dict_find(const dict *d, const char *p, size_t len, uint64_t h)
{
    size_t i = (size_t)h & d->mask;
    const uint64_t tag = h & 0xffffffff00000000ull;
    for (;;) {
        uint64_t s = d->slots[i];
        if (s == 0) {
            return DICT_NONE;
        }
        if ((s & 0xffffffff00000000ull) == tag) {
            uint32_t code = (uint32_t)(s & 0xffffffffu) - 1;
            const dict_entry *e = &d->entries[code];
            if (e->len == len && memcmp(e->ptr, p, len) == 0) {
                return code;
            }
        }
        i = (i + 1) & d->mask;
    }
}

static int rehash(dict *d)
{
    size_t n = (d->mask + 1) * 2;
    uint64_t *slots = ou_calloc(n, sizeof *slots);
    if (slots == NULL) {
        return -1;
    }
    for (size_t i = 0; i <= d->mask; i++) {
        uint64_t s = d->slots[i];
        if (s == 0) {
            continue;
        }
        /* The low hash bits are not stored: recompute them from the string. */
        const dict_entry *e = &d->entries[(s & 0xffffffffu) - 1];
        size_t j = (size_t)dict_hash(e->ptr, e->len) & (n - 1);
        while (slots[j] != 0) {
            j = (j + 1) & (n - 1);
        }
        slots[j] = s;
    }
    ou_free(d->slots);
    d->slots = slots;
    d->mask = n - 1;
    return 0;
}

static int insert_slot(dict *d, uint64_t h, uint32_t code)
{
    if ((d->used + 1) * 2 > d->mask + 1 && rehash(d) < 0) {
        return -1;
    }
    size_t i = (size_t)h & d->mask;
    while (d->slots[i] != 0) {
        i = (i + 1) & d->mask;
    }
    d->slots[i] = slot_of(h, code);
    d->used++;
    return 0;
}

uint32_t dict_add(dict *d, const char *p, size_t len, uint64_t h, int copy)
{
    if (d->count >= DICT_NONE - 1 || len > UINT32_MAX) {
        return DICT_NONE;
    }
    if (ou_grow((void **)&d->entries, &d->cap, d->count + 1, sizeof *d->entries) < 0) {
        return DICT_NONE;
    }
    const char *s = copy ? arena_copy(&d->strings, p, len) : p;
    if (s == NULL) {
        return DICT_NONE;
    }
    uint32_t code = (uint32_t)d->count;
    d->entries[code] = (dict_entry){s, (uint32_t)len, 0};
    if (insert_slot(d, h, code) < 0) {
        return DICT_NONE;
    }
    d->count++;
    return code;
}

size_t dict_memory(const dict *d)
{
    return (d->mask + 1) * sizeof *d->slots + d->cap * sizeof *d->entries + d->strings.bytes;
}
