/* cmd_anonymize.c - `outis anonymize`: the optimal generalisation of a table's
 * quasi-identifiers under k-anonymity, l-diversity and t-closeness, written atomically and
 * then read back from the file and checked by the risk engine before it is kept. */
#define _GNU_SOURCE /* asprintf */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char help[] =
    "usage: outis anonymize FILE --qi COLS --hierarchy COL=FILE... [CRITERIA] -o OUT\n"
    "\n"
    "Finds the generalisation of the quasi-identifiers COLS (one hierarchy each, ARX's CSV\n"
    "format) with the least information loss under the criteria, suppressing at most\n"
    "--suppression of the records, writes the release to OUT, then reads OUT back and checks\n"
    "every criterion on it with the risk engine before keeping it.\n"
    "\n"
    "criteria:\n"
    "  --k N                  k-anonymity\n"
    "  --sensitive COLS       sensitive attributes, for l-diversity and t-closeness\n"
    "  --l N                  l-diversity of each sensitive attribute (distinct by default)\n"
    "  --l-kind KIND          distinct, entropy or recursive\n"
    "  --c C                  c of recursive (c,l)-diversity\n"
    "  --t T                  t-closeness, in [0, 1]\n"
    "  --t-kind KIND          equal or ordered (numeric) ground distance (default equal)\n"
    "  --suppression S        share of records that may be suppressed (default 0)\n"
    "\n"
    "options:\n"
    "  --metric M             loss (default, ARX's), entropy, discernibility, aecs, precision\n"
    "  --keep COLS            other columns released as they are (all others are dropped)\n"
    "  -o, --output FILE      the release (required; written atomically)\n"
    "  --report-json FILE     the release report as JSON\n"
    "  --json                 the report on standard output as JSON\n"
    "  --delimiter C, --encoding NAME, --na LIST, --skip-bad-rows, --max-field BYTES,\n"
    "  --threads N, -q/--quiet, --[no-]progress: as in 'outis risk'\n"
    "\n"
    "exit status: 0 released, 1 the release failed its check (a bug: nothing is kept),\n"
    "2 usage or unknown column, 3 bad input (data or hierarchy), 4 output or system error,\n"
    "7 the criteria cannot be met, not even at the top of the lattice\n";

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
    OPT_HELP
};

#define EXIT_UNREACHABLE 7
#define MAX_HIER 64

typedef struct args {
    const char *file, *qi, *sensitive, *keep, *output, *report_json;
    const char *hier[MAX_HIER];
    size_t nhier;
    outis_anon_options o;
    int json;
} args;

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

static int option(args *a, int c, const char *arg)
{
    static const char *const lk[] = {"none", "distinct", "entropy", "recursive"};
    static const char *const tk[] = {"none", "equal", "ordered"};
    static const char *const mk[] = {"loss", "entropy", "discernibility", "aecs", "precision"};
    double v;
    switch (c) {
    case OPT_QI:
        a->qi = arg;
        return EXIT_OK;
    case OPT_HIERARCHY:
        if (a->nhier == MAX_HIER || strchr(arg, '=') == NULL) {
            return cli_usage_error("anonymize", "--hierarchy takes COL=FILE");
        }
        a->hier[a->nhier++] = arg;
        return EXIT_OK;
    case OPT_K:
        if (number(arg, 1, 1e9, &v) < 0 || v != floor(v)) {
            return cli_usage_error("anonymize", "--k takes a whole number >= 1");
        }
        a->o.k = (size_t)v;
        return EXIT_OK;
    case OPT_SENSITIVE:
        a->sensitive = arg;
        return EXIT_OK;
    case OPT_L:
        if (number(arg, 1, 1e9, &a->o.l) < 0) {
            return cli_usage_error("anonymize", "--l takes a number >= 1");
        }
        a->o.l_kind = a->o.l_kind ? a->o.l_kind : OUTIS_L_DISTINCT;
        return EXIT_OK;
    case OPT_L_KIND:
        if ((a->o.l_kind = pick(arg, lk, 4)) < 1) {
            return cli_usage_error("anonymize", "--l-kind takes distinct, entropy or recursive");
        }
        return EXIT_OK;
    case OPT_C:
        return number(arg, 1e-9, 1e9, &a->o.c) < 0
                   ? cli_usage_error("anonymize", "--c takes a number > 0")
                   : EXIT_OK;
    case OPT_T:
        if (number(arg, 0, 1, &a->o.t) < 0) {
            return cli_usage_error("anonymize", "--t takes a number in [0, 1]");
        }
        a->o.t_kind = a->o.t_kind ? a->o.t_kind : OUTIS_T_EQUAL;
        return EXIT_OK;
    case OPT_T_KIND:
        if ((a->o.t_kind = pick(arg, tk, 3)) < 1) {
            return cli_usage_error("anonymize", "--t-kind takes equal or ordered");
        }
        return EXIT_OK;
    case OPT_SUPPRESSION:
        return number(arg, 0, 0.999999, &a->o.suppression) < 0
                   ? cli_usage_error("anonymize", "--suppression takes a share in [0, 1)")
                   : EXIT_OK;
    case OPT_METRIC:
        return (a->o.metric = pick(arg, mk, 5)) < 0
                   ? cli_usage_error("anonymize", "--metric takes loss, entropy, "
                                                  "discernibility, aecs or precision")
                   : EXIT_OK;
    case OPT_KEEP:
        a->keep = arg;
        return EXIT_OK;
    case OPT_REPORT_JSON:
        a->report_json = arg;
        return EXIT_OK;
    case OPT_JSON:
        a->json = 1;
        return EXIT_OK;
    case 'o':
        a->output = arg;
        return EXIT_OK;
    default:
        return cli_usage_error("anonymize", "unknown option");
    }
}

static int parse_args(args *a, cli_csv *csv, int argc, char **argv)
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
        {"output", 1, NULL, 'o'},
        {"help", 0, NULL, OPT_HELP},
        CLI_CSV_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    int c, st;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":hqo:", longopts, NULL)) != -1) {
        const int r = cli_csv_option(csv, "anonymize", c, optarg);
        if (r != 0) {
            if (r < 0) {
                return EXIT_USAGE;
            }
            continue;
        }
        if (c == 'h' || c == OPT_HELP) {
            fputs(help, stdout);
            return -1;
        }
        if (c == ':' || c == '?') {
            return cli_usage_error("anonymize",
                                   c == ':' ? "option '%s' needs a value" : "unknown option '%s'",
                                   argv[optind - 1]);
        }
        if ((st = option(a, c, optarg)) != EXIT_OK) {
            return st;
        }
    }
    if (optind + 1 != argc) {
        return cli_usage_error("anonymize", "one input file expected");
    }
    a->file = argv[optind];
    if (a->qi == NULL || a->output == NULL) {
        return cli_usage_error("anonymize", "--qi and -o are required");
    }
    if (a->o.k == 0 && a->o.l_kind == 0 && a->o.t_kind == 0) {
        return cli_usage_error("anonymize", "no criterion: give --k, --l or --t");
    }
    if (a->o.l_kind == OUTIS_L_RECURSIVE && a->o.c == 0) {
        return cli_usage_error("anonymize", "recursive l-diversity needs --c");
    }
    if ((a->o.l_kind || a->o.t_kind) && a->sensitive == NULL) {
        return cli_usage_error("anonymize", "--l and --t need --sensitive");
    }
    return EXIT_OK;
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct job {
    outis_table *t;
    size_t *qi, nqi, *sens, nsens, *keep, nkeep;
    outis_hierarchy **h;
    outis_anon *a;
    outis_risk *before, *after;
    double secs;
} job;

static int hierarchies(job *j, const args *a)
{
    j->h = calloc(j->nqi, sizeof *j->h);
    if (j->h == NULL) {
        return EXIT_SYSTEM;
    }
    for (size_t i = 0; i < j->nqi; i++) {
        const char *name = outis_table_column_name(j->t, j->qi[i]);
        const char *file = NULL;
        for (size_t k = 0; k < a->nhier; k++) {
            const char *eq = strchr(a->hier[k], '=');
            if ((size_t)(eq - a->hier[k]) == strlen(name) &&
                strncmp(a->hier[k], name, strlen(name)) == 0) {
                file = eq + 1;
            }
        }
        if (file == NULL) {
            return cli_usage_error("anonymize", "no --hierarchy for quasi-identifier '%s'", name);
        }
        outis_error err;
        if (outis_hierarchy_read(&j->h[i], file, &err) < 0) {
            cli_report(&err);
            return err.code == OUTIS_ENOMEM ? EXIT_SYSTEM : EXIT_INPUT;
        }
    }
    return EXIT_OK;
}

static int risk_of(outis_risk **out, const outis_table *t, const size_t *qi, size_t nqi,
                   const size_t *sens, size_t nsens, const outis_anon_options *o)
{
    outis_risk_options ro = OUTIS_RISK_OPTIONS_INIT;
    ro.qi = qi;
    ro.qi_count = nqi;
    ro.sensitive = sens;
    ro.sensitive_count = nsens;
    ro.recursive_l = o->l_kind == OUTIS_L_RECURSIVE ? (size_t)o->l : 0;
    ro.combinations = OUTIS_COMBINATIONS_NONE;
    outis_error err;
    if (outis_risk_compute(out, t, &ro, &err) < 0) {
        cli_report(&err);
        return EXIT_SYSTEM;
    }
    return EXIT_OK;
}

static void write_row(FILE *f, const job *j, size_t r)
{
    const size_t ncols = outis_table_columns(j->t);
    int first = 1;
    for (size_t c = 0; c < ncols; c++) {
        const char *v = NULL;
        size_t len = 0;
        for (size_t i = 0; i < j->nqi && v == NULL; i++) {
            if (j->qi[i] == c) {
                v = outis_anon_value(j->a, i, r);
                len = strlen(v);
            }
        }
        int is_out = v != NULL;
        for (size_t i = 0; i < j->nsens && !is_out; i++) {
            is_out = j->sens[i] == c;
        }
        for (size_t i = 0; i < j->nkeep && !is_out; i++) {
            is_out = j->keep[i] == c;
        }
        if (!is_out) {
            continue; /* identifying or unnamed: dropped */
        }
        if (v == NULL) {
            v = outis_table_value(j->t, c, outis_table_codes(j->t, c)[r], &len);
        }
        if (!first) {
            fputc(',', f);
        }
        first = 0;
        cli_csv_field(f, v, len);
    }
    fputc('\n', f);
}

static void write_release(FILE *f, const job *j)
{
    const size_t ncols = outis_table_columns(j->t);
    int first = 1;
    for (size_t c = 0; c < ncols; c++) {
        int is_out = 0;
        for (size_t i = 0; i < j->nqi; i++) {
            is_out |= j->qi[i] == c;
        }
        for (size_t i = 0; i < j->nsens; i++) {
            is_out |= j->sens[i] == c;
        }
        for (size_t i = 0; i < j->nkeep; i++) {
            is_out |= j->keep[i] == c;
        }
        if (is_out) {
            const char *name = outis_table_column_name(j->t, c);
            if (!first) {
                fputc(',', f);
            }
            first = 0;
            cli_csv_field(f, name, strlen(name));
        }
    }
    fputc('\n', f);
    for (size_t r = 0; r < outis_table_rows(j->t); r++) {
        if (!outis_anon_is_suppressed(j->a, r)) {
            write_row(f, j, r);
        }
    }
}

/* Reads the written file back and checks every criterion with the risk engine. Returns 1
 * when they all hold, 0 when one fails (with why), -1 when the check could not run. */
static int verify(job *j, const args *a, const char *path, char *why, size_t cap)
{
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    o.delimiter = ',';
    outis_table *t = NULL;
    outis_error err;
    if (outis_table_read_csv(&t, path, &o, &err) < 0) {
        snprintf(why, cap, "the release cannot be read back: %.200s", err.message);
        return 0;
    }
    size_t qi[MAX_HIER], sens[MAX_HIER];
    for (size_t i = 0; i < j->nqi; i++) {
        outis_table_column_index(&qi[i], t, outis_table_column_name(j->t, j->qi[i]), NULL);
    }
    for (size_t i = 0; i < j->nsens; i++) {
        outis_table_column_index(&sens[i], t, outis_table_column_name(j->t, j->sens[i]), NULL);
    }
    int ok = 1;
    if (outis_table_rows(t) > 0 && risk_of(&j->after, t, qi, j->nqi, sens, j->nsens, &a->o) != 0) {
        outis_table_free(t);
        return -1;
    }
    if (j->after != NULL) {
        const outis_risk_summary *s = outis_risk_get_summary(j->after);
        const outis_sensitive_risk *sr = NULL;
        const size_t ns = outis_risk_sensitive(j->after, &sr);
        if (a->o.k > 1 && s->k < a->o.k) {
            ok = 0;
            snprintf(why, cap, "the smallest class has %zu records, not %zu", s->k, a->o.k);
        }
        for (size_t i = 0; i < ns && ok; i++) {
            const double l = a->o.l;
            if ((a->o.l_kind == OUTIS_L_DISTINCT && (double)sr[i].distinct_l < l) ||
                (a->o.l_kind == OUTIS_L_ENTROPY && sr[i].entropy_l < l - 1e-9) ||
                (a->o.l_kind == OUTIS_L_RECURSIVE && !(a->o.c > sr[i].recursive_c))) {
                ok = 0;
                snprintf(why, cap, "l-diversity of sensitive attribute %zu does not hold", i + 1);
            }
            const int same_distance = (a->o.t_kind == OUTIS_T_ORDERED) == (sr[i].is_ordered != 0);
            if (ok && a->o.t_kind != OUTIS_T_NONE && same_distance && sr[i].t > a->o.t + 1e-9) {
                ok = 0;
                snprintf(why, cap, "t-closeness of sensitive attribute %zu: %g > %g", i + 1,
                         sr[i].t, a->o.t);
            }
        }
    }
    outis_table_free(t);
    return ok;
}

static void report_text(FILE *f, const job *j, const args *a)
{
    const outis_anon_summary *s = outis_anon_get_summary(j->a);
    const size_t n = outis_table_rows(j->t);
    fprintf(f, "release         %s: %zu of %zu records (%zu suppressed, limit %g%%)\n", a->output,
            n - s->suppressed, n, s->suppressed, a->o.suppression * 100);
    fprintf(f, "criteria        ");
    if (a->o.k > 1) {
        fprintf(f, "%zu-anonymity ", a->o.k);
    }
    static const char *const lk[] = {"", "distinct", "entropy", "recursive"};
    static const char *const tk[] = {"", "equal", "ordered"};
    if (a->o.l_kind) {
        fprintf(f, "%s %g-diversity ", lk[a->o.l_kind], a->o.l);
    }
    if (a->o.t_kind) {
        fprintf(f, "%g-closeness (%s distance) ", a->o.t, tk[a->o.t_kind]);
    }
    fprintf(f, "- hold in the written file\n");
    fprintf(f, "transformation ");
    for (size_t i = 0; i < j->nqi; i++) {
        fprintf(f, " %s %zu/%zu", outis_table_column_name(j->t, j->qi[i]),
                outis_anon_level(j->a, i), outis_hierarchy_levels(j->h[i]) - 1);
    }
    fprintf(f, "\nscore           %.7f (", s->score);
    for (size_t i = 0; i < j->nqi; i++) {
        fprintf(f, "%s%s %.4f", i ? ", " : "", outis_table_column_name(j->t, j->qi[i]),
                outis_anon_qi_loss(j->a, i));
    }
    fprintf(f, ")\n");
    const outis_risk_summary *b = outis_risk_get_summary(j->before);
    fprintf(f, "risk before     k %zu, %zu classes, %zu sample uniques, prosecutor max %.4f\n",
            b->k, b->classes, b->uniques, b->prosecutor_max);
    if (j->after != NULL) {
        const outis_risk_summary *r = outis_risk_get_summary(j->after);
        fprintf(f, "risk after      k %zu, %zu classes, %zu sample uniques, prosecutor max %.4f\n",
                r->k, r->classes, r->uniques, r->prosecutor_max);
    }
    fprintf(f, "search          %zu transformations, %zu evaluated, %.3f s\n", s->lattice,
            s->evaluated, j->secs);
}

static json_t *report_json(const job *j, const args *a)
{
    const outis_anon_summary *s = outis_anon_get_summary(j->a);
    json_t *root = json_object(), *levels = json_object(), *loss = json_object();
    for (size_t i = 0; i < j->nqi; i++) {
        const char *name = outis_table_column_name(j->t, j->qi[i]);
        json_object_set_new(levels, name, json_integer((json_int_t)outis_anon_level(j->a, i)));
        json_object_set_new(loss, name, json_real(outis_anon_qi_loss(j->a, i)));
    }
    json_object_set_new(root, "schema_version", json_integer(1));
    json_object_set_new(root, "output", json_string(a->output));
    json_object_set_new(root, "records", json_integer((json_int_t)outis_table_rows(j->t)));
    json_object_set_new(root, "suppressed", json_integer((json_int_t)s->suppressed));
    json_object_set_new(root, "suppression_limit", json_real(a->o.suppression));
    json_object_set_new(root, "k", json_integer((json_int_t)a->o.k));
    json_object_set_new(root, "criteria_hold", json_true());
    json_object_set_new(root, "levels", levels);
    json_object_set_new(root, "score", json_real(s->score));
    json_object_set_new(root, "qi_loss", loss);
    const outis_risk_summary *b = outis_risk_get_summary(j->before);
    json_object_set_new(root, "risk_before",
                        json_pack("{s:I,s:I,s:I,s:f}", "k", (json_int_t)b->k, "classes",
                                  (json_int_t)b->classes, "uniques", (json_int_t)b->uniques,
                                  "prosecutor_max", b->prosecutor_max));
    if (j->after != NULL) {
        const outis_risk_summary *r = outis_risk_get_summary(j->after);
        json_object_set_new(root, "risk_after",
                            json_pack("{s:I,s:I,s:I,s:f}", "k", (json_int_t)r->k, "classes",
                                      (json_int_t)r->classes, "uniques", (json_int_t)r->uniques,
                                      "prosecutor_max", r->prosecutor_max));
    }
    json_object_set_new(root, "lattice", json_integer((json_int_t)s->lattice));
    json_object_set_new(root, "evaluated", json_integer((json_int_t)s->evaluated));
    json_object_set_new(root, "seconds", json_real(j->secs));
    return root;
}

static int write_json(const job *j, const args *a, const char *path)
{
    json_t *root = report_json(j, a);
    cli_out o;
    int st = cli_out_open(&o, path);
    if (st == EXIT_OK) {
        st = json_dumpf(root, o.f, JSON_INDENT(2) | JSON_REAL_PRECISION(10)) == 0 ? EXIT_OK
                                                                                  : EXIT_SYSTEM;
        fputc('\n', o.f);
        const int closed = cli_out_close(&o, st == EXIT_OK);
        st = st == EXIT_OK ? closed : st;
    }
    json_decref(root);
    return st;
}

static int write_reports(const job *j, const args *a)
{
    int st = a->report_json != NULL ? write_json(j, a, a->report_json) : EXIT_OK;
    if (st == EXIT_OK && a->json) {
        st = write_json(j, a, NULL);
    } else if (st == EXIT_OK) {
        report_text(stdout, j, a);
    }
    return st;
}

static int release(job *j, const args *a)
{
    cli_out o;
    int st = cli_out_open(&o, a->output);
    if (st != EXIT_OK) {
        return st;
    }
    write_release(o.f, j);
    if (fflush(o.f) != 0 || ferror(o.f)) {
        cli_out_close(&o, 0);
        fprintf(stderr, "outis: error: %s: cannot write: %s\n", a->output, strerror(errno));
        return EXIT_SYSTEM;
    }
    char why[256] = "";
    const int ok = verify(j, a, o.tmp != NULL ? o.tmp : a->output, why, sizeof why);
    if (ok <= 0) {
        cli_out_close(&o, 0); /* nothing that fails its check is ever kept */
        if (ok == 0) {
            fprintf(stderr,
                    "outis: error: INTERNAL: the release failed its check (%s); it was "
                    "deleted. This is a bug in outis: please report it\n",
                    why);
            return EXIT_POLICY;
        }
        return EXIT_SYSTEM;
    }
    return cli_out_close(&o, 1);
}

static void job_free(job *j)
{
    outis_anon_free(j->a);
    outis_risk_free(j->before);
    outis_risk_free(j->after);
    for (size_t i = 0; j->h != NULL && i < j->nqi; i++) {
        outis_hierarchy_free(j->h[i]);
    }
    free(j->h);
    free(j->qi);
    free(j->sens);
    free(j->keep);
    outis_table_free(j->t);
}

static int run(args *a, cli_csv *csv)
{
    job j;
    memset(&j, 0, sizeof j);
    int st = cli_read_table(&j.t, csv, a->file);
    if (st == EXIT_OK) {
        st = cli_columns(&j.qi, &j.nqi, j.t, a->qi, "--qi");
    }
    if (st == EXIT_OK && a->sensitive != NULL) {
        st = cli_columns(&j.sens, &j.nsens, j.t, a->sensitive, "--sensitive");
    }
    if (st == EXIT_OK && a->keep != NULL) {
        st = cli_columns(&j.keep, &j.nkeep, j.t, a->keep, "--keep");
    }
    if (st == EXIT_OK && j.nqi > MAX_HIER) {
        st = cli_usage_error("anonymize", "at most %d quasi-identifiers", MAX_HIER);
    }
    if (st == EXIT_OK) {
        st = hierarchies(&j, a);
    }
    if (st == EXIT_OK) {
        st = risk_of(&j.before, j.t, j.qi, j.nqi, j.sens, j.nsens, &a->o);
    }
    if (st == EXIT_OK) {
        a->o.qi = j.qi;
        a->o.qi_count = j.nqi;
        a->o.hierarchies = (const outis_hierarchy *const *)j.h;
        a->o.sensitive = j.sens;
        a->o.sensitive_count = j.nsens;
        outis_error err;
        const double t0 = seconds();
        const int rc = outis_anonymize(&j.a, j.t, &a->o, &err);
        j.secs = seconds() - t0;
        if (rc < 0) {
            err.source[0] = '\0';
            cli_report(&err);
            st = rc == OUTIS_ELIMIT   ? EXIT_UNREACHABLE
                 : rc == OUTIS_EINVAL ? EXIT_INPUT
                 : rc == OUTIS_ENOMEM ? EXIT_SYSTEM
                                      : EXIT_USAGE;
        }
    }
    if (st == EXIT_OK) {
        st = release(&j, a);
    }
    if (st == EXIT_OK) {
        st = write_reports(&j, a);
    }
    job_free(&j);
    return st;
}

int cmd_anonymize(int argc, char **argv)
{
    args a;
    cli_csv csv;
    memset(&a, 0, sizeof a);
    const outis_anon_options init = OUTIS_ANON_OPTIONS_INIT;
    a.o = init;
    cli_csv_init(&csv);
    int st = parse_args(&a, &csv, argc, argv);
    if (st == EXIT_OK) {
        st = run(&a, &csv);
    } else if (st < 0) {
        st = EXIT_OK;
    }
    cli_csv_free(&csv);
    return st;
}
