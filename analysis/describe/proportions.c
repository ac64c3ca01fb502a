/* proportions.c — survey figures, one a row (label,count,total or
 * label,percent,total), each with its Wilson interval; published figures
 * as printed ("91%", "1,400", "1,400+", or no base at all). */
#include <ctype.h>
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
    for (size_t i = 0; i < p->n; i++) {
        free(p->groups ? p->groups[i] : NULL);
        free(p->derived ? p->derived[i] : NULL);
    }
    free(p->groups);
    free(p->derived);
    icstat_strlist_free(&p->labels, &p->n);
    double *arrays[] = {p->count, p->total, p->given, p->percent, p->ci_low, p->ci_high};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        free(arrays[i]);
    free(p->base);
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

const char *icstat_base_kind_name(icstat_base_kind kind)
{
    switch (kind) {
    case ICSTAT_BASE_EXACT:
        break;
    case ICSTAT_BASE_AT_LEAST:
        return "at_least";
    case ICSTAT_BASE_NONE:
        return "not_published";
    }
    return "exact";
}

/* s as a published base: digits, or digits in groups of three after a
 * first group of one to three, separated by commas ("1,400"), then an
 * optional '+' ("1,400+", at least that), blanks either side.  1 and *v,
 * *plus set, or 0. */
static int parse_base(const char *s, double *v, int *plus)
{
    while (*s == ' ')
        s++;
    double x = 0.0;
    size_t digits = 0, group = 0;
    int commas = 0;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s)) {
            x = 10.0 * x + (*s - '0');
            digits++;
            group++;
        } else if (*s == ',' && group > 0 && (commas ? group == 3 : group <= 3)) {
            commas = 1;
            group = 0;
        } else {
            break;
        }
    }
    if (digits == 0 || digits > 15 || (commas && group != 3))
        return 0;
    *plus = *s == '+';
    s += *plus;
    while (*s == ' ')
        s++;
    *v = x;
    return *s == '\0';
}

/* Column 'total' of row i as a published base into *n (NaN when empty,
 * which only a percent may have), its kind into *kind; or an error naming
 * line, column and value. */
static int cell_base(const icstat_table *t, long c, size_t i, int from_percent, double *n,
                     icstat_base_kind *kind, icstat_error *err)
{
    const char *s = t->cols[c].text[i];
    int plus = 0;
    *kind = ICSTAT_BASE_EXACT;
    if (!s && from_percent) {
        *n = NAN;
        *kind = ICSTAT_BASE_NONE;
        return ICSTAT_OK;
    }
    if (!s)
        return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                "column 'total' is empty; a count needs its total (only a "
                                "percent may be given without one)");
    if (!parse_base(s, n, &plus)) {
        if (icstat_parse_double(s, n))
            return ICSTAT_OK; /* "1400.5", "-3": whole_number says what is wrong */
        char ex[ICSTAT_EXCERPT_SIZE];
        return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                "column 'total' has value '%s' that is not a base: write a "
                                "whole number (1400 or 1,400), or 1,400+ for at least 1,400",
                                icstat_value_excerpt(s, ex, sizeof ex));
    }
    if (plus)
        *kind = ICSTAT_BASE_AT_LEAST;
    return ICSTAT_OK;
}

/* Column 'percent' of row i as a number, with or without a '%' sign
 * ("91%", "91 %"). */
static int cell_percent(const icstat_table *t, long c, size_t i, double *v, icstat_error *err)
{
    const char *s = t->cols[c].text[i];
    const size_t len = s ? strlen(s) : 0;
    if (len < 2 || s[len - 1] != '%')
        return cell_number(t, c, i, v, err);
    char buf[64];
    size_t n = len - 1;
    while (n > 0 && s[n - 1] == ' ')
        n--;
    if (n == 0 || n >= sizeof buf)
        return cell_number(t, c, i, v, err);
    memcpy(buf, s, n);
    buf[n] = '\0';
    return icstat_parse_double(buf, v) ? ICSTAT_OK : cell_number(t, c, i, v, err);
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
    return icstat_proportions_read(t, conf, what, NULL, NULL, out, err);
}

/* Row i's label and (with gc >= 0) group into p, each checked: not
 * empty, a label once per group. */
static int row_names(const icstat_table *t, long lc, long gc, size_t i, icstat_proportions *p,
                     icstat_error *err)
{
    const char *label = t->cols[lc].text[i], *group = gc >= 0 ? t->cols[gc].text[i] : NULL;
    if (!label || (gc >= 0 && !group))
        return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                "column '%s' is empty; every row needs a %s",
                                t->cols[label ? gc : lc].name, label ? "group" : "label");
    /* (without groups a label may repeat, as it always could) */
    for (size_t j = 0; gc >= 0 && j < i; j++)
        if (strcmp(p->labels[j], label) == 0 && strcmp(p->groups[j], group) == 0)
            return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                    "figure '%s' of group '%s' is given twice (line %ld)",
                                    label, group, t->line[j]);
    if (!(p->labels[i] = strdup(label)) || (gc >= 0 && !(p->groups[i] = strdup(group))))
        return NOMEM();
    return ICSTAT_OK;
}

int icstat_proportions_read(const icstat_table *t, double conf, const char *what,
                            const char *label_col, const char *group_col,
                            icstat_proportions **out, icstat_error *err)
{
    *out = NULL;
    const char *lname = label_col ? label_col : "label";
    const long lc = icstat_table_find(t, lname), tc = icstat_table_find(t, "total");
    const long cc = icstat_table_find(t, "count"), pc = icstat_table_find(t, "percent");
    const long gc = group_col ? icstat_table_find(t, group_col) : -1;
    if (lc < 0 || tc < 0 || (cc < 0 && pc < 0) || (group_col && gc < 0))
        return icstat_error_set(err, ICSTAT_EDATA, t->path, 1,
                                "no '%s' column in the header; %s needs columns "
                                "%s,count,total or %s,percent,total%s%s",
                                lc < 0 ? lname : tc < 0 ? "total" : cc < 0 && pc < 0
                                    ? "count' or 'percent" : group_col,
                                what ? what : "a file of figures", lname, lname,
                                group_col ? " and " : "", group_col ? group_col : "");
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
        !(p->ci_high = malloc(m * sizeof *p->ci_high)) || !(p->line = malloc(m * sizeof *p->line)) ||
        !(p->base = calloc(m, sizeof *p->base)) ||
        !(p->derived = calloc(m, sizeof *p->derived)) ||
        (gc >= 0 && !(p->groups = calloc(m, sizeof *p->groups)))) {
        st = NOMEM();
        goto done;
    }
    p->from_percent = cc < 0;
    p->percent_ignored = cc >= 0 && pc >= 0;
    for (size_t i = 0; i < t->nrow; i++) {
        double x, n;
        p->line[i] = t->line[i];
        p->n = i + 1;
        if ((st = row_names(t, lc, gc, i, p, err)) != ICSTAT_OK)
            goto done;
        if ((st = cell_base(t, tc, i, p->from_percent, &n, &p->base[i], err)) != ICSTAT_OK ||
            (p->base[i] != ICSTAT_BASE_NONE &&
             (st = whole_number(t, tc, i, n, 1.0, "a total must be a whole number above 0",
                                err)) != ICSTAT_OK))
            goto done;
        p->given[i] = NAN;
        if (!p->from_percent) {
            if ((st = cell_number(t, cc, i, &x, err)) != ICSTAT_OK ||
                (st = whole_number(t, cc, i, x, 0.0, "a count must be a whole number, 0 or more",
                                   err)) != ICSTAT_OK)
                goto done;
        } else {
            if ((st = cell_percent(t, pc, i, &p->given[i], err)) != ICSTAT_OK)
                goto done;
            if (!(p->given[i] >= 0.0 && p->given[i] <= 100.0)) {
                st = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                      "column 'percent' has value '%s' that is not between 0 "
                                      "and 100", t->cols[pc].text[i]);
                goto done;
            }
            if (p->base[i] == ICSTAT_BASE_NONE) {
                /* No base: the figure as published, and nothing to
                 * make an interval from. */
                p->count[i] = p->total[i] = NAN;
                p->percent[i] = p->given[i];
                p->ci_low[i] = p->ci_high[i] = NAN;
                continue;
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
