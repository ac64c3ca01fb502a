/* test_clm_reference.c — cumulative link (mixed) models against R's
 * ordinal::clm and clmm on the wine data and two simulated data sets
 * (logit with 4 categories, probit with 5).
 *
 * Values: tests/fixtures/clm_values.csv, recorded by tests/r/clm_reference.R
 * (R is not needed to run this test).  The issue asks for estimates within
 * 1e-3 and log-likelihoods within 1e-4; icstat and R agree more closely
 * (about 4e-5 at worst, from R's own stopping rule), so estimates are held
 * to 1e-4 and standard errors to 1e-3 relative, except for Laplace fits,
 * whose estimates are held to 5e-4: there R maximises a slightly different
 * objective (see (1) below) and the optima differ by up to 1.7e-4 (wine,
 * cloglog), still inside the 1e-3 asked for.
 *
 * Log-likelihoods must agree within 1e-4 except in two documented cases,
 * where icstat's must then be the higher: (1) Laplace, because clmm takes
 * each group's curvature from the Newton iterate before its last one (its
 * inner loop stops at |h'| < 1e-4), so its objective is not the Laplace
 * approximation at the mode, which icstat maximises (tests/r/
 * clm_verify_objective.R reproduces clmm's figure to 5e-13 that way);
 * (2) where clmm stops with a gradient above 1e-3.
 *
 * clmm(link = "cloglog") evaluates exp(-exp(-x)), the log-log model (its
 * fitted values and log-likelihood match log-log, not cloglog), so the
 * wine cloglog clmm values were recorded with link = "loglog", which is
 * the true cloglog model; see tests/r/clm_reference.R. */
#include "icstat/clm.h"
#include "icstat/design.h"
#include "icstat/table.h"
#include "test_util.h"

#define TOL_EST 1e-4
#define TOL_EST_LAPLACE 5e-4
#define TOL_SE_REL 1e-3
#define TOL_LOGLIK 1e-4

typedef struct {
    const char *name, *path, *outcome, *terms[6], *group;
} dataset;

static const dataset datasets[] = {
    {"wine", "tests/fixtures/clm_wine.csv", "rating", {"temp", "contact"}, "judge"},
    {"sim_logit4", "tests/fixtures/clm_sim_logit4.csv", "grade", {"x1", "x2", "phase", "female"},
     "inspector"},
    {"sim_probit5", "tests/fixtures/clm_sim_probit5.csv", "grade", {"z", "hmi", "size"},
     "inspector"},
};

static const dataset *find_dataset(const char *name)
{
    for (size_t i = 0; i < sizeof datasets / sizeof *datasets; i++)
        if (strcmp(datasets[i].name, name) == 0)
            return &datasets[i];
    return NULL;
}

typedef struct {
    icstat_table *t;
    icstat_design *d;
    icstat_clm_fit *f;
} fitted;

static fitted fit_dataset(const dataset *ds, icstat_link link, int quad, int mixed)
{
    fitted r = {0};
    icstat_error err;
    icstat_error_clear(&err);
    size_t nt = 0;
    while (nt < 6 && ds->terms[nt])
        nt++;
    icstat_design_spec spec = {.outcome = ds->outcome, .terms = ds->terms, .n_terms = nt,
                               .group = mixed ? ds->group : NULL};
    icstat_clm_options opt = {.link = link, .quad = quad};
    if (icstat_table_read(ds->path, &r.t, &err) != ICSTAT_OK ||
        icstat_design_build(r.t, &spec, &r.d, &err) != ICSTAT_OK ||
        icstat_clm_fit_model(r.d, &opt, mixed, &r.f, &err) != ICSTAT_OK) {
        print_error("%s: %s\n", ds->name, err.msg);
        fail();
    }
    return r;
}

static void fitted_free(fitted *r)
{
    icstat_clm_fit_free(r->f);
    icstat_design_free(r->d);
    icstat_table_free(r->t);
}

/* Index of the parameter a fixture row names, or -1 (fit rows etc.). */
static long param_index(const fitted *r, const char *kind, const char *term)
{
    const icstat_design *d = r->d;
    char buf[512];
    if (strcmp(kind, "threshold") == 0) {
        for (size_t j = 0; j + 1 < d->k; j++) {
            snprintf(buf, sizeof buf, "%s|%s", d->cat_labels[j], d->cat_labels[j + 1]);
            if (strcmp(buf, term) == 0)
                return (long)j;
        }
    } else if (strcmp(kind, "coef") == 0) {
        for (size_t j = 0; j < d->p; j++)
            if (strcmp(d->col_names[j], term) == 0)
                return (long)(d->k - 1 + j);
    } else {
        return -1;
    }
    print_error("no parameter %s %s\n", kind, term);
    fail();
    return -1;
}

/* R's value of a fit row for one configuration. */
static double r_fit_value(const icstat_table *v, size_t first, size_t end, const char *term)
{
    for (size_t i = first; i < end; i++)
        if (strcmp(fixture_cell(v, "kind", i), "fit") == 0 && strcmp(fixture_cell(v, "term", i), term) == 0)
            return fixture_num(v, "estimate", i);
    return NAN;
}

static void compare_config(const icstat_table *v, size_t first, size_t end, int *checked)
{
    const char *model = fixture_cell(v, "model", first), *linkname = fixture_cell(v, "link", first);
    const dataset *ds = find_dataset(fixture_cell(v, "dataset", first));
    assert_non_null(ds);
    const int mixed = strcmp(model, "clmm") == 0;
    const int quad = (int)fixture_num(v, "quad", first);
    const icstat_link link = (icstat_link)icstat_link_lookup(linkname);
    fitted r = fit_dataset(ds, link, mixed ? quad : 1, mixed);
    const icstat_clm_fit *f = r.f;
    for (size_t i = first; i < end; i++) {
        const char *kind = fixture_cell(v, "kind", i), *term = fixture_cell(v, "term", i);
        const double est = fixture_num(v, "estimate", i), se = fixture_num(v, "se", i);
        double got = NAN, got_se = NAN;
        if (strcmp(kind, "random") == 0 && strncmp(term, "sd(", 3) == 0) {
            const size_t it = f->npar - 1;
            got = exp(f->par[it]);
            got_se = got * icstat_clm_se(f, it);
        } else if (strcmp(kind, "ranef") == 0) {
            size_t g = 0;
            while (g < r.d->n_groups && strcmp(r.d->group_labels[g], term) != 0)
                g++;
            assert_true(g < r.d->n_groups);
            got = f->mode[g];
            got_se = f->mode_sd[g];
        } else {
            long p = param_index(&r, kind, term);
            if (p < 0)
                continue;
            got = f->par[p];
            got_se = icstat_clm_se(f, (size_t)p);
        }
        assert_close(got, est, mixed && quad == 1 ? TOL_EST_LAPLACE : TOL_EST);
        if (!isnan(se))
            assert_close(got_se / se, 1.0, TOL_SE_REL);
        (*checked)++;
    }
    const double ll = r_fit_value(v, first, end, "loglik");
    const double rgrad = r_fit_value(v, first, end, "max_gradient");
    if (fabs(f->loglik - ll) > TOL_LOGLIK) {
        /* Allowed only where R's objective falls short (see the top). */
        if (!((quad == 1 || rgrad > 1e-3) && f->loglik > ll)) {
            print_error("%s %s %s quad %d: loglik %.12g, R %.12g (R's gradient %g)\n",
                        ds->name, model, linkname, quad, f->loglik, ll, rgrad);
            fail();
        }
    }
    assert_int_equal(f->converged, 1);
    (*checked)++;
    fitted_free(&r);
}

static void test_against_ordinal(void **state)
{
    (void)state;
    icstat_table *v = fixture_read("tests/fixtures/clm_values.csv");
    int checked = 0, configs = 0;
    for (size_t first = 0; first < v->nrow;) {
        size_t end = first + 1;
        while (end < v->nrow && strcmp(fixture_cell(v, "dataset", end), fixture_cell(v, "dataset", first)) == 0 &&
               strcmp(fixture_cell(v, "model", end), fixture_cell(v, "model", first)) == 0 &&
               strcmp(fixture_cell(v, "link", end), fixture_cell(v, "link", first)) == 0 &&
               fixture_num(v, "quad", end) == fixture_num(v, "quad", first))
            end++;
        compare_config(v, first, end, &checked);
        configs++;
        first = end;
    }
    /* 3 data sets x (clm + 3 clmm) + wine cloglog clm and clmm = 14. */
    assert_int_equal(configs, 14);
    assert_true(checked > 100);
    icstat_table_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_ordinal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
