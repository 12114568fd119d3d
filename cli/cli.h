/* cli.h - what the subcommands of the outis program share: exit statuses, diagnostics,
 * the CSV reading options and atomic output. Only cli/ prints or exits. */
#ifndef OUTIS_CLI_H
#define OUTIS_CLI_H

#include "outis.h"

#include <getopt.h>
#include <stdio.h>

enum {
    EXIT_OK = 0,
    EXIT_POLICY = 1, /* a --fail-if condition holds */
    EXIT_USAGE = 2,  /* bad command line, unknown column */
    EXIT_INPUT = 3,  /* bad or unreadable input */
    EXIT_SYSTEM = 4, /* output could not be written, out of memory */
    EXIT_BUDGET = 5, /* a release or a charge refused: budget exceeded or not set */
    EXIT_LEDGER = 6  /* the budget ledger is locked, corrupt or unwritable */
};

int cmd_risk(int argc, char **argv);
int cmd_budget(int argc, char **argv);
int cmd_dp(int argc, char **argv);
int cmd_anonymize(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_scan(int argc, char **argv);

/* Prints "outis: error: SOURCE:LINE:COL: MESSAGE" to stderr. */
void cli_report(const outis_error *err);
/* Prints a formatted usage error and returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The exit status for a library error while reading input. */
int cli_input_status(int code);

/* The budget ledger's path: opt if set, else $OUTIS_LEDGER, else
 * $XDG_STATE_HOME/outis/ledger.db, else $HOME/.local/state/outis/ledger.db, whose directory
 * is created (mode 0700). The default lives in a static buffer. NULL after printing an error
 * (no HOME, or the directory cannot be made). (cmd_budget.c) */
const char *cli_ledger_path(const char *opt);
/* The exit status for a library error from a ledger call. */
int cli_ledger_status(int code);

/* Table reading options shared by the commands that read tables (opt.c). */
typedef struct cli_csv {
    outis_csv_options opts;
    int format;   /* enum outis_format, from --format */
    char *na_buf; /* storage behind na */
    const char **na;
    int quiet;
    int progress; /* -1 auto (a terminal), 0 off, 1 on */
} cli_csv;

enum {
    OPT_DELIMITER = 1000,
    OPT_ENCODING,
    OPT_NA,
    OPT_SKIP_BAD_ROWS,
    OPT_MAX_FIELD,
    OPT_THREADS,
    OPT_QUIET,
    OPT_PROGRESS,
    OPT_NO_PROGRESS,
    OPT_FORMAT,
    OPT_FIRST_COMMAND /* commands number their own options from here */
};

#define CLI_CSV_LONGOPTS                                                                           \
    {"delimiter", 1, NULL, OPT_DELIMITER}, {"encoding", 1, NULL, OPT_ENCODING},                    \
        {"na", 1, NULL, OPT_NA}, {"skip-bad-rows", 0, NULL, OPT_SKIP_BAD_ROWS},                    \
        {"max-field", 1, NULL, OPT_MAX_FIELD}, {"threads", 1, NULL, OPT_THREADS},                  \
        {"quiet", 0, NULL, 'q'}, {"progress", 0, NULL, OPT_PROGRESS},                              \
        {"no-progress", 0, NULL, OPT_NO_PROGRESS},                                                 \
    {                                                                                              \
        "format", 1, NULL, OPT_FORMAT                                                              \
    }

void cli_csv_init(cli_csv *c);
void cli_csv_free(cli_csv *c);
/* Handles a table reading option; 1 if it was one, 0 if not, -1 after printing a usage
 * error. */
int cli_csv_option(cli_csv *c, const char *cmd, int opt, const char *arg);

/* A command's own option: 0 (EXIT_OK) to go on, else the exit status that stops parsing. */
typedef int (*cli_option_fn)(void *payload, int opt, const char *arg);
/* The option loop of every command: getopt_long over argv; the reader's options go to csv
 * (NULL: the command has none), 'h' and help_opt print help and return -1, a missing value
 * or an unknown option is a usage error of cmd, and every other option goes to fn. Returns
 * EXIT_OK with optind at the first operand. */
int cli_options(int argc, char **argv, const char *cmd, const char *shortopts,
                const struct option *longopts, int help_opt, const char *help, cli_csv *csv,
                cli_option_fn fn, void *payload);
/* Reads a table (CSV, JSON Lines or sqlite:PATH?table=NAME, see outis_table_read), with a
 * progress bar when asked; prints errors. Returns an exit status. */
int cli_read_table(outis_table **out, cli_csv *c, const char *path);
/* Splits comma-separated lists of names into one array of trimmed names (into *buf, which
 * the caller frees with *names). Returns an exit status. */
int cli_names(const char ***names, size_t *n, char **buf, const char *const *lists, size_t nlists);
/* Splits "a,b,c" and resolves each name; prints errors. Returns an exit status. */
int cli_columns(size_t **out, size_t *n, const outis_table *t, const char *list,
                const char *option);

/* Output written to a temporary file beside the target and renamed into place; a target
 * that exists and is not a regular file (/dev/null, a pipe) is written directly. */
typedef struct cli_out {
    FILE *f;
    char *path; /* NULL: standard output */
    char *tmp;  /* NULL: written directly */
} cli_out;

int cli_out_open(cli_out *o, const char *path); /* NULL or "-": stdout */
/* Writes a CSV field, quoted (RFC 4180) when it holds a comma, quote or line break. */
void cli_csv_field(FILE *f, const char *s, size_t len);
int cli_out_close(cli_out *o, int keep); /* returns an exit status */

/* Progress bar (progress.c). */
typedef struct cli_progress {
    const char *label;
    double last;
    double start;
    int shown;
} cli_progress;

int cli_progress_cb(uint64_t done, uint64_t total, void *payload);
void cli_progress_end(cli_progress *p);

#endif
