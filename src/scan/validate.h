/* validate.h - validators for personal-data detectors: pure functions over a candidate's
 * bytes (not NUL-terminated), no allocation, no state. Each returns a verdict:
 *   SCAN_REJECT    not this entity (a checksum, range, calendar or region check failed);
 *   SCAN_PLAUSIBLE the shape is right but there is nothing to verify (or a tolerated
 *                  failure, such as an old UnionPay number that fails Luhn);
 *   SCAN_VALID     verified (check character, check digits, parsed and in range).
 * The candidate is exactly the bytes to judge: no surrounding spaces are skipped, except
 * where a function says which separators it accepts. Sources and vectors:
 * ../shared/REFERENCES.md section 7. */
#ifndef OUTIS_SCAN_VALIDATE_H
#define OUTIS_SCAN_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

enum scan_verdict { SCAN_REJECT = 0, SCAN_PLAUSIBLE = 1, SCAN_VALID = 2 };

/* ---- building blocks ---- */
int scan_luhn_ok(const char *s, size_t n);  /* digits only (else 0); 1 if the Luhn sum is 0 */
int scan_mod97_ok(const char *s, size_t n); /* IBAN rearranged mod 97 == 1 */
/* A real calendar date (proleptic Gregorian), yyyymmdd as an int: 19491231. */
int scan_date_ok(int yyyymmdd);

/* ---- China ---- */
/* Resident identity card, GB 11643-1999: 18 characters (17 digits + check digit or X/x),
 * region prefix in GB/T 2260, a real birth date not after `today` (yyyymmdd) and not before
 * 1850; or the old 15-digit form (yymmdd birth date of 19yy, region checked, no check
 * digit: SCAN_PLAUSIBLE at best). */
int scan_check_cn_resident_id(const char *s, size_t n, int today);
/* Whether a 6-digit code is a region in GB/T 2260 (province, prefecture or county level,
 * current or historical codes still found in ID numbers). */
int scan_cn_region_exists(uint32_t code);
/* Whether s[0..n) is a landline area code with its trunk 0 ("010", "0755"): 0 if not, else
 * the set of local number lengths it takes as bits (1 << 7 and/or 1 << 8). */
int scan_cn_area_code_ok(const char *s, size_t n);
/* Unified social credit code, GB 32100-2015 (18 characters, check character mod 31). */
int scan_check_cn_uscc(const char *s, size_t n);
/* Mobile number, libphonenumber's ranges for China; accepts a +86 / 0086 / 86 prefix and
 * the separators ' ' and '-' between digit groups (3-4-4). */
int scan_check_cn_mobile(const char *s, size_t n);
/* Landline with area code: 0 + 2-3 digit area code (a real one) + 7-8 digits, with an
 * optional '-', ' ' or parentheses around the area code; optional +86. */
int scan_check_cn_landline(const char *s, size_t n);
/* Passport: E[0-9A-HJ-NP-Z]\d{7} | G\d{8} | [DSP]E\d{7}: shape only (SCAN_PLAUSIBLE). */
int scan_check_cn_passport(const char *s, size_t n);
/* Mainland travel permits for Hong Kong/Macau residents (H or M + 8 or 10 digits) and for
 * Taiwan residents (8 digits; plausible only with context). */
int scan_check_cn_travel_permit(const char *s, size_t n);
/* Hong Kong identity card: 1-2 letters, 6 digits, check digit 0-9/A in parentheses or not. */
int scan_check_hk_id(const char *s, size_t n);
/* Taiwan identity card: letter + [12] + 8 digits, weighted check (also [89]: the 2021
 * resident certificate numbers of foreigners share the form and the check). */
int scan_check_tw_id(const char *s, size_t n);
/* Vehicle plate, GA 36-2018: province character (UTF-8) + letter + 5 characters of
 * [A-HJ-NP-Z0-9], or the 8-character new-energy form; an optional '·' or space after the
 * letter. */
int scan_check_cn_plate(const char *s, size_t n);
/* QQ number: 5-11 digits not starting with 0 (plausible only; context is required). */
int scan_check_qq(const char *s, size_t n);
/* WeChat ID: letter then 5-19 of [A-Za-z0-9_-] (plausible only; context is required). */
int scan_check_wechat(const char *s, size_t n);
/* Postal code: 6 digits whose first two are a province prefix in use (context required). */
int scan_check_cn_postcode(const char *s, size_t n);
/* Personal name: a common surname (single or compound, UTF-8) + 1 or 2 given characters,
 * all CJK (plausible only: used in a name column or with context). */
int scan_check_cn_name(const char *s, size_t n);
/* Address: province/city/district names and road/number patterns (路/街/道/巷/号/弄/室…). */
int scan_check_cn_address(const char *s, size_t n);

/* ---- international ---- */
int scan_check_email(const char *s, size_t n);           /* RFC 5321 shape, a TLD of letters */
int scan_check_phone(const char *s, size_t n);           /* E.164 (+ and 8-15 digits) or national */
int scan_check_card(const char *s, size_t n);            /* IIN ranges + Luhn; ' ' or '-' groups */
int scan_check_iban(const char *s, size_t n);            /* country length table + mod 97 */
int scan_check_us_ssn(const char *s, size_t n);          /* ddd-dd-dddd or 9 digits, SSA rules */
int scan_check_uk_nino(const char *s, size_t n);         /* HMRC prefix rules, suffix A-D */
int scan_check_mrz(const char *s, size_t n);             /* TD3 passport line 2 (44 chars) */
int scan_check_ipv4(const char *s, size_t n);            /* parsed, each octet 0-255 */
int scan_check_ipv6(const char *s, size_t n);            /* parsed (inet_pton rules) */
int scan_check_mac(const char *s, size_t n);             /* 6 octets, ':' or '-', not 0s or Fs */
int scan_check_imei(const char *s, size_t n);            /* 15 digits, Luhn */
int scan_check_latlon(const char *s, size_t n);          /* "lat, lon" decimals in range */
int scan_check_date(const char *s, size_t n, int today); /* a real date, not in the future */

#endif
