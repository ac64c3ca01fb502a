/* clm_fixed.c — the workspace of a fit, and the log-likelihood of the
 * cumulative link model without random effects, with analytic gradient
 * and Hessian. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_integration.h>

#include "clm_internal.h"

int clm_work_init(clm_work *w, const icstat_design *d, icstat_link link, int quad)
{
    memset(w, 0, sizeof *w);
    w->d = d;
    w->link = link;
    w->n = d->n;
    w->p = d->p;
    w->k1 = d->k - 1;
    w->npar = w->k1 + w->p;
    w->quad = quad;
    const size_t n = w->n, p = w->p;
    w->xs = malloc((n * p > 0 ? n * p : 1) * sizeof *w->xs);
    w->center = calloc(p ? p : 1, sizeof *w->center);
    w->scale = malloc((p ? p : 1) * sizeof *w->scale);
    w->eta = malloc(n * sizeof *w->eta);
    w->th = malloc((d->k + 1) * sizeof *w->th);
    if (!w->xs || !w->center || !w->scale || !w->eta || !w->th)
        return -1;
    for (size_t j = 0; j < p; j++) {
        double mean = 0.0, ss = 0.0;
        for (size_t i = 0; i < n; i++)
            mean += d->x[i * p + j];
        mean /= (double)n;
        for (size_t i = 0; i < n; i++)
            ss += (d->x[i * p + j] - mean) * (d->x[i * p + j] - mean);
        w->center[j] = mean;
        w->scale[j] = ss > 0.0 ? sqrt(ss / (double)n) : 1.0;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < p; j++)
            w->xs[i * p + j] = (d->x[i * p + j] - w->center[j]) / w->scale[j];
    if (d->n_groups) {
        w->bmode = calloc(d->n_groups, sizeof *w->bmode);
        w->hess = malloc(d->n_groups * sizeof *w->hess);
        for (size_t g = 0; g < d->n_groups; g++)
            if (d->group_start[g + 1] - d->group_start[g] > w->max_group)
                w->max_group = d->group_start[g + 1] - d->group_start[g];
        /* Per row: the mode's terms (8 values) and, per node, la and lc. */
        w->row = malloc(w->max_group * (8 + 2 * (size_t)quad) * sizeof *w->row);
        if (!w->bmode || !w->hess || !w->row)
            return -1;
        gsl_integration_fixed_workspace *gh =
            gsl_integration_fixed_alloc(gsl_integration_fixed_hermite, (size_t)quad, 0.0, 1.0,
                                        0.0, 0.0);
        if (!gh)
            return -1;
        const double *x = gsl_integration_fixed_nodes(gh), *wt = gsl_integration_fixed_weights(gh);
        for (int k = 0; k < quad; k++) {
            /* The middle node of an odd rule is 0 up to rounding; make it exact
             * so one point is exactly the Laplace approximation. */
            w->node[k] = fabs(x[k]) < 1e-14 ? 0.0 : x[k];
            w->omega[k] = wt[k] * exp(w->node[k] * w->node[k]);
        }
        gsl_integration_fixed_free(gh);
    }
    return 0;
}

void clm_work_free(clm_work *w)
{
    free(w->xs);
    free(w->center);
    free(w->scale);
    free(w->eta);
    free(w->th);
    free(w->bmode);
    free(w->hess);
    free(w->row);
    memset(w, 0, sizeof *w);
}

int clm_set_thresholds(clm_work *w, const double *par)
{
    w->th[0] = -INFINITY;
    w->th[w->k1 + 1] = INFINITY;
    for (size_t j = 0; j < w->k1; j++) {
        if (!isfinite(par[j]) || (j > 0 && !(par[j] > par[j - 1])))
            return -1;
        w->th[j + 1] = par[j];
    }
    return 0;
}

int clm_fixed_eval(clm_work *w, const double *par, double *ll, double *grad, double *hess)
{
    const size_t n = w->n, p = w->p, k1 = w->k1, np = k1 + p;
    const int *y = w->d->y;
    if (clm_set_thresholds(w, par) != 0)
        return -1;
    const double *beta = par + k1;
    if (grad)
        memset(grad, 0, np * sizeof *grad);
    if (hess)
        memset(hess, 0, np * np * sizeof *hess);
    double sum = 0.0;
    icstat_link_terms t;
    for (size_t i = 0; i < n; i++) {
        const double *xi = w->xs + i * p;
        double eta = 0.0;
        for (size_t j = 0; j < p; j++)
            eta += xi[j] * beta[j];
        const int yi = y[i];
        if (icstat_link_eval(w->link, w->th[yi + 1] - eta, w->th[yi] - eta, 2, &t) != 0)
            return -1;
        sum += t.logp;
        if (!grad)
            continue;
        /* Threshold indices of the upper (yi) and lower (yi - 1) cuts. */
        const long hi = yi < (int)k1 ? yi : -1, lo = yi - 1;
        const double q = t.la + t.lc;
        if (hi >= 0)
            grad[hi] += t.la;
        if (lo >= 0)
            grad[lo] += t.lc;
        for (size_t j = 0; j < p; j++)
            grad[k1 + j] -= q * xi[j];
        if (!hess)
            continue;
        const double r = t.laa + 2.0 * t.lac + t.lcc;
        const double ha = -(t.laa + t.lac), hc = -(t.lac + t.lcc);
        if (hi >= 0)
            hess[hi * np + hi] += t.laa;
        if (lo >= 0)
            hess[lo * np + lo] += t.lcc;
        if (hi >= 0 && lo >= 0) {
            hess[hi * np + lo] += t.lac;
            hess[lo * np + hi] += t.lac;
        }
        for (size_t j = 0; j < p; j++) {
            double *hrow = hess + (k1 + j) * np;
            if (hi >= 0)
                hrow[hi] += ha * xi[j];
            if (lo >= 0)
                hrow[lo] += hc * xi[j];
            /* Upper triangle of the beta block only; mirrored below. */
            for (size_t l = j; l < p; l++)
                hrow[k1 + l] += r * xi[j] * xi[l];
        }
    }
    if (hess) {
        for (size_t j = 0; j < p; j++) {
            for (size_t l = j + 1; l < p; l++)
                hess[(k1 + l) * np + k1 + j] = hess[(k1 + j) * np + k1 + l];
            for (size_t m = 0; m < k1; m++)
                hess[m * np + k1 + j] = hess[(k1 + j) * np + m];
        }
    }
    *ll = sum;
    return 0;
}
