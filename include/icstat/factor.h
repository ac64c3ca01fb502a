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
#include "icstat/scale.h"
#include "icstat/status.h"
#include "icstat/table.h"

typedef struct {
    size_t n_levels;
    char **levels;   /* sorted labels */
    double *values;  /* numeric value of each level when numeric, else NULL */
    long *code;      /* per table row: level index, -1 where not used or missing */
    size_t n_rows;   /* rows in code */
    size_t *count;   /* rows per level */
    const icstat_scale *scale; /* the levels are this scale's categories
                                * (icstat_factor_scale), else NULL */
} icstat_factor;

/* Code column `col` of a table with `nrow` rows, over rows with use[i]
 * nonzero (use NULL: every row) whose value is not missing. */
int icstat_factor_build(const icstat_column *col, size_t nrow, const unsigned char *use,
                        icstat_factor *f, icstat_error *err);
void icstat_factor_clear(icstat_factor *f);

/* Level index of a label (trimmed text, or equal number when numeric, or
 * with a scale the same category of it, as a word or code); -1. */
long icstat_factor_find(const icstat_factor *f, const char *label);

/* Recode f's levels as categories of scale s, in the scale's order (never
 * alphabetical): each level must be a word or a code of s (scale.h); levels
 * that are one category ("Good", "good", "2") become one.  With all, the
 * levels are every category of s, counted or not (the caller named the
 * scale); otherwise the categories counted.  Labels are the scale's words
 * (the former word of a category whose every level was that word), values
 * their codes.  Returns 0; 1 when a level is not on the scale (*bad is
 * its index, and f is unchanged); -1 when out of memory (f unchanged). */
int icstat_factor_scale(icstat_factor *f, const icstat_scale *s, int all, size_t *bad);

/* When every level is a word of one known scale (icstat_scale_detect), put
 * the levels in its order as icstat_factor_scale(f, scale, 0) does; other
 * levels are left as they are.  0, or -1 when out of memory. */
int icstat_factor_order_known(icstat_factor *f);

/* A copy of s without surrounding spaces and tabs; NULL when out of memory. */
char *icstat_trimmed_copy(const char *s);

#endif
