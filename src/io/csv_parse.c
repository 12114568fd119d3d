/* csv_parse.c - the RFC 4180 tokenizer: fields of one piece of a block, interned into the
 * worker's dictionaries, and the header row. Only quoted fields may contain quotes. */
#include "csv_int.h"

#include "util/alloc.h"
#include "util/bytes.h"
#include "util/error_int.h"

#include <string.h>

void csv_cfg_init(csv_cfg *cfg, char delim, size_t max_field, int skip_bad_rows,
                  const char *const *na, size_t na_count)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->delim = delim;
    cfg->max_field = max_field;
    cfg->skip_bad_rows = skip_bad_rows;
    cfg->na = na;
    cfg->na_count = na_count;
    for (size_t i = 0; i < na_count; i++) {
        const size_t n = strlen(na[i]);
        cfg->na_maxlen = n > cfg->na_maxlen ? n : cfg->na_maxlen;
    }
    cfg->special[(unsigned char)delim] = 1;
    cfg->special['\n'] = 1;
    cfg->special['\r'] = 1;
    cfg->special['"'] = 1;
}

static int is_in(uintptr_t p, const char *begin, const char *end)
{
    return p >= (uintptr_t)begin && p < (uintptr_t)end;
}

/* Appends n bytes to the scratch buffer. */
static int scratch_put(char **buf, size_t *cap, size_t *len, const char *p, size_t n)
{
    if (ou_grow((void **)buf, cap, *len + n + 1, 1) < 0) {
        return -1;
    }
    memcpy(*buf + *len, p, n);
    *len += n;
    return 0;
}

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The first byte at or after p that ends an unquoted run: the delimiter, CR, LF or a quote.
 * The data ends with a newline, and CSV_PAD bytes after it may be read (16 at a time). */
static inline const char *scan_special(const csv_cfg *cfg, const char *p)
{
#if defined(__SSE2__)
    const __m128i d = _mm_set1_epi8(cfg->delim), nl = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r'), q = _mm_set1_epi8('"');
    for (;;) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, nl)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, q)));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits != 0) {
            return p + __builtin_ctz(bits);
        }
        p += 16;
    }
#else
    while (!cfg->special[(unsigned char)*p]) {
        p++;
    }
    return p;
#endif
}

/* After a field: 1 past a delimiter (more fields follow), 0 past the end of the line, or -1
 * when neither is at *pp. */
static inline int field_end(const csv_cfg *cfg, const char **pp)
{
    const char *p = *pp;
    if (*p == cfg->delim) {
        *pp = p + 1;
        return 1;
    }
    if (*p == '\n' || (*p == '\r' && p[1] == '\n')) {
        *pp = p + (*p == '\n' ? 1 : 2);
        return 0;
    }
    return -1;
}

/* Reads one field at *pp. Returns 1 if another field follows on the row, 0 at the row's end,
 * or a negative code with *epos set. The piece is known to end with a newline. */
static inline int next_field(const csv_cfg *cfg, const char **pp, const char *end, const char **fs,
                             size_t *flen, char **scratch, size_t *scap, const char **epos,
                             size_t *quoted_newlines, outis_error *err)
{
    const char *p = *pp;
    int more;
    if (*p != '"') {
        const char *s = p;
        for (;;) {
            p = scan_special(cfg, p);
            if (*p == '\r' && p[1] != '\n') {
                p++; /* a lone CR is data */
                continue;
            }
            break;
        }
        *fs = s;
        *flen = (size_t)(p - s);
        if ((more = field_end(cfg, &p)) < 0) {
            *epos = p;
            return ou_err(err, OUTIS_EPARSE,
                          "quote inside an unquoted field (quote the whole field and double "
                          "the quote)");
        }
    } else {
        const char *open = p++;
        const char *q = memchr(p, '"', (size_t)(end - p));
        if (q == NULL) {
            *epos = open;
            return ou_err(err, OUTIS_EPARSE, CSV_UNTERMINATED);
        }
        if (q[1] != '"') {
            *fs = p;
            *flen = (size_t)(q - p);
        } else {
            size_t len = 0;
            for (;;) { /* doubled quotes: unescape into scratch */
                if (q[1] == '"') {
                    if (scratch_put(scratch, scap, &len, p, (size_t)(q + 1 - p)) < 0) {
                        return ou_nomem(err);
                    }
                    p = q + 2;
                } else {
                    if (scratch_put(scratch, scap, &len, p, (size_t)(q - p)) < 0) {
                        return ou_nomem(err);
                    }
                    break;
                }
                q = memchr(p, '"', (size_t)(end - p));
                if (q == NULL) {
                    *epos = open;
                    return ou_err(err, OUTIS_EPARSE, CSV_UNTERMINATED);
                }
            }
            *fs = *scratch;
            *flen = len;
        }
        *quoted_newlines += bytes_count(open, (size_t)(q - open), '\n');
        p = q + 1;
        if ((more = field_end(cfg, &p)) < 0) {
            *epos = p;
            return ou_err(err, OUTIS_EPARSE,
                          "expected a delimiter or the end of the line after a closing quote");
        }
    }
    if (*flen > cfg->max_field) {
        *epos = *pp;
        return ou_err(err, OUTIS_ELIMIT, "field longer than %zu bytes (see --max-field)",
                      cfg->max_field);
    }
    *pp = p;
    return more;
}

/* A value new to this worker's dictionary: validated once here, however often it recurs. */
static int intern_new(csv_worker *w, dict *d, const char *s, size_t len, uint64_t h, uint32_t *code)
{
    size_t ok = utf8_valid_prefix(s, len);
    if (ok != len) {
        w->err_pos = is_in((uintptr_t)s, w->begin, w->end) ? s + ok : NULL;
        w->is_utf8_error = 1; /* the reader adds the byte offset to the message */
        return ou_err(&w->err, OUTIS_EPARSE, "invalid UTF-8");
    }
    uint32_t c = dict_add(d, s, len, h, 1);
    if (c == DICT_NONE) {
        return ou_nomem(&w->err);
    }
    if (csv_is_na(w->cfg, s, len)) {
        d->entries[c].is_missing = 1;
        if (d->missing == DICT_NONE) {
            d->missing = c;
        }
    }
    *code = c;
    return 0;
}

static inline int intern(csv_worker *w, size_t col, const char *s, size_t len, uint32_t *code)
{
    dict *d = &w->dicts[col];
    uint64_t h = dict_hash(s, len);
    uint32_t c = dict_find(d, s, len, h);
    if (c != DICT_NONE) {
        *code = c;
        return 0;
    }
    return intern_new(w, d, s, len, h, code);
}

static int ragged(csv_worker *w, const char *row_start, size_t fields)
{
    w->err_pos = row_start;
    return ou_err(&w->err, OUTIS_EPARSE,
                  "expected %zu fields, found %zu (--skip-bad-rows skips "
                  "such rows)",
                  w->cfg->nfields, fields);
}

/* The number of fields of the row at *pp, which is advanced past it. */
static int count_fields(csv_worker *w, const char **pp, const char *end, size_t *fields,
                        size_t *newlines)
{
    size_t f = 0;
    *newlines = 0;
    int more;
    do {
        const char *fs = NULL, *epos = NULL;
        size_t len = 0;
        more = next_field(w->cfg, pp, end, &fs, &len, &w->scratch, &w->scratch_cap, &epos, newlines,
                          &w->err);
        if (more < 0) {
            w->err_pos = epos;
            w->err.column = f + 1;
            return more;
        }
        f++;
    } while (more);
    *fields = f;
    return 0;
}

static int grow_rows(csv_worker *w)
{
    size_t cap = w->rows_cap ? w->rows_cap * 2 : 4096;
    for (size_t c = 0; c < w->cfg->ncols; c++) {
        if (w->cfg->is_hashed != NULL && w->cfg->is_hashed[c]) {
            uint64_t *h = ou_reallocarray(w->hcols[c], cap, sizeof *h);
            if (h == NULL) {
                return ou_nomem(&w->err);
            }
            w->hcols[c] = h;
            continue;
        }
        uint32_t *p = ou_reallocarray(w->cols[c], cap, sizeof *p);
        if (p == NULL) {
            return ou_nomem(&w->err);
        }
        w->cols[c] = p;
    }
    w->rows_cap = cap;
    return 0;
}

int csv_parse_piece(csv_worker *w)
{
    const csv_cfg *cfg = w->cfg;
    const size_t ncols = cfg->ncols, nfields = cfg->nfields;
    const uint32_t *proj = cfg->proj;
    const char *p = w->begin, *end = w->end;
    w->nrows = 0;
    w->hashed_missing = 0;
    w->skipped = 0;
    w->skipped_newlines = 0;
    w->rc = 0;
    w->err_pos = NULL;
    w->is_utf8_error = 0;
    int rc = 0;
    /* Lines: one per row, skipped row and blank line, plus newlines inside quoted fields. */
    size_t blank = 0, quoted_newlines = 0;
    while (p < end) {
        const char *row_start = p;
        if (*p == '\n' || (*p == '\r' && p[1] == '\n')) {
            p += *p == '\n' ? 1 : 2; /* blank line */
            blank++;
            continue;
        }
        if (cfg->skip_bad_rows) {
            /* Count the row's fields first, so that a skipped row leaves no values in the
             * dictionaries (and its bytes are not validated). */
            size_t fields, newlines;
            if ((rc = count_fields(w, &p, end, &fields, &newlines)) < 0) {
                goto done;
            }
            if (fields != nfields) {
                w->skipped++;
                w->skipped_newlines += newlines;
                continue;
            }
            p = row_start;
        }
        size_t f = 0;
        int more;
        do {
            const char *fs = NULL;
            size_t len = 0;
            const char *epos = NULL;
            more = next_field(cfg, &p, end, &fs, &len, &w->scratch, &w->scratch_cap, &epos,
                              &quoted_newlines, &w->err);
            if (more < 0) {
                w->err_pos = epos;
                w->err.column = f + 1;
                rc = more;
                goto done;
            }
            uint32_t tc = f < nfields ? proj[f] : CSV_SKIP;
            if (tc != CSV_SKIP && cfg->is_hashed != NULL && cfg->is_hashed[tc]) {
                w->hrow[tc] = csv_hash_value(cfg, fs, len);
                w->hashed_missing += w->hrow[tc] == OUTIS_HASH_MISSING;
            } else if (tc != CSV_SKIP) {
                if ((rc = intern(w, tc, fs, len, &w->row[tc])) < 0) {
                    w->err.column = f + 1;
                    goto done;
                }
            }
            f++;
        } while (more);
        if (f != nfields) {
            rc = ragged(w, row_start, f);
            goto done;
        }
        if (w->nrows == w->rows_cap && (rc = grow_rows(w)) < 0) {
            goto done;
        }
        for (size_t c = 0; c < ncols; c++) {
            if (cfg->is_hashed != NULL && cfg->is_hashed[c]) {
                w->hcols[c][w->nrows] = w->hrow[c];
            } else {
                w->cols[c][w->nrows] = w->row[c];
            }
        }
        w->nrows++;
    }
done:
    w->newlines = w->nrows + w->skipped + blank + quoted_newlines + w->skipped_newlines;
    w->rc = rc;
    return rc;
}

int csv_parse_header(const csv_cfg *cfg, const char **pp, const char *end, char ***names,
                     size_t *ncols, const char **err_pos, outis_error *err)
{
    char **v = NULL, *scratch = NULL;
    size_t n = 0, cap = 0, scap = 0;
    int rc = 0, more;
    const char *p = *pp;
    do {
        const char *fs = NULL;
        size_t len = 0;
        size_t quoted_newlines = 0;
        more = next_field(cfg, &p, end, &fs, &len, &scratch, &scap, err_pos, &quoted_newlines, err);
        if (more < 0) {
            rc = more;
            ou_err_at(err, 0, n + 1, 0);
            goto done;
        }
        size_t ok = utf8_valid_prefix(fs, len);
        if (ok != len) {
            *err_pos = fs != scratch ? fs + ok : *pp;
            rc = ou_err(err, OUTIS_EPARSE, "invalid UTF-8 in the header");
            ou_err_at(err, 0, n + 1, 0);
            goto done;
        }
        if (ou_grow((void **)&v, &cap, n + 1, sizeof *v) < 0 ||
            (v[n] = ou_strndup(fs, len)) == NULL) {
            rc = ou_nomem(err);
            goto done;
        }
        n++;
        if (len == 0) {
            *err_pos = *pp;
            rc = ou_err(err, OUTIS_EPARSE, "header name %zu is empty", n);
            goto done;
        }
        for (size_t i = 0; i + 1 < n; i++) {
            if (strcmp(v[i], v[n - 1]) == 0) {
                *err_pos = *pp;
                rc = ou_err(err, OUTIS_EPARSE, "duplicate header name '%s' (columns %zu and %zu)",
                            v[i], i + 1, n);
                goto done;
            }
        }
    } while (more);
    *pp = p;
done:
    ou_free(scratch);
    if (rc < 0) {
        for (size_t i = 0; i < n; i++) {
            ou_free(v[i]);
        }
        ou_free(v);
        return rc;
    }
    *names = v;
    *ncols = n;
    return 0;
}

/* Fields per line outside quotes, for the first lines. */
char csv_sniff(const char *p, size_t n)
{
    static const char cands[] = {',', ';', '\t', '|'};
    char best = ',';
    size_t best_score = 0;
    for (size_t c = 0; c < sizeof cands; c++) {
        size_t counts[32], lines = 0, cur = 0;
        int in_quotes = 0;
        for (size_t i = 0; i < n && lines < 32; i++) {
            char ch = p[i];
            if (ch == '"') {
                in_quotes = !in_quotes;
            } else if (!in_quotes && ch == cands[c]) {
                cur++;
            } else if (!in_quotes && ch == '\n') {
                counts[lines++] = cur;
                cur = 0;
            }
        }
        if (lines == 0) {
            counts[lines++] = cur;
        }
        /* Score: delimiters in the header when every sampled line agrees, else a tenth. */
        size_t score = counts[0] * 10;
        for (size_t i = 1; i < lines; i++) {
            if (counts[i] != counts[0]) {
                score = counts[0];
                break;
            }
        }
        if (score > best_score) {
            best_score = score;
            best = cands[c];
        }
    }
    return best;
}
