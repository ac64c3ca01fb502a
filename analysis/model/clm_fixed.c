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
    const size_t n = w->n, p = w->p, k1 = w->k1;
    w->center = calloc(p ? p : 1, sizeof *w->center);
    w->scale = malloc((p ? p : 1) * sizeof *w->scale);
    w->shift = calloc(p ? p : 1, sizeof *w->shift);
    w->rowp = malloc((n + 1) * sizeof *w->rowp);
    w->eta = malloc((n ? n : 1) * sizeof *w->eta);
    w->th = malloc((d->k + 1) * sizeof *w->th);
    w->gap = calloc(d->k, sizeof *w->gap);
    unsigned char *ind = calloc(p ? p : 1, 1); /* column j is a factor's indicator */
    /* Room for the sums of clm_fixed_eval (the larger) and of clmm_eval. */
    const size_t lf = 3 + 2 * k1 + k1 * k1 + 2 * p + k1 * p + p * p, lm = 4 + k1 + 2 * p;
    w->acc_len = lf > lm ? lf : lm;
    w->acc = malloc(w->acc_len * sizeof *w->acc);
    w->blk = malloc(w->acc_len * sizeof *w->blk);
    if (!w->center || !w->scale || !w->shift || !w->rowp || !w->eta || !w->th || !w->gap ||
        !ind || !w->acc || !w->blk) {
        free(ind);
        return -1;
    }
    for (size_t t = 0; t < d->n_terms; t++)
        if (d->terms[t].categorical)
            memset(ind + d->terms[t].first_col, 1, d->terms[t].ncols);
    /* Means and spreads row by row (each column's sum still in row order,
     * so the same numbers as column by column): a pass down each column of
     * the row-major x was a cache miss per value, half a second at
     * 1,000,000 rows. */
    double *ss = calloc(p ? p : 1, sizeof *ss);
    if (!ss) {
        free(ind);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < p; j++)
            w->center[j] += d->x[i * p + j];
    for (size_t j = 0; j < p; j++)
        w->center[j] /= (double)n;
    size_t nnz = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < p; j++) {
            const double dev = d->x[i * p + j] - w->center[j];
            ss[j] += dev * dev;
            nnz += !ind[j] || d->x[i * p + j] != 0.0;
        }
    for (size_t j = 0; j < p; j++) {
        w->scale[j] = ss[j] > 0.0 ? sqrt(ss[j] / (double)n) : 1.0;
        w->shift[j] = ind[j] ? w->center[j] / w->scale[j] : 0.0;
    }
    free(ss);
    w->ccol = malloc((nnz ? nnz : 1) * sizeof *w->ccol);
    w->cval = malloc((nnz ? nnz : 1) * sizeof *w->cval);
    if (!w->ccol || !w->cval) {
        free(ind);
        return -1;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        w->rowp[i] = o;
        const double *xi = d->x + i * p;
        for (size_t j = 0; j < p; j++) {
            if (ind[j] && xi[j] == 0.0)
                continue;
            w->ccol[o] = j;
            w->cval[o++] = ind[j] ? xi[j] / w->scale[j] : (xi[j] - w->center[j]) / w->scale[j];
        }
    }
    w->rowp[n] = o;
    free(ind);
    if (d->n_groups) {
        w->bmode = calloc(d->n_groups, sizeof *w->bmode);
        w->hess = malloc(d->n_groups * sizeof *w->hess);
        for (size_t g = 0; g < d->n_groups; g++)
            if (d->group_start[g + 1] - d->group_start[g] > w->max_group)
                w->max_group = d->group_start[g + 1] - d->group_start[g];
        /* Per row: the mode's terms and, per node, la and lc. */
        w->row = malloc(w->max_group * (CLM_MODE_SLOTS + 2 * (size_t)quad) * sizeof *w->row);
        w->mode_slope = malloc(d->n_groups * (k1 + p + 1) * sizeof *w->mode_slope);
        w->x_at = malloc((k1 + p + 1) * sizeof *w->x_at);
        if (!w->bmode || !w->hess || !w->row || !w->mode_slope || !w->x_at)
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

int clm_work_clone(clm_work *c, const clm_work *w)
{
    const icstat_design *d = w->d;
    const size_t np = w->k1 + w->p + 1;
    *c = *w;
    c->eta = malloc((w->n ? w->n : 1) * sizeof *c->eta);
    c->th = malloc((d->k + 1) * sizeof *c->th);
    c->gap = calloc(d->k, sizeof *c->gap);
    c->acc = malloc(w->acc_len * sizeof *c->acc);
    c->blk = malloc(w->acc_len * sizeof *c->blk);
    c->bmode = malloc(d->n_groups * sizeof *c->bmode);
    c->hess = malloc(d->n_groups * sizeof *c->hess);
    c->row = malloc(w->max_group * (CLM_MODE_SLOTS + 2 * (size_t)w->quad) * sizeof *c->row);
    c->x_at = malloc(np * sizeof *c->x_at);
    c->keep_slope = 1;
    c->have_slope = 0;
    if (!c->eta || !c->th || !c->gap || !c->acc || !c->blk || !c->bmode || !c->hess ||
        !c->row || !c->x_at) {
        clm_work_clone_free(c);
        return -1;
    }
    return 0;
}

void clm_work_clone_free(clm_work *c)
{
    free(c->eta);
    free(c->th);
    free(c->gap);
    free(c->acc);
    free(c->blk);
    free(c->bmode);
    free(c->hess);
    free(c->row);
    free(c->x_at);
    memset(c, 0, sizeof *c);
}

void clm_work_eta(const clm_work *w, const double *beta, double *eta)
{
    double c = 0.0;
    for (size_t j = 0; j < w->p; j++)
        c += w->shift[j] * beta[j];
    for (size_t i = 0; i < w->n; i++) {
        double e = 0.0;
        for (size_t k = w->rowp[i]; k < w->rowp[i + 1]; k++)
            e += w->cval[k] * beta[w->ccol[k]];
        eta[i] = e - c;
    }
}

void clm_block_flush(clm_work *w, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        w->acc[i] += w->blk[i];
        w->blk[i] = 0.0;
    }
}

void clm_work_free(clm_work *w)
{
    free(w->rowp);
    free(w->ccol);
    free(w->cval);
    free(w->shift);
    free(w->acc);
    free(w->blk);
    free(w->center);
    free(w->scale);
    free(w->eta);
    free(w->th);
    free(w->bmode);
    free(w->hess);
    free(w->row);
    free(w->gap);
    free(w->mode_slope);
    free(w->x_at);
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

void clm_set_gaps(clm_work *w)
{
    if (w->link == ICSTAT_LINK_LOGIT)
        for (size_t y = 1; y < w->k1; y++)
            w->gap[y] = expm1(w->th[y + 1] - w->th[y]);
}

/* Where clm_fixed_eval keeps its sums in w->acc and w->blk. */
typedef struct {
    size_t ll, g, q, qv, t, ts, tx, r, rv, rr, len_grad, len;
} fixed_layout;

static fixed_layout fixed_sums(size_t k1, size_t p)
{
    fixed_layout o;
    o.ll = 0;            /* log-likelihood */
    o.g = 1;             /* k1: threshold gradient */
    o.q = o.g + k1;      /* sum of q = la + lc */
    o.qv = o.q + 1;      /* p: sum of q v_j */
    o.len_grad = o.qv + p;
    o.t = o.len_grad;    /* k1 x k1: threshold Hessian */
    o.ts = o.t + k1 * k1; /* k1: sum of the threshold-coefficient weights */
    o.tx = o.ts + k1;    /* k1 x p: the same weights times v_j */
    o.r = o.tx + k1 * p; /* sum of r */
    o.rv = o.r + 1;      /* p: sum of r v_j */
    o.rr = o.rv + p;     /* p x p (upper triangle): sum of r v_j v_l */
    o.len = o.rr + p * p;
    return o;
}

int clm_fixed_eval(clm_work *w, const double *par, double *ll, double *grad, double *hess)
{
    const size_t n = w->n, p = w->p, k1 = w->k1, np = k1 + p;
    const int *y = w->d->y;
    if (clm_set_thresholds(w, par) != 0)
        return -1;
    clm_set_gaps(w);
    const double *beta = par + k1;
    const fixed_layout o = fixed_sums(k1, p);
    const size_t len = hess ? o.len : grad ? o.len_grad : 1;
    /* A block's flush costs len: at least p rows per block keeps the
     * flushes within the n p^2 of the rows themselves. */
    const size_t block = p > CLM_BLOCK_ROWS ? p : CLM_BLOCK_ROWS;
    memset(w->acc, 0, len * sizeof *w->acc);
    memset(w->blk, 0, len * sizeof *w->blk);
    double *b = w->blk;
    double c = 0.0;
    for (size_t j = 0; j < p; j++)
        c += w->shift[j] * beta[j];
    icstat_link_terms t;
    clm_logsum ls = {1.0, 0.0, 0}; /* the block's log-likelihood */
    for (size_t i = 0; i < n; i++) {
        const size_t k0 = w->rowp[i], ke = w->rowp[i + 1];
        double eta = -c;
        for (size_t k = k0; k < ke; k++)
            eta += w->cval[k] * beta[w->ccol[k]];
        const int yi = y[i];
        const double e = w->link == ICSTAT_LINK_LOGIT
                             ? exp(eta - w->th[(size_t)yi < k1 ? yi + 1 : yi])
                             : 0.0;
        if (clm_row_eval(w, yi, e, eta, hess ? 2 : 1, &t, &ls) != 0)
            return -1;
        if (grad) {
            /* Threshold indices of the upper (yi) and lower (yi - 1) cuts. */
            const long hi = yi < (int)k1 ? yi : -1, lo = yi - 1;
            const double q = t.la + t.lc;
            if (hi >= 0)
                b[o.g + (size_t)hi] += t.la;
            if (lo >= 0)
                b[o.g + (size_t)lo] += t.lc;
            b[o.q] += q;
            for (size_t k = k0; k < ke; k++)
                b[o.qv + w->ccol[k]] += q * w->cval[k];
            if (hess) {
                const double r = t.laa + 2.0 * t.lac + t.lcc;
                const double ha = -(t.laa + t.lac), hc = -(t.lac + t.lcc);
                if (hi >= 0)
                    b[o.t + (size_t)hi * k1 + (size_t)hi] += t.laa;
                if (lo >= 0)
                    b[o.t + (size_t)lo * k1 + (size_t)lo] += t.lcc;
                if (hi >= 0 && lo >= 0)
                    b[o.t + (size_t)hi * k1 + (size_t)lo] += t.lac;
                if (hi >= 0) {
                    b[o.ts + (size_t)hi] += ha;
                    for (size_t k = k0; k < ke; k++)
                        b[o.tx + (size_t)hi * p + w->ccol[k]] += ha * w->cval[k];
                }
                if (lo >= 0) {
                    b[o.ts + (size_t)lo] += hc;
                    for (size_t k = k0; k < ke; k++)
                        b[o.tx + (size_t)lo * p + w->ccol[k]] += hc * w->cval[k];
                }
                b[o.r] += r;
                for (size_t k = k0; k < ke; k++) {
                    const double rv = r * w->cval[k];
                    double *rr = b + o.rr + w->ccol[k] * p;
                    b[o.rv + w->ccol[k]] += rv;
                    /* Columns ascend within a row: the upper triangle. */
                    for (size_t l = k; l < ke; l++)
                        rr[w->ccol[l]] += rv * w->cval[l];
                }
            }
        }
        if ((i + 1) % block == 0) {
            b[o.ll] += clm_logsum_value(&ls);
            ls = (clm_logsum){1.0, 0.0, 0};
            clm_block_flush(w, len);
        }
    }
    b[o.ll] += clm_logsum_value(&ls);
    clm_block_flush(w, len);
    const double *a = w->acc, *e = w->shift;
    *ll = a[o.ll];
    if (grad) {
        for (size_t m = 0; m < k1; m++)
            grad[m] = a[o.g + m];
        for (size_t j = 0; j < p; j++)
            grad[k1 + j] = -(a[o.qv + j] - e[j] * a[o.q]);
    }
    if (hess) {
        memset(hess, 0, np * np * sizeof *hess);
        for (size_t m = 0; m < k1; m++)
            for (size_t l = 0; l < k1; l++) {
                const double v = a[o.t + m * k1 + l];
                if (v != 0.0) {
                    hess[m * np + l] += v;
                    if (l != m)
                        hess[l * np + m] += v;
                }
            }
        for (size_t j = 0; j < p; j++) {
            double *hrow = hess + (k1 + j) * np;
            for (size_t m = 0; m < k1; m++)
                hess[m * np + k1 + j] = hrow[m] = a[o.tx + m * p + j] - e[j] * a[o.ts + m];
            for (size_t l = j; l < p; l++)
                hess[(k1 + l) * np + k1 + j] = hrow[k1 + l] =
                    a[o.rr + j * p + l] - e[j] * a[o.rv + l] - e[l] * a[o.rv + j] +
                    e[j] * e[l] * a[o.r];
        }
    }
    return 0;
}
