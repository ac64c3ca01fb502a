/* icc.h — intraclass correlations for n targets each scored by the same k raters.
 *
 * The six forms of Shrout & Fleiss (1979), named as McGraw & Wong (1996)
 * and R's psych::ICC: ICC(1,1) one-way random, ICC(2,1) two-way random
 * (absolute agreement), ICC(3,1) two-way mixed (consistency), and their
 * averages over k raters ICC(1,k), ICC(2,k), ICC(3,k).  Intervals are the
 * F-based ones of those papers (Satterthwaite degrees of freedom for the
 * two-way random form); p-values test ICC = 0 by the F ratio. */
#ifndef ICSTAT_ICC_H
#define ICSTAT_ICC_H

#include <stddef.h>
#include "icstat/status.h"

enum { ICSTAT_ICC_FORMS = 6 };

typedef struct {
    const char *name;    /* icc_1_1, icc_2_1, icc_3_1, icc_1_k, icc_2_k, icc_3_k */
    double estimate, f, df1, df2, p_value, ci_low, ci_high;
    const char *note;    /* why a value is NaN or an interval collapses; NULL if none */
    const char *estimator; /* "anova" (here); "anova_unbalanced" or "reml" (icc_reml.h) */
} icstat_icc;

/* y: n*k scores, row-major, no missing values.  m: multiplicity of each
 * target (NULL = 1), for the bootstrap.  Needs n >= 2 targets and k >= 2
 * raters (ICSTAT_EDATA otherwise).  Degenerate mean squares are handled
 * by their limits and said in `note` (a static string):
 *   - no variation at all: every form NaN;
 *   - no variation within targets (MSW = 0) or no residual (MSE = 0) with
 *     targets that differ: the forms built on it are 1 and their F
 *     intervals collapse to [1, 1] (F = infinity, p = 0);
 *   - a single-rater form at or below -1/(k-1), the least an ICC can be
 *     with k raters (no variation between targets): the average-rater form
 *     has no finite value and is NaN; likewise an average-rater interval
 *     limit whose single-rater limit lies there;
 *   - F = MSR/MSE = 0/0: no p-value. */
int icstat_icc_compute(const double *y, size_t n, size_t k, const double *m,
                       double conf, icstat_icc out[ICSTAT_ICC_FORMS], icstat_error *err);

#endif
