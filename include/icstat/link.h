/* link.h — link functions of cumulative link models.
 *
 * A cumulative link model says P(Y <= j) = F(theta_j - eta) for a
 * distribution function F: logistic (logit), standard normal (probit) or
 * Gumbel-minimum (complementary log-log, F(x) = 1 - exp(-exp(x))).
 * The log-likelihood of one observation is log(F(a) - F(c)) with a, c the
 * upper and lower cut points minus eta; the fitting code needs it and its
 * derivatives in a and c up to the third order. */
#ifndef ICSTAT_LINK_H
#define ICSTAT_LINK_H

typedef enum { ICSTAT_LINK_LOGIT = 0, ICSTAT_LINK_PROBIT, ICSTAT_LINK_CLOGLOG } icstat_link;

int icstat_link_lookup(const char *name); /* -1 when unknown */
const char *icstat_link_name(icstat_link link);

double icstat_link_cdf(icstat_link link, double x);
/* 1 - F(x), accurate in the upper tail. */
double icstat_link_sf(icstat_link link, double x);

/* F(a) - F(c) for a >= c (a may be +inf, c -inf): the probability of the
 * category between cut points c and a, taken from the upper tail when c >
 * 0 so that small probabilities of high categories keep their digits. */
double icstat_link_prob(icstat_link link, double a, double c);

/* F^{-1}(p) for 0 < p < 1: the cut point below which a share p of the
 * latent errors lies (thresholds from cumulative category shares). */
double icstat_link_quantile(icstat_link link, double p);

/* The density f = F'. */
double icstat_link_pdf(icstat_link link, double x);

/* Variance of the latent error distribution: pi^2/3, 1, pi^2/6. */
double icstat_link_latent_variance(icstat_link link);

/* log P for one observation and its partial derivatives in a (upper cut
 * minus eta) and c (lower cut minus eta); a may be +inf (top category)
 * and c -inf (bottom category).  Third derivatives are filled only when
 * `order` is 3. */
typedef struct {
    double logp;
    double la, lc;                  /* first */
    double laa, lac, lcc;           /* second */
    double laaa, laac, lacc, lccc;  /* third */
} icstat_link_terms;

/* Returns 0, or -1 when the probability is zero or not finite (a <= c, or
 * underflow far in a tail). */
int icstat_link_eval(icstat_link link, double a, double c, int order, icstat_link_terms *t);

/* The same for the logit link from ea = exp(-a) and ec = exp(-c) (0 for
 * a = +inf, +inf for c = -inf) and, for a category with both cut points
 * finite, gap = expm1(a - c) (so that ec = ea (1 + gap)): no exp or log,
 * for loops that get the exponentials of many points by multiplying
 * (exp(-a + s) = ea exp(s)).  Fills *prob = F(a) - F(c) and the terms of
 * t up to `order` (1: la and lc only, the rest 0), but not logp (NaN; the
 * caller takes logs of products of prob).  -1 when
 * prob is not above 1e-280 or not finite (far in a tail, or ea or ec
 * overflowed): icstat_link_eval then works in log space. */
int icstat_link_logit_terms(double ea, double ec, double gap, int order, icstat_link_terms *t,
                            double *prob);

#endif
