/* classify.c - the column classifier: gathers the evidence of one column (its header; its
 * values, each distinct value judged once and weighted by its rows, or a uniform sample of
 * rows when a column has more distinct values than opts->max_values; free text scanned cell
 * by cell), then cls_decide (classify_rules.c) turns it into a role with reasons. Columns are
 * classified in parallel. The rules and their thresholds: docs/scan.md. */
#include "scan/classify_int.h"

#include "scan/scan_int.h"
#include "scan/validate.h"
#include "table/table_int.h"
#include "util/alloc.h"
#include "util/error_int.h"
#include "util/parallel.h"
#include "util/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct outis_classification {
    size_t count;
    outis_column_class *columns;
};

/* ---- shapes of values ---- */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Digits at s[*i..], at most max; their value in *v. */
static size_t digits(const char *s, size_t n, size_t *i, size_t max, int *v)
{
    size_t k = 0;
    *v = 0;
    while (*i < n && k < max && is_digit(s[*i])) {
        *v = *v * 10 + (s[(*i)++] - '0');
        k++;
    }
    return k;
}

static int has_at(const char *s, size_t n, size_t i, const char *word)
{
    size_t k = strlen(word);
    return i + k <= n && memcmp(s + i, word, k) == 0;
}

/* A time after a date: [ T]h:mm or [ T]hh:mm. */
static int is_time_at(const char *s, size_t n, size_t i)
{
    return i + 4 < n && (s[i] == ' ' || s[i] == 'T') && is_digit(s[i + 1]) &&
           (s[i + 2] == ':' || (is_digit(s[i + 2]) && s[i + 3] == ':'));
}

/* A date: y-m-d, y/m/d, y.m.d, yyyymmdd, y年m月d日, d/m/y or m/d/y; with a time after it
 * *has_time is set. Returns yyyymmdd, or 0. */
static int parse_date(const char *s, size_t n, int *has_time)
{
    size_t i = 0;
    int y, m, d;
    *has_time = 0;
    size_t first = digits(s, n, &i, 4, &y);
    if (first == 4 && i < n && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
        char sep = s[i++];
        if (digits(s, n, &i, 2, &m) == 0 || i >= n || s[i++] != sep ||
            digits(s, n, &i, 2, &d) == 0) {
            return 0;
        }
    } else if (first == 4 && has_at(s, n, i, "年")) {
        i += 3;
        if (digits(s, n, &i, 2, &m) == 0 || !has_at(s, n, i, "月")) {
            return 0;
        }
        i += 3;
        if (digits(s, n, &i, 2, &d) == 0 || !has_at(s, n, i, "日")) {
            return 0;
        }
        i += 3;
    } else if (first == 4 && n == 8 && digits(s, n, &i, 4, &m) == 4) {
        d = m % 100, m /= 100;
    } else if (first >= 1 && first <= 2 && i < n && (s[i] == '/' || s[i] == '-' || s[i] == '.')) {
        /* day first, else month first */
        char sep = s[i++];
        d = y;
        if (digits(s, n, &i, 2, &m) == 0 || i >= n || s[i++] != sep ||
            digits(s, n, &i, 4, &y) != 4) {
            return 0;
        }
        if (!scan_date_ok(y * 10000 + m * 100 + d)) {
            int t = m;
            m = d, d = t;
        }
    } else {
        return 0;
    }
    int ymd = y * 10000 + m * 100 + d;
    if (y < 1800 || y > 2200 || !scan_date_ok(ymd)) {
        return 0;
    }
    if (i < n) {
        if (!is_time_at(s, n, i)) {
            return 0;
        }
        *has_time = 1;
    }
    return ymd;
}

/* A number: [+-]digits with optional thousands commas and decimals. */
static int is_number(const char *s, size_t n)
{
    size_t i = s[0] == '-' || s[0] == '+' ? 1 : 0, d = 0;
    int dot = 0;
    for (; i < n; i++) {
        if (is_digit(s[i])) {
            d++;
        } else if (s[i] == '.' && !dot && d > 0) {
            dot = 1;
        } else if (s[i] == ',' && !dot && d > 0 && i + 3 < n + 1) {
            continue;
        } else {
            return 0;
        }
    }
    return d > 0 && is_digit(s[n - 1]);
}

/* An age: 0-150, "35岁"/"35歲", or a range "30-39", "30~39". */
static int is_age(const char *s, size_t n, int *age)
{
    size_t i = 0;
    int lo, hi;
    if (digits(s, n, &i, 3, &lo) == 0 || lo > 150) {
        return 0;
    }
    *age = lo;
    if (i == n) {
        return 1;
    }
    if ((has_at(s, n, i, "岁") || has_at(s, n, i, "歲")) && i + 3 == n) {
        return 1;
    }
    if ((s[i] == '-' || s[i] == '~') && i + 1 < n) {
        i++;
        return digits(s, n, &i, 3, &hi) > 0 && i == n && hi >= lo && hi <= 150;
    }
    return 0;
}

/* 4-10 digits, or a British or Canadian postcode ("SW1A 1AA", "K1A 0B1"). */
static int is_postcode(const char *s, size_t n)
{
    size_t d = 0;
    while (d < n && is_digit(s[d])) {
        d++;
    }
    if (d == n) {
        return n >= 4 && n <= 10;
    }
    const char *sp = memchr(s, ' ', n);
    if (sp == NULL || n < 6 || n > 8 || n - (size_t)(sp - s) != 4 || s[0] < 'A' || s[0] > 'Z') {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (s + i != sp && !is_digit(c) && !(c >= 'A' && c <= 'Z')) {
            return 0;
        }
    }
    return is_digit(sp[1]);
}

typedef struct text_counts {
    size_t cjk;   /* ideographs */
    size_t alnum; /* ASCII letters and digits */
    int has_digit, has_letter, has_space;
} text_counts;

static void count_text(const char *s, size_t n, text_counts *tc)
{
    memset(tc, 0, sizeof *tc);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        tc->has_space |= space;
        int letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        tc->has_digit |= is_digit((char)c);
        tc->has_letter |= letter;
        tc->alnum += letter || is_digit((char)c);
        tc->cjk += c >= 0xe4 && c <= 0xe9;
    }
}

/* ---- judging one value ---- */

typedef struct judge_ctx {
    const outis_scanner *sc;
    cls_evidence *ev;
    int today;     /* yyyymmdd */
    int is_shaped; /* the value being judged is an entity, a number or a date */
} judge_ctx;

/* The entity the value is, best first, where the header stands for context. */
static int judge_entities(judge_ctx *j, const char *s, size_t n, uint64_t w)
{
    cls_evidence *ev = j->ev;
    outis_value_match m[OUTIS_SCAN_MAX_ENTITIES];
    size_t count = outis_scan_value(m, OUTIS_SCAN_MAX_ENTITIES, j->sc, s, n);
    size_t best = SIZE_MAX;
    double best_conf = 0;
    int best_valid = 0;
    for (size_t k = 0; k < count; k++) {
        const outis_entity_info *info = outis_scan_entity(m[k].entity);
        int named = (int)((ev->header_entities >> m[k].entity) & 1);
        ev->any[m[k].entity] += w;
        if ((info->needs_context || m[k].needs_context) && !named) {
            continue;
        }
        /* the header raises confidence as a keyword does in text; an unverified value of a
         * checking detector keeps its lower ratio */
        double conf = named ? info->context_confidence * (m[k].confidence / info->confidence)
                            : m[k].confidence;
        if (best == SIZE_MAX || conf > best_conf) {
            best = m[k].entity;
            best_conf = conf;
            best_valid = m[k].verdict == OUTIS_VERDICT_VALID;
        }
    }
    if (best == SIZE_MAX) {
        return 0;
    }
    ev->best[best] += w;
    ev->valid[best] += best_valid ? w : 0;
    ev->conf_sum[best] += best_conf * (double)w;
    if (ev->example[best] == NULL) {
        ev->example[best] = s;
        ev->example_len[best] = n;
    }
    return 1;
}

/* Whether s equals the first k bytes of word, ASCII case aside. */
static int is_word_n(const char *s, size_t n, const char *word, size_t k)
{
    if (n != k) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
        if (c != word[i]) {
            return 0;
        }
    }
    return 1;
}

static int is_word(const char *s, size_t n, const char *word)
{
    return is_word_n(s, n, word, strlen(word));
}

/* A month's name in English, whole or in three letters, or "1月" to "12月". */
static int is_month_name(const char *s, size_t n)
{
    static const char *const months[] = {"january",   "february", "march",    "april",
                                         "may",       "june",     "july",     "august",
                                         "september", "october",  "november", "december"};
    for (size_t m = 0; m < 12; m++) {
        if (is_word(s, n, months[m]) || is_word_n(s, n, months[m], 3)) {
            return 1;
        }
    }
    size_t i = 0;
    int v;
    return n >= 4 && digits(s, n, &i, 2, &v) > 0 && v >= 1 && v <= 12 && n - i == 3 &&
           memcmp(s + i, "\xe6\x9c\x88", 3) == 0;
}

/* A month, a day (0 for unknown, as FARS writes it, to 31) or a year 1900-2100. */
static int is_date_part(const char *s, size_t n)
{
    size_t i = 0;
    int v;
    if (is_month_name(s, n)) {
        return 1;
    }
    size_t d = digits(s, n, &i, 4, &v);
    return d == n && ((d <= 2 && v <= 31) || (d == 4 && v >= 1900 && v <= 2100));
}

/* A value written out as absent: "Unknown", "Not applicable", "Not a fatal(N/A)". */
static int is_unknown(const char *s, size_t n)
{
    static const char *const words[] = {"unknown", "not applicable", "not reported", "none", "n/a",
                                        "unk",     "not known",      "not stated"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        if (is_word(s, n, words[i])) {
            return 1;
        }
    }
    for (size_t i = 0; i + 3 <= n; i++) {
        if ((s[i] == 'n' || s[i] == 'N') && s[i + 1] == '/' &&
            (s[i + 2] == 'a' || s[i + 2] == 'A')) {
            return 1;
        }
    }
    return 0;
}

/* Dates, ages, numbers and postcodes; whether the value is a date or a number. */
static int judge_shapes(judge_ctx *j, const char *s, size_t n, uint64_t w)
{
    cls_evidence *ev = j->ev;
    int has_time, age;
    int ymd = parse_date(s, n, &has_time);
    int oldest = j->today - 1200000, youngest = j->today - 140000;
    if (ymd != 0) {
        ev->shape[has_time ? SHAPE_TIMESTAMP : SHAPE_DATE] += w;
        ev->shape[SHAPE_DATE_PART] += has_time ? 0 : w;
        if (!has_time) {
            int year = ymd / 10000;
            ev->year_min = ev->year_min == 0 || year < ev->year_min ? year : ev->year_min;
            ev->year_max = year > ev->year_max ? year : ev->year_max;
        }
        if (!has_time && ymd >= oldest && ymd <= j->today) {
            ev->shape[SHAPE_BIRTH] += w;
            ev->shape[SHAPE_MINOR_DATE] += ymd > youngest ? w : 0;
        }
        return 1;
    }
    int number = is_number(s, n);
    if (number) {
        ev->shape[SHAPE_NUMBER] += w;
        size_t i = 0;
        int year;
        if (n == 4 && digits(s, n, &i, 4, &year) == 4 && year >= oldest / 10000 &&
            year <= j->today / 10000) {
            ev->shape[SHAPE_BIRTH] += w; /* a year of birth */
        }
    }
    if (is_age(s, n, &age)) {
        ev->shape[SHAPE_AGE] += w;
        ev->shape[SHAPE_MINOR_AGE] += age < 14 ? w : 0;
    }
    ev->shape[SHAPE_POSTCODE] += is_postcode(s, n) ? w : 0;
    ev->shape[SHAPE_DATE_PART] += is_date_part(s, n) ? w : 0;
    ev->shape[SHAPE_UNKNOWN] += is_unknown(s, n) ? w : 0;
    return number;
}

/* Names, addresses, free text; the quasi-identifier tables; sensitive categories. */
static void judge_words(judge_ctx *j, const char *s, size_t n, uint64_t w)
{
    cls_evidence *ev = j->ev;
    text_counts tc;
    count_text(s, n, &tc);
    if (n >= 8 && tc.has_digit && (tc.cjk > 0 || (tc.has_letter && tc.has_space))) {
        ev->shape[SHAPE_ADDRESS] += w;
    }
    ev->shape[SHAPE_WORDS] += tc.has_space || tc.cjk > 0 ? w : 0;
    if (n >= 5 && n <= 20 && tc.has_digit && tc.alnum == n) {
        ev->shape[SHAPE_CODE] += w;
    }
    int latin = tc.has_letter && tc.has_space && !tc.has_digit ? cls_latin_name(s, n) : 0;
    ev->shape[SHAPE_CAPS] += latin ? w : 0;
    ev->shape[SHAPE_NAME] += latin == 2 ? w : 0;
    ev->quasi[cls_quasi_value(s, n)] += w;
    /* keywords inside a value cost a search per position: long text is left to the text
     * scanner, and identifiers, numbers and dates name no category */
    if (n <= 96 && !j->is_shaped) {
        int strength = 0;
        enum scan_category c = scan_vocab_category_match(s, n, &strength);
        ev->category[c] += w;
        ev->category_strong[c] += strength == SCAN_STRENGTH_STRONG ? w : 0;
    }
}

static int judge(void *payload, const char *s, size_t n, uint64_t w)
{
    judge_ctx *j = payload;
    while (n > 0 && (s[0] == ' ' || s[0] == '\t')) {
        s++, n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
        n--;
    }
    j->ev->checked += w;
    j->ev->bytes += (uint64_t)n * w;
    if (n == 0) {
        return 0;
    }
    int entity = judge_entities(j, s, n, w);
    j->is_shaped = judge_shapes(j, s, n, w) | entity;
    judge_words(j, s, n, w);
    return 0;
}

/* ---- free text ---- */

typedef struct text_ctx {
    cls_evidence *ev;
    uint64_t w;
    uint64_t seen; /* entities found in this cell, a bit each */
    uint64_t valid;
} text_ctx;

static int on_finding(const outis_finding *f, void *payload)
{
    text_ctx *x = payload;
    x->ev->text_found[f->entity] += x->w;
    x->seen |= 1ull << f->entity;
    x->valid |= f->verdict == OUTIS_VERDICT_VALID ? 1ull << f->entity : 0;
    return 0;
}

typedef struct scan_cells {
    const outis_scanner *sc;
    cls_evidence *ev;
    const char *name;
    outis_error *err;
} scan_cells;

static int scan_cell(void *payload, const char *s, size_t n, uint64_t w)
{
    scan_cells *c = payload;
    text_ctx x = {c->ev, w, 0, 0};
    int rc = outis_scan_buffer(NULL, c->sc, s, n, c->name, on_finding, &x, c->err);
    if (rc < 0) {
        return rc;
    }
    c->ev->text_cells += x.seen ? w : 0;
    for (size_t e = 0; x.seen >> e; e++) {
        c->ev->text_in[e] += (x.seen >> e) & 1 ? w : 0;
        c->ev->text_valid[e] += (x.valid >> e) & 1 ? w : 0;
    }
    return 0;
}

/* ---- the values of a column ---- */

typedef struct col_values {
    const outis_table *t;
    size_t col;
    const uint32_t *codes;
    uint32_t missing_code;
    uint64_t *counts; /* every distinct value: rows per code */
    size_t card;
    size_t *rows; /* or a sample of rows, in increasing order */
    size_t row_count;
} col_values;

typedef int (*value_fn)(void *payload, const char *s, size_t n, uint64_t w);

/* Calls fn on each distinct value with its rows, or on each sampled row's value with 1. */
static int for_each_value(const col_values *v, value_fn fn, void *payload)
{
    size_t len;
    int rc;
    if (v->counts != NULL) {
        for (size_t code = 0; code < v->card; code++) {
            if (v->counts[code] == 0 || code == v->missing_code) {
                continue;
            }
            const char *s = outis_table_value(v->t, v->col, (uint32_t)code, &len);
            if ((rc = fn(payload, s, len, v->counts[code])) < 0) {
                return rc;
            }
        }
        return 0;
    }
    for (size_t k = 0; k < v->row_count; k++) {
        const char *s = outis_table_value(v->t, v->col, v->codes[v->rows[k]], &len);
        if ((rc = fn(payload, s, len, 1)) < 0) {
            return rc;
        }
    }
    return 0;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Every distinct value with its rows when there are at most max of them, else max rows
 * drawn uniformly (with replacement) among the non-missing ones. Fills the row counts. */
static int gather(col_values *v, outis_column_class *out, size_t max, uint64_t seed,
                  outis_error *err)
{
    size_t rows = outis_table_rows(v->t);
    uint64_t missing = 0;
    if (v->card <= max) {
        if ((v->counts = ou_calloc(v->card ? v->card : 1, sizeof *v->counts)) == NULL) {
            return ou_nomem(err);
        }
        for (size_t r = 0; r < rows; r++) {
            v->counts[v->codes[r]]++;
        }
        missing = v->missing_code < v->card ? v->counts[v->missing_code] : 0;
        out->checked = rows - missing;
    } else {
        for (size_t r = 0; r < rows; r++) {
            missing += v->codes[r] == v->missing_code;
        }
        rng_state *rng = ou_malloc(sizeof *rng);
        v->rows = ou_mallocarray(max, sizeof *v->rows);
        if (rng == NULL || v->rows == NULL) {
            ou_free(rng);
            return ou_nomem(err);
        }
        rng_init_seeded(rng, seed ^ (0x9e3779b97f4a7c15ull * (v->col + 1)));
        /* rejection of missing rows, bounded: a nearly empty column checks fewer */
        for (size_t tries = 0; v->row_count < max && tries < 16 * max && missing < rows; tries++) {
            size_t r = (size_t)rng_uniform64(rng, rows);
            if (v->codes[r] != v->missing_code) {
                v->rows[v->row_count++] = r;
            }
        }
        rng_wipe(rng);
        ou_free(rng);
        qsort(v->rows, v->row_count, sizeof *v->rows, cmp_size);
        out->checked = v->row_count;
        out->is_sampled = 1;
    }
    out->rows = rows;
    out->missing = missing;
    out->distinct = v->card - (v->missing_code < v->card);
    out->distinct_ratio = rows > missing ? (double)out->distinct / (double)(rows - missing) : 0;
    return 0;
}

/* Rows, missing values and distinct values (estimated from HyperLogLog registers, 2^12 of
 * them, about 1.6% standard error; Flajolet et al. 2007, with linear counting below 2.5 m)
 * of a column kept as hashes; its values were judged on a sample. reg may be NULL (no rows). */
static void hll_counts(outis_column_class *out, const uint8_t *reg, uint64_t rows, uint64_t missing)
{
    enum { M = 1 << TABLE_HLL_BITS };
    double sum = 0;
    size_t zeros = 0;
    for (size_t i = 0; i < M; i++) {
        uint8_t x = reg != NULL ? reg[i] : 0;
        sum += ldexp(1, -x);
        zeros += x == 0;
    }
    double e = 0.7213 / (1 + 1.079 / M) * M * M / sum;
    if (e <= 2.5 * M && zeros > 0) {
        e = M * log((double)M / (double)zeros);
    }
    uint64_t present = rows - missing, distinct = (uint64_t)(e + 0.5);
    out->rows = rows;
    out->missing = missing;
    out->distinct = distinct < present ? distinct : present;
    out->distinct_ratio = present > 0 ? (double)out->distinct / (double)present : 0;
    out->is_sampled = 1;
}

static int count_hashes(outis_column_class *out, const uint64_t *h, size_t rows, outis_error *err)
{
    uint8_t *reg = ou_calloc(1u << TABLE_HLL_BITS, 1);
    if (reg == NULL) {
        return ou_nomem(err);
    }
    uint64_t missing = 0;
    for (size_t r = 0; r < rows; r++) {
        if (h[r] == OUTIS_HASH_MISSING) {
            missing++;
        } else {
            table_hll_add(reg, h[r]);
        }
    }
    hll_counts(out, reg, rows, missing);
    ou_free(reg);
    return 0;
}

/* gather() for a column of a counted table: its rows per value, or when it has more distinct
 * values than max, max rows drawn uniformly (with replacement) among the non-missing ones,
 * counted per value. */
static int gather_counted(col_values *v, outis_column_class *out, const table_tally *tally,
                          size_t max, uint64_t seed, outis_error *err)
{
    const uint64_t *rows = tally->cols[v->col].rows, total = tally->rows;
    size_t card = v->card;
    uint64_t missing = rows != NULL && v->missing_code < card ? rows[v->missing_code] : 0;
    if ((v->counts = ou_calloc(card ? card : 1, sizeof *v->counts)) == NULL) {
        return ou_nomem(err);
    }
    out->checked = total - missing;
    if (card <= max && rows != NULL) {
        memcpy(v->counts, rows, card * sizeof *rows);
    } else if (card > max && rows != NULL) {
        uint64_t *cum = ou_mallocarray(card, sizeof *cum);
        rng_state *rng = ou_malloc(sizeof *rng);
        if (cum == NULL || rng == NULL) {
            ou_free(cum);
            ou_free(rng);
            return ou_nomem(err);
        }
        uint64_t acc = 0;
        for (size_t c = 0; c < card; c++) {
            acc += c == v->missing_code ? 0 : rows[c];
            cum[c] = acc; /* rows of the non-missing codes up to c */
        }
        rng_init_seeded(rng, seed ^ (0x9e3779b97f4a7c15ull * (v->col + 1)));
        for (size_t k = 0; k < max && acc > 0; k++) {
            uint64_t r = rng_uniform64(rng, acc);
            size_t lo = 0, hi = card - 1; /* the first code whose cum exceeds r */
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (cum[mid] > r) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            v->counts[lo]++;
        }
        rng_wipe(rng);
        ou_free(rng);
        ou_free(cum);
        out->checked = acc > 0 ? max : 0;
        out->is_sampled = 1;
    }
    out->rows = total;
    out->missing = missing;
    out->distinct = card - (v->missing_code < card);
    out->distinct_ratio = total > missing ? (double)out->distinct / (double)(total - missing) : 0;
    return 0;
}

/* ---- the header ---- */

static size_t entity_named(const char *name)
{
    for (size_t e = 0; e < outis_scan_entity_count(); e++) {
        if (strcmp(outis_scan_entity(e)->name, name) == 0) {
            return e;
        }
    }
    return SIZE_MAX;
}

/* The entities a header field stands for: its own, and those its word also covers. */
static uint64_t field_entities(enum scan_field f)
{
    static const struct {
        enum scan_field f;
        const char *also;
    } more[] = {{SCAN_FIELD_IP, "ipv4"},           {SCAN_FIELD_IP, "ipv6"},
                {SCAN_FIELD_PHONE, "cn_landline"}, {SCAN_FIELD_PHONE, "cn_mobile"},
                {SCAN_FIELD_MOBILE, "phone"},      {SCAN_FIELD_PASSPORT, "mrz"},
                {SCAN_FIELD_PAYMENT_CARD, "iban"}};
    uint64_t bits = 0;
    size_t e = entity_named(scan_field_name(f));
    bits |= e < OUTIS_SCAN_MAX_ENTITIES ? 1ull << e : 0;
    for (size_t i = 0; i < sizeof more / sizeof *more; i++) {
        e = more[i].f == f ? entity_named(more[i].also) : SIZE_MAX;
        bits |= e < OUTIS_SCAN_MAX_ENTITIES ? 1ull << e : 0;
    }
    return bits;
}

/* What the header names: entity fields, quasi-identifier kinds and sensitive categories. */
static void header_evidence(cls_evidence *ev, const char *name, size_t n)
{
    int st = 0, qst = 0, cst = 0;
    ev->header_field = scan_vocab_header(name, n, &st);
    ev->header_field_strength = st;
    ev->header_field_whole = scan_vocab_header_is_whole(name, n);
    ev->header_category = scan_vocab_category_header(name, n, &ev->header_category_strength);
    int extra = cls_category_header(name, n, &cst);
    if (cst > ev->header_category_strength) {
        ev->header_category = (enum scan_category)extra;
        ev->header_category_strength = cst;
    }
    ev->header_entities = field_entities(ev->header_field);
    int qi = cls_quasi_header(name, n, &qst);
    static const struct {
        enum scan_field f;
        int qi;
    } field_qi[] = {{SCAN_FIELD_AGE, QI_AGE},
                    {SCAN_FIELD_SEX, QI_SEX},
                    {SCAN_FIELD_BIRTH_DATE, QI_BIRTH_DATE},
                    {SCAN_FIELD_POSTCODE, QI_POSTCODE}};
    for (size_t i = 0; i < sizeof field_qi / sizeof *field_qi; i++) {
        if (ev->header_field == field_qi[i].f && st >= qst) {
            qi = field_qi[i].qi;
            qst = st;
        }
    }
    ev->header_quasi = qst > 0 ? qi : QI_NONE;
    ev->header_quasi_strength = qst;
    if (qi != QI_NONE && qst > st) {
        /* "出生地" is a birthplace, not a birth date */
        ev->header_field = SCAN_FIELD_NONE;
        ev->header_field_strength = 0;
        ev->header_entities = 0;
    }
}

static int has_header_evidence(const cls_evidence *ev)
{
    return ev->header_field != SCAN_FIELD_NONE || ev->header_quasi != QI_NONE ||
           ev->header_category != SCAN_CAT_NONE;
}

/* A coded header, one lowercase letter before a word ("iage", "isex", "vrace": FARS and
 * survey codebooks): what the word names, as weak evidence. */
static void coded_header(cls_evidence *ev, const char *name, size_t n)
{
    if (n < 4 || name[0] < 'a' || name[0] > 'z') {
        return;
    }
    for (size_t i = 1; i < n; i++) {
        if (name[i] < 'a' || name[i] > 'z') {
            return;
        }
    }
    header_evidence(ev, name + 1, n - 1);
    ev->header_field_strength = ev->header_field_strength ? SCAN_STRENGTH_WEAK : 0;
    ev->header_quasi_strength = ev->header_quasi_strength ? SCAN_STRENGTH_WEAK : 0;
    ev->header_category_strength = ev->header_category_strength ? SCAN_STRENGTH_WEAK : 0;
}

/* The header, else the last part of a nested JSON key ("person.contact.mobile"), else the
 * header without a trailing number ("phone2", "联系电话_1"). */
static void judge_header(cls_evidence *ev, const char *name)
{
    size_t n = strlen(name);
    header_evidence(ev, name, n);
    const char *dot = strrchr(name, '.');
    if (!has_header_evidence(ev) && dot != NULL && dot[1] != '\0') {
        n -= (size_t)(dot + 1 - name);
        name = dot + 1;
        header_evidence(ev, name, n);
    }
    size_t k = n;
    while (k > 0 && ((name[k - 1] >= '0' && name[k - 1] <= '9') || name[k - 1] == '_' ||
                     name[k - 1] == '-' || name[k - 1] == ' ')) {
        k--;
    }
    if (!has_header_evidence(ev) && k > 0 && k < n) {
        header_evidence(ev, name, k);
    }
    if (!has_header_evidence(ev)) {
        coded_header(ev, name, n);
    }
}

/* ---- one column ---- */

static int validate_options(outis_classify_options *o, const outis_classify_options *opts,
                            outis_error *err)
{
    outis_classify_options d = OUTIS_CLASSIFY_OPTIONS_INIT;
    *o = opts != NULL ? *opts : d;
    if (o->version != OUTIS_CLASSIFY_OPTIONS_VERSION) {
        return ou_err(err, OUTIS_EINVAL, "unknown classify options version %d", o->version);
    }
    o->max_values = o->max_values ? o->max_values : OUTIS_CLASSIFY_DEFAULT_VALUES;
    return 0;
}

/* Whether a column is text to scan inside: values of 8 bytes or more on average, varied,
 * mostly words (a space or an ideograph: not codes such as UUIDs) and mostly not numbers,
 * dates, whole entities, words of the quasi-identifier tables or of a sensitive category. */
static int is_text(const cls_evidence *ev, const outis_column_class *out)
{
    uint64_t whole = 0, words = 0, n = ev->checked;
    for (size_t e = 0; e < OUTIS_SCAN_MAX_ENTITIES; e++) {
        whole += ev->best[e];
    }
    for (int k = QI_SEX; k < QI_COUNT; k++) {
        words += ev->quasi[k];
    }
    for (int c = 1; c < SCAN_CAT_COUNT; c++) {
        words += ev->category_strong[c];
    }
    uint64_t shaped = ev->shape[SHAPE_NUMBER] + ev->shape[SHAPE_DATE] + ev->shape[SHAPE_TIMESTAMP];
    return n > 0 && ev->bytes >= 8 * n && 2 * ev->shape[SHAPE_WORDS] >= n && 2 * whole < n &&
           2 * shaped < n && 2 * words < n && (out->distinct_ratio >= 0.2 || out->distinct > 100);
}

/* Judges the values, then scans inside the cells of text. */
static int judge_values(const col_values *v, cls_evidence *ev, const outis_column_class *out,
                        const outis_scanner *sc, outis_error *err)
{
    judge_ctx j = {sc, ev, sc->today, 0};
    int rc = for_each_value(v, judge, &j);
    if (rc < 0 || !is_text(ev, out)) {
        return rc;
    }
    ev->is_text = 1;
    scan_cells c = {sc, ev, out->name, err};
    return for_each_value(v, scan_cell, &c);
}

static int classify(outis_column_class *out, const outis_scanner *sc, const outis_table *t,
                    size_t col, const outis_classify_options *o, outis_error *err)
{
    memset(out, 0, sizeof *out);
    out->column = col;
    out->name = outis_table_column_name(t, col);
    cls_evidence *ev = ou_calloc(1, sizeof *ev);
    if (ev == NULL) {
        return ou_nomem(err);
    }
    judge_header(ev, out->name);
    col_values v = {t,
                    col,
                    outis_table_codes(t, col),
                    outis_table_missing_code(t, col),
                    NULL,
                    outis_table_cardinality(t, col),
                    NULL,
                    0};
    int rc = 0;
    const table_tally *tally = t->tally;
    const uint64_t *hashes = t->data.cols[col].hashes;
    size_t in_sample;
    if (hashes != NULL && o->sample != NULL &&
        outis_table_column_index(&in_sample, o->sample, out->name, NULL) == 0) {
        /* values from the sample, counts from the hashes */
        col_values s = {o->sample,
                        in_sample,
                        outis_table_codes(o->sample, in_sample),
                        outis_table_missing_code(o->sample, in_sample),
                        NULL,
                        outis_table_cardinality(o->sample, in_sample),
                        NULL,
                        0};
        v = s;
        if ((rc = gather(&v, out, o->max_values, o->seed, err)) < 0 ||
            (rc = judge_values(&v, ev, out, sc, err)) < 0) {
            goto done;
        }
        if (tally != NULL) {
            const table_tally_column *k = &tally->cols[col];
            hll_counts(out, k->hll, tally->rows, k->missing);
        } else if ((rc = count_hashes(out, hashes, outis_table_rows(t), err)) < 0) {
            goto done;
        }
    } else if (hashes != NULL) {
        out->rows = outis_table_rows(t); /* kept as hashes: no values to judge */
    } else if (tally != NULL) {
        if ((rc = gather_counted(&v, out, tally, o->max_values, o->seed, err)) < 0 ||
            (rc = judge_values(&v, ev, out, sc, err)) < 0) {
            goto done;
        }
    } else if ((rc = gather(&v, out, o->max_values, o->seed, err)) < 0 ||
               (rc = judge_values(&v, ev, out, sc, err)) < 0) {
        goto done;
    }
    cls_decide(out, ev, o->show_values);
done:
    ou_free(v.counts);
    ou_free(v.rows);
    ou_free(ev);
    return rc;
}

int outis_classify_column(outis_column_class *out, const outis_scanner *sc, const outis_table *t,
                          size_t col, const outis_classify_options *opts, outis_error *err)
{
    outis_classify_options o;
    int rc;
    if (out == NULL || sc == NULL || t == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no output, scanner or table");
    }
    if (col >= outis_table_columns(t)) {
        return ou_err(err, OUTIS_EINVAL, "column %zu out of range (the table has %zu)", col,
                      outis_table_columns(t));
    }
    if ((rc = validate_options(&o, opts, err)) < 0) {
        return rc;
    }
    return classify(out, sc, t, col, &o, err);
}

/* ---- every column, in parallel ---- */

typedef struct par_ctx {
    const outis_scanner *sc;
    const outis_table *t;
    const outis_classify_options *o;
    outis_column_class *columns;
    int *rc;
    outis_error *errs;
} par_ctx;

static void classify_task(void *payload, size_t task, unsigned thread)
{
    (void)thread;
    par_ctx *p = payload;
    p->rc[task] = classify(&p->columns[task], p->sc, p->t, task, p->o, &p->errs[task]);
}

int outis_classify_table(outis_classification **out, const outis_scanner *sc, const outis_table *t,
                         const outis_classify_options *opts, outis_error *err)
{
    outis_classify_options o;
    int rc;
    if (out == NULL || sc == NULL || t == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no output, scanner or table");
    }
    *out = NULL;
    if ((rc = validate_options(&o, opts, err)) < 0) {
        return rc;
    }
    size_t n = outis_table_columns(t);
    outis_classification *c = ou_calloc(1, sizeof *c);
    int *rcs = ou_calloc(n ? n : 1, sizeof *rcs);
    outis_error *errs = ou_calloc(n ? n : 1, sizeof *errs);
    if (c == NULL || rcs == NULL || errs == NULL ||
        (c->columns = ou_calloc(n ? n : 1, sizeof *c->columns)) == NULL) {
        rc = ou_nomem(err);
        goto done;
    }
    c->count = n;
    par_ctx p = {sc, t, &o, c->columns, rcs, errs};
    par_for(par_threads(o.threads), n, classify_task, &p);
    for (size_t i = 0; i < n; i++) {
        if (rcs[i] < 0) {
            rc = rcs[i];
            if (err != NULL) {
                *err = errs[i];
            }
            goto done;
        }
    }
    *out = c;
    c = NULL;
done:
    outis_classification_free(c);
    ou_free(rcs);
    ou_free(errs);
    return rc;
}

void outis_classification_free(outis_classification *c)
{
    if (c == NULL) {
        return;
    }
    ou_free(c->columns);
    ou_free(c);
}

size_t outis_classification_columns(const outis_classification *c)
{
    return c != NULL ? c->count : 0;
}

const outis_column_class *outis_classification_column(const outis_classification *c, size_t i)
{
    return c != NULL && i < c->count ? &c->columns[i] : NULL;
}

const char *outis_role_name(int role)
{
    static const char *const names[OUTIS_ROLE_COUNT] = {"other", "direct_identifier",
                                                        "quasi_identifier", "sensitive_attribute",
                                                        "organisation_identifier"};
    return role >= 0 && role < OUTIS_ROLE_COUNT ? names[role] : "unknown";
}
