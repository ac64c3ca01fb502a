/* test_edge_fit.c — cumulative link (mixed) models on awkward data:
 * separation, empty and single categories, terms without variation,
 * rare levels and categories, groups of one row and of 300,000 rows, the
 * variance at its boundary, covariates on scales 1e6 apart, and linear
 * predictors far in the links' tails.  Each gives R's answer (or the
 * limit it should), or refuses with a message that names the problem.
 *
 * Reference values: tests/fixtures/edge_fit_values.csv (ordinal::clm and
 * clmm), edge_link_tail_values.csv and edge_loglik_values.csv (log-space
 * formulas in R), recorded by tests/r/edge_fit_reference.R from the data
 * in tests/fixtures/edge/fit_*.csv.  Tolerances: clm 1e-6 (both converge
 * to 1e-10 in the gradient); clmm 2e-4 in estimates and 1e-3 relative in
 * standard errors (R's clmm stops at a gradient of 5e-4 here); the links
 * 1e-12 relative in log p and 1e-9 in its derivatives. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "../../analysis/model/clm_internal.h"
#include "icstat/clm.h"
#include "icstat/design.h"
#include "icstat/table.h"
#include "test_util.h"

static icstat_table *table_of(const char *name, const char *csv, size_t len)
{
    icstat_table *t = NULL;
    icstat_error err;
    if (icstat_table_read_buffer(name, csv, len ? len : strlen(csv), &t, &err) != ICSTAT_OK)
        fail_msg("%s: %s", name, err.msg);
    return t;
}

/* Design for outcome (or binary condition) on comma-separated terms. */
static int design_of(const icstat_table *t, const char *outcome, const char *binary,
                     const char *terms, const char *group, icstat_design **d,
                     icstat_error *err)
{
    char buf[256];
    const char *list[8];
    size_t n = 0;
    snprintf(buf, sizeof buf, "%s", terms);
    for (char *s = strtok(buf, ","); s && n < 8; s = strtok(NULL, ","))
        list[n++] = s;
    icstat_design_spec spec = {.outcome = outcome, .binary = binary, .terms = list,
                               .n_terms = n, .group = group};
    *d = NULL;
    return icstat_design_build(t, &spec, d, err);
}

/* Fit, failing the test unless the status is want; err holds the message. */
static icstat_clm_fit *fit_of(const icstat_design *d, icstat_link link, int quad, int mixed,
                              int want, icstat_error *err)
{
    icstat_clm_options opt = {.link = link, .quad = quad};
    icstat_clm_fit *f = NULL;
    icstat_error_clear(err);
    const int st = icstat_clm_fit_model(d, &opt, mixed, &f, err);
    if (st != want)
        fail_msg("fit status %d (want %d): %s", st, want, err->msg);
    return f;
}

static long par_index(const icstat_design *d, const icstat_clm_fit *f, const char *kind,
                      const char *rname)
{
    if (strcmp(kind, "threshold") == 0) {
        for (size_t j = 0; j < f->k1; j++) {
            char name[256];
            snprintf(name, sizeof name, "%s|%s", d->cat_labels[j], d->cat_labels[j + 1]);
            if (strcmp(name, rname) == 0)
                return (long)j;
        }
    } else {
        /* R writes x=b as xb */
        for (size_t j = 0; j < f->p; j++) {
            char name[256];
            size_t m = 0;
            for (const char *s = d->col_names[j]; *s && m < sizeof name - 1; s++)
                if (*s != '=')
                    name[m++] = *s;
            name[m] = '\0';
            if (strcmp(name, rname) == 0)
                return (long)(f->k1 + j);
        }
    }
    fail_msg("no parameter %s %s", kind, rname);
    return -1;
}

static icstat_link link_of(const char *name)
{
    const int k = icstat_link_lookup(name);
    assert_true(k >= 0);
    return (icstat_link)k;
}

/* Every case of edge_fit_values.csv: a factor level with one row (in a
 * middle category: a finite estimate with a large se), a category in 3
 * of 6,000 rows, groups of a single row, and the unit-scale version of
 * the scale data set.  The boundary case is in boundary_sigma. */
static void r_values(void **state)
{
    (void)state;
    icstat_table *v = fixture_read("tests/fixtures/edge_fit_values.csv");
    static const struct {
        const char *name, *file, *terms, *group;
    } cases[] = {
        {"single_level", "fit_single_level", "x,z", NULL},
        {"rare", "fit_rare", "x,g", NULL},
        {"scale_unit", "fit_scale", "a,b,c", "insp"},
        {"singletons", "fit_singletons", "x", "insp"},
        {"boundary", "fit_boundary", "x", "insp"},
    };
    size_t compared = 0;
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char path[256];
        snprintf(path, sizeof path, "tests/fixtures/edge/%s.csv", cases[c].file);
        icstat_table *t = fixture_read(path);
        icstat_design *d = NULL;
        icstat_error err;
        assert_int_equal(design_of(t, "grade", NULL, cases[c].terms, cases[c].group, &d, &err),
                         ICSTAT_OK);
        const char *links[] = {"logit", "probit", "cloglog"};
        for (int l = 0; l < 3; l++)
            for (int quad = 0; quad <= 7; quad++) {
                icstat_clm_fit *f = NULL;
                for (size_t i = 0; i < v->nrow; i++) {
                    if (strcmp(fixture_cell(v, "case", i), cases[c].name) != 0 ||
                        strcmp(fixture_cell(v, "link", i), links[l]) != 0 ||
                        fixture_num(v, "quad", i) != quad)
                        continue;
                    if (!f)
                        f = fit_of(d, link_of(links[l]), quad ? quad : 1, quad > 0, ICSTAT_OK,
                                   &err);
                    const char *kind = fixture_cell(v, "kind", i);
                    const double est = fixture_num(v, "estimate", i), se = fixture_num(v, "se", i);
                    const double tol = quad ? 2e-4 : 1e-6, setol = quad ? 1e-3 : 1e-6;
                    if (strcmp(kind, "loglik") == 0) {
                        assert_close(f->loglik, est, quad ? 1e-5 : 1e-7);
                    } else if (strcmp(kind, "sd") == 0) {
                        assert_close(exp(f->par[f->npar - 1]), est, tol);
                    } else {
                        const long k = par_index(d, f, kind, fixture_cell(v, "term", i));
                        assert_close(f->par[k], est, tol);
                        assert_close(icstat_clm_se(f, (size_t)k), se, setol * se);
                    }
                    compared++;
                }
                icstat_clm_fit_free(f);
            }
        icstat_design_free(d);
        icstat_table_free(t);
    }
    assert_int_equal(compared, 66);
    icstat_table_free(v);
}

/* Separation.  A level whose rows all lie in the top (or bottom) category
 * is found from the rows and named with its count and category; the
 * reference level too.  Separation by a numeric term, or by a combination
 * of levels no single one of which is pure, is found from the fit (a
 * coefficient far out with almost no information) for every link and for
 * the mixed model.  A strong but finite effect is not mistaken for it. */
static void separation(void **state)
{
    (void)state;
    icstat_error err;
    icstat_design *d = NULL;
    char *buf = malloc(1 << 16);
    size_t len;

    /* 'c' once, in the top category (the middle-category version is the
     * single_level case of r_values, a finite estimate as in R); with and
     * without the random intercept. */
    len = (size_t)snprintf(buf, 1 << 16, "grade,x,z,g\n");
    for (int i = 0; i < 120; i++)
        len += (size_t)snprintf(buf + len, (1 << 16) - len, "%d,%s,%.3f,G%d\n", 1 + (i * 7) % 3,
                                i % 2 ? "a" : "b", ((i * 37) % 100) / 50.0 - 1.0, i % 6);
    len += (size_t)snprintf(buf + len, (1 << 16) - len, "3,c,0.1,G1\n");
    icstat_table *t = table_of("top.csv", buf, len);
    assert_int_equal(design_of(t, "grade", NULL, "x,z", "g", &d, &err), ICSTAT_OK);
    for (int mixed = 0; mixed < 2; mixed++) {
        fit_of(d, ICSTAT_LINK_LOGIT, 7, mixed, ICSTAT_EDATA, &err);
        assert_string_equal(err.msg,
                            "complete or quasi-complete separation: the 1 row with x=c is in the "
                            "highest outcome category ('3'), so the estimate for 'x=c' runs off "
                            "to infinity; merge level 'c' with another level of 'x', or leave "
                            "the term out");
    }
    icstat_design_free(d);
    icstat_table_free(t);

    /* The reference level all in the bottom category; a mixed model too. */
    t = table_of("ref.csv",
                 "grade,x,g\n1,a,G1\n1,a,G2\n1,a,G3\n2,b,G1\n1,b,G2\n3,b,G3\n2,c,G1\n"
                 "3,c,G2\n1,c,G3\n2,b,G1\n3,c,G2\n",
                 0);
    assert_int_equal(design_of(t, "grade", NULL, "x", "g", &d, &err), ICSTAT_OK);
    fit_of(d, ICSTAT_LINK_PROBIT, 3, 1, ICSTAT_EDATA, &err);
    assert_non_null(strstr(err.msg, "all 3 rows with x=a (the reference level) are in the "
                                    "lowest outcome category ('1'), so the estimates for the "
                                    "other levels of 'x' run off to infinity"));
    icstat_design_free(d);
    icstat_table_free(t);

    /* Numeric separation (y = 1 exactly when x > 0.1), a binary outcome. */
    len = (size_t)snprintf(buf, 1 << 16, "y,x,z\n");
    for (int i = 0; i < 200; i++) {
        const double x = ((i * 7919) % 1000) / 250.0 - 2.0, z = ((i * 104729) % 997) / 500.0 - 1;
        len += (size_t)snprintf(buf + len, (1 << 16) - len, "%d,%.4f,%.4f\n", x > 0.1, x, z);
    }
    t = table_of("num.csv", buf, len);
    assert_int_equal(design_of(t, NULL, "y>=1", "x,z", NULL, &d, &err), ICSTAT_OK);
    for (int link = 0; link < 3; link++) {
        fit_of(d, (icstat_link)link, 1, 0, ICSTAT_EDATA, &err);
        assert_non_null(strstr(err.msg, "separation: the estimate for 'x' runs off to infinity"));
    }
    icstat_design_free(d);
    icstat_table_free(t);

    /* A combination: x=b with w=c always top, x=a with w=d always bottom,
     * the other two cells mixed (no level is pure). */
    len = (size_t)snprintf(buf, 1 << 16, "grade,x,w,g\n");
    for (int i = 0; i < 160; i++) {
        const int cell = i % 4;
        const int y = cell == 0 ? 3 : cell == 1 ? 1 : 1 + (i / 4) % 3;
        len += (size_t)snprintf(buf + len, (1 << 16) - len, "%d,%s,%s,G%d\n", y,
                                cell == 0 || cell == 2 ? "b" : "a",
                                cell == 0 || cell == 3 ? "c" : "d", i % 8);
    }
    t = table_of("combo.csv", buf, len);
    assert_int_equal(design_of(t, "grade", NULL, "x,w", "g", &d, &err), ICSTAT_OK);
    for (int link = 0; link < 3; link++)
        for (int mixed = 0; mixed < 2; mixed++) {
            fit_of(d, (icstat_link)link, 1, mixed, ICSTAT_EDATA, &err);
            assert_non_null(strstr(err.msg, "complete or quasi-complete separation: the "
                                            "estimate for 'x=b' runs off to infinity"));
        }
    icstat_design_free(d);
    icstat_table_free(t);

    /* Strong but finite: y = 1 when 4x + logistic noise > 0. */
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 5);
    len = (size_t)snprintf(buf, 1 << 16, "y,x\n");
    for (int i = 0; i < 400; i++) {
        const double x = gsl_ran_gaussian(rng, 1.0);
        len += (size_t)snprintf(buf + len, (1 << 16) - len, "%d,%.5f\n",
                                4.0 * x + gsl_ran_logistic(rng, 1.0) > 0.0, x);
    }
    gsl_rng_free(rng);
    t = table_of("strong.csv", buf, len);
    assert_int_equal(design_of(t, NULL, "y>=1", "x", NULL, &d, &err), ICSTAT_OK);
    icstat_clm_fit *f = fit_of(d, ICSTAT_LINK_LOGIT, 1, 0, ICSTAT_OK, &err);
    assert_true(f->par[1] > 3.0 && f->par[1] / icstat_clm_se(f, 1) > 5.0);
    icstat_clm_fit_free(f);
    icstat_design_free(d);
    icstat_table_free(t);
    free(buf);
}

/* What the design refuses, with the name of what is wrong: a category
 * listed but never observed (in the middle of the scale), one category
 * only, a term without variation (numeric or categorical: refused, not
 * dropped); and what it tells: a category seen only in dropped rows. */
static void design_refusals(void **state)
{
    (void)state;
    icstat_error err;
    icstat_design *d = NULL;
    icstat_table *t = table_of("mid.csv", "grade,x\n1,0.5\n3,1.5\n1,2\n3,0.1\n1,1\n3,2.5\n", 0);
    const char *cats[] = {"1", "2", "3"};
    const char *terms[] = {"x"};
    icstat_design_spec spec = {.outcome = "grade", .categories = cats, .n_categories = 3,
                               .terms = terms, .n_terms = 1,
                               .labels = {.categories = "--categories"}};
    assert_int_equal(icstat_design_build(t, &spec, &d, &err), ICSTAT_EDATA);
    assert_string_equal(err.msg, "outcome category '2' is never observed in the 6 rows used, so "
                                 "its thresholds cannot be estimated; leave it out of "
                                 "--categories or merge it with a neighbour");
    icstat_table_free(t);

    t = table_of("one.csv", "grade,x\n2,1\n2,2\n2,3\n", 0);
    assert_int_equal(design_of(t, "grade", NULL, "x", NULL, &d, &err), ICSTAT_EDATA);
    assert_string_equal(err.msg, "outcome 'grade' has one category ('2') in all 3 rows used; a "
                                 "model needs at least two");
    icstat_table_free(t);

    t = table_of("flat.csv", "grade,x,s\n1,5,a\n2,5,a\n3,5,a\n1,5,a\n", 0);
    assert_int_equal(design_of(t, "grade", NULL, "x", NULL, &d, &err), ICSTAT_EDATA);
    assert_string_equal(err.msg, "term 'x' has no variation: it is 5 in all 4 rows used");
    assert_int_equal(design_of(t, "grade", NULL, "s", NULL, &d, &err), ICSTAT_EDATA);
    assert_string_equal(err.msg, "term 's' has no variation: it is 'a' in all 4 rows used");
    icstat_table_free(t);

    t = table_of("drop.csv", "grade,x\n1,1\n2,2\n1,3\n2,1\n3,\n1,2\n2,3\n", 0);
    assert_int_equal(design_of(t, "grade", NULL, "x", NULL, &d, &err), ICSTAT_OK);
    assert_int_equal(d->k, 2);
    assert_string_equal(d->notes[0], "outcome category '3' occurs only in rows dropped for a "
                                     "missing value, so the model leaves it out");
    icstat_design_free(d);
    icstat_table_free(t);
}

/* The inspector variance at its boundary: eight inspectors with identical
 * rows, so the maximum is at sigma = 0 (R's clmm stops at sd 1 with
 * warnings on these data).  icstat reports the fixed-effects fit (R's
 * clm log-likelihood), sigma 0 with no standard error and the reason,
 * LR statistic 0 with p = 1, latent ICC 0, and finite derived values. */
static void boundary_sigma(void **state)
{
    (void)state;
    icstat_table *t = fixture_read("tests/fixtures/edge/fit_boundary.csv");
    icstat_design *d = NULL;
    icstat_error err;
    assert_int_equal(design_of(t, "grade", NULL, "x", "insp", &d, &err), ICSTAT_OK);
    for (int quad = 1; quad <= 7; quad += 6) {
        icstat_clm_fit *f = fit_of(d, ICSTAT_LINK_LOGIT, quad, 1, ICSTAT_OK, &err);
        assert_close(f->loglik, -68.3319485796, 1e-8);
        assert_true(isinf(f->par[f->npar - 1]) && f->par[f->npar - 1] < 0);
        assert_true(isnan(icstat_clm_se(f, f->npar - 1)));
        assert_close(f->par[3], 2.34547593752, 1e-6);
        assert_close(icstat_clm_se(f, 3), 0.362079271055, 1e-6);
        assert_int_equal(f->n_warnings, 1);
        assert_non_null(strstr(f->warnings[0], "estimated at its boundary, 0"));
        assert_non_null(strstr(f->warnings[0], "p = 1"));
        double lr, p, agree, kappa;
        icstat_clm_lr_test(f->loglik, f->loglik_fixed, &lr, &p);
        assert_close(lr, 0.0, 0.0);
        assert_close(p, 1.0, 0.0);
        assert_close(icstat_clm_latent_icc(exp(f->par[f->npar - 1]), ICSTAT_LINK_LOGIT), 0.0, 0.0);
        assert_int_equal(icstat_clm_implied_agreement(d, f, ICSTAT_LINK_LOGIT, &agree, &kappa, &err),
                         ICSTAT_OK);
        assert_true(isfinite(agree) && isfinite(kappa) && agree > 0.0 && agree < 1.0);
        for (size_t g = 0; g < f->n_groups; g++)
            assert_true(f->mode[g] == 0.0 && f->mode_sd[g] == 0.0);
        /* The summary: sd 0 with no se, test or interval (nor for what
         * derives from it); the LR test's p = 1. */
        icstat_clm_summary *s = NULL;
        assert_int_equal(icstat_clm_summary_compute(d, f, ICSTAT_LINK_LOGIT, 0.95, &s, &err),
                         ICSTAT_OK);
        assert_true(s->sd.estimate == 0.0 && s->var.estimate == 0.0);
        assert_true(isnan(s->sd.se) && isnan(s->sd.ci_low) && isnan(s->var.ci_high));
        assert_true(s->latent_icc.estimate == 0.0 && isnan(s->latent_icc.ci_high));
        assert_true(s->lr_stat == 0.0 && s->lr_p_value == 1.0);
        {
            const icstat_clm_agreement *ag = &s->agreement;
            assert_true(s->has_agreement && ag->boundary && ag->inspector_fixed);
            assert_true(ag->est[ICSTAT_CLM_IMPLIED_AGREEMENT].estimate == agree);
            assert_true(ag->est[ICSTAT_CLM_IMPLIED_KAPPA].estimate == kappa);
            /* sigma 0 and no inspector terms: every inspector grades alike. */
            assert_true(ag->est[ICSTAT_CLM_INSPECTOR_AGREEMENT].estimate == 1.0);
            assert_true(ag->est[ICSTAT_CLM_INSPECTOR_KAPPA].estimate == 1.0);
            assert_true(isnan(ag->est[ICSTAT_CLM_INSPECTOR_AGREEMENT].ci_low));
            assert_true(isnan(ag->est[ICSTAT_CLM_INSPECTOR_KAPPA].se));
            /* the implied rows keep an interval from theta and beta */
            assert_true(ag->est[ICSTAT_CLM_IMPLIED_AGREEMENT].ci_low < agree &&
                        ag->est[ICSTAT_CLM_IMPLIED_AGREEMENT].ci_high > agree);
        }
        assert_true(s->coef[0].estimate == f->par[3] && s->coef[0].ci_low < s->coef[0].ci_high);
        icstat_clm_summary_free(s);
        icstat_clm_fit_free(f);
    }
    icstat_design_free(d);
    icstat_table_free(t);
}

/* Groups of a single row: the note counts them, and their conditional
 * modes are shrunk more (larger conditional sd) than those of groups with
 * ten rows.  The estimates are checked against clmm in r_values. */
static void single_row_groups(void **state)
{
    (void)state;
    icstat_table *t = fixture_read("tests/fixtures/edge/fit_singletons.csv");
    icstat_design *d = NULL;
    icstat_error err;
    assert_int_equal(design_of(t, "grade", NULL, "x", "insp", &d, &err), ICSTAT_OK);
    assert_int_equal(d->n_notes, 1);
    assert_string_equal(d->notes[0], "30 of 60 groups ('insp') have a single row; they add little "
                                     "to the estimate of the insp variance");
    icstat_clm_fit *f = fit_of(d, ICSTAT_LINK_LOGIT, 7, 1, ICSTAT_OK, &err);
    double sd1 = 0.0, sd10 = 0.0;
    for (size_t g = 0; g < d->n_groups; g++) {
        const size_t rows = d->group_start[g + 1] - d->group_start[g];
        assert_true(isfinite(f->mode[g]));
        if (rows == 1)
            sd1 += f->mode_sd[g] / 30.0;
        else
            sd10 += f->mode_sd[g] / 30.0;
    }
    const double sigma = exp(f->par[f->npar - 1]);
    assert_true(sd10 < sd1 && sd1 < sigma);
    icstat_clm_fit_free(f);
    icstat_design_free(d);
    icstat_table_free(t);
}

/* log of the integral over b ~ N(0, 1) of group 0's likelihood,
 * exp(sum_i log P(y_i | x_i'beta + sigma b)), on the user's scale, by the
 * trapezoid rule on b^ +/- 8 s in steps of 0.4 s (for an integrand this
 * smooth and near-normal the rule is exact to far below 1e-10), in log
 * space: the value is near -3.7e5. */
static double brute_group0(const icstat_design *d, const icstat_clm_fit *f, double bhat,
                           double s)
{
    const size_t n = d->group_start[1];
    const double sigma = exp(f->par[f->npar - 1]);
    double h[41], hmax = -INFINITY;
    for (int k = 0; k < 41; k++) {
        const double b = bhat + s * 0.4 * (k - 20);
        double sum = -0.5 * b * b;
        for (size_t i = 0; i < n; i++) {
            double eta = sigma * b;
            for (size_t j = 0; j < f->p; j++)
                eta += d->x[i * d->p + j] * f->par[f->k1 + j];
            const int y = d->y[i];
            const double up = y < (int)f->k1 ? f->par[y] - eta : INFINITY;
            const double lo = y > 0 ? f->par[y - 1] - eta : -INFINITY;
            icstat_link_terms t;
            assert_int_equal(icstat_link_eval(ICSTAT_LINK_LOGIT, up, lo, 1, &t), 0);
            sum += t.logp;
        }
        h[k] = sum;
        hmax = fmax(hmax, sum);
    }
    double acc = 0.0;
    for (int k = 0; k < 41; k++)
        acc += exp(h[k] - hmax);
    return hmax + log(acc * 0.4 * s) - 0.5 * log(2.0 * M_PI);
}

/* One inspector with 300,000 inspections among eight with 40 each.  The
 * big group's integrand is a spike (conditional sd about 0.003) on a log
 * scale of -3.7e5, which the adaptive rule must handle without underflow:
 *   - the fit by adaptive quadrature (3 points) converges, and the big
 *     inspector's effect with the thresholds matches the fixed-effects fit
 *     with the inspector as a factor (A0, the big one, its reference),
 *     where shrinkage is negligible for it, to 3e-4; so does the
 *     coefficient, to 1e-4 (its se is 0.0036);
 *   - at that estimate, the big group's integral by the adaptive rule with
 *     7 and 25 points equals a brute-force trapezoid integral to 1e-7 (on
 *     -3.8e5; they differ by 3e-9), and the Laplace approximation to 1e-5
 *     (3e-7);
 *   - the whole data's Laplace log-likelihood there is within 0.05 of the
 *     adaptive one (the small groups differ a little). */
static void huge_group(void **state)
{
    (void)state;
    const size_t big = 300000, small = 40, others = 8;
    const size_t cap = (big + small * others) * 24 + 64;
    char *buf = malloc(cap);
    size_t len = (size_t)snprintf(buf, cap, "grade,x,insp\n");
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 17);
    for (size_t g = 0; g <= others; g++) {
        const double u = g == 0 ? 0.8 : gsl_ran_gaussian(rng, 0.8);
        for (size_t i = 0; i < (g == 0 ? big : small); i++) {
            const double x = gsl_ran_gaussian(rng, 1.0);
            const double z = 0.7 * x + u + gsl_ran_logistic(rng, 1.0);
            const int y = z < -1.0 ? 1 : z < 0.8 ? 2 : z < 2.5 ? 3 : 4;
            len += (size_t)snprintf(buf + len, cap - len, "%d,%.4f,A%zu\n", y, x, g);
        }
    }
    gsl_rng_free(rng);
    icstat_table *t = table_of("huge.csv", buf, len);
    free(buf);
    icstat_design *dm = NULL, *df = NULL;
    icstat_error err;
    assert_int_equal(design_of(t, "grade", NULL, "x", "insp", &dm, &err), ICSTAT_OK);
    assert_int_equal(design_of(t, "grade", NULL, "x,insp", NULL, &df, &err), ICSTAT_OK);
    assert_int_equal(dm->group_start[1], big); /* A0 sorts first */
    icstat_clm_fit *f = fit_of(dm, ICSTAT_LINK_LOGIT, 3, 1, ICSTAT_OK, &err);
    icstat_clm_fit *fix = fit_of(df, ICSTAT_LINK_LOGIT, 1, 0, ICSTAT_OK, &err);
    assert_true(isfinite(f->loglik) && f->converged);
    assert_int_equal(f->n_warnings, 0);
    assert_true(f->mode_sd[0] > 0.002 && f->mode_sd[0] < 0.005);
    assert_close(f->par[3], fix->par[3], 1e-4);
    for (size_t j = 0; j < 3; j++)
        assert_close(f->par[j] - f->mode[0], fix->par[j], 3e-4);

    /* The big group alone (its rows come first), at the fitted values. */
    icstat_design sub = *dm;
    sub.n = big;
    sub.n_groups = 1;
    const double sigma = exp(f->par[4]);
    double q[ICSTAT_CLM_MAX_QUAD + 1], bhat = 0.0, s = 0.0;
    const int quads[3] = {1, 7, 25};
    for (int k = 0; k < 3; k++) {
        clm_work w;
        assert_int_equal(clm_work_init(&w, &sub, ICSTAT_LINK_LOGIT, quads[k]), 0);
        w.npar = 5;
        double par[5];
        for (size_t j = 0; j < 3; j++)
            par[j] = f->par[j] - w.center[0] * f->par[3];
        par[3] = f->par[3] * w.scale[0];
        par[4] = f->par[4];
        double grad[5];
        assert_int_equal(clmm_eval(&w, par, &q[quads[k]], grad), 0);
        for (int j = 0; j < 5; j++)
            assert_true(isfinite(grad[j]));
        bhat = w.bmode[0];
        s = 1.0 / sqrt(w.hess[0]);
        clm_work_free(&w);
    }
    assert_close(bhat * sigma, f->mode[0], 1e-6);
    const double brute = brute_group0(dm, f, bhat, s);
    assert_true(brute < -3e5);
    assert_close(q[7], brute, 1e-7);
    assert_close(q[25], brute, 1e-7);
    assert_close(q[1], brute, 1e-5);

    /* Laplace against the adaptive rule on all the data, at the estimate. */
    clm_work w;
    assert_int_equal(clm_work_init(&w, dm, ICSTAT_LINK_LOGIT, 1), 0);
    w.npar = 5;
    double par[5], lap;
    for (size_t j = 0; j < 3; j++)
        par[j] = f->par[j] - w.center[0] * f->par[3];
    par[3] = f->par[3] * w.scale[0];
    par[4] = f->par[4];
    assert_int_equal(clmm_eval(&w, par, &lap, NULL), 0);
    assert_close(lap, f->loglik, 0.05);
    clm_work_free(&w);

    icstat_clm_fit_free(f);
    icstat_clm_fit_free(fix);
    icstat_design_free(dm);
    icstat_design_free(df);
    icstat_table_free(t);
}

/* Covariates around 1e6 and 1e-6 (and one at 1e6 + N(0, 1)): the same
 * fits as on a, b, c to 1e-6 relative, once transformed back (beta_big =
 * beta_a / 1e6, beta_tiny = beta_b * 1e6, theta shifted by 1e6 beta_off),
 * without the mixed model and with it, standard errors included; the
 * unit-scale fits are R's (r_values). */
static void extreme_scales(void **state)
{
    (void)state;
    icstat_table *t = fixture_read("tests/fixtures/edge/fit_scale.csv");
    icstat_error err;
    for (int mixed = 0; mixed < 2; mixed++) {
        icstat_design *du = NULL, *dx = NULL;
        assert_int_equal(design_of(t, "grade", NULL, "a,b,c", mixed ? "insp" : NULL, &du, &err),
                         ICSTAT_OK);
        assert_int_equal(design_of(t, "grade", NULL, "big,tiny,off", mixed ? "insp" : NULL, &dx,
                                   &err),
                         ICSTAT_OK);
        icstat_clm_fit *u = fit_of(du, ICSTAT_LINK_LOGIT, 7, mixed, ICSTAT_OK, &err);
        icstat_clm_fit *x = fit_of(dx, ICSTAT_LINK_LOGIT, 7, mixed, ICSTAT_OK, &err);
        const double scale[3] = {1e6, 1e-6, 1.0};
        for (size_t j = 0; j < 3; j++) {
            const double bu = u->par[3 + j], bx = x->par[3 + j] * scale[j];
            assert_close(bx, bu, 1e-6 * fabs(bu));
            assert_close(icstat_clm_se(x, 3 + j) * scale[j], icstat_clm_se(u, 3 + j),
                         1e-6 * icstat_clm_se(u, 3 + j));
        }
        for (size_t j = 0; j < 3; j++) {
            const double back = x->par[j] - 1e6 * x->par[5];
            assert_close(back, u->par[j], 1e-6 * (1.0 + fabs(u->par[j])));
            assert_close(x->par[j], u->par[j] + 1e6 * u->par[5], 1e-6 * fabs(x->par[j]));
        }
        assert_close(x->loglik, u->loglik, 1e-8 * fabs(u->loglik));
        if (mixed) {
            assert_close(exp(x->par[6]), exp(u->par[6]), 1e-6 * exp(u->par[6]));
            assert_close(icstat_clm_se(x, 6), icstat_clm_se(u, 6), 1e-5 * icstat_clm_se(u, 6));
        }
        icstat_clm_fit_free(u);
        icstat_clm_fit_free(x);
        icstat_design_free(du);
        icstat_design_free(dx);
    }
    icstat_table_free(t);
}

/* A number of the tails fixture: "inf" and "-inf" are the cut points at
 * the ends of the scale (the CSV reader takes no infinities). */
static double tail_num(const icstat_table *t, const char *col, size_t i)
{
    const char *s = fixture_cell(t, col, i);
    if (strcmp(s, "inf") == 0)
        return INFINITY;
    if (strcmp(s, "-inf") == 0)
        return -INFINITY;
    return fixture_num(t, col, i);
}

/* One observation's log-probability far in each link's tails against R's
 * log-space values (plogis, pnorm with log.p; cloglog's -exp(x)), where
 * F(a) - F(c) itself underflows to 0 (log p down to -3e5), with its
 * derivatives; and the derivatives there against differences of log p. */
static void link_tails(void **state)
{
    (void)state;
    icstat_table *t = fixture_read("tests/fixtures/edge_link_tail_values.csv");
    for (size_t i = 0; i < t->nrow; i++) {
        const icstat_link link = link_of(fixture_cell(t, "link", i));
        const double a = tail_num(t, "a", i), c = tail_num(t, "c", i);
        const double logp = fixture_num(t, "logp", i);
        icstat_link_terms lt;
        if (icstat_link_eval(link, a, c, 3, &lt) != 0)
            fail_msg("%s at (%g, %g): no value (want log p %.17g)", fixture_cell(t, "link", i),
                     a, c, logp);
        assert_close(lt.logp, logp, 1e-12 * fabs(logp) + 1e-15); /* log of d near 1: absolute */
        const double la = fixture_num(t, "la", i), lc = fixture_num(t, "lc", i);
        assert_close(lt.la, la, 1e-9 * fabs(la) + 1e-300);
        assert_close(lt.lc, lc, 1e-9 * fabs(lc) + 1e-300);
        for (int k = 0; k < 10; k++)
            assert_true(isfinite((&lt.logp)[k]));
        /* Derivatives against differences, where log p is of moderate size
         * (a relative step there is well below its curvature). */
        if (fabs(logp) < 1e3) {
            const double h = 1e-5;
            icstat_link_terms p1, p0;
            if (isfinite(a) && a - h > c) {
                assert_int_equal(icstat_link_eval(link, a + h, c, 3, &p1), 0);
                assert_int_equal(icstat_link_eval(link, a - h, c, 3, &p0), 0);
                assert_close((p1.logp - p0.logp) / (2 * h), lt.la, 1e-5 * (fabs(lt.la) + 1.0));
                assert_close((p1.la - p0.la) / (2 * h), lt.laa, 1e-4 * (fabs(lt.laa) + 1.0));
                assert_close((p1.laa - p0.laa) / (2 * h), lt.laaa, 1e-3 * (fabs(lt.laaa) + 1.0));
            }
            if (isfinite(c) && c + h < a) {
                assert_int_equal(icstat_link_eval(link, a, c + h, 3, &p1), 0);
                assert_int_equal(icstat_link_eval(link, a, c - h, 3, &p0), 0);
                assert_close((p1.logp - p0.logp) / (2 * h), lt.lc, 1e-5 * (fabs(lt.lc) + 1.0));
                assert_close((p1.lc - p0.lc) / (2 * h), lt.lcc, 1e-4 * (fabs(lt.lcc) + 1.0));
            }
        }
    }
    icstat_table_free(t);
}

/* The log-likelihood of rows far in the tails (x from -500 to 500 at
 * theta = (-1, 1), beta = 1): finite and R's log-space sum, for the
 * fixed model (clm_fixed_eval on the standardised scale) and, with a
 * random intercept, finite with a gradient that matches differences. */
static void loglik_tails(void **state)
{
    (void)state;
    icstat_table *ref = fixture_read("tests/fixtures/edge_loglik_values.csv");
    icstat_table *t = table_of("tails.csv",
                               "y,x,g\n1,-500,A\n3,-500,B\n2,-60,A\n1,60,B\n3,500,A\n2,500,B\n"
                               "3,-10,A\n1,10,B\n2,0,A\n1,0.5,B\n3,38,A\n",
                               0);
    icstat_design *d = NULL;
    icstat_error err;
    assert_int_equal(design_of(t, "y", NULL, "x", "g", &d, &err), ICSTAT_OK);
    for (size_t i = 0; i < ref->nrow; i++) {
        const icstat_link link = link_of(fixture_cell(ref, "link", i));
        const double want = fixture_num(ref, "loglik", i);
        clm_work w;
        assert_int_equal(clm_work_init(&w, d, link, 3), 0);
        /* theta = (-1, 1), beta = 1 on the standardised scale: eta = x =
         * center + scale xs, so theta' = theta - center and beta' = scale */
        const double b = w.scale[0], par[4] = {-1.0 - w.center[0], 1.0 - w.center[0], b, log(0.3)};
        double ll, grad[4], hess[9];
        assert_int_equal(clm_fixed_eval(&w, par, &ll, grad, hess), 0);
        assert_close(ll, want, 1e-12 * fabs(want));
        for (int j = 0; j < 3; j++)
            assert_true(isfinite(grad[j]));
        w.npar = 4;
        double llm, gm[4];
        if (link != ICSTAT_LINK_CLOGLOG) { /* cloglog's -1e217 leaves no digits to differ */
            assert_int_equal(clmm_eval(&w, par, &llm, gm), 0);
            assert_true(isfinite(llm) && llm < 0.0);
            for (int j = 0; j < 4; j++) {
                double q[4], lp, lm;
                const double h = 1e-6 * (1.0 + fabs(par[j]));
                memcpy(q, par, sizeof q);
                q[j] += h;
                assert_int_equal(clmm_eval(&w, q, &lp, NULL), 0);
                q[j] -= 2 * h;
                assert_int_equal(clmm_eval(&w, q, &lm, NULL), 0);
                assert_close(gm[j], (lp - lm) / (2 * h), 1e-4 * (1.0 + fabs(gm[j])));
            }
        }
        clm_work_free(&w);
    }
    icstat_design_free(d);
    icstat_table_free(t);
    icstat_table_free(ref);
}

/* Categories with tiny probabilities: each from its own cut points, so
 * a middle category between thresholds far up the scale keeps its digits
 * (the difference of two cdf values near 1 kept about four).  Closed
 * forms: logit S(28) - S(30) with S(x) = e^-x / (1 + e^-x); probit Q(28) -
 * Q(30) (about 1e-173); cloglog exp(-e^3) - exp(-e^3.4).  The same through
 * --margins (every row at eta = 0, so the average is the probability). */
static void tiny_probabilities(void **state)
{
    (void)state;
    const double th[3][3] = {{-1.0, 28.0, 30.0}, {-1.0, 28.0, 30.0}, {-1.0, 3.0, 3.4}};
    const double want[3] = {exp(-28.0) / (1.0 + exp(-28.0)) - exp(-30.0) / (1.0 + exp(-30.0)),
                            gsl_cdf_ugaussian_Q(28.0) - gsl_cdf_ugaussian_Q(30.0),
                            exp(-exp(3.0)) - exp(-exp(3.4))};
    icstat_table *t = table_of("tiny.csv", "y,s\n1,a\n2,b\n3,a\n4,b\n2,a\n1,b\n", 0);
    icstat_design *d = NULL;
    icstat_error err;
    assert_int_equal(design_of(t, "y", NULL, "s", NULL, &d, &err), ICSTAT_OK);
    for (int link = 0; link < 3; link++) {
        double par[4] = {th[link][0], th[link][1], th[link][2], 0.0}, vcov[16] = {0};
        icstat_clm_fit f = {.k1 = 3, .p = 1, .npar = 4, .par = par, .vcov = vcov};
        double prob[4];
        icstat_clm_probs(&f, (icstat_link)link, 0.0, prob);
        assert_close(prob[2], want[link], 1e-12 * want[link]);
        assert_close(prob[0] + prob[1] + prob[2] + prob[3], 1.0, 1e-15);
        icstat_clm_margins *m = NULL;
        assert_int_equal(icstat_clm_margins_compute(d, &f, (icstat_link)link, 0, 0.95, &m, &err),
                         ICSTAT_OK);
        for (size_t l = 0; l < 2; l++)
            assert_close(m->prob[l * 4 + 2], want[link], 1e-12 * want[link]);
        icstat_clm_margins_free(m);
    }
    icstat_design_free(d);
    icstat_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(r_values),        cmocka_unit_test(separation),
        cmocka_unit_test(design_refusals), cmocka_unit_test(boundary_sigma),
        cmocka_unit_test(single_row_groups), cmocka_unit_test(huge_group),
        cmocka_unit_test(extreme_scales),  cmocka_unit_test(link_tails),
        cmocka_unit_test(loglik_tails),    cmocka_unit_test(tiny_probabilities),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
