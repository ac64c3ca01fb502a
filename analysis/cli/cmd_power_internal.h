/* cmd_power_internal.h — the two designs of `icstat power`, agree
 * (cmd_power_agree.c) and fit (cmd_power_fit.c), for the dispatcher
 * icstat_cmd_power (cmd_power.c), and what the two share. */
#ifndef ICSTAT_CMD_POWER_INTERNAL_H
#define ICSTAT_CMD_POWER_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "icstat/cli.h"

/* `icstat power agree ...` and `icstat power fit ...`, argv[0] the
 * design's name; the exit status.  Their --help texts, which `icstat
 * power --help` prints one after the other. */
int icstat_cmd_power_agree(int argc, char **argv);
int icstat_cmd_power_fit(int argc, char **argv);
void icstat_cmd_power_agree_usage(FILE *f);
void icstat_cmd_power_fit_usage(FILE *f);

/* `icstat power fit` in two steps, as `icstat fit` (cmd_fit_internal.h):
 * the options parsed and checked (cmd_power_fit.c), then the run
 * (cmd_power_fit_run.c).  Strings point into argv; the lists are owned;
 * NULL, NaN or -1 where an option was not given and the default depends
 * on the model (the spec's, else ICSTAT_POWER_FIT_DEFAULTS). */
typedef struct {
    const char *spec_path, *term;
    double *probs, *inspections, *inspectors;
    size_t k, n_inspections, n_inspectors;
    double odds_ratio, share, sd, alpha;
    size_t reps, quad;
    unsigned long seed, threads;
    int link;
    icstat_cli_common common;
} icstat_cmd_power_fit_args;

/* Parse argv (argv[0] "fit") and check every option, alone and against
 * the others, before anything is read.  0 to run, or -1 to stop with
 * exit status *rc (0 after --help).  Either way `a` then goes to
 * icstat_cmd_power_fit_args_free. */
int icstat_cmd_power_fit_parse(int argc, char **argv, icstat_cmd_power_fit_args *a, int *rc);
void icstat_cmd_power_fit_args_free(icstat_cmd_power_fit_args *a);

/* Read the spec (or make the --odds-ratio model), simulate every design
 * and write the table; the exit status. */
int icstat_cmd_power_fit_run(const icstat_cmd_power_fit_args *a);

/* The engines' progress callback on a terminal: "power: LABEL: done/total
 * simulated studies" on stderr, rewritten in place about 50 times, with a
 * line break at the end; ctx is the label. */
void icstat_cli_power_progress(size_t done, size_t total, void *ctx);

/* A comma list of numbers into *v (owned, *n of them), whole ones from lo
 * to hi unless lo is NaN: 0, -1 when an item is not such a number (or is
 * empty), -2 when out of memory (*v NULL then). */
int icstat_cli_power_numbers(const char *s, double lo, double hi, double **v, size_t *n);

/* Replicate r is seeded with seed + r, so the last one must still be a
 * seed (seed.h): past 2^32 - 1 it would repeat the first replicates.  0,
 * or the exit status of a usage error. */
int icstat_cli_power_seed_check(const char *cmd, unsigned long seed, size_t reps);

/* --reps (a whole number from 2 to 10,000,000) and --threads (up to 1024)
 * into *reps, *threads: 0, or -1 with *rc the exit status of the usage
 * error. */
int icstat_cli_power_reps(const char *cmd, const char *arg, size_t *reps, int *rc);
int icstat_cli_power_threads(const char *cmd, const char *arg, unsigned long *threads, int *rc);

#endif
