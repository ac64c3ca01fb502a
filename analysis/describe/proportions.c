/* proportions.c — survey figures, one a row (label,count,total or
 * label,percent,total), each with its Wilson interval. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/describe.h"
#include "icstat/proportion.h"
#include "icstat/strlist.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

void icstat_proportions_free(icstat_proportions *p)
{
    if (!p)
        return;
    icstat_strlist_free(&p->labels, &p->n);
    double *arrays[] = {p->count, p->total, p->given, p->percent, p->ci_low, p->ci_high};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        free(arrays[i]);
    free(p->line);
    free(p);
}

/* A cell of column c as a number, or an error naming line, column and value. */
static int cell_number(const icstat_table *t, long c, size_t i, double *v, icstat_error *err)
{
    const char *s = t->cols[c].text[i];
    if (!s)
        return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                "column '%s' is empty; every row needs a value",
                                t->cols[c].name);
    if (!icstat_parse_double(s, v)) {
        char ex[ICSTAT_EXCERPT_SIZE];
        return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                "column '%s' has value '%s' that is not a number%s",
                                t->cols[c].name, icstat_value_excerpt(s, ex, sizeof ex),
                                icstat_is_comma_number(s)
                                    ? " (a thousands separator or a decimal comma?); "
                                      ICSTAT_COMMA_NUMBER_FIX
                                    : "");
    }
    return ICSTAT_OK;
}

static int whole_number(const icstat_table *t, long c, size_t i, double v, double low,
                        const char *need, icstat_error *err)
{
    if (v == floor(v) && v >= low)
        return ICSTAT_OK;
    return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                            "column '%s' has value '%s'; %s", t->cols[c].name,
                            t->cols[c].text[i], need);
}

int icstat_proportions_compute(const icstat_table *t, double conf, const char *what,
                               icstat_proportions **out, icstat_error *err)
{
    *out = NULL;
    const long lc = icstat_table_find(t, "label"), tc = icstat_table_find(t, "total");
    const long cc = icstat_table_find(t, "count"), pc = icstat_table_find(t, "percent");
    if (lc < 0 || tc < 0 || (cc < 0 && pc < 0))
        return icstat_error_set(err, ICSTAT_EDATA, t->path, 1,
                                "no '%s' column in the header; %s needs columns "
                                "label,count,total or label,percent,total",
                                lc < 0 ? "label" : tc < 0 ? "total" : "count' or 'percent",
                                what ? what : "a file of figures");
    int st = icstat_table_need_rows(t, err);
    if (st != ICSTAT_OK)
        return st;
    icstat_proportions *p = calloc(1, sizeof *p);
    const size_t m = t->nrow ? t->nrow : 1;
    if (!p || !(p->labels = calloc(m, sizeof *p->labels)) ||
        !(p->count = malloc(m * sizeof *p->count)) || !(p->total = malloc(m * sizeof *p->total)) ||
        !(p->given = malloc(m * sizeof *p->given)) ||
        !(p->percent = malloc(m * sizeof *p->percent)) ||
        !(p->ci_low = malloc(m * sizeof *p->ci_low)) ||
        !(p->ci_high = malloc(m * sizeof *p->ci_high)) || !(p->line = malloc(m * sizeof *p->line))) {
        st = NOMEM();
        goto done;
    }
    p->from_percent = cc < 0;
    p->percent_ignored = cc >= 0 && pc >= 0;
    for (size_t i = 0; i < t->nrow; i++) {
        const char *label = t->cols[lc].text[i];
        double x, n;
        p->line[i] = t->line[i];
        if (!label) {
            st = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                  "column 'label' is empty; every row needs a label");
            goto done;
        }
        if (!(p->labels[i] = strdup(label))) {
            st = NOMEM();
            goto done;
        }
        p->n = i + 1;
        if ((st = cell_number(t, tc, i, &n, err)) != ICSTAT_OK ||
            (st = whole_number(t, tc, i, n, 1.0, "a total must be a whole number above 0",
                               err)) != ICSTAT_OK)
            goto done;
        p->given[i] = NAN;
        if (!p->from_percent) {
            if ((st = cell_number(t, cc, i, &x, err)) != ICSTAT_OK ||
                (st = whole_number(t, cc, i, x, 0.0, "a count must be a whole number, 0 or more",
                                   err)) != ICSTAT_OK)
                goto done;
        } else {
            if ((st = cell_number(t, pc, i, &p->given[i], err)) != ICSTAT_OK)
                goto done;
            if (!(p->given[i] >= 0.0 && p->given[i] <= 100.0)) {
                st = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                      "column 'percent' has value '%s' that is not between 0 "
                                      "and 100", t->cols[pc].text[i]);
                goto done;
            }
            /* Published percentages are rounded, so the count behind them is
             * the nearest whole number; the estimate is that count / total. */
            x = floor(p->given[i] * n / 100.0 + 0.5);
        }
        if (x > n) {
            st = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                  "count %.0f is more than the total %.0f", x, n);
            goto done;
        }
        p->count[i] = x;
        p->total[i] = n;
        double lo, hi;
        p->percent[i] = 100.0 * icstat_prop_wilson(x, n, conf, &lo, &hi);
        p->ci_low[i] = 100.0 * lo;
        p->ci_high[i] = 100.0 * hi;
    }
done:
    if (st != ICSTAT_OK) {
        icstat_proportions_free(p);
        return st;
    }
    *out = p;
    return ICSTAT_OK;
}
