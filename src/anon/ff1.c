/* ff1.c - format-preserving encryption: FF1 (NIST SP 800-38G, 2016, Algorithms 7 and 8) with
 * AES from OpenSSL, and anon_fpe_string on top of it. The big numbers of NUM and STR are only
 * ever multiplied or divided by the radix, so each is an array of 32-bit limbs and
 * (NUM_r(A) + y) mod r^m is a digit-wise sum of A and the low m base-r digits of y. */
#include "transform.h"

#include "util/alloc.h"
#include "util/error_int.h"

#include <assert.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <string.h>

#define FF1_ROUNDS 10
#define FF1_MIN_DOMAIN 1000000u /* SP 800-38G Rev. 1 draft (2019): radix^minlen >= 10^6 */
#define BLOCK 16

struct anon_ff1 {
    EVP_CIPHER_CTX *ctx; /* AES-ECB, no padding: one block at a time */
    unsigned radix;
};

/* Buffers of one encryption or decryption, carved out of a single allocation. */
typedef struct ff1_work {
    uint32_t *y;      /* NUM(S): d / 4 limbs, most significant first */
    uint32_t *x;      /* NUM_r of a half, or radix^v: v / 2 + 4 limbs */
    uint16_t *a, *b;  /* the halves, v numerals each */
    uint16_t *c;      /* the new half */
    uint16_t *ydig;   /* y mod radix^m as m numerals */
    unsigned char *q; /* Q minus its full blocks of T */
    unsigned char *s; /* S, rounded up to whole blocks */
    unsigned char *mem;
    size_t size;
} ff1_work;

/* The parameters of one call (SP 800-38G Algorithm 7, steps 1-5). */
typedef struct ff1_call {
    size_t n, u, v, b, d;
    const unsigned char *tweak;
    size_t t;
    size_t qlen;               /* bytes of Q after T's full blocks */
    unsigned char base[BLOCK]; /* CBC-MAC of P and T's full blocks */
} ff1_call;

int anon_ff1_new(anon_ff1 **out, const unsigned char *key, size_t key_len, unsigned radix,
                 outis_error *err)
{
    const EVP_CIPHER *cipher = key_len == 16   ? EVP_aes_128_ecb()
                               : key_len == 24 ? EVP_aes_192_ecb()
                               : key_len == 32 ? EVP_aes_256_ecb()
                                               : NULL;
    if (out == NULL || key == NULL) {
        return ou_err(err, OUTIS_EINVAL, "ff1: missing argument");
    }
    *out = NULL;
    if (cipher == NULL) {
        return ou_err(err, OUTIS_EINVAL, "ff1: a key has 16, 24 or 32 bytes, not %zu", key_len);
    }
    if (radix < 2 || radix > 65536) {
        return ou_err(err, OUTIS_EINVAL, "ff1: radix %u is outside 2..65536", radix);
    }
    anon_ff1 *f = ou_calloc(1, sizeof *f);
    if (f == NULL) {
        return ou_nomem(err);
    }
    f->radix = radix;
    f->ctx = EVP_CIPHER_CTX_new();
    if (f->ctx == NULL) {
        anon_ff1_free(f);
        return ou_nomem(err);
    }
    if (EVP_EncryptInit_ex(f->ctx, cipher, NULL, key, NULL) != 1 ||
        EVP_CIPHER_CTX_set_padding(f->ctx, 0) != 1) {
        anon_ff1_free(f);
        return ou_err(err, OUTIS_EINTERNAL, "ff1: openssl refused the aes key");
    }
    *out = f;
    return 0;
}

void anon_ff1_free(anon_ff1 *f)
{
    if (f == NULL) {
        return;
    }
    EVP_CIPHER_CTX_free(f->ctx); /* cleanses the key schedule */
    ou_free(f);
}

/* out = AES(K, in), one block. */
static int aes_block(anon_ff1 *f, unsigned char out[BLOCK], const unsigned char in[BLOCK])
{
    int len = 0;
    if (EVP_EncryptUpdate(f->ctx, out, &len, in, BLOCK) != 1 || len != BLOCK) {
        return -1;
    }
    return 0;
}

/* r = AES(K, r xor in) over nblocks blocks: CBC-MAC continued from r. */
static int cbc_mac(anon_ff1 *f, unsigned char r[BLOCK], const unsigned char *in, size_t nblocks)
{
    unsigned char t[BLOCK];
    for (size_t k = 0; k < nblocks; k++) {
        for (size_t j = 0; j < BLOCK; j++) {
            t[j] = r[j] ^ in[k * BLOCK + j];
        }
        if (aes_block(f, r, t) < 0) {
            return -1;
        }
    }
    return 0;
}

/* x (nx limbs, most significant first) = x * mul + add. mul <= 2^16 keeps each step in 64
 * bits. Returns the carry out of the top limb (0 when x was big enough). */
static uint32_t limbs_muladd(uint32_t *x, size_t nx, uint32_t mul, uint32_t add)
{
    uint64_t carry = add;
    for (size_t k = nx; k-- > 0;) {
        const uint64_t p = (uint64_t)x[k] * mul + carry;
        x[k] = (uint32_t)p;
        carry = p >> 32;
    }
    return (uint32_t)carry;
}

/* x = x / div, returning x mod div; *top is the first nonzero limb, advanced as x shrinks. */
static uint32_t limbs_divmod(uint32_t *x, size_t nx, size_t *top, uint32_t div)
{
    uint64_t rem = 0;
    for (size_t k = *top; k < nx; k++) {
        const uint64_t cur = (rem << 32) | x[k];
        x[k] = (uint32_t)(cur / div);
        rem = cur % div;
    }
    while (*top < nx && x[*top] == 0) {
        (*top)++;
    }
    return (uint32_t)rem;
}

/* b = bytes of bitlength(radix^v - 1), exactly ceil(ceil(v log2 radix) / 8) of step 3.
 * x has v / 2 + 4 limbs. */
static size_t ff1_bytes(unsigned radix, size_t v, uint32_t *x)
{
    const size_t nx = v / 2 + 4;
    size_t bits = 0;
    if ((radix & (radix - 1)) == 0) {
        while ((1u << bits) < radix) {
            bits++;
        }
        bits *= v; /* radix^v - 1 is bits ones */
    } else {
        /* radix^v is no power of two, so radix^v - 1 has its bit length */
        memset(x, 0, nx * sizeof *x);
        x[nx - 1] = 1;
        for (size_t k = 0; k < v; k++) {
            const uint32_t carry = limbs_muladd(x, nx, radix, 0);
            assert(carry == 0);
            (void)carry;
        }
        size_t top = 0;
        while (x[top] == 0) {
            top++;
        }
        bits = (nx - top) * 32;
        for (uint32_t hi = x[top]; (hi & 0x80000000u) == 0; hi <<= 1) {
            bits--;
        }
    }
    return (bits + 7) / 8;
}

static int ff1_work_alloc(ff1_work *w, size_t v, outis_error *err)
{
    const size_t nlimbs = v / 2 + 4; /* d / 4 <= (2v + 8) / 4 + 1 and r^v < 2^(16v) */
    const size_t nbytes = 2 * v + 48;
    const size_t size = 2 * nlimbs * sizeof(uint32_t) + 4 * v * sizeof(uint16_t) + 2 * nbytes;
    w->mem = ou_malloc(size);
    if (w->mem == NULL) {
        return ou_nomem(err);
    }
    w->size = size;
    w->y = (uint32_t *)(void *)w->mem;
    w->x = w->y + nlimbs;
    w->a = (uint16_t *)(void *)(w->x + nlimbs);
    w->b = w->a + v;
    w->c = w->b + v;
    w->ydig = w->c + v;
    w->q = (unsigned char *)(w->ydig + v);
    w->s = w->q + nbytes;
    return 0;
}

static void ff1_work_free(ff1_work *w)
{
    if (w->mem != NULL) {
        sodium_memzero(w->mem, w->size);
        ou_free(w->mem);
    }
}

/* Steps 1-5 and the CBC-MAC of P and of T's whole blocks, which no round changes. */
static int ff1_setup(anon_ff1 *f, ff1_call *c, ff1_work *w, size_t n, const unsigned char *tweak,
                     size_t t)
{
    c->n = n;
    c->u = n / 2;
    c->v = n - c->u;
    c->b = ff1_bytes(f->radix, c->v, w->x);
    c->d = 4 * ((c->b + 3) / 4) + 4;
    c->tweak = tweak;
    c->t = t;
    const size_t pad = (BLOCK - (t + c->b + 1) % BLOCK) % BLOCK;
    c->qlen = t % BLOCK + pad + 1 + c->b;
    assert(c->qlen % BLOCK == 0 && c->qlen <= 2 * c->v + 48);
    unsigned char p[BLOCK] = {1, 2, 1};
    p[3] = (unsigned char)(f->radix >> 16);
    p[4] = (unsigned char)(f->radix >> 8);
    p[5] = (unsigned char)f->radix;
    p[6] = FF1_ROUNDS;
    p[7] = (unsigned char)(c->u % 256);
    for (int k = 0; k < 4; k++) {
        p[8 + k] = (unsigned char)(n >> (24 - 8 * k));
        p[12 + k] = (unsigned char)(t >> (24 - 8 * k));
    }
    memset(c->base, 0, BLOCK);
    if (cbc_mac(f, c->base, p, 1) < 0 || cbc_mac(f, c->base, tweak, t / BLOCK) < 0) {
        return -1;
    }
    return 0;
}

/* Steps 6.i-6.v: y = NUM(S) for round i with Q built from the half h (len numerals), then
 * w->ydig = STR_radix^m(y mod radix^m). */
static int ff1_round_y(anon_ff1 *f, const ff1_call *c, ff1_work *w, unsigned i, const uint16_t *h,
                       size_t len, size_t m)
{
    const size_t tail = c->t % BLOCK;
    const size_t nx = c->v / 2 + 4;
    unsigned char *q = w->q;
    if (tail > 0) { /* tweak may be NULL when t is 0 */
        memcpy(q, c->tweak + (c->t - tail), tail);
    }
    memset(q + tail, 0, c->qlen - tail - c->b - 1);
    q[c->qlen - c->b - 1] = (unsigned char)i;
    memset(w->x, 0, nx * sizeof *w->x);
    for (size_t k = 0; k < len; k++) {
        const uint32_t carry = limbs_muladd(w->x, nx, f->radix, h[k]);
        assert(carry == 0);
        (void)carry;
    }
    for (size_t k = 0; k < c->b; k++) { /* NUM_r(h) as b bytes, big-endian */
        const size_t bit = 8 * (c->b - 1 - k);
        q[c->qlen - c->b + k] = (unsigned char)(w->x[nx - 1 - bit / 32] >> (bit % 32));
    }
    unsigned char r[BLOCK], blk[BLOCK];
    memcpy(r, c->base, BLOCK);
    if (cbc_mac(f, r, q, c->qlen / BLOCK) < 0) {
        return -1;
    }
    memcpy(w->s, r, BLOCK);
    for (size_t j = 1; j * BLOCK < c->d; j++) { /* S = R || E(R xor [1]) || ... */
        memcpy(blk, r, BLOCK);
        for (int k = 0; k < 8; k++) {
            blk[BLOCK - 1 - k] ^= (unsigned char)((uint64_t)j >> (8 * k));
        }
        if (aes_block(f, w->s + j * BLOCK, blk) < 0) {
            return -1;
        }
    }
    const size_t ny = c->d / 4;
    for (size_t k = 0; k < ny; k++) {
        const unsigned char *p = w->s + 4 * k;
        w->y[k] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    }
    size_t top = 0;
    for (size_t k = m; k-- > 0;) {
        w->ydig[k] = (uint16_t)limbs_divmod(w->y, ny, &top, f->radix);
    }
    sodium_memzero(r, sizeof r);
    sodium_memzero(blk, sizeof blk);
    return 0;
}

/* The checks every call shares; refuses what FF1 or our limits do not cover. */
static int ff1_check(const anon_ff1 *f, uint16_t *out, const uint16_t *in, size_t n,
                     const unsigned char *tweak, size_t tweak_len, outis_error *err)
{
    if (f == NULL || out == NULL || (in == NULL && n > 0) || (tweak == NULL && tweak_len > 0)) {
        return ou_err(err, OUTIS_EINVAL, "ff1: missing argument");
    }
    if (n > ANON_FF1_MAX_LEN) {
        return ou_err(err, OUTIS_EINVAL, "ff1: %zu numerals, more than the limit of %d", n,
                      ANON_FF1_MAX_LEN);
    }
    if ((uint64_t)tweak_len > UINT32_MAX) {
        return ou_err(err, OUTIS_EINVAL, "ff1: tweak of 2^32 bytes or more");
    }
    uint64_t domain = 1;
    for (size_t k = 0; k < n && domain < FF1_MIN_DOMAIN; k++) {
        domain *= f->radix;
    }
    if (domain < FF1_MIN_DOMAIN) {
        return ou_err(err, OUTIS_EINVAL,
                      "ff1: %zu numerals of radix %u give fewer than 1000000 values", n, f->radix);
    }
    for (size_t k = 0; k < n; k++) {
        if (in[k] >= f->radix) {
            return ou_err(err, OUTIS_EINVAL, "ff1: a numeral is not below the radix %u", f->radix);
        }
    }
    return 0;
}

/* Algorithm 7 (encrypt) or 8 (decrypt). */
static int ff1_crypt(anon_ff1 *f, uint16_t *out, const uint16_t *in, size_t n,
                     const unsigned char *tweak, size_t tweak_len, int decrypt, outis_error *err)
{
    int rc = ff1_check(f, out, in, n, tweak, tweak_len, err);
    if (rc < 0) {
        return rc;
    }
    ff1_work w = {0};
    ff1_call c;
    if ((rc = ff1_work_alloc(&w, n - n / 2, err)) < 0) {
        return rc;
    }
    if (ff1_setup(f, &c, &w, n, tweak, tweak_len) < 0) {
        rc = ou_err(err, OUTIS_EINTERNAL, "ff1: aes failed");
        goto done;
    }
    uint16_t *a = w.a, *b = w.b, *cc = w.c;
    size_t la = c.u, lb = c.v;
    memcpy(a, in, c.u * sizeof *in);
    memcpy(b, in + c.u, c.v * sizeof *in);
    for (unsigned r = 0; r < FF1_ROUNDS; r++) {
        const unsigned i = decrypt ? FF1_ROUNDS - 1 - r : r;
        const size_t m = i % 2 == 0 ? c.u : c.v;
        /* encrypt: Q from B, C = A + y; decrypt: Q from A, C = B - y; both mod radix^m */
        const uint16_t *from = decrypt ? a : b;
        const uint16_t *to = decrypt ? b : a;
        assert((decrypt ? lb : la) == m);
        if (ff1_round_y(f, &c, &w, i, from, decrypt ? la : lb, m) < 0) {
            rc = ou_err(err, OUTIS_EINTERNAL, "ff1: aes failed");
            goto done;
        }
        const long radix = (long)f->radix;
        long carry = 0;
        for (size_t k = m; k-- > 0;) {
            long s;
            if (decrypt) {
                s = (long)to[k] - w.ydig[k] - carry;
                carry = s < 0;
                s += carry * radix;
            } else {
                s = (long)to[k] + w.ydig[k] + carry;
                carry = s >= radix;
                s -= carry * radix;
            }
            cc[k] = (uint16_t)s;
        }
        uint16_t *const spare = decrypt ? b : a;
        if (decrypt) { /* B = A, A = C */
            b = a;
            lb = la;
            a = cc;
            la = m;
        } else { /* A = B, B = C */
            a = b;
            la = lb;
            b = cc;
            lb = m;
        }
        cc = spare;
    }
    memcpy(out, a, la * sizeof *out);
    memcpy(out + la, b, lb * sizeof *out);
done:
    ff1_work_free(&w);
    return rc;
}

int anon_ff1_encrypt(anon_ff1 *f, uint16_t *out, const uint16_t *in, size_t n,
                     const unsigned char *tweak, size_t tweak_len, outis_error *err)
{
    return ff1_crypt(f, out, in, n, tweak, tweak_len, 0, err);
}

int anon_ff1_decrypt(anon_ff1 *f, uint16_t *out, const uint16_t *in, size_t n,
                     const unsigned char *tweak, size_t tweak_len, outis_error *err)
{
    return ff1_crypt(f, out, in, n, tweak, tweak_len, 1, err);
}

int anon_fpe_string(char *out, const char *in, size_t len, anon_ff1 *f, const char *alphabet,
                    int decrypt, outis_error *err)
{
    if (out == NULL || (in == NULL && len > 0) || f == NULL || alphabet == NULL) {
        return ou_err(err, OUTIS_EINVAL, "fpe: missing argument");
    }
    int16_t digit[256];
    memset(digit, 0xff, sizeof digit); /* -1: not in the alphabet */
    const size_t radix = strlen(alphabet);
    for (size_t k = 0; k < radix; k++) {
        const unsigned char ch = (unsigned char)alphabet[k];
        if (ch >= 0x80 || digit[ch] >= 0) {
            return ou_err(err, OUTIS_EINVAL, "fpe: the alphabet must be distinct ASCII characters");
        }
        digit[ch] = (int16_t)k;
    }
    if (radix != f->radix) {
        return ou_err(err, OUTIS_EINVAL, "fpe: an alphabet of %zu characters for ff1 of radix %u",
                      radix, f->radix);
    }
    size_t n = 0;
    for (size_t k = 0; k < len; k++) {
        n += digit[(unsigned char)in[k]] >= 0;
    }
    uint16_t *num = ou_mallocarray(n > 0 ? n : 1, sizeof *num);
    if (num == NULL) {
        return ou_nomem(err);
    }
    for (size_t k = 0, j = 0; k < len; k++) {
        const int16_t dg = digit[(unsigned char)in[k]];
        if (dg >= 0) {
            num[j++] = (uint16_t)dg;
        }
    }
    int rc = decrypt ? anon_ff1_decrypt(f, num, num, n, NULL, 0, err)
                     : anon_ff1_encrypt(f, num, num, n, NULL, 0, err);
    if (rc == 0) {
        for (size_t k = 0, j = 0; k < len; k++) {
            out[k] = digit[(unsigned char)in[k]] >= 0 ? alphabet[num[j++]] : in[k];
        }
    }
    sodium_memzero(num, (n > 0 ? n : 1) * sizeof *num);
    ou_free(num);
    return rc;
}
