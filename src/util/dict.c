/* dict.c - string interning; see dict.h. */
#include "dict.h"

#include "alloc.h"

#include <string.h>

#define ARENA_BLOCK (1u << 20)
#define ARENA_FIRST (4u << 10) /* blocks double from this to ARENA_BLOCK */

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

void arena_take(arena *dst, arena *src)
{
    if (src->head == NULL) {
        return;
    }
    arena_block *tail = src->head;
    while (tail->next != NULL) {
        tail = tail->next;
    }
    tail->next = dst->head; /* dst keeps allocating from its own current block */
    dst->head = src->head;
    dst->bytes += src->bytes;
    if (dst->cur == NULL) {
        dst->cur = src->cur;
        dst->left = src->left;
    }
    memset(src, 0, sizeof *src);
}

/* len bytes of the arena's current block, starting a new block if needed. */
static char *arena_reserve(arena *a, size_t len)
{
    if (len > a->left) {
        /* geometric up to ARENA_BLOCK, so a small dictionary (a small table's column) takes
         * little memory */
        size_t size = a->bytes < ARENA_FIRST ? ARENA_FIRST : a->bytes;
        size = size > ARENA_BLOCK ? ARENA_BLOCK : size;
        size = len > size ? len : size;
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
    a->cur += len;
    a->left -= len;
    return d;
}

const char *arena_copy(arena *a, const char *p, size_t len)
{
    if (len == 0) {
        return ""; /* never written through; NULL would read as out of memory */
    }
    char *d = arena_reserve(a, len);
    if (d != NULL) {
        memcpy(d, p, len);
    }
    return d;
}

const char *arena_strdup(arena *a, const char *p, size_t len)
{
    char *d = len + 1 == 0 ? NULL : arena_reserve(a, len + 1);
    if (d != NULL) {
        memcpy(d, p, len);
        d[len] = '\0';
    }
    return d;
}

/* n empty slots, written once: calloc's fresh pages would map the shared zero page on the
 * first probe (a read), and the first insert would then take a copy-on-write fault that
 * flushes the TLB of every CPU running one of the reader's threads (perf: 9% of a
 * 100,000-row sample's time). */
static dict_slot *zeroed_slots(size_t n)
{
    dict_slot *slots = ou_mallocarray(n, sizeof *slots);
    if (slots != NULL) {
        memset(slots, 0, n * sizeof *slots);
    }
    return slots;
}

int dict_init(dict *d, size_t expected)
{
    memset(d, 0, sizeof *d);
    size_t n = 64;
    while (n < expected * 2) {
        n *= 2;
    }
    if ((d->slots = zeroed_slots(n)) == NULL) {
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

static void put_slot(dict_slot *slots, size_t mask, const dict_entry *e, uint32_t code)
{
    size_t i = (size_t)e->hash & mask;
    while (slots[i].code1 != 0) {
        i = (i + 1) & mask;
    }
    slots[i] = (dict_slot){dict_key8(e->ptr, e->len), dict_tag(e->hash, e->len), code + 1};
}

/* Doubles the table, re-inserting from the entries in code order (sequential reads). */
static int grow(dict *d)
{
    size_t n = (d->mask + 1) * 2;
    dict_slot *slots = zeroed_slots(n);
    if (slots == NULL) {
        return -1;
    }
    for (size_t c = 0; c < d->count; c++) {
        put_slot(slots, n - 1, &d->entries[c], (uint32_t)c);
    }
    ou_free(d->slots);
    d->slots = slots;
    d->mask = n - 1;
    return 0;
}

uint32_t dict_add(dict *d, const char *p, size_t len, uint64_t h, int copy)
{
    if (d->count >= DICT_NONE - 1 || len > UINT32_MAX) {
        return DICT_NONE;
    }
    if ((d->count + 1) * 2 > d->mask + 1 && grow(d) < 0) {
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
    d->entries[code] = (dict_entry){s, (uint32_t)len, 0, h};
    put_slot(d->slots, d->mask, &d->entries[code], code);
    d->count++;
    return code;
}

size_t dict_memory(const dict *d)
{
    return (d->mask + 1) * sizeof *d->slots + d->cap * sizeof *d->entries + d->strings.bytes;
}

int dict_truncate(dict *d, size_t count)
{
    if (count >= d->count) {
        return 0;
    }
    d->count = count;
    memset(d->slots, 0, (d->mask + 1) * sizeof *d->slots);
    d->missing = DICT_NONE;
    for (size_t c = 0; c < count; c++) {
        put_slot(d->slots, d->mask, &d->entries[c], (uint32_t)c);
        if (d->entries[c].is_missing && d->missing == DICT_NONE) {
            d->missing = (uint32_t)c;
        }
    }
    return 0;
}
