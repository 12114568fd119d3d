/* rng.h - a random source: libsodium's randombytes_buf into a buffer, or (tests and --seed
 * only) a ChaCha20 keystream from a 64-bit seed, so that runs repeat. Shared by the DP
 * samplers (dp/sample.h) and row sampling (io/reservoir.h). Not thread-safe: one per
 * thread. */
#ifndef OUTIS_RNG_H
#define OUTIS_RNG_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rng_state {
    unsigned char buf[4096];
    size_t pos; /* next unread byte of buf */
    int is_seeded;
    unsigned char key[32];
    uint64_t block; /* next keystream block (seeded) */
} rng_state;

/* Returns -1 if libsodium cannot be initialised. */
int rng_init(rng_state *r);
void rng_init_seeded(rng_state *r, uint64_t seed);
/* Wipes the buffer and key (sodium_memzero). Used again, a wiped rng draws from the system
 * CSPRNG, never from the zeroed buffer. */
void rng_wipe(rng_state *r);
/* Fills the buffer afresh (for rng_bits). */
void rng_refill(rng_state *r);

/* nbits (1..64) uniform bits from ceil(nbits / 8) bytes of the buffer. An 8-byte window is
 * read and masked; the bytes past the consumed ones are read again by the next draw, which is
 * fine because the masked-off bits never influenced this one. */
static inline uint64_t rng_bits(rng_state *r, unsigned nbits)
{
    assert(nbits >= 1 && nbits <= 64);
    if (r->pos + 8 > sizeof r->buf) {
        rng_refill(r);
    }
    uint64_t x = 0;
    for (int i = 0; i < 8; i++) {
        x |= (uint64_t)r->buf[r->pos + (size_t)i] << (8 * i);
    }
    r->pos += (nbits + 7) / 8;
    return nbits == 64 ? x : x & (((uint64_t)1 << nbits) - 1);
}

uint64_t rng_u64(rng_state *r);
/* Uniform in [0, m), m >= 1, by rejection from the smallest covering power of two. */
uint64_t rng_uniform64(rng_state *r, uint64_t m);

#endif
