/* cmd_dp.c - `outis dp`: differentially private aggregates of a CSV table. The order is
 * what makes a crash safe: compute (nothing leaves memory), charge the ledger (committed
 * durably), then write the output atomically. A crash before the charge releases nothing; a
 * crash after it loses budget, never privacy. */
#include "dp_cli.h"

#include <errno.h>
#include <getopt.h>
#include <sys/stat.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: outis dp FILE [--privacy-unit COL] [--by COLS] AGGREGATES --epsilon E [OPTIONS]\n"
    "       outis dp FILE --query QUERY.json [OPTIONS]\n"
    "\n"
    "Differentially private aggregates of the table in FILE (CSV), grouped by COLS. Each\n"
    "person (a value of the privacy unit column; without it, each row) contributes to at\n"
    "most --max-groups groups and --max-rows rows per group; values are clamped to their\n"
    "bounds. The release is charged to the dataset's budget in the ledger before anything\n"
    "is written; set the budget first with 'outis budget set FILE --epsilon E'.\n"
    "\n"
    "aggregates (any number; the budget is split evenly, or by --split):\n"
    "  --count                     rows per group\n"
    "  --sum COL:LO:HI             sum of COL clamped to [LO, HI]\n"
    "  --mean COL:LO:HI            mean of COL clamped to [LO, HI]\n"
    "  --quantile COL:Q:LO:HI      the Q-quantile (0..1) of COL in [LO, HI]\n"
    "  --histogram COL:LO:HI:BINS  counts of COL in BINS equal bins of [LO, HI]\n"
    "\n"
    "options:\n"
    "  --privacy-unit COL     the column that identifies a person\n"
    "  --by COLS              grouping columns (comma-separated)\n"
    "  --epsilon E            privacy budget of this call (> 0)\n"
    "  --delta D              in [0, 1): for gaussian noise and for private group selection\n"
    "  --mechanism M          laplace (default; pure epsilon-DP) or gaussian (zCDP)\n"
    "  --keys FILE            public group keys (CSV with the --by columns); without it,\n"
    "                         groups are selected privately (needs --delta)\n"
    "  --max-groups N         groups one person contributes to (default 1)\n"
    "  --max-rows N           rows one person contributes per group (default 1)\n"
    "  --granularity G        fixed-point step of sums, a power of ten (default: the\n"
    "                         largest bound's magnitude / 10^6)\n"
    "  --split W,W,...        budget weights of the aggregates, in order\n"
    "  --missing-unit MODE    refuse (default) or one-unit: a missing privacy unit\n"
    "  --query FILE           the query as JSON (docs/dp.md)\n"
    "  --dataset LABEL        budget label within the dataset (default \"default\")\n"
    "  --ledger PATH          budget ledger (default $OUTIS_LEDGER or\n"
    "                         ~/.local/state/outis/ledger.db)\n"
    "  --seed N               INSECURE deterministic noise, for tests only; marked in\n"
    "                         the output\n"
    "  --json                 JSON output (schema: docs/schema/dp.json)\n"
    "  -o, --output FILE      write the release to FILE (atomically) instead of stdout\n"
    "  --delimiter C, --encoding NAME, --format FORMAT, --na LIST, --skip-bad-rows,\n"
    "  --max-field BYTES, --threads N, -q/--quiet, --[no-]progress: as in 'outis risk'\n"
    "\n"
    "exit status: 0 released, 2 usage or unknown column, 3 bad input, 4 output or\n"
    "system error, 5 budget exceeded or not set (nothing released), 6 ledger locked or\n"
    "corrupt (nothing released)\n";

enum {
    OPT_UNIT = OPT_FIRST_COMMAND,
    OPT_BY,
    OPT_COUNT,
    OPT_SUM,
    OPT_MEAN,
    OPT_QUANTILE,
    OPT_HISTOGRAM,
    OPT_EPSILON,
    OPT_DELTA,
    OPT_MECHANISM,
    OPT_KEYS,
    OPT_MAX_GROUPS,
    OPT_MAX_ROWS,
    OPT_GRANULARITY,
    OPT_SPLIT,
    OPT_MISSING,
    OPT_QUERY,
    OPT_DATASET,
    OPT_LEDGER,
    OPT_SEED,
    OPT_JSON,
    OPT_HELP
};

typedef struct args {
    dp_spec s;
    const char *file, *output, *query, *ledger, *split;
    int json, has_flags;
} args;

static int parse_positive(const char *s, double *out, int allow_zero)
{
    char *end;
    const double v = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(v) || v < 0 || (v == 0 && !allow_zero)) {
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_count(const char *s, unsigned *out)
{
    char *end;
    const unsigned long v = strtoul(s, &end, 10);
    if (end == s || *end != '\0' || v < 1 || v > 1000000 || s[0] == '-') {
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

static int option(void *payload, int c, const char *arg)
{
    args *a = payload;
    dp_spec *s = &a->s;
    switch (c) {
    case OPT_UNIT:
        s->q.privacy_unit = arg;
        return EXIT_OK;
    case OPT_BY:
        return dp_spec_by(s, arg);
    case OPT_COUNT:
    case OPT_SUM:
    case OPT_MEAN:
    case OPT_QUANTILE:
    case OPT_HISTOGRAM:
        a->has_flags = 1;
        return dp_spec_add(s, c - OPT_COUNT, arg);
    case OPT_EPSILON:
        s->has_epsilon = 1;
        return parse_positive(arg, &s->q.epsilon, 0) < 0
                   ? cli_usage_error("dp", "--epsilon takes a number > 0, not '%s'", arg)
                   : EXIT_OK;
    case OPT_DELTA:
        s->has_delta = 1;
        return parse_positive(arg, &s->q.delta, 1) < 0 || !(s->q.delta < 1)
                   ? cli_usage_error("dp", "--delta takes a number in [0, 1), not '%s'", arg)
                   : EXIT_OK;
    case OPT_MECHANISM:
        s->has_mechanism = 1;
        if (strcmp(arg, "laplace") != 0 && strcmp(arg, "gaussian") != 0) {
            return cli_usage_error("dp", "--mechanism takes laplace or gaussian, not '%s'", arg);
        }
        s->q.mechanism = strcmp(arg, "gaussian") == 0 ? OUTIS_DP_GAUSSIAN : OUTIS_DP_LAPLACE;
        return EXIT_OK;
    case OPT_KEYS:
        s->keys_path = arg;
        return EXIT_OK;
    case OPT_MAX_GROUPS:
    case OPT_MAX_ROWS:
        *(c == OPT_MAX_GROUPS ? &s->has_max_groups : &s->has_max_rows) = 1;
        return parse_count(arg, c == OPT_MAX_GROUPS ? &s->q.max_groups : &s->q.max_rows) < 0
                   ? cli_usage_error("dp", "--max-%s takes a whole number from 1 to 1000000",
                                     c == OPT_MAX_GROUPS ? "groups" : "rows")
                   : EXIT_OK;
    case OPT_GRANULARITY:
        s->has_granularity = 1;
        return parse_positive(arg, &s->q.granularity, 0) < 0
                   ? cli_usage_error("dp", "--granularity takes a power of ten, e.g. 0.01")
                   : EXIT_OK;
    case OPT_SPLIT:
        a->split = arg;
        return EXIT_OK;
    case OPT_MISSING:
        s->has_missing_unit = 1;
        if (strcmp(arg, "refuse") != 0 && strcmp(arg, "one-unit") != 0) {
            return cli_usage_error("dp", "--missing-unit takes refuse or one-unit");
        }
        s->q.missing_unit = strcmp(arg, "one-unit") == 0;
        return EXIT_OK;
    case OPT_QUERY:
        a->query = arg;
        return EXIT_OK;
    case OPT_DATASET:
        s->label = arg;
        return EXIT_OK;
    case OPT_LEDGER:
        a->ledger = arg;
        return EXIT_OK;
    case OPT_SEED: {
        char *end;
        s->q.seed = strtoull(arg, &end, 10);
        s->q.is_seeded = 1;
        return *end != '\0' || arg[0] == '\0' ? cli_usage_error("dp", "--seed takes a number")
                                              : EXIT_OK;
    }
    case OPT_JSON:
        a->json = 1;
        return EXIT_OK;
    case 'o':
        a->output = arg;
        return EXIT_OK;
    default:
        return cli_usage_error("dp", "unknown option");
    }
}

static int apply_split(args *a)
{
    char *copy = strdup(a->split);
    double w[DP_MAX_AGGS], total = 0;
    size_t n = 0;
    for (char *p = copy, *next; p != NULL; p = next) {
        next = strchr(p, ',');
        if (next != NULL) {
            *next++ = '\0';
        }
        if (n == DP_MAX_AGGS || parse_positive(p, &w[n], 0) < 0) {
            free(copy);
            return cli_usage_error("dp", "--split takes positive weights, e.g. 1,2,1");
        }
        total += w[n++];
    }
    free(copy);
    if (n != a->s.n_aggs) {
        return cli_usage_error("dp", "--split gives %zu weight%s for %zu aggregate%s", n,
                               n == 1 ? "" : "s", a->s.n_aggs, a->s.n_aggs == 1 ? "" : "s");
    }
    for (size_t i = 0; i < n; i++) {
        a->s.aggs[i].share = w[i] / total * (1 - 1e-12);
    }
    return EXIT_OK;
}

static int parse_args(args *a, cli_csv *csv, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"privacy-unit", 1, NULL, OPT_UNIT},
        {"by", 1, NULL, OPT_BY},
        {"count", 0, NULL, OPT_COUNT},
        {"sum", 1, NULL, OPT_SUM},
        {"mean", 1, NULL, OPT_MEAN},
        {"quantile", 1, NULL, OPT_QUANTILE},
        {"histogram", 1, NULL, OPT_HISTOGRAM},
        {"epsilon", 1, NULL, OPT_EPSILON},
        {"delta", 1, NULL, OPT_DELTA},
        {"mechanism", 1, NULL, OPT_MECHANISM},
        {"keys", 1, NULL, OPT_KEYS},
        {"max-groups", 1, NULL, OPT_MAX_GROUPS},
        {"max-rows", 1, NULL, OPT_MAX_ROWS},
        {"granularity", 1, NULL, OPT_GRANULARITY},
        {"split", 1, NULL, OPT_SPLIT},
        {"missing-unit", 1, NULL, OPT_MISSING},
        {"query", 1, NULL, OPT_QUERY},
        {"dataset", 1, NULL, OPT_DATASET},
        {"ledger", 1, NULL, OPT_LEDGER},
        {"seed", 1, NULL, OPT_SEED},
        {"json", 0, NULL, OPT_JSON},
        {"output", 1, NULL, 'o'},
        {"help", 0, NULL, OPT_HELP},
        CLI_CSV_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    int st = cli_options(argc, argv, "dp", ":hqo:", longopts, OPT_HELP, help, csv, option, a);
    if (st != EXIT_OK) {
        return st;
    }
    if (optind >= argc) {
        return cli_usage_error("dp", "no input file");
    }
    if (optind + 1 < argc) {
        return cli_usage_error("dp", "one input file expected, got '%s' too", argv[optind + 1]);
    }
    a->file = argv[optind];
    if (strcmp(a->file, "-") == 0) {
        return cli_usage_error("dp", "the budget is kept per file content: give a file, not "
                                     "standard input");
    }
    if (csv->format == OUTIS_FORMAT_SQLITE ||
        (csv->format == OUTIS_FORMAT_AUTO &&
         outis_table_source_format(a->file) == OUTIS_FORMAT_SQLITE)) {
        return cli_usage_error("dp", "the budget is kept per file content: give a CSV or JSON "
                                     "Lines file, not an SQLite table");
    }
    if (a->query != NULL) {
        if (a->has_flags) {
            return cli_usage_error("dp", "give the aggregates either as flags or in --query");
        }
        if ((st = dp_spec_read_json(&a->s, a->query)) != EXIT_OK) {
            return st;
        }
    }
    if (a->s.n_aggs == 0) {
        return cli_usage_error("dp", "no aggregate: give --count, --sum, --mean, --quantile or "
                                     "--histogram");
    }
    if (!a->s.has_epsilon) {
        return cli_usage_error("dp", "--epsilon is required");
    }
    a->s.q.aggregates = a->s.aggs;
    a->s.q.aggregate_count = a->s.n_aggs;
    return a->split != NULL ? apply_split(a) : EXIT_OK;
}

/* Test builds kill themselves at named points (OUTIS_TEST_CRASH) to check that no output
 * ever exists without its charge. Harmless elsewhere: the variable is not set. */
static void crash_point(const char *name)
{
    const char *at = getenv("OUTIS_TEST_CRASH");
    if (at != NULL && strcmp(at, name) == 0) {
        raise(SIGKILL);
    }
}

/* The columns to load: the unit, the groups and every aggregate's column, once each. */
static int load_list(const char ***out, size_t *n, const dp_spec *s)
{
    const char **names = malloc((s->n_aggs + s->q.by_count + 2) * sizeof *names);
    if (names == NULL) {
        return EXIT_SYSTEM;
    }
    size_t k = 0;
    const char *cand[DP_MAX_AGGS + 66];
    size_t nc = 0;
    if (s->q.privacy_unit != NULL) {
        cand[nc++] = s->q.privacy_unit;
    }
    for (size_t i = 0; i < s->q.by_count; i++) {
        cand[nc++] = s->q.by[i];
    }
    for (size_t i = 0; i < s->n_aggs; i++) {
        if (s->aggs[i].column != NULL) {
            cand[nc++] = s->aggs[i].column;
        }
    }
    for (size_t i = 0; i < nc; i++) {
        size_t j = 0;
        while (j < k && strcmp(names[j], cand[i]) != 0) {
            j++;
        }
        if (j == k) {
            names[k++] = cand[i];
        }
    }
    *out = names;
    *n = k;
    return EXIT_OK;
}

static void summary(const args *a, const outis_dp_result *r, const outis_budget *b)
{
    const outis_dp_cost c = outis_dp_result_cost(r);
    const size_t nv = outis_dp_result_values(r), ng = outis_dp_result_groups(r);
    fprintf(stderr, "outis: released %zu value%s in %zu group%s; spent epsilon %.6g", nv,
            nv == 1 ? "" : "s", ng, ng == 1 ? "" : "s", c.epsilon);
    if (c.rho > 0) {
        fprintf(stderr, " + rho %.6g (zCDP)", c.rho);
    }
    if (c.delta > 0) {
        fprintf(stderr, ", delta %.6g", c.delta);
    }
    fprintf(stderr,
            "\noutis: budget '%s': spent epsilon %.6g of %.6g (remaining %.6g), delta "
            "%.6g of %.6g, %llu releases\n",
            a->s.label, b->epsilon_spent, b->epsilon,
            b->epsilon - b->epsilon_spent > 1e-9 * b->epsilon ? b->epsilon - b->epsilon_spent : 0,
            b->delta_spent, b->delta, (unsigned long long)b->releases);
}

static void describe(char *buf, size_t cap, const args *a)
{
    size_t at = 0;
    static const char *const names[] = {"count", "sum", "mean", "quantile", "histogram"};
    for (size_t i = 0; i < a->s.n_aggs && at < cap; i++) {
        const outis_dp_aggregate *g = &a->s.aggs[i];
        at += (size_t)snprintf(buf + at, cap - at, "%s%s%s%s%s", i ? "," : "", names[g->kind],
                               g->column ? "(" : "", g->column ? g->column : "",
                               g->column ? ")" : "");
    }
    if (at < cap) {
        snprintf(buf + at, cap - at, " -> %s", a->output ? a->output : "stdout");
    }
}

/* Opens the output (an empty temporary file: a target that cannot be written costs no
 * budget), charges the ledger, then formats and writes the release. */
static int release(args *a, int quiet, outis_ledger *ledger, const char *id,
                   const outis_dp_result *r)
{
    outis_error err = {0};
    outis_budget after;
    char what[512], *buf = NULL;
    size_t len = 0;
    const outis_dp_cost cost = outis_dp_result_cost(r);
    describe(what, sizeof what, a);
    cli_out o;
    int status = cli_out_open(&o, a->output);
    if (status != EXIT_OK) {
        return status;
    }
    crash_point("before-charge");
    int rc = outis_ledger_charge(&after, ledger, id, a->s.label, &cost, what, &err);
    if (rc < 0) {
        cli_out_close(&o, 0);
        cli_report(&err);
        return cli_ledger_status(rc);
    }
    crash_point("after-charge");
    status = dp_format(&buf, &len, r, &a->s, a->json, id, &after);
    if (status == EXIT_OK) {
        const size_t half = len / 2;
        fwrite(buf, 1, half, o.f);
        fflush(o.f);
        crash_point("mid-output");
        fwrite(buf + half, 1, len - half, o.f);
    }
    status = cli_out_close(&o, status == EXIT_OK) != EXIT_OK ? EXIT_SYSTEM : status;
    free(buf);
    if (status == EXIT_OK) {
        crash_point("after-output");
    }
    if (status == EXIT_OK && !quiet) {
        summary(a, r, &after);
    }
    if (status == EXIT_OK && a->s.q.is_seeded) { /* even with --quiet */
        fprintf(stderr, "outis: warning: --seed makes the noise predictable: this release is "
                        "NOT private\n");
    }
    return status;
}

static int open_ledger(outis_ledger **ledger, char id[33], const args *a, outis_budget *b)
{
    outis_error err = {0};
    const char *path = cli_ledger_path(a->ledger);
    if (path == NULL) {
        return EXIT_LEDGER;
    }
    struct stat st;
    int rc = stat(path, &st) != 0 && errno == ENOENT ? OUTIS_ENOTFOUND : 0;
    FILE *f = rc < 0 ? fopen(a->file, "rb") : NULL;
    if (rc < 0 && f == NULL) { /* no ledger yet: the data file's error comes first */
        fprintf(stderr, "outis: error: %s: cannot open: %s\n", a->file, strerror(errno));
        return EXIT_INPUT;
    }
    if (f != NULL) {
        fclose(f);
    }
    if (rc == 0 && (rc = outis_ledger_open(ledger, path, &err)) < 0) {
        cli_report(&err);
        return cli_ledger_status(rc);
    }
    if (rc == 0 && (rc = outis_ledger_dataset_id(id, *ledger, a->file, &err)) < 0) {
        cli_report(&err);
        return EXIT_INPUT;
    }
    if (rc < 0 || (rc = outis_ledger_get(b, *ledger, id, a->s.label, &err)) < 0) {
        if (rc == OUTIS_ENOTFOUND) {
            fprintf(stderr,
                    "outis: error: %s: no privacy budget is set for this dataset (label '%s'); "
                    "set one with 'outis budget set %s --epsilon E'\n",
                    a->file, a->s.label, a->file);
            return EXIT_BUDGET;
        }
        cli_report(&err);
        return cli_ledger_status(rc);
    }
    return EXIT_OK;
}

static int run(args *a, cli_csv *csv)
{
    outis_table *t = NULL, *keys = NULL;
    outis_ledger *ledger = NULL;
    outis_dp_result *r = NULL;
    outis_error err = {0};
    outis_budget b;
    char id[33];
    const char **load = NULL;
    size_t nload = 0;
    int status = EXIT_OK;
    /* The keys and the query first: their errors are usage errors, whatever the ledger says. */
    if (a->s.keys_path != NULL) {
        csv->opts.columns = a->s.q.by;
        csv->opts.column_count = a->s.q.by_count;
        if ((status = cli_read_table(&keys, csv, a->s.keys_path)) != EXIT_OK) {
            goto done;
        }
        a->s.q.keys = keys;
    }
    if (outis_dp_query_check(&a->s.q, &err) < 0) {
        snprintf(err.source, sizeof err.source, "%s", a->query != NULL ? a->query : "");
        cli_report(&err);
        status = EXIT_USAGE;
        goto done;
    }
    if ((status = open_ledger(&ledger, id, a, &b)) != EXIT_OK) {
        goto done;
    }
    /* the cost does not depend on the data: a release the budget cannot pay for is refused
     * before the file is read (the charge, later, is what decides) */
    outis_dp_cost cost;
    if (outis_dp_query_cost(&cost, &a->s.q, &err) < 0 ||
        outis_ledger_check(ledger, id, a->s.label, &cost, &err) < 0) {
        cli_report(&err);
        status = err.code == OUTIS_EINVAL ? EXIT_USAGE : cli_ledger_status(err.code);
        goto done;
    }
    if ((status = load_list(&load, &nload, &a->s)) != EXIT_OK) {
        goto done;
    }
    csv->opts.columns = load;
    csv->opts.column_count = nload;
    /* The unit is only compared: hashes spare a dictionary of one value per person. A unit
     * column that is also grouped or aggregated needs its values, and stays a dictionary. */
    const char *unit = a->s.q.privacy_unit;
    int unit_shared = 0;
    for (size_t i = 0; unit != NULL && i < a->s.q.by_count; i++) {
        unit_shared |= strcmp(a->s.q.by[i], unit) == 0;
    }
    for (size_t i = 0; unit != NULL && i < a->s.n_aggs; i++) {
        unit_shared |= a->s.aggs[i].column != NULL && strcmp(a->s.aggs[i].column, unit) == 0;
    }
    if (unit != NULL && !unit_shared) {
        csv->opts.hashed = &a->s.q.privacy_unit;
        csv->opts.hashed_count = 1;
    }
    if ((status = cli_read_table(&t, csv, a->file)) != EXIT_OK) {
        goto done;
    }
    int rc = outis_dp_run(&r, t, &a->s.q, &err);
    if (rc < 0) {
        if (err.source[0] == '\0') {
            snprintf(err.source, sizeof err.source, "%s", a->file);
        }
        cli_report(&err);
        status = rc == OUTIS_EINVAL || rc == OUTIS_ENOTFOUND ? EXIT_USAGE
                 : rc == OUTIS_EPARSE                        ? EXIT_INPUT
                                                             : EXIT_SYSTEM;
        goto done;
    }
    status = release(a, csv->quiet, ledger, id, r);
done:
    outis_dp_result_free(r);
    outis_table_free(keys);
    outis_table_free(t);
    outis_ledger_close(ledger);
    free(load);
    return status;
}

int cmd_dp(int argc, char **argv)
{
    args a;
    cli_csv csv;
    memset(&a, 0, sizeof a);
    const outis_dp_query init = OUTIS_DP_QUERY_INIT;
    a.s.q = init;
    a.s.label = "default";
    cli_csv_init(&csv);
    int status = parse_args(&a, &csv, argc, argv);
    if (status == EXIT_OK) {
        status = run(&a, &csv);
    } else if (status < 0) {
        status = EXIT_OK; /* --help */
    }
    dp_spec_free(&a.s);
    cli_csv_free(&csv);
    return status;
}
