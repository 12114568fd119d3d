/* scanner.c - compiling the enabled detectors into one Hyperscan database (block and stream
 * modes), the registry's public view, the pool of scratch spaces that lets threads share a
 * scanner, and judging single values for the column classifier. */
#include "scan/scan_int.h"

#include "util/alloc.h"
#include "util/bytes.h"
#include "util/error_int.h"
#include "scan/validate.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- The registry ---- */

size_t outis_scan_entity_count(void)
{
    return scan_detector_count;
}

const outis_entity_info *outis_scan_entity(size_t entity)
{
    return entity < scan_detector_count ? &scan_detectors[entity].info : NULL;
}

int outis_scan_entity_find(size_t *out, const char *name, outis_error *err)
{
    const char *names[OUTIS_SCAN_MAX_ENTITIES];
    if (out == NULL || name == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no entity name given");
    }
    for (size_t i = 0; i < scan_detector_count; i++) {
        names[i] = scan_detectors[i].info.name;
        if (strcmp(names[i], name) == 0) {
            *out = i;
            return 0;
        }
    }
    char msg[sizeof err->message];
    unknown_thing_message(msg, sizeof msg, "detector", names, scan_detector_count, name);
    return ou_err(err, OUTIS_ENOTFOUND, "%s", msg);
}

const char *outis_scan_kind_name(int kind)
{
    static const char *const names[] = {"person_id", "org_id",   "contact", "financial", "network",
                                        "device",    "location", "date",    "name",      "vehicle"};
    if (kind < 0 || (size_t)kind >= sizeof names / sizeof names[0]) {
        return "unknown";
    }
    return names[kind];
}

/* ---- Compiling ---- */

/* Byte ranges "0-9A-Z_-" into a set; a '-' first or last is literal. */
static void set_from_ranges(uint64_t set[4], const char *spec)
{
    const unsigned char *s = (const unsigned char *)spec;
    memset(set, 0, 4 * sizeof set[0]);
    for (size_t i = 0; s[i] != '\0';) {
        unsigned lo = s[i], hi = s[i];
        if (s[i + 1] == '-' && s[i + 2] != '\0') {
            hi = s[i + 2];
            i += 3;
        } else {
            i++;
        }
        for (unsigned c = lo; c <= hi; c++) {
            set[c >> 6] |= 1ull << (c & 63);
        }
    }
}

/* Splits the '|'-separated keywords into the scanner's buffer, ASCII lowercased. */
static int keywords_init(scan_det *det, char **buf, outis_error *err)
{
    const char *k = det->d->keywords;
    while (k != NULL && *k != '\0') {
        const char *bar = strchr(k, '|');
        size_t len = bar ? (size_t)(bar - k) : strlen(k);
        if (len == 0 || len > SCAN_MAX_KEYWORD_LEN || det->keyword_count == SCAN_MAX_KEYWORDS) {
            return ou_err(err, OUTIS_EINTERNAL, "bad keyword list of detector %s",
                          det->d->info.name);
        }
        scan_keyword *kw = &det->keywords[det->keyword_count++];
        for (size_t i = 0; i < len; i++) {
            char c = k[i];
            (*buf)[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        kw->s = *buf;
        kw->len = (uint8_t)len;
        kw->is_word = ((*buf)[0] >= 'a' && (*buf)[0] <= 'z');
        *buf += len;
        k += len + (bar != NULL);
    }
    return 0;
}

static int det_init(outis_scanner *sc, size_t i, char **kwbuf, outis_error *err)
{
    scan_det *det = &sc->det[i];
    det->d = &scan_detectors[i];
    set_from_ranges(det->chars, det->d->chars);
    set_from_ranges(det->bound, det->d->bound);
    assert(!scan_in(det->bound, '\n')); /* ends the last trigger window (compile_ended) */
    det->min_len = SCAN_MAX_LEN;
    for (const scan_pattern *p = det->d->patterns;
         p < det->d->patterns + SCAN_MAX_PATTERNS && p->max_len != 0; p++) {
        assert(p->min_len >= 1 && p->min_len <= p->max_len && p->max_len <= SCAN_MAX_LEN);
        assert((p->regex == NULL) == (det->d->lead != NULL));
        det->min_len = p->min_len < det->min_len ? p->min_len : det->min_len;
        det->max_len = p->max_len > det->max_len ? p->max_len : det->max_len;
    }
    assert((det->d->check == NULL) != (det->d->check_dated == NULL));
    return keywords_init(det, kwbuf, err);
}

static int enabled_from(uint64_t *enabled, const outis_scanner_options *o, outis_error *err)
{
    if (o->entities == NULL) {
        *enabled = scan_detector_count == 64 ? ~0ull : (1ull << scan_detector_count) - 1;
        return 0;
    }
    *enabled = 0;
    if (o->entity_count == 0) {
        return ou_err(err, OUTIS_EINVAL, "no entity enabled");
    }
    for (size_t i = 0; i < o->entity_count; i++) {
        size_t e;
        int rc = outis_scan_entity_find(&e, o->entities[i], err);
        if (rc < 0) {
            return rc;
        }
        *enabled |= 1ull << e;
    }
    return 0;
}

static int today_local(void)
{
    time_t now = time(NULL);
    struct tm tm;
    if (localtime_r(&now, &tm) == NULL) {
        return 0;
    }
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* Compiles exprs (regexes, or literals when lens is not NULL) in block mode, and in stream
 * mode unless stream is NULL. */
static int compile_dbs(hs_database_t **block, hs_database_t **stream, const char *const *exprs,
                       const unsigned *flags, const unsigned *ids, const size_t *lens, size_t n,
                       const char *what, outis_error *err)
{
    static const unsigned modes[2] = {HS_MODE_BLOCK, HS_MODE_STREAM};
    hs_database_t **dbs[2] = {block, stream};
    for (int m = 0; m < 2 && dbs[m] != NULL; m++) {
        hs_compile_error_t *cerr = NULL;
        hs_error_t e =
            lens ? hs_compile_lit_multi(exprs, flags, ids, lens, (unsigned)n, modes[m], NULL,
                                        dbs[m], &cerr)
                 : hs_compile_multi(exprs, flags, ids, (unsigned)n, modes[m], NULL, dbs[m], &cerr);
        if (e != HS_SUCCESS) {
            int rc = ou_err(err, OUTIS_EINTERNAL, "%s %d: %s", what, cerr ? cerr->expression : -1,
                            cerr ? cerr->message : "no memory");
            hs_free_compile_error(cerr);
            return rc;
        }
    }
    return 0;
}

/* "[^...]": the bytes outside `set`, as ranges of \xHH (at most 128 ranges of 10 bytes). */
enum { CLASS_MAX = 4 + 128 * 10 };

static void class_outside(char out[CLASS_MAX], const uint64_t set[4])
{
    size_t n = 0;
    out[n++] = '[', out[n++] = '^';
    for (int c = 0; c < 256;) {
        if (!scan_in(set, (unsigned char)c)) {
            c++;
            continue;
        }
        int e = c;
        while (e + 1 < 256 && scan_in(set, (unsigned char)(e + 1))) {
            e++;
        }
        n += (size_t)snprintf(out + n, CLASS_MAX - n, e > c ? "\\x%02x-\\x%02x" : "\\x%02x", c, e);
        c = e + 1;
    }
    out[n++] = ']', out[n] = '\0';
}

/* A trigger's end is kept only where the byte after it is outside every bound of its
 * detectors (skip): in a run of digits, only the last of its ends. Hyperscan checks that byte
 * itself, which saves the callbacks for the others (four in five in mixed text): a trigger T
 * is compiled as T and a byte outside skip (id 2k + 1: the end is one byte before the
 * match's), or as T where skip is empty (id 2k). A window is scanned with the byte after it,
 * and the last one of the data with a line end after it, which no bound holds (det_init).
 * The database is compiled in block mode only: triggers are matched in windows (text.c). */
static int compile_ended(outis_scanner *sc, const char *const *exprs, size_t n, outis_error *err)
{
    const char **ended = ou_mallocarray(n, sizeof *ended);
    unsigned *ids = ou_mallocarray(n, sizeof *ids);
    size_t size = 0;
    for (size_t k = 0; k < n; k++) {
        size += strlen(exprs[k]) + CLASS_MAX + 8;
    }
    char *text = ou_malloc(size);
    if (ended == NULL || ids == NULL || text == NULL) {
        ou_free(ended), ou_free(ids), ou_free(text);
        return ou_nomem(err);
    }
    size_t used = 0;
    char cls[CLASS_MAX];
    for (size_t k = 0; k < n; k++) {
        const uint64_t *skip = sc->triggers[k].skip;
        int has = 0;
        for (int q = 0; q < 4; q++) {
            has |= skip[q] != 0;
        }
        cls[0] = '\0';
        if (has) {
            class_outside(cls, skip);
        }
        ended[k] = text + used, ids[k] = (unsigned)(2 * k + (has != 0));
        used +=
            (size_t)snprintf(text + used, size - used, has ? "(?:%s)%s" : "%s%s", exprs[k], cls) +
            1;
    }
    int rc = compile_dbs(&sc->block_db, NULL, ended, NULL, ids, NULL, n, "trigger", err);
    ou_free(ended), ou_free(ids), ou_free(text);
    return rc;
}

/* The triggers of the enabled detectors, each string once, with the detectors it serves. */
static int compile_triggers(outis_scanner *sc, outis_error *err)
{
    const char *exprs[OUTIS_SCAN_MAX_ENTITIES * SCAN_MAX_PATTERNS];
    uint64_t dets[OUTIS_SCAN_MAX_ENTITIES * SCAN_MAX_PATTERNS];
    size_t n = 0;
    for (size_t i = 0; i < sc->det_count; i++) {
        const scan_pattern *p = scan_detectors[i].patterns;
        for (size_t j = 0; j < SCAN_MAX_PATTERNS && p[j].max_len != 0; j++) {
            if (!((sc->enabled >> i) & 1) || p[j].regex == NULL) {
                continue;
            }
            size_t k = 0;
            while (k < n && strcmp(exprs[k], p[j].regex) != 0) {
                k++;
            }
            if (k == n) {
                exprs[n] = p[j].regex, dets[n++] = 0;
            }
            dets[k] |= 1ull << i;
        }
    }
    sc->triggers = ou_calloc(n ? n : 1, sizeof *sc->triggers);
    if (sc->triggers == NULL) {
        return ou_nomem(err);
    }
    for (size_t k = 0; k < n; k++) {
        scan_trigger *t = &sc->triggers[k];
        t->regex = exprs[k];
        t->dets = dets[k];
        memset(t->skip, 0xFF, sizeof t->skip);
        for (uint64_t d = dets[k]; d != 0; d &= d - 1) {
            const scan_det *det = &sc->det[__builtin_ctzll(d)];
            t->groups |= det->d->stops_at_keyword ? 0 : 1ull << det->group;
            t->walkers |= det->d->stops_at_keyword ? 0 : d & -d;
            for (int w = 0; w < 4; w++) {
                t->skip[w] &= det->bound[w];
            }
        }
    }
    sc->trigger_count = n;
    if (n == 0) {
        return 0;
    }
    return compile_ended(sc, exprs, n, err);
}

/* Whether lead word e extends lead word b of the same detector (b is a prefix, without case
 * in an ASCII word), neither needing a colon: e is then found by process_lead after b. */
static int lead_extends(const scan_lead *e, const scan_lead *b)
{
    if (e->det != b->det || e->needs_colon || b->needs_colon || e->len <= b->len) {
        return 0;
    }
    for (size_t i = 0; i < b->len; i++) {
        unsigned char x = (unsigned char)e->word[i], y = (unsigned char)b->word[i];
        if (x != y && !(b->is_word && x < 0x80 && (x | 0x20) == (y | 0x20) && (x | 0x20) >= 'a' &&
                        (x | 0x20) <= 'z')) {
            return 0;
        }
    }
    return 1;
}

/* The lead words of the enabled detectors, as literals (ASCII letters without case). A word
 * that needs a colon is two literals, with ':' and with U+FF1A: frequent words (客户 of
 * 客户:) then cost Hyperscan nothing where no colon follows. After an ASCII word, U+FF1A is
 * matched less its last byte (checked by process_lead): such words are rarely followed by
 * full-width punctuation, and Hyperscan's literal matcher then runs 1.8 times as fast on
 * bench/scan_gen.py's text (35 literals: 4.4 GB/s; 29 and these three: 8.3), as it does
 * without the words that extend another (微信号 of 微信). */
static int compile_leads(outis_scanner *sc, outis_error *err)
{
    size_t n = 0;
    for (size_t i = 0; i < sc->det_count; i++) {
        const char *w = scan_detectors[i].lead;
        for (; ((sc->enabled >> i) & 1) && w != NULL && *w != '\0'; w = strchr(w, '|')) {
            size_t len = strcspn(w += *w == '|', "|");
            n += 1 + (w[len - 1] == ':'); /* with either colon */
        }
    }
    if (n == 0) {
        return 0;
    }
    assert(n < INT16_MAX);
    const char **words = ou_mallocarray(n, sizeof *words);
    char *spelt = ou_mallocarray(n, SCAN_MAX_KEYWORD_LEN + 4); /* words with a colon */
    size_t *lens = ou_mallocarray(n, sizeof *lens);
    unsigned *flags = ou_calloc(n, sizeof *flags), *ids = ou_mallocarray(n, sizeof *ids);
    sc->leads = ou_mallocarray(n, sizeof *sc->leads);
    int rc = 0;
    if (words == NULL || spelt == NULL || lens == NULL || flags == NULL || ids == NULL ||
        sc->leads == NULL) {
        rc = ou_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < sc->det_count; i++) {
        const char *w = scan_detectors[i].lead;
        while (((sc->enabled >> i) & 1) && w != NULL && *w != '\0') {
            size_t len = strcspn(w, "|");
            assert(len <= SCAN_MAX_KEYWORD_LEN);
            int needs_colon = w[len - 1] == ':';
            for (int form = 0; form <= needs_colon; form++) {
                scan_lead *l = &sc->leads[sc->lead_count++];
                l->word = w;
                l->det = (uint32_t)i;
                l->needs_colon = (uint8_t)needs_colon;
                l->len = (uint8_t)(len - needs_colon);
                l->is_word = (w[0] | 0x20) >= 'a' && (w[0] | 0x20) <= 'z';
                l->tail = (uint8_t)(!needs_colon ? 0 : form == 0 ? 1 : l->is_word ? 2 : 3);
                l->ext = l->next = -1;
            }
            w += len + (w[len] == '|');
        }
    }
    size_t m = 0; /* the literals */
    for (size_t k = 0; k < sc->lead_count; k++) {
        scan_lead *l = &sc->leads[k];
        size_t base = sc->lead_count; /* the shortest word it extends (which extends none) */
        for (size_t b = 0; b < sc->lead_count; b++) {
            if (lead_extends(l, &sc->leads[b]) &&
                (base == sc->lead_count || sc->leads[b].len < sc->leads[base].len)) {
                base = b;
            }
        }
        if (base < sc->lead_count) {
            l->next = sc->leads[base].ext;
            sc->leads[base].ext = (int16_t)k;
            continue;
        }
        char *spelling = spelt + k * (SCAN_MAX_KEYWORD_LEN + 4);
        memcpy(spelling, l->word, l->len);
        memcpy(spelling + l->len, l->tail == 1 ? ":" : "\xEF\xBC\x9A", l->tail);
        words[m] = spelling;
        lens[m] = (size_t)l->len + l->tail;
        flags[m] = l->is_word ? HS_FLAG_CASELESS : 0;
        ids[m++] = (unsigned)k;
    }
    rc = compile_dbs(&sc->lead_block_db, &sc->lead_stream_db, words, flags, ids, lens, m,
                     "lead word", err);
done:
    ou_free(words);
    ou_free(spelt);
    ou_free(lens);
    ou_free(flags);
    ou_free(ids);
    return rc;
}

static int pool_new(outis_scanner *sc, outis_error *err)
{
    sc->pool = ou_calloc(1, sizeof *sc->pool);
    if (sc->pool == NULL) {
        return ou_nomem(err);
    }
    if (pthread_mutex_init(&sc->pool->lock, NULL) != 0) {
        ou_free(sc->pool);
        sc->pool = NULL;
        return ou_err(err, OUTIS_ENOMEM, "cannot create a mutex");
    }
    hs_database_t *dbs[3] = {sc->block_db, sc->lead_block_db, sc->lead_stream_db};
    hs_error_t e = HS_SUCCESS;
    for (int i = 0; i < 3 && e == HS_SUCCESS; i++) {
        e = dbs[i] ? hs_alloc_scratch(dbs[i], &sc->pool->proto) : HS_SUCCESS;
    }
    if (e != HS_SUCCESS) {
        return e == HS_NOMEM ? ou_nomem(err)
                             : ou_err(err, OUTIS_EINTERNAL, "hyperscan scratch error %d", e);
    }
    return 0;
}

int outis_scanner_new(outis_scanner **out, const outis_scanner_options *opts, outis_error *err)
{
    const outis_scanner_options defaults = OUTIS_SCANNER_OPTIONS_INIT;
    const outis_scanner_options *o = opts ? opts : &defaults;
    if (out == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no output scanner");
    }
    *out = NULL;
    if (o->version != OUTIS_SCANNER_OPTIONS_VERSION) {
        return ou_err(err, OUTIS_EINVAL, "scanner options version %d, expected %d", o->version,
                      OUTIS_SCANNER_OPTIONS_VERSION);
    }
    if (o->min_confidence < 0 || o->min_confidence > 1 ||
        (o->today != 0 && !scan_date_ok(o->today))) {
        return ou_err(err, OUTIS_EINVAL, "min_confidence must be in [0, 1] and today a date");
    }
    outis_scanner *sc = ou_calloc(1, sizeof *sc);
    if (sc == NULL) {
        return ou_nomem(err);
    }
    int rc = enabled_from(&sc->enabled, o, err);
    if (rc < 0) {
        goto fail;
    }
    size_t kwbytes = 0;
    for (size_t i = 0; i < scan_detector_count; i++) {
        kwbytes += scan_detectors[i].keywords ? strlen(scan_detectors[i].keywords) : 0;
    }
    sc->keyword_buf = ou_malloc(kwbytes + 1);
    if (sc->keyword_buf == NULL) {
        rc = ou_nomem(err);
        goto fail;
    }
    char *kwbuf = sc->keyword_buf;
    sc->det_count = scan_detector_count;
    for (size_t i = 0; i < sc->det_count; i++) {
        if ((rc = det_init(sc, i, &kwbuf, err)) < 0) {
            goto fail;
        }
        scan_det *det = &sc->det[i];
        size_t g = 0;
        while (strcmp(sc->det[g].d->chars, det->d->chars) != 0) {
            g++; /* stops at i at the latest */
        }
        det->group = (uint8_t)g;
        sc->det[g].walk_len =
            sc->det[g].walk_len > det->max_len ? sc->det[g].walk_len : det->max_len;
        sc->group_dets[g] |= det->d->stops_at_keyword ? 0 : 1ull << i;
        int joins = 1; /* chars within bound */
        for (int w = 0; w < 4; w++) {
            joins &= (det->chars[w] & ~det->bound[w]) == 0;
        }
        for (size_t len = det->min_len; len <= SCAN_MAX_LEN; len++) {
            sc->fits_len[len] |= (uint64_t)(!joins || len <= det->max_len) << i;
        }
    }
    for (size_t g = 0; g < sc->det_count; g++) {
        for (unsigned c = 0; c < 256 && sc->det[g].group == g; c++) {
            sc->byte_groups[c] |= (uint64_t)scan_in(sc->det[g].chars, (unsigned char)c) << g;
        }
        for (size_t d = 0; d < sc->det[g].walk_len && sc->det[g].group == g; d++) {
            sc->len_groups[d] |= 1ull << g;
        }
    }
    sc->today = o->today ? o->today : today_local();
    sc->show_values = o->show_values != 0;
    sc->min_confidence = o->min_confidence;
    sc->chunk_size = o->chunk_size ? o->chunk_size : SCAN_DEFAULT_CHUNK;
    sc->simd = scan_simd_best();
    if ((rc = compile_triggers(sc, err)) < 0 || (rc = compile_leads(sc, err)) < 0 ||
        (rc = pool_new(sc, err)) < 0) {
        goto fail;
    }
    *out = sc;
    return 0;
fail:
    outis_scanner_free(sc);
    return rc;
}

void outis_scanner_free(outis_scanner *sc)
{
    if (sc == NULL) {
        return;
    }
    if (sc->pool != NULL) {
        for (size_t i = 0; i < sc->pool->count; i++) {
            hs_free_scratch(sc->pool->free[i]);
        }
        hs_free_scratch(sc->pool->proto);
        ou_free(sc->pool->free);
        pthread_mutex_destroy(&sc->pool->lock);
        ou_free(sc->pool);
    }
    hs_free_database(sc->block_db);
    hs_free_database(sc->lead_block_db);
    hs_free_database(sc->lead_stream_db);
    ou_free(sc->triggers);
    ou_free(sc->leads);
    ou_free(sc->keyword_buf);
    ou_free(sc);
}

/* ---- Scratch spaces ---- */

int scan_scratch_get(const outis_scanner *sc, hs_scratch_t **out, outis_error *err)
{
    scan_pool *p = sc->pool;
    *out = NULL;
    pthread_mutex_lock(&p->lock);
    if (p->count > 0) {
        *out = p->free[--p->count];
    }
    pthread_mutex_unlock(&p->lock);
    if (*out != NULL) {
        return 0;
    }
    hs_error_t e = hs_clone_scratch(p->proto, out);
    if (e != HS_SUCCESS) {
        *out = NULL;
        return e == HS_NOMEM ? ou_nomem(err)
                             : ou_err(err, OUTIS_EINTERNAL, "hyperscan scratch error %d", e);
    }
    return 0;
}

void scan_scratch_put(const outis_scanner *sc, hs_scratch_t *scratch)
{
    scan_pool *p = sc->pool;
    if (scratch == NULL) {
        return;
    }
    pthread_mutex_lock(&p->lock);
    void *grown = p->free;
    int ok = ou_grow(&grown, &p->cap, p->count + 1, sizeof *p->free) == 0;
    p->free = grown;
    if (ok) {
        p->free[p->count++] = scratch;
    }
    pthread_mutex_unlock(&p->lock);
    if (!ok) {
        hs_free_scratch(scratch); /* no room to keep it: the next scan clones another */
    }
}

/* ---- Values ---- */

int scan_validate(const outis_scanner *sc, const scan_det *det, const char *s, size_t n)
{
    return det->d->check ? det->d->check(s, n) : det->d->check_dated(s, n, sc->today);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Whether a value of this length needs context: the detector says so, or only patterns that
 * need it match this length (9 digits of an SSN without dashes). */
int scan_needs_context(const scan_det *det, size_t len)
{
    if (det->d->info.needs_context) {
        return 1;
    }
    for (const scan_pattern *p = det->d->patterns;
         p < det->d->patterns + SCAN_MAX_PATTERNS && p->regex != NULL; p++) {
        if (!p->needs_context && len >= p->min_len && len <= p->max_len) {
            return 0;
        }
    }
    return 1;
}

size_t outis_scan_value(outis_value_match *out, size_t cap, const outis_scanner *sc, const char *s,
                        size_t len)
{
    if (sc == NULL || s == NULL || out == NULL) {
        return 0;
    }
    while (len > 0 && is_space(s[0])) {
        s++, len--;
    }
    while (len > 0 && is_space(s[len - 1])) {
        len--;
    }
    if (len == 0 || len > SCAN_MAX_LEN) {
        return 0;
    }
    uint64_t bytes[4] = {0};
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bytes[c >> 6] |= 1ull << (c & 63);
    }
    outis_value_match all[OUTIS_SCAN_MAX_ENTITIES];
    size_t n = 0;
    for (size_t i = 0; i < sc->det_count; i++) {
        const scan_det *det = &sc->det[i];
        if (!((sc->enabled >> i) & 1) || len < det->min_len || len > det->max_len ||
            (bytes[0] & ~det->chars[0]) | (bytes[1] & ~det->chars[1]) |
                (bytes[2] & ~det->chars[2]) | (bytes[3] & ~det->chars[3])) {
            continue;
        }
        int v = scan_validate(sc, det, s, len);
        if (v == SCAN_REJECT) {
            continue;
        }
        double conf = scan_confidence(det, v, 0);
        /* insertion by confidence, entity order among equals */
        size_t k = n++;
        while (k > 0 && all[k - 1].confidence < conf) {
            all[k] = all[k - 1];
            k--;
        }
        all[k] =
            (outis_value_match){i, v == SCAN_VALID ? OUTIS_VERDICT_VALID : OUTIS_VERDICT_PLAUSIBLE,
                                conf, scan_needs_context(det, len)};
    }
    n = n < cap ? n : cap;
    memcpy(out, all, n * sizeof *out);
    return n;
}
