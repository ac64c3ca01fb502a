/* clm_fit.c — fitting cumulative link models: starting values, Newton's
 * method for the fixed-effects model, BFGS and Newton steps for the
 * marginal likelihood of the mixed model, standard errors, and the map
 * back from standardised to the user's columns. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#include "clm_internal.h"
#include "icstat/strlist.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

/* What the fitting helpers below return for out of memory, apart from
 * their numerical failures, so that it is never reported as one. */
#define FIT_NOMEM (-3)

void icstat_clm_fit_free(icstat_clm_fit *f)
{
    if (!f)
        return;
    icstat_strlist_free(&f->warnings, &f->n_warnings);
    free(f->par);
    free(f->vcov);
    free(f->mode);
    free(f->mode_sd);
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

/* Solve A x = b for symmetric positive definite A (n x n, destroyed);
 * -1 when A is not positive definite. */
static int spd_solve(double *a, const double *b, double *x, size_t n)
{
    gsl_matrix_view A = gsl_matrix_view_array(a, n, n);
    gsl_vector_const_view B = gsl_vector_const_view_array(b, n);
    gsl_vector_view X = gsl_vector_view_array(x, n);
    if (gsl_linalg_cholesky_decomp1(&A.matrix) != 0)
        return -1;
    return gsl_linalg_cholesky_solve(&A.matrix, &B.vector, &X.vector) == 0 ? 0 : -1;
}

/* Inverse of symmetric positive definite A in place; -1 when it is not. */
static int spd_invert(double *a, size_t n)
{
    gsl_matrix_view A = gsl_matrix_view_array(a, n, n);
    if (gsl_linalg_cholesky_decomp1(&A.matrix) != 0)
        return -1;
    return gsl_linalg_cholesky_invert(&A.matrix) == 0 ? 0 : -1;
}

/* Newton's method on the fixed-effects log-likelihood (concave for these
 * links), from thresholds at the cumulative proportions and beta = 0.
 * Leaves the estimate in par and the negative Hessian in info.  0, -1
 * (no convergence), -2 (singular information) or FIT_NOMEM. */
static int fit_fixed(clm_work *w, double *par, double *info, double *ll, size_t *iters,
                     double *gmax)
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
    int st = FIT_NOMEM;
    if (!g || !step || !trial || !a)
        goto done;
    st = -1;
    if (clm_fixed_eval(w, par, ll, g, info) != 0)
        goto done;
    for (*iters = 0; *iters < 200; (*iters)++) {
        for (size_t i = 0; i < np * np; i++)
            info[i] = -info[i];
        *gmax = max_abs(g, np);
        if (*gmax < 1e-9 * (1.0 + fabs(*ll) / (double)d->n)) {
            st = 0;
            break;
        }
        memcpy(a, info, np * np * sizeof *a);
        if (spd_solve(a, g, step, np) != 0) {
            st = -2; /* singular information */
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
    if (clmm_eval(w, x, &ll, g) != 0 || !isfinite(ll))
        return -1;
    *f = -ll;
    if (g)
        for (size_t i = 0; i < w->npar; i++)
            g[i] = -g[i];
    return 0;
}

/* Hessian of the objective by forward differences of the exact gradient
 * g0 at x (one evaluation per parameter), symmetrised; 0, -1 when the
 * objective cannot be evaluated, or FIT_NOMEM. */
static int mixed_hessian(clm_work *w, const double *x, const double *g0, double *hess)
{
    const size_t n = w->npar;
    double *xp = malloc(n * sizeof *xp), *gp = malloc(n * sizeof *gp);
    double f;
    int st = (xp && gp) ? 0 : FIT_NOMEM;
    for (size_t i = 0; i < n && st == 0; i++) {
        const double h = 1e-6 * (1.0 + fabs(x[i]));
        memcpy(xp, x, n * sizeof *xp);
        xp[i] = x[i] + h;
        if (mixed_f(w, xp, &f, gp) != 0) {
            xp[i] = x[i] - h; /* at the edge of the domain: step the other way */
            if (mixed_f(w, xp, &f, gp) != 0)
                st = -1;
        }
        for (size_t j = 0; j < n && st == 0; j++)
            hess[j * n + i] = (gp[j] - g0[j]) / (xp[i] - x[i]);
    }
    for (size_t i = 0; i < n && st == 0; i++)
        for (size_t j = i + 1; j < n; j++)
            hess[i * n + j] = hess[j * n + i] = 0.5 * (hess[i * n + j] + hess[j * n + i]);
    free(xp);
    free(gp);
    return st;
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

/* BFGS on the marginal likelihood, then Newton steps with a differenced
 * Hessian; on return hess holds the objective's Hessian at x.  0, -1 (no
 * convergence) or FIT_NOMEM. */
static int fit_mixed(clm_work *w, double *x, const double *hinv0, double *hess, double *ll,
                     size_t *iters, double *gmax, size_t max_iter)
{
    const size_t n = w->npar;
    double *g = malloc(n * sizeof *g), *dir = malloc(n * sizeof *dir),
           *xn = malloc(n * sizeof *xn), *gn = malloc(n * sizeof *gn),
           *hinv = malloc(n * n * sizeof *hinv), *sv = malloc(n * sizeof *sv),
           *yv = malloc(n * sizeof *yv), *hy = malloc(n * sizeof *hy), *a = malloc(n * n * sizeof *a);
    double f = NAN;
    int st = FIT_NOMEM, hs;
    if (!g || !dir || !xn || !gn || !hinv || !sv || !yv || !hy || !a)
        goto done;
    st = -1;
    if (mixed_f(w, x, &f, g) != 0)
        goto done;
    memcpy(hinv, hinv0, n * n * sizeof *hinv);
    const double gtol = 1e-3;
    for (*iters = 0; *iters < max_iter && max_abs(g, n) > gtol; (*iters)++) {
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
        memcpy(sv, x, n * sizeof *sv);
        memcpy(yv, g, n * sizeof *yv);
        if (line_search(w, x, &f, g, dir, xn, gn) != 0)
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
    /* Newton steps on a differenced Hessian, kept while they make progress
     * (the chord method: near the optimum the Hessian hardly changes), and
     * taken afresh at the end if the estimate moved, for the standard errors. */
    /* The gradient of a log-likelihood summed over tens of thousands of
     * rows cannot be driven to a fixed small number: once the remaining
     * gain is below rounding the line search stalls.  So convergence is
     * also judged by the Newton decrement g'H^-1 g, about twice the
     * log-likelihood still to gain and the squared distance to the optimum
     * in standard errors: below 1e-6, every estimate is within 0.001 of
     * its standard error of the optimum, whatever n. */
    double *xh = xn; /* where the Hessian was taken */
    int have_hessian = 0;
    double decrement = INFINITY; /* at x, when the last solve succeeded */
    for (int round = 0; round < 4 && st != 0; round++) {
        if (mixed_f(w, x, &f, g) != 0)
            goto done;
        if ((hs = mixed_hessian(w, x, g, hess)) != 0) {
            st = hs == FIT_NOMEM ? FIT_NOMEM : -1;
            goto done;
        }
        memcpy(xh, x, n * sizeof *xh);
        have_hessian = 1;
        for (int step = 0; step < 20; step++, (*iters)++) {
            if (max_abs(g, n) < 1e-7) {
                st = 0;
                break;
            }
            memcpy(a, hess, n * n * sizeof *a);
            for (size_t i = 0; i < n; i++)
                yv[i] = -g[i];
            decrement = INFINITY;
            if (spd_solve(a, yv, dir, n) != 0) { /* a ridge: steepest descent */
                for (size_t i = 0; i < n; i++)
                    dir[i] = -g[i];
            } else {
                decrement = 0.0;
                for (size_t i = 0; i < n; i++)
                    decrement -= g[i] * dir[i];
                if (decrement < 1e-12) {
                    st = 0;
                    break;
                }
            }
            if (line_search(w, x, &f, g, dir, sv, gn) != 0)
                break;
        }
        if (st != 0 && (max_abs(g, n) < 1e-4 || decrement < 1e-6))
            st = 0; /* as far as the arithmetic allows */
    }
    if (st == 0 && have_hessian) {
        double moved = 0.0;
        for (size_t i = 0; i < n; i++)
            moved = fmax(moved, fabs(x[i] - xh[i]) / (1.0 + fabs(x[i])));
        if (moved > 1e-6 && mixed_f(w, x, &f, g) != 0)
            st = -1;
        else if (moved > 1e-6 && (hs = mixed_hessian(w, x, g, hess)) != 0)
            st = hs == FIT_NOMEM ? FIT_NOMEM : -1;
    }
done:
    *ll = -f;
    *gmax = g ? max_abs(g, n) : NAN;
    free(g);
    free(dir);
    free(xn);
    free(gn);
    free(hinv);
    free(sv);
    free(yv);
    free(hy);
    free(a);
    return st;
}

/* Estimates and covariance from the standardised scale to the user's:
 * beta_j = beta'_j / s_j and theta_m = theta'_m + sum_j c_j beta'_j / s_j.
 * log sigma (index nf, when present) is unchanged and mixes with nothing,
 * so its entries (possibly NaN or -inf at the boundary) are copied.
 * 0, or FIT_NOMEM. */
static int unstandardise(const clm_work *w, const double *xs, const double *vs, size_t np,
                          double *par, double *vcov)
{
    const size_t k1 = w->k1, p = w->p, nf = k1 + p;
    double *A = calloc(nf * nf, sizeof *A), *tmp = malloc(nf * nf * sizeof *tmp);
    if (!A || !tmp) {
        free(A);
        free(tmp);
        return FIT_NOMEM;
    }
    for (size_t i = 0; i < nf; i++)
        A[i * nf + i] = 1.0;
    for (size_t j = 0; j < p; j++) {
        A[(k1 + j) * nf + k1 + j] = 1.0 / w->scale[j];
        for (size_t m = 0; m < k1; m++)
            A[m * nf + k1 + j] = w->center[j] / w->scale[j];
    }
    for (size_t i = 0; i < nf; i++) {
        par[i] = 0.0;
        for (size_t j = 0; j < nf; j++)
            par[i] += A[i * nf + j] * xs[j];
    }
    for (size_t i = 0; i < nf; i++)
        for (size_t j = 0; j < nf; j++) {
            double s = 0.0;
            for (size_t l = 0; l < nf; l++)
                s += A[i * nf + l] * vs[l * np + j];
            tmp[i * nf + j] = s;
        }
    for (size_t i = 0; i < nf; i++)
        for (size_t j = 0; j < nf; j++) {
            double s = 0.0;
            for (size_t l = 0; l < nf; l++)
                s += tmp[i * nf + l] * A[j * nf + l];
            vcov[i * np + j] = s;
        }
    for (size_t i = nf; i < np; i++) {
        par[i] = xs[i];
        for (size_t j = 0; j < np; j++) {
            /* Covariances of log sigma with the others, mapped by A. */
            double s = 0.0;
            if (j < nf)
                for (size_t l = 0; l < nf; l++)
                    s += A[j * nf + l] * vs[i * np + l];
            else
                s = vs[i * np + j];
            vcov[i * np + j] = vcov[j * np + i] = s;
        }
    }
    free(A);
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
 * catches rare levels, whose standardised coefficients stay small. */
static long separated_term(const clm_work *w, const double *xs, const double *vs, size_t np)
{
    const icstat_design *d = w->d;
    for (size_t j = 0; j < w->p; j++) {
        const size_t i = w->k1 + j;
        const double v = vs[i * np + i], b = fabs(xs[i]);
        double lo = INFINITY, hi = -INFINITY;
        for (size_t r = 0; r < d->n; r++) {
            lo = fmin(lo, d->x[r * d->p + j]);
            hi = fmax(hi, d->x[r * d->p + j]);
        }
        const double shift = b / w->scale[j] * (hi - lo);
        const double z = v > 0.0 ? b / sqrt(v) : 0.0;
        if ((b > 8.0 && z < 2.0) || (shift > 3.0 && z < 0.05))
            return (long)j;
    }
    return -1;
}

int icstat_clm_fit_model(const icstat_design *d, const icstat_clm_options *opt, int mixed,
                         icstat_clm_fit **out, icstat_error *err)
{
    *out = NULL;
    if (mixed && !d->n_groups)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0, "a mixed model needs a group");
    if (opt->quad < 1 || opt->quad > ICSTAT_CLM_MAX_QUAD)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "quadrature points must be from 1 to %d", ICSTAT_CLM_MAX_QUAD);
    clm_work w = {0};
    icstat_clm_fit *f = calloc(1, sizeof *f);
    int st = ICSTAT_OK;
    double *xs = NULL, *info = NULL, *vs = NULL, *hinv0 = NULL, *xs_fixed = NULL;
    if (!f || clm_work_init(&w, d, opt->link, opt->quad) != 0) {
        st = NOMEM();
        goto done;
    }
    const size_t nf = w.k1 + w.p, np = nf + (mixed ? 1 : 0);
    int boundary = 0;
    f->mixed = mixed;
    f->k1 = w.k1;
    f->p = w.p;
    f->npar = np;
    xs = calloc(np, sizeof *xs);
    info = calloc(np * np, sizeof *info);
    vs = calloc(np * np, sizeof *vs);
    f->par = calloc(np, sizeof *f->par);
    f->vcov = calloc(np * np, sizeof *f->vcov);
    if (!xs || !info || !vs || !f->par || !f->vcov) {
        st = NOMEM();
        goto done;
    }

    size_t sep_term, sep_level, sep_count;
    int sep_top, found = separated_level(d, &sep_term, &sep_level, &sep_count, &sep_top);
    if (found == FIT_NOMEM) {
        st = NOMEM();
        goto done;
    }
    if (found == 0) {
        const icstat_term *tm = &d->terms[sep_term];
        const char *lev = tm->levels[sep_level];
        char which[512];
        if (sep_level > 0)
            snprintf(which, sizeof which, "the estimate for '%s=%s' runs", tm->name, lev);
        else
            snprintf(which, sizeof which, "the estimates for the other levels of '%s' run",
                     tm->name);
        st = icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                              "complete or quasi-complete separation: %s %zu row%s with "
                              "%s=%s%s %s in the %s outcome category ('%s'), so %s off to "
                              "infinity; merge level '%s' with another level of '%s', or leave "
                              "the term out",
                              sep_count == 1 ? "the" : "all", sep_count,
                              sep_count == 1 ? "" : "s", tm->name, lev,
                              sep_level == 0 ? " (the reference level)" : "",
                              sep_count == 1 ? "is" : "are", sep_top ? "highest" : "lowest",
                              d->cat_labels[sep_top ? d->k - 1 : 0], which, lev, tm->name);
        goto done;
    }

    double ll0 = NAN, gmax0 = NAN;
    size_t it0 = 0;
    int fs = fit_fixed(&w, xs, info, &ll0, &it0, &gmax0);
    if (fs == FIT_NOMEM) {
        st = NOMEM();
        goto done;
    }
    if (fs == -1) {
        st = icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                              "the model without a random effect did not converge after %zu "
                              "Newton steps (largest gradient %.3g)", it0, gmax0);
        goto done;
    }
    memcpy(vs, info, nf * nf * sizeof *vs);
    if (fs == -2 || spd_invert(vs, nf) != 0) {
        st = icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                              "the information matrix is singular: the terms cannot all be "
                              "estimated from these data (separation or collinearity)");
        goto done;
    }
    long sep = separated_term(&w, xs, vs, nf);
    if (sep >= 0) {
        st = icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                              "complete or quasi-complete separation: the estimate for '%s' "
                              "runs off to infinity (the terms predict the outcome exactly for "
                              "some rows: a category never or always occurs beyond some value "
                              "or combination of them); merge levels or outcome categories, or "
                              "leave the term out",
                              d->col_names[sep]);
        goto done;
    }
    /* The fixed-effects fit: the start of the mixed one, and its answer
     * when sigma is estimated at 0. */
    xs_fixed = malloc((nf + nf * nf) * sizeof *xs_fixed);
    if (!xs_fixed) {
        st = NOMEM();
        goto done;
    }
    const double *vs_fixed = xs_fixed + nf; /* its covariance, nf x nf */
    memcpy(xs_fixed, xs, nf * sizeof *xs_fixed);
    memcpy(xs_fixed + nf, vs, nf * nf * sizeof *xs_fixed);
    f->loglik = f->loglik_fixed = ll0;
    f->iterations = it0;
    f->max_gradient = gmax0;
    f->converged = 1;

    if (mixed) {
        w.npar = np;
        hinv0 = calloc(np * np, sizeof *hinv0);
        if (!hinv0) {
            st = NOMEM();
            goto done;
        }
        for (size_t i = 0; i < nf; i++)
            for (size_t j = 0; j < nf; j++)
                hinv0[i * np + j] = vs[i * nf + j];
        hinv0[np * np - 1] = 2.0 / (double)d->n_groups;
        xs[nf] = log(0.5);
        double ll, gmax;
        size_t it = 0;
        int ms = fit_mixed(&w, xs, hinv0, info, &ll, &it, &gmax,
                           opt->max_iter ? opt->max_iter : 500);
        f->iterations = it;
        f->max_gradient = gmax;
        if (ms == FIT_NOMEM) {
            st = NOMEM();
            goto done;
        }
        if (ms != 0) {
            st = icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                  "the mixed model did not converge after %zu iterations "
                                  "(largest gradient %.3g)", it, gmax);
            goto done;
        }
        /* Final evaluation: modes and curvatures at the estimate. */
        if (clmm_eval(&w, xs, &f->loglik, NULL) != 0) {
            st = icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                  "the mixed model cannot be evaluated at its estimate");
            goto done;
        }
        double sigma = exp(xs[nf]);
        boundary = sigma < 1e-4 || f->loglik - ll0 < 5e-7;
        if (boundary) {
            /* sigma at its boundary, 0: the optimiser creeps towards log sigma
             * = -inf with a vanishing gradient.  The model is then the one
             * without the random effect, whose fit is exact: report that,
             * with sigma 0 and no standard error for it. */
            sigma = 0.0;
            memcpy(xs, xs_fixed, nf * sizeof *xs);
            xs[nf] = 0.0; /* set to -inf below, after unstandardising */
            f->loglik = ll0;
            for (size_t i = 0; i < np; i++)
                for (size_t j = 0; j < np; j++)
                    vs[i * np + j] = (i < nf && j < nf) ? vs_fixed[i * nf + j] : NAN;
            if (icstat_strlist_addf(&f->warnings, &f->n_warnings, "the variance of '%s' is estimated at its boundary, 0: the "
                               "data show no differences between groups beyond chance; the "
                               "estimates are those of the model without '%s', no "
                               "standard error or interval can be given for the variance "
                               "(nor for latent_icc and median_odds_ratio), and the "
                               "likelihood-ratio test has p = 1",
                            d->group_name, d->group_name) != 0) {
                st = NOMEM();
                goto done;
            }
        } else {
            memcpy(vs, info, np * np * sizeof *vs);
            if (spd_invert(vs, np) != 0) {
                st = icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                      "the Hessian of the marginal log-likelihood is not "
                                      "negative definite at the estimate; the model is not "
                                      "identified by these data");
                goto done;
            }
        }
        f->n_groups = d->n_groups;
        f->mode = malloc(d->n_groups * sizeof *f->mode);
        f->mode_sd = malloc(d->n_groups * sizeof *f->mode_sd);
        if (!f->mode || !f->mode_sd) {
            st = NOMEM();
            goto done;
        }
        for (size_t g = 0; g < d->n_groups; g++) {
            f->mode[g] = sigma * w.bmode[g];
            f->mode_sd[g] = sigma / sqrt(w.hess[g]);
        }
    }
    if (unstandardise(&w, xs, vs, np, f->par, f->vcov) != 0) {
        st = NOMEM();
        goto done;
    }
    if (boundary)
        f->par[np - 1] = -INFINITY; /* sigma = 0 */

done:
    clm_work_free(&w);
    free(xs);
    free(info);
    free(vs);
    free(hinv0);
    free(xs_fixed);
    if (st != ICSTAT_OK) {
        icstat_clm_fit_free(f);
        return st;
    }
    *out = f;
    return ICSTAT_OK;
}
