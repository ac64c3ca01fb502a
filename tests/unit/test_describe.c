/* test_describe.c — the engine of `icstat describe` (analysis/describe/describe.c).
 *
 * Whole tables against R: tests/fixtures/describe_values.csv, recorded by
 * tests/r/describe_reference.R on tests/fixtures/describe_inspections.csv
 * (counts from table(), Wilson limits from prop.test, Newcombe's method 10
 * on those limits, risk ratios from a log-binomial glm, chisq.test).  Every
 * cell, comparison and test statistic of five cases is compared: a --where
 * filter with fixed categories, numeric categories with a reference group
 * that is not the first, a != condition with small expected counts, no
 * --by, and a listed category with no row.  Tolerances: counts exact,
 * percentages and differences 1e-11 points, risk ratios 1e-12 relative,
 * chi-square statistic 1e-11 and p-value 1e-9 relative.  Then the
 * refusals, survey figures (--proportions), and the notes of the tables
 * (describe_tables.c). */
#include <gsl/gsl_errno.h>

#include "icstat/describe.h"
#include "icstat/proportion.h"
#include "icstat/table.h"
#include "test_util.h"

static const char *GRADES[] = {"Outstanding", "Good", "Requires improvement", "Inadequate"};
static const char *GRADES5[] = {"Outstanding", "Good", "Requires improvement", "Inadequate",
                                "Exceptional"};

static icstat_table *read_text(const char *csv)
{
    icstat_table *t = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_table_read_buffer("mem.csv", csv, strlen(csv), &t, &err) != ICSTAT_OK)
        fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
    return t;
}

/* Index of a label; numbers match numerically ("2" is level "2.0"). */
static size_t find_label(char *const *labels, size_t n, const char *want)
{
    double a, b;
    for (size_t i = 0; i < n; i++)
        if (strcmp(labels[i], want) == 0 ||
            (icstat_parse_double(labels[i], &a) && icstat_parse_double(want, &b) && a == b))
            return i;
    fail_msg("no level '%s'", want);
    return 0;
}

static icstat_describe_result *describe_ok(const icstat_table *t, const icstat_describe_spec *s)
{
    icstat_describe_result *r = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_describe_compute(t, s, &r, &err) != ICSTAT_OK)
        fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
    return r;
}

/* Compare every value recorded for `name` in `values` with the engine's
 * result on `data`.  R wrote 15 significant digits. */
static void compare_case_in(const char *data, const char *values, const char *name,
                            const icstat_describe_spec *spec)
{
    icstat_table *t = fixture_read(data);
    icstat_table *v = fixture_read(values);
    icstat_describe_result *r = describe_ok(t, spec);
    const size_t q = r->n_cats;
    size_t cells = 0, compared = 0;
    for (size_t i = 0; i < v->nrow; i++) {
        if (strcmp(fixture_cell(v, "case", i), name) != 0)
            continue;
        const char *m = fixture_cell(v, "measure", i);
        const double want = fixture_num(v, "estimate", i);
        const double lo = fixture_num(v, "ci_low", i), hi = fixture_num(v, "ci_high", i);
        compared++;
        if (strcmp(m, "cell") == 0 || strcmp(m, "difference") == 0 ||
            strcmp(m, "risk_ratio") == 0 || strcmp(m, "deff") == 0) {
            const size_t g = find_label(r->group_labels, r->n_groups, fixture_cell(v, "group", i));
            const size_t k = find_label(r->cat_labels, q, fixture_cell(v, "category", i));
            const size_t c = g * q + k;
            assert_close(r->count[c], fixture_num(v, "x1", i), 0);
            assert_close(r->total[g], fixture_num(v, "n1", i), 0);
            if (strcmp(m, "deff") == 0) {
                assert_non_null(r->deff);
                assert_close(r->deff[c], want, 1e-11 * want);
            } else if (strcmp(m, "cell") == 0) {
                cells++;
                assert_close(r->percent[c], want, 1e-11);
                assert_close(r->ci_low[c], lo, 1e-11);
                assert_close(r->ci_high[c], hi, 1e-11);
            } else if (strcmp(m, "difference") == 0) {
                assert_close(r->count[r->ref * q + k], fixture_num(v, "x2", i), 0);
                assert_close(r->total[r->ref], fixture_num(v, "n2", i), 0);
                assert_close(r->diff[c], want, 1e-11);
                assert_close(r->diff_low[c], lo, 1e-11);
                assert_close(r->diff_high[c], hi, 1e-11);
            } else {
                assert_close(r->rr[c], want, 1e-12 * fabs(want));
                assert_close(r->rr_low[c], lo, 1e-12 * fabs(lo));
                assert_close(r->rr_high[c], hi, 1e-12 * fabs(hi));
            }
        } else if (strcmp(m, "chisq_statistic") == 0) {
            assert_close(r->chisq.statistic, want, 1e-11 * want);
        } else if (strcmp(m, "wald_statistic") == 0) {
            assert_non_null(r->cluster_name);
            assert_close(r->chisq.statistic, want, 1e-10 * want);
        } else if (strcmp(m, "wald_df") == 0) {
            assert_close(r->chisq.df, want, 0);
        } else if (strcmp(m, "wald_p_value") == 0) {
            assert_close(r->chisq.p_value, want, 1e-8 * want);
        } else if (strcmp(m, "chisq_df") == 0) {
            assert_close(r->chisq.df, want, 0);
        } else if (strcmp(m, "chisq_p_value") == 0) {
            assert_close(r->chisq.p_value, want, 1e-9 * want);
        } else if (strcmp(m, "chisq_min_expected") == 0) {
            assert_close(r->chisq.min_expected, want, 1e-12 * want);
        } else if (strcmp(m, "chisq_n_small") == 0) {
            assert_int_equal(r->chisq.n_small, (size_t)want);
        } else if (strcmp(m, "rows_used") == 0) {
            assert_int_equal(r->n_used, (size_t)want);
        } else if (strcmp(m, "rows_excluded") == 0) {
            assert_int_equal(r->n_excluded, (size_t)want);
        } else if (strcmp(m, "rows_missing") == 0) {
            assert_int_equal(r->n_missing, (size_t)want);
        } else {
            fail_msg("unknown measure %s", m);
        }
    }
    assert_true(compared > 0);
    assert_int_equal(cells, r->n_groups * q); /* no cell more or less than R's */
    assert_int_equal(r->n_read, t->nrow);
    assert_int_equal(r->n_used + r->n_excluded + r->n_missing, t->nrow);
    /* The reference group is compared with nothing. */
    for (size_t k = 0; k < q; k++)
        assert_true(isnan(r->diff[r->ref * q + k]) && isnan(r->rr[r->ref * q + k]));
    icstat_describe_result_free(r);
    icstat_table_free(v);
    icstat_table_free(t);
}

static void compare_case(const char *name, const icstat_describe_spec *spec)
{
    compare_case_in("tests/fixtures/describe_inspections.csv", "tests/fixtures/describe_values.csv",
                    name, spec);
}

/* --cluster against survey::svyby (tests/r/describe_cluster_reference.R):
 * gender is the inspector's (clusters nested in groups), phase the
 * school's (every cluster in several groups, so the comparisons carry a
 * correlation). */
static const char *const grade_order[] = {"Outstanding", "Good", "Requires improvement",
                                          "Inadequate"};

static void test_cluster_gender(void **state)
{
    (void)state;
    icstat_describe_spec s = {.outcome = "grade", .by = "gender", .categories = grade_order,
                              .n_categories = 4, .ref = "M", .cluster = "inspector",
                              .conf = 0.95};
    compare_case_in("tests/fixtures/describe_cluster_inspections.csv",
                    "tests/fixtures/describe_cluster_values.csv", "cluster_gender", &s);
}

static void test_cluster_phase(void **state)
{
    (void)state;
    icstat_describe_spec s = {.outcome = "grade", .by = "phase", .categories = grade_order,
                              .n_categories = 4, .cluster = "inspector", .conf = 0.90};
    compare_case_in("tests/fixtures/describe_cluster_inspections.csv",
                    "tests/fixtures/describe_cluster_values.csv", "cluster_phase", &s);
}

/* One row per cluster: the clustered variance is p(1-p)/n times C/(C-1)
 * (the usual small-sample factor), so deff is exactly that and the
 * interval is Wilson's at n (C-1)/C. */
static void test_cluster_singletons(void **state)
{
    (void)state;
    icstat_table *t = fixture_read("tests/fixtures/describe_inspections.csv");
    icstat_describe_spec s = {.outcome = "grade", .by = "phase", .cluster = "urn", .conf = 0.95};
    icstat_describe_result *r = describe_ok(t, &s);
    const double C = (double)r->n_used;
    assert_int_equal(r->n_clusters, r->n_used);
    assert_int_equal(r->n_clusters_crossing, 0);
    for (size_t c = 0; c < r->n_groups * r->n_cats; c++) {
        const double n = r->total[c / r->n_cats], x = r->count[c];
        if (x == 0.0 || x == n)
            continue;
        assert_close(r->deff[c], C / (C - 1.0), 1e-12);
        double lo, hi;
        icstat_prop_wilson(x * (C - 1.0) / C, n * (C - 1.0) / C, 0.95, &lo, &hi);
        assert_close(r->ci_low[c], 100.0 * lo, 1e-9);
        assert_close(r->ci_high[c], 100.0 * hi, 1e-9);
    }
    icstat_describe_result_free(r);
    icstat_table_free(t);
}

/* Every cluster exactly like its group (half x, half y): the clustered
 * covariance of the differences is 0, singular, so its Cholesky
 * decomposition fails and the clustered test is undefined (NaN, a note in
 * cmd_describe), not garbage from an unchecked solve. */
static void test_cluster_singular_test(void **state)
{
    (void)state;
    icstat_table *t = read_text("insp,sex,grade\n"
                                "I1,F,x\nI1,F,y\nI2,F,x\nI2,F,y\n"
                                "I3,M,x\nI3,M,y\nI4,M,x\nI4,M,y\n");
    icstat_describe_spec s = {.outcome = "grade", .by = "sex", .cluster = "insp", .conf = 0.95};
    icstat_describe_result *r = describe_ok(t, &s);
    assert_int_equal(r->n_clusters, 4);
    assert_int_equal(r->chisq.cols_used, 2);
    assert_true(isnan(r->chisq.statistic));
    assert_true(isnan(r->chisq.p_value));
    icstat_describe_result_free(r);
    icstat_table_free(t);
}

/* "A+B" counts both values as one category: the counts add up. */
static void test_merged_categories(void **state)
{
    (void)state;
    icstat_table *t = fixture_read("tests/fixtures/describe_cluster_inspections.csv");
    const char *const merged[] = {"Outstanding", "Good", "Requires improvement + Inadequate"};
    icstat_describe_spec a = {.outcome = "grade", .by = "gender", .categories = grade_order,
                              .n_categories = 4, .conf = 0.95};
    icstat_describe_spec b = a;
    b.categories = merged;
    b.n_categories = 3;
    icstat_describe_result *ra = describe_ok(t, &a), *rb = describe_ok(t, &b);
    for (size_t g = 0; g < ra->n_groups; g++) {
        assert_close(rb->count[g * 3 + 1], ra->count[g * 4 + 1], 0);
        assert_close(rb->count[g * 3 + 2], ra->count[g * 4 + 2] + ra->count[g * 4 + 3], 0);
        assert_true(ra->count[g * 4 + 3] > 0);
    }
    icstat_describe_result_free(ra);
    icstat_describe_result_free(rb);
    icstat_table_free(t);
}

/* The bundled survey and reliability figures (datasets/published/) against
 * R's prop.test (tests/r/published_proportions_reference.R): every row of
 * each file, in order. */
static void test_published_proportions(void **state)
{
    (void)state;
    icstat_table *v = fixture_read("tests/fixtures/published_proportions_values.csv");
    size_t checked = 0;
    for (size_t i = 0; i < v->nrow;) {
        const char *file = fixture_cell(v, "file", i);
        icstat_table *t = fixture_read(file);
        icstat_proportions *p = NULL;
        icstat_error err;
        if (icstat_proportions_compute(t, 0.95, NULL, &p, &err) != ICSTAT_OK)
            fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
        for (size_t j = 0; j < p->n; j++, i++) {
            assert_true(i < v->nrow);
            assert_string_equal(fixture_cell(v, "file", i), file);
            assert_string_equal(p->labels[j], fixture_cell(v, "label", i));
            assert_close(p->count[j], fixture_num(v, "count", i), 0);
            assert_close(p->total[j], fixture_num(v, "total", i), 0);
            assert_close(p->percent[j], fixture_num(v, "percent", i), 1e-12);
            assert_close(p->ci_low[j], fixture_num(v, "ci_low", i), 1e-11);
            assert_close(p->ci_high[j], fixture_num(v, "ci_high", i), 1e-11);
            checked++;
        }
        icstat_proportions_free(p);
        icstat_table_free(t);
    }
    assert_int_equal(checked, 9);
    icstat_table_free(v);
}

static void test_primary_gender(void **state)
{
    (void)state;
    const char *where[] = {"phase=Primary"};
    icstat_describe_spec s = {"grade", "gender", where, 1, GRADES, 4, NULL, NULL, 0.95, NULL, {0}};
    compare_case("describe_primary_gender", &s);
}

static void test_region_numeric_ref(void **state)
{
    (void)state;
    icstat_describe_spec s = {"grade_num", "region", NULL, 0, NULL, 0, "South", NULL, 0.95, NULL,
                              {0}};
    compare_case("describe_region_num", &s);
    icstat_table *t = fixture_read("tests/fixtures/describe_inspections.csv");
    icstat_describe_result *r = describe_ok(t, &s);
    assert_int_equal(r->n_cats, 4);
    assert_int_equal(r->ref, 2); /* Midlands, North, South */
    assert_string_equal(r->group_labels[r->ref], "South");
    icstat_describe_result_free(r);
    icstat_table_free(t);
}

static void test_secondary_hmi(void **state)
{
    (void)state;
    const char *where[] = {"phase != Primary", " role=HMI "};
    icstat_describe_spec s = {"grade", "gender", where, 2, NULL, 0, NULL, NULL, 0.95, NULL, {0}};
    compare_case("describe_secondary_hmi", &s);
}

static void test_no_by(void **state)
{
    (void)state;
    const char *where[] = {"region=North"};
    icstat_describe_spec s = {"grade", NULL, where, 1, GRADES5, 5, NULL, NULL, 0.95, NULL, {0}};
    compare_case("describe_all_fixed5", &s);
    icstat_table *t = fixture_read("tests/fixtures/describe_inspections.csv");
    icstat_describe_result *r = describe_ok(t, &s);
    assert_int_equal(r->n_groups, 1);
    assert_string_equal(r->group_labels[0], "all");
    assert_null(r->by_name);
    assert_true(isnan(r->chisq.statistic));
    icstat_describe_result_free(r);
    icstat_table_free(t);
}

static void test_empty_category(void **state)
{
    (void)state;
    icstat_describe_spec s = {"grade", "role", NULL, 0, GRADES5, 5, NULL, NULL, 0.95, NULL, {0}};
    compare_case("describe_role_fixed5", &s);
    icstat_table *t = fixture_read("tests/fixtures/describe_inspections.csv");
    icstat_describe_result *r = describe_ok(t, &s);
    assert_int_equal(r->chisq.cols_used, 4); /* Exceptional left out */
    assert_int_equal(r->n_rr_undefined, 1);  /* 0 vs 0 */
    icstat_describe_result_free(r);
    icstat_table_free(t);
}

/* ---- rules on small tables -------------------------------------------- */

static const char *SMALL = "id,grade,sex,phase\n"
                           "1,Good,F,P\n"
                           "2,Good,M,P\n"
                           "3,Inadequate,M,S\n"
                           "4,,F,P\n"
                           "5,Outstanding,,P\n"
                           "6,Good,F,\n"
                           "7,Weird,NA,P\n"
                           "8,Good,M,S\n";

/* Missing outcome or group: dropped and counted; a category seen only in
 * dropped rows ("Weird", "Outstanding") is not a category. */
static void test_missing_dropped(void **state)
{
    (void)state;
    icstat_table *t = read_text(SMALL);
    icstat_describe_spec s = {"grade", "sex", NULL, 0, NULL, 0, NULL, NULL, 0.95, NULL, {0}};
    icstat_describe_result *r = describe_ok(t, &s);
    assert_int_equal(r->n_missing, 3);
    assert_int_equal(r->n_missing_outcome, 1);
    assert_int_equal(r->n_missing_by, 2);
    assert_int_equal(r->n_used, 5);
    assert_int_equal(r->n_cats, 2);
    assert_string_equal(r->cat_labels[0], "Good");
    assert_string_equal(r->cat_labels[1], "Inadequate");
    assert_close(r->count[0], 2, 0); /* F Good */
    assert_close(r->total[1], 3, 0); /* M */
    icstat_describe_result_free(r);
    icstat_table_free(t);
}

/* A row missing the condition's column fails = and != alike. */
static void test_where_missing_and_negation(void **state)
{
    (void)state;
    icstat_table *t = read_text(SMALL);
    const char *eq[] = {"phase=P"}, *ne[] = {"phase!=P"};
    icstat_describe_spec s = {"grade", NULL, eq, 1, NULL, 0, NULL, NULL, 0.95, NULL, {0}};
    icstat_describe_result *r = describe_ok(t, &s);
    assert_int_equal(r->n_excluded, 3); /* two S, one missing */
    icstat_describe_result_free(r);
    s.where = ne;
    r = describe_ok(t, &s);
    assert_int_equal(r->n_excluded, 6); /* five P, one missing */
    assert_int_equal(r->n_used, 2);
    icstat_describe_result_free(r);
    icstat_table_free(t);
}

/* Numbers compare as numbers: "2" finds "2.0", and categories "2" is 2.0. */
static void test_numeric_matching(void **state)
{
    (void)state;
    icstat_table *t = read_text("g,y\n2.0,1\n2,2.0\n3,2\n");
    const char *where[] = {"g=2"};
    const char *cats[] = {"1", "2"};
    icstat_describe_spec s = {"y", NULL, where, 1, cats, 2, NULL, NULL, 0.95, NULL, {0}};
    icstat_describe_result *r = describe_ok(t, &s);
    assert_int_equal(r->n_used, 2);
    assert_close(r->count[0], 1, 0);
    assert_close(r->count[1], 1, 0);
    icstat_describe_result_free(r);
    icstat_table_free(t);
}

static void test_where_parse(void **state)
{
    (void)state;
    char *c, *v;
    int neg;
    assert_int_equal(icstat_describe_where_parse(" phase = Primary ", &c, &v, &neg), 0);
    assert_string_equal(c, "phase");
    assert_string_equal(v, "Primary");
    assert_int_equal(neg, 0);
    free(c);
    free(v);
    assert_int_equal(icstat_describe_where_parse("phase!=Primary", &c, &v, &neg), 0);
    assert_string_equal(v, "Primary");
    assert_int_equal(neg, 1);
    free(c);
    free(v);
    assert_int_equal(icstat_describe_where_parse("a=b!=c", &c, &v, &neg), 0);
    assert_string_equal(v, "b!=c");
    assert_int_equal(neg, 0);
    free(c);
    free(v);
    const char *bad[] = {"phase", "=Primary", "phase=", "phase!=", " = ", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(icstat_describe_where_parse(bad[i], &c, &v, &neg), -1);
        assert_null(c);
        assert_null(v);
    }
}

/* One level of --by: counts, but nothing to compare. */
static void test_one_group(void **state)
{
    (void)state;
    icstat_table *t = read_text("y,g\n1,a\n2,a\n2,a\n");
    icstat_describe_spec s = {"y", "g", NULL, 0, NULL, 0, NULL, NULL, 0.95, NULL, {0}};
    icstat_describe_result *r = describe_ok(t, &s);
    assert_int_equal(r->n_groups, 1);
    assert_true(isnan(r->chisq.statistic) && isnan(r->diff[1]));
    assert_close(r->percent[1], 100.0 * 2.0 / 3.0, 1e-12);
    icstat_describe_result_free(r);
    icstat_table_free(t);
}

static void expect_error(const char *csv, const icstat_describe_spec *s, int status, long line,
                         const char *msg)
{
    icstat_table *t = read_text(csv);
    icstat_describe_result *r = (icstat_describe_result *)&r;
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_describe_compute(t, s, &r, &err), status);
    assert_null(r);
    assert_int_equal(err.line, line);
    assert_string_equal(err.msg, msg);
    icstat_table_free(t);
}

/* The names the describe command gives the spec's values (cmd_describe.c). */
static const icstat_describe_names CLI = {"--outcome", "--by",  "--where",
                                         "--categories", "--ref", "--cluster"};

static void test_refusals(void **state)
{
    (void)state;
    const char *stage[] = {"stage=P"}, *nowhere[] = {"phase=Q"}, *malformed[] = {"phase"};
    const char *dup[] = {"Good", "Inadequate", "Good"};
    icstat_describe_spec s = {"grade", "sex", stage, 1, NULL, 0, NULL, NULL, 0.95, NULL, CLI};
    expect_error(SMALL, &s, ICSTAT_EDATA, 1, "no --where column 'stage' in the header");
    s.where = nowhere;
    expect_error(SMALL, &s, ICSTAT_EDATA, 0, "no row meets --where phase=Q (8 rows read)");
    s.where = malformed;
    expect_error(SMALL, &s, ICSTAT_EDATA, 0,
                 "--where takes COL=VALUE, COL!=VALUE or COL<N (also <=, >, >=) (got 'phase')");
    s.n_where = 0;
    s.outcome = "score";
    expect_error(SMALL, &s, ICSTAT_EDATA, 1, "no outcome column 'score' in the header");
    s.outcome = "grade";
    s.by = "gender";
    expect_error(SMALL, &s, ICSTAT_EDATA, 1, "no --by column 'gender' in the header");
    s.by = "sex";
    s.categories = GRADES;
    s.n_categories = 4;
    expect_error(SMALL, &s, ICSTAT_EDATA, 8,
                 "column 'grade' has value 'Weird' that is not in --categories");
    s.categories = dup;
    s.n_categories = 3;
    expect_error(SMALL, &s, ICSTAT_EUSAGE, 0, "--categories lists 'Good' twice");
    s.categories = NULL;
    s.n_categories = 0;
    s.ref = "X";
    expect_error(SMALL, &s, ICSTAT_EDATA, 0,
                 "--ref 'X': 'sex' has no level 'X' among the rows counted (levels: 'F', 'M')");
    s.by = NULL;
    expect_error(SMALL, &s, ICSTAT_EDATA, 0, "--ref needs --by");
    s.ref = NULL;
    s.by = "sex";
    expect_error("grade,sex\n,F\nGood,\n", &s, ICSTAT_EDATA, 0,
                 "no rows left to count: all 2 rows miss 'grade' or 'sex'");
    /* "Good " is not "Good" under --categories (as in agree and fit). */
    s.categories = GRADES;
    s.n_categories = 4;
    expect_error("grade,sex\nGood,F\n\"Good \",M\n", &s, ICSTAT_EDATA, 3,
                 "column 'grade' has value 'Good ' that is not in --categories");
    /* Without names from the caller, the plain words. */
    s.names = (icstat_describe_names){0};
    expect_error(SMALL, &s, ICSTAT_EDATA, 8, "column 'grade' has value 'Weird' that is not in "
                                             "categories");
    s.categories = NULL;
    s.n_categories = 0;
    s.by = "gender";
    expect_error(SMALL, &s, ICSTAT_EDATA, 1, "no by column 'gender' in the header");
    s.by = NULL;
    s.ref = "X";
    expect_error(SMALL, &s, ICSTAT_EDATA, 0, "ref needs by");
    s.ref = NULL;
    s.where = nowhere;
    s.n_where = 1;
    expect_error(SMALL, &s, ICSTAT_EDATA, 0, "no row meets where phase=Q (8 rows read)");
    s.where = NULL;
    s.n_where = 0;
    s.cluster = "id";
    expect_error("grade,id\nGood,1\nGood,1\n", &s, ICSTAT_EDATA, 0,
                 "cluster 'id' has 1 cluster among the rows counted; clustered intervals need "
                 "at least two");
}

/* ---- survey figures ---------------------------------------------------- */

static icstat_proportions *proportions_ok(const char *csv)
{
    icstat_table *t = read_text(csv);
    icstat_proportions *p = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_proportions_compute(t, 0.95, "--proportions", &p, &err) != ICSTAT_OK)
        fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
    icstat_table_free(t);
    return p;
}

/* Wilson limits from the R fixture (prop.test): 22/24 and 0/10. */
static void test_proportions_counts(void **state)
{
    (void)state;
    icstat_proportions *p =
        proportions_ok("label,count,total,note\nagreed,22,24,Ofsted 2017\nnone,0,10,\n");
    assert_int_equal(p->n, 2);
    assert_false(p->from_percent);
    assert_string_equal(p->labels[0], "agreed");
    assert_close(p->percent[0], 91.666666666666663, 1e-12);
    assert_close(p->ci_low[0], 74.151197806789315, 1e-11);
    assert_close(p->ci_high[0], 97.684118470295656, 1e-11);
    assert_close(p->ci_low[1], 0, 0);
    assert_close(p->ci_high[1], 27.753279986288915, 1e-11);
    assert_true(isnan(p->given[0]));
    assert_int_equal(p->line[1], 3);
    icstat_proportions_free(p);
}

/* figures read with label and group columns, then --difference NAME=EXPR:
 * ICSTAT_OK or the error's status, its message in msg. */
static int difference(const char *csv, const char *lcol, const char *gcol, const char *name,
                      const char *expr, icstat_proportions **p, char *msg)
{
    icstat_table *t = read_text(csv);
    icstat_error err;
    icstat_error_clear(&err);
    int st = icstat_proportions_read(t, 0.95, "--proportions", lcol, gcol, p, &err);
    if (st == ICSTAT_OK)
        st = icstat_proportions_difference(*p, name, expr, 0.95, "--difference", &err);
    strcpy(msg, err.msg);
    icstat_table_free(t);
    return st;
}

/* --difference (issue 17): Bokhove et al.'s published shares give RI or
 * Inadequate and Inadequate, no base: Requires improvement is 33.1 - 4.5
 * = 28.6 (male) and 36.4 - 5.9 = 30.5 (female), put after the two, with
 * no count or interval.  With one base, counts 30 and 10 of 100: 20 of
 * 100 and R's prop.test(20, 100, correct = FALSE) interval. */
static void test_proportions_difference(void **state)
{
    (void)state;
    icstat_proportions *p = NULL;
    char msg[ICSTAT_ERROR_MSG_MAX];
    assert_int_equal(difference("group,category,percent,total\nmale,good,58.7,\n"
                                "male,ri_or_inadequate,33.1,\nmale,inadequate,4.5,\n"
                                "female,good,55.9,\nfemale,ri_or_inadequate,36.4,\n"
                                "female,inadequate,5.9,\n",
                                "category", "group", "ri", "ri_or_inadequate-inadequate", &p, msg),
                     ICSTAT_OK);
    assert_int_equal(p->n, 8);
    const char *labels[8] = {"good", "ri_or_inadequate", "inadequate", "ri",
                             "good", "ri_or_inadequate", "inadequate", "ri"};
    for (size_t i = 0; i < 8; i++) {
        assert_string_equal(p->labels[i], labels[i]);
        assert_string_equal(p->groups[i], i < 4 ? "male" : "female");
        assert_int_equal(p->derived[i] != NULL, i % 4 == 3);
    }
    assert_string_equal(p->derived[3], "ri_or_inadequate minus inadequate");
    assert_close(p->percent[3], 28.6, 1e-12);
    assert_close(p->percent[7], 30.5, 1e-12);
    assert_true(isnan(p->count[3]) && isnan(p->ci_low[7]));
    assert_int_equal(p->base[7], ICSTAT_BASE_NONE);
    icstat_proportions_free(p);
    p = NULL;
    assert_int_equal(difference("label,count,total\nall-grades,30,100\nc,10,100\nx,5,50\n",
                                NULL, NULL, "rest", "all-grades-c", &p, msg),
                     ICSTAT_OK);
    assert_int_equal(p->n, 4);
    assert_string_equal(p->labels[2], "rest");
    assert_true(p->groups == NULL);
    assert_close(p->count[2], 20, 0);
    assert_close(p->total[2], 100, 0);
    assert_close(p->percent[2], 20, 1e-12);
    assert_close(p->ci_low[2], 13.336693333103250, 1e-11);
    assert_close(p->ci_high[2], 28.882916559315884, 1e-11);
    assert_int_equal(p->base[2], ICSTAT_BASE_EXACT);
    icstat_proportions_free(p);
    p = NULL;
    /* Refusals, each naming what is wrong. */
    struct {
        const char *csv, *name, *expr, *msg;
    } bad[] = {
        {"label,count,total\na,30,100\nb,10,50\n", "d", "a-b",
         "--difference d: 'a' and 'b' have different bases; a difference needs the same base"},
        {"label,percent,total\na,30,\nb,10,50\n", "d", "a-b",
         "--difference d: 'a' and 'b' have different bases; a difference needs the same base"},
        {"label,percent,total\na,10,\nb,30,\n", "d", "a-b", "--difference d: a-b comes to less than 0"},
        {"label,percent,total\na,30,\nb,10,\n", "d", "a-c",
         "--difference 'a-c': not two of the file's labels joined by '-' (WHOLE-PART)"},
        {"label,percent,total\na,30,\nb,10,\n", "b", "a-b",
         "--difference b=a-b: 'b' is a label of the file already"},
        {"label,percent,total\na,30,\nb,10,\na-b,5,\nb-b,1,\n", "d", "a-b-b",
         "--difference 'a-b-b': more than one way to read it as WHOLE-PART"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(difference(bad[i].csv, NULL, NULL, bad[i].name, bad[i].expr, &p, msg),
                         ICSTAT_EDATA);
        assert_string_equal(msg, bad[i].msg);
        icstat_proportions_free(p);
        p = NULL;
    }
    /* --sum: what the women's published shares add up to, 7.8 + 55.9 + 36.4
     * = 100.1 (a label with a '+' in it read whole); with one base, 30 + 10
     * of 100 = 40 and R's prop.test(40, 100, correct = FALSE) interval; a
     * sum above its base is refused. */
    icstat_table *st = read_text("g,label,percent,total\nf,outstanding,7.8,\nf,good,55.9,\n"
                                 "f,RI+Inadequate,36.4,\n");
    icstat_error serr;
    assert_int_equal(icstat_proportions_read(st, 0.95, NULL, NULL, "g", &p, &serr), ICSTAT_OK);
    assert_int_equal(icstat_proportions_sum(p, "all", "outstanding+good+RI+Inadequate", 0.95,
                                            "--sum", &serr),
                     ICSTAT_OK);
    assert_int_equal(p->n, 4);
    assert_string_equal(p->labels[3], "all");
    assert_string_equal(p->derived[3], "outstanding plus good plus RI+Inadequate");
    assert_close(p->percent[3], 100.1, 1e-12);
    icstat_proportions_free(p);
    p = NULL;
    icstat_table_free(st);
    st = read_text("label,count,total\na,30,100\nb,10,100\nc,80,100\n");
    assert_int_equal(icstat_proportions_read(st, 0.95, NULL, NULL, NULL, &p, &serr), ICSTAT_OK);
    assert_int_equal(icstat_proportions_sum(p, "ab", "a+b", 0.95, "--sum", &serr), ICSTAT_OK);
    assert_string_equal(p->labels[2], "ab");
    assert_close(p->count[2], 40, 0);
    assert_close(p->ci_low[2], 30.940128643245892, 1e-11);
    assert_close(p->ci_high[2], 49.799741320893823, 1e-11);
    assert_int_equal(icstat_proportions_sum(p, "ac", "a+c", 0.95, "--sum", &serr), ICSTAT_EDATA);
    assert_string_equal(serr.msg, "--sum ac: a+c comes to more than its base");
    assert_int_equal(icstat_proportions_sum(p, "x", "a", 0.95, "--sum", &serr), ICSTAT_EDATA);
    assert_string_equal(serr.msg, "--sum 'a': not two or more of the file's labels joined by '+' "
                                  "(A+B+...)");
    icstat_proportions_free(p);
    p = NULL;
    icstat_table_free(st);
    /* A group without one of the two; a label twice in a group. */
    assert_int_equal(difference("g,label,percent,total\nm,a,30,\nm,b,10,\nf,a,20,\n", NULL, "g",
                                "d", "a-b", &p, msg),
                     ICSTAT_EDATA);
    assert_string_equal(msg, "--difference d=a-b: group 'f' has no figure 'b'");
    icstat_proportions_free(p);
    p = NULL;
    icstat_table *t = read_text("g,label,percent,total\nm,a,30,\nm,a,10,\n");
    icstat_error err;
    assert_int_equal(icstat_proportions_read(t, 0.95, NULL, NULL, "g", &p, &err), ICSTAT_EDATA);
    assert_string_equal(err.msg, "figure 'a' of group 'm' is given twice (line 2)");
    icstat_table_free(t);
}

/* From percentages: count = round(percent x total / 100), the estimate is
 * count / total, and the given figure is kept for the note. */
static void test_proportions_percent(void **state)
{
    (void)state;
    icstat_proportions *p =
        proportions_ok("label,percent,total\nTeachers,33.3,250\nLeaders,8.2,1000\nAll,100,7\n");
    assert_true(p->from_percent);
    assert_close(p->count[0], 83, 0); /* 83.25 */
    assert_close(p->percent[0], 33.2, 1e-12);
    assert_close(p->given[0], 33.3, 0);
    assert_close(p->count[1], 82, 0);
    assert_close(p->percent[1], 8.2, 1e-12);
    assert_close(p->count[2], 7, 0);
    assert_close(p->ci_high[2], 100, 0);
    icstat_proportions_free(p);
    p = proportions_ok("label,count,percent,total\na,3,50,10\n");
    assert_true(p->percent_ignored);
    assert_close(p->percent[0], 30, 1e-12);
    icstat_proportions_free(p);
}

/* Figures as published (issue 17): a percent with its sign, a base with
 * thousands separators, a base of at least n (the interval made at n: R
 * prop.test(1274, 1400, correct = FALSE) gives 89.38657812 to
 * 92.38903784), and no base (no count, no interval). */
static void test_proportions_published(void **state)
{
    (void)state;
    icstat_proportions *p = proportions_ok("label,percent,total\nNAHT,91%,\"1,400+\"\n"
                                           "exact,91 %,\"1,400\"\nbig,50,\"12,345,678\"\n"
                                           "ASCL,17%,\n");
    assert_int_equal(p->base[0], ICSTAT_BASE_AT_LEAST);
    assert_close(p->total[0], 1400, 0);
    assert_close(p->count[0], 1274, 0);
    assert_close(p->ci_low[0], 89.38657812, 1e-8);
    assert_close(p->ci_high[0], 92.38903784, 1e-8);
    assert_int_equal(p->base[1], ICSTAT_BASE_EXACT);
    assert_close(p->ci_low[1], p->ci_low[0], 0);
    assert_close(p->total[2], 12345678, 0);
    assert_int_equal(p->base[3], ICSTAT_BASE_NONE);
    assert_true(isnan(p->count[3]) && isnan(p->total[3]));
    assert_true(isnan(p->ci_low[3]) && isnan(p->ci_high[3]));
    assert_close(p->percent[3], 17, 0);
    assert_string_equal(icstat_base_kind_name(p->base[0]), "at_least");
    assert_string_equal(icstat_base_kind_name(p->base[3]), "not_published");
    assert_string_equal(icstat_base_kind_name(p->base[1]), "exact");
    icstat_proportions_free(p);
}

static const char *what = "--proportions"; /* as the command names the file */

static void expect_proportions_error(const char *csv, long line, const char *msg)
{
    icstat_table *t = read_text(csv);
    icstat_proportions *p = (icstat_proportions *)&p;
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_proportions_compute(t, 0.95, what, &p, &err), ICSTAT_EDATA);
    assert_null(p);
    assert_string_equal(err.file, "mem.csv");
    assert_int_equal(err.line, line);
    assert_string_equal(err.msg, msg);
    icstat_table_free(t);
}

static void test_proportions_refusals(void **state)
{
    (void)state;
    const char *need = "--proportions needs columns label,count,total or label,percent,total";
    char msg[256];
    snprintf(msg, sizeof msg, "no 'label' column in the header; %s", need);
    expect_proportions_error("name,count,total\na,1,2\n", 1, msg);
    snprintf(msg, sizeof msg, "no 'total' column in the header; %s", need);
    expect_proportions_error("label,count,n\na,1,2\n", 1, msg);
    snprintf(msg, sizeof msg, "no 'count' or 'percent' column in the header; %s", need);
    expect_proportions_error("label,x,total\na,1,2\n", 1, msg);
    expect_proportions_error("label,count,total\na,1,2\nb,3,2\n", 3,
                             "count 3 is more than the total 2");
    expect_proportions_error("label,count,total\na,-1,2\n", 2,
                             "column 'count' has value '-1'; a count must be a whole number, "
                             "0 or more");
    expect_proportions_error("label,count,total\na,1.5,2\n", 2,
                             "column 'count' has value '1.5'; a count must be a whole number, "
                             "0 or more");
    expect_proportions_error("label,count,total\na,0,0\n", 2,
                             "column 'total' has value '0'; a total must be a whole number "
                             "above 0");
    expect_proportions_error("label,count,total\na,1,2\nb,x,2\n", 3,
                             "column 'count' has value 'x' that is not a number");
    expect_proportions_error("label,count,total\na,1,\n", 2,
                             "column 'total' is empty; a count needs its total (only a percent "
                             "may be given without one)");
    expect_proportions_error("label,count,total\n,1,2\n", 2,
                             "column 'label' is empty; every row needs a label");
    expect_proportions_error("label,percent,total\na,100.5,20\n", 2,
                             "column 'percent' has value '100.5' that is not between 0 and 100");
    /* "33%" is read (test_proportions_published); a sign alone is not. */
    expect_proportions_error("label,percent,total\na,%,20\n", 2,
                             "column 'percent' has value '%' that is not a number");
    expect_proportions_error("label,percent,total\na,3,\"1,40\"\n", 2,
                             "column 'total' has value '1,40' that is not a base: write a whole "
                             "number (1400 or 1,400), or 1,400+ for at least 1,400");
    expect_proportions_error("label,percent,total\na,3,+\n", 2,
                             "column 'total' has value '+' that is not a base: write a whole "
                             "number (1400 or 1,400), or 1,400+ for at least 1,400");
    what = NULL; /* the caller's name for the file, or a plain one */
    expect_proportions_error("name,count,total\na,1,2\n", 1,
                             "no 'label' column in the header; a file of figures needs columns "
                             "label,count,total or label,percent,total");
    what = "--proportions";
}

/* ---- tables (describe_tables.c) -------------------------------------- */

/* 1 when res has note `want`; otherwise the notes it has, to see why. */
static int has_note(const icstat_result *res, const char *want)
{
    for (size_t i = 0; i < icstat_result_n_notes(res); i++)
        if (strcmp(icstat_result_note(res, i), want) == 0)
            return 1;
    for (size_t i = 0; i < icstat_result_n_notes(res); i++)
        print_message("note: %s\n", icstat_result_note(res, i));
    return 0;
}

/* The notes carry what the command used to work out itself: the rows left
 * out, the comparisons without a risk-ratio interval, a category with no
 * rows, a rounded percent that the whole count moves. */
static void test_tables(void **state)
{
    (void)state;
    icstat_table *t = read_text("y,g,p\n1,a,x\n2,a,x\n2,b,x\n1,b,y\n,b,x\n");
    const char *where[] = {"p=x"}, *cats[] = {"1", "2", "3"};
    icstat_describe_spec s = {"y", "g", where, 1, cats, 3, NULL, NULL, 0.95, NULL, CLI};
    icstat_describe_result *r = describe_ok(t, &s);
    const icstat_describe_view human = {"mem.csv", &s, 1}, machine = {"mem.csv", &s, 0};
    icstat_result *res = icstat_describe_table_percent(r, &human);
    assert_non_null(res);
    assert_true(has_note(res, "--where p=x: 1 of 5 rows left out"));
    assert_true(has_note(res, "1 row left out for a missing value (1 missing 'y')"));
    assert_int_equal(icstat_result_n_notes(res), 3); /* and what the columns are */
    icstat_result_free(res);
    res = icstat_describe_table_percent(r, &machine);
    assert_int_equal(icstat_result_n_notes(res), 2);
    /* conf (issue 17): the level after ci_high, for machines only. */
    assert_int_equal(icstat_result_ncol(res), 8);
    assert_string_equal(icstat_result_col_name(res, 7), "conf");
    assert_close(icstat_result_num(res, 0, 7), 0.95, 0.0);
    icstat_result_free(res);
    res = icstat_describe_table_percent(r, &human);
    assert_int_equal(icstat_result_ncol(res), 7);
    icstat_result_free(res);
    res = icstat_describe_table_measures(r, &machine);
    assert_string_equal(icstat_result_col_name(res, 7), "conf");
    assert_true(isnan(icstat_result_num(res, 0, 7))); /* chisq: no interval */
    assert_close(icstat_result_num(res, 1, 7), 0.95, 0.0);
    assert_true(has_note(res, "chi-square: category '3' has no rows and is left out of the "
                              "test"));
    assert_true(has_note(res, "risk_ratio: no interval for 2 comparisons with a count of 0 (the "
                              "log scale has no variance there), and no ratio where the "
                              "reference's count is 0"));
    icstat_result_free(res);
    res = icstat_describe_table_test(r);
    assert_true(has_note(res, "Pearson's chi-square test of independence without continuity "
                              "correction (R's chisq.test(correct = FALSE))"));
    icstat_result_free(res);
    icstat_describe_result_free(r);
    icstat_table_free(t);

    icstat_proportions *p = proportions_ok("label,percent,total\nTeachers,33.3,250\n");
    res = icstat_proportions_table(p, "mem.csv", 0.95, 1);
    assert_true(has_note(res, "line 2 ('Teachers'): 33.3% of 250 is 83.25; counted as 83, which "
                              "is 33.20%"));
    assert_int_equal(icstat_result_ncol(res), 6);
    icstat_result_free(res);
    res = icstat_proportions_table(p, "mem.csv", 0.9, 0);
    assert_int_equal(icstat_result_ncol(res), 7);
    assert_string_equal(icstat_result_col_name(res, 6), "conf");
    assert_close(icstat_result_num(res, 0, 6), 0.9, 0.0);
    icstat_result_free(res);
    icstat_proportions_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_primary_gender),
        cmocka_unit_test(test_cluster_gender),
        cmocka_unit_test(test_cluster_phase),
        cmocka_unit_test(test_cluster_singletons),
        cmocka_unit_test(test_cluster_singular_test),
        cmocka_unit_test(test_merged_categories),
        cmocka_unit_test(test_published_proportions),
        cmocka_unit_test(test_region_numeric_ref),
        cmocka_unit_test(test_secondary_hmi),
        cmocka_unit_test(test_no_by),
        cmocka_unit_test(test_empty_category),
        cmocka_unit_test(test_missing_dropped),
        cmocka_unit_test(test_where_missing_and_negation),
        cmocka_unit_test(test_numeric_matching),
        cmocka_unit_test(test_where_parse),
        cmocka_unit_test(test_one_group),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_proportions_counts),
        cmocka_unit_test(test_proportions_difference),
        cmocka_unit_test(test_proportions_percent),
        cmocka_unit_test(test_proportions_refusals),
        cmocka_unit_test(test_proportions_published),
        cmocka_unit_test(test_tables),
    };
    gsl_set_error_handler_off(); /* as main() does: failures come back as statuses */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
