/* link.c — distribution functions behind logit, probit and cloglog links,
 * and the derivatives of one observation's log-probability. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_erf.h>

#include "icstat/link.h"
#include "link_logit.h"

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

double icstat_link_quantile(icstat_link link, double p)
{
    switch (link) {
    case ICSTAT_LINK_LOGIT:
        return log(p / (1.0 - p));
    case ICSTAT_LINK_PROBIT:
        return gsl_cdf_ugaussian_Pinv(p);
    default:
        return log(-log1p(-p));
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

double icstat_link_prob(icstat_link link, double a, double c)
{
    const double d = c > 0.0 ? icstat_link_sf(link, c) - icstat_link_sf(link, a)
                             : icstat_link_cdf(link, a) - icstat_link_cdf(link, c);
    return d > 0.0 ? d : 0.0;
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

/* F, 1 - F, the density f and its first two derivatives at one point,
 * from as few transcendental calls as the link allows (this is the inner
 * loop of every fit).  At +-inf the density and its derivatives are 0. */
typedef struct {
    double cdf, sf, f, f1, f2;
} link_point;

static void link_at(icstat_link link, double x, link_point *pt)
{
    if (isinf(x)) {
        pt->cdf = x > 0 ? 1.0 : 0.0;
        pt->sf = 1.0 - pt->cdf;
        pt->f = pt->f1 = pt->f2 = 0.0;
        return;
    }
    switch (link) {
    case ICSTAT_LINK_LOGIT: {
        const double e = exp(-fabs(x)), big = 1.0 / (1.0 + e), small = e * big;
        pt->cdf = x >= 0 ? big : small;
        pt->sf = x >= 0 ? small : big;
        const double pq = big * small;
        pt->f = pq;
        pt->f1 = pq * (pt->sf - pt->cdf);
        pt->f2 = pq * (1.0 - 6.0 * pq);
        break;
    }
    case ICSTAT_LINK_PROBIT:
        pt->cdf = 0.5 * erfc(-x * M_SQRT1_2);
        pt->sf = 0.5 * erfc(x * M_SQRT1_2);
        pt->f = exp(-0.5 * x * x) * (M_2_SQRTPI * M_SQRT1_2 * 0.5);
        pt->f1 = -x * pt->f;
        pt->f2 = (x * x - 1.0) * pt->f;
        break;
    default: {
        const double e = exp(x);
        pt->sf = exp(-e);
        pt->cdf = -expm1(-e);
        pt->f = e * pt->sf;
        if (!(pt->f > 0.0) || isinf(e)) {
            pt->f = pt->f1 = pt->f2 = 0.0;
            break;
        }
        pt->f1 = pt->f * (1.0 - e);
        pt->f2 = pt->f * ((1.0 - e) * (1.0 - e) - e);
        break;
    }
    }
}

double icstat_link_pdf(icstat_link link, double x)
{
    link_point pt;
    link_at(link, x, &pt);
    return pt.f;
}

/* The same far in a tail, where F, 1 - F and f underflow: log F, log(1 - F)
 * and log f at a finite x, with f'/f and f''/f, which stay finite. */
typedef struct {
    double logcdf, logsf, logpdf, r1, r2;
} link_log_point;

static double log1pexp(double x) { return x > 0.0 ? x + log1p(exp(-x)) : log1p(exp(x)); }

/* log(1 - exp(t)) for t <= 0, accurate at both ends (Maechler 2012). */
static double log1mexp(double t)
{
    return t > -M_LN2 ? log(-expm1(t)) : log1p(-exp(t));
}

static void link_log_at(icstat_link link, double x, link_log_point *pt)
{
    switch (link) {
    case ICSTAT_LINK_LOGIT: {
        pt->logcdf = -log1pexp(-x);
        pt->logsf = -log1pexp(x);
        pt->logpdf = pt->logcdf + pt->logsf;
        const double cdf = exp(pt->logcdf), sf = exp(pt->logsf);
        pt->r1 = sf - cdf;
        pt->r2 = 1.0 - 6.0 * cdf * sf;
        break;
    }
    case ICSTAT_LINK_PROBIT:
        pt->logcdf = gsl_sf_log_erfc(-x * M_SQRT1_2) - M_LN2;
        pt->logsf = gsl_sf_log_erfc(x * M_SQRT1_2) - M_LN2;
        pt->logpdf = -0.5 * x * x - 0.5 * log(2.0 * M_PI);
        pt->r1 = -x;
        pt->r2 = x * x - 1.0;
        break;
    default: {
        /* F = 1 - exp(-e^x): log(1 - F) = -e^x exactly; log F -> x below
         * the range of exp. */
        const double e = exp(x);
        pt->logsf = -e;
        pt->logcdf = e > 1e-300 ? log(-expm1(-e)) : x;
        pt->logpdf = x - e;
        pt->r1 = 1.0 - e;
        pt->r2 = (1.0 - e) * (1.0 - e) - e;
        break;
    }
    }
}

/* icstat_link_eval in log space: d = F(a) - F(c) as log d, and the
 * derivatives through f/d = exp(log f - log d) and the ratios f'/f, f''/f. */
static int link_eval_log(icstat_link link, double a, double c, double *d_over,
                         icstat_link_terms *t)
{
    if (!(a > c))
        return -1;
    link_log_point pa = {0}, pc = {0};
    const int fa = isfinite(a), fc = isfinite(c);
    if (fa)
        link_log_at(link, a, &pa);
    if (fc)
        link_log_at(link, c, &pc);
    double logd;
    if (fc && c > 0.0) /* from the upper tail: (1 - F(c)) - (1 - F(a)) */
        logd = pc.logsf + log1mexp((fa ? pa.logsf : -INFINITY) - pc.logsf);
    else
        logd = (fa ? pa.logcdf : 0.0) +
               log1mexp((fc ? pc.logcdf : -INFINITY) - (fa ? pa.logcdf : 0.0));
    if (!isfinite(logd))
        return -1;
    t->logp = logd;
    t->la = fa ? exp(pa.logpdf - logd) : 0.0;
    t->lc = fc ? -exp(pc.logpdf - logd) : 0.0;
    /* f'/d and f''/d at a and c (0 where f/d is 0, whatever the ratio). */
    d_over[0] = t->la != 0.0 ? t->la * pa.r1 : 0.0;
    d_over[1] = t->lc != 0.0 ? -t->lc * pc.r1 : 0.0;
    d_over[2] = t->la != 0.0 ? t->la * pa.r2 : 0.0;
    d_over[3] = t->lc != 0.0 ? -t->lc * pc.r2 : 0.0;
    return 0;
}

int icstat_link_eval(icstat_link link, double a, double c, int order, icstat_link_terms *t)
{
    link_point pa, pc;
    link_at(link, a, &pa);
    link_at(link, c, &pc);
    /* F(a) - F(c) without cancellation: from the upper tail when the
     * interval lies high. */
    const double d = c > 0.0 ? pc.sf - pa.sf : pa.cdf - pc.cdf;
    /* f'(a)/d, f'(c)/d, f''(a)/d and f''(c)/d */
    double va, vc, fa2d, fc2d;
    if (d > 1e-280 && isfinite(d)) {
        t->logp = log(d);
        t->la = pa.f / d;
        t->lc = -pc.f / d;
        va = pa.f1 / d;
        vc = pc.f1 / d;
        fa2d = pa.f2 / d;
        fc2d = pc.f2 / d;
    } else {
        /* Far in a tail (d near or below the smallest double): the same
         * quantities in log space, so that the log-likelihood stays finite
         * and exact instead of failing at log 0. */
        double over[4];
        if (link_eval_log(link, a, c, over, t) != 0)
            return -1;
        va = over[0];
        vc = over[1];
        fa2d = over[2];
        fc2d = over[3];
    }
    icstat_link_terms_from_ratios(t, va, vc, fa2d, fc2d, order);
    return 0;
}

int icstat_link_logit_terms(double ea, double ec, double gap, int order, icstat_link_terms *t,
                            double *prob)
{
    return icstat_link_logit_terms_inline(ea, ec, gap, order, t, prob);
}
