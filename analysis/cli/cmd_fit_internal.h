/* cmd_fit_internal.h — `icstat fit` in two steps, parse then run, so that
 * the option parser can be driven on its own (tests/fuzz/fuzz_fit_options.c)
 * and the run given inputs the caller chooses.  icstat_cmd_fit is the two
 * in a row. */
#ifndef ICSTAT_CMD_FIT_INTERNAL_H
#define ICSTAT_CMD_FIT_INTERNAL_H

#include <stddef.h>

#include "icstat/cli.h"
#include "icstat/clm.h"

/* What the options say.  Strings point into argv; the lists are owned. */
typedef struct {
    const char *outcome, *binary, *group, *join, *lag, *effects_path, *margins;
    const char *path; /* the input FILE */
    icstat_cli_common common;
    char **terms, **factors, **refs, **categories;
    size_t n_terms, n_factors, n_refs, n_categories;
    const icstat_scale *scale; /* --categories naming a scale (categories NULL) */
    icstat_clm_options opt;
    icstat_derive derive; /* --years-between, --band, --where */
} icstat_fit_args;

/* Parse argv (argv[0] the command's name) with getopt_long.  Returns 0
 * when the command should run, or -1 when it must stop with exit status
 * *rc: 0 after --help (printed on stdout), 1 after a usage error (already
 * reported on stderr).  Either way `a` must then go to icstat_fit_args_free. */
int icstat_fit_args_parse(int argc, char **argv, icstat_fit_args *a, int *rc);
void icstat_fit_args_free(icstat_fit_args *a);

/* Read, fit and write as `a` says; returns the exit status (messages on
 * stderr, results to a->common.out_path and a->effects_path). */
int icstat_fit_run(const icstat_fit_args *a);

#endif
