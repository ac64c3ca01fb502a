/* clm_derived.c — what a fitted model says in words: the latent ICC, the
 * median odds ratio, the test of the random effect, the implied agreement
 * between two inspectors and the ranks of inspector effects. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_spline.h>

#include "clm_internal.h"
#include "icstat/sort.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

/* Nodes for integrating over the random effect (not adaptive: the
 * integrands here are smooth probabilities, not a likelihood). */
#define IMPLIED_NODES 20
/* Group-level contributions taking more distinct values than this are
 * summarised by this many equal-frequency quantile means. */
#define IMPLIED_MAX_LEVELS 64
/* Most distinct school-level predictors evaluated directly (see below). */
#define IMPLIED_GRID 1024

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

int icstat_clm_implied_agreement(const icstat_design *d, const icstat_clm_fit *f,
                                 icstat_link link, double *agreement, double *kappa,
                                 icstat_error *err)
{
    const size_t n = d->n, p = d->p, k = d->k, G = d->n_groups;
    const double *beta = f->par + f->k1;
    const double sigma = f->mixed ? exp(f->par[f->k1 + p]) : 0.0;
    const size_t nn = sigma > 0.0 ? IMPLIED_NODES : 1;
    double u[IMPLIED_NODES], wt[IMPLIED_NODES];
    if (nn == 1) {
        u[0] = 0.0;
        wt[0] = 1.0;
    } else if (clm_normal_rule(sigma, nn, u, wt) != 0) {
        return NOMEM();
    }
    unsigned char *gl = calloc(p ? p : 1, 1);
    double *v = malloc((G ? G : 1) * sizeof *v), *vw = malloc((G ? G : 1) * sizeof *vw);
    double *pbar = malloc(k * sizeof *pbar), *margin = calloc(k, sizeof *margin),
           *prob = malloc(k * sizeof *prob);
    if (!gl || !v || !vw || !pbar || !margin || !prob) {
        free(gl), free(v), free(vw), free(pbar), free(margin), free(prob);
        return NOMEM();
    }
    for (size_t t = 0; t < d->n_terms && G; t++)
        if (d->terms[t].group_level)
            memset(gl + d->terms[t].first_col, 1, d->terms[t].ncols);

    /* The group-level part of the linear predictor, one value per group,
     * as distinct values with weights (or quantile means when many). */
    size_t nv = 1;
    v[0] = 0.0;
    vw[0] = 1.0;
    if (G) {
        for (size_t g = 0; g < G; g++) {
            const double *x = d->x + d->group_start[g] * p;
            v[g] = 0.0;
            for (size_t c = 0; c < p; c++)
                if (gl[c])
                    v[g] += x[c] * beta[c];
        }
        qsort(v, G, sizeof *v, icstat_cmp_double);
        nv = 0;
        for (size_t g = 0; g < G; g++) {
            if (nv && v[g] == v[nv - 1]) {
                vw[nv - 1] += 1.0;
            } else {
                v[nv] = v[g];
                vw[nv++] = 1.0;
            }
        }
        if (nv > IMPLIED_MAX_LEVELS) {
            /* Re-expand from the sorted distinct values into quantile means. */
            double *all = malloc(G * sizeof *all);
            if (!all) {
                free(gl), free(v), free(vw), free(pbar), free(margin), free(prob);
                return NOMEM();
            }
            for (size_t a = 0, g = 0; a < nv; a++)
                for (size_t r = 0; r < (size_t)vw[a]; r++)
                    all[g++] = v[a];
            for (size_t b = 0; b < IMPLIED_MAX_LEVELS; b++) {
                const size_t lo = b * G / IMPLIED_MAX_LEVELS, hi = (b + 1) * G / IMPLIED_MAX_LEVELS;
                double s = 0.0;
                for (size_t g = lo; g < hi; g++)
                    s += all[g];
                v[b] = hi > lo ? s / (double)(hi - lo) : 0.0;
                vw[b] = (double)(hi - lo);
            }
            nv = IMPLIED_MAX_LEVELS;
            free(all);
        }
        for (size_t a = 0; a < nv; a++)
            vw[a] /= (double)G;
    }

    /* p-bar depends on a row only through its school-level predictor s, so
     * it is computed on the distinct values of s, or, when there are more
     * than IMPLIED_GRID of them, on an even grid and interpolated by cubic
     * splines (the curves are smooth; the error is far below 1e-6). */
    double *s = malloc(n * sizeof *s);
    double *grid = NULL, *curve = NULL;
    size_t ng = 0;
    int st = ICSTAT_OK;
    if (!s) {
        st = NOMEM();
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        const double *x = d->x + i * p;
        s[i] = 0.0;
        for (size_t c = 0; c < p; c++)
            if (!gl[c])
                s[i] += x[c] * beta[c];
    }
    grid = malloc((n < IMPLIED_GRID ? n : IMPLIED_GRID) * sizeof *grid);
    if (!grid) {
        st = NOMEM();
        goto out;
    }
    {
        double *sorted = malloc(n * sizeof *sorted);
        if (!sorted) {
            st = NOMEM();
            goto out;
        }
        memcpy(sorted, s, n * sizeof *sorted);
        qsort(sorted, n, sizeof *sorted, icstat_cmp_double);
        size_t distinct = 0;
        for (size_t i = 0; i < n; i++)
            distinct += i == 0 || sorted[i] != sorted[i - 1];
        if (distinct <= IMPLIED_GRID) {
            for (size_t i = 0; i < n; i++)
                if (i == 0 || sorted[i] != sorted[i - 1])
                    grid[ng++] = sorted[i];
        } else {
            ng = IMPLIED_GRID;
            for (size_t j = 0; j < ng; j++)
                grid[j] = sorted[0] + (sorted[n - 1] - sorted[0]) * (double)j / (double)(ng - 1);
            grid[ng - 1] = sorted[n - 1]; /* exactly, so no row falls outside */
        }
        free(sorted);
    }
    curve = malloc(ng * k * sizeof *curve);
    if (!curve) {
        st = NOMEM();
        goto out;
    }
    for (size_t j = 0; j < ng; j++) {
        double *pb = curve + j * k;
        memset(pb, 0, k * sizeof *pb);
        for (size_t a = 0; a < nv; a++)
            for (size_t q = 0; q < nn; q++) {
                icstat_clm_probs(f, link, grid[j] + v[a] + u[q], prob);
                for (size_t c = 0; c < k; c++)
                    pb[c] += vw[a] * wt[q] * prob[c];
            }
    }
    double agree = 0.0;
    if (ng == IMPLIED_GRID && ng < n) {
        double *col = malloc(ng * sizeof *col);
        gsl_interp_accel *acc = gsl_interp_accel_alloc();
        gsl_spline **spl = calloc(k, sizeof *spl); /* NOLINT(bugprone-sizeof-expression) */
        if (!col || !acc || !spl) {
            free(col);
            gsl_interp_accel_free(acc);
            free(spl);
            st = NOMEM();
            goto out;
        }
        for (size_t c = 0; c < k && st == ICSTAT_OK; c++) {
            for (size_t j = 0; j < ng; j++)
                col[j] = curve[j * k + c];
            int gs;
            if (!(spl[c] = gsl_spline_alloc(gsl_interp_cspline, ng)))
                st = NOMEM();
            else if ((gs = gsl_spline_init(spl[c], grid, col, ng)) != GSL_SUCCESS)
                /* A grid that is not strictly increasing: linear predictors
                 * spread over a range too narrow for IMPLIED_GRID points. */
                st = icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                      "the implied agreement cannot be computed: interpolating "
                                      "over the linear predictor failed (%s)", gsl_strerror(gs));
        }
        for (size_t i = 0; i < n && st == ICSTAT_OK; i++) {
            for (size_t c = 0; c < k && st == ICSTAT_OK; c++) {
                int gs = gsl_spline_eval_e(spl[c], s[i], acc, &pbar[c]);
                if (gs != GSL_SUCCESS)
                    st = icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                          "the implied agreement cannot be computed: "
                                          "interpolating the predicted probabilities failed "
                                          "(%s)", gsl_strerror(gs));
            }
            if (st != ICSTAT_OK)
                break;
            for (size_t c = 0; c < k; c++) {
                agree += pbar[c] * pbar[c];
                margin[c] += pbar[c];
            }
        }
        for (size_t c = 0; c < k; c++)
            gsl_spline_free(spl[c]);
        free(spl);
        free(col);
        gsl_interp_accel_free(acc);
        if (st != ICSTAT_OK)
            goto out;
    } else {
        for (size_t i = 0; i < n; i++) {
            size_t lo = 0, hi = ng; /* s[i] is one of the grid values */
            while (hi - lo > 1) {
                const size_t mid = (lo + hi) / 2;
                if (grid[mid] <= s[i])
                    lo = mid;
                else
                    hi = mid;
            }
            for (size_t c = 0; c < k; c++) {
                const double pc = curve[lo * k + c];
                agree += pc * pc;
                margin[c] += pc;
            }
        }
    }
    double chance = 0.0;
    for (size_t j = 0; j < k; j++)
        chance += (margin[j] / (double)n) * (margin[j] / (double)n);
    *agreement = agree / (double)n;
    *kappa = chance < 1.0 ? (*agreement - chance) / (1.0 - chance) : NAN;
out:
    free(s), free(grid), free(curve);
    free(gl), free(v), free(vw), free(pbar), free(margin), free(prob);
    return st;
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

int icstat_clm_effect_ranks(const icstat_clm_fit *f, size_t *rank)
{
    effect_key *keys = malloc((f->n_groups ? f->n_groups : 1) * sizeof *keys);
    if (!keys)
        return -1;
    for (size_t g = 0; g < f->n_groups; g++)
        keys[g] = (effect_key){f->mode[g], g};
    qsort(keys, f->n_groups, sizeof *keys, cmp_effect);
    for (size_t r = 0; r < f->n_groups; r++)
        rank[keys[r].group] = r + 1;
    free(keys);
    return 0;
}
