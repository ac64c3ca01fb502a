/* test_design.c — the model frame of `icstat fit`: lagged outcomes in date
 * order across date formats, joins, binary outcomes, reference levels,
 * dropped rows and the checks that refuse a design. */
#include "icstat/date.h"
#include "icstat/design.h"
#include "icstat/table.h"
#include "test_util.h"

static icstat_table *table_of(const char *csv)
{
    icstat_table *t = NULL;
    icstat_error err;
    assert_int_equal(icstat_table_read_buffer("t.csv", csv, strlen(csv), &t, &err), ICSTAT_OK);
    return t;
}

static long col_of(const icstat_design *d, const char *name)
{
    for (size_t j = 0; j < d->p; j++)
        if (strcmp(d->col_names[j], name) == 0)
            return (long)j;
    return -1;
}

static void test_lag_previous(void **state)
{
    (void)state;
    /* Inspector A in date order: 03/01/2020 (grade 1), 2020-01-05 (2),
     * 2020-02-01 (3), 2020-03-01 (missing x, but its grade still counts as
     * the previous one for 2020-04-01).  B has one inspection. */
    icstat_table *t = table_of("grade,x,insp,date\n"
                               "2,1.0,A,2020-01-05\n"
                               "3,2.0,A,2020-02-01\n"
                               "1,3.0,A,03/01/2020\n"
                               "2,4.0,B,2020-01-01\n"
                               "1,,A,2020-03-01\n"
                               "3,6.0,A,2020-04-01\n");
    const char *terms[] = {"x"};
    icstat_design_spec spec = {.outcome = "grade", .terms = terms, .n_terms = 1,
                               .group = "insp", .lag_previous = "date"};
    icstat_design *d = NULL;
    icstat_error err;
    assert_int_equal(icstat_design_build(t, &spec, &d, &err), ICSTAT_OK);
    assert_int_equal(d->n, 3);       /* 05 Jan, 01 Feb, 01 Apr */
    assert_int_equal(d->n_first, 2); /* A's 3 Jan and B's only one */
    assert_int_equal(d->n_missing, 1);
    assert_int_equal(d->n_groups, 1);
    /* previous: 1 (for 05 Jan), 2 (01 Feb), 1 (01 Apr); levels "1","2". */
    const icstat_term *prev = &d->terms[1];
    assert_string_equal(prev->name, "previous");
    assert_int_equal(prev->n_levels, 2);
    long c = col_of(d, "previous=2");
    assert_true(c >= 0);
    /* Rows are in file order within the group: 05 Jan, 01 Feb, 01 Apr. */
    assert_close(d->x[0 * d->p + (size_t)c], 0.0, 0);
    assert_close(d->x[1 * d->p + (size_t)c], 1.0, 0);
    assert_close(d->x[2 * d->p + (size_t)c], 0.0, 0);
    assert_int_equal(d->line[2], 7);
    icstat_design_free(d);

    /* An unparseable date names its line. */
    icstat_table *bad = table_of("grade,insp,date\n1,A,2020-01-01\n2,A,1st May\n");
    spec.terms = NULL;
    spec.n_terms = 0;
    assert_int_equal(icstat_design_build(bad, &spec, &d, &err), ICSTAT_EDATA);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "'1st May' that is not a date"));
    icstat_table_free(bad);
    /* A day that no month of that year has. */
    bad = table_of("grade,insp,date\n1,A,2020-01-01\n2,A,29/02/2021\n");
    assert_int_equal(icstat_design_build(bad, &spec, &d, &err), ICSTAT_EDATA);
    assert_int_equal(err.line, 3);
    icstat_table_free(bad);
    bad = table_of("grade,insp,date\n1,A,2020-02-29\n2,A,2020-01-01\n2,A,2020-03-01\n");
    assert_int_equal(icstat_design_build(bad, &spec, &d, &err), ICSTAT_OK); /* leap year */
    icstat_design_free(d);
    icstat_table_free(bad);
    icstat_table_free(t);
}

static void test_join_binary_ref(void **state)
{
    (void)state;
    icstat_table *t = table_of("grade,insp,phase\n1,7,P\n3,7.0,S\n4,8,S\n2,8,P\n2,9,N\n");
    icstat_table *people = table_of("insp,hmi\n7,yes\n8,no\n9,no\n");
    icstat_error err;
    assert_int_equal(icstat_table_join(t, people, "insp", &err), ICSTAT_OK);
    const char *terms[] = {"phase", "hmi"};
    const char *refs[] = {"phase=S"};
    icstat_design_spec spec = {.binary = "grade >= 3", .terms = terms, .n_terms = 2,
                               .refs = refs, .n_refs = 1, .group = "insp"};
    icstat_design *d = NULL;
    assert_int_equal(icstat_design_build(t, &spec, &d, &err), ICSTAT_OK);
    assert_int_equal(d->k, 2);
    assert_int_equal(d->n, 5);
    assert_int_equal(d->n_groups, 3);
    /* "7" and "7.0" are one inspector; groups sorted numerically. */
    assert_int_equal(d->group_start[1], 2);
    assert_int_equal(d->y[0], 0);
    assert_int_equal(d->y[1], 1);
    /* Reference S first: columns phase=N, phase=P; hmi=yes against no. */
    assert_string_equal(d->col_names[0], "phase=N");
    assert_string_equal(d->col_names[1], "phase=P");
    assert_string_equal(d->col_names[2], "hmi=yes");
    assert_true(d->terms[1].group_level);
    assert_false(d->terms[0].group_level);
    icstat_design_free(d);

    /* A key without a match is named with its line. */
    icstat_table *t2 = table_of("grade,insp\n1,7\n2,10\n");
    assert_int_equal(icstat_table_join(t2, people, "insp", &err), ICSTAT_EDATA);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "insp '10' has no row"));
    icstat_table_free(t2);
    icstat_table_free(people);
    icstat_table_free(t);
}

static void test_refusals(void **state)
{
    (void)state;
    icstat_table *t = table_of("grade,a,b,word\n1,1,2,x\n2,2,4,y\n3,3,6.0,x\n2,4,8,y\n");
    icstat_design *d = NULL;
    icstat_error err;
    const char *collinear[] = {"a", "b"};
    icstat_design_spec spec = {.outcome = "grade", .terms = collinear, .n_terms = 2};
    assert_int_equal(icstat_design_build(t, &spec, &d, &err), ICSTAT_EDATA);
    assert_non_null(strstr(err.msg, "design column 'b' is a combination"));
    /* A text outcome needs its order. */
    spec.outcome = "word";
    spec.n_terms = 0;
    assert_int_equal(icstat_design_build(t, &spec, &d, &err), ICSTAT_EUSAGE);
    assert_non_null(strstr(err.msg, "--categories"));
    const char *cats[] = {"y", "x"};
    spec.categories = cats;
    spec.n_categories = 2;
    assert_int_equal(icstat_design_build(t, &spec, &d, &err), ICSTAT_OK);
    assert_int_equal(d->y[0], 1); /* x is the second category */
    icstat_design_free(d);
    icstat_table_free(t);
}

/* Day counts round-trip for every day of 1900-2100, and known anchors. */
static void test_date_days(void **state)
{
    (void)state;
    assert_int_equal(icstat_date_to_days(1970, 1, 1), 0);
    assert_int_equal(icstat_date_to_days(2000, 3, 1), 11017);
    long day = icstat_date_to_days(1900, 1, 1);
    for (int y = 1900; y <= 2100; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= 31; d++) {
                if (!icstat_date_valid(y, m, d))
                    continue;
                int yy, mm, dd;
                assert_int_equal(icstat_date_to_days(y, m, d), day);
                icstat_date_from_days(day++, &yy, &mm, &dd);
                assert_true(yy == y && mm == m && dd == d);
            }
    int y, m, d;
    assert_int_equal(icstat_date_parse(" 5/3/2019 ", &y, &m, &d), 0);
    assert_true(y == 2019 && m == 3 && d == 5);
    assert_int_equal(icstat_date_parse("2019-03-05T10:30", &y, &m, &d), 0);
    assert_int_equal(icstat_date_parse("2019-02-29", &y, &m, &d), -1);
    assert_int_equal(icstat_date_parse("2019-03-05x", &y, &m, &d), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lag_previous),
        cmocka_unit_test(test_join_binary_ref),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_date_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
