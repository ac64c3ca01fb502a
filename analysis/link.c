/* link.c — distribution functions behind logit, probit and cloglog links,
 * and the derivatives of one observation's log-probability. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>

#include "icstat/link.h"

static const char *const link_names[] = {"logit", "probit", "cloglog"};

int icstat_link_lookup(const char *name)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(name, link_names[i]) == 0)
            return i;
    return -1;
}

const char *icstat_link_name(icstat_link link) { return link_names[link]; }

static double logistic(double x) { return x >= 0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x)); }

double icstat_link_cdf(icstat_link link, double x)
{
    switch (link) {
    case ICSTAT_LINK_LOGIT:
        return logistic(x);
    case ICSTAT_LINK_PROBIT:
        return gsl_cdf_ugaussian_P(x);
    default:
        return -expm1(-exp(x));
    }
}

double icstat_link_sf(icstat_link link, double x)
{
    switch (link) {
    case ICSTAT_LINK_LOGIT:
        return logistic(-x);
    case ICSTAT_LINK_PROBIT:
        return gsl_cdf_ugaussian_Q(x);
    default:
        return exp(-exp(x));
    }
}

double icstat_link_latent_variance(icstat_link link)
{
    switch (link) {
    case ICSTAT_LINK_LOGIT:
        return M_PI * M_PI / 3.0;
    case ICSTAT_LINK_PROBIT:
        return 1.0;
    default:
        return M_PI * M_PI / 6.0;
    }
}

/* The density f and its first two derivatives at x; zero at +-inf. */
static void link_density(icstat_link link, double x, double *f, double *f1, double *f2)
{
    if (isinf(x)) {
        *f = *f1 = *f2 = 0.0;
        return;
    }
    switch (link) {
    case ICSTAT_LINK_LOGIT: {
        const double p = logistic(x), q = logistic(-x);
        *f = p * q;
        *f1 = *f * (q - p);
        *f2 = *f * (1.0 - 6.0 * p * q);
        break;
    }
    case ICSTAT_LINK_PROBIT:
        *f = gsl_ran_ugaussian_pdf(x);
        *f1 = -x * *f;
        *f2 = (x * x - 1.0) * *f;
        break;
    default: {
        const double e = exp(x);
        *f = isinf(e) ? 0.0 : exp(x - e);
        *f1 = *f * (1.0 - e);
        *f2 = *f * ((1.0 - e) * (1.0 - e) - e);
        if (*f == 0.0)
            *f1 = *f2 = 0.0;
        break;
    }
    }
}

/* F(a) - F(c) without cancellation: from the lower tail when the interval
 * lies low, from the upper tail when it lies high. */
static double link_interval(icstat_link link, double a, double c)
{
    if (c > 0.0)
        return icstat_link_sf(link, c) - icstat_link_sf(link, a);
    return icstat_link_cdf(link, a) - icstat_link_cdf(link, c);
}

int icstat_link_eval(icstat_link link, double a, double c, int order, icstat_link_terms *t)
{
    const double d = link_interval(link, a, c);
    if (!(d > 0.0) || !isfinite(d))
        return -1;
    double fa, fa1, fa2, fc, fc1, fc2;
    link_density(link, a, &fa, &fa1, &fa2);
    link_density(link, c, &fc, &fc1, &fc2);
    t->logp = log(d);
    t->la = fa / d;
    t->lc = -fc / d;
    const double va = fa1 / d, vc = fc1 / d;
    t->laa = va - t->la * t->la;
    t->lcc = -vc - t->lc * t->lc;
    t->lac = -t->la * t->lc;
    if (order >= 3) {
        t->laaa = fa2 / d - va * t->la - 2.0 * t->la * t->laa;
        t->lccc = -fc2 / d + vc * t->lc - 2.0 * t->lc * t->lcc;
        t->laac = -va * t->lc - 2.0 * t->la * t->lac;
        t->lacc = vc * t->la - 2.0 * t->lc * t->lac;
    } else {
        t->laaa = t->laac = t->lacc = t->lccc = 0.0;
    }
    return 0;
}
