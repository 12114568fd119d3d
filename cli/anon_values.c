/* anon_values.c - the values of a release: each column's transformation (pseudonyms, FF1,
 * masks: once per distinct value; date shifts: per row; microaggregation: MDAV on the column),
 * all checked on every value before the search so that a bad value stops the run before
 * anything is written; the table the search runs on; the hierarchies; and the rows. */
#define _GNU_SOURCE /* open_memstream */
#include "anon_cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int anon_read_key(anon_job *j, const char *path)
{
    if (path == NULL) {
        return cli_usage_error("anonymize", "the plan pseudonymizes, encrypts or shifts dates: "
                                            "give --key-file or \"key_file\" in the plan (make "
                                            "one with 'outis keygen FILE')");
    }
    outis_error err;
    const int rc = outis_key_read(&j->key, path, &err);
    if (rc < 0) {
        cli_report(&err);
        return rc == OUTIS_ENOMEM ? EXIT_SYSTEM : EXIT_KEY;
    }
    return EXIT_OK;
}

static int oom(void)
{
    fprintf(stderr, "outis: error: out of memory\n");
    return EXIT_SYSTEM;
}

static int value_error(const anon_job *j, const anon_column *c, size_t row, const char *field,
                       const outis_error *err)
{
    if (j->p->path != NULL && c->origin == NULL && field != NULL) {
        fprintf(stderr, "outis: error: %s: columns.%s%s: ", j->p->path, c->name, field);
    } else {
        fprintf(stderr, "outis: error: column '%s': ", c->name);
    }
    if (row != SIZE_MAX) {
        fprintf(stderr, "record %zu: ", row + 1);
    }
    fprintf(stderr, "%s\n", err->message);
    return err->code == OUTIS_ENOMEM ? EXIT_SYSTEM : EXIT_INPUT;
}

static char *scratch(anon_job *j, size_t need)
{
    if (need > j->scratch_cap) {
        char *s = realloc(j->scratch, need);
        if (s == NULL) {
            return NULL;
        }
        j->scratch = s;
        j->scratch_cap = need;
    }
    return j->scratch;
}

static int transform_of(anon_job *j, const anon_column *c, anon_colrun *r, int decrypt)
{
    outis_transform_options o = OUTIS_TRANSFORM_OPTIONS_INIT;
    static const int kinds[TREAT_COUNT] = {[TREAT_PSEUDONYMIZE] = OUTIS_TRANSFORM_PSEUDONYMIZE,
                                           [TREAT_MASK] = OUTIS_TRANSFORM_MASK,
                                           [TREAT_ENCRYPT] = OUTIS_TRANSFORM_ENCRYPT,
                                           [TREAT_SHIFT_DATE] = OUTIS_TRANSFORM_SHIFT_DATE};
    o.kind = decrypt ? OUTIS_TRANSFORM_DECRYPT : kinds[c->treatment];
    o.domain = c->name;
    o.encoding = c->encoding;
    o.length = c->length;
    o.alphabet = c->alphabet;
    o.keep_first = c->keep_first;
    o.keep_last = c->keep_last;
    o.mask = c->mask;
    o.max_days = c->max_days;
    outis_error err;
    if (outis_transform_new(&r->tr, j->key, &o, &err) < 0) {
        return value_error(j, c, SIZE_MAX, NULL, &err);
    }
    return EXIT_OK;
}

/* The transformed value of every distinct value, kept for the rows. */
static int by_code(anon_job *j, const anon_column *c, anon_colrun *r)
{
    const size_t card = outis_table_cardinality(j->t, c->col);
    const uint32_t missing = outis_table_missing_code(j->t, c->col);
    size_t cap = 256, used = 0;
    r->off = calloc(card + 1, sizeof *r->off);
    r->buf = malloc(cap);
    if (r->off == NULL || r->buf == NULL) {
        return oom();
    }
    for (uint32_t code = 0; code < card; code++) {
        size_t len, out_len = 0;
        const char *v = outis_table_value(j->t, c->col, code, &len);
        if (used + len + OUTIS_TRANSFORM_SLACK > UINT32_MAX) {
            fprintf(stderr, "outis: error: column '%s': too many values to transform\n", c->name);
            return EXIT_SYSTEM;
        }
        while (used + len + OUTIS_TRANSFORM_SLACK > cap) {
            char *b = realloc(r->buf, 2 * cap);
            if (b == NULL) {
                return oom();
            }
            r->buf = b;
            cap *= 2;
        }
        r->off[code] = (uint32_t)used;
        outis_error err;
        if (code == missing) { /* missing stays missing */
            memcpy(r->buf + used, v, len);
            out_len = len;
        } else if (outis_transform_apply(r->tr, r->buf + used, cap - used, &out_len, v, len, NULL,
                                         0, &err) < 0) {
            const uint32_t *codes = outis_table_codes(j->t, c->col);
            size_t row = 0;
            while (codes[row] != code) {
                row++;
            }
            return value_error(j, c, row, NULL, &err);
        }
        used += out_len;
    }
    r->off[card] = (uint32_t)used;
    return EXIT_OK;
}

/* Shifts every date once to find the bad ones before the search; the rows shift them again. */
static int check_dates(anon_job *j, const anon_column *c, anon_colrun *r)
{
    const uint32_t *codes = outis_table_codes(j->t, c->col);
    const uint32_t *people = outis_table_codes(j->t, c->person_col);
    const uint32_t missing = outis_table_missing_code(j->t, c->col);
    for (size_t row = 0; row < outis_table_rows(j->t); row++) {
        size_t len, plen, out_len;
        const char *v = outis_table_value(j->t, c->col, codes[row], &len);
        const char *person = outis_table_value(j->t, c->person_col, people[row], &plen);
        char *out = scratch(j, len + OUTIS_TRANSFORM_SLACK);
        outis_error err;
        if (out == NULL) {
            return oom();
        }
        if (codes[row] != missing && outis_transform_apply(r->tr, out, j->scratch_cap, &out_len, v,
                                                           len, person, plen, &err) < 0) {
            return value_error(j, c, row, NULL, &err);
        }
    }
    return EXIT_OK;
}

/* The columns of c's microaggregation group, in the table's order, aggregated together; each
 * gets its column of the means. */
static int microaggregate_group(anon_job *j, const anon_column *c)
{
    const anon_plan *p = j->p;
    size_t cols[64], idx[64], n = 0;
    for (size_t col = 0; col < outis_table_columns(j->t); col++) {
        for (size_t i = 0; i < p->ncols; i++) {
            const anon_column *o = &p->cols[i];
            if (o->col == col && o->treatment == TREAT_MICROAGGREGATE && anon_same_group(o, c)) {
                if (n == 64) {
                    return cli_usage_error("anonymize",
                                           "microaggregation group '%s': more than "
                                           "64 columns",
                                           anon_group_name(c));
                }
                idx[n] = i;
                cols[n++] = col;
            }
        }
    }
    const size_t rows = outis_table_rows(j->t);
    double *all = malloc((rows * n + 1) * sizeof *all);
    if (all == NULL) {
        return oom();
    }
    outis_error err;
    if (outis_anon_microaggregate(all, j->t, cols, n, anon_micro_k(p, c), &err) < 0) {
        free(all);
        if (n == 1) {
            return value_error(j, c, SIZE_MAX, NULL, &err);
        }
        fprintf(stderr, "outis: error: microaggregation group '%s' (%zu columns): %s\n",
                anon_group_name(c), n, err.message);
        return err.code == OUTIS_ENOMEM ? EXIT_SYSTEM : EXIT_INPUT;
    }
    int st = EXIT_OK;
    for (size_t e = 0; e < n && st == EXIT_OK; e++) {
        double *m = malloc((rows + 1) * sizeof *m);
        if (m == NULL) {
            st = oom();
            break;
        }
        for (size_t row = 0; row < rows; row++) {
            m[row] = all[row * n + e];
        }
        j->run[idx[e]].mean = m;
    }
    free(all);
    return st;
}

static int prepare_column(anon_job *j, const anon_column *c, anon_colrun *r, int decrypt)
{
    int st = EXIT_OK;
    if (decrypt) {
        return c->treatment == TREAT_ENCRYPT && c->col != SIZE_MAX
                   ? (st = transform_of(j, c, r, 1)) != EXIT_OK ? st : by_code(j, c, r)
                   : EXIT_OK;
    }
    switch (c->treatment) {
    case TREAT_PSEUDONYMIZE:
    case TREAT_ENCRYPT:
    case TREAT_MASK:
        st = transform_of(j, c, r, 0);
        return st != EXIT_OK ? st : by_code(j, c, r);
    case TREAT_SHIFT_DATE:
        st = transform_of(j, c, r, 0);
        return st != EXIT_OK ? st : check_dates(j, c, r);
    case TREAT_MICROAGGREGATE:
        return r->mean != NULL ? EXIT_OK : microaggregate_group(j, c);
    default:
        return EXIT_OK;
    }
}

int anon_values_prepare(anon_job *j)
{
    const anon_plan *p = j->p;
    if ((j->run = calloc(p->ncols + 1, sizeof *j->run)) == NULL) {
        return oom();
    }
    /* quasi-identifiers and sensitive columns in the table's order, whatever the plan's, so
     * that the filled plan (in the table's order) breaks ties the same way */
    for (size_t col = 0; col < outis_table_columns(j->t) && !j->f->decrypt; col++) {
        for (size_t i = 0; i < p->ncols; i++) {
            const anon_column *c = &p->cols[i];
            if (c->col == col && c->role == ROLE_QI) {
                j->run[i].qi = (int)j->nqi;
                j->qi[j->nqi++] = i;
            } else if (c->col == col && c->role == ROLE_SENSITIVE) {
                j->sens[j->nsens++] = i;
            }
        }
    }
    for (size_t i = 0; i < p->ncols; i++) {
        if (p->cols[i].role != ROLE_QI || j->f->decrypt) {
            j->run[i].qi = -1;
        }
        const int st = prepare_column(j, &p->cols[i], &j->run[i], j->f->decrypt);
        if (st != EXIT_OK) {
            return st;
        }
    }
    return EXIT_OK;
}

/* The value of plan column i in a row as released, before any generalization; NULL on no
 * memory. Borrowed until the next call. */
static const char *cell(anon_job *j, size_t i, size_t row, size_t *len)
{
    const anon_column *c = &j->p->cols[i];
    const anon_colrun *r = &j->run[i];
    const uint32_t code = outis_table_codes(j->t, c->col)[row];
    const char *v = outis_table_value(j->t, c->col, code, len);
    if (r->off != NULL) {
        *len = r->off[code + 1] - r->off[code];
        return r->buf + r->off[code];
    }
    if (code == outis_table_missing_code(j->t, c->col)) {
        return v;
    }
    if (r->mean != NULL) {
        char *out = scratch(j, 400);
        if (out != NULL) {
            const double m = r->mean[row] == 0 ? 0 : r->mean[row]; /* no "-0" */
            *len = (size_t)snprintf(out, 400, "%.*f", c->decimals, m);
            if (strspn(out, "-0.") == *len && out[0] == '-') { /* "-0.00": a rounded tiny mean */
                memmove(out, out + 1, (*len)--);
            }
        }
        return out;
    }
    if (r->tr != NULL) { /* a date shift, checked in check_dates */
        size_t plen;
        const uint32_t pcode = outis_table_codes(j->t, c->person_col)[row];
        const char *person = outis_table_value(j->t, c->person_col, pcode, &plen);
        char *out = scratch(j, *len + OUTIS_TRANSFORM_SLACK);
        if (out != NULL && outis_transform_apply((outis_transform *)r->tr, out, j->scratch_cap, len,
                                                 v, *len, person, plen, NULL) < 0) {
            out = NULL;
        }
        return out;
    }
    return v;
}

/* Whether the search must see values other than the input's: a microaggregated
 * quasi-identifier, or a masked or shifted sensitive column. */
static int needs_work(const anon_job *j)
{
    for (size_t i = 0; i < j->nqi; i++) {
        if (j->p->cols[j->qi[i]].treatment == TREAT_MICROAGGREGATE) {
            return 1;
        }
    }
    for (size_t i = 0; i < j->nsens; i++) {
        if (j->p->cols[j->sens[i]].treatment != TREAT_KEEP) {
            return 1;
        }
    }
    return 0;
}

static int write_work(anon_job *j, FILE *f)
{
    const size_t n = j->nqi + j->nsens;
    for (size_t k = 0; k < n; k++) {
        const char *name = j->p->cols[k < j->nqi ? j->qi[k] : j->sens[k - j->nqi]].name;
        fputs(k ? "," : "", f);
        cli_csv_field(f, name, strlen(name));
    }
    fputc('\n', f);
    for (size_t row = 0; row < outis_table_rows(j->t); row++) {
        for (size_t k = 0; k < n; k++) {
            size_t len;
            const char *v = cell(j, k < j->nqi ? j->qi[k] : j->sens[k - j->nqi], row, &len);
            if (v == NULL) {
                return EXIT_SYSTEM;
            }
            /* quoted always, so that a row of one empty value is not a blank line */
            fputs(k ? ",\"" : "\"", f);
            for (size_t b = 0; b < len; b++) {
                if (v[b] == '"') {
                    fputc('"', f);
                }
                fputc(v[b], f);
            }
            fputc('"', f);
        }
        fputc('\n', f);
    }
    return EXIT_OK;
}

int anon_values_work(anon_job *j)
{
    for (size_t i = 0; i < j->nqi; i++) {
        j->sqi[i] = j->p->cols[j->qi[i]].col;
    }
    for (size_t i = 0; i < j->nsens; i++) {
        j->ssens[i] = j->p->cols[j->sens[i]].col;
    }
    if (!needs_work(j)) {
        return EXIT_OK;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int st = f == NULL ? EXIT_SYSTEM : write_work(j, f);
    if (f != NULL && fclose(f) != 0) {
        st = EXIT_SYSTEM;
    }
    if (st != EXIT_OK) {
        oom();
    } else {
        outis_csv_options o = j->csv->opts;
        o.delimiter = ',';
        o.encoding = NULL;
        o.skip_bad_rows = 0;
        o.columns = NULL;
        o.column_count = 0;
        o.progress = NULL;
        o.hashed = NULL;
        o.hashed_count = 0;
        outis_error err;
        if (outis_table_read_csv_buffer(&j->work, buf, len, "(transformed columns)", &o, &err) <
            0) {
            cli_report(&err);
            st = cli_input_status(err.code);
        }
    }
    free(buf);
    for (size_t i = 0; st == EXIT_OK && i < j->nqi + j->nsens; i++) {
        *(i < j->nqi ? &j->sqi[i] : &j->ssens[i - j->nqi]) = i;
    }
    return st;
}

/* A column's hierarchy: its file, or its rule built over the searched table's column. */
static int one_hierarchy(const anon_job *j, const anon_column *c, const outis_table *t, size_t col,
                         outis_hierarchy **out)
{
    outis_error err;
    int rc;
    if (c->treatment == TREAT_MICROAGGREGATE) {
        outis_hierarchy_rule top = OUTIS_HIERARCHY_RULE_INIT;
        top.kind = OUTIS_RULE_TOP;
        rc = outis_hierarchy_build(out, t, col, &top, &err);
    } else if (c->hier_file != NULL) {
        if ((rc = outis_hierarchy_read(out, c->hier_file, &err)) < 0) {
            cli_report(&err);
            return cli_input_status(rc);
        }
    } else {
        rc = outis_hierarchy_build(out, t, col, &c->rule, &err);
    }
    return rc < 0 ? value_error(j, c, SIZE_MAX, ".hierarchy", &err) : EXIT_OK;
}

int anon_values_hierarchies(anon_job *j)
{
    const outis_table *t = j->work != NULL ? j->work : j->t;
    int st = EXIT_OK;
    for (size_t i = 0; i < j->nqi && st == EXIT_OK; i++) {
        st = one_hierarchy(j, &j->p->cols[j->qi[i]], t, j->sqi[i], &j->h[i]);
    }
    for (size_t i = 0; j->p->o.t_kind == OUTIS_T_HIERARCHICAL && i < j->nsens && st == EXIT_OK;
         i++) {
        st = one_hierarchy(j, &j->p->cols[j->sens[i]], t, j->ssens[i], &j->sh[i]);
    }
    return st;
}

int anon_values_write(anon_job *j, FILE *f)
{
    const anon_plan *p = j->p;
    const size_t ncols = outis_table_columns(j->t);
    size_t *order = calloc(ncols + 1, sizeof *order), n = 0;
    if (order == NULL) {
        return EXIT_SYSTEM;
    }
    for (size_t col = 0; col < ncols; col++) { /* the released columns, in the table's order */
        for (size_t i = 0; i < p->ncols; i++) {
            if (p->cols[i].col == col && p->cols[i].treatment != TREAT_DROP) {
                const char *name = p->cols[i].name;
                fputs(n ? "," : "", f);
                cli_csv_field(f, name, strlen(name));
                order[n++] = i;
            }
        }
    }
    fputc('\n', f);
    int st = EXIT_OK;
    for (size_t row = 0; row < outis_table_rows(j->t) && st == EXIT_OK; row++) {
        if (outis_anon_is_suppressed(j->a, row)) {
            continue;
        }
        for (size_t k = 0; k < n; k++) {
            const int qi = j->run[order[k]].qi;
            size_t len;
            const char *v =
                qi >= 0 ? outis_anon_value(j->a, (size_t)qi, row) : cell(j, order[k], row, &len);
            if (v == NULL) {
                st = EXIT_SYSTEM;
                break;
            }
            fputs(k ? "," : "", f);
            cli_csv_field(f, v, qi >= 0 ? strlen(v) : len);
        }
        fputc('\n', f);
    }
    free(order);
    return st;
}

int anon_values_decrypt(anon_job *j, FILE *f)
{
    const size_t ncols = outis_table_columns(j->t);
    size_t *plan_col = calloc(ncols + 1, sizeof *plan_col);
    if (plan_col == NULL) {
        return EXIT_SYSTEM;
    }
    for (size_t col = 0; col < ncols; col++) {
        const char *name = outis_table_column_name(j->t, col);
        plan_col[col] = SIZE_MAX;
        for (size_t i = 0; i < j->p->ncols; i++) {
            if (j->p->cols[i].col == col && j->run[i].off != NULL) {
                plan_col[col] = i;
            }
        }
        fputs(col ? "," : "", f);
        cli_csv_field(f, name, strlen(name));
    }
    fputc('\n', f);
    for (size_t row = 0; row < outis_table_rows(j->t); row++) {
        for (size_t col = 0; col < ncols; col++) {
            size_t len;
            const char *v =
                plan_col[col] != SIZE_MAX
                    ? cell(j, plan_col[col], row, &len)
                    : outis_table_value(j->t, col, outis_table_codes(j->t, col)[row], &len);
            fputs(col ? "," : "", f);
            cli_csv_field(f, v, len);
        }
        fputc('\n', f);
    }
    free(plan_col);
    return EXIT_OK;
}

void anon_job_free(anon_job *j)
{
    for (size_t i = 0; j->run != NULL && i < j->p->ncols; i++) {
        outis_transform_free(j->run[i].tr);
        free(j->run[i].off);
        free(j->run[i].buf);
        free(j->run[i].mean);
    }
    free(j->run);
    for (size_t i = 0; i < j->nqi; i++) {
        outis_hierarchy_free(j->h[i]);
    }
    for (size_t i = 0; i < j->nsens; i++) {
        outis_hierarchy_free(j->sh[i]);
    }
    outis_anon_free(j->a);
    outis_risk_free(j->before);
    outis_risk_free(j->after);
    outis_key_free(j->key);
    outis_table_free(j->work);
    outis_table_free(j->t);
    free(j->scratch);
}
