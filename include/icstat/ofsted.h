/* ofsted.h — Ofsted's published management information read into the
 * canonical inspections table.
 *
 * Input: a CSV exported from Ofsted's state-funded schools files (the
 * monthly "latest/most recent inspections" files, the all-inspections
 * files, the 2005-2015 historical file).  Title rows may sit above the
 * header: the header is the first of the opening rows (10 by default)
 * with a URN column.  Headers are matched by name, ignoring case, spaces
 * and punctuation, against the spellings Ofsted has used (ofsted_import.c
 * lists them with where each was seen); --map style overrides win.
 *
 * Output: one row per inspection, the canonical columns in the order of
 * icstat_ofsted_column_name(0..ICSTAT_OFSTED_NCOL-1).  Dates become
 * YYYY-MM-DD, grades 1-4, IDACI quintiles 1-5, pupil counts whole numbers
 * (thousands separators as in "1,234" are read); text is trimmed and
 * otherwise kept byte for byte (no re-encoding: the reader refuses text
 * that is not UTF-8).
 *
 * Rows: a row whose fields are all empty is a blank line.  Every other
 * row below the header is read; it is skipped (and counted, with the
 * first line) when its URN is missing or not a whole number, or its
 * inspection date is missing (a school not yet inspected) or not a real
 * date.  Any other value that cannot be read is left empty and counted
 * per column.  Errors (ICSTAT_EDATA): the reader's (quotes, NUL bytes,
 * text that is not UTF-8, unreadable file), an empty file, no header with
 * a URN column in the opening rows, no inspection date column, a --map
 * header that is not in the header row, a header naming a column it uses
 * twice, a row whose field count differs from the header's, a date that
 * reads as MM/DD/YYYY (US order: the file's other dates would be
 * misread, so this is an error, not a skipped row). */
#ifndef ICSTAT_OFSTED_H
#define ICSTAT_OFSTED_H

#include <stddef.h>
#include "icstat/result.h"
#include "icstat/status.h"

#define ICSTAT_OFSTED_NCOL 28
#define ICSTAT_OFSTED_HEADER_ROWS 10

/* The canonical columns, in order. */
enum {
    ICSTAT_OFSTED_URN = 0,
    ICSTAT_OFSTED_INSPECTION_NUMBER,
    ICSTAT_OFSTED_INSPECTION_DATE,
    ICSTAT_OFSTED_INSPECTION_TYPE,
    ICSTAT_OFSTED_PHASE,
    ICSTAT_OFSTED_REGION,
    ICSTAT_OFSTED_LOCAL_AUTHORITY,
    ICSTAT_OFSTED_IDACI_QUINTILE,
    ICSTAT_OFSTED_PUPILS,
    ICSTAT_OFSTED_OVERALL,
    ICSTAT_OFSTED_QUALITY,
    ICSTAT_OFSTED_BEHAVIOUR,
    ICSTAT_OFSTED_PERSONAL,
    ICSTAT_OFSTED_LEADERSHIP,
    ICSTAT_OFSTED_CATEGORY,
    ICSTAT_OFSTED_PREVIOUS_NUMBER,
    ICSTAT_OFSTED_PREVIOUS_DATE,
    ICSTAT_OFSTED_PREVIOUS_OVERALL,
    ICSTAT_OFSTED_FRAMEWORK,
    ICSTAT_OFSTED_SAFEGUARDING,
    ICSTAT_OFSTED_INCLUSION,
    ICSTAT_OFSTED_CURRICULUM,
    ICSTAT_OFSTED_ACHIEVEMENT,
    ICSTAT_OFSTED_ATTENDANCE,
    ICSTAT_OFSTED_WELLBEING,
    ICSTAT_OFSTED_GOVERNANCE,
    ICSTAT_OFSTED_EARLY_YEARS,
    ICSTAT_OFSTED_POST_16
};

/* The frameworks an inspection can be under (the `framework` column). */
typedef enum {
    ICSTAT_FRAMEWORK_PRE_2012 = 0, /* before 1 September 2012 */
    ICSTAT_FRAMEWORK_2012,         /* September 2012 - August 2015 */
    ICSTAT_FRAMEWORK_CIF_2015,     /* September 2015 - August 2019 */
    ICSTAT_FRAMEWORK_EIF_2019,     /* September 2019 - August 2024 */
    ICSTAT_FRAMEWORK_EIF_2024,     /* September 2024 - 9 November 2025: no overall grade */
    ICSTAT_FRAMEWORK_REPORT_CARD,  /* report cards, from 10 November 2025 */
    ICSTAT_FRAMEWORK_N
} icstat_framework;

/* Why a row was skipped. */
enum {
    ICSTAT_OFSTED_SKIP_NO_URN = 0,
    ICSTAT_OFSTED_SKIP_BAD_URN,
    ICSTAT_OFSTED_SKIP_NO_DATE,
    ICSTAT_OFSTED_SKIP_BAD_DATE,
    ICSTAT_OFSTED_NSKIP
};

typedef struct {
    /* Header to use for each canonical column (--map), NULL to look for
     * the known spellings.  Compared like the known spellings. */
    const char *map[ICSTAT_OFSTED_NCOL];
    const char *map_what; /* how messages name the map: the caller's name
                             for it (a command's "--map"), NULL for "map" */
    size_t header_rows; /* opening rows searched for the header; 0 = 10 */
    int serial_dates;   /* dates may be spreadsheet serial numbers (days since
                           30 December 1899): a converted .ods (workbook.h) */
    unsigned long sheet;    /* icstat_ofsted_import_file, a workbook: the sheet
                               to read, 1 = the first; 0 = the first sheet
                               with a URN header */
    const char *sheet_what; /* how messages name `sheet` (a command's
                               "--sheet"), NULL when the caller has no way */
} icstat_ofsted_options;

/* How often something happened, and the first time. */
typedef struct {
    size_t count;
    long first_line;
    char first_text[64]; /* the offending value, shortened; "" when none */
} icstat_ofsted_tally;

typedef struct {
    icstat_result *table;  /* the canonical table, one row per inspection */
    long header_line;
    long source[ICSTAT_OFSTED_NCOL];  /* column of the file (0-based), -1 not found */
    long oeif[ICSTAT_OFSTED_NCOL];    /* its column in the Latest OEIF block of
                                         report-card files, -1 none */
    int windows_1252;                 /* the file was Windows-1252, decoded */
    size_t repaired;                  /* values with Windows-1252 characters read as
                                         Latin-1 control codes, repaired */
    size_t by_framework[ICSTAT_FRAMEWORK_N]; /* rows written under each */
    char *source_name[ICSTAT_OFSTED_NCOL]; /* its header text, NULL when not found */
    int spelling[ICSTAT_OFSTED_NCOL]; /* which known spelling matched: 0 the first,
                                        -1 --map or not found */
    size_t rows_read, rows_written;
    icstat_ofsted_tally skipped[ICSTAT_OFSTED_NSKIP];
    icstat_ofsted_tally unreadable[ICSTAT_OFSTED_NCOL];
} icstat_ofsted_import;

/* Read `path` ("-" for stdin); opt may be NULL.  ICSTAT_OK and *out, or an
 * error status with *out NULL and err filled (file and line). */
int icstat_ofsted_import_read(const char *path, const icstat_ofsted_options *opt,
                              icstat_ofsted_import **out, icstat_error *err);
/* Same, from memory; `name` is used in messages. */
int icstat_ofsted_import_read_buffer(const char *name, const char *buf, size_t len,
                                     const icstat_ofsted_options *opt,
                                     icstat_ofsted_import **out, icstat_error *err);
void icstat_ofsted_import_free(icstat_ofsted_import *imp);

/* Read `path` whatever it is (ofsted_file.c): by its name, an .xlsx or
 * .ods workbook (workbook.h: converted with ssconvert) read from sheet
 * opt->sheet, or without one from the first sheet whose opening rows
 * hold a URN header (a sheet with none is passed over; the error when no
 * sheet has one suggests opt->sheet_what); else a CSV, as
 * icstat_ofsted_import_read.  A workbook's messages name it and the
 * sheet ("(sheet 2)"), never the temporary CSV. */
int icstat_ofsted_import_file(const char *path, const icstat_ofsted_options *opt,
                              icstat_ofsted_import **out, icstat_error *err);

/* What an import did, for people (ofsted_summary.c), one line each and no
 * prefix, `name` naming the file: rows read, written and skipped; each
 * reason for skipping with its count and first line; inspections by
 * framework; each column's unreadable values; repaired Windows-1252 text;
 * columns matched by a name other than their usual one; canonical columns
 * the file does not have (left empty); previous_* filled for report cards
 * only; no report-card grades.  *lines (free with icstat_strlist_free)
 * and *n; 0, or -1 when out of memory (nothing returned). */
int icstat_ofsted_import_summary(const icstat_ofsted_import *imp, const char *name,
                                 char ***lines, size_t *n);

/* A value of the form "COL=HEADER[,COL=HEADER...]" into opt->map (a later
 * pair for the same column wins), as a command's --map gives it: a comma
 * starts a new pair only when a canonical column's name and '=' follow
 * it, so headers keep their own commas.  buf is cut up in place and the
 * map points into it, so it must outlive opt's use.  ICSTAT_OFSTED_MAP_OK,
 * or the problem with *bad pointing at the text it is about. */
enum {
    ICSTAT_OFSTED_MAP_OK = 0,
    ICSTAT_OFSTED_MAP_NO_EQUALS,  /* a pair without '=' (*bad: the pair) */
    ICSTAT_OFSTED_MAP_UNKNOWN,    /* not a canonical column (*bad: the name) */
    ICSTAT_OFSTED_MAP_NO_HEADER,  /* COL= with nothing after (*bad: COL) */
    ICSTAT_OFSTED_MAP_FRAMEWORK   /* framework, which no file holds (*bad: COL) */
};
int icstat_ofsted_map_parse(char *buf, icstat_ofsted_options *opt, const char **bad);

/* Canonical column j's name; its index by name, or -1. */
const char *icstat_ofsted_column_name(size_t j);
long icstat_ofsted_column_lookup(const char *name);
/* A skip reason for people ("no URN", ...). */
const char *icstat_ofsted_skip_reason(int k);
/* "pre_2012", "2012", "cif_2015", "eif_2019", "eif_2024", "report_card". */
const char *icstat_framework_name(icstat_framework f);
/* The framework of an inspection on the ISO date iso ("YYYY-MM-DD"): by
 * date alone, report_card from 10 November 2025. */
icstat_framework icstat_framework_of_date(const char *iso);

/* The comparison key of a header: ASCII letters (lowercased) and digits
 * only, so case, spaces, brackets, hyphens and other punctuation do not
 * matter.  Truncated to size - 1 bytes. */
void icstat_ofsted_header_key(const char *header, char *key, size_t size);

/* The column of names[0..n-1] for canonical column j: the one named by
 * `map` when given, else the first known spelling the names contain (the
 * leftmost column when a name repeats), else the canonical name itself
 * (so that icstat's own table reads back).  -1 when there is none.  When
 * spelling is not NULL it gets the index of the known spelling that
 * matched (the list's length for the canonical name, one more for the
 * IDACI pattern), -1 for map or none. */
long icstat_ofsted_match(const char *const *names, size_t n, size_t j, const char *map,
                         int *spelling);

/* Values.  Each returns 1 when read (result in *out), 0 when missing
 * (empty, NA, N/A, ".", NULL in any case), -1 when unreadable. */
/* DD/MM/YYYY (day and month of one or two digits) or YYYY-MM-DD, either
 * optionally followed by a time of day, which is dropped; the date must
 * exist (days in the month, leap years).  iso gets "YYYY-MM-DD". */
int icstat_ofsted_parse_date(const char *s, char iso[11]);
/* 1-4 from a number or a word: Outstanding 1, Good 2, Requires
 * improvement 3, Satisfactory 3 (before September 2012), Inadequate 4,
 * in any case.  "Not judged" and 9 are missing too. */
int icstat_ofsted_parse_grade(const char *s, int *out);
/* A report-card grade, 1-5 from its words (Exceptional 1, Strong standard
 * 2, Expected standard 3, Needs attention 4, Urgent improvement 5, in any
 * case) or its number; "Not applicable", "Not judged", 0, 8 and 9 are
 * missing. */
int icstat_ofsted_parse_area(const char *s, int *out);
/* Early years or post-16: a report-card grade (1-5) when report_card,
 * else an old-framework one (1-4); 0, 8 and 9 (Ofsted's codes in
 * early-years cells) and "Not applicable" are missing. */
int icstat_ofsted_parse_stage(const char *s, int report_card, int *out);
/* Safeguarding: "met" for Met or Yes (the old framework's "Safeguarding is
 * effective?"), "not met" for Not met or No; 9 is missing. */
int icstat_ofsted_parse_safeguarding(const char *s, const char **out);
/* A category of concern in words: SM Special Measures, SWK Serious
 * Weaknesses, NTI Notice to Improve, RSI Requires Significant
 * Improvement (codes or words, any case); 0, 9 and None are missing.  -1
 * for any other text (the import keeps it as written). */
int icstat_ofsted_parse_concern(const char *s, const char **out);

#endif
