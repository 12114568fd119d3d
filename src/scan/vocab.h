/* vocab.h - vocabularies of the column classifier: header keywords naming an entity (English
 * and Chinese, simplified and traditional) and the sensitive categories of GB/T 35273-2020
 * B.2, PIPL Art. 28 and GDPR Art. 9/10, recognised from headers and from values. Constant
 * sorted tables (vocab_data.c); lookups allocate nothing and are safe from any thread. */
#ifndef OUTIS_SCAN_VOCAB_H
#define OUTIS_SCAN_VOCAB_H

#include <stddef.h>

enum scan_strength {
    SCAN_STRENGTH_NONE = 0,
    SCAN_STRENGTH_WEAK = 1,  /* an ambiguous word ("name", "tel", "white"), or a word found
                                inside a longer header or value */
    SCAN_STRENGTH_STRONG = 2 /* the whole header or value is an unambiguous word */
};

/* What a header names. The order is that of scripts/gen_scan_vocab.py's FIELDS. */
enum scan_field {
    SCAN_FIELD_NONE = 0,
    SCAN_FIELD_CN_RESIDENT_ID,
    SCAN_FIELD_CN_USCC,
    SCAN_FIELD_HK_ID,
    SCAN_FIELD_TW_ID,
    SCAN_FIELD_PASSPORT,
    SCAN_FIELD_TRAVEL_PERMIT,
    SCAN_FIELD_MOBILE,
    SCAN_FIELD_PHONE,
    SCAN_FIELD_PAYMENT_CARD,
    SCAN_FIELD_IBAN,
    SCAN_FIELD_PLATE,
    SCAN_FIELD_NAME,
    SCAN_FIELD_ADDRESS,
    SCAN_FIELD_QQ,
    SCAN_FIELD_WECHAT,
    SCAN_FIELD_POSTCODE,
    SCAN_FIELD_EMAIL,
    SCAN_FIELD_US_SSN,
    SCAN_FIELD_UK_NINO,
    SCAN_FIELD_IP,
    SCAN_FIELD_MAC,
    SCAN_FIELD_IMEI,
    SCAN_FIELD_LATLON,
    SCAN_FIELD_BIRTH_DATE,
    SCAN_FIELD_AGE,
    SCAN_FIELD_SEX,
    SCAN_FIELD_PERSON_KEY, /* patient_id, 会员号, 工号 ...: a key given to a person */
    SCAN_FIELD_COUNT
};

/* Sensitive categories. The order is that of scripts/gen_scan_vocab.py's CATEGORIES. */
enum scan_category {
    SCAN_CAT_NONE = 0,
    SCAN_CAT_HEALTH,
    SCAN_CAT_ETHNICITY,
    SCAN_CAT_RELIGION,
    SCAN_CAT_BIOMETRIC,
    SCAN_CAT_FINANCIAL,
    SCAN_CAT_LOCATION,
    SCAN_CAT_SEXUAL_ORIENTATION,
    SCAN_CAT_CRIMINAL,
    SCAN_CAT_MINOR,
    SCAN_CAT_POLITICAL,
    SCAN_CAT_TRADE_UNION,
    SCAN_CAT_COUNT
};

/* The field's name: the detector registry's entity name where there is one
 * ("cn_resident_id", "cn_mobile", "cn_name", "ip" ...; "age", "sex"), "" for NONE. */
const char *scan_field_name(enum scan_field f);
/* "health", "ethnicity", ... ("" for NONE). */
const char *scan_category_name(enum scan_category c);

/* The entity a column header names, or SCAN_FIELD_NONE. The header is normalised first
 * (ASCII lowercase; ' ', '_', '-', '.' dropped): "ID_Card" and "idcard" are the same. A
 * whole-header match beats a keyword inside it ("父亲身份证号", "customer_mobile"); among
 * those the longest keyword wins. *strength (may be NULL) receives the evidence's weight. */
enum scan_field scan_vocab_header(const char *s, size_t n, int *strength);

/* Whether the whole header, normalised, is one of the keywords ("patient_id", but not
 * "patient_id_type"). */
int scan_vocab_header_is_whole(const char *s, size_t n);

/* The sensitive category a header names ("诊断", "religion", "民族" ...), as above. */
enum scan_category scan_vocab_category_header(const char *s, size_t n, int *strength);
/* The sensitive category of a value ("糖尿病", "回族", "Buddhist", "E11.9" ...): the whole
 * value (ASCII lowercased, spaces around trimmed), else a keyword inside it (CJK anywhere,
 * ASCII between non-letters), else an ICD-10 code (health). *strength may be NULL. */
enum scan_category scan_vocab_category_match(const char *s, size_t n, int *strength);
/* scan_vocab_category_match without the strength. */
enum scan_category scan_vocab_category(const char *s, size_t n);

/* An ICD-10 code's shape: [A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})? ("E11", "E11.9", "C50.912");
 * 2 with a subcategory, 1 without, 0 if not a code. */
int scan_vocab_icd10(const char *s, size_t n);

#endif
