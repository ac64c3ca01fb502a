/* test_proportion.c — Wilson, Newcombe and Katz intervals and Pearson's
 * chi-square test (analysis/numerics/proportion.c, analysis/numerics/contingency.c).
 *
 * Published values: Newcombe (1998a), Stat Med 17:857-872, Table I,
 * method 3 (Wilson), and Newcombe (1998b), Stat Med 17:873-890, Table II,
 * examples (a)-(h), method 10 (hybrid score), both to the 4 decimals
 * printed, so to 5e-5.  R values: tests/fixtures/describe_values.csv,
 * recorded by tests/r/describe_reference.R (prop.test for Wilson, the
 * method-10 formula on prop.test's limits for Newcombe, a log-binomial glm
 * for the risk ratio, chisq.test).  Wilson and Newcombe follow the same
 * closed forms as R, so they must agree to rounding: 1e-13.  The risk
 * ratio's reference comes from glm's information matrix; 1e-12 relative.
 * Chi-square: statistic 1e-11 relative, p-value 1e-9 relative (GSL's and
 * R's chi-square tails). */
#include "icstat/contingency.h"
#include "icstat/proportion.h"
#include "icstat/table.h"
#include "test_util.h"

static const char *VALUES = "tests/fixtures/describe_values.csv";

static icstat_table *values(void) { return fixture_read(VALUES); }

/* ---- Wilson ------------------------------------------------------------ */

static void test_wilson_published(void **state)
{
    (void)state;
    static const double table1[][4] = {
        {81, 263, 0.2553, 0.3662}, {15, 148, 0.0624, 0.1605},
        {0, 20, 0.0000, 0.1611},   {1, 29, 0.0061, 0.1718},
    };
    for (size_t i = 0; i < sizeof table1 / sizeof *table1; i++) {
        double lo, hi;
        const double p = icstat_prop_wilson(table1[i][0], table1[i][1], 0.95, &lo, &hi);
        assert_close(p, table1[i][0] / table1[i][1], 1e-15);
        assert_close(lo, table1[i][2], 5e-5);
        assert_close(hi, table1[i][3], 5e-5);
    }
}

static void test_wilson_r(void **state)
{
    (void)state;
    icstat_table *v = values();
    size_t seen = 0;
    for (size_t i = 0; i < v->nrow; i++) {
        if (strcmp(fixture_cell(v, "measure", i), "wilson") != 0)
            continue;
        double lo, hi;
        const double p =
            icstat_prop_wilson(fixture_num(v, "x1", i), fixture_num(v, "n1", i), fixture_num(v, "conf", i), &lo, &hi);
        assert_close(p, fixture_num(v, "estimate", i), 1e-15);
        assert_close(lo, fixture_num(v, "ci_low", i), 1e-13);
        assert_close(hi, fixture_num(v, "ci_high", i), 1e-13);
        seen++;
    }
    assert_int_equal(seen, 17);
    icstat_table_free(v);
}

/* The limits at x = 0 and x = n are exact, not 1e-17 off either way. */
static void test_wilson_edges(void **state)
{
    (void)state;
    double lo, hi;
    icstat_prop_wilson(0, 24, 0.95, &lo, &hi);
    assert_true(lo == 0.0 && hi > 0.0 && hi < 1.0);
    icstat_prop_wilson(24, 24, 0.95, &lo, &hi);
    assert_true(hi == 1.0 && lo > 0.0 && lo < 1.0);
    /* Ofsted (2017): 22 of 24 decisions agreed. */
    const double p = icstat_prop_wilson(22, 24, 0.95, &lo, &hi);
    assert_close(p, 22.0 / 24.0, 1e-15);
    assert_true(lo < p && p < hi);
    /* Wider at a higher level. */
    double lo99, hi99;
    icstat_prop_wilson(22, 24, 0.99, &lo99, &hi99);
    assert_true(lo99 < lo && hi99 > hi);
    /* Undefined input. */
    assert_true(isnan(icstat_prop_wilson(0, 0, 0.95, &lo, &hi)) && isnan(lo) && isnan(hi));
    assert_true(isnan(icstat_prop_wilson(5, 4, 0.95, &lo, &hi)) && isnan(lo));
    assert_true(isnan(icstat_prop_wilson(-1, 4, 0.95, &lo, &hi)) && isnan(hi));
    assert_true(isnan(icstat_prop_wilson(1, 4, 1.0, &lo, &hi)) && isnan(lo));
}

/* ---- Newcombe ---------------------------------------------------------- */

static void test_newcombe_published(void **state)
{
    (void)state;
    static const double table2[][6] = {
        {56, 70, 48, 80, 0.0524, 0.3339}, {9, 10, 3, 10, 0.1705, 0.8090},
        {6, 7, 2, 7, 0.0582, 0.8062},     {5, 56, 0, 29, -0.0381, 0.1926},
        {0, 10, 0, 20, -0.1611, 0.2775},  {0, 10, 0, 10, -0.2775, 0.2775},
        {10, 10, 0, 20, 0.6791, 1.0000},  {10, 10, 0, 10, 0.6075, 1.0000},
    };
    for (size_t i = 0; i < sizeof table2 / sizeof *table2; i++) {
        const double *e = table2[i];
        double lo, hi;
        const double d = icstat_prop_diff_newcombe(e[0], e[1], e[2], e[3], 0.95, &lo, &hi);
        assert_close(d, e[0] / e[1] - e[2] / e[3], 1e-15);
        assert_close(lo, e[4], 5e-5);
        assert_close(hi, e[5], 5e-5);
    }
}

static void test_newcombe_r(void **state)
{
    (void)state;
    icstat_table *v = values();
    size_t seen = 0;
    for (size_t i = 0; i < v->nrow; i++) {
        if (strcmp(fixture_cell(v, "measure", i), "newcombe") != 0)
            continue;
        double lo, hi;
        const double d = icstat_prop_diff_newcombe(fixture_num(v, "x1", i), fixture_num(v, "n1", i),
                                                   fixture_num(v, "x2", i), fixture_num(v, "n2", i),
                                                   fixture_num(v, "conf", i), &lo, &hi);
        assert_close(d, fixture_num(v, "estimate", i), 1e-15);
        assert_close(lo, fixture_num(v, "ci_low", i), 1e-13);
        assert_close(hi, fixture_num(v, "ci_high", i), 1e-13);
        seen++;
    }
    assert_int_equal(seen, 14);
    icstat_table_free(v);
}

/* Swapping the groups mirrors the interval. */
static void test_newcombe_symmetry(void **state)
{
    (void)state;
    double lo, hi, lo2, hi2;
    const double d = icstat_prop_diff_newcombe(56, 70, 48, 80, 0.95, &lo, &hi);
    const double d2 = icstat_prop_diff_newcombe(48, 80, 56, 70, 0.95, &lo2, &hi2);
    assert_close(d2, -d, 1e-15);
    assert_close(lo2, -hi, 1e-15);
    assert_close(hi2, -lo, 1e-15);
    assert_true(isnan(icstat_prop_diff_newcombe(1, 0, 1, 2, 0.95, &lo, &hi)) && isnan(lo));
}

/* ---- risk ratio -------------------------------------------------------- */

static void test_risk_ratio_r(void **state)
{
    (void)state;
    icstat_table *v = values();
    size_t seen = 0;
    for (size_t i = 0; i < v->nrow; i++) {
        if (strcmp(fixture_cell(v, "measure", i), "risk_ratio") != 0 ||
            strncmp(fixture_cell(v, "case", i), "risk_ratio", 10) != 0)
            continue;
        double lo, hi;
        const double rr = icstat_prop_ratio_katz(fixture_num(v, "x1", i), fixture_num(v, "n1", i),
                                                 fixture_num(v, "x2", i), fixture_num(v, "n2", i),
                                                 fixture_num(v, "conf", i), &lo, &hi);
        const double want = fixture_num(v, "estimate", i), wl = fixture_num(v, "ci_low", i),
                     wh = fixture_num(v, "ci_high", i);
        assert_close(rr, want, 1e-13 * fabs(want));
        assert_close(lo, wl, 1e-12 * fabs(wl));
        assert_close(hi, wh, 1e-12 * fabs(wh));
        seen++;
    }
    assert_int_equal(seen, 9);
    icstat_table_free(v);
}

/* ---- chi-square -------------------------------------------------------- */

/* Rebuild each literal table of the fixture and test it. */
static void test_chisq_r(void **state)
{
    (void)state;
    static const char *cases[] = {"chisq_large", "chisq_tail", "chisq_small", "chisq_2x2"};
    icstat_table *v = values();
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        double count[16];
        char rows[4][32], cols[4][32];
        size_t nr = 0, nc = 0;
        for (size_t i = 0; i < v->nrow; i++) {
            if (strcmp(fixture_cell(v, "case", i), cases[c]) != 0 ||
                strcmp(fixture_cell(v, "measure", i), "chisq_cell") != 0)
                continue;
            const char *g = fixture_cell(v, "group", i), *k = fixture_cell(v, "category", i);
            size_t r = 0, l = 0;
            while (r < nr && strcmp(rows[r], g) != 0)
                r++;
            if (r == nr)
                snprintf(rows[nr++], sizeof rows[0], "%s", g);
            while (l < nc && strcmp(cols[l], k) != 0)
                l++;
            if (l == nc)
                snprintf(cols[nc++], sizeof cols[0], "%s", k);
            assert_true(nr <= 4 && nc <= 4);
            count[r * 4 + l] = fixture_num(v, "estimate", i);
        }
        double packed[16];
        for (size_t r = 0; r < nr; r++)
            for (size_t l = 0; l < nc; l++)
                packed[r * nc + l] = count[r * 4 + l];
        icstat_chisq x;
        icstat_error err;
        assert_int_equal(icstat_chisq_independence(packed, nr, nc, &x, &err), ICSTAT_OK);
        for (size_t i = 0; i < v->nrow; i++) {
            if (strcmp(fixture_cell(v, "case", i), cases[c]) != 0)
                continue;
            const char *m = fixture_cell(v, "measure", i);
            const double want = fixture_num(v, "estimate", i);
            if (strcmp(m, "chisq_statistic") == 0)
                assert_close(x.statistic, want, 1e-11 * want);
            else if (strcmp(m, "chisq_df") == 0)
                assert_close(x.df, want, 0);
            else if (strcmp(m, "chisq_p_value") == 0)
                assert_close(x.p_value, want, 1e-9 * want);
            else if (strcmp(m, "chisq_min_expected") == 0)
                assert_close(x.min_expected, want, 1e-12 * want);
            else if (strcmp(m, "chisq_n_small") == 0)
                assert_int_equal(x.n_small, (size_t)want);
        }
        assert_int_equal(x.n_cells, nr * nc);
    }
    icstat_table_free(v);
}

/* Empty rows and columns are left out; fewer than two of either: NaN. */
static void test_chisq_empty_margins(void **state)
{
    (void)state;
    icstat_chisq a, b;
    icstat_error err;
    const double full[] = {22, 2, 19, 5};
    const double padded[] = {22, 0, 2, 0, 0, 0, 19, 0, 5};
    assert_int_equal(icstat_chisq_independence(full, 2, 2, &a, &err), ICSTAT_OK);
    assert_int_equal(icstat_chisq_independence(padded, 3, 3, &b, &err), ICSTAT_OK);
    assert_close(b.statistic, a.statistic, 1e-14);
    assert_close(b.df, 1, 0);
    assert_int_equal(b.rows_used, 2);
    assert_int_equal(b.cols_used, 2);
    assert_int_equal(b.n_cells, 4);
    const double one_col[] = {3, 0, 4, 0};
    assert_int_equal(icstat_chisq_independence(one_col, 2, 2, &a, &err), ICSTAT_OK);
    assert_true(isnan(a.statistic) && isnan(a.df) && isnan(a.p_value));
    assert_int_equal(a.cols_used, 1);
    const double one_row[] = {3, 4, 5};
    assert_int_equal(icstat_chisq_independence(one_row, 1, 3, &a, &err), ICSTAT_OK);
    assert_true(isnan(a.statistic));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wilson_published),   cmocka_unit_test(test_wilson_r),
        cmocka_unit_test(test_wilson_edges),       cmocka_unit_test(test_newcombe_published),
        cmocka_unit_test(test_newcombe_r),         cmocka_unit_test(test_newcombe_symmetry),
        cmocka_unit_test(test_risk_ratio_r),       cmocka_unit_test(test_chisq_r),
        cmocka_unit_test(test_chisq_empty_margins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
