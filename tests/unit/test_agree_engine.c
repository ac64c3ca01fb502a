/* test_agree_engine.c — behaviour beyond the reference values: degenerate
 * data, long vs wide input, fixed categories, weights by hand, the
 * confusion table and reproducible bootstrap intervals. */
#include <gsl/gsl_rng.h>

#include "icstat/agree.h"
#include "icstat/icc.h"
#include "icstat/table.h"
#include "test_util.h"

static icstat_ratings *ratings_from(const char *csv, const icstat_ratings_spec *spec,
                                    int want_status, icstat_error *err)
{
    icstat_table *t = NULL;
    icstat_ratings *r = NULL;
    icstat_error_clear(err);
    assert_int_equal(icstat_table_read_buffer("data.csv", csv, strlen(csv), &t, err), ICSTAT_OK);
    int st = icstat_ratings_from_table(t, spec, &r, err);
    icstat_table_free(t);
    if (st != want_status)
        print_error("status %d (want %d): %s\n", st, want_status, err->msg);
    assert_int_equal(st, want_status);
    return r;
}

static icstat_agree_result *estimate(const icstat_ratings *r, const icstat_agree_options *opt)
{
    icstat_agree_result *res = NULL;
    icstat_error err;
    int st = icstat_agree_estimate(r, opt, &res, &err);
    if (st != ICSTAT_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(st, ICSTAT_OK);
    return res;
}

/* Every rating identical: chance agreement is 1, so kappas are NA with a
 * reason, while percent agreement is a plain 1; so are Gwet's AC1 and
 * Brennan-Prediger (PABAK), which are 1 on any scale of two or more
 * categories (as irrCAC reports; see test_edge_agree.c). */
static void all_identical(void **state)
{
    (void)state;
    icstat_error err;
    icstat_ratings_spec spec = {0};
    icstat_ratings *r = ratings_from("u,a,b\n1,Good,Good\n2,Good,Good\n3,Good,Good\n", &spec,
                                     ICSTAT_OK, &err);
    icstat_agree_options opt = agree_defaults();
    icstat_agree_result *res = estimate(r, &opt);
    assert_close(find_coef(res, "percent_agreement")->estimate, 1.0, 1e-15);
    const char *undefined[] = {"cohen_kappa", "scott_pi", "fleiss_kappa", "conger_kappa",
                               "krippendorff_alpha"};
    for (size_t i = 0; i < sizeof undefined / sizeof *undefined; i++) {
        const icstat_coef *c = find_coef(res, undefined[i]);
        assert_true(isnan(c->estimate));
        assert_true(isnan(c->ci_low) && isnan(c->p_value));
        assert_non_null(strstr(c->note, "chance agreement is 1"));
    }
    const char *one[] = {"pabak", "gwet_ac", "brennan_prediger"};
    for (size_t i = 0; i < sizeof one / sizeof *one; i++) {
        const icstat_coef *c = find_coef(res, one[i]);
        assert_close(c->estimate, 1.0, 1e-15);
        assert_close(c->se, 0.0, 1e-15);
        assert_non_null(strstr(c->note, "only one category on the scale"));
    }
    icstat_agree_result_free(res);
    icstat_ratings_free(r);
}

/* Two raters, two categories: Cohen's kappa and PABAK by hand.
 * Table [[20, 5], [10, 15]]: po = 0.7, pe = 0.5*0.6 + 0.5*0.4 = 0.5,
 * kappa = 0.4; PABAK = 2 po - 1 = 0.4; Scott: pi = (0.55, 0.45),
 * pe = 0.505, pi = 0.19500/0.495 = 0.393939... */
static void two_rater_by_hand(void **state)
{
    (void)state;
    char csv[4096] = "unit,a,b\n";
    const int cells[4][3] = {{0, 0, 20}, {0, 1, 5}, {1, 0, 10}, {1, 1, 15}};
    int unit = 0;
    for (int c = 0; c < 4; c++)
        for (int k = 0; k < cells[c][2]; k++) {
            char line[64];
            snprintf(line, sizeof line, "%d,%s,%s\n", ++unit, cells[c][0] ? "no" : "yes",
                     cells[c][1] ? "no" : "yes");
            strcat(csv, line);
        }
    strcat(csv, "51,yes,\n52,,no\n"); /* one rating each: not pairs */
    icstat_error err;
    const char *cats[] = {"yes", "no"};
    icstat_ratings_spec spec = {.categories = cats, .n_categories = 2};
    icstat_ratings *r = ratings_from(csv, &spec, ICSTAT_OK, &err);
    icstat_agree_options opt = agree_defaults();
    icstat_agree_result *res = estimate(r, &opt);
    assert_int_equal(res->pairs, 50);
    assert_int_equal(res->units_single, 2);
    const icstat_coef *k = find_coef(res, "cohen_kappa");
    assert_close(k->estimate, 0.4, 1e-12);
    assert_close(k->pa, 0.7, 1e-12);
    assert_close(k->pe, 0.5, 1e-12);
    assert_int_equal(k->units, 50);
    assert_close(k->df, 49.0, 0.0);
    assert_close(find_coef(res, "pabak")->estimate, 0.4, 1e-12);
    assert_close(find_coef(res, "scott_pi")->estimate, (0.7 - 0.505) / 0.495, 1e-12);

    icstat_agree_table *t = NULL;
    assert_int_equal(icstat_agree_table_compute(r, &t, &err), ICSTAT_OK);
    assert_int_equal(t->n, 50);
    assert_close(t->count[0 * 2 + 1], 5.0, 0.0);
    assert_close(t->count[1 * 2 + 0], 10.0, 0.0);
    /* specific agreement: yes 2*20/(25+30), no 2*15/(25+20) */
    assert_close(t->specific[0], 40.0 / 55.0, 1e-12);
    assert_close(t->specific[1], 30.0 / 45.0, 1e-12);
    /* margins and shares: rows 25 and 25, columns 30 and 20 */
    assert_close(t->row_total[0], 25.0, 0.0);
    assert_close(t->row_total[1], 25.0, 0.0);
    assert_close(t->col_total[0], 30.0, 0.0);
    assert_close(t->col_total[1], 20.0, 0.0);
    assert_close(t->share[0 * 2 + 1], 5.0 / 50.0, 1e-15);
    icstat_agree_table_free(t);
    icstat_agree_result_free(res);
    icstat_ratings_free(r);
}

/* Long input gives the same numbers as wide input. */
static void long_equals_wide(void **state)
{
    (void)state;
    icstat_error err;
    icstat_ratings_spec wide = {0};
    icstat_ratings *rw = ratings_from("school,x,y,z\nA,1,2,2\nB,3,3,\nC,2,2,1\nD,4,4,4\nE,1,,2\n",
                                      &wide, ICSTAT_OK, &err);
    icstat_ratings_spec lng = {.long_unit = "school", .long_rater = "inspector",
                               .long_rating = "grade"};
    icstat_ratings *rl = ratings_from("school,inspector,grade\nA,x,1\nA,y,2\nA,z,2\nB,x,3\n"
                                      "B,y,3\nC,z,1\nC,x,2\nC,y,2\nD,x,4\nD,y,4\nD,z,4\n"
                                      "E,x,1\nE,z,2\nB,z,NA\n",
                                      &lng, ICSTAT_OK, &err);
    assert_int_equal(rl->n_units, 5);
    assert_int_equal(rl->n_raters, 3);
    icstat_agree_options opt = agree_defaults();
    opt.weights = ICSTAT_W_QUADRATIC;
    icstat_agree_result *a = estimate(rw, &opt), *b = estimate(rl, &opt);
    assert_int_equal(a->n_coef, b->n_coef);
    for (size_t i = 0; i < a->n_coef; i++) {
        assert_close(a->coef[i].estimate, b->coef[i].estimate, 1e-14);
        assert_close(a->coef[i].se, b->coef[i].se, 1e-14);
    }
    icstat_agree_result_free(a);
    icstat_agree_result_free(b);
    icstat_ratings_free(rw);
    icstat_ratings_free(rl);
}

static void ratings_errors(void **state)
{
    (void)state;
    icstat_error err;
    const char *cats[] = {"Outstanding", "Good", "Requires improvement", "Inadequate"};
    icstat_ratings_spec fixed = {.categories = cats, .n_categories = 4,
                                 .names = agree_cli_names()};
    assert_null(ratings_from("urn,lead,second\n1,Good,Good\n2,Goo d,Inadequate\n", &fixed,
                             ICSTAT_EDATA, &err));
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "column 'lead' has value 'Goo d' that is not in --categories");
    fixed.names = NULL; /* a caller without options: plain words */
    assert_null(ratings_from("urn,lead,second\n1,Good,Good\n2,Goo d,Inadequate\n", &fixed,
                             ICSTAT_EDATA, &err));
    assert_string_equal(err.msg,
                        "column 'lead' has value 'Goo d' that is not in the fixed categories");
    /* Surrounding spaces are trimmed and counted (issue 18, item 9). */
    icstat_ratings *tr = ratings_from("urn,lead,second\n1,Good,Good\n2,Good ,\tInadequate\n",
                                      &fixed, ICSTAT_OK, &err);
    assert_non_null(tr);
    assert_int_equal(tr->n_trimmed, 2);
    assert_int_equal(tr->cat[2], 1);
    assert_int_equal(tr->cat[3], 3);
    icstat_ratings_free(tr);

    icstat_ratings_spec one = {.raters = (const char *const[]){"lead"}, .n_raters = 1};
    assert_null(ratings_from("urn,lead,second\n1,1,2\n", &one, ICSTAT_EDATA, &err));
    assert_non_null(strstr(err.msg, "at least two rater columns"));

    icstat_ratings_spec none = {0};
    assert_null(ratings_from("urn,lead\n1,1\n", &none, ICSTAT_EDATA, &err));
    assert_null(ratings_from("urn,a,b\n", &none, ICSTAT_EDATA, &err));
    assert_non_null(strstr(err.msg, "no data rows"));
    assert_null(ratings_from("urn,a,b\n1,,\n2,NA,.\n", &none, ICSTAT_EDATA, &err));
    assert_non_null(strstr(err.msg, "every rating is missing"));

    icstat_ratings_spec missing = {.raters = (const char *const[]){"a", "c"}, .n_raters = 2};
    assert_null(ratings_from("urn,a,b\n1,1,2\n", &missing, ICSTAT_EDATA, &err));
    assert_string_equal(err.msg, "no rater column 'c' in the header");

    icstat_ratings_spec lng = {.long_unit = "u", .long_rater = "r", .long_rating = "y"};
    assert_null(ratings_from("u,r,y\n1,a,1\n1,b,2\n1,a,2\n", &lng, ICSTAT_EDATA, &err));
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.msg, "twice"));
}

/* Fixed numeric categories match "2.0" to "2"; unrated units are dropped;
 * unused fixed categories still count in q (they change Gwet's AC1). */
static void categories_fixed(void **state)
{
    (void)state;
    icstat_error err;
    const char *cats[] = {"1", "2", "3", "4", "5"};
    icstat_ratings_spec spec = {.categories = cats, .n_categories = 5};
    icstat_ratings *r = ratings_from("u,a,b\n1,2.0,2\n2,,\n3,1,3\n4,3,3\n", &spec, ICSTAT_OK,
                                     &err);
    assert_int_equal(r->n_units, 3);
    assert_int_equal(r->units_empty, 1);
    assert_int_equal(r->n_cat, 5);
    assert_int_equal(r->cat[0], 1);
    icstat_agree_options opt = agree_defaults();
    icstat_agree_result *res = estimate(r, &opt);
    /* AC1: pi = (1/6, 1/3, 1/2, 0, 0); pe = sum pi(1-pi)/(q-1) = (11/18)/4 */
    const icstat_coef *ac1 = find_coef(res, "gwet_ac");
    assert_close(ac1->pe, (5.0 / 36 + 2.0 / 9 + 1.0 / 4) / 4.0, 1e-12);
    assert_close(ac1->pa, 2.0 / 3.0, 1e-12);
    icstat_agree_result_free(res);
    icstat_ratings_free(r);
}

/* Gwet's weights on values 1,2,3,5,8 worked by hand (Handbook ch. 3). */
static void weights_by_hand(void **state)
{
    (void)state;
    const double x[] = {1, 2, 3, 5, 8};
    double w[25];
    icstat_error err;
    assert_int_equal(icstat_weights_fill(ICSTAT_W_LINEAR, x, 5, w, &err), ICSTAT_OK);
    assert_close(w[0 * 5 + 3], 1.0 - 4.0 / 7.0, 1e-15);
    assert_int_equal(icstat_weights_fill(ICSTAT_W_QUADRATIC, x, 5, w, &err), ICSTAT_OK);
    assert_close(w[1 * 5 + 4], 1.0 - 36.0 / 49.0, 1e-15);
    assert_int_equal(icstat_weights_fill(ICSTAT_W_ORDINAL, x, 5, w, &err), ICSTAT_OK);
    /* ranks 1 and 3 span 3 categories: 3 pairs of 10 at most */
    assert_close(w[0 * 5 + 2], 1.0 - 3.0 / 10.0, 1e-15);
    assert_int_equal(icstat_weights_fill(ICSTAT_W_RATIO, x, 5, w, &err), ICSTAT_OK);
    assert_close(w[0 * 5 + 1], 1.0 - (1.0 / 9.0) / (49.0 / 81.0), 1e-15);
    assert_close(w[2 * 5 + 2], 1.0, 0.0);
    const double neg[] = {-1, 0, 1};
    assert_int_equal(icstat_weights_fill(ICSTAT_W_RATIO, neg, 3, w, &err), ICSTAT_EDATA);
}

static void bootstrap_reproducible(void **state)
{
    (void)state;
    icstat_ratings *r = NULL;
    icstat_agree_options opt = agree_defaults();
    icstat_agree_result *a = agree_file("datasets/reference/fleiss1971_diagnoses.csv", &opt, &r);
    icstat_agree_result *b = agree_file("datasets/reference/fleiss1971_diagnoses.csv", &opt, NULL);
    icstat_agree_result *c = agree_file("datasets/reference/fleiss1971_diagnoses.csv", &opt, NULL);
    icstat_error err;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 42);
    assert_int_equal(icstat_agree_bootstrap(r, &opt, a, 500, rng, NULL, NULL, &err), ICSTAT_OK);
    gsl_rng_set(rng, 42);
    assert_int_equal(icstat_agree_bootstrap(r, &opt, b, 500, rng, NULL, NULL, &err), ICSTAT_OK);
    gsl_rng_set(rng, 43);
    assert_int_equal(icstat_agree_bootstrap(r, &opt, c, 500, rng, NULL, NULL, &err), ICSTAT_OK);
    int differs = 0;
    for (size_t i = 0; i < a->n_coef; i++) {
        assert_string_equal(a->coef[i].ci_method, "bootstrap_percentile");
        assert_true(a->coef[i].ci_low == b->coef[i].ci_low);
        assert_true(a->coef[i].ci_high == b->coef[i].ci_high);
        differs |= a->coef[i].ci_low != c->coef[i].ci_low;
        /* estimates sit inside; the percentile interval is about as wide as
         * the analytic one (se 0.054 for Fleiss' kappa: +/- 0.11) */
        assert_true(a->coef[i].ci_low < a->coef[i].estimate);
        assert_true(a->coef[i].ci_high > a->coef[i].estimate);
        const double width = a->coef[i].ci_high - a->coef[i].ci_low;
        assert_true(width > 2.0 * 1.0 * a->coef[i].se && width < 2.0 * 3.0 * a->coef[i].se);
    }
    assert_true(differs);
    gsl_rng_free(rng);
    icstat_agree_result_free(a);
    icstat_agree_result_free(b);
    icstat_agree_result_free(c);
    icstat_ratings_free(r);
}

/* ICC on text categories needs their order; with it, they are scored 1..q. */
static void icc_needs_order(void **state)
{
    (void)state;
    icstat_error err;
    icstat_ratings_spec none = {0};
    icstat_ratings *r = ratings_from("u,a,b\n1,Good,Good\n2,Poor,Good\n3,Poor,Poor\n", &none,
                                     ICSTAT_OK, &err);
    icstat_agree_options opt = agree_defaults();
    opt.icc = 1;
    icstat_agree_result *res = NULL;
    assert_int_equal(icstat_agree_estimate(r, &opt, &res, &err), ICSTAT_EDATA);
    assert_string_equal(err.msg, "ICC needs numeric ratings (or the fixed categories to score "
                                 "text categories 1, 2, ... in that order)");
    opt.names = agree_cli_names();
    assert_int_equal(icstat_agree_estimate(r, &opt, &res, &err), ICSTAT_EDATA);
    assert_string_equal(err.msg, "--icc needs numeric ratings (or --categories to score "
                                 "text categories 1, 2, ... in that order)");
    opt.icc = 0;
    opt.alpha_metric = ICSTAT_METRIC_INTERVAL;
    assert_int_equal(icstat_agree_estimate(r, &opt, &res, &err), ICSTAT_EDATA);
    assert_null(res);
    icstat_ratings_free(r);
}

/* The coefficient table: every id once, in order, found both ways; the ICC
 * forms named as icc.c names them; results carry matching names and ids. */
static void coefficient_table(void **state)
{
    (void)state;
    for (int id = 0; id < ICSTAT_COEF_COUNT; id++) {
        const icstat_coef_def *d = &icstat_coef_defs[id];
        assert_int_equal(d->id, id);
        assert_non_null(d->name);
        assert_non_null(d->label);
        assert_ptr_equal(icstat_coef_def_get((icstat_coef_id)id), d);
        assert_ptr_equal(icstat_coef_def_find(d->name), d);
        assert_int_equal(icstat_coef_lookup(d->name), id);
        assert_string_equal(icstat_coef_name((icstat_coef_id)id), d->name);
    }
    assert_null(icstat_coef_defs[ICSTAT_COEF_COUNT].name);
    assert_int_equal(icstat_coef_lookup("Cohen_Kappa"), ICSTAT_COEF_NONE);
    assert_int_equal(icstat_coef_lookup(""), ICSTAT_COEF_NONE);
    assert_null(icstat_coef_def_find(NULL));
    assert_null(icstat_coef_name(ICSTAT_COEF_NONE));
    assert_null(icstat_coef_name(ICSTAT_COEF_COUNT));
    assert_string_equal(icstat_coef_def_get(ICSTAT_COEF_GWET)->label_weighted, "Gwet's AC2");
    assert_false(icstat_coef_def_get(ICSTAT_COEF_PERCENT)->chance_corrected);
    assert_true(icstat_coef_def_get(ICSTAT_COEF_COHEN)->two_raters);

    const double y[] = {1, 2, 2, 3, 3, 3, 4, 4, 5};
    icstat_icc icc[ICSTAT_ICC_FORMS];
    icstat_error err;
    assert_int_equal(icstat_icc_compute(y, 3, 3, NULL, 0.95, icc, &err), ICSTAT_OK);
    for (int f = 0; f < ICSTAT_ICC_FORMS; f++) {
        const icstat_coef_def *d = icstat_coef_def_get((icstat_coef_id)(ICSTAT_COEF_ICC_1_1 + f));
        assert_string_equal(icc[f].name, d->name);
        assert_true(d->icc);
    }

    icstat_agree_options opt = agree_defaults();
    opt.icc = 1;
    icstat_agree_result *res = agree_file("datasets/reference/shrout_fleiss1979.csv", &opt, NULL);
    for (size_t i = 0; i < res->n_coef; i++)
        assert_int_equal(icstat_coef_lookup(res->coef[i].name), res->coef[i].id);
    icstat_agree_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(all_identical),      cmocka_unit_test(two_rater_by_hand),
        cmocka_unit_test(long_equals_wide),   cmocka_unit_test(ratings_errors),
        cmocka_unit_test(categories_fixed),   cmocka_unit_test(weights_by_hand),
        cmocka_unit_test(bootstrap_reproducible), cmocka_unit_test(icc_needs_order),
        cmocka_unit_test(coefficient_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
