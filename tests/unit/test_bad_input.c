/* test_bad_input.c — what the engines make of hostile input that the
 * reader lets through (tests/bad-input/run.sh drives the commands; the
 * reader's own refusals are in test_table.c): a school on two rows,
 * columns with no value, numbers written "1,234" or "3,5", dates that are
 * impossible, short, in US order or mixed with numbers, CR-only spec
 * files, long text in csv. */
#include "icstat/ratings.h"
#include "icstat/table.h"
#include "test_util.h"

#include "icstat/categories.h"
#include "icstat/date.h"
#include "icstat/describe.h"
#include "icstat/design.h"
#include "icstat/ofsted.h"
#include "icstat/result.h"
#include "icstat/simulate.h"

static icstat_table *table_of(const char *csv)
{
    icstat_table *t = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_table_read_buffer("t.csv", csv, strlen(csv), &t, &err) != ICSTAT_OK)
        fail_msg("%ld: %s", err.line, err.msg);
    return t;
}

/* Expect status, line and the whole message. */
static void expect(int got, const icstat_error *err, int status, long line, const char *msg)
{
    assert_int_equal(got, status);
    if (err->line != line || strcmp(err->msg, msg) != 0)
        fail_msg("got line %ld \"%s\"; wanted line %ld \"%s\"", err->line, err->msg, line, msg);
}

static int ratings_of(const char *csv, const icstat_ratings_spec *spec, icstat_error *err)
{
    icstat_table *t = table_of(csv);
    icstat_ratings *r = NULL;
    icstat_error_clear(err);
    int st = icstat_ratings_from_table(t, spec, &r, err);
    icstat_ratings_free(r);
    icstat_table_free(t);
    return st;
}

static void test_ratings(void **state)
{
    (void)state;
    icstat_error err;
    icstat_ratings_spec wide = {.names = agree_cli_names()};
    /* A school twice would count its ratings twice. */
    expect(ratings_of("urn,a,b\n1,1,2\n2,2,2\n 1 ,3,3\n", &wide, &err), &err, ICSTAT_EDATA, 4,
           "unit '1' (column 'urn') is on lines 2 and 4: in wide format each unit (school) is "
           "one row; merge the rows, or give one row per rating with --long UNIT,RATER,RATING "
           "(the unit column is the first unless --unit names another)");
    icstat_ratings_spec named = {.unit = "urn", .names = agree_cli_names()};
    expect(ratings_of("urn,a,b\n1,1,2\n1,2,2\n", &named, &err), &err, ICSTAT_EDATA, 3,
           "unit '1' (column 'urn') is on lines 2 and 3: in wide format each unit (school) is "
           "one row; merge the rows, or give one row per rating with --long UNIT,RATER,RATING");
    expect(ratings_of("urn,a,b\n1,1,2\nNA,2,2\n", &wide, &err), &err, ICSTAT_EDATA, 3,
           "column 'urn' (the unit) is empty; every row needs its unit's id");
    expect(ratings_of("urn,a,b\n,1,2\n", &wide, &err), &err, ICSTAT_EDATA, 1,
           "column 'urn' (the unit) has no value: it is empty (or NA, N/A, .) in the one row; "
           "name the unit column with --unit COL");
    expect(ratings_of("urn,a,b\n", &wide, &err), &err, ICSTAT_EDATA, 1,
           "the header has no data rows below it");
    /* "2,5" beside "10" would sort as text. */
    expect(ratings_of("urn,a,b\n1,\"2,5\",3\n2,10,10\n", &wide, &err), &err, ICSTAT_EDATA, 2,
           "column 'a' has value '2,5' that is not a number (a thousands separator or a "
           "decimal comma?); " ICSTAT_COMMA_NUMBER_FIX);
    icstat_ratings_spec lng = {.long_unit = "u", .long_rater = "r", .long_rating = "v",
                               .names = agree_cli_names()};
    expect(ratings_of("u,r,v\n1,a,1\n1,NA,2\n", &lng, &err), &err, ICSTAT_EDATA, 3,
           "column 'r' (the rater) is empty; with --long every row needs its unit and rater");
    expect(ratings_of("u,r,v\n1,,1\n1,,2\n", &lng, &err), &err, ICSTAT_EDATA, 1,
           "column 'r' (the rater) has no value: it is empty (or NA, N/A, .) in all 2 rows");
    /* A caller without options (names NULL): plain words, no option hints. */
    icstat_ratings_spec plain = {0};
    expect(ratings_of("urn,a,b\n1,1,2\n 1 ,3,3\n", &plain, &err), &err, ICSTAT_EDATA, 3,
           "unit '1' (column 'urn') is on lines 2 and 3: in wide format each unit (school) is "
           "one row; merge the rows, or give one row per rating with the long form "
           "UNIT,RATER,RATING (the unit column is the first)");
    expect(ratings_of("urn,a,b\n,1,2\n", &plain, &err), &err, ICSTAT_EDATA, 1,
           "column 'urn' (the unit) has no value: it is empty (or NA, N/A, .) in the one row");
    icstat_ratings_spec plain_long = {.long_unit = "u", .long_rater = "r", .long_rating = "v"};
    expect(ratings_of("u,r,v\n1,a,1\n1,NA,2\n", &plain_long, &err), &err, ICSTAT_EDATA, 3,
           "column 'r' (the rater) is empty; with the long form every row needs its unit and "
           "rater");
}

/* --raters naming 20,000 of 20,001 columns: a hash lookup, not a scan. */
static void test_many_raters(void **state)
{
    (void)state;
    const size_t n = 20000;
    char *csv = malloc(n * 32 + 64), *list = malloc(n * 8);
    const char **raters = malloc(n * sizeof *raters);
    assert_non_null(csv);
    assert_non_null(list);
    assert_non_null(raters);
    size_t o = (size_t)sprintf(csv, "u");
    for (size_t j = 0; j < n; j++)
        o += (size_t)sprintf(csv + o, ",r%zu", j);
    for (size_t i = 0; i < 2; i++) {
        o += (size_t)sprintf(csv + o, "\n%zu", i);
        for (size_t j = 0; j < n; j++)
            o += (size_t)sprintf(csv + o, ",%zu", (i + j) % 3);
    }
    csv[o++] = '\n';
    csv[o] = '\0';
    size_t lo = 0;
    for (size_t j = 0; j < n; j++) {
        raters[j] = list + lo;
        lo += (size_t)sprintf(list + lo, "r%zu", n - 1 - j) + 1;
    }
    icstat_table *t = table_of(csv);
    icstat_ratings_spec spec = {.raters = raters, .n_raters = n, .names = agree_cli_names()};
    icstat_ratings *r = NULL;
    icstat_error err;
    assert_int_equal(icstat_ratings_from_table(t, &spec, &r, &err), ICSTAT_OK);
    assert_int_equal(r->n_raters, n);
    assert_string_equal(r->rater_names[0], "r19999");
    icstat_ratings_free(r);
    raters[n - 1] = raters[0];
    /* A data error from the engine: the command refuses the list before it
     * reads the file, as a usage error with the same words. */
    expect(icstat_ratings_from_table(t, &spec, &r, &err), &err, ICSTAT_EDATA, 0,
           "--raters names 'r19999' twice");
    icstat_table_free(t);
    free(csv);
    free(list);
    free(raters);
}

/* What `icstat fit` calls the inputs of a design (cmd_fit.c), so that the
 * messages below read as the command's do. */
#define FIT_LABELS                                                                             \
    {"--outcome", "--binary", "--categories", "--terms", "--factor", "--ref", "--group",       \
     "--lag-previous"}

static int design_of(const char *csv, const icstat_design_spec *spec, icstat_error *err)
{
    icstat_table *t = table_of(csv);
    icstat_design *d = NULL;
    icstat_error_clear(err);
    int st = icstat_design_build(t, spec, &d, err);
    icstat_design_free(d);
    icstat_table_free(t);
    return st;
}

static void test_design(void **state)
{
    (void)state;
    icstat_error err;
    const char *x[] = {"x"};
    icstat_design_spec spec = {.outcome = "y", .terms = x, .n_terms = 1, .group = "g",
                               .labels = FIT_LABELS};
    expect(design_of("y,x,g\n", &spec, &err), &err, ICSTAT_EDATA, 1,
           "the header has no data rows below it");
    expect(design_of("y,x,g\nNA,1,a\n,2,b\n", &spec, &err), &err, ICSTAT_EDATA, 1,
           "column 'y' (--outcome) has no value: it is empty (or NA, N/A, .) in all 2 rows");
    expect(design_of("y,x,g\n1,1,\n2,2,NA\n", &spec, &err), &err, ICSTAT_EDATA, 1,
           "column 'g' (--group) has no value: it is empty (or NA, N/A, .) in all 2 rows");
    expect(design_of("y,x,g\n1,.,a\n2,,b\n", &spec, &err), &err, ICSTAT_EDATA, 1,
           "column 'x' (a term) has no value: it is empty (or NA, N/A, .) in all 2 rows");
    /* Every value with a decimal comma: categories before, an error now. */
    const char *fix = " that is not a number (a thousands separator or a decimal comma?); "
                      ICSTAT_COMMA_NUMBER_FIX;
    char want[512];
    snprintf(want, sizeof want,
             "column 'x' has value '3,5'%s, or treat the column as categorical with --factor",
             fix);
    expect(design_of("y,x,g\n1,\"3,5\",a\n2,\"1,5\",b\n1,\"2,0\",b\n", &spec, &err), &err,
           ICSTAT_EDATA, 2, want);
    snprintf(want, sizeof want, "column 'y' has value '1,5'%s", fix);
    expect(design_of("y,x,g\n\"1,5\",1,a\n2,2,b\n", &spec, &err), &err, ICSTAT_EDATA, 2, want);
    spec.factors = x;
    spec.n_factors = 1;
    assert_int_equal(design_of("y,x,g\n1,\"3,5\",a\n2,\"1,5\",b\n1,\"1,5\",a\n2,\"3,5\",b\n",
                               &spec, &err),
                     ICSTAT_OK);
}

static void test_lag_dates(void **state)
{
    (void)state;
    icstat_error err;
    const char *x[] = {"x"};
    icstat_design_spec spec = {.outcome = "y", .terms = x, .n_terms = 1, .group = "g",
                               .lag_previous = "d", .labels = FIT_LABELS};
    const char *head = "y,x,g,d\n1,1,a,2019-01-05\n2,2,a,";
    const struct {
        const char *date, *msg;
    } cases[] = {
        {"31/02/2019", "column 'd' has value '31/02/2019' that is not a date: February 2019 has "
                       "no day 31; use YYYY-MM-DD or DD/MM/YYYY"},
        {"20/03/19", "column 'd' has value '20/03/19' that is not a date: the year has two "
                     "digits; use YYYY-MM-DD or DD/MM/YYYY"},
        {"03/20/2019", "column 'd' has value '03/20/2019' that is not a date: there is no month "
                       "20 (dates are read as DD/MM/YYYY; is this MM/DD/YYYY, the US order?); "
                       "use YYYY-MM-DD or DD/MM/YYYY"},
        {"March 2019", "column 'd' has value 'March 2019' that is not a date (use YYYY-MM-DD or "
                       "DD/MM/YYYY)"},
        {"43544", "column 'd' mixes dates and plain numbers ('2019-01-05' on line 2, '43544' "
                  "here), which cannot be put in one order; write every date as YYYY-MM-DD or "
                  "DD/MM/YYYY"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char csv[256];
        snprintf(csv, sizeof csv, "%s%s\n", head, cases[i].date);
        expect(design_of(csv, &spec, &err), &err, ICSTAT_EDATA, 3, cases[i].msg);
    }
    expect(design_of("y,x,g,d\n1,1,a,\n2,2,a,NA\n", &spec, &err), &err, ICSTAT_EDATA, 1,
           "column 'd' (--lag-previous) has no value: it is empty (or NA, N/A, .) in all 2 "
           "rows");
}

static void test_date_problem(void **state)
{
    (void)state;
    char why[160];
    assert_int_equal(icstat_date_problem("31/02/2019", why, sizeof why),
                     ICSTAT_DATE_NO_SUCH_DAY);
    assert_string_equal(why, "February 2019 has no day 31");
    assert_int_equal(icstat_date_problem("2019-13-01", why, sizeof why),
                     ICSTAT_DATE_NO_SUCH_DAY);
    assert_string_equal(why, "there is no month 13");
    assert_int_equal(icstat_date_problem("31/13/2019", why, sizeof why),
                     ICSTAT_DATE_NO_SUCH_DAY);
    assert_int_equal(icstat_date_problem(" 5/3/19 ", why, sizeof why), ICSTAT_DATE_SHORT_YEAR);
    assert_int_equal(icstat_date_problem("12/31/2019", why, sizeof why), ICSTAT_DATE_US_ORDER);
    /* Not US order when that would not be a date either. */
    assert_int_equal(icstat_date_problem("02/30/2019", why, sizeof why),
                     ICSTAT_DATE_NO_SUCH_DAY);
    const char *unknown[] = {"March 2019", "2019", "5-3-2019", "2019/03/05", "", "1/2/3/2019",
                             "12/31/2019x", "05/03/2019"};
    for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++)
        if (icstat_date_problem(unknown[i], why, sizeof why) != ICSTAT_DATE_UNKNOWN)
            fail_msg("'%s' given a reason", unknown[i]);
}

static void test_describe(void **state)
{
    (void)state;
    icstat_error err;
    icstat_describe_result *r = NULL;
    icstat_describe_spec spec = {.outcome = "grade", .by = "g", .conf = 0.95,
                                 .names = {.outcome = "--outcome", .by = "--by",
                                           .where = "--where"}};
    icstat_table *t = table_of("grade,g,p\n");
    expect(icstat_describe_compute(t, &spec, &r, &err), &err, ICSTAT_EDATA, 1,
           "the header has no data rows below it");
    icstat_table_free(t);
    t = table_of("grade,g,p\nGood,,x\nGood,NA,y\n");
    expect(icstat_describe_compute(t, &spec, &r, &err), &err, ICSTAT_EDATA, 1,
           "column 'g' (--by) has no value: it is empty (or NA, N/A, .) in all 2 rows");
    const char *where[] = {"p=x"};
    spec.where = where;
    spec.n_where = 1;
    expect(icstat_describe_compute(t, &spec, &r, &err), &err, ICSTAT_EDATA, 0,
           "column 'g' (--by) has no value: it is empty (or NA, N/A, .) in the one row that "
           "meets --where");
    icstat_table_free(t);
    icstat_proportions *p = NULL;
    t = table_of("label,count,total\n");
    expect(icstat_proportions_compute(t, 0.95, "--proportions", &p, &err), &err, ICSTAT_EDATA, 1,
           "the header has no data rows below it");
    icstat_table_free(t);
    t = table_of("label,count,total\nagreed,\"1,274\",1400\n");
    expect(icstat_proportions_compute(t, 0.95, "--proportions", &p, &err), &err, ICSTAT_EDATA, 2,
           "column 'count' has value '1,274' that is not a number (a thousands separator or a "
           "decimal comma?); " ICSTAT_COMMA_NUMBER_FIX);
    icstat_table_free(t);
}

static int import_of(const char *csv, icstat_ofsted_import **imp, icstat_error *err)
{
    *imp = NULL;
    return icstat_ofsted_import_read_buffer("o.csv", csv, strlen(csv), NULL, imp, err);
}

static void test_import(void **state)
{
    (void)state;
    icstat_error err;
    icstat_ofsted_import *imp = NULL;
    /* A date in US order: the file's other dates would be misread. */
    expect(import_of("URN,Inspection date\n1,02/03/2019\n2,12/31/2019\n", &imp, &err), &err,
           ICSTAT_EDATA, 3,
           "column 'Inspection date' has value '12/31/2019' that is not a date: there is no "
           "month 31 (dates are read as DD/MM/YYYY; is this MM/DD/YYYY, the US order?); the "
           "file's other dates would be misread, so convert them to YYYY-MM-DD first");
    expect(import_of("URN,Inspection date,Previous inspection start date\n"
                     "1,02/03/2019,12/31/2018\n", &imp, &err), &err, ICSTAT_EDATA, 2,
           "column 'Previous inspection start date' has value '12/31/2018' that is not a date: "
           "there is no month 31 (dates are read as DD/MM/YYYY; is this MM/DD/YYYY, the US "
           "order?); the file's other dates would be misread, so convert them to YYYY-MM-DD "
           "first");
    expect(import_of("URN,Inspection date,inspection date\n1,02/03/2019,x\n", &imp, &err), &err,
           ICSTAT_EDATA, 1,
           "the header has 'Inspection date' twice (columns 2 and 3): which one is "
           "inspection_date? rename or delete the other");
    expect(import_of("URN;Inspection date\n1;02/03/2019\n", &imp, &err), &err, ICSTAT_EDATA, 0,
           "no header with a URN column in the first 10 rows (its rows hold semicolons: icstat "
           "reads comma-separated files; save the file as CSV (comma delimited))");
    /* Pupil numbers with thousands separators are read; "3,5" is not a count. */
    assert_int_equal(import_of("URN,Inspection date,Total number of pupils\n"
                               "1,2019-03-02,\"1,234\"\n2,2019-03-02,\"12,34\"\n"
                               "3,2019-03-02,\"3,5\"\n4,2019-03-02,\"1,234,567\"\n",
                               &imp, &err),
                     ICSTAT_OK);
    assert_int_equal(imp->unreadable[8].count, 2);
    assert_int_equal(imp->unreadable[8].first_line, 3);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(icstat_result_write(imp->table, f, ICSTAT_FMT_CSV), 0);
    fclose(f);
    assert_non_null(strstr(buf, "\n1,NA,2019-03-02,NA,NA,NA,NA,NA,1234,"));
    assert_non_null(strstr(buf, "\n4,NA,2019-03-02,NA,NA,NA,NA,NA,1234567,"));
    free(buf);
    icstat_ofsted_import_free(imp);
}

/* csv and tsv write text whole; text cuts it between characters. */
static void test_long_text(void **state)
{
    (void)state;
    const size_t n = 100000;
    char *s = malloc(n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i += 2)
        memcpy(s + i, "\xC3\xA9", 2);
    s[n] = '\0';
    static const icstat_col_spec cols[] = {{"label", ICSTAT_COL_TEXT, 0}};
    icstat_result *res = icstat_result_alloc("t", cols, 1);
    assert_non_null(res);
    assert_true(icstat_result_add_row(res) == 0);
    assert_int_equal(icstat_result_set_text(res, 0, 0, s), 0);
    for (int fmt = ICSTAT_FMT_TEXT; fmt <= ICSTAT_FMT_MD; fmt++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        assert_int_equal(icstat_result_write(res, f, (icstat_format)fmt), 0);
        fclose(f);
        assert_int_equal(icstat_utf8_prefix(buf, len), len);
        if (fmt == ICSTAT_FMT_CSV || fmt == ICSTAT_FMT_TSV || fmt == ICSTAT_FMT_JSON)
            assert_non_null(strstr(buf, s));
        else
            assert_non_null(strstr(buf, "\xC3\xA9..."));
        free(buf);
    }
    icstat_result_free(res);
    free(s);
}

static int spec_of(const char *text, icstat_sim_spec **s, icstat_error *err)
{
    *s = NULL;
    icstat_error_clear(err);
    return icstat_sim_spec_parse("s.spec", text, s, err);
}

static void test_spec_text(void **state)
{
    (void)state;
    icstat_error err;
    icstat_sim_spec *s = NULL;
    /* CR (old Mac Excel), CRLF and a byte order mark read as LF does. */
    const char *texts[] = {
        "inspectors = 4\ninspections = 8\ncategories = a, b\nthresholds = 0\n",
        "inspectors = 4\rinspections = 8\rcategories = a, b\rthresholds = 0\r",
        "inspectors = 4\r\ninspections = 8\r\ncategories = a, b\r\nthresholds = 0\r\n",
        "\xEF\xBB\xBFinspectors = 4\ninspections = 8\ncategories = a, b\nthresholds = 0",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        if (spec_of(texts[i], &s, &err) != ICSTAT_OK)
            fail_msg("text %zu: %ld: %s", i, err.line, err.msg);
        assert_int_equal(s->inspections, 8);
        assert_int_equal(s->k, 2);
        assert_string_equal(s->categories[1], "b");
        icstat_sim_spec_free(s);
    }
    expect(spec_of("inspectors = 4\rinspections = 8\rshape = 2\r", &s, &err), &err,
           ICSTAT_EDATA, 3,
           "unknown key 'shape' (known: inspectors, inspections, categories, thresholds, link, "
           "inspector_sd, caseload_shape, start_date, end_date, seed, double_inspections, "
           "schools, school_sd, areas, inspector NAME, school NAME, effect NAME)");
    expect(spec_of("inspectors = 4\ncategories = Tr\xE8s bien, b\n", &s, &err), &err,
           ICSTAT_EDATA, 2,
           "the line is not UTF-8 text (byte 0xE8); convert the file, e.g. iconv -f "
           "WINDOWS-1252 -t UTF-8");
}

/* A category list that names a value twice: the value went to the first
 * category and the other stayed empty ("Good+Outstanding,Outstanding"
 * counted only Good in the merge). */
static void test_categories_twice(void **state)
{
    (void)state;
    static const struct {
        const char *list[4];
        size_t n;
        int merge;
        const char *msg; /* NULL: accepted */
    } cases[] = {
        {{"Good+Outstanding", "Outstanding", "Inadequate"}, 3, 1,
         "--categories lists 'Outstanding' twice (in 'Good+Outstanding' and 'Outstanding')"},
        {{"Good+Outstanding", "Outstanding", "Inadequate"}, 3, 0, NULL}, /* fit: literal labels */
        {{"A + B", "C", "b+ A"}, 3, 1, "--categories lists 'A' twice (in 'A + B' and 'b+ A')"},
        {{"A+B+A", "C"}, 2, 1, "--categories lists 'A' twice (in 'A+B+A')"},
        {{"A", "B", "A"}, 3, 0, "--categories lists 'A' twice"},
        {{"1", "2", "02"}, 3, 0, "--categories lists '2' and '02', the same number"},
        {{"-0", "0"}, 2, 0, "--categories lists '-0' and '0', the same number"},
        {{"1+2", "3", "2e0"}, 3, 1,
         "--categories lists '2' and '2e0', the same number (in '1+2' and '2e0')"},
        {{"A+", "B"}, 2, 1, "--categories has 'A+', which merges an empty value with '+'"},
        {{"A+B", "C+D", "E"}, 3, 1, NULL},
        {{"2", "2.5", "3"}, 3, 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        icstat_error err;
        icstat_error_clear(&err);
        const int st = icstat_categories_check(cases[i].list, cases[i].n, cases[i].merge,
                                               "--categories", &err);
        if (!cases[i].msg ? st != ICSTAT_OK
                          : st != ICSTAT_EUSAGE || strcmp(err.msg, cases[i].msg) != 0)
            fail_msg("case %zu: status %d \"%s\"; wanted \"%s\"", i, st, err.msg,
                     cases[i].msg ? cases[i].msg : "(accepted)");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ratings),     cmocka_unit_test(test_many_raters),
        cmocka_unit_test(test_design),      cmocka_unit_test(test_lag_dates),
        cmocka_unit_test(test_date_problem), cmocka_unit_test(test_describe),
        cmocka_unit_test(test_import),      cmocka_unit_test(test_long_text),
        cmocka_unit_test(test_spec_text),  cmocka_unit_test(test_categories_twice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
