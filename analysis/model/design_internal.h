/* design_internal.h — what the files of icstat_design_build share: the
 * state its phases work on (design.c), and the phases kept in files of
 * their own: the outcome (design_outcome.c) and the previous judgement
 * (design_lag.c). */
#ifndef ICSTAT_DESIGN_INTERNAL_H
#define ICSTAT_DESIGN_INTERNAL_H

#include <stddef.h>
#include "icstat/design.h"
#include "icstat/factor.h"

#define DESIGN_NOMEM(err) icstat_error_set((err), ICSTAT_ENOMEM, NULL, 0, "out of memory")

/* Where one term's values come from. */
typedef struct {
    long col;          /* table column, -1 for "previous" */
    int categorical;
    icstat_factor f;   /* categorical levels */
} design_source;

/* One interaction of the model while it is built: its name
 * ("gender:phase", the parts in the order they first appear in the spec,
 * as R names terms), its parts as term indices (a main effect's is its
 * own; a part that is no term of its own is nt + its index in hidden) and
 * how each is coded (design_code_parts). */
typedef struct {
    char *name;
    size_t n_parts;
    size_t *parts;
    unsigned char *full; /* 1: an indicator of every level; 0: contrasts */
} design_inter;

/* One build: its inputs, the design being filled (freed on failure) and
 * the per-row scratch the phases hand on to each other.  Arrays of N are
 * indexed by table row; every field is zero, NULL or -1 until its phase. */
typedef struct {
    const icstat_table *t;
    const icstat_design_spec *spec;
    icstat_design_labels lab; /* spec->labels, every NULL as its field's name */
    icstat_error *err;
    icstat_design *d;
    size_t N;                 /* rows in the table */
    long *ycode;              /* outcome category, -1 missing */
    long gcol;                /* group column, -1 without a group */
    long *xgcol;              /* spec->n_extra_groups further group columns */
    long *prev;               /* lag_previous: the previous row's category, -1 none */
    unsigned char *first;     /* lag_previous: 1 for a group's first row */
    size_t *seq, nseq;        /* lag_previous: rows with a group and date, in time order */
    unsigned char *use;       /* 1 for a row the model keeps */
    size_t nt;                /* terms: main effects, "previous", interactions */
    char **mains;             /* the main effects' names, in R's order */
    size_t n_mains;
    design_inter *inter;      /* the interactions, in R's order */
    size_t n_inter;
    size_t nsrc;              /* terms with a source: n_mains, + 1 with "previous" */
    char **hidden;            /* parts of interactions that are no terms */
    size_t n_hidden;
    design_source *src;       /* nsrc, then n_hidden (the hidden parts') */
    icstat_factor gf;         /* the group's levels over the rows kept */
    size_t *order;            /* d->n rows kept, in the model's order */
} design_ctx;

/* ---- column checks (design_column.c) ---- */

/* The table column `name`, or -1 with "no WHAT column 'NAME' in the
 * header" in ctx->err. */
long design_column(const design_ctx *c, const char *name, const char *what);

/* ICSTAT_OK unless column col has no value in any row; then an error
 * naming its role ("a term", or a label), rather than "no rows left" once
 * every row was dropped. */
int design_all_missing(const design_ctx *c, long col, const char *role);

/* Checks of a column that should hold numbers: the first value written
 * with a decimal comma or thousands separators (with how to write it,
 * then or_else), and the first that is not a number (then hint); whether
 * most values are numbers. */
int design_comma_number(const design_ctx *c, const icstat_column *col, const char *or_else);
int design_not_numeric(const design_ctx *c, const icstat_column *col, const char *hint);
int design_mostly_numeric(const icstat_table *t, const icstat_column *col);

/* ---- terms in R's notation (design_interaction.c) ---- */

/* ctx->mains, inter, nt, nsrc and src from the spec's terms, "a*b" and
 * "a:b" expanded, sorted in R's order; usage errors for what does not
 * parse or is not a model R's coding by contrasts would give. */
int design_expand_terms(design_ctx *c);

/* After find_terms (categorical known): how each part of each
 * interaction is coded, by R's rule: a categorical part F of interaction T
 * by contrasts when T without F is in the model, else by an indicator of
 * every level. */
int design_code_parts(design_ctx *c);

/* ---- collinear and aliased columns (design_collinear.c) ---- */

/* Interaction columns that are combinations of the thresholds and the
 * earlier columns, dropped as R's clm drops them (aliased), each with a
 * note; a main-effect column that is such a combination is refused
 * (collinear terms).  After fill_matrix. */
int design_drop_aliased(design_ctx *c);

/* The interaction terms of d->terms (after the main effects, columns from
 * *p on; *p advanced): name, parts, columns, levels. */
int design_interaction_terms(design_ctx *c, size_t *p);

/* The interaction columns' names ("gender=female:phase=Secondary"). */
int design_interaction_names(design_ctx *c);

/* After the matrix is filled: an interaction column that is 0 in every
 * row (a combination never observed) or too large is refused; an
 * interaction is group-level when all its parts are. */
int design_check_interactions(design_ctx *c);

/* ctx->ycode, d->outcome_name, d->k and d->cat_labels from the outcome
 * column or the binary condition (design_outcome.c). */
int design_code_outcome(design_ctx *c);

/* ---- grouping factors beyond the first (design_groups.c) ---- */

/* The further group columns (ctx->xgcol): found, not all missing, none
 * named twice nor the same as the first. */
int design_find_extra_groups(design_ctx *c);

/* Whether name is a grouping column (the first or a further one). */
int design_is_group(const design_ctx *c, const char *name);

/* Whether table row i has a value in every grouping column. */
int design_has_groups(const design_ctx *c, size_t i);

/* d->gfactors and d->nesting, once the rows are in the model's order
 * (order_rows); refuses factors that cannot be estimated together. */
int design_code_groups(design_ctx *c);

/* The notes on further factors: single-row levels, nesting. */
int design_group_notes(design_ctx *c);

/* ctx->prev, first, seq and nseq: each row's previous judgement in its
 * group's time order (design_lag.c).  Needs ycode and gcol. */
int design_code_previous(design_ctx *c);

#endif
