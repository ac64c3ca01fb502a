/* test_agree_kalpha.c — `agree --alpha-bootstrap` and `--alpha-min`
 * (issue 18, item 8): Krippendorff's bootstrap of alpha as the KALPHA macro
 * draws it (Hayes & Krippendorff 2007), against an independent R
 * implementation (tests/r/kalpha_reference.R wrote
 * tests/fixtures/kalpha_cells.csv and kalpha_values.csv).
 *
 * What does not depend on the draws is compared exactly (1e-10): the cells
 * the pairs are drawn from with their probabilities and disagreements
 * (the coincidence matrix over n..), n.., Q, M, D_o, D_e, alpha, and the
 * exact mean and variance of a replicate.  What does is compared within
 * Monte Carlo error, 20000 replicates on each side: the 95% limits within
 * 0.01 (standard error of a difference about 0.0015), q = P(alpha* <
 * 0.667) and P(alpha* < 0.8) within 0.02 (at most 0.005), the replicates'
 * mean within 5 standard errors and variance within 5%. */
#include <gsl/gsl_rng.h>

#include "icstat/agree.h"
#include "icstat/kalpha.h"
#include "icstat/ratings.h"
#include "icstat/table.h"
#include "test_util.h"

#define REPS 20000

static const char *dataset_path(const char *name)
{
    static const struct {
        const char *name, *path;
    } paths[] = {
        {"krippendorff2011", "datasets/reference/krippendorff2011.csv"},
        {"hayes_krippendorff2007", "datasets/reference/hayes_krippendorff2007.csv"},
        {"agree_ord4", "tests/fixtures/agree_ord4.csv"},
        {"agree_uneven5", "tests/fixtures/agree_uneven5.csv"},
    };
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
        if (strcmp(paths[i].name, name) == 0)
            return paths[i].path;
    fail_msg("unknown dataset %s", name);
    return NULL;
}

/* The ratings of a wide file (first column the unit). */
static icstat_ratings *ratings_of(const char *path)
{
    icstat_table *t = fixture_read(path);
    icstat_ratings *r = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    icstat_ratings_spec spec = {0};
    if (icstat_ratings_from_table(t, &spec, &r, &err) != ICSTAT_OK)
        fail_msg("%s: %s", path, err.msg);
    icstat_table_free(t);
    return r;
}

static icstat_agree_options metric_options(const char *metric)
{
    icstat_agree_options o = agree_defaults();
    o.alpha_metric = (icstat_alpha_metric)icstat_alpha_metric_lookup(metric);
    assert_true(o.alpha_metric != ICSTAT_METRIC_NONE);
    return o;
}

/* Every cell R lists for (dataset, metric) is one of d's, with the same
 * probability and disagreement, and d has no other. */
static void check_cells(const icstat_table *cells, const char *ds, const char *metric,
                        const icstat_kalpha_dist *d)
{
    size_t seen = 0;
    for (size_t i = 0; i < cells->nrow; i++) {
        if (strcmp(fixture_cell(cells, "dataset", i), ds) != 0 ||
            strcmp(fixture_cell(cells, "metric", i), metric) != 0)
            continue;
        const size_t row = (size_t)fixture_num(cells, "row", i);
        const size_t col = (size_t)fixture_num(cells, "col", i);
        size_t j = 0;
        while (j < d->cells && !(d->row[j] == row && d->col[j] == col))
            j++;
        if (j == d->cells)
            fail_msg("%s %s: no cell (%zu, %zu)", ds, metric, row, col);
        assert_close(d->prob[j], fixture_num(cells, "prob", i), 1e-10);
        assert_close(d->delta[j], fixture_num(cells, "delta", i), 1e-10);
        seen++;
    }
    assert_int_equal(seen, d->cells);
}

/* The exact quantities of one fixture row. */
static void check_exact(const icstat_table *v, size_t i, const icstat_kalpha_dist *d)
{
    assert_close(d->n_pairable, fixture_num(v, "n_pairable", i), 1e-10);
    assert_int_equal(d->nonzero, (size_t)fixture_num(v, "nonzero", i));
    assert_int_equal(d->draws, (size_t)fixture_num(v, "draws", i));
    assert_close(d->d_o, fixture_num(v, "d_o", i), 1e-10);
    assert_close(d->d_e, fixture_num(v, "d_e", i), 1e-10);
    assert_close(d->alpha, fixture_num(v, "alpha", i), 1e-10);
    assert_close(icstat_kalpha_mean(d), fixture_num(v, "mean", i), 1e-10);
    assert_close(icstat_kalpha_variance(d), fixture_num(v, "variance", i), 1e-12);
}

/* The draws against R's, within Monte Carlo error. */
static void check_draws(const icstat_table *v, size_t i, const icstat_kalpha_dist *d)
{
    double *a = malloc(REPS * sizeof *a);
    assert_non_null(a);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 1);
    icstat_error err;
    assert_int_equal(icstat_kalpha_draw(d, REPS, rng, a, &err), ICSTAT_OK);
    double lo, hi, mean = 0.0, var = 0.0;
    icstat_kalpha_interval(a, REPS, 0.95, &lo, &hi);
    assert_close(lo, fixture_num(v, "ci_low", i), 0.01);
    assert_close(hi, fixture_num(v, "ci_high", i), 0.01);
    assert_close(icstat_kalpha_below(a, REPS, 0.667), fixture_num(v, "q_0667", i), 0.02);
    assert_close(icstat_kalpha_below(a, REPS, 0.8), fixture_num(v, "q_0800", i), 0.02);
    for (size_t b = 0; b < REPS; b++)
        mean += a[b] / REPS;
    for (size_t b = 0; b < REPS; b++)
        var += (a[b] - mean) * (a[b] - mean) / (REPS - 1);
    const double exact_var = icstat_kalpha_variance(d);
    assert_close(mean, icstat_kalpha_mean(d), 5.0 * sqrt(exact_var / REPS));
    assert_close(var / exact_var, 1.0, 0.05);
    gsl_rng_free(rng);
    free(a);
}

/* Every (dataset, metric) of the fixtures: the metric row, and for
 * nominal the krippendorff_alpha row under identity weights too. */
static void against_r(void **state)
{
    (void)state;
    icstat_table *cells = fixture_read("tests/fixtures/kalpha_cells.csv");
    icstat_table *v = fixture_read("tests/fixtures/kalpha_values.csv");
    assert_int_equal(v->nrow, 16);
    for (size_t i = 0; i < v->nrow; i++) {
        const char *ds = fixture_cell(v, "dataset", i), *metric = fixture_cell(v, "metric", i);
        icstat_ratings *r = ratings_of(dataset_path(ds));
        const icstat_agree_options opt = metric_options(metric);
        icstat_kalpha_dist d;
        icstat_error err;
        assert_int_equal(icstat_agree_kalpha_dist(r, &opt, ICSTAT_COEF_KRIPP_METRIC, &d, &err),
                         ICSTAT_OK);
        check_cells(cells, ds, metric, &d);
        check_exact(v, i, &d);
        check_draws(v, i, &d);
        icstat_kalpha_dist_clear(&d);
        if (strcmp(metric, "nominal") == 0) {
            const icstat_agree_options plain = agree_defaults();
            assert_int_equal(icstat_agree_kalpha_dist(r, &plain, ICSTAT_COEF_KRIPP, &d, &err),
                             ICSTAT_OK);
            check_cells(cells, ds, metric, &d);
            check_exact(v, i, &d);
            icstat_kalpha_dist_clear(&d);
        }
        icstat_ratings_free(r);
    }
    icstat_table_free(cells);
    icstat_table_free(v);
}

/* The rows of `agree`: the estimate is the distribution's alpha, the
 * interval and q come from the bootstrap, other rows are untouched, and
 * the same seed gives the same numbers. */
static void agree_rows(void **state)
{
    (void)state;
    icstat_agree_options opt = metric_options("ordinal");
    icstat_ratings *r = NULL;
    icstat_agree_result *res = agree_file("datasets/reference/hayes_krippendorff2007.csv", &opt,
                                          &r);
    icstat_agree_result *again = agree_file("datasets/reference/hayes_krippendorff2007.csv",
                                            &opt, NULL);
    const double fleiss_lo = find_coef(res, "fleiss_kappa")->ci_low;
    icstat_error err;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    assert_int_equal(icstat_agree_kalpha(r, &opt, res, 5000, 0.8, rng, &err), ICSTAT_OK);
    gsl_rng_set(rng, 7);
    assert_int_equal(icstat_agree_kalpha(r, &opt, again, 5000, 0.8, rng, &err), ICSTAT_OK);
    const icstat_coef *a = find_coef(res, "krippendorff_alpha_metric");
    const icstat_coef *b = find_coef(again, "krippendorff_alpha_metric");
    /* Hayes & Krippendorff (2007) print ordinal alpha .7598 for Table 1. */
    assert_close(a->estimate, 0.7598, 5e-5);
    assert_string_equal(a->ci_method, "bootstrap_kalpha");
    assert_true(a->ci_low < a->estimate && a->estimate < a->ci_high);
    assert_close(a->alpha_min, 0.8, 0.0);
    assert_true(a->p_below_min > 0.9 && a->p_below_min < 1.0);
    assert_memory_equal(&a->ci_low, &b->ci_low, sizeof a->ci_low);
    assert_memory_equal(&a->ci_high, &b->ci_high, sizeof a->ci_high);
    assert_memory_equal(&a->p_below_min, &b->p_below_min, sizeof a->p_below_min);
    assert_string_equal(find_coef(res, "krippendorff_alpha")->ci_method, "bootstrap_kalpha");
    const icstat_coef *f = find_coef(res, "fleiss_kappa");
    assert_string_equal(f->ci_method, "t");
    assert_close(f->ci_low, fleiss_lo, 0.0);
    assert_true(isnan(f->p_below_min) && isnan(f->alpha_min));
    assert_int_equal(res->kalpha_reps, 5000);
    assert_int_equal(res->kalpha_draws, 318); /* min(25 Q, 159 * 4 / 2) */
    /* Usage errors of callers without options. */
    assert_int_equal(icstat_agree_kalpha(r, &opt, res, 1, NAN, rng, &err), ICSTAT_EUSAGE);
    assert_int_equal(icstat_agree_kalpha(r, &opt, res, 100, -1.0, rng, &err), ICSTAT_EUSAGE);
    assert_int_equal(icstat_agree_kalpha(r, &opt, res, 100, 1.5, rng, &err), ICSTAT_EUSAGE);
    gsl_rng_free(rng);
    icstat_agree_result_free(res);
    icstat_agree_result_free(again);
    icstat_ratings_free(r);
}

/* KALPHA's order statistics: the floor(a/2 X)-th and the
 * (floor((1 - a/2) X) + 1)-th of X sorted values, within 1..X; q counts
 * the values strictly below. */
static void order_statistics(void **state)
{
    (void)state;
    double v[1000], lo, hi;
    for (size_t i = 0; i < 1000; i++)
        v[i] = (double)(i + 1);
    icstat_kalpha_interval(v, 1000, 0.95, &lo, &hi);
    assert_close(lo, 25.0, 0.0);
    assert_close(hi, 976.0, 0.0);
    icstat_kalpha_interval(v, 10, 0.95, &lo, &hi);
    assert_close(lo, 1.0, 0.0);
    assert_close(hi, 10.0, 0.0);
    assert_close(icstat_kalpha_below(v, 1000, 100.0), 0.099, 1e-15);
    assert_close(icstat_kalpha_below(v, 1000, 0.5), 0.0, 0.0);
    assert_close(icstat_kalpha_below(v, 1000, 2000.0), 1.0, 0.0);
}

/* Step four on a coincidence matrix made to hit it: two categories,
 * n.. 14 (o_00 10, o_01 = o_10 1, o_11 2), M = min(100, 14 * 1 / 2) = 7,
 * D_e = 2 * 11 * 3 / (14 * 13).  All seven pairs from one diagonal cell is
 * no variation: alpha 0, with probability (10/14)^7 + (2/14)^7 = 0.0949;
 * other replicates without disagreement are 1 ((12/14)^7 - 0.0949 =
 * 0.245); none is below -1. */
static void corrections(void **state)
{
    (void)state;
    const double coinc[4] = {10.0, 1.0, 1.0, 2.0};
    const double w[4] = {1.0, 0.0, 0.0, 1.0};
    icstat_kalpha_dist d;
    icstat_error err;
    assert_int_equal(icstat_kalpha_dist_init(&d, coinc, w, 2, 2, &err), ICSTAT_OK);
    assert_int_equal(d.cells, 3);
    assert_int_equal(d.nonzero, 4);
    assert_int_equal(d.draws, 7);
    assert_close(d.d_e, 66.0 / 182.0, 1e-15);
    double a[2000];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 3);
    assert_int_equal(icstat_kalpha_draw(&d, 2000, rng, a, &err), ICSTAT_OK);
    size_t zeros = 0, ones = 0;
    for (size_t b = 0; b < 2000; b++) {
        assert_true(a[b] >= -1.0 && a[b] <= 1.0);
        zeros += a[b] == 0.0;
        ones += a[b] == 1.0;
    }
    /* 2000 * 0.0949 = 190 (sd 13); 2000 * 0.245 = 490 (sd 19). */
    assert_true(zeros > 140 && zeros < 240);
    assert_true(ones > 415 && ones < 565);
    gsl_rng_free(rng);
    icstat_kalpha_dist_clear(&d);
}

/* Nothing to pair is an error; one category leaves alpha undefined and
 * the row NA. */
static void degenerate(void **state)
{
    (void)state;
    const double none[4] = {0.0, 0.0, 0.0, 0.0}, w[4] = {1.0, 0.0, 0.0, 1.0};
    icstat_kalpha_dist d;
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_kalpha_dist_init(&d, none, w, 2, 3, &err), ICSTAT_EDATA);
    assert_non_null(strstr(err.msg, "pairable"));
    assert_int_equal(icstat_kalpha_dist_init(&d, none, w, 2, 1, &err), ICSTAT_EDATA);
    const double one[4] = {6.0, 0.0, 0.0, 0.0};
    assert_int_equal(icstat_kalpha_dist_init(&d, one, w, 2, 3, &err), ICSTAT_OK);
    assert_true(isnan(d.alpha) && isnan(icstat_kalpha_mean(&d)));
    double a[4];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_int_equal(icstat_kalpha_draw(&d, 4, rng, a, &err), ICSTAT_EUSAGE);
    gsl_rng_free(rng);
    icstat_kalpha_dist_clear(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(against_r),        cmocka_unit_test(agree_rows),
        cmocka_unit_test(order_statistics), cmocka_unit_test(corrections),
        cmocka_unit_test(degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
