/* agree.h — chance-corrected agreement among raters.
 *
 * Coefficients, their standard errors and t-based intervals follow Gwet,
 * Handbook of Inter-Rater Reliability (4th ed., 2014), as implemented in
 * irrCAC: missing ratings allowed, variance conditional on the raters
 * (or, with se_method unconditional, plus the variance due to sampling
 * the raters: a jackknife over raters, Gwet 2014 sec. 5.4, as Stata's
 * kappaetc se(unconditional)), no finite-population correction.  Two-rater coefficients (Cohen's kappa,
 * Scott's pi, PABAK) use the units both raters rated, with the large-sample
 * variances of Fleiss, Cohen & Everitt (1969) and Gwet (2014, ch. 2).
 * Intervals are estimate +/- t(1-a/2, n-1) se clipped to [-1, 1]; p-values
 * are two-sided from the same t (unconditional: t on Satterthwaite's
 * degrees of freedom, which df holds).  Undefined values are NaN with a reason.
 * Degenerate data: chance agreement 1 (every rating in one category)
 * leaves the kappas undefined, while Gwet's AC and Brennan-Prediger
 * (PABAK) are 1 on any scale of two or more categories and are reported
 * as 1 even when only one category is known (irrCAC reports 1 too); a
 * standard error of 0 gives a point interval with a note. */
#ifndef ICSTAT_AGREE_H
#define ICSTAT_AGREE_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

#include "icstat/agree_coef.h"
#include "icstat/kalpha.h"
#include "icstat/ratings.h"
#include "icstat/status.h"
#include "icstat/weights.h"

/* Rating scales, not ids: more distinct ratings than this is an error. */
#define ICSTAT_AGREE_MAX_CATEGORIES 1000

/* Krippendorff's own metrics (Krippendorff 2011). */
typedef enum {
    ICSTAT_METRIC_NONE = -1,
    ICSTAT_METRIC_NOMINAL = 0,
    ICSTAT_METRIC_ORDINAL,
    ICSTAT_METRIC_INTERVAL,
    ICSTAT_METRIC_RATIO
} icstat_alpha_metric;

const char *icstat_alpha_metric_name(icstat_alpha_metric m);
int icstat_alpha_metric_lookup(const char *name); /* -1 when unknown */

/* Which variance the standard errors estimate (Gwet 2014, ch. 5):
 * conditional on the raters who rated (the default; irrCAC's), or
 * unconditional, adding the variance due to sampling the raters from a
 * pool (agree_se_raters.c). */
typedef enum {
    ICSTAT_SE_CONDITIONAL = 0,
    ICSTAT_SE_UNCONDITIONAL
} icstat_se_method;

const char *icstat_se_method_name(icstat_se_method m);
int icstat_se_method_lookup(const char *name); /* -1 when unknown */

typedef struct {
    icstat_weights_kind weights;
    icstat_alpha_metric alpha_metric;
    int icc;        /* add the six ICC forms */
    double conf;    /* interval level, 0 < conf < 1 */
    const icstat_agree_names *names; /* what messages and notes call the
                                      * weights, metric, ICC and categories
                                      * (ratings.h); NULL: plain words */
    /* The caller's own weights, q*q row-major in the ratings' category
     * order (symmetric, 1 on the diagonal, in [0, 1]: the caller checks),
     * used instead of the family `weights`; results call them
     * `weights_label` ("custom" when NULL).  NULL: the family's. */
    const double *weights_matrix;
    const char *weights_label;
    /* ICSTAT_SE_UNCONDITIONAL: standard errors, intervals and p-values of
     * the agreement coefficients include rater sampling (three or more
     * raters; the ICC keeps its F intervals).  Not with the bootstrap. */
    icstat_se_method se_method;
} icstat_agree_options;

#define ICSTAT_NOTE_MAX 320

typedef struct {
    const char *name;        /* contract name: "fleiss_kappa", "icc_2_1", ... */
    icstat_coef_id id;       /* the same as an id (agree_coef.h) */
    double estimate, se, ci_low, ci_high, p_value;
    double pa, pe;           /* observed and chance agreement; NaN for ICC */
    double df;               /* t degrees of freedom (F numerator for ICC) */
    size_t units, raters;    /* units and raters the coefficient used */
    const char *weights;     /* weights family or metric; NULL for ICC */
    const char *ci_method;   /* "t", "F", "logit_wald", "bootstrap_percentile" or
                              * "bootstrap_kalpha" */
    const char *estimator;   /* ICC: "anova", "anova_unbalanced" or "reml"; NULL otherwise */
    double alpha_min;        /* icstat_agree_kalpha's minimum alpha and */
    double p_below_min;      /* ... q = P(alpha* < alpha_min); NaN otherwise */
    const char *se_method;   /* "conditional" or "unconditional"; NULL for ICC */
    char note[ICSTAT_NOTE_MAX]; /* why a value is NA; "" otherwise */
} icstat_coef;

typedef struct {
    icstat_coef *coef;
    size_t n_coef;
    size_t units;         /* units with at least one rating */
    size_t units_single;  /* ... of which rated once: skipped for multi-rater agreement */
    size_t units_empty;   /* units nobody rated (dropped before anything) */
    size_t raters, categories;
    size_t pairs;         /* two raters: units rated by both */
    size_t icc_dropped;   /* units dropped from ICC for a missing rating */
    size_t boot_reps;     /* bootstrap replicates behind the intervals, 0 = none */
    size_t kalpha_reps;   /* Krippendorff's bootstrap: replicates, 0 = none, */
    size_t kalpha_draws;  /* ... pairs drawn in each (M) */
    double kalpha_pairable; /* ... from this many pairable values (n..) */
    char notes[12][512];  /* caveats a reader should see beside the table */
    size_t n_notes;
} icstat_agree_result;

/* Every coefficient that applies to `r`, in the order of DESIGN.md.
 * Errors: ICSTAT_EDATA when weights cannot be formed, ICC or an ordered
 * metric is asked of unordered ratings, the ratings are too many or too
 * far from 1 for the computation, or opt->conf is not in (0, 1);
 * ICSTAT_EUSAGE when weights other than identity are asked of unordered
 * ratings (the user must give the order); ICSTAT_ENOMEM. */
int icstat_agree_estimate(const icstat_ratings *r, const icstat_agree_options *opt,
                          icstat_agree_result **out, icstat_error *err);

/* Called after each bootstrap replicate; may be NULL. */
typedef void (*icstat_progress_fn)(size_t done, size_t total, void *ctx);

/* Replace the intervals in `res` by percentile intervals from `reps`
 * resamples of the units (with replacement) drawn with `rng`.  Estimates,
 * standard errors and p-values keep their analytic values.  reps < 2 is
 * an ICSTAT_EDATA error, and so is opt->se_method unconditional (units
 * resampled alone leave out the raters' sampling). */
int icstat_agree_bootstrap(const icstat_ratings *r, const icstat_agree_options *opt,
                           icstat_agree_result *res, size_t reps, gsl_rng *rng,
                           icstat_progress_fn progress, void *ctx, icstat_error *err);

/* Krippendorff's alpha rows of `res` (krippendorff_alpha under the
 * weights asked for, and under --alpha-metric's metric) get intervals
 * from Krippendorff's bootstrap of the coincidences (kalpha.h: Hayes &
 * Krippendorff 2007), `reps` replicates drawn with `rng`, ci_method
 * "bootstrap_kalpha"; with alpha_min not NaN, also alpha_min and q =
 * P(alpha* < alpha_min).  Estimates, se and p_value are unchanged; a row
 * whose alpha is undefined keeps NA.  ICSTAT_EDATA when no unit has two
 * ratings (nothing to pair); ICSTAT_EUSAGE for reps < 2 or alpha_min
 * outside (-1, 1]; ICSTAT_ENOMEM. */
int icstat_agree_kalpha(const icstat_ratings *r, const icstat_agree_options *opt,
                        icstat_agree_result *res, size_t reps, double alpha_min, gsl_rng *rng,
                        icstat_error *err);

/* The distribution Krippendorff's bootstrap draws from for coefficient id
 * (ICSTAT_COEF_KRIPP or ICSTAT_COEF_KRIPP_METRIC under opt), as kalpha.h
 * says; d is the caller's, cleared with icstat_kalpha_dist_clear.  Errors
 * as icstat_kalpha_dist_init's, and ICSTAT_EUSAGE for another id. */
int icstat_agree_kalpha_dist(const icstat_ratings *r, const icstat_agree_options *opt,
                             icstat_coef_id id, icstat_kalpha_dist *d, icstat_error *err);

void icstat_agree_result_free(icstat_agree_result *res);

/* Two raters: counts of (first rater's category, second rater's category)
 * over the n units both rated, row-major q*q, their shares of n (NaN when
 * n is 0), the margins, and specific agreement per category,
 * 2 n_kk / (n_k+ + n_+k) (NaN when neither rater used k).  Ratings of
 * other than two raters are an ICSTAT_EDATA error. */
typedef struct {
    size_t q, n;
    double *count;     /* q*q */
    double *share;     /* q*q: count / n */
    double *row_total; /* q: n_k+, the first rater's uses of k */
    double *col_total; /* q: n_+k, the second rater's */
    double *specific;  /* q */
} icstat_agree_table;

int icstat_agree_table_compute(const icstat_ratings *r, icstat_agree_table **out,
                               icstat_error *err);
void icstat_agree_table_free(icstat_agree_table *t);

#endif
