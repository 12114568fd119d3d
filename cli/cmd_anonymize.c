/* cmd_anonymize.c - `outis anonymize`: the plan (a JSON file and flags), the transformations
 * that need no search, the optimal generalisation of the quasi-identifiers under k-anonymity,
 * l-diversity and t-closeness, and the release: written to a temporary file, read back and
 * checked by the risk engine, then renamed into place with its filled plan and report. */
#define _GNU_SOURCE /* asprintf */
#include "anon_cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char help[] =
    "usage: outis anonymize FILE --plan PLAN.json -o OUT [OPTIONS]\n"
    "       outis anonymize FILE --qi COLS --hierarchy COL=FILE... [CRITERIA] -o OUT\n"
    "       outis anonymize FILE --decrypt --plan PLAN.json -o OUT\n"
    "\n"
    "Finds the generalisation of the quasi-identifiers (one hierarchy each: ARX's CSV\n"
    "format, or a rule in the plan) with the least information loss under the criteria,\n"
    "suppressing at most --suppression of the records; pseudonymizes, encrypts, masks or\n"
    "date-shifts the columns the plan says; drops every other column. The release is\n"
    "written to OUT, read back and checked with the risk engine before it is kept, with a\n"
    "copy of the plan, every default filled in, beside it (OUT.plan.json, or REPORT.plan.json\n"
    "with --report-json REPORT.json). See docs/anonymize.md for the plan format.\n"
    "\n"
    "plan (flags win over the plan):\n"
    "  --plan FILE            the plan as JSON: columns, criteria, suppression, metric\n"
    "  --qi COLS              quasi-identifiers, generalized\n"
    "  --hierarchy COL=FILE   the hierarchy of a quasi-identifier (ARX's CSV format), or of\n"
    "                         a sensitive column for --t-kind hierarchical\n"
    "  --sensitive COLS       sensitive columns, kept (for l-diversity and t-closeness)\n"
    "  --keep COLS            other columns released as they are\n"
    "  --key-file FILE        the key of pseudonyms, encryption and date shifts (made by\n"
    "                         'outis keygen'; never give a key on the command line)\n"
    "\n"
    "criteria:\n"
    "  --k N                  k-anonymity\n"
    "  --l N                  l-diversity of each sensitive column (distinct by default)\n"
    "  --l-kind KIND          distinct, entropy or recursive\n"
    "  --c C                  c of recursive (c,l)-diversity\n"
    "  --t T                  t-closeness, in [0, 1]\n"
    "  --t-kind KIND          ground distance: equal (default), ordered (numeric) or\n"
    "                         hierarchical (a hierarchy of each sensitive column)\n"
    "  --suppression S        share of records that may be suppressed (default 0)\n"
    "\n"
    "options:\n"
    "  --metric M             loss (default, ARX's), entropy, discernibility, aecs, precision\n"
    "  -o, --output FILE      the release (required; a file: it is read back and checked)\n"
    "  --report-json FILE     the release report as JSON\n"
    "  --json                 the report on standard output as JSON\n"
    "  --decrypt              decrypt the plan's encrypted columns of FILE (a release)\n"
    "  --delimiter C, --encoding NAME, --format FORMAT, --na LIST, --skip-bad-rows,\n"
    "  --max-field BYTES, --threads N, -q/--quiet, --[no-]progress: as in 'outis risk'\n"
    "\n"
    "exit status: 0 released, 1 the release failed its check (a bug: nothing is kept),\n"
    "2 usage, plan error or unknown column, 3 bad input (data, hierarchy or value),\n"
    "4 output or system error, 7 the criteria cannot be met, not even at the top of the\n"
    "lattice, 8 the key file is missing, too short, malformed or readable by others\n";

enum {
    OPT_QI = OPT_FIRST_COMMAND,
    OPT_HIERARCHY,
    OPT_K,
    OPT_SENSITIVE,
    OPT_L,
    OPT_L_KIND,
    OPT_C,
    OPT_T,
    OPT_T_KIND,
    OPT_SUPPRESSION,
    OPT_METRIC,
    OPT_KEEP,
    OPT_REPORT_JSON,
    OPT_JSON,
    OPT_PLAN,
    OPT_KEY_FILE,
    OPT_DECRYPT,
    OPT_HELP
};

static int number(const char *s, double lo, double hi, double *out)
{
    char *end;
    const double v = strtod(s, &end);
    if (end == s || *end != '\0' || !(v >= lo && v <= hi)) {
        return -1;
    }
    *out = v;
    return 0;
}

static int pick(const char *arg, const char *const *names, int n)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(arg, names[i]) == 0) {
            return i;
        }
    }
    return -1;
}

static int criterion(anon_flags *a, int c, const char *arg)
{
    double v;
    switch (c) {
    case OPT_K:
        if (number(arg, 1, 1e9, &v) < 0 || v != floor(v)) {
            return cli_usage_error("anonymize", "--k takes a whole number >= 1");
        }
        a->o.k = (size_t)v;
        a->has_k = 1;
        return EXIT_OK;
    case OPT_L:
        a->has_l = 1;
        return number(arg, 1, 1e9, &a->o.l) < 0
                   ? cli_usage_error("anonymize", "--l takes a number >= 1")
                   : EXIT_OK;
    case OPT_L_KIND:
        a->has_l_kind = 1;
        return (a->o.l_kind = pick(arg, anon_l_names, 4)) < 1
                   ? cli_usage_error("anonymize", "--l-kind takes distinct, entropy or recursive")
                   : EXIT_OK;
    case OPT_C:
        a->has_c = 1;
        return number(arg, 1e-9, 1e9, &a->o.c) < 0
                   ? cli_usage_error("anonymize", "--c takes a number > 0")
                   : EXIT_OK;
    case OPT_T:
        a->has_t = 1;
        return number(arg, 0, 1, &a->o.t) < 0
                   ? cli_usage_error("anonymize", "--t takes a number in [0, 1]")
                   : EXIT_OK;
    case OPT_T_KIND:
        a->has_t_kind = 1;
        return (a->o.t_kind = pick(arg, anon_t_names, 4)) < 1
                   ? cli_usage_error("anonymize", "--t-kind takes equal, ordered or hierarchical")
                   : EXIT_OK;
    case OPT_SUPPRESSION:
        a->has_suppression = 1;
        return number(arg, 0, 0.999999, &a->o.suppression) < 0
                   ? cli_usage_error("anonymize", "--suppression takes a share in [0, 1)")
                   : EXIT_OK;
    default: /* OPT_METRIC */
        a->has_metric = 1;
        return (a->o.metric = pick(arg, anon_metric_names, 5)) < 0
                   ? cli_usage_error("anonymize", "--metric takes loss, entropy, "
                                                  "discernibility, aecs or precision")
                   : EXIT_OK;
    }
}

static int option(void *payload, int c, const char *arg)
{
    anon_flags *a = payload;
    switch (c) {
    case OPT_QI:
        a->qi = arg;
        return EXIT_OK;
    case OPT_HIERARCHY:
        if (a->nhier == ANON_MAX_QI || strchr(arg, '=') == NULL) {
            return cli_usage_error("anonymize", "--hierarchy takes COL=FILE");
        }
        a->hier[a->nhier++] = arg;
        return EXIT_OK;
    case OPT_SENSITIVE:
        a->sensitive = arg;
        return EXIT_OK;
    case OPT_KEEP:
        a->keep = arg;
        return EXIT_OK;
    case OPT_REPORT_JSON:
        a->report_json = arg;
        return EXIT_OK;
    case OPT_JSON:
        a->json = 1;
        return EXIT_OK;
    case OPT_PLAN:
        a->plan = arg;
        return EXIT_OK;
    case OPT_KEY_FILE:
        a->key_file = arg;
        return EXIT_OK;
    case OPT_DECRYPT:
        a->decrypt = 1;
        return EXIT_OK;
    case 'o':
        a->output = arg;
        return EXIT_OK;
    default:
        return criterion(a, c, arg);
    }
}

static int check_args(const anon_flags *a)
{
    struct stat st;
    if (a->output == NULL) {
        return cli_usage_error("anonymize", "-o is required");
    }
    if (a->decrypt) {
        return a->plan == NULL ? cli_usage_error("anonymize", "--decrypt needs --plan") : EXIT_OK;
    }
    if (strcmp(a->output, "-") == 0 || (stat(a->output, &st) == 0 && !S_ISREG(st.st_mode))) {
        return cli_usage_error("anonymize",
                               "-o %s: the release must be a file (it is read back "
                               "and checked before it is kept)",
                               a->output);
    }
    return EXIT_OK;
}

static int parse_args(anon_flags *a, cli_csv *csv, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"qi", 1, NULL, OPT_QI},
        {"hierarchy", 1, NULL, OPT_HIERARCHY},
        {"k", 1, NULL, OPT_K},
        {"sensitive", 1, NULL, OPT_SENSITIVE},
        {"l", 1, NULL, OPT_L},
        {"l-kind", 1, NULL, OPT_L_KIND},
        {"c", 1, NULL, OPT_C},
        {"t", 1, NULL, OPT_T},
        {"t-kind", 1, NULL, OPT_T_KIND},
        {"suppression", 1, NULL, OPT_SUPPRESSION},
        {"metric", 1, NULL, OPT_METRIC},
        {"keep", 1, NULL, OPT_KEEP},
        {"report-json", 1, NULL, OPT_REPORT_JSON},
        {"json", 0, NULL, OPT_JSON},
        {"plan", 1, NULL, OPT_PLAN},
        {"key-file", 1, NULL, OPT_KEY_FILE},
        {"decrypt", 0, NULL, OPT_DECRYPT},
        {"output", 1, NULL, 'o'},
        {"help", 0, NULL, OPT_HELP},
        CLI_CSV_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    int st =
        cli_options(argc, argv, "anonymize", ":hqo:", longopts, OPT_HELP, help, csv, option, a);
    if (st != EXIT_OK) {
        return st;
    }
    if (optind + 1 != argc) {
        return cli_usage_error("anonymize", "one input file expected");
    }
    a->file = argv[optind];
    if (a->plan == NULL && a->qi == NULL && !a->decrypt) {
        return cli_usage_error("anonymize", "give --plan, or --qi with --hierarchy");
    }
    return check_args(a);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int risk_of(outis_risk **out, const outis_table *t, const size_t *qi, size_t nqi,
                   const size_t *sens, size_t nsens, const anon_job *j, const outis_table *ref)
{
    const outis_anon_options *o = &j->p->o;
    outis_risk_options ro = OUTIS_RISK_OPTIONS_INIT;
    ro.t_distance = o->t_kind; /* the criterion's distance; none: the column's natural one */
    ro.t_hierarchies = (const outis_hierarchy *const *)j->sh;
    ro.t_reference = ref;
    ro.qi = qi;
    ro.qi_count = nqi;
    ro.sensitive = sens;
    ro.sensitive_count = nsens;
    ro.recursive_l = o->l_kind == OUTIS_L_RECURSIVE ? (size_t)o->l : 0;
    ro.combinations = OUTIS_COMBINATIONS_NONE;
    outis_error err;
    if (outis_risk_compute(out, t, &ro, &err) < 0) {
        cli_report(&err);
        return cli_input_status(err.code); /* a hierarchy that does not fit: bad input */
    }
    return EXIT_OK;
}

/* Checks the criteria on the risk figures of the release read back; 1 when they hold. */
static int criteria_hold(const outis_risk *r, const outis_anon_options *o, char *why, size_t cap)
{
    const outis_risk_summary *s = outis_risk_get_summary(r);
    const outis_sensitive_risk *sr = NULL;
    const size_t ns = outis_risk_sensitive(r, &sr);
    if (o->k > 1 && s->k < o->k) {
        snprintf(why, cap, "the smallest class has %zu records, not %zu", s->k, o->k);
        return 0;
    }
    for (size_t i = 0; i < ns; i++) {
        if ((o->l_kind == OUTIS_L_DISTINCT && (double)sr[i].distinct_l < o->l) ||
            (o->l_kind == OUTIS_L_ENTROPY && sr[i].entropy_l < o->l - 1e-9) ||
            (o->l_kind == OUTIS_L_RECURSIVE && !(o->c > sr[i].recursive_c))) {
            snprintf(why, cap, "l-diversity of sensitive attribute %zu does not hold", i + 1);
            return 0;
        }
        if (o->t_kind != OUTIS_T_NONE && sr[i].t > o->t + 1e-9) {
            snprintf(why, cap, "t-closeness of sensitive attribute %zu: %g > %g", i + 1, sr[i].t,
                     o->t);
            return 0;
        }
    }
    return 1;
}

/* Reads the written file back and checks every criterion with the risk engine. Returns 1
 * when they all hold, 0 when one fails (with why), -1 when the check could not run. */
static int verify(anon_job *j, const char *path, char *why, size_t cap)
{
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.delimiter = ',';
    o.na = j->csv->opts.na;
    o.na_count = j->csv->opts.na_count;
    o.threads = j->csv->opts.threads;
    o.max_field = j->csv->opts.max_field;
    outis_table *t = NULL;
    outis_error err;
    if (outis_table_read_csv(&t, path, &o, &err) < 0) {
        snprintf(why, cap, "the release cannot be read back: %.200s", err.message);
        return 0;
    }
    size_t qi[ANON_MAX_QI], sens[ANON_MAX_QI];
    int ok = 1;
    for (size_t i = 0; i < j->nqi && ok; i++) {
        ok = outis_table_column_index(&qi[i], t, j->p->cols[j->qi[i]].name, NULL) == 0;
    }
    for (size_t i = 0; i < j->nsens && ok; i++) {
        ok = outis_table_column_index(&sens[i], t, j->p->cols[j->sens[i]].name, NULL) == 0;
    }
    if (!ok) {
        snprintf(why, cap, "a column is missing from the release");
    } else if (outis_table_rows(t) > 0 &&
               /* t-closeness against the searched data, suppressed records included */
               risk_of(&j->after, t, qi, j->nqi, sens, j->nsens, j,
                       j->work != NULL ? j->work : j->t) != EXIT_OK) {
        ok = -1;
    } else if (j->after != NULL) {
        ok = criteria_hold(j->after, &j->p->o, why, cap);
    }
    outis_table_free(t);
    return ok;
}

static int search(anon_job *j)
{
    size_t qi[ANON_MAX_QI], sens[ANON_MAX_QI];
    for (size_t i = 0; i < j->nqi; i++) {
        qi[i] = j->p->cols[j->qi[i]].col;
    }
    for (size_t i = 0; i < j->nsens; i++) {
        sens[i] = j->p->cols[j->sens[i]].col;
    }
    int st = risk_of(&j->before, j->t, qi, j->nqi, sens, j->nsens, j, NULL);
    if (st != EXIT_OK) {
        return st;
    }
    outis_anon_options o = j->p->o;
    o.qi = j->sqi;
    o.qi_count = j->nqi;
    o.hierarchies = (const outis_hierarchy *const *)j->h;
    o.sensitive = j->ssens;
    o.sensitive_count = j->nsens;
    o.sensitive_hierarchies = (const outis_hierarchy *const *)j->sh;
    o.threads = j->csv->opts.threads;
    outis_error err;
    const double t0 = seconds();
    const int rc = outis_anonymize(&j->a, j->work != NULL ? j->work : j->t, &o, &err);
    j->secs = seconds() - t0;
    if (rc == OUTIS_ELIMIT) {
        anon_unreachable(j);
        return EXIT_UNREACHABLE;
    }
    if (rc < 0) {
        err.source[0] = '\0';
        cli_report(&err);
        return rc == OUTIS_EINVAL ? EXIT_INPUT : rc == OUTIS_ENOMEM ? EXIT_SYSTEM : EXIT_USAGE;
    }
    return EXIT_OK;
}

/* Writes a JSON document to path through a temporary file. */
static int write_json_file(const char *path, const json_t *doc, size_t precision)
{
    cli_out o;
    int st = cli_out_open(&o, path);
    if (st == EXIT_OK) {
        const int bad = json_dumpf(doc, o.f, JSON_INDENT(2) | JSON_REAL_PRECISION(precision));
        fputc('\n', o.f);
        st = cli_out_close(&o, bad == 0);
        if (bad != 0 && st == EXIT_OK) {
            fprintf(stderr, "outis: error: %s: cannot write\n", path ? path : "standard output");
            st = EXIT_SYSTEM;
        }
    }
    return st;
}

/* Where the filled plan goes: beside the JSON report if it is a file, else beside OUT. */
static char *plan_path(const anon_flags *f)
{
    const char *r = f->report_json;
    struct stat st;
    char *out = NULL;
    if (r != NULL && strcmp(r, "-") != 0 && (stat(r, &st) != 0 || S_ISREG(st.st_mode))) {
        const size_t n = strlen(r);
        const int cut = n > 5 && strcmp(r + n - 5, ".json") == 0 ? 5 : 0;
        if (asprintf(&out, "%.*s.plan.json", (int)(n - (size_t)cut), r) < 0) {
            out = NULL;
        }
    } else if (asprintf(&out, "%s.plan.json", f->output) < 0) {
        out = NULL;
    }
    return out;
}

/* The plan and the JSON report, then the release renamed into place: if one of them cannot
 * be written, none is left. */
static int commit(anon_job *j, cli_out *rel)
{
    json_t *plan = anon_plan_json(j->p);
    char *path = plan_path(j->f);
    int st = plan == NULL || path == NULL ? EXIT_SYSTEM : EXIT_OK;
    j->plan_out = path;
    if (st == EXIT_SYSTEM) {
        fprintf(stderr, "outis: error: out of memory\n");
    }
    if (st == EXIT_OK) {
        st = write_json_file(path, plan, 15);
    }
    const int wrote_plan = st == EXIT_OK;
    int wrote_report = 0;
    if (st == EXIT_OK && j->f->report_json != NULL) {
        json_t *report = anon_report_json(j);
        st = write_json_file(j->f->report_json, report, 10);
        wrote_report = st == EXIT_OK;
        json_decref(report);
    }
    if (st == EXIT_OK) {
        st = cli_out_close(rel, 1);
    } else {
        cli_out_close(rel, 0);
    }
    if (st != EXIT_OK) {
        struct stat sb;
        if (wrote_plan) {
            unlink(path);
        }
        if (wrote_report && stat(j->f->report_json, &sb) == 0 && S_ISREG(sb.st_mode)) {
            unlink(j->f->report_json);
        }
    }
    json_decref(plan);
    return st;
}

static int release(anon_job *j)
{
    cli_out o;
    int st = cli_out_open(&o, j->f->output);
    if (st != EXIT_OK) {
        return st;
    }
    st = anon_values_write(j, o.f);
    if (st == EXIT_OK && (fflush(o.f) != 0 || ferror(o.f))) {
        fprintf(stderr, "outis: error: %s: cannot write: %s\n", j->f->output, strerror(errno));
        st = EXIT_SYSTEM;
    } else if (st != EXIT_OK) {
        fprintf(stderr, "outis: error: out of memory\n");
    }
    char why[256] = "";
    const int ok = st == EXIT_OK ? verify(j, o.tmp, why, sizeof why) : -1;
    if (ok <= 0) {
        cli_out_close(&o, 0); /* nothing that fails its check is ever kept */
        if (ok == 0) {
            fprintf(stderr,
                    "outis: error: INTERNAL: the release failed its check (%s); it was "
                    "deleted. This is a bug in outis: please report it\n",
                    why);
            return EXIT_POLICY;
        }
        return st != EXIT_OK ? st : EXIT_SYSTEM;
    }
    return commit(j, &o);
}

static int report(anon_job *j)
{
    if (!j->f->json) {
        anon_report_text(stdout, j);
        return EXIT_OK;
    }
    json_t *doc = anon_report_json(j);
    const int st = write_json_file(NULL, doc, 10);
    json_decref(doc);
    return st;
}

static int decrypt(anon_job *j)
{
    cli_out o;
    int st = cli_out_open(&o, j->f->output);
    if (st == EXIT_OK) {
        st = anon_values_decrypt(j, o.f);
        st = cli_out_close(&o, st == EXIT_OK);
    }
    if (st != EXIT_OK || strcmp(j->f->output, "-") == 0 || j->csv->quiet) {
        return st;
    }
    printf("decrypted      ");
    for (size_t i = 0, n = 0; i < j->p->ncols; i++) {
        if (j->run[i].off != NULL) {
            printf("%s %s", n++ ? "," : "", j->p->cols[i].name);
        }
    }
    printf(": %zu records into %s\n", outis_table_rows(j->t), j->f->output);
    return EXIT_OK;
}

static int run(anon_flags *f, cli_csv *csv)
{
    anon_plan p;
    anon_job j;
    anon_plan_init(&p);
    memset(&j, 0, sizeof j);
    j.p = &p;
    j.f = f;
    j.csv = csv;
    int st = f->plan != NULL ? anon_plan_read(&p, f->plan) : EXIT_OK;
    if (st == EXIT_OK) {
        st = anon_plan_flags(&p, f);
    }
    if (st == EXIT_OK) {
        st = anon_plan_check(&p, f->decrypt);
    }
    if (st == EXIT_OK && anon_plan_needs_key(&p, f->decrypt)) {
        st = anon_read_key(&j, p.key_file);
    }
    if (st == EXIT_OK) {
        st = cli_read_table(&j.t, csv, f->file);
    }
    if (st == EXIT_OK) {
        st = anon_plan_resolve(&p, j.t, f->decrypt);
    }
    if (st == EXIT_OK) {
        st = anon_values_prepare(&j);
    }
    if (st == EXIT_OK && f->decrypt) {
        st = decrypt(&j);
        goto done;
    }
    if (st == EXIT_OK) {
        st = anon_values_work(&j);
    }
    if (st == EXIT_OK) {
        st = anon_values_hierarchies(&j);
    }
    if (st == EXIT_OK) {
        st = search(&j);
    }
    if (st == EXIT_OK) {
        st = release(&j);
    }
    if (st == EXIT_OK) {
        st = report(&j);
    }
done:
    free((char *)j.plan_out);
    anon_job_free(&j);
    anon_plan_free(&p);
    return st;
}

int cmd_anonymize(int argc, char **argv)
{
    anon_flags f;
    cli_csv csv;
    memset(&f, 0, sizeof f);
    const outis_anon_options init = OUTIS_ANON_OPTIONS_INIT;
    f.o = init;
    cli_csv_init(&csv);
    int st = parse_args(&f, &csv, argc, argv);
    if (st == EXIT_OK) {
        st = run(&f, &csv);
    } else if (st < 0) {
        st = EXIT_OK;
    }
    cli_csv_free(&csv);
    return st;
}
