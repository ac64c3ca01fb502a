/* clmm_laplace.c — the Laplace approximation of the cumulative link model
 * with several random intercepts (crossed or nested), and its exact
 * gradient.
 *
 * With b = (b_1, .., b_F) ~ N(0, I), one standardised effect per level of
 * each factor, and m_i = x_i'beta + sum_f sigma_f b_f[g_f(i)],
 *     h(b) = sum_i log P(y_i | m_i) - |b|^2 / 2,
 * the log-likelihood is approximated by L = h(b^) - log|H| / 2 at the
 * joint conditional mode b^, where H = -h''(b^) = Z'WZ + I, Z the n x q
 * matrix with sigma_f in row i's column of factor f, W the rows' weights
 * w_i = -d^2 log P / dm^2.  This is the approximation of R's
 * ordinal::clmm (and lme4's glmer with nAGQ = 1); it does not depend on
 * how b is scaled.  b^ is found by Newton's method on the sparse H
 * (clmm_sparse.c), warm-started at the last mode.
 *
 * The gradient is exact.  With v = H^-1 d(log|H|)/db (one solve, the
 * adjoint of the mode's movement: db^/dpsi = H^-1 d(dh/db)/dpsi),
 *     dL/dpsi = dh/dpsi - (1/2) d log|H| / dpsi - (1/2) v' d(dh/db)/dpsi,
 * all partial at fixed b.  The trace d log|H| = tr(H^-1 dH) reduces to the
 * rows' leverages q_i = z_i'H^-1 z_i and the shares r_if of factor f in
 * them, entries of H^-1 on the pattern of H (the selected inverse). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clm_internal.h"
#include "clmm_sparse.h"

struct clmm_laplace {
    size_t F;                            /* active factors */
    size_t fac[CLMM_MAX_FACTORS];        /* their indices among the design's */
    size_t off[CLMM_MAX_FACTORS + 1];    /* the effects of factor k: off[k] .. off[k+1] */
    size_t q, n;
    size_t *col;                         /* n x F: row i's effect of each factor */
    clmm_sparse *S;
    double sig[CLMM_MAX_FACTORS];
    double *b, *gb, *step, *bt, *rhs, *v, *zdiag; /* q each */
    double *m;                           /* n: the linear predictor with the effects */
    double *la, *lc, *ja, *jc, *wt, *ra, *rc; /* n: row terms at the mode */
    double *zpair;                       /* n x F(F-1)/2: (H^-1) at row i's pairs of effects */
    double *acc, *blk;                   /* the gradient's sums */
    size_t len;
    int have_mode;
};

void clmm_laplace_free(clmm_laplace *l)
{
    if (!l)
        return;
    clmm_sparse_free(l->S);
    free(l->col);
    double *arr[] = {l->b, l->gb, l->step, l->bt, l->rhs, l->v, l->zdiag, l->m, l->la,
                     l->lc, l->ja, l->jc, l->wt, l->ra, l->rc, l->acc, l->blk, l->zpair};
    for (size_t k = 0; k < sizeof arr / sizeof *arr; k++)
        free(arr[k]);
    free(l);
}

/* The arrays of one approximation, after the pattern. */
static int laplace_arrays(clmm_laplace *l, size_t k1, size_t p)
{
    const size_t q = l->q ? l->q : 1, n = l->n ? l->n : 1;
    double **qa[] = {&l->b, &l->gb, &l->step, &l->bt, &l->rhs, &l->v, &l->zdiag};
    double **na[] = {&l->m, &l->la, &l->lc, &l->ja, &l->jc, &l->wt, &l->ra, &l->rc};
    for (size_t k = 0; k < sizeof qa / sizeof *qa; k++)
        if (!(*qa[k] = calloc(q, sizeof **qa[k])))
            return -1;
    for (size_t k = 0; k < sizeof na / sizeof *na; k++)
        if (!(*na[k] = malloc(n * sizeof **na[k])))
            return -1;
    l->len = k1 + 1 + p + l->F;
    l->acc = malloc(l->len * sizeof *l->acc);
    l->blk = malloc(l->len * sizeof *l->blk);
    const size_t np = l->n * (l->F * (l->F - 1) / 2);
    l->zpair = malloc((np ? np : 1) * sizeof *l->zpair);
    return l->acc && l->blk && l->zpair ? 0 : -1;
}

int clmm_laplace_alloc(const clm_work *w, unsigned mask, double max_nnz, clmm_laplace **out,
                       double *lnz, double *flops)
{
    const icstat_design *d = w->d;
    *out = NULL;
    *lnz = *flops = NAN;
    clmm_laplace *l = calloc(1, sizeof *l);
    if (!l)
        return CLMM_SPARSE_NOMEM;
    l->n = d->n;
    for (size_t f = 0; f < d->n_gfactors && f < CLMM_MAX_FACTORS; f++)
        if (mask & (1u << f)) {
            l->fac[l->F] = f;
            l->off[l->F + 1] = l->off[l->F] + d->gfactors[f].n_levels;
            l->F++;
        }
    l->q = l->off[l->F];
    const size_t F = l->F, n = l->n;
    int st = CLMM_SPARSE_NOMEM;
    if (!(l->col = malloc((n * F > 0 ? n * F : 1) * sizeof *l->col)))
        goto fail;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < F; k++)
            l->col[i * F + k] = l->off[k] + d->gfactors[l->fac[k]].level[i];
    if ((st = clmm_sparse_alloc(l->q, n, F, l->col, max_nnz, &l->S, lnz, flops)) != 0)
        goto fail;
    st = CLMM_SPARSE_NOMEM;
    if (laplace_arrays(l, w->k1, w->p) != 0)
        goto fail;
    *out = l;
    return 0;
fail:
    clmm_laplace_free(l);
    return st;
}

/* m = eta + Z b. */
static void set_m(clmm_laplace *l, const clm_work *w, const double *b)
{
    const size_t F = l->F;
    for (size_t i = 0; i < l->n; i++) {
        double m = w->eta[i];
        for (size_t k = 0; k < F; k++)
            m += l->sig[k] * b[l->col[i * F + k]];
        l->m[i] = m;
    }
}

/* Sum a row value into a running total in blocks (clm_internal.h's
 * reason): *blk collects up to CLM_BLOCK_ROWS rows. */
static void block_add(double *tot, double *blk, size_t i, double v)
{
    *blk += v;
    if ((i + 1) % CLM_BLOCK_ROWS == 0) {
        *tot += *blk;
        *blk = 0.0;
    }
}

/* At m: h (given b), and with gb the gradient dh/db = Z'd - b and the
 * rows' la, lc and weights w; with order 3 also the derivatives the
 * gradient of L needs.  -1 when a probability is zero. */
static int row_pass(clmm_laplace *l, const clm_work *w, const double *b, int order, double *h,
                    double *gb)
{
    const int *y = w->d->y;
    const size_t F = l->F;
    icstat_link_terms t;
    double sl = 0.0, blk = 0.0, bb = 0.0;
    if (gb)
        memset(gb, 0, l->q * sizeof *gb);
    for (size_t i = 0; i < l->n; i++) {
        const double m = l->m[i];
        if (icstat_link_eval(w->link, w->th[y[i] + 1] - m, w->th[y[i]] - m, order, &t) != 0)
            return -1;
        block_add(&sl, &blk, i, t.logp);
        if (!gb)
            continue;
        l->la[i] = t.la;
        l->lc[i] = t.lc;
        l->wt[i] = -(t.laa + 2.0 * t.lac + t.lcc);
        const double di = -(t.la + t.lc);
        for (size_t k = 0; k < F; k++)
            gb[l->col[i * F + k]] += l->sig[k] * di;
        if (order >= 3) {
            l->ja[i] = t.laa + t.lac;
            l->jc[i] = t.lac + t.lcc;
            l->ra[i] = t.laaa + 2.0 * t.laac + t.lacc;
            l->rc[i] = t.laac + 2.0 * t.lacc + t.lccc;
        }
    }
    sl += blk;
    for (size_t k = 0; k < l->q; k++) {
        bb += b[k] * b[k];
        if (gb)
            gb[k] -= b[k];
    }
    *h = sl - 0.5 * bb;
    return 0;
}

/* H = Z'WZ + I from the rows' weights, factorised.  0, 1 when not
 * positive definite, -1 out of memory. */
static int factor_h(clmm_laplace *l)
{
    const size_t F = l->F;
    clmm_sparse_zero(l->S);
    for (size_t k = 0; k < l->q; k++)
        clmm_sparse_add_diag(l->S, k, 1.0);
    for (size_t i = 0; i < l->n; i++) {
        const double wi = l->wt[i];
        for (size_t k = 0; k < F; k++) {
            clmm_sparse_add_diag(l->S, l->col[i * F + k], l->sig[k] * l->sig[k] * wi);
            for (size_t g = k + 1; g < F; g++)
                clmm_sparse_add_pair(l->S, i, clmm_sparse_pair(F, k, g),
                                     l->sig[k] * l->sig[g] * wi);
        }
    }
    return clmm_sparse_factor(l->S);
}

/* The joint mode b^ by Newton's method with step halving (h is concave
 * for these links), from the last mode.  Once the Newton decrement
 * gb'H^-1 gb is below 1e-8 one more full step is taken without a check
 * (Newton's quadratic convergence puts it at rounding), and the rows'
 * terms and the factor are taken afresh there: the gradient of L assumes
 * dh/db = 0, and the Hessian of the fit is differenced from it.  On
 * return l->b, the rows' terms (to `order`), *h and the factor of H are
 * at the mode.  -1 when it cannot be found. */
static int find_mode(clmm_laplace *l, const clm_work *w, int order, double *h)
{
    double *b = l->b, *gb = l->gb, *step = l->step, *bt = l->bt;
    const size_t q = l->q;
    if (!l->have_mode)
        memset(b, 0, q * sizeof *b);
    int last = 0;
    for (int it = 0; it < 200; it++) {
        set_m(l, w, b);
        if (row_pass(l, w, b, last ? order : 2, h, gb) != 0) {
            if (it > 0 || !l->have_mode)
                return -1;
            memset(b, 0, q * sizeof *b); /* the last mode is outside the domain here */
            l->have_mode = 0;
            continue;
        }
        if (factor_h(l) != 0)
            return -1;
        if (last)
            return 0;
        if (clmm_sparse_solve(l->S, gb, step) != 0)
            return -1;
        double dec = 0.0;
        for (size_t k = 0; k < q; k++)
            dec += gb[k] * step[k];
        if (!isfinite(dec))
            return -1;
        if (dec < 1e-8) {
            if (dec >= 1e-24)
                for (size_t k = 0; k < q; k++)
                    b[k] += step[k];
            last = 1;
            continue;
        }
        double t = 1.0, hn = -INFINITY;
        for (; t > 1e-10; t *= 0.5) {
            for (size_t k = 0; k < q; k++)
                bt[k] = b[k] + t * step[k];
            set_m(l, w, bt);
            if (row_pass(l, w, bt, 2, &hn, NULL) == 0 && hn >= *h - 1e-12 * (1.0 + fabs(*h)))
                break;
        }
        if (t > 1e-10)
            memcpy(b, bt, q * sizeof *b);
        else
            last = 1; /* no ascent left: at the mode to rounding */
    }
    return -1;
}

/* Per row: its leverage q_i = z_i'H^-1 z_i and the shares r[k] of each
 * factor, r_ik = sigma_k sum_g sigma_g (H^-1)_{c_k c_g}.  With `look`, the
 * entries of H^-1 at the row's pairs are looked up in the selected inverse
 * (a search in a column of the factor) and kept in zpair; without, taken
 * from zpair: the gradient needs them twice. */
static double row_leverage(const clmm_laplace *l, size_t i, double *r, int look)
{
    const size_t F = l->F, *c = l->col + i * F;
    double qi = 0.0, *zp = l->zpair + i * (F * (F - 1) / 2);
    for (size_t k = 0; k < F; k++)
        r[k] = l->sig[k] * l->sig[k] * l->zdiag[c[k]];
    for (size_t k = 0; k < F; k++)
        for (size_t g = k + 1; g < F; g++, zp++) {
            if (look)
                *zp = clmm_sparse_inv(l->S, c[k], c[g]);
            const double z = l->sig[k] * l->sig[g] * *zp;
            r[k] += z;
            r[g] += z;
        }
    for (size_t k = 0; k < F; k++)
        qi += r[k];
    return qi;
}

/* v = H^-1 d log|H| / db = H^-1 Z'(q o s3), s3_i = dw_i/dm_i. */
static int adjoint(clmm_laplace *l)
{
    const size_t F = l->F;
    double r[CLMM_MAX_FACTORS];
    memset(l->rhs, 0, l->q * sizeof *l->rhs);
    for (size_t i = 0; i < l->n; i++) {
        const double u = row_leverage(l, i, r, 1) * (l->ra[i] + l->rc[i]);
        for (size_t k = 0; k < F; k++)
            l->rhs[l->col[i * F + k]] += l->sig[k] * u;
    }
    return clmm_sparse_solve(l->S, l->rhs, l->v);
}

/* Row i's part of the gradient into blk (layout: thresholds, sum cb,
 * sum cb v_j, then one per factor). */
static void row_gradient(const clmm_laplace *l, const clm_work *w, size_t i, double *blk)
{
    const size_t F = l->F, k1 = w->k1, *c = l->col + i * F;
    double r[CLMM_MAX_FACTORS];
    const double qi = row_leverage(l, i, r, 0);
    double ti = 0.0;
    for (size_t k = 0; k < F; k++)
        ti += l->sig[k] * l->v[c[k]];
    const double di = -(l->la[i] + l->lc[i]), wi = l->wt[i], s3 = l->ra[i] + l->rc[i];
    const int yi = w->d->y[i];
    if (yi < (int)k1)
        blk[yi] += l->la[i] + 0.5 * qi * l->ra[i] + 0.5 * ti * l->ja[i];
    if (yi > 0)
        blk[yi - 1] += l->lc[i] + 0.5 * qi * l->rc[i] + 0.5 * ti * l->jc[i];
    const double cb = di - 0.5 * qi * s3 + 0.5 * ti * wi;
    blk[k1] += cb;
    for (size_t k = w->rowp[i]; k < w->rowp[i + 1]; k++)
        blk[k1 + 1 + w->ccol[k]] += cb * w->cval[k];
    double *gt = blk + k1 + 1 + w->p;
    for (size_t k = 0; k < F; k++) {
        const double sb = l->sig[k] * l->b[c[k]];
        gt[k] += di * sb - wi * r[k] - 0.5 * qi * s3 * sb - 0.5 * l->sig[k] * l->v[c[k]] * di +
                 0.5 * ti * wi * sb;
    }
}

/* The gradient of L at the mode, into grad (k1 + p + F). */
static int laplace_gradient(clmm_laplace *l, const clm_work *w, double *grad)
{
    const size_t k1 = w->k1, p = w->p;
    if (clmm_sparse_selinv(l->S) != 0)
        return -1;
    for (size_t k = 0; k < l->q; k++)
        l->zdiag[k] = clmm_sparse_inv(l->S, k, k);
    if (adjoint(l) != 0)
        return -1;
    memset(l->acc, 0, l->len * sizeof *l->acc);
    memset(l->blk, 0, l->len * sizeof *l->blk);
    for (size_t i = 0; i < l->n; i++) {
        row_gradient(l, w, i, l->blk);
        if ((i + 1) % CLM_BLOCK_ROWS == 0 || i + 1 == l->n)
            for (size_t k = 0; k < l->len; k++) {
                l->acc[k] += l->blk[k];
                l->blk[k] = 0.0;
            }
    }
    for (size_t m = 0; m < k1; m++)
        grad[m] = l->acc[m];
    for (size_t j = 0; j < p; j++)
        grad[k1 + j] = l->acc[k1 + 1 + j] - w->shift[j] * l->acc[k1];
    for (size_t k = 0; k < l->F; k++)
        grad[k1 + p + k] = l->acc[k1 + 1 + p + k];
    return 0;
}

int clmm_laplace_eval(clm_work *w, const double *par, double *ll, double *grad)
{
    clmm_laplace *l = w->lap;
    const size_t k1 = w->k1, p = w->p;
    if (clm_set_thresholds(w, par) != 0)
        return -1;
    for (size_t k = 0; k < l->F; k++) {
        if (!isfinite(par[k1 + p + k]) || fabs(par[k1 + p + k]) > 30.0)
            return -1;
        l->sig[k] = exp(par[k1 + p + k]);
    }
    clm_work_eta(w, par + k1, w->eta);
    w->evaluations++;
    double h;
    if (find_mode(l, w, grad ? 3 : 2, &h) != 0) {
        l->have_mode = 0;
        return -1;
    }
    l->have_mode = 1;
    *ll = h - 0.5 * clmm_sparse_logdet(l->S);
    if (!isfinite(*ll))
        return -1;
    return grad ? laplace_gradient(l, w, grad) : 0;
}

int clmm_laplace_modes(clm_work *w, const double *par, size_t k, double *mode, double *sd)
{
    clmm_laplace *l = w->lap;
    double ll;
    if (clmm_laplace_eval(w, par, &ll, NULL) != 0 || clmm_sparse_selinv(l->S) != 0)
        return -1;
    for (size_t j = l->off[k]; j < l->off[k + 1]; j++) {
        mode[j - l->off[k]] = l->sig[k] * l->b[j];
        sd[j - l->off[k]] = l->sig[k] * sqrt(clmm_sparse_inv(l->S, j, j));
    }
    return 0;
}

int clmm_laplace_nomem(const clmm_laplace *l)
{
    return l && clmm_sparse_nomem(l->S);
}
