/* seek_sample.c - a random sample of the rows of a big CSV or JSON Lines file, read at random
 * byte offsets instead of from start to end, so its cost follows the sample, not the file:
 * the classifier's --sample and the values of its columns with many distinct values. An
 * offset falls in a row with a probability proportional to the row's length; the row is kept
 * with probability (a length bound) / (its length), which makes every row longer than the
 * bound equally likely (Devroye, "Non-Uniform Random Variate Generation", 1986, II.3:
 * rejection). Rows are drawn without replacement. */
#define _GNU_SOURCE /* memrchr */
#include "outis/classify.h"

#include "io/jsonl.h"
#include "io/source.h"
#include "table/table_int.h"
#include "util/alloc.h"
#include "util/error_int.h"
#include "util/rng.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define PILOT 64             /* rows drawn to set the length bound */
#define MAX_DRAWS_PER_ROW 64 /* then the file is read whole instead */

typedef struct span {
    size_t start, end; /* [start, end): the line without its '\n' */
} span;

typedef struct sampler {
    const char *map;
    size_t size;
    size_t data; /* first byte of the first record */
    rng_state *rng;
    int is_csv;
} sampler;

/* The line that holds byte u. */
static span line_at(const sampler *s, size_t u)
{
    const char *p = s->map;
    size_t b = u;
    const char *prev = memrchr(p + s->data, '\n', u - s->data);
    size_t a = prev != NULL ? (size_t)(prev - p) + 1 : s->data;
    const char *nl = memchr(p + b, '\n', s->size - b);
    b = nl != NULL ? (size_t)(nl - p) : s->size;
    return (span){a, b};
}

static int is_blank(const sampler *s, span l)
{
    return l.end == l.start || (l.end == l.start + 1 && s->map[l.start] == '\r');
}

/* Whether the line holds an odd number of quotes (CSV): it is part of a quoted line break. */
static int odd_quotes(const sampler *s, span l)
{
    size_t q = 0;
    for (const char *p = s->map + l.start; (p = memchr(p, '"', s->map + l.end - p)) != NULL; p++) {
        q++;
    }
    return (int)(q & 1);
}

static int cmp_span(const void *a, const void *b)
{
    const span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Draws n distinct lines into out (sorted by offset): 0, or 1 when the file should be read
 * whole (quoted line breaks, or rows too few or too uneven to draw them this way). */
static int draw(sampler *s, span *out, size_t n, outis_error *err)
{
    size_t span_len = s->size - s->data, bound = SIZE_MAX, total = 0;
    for (int i = 0; i < PILOT; i++) {
        span l = line_at(s, s->data + (size_t)rng_uniform64(s->rng, span_len));
        size_t len = l.end - l.start + 1;
        bound = len < bound ? len : bound;
        total += len;
    }
    /* a row drawn by offset is on average longer than the average row, so total / PILOT
     * overestimates the row length and underestimates the rows: the check is cautious */
    if ((uint64_t)n * 4 > span_len / (total / PILOT)) {
        return 1;
    }
    bound = bound / 2 > 0 ? bound / 2 : 1;
    /* accepted starts in an open-addressing set, to draw without replacement */
    size_t cap = 1;
    while (cap < 2 * n) {
        cap <<= 1;
    }
    size_t *seen = ou_mallocarray(cap, sizeof *seen);
    if (seen == NULL) {
        return ou_nomem(err);
    }
    memset(seen, 0xff, cap * sizeof *seen);
    size_t got = 0, draws = 0;
    int rc = 0;
    while (got < n && rc == 0) {
        if (++draws > (uint64_t)n * MAX_DRAWS_PER_ROW) {
            rc = 1;
            break;
        }
        span l = line_at(s, s->data + (size_t)rng_uniform64(s->rng, span_len));
        size_t len = l.end - l.start + 1;
        if (len > bound && rng_uniform64(s->rng, len) >= bound) {
            continue; /* kept with probability bound / len */
        }
        if (is_blank(s, l)) {
            continue;
        }
        if (s->is_csv && odd_quotes(s, l)) {
            rc = 1;
            break;
        }
        size_t h = (l.start * 0x9e3779b97f4a7c15ull) & (cap - 1);
        while (seen[h] != SIZE_MAX && seen[h] != l.start) {
            h = (h + 1) & (cap - 1);
        }
        if (seen[h] == l.start) {
            continue;
        }
        seen[h] = l.start;
        out[got++] = l;
    }
    ou_free(seen);
    if (rc == 0) {
        qsort(out, n, sizeof *out, cmp_span);
    }
    return rc;
}

/* The header (CSV) and the lines, each ending in '\n', in one buffer. */
static char *assemble(const sampler *s, const span *lines, size_t n, size_t *len)
{
    size_t total = s->data + 1;
    for (size_t i = 0; i < n; i++) {
        total += lines[i].end - lines[i].start + 1;
    }
    char *buf = ou_malloc(total);
    if (buf == NULL) {
        return NULL;
    }
    memcpy(buf, s->map, s->data);
    size_t k = s->data;
    for (size_t i = 0; i < n; i++) {
        size_t l = lines[i].end - lines[i].start;
        memcpy(buf + k, s->map + lines[i].start, l);
        k += l;
        buf[k++] = '\n';
    }
    *len = k;
    return buf;
}

static int read_buffer(outis_table **out, const char *buf, size_t len, const char *path, int is_csv,
                       const outis_read_options *opts, outis_error *err)
{
    if (is_csv) {
        return outis_table_read_csv_buffer(out, buf, len, path, &opts->csv, err);
    }
    outis_table *t = ou_calloc(1, sizeof *t);
    if (t == NULL) {
        return ou_nomem(err);
    }
    source src;
    int rc = source_open_buffer(&src, buf, len, path, opts->csv.encoding, err);
    if (rc == 0) {
        rc = jsonl_read(&t->data, &src, &opts->csv, NULL, err);
        source_close(&src);
    }
    if (rc < 0) {
        ou_free(t);
        ou_err_source(err, path);
        return rc;
    }
    *out = t;
    return 0;
}

/* Draws the lines into a buffer: 0 with *buf (the header and the lines), 1 to read the file
 * whole, or an error. */
static int sample_mapped(char **buf, size_t *len, sampler *s, size_t n, outis_error *err)
{
    if (s->is_csv) {
        /* the records start after the header line, which must hold no quoted line break */
        const char *nl = memchr(s->map, '\n', s->size);
        if (nl == NULL || memchr(s->map, '"', (size_t)(nl - s->map)) != NULL) {
            return 1;
        }
        s->data = (size_t)(nl - s->map) + 1;
    }
    if (s->data >= s->size) {
        return 1;
    }
    span *lines = ou_mallocarray(n, sizeof *lines);
    if (lines == NULL) {
        return ou_nomem(err);
    }
    int rc = draw(s, lines, n, err);
    if (rc == 0 && (*buf = assemble(s, lines, n, len)) == NULL) {
        rc = ou_nomem(err);
    }
    ou_free(lines);
    return rc;
}

int outis_table_sample_seek(outis_table **out, const char *source_name,
                            const outis_read_options *opts, outis_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
    if (out == NULL || source_name == NULL || opts == NULL || opts->sample == 0) {
        return ou_err(err, OUTIS_EINVAL, "no output, source or sample size");
    }
    *out = NULL;
    int format = opts->format ? opts->format : outis_table_source_format(source_name);
    if (format == OUTIS_FORMAT_SQLITE || strcmp(source_name, "-") == 0) {
        return 1;
    }
    int fd = open(source_name, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
        if (fd >= 0) {
            close(fd);
        }
        return 1; /* the whole reader says what is wrong */
    }
    size_t size = (size_t)st.st_size;
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) {
        return 1;
    }
    posix_madvise(map, size, POSIX_MADV_RANDOM);
    rng_state *rng = ou_malloc(sizeof *rng);
    int rc = rng == NULL ? ou_nomem(err) : 0;
    if (rc == 0 && opts->has_seed) {
        rng_init_seeded(rng, opts->seed);
    } else if (rc == 0 && rng_init(rng) < 0) {
        rc = ou_err(err, OUTIS_EINTERNAL, "cannot initialise the random generator");
    }
    char *buf = NULL;
    size_t len = 0;
    if (rc == 0) {
        sampler s = {map, size, 0, rng, format == OUTIS_FORMAT_CSV};
        rc = sample_mapped(&buf, &len, &s, opts->sample, err);
    }
    if (rng != NULL) {
        rng_wipe(rng);
        ou_free(rng);
    }
    /* unmapped before the parser starts its threads: no TLB shootdowns on them */
    munmap(map, size);
    if (rc == 0) {
        rc = read_buffer(out, buf, len, source_name, format == OUTIS_FORMAT_CSV, opts, err);
    }
    ou_free(buf);
    return rc;
}
