/* test_fit_tests.c — the tests of terms of `icstat fit` against R: the
 * likelihood-ratio test of dropping a term (icstat_clm_drop_tests, against
 * drop1(clm, test = "Chisq") and the likelihood ratio of two clmm fits)
 * and the test of proportional odds (icstat_clm_nominal_tests, against
 * ordinal::nominal_test), with the reduced designs (icstat_design_drop)
 * and marginality (icstat_design_term_container) they rest on.
 *
 * Values: tests/fixtures/fit_tests_values.csv, recorded by
 * tests/r/fit_tests_reference.R; R is not needed to run this test.  The
 * two agree to about 1e-7 in the statistics of fixed models and 1e-5 in
 * the Laplace ones (clmm stops a little short of its optimum).
 * Tolerances: statistics 1e-4 (fixed) and 2e-3 (mixed), p-values 1e-5 and
 * 5e-4, df exactly. */
#include "icstat/clm.h"
#include "icstat/design.h"
#include "icstat/table.h"
#include "test_util.h"
#include "../../analysis/model/clm_internal.h"

static const char *grades[] = {"Outstanding", "Good", "Requires improvement", "Inadequate"};
static const char *all_terms[] = {"phase", "pupils", "gender", "role", "experience"};

typedef struct {
    icstat_table *t, *people;
    icstat_design *d;
    icstat_clm_fit *f;
    icstat_clm_options opt;
} fitted;

/* The joined inspections, the five terms, fitted with link and quad. */
static fitted fit_joined(icstat_link link, int mixed, int quad)
{
    fitted r = {.opt = {.link = link, .quad = quad}};
    icstat_error err;
    icstat_error_clear(&err);
    icstat_design_spec spec = {.outcome = "grade", .categories = grades, .n_categories = 4,
                               .terms = all_terms, .n_terms = 5,
                               .group = mixed ? "inspector" : NULL};
    int st = icstat_table_read("tests/fixtures/fit_inspections.csv", &r.t, &err);
    if (st == ICSTAT_OK)
        st = icstat_table_read("tests/fixtures/fit_inspectors.csv", &r.people, &err);
    if (st == ICSTAT_OK)
        st = icstat_table_join(r.t, r.people, "inspector", &err);
    if (st == ICSTAT_OK)
        st = icstat_design_build(r.t, &spec, &r.d, &err);
    if (st == ICSTAT_OK)
        st = icstat_clm_fit_model(r.d, &r.opt, mixed, &r.f, &err);
    if (st != ICSTAT_OK)
        fail_msg("%s", err.msg);
    return r;
}

static fitted fit_nominal_na(void)
{
    fitted r = {.opt = {.link = ICSTAT_LINK_LOGIT, .quad = 1}};
    icstat_error err;
    icstat_error_clear(&err);
    static const char *terms[] = {"g", "x"};
    icstat_design_spec spec = {.outcome = "y", .terms = terms, .n_terms = 2};
    int st = icstat_table_read("tests/fixtures/fit_tests_nominal.csv", &r.t, &err);
    if (st == ICSTAT_OK)
        st = icstat_design_build(r.t, &spec, &r.d, &err);
    if (st == ICSTAT_OK)
        st = icstat_clm_fit_model(r.d, &r.opt, 0, &r.f, &err);
    if (st != ICSTAT_OK)
        fail_msg("%s", err.msg);
    return r;
}

static void fitted_free(fitted *r)
{
    icstat_clm_fit_free(r->f);
    icstat_design_free(r->d);
    icstat_table_free(r->people);
    icstat_table_free(r->t);
}

/* Every row of the fixture for (case, kind) against tests: each term R
 * tested must be among them, with the same df, statistic and p-value;
 * returns how many were compared.  The loglik row checks ll, the full
 * model's log-likelihood. */
static size_t compare_ll(const char *name, const char *kind, const fitted *r, double ll,
                         const icstat_clm_tests *tests, double tol_stat, double tol_p)
{
    icstat_table *v = fixture_read("tests/fixtures/fit_tests_values.csv");
    size_t compared = 0;
    for (size_t i = 0; i < v->nrow; i++) {
        if (strcmp(fixture_cell(v, "case", i), name) != 0)
            continue;
        const char *k = fixture_cell(v, "kind", i), *term = fixture_cell(v, "term", i);
        const double stat = fixture_num(v, "statistic", i), p = fixture_num(v, "p_value", i);
        if (strcmp(k, "loglik") == 0) {
            assert_close(ll, stat, tol_stat);
            continue;
        }
        if (strcmp(k, kind) != 0)
            continue;
        size_t j = 0;
        while (j < tests->n && strcmp(r->d->terms[tests->test[j].term].name, term) != 0)
            j++;
        if (j == tests->n)
            fail_msg("%s %s: no test of '%s'", name, kind, term);
        const icstat_clm_test *t = &tests->test[j];
        if (isnan(stat)) {
            /* R could not fit the larger model: no number here either, and
             * a note saying why. */
            assert_true(isnan(t->statistic) && isnan(t->p_value));
            assert_non_null(t->note);
        } else {
            assert_int_equal(t->df, (size_t)fixture_num(v, "df", i));
            assert_close(t->statistic, stat, tol_stat);
            assert_close(t->p_value, p, tol_p);
        }
        compared++;
    }
    icstat_table_free(v);
    return compared;
}

static size_t compare(const char *name, const char *kind, const fitted *r,
                      const icstat_clm_tests *tests, double tol_stat, double tol_p)
{
    return compare_ll(name, kind, r, r->f->loglik, tests, tol_stat, tol_p);
}

static icstat_clm_tests *drop_all(const fitted *r)
{
    size_t idx[8];
    for (size_t t = 0; t < r->d->n_terms; t++)
        idx[t] = t;
    icstat_clm_tests *tests = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_clm_drop_tests(r->d, r->f, &r->opt, idx, r->d->n_terms, &tests, &err) != ICSTAT_OK)
        fail_msg("%s", err.msg);
    return tests;
}

static icstat_clm_tests *nominal_all(const fitted *r)
{
    icstat_clm_tests *tests = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_clm_nominal_tests(r->d, &r->opt, &tests, &err) != ICSTAT_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(tests->n, r->d->n_terms);
    return tests;
}

/* Fixed models: a categorical and a numeric term among the five, under the
 * logit and the probit link. */
static void check_fixed(icstat_link link, const char *name)
{
    fitted r = fit_joined(link, 0, 1);
    icstat_clm_tests *drop = drop_all(&r), *nom = nominal_all(&r);
    assert_int_equal(compare(name, "test", &r, drop, 1e-4, 1e-5), 5);
    assert_int_equal(compare(name, "nominal_test", &r, nom, 1e-4, 1e-5), 5);
    for (size_t i = 0; i < 5; i++)
        assert_null(nom->test[i].note);
    icstat_clm_tests_free(drop);
    icstat_clm_tests_free(nom);
    fitted_free(&r);
}

static void test_drop_and_nominal_logit(void **state)
{
    (void)state;
    check_fixed(ICSTAT_LINK_LOGIT, "clm_logit");
}

static void test_drop_and_nominal_probit(void **state)
{
    (void)state;
    check_fixed(ICSTAT_LINK_PROBIT, "clm_probit");
}

/* With a random intercept both models are refitted with it and the same
 * quadrature: Laplace (gender, pupils) and 7 points (role). */
static void check_mixed(int quad, const char *name, size_t expect)
{
    fitted r = fit_joined(ICSTAT_LINK_LOGIT, 1, quad);
    icstat_clm_tests *drop = drop_all(&r);
    assert_int_equal(compare(name, "test", &r, drop, 2e-3, 5e-4), expect);
    icstat_clm_tests_free(drop);
    fitted_free(&r);
}

static void test_drop_mixed_laplace(void **state)
{
    (void)state;
    check_mixed(1, "clmm_laplace", 2);
}

static void test_drop_mixed_agq7(void **state)
{
    (void)state;
    check_mixed(7, "clmm_agq7", 1);
}

/* An interaction in the model (R's grade ~ phase * gender + role +
 * pupils100): the tests R's drop1 offers are of the terms no interaction
 * contains, the interaction among them, refitted from the full model's
 * design with the kept interaction's parts renumbered. */
static void test_drop_with_interaction(void **state)
{
    (void)state;
    static const char *terms[] = {"phase*gender", "role", "pupils"};
    fitted r = {.opt = {.link = ICSTAT_LINK_LOGIT, .quad = 1}};
    icstat_error err;
    icstat_error_clear(&err);
    icstat_design_spec spec = {.outcome = "grade", .categories = grades, .n_categories = 4,
                               .terms = terms, .n_terms = 3};
    r.t = fixture_read("tests/fixtures/fit_inspections.csv");
    r.people = fixture_read("tests/fixtures/fit_inspectors.csv");
    int st = icstat_table_join(r.t, r.people, "inspector", &err);
    if (st == ICSTAT_OK)
        st = icstat_design_build(r.t, &spec, &r.d, &err);
    if (st == ICSTAT_OK)
        st = icstat_clm_fit_model(r.d, &r.opt, 0, &r.f, &err);
    if (st != ICSTAT_OK)
        fail_msg("%s", err.msg);
    size_t idx[8], n = 0;
    for (size_t t = 0; t < r.d->n_terms; t++)
        if (icstat_design_term_container(r.d, t) < 0)
            idx[n++] = t;
    assert_int_equal(n, 3); /* role, pupils, phase:gender */
    icstat_clm_tests *tests = NULL;
    if (icstat_clm_drop_tests(r.d, r.f, &r.opt, idx, n, &tests, &err) != ICSTAT_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(compare("clm_interaction", "test", &r, tests, 1e-4, 1e-5), 3);
    icstat_clm_tests_free(tests);
    fitted_free(&r);
}

/* The nominal test of a mixed model is that of the model without the
 * random intercept: the same numbers as the clm fit's. */
static void test_nominal_mixed_is_fixed(void **state)
{
    (void)state;
    fitted r = fit_joined(ICSTAT_LINK_LOGIT, 1, 1);
    icstat_clm_tests *nom = nominal_all(&r);
    assert_int_equal(compare_ll("clm_logit", "nominal_test", &r, r.f->loglik_fixed, nom, 1e-4,
                                1e-5),
                     5);
    icstat_clm_tests_free(nom);
    fitted_free(&r);
}

/* A level that never has category 3: the larger model has no valid fit
 * (R: NA), and the numeric term's test is still made. */
static void test_nominal_no_valid_fit(void **state)
{
    (void)state;
    fitted r = fit_nominal_na();
    icstat_clm_tests *drop = drop_all(&r), *nom = nominal_all(&r);
    assert_int_equal(compare("nominal_na", "test", &r, drop, 1e-4, 1e-5), 2);
    assert_int_equal(compare("nominal_na", "nominal_test", &r, nom, 1e-4, 1e-5), 2);
    assert_non_null(strstr(nom->test[0].note, "no finite maximum"));
    assert_int_equal(nom->test[0].df, 2);
    icstat_clm_tests_free(drop);
    icstat_clm_tests_free(nom);
    fitted_free(&r);
}

/* Two categories: one cut point, nothing to test; every test NaN with a
 * note. */
static void test_nominal_binary(void **state)
{
    (void)state;
    fitted r = {.opt = {.link = ICSTAT_LINK_LOGIT, .quad = 1}};
    icstat_error err;
    icstat_error_clear(&err);
    static const char *terms[] = {"phase", "pupils"};
    icstat_design_spec spec = {.binary = "grade_num>=3", .terms = terms, .n_terms = 2};
    r.t = fixture_read("tests/fixtures/fit_inspections.csv");
    assert_int_equal(icstat_design_build(r.t, &spec, &r.d, &err), ICSTAT_OK);
    icstat_clm_tests *nom = nominal_all(&r);
    for (size_t i = 0; i < 2; i++) {
        assert_true(isnan(nom->test[i].statistic));
        assert_non_null(strstr(nom->test[i].note, "one cut point"));
    }
    icstat_clm_tests_free(nom);
    fitted_free(&r);
}

/* The reduced design has the full model's rows and the other terms'
 * columns: refitted, it gives the fit of the model built without the
 * term from the same rows (here every row is complete, so the same
 * table). */
static void test_drop_equals_rebuilt(void **state)
{
    (void)state;
    fitted r = fit_joined(ICSTAT_LINK_LOGIT, 0, 1);
    icstat_design *red = NULL, *built = NULL;
    icstat_clm_fit *fr = NULL, *fb = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    const size_t drop[2] = {2, 0}; /* gender and phase */
    assert_int_equal(icstat_design_drop(r.d, drop, 2, &red, &err), ICSTAT_OK);
    assert_int_equal(red->p, r.d->p - 2);
    assert_int_equal(red->n, r.d->n);
    assert_int_equal(red->n_terms, 3);
    assert_string_equal(red->terms[0].name, "pupils");
    assert_int_equal(red->terms[1].first_col, 1);
    assert_string_equal(red->col_names[red->terms[1].first_col], "role=OI");
    static const char *terms[] = {"pupils", "role", "experience"};
    icstat_design_spec spec = {.outcome = "grade", .categories = grades, .n_categories = 4,
                               .terms = terms, .n_terms = 3};
    assert_int_equal(icstat_design_build(r.t, &spec, &built, &err), ICSTAT_OK);
    assert_int_equal(built->n, 1150); /* gender and phase are never missing */
    assert_int_equal(icstat_clm_fit_model(red, &r.opt, 0, &fr, &err), ICSTAT_OK);
    assert_int_equal(icstat_clm_fit_model(built, &r.opt, 0, &fb, &err), ICSTAT_OK);
    assert_close(fr->loglik, fb->loglik, 1e-8);
    for (size_t i = 0; i < fr->npar; i++)
        assert_close(fr->par[i], fb->par[i], 1e-6);
    icstat_design_drop_free(red);
    red = NULL;
    const size_t bad = 5;
    assert_int_equal(icstat_design_drop(r.d, &bad, 1, &red, &err), ICSTAT_EUSAGE);
    assert_null(red);
    icstat_clm_fit_free(fr);
    icstat_clm_fit_free(fb);
    icstat_design_free(built);
    fitted_free(&r);
}

/* A hand-made design with an interaction: terms a, b, a:b (as `--terms
 * a*b` makes them), c.  Names are found in either order, a main effect
 * inside an interaction cannot be dropped alone, and dropping the
 * interaction takes its columns. */
static void test_marginality(void **state)
{
    (void)state;
    size_t ab[2] = {0, 1};
    icstat_term tm[4] = {{.name = "a", .first_col = 0, .ncols = 1},
                         {.name = "b", .first_col = 1, .ncols = 2},
                         {.name = "a:b", .first_col = 3, .ncols = 2, .n_parts = 2, .parts = ab},
                         {.name = "c", .first_col = 5, .ncols = 1}};
    char *names[6] = {"a=1", "b=1", "b=2", "a=1:b=1", "a=1:b=2", "c"};
    double x[12] = {1, 0, 1, 0, 1, 0.5, 0, 1, 0, 0, 0, -2};
    icstat_design d = {.n = 2, .p = 6, .k = 3, .x = x, .col_names = names, .n_terms = 4,
                       .terms = tm};
    assert_int_equal(icstat_design_find_term(&d, "a:b"), 2);
    assert_int_equal(icstat_design_find_term(&d, "b:a"), 2);
    assert_int_equal(icstat_design_find_term(&d, "c"), 3);
    assert_int_equal(icstat_design_find_term(&d, "a:c"), -1);
    assert_int_equal(icstat_design_find_term(&d, "d"), -1);
    assert_int_equal(icstat_design_term_container(&d, 0), 2);
    assert_int_equal(icstat_design_term_container(&d, 1), 2);
    assert_int_equal(icstat_design_term_container(&d, 2), -1);
    assert_int_equal(icstat_design_term_container(&d, 3), -1);
    icstat_design *r = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    const size_t drop = 2;
    assert_int_equal(icstat_design_drop(&d, &drop, 1, &r, &err), ICSTAT_OK);
    assert_int_equal(r->p, 4);
    assert_int_equal(r->n_terms, 3);
    assert_string_equal(r->terms[2].name, "c");
    assert_int_equal(r->terms[2].first_col, 3);
    assert_string_equal(r->col_names[3], "c");
    const double want[8] = {1, 0, 1, 0.5, 0, 1, 0, -2};
    for (size_t i = 0; i < 8; i++)
        assert_close(r->x[i], want[i], 0.0);
    /* Dropping c (index 3) moves nothing before it; dropping a main effect
     * that comes before an interaction's parts renumbers them. */
    icstat_design *r2 = NULL;
    size_t xb[2] = {1, 2};
    icstat_term tmx[4] = {{.name = "x", .first_col = 0, .ncols = 1},
                          {.name = "a", .first_col = 1, .ncols = 1},
                          {.name = "b", .first_col = 2, .ncols = 1},
                          {.name = "a:b", .first_col = 3, .ncols = 1, .n_parts = 2, .parts = xb}};
    char *xnames[4] = {"x", "a", "b", "a:b"};
    double xx[8] = {1, 2, 3, 6, 4, 5, 6, 30};
    icstat_design dx = {.n = 2, .p = 4, .k = 3, .x = xx, .col_names = xnames, .n_terms = 4,
                        .terms = tmx};
    const size_t drop_x = 0;
    assert_int_equal(icstat_design_drop(&dx, &drop_x, 1, &r2, &err), ICSTAT_OK);
    assert_int_equal(r2->n_terms, 3);
    assert_int_equal(r2->terms[2].n_parts, 2);
    assert_int_equal(r2->terms[2].parts[0], 0);
    assert_int_equal(r2->terms[2].parts[1], 1);
    assert_ptr_not_equal(r2->terms[2].parts, xb);
    icstat_design_drop_free(r2);
    /* A part of an interaction that stays cannot go. */
    const size_t drop_a = 1;
    r2 = NULL;
    assert_int_equal(icstat_design_drop(&dx, &drop_a, 1, &r2, &err), ICSTAT_EUSAGE);
    assert_null(r2);
    /* Three-way: a:b and b:c are inside a:b:c, whatever the order written. */
    size_t p_ab[2] = {0, 1}, p_abc[3] = {0, 1, 2}, p_cb[2] = {2, 1};
    icstat_term tm3[6] = {{.name = "a"},
                          {.name = "b"},
                          {.name = "c"},
                          {.name = "a:b", .n_parts = 2, .parts = p_ab},
                          {.name = "c:b", .n_parts = 2, .parts = p_cb},
                          {.name = "a:b:c", .n_parts = 3, .parts = p_abc}};
    icstat_design d3 = {.n_terms = 6, .terms = tm3};
    assert_int_equal(icstat_design_term_container(&d3, 3), 5);
    assert_int_equal(icstat_design_term_container(&d3, 4), 5);
    assert_int_equal(icstat_design_term_container(&d3, 5), -1);
    assert_int_equal(icstat_design_term_container(&d3, 2), 4);
    icstat_design_drop_free(r);
}

/* A term index outside the design is the caller's error. */
static void test_drop_tests_bad_index(void **state)
{
    (void)state;
    fitted r = fit_nominal_na();
    icstat_clm_tests *tests = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    const size_t bad = 2;
    assert_int_equal(icstat_clm_drop_tests(r.d, r.f, &r.opt, &bad, 1, &tests, &err),
                     ICSTAT_EUSAGE);
    assert_null(tests);
    fitted_free(&r);
}

/* The statistic from two log-likelihoods: chi-square's upper tail (for
 * 3.841459 on 1 df, 0.05); a smaller model better by rounding is 0 (p 1);
 * clearly better, no test and a note. */
static void test_statistic_rules(void **state)
{
    (void)state;
    icstat_clm_tests *t = NULL;
    assert_int_equal(clm_tests_alloc(3, &t), 0);
    t->test[0].df = 1;
    assert_int_equal(clm_test_set(&t->test[0], -100.0, -100.0 - 3.841458820694124 / 2), 0);
    assert_close(t->test[0].statistic, 3.841458820694124, 1e-12);
    assert_close(t->test[0].p_value, 0.05, 1e-12);
    assert_null(t->test[0].note);
    t->test[1].df = 2;
    assert_int_equal(clm_test_set(&t->test[1], -1000.0, -1000.0 + 1e-7), 0);
    assert_close(t->test[1].statistic, 0.0, 0.0);
    assert_close(t->test[1].p_value, 1.0, 1e-15);
    t->test[2].df = 2;
    assert_int_equal(clm_test_set(&t->test[2], -1000.0, -999.0), 0);
    assert_true(isnan(t->test[2].statistic) && isnan(t->test[2].p_value));
    assert_non_null(strstr(t->test[2].note, "did not reach its maximum"));
    icstat_clm_tests_free(t);
    icstat_clm_tests_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drop_and_nominal_logit),
        cmocka_unit_test(test_drop_and_nominal_probit),
        cmocka_unit_test(test_drop_mixed_laplace),
        cmocka_unit_test(test_drop_mixed_agq7),
        cmocka_unit_test(test_drop_with_interaction),
        cmocka_unit_test(test_nominal_mixed_is_fixed),
        cmocka_unit_test(test_nominal_no_valid_fit),
        cmocka_unit_test(test_nominal_binary),
        cmocka_unit_test(test_drop_equals_rebuilt),
        cmocka_unit_test(test_marginality),
        cmocka_unit_test(test_drop_tests_bad_index),
        cmocka_unit_test(test_statistic_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
