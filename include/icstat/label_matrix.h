/* label_matrix.h — a square-ish table of numbers with labelled rows and
 * columns, as papers print a two-rater cross-table or a weight matrix.
 *
 * The first row holds a corner cell (empty or a name) and then the column
 * labels; each further row holds its row label and then one number per
 * column.  Labels are trimmed of surrounding white space.  The reader
 * checks the layout only; what the numbers may be (counts, weights) is
 * the caller's to check, naming row_line[i]. */
#ifndef ICSTAT_LABEL_MATRIX_H
#define ICSTAT_LABEL_MATRIX_H

#include <stddef.h>
#include "icstat/status.h"
#include "icstat/table.h"

typedef struct {
    char *path;         /* as given, for messages */
    char *corner;       /* the corner cell, trimmed ("" when empty) */
    size_t nrow, ncol;
    char **row_labels;  /* nrow, trimmed */
    char **col_labels;  /* ncol, trimmed */
    double *value;      /* nrow*ncol, row-major */
    long header_line;   /* line of the label row */
    long *row_line;     /* nrow: line of each row */
} icstat_label_matrix;

/* Read `path` ("-" for stdin).  Errors (ICSTAT_EDATA, naming file and
 * line): no label row or no row below it, an empty label, a label given
 * twice among the rows or among the columns (both lines or fields named),
 * a row whose field count differs from the label row's (both counts), a
 * cell that is empty or not a finite number (row and column labels
 * named); the reader's own (unreadable file, NUL, bad UTF-8, quotes). */
int icstat_label_matrix_read(const char *path, icstat_label_matrix **out, icstat_error *err);

void icstat_label_matrix_free(icstat_label_matrix *m);

/* Index of `label` among n labels (exact text), or -1. */
long icstat_label_index(char *const *labels, size_t n, const char *label);

/* Expand a two-rater cross-table into the wide table it summarises: one
 * row per unit (column "unit", numbered 1, 2, ... in the table's
 * row-major order), the row rater's category in column `row_rater` and
 * the column rater's in `col_rater`; each row's line is the line of the
 * table row its unit was counted on, so later messages point into the
 * table.  Errors (ICSTAT_EDATA, file:line): a count that is negative, not
 * a whole number or too large (over 100 million units in all), a table
 * without any unit. */
int icstat_crosstab_expand(const icstat_label_matrix *m, const char *row_rater,
                           const char *col_rater, icstat_table **out, icstat_error *err);

/* Expand a counts table (one row per unit: the unit column, `unit` or the
 * first when NULL, then one column per category headed by its label,
 * holding how many raters chose it) into a wide table: the unit column
 * and columns rater_1 .. rater_m (m the largest row total), unit i's
 * first count(1) cells the first category, and so on, the rest missing.
 * Which rater gave which rating is unknown, so this suits only
 * coefficients that are functions of the per-unit counts.  Rows keep
 * their lines.  Errors (ICSTAT_EDATA, file:line): no such unit column, no
 * category column, a count that is empty, negative, not a whole number or
 * too large, no unit with two ratings. */
int icstat_counts_expand(const icstat_table *t, const char *unit, icstat_table **out,
                         icstat_error *err);

#endif
