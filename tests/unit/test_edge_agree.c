/* test_edge_agree.c — agreement on degenerate data: perfect agreement and
 * disagreement, one category used by everyone, units rated once, two
 * units, ICC without variance, weights over a single category.  Each case
 * gives a number (checked against irrCAC or psych where they define one,
 * or against the limit worked by hand) or NA with its reason; never an
 * unexplained NaN or infinity.
 *
 * Reference values: tests/fixtures/edge_agree_values.csv (irrCAC) and
 * edge_icc_values.csv (psych::ICC), recorded by tests/r/edge_agree_reference.R
 * from the data in tests/fixtures/edge/.  Tolerance 1e-12 for irrCAC (same
 * formulas; irrCAC's 1e-50 and 2e-16 stand for a zero variance) and 1e-9
 * for psych (whose ANOVA leaves MSE at 1e-31 where it is 0). */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_rng.h>

#include "icstat/agree.h"
#include "icstat/icc.h"
#include "icstat/table.h"
#include "test_util.h"

#define TOL 1e-12

static icstat_ratings *edge_ratings(const char *dataset, const char *const *cats, size_t ncat)
{
    char path[256];
    snprintf(path, sizeof path, "tests/fixtures/edge/%s.csv", dataset);
    icstat_table *t = fixture_read(path);
    icstat_ratings *r = NULL;
    icstat_error err;
    icstat_ratings_spec spec = {.categories = cats, .n_categories = ncat};
    if (icstat_ratings_from_table(t, &spec, &r, &err) != ICSTAT_OK)
        fail_msg("%s: %s", path, err.msg);
    icstat_table_free(t);
    return r;
}

static icstat_agree_result *edge_estimate(const char *dataset, const char *const *cats,
                                          size_t ncat, const icstat_agree_options *opt)
{
    icstat_ratings *r = edge_ratings(dataset, cats, ncat);
    icstat_agree_result *res = NULL;
    icstat_error err;
    if (icstat_agree_estimate(r, opt, &res, &err) != ICSTAT_OK)
        fail_msg("%s: %s", dataset, err.msg);
    icstat_ratings_free(r);
    return res;
}

/* Nothing undefined without a reason: every NaN in a row has a note. */
static void assert_explained(const icstat_agree_result *res)
{
    for (size_t i = 0; i < res->n_coef; i++) {
        const icstat_coef *c = &res->coef[i];
        const double v[] = {c->estimate, c->ci_low, c->ci_high, c->p_value};
        int undefined = 0;
        for (size_t j = 0; j < sizeof v / sizeof *v; j++) {
            assert_false(isinf(v[j]));
            undefined |= isnan(v[j]);
        }
        /* se, pa and pe of the ICC rows are NA by design (a result note says so). */
        if (strncmp(c->name, "icc_", 4) != 0) {
            undefined |= isnan(c->se) || isnan(c->pa) || isnan(c->pe);
            assert_false(isinf(c->se));
        }
        if (undefined && !c->note[0])
            fail_msg("%s has an NA without a note", c->name);
    }
}

/* Every row of edge_agree_values.csv against icstat on the same data.
 * Where irrCAC and icstat part on purpose the row says so:
 *   - one observed category, irrCAC's default categories: irrCAC puts
 *     chance agreement at 1e-15 and reports 1 for every coefficient;
 *     icstat leaves the kappas NA (chance agreement 1), so only percent
 *     agreement, AC1 and Brennan-Prediger estimates are compared;
 *   - the same data with categ.labels 1;2: AC1 and Brennan-Prediger on a
 *     scale of two categories, which is what icstat reports for one
 *     observed category (estimate and se; pe depends on the scale). */
static void irrcac_edge_values(void **state)
{
    (void)state;
    icstat_table *t = fixture_read("tests/fixtures/edge_agree_values.csv");
    const char *four[] = {"1", "2", "3", "4"};
    size_t compared = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        const char *ds = fixture_cell(t, "dataset", i), *cats = fixture_cell(t, "categories", i);
        const char *wname = fixture_cell(t, "weights", i), *coef = fixture_cell(t, "coefficient", i);
        icstat_agree_options opt = agree_defaults();
        opt.weights = (icstat_weights_kind)icstat_weights_lookup(wname);
        const int q1_default = strcmp(ds, "agree_onecat") == 0 && strcmp(cats, "observed") == 0;
        const int q1_scale2 = strcmp(cats, "1;2") == 0;
        const int gwet_bp_pa = strcmp(coef, "gwet_ac") == 0 ||
                               strcmp(coef, "brennan_prediger") == 0 ||
                               strcmp(coef, "percent_agreement") == 0;
        if ((q1_default || q1_scale2) && !gwet_bp_pa)
            continue;
        const int fixed4 = strcmp(cats, "1;2;3;4") == 0;
        icstat_agree_result *res = edge_estimate(ds, fixed4 ? four : NULL, fixed4 ? 4 : 0, &opt);
        assert_explained(res);
        const icstat_coef *c = find_coef(res, coef);
        const double est = fixture_num(t, "estimate", i), se = fixture_num(t, "se", i);
        const double pa = fixture_num(t, "pa", i), pe = fixture_num(t, "pe", i);
        assert_close(c->estimate, est, TOL);
        if (!q1_default) {
            assert_close(c->se, se, TOL);
            assert_close(c->pa, pa, TOL);
            if (!q1_scale2 || strcmp(coef, "brennan_prediger") != 0)
                assert_close(c->pe, pe, TOL);
        }
        compared++;
        icstat_agree_result_free(res);
    }
    assert_int_equal(compared, 66);
    icstat_table_free(t);
}

/* Perfect agreement: every coefficient 1 with se 0, a point interval
 * [1, 1] (Gwet's linearised variance is 0 when every unit adds the same)
 * and a note that says what a zero-width interval means; p = 0. */
static void perfect_agreement(void **state)
{
    (void)state;
    const char *sets[] = {"agree_perfect", "agree_perfect3"};
    for (size_t s = 0; s < 2; s++) {
        icstat_agree_options opt = agree_defaults();
        opt.alpha_metric = ICSTAT_METRIC_ORDINAL;
        icstat_agree_result *res = edge_estimate(sets[s], NULL, 0, &opt);
        assert_explained(res);
        assert_int_equal(res->n_coef, s == 0 ? 10 : 7);
        for (size_t i = 0; i < res->n_coef; i++) {
            const icstat_coef *c = &res->coef[i];
            assert_close(c->estimate, 1.0, TOL);
            assert_close(c->se, 0.0, TOL);
            assert_close(c->ci_low, 1.0, TOL);
            assert_close(c->ci_high, 1.0, TOL);
            assert_close(c->p_value, 0.0, 0.0);
            assert_non_null(strstr(c->note, "standard error 0"));
        }
        icstat_agree_result_free(res);
    }
}

/* Two raters, two categories, always opposite: the kappa family is -1
 * (irrCAC values in irrcac_edge_values); Krippendorff's alpha is
 * 1 - (N - 1) D_o / D_e' = 1 - 11 * 1 / (72 / 12) ... = -5/6 with its
 * small-sample term (12 values, 6 in each category: D_e = 72 / 132).
 * Percent agreement is 0 with se 0, so its p-value is NA with the reason. */
static void perfect_disagreement(void **state)
{
    (void)state;
    icstat_agree_options opt = agree_defaults();
    icstat_agree_result *res = edge_estimate("agree_opposite", NULL, 0, &opt);
    assert_explained(res);
    const char *minus_one[] = {"cohen_kappa", "scott_pi", "pabak", "fleiss_kappa",
                               "conger_kappa", "gwet_ac", "brennan_prediger"};
    for (size_t i = 0; i < sizeof minus_one / sizeof *minus_one; i++) {
        const icstat_coef *c = find_coef(res, minus_one[i]);
        assert_close(c->estimate, -1.0, TOL);
        assert_close(c->ci_low, -1.0, TOL);
        assert_close(c->ci_high, -1.0, TOL);
    }
    assert_close(find_coef(res, "krippendorff_alpha")->estimate, 1.0 - 1.0 / (72.0 / 132.0), TOL);
    const icstat_coef *pa = find_coef(res, "percent_agreement");
    assert_close(pa->estimate, 0.0, 0.0);
    assert_close(pa->se, 0.0, 0.0);
    assert_true(isnan(pa->p_value));
    assert_non_null(strstr(pa->note, "no test (p_value NA)"));
    icstat_agree_result_free(res);
}

/* Everyone uses one category.  Chance agreement is 1 for the kappas
 * (0/0: NA with the reason); percent agreement is 1; Gwet's AC and
 * Brennan-Prediger (and PABAK) are 1 on any scale of two or more
 * categories, so they are reported as 1 with the standard error they have
 * on such a scale (irrCAC: 0.25 here, from the unit rated once) and, for
 * BP, pe NA since 1/q needs the scale.  With the scale given, BP's pe is
 * 1/4 (identity) and 13/18 (quadratic: T_w = 4 + 6 (8/9 + 5/9 + 0)... as
 * irrCAC), and AC's pe is 0. */
static void one_category(void **state)
{
    (void)state;
    for (int w = 0; w < 2; w++) {
        icstat_agree_options opt = agree_defaults();
        opt.weights = w ? ICSTAT_W_QUADRATIC : ICSTAT_W_IDENTITY;
        icstat_agree_result *res = edge_estimate("agree_onecat", NULL, 0, &opt);
        assert_explained(res);
        assert_int_equal(res->categories, 1);
        const char *undefined[] = {"fleiss_kappa", "conger_kappa", "krippendorff_alpha"};
        for (size_t i = 0; i < 3; i++) {
            const icstat_coef *c = find_coef(res, undefined[i]);
            assert_true(isnan(c->estimate) && isnan(c->se) && isnan(c->ci_low));
            assert_close(c->pe, 1.0, TOL);
            assert_non_null(strstr(c->note, "chance agreement is 1"));
        }
        const icstat_coef *ac = find_coef(res, "gwet_ac"), *bp = find_coef(res, "brennan_prediger");
        assert_close(ac->estimate, 1.0, TOL);
        assert_close(ac->se, 0.25, TOL);
        assert_close(ac->pe, 0.0, TOL);
        assert_non_null(strstr(ac->note, "only one category on the scale"));
        assert_close(bp->estimate, 1.0, TOL);
        assert_close(bp->se, 0.25, TOL);
        assert_true(isnan(bp->pe));
        assert_non_null(strstr(bp->note, "(pe NA)"));
        assert_close(find_coef(res, "percent_agreement")->estimate, 1.0, TOL);
        icstat_agree_result_free(res);
    }
    const char *four[] = {"1", "2", "3", "4"};
    icstat_agree_options opt = agree_defaults();
    icstat_agree_result *res = edge_estimate("agree_onecat", four, 4, &opt);
    assert_explained(res);
    assert_close(find_coef(res, "brennan_prediger")->pe, 0.25, TOL);
    assert_close(find_coef(res, "gwet_ac")->pe, 0.0, TOL);
    assert_true(isnan(find_coef(res, "fleiss_kappa")->estimate));
    icstat_agree_result_free(res);

    /* Two raters, one category: Cohen and Scott NA, PABAK 1. */
    icstat_error err;
    icstat_table *t = NULL;
    const char *csv = "u,a,b\n1,Good,Good\n2,Good,Good\n3,Good,Good\n";
    assert_int_equal(icstat_table_read_buffer("good.csv", csv, strlen(csv), &t, &err), ICSTAT_OK);
    icstat_ratings_spec spec = {0};
    icstat_ratings *r = NULL;
    assert_int_equal(icstat_ratings_from_table(t, &spec, &r, &err), ICSTAT_OK);
    assert_int_equal(icstat_agree_estimate(r, &opt, &res, &err), ICSTAT_OK);
    assert_explained(res);
    assert_true(isnan(find_coef(res, "cohen_kappa")->estimate));
    assert_true(isnan(find_coef(res, "scott_pi")->estimate));
    assert_close(find_coef(res, "pabak")->estimate, 1.0, TOL);
    assert_close(find_coef(res, "pabak")->se, 0.0, TOL);
    assert_true(isnan(find_coef(res, "pabak")->pe));
    icstat_agree_result_free(res);
    icstat_ratings_free(r);
    icstat_table_free(t);
}

/* Weights over a single category: every family is the 1x1 matrix [1]
 * (no spread to scale by), and every coefficient behaves as above. */
static void weights_single_category(void **state)
{
    (void)state;
    const double x[] = {3.0};
    icstat_error err;
    for (int k = 0; k < ICSTAT_W_COUNT; k++) {
        double w = NAN;
        assert_int_equal(icstat_weights_fill((icstat_weights_kind)k, x, 1, &w, &err), ICSTAT_OK);
        assert_close(w, 1.0, 0.0);
        icstat_agree_options opt = agree_defaults();
        opt.weights = (icstat_weights_kind)k;
        opt.alpha_metric = ICSTAT_METRIC_INTERVAL;
        icstat_agree_result *res = edge_estimate("agree_onecat", NULL, 0, &opt);
        assert_explained(res);
        assert_close(find_coef(res, "gwet_ac")->estimate, 1.0, TOL);
        assert_close(find_coef(res, "brennan_prediger")->estimate, 1.0, TOL);
        assert_true(isnan(find_coef(res, "krippendorff_alpha_metric")->estimate));
        icstat_agree_result_free(res);
    }
}

/* Units rated once: not in observed agreement (units = the 4 rated twice
 * or more); kept in chance agreement and in n for the Gwet family; left
 * out of Krippendorff's alpha and its variance (its pe comes from the
 * pairable values alone: irrCAC's 0.4305556 in irrcac_edge_values).  The
 * t intervals use 6 - 1 = 5 degrees of freedom for every coefficient, as
 * irrCAC's do (tests/fixtures/irrcac_df.csv). */
static void single_ratings(void **state)
{
    (void)state;
    icstat_agree_options opt = agree_defaults();
    icstat_agree_result *res = edge_estimate("agree_single", NULL, 0, &opt);
    assert_explained(res);
    assert_int_equal(res->units, 6);
    assert_int_equal(res->units_single, 2);
    const char *names[] = {"percent_agreement", "fleiss_kappa", "conger_kappa", "gwet_ac",
                           "brennan_prediger", "krippendorff_alpha"};
    for (size_t i = 0; i < 6; i++) {
        const icstat_coef *c = find_coef(res, names[i]);
        assert_int_equal(c->units, 4);
        assert_close(c->df, 5.0, 0.0);
    }
    /* The chance-agreement shares: Fleiss' pi_k averages every unit's
     * shares, the two single ratings (1 and 3) included:
     * pi = (1/3 + 0 + 1 + 1/3 + 0 + 0, 2/3 + 0 + 0 + 2/3 + 0 + 1, 0 + 1 + 0 + 0 + 1 + 0) / 6. */
    const double pi[3] = {(1.0 / 3 + 1 + 1.0 / 3) / 6, (2.0 / 3 + 2.0 / 3 + 1) / 6, 2.0 / 6};
    assert_close(find_coef(res, "fleiss_kappa")->pe, pi[0] * pi[0] + pi[1] * pi[1] + pi[2] * pi[2],
                 TOL);
    assert_int_equal(res->n_notes, 1);
    assert_non_null(strstr(res->notes[0], "2 units with a single rating"));
    assert_non_null(strstr(res->notes[0], "Krippendorff's alpha leaves them out of the "
                                          "coefficient and its variance"));
    assert_non_null(strstr(res->notes[0], "t intervals use all 6 units"));
    icstat_agree_result_free(res);
}

/* Two units: t on 1 degree of freedom.  At --conf 0.5 its quantile is
 * tan(pi/4) = 1, so the interval is estimate +/- se exactly (Scott's pi
 * -1/3 +/- 0.3142697 stays inside [-1, 1]); at 0.95 it is 12.7062 and the
 * intervals clip.  Cohen's kappa is 0 with se 0 (the second rater is
 * constant): p is NA with the reason.  The bootstrap still runs and says
 * how few distinct resamples two units have (3). */
static void two_units(void **state)
{
    (void)state;
    icstat_agree_options opt = agree_defaults();
    opt.conf = 0.5;
    icstat_ratings *r = edge_ratings("agree_twounits", NULL, 0);
    icstat_agree_result *res = NULL;
    icstat_error err;
    assert_int_equal(icstat_agree_estimate(r, &opt, &res, &err), ICSTAT_OK);
    assert_explained(res);
    const icstat_coef *scott = find_coef(res, "scott_pi");
    assert_close(scott->df, 1.0, 0.0);
    assert_close(scott->ci_low, scott->estimate - scott->se, TOL);
    assert_close(scott->ci_high, scott->estimate + scott->se, TOL);
    assert_close(scott->p_value, 1.0 - 2.0 * atan(1.0 / 0.3142696805273545 / 3.0) / M_PI, 1e-9);
    const icstat_coef *cohen = find_coef(res, "cohen_kappa");
    assert_close(cohen->estimate, 0.0, TOL);
    assert_true(isnan(cohen->p_value));
    assert_non_null(strstr(cohen->note, "no test"));
    icstat_agree_result_free(res);

    opt.conf = 0.95;
    assert_int_equal(icstat_agree_estimate(r, &opt, &res, &err), ICSTAT_OK);
    const icstat_coef *fl = find_coef(res, "fleiss_kappa");
    assert_close(fl->ci_low, -1.0, 0.0); /* -1/3 - 12.7062 * 4/9, clipped */
    assert_close(fl->ci_high, 1.0, 0.0);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 1);
    assert_int_equal(icstat_agree_bootstrap(r, &opt, res, 200, rng, NULL, NULL, &err), ICSTAT_OK);
    assert_explained(res);
    for (size_t i = 0; i < res->n_coef; i++) {
        const icstat_coef *c = &res->coef[i];
        assert_true(c->ci_low >= -1.0 && c->ci_high <= 1.0 && c->ci_low <= c->ci_high);
    }
    int said = 0;
    for (size_t i = 0; i < res->n_notes; i++)
        said |= strstr(res->notes[i], "2 units have only 3 distinct resamples") != NULL;
    assert_true(said);
    gsl_rng_free(rng);
    icstat_agree_result_free(res);
    icstat_ratings_free(r);
}

static icstat_agree_result *icc_of(const char *dataset)
{
    icstat_agree_options opt = agree_defaults();
    opt.icc = 1;
    icstat_agree_result *res = edge_estimate(dataset, NULL, 0, &opt);
    assert_explained(res);
    return res;
}

/* ICC against psych where psych's mean squares are not 0/0.  icc_offset:
 * MSE = 0 (each rater adds a constant), so ICC(3) is 1 with [1, 1] (psych:
 * 1 from MSE = 1e-31); ICC(2)'s interval uses the limit k - 1 of
 * Satterthwaite's df, as psych's near-zero MSE does.  icc_lowlimit: ICC(2,1)'s
 * lower limit -1.08 lies below -1/(k-1) = -1, where psych's step-up to
 * ICC(2,k) gives 26.5 (above the estimate); icstat gives NA with the reason. */
static void icc_psych(void **state)
{
    (void)state;
    icstat_table *t = fixture_read("tests/fixtures/edge_icc_values.csv");
    for (size_t i = 0; i < t->nrow; i++) {
        const char *ds = fixture_cell(t, "dataset", i), *name = fixture_cell(t, "coefficient", i);
        icstat_agree_result *res = icc_of(ds);
        const icstat_coef *c = find_coef(res, name);
        assert_close(c->estimate, fixture_num(t, "estimate", i), 1e-9);
        assert_close(c->ci_high, fixture_num(t, "ci_high", i), 1e-9);
        if (strcmp(ds, "icc_lowlimit") == 0 && strcmp(name, "icc_2_k") == 0) {
            assert_true(fixture_num(t, "ci_low", i) > c->estimate); /* psych's */
            assert_true(isnan(c->ci_low));
            assert_non_null(strstr(c->note, "below -1/(k-1)"));
        } else {
            assert_close(c->ci_low, fixture_num(t, "ci_low", i), 1e-9);
        }
        const double p = fixture_num(t, "p_value", i);
        assert_close(c->p_value, p, 1e-9 * (p > 1e-6 ? 1.0 : 0.0) + 1e-15);
        icstat_agree_result_free(res);
    }
    icstat_table_free(t);
}

/* ICC limits worked by hand.
 * icc_perfect (every rater gives each target the same score): MSW = MSE
 * = 0, all six forms 1 with F intervals [1, 1], p = 0.
 * icc_targets0 (every target scored 1, 2, 4 by the three raters): MSR =
 * MSE = 0.  ICC(1,1) = -MSW / (2 MSW) = -1/2, its interval collapsed
 * there and p = 1; ICC(1,k) has no finite value (NA); ICC(2) = 0 / (k MSC
 * / n) = 0 with [0, 0] and no p (F = 0/0); ICC(3) = 0/0 (NA).
 * icc_constant (every score 3): all NA, "no variation".
 * Identical scores of 0.1 and perfect agreement on scores near 1e6 show
 * that rounding noise in the sums of squares is not taken for variation. */
static void icc_limits(void **state)
{
    (void)state;
    icstat_agree_result *res = icc_of("icc_perfect");
    const char *forms[] = {"icc_1_1", "icc_2_1", "icc_3_1", "icc_1_k", "icc_2_k", "icc_3_k"};
    for (size_t f = 0; f < 6; f++) {
        const icstat_coef *c = find_coef(res, forms[f]);
        assert_close(c->estimate, 1.0, TOL);
        assert_close(c->ci_low, 1.0, TOL);
        assert_close(c->ci_high, 1.0, TOL);
        assert_close(c->p_value, 0.0, 0.0);
        assert_true(c->note[0] != '\0');
    }
    icstat_agree_result_free(res);

    res = icc_of("icc_targets0");
    const icstat_coef *c = find_coef(res, "icc_1_1");
    assert_close(c->estimate, -0.5, TOL);
    assert_close(c->ci_low, -0.5, TOL);
    assert_close(c->ci_high, -0.5, TOL);
    assert_close(c->p_value, 1.0, TOL);
    c = find_coef(res, "icc_1_k");
    assert_true(isnan(c->estimate) && isnan(c->ci_low) && isnan(c->ci_high));
    assert_non_null(strstr(c->note, "no finite value"));
    for (size_t f = 1; f < 6; f += 3) {
        c = find_coef(res, forms[f]);
        assert_close(c->estimate, 0.0, TOL);
        assert_close(c->ci_low, 0.0, TOL);
        assert_close(c->ci_high, 0.0, TOL);
        assert_true(isnan(c->p_value));
        assert_non_null(strstr(c->note, "0/0 gives no p-value"));
        c = find_coef(res, forms[f + 1]);
        assert_true(isnan(c->estimate));
        assert_non_null(strstr(c->note, "MSR = MSE = 0"));
    }
    icstat_agree_result_free(res);

    res = icc_of("icc_constant");
    for (size_t f = 0; f < 6; f++) {
        c = find_coef(res, forms[f]);
        assert_true(isnan(c->estimate) && isnan(c->p_value));
        assert_non_null(strstr(c->note, "no variation among the scores"));
    }
    icstat_agree_result_free(res);

    icstat_icc out[ICSTAT_ICC_FORMS];
    icstat_error err;
    const double tenth[9] = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    assert_int_equal(icstat_icc_compute(tenth, 3, 3, NULL, 0.95, out, &err), ICSTAT_OK);
    for (int f = 0; f < ICSTAT_ICC_FORMS; f++)
        assert_true(isnan(out[f].estimate) && out[f].note);
    double big[12];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 3; j++)
            big[i * 3 + j] = 1e6 + 0.1 * i;
    assert_int_equal(icstat_icc_compute(big, 4, 3, NULL, 0.95, out, &err), ICSTAT_OK);
    for (int f = 0; f < ICSTAT_ICC_FORMS; f++) {
        assert_close(out[f].estimate, 1.0, 1e-12);
        assert_close(out[f].ci_low, 1.0, 1e-12);
    }
}

/* The bootstrap on data with se 0 or NA coefficients: every replicate of
 * perfect agreement is 1, so the percentile interval is [1, 1]; with one
 * category the kappas stay NA in every replicate and say so. */
static void bootstrap_degenerate(void **state)
{
    (void)state;
    icstat_agree_options opt = agree_defaults();
    opt.icc = 1;
    const char *sets[] = {"icc_perfect", "agree_onecat"};
    for (int s = 0; s < 2; s++) {
        opt.icc = s == 0;
        icstat_ratings *r = edge_ratings(sets[s], NULL, 0);
        icstat_agree_result *res = NULL;
        icstat_error err;
        assert_int_equal(icstat_agree_estimate(r, &opt, &res, &err), ICSTAT_OK);
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        gsl_rng_set(rng, 3);
        assert_int_equal(icstat_agree_bootstrap(r, &opt, res, 100, rng, NULL, NULL, &err),
                         ICSTAT_OK);
        assert_explained(res);
        for (size_t i = 0; i < res->n_coef; i++) {
            const icstat_coef *c = &res->coef[i];
            if (isnan(c->estimate))
                continue;
            assert_close(c->ci_low, 1.0, TOL);
            assert_close(c->ci_high, 1.0, TOL);
        }
        gsl_rng_free(rng);
        icstat_agree_result_free(res);
        icstat_ratings_free(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(irrcac_edge_values),   cmocka_unit_test(perfect_agreement),
        cmocka_unit_test(perfect_disagreement), cmocka_unit_test(one_category),
        cmocka_unit_test(weights_single_category), cmocka_unit_test(single_ratings),
        cmocka_unit_test(two_units),            cmocka_unit_test(icc_psych),
        cmocka_unit_test(icc_limits),           cmocka_unit_test(bootstrap_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
