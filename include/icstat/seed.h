/* seed.h — the one rule for random seeds (--seed, a spec's `seed =`).
 *
 * Every generator is GSL's Mersenne Twister (gsl_rng_mt19937), whose
 * gsl_rng_set keeps only the low 32 bits of the seed and reads 0 as its
 * default seed 4357.  So only 1 to 4294967295 name different streams:
 * 4294967297 would silently be seed 1, and 0 seed 4357.  Seeds outside
 * that range are refused rather than folded into it, and so are runs
 * whose replicates (seed + r) would go past its end. */
#ifndef ICSTAT_SEED_H
#define ICSTAT_SEED_H

#include <stddef.h>

#include "icstat/status.h"

#define ICSTAT_SEED_MAX 4294967295UL
/* For messages: "--seed must be " ICSTAT_SEED_RANGE " (got '...')". */
#define ICSTAT_SEED_RANGE "a whole number from 1 to 4294967295"

/* s, completely, as a seed from 1 to ICSTAT_SEED_MAX: 0, or -1 (*out
 * untouched) for anything else (signs, spaces, decimals, too large). */
int icstat_seed_parse(const char *s, unsigned long *out);

/* 1 when seeds seed, seed + 1, ..., seed + n - 1 (replicates) all lie in
 * the range; n = 0 counts as 1. */
int icstat_seed_fits(unsigned long seed, size_t n);

/* The replicates of a simulation study: at least two, seeded seed + r
 * for replicate r, every seed in the range.  ICSTAT_OK, or ICSTAT_EUSAGE
 * with the reason in err (a parameter the caller should have refused). */
int icstat_seed_check_replicates(unsigned long seed, size_t reps, icstat_error *err);

#endif
