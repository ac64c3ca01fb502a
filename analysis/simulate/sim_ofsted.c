/* sim_ofsted.c — draw the schools of a synthetic Ofsted file (the model is
 * in include/icstat/sim_ofsted.h).
 *
 * Order of the draws, all from the caller's generator: the local
 * authorities' effects, then school by school in URN order: who the
 * school is (phase, type, region, authority, IDACI quintile, pupils,
 * provision, ages, postcode, name), its own effect, whether it was ever
 * inspected and has a report card, then its OEIF inspection, the graded
 * inspection before that, its report card and its ungraded inspection.
 * The thresholds come first and use no draws: they are solved from the
 * spec's shares. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "icstat/date.h"
#include "icstat/sim_ofsted.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

/* ---- the marginal distribution and the thresholds ---------------------- */

/* The school value's normal part is integrated on a fixed grid of
 * standard normal points (-8 to 8); the rest is a finite mixture. */
#define GRID 161

typedef struct {
    double z[GRID], w[GRID]; /* points and weights (adding up to 1) */
    double mean[ICSTAT_OFSTED_PHASES * ICSTAT_OFSTED_QUINTILES];
    double weight[ICSTAT_OFSTED_PHASES * ICSTAT_OFSTED_QUINTILES];
    double var[ICSTAT_OFSTED_PHASES]; /* authority + school + size */
} marginal;

/* The mixture of spec s: each phase and quintile a mean and a weight;
 * within a phase, x is normal with the variance of the authority effect,
 * the school effect and the size term (log2 of pupils over the median is
 * normal with sd sd_log / ln 2). */
static void marginal_init(marginal *m, const icstat_sim_ofsted_spec *s)
{
    double total = 0.0;
    for (int i = 0; i < GRID; i++) {
        m->z[i] = -8.0 + 16.0 * i / (GRID - 1);
        total += m->w[i] = exp(-0.5 * m->z[i] * m->z[i]);
    }
    for (int i = 0; i < GRID; i++)
        m->w[i] /= total;
    for (int p = 0; p < ICSTAT_OFSTED_PHASES; p++) {
        const double size_sd = s->size_effect * s->phase[p].sd_log_pupils / log(2.0);
        m->var[p] = s->la_sd * s->la_sd + s->school_sd * s->school_sd + size_sd * size_sd;
        for (int q = 0; q < ICSTAT_OFSTED_QUINTILES; q++) {
            m->mean[p * ICSTAT_OFSTED_QUINTILES + q] = s->phase[p].effect + s->idaci[q];
            m->weight[p * ICSTAT_OFSTED_QUINTILES + q] =
                s->phase[p].share / ICSTAT_OFSTED_QUINTILES;
        }
    }
}

/* P(x + e + N(0, extra_var) <= t), e standard logistic. */
static double marginal_cdf(const marginal *m, double extra_var, double t)
{
    double f = 0.0;
    for (int p = 0; p < ICSTAT_OFSTED_PHASES; p++) {
        const double sd = sqrt(m->var[p] + extra_var);
        for (int q = 0; q < ICSTAT_OFSTED_QUINTILES; q++) {
            const int k = p * ICSTAT_OFSTED_QUINTILES + q;
            if (m->weight[k] == 0.0)
                continue;
            double g = 0.0;
            for (int i = 0; i < GRID; i++)
                g += m->w[i] / (1.0 + exp(-(t - m->mean[k] - sd * m->z[i])));
            f += m->weight[k] * g;
        }
    }
    return f;
}

double icstat_sim_ofsted_cdf(const icstat_sim_ofsted_spec *s, double extra_sd, double t)
{
    marginal m;
    marginal_init(&m, s);
    return marginal_cdf(&m, extra_sd * extra_sd, t);
}

/* The t with F(t) = c, by bisection: F is increasing.  [-60, 60] holds
 * c for the usual specs; wide ones (sds up to 10, effects up to 20, a
 * size term of sd 20 * 3 / ln 2) push it out, so the bracket grows until
 * it holds c (the parser's bounds keep that within +-2^20). */
static double marginal_quantile(const marginal *m, double extra_var, double c)
{
    double lo = -60.0, hi = 60.0;
    while (lo > -1048576.0 && marginal_cdf(m, extra_var, lo) > c)
        lo *= 2.0;
    while (hi < 1048576.0 && marginal_cdf(m, extra_var, hi) < c)
        hi *= 2.0;
    while (hi - lo > 1e-9) {
        const double mid = 0.5 * (lo + hi);
        if (marginal_cdf(m, extra_var, mid) < c)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* k - 1 thresholds at the cumulative shares of k categories. */
static void solve_thresholds(const marginal *m, double extra_sd, const double *shares, int k,
                             double *out)
{
    double c = 0.0;
    for (int j = 0; j + 1 < k; j++)
        out[j] = marginal_quantile(m, extra_sd * extra_sd, c += shares[j]);
}

/* 1 + the number of thresholds v passes. */
static int grade_of(double v, const double *thresholds, int n)
{
    int g = 1;
    while (g <= n && v > thresholds[g - 1])
        g++;
    return g;
}

/* ---- calendar ------------------------------------------------------------ */

static long day_of(int y, int m, int d) { return icstat_date_to_days(y, m, d); }

/* A day a graded inspection may start: Monday to Thursday, not in the
 * summer holiday (23 July to 31 August) or at Christmas (20 December to
 * 3 January), and not while routine inspections were suspended in the
 * pandemic (17 March 2020 to 5 September 2021).  Assumed, for the form of
 * the dates only. */
static int inspection_day(long day)
{
    const long wd = ((day % 7) + 7 + 4) % 7; /* 1970-01-01 was a Thursday; 0 Sunday */
    if (wd < 1 || wd > 4)
        return 0;
    if (day >= day_of(2020, 3, 17) && day <= day_of(2021, 9, 5))
        return 0;
    int y, m, d;
    icstat_date_from_days(day, &y, &m, &d);
    return !(m == 8 || (m == 7 && d >= 23) || (m == 12 && d >= 20) || (m == 1 && d <= 3));
}

/* The inspection days from `first` to the file's date, in order. */
typedef struct {
    long *day;
    size_t n;
} calendar;

/* Index of the first day >= day. */
static size_t cal_lower(const calendar *c, long day)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (c->day[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A day drawn uniformly from the inspection days in [from, to]; -1 when
 * there is none (and then no draw is made). */
static long cal_draw(const calendar *c, long from, long to, gsl_rng *rng)
{
    const size_t a = cal_lower(c, from), b = cal_lower(c, to + 1);
    if (b <= a)
        return -1;
    return c->day[a + gsl_rng_uniform_int(rng, (unsigned long)(b - a))];
}

/* ---- inspection numbers -------------------------------------------------- */

/* Numbers grow with the start day, as Ofsted's do: "ITS" and 6 digits for
 * inspections before September 2015 (ITS330000 in September 2009, 55 a
 * day), 8 digits from then (10000000 on 1 September 2015, 100 a day), so
 * that a 2025 number reads like 10372345.  The k-th inspection of a day
 * takes that day's k-th number: numbers are unique. */
#define ITS_FROM_Y 2009
#define ITS_BASE 330000L
#define ITS_PER_DAY 55
#define NUM_BASE 10000000L
#define NUM_PER_DAY 100

typedef struct {
    long first;          /* the day of counter 0 */
    unsigned short *used; /* numbers handed out per day */
    size_t n;
} numbering;

static int number_for(numbering *nb, long day, icstat_ofsted_number *out, const char *path,
                      icstat_error *err)
{
    const long its_end = day_of(2015, 9, 1);
    const int its = day < its_end;
    const long per_day = its ? ITS_PER_DAY : NUM_PER_DAY;
    const size_t i = (size_t)(day - nb->first);
    if (nb->used[i] >= per_day) {
        int y, m, d;
        icstat_date_from_days(day, &y, &m, &d);
        return icstat_error_set(err, ICSTAT_EDATA, path, 0,
                                "more than %ld inspections start on %02d/%02d/%04d, more than "
                                "a day's inspection numbers: give fewer schools, a smaller "
                                "report_card share or a later file_date", per_day, d, m, y);
    }
    const long slot = nb->used[i]++;
    out->its = its;
    out->number = its ? ITS_BASE + (day - nb->first) * ITS_PER_DAY + slot
                      : NUM_BASE + (day - its_end) * NUM_PER_DAY + slot;
    return ICSTAT_OK;
}

/* ---- who the schools are --------------------------------------------------- */

typedef struct {
    const char *name;
    double weight;
} weighted;

/* Types of education by phase (names as in Ofsted's files; the weights
 * are rough, assumed shares, for the form of the file only). */
static const weighted types_primary[] = {
    {"Academy Converter", 0.35},         {"Community School", 0.30},
    {"Voluntary Aided School", 0.13},    {"Voluntary Controlled School", 0.12},
    {"Academy Sponsor Led", 0.06},       {"Foundation School", 0.02},
    {"Free School", 0.02},               {NULL, 0}};
static const weighted types_secondary[] = {
    {"Academy Converter", 0.55}, {"Academy Sponsor Led", 0.25}, {"Free School", 0.06},
    {"Community School", 0.06},  {"Voluntary Aided School", 0.05},
    {"Foundation School", 0.03}, {NULL, 0}};
static const weighted types_special[] = {
    {"Community Special School", 0.45},   {"Academy Special Converter", 0.25},
    {"Free School Special", 0.12},        {"Foundation Special School", 0.10},
    {"Academy Special Sponsor Led", 0.08}, {NULL, 0}};
static const weighted types_nursery[] = {{"LA Nursery School", 1.0}, {NULL, 0}};
static const weighted types_pru[] = {
    {"Pupil Referral Unit", 0.50},
    {"Academy Alternative Provision Converter", 0.20},
    {"Academy Alternative Provision Sponsor Led", 0.20},
    {"Free School Alternative Provision", 0.10},
    {NULL, 0}};
static const weighted types_all_through[] = {
    {"Academy Converter", 0.40}, {"Academy Sponsor Led", 0.30}, {"Free School", 0.20},
    {"Community School", 0.10},  {NULL, 0}};
static const weighted *const types[ICSTAT_OFSTED_PHASES] = {
    types_primary, types_secondary, types_special, types_nursery, types_pru, types_all_through};

/* Establishment numbers within an authority, by phase, as Ofsted's
 * LAESTAB codes run (1xxx nursery and PRU, 2xxx primary, 4xxx secondary,
 * 7xxx special): the first and how many. */
static const int estab_base[ICSTAT_OFSTED_PHASES] = {2000, 4000, 7000, 1000, 1100, 4500};
static const int estab_room[ICSTAT_OFSTED_PHASES] = {2000, 500, 1000, 100, 900, 500};

/* A few names with accented letters (Windows-1252 bytes) and a few with a
 * comma, so that readers meet both; every name says Synthetic. */
static const char *const accented[] = {
    "St Th\xE9r\xE8" "se's Synthetic Primary", "Synthetic \xC9" "cole Fran\xE7" "aise",
    "Synthetic Bront\xEB Academy", "Synthetic Zo\xEB Fields Primary",
    "Synthetic Caf\xE9 Lane School"};

static size_t pick(gsl_rng *rng, const double *w, size_t n)
{
    double u = gsl_rng_uniform(rng), cum = 0.0;
    size_t i = 0;
    while (i + 1 < n && u >= (cum += w[i]))
        i++;
    return i;
}

static const char *pick_type(gsl_rng *rng, const weighted *t)
{
    double u = gsl_rng_uniform(rng), cum = 0.0;
    size_t i = 0;
    while (t[i + 1].name && u >= (cum += t[i].weight))
        i++;
    return t[i].name;
}

/* Statutory ages from the phase and the provision. */
static void ages(icstat_sim_ofsted_school *sc, gsl_rng *rng)
{
    const double u = gsl_rng_uniform(rng);
    int lo, hi;
    switch (sc->phase) {
    case ICSTAT_PHASE_PRIMARY:
        lo = !sc->early_years ? 7 : u < 0.3 ? 3 : 4;
        hi = sc->early_years && u > 0.9 ? 7 : 11; /* infant schools */
        break;
    case ICSTAT_PHASE_SECONDARY:
        lo = 11;
        hi = sc->post_16 ? 18 : 16;
        break;
    case ICSTAT_PHASE_SPECIAL:
        lo = sc->early_years ? 2 : u < 0.5 ? 5 : 11;
        hi = sc->post_16 ? 19 : lo < 11 && u < 0.25 ? 11 : 16;
        break;
    case ICSTAT_PHASE_NURSERY:
        lo = u < 0.5 ? 2 : 3;
        hi = 5;
        break;
    case ICSTAT_PHASE_PRU:
        lo = u < 0.3 ? 5 : 11;
        hi = 16;
        break;
    default: /* all-through */
        lo = sc->early_years ? (u < 0.3 ? 3 : 4) : 5;
        hi = sc->post_16 ? 18 : 16;
    }
    sc->age_low = lo;
    sc->age_high = hi;
}

/* Authorities per region: in proportion to the region's share of schools
 * (largest remainder), at least one where the share is above 0. */
static void authorities(const icstat_sim_ofsted_spec *s, size_t *first, size_t *count)
{
    const size_t n = s->local_authorities;
    size_t given = 0, r;
    double rest[ICSTAT_OFSTED_REGIONS];
    for (r = 0; r < ICSTAT_OFSTED_REGIONS; r++) {
        const double want = s->region[r] * (double)n;
        count[r] = s->region[r] > 0 ? (size_t)fmax(1.0, floor(want)) : 0;
        rest[r] = s->region[r] > 0 ? want - (double)count[r] : -1e300;
        given += count[r];
    }
    while (given < n) { /* the largest remainders get one more */
        size_t best = 0;
        for (r = 1; r < ICSTAT_OFSTED_REGIONS; r++)
            if (rest[r] > rest[best])
                best = r;
        count[best]++;
        rest[best] -= 1.0;
        given++;
    }
    while (given > n) { /* the floor of 1 overshot: take from the largest */
        size_t best = 0;
        for (r = 1; r < ICSTAT_OFSTED_REGIONS; r++)
            if (count[r] > count[best])
                best = r;
        count[best]--;
        given--;
    }
    for (r = 0, given = 0; r < ICSTAT_OFSTED_REGIONS; r++) {
        first[r] = given;
        given += count[r];
    }
}

/* ---- the inspections --------------------------------------------------- */

/* Published 20 to 48 days after the start, and by the file's date (the
 * caller's start is at least 20 days before it). */
static long published(long start, long file_day, gsl_rng *rng)
{
    const long room = file_day - start < 48 ? file_day - start : 48;
    return start + 20 + (long)gsl_rng_uniform_int(rng, (unsigned long)(room - 19));
}

static const char *const ungraded_outcomes[] = {
    "School remains Outstanding", "School remains Outstanding (Concerns) - S5 Next",
    "School remains Good", "School remains Good (Concerns) - S5 Next",
    "School remains Good (Improving) - S5 Next"};

typedef struct {
    const icstat_sim_ofsted_spec *s;
    icstat_sim_ofsted *d;
    gsl_rng *rng;
    calendar cal;
    numbering nb;
    double *la_effect;
    size_t la_first[ICSTAT_OFSTED_REGIONS], la_count[ICSTAT_OFSTED_REGIONS];
    int *estab_used; /* authorities x phases */
    icstat_error *err;
} drawer;

/* The old framework's graded inspection (September 2019 to 9 November
 * 2025): the overall grade (none from September 2024), the four key
 * judgements, early years and sixth form (9 where the school has none;
 * for early years now and then 8 or 0, as real files have), safeguarding
 * (Yes/No; 9 in 1%), and the category of concern. */
static int draw_oeif(drawer *w, icstat_sim_ofsted_school *sc, long last_day)
{
    const icstat_sim_ofsted_spec *s = w->s;
    const icstat_sim_ofsted *d = w->d;
    gsl_rng *rng = w->rng;
    /* Published by the file's date, like every inspection in the file. */
    if (last_day > d->file_day - 20)
        last_day = d->file_day - 20;
    sc->oeif_start = cal_draw(&w->cal, day_of(2019, 9, 2), last_day, rng);
    sc->oeif_published = published(sc->oeif_start, d->file_day, rng);
    const double v = sc->value + gsl_ran_logistic(rng, 1.0);
    sc->oeif_overall = grade_of(v, d->oeif_thresholds, 3);
    for (int j = 0; j < ICSTAT_OEIF_JUDGEMENTS; j++) {
        const double noise = gsl_ran_gaussian(rng, s->judgement_sd);
        sc->oeif_judgement[j] =
            grade_of(v + noise + s->judgement_shift[j], d->judgement_thresholds, 3);
    }
    if (!sc->early_years) {
        const double u = gsl_rng_uniform(rng);
        sc->oeif_judgement[ICSTAT_OEIF_EARLY_YEARS] = u < 0.002 ? 0 : u < 0.06 ? 8 : 9;
    }
    if (!sc->post_16)
        sc->oeif_judgement[ICSTAT_OEIF_SIXTH_FORM] = 9;
    const double noise = gsl_ran_gaussian(rng, s->judgement_sd);
    const int unrecorded = gsl_rng_uniform(rng) < 0.01;
    const int ineffective = v + noise > d->oeif_safeguarding_cut;
    sc->oeif_safeguarding = unrecorded ? 9 : ineffective ? 2 : 1;
    if (ineffective) { /* ineffective safeguarding: leadership and the school Inadequate */
        sc->oeif_judgement[ICSTAT_OEIF_LEADERSHIP] = 4;
        sc->oeif_overall = 4;
    }
    const int lm = sc->oeif_judgement[ICSTAT_OEIF_LEADERSHIP];
    if (sc->oeif_start >= day_of(2024, 9, 1)) {
        /* From September 2024: no overall grade; a category when a key
         * judgement is Inadequate or safeguarding is ineffective. */
        sc->oeif_overall = 0;
        int worst = 0;
        for (int j = 0; j < 4; j++)
            worst = sc->oeif_judgement[j] > worst ? sc->oeif_judgement[j] : worst;
        if (worst == 4 || ineffective)
            sc->oeif_category = lm == 4 ? 1 : 2;
    } else if (sc->oeif_overall == 4) {
        sc->oeif_category = lm == 4 ? 1 : 2;
    }
    sc->oeif = 1;
    return number_for(&w->nb, sc->oeif_start, &sc->oeif_number, s->path, w->err);
}

/* The report card: safeguarding Met / Not met and the eight areas on five
 * points; early years and post-16 "Not applicable" (NULL in one in ten)
 * where the school has none.  A category of concern: special measures when
 * leadership and governance needs urgent improvement or safeguarding is
 * not met, serious weaknesses when another area needs urgent improvement. */
static void draw_report_card(drawer *w, icstat_sim_ofsted_school *sc, long file_day)
{
    const icstat_sim_ofsted_spec *s = w->s;
    const icstat_sim_ofsted *d = w->d;
    gsl_rng *rng = w->rng;
    /* Published by the file's date: the spec check leaves an inspection
     * day for that (file_date is at least 20 days after 10 November 2025,
     * a Monday). */
    sc->rc_start = cal_draw(&w->cal, day_of(2025, 11, 10), file_day - 20, rng);
    sc->rc_published = published(sc->rc_start, file_day, rng);
    const double v = sc->value + gsl_ran_logistic(rng, 1.0);
    int urgent_other = 0;
    for (int a = 0; a < ICSTAT_RC_AREAS; a++) {
        if ((a == ICSTAT_RC_EARLY_YEARS && !sc->early_years) ||
            (a == ICSTAT_RC_POST_16 && !sc->post_16)) {
            sc->rc_area[a] = gsl_rng_uniform(rng) < 0.9 ? -1 : 0;
            continue;
        }
        const double noise = gsl_ran_gaussian(rng, s->area_sd);
        sc->rc_area[a] = grade_of(v + noise + s->area_shift[a], d->area_thresholds, 4);
        urgent_other |= a != ICSTAT_RC_LEADERSHIP && sc->rc_area[a] == 5;
    }
    sc->rc_safeguarding_met = v + gsl_ran_gaussian(rng, s->area_sd) <= d->safeguarding_cut;
    sc->rc_category = sc->rc_area[ICSTAT_RC_LEADERSHIP] == 5 || !sc->rc_safeguarding_met ? 1
                      : urgent_other                                                      ? 2
                                                                                          : 0;
    sc->report_card = 1;
}

/* The school's postcode (in the ZZ99 area, which no real address uses),
 * URN and name. */
static void draw_address(drawer *w, icstat_sim_ofsted_school *sc, size_t i)
{
    gsl_rng *rng = w->rng;
    static const char letters[] = "ABDEFGHJLNPQRSTUWXYZ"; /* those inward codes use */
    memcpy(sc->postcode, "ZZ99 ", 5);
    sc->postcode[5] = (char)('1' + gsl_rng_uniform_int(rng, 9));
    sc->postcode[6] = letters[gsl_rng_uniform_int(rng, 20)];
    sc->postcode[7] = letters[gsl_rng_uniform_int(rng, 20)];
    sc->postcode[8] = '\0';
    sc->urn = 900001 + (long)i;
    const double u_name = gsl_rng_uniform(rng);
    if (u_name < 0.02)
        snprintf(sc->name, sizeof sc->name, "%s %05zu",
                 accented[gsl_rng_uniform_int(rng, sizeof accented / sizeof *accented)], i + 1);
    else if (u_name < 0.03)
        snprintf(sc->name, sizeof sc->name, "Synthetic School %05zu, Upper Site", i + 1);
    else
        snprintf(sc->name, sizeof sc->name, "Synthetic School %05zu", i + 1);
}

/* Who school i is: phase, type, region, authority, IDACI quintile, pupils,
 * provision, ages, address and name, and its establishment number (an
 * error when its authority has none left for the phase). */
static int draw_identity(drawer *w, icstat_sim_ofsted_school *sc, size_t i)
{
    const icstat_sim_ofsted_spec *s = w->s;
    gsl_rng *rng = w->rng;
    double shares[ICSTAT_OFSTED_PHASES];
    for (int p = 0; p < ICSTAT_OFSTED_PHASES; p++)
        shares[p] = s->phase[p].share;
    sc->phase = (int)pick(rng, shares, ICSTAT_OFSTED_PHASES);
    const icstat_sim_ofsted_phase *ph = &s->phase[sc->phase];
    sc->type = pick_type(rng, types[sc->phase]);
    sc->region = (int)pick(rng, s->region, ICSTAT_OFSTED_REGIONS);
    sc->la = (int)(w->la_first[sc->region] +
                   gsl_rng_uniform_int(rng, (unsigned long)w->la_count[sc->region]));
    sc->idaci = 1 + (int)gsl_rng_uniform_int(rng, ICSTAT_OFSTED_QUINTILES);
    const double pupils = round(ph->median_pupils * exp(gsl_ran_gaussian(rng, ph->sd_log_pupils)));
    sc->pupils = pupils < 5 ? 5 : pupils > 5000 ? 5000 : (int)pupils;
    sc->early_years = gsl_rng_uniform(rng) < ph->early_years;
    sc->post_16 = gsl_rng_uniform(rng) < ph->post_16;
    ages(sc, rng);
    draw_address(w, sc, i);
    int *used = &w->estab_used[(size_t)sc->la * ICSTAT_OFSTED_PHASES + (size_t)sc->phase];
    if (*used >= estab_room[sc->phase])
        return icstat_error_set(w->err, ICSTAT_EDATA, s->path, 0,
                                "Synthetic LA %02d draws more than %d %s schools, more than its "
                                "establishment numbers (LAESTAB): raise local_authorities",
                                sc->la + 1, estab_room[sc->phase],
                                icstat_ofsted_phase_names[sc->phase]);
    sc->laestab = (101L + sc->la) * 10000 + estab_base[sc->phase] + (*used)++;
    return ICSTAT_OK;
}

/* The old framework's graded inspection (by last_day), the graded
 * inspection before it (2012 to 2019, a year or more earlier; with the
 * spec's probability, when there is a day for it) and the type the
 * graded one then had. */
static int draw_graded(drawer *w, icstat_sim_ofsted_school *sc, long last_day)
{
    const icstat_sim_ofsted_spec *s = w->s;
    gsl_rng *rng = w->rng;
    int st = draw_oeif(w, sc, last_day);
    if (st != ICSTAT_OK)
        return st;
    const long to = sc->oeif_start - 365 < day_of(2019, 8, 31) ? sc->oeif_start - 365
                                                                : day_of(2019, 8, 31);
    if (gsl_rng_uniform(rng) < s->previous &&
        (sc->prev_start = cal_draw(&w->cal, day_of(2012, 9, 1), to, rng)) >= 0) {
        sc->prev_overall = grade_of(sc->value + gsl_ran_logistic(rng, 1.0),
                                    w->d->previous_thresholds, 3);
        sc->previous = 1;
        if ((st = number_for(&w->nb, sc->prev_start, &sc->prev_number, s->path, w->err)) !=
            ICSTAT_OK)
            return st;
    }
    sc->oeif_type = !sc->previous && strncmp(sc->type, "Academy", 7) == 0
                        ? "Academy First Section 5"
                    : sc->previous && sc->prev_overall == 3
                        ? "Requires Improvement S5 Reinspection Visit 1"
                    : sc->previous && sc->prev_overall == 4 ? "Special Measures S5 ReInspection"
                                                            : "S5 Inspection";
    return ICSTAT_OK;
}

/* An ungraded inspection of a Good or Outstanding school: due on an
 * inspection day two to four years after its graded one, and held when
 * that day comes before 10 November 2025 (under the old framework).  (A
 * day drawn from what is left before the end instead piled the
 * inspections of every school graded two years before it onto the last
 * few days.)  Its outcome from a fresh error, with a margin (an ungraded
 * inspection flags only what is clear): "Concerns" when the school would
 * now be a grade worse by more than one logit (two for Outstanding),
 * "Improving" when a Good school would be Outstanding by more than 1.5.
 * The margins are assumptions, set so that the outcomes' shares resemble
 * those of a real 2023 file (Outstanding: about 1 in 4 "Concerns"; Good:
 * about 6% "Concerns", 3% "Improving"). */
static int draw_ungraded(drawer *w, icstat_sim_ofsted_school *sc)
{
    gsl_rng *rng = w->rng;
    const long to = day_of(2025, 11, 9); /* so before any report card too */
    const int due = gsl_rng_uniform(rng) < w->s->ungraded;
    const long day =
        due ? cal_draw(&w->cal, sc->oeif_start + 730, sc->oeif_start + 1460, rng) : -1;
    if (day < 0 || day > to)
        return ICSTAT_OK;
    const double v = sc->value + gsl_ran_logistic(rng, 1.0);
    const double *t = w->d->oeif_thresholds;
    sc->ug_day = day;
    sc->ug_outcome = sc->oeif_overall == 1 ? ungraded_outcomes[v > t[0] + 2.0]
                     : v > t[1] + 1.0     ? ungraded_outcomes[3]
                     : v < t[0] - 1.5     ? ungraded_outcomes[4]
                                          : ungraded_outcomes[2];
    sc->ungraded = 1;
    return number_for(&w->nb, day, &sc->ug_number, w->s->path, w->err);
}

/* School i, in the order of the draws the file header lists: who it is,
 * its value, whether it was ever inspected and has a report card (first
 * or after a graded inspection), then its inspections. */
static int draw_school(drawer *w, size_t i)
{
    const icstat_sim_ofsted_spec *s = w->s;
    icstat_sim_ofsted *d = w->d;
    gsl_rng *rng = w->rng;
    icstat_sim_ofsted_school *sc = &d->schools[i];
    memset(sc, 0, sizeof *sc);
    int st = draw_identity(w, sc, i);
    if (st != ICSTAT_OK)
        return st;
    const icstat_sim_ofsted_phase *ph = &s->phase[sc->phase];
    sc->value = ph->effect + s->idaci[sc->idaci - 1] +
                s->size_effect * log2((double)sc->pupils / ph->median_pupils) +
                w->la_effect[sc->la] + gsl_ran_gaussian(rng, s->school_sd);

    /* Ever inspected; a report card; a report card as the first inspection. */
    sc->inspected = gsl_rng_uniform(rng) >= s->never_inspected;
    if (!sc->inspected)
        return ICSTAT_OK;
    const double p_rc = s->never_inspected < 1 ? s->report_card / (1 - s->never_inspected) : 0;
    const int rc = gsl_rng_uniform(rng) < p_rc;
    const int rc_first = rc && gsl_rng_uniform(rng) < s->report_card_first;
    if (!(rc && rc_first) &&
        (st = draw_graded(w, sc, rc ? s->report_card_oeif_by : day_of(2025, 11, 9))) != ICSTAT_OK)
        return st;
    if (rc) {
        draw_report_card(w, sc, d->file_day);
        if ((st = number_for(&w->nb, sc->rc_start, &sc->rc_number, s->path, w->err)) !=
            ICSTAT_OK)
            return st;
    }
    if (sc->oeif && (sc->oeif_overall == 1 || sc->oeif_overall == 2))
        return draw_ungraded(w, sc);
    return ICSTAT_OK;
}

void icstat_sim_ofsted_free(icstat_sim_ofsted *d)
{
    if (!d)
        return;
    free(d->schools);
    free(d);
}

int icstat_sim_ofsted_draw(const icstat_sim_ofsted_spec *s, gsl_rng *rng,
                           icstat_sim_ofsted **out, icstat_error *err)
{
    *out = NULL;
    drawer w;
    memset(&w, 0, sizeof w);
    w.s = s;
    w.rng = rng;
    w.err = err;
    int st = ICSTAT_OK;
    icstat_sim_ofsted *d = calloc(1, sizeof *d);
    const long first = day_of(ITS_FROM_Y, 9, 1);
    const size_t span = (size_t)(s->file_day - first + 1);
    if (!d || !(d->schools = calloc(s->schools, sizeof *d->schools)) ||
        !(w.cal.day = malloc(span * sizeof *w.cal.day)) ||
        !(w.nb.used = calloc(span, sizeof *w.nb.used)) ||
        !(w.la_effect = malloc(s->local_authorities * sizeof *w.la_effect)) ||
        !(w.estab_used = calloc(s->local_authorities * ICSTAT_OFSTED_PHASES,
                                sizeof *w.estab_used))) {
        st = NOMEM();
        goto done;
    }
    w.d = d;
    d->n = s->schools;
    d->file_day = s->file_day;
    w.nb.first = first;
    w.nb.n = span;
    for (long day = first; day <= s->file_day; day++)
        if (inspection_day(day))
            w.cal.day[w.cal.n++] = day;

    marginal m;
    marginal_init(&m, s);
    solve_thresholds(&m, 0.0, s->oeif_shares, 4, d->oeif_thresholds);
    solve_thresholds(&m, s->judgement_sd, s->oeif_shares, 4, d->judgement_thresholds);
    solve_thresholds(&m, 0.0, s->previous_shares, 4, d->previous_thresholds);
    solve_thresholds(&m, s->area_sd, s->area_shares, 5, d->area_thresholds);
    d->safeguarding_cut =
        marginal_quantile(&m, s->area_sd * s->area_sd, 1.0 - s->safeguarding_not_met);
    d->oeif_safeguarding_cut =
        marginal_quantile(&m, s->judgement_sd * s->judgement_sd, 1.0 - s->oeif_safeguarding_no);

    authorities(s, w.la_first, w.la_count);
    for (size_t l = 0; l < s->local_authorities; l++)
        w.la_effect[l] = gsl_ran_gaussian(rng, s->la_sd);
    for (size_t i = 0; i < s->schools && st == ICSTAT_OK; i++)
        st = draw_school(&w, i);
done:
    free(w.cal.day);
    free(w.nb.used);
    free(w.la_effect);
    free(w.estab_used);
    if (st != ICSTAT_OK) {
        icstat_sim_ofsted_free(d);
        return st;
    }
    *out = d;
    return ICSTAT_OK;
}
