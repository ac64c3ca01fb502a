/* test_clm_engine.c — the pieces of the cumulative link model engine
 * checked against their definitions: link derivatives and the marginal
 * gradient against finite differences, the link quantile against the
 * distribution function, the boundary sigma = 0, and the
 * derived quantities against closed forms. */
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "../../analysis/model/clm_internal.h"
#include "../../analysis/numerics/spd.h"
#include "icstat/clm.h"
#include "icstat/design.h"
#include "icstat/table.h"
#include "test_util.h"

/* Each derivative of log(F(a) - F(c)) against a central difference of the
 * one below it, for every link, in the middle and in the tails. */
static void test_link_derivatives(void **state)
{
    (void)state;
    const double pts[][2] = {{0.3, -0.8}, {2.5, 1.0}, {-1.0, -4.0}, {6.0, 3.0},
                             {INFINITY, 1.2}, {-0.5, -INFINITY}, {-9.0, -12.0}};
    const double h = 1e-5;
    for (int link = 0; link < 3; link++)
        for (size_t i = 0; i < sizeof pts / sizeof *pts; i++) {
            const double a = pts[i][0], c = pts[i][1];
            icstat_link_terms t, ta1, ta0, tc1, tc0;
            assert_int_equal(icstat_link_eval(link, a, c, 3, &t), 0);
            const int da = isfinite(a), dc = isfinite(c);
            if (da) {
                assert_int_equal(icstat_link_eval(link, a + h, c, 3, &ta1), 0);
                assert_int_equal(icstat_link_eval(link, a - h, c, 3, &ta0), 0);
                const double s = fabs(t.la) + 1e-3;
                assert_close((ta1.logp - ta0.logp) / (2 * h), t.la, 1e-6 * s);
                assert_close((ta1.la - ta0.la) / (2 * h), t.laa, 1e-5 * (fabs(t.laa) + 1e-2));
                assert_close((ta1.laa - ta0.laa) / (2 * h), t.laaa, 1e-5 * (fabs(t.laaa) + 1e-2));
                assert_close((ta1.lac - ta0.lac) / (2 * h), t.laac, 1e-5 * (fabs(t.laac) + 1e-2));
                assert_close((ta1.lcc - ta0.lcc) / (2 * h), t.lacc, 1e-5 * (fabs(t.lacc) + 1e-2));
            }
            if (dc) {
                assert_int_equal(icstat_link_eval(link, a, c + h, 3, &tc1), 0);
                assert_int_equal(icstat_link_eval(link, a, c - h, 3, &tc0), 0);
                assert_close((tc1.logp - tc0.logp) / (2 * h), t.lc, 1e-6 * (fabs(t.lc) + 1e-3));
                assert_close((tc1.lc - tc0.lc) / (2 * h), t.lcc, 1e-5 * (fabs(t.lcc) + 1e-2));
                assert_close((tc1.lcc - tc0.lcc) / (2 * h), t.lccc, 1e-5 * (fabs(t.lccc) + 1e-2));
                if (da)
                    assert_close((tc1.la - tc0.la) / (2 * h), t.lac, 1e-5 * (fabs(t.lac) + 1e-2));
            }
        }
    icstat_link_terms t;
    assert_int_equal(icstat_link_eval(ICSTAT_LINK_LOGIT, 1.0, 1.0, 2, &t), -1);
}

/* The logit path's terms from exponentials (icstat_link_logit_terms)
 * against icstat_link_eval at the same points, in every kind of
 * category, and its refusal far in a tail (icstat_link_eval then works in
 * logs). */
static void test_logit_terms(void **state)
{
    (void)state;
    const double pts[][2] = {{0.3, -0.8}, {2.5, 1.0}, {-1.0, -4.0}, {6.0, 3.0}, {30.0, 29.5},
                             {INFINITY, 1.2}, {INFINITY, -20.0}, {-0.5, -INFINITY},
                             {25.0, -INFINITY}, {-9.0, -12.0}};
    for (size_t i = 0; i < sizeof pts / sizeof *pts; i++) {
        const double a = pts[i][0], c = pts[i][1];
        const double ea = isinf(a) ? 0.0 : exp(-a), ec = isinf(c) ? INFINITY : exp(-c);
        const double gap = isinf(a) || isinf(c) ? 0.0 : expm1(a - c);
        icstat_link_terms want, got;
        double prob;
        for (int order = 1; order <= 3; order++) {
            assert_int_equal(icstat_link_eval(ICSTAT_LINK_LOGIT, a, c, order, &want), 0);
            assert_int_equal(icstat_link_logit_terms(ea, ec, gap, order, &got, &prob), 0);
            assert_close(prob, exp(want.logp), 1e-13 * exp(want.logp));
            assert_close(got.la, want.la, 1e-12 * (1.0 + fabs(want.la)));
            assert_close(got.lc, want.lc, 1e-12 * (1.0 + fabs(want.lc)));
            if (order < 2)
                continue;
            assert_close(got.laa, want.laa, 1e-12 * (1.0 + fabs(want.laa)));
            assert_close(got.lac, want.lac, 1e-12 * (1.0 + fabs(want.lac)));
            assert_close(got.lcc, want.lcc, 1e-12 * (1.0 + fabs(want.lcc)));
            if (order < 3)
                continue;
            assert_close(got.laaa, want.laaa, 1e-11 * (1.0 + fabs(want.laaa)));
            assert_close(got.laac, want.laac, 1e-11 * (1.0 + fabs(want.laac)));
            assert_close(got.lacc, want.lacc, 1e-11 * (1.0 + fabs(want.lacc)));
            assert_close(got.lccc, want.lccc, 1e-11 * (1.0 + fabs(want.lccc)));
        }
    }
    /* P = F(800) - F(799) underflows as a difference of exponentials. */
    icstat_link_terms t;
    double prob;
    assert_int_equal(icstat_link_logit_terms(exp(-800.0), exp(-799.0), expm1(1.0), 2, &t, &prob),
                     -1);
}

/* The quantile inverts the distribution function, and hits the closed
 * forms: logit(0.25) = -log 3, probit(0.975) = 1.959963984540054,
 * cloglog(1 - exp(-1)) = 0. */
static void test_link_quantile(void **state)
{
    (void)state;
    const double ps[] = {1e-6, 0.08, 0.25, 0.5, 0.65, 0.95, 0.999999};
    for (int link = 0; link < 3; link++)
        for (size_t i = 0; i < sizeof ps / sizeof *ps; i++)
            assert_close(icstat_link_cdf(link, icstat_link_quantile(link, ps[i])), ps[i],
                         1e-13 * ps[i] + 1e-15);
    assert_close(icstat_link_quantile(ICSTAT_LINK_LOGIT, 0.25), -log(3.0), 1e-15);
    assert_close(icstat_link_quantile(ICSTAT_LINK_PROBIT, 0.975), 1.959963984540054, 1e-14);
    assert_close(icstat_link_quantile(ICSTAT_LINK_CLOGLOG, -expm1(-1.0)), 0.0, 1e-15);
}

/* Simulated inspections: grade 1..4, x, inspector; sigma = 0 gives data
 * with no inspector differences. */
static icstat_design *simulate(double sigma, unsigned long seed, int per_group,
                               icstat_table **tout)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    size_t cap = (size_t)per_group * 40 * 40 + 64, len = 0;
    char *buf = malloc(cap);
    len += (size_t)snprintf(buf, cap, "grade,x,insp\n");
    for (int g = 0; g < 40; g++) {
        const double u = sigma > 0 ? gsl_ran_gaussian(rng, sigma) : 0.0;
        for (int i = 0; i < per_group; i++) {
            const double x = gsl_ran_gaussian(rng, 1.0);
            const double z = 0.7 * x + u + gsl_ran_logistic(rng, 1.0);
            const int y = z < -1.0 ? 1 : z < 0.8 ? 2 : z < 2.5 ? 3 : 4;
            len += (size_t)snprintf(buf + len, cap - len, "%d,%.6f,I%02d\n", y, x, g);
        }
    }
    gsl_rng_free(rng);
    icstat_error err;
    assert_int_equal(icstat_table_read_buffer("sim", buf, len, tout, &err), ICSTAT_OK);
    free(buf);
    const char *terms[] = {"x"};
    icstat_design_spec spec = {.outcome = "grade", .terms = terms, .n_terms = 1,
                               .group = "insp"};
    icstat_design *d = NULL;
    assert_int_equal(icstat_design_build(*tout, &spec, &d, &err), ICSTAT_OK);
    return d;
}

/* The analytic gradient of the approximate marginal log-likelihood (the
 * modes and curvatures move with the parameters) against central
 * differences of the function itself, for Laplace and quadrature. */
static void test_marginal_gradient(void **state)
{
    (void)state;
    icstat_table *t = NULL;
    icstat_design *d = simulate(0.8, 11, 12, &t);
    for (int link = 0; link < 3; link++)
        for (int quad = 1; quad <= 9; quad += 4) {
            clm_work w;
            assert_int_equal(clm_work_init(&w, d, link, quad), 0);
            w.npar = w.k1 + w.p + 1;
            const double par[5] = {-1.1, 0.7, 2.4, 0.6, log(0.9)};
            double ll, grad[5], lp, lm;
            assert_int_equal(clmm_eval(&w, par, &ll, grad), 0);
            for (int i = 0; i < 5; i++) {
                double q[5];
                const double h = 1e-5;
                memcpy(q, par, sizeof q);
                q[i] += h;
                assert_int_equal(clmm_eval(&w, q, &lp, NULL), 0);
                q[i] -= 2 * h;
                assert_int_equal(clmm_eval(&w, q, &lm, NULL), 0);
                assert_close(grad[i], (lp - lm) / (2 * h), 1e-5 * (1.0 + fabs(grad[i])));
            }
            clm_work_free(&w);
        }
    icstat_design_free(d);
    icstat_table_free(t);
}

/* The modes' slopes db^/dpsi that clmm_eval leaves with the gradient (the
 * next evaluation's first-order prediction of each mode) against central
 * differences of the modes, for Laplace and quadrature, every link. */
static void test_mode_slope(void **state)
{
    (void)state;
    icstat_table *t = NULL;
    icstat_design *d = simulate(0.8, 11, 12, &t);
    const size_t G = d->n_groups;
    double *slope = malloc(G * 5 * sizeof *slope), *bp = malloc(G * sizeof *bp);
    assert_non_null(slope);
    assert_non_null(bp);
    for (int link = 0; link < 3; link++)
        for (int quad = 1; quad <= 9; quad += 8) {
            clm_work w;
            assert_int_equal(clm_work_init(&w, d, link, quad), 0);
            w.npar = w.k1 + w.p + 1;
            const double par[5] = {-1.1, 0.7, 2.4, 0.6, log(0.9)};
            double ll, grad[5];
            assert_int_equal(clmm_eval(&w, par, &ll, grad), 0);
            assert_true(w.have_slope);
            memcpy(slope, w.mode_slope, G * 5 * sizeof *slope);
            for (int i = 0; i < 5; i++) {
                double q[5];
                const double h = 1e-5;
                memcpy(q, par, sizeof q);
                q[i] += h;
                assert_int_equal(clmm_eval(&w, q, &ll, NULL), 0);
                memcpy(bp, w.bmode, G * sizeof *bp);
                q[i] -= 2 * h;
                assert_int_equal(clmm_eval(&w, q, &ll, NULL), 0);
                for (size_t g = 0; g < G; g++) {
                    const double want = (bp[g] - w.bmode[g]) / (2 * h);
                    assert_close(slope[g * 5 + (size_t)i], want, 1e-5 * (1.0 + fabs(want)));
                }
            }
            clm_work_free(&w);
        }
    free(slope);
    free(bp);
    icstat_design_free(d);
    icstat_table_free(t);
}

/* The optimiser's starting metric (clmm_start_metric) allows for a term
 * that is constant within groups: its variance grows from the
 * fixed-effects fit's towards the mixed fit's (by the design effect, here
 * about 1 + 29 x 0.07), while a term that varies within groups keeps
 * about its own. */
static void test_start_metric(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 21);
    size_t cap = 80 * 30 * 48 + 64, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    len += (size_t)snprintf(buf, cap, "grade,z,x,insp\n");
    for (int g = 0; g < 80; g++) {
        const double u = gsl_ran_gaussian(rng, 0.5), z = gsl_ran_gaussian(rng, 1.0);
        for (int i = 0; i < 30; i++) {
            const double x = gsl_ran_gaussian(rng, 1.0);
            const double v = 0.4 * z + 0.4 * x + u + gsl_ran_logistic(rng, 1.0);
            const int y = v < -1.0 ? 1 : v < 0.8 ? 2 : v < 2.5 ? 3 : 4;
            len += (size_t)snprintf(buf + len, cap - len, "%d,%.6f,%.6f,I%02d\n", y, z, x, g);
        }
    }
    gsl_rng_free(rng);
    icstat_table *t = NULL;
    icstat_error err;
    assert_int_equal(icstat_table_read_buffer("sim", buf, len, &t, &err), ICSTAT_OK);
    free(buf);
    const char *terms[] = {"z", "x"};
    icstat_design_spec spec = {.outcome = "grade", .terms = terms, .n_terms = 2, .group = "insp"};
    icstat_design *d = NULL;
    assert_int_equal(icstat_design_build(t, &spec, &d, &err), ICSTAT_OK);
    icstat_clm_options opt = {.link = ICSTAT_LINK_LOGIT, .quad = 1};
    icstat_clm_fit *fixed = NULL, *mixed = NULL;
    assert_int_equal(icstat_clm_fit_model(d, &opt, 0, &fixed, &err), ICSTAT_OK);
    assert_int_equal(icstat_clm_fit_model(d, &opt, 1, &mixed, &err), ICSTAT_OK);
    /* The start as clm_fit.c makes it: the fixed fit, log sigma = log 0.5,
     * and the fixed-effects covariance on the standardised scale. */
    clm_work w;
    assert_int_equal(clm_work_init(&w, d, ICSTAT_LINK_LOGIT, 1), 0);
    const size_t nf = w.k1 + w.p, np = nf + 1;
    w.npar = nf;
    double par[6], info[25], ll;
    for (size_t j = 0; j < w.k1; j++)
        par[j] = fixed->par[j] - (fixed->par[w.k1] * w.center[0] + fixed->par[w.k1 + 1] * w.center[1]);
    par[w.k1] = fixed->par[w.k1] * w.scale[0];
    par[w.k1 + 1] = fixed->par[w.k1 + 1] * w.scale[1];
    assert_int_equal(clm_fixed_eval(&w, par, &ll, NULL, NULL), 0);
    assert_close(ll, fixed->loglik, 1e-8 * fabs(ll));
    double g[5];
    assert_int_equal(clm_fixed_eval(&w, par, &ll, g, info), 0);
    double hinv[36] = {0}, a[25];
    for (size_t i = 0; i < nf; i++)
        for (size_t j = 0; j < nf; j++)
            a[i * nf + j] = -info[i * nf + j];
    assert_int_equal(icstat_spd_invert(a, nf), 0);
    for (size_t i = 0; i < nf; i++)
        for (size_t j = 0; j < nf; j++)
            hinv[i * np + j] = a[i * nf + j];
    hinv[np * np - 1] = 2.0 / (double)d->n_groups;
    double before[36];
    memcpy(before, hinv, sizeof before);
    w.npar = np;
    par[nf] = log(0.5);
    double gm[6];
    assert_int_equal(clmm_eval(&w, par, &ll, gm), 0);
    assert_int_equal(clmm_start_metric(&w, hinv), 0);
    const size_t iz = w.k1 * np + w.k1, ix = (w.k1 + 1) * np + w.k1 + 1;
    const double grow_z = hinv[iz] / before[iz], grow_x = hinv[ix] / before[ix];
    const double want_z = mixed->vcov[w.k1 * (nf + 1) + w.k1] / fixed->vcov[w.k1 * nf + w.k1];
    const double want_x =
        mixed->vcov[(w.k1 + 1) * (nf + 1) + w.k1 + 1] / fixed->vcov[(w.k1 + 1) * nf + w.k1 + 1];
    assert_true(want_z > 2.0);
    assert_close(grow_z / want_z, 1.0, 0.25);
    assert_close(grow_x / want_x, 1.0, 0.25);
    assert_true(hinv[np * np - 1] == before[np * np - 1]); /* log sigma's is left alone */
    clm_work_free(&w);
    icstat_clm_fit_free(fixed);
    icstat_clm_fit_free(mixed);
    icstat_design_free(d);
    icstat_table_free(t);
}

/* The differenced Hessian's columns on one thread or several give the
 * same fit to the last bit (each column starts from the same state). */
static void test_threads(void **state)
{
    (void)state;
    icstat_table *t = NULL;
    icstat_design *d = simulate(0.8, 5, 20, &t);
    icstat_clm_fit *f[3] = {NULL, NULL, NULL};
    const int threads[3] = {1, 2, 5};
    icstat_error err;
    for (int k = 0; k < 3; k++) {
        icstat_clm_options opt = {.link = ICSTAT_LINK_LOGIT, .quad = 1, .threads = threads[k]};
        assert_int_equal(icstat_clm_fit_model(d, &opt, 1, &f[k], &err), ICSTAT_OK);
    }
    for (int k = 1; k < 3; k++) {
        const size_t np = f[0]->npar;
        assert_memory_equal(f[k]->par, f[0]->par, np * sizeof *f[0]->par);
        assert_memory_equal(f[k]->vcov, f[0]->vcov, np * np * sizeof *f[0]->vcov);
        assert_memory_equal(f[k]->mode, f[0]->mode, d->n_groups * sizeof *f[0]->mode);
        assert_memory_equal(&f[k]->loglik, &f[0]->loglik, sizeof f[0]->loglik);
    }
    for (int k = 0; k < 3; k++)
        icstat_clm_fit_free(f[k]);
    icstat_design_free(d);
    icstat_table_free(t);
}

/* No inspector differences (seed 3 gives data whose estimate of sigma is
 * at the boundary; about half of such data sets do): sigma is put at 0
 * with a warning, the rest is
 * the fixed-effects fit, and the derived quantities follow. */
static void test_boundary(void **state)
{
    (void)state;
    icstat_table *t = NULL;
    icstat_design *d = simulate(0.0, 3, 12, &t);
    icstat_clm_options opt = {.link = ICSTAT_LINK_LOGIT, .quad = 7};
    icstat_clm_fit *mixed = NULL, *fixed = NULL;
    icstat_error err;
    assert_int_equal(icstat_clm_fit_model(d, &opt, 1, &mixed, &err), ICSTAT_OK);
    assert_int_equal(icstat_clm_fit_model(d, &opt, 0, &fixed, &err), ICSTAT_OK);
    assert_int_equal(mixed->n_warnings, 1);
    assert_non_null(strstr(mixed->warnings[0], "boundary"));
    assert_true(isinf(mixed->par[4]) && mixed->par[4] < 0);
    assert_true(isnan(icstat_clm_se(mixed, 4)));
    for (size_t i = 0; i < 4; i++) {
        assert_close(mixed->par[i], fixed->par[i], 1e-12);
        assert_close(icstat_clm_se(mixed, i), icstat_clm_se(fixed, i), 1e-12);
    }
    assert_close(mixed->loglik, fixed->loglik, 1e-12);
    double lr, p;
    icstat_clm_lr_test(mixed->loglik, mixed->loglik_fixed, &lr, &p);
    assert_close(lr, 0.0, 0);
    assert_close(p, 1.0, 0);
    icstat_clm_fit_free(mixed);
    icstat_clm_fit_free(fixed);
    icstat_design_free(d);
    icstat_table_free(t);
}

/* Closed forms: with no terms, implied agreement is sum_j E[p_j(u)]^2 and,
 * with sigma = 0, kappa is 0; margins sum to one per level. */
static void test_derived(void **state)
{
    (void)state;
    assert_close(icstat_clm_latent_icc(1.0, ICSTAT_LINK_PROBIT), 0.5, 1e-15);
    assert_close(icstat_clm_latent_icc(M_PI / sqrt(3.0), ICSTAT_LINK_LOGIT), 0.5, 1e-15);
    /* Larsen & Merlo: MOR = exp(0.954 sigma); sigma^2 = 1 gives 2.60. */
    assert_close(icstat_clm_median_odds_ratio(1.0), 2.596, 1e-3);
    double lr, p;
    icstat_clm_lr_test(-100.0, -101.92072, &lr, &p);
    assert_close(p, 0.025, 1e-5); /* 3.84146: half the 5% of chi-square(1) */

    icstat_table *t = NULL;
    icstat_design *d = simulate(1.0, 9, 60, &t);
    icstat_clm_options opt = {.link = ICSTAT_LINK_LOGIT, .quad = 7};
    icstat_clm_fit *f = NULL;
    icstat_error err;
    assert_int_equal(icstat_clm_fit_model(d, &opt, 1, &f, &err), ICSTAT_OK);
    icstat_clm_margins *m = NULL;
    /* x is numeric: margins refuse it. */
    assert_int_equal(icstat_clm_margins_compute(d, f, opt.link, 0, 0.95, &m, &err), ICSTAT_EDATA);
    assert_null(strstr(err.msg, "--")); /* the command names its options */

    /* The time bound: the error names the caller's setting, or none. */
    icstat_clm_fit *g = NULL;
    icstat_clm_options quick = {.link = ICSTAT_LINK_LOGIT, .quad = 7, .max_seconds = 1e-9,
                                .time_option = "--limit"};
    assert_int_equal(icstat_clm_fit_model(d, &quick, 1, &g, &err), ICSTAT_EDATA);
    assert_non_null(strstr(err.msg, "stopped by the time bound of 1e-09 s"));
    assert_non_null(strstr(err.msg, "); allow more time with --limit"));
    quick.time_option = NULL;
    assert_int_equal(icstat_clm_fit_model(d, &quick, 1, &g, &err), ICSTAT_EDATA);
    assert_non_null(strstr(err.msg, "stopped by the time bound"));
    assert_null(strstr(err.msg, "allow more time"));
    assert_null(g);

    /* Implied agreement by brute force: each row's eta, u on a fine grid
     * (2,400 distinct rows, so icstat interpolates between 1,024). */
    double agree, kappa;
    assert_int_equal(icstat_clm_implied_agreement(d, f, opt.link, &agree, &kappa, &err),
                     ICSTAT_OK);
    const double sigma = exp(f->par[4]);
    double want = 0.0, margin[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < d->n; i++) {
        double pbar[4] = {0, 0, 0, 0}, prob[4], wsum = 0.0;
        for (int s = -1600; s <= 1600; s++) {
            const double z = s / 200.0, w = exp(-0.5 * z * z);
            icstat_clm_probs(f, opt.link, d->x[i] * f->par[3] + sigma * z, prob);
            for (int j = 0; j < 4; j++)
                pbar[j] += w * prob[j];
            wsum += w;
        }
        for (int j = 0; j < 4; j++) {
            pbar[j] /= wsum;
            want += pbar[j] * pbar[j];
            margin[j] += pbar[j];
        }
    }
    want /= (double)d->n;
    double chance = 0.0;
    for (int j = 0; j < 4; j++)
        chance += (margin[j] / (double)d->n) * (margin[j] / (double)d->n);
    assert_close(agree, want, 1e-7);
    assert_close(kappa, (want - chance) / (1.0 - chance), 1e-6);
    icstat_clm_fit_free(f);
    icstat_design_free(d);
    icstat_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link_derivatives),
        cmocka_unit_test(test_logit_terms),
        cmocka_unit_test(test_link_quantile),
        cmocka_unit_test(test_marginal_gradient),
        cmocka_unit_test(test_mode_slope),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_start_metric),
        cmocka_unit_test(test_boundary),
        cmocka_unit_test(test_derived),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
