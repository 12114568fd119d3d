/* transform.h - the value transformations of anonymisation that need no search: keyed
 * pseudonyms (HMAC-SHA256, libsodium), format-preserving encryption (FF1, NIST SP 800-38G,
 * AES from OpenSSL), masking, per-person date shifting; and the keys they use. */
#ifndef OUTIS_ANON_TRANSFORM_H
#define OUTIS_ANON_TRANSFORM_H

#include "outis/error.h"

#include <stddef.h>
#include <stdint.h>

#define ANON_KEY_BYTES 32

/* Reads a key file: exactly ANON_KEY_BYTES raw bytes, or 64 hex digits with an optional final
 * newline. A missing or unreadable file is OUTIS_EIO; one of any other size or content, or
 * readable or writable by group or others (mode & 077: the message says to chmod 600), is
 * OUTIS_EINVAL. The key is wiped from every buffer but out (and from out on failure). */
int anon_key_read(unsigned char key[ANON_KEY_BYTES], const char *path, outis_error *err);
/* Writes a new random key (libsodium) as 64 hex digits and a newline, mode 0600, created
 * exclusively (never overwrites: OUTIS_EINVAL if the file exists) and fsynced; a failed
 * write removes the file (OUTIS_EIO). */
int anon_key_write(const char *path, outis_error *err);

enum anon_encoding { ANON_HEX = 0, ANON_BASE32 = 1 };

/* Encodes n bytes as lowercase hex or RFC 4648 base32 (lowercase, no padding: ceil(8n / 5)
 * characters) into out, NUL-terminated. OUTIS_EINVAL if cap is too small. */
int anon_encode(char *out, size_t cap, const unsigned char *in, size_t n, int encoding,
                outis_error *err);

/* Pseudonym = encode(HMAC-SHA256(key, domain || 0x00 || value)), truncated to `chars`
 * characters (0: all; hex 64, base32 52, RFC 4648 alphabet, lowercase, no padding). The same
 * key, domain and value give the same pseudonym in any file. domain is NUL-terminated (may
 * be ""). out needs chars + 1 bytes (65 for all of hex) and is NUL-terminated; a smaller cap
 * or more chars than the encoding has is OUTIS_EINVAL. Thread-safe. */
int anon_pseudonym(char *out, size_t cap, const unsigned char key[ANON_KEY_BYTES],
                   const char *domain, const char *value, size_t len, int encoding, size_t chars,
                   outis_error *err);

/* FF1 over numeral strings of radix 2..65536 (NIST SP 800-38G, Algorithms 7 and 8), keys of
 * 16, 24 or 32 bytes (AES-128/192/256, OpenSSL). The domain must have radix^n >= 1,000,000
 * (SP 800-38G Rev. 1 draft): shorter inputs (and n > ANON_FF1_MAX_LEN, numerals >= radix,
 * tweaks of 2^32 bytes or more) are refused with OUTIS_EINVAL. out may be in. The key is
 * wiped from every buffer but the caller's; anon_ff1_free wipes the key schedule. One
 * anon_ff1 must not be used by two threads at once. */
#define ANON_FF1_MAX_LEN 4096
typedef struct anon_ff1 anon_ff1;
int anon_ff1_new(anon_ff1 **out, const unsigned char *key, size_t key_len, unsigned radix,
                 outis_error *err);
void anon_ff1_free(anon_ff1 *f);
int anon_ff1_encrypt(anon_ff1 *f, uint16_t *out, const uint16_t *in, size_t n,
                     const unsigned char *tweak, size_t tweak_len, outis_error *err);
int anon_ff1_decrypt(anon_ff1 *f, uint16_t *out, const uint16_t *in, size_t n,
                     const unsigned char *tweak, size_t tweak_len, outis_error *err);

/* Shape-preserving encryption of a string: the characters of `alphabet` (ASCII, distinct,
 * e.g. "0123456789" or "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") are enciphered with FF1 of
 * that radix (f's radix must be strlen(alphabet)) and an empty tweak as one numeral string;
 * every other byte stays where it is ("110105-1990" keeps its dash, UTF-8 is untouched).
 * out receives exactly len bytes (no NUL) and may be in. Fewer alphabet characters than the
 * FF1 domain minimum is OUTIS_EINVAL. */
int anon_fpe_string(char *out, const char *in, size_t len, anon_ff1 *f, const char *alphabet,
                    int decrypt, outis_error *err);

/* Keeps the first `first` and last `last` characters (UTF-8 characters) and replaces each
 * other character by the ASCII byte `mask`; a value of at most first + last characters is
 * masked entirely (never shown whole). out is NUL-terminated and never needs more than
 * len + 1 bytes (a masked character becomes one byte); a smaller cap than the result needs
 * is OUTIS_EINVAL, invalid UTF-8 OUTIS_EPARSE. */
int anon_mask(char *out, size_t cap, const char *in, size_t len, size_t first, size_t last,
              char mask, outis_error *err);

/* Shifts an ISO date ("YYYY-MM-DD", years 0000-9999 of the proleptic Gregorian calendar,
 * optionally followed by 'T' or ' ' and a time, which is kept as it is) by a whole number of
 * days in [-max_days, max_days] drawn from HMAC(key, "date-shift" || 0x00 || person) (first 8
 * bytes mod 2 max_days + 1: a bias below 2^-31): the same person gets the same shift in every
 * column and file. An invalid date is OUTIS_EPARSE (the message never shows it); a result
 * outside years 0000-9999 or a cap below len + 1 is OUTIS_EINVAL. out is NUL-terminated. */
int anon_date_shift(char *out, size_t cap, const char *date, size_t len,
                    const unsigned char key[ANON_KEY_BYTES], const char *person, size_t plen,
                    unsigned max_days, outis_error *err);

#endif
