/* test_transform.c - the value transformations of anon/transform.h: HMAC-SHA256 against
 * RFC 4231, pseudonyms against an HMAC computed here, RFC 4648 encodings, FF1 against the
 * NIST samples and an independent Python implementation plus seeded round trips, masking of
 * UTF-8, date shifting against a day-by-day counter, and key files. */
#include "testutil.h"

#include "anon/transform.h"
#include "util/alloc.h"

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void hex_to_bin(unsigned char *out, const char *hex)
{
    size_t n = strlen(hex) / 2, len = 0;
    assert_int_equal(sodium_hex2bin(out, n, hex, 2 * n, NULL, &len, NULL), 0);
    assert_int_equal(len, n);
}

static void key_fill(unsigned char key[ANON_KEY_BYTES])
{
    for (int k = 0; k < ANON_KEY_BYTES; k++) {
        key[k] = (unsigned char)k;
    }
}

/* ---- HMAC and pseudonyms ---- */

static void hmac_hex(char out[65], const unsigned char *key, size_t klen, const void *msg,
                     size_t mlen)
{
    crypto_auth_hmacsha256_state st;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_init(&st, key, klen);
    crypto_auth_hmacsha256_update(&st, msg, mlen);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2hex(out, 65, mac, sizeof mac);
}

static void test_hmac_rfc4231(void **state)
{
    (void)state;
    unsigned char key[131];
    char hex[65];
    memset(key, 0x0b, 20); /* case 1 */
    hmac_hex(hex, key, 20, "Hi There", 8);
    assert_string_equal(hex, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    const char *jefe = "what do ya want for nothing?"; /* case 2 */
    hmac_hex(hex, (const unsigned char *)"Jefe", 4, jefe, strlen(jefe));
    assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    memset(key, 0xaa, sizeof key); /* case 6: a key longer than the block is hashed first */
    const char *big = "Test Using Larger Than Block-Size Key - Hash Key First";
    hmac_hex(hex, key, sizeof key, big, strlen(big));
    assert_string_equal(hex, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

static void test_encode(void **state)
{
    (void)state;
    /* RFC 4648 section 10, base32 lowercase without padding, and base16 */
    const char *in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char *b32[] = {"", "my", "mzxq", "mzxw6", "mzxw6yq", "mzxw6ytb", "mzxw6ytboi"};
    const char *b16[] = {"", "66", "666f", "666f6f", "666f6f62", "666f6f6261", "666f6f626172"};
    char out[32];
    for (size_t k = 0; k < sizeof in / sizeof *in; k++) {
        const unsigned char *p = (const unsigned char *)in[k];
        assert_int_equal(anon_encode(out, sizeof out, p, strlen(in[k]), ANON_BASE32, NULL), 0);
        assert_string_equal(out, b32[k]);
        assert_int_equal(anon_encode(out, sizeof out, p, strlen(in[k]), ANON_HEX, NULL), 0);
        assert_string_equal(out, b16[k]);
        /* exactly the length and its NUL fit; one byte less does not */
        assert_int_equal(anon_encode(out, strlen(b32[k]) + 1, p, strlen(in[k]), ANON_BASE32, NULL),
                         0);
        assert_int_equal(anon_encode(out, strlen(b32[k]), p, strlen(in[k]), ANON_BASE32, NULL),
                         OUTIS_EINVAL);
    }
    const unsigned char all[5] = {0xff, 0xff, 0xff, 0xff, 0xff};
    assert_int_equal(anon_encode(out, sizeof out, all, 5, ANON_BASE32, NULL), 0);
    assert_string_equal(out, "77777777");
    assert_int_equal(anon_encode(out, sizeof out, all, 5, 7, NULL), OUTIS_EINVAL);
}

static void test_pseudonym(void **state)
{
    (void)state;
    unsigned char key[ANON_KEY_BYTES];
    key_fill(key);
    const char *value = "alice@example.org";
    /* the message is domain || 0x00 || value; the HMAC computed here, independently */
    unsigned char msg[64], mac[crypto_auth_hmacsha256_BYTES];
    memcpy(msg, "email", 6);
    memcpy(msg + 6, value, strlen(value));
    crypto_auth_hmacsha256(mac, msg, 6 + strlen(value), key);
    char want[65], want32[53], out[80];
    sodium_bin2hex(want, sizeof want, mac, sizeof mac);
    assert_int_equal(anon_encode(want32, sizeof want32, mac, sizeof mac, ANON_BASE32, NULL), 0);
    /* and by Python's hmac and base64 */
    assert_string_equal(want, "81503257e00b021527efd4d19d4a5950213c0526fcc28e326a9017dcc425171e");
    assert_string_equal(want32, "qfidev7abmbbkj7p2tiz2sszkaqtybjg7tbi4mtksal5zrbfc4pa");

    assert_int_equal(anon_pseudonym(out, 65, key, "email", value, strlen(value), ANON_HEX, 0, NULL),
                     0);
    assert_string_equal(out, want);
    assert_int_equal(
        anon_pseudonym(out, 53, key, "email", value, strlen(value), ANON_BASE32, 0, NULL), 0);
    assert_string_equal(out, want32);
    assert_int_equal(
        anon_pseudonym(out, 17, key, "email", value, strlen(value), ANON_HEX, 16, NULL), 0);
    assert_string_equal(out, "81503257e00b0215");
    assert_int_equal(
        anon_pseudonym(out, 27, key, "email", value, strlen(value), ANON_BASE32, 26, NULL), 0);
    assert_string_equal(out, "qfidev7abmbbkj7p2tiz2sszka");
    /* another domain, another pseudonym; "email" || "a" is not "emai" || "la" */
    assert_int_equal(anon_pseudonym(out, 65, key, "user", value, strlen(value), ANON_HEX, 0, NULL),
                     0);
    assert_string_not_equal(out, want);
    char a[65], b[65];
    assert_int_equal(anon_pseudonym(a, 65, key, "email", "a", 1, ANON_HEX, 0, NULL), 0);
    assert_int_equal(anon_pseudonym(b, 65, key, "emai", "la", 2, ANON_HEX, 0, NULL), 0);
    assert_string_not_equal(a, b);
    /* refusals */
    outis_error err;
    assert_int_equal(anon_pseudonym(out, 64, key, "email", "x", 1, ANON_HEX, 0, &err),
                     OUTIS_EINVAL);
    assert_int_equal(anon_pseudonym(out, 80, key, "email", "x", 1, ANON_HEX, 65, &err),
                     OUTIS_EINVAL);
    assert_int_equal(anon_pseudonym(out, 80, key, "email", "x", 1, ANON_BASE32, 53, &err),
                     OUTIS_EINVAL);
    assert_int_equal(anon_pseudonym(out, 80, key, NULL, "x", 1, ANON_HEX, 0, &err), OUTIS_EINVAL);
    assert_int_equal(anon_pseudonym(out, 80, key, "", NULL, 0, ANON_HEX, 0, &err), 0);
}

/* ---- FF1 ---- */

static const char digits36[] = "0123456789abcdefghijklmnopqrstuvwxyz";

static size_t to_numerals(uint16_t *out, const char *s)
{
    size_t n = strlen(s);
    for (size_t k = 0; k < n; k++) {
        out[k] = (uint16_t)(strchr(digits36, s[k]) - digits36);
    }
    return n;
}

static void from_numerals(char *out, const uint16_t *x, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        out[k] = digits36[x[k]];
    }
    out[n] = '\0';
}

/* Encrypts pt and decrypts ct (radix <= 36, numerals written in 0-9a-z). */
static void check_ff1(const char *key_hex, unsigned radix, const char *tweak_hex, const char *pt,
                      const char *ct)
{
    unsigned char key[32], tweak[64];
    uint16_t x[400], y[400];
    char s[401];
    hex_to_bin(key, key_hex);
    hex_to_bin(tweak, tweak_hex);
    anon_ff1 *f = NULL;
    outis_error err;
    assert_int_equal(anon_ff1_new(&f, key, strlen(key_hex) / 2, radix, &err), 0);
    size_t n = to_numerals(x, pt);
    assert_int_equal(anon_ff1_encrypt(f, y, x, n, tweak, strlen(tweak_hex) / 2, &err), 0);
    from_numerals(s, y, n);
    assert_string_equal(s, ct);
    assert_int_equal(anon_ff1_decrypt(f, x, y, n, tweak, strlen(tweak_hex) / 2, &err), 0);
    from_numerals(s, x, n);
    assert_string_equal(s, pt);
    anon_ff1_free(f);
}

#define K128 "2B7E151628AED2A6ABF7158809CF4F3C"
#define K192 K128 "EF4359D8D580AA4F"
#define K256 K192 "7F036D6F04FC6A94"

static void test_ff1_nist(void **state)
{
    (void)state;
    /* NIST FF1samples.pdf, as quoted in REFERENCES section 5 */
    check_ff1(K128, 10, "", "0123456789", "2433477484");                     /* 1 */
    check_ff1(K128, 10, "39383736353433323130", "0123456789", "6124200773"); /* 2 */
    check_ff1(K128, 36, "3737373770717273373737", "0123456789abcdefghi",
              "a9tv40mll9kdu509eum");                    /* 3 */
    check_ff1(K192, 10, "", "0123456789", "2830668132"); /* 4 */
    check_ff1(K256, 36, "3737373770717273373737", "0123456789abcdefghi",
              "xs8a0azh2avyalyzuwd"); /* 9 */
}

static void test_ff1_long(void **state)
{
    (void)state;
    /* From an independent Python implementation (Python integers, AES of `cryptography`),
     * which reproduces the NIST samples: inputs long enough that S takes several blocks
     * (d = 28, 28, 4 and 184 bytes). */
    char pt[301];
    for (int k = 0; k < 100; k++) {
        pt[k] = (char)('0' + k % 10);
    }
    pt[100] = '\0';
    check_ff1(K128, 10, "000102030405060708090a0b0c0d0e0f10111213", pt,
              "661517657283722935947108613414089336934515417997527069116086399130595566579488400"
              "8333973589612499890");
    check_ff1(K192, 2, "", "10101010101010101010", "01101011000101001100");
    for (int k = 0; k < 300; k++) {
        pt[k] = digits36[(k * k) % 26];
    }
    pt[300] = '\0';
    check_ff1(K128, 26, "6f757469732d37", pt,
              "0cao5nocm7hb9obj20hhhea159d887e8h15cc03mcc2d568447n51fmokhb1313m3p67fpafn25834gpk"
              "05aai6d0h5hagem8a03mjlb2c4lf5cn73g1acn95ed9bl81pbmp19f6epo7lof0d10hoki742ig79kk4nd"
              "2m3k184jamgk3njd1hibi609bobi4jfdgk638oph6l9h9mkldgm5bna8gbd8d28a0o4k7k21g6haocf1g4"
              "4pcbljeanf4li1p6ni3ae474b35an7p1eka9d4fcdob7aecnigkad8k");
    /* radix 2^16, a 33-byte tweak, AES-256 */
    unsigned char key[32], tweak[33];
    hex_to_bin(key, K256);
    for (int k = 0; k < 33; k++) {
        tweak[k] = (unsigned char)(100 + k);
    }
    uint16_t x[21], y[21];
    const uint16_t want[21] = {44068, 20945, 22037, 7055,  8561,  5654,  26269,
                               32334, 59178, 63593, 27305, 53738, 33431, 37706,
                               5364,  2157,  57905, 22773, 27692, 43579, 56658};
    for (int k = 0; k < 21; k++) {
        x[k] = (uint16_t)((k * 7919) % 65536);
    }
    anon_ff1 *f = NULL;
    assert_int_equal(anon_ff1_new(&f, key, 32, 65536, NULL), 0);
    assert_int_equal(anon_ff1_encrypt(f, y, x, 21, tweak, 33, NULL), 0);
    assert_memory_equal(y, want, sizeof want);
    assert_int_equal(anon_ff1_decrypt(f, y, y, 21, tweak, 33, NULL), 0); /* in place */
    assert_memory_equal(y, x, sizeof x);
    anon_ff1_free(f);
}

/* The shortest length with radix^n >= 10^6. */
static size_t min_len(unsigned radix)
{
    size_t n = 0;
    for (uint64_t d = 1; d < 1000000; d *= radix) {
        n++;
    }
    return n;
}

static void test_ff1_round_trips(void **state)
{
    (void)state;
    const uint64_t seed = 20240611;
    uint64_t rng = seed;
    const unsigned radixes[] = {2, 3, 10, 26, 36, 255, 256, 1000, 65535, 65536};
    uint16_t x[130], y[130], z[130];
    unsigned char key[32], tweak[40];
    for (size_t r = 0; r < sizeof radixes / sizeof *radixes; r++) {
        const unsigned radix = radixes[r];
        for (int trial = 0; trial < 40; trial++) {
            const size_t key_len = 16 + 8 * (test_rng(&rng) % 3);
            const size_t n = min_len(radix) + test_rng(&rng) % 100;
            const size_t t = test_rng(&rng) % sizeof tweak;
            for (size_t k = 0; k < sizeof key; k++) {
                key[k] = (unsigned char)test_rng(&rng);
            }
            for (size_t k = 0; k < t; k++) {
                tweak[k] = (unsigned char)test_rng(&rng);
            }
            for (size_t k = 0; k < n; k++) {
                x[k] = (uint16_t)(test_rng(&rng) % radix);
            }
            anon_ff1 *f = NULL;
            assert_int_equal(anon_ff1_new(&f, key, key_len, radix, NULL), 0);
            int is_ok = anon_ff1_encrypt(f, y, x, n, tweak, t, NULL) == 0;
            for (size_t k = 0; is_ok && k < n; k++) {
                is_ok = y[k] < radix;
            }
            is_ok = is_ok && anon_ff1_decrypt(f, z, y, n, tweak, t, NULL) == 0 &&
                    memcmp(x, z, n * sizeof *x) == 0;
            anon_ff1_free(f);
            if (!is_ok) {
                fail_msg("seed %llu: radix %u, n %zu, tweak %zu: no round trip",
                         (unsigned long long)seed, radix, n, t);
            }
        }
    }
}

static void test_ff1_limits(void **state)
{
    (void)state;
    unsigned char key[16] = {0};
    anon_ff1 *f = NULL;
    outis_error err;
    assert_int_equal(anon_ff1_new(&f, key, 15, 10, &err), OUTIS_EINVAL);
    assert_null(f);
    assert_int_equal(anon_ff1_new(&f, key, 16, 1, &err), OUTIS_EINVAL);
    assert_int_equal(anon_ff1_new(&f, key, 16, 65537, &err), OUTIS_EINVAL);
    const struct {
        unsigned radix;
        size_t min;
    } dom[] = {{2, 20}, {10, 6}, {36, 4}, {1000, 2}, {65536, 2}};
    uint16_t *x = calloc(ANON_FF1_MAX_LEN + 1, sizeof *x);
    uint16_t *y = calloc(ANON_FF1_MAX_LEN + 1, sizeof *y);
    assert_non_null(x);
    assert_non_null(y);
    for (size_t k = 0; k < sizeof dom / sizeof *dom; k++) {
        assert_int_equal(anon_ff1_new(&f, key, 16, dom[k].radix, &err), 0);
        assert_int_equal(anon_ff1_encrypt(f, y, x, dom[k].min - 1, NULL, 0, &err), OUTIS_EINVAL);
        assert_non_null(strstr(err.message, "1000000"));
        assert_int_equal(anon_ff1_decrypt(f, y, x, dom[k].min - 1, NULL, 0, &err), OUTIS_EINVAL);
        assert_int_equal(anon_ff1_encrypt(f, y, x, dom[k].min, NULL, 0, &err), 0);
        anon_ff1_free(f);
    }
    assert_int_equal(anon_ff1_new(&f, key, 16, 10, &err), 0);
    assert_int_equal(anon_ff1_encrypt(f, y, x, 1, NULL, 0, &err), OUTIS_EINVAL);
    assert_int_equal(anon_ff1_encrypt(f, y, x, 0, NULL, 0, &err), OUTIS_EINVAL);
    x[3] = 10; /* not a numeral of radix 10 */
    assert_int_equal(anon_ff1_encrypt(f, y, x, 8, NULL, 0, &err), OUTIS_EINVAL);
    x[3] = 9;
    assert_int_equal(anon_ff1_encrypt(f, y, x, 8, NULL, 1, &err), OUTIS_EINVAL); /* no tweak */
    /* the longest input works both ways; one numeral more is refused */
    for (size_t k = 0; k < ANON_FF1_MAX_LEN; k++) {
        x[k] = (uint16_t)(k % 10);
    }
    assert_int_equal(anon_ff1_encrypt(f, y, x, ANON_FF1_MAX_LEN, NULL, 0, &err), 0);
    assert_int_equal(anon_ff1_decrypt(f, y, y, ANON_FF1_MAX_LEN, NULL, 0, &err), 0);
    assert_memory_equal(x, y, ANON_FF1_MAX_LEN * sizeof *x);
    assert_int_equal(anon_ff1_encrypt(f, y, x, ANON_FF1_MAX_LEN + 1, NULL, 0, &err), OUTIS_EINVAL);
    anon_ff1_free(f);
    anon_ff1_free(NULL);
    free(x);
    free(y);
}

static void test_fpe_string(void **state)
{
    (void)state;
    unsigned char key[16];
    hex_to_bin(key, K128);
    anon_ff1 *f10 = NULL, *f36 = NULL;
    outis_error err;
    assert_int_equal(anon_ff1_new(&f10, key, 16, 10, NULL), 0);
    assert_int_equal(anon_ff1_new(&f36, key, 16, 36, NULL), 0);
    char out[64], back[64];
    /* sample 1 again, through the string interface (empty tweak) */
    assert_int_equal(anon_fpe_string(out, "0123456789", 10, f10, "0123456789", 0, &err), 0);
    assert_memory_equal(out, "2433477484", 10);
    /* the dash stays; the digits are the sample's, which are read around it */
    assert_int_equal(anon_fpe_string(out, "01234-56789", 11, f10, "0123456789", 0, &err), 0);
    assert_memory_equal(out, "24334-77484", 11);
    assert_int_equal(anon_fpe_string(back, out, 11, f10, "0123456789", 1, &err), 0);
    assert_memory_equal(back, "01234-56789", 11);
    /* bytes outside the alphabet (lowercase, UTF-8) stay where they are */
    const char *id = "AB12-cd34 \xc3\xa9 XY";
    const size_t len = strlen(id);
    const char *al36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    assert_int_equal(anon_fpe_string(out, id, len, f36, al36, 0, &err), 0);
    for (size_t k = 0; k < len; k++) {
        assert_true((strchr(al36, id[k]) != NULL) == (strchr(al36, out[k]) != NULL));
        if (strchr(al36, id[k]) == NULL) {
            assert_int_equal(out[k], id[k]);
        }
    }
    assert_memory_not_equal(out, id, len);
    memcpy(back, out, len); /* in place */
    assert_int_equal(anon_fpe_string(back, back, len, f36, al36, 1, &err), 0);
    assert_memory_equal(back, id, len);
    /* refusals: too few numerals, an alphabet that is not the radix, repeated or not ASCII */
    assert_int_equal(anon_fpe_string(out, "12-345", 6, f10, "0123456789", 0, &err), OUTIS_EINVAL);
    assert_null(strstr(err.message, "12"));
    assert_int_equal(anon_fpe_string(out, "123456", 6, f36, "0123456789", 0, &err), OUTIS_EINVAL);
    assert_int_equal(anon_fpe_string(out, "123456", 6, f10, "0123456788", 0, &err), OUTIS_EINVAL);
    assert_int_equal(anon_fpe_string(out, "123456", 6, f10, "012345678\xc3", 0, &err),
                     OUTIS_EINVAL);
    anon_ff1_free(f10);
    anon_ff1_free(f36);
}

/* ---- masking ---- */

static void check_mask(const char *in, size_t first, size_t last, const char *want)
{
    char out[64];
    outis_error err;
    assert_int_equal(anon_mask(out, sizeof out, in, strlen(in), first, last, '*', &err), 0);
    assert_string_equal(out, want);
    /* exactly enough room, then one byte less */
    assert_int_equal(anon_mask(out, strlen(want) + 1, in, strlen(in), first, last, '*', &err), 0);
    assert_int_equal(anon_mask(out, strlen(want), in, strlen(in), first, last, '*', &err),
                     OUTIS_EINVAL);
}

static void test_mask(void **state)
{
    (void)state;
    check_mask("4111111111111111", 0, 4, "************1111");
    check_mask("alice@example.org", 2, 0, "al***************");
    check_mask("\xe5\xbc\xa0\xe4\xb8\x89\xe4\xb8\xb0", 1, 0, "\xe5\xbc\xa0**"); /* 张三丰 -> 张** */
    check_mask("\xe5\xbc\xa0\xe4\xb8\x89\xe4\xb8\xb0", 1, 1,
               "\xe5\xbc\xa0*\xe4\xb8\xb0");                    /* 张*丰 */
    check_mask("\xe5\xbc\xa0\xe4\xb8\x89", 1, 1, "**");         /* never shown whole */
    check_mask("Zo\xc3\xab M\xc3\xbcller", 1, 1, "Z********r"); /* Zoë Müller */
    check_mask("\xf0\x9f\x98\x80"
               "abc",
               1, 1, "\xf0\x9f\x98\x80**c");
    check_mask("abc", 0, 0, "***");
    check_mask("abc", 5, 0, "***");
    check_mask("abc", SIZE_MAX, SIZE_MAX, "***");
    check_mask("abcd", 2, 1, "ab*d");
    check_mask("", 1, 1, "");
    char out[16];
    outis_error err;
    assert_int_equal(anon_mask(out, sizeof out,
                               "a\xff"
                               "bc",
                               4, 1, 1, '*', &err),
                     OUTIS_EPARSE);
    assert_int_equal(anon_mask(out, sizeof out, "\xe5\xbc", 2, 1, 1, '*', &err), OUTIS_EPARSE);
    assert_int_equal(anon_mask(out, sizeof out, "abc", 3, 1, 1, '\xe5', &err), OUTIS_EINVAL);
    assert_int_equal(anon_mask(out, sizeof out, "abc", 3, 1, 1, 'x', &err), 0);
    assert_string_equal(out, "axc");
}

/* ---- date shifting ---- */

typedef struct ymd {
    int y, m, d;
} ymd;

static int month_days(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return len[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/* The brute-force counter: one day at a time. */
static ymd brute_add(ymd t, long days)
{
    for (; days > 0; days--) {
        if (++t.d > month_days(t.y, t.m)) {
            t.d = 1;
            if (++t.m > 12) {
                t.m = 1;
                t.y++;
            }
        }
    }
    for (; days < 0; days++) {
        if (--t.d < 1) {
            if (--t.m < 1) {
                t.m = 12;
                t.y--;
            }
            t.d = month_days(t.y, t.m);
        }
    }
    return t;
}

static int ymd_cmp(ymd a, ymd b)
{
    return a.y != b.y ? a.y - b.y : a.m != b.m ? a.m - b.m : a.d - b.d;
}

/* Days from a to b (brute force; b within a few years of a). */
static long brute_diff(ymd a, ymd b)
{
    long n = 0;
    for (; ymd_cmp(a, b) < 0; n++) {
        a = brute_add(a, 1);
    }
    for (; ymd_cmp(a, b) > 0; n--) {
        a = brute_add(a, -1);
    }
    return n;
}

static void ymd_str(char out[11], ymd t)
{
    snprintf(out, 11, "%04d-%02d-%02d", t.y, t.m, t.d);
}

static ymd shift_ok(const unsigned char *key, const char *person, ymd t, unsigned max_days)
{
    char in[11], out[11];
    ymd_str(in, t);
    outis_error err;
    if (anon_date_shift(out, sizeof out, in, 10, key, person, strlen(person), max_days, &err) !=
        0) {
        fail_msg("%s: %s", in, err.message);
    }
    ymd r;
    assert_int_equal(sscanf(out, "%4d-%2d-%2d", &r.y, &r.m, &r.d), 3);
    return r;
}

static void test_date_shift_brute(void **state)
{
    (void)state;
    unsigned char key[ANON_KEY_BYTES];
    key_fill(key);
    const ymd base = {2020, 1, 15};
    /* the same person, the same shift on every day from 1899-12 to 2101-01: leap years (2000)
     * and the years that are not (1900, 2100), every month end */
    const long s = brute_diff(base, shift_ok(key, "patient-17", base, 400));
    assert_true(s >= -400 && s <= 400 && s != 0);
    for (ymd t = {1899, 12, 1}; ymd_cmp(t, (ymd){2101, 2, 1}) < 0; t = brute_add(t, 1)) {
        const ymd got = shift_ok(key, "patient-17", t, 400), want = brute_add(t, s);
        if (ymd_cmp(got, want) != 0) {
            fail_msg("%04d-%02d-%02d + %ld: %04d-%02d-%02d, expected %04d-%02d-%02d", t.y, t.m, t.d,
                     s, got.y, got.m, got.d, want.y, want.m, want.d);
        }
    }
    /* no shift: the identity over the whole range, a day in every 97 */
    for (ymd t = {0, 1, 1}; t.y < 10000; t = brute_add(t, 97)) {
        assert_int_equal(ymd_cmp(shift_ok(key, "anyone", t, 0), t), 0);
    }
    assert_int_equal(ymd_cmp(shift_ok(key, "anyone", (ymd){9999, 12, 31}, 0), (ymd){9999, 12, 31}),
                     0);
}

static void test_date_shift_bounds(void **state)
{
    (void)state;
    unsigned char key[ANON_KEY_BYTES];
    key_fill(key);
    const ymd base = {2000, 2, 29};
    long lo = 0, hi = 0, shift[100];
    char person[32];
    for (int p = 0; p < 500; p++) {
        snprintf(person, sizeof person, "p%d", p);
        const long s = brute_diff(base, shift_ok(key, person, base, 10));
        assert_true(s >= -10 && s <= 10);
        lo = s < lo ? s : lo;
        hi = s > hi ? s : hi;
        if (p < 100) {
            shift[p] = s;
        }
    }
    assert_int_equal(lo, -10); /* both ends are reached */
    assert_int_equal(hi, 10);
    /* two people with opposite shifts undo each other */
    int p = -1, q = -1;
    for (int i = 0; i < 100 && q < 0; i++) {
        for (int j = 0; j < 100 && q < 0; j++) {
            if (shift[i] != 0 && shift[i] == -shift[j]) {
                p = i;
                q = j;
            }
        }
    }
    assert_true(q >= 0);
    char pp[32], qq[32];
    snprintf(pp, sizeof pp, "p%d", p);
    snprintf(qq, sizeof qq, "p%d", q);
    for (ymd t = {1999, 1, 1}; t.y < 2002; t = brute_add(t, 1)) {
        assert_int_equal(ymd_cmp(shift_ok(key, qq, shift_ok(key, pp, t, 10), 10), t), 0);
    }
    /* a shift that leaves years 0000-9999 is refused at one end or the other */
    const long s = brute_diff((ymd){5000, 1, 1}, shift_ok(key, "edge", (ymd){5000, 1, 1}, 1000));
    assert_true(s != 0);
    char out[11];
    outis_error err;
    const char *end = s < 0 ? "0000-01-01" : "9999-12-31";
    assert_int_equal(anon_date_shift(out, sizeof out, end, 10, key, "edge", 4, 1000, &err),
                     OUTIS_EINVAL);
}

static void test_date_shift_format(void **state)
{
    (void)state;
    unsigned char key[ANON_KEY_BYTES];
    key_fill(key);
    char out[40], want[40];
    outis_error err;
    /* the time part is kept; the date moves as the bare date does */
    const ymd d = shift_ok(key, "p1", (ymd){2020, 3, 1}, 30);
    snprintf(want, sizeof want, "%04d-%02d-%02dT12:34:56Z", d.y, d.m, d.d);
    assert_int_equal(
        anon_date_shift(out, sizeof out, "2020-03-01T12:34:56Z", 20, key, "p1", 2, 30, &err), 0);
    assert_string_equal(out, want);
    want[10] = ' ';
    assert_int_equal(
        anon_date_shift(out, sizeof out, "2020-03-01 12:34:56Z", 20, key, "p1", 2, 30, &err), 0);
    assert_string_equal(out, want);
    assert_int_equal(anon_date_shift(out, 20, "2020-03-01 12:34:56Z", 20, key, "p1", 2, 30, &err),
                     OUTIS_EINVAL);
    /* only the first len bytes are read */
    assert_int_equal(anon_date_shift(out, sizeof out, "2020-03-01junk", 10, key, "p1", 2, 0, &err),
                     0);
    assert_string_equal(out, "2020-03-01");
    const char *bad[] = {"2023-02-29", "1900-02-29", "2024-04-31",       "2024-13-01", "2024-00-10",
                         "2024-01-00", "2024-01-32", "2024-1-01",        "20240101",   "2024/01/01",
                         "abcd-ef-gh", "",           "2024-01-01X12:00", "+024-01-01"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        memset(&err, 0, sizeof err);
        const int rc =
            anon_date_shift(out, sizeof out, bad[k], strlen(bad[k]), key, "p1", 2, 30, &err);
        if (rc != OUTIS_EPARSE) {
            fail_msg("'%s': %d", bad[k], rc);
        }
        assert_true(err.message[0] != '\0');
        if (bad[k][0] != '\0' && strstr(err.message, bad[k]) != NULL) {
            fail_msg("the message shows the value: %s", err.message);
        }
    }
    assert_int_equal(anon_date_shift(out, sizeof out, "2024-02-29", 10, key, "p1", 2, 0, &err), 0);
    assert_string_equal(out, "2024-02-29");
    assert_int_equal(anon_date_shift(out, sizeof out, "2000-02-29", 10, key, "p1", 2, 0, &err), 0);
}

/* ---- key files ---- */

typedef struct tmpdir {
    char dir[64];
    char path[128];
} tmpdir;

static const char *tmp_path(tmpdir *t, const char *name)
{
    snprintf(t->path, sizeof t->path, "%s/%s", t->dir, name);
    return t->path;
}

static void write_file(const char *path, const void *data, size_t n, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(fchmod(fd, mode), 0);
    assert_int_equal(write(fd, data, n), (ssize_t)n);
    assert_int_equal(close(fd), 0);
}

static void test_key_read(void **state)
{
    (void)state;
    tmpdir t;
    snprintf(t.dir, sizeof t.dir, "/tmp/outis-test-key-XXXXXX");
    assert_non_null(mkdtemp(t.dir));
    const char *hex = "000102030405060708090a0b0c0d0e0f101112131415161718191A1B1C1D1E1F\n";
    unsigned char want[ANON_KEY_BYTES], key[ANON_KEY_BYTES];
    key_fill(want);
    outis_error err;
    write_file(tmp_path(&t, "hexnl"), hex, 65, 0600);
    assert_int_equal(anon_key_read(key, t.path, &err), 0);
    assert_memory_equal(key, want, sizeof key);
    write_file(tmp_path(&t, "hex"), hex, 64, 0400);
    assert_int_equal(anon_key_read(key, t.path, &err), 0);
    assert_memory_equal(key, want, sizeof key);
    write_file(tmp_path(&t, "raw"), want, 32, 0600);
    assert_int_equal(anon_key_read(key, t.path, &err), 0);
    assert_memory_equal(key, want, sizeof key);
    /* refusals */
    write_file(tmp_path(&t, "open"), hex, 65, 0644);
    assert_int_equal(anon_key_read(key, t.path, &err), OUTIS_EINVAL);
    assert_non_null(strstr(err.message, "chmod 600"));
    assert_string_equal(err.source, t.path);
    write_file(tmp_path(&t, "group"), hex, 65, 0640);
    assert_int_equal(anon_key_read(key, t.path, &err), OUTIS_EINVAL);
    assert_int_equal(anon_key_read(key, tmp_path(&t, "missing"), &err), OUTIS_EIO);
    write_file(tmp_path(&t, "short"), hex, 20, 0600);
    assert_int_equal(anon_key_read(key, t.path, &err), OUTIS_EINVAL);
    assert_non_null(strstr(err.message, "short"));
    const unsigned char zero[ANON_KEY_BYTES] = {0};
    assert_memory_equal(key, zero, sizeof key); /* wiped on failure */
    write_file(tmp_path(&t, "long"),
               "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f00", 66, 0600);
    assert_int_equal(anon_key_read(key, t.path, &err), OUTIS_EINVAL);
    write_file(tmp_path(&t, "nothex"),
               "zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 64, 0600);
    assert_int_equal(anon_key_read(key, t.path, &err), OUTIS_EINVAL);
    write_file(tmp_path(&t, "crlf"),
               "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\r\n", 66, 0600);
    assert_int_equal(anon_key_read(key, t.path, &err), OUTIS_EINVAL);
    assert_int_equal(anon_key_read(key, t.dir, &err), OUTIS_EINVAL); /* a directory */
    const char *names[] = {"hexnl", "hex",  "raw",    "open", "group",
                           "short", "long", "nothex", "crlf"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        assert_int_equal(unlink(tmp_path(&t, names[k])), 0);
    }
    assert_int_equal(rmdir(t.dir), 0);
}

static void test_key_write(void **state)
{
    (void)state;
    tmpdir t;
    snprintf(t.dir, sizeof t.dir, "/tmp/outis-test-key-XXXXXX");
    assert_non_null(mkdtemp(t.dir));
    const mode_t old = umask(022);
    outis_error err;
    assert_int_equal(anon_key_write(tmp_path(&t, "k"), &err), 0);
    struct stat st;
    assert_int_equal(stat(t.path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, 65);
    unsigned char key[ANON_KEY_BYTES], again[ANON_KEY_BYTES];
    assert_int_equal(anon_key_read(key, t.path, &err), 0);
    /* never overwritten */
    assert_int_equal(anon_key_write(t.path, &err), OUTIS_EINVAL);
    assert_non_null(strstr(err.message, "exists"));
    assert_int_equal(anon_key_read(again, t.path, &err), 0);
    assert_memory_equal(key, again, sizeof key);
    /* a second key differs */
    char path2[128];
    snprintf(path2, sizeof path2, "%s/k2", t.dir);
    umask(0277); /* the owner still gets read and write */
    assert_int_equal(anon_key_write(path2, &err), 0);
    assert_int_equal(stat(path2, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(anon_key_read(again, path2, &err), 0);
    assert_memory_not_equal(key, again, sizeof key);
    assert_int_equal(anon_key_write("/nonexistent-dir/k", &err), OUTIS_EIO);
    umask(old);
    assert_int_equal(unlink(t.path), 0);
    assert_int_equal(unlink(path2), 0);
    assert_int_equal(rmdir(t.dir), 0);
}

#ifdef OUTIS_ALLOC_TESTING
/* Every allocation of FF1 and of the string interface fails cleanly. */
static void test_alloc_failures(void **state)
{
    (void)state;
    unsigned char key[16] = {1};
    for (size_t nth = 1;; nth++) {
        ou_alloc_fail_at(nth);
        anon_ff1 *f = NULL;
        char out[16];
        outis_error err;
        int rc = anon_ff1_new(&f, key, 16, 10, &err);
        if (rc == 0) {
            rc = anon_fpe_string(out, "0123-456789", 11, f, "0123456789", 0, &err);
        }
        ou_alloc_fail_at(0);
        anon_ff1_free(f);
        if (rc == 0) {
            assert_true(nth > 2);
            break;
        }
        assert_int_equal(rc, OUTIS_ENOMEM);
    }
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hmac_rfc4231),
        cmocka_unit_test(test_encode),
        cmocka_unit_test(test_pseudonym),
        cmocka_unit_test(test_ff1_nist),
        cmocka_unit_test(test_ff1_long),
        cmocka_unit_test(test_ff1_round_trips),
        cmocka_unit_test(test_ff1_limits),
        cmocka_unit_test(test_fpe_string),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_date_shift_brute),
        cmocka_unit_test(test_date_shift_bounds),
        cmocka_unit_test(test_date_shift_format),
        cmocka_unit_test(test_key_read),
        cmocka_unit_test(test_key_write),
#ifdef OUTIS_ALLOC_TESTING
        cmocka_unit_test(test_alloc_failures),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
