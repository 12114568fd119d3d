/* cmd_budget.c - `outis budget show|set|reset`: the privacy budget ledger of a dataset.
 * Also where the ledger's default path lives (cli_ledger_path), for every command that
 * charges a budget. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SCHEMA_VERSION 1
#define DEFAULT_LABEL "default"

/* What is left of epsilon; a rounding residue (ten releases of 0.1 from 1) is nothing. */
static double remaining(const outis_budget *b)
{
    const double r = b->epsilon - b->epsilon_spent;
    return r > 1e-9 * b->epsilon ? r : 0;
}

static const char help[] =
    "usage: outis budget show [DATA] [--dataset LABEL] [--json] [--ledger PATH]\n"
    "       outis budget set DATA --epsilon E [--delta D] [--dataset LABEL] [--ledger PATH]\n"
    "       outis budget reset DATA --yes [--dataset LABEL] [--ledger PATH]\n"
    "\n"
    "The privacy budget of a dataset: the total (epsilon, delta) that differentially\n"
    "private releases of DATA may spend, and what they have spent. A dataset is named by\n"
    "the XXH3-128 hash of its bytes, so a copy of the file shares its budget and a changed\n"
    "file gets another; LABEL keeps several budgets of one dataset apart.\n"
    "\n"
    "  show     the budget of DATA; without DATA, every budget in the ledger\n"
    "  set      sets the total budget of DATA, keeping what was spent\n"
    "  reset    forgets what DATA's budget has spent (the ledger keeps the history)\n"
    "\n"
    "Spent epsilon adds the pure epsilon of Laplace releases to the zCDP rho of Gaussian\n"
    "ones, converted to (epsilon, delta) once with the delta that private group selection\n"
    "left (Canonne, Kamath and Steinke 2020).\n"
    "\n"
    "options:\n"
    "  --epsilon E            total epsilon, a number > 0 (set)\n"
    "  --delta D              total delta in [0, 1) (set; default 0; Gaussian noise and\n"
    "                         private group selection need delta > 0)\n"
    "  --dataset LABEL        which budget of the dataset (default \"default\")\n"
    "  --yes                  confirm a reset\n"
    "  --json                 JSON output (show)\n"
    "  --ledger PATH          the ledger (default: $OUTIS_LEDGER, else\n"
    "                         $XDG_STATE_HOME/outis/ledger.db, else\n"
    "                         ~/.local/state/outis/ledger.db)\n"
    "\n"
    "exit status: 0 ok, 2 usage, 3 DATA unreadable, 4 system error, 5 no budget set,\n"
    "6 ledger locked, corrupt or unwritable\n";

enum {
    OPT_EPSILON = OPT_FIRST_COMMAND,
    OPT_DELTA,
    OPT_DATASET,
    OPT_YES,
    OPT_JSON,
    OPT_LEDGER,
    OPT_HELP
};

typedef struct args {
    const char *sub, *data, *label, *ledger;
    double epsilon, delta;
    int has_epsilon, has_delta, yes, json;
} args;

static char ledger_default[PATH_MAX];

/* mkdir -p with mode 0700 for every component of dir that is missing. */
static int make_dirs(char *dir)
{
    for (char *p = dir + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            int bad = mkdir(dir, 0700) != 0 && errno != EEXIST;
            *p = c;
            if (bad || c == '\0') {
                return bad ? -1 : 0;
            }
        }
    }
}

const char *cli_ledger_path(const char *opt)
{
    if (opt != NULL) {
        return opt;
    }
    const char *env = getenv("OUTIS_LEDGER");
    if (env != NULL && *env != '\0') {
        return env;
    }
    char dir[PATH_MAX - sizeof "/ledger.db"];
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    int n;
    if (xdg != NULL && xdg[0] == '/') { /* the XDG spec ignores relative paths */
        n = snprintf(dir, sizeof dir, "%s/outis", xdg);
    } else if (home != NULL && home[0] != '\0') {
        n = snprintf(dir, sizeof dir, "%s/.local/state/outis", home);
    } else {
        fprintf(stderr, "outis: error: no ledger: pass --ledger PATH or set OUTIS_LEDGER\n");
        return NULL;
    }
    if (n < 0 || (size_t)n >= sizeof dir) {
        fprintf(stderr, "outis: error: the ledger's default path is too long\n");
        return NULL;
    }
    if (make_dirs(dir) != 0) {
        fprintf(stderr, "outis: error: %s: cannot create the ledger's directory: %s\n", dir,
                strerror(errno));
        return NULL;
    }
    snprintf(ledger_default, sizeof ledger_default, "%s/ledger.db", dir);
    return ledger_default;
}

int cli_ledger_status(int code)
{
    switch (code) {
    case OUTIS_ELIMIT:
    case OUTIS_ENOTFOUND:
        return EXIT_BUDGET;
    case OUTIS_EBUSY:
    case OUTIS_EPARSE:
    case OUTIS_EIO:
        return EXIT_LEDGER;
    case OUTIS_EINVAL:
        return EXIT_USAGE;
    default:
        return EXIT_SYSTEM;
    }
}

/* A finite number, all of s. */
static int parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_option(void *payload, int c, const char *arg)
{
    args *a = payload;
    switch (c) {
    case OPT_EPSILON:
        if (parse_number(arg, &a->epsilon) < 0 || !(a->epsilon > 0)) {
            return cli_usage_error("budget", "--epsilon takes a finite number > 0, not '%s'", arg);
        }
        a->has_epsilon = 1;
        return EXIT_OK;
    case OPT_DELTA:
        if (parse_number(arg, &a->delta) < 0 || !(a->delta >= 0 && a->delta < 1)) {
            return cli_usage_error("budget", "--delta takes a number in [0, 1), not '%s'", arg);
        }
        a->has_delta = 1;
        return EXIT_OK;
    case OPT_DATASET:
        if (*arg == '\0') {
            return cli_usage_error("budget", "--dataset takes a non-empty label");
        }
        a->label = arg;
        return EXIT_OK;
    case OPT_YES:
        a->yes = 1;
        return EXIT_OK;
    case OPT_JSON:
        a->json = 1;
        return EXIT_OK;
    case OPT_LEDGER:
        a->ledger = arg;
        return EXIT_OK;
    }
    return EXIT_OK; /* cli_options reports the unknown ones */
}

/* Options that belong to one subcommand only. */
static int check_sub(const args *a)
{
    int is_show = strcmp(a->sub, "show") == 0, is_set = strcmp(a->sub, "set") == 0;
    if (!is_show && !is_set && strcmp(a->sub, "reset") != 0) {
        return cli_usage_error("budget", "no subcommand '%s' (show, set or reset)", a->sub);
    }
    if (a->data == NULL && !is_show) {
        return cli_usage_error("budget", "'budget %s' needs the DATA file", a->sub);
    }
    if (!is_set && (a->has_epsilon || a->has_delta)) {
        return cli_usage_error("budget", "--epsilon and --delta are for 'budget set'");
    }
    if (is_set && !a->has_epsilon) {
        return cli_usage_error("budget", "'budget set' needs --epsilon (the total, > 0)");
    }
    if (a->json && !is_show) {
        return cli_usage_error("budget", "--json is for 'budget show'");
    }
    if (a->yes && strcmp(a->sub, "reset") != 0) {
        return cli_usage_error("budget", "--yes is for 'budget reset'");
    }
    if (strcmp(a->sub, "reset") == 0 && !a->yes) {
        return cli_usage_error("budget", "'budget reset' forgets what was spent: add --yes to "
                                         "confirm");
    }
    return EXIT_OK;
}

/* Returns -1 after --help, else an exit status. */
static int parse_args(args *a, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"epsilon", 1, NULL, OPT_EPSILON}, {"delta", 1, NULL, OPT_DELTA},
        {"dataset", 1, NULL, OPT_DATASET}, {"yes", 0, NULL, OPT_YES},
        {"json", 0, NULL, OPT_JSON},       {"ledger", 1, NULL, OPT_LEDGER},
        {"help", 0, NULL, OPT_HELP},       {NULL, 0, NULL, 0},
    };
    const int st =
        cli_options(argc, argv, "budget", ":h", longopts, OPT_HELP, help, NULL, parse_option, a);
    if (st != EXIT_OK) {
        return st;
    }
    if (optind >= argc) {
        return cli_usage_error("budget", "no subcommand (show, set or reset)");
    }
    a->sub = argv[optind++];
    if (optind < argc) {
        a->data = argv[optind++];
    }
    if (optind < argc) {
        return cli_usage_error("budget", "one DATA file expected, got '%s' too", argv[optind]);
    }
    return check_sub(a);
}

static void print_text(FILE *f, const char *dataset, const char *file, const char *label,
                       const outis_budget *b)
{
    fprintf(f, "dataset    %s", dataset);
    if (file != NULL) {
        fprintf(f, " (%s)", file);
    }
    fprintf(f, "\nlabel      %s\n", label);
    fprintf(f, "total      epsilon %g, delta %g\n", b->epsilon, b->delta);
    fprintf(f, "spent      epsilon %g, delta %g (pure epsilon %g, rho %g, delta %g)\n",
            b->epsilon_spent, b->delta_spent, b->spent.epsilon, b->spent.rho, b->spent.delta);
    fprintf(f, "remaining  epsilon %g\n", remaining(b));
    fprintf(f, "releases   %llu\n", (unsigned long long)b->releases);
}

static int put(json_t *obj, const char *key, json_t *v)
{
    return v == NULL || json_object_set_new(obj, key, v) != 0 ? -1 : 0;
}

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* The keys mirror outis_budget (outis/dp.h). */
static json_t *budget_json(const char *dataset, const char *file, const char *label,
                           const outis_budget *b)
{
    json_t *o = json_object(), *total = json_object(), *spent = json_object();
    json_t *left = json_object();
    int bad = o == NULL || total == NULL || spent == NULL || left == NULL;
    bad =
        bad || put(total, "epsilon", num(b->epsilon)) < 0 || put(total, "delta", num(b->delta)) < 0;
    bad = bad || put(spent, "epsilon", num(b->spent.epsilon)) < 0 ||
          put(spent, "rho", num(b->spent.rho)) < 0 || put(spent, "delta", num(b->spent.delta)) < 0;
    bad = bad || put(left, "epsilon", num(remaining(b))) < 0;
    bad = bad || put(o, "dataset", json_string(dataset)) < 0 ||
          put(o, "file", file ? json_string(file) : json_null()) < 0 ||
          put(o, "label", json_string(label)) < 0 || put(o, "total", json_incref(total)) < 0 ||
          put(o, "spent", json_incref(spent)) < 0 ||
          put(o, "epsilon_spent", num(b->epsilon_spent)) < 0 ||
          put(o, "delta_spent", num(b->delta_spent)) < 0 ||
          put(o, "remaining", json_incref(left)) < 0 ||
          put(o, "releases", json_integer((json_int_t)b->releases)) < 0;
    json_decref(total);
    json_decref(spent);
    json_decref(left);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* What show prints: text blocks, or one JSON document with every budget in "budgets". */
typedef struct report {
    int json;
    json_t *budgets;
    size_t count;
    const char *file;
} report;

static int add_budget(const char *dataset, const char *label, const outis_budget *b, void *payload)
{
    report *r = payload;
    if (r->json) {
        json_t *o = budget_json(dataset, r->file, label, b);
        if (o == NULL || json_array_append_new(r->budgets, o) != 0) {
            return 1;
        }
    } else {
        if (r->count > 0) {
            fputc('\n', stdout);
        }
        print_text(stdout, dataset, r->file, label, b);
    }
    r->count++;
    return 0;
}

static int report_begin(report *r, int json, const char *file)
{
    memset(r, 0, sizeof *r);
    r->json = json;
    r->file = file;
    if (json && (r->budgets = json_array()) == NULL) {
        fprintf(stderr, "outis: error: out of memory\n");
        return EXIT_SYSTEM;
    }
    return EXIT_OK;
}

static int report_end(report *r)
{
    int status = EXIT_OK;
    if (r->json) {
        json_t *root = json_object();
        int bad = root == NULL || put(root, "schema_version", json_integer(SCHEMA_VERSION)) < 0 ||
                  put(root, "tool", json_string("outis")) < 0 ||
                  put(root, "version", json_string(outis_version())) < 0 ||
                  put(root, "command", json_string("budget")) < 0 ||
                  put(root, "budgets", json_incref(r->budgets)) < 0;
        if (bad) {
            fprintf(stderr, "outis: error: out of memory\n");
            status = EXIT_SYSTEM;
        } else if (json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(12)) == 0) {
            fputc('\n', stdout);
        }
        json_decref(root);
        json_decref(r->budgets);
        r->budgets = NULL;
    } else if (r->count == 0) {
        printf("no budgets in the ledger\n");
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "outis: error: cannot write to standard output: %s\n", strerror(errno));
        status = EXIT_SYSTEM;
    }
    return status;
}

static int no_budget(const args *a)
{
    fprintf(stderr,
            "outis: error: %s: no budget set for this dataset (label '%s'); set one "
            "with 'outis budget set %s%s%s --epsilon E [--delta D]'\n",
            a->data, a->label, a->data, strcmp(a->label, DEFAULT_LABEL) ? " --dataset " : "",
            strcmp(a->label, DEFAULT_LABEL) ? a->label : "");
    return EXIT_BUDGET;
}

/* Prints a ledger error and returns its exit status. */
static int ledger_failed(const args *a, int rc, outis_error *err)
{
    if (rc == OUTIS_ENOTFOUND) {
        return no_budget(a);
    }
    cli_report(err);
    return cli_ledger_status(rc);
}

static int show_one(const args *a, outis_ledger *l, const char *dataset)
{
    outis_budget b;
    outis_error err;
    int rc = outis_ledger_get(&b, l, dataset, a->label, &err);
    if (rc < 0) {
        return ledger_failed(a, rc, &err);
    }
    report r;
    int status = report_begin(&r, a->json, a->data);
    if (status == EXIT_OK && add_budget(dataset, a->label, &b, &r) != 0) {
        fprintf(stderr, "outis: error: out of memory\n");
        status = EXIT_SYSTEM;
    }
    int end = report_end(&r);
    return status != EXIT_OK ? status : end;
}

static int show_all(const args *a, outis_ledger *l)
{
    report r;
    int status = report_begin(&r, a->json, NULL);
    if (status != EXIT_OK) {
        return status;
    }
    outis_error err;
    int rc = l != NULL ? outis_ledger_list(l, add_budget, &r, &err) : 0;
    if (rc < 0) {
        cli_report(&err);
        status = cli_ledger_status(rc);
    } else if (rc > 0) {
        fprintf(stderr, "outis: error: out of memory\n");
        status = EXIT_SYSTEM;
    }
    int end = report_end(&r);
    return status != EXIT_OK ? status : end;
}

static int run(const args *a, const char *path)
{
    char dataset[33];
    outis_error err;
    if (a->data != NULL && outis_dataset_id(dataset, a->data, &err) < 0) {
        cli_report(&err);
        return cli_input_status(err.code);
    }
    struct stat st;
    if (strcmp(a->sub, "show") == 0 && stat(path, &st) != 0 && errno == ENOENT) {
        /* Nothing was ever set: say so without creating a ledger. */
        return a->data != NULL ? no_budget(a) : show_all(a, NULL);
    }
    outis_ledger *l = NULL;
    int rc = outis_ledger_open(&l, path, &err);
    if (rc < 0) {
        cli_report(&err);
        return cli_ledger_status(rc);
    }
    int status;
    if (strcmp(a->sub, "show") == 0) {
        status = a->data != NULL ? show_one(a, l, dataset) : show_all(a, l);
    } else {
        if (strcmp(a->sub, "set") == 0) {
            rc = outis_ledger_set(l, dataset, a->label, a->epsilon, a->delta, &err);
            outis_budget b;
            if (rc == 0 && outis_ledger_get(&b, l, dataset, a->label, NULL) == 0 &&
                (!(b.epsilon_spent <= b.epsilon * (1 + 1e-9)) || b.spent.delta > b.delta)) {
                fprintf(stderr, "outis: warning: the new total is below what was already "
                                "spent: no release will be allowed until a reset\n");
            }
        } else {
            rc = outis_ledger_reset(l, dataset, a->label, &err);
        }
        status = rc < 0 ? ledger_failed(a, rc, &err) : show_one(a, l, dataset);
    }
    outis_ledger_close(l);
    return status;
}

int cmd_budget(int argc, char **argv)
{
    args a = {0};
    a.label = DEFAULT_LABEL;
    int status = parse_args(&a, argc, argv);
    if (status != EXIT_OK) {
        return status < 0 ? EXIT_OK : status;
    }
    const char *path = cli_ledger_path(a.ledger);
    if (path == NULL) {
        return EXIT_LEDGER;
    }
    return run(&a, path);
}
