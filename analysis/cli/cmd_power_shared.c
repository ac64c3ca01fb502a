/* cmd_power_shared.c — what `icstat power agree` and `icstat power fit`
 * share (cmd_power_internal.h): the seed range of the replicates, the
 * progress line, lists of numbers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "icstat/cli.h"
#include "icstat/seed.h"
#include "cmd_power_internal.h"

int icstat_cli_power_seed_check(const char *cmd, unsigned long seed, size_t reps)
{
    if (icstat_seed_fits(seed, reps))
        return 0;
    return icstat_cli_usage_error(cmd, "--seed %lu with --reps %zu would seed replicates up to "
                                  "%llu, past 4294967295 (replicate r uses seed + r); give a "
                                  "--seed of at most %lu",
                                  seed, reps, (unsigned long long)seed + reps - 1,
                                  ICSTAT_SEED_MAX - (reps - 1));
}

void icstat_cli_power_progress(size_t done, size_t total, void *ctx)
{
    if (done == total || done % (total / 50 ? total / 50 : 1) == 0)
        fprintf(stderr, "\rpower: %s: %zu/%zu simulated studies", (const char *)ctx, done, total);
    if (done == total)
        fputc('\n', stderr);
}

int icstat_cli_power_numbers(const char *s, double lo, double hi, double **v, size_t *n)
{
    *v = NULL;
    char **items = icstat_cli_split_list(s, n);
    if (!items)
        return icstat_cli_list_has_empty(s) ? -1 : -2;
    double *x = malloc((*n ? *n : 1) * sizeof *x);
    int st = x ? 0 : -2;
    for (size_t i = 0; st == 0 && i < *n; i++)
        if (icstat_cli_parse_double(items[i], &x[i]) != 0 ||
            (!isnan(lo) && !(x[i] >= lo && x[i] <= hi && x[i] == floor(x[i]))))
            st = -1;
    icstat_strv_free(items);
    if (st != 0) {
        free(x);
        return st;
    }
    *v = x;
    return 0;
}

int icstat_cli_power_reps(const char *cmd, const char *arg, size_t *reps, int *rc)
{
    if (icstat_cli_parse_size(arg, reps) == 0 && *reps >= 2 && *reps <= 10000000)
        return 0;
    *rc = icstat_cli_usage_error(cmd, "--reps must be a whole number from 2 to 10000000 (got "
                                 "'%s')", arg);
    return -1;
}

int icstat_cli_power_threads(const char *cmd, const char *arg, unsigned long *threads, int *rc)
{
    if (icstat_cli_parse_ulong(arg, threads) == 0 && *threads <= 1024)
        return 0;
    *rc = icstat_cli_usage_error(cmd, "--threads must be a whole number (got '%s')", arg);
    return -1;
}
