/* test_agree_unconditional.c — `agree --se unconditional`: standard errors
 * that add the variance due to sampling the raters (Gwet 2014, sec. 5.4;
 * kappaetc se(unconditional)), against tests/fixtures/
 * agree_unconditional_values.csv, made by tests/r/
 * agree_unconditional_reference.R from irrCAC's own functions (conditional
 * part) and its own leave-one-rater-out loop.  Tolerance 1e-9. */
#include <stdio.h>
#include <string.h>

#include "icstat/agree.h"
#include "icstat/ratings.h"
#include "icstat/table.h"
#include "test_util.h"

#define TOL 1e-9

static const char *dataset_path(const char *name)
{
    static const struct {
        const char *name, *path;
    } sets[] = {{"agree_ord4", "tests/fixtures/agree_ord4.csv"},
                {"agree_uneven5", "tests/fixtures/agree_uneven5.csv"},
                {"krippendorff2011", "datasets/reference/krippendorff2011.csv"},
                {"shrout_fleiss1979", "datasets/reference/shrout_fleiss1979.csv"},
                {"fleiss1971", "datasets/reference/fleiss1971_diagnoses.csv"}};
    for (size_t i = 0; i < sizeof sets / sizeof *sets; i++)
        if (strcmp(sets[i].name, name) == 0)
            return sets[i].path;
    fail_msg("unknown data set %s", name);
    return NULL;
}

/* Every row of the fixture: the unconditional se, its degrees of freedom,
 * interval and p-value; and the conditional run keeps irrCAC's se. */
static void against_r(void **state)
{
    (void)state;
    icstat_table *t = fixture_read("tests/fixtures/agree_unconditional_values.csv");
    assert_true(t->nrow >= 70);
    for (size_t i = 0; i < t->nrow; i++) {
        const char *path = dataset_path(fixture_cell(t, "dataset", i));
        const char *name = fixture_cell(t, "coefficient", i);
        icstat_agree_options opt = agree_defaults();
        opt.weights = (icstat_weights_kind)icstat_weights_lookup(fixture_cell(t, "weights", i));
        icstat_agree_result *cond = agree_file(path, &opt, NULL);
        opt.se_method = ICSTAT_SE_UNCONDITIONAL;
        icstat_agree_result *unc = agree_file(path, &opt, NULL);
        const icstat_coef *c = find_coef(cond, name), *u = find_coef(unc, name);
        assert_string_equal(c->se_method, "conditional");
        assert_string_equal(u->se_method, "unconditional");
        assert_close(c->se, fixture_num(t, "se_conditional", i), TOL);
        assert_close(u->estimate, fixture_num(t, "estimate", i), TOL);
        assert_close(u->se, fixture_num(t, "se", i), TOL);
        assert_close(u->df, fixture_num(t, "df", i), 1e-7);
        assert_close(u->ci_low, fixture_num(t, "ci_low", i), TOL);
        assert_close(u->ci_high, fixture_num(t, "ci_high", i), TOL);
        assert_close(u->p_value, fixture_num(t, "p_value", i), TOL);
        /* the rater part is never negative: unconditional >= conditional */
        assert_true(u->se >= c->se - 1e-15);
        icstat_agree_result_free(cond);
        icstat_agree_result_free(unc);
    }
    icstat_table_free(t);
}

/* The jackknife sees raters who differ: a rater unlike the others adds
 * to the se; three copies of one rater's column give v_raters = 0, the
 * conditional se and its n - 1 degrees of freedom. */
static void identical_raters(void **state)
{
    (void)state;
    const char *path = "build/tests/uncond_identical.csv";
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("unit,a,b,c\n", f);
    static const char *rows[] = {"1,1,1,2", "2,2,2,2", "3,3,3,1", "4,1,1,1", "5,2,2,3",
                                 "6,3,3,3", "7,1,1,2", "8,2,2,2"};
    /* a and b are one rater twice, c differs: leaving out a or b gives
     * one value, leaving out c another (1), so v_raters > 0 ... */
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        fprintf(f, "%s\n", rows[i]);
    fclose(f);
    icstat_agree_options opt = agree_defaults();
    opt.se_method = ICSTAT_SE_UNCONDITIONAL;
    icstat_agree_result *res = agree_file(path, &opt, NULL);
    const icstat_coef *k = find_coef(res, "fleiss_kappa");
    opt.se_method = ICSTAT_SE_CONDITIONAL;
    icstat_agree_result *cond = agree_file(path, &opt, NULL);
    assert_true(k->se > find_coef(cond, "fleiss_kappa")->se);
    icstat_agree_result_free(res);
    icstat_agree_result_free(cond);

    /* ... while three copies of one rater's column: every leave-one-out
     * coefficient is the same, v_raters = 0. */
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("unit,a,b,c\n1,1,1,1\n2,2,2,2\n3,3,3,3\n4,1,1,1\n5,2,2,2\n6,3,3,3\n7,1,1,1\n", f);
    fclose(f);
    opt.se_method = ICSTAT_SE_UNCONDITIONAL;
    res = agree_file(path, &opt, NULL);
    opt.se_method = ICSTAT_SE_CONDITIONAL;
    cond = agree_file(path, &opt, NULL);
    for (size_t i = 0; i < res->n_coef; i++) {
        assert_close(res->coef[i].se, cond->coef[i].se, 1e-15);
        assert_close(res->coef[i].df, 6.0, 1e-12);
    }
    icstat_agree_result_free(res);
    icstat_agree_result_free(cond);
    remove(path);
}

/* Two raters: leaving one out leaves no pair, so there is no rater
 * variance: se, interval and p-value NA, with the reason, the estimate
 * kept (kappaetc gives none either). */
static void two_raters(void **state)
{
    (void)state;
    icstat_agree_options opt = agree_defaults();
    opt.se_method = ICSTAT_SE_UNCONDITIONAL;
    icstat_agree_result *res = agree_file("tests/fixtures/agree_two.csv", &opt, NULL);
    const icstat_coef *k = find_coef(res, "cohen_kappa");
    assert_false(isnan(k->estimate));
    assert_true(isnan(k->se) && isnan(k->ci_low) && isnan(k->ci_high) && isnan(k->p_value));
    assert_string_equal(k->se_method, "unconditional");
    assert_non_null(strstr(k->note, "two raters"));
    assert_true(isnan(find_coef(res, "fleiss_kappa")->se));
    icstat_agree_result_free(res);
}

/* A rater without whom a coefficient is undefined (every other rating in
 * one category: chance agreement 1) leaves the jackknife undefined: NA
 * with the reason, where kappaetc would average the defined ones. */
static void undefined_without_a_rater(void **state)
{
    (void)state;
    const char *path = "build/tests/uncond_onecat.csv";
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("u,a,b,c\n1,x,x,x\n2,x,x,x\n3,x,y,x\n4,x,y,x\n", f);
    fclose(f);
    icstat_agree_options opt = agree_defaults();
    opt.se_method = ICSTAT_SE_UNCONDITIONAL;
    icstat_agree_result *res = agree_file(path, &opt, NULL);
    const icstat_coef *k = find_coef(res, "fleiss_kappa");
    assert_false(isnan(k->estimate));
    assert_true(isnan(k->se) && isnan(k->ci_low) && isnan(k->p_value));
    assert_non_null(strstr(k->note, "without one of the raters the coefficient is undefined"));
    /* Gwet's AC is defined without any of them: it keeps its se */
    assert_false(isnan(find_coef(res, "gwet_ac")->se));
    icstat_agree_result_free(res);
    remove(path);
}

/* The ICC keeps its F intervals (no se, se_method NULL: NA in the
 * table), identical to the conditional run; a note says so. */
static void icc_unchanged(void **state)
{
    (void)state;
    icstat_agree_options opt = agree_defaults();
    opt.icc = 1;
    icstat_agree_result *cond = agree_file("datasets/reference/shrout_fleiss1979.csv", &opt, NULL);
    opt.se_method = ICSTAT_SE_UNCONDITIONAL;
    icstat_agree_result *unc = agree_file("datasets/reference/shrout_fleiss1979.csv", &opt, NULL);
    const icstat_coef *c = find_coef(cond, "icc_2_1"), *u = find_coef(unc, "icc_2_1");
    assert_null(u->se_method);
    assert_true(u->ci_low == c->ci_low && u->ci_high == c->ci_high && u->p_value == c->p_value);
    int said = 0;
    for (size_t i = 0; i < unc->n_notes; i++)
        said |= strstr(unc->notes[i], "ICC rows keep their F intervals") != NULL;
    assert_true(said);
    icstat_agree_result_free(cond);
    icstat_agree_result_free(unc);
}

/* Percentile intervals from resampling units cannot carry the raters'
 * variance: the engine refuses the pair (the command does, as a usage
 * error, before reading). */
static void bootstrap_refused(void **state)
{
    (void)state;
    icstat_agree_options opt = agree_defaults();
    opt.se_method = ICSTAT_SE_UNCONDITIONAL;
    icstat_ratings *r = NULL;
    icstat_agree_result *res = agree_file("tests/fixtures/agree_ord4.csv", &opt, &r);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_agree_bootstrap(r, &opt, res, 50, rng, NULL, NULL, &err),
                     ICSTAT_EDATA);
    assert_non_null(strstr(err.msg, "unconditional"));
    gsl_rng_free(rng);
    icstat_agree_result_free(res);
    icstat_ratings_free(r);
}

static void names(void **state)
{
    (void)state;
    assert_int_equal(icstat_se_method_lookup("conditional"), ICSTAT_SE_CONDITIONAL);
    assert_int_equal(icstat_se_method_lookup("unconditional"), ICSTAT_SE_UNCONDITIONAL);
    assert_int_equal(icstat_se_method_lookup("uncond"), -1);
    assert_string_equal(icstat_se_method_name(ICSTAT_SE_UNCONDITIONAL), "unconditional");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(against_r),         cmocka_unit_test(identical_raters),
        cmocka_unit_test(two_raters),        cmocka_unit_test(icc_unchanged),
        cmocka_unit_test(bootstrap_refused), cmocka_unit_test(names),
        cmocka_unit_test(undefined_without_a_rater),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
