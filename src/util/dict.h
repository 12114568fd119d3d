/* dict.h - interning of byte strings to dense uint32 codes (one per column and thread).
 * Open addressing with linear probing. A slot holds the code, 24 bits of hash with the
 * length, and the string's first 8 bytes, so a lookup of a value of up to 8 bytes (most
 * values of quasi-identifiers) touches one slot and nothing else. Strings live in an arena
 * that never moves them. */
#ifndef OUTIS_DICT_H
#define OUTIS_DICT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#define DICT_NONE UINT32_MAX

typedef struct arena_block arena_block;

typedef struct arena {
    arena_block *head;
    char *cur;
    size_t left;
    size_t bytes; /* allocated, for memory accounting */
} arena;

typedef struct dict_entry {
    const char *ptr;
    uint32_t len;
    uint32_t is_missing; /* one of the missing-value tokens */
    uint64_t hash;       /* so growing the table needs no string */
} dict_entry;

typedef struct dict_slot {
    uint64_t key8;  /* dict_key8 of the string */
    uint32_t tag;   /* dict_tag: hash bits and length */
    uint32_t code1; /* code + 1; 0 = empty */
} dict_slot;

typedef struct dict {
    dict_slot *slots;
    size_t mask;
    dict_entry *entries;
    size_t count, cap;
    uint32_t missing; /* the (first) code of a missing value, DICT_NONE if none */
    arena strings;
} dict;

void arena_free(arena *a);
/* Moves all of src's blocks into dst (for freeing together later); src is left empty. */
void arena_take(arena *dst, arena *src);
/* Copies len bytes into the arena; NULL on out of memory. */
const char *arena_copy(arena *a, const char *p, size_t len);
/* The same, NUL-terminated (reads only p[0..len)). */
const char *arena_strdup(arena *a, const char *p, size_t len);

int dict_init(dict *d, size_t expected);
void dict_free(dict *d);

/* The first min(len, 8) bytes as a little-endian integer (zero above): for len <= 8, equal
 * keys and lengths mean equal strings. Reads only p[0..len). */
static inline uint64_t dict_key8(const char *p, size_t len)
{
    uint64_t v = 0;
    if (len >= 8) {
        memcpy(&v, p, 8);
    } else if (len >= 4) {
        uint32_t a, b;
        memcpy(&a, p, 4);
        memcpy(&b, p + len - 4, 4);
        v = (uint64_t)a | ((uint64_t)b << ((len - 4) * 8)); /* overlap ORs equal bytes */
    } else if (len > 0) {
        const unsigned char *u = (const unsigned char *)p;
        v = (uint64_t)u[0] | ((uint64_t)u[len / 2] << ((len / 2) * 8)) |
            ((uint64_t)u[len - 1] << ((len - 1) * 8));
    }
    return v;
}

/* The hash: a multiply-xorshift mix of the key for strings of up to 8 bytes (fmix64 of
 * MurmurHash3), XXH3 (libxxhash) for longer ones. */
static inline uint64_t dict_hash(const char *p, size_t len)
{
    if (len <= 8) {
        uint64_t h = dict_key8(p, len) ^ ((uint64_t)len * 0x9E3779B97F4A7C15ull);
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdull;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53ull;
        return h ^ (h >> 33);
    }
    return XXH3_64bits(p, len);
}

static inline uint32_t dict_tag(uint64_t h, size_t len)
{
    return (uint32_t)(h >> 40) << 8 | (uint32_t)(len < 255 ? len : 255);
}

/* Equality of two strings of len > 8 bytes whose first 8 bytes are known equal: up to 16
 * bytes, one 8-byte load of the tail each, no call. */
static inline int dict_same_tail(const char *a, const char *b, size_t len)
{
    if (len <= 16) {
        uint64_t x, y;
        memcpy(&x, a + len - 8, 8);
        memcpy(&y, b + len - 8, 8);
        return x == y;
    }
    return memcmp(a + 8, b + 8, len - 8) == 0;
}

/* The code of a string, or DICT_NONE. Inline: it runs once per field read. */
static inline uint32_t dict_find(const dict *d, const char *p, size_t len, uint64_t h)
{
    const uint32_t tag = dict_tag(h, len);
    const uint64_t key8 = dict_key8(p, len);
    size_t i = (size_t)h & d->mask;
    for (;;) {
        const dict_slot *s = &d->slots[i];
        if (s->code1 == 0) {
            return DICT_NONE;
        }
        if (s->tag == tag && s->key8 == key8) {
            uint32_t code = s->code1 - 1;
            if (len <= 8) {
                return code;
            }
            const dict_entry *e = &d->entries[code];
            if (e->len == len && dict_same_tail(e->ptr, p, len)) {
                return code;
            }
        }
        i = (i + 1) & d->mask;
    }
}

/* Adds a string known to be absent. If copy, it is copied into the dictionary's arena; else
 * the caller keeps it alive. Returns the new code, or DICT_NONE on out of memory. */
uint32_t dict_add(dict *d, const char *p, size_t len, uint64_t h, int copy);
size_t dict_memory(const dict *d);
/* Forgets the codes from count on (their strings stay in the arena until dict_free). */
int dict_truncate(dict *d, size_t count);

#endif
