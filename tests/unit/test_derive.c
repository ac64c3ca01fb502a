/* test_derive.c — --years-between, --band and --where (analysis/data/derive.c):
 * the values and labels of the new columns against hand-worked ones, the
 * order bands keep in describe and fit, the table after rows are dropped
 * (numeric status, missing counts, line numbers), and every refusal with
 * its message. */
#include "icstat/derive.h"
#include "icstat/describe.h"
#include "icstat/factor.h"
#include "icstat/table.h"
#include "test_util.h"

static icstat_table *read_text(const char *csv)
{
    icstat_table *t = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_table_read_buffer("mem.csv", csv, strlen(csv), &t, &err) != ICSTAT_OK)
        fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
    return t;
}

/* Apply steps given as (kind, value) pairs; the status, err filled. */
static int apply(icstat_table *t, icstat_derive *d, icstat_error *err)
{
    icstat_error_clear(err);
    return icstat_derive_apply(d, t, err);
}

/* The names a command gives the steps (cli.c), which messages quote. */
static const char *const OPT[] = {[ICSTAT_DERIVE_YEARS] = "--years-between",
                                  [ICSTAT_DERIVE_BAND] = "--band",
                                  [ICSTAT_DERIVE_WHERE] = "--where"};

static void add_ok(icstat_derive *d, icstat_derive_kind k, const char *v)
{
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_derive_add(d, k, v, OPT[k], &err) != ICSTAT_OK)
        fail_msg("%s: %s", v, err.msg);
}

static const char *SCHOOLS = "urn,pupils,date,previous,phase\n"
                             "1,45,2023-03-01,2019-03-01,Primary\n"
                             "2,100,01/09/2022,01/09/2012,Primary\n"
                             "3,249,2024-02-29,2020-02-29,Secondary\n"
                             "4,250,2021-06-30,,Secondary\n"
                             "5,,2022-01-10,2021-01-10,Special\n"
                             "6,1200,2019-05-05,2019-05-05,Secondary\n";

static void test_years(void **state)
{
    (void)state;
    icstat_table *t = read_text(SCHOOLS);
    icstat_derive d = ICSTAT_DERIVE_INIT;
    icstat_error err;
    add_ok(&d, ICSTAT_DERIVE_YEARS, " gap = previous , date ");
    assert_int_equal(apply(t, &d, &err), ICSTAT_OK);
    const long c = icstat_table_find(t, "gap");
    assert_true(c >= 0);
    assert_true(t->cols[c].is_numeric);
    assert_int_equal(t->cols[c].n_missing, 1);
    /* 2019-03-01 to 2023-03-01: 1461 days (2020 is a leap year) */
    assert_close(t->cols[c].num[0], 1461.0 / 365.25, 1e-15);
    assert_close(t->cols[c].num[1], 3652.0 / 365.25, 1e-15); /* 10 years, 2 leap days */
    assert_close(t->cols[c].num[2], 1461.0 / 365.25, 1e-15);
    assert_true(isnan(t->cols[c].num[3]));
    assert_null(t->cols[c].text[3]);
    assert_close(t->cols[c].num[4], 365.0 / 365.25, 1e-15);
    assert_close(t->cols[c].num[5], 0.0, 0.0);
    assert_string_equal(t->cols[c].text[0], "4");
    assert_string_equal(t->cols[c].text[4], "0.9993155373");
    icstat_derive_clear(&d);
    icstat_table_free(t);
}

/* --by-period: the calendar year (a number), the school year September
 * to August, and the term by month, at every boundary; missing where the
 * date is; a date that is not one refused with t left as it was. */
static void test_period(void **state)
{
    (void)state;
    const char *csv = "date\n2019-08-31\n2019-09-01\n31/12/2019\n2020-01-01\n2020-03-31\n"
                      "2020-04-01\nNA\n1999-10-10\n";
    static const char *const want[3][8] = {
        {"2019", "2019", "2019", "2020", "2020", "2020", NULL, "1999"},
        {"2018/19", "2019/20", "2019/20", "2019/20", "2019/20", "2019/20", NULL, "1999/00"},
        {"2018/19 summer", "2019/20 autumn", "2019/20 autumn", "2019/20 spring",
         "2019/20 spring", "2019/20 summer", NULL, "1999/00 autumn"},
    };
    for (int k = 0; k < 3; k++) {
        icstat_table *t = read_text(csv);
        icstat_error err;
        icstat_error_clear(&err);
        assert_int_equal(icstat_table_add_period(t, "period", "date", (icstat_period_kind)k,
                                                 "--by-period", &err),
                         ICSTAT_OK);
        const long c = icstat_table_find(t, "period");
        assert_true(c >= 0);
        assert_int_equal(t->cols[c].is_numeric, k == ICSTAT_PERIOD_YEAR);
        assert_int_equal(t->cols[c].n_missing, 1);
        for (size_t i = 0; i < 8; i++) {
            if (!want[k][i])
                assert_null(t->cols[c].text[i]);
            else
                assert_string_equal(t->cols[c].text[i], want[k][i]);
        }
        if (k == ICSTAT_PERIOD_YEAR)
            assert_close(t->cols[c].num[7], 1999, 0);
        /* A second time: the column is there already. */
        assert_int_equal(icstat_table_add_period(t, "period", "date", (icstat_period_kind)k,
                                                 "--by-period", &err),
                         ICSTAT_EDATA);
        assert_string_equal(err.msg, "--by-period makes column 'period', which the header "
                                     "already has; choose another name");
        icstat_table_free(t);
    }
    icstat_table *t = read_text("date,x\n2019-01-01,1\n2019-02-30,2\n");
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_table_add_period(t, "period", "date", ICSTAT_PERIOD_TERM, "--date",
                                             &err),
                     ICSTAT_EDATA);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "'2019-02-30' that is not a date"));
    assert_int_equal(t->ncol, 2);
    assert_int_equal(icstat_table_add_period(t, "period", "when", ICSTAT_PERIOD_TERM, "--date",
                                             &err),
                     ICSTAT_EDATA);
    assert_string_equal(err.msg, "no --date column 'when' in the header");
    icstat_table_free(t);
}

static void test_band_labels(void **state)
{
    (void)state;
    icstat_table *t = read_text(SCHOOLS);
    icstat_derive d = ICSTAT_DERIVE_INIT;
    icstat_error err;
    add_ok(&d, ICSTAT_DERIVE_BAND, "size=pupils:100,250,500,1000");
    add_ok(&d, ICSTAT_DERIVE_YEARS, "gap=previous,date");
    add_ok(&d, ICSTAT_DERIVE_BAND, "gap_band=gap:2,4.5");
    add_ok(&d, ICSTAT_DERIVE_BAND, "one=pupils:250,251");
    assert_int_equal(apply(t, &d, &err), ICSTAT_OK);
    const long s = icstat_table_find(t, "size"), g = icstat_table_find(t, "gap_band");
    const long o = icstat_table_find(t, "one");
    /* whole numbers: 100-249; a cut is the first value of its band */
    static const char *size[] = {"under 100", "100-249", "100-249", "250-499", NULL,
                                 "1000 or more"};
    for (size_t i = 0; i < 6; i++) {
        if (size[i])
            assert_string_equal(t->cols[s].text[i], size[i]);
        else
            assert_null(t->cols[s].text[i]);
    }
    assert_int_equal(t->cols[s].n_levels, 5);
    assert_string_equal(t->cols[s].levels[3], "500-999");
    assert_false(t->cols[s].is_numeric);
    assert_int_equal(t->cols[s].n_missing, 1);
    /* years are not whole: "2 to under 4.5" */
    assert_string_equal(t->cols[g].text[0], "2 to under 4.5");
    assert_string_equal(t->cols[g].text[1], "4.5 or more");
    assert_string_equal(t->cols[g].text[4], "under 2");
    assert_null(t->cols[g].text[3]);
    /* a band of one whole number is that number */
    assert_string_equal(t->cols[o].text[3], "250");
    assert_string_equal(t->cols[o].text[2], "under 250");
    assert_string_equal(t->cols[o].text[5], "251 or more");

    /* The bands' own order, not the alphabet's ("1000 or more" < "250-499"). */
    icstat_factor f;
    assert_int_equal(icstat_factor_build(&t->cols[s], t->nrow, NULL, &f, &err), ICSTAT_OK);
    assert_int_equal(f.n_levels, 4); /* 500-999 has no row */
    assert_string_equal(f.levels[0], "under 100");
    assert_string_equal(f.levels[1], "100-249");
    assert_string_equal(f.levels[2], "250-499");
    assert_string_equal(f.levels[3], "1000 or more");
    assert_int_equal(f.code[5], 3);
    assert_int_equal(f.code[4], -1);
    icstat_factor_clear(&f);

    /* describe's groups come in the same order */
    icstat_describe_spec spec = {.outcome = "phase", .by = "size", .conf = 0.95};
    icstat_describe_result *r = NULL;
    assert_int_equal(icstat_describe_compute(t, &spec, &r, &err), ICSTAT_OK);
    assert_int_equal(r->n_groups, 4);
    assert_string_equal(r->group_labels[0], "under 100");
    assert_string_equal(r->group_labels[3], "1000 or more");
    icstat_describe_result_free(r);
    icstat_derive_clear(&d);
    icstat_table_free(t);
}

static void test_where(void **state)
{
    (void)state;
    icstat_table *t = read_text("urn,grade,code,phase\n"
                                "1,2,x,Primary\n"
                                "2,1,7,Primary\n"
                                "3,,8,Secondary\n"
                                "4,3,9, Primary \n"
                                "5,4,,Primary\n");
    icstat_derive d = ICSTAT_DERIVE_INIT;
    icstat_error err;
    add_ok(&d, ICSTAT_DERIVE_WHERE, "phase=Primary");
    add_ok(&d, ICSTAT_DERIVE_WHERE, "grade>=2");
    assert_int_equal(apply(t, &d, &err), ICSTAT_OK);
    assert_int_equal(d.n_read, 5);
    assert_int_equal(d.n_dropped, 2);
    assert_int_equal(t->nrow, 3);
    assert_string_equal(t->cols[0].text[0], "1");
    assert_string_equal(t->cols[0].text[1], "4");
    assert_string_equal(t->cols[0].text[2], "5");
    /* the file's line numbers stay */
    assert_int_equal(t->line[0], 2);
    assert_int_equal(t->line[1], 5);
    assert_int_equal(t->line[2], 6);
    /* 'code' had the text 'x' in a kept row: still text; after dropping
     * that row as well, its 9 and missing make a numeric column */
    assert_false(t->cols[2].is_numeric);
    assert_int_equal(t->cols[2].n_missing, 1);
    char buf[200];
    icstat_derive_where_text(&d, buf, sizeof buf);
    assert_string_equal(buf, "phase=Primary, grade>=2");
    icstat_derive_clear(&d);

    add_ok(&d, ICSTAT_DERIVE_WHERE, "urn!=1");
    assert_int_equal(apply(t, &d, &err), ICSTAT_OK);
    assert_int_equal(t->nrow, 2);
    assert_true(t->cols[2].is_numeric);
    assert_close(t->cols[2].num[0], 9.0, 0.0);
    assert_true(isnan(t->cols[2].num[1]));
    icstat_derive_clear(&d);

    /* a column left with no value is text, as the reader makes it */
    add_ok(&d, ICSTAT_DERIVE_WHERE, "urn=5");
    assert_int_equal(apply(t, &d, &err), ICSTAT_OK);
    assert_false(t->cols[2].is_numeric);
    assert_null(t->cols[2].num);
    icstat_derive_clear(&d);
    icstat_table_free(t);
}

static void test_refusals(void **state)
{
    (void)state;
    icstat_derive d = ICSTAT_DERIVE_INIT;
    icstat_error err;
    static const struct {
        icstat_derive_kind k;
        const char *v, *msg;
    } bad[] = {
        {ICSTAT_DERIVE_YEARS, "gap=a", "--years-between takes NEW=FROM,TO, two date columns "
                                       "(got 'gap=a')"},
        {ICSTAT_DERIVE_YEARS, "gap=a,b,c", NULL},
        {ICSTAT_DERIVE_YEARS, "=a,b", NULL},
        {ICSTAT_DERIVE_YEARS, "gap=a, ", NULL},
        {ICSTAT_DERIVE_BAND, "size=pupils", "--band takes NEW=COL:C1,C2,... with numbers in "
                                            "increasing order (got 'size=pupils')"},
        {ICSTAT_DERIVE_BAND, "size=pupils:100,100", NULL},
        {ICSTAT_DERIVE_BAND, "size=pupils:250,100", NULL},
        {ICSTAT_DERIVE_BAND, "size=pupils:1,,2", NULL},
        {ICSTAT_DERIVE_BAND, "size=pupils:", NULL},
        {ICSTAT_DERIVE_BAND, "size=:1", NULL},
        {ICSTAT_DERIVE_BAND, "size:pupils=1", NULL},
        {ICSTAT_DERIVE_WHERE, "phase", "--where takes COL=VALUE, COL!=VALUE or COL<N (also <=, "
                                       ">, >=) (got 'phase')"},
        {ICSTAT_DERIVE_WHERE, "grade>=good", "--where: an ordering (<, <=, >, >=) compares "
                                             "with a number (got 'grade>=good')"},
        {ICSTAT_DERIVE_WHERE, "=2", NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        icstat_error_clear(&err);
        if (icstat_derive_add(&d, bad[i].k, bad[i].v, OPT[bad[i].k], &err) != ICSTAT_EDATA)
            fail_msg("'%s' was accepted", bad[i].v);
        if (bad[i].msg)
            assert_string_equal(err.msg, bad[i].msg);
    }
    assert_int_equal(d.n, 0);
    icstat_derive_clear(&d);

    static const struct {
        icstat_derive_kind k;
        const char *v;
        long line;
        const char *msg;
    } data[] = {
        {ICSTAT_DERIVE_YEARS, "gap=previous,when", 1,
         "no --years-between column 'when' in the header"},
        {ICSTAT_DERIVE_YEARS, "urn=previous,date", 1,
         "--years-between makes column 'urn', which the header already has; choose another "
         "name"},
        {ICSTAT_DERIVE_YEARS, "gap=previous,date", 3,
         "column 'date' has value '31/04/2022' that is not a date: April 2022 has no day 31; "
         "use YYYY-MM-DD or DD/MM/YYYY (--years-between)"},
        {ICSTAT_DERIVE_BAND, "size=pupils:100", 4,
         "column 'pupils' has value '1,234' that is not a number, which --band cannot place; "
         "write numbers with a decimal point and no thousands separators (3.5, 1234)"},
        {ICSTAT_DERIVE_BAND, "size=roll:100", 1, "no --band column 'roll' in the header"},
        {ICSTAT_DERIVE_WHERE, "phase>2", 2,
         "--where 'phase>2': column 'phase' has value 'Primary' that is not a number"},
        {ICSTAT_DERIVE_WHERE, "phase=Nursery", 0, "no row meets --where phase=Nursery (3 rows "
                                                  "read)"},
        {ICSTAT_DERIVE_WHERE, "stage=1", 1, "no --where column 'stage' in the header"},
    };
    const char *csv = "urn,pupils,date,previous,phase\n"
                      "1,45,2023-03-01,2019-03-01,Primary\n"
                      "2,100,31/04/2022,01/09/2012,Primary\n"
                      "3,\"1,234\",2024-02-29,2020-02-29,Secondary\n";
    for (size_t i = 0; i < sizeof data / sizeof *data; i++) {
        icstat_table *t = read_text(csv);
        const size_t ncol = t->ncol;
        add_ok(&d, data[i].k, data[i].v);
        assert_int_equal(apply(t, &d, &err), ICSTAT_EDATA);
        assert_string_equal(err.msg, data[i].msg);
        assert_int_equal(err.line, data[i].line);
        assert_string_equal(err.file, "mem.csv");
        /* a refused step adds no column */
        assert_int_equal(t->ncol, ncol);
        icstat_derive_clear(&d);
        icstat_table_free(t);
    }

    /* Without a name from the caller, the plain one. */
    icstat_table *t = read_text(csv);
    icstat_error_clear(&err);
    assert_int_equal(icstat_derive_add(&d, ICSTAT_DERIVE_BAND, "size", NULL, &err), ICSTAT_EDATA);
    assert_string_equal(err.msg, "band takes NEW=COL:C1,C2,... with numbers in increasing order "
                                 "(got 'size')");
    assert_int_equal(icstat_derive_add(&d, ICSTAT_DERIVE_WHERE, "stage=1", NULL, &err),
                     ICSTAT_OK);
    assert_int_equal(apply(t, &d, &err), ICSTAT_EDATA);
    assert_string_equal(err.msg, "no where column 'stage' in the header");
    icstat_derive_clear(&d);
    icstat_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_years),
        cmocka_unit_test(test_period),
        cmocka_unit_test(test_band_labels),
        cmocka_unit_test(test_where),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
