/* clm_internal.h — what the cumulative link model files share: the
 * standardised design and the scratch space of one fit. */
#ifndef ICSTAT_CLM_INTERNAL_H
#define ICSTAT_CLM_INTERNAL_H

#include <math.h>

#include <gsl/gsl_math.h>

#include "icstat/clm.h"
#include "../numerics/link_logit.h"

typedef struct clmm_laplace clmm_laplace;

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
    double *row;             /* scratch for the largest group: CLM_MODE_SLOTS + 2 quad per row */
    double *gap;             /* k: expm1(theta_y - theta_(y-1)) of the middle categories (logit) */
    /* The modes' first-order prediction (clmm_marginal.c): each group's
     * derivative of its mode with respect to the k1 + p + 1 parameters,
     * group by group, at the point x_at of the last evaluation with a
     * gradient (valid when have_slope). */
    double *mode_slope, *x_at;
    int have_slope;
    int keep_slope;          /* a clone (clm_work_clone): mode_slope is the base's, read only */
    int threads;             /* for the differenced Hessian (0: one per processor) */
    size_t max_group;
    size_t evaluations;
    clmm_laplace *lap;       /* several grouping factors: the joint Laplace
                              * approximation (clmm_laplace.c) evaluates the mixed
                              * model in place of clmm_eval; NULL otherwise */
    int bfgs_only;           /* the mixed optimiser stops after BFGS, without the
                              * Newton steps and their Hessian (a refit whose
                              * log-likelihood alone is wanted) */
} clm_work;

/* Values per row at a group's mode in clm_work.row (clmm_marginal.c), before
 * two per quadrature node. */
#define CLM_MODE_SLOTS 9

int clm_work_init(clm_work *w, const icstat_design *d, icstat_link link, int quad);

/* A second workspace for the mixed model on the same design: the design's
 * standardised columns shared with w, and the per-evaluation arrays its
 * own, so that the two can be evaluated on different threads.  The clone
 * predicts its modes from w's slopes (read only) and keeps none of its
 * own.  Freed with clm_work_clone_free; -1 without memory. */
int clm_work_clone(clm_work *c, const clm_work *w);
void clm_work_clone_free(clm_work *c);

/* The objective's Hessian (of -loglik of the mixed model) by forward
 * differences of the exact gradient g0 at x, one evaluation per
 * parameter (w->threads at a time, each from w's state at x, so the
 * answer does not depend on the threads), symmetrised.  w's last
 * evaluation must have been at x, with the gradient.  0; -1 when the
 * objective cannot be evaluated on either side of x; -2 without memory. */
int clmm_hessian(const clm_work *w, const double *x, const double *g0, double *hess);

/* Column i of a Hessian by a forward difference of the gradient grad
 * (0, or -1 where it cannot be evaluated) at x, whose gradient is g0: the
 * gradient at x + h e_i, or x - h e_i at the edge of the domain, into
 * column i of hess (n x n); xp and gp are n of scratch.  0, or -1.  Then
 * clm_hessian_symmetrise averages the two triangles. */
int clm_hessian_column(size_t n, const double *x, const double *g0, size_t i,
                       int (*grad)(void *ctx, const double *xp, double *gp), void *ctx,
                       double *xp, double *gp, double *hess);
void clm_hessian_symmetrise(double *hess, size_t n);

/* The mixed optimiser's starting inverse Hessian hinv (npar x npar; its
 * thresholds' and coefficients' block the fixed-effects covariance) made
 * to allow for the groups, from the slopes of w's last evaluation (with
 * the gradient, at the start): see clmm_hessian.c.  Left as it was when
 * the correction is not positive definite.  0, or -1 without memory. */
int clmm_start_metric(const clm_work *w, double *hinv);

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

/* ---- the optimiser of the mixed model (clm_fit.c), shared with the fit
 * of several grouping factors (clmm_crossed.c) ---- */

/* Outcomes of the optimisers besides 0 (converged). */
enum {
    FIT_NOCONV = -1,   /* step bound reached, or the objective failed */
    FIT_SINGULAR = -2, /* the information matrix is not positive definite */
    FIT_NOMEM = -3,
    FIT_TIME = -4      /* the wall-clock bound reached */
};

/* A wall-clock bound: limit seconds from start (limit <= 0: none). */
typedef struct {
    double start, limit;
} clm_deadline;

/* BFGS on the mixed model's objective (w->npar parameters) from x and the
 * inverse Hessian hinv0, then Newton steps on a differenced Hessian; on
 * return x is the estimate, hess the objective's (-loglik) Hessian there
 * (with w->bfgs_only, BFGS alone: hess is not filled).  With one grouping
 * factor (no w->lap) hinv0 is overwritten by clmm_start_metric's.  0, FIT_NOCONV,
 * FIT_TIME or FIT_NOMEM. */
int clm_fit_mixed(clm_work *w, double *x, double *hinv0, double *hess, double *ll,
                  size_t *iters, double *gmax, double *decrement, size_t max_iter,
                  const clm_deadline *dl);

/* ---- the Laplace approximation with several grouping factors
 * (clmm_laplace.c, on the sparse matrices of clmm_sparse.c) ---- */

#define CLMM_MAX_FACTORS 8

/* The joint Laplace approximation for the design's grouping factors in
 * `mask` (bit f: factor f has a random intercept), parameters theta, beta
 * and then one log sigma per factor of mask, in factor order.  Refuses
 * (CLMM_SPARSE_TOO_BIG of clmm_sparse.h) a problem whose factor would
 * exceed max_nnz entries; *lnz and *flops are the factor's estimated size
 * and cost.  0, or a CLMM_SPARSE_ code. */
int clmm_laplace_alloc(const clm_work *w, unsigned mask, double max_nnz, clmm_laplace **out,
                       double *lnz, double *flops);
void clmm_laplace_free(clmm_laplace *l);

/* The Laplace log-likelihood at par and its exact gradient (grad may be
 * NULL).  -1 outside the domain, or out of memory (clmm_laplace_nomem
 * tells which). */
int clmm_laplace_eval(clm_work *w, const double *par, double *ll, double *grad);

/* Whether an evaluation failed for want of memory (rather than being
 * outside the domain): the optimiser only sees -1, the caller asks. */
int clmm_laplace_nomem(const clmm_laplace *l);

/* After an evaluation at par: the conditional modes of the k-th active
 * factor's levels on the latent scale and their conditional sds.  0, -1
 * when out of memory. */
int clmm_laplace_modes(clm_work *w, const double *par, size_t k, double *mode, double *sd);

/* The fit with several grouping factors (clmm_crossed.c), after the fixed
 * fit: xs_fixed holds its estimate (nf = k1 + p values) and then its
 * covariance (nf x nf), ll0 its log-likelihood.  Fills xs (nf + F, the
 * log sigmas -inf for a factor whose variance is at 0) and vs ((nf + F)^2,
 * NaN for those) on the standardised scale, and in f the log-likelihood,
 * iterations, modes per factor, refits without each factor and warnings.
 * An icstat status, the reason in err. */
typedef struct {
    clm_work *w;
    const icstat_clm_options *opt;
    const clm_deadline *dl;
    const double *xs_fixed;
    double ll0;
    icstat_error *err;
} clmm_crossed_in;

int clmm_crossed_fit(const clmm_crossed_in *in, double *xs, double *vs, icstat_clm_fit *f);

/* A sum of logs kept as a product, a power of two and a sum: the logit
 * path multiplies the rows' probabilities, one log per block of rows (or
 * per group and point) instead of one per row (the log was a fifth of a
 * mixed fit's time); the product is renormalised before it could
 * underflow (each factor is above 1e-280, about 2^-930), and rows far in
 * a tail add their logs. */
typedef struct {
    double prod, add;
    int e;
} clm_logsum;

static inline void clm_logsum_mul(clm_logsum *ls, double p)
{
    ls->prod *= p;
    if (ls->prod < 0x1p-64) {
        int e;
        ls->prod = frexp(ls->prod, &e);
        ls->e += e;
    }
}

static inline double clm_logsum_value(const clm_logsum *ls)
{
    return log(ls->prod) + ls->e * M_LN2 + ls->add;
}

/* The terms of a row in category y at latent shift m (the linear
 * predictor, plus sigma b in a mixed model), its log-probability added to
 * ls.  For the logit link from e = exp(m - theta_(y+1)) (exp(m - theta_y)
 * in the top category), which the caller gets by multiplying (w->gap must
 * hold the thresholds' gaps), through icstat_link_logit_terms_inline; for
 * the other links, and a probability far in a tail, by icstat_link_eval.
 * -1 when the probability is zero. */
static inline int clm_row_eval(const clm_work *w, int y, double e, double m, int order,
                               icstat_link_terms *t, clm_logsum *ls)
{
    if (w->link == ICSTAT_LINK_LOGIT) {
        double ea = e, ec, prob;
        if ((size_t)y == w->k1) {
            ea = 0.0;
            ec = e;
        } else {
            ec = y == 0 ? INFINITY : e + e * w->gap[y];
        }
        if (icstat_link_logit_terms_inline(ea, ec, w->gap[y], order, t, &prob) == 0) {
            clm_logsum_mul(ls, prob);
            return 0;
        }
    }
    if (icstat_link_eval(w->link, w->th[y + 1] - m, w->th[y] - m, order, t) != 0)
        return -1;
    ls->add += t->logp;
    return 0;
}

/* Load the logit path's gaps expm1(theta_y+1 - theta_y) of the middle
 * categories into w->gap, after clm_set_thresholds. */
void clm_set_gaps(clm_work *w);

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
