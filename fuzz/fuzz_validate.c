/* fuzz_validate.c - every validator of src/scan/validate.h on arbitrary bytes. The input is
 * copied into a buffer of exactly its size, so ASan catches any read past the candidate;
 * every verdict must be SCAN_REJECT, SCAN_PLAUSIBLE or SCAN_VALID, and the same on a second
 * call. The first byte's value seeds `today` for the date-dependent validators. */
#include "scan/validate.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef int (*validator)(const char *, size_t);

static void verdict_ok(int v, int again)
{
    if (v < SCAN_REJECT || v > SCAN_VALID || v != again) {
        abort();
    }
}

static void run(validator fn, const char *s, size_t n)
{
    verdict_ok(fn(s, n), fn(s, n));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const validator all[] = {scan_check_cn_uscc,
                                    scan_check_cn_mobile,
                                    scan_check_cn_landline,
                                    scan_check_cn_passport,
                                    scan_check_cn_travel_permit,
                                    scan_check_hk_id,
                                    scan_check_tw_id,
                                    scan_check_cn_plate,
                                    scan_check_qq,
                                    scan_check_wechat,
                                    scan_check_cn_postcode,
                                    scan_check_cn_name,
                                    scan_check_cn_address,
                                    scan_check_email,
                                    scan_check_phone,
                                    scan_check_card,
                                    scan_check_iban,
                                    scan_check_us_ssn,
                                    scan_check_uk_nino,
                                    scan_check_mrz,
                                    scan_check_ipv4,
                                    scan_check_ipv6,
                                    scan_check_mac,
                                    scan_check_imei,
                                    scan_check_latlon};
    char *s = malloc(size ? size : 1);
    if (s == NULL) {
        return 0;
    }
    memcpy(s, data, size);
    int today = size > 0 && data[0] & 1 ? 20250601 : 0;
    /* Every prefix length up to 64, then the whole input, so short inputs end anywhere. */
    for (size_t n = 0; n <= size; n = n < 64 ? n + 1 : (n == size ? n + 1 : size)) {
        const char *p = s + size - n; /* the last n bytes: their end is the buffer's end */
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
            run(all[i], p, n);
        }
        verdict_ok(scan_check_cn_resident_id(p, n, today), scan_check_cn_resident_id(p, n, today));
        verdict_ok(scan_check_date(p, n, today), scan_check_date(p, n, today));
        int lengths = scan_cn_area_code_ok(p, n);
        if (scan_luhn_ok(p, n) > 1 || scan_mod97_ok(p, n) > 1 || (lengths & ~0x180) != 0) {
            abort();
        }
    }
    if (size >= 4) {
        uint32_t code;
        memcpy(&code, data, 4);
        if (scan_cn_region_exists(code) > 1 || scan_date_ok((int)code) > 1) {
            abort();
        }
    }
    free(s);
    return 0;
}
