/* opt.c - diagnostics, CSV options, column lists and atomic output for the subcommands. */
#define _GNU_SOURCE
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cli_report(const outis_error *err)
{
    fprintf(stderr, "outis: error: ");
    if (err->source[0] != '\0') {
        fprintf(stderr, "%s:", err->source);
        if (err->line > 0) {
            fprintf(stderr, "%llu:", (unsigned long long)err->line);
            if (err->column > 0) {
                fprintf(stderr, "%llu:", (unsigned long long)err->column);
            }
        }
        fprintf(stderr, " ");
    }
    fprintf(stderr, "%s", err->message[0] ? err->message : outis_strerror(err->code));
    fprintf(stderr, "\n");
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "outis: error: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    fprintf(stderr, "usage: see 'outis help %s'\n", cmd);
    return EXIT_USAGE;
}

int cli_input_status(int code)
{
    return code == OUTIS_ENOMEM ? EXIT_SYSTEM : EXIT_INPUT;
}

void cli_csv_init(cli_csv *c)
{
    memset(c, 0, sizeof *c);
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    c->opts = o;
    c->progress = -1;
}

void cli_csv_free(cli_csv *c)
{
    free(c->na_buf);
    free(c->na);
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || errno != 0 || (*end != '\0' && end[1] != '\0')) {
        return -1;
    }
    unsigned long long mult = 1;
    switch (*end) {
    case '\0':
        break;
    case 'k':
    case 'K':
        mult = 1ull << 10;
        break;
    case 'm':
    case 'M':
        mult = 1ull << 20;
        break;
    case 'g':
    case 'G':
        mult = 1ull << 30;
        break;
    default:
        return -1;
    }
    if (v == 0 || v > SIZE_MAX / mult || s[0] == '-') {
        return -1;
    }
    *out = (size_t)(v * mult);
    return 0;
}

int cli_options(int argc, char **argv, const char *cmd, const char *shortopts,
                const struct option *longopts, int help_opt, const char *help, cli_csv *csv,
                cli_option_fn fn, void *payload)
{
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        const int r = csv != NULL ? cli_csv_option(csv, cmd, c, optarg) : 0;
        if (r != 0) {
            if (r < 0) {
                return EXIT_USAGE;
            }
            continue;
        }
        if (c == 'h' || c == help_opt) {
            fputs(help, stdout);
            return -1;
        }
        if (c == ':' || c == '?') {
            return cli_usage_error(cmd,
                                   c == ':' ? "option '%s' needs a value" : "unknown option '%s'",
                                   argv[optind - 1]);
        }
        const int st = fn(payload, c, optarg);
        if (st != EXIT_OK) {
            return st;
        }
    }
    return EXIT_OK;
}

int cli_csv_option(cli_csv *c, const char *cmd, int opt, const char *arg)
{
    size_t n;
    switch (opt) {
    case OPT_DELIMITER:
        if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0) {
            c->opts.delimiter = '\t';
        } else if (strlen(arg) == 1 && arg[0] != '"' && arg[0] != '\n' && arg[0] != '\r') {
            c->opts.delimiter = arg[0];
        } else {
            cli_usage_error(cmd, "--delimiter takes one character (or 'tab'), not '%s'", arg);
            return -1;
        }
        return 1;
    case OPT_ENCODING:
        c->opts.encoding = arg;
        return 1;
    case OPT_NA: {
        free(c->na_buf);
        free(c->na);
        c->na_buf = strdup(arg);
        size_t count = 1;
        for (const char *p = arg; *p; p++) {
            count += *p == ',';
        }
        c->na = calloc(count, sizeof *c->na);
        if (c->na_buf == NULL || c->na == NULL) {
            fprintf(stderr, "outis: error: out of memory\n");
            return -1;
        }
        size_t k = 0;
        char *s = c->na_buf;
        for (;;) {
            c->na[k++] = s;
            char *comma = strchr(s, ',');
            if (comma == NULL) {
                break;
            }
            *comma = '\0';
            s = comma + 1;
        }
        c->opts.na = c->na;
        c->opts.na_count = k;
        return 1;
    }
    case OPT_SKIP_BAD_ROWS:
        c->opts.skip_bad_rows = 1;
        return 1;
    case OPT_MAX_FIELD:
        if (parse_size(arg, &c->opts.max_field) < 0) {
            cli_usage_error(cmd, "--max-field takes a positive size such as 65536 or 1M");
            return -1;
        }
        return 1;
    case OPT_THREADS:
        if (parse_size(arg, &n) < 0 || n > 64 || strpbrk(arg, "kKmMgG") != NULL) {
            cli_usage_error(cmd, "--threads takes a number from 1 to 64");
            return -1;
        }
        c->opts.threads = (unsigned)n;
        return 1;
    case 'q':
        c->quiet = 1;
        return 1;
    case OPT_PROGRESS:
        c->progress = 1;
        return 1;
    case OPT_NO_PROGRESS:
        c->progress = 0;
        return 1;
    case OPT_FORMAT:
        if (strcmp(arg, "csv") == 0) {
            c->format = OUTIS_FORMAT_CSV;
        } else if (strcmp(arg, "jsonl") == 0 || strcmp(arg, "ndjson") == 0) {
            c->format = OUTIS_FORMAT_JSONL;
        } else if (strcmp(arg, "sqlite") == 0) {
            c->format = OUTIS_FORMAT_SQLITE;
        } else {
            cli_usage_error(cmd, "--format takes csv, jsonl or sqlite, not '%s'", arg);
            return -1;
        }
        return 1;
    default:
        return 0;
    }
}

int cli_read_table(outis_table **out, cli_csv *c, const char *path)
{
    outis_error err;
    cli_progress bar = {path, 0, 0, 0};
    int show = c->progress == 1 || (c->progress == -1 && !c->quiet && isatty(STDERR_FILENO));
    if (show) {
        c->opts.progress = cli_progress_cb;
        c->opts.payload = &bar;
    }
    outis_read_options o = OUTIS_READ_OPTIONS_INIT;
    o.format = c->format;
    o.csv = c->opts;
    int rc = outis_table_read(out, path, &o, &err);
    if (show) {
        cli_progress_end(&bar);
    }
    if (rc < 0) {
        cli_report(&err);
        if (rc == OUTIS_ENOTFOUND || (rc == OUTIS_EINVAL && (strstr(err.message, "encoding") ||
                                                             strstr(err.message, "sqlite:")))) {
            return EXIT_USAGE; /* a column, table, encoding or source named on the command line */
        }
        return cli_input_status(rc);
    }
    return EXIT_OK;
}

int cli_names(const char ***names, size_t *n, char **buf, const char *const *lists, size_t nlists)
{
    size_t total = 1, count = 0;
    for (size_t i = 0; i < nlists; i++) {
        total += lists[i] ? strlen(lists[i]) + 1 : 0;
    }
    *buf = malloc(total);
    *names = calloc(total, sizeof **names);
    *n = 0;
    if (*buf == NULL || *names == NULL) {
        fprintf(stderr, "outis: error: out of memory\n");
        return EXIT_SYSTEM;
    }
    char *w = *buf;
    for (size_t i = 0; i < nlists; i++) {
        if (lists[i] == NULL) {
            continue;
        }
        memcpy(w, lists[i], strlen(lists[i]) + 1); /* fits: total counts every list */
        char *save = NULL;
        for (char *t = strtok_r(w, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            while (*t == ' ') {
                t++;
            }
            size_t len = strlen(t);
            while (len > 0 && t[len - 1] == ' ') {
                t[--len] = '\0';
            }
            if (len > 0) {
                (*names)[count++] = t;
            }
        }
        w += strlen(lists[i]) + 1;
    }
    *n = count;
    return EXIT_OK;
}

int cli_columns(size_t **out, size_t *n, const outis_table *t, const char *list, const char *option)
{
    *out = NULL;
    *n = 0;
    char *copy = strdup(list);
    size_t *cols = calloc(strlen(list) + 1, sizeof *cols);
    int status = EXIT_OK;
    if (copy == NULL || cols == NULL) {
        fprintf(stderr, "outis: error: out of memory\n");
        status = EXIT_SYSTEM;
        goto done;
    }
    char *save = NULL;
    for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        while (*name == ' ') {
            name++;
        }
        size_t len = strlen(name);
        while (len > 0 && name[len - 1] == ' ') {
            name[--len] = '\0';
        }
        outis_error err;
        if (outis_table_column_index(&cols[*n], t, name, &err) < 0) {
            fprintf(stderr, "outis: error: %s: %s\n", option, err.message);
            status = EXIT_USAGE;
            goto done;
        }
        (*n)++;
    }
    if (*n == 0) {
        fprintf(stderr, "outis: error: %s names no column\n", option);
        status = EXIT_USAGE;
    }
done:
    free(copy);
    if (status != EXIT_OK) {
        free(cols);
        *n = 0;
        return status;
    }
    *out = cols;
    return EXIT_OK;
}

/* Where a path really leads: renaming over a symbolic link would replace the link. */
static char *out_target(const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        char *real = realpath(path, NULL);
        if (real != NULL) {
            return real;
        }
    }
    return strdup(path);
}

/* The mode a new file would get, or the mode of the file being replaced. */
static mode_t out_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        return st.st_mode & 07777;
    }
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

int cli_out_open(cli_out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (path == NULL || strcmp(path, "-") == 0) {
        o->f = stdout;
        return EXIT_OK;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* A device or a pipe such as /dev/null: write to it, never rename over it. */
        o->path = strdup(path);
        if (o->path == NULL) {
            fprintf(stderr, "outis: error: out of memory\n");
            return EXIT_SYSTEM;
        }
        if ((o->f = fopen(path, "w")) == NULL) {
            fprintf(stderr, "outis: error: %s: cannot write: %s\n", path, strerror(errno));
            free(o->path);
            o->path = NULL;
            return EXIT_SYSTEM;
        }
        return EXIT_OK;
    }
    o->path = out_target(path);
    if (o->path == NULL || asprintf(&o->tmp, "%s.tmp.XXXXXX", o->path) < 0) {
        fprintf(stderr, "outis: error: out of memory\n");
        free(o->path);
        o->path = NULL;
        return EXIT_SYSTEM;
    }
    int fd = mkstemp(o->tmp);
    if (fd < 0 || fchmod(fd, out_mode(o->path)) != 0 || (o->f = fdopen(fd, "w")) == NULL) {
        fprintf(stderr, "outis: error: %s: cannot write: %s\n", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        free(o->tmp);
        free(o->path);
        o->tmp = o->path = NULL;
        return EXIT_SYSTEM;
    }
    return EXIT_OK;
}

int cli_out_close(cli_out *o, int keep)
{
    int status = EXIT_OK;
    if (o->f == NULL) {
        return status;
    }
    int bad = fflush(o->f) != 0 || ferror(o->f);
    if (o->path == NULL) { /* standard output */
        if (bad) {
            fprintf(stderr, "outis: error: cannot write to standard output: %s\n", strerror(errno));
            status = EXIT_SYSTEM;
        }
        o->f = NULL;
        return status;
    }
    if (o->tmp == NULL) { /* a device or a pipe */
        bad |= fclose(o->f) != 0;
        if (bad) {
            fprintf(stderr, "outis: error: %s: cannot write: %s\n", o->path, strerror(errno));
            status = EXIT_SYSTEM;
        }
        free(o->path);
        memset(o, 0, sizeof *o);
        return status;
    }
    bad |= fsync(fileno(o->f)) != 0;
    bad |= fclose(o->f) != 0;
    if (bad || !keep) {
        if (bad) {
            fprintf(stderr, "outis: error: %s: cannot write: %s\n", o->path, strerror(errno));
            status = EXIT_SYSTEM;
        }
        unlink(o->tmp);
    } else if (rename(o->tmp, o->path) != 0) {
        fprintf(stderr, "outis: error: %s: cannot write: %s\n", o->path, strerror(errno));
        unlink(o->tmp);
        status = EXIT_SYSTEM;
    }
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
    return status;
}

void cli_csv_field(FILE *f, const char *s, size_t len)
{
    if (memchr(s, ',', len) == NULL && memchr(s, '"', len) == NULL &&
        memchr(s, '\n', len) == NULL && memchr(s, '\r', len) == NULL) {
        fwrite(s, 1, len, f);
        return;
    }
    fputc('"', f);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"') {
            fputc('"', f);
        }
        fputc(s[i], f);
    }
    fputc('"', f);
}
