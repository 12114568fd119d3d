/* scan_text.c - the readable report of `outis scan`: a row per column of each table (role,
 * confidence, first entity, first reason); for text, a line per finding as it is found, then
 * a row per file that had findings or was skipped, and the totals. Values appear masked
 * unless --show-values. */
#include "scan_cli.h"

#include <stdlib.h>
#include <string.h>

const char *scan_status_name(int status)
{
    return status == OUTIS_FILE_BINARY       ? "binary"
           : status == OUTIS_FILE_UNREADABLE ? "unreadable"
                                             : "scanned";
}

/* Terminal columns: a character of three bytes from U+3000 on (ideographs, kana, full-width
 * forms) or of four bytes takes two. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xc0) == 0x80) {
            continue;
        }
        w += *p >= 0xf0 || (*p >= 0xe3 && *p < 0xf0) ? 2 : 1;
    }
    return w;
}

/* s, then spaces up to w columns (at least one). */
static void pad(FILE *f, const char *s, size_t w)
{
    size_t have = width(s);
    fprintf(f, "%s%*s", s, (int)(have < w ? w - have + 1 : 1), "");
}

static const char *role_plural(int role, size_t n)
{
    static const char *const one[OUTIS_ROLE_COUNT] = {"other", "direct identifier",
                                                      "quasi-identifier", "sensitive attribute",
                                                      "organisation identifier"};
    static const char *const many[OUTIS_ROLE_COUNT] = {"other", "direct identifiers",
                                                       "quasi-identifiers", "sensitive attributes",
                                                       "organisation identifiers"};
    return n == 1 ? one[role] : many[role];
}

/* The entity column: the first entity and its share, else the kind or category. */
static void entity_cell(char *buf, size_t cap, const outis_column_class *k)
{
    if (k->entity_count > 0 && k->role != OUTIS_ROLE_OTHER) {
        double p = 100 * k->entities[0].share;
        snprintf(buf, cap, "%s %.0f%%", outis_scan_entity(k->entities[0].entity)->name,
                 p > 99 && p < 100 ? 99 : p);
    } else if (k->quasi_kind[0] != '\0') {
        snprintf(buf, cap, "%s", k->quasi_kind);
    } else if (k->category[0] != '\0' && k->role == OUTIS_ROLE_SENSITIVE) {
        snprintf(buf, cap, "%s", k->category);
    } else {
        buf[0] = '\0';
    }
}

void scan_text_table(scan_report *r, const scan_table_info *ti)
{
    FILE *f = r->f;
    size_t n = outis_classification_columns(ti->c), rows = outis_table_rows(ti->t);
    size_t count[OUTIS_ROLE_COUNT] = {0}, w = 6, sampled = 0;
    uint64_t checked = 0;
    for (size_t i = 0; i < n; i++) {
        size_t cw = width(outis_classification_column(ti->c, i)->name);
        w = cw > w ? cw : w;
    }
    w = w > 24 ? 24 : w;
    fprintf(f, "%soutis scan: %s\n\n", r->sections++ > 0 ? "\n" : "",
            strcmp(ti->source, "-") == 0 ? "<stdin>" : ti->source);
    fprintf(f, "%s %zu %s, %zu %s\n\n",
            ti->sample > 0 && rows == ti->sample ? "a uniform sample of" : "table of", rows,
            rows == 1 ? "row" : "rows", n, n == 1 ? "column" : "columns");
    pad(f, "column", w);
    fprintf(f, "%-23s conf  %-21s reason\n", "role", "entity");
    for (size_t i = 0; i < n; i++) {
        const outis_column_class *k = outis_classification_column(ti->c, i);
        char cell[64];
        entity_cell(cell, sizeof cell, k);
        pad(f, k->name, w);
        fprintf(f, "%-23s %.2f  %-21s %s\n", outis_role_name(k->role), k->confidence, cell,
                k->reason_count > 0 ? k->reasons[0] : "");
        count[k->role]++;
        r->roles[k->role]++;
        sampled += k->is_sampled;
        checked = k->is_sampled ? k->checked : checked;
    }
    fprintf(f, "\n");
    if (sampled > 0) {
        fprintf(f, "%zu %s with many distinct values judged on a uniform sample of %llu rows\n",
                sampled, sampled == 1 ? "column" : "columns", (unsigned long long)checked);
    }
    int first = 1;
    for (int role = 1; role <= OUTIS_ROLE_COUNT; role++) {
        int k = role % OUTIS_ROLE_COUNT; /* other last */
        if (count[k] > 0) {
            fprintf(f, "%s%zu %s", first ? "" : ", ", count[k], role_plural(k, count[k]));
            first = 0;
        }
    }
    fprintf(f, "\n");
    r->tables++;
    r->columns += n;
}

void scan_text_input(scan_report *r, const char *input)
{
    fprintf(r->f, "%soutis scan: %s\n\n", r->sections++ > 0 ? "\n" : "",
            strcmp(input, "-") == 0 ? "<stdin>" : input);
}

void scan_text_finding(scan_report *r, const outis_finding *f)
{
    if (r->is_tty && r->bar != NULL) {
        cli_progress_end(r->bar);
    }
    char where[512];
    snprintf(where, sizeof where, "%s:%llu:%llu", strcmp(f->source, "-") ? f->source : "<stdin>",
             (unsigned long long)f->line, (unsigned long long)f->offset);
    fprintf(r->f, "%s  %-16s %.2f  ", where, outis_scan_entity(f->entity)->name, f->confidence);
    if (f->value != NULL) {
        for (size_t i = 0; i < f->length; i++) {
            unsigned char c = (unsigned char)f->value[i];
            fputc(c < ' ' || c == 0x7f ? '?' : c, r->f);
        }
        fputc('\n', r->f);
    } else {
        fprintf(r->f, "%s\n", f->preview);
    }
}

static void counts_cell(FILE *f, const scan_file_row *row)
{
    if (row->status == OUTIS_FILE_BINARY) {
        fprintf(f, "skipped: binary");
        return;
    }
    if (row->status == OUTIS_FILE_UNREADABLE) {
        fprintf(f, "skipped: unreadable: %s", row->error);
        return;
    }
    int first = 1;
    for (size_t e = 0; e < OUTIS_SCAN_MAX_ENTITIES; e++) {
        if (row->by_entity[e] > 0) {
            fprintf(f, "%s%s %llu", first ? "" : ", ", outis_scan_entity(e)->name,
                    (unsigned long long)row->by_entity[e]);
            first = 0;
        }
    }
    if (row->invalid_utf8 > 0) {
        fprintf(f, "%sinvalid UTF-8: %llu", first ? "" : "; ",
                (unsigned long long)row->invalid_utf8);
    }
}

void scan_text_input_end(scan_report *r, const char *input)
{
    FILE *f = r->f;
    (void)input;
    if (r->input_findings > 0) {
        fprintf(f, "\n");
    }
    if (r->row_count > 0) {
        size_t w = 4;
        for (size_t i = 0; i < r->row_count; i++) {
            size_t pw = width(strcmp(r->rows[i].path, "-") ? r->rows[i].path : "<stdin>");
            w = pw > w ? pw : w;
        }
        w = w > 48 ? 48 : w;
        pad(f, "file", w);
        fprintf(f, "findings  by entity\n");
        for (size_t i = 0; i < r->row_count; i++) {
            const scan_file_row *row = &r->rows[i];
            pad(f, strcmp(row->path, "-") ? row->path : "<stdin>", w);
            if (row->status == OUTIS_FILE_SCANNED) {
                fprintf(f, "%8llu  ", (unsigned long long)row->findings);
            } else {
                fprintf(f, "%8s  ", "-");
            }
            counts_cell(f, row);
            fprintf(f, "\n");
            free(row->path);
        }
        r->row_count = 0;
        fprintf(f, "\n");
    }
    fprintf(f, "%llu %s scanned (%llu bytes): %llu %s", (unsigned long long)r->input_files,
            r->input_files == 1 ? "file" : "files", (unsigned long long)r->input_bytes,
            (unsigned long long)r->input_findings, r->input_findings == 1 ? "finding" : "findings");
    fprintf(f, "\n");
}

void scan_text_end(scan_report *r)
{
    if (r->binary + r->unreadable + r->invalid_utf8 > 0) {
        fprintf(r->f, "skipped: %llu binary, %llu unreadable; %llu not valid UTF-8\n",
                (unsigned long long)r->binary, (unsigned long long)r->unreadable,
                (unsigned long long)r->invalid_utf8);
    }
}
