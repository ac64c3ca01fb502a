/* test_result.c — the writers: exact bytes for csv quoting, tsv, json null
 * and escapes, markdown pipes, and text rounding with NA. */
#include <math.h>

#include "icstat/result.h"
#include "icstat/zero.h"
#include "test_util.h"

static char *render(const icstat_result *res, icstat_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(icstat_result_write(res, f, fmt), 0);
    fclose(f);
    return buf;
}

static icstat_result *sample(void)
{
    static const icstat_col_spec cols[] = {{"name", ICSTAT_COL_TEXT, 0},
                                           {"estimate", ICSTAT_COL_NUM, 4},
                                           {"p_value", ICSTAT_COL_P, 0},
                                           {"n", ICSTAT_COL_INT, 0}};
    icstat_result *res = icstat_result_alloc("Title", cols, 4);
    assert_non_null(res);
    long r = icstat_result_add_row(res);
    icstat_result_set_text(res, (size_t)r, 0, "Good, \"mostly\"");
    icstat_result_set_num(res, (size_t)r, 1, 0.123456789012345);
    icstat_result_set_num(res, (size_t)r, 2, 0.00001);
    icstat_result_set_num(res, (size_t)r, 3, 24);
    r = icstat_result_add_row(res);
    icstat_result_set_text(res, (size_t)r, 0, "a|b");
    icstat_result_set_num(res, (size_t)r, 1, -0.00001);
    icstat_result_set_num(res, (size_t)r, 3, 2);
    icstat_result_add_note(res, "a note");
    return res;
}

static void csv_tsv(void **state)
{
    (void)state;
    icstat_result *res = sample();
    char *s = render(res, ICSTAT_FMT_CSV);
    assert_string_equal(s, "name,estimate,p_value,n\n"
                           "\"Good, \"\"mostly\"\"\",0.123456789,1e-05,24\n"
                           "a|b,-1e-05,NA,2\n");
    free(s);
    s = render(res, ICSTAT_FMT_TSV);
    assert_string_equal(s, "name\testimate\tp_value\tn\n"
                           "Good, \"mostly\"\t0.123456789\t1e-05\t24\n"
                           "a|b\t-1e-05\tNA\t2\n");
    free(s);
    icstat_result_free(res);
}

static void json(void **state)
{
    (void)state;
    icstat_result *res = sample();
    char *s = render(res, ICSTAT_FMT_JSON);
    assert_string_equal(s, "{\n  \"title\": \"Title\",\n  \"rows\": [\n"
                           "    {\"name\": \"Good, \\\"mostly\\\"\", \"estimate\": 0.123456789, "
                           "\"p_value\": 1e-05, \"n\": 24},\n"
                           "    {\"name\": \"a|b\", \"estimate\": -1e-05, \"p_value\": null, "
                           "\"n\": 2}\n  ],\n  \"notes\": [\n    \"a note\"\n  ]\n}\n");
    free(s);
    icstat_result_free(res);
}

static void human(void **state)
{
    (void)state;
    icstat_result *res = sample();
    char *s = render(res, ICSTAT_FMT_TEXT);
    assert_string_equal(s, "Title\n\n"
                           "name            estimate  p_value   n\n"
                           "--------------  --------  -------  --\n"
                           "Good, \"mostly\"    0.1235  <0.0001  24\n"
                           "a|b               0.0000       NA   2\n"
                           "\na note\n");
    free(s);
    s = render(res, ICSTAT_FMT_MD);
    assert_string_equal(s, "**Title**\n\n"
                           "| name | estimate | p_value | n |\n"
                           "| --- | ---: | ---: | ---: |\n"
                           "| Good, \"mostly\" | 0.1235 | <0.0001 | 24 |\n"
                           "| a\\|b | 0.0000 | NA | 2 |\n"
                           "\n- a note\n");
    free(s);
    icstat_result_free(res);
}

/* -0.0 (a count read as "-0", -1 * 0) is 0 in every format; a true
 * negative keeps its sign.  describe --proportions printed "-0". */
static void negative_zero(void **state)
{
    (void)state;
    static const icstat_col_spec cols[] = {{"count", ICSTAT_COL_INT, 0},
                                           {"percent", ICSTAT_COL_NUM, 1},
                                           {"small", ICSTAT_COL_NUM, 1}};
    icstat_result *res = icstat_result_alloc("T", cols, 3);
    assert_non_null(res);
    const long r = icstat_result_add_row(res);
    icstat_result_set_num(res, (size_t)r, 0, -0.0);
    icstat_result_set_num(res, (size_t)r, 1, -0.0);
    icstat_result_set_num(res, (size_t)r, 2, -1e-300);
    static const struct {
        icstat_format fmt;
        const char *want;
    } cases[] = {
        {ICSTAT_FMT_CSV, "count,percent,small\n0,0,-1e-300\n"},
        {ICSTAT_FMT_TSV, "count\tpercent\tsmall\n0\t0\t-1e-300\n"},
        {ICSTAT_FMT_JSON, "{\n  \"title\": \"T\",\n  \"rows\": [\n"
                          "    {\"count\": 0, \"percent\": 0, \"small\": -1e-300}\n  ],\n"
                          "  \"notes\": []\n}\n"},
        {ICSTAT_FMT_TEXT, "T\n\ncount  percent  small\n-----  -------  -----\n"
                          "    0      0.0    0.0\n"},
        {ICSTAT_FMT_MD, "**T**\n\n| count | percent | small |\n| ---: | ---: | ---: |\n"
                        "| 0 | 0.0 | 0.0 |\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = render(res, cases[i].fmt);
        assert_string_equal(s, cases[i].want);
        free(s);
    }
    icstat_result_free(res);
}

/* A p-value in a column of other numbers (fit's lr_p_value in estimate):
 * "<0.0001" and 4 decimals in text and md, as a p_value column shows it,
 * the number in csv, tsv and json; set_num afterwards clears the flag. */
static void p_cell(void **state)
{
    (void)state;
    static const icstat_col_spec cols[] = {{"statistic", ICSTAT_COL_TEXT, 0},
                                           {"estimate", ICSTAT_COL_NUM, 2}};
    icstat_result *res = icstat_result_alloc("", cols, 2);
    assert_non_null(res);
    const char *names[] = {"lr_stat", "lr_p_value", "big_p", "plain"};
    const double v[] = {37.5689, 4.411953435e-10, 0.03125, 4.4e-10};
    for (size_t i = 0; i < 4; i++) {
        const long r = icstat_result_add_row(res);
        icstat_result_set_text(res, (size_t)r, 0, names[i]);
        if (i == 1 || i == 2)
            icstat_result_set_p(res, (size_t)r, 1, v[i]);
        else if (i == 3) { /* a p-value cell set again as a number is a number */
            icstat_result_set_p(res, (size_t)r, 1, NAN);
            icstat_result_set_num(res, (size_t)r, 1, v[i]);
        } else
            icstat_result_set_num(res, (size_t)r, 1, v[i]);
    }
    static const struct {
        icstat_format fmt;
        const char *want;
    } cases[] = {
        {ICSTAT_FMT_CSV, "statistic,estimate\nlr_stat,37.5689\nlr_p_value,4.411953435e-10\n"
                         "big_p,0.03125\nplain,4.4e-10\n"},
        {ICSTAT_FMT_TEXT, "statistic   estimate\n----------  --------\nlr_stat        37.57\n"
                          "lr_p_value   <0.0001\nbig_p         0.0312\nplain           0.00\n"},
        {ICSTAT_FMT_MD, "| statistic | estimate |\n| --- | ---: |\n| lr_stat | 37.57 |\n"
                        "| lr_p_value | <0.0001 |\n| big_p | 0.0312 |\n| plain | 0.00 |\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = render(res, cases[i].fmt);
        assert_string_equal(s, cases[i].want);
        free(s);
    }
    icstat_result_free(res);
}

/* zero.h: below 1e-12 of the scale is 0, at or above it the value. */
static void zero_snap(void **state)
{
    (void)state;
    assert_true(icstat_zero_snap(-6.3e-16, 1.0) == 0.0);
    assert_true(icstat_zero_snap(9.9e-13, 1.0) == 0.0);
    assert_true(icstat_zero_snap(1e-12, 1.0) == 1e-12);
    assert_true(icstat_zero_snap(-2e-12, 1.0) == -2e-12);
    assert_true(icstat_zero_snap(5e-13, 1e-3) == 5e-13); /* relative to the scale */
    assert_true(icstat_zero_snap(5e-16, 1e-3) == 0.0);
    assert_true(isnan(icstat_zero_snap(NAN, 1.0)));
    assert_true(icstat_zero_snap(1e-30, 0.0) == 1e-30);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_tsv),
        cmocka_unit_test(json),
        cmocka_unit_test(human),
        cmocka_unit_test(negative_zero),
        cmocka_unit_test(p_cell),
        cmocka_unit_test(zero_snap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
