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
    /* Rows are in time order within the group: 05 Jan, 01 Feb, 01 Apr. */
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
    /* Named as the caller names the input (`icstat fit`: its option), or
     * else as the spec's field. */
    assert_non_null(strstr(err.msg, "e.g. categories \"Outstanding,"));
    spec.labels.categories = "--categories";
    assert_int_equal(icstat_design_build(t, &spec, &d, &err), ICSTAT_EUSAGE);
    assert_non_null(strstr(err.msg, "e.g. --categories \"Outstanding,"));
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
    /* The time of day: kept by icstat_datetime_parse, H:MM[:SS[.f]] only. */
    static const struct {
        const char *s;
        double sec; /* -1: a date alone; -2: refused */
    } times[] = {
        {"2019-03-05", -1},           {"2019-03-05T10:30", 37800},
        {"5/3/2019 9:05", 32700},     {"05/03/2019 23:59:59", 86399},
        {"2019-03-05 00:00:00.25", 0.25}, {" 2019-03-05 10:30:00.000 ", 37800},
        {"2019-03-05 24:00", -2},     {"2019-03-05 10:60", -2},
        {"2019-03-05 10:30:61", -2},  {"2019-03-05 10", -2},
        {"2019-03-05 1030", -2},      {"2019-03-05 10.30", -2},
        {"2019-03-05T", -2},          {"2019-03-05 10:30:00.", -2},
        {"2019-03-05 10:30Z", -2},    {"2019-03-05  10:30", -2},
    };
    for (size_t i = 0; i < sizeof times / sizeof *times; i++) {
        double sec = 99;
        const int st = icstat_datetime_parse(times[i].s, &y, &m, &d, &sec);
        if (times[i].sec == -2 ? st != -1 : st != 0 || sec != times[i].sec)
            fail_msg("'%s': status %d, seconds %.17g; wanted %.17g", times[i].s, st, sec,
                     times[i].sec);
        if (times[i].sec != -2)
            assert_true(y == 2019 && m == 3 && d == 5);
        assert_int_equal(icstat_date_parse(times[i].s, &y, &m, &d), times[i].sec == -2 ? -1 : 0);
    }
    char why[160];
    assert_int_equal(icstat_date_problem("2019-03-05 24:00", why, sizeof why),
                     ICSTAT_DATE_BAD_TIME);
    assert_string_equal(why, "'24:00' after the date is not a time of day HH:MM or HH:MM:SS "
                             "(hours 0 to 23)");
}

/* --lag-previous orders by the time of day when there is one; rows of one
 * group that no time separates are refused, whatever the file's order; and
 * the model's rows do not depend on the file's order. */
static void test_lag_times(void **state)
{
    (void)state;
    static const char *const rows[] = {"3,1.0,A,2020-01-05 14:00\n", "1,2.0,A,2020-01-05 09:00\n",
                                       "2,3.0,A,2020-02-01\n",       "2,4.0,B,2020-01-01\n",
                                       "1,5.0,B,2020-01-02\n",       "3,6.0,A,2020-01-04\n"};
    const size_t n = sizeof rows / sizeof *rows;
    const char *terms[] = {"x"};
    icstat_design_spec spec = {.outcome = "grade", .terms = terms, .n_terms = 1,
                               .group = "insp", .lag_previous = "date"};
    double *first_x = NULL;
    size_t first_n = 0;
    for (size_t rot = 0; rot < n; rot++) { /* every rotation of the rows, both ways */
        for (int dir = 0; dir < 2; dir++) {
            char csv[512] = "grade,x,insp,date\n";
            for (size_t k = 0; k < n; k++)
                strcat(csv, rows[dir ? (rot + n - k) % n : (rot + k) % n]);
            icstat_table *t = table_of(csv);
            icstat_design *d = NULL;
            icstat_error err;
            assert_int_equal(icstat_design_build(t, &spec, &d, &err), ICSTAT_OK);
            /* A: 01-04 (first), 01-05 09:00 (prev 3), 01-05 14:00 (prev 1),
             * 02-01 (prev 3); B: 01-01 (first), 01-02 (prev 2). */
            assert_int_equal(d->n, 4);
            assert_int_equal(d->n_first, 2);
            const long c3 = col_of(d, "previous=3");
            assert_true(c3 >= 0);
            if (!first_x) {
                first_n = d->n * d->p;
                first_x = malloc(first_n * sizeof *first_x);
                assert_non_null(first_x);
                memcpy(first_x, d->x, first_n * sizeof *first_x);
                /* x: 2 (09:00), 1 (14:00), 3 (02-01), then B's 5. */
                const long cx = col_of(d, "x");
                assert_close(d->x[0 * d->p + (size_t)cx], 2.0, 0);
                assert_close(d->x[1 * d->p + (size_t)cx], 1.0, 0);
                assert_close(d->x[2 * d->p + (size_t)cx], 3.0, 0);
                assert_close(d->x[0 * d->p + (size_t)c3], 1.0, 0);
                assert_close(d->x[1 * d->p + (size_t)c3], 0.0, 0);
                assert_close(d->x[2 * d->p + (size_t)c3], 1.0, 0);
            } else {
                assert_int_equal(d->n * d->p, first_n);
                assert_memory_equal(d->x, first_x, first_n * sizeof *first_x);
            }
            icstat_design_free(d);
            icstat_table_free(t);
        }
    }
    free(first_x);

    /* The same time twice, or a day without a time beside a timed one. */
    static const struct {
        const char *csv;
        long line;
        const char *msg;
    } ties[] = {
        {"grade,insp,date\n1,A,2020-01-05 09:00\n2,B,2020-01-05 09:00\n3,A,05/01/2020 09:00:00\n",
         4, "insp 'A' has two rows on 2020-01-05 that --lag-previous cannot put in order (line 2: "
            "'2020-01-05 09:00', line 4: '05/01/2020 09:00:00')"},
        {"grade,insp,date\n1,A,2020-01-05 09:00\n3,A,2020-01-05\n", 3,
         "insp 'A' has two rows on 2020-01-05 that --lag-previous cannot put in order (line 2: "
         "'2020-01-05 09:00', line 3: '2020-01-05')"},
        {"grade,insp,date\n1,A,2020\n2,A,2019\n3,A,2020\n", 4,
         "insp 'A' has two rows on 2020 that --lag-previous cannot put in order (line 2: "
         "'2020', line 4: '2020')"},
    };
    icstat_design_spec nox = {.outcome = "grade", .group = "insp", .lag_previous = "date",
                              .labels = {.lag_previous = "--lag-previous"}};
    for (size_t i = 0; i < sizeof ties / sizeof *ties; i++) {
        icstat_table *t = table_of(ties[i].csv);
        icstat_design *d = NULL;
        icstat_error err;
        assert_int_equal(icstat_design_build(t, &nox, &d, &err), ICSTAT_EDATA);
        assert_null(d);
        if (err.line != ties[i].line || strncmp(err.msg, ties[i].msg, strlen(ties[i].msg)) != 0)
            fail_msg("tie %zu: line %ld \"%s\"; wanted line %ld \"%s...\"", i, err.line,
                     err.msg, ties[i].line, ties[i].msg);
        icstat_table_free(t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lag_previous),
        cmocka_unit_test(test_join_binary_ref),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_date_days),
        cmocka_unit_test(test_lag_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
