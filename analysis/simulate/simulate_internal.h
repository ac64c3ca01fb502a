/* simulate_internal.h — for the files of analysis/simulate/ (and the unit
 * tests that test them): which school each inspection is of. */
#ifndef ICSTAT_SIMULATE_INTERNAL_H
#define ICSTAT_SIMULATE_INTERNAL_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

/* How far ahead in an area's shuffled inspections a school's repeat
 * inspection looks for one led by an inspector (and on a day) the school
 * has not had yet: far enough for any area with a handful of inspectors,
 * bounded so an area with one inspector costs no more than that. */
#define ICSTAT_SIM_LOOK_AHEAD 64

/* How many slots the repair of an area's repeat inspectors may check for
 * each of the area's slots, in all: enough to mend what can be mended in
 * the designs tried (tests/unit/test_sim_schools.c), and a bound on the
 * time of one that cannot be (one school inspected 200,000 times). */
#define ICSTAT_SIM_REPAIR_WORK 256

/* The plan of a simulation with schools: G inspectors in A areas, their N
 * inspections (the slots: inspector 0's in date order, then inspector
 * 1's, ...), S schools.  Inspector g belongs to area g * A / G (so areas
 * are runs of inspectors, and every area has one when A <= G); school
 * ids run area by area, area a holding schools school_first[a] ..
 * school_first[a + 1] - 1, as many as are in proportion to the area's
 * inspections (each area one at least, never more than its inspections);
 * school_of[slot] is the school of each inspection. */
typedef struct {
    size_t G, A, N, S;
    const size_t *slot_first; /* G + 1: inspector g's slots are [slot_first[g], slot_first[g+1]) */
    const long *day;          /* N: each slot's day */
    size_t *school_first;     /* A + 1, filled */
    size_t *school_of;        /* N, filled */
    size_t repeats;           /* filled: repeat inspections of a school led by an
                               * inspector who had led one there before */
} icstat_sim_plan;

/* The area of inspector g. */
size_t icstat_sim_area_of(const icstat_sim_plan *p, size_t g);

/* Fill p->school_first and p->school_of: each school is inspected once,
 * the remaining inspections of its area are spread over the area's
 * schools at random (a multinomial with equal chances), and each school
 * takes its inspections from the area's in a random order, a repeat
 * inspection passing over (up to ICSTAT_SIM_LOOK_AHEAD) those of an
 * inspector or a day it has had; a repeat inspector left then is swapped
 * with another school's inspection where one mends it (a bounded
 * search).  Needs 1 <= A <= G, A <= S <= N and every inspector with an
 * inspection.  ICSTAT_OK or ICSTAT_ENOMEM. */
int icstat_sim_plan_schools(icstat_sim_plan *p, gsl_rng *rng);

#endif
