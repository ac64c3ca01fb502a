/* test_ofsted.c — the Ofsted importer (analysis/data/ofsted_import.c): header
 * matching, dates, grades, and whole imports from memory; --map values
 * (ofsted_map.c) and the import's summary (ofsted_summary.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/ofsted.h"
#include "icstat/strlist.h"

/* ---- headers ------------------------------------------------------------- */

static void test_header_key(void **state)
{
    (void)state;
    char k[256];
    icstat_ofsted_header_key("The income deprivation affecting children index (IDACI) quintile",
                             k, sizeof k);
    assert_string_equal(k, "theincomedeprivationaffectingchildrenindexidaciquintile");
    icstat_ofsted_header_key(" Inspection-End  Date\t", k, sizeof k);
    assert_string_equal(k, "inspectionenddate");
    icstat_ofsted_header_key("Previous inspection - Overall effectiveness", k, sizeof k);
    assert_string_equal(k, "previousinspectionoveralleffectiveness");
    icstat_ofsted_header_key("Safeguarding is effective?", k, sizeof k);
    assert_string_equal(k, "safeguardingiseffective");
    /* Non-ASCII bytes (a UTF-8 no-break space) are punctuation too. */
    icstat_ofsted_header_key("URN\xC2\xA0", k, sizeof k);
    assert_string_equal(k, "urn");
    icstat_ofsted_header_key("Overall effectiveness", k, 5);
    assert_string_equal(k, "over");
    icstat_ofsted_header_key(NULL, k, sizeof k);
    assert_string_equal(k, "");
}

static void test_columns(void **state)
{
    (void)state;
    assert_string_equal(icstat_ofsted_column_name(0), "urn");
    assert_string_equal(icstat_ofsted_column_name(ICSTAT_OFSTED_NCOL - 1), "post_16");
    assert_string_equal(icstat_ofsted_column_name(ICSTAT_OFSTED_FRAMEWORK), "framework");
    assert_string_equal(icstat_ofsted_column_name(ICSTAT_OFSTED_GOVERNANCE),
                        "leadership_and_governance");
    assert_null(icstat_ofsted_column_name(ICSTAT_OFSTED_NCOL));
    assert_int_equal(icstat_ofsted_column_lookup("inspection_date"), ICSTAT_OFSTED_INSPECTION_DATE);
    assert_int_equal(icstat_ofsted_column_lookup("idaci_quintile"), 7);
    assert_int_equal(icstat_ofsted_column_lookup("Inspection date"), -1);
    assert_int_equal(icstat_ofsted_column_lookup(NULL), -1);
    for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++)
        assert_int_equal(icstat_ofsted_column_lookup(icstat_ofsted_column_name(j)), (long)j);
    assert_string_equal(icstat_ofsted_skip_reason(ICSTAT_OFSTED_SKIP_BAD_URN), "invalid URN");
    assert_null(icstat_ofsted_skip_reason(ICSTAT_OFSTED_NSKIP));
}

static long col(const char *name)
{
    long j = icstat_ofsted_column_lookup(name);
    assert_true(j >= 0);
    return j;
}

static void test_match(void **state)
{
    (void)state;
    int sp;
    /* The 2015-16 layout: only the end date, Ofsted's typo, "Category". */
    const char *older[] = {"URN", "Ofsted region", "The quntile for income deprivation "
                           "affecting children index (IDACI)", "Inspection End Date",
                           "Category", "Previous inspection end date"};
    const size_t n = sizeof older / sizeof *older;
    assert_int_equal(icstat_ofsted_match(older, n, (size_t)col("urn"), NULL, &sp), 0);
    assert_int_equal(sp, 0);
    assert_int_equal(icstat_ofsted_match(older, n, (size_t)col("inspection_date"), NULL, &sp), 3);
    assert_int_equal(sp, 2);
    assert_int_equal(icstat_ofsted_match(older, n, (size_t)col("region"), NULL, &sp), 1);
    assert_int_equal(sp, 1);
    assert_int_equal(icstat_ofsted_match(older, n, (size_t)col("idaci_quintile"), NULL, &sp), 2);
    assert_int_equal(sp, 2);
    assert_int_equal(icstat_ofsted_match(older, n, (size_t)col("category_of_concern"), NULL, &sp),
                     4);
    assert_int_equal(icstat_ofsted_match(older, n, (size_t)col("previous_inspection_date"), NULL,
                                         &sp), 5);
    assert_int_equal(icstat_ofsted_match(older, n, (size_t)col("pupils"), NULL, &sp), -1);
    assert_int_equal(sp, -1);

    /* Preference follows the list, not the file's order; a repeated name
     * gives its leftmost column; case and punctuation do not matter. */
    const char *both[] = {"Web link", "Inspection end date", "inspection START date", "region",
                          "Ofsted Region", "Web link", "URN", "urn"};
    const size_t nb = sizeof both / sizeof *both;
    assert_int_equal(icstat_ofsted_match(both, nb, (size_t)col("inspection_date"), NULL, &sp), 2);
    assert_int_equal(sp, 0);
    assert_int_equal(icstat_ofsted_match(both, nb, (size_t)col("region"), NULL, NULL), 3);
    assert_int_equal(icstat_ofsted_match(both, nb, (size_t)col("urn"), NULL, NULL), 6);
    /* --map names any column, compared the same way, and wins. */
    assert_int_equal(icstat_ofsted_match(both, nb, (size_t)col("region"), "ofsted region", &sp),
                     4);
    assert_int_equal(sp, -1);
    assert_int_equal(icstat_ofsted_match(both, nb, (size_t)col("region"), "Government region",
                                         NULL), -1);
    assert_int_equal(icstat_ofsted_match(both, nb, ICSTAT_OFSTED_NCOL, NULL, NULL), -1);

    /* IDACI under any name that says IDACI and quintile, but not a
     * previous school's. */
    const char *idaci[] = {"Previous IDACI quintile", "IDACI 2010 quintile"};
    assert_int_equal(icstat_ofsted_match(idaci, 2, (size_t)col("idaci_quintile"), NULL, &sp), 1);
    assert_int_equal(sp, 4); /* three spellings, then the canonical name, then the pattern */
    /* The canonical name: icstat's own table reads back. */
    const char *own[] = {"urn", "inspection_date", "early_years"};
    assert_int_equal(icstat_ofsted_match(own, 3, (size_t)col("early_years"), NULL, &sp), 2);
    assert_int_equal(sp, 3);
    assert_int_equal(icstat_ofsted_match(idaci, 1, (size_t)col("idaci_quintile"), NULL, &sp), -1);

    /* Older judgements fill their successors; the 2015-2019 combined
     * judgement fills neither of the two it spans. */
    const char *hist[] = {"Quality of teaching", "Behaviour and safety of pupils",
                          "Personal development, behaviour and welfare",
                          "Leadership and management", "Previous inspection - Overall effectiveness"};
    const size_t nh = sizeof hist / sizeof *hist;
    assert_int_equal(icstat_ofsted_match(hist, nh, (size_t)col("quality_of_education"), NULL, NULL),
                     0);
    assert_int_equal(icstat_ofsted_match(hist, nh, (size_t)col("behaviour_and_attitudes"), NULL,
                                         NULL), 1);
    assert_int_equal(icstat_ofsted_match(hist, nh, (size_t)col("personal_development"), NULL,
                                         NULL), -1);
    assert_int_equal(icstat_ofsted_match(hist, nh, (size_t)col("leadership_and_management"), NULL,
                                         NULL), 3);
    assert_int_equal(icstat_ofsted_match(hist, nh, (size_t)col("previous_overall_effectiveness"),
                                         NULL, NULL), 4);
    assert_int_equal(icstat_ofsted_match(hist, nh, (size_t)col("overall_effectiveness"), NULL,
                                         NULL), -1);
}

/* ---- values -------------------------------------------------------------- */

static void date_is(const char *s, int want, const char *iso)
{
    char got[11] = "unset";
    int rc = icstat_ofsted_parse_date(s, got);
    if (rc != want || (want == 1 && strcmp(got, iso) != 0))
        fail_msg("parse_date(\"%s\") = %d \"%s\", want %d \"%s\"", s ? s : "(null)", rc, got,
                 want, iso ? iso : "");
}

static void test_dates(void **state)
{
    (void)state;
    date_is("14/05/2024", 1, "2024-05-14");
    date_is("1/2/2019", 1, "2019-02-01");
    date_is(" 2019-02-28 ", 1, "2019-02-28");
    date_is("29/02/2024", 1, "2024-02-29"); /* leap years: every 4th ... */
    date_is("2000-02-29", 1, "2000-02-29"); /* ... and every 400th century */
    date_is("1900-02-29", -1, NULL);
    date_is("29/02/2019", -1, NULL);
    date_is("31/02/2019", -1, NULL);
    date_is("31/04/2020", -1, NULL);
    date_is("31/12/2020", 1, "2020-12-31");
    date_is("00/01/2020", -1, NULL);
    date_is("2019-05-00", -1, NULL);
    date_is("2019-13-01", -1, NULL);
    date_is("13/13/2019", -1, NULL);
    date_is("0000-01-01", -1, NULL);
    date_is("2019-1-01", -1, NULL);
    date_is("14/05/24", -1, NULL);
    date_is("14-05-2024", -1, NULL);
    date_is("14/05/20245", -1, NULL);
    date_is("123/05/2024", -1, NULL);
    date_is("May 2024", -1, NULL);
    date_is("43600", -1, NULL); /* a spreadsheet's day number */
    /* A time of day from a spreadsheet export is dropped. */
    date_is("14/06/2023 00:00", 1, "2023-06-14");
    date_is("2019-05-21T10:30:00", 1, "2019-05-21");
    date_is("2019-05-21 x", -1, NULL);
    date_is("2019-05-21 ", 1, "2019-05-21");
    date_is("2019-05-21T", -1, NULL);
    /* Missing. */
    date_is("", 0, NULL);
    date_is("  ", 0, NULL);
    date_is("NULL", 0, NULL);
    date_is("null", 0, NULL);
    date_is("NA", 0, NULL);
    date_is("N/A", 0, NULL);
    date_is(".", 0, NULL);
    date_is(NULL, 0, NULL);
}

static void grade_is(const char *s, int want_rc, int want)
{
    int g = -99;
    int rc = icstat_ofsted_parse_grade(s, &g);
    if (rc != want_rc || (rc == 1 && g != want))
        fail_msg("parse_grade(\"%s\") = %d (%d), want %d (%d)", s ? s : "(null)", rc, g, want_rc,
                 want);
}

static void test_grades(void **state)
{
    (void)state;
    grade_is("1", 1, 1);
    grade_is("2", 1, 2);
    grade_is(" 3 ", 1, 3);
    grade_is("4", 1, 4);
    grade_is("2.0", 1, 2);
    grade_is("Outstanding", 1, 1);
    grade_is("good", 1, 2);
    grade_is("Requires improvement", 1, 3);
    grade_is("REQUIRES  Improvement", 1, 3);
    grade_is("Satisfactory", 1, 3); /* grade 3 before September 2012 */
    grade_is("Inadequate", 1, 4);
    /* Missing: Ofsted's NULL, "Not judged", code 9, and the usual tokens. */
    grade_is("NULL", 0, 0);
    grade_is("Not judged", 0, 0);
    grade_is("not  JUDGED", 0, 0);
    grade_is("9", 0, 0);
    grade_is("", 0, 0);
    grade_is("NA", 0, 0);
    grade_is(NULL, 0, 0);
    /* Anything else is unreadable, not a guess. */
    grade_is("0", -1, 0);
    grade_is("5", -1, 0);
    grade_is("8", -1, 0);
    grade_is("10", -1, 0);
    grade_is("1.5", -1, 0);
    grade_is("-2", -1, 0);
    grade_is("3e20", -1, 0);  /* found by fuzzing: cast to long long before the range check */
    grade_is("-1e300", -1, 0);
    grade_is("Excellent", -1, 0);
    grade_is("Good.", -1, 0);
    grade_is("Secure", -1, 0); /* a report-card grade (November 2025) */
    grade_is("Special measures", -1, 0);
    grade_is("an unreasonably long piece of text in a grade column", -1, 0);
}

/* ---- whole imports ------------------------------------------------------- */

/* The canonical table as csv text (caller frees). */
static char *as_csv(const icstat_ofsted_import *imp)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(icstat_result_write(imp->table, f, ICSTAT_FMT_CSV), 0);
    fclose(f);
    return buf;
}

static icstat_ofsted_import *import_ok(const char *csv, const icstat_ofsted_options *opt)
{
    icstat_ofsted_import *imp = NULL;
    icstat_error err;
    int rc = icstat_ofsted_import_read_buffer("mi.csv", csv, strlen(csv), opt, &imp, &err);
    if (rc != ICSTAT_OK)
        fail_msg("unexpected error: %s:%ld: %s", err.file, err.line, err.msg);
    return imp;
}

static void import_fails(const char *csv, const icstat_ofsted_options *opt, long line,
                         const char *msg)
{
    icstat_ofsted_import *imp = (icstat_ofsted_import *)&imp;
    icstat_error err;
    int rc = icstat_ofsted_import_read_buffer("mi.csv", csv, strlen(csv), opt, &imp, &err);
    assert_int_equal(rc, ICSTAT_EDATA);
    assert_null(imp);
    assert_string_equal(err.file, "mi.csv");
    if (err.line != line || strcmp(err.msg, msg) != 0)
        fail_msg("got %ld \"%s\", want %ld \"%s\"", err.line, err.msg, line, msg);
}

#define HEADER "urn,inspection_number,inspection_date,inspection_type,phase,region," \
               "local_authority,idaci_quintile,pupils,overall_effectiveness," \
               "quality_of_education,behaviour_and_attitudes,personal_development," \
               "leadership_and_management,category_of_concern,previous_inspection_number," \
               "previous_inspection_date,previous_overall_effectiveness,framework," \
               "safeguarding,inclusion,curriculum_and_teaching,achievement," \
               "attendance_and_behaviour,personal_development_and_wellbeing," \
               "leadership_and_governance,early_years,post_16\n"
/* The ten columns after the first eighteen, empty but for the framework. */
#define REST(fw) "," fw ",NA,NA,NA,NA,NA,NA,NA,NA,NA\n"

static void test_import(void **state)
{
    (void)state;
    icstat_ofsted_import *imp = import_ok(
        "\xEF\xBB\xBFMost recent inspections\r\n"
        ",,,\r\n"
        "URN,School name,Inspection start date,Overall effectiveness,Local authority,"
        "Total number of pupils\r\n"
        "100001,\"Alder, Grove\",14/05/2024,Good,\"Bristol, City of\",412\r\n"
        ",,,,,\r\n"
        "100002,Beech,2023-11-21,Not judged,NULL,about 200\r\n"
        "12A45,Cedar,01/01/2020,2,Leeds,10\r\n"
        "NULL,Damson,01/01/2020,2,Leeds,10\r\n"
        "100005,Elm,NULL,NULL,Leeds,10\r\n"
        "100006,Fir,31/02/2019,1,Leeds,10\r\n"
        "100007,Gum,30/01/2019,5,  Leeds ,-3\r\n",
        NULL);
    char *csv = as_csv(imp);
    assert_string_equal(csv, HEADER
                        "100001,NA,2024-05-14,NA,NA,NA,\"Bristol, City of\",NA,412,2,"
                        "NA,NA,NA,NA,NA,NA,NA,NA" REST("eif_2019")
                        "100002,NA,2023-11-21,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA"
                        REST("eif_2019")
                        "100007,NA,2019-01-30,NA,NA,NA,Leeds,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA"
                        REST("cif_2015"));
    free(csv);
    assert_int_equal(imp->header_line, 3);
    /* Blank rows (all fields empty, whatever their count) are not rows. */
    assert_int_equal(imp->rows_read, 7);
    assert_int_equal(imp->rows_written, 3);
    const icstat_ofsted_tally *s = imp->skipped;
    assert_int_equal(s[ICSTAT_OFSTED_SKIP_NO_URN].count, 1);
    assert_int_equal(s[ICSTAT_OFSTED_SKIP_NO_URN].first_line, 8);
    assert_int_equal(s[ICSTAT_OFSTED_SKIP_BAD_URN].count, 1);
    assert_int_equal(s[ICSTAT_OFSTED_SKIP_BAD_URN].first_line, 7);
    assert_string_equal(s[ICSTAT_OFSTED_SKIP_BAD_URN].first_text, "12A45");
    assert_int_equal(s[ICSTAT_OFSTED_SKIP_NO_DATE].count, 1);
    assert_int_equal(s[ICSTAT_OFSTED_SKIP_NO_DATE].first_line, 9);
    assert_int_equal(s[ICSTAT_OFSTED_SKIP_BAD_DATE].count, 1);
    assert_string_equal(s[ICSTAT_OFSTED_SKIP_BAD_DATE].first_text, "31/02/2019");
    /* Unreadable values are counted per column, with the first. */
    const icstat_ofsted_tally *u = imp->unreadable;
    assert_int_equal(u[col("pupils")].count, 2);
    assert_int_equal(u[col("pupils")].first_line, 6);
    assert_string_equal(u[col("pupils")].first_text, "about 200");
    assert_int_equal(u[col("overall_effectiveness")].count, 1);
    assert_string_equal(u[col("overall_effectiveness")].first_text, "5");
    assert_int_equal(u[col("local_authority")].count, 0);
    /* Where each column came from. */
    assert_int_equal(imp->source[col("urn")], 0);
    assert_int_equal(imp->source[col("local_authority")], 4);
    assert_string_equal(imp->source_name[col("pupils")], "Total number of pupils");
    assert_int_equal(imp->source[col("region")], -1);
    assert_null(imp->source_name[col("region")]);
    icstat_ofsted_import_free(imp);
    icstat_ofsted_import_free(NULL);
}

static void test_import_map(void **state)
{
    (void)state;
    icstat_ofsted_options opt = {.map_what = "--map"};
    opt.map[col("urn")] = "School URN";
    opt.map[col("inspection_date")] = "inspection end date";
    opt.map[col("behaviour_and_attitudes")] = "Personal development, behaviour and welfare";
    icstat_ofsted_import *imp = import_ok(
        "School URN,Inspection start date,Inspection End Date,"
        "\"Personal development, behaviour and welfare\"\n"
        "000123,01/02/2016,02/02/2016,Requires improvement\n",
        &opt);
    char *csv = as_csv(imp);
    assert_string_equal(csv, HEADER "123,NA,2016-02-02,NA,NA,NA,NA,NA,NA,NA,NA,3,NA,NA,NA,NA,NA,NA"
                                    REST("cif_2015"));
    free(csv);
    assert_int_equal(imp->spelling[col("inspection_date")], -1);
    icstat_ofsted_import_free(imp);

    /* The header row is the first with the mapped URN column. */
    import_fails("URN,Inspection date\n1,01/01/2020\n", &opt, 0,
                 "no header with a URN column ('School URN' from --map) in the first 10 rows");
    opt = (icstat_ofsted_options){.map_what = "--map"};
    opt.map[col("region")] = "Government office region";
    import_fails("title\nURN,Inspection date,Region\n1,01/01/2020,London\n", &opt, 2,
                 "--map region='Government office region': the header has no such column");
    const icstat_ofsted_options named = {.map_what = "--map"};
    import_fails("URN,Name\n1,x\n", &named, 1,
                 "the header has no inspection date column ('Inspection start date', "
                 "'Inspection date' or 'Inspection end date'); name it with --map "
                 "inspection_date=HEADER");
    opt.map_what = NULL; /* the caller gave the map no name */
    import_fails("title\nURN,Inspection date,Region\n1,01/01/2020,London\n", &opt, 2,
                 "map region='Government office region': the header has no such column");
}

/* --map values: a comma inside a header stays; each refusal points at
 * the text it is about. */
static void test_map_parse(void **state)
{
    (void)state;
    icstat_ofsted_options opt = {0};
    const char *bad = NULL;
    char ok[] = " region = Ofsted region, behaviour_and_attitudes=Personal development, "
                "behaviour and welfare ,pupils=Number on roll";
    assert_int_equal(icstat_ofsted_map_parse(ok, &opt, &bad), ICSTAT_OFSTED_MAP_OK);
    assert_string_equal(opt.map[col("region")], "Ofsted region");
    assert_string_equal(opt.map[col("behaviour_and_attitudes")],
                        "Personal development, behaviour and welfare");
    assert_string_equal(opt.map[col("pupils")], "Number on roll");
    static const struct {
        const char *value, *bad;
        int status;
    } refused[] = {
        {"region", "region", ICSTAT_OFSTED_MAP_NO_EQUALS},
        {"Region=x", "Region", ICSTAT_OFSTED_MAP_UNKNOWN},
        {"region= ", "region", ICSTAT_OFSTED_MAP_NO_HEADER},
        {"pupils=n,framework=y", "framework", ICSTAT_OFSTED_MAP_FRAMEWORK},
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s", refused[i].value);
        assert_int_equal(icstat_ofsted_map_parse(buf, &opt, &bad), refused[i].status);
        assert_string_equal(bad, refused[i].bad);
    }
}

/* The summary's lines for an import with a skipped row, an unreadable
 * value and a renamed column. */
static void test_summary(void **state)
{
    (void)state;
    icstat_ofsted_import *imp = import_ok("URN,Inspection start date,Ofsted region,Pupils\n"
                                          "1,01/02/2016,London,many\n"
                                          "x2,01/02/2016,London,10\n"
                                          "3,,London,10\n"
                                          "4,03/02/2016,London,20\n",
                                          NULL);
    char **lines = NULL;
    size_t n = 0;
    assert_int_equal(icstat_ofsted_import_summary(imp, "mi.csv", &lines, &n), 0);
    const char *want[] = {
        "mi.csv: header on line 1; 4 rows read, 2 written, 2 skipped",
        "skipped 1 row: invalid URN (line 3: 'x2')",
        "skipped 1 row: no inspection date (not inspected) (line 4)",
        "inspections by framework: cif_2015 2",
        "pupils: 1 unreadable value left empty (line 2: 'many')",
    };
    assert_true(n > sizeof want / sizeof *want);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        assert_string_equal(lines[i], want[i]);
    assert_string_equal(lines[n - 1], "no report-card grades in this file (a layout from before "
                                      "November 2025): inclusion ... leadership_and_governance "
                                      "left empty");
    icstat_strlist_free(&lines, &n);
    assert_null(lines);
    icstat_ofsted_import_free(imp);
}

/* n title rows, `blank` empty lines, then a header and one row. */
static void titled(char *csv, int n, int blank)
{
    csv[0] = '\0';
    for (int i = 0; i < n; i++)
        strcat(csv, "title\n");
    for (int i = 0; i < blank; i++)
        strcat(csv, "\n");
    strcat(csv, "URN,Inspection date\n1,01/01/2020\n");
}

static void test_import_header_rows(void **state)
{
    (void)state;
    /* The header may be the 10th row, not the 11th; blank lines do not
     * count; header_rows changes the limit. */
    char csv[512];
    titled(csv, 9, 2);
    icstat_ofsted_import *imp = import_ok(csv, NULL);
    assert_int_equal(imp->header_line, 12);
    assert_int_equal(imp->rows_written, 1);
    icstat_ofsted_import_free(imp);
    icstat_ofsted_options opt = {0};
    opt.header_rows = 9;
    import_fails(csv, &opt, 0, "no header with a URN column in the first 9 rows");
    titled(csv, 10, 0);
    import_fails(csv, NULL, 0, "no header with a URN column in the first 10 rows");
}

static void test_import_errors(void **state)
{
    (void)state;
    import_fails("", NULL, 1, "file is empty: a header row is required");
    import_fails("\xEF\xBB\xBF\r\n,,\r\n", NULL, 1, "file is empty: a header row is required");
    import_fails("title\nSchool,Name\n1,2\n", NULL, 0,
                 "no header with a URN column in the first 10 rows");
    import_fails("URN,Name\n1,x\n", NULL, 1,
                 "the header has no inspection date column ('Inspection start date', "
                 "'Inspection date' or 'Inspection end date'); name it with map "
                 "inspection_date=HEADER");
    import_fails("t\nURN,Inspection date\n1,01/01/2020\n2\n", NULL, 4,
                 "row has 1 fields but the header has 2");
    import_fails("URN,Inspection date\n1,\"01/01/2020\n", NULL, 2,
                 "unterminated quoted field: field 2 opens a quote that is never closed");
    icstat_ofsted_import *imp = (icstat_ofsted_import *)&imp;
    icstat_error err;
    assert_int_equal(icstat_ofsted_import_read("/nonexistent/mi.csv", NULL, &imp, &err),
                     ICSTAT_EDATA);
    assert_null(imp);
    assert_string_equal(err.msg, "cannot open file: No such file or directory");
    /* A header with no rows below it is no error for the engine. */
    imp = import_ok("URN,Inspection date\n", NULL);
    assert_int_equal(imp->rows_read, 0);
    assert_int_equal(imp->rows_written, 0);
    icstat_ofsted_import_free(imp);
}


/* Report-card grades, early years and post-16, safeguarding, categories
 * of concern and frameworks (issue 14). */
static void test_new_values(void **state)
{
    (void)state;
    int g = 0;
    const char *w = NULL;
    assert_int_equal(icstat_ofsted_parse_area("Exceptional", &g), 1);
    assert_int_equal(g, 1);
    assert_int_equal(icstat_ofsted_parse_area(" urgent  IMPROVEMENT ", &g), 1);
    assert_int_equal(g, 5);
    assert_int_equal(icstat_ofsted_parse_area("Expected standard", &g), 1);
    assert_int_equal(g, 3);
    assert_int_equal(icstat_ofsted_parse_area("4.0", &g), 1);
    assert_int_equal(g, 4);
    assert_int_equal(icstat_ofsted_parse_area("Not applicable", &g), 0);
    assert_int_equal(icstat_ofsted_parse_area("NULL", &g), 0);
    assert_int_equal(icstat_ofsted_parse_area("Good", &g), -1);
    assert_int_equal(icstat_ofsted_parse_area("6", &g), -1);
    /* Early years: 8 and 0 are Ofsted's "no early years", 9 not judged. */
    g = 0;
    assert_int_equal(icstat_ofsted_parse_stage("8", 0, &g), 0);
    assert_int_equal(icstat_ofsted_parse_stage("0.0", 0, &g), 0);
    assert_int_equal(icstat_ofsted_parse_stage("9", 0, &g), 0);
    assert_int_equal(g, 0);
    assert_int_equal(icstat_ofsted_parse_stage("2.0", 0, &g), 1);
    assert_int_equal(g, 2);
    assert_int_equal(icstat_ofsted_parse_stage("5", 0, &g), -1);
    assert_int_equal(icstat_ofsted_parse_stage("5", 1, &g), 1);
    assert_int_equal(g, 5);
    assert_int_equal(icstat_ofsted_parse_stage("Needs attention", 1, &g), 1);
    assert_int_equal(g, 4);
    assert_int_equal(icstat_ofsted_parse_stage("Needs attention", 0, &g), -1);
    /* Old-framework grades: whole numbers written 2.0, 9 missing. */
    assert_int_equal(icstat_ofsted_parse_grade("2.0", &g), 1);
    assert_int_equal(g, 2);
    assert_int_equal(icstat_ofsted_parse_grade("9.0", &g), 0);
    assert_int_equal(icstat_ofsted_parse_grade("2.5", &g), -1);
    assert_int_equal(icstat_ofsted_parse_grade("Not applicable", &g), 0);
    assert_int_equal(icstat_ofsted_parse_safeguarding("Yes", &w), 1);
    assert_string_equal(w, "met");
    assert_int_equal(icstat_ofsted_parse_safeguarding("Met", &w), 1);
    assert_string_equal(w, "met");
    assert_int_equal(icstat_ofsted_parse_safeguarding("not  met", &w), 1);
    assert_string_equal(w, "not met");
    assert_int_equal(icstat_ofsted_parse_safeguarding("No", &w), 1);
    assert_string_equal(w, "not met");
    assert_int_equal(icstat_ofsted_parse_safeguarding("9", &w), 0);
    assert_int_equal(icstat_ofsted_parse_safeguarding("Maybe", &w), -1);
    assert_int_equal(icstat_ofsted_parse_concern("SM", &w), 1);
    assert_string_equal(w, "Special Measures");
    assert_int_equal(icstat_ofsted_parse_concern("swk", &w), 1);
    assert_string_equal(w, "Serious Weaknesses");
    assert_int_equal(icstat_ofsted_parse_concern("NTI", &w), 1);
    assert_string_equal(w, "Notice to Improve");
    assert_int_equal(icstat_ofsted_parse_concern("RSI", &w), 1);
    assert_string_equal(w, "Requires Significant Improvement");
    assert_int_equal(icstat_ofsted_parse_concern("special measures", &w), 1);
    assert_string_equal(w, "Special Measures");
    assert_int_equal(icstat_ofsted_parse_concern("NULL", &w), 0);
    assert_int_equal(icstat_ofsted_parse_concern("Under review", &w), -1);
    /* The frameworks' boundaries, first and last days. */
    assert_string_equal(icstat_framework_name(icstat_framework_of_date("2012-08-31")), "pre_2012");
    assert_string_equal(icstat_framework_name(icstat_framework_of_date("2012-09-01")), "2012");
    assert_string_equal(icstat_framework_name(icstat_framework_of_date("2015-09-01")), "cif_2015");
    assert_string_equal(icstat_framework_name(icstat_framework_of_date("2019-08-31")), "cif_2015");
    assert_string_equal(icstat_framework_name(icstat_framework_of_date("2019-09-01")), "eif_2019");
    assert_string_equal(icstat_framework_name(icstat_framework_of_date("2024-09-01")), "eif_2024");
    assert_string_equal(icstat_framework_name(icstat_framework_of_date("2025-11-09")), "eif_2024");
    assert_string_equal(icstat_framework_name(icstat_framework_of_date("2025-11-10")),
                        "report_card");
    assert_null(icstat_framework_name(ICSTAT_FRAMEWORK_N));
}

/* A report-card file: the row is the report card when there is one, the
 * Latest OEIF inspection otherwise; Windows-1252 decoded; 103120.0 read. */
static void test_import_report_cards(void **state)
{
    (void)state;
    const char *csv_in =
        "Management information \x96 report cards\r\n"
        "URN,School name,Inspection start date,Safeguarding standards,Inclusion,"
        "Leadership and governance,Early years (where applicable),"
        "Inspection number of latest OEIF graded inspection,"
        "Inspection start date of latest OEIF graded inspection,"
        "Latest OEIF overall effectiveness,Latest OEIF  safeguarding is effective?,"
        "Latest OEIF early years provision (where applicable)\r\n"
        "1.0,Caf\xe9,13/01/2026,Met,Strong standard,Exceptional,Not applicable,"
        "10100001,12/10/2021,2,Yes,2\r\n"
        "2,St J\xe9r\xf4me,NULL,NULL,NULL,NULL,NULL,10100002,03/02/2025,NULL,No,8\r\n"
        "3,New,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL\r\n";
    icstat_ofsted_import *imp = NULL;
    icstat_error err;
    assert_int_equal(icstat_ofsted_import_read_buffer("rc.csv", csv_in, strlen(csv_in), NULL, &imp,
                                                      &err),
                     ICSTAT_OK);
    assert_true(imp->windows_1252);
    char *csv = as_csv(imp);
    assert_string_equal(csv, HEADER
                        "1,NA,2026-01-13,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,10100001,2021-10-12,2,"
                        "report_card,met,2,NA,NA,NA,NA,1,NA,NA\n"
                        "2,10100002,2025-02-03,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,"
                        "eif_2024,not met,NA,NA,NA,NA,NA,NA,NA,NA\n");
    free(csv);
    assert_int_equal(imp->skipped[ICSTAT_OFSTED_SKIP_NO_DATE].count, 1);
    assert_int_equal(imp->by_framework[ICSTAT_FRAMEWORK_REPORT_CARD], 1);
    assert_int_equal(imp->by_framework[ICSTAT_FRAMEWORK_EIF_2024], 1);
    icstat_ofsted_import_free(imp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_key),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_new_values),
        cmocka_unit_test(test_import_report_cards),
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_grades),
        cmocka_unit_test(test_import),
        cmocka_unit_test(test_import_map),
        cmocka_unit_test(test_map_parse),
        cmocka_unit_test(test_summary),
        cmocka_unit_test(test_import_header_rows),
        cmocka_unit_test(test_import_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
