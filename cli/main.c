/* main.c - the outis program: dispatches to a subcommand. */
#include "cli.h"

#include <stdarg.h>
#include <string.h>

typedef struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"risk", cmd_risk, "re-identification risk of a table for chosen quasi-identifiers"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: outis COMMAND [OPTIONS] [ARGS]\n"
               "       outis help COMMAND | outis --version\n\n"
               "Measures and removes the re-identification risk of personal data.\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
    }
    fprintf(f, "\nexit status: 0 ok, 1 a --fail-if policy holds, 2 usage, 3 bad input,\n"
               "4 output or system error. See outis(1).\n");
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
            fprintf(stderr, "outis: error: no command '%s'; see 'outis --help'\n", argv[2]);
            return EXIT_USAGE;
        }
        char *args[] = {argv[2], "--help", NULL};
        return c->fn(2, args);
    }
    const command *c = find(name);
    if (c == NULL) {
        fprintf(stderr, "outis: error: no command '%s'; see 'outis --help'\n", name);
        return EXIT_USAGE;
    }
    return c->fn(argc - 1, argv + 1);
}
