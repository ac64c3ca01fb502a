/* clm_internal.h — what the cumulative link model files share: the
 * standardised design and the scratch space of one fit. */
#ifndef ICSTAT_CLM_INTERNAL_H
#define ICSTAT_CLM_INTERNAL_H

#include "icstat/clm.h"

/* The optimiser works on centred and scaled design columns, so that
 * thresholds, coefficients and log sigma have comparable curvature;
 * clm_fit.c maps estimates and covariance back to the user's scale. */
/* The standardised design is never stored dense: an indicator column of a
 * factor with L levels is zero in all but n/L rows, and a dense n x p copy
 * made every evaluation cost n p^2 (minutes for a factor with thousands of
 * levels).  Row i holds the values v_ij in cval[rowp[i] .. rowp[i+1]) at
 * columns ccol[...]: every numeric column, centred and scaled, and the
 * indicator columns that are 1, scaled but not centred; the standardised
 * value is v_ij - shift[j] (shift 0 for numeric columns, centre/scale for
 * indicators), so sums over rows are taken of v and corrected once. */
typedef struct {
    const icstat_design *d;
    icstat_link link;
    size_t n, p, k1, npar;
    size_t *rowp;            /* n + 1 offsets into ccol and cval */
    size_t *ccol;
    double *cval;
    double *shift;           /* p */
    double *acc, *blk;       /* running sums and the current block's (acc_len) */
    size_t acc_len;
    double *center, *scale;  /* p */
    int quad;                /* points per group (mixed) */
    double node[ICSTAT_CLM_MAX_QUAD];
    double omega[ICSTAT_CLM_MAX_QUAD]; /* Gauss-Hermite weight times exp(node^2) */
    double *eta;             /* n: x'beta */
    double *th;              /* k + 1 cut points, -inf and +inf at the ends */
    double *bmode;           /* per group: mode of the standardised effect b = u / sigma */
    double *hess;            /* per group: -h''(mode) */
    double *row;             /* scratch for the largest group */
    size_t max_group;
    size_t evaluations;
} clm_work;

int clm_work_init(clm_work *w, const icstat_design *d, icstat_link link, int quad);

/* eta_i = x_i'beta on the standardised scale, for every row. */
void clm_work_eta(const clm_work *w, const double *beta, double *eta);

/* Sums over millions of rows are taken in blocks of rows: each block's sum
 * is added to the running total, so rounding grows with the block size
 * plus the number of blocks rather than with n (Higham 2002, sec. 4.2).
 * clm_block_flush adds blk[0 .. len) into acc and clears blk. */
#define CLM_BLOCK_ROWS 4096
void clm_block_flush(clm_work *w, size_t len);
void clm_work_free(clm_work *w);

/* Load thresholds into w->th; -1 unless strictly increasing and finite. */
int clm_set_thresholds(clm_work *w, const double *par);

/* Fixed-effects log-likelihood at par (k1 + p values, standardised
 * scale), its gradient and (when hess is not NULL) its Hessian, npar x npar
 * row-major.  -1 when a probability is zero (outside the domain). */
int clm_fixed_eval(clm_work *w, const double *par, double *ll, double *grad, double *hess);

/* Approximate marginal log-likelihood of the mixed model at par
 * (k1 + p + 1 values; the last is log sigma) and its gradient (may be NULL).
 * Updates the per-group modes and curvatures.  -1 outside the domain. */
int clmm_eval(clm_work *w, const double *par, double *ll, double *grad);

/* Gauss-Hermite nodes u and weights wt (n of them) for E g(u) with
 * u ~ N(0, sigma^2): the non-adaptive rule the derived quantities use. */
int clm_normal_rule(double sigma, size_t n, double *u, double *wt);

/* What the tests of terms share (clm_test.c): a table of n tests, every
 * number NaN (-1 without memory); a test's note, replacing any before (-1
 * without memory); the statistic 2 (ll_large - ll_small) and its p-value
 * on t->df degrees of freedom, or NaN with a note when the smaller model
 * came out clearly better (-1 without memory). */
int clm_tests_alloc(size_t n, icstat_clm_tests **out);
int clm_test_note(icstat_clm_test *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int clm_test_set(icstat_clm_test *t, double ll_large, double ll_small);

#endif
