/* clm_derived.c — what a fitted model says in words: the latent ICC, the
 * median odds ratio, the test of the random effect and the ranks of
 * inspector effects (the agreement between inspectors is clm_agreement.c's). */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_math.h>

#include "clm_internal.h"

double icstat_clm_latent_icc(double sigma, icstat_link link)
{
    const double v = sigma * sigma;
    return v / (v + icstat_link_latent_variance(link));
}

double icstat_clm_median_odds_ratio(double sigma)
{
    return exp(M_SQRT2 * sigma * gsl_cdf_ugaussian_Pinv(0.75));
}

void icstat_clm_lr_test(double ll_mixed, double ll_fixed, double *stat, double *p_value)
{
    double lr = 2.0 * (ll_mixed - ll_fixed);
    if (lr < 0.0)
        lr = 0.0; /* the mixed model contains the fixed one: rounding */
    *stat = lr;
    *p_value = lr > 0.0 ? 0.5 * gsl_cdf_chisq_Q(lr, 1.0) : 1.0;
}

int clm_normal_rule(double sigma, size_t n, double *u, double *wt)
{
    gsl_integration_fixed_workspace *gh =
        gsl_integration_fixed_alloc(gsl_integration_fixed_hermite, n, 0.0, 1.0, 0.0, 0.0);
    if (!gh)
        return -1;
    const double *x = gsl_integration_fixed_nodes(gh), *w = gsl_integration_fixed_weights(gh);
    for (size_t k = 0; k < n; k++) {
        u[k] = M_SQRT2 * sigma * x[k];
        wt[k] = w[k] / sqrt(M_PI);
    }
    gsl_integration_fixed_free(gh);
    return 0;
}

typedef struct {
    double effect;
    size_t group;
} effect_key;

static int cmp_effect(const void *a, const void *b)
{
    const effect_key *x = a, *y = b;
    if (x->effect != y->effect)
        return (x->effect < y->effect) - (x->effect > y->effect); /* largest first */
    return (x->group > y->group) - (x->group < y->group);
}

/* Ranks of n effects, largest first (ties in index order); -1 without
 * memory. */
static int rank_effects(const double *effect, size_t n, size_t *rank)
{
    effect_key *keys = malloc((n ? n : 1) * sizeof *keys);
    if (!keys)
        return -1;
    for (size_t g = 0; g < n; g++)
        keys[g] = (effect_key){effect[g], g};
    qsort(keys, n, sizeof *keys, cmp_effect);
    for (size_t r = 0; r < n; r++)
        rank[keys[r].group] = r + 1;
    free(keys);
    return 0;
}

int icstat_clm_effect_ranks(const icstat_clm_fit *f, size_t *rank)
{
    return rank_effects(f->mode, f->n_groups, rank);
}

int icstat_clm_factor_ranks(const icstat_clm_fit *f, size_t factor, size_t *rank)
{
    if (f->n_factors < 2 || factor == 0)
        return factor == 0 ? icstat_clm_effect_ranks(f, rank) : -1;
    if (factor >= f->n_factors)
        return -1;
    return rank_effects(f->factor_mode[factor], f->factor_levels[factor], rank);
}
