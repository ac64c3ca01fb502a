/*
 * gen_fit_data: benchmark data for `icstat fit`, the size of Bokhove, Jerrim
 * & Sims (2023): 35,751 inspections led by 1,376 inspectors.
 *
 *   cc -std=c11 -O2 -Wall -Wextra -Werror tests/bench/gen_fit_data.c \
 *      -lgsl -lgslcblas -lm -o build/bench/gen_fit_data
 *   build/bench/gen_fit_data [SEED [ROWS INSPECTORS [AREAS SCHOOLS]]] >fit_bokhove.csv
 *
 * (SEED 20261125, ROWS 35751, INSPECTORS 1376 by default; the scale
 * benchmark asks for 1,000,000 rows and 20,000 inspectors.)
 *
 * With AREAS and SCHOOLS (the crossed benchmark of `--group inspector
 * --group urn`): SCHOOLS schools with ROWS/SCHOOLS inspections each (the
 * remainder one more), each school and inspector in one of AREAS areas
 * (school s and inspector g in area s % AREAS and g % AREAS), every
 * inspection led by an inspector of the school's area (uniformly: the
 * uneven caseloads below are not drawn), and a school effect N(0, 0.7^2)
 * added to the latent grade.  Without them the output is exactly as
 * before.
 *
 * Columns: urn,inspector,grade,female,hmi,experience,phase,region,idaci,
 * pupils,fsm,year.  Inspector columns (female, hmi, experience) are constant
 * within inspector; school columns (phase, region, idaci, pupils, fsm) are
 * constant within urn (schools are inspected 1-3 times, years distinct).
 * With phase, region and idaci categorical the fixed-effect design has
 * 1+1+1+3+8+4+1+1 = 20 columns.
 *
 * Grade follows a logit cumulative link model, parameterised as ordinal::clm:
 *   logit P(Y <= j) = theta_j - x'beta - u_g,   u_g ~ N(0, 0.5^2),
 * so a positive coefficient means worse grades.  The thresholds are solved
 * on the drawn covariates and inspector effects so that the expected grade
 * shares are 12% / 60% / 22% / 6% (Outstanding / Good / RI / Inadequate).
 *
 * Inspector caseloads are uneven: 1 + a multinomial share of the remaining
 * inspections with gamma(1) weights, so about a tenth of inspectors lead 1-3
 * inspections and a few lead well over 80.  Rows come out in a shuffled
 * order.  All randomness comes from one gsl_rng_mt19937 stream, so the
 * output is deterministic for a given seed.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

enum { N_CAT = 4 };

#define U_SD 0.5

static const char *const PHASES[] = {"Primary", "Secondary", "Nursery", "Special"};
static const double PHASE_P[] = {0.75, 0.17, 0.02, 0.06};
static const double PHASE_BETA[] = {0.0, 0.30, -0.60, -0.40};
static const double PHASE_PUPILS[] = {250.0, 1000.0, 90.0, 110.0}; /* medians */

static const char *const REGIONS[] = {
    "North East", "North West", "Yorkshire and the Humber",
    "East Midlands", "West Midlands", "East of England",
    "London", "South East", "South West"};
static const double REGION_P[] = {0.05, 0.14, 0.10, 0.09, 0.11,
                                  0.12, 0.12, 0.16, 0.11};
static const double REGION_BETA[] = {0.0, 0.10, 0.15, 0.10, 0.05,
                                     -0.05, -0.20, -0.10, 0.0};

/* IDACI quintile 1 = most deprived: worse grades there. */
static const double IDACI_BETA[] = {0.0, -0.10, -0.20, -0.30, -0.40};

#define BETA_FEMALE 0.15
#define BETA_HMI 0.50
#define BETA_EXPERIENCE (-0.01) /* per year */
#define BETA_PUPILS 0.0002      /* per pupil: +0.2 per 1,000 */
#define BETA_FSM 1.0            /* per unit share */

static const double CUM_TARGET[N_CAT - 1] = {0.12, 0.72, 0.94};

struct inspector {
    int female;
    int hmi;
    double experience;
    double u;
};

struct inspection {
    int urn;
    int phase;
    int region;
    int idaci;
    int pupils;
    double fsm;
    int year;
    int inspector;
    int grade;
    double eta;
};

static size_t pick(const gsl_rng *r, const double *p, size_t n)
{
    double x = gsl_rng_uniform(r);
    for (size_t i = 0; i + 1 < n; i++) {
        if (x < p[i])
            return i;
        x -= p[i];
    }
    return n - 1;
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

static double plogis(double x)
{
    return x >= 0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x));
}

/* Threshold theta with mean_i plogis(theta - eta_i) = target (bisection). */
static double solve_threshold(const struct inspection *rows, size_t n, double target)
{
    double lo = -30.0, hi = 30.0;
    for (int it = 0; it < 200 && hi - lo > 1e-12; it++) {
        double mid = 0.5 * (lo + hi), s = 0.0;
        for (size_t i = 0; i < n; i++)
            s += plogis(mid - rows[i].eta);
        if (s / (double)n < target)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

int main(int argc, char **argv)
{
    unsigned long seed = 20261125UL, n_rows = 35751, n_insp = 1376;
    unsigned long n_areas = 0, n_schools = 0;
    if (argc != 1 && argc != 2 && argc != 4 && argc != 6) {
        fprintf(stderr, "usage: %s [SEED [ROWS INSPECTORS [AREAS SCHOOLS]]]\n", argv[0]);
        return 2;
    }
    unsigned long *const val[] = {&seed, &n_rows, &n_insp, &n_areas, &n_schools};
    for (int a = 1; a < argc; a++) {
        char *end;
        errno = 0;
        *val[a - 1] = strtoul(argv[a], &end, 10);
        if (errno != 0 || end == argv[a] || *end != '\0' || argv[a][0] == '-') {
            fprintf(stderr, "%s: arguments must be non-negative integers, got '%s'\n",
                    argv[0], argv[a]);
            return 2;
        }
    }
    if (n_insp < 1 || n_rows < n_insp || n_rows > 100000000UL) {
        fprintf(stderr, "%s: need 1 <= INSPECTORS <= ROWS <= 100000000\n", argv[0]);
        return 2;
    }
    if (argc == 6 && (n_areas < 1 || n_areas > n_insp || n_schools < n_areas ||
                      n_schools > n_rows)) {
        fprintf(stderr, "%s: need 1 <= AREAS <= INSPECTORS and AREAS <= SCHOOLS <= ROWS\n",
                argv[0]);
        return 2;
    }
    const int N_ROWS = (int)n_rows, N_INSPECTORS = (int)n_insp;

    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    struct inspector *insp = calloc(N_INSPECTORS, sizeof *insp);
    struct inspection *rows = calloc(N_ROWS, sizeof *rows);
    int *owner = malloc(N_ROWS * sizeof *owner);
    size_t *order = malloc(N_ROWS * sizeof *order);
    double *weight = malloc(N_INSPECTORS * sizeof *weight);
    unsigned int *extra = malloc(N_INSPECTORS * sizeof *extra);
    if (!r || !insp || !rows || !owner || !order || !weight || !extra) {
        fprintf(stderr, "%s: out of memory\n", argv[0]);
        return 1;
    }
    gsl_rng_set(r, seed);

    /* Inspectors. */
    for (int g = 0; g < N_INSPECTORS; g++) {
        insp[g].female = gsl_rng_uniform(r) < 0.45;
        insp[g].hmi = gsl_rng_uniform(r) < 0.20;
        insp[g].experience =
            round(clamp(0.5 + gsl_ran_gamma(r, 2.0, 4.0), 0.5, 35.0) * 10.0) / 10.0;
        insp[g].u = gsl_ran_gaussian(r, U_SD);
    }

    /* Schools, each inspected 1-3 times in distinct years 2012-2019. */
    static const double VISITS_P[] = {0.35, 0.40, 0.25};
    int n = 0, urn = 100000;
    double *school_u = NULL;
    if (n_areas && !(school_u = malloc(n_schools * sizeof *school_u))) {
        fprintf(stderr, "%s: out of memory\n", argv[0]);
        return 1;
    }
    while (n < N_ROWS) {
        const long s = urn - 100000; /* this school's index */
        int visits = n_areas ? (int)(n_rows / n_schools + ((unsigned long)s < n_rows % n_schools))
                             : 1 + (int)pick(r, VISITS_P, 3);
        if (visits > N_ROWS - n)
            visits = N_ROWS - n;
        if (n_areas)
            school_u[s] = gsl_ran_gaussian(r, 0.7);
        int phase = (int)pick(r, PHASE_P, 4);
        int region = (int)pick(r, REGION_P, 9);
        int idaci = 1 + (int)gsl_rng_uniform_int(r, 5);
        int pupils = (int)lround(clamp(
            PHASE_PUPILS[phase] * exp(gsl_ran_gaussian(r, 0.45)), 30.0, 2000.0));
        double fsm = clamp(0.38 - 0.07 * (idaci - 1) + gsl_ran_gaussian(r, 0.06),
                           0.0, 0.7);
        fsm = round(fsm * 1000.0) / 1000.0;
        int years[8] = {2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019};
        gsl_ran_shuffle(r, years, 8, sizeof years[0]);
        urn++;
        for (int v = 0; v < visits; v++, n++) {
            rows[n].urn = urn;
            rows[n].phase = phase;
            rows[n].region = region;
            rows[n].idaci = idaci;
            rows[n].pupils = pupils;
            rows[n].fsm = fsm;
            rows[n].year = years[v % 8];
        }
    }

    /* Caseloads: every inspector leads at least one inspection. */
    for (int g = 0; g < N_INSPECTORS; g++)
        weight[g] = gsl_ran_gamma(r, 1.0, 1.0);
    gsl_ran_multinomial(r, N_INSPECTORS, N_ROWS - N_INSPECTORS, weight, extra);
    n = 0;
    for (int g = 0; g < N_INSPECTORS; g++)
        for (unsigned int k = 0; k < 1 + extra[g]; k++)
            owner[n++] = g;
    if (n != N_ROWS) {
        fprintf(stderr, "%s: internal error: %d caseload rows\n", argv[0], n);
        return 1;
    }
    gsl_ran_shuffle(r, owner, N_ROWS, sizeof owner[0]);
    /* Areas: the inspector of each inspection drawn from the school's area
     * (inspector g is in area g % AREAS, a school s in area s % AREAS). */
    for (int i = 0; n_areas && i < N_ROWS; i++) {
        const unsigned long area = (unsigned long)(rows[i].urn - 100001) % n_areas;
        const unsigned long in_area = (n_insp - area + n_areas - 1) / n_areas;
        owner[i] = (int)(area + n_areas * gsl_rng_uniform_int(r, in_area));
    }

    /* Linear predictor and thresholds. */
    for (int i = 0; i < N_ROWS; i++) {
        struct inspection *x = &rows[i];
        const struct inspector *s = &insp[owner[i]];
        x->inspector = owner[i];
        x->eta = BETA_FEMALE * s->female + BETA_HMI * s->hmi +
                 BETA_EXPERIENCE * s->experience + PHASE_BETA[x->phase] +
                 REGION_BETA[x->region] + IDACI_BETA[x->idaci - 1] +
                 BETA_PUPILS * x->pupils + BETA_FSM * x->fsm + s->u +
                 (n_areas ? school_u[x->urn - 100001] : 0.0);
    }
    double theta[N_CAT - 1];
    for (int j = 0; j < N_CAT - 1; j++)
        theta[j] = solve_threshold(rows, N_ROWS, CUM_TARGET[j]);
    for (int i = 0; i < N_ROWS; i++) {
        double v = gsl_rng_uniform(r);
        int j = 0;
        while (j < N_CAT - 1 && v >= plogis(theta[j] - rows[i].eta))
            j++;
        rows[i].grade = j + 1;
    }

    /* Shuffled output. */
    for (size_t i = 0; i < n_rows; i++)
        order[i] = i;
    gsl_ran_shuffle(r, order, N_ROWS, sizeof order[0]);
    static char buf[1 << 16];
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    printf("urn,inspector,grade,female,hmi,experience,phase,region,idaci,pupils,fsm,year\n");
    for (size_t k = 0; k < n_rows; k++) {
        const struct inspection *x = &rows[order[k]];
        const struct inspector *s = &insp[x->inspector];
        printf("%d,L%04d,%d,%d,%s,%.1f,%s,%s,%d,%d,%.3f,%d\n", x->urn,
               x->inspector + 1, x->grade, s->female, s->hmi ? "HMI" : "OI",
               s->experience, PHASES[x->phase], REGIONS[x->region], x->idaci,
               x->pupils, x->fsm, x->year);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: write error\n", argv[0]);
        return 1;
    }
    fprintf(stderr, "gen_fit_data: seed %lu, %d rows, %d inspectors, thresholds "
                    "%.4f %.4f %.4f\n",
            seed, N_ROWS, N_INSPECTORS, theta[0], theta[1], theta[2]);

    free(school_u);
    free(extra);
    free(weight);
    free(order);
    free(owner);
    free(rows);
    free(insp);
    gsl_rng_free(r);
    return 0;
}
