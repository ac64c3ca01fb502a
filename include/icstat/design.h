/* design.h — the model frame of `icstat fit`: outcome, design matrix and
 * groups, built from a table.
 *
 * Rows with a missing value in any column the model uses are dropped (and
 * counted).  Numeric columns enter as one design column each; text columns
 * and those named in `factors` enter as indicator columns for every level
 * but the reference (the first level in sorted order, or in a known
 * scale's order when the levels are its words (scale.h), or the one `refs`
 * names as "term=LEVEL").  With a group, rows are stored group by group
 * (groups in sorted order, rows in file order within a group).  Further
 * grouping columns (extra_groups) give further random intercepts, crossed
 * with the first or nested in it: the rows stay stored group by group of
 * the first, and each factor's level of each row is in gfactors.
 *
 * Terms are written in R's notation (design_interaction.c): "a:b" is the
 * interaction of a and b, "a*b" stands for a, b and a:b, "a*b*c" for every
 * main effect and interaction up to a:b:c.  An interaction's columns are
 * the products of its parts' columns (treatment-contrast indicators of a
 * categorical part, the number of a numeric one), the first part varying
 * fastest, named "gender=female:phase=Secondary", "pupils:phase=Secondary",
 * "pupils:fsm" (parts in the order written).  Every part must also be a
 * term, and for every categorical part F of an interaction T the term T
 * without F must be in the model (so that R's model.matrix codes F by
 * contrasts, as here).  Terms are in R's order: main effects (then
 * "previous"), two-way interactions, then higher, each in order of first
 * appearance.  A term that is the whole name of a column is that column,
 * ':' or '*' in it notwithstanding. */
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
    const char *const *extra_groups;   /* further random-intercept columns (with group) */
    size_t n_extra_groups;
    const char *lag_previous;          /* date column: add the group's previous outcome */
    const char *const *inspector_terms; /* terms that are inspector characteristics */
    size_t n_inspector_terms;
    icstat_design_labels labels;       /* for messages; zero: the field names */
} icstat_design_spec;

typedef struct {
    char *name;        /* column name, "previous", or an interaction "a:b" */
    int categorical;   /* its columns are 0/1 indicators of levels (an
                        * interaction: every part is categorical) */
    size_t n_levels;   /* categorical: levels[0] is the reference; an
                        * interaction's levels[1 + c] is column c's
                        * combination ("female:Secondary") and levels[0]
                        * "(reference)": any part at its reference level */
    char **levels;
    size_t first_col;  /* its design columns: [first_col, first_col + ncols) */
    size_t ncols;
    int group_level;   /* constant within every group (a fact of the data,
                        * not a claim that it describes the inspector); an
                        * interaction: all its parts are */
    size_t n_parts;    /* an interaction: its parts, indices into the design's
                        * terms (a main effect, or a part that is no term
                        * of its own: terms[n_terms + h]), in the order
                        * they first appear in the spec; a main effect: 0
                        * and NULL */
    size_t *parts;
    size_t *combo;     /* an interaction with columns dropped as aliased: the
                        * combination of its parts' coded columns (the first
                        * part fastest) each column stands for; NULL when
                        * column c is combination c */
    unsigned char *part_full; /* an interaction: 1 for a categorical part
                        * coded by an indicator of every level, 0 for one
                        * coded by its contrasts (R's rule: contrasts when
                        * the term without that part is in the model) */
    int inspector_level; /* named in inspector_terms (an interaction: all its parts
                          * are): an inspector characteristic */
} icstat_term;

/* One grouping factor (random intercept): its levels over the rows used,
 * sorted, and each row's level (in the design's row order). */
typedef struct {
    char *name;
    size_t n_levels;
    char **labels;     /* n_levels */
    size_t *level;     /* n: the row's level */
    size_t *count;     /* n_levels: rows at each level */
} icstat_gfactor;

/* How two grouping factors relate (icstat_design.nesting). */
typedef enum {
    ICSTAT_GROUPS_CROSSED = 0,  /* some level of each meets several levels of the other */
    ICSTAT_GROUPS_NESTED_21,    /* every level of the second lies within one of the first */
    ICSTAT_GROUPS_NESTED_12     /* every level of the first lies within one of the second */
} icstat_group_nesting;

typedef struct {
    size_t n;            /* rows used */
    size_t p;            /* design columns */
    size_t k;            /* outcome categories */
    int *y;              /* n outcome indices 0..k-1 */
    double *x;           /* n x p, row-major */
    char **col_names;    /* "x" or "x=LEVEL" */
    size_t n_terms;
    icstat_term *terms;  /* n_terms, then n_hidden parts of interactions that
                          * are no terms of their own ("pupils" in
                          * phase + pupils:phase): no design columns of their
                          * own; their values are in aux, from first_col */
    size_t n_hidden;
    double *aux;         /* n x n_aux, row-major: each hidden part's number,
                          * or an indicator of every level of it */
    size_t n_aux;
    char *outcome_name;  /* column name, or the binary condition */
    char **cat_labels;   /* k; "0","1" for a binary outcome */
    size_t *cat_count;   /* rows in each category */
    char *group_name;    /* NULL without a group */
    size_t n_groups;
    size_t *group_start; /* n_groups + 1 offsets into the rows */
    char **group_labels;
    size_t n_gfactors;   /* grouping factors: 0, 1 (group_* above) or more */
    icstat_gfactor *gfactors; /* every grouping factor, [0] the one of group_* (copies) */
    icstat_group_nesting nesting; /* with two factors */
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
 * and more than one for every two rows, an interaction column that is 0
 * in every row (a combination of levels never observed), collinear
 * terms, an unknown reference level, an unparseable date (with the reason when the shape
 * tells: a two-digit year, US order, a day that does not exist) or a date
 * column mixing dates and plain numbers, no rows left; with more than one
 * grouping factor, a factor with a single level, one whose every level
 * has a single row, or two that group the rows identically.
 * ICSTAT_EUSAGE, for a spec that cannot describe a model (the caller's
 * options, named by `labels`): a binary condition that does not parse,
 * `categories` naming a value twice, a grouping column named twice, a text
 * outcome without `categories`
 * or `scale` whose values are not the words of a known scale (which then
 * order it, scale.h), lag_previous without a group, a term listed twice
 * or also the outcome or the group, a factor not among the terms, a
 * reference that names no categorical main effect; in the notation of
 * terms: an empty name ("a:", "a**b"), a name twice in one term ("a:a"),
 * more than 8 names in a term or a product.  An interaction's part need
 * not be a term of its own: as in R, a categorical part is coded by its
 * contrasts when the interaction without it is in the model, and by an
 * indicator of every level otherwise, and an interaction column that is
 * then a combination of the thresholds and earlier columns (gender:phase
 * alone) is left out, with a note, as R's clm drops it as aliased.  Problems are found in the
 * order the model is built (the outcome, the group and dates, the terms,
 * the rows), so a problem of the file may be reported before one of the
 * spec.
 *
 * inspector_terms marks terms as characteristics of the group's members
 * (the inspector's gender, role), drawn with the inspector when agreement
 * between inspectors is computed (clm.h); a term that merely happens to be
 * constant within every group (a school's phase when inspectors
 * specialise) is not one; a name may be a part of an interaction only
 * (gender in gender:phase).  ICSTAT_EUSAGE when a name is neither;
 * ICSTAT_EDATA, with a group, when a term named there takes two values
 * within one group (the group, the two values and their lines named). */
int icstat_design_build(const icstat_table *t, const icstat_design_spec *spec,
                        icstat_design **out, icstat_error *err);
void icstat_design_free(icstat_design *d);

/* The term named `name`: a main effect by its name, an interaction by its
 * parts in any order ("phase:gender" finds gender:phase; spaces around the
 * parts are ignored).  -1 when there is none. */
long icstat_design_find_term(const icstat_design *d, const char *name);

/* Set main-effect categorical term `term` of design row xr (d->p values)
 * to level `level` (0 the reference): its indicator columns.  Follow with
 * icstat_design_fill_interactions when the design has interactions. */
void icstat_design_set_level(const icstat_design *d, double *xr, size_t term, size_t level);

/* Recompute every interaction column of design row xr from its
 * main-effect columns and aux, the row's values of the parts that are no
 * terms (d->aux + row * d->n_aux; NULL when d->n_aux is 0), after a
 * caller changed them (margins: each row set to a level, the interactions
 * following the row's other parts). */
void icstat_design_fill_interactions(const icstat_design *d, double *xr, const double *aux);

/* The part of interaction term `term` that is no term of its own, if
 * any (its index into d->terms, >= d->n_terms), or -1. */
long icstat_design_hidden_part(const icstat_design *d, size_t term);

/* ---- Terms named, and a model without some of them (design_drop.c) ---- */

/* Marginality: the index of a term of d that contains every component of
 * term t and more ("gender:phase" for "gender", "a:b:c" for "a:b"), the
 * first such; -1 when none, so that t may be dropped alone. */
long icstat_design_term_container(const icstat_design *d, size_t t);

/* The model without the terms drop[0..n_drop): the same rows, outcome,
 * groups, notes and everything else of `full`, whose memory it shares
 * (so it must not outlive `full`), with the design columns of the
 * dropped terms taken out and the other terms' first_col moved along.
 * Free it with icstat_design_drop_free, never icstat_design_free.
 * ICSTAT_EUSAGE for an index out of range; ICSTAT_ENOMEM. */
int icstat_design_drop(const icstat_design *full, const size_t *drop, size_t n_drop,
                       icstat_design **out, icstat_error *err);
void icstat_design_drop_free(icstat_design *reduced);

#endif
