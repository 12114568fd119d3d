/* scan_json.c - `outis scan --json` (docs/schema/scan.json) and `--sarif` (SARIF 2.1.0).
 * Both are written as the scan goes: a table when it is classified, a finding when it is
 * found (one line each), the files and totals at the end, so memory does not grow with the
 * findings. Keys keep a fixed order; strings that are not UTF-8 get U+FFFD. */
#include "scan_cli.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_VERSION 1
#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* ---- building blocks ---- */

static int put(json_t *obj, const char *key, json_t *v)
{
    return v == NULL || json_object_set_new(obj, key, v) != 0 ? -1 : 0;
}

static int push(json_t *arr, json_t *v)
{
    return v == NULL || json_array_append_new(arr, v) != 0 ? -1 : 0;
}

/* A share or confidence, to 4 decimals. */
static json_t *ratio(double v)
{
    return json_real(round(v * 1e4) / 1e4);
}

static json_t *count(uint64_t v)
{
    return json_integer((json_int_t)v);
}

/* Bytes of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t len = s[0] < 0x80                   ? 1
                 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2
                 : s[0] >= 0xe0 && s[0] < 0xf0 ? 3
                 : s[0] >= 0xf0 && s[0] < 0xf5 ? 4
                                               : 0;
    if (len == 0 || len > n) {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            return 0;
        }
    }
    /* overlong three- and four-byte forms, surrogates, beyond U+10FFFF */
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
        (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90)) {
        return 0;
    }
    return len;
}

/* A JSON string of s[0..n), invalid UTF-8 bytes replaced by U+FFFD. */
static json_t *str_n(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n && utf8_seq(u + i, n - i) > 0) {
        i += utf8_seq(u + i, n - i);
    }
    if (i == n) {
        return json_stringn(s, n);
    }
    char *buf = malloc(3 * n + 1);
    if (buf == NULL) {
        return NULL;
    }
    size_t k = 0;
    for (i = 0; i < n;) {
        size_t len = utf8_seq(u + i, n - i);
        if (len == 0) {
            memcpy(buf + k, "\xef\xbf\xbd", 3);
            k += 3;
            i++;
        } else {
            memcpy(buf + k, s + i, len);
            k += len;
            i += len;
        }
    }
    json_t *j = json_stringn(buf, k);
    free(buf);
    return j;
}

static json_t *str(const char *s)
{
    return s != NULL ? str_n(s, strlen(s)) : json_null();
}

/* "" as null. */
static json_t *str_or_null(const char *s)
{
    return s != NULL && s[0] != '\0' ? str(s) : json_null();
}

static json_t *strength(int s)
{
    return json_string(s == 2 ? "strong" : s == 1 ? "weak" : "none");
}

/* Writes v (consumed): one line, or pretty with each following line indented; the first
 * line is indented too when it starts an array item. */
static void emit_at(scan_report *r, json_t *v, int indent, int pretty, int lead)
{
    if (v == NULL) {
        r->is_oom = 1;
        return;
    }
    char *s =
        json_dumps(v, pretty ? JSON_INDENT(2) | JSON_REAL_PRECISION(12) : JSON_REAL_PRECISION(12));
    json_decref(v);
    if (s == NULL) {
        r->is_oom = 1;
        return;
    }
    fprintf(r->f, "%*s", lead ? indent : 0, "");
    for (const char *p = s; *p; p++) {
        fputc(*p, r->f);
        if (*p == '\n') {
            fprintf(r->f, "%*s", indent, "");
        }
    }
    free(s);
}

static void emit(scan_report *r, json_t *v, int indent, int pretty)
{
    emit_at(r, v, indent, pretty, 1);
}

/* The separator before the next item of the open array. */
static void next_item(scan_report *r)
{
    fputs(r->items++ > 0 ? ",\n" : "\n", r->f);
}

static void close_array(scan_report *r, int indent)
{
    if (r->items > 0) {
        fprintf(r->f, "\n%*s]", indent, "");
    } else {
        fprintf(r->f, "]");
    }
    r->items = 0;
}

/* ---- JSON ---- */

static json_t *column_json(const outis_column_class *k)
{
    json_t *o = json_object(), *ents = json_array(), *reasons = json_array();
    int bad = o == NULL || ents == NULL || reasons == NULL;
    for (size_t e = 0; !bad && e < k->entity_count; e++) {
        json_t *x = json_object();
        bad |= x == NULL ||
               put(x, "entity", json_string(outis_scan_entity(k->entities[e].entity)->name)) < 0 ||
               put(x, "share", ratio(k->entities[e].share)) < 0 ||
               put(x, "valid_share", ratio(k->entities[e].valid_share)) < 0 ||
               put(x, "count", count(k->entities[e].count)) < 0;
        bad |= push(ents, x) < 0;
    }
    for (size_t i = 0; !bad && i < k->reason_count; i++) {
        bad |= push(reasons, str(k->reasons[i])) < 0;
    }
    bad = bad || put(o, "index", count(k->column)) < 0 || put(o, "name", str(k->name)) < 0 ||
          put(o, "role", json_string(outis_role_name(k->role))) < 0 ||
          put(o, "confidence", ratio(k->confidence)) < 0 || put(o, "rows", count(k->rows)) < 0 ||
          put(o, "missing", count(k->missing)) < 0 || put(o, "distinct", count(k->distinct)) < 0 ||
          put(o, "distinct_ratio", ratio(k->distinct_ratio)) < 0 ||
          put(o, "checked", count(k->checked)) < 0 ||
          put(o, "sampled", json_boolean(k->is_sampled)) < 0 ||
          put(o, "free_text", json_boolean(k->is_free_text)) < 0 ||
          put(o, "text_share", k->is_free_text ? ratio(k->text_share) : json_null()) < 0 ||
          put(o, "header_names", str_or_null(k->header_names)) < 0 ||
          put(o, "header_strength", strength(k->header_strength)) < 0 ||
          put(o, "quasi_kind", str_or_null(k->quasi_kind)) < 0 ||
          put(o, "category", str_or_null(k->category)) < 0 ||
          put(o, "category_share", k->category[0] ? ratio(k->category_share) : json_null()) < 0 ||
          put(o, "minor_share", ratio(k->minor_share)) < 0 ||
          put(o, "entities", json_incref(ents)) < 0 ||
          put(o, "reasons", json_incref(reasons)) < 0 ||
          put(o, "example", str_or_null(k->example)) < 0;
    json_decref(ents);
    json_decref(reasons);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *table_json(const scan_table_info *ti)
{
    json_t *o = json_object(), *cols = json_array();
    int bad = o == NULL || cols == NULL;
    for (size_t i = 0; !bad && i < outis_classification_columns(ti->c); i++) {
        bad |= push(cols, column_json(outis_classification_column(ti->c, i))) < 0;
    }
    bad = bad || put(o, "source", str(ti->source)) < 0 || put(o, "path", str(ti->path)) < 0 ||
          put(o, "table", ti->table ? str(ti->table) : json_null()) < 0 ||
          put(o, "format", json_string(ti->format)) < 0 ||
          put(o, "rows", count(outis_table_rows(ti->t))) < 0 ||
          put(o, "sample", ti->sample ? count(ti->sample) : json_null()) < 0 ||
          put(o, "columns", json_incref(cols)) < 0;
    json_decref(cols);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static void count_roles(scan_report *r, const scan_table_info *ti)
{
    size_t n = outis_classification_columns(ti->c);
    for (size_t i = 0; i < n; i++) {
        r->roles[outis_classification_column(ti->c, i)->role]++;
    }
    r->tables++;
    r->columns += n;
}

void scan_json_begin(scan_report *r)
{
    json_t *fail = json_array();
    for (size_t i = 0; fail != NULL && i < r->fail_on_count; i++) {
        if (push(fail, str(r->fail_on[i])) < 0) {
            r->is_oom = 1;
        }
    }
    char *f = fail ? json_dumps(fail, JSON_COMPACT) : NULL;
    json_decref(fail);
    if (f == NULL) {
        r->is_oom = 1;
        return;
    }
    fprintf(r->f,
            "{\n  \"schema_version\": %d,\n  \"tool\": \"outis\",\n  \"version\": \"%s\",\n"
            "  \"command\": \"scan\",\n  \"today\": \"%04d-%02d-%02d\",\n  \"show_values\": %s,\n"
            "  \"fail_on\": %s,\n  \"tables\": [",
            SCHEMA_VERSION, outis_version(), r->today / 10000, r->today / 100 % 100, r->today % 100,
            r->show_values ? "true" : "false", f);
    free(f);
    r->in_tables = 1;
    r->items = 0;
}

void scan_json_table(scan_report *r, const scan_table_info *ti)
{
    next_item(r);
    emit(r, table_json(ti), 4, 1);
    count_roles(r, ti);
}

static void open_findings(scan_report *r)
{
    if (r->in_tables) {
        close_array(r, 2);
        fprintf(r->f, ",\n  \"findings\": [");
        r->in_tables = 0;
        r->in_findings = 1;
    }
}

void scan_json_finding(scan_report *r, const outis_finding *f)
{
    open_findings(r);
    json_t *o = json_object();
    int bad = o == NULL || put(o, "path", str(f->source)) < 0 ||
              put(o, "line", count(f->line)) < 0 || put(o, "column", count(f->column)) < 0 ||
              put(o, "offset", count(f->offset)) < 0 || put(o, "length", count(f->length)) < 0 ||
              put(o, "entity", json_string(outis_scan_entity(f->entity)->name)) < 0 ||
              put(o, "role", json_string(outis_role_name(outis_entity_role(f->entity)))) < 0 ||
              put(o, "confidence", ratio(f->confidence)) < 0 ||
              put(o, "verified", json_boolean(f->verdict == OUTIS_VERDICT_VALID)) < 0 ||
              put(o, "context", json_boolean(f->has_context)) < 0 ||
              put(o, "preview", str(f->preview)) < 0 ||
              put(o, "value", f->value ? str_n(f->value, f->length) : json_null()) < 0;
    if (bad) {
        json_decref(o);
        o = NULL;
    }
    next_item(r);
    emit(r, o, 4, 0);
}

static json_t *by_entity(const uint64_t *counts)
{
    json_t *o = json_object();
    for (size_t e = 0; o != NULL && e < outis_scan_entity_count(); e++) {
        if (counts[e] > 0 && put(o, outis_scan_entity(e)->name, count(counts[e])) < 0) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

static json_t *file_json(const scan_file_row *row)
{
    json_t *o = json_object();
    if (o == NULL || put(o, "path", str(row->path)) < 0 ||
        put(o, "status", json_string(scan_status_name(row->status))) < 0 ||
        put(o, "bytes", count(row->bytes)) < 0 || put(o, "findings", count(row->findings)) < 0 ||
        put(o, "invalid_utf8", count(row->invalid_utf8)) < 0 ||
        put(o, "by_entity", by_entity(row->by_entity)) < 0 ||
        put(o, "error", str_or_null(row->error)) < 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *summary_json(const scan_report *r)
{
    json_t *o = json_object(), *roles = json_object(), *skipped = json_object();
    int bad = o == NULL || roles == NULL || skipped == NULL;
    for (int k = 1; !bad && k <= OUTIS_ROLE_COUNT; k++) {
        int role = k % OUTIS_ROLE_COUNT;
        bad |= put(roles, outis_role_name(role), count(r->roles[role])) < 0;
    }
    bad = bad || put(skipped, "binary", count(r->binary)) < 0 ||
          put(skipped, "unreadable", count(r->unreadable)) < 0 ||
          put(o, "tables", count(r->tables)) < 0 || put(o, "columns", count(r->columns)) < 0 ||
          put(o, "roles", json_incref(roles)) < 0 || put(o, "files", count(r->files)) < 0 ||
          put(o, "bytes", count(r->bytes)) < 0 || put(o, "findings", count(r->findings)) < 0 ||
          put(o, "by_entity", by_entity(r->by_entity)) < 0 ||
          put(o, "skipped", json_incref(skipped)) < 0 ||
          put(o, "invalid_utf8_files", count(r->invalid_utf8)) < 0 ||
          put(o, "fail_on_matches", count(r->matches)) < 0;
    json_decref(roles);
    json_decref(skipped);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

void scan_json_end(scan_report *r)
{
    open_findings(r);
    close_array(r, 2);
    fprintf(r->f, ",\n  \"files\": [");
    for (size_t i = 0; i < r->row_count; i++) {
        next_item(r);
        emit(r, file_json(&r->rows[i]), 4, 0);
    }
    close_array(r, 2);
    fprintf(r->f, ",\n  \"summary\": ");
    emit_at(r, summary_json(r), 2, 1, 0);
    fprintf(r->f, "\n}\n");
}

/* ---- SARIF 2.1.0 ---- */

/* A URI reference for a path: percent-encoded, file:// when absolute. */
static json_t *uri(const char *path)
{
    size_t n = strlen(path);
    char *buf = malloc(3 * n + 8);
    if (buf == NULL) {
        return NULL;
    }
    size_t k = 0;
    if (path[0] == '/') {
        memcpy(buf, "file://", 7);
        k = 7;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        int plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    strchr("-._~/", c) != NULL;
        if (plain && c != '\0') {
            buf[k++] = (char)c;
        } else {
            k += (size_t)snprintf(buf + k, 4, "%%%02X", c);
        }
    }
    json_t *j = json_stringn(buf, k);
    free(buf);
    return j;
}

static const char *level_of(int role, double confidence)
{
    if (confidence < 0.5) {
        return "note";
    }
    return role == OUTIS_ROLE_DIRECT_ID ? "error" : "warning";
}

/* One rule per entity, then one per role for columns without an entity. */
static json_t *rules_json(void)
{
    json_t *rules = json_array();
    for (size_t e = 0; rules != NULL && e < outis_scan_entity_count(); e++) {
        const outis_entity_info *info = outis_scan_entity(e);
        int role = outis_entity_role(e);
        json_t *o = json_object(), *d = json_object(), *cfg = json_object(), *p = json_object();
        int bad = !o || !d || !cfg || !p || put(d, "text", json_string(info->label)) < 0 ||
                  put(cfg, "level", json_string(level_of(role, 1))) < 0 ||
                  put(p, "kind", json_string(outis_scan_kind_name(info->kind))) < 0 ||
                  put(p, "role", json_string(outis_role_name(role))) < 0;
        bad = bad || put(o, "id", json_string(info->name)) < 0 ||
              put(o, "shortDescription", json_incref(d)) < 0 ||
              put(o, "defaultConfiguration", json_incref(cfg)) < 0 ||
              put(o, "properties", json_incref(p)) < 0;
        json_decref(d);
        json_decref(cfg);
        json_decref(p);
        if (bad || push(rules, o) < 0) {
            json_decref(o);
            json_decref(rules);
            return NULL;
        }
    }
    for (int role = 1; rules != NULL && role < OUTIS_ROLE_COUNT; role++) {
        char id[64], text[96];
        snprintf(id, sizeof id, "column/%s", outis_role_name(role));
        snprintf(text, sizeof text, "a column classified as %s", outis_role_name(role));
        json_t *o = json_pack("{s:s, s:{s:s}, s:{s:s}}", "id", id, "shortDescription", "text", text,
                              "defaultConfiguration", "level", level_of(role, 1));
        if (push(rules, o) < 0) {
            json_decref(rules);
            return NULL;
        }
    }
    return rules;
}

void scan_sarif_begin(scan_report *r)
{
    json_t *driver = json_pack("{s:s, s:s, s:o}", "name", "outis", "version", outis_version(),
                               "rules", rules_json());
    char *d = driver ? json_dumps(driver, JSON_INDENT(2)) : NULL;
    json_decref(driver);
    if (d == NULL) {
        r->is_oom = 1;
        return;
    }
    fprintf(r->f,
            "{\n  \"$schema\": \"%s\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
            "      \"tool\": {\n        \"driver\": ",
            SARIF_SCHEMA);
    for (const char *p = d; *p; p++) {
        fputc(*p, r->f);
        if (*p == '\n') {
            fputs("        ", r->f);
        }
    }
    free(d);
    fprintf(r->f, "\n      },\n      \"results\": [");
    r->items = 0;
}

static size_t rule_index(const char *id)
{
    size_t n = outis_scan_entity_count();
    for (size_t e = 0; e < n; e++) {
        if (strcmp(outis_scan_entity(e)->name, id) == 0) {
            return e;
        }
    }
    for (int role = 1; role < OUTIS_ROLE_COUNT; role++) {
        if (strncmp(id, "column/", 7) == 0 && strcmp(id + 7, outis_role_name(role)) == 0) {
            return n + (size_t)role - 1;
        }
    }
    return 0;
}

static json_t *column_result(const scan_table_info *ti, const outis_column_class *k)
{
    char id[64], text[512];
    if (k->entity_count > 0) {
        snprintf(id, sizeof id, "%s", outis_scan_entity(k->entities[0].entity)->name);
    } else {
        snprintf(id, sizeof id, "column/%s", outis_role_name(k->role));
    }
    snprintf(text, sizeof text, "column %s: %s (confidence %.2f): %s", k->name,
             outis_role_name(k->role), k->confidence, k->reason_count ? k->reasons[0] : "");
    json_t *loc = json_object(), *phys = json_object(), *logical = json_array();
    json_t *o = json_object();
    int bad = !loc || !phys || !logical || !o;
    char fqn[512];
    snprintf(fqn, sizeof fqn, "%s%s%s", ti->table ? ti->table : "", ti->table ? "." : "", k->name);
    bad = bad || put(phys, "artifactLocation", json_pack("{s:o}", "uri", uri(ti->path))) < 0;
    if (!bad && strcmp(ti->format, "csv") == 0) {
        bad = put(phys, "region", json_pack("{s:i}", "startLine", 1)) < 0;
    }
    bad = bad ||
          push(logical, json_pack("{s:o, s:o, s:s}", "name", str(k->name), "fullyQualifiedName",
                                  str(fqn), "kind", "member")) < 0 ||
          put(loc, "physicalLocation", json_incref(phys)) < 0 ||
          put(loc, "logicalLocations", json_incref(logical)) < 0;
    bad = bad || put(o, "ruleId", json_string(id)) < 0 ||
          put(o, "ruleIndex", count(rule_index(id))) < 0 ||
          put(o, "level", json_string(level_of(k->role, k->confidence))) < 0 ||
          put(o, "message", json_pack("{s:o}", "text", str(text))) < 0 ||
          put(o, "locations", json_pack("[O]", loc)) < 0 ||
          put(o, "rank", json_real(round(k->confidence * 1000) / 10)) < 0 ||
          put(o, "properties",
              json_pack("{s:s, s:o, s:s, s:s}", "role", outis_role_name(k->role), "confidence",
                        ratio(k->confidence), "quasi_kind", k->quasi_kind, "category",
                        k->category)) < 0;
    json_decref(loc);
    json_decref(phys);
    json_decref(logical);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

void scan_sarif_table(scan_report *r, const scan_table_info *ti)
{
    for (size_t i = 0; i < outis_classification_columns(ti->c); i++) {
        const outis_column_class *k = outis_classification_column(ti->c, i);
        if (k->role == OUTIS_ROLE_OTHER) {
            continue;
        }
        next_item(r);
        emit(r, column_result(ti, k), 8, 0);
    }
    count_roles(r, ti);
}

void scan_sarif_finding(scan_report *r, const outis_finding *f)
{
    const char *name = outis_scan_entity(f->entity)->name;
    int role = outis_entity_role(f->entity);
    int is_stdin = strcmp(f->source, "-") == 0;
    char text[512];
    snprintf(text, sizeof text, "%s%s %.*s (confidence %.2f)", is_stdin ? "<stdin>: " : "",
             outis_scan_entity(f->entity)->label, f->value ? (int)f->length : OUTIS_PREVIEW_MAX,
             f->value ? f->value : f->preview, f->confidence);
    json_t *msg = json_pack("{s:o}", "text", str(text));
    int bad = msg == NULL;
    json_t *o = json_object();
    bad = bad || o == NULL || put(o, "ruleId", json_string(name)) < 0 ||
          put(o, "ruleIndex", count(f->entity)) < 0 ||
          put(o, "level", json_string(level_of(role, f->confidence))) < 0 ||
          put(o, "message", json_incref(msg)) < 0;
    if (!bad && !is_stdin) {
        json_t *region =
            json_pack("{s:I, s:I, s:I}", "startLine", (json_int_t)f->line, "byteOffset",
                      (json_int_t)f->offset, "byteLength", (json_int_t)f->length);
        bad = put(o, "locations",
                  json_pack("[{s:{s:{s:o}, s:o}}]", "physicalLocation", "artifactLocation", "uri",
                            uri(f->source), "region", region)) < 0;
    }
    bad =
        bad || put(o, "rank", json_real(round(f->confidence * 1000) / 10)) < 0 ||
        put(o, "properties",
            json_pack("{s:s, s:o, s:b, s:b, s:o, s:o}", "role", outis_role_name(role), "confidence",
                      ratio(f->confidence), "verified", f->verdict == OUTIS_VERDICT_VALID,
                      "context", f->has_context, "preview", str(f->preview), "value",
                      f->value ? str_n(f->value, f->length) : json_null())) < 0;
    json_decref(msg);
    if (bad) {
        json_decref(o);
        o = NULL;
    }
    next_item(r);
    emit(r, o, 8, 0);
}

void scan_sarif_end(scan_report *r)
{
    close_array(r, 6);
    json_t *notes = json_array();
    for (size_t i = 0; notes != NULL && i < r->row_count; i++) {
        const scan_file_row *row = &r->rows[i];
        char text[512];
        if (row->status == OUTIS_FILE_SCANNED && row->invalid_utf8 == 0) {
            continue;
        }
        if (row->status == OUTIS_FILE_SCANNED) {
            snprintf(text, sizeof text, "%llu invalid UTF-8 sequences, scanned as bytes",
                     (unsigned long long)row->invalid_utf8);
        } else {
            snprintf(text, sizeof text, "skipped: %s%s%s", scan_status_name(row->status),
                     row->error[0] ? ": " : "", row->error);
        }
        json_t *n = json_pack("{s:s, s:{s:o}, s:[{s:{s:{s:o}}}]}", "level", "warning", "message",
                              "text", str(text), "locations", "physicalLocation",
                              "artifactLocation", "uri", uri(row->path));
        if (push(notes, n) < 0) {
            json_decref(notes);
            notes = NULL;
        }
    }
    json_t *inv =
        json_pack("[{s:b, s:o}]", "executionSuccessful", 1, "toolExecutionNotifications", notes);
    fprintf(r->f, ",\n      \"invocations\": ");
    char *s = inv ? json_dumps(inv, JSON_INDENT(2)) : NULL;
    json_decref(inv);
    if (s == NULL) {
        r->is_oom = 1;
        return;
    }
    for (const char *p = s; *p; p++) {
        fputc(*p, r->f);
        if (*p == '\n') {
            fputs("      ", r->f);
        }
    }
    free(s);
    fprintf(r->f, "\n    }\n  ]\n}\n");
}
