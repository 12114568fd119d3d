/* scan_ab.c - one build of outis's text scanner timed on a corpus, for bench/scan_ab.sh, which
 * builds it against two versions of the library and runs them in turn. Public API only, so
 * that it builds against any commit since the scanner's.
 *
 *   scan_ab CORPUS block|file RUNS   prints "findings N" and "mb_s X": MB per second of this
 *                                    thread's CPU time, the best of RUNS scans in memory
 *                                    (block) or read from the file (file) */
#include "outis.h"
#include "outis/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int count(const outis_finding *f, void *payload)
{
    (void)f;
    ++*(size_t *)payload;
    return 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: scan_ab CORPUS block|file RUNS\n");
        return 2;
    }
    int is_file = strcmp(argv[2], "file") == 0, runs = atoi(argv[3]);
    FILE *f = fopen(argv[1], "rb");
    long len = -1;
    if (f != NULL && fseek(f, 0, SEEK_END) == 0) {
        len = ftell(f);
        rewind(f);
    }
    char *text = len > 0 ? malloc((size_t)len) : NULL;
    if (text == NULL || fread(text, 1, (size_t)len, f) != (size_t)len) {
        fprintf(stderr, "scan_ab: cannot read %s\n", argv[1]);
        return 1;
    }
    fclose(f);
    outis_scanner_options o = OUTIS_SCANNER_OPTIONS_INIT;
    o.today = 20250101;
    outis_scanner *sc = NULL;
    outis_error err;
    if (outis_scanner_new(&sc, &o, &err) != 0) {
        fprintf(stderr, "scan_ab: %s\n", err.message);
        return 1;
    }
    double best = 1e9;
    size_t n = 0;
    for (int run = 0; run < runs; run++) {
        n = 0;
        double t0 = now();
        int rc = is_file ? outis_scan_file(NULL, NULL, sc, argv[1], count, &n, &err)
                         : outis_scan_buffer(NULL, sc, text, (size_t)len, argv[1], count, &n, &err);
        double t = now() - t0;
        if (rc != 0) {
            fprintf(stderr, "scan_ab: %s\n", err.message);
            return 1;
        }
        best = t < best ? t : best;
    }
    printf("findings %zu\nmb_s %.1f\n", n, (double)len / 1e6 / best);
    outis_scanner_free(sc);
    free(text);
    return 0;
}
