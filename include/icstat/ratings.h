/* ratings.h — who rated which unit in which category.
 *
 * Built from a table in wide form (one row per unit, one column per rater)
 * or long form (unit, rater, rating per row).  Categories are the sorted
 * distinct ratings (numeric order when every rating is a number, byte
 * order otherwise) unless the caller fixes them; every rating must then be
 * one of them.  Units with no rating at all are dropped and counted. */
#ifndef ICSTAT_RATINGS_H
#define ICSTAT_RATINGS_H

#include <stddef.h>
#include "icstat/status.h"
#include "icstat/table.h"

typedef struct {
    size_t n_units, n_raters, n_cat;
    char **unit_ids;     /* n_units labels */
    char **rater_names;  /* n_raters names */
    char **cat_labels;   /* n_cat labels, in category order */
    double *cat_values;  /* numeric value of each category (rank 1..q if not numeric) */
    int cat_numeric;     /* 1 when every category label is a number */
    int cat_ordered;     /* 1 when numeric or the order was given (--categories) */
    int *cat;            /* n_units * n_raters category indices, -1 = missing */
    size_t units_empty;  /* units dropped because nobody rated them */
} icstat_ratings;

/* Which columns to use and how to read the categories. */
typedef struct {
    const char *unit;           /* unit column; NULL = first column (wide) */
    const char *const *raters;  /* rater columns (wide); NULL = every other column */
    size_t n_raters;
    const char *long_unit;      /* long form when all three are non-NULL */
    const char *long_rater;
    const char *long_rating;
    const char *const *categories; /* fixed category order; NULL = sorted distinct */
    size_t n_categories;
} icstat_ratings_spec;

/* Build ratings from `t` as `spec` says.  Errors (ICSTAT_EDATA, naming the
 * file and line): no data rows, a named column that does not exist, fewer
 * than two rater columns, a rating not among fixed categories, a rating
 * written with a decimal comma or thousands separators when categories
 * are not fixed, a unit on two rows (both lines named) or a row without a
 * unit id in wide form, a repeated (unit, rater) pair or an empty unit or
 * rater in long form, no ratings at all. */
int icstat_ratings_from_table(const icstat_table *t, const icstat_ratings_spec *spec,
                              icstat_ratings **out, icstat_error *err);

void icstat_ratings_free(icstat_ratings *r);

#endif
