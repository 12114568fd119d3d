/* fdio.h - reading a file descriptor through short and interrupted reads. */
#ifndef OUTIS_FDIO_H
#define OUTIS_FDIO_H

#include "outis/error.h"

#include <stddef.h>
#include <stdint.h>

/* Reads from fd's position until n bytes or the end of the file: *got (short only at the
 * end). Interrupted reads are retried. 0, or OUTIS_EIO with "cannot read" and the system's
 * reason in err (which may be NULL: errno then still says why). */
int ou_read_full(int fd, void *dst, size_t n, size_t *got, outis_error *err);
/* The same at offset off, without moving fd's position (pread). */
int ou_pread_full(int fd, void *dst, size_t n, uint64_t off, size_t *got, outis_error *err);

#endif
