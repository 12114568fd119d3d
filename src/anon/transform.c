/* transform.c - the value transformations of transform.h but FF1 (ff1.c): key files, keyed
 * pseudonyms (HMAC-SHA256 from libsodium, RFC 2104), hex and base32 (RFC 4648) encoding,
 * masking of UTF-8 characters, and per-person date shifting with Hinnant's civil-date
 * algorithms. */
#include "transform.h"

#include "util/alloc.h"
#include "util/fdio.h"
#include "util/bytes.h"
#include "util/error_int.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_HEX (2 * ANON_KEY_BYTES)
#define HMAC_BYTES crypto_auth_hmacsha256_BYTES
#define DATE_LEN 10 /* YYYY-MM-DD */

/* ---- keys ---- */

/* The key from a file's bytes: ANON_KEY_BYTES raw, or KEY_HEX hex digits and maybe '\n'. */
static int key_parse(unsigned char key[ANON_KEY_BYTES], const unsigned char *buf, size_t n,
                     outis_error *err)
{
    if (n == ANON_KEY_BYTES) {
        memcpy(key, buf, ANON_KEY_BYTES);
        return 0;
    }
    if (n < ANON_KEY_BYTES) {
        return ou_err(err, OUTIS_EINVAL,
                      "key file is too short: %zu bytes, not %d raw bytes or %d hex digits", n,
                      ANON_KEY_BYTES, KEY_HEX);
    }
    size_t bin_len = 0;
    const char *end = NULL;
    if ((n == KEY_HEX || (n == KEY_HEX + 1 && buf[KEY_HEX] == '\n')) &&
        sodium_hex2bin(key, ANON_KEY_BYTES, (const char *)buf, KEY_HEX, NULL, &bin_len, &end) ==
            0 &&
        bin_len == ANON_KEY_BYTES && end == (const char *)buf + KEY_HEX) {
        return 0;
    }
    return ou_err(err, OUTIS_EINVAL, "key file is neither %d raw bytes nor %d hex digits",
                  ANON_KEY_BYTES, KEY_HEX);
}

int anon_key_read(unsigned char key[ANON_KEY_BYTES], const char *path, outis_error *err)
{
    if (key == NULL || path == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no key file");
    }
    sodium_memzero(key, ANON_KEY_BYTES);
    unsigned char buf[KEY_HEX + 2]; /* one byte more than any valid file, to see longer ones */
    size_t n = 0;
    int rc = 0;
    const int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        rc = ou_err_errno(err, "cannot read key file", errno);
    } else if (!S_ISREG(st.st_mode)) {
        rc = ou_err(err, OUTIS_EINVAL, "key file is not a regular file");
    } else if ((st.st_mode & 077) != 0) {
        rc = ou_err(err, OUTIS_EINVAL,
                    "key file is readable or writable by group or others (mode %03o): chmod 600 "
                    "it",
                    (unsigned)(st.st_mode & 0777));
    } else if (ou_read_full(fd, buf, sizeof buf, &n, NULL) < 0) {
        rc = ou_err_errno(err, "cannot read key file", errno);
    } else {
        rc = key_parse(key, buf, n, err);
    }
    if (fd >= 0) {
        close(fd);
    }
    if (rc < 0) {
        sodium_memzero(key, ANON_KEY_BYTES);
        ou_err_source(err, path);
    }
    sodium_memzero(buf, sizeof buf);
    return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        const ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int anon_key_write(const char *path, outis_error *err)
{
    if (path == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no key file");
    }
    if (sodium_init() < 0) {
        return ou_err(err, OUTIS_EINTERNAL, "libsodium cannot be initialised");
    }
    const int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        const int rc = errno == EEXIST ? ou_err(err, OUTIS_EINVAL,
                                                "key file exists: a key is never overwritten")
                                       : ou_err_errno(err, "cannot create key file", errno);
        ou_err_source(err, path);
        return rc;
    }
    unsigned char key[ANON_KEY_BYTES];
    char hex[KEY_HEX + 2];
    randombytes_buf(key, sizeof key);
    sodium_bin2hex(hex, KEY_HEX + 1, key, sizeof key);
    hex[KEY_HEX] = '\n';
    int rc = 0;
    /* a umask cannot widen 0600, but may narrow it so that the owner cannot read the key */
    if (fchmod(fd, 0600) < 0 || write_all(fd, hex, KEY_HEX + 1) < 0 || fsync(fd) < 0) {
        rc = ou_err_errno(err, "cannot write key file", errno);
    }
    if (close(fd) < 0 && rc == 0) {
        rc = ou_err_errno(err, "cannot write key file", errno);
    }
    if (rc < 0) {
        unlink(path); /* a half-written key must not be used later */
        ou_err_source(err, path);
    }
    sodium_memzero(key, sizeof key);
    sodium_memzero(hex, sizeof hex);
    return rc;
}

/* ---- pseudonyms ---- */

static const char base32_alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";

int anon_encode(char *out, size_t cap, const unsigned char *in, size_t n, int encoding,
                outis_error *err)
{
    if (out == NULL || (in == NULL && n > 0) || (encoding != ANON_HEX && encoding != ANON_BASE32)) {
        return ou_err(err, OUTIS_EINVAL, "encode: bad argument");
    }
    if (n > (SIZE_MAX - 1) / 2 ||
        (encoding == ANON_HEX ? 2 * n : (8 * (n / 5) + (8 * (n % 5) + 4) / 5)) >= cap) {
        return ou_err(err, OUTIS_EINVAL, "encode: output buffer too small");
    }
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    if (encoding == ANON_HEX) {
        for (size_t k = 0; k < n; k++) {
            out[o++] = hex[in[k] >> 4];
            out[o++] = hex[in[k] & 15];
        }
    } else {
        /* RFC 4648 section 6: 5-bit groups, most significant first, the last zero-filled */
        uint32_t acc = 0;
        unsigned bits = 0;
        for (size_t k = 0; k < n; k++) {
            acc = (acc << 8 | in[k]) & 0xfff;
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[o++] = base32_alphabet[(acc >> bits) & 31];
            }
        }
        if (bits > 0) {
            out[o++] = base32_alphabet[(acc << (5 - bits)) & 31];
        }
    }
    out[o] = '\0';
    return 0;
}

/* mac = HMAC-SHA256(key, domain || 0x00 || value). */
static void anon_hmac(unsigned char mac[HMAC_BYTES], const unsigned char key[ANON_KEY_BYTES],
                      const char *domain, const void *value, size_t len)
{
    static const unsigned char zero = 0;
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, ANON_KEY_BYTES);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)domain, strlen(domain));
    crypto_auth_hmacsha256_update(&st, &zero, 1);
    crypto_auth_hmacsha256_update(&st, value, len);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_memzero(&st, sizeof st);
}

int anon_pseudonym(char *out, size_t cap, const unsigned char key[ANON_KEY_BYTES],
                   const char *domain, const char *value, size_t len, int encoding, size_t chars,
                   outis_error *err)
{
    if (out == NULL || key == NULL || domain == NULL || (value == NULL && len > 0) ||
        (encoding != ANON_HEX && encoding != ANON_BASE32)) {
        return ou_err(err, OUTIS_EINVAL, "pseudonym: bad argument");
    }
    const size_t full = encoding == ANON_HEX ? 2 * HMAC_BYTES : (8 * HMAC_BYTES + 4) / 5;
    if (chars > full) {
        return ou_err(err, OUTIS_EINVAL, "pseudonym: %zu characters, more than the %zu there are",
                      chars, full);
    }
    const size_t want = chars == 0 ? full : chars;
    if (cap <= want) {
        return ou_err(err, OUTIS_EINVAL, "pseudonym: output buffer too small");
    }
    unsigned char mac[HMAC_BYTES];
    char enc[2 * HMAC_BYTES + 1];
    anon_hmac(mac, key, domain, value, len);
    const int rc = anon_encode(enc, sizeof enc, mac, sizeof mac, encoding, err);
    if (rc == 0) {
        memcpy(out, enc, want);
        out[want] = '\0';
    }
    sodium_memzero(mac, sizeof mac);
    sodium_memzero(enc, sizeof enc);
    return rc;
}

/* ---- masking ---- */

/* Bytes of the UTF-8 character that starts with lead (valid input). */
static size_t utf8_len(unsigned char lead)
{
    return lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

int anon_mask(char *out, size_t cap, const char *in, size_t len, size_t first, size_t last,
              char mask, outis_error *err)
{
    if (out == NULL || (in == NULL && len > 0) || mask == '\0' || (unsigned char)mask >= 0x80) {
        return ou_err(err, OUTIS_EINVAL, "mask: bad argument (the mask is one ASCII character)");
    }
    if (utf8_valid_prefix(in, len) != len) {
        return ou_err(err, OUTIS_EPARSE, "mask: invalid UTF-8");
    }
    size_t nchars = 0;
    for (size_t k = 0; k < len; k += utf8_len((unsigned char)in[k])) {
        nchars++;
    }
    const int is_whole = first >= nchars || last >= nchars - first; /* first + last >= nchars */
    size_t need = 0, c = 0;
    for (size_t k = 0; k < len; c++) {
        const size_t cl = utf8_len((unsigned char)in[k]);
        need += (!is_whole && (c < first || c >= nchars - last)) ? cl : 1;
        k += cl;
    }
    if (cap <= need) {
        return ou_err(err, OUTIS_EINVAL, "mask: output buffer too small");
    }
    size_t o = 0;
    c = 0;
    for (size_t k = 0; k < len; c++) {
        const size_t cl = utf8_len((unsigned char)in[k]);
        if (!is_whole && (c < first || c >= nchars - last)) {
            memcpy(out + o, in + k, cl);
            o += cl;
        } else {
            out[o++] = mask;
        }
        k += cl;
    }
    out[o] = '\0';
    return 0;
}

/* ---- date shifting ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date, and back: H. Hinnant, "chrono-Compatible
 * Low-Level Date Algorithms" (2013), days_from_civil and civil_from_days. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);                       /* [0, 399] */
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int digits(const char *p, size_t n, unsigned *v)
{
    *v = 0;
    for (size_t k = 0; k < n; k++) {
        if (p[k] < '0' || p[k] > '9') {
            return -1;
        }
        *v = *v * 10 + (unsigned)(p[k] - '0');
    }
    return 0;
}

/* Days since 1970-01-01 of the date that opens s, or -1 with an error. */
static int date_parse(int64_t *days, const char *s, size_t len, outis_error *err)
{
    static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned y, m, d;
    if (len < DATE_LEN || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) < 0 ||
        digits(s + 5, 2, &m) < 0 || digits(s + 8, 2, &d) < 0 ||
        (len > DATE_LEN && s[DATE_LEN] != 'T' && s[DATE_LEN] != ' ')) {
        return ou_err(err, OUTIS_EPARSE,
                      "not an ISO date (YYYY-MM-DD, then 'T' or ' ' and a time)");
    }
    const int is_leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (unsigned)(m == 2 && is_leap)) {
        return ou_err(err, OUTIS_EPARSE, "not a calendar date (month 1-12, day within the month)");
    }
    *days = days_from_civil(y, m, d);
    return 0;
}

int anon_date_shift(char *out, size_t cap, const char *date, size_t len,
                    const unsigned char key[ANON_KEY_BYTES], const char *person, size_t plen,
                    unsigned max_days, outis_error *err)
{
    if (out == NULL || key == NULL || (date == NULL && len > 0) || (person == NULL && plen > 0)) {
        return ou_err(err, OUTIS_EINVAL, "date shift: bad argument");
    }
    int64_t days = 0;
    int rc = date_parse(&days, date, len, err);
    if (rc < 0) {
        return rc;
    }
    if (cap <= len) {
        return ou_err(err, OUTIS_EINVAL, "date shift: output buffer too small");
    }
    unsigned char mac[HMAC_BYTES];
    anon_hmac(mac, key, "date-shift", person, plen);
    uint64_t h = 0;
    for (int k = 0; k < 8; k++) {
        h = h << 8 | mac[k];
    }
    sodium_memzero(mac, sizeof mac);
    const uint64_t range = 2 * (uint64_t)max_days + 1;
    days += (int64_t)(h % range) - (int64_t)max_days;
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) {
        return ou_err(err, OUTIS_EINVAL, "date shift: the shifted date leaves years 0000-9999");
    }
    const unsigned v[3] = {(unsigned)y, m, d};
    const char *const fmt = "0000-00-00";
    memcpy(out, fmt, DATE_LEN);
    for (int f = 0, end = 4; f < 3; end += 3, f++) {
        unsigned x = v[f];
        for (int k = end - 1; x > 0; k--, x /= 10) {
            out[k] = (char)('0' + x % 10);
        }
    }
    memcpy(out + DATE_LEN, date + DATE_LEN, len - DATE_LEN);
    out[len] = '\0';
    return 0;
}
