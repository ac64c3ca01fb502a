/* test_scale.c — the known grade scales (analysis/data/scale.c) and what the
 * engines make of them: a factor put in a scale's order (factor.c),
 * describe's categories, agree's ratings and weights, fit's outcome.
 *
 * The scales are DESIGN.md's ("Grades"): Ofsted 1 Outstanding .. 4
 * Inadequate (Satisfactory was grade 3 before September 2012), report
 * cards 1 Exceptional .. 5 Urgent improvement, safeguarding Met / Not met.
 * The weighted kappa below is worked by hand: six schools, two inspectors,
 * grades (2,2) (1,2) (3,4) (4,4) (2,3) (1,1); linear weights 1 - |i-j|/3
 * give observed agreement 5/6 and chance agreement 31/54 from the margins
 * (2,2,1,1)/6 and (1,2,1,2)/6, so kappa = (5/6 - 31/54) / (1 - 31/54) =
 * 14/23. */
#include "icstat/ratings.h"
#include "icstat/table.h"
#include "test_util.h"

#include "icstat/agree.h"
#include "icstat/describe.h"
#include "icstat/design.h"
#include "icstat/factor.h"
#include "icstat/scale.h"

static icstat_table *table_of(const char *csv)
{
    icstat_table *t = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_table_read_buffer("t.csv", csv, strlen(csv), &t, &err) != ICSTAT_OK)
        fail_msg("%ld: %s", err.line, err.msg);
    return t;
}

static void assert_labels(char *const *got, size_t n, const char *const *want, size_t m)
{
    if (n != m)
        fail_msg("%zu labels, want %zu (first '%s')", n, m, n ? got[0] : "");
    for (size_t i = 0; i < n; i++)
        assert_string_equal(got[i], want[i]);
}

static const char *const OFSTED[] = {"Outstanding", "Good", "Requires improvement", "Inadequate"};
static const char *const REPORT[] = {"Exceptional", "Strong standard", "Expected standard",
                                     "Needs attention", "Urgent improvement"};

/* ---- The scales ------------------------------------------------------------ */

static void test_lookup(void **state)
{
    (void)state;
    const icstat_scale *o = icstat_scale_lookup("ofsted");
    const icstat_scale *r = icstat_scale_lookup("report-card");
    const icstat_scale *m = icstat_scale_lookup("met");
    assert_non_null(o);
    assert_non_null(r);
    assert_non_null(m);
    assert_int_equal(o->k, 4);
    assert_int_equal(r->k, 5);
    assert_int_equal(m->k, 2);
    assert_ptr_equal(icstat_scale_lookup(" Ofsted "), o);
    assert_ptr_equal(icstat_scale_lookup("REPORT-CARD"), r);
    assert_ptr_equal(icstat_scale_lookup("report_card"), r); /* the framework column's value */
    assert_ptr_equal(icstat_scale_lookup("safeguarding"), m);
    assert_null(icstat_scale_lookup("Outstanding"));
    assert_null(icstat_scale_lookup("ofsted2"));
    assert_null(icstat_scale_lookup("report card"));
    assert_null(icstat_scale_lookup(""));
    assert_null(icstat_scale_lookup(NULL));
    assert_int_equal(icstat_scale_count(), 3);
    for (size_t i = 0; i < icstat_scale_count(); i++)
        assert_ptr_equal(icstat_scale_lookup(icstat_scale_get(i)->name), icstat_scale_get(i));
    assert_null(icstat_scale_get(3));
    for (size_t j = 0; j < 4; j++)
        assert_string_equal(o->words[j], OFSTED[j]);
    for (size_t j = 0; j < 5; j++)
        assert_string_equal(r->words[j], REPORT[j]);
}

static void test_words(void **state)
{
    (void)state;
    const icstat_scale *o = icstat_scale_lookup("ofsted");
    const icstat_scale *r = icstat_scale_lookup("report-card");
    const icstat_scale *m = icstat_scale_lookup("met");
    int former = -1;
    assert_int_equal(icstat_scale_word(o, "Outstanding", &former), 0);
    assert_int_equal(former, 0);
    assert_int_equal(icstat_scale_word(o, "GOOD", NULL), 1);
    assert_int_equal(icstat_scale_word(o, "requires  improvement", NULL), 2);
    assert_int_equal(icstat_scale_word(o, " Requires\timprovement ", NULL), 2);
    assert_int_equal(icstat_scale_word(o, "inadequate", NULL), 3);
    /* Grade 3 before September 2012: category 3, not a fifth category. */
    assert_int_equal(icstat_scale_word(o, "Satisfactory", &former), 2);
    assert_int_equal(former, 1);
    assert_int_equal(icstat_scale_word(o, "satisfactory ", NULL), 2);
    assert_int_equal(icstat_scale_word(r, "Satisfactory", NULL), -1);
    assert_int_equal(icstat_scale_word(o, "Requiresimprovement", NULL), -1);
    assert_int_equal(icstat_scale_word(o, "Requires improvement.", NULL), -1);
    assert_int_equal(icstat_scale_word(o, "Goo", NULL), -1);
    assert_int_equal(icstat_scale_word(o, "Good+Outstanding", NULL), -1);
    assert_int_equal(icstat_scale_word(o, "", NULL), -1);
    assert_int_equal(icstat_scale_word(o, "2", NULL), -1);
    assert_int_equal(icstat_scale_word(r, "urgent improvement", NULL), 4);
    assert_int_equal(icstat_scale_word(r, "Strong  standard", NULL), 1);
    assert_int_equal(icstat_scale_word(m, "Not met", NULL), 1);
    assert_int_equal(icstat_scale_word(m, "not met", NULL), 1);
    assert_int_equal(icstat_scale_word(m, " NOT   MET ", NULL), 1);
    assert_int_equal(icstat_scale_word(m, "met", NULL), 0);
    assert_int_equal(icstat_scale_word(m, "notmet", NULL), -1);
    assert_int_equal(icstat_scale_word(o, "Met", NULL), -1);
}

static void test_codes(void **state)
{
    (void)state;
    const icstat_scale *o = icstat_scale_lookup("ofsted");
    const icstat_scale *r = icstat_scale_lookup("report-card");
    assert_int_equal(icstat_scale_code(o, "1"), 0);
    assert_int_equal(icstat_scale_code(o, "2.0"), 1);
    assert_int_equal(icstat_scale_code(o, " 3 "), 2);
    assert_int_equal(icstat_scale_code(o, "4"), 3);
    assert_int_equal(icstat_scale_code(o, "5"), -1);
    assert_int_equal(icstat_scale_code(r, "5"), 4);
    assert_int_equal(icstat_scale_code(o, "0"), -1);
    assert_int_equal(icstat_scale_code(o, "-1"), -1);
    assert_int_equal(icstat_scale_code(o, "2.5"), -1);
    assert_int_equal(icstat_scale_code(o, "Good"), -1);
    int former = -1;
    assert_int_equal(icstat_scale_find(o, "good", &former), 1);
    assert_int_equal(icstat_scale_find(o, "3", &former), 2);
    assert_int_equal(former, 0);
    assert_int_equal(icstat_scale_find(o, "Satisfactory", &former), 2);
    assert_int_equal(former, 1);
    assert_int_equal(icstat_scale_find(o, "Excellent", NULL), -1);
}

static void test_detect(void **state)
{
    (void)state;
    const icstat_scale *o = icstat_scale_lookup("ofsted");
    const icstat_scale *r = icstat_scale_lookup("report-card");
    const icstat_scale *m = icstat_scale_lookup("met");
    const char *grades[] = {"good", NULL, "Inadequate", "Satisfactory", "OUTSTANDING"};
    assert_ptr_equal(icstat_scale_detect(grades, 5), o);
    const char *cards[] = {"Needs attention", "Exceptional"};
    assert_ptr_equal(icstat_scale_detect(cards, 2), r);
    const char *safe[] = {"not met", "Met"};
    assert_ptr_equal(icstat_scale_detect(safe, 2), m);
    const char *mixed[] = {"Good", "Strong standard"};
    assert_null(icstat_scale_detect(mixed, 2));
    const char *other[] = {"Good", "Excellent"};
    assert_null(icstat_scale_detect(other, 2));
    const char *codes[] = {"1", "2"};
    assert_null(icstat_scale_detect(codes, 2)); /* numbers sort as numbers already */
    const char *words_codes[] = {"Good", "3"};
    assert_null(icstat_scale_detect(words_codes, 2));
    const char *none[] = {NULL, NULL};
    assert_null(icstat_scale_detect(none, 2));
    assert_null(icstat_scale_detect(none, 0));
}

static void test_labels_and_lists(void **state)
{
    (void)state;
    const icstat_scale *o = icstat_scale_lookup("ofsted");
    assert_string_equal(icstat_scale_label(o, 2, 0), "Requires improvement");
    assert_string_equal(icstat_scale_label(o, 2, 1), "Satisfactory");
    assert_string_equal(icstat_scale_label(o, 1, 1), "Good"); /* no former word */
    assert_null(icstat_scale_label(o, 4, 0));
    char buf[200];
    icstat_scale_list(o, buf, sizeof buf);
    assert_string_equal(buf, "Outstanding, Good, Requires improvement, Inadequate or a code 1-4");
    icstat_scale_words(icstat_scale_lookup("met"), buf, sizeof buf);
    assert_string_equal(buf, "Met,Not met");
    icstat_scale_words(o, buf, 10); /* cut short, terminated */
    assert_string_equal(buf, "Outstandi");
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_scale_value_error(&err, "f.csv", 7, "grade", "Fair", o, "--categories"),
                     ICSTAT_EDATA);
    assert_int_equal(err.line, 7);
    assert_string_equal(err.msg, "column 'grade' has value 'Fair' that is not in --categories "
                                 "ofsted (Outstanding, Good, Requires improvement, Inadequate "
                                 "or a code 1-4)");
    /* A caller with no options of its own names no flag. */
    icstat_scale_value_error(&err, "f.csv", 7, "grade", "Fair", o, NULL);
    assert_string_equal(err.msg, "column 'grade' has value 'Fair' that is not on the scale "
                                 "ofsted (Outstanding, Good, Requires improvement, Inadequate "
                                 "or a code 1-4)");
}

/* ---- Factors --------------------------------------------------------------- */

static void test_factor_scale(void **state)
{
    (void)state;
    const icstat_scale *o = icstat_scale_lookup("ofsted");
    icstat_table *t = table_of("g\nGood\ninadequate\nNA\ngood\nOutstanding\n2\n");
    icstat_factor f;
    icstat_error err;
    assert_int_equal(icstat_factor_build(&t->cols[0], t->nrow, NULL, &f, &err), ICSTAT_OK);
    size_t bad = 99;
    assert_int_equal(icstat_factor_scale(&f, o, 0, &bad), 0);
    const char *want[] = {"Outstanding", "Good", "Inadequate"};
    assert_labels(f.levels, f.n_levels, want, 3);
    assert_close(f.values[2], 4.0, 0.0);
    assert_int_equal(f.count[1], 3); /* Good, good and 2 */
    const long code[] = {1, 2, -1, 1, 0, 1};
    for (size_t i = 0; i < t->nrow; i++)
        assert_int_equal(f.code[i], code[i]);
    assert_ptr_equal(f.scale, o);
    assert_int_equal(icstat_factor_find(&f, " GOOD"), 1);
    assert_int_equal(icstat_factor_find(&f, "4"), 2);
    assert_int_equal(icstat_factor_find(&f, "Requires improvement"), -1); /* not a level */
    icstat_factor_clear(&f);

    /* Every category of the scale, counted or not. */
    assert_int_equal(icstat_factor_build(&t->cols[0], t->nrow, NULL, &f, &err), ICSTAT_OK);
    assert_int_equal(icstat_factor_scale(&f, o, 1, &bad), 0);
    assert_labels(f.levels, f.n_levels, OFSTED, 4);
    assert_int_equal(f.count[2], 0);
    assert_int_equal(f.code[1], 3);
    icstat_factor_clear(&f);
    icstat_table_free(t);

    /* A level off the scale: its index, and the factor as it was. */
    t = table_of("g\nGood\nFair\n");
    assert_int_equal(icstat_factor_build(&t->cols[0], t->nrow, NULL, &f, &err), ICSTAT_OK);
    assert_int_equal(icstat_factor_scale(&f, o, 1, &bad), 1);
    assert_int_equal(bad, 0); /* "Fair" sorts first */
    const char *asis[] = {"Fair", "Good"};
    assert_labels(f.levels, f.n_levels, asis, 2);
    assert_null(f.scale);
    /* Not a known scale's words: left alone. */
    assert_int_equal(icstat_factor_order_known(&f), 0);
    assert_labels(f.levels, f.n_levels, asis, 2);
    icstat_factor_clear(&f);
    icstat_table_free(t);

    /* Satisfactory alone names category 3; beside Requires improvement it
     * is the same category, named by today's word. */
    t = table_of("g\nSatisfactory\nGood\n");
    assert_int_equal(icstat_factor_build(&t->cols[0], t->nrow, NULL, &f, &err), ICSTAT_OK);
    assert_int_equal(icstat_factor_order_known(&f), 0);
    const char *old[] = {"Good", "Satisfactory"};
    assert_labels(f.levels, f.n_levels, old, 2);
    icstat_factor_clear(&f);
    icstat_table_free(t);
    t = table_of("g\nSatisfactory\nRequires improvement\nGood\n");
    assert_int_equal(icstat_factor_build(&t->cols[0], t->nrow, NULL, &f, &err), ICSTAT_OK);
    assert_int_equal(icstat_factor_order_known(&f), 0);
    const char *both[] = {"Good", "Requires improvement"};
    assert_labels(f.levels, f.n_levels, both, 2);
    assert_int_equal(f.count[1], 2);
    icstat_factor_clear(&f);
    icstat_table_free(t);
}

/* ---- describe ---------------------------------------------------------------- */

static icstat_describe_result *describe_of(const char *csv, const icstat_scale *scale,
                                           const char *by)
{
    icstat_table *t = table_of(csv);
    icstat_describe_spec spec = {.outcome = "grade", .by = by, .conf = 0.95, .scale = scale};
    icstat_describe_result *r = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_describe_compute(t, &spec, &r, &err) != ICSTAT_OK)
        fail_msg("%ld: %s", err.line, err.msg);
    icstat_table_free(t);
    return r;
}

static void test_describe_words(void **state)
{
    (void)state;
    /* Alphabetical order would be Good, Inadequate, Outstanding, Requires
     * improvement; "GOOD" and "good" would be two categories. */
    icstat_describe_result *r =
        describe_of("grade,sex\nGood,F\nInadequate,M\nrequires improvement,F\nOutstanding,M\n"
                    "GOOD,M\ngood,F\n",
                    NULL, "sex");
    assert_labels(r->cat_labels, r->n_cats, OFSTED, 4);
    assert_close(r->count[0 * 4 + 1], 2.0, 0.0); /* F, Good */
    assert_close(r->count[1 * 4 + 1], 1.0, 0.0); /* M, Good */
    icstat_describe_result_free(r);

    r = describe_of("grade\nUrgent improvement\nexceptional\nNeeds attention\n"
                    "Expected standard\nStrong standard\n",
                    NULL, NULL);
    assert_labels(r->cat_labels, r->n_cats, REPORT, 5);
    icstat_describe_result_free(r);

    /* Groups that are a scale's words are in its order too. */
    r = describe_of("grade,previous\n1,Good\n2,Outstanding\n3,Inadequate\n", NULL, "previous");
    const char *groups[] = {"Outstanding", "Good", "Inadequate"};
    assert_labels(r->group_labels, r->n_groups, groups, 3);
    assert_int_equal(r->ref, 0);
    icstat_describe_result_free(r);

    /* Other words stay sorted. */
    r = describe_of("grade\nyes\nno\n", NULL, NULL);
    const char *yn[] = {"no", "yes"};
    assert_labels(r->cat_labels, r->n_cats, yn, 2);
    icstat_describe_result_free(r);
}

static void test_describe_named(void **state)
{
    (void)state;
    const icstat_scale *o = icstat_scale_lookup("ofsted");
    /* Codes, "2.0" too, named by the scale's words; every category shown. */
    icstat_describe_result *r = describe_of("grade\n2\n2.0\n4\n", o, NULL);
    assert_labels(r->cat_labels, r->n_cats, OFSTED, 4);
    assert_close(r->count[1], 2.0, 0.0);
    assert_close(r->count[0], 0.0, 0.0);
    icstat_describe_result_free(r);
    r = describe_of("grade\nNot met\nmet\n", icstat_scale_lookup("met"), NULL);
    const char *met[] = {"Met", "Not met"};
    assert_labels(r->cat_labels, r->n_cats, met, 2);
    icstat_describe_result_free(r);

    icstat_table *t = table_of("grade\nGood\n5\n");
    icstat_describe_spec spec = {.outcome = "grade", .conf = 0.95, .scale = o};
    icstat_describe_result *bad = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_describe_compute(t, &spec, &bad, &err), ICSTAT_EDATA);
    assert_null(bad);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "column 'grade' has value '5' that is not on the scale "
                                 "ofsted (Outstanding, Good, Requires improvement, Inadequate "
                                 "or a code 1-4)");
    icstat_table_free(t);
}

/* ---- agree ----------------------------------------------------------------- */

static int agree_of(const char *csv, const icstat_ratings_spec *spec, icstat_weights_kind w,
                    icstat_ratings **rout, icstat_agree_result **out, icstat_error *err)
{
    icstat_table *t = table_of(csv);
    icstat_agree_options opt = {w, ICSTAT_METRIC_NONE, 0, 0.95, agree_cli_names(), NULL, NULL,
                                ICSTAT_SE_CONDITIONAL};
    icstat_error_clear(err);
    *out = NULL;
    int st = icstat_ratings_from_table(t, spec, rout, err);
    if (st == ICSTAT_OK)
        st = icstat_agree_estimate(*rout, &opt, out, err);
    icstat_table_free(t);
    return st;
}

static double coef(const icstat_agree_result *a, const char *name)
{
    for (size_t i = 0; i < a->n_coef; i++)
        if (strcmp(a->coef[i].name, name) == 0)
            return a->coef[i].estimate;
    fail_msg("no coefficient %s", name);
    return NAN;
}

static const char *WORDS = "u,a,b\n1,Good,Good\n2,Outstanding,Good\n3,Requires improvement,"
                           "Inadequate\n4,Inadequate,Inadequate\n5,good,Requires improvement\n"
                           "6,Outstanding,Outstanding\n";
static const char *CODES = "u,a,b\n1,2,2\n2,1,2\n3,3,4\n4,4,4\n5,2,3\n6,1,1\n";

static void test_agree_scale(void **state)
{
    (void)state;
    icstat_ratings_spec plain = {0}, named = {.scale = icstat_scale_lookup("ofsted")};
    icstat_ratings *r = NULL;
    icstat_agree_result *a = NULL;
    icstat_error err;
    /* The words in the scale's order, valued by its codes: as the codes. */
    assert_int_equal(agree_of(WORDS, &plain, ICSTAT_W_LINEAR, &r, &a, &err), ICSTAT_OK);
    assert_labels(r->cat_labels, r->n_cat, OFSTED, 4);
    assert_true(r->cat_ordered);
    assert_ptr_equal(r->cat_scale, named.scale);
    assert_close(coef(a, "cohen_kappa"), 14.0 / 23.0, 1e-12);
    icstat_agree_result_free(a);
    icstat_ratings_free(r);
    assert_int_equal(agree_of(CODES, &plain, ICSTAT_W_LINEAR, &r, &a, &err), ICSTAT_OK);
    assert_close(coef(a, "cohen_kappa"), 14.0 / 23.0, 1e-12);
    icstat_agree_result_free(a);
    icstat_ratings_free(r);
    /* --categories ofsted on the codes: the same numbers, words as labels. */
    assert_int_equal(agree_of(CODES, &named, ICSTAT_W_QUADRATIC, &r, &a, &err), ICSTAT_OK);
    assert_labels(r->cat_labels, r->n_cat, OFSTED, 4);
    const double quadratic = coef(a, "cohen_kappa");
    icstat_agree_result_free(a);
    icstat_ratings_free(r);
    assert_int_equal(agree_of(CODES, &plain, ICSTAT_W_QUADRATIC, &r, &a, &err), ICSTAT_OK);
    assert_close(coef(a, "cohen_kappa"), quadratic, 1e-12);
    icstat_agree_result_free(a);
    icstat_ratings_free(r);

    /* Two of the scale's categories rated: valued 2 and 4, as codes would be. */
    assert_int_equal(agree_of("u,a,b\n1,Good,Inadequate\n2,Good,Good\n", &plain,
                              ICSTAT_W_IDENTITY, &r, &a, &err),
                     ICSTAT_OK);
    assert_int_equal(r->n_cat, 2);
    assert_close(r->cat_values[0], 2.0, 0.0);
    assert_close(r->cat_values[1], 4.0, 0.0);
    icstat_agree_result_free(a);
    icstat_ratings_free(r);

    /* A rating off the named scale. */
    assert_int_equal(agree_of("u,a,b\n1,Good,Fair\n", &named, ICSTAT_W_IDENTITY, &r, &a, &err),
                     ICSTAT_EDATA);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.msg, "column 'b' has value 'Fair' that is not on the scale "
                                 "ofsted (Outstanding, Good, Requires improvement, Inadequate "
                                 "or a code 1-4)");
    icstat_ratings_free(r);
    r = NULL;
}

static void test_agree_unordered_words(void **state)
{
    (void)state;
    icstat_ratings_spec plain = {0};
    icstat_ratings *r = NULL;
    icstat_agree_result *a = NULL;
    icstat_error err;
    const char *csv = "u,a,b\n1,low,low\n2,mid,high\n3,high,high\n";
    /* Unweighted coefficients need no order. */
    assert_int_equal(agree_of(csv, &plain, ICSTAT_W_IDENTITY, &r, &a, &err), ICSTAT_OK);
    assert_false(r->cat_ordered);
    icstat_agree_result_free(a);
    icstat_ratings_free(r);
    /* Weights would use the alphabetical order high, low, mid. */
    assert_int_equal(agree_of(csv, &plain, ICSTAT_W_LINEAR, &r, &a, &err), ICSTAT_EUSAGE);
    assert_null(a);
    assert_string_equal(err.msg, "weighted coefficients (--weights linear) need the categories' "
                                 "order, and text ratings that are not a known scale's words "
                                 "have none: give it with --categories (a list in order, or "
                                 "ofsted, report-card or met)");
    icstat_ratings_free(r);
    const char *order[] = {"low", "mid", "high"};
    icstat_ratings_spec given = {.categories = order, .n_categories = 3};
    assert_int_equal(agree_of(csv, &given, ICSTAT_W_LINEAR, &r, &a, &err), ICSTAT_OK);
    icstat_agree_result_free(a);
    icstat_ratings_free(r);
}

/* ---- fit ------------------------------------------------------------------- */

static void test_design_outcome(void **state)
{
    (void)state;
    icstat_table *t = table_of("grade,x\nGood,1\ninadequate,2\nOutstanding,3\n"
                               "Requires improvement,4\ngood,5\n");
    const char *x[] = {"x"};
    icstat_design_spec spec = {.outcome = "grade", .terms = x, .n_terms = 1};
    icstat_design *d = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_design_build(t, &spec, &d, &err), ICSTAT_OK);
    assert_labels(d->cat_labels, d->k, OFSTED, 4);
    assert_int_equal(d->y[1], 3); /* inadequate */
    assert_int_equal(d->y[4], 1); /* good */
    icstat_design_free(d);
    icstat_table_free(t);

    /* Named: codes read as its categories; one in no row is left out, said so. */
    t = table_of("grade,x\n2,1\n3,2\nGood,3\n4.0,4\n");
    spec.scale = icstat_scale_lookup("ofsted");
    spec.labels.categories = "--categories"; /* what `icstat fit` calls the scale's input */
    assert_int_equal(icstat_design_build(t, &spec, &d, &err), ICSTAT_OK);
    const char *three[] = {"Good", "Requires improvement", "Inadequate"};
    assert_labels(d->cat_labels, d->k, three, 3);
    assert_int_equal(d->n_notes, 1);
    assert_string_equal(d->notes[0], "outcome category 'Outstanding' (--categories ofsted) is in "
                                     "no row, so the model leaves it out");
    icstat_design_free(d);
    icstat_table_free(t);

    /* A term of the scale's words: its levels in the scale's order, the
     * first (Outstanding, not Good) the reference. */
    t = table_of("grade,prev\n1,Good\n2,Outstanding\n1,Inadequate\n2,Good\n1,Outstanding\n"
                 "2,Inadequate\n");
    const char *prev[] = {"prev"};
    icstat_design_spec terms = {.outcome = "grade", .terms = prev, .n_terms = 1};
    assert_int_equal(icstat_design_build(t, &terms, &d, &err), ICSTAT_OK);
    const char *levels[] = {"Outstanding", "Good", "Inadequate"};
    assert_labels(d->terms[0].levels, d->terms[0].n_levels, levels, 3);
    icstat_design_free(d);
    icstat_table_free(t);

    /* Text of no known scale still needs its order. */
    t = table_of("grade,x\nhigh,1\nlow,2\n");
    spec.scale = NULL;
    assert_int_equal(icstat_design_build(t, &spec, &d, &err), ICSTAT_EUSAGE);
    assert_null(d);
    icstat_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup),          cmocka_unit_test(test_words),
        cmocka_unit_test(test_codes),           cmocka_unit_test(test_detect),
        cmocka_unit_test(test_labels_and_lists), cmocka_unit_test(test_factor_scale),
        cmocka_unit_test(test_describe_words),  cmocka_unit_test(test_describe_named),
        cmocka_unit_test(test_agree_scale),     cmocka_unit_test(test_agree_unordered_words),
        cmocka_unit_test(test_design_outcome),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
