/* agree_range.h — the range of Cohen's kappa when only the number of
 * agreements is known.
 *
 * A source that publishes "the two inspectors agreed on 22 of 24 schools"
 * for a two-category decision gives the percent agreement but not the
 * 2 x 2 table, so Cohen's kappa is not determined: it depends on how the
 * decisions were split between the categories.  What is determined is the
 * smallest and the largest kappa over every 2 x 2 table of `units` units
 * with `agreed` of them on the diagonal.  Both are found exactly: the
 * chance agreement pe of such a table, as a function of its cells, is a
 * convex quadratic in the first diagonal cell and a concave one in the
 * first off-diagonal cell (agree_range.c says why), so the tables that
 * reach the extremes are among a handful of candidates, which are compared
 * in exact integer arithmetic.  tests/unit/test_agree_range.c checks them
 * against a plain enumeration of every table. */
#ifndef ICSTAT_AGREE_RANGE_H
#define ICSTAT_AGREE_RANGE_H

#include <stddef.h>

#include "icstat/status.h"

/* The largest number of units accepted (the products of the cells stay
 * exact in 64-bit integers). */
#define ICSTAT_KAPPA_RANGE_MAX_UNITS 1000000000UL

/* One 2 x 2 table and its kappa.  n11: both raters chose the first
 * category; n12: the first rater the first, the second rater the second;
 * n21 the reverse; n22: both the second.  pa = (n11 + n22) / units,
 * pe = (r1 c1 + r2 c2) / units^2 with r the first rater's totals and c the
 * second's; kappa = (pa - pe) / (1 - pe). */
typedef struct {
    size_t n11, n12, n21, n22;
    double pa, pe, kappa;
} icstat_kappa_table;

/* The tables of the smallest (*lo) and largest (*hi) Cohen's kappa over
 * every 2 x 2 table of `units` units with `agreed` on the diagonal; among
 * tables with the same kappa, the first in the order n12 ascending, then
 * n11 ascending.  A table whose pe is 1 (every rating in one category)
 * has no kappa and is left out.  ICSTAT_EUSAGE when agreed > units, units
 * is 0 or above ICSTAT_KAPPA_RANGE_MAX_UNITS; ICSTAT_EDATA when no table
 * has a kappa (1 of 1 units agreeing). */
int icstat_kappa_range(size_t agreed, size_t units, icstat_kappa_table *lo,
                       icstat_kappa_table *hi, icstat_error *err);

#endif
