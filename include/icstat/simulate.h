/* simulate.h — synthetic inspection data from a stated model.
 *
 * A spec file says how many inspectors and inspections there are, how
 * caseloads vary, which characteristics inspectors and schools have and in
 * what shares, and the cumulative link model that turns them into grades:
 *     P(grade <= j) = F(theta_j - x'beta - x'delta_j - u_inspector - v_school
 *                       - previous),
 * u ~ N(0, inspector_sd^2), v ~ N(0, school_sd^2), with "previous" the
 * effect of the inspector's own last grade (sequential bias) and delta_j
 * the effects of levels whose
 * spec line gives one value per threshold (the published grade shares by
 * inspector gender, for one, differ more at Inadequate than at Outstanding
 * than one shift can reproduce).  Without `schools` every inspection is of
 * a school of its own; with it, inspections are spread over that many
 * schools, each inspected at least once and again by other inspectors of
 * its area (`areas`), and a school keeps its characteristics and its
 * effect v from one inspection to the next.  The format (docs: `icstat simulate
 * --help`) is plain `key = value` lines; # starts a comment. */
#ifndef ICSTAT_SIMULATE_H
#define ICSTAT_SIMULATE_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

#include "icstat/link.h"
#include "icstat/result.h"
#include "icstat/status.h"

typedef enum { ICSTAT_SIM_LEVELS, ICSTAT_SIM_NORMAL, ICSTAT_SIM_UNIFORM } icstat_sim_dist;

/* One characteristic of inspectors or of schools. */
typedef struct {
    char *name;
    int inspector_level;   /* 1: drawn once per inspector; 0: per inspection */
    icstat_sim_dist dist;
    size_t n_levels;       /* ICSTAT_SIM_LEVELS: labels, shares and effects */
    char **levels;
    double *shares;
    double *effects;       /* per level; the first level is the reference (0) */
    double *cut_effects;   /* NULL, or n_levels x (k - 1): for levels whose effect
                            * line gave one value per threshold, the effect at
                            * each threshold (a partial proportional odds model) */
    double a, b;           /* normal(mean, sd) or uniform(lo, hi) */
    double effect;         /* numeric: effect per unit */
    int decimals;          /* numeric: decimals written */
} icstat_sim_var;

typedef struct {
    char *path;
    size_t inspectors, inspections;
    double caseload_shape;   /* gamma shape of caseload weights (large: even) */
    icstat_link link;
    size_t k;
    char **categories;       /* k labels */
    double *thresholds;      /* k - 1, increasing */
    size_t n_thresholds;
    double inspector_sd;
    double *previous;        /* k effects of the inspector's last grade, or NULL */
    size_t n_vars;
    icstat_sim_var *vars;
    unsigned long seed;
    int has_seed;
    long start_day, end_day; /* inspection dates: days since 1970-01-01 */
    size_t double_inspections;
    size_t schools;          /* 0: each inspection of a school of its own */
    double school_sd;        /* sd of the school effect v (default 0) */
    size_t areas;            /* 0: not given (one area); needs schools */
} icstat_sim_spec;

/* Read and parse the spec file at path; "-" is standard input (named
 * <stdin> in messages), as for every other input. */
int icstat_sim_spec_read(const char *path, icstat_sim_spec **out, icstat_error *err);
int icstat_sim_spec_parse(const char *name, const char *text, icstat_sim_spec **out,
                          icstat_error *err);
void icstat_sim_spec_free(icstat_sim_spec *s);

/* The simulated tables: inspections (one row per inspection), inspectors
 * (one row per inspector, with the true effect), when the spec gives
 * schools the schools (one row per school, with the true effect), and,
 * when the spec asks for double inspections, the double-inspection
 * ratings (one row per school, its two inspectors' grades, for `icstat
 * agree`).  A table not asked for is NULL. */
typedef struct {
    icstat_result *inspections, *inspectors, *schools, *doubles;
} icstat_sim_output;

/* icstat_simulate checks what the parser checked of the sizes again, as
 * a caller (icstat power fit) may change inspections and inspectors:
 * ICSTAT_EDATA when the schools or areas do not fit them. */

int icstat_simulate(const icstat_sim_spec *s, gsl_rng *rng, icstat_sim_output *out,
                    icstat_error *err);
void icstat_sim_output_free(icstat_sim_output *o);

/* The effects spec s draws with (sim_truth.c), one row each, named as
 * `icstat fit` names its terms: columns term (NAME=LEVEL for a level
 * against the first, NAME for a numeric characteristic, per unit, and
 * previous=GRADE), boundary ("all", or "A|B" for each threshold of a
 * level whose effect line gave one value per threshold), log_odds_ratio
 * (the spec's value) and odds_ratio (its exponential).  Every level but
 * the first is listed, 0 where the spec gives no effect.  *out is freed
 * by the caller; ICSTAT_ENOMEM when out of memory. */
int icstat_sim_truth(const icstat_sim_spec *s, icstat_result **out, icstat_error *err);

#endif
