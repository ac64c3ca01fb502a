/* simulate.c — draw inspectors and inspections from a spec.
 *
 * The draws happen in a fixed order from one generator (inspectors, then
 * caseloads, then each inspector's inspections in date order, then double
 * inspections), so the same spec and seed give the same bytes.  With
 * `schools`, every inspector's days are drawn first, then which school
 * each inspection is of (sim_schools.c), then the schools'
 * characteristics and effects, then the grades inspector by inspector; a
 * spec without it draws exactly what it drew before there were schools. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "icstat/date.h"
#include "icstat/simulate.h"
#include "simulate_internal.h"

#define NOMEM(r) icstat_error_set((r)->err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

void icstat_sim_output_free(icstat_sim_output *o)
{
    icstat_result_free(o->inspections);
    icstat_result_free(o->inspectors);
    icstat_result_free(o->schools);
    icstat_result_free(o->doubles);
    memset(o, 0, sizeof *o);
}

/* A latent error with distribution function F of the link. */
static double link_error(icstat_link link, gsl_rng *rng)
{
    switch (link) {
    case ICSTAT_LINK_LOGIT:
        return gsl_ran_logistic(rng, 1.0);
    case ICSTAT_LINK_PROBIT:
        return gsl_ran_ugaussian(rng);
    default:
        return log(-log1p(-gsl_rng_uniform_pos(rng))); /* F(x) = 1 - exp(-exp(x)) */
    }
}

/* One value of variable v: a level index (returned in *level) or a number,
 * rounded to its decimals; returns its contribution to the predictor. */
static double draw_var(const icstat_sim_var *v, gsl_rng *rng, size_t *level, double *num)
{
    if (v->dist == ICSTAT_SIM_LEVELS) {
        double u = gsl_rng_uniform(rng), cum = 0.0;
        size_t l = 0;
        while (l + 1 < v->n_levels && u >= (cum += v->shares[l]))
            l++;
        *level = l;
        return v->effects[l];
    }
    double x = v->dist == ICSTAT_SIM_NORMAL ? v->a + gsl_ran_gaussian(rng, v->b)
                                            : gsl_ran_flat(rng, v->a, v->b);
    const double scale = pow(10.0, v->decimals);
    x = round(x * scale) / scale;
    if (x == 0.0)
        /* cppcheck-suppress duplicateConditionalAssign ; -0.0 == 0.0: this makes it +0 */
        x = 0.0; /* no "-0" in the output */
    *num = x;
    return v->effect * x;
}

/* Add the threshold-specific effects of a drawn level to shift[0..k-2]. */
static void add_cut_effects(const icstat_sim_var *v, size_t level, size_t k1, double *shift)
{
    for (size_t j = 0; v->cut_effects && j < k1; j++)
        shift[j] += v->cut_effects[level * k1 + j];
}

/* The grade of a latent value: the number of thresholds it passes, each
 * moved by the threshold-specific effects of the inspector (a) and the
 * school (b).  The spec check keeps the moved thresholds in order. */
static int grade_of(const icstat_sim_spec *s, double latent, const double *a, const double *b)
{
    int y = 0;
    while ((size_t)y < s->k - 1 && latent + a[y] + b[y] > s->thresholds[y])
        y++;
    return y;
}

/* One school's characteristics: levels or numbers into level/num, its
 * threshold-specific effects into cut[0..k-2]; returns its shift. */
static double school_draw(const icstat_sim_spec *s, gsl_rng *rng, size_t *level, double *num,
                          double *cut)
{
    double eta = 0.0;
    for (size_t j = 0; j + 1 < s->k; j++)
        cut[j] = 0.0;
    for (size_t i = 0; i < s->n_vars; i++)
        if (!s->vars[i].inspector_level) {
            eta += draw_var(&s->vars[i], rng, &level[i], &num[i]);
            add_cut_effects(&s->vars[i], level[i], s->k - 1, cut);
        }
    return eta;
}

/* A school's own effect v ~ N(0, school_sd^2); nothing is drawn when
 * school_sd is 0, so a spec without it keeps its stream. */
static double school_effect(const icstat_sim_spec *s, gsl_rng *rng)
{
    return s->school_sd > 0 ? gsl_ran_gaussian(rng, s->school_sd) : 0.0;
}

static void day_text(long days, char *buf, size_t len)
{
    int y, m, d;
    icstat_date_from_days(days, &y, &m, &d);
    snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
}

static int cmp_long(const void *a, const void *b)
{
    const long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* Set the cells of variable values: text level or number. */
static int put_var(icstat_result *res, size_t row, size_t col, const icstat_sim_var *v,
                   size_t level, double num)
{
    if (v->dist == ICSTAT_SIM_LEVELS)
        return icstat_result_set_text(res, row, col, v->levels[level]);
    icstat_result_set_num(res, row, col, num);
    return 0;
}

static icstat_result *alloc_table(const char *title, const char *const *fixed, const int *kinds,
                                  size_t nfixed, const icstat_sim_spec *s, int which)
{
    /* which: 1 inspector-level variables, 0 school-level, 2 both (school first). */
    icstat_col_spec *cols = calloc(nfixed + s->n_vars, sizeof *cols);
    if (!cols)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < nfixed; i++)
        cols[n++] = (icstat_col_spec){fixed[i], (icstat_col_kind)kinds[i], 4};
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < s->n_vars; i++) {
            const icstat_sim_var *v = &s->vars[i];
            if (v->inspector_level != pass || (which != 2 && which != pass))
                continue;
            cols[n++] = (icstat_col_spec){v->name,
                                          v->dist == ICSTAT_SIM_LEVELS ? ICSTAT_COL_TEXT
                                                                       : ICSTAT_COL_NUM,
                                          v->decimals};
        }
    icstat_result *res = icstat_result_alloc(title, cols, n);
    free(cols);
    return res;
}

/* Sorted days[0..n) made distinct, keeping their order and staying at
 * most `last`: a day equal to the one before moves to the next day, and
 * if that runs past `last` the tail moves back.  An inspector leads one
 * inspection a day; two on one day could not be put in order by
 * `fit --lag-previous` (which refuses them), while the previous-grade
 * effect was drawn in this order.  The draws themselves are unchanged.
 * Needs n <= last - days[0] + 1, which the caller's check gives. */
static void distinct_days(long *days, size_t n, long last)
{
    for (size_t j = 1; j < n; j++)
        if (days[j] <= days[j - 1])
            days[j] = days[j - 1] + 1;
    if (n && days[n - 1] > last) {
        days[n - 1] = last;
        for (size_t j = n - 1; j-- > 0;)
            if (days[j] >= days[j + 1])
                days[j] = days[j + 1] - 1;
    }
}

/* One school as an inspection sees it: its URN, the shift of its
 * characteristics and own effect, its threshold-specific effects, its
 * levels and numbers (indexed by variable), its area's label or NULL. */
typedef struct {
    long urn;
    double eta;
    const double *cut;
    const size_t *level;
    const double *num;
    const char *area;
} school_view;

/* The state of one simulation: the spec and generator, what each
 * inspector drew, the current school's draws, the tables being filled,
 * and with `schools` the plan and what each school drew. */
typedef struct {
    const icstat_sim_spec *s;
    gsl_rng *rng;
    icstat_sim_output *out;
    icstat_error *err;
    size_t G, N, V, K1;  /* inspectors, inspections, variables, thresholds */
    double *u;           /* G: each inspector's own effect */
    double *eta_g;       /* G: the shift of the inspector's characteristics */
    double *cut_g;       /* G x K1: their threshold-specific effects */
    size_t *glevel;      /* G x V: the inspector's levels ... */
    double *gnum;        /* ... and numbers */
    double *w;           /* G: caseload weights */
    unsigned int *extra; /* G: inspections beyond each inspector's first */
    long *days;          /* the current inspector's inspection days */
    double *cut_s;       /* K1: the current school's threshold-specific effects */
    size_t *slevel;      /* V: the current school's levels ... */
    double *snum;        /* ... and numbers */
    long urn;            /* the last URN given */
    size_t ins_fixed;    /* columns of the inspections table before the characteristics */
    /* With schools (S > 0): */
    size_t S, A;         /* schools; areas (1 when the spec gives none) */
    int area_col;        /* the spec gives areas: the tables have an area column */
    int width;           /* digits of an area's number in its label */
    icstat_sim_plan plan;
    size_t *slot_first;  /* G + 1: inspector g's inspections in the plan */
    long *slot_day;      /* N: the day of each */
    size_t *school_first, *school_of; /* the plan's (simulate_internal.h) */
    double *v;           /* S: each school's own effect */
    double *eta_s;       /* S: the shift of its characteristics and effect */
    double *cut_sv;      /* S x K1: its threshold-specific effects */
    size_t *lev_s;       /* S x V: its levels ... */
    double *num_s;       /* ... and numbers */
} sim_run;

static int sim_alloc(sim_run *r)
{
    const size_t G = r->G, V = r->V, K1 = r->K1;
    r->u = malloc(G * sizeof *r->u);
    r->eta_g = calloc(G, sizeof *r->eta_g);
    r->cut_g = calloc(G * K1, sizeof *r->cut_g);
    r->cut_s = calloc(K1, sizeof *r->cut_s);
    r->glevel = calloc(G * (V ? V : 1), sizeof *r->glevel);
    r->gnum = calloc(G * (V ? V : 1), sizeof *r->gnum);
    r->w = calloc(G, sizeof *r->w);
    r->extra = calloc(G, sizeof *r->extra);
    r->slevel = calloc(V ? V : 1, sizeof *r->slevel);
    r->snum = calloc(V ? V : 1, sizeof *r->snum);
    if (!r->u || !r->eta_g || !r->cut_g || !r->cut_s || !r->glevel || !r->gnum || !r->w ||
        !r->extra || !r->slevel || !r->snum)
        return NOMEM(r);
    return ICSTAT_OK;
}

/* The arrays of a simulation with schools. */
static int sim_alloc_schools(sim_run *r)
{
    const size_t S = r->S, N = r->N, V = r->V ? r->V : 1;
    r->slot_first = malloc((r->G + 1) * sizeof *r->slot_first);
    r->slot_day = malloc(N * sizeof *r->slot_day);
    r->school_first = malloc((r->A + 1) * sizeof *r->school_first);
    r->school_of = malloc(N * sizeof *r->school_of);
    r->v = malloc(S * sizeof *r->v);
    r->eta_s = malloc(S * sizeof *r->eta_s);
    r->cut_sv = calloc(S * (r->K1 ? r->K1 : 1), sizeof *r->cut_sv);
    r->lev_s = calloc(S * V, sizeof *r->lev_s);
    r->num_s = calloc(S * V, sizeof *r->num_s);
    if (!r->slot_first || !r->slot_day || !r->school_first || !r->school_of || !r->v ||
        !r->eta_s || !r->cut_sv || !r->lev_s || !r->num_s)
        return NOMEM(r);
    return ICSTAT_OK;
}

static void sim_clear(sim_run *r)
{
    free(r->u);
    free(r->eta_g);
    free(r->cut_g);
    free(r->cut_s);
    free(r->glevel);
    free(r->gnum);
    free(r->w);
    free(r->extra);
    free(r->days);
    free(r->slevel);
    free(r->snum);
    free(r->slot_first);
    free(r->slot_day);
    free(r->school_first);
    free(r->school_of);
    free(r->v);
    free(r->eta_s);
    free(r->cut_sv);
    free(r->lev_s);
    free(r->num_s);
}

/* The label of area a: A001, A002, ... (as many digits as the areas'
 * count needs, at least three). */
static void area_label(const sim_run *r, size_t a, char *buf, size_t len)
{
    snprintf(buf, len, "A%0*zu", r->width, a + 1);
}

/* Inspectors: their characteristics and own effects, then caseloads: one
 * inspection each, the rest shared in proportion to gamma weights.  An
 * inspector's inspections fall on different days (see distinct_days), so
 * a caseload longer than the dates' span is refused. */
static int draw_inspectors(sim_run *r)
{
    const icstat_sim_spec *s = r->s;
    const size_t G = r->G, V = r->V, K1 = r->K1;
    for (size_t g = 0; g < G; g++) {
        for (size_t i = 0; i < V; i++)
            if (s->vars[i].inspector_level) {
                r->eta_g[g] +=
                    draw_var(&s->vars[i], r->rng, &r->glevel[g * V + i], &r->gnum[g * V + i]);
                add_cut_effects(&s->vars[i], r->glevel[g * V + i], K1, r->cut_g + g * K1);
            }
        r->u[g] = s->inspector_sd > 0 ? gsl_ran_gaussian(r->rng, s->inspector_sd) : 0.0;
    }
    for (size_t g = 0; g < G; g++)
        r->w[g] = gsl_ran_gamma(r->rng, s->caseload_shape, 1.0);
    gsl_ran_multinomial(r->rng, G, (unsigned int)(r->N - G), r->w, r->extra);
    const long span = s->end_day - s->start_day + 1;
    for (size_t g = 0; g < G; g++)
        if ((long)r->extra[g] + 1 > span) {
            char label[32];
            snprintf(label, sizeof label, "I%05zu", g + 1);
            return icstat_error_set(r->err, ICSTAT_EDATA, s->path, 0,
                                    "inspector %s draws %u inspections, more than the %ld days "
                                    "from start_date to end_date; widen the dates or add "
                                    "inspectors", label, r->extra[g] + 1, span);
        }
    return ICSTAT_OK;
}

/* The inspections, inspectors and (with schools) schools tables, empty;
 * an area column after the fixed ones when the spec gives areas. */
static int alloc_outputs(sim_run *r)
{
    const icstat_sim_spec *s = r->s;
    char title[512], where[128] = "";
    static const char *const ins_fixed[] = {"urn", "inspector", "inspection_date", "grade",
                                            "grade_label", "area"};
    static const int ins_kinds[] = {ICSTAT_COL_INT, ICSTAT_COL_TEXT, ICSTAT_COL_TEXT,
                                    ICSTAT_COL_INT, ICSTAT_COL_TEXT, ICSTAT_COL_TEXT};
    r->ins_fixed = 5 + (size_t)r->area_col;
    if (r->S)
        snprintf(where, sizeof where, " of %zu schools", r->S);
    snprintf(title, sizeof title, "Synthetic inspections from %s: %zu inspections%s by %zu "
                                  "inspectors%s (simulated, not real data)", s->path, r->N, where,
             r->G, r->area_col ? " in their own areas" : "");
    r->out->inspections = alloc_table(title, ins_fixed, ins_kinds, r->ins_fixed, s, 2);
    static const char *const insp_fixed[] = {"inspector", "inspections", "effect", "area"};
    static const int insp_kinds[] = {ICSTAT_COL_TEXT, ICSTAT_COL_INT, ICSTAT_COL_NUM,
                                     ICSTAT_COL_TEXT};
    snprintf(title, sizeof title, "Synthetic inspectors from %s, with their true effects "
                                  "(simulated)", s->path);
    r->out->inspectors = alloc_table(title, insp_fixed, insp_kinds, 3 + (size_t)r->area_col, s, 1);
    if (!r->out->inspections || !r->out->inspectors)
        return NOMEM(r);
    if (!r->S)
        return ICSTAT_OK;
    static const char *const sch_fixed[] = {"urn", "inspections", "effect", "area"};
    static const int sch_kinds[] = {ICSTAT_COL_INT, ICSTAT_COL_INT, ICSTAT_COL_NUM,
                                    ICSTAT_COL_TEXT};
    snprintf(title, sizeof title, "Synthetic schools from %s, with their true effects "
                                  "(simulated)", s->path);
    r->out->schools = alloc_table(title, sch_fixed, sch_kinds, 3 + (size_t)r->area_col, s, 0);
    return r->out->schools ? ICSTAT_OK : NOMEM(r);
}

/* Inspector g's n inspection days: drawn, sorted, made distinct. */
static int draw_days(sim_run *r, size_t n)
{
    const icstat_sim_spec *s = r->s;
    long *d2 = realloc(r->days, n * sizeof *d2);
    if (!d2)
        return NOMEM(r);
    r->days = d2;
    for (size_t j = 0; j < n; j++)
        r->days[j] =
            s->start_day +
            (long)gsl_rng_uniform_int(r->rng, (unsigned long)(s->end_day - s->start_day + 1));
    qsort(r->days, n, sizeof *r->days, cmp_long);
    distinct_days(r->days, n, s->end_day);
    return ICSTAT_OK;
}

/* The characteristics of a school (or an inspector, pass 1) from
 * variable values into columns from col on.  r is const: a call clang's
 * analyzer does not follow would otherwise forget what r holds, and
 * report its arrays leaked. */
static int put_vars(const sim_run *r, icstat_result *res, size_t row, size_t col, int pass,
                    const size_t *level, const double *num)
{
    for (size_t i = 0; i < r->V; i++) {
        const icstat_sim_var *v = &r->s->vars[i];
        if (v->inspector_level == pass && put_var(res, row, col++, v, level[i], num[i]) != 0)
            return -1;
    }
    return 0;
}

/* Inspector g's inspection on `day` of school sc: its grade, moved by the
 * inspector's previous one (*prev, -1 for the first), written as a row of
 * the inspections table. */
static int add_inspection(sim_run *r, size_t g, long day, const char *label, int *prev,
                          const school_view *sc)
{
    const icstat_sim_spec *s = r->s;
    icstat_result *res = r->out->inspections;
    const size_t V = r->V;
    char date[64];
    double eta = r->eta_g[g] + r->u[g] + sc->eta;
    if (s->previous && *prev >= 0)
        eta += s->previous[*prev];
    const int y = grade_of(s, eta + link_error(s->link, r->rng), r->cut_g + g * r->K1, sc->cut);
    *prev = y;
    long row = icstat_result_add_row(res);
    if (row < 0)
        return -1;
    day_text(day, date, sizeof date);
    icstat_result_set_num(res, (size_t)row, 0, (double)sc->urn);
    icstat_result_set_num(res, (size_t)row, 3, (double)(y + 1));
    if (icstat_result_set_text(res, (size_t)row, 1, label) != 0 ||
        icstat_result_set_text(res, (size_t)row, 2, date) != 0 ||
        icstat_result_set_text(res, (size_t)row, 4, s->categories[y]) != 0 ||
        (sc->area && icstat_result_set_text(res, (size_t)row, 5, sc->area) != 0))
        return -1;
    if (put_vars(r, res, (size_t)row, r->ins_fixed, 0, sc->level, sc->num) != 0)
        return -1;
    size_t col = r->ins_fixed;
    for (size_t i = 0; i < V; i++)
        col += !s->vars[i].inspector_level;
    return put_vars(r, res, (size_t)row, col, 1, r->glevel + g * V, r->gnum + g * V);
}

/* Inspector g's row of the inspectors table: n inspections, the true
 * effect, the area, the characteristics. */
static int add_inspector(sim_run *r, size_t g, size_t n, const char *label)
{
    icstat_result *res = r->out->inspectors;
    long row = icstat_result_add_row(res);
    if (row < 0 || icstat_result_set_text(res, (size_t)row, 0, label) != 0)
        return -1;
    icstat_result_set_num(res, (size_t)row, 1, (double)n);
    icstat_result_set_num(res, (size_t)row, 2, r->u[g]);
    if (r->area_col) {
        char area[32];
        area_label(r, icstat_sim_area_of(&r->plan, g), area, sizeof area);
        if (icstat_result_set_text(res, (size_t)row, 3, area) != 0)
            return -1;
    }
    return put_vars(r, res, (size_t)row, 3 + (size_t)r->area_col, 1, r->glevel + g * r->V,
                    r->gnum + g * r->V);
}

/* Inspector by inspector: the days, then each inspection in date order
 * (so that the previous grade is the one before in time), each of a
 * newly drawn school. */
static int draw_inspections(sim_run *r)
{
    r->urn = 100000;
    for (size_t g = 0; g < r->G; g++) {
        const size_t n = 1 + r->extra[g];
        int st = draw_days(r, n);
        if (st != ICSTAT_OK)
            return st;
        char label[32];
        snprintf(label, sizeof label, "I%05zu", g + 1);
        int prev = -1;
        for (size_t j = 0; j < n; j++) {
            const double eta = school_draw(r->s, r->rng, r->slevel, r->snum, r->cut_s);
            const school_view sc = {++r->urn, eta + school_effect(r->s, r->rng), r->cut_s,
                                    r->slevel, r->snum, NULL};
            if (add_inspection(r, g, r->days[j], label, &prev, &sc) != 0)
                return NOMEM(r);
        }
        if (add_inspector(r, g, n, label) != 0)
            return NOMEM(r);
    }
    return ICSTAT_OK;
}

/* With schools, the plan: every inspector's days (drawn as
 * draw_inspections draws them, all before any school), then which school
 * each inspection is of (sim_schools.c). */
static int plan_schools(sim_run *r)
{
    r->slot_first[0] = 0;
    for (size_t g = 0; g < r->G; g++) {
        const size_t n = 1 + r->extra[g];
        int st = draw_days(r, n);
        if (st != ICSTAT_OK)
            return st;
        memcpy(r->slot_day + r->slot_first[g], r->days, n * sizeof *r->days);
        r->slot_first[g + 1] = r->slot_first[g] + n;
    }
    r->plan.slot_first = r->slot_first;
    r->plan.day = r->slot_day;
    r->plan.school_first = r->school_first;
    r->plan.school_of = r->school_of;
    if (icstat_sim_plan_schools(&r->plan, r->rng) != ICSTAT_OK)
        return NOMEM(r);
    if (r->plan.repeats &&
        icstat_result_add_note(r->out->inspections,
                               "%zu repeat inspections of a school were led by an inspector "
                               "who had inspected it before: its area had no other inspector "
                               "free (give more inspectors or fewer areas)",
                               r->plan.repeats) != 0)
        return NOMEM(r);
    return ICSTAT_OK;
}

/* Each school's characteristics and own effect, school by school, and
 * its row of the schools table (its inspections counted from the plan). */
static int draw_schools(sim_run *r)
{
    const size_t V = r->V, K1 = r->K1;
    icstat_result *res = r->out->schools;
    for (size_t i = 0; i < r->S; i++) {
        const double eta = school_draw(r->s, r->rng, r->lev_s + i * V, r->num_s + i * V,
                                       r->cut_sv + i * K1);
        r->v[i] = school_effect(r->s, r->rng);
        r->eta_s[i] = eta + r->v[i];
        if (icstat_result_add_row(res) < 0)
            return NOMEM(r);
        icstat_result_set_num(res, i, 0, (double)(100001 + i));
        icstat_result_set_num(res, i, 1, 0.0);
        icstat_result_set_num(res, i, 2, r->v[i]);
        if (put_vars(r, res, i, 3 + (size_t)r->area_col, 0, r->lev_s + i * V,
                     r->num_s + i * V) != 0)
            return NOMEM(r);
    }
    for (size_t a = 0; r->area_col && a < r->A; a++) {
        char area[32];
        area_label(r, a, area, sizeof area);
        for (size_t i = r->school_first[a]; i < r->school_first[a + 1]; i++)
            if (icstat_result_set_text(res, i, 3, area) != 0)
                return NOMEM(r);
    }
    /* Each school's inspections, counted from the plan. */
    size_t *count = calloc(r->S ? r->S : 1, sizeof *count);
    if (!count)
        return NOMEM(r);
    for (size_t x = 0; x < r->N; x++)
        count[r->school_of[x]]++;
    for (size_t i = 0; i < r->S; i++)
        icstat_result_set_num(res, i, 1, (double)count[i]);
    free(count);
    r->urn = 100000 + (long)r->S; /* double inspections are of further schools */
    return ICSTAT_OK;
}

/* With schools: inspector by inspector, each inspection in date order,
 * of the school the plan gave it. */
static int draw_inspections_of_schools(sim_run *r)
{
    const size_t V = r->V, K1 = r->K1;
    char area[32] = "";
    for (size_t g = 0; g < r->G; g++) {
        char label[32];
        snprintf(label, sizeof label, "I%05zu", g + 1);
        if (r->area_col)
            area_label(r, icstat_sim_area_of(&r->plan, g), area, sizeof area);
        int prev = -1;
        for (size_t x = r->slot_first[g]; x < r->slot_first[g + 1]; x++) {
            const size_t i = r->school_of[x];
            const school_view sc = {100001 + (long)i, r->eta_s[i], r->cut_sv + i * K1,
                                    r->lev_s + i * V, r->num_s + i * V,
                                    r->area_col ? area : NULL};
            if (add_inspection(r, g, r->slot_day[x], label, &prev, &sc) != 0)
                return NOMEM(r);
        }
        if (add_inspector(r, g, r->slot_first[g + 1] - r->slot_first[g], label) != 0)
            return NOMEM(r);
    }
    return ICSTAT_OK;
}

/* Double inspections: a school, two different inspectors, each judging
 * independently (own effect, own error), no sequence.  The school's own
 * effect, when there is one, is the same for both. */
static int draw_doubles(sim_run *r)
{
    const icstat_sim_spec *s = r->s;
    static const icstat_col_spec dcols[] = {
        {"urn", ICSTAT_COL_INT, 0}, {"first", ICSTAT_COL_INT, 0}, {"second", ICSTAT_COL_INT, 0}};
    char title[512];
    snprintf(title, sizeof title, "Synthetic double inspections from %s: %zu schools, each "
                                  "graded by two different inspectors (simulated)",
             s->path, s->double_inspections);
    icstat_result *res = r->out->doubles = icstat_result_alloc(title, dcols, 3);
    if (!res)
        return NOMEM(r);
    for (size_t d = 0; d < s->double_inspections; d++) {
        double eta_s = school_draw(s, r->rng, r->slevel, r->snum, r->cut_s);
        eta_s += school_effect(s, r->rng);
        const size_t a = gsl_rng_uniform_int(r->rng, r->G);
        size_t b = gsl_rng_uniform_int(r->rng, r->G - 1);
        b += b >= a; /* a different inspector */
        long row = icstat_result_add_row(res);
        if (row < 0)
            return NOMEM(r);
        icstat_result_set_num(res, (size_t)row, 0, (double)++r->urn);
        const size_t who[2] = {a, b};
        for (int k = 0; k < 2; k++) {
            const size_t g = who[k];
            const int y =
                grade_of(s, eta_s + r->eta_g[g] + r->u[g] + link_error(s->link, r->rng),
                         r->cut_g + g * r->K1, r->cut_s);
            icstat_result_set_num(res, (size_t)row, 1 + (size_t)k, (double)(y + 1));
        }
    }
    return ICSTAT_OK;
}

/* The sizes the parser checked, again: a caller may have changed the
 * inspections and inspectors since (icstat power fit does). */
static int check_sizes(const icstat_sim_spec *s, icstat_error *err)
{
    if (s->schools > s->inspections)
        return icstat_error_set(err, ICSTAT_EDATA, s->path, 0,
                                "schools = %zu is more than the %zu inspections: each school is "
                                "inspected at least once", s->schools, s->inspections);
    if (s->schools && (s->areas > s->inspectors || s->areas > s->schools))
        return icstat_error_set(err, ICSTAT_EDATA, s->path, 0,
                                "areas = %zu is more than the %zu %s: each area needs at least "
                                "one", s->areas,
                                s->areas > s->inspectors ? s->inspectors : s->schools,
                                s->areas > s->inspectors ? "inspectors" : "schools");
    return ICSTAT_OK;
}

/* The draws, in their fixed order (see the top of the file), into the
 * arrays sim_alloc gave. */
static int sim_run_all(sim_run *r)
{
    int st = r->S ? sim_alloc_schools(r) : ICSTAT_OK;
    if (st == ICSTAT_OK)
        st = draw_inspectors(r);
    if (st == ICSTAT_OK)
        st = alloc_outputs(r);
    if (st == ICSTAT_OK && r->S) {
        st = plan_schools(r);
        if (st == ICSTAT_OK)
            st = draw_schools(r);
        if (st == ICSTAT_OK)
            st = draw_inspections_of_schools(r);
    } else if (st == ICSTAT_OK) {
        st = draw_inspections(r);
    }
    if (st == ICSTAT_OK && r->s->double_inspections)
        st = draw_doubles(r);
    return st;
}

int icstat_simulate(const icstat_sim_spec *s, gsl_rng *rng, icstat_sim_output *out,
                    icstat_error *err)
{
    memset(out, 0, sizeof *out);
    int st = check_sizes(s, err);
    if (st != ICSTAT_OK)
        return st;
    sim_run r = {.s = s, .rng = rng, .out = out, .err = err, .G = s->inspectors,
                 .N = s->inspections, .V = s->n_vars, .K1 = s->k - 1, .S = s->schools,
                 .A = s->areas ? s->areas : 1, .area_col = s->schools && s->areas};
    r.width = 3;
    for (size_t a = r.A; a >= 1000; a /= 10)
        r.width++;
    r.plan = (icstat_sim_plan){.G = r.G, .A = r.A, .N = r.N, .S = r.S};
    st = sim_alloc(&r);
    if (st == ICSTAT_OK)
        st = sim_run_all(&r);
    if (st != ICSTAT_OK)
        icstat_sim_output_free(out);
    sim_clear(&r);
    return st;
}
