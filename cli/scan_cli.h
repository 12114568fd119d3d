/* scan_cli.h - what `outis scan` (cmd_scan.c) shares with its report writers: the text
 * report (scan_text.c), and JSON and SARIF 2.1.0 (scan_json.c), which stream findings as they
 * come so memory stays bounded by the files with findings, not by the findings. */
#ifndef OUTIS_SCAN_CLI_H
#define OUTIS_SCAN_CLI_H

#include "cli.h"

/* Some input was skipped or only partly decoded (outis scan only). */
#define EXIT_SKIPPED 9

enum scan_format { SCAN_OUT_TEXT, SCAN_OUT_JSON, SCAN_OUT_SARIF };

/* A file worth a row: with findings, skipped or not valid UTF-8. */
typedef struct scan_file_row {
    char *path;
    int status; /* enum outis_file_status */
    uint64_t bytes, findings, invalid_utf8;
    uint64_t by_entity[OUTIS_SCAN_MAX_ENTITIES];
    char error[256]; /* why it was unreadable */
} scan_file_row;

/* A table classified: where it came from. */
typedef struct scan_table_info {
    const char *source; /* as given, or sqlite:PATH?table=NAME */
    const char *path;   /* the file ("-" for standard input) */
    const char *table;  /* the SQLite table, or NULL */
    const char *format; /* "csv", "jsonl", "sqlite" */
    size_t sample;      /* --sample, or 0 */
    const outis_table *t;
    const outis_classification *c;
} scan_table_info;

typedef struct scan_report {
    FILE *f;
    int format; /* enum scan_format */
    int show_values;
    int today;                  /* yyyymmdd */
    const char *const *fail_on; /* as given, for the report */
    size_t fail_on_count;
    int is_tty;        /* f is a terminal (clear the progress bar first) */
    cli_progress *bar; /* shown on stderr, or NULL */
    /* where the stream is */
    size_t sections; /* inputs reported so far (text) */
    int in_tables, in_findings;
    size_t items; /* written in the current array */
    /* totals */
    size_t tables, columns, roles[OUTIS_ROLE_COUNT];
    uint64_t files, bytes, findings, by_entity[OUTIS_SCAN_MAX_ENTITIES];
    uint64_t binary, unreadable, invalid_utf8;
    size_t matches;        /* --fail-on matches */
    char first_match[512]; /* the first, in words */
    scan_file_row *rows;   /* of the current text input (text) or of all (JSON, SARIF) */
    size_t row_count, row_cap;
    uint64_t input_files, input_bytes, input_findings; /* of the current text input */
    int is_oom;
} scan_report;

/* Writers: each format implements these (a dispatch in cmd_scan.c). */
void scan_text_table(scan_report *r, const scan_table_info *ti);
void scan_text_input(scan_report *r, const char *input);
void scan_text_finding(scan_report *r, const outis_finding *f);
void scan_text_input_end(scan_report *r, const char *input);
void scan_text_end(scan_report *r);

void scan_json_begin(scan_report *r);
void scan_json_table(scan_report *r, const scan_table_info *ti);
void scan_json_finding(scan_report *r, const outis_finding *f);
void scan_json_end(scan_report *r);

void scan_sarif_begin(scan_report *r);
void scan_sarif_table(scan_report *r, const scan_table_info *ti);
void scan_sarif_finding(scan_report *r, const outis_finding *f);
void scan_sarif_end(scan_report *r);

/* "scanned", "binary", "unreadable". */
const char *scan_status_name(int status);

#endif
