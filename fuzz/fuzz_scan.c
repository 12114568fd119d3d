/* fuzz_scan.c - the text scanner on arbitrary bytes: the findings of one block scan and of a
 * stream fed in pieces (their size taken from the input's first byte) must be the same, each
 * inside the text, in increasing offset, with a confidence in [0, 1] and a NUL-terminated
 * preview; and outis_scan_value must accept any cell. */
#include <outis.h>

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct seen {
    outis_finding f[256];
    size_t n, total, len;
    uint64_t last;
} seen;

static int collect(const outis_finding *f, void *payload)
{
    seen *s = payload;
    if (f->offset + f->length > s->len || f->length == 0 || f->offset < s->last ||
        !(f->confidence >= 0 && f->confidence <= 1) ||
        memchr(f->preview, '\0', sizeof f->preview) == NULL) {
        abort();
    }
    s->last = f->offset;
    if (s->n < 256) {
        s->f[s->n++] = *f;
    }
    s->total++;
    return 0;
}

static int same(const outis_finding *a, const outis_finding *b)
{
    return a->entity == b->entity && a->offset == b->offset && a->length == b->length &&
           a->line == b->line && a->column == b->column && a->confidence == b->confidence &&
           strcmp(a->preview, b->preview) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static outis_scanner *sc;
    outis_error err;
    if (sc == NULL) {
        outis_scanner_options o = OUTIS_SCANNER_OPTIONS_INIT;
        o.today = 20261123; /* fixed: the verdicts must not depend on the day */
        if (outis_scanner_new(&sc, &o, &err) < 0) {
            abort();
        }
    }
    if (size == 0) {
        return 0;
    }
    const size_t piece = (size_t)data[0] % 64 + 1;
    const char *text = (const char *)data + 1;
    const size_t len = size - 1;
    static seen a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.len = b.len = len;
    if (outis_scan_buffer(NULL, sc, text, len, "block", collect, &a, &err) < 0) {
        abort();
    }
    outis_scan_stream *st = NULL;
    if (outis_scan_stream_open(&st, sc, "stream", collect, &b, &err) < 0) {
        abort();
    }
    for (size_t at = 0; at < len; at += piece) {
        if (outis_scan_stream_write(st, text + at, len - at < piece ? len - at : piece, &err) < 0) {
            abort();
        }
    }
    if (outis_scan_stream_close(st, NULL, &err) < 0 || a.total != b.total) {
        abort();
    }
    for (size_t i = 0; i < a.n; i++) {
        if (!same(&a.f[i], &b.f[i])) {
            abort();
        }
    }
    outis_value_match m[8];
    (void)outis_scan_value(m, 8, sc, text, len < 256 ? len : 256);
    return 0;
}
