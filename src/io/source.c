/* source.c - reading raw input and converting it to UTF-8; see source.h. */
#define _GNU_SOURCE
#include "source.h"

#include "util/alloc.h"
#include "util/bytes.h"
#include "util/error_int.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define RAW_CHUNK (1u << 20)

static int is_utf8_name(const char *enc)
{
    return enc == NULL || strcasecmp(enc, "utf-8") == 0 || strcasecmp(enc, "utf8") == 0;
}

static int open_iconv(source *s, const char *encoding, outis_error *err)
{
    s->cd = (iconv_t)-1;
    s->encoding = encoding;
    if (is_utf8_name(encoding)) {
        return 0;
    }
    s->cd = iconv_open("UTF-8", encoding);
    if (s->cd == (iconv_t)-1) {
        return ou_err(err, OUTIS_EINVAL, "unknown encoding '%s' (see 'iconv --list')", encoding);
    }
    s->raw_cap = RAW_CHUNK;
    s->raw = ou_malloc(s->raw_cap);
    if (s->raw == NULL) {
        iconv_close(s->cd);
        s->cd = (iconv_t)-1;
        return ou_nomem(err);
    }
    return 0;
}

int source_open(source *s, const char *path, const char *encoding, outis_error *err)
{
    memset(s, 0, sizeof *s);
    s->name = path;
    s->cd = (iconv_t)-1;
    if (strcmp(path, "-") == 0) {
        s->fd = STDIN_FILENO;
        s->name = "<stdin>";
    } else {
        s->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (s->fd < 0) {
            return ou_err_errno(err, "cannot open", errno);
        }
        s->owns_fd = 1;
        struct stat st;
        if (fstat(s->fd, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                close(s->fd);
                return ou_err(err, OUTIS_EIO, "cannot read: is a directory");
            }
            if (S_ISREG(st.st_mode)) {
                s->size = (uint64_t)st.st_size;
                posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
            }
        }
    }
    int rc = open_iconv(s, encoding, err);
    if (rc < 0 && s->owns_fd) {
        close(s->fd);
    }
    return rc;
}

int source_open_buffer(source *s, const char *data, size_t len, const char *name,
                       const char *encoding, outis_error *err)
{
    memset(s, 0, sizeof *s);
    s->name = name;
    s->fd = -1;
    s->mem = data;
    s->mem_len = len;
    s->size = len;
    return open_iconv(s, encoding, err);
}

/* Raw bytes, before any conversion. */
static int read_raw(source *s, char *dst, size_t cap, size_t *got, outis_error *err)
{
    if (s->fd < 0) {
        size_t n = s->mem_len - s->mem_pos;
        n = n < cap ? n : cap;
        if (n > 0) {
            memcpy(dst, s->mem + s->mem_pos, n);
        }
        s->mem_pos += n;
        *got = n;
        return 0;
    }
    for (;;) {
        ssize_t n = read(s->fd, dst, cap);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return ou_err_errno(err, "cannot read", errno);
        }
        *got = (size_t)n;
        return 0;
    }
}

static int convert(source *s, char *dst, size_t cap, size_t *got, outis_error *err)
{
    size_t produced = 0;
    while (produced == 0) {
        if (!s->is_eof && s->raw_len < s->raw_cap) {
            size_t n;
            int rc = read_raw(s, s->raw + s->raw_len, s->raw_cap - s->raw_len, &n, err);
            if (rc < 0) {
                return rc;
            }
            s->is_eof = n == 0;
            s->raw_len += n;
        }
        char *in = s->raw, *out = dst;
        size_t inleft = s->raw_len, outleft = cap;
        size_t r = iconv(s->cd, &in, &inleft, &out, &outleft);
        size_t used = s->raw_len - inleft;
        s->raw_lines += bytes_count(s->raw, used, '\n');
        s->raw_done += used;
        produced = cap - outleft;
        if (r == (size_t)-1 && errno == EILSEQ) {
            int rc = ou_err(err, OUTIS_EPARSE, "invalid %s input at byte offset %llu", s->encoding,
                            (unsigned long long)s->raw_done);
            ou_err_at(err, s->raw_lines + 1, 0, s->raw_done);
            return rc;
        }
        memmove(s->raw, in, inleft);
        s->raw_len = inleft;
        if (s->is_eof && inleft == 0 && !s->is_flushed) {
            /* Stateful encodings (ISO-2022) may owe a final shift sequence. */
            char *o = dst + produced;
            size_t left = cap - produced;
            if (iconv(s->cd, NULL, NULL, &o, &left) != (size_t)-1) {
                produced = cap - left;
                s->is_flushed = 1;
            }
        }
        if (s->is_eof) {
            if (produced == 0 && inleft > 0) {
                int rc = ou_err(err, OUTIS_EPARSE, "truncated %s input at byte offset %llu",
                                s->encoding, (unsigned long long)s->raw_done);
                ou_err_at(err, s->raw_lines + 1, 0, s->raw_done);
                return rc;
            }
            break;
        }
        if (produced == 0 && r == (size_t)-1 && errno == E2BIG) {
            /* Callers keep room for a whole character; nothing produced must not read as
             * the end of the input. */
            return ou_err(err, OUTIS_EINTERNAL, "no room to convert one character");
        }
    }
    *got = produced;
    return 0;
}

int source_read(source *s, char *dst, size_t cap, size_t *got, outis_error *err)
{
    if (s->cd != (iconv_t)-1) {
        return convert(s, dst, cap, got, err);
    }
    int rc = read_raw(s, dst, cap, got, err);
    if (rc == 0) {
        s->raw_done += *got;
    }
    return rc;
}

int source_map(source *s, const char **data, size_t *len)
{
    if (s->fd < 0 || s->cd != (iconv_t)-1 || s->size == 0 || s->size > SIZE_MAX / 2 ||
        s->raw_done != 0) {
        return 1;
    }
    void *p = mmap(NULL, (size_t)s->size, PROT_READ, MAP_PRIVATE, s->fd, 0);
    if (p == MAP_FAILED) {
        return 1;
    }
    madvise(p, (size_t)s->size, MADV_SEQUENTIAL);
    s->map = p;
    s->map_len = (size_t)s->size;
    *data = s->map;
    *len = s->map_len;
    return 0;
}

void source_close(source *s)
{
    if (s->map != NULL) {
        munmap((void *)(uintptr_t)s->map, s->map_len);
    }
    if (s->owns_fd) {
        close(s->fd);
    }
    if (s->cd != (iconv_t)-1) {
        iconv_close(s->cd);
    }
    ou_free(s->raw);
    memset(s, 0, sizeof *s);
    s->fd = -1;
    s->cd = (iconv_t)-1;
}
