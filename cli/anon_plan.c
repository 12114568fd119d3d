/* anon_plan.c - the plan of `outis anonymize`: read from a JSON file field by field, so that
 * every error names the field and what was expected (as dp_spec.c does for `outis dp`), then
 * overridden by flags, checked, and matched with the table's columns. */
#define _GNU_SOURCE /* asprintf */
#include "anon_cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const anon_role_names[ROLE_COUNT] = {"identifying", "quasi-identifying", "sensitive",
                                                 "insensitive"};
const char *const anon_treatment_names[TREAT_COUNT] = {
    "drop",         "keep", "generalize", "microaggregate",
    "pseudonymize", "mask", "encrypt",    "shift-date"};
const char *const anon_metric_names[5] = {"loss", "entropy", "discernibility", "aecs", "precision"};
const char *const anon_l_names[4] = {"none", "distinct", "entropy", "recursive"};
const char *const anon_t_names[4] = {"none", "equal", "ordered", "hierarchical"};

/* What each role allows, the first being its default. */
static const int allowed[ROLE_COUNT][5] = {
    {TREAT_DROP, TREAT_PSEUDONYMIZE, TREAT_MASK, TREAT_ENCRYPT, -1},
    {TREAT_GENERALIZE, TREAT_MICROAGGREGATE, -1, -1, -1},
    {TREAT_KEEP, TREAT_MASK, TREAT_SHIFT_DATE, -1, -1},
    {TREAT_KEEP, TREAT_MASK, TREAT_SHIFT_DATE, -1, -1},
};

/* The fields of each treatment, beyond role and treatment. */
static const char *const treatment_fields[TREAT_COUNT][3] = {
    [TREAT_GENERALIZE] = {"hierarchy"},
    [TREAT_MICROAGGREGATE] = {"k", "decimals", "group"},
    [TREAT_PSEUDONYMIZE] = {"encoding", "length"},
    [TREAT_MASK] = {"keep_first", "keep_last", "char"},
    [TREAT_ENCRYPT] = {"alphabet"},
    [TREAT_SHIFT_DATE] = {"max_days", "person"},
};

const char *anon_group_name(const anon_column *c)
{
    return c->group != NULL ? c->group : "default";
}

int anon_same_group(const anon_column *a, const anon_column *b)
{
    return strcmp(anon_group_name(a), anon_group_name(b)) == 0;
}

size_t anon_micro_k(const anon_plan *p, const anon_column *c)
{
    return c->k ? c->k : p->o.k;
}

void anon_plan_init(anon_plan *p)
{
    memset(p, 0, sizeof *p);
    const outis_anon_options init = OUTIS_ANON_OPTIONS_INIT;
    p->o = init;
}

void anon_plan_free(anon_plan *p)
{
    for (size_t i = 0; i < p->ncols; i++) {
        free(p->cols[i].cuts);
        free(p->cols[i].list);
    }
    free(p->cols);
    for (size_t i = 0; i < p->nowned; i++) {
        free(p->owned[i]);
    }
    json_decref(p->root);
    memset(p, 0, sizeof *p);
}

static char *keep_string(anon_plan *p, char *s)
{
    if (s == NULL || p->nowned == sizeof p->owned / sizeof *p->owned) {
        free(s);
        return NULL;
    }
    return p->owned[p->nowned++] = s;
}

static int no_memory(void)
{
    fprintf(stderr, "outis: error: out of memory\n");
    return EXIT_SYSTEM;
}

static anon_column *find_column(anon_plan *p, const char *name)
{
    for (size_t i = 0; i < p->ncols; i++) {
        if (strcmp(p->cols[i].name, name) == 0) {
            return &p->cols[i];
        }
    }
    return NULL;
}

static anon_column *add_column(anon_plan *p, const char *name)
{
    if (p->ncols == p->cap) {
        const size_t cap = p->cap ? 2 * p->cap : 16;
        anon_column *c = realloc(p->cols, cap * sizeof *c);
        if (c == NULL) {
            return NULL;
        }
        p->cols = c;
        p->cap = cap;
    }
    anon_column *c = &p->cols[p->ncols++];
    memset(c, 0, sizeof *c);
    const outis_hierarchy_rule rule = OUTIS_HIERARCHY_RULE_INIT;
    c->rule = rule;
    c->name = name;
    c->treatment = TREAT_DROP;
    c->decimals = 2;
    c->mask = '*';
    c->max_days = 365;
    c->col = c->person_col = SIZE_MAX;
    return c;
}

/* ---- JSON fields ---- */

static int field_error(const char *path, const char *field, const char *expected)
{
    fprintf(stderr, "outis: error: %s: %s: expected %s\n", path, field, expected);
    return EXIT_USAGE;
}

typedef struct reader {
    const char *path;
    char field[512];
} reader;

/* The name of a field under base ("columns.age" and ".role"), in r->field. */
static const char *at(reader *r, const char *base, const char *suffix)
{
    snprintf(r->field, sizeof r->field, "%.400s%.100s", base, suffix);
    return r->field;
}

/* A whole number in [lo, hi]. */
static int get_whole(reader *r, const json_t *v, const char *field, double lo, double hi,
                     double *out, const char *expected)
{
    const double d = json_is_number(v) ? json_number_value(v) : NAN;
    if (!(d >= lo && d <= hi && d == floor(d))) {
        return field_error(r->path, field, expected);
    }
    *out = d;
    return EXIT_OK;
}

static int get_number(reader *r, const json_t *v, const char *field, double lo, double hi,
                      double *out, const char *expected)
{
    const double d = json_is_number(v) ? json_number_value(v) : NAN;
    if (!(d >= lo && d <= hi)) {
        return field_error(r->path, field, expected);
    }
    *out = d;
    return EXIT_OK;
}

static int pick(const char *s, const char *const *names, int n)
{
    for (int i = 0; s != NULL && i < n; i++) {
        if (names[i] != NULL && strcmp(s, names[i]) == 0) {
            return i;
        }
    }
    return -1;
}

static int unknown_fields(reader *r, const json_t *o, const char *where, const char *const *known,
                          size_t n)
{
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)o, key, val)
    {
        if (pick(key, known, (int)n) < 0) {
            fprintf(stderr, "outis: error: %s: %s%sunknown field '%s'\n", r->path,
                    where ? where : "", where ? ": " : "", key);
            return EXIT_USAGE;
        }
    }
    return EXIT_OK;
}

static int rule_intervals(reader *r, anon_column *c, const json_t *v, const char *base)
{
    static const char *const known[] = {"width", "origin", "cuts"};
    const char *where = at(r, base, ".intervals");
    char here[512];
    snprintf(here, sizeof here, "%.400s", where);
    if (!json_is_object(v)) {
        return field_error(r->path, here, "an object with \"width\" (and \"origin\") or \"cuts\"");
    }
    int st = unknown_fields(r, v, here, known, 3);
    const json_t *cuts = json_object_get(v, "cuts"), *width = json_object_get(v, "width");
    c->rule.kind = OUTIS_RULE_INTERVALS;
    if (st == EXIT_OK && (cuts == NULL) == (width == NULL)) {
        return field_error(r->path, here, "either \"width\" or \"cuts\"");
    }
    if (st == EXIT_OK && cuts != NULL) {
        const size_t n = json_array_size(cuts);
        if (!json_is_array(cuts) || n == 0 || json_object_get(v, "origin") != NULL) {
            return field_error(r->path, at(r, here, ".cuts"),
                               "a non-empty array of ascending numbers (and no \"origin\")");
        }
        if ((c->cuts = calloc(n, sizeof *c->cuts)) == NULL) {
            return no_memory();
        }
        for (size_t i = 0; i < n; i++) {
            const json_t *x = json_array_get(cuts, i);
            if (!json_is_number(x) || (i > 0 && json_number_value(x) <= c->cuts[i - 1])) {
                return field_error(r->path, at(r, here, ".cuts"),
                                   "a non-empty array of strictly ascending numbers");
            }
            c->cuts[i] = json_number_value(x);
        }
        c->rule.cuts = c->cuts;
        c->rule.cut_count = n;
        return EXIT_OK;
    }
    if (st == EXIT_OK) {
        st = get_number(r, width, at(r, here, ".width"), 1e-300, 1e300, &c->rule.width,
                        "a number > 0");
    }
    const json_t *origin = json_object_get(v, "origin");
    if (st == EXIT_OK && origin != NULL) {
        st = get_number(r, origin, at(r, here, ".origin"), -1e300, 1e300, &c->rule.origin,
                        "a number");
    }
    return st;
}

static int rule_dates(reader *r, anon_column *c, const json_t *v, const char *base)
{
    static const char *const units[] = {"day", "month", "quarter", "year", "decade"};
    const size_t n = json_array_size(v);
    const char *field = at(r, base, ".dates");
    const char *expected = "an array of levels from \"day\", \"month\", \"quarter\", \"year\", "
                           "\"decade\", in that order";
    if (!json_is_array(v) || n > 5) {
        return field_error(r->path, field, expected);
    }
    if ((c->list = calloc(n + 1, sizeof *c->list)) == NULL) {
        return no_memory();
    }
    int last = -1;
    for (size_t i = 0; i < n; i++) {
        const char *s = json_string_value(json_array_get(v, i));
        const int u = pick(s, units, 5);
        if (u <= last) {
            return field_error(r->path, field, expected);
        }
        last = u;
        c->list[i] = s;
    }
    c->rule.kind = OUTIS_RULE_DATES;
    c->rule.levels = c->list;
    c->rule.level_count = n;
    return EXIT_OK;
}

static int rule_mask(reader *r, anon_column *c, const json_t *v, const char *base)
{
    static const char *const known[] = {"step", "char"};
    char here[512];
    snprintf(here, sizeof here, "%.400s.mask", base);
    if (!json_is_object(v)) {
        return field_error(r->path, here, "an object (with \"step\" and \"char\", or empty)");
    }
    int st = unknown_fields(r, v, here, known, 2);
    double step = 1;
    const json_t *s = json_object_get(v, "step"), *ch = json_object_get(v, "char");
    if (st == EXIT_OK && s != NULL) {
        st = get_whole(r, s, at(r, here, ".step"), 1, 1e6, &step, "a whole number >= 1");
    }
    const char *m = ch != NULL ? json_string_value(ch) : "*";
    if (st == EXIT_OK && (m == NULL || strlen(m) != 1 || m[0] < 0x20 || m[0] > 0x7e)) {
        st = field_error(r->path, at(r, here, ".char"), "one printable ASCII character");
    }
    c->rule.kind = OUTIS_RULE_MASK;
    c->rule.step = (size_t)step;
    c->rule.mask = st == EXIT_OK ? m[0] : '*';
    return st;
}

static int rule_tree(reader *r, anon_column *c, const json_t *v, const char *base)
{
    const char *field = at(r, base, ".tree");
    if (!json_is_object(v) || json_object_size(v) == 0) {
        return field_error(r->path, field, "an object of \"child\": \"parent\" labels");
    }
    if ((c->list = calloc(2 * json_object_size(v) + 1, sizeof *c->list)) == NULL) {
        return no_memory();
    }
    size_t n = 0;
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)v, key, val)
    {
        if (!json_is_string(val)) {
            return field_error(r->path, field, "an object of \"child\": \"parent\" labels");
        }
        c->list[2 * n] = key;
        c->list[2 * n + 1] = json_string_value(val);
        n++;
    }
    c->rule.kind = OUTIS_RULE_TREE;
    c->rule.edges = c->list;
    c->rule.edge_count = n;
    return EXIT_OK;
}

/* A file name, relative to the plan's directory. */
static const char *plan_relative(anon_plan *p, const char *name)
{
    const char *slash = strrchr(p->path, '/');
    if (name[0] == '/' || slash == NULL) {
        return name;
    }
    char *joined = NULL;
    if (asprintf(&joined, "%.*s/%s", (int)(slash - p->path), p->path, name) < 0) {
        return NULL;
    }
    return keep_string(p, joined);
}

static int read_hierarchy(reader *r, anon_plan *p, anon_column *c, const json_t *v,
                          const char *base)
{
    const char *expected = "a file name or an object with one of \"intervals\", \"dates\", "
                           "\"mask\", \"tree\"";
    if (json_is_string(v)) {
        if ((c->hier_file = plan_relative(p, json_string_value(v))) == NULL) {
            return no_memory();
        }
        return EXIT_OK;
    }
    if (!json_is_object(v) || json_object_size(v) != 1) {
        return field_error(r->path, base, expected);
    }
    const json_t *x;
    if ((x = json_object_get(v, "intervals")) != NULL) {
        return rule_intervals(r, c, x, base);
    }
    if ((x = json_object_get(v, "dates")) != NULL) {
        return rule_dates(r, c, x, base);
    }
    if ((x = json_object_get(v, "mask")) != NULL) {
        return rule_mask(r, c, x, base);
    }
    if ((x = json_object_get(v, "tree")) != NULL) {
        return rule_tree(r, c, x, base);
    }
    return field_error(r->path, base, expected);
}

static int read_string(reader *r, const json_t *v, const char *field, const char **out,
                       const char *expected)
{
    if (!json_is_string(v) || json_string_length(v) == 0) {
        return field_error(r->path, field, expected);
    }
    *out = json_string_value(v);
    return EXIT_OK;
}

/* The fields of a column's treatment; fields of other treatments are named as such. */
static int treatment_field(reader *r, anon_plan *p, anon_column *c, const char *key,
                           const json_t *v)
{
    char f[512];
    snprintf(f, sizeof f, "columns.%.300s.%.60s", c->name, key);
    double d = 0;
    int st = EXIT_OK;
    if (strcmp(key, "hierarchy") == 0) {
        return read_hierarchy(r, p, c, v, f);
    } else if (strcmp(key, "k") == 0) {
        st = get_whole(r, v, f, 2, 1e9, &d, "a whole number >= 2");
        c->k = (size_t)d;
    } else if (strcmp(key, "decimals") == 0) {
        st = get_whole(r, v, f, 0, 15, &d, "a whole number from 0 to 15");
        c->decimals = (int)d;
    } else if (strcmp(key, "encoding") == 0) {
        const char *const enc[] = {"hex", "base32"};
        c->encoding = pick(json_string_value(v), enc, 2);
        st = c->encoding < 0 ? field_error(r->path, f, "\"hex\" or \"base32\"") : EXIT_OK;
    } else if (strcmp(key, "length") == 0) {
        st = get_whole(r, v, f, 1, 64, &d, "a whole number from 1 to 64 (52 in base32)");
        c->length = (size_t)d;
    } else if (strcmp(key, "keep_first") == 0 || strcmp(key, "keep_last") == 0) {
        st = get_whole(r, v, f, 0, 1e6, &d, "a whole number >= 0");
        *(key[5] == 'f' ? &c->keep_first : &c->keep_last) = (size_t)d;
    } else if (strcmp(key, "char") == 0) {
        const char *m = json_string_value(v);
        if (m == NULL || strlen(m) != 1 || m[0] < 0x20 || m[0] > 0x7e) {
            return field_error(r->path, f, "one printable ASCII character");
        }
        c->mask = m[0];
    } else if (strcmp(key, "alphabet") == 0) {
        const char *a = json_string_value(v);
        int ok = a != NULL && strlen(a) >= 2;
        for (size_t i = 0; ok && a[i] != '\0'; i++) {
            ok = a[i] >= 0x20 && a[i] <= 0x7e && memchr(a, a[i], i) == NULL;
        }
        if (!ok) {
            return field_error(r->path, f, "at least 2 distinct printable ASCII characters");
        }
        c->alphabet = a;
    } else if (strcmp(key, "max_days") == 0) {
        st = get_whole(r, v, f, 1, 36500, &d, "a whole number from 1 to 36500");
        c->max_days = (unsigned)d;
    } else if (strcmp(key, "person") == 0) {
        st = read_string(r, v, f, &c->person, "a column name (string)");
    } else if (strcmp(key, "group") == 0) {
        st = read_string(r, v, f, &c->group, "a group name (string)");
    }
    return st;
}

static int read_column(reader *r, anon_plan *p, const char *name, const json_t *o)
{
    char f[512];
    snprintf(f, sizeof f, "columns.%.300s", name);
    if (!json_is_object(o)) {
        return field_error(r->path, f, "an object with \"role\" and \"treatment\"");
    }
    static const char *const known[] = {
        "role",   "treatment",  "hierarchy", "k",    "decimals", "group",    "encoding",
        "length", "keep_first", "keep_last", "char", "alphabet", "max_days", "person"};
    int st = unknown_fields(r, o, f, known, sizeof known / sizeof *known);
    anon_column *c = add_column(p, name);
    if (c == NULL) {
        return no_memory();
    }
    const json_t *role = json_object_get(o, "role"), *treat = json_object_get(o, "treatment");
    if (st == EXIT_OK && (c->role = pick(json_string_value(role), anon_role_names, 4)) < 0) {
        char e[200];
        snprintf(e, sizeof e,
                 "\"identifying\", \"quasi-identifying\", \"sensitive\" or "
                 "\"insensitive\"%s",
                 role == NULL ? " (required)" : "");
        return field_error(r->path, at(r, f, ".role"), e);
    }
    if (st != EXIT_OK) {
        return st;
    }
    c->treatment = allowed[c->role][0];
    if (treat != NULL) {
        c->treatment = pick(json_string_value(treat), anon_treatment_names, TREAT_COUNT);
        if (c->treatment < 0) {
            return field_error(r->path, at(r, f, ".treatment"),
                               "\"drop\", \"keep\", \"generalize\", \"microaggregate\", "
                               "\"pseudonymize\", \"mask\", \"encrypt\" or \"shift-date\"");
        }
    }
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)o, key, val)
    {
        if (strcmp(key, "role") == 0 || strcmp(key, "treatment") == 0) {
            continue;
        }
        if (strcmp(key, "hierarchy") == 0 && c->role == ROLE_SENSITIVE) {
            if ((st = treatment_field(r, p, c, key, val)) != EXIT_OK) { /* hierarchical t */
                return st;
            }
            continue;
        }
        if (pick(key, treatment_fields[c->treatment], 3) < 0) {
            for (int t = 0; t < TREAT_COUNT; t++) {
                if (pick(key, treatment_fields[t], 3) >= 0) {
                    fprintf(stderr,
                            "outis: error: %s: %s.%s: a field of treatment \"%s\", not \"%s\"\n",
                            r->path, f, key, anon_treatment_names[t],
                            anon_treatment_names[c->treatment]);
                    break;
                }
            }
            return EXIT_USAGE;
        }
        if ((st = treatment_field(r, p, c, key, val)) != EXIT_OK) {
            return st;
        }
    }
    if (c->treatment == TREAT_SHIFT_DATE && c->person == NULL) {
        return field_error(r->path, at(r, f, ".person"),
                           "the column that identifies the person (required for \"shift-date\")");
    }
    if (c->treatment == TREAT_PSEUDONYMIZE && c->encoding == 1 && c->length > 52) {
        return field_error(r->path, at(r, f, ".length"), "a whole number from 1 to 52 in base32");
    }
    return EXIT_OK;
}

static int read_l(reader *r, anon_plan *p, const json_t *v)
{
    static const char *const known[] = {"kind", "l", "c"};
    if (!json_is_object(v)) {
        return field_error(r->path, "criteria.l", "an object with \"kind\" and \"l\"");
    }
    int st = unknown_fields(r, v, "criteria.l", known, 3);
    const json_t *kind = json_object_get(v, "kind");
    p->o.l_kind = kind == NULL ? OUTIS_L_DISTINCT : pick(json_string_value(kind), anon_l_names, 4);
    if (st == EXIT_OK && p->o.l_kind < 1) {
        return field_error(r->path, "criteria.l.kind",
                           "\"distinct\", \"entropy\" or \"recursive\"");
    }
    const json_t *l = json_object_get(v, "l"), *c = json_object_get(v, "c");
    if (st == EXIT_OK) {
        st =
            p->o.l_kind == OUTIS_L_RECURSIVE
                ? get_whole(r, l, "criteria.l.l", 2, 1e9, &p->o.l, "a whole number >= 2 (required)")
                : get_number(r, l, "criteria.l.l", 1, 1e9, &p->o.l, "a number >= 1 (required)");
    }
    if (st == EXIT_OK && p->o.l_kind == OUTIS_L_RECURSIVE) {
        st = get_number(r, c, "criteria.l.c", 1e-9, 1e9, &p->o.c,
                        "a number > 0 (required for \"recursive\")");
    } else if (st == EXIT_OK && c != NULL) {
        st = field_error(r->path, "criteria.l.c", "nothing (\"c\" is for kind \"recursive\")");
    }
    return st;
}

static int read_t(reader *r, anon_plan *p, const json_t *v)
{
    static const char *const known[] = {"kind", "t"};
    if (!json_is_object(v)) {
        return field_error(r->path, "criteria.t", "an object with \"kind\" and \"t\"");
    }
    int st = unknown_fields(r, v, "criteria.t", known, 2);
    const json_t *kind = json_object_get(v, "kind");
    p->o.t_kind = kind == NULL ? OUTIS_T_EQUAL : pick(json_string_value(kind), anon_t_names, 4);
    if (st == EXIT_OK && p->o.t_kind < 1) {
        return field_error(r->path, "criteria.t.kind",
                           "\"equal\", \"ordered\" or \"hierarchical\"");
    }
    if (st == EXIT_OK) {
        st = get_number(r, json_object_get(v, "t"), "criteria.t.t", 0, 1, &p->o.t,
                        "a number from 0 to 1 (required)");
    }
    return st;
}

static int read_criteria(reader *r, anon_plan *p, const json_t *v)
{
    static const char *const known[] = {"k", "l", "t"};
    if (!json_is_object(v)) {
        return field_error(r->path, "criteria", "an object with \"k\", \"l\" or \"t\"");
    }
    int st = unknown_fields(r, v, "criteria", known, 3);
    const json_t *x;
    double k = 0;
    if (st == EXIT_OK && (x = json_object_get(v, "k")) != NULL) {
        st = get_whole(r, x, "criteria.k", 1, 1e9, &k, "a whole number >= 1");
        p->o.k = (size_t)k;
    }
    if (st == EXIT_OK && (x = json_object_get(v, "l")) != NULL) {
        st = read_l(r, p, x);
    }
    if (st == EXIT_OK && (x = json_object_get(v, "t")) != NULL) {
        st = read_t(r, p, x);
    }
    return st;
}

static int read_top(reader *r, anon_plan *p)
{
    static const char *const known[] = {"columns", "criteria", "suppression", "metric", "key_file"};
    const json_t *root = p->root, *x;
    int st = unknown_fields(r, root, NULL, known, 5);
    const json_t *cols = json_object_get(root, "columns");
    if (st == EXIT_OK && (!json_is_object(cols) || json_object_size(cols) == 0)) {
        return field_error(r->path, "columns", "an object of columns by name (required)");
    }
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)cols, key, val)
    {
        if (st == EXIT_OK) {
            st = read_column(r, p, key, val);
        }
    }
    if (st == EXIT_OK && (x = json_object_get(root, "criteria")) != NULL) {
        st = read_criteria(r, p, x);
    }
    if (st == EXIT_OK && (x = json_object_get(root, "suppression")) != NULL) {
        st = get_number(r, x, "suppression", 0, 0.999999, &p->o.suppression,
                        "a share of the records from 0 to below 1");
    }
    if (st == EXIT_OK && (x = json_object_get(root, "metric")) != NULL &&
        (p->o.metric = pick(json_string_value(x), anon_metric_names, 5)) < 0) {
        st = field_error(r->path, "metric",
                         "\"loss\", \"entropy\", \"discernibility\", \"aecs\" or \"precision\"");
    }
    if (st == EXIT_OK && (x = json_object_get(root, "key_file")) != NULL) {
        st = read_string(r, x, "key_file", &p->key_file, "a file name (string)");
        if (st == EXIT_OK && (p->key_file = plan_relative(p, p->key_file)) == NULL) {
            st = no_memory();
        }
    }
    return st;
}

int anon_plan_read(anon_plan *p, const char *path)
{
    json_error_t je;
    p->path = path;
    p->root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (p->root == NULL) {
        if (je.line < 1) { /* not a syntax error: the file could not be read */
            fprintf(stderr, "outis: error: %s: %s\n", path, je.text);
        } else {
            fprintf(stderr, "outis: error: %s:%d:%d: %s\n", path, je.line, je.column, je.text);
        }
        return EXIT_INPUT;
    }
    reader r = {path, ""};
    if (!json_is_object(p->root)) {
        return field_error(path, "(top level)", "an object");
    }
    return read_top(&r, p);
}

/* ---- flags ---- */

/* Gives the columns of a flag's list a role, keeping a treatment the role allows. */
static int flag_role(anon_plan *p, const char *list, const char *option, int role)
{
    const char **names = NULL;
    char *buf = NULL;
    size_t n = 0;
    int st = cli_names(&names, &n, &buf, &list, 1);
    if (st == EXIT_OK && keep_string(p, buf) == NULL) {
        st = no_memory();
    }
    if (st == EXIT_OK && n == 0) {
        st = cli_usage_error("anonymize", "%s names no column", option);
    }
    for (size_t i = 0; i < n && st == EXIT_OK; i++) {
        anon_column *c = find_column(p, names[i]);
        if (c == NULL && (c = add_column(p, names[i])) == NULL) {
            st = no_memory();
            break;
        }
        if (c->origin != NULL && strcmp(c->origin, option) != 0) {
            st = cli_usage_error("anonymize", "column '%s' is named by %s and %s", c->name,
                                 c->origin, option);
            break;
        }
        int ok = 0; /* a treatment the plan gave for this role stays */
        for (int k = 0; c->role == role && k < 5 && allowed[role][k] >= 0; k++) {
            ok |= allowed[role][k] == c->treatment;
        }
        c->role = role;
        c->origin = option;
        c->treatment = ok ? c->treatment : allowed[role][0];
    }
    free(names);
    return st;
}

static void flag_criteria(anon_plan *p, const anon_flags *f)
{
    if (f->has_k) {
        p->o.k = f->o.k;
    }
    if (f->has_l) {
        p->o.l = f->o.l;
        p->o.l_kind = p->o.l_kind ? p->o.l_kind : OUTIS_L_DISTINCT;
    }
    if (f->has_l_kind) {
        p->o.l_kind = f->o.l_kind;
    }
    if (f->has_c) {
        p->o.c = f->o.c;
    }
    if (f->has_t) {
        p->o.t = f->o.t;
        p->o.t_kind = p->o.t_kind ? p->o.t_kind : OUTIS_T_EQUAL;
    }
    if (f->has_t_kind) {
        p->o.t_kind = f->o.t_kind;
    }
    if (f->has_suppression) {
        p->o.suppression = f->o.suppression;
    }
    if (f->has_metric) {
        p->o.metric = f->o.metric;
    }
}

int anon_plan_flags(anon_plan *p, const anon_flags *f)
{
    int st = EXIT_OK;
    flag_criteria(p, f);
    if (f->key_file != NULL) {
        p->key_file = f->key_file;
    }
    if (f->qi != NULL) {
        st = flag_role(p, f->qi, "--qi", ROLE_QI);
    }
    if (st == EXIT_OK && f->sensitive != NULL) {
        st = flag_role(p, f->sensitive, "--sensitive", ROLE_SENSITIVE);
    }
    if (st == EXIT_OK && f->keep != NULL) {
        st = flag_role(p, f->keep, "--keep", ROLE_INSENSITIVE);
    }
    for (size_t i = 0; i < f->nhier && st == EXIT_OK; i++) {
        const char *eq = strchr(f->hier[i], '=');
        char *name = strndup(f->hier[i], (size_t)(eq - f->hier[i]));
        if (name == NULL) {
            return no_memory();
        }
        anon_column *c = find_column(p, name);
        free(name);
        if (c == NULL || ((c->role != ROLE_QI || c->treatment != TREAT_GENERALIZE) &&
                          c->role != ROLE_SENSITIVE)) {
            return cli_usage_error("anonymize",
                                   "--hierarchy %s: not a quasi-identifier to generalize (see "
                                   "--qi) or a sensitive column (see --sensitive)",
                                   f->hier[i]);
        }
        c->hier_file = eq + 1;
        c->rule.kind = 0;
    }
    return st;
}

/* ---- checks ---- */

static int column_error(const anon_plan *p, const anon_column *c, const char *field,
                        const char *expected)
{
    if (p->path != NULL && c->origin == NULL) {
        fprintf(stderr, "outis: error: %s: columns.%s%s%s: expected %s\n", p->path, c->name,
                field[0] ? "." : "", field, expected);
    } else {
        fprintf(stderr, "outis: error: column '%s'%s%s: expected %s\n", c->name,
                field[0] ? ": " : "", field, expected);
    }
    return EXIT_USAGE;
}

static int check_column(const anon_plan *p, const anon_column *c)
{
    int ok = 0;
    for (int k = 0; k < 5 && allowed[c->role][k] >= 0; k++) {
        ok |= allowed[c->role][k] == c->treatment;
    }
    if (!ok) {
        char e[200];
        size_t at = 0;
        for (int k = 0; k < 5 && allowed[c->role][k] >= 0; k++) {
            at += (size_t)snprintf(e + at, sizeof e - at, "%s\"%s\"",
                                   k == 0                        ? ""
                                   : allowed[c->role][k + 1] < 0 ? " or "
                                                                 : ", ",
                                   anon_treatment_names[allowed[c->role][k]]);
        }
        const char *role = anon_role_names[c->role];
        snprintf(e + at, sizeof e - at, " for a%s %s column", role[0] == 'i' ? "n" : "", role);
        return column_error(p, c, "treatment", e);
    }
    if (c->treatment == TREAT_GENERALIZE && c->hier_file == NULL && c->rule.kind == 0) {
        return c->origin != NULL
                   ? cli_usage_error("anonymize", "no --hierarchy for quasi-identifier '%s'",
                                     c->name)
                   : column_error(p, c, "hierarchy",
                                  "a file name or a rule (required for \"generalize\")");
    }
    const int has_hier = c->hier_file != NULL || c->rule.kind != 0;
    if (c->role == ROLE_SENSITIVE && p->o.t_kind == OUTIS_T_HIERARCHICAL) {
        if (!has_hier) {
            return column_error(p, c, "hierarchy",
                                "a file name or a rule (required by hierarchical t-closeness)");
        }
        if (c->treatment != TREAT_KEEP) {
            return column_error(p, c, "treatment",
                                "\"keep\" (hierarchical t-closeness measures the values as they "
                                "are)");
        }
    } else if (c->role == ROLE_SENSITIVE && has_hier) {
        return column_error(p, c, "hierarchy",
                            "nothing: a sensitive column's hierarchy is for t-closeness of kind "
                            "\"hierarchical\"");
    }
    if (c->treatment == TREAT_MICROAGGREGATE && c->k == 0 && p->o.k < 2) {
        return column_error(p, c, "k", "a whole number >= 2 (required when criteria.k is below 2)");
    }
    for (size_t i = 0; c->treatment == TREAT_MICROAGGREGATE && i < p->ncols; i++) {
        const anon_column *o = &p->cols[i]; /* a group is aggregated with one k */
        if (o->treatment == TREAT_MICROAGGREGATE && anon_same_group(o, c) &&
            anon_micro_k(p, o) != anon_micro_k(p, c)) {
            char e[300];
            snprintf(e, sizeof e, "the k of column '%.100s' (%zu), in the same group '%.100s'",
                     o->name, anon_micro_k(p, o), anon_group_name(c));
            return column_error(p, c, "k", e);
        }
    }
    return EXIT_OK;
}

int anon_plan_check(const anon_plan *p, int decrypt)
{
    size_t nqi = 0, nsens = 0, nenc = 0;
    for (size_t i = 0; i < p->ncols; i++) {
        const anon_column *c = &p->cols[i];
        nqi += c->role == ROLE_QI;
        nsens += c->role == ROLE_SENSITIVE;
        nenc += c->treatment == TREAT_ENCRYPT;
        int st = decrypt ? EXIT_OK : check_column(p, c);
        if (st != EXIT_OK) {
            return st;
        }
    }
    if (decrypt) {
        return nenc == 0 ? cli_usage_error("anonymize", "--decrypt: the plan encrypts no column")
                         : EXIT_OK;
    }
    if (nqi == 0) {
        return cli_usage_error("anonymize", "no quasi-identifier: give --qi, or a column with "
                                            "role \"quasi-identifying\" in the plan");
    }
    if (nqi > ANON_MAX_QI || nsens > ANON_MAX_QI) {
        return cli_usage_error("anonymize", "at most %d quasi-identifiers and %d sensitive columns",
                               ANON_MAX_QI, ANON_MAX_QI);
    }
    if (p->o.k == 0 && p->o.l_kind == 0 && p->o.t_kind == 0) {
        return cli_usage_error("anonymize", "no criterion: give --k, --l or --t, or criteria in "
                                            "the plan");
    }
    if (p->o.l_kind == OUTIS_L_RECURSIVE && p->o.c == 0) {
        return cli_usage_error("anonymize", "recursive l-diversity needs --c");
    }
    if ((p->o.l_kind || p->o.t_kind) && nsens == 0) {
        return cli_usage_error("anonymize", "l-diversity and t-closeness need a sensitive column "
                                            "(--sensitive, or role \"sensitive\" in the plan)");
    }
    if (p->o.l_kind && p->o.l == 0) {
        return cli_usage_error("anonymize", "--l-kind needs --l");
    }
    return EXIT_OK;
}

int anon_plan_needs_key(const anon_plan *p, int decrypt)
{
    for (size_t i = 0; i < p->ncols; i++) {
        const int t = p->cols[i].treatment;
        if (t == TREAT_ENCRYPT ||
            (!decrypt && (t == TREAT_PSEUDONYMIZE || t == TREAT_SHIFT_DATE))) {
            return 1;
        }
    }
    return 0;
}

/* ---- the table's columns ---- */

static int unknown_column(const anon_plan *p, const anon_column *c, const char *field,
                          const outis_error *err)
{
    if (c->origin != NULL) {
        fprintf(stderr, "outis: error: %s: %s\n", c->origin, err->message);
    } else {
        fprintf(stderr, "outis: error: %s: columns.%s%s: %s\n", p->path, c->name, field,
                err->message);
    }
    return EXIT_USAGE;
}

int anon_plan_resolve(anon_plan *p, const outis_table *t, int decrypt)
{
    outis_error err;
    for (size_t i = 0; i < p->ncols; i++) {
        anon_column *c = &p->cols[i];
        if (outis_table_column_index(&c->col, t, c->name, &err) < 0) {
            c->col = SIZE_MAX;
            if (!decrypt || c->treatment == TREAT_ENCRYPT) {
                return unknown_column(p, c, "", &err);
            }
        }
        if (c->person != NULL && !decrypt &&
            outis_table_column_index(&c->person_col, t, c->person, &err) < 0) {
            return unknown_column(p, c, ".person", &err);
        }
    }
    const size_t ncols = outis_table_columns(t);
    for (size_t col = 0; col < ncols && !decrypt; col++) {
        const char *name = outis_table_column_name(t, col);
        if (find_column(p, name) == NULL) {
            anon_column *c = add_column(p, name);
            if (c == NULL) {
                return no_memory();
            }
            c->col = col;
            c->is_default = 1;
        }
    }
    return EXIT_OK;
}
