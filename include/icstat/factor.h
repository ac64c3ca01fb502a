/* factor.h — a column's distinct values as sorted levels.
 *
 * Categorical model terms, grouping columns and outcomes are all coded the
 * same way: the distinct values among the rows in use, sorted (numeric
 * order when every value is a number, so "2" < "10" and "1" = "1.0";
 * byte order otherwise, as R's factor() in the C locale), each labelled
 * by the first text seen for it, trimmed of surrounding spaces.  A column
 * with its own level order (a --band, derive.h) keeps that order. */
#ifndef ICSTAT_FACTOR_H
#define ICSTAT_FACTOR_H

#include <stddef.h>
#include "icstat/status.h"
#include "icstat/table.h"

typedef struct {
    size_t n_levels;
    char **levels;   /* sorted labels */
    double *values;  /* numeric value of each level when numeric, else NULL */
    long *code;      /* per table row: level index, -1 where not used or missing */
    size_t *count;   /* rows per level */
} icstat_factor;

/* Code column `col` of a table with `nrow` rows, over rows with use[i]
 * nonzero (use NULL: every row) whose value is not missing. */
int icstat_factor_build(const icstat_column *col, size_t nrow, const unsigned char *use,
                        icstat_factor *f, icstat_error *err);
void icstat_factor_clear(icstat_factor *f);

/* Level index of a label (trimmed text, or equal number when numeric); -1. */
long icstat_factor_find(const icstat_factor *f, const char *label);

/* A copy of s without surrounding spaces and tabs; NULL when out of memory. */
char *icstat_trimmed_copy(const char *s);

#endif
