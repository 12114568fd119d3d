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
#include "util/fdio.h"
#include "util/error_int.h"
#include "util/parallel.h"
#include "util/rng.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PILOT 64             /* rows drawn to set the length bound */
#define MAX_DRAWS_PER_ROW 64 /* then the file is read whole instead */
/* ... counted for 256 rows at least: a draw of a few rows (those drawn twice, drawn again)
 * must not give up after a few unlucky draws of long rows */
#define MIN_DRAW_ROWS 256

#define WINDOW 512 /* bytes read on each side of a drawn offset to find its line */

typedef struct span {
    size_t start, end; /* [start, end): the line without its '\n' */
    size_t copy;       /* where its bytes are in the drawing sampler's lines */
    const char *bytes; /* once drawn: its bytes */
} span;

/* The file is read with pread, never mapped: a drawn row costs a read of about 2 * WINDOW
 * bytes, and no page of the file is mapped into the process (with a mapping, each fault
 * maps the pages around it too, and a sample of 100,000 rows ends up touching every page of
 * a 2.4 GB file: the time then grows with the file). */
typedef struct sampler {
    int fd;
    size_t size;
    size_t data; /* first byte of the first record */
    rng_state *rng;
    int is_csv;
    char *win;   /* 2 * WINDOW bytes */
    char *lines; /* the accepted lines' bytes, in the order drawn */
    size_t lines_len, lines_cap;
    unsigned threads;   /* 0: one per online CPU */
    char **parts_lines; /* the lines of the threads' samplers, freed with this one */
    size_t parts;
} sampler;

/* Reads [from, to) into dst: 0, or -1 on a read error or a file that shrank. */
static int read_at(const sampler *s, char *dst, size_t from, size_t to)
{
    size_t got;
    return ou_pread_full(s->fd, dst, to - from, from, &got, NULL) == 0 && got == to - from ? 0 : -1;
}

/* The last '\n' in [from, to), searched backward WINDOW bytes at a time: its offset, or
 * SIZE_MAX. */
static size_t newline_before(const sampler *s, size_t from, size_t to, int *bad)
{
    while (to > from) {
        size_t lo = to - from > WINDOW ? to - WINDOW : from;
        if (read_at(s, s->win, lo, to) < 0) {
            *bad = 1;
            return SIZE_MAX;
        }
        const char *nl = memrchr(s->win, '\n', to - lo);
        if (nl != NULL) {
            return lo + (size_t)(nl - s->win);
        }
        to = lo;
    }
    return SIZE_MAX;
}

/* The first '\n' in [from, size): its offset, or SIZE_MAX. */
static size_t newline_after(const sampler *s, size_t from, int *bad)
{
    while (from < s->size) {
        size_t hi = s->size - from > WINDOW ? from + WINDOW : s->size;
        if (read_at(s, s->win, from, hi) < 0) {
            *bad = 1;
            return SIZE_MAX;
        }
        const char *nl = memchr(s->win, '\n', hi - from);
        if (nl != NULL) {
            return from + (size_t)(nl - s->win);
        }
        from = hi;
    }
    return SIZE_MAX;
}

/* The line that holds byte u; its bytes are in s->win + (start - *win_at) when the window
 * read first holds it whole (*win_at is SIZE_MAX otherwise). */
static span line_at(const sampler *s, size_t u, size_t *win_at, int *bad)
{
    size_t lo = u - s->data > WINDOW ? u - WINDOW : s->data;
    size_t hi = s->size - u > WINDOW ? u + WINDOW : s->size;
    span l = {s->data, s->size, 0, NULL};
    *win_at = SIZE_MAX;
    if (read_at(s, s->win, lo, hi) < 0) {
        *bad = 1;
        return l;
    }
    const char *a = memrchr(s->win, '\n', u - lo), *b = memchr(s->win + (u - lo), '\n', hi - u);
    if (a != NULL) {
        l.start = lo + (size_t)(a - s->win) + 1;
    } else if (lo > s->data) {
        size_t nl = newline_before(s, s->data, lo, bad);
        l.start = nl != SIZE_MAX ? nl + 1 : s->data;
    }
    if (b != NULL) {
        l.end = lo + (size_t)(b - s->win);
    } else if (hi < s->size) {
        size_t nl = newline_after(s, hi, bad);
        l.end = nl != SIZE_MAX ? nl : s->size;
    }
    if (a != NULL || lo == s->data) {
        if (b != NULL || hi == s->size) {
            *win_at = lo;
        }
    }
    return l;
}

/* Whether the line is empty or a lone CR. */
static int is_blank(span l, const char *bytes)
{
    return l.end == l.start || (l.end == l.start + 1 && bytes[0] == '\r');
}

/* Whether the line holds an odd number of quotes (CSV): it is part of a quoted line break. */
static int odd_quotes(const char *p, size_t n)
{
    size_t q = 0;
    for (const char *end = p + n; (p = memchr(p, '"', (size_t)(end - p))) != NULL; p++) {
        q++;
    }
    return (int)(q & 1);
}

/* Copies the accepted line's bytes into s->lines (from the window, or read again). */
static int keep_line(sampler *s, span *l, size_t win_at, outis_error *err)
{
    size_t n = l->end - l->start;
    if (s->lines_cap - s->lines_len < n) {
        size_t cap = s->lines_cap ? s->lines_cap : 1 << 16;
        while (cap - s->lines_len < n) {
            cap *= 2;
        }
        char *p = ou_reallocarray(s->lines, cap, 1);
        if (p == NULL) {
            return ou_nomem(err);
        }
        s->lines = p;
        s->lines_cap = cap;
    }
    char *dst = s->lines + s->lines_len;
    if (win_at != SIZE_MAX) {
        memcpy(dst, s->win + (l->start - win_at), n);
    } else if (read_at(s, dst, l->start, l->end) < 0) {
        return 1; /* the whole reader says what is wrong */
    }
    l->copy = s->lines_len;
    s->lines_len += n;
    return 0;
}

static int cmp_span(const void *a, const void *b)
{
    const span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Draws n distinct lines into out, none of them among the nskip sorted lines of skip; a
 * line is kept with probability bound / its length: 0, 1 when the file should be read whole
 * (a quoted line break, too many draws), or an error. The bytes of out's lines are in
 * s->lines at their copy offsets. */
static int draw_rows(sampler *s, span *out, size_t n, size_t bound, const span *skip, size_t nskip,
                     outis_error *err)
{
    size_t span_len = s->size - s->data, win_at;
    int bad = 0;
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
        if (++draws > (uint64_t)(n > MIN_DRAW_ROWS ? n : MIN_DRAW_ROWS) * MAX_DRAWS_PER_ROW) {
            rc = 1;
            break;
        }
        span l = line_at(s, s->data + (size_t)rng_uniform64(s->rng, span_len), &win_at, &bad);
        size_t len = l.end - l.start + 1;
        if (bad) {
            rc = 1;
            break;
        }
        if (len > bound && rng_uniform64(s->rng, len) >= bound) {
            continue; /* kept with probability bound / len */
        }
        if (win_at != SIZE_MAX && is_blank(l, s->win + (l.start - win_at))) {
            continue; /* a line longer than the window is not blank */
        }
        if (nskip > 0 && bsearch(&l, skip, nskip, sizeof *skip, cmp_span) != NULL) {
            continue;
        }
        if ((rc = keep_line(s, &l, win_at, err)) != 0) {
            break;
        }
        if (s->is_csv && odd_quotes(s->lines + l.copy, l.end - l.start)) {
            rc = 1;
            break;
        }
        size_t h = (l.start * 0x9e3779b97f4a7c15ull) & (cap - 1);
        while (seen[h] != SIZE_MAX && seen[h] != l.start) {
            h = (h + 1) & (cap - 1);
        }
        if (seen[h] == l.start) {
            s->lines_len = l.copy; /* drawn before */
            continue;
        }
        seen[h] = l.start;
        out[got++] = l;
    }
    ou_free(seen);
    return rc;
}

/* A sample of n rows is drawn in n / PART_ROWS parts (at most MAX_PARTS), each with its own
 * generator, whatever the number of threads that run them: the same seed draws the same rows
 * on any machine. */
#define PART_ROWS 16384
#define MAX_PARTS 64

typedef struct part {
    sampler s;
    span *out;
    size_t n, bound;
    int rc;
    outis_error err;
} part;

static void draw_part(void *ctx, size_t t, unsigned thread)
{
    (void)thread;
    part *p = &((part *)ctx)[t];
    p->rc = draw_rows(&p->s, p->out, p->n, p->bound, NULL, 0, &p->err);
}

/* Sets the bytes of lines [from, to) of out, drawn by s. */
static void set_bytes(span *out, size_t from, size_t to, const sampler *s)
{
    for (size_t i = from; i < to; i++) {
        out[i].bytes = s->lines + out[i].copy;
    }
}

/* Draws n distinct lines in `parts` parts, each with its own generator seeded from s's, on
 * up to `threads` threads: the reads are system calls, which the threads overlap. Lines drawn
 * by two parts are drawn again, by s, among the others. */
static int draw_parallel(sampler *s, span *out, size_t n, size_t bound, unsigned parts,
                         unsigned threads, outis_error *err)
{
    part *p = ou_calloc(parts, sizeof *p);
    s->parts_lines = ou_calloc(parts, sizeof *s->parts_lines);
    if (p == NULL || s->parts_lines == NULL) {
        ou_free(p);
        return ou_nomem(err);
    }
    int rc = 0;
    size_t at = 0;
    for (unsigned t = 0; t < parts && rc == 0; t++) {
        p[t].s = *s;
        p[t].s.lines = NULL;
        p[t].s.lines_len = p[t].s.lines_cap = 0;
        p[t].s.rng = ou_malloc(sizeof *p[t].s.rng);
        p[t].s.win = ou_malloc(2 * WINDOW);
        if (p[t].s.rng == NULL || p[t].s.win == NULL) {
            rc = ou_nomem(err);
            break;
        }
        rng_init_seeded(p[t].s.rng, rng_uniform64(s->rng, UINT64_MAX));
        p[t].n = n / parts + (t < n % parts);
        p[t].out = out + at;
        p[t].bound = bound;
        at += p[t].n;
    }
    const int ran = rc == 0;
    if (ran) {
        par_for(threads, parts, draw_part, p);
    }
    for (unsigned t = 0; t < parts; t++) {
        if (rc == 0 && p[t].rc != 0) {
            rc = p[t].rc;
            if (rc < 0 && err != NULL) {
                *err = p[t].err;
            }
        }
        if (ran && p[t].rc == 0) {
            set_bytes(p[t].out, 0, p[t].n, &p[t].s);
        }
        s->parts_lines[s->parts++] = p[t].s.lines;
        if (p[t].s.rng != NULL) {
            rng_wipe(p[t].s.rng);
        }
        ou_free(p[t].s.rng);
        ou_free(p[t].s.win);
    }
    ou_free(p);
    if (rc != 0) {
        return rc;
    }
    qsort(out, n, sizeof *out, cmp_span);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m == 0 || out[i].start != out[m - 1].start) {
            out[m++] = out[i];
        }
    }
    if (m < n && (rc = draw_rows(s, out + m, n - m, bound, out, m, err)) == 0) {
        set_bytes(out, m, n, s);
    }
    return rc;
}

/* Draws n distinct lines into out (sorted by offset): 0, or 1 when the file should be read
 * whole (quoted line breaks, rows too few or too uneven to draw them this way, or a read
 * error, which the whole reader reports). */
static int draw(sampler *s, span *out, size_t n, outis_error *err)
{
    size_t span_len = s->size - s->data, bound = SIZE_MAX, total = 0, win_at;
    int bad = 0;
    for (int i = 0; i < PILOT; i++) {
        span l = line_at(s, s->data + (size_t)rng_uniform64(s->rng, span_len), &win_at, &bad);
        size_t len = l.end - l.start + 1;
        bound = len < bound ? len : bound;
        total += len;
    }
    /* a row drawn by offset is on average longer than the average row, so total / PILOT
     * overestimates the row length and underestimates the rows: the check is cautious */
    if (bad || (uint64_t)n * 4 > span_len / (total / PILOT)) {
        return 1;
    }
    bound = bound / 2 > 0 ? bound / 2 : 1;
    const unsigned parts = n / PART_ROWS < MAX_PARTS ? (unsigned)(n / PART_ROWS) : MAX_PARTS;
    unsigned threads = par_threads(s->threads);
    threads = threads < parts ? threads : parts;
    int rc;
    if (parts > 1) {
        rc = draw_parallel(s, out, n, bound, parts, threads, err);
    } else if ((rc = draw_rows(s, out, n, bound, NULL, 0, err)) == 0) {
        set_bytes(out, 0, n, s);
    }
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
    size_t k = 0;
    if (s->data > 0 && read_at(s, buf, 0, s->data) < 0) {
        ou_free(buf);
        return NULL;
    }
    k = s->data;
    for (size_t i = 0; i < n; i++) {
        size_t l = lines[i].end - lines[i].start;
        memcpy(buf + k, lines[i].bytes, l);
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
        rc = jsonl_read(&t->data, &src, &opts->csv, NULL, NULL, err);
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
static int sample_file(char **buf, size_t *len, sampler *s, size_t n, outis_error *err)
{
    if (s->is_csv) {
        /* the records start after the header line, which must hold no quoted line break */
        int bad = 0;
        size_t nl = newline_after(s, 0, &bad);
        if (bad || nl == SIZE_MAX) {
            return 1;
        }
        s->data = nl + 1;
        if (s->data > 0) {
            char *head = ou_malloc(s->data);
            if (head == NULL) {
                return ou_nomem(err);
            }
            int has_quote = read_at(s, head, 0, s->data) < 0 || memchr(head, '"', nl) != NULL;
            ou_free(head);
            if (has_quote) {
                return 1;
            }
        }
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
    rng_state *rng = ou_malloc(sizeof *rng);
    char *win = ou_malloc(2 * WINDOW);
    int rc = rng == NULL || win == NULL ? ou_nomem(err) : 0;
    if (rc == 0 && opts->has_seed) {
        rng_init_seeded(rng, opts->seed);
    } else if (rc == 0 && rng_init(rng) < 0) {
        rc = ou_err(err, OUTIS_EINTERNAL, "cannot initialise the random generator");
    }
    char *buf = NULL;
    size_t len = 0;
    sampler s = {fd,   size, 0, rng, format == OUTIS_FORMAT_CSV, win, NULL, 0, 0, opts->csv.threads,
                 NULL, 0};
    if (rc == 0) {
        rc = sample_file(&buf, &len, &s, opts->sample, err);
    }
    if (rng != NULL) {
        rng_wipe(rng);
        ou_free(rng);
    }
    ou_free(win);
    ou_free(s.lines);
    for (size_t i = 0; i < s.parts; i++) {
        ou_free(s.parts_lines[i]);
    }
    ou_free(s.parts_lines);
    close(fd);
    if (rc == 0) {
        rc = read_buffer(out, buf, len, source_name, format == OUTIS_FORMAT_CSV, opts, err);
    }
    ou_free(buf);
    return rc;
}
