/* cmd_risk.c - `outis risk`: re-identification risk of a table. */
#include "cli.h"
#include "risk_report.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: outis risk FILE --qi COLS [--sensitive COLS] [OPTIONS]\n"
    "\n"
    "Re-identification risk of the table in FILE (CSV, JSON Lines or sqlite:PATH?table=NAME;\n"
    "'-' reads standard input) for the quasi-identifiers COLS (comma-separated column names):\n"
    "equivalence classes, k, sample uniques, prosecutor/journalist/marketer risk, l-diversity\n"
    "and t-closeness of each sensitive attribute, and the QI combinations that single records\n"
    "out.\n"
    "\n"
    "options:\n"
    "  --qi COLS              quasi-identifiers (required)\n"
    "  --sensitive COLS       sensitive attributes: l-diversity, t-closeness\n"
    "  --population FILE      population table with the QI columns: journalist risk\n"
    "  --threshold X          records at risk have 1/class size > X (default 0.2)\n"
    "  --l N                  l of recursive (c,l)-diversity (default 2)\n"
    "  --t-distance KIND      ground distance of t-closeness: equal, ordered (numbers) or\n"
    "                         hierarchical (default: ordered for numbers, else equal)\n"
    "  --hierarchy COL=FILE   the hierarchy of sensitive attribute COL (ARX's CSV format),\n"
    "                         for --t-distance hierarchical\n"
    "  --combinations MODE    auto (pairs; triples with <= 12 QIs), none, singles, pairs,\n"
    "                         triples (default auto)\n"
    "  --fail-if EXPR         exit 1 when a condition holds, e.g. \"k<5, t>0.3\"; metrics:\n"
    "                         k classes records uniques uniques_share prosecutor_max\n"
    "                         prosecutor_avg records_at_risk marketer journalist_max\n"
    "                         journalist_avg journalist_at_risk l_distinct l_entropy\n"
    "                         c_recursive t\n"
    "  --json                 JSON output (schema: docs/schema/risk.json)\n"
    "  -o, --output FILE      write the report to FILE (atomically) instead of stdout\n"
    "  --delimiter C          field delimiter (default: sniffed among , ; tab |)\n"
    "  --encoding NAME        input encoding, e.g. gb18030 (default UTF-8)\n"
    "  --format FORMAT        csv, jsonl or sqlite (default: .jsonl/.ndjson names are JSON\n"
    "                         Lines, sqlite: sources SQLite, the rest CSV)\n"
    "  --na LIST              tokens read as missing (default \",NA,NULL\")\n"
    "  --skip-bad-rows        skip rows with a wrong number of fields, and count them\n"
    "  --max-field BYTES      longest field accepted (default 1M)\n"
    "  --threads N            parser threads (default: all cores)\n"
    "  -q, --quiet            no progress bar\n"
    "  --progress, --no-progress   force the progress bar on or off\n"
    "\n"
    "exit status: 0 ok, 1 a --fail-if condition holds, 2 usage or unknown column,\n"
    "3 bad input, 4 output or system error\n";

enum {
    OPT_QI = OPT_FIRST_COMMAND,
    OPT_SENSITIVE,
    OPT_POPULATION,
    OPT_THRESHOLD,
    OPT_L,
    OPT_T_DISTANCE,
    OPT_HIERARCHY,
    OPT_COMBINATIONS,
    OPT_FAIL_IF,
    OPT_JSON,
    OPT_HELP
};

typedef struct args {
    const char *file, *qi, *sensitive, *population, *fail_if, *output;
    const char *hier[64]; /* COL=FILE */
    size_t nhier;
    outis_risk_options ro;
    int json;
} args;

static int parse_double01(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !(v >= 0 && v <= 1)) {
        return -1;
    }
    *out = v;
    return 0;
}

/* One option of the command's own (cli_options does the reader's, help and errors). */
static int risk_option(void *payload, int c, const char *arg)
{
    static const char *const modes[] = {"auto", "none", "singles", "pairs", "triples"};
    args *a = payload;
    char *end;
    switch (c) {
    case OPT_QI:
        a->qi = arg;
        return EXIT_OK;
    case OPT_SENSITIVE:
        a->sensitive = arg;
        return EXIT_OK;
    case OPT_POPULATION:
        a->population = arg;
        return EXIT_OK;
    case OPT_THRESHOLD:
        if (parse_double01(arg, &a->ro.threshold) < 0) {
            return cli_usage_error("risk", "--threshold takes a number in [0, 1]");
        }
        return EXIT_OK;
    case OPT_L:
        a->ro.recursive_l = strtoul(arg, &end, 10);
        if (*end != '\0' || a->ro.recursive_l < 1 || a->ro.recursive_l > 1000) {
            return cli_usage_error("risk", "--l takes a whole number from 1 to 1000");
        }
        return EXIT_OK;
    case OPT_T_DISTANCE:
        a->ro.t_distance = 0;
        for (int i = 1; i < 4; i++) {
            a->ro.t_distance = strcmp(arg, risk_t_names[i]) == 0 ? i : a->ro.t_distance;
        }
        if (a->ro.t_distance == 0) {
            return cli_usage_error("risk", "--t-distance takes equal, ordered or hierarchical");
        }
        return EXIT_OK;
    case OPT_HIERARCHY:
        if (strchr(arg, '=') == NULL || arg[0] == '=' || a->nhier == 64) {
            return cli_usage_error("risk", "--hierarchy takes COL=FILE (at most 64)");
        }
        a->hier[a->nhier++] = arg;
        return EXIT_OK;
    case OPT_COMBINATIONS: {
        int found = 0;
        for (int i = 0; i < 5; i++) {
            if (strcmp(arg, modes[i]) == 0) {
                a->ro.combinations = i;
                found = 1;
            }
        }
        if (!found) {
            return cli_usage_error("risk", "--combinations takes auto, none, singles, "
                                           "pairs or triples");
        }
        return EXIT_OK;
    }
    case OPT_FAIL_IF:
        a->fail_if = arg;
        return EXIT_OK;
    case OPT_JSON:
        a->json = 1;
        return EXIT_OK;
    case 'o':
        a->output = arg;
        return EXIT_OK;
    }
    return EXIT_OK;
}

static int parse_args(args *a, cli_csv *csv, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"qi", 1, NULL, OPT_QI},
        {"sensitive", 1, NULL, OPT_SENSITIVE},
        {"population", 1, NULL, OPT_POPULATION},
        {"threshold", 1, NULL, OPT_THRESHOLD},
        {"l", 1, NULL, OPT_L},
        {"t-distance", 1, NULL, OPT_T_DISTANCE},
        {"hierarchy", 1, NULL, OPT_HIERARCHY},
        {"combinations", 1, NULL, OPT_COMBINATIONS},
        {"fail-if", 1, NULL, OPT_FAIL_IF},
        {"json", 0, NULL, OPT_JSON},
        {"output", 1, NULL, 'o'},
        {"help", 0, NULL, OPT_HELP},
        CLI_CSV_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const int st =
        cli_options(argc, argv, "risk", ":hqo:", longopts, OPT_HELP, help, csv, risk_option, a);
    if (st != EXIT_OK) {
        return st;
    }
    if (optind >= argc) {
        return cli_usage_error("risk", "no input file (use '-' for standard input)");
    }
    if (optind + 1 < argc) {
        return cli_usage_error("risk", "one input file expected, got '%s' too", argv[optind + 1]);
    }
    a->file = argv[optind];
    if (a->qi == NULL) {
        return cli_usage_error("risk", "--qi is required (the quasi-identifier columns)");
    }
    if ((a->ro.t_distance == OUTIS_T_HIERARCHICAL) != (a->nhier > 0)) {
        return cli_usage_error("risk", a->nhier > 0 ? "--hierarchy is for --t-distance hierarchical"
                                                    : "--t-distance hierarchical needs "
                                                      "--hierarchy COL=FILE for each sensitive "
                                                      "attribute");
    }
    return EXIT_OK;
}

/* The hierarchy of each sensitive column, in their order, from the --hierarchy COL=FILE. */
static int sensitive_hierarchies(const args *a, const outis_table *t, const size_t *sens,
                                 size_t nsens, outis_hierarchy **hs)
{
    if (a->nhier > 0 && nsens > 64) {
        return cli_usage_error("risk",
                               "--t-distance hierarchical: at most 64 sensitive attributes");
    }
    for (size_t h = 0; h < a->nhier; h++) { /* each names a sensitive column */
        const size_t len = (size_t)(strchr(a->hier[h], '=') - a->hier[h]);
        size_t i = 0;
        while (i < nsens && (strncmp(outis_table_column_name(t, sens[i]), a->hier[h], len) != 0 ||
                             outis_table_column_name(t, sens[i])[len] != '\0')) {
            i++;
        }
        if (i == nsens) {
            return cli_usage_error("risk",
                                   "--hierarchy %s: not a sensitive attribute (see "
                                   "--sensitive)",
                                   a->hier[h]);
        }
        if (hs[i] != NULL) {
            return cli_usage_error("risk", "--hierarchy %s: a second hierarchy for '%.*s'",
                                   a->hier[h], (int)len, a->hier[h]);
        }
        outis_error err;
        const int rc = outis_hierarchy_read(&hs[i], a->hier[h] + len + 1, &err);
        if (rc < 0) {
            cli_report(&err);
            return cli_input_status(rc);
        }
    }
    for (size_t i = 0; a->nhier > 0 && i < nsens; i++) {
        if (hs[i] == NULL) {
            return cli_usage_error("risk", "--t-distance hierarchical: no --hierarchy for '%s'",
                                   outis_table_column_name(t, sens[i]));
        }
    }
    return EXIT_OK;
}

static int run(args *a, cli_csv *csv, outis_policy *policy)
{
    outis_hierarchy *hs[64] = {NULL};
    outis_table *t = NULL, *pop = NULL;
    outis_risk *r = NULL;
    size_t *qi = NULL, *sens = NULL, nqi = 0, nsens = 0, nload = 0;
    const char **load = NULL;
    char *load_buf = NULL;
    /* Load only the columns the report needs. */
    const char *lists[2] = {a->qi, a->sensitive};
    int status = cli_names(&load, &nload, &load_buf, lists, 2);
    if (status != EXIT_OK) {
        goto done;
    }
    for (size_t i = 1; i < nload; i++) {
        for (size_t j = 0; j < i; j++) {
            if (strcmp(load[i], load[j]) == 0) {
                status = cli_usage_error("risk", "column '%s' is named twice in --qi/--sensitive",
                                         load[i]);
                goto done;
            }
        }
    }
    csv->opts.columns = load;
    csv->opts.column_count = nload;
    if ((status = cli_read_table(&t, csv, a->file)) != EXIT_OK) {
        goto done;
    }
    if ((status = cli_columns(&qi, &nqi, t, a->qi, "--qi")) != EXIT_OK) {
        goto done;
    }
    if (a->sensitive != NULL &&
        (status = cli_columns(&sens, &nsens, t, a->sensitive, "--sensitive")) != EXIT_OK) {
        goto done;
    }
    if (a->population != NULL) {
        csv->opts.column_count = nqi; /* the QIs come first in load */
        if ((status = cli_read_table(&pop, csv, a->population)) != EXIT_OK) {
            goto done;
        }
    }
    if ((status = sensitive_hierarchies(a, t, sens, nsens, hs)) != EXIT_OK) {
        goto done;
    }
    a->ro.t_hierarchies = (const outis_hierarchy *const *)hs;
    a->ro.qi = qi;
    a->ro.qi_count = nqi;
    a->ro.sensitive = sens;
    a->ro.sensitive_count = nsens;
    a->ro.population = pop;
    a->ro.threads = csv->opts.threads;
    outis_error err;
    int rc = outis_risk_compute(&r, t, &a->ro, &err);
    if (rc < 0) {
        if (rc == OUTIS_ENOTFOUND) { /* a QI missing from the population */
            fprintf(stderr, "outis: error: --population %s: %s\n", a->population, err.message);
            status = EXIT_USAGE;
        } else {
            if (err.source[0] == '\0') {
                snprintf(err.source, sizeof err.source, "%s", a->file);
            }
            cli_report(&err);
            status = rc == OUTIS_EINVAL
                         ? (strstr(err.message, "no records") || strstr(err.message, "hierarchy")
                                ? EXIT_INPUT /* no data, or a hierarchy that does not fit */
                                : EXIT_USAGE)
                         : cli_input_status(rc);
        }
        goto done;
    }
    risk_policy pol = {a->fail_if, 0, ""};
    if (policy != NULL) {
        if (outis_policy_check(&pol.violated, policy, r, pol.first, sizeof pol.first, &err) < 0) {
            fprintf(stderr, "outis: error: --fail-if: %s\n", err.message);
            status = EXIT_USAGE;
            goto done;
        }
    }
    cli_out out;
    if ((status = cli_out_open(&out, a->output)) != EXIT_OK) {
        goto done;
    }
    const char *shown = strcmp(a->file, "-") == 0 ? "<stdin>" : a->file;
    risk_input in = {shown, t, r, qi, nqi, policy ? &pol : NULL};
    int ok = a->json ? risk_print_json(out.f, &in) : risk_print_text(out.f, &in);
    status = cli_out_close(&out, ok == 0);
    if (status == EXIT_OK && ok != 0) {
        fprintf(stderr, "outis: error: out of memory\n");
        status = EXIT_SYSTEM;
    }
    if (status == EXIT_OK && pol.violated > 0) {
        fprintf(stderr, "outis: policy violated: %s\n", pol.first);
        status = EXIT_POLICY;
    }
done:
    for (size_t i = 0; i < 64; i++) {
        outis_hierarchy_free(hs[i]);
    }
    outis_risk_free(r);
    outis_table_free(t);
    outis_table_free(pop);
    free(qi);
    free(sens);
    free(load);
    free(load_buf);
    return status;
}

int cmd_risk(int argc, char **argv)
{
    args a = {0};
    outis_risk_options defaults = OUTIS_RISK_OPTIONS_INIT;
    a.ro = defaults;
    cli_csv csv;
    cli_csv_init(&csv);
    int status = parse_args(&a, &csv, argc, argv);
    if (status != EXIT_OK) {
        cli_csv_free(&csv);
        return status < 0 ? EXIT_OK : status;
    }
    outis_policy *policy = NULL;
    if (a.fail_if != NULL) {
        outis_error err;
        if (outis_policy_parse(&policy, a.fail_if, &err) < 0) {
            fprintf(stderr, "outis: error: --fail-if '%s': column %llu: %s\n", a.fail_if,
                    (unsigned long long)err.column, err.message);
            cli_csv_free(&csv);
            return EXIT_USAGE;
        }
    }
    status = run(&a, &csv, policy);
    outis_policy_free(policy);
    cli_csv_free(&csv);
    return status;
}
