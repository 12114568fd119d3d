/* dict.h - interning of byte strings to dense uint32 codes (one per column and thread).
 * Open addressing with linear probing; each slot keeps 32 bits of the hash beside the code,
 * so a probe rarely touches the string. Strings live in an arena that never moves them. */
#ifndef OUTIS_DICT_H
#define OUTIS_DICT_H

#include <stddef.h>
#include <stdint.h>

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
} dict_entry;

typedef struct dict {
    uint64_t *slots; /* (hash >> 32) << 32 | (code + 1); 0 = empty */
    size_t mask;
    size_t used; /* occupied slots */
    dict_entry *entries;
    size_t count, cap;
    uint32_t missing; /* the (first) code of a missing value, DICT_NONE if none */
    arena strings;
} dict;

void arena_free(arena *a);
/* Copies len bytes into the arena; NULL on out of memory. */
const char *arena_copy(arena *a, const char *p, size_t len);

int dict_init(dict *d, size_t expected);
void dict_free(dict *d);
uint64_t dict_hash(const char *p, size_t len);
/* The code of a string, or DICT_NONE. */
uint32_t dict_find(const dict *d, const char *p, size_t len, uint64_t h);
/* Adds a string known to be absent. If copy, it is copied into the dictionary's arena; else
 * the caller keeps it alive. Returns the new code, or DICT_NONE on out of memory. */
uint32_t dict_add(dict *d, const char *p, size_t len, uint64_t h, int copy);
size_t dict_memory(const dict *d);

#endif
