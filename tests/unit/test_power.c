/* test_power.c — the double-inspection simulation: population values from
 * their formulas, estimates and spreads that match the binomial theory for
 * large designs, results independent of the number of threads, and clear
 * refusals. */
#include "icstat/power.h"
#include "test_util.h"

static icstat_power_agree_spec spec_of(const double *p, size_t k, double a, size_t reps,
                                       int threads)
{
    icstat_power_agree_spec s = {k, p, a, reps, 7, 0.95, threads, NULL, NULL};
    return s;
}

static void test_population_and_theory(void **state)
{
    (void)state;
    const double p[4] = {0.1, 0.6, 0.25, 0.05};
    const double a = 0.7, chance = 0.01 + 0.36 + 0.0625 + 0.0025;
    icstat_power_agree_spec s = spec_of(p, 4, a, 400, 2);
    icstat_power_coef pc[ICSTAT_POWER_COEFS];
    icstat_error err;
    const size_t n = 2000;
    assert_int_equal(icstat_power_agree(&s, n, pc, &err), ICSTAT_OK);
    assert_string_equal(pc[0].name, "percent_agreement");
    assert_close(pc[0].truth, a, 1e-15);
    assert_close(pc[1].truth, (a - chance) / (1.0 - chance), 1e-15);
    const double gpe = (0.1 * 0.9 + 0.6 * 0.4 + 0.25 * 0.75 + 0.05 * 0.95) / 3.0;
    assert_close(pc[2].truth, (a - gpe) / (1.0 - gpe), 1e-15);
    /* Unbiased to within a few standard errors of the mean over 400 studies. */
    for (int c = 0; c < 3; c++)
        assert_close(pc[c].mean, pc[c].truth, 4.0 * pc[c].sd / sqrt(400.0));
    /* Percent agreement is a binomial proportion: sd sqrt(a(1-a)/n) (to the
     * 7% that 400 replicates allow), and t-intervals that cover ~95%. */
    assert_close(pc[0].sd / sqrt(a * (1.0 - a) / (double)n), 1.0, 0.07);
    assert_close(pc[0].coverage, 0.95, 0.035);
    assert_close(pc[0].half_width / pc[0].spread, 1.0, 0.08);
}

/* The population values without simulating are the simulation's truths
 * (the same numbers), and the agreement at a kappa gives that kappa back:
 * shares 0.1,0.6,0.25,0.05 (sum p^2 = 0.435), kappa 0.4: A = 0.4 + 0.6 x
 * 0.435 = 0.661. */
static void test_population_and_kappa(void **state)
{
    (void)state;
    const double p[4] = {0.1, 0.6, 0.25, 0.05};
    icstat_error err;
    double a = 0.0;
    assert_int_equal(icstat_power_agreement_at_kappa(4, p, 0.4, &a, &err), ICSTAT_OK);
    assert_close(a, 0.661, 1e-15);
    icstat_power_agree_spec s = spec_of(p, 4, a, 20, 1);
    double truth[ICSTAT_POWER_COEFS];
    icstat_power_coef pc[ICSTAT_POWER_COEFS];
    assert_int_equal(icstat_power_agree_population(&s, truth, &err), ICSTAT_OK);
    assert_int_equal(icstat_power_agree(&s, 30, pc, &err), ICSTAT_OK);
    for (int c = 0; c < ICSTAT_POWER_COEFS; c++)
        assert_close(truth[c], pc[c].truth, 0.0);
    assert_close(truth[1], 0.4, 1e-15);
    assert_int_equal(icstat_power_agreement_at_kappa(4, p, 0.0, &a, &err), ICSTAT_OK);
    assert_close(a, 0.435, 1e-15);
    assert_int_equal(icstat_power_agreement_at_kappa(4, p, 1.5, &a, &err), ICSTAT_EUSAGE);
    assert_int_equal(icstat_power_agreement_at_kappa(4, p, NAN, &a, &err), ICSTAT_EUSAGE);
    /* The spec's checks apply: shares not adding to 1. */
    const double bad[2] = {0.5, 0.6};
    icstat_power_agree_spec b = spec_of(bad, 2, 0.9, 20, 1);
    assert_int_equal(icstat_power_agree_population(&b, truth, &err), ICSTAT_EUSAGE);
}

static void test_threads_do_not_matter(void **state)
{
    (void)state;
    const double p[2] = {0.85, 0.15};
    icstat_power_coef one[ICSTAT_POWER_COEFS], four[ICSTAT_POWER_COEFS];
    icstat_error err;
    icstat_power_agree_spec s1 = spec_of(p, 2, 0.9167, 300, 1);
    icstat_power_agree_spec s4 = spec_of(p, 2, 0.9167, 300, 4);
    assert_int_equal(icstat_power_agree(&s1, 24, one, &err), ICSTAT_OK);
    assert_int_equal(icstat_power_agree(&s4, 24, four, &err), ICSTAT_OK);
    for (int c = 0; c < 3; c++) {
        assert_true(one[c].mean == four[c].mean);
        assert_true(one[c].sd == four[c].sd);
        assert_true(one[c].undefined == four[c].undefined);
    }
    /* Twenty-four schools with 85/15 shares: kappa is NA in some studies. */
    assert_true(one[1].undefined > 0);
    size_t need = 0;
    assert_int_equal(icstat_power_agree_n(&s4, 0, 0.1, 100000, &need, &err), ICSTAT_OK);
    /* sqrt(.9167 x .0833 / n) x 1.96 <= 0.1 at n ~ 29. */
    assert_in_range(need, 25, 36);
}

static void test_refusals(void **state)
{
    (void)state;
    icstat_power_coef pc[ICSTAT_POWER_COEFS];
    icstat_error err;
    const double bad_sum[2] = {0.5, 0.4};
    icstat_power_agree_spec s = spec_of(bad_sum, 2, 0.9, 10, 1);
    assert_int_equal(icstat_power_agree(&s, 24, pc, &err), ICSTAT_EUSAGE);
    assert_non_null(strstr(err.msg, "add up to 0.9"));
    const double p[2] = {0.5, 0.5};
    s = spec_of(p, 2, 0.3, 10, 1); /* chance alone gives 0.5 */
    assert_int_equal(icstat_power_agree(&s, 24, pc, &err), ICSTAT_EUSAGE);
    assert_non_null(strstr(err.msg, "0.5000 to 1"));
}

/* The study's defaults: Ofsted's (2017) 24 schools first, growing
 * designs, and the names the half-width table uses are the coefficients'. */
static void test_defaults_and_names(void **state)
{
    (void)state;
    const icstat_power_agree_defaults d = ICSTAT_POWER_AGREE_DEFAULTS;
    assert_in_range(d.n_designs, 1, ICSTAT_POWER_AGREE_MAX_DEFAULT_DESIGNS);
    assert_close(d.schools[0], 24.0, 0.0);
    for (size_t i = 1; i < d.n_designs; i++)
        assert_true(d.schools[i] > d.schools[i - 1]);
    assert_int_equal(d.reps, 2000);
    const double p[2] = {0.85, 0.15};
    icstat_power_agree_spec s = spec_of(p, 2, 0.9167, 20, 1);
    icstat_power_coef pc[ICSTAT_POWER_COEFS];
    icstat_error err;
    assert_int_equal(icstat_power_agree(&s, 24, pc, &err), ICSTAT_OK);
    for (size_t c = 0; c < ICSTAT_POWER_COEFS; c++)
        assert_string_equal(icstat_power_coef_name(c), pc[c].name);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_population_and_theory),
        cmocka_unit_test(test_population_and_kappa),
        cmocka_unit_test(test_threads_do_not_matter),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_defaults_and_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
