/* clm_summary.c — a fitted cumulative link model as a report states it:
 * Wald tests and intervals of the coefficients and thresholds, the random
 * intercept's sd and variance with intervals from the log-sd scale, the
 * information criteria, what the random effect means (clm_derived.c) and
 * the agreement between inspectors (clm_agreement.c).
 * One home for these numbers, so that every table of a report (and every
 * format) shows the same ones. */
#include <math.h>
#include <stdlib.h>

#include "icstat/clm.h"
#include "icstat/wald.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

void icstat_clm_summary_free(icstat_clm_summary *s)
{
    if (!s)
        return;
    free(s->coef);
    free(s->threshold);
    free(s->f_sd);
    free(s->f_var);
    free(s->f_latent_icc);
    free(s->f_median_odds_ratio);
    free(s->f_lr_stat);
    free(s->f_lr_p_value);
    free(s);
}

/* Wald z, p and interval est -+ z se; no test or interval without a
 * positive se (a parameter at a boundary, or a singular covariance). */
static icstat_clm_estimate wald(double est, double se, double z)
{
    icstat_clm_estimate e = {est, se, est / se, icstat_wald_p(est, se), est - z * se,
                             est + z * se};
    if (!(se > 0.0))
        e.z = e.p_value = e.ci_low = e.ci_high = NAN;
    return e;
}

/* A value with an interval and nothing else (no se, no test). */
static icstat_clm_estimate interval(double est, double low, double high)
{
    return (icstat_clm_estimate){est, NAN, NAN, NAN, low, high};
}

/* sigma, its variance and what they mean.  log sigma is the fitted
 * parameter and the scale on which its likelihood is nearly quadratic, so
 * the interval is taken there and mapped back (never below 0); the
 * quantities below are monotone in sigma, so their intervals are the
 * images of sigma's. */
static void summarise_random(const icstat_clm_fit *f, icstat_link link, icstat_clm_summary *s)
{
    const size_t it = f->npar - 1;
    const double tau = f->par[it], set = icstat_clm_se(f, it), z = s->z_crit;
    const double sigma = exp(tau), se = sigma * set;
    const double lo = exp(tau - z * set), hi = exp(tau + z * set);
    const int logit = link == ICSTAT_LINK_LOGIT;
    s->sd = (icstat_clm_estimate){sigma, se, NAN, NAN, lo, hi};
    s->var = (icstat_clm_estimate){sigma * sigma, 2.0 * sigma * se, NAN, NAN, lo * lo, hi * hi};
    s->latent_icc = interval(icstat_clm_latent_icc(sigma, link), icstat_clm_latent_icc(lo, link),
                             icstat_clm_latent_icc(hi, link));
    s->median_odds_ratio = interval(logit ? icstat_clm_median_odds_ratio(sigma) : NAN,
                                    logit ? icstat_clm_median_odds_ratio(lo) : NAN,
                                    logit ? icstat_clm_median_odds_ratio(hi) : NAN);
    icstat_clm_lr_test(f->loglik, f->loglik_fixed, &s->lr_stat, &s->lr_p_value);
}

/* latent_icc of factor g among several, with a delta-method interval on
 * the logit scale: icc_g = s_g^2 / T, T = sum_h s_h^2 + V, whose gradient
 * in tau_h = log s_h is 2 icc_g (1[h = g] - s_h^2 / T). */
static icstat_clm_estimate factor_icc(const icstat_clm_fit *f, icstat_link link, size_t g,
                                      double z)
{
    const size_t nf = f->npar - f->n_sigma, F = f->n_sigma;
    double T = icstat_link_latent_variance(link), sg2 = 0.0;
    for (size_t h = 0; h < F; h++) {
        const double s2 = exp(2.0 * f->par[nf + h]);
        T += s2;
        if (h == g)
            sg2 = s2;
    }
    const double icc = sg2 / T;
    double var = 0.0;
    for (size_t h = 0; h < F; h++)
        for (size_t k = 0; k < F; k++) {
            const double sh = exp(2.0 * f->par[nf + h]), sk = exp(2.0 * f->par[nf + k]);
            const double gh = 2.0 * icc * ((h == g) - sh / T);
            const double gk = 2.0 * icc * ((k == g) - sk / T);
            const double c = f->vcov[(nf + h) * f->npar + nf + k];
            if (gh != 0.0 && gk != 0.0)
                var += gh * gk * c; /* a factor at 0 has gradient 0 (and NaN covariance) */
        }
    const double se = sqrt(var) / (icc * (1.0 - icc)), l = log(icc / (1.0 - icc));
    if (!(icc > 0.0) || !(se > 0.0))
        return interval(icc, NAN, NAN);
    return interval(icc, 1.0 / (1.0 + exp(-(l - z * se))), 1.0 / (1.0 + exp(-(l + z * se))));
}

/* Per factor of several: sd, var, latent_icc, median odds ratio, and the
 * likelihood-ratio test against the refit without it.  -1 without memory. */
static int summarise_factors(const icstat_clm_fit *f, icstat_link link, icstat_clm_summary *s)
{
    const size_t F = f->n_sigma, nf = f->npar - F;
    const int logit = link == ICSTAT_LINK_LOGIT;
    s->n_factors = F;
    s->f_sd = malloc(F * sizeof *s->f_sd);
    s->f_var = malloc(F * sizeof *s->f_var);
    s->f_latent_icc = malloc(F * sizeof *s->f_latent_icc);
    s->f_median_odds_ratio = malloc(F * sizeof *s->f_median_odds_ratio);
    s->f_lr_stat = malloc(F * sizeof *s->f_lr_stat);
    s->f_lr_p_value = malloc(F * sizeof *s->f_lr_p_value);
    if (!s->f_sd || !s->f_var || !s->f_latent_icc || !s->f_median_odds_ratio || !s->f_lr_stat ||
        !s->f_lr_p_value)
        return -1;
    const double z = s->z_crit;
    for (size_t g = 0; g < F; g++) {
        const double tau = f->par[nf + g], set = icstat_clm_se(f, nf + g);
        const double sigma = exp(tau), se = sigma * set;
        const double lo = exp(tau - z * set), hi = exp(tau + z * set);
        s->f_sd[g] = (icstat_clm_estimate){sigma, se, NAN, NAN, lo, hi};
        s->f_var[g] = (icstat_clm_estimate){sigma * sigma, 2.0 * sigma * se, NAN, NAN, lo * lo,
                                            hi * hi};
        s->f_latent_icc[g] = factor_icc(f, link, g, z);
        s->f_median_odds_ratio[g] = interval(logit ? icstat_clm_median_odds_ratio(sigma) : NAN,
                                             logit ? icstat_clm_median_odds_ratio(lo) : NAN,
                                             logit ? icstat_clm_median_odds_ratio(hi) : NAN);
        icstat_clm_lr_test(f->loglik, f->loglik_without[g], &s->f_lr_stat[g],
                           &s->f_lr_p_value[g]);
    }
    s->sd = s->f_sd[0];
    s->var = s->f_var[0];
    s->latent_icc = s->f_latent_icc[0];
    s->median_odds_ratio = s->f_median_odds_ratio[0];
    s->lr_stat = s->f_lr_stat[0];
    s->lr_p_value = s->f_lr_p_value[0];
    return 0;
}

/* Whether agreement between inspectors can be stated, and the school
 * effect's sd it is conditional on.  Inspectors must differ: a random
 * intercept, or characteristics of their own (without a group, drawn as
 * the rows have them).  With two grouping factors the first is the
 * inspector's and the second the school's, whose sd the implied agreement
 * holds fixed (two inspections of the same school); with more there is no
 * one school effect, and no rows.  An interaction of an inspector
 * characteristic with a school's term makes the inspector's part of the
 * latent value depend on the school, which the integration over
 * inspectors (clm_agreement.c) does not allow: no rows either. */
static int agreement_applies(const icstat_design *d, const icstat_clm_fit *f,
                             double *sigma_school)
{
    int any = f->mixed;
    for (size_t t = 0; t < d->n_terms; t++) {
        const icstat_term *tm = &d->terms[t];
        any |= tm->inspector_level;
        size_t il = 0;
        for (size_t i = 0; i < tm->n_parts; i++)
            il += d->terms[tm->parts[i]].inspector_level != 0;
        if (il > 0 && il < tm->n_parts)
            return 0;
    }
    if (f->mixed && f->n_sigma > 2)
        return 0;
    if (f->mixed && f->n_sigma == 2)
        *sigma_school = exp(f->par[f->k1 + f->p + 1]);
    return any;
}

int icstat_clm_summary_compute(const icstat_design *d, const icstat_clm_fit *f,
                               icstat_link link, double conf, icstat_clm_summary **out,
                               icstat_error *err)
{
    *out = NULL;
    icstat_clm_summary *s = calloc(1, sizeof *s);
    if (!s)
        return NOMEM();
    s->coef = malloc((f->p ? f->p : 1) * sizeof *s->coef);
    s->threshold = malloc((f->k1 ? f->k1 : 1) * sizeof *s->threshold);
    if (!s->coef || !s->threshold) {
        icstat_clm_summary_free(s);
        return NOMEM();
    }
    s->conf = conf;
    s->z_crit = icstat_z_critical(conf);
    s->p = f->p;
    s->k1 = f->k1;
    s->mixed = f->mixed;
    for (size_t j = 0; j < f->p; j++)
        s->coef[j] = wald(f->par[f->k1 + j], icstat_clm_se(f, f->k1 + j), s->z_crit);
    for (size_t j = 0; j < f->k1; j++)
        s->threshold[j] = wald(f->par[j], icstat_clm_se(f, j), s->z_crit);

    const double k = (double)f->npar, n = (double)d->n;
    s->n = d->n;
    s->npar = f->npar;
    s->loglik = f->loglik;
    s->aic = -2.0 * f->loglik + 2.0 * k;
    s->bic = -2.0 * f->loglik + log(n) * k;

    const icstat_clm_estimate none = interval(NAN, NAN, NAN);
    s->sd = s->var = s->latent_icc = s->median_odds_ratio = none;
    s->lr_stat = s->lr_p_value = NAN;
    for (size_t q = 0; q < ICSTAT_CLM_AGREEMENT_N; q++)
        s->agreement.est[q] = none;
    if (f->mixed && f->n_sigma > 1) {
        if (summarise_factors(f, link, s) != 0) {
            icstat_clm_summary_free(s);
            return NOMEM();
        }
    } else if (f->mixed) {
        summarise_random(f, link, s);
    }
    double sigma_school = 0.0;
    s->has_agreement = agreement_applies(d, f, &sigma_school);
    if (s->has_agreement) {
        const int st = icstat_clm_agreement_compute(d, f, link, sigma_school, conf,
                                                    &s->agreement, err);
        if (st != ICSTAT_OK) {
            icstat_clm_summary_free(s);
            return st;
        }
    }
    *out = s;
    return ICSTAT_OK;
}
