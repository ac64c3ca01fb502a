/* cmd_agree_internal.h — `icstat agree` in two steps, as fit is: the
 * options parsed and checked together before any file is opened
 * (cmd_agree.c), then the run: read, call the engines, lay out the tables
 * and write them (cmd_agree_run.c). */
#ifndef ICSTAT_CMD_AGREE_INTERNAL_H
#define ICSTAT_CMD_AGREE_INTERNAL_H

#include <stddef.h>

#include "icstat/agree.h"
#include "icstat/agree_benchmark.h"
#include "icstat/cli.h"
#include "icstat/result.h"
#include "icstat/table.h"

/* What the engines' messages and notes call agree's options ("--unit",
 * "--categories", ...); the unit tests show the same messages with it. */
extern const icstat_agree_names icstat_cmd_agree_names;

/* The columns every agreement table starts with, coefficient to
 * ci_method: the coefficient table's and --kappa-range's. */
#define ICSTAT_CMD_AGREE_LEAD_COLS                                                   \
    {"coefficient", ICSTAT_COL_TEXT, 0}, {"estimate", ICSTAT_COL_NUM, 4},             \
        {"se", ICSTAT_COL_NUM, 4}, {"ci_low", ICSTAT_COL_NUM, 4},                     \
        {"ci_high", ICSTAT_COL_NUM, 4}, {"p_value", ICSTAT_COL_P, 0},                 \
        {"pa", ICSTAT_COL_NUM, 4}, {"pe", ICSTAT_COL_NUM, 4},                         \
        {"units", ICSTAT_COL_INT, 0}, {"raters", ICSTAT_COL_INT, 0},                  \
        {"weights", ICSTAT_COL_TEXT, 0}, {"ci_method", ICSTAT_COL_TEXT, 0}

/* --alpha-min's replicates when --alpha-bootstrap is not given. */
#define ICSTAT_CMD_AGREE_ALPHA_REPS 20000

/* What the options say.  Strings point into argv; the lists are owned. */
typedef struct {
    const char *path;          /* the input FILE */
    const char *unit;          /* --unit */
    char **raters, **longcols, **categories; /* --raters, --long, --categories */
    size_t n_raters, n_long, n_categories;
    const icstat_scale *scale; /* --categories naming a scale (categories NULL) */
    size_t boot;               /* --bootstrap replicates, 0 = none */
    unsigned long seed;        /* --seed */
    size_t alpha_boot;         /* --alpha-bootstrap replicates, 0 = none */
    double alpha_min;          /* --alpha-min, NaN = none */
    int table;                 /* --table */
    int crosstab, counts;      /* --crosstab, --counts: FILE is a two-rater table or
                                * counts per unit and category */
    const char *weights_path;  /* --weights FILE: the user's weight matrix */
    const icstat_benchmark_scale *benchmark; /* --benchmark SCALE, NULL = none */
    const char *by;            /* --by COL: one block of coefficients per level */
    const char *ref;           /* --ref LEVEL: the reference level of --compare */
    int compare;               /* --compare: differences; machine formats carry them */
    char **paired[2];          /* --paired A,B:C,D: two sets of raters on the same units */
    size_t n_paired[2];
    icstat_agree_options opt;  /* --weights, --alpha-metric, --icc, --conf; opt.names
                                * says what the engines' messages call the options */
    icstat_cli_common common;  /* --format, -o, --conf */
    icstat_derive derive;      /* --years-between, --band, --where */
    int kappa_range;           /* --kappa-range AGREED/TOTAL given: no FILE */
    size_t range_agreed, range_units;
} icstat_cmd_agree_args;

/* Read, estimate and write as `a` says (its options checked; a->derive
 * records what --where left out); returns the exit status, with any
 * message on stderr. */
int icstat_cmd_agree_run(icstat_cmd_agree_args *a);

/* What the run (cmd_agree_run.c) shares with --by and --paired
 * (cmd_agree_groups.c). */
/* Read FILE (as --crosstab or --counts say), then derive and filter its
 * rows (--years-between, --band, --where). */
int icstat_cmd_agree_read(icstat_cmd_agree_args *a, icstat_table **t, icstat_error *err);
/* The ratings of t as `a` says, by the rater columns `raters` (wide;
 * NULL: every column but the unit). */
int icstat_cmd_agree_ratings_of(const icstat_cmd_agree_args *a, const icstat_table *t,
                                const char *const *raters, size_t n_raters, icstat_ratings **r,
                                icstat_error *err);
/* --weights FILE in r's category order into a->opt (*w owns it). */
int icstat_cmd_agree_weights_file(icstat_cmd_agree_args *a, const icstat_ratings *r, double **w,
                                  icstat_error *err);
/* The coefficients of r, then --bootstrap's and --alpha-bootstrap's
 * intervals, each from a->seed. */
int icstat_cmd_agree_estimate(const icstat_cmd_agree_args *a, const icstat_ratings *r,
                              icstat_agree_result **out, icstat_error *err);
/* An empty coefficient table of FILE `path`: group NULL is the plain
 * table; "COL = LEVEL" names a group's block in its title; "" adds a
 * first column `group` (machine formats).  NULL when out of memory. */
icstat_result *icstat_cmd_agree_coef_table(const icstat_agree_result *a,
                                           const icstat_cmd_agree_args *args, const char *path,
                                           const char *group);
/* a's rows into res (after the group column, filled with `group`, when
 * not NULL); the notes on its rows, its caveats, --benchmark's note, the
 * run's notes (--where, input).  Each 0, or -1 when out of memory. */
int icstat_cmd_agree_coef_rows(icstat_result *res, const icstat_agree_result *a,
                               const icstat_cmd_agree_args *args, const char *group);
int icstat_cmd_agree_coef_notes(icstat_result *res, const icstat_agree_result *a,
                                const char *prefix);
int icstat_cmd_agree_caveats(icstat_result *res, const icstat_agree_result *a,
                             const icstat_cmd_agree_args *args, const char *prefix);
int icstat_cmd_agree_bench_note(icstat_result *res, const icstat_cmd_agree_args *args);
int icstat_cmd_agree_run_notes(icstat_result *res, const icstat_cmd_agree_args *args,
                               const icstat_ratings *r, const char *omitted);

/* --by or --paired: read, group, estimate, compare and write; the exit
 * status, with any message on stderr. */
int icstat_cmd_agree_groups_run(icstat_cmd_agree_args *a);

/* --kappa-range VALUE into a (cmd_agree_range.c): 0, or the exit status
 * of a usage error. */
int icstat_cmd_agree_range_option(const char *value, icstat_cmd_agree_args *a);

/* The smallest and largest Cohen's kappa of the 2 x 2 tables with
 * a->range_agreed of a->range_units agreeing, written as a->common says;
 * returns the exit status. */
int icstat_cmd_agree_kappa_range(const icstat_cmd_agree_args *a);

#endif
