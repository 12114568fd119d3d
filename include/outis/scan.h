/* outis/scan.h - finding personal data in text. A scanner compiles the patterns of every
 * enabled detector into one Hyperscan database; each match is confirmed by the detector's
 * validator (check character, range, calendar), weighed by context keywords in English and
 * Chinese, de-duplicated and reported with a masked preview. Buffers, streams, files and
 * directory trees are scanned; single values are judged for the column classifier. */
#ifndef OUTIS_SCAN_H
#define OUTIS_SCAN_H

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Entities ---- */

/* What an entity identifies or reveals. */
enum outis_entity_kind {
    OUTIS_KIND_PERSON_ID = 0, /* identity documents and numbers of a person */
    OUTIS_KIND_ORG_ID = 1,    /* identifiers of an organisation, not a person */
    OUTIS_KIND_CONTACT = 2,   /* phone numbers, e-mail, messaging accounts */
    OUTIS_KIND_FINANCIAL = 3, /* bank and payment accounts */
    OUTIS_KIND_NETWORK = 4,   /* network addresses */
    OUTIS_KIND_DEVICE = 5,    /* device identifiers */
    OUTIS_KIND_LOCATION = 6,  /* addresses, postal codes, coordinates */
    OUTIS_KIND_DATE = 7,      /* dates of birth */
    OUTIS_KIND_NAME = 8,      /* personal names */
    OUTIS_KIND_VEHICLE = 9    /* vehicle plates */
};

/* How sure a validator is. */
enum outis_verdict {
    OUTIS_VERDICT_PLAUSIBLE = 1, /* the shape is right; nothing to verify */
    OUTIS_VERDICT_VALID = 2      /* verified: check character, check digits, parsed in range */
};

#define OUTIS_SCAN_MAX_ENTITIES 64

/* A detector of the registry. Entities are numbered 0 .. outis_scan_entity_count() - 1 in a
 * fixed order; their names are stable. */
typedef struct outis_entity_info {
    const char *name;          /* stable identifier: "cn_resident_id", "email", "iban" */
    const char *label;         /* a few English words */
    int kind;                  /* enum outis_entity_kind */
    int needs_context;         /* reported in text only with a context keyword near */
    double confidence;         /* a validated finding without context */
    double context_confidence; /* with a context keyword before it on the same line */
} outis_entity_info;

OUTIS_API size_t outis_scan_entity_count(void);
/* The entity's description (static), or NULL when entity is out of range. */
OUTIS_API const outis_entity_info *outis_scan_entity(size_t entity);
/* Finds an entity by name. OUTIS_ENOTFOUND names the closest and lists all. */
OUTIS_API int outis_scan_entity_find(size_t *out, const char *name, outis_error *err);
/* A static name for an enum outis_entity_kind value ("person_id", ...), "unknown" if none. */
OUTIS_API const char *outis_scan_kind_name(int kind);

/* ---- Scanner ---- */

typedef struct outis_scanner outis_scanner;

#define OUTIS_SCANNER_OPTIONS_VERSION 1

typedef struct outis_scanner_options {
    int version;                 /* OUTIS_SCANNER_OPTIONS_VERSION */
    const char *const *entities; /* names of the detectors to enable; NULL: all */
    size_t entity_count;         /* entries in entities */
    int today;                   /* yyyymmdd: no birth date after it; 0: the local date now */
    int show_values;             /* nonzero: findings carry their raw bytes */
    double min_confidence;       /* findings below it are dropped; 0: none */
    size_t chunk_size;           /* bytes read at a time from files; 0: 256 KiB */
} outis_scanner_options;

#define OUTIS_SCANNER_OPTIONS_INIT                                                                 \
    {                                                                                              \
        OUTIS_SCANNER_OPTIONS_VERSION, NULL, 0, 0, 0, 0.0, 0                                       \
    }

/* Compiles the enabled detectors into a new scanner (free with outis_scanner_free). opts may
 * be NULL for the defaults. Errors: OUTIS_ENOTFOUND (an unknown entity name; the message
 * suggests the closest), OUTIS_EINVAL (bad options), OUTIS_ENOMEM, OUTIS_EINTERNAL (the
 * pattern compiler failed). A scanner is immutable: any number of threads may scan with it
 * at once (each scan takes its own Hyperscan scratch space from a pool). */
OUTIS_API int outis_scanner_new(outis_scanner **out, const outis_scanner_options *opts,
                                outis_error *err);
OUTIS_API void outis_scanner_free(outis_scanner *sc);

/* ---- Findings ---- */

#define OUTIS_PREVIEW_MAX 96

/* One piece of personal data found in text. */
typedef struct outis_finding {
    const char *source;              /* the buffer's name or the file's path */
    size_t entity;                   /* see outis_scan_entity */
    uint64_t offset;                 /* 0-based byte offset of its first byte */
    uint64_t line;                   /* 1-based line */
    uint64_t column;                 /* 1-based byte column in the line */
    size_t length;                   /* bytes */
    double confidence;               /* in [0, 1] */
    int verdict;                     /* enum outis_verdict */
    int has_context;                 /* a context keyword was near */
    char preview[OUTIS_PREVIEW_MAX]; /* masked ("110105********002X"), NUL-terminated */
    const char *value;               /* the raw bytes (length of them) with show_values, else NULL;
                                        borrowed for the duration of the callback */
} outis_finding;

/* Called for each finding, in increasing offset within a source. Return nonzero to stop:
 * the scan then fails with OUTIS_ECANCELED. */
typedef int (*outis_finding_cb)(const outis_finding *finding, void *payload);

/* Counts of a scan. Every scan function adds to the counts it is given, so one struct can
 * sum several calls; zero it before the first. */
typedef struct outis_scan_stats {
    uint64_t bytes;              /* bytes scanned */
    uint64_t files;              /* files scanned */
    uint64_t files_binary;       /* files skipped: a NUL byte in their first 8 KiB */
    uint64_t files_unreadable;   /* files that could not be opened or read */
    uint64_t files_invalid_utf8; /* files with invalid UTF-8 (scanned as bytes) */
    uint64_t invalid_utf8;       /* bytes that are not valid UTF-8 */
    uint64_t findings;
    uint64_t by_entity[OUTIS_SCAN_MAX_ENTITIES]; /* findings per entity */
} outis_scan_stats;

/* Scans data[0..len) in one pass (Hyperscan block mode). name is the finding's source. stats
 * may be NULL. Errors: OUTIS_EINVAL (NULL scanner), OUTIS_ENOMEM, OUTIS_ECANCELED (the
 * callback stopped the scan). */
OUTIS_API int outis_scan_buffer(outis_scan_stats *stats, const outis_scanner *sc, const char *data,
                                size_t len, const char *name, outis_finding_cb cb, void *payload,
                                outis_error *err);

/* ---- Streams: text given in pieces of any size ---- */

typedef struct outis_scan_stream outis_scan_stream;

/* Opens a stream over text that arrives in pieces; findings that cross the pieces' edges are
 * found as in one buffer, with memory bounded whatever the length. name is borrowed until the
 * stream is closed. Errors: OUTIS_EINVAL, OUTIS_ENOMEM. */
OUTIS_API int outis_scan_stream_open(outis_scan_stream **out, const outis_scanner *sc,
                                     const char *name, outis_finding_cb cb, void *payload,
                                     outis_error *err);
/* Scans the next len bytes. Findings are reported once the text after them is known. After
 * an error only outis_scan_stream_close may be called. */
OUTIS_API int outis_scan_stream_write(outis_scan_stream *st, const char *data, size_t len,
                                      outis_error *err);
/* Ends the text, reports the last findings, adds the counts to stats (may be NULL) and frees
 * the stream, whatever it returns. A NULL stream is a no-op returning 0. */
OUTIS_API int outis_scan_stream_close(outis_scan_stream *st, outis_scan_stats *stats,
                                      outis_error *err);

/* ---- Files and directory trees ---- */

enum outis_file_status {
    OUTIS_FILE_SCANNED = 0,
    OUTIS_FILE_BINARY = 1,    /* skipped: a NUL byte in its first 8 KiB */
    OUTIS_FILE_UNREADABLE = 2 /* skipped: see error */
};

/* What became of one file. */
typedef struct outis_scan_file_info {
    const char *path;
    int status;            /* enum outis_file_status */
    uint64_t bytes;        /* bytes scanned */
    uint64_t findings;     /* findings reported */
    uint64_t invalid_utf8; /* bytes that are not valid UTF-8 (scanned as they are) */
    outis_error error;     /* OUTIS_FILE_UNREADABLE: why */
} outis_scan_file_info;

typedef int (*outis_file_cb)(const outis_scan_file_info *info, void *payload);

/* Scans one file ("-" is standard input) in chunks of the scanner's chunk_size with
 * Hyperscan's streaming mode, so memory stays bounded whatever the size. A file with a NUL
 * byte in its first 8 KiB is not scanned: status OUTIS_FILE_BINARY, and 0 is returned.
 * info and stats may be NULL. Errors: OUTIS_EIO (cannot open or read; err->source is the
 * path), OUTIS_EINVAL, OUTIS_ENOMEM, OUTIS_ECANCELED. */
OUTIS_API int outis_scan_file(outis_scan_file_info *info, outis_scan_stats *stats,
                              const outis_scanner *sc, const char *path, outis_finding_cb cb,
                              void *payload, outis_error *err);

#define OUTIS_SCAN_PATH_OPTIONS_VERSION 1

typedef struct outis_scan_path_options {
    int version;                /* OUTIS_SCAN_PATH_OPTIONS_VERSION */
    const char *const *include; /* fnmatch globs; when given, a file must match one */
    size_t include_count;
    const char *const *exclude; /* files and directories matching any are skipped */
    size_t exclude_count;
    unsigned threads; /* files scanned at once; 0: one per online CPU */
    /* Called after each file's findings, with the same payload as the findings. */
    outis_file_cb on_file;
} outis_scan_path_options;

#define OUTIS_SCAN_PATH_OPTIONS_INIT                                                               \
    {                                                                                              \
        OUTIS_SCAN_PATH_OPTIONS_VERSION, NULL, 0, NULL, 0, 0, NULL                                 \
    }

/* Scans a file, or every file under a directory (recursively, following symbolic links but
 * entering each directory once, so links cannot loop). A glob without '/' matches the base
 * name, one with '/' the path relative to the root (FNM_PATHNAME); a file named as the path
 * itself is scanned whatever the globs. Only regular files are read. Files are scanned on
 * several threads but reported in sorted path order (byte order, depth first), each file's
 * findings then its on_file call, so the output is the same whatever the thread count. The
 * callbacks are never called concurrently, but may be called from worker threads. A file
 * that cannot be read is reported (OUTIS_FILE_UNREADABLE) and the scan goes on. A regular
 * file named as the path itself and at least 8 MiB long is cut after line ends into pieces
 * scanned on the threads (each read with 64 KiB of the text on either side), with the
 * findings, lines and counts of a scan of the whole file. opts and
 * stats may be NULL. Errors: OUTIS_EIO (the root cannot be read), OUTIS_EINVAL,
 * OUTIS_ENOMEM, OUTIS_ECANCELED. */
OUTIS_API int outis_scan_path(outis_scan_stats *stats, const outis_scanner *sc, const char *path,
                              const outis_scan_path_options *opts, outis_finding_cb cb,
                              void *payload, outis_error *err);

/* ---- Single values ---- */

typedef struct outis_value_match {
    size_t entity;
    int verdict;       /* enum outis_verdict */
    double confidence; /* the entity's confidence without context (lower when only plausible) */
    /* In text this value needs context: the entity does (its info says so), or this form of
     * it does (nine digits of an SSN without its dashes, which most 9-digit numbers pass). */
    int needs_context;
} outis_value_match;

/* Which entities the whole value s[0..len) is, surrounding ASCII spaces ignored: every enabled
 * detector whose validator accepts it, best first (confidence, then entity order). Entities
 * that need context in text are included (their info says so): a column's header is context.
 * Writes up to cap matches to out and returns how many it wrote. No allocation, no pattern
 * matching: a value's length and byte classes select the validators to run. Thread-safe. */
OUTIS_API size_t outis_scan_value(outis_value_match *out, size_t cap, const outis_scanner *sc,
                                  const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
