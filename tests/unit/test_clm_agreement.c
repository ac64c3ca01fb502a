/* test_clm_agreement.c — inspector_agreement and implied_agreement
 * (clm_agreement.c) against computations written separately here, under
 * the logit and the probit link, with an inspector characteristic (gender,
 * drawn with the inspector) and without (gender then the school's):
 *
 * - exact integration by GSL's adaptive routines: the inspector agreement
 *   as one integral over L of sum_c P_w(c | L)^2 times L's density
 *   averaged over the rows (QAG between break points at every cut point
 *   theta_c - v_g and 10 sigma either side), the implied agreement row by
 *   row (QAGI over u and r), with every inspector's own value (no distinct
 *   values, quantile means, grid or splines); tolerance 2e-7 (the
 *   engine's quadrature error is below 1e-9 in these cases; the splines
 *   of the grid path are the larger part of what remains);
 * - sigma = 0: the closed form over pairs of inspector values,
 *   sum_c [F(theta_c - max - s) - F(theta_{c-1} - min - s)]_+;
 * - Monte Carlo simulation from the fitted model (draw a row, its school
 *   effect, its latent residual, two inspectors from the population for
 *   the same inspection and a third for another; count equal grades),
 *   1,000,000 seeded draws, tolerance 4.5 Monte Carlo standard errors;
 * - the delta-method interval against a seeded parametric bootstrap
 *   (parameters drawn from N(estimate, vcov), 400 draws): the se within
 *   15% of the draws' sd and each end within 15% of the interval's width
 *   of the percentile interval's;
 * - inspectors who specialise (each inspects one phase): the school's
 *   phase kept, not drawn with the inspector, unless named as an
 *   inspector term.
 * The data are drawn here with known values: phase and pupils describe the
 * school, gender the inspector (40 inspectors, sd 0.6 on the latent scale). */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "icstat/clm.h"
#include "icstat/design.h"
#include "icstat/sort.h"
#include "icstat/table.h"
#include "test_util.h"

typedef struct {
    icstat_table *t;
    icstat_design *d;
    icstat_clm_fit *f;
    icstat_link link;
} fitted;

/* Inspections by 40 inspectors, `per` each, drawn under `link` (a
 * logistic or normal latent residual) and fitted under it; pupils
 * continuous (so every row has its own s, and over 1,024 rows the engine's
 * grid path is taken) or in three sizes. */
static fitted make_fit(icstat_link link, unsigned long seed, int per, int continuous, int mixed,
                       const char *const *terms, size_t nterms, const char *const *insp,
                       size_t ninsp)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    size_t cap = (size_t)per * 40 * 64 + 64, len = 0;
    char *buf = malloc(cap);
    len += (size_t)snprintf(buf, cap, "grade,phase,pupils,gender,insp\n");
    for (int g = 0; g < 40; g++) {
        const double u = gsl_ran_gaussian(rng, 0.6);
        const int female = g % 3 == 0;
        for (int i = 0; i < per; i++) {
            const int sec = gsl_rng_uniform(rng) < 0.4;
            const double pupils = continuous ? 100.0 + 900.0 * gsl_rng_uniform(rng)
                                             : 200.0 * (double)(1 + gsl_rng_uniform_int(rng, 3));
            const double e = link == ICSTAT_LINK_PROBIT ? gsl_ran_gaussian(rng, 1.0)
                                                        : gsl_ran_logistic(rng, 1.0);
            const double z = 0.5 * sec + 0.001 * (pupils - 500.0) + 0.4 * female + u + e;
            const int y = z < -2.0 ? 1 : z < 0.5 ? 2 : z < 2.2 ? 3 : 4;
            len += (size_t)snprintf(buf + len, cap - len, "%d,%s,%.4f,%s,I%02d\n", y,
                                    sec ? "Secondary" : "Primary", pupils,
                                    female ? "F" : "M", g);
        }
    }
    gsl_rng_free(rng);
    fitted r = {.link = link};
    icstat_error err;
    assert_int_equal(icstat_table_read_buffer("sim", buf, len, &r.t, &err), ICSTAT_OK);
    free(buf);
    icstat_design_spec spec = {.outcome = "grade", .terms = terms, .n_terms = nterms,
                               .group = "insp", .inspector_terms = insp,
                               .n_inspector_terms = ninsp};
    assert_int_equal(icstat_design_build(r.t, &spec, &r.d, &err), ICSTAT_OK);
    icstat_clm_options opt = {.link = link, .quad = 7};
    if (icstat_clm_fit_model(r.d, &opt, mixed, &r.f, &err) != ICSTAT_OK)
        fail_msg("%s", err.msg);
    return r;
}

static void fitted_free(fitted *r)
{
    icstat_clm_fit_free(r->f);
    icstat_design_free(r->d);
    icstat_table_free(r->t);
}

/* ---- the reference, by adaptive integration ---------------------------- */

typedef struct {
    const double *theta;   /* k1 */
    size_t k1;
    double sigma, sigma_school;
    const double *v;       /* every inspector's (or row's) own value */
    size_t nv;
    double s;              /* the row's school-level predictor */
    const double *srow;    /* every row's s, for the inspector agreement */
    size_t nrow;
    double x;              /* scratch: the point of an inner integral */
    size_t cat;
    gsl_integration_workspace *w2; /* for the inner integral */
    const double *ghx, *ghw;       /* 60-point Gauss-Hermite rule */
    int probit;                    /* e normal, else logistic */
} ref_ctx;

static double logistic_pdf(double x)
{
    const double e = exp(-fabs(x));
    return e / ((1.0 + e) * (1.0 + e));
}

static double logistic_cdf(double x) { return 1.0 / (1.0 + exp(-x)); }

/* The latent residual's density and distribution function. */
static double e_pdf(const ref_ctx *c, double x)
{
    return c->probit ? gsl_ran_ugaussian_pdf(x) : logistic_pdf(x);
}

static double e_cdf(const ref_ctx *c, double x)
{
    return c->probit ? gsl_cdf_ugaussian_P(x) : logistic_cdf(x);
}

/* P(theta_{c-1} < L + w <= theta_c) over the inspectors, w = v + u. */
static double pw(const ref_ctx *c, size_t cat, double L)
{
    double p = 0.0;
    for (size_t g = 0; g < c->nv; g++) {
        const double hi = cat < c->k1 ? c->theta[cat] - L - c->v[g] : INFINITY;
        const double lo = cat > 0 ? c->theta[cat - 1] - L - c->v[g] : -INFINITY;
        p += gsl_cdf_ugaussian_P(hi / c->sigma) - gsl_cdf_ugaussian_P(lo / c->sigma);
    }
    return p / (double)c->nv;
}

/* The density of r + e at y: r ~ N(0, sigma_school^2), by a
 * 60-point Gauss-Hermite rule (a smooth, deterministic integrand for the
 * adaptive integral outside it; the engine uses 20 points). */
static double density_le(ref_ctx *c, double y)
{
    if (c->sigma_school == 0.0)
        return e_pdf(c, y);
    double sum = 0.0;
    for (size_t q = 0; q < 60; q++)
        sum += c->ghw[q] * e_pdf(c, y - M_SQRT2 * c->sigma_school * c->ghx[q]);
    return sum / sqrt(M_PI);
}

/* sum_c P_w(c | L)^2 times the density of L averaged over the rows: the
 * integrand of the mean over the rows, which is linear in the density. */
static double l_integrand(double L, void *p)
{
    ref_ctx *c = p;
    double g = 0.0, dens = 0.0;
    for (size_t cat = 0; cat <= c->k1; cat++) {
        const double q = pw(c, cat, L);
        g += q * q;
    }
    for (size_t i = 0; i < c->nrow; i++)
        dens += density_le(c, L - c->srow[i]);
    return g * dens / (double)c->nrow;
}

/* The inspector agreement averaged over the rows: adaptive 61-point
 * Gauss-Kronrod (QAG) from the smallest s - 60 to the largest s + 60,
 * one integral between each two break points, at each cut
 * point and 10 sigma either side (the integrand changes within a few
 * sigma of each; without the outer ones a small sigma's step at the end
 * of a wide interval falls between the Kronrod nodes and is missed). */
static double ref_inspector(ref_ctx *c, gsl_integration_workspace *w)
{
    const size_t npts = 3 * c->k1 * c->nv + 2;
    double *pts = malloc(npts * sizeof *pts), res, abserr, smin = INFINITY, smax = -INFINITY;
    for (size_t i = 0; i < c->nrow; i++) {
        smin = fmin(smin, c->srow[i]);
        smax = fmax(smax, c->srow[i]);
    }
    size_t m = 0;
    pts[m++] = smin - 60.0;
    for (size_t j = 0; j < c->k1; j++)
        for (size_t g = 0; g < c->nv; g++)
            for (int o = -1; o <= 1; o++) {
                const double x = c->theta[j] - c->v[g] + 10.0 * o * c->sigma;
                if (x > pts[0] && x < smax + 60.0)
                    pts[m++] = x;
            }
    pts[m++] = smax + 60.0;
    for (size_t a = 1; a < m; a++) /* insertion sort; the ends stay outside */
        for (size_t b = a; b > 0 && pts[b] < pts[b - 1]; b--) {
            const double t = pts[b];
            pts[b] = pts[b - 1];
            pts[b - 1] = t;
        }
    size_t u = 1; /* inspectors share values: distinct break points only */
    for (size_t a = 1; a < m; a++)
        if (pts[a] > pts[u - 1] + 1e-9)
            pts[u++] = pts[a];
    m = u;
    gsl_function fn = {l_integrand, c};
    double sum = 0.0;
    for (size_t a = 0; a + 1 < m; a++) {
        const int st = gsl_integration_qag(&fn, pts[a], pts[a + 1], 1e-14, 1e-12, 2000,
                                           GSL_INTEG_GAUSS61, w, &res, &abserr);
        if (st != GSL_SUCCESS && !(abserr < 1e-11))
            fail_msg("QAG over %g..%g, sigma %g, school %g: %s (error %g)", pts[a], pts[a + 1],
                     c->sigma, c->sigma_school, gsl_strerror(st), abserr);
        sum += res;
    }
    res = sum;
    free(pts);
    return res;
}

/* P(c | x + u + v_g) over u, and E_r sum_c P(c | s + r)^2. */
static double u_integrand(double u, void *p)
{
    const ref_ctx *c = p;
    double sum = 0.0;
    for (size_t g = 0; g < c->nv; g++) {
        const double eta = c->x + c->v[g] + u;
        const double hi = c->cat < c->k1 ? e_cdf(c, c->theta[c->cat] - eta) : 1.0;
        const double lo = c->cat > 0 ? e_cdf(c, c->theta[c->cat - 1] - eta) : 0.0;
        sum += hi - lo;
    }
    return sum / (double)c->nv * gsl_ran_gaussian_pdf(u, c->sigma);
}

static double sum_sq(ref_ctx *c, double x, double *margin)
{
    double a = 0.0;
    for (size_t cat = 0; cat <= c->k1; cat++) {
        double res, abserr;
        gsl_function fn = {u_integrand, c};
        c->x = x;
        c->cat = cat;
        gsl_integration_qagi(&fn, 1e-13, 1e-11, 1000, c->w2, &res, &abserr);
        a += res * res;
        if (margin)
            margin[cat] = res;
    }
    return a;
}

static double r_sumsq(double r, void *p)
{
    ref_ctx *c = p;
    return sum_sq(c, c->s + r, NULL) * gsl_ran_gaussian_pdf(r, c->sigma_school);
}

static double ref_implied(ref_ctx *c, gsl_integration_workspace *w, double *margin)
{
    if (c->sigma_school == 0.0)
        return sum_sq(c, c->s, margin);
    double res, abserr;
    gsl_function fn = {r_sumsq, c};
    gsl_integration_qagi(&fn, 1e-12, 1e-10, 1000, w, &res, &abserr);
    return res;
}

/* The reference for every row of r, at sigma_school: the two agreements
 * and the inspector kappa (chance from the implied margins). */
static void reference(const fitted *r, double sigma_school, double *insp, double *impl,
                      double *kappa)
{
    const icstat_design *d = r->d;
    const icstat_clm_fit *f = r->f;
    const size_t p = d->p, k1 = f->k1, G = d->n_groups;
    const double *beta = f->par + k1;
    double *v = malloc(G * sizeof *v), margin[8] = {0}, m[8];
    for (size_t g = 0; g < G; g++) {
        v[g] = 0.0;
        for (size_t t = 0; t < d->n_terms; t++)
            for (size_t col = 0; col < d->terms[t].ncols && d->terms[t].inspector_level; col++) {
                const size_t j = d->terms[t].first_col + col;
                v[g] += d->x[d->group_start[g] * p + j] * beta[j];
            }
    }
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(2000),
                              *w2 = gsl_integration_workspace_alloc(1000);
    gsl_integration_fixed_workspace *gh =
        gsl_integration_fixed_alloc(gsl_integration_fixed_hermite, 60, 0.0, 1.0, 0.0, 0.0);
    ref_ctx c = {.theta = f->par, .k1 = k1, .sigma = exp(f->par[k1 + p]),
                 .sigma_school = sigma_school, .v = v, .nv = G, .w2 = w2,
                 .ghx = gsl_integration_fixed_nodes(gh), .ghw = gsl_integration_fixed_weights(gh),
                 .probit = r->link == ICSTAT_LINK_PROBIT};
    double *srow = malloc(d->n * sizeof *srow);
    for (size_t i = 0; i < d->n; i++) {
        srow[i] = 0.0;
        for (size_t t = 0; t < d->n_terms; t++)
            for (size_t col = 0; col < d->terms[t].ncols && !d->terms[t].inspector_level; col++) {
                const size_t j = d->terms[t].first_col + col;
                srow[i] += d->x[i * p + j] * beta[j];
            }
    }
    /* Rows with the same s have the same implied agreement: each value
     * once, counted as often as it occurs (sorted by the test itself). */
    qsort(srow, d->n, sizeof *srow, icstat_cmp_double);
    *impl = 0.0;
    for (size_t i = 0, run; i < d->n; i += run) {
        for (run = 1; i + run < d->n && srow[i + run] == srow[i];)
            run++;
        c.s = srow[i];
        *impl += (double)run * ref_implied(&c, w, sigma_school == 0.0 ? m : NULL);
        for (size_t cat = 0; cat <= k1 && sigma_school == 0.0; cat++)
            margin[cat] += (double)run * m[cat];
    }
    c.srow = srow;
    c.nrow = d->n;
    *insp = ref_inspector(&c, w);
    *impl /= (double)d->n;
    double pe = 0.0;
    for (size_t cat = 0; cat <= k1; cat++)
        pe += (margin[cat] / (double)d->n) * (margin[cat] / (double)d->n);
    *kappa = sigma_school == 0.0 ? (*insp - pe) / (1.0 - pe) : NAN;
    gsl_integration_workspace_free(w);
    gsl_integration_workspace_free(w2);
    gsl_integration_fixed_free(gh);
    free(srow);
    free(v);
}

static const char *all_terms[] = {"phase", "pupils", "gender"};
static const char *gender[] = {"gender"};
static const icstat_link links[] = {ICSTAT_LINK_LOGIT, ICSTAT_LINK_PROBIT};

/* The engine against exact integration, under logit and probit, with the
 * inspector's gender drawn with the inspector and without (gender then a
 * school term like the others, only the random intercept drawn): the grid
 * path (1,200 distinct school values), then the distinct-value path with
 * and without a school effect. */
static void test_exact(void **state)
{
    (void)state;
    double a[ICSTAT_CLM_AGREEMENT_N], insp, impl, kappa;
    icstat_error err;
    for (size_t l = 0; l < 2; l++)
        for (size_t with = 0; with < 2; with++) {
            fitted r = make_fit(links[l], 5, 30, 1, 1, all_terms, 3, gender, with);
            assert_int_equal(icstat_clm_agreement_at(r.d, r.f, r.f->par, r.link, 0.0, a, &err),
                             ICSTAT_OK);
            reference(&r, 0.0, &insp, &impl, &kappa);
            assert_close(a[ICSTAT_CLM_INSPECTOR_AGREEMENT], insp, 2e-7);
            assert_close(a[ICSTAT_CLM_IMPLIED_AGREEMENT], impl, 2e-7);
            assert_close(a[ICSTAT_CLM_INSPECTOR_KAPPA], kappa, 5e-7);
            /* the agreement of the same inspection exceeds that of two */
            assert_true(insp > impl + 0.2);
            fitted_free(&r);
        }

    const char *two[] = {"phase", "gender"};
    for (size_t l = 0; l < 2; l++) {
        fitted r = make_fit(links[l], 6, 15, 0, 1, two, 2, gender, 1);
        for (int k = 0; k < 2; k++) {
            const double ss = k ? 0.8 : 0.0;
            assert_int_equal(icstat_clm_agreement_at(r.d, r.f, r.f->par, r.link, ss, a, &err),
                             ICSTAT_OK);
            reference(&r, ss, &insp, &impl, &kappa);
            assert_close(a[ICSTAT_CLM_INSPECTOR_AGREEMENT], insp, 2e-7);
            assert_close(a[ICSTAT_CLM_IMPLIED_AGREEMENT], impl, 2e-7);
        }
        fitted_free(&r);
    }
    /* A tiny sigma: the integrand steps over 0.001 around each cut point. */
    fitted r = make_fit(ICSTAT_LINK_LOGIT, 6, 15, 0, 1, two, 2, gender, 1);
    double *par = malloc(r.f->npar * sizeof *par);
    memcpy(par, r.f->par, r.f->npar * sizeof *par);
    par[r.f->npar - 1] = log(0.001);
    const double keep = r.f->par[r.f->npar - 1];
    assert_int_equal(icstat_clm_agreement_at(r.d, r.f, par, ICSTAT_LINK_LOGIT, 0.0, a, &err),
                     ICSTAT_OK);
    r.f->par[r.f->npar - 1] = par[r.f->npar - 1];
    reference(&r, 0.0, &insp, &impl, &kappa);
    r.f->par[r.f->npar - 1] = keep;
    assert_close(a[ICSTAT_CLM_INSPECTOR_AGREEMENT], insp, 2e-7);
    free(par);
    fitted_free(&r);
}

/* sigma = 0: without inspector terms exactly 1; with them (a fit without
 * a group draws the inspector values as the rows have them) the closed
 * form over pairs of values. */
static void test_sigma_zero(void **state)
{
    (void)state;
    double a[ICSTAT_CLM_AGREEMENT_N];
    icstat_error err;
    fitted r = make_fit(ICSTAT_LINK_LOGIT, 7, 20, 0, 0, all_terms, 3, NULL, 0);
    assert_int_equal(icstat_clm_agreement_at(r.d, r.f, r.f->par, ICSTAT_LINK_LOGIT, 0.0, a, &err),
                     ICSTAT_OK);
    assert_true(a[ICSTAT_CLM_INSPECTOR_AGREEMENT] == 1.0 && a[ICSTAT_CLM_INSPECTOR_KAPPA] == 1.0);
    fitted_free(&r);

    r = make_fit(ICSTAT_LINK_LOGIT, 7, 20, 0, 0, all_terms, 3, gender, 1);
    assert_int_equal(icstat_clm_agreement_at(r.d, r.f, r.f->par, ICSTAT_LINK_LOGIT, 0.0, a, &err),
                     ICSTAT_OK);
    const icstat_design *d = r.d;
    const double *th = r.f->par, *beta = r.f->par + 3;
    const size_t gc = d->terms[2].first_col; /* gender=M */
    double nm = 0.0, want = 0.0;
    for (size_t i = 0; i < d->n; i++)
        nm += d->x[i * d->p + gc];
    const double vals[2] = {0.0, beta[gc]}, wts[2] = {1.0 - nm / (double)d->n, nm / (double)d->n};
    for (size_t i = 0; i < d->n; i++) {
        double s = 0.0;
        for (size_t j = 0; j < d->p; j++)
            s += j == gc ? 0.0 : d->x[i * d->p + j] * beta[j];
        for (int x = 0; x < 2; x++)
            for (int y = 0; y < 2; y++) {
                const double hi = fmax(vals[x], vals[y]), lo = fmin(vals[x], vals[y]);
                for (int c = 0; c < 4; c++) {
                    const double up = c < 3 ? logistic_cdf(th[c] - hi - s) : 1.0;
                    const double dn = c > 0 ? logistic_cdf(th[c - 1] - lo - s) : 0.0;
                    want += wts[x] * wts[y] * fmax(0.0, up - dn);
                }
            }
    }
    assert_close(a[ICSTAT_CLM_INSPECTOR_AGREEMENT], want / (double)d->n, 1e-10);
    assert_true(a[ICSTAT_CLM_INSPECTOR_AGREEMENT] < 1.0);
    fitted_free(&r);
}

/* Row i's school part s and inspector part v of x'beta (v from group g's
 * first row: the inspector's characteristics). */
static void row_parts(const icstat_design *d, const double *beta, size_t i, size_t g,
                      double *s, double *v)
{
    *s = *v = 0.0;
    for (size_t t = 0; t < d->n_terms; t++)
        for (size_t col = 0; col < d->terms[t].ncols; col++) {
            const size_t j = d->terms[t].first_col + col;
            if (d->terms[t].inspector_level)
                *v += d->x[d->group_start[g] * d->p + j] * beta[j];
            else
                *s += d->x[i * d->p + j] * beta[j];
        }
}

/* The grade of latent value y under thresholds th (4 grades, 0-3). */
static int grade_of(const double *th, double y)
{
    return y <= th[0] ? 0 : y <= th[1] ? 1 : y <= th[2] ? 2 : 3;
}

/* Monte Carlo from a fitted model: a row drawn at random, its school
 * effect r (sd sigma_school) and its latent residual e; two inspectors
 * drawn from the 40 (their characteristics, if drawn with them, and a
 * fresh u ~ N(0, sigma^2) each) grade the same inspection (r and e
 * shared); a third, with a fresh e, makes another inspection of the
 * same school.  Each proportion within 4.5 Monte Carlo standard errors. */
static void monte_carlo(const fitted *r, double sigma_school, unsigned long seed)
{
    const icstat_design *d = r->d;
    const double *th = r->f->par, *beta = r->f->par + 3, sigma = exp(r->f->par[r->f->npar - 1]);
    const size_t G = d->n_groups, N = 1000000;
    double a[ICSTAT_CLM_AGREEMENT_N], s, v;
    icstat_error err;
    assert_int_equal(icstat_clm_agreement_at(d, r->f, r->f->par, r->link, sigma_school, a, &err),
                     ICSTAT_OK);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    size_t same = 0, same_indep = 0;
    for (size_t draw = 0; draw < N; draw++) {
        const size_t i = gsl_rng_uniform_int(rng, d->n);
        const double school = sigma_school > 0.0 ? gsl_ran_gaussian(rng, sigma_school) : 0.0;
        double e[2];
        for (int k = 0; k < 2; k++)
            e[k] = r->link == ICSTAT_LINK_PROBIT ? gsl_ran_gaussian(rng, 1.0)
                                                 : gsl_ran_logistic(rng, 1.0);
        int grade[3];
        for (int k = 0; k < 3; k++) {
            row_parts(d, beta, i, gsl_rng_uniform_int(rng, G), &s, &v);
            grade[k] = grade_of(th, s + school + (k == 2 ? e[1] : e[0]) + v +
                                        gsl_ran_gaussian(rng, sigma));
        }
        same += grade[0] == grade[1];       /* the same inspection */
        same_indep += grade[0] == grade[2]; /* another inspection */
    }
    gsl_rng_free(rng);
    const double pi = (double)same / (double)N, pm = (double)same_indep / (double)N;
    print_message("%s, school sd %g: inspector %.5f (simulated %.5f), implied %.5f (%.5f)\n",
                  r->link == ICSTAT_LINK_PROBIT ? "probit" : "logit", sigma_school,
                  a[ICSTAT_CLM_INSPECTOR_AGREEMENT], pi, a[ICSTAT_CLM_IMPLIED_AGREEMENT], pm);
    assert_close(a[ICSTAT_CLM_INSPECTOR_AGREEMENT], pi, 4.5 * sqrt(pi * (1 - pi) / (double)N));
    assert_close(a[ICSTAT_CLM_IMPLIED_AGREEMENT], pm, 4.5 * sqrt(pm * (1 - pm) / (double)N));
}

/* Under logit and probit, with the inspector's gender drawn with the
 * inspector and without, and once with a school effect. */
static void test_monte_carlo(void **state)
{
    (void)state;
    for (size_t l = 0; l < 2; l++)
        for (size_t with = 0; with < 2; with++) {
            fitted r = make_fit(links[l], 5, 30, 1, 1, all_terms, 3, gender, with);
            monte_carlo(&r, 0.0, 20261207 + 2 * l + with);
            if (l == 0 && with)
                monte_carlo(&r, 0.8, 16);
            fitted_free(&r);
        }
}

/* The delta method against a parametric bootstrap from the fitted
 * covariance of r's fit. */
static void bootstrap(const fitted *r, unsigned long seed)
{
    const icstat_clm_fit *f = r->f;
    const size_t np = f->npar, B = 400;
    icstat_clm_agreement ag;
    icstat_error err;
    assert_int_equal(icstat_clm_agreement_compute(r->d, f, r->link, 0.0, 0.95, &ag, &err),
                     ICSTAT_OK);
    gsl_matrix *L = gsl_matrix_alloc(np, np);
    for (size_t i = 0; i < np; i++)
        for (size_t j = 0; j < np; j++)
            gsl_matrix_set(L, i, j, f->vcov[i * np + j]);
    assert_int_equal(gsl_linalg_cholesky_decomp1(L), GSL_SUCCESS);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    double *draws = malloc(ICSTAT_CLM_AGREEMENT_N * B * sizeof *draws), *par = malloc(np * 8),
           *z = malloc(np * 8), a[ICSTAT_CLM_AGREEMENT_N];
    for (size_t b = 0; b < B; b++) {
        for (size_t i = 0; i < np; i++)
            z[i] = gsl_ran_gaussian(rng, 1.0);
        for (size_t i = 0; i < np; i++) {
            par[i] = f->par[i];
            for (size_t j = 0; j <= i; j++)
                par[i] += gsl_matrix_get(L, i, j) * z[j];
        }
        assert_int_equal(icstat_clm_agreement_at(r->d, f, par, r->link, 0.0, a, &err), ICSTAT_OK);
        for (size_t q = 0; q < ICSTAT_CLM_AGREEMENT_N; q++)
            draws[q * B + b] = a[q];
    }
    for (size_t q = 0; q < ICSTAT_CLM_AGREEMENT_N; q++) {
        const icstat_clm_estimate *e = &ag.est[q];
        double *x = draws + q * B, m = 0.0, ss = 0.0;
        for (size_t b = 0; b < B; b++)
            m += x[b] / (double)B;
        for (size_t b = 0; b < B; b++)
            ss += (x[b] - m) * (x[b] - m) / (double)(B - 1);
        qsort(x, B, sizeof *x, icstat_cmp_double);
        const double lo = x[9], hi = x[390], width = e->ci_high - e->ci_low; /* 2.5%, 97.5% */
        print_message("[%zu] %.4f: se %.5f, bootstrap sd %.5f; delta (%.4f, %.4f), "
                      "percentile (%.4f, %.4f)\n",
                      q, e->estimate, e->se, sqrt(ss), e->ci_low, e->ci_high, lo, hi);
        assert_close(e->se / sqrt(ss), 1.0, 0.15);
        assert_close(e->ci_low, lo, 0.15 * width);
        assert_close(e->ci_high, hi, 0.15 * width);
        assert_true(e->ci_low < e->estimate && e->estimate < e->ci_high);
    }
    free(draws), free(par), free(z);
    gsl_rng_free(rng);
    gsl_matrix_free(L);
}

/* Recorded when written (logit): inspector agreement 0.7465, delta se
 * 0.0531, bootstrap sd 0.0542; 95% interval delta (0.6295, 0.8362),
 * percentile (0.6176, 0.8378); the implied kappa, 0.0026, near its
 * bound 0, delta (0.0001, 0.0087) on the square-root scale against the
 * percentile (0.0003, 0.0085). */
static void test_bootstrap(void **state)
{
    (void)state;
    for (size_t l = 0; l < 2; l++) {
        fitted r = make_fit(links[l], 8, 15, 0, 1, all_terms, 3, gender, 1);
        bootstrap(&r, 16 + l);
        fitted_free(&r);
    }
}

/* Inspectors who specialise (the first 20 inspect only primary schools,
 * the others only secondary ones): phase is constant within every group,
 * but it is the school's; drawing it with the inspector (as
 * --inspector-terms phase would) changes both agreements. */
static void test_specialised(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 30687);
    size_t cap = 40 * 30 * 40 + 64, len = 0;
    char *buf = malloc(cap);
    len += (size_t)snprintf(buf, cap, "grade,phase,insp\n");
    for (int g = 0; g < 40; g++) {
        const double u = gsl_ran_gaussian(rng, 0.5);
        for (int i = 0; i < 30; i++) {
            const double z = 1.2 * (g >= 20) + u + gsl_ran_logistic(rng, 1.0);
            const int y = z < -2.0 ? 1 : z < 0.5 ? 2 : z < 2.2 ? 3 : 4;
            len += (size_t)snprintf(buf + len, cap - len, "%d,%s,I%02d\n", y,
                                    g >= 20 ? "Secondary" : "Primary", g);
        }
    }
    gsl_rng_free(rng);
    icstat_table *t = NULL;
    icstat_error err;
    assert_int_equal(icstat_table_read_buffer("spec", buf, len, &t, &err), ICSTAT_OK);
    free(buf);
    const char *terms[] = {"phase"};
    double a[2][ICSTAT_CLM_AGREEMENT_N];
    for (int drawn = 0; drawn < 2; drawn++) {
        icstat_design_spec spec = {.outcome = "grade", .terms = terms, .n_terms = 1,
                                   .group = "insp", .inspector_terms = terms,
                                   .n_inspector_terms = (size_t)drawn};
        icstat_design *d = NULL;
        icstat_clm_fit *f = NULL;
        icstat_clm_options opt = {.link = ICSTAT_LINK_LOGIT, .quad = 7};
        assert_int_equal(icstat_design_build(t, &spec, &d, &err), ICSTAT_OK);
        assert_true(d->terms[0].group_level); /* constant within every group ... */
        assert_int_equal(d->terms[0].inspector_level, drawn); /* ... not the inspector's */
        assert_int_equal(icstat_clm_fit_model(d, &opt, 1, &f, &err), ICSTAT_OK);
        assert_int_equal(icstat_clm_agreement_at(d, f, f->par, opt.link, 0.0, a[drawn], &err),
                         ICSTAT_OK);
        /* each against the exact integration of what it means */
        const fitted r = {.t = t, .d = d, .f = f, .link = opt.link};
        double insp, impl, kappa;
        reference(&r, 0.0, &insp, &impl, &kappa);
        assert_close(a[drawn][ICSTAT_CLM_INSPECTOR_AGREEMENT], insp, 2e-7);
        assert_close(a[drawn][ICSTAT_CLM_IMPLIED_AGREEMENT], impl, 2e-7);
        icstat_clm_fit_free(f);
        icstat_design_free(d);
    }
    print_message("specialised: implied %.5f (phase kept) against %.5f (drawn); inspector "
                  "%.5f against %.5f\n",
                  a[0][ICSTAT_CLM_IMPLIED_AGREEMENT], a[1][ICSTAT_CLM_IMPLIED_AGREEMENT],
                  a[0][ICSTAT_CLM_INSPECTOR_AGREEMENT], a[1][ICSTAT_CLM_INSPECTOR_AGREEMENT]);
    /* Keeping each school's phase, the grade depends less on who comes. */
    assert_true(a[0][ICSTAT_CLM_IMPLIED_AGREEMENT] > a[1][ICSTAT_CLM_IMPLIED_AGREEMENT] + 0.005);
    assert_true(a[0][ICSTAT_CLM_INSPECTOR_AGREEMENT] > a[1][ICSTAT_CLM_INSPECTOR_AGREEMENT] + 0.05);

    /* An inspector term that varies within a group is a data error naming
     * the group, both values and their lines. */
    const char *insp[] = {"phase"};
    icstat_table *t2 = NULL;
    const char *csv = "grade,phase,insp\n1,P,A\n2,S,A\n3,P,B\n2,S,B\n";
    assert_int_equal(icstat_table_read_buffer("mixed.csv", csv, strlen(csv), &t2, &err), ICSTAT_OK);
    icstat_design_spec spec = {.outcome = "grade", .terms = terms, .n_terms = 1, .group = "insp",
                               .inspector_terms = insp, .n_inspector_terms = 1};
    icstat_design *d = NULL;
    assert_int_equal(icstat_design_build(t2, &spec, &d, &err), ICSTAT_EDATA);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "'phase' (in inspector_terms) is not constant within insp 'A': "
                                 "'S' here, 'P' on line 2; an inspector characteristic must "
                                 "have one value for each insp");
    /* and one that is not a term, a usage error */
    const char *other[] = {"region"};
    spec.inspector_terms = other;
    assert_int_equal(icstat_design_build(t2, &spec, &d, &err), ICSTAT_EUSAGE);
    assert_string_equal(err.msg, "inspector_terms names 'region', which is not in terms");
    icstat_table_free(t2);
    icstat_table_free(t);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact),
        cmocka_unit_test(test_sigma_zero),
        cmocka_unit_test(test_monte_carlo),
        cmocka_unit_test(test_bootstrap),
        cmocka_unit_test(test_specialised),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
