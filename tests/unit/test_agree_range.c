/* test_agree_range.c — `agree --kappa-range` (issue 17): the smallest and
 * largest Cohen's kappa over the 2 x 2 tables with a given number of
 * agreements, against tables worked by hand, against a plain enumeration
 * of every table (the engine looks at a few candidates only; agree_range.c
 * says why that is enough) and against R's enumeration
 * (tests/r/kappa_range_reference.R). */
#include "icstat/agree_range.h"
#include "icstat/proportion.h"
#include "icstat/table.h"
#include "test_util.h"

/* Cohen's kappa of one table, from its four cells, as a textbook writes
 * it (independent of the engine's P). */
static double kappa_of(double n11, double n12, double n21, double n22)
{
    const double n = n11 + n12 + n21 + n22;
    const double pa = (n11 + n22) / n;
    const double pe = ((n11 + n12) * (n11 + n21) + (n21 + n22) * (n12 + n22)) / (n * n);
    return (pa - pe) / (1 - pe);
}

static void assert_table(const icstat_kappa_table *t, size_t n11, size_t n12, size_t n21,
                         size_t n22, double kappa)
{
    assert_int_equal(t->n11, n11);
    assert_int_equal(t->n12, n12);
    assert_int_equal(t->n21, n21);
    assert_int_equal(t->n22, n22);
    assert_close(t->kappa, kappa, 1e-12);
}

/* Worked by hand.  Ofsted (2017): 22 of 24.  The smallest kappa: one
 * disagreement each way, 22 both in the second category: totals 23 and
 * 23, pe = (23*23 + 1*1)/576 = 530/576, kappa = (528 - 530)/(576 - 530)
 * = -1/23.  The largest: 11 and 11 on the diagonal, both disagreements
 * one way: totals 11 and 13, pe = (11*13 + 13*11)/576 = 286/576, kappa =
 * (528 - 286)/(576 - 286) = 121/145.  3 of 4: n22 = 3 and one
 * disagreement, pe = 12/16 = pa: kappa 0; the largest 1 and 2 on the
 * diagonal, pe = (1*2 + 3*2)/16 = 1/2, kappa = (3/4 - 1/2)/(1/2) = 1/2.
 * 0 of 2: the smallest one disagreement each way, pe = 1/2, kappa -1; the
 * largest both disagreements one way, pe = 0, kappa 0.  All agreeing: 1. */
static void by_hand(void **state)
{
    (void)state;
    icstat_kappa_table lo, hi;
    icstat_error err;
    assert_int_equal(icstat_kappa_range(22, 24, &lo, &hi, &err), ICSTAT_OK);
    assert_table(&lo, 0, 1, 1, 22, -1.0 / 23.0);
    assert_table(&hi, 11, 0, 2, 11, 121.0 / 145.0);
    assert_close(lo.pa, 22.0 / 24.0, 1e-15);
    assert_close(lo.pe, 530.0 / 576.0, 1e-15);
    assert_close(hi.pe, 286.0 / 576.0, 1e-15);
    assert_int_equal(icstat_kappa_range(3, 4, &lo, &hi, &err), ICSTAT_OK);
    assert_table(&lo, 0, 0, 1, 3, 0.0);
    assert_table(&hi, 1, 0, 1, 2, 0.5);
    assert_int_equal(icstat_kappa_range(0, 2, &lo, &hi, &err), ICSTAT_OK);
    assert_table(&lo, 0, 1, 1, 0, -1.0);
    assert_table(&hi, 0, 0, 2, 0, 0.0);
    assert_int_equal(icstat_kappa_range(5, 5, &lo, &hi, &err), ICSTAT_OK);
    assert_table(&lo, 1, 0, 0, 4, 1.0);
    assert_table(&hi, 1, 0, 0, 4, 1.0);
}

/* Every table of n units with a agreeing, n up to 40: the extremes and
 * the first table (n12, then n11, ascending) that reaches each must be
 * the engine's. */
static void enumeration(void **state)
{
    (void)state;
    size_t cases = 0;
    for (size_t n = 1; n <= 40; n++)
        for (size_t a = 0; a <= n; a++) {
            const size_t d = n - a;
            double kmin = INFINITY, kmax = -INFINITY;
            size_t lo_t[2] = {0, 0}, hi_t[2] = {0, 0};
            int any = 0;
            for (size_t b = 0; b <= d; b++)
                for (size_t x = 0; x <= a; x++) {
                    const size_t r1 = x + b, c1 = x + d - b;
                    if ((r1 == 0 || r1 == n) && r1 == c1)
                        continue; /* pe = 1: no kappa */
                    const double k = kappa_of((double)x, (double)b, (double)(d - b),
                                              (double)(a - x));
                    if (k < kmin) {
                        kmin = k;
                        lo_t[0] = x, lo_t[1] = b;
                    }
                    if (k > kmax) {
                        kmax = k;
                        hi_t[0] = x, hi_t[1] = b;
                    }
                    any = 1;
                }
            icstat_kappa_table lo, hi;
            icstat_error err;
            icstat_error_clear(&err);
            const int st = icstat_kappa_range(a, n, &lo, &hi, &err);
            if (!any) {
                assert_int_equal(st, ICSTAT_EDATA);
                continue;
            }
            assert_int_equal(st, ICSTAT_OK);
            assert_table(&lo, lo_t[0], lo_t[1], d - lo_t[1], a - lo_t[0], kmin);
            assert_table(&hi, hi_t[0], hi_t[1], d - hi_t[1], a - hi_t[0], kmax);
            cases++;
        }
    assert_int_equal(cases, 40 * 43 / 2 - 1); /* all (n, a) but 1 of 1 */
}

/* R (tests/r/kappa_range_reference.R wrote tests/fixtures/
 * kappa_range_values.csv): every table built and its kappa computed from
 * its margins, the range taken, within 1e-12; and prop.test's Wilson
 * interval for percent agreement, the row agree --kappa-range gives
 * beside them, within 1e-12. */
static void against_r(void **state)
{
    (void)state;
    icstat_table *t = fixture_read("tests/fixtures/kappa_range_values.csv");
    assert_true(t->nrow >= 10);
    for (size_t i = 0; i < t->nrow; i++) {
        const size_t a = (size_t)fixture_num(t, "agreed", i), n = (size_t)fixture_num(t, "total", i);
        icstat_kappa_table lo, hi;
        icstat_error err;
        assert_int_equal(icstat_kappa_range(a, n, &lo, &hi, &err), ICSTAT_OK);
        assert_close(lo.kappa, fixture_num(t, "kappa_min", i), 1e-12);
        assert_close(hi.kappa, fixture_num(t, "kappa_max", i), 1e-12);
        double wlo, whi;
        icstat_prop_wilson((double)a, (double)n, 0.95, &wlo, &whi);
        assert_close(wlo, fixture_num(t, "pa_low", i), 1e-12);
        assert_close(whi, fixture_num(t, "pa_high", i), 1e-12);
    }
    icstat_table_free(t);
}

/* Outside the contract, and the one count with no table. */
static void refused(void **state)
{
    (void)state;
    icstat_kappa_table lo, hi;
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_kappa_range(3, 2, &lo, &hi, &err), ICSTAT_EUSAGE);
    assert_string_equal(err.msg, "3 agreements cannot be more than the 2 units");
    assert_int_equal(icstat_kappa_range(0, 0, &lo, &hi, &err), ICSTAT_EUSAGE);
    assert_int_equal(icstat_kappa_range(1, ICSTAT_KAPPA_RANGE_MAX_UNITS + 1, &lo, &hi, &err),
                     ICSTAT_EUSAGE);
    assert_int_equal(icstat_kappa_range(1, 1, &lo, &hi, &err), ICSTAT_EDATA);
    /* The largest n: exact integer products, and kappa within [-1, 1]. */
    assert_int_equal(icstat_kappa_range(ICSTAT_KAPPA_RANGE_MAX_UNITS - 7,
                                        ICSTAT_KAPPA_RANGE_MAX_UNITS, &lo, &hi, &err),
                     ICSTAT_OK);
    assert_true(lo.kappa >= -1 && lo.kappa < hi.kappa && hi.kappa <= 1);
    assert_int_equal(lo.n11 + lo.n12 + lo.n21 + lo.n22, ICSTAT_KAPPA_RANGE_MAX_UNITS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(by_hand),
        cmocka_unit_test(enumeration),
        cmocka_unit_test(against_r),
        cmocka_unit_test(refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
