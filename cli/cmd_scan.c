/* cmd_scan.c - `outis scan`: personal data in tables (every column classified) and in text
 * files, directory trees and standard input (every finding placed), for people and for
 * pipelines (--fail-on, --json, --sarif). */
#include "scan_cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char help[] =
    "usage: outis scan [OPTIONS] INPUT...\n"
    "\n"
    "Finds personal data. A table (CSV or TSV, JSON Lines, sqlite:DB?table=NAME, or every\n"
    "table of an SQLite database) gets a role for each column: direct identifier,\n"
    "quasi-identifier, sensitive attribute, organisation identifier or other, with a\n"
    "confidence and the reasons. Text files, directories (recursively) and '-' (standard\n"
    "input) get every finding: file, line, byte offset, entity, confidence and a masked\n"
    "preview. Tables are reported before text.\n"
    "\n"
    "options:\n"
    "  --fail-on LIST         exit 1 when a column has one of these roles or entities, or a\n"
    "                         finding is of one; roles: direct_identifier, quasi_identifier,\n"
    "                         sensitive_attribute, organisation_identifier; entities: see\n"
    "                         docs/scan.md (cn_resident_id, cn_mobile, email, ...)\n"
    "  --sample N             classify a uniform random sample of N rows of each table\n"
    "  --seed S               the sample's seed (default: a random one)\n"
    "  --show-values          show raw values instead of masked previews\n"
    "  --json                 JSON output (schema: docs/schema/scan.json)\n"
    "  --sarif                SARIF 2.1.0 output, for code hosting and CI\n"
    "  -o, --output FILE      write the report to FILE (atomically) instead of stdout\n"
    "  --include GLOB         in directories, scan only files matching GLOB (repeatable)\n"
    "  --exclude GLOB         in directories, skip files and directories matching GLOB\n"
    "  --format FMT           read every input as csv, jsonl, sqlite or text (default: by\n"
    "                         name: .csv .tsv .jsonl .ndjson sqlite: and SQLite files are\n"
    "                         tables, the rest text)\n"
    "  --min-confidence X     drop findings below X in [0, 1]\n"
    "  --today DATE           judge birth dates against DATE (YYYY-MM-DD; default today)\n"
    "  --delimiter C          CSV field delimiter (default: sniffed among , ; tab |)\n"
    "  --encoding NAME        table encoding, e.g. gb18030 (default UTF-8)\n"
    "  --na LIST              tokens read as missing (default \",NA,NULL\")\n"
    "  --skip-bad-rows        skip rows with a wrong number of fields, and count them\n"
    "  --max-field BYTES      longest field accepted (default 1M)\n"
    "  --threads N            threads (default: all cores)\n"
    "  -q, --quiet            no progress bar\n"
    "  --progress, --no-progress   force the progress bar on or off\n"
    "\n"
    "exit status: 0 nothing --fail-on names was found, 1 a --fail-on match, 2 usage,\n"
    "3 bad input (a table that cannot be read, a missing path or SQLite table), 4 output or\n"
    "system error, 9 some files were skipped (unreadable or binary) or not valid UTF-8\n";

enum {
    OPT_FAIL_ON = OPT_FIRST_COMMAND,
    OPT_SAMPLE,
    OPT_SEED,
    OPT_SHOW_VALUES,
    OPT_JSON,
    OPT_SARIF,
    OPT_INCLUDE,
    OPT_EXCLUDE,
    OPT_MIN_CONFIDENCE,
    OPT_TODAY,
    OPT_HELP
};

#define FORMAT_TEXT 100 /* --format text, beside enum outis_format */

typedef struct scan_args {
    char **inputs;
    size_t input_count;
    const char *output, *fail_on;
    int out_format; /* enum scan_format */
    int in_format;  /* enum outis_format, or FORMAT_TEXT */
    int show_values;
    size_t sample;
    int has_seed;
    uint64_t seed;
    const char **include, **exclude;
    size_t include_count, exclude_count;
    double min_confidence;
    int today;
    /* --fail-on, resolved */
    unsigned fail_roles; /* bit per enum outis_role */
    uint64_t fail_entities;
    const char **fail_names;
    size_t fail_count;
    char *fail_buf;
} scan_args;

/* ---- arguments ---- */

static int parse_today(const char *s, int *out)
{
    unsigned y, m, d;
    char tail;
    if (sscanf(s, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 || strlen(s) != 10) {
        return -1;
    }
    struct tm tm = {0};
    tm.tm_year = (int)y - 1900, tm.tm_mon = (int)m - 1, tm.tm_mday = (int)d, tm.tm_hour = 12;
    time_t t = mktime(&tm);
    if (t == (time_t)-1 || tm.tm_mday != (int)d || tm.tm_mon != (int)m - 1) {
        return -1;
    }
    *out = (int)(y * 10000 + m * 100 + d);
    return 0;
}

static int parse_count(const char *s, uint64_t *out, uint64_t min)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || *end != '\0' || errno != 0 || s[0] == '-' || v < min) {
        return -1;
    }
    *out = v;
    return 0;
}

typedef struct scan_parse {
    scan_args *a;
    cli_csv *csv;
} scan_parse;

/* One option of scan's own, or a reader's option (cli_csv_option), with --format's extra
 * value: text. */
static int scan_option(void *payload, int c, const char *arg)
{
    scan_parse *p = payload;
    scan_args *a = p->a;
    uint64_t v;
    char *end;
    if (c == OPT_FORMAT && strcmp(arg, "text") == 0) {
        a->in_format = FORMAT_TEXT;
        return EXIT_OK;
    }
    if (c == OPT_FORMAT && strcmp(arg, "csv") != 0 && strcmp(arg, "jsonl") != 0 &&
        strcmp(arg, "ndjson") != 0 && strcmp(arg, "sqlite") != 0) {
        return cli_usage_error("scan", "--format takes csv, jsonl, sqlite or text, not '%s'", arg);
    }
    const int r = cli_csv_option(p->csv, "scan", c, arg);
    if (r < 0) {
        return EXIT_USAGE;
    }
    if (c == OPT_FORMAT) {
        a->in_format = p->csv->format;
    }
    if (r > 0) {
        return EXIT_OK;
    }
    switch (c) {
    case OPT_FAIL_ON:
        a->fail_on = arg;
        return 0;
    case OPT_SAMPLE:
        if (parse_count(arg, &v, 1) < 0 || v > SIZE_MAX) {
            return cli_usage_error("scan", "--sample takes a whole number of rows, at least 1");
        }
        a->sample = (size_t)v;
        return 0;
    case OPT_SEED:
        if (parse_count(arg, &a->seed, 0) < 0) {
            return cli_usage_error("scan", "--seed takes a whole number from 0 to 2^64-1");
        }
        a->has_seed = 1;
        return 0;
    case OPT_SHOW_VALUES:
        a->show_values = 1;
        return 0;
    case OPT_JSON:
    case OPT_SARIF:
        if (a->out_format != SCAN_OUT_TEXT) {
            return cli_usage_error("scan", "--json and --sarif exclude each other");
        }
        a->out_format = c == OPT_JSON ? SCAN_OUT_JSON : SCAN_OUT_SARIF;
        return 0;
    case OPT_INCLUDE:
        a->include[a->include_count++] = arg;
        return 0;
    case OPT_EXCLUDE:
        a->exclude[a->exclude_count++] = arg;
        return 0;
    case OPT_MIN_CONFIDENCE:
        a->min_confidence = strtod(arg, &end);
        if (end == arg || *end != '\0' || !(a->min_confidence >= 0 && a->min_confidence <= 1)) {
            return cli_usage_error("scan", "--min-confidence takes a number in [0, 1]");
        }
        return 0;
    case OPT_TODAY:
        if (parse_today(arg, &a->today) < 0) {
            return cli_usage_error("scan", "--today takes a date as YYYY-MM-DD, not '%s'", arg);
        }
        return 0;
    case 'o':
        a->output = arg;
        return 0;
    default:
        return cli_usage_error("scan", "unknown option");
    }
}

static int parse_args(scan_args *a, cli_csv *csv, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"fail-on", 1, NULL, OPT_FAIL_ON},
        {"sample", 1, NULL, OPT_SAMPLE},
        {"seed", 1, NULL, OPT_SEED},
        {"show-values", 0, NULL, OPT_SHOW_VALUES},
        {"json", 0, NULL, OPT_JSON},
        {"sarif", 0, NULL, OPT_SARIF},
        {"include", 1, NULL, OPT_INCLUDE},
        {"exclude", 1, NULL, OPT_EXCLUDE},
        {"min-confidence", 1, NULL, OPT_MIN_CONFIDENCE},
        {"today", 1, NULL, OPT_TODAY},
        {"output", 1, NULL, 'o'},
        {"help", 0, NULL, OPT_HELP},
        CLI_CSV_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    a->include = calloc((size_t)argc + 1, sizeof *a->include);
    a->exclude = calloc((size_t)argc + 1, sizeof *a->exclude);
    if (a->include == NULL || a->exclude == NULL) {
        fprintf(stderr, "outis: error: out of memory\n");
        return EXIT_SYSTEM;
    }
    scan_parse p = {a, csv};
    /* the reader's options go through scan_option too: --format has a value of its own */
    const int status =
        cli_options(argc, argv, "scan", ":hqo:", longopts, OPT_HELP, help, NULL, scan_option, &p);
    if (status != EXIT_OK) {
        return status;
    }
    if (optind >= argc) {
        return cli_usage_error("scan", "no input (a file, a directory, sqlite:DB, or '-' for "
                                       "standard input)");
    }
    a->inputs = argv + optind;
    a->input_count = (size_t)(argc - optind);
    return EXIT_OK;
}

/* Splits --fail-on into roles and entities. */
static int parse_fail_on(scan_args *a)
{
    static const struct {
        const char *name;
        int role;
    } roles[] = {{"direct_identifier", OUTIS_ROLE_DIRECT_ID},
                 {"quasi_identifier", OUTIS_ROLE_QUASI_ID},
                 {"sensitive_attribute", OUTIS_ROLE_SENSITIVE},
                 {"organisation_identifier", OUTIS_ROLE_ORG_ID}};
    if (a->fail_on == NULL) {
        return EXIT_OK;
    }
    const char *lists[1] = {a->fail_on};
    int status = cli_names(&a->fail_names, &a->fail_count, &a->fail_buf, lists, 1);
    if (status != EXIT_OK) {
        return status;
    }
    if (a->fail_count == 0) {
        return cli_usage_error("scan", "--fail-on names no role or entity");
    }
    for (size_t i = 0; i < a->fail_count; i++) {
        const char *name = a->fail_names[i];
        int found = 0;
        for (size_t k = 0; k < sizeof roles / sizeof *roles; k++) {
            if (strcmp(name, roles[k].name) == 0) {
                a->fail_roles |= 1u << roles[k].role;
                found = 1;
            }
        }
        size_t e;
        outis_error err;
        if (!found && outis_scan_entity_find(&e, name, &err) < 0) {
            fprintf(stderr,
                    "outis: error: --fail-on: %s; or a role: direct_identifier, "
                    "quasi_identifier, sensitive_attribute, organisation_identifier\n",
                    err.message);
            return EXIT_USAGE;
        }
        a->fail_entities |= found ? 0 : 1ull << e;
    }
    return EXIT_OK;
}

/* ---- --fail-on ---- */

static void matched(scan_report *r, const char *what)
{
    if (r->matches++ == 0) {
        snprintf(r->first_match, sizeof r->first_match, "%s", what);
    }
}

static void fail_on_columns(scan_report *r, const scan_args *a, const scan_table_info *ti)
{
    for (size_t i = 0; i < outis_classification_columns(ti->c); i++) {
        const outis_column_class *k = outis_classification_column(ti->c, i);
        int hit = (a->fail_roles >> k->role) & 1;
        for (size_t e = 0; k->role != OUTIS_ROLE_OTHER && e < k->entity_count; e++) {
            hit |= (int)((a->fail_entities >> k->entities[e].entity) & 1);
        }
        if (hit) {
            char what[512];
            snprintf(what, sizeof what, "%s: column %s (%s)", ti->source, k->name,
                     outis_role_name(k->role));
            matched(r, what);
        }
    }
}

/* ---- tables ---- */

typedef struct writer {
    void (*begin)(scan_report *r);
    void (*table)(scan_report *r, const scan_table_info *ti);
    void (*input)(scan_report *r, const char *input);
    void (*finding)(scan_report *r, const outis_finding *f);
    void (*input_end)(scan_report *r, const char *input);
    void (*end)(scan_report *r);
} writer;

static const writer writers[3] = {
    {NULL, scan_text_table, scan_text_input, scan_text_finding, scan_text_input_end, scan_text_end},
    {scan_json_begin, scan_json_table, NULL, scan_json_finding, NULL, scan_json_end},
    {scan_sarif_begin, scan_sarif_table, NULL, scan_sarif_finding, NULL, scan_sarif_end},
};

typedef struct run_ctx {
    const scan_args *a;
    cli_csv *csv;
    const outis_scanner *sc;
    scan_report *r;
    const writer *w;
    int show_progress;
    uint64_t file_counts[OUTIS_SCAN_MAX_ENTITIES]; /* of the file being scanned */
    const char *spool; /* the path standard input is read from as a table, or NULL */
} run_ctx;

/* A source as the user named it: "-" for standard input's copy. */
static const char *shown(const run_ctx *x, const char *source)
{
    return x->spool != NULL && strcmp(source, x->spool) == 0 ? "-" : source;
}

static void report(const run_ctx *x, outis_error *err)
{
    if (x->spool != NULL && strcmp(err->source, x->spool) == 0) {
        snprintf(err->source, sizeof err->source, "-");
    }
    cli_report(err);
}

/* Reads the table, a reservoir sample of it (sample > 0), or with is_counted its value counts
 * only (outis_table_read_counted). */
static int read_table(outis_table **out, run_ctx *x, const char *source, int format, int is_counted,
                      size_t sample)
{
    outis_error err;
    cli_progress bar = {shown(x, source), 0, 0, 0};
    outis_read_options o = OUTIS_READ_OPTIONS_INIT;
    o.format = format;
    o.csv = x->csv->opts;
    o.sample = sample;
    o.has_seed = x->a->has_seed || x->a->sample == 0; /* the default sample repeats */
    o.seed = x->a->seed;
    if (x->show_progress) {
        o.csv.progress = cli_progress_cb;
        o.csv.payload = &bar;
    }
    int rc = is_counted ? outis_table_read_counted(out, source, &o, &err)
                        : outis_table_read(out, source, &o, &err);
    if (x->show_progress) {
        cli_progress_end(&bar);
    }
    if (rc < 0) {
        report(x, &err);
        if (rc == OUTIS_EINVAL &&
            (strstr(err.message, "encoding") || strstr(err.message, "sqlite:"))) {
            return EXIT_USAGE; /* an encoding or source written on the command line */
        }
        return cli_input_status(rc); /* a missing SQLite table is bad input */
    }
    return EXIT_OK;
}

/* Columns of the sample with more distinct values than this are read as hashes of every row
 * and judged on the sample's values: interning millions of distinct values is what makes a
 * big table slow to read. */
#define INTERN_MAX 4096

/* The names of the sample's columns with many distinct values, in *names (free it). */
static size_t wide_columns(const char ***names, const outis_table *sample)
{
    size_t n = 0, cols = outis_table_columns(sample);
    *names = calloc(cols ? cols : 1, sizeof **names);
    for (size_t c = 0; *names != NULL && c < cols; c++) {
        if (outis_table_cardinality(sample, c) > INTERN_MAX) {
            (*names)[n++] = outis_table_column_name(sample, c);
        }
    }
    return n;
}

/* Reads a table: a sample by seeking when --sample is given; without it, a sample of the
 * classifier's size (by seeking, or else in one pass over the rows) and, when the table has
 * more rows than that, every row counted with the wide columns as hashes (see
 * outis_classify_options.sample), so that memory follows the sample and the distinct values
 * of the narrow columns, not the rows. */
static int load(outis_table **t, outis_table **sample, run_ctx *x, const char *source, int format)
{
    outis_read_options o = OUTIS_READ_OPTIONS_INIT;
    outis_error err;
    o.format = format;
    o.csv = x->csv->opts;
    o.sample = x->a->sample ? x->a->sample : OUTIS_CLASSIFY_DEFAULT_VALUES;
    o.has_seed = x->a->has_seed || x->a->sample == 0; /* the default sample repeats */
    o.seed = x->a->seed;
    int rc = format == OUTIS_FORMAT_SQLITE ? 1 : outis_table_sample_seek(sample, source, &o, &err);
    if (rc < 0) {
        report(x, &err);
        return cli_input_status(rc);
    }
    if (rc == 1 && x->a->sample == 0) {
        /* a reservoir sample; when it holds every row, it is the table */
        int status = read_table(sample, x, source, format, 0, o.sample);
        if (status != EXIT_OK || outis_table_rows(*sample) < o.sample) {
            *t = *sample;
            *sample = NULL;
            return status;
        }
        rc = 0;
    }
    if (rc == 0 && x->a->sample > 0) {
        *t = *sample;
        *sample = NULL;
        return EXIT_OK;
    }
    const char **wide = NULL;
    size_t n = rc == 0 ? wide_columns(&wide, *sample) : 0;
    if (rc == 0 && wide == NULL) {
        fprintf(stderr, "outis: error: out of memory\n");
        return EXIT_SYSTEM;
    }
    const char *const *hashed = x->csv->opts.hashed;
    size_t hashed_count = x->csv->opts.hashed_count;
    x->csv->opts.hashed = wide;
    x->csv->opts.hashed_count = n;
    /* a big table is counted, not kept: memory follows its distinct values, not its rows */
    int status = read_table(t, x, source, format, rc == 0, x->a->sample);
    x->csv->opts.hashed = hashed;
    x->csv->opts.hashed_count = hashed_count;
    free(wide);
    return status;
}

/* Standard input read as a table is copied to a temporary file first, unlinked at once (so
 * that nothing is left behind, even after a crash) and read through /proc/self/fd: it is then
 * sampled and counted as a file is, in memory that does not follow its size. A file
 * redirected to standard input is read in place. *fd is the copy's, or -1. */
static int spool_stdin(char *path, size_t cap, int *fd)
{
    struct stat st;
    *fd = -1;
    if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
        lseek(STDIN_FILENO, 0, SEEK_CUR) == 0) {
        snprintf(path, cap, "/proc/self/fd/%d", STDIN_FILENO);
        return EXIT_OK;
    }
    const char *dir = getenv("TMPDIR");
    dir = dir != NULL && dir[0] != '\0' ? dir : "/tmp";
    char name[4096];
    snprintf(name, sizeof name, "%s/outis-stdin-XXXXXX", dir);
    int f = mkstemp(name); /* mode 0600 */
    if (f < 0) {
        fprintf(stderr, "outis: error: %s: cannot make a temporary copy of standard input: %s\n",
                dir, strerror(errno));
        return EXIT_SYSTEM;
    }
    unlink(name);
    static char buf[1 << 16];
    for (;;) {
        ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            if (n < 0) {
                fprintf(stderr, "outis: error: -: cannot read: %s\n", strerror(errno));
                close(f);
                return EXIT_INPUT;
            }
            break;
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(f, buf + done, (size_t)(n - done));
            if (w < 0 && errno != EINTR) {
                fprintf(stderr, "outis: error: %s: cannot copy standard input: %s\n", dir,
                        strerror(errno));
                close(f);
                return EXIT_SYSTEM;
            }
            done += w > 0 ? w : 0;
        }
    }
    *fd = f;
    snprintf(path, cap, "/proc/self/fd/%d", f);
    return EXIT_OK;
}

static int classify_source(run_ctx *x, const char *source, const char *path, const char *table,
                           int format)
{
    outis_table *t = NULL, *sample = NULL;
    outis_classification *c = NULL;
    outis_error err;
    char spooled[64];
    int spool_fd = -1, status = EXIT_OK;
    const char *from = source;
    if (strcmp(source, "-") == 0 &&
        (status = spool_stdin(spooled, sizeof spooled, &spool_fd)) == EXIT_OK) {
        from = x->spool = spooled;
    }
    if (status == EXIT_OK) {
        status = load(&t, &sample, x, from, format);
    }
    if (spool_fd >= 0) {
        close(spool_fd);
    }
    x->spool = NULL;
    if (status != EXIT_OK) {
        outis_table_free(sample);
        return status;
    }
    outis_classify_options co = OUTIS_CLASSIFY_OPTIONS_INIT;
    co.threads = x->csv->opts.threads;
    co.seed = x->a->seed;
    co.show_values = x->a->show_values;
    co.sample = sample;
    if (outis_classify_table(&c, x->sc, t, &co, &err) < 0) {
        snprintf(err.source, sizeof err.source, "%s", source);
        cli_report(&err);
        outis_table_free(t);
        outis_table_free(sample);
        return cli_input_status(err.code);
    }
    static const char *const formats[] = {"csv", "csv", "jsonl", "sqlite"};
    int f = format != OUTIS_FORMAT_AUTO ? format : outis_table_source_format(source);
    scan_table_info ti = {source, path, table, formats[f & 3], x->a->sample, t, c};
    fail_on_columns(x->r, x->a, &ti);
    x->w->table(x->r, &ti);
    outis_classification_free(c);
    outis_table_free(t);
    outis_table_free(sample);
    return EXIT_OK;
}

/* "sqlite:PATH?table=NAME" with NAME percent-encoded where it needs to be. */
static char *sqlite_source(const char *path, const char *table)
{
    size_t n = strlen(path), m = strlen(table), cap = 7 + n + 7 + 3 * m + 1;
    char *s = malloc(cap);
    if (s == NULL) {
        return NULL;
    }
    size_t k = (size_t)snprintf(s, cap, "sqlite:%s?table=", path);
    for (size_t i = 0; i < m; i++) {
        unsigned char c = (unsigned char)table[i];
        if (c == '%' || c == '&' || c == '?' || c == '#' || c <= ' ') {
            k += (size_t)snprintf(s + k, cap - k, "%%%02X", c);
        } else {
            s[k++] = (char)c;
        }
    }
    s[k] = '\0';
    return s;
}

/* Every table of an SQLite database, in name order. */
static int classify_database(run_ctx *x, const char *input)
{
    const char *path = strncmp(input, "sqlite:", 7) == 0 ? input + 7 : input;
    char **names = NULL;
    size_t count = 0;
    outis_error err;
    if (outis_table_list_sqlite(&names, &count, path, &err) < 0) {
        cli_report(&err);
        return err.code == OUTIS_EINVAL ? EXIT_USAGE : cli_input_status(err.code);
    }
    int status = EXIT_OK;
    if (count == 0) {
        fprintf(stderr, "outis: error: %s: the database has no tables\n", path);
        status = EXIT_INPUT;
    }
    for (size_t i = 0; i < count && status == EXIT_OK; i++) {
        char *source = sqlite_source(path, names[i]);
        if (source == NULL) {
            fprintf(stderr, "outis: error: out of memory\n");
            status = EXIT_SYSTEM;
            break;
        }
        status = classify_source(x, source, path, names[i], OUTIS_FORMAT_SQLITE);
        free(source);
    }
    outis_free(names);
    return status;
}

/* ---- text ---- */

static int on_finding(const outis_finding *f, void *payload)
{
    run_ctx *x = payload;
    scan_report *r = x->r;
    x->file_counts[f->entity]++;
    r->findings++;
    r->input_findings++;
    r->by_entity[f->entity]++;
    int role = outis_entity_role(f->entity);
    if (((x->a->fail_entities >> f->entity) & 1) || ((x->a->fail_roles >> role) & 1)) {
        char what[512];
        snprintf(what, sizeof what, "%s:%llu:%llu %s", strcmp(f->source, "-") ? f->source : "-",
                 (unsigned long long)f->line, (unsigned long long)f->offset,
                 outis_scan_entity(f->entity)->name);
        matched(r, what);
    }
    x->w->finding(r, f);
    return 0;
}

static int on_file(const outis_scan_file_info *info, void *payload)
{
    run_ctx *x = payload;
    scan_report *r = x->r;
    r->files += info->status == OUTIS_FILE_SCANNED;
    r->input_files += info->status == OUTIS_FILE_SCANNED;
    r->bytes += info->bytes;
    r->input_bytes += info->bytes;
    r->binary += info->status == OUTIS_FILE_BINARY;
    r->unreadable += info->status == OUTIS_FILE_UNREADABLE;
    r->invalid_utf8 += info->status == OUTIS_FILE_SCANNED && info->invalid_utf8 > 0;
    if (info->status == OUTIS_FILE_UNREADABLE) {
        fprintf(stderr, "outis: warning: %s: skipped: %s\n", info->path, info->error.message);
    } else if (info->invalid_utf8 > 0) {
        fprintf(stderr, "outis: warning: %s: %llu invalid UTF-8 %s, scanned as bytes\n", info->path,
                (unsigned long long)info->invalid_utf8,
                info->invalid_utf8 == 1 ? "sequence" : "sequences");
    }
    if (info->findings > 0 || info->status != OUTIS_FILE_SCANNED || info->invalid_utf8 > 0) {
        if (r->row_count == r->row_cap) {
            size_t cap = r->row_cap ? 2 * r->row_cap : 16;
            scan_file_row *rows = realloc(r->rows, cap * sizeof *rows);
            if (rows == NULL) {
                r->is_oom = 1;
                return 1;
            }
            r->rows = rows, r->row_cap = cap;
        }
        scan_file_row *row = &r->rows[r->row_count];
        memset(row, 0, sizeof *row);
        if ((row->path = strdup(info->path)) == NULL) {
            r->is_oom = 1;
            return 1;
        }
        r->row_count++;
        row->status = info->status;
        row->bytes = info->bytes;
        row->findings = info->findings;
        row->invalid_utf8 = info->invalid_utf8;
        memcpy(row->by_entity, x->file_counts, sizeof row->by_entity);
        snprintf(row->error, sizeof row->error, "%s",
                 info->status == OUTIS_FILE_UNREADABLE ? info->error.message : "");
    }
    memset(x->file_counts, 0, sizeof x->file_counts);
    if (x->show_progress && x->r->bar != NULL) {
        cli_progress_cb(r->bytes, 0, x->r->bar);
    }
    return 0;
}

static int scan_text(run_ctx *x, const char *input)
{
    outis_scan_path_options po = OUTIS_SCAN_PATH_OPTIONS_INIT;
    po.include = x->a->include;
    po.include_count = x->a->include_count;
    po.exclude = x->a->exclude;
    po.exclude_count = x->a->exclude_count;
    po.threads = x->csv->opts.threads;
    po.on_file = on_file;
    outis_error err;
    struct stat st;
    if (strcmp(input, "-") != 0 && stat(input, &st) != 0) {
        fprintf(stderr, "outis: error: %s: cannot open: %s\n", input, strerror(errno));
        return EXIT_INPUT;
    }
    x->r->input_files = x->r->input_bytes = x->r->input_findings = 0;
    if (x->w->input != NULL) {
        x->w->input(x->r, input);
    }
    int rc = outis_scan_path(NULL, x->sc, input, &po, on_finding, x, &err);
    if (x->r->is_oom) {
        fprintf(stderr, "outis: error: out of memory\n");
        return EXIT_SYSTEM;
    }
    if (rc < 0) {
        cli_report(&err);
        return cli_input_status(rc);
    }
    if (x->w->input_end != NULL) {
        x->w->input_end(x->r, input);
    }
    return EXIT_OK;
}

/* ---- inputs ---- */

enum { IN_TEXT, IN_TABLE, IN_DATABASE };

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static int is_sqlite_file(const char *path)
{
    char head[16];
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return 0;
    }
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return n == sizeof head && memcmp(head, "SQLite format 3", 16) == 0;
}

static int input_kind(const char *input, int format)
{
    if (format == FORMAT_TEXT) {
        return IN_TEXT;
    }
    if (format == OUTIS_FORMAT_SQLITE || strncmp(input, "sqlite:", 7) == 0) {
        return strstr(input, "?table=") != NULL ? IN_TABLE : IN_DATABASE;
    }
    if (format != OUTIS_FORMAT_AUTO) {
        return IN_TABLE;
    }
    struct stat st;
    if (strcmp(input, "-") == 0 || (stat(input, &st) == 0 && S_ISDIR(st.st_mode))) {
        return IN_TEXT;
    }
    if (has_suffix(input, ".csv") || has_suffix(input, ".tsv") || has_suffix(input, ".jsonl") ||
        has_suffix(input, ".ndjson")) {
        return IN_TABLE;
    }
    return is_sqlite_file(input) ? IN_DATABASE : IN_TEXT;
}

static int run_inputs(run_ctx *x)
{
    const scan_args *a = x->a;
    int status = EXIT_OK;
    /* tables first, then text: the report keeps that order */
    for (int pass = 0; pass < 2 && status == EXIT_OK; pass++) {
        for (size_t i = 0; i < a->input_count && status == EXIT_OK; i++) {
            const char *in = a->inputs[i];
            int kind = input_kind(in, a->in_format);
            if ((kind == IN_TEXT) != (pass == 1)) {
                continue;
            }
            if (kind == IN_TEXT) {
                status = scan_text(x, in);
            } else if (kind == IN_DATABASE) {
                status = classify_database(x, in);
            } else {
                int format = a->in_format == FORMAT_TEXT ? OUTIS_FORMAT_AUTO : a->in_format;
                const char *table = strstr(in, "?table=");
                status = classify_source(x, in, in, table ? table + 7 : NULL, format);
            }
        }
    }
    return status;
}

static int run(scan_args *a, cli_csv *csv)
{
    if (a->today == 0) {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        a->today = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
    }
    outis_scanner *sc = NULL;
    outis_error err;
    outis_scanner_options so = OUTIS_SCANNER_OPTIONS_INIT;
    so.today = a->today;
    so.show_values = a->show_values;
    so.min_confidence = a->min_confidence;
    if (outis_scanner_new(&sc, &so, &err) < 0) {
        cli_report(&err);
        return EXIT_SYSTEM;
    }
    cli_out out;
    int status = cli_out_open(&out, a->output);
    if (status != EXIT_OK) {
        outis_scanner_free(sc);
        return status;
    }
    int show = csv->progress == 1 || (csv->progress == -1 && !csv->quiet && isatty(STDERR_FILENO));
    cli_progress bar = {"scanning", 0, 0, 0};
    scan_report r = {0};
    r.f = out.f;
    r.format = a->out_format;
    r.show_values = a->show_values;
    r.today = a->today;
    r.fail_on = a->fail_names;
    r.fail_on_count = a->fail_count;
    r.is_tty = out.f == stdout && isatty(STDOUT_FILENO);
    r.bar = show ? &bar : NULL;
    run_ctx x = {a, csv, sc, &r, &writers[a->out_format], show, {0}, NULL};
    if (x.w->begin != NULL) {
        x.w->begin(&r);
    }
    status = run_inputs(&x);
    if (status == EXIT_OK) {
        x.w->end(&r);
    }
    if (show) {
        cli_progress_end(&bar);
    }
    int closed = cli_out_close(&out, status == EXIT_OK && !r.is_oom);
    if (status == EXIT_OK && r.is_oom) {
        fprintf(stderr, "outis: error: out of memory\n");
        status = EXIT_SYSTEM;
    }
    status = status != EXIT_OK ? status : closed;
    if (status == EXIT_OK && r.matches > 0) {
        fprintf(stderr, "outis: --fail-on matched %zu %s, the first: %s\n", r.matches,
                r.matches == 1 ? "time" : "times", r.first_match);
        status = EXIT_POLICY;
    } else if (status == EXIT_OK && r.binary + r.unreadable + r.invalid_utf8 > 0) {
        status = EXIT_SKIPPED;
    }
    for (size_t i = 0; i < r.row_count; i++) {
        free(r.rows[i].path);
    }
    free(r.rows);
    outis_scanner_free(sc);
    return status;
}

int cmd_scan(int argc, char **argv)
{
    scan_args a = {0};
    a.in_format = OUTIS_FORMAT_AUTO;
    cli_csv csv;
    cli_csv_init(&csv);
    int status = parse_args(&a, &csv, argc, argv);
    if (status == EXIT_OK) {
        status = parse_fail_on(&a);
    }
    if (status == EXIT_OK) {
        status = run(&a, &csv);
    }
    free(a.include);
    free(a.exclude);
    free(a.fail_names);
    free(a.fail_buf);
    cli_csv_free(&csv);
    return status < 0 ? EXIT_OK : status;
}
