/* jsonl.c - JSON Lines into a table, a line at a time. jansson parses each line; since it
 * keeps numbers only as binary values, the text of each number is taken from the line itself
 * (jansson has validated it, and iterates objects in the order of their keys in the text), so
 * 1.50 stays "1.50" and a 20-digit number all its digits. */
#include "jsonl.h"

#include "rows.h"
#include "util/alloc.h"
#include "util/error_int.h"

#include <jansson.h>
#include <string.h>

#define FIRST_BUFFER (64u << 10)
#define LINE_FIELDS 64 /* a line may be this many times the field limit */

typedef struct span {
    size_t off, len;
} span;

typedef struct textbuf {
    char *p;
    size_t len, cap;
} textbuf;

typedef struct jreader {
    rows b;
    source *src;
    const outis_csv_options *opts;
    char *buf; /* read, not yet parsed */
    size_t len, cap, max_line;
    uint64_t line;   /* lines before the current one */
    uint64_t offset; /* byte offset of the current line */
    span *nums;      /* the current line's numbers, in order */
    size_t nnums, nums_cap, next_num;
    const char *at; /* the current line */
    textbuf key;    /* the flattened key */
    textbuf val;    /* an array's JSON text */
} jreader;

static int put(textbuf *t, const char *p, size_t n, outis_error *err)
{
    if (ou_grow((void **)&t->p, &t->cap, t->len + n + 1, 1) < 0) {
        return ou_nomem(err);
    }
    memcpy(t->p + t->len, p, n);
    t->len += n;
    return 0;
}

/* The numbers of a line that jansson accepted, in order: outside strings, a number is the
 * only token that starts with '-' or a digit. */
static int find_numbers(jreader *j, const char *p, size_t n, outis_error *err)
{
    j->nnums = j->next_num = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '"') {
            for (i++; p[i] != '"'; i++) {
                i += p[i] == '\\';
            }
        } else if (p[i] == '-' || (p[i] >= '0' && p[i] <= '9')) {
            size_t s = i;
            while (i + 1 < n && strchr("0123456789+-.eE", p[i + 1]) != NULL && p[i + 1] != '\0') {
                i++;
            }
            if (ou_grow((void **)&j->nums, &j->nums_cap, j->nnums + 1, sizeof *j->nums) < 0) {
                return ou_nomem(err);
            }
            j->nums[j->nnums++] = (span){s, i + 1 - s};
        }
    }
    return 0;
}

/* The next number of the line, as written. */
static int next_number(jreader *j, const char **p, size_t *n, outis_error *err)
{
    if (j->next_num >= j->nnums) {
        return ou_err(err, OUTIS_EINTERNAL, "numbers of the line out of step with the parser");
    }
    *p = j->at + j->nums[j->next_num].off;
    *n = j->nums[j->next_num++].len;
    return 0;
}

static int put_string(textbuf *t, const char *s, size_t n, outis_error *err)
{
    static const char hex[] = "0123456789abcdef";
    int rc = put(t, "\"", 1, err);
    for (size_t i = 0; i < n && rc == 0; i++) {
        const unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            const char e[2] = {'\\', (char)c};
            rc = put(t, e, 2, err);
        } else if (c < 0x20) {
            const char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            rc = put(t, e, 6, err);
        } else {
            rc = put(t, s + i, 1, err);
        }
    }
    return rc < 0 ? rc : put(t, "\"", 1, err);
}

/* v as compact JSON text, numbers as written. */
static int put_json(jreader *j, json_t *v, outis_error *err)
{
    textbuf *t = &j->val;
    const char *p = NULL;
    size_t n = 0;
    int rc = 0;
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *k;
        json_t *x;
        size_t i = 0;
        rc = put(t, "{", 1, err);
        json_object_foreach(v, k, x)
        {
            if (rc == 0 && i++ > 0) {
                rc = put(t, ",", 1, err);
            }
            if (rc == 0 && (rc = put_string(t, k, strlen(k), err)) == 0 &&
                (rc = put(t, ":", 1, err)) == 0) {
                rc = put_json(j, x, err);
            }
        }
        return rc < 0 ? rc : put(t, "}", 1, err);
    }
    case JSON_ARRAY:
        rc = put(t, "[", 1, err);
        for (size_t i = 0; i < json_array_size(v) && rc == 0; i++) {
            if (i > 0) {
                rc = put(t, ",", 1, err);
            }
            rc = rc < 0 ? rc : put_json(j, json_array_get(v, i), err);
        }
        return rc < 0 ? rc : put(t, "]", 1, err);
    case JSON_STRING:
        return put_string(t, json_string_value(v), json_string_length(v), err);
    case JSON_INTEGER:
    case JSON_REAL:
        rc = next_number(j, &p, &n, err);
        return rc < 0 ? rc : put(t, p, n, err);
    case JSON_TRUE:
        return put(t, "true", 4, err);
    case JSON_FALSE:
        return put(t, "false", 5, err);
    default:
        return put(t, "null", 4, err);
    }
}

/* The value of a leaf as text; *p NULL for null. */
static int leaf_text(jreader *j, json_t *v, const char **p, size_t *n, outis_error *err)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        *p = json_string_value(v);
        *n = json_string_length(v);
        return 0;
    case JSON_INTEGER:
    case JSON_REAL:
        return next_number(j, p, n, err);
    case JSON_TRUE:
        *p = "true";
        *n = 4;
        return 0;
    case JSON_FALSE:
        *p = "false";
        *n = 5;
        return 0;
    case JSON_NULL:
        *p = NULL;
        *n = 0;
        return 0;
    default: { /* an array */
        j->val.len = 0;
        int rc = put_json(j, v, err);
        *p = j->val.p;
        *n = j->val.len;
        return rc;
    }
    }
}

/* Sets the keys of obj, below the prefix key[0..prefix), in the current record. */
static int flatten(jreader *j, json_t *obj, size_t prefix, outis_error *err)
{
    const char *k;
    json_t *v;
    int rc = 0;
    json_object_foreach(obj, k, v)
    {
        j->key.len = prefix;
        if ((prefix > 0 && (rc = put(&j->key, ".", 1, err)) < 0) ||
            (rc = put(&j->key, k, strlen(k), err)) < 0) {
            return rc;
        }
        if (json_is_object(v)) {
            if ((rc = flatten(j, v, j->key.len, err)) < 0) {
                return rc;
            }
            continue;
        }
        size_t src, n = 0;
        const char *p = NULL;
        if ((rc = rows_column(&j->b, j->key.p, j->key.len, &src, err)) < 0 ||
            (rc = leaf_text(j, v, &p, &n, err)) < 0) {
            return rc;
        }
        if ((rc = rows_set(&j->b, src, p, n, err)) == ROWS_TWICE) {
            return ou_err(err, OUTIS_EPARSE,
                          "key '%.60s' occurs twice once nested keys are joined with '.'",
                          j->b.names[src]);
        }
        if (rc < 0) {
            return rc;
        }
    }
    return 0;
}

/* jansson's message without its "near '...'", which would quote the input, and in terms of
 * lines rather than files. */
static int parse_error(const json_error_t *e, outis_error *err)
{
    char text[JSON_ERROR_TEXT_LENGTH];
    snprintf(text, sizeof text, "%s", e->text);
    char *near = strstr(text, " near ");
    const int at_end = near != NULL && strcmp(near, " near end of file") == 0;
    if (near != NULL) {
        *near = '\0';
    }
    switch (json_error_code(e)) {
    case json_error_out_of_memory:
        return ou_nomem(err);
    case json_error_invalid_utf8:
        return ou_err(err, OUTIS_EPARSE, "invalid JSON: invalid UTF-8");
    case json_error_end_of_input_expected:
        return ou_err(err, OUTIS_EPARSE,
                      "invalid JSON: more text after the object (one object per line)");
    case json_error_null_character:
        return ou_err(err, OUTIS_EPARSE, "invalid JSON: a string holds \\u0000");
    case json_error_numeric_overflow:
        return ou_err(err, OUTIS_EPARSE, "invalid JSON: number out of range");
    case json_error_premature_end_of_input:
        if (!at_end) {
            return ou_err(err, OUTIS_EPARSE, "invalid JSON: the line ends inside a string");
        }
        if (strcmp(text, "unexpected token") == 0) {
            return ou_err(err, OUTIS_EPARSE, "invalid JSON: a value expected, found the end");
        }
        return ou_err(err, OUTIS_EPARSE, "invalid JSON: %s, found the end of the line", text);
    default:
        return ou_err(err, OUTIS_EPARSE, "invalid JSON: %s", text);
    }
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    default:
        return "null";
    }
}

/* Parses one line, p[0..n) without its newline, into a record. */
static int do_line(jreader *j, const char *p, size_t n, outis_error *err)
{
    uint64_t base = j->offset; /* of p[0] */
    if (j->line == 0 && n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
        p += 3; /* a byte order mark */
        n -= 3;
        base += 3;
    }
    size_t lead = 0;
    while (lead < n && (p[lead] == ' ' || p[lead] == '\t' || p[lead] == '\r')) {
        lead++;
    }
    if (lead == n) {
        return 0; /* an empty line */
    }
    json_error_t e;
    json_t *obj =
        json_loadb(p, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &e);
    int rc = 0;
    if (obj == NULL || !json_is_object(obj)) {
        if (obj == NULL && json_error_code(&e) == json_error_out_of_memory) {
            return ou_nomem(err);
        }
        if (j->opts->skip_bad_rows) {
            j->b.out->skipped++;
            json_decref(obj);
            return 0;
        }
        if (obj == NULL) {
            rc = parse_error(&e, err);
            ou_err_at(err, j->line + 1, e.column > 0 ? (uint64_t)e.column : 0,
                      base + (e.position > 0 ? (uint64_t)e.position - 1 : 0));
            return rc;
        }
        rc = ou_err(err, OUTIS_EPARSE, "expected a JSON object, found %s", type_name(obj));
        ou_err_at(err, j->line + 1, lead + 1, base + lead);
        json_decref(obj);
        return rc;
    }
    j->at = p;
    int is_kept;
    if ((rc = find_numbers(j, p, n, err)) == 0 && (rc = rows_begin(&j->b, &is_kept, err)) == 0 &&
        (rc = flatten(j, obj, 0, err)) == 0) {
        rc = rows_end(&j->b, err);
    }
    json_decref(obj);
    if (rc < 0 && rc != OUTIS_ENOMEM) {
        ou_err_at(err, j->line + 1, 0, j->offset);
    }
    return rc;
}

/* Parses the complete lines in the buffer; *used is where the rest starts. */
static int do_lines(jreader *j, int is_eof, size_t *used, outis_error *err)
{
    size_t start = 0;
    for (;;) {
        const char *nl = memchr(j->buf + start, '\n', j->len - start);
        if (nl == NULL && !(is_eof && start < j->len)) {
            break;
        }
        const size_t end = nl != NULL ? (size_t)(nl - j->buf) : j->len;
        int rc = do_line(j, j->buf + start, end - start, err);
        if (rc < 0) {
            return rc;
        }
        j->line++;
        j->offset += end + 1 - start;
        start = nl != NULL ? end + 1 : end;
    }
    *used = start;
    return 0;
}

static int read_lines(jreader *j, outis_error *err)
{
    const outis_csv_options *o = j->opts;
    for (;;) {
        if (j->len == j->cap) { /* a line longer than the buffer */
            if (j->cap >= j->max_line) {
                ou_err(err, OUTIS_ELIMIT, "line longer than %zu bytes (see --max-field)",
                       j->max_line);
                ou_err_at(err, j->line + 1, 0, j->offset);
                return OUTIS_ELIMIT;
            }
            const size_t cap = j->cap * 2 < j->max_line ? j->cap * 2 : j->max_line;
            char *bigger = ou_reallocarray(j->buf, cap, 1);
            if (bigger == NULL) {
                return ou_nomem(err);
            }
            j->buf = bigger;
            j->cap = cap;
        }
        size_t got, used;
        int rc = source_read(j->src, j->buf + j->len, j->cap - j->len, &got, err);
        if (rc < 0) {
            return rc;
        }
        j->len += got;
        if ((rc = do_lines(j, got == 0, &used, err)) < 0) {
            return rc;
        }
        memmove(j->buf, j->buf + used, j->len - used);
        j->len -= used;
        if (o->progress != NULL && o->progress(j->src->raw_done, j->src->size, o->payload) != 0) {
            return ou_err(err, OUTIS_ECANCELED, "canceled");
        }
        if (got == 0) {
            return 0;
        }
    }
}

int jsonl_read(csv_data *out, source *src, const outis_csv_options *opts, reservoir *sample,
               const csv_sink *sink, outis_error *err)
{
    jreader j = {0};
    memset(out, 0, sizeof *out);
    j.src = src;
    j.opts = opts;
    const size_t field = opts->max_field ? opts->max_field : OUTIS_DEFAULT_MAX_FIELD;
    j.max_line = field > SIZE_MAX / LINE_FIELDS ? SIZE_MAX : field * LINE_FIELDS;
    j.max_line = j.max_line < FIRST_BUFFER ? FIRST_BUFFER : j.max_line;
    /* a small input gets a small buffer (many small files, one after another) */
    j.cap = src->size > 0 && src->size < FIRST_BUFFER ? (size_t)src->size + 1 : FIRST_BUFFER;
    j.buf = ou_malloc(j.cap);
    int rc = j.buf == NULL ? ou_nomem(err) : rows_init(&j.b, out, opts, sample, sink, err);
    if (rc == 0) {
        j.b.is_utf8_known = 1; /* jansson validates every string */
        rc = read_lines(&j, err);
    }
    if (rc == 0) {
        rc = rows_finish(&j.b, err);
    }
    rows_free(&j.b);
    ou_free(j.buf);
    ou_free(j.nums);
    ou_free(j.key.p);
    ou_free(j.val.p);
    if (rc < 0) {
        csv_data_free(out);
        ou_err_source(err, src->name);
    }
    return rc;
}
