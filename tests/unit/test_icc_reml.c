/* test_icc_reml.c — the ICC from every rating (icc_reml.c, icc_unbalanced.c)
 * against lme4::lmer REML fits, psych::ICC(lmer = TRUE), R's unbalanced
 * one-way ANOVA and a dense REML likelihood in R, recorded by
 * tests/r/icc_reml_reference.R in tests/fixtures/icc_reml_values.csv. */
#include "icstat/agree.h"
#include "icstat/icc_reml.h"
#include "icstat/ratings.h"
#include "icstat/table.h"
#include "test_util.h"

static const char *const datasets[] = {"sf_missing", "psych_727", "inspectors", "wide",
                                       "boundary"};

/* R's value of quantity q for data set ds (the test fails if absent). */
static double ref_value(const char *ds, const char *q)
{
    static icstat_table *t;
    if (!t)
        t = fixture_read("tests/fixtures/icc_reml_values.csv");
    for (size_t i = 0; i < t->nrow; i++)
        if (strcmp(fixture_cell(t, "dataset", i), ds) == 0 &&
            strcmp(fixture_cell(t, "quantity", i), q) == 0)
            return fixture_num(t, "value", i);
    print_error("no reference %s for %s\n", q, ds);
    fail();
    return NAN;
}

/* A data set's ratings as the long list the engine takes. */
typedef struct {
    icstat_ratings *r;
    double y[1000];
    size_t unit[1000], rater[1000], N;
} long_data;

static void long_read(const char *ds, long_data *L)
{
    char path[256];
    snprintf(path, sizeof path, "tests/fixtures/icc_reml_%s.csv", ds);
    icstat_table *t = fixture_read(path);
    icstat_error err;
    icstat_ratings_spec spec = {0};
    assert_int_equal(icstat_ratings_from_table(t, &spec, &L->r, &err), ICSTAT_OK);
    icstat_table_free(t);
    const icstat_ratings *r = L->r;
    L->N = 0;
    for (size_t i = 0; i < r->n_units; i++)
        for (size_t g = 0; g < r->n_raters; g++)
            if (r->cat[i * r->n_raters + g] >= 0) {
                assert_true(L->N < 1000);
                L->y[L->N] = r->cat_values[r->cat[i * r->n_raters + g]];
                L->unit[L->N] = i;
                L->rater[L->N++] = g;
            }
}

static icstat_icc_data long_view(const long_data *L, const double *m)
{
    return (icstat_icc_data){L->y, L->unit, L->rater, L->N, L->r->n_units, L->r->n_raters, m};
}

/* Relative tolerance tol, absolute below 1 (a variance of 0 at the boundary). */
#define assert_rel(got, want, tol) assert_close((got), (want), (tol) * fmax(1.0, fabs(want)))

/* REML variance components and criterion against lmer (tight bobyqa):
 * 1e-6 relative as asked; the criterion to 1e-9. */
static void reml_matches_lmer(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof datasets / sizeof *datasets; k++) {
        long_data L;
        long_read(datasets[k], &L);
        icstat_icc_data d = long_view(&L, NULL);
        icstat_icc_reml fit;
        icstat_error err;
        if (icstat_icc_reml_fit(&d, &fit, &err) != ICSTAT_OK)
            fail_msg("%s: %s", datasets[k], err.msg);
        print_message("%s: %.10g %.10g %.10g %.12g\n", datasets[k], fit.var_unit,
                      fit.var_rater, fit.var_resid, fit.reml);
        assert_rel(fit.var_unit, ref_value(datasets[k], "var_unit"), 1e-6);
        assert_rel(fit.var_rater, ref_value(datasets[k], "var_rater"), 1e-6);
        assert_rel(fit.var_resid, ref_value(datasets[k], "var_resid"), 1e-6);
        assert_close(fit.reml, ref_value(datasets[k], "reml"), 1e-9 * ref_value(datasets[k], "reml"));
        icstat_ratings_free(L.r);
    }
}

/* The six forms through icstat_agree_estimate: estimators, the REML forms
 * against R (1e-6), their logit intervals against R's dense-likelihood
 * Hessian (2e-5: two finite-difference Hessians), psych's own ICC2/ICC3
 * (its default optimiser stops early: 5e-5), the one-way forms against R's ANOVA
 * (1e-10). */
static void forms_match_r(void **state)
{
    (void)state;
    static const char *const reml[] = {"icc_2_1", "icc_3_1", "icc_2_k", "icc_3_k"};
    for (size_t k = 0; k < sizeof datasets / sizeof *datasets; k++) {
        const char *ds = datasets[k];
        char path[256], q[64];
        snprintf(path, sizeof path, "tests/fixtures/icc_reml_%s.csv", ds);
        icstat_agree_options opt = agree_defaults();
        opt.icc = 1;
        icstat_agree_result *res = agree_file(path, &opt, NULL);
        for (size_t f = 0; f < 4; f++) {
            const icstat_coef *c = find_coef(res, reml[f]);
            assert_string_equal(c->estimator, "reml");
            assert_string_equal(c->ci_method, "logit_wald");
            assert_close(c->estimate, ref_value(ds, reml[f]), 1e-6);
            snprintf(q, sizeof q, "%s_ci_low", reml[f]);
            assert_close(c->ci_low, ref_value(ds, q), 2e-5);
            snprintf(q, sizeof q, "%s_ci_high", reml[f]);
            assert_close(c->ci_high, ref_value(ds, q), 2e-5);
        }
        assert_close(find_coef(res, "icc_2_1")->estimate, ref_value(ds, "psych_icc2"), 5e-5);
        assert_close(find_coef(res, "icc_3_1")->estimate, ref_value(ds, "psych_icc3"), 5e-5);
        static const char *const one[] = {"icc_1_1", "icc_1_k"};
        for (size_t f = 0; f < 2; f++) {
            const icstat_coef *c = find_coef(res, one[f]);
            assert_string_equal(c->estimator, "anova_unbalanced");
            assert_string_equal(c->ci_method, "F");
            assert_close(c->estimate, ref_value(ds, one[f]), 1e-10);
            snprintf(q, sizeof q, "%s_ci_low", one[f]);
            assert_close(c->ci_low, ref_value(ds, q), 1e-10);
            snprintf(q, sizeof q, "%s_ci_high", one[f]);
            assert_close(c->ci_high, ref_value(ds, q), 1e-10);
            assert_close(c->p_value, ref_value(ds, "p_oneway"), 1e-10);
            assert_int_equal(c->units, res->units);
        }
        assert_int_equal(res->icc_dropped, 0);
        icstat_agree_result_free(res);
    }
}

/* psych's example of the issue: 0.727 from all ratings, 0.738 from the
 * complete cases (the old behaviour). */
static void psych_727(void **state)
{
    (void)state;
    icstat_agree_options opt = agree_defaults();
    opt.icc = 1;
    icstat_agree_result *res = agree_file("tests/fixtures/icc_reml_psych_727.csv", &opt, NULL);
    assert_close(find_coef(res, "icc_2_1")->estimate, 0.7274527316374, 1e-7);
    assert_close(ref_value("psych_727", "complete_icc_2_1"), 0.73755656108597, 1e-12);
    icstat_agree_result_free(res);
}

/* Complete, balanced ratings keep the balanced ANOVA ("anova"). */
static void balanced_unchanged(void **state)
{
    (void)state;
    icstat_agree_options opt = agree_defaults();
    opt.icc = 1;
    icstat_agree_result *res = agree_file("tests/fixtures/icc_scores.csv", &opt, NULL);
    for (size_t i = 0; i < res->n_coef; i++)
        if (res->coef[i].id >= ICSTAT_COEF_ICC_1_1) {
            assert_string_equal(res->coef[i].estimator, "anova");
            assert_string_equal(res->coef[i].ci_method, "F");
        } else {
            assert_null(res->coef[i].estimator);
        }
    icstat_agree_result_free(res);
}

/* Multiplicities (the bootstrap) are copies of units: m = 2 everywhere
 * is the data twice, and m = 1 is no m at all (which, with more raters
 * than units, also checks the raters-eliminated path against the
 * units-eliminated one). */
static void multiplicities_are_copies(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof datasets / sizeof *datasets; k++) {
        long_data L, D;
        long_read(datasets[k], &L);
        long_read(datasets[k], &D);
        const size_t n = L.r->n_units;
        for (size_t t = 0; t < L.N; t++) {
            D.y[D.N + t] = L.y[t];
            D.unit[D.N + t] = L.unit[t] + n;
            D.rater[D.N + t] = L.rater[t];
        }
        D.N += L.N;
        double m1[64], m2[64];
        for (size_t i = 0; i < n; i++)
            m1[i] = 1.0, m2[i] = 2.0;
        icstat_icc_data d0 = long_view(&L, NULL), d1 = long_view(&L, m1),
                        d2 = long_view(&L, m2), dd = long_view(&D, NULL);
        dd.n_units = 2 * n;
        icstat_icc_reml f0, f1, f2, fd;
        icstat_error err;
        assert_int_equal(icstat_icc_reml_fit(&d0, &f0, &err), ICSTAT_OK);
        assert_int_equal(icstat_icc_reml_fit(&d1, &f1, &err), ICSTAT_OK);
        assert_int_equal(icstat_icc_reml_fit(&d2, &f2, &err), ICSTAT_OK);
        assert_int_equal(icstat_icc_reml_fit(&dd, &fd, &err), ICSTAT_OK);
        assert_rel(f1.var_unit, f0.var_unit, 1e-7);
        assert_rel(f1.var_rater, f0.var_rater, 1e-7);
        assert_rel(f1.reml, f0.reml, 1e-10);
        assert_rel(f2.var_unit, fd.var_unit, 1e-7);
        assert_rel(f2.var_rater, fd.var_rater, 1e-7);
        assert_rel(f2.var_resid, fd.var_resid, 1e-7);
        assert_rel(f2.reml, fd.reml, 1e-10);
        icstat_ratings_free(L.r);
        icstat_ratings_free(D.r);
    }
}

/* Data REML cannot fit: an error from the fit, NA with the reason in the
 * forms (no crash). */
static void cannot_fit(void **state)
{
    (void)state;
    const double y1[] = {1, 2, 3, 4}, yc[] = {3, 3, 3, 3, 3};
    const size_t u4[] = {0, 1, 2, 3}, r0[] = {0, 0, 0, 0}, u0[] = {0, 0, 0, 0},
                 r4[] = {0, 1, 2, 3}, uc[] = {0, 0, 1, 1, 2}, rc[] = {0, 1, 0, 1, 0};
    const struct {
        icstat_icc_data d;
        const char *msg;
    } cases[] = {
        {{y1, u4, r0, 4, 4, 1, NULL},
         "REML needs ratings of at least two units by at least two raters (have 4 and 1)"},
        {{y1, u0, r4, 4, 1, 4, NULL},
         "REML needs ratings of at least two units by at least two raters (have 1 and 4)"},
        {{yc, uc, rc, 5, 3, 2, NULL},
         "no variation among the scores, so REML has nothing to fit"},
        {{y1, (const size_t[]){0, 1, 2, 2}, (const size_t[]){0, 1, 0, 0}, 4, 3, 2, NULL},
         "REML needs more ratings (4) than units and raters less one (4): nothing separates "
         "the units' and raters' variances from the residual"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        icstat_icc_reml fit;
        icstat_error err;
        assert_int_equal(icstat_icc_reml_fit(&cases[k].d, &fit, &err), ICSTAT_EDATA);
        assert_string_equal(err.msg, cases[k].msg);
        assert_true(isnan(fit.var_unit));
        icstat_icc out[ICSTAT_ICC_FORMS];
        double k0;
        assert_int_equal(icstat_icc_unbalanced(&cases[k].d, 0.95, out, &k0, &err), ICSTAT_OK);
        for (int f = 1; f < ICSTAT_ICC_FORMS; f += (f == 2 ? 2 : 1)) {
            assert_true(isnan(out[f].estimate));
            assert_non_null(out[f].note);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reml_matches_lmer),       cmocka_unit_test(forms_match_r),
        cmocka_unit_test(psych_727),               cmocka_unit_test(balanced_unchanged),
        cmocka_unit_test(multiplicities_are_copies), cmocka_unit_test(cannot_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
