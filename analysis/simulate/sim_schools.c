/* sim_schools.c — which school each simulated inspection is of.
 *
 * Schools are inspected again and again, by different inspectors: that is
 * what lets a model with both a school and an inspector effect tell them
 * apart.  Inspectors work within areas (Ofsted's inspectors within
 * regions), so a school is only ever inspected by its own area's
 * inspectors.  This locality matters beyond realism: the joint mode
 * problem of a crossed model couples every inspector with every school it
 * inspected, and inspectors drawn nationally at random would couple
 * nearly all 20,000 inspectors through the schools, making the sparse
 * Cholesky factor of that problem dense; within areas it stays a set of
 * small blocks.  The plan is drawn from the generator alone; the values
 * (characteristics, effects, grades) are simulate.c's. */
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "icstat/status.h"
#include "simulate_internal.h"

size_t icstat_sim_area_of(const icstat_sim_plan *p, size_t g)
{
    return (size_t)((unsigned long long)g * p->A / p->G);
}

/* The first inspector of area a: the least g with g * A / G >= a. */
static size_t first_inspector(const icstat_sim_plan *p, size_t a)
{
    return (size_t)(((unsigned long long)a * p->G + p->A - 1) / p->A);
}

/* Inspections of area a. */
static size_t area_slots(const icstat_sim_plan *p, size_t a, size_t *first)
{
    *first = p->slot_first[first_inspector(p, a)];
    return p->slot_first[first_inspector(p, a + 1)] - *first;
}

/* An area's remainder in the largest-remainder split, and its index. */
typedef struct {
    unsigned long long rem;
    size_t area;
} area_rem;

static int cmp_rem(const void *x, const void *y)
{
    const area_rem *a = x, *b = y;
    if (a->rem != b->rem)
        return a->rem < b->rem ? 1 : -1;
    return (a->area > b->area) - (a->area < b->area);
}

/* Schools per area: one each, the other S - A in proportion to the area's
 * inspections beyond its first (largest remainders; no randomness).  An
 * area then never has more schools than inspections: its share of the
 * S - A is at most its N_a - 1 as S <= N, and a rounded-up share was a
 * fraction below it. */
static int split_schools(icstat_sim_plan *p)
{
    const size_t A = p->A;
    const unsigned long long extra = p->S - A, room = p->N - A;
    area_rem *r = malloc(A * sizeof *r);
    if (!r)
        return ICSTAT_ENOMEM;
    unsigned long long given = 0;
    for (size_t a = 0; a < A; a++) {
        size_t first;
        const unsigned long long share = room ? extra * (area_slots(p, a, &first) - 1) : 0;
        const unsigned long long base = room ? share / room : 0;
        r[a] = (area_rem){room ? share % room : 0, a};
        p->school_first[a + 1] = 1 + (size_t)base; /* a count, summed below */
        given += base;
    }
    qsort(r, A, sizeof *r, cmp_rem);
    for (unsigned long long i = 0; i < extra - given; i++)
        p->school_first[r[i].area + 1]++;
    free(r);
    p->school_first[0] = 0;
    for (size_t a = 0; a < A; a++)
        p->school_first[a + 1] += p->school_first[a];
    return ICSTAT_OK;
}

/* The scratch of matching one area's inspections to its schools. */
typedef struct {
    icstat_sim_plan *p;
    gsl_rng *rng;
    size_t *perm;      /* the area's slots, shuffled, then taken in order */
    size_t *inspector; /* N: the inspector of each slot */
    double *chance;    /* the largest area's schools: equal chances */
    unsigned int *visits;
    size_t *start;     /* the largest area's schools + 1: school i's slots in perm */
} plan_run;

/* How badly slot x would repeat what the school has had in its slots
 * had[0..n), leaving out had[skip] (n or more: none): 2 the same
 * inspector, 1 the same day, 0 neither. */
static int clash_but(const plan_run *r, size_t x, const size_t *had, size_t n, size_t skip)
{
    int worst = 0;
    for (size_t i = 0; i < n && worst < 2; i++) {
        if (i == skip)
            continue;
        if (r->inspector[had[i]] == r->inspector[x])
            worst = 2;
        else if (r->p->day[had[i]] == r->p->day[x])
            worst = 1;
    }
    return worst;
}

static int clash(const plan_run *r, size_t x, const size_t *had, size_t n)
{
    return clash_but(r, x, had, n, n);
}

/* Area a: its schools' visit counts, then each school's slots taken in
 * the shuffled order, a repeat visit swapping in the least clashing of
 * the next ICSTAT_SIM_LOOK_AHEAD slots (the first that clashes not at
 * all, else the first least bad). */
static void match_area(plan_run *r, size_t a)
{
    icstat_sim_plan *p = r->p;
    size_t first;
    const size_t n = area_slots(p, a, &first);
    const size_t s0 = p->school_first[a], ns = p->school_first[a + 1] - s0;
    for (size_t i = 0; i < n; i++)
        r->perm[i] = first + i;
    gsl_ran_shuffle(r->rng, r->perm, n, sizeof *r->perm);
    gsl_ran_multinomial(r->rng, ns, (unsigned int)(n - ns), r->chance, r->visits);
    size_t pos = 0;
    for (size_t i = 0; i < ns; i++)
        for (size_t t = 0; t <= r->visits[i]; t++, pos++) {
            const size_t *had = r->perm + pos - t;
            size_t best = pos;
            int best_clash = clash(r, r->perm[pos], had, t);
            for (size_t q = pos + 1; best_clash > 0 && q < n && q < pos + ICSTAT_SIM_LOOK_AHEAD;
                 q++) {
                const int c = clash(r, r->perm[q], had, t);
                if (c < best_clash) {
                    best = q;
                    best_clash = c;
                }
            }
            const size_t slot = r->perm[best];
            r->perm[best] = r->perm[pos];
            r->perm[pos] = slot;
            p->school_of[slot] = s0 + i;
        }
    for (size_t i = 0, at = 0; i <= ns; at += i < ns ? r->visits[i] + 1 : 0, i++)
        r->start[i] = at;
}

/* The slot at perm[x], of the area's school i, would do for school j in
 * place of perm[y] (and the other way round): the score of the swap, the
 * worse of the two clashes it leaves (2: it leaves a repeat inspector). */
static int swap_score(const plan_run *r, size_t i, size_t x, size_t j, size_t y)
{
    const size_t *si = r->perm + r->start[i], *sj = r->perm + r->start[j];
    const size_t ni = r->start[i + 1] - r->start[i], nj = r->start[j + 1] - r->start[j];
    const int a = clash_but(r, r->perm[y], si, ni, x - r->start[i]);
    const int b = a < 2 ? clash_but(r, r->perm[x], sj, nj, y - r->start[j]) : 2;
    return a > b ? a : b;
}

/* Area a after match_area: a school's slot whose inspector it has had is
 * swapped with another school's slot, the first that leaves neither a
 * repeat inspector nor (if one does) a repeat day, else the first that
 * leaves no repeat inspector.  The look-ahead of match_area cannot help
 * the last schools of an area, left with the slots of its busiest
 * inspectors; a swap with an earlier school can.  What no swap mends is
 * counted in p->repeats. */
static void repair_area(plan_run *r, size_t a, size_t ns)
{
    icstat_sim_plan *p = r->p;
    const size_t s0 = p->school_first[a];
    for (size_t i = 0; i < ns; i++)
        for (size_t x = r->start[i]; x < r->start[i + 1]; x++) {
            const size_t *si = r->perm + r->start[i];
            if (clash(r, r->perm[x], si, x - r->start[i]) < 2)
                continue; /* no inspector it had in an earlier slot */
            size_t best_j = ns, best_y = 0;
            int best = 2;
            for (size_t j = 0; j < ns && best > 0; j++)
                for (size_t y = r->start[j]; j != i && y < r->start[j + 1] && best > 0; y++) {
                    const int sc = swap_score(r, i, x, j, y);
                    if (sc < best) {
                        best = sc;
                        best_j = j;
                        best_y = y;
                    }
                }
            if (best_j == ns) {
                p->repeats++;
                continue;
            }
            const size_t slot = r->perm[x];
            r->perm[x] = r->perm[best_y];
            r->perm[best_y] = slot;
            p->school_of[r->perm[x]] = s0 + i;
            p->school_of[slot] = s0 + best_j;
        }
}

int icstat_sim_plan_schools(icstat_sim_plan *p, gsl_rng *rng)
{
    p->repeats = 0;
    int st = split_schools(p);
    if (st != ICSTAT_OK)
        return st;
    size_t most_slots = 0, most_schools = 0;
    for (size_t a = 0; a < p->A; a++) {
        size_t first;
        const size_t n = area_slots(p, a, &first);
        most_slots = n > most_slots ? n : most_slots;
        const size_t ns = p->school_first[a + 1] - p->school_first[a];
        most_schools = ns > most_schools ? ns : most_schools;
    }
    plan_run r = {p, rng, malloc(most_slots * sizeof *r.perm), malloc(p->N * sizeof *r.inspector),
                  malloc(most_schools * sizeof *r.chance),
                  malloc(most_schools * sizeof *r.visits),
                  malloc((most_schools + 1) * sizeof *r.start)};
    if (!r.perm || !r.inspector || !r.chance || !r.visits || !r.start) {
        st = ICSTAT_ENOMEM;
    } else {
        for (size_t g = 0; g < p->G; g++)
            for (size_t x = p->slot_first[g]; x < p->slot_first[g + 1]; x++)
                r.inspector[x] = g;
        for (size_t i = 0; i < most_schools; i++)
            r.chance[i] = 1.0;
        for (size_t a = 0; a < p->A; a++) {
            match_area(&r, a);
            repair_area(&r, a, p->school_first[a + 1] - p->school_first[a]);
        }
    }
    free(r.perm);
    free(r.inspector);
    free(r.chance);
    free(r.visits);
    free(r.start);
    return st;
}
