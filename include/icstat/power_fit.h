/* power_fit.h — the power to detect an inspector (or school)
 * characteristic, by simulation.
 *
 * The model is a simulate spec (simulate.h): inspectors and inspections,
 * their characteristics and shares, the cumulative link model with an
 * inspector random intercept that turns them into grades.  Each replicate
 * draws a data set from the spec (with the design's numbers of inspections
 * and inspectors and its inspector sd) and analyses it exactly as
 *     icstat simulate | icstat fit --outcome grade --terms ALL
 *         --factor LEVELLED --ref NAME=FIRST,... --group inspector
 *         [--lag-previous inspection_date] --quad Q
 * would: the inspections table is read as the csv reader would read it
 * (table.h: icstat_table_from_fields, the same table the csv text would
 * give, without the text), the model frame is built with every characteristic of the spec as a term (those
 * with levels as categories, the spec's first level the reference, so the
 * coefficients are the spec's effects), the inspector as the group, and
 * the inspector's previous grade when the spec has `effect previous[...]`,
 * and the mixed model is fitted (also when the spec's sd is 0: the fit
 * handles the boundary).  For each design column of the tested
 * characteristic (NAME=LEVEL for each level but the first; NAME for a
 * numeric one) the replicates give the mean estimate and its sd, the mean
 * standard error, the coverage of the Wald intervals at `conf`, and the
 * power: the share of replicates whose two-sided Wald test (p from
 * 2 Q(|z|), as `icstat fit` reports p_value) rejects at `alpha`.
 *
 * A replicate that cannot be analysed (simulate, model frame or fit
 * fails: separation, no convergence, one category, a level never drawn)
 * counts as not rejecting; it is counted in `failed`, and the message of
 * the lowest-numbered such replicate is kept.
 *
 * Replicate r draws from a Mersenne Twister seeded with seed + r, the same
 * for every design (common random numbers), and the replicates are
 * summarised in replicate order, so the results do not depend on how many
 * threads share the work.  The engines called are reentrant (no mutable
 * static state); the caller must have turned GSL's abort-on-error handler
 * off (gsl_set_error_handler_off(), as main() does), since a replicate may
 * meet a singular matrix. */
#ifndef ICSTAT_POWER_FIT_H
#define ICSTAT_POWER_FIT_H

#include <stddef.h>
#include "icstat/agree.h" /* icstat_progress_fn */
#include "icstat/link.h"
#include "icstat/simulate.h"
#include "icstat/status.h"

/* The study's numbers when `icstat power fit` is not told otherwise
 * (`icstat_power_fit_defaults d = ICSTAT_POWER_FIT_DEFAULTS;`); a spec
 * file's own sizes and inspector sd come before the design and sd here.
 *   grade shares of an average inspector without the characteristic:
 *     8/57/30/5% (Outstanding, Good, Requires improvement, Inadequate),
 *     roughly the primary-school shares of Bokhove, Jerrim & Sims (2023):
 *     male lead inspectors 8.2/58.7/28.6/4.5%, female 7.8/55.9/30.5/5.9%
 *     (datasets/published/bokhove2023_primary_by_gender.csv);
 *   the design: their whole sample, 35,751 inspections led by 1,376
 *     inspectors (datasets/README.md);
 *   inspector sd: 0.5 on the link scale, an assumption (no published
 *     figure);
 *   200 replicates per design, at which the Monte Carlo error of a power
 *     near 0.8 is about +-0.055 (1.96 sqrt(0.8 x 0.2 / 200));
 *   a two-sided Wald test at 0.05; the logit link, `icstat fit`'s
 *     default; the Laplace approximation (1 quadrature point; `icstat
 *     fit` defaults to 7). */
#define ICSTAT_POWER_FIT_MAX_DEFAULT_CATEGORIES 4

typedef struct {
    double probs[ICSTAT_POWER_FIT_MAX_DEFAULT_CATEGORIES]; /* grade shares */
    size_t k;
    size_t inspections, inspectors;
    double inspector_sd;
    size_t reps;
    double alpha;
    icstat_link link;
    int quad;
} icstat_power_fit_defaults;

#define ICSTAT_POWER_FIT_DEFAULTS                                                          \
    {{0.08, 0.57, 0.30, 0.05}, 4, 35751, 1376, 0.5, 200, 0.05, ICSTAT_LINK_LOGIT, 1}

typedef struct {
    const icstat_sim_spec *model; /* the spec; its sizes, sd, seed and double
                                   * inspections are not used */
    const char *term;             /* the characteristic tested */
    size_t inspections, inspectors;
    double inspector_sd;
    int quad;                     /* quadrature points: 1 = Laplace */
    size_t reps;
    unsigned long seed;
    double alpha;                 /* two-sided level of the Wald test */
    double conf;                  /* level of the intervals (coverage, power_low/high) */
    int threads;                  /* 0: as many as processors */
    icstat_progress_fn progress;  /* called from one thread at a time, or NULL */
    void *progress_ctx;
} icstat_power_fit_spec;

typedef struct {
    char *name;            /* design column: "gender=female", or "experience" */
    double truth;          /* the spec's effect (link scale; per unit if numeric) */
    double mean, sd;       /* of the estimates over the analysed replicates */
    double mean_se;        /* mean of their standard errors */
    double coverage;       /* share of their conf intervals containing truth */
    size_t rejected;       /* replicates whose test rejects at alpha */
    double power;          /* rejected / reps (failed replicates do not reject) */
    double power_low, power_high; /* Wilson interval at conf: Monte Carlo error */
    size_t failed;         /* replicates that gave no estimate and se for it */
} icstat_power_fit_coef;

typedef struct {
    size_t reps;
    size_t n_coef;
    icstat_power_fit_coef *coef;
    size_t failed;         /* replicates that failed for some coefficient */
    size_t first_failed;   /* the lowest-numbered one (when failed > 0) */
    char first_failure[ICSTAT_ERROR_MSG_MAX]; /* and why */
} icstat_power_fit_result;

/* Simulate and analyse spec->reps replicates of one design.  Errors
 * (ICSTAT_EUSAGE, naming the spec's path): a term that is not a
 * characteristic of the spec (the message lists them), fewer than 2
 * replicates, more inspectors than inspections, no inspectors, a negative
 * sd, alpha or conf outside (0, 1), quadrature points outside 1..25. */
int icstat_power_fit(const icstat_power_fit_spec *spec, icstat_power_fit_result **out,
                     icstat_error *err);
void icstat_power_fit_result_free(icstat_power_fit_result *r);

/* The design columns of characteristic `term` of spec s ("NAME=LEVEL" or
 * "NAME") and their true effects, in the order icstat_power_fit reports
 * them; *n is 0 when s has no characteristic called `term`.  -1 when out
 * of memory.  Free names with icstat_strlist_free (strlist.h). */
int icstat_power_fit_columns(const icstat_sim_spec *s, const char *term, char ***names,
                             double **truth, size_t *n);

/* The model of `icstat power fit --odds-ratio`: one inspector
 * characteristic `characteristic` with levels `without` (share 1 - share,
 * the reference) and `with` (share `share`), effect log(odds_ratio) on the
 * link scale (positive: towards the higher categories), thresholds
 * theta_j = F^{-1}(p_1 + ... + p_j) so that an average inspector without
 * the characteristic grades in shares p, categories named 1..k.  Written
 * as spec text (the format simulate.h reads) and parsed, so both ways of
 * stating a model meet the same engine; `name` is the spec's name in the
 * messages of the parse and of the simulation (the command names it after
 * its option, "--odds-ratio model").  Errors (ICSTAT_EUSAGE): odds
 * ratio not above 0, share outside (0, 1), fewer than two shares, a share
 * not above 0, shares not adding up to 1, sd below 0, inspectors above
 * inspections. */
typedef struct {
    const char *name;
    double odds_ratio, share;
    const double *probs;
    size_t k;
    double inspector_sd;
    icstat_link link;
    size_t inspections, inspectors;
} icstat_power_fit_shortcut;

int icstat_power_fit_shortcut_spec(const icstat_power_fit_shortcut *sc, icstat_sim_spec **out,
                                   icstat_error *err);

#endif
