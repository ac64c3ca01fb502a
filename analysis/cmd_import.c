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

static void import_usage(FILE *f)
{
    fputs(
        "Usage: icstat import ofsted [options] FILE\n"
        "\n"
        "Ofsted's published management information for state-funded schools (the\n"
        "monthly latest-inspections files, the all-inspections files, the 2005-2015\n"
        "file) as the canonical inspections table, one row per inspection:\n"
        "  urn, inspection_number, inspection_date, inspection_type, phase, region,\n"
        "  local_authority, idaci_quintile, pupils, overall_effectiveness,\n"
        "  quality_of_education, behaviour_and_attitudes, personal_development,\n"
        "  leadership_and_management, category_of_concern, previous_inspection_number,\n"
        "  previous_inspection_date, previous_overall_effectiveness\n"
        "\n"
        "FILE is a CSV (UTF-8 or Ofsted's own encoding, kept byte for byte), or an .xlsx\n"
        "converted with xlsx2csv when that is installed.  Title rows above the header\n"
        "are passed over: the header is the first of the opening 10 rows with a URN\n"
        "column.  Headers are matched by name whatever their case, spaces and\n"
        "punctuation, among the spellings Ofsted has used over the years.  Older\n"
        "judgements fill their successors (Quality of teaching -> quality_of_education,\n"
        "Behaviour and safety of pupils -> behaviour_and_attitudes, Leadership and\n"
        "management -> leadership_and_management); the date tells the framework.\n"
        "\n"
        "Values: dates become YYYY-MM-DD (from DD/MM/YYYY or YYYY-MM-DD); grades 1-4\n"
        "from numbers or words (Outstanding, Good, Requires improvement, Satisfactory =\n"
        "3, Inadequate), where Not judged and 9 are missing; NULL, NA and empty are\n"
        "missing in any column (NA in the output).\n"
        "A row is skipped when its URN is missing or not a whole number, or its\n"
        "inspection date is missing (a school not yet inspected) or not a real date;\n"
        "other unreadable values are left empty.  A summary on stderr counts rows read,\n"
        "written and skipped (with the reasons and first lines), unreadable values, and\n"
        "the canonical columns the file does not have (left empty).\n"
        "\n"
        "Options:\n"
        "  --map COL=HEADER      take canonical column COL from the column named HEADER;\n"
        "                        repeat it or give a list: --map \"region=Ofsted region,\n"
        "                        pupils=Number on roll\" (commas inside HEADER are kept)\n"
        "  --sheet N             .xlsx: the sheet to convert, 1 = the first (default 1)\n"
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
        opt->map[j] = header;
        if (last)
            return 0;
        p = end + 1;
    }
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        char c = s[n - k + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return 0;
    }
    return 1;
}

/* Convert sheet `sheet` of an .xlsx with xlsx2csv (at `prog`) into a new
 * temporary file (its name in tmp, registered with cleanup.h), dates as
 * YYYY-MM-DD.  No shell: the workbook's name is one argument of execv. */
static int xlsx_convert(const char *prog, const char *path, unsigned long sheet, char *tmp,
                        size_t tmp_size, icstat_error *err)
{
    const char *dir = getenv("TMPDIR");
    snprintf(tmp, tmp_size, "%s/icstat-xlsx.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = icstat_cleanup_mkstemp(tmp);
    int e = errno;
    if (fd < 0) {
        int st = e == ENOMEM ? icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")
                             : icstat_error_set(err, ICSTAT_EIO, tmp, 0,
                                                "cannot make a temporary file: %s", strerror(e));
        tmp[0] = '\0';
        return st;
    }
    /* A name starting with - must not read as one of xlsx2csv's options. */
    char number[32], *arg = malloc(strlen(path) + 3);
    int st = ICSTAT_OK, code = 0;
    if (!arg) {
        st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    sprintf(arg, "%s%s", path[0] == '-' ? "./" : "", path);
    snprintf(number, sizeof number, "%lu", sheet);
    char *argv[] = {"xlsx2csv", "-s", number, "-f", "%Y-%m-%d", arg, NULL};
    if ((st = icstat_spawn_run(prog, argv, NULL, fd, -1, &code, err)) == ICSTAT_OK && code != 0)
        st = icstat_error_set(err, ICSTAT_EDATA, path, 0,
                              "xlsx2csv could not convert sheet %lu (its message is above); "
                              "name another sheet with --sheet N",
                              sheet);
done:
    free(arg);
    if (close(fd) != 0 && st == ICSTAT_OK)
        st = icstat_error_set(err, ICSTAT_EIO, tmp, 0, "write failed: %s", strerror(errno));
    if (st != ICSTAT_OK) {
        unlink(tmp);
        icstat_cleanup_untrack(tmp);
        tmp[0] = '\0';
    }
    return st;
}

/* "line 7" or "first on line 7", with the offending text when there is one. */
static void where(const icstat_ofsted_tally *t, int show_text, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%sline %ld", t->count > 1 ? "first on " : "", t->first_line);
    if (show_text && n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, ": '%s'", t->first_text);
}

static void print_summary(const icstat_ofsted_import *imp, const char *path)
{
    size_t skipped = 0;
    for (int k = 0; k < ICSTAT_OFSTED_NSKIP; k++)
        skipped += imp->skipped[k].count;
    fprintf(stderr, "icstat: import: %s: header on line %ld; %zu rows read, %zu written, "
                    "%zu skipped\n",
            path, imp->header_line, imp->rows_read, imp->rows_written, skipped);
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
    for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++) {
        const icstat_ofsted_tally *t = &imp->unreadable[j];
        if (!t->count)
            continue;
        where(t, 1, at, sizeof at);
        fprintf(stderr, "icstat: import: %s: %zu unreadable value%s left empty (%s)\n",
                icstat_ofsted_column_name(j), t->count, t->count > 1 ? "s" : "", at);
    }
    /* Say where a column came from when it was not its usual header. */
    const char *sep = "icstat: import: matched by another name: ";
    for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++)
        if (imp->spelling[j] > 0) {
            fprintf(stderr, "%s%s='%s'", sep, icstat_ofsted_column_name(j), imp->source_name[j]);
            sep = ", ";
        }
    if (sep[0] == ',')
        fputc('\n', stderr);
    sep = "icstat: import: not in the file, left empty: ";
    for (size_t j = 0; j < ICSTAT_OFSTED_NCOL; j++)
        if (imp->source[j] < 0) {
            fprintf(stderr, "%s%s", sep, icstat_ofsted_column_name(j));
            sep = ", ";
        }
    if (sep[0] == ',')
        fputc('\n', stderr);
}

int icstat_cmd_import(int argc, char **argv)
{
    icstat_cli_common common = ICSTAT_CLI_COMMON_INIT;
    icstat_ofsted_options opt = {0};
    icstat_ofsted_import *imp = NULL;
    char **copies = NULL; /* --map values, which opt.map points into */
    size_t n_copies = 0;
    unsigned long sheet = 1;
    char tmp[4096] = "", *xlsx2csv = NULL;
    int nomem = 0;
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
    const int xlsx = has_suffix(path, ".xlsx");
    int st = ICSTAT_OK;
    if ((rc = icstat_cli_check_one("import", path, common.out_path)) != 0)
        goto done;
    if (xlsx) {
        if (access(path, R_OK) != 0)
            st = icstat_error_set(&err, ICSTAT_EDATA, path, 0, "cannot open file: %s",
                                  strerror(errno));
        else if (!(xlsx2csv = icstat_spawn_find("xlsx2csv", &nomem)))
            st = nomem ? icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory")
                       : icstat_error_set(&err, ICSTAT_EDATA, path, 0,
                                          "reading .xlsx needs xlsx2csv, which is not installed: "
                                          "install it (Debian: apt-get install xlsx2csv) or save "
                                          "the data sheet as CSV and import that");
        else
            st = xlsx_convert(xlsx2csv, path, sheet, tmp, sizeof tmp, &err);
    }
    if (st == ICSTAT_OK)
        st = icstat_ofsted_import_read(xlsx ? tmp : path, &opt, &imp, &err);
    if (st != ICSTAT_OK) {
        /* Messages name the workbook, not the temporary CSV. */
        if (xlsx && tmp[0] && strcmp(err.file, tmp) == 0) {
            snprintf(err.file, sizeof err.file, "%s", path);
            if (strncmp(err.msg, "no header", 9) == 0)
                snprintf(err.msg + strlen(err.msg), sizeof err.msg - strlen(err.msg),
                         " of sheet %lu (the data may be on another: try --sheet N)", sheet);
        }
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
    if (tmp[0]) {
        unlink(tmp);
        icstat_cleanup_untrack(tmp);
    }
    free(xlsx2csv);
    icstat_ofsted_import_free(imp);
    for (size_t i = 0; i < n_copies; i++)
        free(copies[i]);
    free(copies);
    return rc;
}
