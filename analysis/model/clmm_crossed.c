/* clmm_crossed.c — the fit with several grouping factors (a school's and
 * its inspector's random intercepts, crossed or nested): the joint Laplace
 * approximation (clmm_laplace.c) maximised by the mixed model's optimiser
 * (clm_fit.c) over thresholds, coefficients and one log sigma per factor;
 * and the same model refitted without each factor, by the same
 * approximation, for each factor's likelihood-ratio test.  A variance
 * estimated at its boundary 0 makes the model the one without that factor,
 * whose own fit is then the answer (with a warning), as with one factor. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm_internal.h"
#include "clmm_sparse.h"
#include "../numerics/spd.h"
#include "icstat/strlist.h"

/* The fit of one subset (mask) of the factors, laid out for all of them:
 * x (nf + F) with -inf for the log sigma of a factor left out, v (np x np)
 * with NaN in the rows and columns of those. */
typedef struct {
    int done;
    int partial;        /* by BFGS alone (a refit for its log-likelihood): no v yet */
    double ll;
    double *x, *v;
    double *mode, *sd;  /* per factor's levels, all factors in turn (0 when left out) */
    size_t iters;
    double gmax;
} sub_fit;

typedef struct {
    const clmm_crossed_in *in;
    clm_work *w;
    const icstat_design *d;
    size_t F, nf, np, q;
    size_t off[CLMM_MAX_FACTORS + 1]; /* each factor's levels in mode, sd */
    sub_fit *fits;                    /* 2^F, by mask */
    icstat_error *err;
} crossed_ctx;

#define NOMEM(c) icstat_error_set((c)->err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

/* Room for one subset's fit. */
static int sub_alloc(crossed_ctx *c, sub_fit *s)
{
    s->x = malloc(c->np * sizeof *s->x);
    s->v = malloc(c->np * c->np * sizeof *s->v);
    s->mode = calloc(c->q ? c->q : 1, sizeof *s->mode);
    s->sd = calloc(c->q ? c->q : 1, sizeof *s->sd);
    return s->x && s->v && s->mode && s->sd ? 0 : -1;
}

/* The model without any random effect: the fixed fit. */
static int fit_none(crossed_ctx *c, sub_fit *s)
{
    const size_t nf = c->nf, np = c->np;
    if (sub_alloc(c, s) != 0)
        return NOMEM(c);
    memcpy(s->x, c->in->xs_fixed, nf * sizeof *s->x);
    for (size_t k = nf; k < np; k++)
        s->x[k] = -INFINITY;
    for (size_t i = 0; i < np; i++)
        for (size_t j = 0; j < np; j++)
            s->v[i * np + j] = i < nf && j < nf ? c->in->xs_fixed[nf + i * nf + j] : NAN;
    s->ll = c->in->ll0;
    s->done = 1;
    return ICSTAT_OK;
}

/* The Laplace approximation of a subset, or the data error of a problem
 * too large for it. */
static int setup_laplace(crossed_ctx *c, unsigned mask)
{
    const double nq = (double)c->d->n + (double)c->q;
    const double max_nnz = 5e6 + 10.0 * nq; /* a factor this size is linear in the data */
    double lnz, fl;
    const int st = clmm_laplace_alloc(c->w, mask, max_nnz, &c->w->lap, &lnz, &fl);
    if (st == CLMM_SPARSE_TOO_BIG)
        return icstat_error_set(
            c->err, ICSTAT_EDATA, NULL, 0,
            "the joint random effects of '%s' and '%s' are linked too widely: the sparse "
            "Cholesky factor of their mode problem would hold %.3g entries (%.0f MB, %.3g "
            "flops a step) for %zu rows and %zu groups, beyond the %.3g that memory linear "
            "in the data allows; this happens when groups of one factor meet groups of the "
            "other all over the data (inspectors assigned to schools at random nationally) "
            "rather than locally (within regions); fit one grouping factor, or the data of "
            "one region at a time",
            c->d->gfactors[0].name, c->d->gfactors[1].name, lnz, lnz * 20.0 / 1e6, fl,
            c->d->n, c->q, max_nnz);
    if (st != 0)
        return NOMEM(c);
    return ICSTAT_OK;
}

/* Which factors of mask have a sigma so small, or add so little to the
 * likelihood, that the model is the one without them: the one whose
 * removal costs least, or -1. */
static int boundary_factor(const crossed_ctx *c, unsigned mask, const double *x, double ll)
{
    int best = -1;
    double best_ll = -INFINITY;
    size_t k = 0;
    for (size_t f = 0; f < c->F; f++) {
        if (!(mask & (1u << f)))
            continue;
        const sub_fit *o = &c->fits[mask & ~(1u << f)];
        if ((exp(x[c->nf + k]) < 1e-4 || ll - o->ll < 5e-7) && o->ll > best_ll) {
            best = (int)f;
            best_ll = o->ll;
        }
        k++;
    }
    return best;
}

/* The estimate of subset mask at x (its active parameters): covariance
 * from the objective's Hessian (NaN without one, hess NULL), modes of its
 * factors. */
static int store_fit(crossed_ctx *c, unsigned mask, const double *x, const double *hess,
                     size_t na, sub_fit *s)
{
    const size_t nf = c->nf, np = c->np;
    double *inv = malloc(na * na * sizeof *inv);
    size_t map[CLMM_MAX_FACTORS + 256] = {0};
    if (!inv)
        return NOMEM(c);
    if (hess)
        memcpy(inv, hess, na * na * sizeof *inv);
    else
        for (size_t i = 0; i < na * na; i++)
            inv[i] = NAN;
    const int hi = hess ? icstat_spd_invert(inv, na) : 0;
    if (hi != 0) {
        free(inv);
        return hi == -2 ? NOMEM(c)
                        : icstat_error_set(c->err, ICSTAT_EDATA, NULL, 0,
                                           "the Hessian of the Laplace log-likelihood is not "
                                           "negative definite at the estimate; the model is not "
                                           "identified by these data");
    }
    /* Active parameter a sits at full index idx(a). */
    size_t k = 0;
    for (size_t f = 0; f < c->F; f++)
        if (mask & (1u << f))
            map[k++] = f;
    for (size_t i = 0; i < np; i++)
        s->x[i] = i < nf ? x[i] : -INFINITY;
    for (size_t a = 0; a < na - nf; a++)
        s->x[nf + map[a]] = x[nf + a];
    for (size_t i = 0; i < np * np; i++)
        s->v[i] = NAN;
    for (size_t a = 0; a < na; a++)
        for (size_t b = 0; b < na; b++) {
            const size_t ia = a < nf ? a : nf + map[a - nf], ib = b < nf ? b : nf + map[b - nf];
            s->v[ia * np + ib] = inv[a * na + b];
        }
    free(inv);
    for (size_t a = 0; a < na - nf; a++) {
        const size_t f = map[a];
        if (clmm_laplace_modes(c->w, x, a, s->mode + c->off[f], s->sd + c->off[f]) != 0)
            return NOMEM(c);
    }
    return ICSTAT_OK;
}

static int fit_mask(crossed_ctx *c, unsigned mask);
static int complete(crossed_ctx *c, unsigned mask);

/* Optimise subset mask (its smaller subsets fitted already) from the fixed
 * fit and sigma = 0.5 for each of its factors: in full (Newton steps and
 * the Hessian, for the covariance), or, for a refit whose log-likelihood
 * alone the tests need, by BFGS alone (partial: the Hessian's n_par
 * evaluations, each a sparse factorisation, were a third of the run). */
static int optimise(crossed_ctx *c, unsigned mask, sub_fit *s, int full)
{
    const size_t nf = c->nf;
    size_t na = nf;
    for (size_t f = 0; f < c->F; f++)
        na += (mask >> f) & 1u;
    double *x = malloc(na * sizeof *x), *hinv0 = calloc(na * na, sizeof *hinv0),
           *hess = malloc(na * na * sizeof *hess);
    int st = ICSTAT_OK;
    if (!x || !hinv0 || !hess || sub_alloc(c, s) != 0) {
        st = NOMEM(c);
        goto done;
    }
    memcpy(x, c->in->xs_fixed, nf * sizeof *x);
    for (size_t i = 0; i < nf; i++)
        for (size_t j = 0; j < nf; j++)
            hinv0[i * na + j] = c->in->xs_fixed[nf + i * nf + j];
    for (size_t a = nf, f = 0; f < c->F; f++)
        if (mask & (1u << f)) {
            x[a] = log(0.5);
            hinv0[a * na + a] = 2.0 / (double)c->d->gfactors[f].n_levels;
            a++;
        }
    if ((st = setup_laplace(c, mask)) != ICSTAT_OK)
        goto done;
    c->w->npar = na;
    c->w->bfgs_only = !full;
    double ll, gmax, dec;
    const int ms = clm_fit_mixed(c->w, x, hinv0, hess, &ll, &s->iters, &gmax, &dec,
                                 c->in->opt->max_iter ? c->in->opt->max_iter : 500, c->in->dl);
    c->w->bfgs_only = 0;
    s->gmax = gmax;
    s->ll = ll;
    double smallest = INFINITY;
    for (size_t a = nf; a < na; a++)
        smallest = fmin(smallest, exp(x[a]));
    if (ms == FIT_NOMEM || clmm_laplace_nomem(c->w->lap))
        st = NOMEM(c);
    else if (ms == FIT_TIME)
        st = icstat_error_set(c->err, ICSTAT_EDATA, NULL, 0,
                              "the mixed model was stopped by the time bound of %g s after %zu "
                              "iterations, before converging (largest gradient %.3g)%s%s",
                              c->in->dl->limit, s->iters, gmax,
                              c->in->opt->time_option ? "; allow more time with " : "",
                              c->in->opt->time_option ? c->in->opt->time_option : "");
    else if (ms != 0 && !(smallest < 1e-3))
        st = icstat_error_set(c->err, ICSTAT_EDATA, NULL, 0,
                              "the mixed model did not converge after %zu iterations (largest "
                              "gradient %.3g, Newton decrement %.3g)", s->iters, gmax, dec);
    if (st != ICSTAT_OK)
        goto done;
    const int bf = ms != 0 ? -2 : boundary_factor(c, mask, x, ll);
    if (bf != -1) {
        /* At the boundary: the fit without the factor (or, when the
         * optimiser crept towards sigma = 0 without converging, without
         * the factors whose sigma is smallest). */
        int drop = bf;
        for (size_t a = nf, f = 0; bf < 0 && f < c->F; f++)
            if (mask & (1u << f)) {
                if (drop < 0 && exp(x[a]) == smallest)
                    drop = (int)f;
                a++;
            }
        if (drop < 0) { /* mask has a factor, and smallest is one of theirs */
            st = icstat_error_set(c->err, ICSTAT_EDATA, NULL, 0,
                                  "the mixed model did not converge after %zu iterations",
                                  s->iters);
            goto done;
        }
        const sub_fit *o = &c->fits[mask & ~(1u << drop)];
        if (full && o->partial) {
            clmm_laplace_free(c->w->lap); /* this subset's: complete makes its own */
            c->w->lap = NULL;
            if ((st = complete(c, mask & ~(1u << drop))) != ICSTAT_OK)
                goto done;
        }
        s->partial = o->partial;
        memcpy(s->x, o->x, c->np * sizeof *s->x);
        memcpy(s->v, o->v, c->np * c->np * sizeof *s->v);
        memcpy(s->mode, o->mode, c->q * sizeof *s->mode);
        memcpy(s->sd, o->sd, c->q * sizeof *s->sd);
        s->ll = o->ll;
    } else {
        st = store_fit(c, mask, x, full ? hess : NULL, na, s);
        s->partial = !full;
    }
done:
    clmm_laplace_free(c->w->lap);
    c->w->lap = NULL;
    free(x);
    free(hinv0);
    free(hess);
    return st;
}

/* The fit of subset mask, after those of its subsets without one factor. */
static int fit_mask(crossed_ctx *c, unsigned mask)
{
    sub_fit *s = &c->fits[mask];
    if (s->done)
        return ICSTAT_OK;
    if (!mask)
        return fit_none(c, s);
    for (size_t f = 0; f < c->F; f++)
        if (mask & (1u << f)) {
            const int st = fit_mask(c, mask & ~(1u << f));
            if (st != ICSTAT_OK)
                return st;
        }
    const int st = optimise(c, mask, s, mask + 1 == 1u << c->F);
    s->done = st == ICSTAT_OK;
    return st;
}

/* Subset mask fitted in full, when the model with every factor turns out
 * to be it (a variance at 0) and a covariance is wanted of what was a
 * refit by BFGS alone. */
static int complete(crossed_ctx *c, unsigned mask)
{
    sub_fit *s = &c->fits[mask];
    free(s->x);
    free(s->v);
    free(s->mode);
    free(s->sd);
    *s = (sub_fit){0};
    const int st = optimise(c, mask, s, 1);
    s->done = st == ICSTAT_OK;
    return st;
}

/* The answer from the fit of every factor: estimates, the per-factor
 * modes and refits, the warnings of variances at 0. */
static int fill_fit(crossed_ctx *c, double *xs, double *vs, icstat_clm_fit *f)
{
    const unsigned all = (1u << c->F) - 1u;
    const sub_fit *s = &c->fits[all];
    memcpy(xs, s->x, c->np * sizeof *xs);
    memcpy(vs, s->v, c->np * c->np * sizeof *vs);
    f->loglik = s->ll;
    f->iterations = s->iters;
    f->max_gradient = s->gmax;
    f->converged = 1;
    f->n_factors = c->F;
    const size_t F1 = c->F ? c->F : 1; /* F > 1 here */
    f->factor_levels = malloc(F1 * sizeof *f->factor_levels);
    f->factor_mode = calloc(F1, sizeof *f->factor_mode);
    f->factor_mode_sd = calloc(F1, sizeof *f->factor_mode_sd);
    f->loglik_without = malloc(F1 * sizeof *f->loglik_without);
    if (!f->factor_levels || !f->factor_mode || !f->factor_mode_sd || !f->loglik_without)
        return NOMEM(c);
    for (size_t g = 0; g < c->F; g++) {
        const size_t L = c->d->gfactors[g].n_levels;
        f->factor_levels[g] = L;
        f->loglik_without[g] = c->fits[all & ~(1u << g)].ll;
        f->factor_mode[g] = malloc(L * sizeof **f->factor_mode);
        f->factor_mode_sd[g] = malloc(L * sizeof **f->factor_mode_sd);
        if (!f->factor_mode[g] || !f->factor_mode_sd[g])
            return NOMEM(c);
        memcpy(f->factor_mode[g], s->mode + c->off[g], L * sizeof **f->factor_mode);
        memcpy(f->factor_mode_sd[g], s->sd + c->off[g], L * sizeof **f->factor_mode_sd);
        if (isinf(xs[c->nf + g]) &&
            icstat_strlist_addf(&f->warnings, &f->n_warnings,
                                "the variance of '%s' is estimated at its boundary, 0: the "
                                "data show no differences between its groups beyond chance "
                                "and the other grouping factors; the estimates are those of "
                                "the model without '%s', no standard error or interval can "
                                "be given for its variance (nor for its latent_icc and "
                                "median_odds_ratio), and its likelihood-ratio test has p = 1",
                                c->d->gfactors[g].name, c->d->gfactors[g].name) != 0)
            return NOMEM(c);
    }
    for (unsigned m = 0; m < all; m++)
        f->refit_iterations += c->fits[m].iters;
    const size_t L0 = c->d->n_groups;
    f->n_groups = L0;
    f->mode = malloc((L0 ? L0 : 1) * sizeof *f->mode);
    f->mode_sd = malloc((L0 ? L0 : 1) * sizeof *f->mode_sd);
    if (!f->mode || !f->mode_sd || !f->factor_mode[0] || !f->factor_mode_sd[0])
        return NOMEM(c); /* (factor 0's modes are there: F > 1) */
    memcpy(f->mode, f->factor_mode[0], L0 * sizeof *f->mode);
    memcpy(f->mode_sd, f->factor_mode_sd[0], L0 * sizeof *f->mode_sd);
    return ICSTAT_OK;
}

int clmm_crossed_fit(const clmm_crossed_in *in, double *xs, double *vs, icstat_clm_fit *f)
{
    const icstat_design *d = in->w->d;
    crossed_ctx c = {.in = in, .w = in->w, .d = d, .F = d->n_gfactors,
                     .nf = in->w->k1 + in->w->p, .err = in->err};
    if (c.F > CLMM_MAX_FACTORS)
        return icstat_error_set(in->err, ICSTAT_EUSAGE, NULL, 0,
                                "at most %d grouping factors", CLMM_MAX_FACTORS);
    c.np = c.nf + c.F;
    for (size_t g = 0; g < c.F; g++)
        c.off[g + 1] = c.off[g] + d->gfactors[g].n_levels;
    c.q = c.off[c.F];
    const size_t nfit = (size_t)1 << c.F;
    int st = (c.fits = calloc(nfit, sizeof *c.fits)) ? ICSTAT_OK : NOMEM(&c);
    if (st == ICSTAT_OK)
        st = fit_mask(&c, (unsigned)(nfit - 1));
    if (st == ICSTAT_OK)
        st = fill_fit(&c, xs, vs, f);
    for (size_t m = 0; c.fits && m < nfit; m++) {
        free(c.fits[m].x);
        free(c.fits[m].v);
        free(c.fits[m].mode);
        free(c.fits[m].sd);
    }
    free(c.fits);
    return st;
}
