/* csv_read.c - the block loop of the CSV reader: fill a block, cut it into pieces at row
 * boundaries, parse the pieces in parallel (csv_parse.c), merge the workers' new dictionary
 * entries into the table's dictionaries, and copy the rows into the columns. */
#define _GNU_SOURCE
#include "csv_int.h"

#include "util/alloc.h"
#include "util/bytes.h"
#include "util/error_int.h"
#include "util/parallel.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define BLOCK_SIZE (16u << 20)
#define SNIFF_BYTES 65536      /* the delimiter is sniffed from this much */
#define DICT_KEEP 65536        /* larger worker dictionaries are reset after each block */
#define SMALL_PIECE (1u << 18) /* below this a block is parsed by one worker */

static const char *const default_na[] = {"", "NA", "NULL"};

typedef struct reader {
    source *src;
    csv_cfg cfg;
    const outis_csv_options *opts;
    char *buf; /* the current window: into own, or into the mapped file */
    size_t cap, len;
    char *own;              /* our buffer (cap + CSV_PAD bytes) */
    const char *map;        /* the mapped file, or NULL to read() into own */
    size_t map_len, window; /* mapped: the window's length before the last row boundary */
    size_t released;        /* mapped: bytes given back with MADV_DONTNEED */
    int *merge_rc;          /* [ncols] errors of phase_merge */
    uint8_t *is_hashed;     /* [ncols] columns kept as hashes, or NULL */
    int is_eof;
    uint64_t lines_before; /* newlines before buf[0] */
    uint64_t offset;       /* UTF-8 byte offset of buf[0] */
    unsigned nthreads;
    size_t small_piece, block;
    csv_worker *w;
    csv_data *out;
    const csv_sink *sink; /* told of each block's rows, or NULL */
} reader;

/* A mapped file is parsed in place, a window at a time, except its end, which is copied so
 * that a newline can end it and the tokenizer's 16-byte loads stay in bounds. */
static int fill_mapped(reader *r, outis_error *err)
{
    size_t remain = r->map_len - (size_t)r->offset;
    if (remain > r->window + CSV_PAD) {
        r->buf = (char *)(uintptr_t)(r->map + r->offset); /* never written through */
        r->len = r->window;
        r->is_eof = 0;
    } else {
        if (r->cap < remain + 1) {
            char *bigger = ou_malloc(remain + 1 + CSV_PAD);
            if (bigger == NULL) {
                return ou_nomem(err);
            }
            ou_free(r->own);
            r->own = bigger;
            r->cap = remain + 1;
        }
        memcpy(r->own, r->map + r->offset, remain);
        memset(r->own + remain, 0, CSV_PAD / 2);
        r->buf = r->own;
        r->len = remain;
        r->is_eof = 1;
    }
    r->src->raw_done = r->offset + r->len;
    return 0;
}

/* Drops the parsed part of a mapped file from this process (the page cache keeps it), so the
 * resident size stays that of the table, not of the file. */
static void release_mapped(reader *r)
{
    const size_t page = 4096;
    size_t end = (size_t)r->offset / page * page;
    if (end > r->released) {
        madvise((void *)(uintptr_t)(r->map + r->released), end - r->released, MADV_DONTNEED);
        r->released = end;
    }
}

static int fill(reader *r, outis_error *err)
{
    if (r->map != NULL) {
        return fill_mapped(r, err);
    }
    /* Keep room for the final newline and for one whole UTF-8 character (4 bytes) of converted
     * input: with less, a conversion could produce nothing, which would read as the end. */
    while (!r->is_eof && r->len + 1 + 4 < r->cap) {
        size_t got;
        int rc = source_read(r->src, r->buf + r->len, r->cap - r->len - 1, &got, err);
        if (rc < 0) {
            return rc;
        }
        r->is_eof = got == 0;
        r->len += got;
    }
    memset(r->buf + r->len, 0, CSV_PAD / 2); /* read-ahead stays on defined bytes */
    return 0;
}

/* End of the last complete row in buf[0..n): just after a newline preceded by an even number
 * of quotes since buf[0] (a row boundary), or 0 if there is none. */
static size_t last_boundary(const char *b, size_t n)
{
    size_t quotes = bytes_count(b, n, '"'), after = 0;
    for (size_t i = n; i-- > 0;) {
        if (b[i] == '"') {
            after++;
        } else if (b[i] == '\n' && (quotes - after) % 2 == 0) {
            return i + 1;
        }
    }
    return 0;
}

/* Cuts buf[start..limit) into one piece per worker. Speculatively, each cut follows the
 * first newline after an even share of the bytes, which is a row boundary unless it falls
 * inside quotes; a piece that then ends inside quotes tells so, and the block is cut again
 * by quote parity (a newline is a boundary iff an even number of quotes precede it). */
static unsigned split(reader *r, size_t start, size_t limit, int by_parity)
{
    unsigned n = r->nthreads;
    if (limit - start < r->small_piece * (size_t)n) {
        n = 1;
    }
    for (unsigned t = 0; t < r->nthreads; t++) {
        size_t stop = limit;
        if (t + 1 < n) {
            size_t i = start + (limit - start) / (n - t);
            if (!by_parity) {
                const char *nl = memchr(r->buf + i, '\n', limit - i);
                i = nl ? (size_t)(nl - r->buf) + 1 : limit;
            } else {
                int odd = (int)(bytes_count(r->buf + start, i - start, '"') & 1);
                for (; i < limit; i++) {
                    if (r->buf[i] == '"') {
                        odd = !odd;
                    } else if (r->buf[i] == '\n' && !odd) {
                        i++;
                        break;
                    }
                }
            }
            stop = i;
        } else if (t >= n) {
            stop = start;
        }
        r->w[t].begin = r->buf + start;
        r->w[t].end = r->buf + stop;
        r->w[t].nrows = r->w[t].skipped = r->w[t].newlines = 0; /* workers past n idle */
        r->w[t].rc = 0;
        r->w[t].err_pos = NULL;
        start = stop;
    }
    return n;
}

/* Whether piece t ended inside quotes (so its end was no row boundary). */
static int ended_in_quotes(const csv_worker *w)
{
    return w->rc == OUTIS_EPARSE && strcmp(w->err.message, CSV_UNTERMINATED) == 0;
}

/* The last piece with any bytes (the cuts may leave the last ones empty). */
static unsigned last_piece(const reader *r, unsigned n)
{
    unsigned last = 0;
    for (unsigned t = 0; t < n; t++) {
        last = r->w[t].begin < r->w[t].end ? t : last;
    }
    return last;
}

/* Forgets what the workers' dictionaries learnt from a wrongly cut block. */
static void rollback(reader *r)
{
    for (unsigned t = 0; t < r->nthreads; t++) {
        for (size_t c = 0; c < r->cfg.ncols; c++) {
            dict_truncate(&r->w[t].dicts[c], r->w[t].merged[c]);
        }
    }
}

static void phase_parse(void *ctx, size_t t, unsigned thread)
{
    reader *r = ctx;
    (void)thread;
    if (r->w[t].begin < r->w[t].end) {
        csv_parse_piece(&r->w[t]);
    } else {
        r->w[t].nrows = r->w[t].skipped = r->w[t].newlines = 0;
        r->w[t].rc = 0;
    }
}

/* Gives the new local codes of every worker a table code, for column c. */
static void phase_merge(void *ctx, size_t c, unsigned thread)
{
    reader *r = ctx;
    (void)thread;
    csv_data *out = r->out;
    dict *g = &out->cols[c].dict; /* errors go to merge_rc[c]: one writer each */
    if (out->cols[c].hashes != NULL) {
        return; /* hashes need no dictionary */
    }
    for (unsigned k = 0; k < r->nthreads; k++) {
        csv_worker *w = &r->w[k];
        dict *d = &w->dicts[c];
        if (ou_grow((void **)&w->remap[c], &w->remap_cap[c], d->count, sizeof **w->remap) < 0) {
            r->merge_rc[c] = OUTIS_ENOMEM;
            return;
        }
        for (size_t l = w->merged[c]; l < d->count; l++) {
            const dict_entry *e = &d->entries[l];
            uint32_t code;
            if (e->is_missing && g->missing != DICT_NONE) {
                code = g->missing;
            } else {
                uint64_t h = e->hash;
                code = e->is_missing ? DICT_NONE : dict_find(g, e->ptr, e->len, h);
                if (code == DICT_NONE) {
                    code = dict_add(g, e->ptr, e->len, h, 0);
                    if (code == DICT_NONE) {
                        r->merge_rc[c] = OUTIS_ENOMEM;
                        return;
                    }
                    if (e->is_missing) {
                        g->entries[code].is_missing = 1;
                        g->missing = code;
                    }
                }
            }
            w->remap[c][l] = code;
        }
        w->merged[c] = d->count;
        /* A column with many distinct values would be kept twice (here and in the table):
         * start this worker's dictionary afresh; the table's entries still point into
         * its strings, which are kept. Few distinct values stay, so they are not merged
         * again. */
        if (d->count > DICT_KEEP) {
            arena_take(&w->retired[c], &d->strings);
            dict_free(d);
            if (dict_init(d, 64) < 0) {
                r->merge_rc[c] = OUTIS_ENOMEM;
                return;
            }
            w->merged[c] = 0;
        }
    }
}

static void phase_copy(void *ctx, size_t t, unsigned thread)
{
    reader *r = ctx;
    (void)thread;
    csv_worker *w = &r->w[t];
    const size_t ncols = r->out->ncols;
    for (size_t c = 0; c < ncols && w->nrows > 0; c++) { /* no rows: codes may be NULL */
        if (r->out->cols[c].hashes != NULL) {
            memcpy(r->out->cols[c].hashes + w->row_base, w->hcols[c],
                   w->nrows * sizeof *w->hcols[c]);
            continue;
        }
        uint32_t *dst = r->out->cols[c].codes + w->row_base;
        const uint32_t *map = w->remap[c];
        const uint32_t *src = w->cols[c];
        for (size_t i = 0; i < w->nrows; i++) {
            dst[i] = map[src[i]];
        }
    }
}

static const char utf8_hint[] = "(use --encoding for other encodings, e.g. gb18030)";

static int fail_at(reader *r, csv_worker *w, outis_error *err)
{
    if (err != NULL) {
        uint64_t column = w->err.column;
        *err = w->err;
        if (w->err_pos != NULL) {
            size_t off = (size_t)(w->err_pos - r->buf);
            ou_err_at(err, r->lines_before + bytes_count(r->buf, off, '\n') + 1, column,
                      r->offset + off);
        }
        if (w->is_utf8_error) {
            if (w->err_pos != NULL) {
                snprintf(err->message, sizeof err->message, "invalid UTF-8 at byte offset %llu %s",
                         (unsigned long long)err->offset, utf8_hint);
            } else {
                snprintf(err->message, sizeof err->message, "invalid UTF-8 %s", utf8_hint);
            }
        }
    }
    return w->rc;
}

static int init_workers(reader *r, outis_error *err)
{
    const size_t ncols = r->cfg.ncols;
    r->w = ou_calloc(r->nthreads, sizeof *r->w);
    if (r->w == NULL) {
        return ou_nomem(err);
    }
    for (unsigned t = 0; t < r->nthreads; t++) {
        csv_worker *w = &r->w[t];
        w->cfg = &r->cfg;
        w->dicts = ou_calloc(ncols, sizeof *w->dicts);
        w->remap = ou_calloc(ncols, sizeof *w->remap);
        w->remap_cap = ou_calloc(ncols, sizeof *w->remap_cap);
        w->merged = ou_calloc(ncols, sizeof *w->merged);
        w->retired = ou_calloc(ncols ? ncols : 1, sizeof *w->retired);
        w->row = ou_mallocarray(ncols + 1, sizeof *w->row);
        w->cols = ou_calloc(ncols ? ncols : 1, sizeof *w->cols);
        w->hcols = ou_calloc(ncols ? ncols : 1, sizeof *w->hcols);
        w->hrow = ou_mallocarray(ncols + 1, sizeof *w->hrow);
        if (!w->dicts || !w->remap || !w->remap_cap || !w->merged || !w->row || !w->cols ||
            !w->retired || !w->hcols || !w->hrow) {
            return ou_nomem(err);
        }
        for (size_t c = 0; c < ncols; c++) {
            if (dict_init(&w->dicts[c], 64) < 0) {
                return ou_nomem(err);
            }
        }
    }
    return 0;
}

/* Moves the workers' string arenas into the table and frees the rest of them. */
static int free_workers(reader *r, int keep_arenas)
{
    const size_t ncols = r->cfg.ncols;
    int rc = 0;
    if (r->w == NULL) {
        return 0;
    }
    if (keep_arenas) {
        r->out->arenas = ou_calloc((size_t)r->nthreads * ncols, sizeof *r->out->arenas);
        rc = r->out->arenas == NULL ? OUTIS_ENOMEM : 0;
    }
    for (unsigned t = 0; t < r->nthreads; t++) {
        csv_worker *w = &r->w[t];
        for (size_t c = 0; w->dicts != NULL && c < ncols; c++) {
            if (w->retired != NULL) {
                arena_take(&w->dicts[c].strings, &w->retired[c]);
            }
            if (keep_arenas && rc == 0) {
                r->out->arenas[r->out->narenas++] = w->dicts[c].strings;
                memset(&w->dicts[c].strings, 0, sizeof w->dicts[c].strings);
            }
            dict_free(&w->dicts[c]);
            if (w->remap != NULL) {
                ou_free(w->remap[c]);
            }
            if (w->cols != NULL) {
                ou_free(w->cols[c]);
            }
            if (w->hcols != NULL) {
                ou_free(w->hcols[c]);
            }
        }
        ou_free(w->dicts);
        ou_free(w->remap);
        ou_free(w->remap_cap);
        ou_free(w->merged);
        ou_free(w->retired);
        ou_free(w->row);
        ou_free(w->cols);
        ou_free(w->hcols);
        ou_free(w->hrow);
        ou_free(w->scratch);
    }
    ou_free(r->w);
    r->w = NULL;
    return rc;
}

#define START_MORE 1 /* start(): the header is not in the buffer yet */

/* Reads the header from the first block, sniffing the delimiter if needed. */
static int start(reader *r, size_t *pos, outis_error *err)
{
    const outis_csv_options *o = r->opts;
    if (r->len >= 3 && memcmp(r->buf, "\xef\xbb\xbf", 3) == 0) {
        *pos = 3;
    }
    size_t p = *pos;
    for (;;) { /* blank lines before the header */
        if (p < r->len && r->buf[p] == '\n') {
            p++;
        } else if (p + 1 < r->len && r->buf[p] == '\r' && r->buf[p + 1] == '\n') {
            p += 2;
        } else {
            break;
        }
    }
    if (p == r->len || (r->len - p == 1 && r->buf[p] == '\r')) {
        if (!r->is_eof) {
            return START_MORE; /* only blank lines so far */
        }
        return ou_err(err, OUTIS_EPARSE, "empty file (expected a header row)");
    }
    *pos = p;
    char delim = o->delimiter;
    if (delim == 0) {
        size_t n = r->len - *pos;
        delim = csv_sniff(r->buf + *pos, n < SNIFF_BYTES ? n : SNIFF_BYTES);
    }
    if (delim == '"' || delim == '\n' || delim == '\r') {
        return ou_err(err, OUTIS_EINVAL, "the delimiter cannot be a quote or a line break");
    }
    csv_cfg_from(&r->cfg, delim, o);
    r->out->delimiter = delim;
    return 0;
}

void csv_cfg_from(csv_cfg *cfg, char delim, const outis_csv_options *o)
{
    csv_cfg_init(cfg, delim, o->max_field ? o->max_field : OUTIS_DEFAULT_MAX_FIELD,
                 o->skip_bad_rows, o->na ? o->na : default_na, o->na ? o->na_count : 3);
}

/* Chooses the loaded columns: all, or those named in opts->columns, in that order. */
static int project(reader *r, char **names, size_t n, outis_error *err)
{
    const outis_csv_options *o = r->opts;
    csv_data *out = r->out;
    out->nfields = n;
    out->ncols = o->columns ? o->column_count : n;
    out->proj = ou_mallocarray(n, sizeof *out->proj);
    out->cols = ou_calloc(out->ncols ? out->ncols : 1, sizeof *out->cols);
    if (out->proj == NULL || out->cols == NULL) {
        return ou_nomem(err);
    }
    for (size_t f = 0; f < n; f++) {
        out->proj[f] = o->columns ? CSV_SKIP : (uint32_t)f;
    }
    for (size_t c = 0; o->columns != NULL && c < o->column_count; c++) {
        size_t f = 0;
        while (f < n && strcmp(names[f], o->columns[c]) != 0) {
            f++;
        }
        if (f == n) {
            char msg[256];
            unknown_name_message(msg, sizeof msg, (const char *const *)names, n, o->columns[c]);
            return ou_err(err, OUTIS_ENOTFOUND, "%s", msg);
        }
        if (out->proj[f] != CSV_SKIP) {
            return ou_err(err, OUTIS_EINVAL, "column '%.40s' asked for twice", o->columns[c]);
        }
        out->proj[f] = (uint32_t)c;
    }
    for (size_t f = 0; f < n; f++) {
        if (out->proj[f] != CSV_SKIP) {
            out->cols[out->proj[f]].name = names[f];
            names[f] = NULL;
        }
    }
    if (o->hashed_count > 0) {
        r->is_hashed = ou_calloc(out->ncols + 1, 1);
        if (r->is_hashed == NULL) {
            return ou_nomem(err);
        }
        for (size_t i = 0; i < o->hashed_count; i++) {
            size_t c = 0;
            while (c < out->ncols && strcmp(out->cols[c].name, o->hashed[i]) != 0) {
                c++;
            }
            if (c == out->ncols) {
                return ou_err(err, OUTIS_EINVAL, "hashed column '%.40s' is not loaded",
                              o->hashed[i]);
            }
            r->is_hashed[c] = 1;
            out->cols[c].cap = 1; /* hashes, never NULL, mark the column */
            if ((out->cols[c].hashes = ou_malloc(sizeof *out->cols[c].hashes)) == NULL) {
                return ou_nomem(err);
            }
        }
        r->cfg.is_hashed = r->is_hashed;
    }
    for (size_t c = 0; c < out->ncols; c++) {
        if (dict_init(&out->cols[c].dict, 64) < 0) {
            return ou_nomem(err);
        }
    }
    r->cfg.ncols = out->ncols;
    r->cfg.nfields = out->nfields;
    r->cfg.proj = out->proj;
    return 0;
}

static int header(reader *r, size_t *pos, size_t limit, outis_error *err)
{
    char **names = NULL;
    size_t n = 0;
    const char *p = r->buf + *pos, *epos = NULL;
    int rc = csv_parse_header(&r->cfg, &p, r->buf + limit, &names, &n, &epos, err);
    if (rc < 0) {
        if (epos != NULL && err != NULL) {
            size_t off = (size_t)(epos - r->buf);
            ou_err_at(err, bytes_count(r->buf, off, '\n') + 1, err->column, off);
            if (strncmp(err->message, "invalid UTF-8", 13) == 0) {
                snprintf(err->message, sizeof err->message,
                         "invalid UTF-8 in the header at byte offset %zu %s", off, utf8_hint);
            }
        }
        return rc;
    }
    rc = project(r, names, n, err);
    for (size_t i = 0; i < n; i++) {
        ou_free(names[i]);
    }
    ou_free(names);
    if (rc < 0) {
        return rc;
    }
    *pos = (size_t)(p - r->buf);
    r->merge_rc = ou_calloc(r->cfg.ncols ? r->cfg.ncols : 1, sizeof *r->merge_rc);
    if (r->merge_rc == NULL) {
        return ou_nomem(err);
    }
    return init_workers(r, err);
}

static int grow_columns(reader *r, size_t rows, outis_error *err)
{
    for (size_t c = 0; c < r->out->ncols; c++) {
        csv_column *col = &r->out->cols[c];
        if (col->hashes != NULL) {
            size_t cap = col->cap;
            if (ou_grow((void **)&col->hashes, &cap, rows, sizeof *col->hashes) < 0) {
                return ou_nomem(err);
            }
            col->cap = cap;
            continue;
        }
        if (ou_grow((void **)&col->codes, &col->cap, rows, sizeof *col->codes) < 0) {
            return ou_nomem(err);
        }
    }
    return 0;
}

#define MISCUT_LIMIT 1 /* process(): limit was not a row boundary */

/* Parses buf[pos..limit), whole rows, into the table. With is_final_limit 0, limit is only
 * the last newline of the buffer, and MISCUT_LIMIT says it lay inside quotes. */
static int process(reader *r, size_t pos, size_t limit, int is_final_limit, outis_error *err)
{
    unsigned n = split(r, pos, limit, 0);
    par_for(n, n, phase_parse, r);
    unsigned last = last_piece(r, n);
    int miscut = 0;
    for (unsigned t = 0; t < last; t++) {
        miscut |= ended_in_quotes(&r->w[t]);
    }
    if (miscut) {
        rollback(r);
        n = split(r, pos, limit, 1);
        par_for(n, n, phase_parse, r);
        last = last_piece(r, n);
    }
    if (!is_final_limit && ended_in_quotes(&r->w[last])) {
        rollback(r);
        return MISCUT_LIMIT;
    }
    size_t rows = r->out->nrows;
    for (unsigned t = 0; t < r->nthreads; t++) {
        if (r->w[t].rc < 0) {
            return fail_at(r, &r->w[t], err);
        }
        r->w[t].row_base = rows;
        rows += r->w[t].nrows;
        r->out->skipped += r->w[t].skipped;
        r->out->hashed_missing += r->w[t].hashed_missing;
    }
    if (rows > UINT32_MAX) {
        return ou_err(err, OUTIS_ELIMIT, "more than %u rows", UINT32_MAX);
    }
    par_for(r->nthreads, r->out->ncols, phase_merge, r);
    for (size_t c = 0; c < r->out->ncols; c++) {
        if (r->merge_rc[c] < 0) {
            return ou_nomem(err);
        }
    }
    size_t want = rows;
    if (r->sink == NULL && r->out->nrows == 0 && r->src->size > r->src->raw_done &&
        r->src->raw_done > 0) {
        /* First block of a file of known size: reserve the rows the rest will likely need,
         * so the columns are not copied as they grow. */
        double per_byte = (double)rows / (double)r->src->raw_done;
        want = (size_t)(per_byte * (double)r->src->size * 1.05) + 1024;
        want = want > UINT32_MAX ? UINT32_MAX : want;
    }
    int rc = grow_columns(r, want > rows ? want : rows, err);
    if (rc < 0) {
        return rc;
    }
    par_for(n, n, phase_copy, r);
    const size_t first = r->out->nrows;
    r->out->nrows = rows;
    return r->sink != NULL ? r->sink->rows_added(r->sink->ctx, r->out, first, err) : 0;
}

/* Doubles the window (mapped) or the buffer (read), for a row longer than the block. */
static int grow_window(reader *r, outis_error *err)
{
    if (r->map != NULL) {
        r->window *= 2;
        return 0;
    }
    char *bigger = ou_malloc(r->cap * 2 + CSV_PAD);
    if (bigger == NULL) {
        return ou_nomem(err);
    }
    memcpy(bigger, r->buf, r->len);
    ou_free(r->own);
    r->buf = r->own = bigger;
    r->cap *= 2;
    return 0;
}

static int loop(reader *r, outis_error *err)
{
    int rc;
    size_t pos = 0;
    int started = 0, by_parity = 0;
    for (;;) {
        if ((rc = fill(r, err)) < 0) {
            return rc;
        }
        if (!started && r->opts->delimiter == 0 && !r->is_eof && r->len < SNIFF_BYTES) {
            /* Sniff the delimiter from the same bytes whatever the block size. */
            if ((rc = grow_window(r, err)) < 0) {
                return rc;
            }
            continue;
        }
        if (!started) {
            if ((rc = start(r, &pos, err)) < 0) {
                return rc;
            }
            if (rc == START_MORE) {
                if ((rc = grow_window(r, err)) < 0) {
                    return rc;
                }
                continue;
            }
        }
        if (started && r->is_eof && r->len == pos) {
            return 0;
        }
        size_t limit;
        int is_final_limit = r->is_eof || by_parity;
        if (r->is_eof) {
            if (r->len > pos && r->buf[r->len - 1] != '\n') {
                r->buf[r->len++] = '\n'; /* room was kept for it */
            }
            limit = r->len;
        } else if (by_parity) {
            limit = last_boundary(r->buf + pos, r->len - pos);
            limit = limit ? limit + pos : 0;
        } else { /* the last newline; process() checks that it is outside quotes */
            const char *nl = memrchr(r->buf + pos, '\n', r->len - pos);
            limit = nl ? (size_t)(nl - r->buf) + 1 : 0;
        }
        if (limit == 0) {
            /* No complete row in a full buffer: a very long row, or an unterminated quote. */
            size_t fields = r->cfg.nfields ? r->cfg.nfields : 1024;
            size_t most = r->cfg.max_field + 3 > (SIZE_MAX - r->block) / fields
                              ? SIZE_MAX - r->block
                              : (r->cfg.max_field + 3) * fields;
            if ((r->map != NULL ? r->window : r->cap) >= most + r->block) {
                ou_err(err, OUTIS_ELIMIT,
                       "a row starting here is longer than the field limit allows "
                       "(unterminated quote?)");
                ou_err_at(err, r->lines_before + 1, 0, r->offset + pos);
                return OUTIS_ELIMIT;
            }
            if ((rc = grow_window(r, err)) < 0) {
                return rc;
            }
            continue;
        }
        if (!started) {
            outis_error herr = {0};
            if ((rc = header(r, &pos, limit, &herr)) < 0) {
                if (!is_final_limit && rc == OUTIS_EPARSE &&
                    strcmp(herr.message, CSV_UNTERMINATED) == 0) {
                    by_parity = 1; /* the last newline was inside the header's quotes */
                    continue;
                }
                if (err != NULL) {
                    *err = herr;
                }
                return rc;
            }
            started = 1;
        }
        uint64_t lines = bytes_count(r->buf, pos, '\n');
        if (pos < limit) {
            if ((rc = process(r, pos, limit, is_final_limit, err)) < 0) {
                return rc;
            }
            if (rc == MISCUT_LIMIT) {
                by_parity = 1; /* this block again, cut by quote parity */
                continue;
            }
            for (unsigned t = 0; t < r->nthreads; t++) {
                lines += r->w[t].newlines; /* the pieces cover pos..limit */
            }
        }
        r->lines_before += lines;
        r->offset += limit;
        if (r->map != NULL) {
            r->len -= limit; /* the next window starts at the new offset */
            r->window = r->block;
            release_mapped(r);
        } else {
            memmove(r->buf, r->buf + limit, r->len - limit);
            r->len -= limit;
        }
        pos = 0;
        by_parity = 0;
        if (r->opts->progress != NULL &&
            r->opts->progress(r->src->raw_done, r->src->size, r->opts->payload) != 0) {
            return ou_err(err, OUTIS_ECANCELED, "canceled");
        }
        if (r->is_eof && r->len == 0) {
            return 0;
        }
    }
}

static int read_all(csv_data *out, source *src, const outis_csv_options *opts, size_t block,
                    size_t small_piece, const csv_sink *sink, outis_error *err)
{
    outis_csv_options defaults = OUTIS_CSV_OPTIONS_INIT;
    if (opts == NULL) {
        opts = &defaults;
    }
    memset(out, 0, sizeof *out);
    if (opts->version != OUTIS_CSV_OPTIONS_VERSION) {
        return ou_err(err, OUTIS_EINVAL, "unsupported options version %d", opts->version);
    }
    reader r = {0};
    r.src = src;
    r.opts = opts;
    r.out = out;
    r.sink = sink;
    r.nthreads = par_threads(opts->threads);
    r.block = block < 16 ? 16 : block;
    r.small_piece = small_piece;
    r.window = r.block;
    if (source_map(src, &r.map, &r.map_len) != 0) {
        r.map = NULL;
        r.cap = r.block;
        r.buf = r.own = ou_malloc(r.cap + CSV_PAD); /* the tokenizer reads ahead 16 bytes */
    }
    int rc = r.map == NULL && r.own == NULL ? ou_nomem(err) : loop(&r, err);
    int rc2 = free_workers(&r, rc == 0);
    if (rc == 0 && rc2 < 0) {
        rc = ou_nomem(err);
    }
    ou_free(r.own);
    ou_free(r.merge_rc);
    ou_free(r.is_hashed);
    if (rc < 0) {
        csv_data_free(out);
        ou_err_source(err, src->name);
    }
    return rc;
}

int csv_read(csv_data *out, source *src, const outis_csv_options *opts, outis_error *err)
{
    return read_all(out, src, opts, BLOCK_SIZE, SMALL_PIECE, NULL, err);
}

int csv_read_tuned(csv_data *out, source *src, const outis_csv_options *opts, size_t block,
                   size_t small_piece, outis_error *err)
{
    return read_all(out, src, opts, block, small_piece, NULL, err);
}

int csv_read_sink(csv_data *out, source *src, const outis_csv_options *opts, const csv_sink *sink,
                  size_t block, outis_error *err)
{
    return read_all(out, src, opts, block ? block : BLOCK_SIZE, SMALL_PIECE, sink, err);
}

void csv_data_free(csv_data *d)
{
    for (size_t c = 0; d->cols != NULL && c < d->ncols; c++) {
        ou_free(d->cols[c].name);
        ou_free(d->cols[c].codes);
        ou_free(d->cols[c].hashes);
        dict_free(&d->cols[c].dict);
    }
    ou_free(d->cols);
    ou_free(d->proj);
    for (size_t i = 0; i < d->narenas; i++) {
        arena_free(&d->arenas[i]);
    }
    ou_free(d->arenas);
    memset(d, 0, sizeof *d);
}

size_t csv_data_memory(const csv_data *d)
{
    size_t m = sizeof *d + d->ncols * sizeof *d->cols;
    for (size_t c = 0; c < d->ncols; c++) {
        const size_t cell = d->cols[c].hashes != NULL ? sizeof(uint64_t) : sizeof(uint32_t);
        m += d->cols[c].cap * cell + dict_memory(&d->cols[c].dict) + strlen(d->cols[c].name) + 1;
    }
    for (size_t i = 0; i < d->narenas; i++) {
        m += d->arenas[i].bytes;
    }
    return m;
}
