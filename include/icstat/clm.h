/* clm.h — cumulative link models, with or without a random intercept.
 *
 * The parameterisation is R's ordinal::clm/clmm:
 *     P(Y <= j | x, u_g) = F(theta_j - x'beta - u_g),   u_g ~ N(0, sigma^2),
 * so a positive coefficient moves towards the higher-numbered categories.
 * Without a group the log-likelihood is maximised by Newton's method with
 * the analytic Hessian.  With a group, each group's integral over u_g is
 * approximated by adaptive Gauss-Hermite quadrature around the group's
 * conditional mode (one point is the Laplace approximation); the
 * approximate marginal log-likelihood and its exact gradient (including
 * the movement of the modes and curvatures with the parameters) are
 * maximised over (theta, beta, log sigma) by BFGS and finished by Newton
 * steps on a Hessian from differences of the gradient, which also gives
 * the standard errors.  One evaluation touches each row a fixed number of
 * times, so the cost is linear in the data. */
#ifndef ICSTAT_CLM_H
#define ICSTAT_CLM_H

#include <stddef.h>
#include "icstat/design.h"
#include "icstat/link.h"
#include "icstat/status.h"

#define ICSTAT_CLM_MAX_QUAD 25

typedef struct {
    icstat_link link;
    int quad;          /* quadrature points per group: 1 = Laplace, up to 25 */
    size_t max_iter;   /* optimiser iterations (0: default 500) */
    double max_seconds; /* wall-clock bound on the optimiser (0: default
                         * ICSTAT_CLM_MAX_SECONDS; negative: none).  Reaching it is
                         * an error, never a different answer. */
    const char *time_option; /* how the caller's user sets max_seconds ("--max-seconds"),
                              * named in the error when the bound stops a fit; NULL:
                              * no such setting, none named */
    int threads;       /* threads for the mixed model's differenced Hessian (0: one per
                        * processor; callers that fit on several threads already
                        * pass 1).  The answer does not depend on it. */
} icstat_clm_options;

#define ICSTAT_CLM_MAX_SECONDS 3600.0

typedef struct {
    int mixed;          /* a random intercept was fitted */
    size_t k1, p;       /* thresholds (k - 1) and coefficients */
    size_t npar;        /* k1 + p (+ 1 for log sigma when mixed) */
    double *par;        /* theta_1..theta_k1, beta_1..beta_p, log sigma */
    double *vcov;       /* npar x npar covariance of par (NaN when singular) */
    double loglik;
    double loglik_fixed; /* mixed: the same model without the random intercept */
    size_t iterations;
    int converged;
    double max_gradient; /* largest |d loglik / d par| at the end */
    size_t n_groups;
    double *mode;       /* per group: conditional mode of u_g */
    double *mode_sd;    /* per group: conditional sd of u_g (from the curvature) */
    /* Several grouping factors (design gfactors): par ends with one log sigma
     * per factor, in the design's order (-inf for one estimated at 0), the
     * likelihood is the joint Laplace approximation, and per factor: */
    size_t n_sigma;     /* log sigma parameters at the end of par (0, 1, or n_factors) */
    size_t n_factors;   /* grouping factors with a random intercept */
    size_t *factor_levels; /* n_factors > 1: levels of each */
    double **factor_mode, **factor_mode_sd; /* n_factors > 1: as mode, mode_sd ([0] = them) */
    double *loglik_without; /* n_factors > 1: refitted without each factor (Laplace) */
    size_t refit_iterations; /* n_factors > 1: the refits' optimiser steps, together */
    size_t n_warnings;
    char **warnings;    /* fitted, but the reader must know (boundary, ...) */
} icstat_clm_fit;

/* Fit the model to d, with the random intercept when `mixed` (d must have
 * groups; with several grouping factors, one random intercept each, by the
 * joint Laplace approximation: opt->quad must then be 1, ICSTAT_EUSAGE
 * otherwise, and a problem whose sparse factor would be far beyond linear
 * memory is refused with ICSTAT_EDATA).  Convergence is judged by the Newton decrement g'H^-1 g (the
 * squared distance to the optimum in standard errors), which does not
 * grow with n as the gradient's rounding does.  Errors (ICSTAT_EDATA): no
 * convergence (steps and decrement given), the time bound reached,
 * separation (a coefficient running off to infinity, named), collinear
 * terms (named), a variance not identified (every group of one row);
 * ICSTAT_ENOMEM: out of memory. */
int icstat_clm_fit_model(const icstat_design *d, const icstat_clm_options *opt, int mixed,
                         icstat_clm_fit **out, icstat_error *err);
void icstat_clm_fit_free(icstat_clm_fit *f);

/* sqrt of the variance of parameter i (NaN when unavailable). */
double icstat_clm_se(const icstat_clm_fit *f, size_t i);

/* P(Y = j), j = 0..k-1, for linear predictor eta (x'beta + u) under the
 * fitted thresholds. */
void icstat_clm_probs(const icstat_clm_fit *f, icstat_link link, double eta, double *prob);

/* ---- Quantities derived from a fit (clm_derived.c, clm_margins.c) ---- */

/* Latent-scale intraclass correlation sigma^2 / (sigma^2 + latent variance). */
double icstat_clm_latent_icc(double sigma, icstat_link link);

/* Median odds ratio exp(sqrt(2) sigma z_0.75) (Larsen & Merlo 2005): the
 * median, over pairs of groups, of the odds ratio between the harsher and
 * the more lenient of two. Meaningful for the logit link. */
double icstat_clm_median_odds_ratio(double sigma);

/* Likelihood-ratio test of sigma = 0: statistic 2 (ll1 - ll0) and the
 * p-value from the 50:50 mixture of chi-square(0) and chi-square(1), since
 * sigma = 0 lies on the boundary (Self & Liang 1987). */
void icstat_clm_lr_test(double ll_mixed, double ll_fixed, double *stat, double *p_value);

/* Per group: rank of its conditional mode, 1 for the largest (towards the
 * highest category); ties keep group order.  rank has n_groups entries. */
int icstat_clm_effect_ranks(const icstat_clm_fit *f, size_t *rank);

/* The same for grouping factor `factor` of a fit with several
 * (factor_levels[factor] entries; factor 0 is icstat_clm_effect_ranks).
 * -1 without memory or for a factor the fit does not have. */
int icstat_clm_factor_ranks(const icstat_clm_fit *f, size_t factor, size_t *rank);

/* Average predicted probabilities of each category with every row set to
 * each level of categorical term `term`, integrating the random effect
 * over N(0, sigma^2): prob[l * k + j], with delta-method intervals at level
 * `conf` computed on the logit scale (so they stay inside 0..1).  Setting
 * a row to a level sets it in every term that involves it: a main effect
 * inside an interaction moves the interaction's columns too (which follow
 * the row's own levels of the other parts).  For an interaction of
 * categorical terms the levels are every combination of its parts' levels
 * (the first part varying fastest), labelled "female:Primary", each row
 * set to the combination in every term involving any of the parts.
 * ICSTAT_EDATA when the term is numeric or an interaction with a numeric
 * part; ICSTAT_ENOMEM. */
typedef struct {
    size_t n_levels, k;
    char **labels;                 /* n_levels: "female", or "female:Primary" */
    double *prob, *se, *ci_low, *ci_high;
    /* The same for each category and every one after it, P(Y >= j)
     * ("Requires improvement or worse"), at [l * k + j]: its own delta-
     * method se from the summed gradients and a logit-scale interval (for
     * j = 0, 1 with se 0 and no interval, NaN). */
    double *tail, *tail_se, *tail_low, *tail_high;
} icstat_clm_margins;

int icstat_clm_margins_compute(const icstat_design *d, const icstat_clm_fit *f,
                               icstat_link link, size_t term, double conf,
                               icstat_clm_margins **out, icstat_error *err);
void icstat_clm_margins_free(icstat_clm_margins *m);

/* An estimate, its standard error, the Wald z and two-sided p-value of the
 * test that it is 0, and its interval; NaN where one does not apply. */
typedef struct {
    double estimate, se, z, p_value, ci_low, ci_high;
} icstat_clm_estimate;

/* ---- Agreement between inspectors implied by a fit (clm_agreement.c) ----
 *
 * An inspection's latent value is L + w and its grade c when
 * theta_{c-1} < L + w <= theta_c, with L = s + r + e the school's part (s:
 * x'beta over the terms that are not inspector characteristics, r: the
 * school's random effect with sd sigma_school, e: the latent residual,
 * distributed as the link's F) and w = v + u the inspector's (v: the
 * inspector characteristics' part of x'beta, drawn from its distribution
 * over the groups, or over the rows without a group; u ~ N(0, sigma^2)).
 * Terms are inspector characteristics when their icstat_term's
 * inspector_level is set (design.h).  Averaged over the rows of d:
 * - inspector_agreement: E_L sum_c P_w(c | L)^2, two inspectors drawn
 *   independently grading the same inspection (L held fixed); exactly 1
 *   without inspector terms and with sigma 0;
 * - implied_agreement: E_r sum_c P(c | s + r)^2, P(c | .) integrating e
 *   and w: two independent inspections of the same school;
 * - the kappas (A - Pe) / (1 - Pe), Pe = sum_c Pbar_c^2 with Pbar the
 *   average predicted grade shares (Scott's pi / Fleiss' kappa of two
 *   exchangeable inspectors in the population). */
enum {
    ICSTAT_CLM_INSPECTOR_AGREEMENT,
    ICSTAT_CLM_INSPECTOR_KAPPA,
    ICSTAT_CLM_IMPLIED_AGREEMENT,
    ICSTAT_CLM_IMPLIED_KAPPA,
    ICSTAT_CLM_AGREEMENT_N
};

/* The four at parameters par (f->npar values, as f->par) and school sd
 * sigma_school (0: no school effect), into out[ICSTAT_CLM_...].
 * ICSTAT_ENOMEM; ICSTAT_EDATA when interpolating over the linear
 * predictor fails (values too close together for the grid). */
int icstat_clm_agreement_at(const icstat_design *d, const icstat_clm_fit *f,
                            const double *par, icstat_link link, double sigma_school,
                            double out[ICSTAT_CLM_AGREEMENT_N], icstat_error *err);

/* implied agreement and kappa at f's estimate without a school effect. */
int icstat_clm_implied_agreement(const icstat_design *d, const icstat_clm_fit *f,
                                 icstat_link link, double *agreement, double *kappa,
                                 icstat_error *err);

/* The four at f's estimate with delta-method standard errors (a central-
 * difference gradient over the parameters with finite variance, and
 * f->vcov) and intervals at level conf on the logit scale, so that they
 * stay inside 0..1 (the kappas are at least 0: inspector agreement >=
 * implied agreement >= chance, by Jensen's inequality), the implied
 * kappa's on the square-root scale (a variance, quadratic near 0); z and
 * p NaN.
 * boundary: sigma is at its boundary 0, so its uncertainty is left out of
 * the intervals; inspector_fixed: no inspector terms and sigma 0, so the
 * inspector agreement and kappa are 1 with no interval (NaN).  Errors as
 * icstat_clm_agreement_at. */
typedef struct {
    icstat_clm_estimate est[ICSTAT_CLM_AGREEMENT_N];
    int boundary, inspector_fixed;
} icstat_clm_agreement;

int icstat_clm_agreement_compute(const icstat_design *d, const icstat_clm_fit *f,
                                 icstat_link link, double sigma_school, double conf,
                                 icstat_clm_agreement *out, icstat_error *err);

/* ---- A fit summarised for a report (clm_summary.c) ---- */

/* Everything a report of a fit states, at one interval level `conf`:
 * - coef[j] (p, the design's columns) and threshold[j] (k1): Wald z, p
 *   and estimate -+ z_crit se; z, p and the interval NaN unless se > 0 (a
 *   test of a threshold being 0 means little: a report may leave it out);
 * - mixed only (else NaN): sd and var of the random intercept, se by the
 *   delta method, intervals mapped from log sigma's Wald interval (so they
 *   stay positive; z and p NaN); latent_icc and median_odds_ratio (logit
 *   link only, else NaN) with intervals carried over from sigma's, both
 *   being monotone in sigma; the likelihood-ratio test of sigma = 0
 *   (icstat_clm_lr_test);
 * - with a group or an inspector term (has_agreement): the inspector and
 *   implied agreement and kappa (icstat_clm_agreement_compute, no school
 *   effect);
 * - loglik, aic = -2 loglik + 2 npar, bic = -2 loglik + log(n) npar. */
typedef struct {
    double conf, z_crit; /* the level and its critical value z_(1+conf)/2 */
    size_t p, k1;
    icstat_clm_estimate *coef, *threshold;
    int mixed;
    icstat_clm_estimate sd, var, latent_icc, median_odds_ratio;
    double lr_stat, lr_p_value;
    int has_agreement;
    icstat_clm_agreement agreement;
    double loglik, aic, bic;
    size_t n, npar;
    /* Several grouping factors (n_factors > 1), per factor in the design's
     * order: sd and var as above; latent_icc sigma_g^2 / (sum of all sigma^2
     * + latent variance), its interval by the delta method on the logit
     * scale from the covariance of the log sigmas; median_odds_ratio from
     * sigma_g alone; the likelihood-ratio test against the model refitted
     * without that factor.  The fields above then hold factor 0's, and
     * implied_agreement and implied_kappa are NaN (not defined yet for
     * two factors). */
    size_t n_factors;
    icstat_clm_estimate *f_sd, *f_var, *f_latent_icc, *f_median_odds_ratio;
    double *f_lr_stat, *f_lr_p_value;
} icstat_clm_summary;

/* Summarise fit f of design d under `link` at level conf (0 < conf < 1).
 * ICSTAT_ENOMEM, or the errors of icstat_clm_agreement_compute. */
int icstat_clm_summary_compute(const icstat_design *d, const icstat_clm_fit *f,
                               icstat_link link, double conf, icstat_clm_summary **out,
                               icstat_error *err);
void icstat_clm_summary_free(icstat_clm_summary *s);
/* ---- Likelihood-ratio tests of terms (clm_test.c, clm_nominal.c) ---- */

/* One test: statistic 2 (ll_larger - ll_smaller) against chi-square(df).
 * When a fit fails (it does not converge, it has no finite maximum, the
 * thresholds of the larger model cross at some row of the data) the
 * statistic, p_value and loglik are NaN and `note` says why; `note` may
 * also carry what the reader must know of a fit that succeeded (its
 * warnings).  A statistic below 0 by rounding (within 1e-6 of the
 * log-likelihoods' size) is 0; below that, NaN with a note. */
typedef struct {
    size_t term;      /* index of the term in the design's terms */
    size_t df;
    double statistic;
    double p_value;
    double loglik;    /* the other model's log-likelihood */
    char *note;       /* NULL, or one line */
} icstat_clm_test;

typedef struct {
    size_t n;
    icstat_clm_test *test;
} icstat_clm_tests;

void icstat_clm_tests_free(icstat_clm_tests *t);

/* For each term[i] of d, the likelihood-ratio test of the model f (fitted
 * to d with opt, mixed as f is) against the same model without the term
 * (icstat_design_drop): the same rows, link, group and quadrature, so that
 * with a random intercept both log-likelihoods are the same approximation.
 * df is the term's number of columns.  A refit that fails is a test with
 * NaN and its reason in the note; ICSTAT_ENOMEM; ICSTAT_EUSAGE for a term
 * index out of range.  The caller checks marginality
 * (icstat_design_term_container). */
int icstat_clm_drop_tests(const icstat_design *d, const icstat_clm_fit *f,
                          const icstat_clm_options *opt, const size_t *term, size_t n_terms,
                          icstat_clm_tests **out, icstat_error *err);

/* For each term of d, the test of proportional odds (ordinal's
 * nominal_test): the cumulative link model without random effects against
 * the partial proportional odds model in which that term's columns have a
 * separate coefficient at each cut point,
 *     P(Y <= j | x, z) = F(theta_j + z'gamma_j - x'beta),
 * df = columns * (k - 2).  Both are fitted here by Newton's method (a
 * mixed model's random intercept is left out: its test is of the model
 * without it).  With two categories there is nothing to test: every test
 * is NaN with a note.  Fits that fail, and a fit whose cut points cross
 * at some row of the data (so that some category would have a negative
 * probability: ordinal checks this at each level of a categorical term),
 * are NaN with the reason in the note.  opt gives the link and the time
 * bound.  ICSTAT_ENOMEM. */
int icstat_clm_nominal_tests(const icstat_design *d, const icstat_clm_options *opt,
                             icstat_clm_tests **out, icstat_error *err);
#endif
