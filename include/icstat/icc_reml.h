/* icc_reml.h — intraclass correlations from every rating: units rated by
 * different raters or missing some ratings.
 *
 * Two fits of the ratings y (one per observation, with its unit and rater):
 *   - the one-way random-effects ANOVA of unbalanced data (Searle 1971,
 *     sec. 9.7; Donner 1986): MSB and MSW on n - 1 and N - n degrees of
 *     freedom and n0 = (N - sum_i n_i^2 / N) / (n - 1), the design's
 *     effective number of ratings per unit;
 *   - REML on the crossed random-effects model y = mu + unit + rater + e
 *     (Patterson & Thompson 1971), the fit psych::ICC(lmer = TRUE) takes
 *     from lme4::lmer, by profiling the REML criterion over the two
 *     relative standard deviations sd(unit)/sd(e) and sd(rater)/sd(e)
 *     (Bates et al. 2015, sec. 3.4, the same parametrisation).
 * The six forms of icc.h come from them (icstat_icc_unbalanced). */
#ifndef ICSTAT_ICC_REML_H
#define ICSTAT_ICC_REML_H

#include <stddef.h>
#include "icstat/icc.h"
#include "icstat/status.h"

/* N ratings: y[t] of unit unit[t] < n_units by rater rater[t] < n_raters.
 * m: multiplicity of each unit (NULL = 1; the bootstrap's resamples). */
typedef struct {
    const double *y;
    const size_t *unit, *rater;
    size_t N, n_units, n_raters;
    const double *m;
} icstat_icc_data;

typedef struct {
    double var_unit, var_rater, var_resid; /* REML variance components */
    double mean;                           /* the fixed intercept */
    double reml;                           /* REML criterion, -2 log L_R, as lme4 */
    /* Asymptotic covariance of the log variances (unit, rater, residual)
     * from the inverse observed information; NaN when a variance is 0. */
    double cov[3][3];
} icstat_icc_reml;

/* Fit the crossed model by REML.  ICSTAT_EDATA (with the reason) when it
 * cannot be fitted: fewer than 2 units or 2 raters, no unit rated by two
 * raters, fewer ratings than the units and raters need
 * (N <= units + raters - 1), ratings that do not vary, or an optimiser
 * that does not converge; ICSTAT_ENOMEM. */
int icstat_icc_reml_fit(const icstat_icc_data *d, icstat_icc_reml *out, icstat_error *err);

/* The six forms from all ratings: ICC(1,1) and ICC(1,k) from the
 * unbalanced one-way ANOVA (F intervals with n0 for k: Thomas & Hultquist
 * 1978; estimator "anova_unbalanced"), the two-way forms from the REML fit
 * (intervals by the delta method on the logit scale; "reml").  k of the
 * average forms is n0 (k_eff).  A form that cannot be had is NaN with a
 * note (a static string, or for the REML forms the fit's reason in
 * thread-local storage, valid until this thread's next call); only
 * ICSTAT_ENOMEM is an error. */
int icstat_icc_unbalanced(const icstat_icc_data *d, double conf, icstat_icc out[ICSTAT_ICC_FORMS],
                          double *k_eff, icstat_error *err);

#endif
