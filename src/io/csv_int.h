/* csv_int.h - shared between the CSV tokenizer (csv_parse.c) and the block reader
 * (csv_read.c). */
#ifndef OUTIS_CSV_INT_H
#define OUTIS_CSV_INT_H

#include "csv.h"

#include <string.h>

typedef struct csv_cfg {
    char delim;
    size_t max_field;
    int skip_bad_rows;
    const char *const *na;
    size_t na_count;
    size_t na_maxlen;           /* longest missing-value token */
    size_t ncols;               /* table columns */
    size_t nfields;             /* fields per row in the file */
    const uint32_t *proj;       /* file field -> table column, CSV_SKIP if not loaded */
    const uint8_t *is_hashed;   /* [ncols] column kept as hashes, or NULL */
    unsigned char special[256]; /* bytes that end an unquoted run */
} csv_cfg;

#define CSV_SKIP UINT32_MAX
/* The message of a quoted field without its closing quote: at the end of a piece it may also
 * mean that a speculative cut fell inside quotes (csv_read.c). */
#define CSV_UNTERMINATED "unterminated quoted field"
/* Readable bytes after the end of the data in a block buffer. */
#define CSV_PAD 64

/* A worker's state: its dictionaries persist across blocks, its rows are per block. */
typedef struct csv_worker {
    const csv_cfg *cfg;
    dict *dicts;             /* [ncols] */
    uint32_t **remap;        /* [ncols] local code -> table code */
    size_t *remap_cap;       /* [ncols] */
    size_t *merged;          /* [ncols] local codes already merged */
    arena *retired;          /* [ncols] strings of dictionaries reset after a block */
    const char *begin, *end; /* this block's piece; end follows a newline */
    uint32_t **cols;         /* [ncols] codes of this piece's rows, column by column */
    uint64_t **hcols;        /* [ncols] hashes of the hashed columns' rows */
    uint64_t *hrow;          /* one row's hashes: ncols + 1 */
    size_t hashed_missing;   /* missing values in this piece's hashed columns */
    size_t rows_cap, nrows, skipped;
    size_t newlines;         /* newlines in the piece, for line numbers */
    size_t skipped_newlines; /* newlines inside quoted fields of skipped rows */
    uint32_t *row;           /* one row being parsed: ncols + 1 */
    char *scratch;           /* unescaped quoted fields */
    size_t scratch_cap;
    int rc; /* first error of this piece */
    outis_error err;
    const char *err_pos; /* where in the block the error is */
    int is_utf8_error;   /* err is invalid UTF-8 and wants its byte offset */
    size_t row_base;     /* table row of the piece's first row */
} csv_worker;

void csv_cfg_init(csv_cfg *cfg, char delim, size_t max_field, int skip_bad_rows,
                  const char *const *na, size_t na_count);
/* Whether s[0..len) is one of the missing-value tokens. */
static inline int csv_is_na(const csv_cfg *cfg, const char *s, size_t len)
{
    for (size_t i = 0; len <= cfg->na_maxlen && i < cfg->na_count; i++) {
        if (strlen(cfg->na[i]) == len && memcmp(cfg->na[i], s, len) == 0) {
            return 1;
        }
    }
    return 0;
}

/* A hashed column's value: XXH3-64 of its bytes (unvalidated: only equality matters), with
 * every missing-value token one value. */
static inline uint64_t csv_hash_value(const csv_cfg *cfg, const char *s, size_t len)
{
    if (csv_is_na(cfg, s, len)) {
        return OUTIS_HASH_MISSING;
    }
    const uint64_t h = XXH3_64bits(s, len);
    return h == OUTIS_HASH_MISSING ? 1 : h;
}

/* csv_cfg_init with the options' missing-value tokens, or the default ones ("", NA, NULL). */
void csv_cfg_from(csv_cfg *cfg, char delim, const outis_csv_options *o);
/* Parses w->begin..w->end into w->rows. */
int csv_parse_piece(csv_worker *w);
/* Parses the header row at *p (advanced past it) into names[]. */
int csv_parse_header(const csv_cfg *cfg, const char **p, const char *end, char ***names,
                     size_t *ncols, const char **err_pos, outis_error *err);
/* Picks the delimiter among , ; \t | from the first lines of p. */
char csv_sniff(const char *p, size_t n);

#endif
