/* error_int.h - filling outis_error values inside the library. */
#ifndef OUTIS_ERROR_INT_H
#define OUTIS_ERROR_INT_H

#include "outis/error.h"

/* Sets code and a printf-style message; returns code so callers can `return ou_err(...)`.
 * err may be NULL. Location fields are reset to 0 and the source to "" (ou_err_source after
 * it names the file). */
int ou_err(outis_error *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Sets the source name (a file path) if err has none yet. */
void ou_err_source(outis_error *err, const char *source);
/* Sets the location of an error already filled. */
void ou_err_at(outis_error *err, uint64_t line, uint64_t column, uint64_t offset);
int ou_nomem(outis_error *err);
/* OUTIS_EIO: "what: " and the system's reason for errno value e (err may be NULL). */
int ou_err_errno(outis_error *err, const char *what, int e);

#endif
