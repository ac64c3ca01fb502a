/* test_agree_benchmark.c — `agree --benchmark` (issue 18, item 7): the
 * membership probabilities of a coefficient in the bands of Landis and
 * Koch's, Altman's and Fleiss's scales against irrCAC's landis.koch.bf,
 * altman.bf and fleiss.bf (tests/r/agree_benchmark_reference.R wrote
 * tests/fixtures/agree_benchmark_values.csv), and the band reached with
 * 95% certainty; the limit at se 0 and undefined inputs. */
#include "icstat/agree_benchmark.h"
#include "icstat/table.h"
#include "test_util.h"

/* Every row of the fixture: irrCAC's cumulative probability of the band
 * within 1e-9 (irrCAC's text keeps 15 significant digits), the band's
 * label, and the band reached. */
static void irrcac_values(void **state)
{
    (void)state;
    icstat_table *t = fixture_read("tests/fixtures/agree_benchmark_values.csv");
    assert_true(t->nrow >= 200);
    size_t checked = 0, reached_rows = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        const icstat_benchmark_scale *s = icstat_benchmark_lookup(fixture_cell(t, "scale", i));
        assert_non_null(s);
        double prob[16], cum[16];
        size_t reached;
        icstat_benchmark_compute(s, fixture_num(t, "coef", i), fixture_num(t, "se", i), prob,
                                 cum, &reached);
        const size_t band = (size_t)fixture_num(t, "band", i) - 1;
        assert_true(band < s->n_bands);
        assert_string_equal(s->bands[band].label, fixture_cell(t, "label", i));
        assert_close(cum[band], fixture_num(t, "cumulative", i), 1e-9);
        /* The probabilities are the cumulative ones' steps. */
        assert_close(prob[band], cum[band] - (band ? cum[band - 1] : 0.0), 1e-15);
        const int want = fixture_num(t, "reached", i) == 1.0;
        assert_int_equal(reached == band, want);
        reached_rows += (size_t)want;
        checked++;
    }
    /* Every (scale, pair) reaches a band: the bottom band's cumulative
     * probability is 1. */
    assert_int_equal(checked, t->nrow);
    assert_int_equal(reached_rows, 3 * 18);
    icstat_table_free(t);
}

/* se 0: the coefficient's own band with probability 1, half and half on a
 * bound (the limit of the normal as se falls to 0). */
static void known_exactly(void **state)
{
    (void)state;
    const icstat_benchmark_scale *lk = icstat_benchmark_lookup("landis-koch");
    double prob[16], cum[16];
    size_t reached;
    icstat_benchmark_compute(lk, 0.7, 0.0, prob, cum, &reached);
    assert_int_equal(reached, 1);
    assert_close(prob[1], 1.0, 0.0);
    assert_close(cum[0], 0.0, 0.0);
    icstat_benchmark_compute(lk, 1.0, 0.0, prob, cum, &reached);
    assert_int_equal(reached, 0);
    assert_close(prob[0], 1.0, 0.0);
    icstat_benchmark_compute(lk, 0.6, 0.0, prob, cum, &reached);
    assert_close(prob[1], 0.5, 0.0);
    assert_close(prob[2], 0.5, 0.0);
    assert_int_equal(reached, 2);
}

/* No estimate, no se, a negative se: NaN everywhere and no band. */
static void undefined(void **state)
{
    (void)state;
    const icstat_benchmark_scale *al = icstat_benchmark_lookup("altman");
    const double cases[][2] = {{NAN, 0.1}, {0.5, NAN}, {0.5, -0.1}};
    for (size_t k = 0; k < 3; k++) {
        double prob[16], cum[16];
        size_t reached = 0;
        icstat_benchmark_compute(al, cases[k][0], cases[k][1], prob, cum, &reached);
        assert_int_equal(reached, al->n_bands);
        for (size_t i = 0; i < al->n_bands; i++)
            assert_true(isnan(prob[i]) && isnan(cum[i]));
    }
}

/* The scales by name, exactly; their bands tile [-1, 1] from the top. */
static void scales(void **state)
{
    (void)state;
    assert_null(icstat_benchmark_lookup("Landis-Koch"));
    assert_null(icstat_benchmark_lookup("landis"));
    assert_null(icstat_benchmark_lookup(NULL));
    const char *names[] = {"landis-koch", "altman", "fleiss"};
    const size_t bands[] = {6, 5, 3};
    for (size_t k = 0; k < 3; k++) {
        const icstat_benchmark_scale *s = icstat_benchmark_lookup(names[k]);
        assert_non_null(s);
        assert_int_equal(s->n_bands, bands[k]);
        assert_close(s->bands[0].high, 1.0, 0.0);
        assert_close(s->bands[s->n_bands - 1].low, -1.0, 0.0);
        for (size_t i = 1; i < s->n_bands; i++)
            assert_close(s->bands[i].high, s->bands[i - 1].low, 0.0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(irrcac_values),
        cmocka_unit_test(known_exactly),
        cmocka_unit_test(undefined),
        cmocka_unit_test(scales),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
