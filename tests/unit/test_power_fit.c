/* test_power_fit.c — the simulated power of `icstat fit` for a
 * characteristic: the type I error at the nominal level, the standard
 * error and power that Whitehead's (1993) formula predicts, unbiased
 * estimates and nominal coverage, results independent of the number of
 * threads, the spec path with a numeric school characteristic, failed
 * replicates counted as not rejecting, and the refusals.
 *
 * Bands are binomial: with R replicates a share has Monte Carlo sd
 * sqrt(p (1 - p) / R), and each band below is wide enough (99.9%, or the
 * stated multiple of that sd plus an approximation error) that a correct
 * engine fails it about once in a thousand runs at most; the seeds are
 * fixed, so the outcome is in fact the same every run. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "icstat/power_fit.h"
#include "icstat/simulate.h"
#include "icstat/strlist.h"
#include "test_util.h"

static const double ofsted[4] = {0.08, 0.57, 0.30, 0.05};

static icstat_sim_spec *shortcut(double odds_ratio, double share, double sd, size_t n,
                                 size_t g)
{
    icstat_power_fit_shortcut sc = {"model", odds_ratio, share, ofsted, 4, sd, ICSTAT_LINK_LOGIT,
                                    n, g};
    icstat_sim_spec *s = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_power_fit_shortcut_spec(&sc, &s, &err) != ICSTAT_OK)
        fail_msg("%s", err.msg);
    return s;
}

static icstat_power_fit_result *run(const icstat_sim_spec *s, const char *term, size_t n,
                                    size_t g, double sd, size_t reps, unsigned long seed,
                                    int threads)
{
    icstat_power_fit_spec ps = {s, term, n, g, sd, 1, reps, seed, 0.05, 0.95, threads, NULL,
                                NULL};
    icstat_power_fit_result *r = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_power_fit(&ps, &r, &err) != ICSTAT_OK)
        fail_msg("%s: %s", err.file, err.msg);
    return r;
}

/* The 99.9% central range of Binomial(reps, p) as shares: [lo, hi]. */
static void binomial_band(size_t reps, double p, double *lo, double *hi)
{
    unsigned int x = 0;
    while (gsl_cdf_binomial_P(x, p, (unsigned int)reps) < 0.0005)
        x++;
    *lo = (double)x / (double)reps;
    while (gsl_cdf_binomial_P(x, p, (unsigned int)reps) < 0.9995)
        x++;
    *hi = (double)x / (double)reps;
}

/* The shortcut's spec: thresholds at the logits of the cumulative shares,
 * the effect log(OR) on the 'with' level, the sizes given. */
static void test_shortcut_spec(void **state)
{
    (void)state;
    icstat_sim_spec *s = shortcut(0.85, 0.46, 0.5, 35751, 1376);
    assert_int_equal(s->k, 4);
    assert_int_equal(s->n_thresholds, 3);
    assert_close(s->thresholds[0], log(0.08 / 0.92), 1e-14);
    assert_close(s->thresholds[1], log(0.65 / 0.35), 1e-14);
    assert_close(s->thresholds[2], log(0.95 / 0.05), 1e-13);
    assert_int_equal(s->inspections, 35751);
    assert_int_equal(s->inspectors, 1376);
    assert_close(s->inspector_sd, 0.5, 0.0);
    assert_int_equal(s->n_vars, 1);
    const icstat_sim_var *v = &s->vars[0];
    assert_string_equal(v->name, "characteristic");
    assert_true(v->inspector_level);
    assert_string_equal(v->levels[0], "without");
    assert_string_equal(v->levels[1], "with");
    assert_close(v->shares[1], 0.46, 1e-15);
    assert_close(v->effects[1], log(0.85), 1e-15);
    char **names;
    double *truth;
    size_t n;
    assert_int_equal(icstat_power_fit_columns(s, "characteristic", &names, &truth, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(names[0], "characteristic=with");
    assert_close(truth[0], log(0.85), 1e-15);
    icstat_strlist_free(&names, &n);
    free(truth);
    icstat_sim_spec_free(s);
}

/* The study's defaults make a model (the shares add up to 1), at
 * Bokhove et al.'s size, and the caller's name is the spec's, in its
 * messages too (the command says "--odds-ratio model"). */
static void test_defaults_and_name(void **state)
{
    (void)state;
    const icstat_power_fit_defaults d = ICSTAT_POWER_FIT_DEFAULTS;
    icstat_power_fit_shortcut sc = {"--odds-ratio model", 0.85, 0.46, d.probs, d.k,
                                    d.inspector_sd, d.link, d.inspections, d.inspectors};
    icstat_sim_spec *s = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_power_fit_shortcut_spec(&sc, &s, &err), ICSTAT_OK);
    assert_string_equal(s->path, "--odds-ratio model");
    assert_int_equal(s->inspections, 35751);
    assert_int_equal(s->inspectors, 1376);
    assert_close(s->thresholds[0], log(0.08 / 0.92), 1e-14);
    icstat_sim_spec_free(s);
    assert_true(d.reps >= 2 && d.alpha > 0.0 && d.alpha < 1.0 && d.quad >= 1);
    /* Sizes the parsed spec refuses are reported under the name. */
    sc.name = "the model";
    sc.inspections = 2000000000;
    sc.inspectors = 2000000000;
    assert_int_not_equal(icstat_power_fit_shortcut_spec(&sc, &s, &err), ICSTAT_OK);
    assert_null(s);
    assert_string_equal(err.file, "the model");
}

/* (a) No effect: the share of studies that reject is the test's size. */
static void test_type_one_error(void **state)
{
    (void)state;
    const size_t reps = 400;
    icstat_sim_spec *s = shortcut(1.0, 0.5, 0.5, 3000, 150);
    icstat_power_fit_result *r = run(s, "characteristic", 3000, 150, 0.5, reps, 101, 0);
    assert_int_equal(r->n_coef, 1);
    assert_close(r->coef[0].truth, 0.0, 0.0);
    assert_int_equal(r->coef[0].failed, 0);
    double lo, hi;
    binomial_band(reps, 0.05, &lo, &hi); /* 0.0225 .. 0.0825 */
    assert_in_range(r->coef[0].rejected, (size_t)(lo * reps), (size_t)(hi * reps));
    assert_close(r->coef[0].power, (double)r->coef[0].rejected / (double)reps, 1e-15);
    /* The Wilson interval around it, as proportion.h computes it. */
    assert_true(r->coef[0].power_low < r->coef[0].power &&
                r->coef[0].power < r->coef[0].power_high);
    icstat_power_fit_result_free(r);
    icstat_sim_spec_free(s);
}

/* (b), (c) Whitehead (1993, Statistics in Medicine 12:2257): for a
 * proportional odds model comparing two groups with shares s and 1 - s of
 * N observations, var(log OR) ~ 3 / (N s (1 - s) (1 - sum pbar_j^3)),
 * pbar the category shares averaged over the groups.  With no inspector
 * effect (sd 0) and about two inspections per inspector the mixed fit is
 * close to the fixed-effects fit this formula is about.  Error budget for
 * mean_se (2%):
 *   - the formula against the exact expected information of this model
 *     (beta = 0.15, s = 0.5, these grade shares): 0.1%;
 *   - the realised share of inspections by inspectors 'with' varies
 *     around 0.5 (sd about 0.014 with gamma(1) caseloads), which changes
 *     1/sqrt(s (1 - s)) by about 2 sd^2: 0.04%;
 *   - replicates where sigma is estimated above 0 widen the se by the
 *     design effect of an inspector-level term, 1 + (m - 1) icc with
 *     m ~ 3 and icc ~ 0.01: about 1% in those replicates;
 *   - observed against expected information, and the Monte Carlo error
 *     of a mean of 400 se's varying by a few percent: under 0.2%.
 * The power Phi(|beta|/se - z_0.975) (the other tail adds 3e-6) then
 * carries the se's error (1% of z ~ 2.4 moves power by 0.01) and up to
 * 1% failed replicates besides the Monte Carlo sd sqrt(p (1 - p) / 400)
 * ~ 0.023, so the band is 3.3 sd (99.9%) + 0.02. */
static void test_whitehead(void **state)
{
    (void)state;
    const size_t reps = 400, n = 4000, g = 2000;
    const double beta = 0.15, share = 0.5;
    icstat_sim_spec *s = shortcut(exp(beta), share, 0.0, n, g);
    icstat_power_fit_result *r = run(s, "characteristic", n, g, 0.0, reps, 2024, 0);
    const icstat_power_fit_coef *c = &r->coef[0];
    /* With sigma truly 0 the mixed fit now and then stops just short of
     * its gradient tolerance at the boundary (1 replicate in 400 here);
     * such a study counts as not rejecting, which the band absorbs. */
    assert_in_range(c->failed, 0, reps / 100);

    double pbar3 = 0.0, cum = 0.0, below_without = 0.0, below_with = 0.0;
    for (int j = 0; j < 4; j++) {
        cum += ofsted[j];
        const double f0 = j < 3 ? cum : 1.0;
        const double f1 = j < 3 ? 1.0 / (1.0 + exp(-(log(cum / (1.0 - cum)) - beta))) : 1.0;
        const double pbar = (1.0 - share) * (f0 - below_without) + share * (f1 - below_with);
        pbar3 += pbar * pbar * pbar;
        below_without = f0;
        below_with = f1;
    }
    const double se_w = sqrt(3.0 / ((double)n * share * (1.0 - share) * (1.0 - pbar3)));
    assert_close(c->mean_se / se_w, 1.0, 0.02);
    const double z = gsl_cdf_ugaussian_Pinv(0.975);
    const double power_w = gsl_cdf_ugaussian_P(fabs(beta) / se_w - z);
    const double mc = sqrt(power_w * (1.0 - power_w) / (double)reps);
    assert_close(c->power, power_w, 3.3 * mc + 0.02);
    /* The sd of the estimates is the se (to the 3.5% sampling error of an
     * sd from 400 draws, x 3.3, plus the 2% above). */
    assert_close(c->sd / se_w, 1.0, 0.14);

    /* (c) Unbiased within 3 Monte Carlo se; 95% intervals cover ~95%. */
    assert_close(c->mean, beta, 3.0 * c->sd / sqrt((double)reps));
    double lo, hi;
    binomial_band(reps, 0.95, &lo, &hi);
    assert_in_range((size_t)lround(c->coverage * reps), (size_t)(lo * reps), (size_t)(hi * reps));
    icstat_power_fit_result_free(r);
    icstat_sim_spec_free(s);
}

/* (c) again with an inspector effect and an inspector-level term: the
 * mixed fit's estimate of log(0.7) is unbiased within 3 Monte Carlo se and
 * its 95% Wald intervals cover within the binomial 99.9% band. */
static void test_unbiased_mixed(void **state)
{
    (void)state;
    const size_t reps = 300;
    const double beta = log(0.7);
    icstat_sim_spec *s = shortcut(0.7, 0.4, 0.5, 3000, 150);
    icstat_power_fit_result *r = run(s, "characteristic", 3000, 150, 0.5, reps, 7, 0);
    const icstat_power_fit_coef *c = &r->coef[0];
    assert_int_equal(c->failed, 0);
    assert_close(c->truth, beta, 1e-15);
    assert_close(c->mean, beta, 3.0 * c->sd / sqrt((double)reps));
    double lo, hi;
    binomial_band(reps, 0.95, &lo, &hi);
    assert_in_range(lround(c->coverage * reps), (long)(lo * reps), (long)(hi * reps));
    /* The reported se's match the spread of the estimates (sd of an sd
     * from 300 draws: 4%; band 3.3 x that). */
    assert_close(c->mean_se / c->sd, 1.0, 0.14);
    icstat_power_fit_result_free(r);
    icstat_sim_spec_free(s);
}

static const char *tiny_spec =
    "inspectors = 60\n"
    "inspections = 1500\n"
    "categories = low, mid, high\n"
    "thresholds = -1, 1.2\n"
    "inspector_sd = 0.4\n"
    "school size = normal(0, 1, 2)\n"
    "inspector role = HMI:0.3, OI:0.7\n"
    "effect size = 0.3\n"
    "effect role[OI] = -0.2\n"
    "effect previous[high] = -0.3\n";

/* (e) The spec path: a numeric school characteristic is the coefficient
 * NAME with the spec's per-unit effect; with the previous grade in the
 * model (the spec has effect previous[...]) it is still unbiased and, at
 * z ~ 0.3 / 0.04, always detected. */
static void test_spec_numeric_term(void **state)
{
    (void)state;
    icstat_sim_spec *s = NULL;
    icstat_error err;
    assert_int_equal(icstat_sim_spec_parse("tiny.spec", tiny_spec, &s, &err), ICSTAT_OK);
    const size_t reps = 60;
    icstat_power_fit_result *r = run(s, "size", 1500, 60, 0.4, reps, 3, 0);
    assert_int_equal(r->n_coef, 1);
    const icstat_power_fit_coef *c = &r->coef[0];
    assert_string_equal(c->name, "size");
    assert_close(c->truth, 0.3, 0.0);
    assert_int_equal(c->failed, 0);
    assert_close(c->mean, 0.3, 3.0 * c->sd / sqrt((double)reps));
    assert_close(c->power, 1.0, 0.0);
    /* se of a slope on a N(0, 1) covariate, 1500 rows, 3 categories:
     * about sqrt(3 / (1500 (1 - sum p^3))) ~ 0.05. */
    assert_in_range(lround(c->mean_se * 1000), 40, 60);
    icstat_power_fit_result_free(r);

    /* The levelled one: each level but the first. */
    char **names;
    double *truth;
    size_t n;
    assert_int_equal(icstat_power_fit_columns(s, "role", &names, &truth, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(names[0], "role=OI");
    assert_close(truth[0], -0.2, 0.0);
    icstat_strlist_free(&names, &n);
    free(truth);
    icstat_sim_spec_free(s);
}

/* (d) Threads change nothing, failures included: with a rare level some
 * replicates have no inspector holding it; they count as not rejecting
 * and the first of them (by number, not by finishing time) is named. */
static void test_threads_and_failures(void **state)
{
    (void)state;
    const char *rare = "inspectors = 20\ninspections = 300\ncategories = a, b, c\n"
                       "thresholds = -1, 1\ninspector_sd = 0.3\n"
                       "inspector rare = common:0.93, rare:0.07\neffect rare[rare] = 1\n";
    icstat_sim_spec *s = NULL;
    icstat_error err;
    assert_int_equal(icstat_sim_spec_parse("rare.spec", rare, &s, &err), ICSTAT_OK);
    icstat_power_fit_result *a = run(s, "rare", 300, 20, 0.3, 40, 5, 1);
    icstat_power_fit_result *b = run(s, "rare", 300, 20, 0.3, 40, 5, 2);
    icstat_power_fit_result *c = run(s, "rare", 300, 20, 0.3, 40, 5, 7);
    const icstat_power_fit_result *both[2] = {b, c};
    for (int i = 0; i < 2; i++) {
        const icstat_power_fit_coef *x = &a->coef[0], *y = &both[i]->coef[0];
        assert_memory_equal(&x->mean, &y->mean, sizeof x->mean);
        assert_memory_equal(&x->sd, &y->sd, sizeof x->sd);
        assert_memory_equal(&x->mean_se, &y->mean_se, sizeof x->mean_se);
        assert_memory_equal(&x->coverage, &y->coverage, sizeof x->coverage);
        assert_memory_equal(&x->power_low, &y->power_low, sizeof x->power_low);
        assert_int_equal(x->rejected, y->rejected);
        assert_int_equal(x->failed, y->failed);
        assert_int_equal(a->first_failed, both[i]->first_failed);
        assert_string_equal(a->first_failure, both[i]->first_failure);
    }
    /* P(no 'rare' among 20 inspectors) = 0.93^20 = 0.23: about 9 of 40. */
    assert_in_range(a->failed, 2, 20);
    assert_int_equal(a->coef[0].failed, a->failed);
    assert_true(a->coef[0].rejected <= 40 - a->failed);
    assert_close(a->coef[0].power, (double)a->coef[0].rejected / 40.0, 1e-15);
    assert_non_null(strstr(a->first_failure, "term 'rare' has no variation"));
    icstat_power_fit_result_free(a);
    icstat_power_fit_result_free(b);
    icstat_power_fit_result_free(c);
    icstat_sim_spec_free(s);
}

static void test_refusals(void **state)
{
    (void)state;
    icstat_sim_spec *s = NULL;
    icstat_error err;
    assert_int_equal(icstat_sim_spec_parse("tiny.spec", tiny_spec, &s, &err), ICSTAT_OK);
    icstat_power_fit_result *r = NULL;
    icstat_power_fit_spec ps = {s, "gender", 1500, 60, 0.4, 1, 10, 1, 0.05, 0.95, 1, NULL,
                                NULL};
    assert_int_equal(icstat_power_fit(&ps, &r, &err), ICSTAT_EUSAGE);
    assert_null(r);
    assert_string_equal(err.file, "tiny.spec");
    assert_string_equal(err.msg, "'gender' is not a characteristic in the spec (it has "
                                 "'size', 'role')");
    ps.term = "size";
    ps.inspectors = 1501;
    assert_int_equal(icstat_power_fit(&ps, &r, &err), ICSTAT_EUSAGE);
    assert_non_null(strstr(err.msg, "1500 inspections cannot give each of 1501 inspectors one"));
    ps.inspectors = 60;
    ps.reps = 1;
    assert_int_equal(icstat_power_fit(&ps, &r, &err), ICSTAT_EUSAGE);
    icstat_sim_spec_free(s);

    icstat_power_fit_shortcut sc = {"m", 0.85, 1.0, ofsted, 4, 0.5, ICSTAT_LINK_LOGIT, 100, 10};
    assert_int_equal(icstat_power_fit_shortcut_spec(&sc, &s, &err), ICSTAT_EUSAGE);
    assert_string_equal(err.msg, "the share must lie between 0 and 1 (got 1)");
    const double bad[3] = {0.5, 0.3, 0.1};
    sc = (icstat_power_fit_shortcut){"m", 0.85, 0.5, bad, 3, 0.5, ICSTAT_LINK_LOGIT, 100, 10};
    assert_int_equal(icstat_power_fit_shortcut_spec(&sc, &s, &err), ICSTAT_EUSAGE);
    assert_string_equal(err.msg, "category shares add up to 0.9, not 1");
    sc = (icstat_power_fit_shortcut){"m", 0.0, 0.5, ofsted, 4, 0.5, ICSTAT_LINK_LOGIT, 100, 10};
    assert_int_equal(icstat_power_fit_shortcut_spec(&sc, &s, &err), ICSTAT_EUSAGE);
    assert_null(s);
}

int main(void)
{
    /* As main() does: a replicate's singular matrix is a status, not an abort. */
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shortcut_spec),
        cmocka_unit_test(test_defaults_and_name),
        cmocka_unit_test(test_type_one_error),
        cmocka_unit_test(test_whitehead),
        cmocka_unit_test(test_unbiased_mixed),
        cmocka_unit_test(test_spec_numeric_term),
        cmocka_unit_test(test_threads_and_failures),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
