/* test_simulate.c — the spec parser names the line of every problem; the
 * same spec and seed give the same data; and `icstat fit` recovers the
 * spec's parameters from what `icstat simulate` draws. */
#include <math.h>

#include <gsl/gsl_rng.h>

#include "icstat/clm.h"
#include "icstat/design.h"
#include "icstat/seed.h"
#include "icstat/simulate.h"
#include "icstat/table.h"
#include "test_util.h"

static const char *spec_text =
    "# recovery spec\n"
    "inspectors = 300\n"
    "inspections = 9000\n"
    "categories = Outstanding, Good, Requires improvement, Inadequate\n"
    "thresholds = -2.0, 1.2, 3.0\n"
    "inspector_sd = 0.6\n"
    "caseload_shape = 2\n"
    "inspector gender = female:0.5, male:0.5   # inspector level\n"
    "school phase = Primary:0.7, Secondary:0.3\n"
    "school fsm = uniform(0, 0.6, 3)\n"
    "effect gender[male] = -0.25\n"
    "effect phase[Secondary] = 0.4\n"
    "effect fsm = 1.5\n"
    "effect previous[Inadequate] = -0.5\n"
    "double_inspections = 50\n";

static char *render(const icstat_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(icstat_result_write(r, f, ICSTAT_FMT_CSV), 0);
    fclose(f);
    return buf;
}

static void expect_error(const char *text, long line, const char *fragment)
{
    icstat_sim_spec *s = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_sim_spec_parse("t.spec", text, &s, &err), ICSTAT_EDATA);
    assert_null(s);
    if (err.line != line || !strstr(err.msg, fragment)) {
        print_error("got line %ld: %s\nwant line %ld: ...%s...\n", err.line, err.msg, line,
                    fragment);
        fail();
    }
}

/* The same, for `spec` followed by the lines `extra`. */
static void expect_error_after(const char *spec, const char *extra, long line,
                               const char *fragment)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s%s", spec, extra);
    expect_error(buf, line, fragment);
}

static void test_spec_errors(void **state)
{
    (void)state;
    const char *base = "inspectors = 2\ninspections = 4\ncategories = a, b\nthresholds = 0\n";
    expect_error("inspectors = 2\ninspections = 4\ncategories = a, b\n", 0,
                 "the spec gives no 'thresholds'");
    expect_error("inspectors = 2\ninspections = x\n", 2, "inspections must be a whole number");
    expect_error("inspectors = 2\ninspector sd = 1\n", 2, "'1': give levels with shares");
    expect_error_after(base, "colour = red\n", 5, "unknown key 'colour'");
    expect_error_after(base, "inspector g = f:0.5, m:0.4\n", 5, "the shares add up to 0.9, not 1");
    expect_error_after(base, "effect g[m] = 1\n", 5, "effect for 'g', which no inspector or school line defines");
    expect_error_after(base, "school p = uniform(3, 1)\n", 5, "uniform(LO, HI[, DECIMALS]) with LO < HI");
    expect_error_after(base, "school p = A:0.5, B:0.5\neffect p[A] = 1\n", 6, "'A' is the reference level of 'p'");
    expect_error_after(base, "effect previous[c] = 1\n", 5, "'c' is not one of the categories");
    expect_error("inspectors = 2\ninspections = 4\ncategories = a, b, c\nthresholds = 1, 0\n", 4,
                 "thresholds must be increasing");
    expect_error("inspectors = 2\ninspections = 4\ncategories = a, b, c\nthresholds = 0\n", 0,
                 "3 categories need 2 thresholds (got 1)");
    expect_error("inspectors = 5\ninspections = 4\ncategories = a, b\nthresholds = 0\n", 0,
                 "4 inspections cannot give each of 5 inspectors one");
    expect_error_after(base, "start_date = 2019-02-29\n", 5, "start_date must be a date");
    expect_error_after(base, "inspectors = 3\n", 5, "'inspectors' is given twice");
    expect_error_after(base, "school grade = A:0.5, B:0.5\n", 5, "'grade' is a column icstat writes itself");
    expect_error_after(base, "school p = A:0.5, B:0.5\ninspector p = C:0.5, D:0.5\n", 6,
                       "'p' is defined twice");
    expect_error_after(base, "school p = A:0.5, B:0.2, A:0.3\n", 5, "level 'A' appears twice");
    expect_error_after(base, "school p = A:0.5, B:0.5\neffect p[C] = 1\n", 6, "'p' has no level 'C'");
    /* Effects that differ by threshold. */
    const char *three = "inspectors = 2\ninspections = 4\ncategories = a, b, c\n"
                        "thresholds = 0, 1\nschool p = A:0.5, B:0.5\nschool x = normal(0, 1)\n";
    expect_error_after(three, "effect p[B] = 1, 2, 3\n", 7, "effect p[B]: give one value or, for a level, one per threshold (got 3)");
    expect_error_after(three, "effect x = 1, 2\n", 7, "'x' is numeric: write effect x = VALUE (per unit)");
    expect_error_after(three, "effect previous[b] = 1, 2\n", 7, "effect previous[b]: give one value (got 2)");
    expect_error_after(three, "effect p[B] = 0, 1.5\n", 0, "rise by 1.5 from threshold 1 to 2, more than the gap between them (1)");
    expect_error_after(three, "effect p[B] = 1, x\n", 7, "an effect must be a number, or numbers separated by commas");
}

/* An inspector's inspections fall on different days within the spec's
 * dates (fit --lag-previous refuses two on one day), in the order the
 * previous-grade effect was drawn; a caseload that cannot is refused. */
static void test_distinct_days(void **state)
{
    (void)state;
    const char *text = "inspectors = 3\ninspections = 24\ncategories = a, b\nthresholds = 0\n"
                       "start_date = 2020-01-01\nend_date = 2020-01-20\ncaseload_shape = 1000\n"
                       "effect previous[b] = 1\n";
    icstat_sim_spec *s = NULL;
    icstat_error err;
    assert_int_equal(icstat_sim_spec_parse("t.spec", text, &s, &err), ICSTAT_OK);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    for (unsigned long seed = 1; seed <= 20; seed++) {
        gsl_rng_set(rng, seed);
        icstat_sim_output out;
        assert_int_equal(icstat_simulate(s, rng, &out, &err), ICSTAT_OK);
        char *csv = render(out.inspections);
        icstat_table *t = NULL;
        assert_int_equal(icstat_table_read_buffer("sim", csv, strlen(csv), &t, &err), ICSTAT_OK);
        const long ic = icstat_table_find(t, "inspector"), dc = icstat_table_find(t, "inspection_date");
        for (size_t i = 1; i < t->nrow; i++) {
            const char *day = t->cols[dc].text[i];
            assert_true(strcmp(day, "2020-01-01") >= 0 && strcmp(day, "2020-01-20") <= 0);
            if (strcmp(t->cols[ic].text[i], t->cols[ic].text[i - 1]) == 0 &&
                strcmp(day, t->cols[dc].text[i - 1]) <= 0)
                fail_msg("seed %lu line %ld: %s on %s after %s", seed, t->line[i],
                         t->cols[ic].text[i], day, t->cols[dc].text[i - 1]);
        }
        /* ... so fit --lag-previous takes it. */
        icstat_design_spec ds = {.outcome = "grade", .group = "inspector",
                                 .lag_previous = "inspection_date"};
        icstat_design *d = NULL;
        const int st = icstat_design_build(t, &ds, &d, &err);
        if (st != ICSTAT_OK && !strstr(err.msg, "one category")) /* 21 rows may be all one */
            fail_msg("seed %lu: %s", seed, err.msg);
        icstat_design_free(d);
        icstat_table_free(t);
        free(csv);
        icstat_sim_output_free(&out);
    }
    icstat_sim_spec_free(s);
    /* 30 inspections by one inspector in 12 days. */
    assert_int_equal(icstat_sim_spec_parse("t.spec",
                                           "inspectors = 1\ninspections = 30\ncategories = a, b\n"
                                           "thresholds = 0\nstart_date = 2020-01-01\n"
                                           "end_date = 2020-01-12\n",
                                           &s, &err),
                     ICSTAT_OK);
    icstat_sim_output out;
    assert_int_equal(icstat_simulate(s, rng, &out, &err), ICSTAT_EDATA);
    assert_string_equal(err.msg, "inspector I00001 draws 30 inspections, more than the 12 days "
                                 "from start_date to end_date; widen the dates or add inspectors");
    icstat_sim_output_free(&out);
    icstat_sim_spec_free(s);
    gsl_rng_free(rng);
}

/* Seeds are 1 to 2^32 - 1 (seed.h): mt19937 keeps 32 bits, so 2^32 + 1
 * would be seed 1, and reads 0 as 4357.  The check holds: those pairs do
 * give the same stream, which is why they are refused. */
static void test_seed_range(void **state)
{
    (void)state;
    unsigned long v = 99;
    assert_int_equal(icstat_seed_parse("1", &v), 0);
    assert_int_equal(v, 1);
    assert_int_equal(icstat_seed_parse("4294967295", &v), 0);
    assert_int_equal(v, 4294967295UL);
    const char *bad[] = {"0", "4294967296", "4294967297", "18446744073709551617", "-1", "+1",
                         " 1", "1 ", "1.0", "1e3", "", "x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        v = 99;
        if (icstat_seed_parse(bad[i], &v) != -1 || v != 99) {
            print_error("icstat_seed_parse accepted '%s'\n", bad[i]);
            fail();
        }
    }
    assert_true(icstat_seed_fits(1, 0));
    assert_true(icstat_seed_fits(4294967286UL, 10));
    assert_false(icstat_seed_fits(4294967287UL, 10));
    assert_false(icstat_seed_fits(0, 1));
    assert_false(icstat_seed_fits(1, (size_t)-1));
    gsl_rng *a = gsl_rng_alloc(gsl_rng_mt19937), *b = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(a);
    assert_non_null(b);
    gsl_rng_set(a, 1);
    gsl_rng_set(b, 4294967297UL);
    assert_int_equal(gsl_rng_get(a), gsl_rng_get(b));
    gsl_rng_set(a, 0);
    gsl_rng_set(b, 4357);
    assert_int_equal(gsl_rng_get(a), gsl_rng_get(b));
    gsl_rng_free(a);
    gsl_rng_free(b);
    const char *base = "inspectors = 2\ninspections = 4\ncategories = a, b\nthresholds = 0\n";
    expect_error_after(base, "seed = 4294967297\n", 5,
                       "seed must be a whole number from 1 to 4294967295 (got '4294967297')");
    expect_error_after(base, "seed = 0\n", 5, "seed must be a whole number from 1 to 4294967295");
}

/* Thousands of characteristics, levels and effects (found while fuzzing:
 * names were looked up one by one, quadratic in the spec's length): each
 * effect lands on its own variable and level. */
static void test_many_names(void **state)
{
    (void)state;
    enum { NV = 5000, NL = 2000 };
    size_t cap = 64 * (NV + NL) + 1024, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len,
                            "inspectors = 2\ninspections = 4\ncategories = a, b\n"
                            "thresholds = 0\nschool many =");
    for (int l = 0; l < NL; l++)
        len += (size_t)snprintf(text + len, cap - len, "%s L%d:0.0005", l ? "," : "", l);
    len += (size_t)snprintf(text + len, cap - len, "\n");
    for (int i = 0; i < NV; i++)
        len += (size_t)snprintf(text + len, cap - len, "school x%d = normal(0, 1)\n", i);
    for (int i = NV - 1; i >= 0; i--)
        len += (size_t)snprintf(text + len, cap - len, "effect x%d = %d\n", i, i);
    for (int l = 1; l < NL; l++)
        len += (size_t)snprintf(text + len, cap - len, "effect many[L%d] = %d\n", l, -l);
    assert_true(len < cap);

    icstat_sim_spec *s = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_sim_spec_parse("many.spec", text, &s, &err) != ICSTAT_OK)
        fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
    assert_int_equal(s->n_vars, NV + 1);
    assert_int_equal(s->vars[0].n_levels, NL);
    for (int l = 0; l < NL; l++)
        assert_true(s->vars[0].effects[l] == -l);
    for (int i = 0; i < NV; i++)
        assert_true(s->vars[i + 1].effect == i);
    icstat_sim_spec_free(s);
    free(text);
}

/* A level whose effect differs by threshold: the cumulative shares of each
 * level are F(theta_j - effect_j), within 4 binomial standard errors. */
static void test_threshold_effects(void **state)
{
    (void)state;
    /* 40 inspectors with even caseloads: 2000 inspections each fit on
     * different days from 2012 to 2019. */
    const char *text = "inspectors = 40\ninspections = 80000\ncaseload_shape = 1000\n"
                       "categories = a, b, c, d\n"
                       "thresholds = -1, 0.5, 2\nschool s = A:0.5, B:0.5\n"
                       "effect s[B] = 0.2, 0.5, 1.0\n";
    const double theta[3] = {-1, 0.5, 2}, eff[3] = {0.2, 0.5, 1.0};
    icstat_sim_spec *s = NULL;
    icstat_error err;
    assert_int_equal(icstat_sim_spec_parse("t.spec", text, &s, &err), ICSTAT_OK);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 5);
    icstat_sim_output out;
    assert_int_equal(icstat_simulate(s, rng, &out, &err), ICSTAT_OK);
    char *csv = render(out.inspections);
    icstat_table *t = NULL;
    assert_int_equal(icstat_table_read_buffer("sim", csv, strlen(csv), &t, &err), ICSTAT_OK);
    const long gc = icstat_table_find(t, "grade"), sc = icstat_table_find(t, "s");
    double n[2] = {0, 0}, below[2][3] = {{0}};
    for (size_t i = 0; i < t->nrow; i++) {
        const int b = strcmp(t->cols[sc].text[i], "B") == 0;
        n[b]++;
        for (int j = 0; j < 3; j++)
            below[b][j] += t->cols[gc].num[i] <= j + 1;
    }
    for (int b = 0; b < 2; b++)
        for (int j = 0; j < 3; j++) {
            const double p = 1.0 / (1.0 + exp(-(theta[j] - (b ? eff[j] : 0.0))));
            assert_close(below[b][j] / n[b], p, 4.0 * sqrt(p * (1 - p) / n[b]));
        }
    icstat_table_free(t);
    free(csv);
    icstat_sim_output_free(&out);
    gsl_rng_free(rng);
    icstat_sim_spec_free(s);
}

static void simulate_text(unsigned long seed, char **inspections, char **doubles)
{
    icstat_sim_spec *s = NULL;
    icstat_error err;
    assert_int_equal(icstat_sim_spec_parse("recovery.spec", spec_text, &s, &err), ICSTAT_OK);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    icstat_sim_output out;
    assert_int_equal(icstat_simulate(s, rng, &out, &err), ICSTAT_OK);
    *inspections = render(out.inspections);
    *doubles = render(out.doubles);
    icstat_sim_output_free(&out);
    gsl_rng_free(rng);
    icstat_sim_spec_free(s);
}

static void test_reproducible(void **state)
{
    (void)state;
    char *a, *b, *c, *da, *db, *dc;
    simulate_text(11, &a, &da);
    simulate_text(11, &b, &db);
    simulate_text(12, &c, &dc);
    assert_string_equal(a, b);
    assert_string_equal(da, db);
    assert_true(strcmp(a, c) != 0);
    free(a), free(b), free(c), free(da), free(db), free(dc);
}

/* simulate -> fit: every parameter within three standard errors of the
 * spec's value (fixed seed), with the signs and scales the spec states. */
static void test_recovery(void **state)
{
    (void)state;
    char *csv, *doubles;
    simulate_text(20261125, &csv, &doubles);
    icstat_table *t = NULL;
    icstat_design *d = NULL;
    icstat_clm_fit *f = NULL;
    icstat_error err;
    assert_int_equal(icstat_table_read_buffer("sim", csv, strlen(csv), &t, &err), ICSTAT_OK);
    const char *terms[] = {"gender", "phase", "fsm"};
    icstat_design_spec spec = {.outcome = "grade", .terms = terms, .n_terms = 3,
                               .group = "inspector", .lag_previous = "inspection_date"};
    icstat_clm_options opt = {.link = ICSTAT_LINK_LOGIT, .quad = 7};
    assert_int_equal(icstat_design_build(t, &spec, &d, &err), ICSTAT_OK);
    assert_int_equal(icstat_clm_fit_model(d, &opt, 1, &f, &err), ICSTAT_OK);
    const struct { const char *col; double truth; } want[] = {
        {"gender=male", -0.25}, {"phase=Secondary", 0.4}, {"fsm", 1.5},
        {"previous=2", 0.0},    {"previous=3", 0.0},      {"previous=4", -0.5},
    };
    for (size_t w = 0; w < sizeof want / sizeof *want; w++) {
        size_t j = 0;
        while (j < d->p && strcmp(d->col_names[j], want[w].col) != 0)
            j++;
        assert_true(j < d->p);
        const double est = f->par[f->k1 + j], se = icstat_clm_se(f, f->k1 + j);
        assert_close(est, want[w].truth, 3.0 * se);
    }
    /* Thresholds shift with the reference levels: previous=Outstanding is
     * the reference, its effect 0 as in the spec, so they are comparable. */
    const double thr[3] = {-2.0, 1.2, 3.0};
    for (size_t j = 0; j < 3; j++)
        assert_close(f->par[j], thr[j], 3.0 * icstat_clm_se(f, j));
    const size_t it = f->npar - 1;
    assert_close(exp(f->par[it]), 0.6, 3.0 * exp(f->par[it]) * icstat_clm_se(f, it));
    icstat_clm_fit_free(f);
    icstat_design_free(d);
    icstat_table_free(t);
    free(csv);
    free(doubles);
}

/* A Bokhove-sized data set (35,751 inspections, 1,376 inspectors) on which
 * the Laplace fit once stopped with "did not converge" (largest gradient
 * 1.3e-4): the gradient of a sum over so many rows cannot be driven below
 * a fixed bound.  It must converge, and agree with 7-point quadrature. */
static void test_large_fit_converges(void **state)
{
    (void)state;
    const char *text = "inspectors = 1376\ninspections = 35751\ncategories = 1, 2, 3, 4\n"
                       "inspector_sd = 0.5\n"
                       "thresholds = -2.4423470353692043, 0.61903920840622351, 2.9444389791664403\n"
                       "inspector characteristic = without:0.54, with:0.46\n"
                       "effect characteristic[with] = -0.16251892949777494\n";
    icstat_sim_spec *s = NULL;
    icstat_error err;
    assert_int_equal(icstat_sim_spec_parse("t.spec", text, &s, &err), ICSTAT_OK);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 33);
    icstat_sim_output out;
    assert_int_equal(icstat_simulate(s, rng, &out, &err), ICSTAT_OK);
    char *csv = render(out.inspections);
    icstat_table *t = NULL;
    icstat_design *d = NULL;
    assert_int_equal(icstat_table_read_buffer("sim", csv, strlen(csv), &t, &err), ICSTAT_OK);
    const char *terms[] = {"characteristic"};
    const char *refs[] = {"characteristic=without"};
    icstat_design_spec spec = {.outcome = "grade", .terms = terms, .n_terms = 1, .refs = refs,
                               .n_refs = 1, .group = "inspector"};
    assert_int_equal(icstat_design_build(t, &spec, &d, &err), ICSTAT_OK);
    icstat_clm_fit *f1 = NULL, *f7 = NULL;
    icstat_clm_options laplace = {.link = ICSTAT_LINK_LOGIT, .quad = 1},
                       agq = {.link = ICSTAT_LINK_LOGIT, .quad = 7};
    if (icstat_clm_fit_model(d, &laplace, 1, &f1, &err) != ICSTAT_OK)
        fail_msg("Laplace: %s", err.msg);
    assert_int_equal(icstat_clm_fit_model(d, &agq, 1, &f7, &err), ICSTAT_OK);
    for (size_t i = 0; i < f1->npar; i++)
        assert_close(f1->par[i], f7->par[i], 0.1 * icstat_clm_se(f7, i));
    icstat_clm_fit_free(f1);
    icstat_clm_fit_free(f7);
    icstat_design_free(d);
    icstat_table_free(t);
    free(csv);
    icstat_sim_output_free(&out);
    gsl_rng_free(rng);
    icstat_sim_spec_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_errors),
        cmocka_unit_test(test_seed_range),
        cmocka_unit_test(test_distinct_days),
        cmocka_unit_test(test_many_names),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_threshold_effects),
        cmocka_unit_test(test_large_fit_converges),
        cmocka_unit_test(test_recovery),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
