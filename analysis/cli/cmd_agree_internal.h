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

/* What the engines' messages and notes call agree's options ("--unit",
 * "--categories", ...); the unit tests show the same messages with it. */
extern const icstat_agree_names icstat_cmd_agree_names;

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

/* --kappa-range VALUE into a (cmd_agree_range.c): 0, or the exit status
 * of a usage error. */
int icstat_cmd_agree_range_option(const char *value, icstat_cmd_agree_args *a);

/* The smallest and largest Cohen's kappa of the 2 x 2 tables with
 * a->range_agreed of a->range_units agreeing, written as a->common says;
 * returns the exit status. */
int icstat_cmd_agree_kappa_range(const icstat_cmd_agree_args *a);

#endif
