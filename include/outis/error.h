/* outis/error.h - error values shared by every outis function.
 * A function that can fail returns 0 or a negative OUTIS_E* code and, when the caller passes
 * an outis_error, fills it with a one-line message and, where known, a location. */
#ifndef OUTIS_ERROR_H
#define OUTIS_ERROR_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define OUTIS_API
#else
#define OUTIS_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

enum {
    OUTIS_OK = 0,
    OUTIS_ENOMEM = -1,    /* out of memory */
    OUTIS_EIO = -2,       /* a file could not be opened, read or written */
    OUTIS_EPARSE = -3,    /* input is malformed (CSV syntax, encoding, expression) */
    OUTIS_EINVAL = -4,    /* an argument or option is invalid */
    OUTIS_ENOTFOUND = -5, /* a named thing (column, metric) does not exist */
    OUTIS_ELIMIT = -6,    /* a configured limit was exceeded */
    OUTIS_ECANCELED = -7, /* a progress callback asked to stop */
    OUTIS_EINTERNAL = -8, /* a bug in outis */
    OUTIS_EBUSY = -9      /* a resource (the budget ledger) is locked by another process */
};

/* Filled by a failing call. Location fields are 0 when unknown. The message never contains
 * raw personal values. */
typedef struct outis_error {
    int code;
    uint64_t line;   /* 1-based line of the input */
    uint64_t column; /* 1-based field number (CSV) or character column */
    uint64_t offset; /* 0-based byte offset in the input */
    char source[256];
    char message[256];
} outis_error;

/* A static, never-NULL name for an OUTIS_E* code ("out of memory", ...). */
OUTIS_API const char *outis_strerror(int code);

/* The library version, "MAJOR.MINOR.PATCH". */
OUTIS_API const char *outis_version(void);

/* Frees memory that an outis function returned to the caller as a plain pointer. */
OUTIS_API void outis_free(void *ptr);

/* Progress: done and total in the unit the caller documents (bytes for loads; total 0 when
 * unknown). Return nonzero to cancel; the call then fails with OUTIS_ECANCELED. */
typedef int (*outis_progress_cb)(uint64_t done, uint64_t total, void *payload);

#ifdef __cplusplus
}
#endif
#endif
