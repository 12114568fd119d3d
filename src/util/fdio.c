/* fdio.c - reading a file descriptor through short and interrupted reads. */
#include "util/fdio.h"

#include "util/error_int.h"

#include <errno.h>
#include <unistd.h>

/* One loop for both: off is UINT64_MAX to read from fd's position. */
static int read_loop(int fd, char *dst, size_t n, uint64_t off, size_t *got, outis_error *err)
{
    *got = 0;
    while (*got < n) {
        ssize_t k = off == UINT64_MAX ? read(fd, dst + *got, n - *got)
                                      : pread(fd, dst + *got, n - *got, (off_t)(off + *got));
        if (k < 0 && errno == EINTR) {
            continue;
        }
        if (k < 0) {
            return ou_err_errno(err, "cannot read", errno);
        }
        if (k == 0) {
            break;
        }
        *got += (size_t)k;
    }
    return 0;
}

int ou_read_full(int fd, void *dst, size_t n, size_t *got, outis_error *err)
{
    return read_loop(fd, dst, n, UINT64_MAX, got, err);
}

int ou_pread_full(int fd, void *dst, size_t n, uint64_t off, size_t *got, outis_error *err)
{
    return read_loop(fd, dst, n, off, got, err);
}
