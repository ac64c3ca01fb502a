/* test_fit_features.c — the design features of `icstat fit` against R:
 * inspector columns joined from a second file, the previous judgement in
 * date order (dates in two formats), a binary outcome, average predicted
 * probabilities with delta-method standard errors, and the model-implied
 * agreement between two inspectors.
 *
 * Values: tests/fixtures/fit_features_values.csv, recorded by
 * tests/r/fit_features_reference.R from ordinal::clm/clmm (nAGQ = 7) and,
 * for margins and implied agreement, the script's own implementation of the
 * definitions (50-point Gauss-Hermite, checked against integrate()).  R is
 * not needed to run this test.  The two agree to about 2e-6 (estimates)
 * and 3e-7 (log-likelihood); tolerances: estimates 1e-4, standard errors
 * 1e-3 relative, log-likelihoods 1e-4, probabilities 1e-5, implied
 * agreement and kappa 1e-6 (kappa is 0.008 here, so a looser absolute
 * tolerance would hide a 10% error).  The summary a report prints
 * (icstat_clm_summary) is checked against its definitions and the same
 * values. */
#include <gsl/gsl_cdf.h>

#include "icstat/clm.h"
#include "icstat/design.h"
#include "icstat/table.h"
#include "test_util.h"

static const char *grades[] = {"Outstanding", "Good", "Requires improvement", "Inadequate"};

typedef struct {
    icstat_table *t, *people;
    icstat_design *d;
    icstat_clm_fit *f;
} fitted;

static fitted fit_case(const icstat_design_spec *spec, int join, int mixed)
{
    fitted r = {0};
    icstat_error err;
    icstat_error_clear(&err);
    icstat_clm_options opt = {.link = ICSTAT_LINK_LOGIT, .quad = 7};
    int st = icstat_table_read("tests/fixtures/fit_inspections.csv", &r.t, &err);
    if (st == ICSTAT_OK && join) {
        st = icstat_table_read("tests/fixtures/fit_inspectors.csv", &r.people, &err);
        if (st == ICSTAT_OK)
            st = icstat_table_join(r.t, r.people, "inspector", &err);
    }
    if (st == ICSTAT_OK)
        st = icstat_design_build(r.t, spec, &r.d, &err);
    if (st == ICSTAT_OK)
        st = icstat_clm_fit_model(r.d, &opt, mixed, &r.f, &err);
    if (st != ICSTAT_OK) {
        print_error("%s\n", err.msg);
        fail();
    }
    return r;
}

static void fitted_free(fitted *r)
{
    icstat_clm_fit_free(r->f);
    icstat_design_free(r->d);
    icstat_table_free(r->people);
    icstat_table_free(r->t);
}

static icstat_table *values(void) { return fixture_read("tests/fixtures/fit_features_values.csv"); }

/* Compare every coef, threshold, random and fit row of one case. */
static void compare_case(const char *name, const fitted *r)
{
    icstat_table *v = values();
    const icstat_design *d = r->d;
    const icstat_clm_fit *f = r->f;
    int seen = 0;
    for (size_t i = 0; i < v->nrow; i++) {
        if (strcmp(fixture_cell(v, "case", i), name) != 0)
            continue;
        const char *kind = fixture_cell(v, "kind", i), *term = fixture_cell(v, "term", i);
        const double est = fixture_num(v, "estimate", i), se = fixture_num(v, "se", i);
        double got = NAN, got_se = NAN;
        char buf[256];
        if (strcmp(kind, "threshold") == 0) {
            for (size_t j = 0; j + 1 < d->k; j++) {
                snprintf(buf, sizeof buf, "%s|%s", d->cat_labels[j], d->cat_labels[j + 1]);
                if (strcmp(buf, term) == 0)
                    got = f->par[j], got_se = icstat_clm_se(f, j);
            }
        } else if (strcmp(kind, "coef") == 0) {
            for (size_t j = 0; j < d->p; j++)
                if (strcmp(d->col_names[j], term) == 0)
                    got = f->par[f->k1 + j], got_se = icstat_clm_se(f, f->k1 + j);
        } else if (strcmp(kind, "random") == 0) {
            got = exp(f->par[f->npar - 1]);
            got_se = got * icstat_clm_se(f, f->npar - 1);
        } else if (strcmp(term, "loglik") == 0) {
            assert_close(f->loglik, est, 1e-4);
            seen++;
            continue;
        } else if (strcmp(term, "n") == 0) {
            assert_int_equal(d->n, (size_t)est);
            seen++;
            continue;
        } else if (strcmp(term, "dropped_first") == 0) {
            assert_int_equal(d->n_first, (size_t)est);
            seen++;
            continue;
        }
        if (isnan(got)) {
            print_error("%s: no %s %s in icstat's fit\n", name, kind, term);
            fail();
        }
        assert_close(got, est, 1e-4);
        if (!isnan(se))
            assert_close(got_se / se, 1.0, 1e-3);
        seen++;
    }
    assert_true(seen >= 5);
    icstat_table_free(v);
}

static const char *join_terms[] = {"phase", "pupils", "gender", "role", "experience"};
/* The inspectors table's columns: the inspector characteristics. */
static const char *join_inspector[] = {"gender", "role", "experience"};

static void test_join(void **state)
{
    (void)state;
    icstat_design_spec spec = {.outcome = "grade", .categories = grades, .n_categories = 4,
                               .terms = join_terms, .n_terms = 5, .group = "inspector"};
    fitted r = fit_case(&spec, 1, 0);
    compare_case("join_clm", &r);
    fitted_free(&r);
    r = fit_case(&spec, 1, 1);
    compare_case("join_clmm7", &r);
    fitted_free(&r);
}

static void test_lag_and_binary(void **state)
{
    (void)state;
    const char *terms[] = {"phase", "pupils"};
    icstat_design_spec spec = {.outcome = "grade", .categories = grades, .n_categories = 4,
                               .terms = terms, .n_terms = 2, .group = "inspector",
                               .lag_previous = "date"};
    fitted r = fit_case(&spec, 0, 1);
    compare_case("lag_clmm7", &r);
    fitted_free(&r);
    icstat_design_spec bin = {.binary = "grade_num>=3", .terms = terms, .n_terms = 2,
                              .group = "inspector"};
    r = fit_case(&bin, 0, 0);
    compare_case("binary_clm", &r);
    fitted_free(&r);
    r = fit_case(&bin, 0, 1);
    compare_case("binary_clmm7", &r);
    fitted_free(&r);
}

static void compare_margins(const char *name, const fitted *r)
{
    icstat_clm_margins *m = NULL;
    icstat_error err;
    size_t term = 0;
    while (strcmp(r->d->terms[term].name, "gender") != 0)
        term++;
    assert_int_equal(icstat_clm_margins_compute(r->d, r->f, ICSTAT_LINK_LOGIT, term, 0.95, &m,
                                                &err),
                     ICSTAT_OK);
    icstat_table *v = values();
    int seen = 0;
    for (size_t i = 0; i < v->nrow; i++) {
        if (strcmp(fixture_cell(v, "case", i), name) != 0)
            continue;
        char level[64], cat[64];
        assert_int_equal(sscanf(fixture_cell(v, "term", i), "%63[^:]:%63[^\n]", level, cat), 2);
        size_t l = 0, j = 0;
        while (strcmp(r->d->terms[term].levels[l], level) != 0)
            l++;
        while (strcmp(r->d->cat_labels[j], cat) != 0)
            j++;
        assert_close(m->prob[l * m->k + j], fixture_num(v, "estimate", i), 1e-5);
        assert_close(m->se[l * m->k + j] / fixture_num(v, "se", i), 1.0, 1e-3);
        seen++;
    }
    assert_int_equal(seen, 8);
    /* Probabilities of one level add to one. */
    for (size_t l = 0; l < m->n_levels; l++) {
        double s = 0.0;
        for (size_t j = 0; j < m->k; j++)
            s += m->prob[l * m->k + j];
        assert_close(s, 1.0, 1e-12);
    }
    icstat_table_free(v);
    icstat_clm_margins_free(m);
}

/* --margins-tails: a category and every one after it ("Requires
 * improvement+Inadequate"), its probability the sum and its se from the
 * summed gradients, against R (tests/r/margins_tails_reference.R: clm on
 * describe_inspections.csv, the tail's gradient by central differences).
 * Tolerances: probabilities 1e-8 (both optimisers converge to ~1e-10),
 * se 1e-4 relative (R's gradient is numerical), intervals 1e-6. */
static void test_margins_tails(void **state)
{
    (void)state;
    const char *terms[] = {"gender", "phase"};
    icstat_design_spec spec = {.outcome = "grade", .categories = grades, .n_categories = 4,
                               .terms = terms, .n_terms = 2};
    fitted r = {0};
    icstat_error err;
    icstat_clm_options opt = {.link = ICSTAT_LINK_LOGIT, .quad = 7};
    assert_int_equal(icstat_table_read("tests/fixtures/describe_inspections.csv", &r.t, &err),
                     ICSTAT_OK);
    assert_int_equal(icstat_design_build(r.t, &spec, &r.d, &err), ICSTAT_OK);
    assert_int_equal(icstat_clm_fit_model(r.d, &opt, 0, &r.f, &err), ICSTAT_OK);
    icstat_clm_margins *m = NULL;
    assert_int_equal(icstat_clm_margins_compute(r.d, r.f, ICSTAT_LINK_LOGIT, 0, 0.95, &m, &err),
                     ICSTAT_OK);
    icstat_table *v = fixture_read("tests/fixtures/margins_tails_values.csv");
    size_t seen = 0;
    for (size_t i = 0; i < v->nrow; i++) {
        const char *level = fixture_cell(v, "level", i), *cat = fixture_cell(v, "category", i);
        size_t l = 0, j = 0;
        while (strcmp(m->labels[l], level) != 0)
            l++;
        const char *plus = strchr(cat, '+');
        const size_t len = plus ? (size_t)(plus - cat) : strlen(cat);
        while (strncmp(r.d->cat_labels[j], cat, len) != 0 || r.d->cat_labels[j][len])
            j++;
        const size_t x = l * m->k + j;
        const double p = plus ? m->tail[x] : m->prob[x], se = plus ? m->tail_se[x] : m->se[x];
        const double lo = plus ? m->tail_low[x] : m->ci_low[x];
        const double hi = plus ? m->tail_high[x] : m->ci_high[x];
        assert_close(p, fixture_num(v, "probability", i), 1e-8);
        assert_close(se / fixture_num(v, "se", i), 1.0, 1e-4);
        assert_close(lo, fixture_num(v, "ci_low", i), 1e-6);
        assert_close(hi, fixture_num(v, "ci_high", i), 1e-6);
        seen += plus != NULL;
    }
    assert_int_equal(seen, 4); /* two tails for each of two levels */
    /* The first category's tail is 1, with no interval; the last's is the
     * category itself. */
    assert_close(m->tail[0], 1.0, 0.0);
    assert_true(isnan(m->tail_low[0]));
    assert_close(m->tail[3], m->prob[3], 0.0);
    assert_close(m->tail_se[3], m->se[3], 1e-15);
    icstat_table_free(v);
    icstat_clm_margins_free(m);
    fitted_free(&r);
}

static void test_margins_and_implied(void **state)
{
    (void)state;
    icstat_design_spec spec = {.outcome = "grade", .categories = grades, .n_categories = 4,
                               .terms = join_terms, .n_terms = 5, .group = "inspector",
                               .inspector_terms = join_inspector, .n_inspector_terms = 3};
    fitted r = fit_case(&spec, 1, 0);
    compare_margins("margins_clm", &r);
    fitted_free(&r);
    r = fit_case(&spec, 1, 1);
    compare_margins("margins_clmm7", &r);

    double agree, kappa;
    icstat_error err;
    assert_int_equal(icstat_clm_implied_agreement(r.d, r.f, ICSTAT_LINK_LOGIT, &agree, &kappa,
                                                  &err),
                     ICSTAT_OK);
    icstat_table *v = values();
    const double sigma = exp(r.f->par[r.f->npar - 1]);
    for (size_t i = 0; i < v->nrow; i++) {
        if (strcmp(fixture_cell(v, "case", i), "implied_clmm7") != 0)
            continue;
        const char *term = fixture_cell(v, "term", i);
        const double want = fixture_num(v, "estimate", i);
        if (strcmp(term, "implied_agreement") == 0)
            assert_close(agree, want, 1e-6);
        else if (strcmp(term, "implied_kappa") == 0)
            assert_close(kappa, want, 1e-6);
        else if (strcmp(term, "latent_icc") == 0)
            assert_close(icstat_clm_latent_icc(sigma, ICSTAT_LINK_LOGIT), want, 1e-5);
        else if (strcmp(term, "median_odds_ratio") == 0)
            assert_close(icstat_clm_median_odds_ratio(sigma), want, 1e-5);
    }
    icstat_table_free(v);
    fitted_free(&r);
}

/* One Wald row: the fit's estimate and se as they are, z = est / se,
 * p = 2 Q(|z|), est -+ zc se. */
static void check_wald(const icstat_clm_estimate *e, double est, double se, double zc)
{
    assert_true(e->estimate == est);
    assert_true(e->se == se);
    assert_close(e->z, est / se, 1e-12 * fabs(est / se));
    assert_close(e->p_value, 2.0 * gsl_cdf_ugaussian_Q(fabs(est / se)), 1e-15);
    assert_close(e->ci_low, est - zc * se, 1e-12);
    assert_close(e->ci_high, est + zc * se, 1e-12);
}

/* icstat_clm_summary: Wald rows from the fit, AIC and BIC, and for the
 * mixed model the sd and variance with intervals from the log-sd scale
 * and what the random effect means, against R's values; without a group
 * those are NaN.  Levels 0.9 (fixed) and 0.95 (mixed). */
static void test_summary(void **state)
{
    (void)state;
    icstat_design_spec spec = {.outcome = "grade", .categories = grades, .n_categories = 4,
                               .terms = join_terms, .n_terms = 5, .group = "inspector",
                               .inspector_terms = join_inspector, .n_inspector_terms = 3};
    for (int mixed = 0; mixed <= 1; mixed++) {
        fitted r = fit_case(&spec, 1, mixed);
        const icstat_clm_fit *f = r.f;
        const double conf = mixed ? 0.95 : 0.9;
        const double zc = mixed ? 1.959963984540054 : 1.6448536269514722; /* qnorm(0.975), (0.95) */
        icstat_clm_summary *s = NULL;
        icstat_error err;
        assert_int_equal(icstat_clm_summary_compute(r.d, f, ICSTAT_LINK_LOGIT, conf, &s, &err),
                         ICSTAT_OK);
        assert_close(s->z_crit, zc, 1e-15);
        assert_int_equal(s->p, 5);
        assert_int_equal(s->k1, 3);
        for (size_t j = 0; j < s->p; j++)
            check_wald(&s->coef[j], f->par[3 + j], icstat_clm_se(f, 3 + j), zc);
        for (size_t j = 0; j < s->k1; j++)
            check_wald(&s->threshold[j], f->par[j], icstat_clm_se(f, j), zc);
        const double k = 8.0 + mixed;
        assert_int_equal(s->n, 1150);
        assert_int_equal(s->npar, (size_t)k);
        assert_close(s->loglik, mixed ? -1333.6876770844997 : -1348.5341029607432, 1e-4);
        assert_close(s->aic, -2.0 * f->loglik + 2.0 * k, 1e-9);
        assert_close(s->bic, -2.0 * f->loglik + log(1150.0) * k, 1e-9);
        if (!mixed) {
            assert_true(isnan(s->sd.estimate) && isnan(s->var.ci_high));
            assert_true(isnan(s->latent_icc.estimate) && isnan(s->lr_p_value));
            /* Inspector terms without a random effect: agreement from
             * the characteristics alone, inside the implied bound. */
            const icstat_clm_estimate *ag = s->agreement.est;
            assert_true(s->has_agreement && !s->agreement.inspector_fixed);
            assert_true(ag[ICSTAT_CLM_INSPECTOR_AGREEMENT].estimate < 1.0);
            assert_true(ag[ICSTAT_CLM_INSPECTOR_AGREEMENT].estimate >
                        ag[ICSTAT_CLM_IMPLIED_AGREEMENT].estimate);
            icstat_clm_summary_free(s);
            fitted_free(&r);
            continue;
        }
        /* R: sd 0.519571728756 (se 0.0866128931544 by the delta method). */
        const double tau = f->par[8], set = icstat_clm_se(f, 8), sd = exp(tau);
        assert_close(s->sd.estimate, 0.519571728756, 1e-4);
        assert_close(s->sd.se / 0.0866128931544, 1.0, 1e-3);
        assert_close(s->sd.ci_low, exp(tau - zc * set), 1e-12);
        assert_close(s->sd.ci_high, exp(tau + zc * set), 1e-12);
        assert_true(isnan(s->sd.z) && isnan(s->sd.p_value));
        assert_close(s->var.estimate, sd * sd, 1e-15);
        assert_close(s->var.se, 2.0 * sd * sd * set, 1e-15);
        assert_close(s->var.ci_low, s->sd.ci_low * s->sd.ci_low, 1e-15);
        assert_close(s->var.ci_high, s->sd.ci_high * s->sd.ci_high, 1e-15);
        /* R (implied_clmm7), and intervals as images of sigma's. */
        assert_close(s->latent_icc.estimate, 0.0758337669505, 1e-5);
        assert_close(s->latent_icc.ci_low, icstat_clm_latent_icc(s->sd.ci_low, ICSTAT_LINK_LOGIT),
                     1e-15);
        assert_close(s->median_odds_ratio.estimate, 1.64149138725, 1e-5);
        assert_close(s->median_odds_ratio.ci_high, icstat_clm_median_odds_ratio(s->sd.ci_high),
                     1e-12);
        assert_close(s->agreement.est[ICSTAT_CLM_IMPLIED_AGREEMENT].estimate, 0.360270169615,
                     1e-6);
        assert_close(s->agreement.est[ICSTAT_CLM_IMPLIED_KAPPA].estimate, 0.00801790001589, 1e-6);
        const double lr = 2.0 * (f->loglik - f->loglik_fixed);
        assert_close(s->lr_stat, lr, 1e-12);
        assert_close(s->lr_p_value, 0.5 * gsl_cdf_chisq_Q(lr, 1.0), 1e-15);
        icstat_clm_summary_free(s);
        /* Another link: no median odds ratio. */
        assert_int_equal(icstat_clm_summary_compute(r.d, f, ICSTAT_LINK_PROBIT, conf, &s, &err),
                         ICSTAT_OK);
        assert_true(isnan(s->median_odds_ratio.estimate) && isnan(s->median_odds_ratio.ci_low));
        icstat_clm_summary_free(s);
        fitted_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_join),
        cmocka_unit_test(test_lag_and_binary),
        cmocka_unit_test(test_margins_and_implied),
        cmocka_unit_test(test_margins_tails),
        cmocka_unit_test(test_summary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
