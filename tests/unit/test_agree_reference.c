/* test_agree_reference.c — published values from the three classic data
 * sets (../shared/reference-data/README.md), copied into datasets/reference/.
 * Tolerance 5e-4 as the README asks, since the values are published to 4
 * decimals. */
#include "icstat/agree.h"
#include "icstat/table.h"
#include "test_util.h"

#define PUB 5e-4

static void fleiss1971(void **state)
{
    (void)state;
    icstat_agree_options opt = agree_defaults();
    icstat_agree_result *res = agree_file("datasets/reference/fleiss1971_diagnoses.csv", &opt, NULL);
    assert_int_equal(res->units, 30);
    assert_int_equal(res->raters, 6);
    assert_int_equal(res->categories, 5);
    assert_close(find_coef(res, "percent_agreement")->estimate, 0.5556, PUB);
    assert_close(find_coef(res, "fleiss_kappa")->estimate, 0.4302, PUB);
    assert_close(find_coef(res, "fleiss_kappa")->se, 0.0542, PUB);
    icstat_agree_result_free(res);
}

static void krippendorff2011_gwet(void **state)
{
    (void)state;
    icstat_agree_options opt = agree_defaults();
    icstat_agree_result *res = agree_file("datasets/reference/krippendorff2011.csv", &opt, NULL);
    assert_int_equal(res->units, 12);
    assert_int_equal(res->units_single, 1);
    assert_close(find_coef(res, "percent_agreement")->estimate, 0.8182, PUB);
    assert_close(find_coef(res, "fleiss_kappa")->estimate, 0.7612, PUB);
    assert_close(find_coef(res, "fleiss_kappa")->se, 0.1530, PUB);
    const icstat_coef *ac1 = find_coef(res, "gwet_ac");
    assert_close(ac1->estimate, 0.7754, PUB);
    assert_close(ac1->se, 0.1430, PUB);
    assert_close(ac1->ci_low, 0.461, 5e-4);
    assert_close(ac1->ci_high, 1.0, 1e-12);
    assert_close(find_coef(res, "brennan_prediger")->estimate, 0.7727, PUB);
    assert_close(find_coef(res, "brennan_prediger")->se, 0.1447, PUB);
    /* nominal alpha equals Krippendorff's with identity weights */
    assert_close(find_coef(res, "krippendorff_alpha")->estimate, 0.7434, PUB);
    icstat_agree_result_free(res);
}

static void krippendorff2011_metrics(void **state)
{
    (void)state;
    static const struct {
        icstat_alpha_metric m;
        double alpha;
    } pub[] = {{ICSTAT_METRIC_NOMINAL, 0.7434},
               {ICSTAT_METRIC_ORDINAL, 0.8154},
               {ICSTAT_METRIC_INTERVAL, 0.8491},
               {ICSTAT_METRIC_RATIO, 0.7974}};
    for (size_t i = 0; i < sizeof pub / sizeof *pub; i++) {
        icstat_agree_options opt = agree_defaults();
        opt.alpha_metric = pub[i].m;
        icstat_agree_result *res =
            agree_file("datasets/reference/krippendorff2011.csv", &opt, NULL);
        const icstat_coef *c = find_coef(res, "krippendorff_alpha_metric");
        assert_string_equal(c->weights, icstat_alpha_metric_name(pub[i].m));
        assert_close(c->estimate, pub[i].alpha, PUB);
        icstat_agree_result_free(res);
    }
}

static void shrout_fleiss1979(void **state)
{
    (void)state;
    icstat_agree_options opt = agree_defaults();
    opt.icc = 1;
    icstat_agree_result *res = agree_file("datasets/reference/shrout_fleiss1979.csv", &opt, NULL);
    assert_close(find_coef(res, "icc_1_1")->estimate, 0.1657, PUB);
    assert_close(find_coef(res, "icc_2_1")->estimate, 0.2898, PUB);
    assert_close(find_coef(res, "icc_3_1")->estimate, 0.7148, PUB);
    assert_close(find_coef(res, "icc_1_k")->estimate, 0.4428, PUB);
    assert_close(find_coef(res, "icc_2_k")->estimate, 0.6201, PUB);
    assert_close(find_coef(res, "icc_3_k")->estimate, 0.9093, PUB);
    assert_close(find_coef(res, "icc_2_1")->ci_low, 0.0188, PUB);
    assert_close(find_coef(res, "icc_2_1")->ci_high, 0.7611, PUB);
    assert_close(find_coef(res, "icc_3_1")->ci_low, 0.3425, PUB);
    assert_close(find_coef(res, "icc_3_1")->ci_high, 0.9459, PUB);
    assert_string_equal(find_coef(res, "icc_2_1")->ci_method, "F");
    icstat_agree_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fleiss1971),
        cmocka_unit_test(krippendorff2011_gwet),
        cmocka_unit_test(krippendorff2011_metrics),
        cmocka_unit_test(shrout_fleiss1979),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
