/* fuzz_plan.c - the anonymisation plan reader (cli/anon_plan.c) on arbitrary bytes: it must
 * accept or reject every input with an exit status of the documented set, never crash, and
 * an accepted plan must pass or fail its checks and print its filled form. Messages go to
 * stderr, which the target silences. */
#define _GNU_SOURCE
#include "../cli/anon_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet) {
        quiet = freopen("/dev/null", "w", stderr) != NULL;
    }
    char path[] = "/tmp/outis_fuzz_plan.XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0) {
        return 0;
    }
    const int written = write(fd, data, size) == (ssize_t)size;
    close(fd);
    if (!written) {
        unlink(path);
        return 0;
    }
    anon_plan p;
    anon_plan_init(&p);
    const int st = anon_plan_read(&p, path);
    if (st != EXIT_OK && st != EXIT_USAGE && st != EXIT_INPUT && st != EXIT_SYSTEM) {
        abort();
    }
    if (st == EXIT_OK) {
        const int ck = anon_plan_check(&p, 0);
        if (ck != EXIT_OK && ck != EXIT_USAGE) {
            abort();
        }
        json_t *filled = anon_plan_json(&p);
        json_decref(filled);
    }
    anon_plan_free(&p);
    unlink(path);
    return 0;
}
