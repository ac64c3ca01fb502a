/* test_agree_inputs.c — published tables as agree's input (issue 18):
 * a cross-table and counts per unit expanded into the rows they summarise
 * give the raw rows' coefficients and standard errors, to the last bit
 * for the counts and within a few ulps for the cross-table (whose units
 * come in another order); a user's weight matrix equal to a family gives
 * the family's weights exactly; the matrices' checks name line and cells. */
#include "icstat/agree.h"
#include "icstat/label_matrix.h"
#include "icstat/table.h"
#include "icstat/weights_matrix.h"
#include "test_util.h"

static icstat_agree_result *estimate_table(const icstat_table *t, const icstat_agree_options *opt,
                                           icstat_ratings **rout)
{
    icstat_ratings *r = NULL;
    icstat_agree_result *res = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    icstat_ratings_spec spec = {0};
    if (icstat_ratings_from_table(t, &spec, &r, &err) != ICSTAT_OK ||
        icstat_agree_estimate(r, opt, &res, &err) != ICSTAT_OK)
        fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
    if (rout)
        *rout = r;
    else
        icstat_ratings_free(r);
    return res;
}

static icstat_label_matrix *matrix_read(const char *path)
{
    icstat_label_matrix *m = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_label_matrix_read(path, &m, &err) != ICSTAT_OK)
        fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
    return m;
}

/* Every coefficient of `a` in `b` with the same estimate and se, within tol. */
static void same_coefficients(const icstat_agree_result *a, const icstat_agree_result *b,
                              double tol)
{
    for (size_t i = 0; i < a->n_coef; i++) {
        const icstat_coef *c = find_coef(b, a->coef[i].name);
        assert_close(c->estimate, a->coef[i].estimate, tol);
        assert_close(c->se, a->coef[i].se, tol);
        assert_close(c->ci_low, a->coef[i].ci_low, tol);
        assert_close(c->ci_high, a->coef[i].ci_high, tol);
    }
}

static void crosstab_is_its_rows(void **state)
{
    (void)state;
    icstat_label_matrix *m = matrix_read("tests/fixtures/agree_crosstab_two.csv");
    assert_int_equal(m->nrow, 4);
    assert_int_equal(m->ncol, 4);
    assert_string_equal(m->corner, "");
    icstat_table *x = NULL;
    icstat_error err;
    assert_int_equal(icstat_crosstab_expand(m, "a", "b", &x, &err), ICSTAT_OK);
    double total = 0.0;
    for (size_t c = 0; c < 16; c++)
        total += m->value[c];
    assert_int_equal(x->nrow, (size_t)total);
    /* Each unit's line is its table row's, and its cell is right. */
    size_t u = 0;
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++)
            for (double k = 0; k < m->value[i * 4 + j]; k++, u++) {
                assert_int_equal(x->line[u], m->row_line[i]);
                assert_string_equal(x->cols[1].text[u], m->row_labels[i]);
                assert_string_equal(x->cols[2].text[u], m->col_labels[j]);
            }

    /* The raw rows: agree_two.csv's units both raters rated. */
    icstat_table *two = fixture_read("tests/fixtures/agree_two.csv"), *raw = NULL;
    char buf[4096] = "unit,a,b\n";
    for (size_t i = 0; i < two->nrow; i++)
        if (two->cols[1].text[i] && two->cols[2].text[i])
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s,%s,%s\n",
                     two->cols[0].text[i], two->cols[1].text[i], two->cols[2].text[i]);
    icstat_table_free(two);
    assert_int_equal(icstat_table_read_buffer("pairs.csv", buf, strlen(buf), &raw, &err),
                     ICSTAT_OK);
    icstat_agree_options opt = agree_defaults();
    opt.alpha_metric = ICSTAT_METRIC_INTERVAL;
    for (int w = ICSTAT_W_IDENTITY; w < ICSTAT_W_COUNT; w++) {
        opt.weights = (icstat_weights_kind)w;
        icstat_agree_result *from_x = estimate_table(x, &opt, NULL);
        icstat_agree_result *from_raw = estimate_table(raw, &opt, NULL);
        /* The units in another order: sums may round apart in the last bits. */
        assert_int_equal(from_x->n_coef, from_raw->n_coef);
        same_coefficients(from_raw, from_x, 1e-14);
        icstat_agree_result_free(from_x);
        icstat_agree_result_free(from_raw);
    }
    icstat_table_free(raw);
    icstat_table_free(x);
    icstat_label_matrix_free(m);
}

static void counts_are_their_ratings(void **state)
{
    (void)state;
    const char *pairs[][2] = {
        {"datasets/reference/fleiss1971_diagnoses.csv", "tests/fixtures/agree_counts_fleiss1971.csv"},
        {"datasets/reference/krippendorff2011.csv", "tests/fixtures/agree_counts_kripp2011.csv"},
        {"tests/fixtures/agree_ord4.csv", "tests/fixtures/agree_counts_ord4.csv"}};
    for (size_t p = 0; p < 3; p++) {
        icstat_table *counts = fixture_read(pairs[p][1]), *x = NULL;
        icstat_error err;
        assert_int_equal(icstat_counts_expand(counts, NULL, &x, &err), ICSTAT_OK);
        assert_int_equal(x->nrow, counts->nrow);
        for (size_t i = 0; i < x->nrow; i++)
            assert_int_equal(x->line[i], counts->line[i]);
        icstat_agree_options opt = agree_defaults();
        opt.weights = p == 0 ? ICSTAT_W_IDENTITY : ICSTAT_W_QUADRATIC;
        opt.alpha_metric = p == 0 ? ICSTAT_METRIC_NOMINAL : ICSTAT_METRIC_INTERVAL;
        icstat_agree_result *from_x = estimate_table(x, &opt, NULL);
        icstat_agree_result *wide = agree_file(pairs[p][0], &opt, NULL);
        const char *det[] = {"percent_agreement", "fleiss_kappa", "gwet_ac", "brennan_prediger",
                             "krippendorff_alpha", "krippendorff_alpha_metric"};
        for (size_t i = 0; i < 6; i++) {
            /* The same counts per unit, summed in the same order: no
             * rounding apart. */
            assert_close(find_coef(from_x, det[i])->estimate, find_coef(wide, det[i])->estimate,
                         0.0);
            assert_close(find_coef(from_x, det[i])->se, find_coef(wide, det[i])->se, 0.0);
        }
        icstat_agree_result_free(from_x);
        icstat_agree_result_free(wide);
        icstat_table_free(x);
        icstat_table_free(counts);
    }
}

static void weights_matrix_is_the_family(void **state)
{
    (void)state;
    icstat_ratings *r = NULL;
    icstat_agree_options opt = agree_defaults();
    icstat_agree_result *res = agree_file("datasets/reference/krippendorff2011.csv", &opt, &r);
    icstat_agree_result_free(res);
    const char *files[] = {"tests/fixtures/agree_weights_linear5.csv",
                           "tests/fixtures/agree_weights_quadratic5.csv"};
    const icstat_weights_kind kinds[] = {ICSTAT_W_LINEAR, ICSTAT_W_QUADRATIC};
    for (size_t f = 0; f < 2; f++) {
        icstat_label_matrix *m = matrix_read(files[f]);
        double *w = NULL, fam[25];
        icstat_error err;
        assert_int_equal(icstat_weights_from_matrix(m, r, NULL, &w, &err), ICSTAT_OK);
        assert_int_equal(icstat_weights_fill(kinds[f], r->cat_values, 5, fam, &err), ICSTAT_OK);
        for (size_t c = 0; c < 25; c++)
            assert_close(w[c], fam[c], 0.0);
        free(w);
        icstat_label_matrix_free(m);
    }
    /* Asymmetric: both cells and the second's line named. */
    icstat_label_matrix *m = matrix_read("tests/fixtures/agree_weights_custom5.csv");
    assert_string_equal(m->corner, "weights");
    m->value[1] = 0.2; /* (row '4', column '2') */
    double *w = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_weights_from_matrix(m, r, NULL, &w, &err), ICSTAT_EDATA);
    assert_null(w);
    assert_int_equal(err.line, m->row_line[0]);
    assert_string_equal(err.msg, "the weights are not symmetric: (row '4', column '2') is 0.2 "
                                 "but (row '2', column '4') on line 3 is 0.1");
    icstat_label_matrix_free(m);
    icstat_ratings_free(r);
}

static void ratings_flags(void **state)
{
    (void)state;
    const char *csv = "u,a,b\n1,Yes ,yes\n2,No,No\n3, Yes,Yes\n";
    icstat_table *t = NULL;
    icstat_error err;
    assert_int_equal(icstat_table_read_buffer("t.csv", csv, strlen(csv), &t, &err), ICSTAT_OK);
    icstat_ratings *r = NULL;
    icstat_agree_options opt = agree_defaults();
    icstat_agree_result *res = estimate_table(t, &opt, &r);
    assert_int_equal(r->n_cat, 3); /* No, Yes, yes */
    assert_int_equal(r->n_trimmed, 2);
    assert_string_equal(r->cat_labels[r->case_twin[0]], "Yes");
    assert_string_equal(r->cat_labels[r->case_twin[1]], "yes");
    assert_int_equal(r->cat_ranks_of_numbers, 0);
    icstat_agree_result_free(res);
    icstat_ratings_free(r);
    icstat_table_free(t);

    /* Numbers out of order: ranks, and the weights say so. */
    const char *num = "u,a,b\n1,8,8\n2,4,2\n3,2,1\n";
    assert_int_equal(icstat_table_read_buffer("n.csv", num, strlen(num), &t, &err), ICSTAT_OK);
    const char *cats[] = {"8", "4", "2", "1"};
    icstat_ratings_spec spec = {.categories = cats, .n_categories = 4};
    assert_int_equal(icstat_ratings_from_table(t, &spec, &r, &err), ICSTAT_OK);
    assert_int_equal(r->cat_ranks_of_numbers, 1);
    opt.weights = ICSTAT_W_QUADRATIC;
    assert_int_equal(icstat_agree_estimate(r, &opt, &res, &err), ICSTAT_OK);
    assert_string_equal(find_coef(res, "fleiss_kappa")->weights, "rank-quadratic");
    assert_true(res->n_notes >= 1);
    assert_non_null(strstr(res->notes[res->n_notes - 1], "ranks 1 to 4"));
    icstat_agree_result_free(res);
    icstat_ratings_free(r);
    icstat_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crosstab_is_its_rows),
        cmocka_unit_test(counts_are_their_ratings),
        cmocka_unit_test(weights_matrix_is_the_family),
        cmocka_unit_test(ratings_flags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
