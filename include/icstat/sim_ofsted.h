/* sim_ofsted.h — a SYNTHETIC Ofsted management-information file.
 *
 * `icstat simulate` with a spec whose first key is `layout = ofsted_mi`
 * draws schools and their inspections from a stated model and writes them
 * in the form of Ofsted's monthly management information for state-funded
 * schools since report cards began (10 November 2025): Windows-1252 bytes,
 * CRLF line ends, a title row, then the header and one row per school, the
 * report-card block, the block of the latest graded inspection under the
 * old framework (OEIF: September 2019 to 9 November 2025), the graded
 * inspection before that and the latest ungraded inspection.  Every name
 * and number in it is made up; the title row says SYNTHETIC.
 *
 * The model (the numbers are the spec's, each with a default):
 *   school value  x = phase effect + IDACI-quintile effect
 *                     + size effect * log2(pupils / the phase's median)
 *                     + local-authority effect ~ N(0, la_sd^2)
 *                     + school effect ~ N(0, school_sd^2)
 *   an inspection adds its own logistic error e; a graded judgement is the
 *   number of thresholds that x + e (plus, for a sub-judgement or a
 *   report-card area, its own N(0, sd^2) noise and shift) passes.
 * A positive effect moves towards the worse grades (as in `icstat fit`).
 * The thresholds are not given: they are solved from the expected shares
 * the spec states (oeif_overall, previous_overall, report_card_areas), so
 * that the marginal distribution of each judgement has those shares. */
#ifndef ICSTAT_SIM_OFSTED_H
#define ICSTAT_SIM_OFSTED_H

#include <stddef.h>
#include <stdio.h>
#include <gsl/gsl_rng.h>

#include "icstat/status.h"

/* Phases (Ofsted's spelling), regions, judgements and areas, in the order
 * of the tables in sim_ofsted_spec.c. */
enum { ICSTAT_OFSTED_PHASES = 6, ICSTAT_OFSTED_REGIONS = 9, ICSTAT_OFSTED_QUINTILES = 5 };
enum { ICSTAT_PHASE_PRIMARY, ICSTAT_PHASE_SECONDARY, ICSTAT_PHASE_SPECIAL,
       ICSTAT_PHASE_NURSERY, ICSTAT_PHASE_PRU, ICSTAT_PHASE_ALL_THROUGH };
/* OEIF sub-judgements: quality of education, behaviour and attitudes,
 * personal development, leadership and management, early years, sixth form. */
enum { ICSTAT_OEIF_JUDGEMENTS = 6, ICSTAT_OEIF_EARLY_YEARS = 4, ICSTAT_OEIF_SIXTH_FORM = 5,
       ICSTAT_OEIF_LEADERSHIP = 3 };
/* Report-card areas after safeguarding: inclusion, curriculum and teaching,
 * achievement, attendance and behaviour, personal development and
 * wellbeing, early years, post-16, leadership and governance. */
enum { ICSTAT_RC_AREAS = 8, ICSTAT_RC_EARLY_YEARS = 5, ICSTAT_RC_POST_16 = 6,
       ICSTAT_RC_LEADERSHIP = 7 };

extern const char *const icstat_ofsted_phase_names[ICSTAT_OFSTED_PHASES];
extern const char *const icstat_ofsted_region_names[ICSTAT_OFSTED_REGIONS];
/* The file's header of each OEIF sub-judgement and report-card area (the
 * names `shift NAME` takes). */
extern const char *const icstat_oeif_judgement_names[ICSTAT_OEIF_JUDGEMENTS];
extern const char *const icstat_rc_area_names[ICSTAT_RC_AREAS];

typedef struct {
    double share;         /* of all schools */
    double effect;        /* on the school value */
    double median_pupils; /* pupils = median * exp(N(0, sd_log_pupils^2)) */
    double sd_log_pupils;
    double early_years;   /* share with early years provision */
    double post_16;       /* share with a sixth form / post-16 provision */
} icstat_sim_ofsted_phase;

typedef struct {
    char *path;
    unsigned long seed;
    int has_seed;
    long file_day;            /* "as at": days since 1970-01-01 */
    size_t schools, local_authorities;
    double never_inspected;   /* share of schools never inspected */
    double report_card;       /* share of schools with a report card */
    double report_card_first; /* of those: the report card was their first graded inspection */
    long report_card_oeif_by; /* last OEIF day of a school with a report card */
    double previous;          /* share of OEIF-graded schools with a graded inspection before */
    double ungraded;          /* share of eligible schools with an ungraded inspection since */
    icstat_sim_ofsted_phase phase[ICSTAT_OFSTED_PHASES];
    double region[ICSTAT_OFSTED_REGIONS];
    double idaci[ICSTAT_OFSTED_QUINTILES]; /* effects of quintiles 1 (least deprived) .. 5 */
    double size_effect;                    /* per doubling of pupils */
    double la_sd, school_sd, judgement_sd, area_sd;
    double oeif_shares[4], previous_shares[4], area_shares[5];
    double safeguarding_not_met, oeif_safeguarding_no;
    double judgement_shift[ICSTAT_OEIF_JUDGEMENTS], area_shift[ICSTAT_RC_AREAS];
} icstat_sim_ofsted_spec;

/* Parse an ofsted_mi spec (its first key `layout = ofsted_mi`); keys left
 * out keep the defaults of datasets/synthetic/ofsted_mi.spec.  A problem
 * is ICSTAT_EDATA naming `name` and the line. */
int icstat_sim_ofsted_spec_parse(const char *name, const char *text,
                                 icstat_sim_ofsted_spec **out, icstat_error *err);
void icstat_sim_ofsted_spec_free(icstat_sim_ofsted_spec *s);

/* An inspection number: 8 digits, or "ITS" and 6 (before September 2015).
 * 0: none. */
typedef struct {
    long number;
    int its;
} icstat_ofsted_number;

/* One school, one row of the file.  Grades: 1 best; 0 = NULL. */
typedef struct {
    long urn, laestab;
    char name[64];            /* Windows-1252 */
    char postcode[9];
    const char *type;         /* type of education */
    int phase, region, la, idaci, pupils, age_low, age_high;
    int early_years, post_16; /* has the provision */
    double value;             /* the school value x (true, for tests) */
    int inspected;            /* 0: never inspected, every inspection field NULL */

    int report_card;          /* 1: the report-card block is filled */
    icstat_ofsted_number rc_number;
    long rc_start, rc_published;
    int rc_category;          /* 0 none, 1 SM, 2 SWK */
    int rc_safeguarding_met;
    int rc_area[ICSTAT_RC_AREAS]; /* 1..5; 0 NULL; -1 "Not applicable" */

    int oeif;                 /* 1: the OEIF block is filled */
    icstat_ofsted_number oeif_number;
    const char *oeif_type;    /* inspection type */
    long oeif_start, oeif_published;
    int oeif_overall;         /* 1..4; 0 (NULL) from September 2024 */
    int oeif_category;        /* 0 none, 1 SM, 2 SWK */
    int oeif_judgement[ICSTAT_OEIF_JUDGEMENTS]; /* 1..4, or 9/8/0 as written */
    int oeif_safeguarding;    /* 1 Yes, 2 No, 9 */

    int previous;             /* 1: the previous graded block is filled */
    icstat_ofsted_number prev_number;
    long prev_start;
    int prev_overall;

    int ungraded;             /* 1: the ungraded block is filled */
    icstat_ofsted_number ug_number;
    long ug_day;
    const char *ug_outcome;   /* "School remains Good", ... */
} icstat_sim_ofsted_school;

typedef struct {
    size_t n;
    icstat_sim_ofsted_school *schools; /* in URN order */
    long file_day;
    /* The solved thresholds, for the record and the tests. */
    double oeif_thresholds[3], judgement_thresholds[3], previous_thresholds[3];
    double area_thresholds[4];
    double safeguarding_cut, oeif_safeguarding_cut;
} icstat_sim_ofsted;

/* Draw the schools of spec s from rng (its draws in a fixed order: the
 * same seed gives the same schools). */
int icstat_sim_ofsted_draw(const icstat_sim_ofsted_spec *s, gsl_rng *rng,
                           icstat_sim_ofsted **out, icstat_error *err);
void icstat_sim_ofsted_free(icstat_sim_ofsted *d);

/* P(x + e + N(0, extra_sd^2) <= t) over the schools of spec s: the
 * marginal distribution the thresholds are solved from. */
double icstat_sim_ofsted_cdf(const icstat_sim_ofsted_spec *s, double extra_sd, double t);

/* The file's header, one name per column (ICSTAT_OFSTED_MI_COLUMNS). */
enum { ICSTAT_OFSTED_MI_COLUMNS = 56 };
extern const char *const icstat_ofsted_mi_header[ICSTAT_OFSTED_MI_COLUMNS];

/* Write d to f as Ofsted's file: title row, header, one row per school,
 * Windows-1252, CRLF, NULL for an empty cell, fields quoted only where
 * they hold a comma, a quote or a line break.  Returns ICSTAT_OK, or
 * ICSTAT_EIO when f reports an error (the caller names the file). */
int icstat_sim_ofsted_write(const icstat_sim_ofsted *d, FILE *f);

#endif
