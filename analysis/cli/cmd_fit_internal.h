/* cmd_fit_internal.h — `icstat fit` in two steps, parse then run, so that
 * the option parser can be driven on its own (tests/fuzz/fuzz_fit_options.c)
 * and the run given inputs the caller chooses.  icstat_cmd_fit is the two
 * in a row.  Its three files: the options (cmd_fit_options.c), the run
 * (cmd_fit.c) and the tables it writes (cmd_fit_report.c). */
#ifndef ICSTAT_CMD_FIT_INTERNAL_H
#define ICSTAT_CMD_FIT_INTERNAL_H

#include <stddef.h>

#include "icstat/cli.h"
#include "icstat/clm.h"
#include "icstat/design.h"
#include "icstat/result.h"

/* What the options say.  Strings point into argv; the lists are owned. */
typedef struct {
    const char *outcome, *binary, *group, *join, *lag, *effects_path, *margins;
    const char *path; /* the input FILE */
    icstat_cli_common common;
    char **terms, **factors, **refs, **categories, **inspector_terms;
    size_t n_terms, n_factors, n_refs, n_categories, n_inspector_terms;
    char **groups;     /* --group, each given and comma lists: one random intercept each */
    size_t n_groups;   /* group is groups[0] */
    int quad_given;    /* --quad was given (with two groups, the default 7 means Laplace) */
    int margins_tails; /* --margins-tails */
    char *effects_split; /* --effects G=FILE,..: a copy, split in place */
    const char **effects_for; /* n_groups: each factor's --effects file, or NULL; NULL when
                               * --effects is one file (effects_path) */
    char **tests;     /* --test: term names, or the one word "all" */
    size_t n_tests;
    int nominal_test; /* --nominal-test */
    const icstat_scale *scale; /* --categories naming a scale (categories NULL) */
    icstat_clm_options opt;
    icstat_derive derive; /* --years-between, --band, --where */
} icstat_fit_args;

/* Parse argv (argv[0] the command's name) with getopt_long.  Returns 0
 * when the command should run, or -1 when it must stop with exit status
 * *rc: 0 after --help (printed on stdout), 1 after a usage error (already
 * reported on stderr).  Either way `a` must then go to icstat_fit_args_free. */
int icstat_fit_args_parse(int argc, char **argv, icstat_fit_args *a, int *rc);

/* Whether --terms names the variable `name`: as a term, or as a part of
 * an interaction ("gender" in gender*phase or gender:phase). */
int fit_terms_mention(const icstat_fit_args *a, const char *name);
void icstat_fit_args_free(icstat_fit_args *a);

/* Read, fit and write as `a` says, `a` as icstat_fit_args_parse accepted
 * it (--join is FILE:KEY); returns the exit status (messages on stderr,
 * results to a->common.out_path and a->effects_path). */
int icstat_fit_run(const icstat_fit_args *a);

/* What the tables of one run are made from. */
typedef struct {
    const icstat_design *d;
    const icstat_clm_fit *fit;
    const icstat_clm_summary *s; /* the numbers, at the run's --conf */
    icstat_link link;
    int quad;
    const char *path;            /* the input, as the titles name it */
    int lag;                     /* --lag-previous was given */
    const icstat_derive *derive; /* for the --where note */
    const icstat_clm_tests *tests;   /* --test, or NULL */
    const icstat_clm_tests *nominal; /* --nominal-test, or NULL */
    int margins_tails;           /* --margins-tails: the margins' tail rows too */
    double conf;                     /* --conf: the level of every interval */
} fit_report;

/* The tables for the output (-o): for people (human: text, md) the
 * parameters, the fit statistics and (mixed) what the random effect means,
 * then the margins when mg is given; for csv, tsv and json the contract's
 * one table, or the margins table (term margin_term) in its place.  Puts
 * them in res[0..*nres); -1 when out of memory (the caller frees res[]
 * either way, up to FIT_MAX_TABLES). */
int fit_model_tables(const fit_report *r, int human, const icstat_clm_margins *mg,
                     size_t margin_term, icstat_result **res, size_t *nres);

/* The tests of terms (cmd_fit_tests.c).  fit_test_terms: the design's
 * indices of the terms --test names, "all" being every term no
 * interaction contains, into a new array *terms (n in *n); the exit
 * status of a usage error (a name that is no term, a term inside an
 * interaction), 0, or that of out of memory.  fit_test_rows: the machine
 * table's test and nominal_test rows, and notes with each test's degrees
 * of freedom and what else it needs said.  fit_test_tables: the tables
 * for people, appended to res[*nres..].  Both -1 when out of memory. */
int fit_test_terms(const icstat_fit_args *a, const icstat_design *d, size_t **terms, size_t *n);
int fit_test_rows(icstat_result *res, const fit_report *r);
int fit_test_tables(const fit_report *r, icstat_result **res, size_t *nres);
#define FIT_MAX_TABLES 6

/* The --effects table: each group's conditional mode, sd, interval and
 * rank, of grouping factor `factor` (its index among the design's; 0
 * with one), or with FIT_EFFECTS_ALL of every factor in one table whose
 * first column, factor, names it (with one factor, the table of factor 0,
 * without that column).  NULL when out of memory. */
#define FIT_EFFECTS_ALL ((size_t)-1)
icstat_result *fit_effects_table(const fit_report *r, int human, size_t factor);

/* The effects file's format from its extension (.csv, .tsv, .json, .md),
 * so a text report can come with a csv for charts; otherwise fallback. */
icstat_format fit_effects_format(const char *path, icstat_format fallback);

#endif
