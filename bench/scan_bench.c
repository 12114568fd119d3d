/* scan_bench.c - times outis's text scanner on a corpus and scores it against the corpus's
 * labels (bench/scan_gen.py). Built and run by bench/scan_bench.sh.
 *
 *   scan_bench --patterns                 the detectors' patterns, one a line (baselines)
 *   scan_bench CORPUS [LABELS] [--runs N] block mode (in memory) and streaming mode (file)
 *   scan_bench CORPUS --only block|file [--runs N]   one mode alone, for a profiler
 *
 * Prints "block_mb_s", "stream_mb_s" (MB per second of this thread's CPU time, the best of
 * the runs), "one_wall_mb_s" and "threads_wall_mb_s" (the file through outis_scan_path on one
 * thread, and on every core, split into pieces: MB per second of wall clock), "hs_mb_s"
 * (Hyperscan alone: the scanner's trigger and lead word databases over every byte in block
 * mode, with callbacks that do nothing: the floor outis's own work adds to), the engine's
 * counts ("trigger_ends_raw" and "trigger_ends": the ends of the triggers as written over
 * every byte and as the scanner reports them; "window_share": the bytes in trigger windows;
 * "lead_literals", "lead_mb_s", "lead_all_forms", "lead_all_forms_mb_s": the lead word
 * database as compiled and with every word in every form; "block_simd<N>_mb_s": in memory on
 * each vector path the CPU has, 0 SSE2/SSSE3, 1 AVX2, 2 AVX-512) and, with labels, precision
 * and recall per entity against the targets (0.99 for checksum-validated entities,
 * 0.95 for the rest). */
#include "outis/scan.h"
#include "scan/detectors.h"
#include "scan/scan_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct hit {
    size_t entity;
    uint64_t offset;
} hit;

typedef struct hits {
    hit *v;
    size_t n, cap;
} hits;

static int on_finding(const outis_finding *f, void *payload)
{
    hits *h = payload;
    if (h->n == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 1024;
        h->v = realloc(h->v, h->cap * sizeof *h->v);
        if (h->v == NULL) {
            return 1;
        }
    }
    h->v[h->n++] = (hit){f->entity, f->offset};
    return 0;
}

/* The whole file through outis_scan_path on `threads` threads (0: every core; a large file is
 * split into pieces): the best wall clock of `runs`, in seconds, and in *cpu the best CPU time
 * of the process (every thread) in those runs; -1 if the findings differ from the n
 * expected. */
static double time_threads(const outis_scanner *sc, const char *path, unsigned threads, size_t n,
                           int runs, double *cpu)
{
    double best = 1e9;
    *cpu = 1e9;
    for (int run = 0; run < runs; run++) {
        hits again = {0};
        struct timespec a, b, ca, cb;
        outis_scan_path_options po = OUTIS_SCAN_PATH_OPTIONS_INIT;
        po.threads = threads;
        clock_gettime(CLOCK_MONOTONIC, &a);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
        int rc = outis_scan_path(NULL, sc, path, &po, on_finding, &again, NULL);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cb);
        clock_gettime(CLOCK_MONOTONIC, &b);
        free(again.v);
        if (rc != 0 || again.n != n) {
            return -1;
        }
        double t = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
        double c = (double)(cb.tv_sec - ca.tv_sec) + (double)(cb.tv_nsec - ca.tv_nsec) * 1e-9;
        best = t < best ? t : best;
        *cpu = c < *cpu ? c : *cpu;
    }
    return best;
}

static int count_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                       void *ctx)
{
    (void)id, (void)from, (void)to, (void)flags;
    ++*(size_t *)ctx;
    return 0;
}

static double now(void);

/* Hyperscan alone over text: the best CPU time of `runs` of the n databases one after the
 * other, or -1; *matches their matches. */
static double time_dbs(const outis_scanner *sc, const hs_database_t *const *dbs, size_t n,
                       const char *text, size_t len, int runs, size_t *matches)
{
    hs_scratch_t *scratch = NULL;
    for (size_t i = 0; i < n; i++) {
        if (hs_alloc_scratch(dbs[i], &scratch) != HS_SUCCESS) {
            return -1;
        }
    }
    (void)sc;
    double best = 1e9;
    for (int run = 0; run < runs && best > 0; run++) {
        *matches = 0;
        double t0 = now();
        for (size_t i = 0; i < n; i++) {
            if (hs_scan(dbs[i], text, (unsigned)len, 0, scratch, count_match, matches) !=
                HS_SUCCESS) {
                best = -1;
            }
        }
        double t = now() - t0;
        best = best > 0 && t < best ? t : best;
    }
    hs_free_scratch(scratch);
    return best;
}

/* The trigger ends over text: of the triggers as the registry writes them, over every byte
 * (every digit of a run ends one: what Hyperscan reported before the triggers carried their
 * end), and as the scanner reports them (in windows, with their end); and the share of the
 * bytes in a window. 0, or -1. */
static int print_triggers(const outis_scanner *sc, const char *text, size_t len)
{
    const char **exprs = calloc(sc->trigger_count, sizeof *exprs);
    unsigned *ids = calloc(sc->trigger_count, sizeof *ids);
    hs_database_t *raw = NULL;
    hs_compile_error_t *cerr = NULL;
    for (size_t k = 0; exprs != NULL && ids != NULL && k < sc->trigger_count; k++) {
        exprs[k] = sc->triggers[k].regex, ids[k] = (unsigned)k;
    }
    int rc = exprs != NULL && ids != NULL &&
                     hs_compile_multi(exprs, NULL, ids, (unsigned)sc->trigger_count, HS_MODE_BLOCK,
                                      NULL, &raw, &cerr) == HS_SUCCESS
                 ? 0
                 : -1;
    hs_free_compile_error(cerr);
    free(exprs);
    free(ids);
    size_t all = 0, n = 0;
    uint64_t *ends = NULL, window_bytes = 0;
    const hs_database_t *dbs[1] = {raw};
    if (rc == 0 && (time_dbs(sc, dbs, 1, text, len, 1, &all) < 0 ||
                    scan_trigger_ends(&ends, &n, &window_bytes, sc, text, len, 0, NULL) != 0)) {
        rc = -1;
    }
    if (rc == 0) {
        printf("trigger_ends_raw %zu\ntrigger_ends %zu\nwindow_share %.4f\n", all, n,
               (double)window_bytes / (double)len);
    }
    hs_free_database(raw);
    free(ends);
    return rc;
}

/* The lead words as the scanner compiles them (scanner.c, compile_leads), and every word in
 * every form, as they were compiled before 063b3d3 (each word; one that needs a colon with
 * ':' and with U+FF1A): literals and MB/s over every byte. 0, or -1. */
static int print_leads(const outis_scanner *sc, const char *text, size_t len, int runs)
{
    const char *words[256];
    size_t lens[256], n = 0, compiled = sc->lead_count;
    unsigned flags[256], ids[256];
    char spelt[256][SCAN_MAX_KEYWORD_LEN + 4];
    for (size_t k = 0; k < sc->lead_count; k++) { /* less the words read after another */
        for (int e = sc->leads[k].ext; e >= 0; e = sc->leads[e].next) {
            compiled--;
        }
    }
    for (size_t i = 0; i < scan_detector_count; i++) {
        for (const char *w = scan_detectors[i].lead; w != NULL && *w != '\0' && n + 2 <= 256;) {
            size_t len_w = strcspn(w, "|");
            int colon = w[len_w - 1] == ':';
            for (int form = 0; form <= colon; form++, n++) {
                size_t base = len_w - (size_t)colon;
                memcpy(spelt[n], w, base);
                memcpy(spelt[n] + base, form == 0 ? ":" : "\xEF\xBC\x9A", colon ? 1 + 2 * form : 0);
                words[n] = spelt[n], lens[n] = base + (colon ? 1 + 2 * (size_t)form : 0);
                flags[n] = (w[0] | 0x20) >= 'a' && (w[0] | 0x20) <= 'z' ? HS_FLAG_CASELESS : 0;
                ids[n] = (unsigned)n;
            }
            w += len_w + (w[len_w] == '|');
        }
    }
    hs_database_t *all = NULL;
    hs_compile_error_t *cerr = NULL;
    if (hs_compile_lit_multi(words, flags, ids, lens, (unsigned)n, HS_MODE_BLOCK, NULL, &all,
                             &cerr) != HS_SUCCESS) {
        hs_free_compile_error(cerr);
        return -1;
    }
    size_t m1, m2;
    const hs_database_t *now_db[1] = {sc->lead_block_db}, *all_db[1] = {all};
    double t1 = time_dbs(sc, now_db, 1, text, len, runs, &m1);
    double t2 = time_dbs(sc, all_db, 1, text, len, runs, &m2);
    hs_free_database(all);
    if (t1 <= 0 || t2 <= 0) {
        return -1;
    }
    printf("lead_literals %zu\nlead_mb_s %.1f\nlead_all_forms %zu\nlead_all_forms_mb_s %.1f\n",
           compiled, (double)len / 1e6 / t1, n, (double)len / 1e6 / t2);
    return 0;
}

/* The scan in memory forced onto each vector path the CPU has (sc->simd, as the tests do):
 * MB per second, the best of `runs`; the findings must be the n of the best path. 0, or -1. */
static int print_paths(outis_scanner *sc, const char *text, size_t len, size_t n, int runs)
{
    const int best_path = sc->simd;
    int rc = 0;
    for (int simd = SCAN_SIMD_SSE2; simd <= best_path && rc == 0; simd++) {
        sc->simd = simd;
        double best = 1e9;
        for (int run = 0; run < runs && rc == 0; run++) {
            hits h = {0};
            double t0 = now();
            rc = outis_scan_buffer(NULL, sc, text, len, "x", on_finding, &h, NULL) != 0 || h.n != n
                     ? -1
                     : 0;
            double t = now() - t0;
            best = t < best ? t : best;
            free(h.v);
        }
        printf("block_simd%d_mb_s %.1f\n", simd, (double)len / 1e6 / best);
    }
    sc->simd = best_path;
    return rc;
}

/* CPU time of this thread: the machine is shared, and the figure wanted is per core. */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0) {
        return NULL;
    }
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        return NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int cmp_hit(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->offset != y->offset) {
        return x->offset < y->offset ? -1 : 1;
    }
    return x->entity < y->entity ? -1 : x->entity > y->entity;
}

/* Scores findings against the valid labels: a finding is right when a valid label has its
 * entity and offset. */
static int score(const hits *found, const char *labels_path)
{
    FILE *f = fopen(labels_path, "r");
    if (f == NULL) {
        return 1;
    }
    hits truth = {0};
    char line[256], name[64], kind[16];
    unsigned long long off, len;
    while (fgets(line, sizeof line, f) != NULL) {
        if (sscanf(line, "%63s %llu %llu %15s", name, &off, &len, kind) != 4 ||
            strcmp(kind, "valid") != 0) {
            continue;
        }
        size_t e;
        if (outis_scan_entity_find(&e, name, NULL) == 0) {
            on_finding(&(outis_finding){.entity = e, .offset = off}, &truth);
        }
    }
    fclose(f);
    qsort(truth.v, truth.n, sizeof *truth.v, cmp_hit);
    size_t tp[OUTIS_SCAN_MAX_ENTITIES] = {0}, fp[OUTIS_SCAN_MAX_ENTITIES] = {0};
    size_t pos[OUTIS_SCAN_MAX_ENTITIES] = {0};
    for (size_t i = 0; i < truth.n; i++) {
        pos[truth.v[i].entity]++;
    }
    for (size_t i = 0; i < found->n; i++) {
        int ok = bsearch(&found->v[i], truth.v, truth.n, sizeof *truth.v, cmp_hit) != NULL;
        (ok ? tp : fp)[found->v[i].entity]++;
    }
    int failed = 0;
    printf("%-17s %7s %7s %7s %9s %7s %7s\n", "entity", "labels", "found", "right", "precision",
           "recall", "target");
    for (size_t e = 0; e < outis_scan_entity_count(); e++) {
        if (pos[e] == 0 && fp[e] == 0) {
            continue;
        }
        double p = tp[e] + fp[e] ? (double)tp[e] / (double)(tp[e] + fp[e]) : 1.0;
        double r = pos[e] ? (double)tp[e] / (double)pos[e] : 1.0;
        double target = scan_detectors[e].has_checksum ? 0.99 : 0.95;
        int ok = p >= target && r >= target;
        failed |= !ok;
        printf("%-17s %7zu %7zu %7zu %9.4f %7.4f %7.2f%s\n", outis_scan_entity(e)->name, pos[e],
               tp[e] + fp[e], tp[e], p, r, target, ok ? "" : "  BELOW");
    }
    free(truth.v);
    return failed;
}

/* The distinct triggers, then the lead words (as regexes: literal bytes, '|' split), one a
 * line: what the scanner gives Hyperscan, for the baselines. */
static void print_patterns(void)
{
    for (size_t i = 0; i < scan_detector_count; i++) {
        const scan_pattern *p = scan_detectors[i].patterns;
        for (size_t j = 0; j < SCAN_MAX_PATTERNS && p[j].max_len != 0; j++) {
            int seen = p[j].regex == NULL;
            for (size_t k = 0; k <= i && !seen; k++) {
                const scan_pattern *q = scan_detectors[k].patterns;
                for (size_t l = 0; l < (k == i ? j : SCAN_MAX_PATTERNS) && q[l].max_len; l++) {
                    seen |= q[l].regex != NULL && strcmp(q[l].regex, p[j].regex) == 0;
                }
            }
            if (!seen) {
                printf("%s\n", p[j].regex);
            }
        }
    }
    for (size_t i = 0; i < scan_detector_count; i++) {
        const char *w = scan_detectors[i].lead;
        while (w != NULL && *w != '\0') {
            size_t len = strcspn(w, "|");
            printf("%.*s\n", (int)(len - (w[len - 1] == ':')), w);
            w += len + (w[len] == '|');
        }
    }
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--patterns") == 0) {
        print_patterns();
        return 0;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: scan_bench --patterns | CORPUS [LABELS] [--runs N] "
                        "[--only block|file]\n");
        return 2;
    }
    int runs = 1;
    const char *labels = NULL, *only = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
            runs = (int)strtol(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            only = argv[++i];
        } else {
            labels = argv[i];
        }
    }
    size_t len;
    char *text = slurp(argv[1], &len);
    outis_scanner *sc = NULL;
    outis_error err;
    outis_scanner_options o = OUTIS_SCANNER_OPTIONS_INIT;
    o.today = 20250101;
    double t0 = now();
    if (text == NULL || outis_scanner_new(&sc, &o, &err) != 0) {
        fprintf(stderr, "scan_bench: cannot read %s or make a scanner\n", argv[1]);
        return 1;
    }
    printf("compile_ms %.1f\n", (now() - t0) * 1e3);
    if (only != NULL) {
        int is_file = strcmp(only, "file") == 0;
        for (int run = 0; run < runs; run++) {
            hits h = {0};
            int rc = is_file
                         ? outis_scan_file(NULL, NULL, sc, argv[1], on_finding, &h, &err)
                         : outis_scan_buffer(NULL, sc, text, len, argv[1], on_finding, &h, &err);
            free(h.v);
            if (rc != 0) {
                fprintf(stderr, "scan_bench: %s\n", err.message);
                return 1;
            }
        }
        free(text);
        outis_scanner_free(sc);
        return 0;
    }
    hits found = {0};
    double best = 1e9, best_stream = 1e9;
    for (int run = 0; run < runs; run++) {
        found.n = 0;
        t0 = now();
        if (outis_scan_buffer(NULL, sc, text, len, argv[1], on_finding, &found, &err) != 0) {
            fprintf(stderr, "scan_bench: %s\n", err.message);
            return 1;
        }
        double t = now() - t0;
        best = t < best ? t : best;
        hits again = {0};
        t0 = now();
        if (outis_scan_file(NULL, NULL, sc, argv[1], on_finding, &again, &err) != 0) {
            fprintf(stderr, "scan_bench: %s\n", err.message);
            return 1;
        }
        t = now() - t0;
        best_stream = t < best_stream ? t : best_stream;
        if (again.n != found.n) {
            fprintf(stderr, "scan_bench: block and stream modes differ (%zu, %zu findings)\n",
                    found.n, again.n);
            return 1;
        }
        free(again.v);
    }
    printf("bytes %zu\nfindings %zu\n", len, found.n);
    printf("block_s %.3f\nblock_mb_s %.1f\n", best, (double)len / 1e6 / best);
    printf("stream_s %.3f\nstream_mb_s %.1f\n", best_stream, (double)len / 1e6 / best_stream);
    double one_cpu, all_cpu;
    double one = time_threads(sc, argv[1], 1, found.n, runs, &one_cpu);
    double all = time_threads(sc, argv[1], 0, found.n, runs, &all_cpu);
    if (one < 0 || all < 0) {
        fprintf(stderr, "scan_bench: the file scanned on threads gives other findings\n");
        return 1;
    }
    const hs_database_t *both[2] = {sc->block_db, sc->lead_block_db};
    size_t hs_matches;
    double hs = time_dbs(sc, both, 2, text, len, runs, &hs_matches);
    if (hs <= 0) {
        fprintf(stderr, "scan_bench: Hyperscan failed on the corpus\n");
        return 1;
    }
    printf("hs_mb_s %.1f\n", (double)len / 1e6 / hs);
    printf("one_wall_mb_s %.1f\n", (double)len / 1e6 / one);
    printf("threads_wall_mb_s %.1f\n", (double)len / 1e6 / all);
    printf("threads_cpu_mb_s %.1f\n", (double)len / 1e6 / all_cpu);
    if (print_triggers(sc, text, len) != 0 || print_leads(sc, text, len, runs) != 0 ||
        print_paths(sc, text, len, found.n, runs) != 0) {
        fprintf(stderr, "scan_bench: the engine's counts failed\n");
        return 1;
    }
    int rc = labels ? score(&found, labels) : 0;
    free(found.v);
    free(text);
    outis_scanner_free(sc);
    return rc;
}
