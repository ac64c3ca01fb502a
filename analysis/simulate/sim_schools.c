/* sim_schools.c — which school each simulated inspection is of.
 *
 * Schools are inspected again and again, by different inspectors: that is
 * what lets a model with both a school and an inspector effect tell them
 * apart.  Inspectors work within areas (Ofsted's inspectors within
 * regions), so a school is only ever inspected by its own area's
 * inspectors.  This locality matters beyond realism: the joint mode
 * problem of a crossed model couples every inspector with every school it
 * inspected, and inspectors drawn nationally at random would couple
 * nearly all 20,000 inspectors through the schools, and a sparse
 * Cholesky factor of that problem can fill in heavily; within areas it
 * is a set of small blocks (without `areas` there is one area: the
 * national design, for comparison).  The plan is drawn from the generator alone; the values
 * (characteristics, effects, grades) are simulate.c's. */
#include <stdlib.h>

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

/* A set of inspectors and days, one school's: counts behind a stamp, so
 * that a new set is a new stamp and nothing is cleared. */
typedef struct {
    size_t stamp;
    size_t *insp_mark, *insp_count; /* G */
    size_t *day_mark, *day_count;   /* the days' span */
} slot_set;

/* The scratch of matching one area's inspections to its schools. */
typedef struct {
    icstat_sim_plan *p;
    gsl_rng *rng;
    size_t *perm;      /* the area's slots, shuffled, then taken in order */
    size_t *inspector; /* N: the inspector of each slot */
    double *chance;    /* the largest area's schools: equal chances */
    unsigned int *visits;
    size_t *start;     /* the largest area's schools + 1: school i's slots in perm */
    long day0;         /* the first day: days index the set from it */
    slot_set set;
} plan_run;

static void set_new(plan_run *r)
{
    r->set.stamp++;
}

/* Slot x joins (+1) or leaves (-1) the current set. */
static void set_move(plan_run *r, size_t x, int by)
{
    slot_set *st = &r->set;
    const size_t g = r->inspector[x], d = (size_t)(r->p->day[x] - r->day0);
    if (st->insp_mark[g] != st->stamp) {
        st->insp_mark[g] = st->stamp;
        st->insp_count[g] = 0;
    }
    if (st->day_mark[d] != st->stamp) {
        st->day_mark[d] = st->stamp;
        st->day_count[d] = 0;
    }
    if (by > 0) {
        st->insp_count[g]++;
        st->day_count[d]++;
    } else {
        st->insp_count[g]--;
        st->day_count[d]--;
    }
}

/* How often the current set has slot x's inspector, and its day. */
static size_t set_insp(const plan_run *r, size_t x)
{
    const size_t g = r->inspector[x];
    return r->set.insp_mark[g] == r->set.stamp ? r->set.insp_count[g] : 0;
}

static size_t set_day(const plan_run *r, size_t x)
{
    const size_t d = (size_t)(r->p->day[x] - r->day0);
    return r->set.day_mark[d] == r->set.stamp ? r->set.day_count[d] : 0;
}

/* How badly slot x would repeat the current set, less `out` of it
 * copies of slot `out`'s inspector and day: 2 the same inspector, 1 the
 * same day, 0 neither. */
static int clash_set(const plan_run *r, size_t x, size_t out_slot, size_t out)
{
    const size_t ni = set_insp(r, x) - (out && r->inspector[out_slot] == r->inspector[x]);
    if (ni > 0)
        return 2;
    return set_day(r, x) - (out && r->p->day[out_slot] == r->p->day[x]) > 0;
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
    for (size_t i = 0; i < ns; i++) {
        set_new(r);
        for (size_t t = 0; t <= r->visits[i]; t++, pos++) {
            size_t best = pos;
            int best_clash = clash_set(r, r->perm[pos], 0, 0);
            for (size_t q = pos + 1; best_clash > 0 && q < n && q < pos + ICSTAT_SIM_LOOK_AHEAD;
                 q++) {
                const int c = clash_set(r, r->perm[q], 0, 0);
                if (c < best_clash) {
                    best = q;
                    best_clash = c;
                }
            }
            const size_t slot = r->perm[best];
            r->perm[best] = r->perm[pos];
            r->perm[pos] = slot;
            p->school_of[slot] = s0 + i;
            set_move(r, slot, 1);
        }
    }
    for (size_t i = 0, at = 0; i <= ns; at += i < ns ? r->visits[i] + 1 : 0, i++)
        r->start[i] = at;
}

/* Slot perm[y], school j's, would clash in school j without it if it
 * were slot u: j's other slots checked one by one (the set holds school
 * i's), *work counting them. */
static int clash_other(const plan_run *r, size_t u, size_t j, size_t y, size_t *work)
{
    int worst = 0;
    for (size_t z = r->start[j]; z < r->start[j + 1] && worst < 2; z++) {
        if (z == y)
            continue;
        const size_t v = r->perm[z];
        if (r->inspector[v] == r->inspector[u])
            worst = 2;
        else if (r->p->day[v] == r->p->day[u])
            worst = 1;
    }
    *work += r->start[j + 1] - r->start[j];
    return worst;
}

/* The best swap for slot perm[x] of school i (whose set is current):
 * another school's slot perm[y] that neither school then has an
 * inspector twice with, nor, if one can be found, a day twice; ns if
 * none is found before *work passes `budget`. */
static size_t find_swap(const plan_run *r, size_t i, size_t x, size_t ns, size_t *best_y,
                        size_t *work, size_t budget)
{
    size_t best_j = ns;
    int best = 2;
    for (size_t j = 0; j < ns && best > 0 && *work < budget; j++)
        for (size_t y = r->start[j]; j != i && y < r->start[j + 1] && best > 0; y++) {
            ++*work;
            int sc = clash_set(r, r->perm[y], r->perm[x], 1);
            if (sc < best) {
                const int sj = clash_other(r, r->perm[x], j, y, work);
                sc = sc > sj ? sc : sj;
            }
            if (sc < best) {
                best = sc;
                best_j = j;
                *best_y = y;
            }
        }
    return best_j;
}

/* Area a after match_area: a school's slot whose inspector it has had is
 * swapped with another school's slot that mends it (find_swap).  The
 * look-ahead of match_area cannot help the last schools of an area, left
 * with the slots of its busiest inspectors; a swap with an earlier school
 * can.  The search is bounded, ICSTAT_SIM_REPAIR_WORK slots checked for
 * each of the area's slots, so that an area whose repeats no swap can
 * mend (a school with more visits than the area has inspectors, an
 * inspector with more of its inspections than it has schools) costs time
 * in proportion to its size. */
static void repair_area(plan_run *r, size_t a, size_t ns)
{
    icstat_sim_plan *p = r->p;
    const size_t s0 = p->school_first[a];
    const size_t budget = ICSTAT_SIM_REPAIR_WORK * r->start[ns];
    size_t work = 0;
    for (size_t i = 0; i < ns && work < budget; i++) {
        set_new(r);
        for (size_t x = r->start[i]; x < r->start[i + 1]; x++)
            set_move(r, r->perm[x], 1);
        for (size_t x = r->start[i]; x < r->start[i + 1] && work < budget; x++) {
            if (set_insp(r, r->perm[x]) < 2)
                continue; /* an inspector it has had once only */
            size_t y = 0;
            const size_t j = find_swap(r, i, x, ns, &y, &work, budget);
            if (j == ns)
                continue;
            const size_t slot = r->perm[x];
            set_move(r, slot, -1);
            set_move(r, r->perm[y], 1);
            r->perm[x] = r->perm[y];
            r->perm[y] = slot;
            p->school_of[r->perm[x]] = s0 + i;
            p->school_of[slot] = s0 + j;
        }
    }
}

/* The repeats left in area a: each school's visits less its distinct
 * inspectors. */
static size_t count_repeats(plan_run *r, size_t ns)
{
    size_t repeats = 0;
    for (size_t i = 0; i < ns; i++) {
        set_new(r);
        for (size_t x = r->start[i]; x < r->start[i + 1]; x++) {
            repeats += set_insp(r, r->perm[x]) > 0;
            set_move(r, r->perm[x], 1);
        }
    }
    return repeats;
}

/* The scratch of a plan: the areas' largest sizes, the days' span. */
static int plan_alloc(plan_run *r)
{
    const icstat_sim_plan *p = r->p;
    size_t most_slots = 0, most_schools = 0;
    for (size_t a = 0; a < p->A; a++) {
        size_t first;
        const size_t n = area_slots(p, a, &first);
        most_slots = n > most_slots ? n : most_slots;
        const size_t ns = p->school_first[a + 1] - p->school_first[a];
        most_schools = ns > most_schools ? ns : most_schools;
    }
    long last = p->day[0];
    r->day0 = p->day[0];
    for (size_t x = 1; x < p->N; x++) {
        r->day0 = p->day[x] < r->day0 ? p->day[x] : r->day0;
        last = p->day[x] > last ? p->day[x] : last;
    }
    const size_t span = (size_t)(last - r->day0) + 1;
    /* Every area has a school and an inspection (split_schools); the
     * larger of 1 keeps an allocation of 0 bytes out of the reasoning. */
    most_slots += !most_slots;
    most_schools += !most_schools;
    r->perm = malloc(most_slots * sizeof *r->perm);
    r->inspector = malloc((p->N ? p->N : 1) * sizeof *r->inspector);
    r->chance = malloc(most_schools * sizeof *r->chance);
    r->visits = malloc(most_schools * sizeof *r->visits);
    r->start = malloc((most_schools + 1) * sizeof *r->start);
    r->set.insp_mark = calloc(p->G, sizeof *r->set.insp_mark);
    r->set.insp_count = calloc(p->G, sizeof *r->set.insp_count);
    r->set.day_mark = calloc(span, sizeof *r->set.day_mark);
    r->set.day_count = calloc(span, sizeof *r->set.day_count);
    if (!r->perm || !r->inspector || !r->chance || !r->visits || !r->start ||
        !r->set.insp_mark || !r->set.insp_count || !r->set.day_mark || !r->set.day_count)
        return ICSTAT_ENOMEM;
    for (size_t g = 0; g < p->G; g++)
        for (size_t x = p->slot_first[g]; x < p->slot_first[g + 1]; x++)
            r->inspector[x] = g;
    for (size_t i = 0; i < most_schools; i++)
        r->chance[i] = 1.0;
    return ICSTAT_OK;
}

static void plan_clear(plan_run *r)
{
    free(r->perm);
    free(r->inspector);
    free(r->chance);
    free(r->visits);
    free(r->start);
    free(r->set.insp_mark);
    free(r->set.insp_count);
    free(r->set.day_mark);
    free(r->set.day_count);
}

int icstat_sim_plan_schools(icstat_sim_plan *p, gsl_rng *rng)
{
    p->repeats = 0;
    int st = split_schools(p);
    plan_run r = {.p = p, .rng = rng};
    if (st == ICSTAT_OK)
        st = plan_alloc(&r);
    for (size_t a = 0; st == ICSTAT_OK && a < p->A; a++) {
        const size_t ns = p->school_first[a + 1] - p->school_first[a];
        match_area(&r, a);
        repair_area(&r, a, ns);
        p->repeats += count_repeats(&r, ns);
    }
    plan_clear(&r);
    return st;
}
