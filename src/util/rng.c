/* rng.c - the random source; see rng.h. */
#include "rng.h"

#include <string.h>

#include <sodium.h>

void rng_refill(rng_state *r)
{
    if (r->is_seeded) {
        /* one key, a fresh nonce per buffer: the nonce holds the buffer counter */
        unsigned char nonce[crypto_stream_chacha20_ietf_NONCEBYTES] = {0};
        for (int i = 0; i < 8; i++) {
            nonce[i] = (unsigned char)(r->block >> (8 * i));
        }
        r->block++;
        crypto_stream_chacha20_ietf(r->buf, sizeof r->buf, nonce, r->key);
    } else {
        randombytes_buf(r->buf, sizeof r->buf);
    }
    r->pos = 0;
}

int rng_init(rng_state *r)
{
    memset(r, 0, sizeof *r);
    r->pos = sizeof r->buf;
    if (sodium_init() < 0) {
        return -1;
    }
    rng_refill(r);
    return 0;
}

void rng_init_seeded(rng_state *r, uint64_t seed)
{
    unsigned char in[8];
    /* sodium_init only selects faster implementations here: the keystream is the same with
     * or without it, so a failure does not matter */
    const int ignored = sodium_init();
    (void)ignored;
    memset(r, 0, sizeof *r);
    for (int i = 0; i < 8; i++) {
        in[i] = (unsigned char)(seed >> (8 * i));
    }
    crypto_generichash(r->key, sizeof r->key, in, sizeof in, NULL, 0);
    r->is_seeded = 1;
    rng_refill(r);
}

void rng_wipe(rng_state *r)
{
    sodium_memzero(r, sizeof *r);
    r->pos = sizeof r->buf; /* a wiped rng never hands out the zeroed buffer */
}

uint64_t rng_u64(rng_state *r)
{
    return rng_bits(r, 64);
}

uint64_t rng_uniform64(rng_state *r, uint64_t m)
{
    assert(m >= 1);
    if (m <= 1) {
        return 0;
    }
    const unsigned nbits = 64 - (unsigned)__builtin_clzll(m - 1);
    for (;;) {
        const uint64_t x = rng_bits(r, nbits);
        if (x < m) {
            return x;
        }
    }
}
