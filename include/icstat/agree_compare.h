/* agree_compare.h — differences between agreement coefficients.
 *
 * Two designs, as Gwet (2016), "Testing the difference of correlated
 * agreement coefficients for statistical significance", Educational and
 * Psychological Measurement 76(4), and Stata's kappaetc, ttest:
 *  - independent: the same coefficient in two groups of different units
 *    (two levels of a unit-level column); the difference's variance is
 *    the sum of the two variances, its t degrees of freedom
 *    Welch-Satterthwaite's from the two coefficients' own (n - 1);
 *  - paired: two sets of raters who rated the same units; each unit's
 *    linearised value of the coefficient under each set (agree_se.c:
 *    their mean is the coefficient, their spread its variance) gives a
 *    per-unit difference d_i, and var = sum (d_i - D)^2 / (n (n - 1)) with
 *    D the difference of the coefficients, t on n - 1 degrees of freedom.
 * Intervals are D +/- t se, not clipped; p-values two-sided from the
 * same t.  Paired differences exist for the coefficients Gwet's
 * linearisation covers: percent agreement, Fleiss' and Conger's kappa,
 * Gwet's AC and Brennan-Prediger (with two raters a set and no missing
 * rating these are Scott's pi, Cohen's kappa and PABAK). */
#ifndef ICSTAT_AGREE_COMPARE_H
#define ICSTAT_AGREE_COMPARE_H

#include <stddef.h>

#include "icstat/agree.h"
#include "icstat/ratings.h"
#include "icstat/status.h"

typedef struct {
    const char *name;        /* the coefficient's contract name */
    icstat_coef_id id;
    double estimate;         /* group (or first set) minus reference (second set) */
    double se, ci_low, ci_high, df, p_value;
    double group_estimate, ref_estimate;
    size_t units;            /* paired: the units both sets rated; independent: both groups' */
    char note[ICSTAT_NOTE_MAX]; /* why a value is NA; "" otherwise */
} icstat_agree_diff;

/* The independent difference of one coefficient between two groups, g
 * minus ref, at interval level conf.  NA (with a note) when either has
 * no estimate or no standard error (ICC rows have none). */
void icstat_agree_diff_independent(const icstat_coef *g, const icstat_coef *ref, double conf,
                                   icstat_agree_diff *out);

/* Paired differences, set a minus set b, of every coefficient that has
 * per-unit values: a and b are ratings of the same units in the same
 * order with the same categories (icstat_ratings_subset of one file's
 * ratings), each unit rated at least once in each.  *out (n_out rows, in
 * agree's coefficient order) is the caller's to free.  Errors:
 * ICSTAT_EDATA when a and b do not match, fewer than two units, an
 * option that cannot apply (as icstat_agree_estimate); ICSTAT_ENOMEM. */
int icstat_agree_paired(const icstat_ratings *a, const icstat_ratings *b,
                        const icstat_agree_options *opt, icstat_agree_diff **out, size_t *n_out,
                        icstat_error *err);

#endif
