/* ratings.h — who rated which unit in which category.
 *
 * Built from a table in wide form (one row per unit, one column per rater)
 * or long form (unit, rater, rating per row).  Categories are the distinct
 * ratings, in numeric order when every rating is a number, in a known
 * scale's order when every rating is one of its words (scale.h: "Good",
 * "good" and " Good" are then one category, labelled "Good", valued by its
 * code), and in byte order otherwise, which is no order: such categories
 * are not cat_ordered.  The caller may fix them as a list or as a scale
 * (all its categories, valued 1..k); every rating must then be one of
 * them.  Units with no rating at all are dropped and counted.  Ratings are
 * trimmed of surrounding white space ("Good " is "Good"), and counted
 * when that changed them; labels that differ only in case stay two
 * categories, and the first such pair is named for a note. */
#ifndef ICSTAT_RATINGS_H
#define ICSTAT_RATINGS_H

#include <stddef.h>
#include "icstat/scale.h"
#include "icstat/status.h"
#include "icstat/table.h"

typedef struct {
    size_t n_units, n_raters, n_cat;
    char **unit_ids;     /* n_units labels */
    char **rater_names;  /* n_raters names */
    char **cat_labels;   /* n_cat labels, in category order */
    double *cat_values;  /* numeric value of each category (rank 1..q if not numeric) */
    int cat_numeric;     /* 1 when every category label is a number */
    int cat_ordered;     /* 1 when numeric, a known scale's or given by the caller */
    const icstat_scale *cat_scale; /* the categories are this scale's, valued by
                                    * its codes; NULL otherwise */
    int *cat;            /* n_units * n_raters category indices, -1 = missing */
    size_t units_empty;  /* units dropped because nobody rated them */
    int cat_ranks_of_numbers; /* 1 when the caller fixed numeric categories out of
                               * increasing order: cat_values are then their ranks
                               * in the given order, not the numbers */
    size_t n_trimmed;    /* ratings that had surrounding white space, removed */
    long case_twin[2];   /* two categories whose labels differ only in (ASCII)
                          * case, or -1, -1 */
} icstat_ratings;

/* What the caller calls its choices, for the messages (and notes) that
 * say what to change: a command fills in its option names ("--unit",
 * "--categories", ...).  A NULL pointer or field gives plain words ("the
 * categories") or leaves the hint out, for callers with no options. */
typedef struct {
    const char *unit, *raters, *long_form, *categories; /* how ratings are read */
    const char *weights, *alpha_metric, *icc;           /* agree.h's options */
} icstat_agree_names;

/* Which columns to use and how to read the categories. */
typedef struct {
    const char *unit;           /* unit column; NULL = first column (wide) */
    const char *const *raters;  /* rater columns (wide); NULL = every other column */
    size_t n_raters;
    const char *long_unit;      /* long form when all three are non-NULL */
    const char *long_rater;
    const char *long_rating;
    const char *const *categories; /* fixed category order; NULL = distinct ratings */
    size_t n_categories;
    const icstat_scale *scale;     /* or every category of this scale (categories NULL) */
    const icstat_agree_names *names; /* what messages call the choices above */
} icstat_ratings_spec;

/* Build ratings from `t` as `spec` says.  Errors (ICSTAT_EDATA, naming the
 * file and line): no data rows, a named column that does not exist, fewer
 * than two rater columns, a rater column named twice, a rating not among
 * fixed categories (nor a word or code of the scale), a rating
 * written with a decimal comma or thousands separators when categories
 * are not fixed, a unit on two rows (both lines named) or a row without a
 * unit id in wide form, a repeated (unit, rater) pair or an empty unit or
 * rater in long form, no ratings at all.  ICSTAT_EUSAGE: the unit column
 * named as a rater (which, with the unit the first column by default,
 * only the header tells); fixed categories that repeat one (from
 * icstat_categories_check; a command checks its list before reading). */
int icstat_ratings_from_table(const icstat_table *t, const icstat_ratings_spec *spec,
                              icstat_ratings **out, icstat_error *err);

/* The ratings of some units by some raters: units[0..n_units) and
 * raters[0..n_raters) index r's (in the order given), the categories are
 * r's (all of them, used or not, so that weights and chance agreement
 * mean the same in every subset).  A unit that none of the kept raters
 * rated is dropped and counted in units_empty.  ICSTAT_EDATA when no
 * rating is left (the message names `what`, e.g. "level 'Primary'");
 * ICSTAT_ENOMEM. */
int icstat_ratings_subset(const icstat_ratings *r, const size_t *units, size_t n_units,
                          const size_t *raters, size_t n_raters, const char *what,
                          icstat_ratings **out, icstat_error *err);

void icstat_ratings_free(icstat_ratings *r);

#endif
