/* path.c - scanning files and directory trees. A file small enough for one chunk is scanned
 * as a buffer, a larger one as a stream of chunks (bounded memory); a NUL byte in the first
 * 8 KiB marks a binary file, which is skipped. A tree is listed first (each directory's
 * entries sorted, each directory entered once), then its files are scanned on several
 * threads; each file's findings are held until the files before it are reported, so the
 * output is in path order whatever the threads do. */
#include "scan/scan_int.h"

#include "util/alloc.h"
#include "util/fdio.h"
#include "util/error_int.h"
#include "util/parallel.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SNIFF_BYTES 8192

/* The rest of a file that did not fit in the first buffer, as a stream. */
static int scan_rest(outis_scan_stats *st, const outis_scanner *sc, int fd, const char *path,
                     const char *first, size_t got, outis_finding_cb cb, void *payload,
                     outis_error *err)
{
    outis_scan_stream *s = NULL;
    int rc = outis_scan_stream_open(&s, sc, path, cb, payload, err);
    if (rc == 0) {
        rc = outis_scan_stream_write(s, first, got, err);
    }
    while (rc == 0) {
        char *dst;
        size_t room, n;
        scan_stream_room(s, &dst, &room);
        room = room < sc->chunk_size ? room : sc->chunk_size;
        if ((rc = ou_read_full(fd, dst, room, &n, err)) < 0 || n == 0) {
            break;
        }
        rc = scan_stream_commit(s, n, err);
    }
    int rc2 = outis_scan_stream_close(s, st, rc < 0 ? NULL : err);
    return rc < 0 ? rc : rc2;
}

/* Scans an open file with buf (size >= SNIFF_BYTES) as its first chunk; fills info. */
static int scan_fd(outis_scan_file_info *info, outis_scan_stats *st, const outis_scanner *sc,
                   int fd, char *buf, size_t size, outis_finding_cb cb, void *payload,
                   outis_error *err)
{
    size_t got;
    int rc = ou_read_full(fd, buf, size, &got, err);
    if (rc < 0) {
        info->status = OUTIS_FILE_UNREADABLE;
        st->files_unreadable++;
        return rc;
    }
    if (memchr(buf, '\0', got < SNIFF_BYTES ? got : SNIFF_BYTES) != NULL) {
        info->status = OUTIS_FILE_BINARY;
        st->files_binary++;
        return 0;
    }
    outis_scan_stats one = {0};
    if (got < size) {
        rc = outis_scan_buffer(&one, sc, buf, got, info->path, cb, payload, err);
    } else {
        rc = scan_rest(&one, sc, fd, info->path, buf, got, cb, payload, err);
    }
    if (rc == OUTIS_EIO) {
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
    return rc;
}

static size_t first_size(const outis_scanner *sc)
{
    return sc->chunk_size > SNIFF_BYTES ? sc->chunk_size : SNIFF_BYTES;
}

/* Opens and scans path with buf as its first chunk; an unopenable file is OUTIS_EIO. */
static int scan_path_file(outis_scan_file_info *info, outis_scan_stats *st, const outis_scanner *sc,
                          const char *path, char *buf, outis_finding_cb cb, void *payload,
                          outis_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    int rc;
    if (fd < 0) {
        ou_err_errno(err, "cannot open", errno);
        info->status = OUTIS_FILE_UNREADABLE;
        st->files_unreadable++;
        rc = OUTIS_EIO;
    } else {
        rc = scan_fd(info, st, sc, fd, buf, first_size(sc), cb, payload, err);
        if (!is_stdin) {
            close(fd);
        }
    }
    if (rc < 0) {
        ou_err_source(err, path);
        if (info->status == OUTIS_FILE_UNREADABLE && err != NULL) {
            info->error = *err;
        }
    }
    return rc;
}

int outis_scan_file(outis_scan_file_info *info, outis_scan_stats *stats, const outis_scanner *sc,
                    const char *path, outis_finding_cb cb, void *payload, outis_error *err)
{
    outis_scan_file_info local;
    outis_scan_stats st = {0};
    if (sc == NULL || path == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no scanner or no path");
    }
    info = info ? info : &local;
    memset(info, 0, sizeof *info);
    info->path = path;
    char *buf = ou_malloc(first_size(sc));
    if (buf == NULL) {
        return ou_nomem(err);
    }
    outis_error e2;
    int rc = scan_path_file(info, &st, sc, path, buf, cb, payload, err ? err : &e2);
    ou_free(buf);
    if (stats != NULL) {
        scan_stats_add(stats, &st);
    }
    return rc;
}

void scan_stop_fail(scan_stop *s, int rc, const outis_error *err)
{
    if (s->rc == 0) {
        s->rc = rc;
        if (err != NULL) {
            s->err = *err;
        }
    }
    atomic_store(&s->is_stopped, 1);
}

void scan_stop_canceled(scan_stop *s)
{
    outis_error e;
    ou_err(&e, OUTIS_ECANCELED, "the scan was stopped by its callback");
    scan_stop_fail(s, OUTIS_ECANCELED, &e);
}

/* ---- Findings held until the ones before them are reported (here and split.c) ---- */

int scan_held_add(scan_held *h, const outis_finding *f)
{
    void *grown = h->v;
    if (ou_grow(&grown, &h->cap, h->count + 1, sizeof *h->v) < 0) {
        return OUTIS_ENOMEM;
    }
    h->v = grown;
    scan_held_finding *x = &h->v[h->count];
    x->f = *f;
    if (f->value != NULL) {
        grown = h->values;
        if (ou_grow(&grown, &h->values_cap, h->values_len + f->length, 1) < 0) {
            return OUTIS_ENOMEM;
        }
        h->values = grown;
        memcpy(h->values + h->values_len, f->value, f->length);
        x->value_off = h->values_len;
        h->values_len += f->length;
    }
    h->count++;
    return 0;
}

const outis_finding *scan_held_at(scan_held *h, size_t i)
{
    scan_held_finding *x = &h->v[i];
    x->f.value = x->f.value ? h->values + x->value_off : NULL;
    return &x->f;
}

void scan_held_free(scan_held *h)
{
    ou_free(h->v);
    ou_free(h->values);
    memset(h, 0, sizeof *h);
}

/* ---- Listing a tree ---- */

typedef struct walk_entry {
    char *path;
    int error; /* errno when it could not be listed or examined, else 0 */
} walk_entry;

typedef struct walk {
    const outis_scan_path_options *o;
    size_t root_len;
    walk_entry *files;
    size_t count, cap;
    uint64_t *seen; /* (dev, ino) pairs of directories entered, open addressing */
    size_t seen_count, seen_cap;
} walk;

static uint64_t pair_hash(uint64_t dev, uint64_t ino)
{
    uint64_t h = (ino ^ (dev << 32) ^ (dev >> 32)) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

/* Marks a directory as entered: 1 if new, 0 if seen before, negative on no memory. */
static int seen_add(walk *w, uint64_t dev, uint64_t ino)
{
    if (2 * (w->seen_count + 1) > w->seen_cap) {
        size_t cap = w->seen_cap ? 2 * w->seen_cap : 64;
        uint64_t *t = ou_calloc(cap, 3 * sizeof *t); /* dev, ino, used */
        if (t == NULL) {
            return OUTIS_ENOMEM;
        }
        for (size_t i = 0; i < w->seen_cap; i++) {
            if (w->seen[3 * i + 2]) {
                size_t j = pair_hash(w->seen[3 * i], w->seen[3 * i + 1]) & (cap - 1);
                while (t[3 * j + 2]) {
                    j = (j + 1) & (cap - 1);
                }
                memcpy(t + 3 * j, w->seen + 3 * i, 3 * sizeof *t);
            }
        }
        ou_free(w->seen);
        w->seen = t;
        w->seen_cap = cap;
    }
    size_t j = pair_hash(dev, ino) & (w->seen_cap - 1);
    for (; w->seen[3 * j + 2]; j = (j + 1) & (w->seen_cap - 1)) {
        if (w->seen[3 * j] == dev && w->seen[3 * j + 1] == ino) {
            return 0;
        }
    }
    w->seen[3 * j] = dev, w->seen[3 * j + 1] = ino, w->seen[3 * j + 2] = 1;
    w->seen_count++;
    return 1;
}

static int globs_match(const char *const *globs, size_t n, const char *rel, const char *base)
{
    for (size_t i = 0; i < n; i++) {
        int has_slash = strchr(globs[i], '/') != NULL;
        if (fnmatch(globs[i], has_slash ? rel : base, has_slash ? FNM_PATHNAME : 0) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Adds a file (taking path) to the list. */
static int add_file(walk *w, char *path, int error)
{
    void *grown = w->files;
    if (ou_grow(&grown, &w->cap, w->count + 1, sizeof *w->files) < 0) {
        ou_free(path);
        return OUTIS_ENOMEM;
    }
    w->files = grown;
    w->files[w->count++] = (walk_entry){path, error};
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted entry names of a directory (without . and ..): *names, *count. */
static int list_dir(DIR *d, char ***names, size_t *count)
{
    size_t cap = 0;
    struct dirent *e;
    *names = NULL;
    *count = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        void *grown = *names;
        char *name = ou_strndup(e->d_name, strlen(e->d_name));
        if (name == NULL || ou_grow(&grown, &cap, *count + 1, sizeof **names) < 0) {
            ou_free(name);
            return OUTIS_ENOMEM;
        }
        *names = grown;
        (*names)[(*count)++] = name;
    }
    if (*count > 1) {
        qsort(*names, *count, sizeof **names, cmp_names);
    }
    return 0;
}

static char *join_path(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    int slash = a > 0 && dir[a - 1] != '/';
    char *p = ou_malloc(a + (size_t)slash + b + 1);
    if (p != NULL) {
        memcpy(p, dir, a);
        p[a] = '/';
        memcpy(p + a + slash, name, b + 1);
    }
    return p;
}

static int walk_dir(walk *w, const char *dir);

/* One entry of a directory: a file to list, a directory to enter, or nothing. */
static int walk_entry_at(walk *w, const char *dir, const char *name)
{
    char *path = join_path(dir, name);
    if (path == NULL) {
        return OUTIS_ENOMEM;
    }
    const char *rel = path + w->root_len + (path[w->root_len] == '/');
    const outis_scan_path_options *o = w->o;
    struct stat sb;
    if (globs_match(o->exclude, o->exclude_count, rel, name)) {
        ou_free(path);
        return 0;
    }
    int included = o->include_count == 0 || globs_match(o->include, o->include_count, rel, name);
    if (stat(path, &sb) != 0) {
        if (!included) {
            ou_free(path);
            return 0;
        }
        return add_file(w, path, errno); /* a dangling link, or no permission */
    }
    int rc = 0;
    if (S_ISDIR(sb.st_mode)) {
        rc = seen_add(w, (uint64_t)sb.st_dev, (uint64_t)sb.st_ino);
        rc = rc > 0 ? walk_dir(w, path) : rc;
        ou_free(path);
        return rc;
    }
    if (S_ISREG(sb.st_mode) && included) {
        return add_file(w, path, 0);
    }
    ou_free(path); /* devices, sockets and pipes are not text files */
    return 0;
}

static int walk_dir(walk *w, const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        char *path = ou_strndup(dir, strlen(dir));
        return path ? add_file(w, path, errno) : OUTIS_ENOMEM;
    }
    char **names;
    size_t count;
    int rc = list_dir(d, &names, &count);
    closedir(d);
    for (size_t i = 0; i < count && rc == 0; i++) {
        rc = walk_entry_at(w, dir, names[i]);
    }
    for (size_t i = 0; i < count; i++) {
        ou_free(names[i]);
    }
    ou_free(names);
    return rc;
}

/* ---- Scanning the files on threads, reporting in order ---- */

/* One file's results, held until the files before it are reported. */
typedef struct file_out {
    outis_scan_file_info info;
    scan_held held;
    int is_done;
} file_out;

typedef struct path_job {
    const outis_scanner *sc;
    walk_entry *files;
    file_out *outs;
    size_t count;
    outis_finding_cb cb;
    outis_file_cb on_file;
    void *payload;
    pthread_mutex_t lock;
    size_t next; /* the first file not fully reported */
    scan_stop stop;
    char *bufs[PAR_MAX_THREADS];
    outis_scan_stats stats[PAR_MAX_THREADS];
} path_job;

typedef struct file_ctx {
    path_job *job;
    size_t index;
} file_ctx;

static void deliver(path_job *job, const outis_finding *f)
{
    if (job->stop.rc == 0 && job->cb != NULL && job->cb(f, job->payload) != 0) {
        scan_stop_canceled(&job->stop);
    }
}

/* Reports what can be reported in order (under the lock). */
static void deliver_ready(path_job *job)
{
    while (job->next < job->count) {
        file_out *o = &job->outs[job->next];
        for (; o->held.delivered < o->held.count; o->held.delivered++) {
            deliver(job, scan_held_at(&o->held, o->held.delivered));
        }
        if (!o->is_done) {
            return;
        }
        if (job->stop.rc == 0 && job->on_file != NULL &&
            job->on_file(&o->info, job->payload) != 0) {
            scan_stop_canceled(&job->stop);
        }
        scan_held_free(&o->held);
        job->next++;
    }
}

static int on_file_finding(const outis_finding *f, void *payload)
{
    file_ctx *fc = payload;
    path_job *job = fc->job;
    pthread_mutex_lock(&job->lock);
    if (job->next == fc->index) {
        deliver_ready(job); /* its held findings first */
        deliver(job, f);
    } else if (scan_held_add(&job->outs[fc->index].held, f) < 0) {
        outis_error e;
        scan_stop_fail(&job->stop, ou_nomem(&e), &e);
    }
    int stop = atomic_load(&job->stop.is_stopped);
    pthread_mutex_unlock(&job->lock);
    return stop;
}

static void scan_task(void *ctx, size_t task, unsigned thread)
{
    path_job *job = ctx;
    file_out *o = &job->outs[task];
    outis_error err;
    int rc = 0;
    memset(&err, 0, sizeof err);
    if (!atomic_load(&job->stop.is_stopped)) {
        if (job->bufs[thread] == NULL) {
            job->bufs[thread] = ou_malloc(first_size(job->sc));
        }
        if (job->bufs[thread] == NULL) {
            rc = ou_nomem(&err);
        } else if (job->files[task].error != 0) {
            ou_err_errno(&err, "cannot read", job->files[task].error);
            ou_err_source(&err, o->info.path);
            o->info.status = OUTIS_FILE_UNREADABLE;
            o->info.error = err;
            job->stats[thread].files_unreadable++;
        } else {
            file_ctx fc = {job, task};
            rc = scan_path_file(&o->info, &job->stats[thread], job->sc, o->info.path,
                                job->bufs[thread], on_file_finding, &fc, &err);
        }
    }
    pthread_mutex_lock(&job->lock);
    if (rc < 0 && rc != OUTIS_EIO && rc != OUTIS_ECANCELED) {
        scan_stop_fail(&job->stop, rc, &err); /* unreadable files are reported; the scan goes on */
    } else if (rc == OUTIS_ECANCELED && job->stop.rc == 0) {
        scan_stop_fail(&job->stop, rc, &err);
    }
    o->is_done = 1;
    deliver_ready(job);
    pthread_mutex_unlock(&job->lock);
}

static int scan_list(outis_scan_stats *stats, const outis_scanner *sc, walk *w,
                     const outis_scan_path_options *o, outis_finding_cb cb, void *payload,
                     outis_error *err)
{
    path_job *job = ou_calloc(1, sizeof *job);
    file_out *outs = ou_calloc(w->count ? w->count : 1, sizeof *outs);
    if (job == NULL || outs == NULL || pthread_mutex_init(&job->lock, NULL) != 0) {
        ou_free(job);
        ou_free(outs);
        return ou_nomem(err);
    }
    job->sc = sc;
    job->files = w->files;
    job->outs = outs;
    job->count = w->count;
    job->cb = cb;
    job->on_file = o->on_file;
    job->payload = payload;
    for (size_t i = 0; i < w->count; i++) {
        outs[i].info.path = w->files[i].path;
    }
    par_for(par_threads(o->threads), w->count, scan_task, job);
    int rc = job->stop.rc;
    if (rc < 0 && err != NULL) {
        *err = job->stop.err;
    }
    for (unsigned t = 0; t < PAR_MAX_THREADS; t++) {
        ou_free(job->bufs[t]);
        if (stats != NULL) {
            scan_stats_add(stats, &job->stats[t]);
        }
    }
    for (size_t i = 0; i < w->count; i++) {
        scan_held_free(&outs[i].held);
    }
    pthread_mutex_destroy(&job->lock);
    ou_free(outs);
    ou_free(job);
    return rc;
}

/* One large regular file: scanned in pieces on the threads (split.c), as a tree of one. */
static int scan_one_split(outis_scan_stats *stats, const outis_scanner *sc, const char *path,
                          uint64_t size, unsigned threads, const outis_scan_path_options *o,
                          outis_finding_cb cb, void *payload, outis_error *err)
{
    outis_scan_file_info info;
    uint64_t rounds =
        (size + (uint64_t)threads * SCAN_SPLIT_PIECE - 1) / ((uint64_t)threads * SCAN_SPLIT_PIECE);
    int rc = scan_file_split(&info, stats, sc, path, (size_t)rounds * threads, threads, cb, payload,
                             err);
    if (rc == OUTIS_EIO) {
        rc = 0; /* reported to on_file; as in a tree, the scan goes on */
    }
    if (rc == 0 && o->on_file != NULL && o->on_file(&info, payload) != 0) {
        rc = ou_err(err, OUTIS_ECANCELED, "the scan was stopped by its callback");
    }
    return rc;
}

int outis_scan_path(outis_scan_stats *stats, const outis_scanner *sc, const char *path,
                    const outis_scan_path_options *opts, outis_finding_cb cb, void *payload,
                    outis_error *err)
{
    const outis_scan_path_options defaults = OUTIS_SCAN_PATH_OPTIONS_INIT;
    const outis_scan_path_options *o = opts ? opts : &defaults;
    if (sc == NULL || path == NULL) {
        return ou_err(err, OUTIS_EINVAL, "no scanner or no path");
    }
    if (o->version != OUTIS_SCAN_PATH_OPTIONS_VERSION) {
        return ou_err(err, OUTIS_EINVAL, "path options version %d, expected %d", o->version,
                      OUTIS_SCAN_PATH_OPTIONS_VERSION);
    }
    walk w = {.o = o, .root_len = strlen(path)};
    struct stat sb;
    int rc = 0;
    if (strcmp(path, "-") != 0 && stat(path, &sb) != 0) {
        ou_err_errno(err, "cannot open", errno);
        ou_err_source(err, path);
        return OUTIS_EIO;
    }
    unsigned threads = par_threads(o->threads);
    if (strcmp(path, "-") != 0 && S_ISREG(sb.st_mode) && threads > 1 &&
        (uint64_t)sb.st_size >= SCAN_SPLIT_MIN) {
        return scan_one_split(stats, sc, path, (uint64_t)sb.st_size, threads, o, cb, payload, err);
    }
    if (strcmp(path, "-") == 0 || !S_ISDIR(sb.st_mode)) {
        char *p = ou_strndup(path, strlen(path));
        rc = p ? add_file(&w, p, 0) : ou_nomem(err);
    } else if ((rc = seen_add(&w, (uint64_t)sb.st_dev, (uint64_t)sb.st_ino)) >= 0) {
        rc = walk_dir(&w, path);
        if (rc == 0 && w.count == 1 && w.files[0].error != 0 &&
            strcmp(w.files[0].path, path) == 0) {
            ou_err_errno(err, "cannot read directory", w.files[0].error);
            ou_err_source(err, path);
            rc = OUTIS_EIO;
        }
    }
    if (rc == OUTIS_ENOMEM) {
        rc = ou_nomem(err);
    }
    if (rc == 0) {
        rc = scan_list(stats, sc, &w, o, cb, payload, err);
    }
    for (size_t i = 0; i < w.count; i++) {
        ou_free(w.files[i].path);
    }
    ou_free(w.files);
    ou_free(w.seen);
    return rc;
}
