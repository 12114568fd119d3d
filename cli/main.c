/* main.c - the outis program: dispatches to a subcommand. */
#include "cli.h"

#include <malloc.h>
#include <stdarg.h>
#include <string.h>

typedef struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"scan", cmd_scan, "personal data in tables (a role per column) and in text files"},
    {"risk", cmd_risk, "re-identification risk of a table for chosen quasi-identifiers"},
    {"anonymize", cmd_anonymize, "the least general release that meets k, l or t"},
    {"dp", cmd_dp, "differentially private counts, sums, means, quantiles, histograms"},
    {"budget", cmd_budget, "show, set or reset the privacy budget of a dataset"},
    {"keygen", cmd_keygen, "write a new key for pseudonyms, encryption and date shifts"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: outis COMMAND [OPTIONS] [ARGS]\n"
               "       outis help COMMAND | outis --version\n\n"
               "Measures and removes the re-identification risk of personal data.\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    }
    fprintf(f, "\nexit status: 0 ok, 1 a --fail-if policy holds (or, for anonymize, a release\n"
               "that failed its check), 2 usage, 3 bad input, 4 output or system error,\n"
               "5 privacy budget exceeded or not set, 6 budget ledger locked, corrupt or\n"
               "unwritable, 7 anonymization criteria that cannot be met, 8 a key file that is\n"
               "missing, too short or readable by others, 9 (scan) files skipped or not\n"
               "valid UTF-8. See outis(1).\n");
}

/* Edit distance of two short names (Levenshtein), for suggestions. */
static size_t distance(const char *a, const char *b)
{
    size_t row[32], la = strlen(a), lb = strlen(b);
    if (la >= 32 || lb >= 32) {
        return SIZE_MAX;
    }
    for (size_t j = 0; j <= lb; j++) {
        row[j] = j;
    }
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            best = up + 1 < best ? up + 1 : best;
            best = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static int no_command(const char *name)
{
    const char *close = NULL;
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        if (distance(name, commands[i].name) <= 2) {
            close = commands[i].name;
        }
    }
    if (close != NULL) {
        fprintf(stderr, "outis: error: no command '%s' (did you mean '%s'?); see 'outis --help'\n",
                name, close);
    } else {
        fprintf(stderr, "outis: error: no command '%s'; see 'outis --help'\n", name);
    }
    return EXIT_USAGE;
}

static const command *find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        if (strcmp(commands[i].name, name) == 0) {
            return &commands[i];
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    /* Large work buffers come and go (grouping, sorting): keep freed memory in the heap for
     * the next one instead of returning it to the kernel and faulting it in again. */
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("outis %s\n", outis_version());
        return EXIT_OK;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
        (strcmp(name, "help") == 0 && argc == 2)) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "help") == 0) {
        const command *c = find(argv[2]);
        if (c == NULL) {
            return no_command(argv[2]);
        }
        char *args[] = {argv[2], "--help", NULL};
        return c->fn(2, args);
    }
    const command *c = find(name);
    if (c == NULL) {
        return no_command(name);
    }
    return c->fn(argc - 1, argv + 1);
}
