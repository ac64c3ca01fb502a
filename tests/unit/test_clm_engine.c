/* test_clm_engine.c — the pieces of the cumulative link model engine
 * checked against their definitions: link derivatives and the marginal
 * gradient against finite differences, the link quantile against the
 * distribution function, the boundary sigma = 0, and the
 * derived quantities against closed forms. */
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "../../analysis/model/clm_internal.h"
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
        cmocka_unit_test(test_link_quantile),
        cmocka_unit_test(test_marginal_gradient),
        cmocka_unit_test(test_boundary),
        cmocka_unit_test(test_derived),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
