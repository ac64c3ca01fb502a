/* agree_benchmark.h — benchmarking an agreement coefficient with
 * membership probabilities (Gwet 2014, Handbook of Inter-Rater
 * Reliability, 4th ed., ch. 6; irrCAC's landis.koch.bf, altman.bf,
 * fleiss.bf).
 *
 * A benchmark scale splits [-1, 1] into bands.  The coefficient is taken
 * as normal with its estimate as mean and its standard error as sd,
 * truncated to [-1, 1] (as irrCAC does: pnorm, not pt); each band's
 * membership probability is the mass that falls in it, and the band
 * reached is the highest band whose probability summed from the top band
 * down is at least 0.95. */
#ifndef ICSTAT_AGREE_BENCHMARK_H
#define ICSTAT_AGREE_BENCHMARK_H

#include <stddef.h>

typedef struct {
    const char *label;  /* for people and for the band reached: "Substantial" */
    const char *column; /* the result column of its probability: "p_substantial" */
    double low, high;   /* the band's bounds */
} icstat_benchmark_band;

typedef struct {
    const char *name;   /* as a user names it: "landis-koch" */
    const char *title;  /* for people: "Landis and Koch (1977)" */
    size_t n_bands;
    const icstat_benchmark_band *bands; /* the top band first, as irrCAC lists them */
} icstat_benchmark_scale;

/* The level of certainty the band reached must have (Gwet 2014, 6.3). */
#define ICSTAT_BENCHMARK_LEVEL 0.95

/* The scale called `name` exactly (landis-koch, altman, fleiss), or NULL. */
const icstat_benchmark_scale *icstat_benchmark_lookup(const char *name);

/* Every scale's name, comma separated, for a message or help text. */
const char *icstat_benchmark_names(void);

/* Membership probabilities of `coef` with standard error `se` on scale s:
 * prob[i] for band i (s->bands' order), cum[i] the sum of prob[0..i];
 * *reached is the index of the band reached, or s->n_bands when there is
 * none.  se 0 gives the limit as se falls to 0 (all the mass in the band
 * holding coef, split half and half at a bound).  A coefficient or se
 * that is NaN, a negative se, or a normal with no mass left in [-1, 1],
 * gives NaN probabilities and no band (an undefined coefficient is not an
 * error).  No allocation, no failure. */
void icstat_benchmark_compute(const icstat_benchmark_scale *s, double coef, double se,
                              double *prob, double *cum, size_t *reached);

#endif
