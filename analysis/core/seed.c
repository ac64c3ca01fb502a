/* seed.c — parsing and range of random seeds (see seed.h for why the
 * range is 1 to 2^32 - 1). */
#include <errno.h>
#include <stdlib.h>

#include "icstat/seed.h"

int icstat_seed_parse(const char *s, unsigned long *out)
{
    if (!s || *s < '0' || *s > '9')
        return -1;
    char *end;
    errno = 0;
    const unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v < 1 || v > ICSTAT_SEED_MAX)
        return -1;
    *out = (unsigned long)v;
    return 0;
}

int icstat_seed_fits(unsigned long seed, size_t n)
{
    const size_t more = n ? n - 1 : 0;
    return seed >= 1 && seed <= ICSTAT_SEED_MAX && more <= ICSTAT_SEED_MAX - seed;
}

int icstat_seed_check_replicates(unsigned long seed, size_t reps, icstat_error *err)
{
    if (reps < 2)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0, "at least two replicates, please");
    if (!icstat_seed_fits(seed, reps))
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "seed %lu with %zu replicates (seed + r for replicate r) "
                                "goes outside 1 to 4294967295", seed, reps);
    return ICSTAT_OK;
}
