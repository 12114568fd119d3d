/* split.c - one large file scanned in pieces on several threads. The file is cut just after
 * line ends; each piece is scanned as a stream from SPLIT_MARGIN bytes before it to
 * SPLIT_MARGIN bytes after it, so that walking back, context keywords and values that cross a
 * cut see what a scan of the whole file sees, and keeps only the findings that start in it.
 * A piece's findings are held until the pieces before it are reported, then leave in order,
 * with lines counted from the start of the file. */
#include "scan/scan_int.h"

#include "util/alloc.h"
#include "util/fdio.h"
#include "util/bytes.h"
#include "util/error_int.h"
#include "util/parallel.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bytes read on either side of a piece: far more than a value, its context and the lookahead
 * of a lead word (SCAN_KEEP), so that only a chain of overlapping candidates this long could
 * be resolved differently from a scan of the whole file. */
#define SPLIT_MARGIN ((uint64_t)64 << 10)
#define SPLIT_SNIFF 8192

typedef struct piece {
    uint64_t start, end; /* it reports the findings that start in [start, end) */
    uint64_t from, to;   /* and reads [from, to) */
    uint64_t skipped;    /* line ends in [from, start): its stream counts lines from `from` */
    uint64_t lines;      /* line ends in [start, end) */
    scan_held held;
    outis_scan_stats stats; /* of [start, end) */
    int is_done;
} piece;

typedef struct split_job {
    const outis_scanner *sc;
    const char *path;
    int fd;
    piece *pieces;
    size_t count;
    outis_finding_cb cb;
    void *payload;
    pthread_mutex_t lock;
    size_t next;           /* the first piece not fully reported */
    uint64_t lines_before; /* line ends before pieces[next] */
    scan_stop stop;
} split_job;

typedef struct piece_ctx {
    split_job *job;
    size_t index;
} piece_ctx;

/* Gives a finding of pieces[next] to the caller, its line counted from the file's start. */
static void deliver(split_job *job, const outis_finding *f)
{
    outis_finding g = *f;
    g.line += job->lines_before;
    if (job->stop.rc == 0 && job->cb != NULL && job->cb(&g, job->payload) != 0) {
        scan_stop_canceled(&job->stop);
    }
}

/* Reports what can be reported in order (under the lock). */
static void deliver_ready(split_job *job)
{
    while (job->next < job->count) {
        piece *p = &job->pieces[job->next];
        for (; p->held.delivered < p->held.count; p->held.delivered++) {
            deliver(job, scan_held_at(&p->held, p->held.delivered));
        }
        if (!p->is_done) {
            return;
        }
        job->lines_before += p->lines;
        scan_held_free(&p->held);
        job->next++;
    }
}

static int on_piece_finding(const outis_finding *f, void *payload)
{
    piece_ctx *pc = payload;
    split_job *job = pc->job;
    piece *p = &job->pieces[pc->index];
    if (f->offset < p->start || f->offset >= p->end) {
        return atomic_load(&job->stop.is_stopped); /* another piece's */
    }
    outis_finding g = *f;
    g.line -= p->skipped;
    p->stats.findings++;
    p->stats.by_entity[f->entity]++;
    pthread_mutex_lock(&job->lock);
    if (job->next == pc->index) {
        deliver_ready(job); /* its held findings first */
        deliver(job, &g);
    } else if (scan_held_add(&p->held, &g) < 0) {
        outis_error e;
        scan_stop_fail(&job->stop, ou_nomem(&e), &e);
    }
    int stop = atomic_load(&job->stop.is_stopped);
    pthread_mutex_unlock(&job->lock);
    return stop;
}

/* Counts the line ends of the bytes [off, off + n) of the file, read at p, in [from, start)
 * and in [start, end) of the piece. */
static void count_lines(piece *pc, const char *p, uint64_t off, size_t n)
{
    uint64_t a = off, b = off + n;
    uint64_t s = a > pc->start ? a : pc->start, e = b < pc->end ? b : pc->end;
    if (a < pc->start) {
        uint64_t m = b < pc->start ? b : pc->start;
        pc->skipped += bytes_count(p, (size_t)(m - a), '\n');
    }
    if (s < e) {
        pc->lines += bytes_count(p + (s - a), (size_t)(e - s), '\n');
    }
}

static int scan_piece_at(split_job *job, size_t index, outis_error *err)
{
    piece *pc = &job->pieces[index];
    piece_ctx ctx = {job, index};
    outis_scan_stream *st = NULL;
    int rc = scan_stream_open_at(&st, job->sc, job->path, pc->from, pc->start, pc->end,
                                 on_piece_finding, &ctx, err);
    for (uint64_t off = pc->from; rc == 0 && off < pc->to;) {
        char *dst;
        size_t room, n;
        scan_stream_room(st, &dst, &room);
        room = room < job->sc->chunk_size ? room : job->sc->chunk_size;
        room = pc->to - off < room ? (size_t)(pc->to - off) : room;
        if ((rc = ou_pread_full(job->fd, dst, room, off, &n, err)) < 0 || n == 0) {
            break;
        }
        count_lines(pc, dst, off, n);
        rc = scan_stream_commit(st, n, err);
        off += n;
    }
    outis_scan_stats one = {0};
    int rc2 = outis_scan_stream_close(st, &one, rc < 0 ? NULL : err);
    pc->stats.bytes = pc->end - pc->start;
    pc->stats.invalid_utf8 = one.invalid_utf8;
    return rc < 0 ? rc : rc2;
}

static void piece_task(void *ctx, size_t task, unsigned thread)
{
    (void)thread;
    split_job *job = ctx;
    outis_error err;
    memset(&err, 0, sizeof err);
    int rc = atomic_load(&job->stop.is_stopped) ? 0 : scan_piece_at(job, task, &err);
    pthread_mutex_lock(&job->lock);
    if (rc < 0) {
        scan_stop_fail(&job->stop, rc, &err);
    }
    job->pieces[task].is_done = 1;
    deliver_ready(job);
    pthread_mutex_unlock(&job->lock);
}

/* The first offset after a line end at or after `off` and before off + SPLIT_MARGIN and the
 * end of the file, or 0 if none. */
static int cut_after(uint64_t *cut, int fd, uint64_t off, uint64_t size, char *buf,
                     outis_error *err)
{
    size_t n;
    *cut = 0;
    size_t want = size - off < SPLIT_MARGIN ? (size_t)(size - off) : (size_t)SPLIT_MARGIN;
    int rc = ou_pread_full(fd, buf, want, off, &n, err);
    const char *nl = rc == 0 ? memchr(buf, '\n', n) : NULL;
    if (nl != NULL && off + (uint64_t)(nl - buf) + 1 < size) {
        *cut = off + (uint64_t)(nl - buf) + 1;
    }
    return rc;
}

/* Cuts [0, size) into up to `want` pieces after line ends. */
static int plan_pieces(split_job *job, uint64_t size, size_t want, outis_error *err)
{
    char *buf = ou_malloc(SPLIT_MARGIN);
    job->pieces = ou_calloc(want, sizeof *job->pieces);
    if (buf == NULL || job->pieces == NULL) {
        ou_free(buf);
        return ou_nomem(err);
    }
    uint64_t start = 0;
    int rc = 0;
    for (size_t k = 1; k <= want && rc == 0; k++) {
        uint64_t cut = size;
        if (k < want) {
            rc = cut_after(&cut, job->fd, size / want * k, size, buf, err);
            if (rc < 0 || cut <= start) {
                continue; /* no line end near: the next piece takes these bytes */
            }
        }
        piece *p = &job->pieces[job->count++];
        p->start = start;
        p->end = cut;
        p->from = start > SPLIT_MARGIN ? start - SPLIT_MARGIN : 0;
        p->to = size - cut > SPLIT_MARGIN ? cut + SPLIT_MARGIN : size;
        start = cut;
    }
    ou_free(buf);
    return rc;
}

/* Runs the pieces and sums what they found into info and st. */
static int run_pieces(outis_scan_file_info *info, outis_scan_stats *st, split_job *job,
                      unsigned threads)
{
    par_for(threads < job->count ? threads : (unsigned)job->count, job->count, piece_task, job);
    outis_scan_stats one = {0};
    for (size_t i = 0; i < job->count; i++) {
        scan_stats_add(&one, &job->pieces[i].stats);
        scan_held_free(&job->pieces[i].held);
    }
    if (job->stop.rc == OUTIS_EIO) {
        info->status = OUTIS_FILE_UNREADABLE;
        st->files_unreadable++;
    } else {
        one.files = 1;
        one.files_invalid_utf8 = one.invalid_utf8 > 0;
    }
    info->bytes = one.bytes;
    info->findings = one.findings;
    info->invalid_utf8 = one.invalid_utf8;
    scan_stats_add(st, &one);
    return job->stop.rc;
}

/* Scans the open file fd of `size` bytes; fills info and st. */
static int split_fd(outis_scan_file_info *info, outis_scan_stats *st, split_job *job, uint64_t size,
                    size_t pieces, unsigned threads, outis_error *err)
{
    char sniff[SPLIT_SNIFF];
    size_t n;
    int rc = ou_pread_full(job->fd, sniff, sizeof sniff, 0, &n, err);
    if (rc < 0) {
        info->status = OUTIS_FILE_UNREADABLE;
        st->files_unreadable++;
        return rc;
    }
    if (memchr(sniff, '\0', n) != NULL) {
        info->status = OUTIS_FILE_BINARY;
        st->files_binary++;
        return 0;
    }
    if ((rc = plan_pieces(job, size, pieces ? pieces : 1, err)) < 0) {
        if (rc == OUTIS_EIO) {
            info->status = OUTIS_FILE_UNREADABLE;
            st->files_unreadable++;
        }
        return rc;
    }
    if (pthread_mutex_init(&job->lock, NULL) != 0) {
        return ou_err(err, OUTIS_ENOMEM, "cannot create a mutex");
    }
    rc = run_pieces(info, st, job, threads);
    pthread_mutex_destroy(&job->lock);
    if (rc < 0 && err != NULL) {
        *err = job->stop.err;
    }
    return rc;
}

int scan_file_split(outis_scan_file_info *info, outis_scan_stats *stats, const outis_scanner *sc,
                    const char *path, size_t pieces, unsigned threads, outis_finding_cb cb,
                    void *payload, outis_error *err)
{
    outis_scan_file_info local;
    outis_scan_stats st = {0};
    outis_error e2;
    err = err ? err : &e2;
    if (sc == NULL || path == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no scanner or no path");
    }
    info = info ? info : &local;
    memset(info, 0, sizeof *info);
    info->path = path;
    split_job job = {.sc = sc, .path = path, .cb = cb, .payload = payload};
    struct stat sb;
    int rc;
    job.fd = open(path, O_RDONLY | O_CLOEXEC);
    if (job.fd < 0 || fstat(job.fd, &sb) != 0) {
        rc = ou_err_errno(err, "cannot open", errno);
        info->status = OUTIS_FILE_UNREADABLE;
        st.files_unreadable++;
    } else {
        rc = split_fd(info, &st, &job, (uint64_t)sb.st_size, pieces, threads, err);
    }
    if (job.fd >= 0) {
        close(job.fd);
    }
    ou_free(job.pieces);
    if (rc < 0) {
        ou_err_source(err, path);
        if (info->status == OUTIS_FILE_UNREADABLE) {
            info->error = *err;
        }
    }
    if (stats != NULL) {
        scan_stats_add(stats, &st);
    }
    return rc;
}
