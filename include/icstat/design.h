/* design.h — the model frame of `icstat fit`: outcome, design matrix and
 * groups, built from a table.
 *
 * Rows with a missing value in any column the model uses are dropped (and
 * counted).  Numeric columns enter as one design column each; text columns
 * and those named in `factors` enter as indicator columns for every level
 * but the reference (the first level in sorted order, or in a known
 * scale's order when the levels are its words (scale.h), or the one `refs`
 * names as "term=LEVEL").  With a group, rows are stored group by group
 * (groups in sorted order, rows in file order within a group). */
#ifndef ICSTAT_DESIGN_H
#define ICSTAT_DESIGN_H

#include <stddef.h>
#include "icstat/scale.h"
#include "icstat/status.h"
#include "icstat/table.h"

/* How the caller names each input of the spec in its messages: `icstat
 * fit` gives its options ("--outcome", "--binary", "--factor" ...), so that
 * an error names what the user typed.  The engine knows no command line; a
 * NULL field reads as the spec field's own name ("binary", "factors"). */
typedef struct {
    const char *outcome;
    const char *binary;
    const char *categories;
    const char *terms;
    const char *factors;
    const char *refs;
    const char *group;
    const char *lag_previous;
    const char *inspector_terms;
} icstat_design_labels;

typedef struct {
    const char *outcome;               /* outcome column (NULL with binary) */
    const char *const *categories;     /* outcome categories in order, or NULL */
    size_t n_categories;
    const icstat_scale *scale;         /* or the outcome's scale (scale.h), or NULL */
    const char *binary;                /* "COL>=3" etc.: outcome 1 when true, else 0 */
    const char *const *terms;
    size_t n_terms;
    const char *const *factors;        /* numeric columns to treat as categorical */
    size_t n_factors;
    const char *const *refs;           /* "term=LEVEL" reference levels */
    size_t n_refs;
    const char *group;                 /* random-intercept column, or NULL */
    const char *lag_previous;          /* date column: add the group's previous outcome */
    const char *const *inspector_terms; /* terms that are inspector characteristics */
    size_t n_inspector_terms;
    icstat_design_labels labels;       /* for messages; zero: the field names */
} icstat_design_spec;

typedef struct {
    char *name;        /* column name, or "previous" */
    int categorical;
    size_t n_levels;   /* categorical: levels[0] is the reference */
    char **levels;
    size_t first_col;  /* its design columns: [first_col, first_col + ncols) */
    size_t ncols;
    int group_level;   /* constant within every group (a fact of the data) */
    int inspector_level; /* named in inspector_terms: an inspector characteristic */
} icstat_term;

typedef struct {
    size_t n;            /* rows used */
    size_t p;            /* design columns */
    size_t k;            /* outcome categories */
    int *y;              /* n outcome indices 0..k-1 */
    double *x;           /* n x p, row-major */
    char **col_names;    /* "x" or "x=LEVEL" */
    size_t n_terms;
    icstat_term *terms;
    char *outcome_name;  /* column name, or the binary condition */
    char **cat_labels;   /* k; "0","1" for a binary outcome */
    size_t *cat_count;   /* rows in each category */
    char *group_name;    /* NULL without a group */
    size_t n_groups;
    size_t *group_start; /* n_groups + 1 offsets into the rows */
    char **group_labels;
    long *line;          /* file line of each row */
    size_t n_read;       /* rows in the table */
    size_t n_missing;    /* dropped for a missing value */
    size_t n_first;      /* dropped by lag_previous: a group's first row */
    size_t n_notes;
    char **notes;        /* things the reader should know (dropped rows etc.) */
} icstat_design;

/* Errors, ICSTAT_EDATA: no data rows, a column missing from the header,
 * a column the model uses (outcome, group, term, date) with no value in
 * any row, a value that is not a number in a mostly numeric outcome or
 * term not in `factors`, a value written with a decimal comma or
 * thousands separators ("3,5", "1,234") in the outcome or a term not in
 * `factors`, an outcome value not in `categories` (nor a word or code of
 * `scale`), fewer than two outcome categories or a listed category never
 * observed, a term without variation, a term with more than ten levels
 * and more than one for every two rows, collinear terms, an unknown
 * reference level, an unparseable date (with the reason when the shape
 * tells: a two-digit year, US order, a day that does not exist) or a date
 * column mixing dates and plain numbers, no rows left.
 * ICSTAT_EUSAGE, for a spec that cannot describe a model (the caller's
 * options, named by `labels`): a binary condition that does not parse,
 * `categories` naming a value twice, a text outcome without `categories`
 * or `scale` whose values are not the words of a known scale (which then
 * order it, scale.h), lag_previous without a group, a term listed twice
 * or also the outcome or the group, a factor not among the terms, a
 * reference that names no categorical term.  Problems are found in the
 * order the model is built (the outcome, the group and dates, the terms,
 * the rows), so a problem of the file may be reported before one of the
 * spec.
 *
 * inspector_terms marks terms as characteristics of the group's members
 * (the inspector's gender, role), drawn with the inspector when agreement
 * between inspectors is computed (clm.h); a term that merely happens to be
 * constant within every group (a school's phase when inspectors
 * specialise) is not one.  ICSTAT_EUSAGE when a name is not a term;
 * ICSTAT_EDATA, with a group, when a term named there takes two values
 * within one group (the group, the two values and their lines named). */
int icstat_design_build(const icstat_table *t, const icstat_design_spec *spec,
                        icstat_design **out, icstat_error *err);
void icstat_design_free(icstat_design *d);

#endif
