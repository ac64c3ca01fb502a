/* power.h — how many double inspections a reliability study needs, by
 * simulation.
 *
 * Two inspectors grade each of n schools.  The first inspector's grade
 * follows the category shares p; the second copies it with probability
 * rho and otherwise draws afresh from p, so both have margins p and the
 * chance of agreeing is A = rho + (1 - rho) sum p_k^2 (rho = Cohen's kappa
 * in the population).  Each replicate is analysed by the agreement engine
 * exactly as `icstat agree` would, and the replicates give the mean
 * estimate, its spread, the mean interval half-width and how often the
 * interval covers the population value.
 *
 * Replicate r draws from its own generator seeded with seed + r, so the
 * results do not depend on how many threads share the work.
 *
 * The power to detect an inspector characteristic (`icstat power fit`) is
 * in power_fit.h. */
#ifndef ICSTAT_POWER_H
#define ICSTAT_POWER_H

#include <stddef.h>
#include "icstat/agree.h"
#include "icstat/status.h"

#define ICSTAT_POWER_COEFS 3 /* percent_agreement, cohen_kappa, gwet_ac */

/* The study's numbers when `icstat power agree` is not told otherwise
 * (`icstat_power_agree_defaults d = ICSTAT_POWER_AGREE_DEFAULTS;`):
 *   designs: 24 schools, the size of Ofsted's (2017) study of double short
 *     inspections (22 of 24 agreed: datasets/published/
 *     ofsted2017_reliability.csv), then 50, 100, 200 and 400;
 *   replicates: 2000 per design, at which the Monte Carlo error of a
 *     coverage near 0.95 is about +-0.01 (1.96 sqrt(0.95 x 0.05 / 2000)). */
#define ICSTAT_POWER_AGREE_MAX_DEFAULT_DESIGNS 5

typedef struct {
    double schools[ICSTAT_POWER_AGREE_MAX_DEFAULT_DESIGNS]; /* the designs, in order */
    size_t n_designs;
    size_t reps;
} icstat_power_agree_defaults;

#define ICSTAT_POWER_AGREE_DEFAULTS {{24, 50, 100, 200, 400}, 5, 2000}

typedef struct {
    size_t k;
    const double *probs;  /* category shares, summing to 1 */
    double agreement;     /* population percent agreement A */
    size_t reps;
    unsigned long seed;
    double conf;
    int threads;          /* 0: as many as processors */
    icstat_progress_fn progress; /* called from one thread at a time, or NULL */
    void *progress_ctx;
} icstat_power_agree_spec;

typedef struct {
    const char *name;
    double truth;         /* population value */
    double mean, sd;      /* of the estimates over replicates where defined */
    double half_width;    /* mean half-width of the intervals the studies report */
    double spread;        /* z(1 - alpha/2) sd: the half-width the sampling
                           * distribution itself implies */
    double coverage;      /* share of intervals containing the truth */
    size_t undefined;     /* replicates where the estimate was NA */
} icstat_power_coef;

/* The name of coefficient c (0 to ICSTAT_POWER_COEFS - 1), as `icstat
 * agree` reports it: percent_agreement, cohen_kappa, gwet_ac. */
const char *icstat_power_coef_name(size_t c);

/* Simulate `spec->reps` designs of n schools.  Errors: shares not summing
 * to 1 or not positive, agreement below chance or above 1 (EUSAGE). */
int icstat_power_agree(const icstat_power_agree_spec *spec, size_t n,
                       icstat_power_coef out[ICSTAT_POWER_COEFS], icstat_error *err);

/* The population values of the coefficients (icstat_power_coef's truth,
 * without simulating): percent agreement A, Cohen's kappa (A - sum p^2) /
 * (1 - sum p^2) and Gwet's AC1.  Errors as icstat_power_agree's. */
int icstat_power_agree_population(const icstat_power_agree_spec *spec,
                                  double truth[ICSTAT_POWER_COEFS], icstat_error *err);

/* The population agreement A at which Cohen's kappa is `kappa` (0 to 1)
 * for shares probs[0..k-1]: A = kappa + (1 - kappa) sum p^2.  EUSAGE for
 * a kappa outside 0 to 1, which the design cannot draw. */
int icstat_power_agreement_at_kappa(size_t k, const double *probs, double kappa,
                                    double *agreement, icstat_error *err);

/* The smallest n (10 to max_n) whose sampling half-width (`spread`) for
 * coefficient c is at most `width`, by doubling from 10 then bisection.
 * The spread, not the reported intervals, decides: with very few schools
 * many studies show perfect agreement and a zero-width interval, so the
 * reported half-widths are not monotone in n and flatter small designs.
 * 0 when even max_n does not reach it. */
int icstat_power_agree_n(const icstat_power_agree_spec *spec, size_t c, double width,
                         size_t max_n, size_t *n_out, icstat_error *err);

#endif
