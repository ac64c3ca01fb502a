/* contingency.h — tests on a table of counts (rows x columns). */
#ifndef ICSTAT_CONTINGENCY_H
#define ICSTAT_CONTINGENCY_H

#include <stddef.h>
#include "icstat/status.h"

typedef struct {
    double statistic;    /* Pearson's X^2; NaN when undefined */
    double df;           /* (rows used - 1)(columns used - 1) */
    double p_value;      /* upper tail of chi-square(df) */
    size_t rows_used;    /* rows and columns with a total above 0 */
    size_t cols_used;
    size_t n_cells;      /* cells in the test: rows_used x cols_used */
    size_t n_small;      /* cells whose expected count is below 5 */
    double min_expected; /* smallest expected count in the test */
} icstat_chisq;

/* Pearson's chi-square test of independence on the nr x nc counts
 * (row-major), without continuity correction, as R's
 * chisq.test(correct = FALSE).  Rows and columns whose total is 0 are
 * left out (their expected counts would be 0, and R gives NaN); the test
 * is undefined (statistic, df and p_value NaN) when fewer than two rows
 * or two columns remain.  Returns ICSTAT_OK, or ICSTAT_ENOMEM. */
int icstat_chisq_independence(const double *count, size_t nr, size_t nc, icstat_chisq *out,
                              icstat_error *err);

#endif
