/* validate_cn.c - Chinese identifiers without a national check character, or with their own:
 * passports and travel permits (shape), Hong Kong and Taiwan identity cards (check digits),
 * vehicle plates (GA 36-2018), QQ and WeChat IDs, postal codes, personal names (surname
 * list) and addresses (division and road/number patterns). */
#include "scan/validate.h"

#include "scan/tables.h"
#include "scan/validate_int.h"

/* Letters of identifiers that leave out I and O (passports, plates). */
static int letter_no_io(char c)
{
    return v_upper(c) && c != 'I' && c != 'O';
}

int scan_check_cn_passport(const char *s, size_t n)
{
    if (n != 9) {
        return SCAN_REJECT;
    }
    if (s[0] == 'E' && (v_digit(s[1]) || letter_no_io(s[1])) && v_all_digits(s + 2, 7)) {
        return SCAN_PLAUSIBLE;
    }
    if (s[0] == 'G' && v_all_digits(s + 1, 8)) {
        return SCAN_PLAUSIBLE;
    }
    if ((s[0] == 'D' || s[0] == 'S' || s[0] == 'P') && s[1] == 'E' && v_all_digits(s + 2, 7)) {
        return SCAN_PLAUSIBLE;
    }
    return SCAN_REJECT;
}

int scan_check_cn_travel_permit(const char *s, size_t n)
{
    if ((n == 9 || n == 11) && (s[0] == 'H' || s[0] == 'M') && v_all_digits(s + 1, n - 1)) {
        return SCAN_PLAUSIBLE;
    }
    if (n == 8 && v_all_digits(s, 8)) {
        return SCAN_PLAUSIBLE;
    }
    return SCAN_REJECT;
}

/* Hong Kong identity card: weights 9..2 over two letter places (a missing first letter
 * counts 36, letters 10..35) and six digits; check = (11 - sum mod 11) mod 11, 10 = A. */
int scan_check_hk_id(const char *s, size_t n)
{
    size_t letters = n >= 2 && v_upper(s[0]) && v_upper(s[1]) ? 2 : 1;
    size_t body = letters + 6;
    if (n < body + 1 || !v_upper(s[0]) || !v_all_digits(s + letters, 6)) {
        return SCAN_REJECT;
    }
    char c;
    if (n == body + 1) {
        c = s[body];
    } else if (n == body + 3 && s[body] == '(' && s[body + 2] == ')') {
        c = s[body + 1];
    } else {
        return SCAN_REJECT;
    }
    unsigned sum = letters == 1 ? 36 * 9 + (unsigned)(s[0] - 'A' + 10) * 8
                                : (unsigned)(s[0] - 'A' + 10) * 9 + (unsigned)(s[1] - 'A' + 10) * 8;
    for (size_t i = 0; i < 6; i++) {
        sum += (unsigned)(7 - i) * (unsigned)(s[letters + i] - '0');
    }
    unsigned v = (11 - sum % 11) % 11;
    char want = v == 10 ? 'A' : (char)('0' + v);
    return c == want ? SCAN_VALID : SCAN_REJECT;
}

/* Taiwan identity card (and, with 8 or 9 second, the 2021 resident certificate): the
 * letter's two-digit value (A=10 ... with I=34, O=35, W=32, X=30, Y=31, Z=33) weighted 1 and
 * 9, the digits 8..1 and the check digit 1; the sum is a multiple of 10. */
int scan_check_tw_id(const char *s, size_t n)
{
    static const unsigned char value[26] = {10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21,
                                            22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33};
    if (n != 10 || !v_upper(s[0]) || !v_all_digits(s + 1, 9)) {
        return SCAN_REJECT;
    }
    if (s[1] != '1' && s[1] != '2' && s[1] != '8' && s[1] != '9') {
        return SCAN_REJECT;
    }
    unsigned l = value[s[0] - 'A'];
    unsigned sum = l / 10 + (l % 10) * 9 + (unsigned)(s[9] - '0');
    for (int i = 1; i <= 8; i++) {
        sum += (unsigned)(9 - i) * (unsigned)(s[i] - '0');
    }
    return sum % 10 == 0 ? SCAN_VALID : SCAN_REJECT;
}

/* ---- vehicle plates ---- */

static int in_list(uint32_t cp, const uint16_t *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (list[i] == cp) {
            return 1;
        }
    }
    return 0;
}

/* The 31 province abbreviations of GA 36-2018: 京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉
 * 闽贵粤青藏川宁琼. */
static const uint16_t plate_provinces[31] = {
    0x4eac, 0x6d25, 0x6caa, 0x6e1d, 0x5180, 0x8c6b, 0x4e91, 0x8fbd, 0x9ed1, 0x6e58, 0x7696,
    0x9c81, 0x65b0, 0x82cf, 0x6d59, 0x8d63, 0x9102, 0x6842, 0x7518, 0x664b, 0x8499, 0x9655,
    0x5409, 0x95fd, 0x8d35, 0x7ca4, 0x9752, 0x85cf, 0x5ddd, 0x5b81, 0x743c};
/* Last characters of special plates: 学警挂港澳领试超. */
static const uint16_t plate_suffixes[8] = {0x5b66, 0x8b66, 0x6302, 0x6e2f,
                                           0x6fb3, 0x9886, 0x8bd5, 0x8d85};

/* New-energy class letters (GA 36-2018, 2022 amendment): D/A/B/C/E electric, F/G/H/J/K
 * other. */
static int new_energy_letter(char c)
{
    return c >= 'A' && c <= 'K' && c != 'I';
}

static int plate_serial(const char *s, size_t n)
{
    int letters = 0;
    for (size_t i = 0; i < n; i++) {
        if (letter_no_io(s[i])) {
            letters++;
        } else if (!v_digit(s[i])) {
            return 0;
        }
    }
    return letters <= 2; /* serial numbers carry at most two letters */
}

int scan_check_cn_plate(const char *s, size_t n)
{
    uint32_t cp;
    size_t k = n > 0 ? v_utf8(s, n, &cp) : 0;
    if (k != 3 || !in_list(cp, plate_provinces, 31) || k >= n || !letter_no_io(s[k])) {
        return SCAN_REJECT;
    }
    k++;
    if (k + 2 <= n && (unsigned char)s[k] == 0xC2 && (unsigned char)s[k + 1] == 0xB7) {
        k += 2; /* U+00B7 middle dot */
    } else if (k < n && s[k] == ' ') {
        k++;
    }
    const char *r = s + k;
    size_t m = n - k;
    if (m == 5 && plate_serial(r, 5)) {
        return SCAN_PLAUSIBLE;
    }
    if (m == 6 && new_energy_letter(r[0]) && (letter_no_io(r[1]) || v_digit(r[1])) &&
        v_all_digits(r + 2, 4)) {
        return SCAN_PLAUSIBLE; /* small new-energy vehicle */
    }
    if (m == 6 && v_all_digits(r, 5) && new_energy_letter(r[5])) {
        return SCAN_PLAUSIBLE; /* large new-energy vehicle */
    }
    if (m == 7 && plate_serial(r, 4) && v_utf8(r + 4, 3, &cp) == 3 &&
        in_list(cp, plate_suffixes, 8)) {
        return SCAN_PLAUSIBLE;
    }
    return SCAN_REJECT;
}

/* ---- QQ, WeChat, postal codes ---- */

int scan_check_qq(const char *s, size_t n)
{
    return n >= 5 && n <= 11 && s[0] != '0' && v_all_digits(s, n) ? SCAN_PLAUSIBLE : SCAN_REJECT;
}

int scan_check_wechat(const char *s, size_t n)
{
    if (n < 6 || n > 20 || !v_alpha(s[0])) {
        return SCAN_REJECT;
    }
    for (size_t i = 1; i < n; i++) {
        if (!v_alpha(s[i]) && !v_digit(s[i]) && s[i] != '_' && s[i] != '-') {
            return SCAN_REJECT;
        }
    }
    return SCAN_PLAUSIBLE;
}

/* First two digits of mainland postal codes in use, by province (China Post): bit p. */
static const uint64_t postcode_prefix[2] = {
    /* 01-07 10-13 15 16 20-27 30-36 40-47 51-57 61 62 63 */
    (1ull << 1) | (1ull << 2) | (1ull << 3) | (1ull << 4) | (1ull << 5) | (1ull << 6) |
        (1ull << 7) | (1ull << 10) | (1ull << 11) | (1ull << 12) | (1ull << 13) | (1ull << 15) |
        (1ull << 16) | (0xFFull << 20) | (0x7Full << 30) | (0xFFull << 40) | (0x7Full << 51) |
        (0x7ull << 61),
    /* 64-67 71-75 81 83-86, as bit p - 64 */
    (0xFull << 0) | (0x1Full << 7) | (1ull << 17) | (0xFull << 19)};

int scan_check_cn_postcode(const char *s, size_t n)
{
    if (n != 6 || !v_all_digits(s, 6)) {
        return SCAN_REJECT;
    }
    unsigned p = (unsigned)v_num(s, 2);
    return (postcode_prefix[p / 64] >> (p % 64)) & 1 ? SCAN_PLAUSIBLE : SCAN_REJECT;
}

/* ---- personal names ---- */

static int surname1(uint32_t cp)
{
    size_t at;
    return v_find16(scan_surname1, scan_surname1_count, cp, &at);
}

static int surname2(uint32_t a, uint32_t b)
{
    uint32_t key = (a << 16) | b;
    size_t lo = 0, hi = scan_surname2_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (scan_surname2[mid] < key) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < scan_surname2_count && scan_surname2[lo] == key;
}

int scan_check_cn_name(const char *s, size_t n)
{
    uint32_t cp[4];
    size_t count = 0, k = 0;
    while (k < n) {
        if (count == 4) {
            return SCAN_REJECT;
        }
        size_t len = v_utf8(s + k, n - k, &cp[count]);
        if (len == 0 || !v_cjk(cp[count])) {
            return SCAN_REJECT;
        }
        k += len;
        count++;
    }
    if (count >= 3 && surname2(cp[0], cp[1])) {
        return SCAN_PLAUSIBLE; /* compound surname + 1 or 2 */
    }
    if (count >= 2 && count <= 3 && surname1(cp[0])) {
        return SCAN_PLAUSIBLE;
    }
    return SCAN_REJECT;
}

/* ---- addresses ---- */

/* 省市区區县縣镇鎮乡鄉村旗州盟 */
static const uint16_t addr_division[14] = {0x7701, 0x5e02, 0x533a, 0x5340, 0x53bf, 0x7e23, 0x9547,
                                           0x93ae, 0x4e61, 0x9109, 0x6751, 0x65d7, 0x5dde, 0x76df};
/* 路街道巷弄 and 胡同's 同 (after 胡) */
static const uint16_t addr_road[5] = {0x8def, 0x8857, 0x9053, 0x5df7, 0x5f04};
/* 号號 */
static const uint16_t addr_number[2] = {0x53f7, 0x865f};
/* 栋棟幢楼樓室层層座单單弄 after digits: 3栋, 2单元, 501室, 123弄 */
static const uint16_t addr_unit[12] = {0x680b, 0x68df, 0x5e62, 0x697c, 0x6a13, 0x5ba4,
                                       0x5c42, 0x5c64, 0x5ea7, 0x5355, 0x55ae, 0x5f04};

static int is_num_cp(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

int scan_check_cn_address(const char *s, size_t n)
{
    if (n < 6 || n > 400) {
        return SCAN_REJECT;
    }
    int cjk = 0, division = 0, road = 0, road_number = 0, unit = 0;
    uint32_t prev = 0;
    int after_road = 0, digits = 0; /* digits just before the current character */
    for (size_t k = 0; k < n;) {
        uint32_t cp;
        size_t len = v_utf8(s + k, n - k, &cp);
        if (len == 0 || cp < 0x20 || cp == 0x7F) {
            return SCAN_REJECT;
        }
        k += len;
        if (is_num_cp(cp)) {
            digits++;
            prev = cp;
            continue;
        }
        if (v_cjk(cp)) {
            cjk++;
            int prev_cjk = v_cjk(prev);
            if (prev_cjk && in_list(cp, addr_division, 14)) {
                division = 1;
            }
            if ((prev_cjk && in_list(cp, addr_road, 5)) || (prev == 0x80e1 && cp == 0x540c)) {
                road = 1;
                after_road = 1;
                prev = cp;
                digits = 0;
                continue;
            }
            if (digits > 0 && in_list(cp, addr_number, 2)) {
                road_number |= after_road;
                unit = 1;
            } else if (digits > 0 && in_list(cp, addr_unit, 12)) {
                unit = 1;
            }
        }
        if (cp != ' ' && digits == 0) {
            after_road = 0;
        }
        digits = 0;
        prev = cp;
    }
    if (cjk < 3) {
        return SCAN_REJECT;
    }
    if (road_number || (division && (road || unit)) || (road && unit)) {
        return SCAN_PLAUSIBLE;
    }
    return SCAN_REJECT;
}
