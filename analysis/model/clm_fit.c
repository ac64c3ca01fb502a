/* clm_fit.c — fitting cumulative link models: starting values, Newton's
 * method for the fixed-effects model, BFGS and Newton steps for the
 * marginal likelihood of the mixed model, standard errors, and the map
 * back from standardised to the user's columns. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clm_internal.h"
#include "../numerics/spd.h"
#include "icstat/strlist.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

void icstat_clm_fit_free(icstat_clm_fit *f)
{
    if (!f)
        return;
    icstat_strlist_free(&f->warnings, &f->n_warnings);
    free(f->par);
    free(f->vcov);
    free(f->mode);
    free(f->mode_sd);
    for (size_t g = 0; g < f->n_factors && f->factor_mode; g++)
        free(f->factor_mode[g]);
    for (size_t g = 0; g < f->n_factors && f->factor_mode_sd; g++)
        free(f->factor_mode_sd[g]);
    free(f->factor_mode);
    free(f->factor_mode_sd);
    free(f->factor_levels);
    free(f->loglik_without);
    free(f);
}

double icstat_clm_se(const icstat_clm_fit *f, size_t i)
{
    const double v = f->vcov[i * f->npar + i];
    return v >= 0.0 ? sqrt(v) : NAN;
}

void icstat_clm_probs(const icstat_clm_fit *f, icstat_link link, double eta, double *prob)
{
    /* Each category from its own two cut points (not differences of a
     * running cdf), so that small probabilities keep their digits. */
    for (size_t j = 0; j <= f->k1; j++)
        prob[j] = icstat_link_prob(link, j < f->k1 ? f->par[j] - eta : INFINITY,
                                   j > 0 ? f->par[j - 1] - eta : -INFINITY);
}

static double max_abs(const double *v, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        m = fmax(m, fabs(v[i]));
    return m;
}


static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Every iterative loop is bounded in steps and, through this, in time: a
 * fit that would run for hours (a huge file on a slow machine) becomes an
 * error naming the bound.  The bound is checked only between steps, so it
 * can stop a fit but never change the answer of one that converges. */
typedef clm_deadline deadline; /* limit <= 0: none */

static int past(const deadline *dl)
{
    return dl->limit > 0.0 && now_seconds() - dl->start > dl->limit;
}

/* Newton decrement g'H^-1 g below this: every estimate is within 1e-6 of
 * its standard error of the optimum (the decrement is the squared
 * distance in standard errors), whatever n.  A gradient tolerance cannot
 * do this: the gradient is a sum over n rows whose rounding grows with n,
 * and at 4,000,000 rows a fixed 1e-3 was never reached. */
#define DECREMENT_TOL 1e-12

/* Newton's method on the fixed-effects log-likelihood (concave for these
 * links), from thresholds at the cumulative proportions and beta = 0.
 * Leaves the estimate in par and the negative Hessian in info, and the
 * last Newton decrement in *dec.  Returns 0 or a FIT_ code. */
static int fit_fixed(clm_work *w, double *par, double *info, double *ll, size_t *iters,
                     double *gmax, double *dec, const deadline *dl)
{
    const size_t np = w->k1 + w->p;
    const icstat_design *d = w->d;
    double cum = 0.0;
    for (size_t j = 0; j < w->k1; j++) {
        cum += (double)d->cat_count[j] / (double)d->n;
        par[j] = icstat_link_quantile(w->link, cum);
    }
    memset(par + w->k1, 0, w->p * sizeof *par);
    double *g = malloc(np * sizeof *g), *step = malloc(np * sizeof *step),
           *trial = malloc(np * sizeof *trial), *a = malloc(np * np * sizeof *a);
    int st = FIT_NOCONV;
    *dec = INFINITY;
    if (!g || !step || !trial || !a) {
        st = FIT_NOMEM;
        goto done;
    }
    if (clm_fixed_eval(w, par, ll, g, info) != 0)
        goto done;
    for (*iters = 0; *iters < 200; (*iters)++) {
        for (size_t i = 0; i < np * np; i++)
            info[i] = -info[i];
        *gmax = max_abs(g, np);
        if (*gmax == 0.0) {
            st = 0;
            break;
        }
        memcpy(a, info, np * np * sizeof *a);
        if (icstat_spd_solve(a, g, step, np) != 0) {
            st = FIT_SINGULAR;
            break;
        }
        *dec = 0.0;
        for (size_t i = 0; i < np; i++)
            *dec += g[i] * step[i];
        if (*dec < DECREMENT_TOL) {
            st = 0;
            break;
        }
        if (past(dl)) {
            st = FIT_TIME;
            break;
        }
        double t = 1.0, lln = -INFINITY;
        for (; t > 1e-10; t *= 0.5) {
            for (size_t i = 0; i < np; i++)
                trial[i] = par[i] + t * step[i];
            if (clm_fixed_eval(w, trial, &lln, NULL, NULL) == 0 &&
                lln >= *ll - 1e-12 * (1.0 + fabs(*ll)))
                break;
        }
        if (!(t > 1e-10)) {
            st = 0; /* no ascent left: at the maximum to rounding */
            break;
        }
        memcpy(par, trial, np * sizeof *par);
        if (clm_fixed_eval(w, par, ll, g, info) != 0)
            goto done;
    }
    /* On success info already holds -H at par: every exit from the loop
     * comes after the negation at its top, with par unchanged since. */
done:
    free(g);
    free(step);
    free(trial);
    free(a);
    return st;
}

/* Objective of the mixed model for minimisation: -loglik and -gradient. */
static int mixed_f(clm_work *w, const double *x, double *f, double *g)
{
    double ll;
    if ((w->lap ? clmm_laplace_eval(w, x, &ll, g) : clmm_eval(w, x, &ll, g)) != 0 ||
        !isfinite(ll))
        return -1;
    *f = -ll;
    if (g)
        for (size_t i = 0; i < w->npar; i++)
            g[i] = -g[i];
    return 0;
}

/* mixed_f's gradient, for clm_hessian_column. */
static int objective_gradient(void *w, const double *xp, double *gp)
{
    double f;
    return mixed_f(w, xp, &f, gp);
}

/* Hessian of the objective by forward differences of the exact gradient
 * g0 at x (one evaluation per parameter), symmetrised, one column after
 * another: the joint Laplace approximation of several grouping factors,
 * whose state (the sparse factor) clm_work_clone does not copy.  0,
 * FIT_NOCONV when the objective cannot be evaluated, or FIT_NOMEM. */
static int serial_hessian(clm_work *w, const double *x, const double *g0, double *hess)
{
    const size_t n = w->npar;
    double *xp = malloc(n * sizeof *xp), *gp = malloc(n * sizeof *gp);
    int st = (xp && gp) ? 0 : FIT_NOMEM;
    for (size_t i = 0; i < n && st == 0; i++)
        if (clm_hessian_column(n, x, g0, i, objective_gradient, w, xp, gp, hess) != 0)
            st = w->lap && clmm_laplace_nomem(w->lap) ? FIT_NOMEM : FIT_NOCONV;
    if (st == 0)
        clm_hessian_symmetrise(hess, n);
    free(xp);
    free(gp);
    return st;
}

/* The objective's Hessian at x (w's last evaluation there, with the
 * gradient g0): one grouping factor's columns on threads (clmm_hessian),
 * several factors' one after another.  0, FIT_NOCONV or FIT_NOMEM. */
static int mixed_hessian(clm_work *w, const double *x, const double *g0, double *hess)
{
    if (w->lap)
        return serial_hessian(w, x, g0, hess);
    const int st = clmm_hessian(w, x, g0, hess);
    return st == 0 ? 0 : st == -2 ? FIT_NOMEM : FIT_NOCONV;
}

/* Backtracking line search along dir from x: the first of t = 1, 1/2, ...
 * with sufficient decrease.  Returns 0 and updates x, f, g; -1 if none. */
static int line_search(clm_work *w, double *x, double *f, double *g, const double *dir,
                       double *xn, double *gn)
{
    const size_t n = w->npar;
    double slope = 0.0;
    for (size_t i = 0; i < n; i++)
        slope += g[i] * dir[i];
    /* No step may move log sigma or a standardised coefficient by more than 3. */
    double t = fmin(1.0, 3.0 / fmax(max_abs(dir, n), 1e-300));
    for (int k = 0; k < 60; k++, t *= 0.5) {
        double fn;
        for (size_t i = 0; i < n; i++)
            xn[i] = x[i] + t * dir[i];
        if (mixed_f(w, xn, &fn, gn) == 0 && fn <= *f + 1e-4 * t * slope) {
            memcpy(x, xn, n * sizeof *x);
            memcpy(g, gn, n * sizeof *g);
            *f = fn;
            return 0;
        }
    }
    return -1;
}

/* The mixed optimiser's state, shared by its two stages: the point x (the
 * caller's array), the objective f and gradient g there, and scratch. */
typedef struct {
    clm_work *w;
    size_t n;
    double *x, f, *g;
    double *dir, *xn, *gn, *hinv, *sv, *yv, *hy, *a; /* n, n, n, n x n, n, n, n, n x n */
    double *hess;       /* the objective's Hessian, n x n, for the caller */
    int fresh;          /* the last evaluation was at x: the modes are x's */
    size_t *iters;
    double *decrement;
    const deadline *dl;
} mixed_opt;

/* BFGS from the inverse Hessian in o->hinv, until the gradient is small
 * (1e-3) or, whatever n, the decrement under its own inverse Hessian
 * (-slope) is: the Newton steps then judge convergence.  FIT_NOCONV (go
 * on) or FIT_TIME. */
static int mixed_bfgs(mixed_opt *o, const double *hinv0, size_t max_iter)
{
    clm_work *w = o->w;
    const size_t n = o->n;
    double *x = o->x, *g = o->g, *dir = o->dir, *hinv = o->hinv, *sv = o->sv, *yv = o->yv,
           *hy = o->hy;
    const double gtol = 1e-3;
    for (*o->iters = 0; *o->iters < max_iter && max_abs(g, n) > gtol; (*o->iters)++) {
        if (past(o->dl))
            return FIT_TIME;
        double slope = 0.0;
        for (size_t i = 0; i < n; i++) {
            dir[i] = 0.0;
            for (size_t j = 0; j < n; j++)
                dir[i] -= hinv[i * n + j] * g[j];
            slope += dir[i] * g[i];
        }
        if (!(slope < 0.0)) { /* lost the descent direction: restart */
            memcpy(hinv, hinv0, n * n * sizeof *hinv);
            continue;
        }
        if (-slope < 1e-8)
            break;
        memcpy(sv, x, n * sizeof *sv);
        memcpy(yv, g, n * sizeof *yv);
        o->fresh = line_search(w, x, &o->f, g, dir, o->xn, o->gn) == 0;
        if (!o->fresh)
            break;
        double sy = 0.0, yhy = 0.0;
        for (size_t i = 0; i < n; i++) {
            sv[i] = x[i] - sv[i];
            yv[i] = g[i] - yv[i];
            sy += sv[i] * yv[i];
        }
        if (!(sy > 1e-12))
            continue;
        for (size_t i = 0; i < n; i++) {
            hy[i] = 0.0;
            for (size_t j = 0; j < n; j++)
                hy[i] += hinv[i * n + j] * yv[j];
            yhy += yv[i] * hy[i];
        }
        /* H+ = H + (sy + y'Hy) ss'/sy^2 - (Hy s' + s y'H)/sy */
        const double c = (sy + yhy) / (sy * sy);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                hinv[i * n + j] += c * sv[i] * sv[j] - (hy[i] * sv[j] + sv[i] * hy[j]) / sy;
    }
    /* The analyzer, reaching this from clm_fit_mixed, loses o's arrays
     * across line_search; fit_mixed frees them all. */
    return FIT_NOCONV; /* NOLINT(clang-analyzer-unix.Malloc) */
}

/* The decrement at which the mixed model's Newton steps stop.  With
 * several grouping factors (the sparse Laplace approximation) also once
 * the log-likelihood still to gain, about half the decrement, is below
 * what its rounding can show (1e3 ulps of f, at most 1e-6): a line search
 * there cannot see a decrease and spent 60 evaluations, each a sparse
 * factorisation, and a new Hessian, finding none.  One grouping factor
 * keeps DECREMENT_TOL, and so its answers to the last digit. */
static double newton_tol(const clm_work *w, double f)
{
    return w->lap ? fmax(DECREMENT_TOL, fmin(1e-6, 1e3 * DBL_EPSILON * fabs(f))) : DECREMENT_TOL;
}

/* The rounding of the objective, a sum over the rows: differences of f
 * below it say nothing (64 units in the last place of f; a decrement of
 * 1e-10 at 1,000,000 rows, f = 1e6, is below it). */
static double rounding_of(double f)
{
    return 64.0 * DBL_EPSILON * (1.0 + fabs(f));
}

/* Newton's full step along o->dir from o->x, taken when the objective
 * there is within its rounding of f (xn, gn scratch).  0 and x, f, g
 * updated; -1 if not. */
static int full_step(mixed_opt *o, double *xn, double *gn)
{
    const size_t n = o->n;
    double fn;
    for (size_t i = 0; i < n; i++)
        xn[i] = o->x[i] + o->dir[i];
    if (mixed_f(o->w, xn, &fn, gn) != 0 || !(fn <= o->f + rounding_of(o->f)))
        return -1;
    memcpy(o->x, xn, n * sizeof *xn);
    memcpy(o->g, gn, n * sizeof *gn);
    o->f = fn;
    return 0;
}

/* Newton steps on a differenced Hessian, kept while they make progress
 * (the chord method: near the optimum the Hessian hardly changes), and
 * taken afresh at the end if the estimate moved, for the standard errors.
 * The gradient of a log-likelihood summed over tens of thousands of rows
 * cannot be driven to a fixed small number: once the remaining gain is
 * below rounding the line search stalls.  So convergence is also judged
 * by the Newton decrement g'H^-1 g, about twice the log-likelihood still
 * to gain and the squared distance to the optimum in standard errors:
 * below 1e-6, every estimate is within 0.001 of its standard error of the
 * optimum, whatever n.  0, FIT_NOCONV, FIT_TIME or FIT_NOMEM. */
static int mixed_newton(mixed_opt *o)
{
    clm_work *w = o->w;
    const size_t n = o->n;
    double *x = o->x, *g = o->g, *dir = o->dir, *hess = o->hess, *yv = o->yv, *a = o->a;
    double *xh = o->xn; /* where the Hessian was taken */
    int have_hessian = 0, hs, st = FIT_NOCONV, blind = 0;
    for (int round = 0; round < 4 && st != 0; round++) {
        if (past(o->dl))
            return FIT_TIME;
        /* f, g and the modes are x's unless the last evaluation was elsewhere
         * (a failed line search, the last Hessian): one evaluation fewer. */
        if (!o->fresh && mixed_f(w, x, &o->f, g) != 0)
            return st;
        if ((hs = mixed_hessian(w, x, g, hess)) != 0) /* leaves w at x */
            return hs;
        memcpy(xh, x, n * sizeof *xh);
        have_hessian = 1;
        for (int step = 0; step < 20; step++, (*o->iters)++) {
            if (max_abs(g, n) < 1e-7) {
                st = 0;
                break;
            }
            memcpy(a, hess, n * n * sizeof *a);
            for (size_t i = 0; i < n; i++)
                yv[i] = -g[i];
            *o->decrement = INFINITY;
            if (icstat_spd_solve(a, yv, dir, n) != 0) { /* a ridge: steepest descent */
                for (size_t i = 0; i < n; i++)
                    dir[i] = -g[i];
            } else {
                *o->decrement = 0.0;
                for (size_t i = 0; i < n; i++)
                    *o->decrement -= g[i] * dir[i];
                if (*o->decrement < newton_tol(w, o->f)) {
                    st = 0;
                    break;
                }
            }
            if (past(o->dl))
                return FIT_TIME;
            if (*o->decrement < rounding_of(o->f)) {
                /* The gain left is below the objective's rounding, where a
                 * line search cannot tell better from worse and halves its
                 * step dozens of times: Newton's full step, once, whose
                 * next decrement (quadratic convergence) ends the loop. */
                if (blind) {
                    st = 0;
                    break;
                }
                blind = 1;
                o->fresh = full_step(o, o->sv, o->gn) == 0;
            } else {
                o->fresh = line_search(w, x, &o->f, g, dir, o->sv, o->gn) == 0;
            }
            if (!o->fresh)
                break;
        }
        if (st != 0 && (max_abs(g, n) < 1e-4 || *o->decrement < 1e-6))
            st = 0; /* as far as the arithmetic allows */
    }
    if (st == 0 && have_hessian) {
        double moved = 0.0;
        for (size_t i = 0; i < n; i++)
            moved = fmax(moved, fabs(x[i] - xh[i]) / (1.0 + fabs(x[i])));
        if (moved > 1e-6) {
            if (!o->fresh && mixed_f(w, x, &o->f, g) != 0)
                st = FIT_NOCONV;
            else if ((hs = mixed_hessian(w, x, g, hess)) != 0)
                st = hs;
        }
    }
    return st;
}

/* BFGS on the marginal likelihood from inverse Hessian hinv0, then Newton
 * steps with a differenced Hessian; on return hess holds the objective's
 * Hessian at x (with w->bfgs_only: BFGS alone, hess untouched).  With one
 * grouping factor hinv0 is first made to allow for the groups
 * (clmm_start_metric, overwriting it); the joint Laplace fit of several
 * starts from it as given.
 * 0, FIT_NOCONV, FIT_TIME or FIT_NOMEM. */
static int fit_mixed(clm_work *w, double *x, double *hinv0, double *hess, double *ll,
                     size_t *iters, double *gmax, double *decrement, size_t max_iter,
                     const deadline *dl)
{
    const size_t n = w->npar;
    mixed_opt o = {.w = w, .n = n, .x = x, .f = NAN, .hess = hess, .iters = iters,
                   .decrement = decrement, .dl = dl};
    o.g = malloc(n * sizeof *o.g);
    o.dir = malloc(n * sizeof *o.dir);
    o.xn = malloc(n * sizeof *o.xn);
    o.gn = malloc(n * sizeof *o.gn);
    o.hinv = malloc(n * n * sizeof *o.hinv);
    o.sv = malloc(n * sizeof *o.sv);
    o.yv = malloc(n * sizeof *o.yv);
    o.hy = malloc(n * sizeof *o.hy);
    o.a = malloc(n * n * sizeof *o.a);
    int st = FIT_NOCONV;
    *iters = 0;
    *decrement = INFINITY;
    if (!o.g || !o.dir || !o.xn || !o.gn || !o.hinv || !o.sv || !o.yv || !o.hy || !o.a) {
        st = FIT_NOMEM;
    } else if (mixed_f(w, x, &o.f, o.g) == 0) {
        o.fresh = 1;
        if (!w->lap && clmm_start_metric(w, hinv0) != 0) {
            st = FIT_NOMEM;
        } else {
            memcpy(o.hinv, hinv0, n * n * sizeof *o.hinv);
            st = mixed_bfgs(&o, hinv0, max_iter);
            if (st != FIT_TIME && w->bfgs_only) /* no Hessian in hess then */
                st = *iters < max_iter ? 0 : FIT_NOCONV;
            else if (st != FIT_TIME)
                st = mixed_newton(&o);
        }
    }
    *ll = -o.f;
    *gmax = o.g ? max_abs(o.g, n) : NAN;
    free(o.g);
    free(o.dir);
    free(o.xn);
    free(o.gn);
    free(o.hinv);
    free(o.sv);
    free(o.yv);
    free(o.hy);
    free(o.a);
    return st;
}

int clm_fit_mixed(clm_work *w, double *x, double *hinv0, double *hess, double *ll,
                  size_t *iters, double *gmax, double *decrement, size_t max_iter,
                  const clm_deadline *dl)
{
    return fit_mixed(w, x, hinv0, hess, ll, iters, gmax, decrement, max_iter, dl);
}

/* out = A v for the map A from the standardised scale to the user's:
 * out_m = v_m + sum_j (c_j / s_j) v_{k1+j} for the thresholds and
 * out_{k1+j} = v_{k1+j} / s_j for the coefficients; v and out are read and
 * written with strides.  O(k1 p), where a dense product is O(p^2). */
static void apply_map(const clm_work *w, const double *v, size_t vs, double *out, size_t os)
{
    const size_t k1 = w->k1, p = w->p;
    for (size_t m = 0; m < k1; m++) {
        double s = v[m * vs];
        for (size_t j = 0; j < p; j++)
            s += w->center[j] / w->scale[j] * v[(k1 + j) * vs];
        out[m * os] = s;
    }
    for (size_t j = 0; j < p; j++)
        out[(k1 + j) * os] = v[(k1 + j) * vs] / w->scale[j];
}

/* Estimates and covariance from the standardised scale to the user's:
 * beta_j = beta'_j / s_j and theta_m = theta'_m + sum_j c_j beta'_j / s_j,
 * that is par = A xs and vcov = A vs A' (through apply_map, so O(k1 p^2)
 * rather than the p^3 of dense products: a factor with thousands of
 * levels made this the slowest step).  log sigma (index nf, when present)
 * is unchanged and mixes with nothing, so its entries (possibly NaN or
 * -inf at the boundary) are copied.  0, or FIT_NOMEM. */
static int unstandardise(const clm_work *w, const double *xs, const double *vs, size_t np,
                         double *par, double *vcov)
{
    const size_t nf = w->k1 + w->p;
    double *tmp = malloc(nf * nf * sizeof *tmp); /* A vs, restricted to nf x nf */
    if (!tmp)
        return FIT_NOMEM;
    apply_map(w, xs, 1, par, 1);
    for (size_t l = 0; l < nf; l++)
        apply_map(w, vs + l, np, tmp + l, nf);  /* column l of A vs */
    for (size_t i = 0; i < nf; i++)
        apply_map(w, tmp + i * nf, 1, vcov + i * np, 1); /* row i of (A vs) A' */
    for (size_t i = nf; i < np; i++) {
        par[i] = xs[i];
        /* Covariances of log sigma with the others, mapped by A. */
        apply_map(w, vs + i * np, 1, vcov + i * np, 1);
        for (size_t j = 0; j < nf; j++)
            vcov[j * np + i] = vcov[i * np + j];
        for (size_t j = nf; j < np; j++)
            vcov[i * np + j] = vcov[j * np + i] = vs[i * np + j];
    }
    free(tmp);
    return 0;
}

/* Quasi-complete separation that the rows show directly: every row at one
 * level of a categorical term (the reference level included) lies in the
 * lowest or in the highest outcome category.  Moving that level's
 * coefficient towards that end (for the reference level: the other levels'
 * coefficients and the thresholds together) then raises the likelihood of
 * those rows and leaves every other row's alone, so no finite maximum
 * exists (Albert & Anderson 1984; Agresti 2010, sec. 3.4.5).  Exact, and it
 * names the level; separation by combinations of columns is left to
 * separated_term.  Fills *term, *level, *count, *top; 0 when found, -1
 * when not, FIT_NOMEM. */
static int separated_level(const icstat_design *d, size_t *term, size_t *level, size_t *count,
                           int *top)
{
    const size_t p = d->p;
    for (size_t t = 0; t < d->n_terms; t++) {
        const icstat_term *tm = &d->terms[t];
        if (!tm->categorical)
            continue;
        /* One pass: each row's level (0, the reference, when no indicator
         * is set), and per level the count and the lowest and highest
         * category. */
        const size_t L = tm->ncols + 1; /* the levels: the reference and one per column */
        size_t *n = calloc(L, sizeof *n);
        int *lo = malloc(L * sizeof *lo), *hi = malloc(L * sizeof *hi);
        if (!n || !lo || !hi) {
            free(n), free(lo), free(hi);
            return FIT_NOMEM;
        }
        for (size_t l = 0; l < L; l++) {
            lo[l] = (int)d->k;
            hi[l] = -1;
        }
        for (size_t r = 0; r < d->n; r++) {
            const double *x = d->x + r * p + tm->first_col;
            size_t l = 0;
            for (size_t c = 0; c < tm->ncols && !l; c++)
                if (x[c] != 0.0)
                    l = c + 1;
            n[l]++;
            lo[l] = d->y[r] < lo[l] ? d->y[r] : lo[l];
            hi[l] = d->y[r] > hi[l] ? d->y[r] : hi[l];
        }
        int found = 0;
        for (size_t l = 0; l < L && !found; l++)
            if (n[l] && (hi[l] == 0 || lo[l] == (int)d->k - 1)) {
                *term = t;
                *level = l;
                *count = n[l];
                *top = lo[l] == (int)d->k - 1;
                found = 1;
            }
        free(n), free(lo), free(hi);
        if (found)
            return 0;
    }
    return -1;
}

/* A coefficient running off to infinity (separation through numeric
 * columns or combinations of them): Newton's method stops where the
 * gradient has vanished to rounding, with the coefficient far out and a
 * standard error that dwarfs it.  Judged on two scales: standardised (huge
 * and within two standard errors of 0) and across the column's observed
 * range (a shift of more than 3 on the latent scale, an odds ratio of 20
 * for the logit, and within 0.05 standard errors of 0: no finite estimate
 * has so little information about so large an effect).  The second
 * catches rare levels, whose standardised coefficients stay small.  The
 * column's index, -1 when none, -2 without memory. */
static long separated_term(const clm_work *w, const double *xs, const double *vs, size_t np)
{
    const icstat_design *d = w->d;
    const size_t p = w->p;
    /* Each column's observed range, row by row (a pass down each column
     * of the row-major x was a cache miss per value). */
    double *lo = malloc((p ? p : 1) * sizeof *lo), *hi = malloc((p ? p : 1) * sizeof *hi);
    if (!lo || !hi) {
        free(lo);
        free(hi);
        return -2;
    }
    for (size_t j = 0; j < p; j++) {
        lo[j] = INFINITY;
        hi[j] = -INFINITY;
    }
    for (size_t r = 0; r < d->n; r++)
        for (size_t j = 0; j < p; j++) {
            lo[j] = fmin(lo[j], d->x[r * p + j]);
            hi[j] = fmax(hi[j], d->x[r * p + j]);
        }
    long found = -1;
    for (size_t j = 0; j < p && found < 0; j++) {
        const size_t i = w->k1 + j;
        const double v = vs[i * np + i], b = fabs(xs[i]);
        const double shift = b / w->scale[j] * (hi[j] - lo[j]);
        const double z = v > 0.0 ? b / sqrt(v) : 0.0;
        if ((b > 8.0 && z < 2.0) || (shift > 3.0 && z < 0.05))
            found = (long)j;
    }
    free(lo);
    free(hi);
    return found;
}

/* Near-collinear terms, which the fit would otherwise report as
 * separation or a singular information matrix: the design's exact
 * collinearity is refused when it is built (design.c), but two numeric
 * columns that agree to four digits pass that check and leave the
 * likelihood almost flat along their difference.  Cholesky factorisation
 * of the standardised columns' correlation matrix gives, column by column,
 * 1 - R^2 of its regression on the earlier columns; the first with R^2
 * above 0.9999 (a variance inflation over 10,000) is named with the
 * earlier columns that carry that regression.  Fills buf with the message;
 * 0 when found, 1 when not, -1 without memory.  O(n q^2 + p^3), q the
 * nonzero columns of a row; run only when a fit has failed. */
static int collinear_terms(const clm_work *w, char *buf, size_t size)
{
    const size_t p = w->p, n = w->n;
    if (p < 2)
        return 1;
    double *c = calloc(p * p, sizeof *c), *v = calloc(p, sizeof *v), *z = malloc(p * sizeof *z);
    int found = 1;
    if (!c || !v || !z) {
        found = -1;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t k = w->rowp[i]; k < w->rowp[i + 1]; k++) {
            v[w->ccol[k]] += w->cval[k];
            for (size_t l = k; l < w->rowp[i + 1]; l++)
                c[w->ccol[k] * p + w->ccol[l]] += w->cval[k] * w->cval[l];
        }
    const double *e = w->shift;
    for (size_t j = 0; j < p; j++)
        for (size_t l = j; l < p; l++)
            c[l * p + j] = c[j * p + l] = (c[j * p + l] - e[j] * v[l] - e[l] * v[j]) / (double)n +
                                          e[j] * e[l];
    /* In place: the lower triangle becomes L with C = L L', up to the
     * first column that the earlier ones all but explain. */
    double djj;
    const size_t j = icstat_spd_factor_until(c, p, 1e-4, &djj);
    if (j < p) {
        /* Coefficients of column j on the earlier ones: L' b = L_j. */
        for (size_t k = j; k-- > 0;) {
            double s = c[j * p + k];
            for (size_t m = k + 1; m < j; m++)
                s -= c[m * p + k] * z[m];
            z[k] = s / c[k * p + k];
        }
        double big = 0.0;
        for (size_t k = 0; k < j; k++)
            big = fmax(big, fabs(z[k]));
        size_t o = (size_t)snprintf(buf, size, "the terms are nearly collinear: '%s' is "
                                               "almost exactly a combination of",
                                    w->d->col_names[j]);
        int named = 0;
        for (size_t k = 0; k < j && o < size; k++)
            if (fabs(z[k]) >= 0.1 * big && named < 4)
                o += (size_t)snprintf(buf + o, size - o, "%s '%s'", named++ ? "," : "",
                                      w->d->col_names[k]);
        if (o < size)
            snprintf(buf + o, size - o,
                     " (R-squared %.6f among the %zu rows used), so their effects cannot "
                     "be told apart; leave one out or combine them",
                     fmax(0.0, 1.0 - fmax(djj, 0.0) / c[j * p + j]), n);
        found = 0;
    }
done:
    free(c);
    free(v);
    free(z);
    return found;
}

/* One fit's state, shared by the phases of icstat_clm_fit_model. */
typedef struct {
    const icstat_design *d;
    const icstat_clm_options *opt;
    int mixed;
    icstat_error *err;
    deadline dl;
    clm_work *w;            /* the workspace (apart, so that the analyzer can follow the
                             * arrays below through calls that take it) */
    icstat_clm_fit *f;      /* the answer, filled phase by phase */
    size_t nf, np;          /* parameters without log sigma (k1 + p), and all */
    size_t nsig;            /* log sigmas: 1 per grouping factor when mixed, else 0 */
    double *xs, *info, *vs; /* the estimate, its information and covariance (standardised) */
    double *xs_fixed;       /* the fixed-effects estimate, then its covariance (nf x nf) */
    double *hinv0;          /* the mixed fit's starting inverse Hessian */
    double ll0;             /* the fixed-effects log-likelihood */
    int boundary;           /* sigma estimated at 0 */
} fit_ctx;

/* What a request must satisfy before any work. */
static int check_request(const icstat_design *d, const icstat_clm_options *opt, int mixed,
                         icstat_error *err)
{
    if (mixed && !d->n_groups)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0, "a mixed model needs a group");
    if (opt->quad < 1 || opt->quad > ICSTAT_CLM_MAX_QUAD)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "quadrature points must be from 1 to %d", ICSTAT_CLM_MAX_QUAD);
    if (mixed && d->n_gfactors > 1 && opt->quad != 1)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "adaptive Gauss-Hermite quadrature is for one grouping factor; "
                                "with %zu, the likelihood is the Laplace approximation (1 point)",
                                d->n_gfactors);
    if (mixed && d->n_groups == d->n)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "every group of '%s' has a single row (%zu groups, %zu rows): "
                                "the variance between groups cannot be told apart from the "
                                "variation within them, so it is not identifiable; fit without "
                                "a group, or group by a column whose values repeat",
                                d->group_name, d->n_groups, d->n);
    return ICSTAT_OK;
}

/* The workspace, the answer and the arrays every fit needs. */
static int fit_alloc(fit_ctx *c)
{
    c->f = calloc(1, sizeof *c->f);
    if (!c->f || clm_work_init(c->w, c->d, c->opt->link, c->opt->quad) != 0)
        return icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    c->w->threads = c->opt->threads;
    icstat_clm_fit *f = c->f;
    c->nf = c->w->k1 + c->w->p;
    c->nsig = !c->mixed ? 0 : c->d->n_gfactors > 1 ? c->d->n_gfactors : 1;
    c->np = c->nf + c->nsig;
    const size_t np = c->np;
    f->mixed = c->mixed;
    f->k1 = c->w->k1;
    f->p = c->w->p;
    f->npar = np;
    f->n_sigma = c->nsig;
    f->n_factors = c->nsig;
    c->xs = calloc(np, sizeof *c->xs);
    c->info = calloc(np * np, sizeof *c->info);
    c->vs = calloc(np * np, sizeof *c->vs);
    f->par = calloc(np, sizeof *f->par);
    f->vcov = calloc(np * np, sizeof *f->vcov);
    if (!c->xs || !c->info || !c->vs || !f->par || !f->vcov)
        return icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    return ICSTAT_OK;
}

/* Refuse a level whose rows all lie in one end category (separated_level),
 * naming it and what to do: cheaper and clearer than a fit running off. */
static int refuse_separated_level(fit_ctx *c)
{
    const icstat_design *d = c->d;
    size_t sep_term, sep_level, sep_count;
    int sep_top, found = separated_level(d, &sep_term, &sep_level, &sep_count, &sep_top);
    if (found == FIT_NOMEM)
        return icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    if (found != 0)
        return ICSTAT_OK;
    const icstat_term *tm = &d->terms[sep_term];
    const char *lev = tm->levels[sep_level];
    char which[512];
    if (sep_level > 0)
        snprintf(which, sizeof which, "the estimate for '%s=%s' runs", tm->name, lev);
    else
        snprintf(which, sizeof which, "the estimates for the other levels of '%s' run",
                 tm->name);
    return icstat_error_set(c->err, ICSTAT_EDATA, NULL, 0,
                            "complete or quasi-complete separation: %s %zu row%s with "
                            "%s=%s%s %s in the %s outcome category ('%s'), so %s off to "
                            "infinity; merge level '%s' with another level of '%s', or leave "
                            "the term out",
                            sep_count == 1 ? "the" : "all", sep_count,
                            sep_count == 1 ? "" : "s", tm->name, lev,
                            sep_level == 0 ? " (the reference level)" : "",
                            sep_count == 1 ? "is" : "are", sep_top ? "highest" : "lowest",
                            d->cat_labels[sep_top ? d->k - 1 : 0], which, lev, tm->name);
}

/* "; allow more time with --max-seconds", or nothing when the caller has
 * no setting to name: the end of a time-bound error. */
static const char *more_time(const icstat_clm_options *opt, char *buf, size_t len)
{
    if (!opt->time_option)
        return "";
    snprintf(buf, len, "; allow more time with %s", opt->time_option);
    return buf;
}

/* The fixed-effects model by Newton's method, its covariance, and the
 * refusals of a model it shows cannot be estimated (collinear terms,
 * separation through numeric columns, a singular information matrix).
 * Keeps the fit in xs_fixed for the mixed model's start and boundary. */
static int fixed_phase(fit_ctx *c)
{
    const icstat_design *d = c->d;
    const size_t nf = c->nf;
    double ll0 = NAN, gmax0 = NAN, dec0 = NAN;
    size_t it0 = 0;
    int fs = fit_fixed(c->w, c->xs, c->info, &ll0, &it0, &gmax0, &dec0, &c->dl);
    c->ll0 = ll0;
    if (fs == FIT_NOMEM)
        return icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    if (fs == FIT_TIME) {
        char hint[128];
        return icstat_error_set(c->err, ICSTAT_EDATA, NULL, 0,
                                "the model without a random effect was stopped by the time "
                                "bound of %g s after %zu Newton steps, before converging "
                                "(Newton decrement %.3g)%s",
                                c->dl.limit, it0, dec0, more_time(c->opt, hint, sizeof hint));
    }
    if (fs == FIT_NOCONV)
        return icstat_error_set(c->err, ICSTAT_EDATA, NULL, 0,
                                "the model without a random effect did not converge after %zu "
                                "Newton steps (Newton decrement %.3g, largest gradient %.3g)",
                                it0, dec0, gmax0);
    memcpy(c->vs, c->info, nf * nf * sizeof *c->vs);
    const int inv = fs == FIT_SINGULAR ? -1 : icstat_spd_invert(c->vs, nf);
    if (inv == -2)
        return icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    const int singular = inv != 0;
    const long sep = singular ? -1 : separated_term(c->w, c->xs, c->vs, nf);
    if (sep == -2)
        return icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    if (singular || sep >= 0) {
        /* Collinearity first: it makes the information (nearly) singular
         * and the estimates huge and uncertain, which reads as separation. */
        char why[ICSTAT_ERROR_MSG_MAX];
        const int cl = collinear_terms(c->w, why, sizeof why);
        if (cl < 0)
            return icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        if (cl == 0)
            return icstat_error_set(c->err, ICSTAT_EDATA, NULL, 0, "%s", why);
    }
    if (singular)
        return icstat_error_set(c->err, ICSTAT_EDATA, NULL, 0,
                                "the information matrix is singular: the terms cannot all be "
                                "estimated from these data (separation or collinearity)");
    if (sep >= 0)
        return icstat_error_set(c->err, ICSTAT_EDATA, NULL, 0,
                                "complete or quasi-complete separation: the estimate for '%s' "
                                "runs off to infinity (the terms predict the outcome exactly "
                                "for some rows: a category never or always occurs beyond some "
                                "value or combination of them); merge levels or outcome "
                                "categories, or leave the term out",
                                d->col_names[sep]);
    /* The fixed-effects fit: the start of the mixed one, and its answer
     * when sigma is estimated at 0. */
    c->xs_fixed = malloc((nf + nf * nf) * sizeof *c->xs_fixed);
    if (!c->xs_fixed)
        return icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    memcpy(c->xs_fixed, c->xs, nf * sizeof *c->xs_fixed);
    memcpy(c->xs_fixed + nf, c->vs, nf * nf * sizeof *c->xs_fixed);
    c->f->loglik = c->f->loglik_fixed = c->ll0;
    c->f->iterations = it0;
    c->f->max_gradient = gmax0;
    c->f->converged = 1;
    return ICSTAT_OK;
}

/* The mixed model's optimisation from the fixed fit and log sigma =
 * log 0.5, with the fixed fit's covariance as the starting inverse
 * Hessian; its failures explained. */
static int mixed_phase(fit_ctx *c)
{
    const icstat_design *d = c->d;
    const size_t nf = c->nf, np = c->np;
    c->w->npar = np;
    c->hinv0 = calloc(np * np, sizeof *c->hinv0);
    if (!c->hinv0)
        return icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < nf; i++)
        for (size_t j = 0; j < nf; j++)
            c->hinv0[i * np + j] = c->vs[i * nf + j];
    c->hinv0[np * np - 1] = 2.0 / (double)d->n_groups;
    c->xs[nf] = log(0.5);
    double ll, gmax, dec;
    size_t it = 0;
    int ms = fit_mixed(c->w, c->xs, c->hinv0, c->info, &ll, &it, &gmax, &dec,
                       c->opt->max_iter ? c->opt->max_iter : 500, &c->dl);
    c->f->iterations = it;
    c->f->max_gradient = gmax;
    if (ms == FIT_NOMEM)
        return icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    if (ms == FIT_TIME) {
        char hint[128];
        return icstat_error_set(c->err, ICSTAT_EDATA, NULL, 0,
                                "the mixed model was stopped by the time bound of %g s "
                                "after %zu iterations, before converging (largest gradient "
                                "%.3g)%s",
                                c->dl.limit, it, gmax, more_time(c->opt, hint, sizeof hint));
    }
    if (ms == 0)
        return ICSTAT_OK;
    /* Groups of one row say nothing of the variance between groups but
     * through the link's shape: when they are most of the groups, that is
     * the likely reason. */
    size_t single = 0;
    char why[ICSTAT_ERROR_MSG_MAX];
    for (size_t g = 0; g < d->n_groups; g++)
        single += d->group_start[g + 1] - d->group_start[g] == 1;
    if (2 * single > d->n_groups)
        snprintf(why, sizeof why, "; %zu of the %zu groups of '%s' have a single row, "
                 "which leaves the variance between groups barely identifiable",
                 single, d->n_groups, d->group_name);
    else
        why[0] = '\0';
    return icstat_error_set(c->err, ICSTAT_EDATA, NULL, 0,
                            "the mixed model did not converge after %zu iterations "
                            "(largest gradient %.3g, Newton decrement %.3g)%s",
                            it, gmax, dec, why);
}

/* At the mixed estimate: the log-likelihood, the covariance (or, with
 * sigma at its boundary 0, the fixed fit in its place, with a warning),
 * and each group's conditional mode and sd on the user's scale. */
static int mixed_estimate(fit_ctx *c)
{
    const icstat_design *d = c->d;
    icstat_clm_fit *f = c->f;
    const size_t nf = c->nf, np = c->np;
    if (clmm_eval(c->w, c->xs, &f->loglik, NULL) != 0)
        return icstat_error_set(c->err, ICSTAT_EDATA, NULL, 0,
                                "the mixed model cannot be evaluated at its estimate");
    double sigma = exp(c->xs[nf]);
    c->boundary = sigma < 1e-4 || f->loglik - c->ll0 < 5e-7;
    if (c->boundary) {
        /* sigma at its boundary, 0: the optimiser creeps towards log sigma
         * = -inf with a vanishing gradient.  The model is then the one
         * without the random effect, whose fit is exact: report that,
         * with sigma 0 and no standard error for it. */
        const double *vs_fixed = c->xs_fixed + nf; /* its covariance, nf x nf */
        sigma = 0.0;
        memcpy(c->xs, c->xs_fixed, nf * sizeof *c->xs);
        c->xs[nf] = 0.0; /* set to -inf after unstandardising */
        f->loglik = c->ll0;
        for (size_t i = 0; i < np; i++)
            for (size_t j = 0; j < np; j++)
                c->vs[i * np + j] = (i < nf && j < nf) ? vs_fixed[i * nf + j] : NAN;
        if (icstat_strlist_addf(&f->warnings, &f->n_warnings, "the variance of '%s' is estimated at its boundary, 0: the "
                           "data show no differences between groups beyond chance; the "
                           "estimates are those of the model without '%s', no "
                           "standard error or interval can be given for the variance "
                           "(nor for latent_icc and median_odds_ratio), and the "
                           "likelihood-ratio test has p = 1",
                        d->group_name, d->group_name) != 0)
            return icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    } else {
        memcpy(c->vs, c->info, np * np * sizeof *c->vs);
        const int hinv = icstat_spd_invert(c->vs, np);
        if (hinv == -2)
            return icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        if (hinv != 0)
            return icstat_error_set(c->err, ICSTAT_EDATA, NULL, 0,
                                    "the Hessian of the marginal log-likelihood is not "
                                    "negative definite at the estimate; the model is not "
                                    "identified by these data");
    }
    f->n_groups = d->n_groups;
    f->mode = malloc(d->n_groups * sizeof *f->mode);
    f->mode_sd = malloc(d->n_groups * sizeof *f->mode_sd);
    if (!f->mode || !f->mode_sd)
        return icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    for (size_t g = 0; g < d->n_groups; g++) {
        f->mode[g] = sigma * c->w->bmode[g];
        f->mode_sd[g] = sigma / sqrt(c->w->hess[g]);
    }
    return ICSTAT_OK;
}

int icstat_clm_fit_model(const icstat_design *d, const icstat_clm_options *opt, int mixed,
                         icstat_clm_fit **out, icstat_error *err)
{
    *out = NULL;
    int st = check_request(d, opt, mixed, err);
    if (st != ICSTAT_OK)
        return st;
    clm_work w = {0};
    fit_ctx c = {.d = d, .opt = opt, .mixed = mixed, .err = err, .w = &w,
                 .dl = {now_seconds(), opt->max_seconds == 0.0 ? ICSTAT_CLM_MAX_SECONDS
                                                               : opt->max_seconds}};
    st = fit_alloc(&c);
    if (st == ICSTAT_OK)
        st = refuse_separated_level(&c);
    if (st == ICSTAT_OK)
        st = fixed_phase(&c);
    if (st == ICSTAT_OK && mixed && c.nsig == 1)
        st = mixed_phase(&c);
    if (st == ICSTAT_OK && mixed && c.nsig == 1)
        st = mixed_estimate(&c);
    if (st == ICSTAT_OK && c.nsig > 1) {
        {
            const clmm_crossed_in in = {c.w, opt, &c.dl, c.xs_fixed, c.ll0, err};
            st = clmm_crossed_fit(&in, c.xs, c.vs, c.f);
        }
    }
    if (st == ICSTAT_OK && unstandardise(c.w, c.xs, c.vs, c.np, c.f->par, c.f->vcov) != 0)
        st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    if (st == ICSTAT_OK && c.boundary)
        c.f->par[c.np - 1] = -INFINITY; /* sigma = 0 */
    clm_work_free(c.w);
    free(c.xs);
    free(c.info);
    free(c.vs);
    free(c.hinv0);
    free(c.xs_fixed);
    if (st != ICSTAT_OK) {
        icstat_clm_fit_free(c.f);
        return st;
    }
    *out = c.f;
    return ICSTAT_OK;
}
