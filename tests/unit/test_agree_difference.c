/* test_agree_difference.c — differences of agreement coefficients (issue
 * 18, item 6): independent groups (levels of a unit-level column) and two
 * sets of raters on the same units, against tests/fixtures/
 * agree_difference_values.csv (tests/r/agree_difference_reference.R:
 * irrCAC's estimates, standard errors and per-unit linearised values, and
 * Gwet's own pairedCAC on its README's example) at 1e-9; ratings subsets keep the whole file's categories; mismatched sets
 * and missing standard errors are refused or NA with a reason. */
#include "icstat/agree.h"
#include "icstat/agree_compare.h"
#include "icstat/ratings.h"
#include "icstat/table.h"
#include "test_util.h"

#define TOL 1e-9

typedef struct {
    const char *name, *path, *unit, *by; /* by: NULL when the case has no groups */
    icstat_ratings_spec spec;
} diff_case;

static const char *const fleiss_raters[] = {"psychiatrist_1", "psychiatrist_2", "psychiatrist_3",
                                            "psychiatrist_4", "psychiatrist_5", "psychiatrist_6"};

static const diff_case cases[] = {
    {"fleiss1971", "tests/fixtures/agree_by_fleiss1971.csv", "patient", "ward",
     {.raters = fleiss_raters, .n_raters = 6}},
    {"ord4_long", "tests/fixtures/agree_by_ord4_long.csv", "unit", "phase",
     {.long_unit = "unit", .long_rater = "rater", .long_rating = "rating"}},
    {"kripp2011", "datasets/reference/krippendorff2011.csv", "unit", NULL, {0}},
    /* Gwet's own example and implementation (pairedCAC's README). */
    {"gwet_pairedcac", "tests/fixtures/agree_paired_gwet.csv", "subject", NULL, {0}},
};

typedef struct {
    icstat_table *t;
    icstat_ratings *r;
    const char **level; /* per unit of r: its --by value (borrowed from t) */
} case_data;

static void case_load(const diff_case *c, case_data *d)
{
    icstat_error err;
    icstat_error_clear(&err);
    d->t = fixture_read(c->path);
    if (icstat_ratings_from_table(d->t, &c->spec, &d->r, &err) != ICSTAT_OK)
        fail_msg("%s: %s", c->path, err.msg);
    d->level = calloc(d->r->n_units, sizeof *d->level);
    assert_non_null(d->level);
    if (!c->by)
        return;
    for (size_t row = 0; row < d->t->nrow; row++)
        for (size_t i = 0; i < d->r->n_units; i++)
            if (strcmp(d->r->unit_ids[i], fixture_cell(d->t, c->unit, row)) == 0)
                d->level[i] = fixture_cell(d->t, c->by, row);
}

static void case_free(case_data *d)
{
    free(d->level);
    icstat_ratings_free(d->r);
    icstat_table_free(d->t);
}

/* The ratings of the units at `level` (all raters), with the whole's
 * categories. */
static icstat_ratings *level_ratings(const case_data *d, const char *level)
{
    size_t *units = malloc(d->r->n_units * sizeof *units), *raters = malloc(d->r->n_raters *
                                                                            sizeof *raters);
    size_t n = 0;
    for (size_t i = 0; i < d->r->n_units; i++)
        if (d->level[i] && strcmp(d->level[i], level) == 0)
            units[n++] = i;
    for (size_t j = 0; j < d->r->n_raters; j++)
        raters[j] = j;
    icstat_ratings *s = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_ratings_subset(d->r, units, n, raters, d->r->n_raters, level, &s,
                                           &err), ICSTAT_OK);
    assert_int_equal(s->n_cat, d->r->n_cat);
    free(units);
    free(raters);
    return s;
}

/* Rater indices of a comma list of names into idx; their number. */
static size_t rater_set(const icstat_ratings *r, const char *list, size_t *idx)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    size_t n = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        size_t j = 0;
        while (j < r->n_raters && strcmp(r->rater_names[j], tok) != 0)
            j++;
        assert_true(j < r->n_raters);
        idx[n++] = j;
    }
    return n;
}

/* The two sets' ratings on the units both rated. */
static void set_ratings(const case_data *d, const char *s1, const char *s2,
                        icstat_ratings **a, icstat_ratings **b)
{
    const icstat_ratings *r = d->r;
    size_t set[2][16], ns[2] = {rater_set(r, s1, set[0]), rater_set(r, s2, set[1])};
    size_t *units = malloc(r->n_units * sizeof *units), n = 0;
    for (size_t i = 0; i < r->n_units; i++) {
        int both = 1;
        for (int s = 0; s < 2; s++) {
            int any = 0;
            for (size_t j = 0; j < ns[s]; j++)
                any |= r->cat[i * r->n_raters + set[s][j]] >= 0;
            both &= any;
        }
        if (both)
            units[n++] = i;
    }
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_ratings_subset(r, units, n, set[0], ns[0], "a", a, &err), ICSTAT_OK);
    assert_int_equal(icstat_ratings_subset(r, units, n, set[1], ns[1], "b", b, &err), ICSTAT_OK);
    free(units);
}

static void assert_diff(const icstat_agree_diff *d, const icstat_table *want, size_t row)
{
    assert_close(d->estimate, fixture_num(want, "estimate", row), TOL);
    assert_close(d->se, fixture_num(want, "se", row), TOL);
    assert_close(d->df, fixture_num(want, "df", row), TOL);
    assert_close(d->group_estimate, fixture_num(want, "group_estimate", row), TOL);
    assert_close(d->ref_estimate, fixture_num(want, "reference_estimate", row), TOL);
    assert_int_equal(d->units, (size_t)fixture_num(want, "units", row));
}

static icstat_agree_result *estimate(const icstat_ratings *r, const icstat_agree_options *o)
{
    icstat_agree_result *res = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_agree_estimate(r, o, &res, &err) != ICSTAT_OK)
        fail_msg("%s", err.msg);
    return res;
}

/* Row `row` of the fixture: one difference, computed as agree does. */
static void check_row(const case_data *d, const icstat_table *want, size_t row)
{
    icstat_agree_options o = agree_defaults();
    o.weights = strcmp(fixture_cell(want, "weights", row), "quadratic") == 0
                    ? ICSTAT_W_QUADRATIC : ICSTAT_W_IDENTITY;
    const char *coef = fixture_cell(want, "coefficient", row);
    const char *g = fixture_cell(want, "group", row), *ref = fixture_cell(want, "reference", row);
    icstat_error err;
    icstat_error_clear(&err);
    if (strcmp(fixture_cell(want, "test", row), "independent") == 0) {
        icstat_ratings *rg = level_ratings(d, g), *rr = level_ratings(d, ref);
        icstat_agree_result *ag = estimate(rg, &o), *ar = estimate(rr, &o);
        icstat_agree_diff diff;
        icstat_agree_diff_independent(find_coef(ag, coef), find_coef(ar, coef), 0.95, &diff);
        assert_diff(&diff, want, row);
        icstat_agree_result_free(ag);
        icstat_agree_result_free(ar);
        icstat_ratings_free(rg);
        icstat_ratings_free(rr);
        return;
    }
    icstat_ratings *a, *b;
    set_ratings(d, g, ref, &a, &b);
    icstat_agree_diff *diff = NULL;
    size_t n = 0, found = 0;
    assert_int_equal(icstat_agree_paired(a, b, &o, &diff, &n, &err), ICSTAT_OK);
    for (size_t i = 0; i < n; i++)
        if (strcmp(diff[i].name, coef) == 0) {
            assert_diff(&diff[i], want, row);
            /* The interval and p from the same t on n - 1 df. */
            assert_true(diff[i].ci_low < diff[i].estimate && diff[i].estimate < diff[i].ci_high);
            found++;
        }
    assert_int_equal(found, 1);
    free(diff);
    icstat_ratings_free(a);
    icstat_ratings_free(b);
}

static void differences_match_irrcac(void **state)
{
    (void)state;
    icstat_table *want = fixture_read("tests/fixtures/agree_difference_values.csv");
    size_t checked[2] = {0, 0};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        case_data d;
        case_load(&cases[c], &d);
        for (size_t row = 0; row < want->nrow; row++)
            if (strcmp(fixture_cell(want, "case", row), cases[c].name) == 0) {
                check_row(&d, want, row);
                checked[strcmp(fixture_cell(want, "test", row), "paired") == 0]++;
            }
        case_free(&d);
    }
    /* Every row of the fixture belongs to a case: none was skipped. */
    assert_int_equal(checked[0] + checked[1], want->nrow);
    assert_true(checked[0] >= 20 && checked[1] >= 20);
    icstat_table_free(want);
}

/* A level that uses fewer categories keeps the whole's: Gwet's AC and
 * Brennan-Prediger depend on how many categories there are. */
static void subset_keeps_categories(void **state)
{
    (void)state;
    case_data d;
    case_load(&cases[1], &d);
    icstat_ratings *s = level_ratings(&d, "Special");
    assert_int_equal(s->n_cat, 4);
    assert_int_equal(s->n_raters, 4);
    icstat_agree_options o = agree_defaults();
    icstat_agree_result *res = estimate(s, &o);
    /* Brennan-Prediger's chance agreement is 1/q of the whole's q. */
    assert_close(find_coef(res, "brennan_prediger")->pe, 0.25, 1e-15);
    icstat_agree_result_free(res);
    icstat_ratings_free(s);
    /* No rating left: an error naming what was asked. */
    size_t unit = 0, rater = 0;
    icstat_error err;
    icstat_error_clear(&err);
    icstat_ratings *none = NULL;
    assert_int_equal(icstat_ratings_subset(d.r, &unit, 0, &rater, 1, "level 'x'", &none, &err),
                     ICSTAT_EDATA);
    assert_non_null(strstr(err.msg, "level 'x'"));
    assert_null(none);
    case_free(&d);
}

/* Sets on other units are refused; a coefficient without se gives NA. */
static void mismatch_and_na(void **state)
{
    (void)state;
    case_data d;
    case_load(&cases[0], &d);
    icstat_ratings *north = level_ratings(&d, "North"), *south = level_ratings(&d, "South");
    icstat_agree_options o = agree_defaults();
    icstat_agree_diff *diff = NULL;
    size_t n = 0;
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_agree_paired(north, south, &o, &diff, &n, &err), ICSTAT_EDATA);
    assert_null(diff);
    assert_non_null(strstr(err.msg, "same units"));
    icstat_coef g = {.name = "fleiss_kappa", .estimate = 0.5, .se = NAN, .df = 10};
    icstat_coef r = {.name = "fleiss_kappa", .estimate = 0.4, .se = 0.1, .df = 10};
    icstat_agree_diff x;
    icstat_agree_diff_independent(&g, &r, 0.95, &x);
    assert_true(isnan(x.se) && isnan(x.ci_low) && isnan(x.p_value));
    assert_non_null(strstr(x.note, "no standard error"));
    /* Equal variances and df: Welch-Satterthwaite gives 2 (n - 1). */
    g.se = 0.1;
    icstat_agree_diff_independent(&g, &r, 0.95, &x);
    assert_close(x.df, 20.0, 1e-12);
    assert_close(x.se, sqrt(0.02), 1e-15);
    icstat_ratings_free(north);
    icstat_ratings_free(south);
    case_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(differences_match_irrcac),
        cmocka_unit_test(subset_keeps_categories),
        cmocka_unit_test(mismatch_and_na),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
