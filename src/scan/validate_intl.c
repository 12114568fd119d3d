/* validate_intl.c - international identifiers: email, phone numbers (E.164 and national
 * forms), payment cards (IIN ranges, Luhn), IBAN (SWIFT registry lengths, mod 97), US SSN,
 * UK NINO, passport MRZ (ICAO 9303 TD3), IPv4/IPv6, MAC, IMEI, coordinates and dates. */
#include "scan/validate.h"

#include "scan/validate_int.h"

/* ---- email ---- */

static int atext(char c)
{
    if (v_alpha(c) || v_digit(c)) {
        return 1;
    }
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '/':
    case '=':
    case '?':
    case '^':
    case '_':
    case '`':
    case '{':
    case '|':
    case '}':
    case '~':
        return 1;
    default:
        return 0;
    }
}

int scan_check_email(const char *s, size_t n)
{
    if (n < 6 || n > 254) {
        return SCAN_REJECT;
    }
    size_t at = 0;
    while (at < n && s[at] != '@') {
        if (!(atext(s[at]) || (s[at] == '.' && at > 0 && s[at - 1] != '.'))) {
            return SCAN_REJECT;
        }
        at++;
    }
    if (at == 0 || at > 64 || at == n || s[at - 1] == '.') {
        return SCAN_REJECT;
    }
    /* Domain: two or more labels of letters, digits and inner hyphens; a TLD of letters. */
    size_t labels = 0, label_start = at + 1;
    int tld_alpha = 1;
    for (size_t i = at + 1; i <= n; i++) {
        if (i == n || s[i] == '.') {
            size_t len = i - label_start;
            if (len == 0 || len > 63 || s[label_start] == '-' || s[i - 1] == '-') {
                return SCAN_REJECT;
            }
            labels++;
            if (i < n) {
                label_start = i + 1;
                tld_alpha = 1;
            }
        } else if (v_alpha(s[i])) {
            continue;
        } else if (v_digit(s[i]) || s[i] == '-') {
            tld_alpha = 0;
        } else {
            return SCAN_REJECT;
        }
    }
    if (labels < 2 || !tld_alpha || n - label_start < 2 || n - at - 1 > 253) {
        return SCAN_REJECT;
    }
    return SCAN_VALID;
}

/* ---- phone numbers ---- */

/* ITU-T E.164 country calling codes assigned (Complement to E.164, 2023); they are prefix-
 * free, so the first of 1-3 digits that is a code is the code. */
static int calling_code_len(const char *d)
{
    static const char one[] = "17";
    static const unsigned char two[] = {20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46,
                                        47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63,
                                        64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98};
    static const unsigned short three[] = {
        211, 212, 213, 216, 218, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231,
        232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248,
        249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 260, 261, 262, 263, 264, 265, 266,
        267, 268, 269, 290, 291, 297, 298, 299, 350, 351, 352, 353, 354, 355, 356, 357, 358,
        359, 370, 371, 372, 373, 374, 375, 376, 377, 378, 379, 380, 381, 382, 383, 385, 386,
        387, 389, 420, 421, 423, 500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 590, 591,
        592, 593, 594, 595, 596, 597, 598, 599, 670, 672, 673, 674, 675, 676, 677, 678, 679,
        680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691, 692, 800, 808, 850, 852, 853,
        855, 856, 870, 878, 880, 881, 882, 883, 886, 888, 960, 961, 962, 963, 964, 965, 966,
        967, 968, 970, 971, 972, 973, 974, 975, 976, 977, 979, 992, 993, 994, 995, 996, 998};
    if (d[0] == one[0] || d[0] == one[1]) {
        return 1;
    }
    int v2 = (d[0] - '0') * 10 + (d[1] - '0');
    for (size_t i = 0; i < sizeof two; i++) {
        if (two[i] == v2) {
            return 2;
        }
    }
    int v3 = v2 * 10 + (d[2] - '0');
    for (size_t i = 0; i < sizeof three / sizeof three[0]; i++) {
        if (three[i] == v3) {
            return 3;
        }
    }
    return 0;
}

/* Collects up to 15 digits of a phone number written with ' ', '-', '.' between groups and
 * at most one pair of parentheses; returns the count, 0 when the writing is not a phone's. */
static size_t phone_digits(const char *s, size_t n, char *d)
{
    size_t count = 0;
    int open = 0, parens = 0;
    char prev = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (v_digit(c)) {
            if (count == 15) {
                return 0;
            }
            d[count++] = c;
        } else if (c == '(') {
            if (open || parens || (prev && prev != ' ')) {
                return 0;
            }
            open = 1;
        } else if (c == ')') {
            if (!open || !v_digit(prev)) {
                return 0;
            }
            open = 0, parens = 1;
        } else if (c == ' ' || c == '-' || c == '.') {
            if (!(v_digit(prev) || (prev == ')' && c != '.'))) {
                return 0;
            }
        } else {
            return 0;
        }
        prev = c;
    }
    return open || !v_digit(prev) ? 0 : count;
}

/* NANP: NXX NXX XXXX. */
static int nanp_ok(const char *d)
{
    return d[0] >= '2' && d[3] >= '2';
}

int scan_check_phone(const char *s, size_t n)
{
    char d[15];
    if (n > 0 && s[0] == '+') {
        size_t count = phone_digits(s + 1, n - 1, d);
        if (count < 8 || s[1] == '(') {
            return SCAN_REJECT;
        }
        int cc = calling_code_len(d);
        if (cc == 0) {
            return SCAN_REJECT;
        }
        if (cc == 1 && d[0] == '1') {
            return count == 11 && nanp_ok(d + 1) ? SCAN_VALID : SCAN_REJECT;
        }
        if (cc == 2 && d[0] == '8' && d[1] == '6') {
            return scan_check_cn_mobile(s, n) == SCAN_VALID ||
                           scan_check_cn_landline(s, n) == SCAN_VALID
                       ? SCAN_VALID
                       : SCAN_REJECT;
        }
        return SCAN_VALID;
    }
    if (scan_check_cn_mobile(s, n) == SCAN_VALID || scan_check_cn_landline(s, n) == SCAN_VALID) {
        return SCAN_VALID;
    }
    size_t count = phone_digits(s, n, d);
    if (count == 10 && d[0] != '0' && d[0] != '1' && nanp_ok(d) && n >= 12) {
        return SCAN_PLAUSIBLE; /* grouped (NXX) NXX-XXXX */
    }
    if (count >= 9 && count <= 12 && d[0] == '0' && d[1] != '0' && n > count) {
        return SCAN_PLAUSIBLE; /* trunk prefix 0, grouped */
    }
    return SCAN_REJECT;
}

/* ---- payment cards ---- */

static int prefix_in(const char *d, int digits, int lo, int hi)
{
    int v = v_num(d, (size_t)digits);
    return v >= lo && v <= hi;
}

int scan_check_card(const char *s, size_t n)
{
    char d[19];
    size_t count = 0, group = 0;
    char sep = 0;
    for (size_t i = 0; i < n; i++) {
        if (v_digit(s[i])) {
            if (count == 19) {
                return SCAN_REJECT;
            }
            d[count++] = s[i];
            group++;
        } else if ((s[i] == ' ' || s[i] == '-') && (sep == 0 || sep == s[i]) && group >= 3 &&
                   group <= 6) {
            sep = s[i];
            group = 0;
        } else {
            return SCAN_REJECT;
        }
    }
    if (count < 12 || group == 0 || (sep && group > 6)) {
        return SCAN_REJECT;
    }
    int luhn = scan_luhn_ok(d, count);
    int len16_19 = count >= 16;
    int ok = 0;
    if (d[0] == '4') {
        ok = count == 13 || count == 16 || count == 19; /* Visa */
    } else if (prefix_in(d, 2, 51, 55) || prefix_in(d, 4, 2221, 2720)) {
        ok = count == 16; /* Mastercard */
    } else if (prefix_in(d, 2, 34, 34) || prefix_in(d, 2, 37, 37)) {
        ok = count == 15; /* American Express */
    } else if (prefix_in(d, 2, 62, 62)) {
        if (!len16_19) {
            return SCAN_REJECT;
        }
        return luhn ? SCAN_VALID : SCAN_PLAUSIBLE; /* UnionPay: old numbers may fail Luhn */
    } else if (prefix_in(d, 4, 3528, 3589) || prefix_in(d, 4, 2200, 2204) ||
               prefix_in(d, 4, 6011, 6011) || prefix_in(d, 3, 644, 649) ||
               prefix_in(d, 2, 65, 65)) {
        ok = len16_19; /* JCB, Mir, Discover */
    } else if (prefix_in(d, 3, 300, 305) || prefix_in(d, 4, 3095, 3095) ||
               prefix_in(d, 2, 36, 36) || prefix_in(d, 2, 38, 39)) {
        ok = count >= 14; /* Diners Club */
    } else if (prefix_in(d, 2, 50, 50) || prefix_in(d, 2, 56, 58) || prefix_in(d, 3, 639, 639) ||
               prefix_in(d, 2, 67, 67)) {
        ok = 1; /* Maestro, 12-19 digits */
    } else if (prefix_in(d, 2, 60, 60) || prefix_in(d, 2, 81, 82) || prefix_in(d, 3, 508, 508) ||
               prefix_in(d, 4, 9792, 9792)) {
        ok = count == 16; /* RuPay, Troy */
    }
    return ok && luhn ? SCAN_VALID : SCAN_REJECT;
}

/* ---- IBAN ---- */

/* Lengths of the SWIFT IBAN Registry (release 97, 2024), by country code. */
static const struct {
    char cc[3];
    unsigned char len;
} iban_lengths[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
    {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24},
    {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18},
    {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27},
    {"GT", 28}, {"HN", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26},
    {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20},
    {"LU", 20}, {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20},
    {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24},
    {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24},
    {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25},
    {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20},
    {"YE", 30}};

int scan_check_iban(const char *s, size_t n)
{
    char c[34];
    size_t count = 0;
    /* Electronic form, or the paper form: groups of four separated by single spaces. */
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' && count > 0 && count % 4 == 0 && i + 1 < n && s[i - 1] != ' ') {
            continue;
        }
        if (count == 34 || !(v_upper(s[i]) || v_digit(s[i]))) {
            return SCAN_REJECT;
        }
        c[count++] = s[i];
    }
    int spaced = count != n;
    if (spaced && n != count + (count - 1) / 4) {
        return SCAN_REJECT;
    }
    if (count < 15 || !v_upper(c[0]) || !v_upper(c[1]) || !v_digit(c[2]) || !v_digit(c[3])) {
        return SCAN_REJECT;
    }
    int check = v_num(c + 2, 2);
    if (check < 2 || check > 98) {
        return SCAN_REJECT;
    }
    for (size_t i = 0; i < sizeof iban_lengths / sizeof iban_lengths[0]; i++) {
        if (iban_lengths[i].cc[0] == c[0] && iban_lengths[i].cc[1] == c[1]) {
            return iban_lengths[i].len == count && scan_mod97_ok(c, count) ? SCAN_VALID
                                                                           : SCAN_REJECT;
        }
    }
    return SCAN_REJECT;
}

/* ---- US SSN, UK NINO ---- */

int scan_check_us_ssn(const char *s, size_t n)
{
    char d[9];
    int dashed = n == 11 && s[3] == '-' && s[6] == '-';
    if (dashed) {
        for (int i = 0; i < 3; i++) {
            d[i] = s[i];
        }
        d[3] = s[4], d[4] = s[5];
        for (int i = 0; i < 4; i++) {
            d[5 + i] = s[7 + i];
        }
    } else if (n == 9) {
        for (int i = 0; i < 9; i++) {
            d[i] = s[i];
        }
    } else {
        return SCAN_REJECT;
    }
    if (!v_all_digits(d, 9)) {
        return SCAN_REJECT;
    }
    int area = v_num(d, 3), group = v_num(d + 3, 2), serial = v_num(d + 5, 4);
    int whole = v_num(d, 9);
    /* SSA: no area 000, 666 or 900-999, no group 00, no serial 0000; and numbers voided
     * after publication (078-05-1120 the Woolworth wallet card, 219-09-9999, 457-55-5462). */
    if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 || whole == 78051120 ||
        whole == 219099999 || whole == 457555462) {
        return SCAN_REJECT;
    }
    /* A bare 9-digit number meets these rules 89% of the time: only the dashed form is
     * a verified shape. */
    return dashed ? SCAN_VALID : SCAN_PLAUSIBLE;
}

static int nino_letter_ok(char c, int second)
{
    if (!v_upper(c) || c == 'D' || c == 'F' || c == 'I' || c == 'Q' || c == 'U' || c == 'V') {
        return 0;
    }
    return !(second && c == 'O');
}

int scan_check_uk_nino(const char *s, size_t n)
{
    char c[9];
    size_t count = 0;
    /* "AB123456C" or "AB 12 34 56 C": spaces only between the pairs and before the suffix. */
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' && (count == 2 || count == 4 || count == 6 || count == 8) &&
            s[i - 1] != ' ' && i + 1 < n) {
            continue;
        }
        if (count == 9) {
            return SCAN_REJECT;
        }
        c[count++] = s[i];
    }
    if (count < 8 || !nino_letter_ok(c[0], 0) || !nino_letter_ok(c[1], 1) ||
        !v_all_digits(c + 2, 6)) {
        return SCAN_REJECT;
    }
    static const char bad[7][3] = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"};
    for (int i = 0; i < 7; i++) {
        if (c[0] == bad[i][0] && c[1] == bad[i][1]) {
            return SCAN_REJECT;
        }
    }
    if (count == 8) {
        return SCAN_PLAUSIBLE; /* the suffix is sometimes left out */
    }
    return c[8] >= 'A' && c[8] <= 'D' ? SCAN_VALID : SCAN_REJECT;
}

/* ---- machine-readable zone ---- */

static int mrz_value(char c)
{
    if (v_digit(c)) {
        return c - '0';
    }
    if (v_upper(c)) {
        return c - 'A' + 10;
    }
    return c == '<' ? 0 : -1;
}

/* ICAO 9303 part 3: weights 7 3 1 repeating, sum mod 10. */
static int mrz_check(const char *s, size_t n, char check)
{
    static const int w[3] = {7, 3, 1};
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += w[i % 3] * mrz_value(s[i]);
    }
    return check == '0' + sum % 10;
}

/* YYMMDD that is a real date in 19YY or 20YY. */
static int yymmdd_ok(const char *s)
{
    if (!v_all_digits(s, 6)) {
        return 0;
    }
    int v = v_num(s, 6);
    return scan_date_ok(19000000 + v) || scan_date_ok(20000000 + v);
}

int scan_check_mrz(const char *s, size_t n)
{
    if (n != 44) {
        return SCAN_REJECT;
    }
    for (size_t i = 0; i < 44; i++) {
        if (mrz_value(s[i]) < 0) {
            return SCAN_REJECT;
        }
    }
    for (int i = 10; i < 13; i++) {
        if (!v_upper(s[i]) && s[i] != '<') {
            return SCAN_REJECT;
        }
    }
    if (!mrz_check(s, 9, s[9]) || !yymmdd_ok(s + 13) || !mrz_check(s + 13, 6, s[19]) ||
        (s[20] != 'M' && s[20] != 'F' && s[20] != 'X' && s[20] != '<') || !yymmdd_ok(s + 21) ||
        !mrz_check(s + 21, 6, s[27])) {
        return SCAN_REJECT;
    }
    /* The personal number's check digit may be '<' when the number is all fillers. */
    int empty = 1;
    for (int i = 28; i < 42; i++) {
        empty &= s[i] == '<';
    }
    if (!(mrz_check(s + 28, 14, s[42]) || (empty && s[42] == '<'))) {
        return SCAN_REJECT;
    }
    /* Composite: 0-9, 13-19, 21-42 as one sequence. */
    static const int w[3] = {7, 3, 1};
    int sum = 0, k = 0;
    for (int i = 0; i < 43; i++) {
        if ((i >= 10 && i <= 12) || i == 20) {
            continue;
        }
        sum += w[k++ % 3] * mrz_value(s[i]);
    }
    return s[43] == '0' + sum % 10 ? SCAN_VALID : SCAN_REJECT;
}

/* ---- network addresses, IMEI ---- */

/* A dotted quad (inet_pton: four decimal parts of 1-3 digits, no leading zero, <= 255). */
static int ipv4_ok(const char *s, size_t n)
{
    int parts = 0;
    size_t i = 0;
    while (parts < 4) {
        size_t start = i;
        int v = 0;
        while (i < n && v_digit(s[i]) && i - start < 3) {
            v = v * 10 + (s[i] - '0');
            i++;
        }
        if (i == start || v > 255 || (s[start] == '0' && i - start > 1)) {
            return 0;
        }
        parts++;
        if (parts < 4) {
            if (i >= n || s[i] != '.') {
                return 0;
            }
            i++;
        }
    }
    return i == n;
}

int scan_check_ipv4(const char *s, size_t n)
{
    return n >= 7 && n <= 15 && ipv4_ok(s, n) ? SCAN_VALID : SCAN_REJECT;
}

/* inet_pton's IPv6 rules: up to eight groups of 1-4 hex digits, one "::" standing for one
 * or more zero groups, an optional dotted quad in place of the last two groups. */
int scan_check_ipv6(const char *s, size_t n)
{
    if (n < 2 || n > 45) {
        return SCAN_REJECT;
    }
    size_t i = 0;
    int groups = 0, gap = 0;
    if (s[0] == ':') {
        if (s[1] != ':') {
            return SCAN_REJECT;
        }
        gap = 1, i = 2;
        if (i == n) {
            return SCAN_VALID;
        }
    }
    for (;;) {
        size_t start = i;
        while (i < n && v_hex(s[i]) && i - start < 5) {
            i++;
        }
        if (i < n && s[i] == '.') {
            /* a dotted quad ends the address */
            if (groups > 6 || !ipv4_ok(s + start, n - start)) {
                return SCAN_REJECT;
            }
            groups += 2;
            break;
        }
        if (i == start || i - start > 4) {
            return SCAN_REJECT;
        }
        groups++;
        if (i == n) {
            break;
        }
        if (s[i] != ':' || groups == 8) {
            return SCAN_REJECT;
        }
        i++;
        if (i < n && s[i] == ':') {
            if (gap) {
                return SCAN_REJECT;
            }
            gap = 1;
            i++;
            if (i == n) {
                break;
            }
        } else if (i == n) {
            return SCAN_REJECT;
        }
    }
    return (gap ? groups <= 7 : groups == 8) ? SCAN_VALID : SCAN_REJECT;
}

int scan_check_mac(const char *s, size_t n)
{
    if (n != 17 || (s[2] != ':' && s[2] != '-')) {
        return SCAN_REJECT;
    }
    int zeros = 1, ones = 1;
    for (size_t i = 0; i < 17; i++) {
        if (i % 3 == 2) {
            if (s[i] != s[2]) {
                return SCAN_REJECT;
            }
            continue;
        }
        if (!v_hex(s[i])) {
            return SCAN_REJECT;
        }
        zeros &= s[i] == '0';
        ones &= s[i] == 'f' || s[i] == 'F';
    }
    return zeros || ones ? SCAN_REJECT : SCAN_VALID;
}

int scan_check_imei(const char *s, size_t n)
{
    if (n != 15 || !scan_luhn_ok(s, n) || (s[0] == '0' && s[1] == '0')) {
        return SCAN_REJECT; /* reporting body 00 is not allocated */
    }
    return SCAN_VALID;
}

/* ---- coordinates ---- */

/* A signed decimal with a point: up to 3 integer digits, 1-15 fraction digits; sets the
 * integer part, whether the fraction is nonzero and its length. Returns bytes used. */
static size_t decimal(const char *s, size_t n, int *whole, int *frac_nonzero, int *frac_len)
{
    size_t i = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) {
        i++;
    }
    size_t start = i;
    *whole = 0;
    while (i < n && v_digit(s[i]) && i - start < 3) {
        *whole = *whole * 10 + (s[i] - '0');
        i++;
    }
    if (i == start || i >= n || s[i] != '.') {
        return 0;
    }
    i++;
    start = i;
    *frac_nonzero = 0;
    while (i < n && v_digit(s[i]) && i - start < 15) {
        *frac_nonzero |= s[i] != '0';
        i++;
    }
    *frac_len = (int)(i - start);
    return *frac_len > 0 ? i : 0;
}

int scan_check_latlon(const char *s, size_t n)
{
    int lat, lon, lat_nz, lon_nz, lat_fl, lon_fl;
    size_t k = decimal(s, n, &lat, &lat_nz, &lat_fl);
    if (k == 0) {
        return SCAN_REJECT;
    }
    while (k < n && s[k] == ' ') {
        k++;
    }
    if (k >= n || s[k] != ',') {
        return SCAN_REJECT;
    }
    k++;
    while (k < n && s[k] == ' ') {
        k++;
    }
    size_t used = decimal(s + k, n - k, &lon, &lon_nz, &lon_fl);
    if (used == 0 || k + used != n || lat > 90 || (lat == 90 && lat_nz) || lon > 180 ||
        (lon == 180 && lon_nz)) {
        return SCAN_REJECT;
    }
    /* Four decimals locate within about 11 m: a precise location; fewer, a region. */
    return lat_fl >= 4 && lon_fl >= 4 ? SCAN_VALID : SCAN_PLAUSIBLE;
}

/* ---- dates ---- */

/* Reads 1-2 digits into *v; returns the bytes used, 0 if none. */
static size_t small_num(const char *s, size_t n, int *v)
{
    size_t i = 0;
    *v = 0;
    while (i < n && i < 2 && v_digit(s[i])) {
        *v = *v * 10 + (s[i] - '0');
        i++;
    }
    return i;
}

static int date_in_range(int y, int m, int d, int today)
{
    if (y < 1850 || m < 1 || m > 12 || d < 1 || d > 31) {
        return 0;
    }
    int v = y * 10000 + m * 100 + d;
    return scan_date_ok(v) && (today <= 0 || v <= today);
}

/* "年", "月", "日" in UTF-8. */
static int is_cjk_unit(const char *s, size_t n, uint32_t unit)
{
    uint32_t cp;
    return n >= 3 && v_utf8(s, n, &cp) == 3 && cp == unit;
}

int scan_check_date(const char *s, size_t n, int today)
{
    if (n == 8 && v_all_digits(s, 8)) {
        int v = v_num(s, 8);
        return date_in_range(v / 10000, v / 100 % 100, v % 100, today) ? SCAN_VALID : SCAN_REJECT;
    }
    int a, b;
    if (n >= 8 && v_all_digits(s, 4)) {
        /* yyyy-mm-dd, yyyy/mm/dd, yyyy.mm.dd, yyyy年m月d日 */
        int y = v_num(s, 4);
        size_t k = 4;
        int cjk = is_cjk_unit(s + k, n - k, 0x5E74);
        char sep = s[k];
        if (!cjk && sep != '-' && sep != '/' && sep != '.') {
            return SCAN_REJECT;
        }
        k += cjk ? 3 : 1;
        size_t used = small_num(s + k, n - k, &a);
        if (used == 0) {
            return SCAN_REJECT;
        }
        k += used;
        if (cjk ? !is_cjk_unit(s + k, n - k, 0x6708) : k >= n || s[k] != sep) {
            return SCAN_REJECT;
        }
        k += cjk ? 3 : 1;
        used = small_num(s + k, n - k, &b);
        if (used == 0) {
            return SCAN_REJECT;
        }
        k += used;
        if (cjk) {
            if (!is_cjk_unit(s + k, n - k, 0x65E5)) {
                return SCAN_REJECT;
            }
            k += 3;
        }
        return k == n && date_in_range(y, a, b, today) ? SCAN_VALID : SCAN_REJECT;
    }
    /* dd/mm/yyyy or mm/dd/yyyy (either reading will do), also with '.' or '-' */
    size_t used = small_num(s, n, &a);
    if (used == 0 || used >= n) {
        return SCAN_REJECT;
    }
    char sep = s[used];
    if (sep != '/' && sep != '.' && sep != '-') {
        return SCAN_REJECT;
    }
    size_t k = used + 1;
    used = small_num(s + k, n - k, &b);
    if (used == 0 || k + used + 5 != n || s[k + used] != sep ||
        !v_all_digits(s + k + used + 1, 4)) {
        return SCAN_REJECT;
    }
    int y = v_num(s + k + used + 1, 4);
    return date_in_range(y, b, a, today) || date_in_range(y, a, b, today) ? SCAN_VALID
                                                                          : SCAN_REJECT;
}
