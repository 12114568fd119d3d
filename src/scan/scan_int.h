/* scan_int.h - the scanner as compiled (scanner.c), the matching engine shared by buffers,
 * streams and files (text.c), and the file and directory walker (path.c). */
#ifndef OUTIS_SCAN_INT_H
#define OUTIS_SCAN_INT_H

#include "scan/detectors.h"
#include "outis/scan.h"

#include <hs.h>
#include <pthread.h>

#define SCAN_MAX_KEYWORDS 32
#define SCAN_MAX_KEYWORD_LEN 32
/* Bytes after a trigger's end the engine looks at (bounds, the UTF-8 character after). */
#define SCAN_LOOKAHEAD 4
/* Bytes after a lead word: an optional colon, two spaces, the value and the byte after. */
#define SCAN_LEAD_AHEAD (SCAN_MAX_LEN + 8)
/* Bytes of text kept before a stream's new data: walking back, context, pending findings. */
#define SCAN_KEEP 4096
#define SCAN_DEFAULT_CHUNK ((size_t)256 << 10)
/* Buffers up to this size are scanned in one block; longer ones in pieces of it, as a
 * stream, so that findings are reported as the scan goes. */
#define SCAN_BLOCK_MAX ((size_t)1 << 20)

typedef struct scan_keyword {
    const char *s; /* ASCII lowercased, in the scanner's keyword buffer */
    uint8_t len;
    uint8_t is_word; /* starts with an ASCII letter: must not follow one */
} scan_keyword;

/* A detector as the scanner uses it. */
typedef struct scan_det {
    const scan_detector *d;
    uint64_t chars[4], bound[4]; /* byte sets */
    uint16_t min_len, max_len;   /* over its patterns */
    /* The first detector with the same chars: one walk back serves them all, as far as
     * walk_len, the longest of theirs. */
    uint8_t group;
    uint16_t walk_len;
    size_t keyword_count;
    scan_keyword keywords[SCAN_MAX_KEYWORDS];
} scan_det;

typedef struct scan_pool {
    pthread_mutex_t lock;
    hs_scratch_t *proto;
    hs_scratch_t **free;
    size_t count, cap;
} scan_pool;

/* A trigger: the detectors it serves, and the bytes after its end that all of them refuse
 * (the next digit of a run): one test skips them all. */
typedef struct scan_trigger {
    uint64_t dets;
    uint64_t skip[4];
} scan_trigger;

/* A lead word of a detector (detectors.h). */
typedef struct scan_lead {
    uint32_t det;
    uint8_t len;
    uint8_t needs_colon;
    uint8_t is_word; /* starts with an ASCII letter: must not follow a letter or digit */
} scan_lead;

struct outis_scanner {
    hs_database_t *block_db, *stream_db;           /* the triggers */
    hs_database_t *lead_block_db, *lead_stream_db; /* the lead words; NULL if none */
    scan_trigger *triggers;                        /* by Hyperscan id */
    size_t trigger_count;
    scan_lead *leads; /* lead word id -> its detector */
    size_t lead_count;
    uint64_t enabled; /* bit per detector */
    scan_det det[OUTIS_SCAN_MAX_ENTITIES];
    size_t det_count; /* the whole registry; only enabled ones are used */
    char *keyword_buf;
    int today;
    int show_values;
    double min_confidence;
    size_t chunk_size;
    scan_pool *pool; /* mutable behind a const scanner: scratch spaces for scans */
};

static inline int scan_in(const uint64_t set[4], unsigned char c)
{
    return (int)((set[c >> 6] >> (c & 63)) & 1);
}

/* The confidence of a value with verdict v (of validate.h), with or without context. */
static inline double scan_confidence(const scan_det *det, int v, int has_context)
{
    double c = has_context ? det->d->info.context_confidence : det->d->info.confidence;
    /* a validator that can verify but only found the shape plausible */
    return det->d->has_checksum && v == 1 ? c * 0.7 : c;
}

/* Validates s[0..n) as detector det: a verdict of validate.h. */
int scan_validate(const outis_scanner *sc, const scan_det *det, const char *s, size_t n);

/* A Hyperscan scratch space of the scanner, for one thread at a time; give it back. */
int scan_scratch_get(const outis_scanner *sc, hs_scratch_t **out, outis_error *err);
void scan_scratch_put(const outis_scanner *sc, hs_scratch_t *scratch);

/* ---- Streams over files (text.c for path.c) ---- */

/* Free room at the end of the stream's buffer for up to the scanner's chunk size of new bytes:
 * *dst and *room (> 0). The bytes written there are scanned by scan_stream_commit. */
void scan_stream_room(outis_scan_stream *st, char **dst, size_t *room);
int scan_stream_commit(outis_scan_stream *st, size_t n, outis_error *err);
/* The length of a prefix of p[0..n) that is valid UTF-8 and ends between characters, found
 * 32 bytes at a time; short of the first error, and 0 where the CPU lacks AVX2 (utf8.c). */
size_t scan_utf8_valid(const char *p, size_t n);

/* Adds the counts of `from` to `to`. */
void scan_stats_add(outis_scan_stats *to, const outis_scan_stats *from);

#endif
