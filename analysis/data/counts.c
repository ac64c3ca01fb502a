/* counts.c — a table of counts per unit and category (irrCAC's *.dist
 * input, statsmodels' aggregate_raters output) expanded into a wide table
 * of ratings with the same counts, so that every coefficient that is a
 * function of the counts is computed by the one implementation the raw
 * ratings use.  Which rater gave which rating is not in such a table: the
 * expansion puts them in category order, which only coefficients of the
 * counts may be computed from (the caller omits the others). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "icstat/label_matrix.h"

/* More ratings of one unit than any panel of raters has. */
#define COUNTS_MAX_PER_UNIT 100000.0
/* Cells of the expanded table. */
#define COUNTS_MAX_CELLS 200000000.0

typedef struct {
    const icstat_table *t;
    long unit;        /* the unit column */
    size_t m;         /* rater columns: the largest row total */
    const long *cat;  /* the category columns, in file order */
    size_t ncat;
} counts_fields;

/* Field col of row (0 the header): the unit, then the row's ratings in
 * category order, then missing. */
static const char *counts_field(void *ctx, size_t row, size_t col, char *buf, size_t len)
{
    const counts_fields *x = ctx;
    const icstat_table *t = x->t;
    if (row == 0) {
        if (col == 0)
            return t->cols[x->unit].name;
        snprintf(buf, len, "rater_%zu", col);
        return buf;
    }
    const size_t i = row - 1;
    if (col == 0)
        return t->cols[x->unit].text[i] ? t->cols[x->unit].text[i] : "";
    double seen = 0.0;
    for (size_t k = 0; k < x->ncat; k++) {
        const icstat_column *c = &t->cols[x->cat[k]];
        seen += c->num[i];
        if ((double)col <= seen)
            return c->name;
    }
    return "";
}

/* Every count a whole number, 0 or more, in a column of numbers; the
 * largest row total in *m. */
static int counts_check(const counts_fields *x, size_t *m, icstat_error *err)
{
    const icstat_table *t = x->t;
    double most = 0.0;
    for (size_t k = 0; k < x->ncat; k++) {
        const icstat_column *c = &t->cols[x->cat[k]];
        if (icstat_is_missing_token(c->name))
            return icstat_error_set(err, ICSTAT_EDATA, t->path, 1,
                                    "category column '%s' reads as a missing value; name "
                                    "the category otherwise", c->name);
    }
    for (size_t i = 0; i < t->nrow; i++) {
        double total = 0.0;
        for (size_t k = 0; k < x->ncat; k++) {
            const icstat_column *c = &t->cols[x->cat[k]];
            const double v = c->num ? c->num[i] : NAN;
            if (!c->text[i])
                return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                        "column '%s' is empty: every cell holds how many "
                                        "raters chose that category (0 for none)", c->name);
            if (!(v >= 0.0) || v != floor(v) || v > COUNTS_MAX_PER_UNIT) {
                char ex[ICSTAT_EXCERPT_SIZE];
                return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                        "column '%s' has '%s': a count of raters must be a "
                                        "whole number from 0 to %.0f", c->name,
                                        icstat_value_excerpt(c->text[i], ex, sizeof ex),
                                        COUNTS_MAX_PER_UNIT);
            }
            total += v;
        }
        most = fmax(most, total);
    }
    if (most < 2.0)
        return icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                                "no unit has two ratings or more: agreement needs units rated "
                                "at least twice");
    if (most * (double)t->nrow > COUNTS_MAX_CELLS)
        return icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                                "%zu units with up to %.0f ratings each are too many to "
                                "expand", t->nrow, most);
    *m = (size_t)most;
    return ICSTAT_OK;
}

int icstat_counts_expand(const icstat_table *t, const char *unit, icstat_table **out,
                         icstat_error *err)
{
    *out = NULL;
    counts_fields x = {.t = t, .unit = unit ? icstat_table_find(t, unit) : 0};
    if (x.unit < 0)
        return icstat_error_set(err, ICSTAT_EDATA, t->path, 1,
                                "no unit column '%s' in the header", unit);
    int st = icstat_table_need_rows(t, err);
    if (st != ICSTAT_OK)
        return st;
    if (t->ncol < 2)
        return icstat_error_set(err, ICSTAT_EDATA, t->path, 1,
                                "counts need the unit column and one column per category");
    long *cat = malloc(t->ncol * sizeof *cat);
    if (!cat)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    for (size_t j = 0; j < t->ncol; j++)
        if ((long)j != x.unit)
            cat[x.ncat++] = (long)j;
    x.cat = cat;
    st = counts_check(&x, &x.m, err);
    if (st == ICSTAT_OK)
        st = icstat_table_from_fields(t->path, x.m + 1, t->nrow, counts_field, &x, out, err);
    for (size_t i = 0; st == ICSTAT_OK && i < t->nrow; i++)
        (*out)->line[i] = t->line[i];
    free(cat);
    return st;
}
