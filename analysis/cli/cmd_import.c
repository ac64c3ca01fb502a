/* cmd_import.c — `icstat import SOURCE FILE`: published data into icstat's
 * canonical tables.  The one source is `ofsted` (include/icstat/ofsted.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "icstat/cleanup.h"
#include "icstat/cli.h"
#include "icstat/spawn.h"
#include "icstat/ofsted.h"
#include "icstat/workbook.h"

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
    {"format", required_argument, NULL, ICSTAT_OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* The canonical column name that s starts with when '=' follows it
 * (spaces allowed around it), or -1. */
static long pair_start(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz_");
    const char *eq = s + n;
    while (*eq == ' ' || *eq == '\t')
        eq++;
    if (n == 0 || *eq != '=' || n >= 64)
        return -1;
    char name[64];
    memcpy(name, s, n);
    name[n] = '\0';
    return icstat_ofsted_column_lookup(name);
}

static char *trim_inplace(char *b, char *e)
{
    while (b < e && (*b == ' ' || *b == '\t'))
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    *e = '\0';
    return b;
}

/* One --map value, "COL=HEADER[,COL=HEADER...]", into opt->map (a later
 * pair for the same column wins).  A comma starts a new pair only when a
 * canonical name and '=' follow it, so headers keep their own commas.  buf
 * is a copy of the value that the map then points into.  0, or the exit
 * status of a usage error. */
static int parse_map(char *buf, icstat_ofsted_options *opt)
{
    char *p = buf;
    for (;;) {
        char *end = p;
        while ((end = strchr(end, ',')) && pair_start(end + 1) < 0)
            end++;
        int last = !end;
        if (last)
            end = p + strlen(p);
        *end = '\0';
        char *eq = strchr(p, '=');
        if (!eq)
            return icstat_cli_usage_error("import", "--map takes COL=HEADER (got '%s')", p);
        char *name = trim_inplace(p, eq), *header = trim_inplace(eq + 1, end);
        long j = icstat_ofsted_column_lookup(name);
        if (j < 0) {
            char cols[1024] = "";
            for (size_t k = 0; k < ICSTAT_OFSTED_NCOL; k++)
                snprintf(cols + strlen(cols), sizeof cols - strlen(cols), "%s%s", k ? ", " : "",
                         icstat_ofsted_column_name(k));
            return icstat_cli_usage_error("import", "--map: '%s' is not a canonical column "
                                          "(they are %s)", name, cols);
        }
        if (!*header)
            return icstat_cli_usage_error("import", "--map %s= needs a header name", name);
        if (j == ICSTAT_OFSTED_FRAMEWORK)
            return icstat_cli_usage_error("import", "--map: framework is not read from the "
                                          "file: it follows from the inspection date and "
                                          "whether the row is a report card");
        opt->map[j] = header;
        if (last)
            return 0;
        p = end + 1;
    }
}

/* "line 7" or "first on line 7", with the offending text when there is one. */
static void where(const icstat_ofsted_tally *t, int show_text, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%sline %ld", t->count > 1 ? "first on " : "", t->first_line);
    if (show_text && n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, ": '%s'", t->first_text);
}

/* Print "PREFIX a, b, c" over the canonical columns that want(j) picks,
 * with the header each came from when show_header. */
static void column_list(const icstat_ofsted_import *imp, const char *prefix,
                        int (*want)(const icstat_ofsted_import *, size_t), int show_header)
{
    const char *sep = prefix;
    for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++)
        if (want(imp, j)) {
            fprintf(stderr, "%s%s", sep, icstat_ofsted_column_name(j));
            if (show_header)
                fprintf(stderr, "='%s'", imp->source_name[j]);
            sep = ", ";
        }
    if (sep != prefix)
        fputc('\n', stderr);
}

static int is_area(size_t j)
{
    return j >= ICSTAT_OFSTED_INCLUSION && j <= ICSTAT_OFSTED_GOVERNANCE;
}

static int has_report_cards(const icstat_ofsted_import *imp)
{
    for (size_t j = ICSTAT_OFSTED_INCLUSION; j <= ICSTAT_OFSTED_GOVERNANCE; j++)
        if (imp->source[j] >= 0)
            return 1;
    return 0;
}

/* Matched by a spelling other than the first. */
static int renamed(const icstat_ofsted_import *imp, size_t j)
{
    return imp->spelling[j] > 0;
}

static int is_previous(size_t j)
{
    return j >= ICSTAT_OFSTED_PREVIOUS_NUMBER && j <= ICSTAT_OFSTED_PREVIOUS_OVERALL;
}

/* A report-card file's previous_* come from its Latest OEIF columns for
 * the schools with a report card, and from "Previous ..." columns, when
 * it has them, for the others. */
static int previous_from_oeif(const icstat_ofsted_import *imp)
{
    return has_report_cards(imp) && imp->oeif[ICSTAT_OFSTED_INSPECTION_DATE] >= 0;
}

/* Not in the file (the report-card areas are said apart when a file has
 * none: it is older than report cards). */
static int absent(const icstat_ofsted_import *imp, size_t j)
{
    return j != ICSTAT_OFSTED_FRAMEWORK && imp->source[j] < 0 && imp->oeif[j] < 0 &&
           (has_report_cards(imp) || !is_area(j)) &&
           !(is_previous(j) && previous_from_oeif(imp));
}

static void print_summary(const icstat_ofsted_import *imp, const char *path)
{
    size_t skipped = 0;
    for (int k = 0; k < ICSTAT_OFSTED_NSKIP; k++)
        skipped += imp->skipped[k].count;
    fprintf(stderr, "icstat: import: %s: %sheader on line %ld; %zu rows read, %zu written, "
                    "%zu skipped\n",
            path, imp->windows_1252 ? "Windows-1252 text (decoded to UTF-8); " : "",
            imp->header_line, imp->rows_read, imp->rows_written, skipped);
    char at[128];
    for (int k = 0; k < ICSTAT_OFSTED_NSKIP; k++) {
        const icstat_ofsted_tally *t = &imp->skipped[k];
        if (!t->count)
            continue;
        where(t, k == ICSTAT_OFSTED_SKIP_BAD_URN || k == ICSTAT_OFSTED_SKIP_BAD_DATE, at,
              sizeof at);
        fprintf(stderr, "icstat: import: skipped %zu row%s: %s (%s)\n", t->count,
                t->count > 1 ? "s" : "", icstat_ofsted_skip_reason(k), at);
    }
    const char *sep = "icstat: import: inspections by framework: ";
    for (int f = 0; f < ICSTAT_FRAMEWORK_N; f++)
        if (imp->by_framework[f]) {
            fprintf(stderr, "%s%s %zu", sep, icstat_framework_name((icstat_framework)f),
                    imp->by_framework[f]);
            sep = ", ";
        }
    if (sep[0] == ',')
        fputc('\n', stderr);
    for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++) {
        const icstat_ofsted_tally *t = &imp->unreadable[j];
        if (!t->count)
            continue;
        where(t, 1, at, sizeof at);
        fprintf(stderr, "icstat: import: %s: %zu unreadable value%s left empty (%s)\n",
                icstat_ofsted_column_name(j), t->count, t->count > 1 ? "s" : "", at);
    }
    if (imp->repaired)
        fprintf(stderr, "icstat: import: %zu value%s held Windows-1252 characters read as "
                        "Latin-1 control codes (a file converted with the wrong encoding): "
                        "repaired\n",
                imp->repaired, imp->repaired > 1 ? "s" : "");
    /* Say where a column came from when it was not its usual header. */
    column_list(imp, "icstat: import: matched by another name: ", renamed, 1);
    column_list(imp, "icstat: import: not in the file, left empty: ", absent, 0);
    if (previous_from_oeif(imp) && imp->source[ICSTAT_OFSTED_PREVIOUS_DATE] < 0)
        fputs("icstat: import: previous_* are filled for report cards only (from the "
              "Latest OEIF columns): the file has no inspection before a Latest OEIF one\n",
              stderr);
    if (!has_report_cards(imp))
        fputs("icstat: import: no report-card grades in this file (a layout from before "
              "November 2025): inclusion ... leadership_and_governance left empty\n",
              stderr);
}

/* Import sheet `sheet` of a workbook, or (sheet 0) the first sheet
 * whose opening rows hold a URN header: Ofsted's workbooks open with
 * notes and contents sheets.  Messages name the workbook and the sheet,
 * never the temporary CSV. */
static int import_workbook(const char *path, unsigned long sheet, icstat_ofsted_options *opt,
                           icstat_ofsted_import **imp, icstat_error *err)
{
    icstat_workbook *wb = NULL;
    int st = icstat_workbook_open(path, &wb, err);
    opt->serial_dates = icstat_workbook_serial_dates(wb);
    for (unsigned long n = sheet ? sheet : 1; st == ICSTAT_OK; n++) {
        const char *csv = icstat_workbook_sheet(wb, n, err);
        if (!csv) {
            st = err->status;
            if (!sheet && n > 1 && st == ICSTAT_EDATA && strstr(err->msg, "no sheet"))
                icstat_error_set(err, ICSTAT_EDATA, path, 0,
                                 "no sheet has a header with a URN column in its first %d "
                                 "rows (%lu sheets looked at); name the sheet with --sheet N",
                                 ICSTAT_OFSTED_HEADER_ROWS, n - 1);
            break;
        }
        st = icstat_ofsted_import_read(csv, opt, imp, err);
        if (st == ICSTAT_OK)
            break;
        int no_header = strncmp(err->msg, "no header", 9) == 0 ||
                        strncmp(err->msg, "file is empty", 13) == 0;
        if (strcmp(err->file, csv) == 0) {
            snprintf(err->file, sizeof err->file, "%s", path);
            snprintf(err->msg + strlen(err->msg), sizeof err->msg - strlen(err->msg),
                     " (sheet %lu)", n);
        }
        if (sheet || !no_header)
            break;
        st = ICSTAT_OK; /* on to the next sheet */
    }
    icstat_workbook_close(wb);
    if (st == ICSTAT_OK && !*imp) /* cannot happen: the loop ends on an import or an error */
        st = icstat_error_set(err, ICSTAT_EDATA, path, 0, "no sheet was read");
    return st;
}

int icstat_cmd_import(int argc, char **argv)
{
    icstat_cli_common common = ICSTAT_CLI_COMMON_INIT;
    icstat_ofsted_options opt = {0};
    icstat_ofsted_import *imp = NULL;
    char **copies = NULL; /* --map values, which opt.map points into */
    size_t n_copies = 0;
    unsigned long sheet = 0; /* 0: the first with a URN column */
    int rc = 0;
    icstat_error err;
    icstat_error_clear(&err);
    common.fmt = ICSTAT_FMT_CSV;

    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", import_options, NULL)) != -1) {
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
            if ((rc = parse_map(copies[n_copies++], &opt)) != 0)
                goto done;
            break;
        }
        case OPT_SHEET:
            if (icstat_cli_parse_ulong(optarg, &sheet) != 0 || sheet < 1) {
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
    int st = icstat_workbook_kind_of(path) == ICSTAT_WORKBOOK_NONE
                 ? icstat_ofsted_import_read(path, &opt, &imp, &err)
                 : import_workbook(path, sheet, &opt, &imp, &err);
    if (st != ICSTAT_OK) {
        rc = icstat_cli_report(&err);
        goto done;
    }

    print_summary(imp, shown);
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
