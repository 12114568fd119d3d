/* risk_report.h - rendering a risk result as text for people or JSON for programs. */
#ifndef OUTIS_RISK_REPORT_H
#define OUTIS_RISK_REPORT_H

#include "outis.h"

#include <stdio.h>

typedef struct risk_policy {
    const char *expression;
    size_t violated; /* conditions that hold */
    char first[160]; /* the first of them */
} risk_policy;

typedef struct risk_input {
    const char *file;
    const outis_table *table;
    const outis_risk *risk;
    const size_t *qi;
    size_t nqi;
    const risk_policy *policy; /* NULL without --fail-if */
} risk_input;

/* The ground distances of t-closeness by enum outis_t_closeness (0: the column's natural
 * one, so never printed). */
extern const char *const risk_t_names[4];

/* Both return 0, or -1 when memory ran out. */
int risk_print_text(FILE *f, const risk_input *in);
int risk_print_json(FILE *f, const risk_input *in);

#endif
