/* result.h — a table of results and its writers.
 *
 * Engines' results are laid out as rows of typed cells; one set of writers
 * renders any of them as text (aligned, rounded for people), csv, tsv,
 * json or markdown.  Undefined numbers are NaN: NA in text, csv, tsv and
 * md, null in json.  Machine formats print numbers with %.10g.
 *
 * One rule for every format: the formats differ in how a cell is written,
 * never in whether it has a value.  A cell is NA in all or in none (a
 * command that thinks a number meaningless sets NaN, for every format);
 * text and md round (a number to its column's decimals, -0.000 as 0; a
 * p-value below 0.0001 as "<0.0001"), the machine formats keep %.10g.
 * A value that is zero but for rounding (zero.h) is set as 0 by the code
 * that computes it, so that no format shows its rounding error. */
#ifndef ICSTAT_RESULT_H
#define ICSTAT_RESULT_H

#include <stddef.h>
#include <stdio.h>
#include "icstat/status.h"

typedef enum {
    ICSTAT_FMT_TEXT = 0,
    ICSTAT_FMT_CSV,
    ICSTAT_FMT_TSV,
    ICSTAT_FMT_JSON,
    ICSTAT_FMT_MD
} icstat_format;

int icstat_format_lookup(const char *name); /* -1 when unknown */
const char *icstat_format_name(icstat_format fmt); /* "csv", ... */

typedef enum {
    ICSTAT_COL_TEXT, /* a string */
    ICSTAT_COL_NUM,  /* a number; text shows `digits` decimals */
    ICSTAT_COL_INT,  /* a count */
    ICSTAT_COL_P     /* a p-value; text shows "<0.0001" below that */
} icstat_col_kind;

typedef struct {
    const char *name;
    icstat_col_kind kind;
    int digits; /* decimals in text and md (ICSTAT_COL_NUM) */
} icstat_col_spec;

typedef struct icstat_result icstat_result;

/* cols is copied.  NULL when out of memory. */
icstat_result *icstat_result_alloc(const char *title, const icstat_col_spec *cols, size_t ncol);
void icstat_result_free(icstat_result *res);

/* Append an empty row (every cell NA); its index, or -1 when out of memory. */
long icstat_result_add_row(icstat_result *res);
void icstat_result_set_num(icstat_result *res, size_t row, size_t col, double v);
/* A p-value in a column of other numbers (fit's derived lr_p_value in
 * estimate): text and md show it as a p_value column would, "<0.0001"
 * below that, csv, tsv and json the number, as for every number. */
void icstat_result_set_p(icstat_result *res, size_t row, size_t col, double v);
/* Copies s; NULL means NA.  -1 when out of memory. */
int icstat_result_set_text(icstat_result *res, size_t row, size_t col, const char *s);
/* A cell as set: its number (NaN when NA or text) and its text (NULL
 * when NA or a number). */
double icstat_result_num(const icstat_result *res, size_t row, size_t col);
const char *icstat_result_text(const icstat_result *res, size_t row, size_t col);

/* A line shown under the table in text and md, and in json's "notes". */
int icstat_result_add_note(icstat_result *res, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
size_t icstat_result_n_notes(const icstat_result *res);
const char *icstat_result_note(const icstat_result *res, size_t i);

/* Reading a result back, for a result handed on as data (`icstat power
 * fit` reads each simulated data set into a table, table.h): its size,
 * a column's name, and cell (row, col) as csv and tsv write it before
 * quoting: text whole (the cell's own copy, valid while the cell is),
 * numbers with %.10g ("Inf", "-Inf", -0 as 0) in buf, "NA" when
 * undefined.  The writers use the same function, so the two agree. */
size_t icstat_result_nrow(const icstat_result *res);
size_t icstat_result_ncol(const icstat_result *res);
const char *icstat_result_col_name(const icstat_result *res, size_t col);
const char *icstat_result_csv_field(const icstat_result *res, size_t row, size_t col, char *buf,
                                    size_t len);

/* One csv field as RFC 4180 has it: as it is, or in double quotes with
 * its quotes doubled when it holds a comma, a quote or a line break. */
void icstat_csv_put_field(FILE *f, const char *s);

/* Render; returns ICSTAT_OK, ICSTAT_EIO when writing failed (check ferror)
 * or ICSTAT_ENOMEM when the text layout could not be allocated (nothing
 * is written then). */
int icstat_result_write(const icstat_result *res, FILE *f, icstat_format fmt);

#endif
