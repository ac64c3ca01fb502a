/* design_column.c — the checks of a table column that the phases of
 * icstat_design_build share (design_internal.h): found by name, not all
 * missing, numbers written as numbers.  In a file of their own so that
 * design.c, design_outcome.c and design_lag.c all call down to them. */
#include <stdio.h>
#include <string.h>

#include "icstat/design.h"
#include "icstat/table.h"
#include "icstat/text.h"
#include "design_internal.h"

long design_column(const design_ctx *c, const char *name, const char *what)
{
    const long col = icstat_table_find(c->t, name);
    if (col < 0)
        icstat_error_set(c->err, ICSTAT_EDATA, c->t->path, 1, "no %s column '%s' in the header",
                         what, name);
    return col;
}

/* Used where a column is mostly numbers, since a stray "1,234" would
 * otherwise turn a covariate into hundreds of levels. */
int design_not_numeric(const design_ctx *c, const icstat_column *col, const char *hint)
{
    const icstat_table *t = c->t;
    double v;
    char ex[ICSTAT_EXCERPT_SIZE];
    for (size_t i = 0; i < t->nrow; i++)
        if (col->text[i] && !icstat_parse_double(col->text[i], &v))
            return icstat_error_set(c->err, ICSTAT_EDATA, t->path, t->line[i],
                                    "column '%s' has value '%s' that is not a number%s",
                                    col->name, icstat_value_excerpt(col->text[i], ex, sizeof ex),
                                    hint);
    return ICSTAT_OK;
}

/* Such a column must not quietly become categories (or, as an outcome,
 * text). */
int design_comma_number(const design_ctx *c, const icstat_column *col, const char *or_else)
{
    const icstat_table *t = c->t;
    char ex[ICSTAT_EXCERPT_SIZE];
    for (size_t i = 0; i < t->nrow; i++)
        if (col->text[i] && icstat_is_comma_number(col->text[i]))
            return icstat_error_set(c->err, ICSTAT_EDATA, t->path, t->line[i],
                                    "column '%s' has value '%s' that is not a number (a "
                                    "thousands separator or a decimal comma?); "
                                    ICSTAT_COMMA_NUMBER_FIX "%s",
                                    col->name, icstat_value_excerpt(col->text[i], ex, sizeof ex),
                                    or_else);
    return ICSTAT_OK;
}

int design_all_missing(const design_ctx *c, long col, const char *role)
{
    const icstat_table *t = c->t;
    if (t->cols[col].n_missing < t->nrow)
        return ICSTAT_OK;
    char n[48];
    snprintf(n, sizeof n, t->nrow == 1 ? "the one row" : "all %zu rows", t->nrow);
    return icstat_error_set(c->err, ICSTAT_EDATA, t->path, 1,
                            "column '%s' (%s) has no value: it is empty (or NA, N/A, .) in %s",
                            t->cols[col].name, role, n);
}

int design_mostly_numeric(const icstat_table *t, const icstat_column *col)
{
    size_t num = 0, all = 0;
    double v;
    for (size_t i = 0; i < t->nrow; i++)
        if (col->text[i]) {
            all++;
            num += (size_t)icstat_parse_double(col->text[i], &v);
        }
    return all > 0 && 2 * num > all;
}
