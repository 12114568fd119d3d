/* classify_rules.c - from a column's evidence to its role, confidence and reasons. The rules
 * are tried in order, values before headers: entities in the values, identifiers inside free
 * text, a header confirmed by some values, names and addresses by their shape, sensitive
 * categories in the values, quasi-identifiers, a sensitive header alone; else nothing
 * personal. Thresholds and confidences: docs/scan.md, which must change with them. */
#include "scan/classify_int.h"

#include "scan/detectors.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* What a detector's finding makes of its column. */
enum group { G_DIRECT, G_ORG, G_QUASI, G_SENSITIVE, G_COUNT };

/* How reasons speak of an entity: one, many, and what verifies it. */
typedef struct phrase {
    const char *name, *one, *many, *check;
} phrase;

static const phrase phrases[] = {
    {"cn_resident_id", "a resident ID number", "resident ID numbers", "check character"},
    {"cn_uscc", "a unified social credit code", "unified social credit codes", "check character"},
    {"hk_id", "a Hong Kong ID number", "Hong Kong ID numbers", "check digit"},
    {"tw_id", "a Taiwan ID number", "Taiwan ID numbers", "check digit"},
    {"cn_passport", "a passport number", "Chinese passport numbers", "format"},
    {"cn_travel_permit", "a travel permit number", "travel permit numbers", "format"},
    {"cn_mobile", "a mobile number", "mobile numbers", "number ranges"},
    {"cn_landline", "a landline number", "landline numbers", "area code"},
    {"payment_card", "a bank card number", "bank card numbers", "Luhn"},
    {"cn_plate", "a vehicle plate", "vehicle plates", "province and format"},
    {"cn_address", "an address", "addresses", "place and number"},
    {"cn_name", "a personal name", "personal names", "common surname"},
    {"qq", "a QQ number", "QQ numbers", "format"},
    {"wechat", "a WeChat ID", "WeChat IDs", "format"},
    {"cn_postcode", "a postal code", "postal codes", "province prefix"},
    {"email", "an e-mail address", "e-mail addresses", "syntax"},
    {"phone", "a phone number", "phone numbers", "number format"},
    {"iban", "an IBAN", "IBANs", "mod 97"},
    {"us_ssn", "a US social security number", "US social security numbers", "SSA rules"},
    {"uk_nino", "a UK national insurance number", "UK national insurance numbers", "prefix"},
    {"mrz", "a passport MRZ line", "passport MRZ lines", "check digits"},
    {"ipv4", "an IPv4 address", "IPv4 addresses", "parsed"},
    {"ipv6", "an IPv6 address", "IPv6 addresses", "parsed"},
    {"mac", "a MAC address", "MAC addresses", "parsed"},
    {"imei", "an IMEI", "IMEI numbers", "Luhn"},
    {"latlon", "coordinates", "latitude/longitude pairs", "in range"},
    {"date_of_birth", "a date of birth", "dates of birth", "calendar"},
    {"ip", "an IP address", "IP addresses", "parsed"},
};

static phrase entity_phrase(size_t e)
{
    const outis_entity_info *info = outis_scan_entity(e);
    for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++) {
        if (strcmp(phrases[i].name, info->name) == 0) {
            return phrases[i];
        }
    }
    phrase p = {info->name, info->label, info->label, "validator"};
    return p;
}

static const char *quasi_one(int kind)
{
    static const char *const one[QI_COUNT] = {"",
                                              "an age",
                                              "sex",
                                              "a birth date",
                                              "a postal code",
                                              "a region",
                                              "an occupation",
                                              "an education level",
                                              "a marital status",
                                              "a nationality",
                                              "an employer",
                                              "a date of the person"};
    return kind >= 0 && kind < QI_COUNT ? one[kind] : "";
}

static const char *quasi_many(int kind)
{
    static const char *const many[QI_COUNT] = {"",
                                               "ages",
                                               "sex values",
                                               "birth dates or years",
                                               "postal codes",
                                               "regions",
                                               "occupations",
                                               "education levels",
                                               "marital statuses",
                                               "nationalities or countries",
                                               "employer types",
                                               "dates, months or days"};
    return kind >= 0 && kind < QI_COUNT ? many[kind] : "";
}

/* A header's sensitive category, and values in it. */
static const char *category_header(int c)
{
    static const char *const s[SCAN_CAT_COUNT] = {"",
                                                  "health data",
                                                  "ethnicity",
                                                  "religion",
                                                  "biometric data",
                                                  "financial data",
                                                  "location data",
                                                  "sexual orientation",
                                                  "criminal records",
                                                  "minors",
                                                  "political opinions",
                                                  "trade-union membership"};
    return c >= 0 && c < SCAN_CAT_COUNT ? s[c] : "";
}

static const char *category_values(int c)
{
    static const char *const s[SCAN_CAT_COUNT] = {"",
                                                  "health conditions or ICD-10 codes",
                                                  "ethnic groups",
                                                  "religions or beliefs",
                                                  "biometric data",
                                                  "financial accounts or products",
                                                  "places or movements",
                                                  "sexual orientations",
                                                  "offences or sentences",
                                                  "children",
                                                  "political affiliations",
                                                  "trade-union memberships"};
    return c >= 0 && c < SCAN_CAT_COUNT ? s[c] : "";
}

/* ---- building the result ---- */

typedef struct rules {
    outis_column_class *out;
    const cls_evidence *ev;
    double n; /* values checked */
    int show_values;
    char header[48]; /* the column's name, cut at a character for reasons */
} rules;

static void reason(rules *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void reason(rules *r, const char *fmt, ...)
{
    outis_column_class *out = r->out;
    if (out->reason_count == OUTIS_CLASSIFY_MAX_REASONS) {
        return;
    }
    char *s = out->reasons[out->reason_count++];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s, OUTIS_REASON_MAX, fmt, ap);
    va_end(ap);
}

/* Copies s[0..n) into out (cap bytes with the NUL), cut at a UTF-8 character boundary. */
static void copy_cut(char *out, size_t cap, const char *s, size_t n)
{
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80) {
            n--;
        }
    }
    memcpy(out, s, n);
    out[n] = '\0';
}

static double share(const rules *r, uint64_t x)
{
    return r->n > 0 ? (double)x / r->n : 0;
}

/* "97%", "99.9%" (never 100% unless all), "0.4%". */
static const char *pct(char buf[16], double s)
{
    double p = 100 * s;
    if (s >= 1) {
        snprintf(buf, 16, "100%%");
    } else if (p >= 99.5) {
        snprintf(buf, 16, "%.1f%%", p >= 99.95 ? 99.9 : p);
    } else if (p >= 1 || p == 0) {
        snprintf(buf, 16, "%.0f%%", p);
    } else {
        snprintf(buf, 16, "%.1f%%", p < 0.1 ? 0.1 : p);
    }
    return buf;
}

/* Evidence never makes a role certain: confidences stay within [0, 0.99]. */
static double clamp01(double x)
{
    return x < 0 ? 0 : x > 0.99 ? 0.99 : x;
}

static void set_role(rules *r, int role, double confidence)
{
    r->out->role = role;
    r->out->confidence = clamp01(confidence);
}

static int group_of(size_t e)
{
    const outis_entity_info *info = outis_scan_entity(e);
    if (strcmp(info->name, "cn_postcode") == 0 || strcmp(info->name, "date_of_birth") == 0) {
        return G_QUASI;
    }
    if (strcmp(info->name, "latlon") == 0) {
        return G_SENSITIVE;
    }
    return info->kind == OUTIS_KIND_ORG_ID ? G_ORG : G_DIRECT;
}

static int group_role(int g)
{
    static const int roles[G_COUNT] = {OUTIS_ROLE_DIRECT_ID, OUTIS_ROLE_ORG_ID, OUTIS_ROLE_QUASI_ID,
                                       OUTIS_ROLE_SENSITIVE};
    return roles[g];
}

int outis_entity_role(size_t entity)
{
    return entity < outis_scan_entity_count() ? group_role(group_of(entity)) : OUTIS_ROLE_OTHER;
}

static size_t entity_index(const char *name)
{
    for (size_t e = 0; e < outis_scan_entity_count(); e++) {
        if (strcmp(outis_scan_entity(e)->name, name) == 0) {
            return e;
        }
    }
    return SIZE_MAX;
}

/* The entities of the column, largest share first: whole values, or findings in free text. */
static void list_entities(rules *r)
{
    const cls_evidence *ev = r->ev;
    outis_column_class *out = r->out;
    const uint64_t *in = ev->is_text ? ev->text_in : ev->best;
    const uint64_t *valid = ev->is_text ? ev->text_valid : ev->valid;
    for (size_t e = 0; e < outis_scan_entity_count(); e++) {
        if (in[e] == 0) {
            continue;
        }
        size_t k = out->entity_count < OUTIS_CLASSIFY_MAX_ENTITIES ? out->entity_count++
                                                                   : OUTIS_CLASSIFY_MAX_ENTITIES;
        while (k > 0 && out->entities[k - 1].share < share(r, in[e])) {
            if (k < OUTIS_CLASSIFY_MAX_ENTITIES) {
                out->entities[k] = out->entities[k - 1];
            }
            k--;
        }
        if (k < OUTIS_CLASSIFY_MAX_ENTITIES) {
            out->entities[k] = (outis_column_entity){e, share(r, in[e]), share(r, valid[e]),
                                                     ev->is_text ? ev->text_found[e] : in[e]};
        }
    }
}

static void set_example(rules *r, size_t e)
{
    const cls_evidence *ev = r->ev;
    if (ev->example[e] == NULL) {
        return;
    }
    if (r->show_values) {
        copy_cut(r->out->example, sizeof r->out->example, ev->example[e], ev->example_len[e]);
    } else {
        scan_mask(scan_detectors[e].mask, ev->example[e], ev->example_len[e], r->out->example,
                  sizeof r->out->example);
    }
}

/* ---- header reasons ---- */

/* What the header names, in words ("a mobile number"), or NULL. */
static const char *header_one(const rules *r)
{
    const cls_evidence *ev = r->ev;
    if (ev->header_quasi != QI_NONE) {
        return quasi_one(ev->header_quasi);
    }
    if (ev->header_field != SCAN_FIELD_NONE) {
        size_t e = entity_index(scan_field_name(ev->header_field));
        if (e != SIZE_MAX) {
            return entity_phrase(e).one;
        }
        return ev->header_field == SCAN_FIELD_IP           ? "an IP address"
               : ev->header_field == SCAN_FIELD_PERSON_KEY ? "a key given to a person"
                                                           : NULL;
    }
    if (ev->header_category != SCAN_CAT_NONE) {
        return category_header(ev->header_category);
    }
    return NULL;
}

/* "names", or "may name" for weak evidence. */
static const char *header_verb(const rules *r)
{
    const cls_evidence *ev = r->ev;
    int st = ev->header_quasi != QI_NONE           ? ev->header_quasi_strength
             : ev->header_field != SCAN_FIELD_NONE ? ev->header_field_strength
                                                   : ev->header_category_strength;
    return st == SCAN_STRENGTH_WEAK ? "may name" : "names";
}

static void header_reason(rules *r)
{
    const char *one = header_one(r);
    if (one != NULL) {
        reason(r, "header %s %s %s", r->header, header_verb(r), one);
    }
}

static void set_header_names(rules *r)
{
    const cls_evidence *ev = r->ev;
    outis_column_class *out = r->out;
    if (ev->header_quasi != QI_NONE) {
        out->header_names = cls_quasi_name(ev->header_quasi);
        out->header_strength = ev->header_quasi_strength;
    } else if (ev->header_field != SCAN_FIELD_NONE) {
        out->header_names = scan_field_name(ev->header_field);
        out->header_strength = ev->header_field_strength;
    } else if (ev->header_category != SCAN_CAT_NONE) {
        out->header_names = scan_category_name(ev->header_category);
        out->header_strength = ev->header_category_strength;
    } else {
        out->header_names = "";
    }
}

/* "97% of values are valid resident ID numbers (check character)" */
static void entity_reason(rules *r, size_t e, const char *lead)
{
    char p[16];
    phrase ph = entity_phrase(e);
    const cls_evidence *ev = r->ev;
    int verified = 2 * ev->valid[e] >= ev->best[e] && ev->valid[e] > 0;
    if (verified && scan_detectors[e].has_checksum) {
        reason(r, "%s%s of values are valid %s (%s)", lead, pct(p, share(r, ev->best[e])), ph.many,
               ph.check);
    } else if (scan_detectors[e].has_checksum) {
        reason(r, "%s%s of values are %s by format only (no %s)", lead,
               pct(p, share(r, ev->best[e])), ph.many, ph.check);
    } else {
        reason(r, "%s%s of values are %s (%s)", lead, pct(p, share(r, ev->best[e])), ph.many,
               ph.check);
    }
}

static void distinct_reason(rules *r)
{
    const outis_column_class *out = r->out;
    if (out->distinct_ratio >= 0.01 || out->distinct == 0) {
        reason(r, "distinct ratio %.2f", out->distinct_ratio);
    } else {
        reason(r, "distinct ratio %.4f (%llu values)", out->distinct_ratio,
               (unsigned long long)out->distinct);
    }
}

/* ---- the rules ---- */

static double entity_confidence(const rules *r, size_t e)
{
    return r->ev->best[e] ? r->ev->conf_sum[e] / (double)r->ev->best[e] : 0;
}

static void minors(rules *r, int kind)
{
    char p[16];
    uint64_t m = kind == QI_AGE          ? r->ev->shape[SHAPE_MINOR_AGE]
                 : kind == QI_BIRTH_DATE ? r->ev->shape[SHAPE_MINOR_DATE]
                                         : 0;
    if (m == 0) {
        return;
    }
    r->out->minor_share = share(r, m);
    r->out->category = scan_category_name(SCAN_CAT_MINOR);
    r->out->category_share = r->out->minor_share;
    reason(r, "%s of values are %s under 14 (minors)", pct(p, r->out->minor_share),
           kind == QI_AGE ? "ages" : "birth dates");
}

/* Sets the role that entities of group g give (the largest of them first in the reasons). */
static void entity_role(rules *r, int g, uint64_t mask, double s, int header_first)
{
    const cls_evidence *ev = r->ev;
    size_t top = SIZE_MAX, second = SIZE_MAX;
    for (size_t e = 0; e < outis_scan_entity_count(); e++) {
        if (group_of(e) != g || !((mask >> e) & 1) || ev->best[e] == 0) {
            continue;
        }
        if (top == SIZE_MAX || ev->best[e] > ev->best[top]) {
            second = top;
            top = e;
        } else if (second == SIZE_MAX || ev->best[e] > ev->best[second]) {
            second = e;
        }
    }
    set_role(r, group_role(g), entity_confidence(r, top) * (0.5 + 0.5 * s));
    const char *name = outis_scan_entity(top)->name;
    if (g == G_QUASI) {
        r->out->quasi_kind =
            cls_quasi_name(strcmp(name, "cn_postcode") == 0 ? QI_POSTCODE : QI_BIRTH_DATE);
    } else if (g == G_SENSITIVE) {
        r->out->category = scan_category_name(SCAN_CAT_LOCATION);
        r->out->category_share = share(r, ev->best[top]);
    }
    if (header_first) {
        header_reason(r);
    }
    entity_reason(r, top, "");
    if (second != SIZE_MAX && share(r, ev->best[second]) >= 0.05) {
        char p[16];
        reason(r, "and %s are %s", pct(p, share(r, ev->best[second])), entity_phrase(second).many);
    }
    if (!header_first) {
        if ((ev->header_entities >> top) & 1) {
            header_reason(r);
        } else if (header_one(r) != NULL) {
            reason(r, "values count more than header %s (%s)", r->header, header_one(r));
        }
    }
    if (g == G_QUASI) {
        minors(r, strcmp(name, "cn_postcode") == 0 ? QI_POSTCODE : QI_BIRTH_DATE);
    }
    distinct_reason(r);
    set_example(r, top);
}

/* R1: at least half the values are entities of one group. */
static int by_values(rules *r)
{
    double g_share[G_COUNT] = {0};
    for (size_t e = 0; e < outis_scan_entity_count(); e++) {
        g_share[group_of(e)] += share(r, r->ev->best[e]);
    }
    int g = 0;
    for (int i = 1; i < G_COUNT; i++) {
        g = g_share[i] > g_share[g] ? i : g;
    }
    if (g_share[g] < 0.5) {
        return 0;
    }
    entity_role(r, g, ~0ull, g_share[g], 0);
    return 1;
}

/* R3: the header names an entity and some values confirm it. */
static int by_header(rules *r)
{
    const cls_evidence *ev = r->ev;
    double s[G_COUNT] = {0};
    for (size_t e = 0; e < outis_scan_entity_count(); e++) {
        if ((ev->header_entities >> e) & 1) {
            s[group_of(e)] += share(r, ev->best[e]);
        }
    }
    int g = 0;
    for (int i = 1; i < G_COUNT; i++) {
        g = s[i] > s[g] ? i : g;
    }
    double need = ev->header_field_strength == SCAN_STRENGTH_STRONG ? 0.1 : 0.3;
    if (ev->header_entities == 0 || s[g] < need) {
        return 0;
    }
    entity_role(r, g, ev->header_entities, s[g], 1);
    return 1;
}

/* R2: identifiers inside free text. */
static int by_text(rules *r)
{
    const cls_evidence *ev = r->ev;
    char p[16];
    if (!ev->is_text || ev->text_cells == 0) {
        return 0;
    }
    uint64_t cells[G_COUNT] = {0};
    for (size_t e = 0; e < outis_scan_entity_count(); e++) {
        cells[group_of(e)] += ev->text_in[e];
    }
    int g = 0;
    for (int i = 1; i < G_COUNT; i++) {
        g = cells[i] > cells[g] ? i : g;
    }
    double s = share(r, ev->text_cells);
    r->out->text_share = s;
    set_role(r, group_role(g), 0.5 + 0.45 * (4 * s < 1 ? 4 * s : 1));
    char list[OUTIS_REASON_MAX] = "";
    size_t used = 0;
    for (size_t i = 0; i < r->out->entity_count && i < 3 && used < sizeof list; i++) {
        const outis_column_entity *ce = &r->out->entities[i];
        int k = snprintf(list + used, sizeof list - used, "%s%s %llu", i ? ", " : "",
                         entity_phrase(ce->entity).many, (unsigned long long)ce->count);
        used += k > 0 ? (size_t)k : 0;
    }
    reason(r, "free text: %s of cells hold personal data", pct(p, s));
    reason(r, "found: %s", list);
    if (r->out->entity_count > 0 && ev->example[r->out->entities[0].entity] != NULL) {
        set_example(r, r->out->entities[0].entity);
    }
    return 1;
}

/* R4: a header naming a person's name, address or document whose values have that shape. */
static int by_shape(rules *r)
{
    const cls_evidence *ev = r->ev;
    char p[16];
    size_t name = entity_index("cn_name"), addr = entity_index("cn_address");
    double s = 0;
    const char *what = NULL;
    int strong = ev->header_field_strength == SCAN_STRENGTH_STRONG;
    switch (ev->header_field) {
    case SCAN_FIELD_NAME: {
        /* capitalised words, a fifth of them known names ("Apple Juice" is not) */
        uint64_t cn = name != SIZE_MAX ? ev->any[name] : 0;
        int known = share(r, ev->shape[SHAPE_NAME] + cn) >= 0.2;
        s = known ? share(r, ev->shape[SHAPE_CAPS] + cn) : 0;
        what = "personal names";
        break;
    }
    case SCAN_FIELD_ADDRESS:
        s = share(r, ev->shape[SHAPE_ADDRESS] + (addr != SIZE_MAX ? ev->any[addr] : 0));
        what = "addresses";
        break;
    case SCAN_FIELD_PASSPORT:
    case SCAN_FIELD_TRAVEL_PERMIT:
        s = strong && r->out->distinct_ratio >= 0.5 ? share(r, ev->shape[SHAPE_CODE]) : 0;
        what = "document numbers";
        break;
    case SCAN_FIELD_PERSON_KEY:
        /* patient_id, 会员号: whatever its values, a key that links every record of the person
         * (HIPAA's "any other unique identifying number"); values that are words are not one.
         * The word inside a longer header (patient_id_hash, but also mrn_status, memberid_count)
         * needs values about as many as the rows. */
        s = r->out->distinct > 1 && (ev->header_field_whole || r->out->distinct_ratio >= 0.5)
                ? 1 - share(r, ev->shape[SHAPE_WORDS])
                : 0;
        what = "keys (numbers or codes)";
        break;
    default:
        break;
    }
    if (what == NULL || s < (strong ? 0.5 : 0.7)) {
        return 0;
    }
    set_role(r, OUTIS_ROLE_DIRECT_ID, (strong ? 0.85 : 0.7) * (0.5 + 0.5 * (s > 1 ? 1 : s)));
    header_reason(r);
    reason(r, "%s of values look like %s", pct(p, s > 1 ? 1 : s), what);
    distinct_reason(r);
    return 1;
}

/* R4b: names without a header that says so: Latin names from the name lists. */
static int by_names(rules *r)
{
    char p[16];
    double s = share(r, r->ev->shape[SHAPE_NAME]);
    if (s < 0.8 || r->out->distinct_ratio < 0.2) {
        return 0;
    }
    set_role(r, OUTIS_ROLE_DIRECT_ID, 0.7 * (0.5 + 0.5 * s));
    reason(r, "%s of values look like personal names (common given names or surnames)", pct(p, s));
    distinct_reason(r);
    return 1;
}

/* R5: values of a sensitive category. */
static int by_category(rules *r)
{
    const cls_evidence *ev = r->ev;
    char p[16];
    int c = 1;
    for (int i = 2; i < SCAN_CAT_COUNT; i++) {
        c = ev->category[i] > ev->category[c] ? i : c;
    }
    double s = share(r, ev->category[c]), strong = share(r, ev->category_strong[c]);
    int agrees = (int)ev->header_category == c;
    if (!((s >= 0.5 && strong >= 0.3) || (agrees && s >= 0.2))) {
        return 0;
    }
    set_role(r, OUTIS_ROLE_SENSITIVE, 0.6 + 0.35 * s + (agrees ? 0.05 : 0));
    r->out->category = scan_category_name((enum scan_category)c);
    r->out->category_share = s;
    reason(r, "%s of values name %s", pct(p, s), category_values(c));
    if (agrees) {
        header_reason(r);
    }
    distinct_reason(r);
    return 1;
}

/* How well the values fit a quasi-identifier kind, in [0, 1]. */
static double quasi_fit(const rules *r, int kind, int strong)
{
    const cls_evidence *ev = r->ev;
    size_t pc = entity_index("cn_postcode");
    double numbers = share(r, ev->shape[SHAPE_NUMBER]);
    double words = share(r, ev->quasi[kind]);
    switch (kind) {
    case QI_AGE:
        return share(r, ev->shape[SHAPE_AGE]);
    case QI_SEX:
        return r->out->distinct <= 3 ? 1 : share(r, ev->quasi[QI_SEX]);
    case QI_BIRTH_DATE:
        return share(r, ev->shape[SHAPE_BIRTH]);
    case QI_PERSONAL_DATE: {
        /* "Not applicable" (no death) is no value of the kind */
        uint64_t known = ev->checked - ev->shape[SHAPE_UNKNOWN];
        return known > 0 ? (double)ev->shape[SHAPE_DATE_PART] / (double)known : 0;
    }
    case QI_POSTCODE: {
        double cn = pc != SIZE_MAX ? share(r, ev->any[pc]) : 0;
        double any = share(r, ev->shape[SHAPE_POSTCODE]);
        return cn > any ? cn : any;
    }
    default:
        if (!strong || words >= 0.3) {
            return words;
        }
        /* a strong header over words that are no identifiers: few of them, or repeated */
        return (r->out->distinct <= 50 || r->out->distinct_ratio <= 0.5) ? 1 - numbers : 0;
    }
}

static int quasi_role(rules *r, int kind, double fit, double base, int from_header)
{
    char p[16];
    set_role(r, OUTIS_ROLE_QUASI_ID, base * (0.5 + 0.5 * fit));
    r->out->quasi_kind = cls_quasi_name(kind);
    if (from_header) {
        header_reason(r);
    }
    if (kind == QI_SEX && r->out->distinct <= 3 && share(r, r->ev->quasi[QI_SEX]) < fit) {
        reason(r, "%llu distinct values", (unsigned long long)r->out->distinct);
    } else {
        reason(r, "%s of values are %s", pct(p, fit), quasi_many(kind));
    }
    minors(r, kind);
    distinct_reason(r);
    return 1;
}

/* R6: quasi-identifiers, by header and fitting values, or by values alone. */
static int by_quasi(rules *r)
{
    const cls_evidence *ev = r->ev;
    int kind = ev->header_quasi;
    int strong = ev->header_quasi_strength == SCAN_STRENGTH_STRONG;
    if (kind != QI_NONE) {
        double fit = quasi_fit(r, kind, strong);
        double need = kind <= QI_POSTCODE || kind == QI_PERSONAL_DATE ? 0.8 : 0.5;
        if (fit >= need) {
            return quasi_role(r, kind, fit, strong ? 0.9 : 0.75, 1);
        }
    }
    double sex = share(r, ev->quasi[QI_SEX]);
    if (sex >= 0.9 && r->out->distinct <= 4) {
        return quasi_role(r, QI_SEX, sex, 0.8, 0);
    }
    double dates = share(r, ev->shape[SHAPE_DATE]), born = share(r, ev->shape[SHAPE_BIRTH]);
    if (dates >= 0.9 && born >= 0.9 && ev->year_max - ev->year_min >= 15) {
        return quasi_role(r, QI_BIRTH_DATE, born, 0.7, 0);
    }
    int best = QI_REGION;
    for (int k = QI_REGION + 1; k <= QI_EMPLOYER; k++) {
        best = ev->quasi[k] > ev->quasi[best] ? k : best;
    }
    double s = share(r, ev->quasi[best]);
    /* one value repeated tells no one apart, and under no header a lone word ("ok", "in")
     * is more likely a word than a place */
    if (s >= 0.8 && r->out->distinct >= 2) {
        return quasi_role(r, best, s, 0.75, 0);
    }
    return 0;
}

/* R7: a header naming a sensitive category, over values that do not contradict it. */
static int by_category_header(rules *r)
{
    const cls_evidence *ev = r->ev;
    int c = ev->header_category;
    if (c == SCAN_CAT_NONE) {
        return 0;
    }
    int strong = ev->header_category_strength == SCAN_STRENGTH_STRONG;
    if (!strong && share(r, ev->category[c]) < 0.1) {
        return 0;
    }
    if (ev->header_entities != 0) {
        return 0; /* "银行卡号" over values that are no card numbers (R3 did not hold) */
    }
    set_role(r, OUTIS_ROLE_SENSITIVE, strong ? 0.7 : 0.55);
    r->out->category = scan_category_name((enum scan_category)c);
    r->out->category_share = share(r, ev->category[c]);
    header_reason(r);
    if (r->out->category_share > 0) {
        char p[16];
        reason(r, "%s of values name %s", pct(p, r->out->category_share), category_values(c));
    }
    distinct_reason(r);
    return 1;
}

/* R9: nothing personal; says why, and what a header claimed that the values deny. */
static void nothing(rules *r)
{
    const cls_evidence *ev = r->ev;
    char p[16];
    double most = 0;
    size_t top = SIZE_MAX;
    for (size_t e = 0; e < outis_scan_entity_count(); e++) {
        if (ev->best[e] > 0 && (top == SIZE_MAX || ev->best[e] > ev->best[top])) {
            top = e;
        }
    }
    most = top != SIZE_MAX ? share(r, ev->best[top]) : 0;
    const char *one = header_one(r);
    set_role(r, OUTIS_ROLE_OTHER, 0.9 * (1 - most) - (one != NULL ? 0.15 : 0));
    if (r->out->confidence < 0.5) {
        r->out->confidence = 0.5;
    }
    if (one != NULL) {
        reason(r, "header %s %s %s, but the values do not", r->header, header_verb(r), one);
    }
    if (top != SIZE_MAX && most >= 0.01) {
        entity_reason(r, top, "only ");
    }
    double n = r->n;
    if (ev->is_text) {
        reason(r, "free text with no personal data found in %.0f cells", n);
    } else if (ev->shape[SHAPE_TIMESTAMP] * 2 >= n) {
        reason(r, "%s of values are timestamps", pct(p, share(r, ev->shape[SHAPE_TIMESTAMP])));
    } else if (ev->shape[SHAPE_DATE] * 2 >= n) {
        int years = ev->year_max - ev->year_min + 1;
        reason(r, "%s of values are dates within %d %s, not birth dates",
               pct(p, share(r, ev->shape[SHAPE_DATE])), years, years == 1 ? "year" : "years");
    } else if (ev->shape[SHAPE_NUMBER] * 2 >= n) {
        reason(r, "%s of values are numbers", pct(p, share(r, ev->shape[SHAPE_NUMBER])));
    } else if (top == SIZE_MAX) {
        reason(r, "no personal data found in %.0f values", n);
    }
    distinct_reason(r);
}

void cls_decide(outis_column_class *out, const cls_evidence *ev, int show_values)
{
    rules r = {out, ev, (double)ev->checked, show_values, ""};
    copy_cut(r.header, sizeof r.header, out->name, strlen(out->name));
    out->quasi_kind = "";
    out->category = "";
    out->is_free_text = ev->is_text;
    set_header_names(&r);
    list_entities(&r);
    if (ev->checked == 0) {
        set_role(&r, OUTIS_ROLE_OTHER, 0.5);
        reason(&r, out->rows == 0              ? "the table has no rows"
                   : out->missing == out->rows ? "every value is missing"
                                               : "values were not loaded (hashed column)");
        header_reason(&r);
        return;
    }
    if (by_values(&r) || by_text(&r) || by_header(&r) || by_shape(&r) || by_category(&r) ||
        by_quasi(&r) || by_names(&r) || by_category_header(&r)) {
        return;
    }
    nothing(&r);
}
