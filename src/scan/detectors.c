/* detectors.c - the detector registry. Patterns are short Hyperscan triggers over bytes that
 * match where a value ends; the engine (text.c) walks back over `chars`, lets the validator
 * choose the start and checks the bytes on either side against `bound` (Hyperscan has no \b).
 * The triggers below are shared: a run of digits (with a letter first or last), digits after
 * a separator, an e-mail domain, a dotted quad... Validation rules and test vectors:
 * ../shared/REFERENCES.md section 7. */
#include "scan/detectors.h"

#include "scan/validate.h"

/* Where values end: the last five characters of a run of digits (a letter may come first,
 * or last, an X may come last but one: 11010519491231002X, AB123456C, 粤B1234D,
 * 9144030477969560XA); digits after a space, or after '-', '/' or '.' (grouped numbers, dates,
 * coordinates, the last octet of a dotted quad). Hyperscan's speed depends on these shapes
 * more than on their number: a separate trigger "[0-9]{3}X[0-9A-Z]" cost a third of it. */
#define T_RUN "[0-9A-Z][0-9]{2}[0-9X][0-9A-Za-z]"
#define T_SPACE "[0-9] [0-9]{1,5}"
#define T_SEP "[0-9][-/.][0-9]{1,5}"
#define T_QUAD "\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}"
#define T_HEX ":[0-9A-Fa-f]{1,4}"
#define ALNUM "0-9A-Za-z"

/* One entry per detector, and long lines of Chinese, read better than the formatter's
 * layout. */
/* clang-format off */
const scan_detector scan_detectors[] = {
    /* ---- China ---- */
    {.info = {"cn_resident_id", "Chinese resident identity card number", OUTIS_KIND_PERSON_ID,
              0, 0.9, 0.99},
     .patterns = {{T_RUN, 15, 18, 0}},
     .chars = "0-9Xx", .bound = ALNUM, .check_dated = scan_check_cn_resident_id,
     .has_checksum = 1, .mask = SCAN_MASK_ID,
     .keywords = "身份证|身份證|身分證|公民身份|居民身份|证件号|證件號|id card|id no|id number|"
                 "identity"},
    {.info = {"cn_uscc", "Chinese unified social credit code", OUTIS_KIND_ORG_ID, 0, 0.9, 0.99},
     .patterns = {{T_RUN, 18, 18, 0}},
     .chars = "0-9A-Z", .bound = ALNUM, .check = scan_check_cn_uscc, .has_checksum = 1,
     .mask = SCAN_MASK_ID,
     .keywords = "统一社会信用代码|統一社會信用代碼|信用代码|信用代碼|营业执照|營業執照|"
                 "credit code|uscc"},
    {.info = {"hk_id", "Hong Kong identity card number", OUTIS_KIND_PERSON_ID, 0, 0.8, 0.97},
     .patterns = {{T_RUN, 8, 9, 0}, {"[0-9]\\([0-9A]\\)", 10, 11, 0}},
     .chars = "A-Z0-9()", .bound = ALNUM, .check = scan_check_hk_id, .has_checksum = 1,
     .mask = SCAN_MASK_MIDDLE,
     .keywords = "香港身份证|香港身份證|身份證|身份证|hkid|hong kong identity"},
    {.info = {"tw_id", "Taiwan identity card number", OUTIS_KIND_PERSON_ID, 0, 0.8, 0.97},
     .patterns = {{T_RUN, 10, 10, 0}},
     .chars = "A-Z0-9", .bound = ALNUM, .check = scan_check_tw_id, .has_checksum = 1,
     .mask = SCAN_MASK_MIDDLE,
     .keywords = "身分證|身份證|身份证|台湾身份|臺灣身分|national id|taiwan id"},
    {.info = {"cn_passport", "Chinese passport number", OUTIS_KIND_PERSON_ID, 1, 0.5, 0.9},
     .patterns = {{T_RUN, 9, 9, 0}},
     .chars = "A-Z0-9", .bound = ALNUM, .check = scan_check_cn_passport,
     .mask = SCAN_MASK_MIDDLE, .keywords = "护照|護照|passport|旅行证件|旅行證件"},
    /* the Taiwan form, 8 digits, only with context */
    {.info = {"cn_travel_permit", "Mainland travel permit (Hong Kong, Macau, Taiwan residents)",
              OUTIS_KIND_PERSON_ID, 0, 0.6, 0.9},
     .patterns = {{T_RUN, 9, 11, 0}, {T_RUN, 8, 8, 1}},
     .chars = "A-Z0-9", .bound = ALNUM, .check = scan_check_cn_travel_permit,
     .mask = SCAN_MASK_MIDDLE,
     .keywords = "通行证|通行證|回乡证|回鄉證|台胞证|台胞證|往来港澳|往來港澳|来往内地|來往內地|"
                 "travel permit|home return"},
    {.info = {"cn_mobile", "Chinese mobile phone number", OUTIS_KIND_CONTACT, 0, 0.85, 0.98},
     .patterns = {{T_RUN, 11, 16, 0}, {T_SPACE, 13, 18, 0}, {T_SEP, 13, 18, 0}},
     .chars = "0-9+ -", .bound = ALNUM, .check = scan_check_cn_mobile, .mask = SCAN_MASK_PHONE,
     .keywords = "手机|手機|电话|電話|联系方式|聯繫方式|mobile|phone|tel|cell"},
    {.info = {"cn_landline", "Chinese landline phone number", OUTIS_KIND_CONTACT, 0, 0.75, 0.95},
     .patterns = {{T_RUN, 10, 17, 0}},
     .chars = "0-9()+ -", .bound = ALNUM, .check = scan_check_cn_landline,
     .mask = SCAN_MASK_PHONE,
     .keywords = "电话|電話|座机|座機|固话|固話|传真|傳真|tel|phone|fax"},
    {.info = {"payment_card", "bank or payment card number", OUTIS_KIND_FINANCIAL, 0, 0.85,
              0.97},
     .patterns = {{T_RUN, 13, 19, 0}, {T_SPACE, 15, 23, 0}, {T_SEP, 15, 23, 0}},
     .chars = "0-9 -", .bound = ALNUM, .check = scan_check_card, .has_checksum = 1,
     .mask = SCAN_MASK_ID,
     .keywords = "银行卡|銀行卡|卡号|卡號|信用卡|借记卡|借記卡|储蓄卡|儲蓄卡|银联|銀聯|card|"
                 "visa|mastercard|unionpay"},
    {.info = {"cn_plate", "Chinese vehicle plate", OUTIS_KIND_VEHICLE, 0, 0.75, 0.95},
     .patterns = {{T_RUN, 9, 12, 0}},
     .chars = "A-Z0-9 \x80-\xff", .bound = ALNUM, .check = scan_check_cn_plate,
     .mask = SCAN_MASK_PLATE, .keywords = "车牌|車牌|号牌|號牌|牌照|车辆|車輛|plate"},
    /* ends at a number of a road or building (号); no bound: addresses run on into
     * Chinese text; Chinese punctuation (not E4-E9 lead bytes) ends them */
    {.info = {"cn_address", "Chinese street address", OUTIS_KIND_LOCATION, 0, 0.7, 0.9},
     .patterns = {{"[0-9]号", 10, 150, 0}},
     .chars = "0-9A-Za-z\x80-\xbf\xe4-\xe9-", .bound = "", .check = scan_check_cn_address,
     .stops_at_keyword = 1, .mask = SCAN_MASK_PLACE,
     .keywords = "地址|住址|住所|居住地|住在|位于|位於|寄往|寄到|送至|送到|address|addr"},
    /* a word that introduces a name; those that also begin other phrases (客户反馈) only
     * with a colon */
    {.info = {"cn_name", "Chinese personal name", OUTIS_KIND_NAME, 1, 0.85, 0.85},
     .patterns = {{NULL, 6, 12, 0}},
     .chars = "\x80-\xbf\xe4-\xe9", .bound = "\xe4-\xe9", .check = scan_check_cn_name,
     .lead = "姓名|名字|联系人|聯繫人|联络人|聯絡人|收件人|收货人|收貨人|申请人|申請人|户主|戶主|"
             "负责人|負責人|患者:|病人:|客户:|客戶:|name:",
     .mask = SCAN_MASK_NAME,
     .keywords = "姓名|名字|联系人|聯繫人|联络人|聯絡人|收件人|收货人|收貨人|申请人|申請人|户主|"
                 "戶主|负责人|負責人|患者|病人|客户|客戶|name"},
    {.info = {"qq", "QQ number", OUTIS_KIND_CONTACT, 1, 0.3, 0.85},
     .patterns = {{T_RUN, 5, 11, 0}},
     .chars = "0-9", .bound = ALNUM, .check = scan_check_qq, .mask = SCAN_MASK_MIDDLE,
     .keywords = "qq|扣扣|企鹅号|企鵝號"},
    {.info = {"wechat", "WeChat ID", OUTIS_KIND_CONTACT, 1, 0.8, 0.8},
     .patterns = {{NULL, 6, 20, 0}},
     .chars = "A-Za-z0-9_-", .bound = "A-Za-z0-9_-", .check = scan_check_wechat,
     .lead = "微信|微信号|微信號|weixin|wechat|wechat id|vx:|wx:", .mask = SCAN_MASK_MIDDLE,
     .keywords = "微信|weixin|wechat|vx|wx"},
    {.info = {"cn_postcode", "Chinese postal code", OUTIS_KIND_LOCATION, 1, 0.3, 0.85},
     .patterns = {{T_RUN, 6, 6, 0}},
     .chars = "0-9", .bound = ALNUM, .check = scan_check_cn_postcode, .mask = SCAN_MASK_MIDDLE,
     .keywords = "邮编|郵編|邮政编码|郵政編碼|郵遞區號|postcode|postal code|post code|zip"},
    /* ---- international ---- */
    {.info = {"email", "e-mail address", OUTIS_KIND_CONTACT, 0, 0.95, 0.99},
     .patterns = {{"@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,24}", 6, 254, 0}},
     .chars = "A-Za-z0-9._%+@-", .bound = "A-Za-z0-9_%+@-", .check = scan_check_email,
     .mask = SCAN_MASK_EMAIL,
     .keywords = "email|e-mail|mail|邮箱|郵箱|电子邮件|電子郵件|邮件|郵件"},
    {.info = {"phone", "phone number (E.164 or national form)", OUTIS_KIND_CONTACT, 0, 0.6, 0.9},
     .patterns = {{T_RUN, 9, 16, 0}, {T_SPACE, 8, 30, 0}, {T_SEP, 8, 30, 0}},
     .chars = "0-9+() -", .bound = ALNUM, .check = scan_check_phone, .mask = SCAN_MASK_PHONE,
     .keywords = "phone|tel|mobile|cell|fax|电话|電話|手机|手機"},
    {.info = {"iban", "international bank account number (IBAN)", OUTIS_KIND_FINANCIAL, 0, 0.95,
              0.99},
     .patterns = {{T_RUN, 15, 34, 0}, {T_SPACE, 14, 42, 0}},
     .chars = "A-Z0-9 ", .bound = ALNUM, .check = scan_check_iban, .has_checksum = 1,
     .mask = SCAN_MASK_ID, .keywords = "iban|account|账号|賬號|帐号|帳號|账户|賬戶"},
    /* nine digits without dashes only with context */
    {.info = {"us_ssn", "US social security number", OUTIS_KIND_PERSON_ID, 0, 0.7, 0.95},
     .patterns = {{T_SEP, 11, 11, 0}, {T_RUN, 9, 9, 1}},
     .chars = "0-9-", .bound = ALNUM, .check = scan_check_us_ssn, .mask = SCAN_MASK_TAIL4,
     .keywords = "ssn|social security|social sec"},
    {.info = {"uk_nino", "UK national insurance number", OUTIS_KIND_PERSON_ID, 0, 0.82, 0.95},
     .patterns = {{T_RUN, 8, 9, 0}, {T_SPACE, 11, 11, 0}, {"[0-9] [A-D]", 13, 13, 0}},
     .chars = "A-Z0-9 ", .bound = ALNUM, .check = scan_check_uk_nino, .mask = SCAN_MASK_MIDDLE,
     .keywords = "nino|national insurance|ni number|ni no"},
    {.info = {"mrz", "passport machine-readable zone (line 2)", OUTIS_KIND_PERSON_ID, 0, 0.95,
              0.99},
     .patterns = {{"<[A-Z0-9<]{0,16}[0-9]", 44, 44, 0}},
     .chars = "A-Z0-9<", .bound = ALNUM "<", .check = scan_check_mrz, .has_checksum = 1,
     .mask = SCAN_MASK_MIDDLE, .keywords = "passport|护照|護照|mrz"},
    {.info = {"ipv4", "IPv4 address", OUTIS_KIND_NETWORK, 0, 0.7, 0.9},
     .patterns = {{T_QUAD, 7, 15, 0}},
     .chars = "0-9.", .bound = ALNUM, .check = scan_check_ipv4, .mask = SCAN_MASK_NET,
     .keywords = "ip|ip地址|ip位址|host|server|服务器|伺服器"},
    {.info = {"ipv6", "IPv6 address", OUTIS_KIND_NETWORK, 0, 0.8, 0.95},
     .patterns = {{T_HEX, 3, 45, 0}, {T_QUAD, 9, 45, 0}},
     .chars = "0-9A-Fa-f:.", .bound = ALNUM, .check = scan_check_ipv6, .mask = SCAN_MASK_NET,
     .keywords = "ipv6|ip|host|server|服务器|伺服器"},
    /* the ':' form, and the '-' form when it ends in two digits */
    {.info = {"mac", "MAC address", OUTIS_KIND_DEVICE, 0, 0.8, 0.95},
     .patterns = {{T_HEX, 17, 17, 0}, {T_SEP, 17, 17, 0}},
     .chars = "0-9A-Fa-f:-", .bound = ALNUM, .check = scan_check_mac, .mask = SCAN_MASK_MAC,
     .keywords = "mac|物理地址|硬件地址|硬體位址"},
    {.info = {"imei", "IMEI device number", OUTIS_KIND_DEVICE, 0, 0.5, 0.95},
     .patterns = {{T_RUN, 15, 15, 0}},
     .chars = "0-9", .bound = ALNUM, .check = scan_check_imei, .has_checksum = 1,
     .mask = SCAN_MASK_ID, .keywords = "imei|串号|串號|设备号|設備號"},
    {.info = {"latlon", "latitude and longitude", OUTIS_KIND_LOCATION, 0, 0.6, 0.9},
     .patterns = {{T_SEP, 13, 40, 0}},
     .chars = "0-9., -", .bound = ALNUM, .check = scan_check_latlon, .mask = SCAN_MASK_COORD,
     .keywords = "lat|lng|lon|gps|location|经纬度|經緯度|坐标|座標|位置"},
    {.info = {"date_of_birth", "date of birth", OUTIS_KIND_DATE, 1, 0.3, 0.85},
     .patterns = {{T_SEP, 8, 10, 0}, {"[0-9]日", 15, 17, 0}, {T_RUN, 8, 8, 0}},
     .chars = "0-9/.\x80-\xff-", .bound = ALNUM, .check_dated = scan_check_date,
     .mask = SCAN_MASK_DATE, .keywords = "出生|生日|誕生|birth|born|dob"},
};
/* clang-format on */

const size_t scan_detector_count = sizeof scan_detectors / sizeof scan_detectors[0];
_Static_assert(sizeof scan_detectors / sizeof scan_detectors[0] <= OUTIS_SCAN_MAX_ENTITIES,
               "entities are numbered in 64-bit masks");
