/* scan_int.h - the scanner as compiled (scanner.c), the matching engine shared by buffers,
 * streams and files (text.c), and the file and directory walker (path.c). */
#ifndef OUTIS_SCAN_INT_H
#define OUTIS_SCAN_INT_H

#include "scan/detectors.h"
#include "outis/scan.h"

#include <hs.h>
#include <pthread.h>
#include <stdatomic.h>

#define SCAN_MAX_KEYWORDS 32
#define SCAN_MAX_KEYWORD_LEN 32
/* Bytes after a trigger's end the engine looks at (bounds, the UTF-8 character after). */
#define SCAN_LOOKAHEAD 4
/* Bytes after a lead word: the rest of a word that extends it, an optional colon, two
 * spaces, the value and the byte after. */
#define SCAN_LEAD_AHEAD (SCAN_MAX_KEYWORD_LEN + SCAN_MAX_LEN + 8)
/* Bytes of text kept before a stream's new data: walking back, context, pending findings. */
#define SCAN_KEEP 4096
#define SCAN_DEFAULT_CHUNK ((size_t)256 << 10)
/* A file named alone and at least this long is scanned in pieces of about SCAN_SPLIT_PIECE
 * bytes on several threads (split.c). */
#define SCAN_SPLIT_MIN ((uint64_t)8 << 20)
#define SCAN_SPLIT_PIECE ((uint64_t)16 << 20)
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
 * (the next digit of a run): the trigger is compiled followed by a byte outside them
 * (scanner.c, compile_ended), so that Hyperscan reports no other end. */
typedef struct scan_trigger {
    const char *regex; /* as the registry gives it (scanner.c compiles it with its end) */
    uint64_t dets;
    uint64_t skip[4];
    uint64_t groups;  /* the groups (scan_det.group) its detectors walk back over */
    uint64_t walkers; /* its detectors that walk back by their group (not to a keyword) */
} scan_trigger;

/* A lead word of a detector (detectors.h). */
typedef struct scan_lead {
    const char *word; /* in the registry; len bytes */
    uint32_t det;
    uint8_t len;
    uint8_t needs_colon;
    uint8_t tail;    /* bytes of the colon matched with the word: 0, 1 (':'), 2 (U+FF1A less
                        its last byte, after an ASCII word) or 3 (U+FF1A) */
    uint8_t is_word; /* starts with an ASCII letter: must not follow a letter or digit, and
                        matches without case */
    int16_t ext;     /* the first word that extends this one (微信号 of 微信), or -1: matched
                        through this one, not by Hyperscan */
    int16_t next;    /* the next word that extends the same one, or -1 */
} scan_lead;

struct outis_scanner {
    hs_database_t *block_db;                       /* the triggers (in windows, text.c) */
    hs_database_t *lead_block_db, *lead_stream_db; /* the lead words; NULL if none */
    scan_trigger *triggers;                        /* by Hyperscan id */
    size_t trigger_count;
    scan_lead *leads; /* lead word id -> its detector */
    size_t lead_count;
    uint64_t enabled; /* bit per detector */
    scan_det det[OUTIS_SCAN_MAX_ENTITIES];
    size_t det_count; /* the whole registry; only enabled ones are used */
    /* One walk back serves every group of a trigger: the groups whose chars hold a byte, and
     * those whose walk_len exceeds a distance. */
    uint64_t byte_groups[256];
    uint64_t len_groups[SCAN_MAX_LEN + 1];
    /* The detectors that a walk back of a group serves, and those whose values can be as
     * long as a run: a run shorter than a detector's shortest value is not offered to it
     * (most runs of digits in text are short), nor one longer than its longest if only the
     * run's first byte can start a value (its chars all lie within its bound: inside the run
     * a start would join what precedes it). */
    uint64_t group_dets[OUTIS_SCAN_MAX_ENTITIES];
    uint64_t fits_len[SCAN_MAX_LEN + 1];
    char *keyword_buf;
    int today;
    int show_values;
    double min_confidence;
    size_t chunk_size;
    int simd;        /* the vector instructions used: a scan_simd (tests lower it) */
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
/* Whether a value of this length needs context: the detector says so, or only patterns that
 * need it match this length. */
int scan_needs_context(const scan_det *det, size_t len);

/* A Hyperscan scratch space of the scanner, for one thread at a time; give it back. */
int scan_scratch_get(const outis_scanner *sc, hs_scratch_t **out, outis_error *err);
void scan_scratch_put(const outis_scanner *sc, hs_scratch_t *scratch);

/* ---- Streams over files (text.c for path.c) ---- */

/* Free room at the end of the stream's buffer for up to the scanner's chunk size of new bytes:
 * *dst and *room (> 0). The bytes written there are scanned by scan_stream_commit. */
void scan_stream_room(outis_scan_stream *st, char **dst, size_t *room);
int scan_stream_commit(outis_scan_stream *st, size_t n, outis_error *err);
/* Where the triggers end in buf before a byte outside their skip (or at the end of buf): each
 * as end << 8 | trigger id, in *ends (free with ou_free), matched in windows (as every scan
 * does) or, with full, over every byte; and in *window_bytes (if not NULL) the bytes of the
 * windows. For tests and bench/scan_bench.c: the two must agree. Errors: OUTIS_ENOMEM,
 * OUTIS_EINTERNAL. */
int scan_trigger_ends(uint64_t **ends, size_t *count, uint64_t *window_bytes,
                      const outis_scanner *sc, const char *buf, size_t len, int full,
                      outis_error *err);
/* Opens a stream over the bytes of a file from offset `base` on (its first byte written is
 * that one): offsets are the file's, lines count from 1 at `base`, and only the bytes
 * [utf8_from, utf8_to) are checked as UTF-8 (utf8_from at a character's start, utf8_to at the
 * end of one). For pieces of a file scanned on their own (split.c). */
int scan_stream_open_at(outis_scan_stream **out, const outis_scanner *sc, const char *name,
                        uint64_t base, uint64_t utf8_from, uint64_t utf8_to, outis_finding_cb cb,
                        void *payload, outis_error *err);
/* Scans a regular file in `pieces` pieces at once on up to `threads` threads (split.c); the
 * findings, line numbers, counts and info are those of outis_scan_file, and the findings
 * reach cb in order (from worker threads, never concurrently). Cuts are made after line
 * ends; a file without line ends near the cuts is scanned in fewer pieces. */
int scan_file_split(outis_scan_file_info *info, outis_scan_stats *stats, const outis_scanner *sc,
                    const char *path, size_t pieces, unsigned threads, outis_finding_cb cb,
                    void *payload, outis_error *err);
/* The vector instructions a scan uses, the best the CPU has: SSE2 (every x86-64; and SSSE3
 * for UTF-8 where the CPU has it, as Hyperscan needs), AVX2, or AVX-512 with its byte
 * instructions (BW and VBMI: Ice Lake, Zen 4 and later). */
enum scan_simd { SCAN_SIMD_SSE2, SCAN_SIMD_AVX2, SCAN_SIMD_AVX512 };
int scan_simd_best(void);
/* The length of a prefix of p[0..n) that is valid UTF-8 and ends between characters, found
 * 16, 32 or 64 bytes at a time (simd, at most scan_simd_best()); short of the first error, and
 * 0 without SSSE3 (utf8.c). */
size_t scan_utf8_valid(const char *p, size_t n, int simd);

/* A scan on several threads: the first error, and whether the threads should stop. */
typedef struct scan_stop {
    atomic_int is_stopped;
    int rc;
    outis_error err;
} scan_stop;

/* Keeps rc and err if they are the first error, and tells the threads to stop. */
void scan_stop_fail(scan_stop *s, int rc, const outis_error *err);
/* scan_stop_fail with OUTIS_ECANCELED: a callback asked to stop. */
void scan_stop_canceled(scan_stop *s);

/* Findings of a file or piece of one, held until those before them are reported (path.c). */
typedef struct scan_held_finding {
    outis_finding f;
    size_t value_off; /* in values, with show_values */
} scan_held_finding;

typedef struct scan_held {
    scan_held_finding *v;
    size_t count, cap, delivered;
    char *values;
    size_t values_len, values_cap;
} scan_held;

/* Copies a finding (and its value) in: 0 or OUTIS_ENOMEM. */
int scan_held_add(scan_held *h, const outis_finding *f);
/* The i-th finding held, its value pointing into h (until the next add). */
const outis_finding *scan_held_at(scan_held *h, size_t i);
void scan_held_free(scan_held *h);

/* Adds the counts of `from` to `to`. */
void scan_stats_add(outis_scan_stats *to, const outis_scan_stats *from);

#endif
