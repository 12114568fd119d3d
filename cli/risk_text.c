/* risk_text.c - the human-readable risk report. Only counts, rates and column names are
 * printed: never a value of the table. */
#include "risk_report.h"

const char *const risk_t_names[4] = {"auto", "equal", "ordered", "hierarchical"};

#include <math.h>
#include <string.h>

#define SHOW_SIZES 12
#define SHOW_COMBOS 8

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static double pct(size_t part, size_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0;
}

/* Terminal columns taken by UTF-8 text: East Asian wide characters take two, so that names
 * such as 年龄 line up; continuation bytes take none. */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned cp = *p;
        int len = cp < 0x80 ? 1 : cp >= 0xf0 ? 4 : cp >= 0xe0 ? 3 : cp >= 0xc0 ? 2 : 1;
        cp = len == 1 ? cp : cp & (0x3fu >> (len - 1));
        for (int i = 1; i < len && (p[i] & 0xc0) == 0x80; i++) {
            cp = (cp << 6) | (p[i] & 0x3fu);
        }
        int wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
                   (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
                   (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
                   (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
        w += wide ? 2 : 1;
        for (p++; len > 1 && (*p & 0xc0) == 0x80; len--) {
            p++;
        }
    }
    return w;
}

static void columns(FILE *f, const outis_table *t, const outis_qi_combination *c)
{
    char buf[256];
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < c->size; i++) {
        int n = snprintf(buf + used, sizeof buf - used, "%s%s", i ? " + " : "",
                         outis_table_column_name(t, c->column[i]));
        used += n > 0 ? (size_t)n : 0;
        used = used >= sizeof buf ? sizeof buf - 1 : used;
    }
    size_t w = text_width(buf);
    fprintf(f, "  %s%*s", buf, w < 40 ? (int)(40 - w) : 0, "");
}

static void summary(FILE *f, const risk_input *in)
{
    const outis_risk_summary *s = outis_risk_get_summary(in->risk);
    const outis_table *t = in->table;
    fprintf(f, "outis risk: %s\n\n", in->file);
    fprintf(f, "records                 %zu", s->records);
    if (outis_table_skipped_rows(t) > 0) {
        size_t skipped = outis_table_skipped_rows(t);
        fprintf(f, " (%zu bad %s skipped)", skipped, plural(skipped, "row", "rows"));
    }
    fprintf(f, "\nquasi-identifiers       ");
    for (size_t i = 0; i < in->nqi; i++) {
        fprintf(f, "%s%s", i ? ", " : "", outis_table_column_name(t, in->qi[i]));
    }
    fprintf(f, "\nequivalence classes     %zu\n", s->classes);
    fprintf(f, "smallest class (k)      %zu\n", s->k);
    fprintf(f, "largest class           %zu\n", s->largest);
    fprintf(f, "sample uniques          %zu %s (%.2f%%)\n", s->uniques,
            plural(s->uniques, "record", "records"), pct(s->uniques, s->records));
    fprintf(f, "records in classes < 2  %zu (%.2f%%)\n", s->records_lt2,
            pct(s->records_lt2, s->records));
    fprintf(f, "records in classes < 5  %zu (%.2f%%)\n", s->records_lt5,
            pct(s->records_lt5, s->records));
    fprintf(f, "records in classes < 10 %zu (%.2f%%)\n", s->records_lt10,
            pct(s->records_lt10, s->records));

    const outis_class_bucket *b;
    size_t nb = outis_risk_class_buckets(in->risk, &b);
    fprintf(f, "\nclass sizes\n  %8s %10s %10s\n", "size", "classes", "records");
    for (size_t i = 0; i < nb && i < SHOW_SIZES; i++) {
        fprintf(f, "  %8zu %10zu %10zu\n", b[i].size, b[i].classes, b[i].size * b[i].classes);
    }
    if (nb > SHOW_SIZES) {
        fprintf(f, "  ... %zu larger %s, up to %zu (see --json)\n", nb - SHOW_SIZES,
                plural(nb - SHOW_SIZES, "size", "sizes"), b[nb - 1].size);
    }

    fprintf(f, "\nprosecutor risk         highest %.6f  average %.6f  lowest %.6f\n",
            s->prosecutor_max, s->prosecutor_avg, s->prosecutor_min);
    fprintf(f, "records at risk         %.2f%% (risk above %g)\n", 100 * s->prosecutor_at_risk,
            s->threshold);
    if (s->has_journalist) {
        fprintf(f, "journalist risk         highest %.6f  average %.6f  lowest %.6f\n",
                s->journalist_max, s->journalist_avg, s->journalist_min);
        fprintf(f, "journalist at risk      %.2f%% (population of %zu records",
                100 * s->journalist_at_risk, s->population_records);
        if (s->population_missing > 0) {
            fprintf(f, "; %zu %s missing from it or smaller there", s->population_missing,
                    plural(s->population_missing, "class", "classes"));
        }
        fprintf(f, ")\n");
    }
    fprintf(f, "marketer risk           %.6f\n", s->marketer);
}

static void histogram(FILE *f, const char *label, const size_t *v, size_t n, int tenths)
{
    fprintf(f, "    %-22s", label);
    for (size_t i = 0; i < n; i++) {
        if (v[i] == 0) {
            continue;
        }
        if (tenths) {
            fprintf(f, " [%.1f,%.1f%s%zu", (double)i / 10, (double)(i + 1) / 10,
                    i + 1 == n ? "]:" : "):", v[i]);
        } else {
            fprintf(f, " %zu%s:%zu", i + 1, i + 1 == n ? "+" : "", v[i]);
        }
    }
    fprintf(f, "\n");
}

static void sensitive(FILE *f, const risk_input *in)
{
    const outis_sensitive_risk *sr;
    size_t ns = outis_risk_sensitive(in->risk, &sr);
    for (size_t i = 0; i < ns; i++) {
        const outis_sensitive_risk *s = &sr[i];
        fprintf(f, "\nsensitive attribute '%s' (%zu values; t-closeness with %s distance)\n",
                outis_table_column_name(in->table, s->column), s->values,
                risk_t_names[s->t_distance]);
        fprintf(f, "  distinct l-diversity    %zu (a class of %zu %s)\n", s->distinct_l,
                s->worst_distinct_class_size,
                plural(s->worst_distinct_class_size, "record", "records"));
        fprintf(f, "  entropy l-diversity     %.4f\n", s->entropy_l);
        char label[48];
        snprintf(label, sizeof label, "recursive (c,%zu)-div.", s->recursive_l);
        if (isinf(s->recursive_c)) {
            fprintf(f, "  %-23s fails for every c (a class has fewer than %zu values)\n", label,
                    s->recursive_l);
        } else {
            fprintf(f, "  %-23s holds for c > %.4f\n", label, s->recursive_c);
        }
        fprintf(f, "  t-closeness             %.4f (a class of %zu %s)\n", s->t,
                s->worst_t_class_size, plural(s->worst_t_class_size, "record", "records"));
        fprintf(f, "  records by\n");
        histogram(f, "distinct l", s->distinct_records, OUTIS_L_BUCKETS, 0);
        histogram(f, "entropy l (floor)", s->entropy_records, OUTIS_L_BUCKETS, 0);
        histogram(f, "t", s->t_records, OUTIS_T_BUCKETS, 1);
    }
}

static void combinations(FILE *f, const risk_input *in)
{
    const outis_qi_combination *c;
    size_t nc = outis_risk_combinations(in->risk, &c);
    size_t records = outis_risk_get_summary(in->risk)->records;
    if (nc == 0) {
        return;
    }
    fprintf(f, "\nwhich quasi-identifiers single records out\n");
    fprintf(f, "  %-40s %10s %16s\n", "columns", "distinct", "unique records");
    for (size_t size = 1; size <= 3; size++) {
        size_t shown = 0, total = 0;
        for (size_t i = 0; i < nc; i++) {
            if (c[i].size != size) {
                continue;
            }
            total++;
            if (shown < SHOW_COMBOS) {
                columns(f, in->table, &c[i]);
                fprintf(f, " %10zu %8zu (%5.1f%%)\n", c[i].distinct, c[i].uniques,
                        pct(c[i].uniques, records));
                shown++;
            }
        }
        if (total > shown) {
            size_t more = total - shown;
            fprintf(f, "  ... %zu more %s (see --json)\n", more,
                    size == 1   ? plural(more, "column", "columns")
                    : size == 2 ? plural(more, "pair", "pairs")
                                : plural(more, "triple", "triples"));
        }
    }
}

int risk_print_text(FILE *f, const risk_input *in)
{
    summary(f, in);
    sensitive(f, in);
    combinations(f, in);
    if (in->policy != NULL) {
        fprintf(f, "\npolicy '%s': %s\n", in->policy->expression,
                in->policy->violated ? "VIOLATED" : "holds");
        if (in->policy->violated) {
            fprintf(f, "  %zu condition%s hold%s; first: %s\n", in->policy->violated,
                    in->policy->violated == 1 ? "" : "s", in->policy->violated == 1 ? "s" : "",
                    in->policy->first);
        }
    }
    return 0;
}
