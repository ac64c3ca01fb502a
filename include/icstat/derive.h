/* derive.h — columns made from other columns, and rows kept by conditions,
 * before a command uses a table: the --years-between, --band and --where
 * options of `agree` and `fit` (and the first two of `describe`, whose own
 * --where is counted in its tables).
 *
 *   --years-between NEW=FROM,TO  NEW: years from date column FROM to date
 *                                column TO, days / 365.25 (negative when TO
 *                                comes first); missing when either date is.
 *   --band NEW=COL:C1,...,Ck     NEW: the band of numeric COL between cut
 *                                points C1 < ... < Ck: "under C1", "C1 to
 *                                under C2", ..., "Ck or more"; when COL and
 *                                the cuts are all whole numbers, "C1-D" with
 *                                D = C2 - 1 (pupils: "100-249").  Missing
 *                                where COL is.  The bands keep this order
 *                                wherever levels are put in order
 *                                (describe's groups and categories, fit's
 *                                terms and reference level), not the
 *                                alphabet's.
 *   --where COND                 keep the rows where COND holds:
 *                                COL=VALUE, COL!=VALUE, or COL<N, <=, >, >=
 *                                (condition.h); a row missing COL meets
 *                                none of them.
 *
 * Steps run in the order given, so a band can be cut from years and a
 * condition can test either.  Afterwards the command sees the table as if
 * the file had held only the kept rows and had the new columns (a column
 * whose kept values are all numbers is numeric; line numbers in messages
 * stay the file's).  Why a general step rather than a prepared file: the
 * study of published outcomes needs years between two inspections, bands
 * of school size and a subset of rows, and a spreadsheet step done by hand
 * is the one a reader cannot check. */
#ifndef ICSTAT_DERIVE_H
#define ICSTAT_DERIVE_H

#include <stddef.h>
#include "icstat/condition.h"
#include "icstat/status.h"
#include "icstat/table.h"

typedef enum { ICSTAT_DERIVE_YEARS, ICSTAT_DERIVE_BAND, ICSTAT_DERIVE_WHERE } icstat_derive_kind;

typedef struct {
    icstat_derive_kind kind;
    char *text;            /* the option's value as given, for messages */
    const char *what;      /* the step's name in messages (the caller's, e.g.
                            * "--band"; not owned) */
    char *name;            /* years, band: the new column */
    char *from, *to;       /* years: the date columns */
    char *source;          /* band: the numeric column */
    double *cuts;          /* band: increasing cut points */
    size_t n_cuts;
    icstat_condition cond; /* where */
} icstat_derive_step;

typedef struct {
    icstat_derive_step *steps;
    size_t n;
    /* Filled by icstat_derive_apply: rows before the first --where, and
     * how many the conditions left out. */
    size_t n_read, n_dropped;
} icstat_derive;

#define ICSTAT_DERIVE_INIT {NULL, 0, 0, 0}

/* Add a step from an option's value.  `what` names the step in every
 * message about it, here and in icstat_derive_apply: the caller's name for
 * where the value came from (a command gives its option, "--band"; it must
 * outlive d), or NULL for the plain "years-between", "band" or "where".
 * ICSTAT_OK; ICSTAT_EDATA with a message starting with `what` when the
 * value is malformed ("--band takes NEW=COL:C1,C2,... with numbers in
 * increasing order (got 'x')"), which a command reports as a usage error;
 * ICSTAT_ENOMEM. */
int icstat_derive_add(icstat_derive *d, icstat_derive_kind kind, const char *value,
                      const char *what, icstat_error *err);

/* Run the steps on t, in order.  Errors (ICSTAT_EDATA, file and line):
 * a column a step names is not in the header (or, for a new column, is
 * already there), a date that is not one (date.h), a band of a value that
 * is not a number, an ordering that meets a value that is not a number,
 * and no row meeting the conditions. */
int icstat_derive_apply(icstat_derive *d, icstat_table *t, icstat_error *err);

/* 1 when d has a --where step. */
int icstat_derive_has_where(const icstat_derive *d);

/* "--where A, --where B": the conditions as given, for notes and titles. */
void icstat_derive_where_text(const icstat_derive *d, char *buf, size_t size);

void icstat_derive_clear(icstat_derive *d);

/* The steps themselves, for callers with a table in hand; `what` names
 * the step in messages ("no --band column 'roll' in the header"). */
int icstat_table_add_years(icstat_table *t, const char *name, const char *from, const char *to,
                           const char *what, icstat_error *err);
int icstat_table_add_band(icstat_table *t, const char *name, const char *source,
                          const double *cuts, size_t n_cuts, const char *what, icstat_error *err);

/* Periods of a date, for describe --by-period. */
typedef enum {
    ICSTAT_PERIOD_YEAR = 0,      /* the calendar year, "2019" (a number) */
    ICSTAT_PERIOD_ACADEMIC_YEAR, /* the school year, September to August, "2019/20" */
    ICSTAT_PERIOD_TERM           /* the school term in its year, by month: autumn
                                  * September-December, spring January-March,
                                  * summer April-August, "2019/20 autumn" */
} icstat_period_kind;

/* Add column `name`: the period of date column `date` (date.h) in each
 * row, missing where the date is; text that sorts in time order (years
 * are numbers).  Errors as icstat_table_add_years' (a date that is not
 * one, a column missing or already there); t is left as it was. */
int icstat_table_add_period(icstat_table *t, const char *name, const char *date,
                            icstat_period_kind kind, const char *what, icstat_error *err);

/* Keep the rows i with keep[i] != 0, in order: every column's cells and
 * the line numbers move up, missing counts are recounted, a numeric
 * column whose kept cells are all missing becomes a text one (as the
 * reader makes it) and a text column whose kept cells are all numbers a
 * numeric one (a band's keeps its levels, and stays text).  ICSTAT_ENOMEM
 * when a new numeric column cannot be allocated. */
int icstat_table_keep_rows(icstat_table *t, const unsigned char *keep, icstat_error *err);

#endif
