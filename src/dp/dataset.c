/* dataset.c - a dataset's identifier for the ledger: the XXH3-128 of its bytes (exactly
 * `xxhsum -H2` up to 64 MiB; above, the hash of its 64 MiB chunks' hashes, computed on every
 * core). */
#include "outis/dp.h"

#include "util/alloc.h"
#include "util/error_int.h"
#include "util/parallel.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#define ID_READ_BUFFER (1u << 20)
#define ID_MAP_WINDOW ((size_t)64 << 20) /* a multiple of any page size */

static int id_hex(char out[33], XXH3_state_t *state)
{
    XXH128_canonical_t c; /* big-endian: the hex that xxhsum -H2 prints */
    XXH128_canonicalFromHash(&c, XXH3_128bits_digest(state));
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof c.digest; i++) {
        out[2 * i] = hex[c.digest[i] >> 4];
        out[2 * i + 1] = hex[c.digest[i] & 15];
    }
    out[32] = '\0';
    return 0;
}

typedef struct id_chunks {
    int fd;
    uint64_t size;
    unsigned char (*digest)[16];
    int failed;
} id_chunks;

/* The XXH3-128 of len bytes at offset at, read with pread: for files that cannot be mapped. */
static int read_chunk(XXH128_canonical_t *d, int fd, uint64_t at, size_t len)
{
    unsigned char *buf = ou_malloc(ID_READ_BUFFER);
    XXH3_state_t state;
    XXH3_128bits_reset(&state);
    size_t done = 0;
    while (buf != NULL && done < len) {
        const size_t want = len - done < ID_READ_BUFFER ? len - done : ID_READ_BUFFER;
        const ssize_t n = pread(fd, buf, want, (off_t)(at + done));
        if (n <= 0 && !(n < 0 && errno == EINTR)) {
            break;
        }
        if (n > 0) {
            XXH3_128bits_update(&state, buf, (size_t)n);
            done += (size_t)n;
        }
    }
    ou_free(buf);
    if (done < len) {
        return -1;
    }
    XXH128_canonicalFromHash(d, XXH3_128bits_digest(&state));
    return 0;
}

static void id_chunk(void *arg, size_t i, unsigned thread)
{
    id_chunks *c = arg;
    const uint64_t at = (uint64_t)i * ID_MAP_WINDOW;
    const size_t len = c->size - at < ID_MAP_WINDOW ? (size_t)(c->size - at) : ID_MAP_WINDOW;
    (void)thread;
    XXH128_canonical_t d;
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, c->fd, (off_t)at);
    if (map != MAP_FAILED) {
        posix_madvise(map, len, POSIX_MADV_SEQUENTIAL);
        XXH128_canonicalFromHash(&d, XXH3_128bits(map, len));
        munmap(map, len);
    } else if (read_chunk(&d, c->fd, at, len) < 0) { /* the same hash, read instead */
        c->failed = 1; /* any thread may set it: a plain flag, read after the join */
        return;
    }
    memcpy(c->digest[i], d.digest, sizeof d.digest);
}

/* Files over ID_MAP_WINDOW: the hash of the 64 MiB chunks' hashes and the size, so that the
 * chunks are hashed in parallel and in place (mapped, not copied). -1 if a chunk cannot be
 * mapped. */
static int id_tree(XXH3_state_t *state, int fd, uint64_t size)
{
    const size_t n = (size_t)((size + ID_MAP_WINDOW - 1) / ID_MAP_WINDOW);
    id_chunks c = {fd, size, ou_mallocarray(n, 16), 0};
    if (c.digest == NULL) {
        return -1;
    }
    par_for(par_threads(0), n, id_chunk, &c);
    if (!c.failed) {
        unsigned char le[8];
        for (int i = 0; i < 8; i++) {
            le[i] = (unsigned char)(size >> (8 * i));
        }
        XXH3_128bits_update(state, c.digest, n * 16);
        XXH3_128bits_update(state, le, sizeof le);
    }
    ou_free(c.digest);
    return c.failed ? -1 : 0;
}

/* A dataset is named by a hash of its bytes so that the same file gets the same budget
 * wherever it is and whatever it is called. XXH3-128 is an identifier, not a security
 * boundary: anyone can change one byte of a file and get a fresh budget, and no hash can stop
 * that (the new file is, to the ledger, another dataset). What a data holder controls is the
 * label and who may write the ledger; the hash only has to make accidental collisions
 * negligible (2^-64 at 2^32 files), and XXH3 does so at memory speed. Up to 64 MiB it is
 * exactly `xxhsum -H2`; above, a hash of the chunks' hashes (id_tree), two cores' worth
 * faster. */
OUTIS_API int outis_dataset_id(char out[33], const char *path, outis_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    if (out == NULL || path == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no output or path given");
    }
    out[0] = '\0';
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int rc = ou_err_errno(err, "cannot open", errno);
        ou_err_source(err, path);
        return rc;
    }
    XXH3_state_t state; /* 64-byte aligned by its type */
    XXH3_128bits_reset(&state);
    int rc = 0;
    struct stat st;
    /* A regular file is hashed in place: read() would copy every byte once more. */
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > ID_MAP_WINDOW) {
        rc = id_tree(&state, fd, (uint64_t)st.st_size);
        close(fd);
        if (rc < 0) {
            rc = ou_err_errno(err, "cannot read", errno ? errno : EIO);
            ou_err_source(err, path);
            return rc;
        }
        return id_hex(out, &state);
    }
    unsigned char *buf = ou_malloc(ID_READ_BUFFER);
    if (buf == NULL) {
        close(fd);
        return ou_nomem(err);
    }
    for (;;) {
        ssize_t n = read(fd, buf, ID_READ_BUFFER);
        if (n == 0) {
            break;
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            rc = ou_err_errno(err, "cannot read", errno);
            ou_err_source(err, path);
            break;
        }
        XXH3_128bits_update(&state, buf, (size_t)n);
    }
    ou_free(buf);
    close(fd);
    return rc == 0 ? id_hex(out, &state) : rc;
}
