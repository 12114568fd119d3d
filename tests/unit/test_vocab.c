/* test_vocab.c - the classifier's vocabularies (src/scan/vocab.c): header keywords in English
 * and Chinese (simplified and traditional) with their normalisation and strengths, keywords
 * inside longer headers, sensitive categories from headers and values, ICD-10 shapes, the 56
 * ethnic groups in both scripts, and that every table is sorted as the search assumes. */
#include "testutil.h"

#include "scan/vocab.h"
#include "scan/vocab_int.h"

typedef struct hcase {
    const char *s;
    int want;
    int strength;
} hcase;

typedef int (*lookup_fn)(const char *s, size_t n, int *strength);

static int header_field(const char *s, size_t n, int *strength)
{
    return (int)scan_vocab_header(s, n, strength);
}

static int header_category(const char *s, size_t n, int *strength)
{
    return (int)scan_vocab_category_header(s, n, strength);
}

static int value_category(const char *s, size_t n, int *strength)
{
    int got = (int)scan_vocab_category_match(s, n, strength);
    assert_int_equal(scan_vocab_category(s, n), got);
    return got;
}

static void check_cases(const char *what, lookup_fn fn, const hcase *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int st = -1;
        int got = fn(c[i].s, strlen(c[i].s), &st);
        if (got != c[i].want || st != c[i].strength) {
            fail_msg("%s \"%s\": %d strength %d, want %d %d", what, c[i].s, got, st, c[i].want,
                     c[i].strength);
        }
    }
}

static void test_headers(void **state)
{
    (void)state;
    static const hcase c[] = {
        {"身份证号", SCAN_FIELD_CN_RESIDENT_ID, 2},
        {"身份證號", SCAN_FIELD_CN_RESIDENT_ID, 2},
        {"id_card", SCAN_FIELD_CN_RESIDENT_ID, 2},
        {"ID-Card", SCAN_FIELD_CN_RESIDENT_ID, 2},
        {"idcard", SCAN_FIELD_CN_RESIDENT_ID, 2},
        {"SFZH", SCAN_FIELD_CN_RESIDENT_ID, 2},
        {"父亲身份证号", SCAN_FIELD_CN_RESIDENT_ID, 2}, /* inside */
        {"证件号码", SCAN_FIELD_CN_RESIDENT_ID, 1},
        {"手机号", SCAN_FIELD_MOBILE, 2},
        {"手機號", SCAN_FIELD_MOBILE, 2},
        {"Mobile", SCAN_FIELD_MOBILE, 2},
        {"customer_mobile", SCAN_FIELD_MOBILE, 2},
        {"phone", SCAN_FIELD_PHONE, 2},
        {"Tel", SCAN_FIELD_PHONE, 1},
        {"hotel", SCAN_FIELD_NONE, 0}, /* "tel" only as the whole header */
        {"姓名", SCAN_FIELD_NAME, 2},
        {"name", SCAN_FIELD_NAME, 1},
        {"full_name", SCAN_FIELD_NAME, 2},
        {"username", SCAN_FIELD_NONE, 0},
        {"地址", SCAN_FIELD_ADDRESS, 2},
        {"Home Address", SCAN_FIELD_ADDRESS, 2},
        {"出生日期", SCAN_FIELD_BIRTH_DATE, 2},
        {"dob", SCAN_FIELD_BIRTH_DATE, 2},
        {"birth_date", SCAN_FIELD_BIRTH_DATE, 2},
        {"patient_dob", SCAN_FIELD_BIRTH_DATE, 2}, /* a short keyword at the end */
        {"email", SCAN_FIELD_EMAIL, 2},
        {"E-mail", SCAN_FIELD_EMAIL, 2},
        {"邮箱", SCAN_FIELD_EMAIL, 2},
        {"郵箱", SCAN_FIELD_EMAIL, 2},
        {"统一社会信用代码", SCAN_FIELD_CN_USCC, 2},
        {"车牌号", SCAN_FIELD_PLATE, 2},
        {"邮编", SCAN_FIELD_POSTCODE, 2},
        {"ip", SCAN_FIELD_IP, 1},
        {"client_ip", SCAN_FIELD_IP, 2},
        {"年龄", SCAN_FIELD_AGE, 2},
        {"性别", SCAN_FIELD_SEX, 2},
        {"amount", SCAN_FIELD_NONE, 0},
        {"", SCAN_FIELD_NONE, 0},
    };
    check_cases("header field", header_field, c, sizeof c / sizeof c[0]);
    assert_string_equal(scan_field_name(SCAN_FIELD_CN_RESIDENT_ID), "cn_resident_id");
    assert_string_equal(scan_field_name(SCAN_FIELD_BIRTH_DATE), "date_of_birth");
    assert_string_equal(scan_field_name(SCAN_FIELD_SEX), "sex");
    assert_string_equal(scan_field_name(SCAN_FIELD_COUNT), "");
}

static void test_category_headers(void **state)
{
    (void)state;
    static const hcase c[] = {
        {"诊断", SCAN_CAT_HEALTH, 2},
        {"診斷", SCAN_CAT_HEALTH, 2},
        {"ICD_10", SCAN_CAT_HEALTH, 2},
        {"primary_diagnosis", SCAN_CAT_HEALTH, 2},
        {"民族", SCAN_CAT_ETHNICITY, 2},
        {"ethnicity", SCAN_CAT_ETHNICITY, 2},
        {"宗教信仰", SCAN_CAT_RELIGION, 2},
        {"Religion", SCAN_CAT_RELIGION, 2},
        {"指纹", SCAN_CAT_BIOMETRIC, 2},
        {"face_id", SCAN_CAT_BIOMETRIC, 2},
        {"月收入", SCAN_CAT_FINANCIAL, 2},
        {"salary", SCAN_CAT_FINANCIAL, 2},
        {"行踪轨迹", SCAN_CAT_LOCATION, 2},
        {"GPS", SCAN_CAT_LOCATION, 2},
        {"性取向", SCAN_CAT_SEXUAL_ORIENTATION, 2},
        {"犯罪记录", SCAN_CAT_CRIMINAL, 2},
        {"conviction", SCAN_CAT_CRIMINAL, 2},
        {"监护人", SCAN_CAT_MINOR, 2},
        {"guardian", SCAN_CAT_MINOR, 2},
        {"政治面貌", SCAN_CAT_POLITICAL, 2},
        {"工会", SCAN_CAT_TRADE_UNION, 2},
        {"archive_id", SCAN_CAT_NONE, 0},
        {"city", SCAN_CAT_NONE, 0},
    };
    check_cases("header category", header_category, c, sizeof c / sizeof c[0]);
    assert_string_equal(scan_category_name(SCAN_CAT_SEXUAL_ORIENTATION), "sexual_orientation");
    assert_string_equal(scan_category_name(SCAN_CAT_TRADE_UNION), "trade_union");
}

static void test_category_values(void **state)
{
    (void)state;
    static const hcase c[] = {
        {"糖尿病", SCAN_CAT_HEALTH, 2},
        {"2型糖尿病", SCAN_CAT_HEALTH, 1},
        {"高血壓", SCAN_CAT_HEALTH, 2},
        {"Type 2 Diabetes", SCAN_CAT_HEALTH, 1},
        {" diabetes ", SCAN_CAT_HEALTH, 2},
        {"E11.9", SCAN_CAT_HEALTH, 2},
        {"C50", SCAN_CAT_HEALTH, 1},
        {"回族", SCAN_CAT_ETHNICITY, 2},
        {"維吾爾族", SCAN_CAT_ETHNICITY, 2},
        {"Hispanic", SCAN_CAT_ETHNICITY, 2},
        {"African American", SCAN_CAT_ETHNICITY, 2},
        {"white", SCAN_CAT_ETHNICITY, 1},
        {"佛教", SCAN_CAT_RELIGION, 2},
        {"Buddhist", SCAN_CAT_RELIGION, 2},
        {"中国工商银行", SCAN_CAT_FINANCIAL, 2},
        {"同性戀", SCAN_CAT_SEXUAL_ORIENTATION, 2},
        {"bisexual", SCAN_CAT_SEXUAL_ORIENTATION, 2},
        {"盗窃罪", SCAN_CAT_CRIMINAL, 2},
        {"判处有期徒刑三年", SCAN_CAT_CRIMINAL, 1},
        {"小学生", SCAN_CAT_MINOR, 2},
        {"中共党员", SCAN_CAT_POLITICAL, 2},
        {"群众", SCAN_CAT_POLITICAL, 1},
        {"archive", SCAN_CAT_NONE, 0}, /* "hiv" inside a word does not count */
        {"HIV-positive", SCAN_CAT_HEALTH, 2},
        {"北京", SCAN_CAT_NONE, 0},
        {"U07.1", SCAN_CAT_NONE, 0}, /* U codes are reserved */
        {"", SCAN_CAT_NONE, 0},
    };
    check_cases("value category", value_category, c, sizeof c / sizeof c[0]);
}

static void test_ethnic_groups(void **state)
{
    (void)state;
    /* China's 56 ethnic groups, simplified then traditional (the State Ethnic Affairs
     * Commission's list). */
    static const char *const s =
        "汉族 壮族 满族 回族 苗族 维吾尔族 土家族 彝族 蒙古族 藏族 布依族 侗族 瑶族 朝鲜族 白族 "
        "哈尼族 "
        "哈萨克族 黎族 傣族 畲族 傈僳族 仡佬族 东乡族 高山族 拉祜族 水族 佤族 纳西族 羌族 土族 "
        "仫佬族 "
        "锡伯族 柯尔克孜族 达斡尔族 景颇族 毛南族 撒拉族 布朗族 塔吉克族 阿昌族 普米族 鄂温克族 "
        "怒族 "
        "京族 基诺族 德昂族 保安族 俄罗斯族 裕固族 乌孜别克族 门巴族 鄂伦春族 独龙族 塔塔尔族 "
        "赫哲族 "
        "珞巴族 漢族 壯族 滿族 維吾爾族 瑤族 朝鮮族 哈薩克族 東鄉族 納西族 錫伯族 柯爾克孜族 "
        "達斡爾族 "
        "景頗族 鄂溫克族 基諾族 俄羅斯族 烏孜別克族 門巴族 鄂倫春族 獨龍族 塔塔爾族";
    size_t count = 0;
    for (const char *p = s; *p;) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        int st = 0;
        if (scan_vocab_category_match(p, n, &st) != SCAN_CAT_ETHNICITY || st != 2) {
            fail_msg("ethnic group \"%.*s\" not recognised", (int)n, p);
        }
        count++;
        p += n + (e != NULL);
    }
    assert_int_equal(count, 56 + 21);
}

static void test_icd10(void **state)
{
    (void)state;
    assert_int_equal(scan_vocab_icd10("E11", 3), 1);
    assert_int_equal(scan_vocab_icd10("E11.9", 5), 2);
    assert_int_equal(scan_vocab_icd10("C50.912", 7), 2);
    assert_int_equal(scan_vocab_icd10("O9A.1", 5), 2);
    assert_int_equal(scan_vocab_icd10("Z99.89", 6), 2);
    assert_int_equal(scan_vocab_icd10("U07.1", 5), 0);
    assert_int_equal(scan_vocab_icd10("E1C", 3), 0);
    assert_int_equal(scan_vocab_icd10("E11.", 4), 0);
    assert_int_equal(scan_vocab_icd10("E11.12345", 9), 0);
    assert_int_equal(scan_vocab_icd10("E11.U", 5), 0);
    assert_int_equal(scan_vocab_icd10("e11", 3), 0);
    assert_int_equal(scan_vocab_icd10("E1", 2), 0);
    assert_int_equal(scan_vocab_icd10("E119", 4), 0);
}

static void check_sorted(const scan_vocab *v)
{
    for (size_t len = 1; len <= v->maxlen; len++) {
        for (size_t i = v->by_len[len]; i < v->by_len[len + 1]; i++) {
            assert_int_equal(v->words[i].len, len);
            assert_int_equal(strlen(v->words[i].s), len);
            if (i > v->by_len[len]) {
                assert_true(memcmp(v->words[i - 1].s, v->words[i].s, len) < 0);
            }
        }
    }
    assert_int_equal(v->by_len[1], 0);
}

static void test_tables_sorted(void **state)
{
    (void)state;
    check_sorted(&scan_vocab_fields);
    check_sorted(&scan_vocab_cat_headers);
    check_sorted(&scan_vocab_cat_values);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headers),         cmocka_unit_test(test_category_headers),
        cmocka_unit_test(test_category_values), cmocka_unit_test(test_ethnic_groups),
        cmocka_unit_test(test_icd10),           cmocka_unit_test(test_tables_sorted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
