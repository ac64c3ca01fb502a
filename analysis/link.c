/* link.c — distribution functions behind logit, probit and cloglog links,
 * and the derivatives of one observation's log-probability. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>

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

int icstat_link_eval(icstat_link link, double a, double c, int order, icstat_link_terms *t)
{
    link_point pa, pc;
    link_at(link, a, &pa);
    link_at(link, c, &pc);
    /* F(a) - F(c) without cancellation: from the upper tail when the
     * interval lies high. */
    const double d = c > 0.0 ? pc.sf - pa.sf : pa.cdf - pc.cdf;
    if (!(d > 0.0) || !isfinite(d))
        return -1;
    const double fa = pa.f, fa1 = pa.f1, fa2 = pa.f2, fc = pc.f, fc1 = pc.f1, fc2 = pc.f2;
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
