/* hier.c - hierarchy tables: ARX's CSV format read with the project's CSV reader (every
 * field kept, ';' or ',' sniffed), and the checks a hierarchy must pass against a column
 * before a search may use it. */
#include "hier.h"

#include "io/source.h"
#include "outis/table.h"
#include "util/alloc.h"
#include "util/dict.h"
#include "util/error_int.h"

#include <stdio.h>
#include <string.h>

void hier_table_free(hier_table *h)
{
    for (size_t i = 0; h->cells != NULL && i < h->rows * h->cols; i++) {
        ou_free(h->cells[i]);
    }
    ou_free(h->cells);
    memset(h, 0, sizeof *h);
}

/* The hierarchy file has no header: it is read as data under a made-up header line. */
int hier_read_arx(hier_table *out, const char *path, outis_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        int rc = ou_err(err, OUTIS_EIO, "cannot open the hierarchy");
        ou_err_source(err, path);
        return rc;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    for (;;) { /* read it all: hierarchies are small */
        if (ou_grow((void **)&buf, &cap, len + 65536 + 1, 1) < 0) {
            rc = ou_nomem(err);
            break;
        }
        const size_t got = fread(buf + len, 1, 65536, f);
        len += got;
        if (got < 65536) {
            rc = ferror(f) ? ou_err(err, OUTIS_EIO, "cannot read the hierarchy") : 0;
            break;
        }
    }
    fclose(f);
    if (rc < 0) {
        ou_free(buf);
        ou_err_source(err, path);
        return rc;
    }
    /* the first line's fields tell the delimiter and the width: a header of level names */
    size_t semi = 0, comma = 0, i = 0;
    for (; i < len && buf[i] != '\n'; i++) {
        semi += buf[i] == ';';
        comma += buf[i] == ',';
    }
    const char delim = semi >= comma && semi > 0 ? ';' : ',';
    const size_t width = (delim == ';' ? semi : comma) + 1;
    size_t hlen = 0;
    char *text = ou_malloc(len + 16 * width + 32);
    if (text == NULL) {
        ou_free(buf);
        return ou_nomem(err);
    }
    for (size_t c = 0; c < width; c++) {
        hlen += (size_t)snprintf(text + hlen, 16, "%sl%zu", c ? (delim == ';' ? ";" : ",") : "", c);
    }
    text[hlen++] = '\n';
    memcpy(text + hlen, buf, len);
    ou_free(buf);
    outis_csv_options o = OUTIS_CSV_OPTIONS_INIT;
    static const char *const no_na[] = {"\x01"}; /* "" and NA are labels here, not missing */
    o.delimiter = delim;
    o.na = no_na;
    o.na_count = 1;
    o.threads = 1;
    outis_table *t = NULL;
    rc = outis_table_read_csv_buffer(&t, text, hlen + len, path, &o, err);
    ou_free(text);
    if (rc < 0) {
        if (err != NULL && err->line > 1) {
            err->line--; /* our header line */
        }
        return rc;
    }
    out->rows = outis_table_rows(t);
    out->cols = width;
    out->cells = ou_calloc(out->rows * width + 1, sizeof *out->cells);
    for (size_t r = 0; out->cells != NULL && r < out->rows; r++) {
        for (size_t c = 0; c < width; c++) {
            size_t n;
            const char *s = outis_table_value(t, c, outis_table_codes(t, c)[r], &n);
            if ((out->cells[r * width + c] = ou_strndup(s, n)) == NULL) {
                rc = OUTIS_ENOMEM;
            }
        }
    }
    outis_table_free(t);
    if (out->cells == NULL || rc < 0) {
        hier_table_free(out);
        return ou_nomem(err);
    }
    if (out->rows == 0) {
        hier_table_free(out);
        rc = ou_err(err, OUTIS_EPARSE, "empty hierarchy (expected one row per value)");
        ou_err_source(err, path);
        return rc;
    }
    return 0;
}

/* Up to 5 values of the column that the hierarchy lacks, for the message. */
static void list_missing(char *msg, size_t cap, const dict *rows, const char *const *values,
                         size_t n, size_t *missing)
{
    size_t at = 0;
    *missing = 0;
    for (size_t i = 0; i < n; i++) {
        const size_t len = strlen(values[i]);
        if (dict_find(rows, values[i], len, dict_hash(values[i], len)) != DICT_NONE) {
            continue;
        }
        if (++*missing <= 5 && at < cap) {
            at += (size_t)snprintf(msg + at, cap - at, "%s'%.24s'", *missing > 1 ? ", " : "",
                                   values[i]);
        }
    }
}

static int check_levels(const hier_table *h, const char *column, outis_error *err)
{
    for (size_t l = 1; l + 1 < h->cols; l++) {
        dict d;
        if (dict_init(&d, h->rows) < 0) {
            return ou_nomem(err);
        }
        uint32_t *parent = ou_mallocarray(h->rows + 1, sizeof *parent);
        int rc = parent == NULL ? ou_nomem(err) : 0;
        for (size_t r = 0; rc == 0 && r < h->rows; r++) {
            const char *s = hier_cell(h, r, l);
            const size_t len = strlen(s);
            const uint64_t hh = dict_hash(s, len);
            uint32_t c = dict_find(&d, s, len, hh);
            if (c == DICT_NONE) {
                if ((c = dict_add(&d, s, len, hh, 0)) == DICT_NONE) {
                    rc = ou_nomem(err);
                    break;
                }
                parent[c] = (uint32_t)r;
            } else if (strcmp(hier_cell(h, parent[c], l + 1), hier_cell(h, r, l + 1)) != 0) {
                rc = ou_err(err, OUTIS_EINVAL,
                            "hierarchy of '%s': rows %zu and %zu share level %zu but not level "
                            "%zu (each level must be a function of the one below)",
                            column, (size_t)parent[c] + 1, r + 1, l, l + 1);
            }
        }
        ou_free(parent);
        dict_free(&d);
        if (rc < 0) {
            return rc;
        }
    }
    const char *top = hier_cell(h, 0, h->cols - 1);
    for (size_t r = 1; r < h->rows; r++) {
        if (strcmp(hier_cell(h, r, h->cols - 1), top) != 0) {
            return ou_err(err, OUTIS_EINVAL,
                          "hierarchy of '%s': the last level has more than one value (rows 1 and "
                          "%zu differ); add a level with one value, such as '*'",
                          column, r + 1);
        }
    }
    return 0;
}

int hier_validate(const hier_table *h, const char *const *values, size_t n, const char *column,
                  outis_error *err)
{
    if (h->rows == 0 || h->cols == 0) {
        return ou_err(err, OUTIS_EINVAL, "hierarchy of '%s' is empty", column);
    }
    dict rows;
    if (dict_init(&rows, h->rows) < 0) {
        return ou_nomem(err);
    }
    int rc = 0;
    for (size_t r = 0; r < h->rows && rc == 0; r++) {
        const char *s = hier_cell(h, r, 0);
        const size_t len = strlen(s);
        const uint64_t hh = dict_hash(s, len);
        if (dict_find(&rows, s, len, hh) != DICT_NONE) {
            rc = ou_err(err, OUTIS_EINVAL, "hierarchy of '%s': row %zu repeats a value", column,
                        r + 1);
        } else if (dict_add(&rows, s, len, hh, 0) == DICT_NONE) {
            rc = ou_nomem(err);
        }
    }
    if (rc == 0) {
        char msg[200];
        size_t missing;
        list_missing(msg, sizeof msg, &rows, values, n, &missing);
        if (missing > 0) {
            rc = ou_err(err, OUTIS_EINVAL,
                        "hierarchy of '%s' does not cover %zu value%s of the column: %s%s", column,
                        missing, missing == 1 ? "" : "s", msg, missing > 5 ? ", ..." : "");
        }
    }
    dict_free(&rows);
    return rc < 0 ? rc : check_levels(h, column, err);
}
