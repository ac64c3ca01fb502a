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
    if (f->mixed)
        summarise_random(f, link, s);
    /* Agreement between inspectors needs inspectors that differ: a random
     * intercept, or characteristics of their own (without a group, drawn
     * as the rows have them). */
    for (size_t t = 0; t < d->n_terms; t++)
        s->has_agreement |= d->terms[t].inspector_level;
    s->has_agreement |= f->mixed;
    if (s->has_agreement) {
        const int st = icstat_clm_agreement_compute(d, f, link, 0.0, conf, &s->agreement, err);
        if (st != ICSTAT_OK) {
            icstat_clm_summary_free(s);
            return st;
        }
    }
    *out = s;
    return ICSTAT_OK;
}
