/* kalpha.h — Krippendorff's bootstrap distribution of alpha, as the KALPHA
 * macro draws it (Hayes & Krippendorff 2007, Communication Methods and
 * Measures 1(1) 77-89; Krippendorff, "Algorithm for bootstrapping a
 * distribution of alpha", 2006, revised 2011 and 2013).
 *
 * Not a resampling of units: the resamples are drawn from the cells of
 * the observed coincidence matrix o_ck (n.. pairable values in all).
 * Each replicate draws M pairs with replacement, cell c <= k with
 * probability o_cc / n.. on the diagonal and 2 o_ck / n.. off it, sums
 * their disagreements delta_ck and gives
 *     alpha* = 1 - sum delta / (M D_e)
 * with the expected disagreement D_e of the data held fixed.  M is the
 * number of pairs the data support, capped by a practical limit:
 *     M = min(25 Q, n.. (m - 1) / 2, half a pair rounded up),
 * Q the number of nonzero cells of o (both triangles), m the number of
 * observers (Krippendorff's revised algorithm, as the KALPHA macro and
 * Stata's kalpha use it).  Two corrections follow: alpha* below -1 is -1,
 * and a replicate whose M pairs all fell in one diagonal cell has no
 * variation, so alpha is 0 there (1 - 0/0 by definition; Krippendorff's
 * step four sets round(X sum p_cc^M) replicates to 0, the expected number
 * of them: drawing cell counts, we know which they are).  The percentile
 * interval takes KALPHA's order statistics: the floor(a/2 X)-th and the
 * (floor((1 - a/2) X) + 1)-th of the X sorted replicates (1-based, within
 * 1..X); q = P(alpha* < alpha_min) is the share of replicates below.
 *
 * Disagreement here is 1 - w for agreement weights w (1 on the diagonal):
 * alpha = 1 - D_o/D_e does not change when every delta is scaled. */
#ifndef ICSTAT_KALPHA_H
#define ICSTAT_KALPHA_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

#include "icstat/status.h"

/* Krippendorff's cap on the draws: 25 per nonzero coincidence cell. */
#define ICSTAT_KALPHA_DRAWS_PER_CELL 25

typedef struct {
    size_t cells;       /* cells that can be drawn: c <= k with o_ck > 0 */
    size_t *row, *col;  /* cells: the cell's categories, row >= col */
    double *prob;       /* cells: o_cc / n.., 2 o_ck / n.. off the diagonal */
    double *delta;      /* cells: disagreement 1 - w_ck */
    double n_pairable;  /* n.., the sum of o */
    double d_o, d_e;    /* observed and expected disagreement */
    double alpha;       /* 1 - d_o / d_e; NaN when d_e is 0 */
    size_t nonzero;     /* Q: cells of the q*q matrix o above 0 */
    size_t draws;       /* M */
} icstat_kalpha_dist;

/* The distribution the replicates are drawn from, for the q*q coincidence
 * matrix `coinc` (symmetric, row-major), agreement weights w (q*q, 1 on
 * the diagonal) and m observers.  ICSTAT_EDATA when there are no pairable
 * values (coinc sums to 0) or m < 2; ICSTAT_ENOMEM.  d is cleared first,
 * and left empty on failure. */
int icstat_kalpha_dist_init(icstat_kalpha_dist *d, const double *coinc, const double *w,
                            size_t q, size_t observers, icstat_error *err);
void icstat_kalpha_dist_clear(icstat_kalpha_dist *d);

/* Mean and variance of alpha* before the two corrections, exactly:
 * 1 - D_o/D_e and Var(delta) / (M D_e^2), Var(delta) under prob.  NaN
 * when D_e is 0. */
double icstat_kalpha_mean(const icstat_kalpha_dist *d);
double icstat_kalpha_variance(const icstat_kalpha_dist *d);

/* reps replicates of alpha*, corrected, into alpha[0..reps), sorted
 * increasing, drawn with rng (cell counts of each replicate are one
 * multinomial draw of M).  reps >= 1 and D_e > 0: else ICSTAT_EUSAGE;
 * ICSTAT_ENOMEM. */
int icstat_kalpha_draw(const icstat_kalpha_dist *d, size_t reps, gsl_rng *rng, double *alpha,
                       icstat_error *err);

/* KALPHA's percentile interval at level conf (0 < conf < 1) from the
 * sorted replicates. */
void icstat_kalpha_interval(const double *sorted, size_t reps, double conf, double *lo,
                            double *hi);

/* The share of the sorted replicates below alpha_min: Hayes and
 * Krippendorff's q, the probability of failing to reach alpha_min. */
double icstat_kalpha_below(const double *sorted, size_t reps, double alpha_min);

#endif
