/* validate.c - the validators' building blocks (Luhn, ISO 7064 mod 97, calendar dates) and
 * the Chinese identifiers with check characters or number plans: resident identity card
 * (GB 11643-1999), unified social credit code (GB 32100-2015), mobile and landline numbers.
 * Everything is a few comparisons over the candidate's bytes: no allocation, no locale. */
#include "scan/validate.h"

#include "scan/tables.h"
#include "scan/validate_int.h"

/* ---- building blocks ---- */

int scan_luhn_ok(const char *s, size_t n)
{
    if (!v_all_digits(s, n)) {
        return 0;
    }
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(s[n - 1 - i] - '0');
        if (i & 1) {
            d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

/* ISO 7064 MOD 97-10 over a compact IBAN: the first four characters move to the end and
 * letters count as 10..35 (two digits). */
int scan_mod97_ok(const char *s, size_t n)
{
    if (n < 5) {
        return 0;
    }
    unsigned r = 0;
    for (size_t k = 0; k < n; k++) {
        char c = s[(k + 4) % n];
        if (v_digit(c)) {
            r = (r * 10 + (unsigned)(c - '0')) % 97;
        } else if (v_alpha(c)) {
            unsigned v = (unsigned)((c | 0x20) - 'a') + 10;
            r = (r * 100 + v) % 97;
        } else {
            return 0;
        }
    }
    return r == 1;
}

static int days_in_month(int y, int m)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
        return 29;
    }
    return days[m - 1];
}

int scan_date_ok(int yyyymmdd)
{
    if (yyyymmdd < 10101 || yyyymmdd > 99991231) {
        return 0;
    }
    int y = yyyymmdd / 10000, m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
    return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* ---- regions and area codes ---- */

int scan_cn_region_exists(uint32_t code)
{
    if (code < 110000 || code > 999999) {
        return 0;
    }
    uint32_t prefix = code / 100, low = code % 100;
    size_t lo;
    if (!v_find16(scan_region_prefix, scan_region_prefix_count, prefix, &lo)) {
        return 0;
    }
    return (int)((scan_region_bits[lo][low / 64] >> (low % 64)) & 1);
}

static int bit_at(const uint64_t *set, unsigned v)
{
    return (int)((set[v / 64] >> (v % 64)) & 1);
}

int scan_cn_area_code_ok(const char *s, size_t n)
{
    if (n < 3 || n > 4 || s[0] != '0' || !v_all_digits(s, n)) {
        return 0;
    }
    unsigned v = (unsigned)v_num(s + 1, n - 1);
    if (n == 3) {
        return bit_at(scan_ac2, v) ? 1 << 8 : 0;
    }
    return (bit_at(scan_ac8, v) ? 1 << 8 : 0) | (bit_at(scan_ac7, v) ? 1 << 7 : 0);
}

/* ---- resident identity card ---- */

static const char id_check[] = "10X98765432";

/* GB 11643-1999 check character of 17 digits. */
static char id_check_char(const char *s)
{
    static const unsigned char w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    unsigned sum = 0;
    for (int i = 0; i < 17; i++) {
        sum += w[i] * (unsigned)(s[i] - '0');
    }
    return id_check[sum % 11];
}

static int birth_ok(int date, int today)
{
    return date >= 18500101 && scan_date_ok(date) && (today <= 0 || date <= today);
}

int scan_check_cn_resident_id(const char *s, size_t n, int today)
{
    if (n == 18) {
        if (!v_all_digits(s, 17)) {
            return SCAN_REJECT;
        }
        char c = s[17] == 'x' ? 'X' : s[17];
        if (c != id_check_char(s) || !birth_ok(v_num(s + 6, 8), today) ||
            !scan_cn_region_exists((uint32_t)v_num(s, 6))) {
            return SCAN_REJECT;
        }
        return SCAN_VALID;
    }
    if (n == 15) {
        if (!v_all_digits(s, 15) || !birth_ok(19000000 + v_num(s + 6, 6), today) ||
            !scan_cn_region_exists((uint32_t)v_num(s, 6))) {
            return SCAN_REJECT;
        }
        return SCAN_PLAUSIBLE;
    }
    return SCAN_REJECT;
}

/* ---- unified social credit code ---- */

/* Value of a character of GB 32100's alphabet 0-9 A-H J-N P-R T U W-Y, or -1. */
static int uscc_value(char c)
{
    static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (int i = 0; i < 31; i++) {
        if (alphabet[i] == c) {
            return i;
        }
    }
    return -1;
}

/* GB 11714-1997 organisation code: 8 characters and a check character (weights 3 7 9 10 5
 * 8 4 2; 11 - sum mod 11, 10 written X, 11 written 0). */
static int org_code_ok(const char *s)
{
    static const unsigned char w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    unsigned sum = 0;
    for (int i = 0; i < 8; i++) {
        unsigned v = v_digit(s[i]) ? (unsigned)(s[i] - '0') : (unsigned)(s[i] - 'A') + 10;
        sum += w[i] * v;
    }
    unsigned c = 11 - sum % 11;
    char want = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
    return s[8] == want;
}

int scan_check_cn_uscc(const char *s, size_t n)
{
    static const unsigned char w[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                        29, 25, 13, 8,  24, 10, 30, 28};
    if (n != 18) {
        return SCAN_REJECT;
    }
    /* Registration authority (1-9, A, N, Y), then the kind of organisation (a digit). */
    char dept = s[0];
    if (!((dept >= '1' && dept <= '9') || dept == 'A' || dept == 'N' || dept == 'Y') ||
        !(s[1] >= '1' && s[1] <= '9') || !v_all_digits(s + 2, 6)) {
        return SCAN_REJECT;
    }
    /* The registering authority's region: a province, or 10 for national registration. */
    int province = v_num(s + 2, 2);
    if (province != 10 && !scan_cn_region_exists((uint32_t)province * 10000)) {
        return SCAN_REJECT;
    }
    unsigned sum = 0;
    for (int i = 0; i < 17; i++) {
        int v = uscc_value(s[i]);
        if (v < 0) {
            return SCAN_REJECT;
        }
        sum += w[i] * (unsigned)v;
    }
    int check = uscc_value(s[17]);
    if (check < 0 || (unsigned)check != (31 - sum % 31) % 31) {
        return SCAN_REJECT;
    }
    /* Sole traders (92...) were given codes outside GB 11714; elsewhere a bad embedded
     * organisation code makes the whole doubtful, not wrong. */
    return org_code_ok(s + 8) ? SCAN_VALID : SCAN_PLAUSIBLE;
}

/* ---- mobile and landline numbers ---- */

/* Skips an international prefix for China (+86, 0086, or with allow_bare 86) and one ' '
 * or '-' after it; returns the bytes skipped, 0 if there is none. */
static size_t skip_cn_prefix(const char *s, size_t n, int allow_bare)
{
    size_t k = 0;
    if (n >= 3 && s[0] == '+' && s[1] == '8' && s[2] == '6') {
        k = 3;
    } else if (n >= 4 && s[0] == '0' && s[1] == '0' && s[2] == '8' && s[3] == '6') {
        k = 4;
    } else if (allow_bare && n >= 2 && s[0] == '8' && s[1] == '6') {
        k = 2;
    } else {
        return 0;
    }
    if (k < n && (s[k] == ' ' || s[k] == '-')) {
        k++;
    }
    return k;
}

/* libphonenumber's CN mobile ranges over 11 digits:
 * 1740[0-5]\d{6} | 1(?:[38]\d|4[57]|[59][0-35-9]|6[25-7]|7[0-35-8])\d{8}. */
static int cn_mobile_range(const char *d)
{
    if (d[0] != '1') {
        return 0;
    }
    char a = d[1], b = d[2];
    switch (a) {
    case '3':
    case '8':
        return 1;
    case '4':
        return b == '5' || b == '7';
    case '5':
    case '9':
        return b != '4';
    case '6':
        return b == '2' || (b >= '5' && b <= '7');
    case '7':
        if (b == '4') {
            return d[3] == '0' && d[4] >= '0' && d[4] <= '5';
        }
        return b != '9';
    default:
        return 0;
    }
}

/* 11 digits, bare or grouped 3-4-4 with one kind of separator (' ' or '-'); copies the
 * digits to out. */
static int mobile_digits(const char *s, size_t n, char *out)
{
    if (n == 11 && v_all_digits(s, 11)) {
        for (int i = 0; i < 11; i++) {
            out[i] = s[i];
        }
        return 1;
    }
    if (n != 13 || (s[3] != ' ' && s[3] != '-') || s[8] != s[3] || !v_all_digits(s, 3) ||
        !v_all_digits(s + 4, 4) || !v_all_digits(s + 9, 4)) {
        return 0;
    }
    for (int i = 0; i < 3; i++) {
        out[i] = s[i];
    }
    for (int i = 0; i < 4; i++) {
        out[3 + i] = s[4 + i];
        out[7 + i] = s[9 + i];
    }
    return 1;
}

int scan_check_cn_mobile(const char *s, size_t n)
{
    char d[11];
    size_t k = skip_cn_prefix(s, n, 1);
    if (!mobile_digits(s + k, n - k, d) || !cn_mobile_range(d)) {
        return SCAN_REJECT;
    }
    return SCAN_VALID;
}

int scan_check_cn_landline(const char *s, size_t n)
{
    size_t k = skip_cn_prefix(s, n, 0);
    int paren = k < n && s[k] == '(';
    k += (size_t)paren;
    /* The trunk 0 is required, except after +86 / 0086 where it is usually dropped. */
    if (k < n && s[k] == '0') {
        k++;
    } else if (k == (size_t)paren) {
        return SCAN_REJECT;
    }
    size_t start = k;
    size_t len = start < n && (s[start] == '1' || s[start] == '2') ? 2 : 3;
    if (start + len > n || !v_all_digits(s + start, len) || s[start] == '0') {
        return SCAN_REJECT;
    }
    char code[4] = {'0', 0, 0, 0};
    for (size_t i = 0; i < len; i++) {
        code[1 + i] = s[start + i];
    }
    int lengths = scan_cn_area_code_ok(code, len + 1);
    k = start + len;
    if (paren) {
        if (k >= n || s[k] != ')') {
            return SCAN_REJECT;
        }
        k++;
        if (k < n && s[k] == ' ') {
            k++;
        }
    } else if (k < n && (s[k] == '-' || s[k] == ' ')) {
        k++;
    }
    size_t rest = n - k;
    if (lengths == 0 || (rest != 7 && rest != 8) || !(lengths & (1 << rest)) ||
        !v_all_digits(s + k, rest) || s[k] == '0') {
        return SCAN_REJECT;
    }
    return SCAN_VALID;
}
