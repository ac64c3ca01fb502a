/* cmd_import.c — `icstat import SOURCE FILE`: published data into icstat's
 * canonical tables.  The one source is `ofsted` (include/icstat/ofsted.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/cli.h"
#include "icstat/ofsted.h"
#include "icstat/strlist.h"

static void import_usage(FILE *f)
{
    fputs(
        "Usage: icstat import ofsted [options] FILE\n"
        "\n"
        "Ofsted's published management information and official statistics for\n"
        "state-funded schools, of every era (the 2005-2015 file, the 2015-2019 and\n"
        "2019-2024 latest- and all-inspections files, the files without an overall\n"
        "grade from September 2024, the report-card files from November 2025), as the\n"
        "canonical inspections table, one row per inspection, always UTF-8:\n"
        "  urn, inspection_number, inspection_date, inspection_type, phase, region,\n"
        "  local_authority, idaci_quintile, pupils, overall_effectiveness,\n"
        "  quality_of_education, behaviour_and_attitudes, personal_development,\n"
        "  leadership_and_management, category_of_concern, previous_inspection_number,\n"
        "  previous_inspection_date, previous_overall_effectiveness, framework,\n"
        "  safeguarding, inclusion, curriculum_and_teaching, achievement,\n"
        "  attendance_and_behaviour, personal_development_and_wellbeing,\n"
        "  leadership_and_governance, early_years, post_16\n"
        "\n"
        "FILE is a CSV in UTF-8 (with or without a byte order mark) or in Ofsted's own\n"
        "Windows-1252, decoded to UTF-8; or an .xlsx or .ods (converted with ssconvert, Debian\n"
        "package gnumeric) when that is installed.\n"
        "Title rows above the header are passed over: the header is the first of the\n"
        "opening 10 rows with a URN column.  Headers are matched by name whatever their\n"
        "case, spaces and punctuation, among the spellings Ofsted has used over the\n"
        "years.  Older judgements fill their successors (Quality of teaching ->\n"
        "quality_of_education, Behaviour and safety of pupils -> behaviour_and_attitudes,\n"
        "Leadership and management -> leadership_and_management).\n"
        "\n"
        "framework: pre_2012, 2012, cif_2015, eif_2019, eif_2024 (September 2024 - 9\n"
        "November 2025: no overall grade) from the inspection date; report_card for a\n"
        "report-card inspection.  A report-card file holds a school's report card and\n"
        "its last old-framework inspection (the 'Latest OEIF' columns): a school with a\n"
        "report card gets a row for it, with overall_effectiveness empty and previous_*\n"
        "from the Latest OEIF inspection; a school without one gets a row for its\n"
        "Latest OEIF inspection.\n"
        "\n",
        f);
    fputs(
        "Values: dates become YYYY-MM-DD (from DD/MM/YYYY or YYYY-MM-DD); old-framework\n"
        "grades 1-4 from numbers or words (Outstanding, Good, Requires improvement,\n"
        "Satisfactory = 3, Inadequate); report-card grades 1-5 (Exceptional, Strong\n"
        "standard, Expected standard, Needs attention, Urgent improvement); early_years\n"
        "and post_16 on the scale that framework says; safeguarding met / not met (Met,\n"
        "Yes / Not met, No); category_of_concern in words (SM Special Measures, SWK\n"
        "Serious Weaknesses, NTI Notice to Improve, RSI Requires Significant\n"
        "Improvement).  Missing: NULL, NA, empty, Not judged, Not applicable, 9 (and\n"
        "8 and 0 in early years and post-16), written NA.  Whole numbers written as\n"
        "103120.0 (a pandas or Excel round trip) are whole numbers.\n"
        "A row is skipped when its URN is missing or not a whole number, or it has no\n"
        "inspection date (a school not yet inspected) or not a real one; other\n"
        "unreadable values are left empty.  A summary on stderr counts rows read,\n"
        "written and skipped (with the reasons and first lines), inspections by\n"
        "framework, unreadable values, and the canonical columns the file does not\n"
        "have (left empty).\n"
        "\n"
        "Options:\n"
        "  --map COL=HEADER      take canonical column COL from the column named HEADER;\n"
        "                        repeat it or give a list: --map \"region=Ofsted region,\n"
        "                        pupils=Number on roll\" (commas inside HEADER are kept)\n"
        "  --sheet N             .xlsx or .ods: the sheet to read, 1 = the first\n"
        "                        (default: the first sheet with a URN column)\n"
        "\n"
        "Output:\n"
        "  --format F            csv|tsv|json (default csv)\n"
        "  -o FILE               write to FILE (default stdout); written whole or not at all\n"
        "  -h, --help            show this help\n"
        "\n"
        "Exit status 2 (data error) when no header has a URN column in the first 10 rows,\n"
        "the header has no inspection date column, a row has the wrong number of fields,\n"
        "the CSV is malformed, or no row is left to write.\n"
        "\n"
        "Examples:\n"
        "  icstat import ofsted latest_inspections.csv -o inspections.csv\n"
        "  icstat import ofsted --map \"inspection_date=Inspection end date\" MI.csv\n"
        "  icstat import ofsted --sheet 3 -o inspections.csv MI.xlsx\n",
        f);
}

enum { OPT_MAP = 256, OPT_SHEET };

static const struct option import_options[] = {
    {"map", required_argument, NULL, OPT_MAP},
    {"sheet", required_argument, NULL, OPT_SHEET},
    ICSTAT_CLI_OUTPUT_OPTIONS,
};

/* One --map value into opt->map (icstat_ofsted_map_parse); buf is a copy
 * of the value that the map then points into.  0, or the exit status of
 * a usage error. */
static int map_option(char *buf, icstat_ofsted_options *opt)
{
    const char *bad = NULL;
    char cols[1024] = "";
    switch (icstat_ofsted_map_parse(buf, opt, &bad)) {
    case ICSTAT_OFSTED_MAP_OK:
        return 0;
    case ICSTAT_OFSTED_MAP_NO_EQUALS:
        return icstat_cli_usage_error("import", "--map takes COL=HEADER (got '%s')", bad);
    case ICSTAT_OFSTED_MAP_UNKNOWN:
        for (size_t k = 0; k < ICSTAT_OFSTED_NCOL; k++)
            snprintf(cols + strlen(cols), sizeof cols - strlen(cols), "%s%s", k ? ", " : "",
                     icstat_ofsted_column_name(k));
        return icstat_cli_usage_error("import", "--map: '%s' is not a canonical column "
                                      "(they are %s)", bad, cols);
    case ICSTAT_OFSTED_MAP_NO_HEADER:
        return icstat_cli_usage_error("import", "--map %s= needs a header name", bad);
    default:
        return icstat_cli_usage_error("import", "--map: framework is not read from the "
                                      "file: it follows from the inspection date and "
                                      "whether the row is a report card");
    }
}

/* The summary on stderr, a line "icstat: import: ..." each: 0, or -1
 * when out of memory. */
static int print_summary(const icstat_ofsted_import *imp, const char *shown)
{
    char **lines = NULL;
    size_t n = 0;
    if (icstat_ofsted_import_summary(imp, shown, &lines, &n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "icstat: import: %s\n", lines[i]);
    icstat_strlist_free(&lines, &n);
    return 0;
}

int icstat_cmd_import(int argc, char **argv)
{
    icstat_cli_common common = ICSTAT_CLI_COMMON_INIT;
    icstat_ofsted_options opt = {.map_what = "--map", .sheet_what = "--sheet"};
    icstat_ofsted_import *imp = NULL;
    char **copies = NULL; /* --map values, which opt.map points into */
    size_t n_copies = 0;
    int rc = 0;
    icstat_error err;
    icstat_error_clear(&err);
    common.fmt = ICSTAT_FMT_CSV;

    /* The options whose repeats add up (their --help says so). */
    static const int repeats[] = {OPT_MAP, 0};
    icstat_cli_parser parser = ICSTAT_CLI_PARSER("import", import_options, repeats);
    int c;
    while ((c = icstat_cli_getopt(&parser, argc, argv)) != -1) {
        switch (c) {
        case OPT_MAP: {
            char **grown = realloc(copies, (n_copies + 1) * sizeof *grown);
            if (!grown || !(grown[n_copies] = strdup(optarg))) {
                copies = grown ? grown : copies;
                icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
                rc = icstat_cli_report(&err);
                goto done;
            }
            copies = grown;
            if ((rc = map_option(copies[n_copies++], &opt)) != 0)
                goto done;
            break;
        }
        case OPT_SHEET:
            if (icstat_cli_parse_ulong(optarg, &opt.sheet) != 0 || opt.sheet < 1) {
                rc = icstat_cli_usage_error("import", "--sheet must be a sheet number, 1 for "
                                            "the first (got '%s')", optarg);
                goto done;
            }
            break;
        default:
            if (icstat_cli_common_option("import", c, argv, import_usage, &common, &rc) != 0)
                goto done;
        }
    }
    if (optind == argc) {
        rc = icstat_cli_usage_error("import", "no source given: use 'icstat import ofsted FILE'");
        goto done;
    }
    if (strcmp(argv[optind], "ofsted") != 0) {
        rc = icstat_cli_usage_error("import", "unknown source '%s' (the one source is 'ofsted')",
                                    argv[optind]);
        goto done;
    }
    if ((rc = icstat_cli_one_input("import", argc, optind + 1)) != 0)
        goto done;
    if (common.fmt != ICSTAT_FMT_CSV && common.fmt != ICSTAT_FMT_TSV &&
        common.fmt != ICSTAT_FMT_JSON) {
        rc = icstat_cli_usage_error("import", "--format %s: import writes a table for other "
                                    "commands, as csv, tsv or json",
                                    common.fmt == ICSTAT_FMT_TEXT ? "text" : "md");
        goto done;
    }
    const char *path = argv[optind + 1];
    const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path; /* in messages */
    if ((rc = icstat_cli_check_one("import", path, common.out_path)) != 0)
        goto done;
    if (icstat_ofsted_import_file(path, &opt, &imp, &err) != ICSTAT_OK) {
        rc = icstat_cli_report(&err);
        goto done;
    }
    if (print_summary(imp, shown) != 0) {
        rc = icstat_cli_out_of_memory();
        goto done;
    }
    if (imp->rows_written == 0) {
        if (imp->rows_read == 0)
            icstat_error_set(&err, ICSTAT_EDATA, shown, imp->header_line,
                             "no inspections to write: the header has no rows below it");
        else
            icstat_error_set(&err, ICSTAT_EDATA, shown, 0,
                             "no inspections to write: all %zu rows were skipped",
                             imp->rows_read);
        rc = icstat_cli_report(&err);
        goto done;
    }
    const icstat_result *parts[1] = {imp->table};
    if (icstat_cli_write_results(parts, 1, common.out_path, common.fmt, &err) != ICSTAT_OK)
        rc = icstat_cli_report(&err);

done:
    icstat_ofsted_import_free(imp);
    for (size_t i = 0; i < n_copies; i++)
        free(copies[i]);
    free(copies);
    return rc;
}
