/* clm_nominal.c — is proportional odds a fair summary?  For each term, the
 * cumulative link model is compared with the partial proportional odds
 * model in which that term's columns z have a coefficient at each cut
 * point (Peterson & Harrell 1990; ordinal's nominal effects and
 * nominal_test, Christensen 2019):
 *     P(Y <= j | x, z) = F(theta_j + z'gamma_j - x'beta),
 * by a likelihood-ratio test on columns * (k - 2) degrees of freedom.
 *
 * The cut points theta_j + z'gamma_j now differ by row, so this fit has
 * its own evaluation: each row's log-likelihood log(F(a) - F(c)) has a
 * and c linear in the parameters, so its gradient and Hessian come from
 * the link's derivatives in a and c (icstat_link_eval) and two sparse
 * vectors of 1 + p entries.  It is concave where every row's observed
 * category has a positive probability (a convex set: a > c is linear),
 * so Newton's method with step halving that stays inside finds the
 * maximum.  Columns are centred and scaled first: that changes neither
 * model (the thresholds take up the shifts) but keeps the Newton systems
 * well conditioned. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clm_internal.h"
#include "../numerics/spd.h"

#define NOM_MAX_ITER 200
#define NOM_DECREMENT_TOL 1e-12 /* as the fixed fit's: 1e-6 standard errors */

/* One partial proportional odds fit's state.  Parameters: theta_0..k1-1,
 * then beta for the p - m columns outside [nom0, nom0 + m), then
 * gamma_(j, c) at k1 + nb + j m + c.  m = 0 is the ordinary model. */
typedef struct {
    const icstat_design *d;
    icstat_link link;
    size_t n, p, k1;
    double *xs;            /* n x p, centred and scaled */
    size_t nom0, m, nb, npar;
    double *par, *g, *h;   /* estimate, gradient, Hessian */
    double *step, *trial, *a, *sc; /* Newton's scratch and the equilibration */
    size_t *ia, *ic;       /* a row's derivative vectors: indices and values */
    double *va, *vc;
    double start, limit;   /* the time bound (limit <= 0: none) */
} nom_ctx;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Row i's cut point j minus its linear predictor, and (when idx is given)
 * the derivative vector of that value: its nnz = 1 + p entries. */
static double cut_minus_eta(const nom_ctx *c, const double *par, size_t i, size_t j, size_t *idx,
                            double *val)
{
    const double *x = c->xs + i * c->p;
    double v = par[j];
    size_t o = 0;
    if (idx) {
        idx[o] = j;
        val[o++] = 1.0;
    }
    for (size_t col = 0; col < c->p; col++) {
        const int nominal = col >= c->nom0 && col < c->nom0 + c->m;
        const size_t k = nominal ? c->k1 + c->nb + j * c->m + (col - c->nom0)
                                 : c->k1 + (col < c->nom0 ? col : col - c->m);
        const double dv = nominal ? x[col] : -x[col];
        v += dv * par[k];
        if (idx) {
            idx[o] = k;
            val[o++] = dv;
        }
    }
    return v;
}

/* h += w u v' + w v u' over the lower triangle (u, v sparse; u == v
 * counts once: w u u'). */
static void add_outer(double *h, size_t np, double w, const size_t *iu, const double *u,
                      const size_t *iv, const double *v, size_t nnz, int same)
{
    for (size_t s = 0; s < nnz; s++)
        for (size_t t = 0; t < nnz; t++) {
            const size_t r = iu[s], q = iv[t];
            const double x = w * u[s] * v[t];
            if (r >= q)
                h[r * np + q] += x;
            if (!same && q >= r)
                h[q * np + r] += x;
        }
}

/* Log-likelihood at par; gradient and Hessian too when want.  -1 outside
 * the domain (an observed category with probability 0). */
static int nom_eval(nom_ctx *c, const double *par, double *ll, int want)
{
    const size_t np = c->npar, nnz = 1 + c->p;
    double total = 0.0, block = 0.0;
    if (want) {
        memset(c->g, 0, np * sizeof *c->g);
        memset(c->h, 0, np * np * sizeof *c->h);
    }
    for (size_t i = 0; i < c->n; i++) {
        const size_t y = (size_t)c->d->y[i];
        const int up = y < c->k1, low = y > 0;
        const double a = up ? cut_minus_eta(c, par, i, y, want ? c->ia : NULL, c->va) : INFINITY;
        const double b = low ? cut_minus_eta(c, par, i, y - 1, want ? c->ic : NULL, c->vc)
                             : -INFINITY;
        icstat_link_terms t;
        if (!(a > b) || icstat_link_eval(c->link, a, b, want ? 2 : 1, &t) != 0)
            return -1;
        block += t.logp;
        if ((i + 1) % 4096 == 0) { /* blocks, so rounding grows with n / 4096 */
            total += block;
            block = 0.0;
        }
        if (!want)
            continue;
        for (size_t s = 0; s < nnz; s++) {
            if (up)
                c->g[c->ia[s]] += t.la * c->va[s];
            if (low)
                c->g[c->ic[s]] += t.lc * c->vc[s];
        }
        if (up)
            add_outer(c->h, np, t.laa, c->ia, c->va, c->ia, c->va, nnz, 1);
        if (low)
            add_outer(c->h, np, t.lcc, c->ic, c->vc, c->ic, c->vc, nnz, 1);
        if (up && low)
            add_outer(c->h, np, t.lac, c->ia, c->va, c->ic, c->vc, nnz, 0);
    }
    *ll = total + block;
    if (want)
        for (size_t r = 0; r < np; r++)
            for (size_t q = r + 1; q < np; q++)
                c->h[r * np + q] = c->h[q * np + r];
    return 0;
}

/* The Newton step for information info = -H (in c->h on entry, negated
 * here), solved with the matrix equilibrated to unit diagonal so that the
 * columns' scales do not matter; its decrement g'step in *dec.  -1 when
 * the information is not positive definite. */
static int newton_step(nom_ctx *c, double *dec)
{
    const size_t np = c->npar;
    for (size_t r = 0; r < np; r++) {
        const double v = -c->h[r * np + r];
        if (!(v > 0.0))
            return -1;
        c->sc[r] = 1.0 / sqrt(v);
    }
    for (size_t r = 0; r < np; r++)
        for (size_t q = 0; q < np; q++)
            c->a[r * np + q] = -c->h[r * np + q] * c->sc[r] * c->sc[q];
    for (size_t r = 0; r < np; r++)
        c->trial[r] = c->g[r] * c->sc[r];
    if (icstat_spd_solve(c->a, c->trial, c->step, np) != 0)
        return -1;
    *dec = 0.0;
    for (size_t r = 0; r < np; r++) {
        c->step[r] *= c->sc[r];
        *dec += c->g[r] * c->step[r];
    }
    return 0;
}

/* Outcomes of nom_newton. */
enum { NOM_OK = 0, NOM_NOCONV = -1, NOM_SINGULAR = -2, NOM_TIME = -3, NOM_DOMAIN = -4 };

/* Newton's method from c->par, to the maximum in c->par, *ll. */
static int nom_newton(nom_ctx *c, double *ll, size_t *iters)
{
    const size_t np = c->npar;
    if (nom_eval(c, c->par, ll, 1) != 0)
        return NOM_DOMAIN;
    /* The analyser loses c's buffers (nom_alloc's, freed by nom_free) in
     * this loop and calls them leaked. */
    for (*iters = 0; *iters < NOM_MAX_ITER; (*iters)++) { /* NOLINT(clang-analyzer-unix.Malloc) */
        double dec;
        if (newton_step(c, &dec) != 0)
            return NOM_SINGULAR;
        if (dec < NOM_DECREMENT_TOL)
            return NOM_OK;
        if (c->limit > 0.0 && now_seconds() - c->start > c->limit)
            return NOM_TIME;
        double t = 1.0, lln = -INFINITY;
        for (; t > 1e-10; t *= 0.5) {
            for (size_t r = 0; r < np; r++)
                c->trial[r] = c->par[r] + t * c->step[r];
            if (nom_eval(c, c->trial, &lln, 0) == 0 && lln >= *ll - 1e-12 * (1.0 + fabs(*ll)))
                break;
        }
        if (!(t > 1e-10))
            return NOM_OK; /* no ascent left: at the maximum to rounding */
        memcpy(c->par, c->trial, np * sizeof *c->par);
        if (nom_eval(c, c->par, ll, 1) != 0)
            return NOM_DOMAIN;
    }
    return NOM_NOCONV;
}

/* A finite maximum?  Where the likelihood keeps rising along some
 * direction (a level of the term that never has some category), Newton's
 * method stops where the gradient has vanished to rounding, with an
 * estimate far out whose standard error dwarfs it: on the standardised
 * scale, beyond 8 and within 2 standard errors of 0 (as clm_fit.c judges
 * separation).  Needs the Hessian at the estimate in c->h.  1 when
 * finite, 0 when not, -1 without memory. */
static int finite_maximum(nom_ctx *c)
{
    const size_t np = c->npar;
    for (size_t r = 0; r < np * np; r++)
        c->a[r] = -c->h[r];
    const int inv = icstat_spd_invert(c->a, np);
    if (inv == -2)
        return -1;
    if (inv != 0)
        return 0;
    for (size_t r = 0; r < np; r++) {
        const double b = fabs(c->par[r]), v = c->a[r * np + r];
        if (b > 8.0 && !(v > 0.0 && b / sqrt(v) >= 2.0))
            return 0;
    }
    return 1;
}

/* Rows of the data at which the fitted cut points are not increasing;
 * the first such row's index in *first. */
static size_t crossing_rows(const nom_ctx *c, size_t *first)
{
    size_t count = 0;
    for (size_t i = 0; i < c->n; i++) {
        double prev = -INFINITY;
        int bad = 0;
        for (size_t j = 0; j < c->k1 && !bad; j++) {
            const double v = cut_minus_eta(c, c->par, i, j, NULL, NULL);
            bad = v < prev;
            prev = v;
        }
        if (bad && count++ == 0)
            *first = i;
    }
    return count;
}

/* Set the nominal columns to term `term`'s (none when term == n_terms)
 * and the parameter count to match. */
static void set_nominal(nom_ctx *c, size_t term)
{
    const int none = term >= c->d->n_terms;
    c->nom0 = none ? 0 : c->d->terms[term].first_col;
    c->m = none ? 0 : c->d->terms[term].ncols;
    c->nb = c->p - c->m;
    c->npar = c->k1 + c->nb + c->m * c->k1;
}

/* The scratch for the largest model and the standardised columns.  -1
 * without memory. */
static int nom_alloc(nom_ctx *c)
{
    size_t mmax = 0;
    for (size_t t = 0; t < c->d->n_terms; t++)
        mmax = c->d->terms[t].ncols > mmax ? c->d->terms[t].ncols : mmax;
    const size_t np = c->k1 + c->p + mmax * c->k1, nnz = 1 + c->p;
    c->xs = malloc((c->n * c->p > 0 ? c->n * c->p : 1) * sizeof *c->xs);
    c->par = malloc(np * sizeof *c->par);
    c->g = malloc(np * sizeof *c->g);
    c->h = malloc(np * np * sizeof *c->h);
    c->step = malloc(np * sizeof *c->step);
    c->trial = malloc(np * sizeof *c->trial);
    c->a = malloc(np * np * sizeof *c->a);
    c->sc = malloc(np * sizeof *c->sc);
    c->ia = malloc(nnz * sizeof *c->ia);
    c->ic = malloc(nnz * sizeof *c->ic);
    c->va = malloc(nnz * sizeof *c->va);
    c->vc = malloc(nnz * sizeof *c->vc);
    if (!c->xs || !c->par || !c->g || !c->h || !c->step || !c->trial || !c->a || !c->sc ||
        !c->ia || !c->ic || !c->va || !c->vc)
        return -1;
    const icstat_design *d = c->d;
    for (size_t j = 0; j < c->p; j++) {
        double mean = 0.0, ss = 0.0;
        for (size_t i = 0; i < c->n; i++)
            mean += d->x[i * c->p + j];
        mean /= (double)c->n;
        for (size_t i = 0; i < c->n; i++)
            ss += (d->x[i * c->p + j] - mean) * (d->x[i * c->p + j] - mean);
        const double s = ss > 0.0 ? sqrt(ss / (double)c->n) : 1.0;
        for (size_t i = 0; i < c->n; i++)
            c->xs[i * c->p + j] = (d->x[i * c->p + j] - mean) / s;
    }
    return 0;
}

static void nom_free(nom_ctx *c)
{
    free(c->xs);
    free(c->par);
    free(c->g);
    free(c->h);
    free(c->step);
    free(c->trial);
    free(c->a);
    free(c->sc);
    free(c->ia);
    free(c->ic);
    free(c->va);
    free(c->vc);
}

/* Why a fit failed, in words, for the note. */
static const char *failure(int st)
{
    switch (st) {
    case NOM_NOCONV:
        return "did not converge in 200 Newton steps";
    case NOM_SINGULAR:
        return "has a singular information matrix (its effects at some cut point cannot be "
               "estimated from these data)";
    case NOM_TIME:
        return "was stopped by the time bound";
    default:
        return "left the region where every row's category has a positive probability";
    }
}

/* The proportional odds model: its estimate in null[] and log-likelihood.
 * 0, or a NOM_ outcome. */
static int fit_null(nom_ctx *c, double *null, double *ll)
{
    set_nominal(c, c->d->n_terms);
    double cum = 0.0;
    for (size_t j = 0; j < c->k1; j++) {
        cum += (double)c->d->cat_count[j] / (double)c->n;
        c->par[j] = icstat_link_quantile(c->link, cum);
    }
    memset(c->par + c->k1, 0, c->p * sizeof *c->par);
    size_t it;
    const int st = nom_newton(c, ll, &it);
    memcpy(null, c->par, c->npar * sizeof *null);
    return st;
}

/* The test of term t, from the proportional odds estimate null[] with
 * log-likelihood ll0: starting where the two models agree (gamma_j =
 * -beta for every j), so that the fit only moves away from it.  0, or -1
 * without memory. */
static int test_term(nom_ctx *c, size_t term, const double *null, double ll0, icstat_clm_test *t)
{
    const icstat_design *d = c->d;
    const char *name = d->terms[term].name;
    set_nominal(c, term);
    t->term = term;
    t->df = c->m * (c->k1 - 1);
    memcpy(c->par, null, c->k1 * sizeof *c->par);
    for (size_t col = 0; col < c->p; col++) {
        const double b = null[c->k1 + col];
        if (col < c->nom0 || col >= c->nom0 + c->m)
            c->par[c->k1 + (col < c->nom0 ? col : col - c->m)] = b;
        else
            for (size_t j = 0; j < c->k1; j++)
                c->par[c->k1 + c->nb + j * c->m + (col - c->nom0)] = -b;
    }
    double ll;
    size_t it, first = 0;
    const int st = nom_newton(c, &ll, &it);
    if (st != NOM_OK)
        return clm_test_note(t, "the model with separate effects of '%s' at each cut point %s; "
                                "no test",
                             name, failure(st));
    const int fin = finite_maximum(c);
    if (fin < 0)
        return -1;
    if (fin == 0)
        return clm_test_note(t, "the model with separate effects of '%s' at each cut point has "
                                "no finite maximum (some level or range of '%s' never has some "
                                "category, so its effect at that cut point runs off); no test",
                             name, name);
    const size_t cross = crossing_rows(c, &first);
    if (cross)
        return clm_test_note(t, "the model with separate effects of '%s' at each cut point has "
                                "thresholds that cross at %zu row%s of the data (line %ld the "
                                "first), where some category's probability would be negative: "
                                "that model is invalid, so no test",
                             name, cross, cross == 1 ? "" : "s", d->line[first]);
    t->loglik = ll;
    return clm_test_set(t, ll, ll0);
}

/* Every test, once the proportional odds model is fitted.  ICSTAT_OK or
 * ICSTAT_ENOMEM. */
static int run_tests(nom_ctx *c, icstat_clm_tests *tests, icstat_error *err)
{
    double *null = malloc((c->k1 + c->p) * sizeof *null), ll0;
    if (!null)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    const int st0 = fit_null(c, null, &ll0);
    int st = 0;
    for (size_t t = 0; t < c->d->n_terms && st == 0; t++) {
        icstat_clm_test *tt = &tests->test[t];
        tt->term = t;
        tt->df = c->d->terms[t].ncols * (c->k1 - 1);
        if (st0 != NOM_OK)
            st = clm_test_note(tt, "the proportional odds model without random effects %s; "
                                   "no test",
                               failure(st0));
        else
            st = test_term(c, t, null, ll0, tt);
    }
    free(null);
    return st == 0 ? ICSTAT_OK : icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
}

int icstat_clm_nominal_tests(const icstat_design *d, const icstat_clm_options *opt,
                             icstat_clm_tests **out, icstat_error *err)
{
    *out = NULL;
    icstat_clm_tests *tests;
    if (clm_tests_alloc(d->n_terms, &tests) != 0)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    int st = ICSTAT_OK;
    if (d->k < 3) {
        for (size_t t = 0; t < d->n_terms && st == ICSTAT_OK; t++) {
            tests->test[t].term = t;
            if (clm_test_note(&tests->test[t], "two outcome categories have one cut point, so "
                                               "there is no proportional odds to test") != 0)
                st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        }
    } else {
        nom_ctx c = {.d = d, .link = opt->link, .n = d->n, .p = d->p, .k1 = d->k - 1,
                     .start = now_seconds(),
                     .limit = opt->max_seconds == 0.0 ? ICSTAT_CLM_MAX_SECONDS
                                                      : opt->max_seconds};
        st = nom_alloc(&c) == 0 ? run_tests(&c, tests, err)
                                : icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        nom_free(&c);
    }
    if (st != ICSTAT_OK) {
        icstat_clm_tests_free(tests);
        return st;
    }
    *out = tests;
    return ICSTAT_OK;
}
