/* text.c - the matching engine shared by buffers (Hyperscan block mode) and streams (streaming
 * mode, for files read in chunks). Hyperscan reports where a trigger ends; for each detector
 * the trigger serves, the engine checks the bytes after it, walks back over the detector's
 * characters and lets the validator choose the longest start, and weighs context keywords
 * before it. A second, literal database reports lead words, after which names and WeChat
 * IDs are read. Candidates are kept until no later one can overlap them; overlaps are
 * resolved by length (then confidence), and findings leave in offset order with their line
 * and a masked preview. A stream keeps SCAN_KEEP bytes before its new data, so the findings
 * do not depend on how the text was cut. */
#include "scan/scan_int.h"

#include "util/alloc.h"
#include "util/bytes.h"
#include "util/error_int.h"
#include "scan/validate.h"

#include <assert.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <limits.h>
#include <string.h>

/* A trigger's or lead word's end waiting for the bytes after it. */
typedef struct scan_raw {
    uint64_t end;
    uint32_t id;
    uint32_t is_lead;
} scan_raw;

enum { CAND_OPEN = 0, CAND_KEPT = 1, CAND_DROPPED = 2 };

/* A validated value waiting for the candidates that may overlap it. */
typedef struct scan_cand {
    uint64_t start, end;
    double confidence;
    uint32_t det;
    uint8_t verdict, has_context, state;
} scan_cand;

typedef struct scan_run {
    const outis_scanner *sc;
    const char *name;
    outis_finding_cb cb;
    void *payload;
    const char *buf; /* holds the input's bytes [base, base + len) */
    uint64_t base;
    size_t len;
    int is_eof; /* nothing follows buf */
    scan_raw *deferred;
    size_t deferred_count, deferred_cap;
    scan_cand *pend; /* sorted by start */
    size_t pend_count, pend_cap;
    uint64_t last_end[OUTIS_SCAN_MAX_ENTITIES]; /* end + 1 last looked at, per detector */
    uint64_t line_off, line, line_start;        /* line `line` starts at line_start <= line_off */
    uint64_t utf8_off;                          /* checked as UTF-8 up to here */
    uint64_t utf8_end;                          /* and no further */
    uint64_t origin; /* offset of the first byte of the lead word stream (Hyperscan counts
                      * from it) */
    /* The trigger windows (see SCAN_REACH): the next byte to look at for anchors, the open
     * window [tws, twe) (tws == UINT64_MAX: none), the first byte of the window scanned
     * (on_trigger counts from it), and the matches that end at or below tfloor, reported
     * already by a window cut short. */
    uint64_t tnext, tws, twe, torigin, tfloor;
    char *tail; /* the last window of the data, copied with a byte after it */
    size_t tail_cap;
    uint64_t *ends; /* scan_trigger_ends: the ends are kept here, not processed */
    size_t ends_count, ends_cap;
    uint64_t window_bytes; /* and the bytes of the windows scanned */
    uint64_t emitted_end;  /* end of the last finding reported: none may start before it */
    outis_scan_stats stats;
    int rc;
    outis_error *err;
} scan_run;

struct outis_scan_stream {
    scan_run run;
    hs_stream_t *lead_hs;
    hs_scratch_t *scratch;
    char *win;
    size_t cap;
    int is_failed;
};

static void run_init(scan_run *r, const outis_scanner *sc, const char *name, outis_finding_cb cb,
                     void *payload, outis_error *err)
{
    memset(r, 0, sizeof *r);
    r->sc = sc;
    r->name = name;
    r->cb = cb;
    r->payload = payload;
    r->line = 1;
    r->utf8_end = UINT64_MAX;
    r->tws = UINT64_MAX;
    r->err = err;
}

static void run_free(scan_run *r)
{
    ou_free(r->tail);
    ou_free(r->deferred);
    ou_free(r->pend);
}

/* The byte at an absolute offset, or -1 outside the bytes known (past them, or before the
 * start of a piece of a file scanned on its own, split.c). */
static inline int at(const scan_run *r, uint64_t off)
{
    if (off - r->base >= r->len) {
        return -1;
    }
    return (unsigned char)r->buf[off - r->base];
}

/* Whether byte c next to a value (and `beyond`, the byte after c) joins it: c may not touch,
 * or c is a separator of the value's own (not a space) with a byte that may not touch beyond
 * it ("1.2.3.4.5", "a@b.co.uk", "123-45-6789-0"). */
static inline int touches(const scan_det *det, int c, int beyond)
{
    if (c < 0) {
        return 0;
    }
    if (scan_in(det->bound, (unsigned char)c)) {
        return 1;
    }
    return c != ' ' && beyond >= 0 && scan_in(det->chars, (unsigned char)c) &&
           scan_in(det->bound, (unsigned char)beyond) && scan_in(det->chars, (unsigned char)beyond);
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int is_alnum(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
}

/* Whether a keyword ends at p; one that starts with a letter must not follow a letter or digit
 * ("vx" in "tevxyrui0x" is not the keyword). */
static int keyword_ends_at(const scan_run *r, const scan_det *det, uint64_t p)
{
    for (size_t k = 0; k < det->keyword_count; k++) {
        const scan_keyword *kw = &det->keywords[k];
        if (p - r->base < kw->len) {
            continue;
        }
        const char *s = r->buf + (p - r->base) - kw->len;
        size_t i = 0;
        while (i < kw->len && lower((unsigned char)s[i]) == (unsigned char)kw->s[i]) {
            i++;
        }
        uint64_t kstart = p - kw->len;
        if (i == kw->len && (!kw->is_word || kstart == 0 || !is_alnum(lower(at(r, kstart - 1))))) {
            return 1;
        }
    }
    return 0;
}

/* Where walks back from one end stopped, by group of detectors with the same chars. */
typedef struct scan_walks {
    uint64_t have; /* bit per group */
    uint64_t stop[OUTIS_SCAN_MAX_ENTITIES];
} scan_walks;

/* The first offset of the run of `chars` that ends at `end`, going back at most `len` bytes
 * (and, for a detector that stops at its keywords, not over one). */
static uint64_t walk_back(const scan_run *r, const scan_det *det, const uint64_t chars[4],
                          uint64_t end, size_t len)
{
    uint64_t lo = end > len ? end - len : 0;
    lo = lo < r->base ? r->base : lo; /* only at the start of a piece of a file */
    const unsigned char *p = (const unsigned char *)r->buf;
    size_t i = (size_t)(end - r->base), stop = (size_t)(lo - r->base);
    while (i > stop && scan_in(chars, p[i - 1])) {
        if (det != NULL && i < end - r->base && keyword_ends_at(r, det, r->base + i)) {
            break;
        }
        i--;
    }
    return r->base + i;
}

/* The longest start before `end` that the validator accepts: *start and the verdict, or
 * SCAN_REJECT. */
static int find_start(const scan_run *r, const scan_det *det, uint64_t end, scan_walks *w,
                      uint64_t *start)
{
    uint64_t s;
    if (det->d->stops_at_keyword) {
        s = walk_back(r, det, det->chars, end, det->max_len);
    } else {
        assert((w->have >> det->group) & 1);
        s = w->stop[det->group];
        s = end - s > det->max_len ? end - det->max_len : s;
    }
    /* indexes into buf: s and end are known bytes (s >= stop >= base), those before base
     * are not (touches_left reads them as -1) */
    const unsigned char *buf = (const unsigned char *)r->buf;
    const size_t last = (size_t)(end - r->base);
    for (size_t i = (size_t)(s - r->base); i + det->min_len <= last; i++) {
        if ((buf[i] & 0xC0) == 0x80) {
            continue; /* inside a character */
        }
        if (i > 0 && touches(det, buf[i - 1], i >= 2 ? buf[i - 2] : -1)) {
            continue; /* joined to what precedes */
        }
        int v = scan_validate(r->sc, det, r->buf + i, last - i);
        if (v != SCAN_REJECT) {
            *start = r->base + i;
            return v;
        }
    }
    return SCAN_REJECT;
}

/* Whether one of the detector's keywords ends within SCAN_CONTEXT_BEFORE bytes before start,
 * on the same line. */
static int has_context(const scan_run *r, const scan_det *det, uint64_t start)
{
    uint64_t lo = start > SCAN_CONTEXT_BEFORE ? start - SCAN_CONTEXT_BEFORE : 0;
    lo = lo < r->base ? r->base : lo;
    const char *w = r->buf + (lo - r->base);
    size_t n = (size_t)(start - lo);
    for (size_t i = n; i > 0; i--) {
        if (w[i - 1] == '\n') {
            w += i, n -= i, lo += i;
            break;
        }
    }
    char low[SCAN_CONTEXT_BEFORE];
    for (size_t i = 0; i < n; i++) {
        low[i] = (char)lower((unsigned char)w[i]);
    }
    int before = lo > r->base && r->buf[lo - r->base - 1] != '\n' ? lower(at(r, lo - 1)) : -1;
    for (size_t k = 0; k < det->keyword_count; k++) {
        const scan_keyword *kw = &det->keywords[k];
        for (size_t i = 0; i + kw->len <= n; i++) {
            if (low[i] != kw->s[0] || memcmp(low + i, kw->s, kw->len) != 0) {
                continue;
            }
            int prev = i > 0 ? low[i - 1] : before;
            if (!kw->is_word || !(prev >= 'a' && prev <= 'z')) {
                return 1;
            }
        }
    }
    return 0;
}

static void pend_add(scan_run *r, const scan_cand *c)
{
    if (c->start < r->emitted_end) {
        return; /* overlaps a finding of a group that had to be reported early */
    }
    void *grown = r->pend;
    if (ou_grow(&grown, &r->pend_cap, r->pend_count + 1, sizeof *r->pend) < 0) {
        r->rc = ou_nomem(r->err);
        return;
    }
    r->pend = grown;
    size_t k = r->pend_count++;
    while (k > 0 && r->pend[k - 1].start > c->start) {
        r->pend[k] = r->pend[k - 1];
        k--;
    }
    r->pend[k] = *c;
}

/* A pattern of detector `di` ended at `end`: validate, weigh and keep the candidate. */
static void process(scan_run *r, uint32_t di, uint64_t end, scan_walks *w)
{
    if (r->last_end[di] == end + 1) {
        return; /* another form of the same detector ended here: the same candidate */
    }
    r->last_end[di] = end + 1;
    const scan_det *det = &r->sc->det[di];
    if (touches(det, at(r, end), at(r, end + 1))) {
        return;
    }
    uint64_t start;
    int v = find_start(r, det, end, w, &start);
    if (v == SCAN_REJECT) {
        return;
    }
    int ctx = det->keyword_count > 0 && has_context(r, det, start);
    int unsure = det->d->has_checksum && v == SCAN_PLAUSIBLE;
    if (!ctx && (unsure || scan_needs_context(det, (size_t)(end - start)))) {
        return;
    }
    scan_cand c = {start, end, scan_confidence(det, v, ctx), di, (uint8_t)v, (uint8_t)ctx, 0};
    if (c.confidence >= r->sc->min_confidence) {
        pend_add(r, &c);
    }
}

/* Lead word `lead` ended at `to`: read the value after it (an optional colon, up to two
 * spaces, then the run of the detector's characters). */
static void read_after_lead(scan_run *r, const scan_lead *lead, uint64_t to)
{
    const scan_det *det = &r->sc->det[lead->det];
    uint64_t p = to;
    if (lead->is_word && to > lead->len && is_alnum(lower(at(r, to - lead->len - 1)))) {
        return; /* inside a word */
    }
    if (at(r, p) == ':') {
        p++;
    } else if (at(r, p) == 0xEF && at(r, p + 1) == 0xBC && at(r, p + 2) == 0x9A) {
        p += 3; /* U+FF1A fullwidth colon */
    } else if (lead->needs_colon) {
        return;
    }
    for (int k = 0; k < 2 && (at(r, p) == ' ' || at(r, p) == '\t'); k++) {
        p++;
    }
    uint64_t e = p;
    while (e - p <= det->max_len && at(r, e) >= 0 && scan_in(det->chars, (unsigned char)at(r, e))) {
        e++;
    }
    size_t n = (size_t)(e - p);
    if (n < det->min_len || n > det->max_len || touches(det, at(r, e), at(r, e + 1))) {
        return;
    }
    int v = scan_validate(r->sc, det, r->buf + (p - r->base), n);
    scan_cand c = {p, e, scan_confidence(det, v, 1), lead->det, (uint8_t)v, 1, 0};
    if (v != SCAN_REJECT && c.confidence >= r->sc->min_confidence) {
        pend_add(r, &c);
    }
}

/* Lead word `lead` ended at `to`: the value after it, and after each word that extends it
 * (found here, not by Hyperscan: see compile_leads). */
static void process_lead(scan_run *r, const scan_lead *lead, uint64_t to)
{
    read_after_lead(r, lead, to);
    for (int k = lead->ext; k >= 0; k = r->sc->leads[k].next) {
        const scan_lead *e = &r->sc->leads[k];
        size_t i = lead->len;
        while (i < e->len && (at(r, to + i - lead->len) == (unsigned char)e->word[i] ||
                              (e->is_word && lower(at(r, to + i - lead->len)) ==
                                                 lower((unsigned char)e->word[i])))) {
            i++;
        }
        if (i == e->len) {
            read_after_lead(r, e, to + e->len - lead->len);
        }
    }
}

/* ---- Findings ---- */

/* Advances the line count to offset `off`. */
static void lines_to(scan_run *r, uint64_t off)
{
    if (off <= r->line_off) {
        return;
    }
    const char *p = r->buf + (r->line_off - r->base);
    size_t n = (size_t)(off - r->line_off);
    size_t k = bytes_count(p, n, '\n');
    if (k > 0) {
        r->line += k;
        size_t i = n;
        while (p[i - 1] != '\n') {
            i--;
        }
        r->line_start = r->line_off + i;
    }
    r->line_off = off;
}

static int emit(scan_run *r, const scan_cand *c)
{
    const scan_det *det = &r->sc->det[c->det];
    lines_to(r, c->start);
    outis_finding f;
    const char *v = r->buf + (c->start - r->base);
    f.source = r->name;
    f.entity = c->det;
    f.offset = c->start;
    f.line = r->line;
    f.column = c->start - r->line_start + 1;
    f.length = (size_t)(c->end - c->start);
    f.confidence = c->confidence;
    f.verdict = c->verdict == SCAN_VALID ? OUTIS_VERDICT_VALID : OUTIS_VERDICT_PLAUSIBLE;
    f.has_context = c->has_context;
    scan_mask(det->d->mask, v, f.length, f.preview, sizeof f.preview);
    f.value = r->sc->show_values ? v : NULL;
    r->emitted_end = c->end;
    r->stats.findings++;
    r->stats.by_entity[c->det]++;
    if (r->cb != NULL && r->cb(&f, r->payload) != 0) {
        return ou_err(r->err, OUTIS_ECANCELED, "the scan was stopped by its callback");
    }
    return 0;
}

/* a is a better reading of the text than b: longer, surer, verified, earlier detector. */
static int better(const scan_cand *a, const scan_cand *b)
{
    uint64_t la = a->end - a->start, lb = b->end - b->start;
    if (la != lb) {
        return la > lb;
    }
    if (a->confidence != b->confidence) {
        return a->confidence > b->confidence;
    }
    if (a->verdict != b->verdict) {
        return a->verdict > b->verdict;
    }
    return a->det != b->det ? a->det < b->det : a->start < b->start;
}

/* Keeps the best candidates of pend[i, j) that do not overlap a better one, and emits them. */
static int resolve(scan_run *r, size_t i, size_t j)
{
    for (;;) {
        size_t best = j;
        for (size_t k = i; k < j; k++) {
            if (r->pend[k].state == CAND_OPEN &&
                (best == j || better(&r->pend[k], &r->pend[best]))) {
                best = k;
            }
        }
        if (best == j) {
            break;
        }
        r->pend[best].state = CAND_KEPT;
        for (size_t k = i; k < j; k++) {
            if (r->pend[k].state == CAND_OPEN && r->pend[k].start < r->pend[best].end &&
                r->pend[best].start < r->pend[k].end) {
                r->pend[k].state = CAND_DROPPED;
            }
        }
    }
    for (size_t k = i; k < j; k++) {
        int rc = r->pend[k].state == CAND_KEPT ? emit(r, &r->pend[k]) : 0;
        if (rc < 0) {
            return rc;
        }
    }
    return 0;
}

/* Emits the groups of overlapping candidates that no candidate still to come can reach: every
 * pattern end up to `done` has been processed (UINT64_MAX: all of them). A group that starts
 * before `before` is emitted anyway: its bytes are about to leave a stream's buffer (only a
 * chain of overlapping candidates kilobytes long can do that). */
static int flush(scan_run *r, uint64_t done, uint64_t before)
{
    size_t i = 0;
    int rc = 0;
    while (i < r->pend_count && rc == 0) {
        size_t j = i + 1;
        uint64_t end = r->pend[i].end;
        while (j < r->pend_count && r->pend[j].start < end) {
            end = r->pend[j].end > end ? r->pend[j].end : end;
            j++;
        }
        if (done != UINT64_MAX && end + SCAN_MAX_LEN > done && r->pend[i].start >= before) {
            break; /* a later candidate may start before `end` */
        }
        rc = resolve(r, i, j);
        i = j;
    }
    if (i > 0) {
        memmove(r->pend, r->pend + i, (r->pend_count - i) * sizeof *r->pend);
        r->pend_count -= i;
    }
    return rc;
}

/* ---- Hyperscan ---- */

static int defer(scan_run *r, uint32_t id, uint64_t end, int is_lead)
{
    void *grown = r->deferred;
    if (ou_grow(&grown, &r->deferred_cap, r->deferred_count + 1, sizeof *r->deferred) < 0) {
        r->rc = ou_nomem(r->err);
        return 1;
    }
    r->deferred = grown;
    r->deferred[r->deferred_count++] = (scan_raw){end, id, (uint32_t)is_lead};
    return 0;
}

/* Walks back from `end` once for all the groups of a trigger: where each group's run of
 * chars starts, at most its walk_len back (what walk_back finds for each). */
static void walk_groups(const scan_run *r, const scan_trigger *t, uint64_t end, scan_walks *w)
{
    const outis_scanner *sc = r->sc;
    const unsigned char *p = (const unsigned char *)r->buf;
    size_t i = (size_t)(end - r->base);
    uint64_t alive = t->groups;
    for (size_t d = 0; alive != 0; d++, i--) {
        uint64_t keep = i > 0 ? alive & sc->byte_groups[p[i - 1]] & sc->len_groups[d] : 0;
        for (uint64_t dead = alive & ~keep; dead != 0; dead &= dead - 1) {
            w->stop[__builtin_ctzll(dead)] = r->base + i;
        }
        alive = keep;
    }
    w->have = t->groups;
}

static void dispatch(scan_run *r, uint32_t id, uint64_t end)
{
    const scan_trigger *t = &r->sc->triggers[id];
    /* the trigger matched the byte after its end too (compile_ended) */
    assert(at(r, end) < 0 || !scan_in(t->skip, (unsigned char)at(r, end)));
    scan_walks w;
    walk_groups(r, t, end, &w);
    /* a detector that walks back by its group gets the end only if the group's run is as
     * long as its shortest value (find_start would try no start); one that stops at its
     * keywords always */
    const outis_scanner *sc = r->sc;
    uint64_t dets = t->dets & ~t->walkers;
    for (uint64_t g = t->groups; g != 0; g &= g - 1) {
        const unsigned k = (unsigned)__builtin_ctzll(g);
        const uint64_t run = end - w.stop[k];
        dets |= t->dets & sc->group_dets[k] & sc->fits_len[run < SCAN_MAX_LEN ? run : SCAN_MAX_LEN];
    }
    for (; dets != 0; dets &= dets - 1) {
        process(r, (uint32_t)__builtin_ctzll(dets), end, &w);
    }
}

/* Whether the bytes after a trigger's or lead word's end are all known. */
static int is_ready(const scan_run *r, uint64_t end, int is_lead)
{
    return r->is_eof || end + (is_lead ? SCAN_LEAD_AHEAD : SCAN_LOOKAHEAD) <= r->base + r->len;
}

static void run_end(scan_run *r, uint32_t id, uint64_t end, int is_lead)
{
    if (is_lead) {
        process_lead(r, &r->sc->leads[id], end);
    } else {
        dispatch(r, id, end);
    }
}

/* Hyperscan's callbacks: an end is processed now, or deferred until the bytes after it are
 * known. */
static int on_end(scan_run *r, unsigned id, unsigned long long to, int is_lead)
{
    if (!is_ready(r, to, is_lead)) {
        return defer(r, id, to, is_lead);
    }
    run_end(r, id, to, is_lead);
    return r->rc < 0;
}

static int on_trigger(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                      void *ctx)
{
    (void)from, (void)flags;
    scan_run *r = ctx;
    const uint64_t raw = r->torigin + to, end = raw - (id & 1); /* 2k + 1: and the byte after */
    id >>= 1;
    if (raw <= r->tfloor || end > r->base + r->len) {
        return 0; /* reported already, or ends in the byte after the data (scan_window) */
    }
    if (r->ends != NULL) {
        void *grown = r->ends;
        if (ou_grow(&grown, &r->ends_cap, r->ends_count + 1, sizeof *r->ends) < 0) {
            r->rc = ou_nomem(r->err);
            return 1;
        }
        r->ends = grown;
        r->ends[r->ends_count++] = end << 8 | id;
        return 0;
    }
    return on_end(ctx, id, end, 0);
}

static int on_lead(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                   void *ctx)
{
    (void)from, (void)flags;
    const scan_run *r = ctx;
    return on_end(ctx, id, r->origin + to - r->sc->leads[id].tail, 1);
}

/* Processes the deferred ends whose following bytes are now known. */
static int run_deferred(scan_run *r)
{
    size_t kept = 0;
    for (size_t k = 0; k < r->deferred_count && r->rc == 0; k++) {
        scan_raw d = r->deferred[k];
        if (!is_ready(r, d.end, (int)d.is_lead)) {
            r->deferred[kept++] = d;
        } else {
            run_end(r, d.id, d.end, (int)d.is_lead);
        }
    }
    r->deferred_count = r->rc == 0 ? kept : 0;
    return r->rc;
}

/* Every end below the returned offset has been processed: candidates still to come start
 * after it less SCAN_MAX_LEN. */
static uint64_t watermark(const scan_run *r)
{
    uint64_t done = r->is_eof ? UINT64_MAX : r->base + r->len;
    done = r->tws < done ? r->tws : done; /* ends of the open window are still to come */
    for (size_t k = 0; k < r->deferred_count; k++) {
        done = r->deferred[k].end < done ? r->deferred[k].end : done;
    }
    return done;
}

/* Counts invalid UTF-8 in the new bytes; a character cut at the end waits for the next. The
 * vector check skips what is valid; the scalar one counts the bytes skipped as invalid. */
static void utf8_check(scan_run *r)
{
    uint64_t end = r->base + r->len < r->utf8_end ? r->base + r->len : r->utf8_end;
    int is_last = r->is_eof || end == r->utf8_end;
    while (r->utf8_off < end) {
        size_t avail = (size_t)(end - r->utf8_off);
        const char *p = r->buf + (r->utf8_off - r->base);
        size_t fast = scan_utf8_valid(p, avail, r->sc->simd);
        size_t window = avail - fast < 64 ? avail - fast : 64;
        size_t ok = utf8_valid_prefix(p + fast, window);
        r->utf8_off += fast + ok;
        if (ok > 0 || fast > 0) {
            continue;
        }
        if (!is_last && avail < 4) {
            return; /* perhaps a character cut by the end of the data */
        }
        r->stats.invalid_utf8++;
        r->utf8_off++;
    }
}

static int hs_fail(scan_run *r, hs_error_t e)
{
    if (r->rc < 0) {
        return r->rc; /* a callback stopped the scan and said why */
    }
    return e == HS_NOMEM ? ou_nomem(r->err)
                         : ou_err(r->err, OUTIS_EINTERNAL, "hyperscan error %d", (int)e);
}

/* ---- Trigger windows ----
 *
 * The trigger database runs in block mode on windows around the anchor bytes only (see
 * SCAN_REACH): a match starts at most one byte before its first anchor, its anchors are less
 * than 64 bytes apart, and it ends at most SCAN_REACH bytes after its last one. So a window
 * runs from one byte before an anchor to SCAN_REACH bytes after the last of the anchors that
 * follow one another within 64 bytes (or to the end of an e-mail address). In mixed Chinese
 * and English text with sparse numbers about 3% of the bytes are in a window
 * (bench/scan_bench.sh). Whatever the cut of a stream, the windows and so the ends reported
 * are the same. */

/* Windows this close are merged: anchors less than 64 bytes apart share a window. */
#define WINDOW_GAP (63 - SCAN_REACH)
/* A window that grows longer (a long run of digits) is scanned up to its latest anchor, and
 * the next one starts WINDOW_OVERLAP bytes before it, so that a match of up to SCAN_MAX_LEN
 * bytes across the cut is whole in one of them; ends reported already are not again. */
#define WINDOW_MAX 2048
#define WINDOW_OVERLAP (SCAN_MAX_LEN + 8)
/* An e-mail match longer than a value can be (SCAN_MAX_LEN) ends no finding: an '@' widens
 * its window over the address's characters by at most that much. */
_Static_assert(WINDOW_MAX + 64 + SCAN_MAX_LEN + WINDOW_OVERLAP + WINDOW_GAP + SCAN_MAX_LEN +
                       SCAN_CONTEXT_BEFORE + 2 <=
                   SCAN_KEEP,
               "a stream keeps the open window and what its candidates may reach back to");

static int is_email_char(int c)
{
    return c == '-' || c == '.' || (c >= '0' && c <= '9') ||
           ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The anchors of the n <= 64 bytes at p, a bit each, and in *at the '@'s: the last bytes of a
 * piece. */
static uint64_t anchor_tail(const char *p, size_t n, uint64_t *at)
{
    uint64_t m = 0, a = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        m |= (uint64_t)((c >= '0' && c <= '9') || c == '@' || c == '<' || c == ':') << i;
        a |= (uint64_t)(c == '@') << i;
    }
    *at = a;
    return m;
}

/* The anchor bytes (a digit, '@', '<' or ':') of n blocks of 64 bytes at p, a bit each in m[],
 * and the '@'s in at[]. One loop per kind of vector, so that the compares stay in it. */
static void anchor_masks_sse2(const char *p, size_t n, uint64_t *m, uint64_t *at)
{
#if defined(__SSE2__)
    const __m128i below = _mm_set1_epi8('0' - 1), above = _mm_set1_epi8('9' + 1);
    const __m128i arobase = _mm_set1_epi8('@'), lt = _mm_set1_epi8('<'), colon = _mm_set1_epi8(':');
    for (size_t k = 0; k < n; k++) {
        uint64_t mk = 0, ak = 0;
        for (int q = 0; q < 4; q++) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 64 * k + 16 * q));
            __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, below), _mm_cmpgt_epi8(above, v));
            __m128i is_at = _mm_cmpeq_epi8(v, arobase);
            __m128i other =
                _mm_or_si128(is_at, _mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, colon)));
            mk |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_or_si128(digit, other)) << (16 * q);
            ak |= (uint64_t)(uint32_t)_mm_movemask_epi8(is_at) << (16 * q);
        }
        m[k] = mk, at[k] = ak;
    }
#else
    for (size_t k = 0; k < n; k++) {
        m[k] = anchor_tail(p + 64 * k, 64, &at[k]);
    }
#endif
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2"))) static void anchor_masks_avx2(const char *p, size_t n, uint64_t *m,
                                                              uint64_t *at)
{
    const __m256i below = _mm256_set1_epi8('0' - 1), above = _mm256_set1_epi8('9' + 1);
    const __m256i arobase = _mm256_set1_epi8('@'), lt = _mm256_set1_epi8('<');
    const __m256i colon = _mm256_set1_epi8(':');
    for (size_t k = 0; k < 2 * n; k++) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32 * k));
        __m256i digit = _mm256_and_si256(_mm256_cmpgt_epi8(v, below), _mm256_cmpgt_epi8(above, v));
        __m256i is_at = _mm256_cmpeq_epi8(v, arobase);
        __m256i other = _mm256_or_si256(
            is_at, _mm256_or_si256(_mm256_cmpeq_epi8(v, lt), _mm256_cmpeq_epi8(v, colon)));
        uint64_t mk = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(digit, other));
        uint64_t ak = (uint32_t)_mm256_movemask_epi8(is_at);
        if (k % 2 == 0) {
            m[k / 2] = mk, at[k / 2] = ak;
        } else {
            m[k / 2] |= mk << 32, at[k / 2] |= ak << 32;
        }
    }
}

__attribute__((target("avx512f,avx512bw"))) static void
anchor_masks_avx512(const char *p, size_t n, uint64_t *m, uint64_t *at)
{
    const __m512i zero = _mm512_set1_epi8('0'), ten = _mm512_set1_epi8(10);
    const __m512i arobase = _mm512_set1_epi8('@'), lt = _mm512_set1_epi8('<');
    const __m512i colon = _mm512_set1_epi8(':');
    for (size_t k = 0; k < n; k++) {
        const __m512i v = _mm512_loadu_si512((const void *)(p + 64 * k));
        const __mmask64 is_at = _mm512_cmpeq_epi8_mask(v, arobase);
        at[k] = is_at;
        m[k] = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, zero), ten) | is_at |
               _mm512_cmpeq_epi8_mask(v, lt) | _mm512_cmpeq_epi8_mask(v, colon);
    }
}
#endif

static void anchor_masks(const char *p, size_t n, uint64_t *m, uint64_t *at, int simd)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (simd == SCAN_SIMD_AVX512) {
        anchor_masks_avx512(p, n, m, at);
        return;
    }
    if (simd == SCAN_SIMD_AVX2) {
        anchor_masks_avx2(p, n, m, at);
        return;
    }
#else
    (void)simd;
#endif
    anchor_masks_sse2(p, n, m, at);
}

/* Scans the trigger database over [tws, to) and the byte after, where the ends of the
 * window's triggers are (compile_ended); at the end of the data, over a copy of the window
 * with a line end after it (a byte outside every skip). */
static int scan_window(scan_run *r, hs_scratch_t *scratch, uint64_t to)
{
    assert(r->base <= r->tws && r->tws <= to && to <= r->base + r->len);
    const char *p = r->buf + (r->tws - r->base);
    size_t n = (size_t)(to - r->tws);
    r->window_bytes += n;
    if (to < r->base + r->len) {
        n++;
    } else {
        if (!r->is_eof) { /* a window is scanned before the data's end only if complete */
            return ou_err(r->err, OUTIS_EINTERNAL, "trigger window at the end of the data known");
        }
        void *grown = r->tail;
        if (ou_grow(&grown, &r->tail_cap, n + 1, 1) < 0) {
            return ou_nomem(r->err);
        }
        r->tail = grown;
        memcpy(r->tail, p, n);
        r->tail[n++] = '\n';
        p = r->tail;
    }
    r->torigin = r->tws;
    hs_error_t e = hs_scan(r->sc->block_db, p, (unsigned)n, 0, scratch, on_trigger, r);
    return e != HS_SUCCESS ? hs_fail(r, e) : r->rc;
}

/* The anchors of 64 bytes, the first at `first` and the last at `last`, the '@'s at b plus
 * the bits of `ats` (before `end`, the end of the bytes known): they open a window or widen
 * the open one; a window they cannot join is scanned first, and one grown too long is cut. */
static int add_anchors(scan_run *r, hs_scratch_t *scratch, uint64_t first, uint64_t last,
                       uint64_t b, uint64_t ats, uint64_t end)
{
    int rc = 0;
    if (r->tws != UINT64_MAX && first > r->twe + WINDOW_GAP) {
        rc = scan_window(r, scratch, r->twe);
        r->tws = UINT64_MAX;
    }
    if (r->tws == UINT64_MAX) {
        r->tws = first > r->base ? first - 1 : r->base;
        r->twe = last + SCAN_REACH;
    } else if (last + SCAN_REACH > r->twe) {
        r->twe = last + SCAN_REACH;
    }
    for (; ats != 0; ats &= ats - 1) {
        const uint64_t a = b + (uint64_t)__builtin_ctzll(ats), stop = a + 1 + SCAN_MAX_LEN;
        uint64_t q = a + 1;
        while (q < end && q < stop && is_email_char(at(r, q))) {
            q++;
        }
        q = q == end && !r->is_eof ? stop : q; /* the address may go on past the bytes known */
        r->twe = q > r->twe ? q : r->twe;
    }
    if (rc == 0 && r->twe - r->tws > WINDOW_MAX && last - r->tws > WINDOW_OVERLAP) {
        rc = scan_window(r, scratch, last);
        r->tfloor = last + 1; /* the matches scanned: they end at or before the byte after */
        r->tws = last - WINDOW_OVERLAP;
    }
    return rc;
}

/* Looks for anchors in the bytes not yet looked at and scans the windows that nothing more
 * can join; at the end of the input, the last one too. */
static int trigger_windows(scan_run *r, hs_scratch_t *scratch)
{
    if (r->sc->block_db == NULL) {
        return 0;
    }
    const uint64_t end = r->base + r->len;
    int rc = 0;
    enum { BATCH = 64 }; /* blocks of 64 bytes whose masks are found at once */
    uint64_t m[BATCH], ats[BATCH];
    for (uint64_t b = r->tnext; b < end && rc == 0;) {
        size_t blocks = (size_t)((end - b) / 64) < BATCH ? (size_t)((end - b) / 64) : BATCH;
        const char *p = r->buf + (b - r->base);
        if (blocks > 0) {
            anchor_masks(p, blocks, m, ats, r->sc->simd);
        } else {
            m[0] = anchor_tail(p, (size_t)(end - b), &ats[0]), blocks = 1;
        }
        for (size_t k = 0; k < blocks && rc == 0; k++, b += 64) {
            if (m[k] != 0) {
                rc = add_anchors(r, scratch, b + (uint64_t)__builtin_ctzll(m[k]),
                                 b + 63 - (uint64_t)__builtin_clzll(m[k]), b, ats[k], end);
            }
        }
    }
    r->tnext = end;
    if (rc == 0 && r->tws != UINT64_MAX && (r->is_eof || r->twe + WINDOW_GAP < end)) {
        rc = scan_window(r, scratch, r->twe < end ? r->twe : end);
        r->tws = UINT64_MAX;
    }
    return rc;
}

/* Scans the new bytes buf[old, len) of a run (the triggers in windows, the lead words as a
 * stream), then emits what no later candidate can reach, and what starts before `before`. */
static int scan_piece(scan_run *r, hs_stream_t *lead_hs, hs_scratch_t *scratch, size_t old,
                      uint64_t before)
{
    utf8_check(r);
    int rc = run_deferred(r);
    unsigned n = (unsigned)(r->len - old);
    hs_error_t e = HS_SUCCESS;
    if (rc == 0 && n > 0) {
        rc = trigger_windows(r, scratch);
    }
    if (rc == 0 && n > 0 && lead_hs != NULL) {
        e = hs_scan_stream(lead_hs, r->buf + old, n, 0, scratch, on_lead, r);
    }
    rc = rc < 0 ? rc : e != HS_SUCCESS ? hs_fail(r, e) : r->rc;
    return rc < 0 ? rc : flush(r, watermark(r), before);
}

/* Ends a run (closing its lead word stream whatever happens) and emits the last findings. */
static int scan_end(scan_run *r, hs_stream_t *lead_hs, hs_scratch_t *scratch, int rc)
{
    hs_error_t e = HS_SUCCESS;
    r->is_eof = 1;
    if (rc == 0) {
        utf8_check(r);
        rc = run_deferred(r);
    }
    if (rc == 0) {
        rc = trigger_windows(r, scratch);
    }
    if (lead_hs != NULL) {
        e = hs_close_stream(lead_hs, rc == 0 ? scratch : NULL, rc == 0 ? on_lead : NULL, r);
    }
    if (rc == 0 && e != HS_SUCCESS) {
        rc = hs_fail(r, e);
    }
    return rc < 0 ? rc : r->rc < 0 ? r->rc : flush(r, UINT64_MAX, 0);
}

static int open_lead_stream(const outis_scanner *sc, hs_stream_t **lead_hs, scan_run *r)
{
    hs_error_t e = HS_SUCCESS;
    if (sc->lead_stream_db != NULL) {
        e = hs_open_stream(sc->lead_stream_db, 0, lead_hs);
    }
    return e == HS_SUCCESS ? 0 : hs_fail(r, e);
}

int scan_trigger_ends(uint64_t **ends, size_t *count, uint64_t *window_bytes,
                      const outis_scanner *sc, const char *buf, size_t len, int full,
                      outis_error *err)
{
    scan_run r;
    run_init(&r, sc, "", NULL, NULL, err);
    r.buf = buf;
    r.len = len;
    r.is_eof = 1;
    r.ends_cap = 1;
    r.ends = ou_malloc(sizeof *r.ends); /* not NULL: on_trigger keeps the ends */
    hs_scratch_t *scratch = NULL;
    int rc = r.ends == NULL ? ou_nomem(err) : scan_scratch_get(sc, &scratch, err);
    if (rc == 0 && full) {
        r.tws = 0; /* one window: every byte */
        rc = scan_window(&r, scratch, len);
    } else if (rc == 0) {
        rc = trigger_windows(&r, scratch);
    }
    scan_scratch_put(sc, scratch);
    run_free(&r);
    if (rc < 0) {
        ou_free(r.ends);
        return rc;
    }
    *ends = r.ends;
    *count = r.ends_count;
    if (window_bytes != NULL) {
        *window_bytes = r.window_bytes;
    }
    return 0;
}

/* ---- Buffers ---- */

static int scan_block(scan_run *r, hs_scratch_t *scratch)
{
    const outis_scanner *sc = r->sc;
    const char *data = r->buf ? r->buf : "";
    hs_error_t e = HS_SUCCESS;
    utf8_check(r);
    int rc = trigger_windows(r, scratch);
    if (rc == 0 && sc->lead_block_db != NULL) {
        e = hs_scan(sc->lead_block_db, data, (unsigned)r->len, 0, scratch, on_lead, r);
    }
    rc = rc < 0 ? rc : e != HS_SUCCESS ? hs_fail(r, e) : r->rc;
    return rc < 0 ? rc : flush(r, UINT64_MAX, 0);
}

/* A long buffer: a stream of pieces of it, read in place. */
static int scan_pieces(scan_run *r, hs_scratch_t *scratch, size_t len)
{
    hs_stream_t *lead_hs = NULL;
    int rc = open_lead_stream(r->sc, &lead_hs, r);
    r->is_eof = 0;
    for (size_t off = 0; off < len && rc == 0; off += SCAN_BLOCK_MAX) {
        r->len = off + (len - off < SCAN_BLOCK_MAX ? len - off : SCAN_BLOCK_MAX);
        rc = scan_piece(r, lead_hs, scratch, off, 0);
    }
    return scan_end(r, lead_hs, scratch, rc);
}

int outis_scan_buffer(outis_scan_stats *stats, const outis_scanner *sc, const char *data,
                      size_t len, const char *name, outis_finding_cb cb, void *payload,
                      outis_error *err)
{
    if (sc == NULL || (data == NULL && len > 0)) {
        return ou_err(err, OUTIS_EINVAL, "no scanner or no data");
    }
    scan_run r;
    run_init(&r, sc, name ? name : "", cb, payload, err);
    r.buf = data;
    r.len = len;
    r.is_eof = 1;
    r.stats.bytes = len;
    hs_scratch_t *scratch = NULL;
    int rc = scan_scratch_get(sc, &scratch, err);
    if (rc == 0) {
        rc = len <= SCAN_BLOCK_MAX ? scan_block(&r, scratch) : scan_pieces(&r, scratch, len);
    }
    scan_scratch_put(sc, scratch);
    if (stats != NULL) {
        scan_stats_add(stats, &r.stats);
    }
    run_free(&r);
    if (rc < 0) {
        ou_err_source(err, r.name);
    }
    return rc;
}

/* ---- Streams ---- */

int outis_scan_stream_open(outis_scan_stream **out, const outis_scanner *sc, const char *name,
                           outis_finding_cb cb, void *payload, outis_error *err)
{
    if (out == NULL || sc == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no scanner or no output stream");
    }
    *out = NULL;
    outis_scan_stream *st = ou_calloc(1, sizeof *st);
    if (st == NULL) {
        return ou_nomem(err);
    }
    run_init(&st->run, sc, name ? name : "", cb, payload, err);
    st->cap = SCAN_KEEP + sc->chunk_size;
    st->win = ou_malloc(st->cap);
    st->run.buf = st->win;
    int rc = st->win ? scan_scratch_get(sc, &st->scratch, err) : ou_nomem(err);
    if (rc == 0) {
        rc = open_lead_stream(sc, &st->lead_hs, &st->run);
    }
    if (rc < 0) {
        st->is_failed = 1;
        outis_scan_stream_close(st, NULL, NULL);
        return rc;
    }
    *out = st;
    return 0;
}

int scan_stream_open_at(outis_scan_stream **out, const outis_scanner *sc, const char *name,
                        uint64_t base, uint64_t utf8_from, uint64_t utf8_to, outis_finding_cb cb,
                        void *payload, outis_error *err)
{
    assert(base <= utf8_from && utf8_from <= utf8_to);
    int rc = outis_scan_stream_open(out, sc, name, cb, payload, err);
    if (rc == 0) {
        scan_run *r = &(*out)->run;
        r->base = r->line_off = r->line_start = r->emitted_end = r->origin = r->tnext = base;
        r->utf8_off = utf8_from;
        r->utf8_end = utf8_to;
    }
    return rc;
}

void scan_stream_room(outis_scan_stream *st, char **dst, size_t *room)
{
    scan_run *r = &st->run;
    size_t want = r->sc->chunk_size < SCAN_KEEP ? r->sc->chunk_size : SCAN_KEEP;
    if (st->cap - r->len < want) {
        size_t keep = r->len < SCAN_KEEP ? r->len : SCAN_KEEP;
        uint64_t base = r->base + (r->len - keep);
        /* what is still to be reported lies in the bytes kept (scan_stream_commit) */
        assert(r->pend_count == 0 || r->pend[0].start >= base);
        assert(watermark(r) >= base + SCAN_MAX_LEN + SCAN_CONTEXT_BEFORE + 2);
        lines_to(r, base);
        memmove(st->win, st->win + (r->len - keep), keep);
        r->base = base;
        r->len = keep;
    }
    *dst = st->win + r->len;
    *room = st->cap - r->len;
}

int scan_stream_commit(outis_scan_stream *st, size_t n, outis_error *err)
{
    scan_run *r = &st->run;
    r->err = err;
    if (st->is_failed) {
        return ou_err(err, OUTIS_EINVAL, "the stream failed before");
    }
    assert(n <= st->cap - r->len);
    size_t old = r->len;
    r->len += n;
    r->stats.bytes += n;
    /* the next move of the buffer keeps at least its last SCAN_KEEP bytes */
    uint64_t kept = r->len > SCAN_KEEP ? r->base + r->len - SCAN_KEEP : 0;
    int rc = scan_piece(r, st->lead_hs, st->scratch, old, kept);
    if (rc < 0) {
        st->is_failed = 1;
        ou_err_source(err, r->name);
    }
    return rc;
}

int outis_scan_stream_write(outis_scan_stream *st, const char *data, size_t len, outis_error *err)
{
    if (st == NULL || (data == NULL && len > 0)) {
        return ou_err(err, OUTIS_EINVAL, "no stream or no data");
    }
    while (len > 0) {
        char *dst;
        size_t room;
        scan_stream_room(st, &dst, &room);
        size_t n = len < room ? len : room;
        memcpy(dst, data, n);
        int rc = scan_stream_commit(st, n, err);
        if (rc < 0) {
            return rc;
        }
        data += n;
        len -= n;
    }
    return 0;
}

int outis_scan_stream_close(outis_scan_stream *st, outis_scan_stats *stats, outis_error *err)
{
    if (st == NULL) {
        return 0;
    }
    scan_run *r = &st->run;
    r->err = err;
    int rc = scan_end(r, st->lead_hs, st->scratch, st->is_failed ? OUTIS_EINVAL : 0);
    if (st->is_failed) {
        rc = 0; /* the error was returned when it happened */
    } else if (rc < 0) {
        ou_err_source(err, r->name);
    }
    if (stats != NULL) {
        scan_stats_add(stats, &r->stats);
    }
    scan_scratch_put(r->sc, st->scratch);
    run_free(r);
    ou_free(st->win);
    ou_free(st);
    return rc;
}

void scan_stats_add(outis_scan_stats *to, const outis_scan_stats *from)
{
    to->bytes += from->bytes;
    to->files += from->files;
    to->files_binary += from->files_binary;
    to->files_unreadable += from->files_unreadable;
    to->files_invalid_utf8 += from->files_invalid_utf8;
    to->invalid_utf8 += from->invalid_utf8;
    to->findings += from->findings;
    for (size_t i = 0; i < OUTIS_SCAN_MAX_ENTITIES; i++) {
        to->by_entity[i] += from->by_entity[i];
    }
}
