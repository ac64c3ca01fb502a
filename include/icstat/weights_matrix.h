/* weights_matrix.h — a user's own agreement weights (irrCAC's
 * weights = matrix, Stata kappaetc's wgt()), read as a labelled matrix
 * (label_matrix.h) and laid out in the order of the ratings' categories. */
#ifndef ICSTAT_WEIGHTS_MATRIX_H
#define ICSTAT_WEIGHTS_MATRIX_H

#include "icstat/label_matrix.h"
#include "icstat/ratings.h"
#include "icstat/status.h"

/* *w (q*q, row-major, owned by the caller) from m, its rows and columns
 * matched to r's categories by label (exact text, or the same number when
 * both are numbers: "2.0" is "2").  Errors (ICSTAT_EDATA, naming m's file
 * and line): a weight outside [0, 1], a diagonal weight other than 1, a
 * matrix that is not symmetric (both cells named), row labels that are
 * not the column labels, a category of the ratings that m lacks, a label
 * of m that is not a category of the ratings (`categories` names the
 * option that lists every category, or NULL). */
int icstat_weights_from_matrix(const icstat_label_matrix *m, const icstat_ratings *r,
                               const char *categories, double **w, icstat_error *err);

#endif
