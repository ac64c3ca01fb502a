/* test_sim_schools.c — `icstat simulate` with schools: the spec keys
 * schools, school_sd and areas and their errors; the plan of which school
 * each inspection is of (every school inspected, within its area, by
 * other inspectors where its area has them); the school effect's spread,
 * in the schools table and in the grades (a fit with a random intercept
 * for the school recovers school_sd); and a spec without the keys drawing
 * the bytes it drew before. */
#include <math.h>

#include <gsl/gsl_rng.h>

#include "icstat/clm.h"
#include "icstat/design.h"
#include "icstat/power_fit.h"
#include "icstat/simulate.h"
#include "icstat/table.h"
#include "test_util.h"
#include "../../analysis/simulate/simulate_internal.h"

static const char *base = "inspectors = 4\ninspections = 8\ncategories = a, b\nthresholds = 0\n";

static char *render(const icstat_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(icstat_result_write(r, f, ICSTAT_FMT_CSV), 0);
    fclose(f);
    return buf;
}

static icstat_sim_spec *parse(const char *text)
{
    icstat_sim_spec *s = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_sim_spec_parse("t.spec", text, &s, &err) != ICSTAT_OK)
        fail_msg("%ld: %s", err.line, err.msg);
    return s;
}

/* base followed by extra: refused at `line` with a message holding fragment. */
static void expect_error(const char *extra, long line, const char *fragment)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s%s", base, extra);
    icstat_sim_spec *s = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_sim_spec_parse("t.spec", buf, &s, &err), ICSTAT_EDATA);
    assert_null(s);
    if (err.line != line || !strstr(err.msg, fragment) || strcmp(err.file, "t.spec") != 0)
        fail_msg("got %s:%ld: %s\nwant line %ld: ...%s...", err.file, err.line, err.msg, line,
                 fragment);
}

static void test_spec_keys(void **state)
{
    (void)state;
    char buf[512];
    icstat_sim_spec *s = parse(base);
    assert_int_equal(s->schools, 0);
    assert_int_equal(s->areas, 0);
    assert_true(s->school_sd == 0.0);
    icstat_sim_spec_free(s);
    snprintf(buf, sizeof buf, "%sschools = 6\nschool_sd = 0.75\nareas = 2\n", base);
    s = parse(buf);
    assert_int_equal(s->schools, 6);
    assert_int_equal(s->areas, 2);
    assert_true(s->school_sd == 0.75);
    icstat_sim_spec_free(s);
    /* The extremes that make sense: one school for every inspection, as
     * many areas as inspectors, and school_sd without schools (a new
     * school, with its own effect, every time). */
    snprintf(buf, sizeof buf, "%sschools = 8\nareas = 4\n", base);
    icstat_sim_spec_free(parse(buf));
    snprintf(buf, sizeof buf, "%sschool_sd = 1\n", base);
    icstat_sim_spec_free(parse(buf));

    expect_error("schools = 9\n", 5, "schools = 9 is more than the 8 inspections");
    expect_error("schools = 0\n", 5, "schools must be a whole number above 0 (got '0')");
    expect_error("schools = -3\n", 5, "schools must be a whole number above 0 (got '-3')");
    expect_error("school_sd = -0.1\n", 5, "school_sd must be a number of at least 0");
    expect_error("school_sd = nan\n", 5, "school_sd must be a number of at least 0");
    expect_error("areas = 2\n", 5, "areas needs schools = N");
    expect_error("schools = 6\nareas = 0\n", 6, "areas must be a whole number above 0");
    expect_error("schools = 6\nareas = 5\n", 6, "areas = 5 is more than the 4 inspectors");
    expect_error("areas = 4\nschools = 3\n", 5, "areas = 4 is more than the 3 schools");
    expect_error("schools = 6\nschools = 7\n", 6, "'schools' is given twice");
    expect_error("schools = 6\nareas = 2\ninspector area = x:0.5, y:0.5\n", 7,
                 "'area' is a column icstat writes itself when the spec gives areas");
}

/* A plan of G inspectors with `each` inspections apiece on days 0, 1, ...
 * (every inspector the same days, so a day clash is always possible). */
typedef struct {
    icstat_sim_plan p;
    size_t *slot_first, *school_first, *school_of;
    long *day;
} plan_case;

static void plan_make(plan_case *c, size_t G, size_t each, size_t A, size_t S,
                      unsigned long seed)
{
    const size_t N = G * each;
    c->slot_first = malloc((G + 1) * sizeof *c->slot_first);
    c->day = malloc(N * sizeof *c->day);
    c->school_first = malloc((A + 1) * sizeof *c->school_first);
    c->school_of = malloc(N * sizeof *c->school_of);
    assert_true(c->slot_first && c->day && c->school_first && c->school_of);
    for (size_t g = 0; g <= G; g++)
        c->slot_first[g] = g * each;
    for (size_t x = 0; x < N; x++)
        c->day[x] = (long)(x % each);
    c->p = (icstat_sim_plan){G, A, N, S, c->slot_first, c->day, c->school_first, c->school_of, 0};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    assert_int_equal(icstat_sim_plan_schools(&c->p, rng), ICSTAT_OK);
    gsl_rng_free(rng);
}

static void plan_free(plan_case *c)
{
    free(c->slot_first);
    free(c->day);
    free(c->school_first);
    free(c->school_of);
}

/* What every plan must be: areas' schools in order, each area one at
 * least and no more than its inspections, in proportion to them; every
 * school inspected, only by its area's inspectors; p.repeats the
 * inspections less the distinct (school, inspector) pairs.  Returns the
 * repeat days (a school inspected twice on one day, by two inspectors);
 * *forced: the repeats no plan avoids, a school's visits beyond its
 * area's inspectors. */
static size_t plan_check(const plan_case *c, size_t *forced)
{
    const icstat_sim_plan *p = &c->p;
    assert_int_equal(p->school_first[0], 0);
    assert_int_equal(p->school_first[p->A], p->S);
    for (size_t a = 0; a < p->A; a++) {
        size_t n_a = 0;
        for (size_t g = 0; g < p->G; g++)
            n_a += icstat_sim_area_of(p, g) == a ? p->slot_first[g + 1] - p->slot_first[g] : 0;
        const size_t ns = p->school_first[a + 1] - p->school_first[a];
        assert_true(ns >= 1 && ns <= n_a);
        const double want = 1.0 + (double)(p->S - p->A) * (double)(n_a - 1) / (double)(p->N - p->A);
        assert_true(fabs((double)ns - want) < 1.0);
    }
    size_t *visits = calloc(p->S, sizeof *visits);
    unsigned char *pair = calloc(p->S * p->G, 1);
    size_t *day_seen = calloc(p->S * 64, sizeof *day_seen);
    assert_true(visits && pair && day_seen);
    size_t distinct = 0, same_day = 0;
    for (size_t g = 0; g < p->G; g++)
        for (size_t x = p->slot_first[g]; x < p->slot_first[g + 1]; x++) {
            const size_t i = p->school_of[x], a = icstat_sim_area_of(p, g);
            assert_true(i >= p->school_first[a] && i < p->school_first[a + 1]);
            visits[i]++;
            distinct += !pair[i * p->G + g];
            pair[i * p->G + g] = 1;
            same_day += day_seen[i * 64 + (size_t)p->day[x] % 64]++ > 0;
        }
    size_t *area_g = calloc(p->A, sizeof *area_g);
    assert_non_null(area_g);
    for (size_t g = 0; g < p->G; g++)
        area_g[icstat_sim_area_of(p, g)]++;
    *forced = 0;
    for (size_t a = 0; a < p->A; a++)
        for (size_t i = p->school_first[a]; i < p->school_first[a + 1]; i++) {
            assert_true(visits[i] >= 1);
            *forced += visits[i] > area_g[a] ? visits[i] - area_g[a] : 0;
        }
    free(area_g);
    assert_int_equal(p->repeats, p->N - distinct);
    free(visits);
    free(pair);
    free(day_seen);
    return same_day;
}

static void test_plan(void **state)
{
    (void)state;
    plan_case c;
    size_t forced, seen_forced = 0;
    /* 60 inspectors of 10 inspections in 6 areas, 200 schools (3 visits
     * each on average, 10 inspectors in each area): no school has the
     * same inspector twice unless it has more visits than its area has
     * inspectors (seed 3 draws one with 11), and few have two
     * inspections on one day,
     * though every inspector works on the same 10 days (a same day is
     * avoided where the look-ahead finds another, not mended after). */
    for (unsigned long seed = 1; seed <= 5; seed++) {
        plan_make(&c, 60, 10, 6, 200, seed);
        assert_true(plan_check(&c, &forced) <= 600 / 50);
        assert_int_equal(c.p.repeats, forced);
        seen_forced += forced;
        plan_free(&c);
    }
    assert_int_equal(seen_forced, 1);
    /* One area (no `areas` key), 1,000 schools of 3,000 inspections. */
    plan_make(&c, 300, 10, 1, 1000, 7);
    assert_true(plan_check(&c, &forced) <= 3000 / 50);
    assert_int_equal(c.p.repeats, 0);
    plan_free(&c);
    /* One inspector an area: every second visit repeats him. */
    plan_make(&c, 8, 5, 8, 20, 3);
    plan_check(&c, &forced);
    assert_int_equal(c.p.repeats, 40 - 20);
    assert_int_equal(forced, 40 - 20);
    plan_free(&c);
    /* One school inspected 200,000 times by 2,000 inspectors: the
     * repeats no swap mends, found in bounded time. */
    plan_make(&c, 2000, 100, 1, 1, 5);
    plan_check(&c, &forced);
    assert_int_equal(c.p.repeats, 200000 - 2000);
    plan_free(&c);
    /* A school for every inspection; one school for all. */
    plan_make(&c, 7, 3, 7, 21, 3);
    plan_check(&c, &forced);
    assert_int_equal(c.p.repeats, 0);
    plan_free(&c);
    plan_make(&c, 7, 3, 1, 1, 3);
    plan_check(&c, &forced);
    assert_int_equal(c.p.repeats, 21 - 7);
    plan_free(&c);
    /* Uneven areas: 10 inspectors in 3 areas (4, 3, 3 inspectors, so 24,
     * 18, 18 inspections): 1 + 22 x (23, 17, 17) / 57 schools, 8.88,
     * 6.56, 6.56 rounded by largest remainders (ties to the first area)
     * to 9, 7, 6. */
    plan_make(&c, 10, 6, 3, 25, 9);
    plan_check(&c, &forced);
    assert_int_equal(c.p.school_first[1] - c.p.school_first[0], 10);
    assert_int_equal(c.p.school_first[2] - c.p.school_first[1], 8);
    assert_int_equal(c.p.school_first[3] - c.p.school_first[2], 7);
    plan_free(&c);
}

/* Simulate `text`; the spec, which the output's column names point into
 * (free the output with icstat_sim_output_free, then the spec). */
static icstat_sim_spec *simulate(const char *text, unsigned long seed, icstat_sim_output *out)
{
    icstat_sim_spec *s = parse(text);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    icstat_error err;
    icstat_error_clear(&err);
    if (icstat_simulate(s, rng, out, &err) != ICSTAT_OK)
        fail_msg("%s", err.msg);
    gsl_rng_free(rng);
    return s;
}

static double cell_num(const icstat_result *r, size_t row, size_t col)
{
    char buf[64];
    return strtod(icstat_result_csv_field(r, row, col, buf, sizeof buf), NULL);
}

/* The schools' effects: their variance within four standard errors of
 * school_sd^2 (the sample variance of S normal draws has sd
 * sigma^2 sqrt(2 / (S - 1))), their mean within four of 0. */
static void test_school_effect_spread(void **state)
{
    (void)state;
    const char *text = "inspectors = 400\ninspections = 12000\ncategories = a, b, c\n"
                       "thresholds = -1, 1\ninspector_sd = 0.5\nschools = 5000\n"
                       "school_sd = 0.8\nareas = 40\ncaseload_shape = 4\n";
    icstat_sim_output out;
    icstat_sim_spec *s = simulate(text, 5, &out);
    assert_non_null(out.schools);
    assert_int_equal(icstat_result_nrow(out.schools), 5000);
    assert_string_equal(icstat_result_col_name(out.schools, 2), "effect");
    double sum = 0.0, sum2 = 0.0, visits = 0.0;
    for (size_t i = 0; i < 5000; i++) {
        const double v = cell_num(out.schools, i, 2);
        sum += v;
        sum2 += v * v;
        visits += cell_num(out.schools, i, 1);
        assert_true(cell_num(out.schools, i, 0) == 100001.0 + (double)i);
    }
    assert_true(visits == 12000.0);
    const double mean = sum / 5000, var = (sum2 - 5000 * mean * mean) / 4999;
    assert_close(mean, 0.0, 4.0 * 0.8 / sqrt(5000.0));
    assert_close(var, 0.64, 4.0 * 0.64 * sqrt(2.0 / 4999.0));
    /* No repeat inspector: 10 inspectors to an area with caseloads not
     * far from even, 2.4 visits a school. */
    assert_int_equal(icstat_result_n_notes(out.inspections), 0);
    icstat_sim_output_free(&out);
    icstat_sim_spec_free(s);
}

/* Fit a random intercept for `group` to the simulated inspections:
 * sigma and its standard error (delta method from log sigma). */
static void fit_sd(const icstat_result *inspections, const char *group, double *sd, double *se)
{
    char *csv = render(inspections);
    icstat_table *t = NULL;
    icstat_design *d = NULL;
    icstat_clm_fit *f = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_table_read_buffer("sim", csv, strlen(csv), &t, &err), ICSTAT_OK);
    icstat_design_spec spec = {.outcome = "grade", .group = group};
    icstat_clm_options opt = {.link = ICSTAT_LINK_LOGIT, .quad = 7};
    assert_int_equal(icstat_design_build(t, &spec, &d, &err), ICSTAT_OK);
    if (icstat_clm_fit_model(d, &opt, 1, &f, &err) != ICSTAT_OK)
        fail_msg("%s", err.msg);
    const size_t it = f->npar - 1;
    *sd = exp(f->par[it]);
    *se = *sd * icstat_clm_se(f, it);
    icstat_clm_fit_free(f);
    icstat_design_free(d);
    icstat_table_free(t);
    free(csv);
}

/* The school effect is in the grades: with no inspector effect, a
 * random intercept for the school (urn) recovers school_sd within three
 * standard errors, and one for the inspector finds none (its sd within
 * three standard errors of 0, or below 0.1).  Without `schools` the same
 * school_sd is an extra latent error each inspection, and a school
 * intercept has nothing to find. */
static void test_school_effect_in_grades(void **state)
{
    (void)state;
    const char *text = "inspectors = 300\ninspections = 12000\ncategories = a, b, c, d\n"
                       "thresholds = -2, 0.5, 2.5\nschools = 3000\nschool_sd = 0.8\n"
                       "areas = 30\n";
    icstat_sim_output out;
    icstat_sim_spec *s = simulate(text, 11, &out);
    double sd, se;
    fit_sd(out.inspections, "urn", &sd, &se);
    assert_true(se > 0.0 && se < 0.1);
    assert_close(sd, 0.8, 3.0 * se);
    fit_sd(out.inspections, "inspector", &sd, &se);
    assert_true(sd < 0.1 || sd < 3.0 * se);
    icstat_sim_output_free(&out);
    icstat_sim_spec_free(s);
}

/* A spec without the new keys, or with school_sd = 0, draws what it drew
 * before: the same bytes as a spec that never heard of them, and no
 * schools table. */
static void test_no_schools_unchanged(void **state)
{
    (void)state;
    const char *plain = "inspectors = 30\ninspections = 300\ncategories = a, b, c\n"
                        "thresholds = -1, 1\ninspector_sd = 0.5\n"
                        "school p = A:0.5, B:0.5\neffect p[B] = 0.3\ndouble_inspections = 5\n";
    char with_zero[512];
    snprintf(with_zero, sizeof with_zero, "%sschool_sd = 0\n", plain);
    icstat_sim_output a, b;
    icstat_sim_spec *sa = simulate(plain, 4, &a), *sb = simulate(with_zero, 4, &b);
    assert_null(a.schools);
    char *ta = render(a.inspections), *tb = render(b.inspections);
    assert_string_equal(ta, tb);
    free(ta);
    free(tb);
    ta = render(a.doubles);
    tb = render(b.doubles);
    assert_string_equal(ta, tb);
    free(ta);
    free(tb);
    icstat_sim_output_free(&a);
    icstat_sim_output_free(&b);
    icstat_sim_spec_free(sa);
    icstat_sim_spec_free(sb);
}

/* With schools: double inspections are of further schools (URNs after
 * the schools'), and the area column appears only with areas. */
static void test_schools_tables(void **state)
{
    (void)state;
    const char *text = "inspectors = 20\ninspections = 200\ncategories = a, b\n"
                       "thresholds = 0\nschools = 50\ndouble_inspections = 3\n"
                       "inspector g = f:0.5, m:0.5\nschool p = A:0.5, B:0.5\n";
    icstat_sim_output out;
    icstat_sim_spec *s = simulate(text, 2, &out);
    assert_string_equal(icstat_result_col_name(out.inspections, 5), "p");
    assert_string_equal(icstat_result_col_name(out.schools, 3), "p");
    assert_int_equal(icstat_result_ncol(out.inspectors), 4);
    assert_true(cell_num(out.doubles, 0, 0) == 100051.0);
    icstat_sim_output_free(&out);
    icstat_sim_spec_free(s);
    char buf[512];
    snprintf(buf, sizeof buf, "%sareas = 5\n", text);
    s = simulate(buf, 2, &out);
    assert_string_equal(icstat_result_col_name(out.inspections, 5), "area");
    assert_string_equal(icstat_result_col_name(out.schools, 3), "area");
    assert_string_equal(icstat_result_col_name(out.inspectors, 3), "area");
    char area[64];
    assert_string_equal(icstat_result_csv_field(out.inspectors, 19, 3, area, sizeof area), "A005");
    icstat_sim_output_free(&out);
    icstat_sim_spec_free(s);
}

/* icstat_simulate checks the sizes again (icstat power fit changes the
 * inspections): more schools than inspections is an error, not a crash. */
static void test_sizes_rechecked(void **state)
{
    (void)state;
    char buf[512];
    snprintf(buf, sizeof buf, "%sschools = 8\nareas = 2\n", base);
    icstat_sim_spec *s = parse(buf);
    s->inspections = 6;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    icstat_sim_output out;
    icstat_error err;
    icstat_error_clear(&err);
    assert_int_equal(icstat_simulate(s, rng, &out, &err), ICSTAT_EDATA);
    assert_non_null(strstr(err.msg, "schools = 8 is more than the 6 inspections"));
    assert_null(out.inspections);
    s->inspections = 8;
    s->inspectors = 1;
    assert_int_equal(icstat_simulate(s, rng, &out, &err), ICSTAT_EDATA);
    assert_non_null(strstr(err.msg, "areas = 2 is more than the 1 inspectors"));
    gsl_rng_free(rng);
    icstat_sim_spec_free(s);
}

/* icstat power fit with a spec that has schools: its designs' sizes are
 * checked against them (ICSTAT_EUSAGE), and a design that fits them runs
 * every study. */
static void test_power_fit_schools(void **state)
{
    (void)state;
    icstat_sim_spec *s = parse("inspectors = 20\ninspections = 200\ncategories = a, b, c\n"
                               "thresholds = -1, 1\nschools = 80\nschool_sd = 0.5\nareas = 4\n"
                               "school p = A:0.5, B:0.5\neffect p[B] = 0.5\n");
    icstat_power_fit_result *r = NULL;
    icstat_error err;
    icstat_error_clear(&err);
    icstat_power_fit_spec ps = {s, "p", 79, 20, 0.3, 1, 4, 1, 0.05, 0.95, 1, NULL, NULL};
    assert_int_equal(icstat_power_fit(&ps, &r, &err), ICSTAT_EUSAGE);
    assert_string_equal(err.msg, "79 inspections cannot give each of the spec's 80 schools one "
                                 "(simulate inspects every school at least once)");
    ps.inspections = 200;
    ps.inspectors = 3;
    assert_int_equal(icstat_power_fit(&ps, &r, &err), ICSTAT_EUSAGE);
    assert_string_equal(err.msg, "3 inspectors cannot give each of the spec's 4 areas one");
    assert_null(r);
    ps.inspectors = 20;
    if (icstat_power_fit(&ps, &r, &err) != ICSTAT_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(r->failed, 0);
    icstat_power_fit_result_free(r);
    icstat_sim_spec_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_keys),
        cmocka_unit_test(test_plan),
        cmocka_unit_test(test_school_effect_spread),
        cmocka_unit_test(test_school_effect_in_grades),
        cmocka_unit_test(test_no_schools_unchanged),
        cmocka_unit_test(test_schools_tables),
        cmocka_unit_test(test_sizes_rechecked),
        cmocka_unit_test(test_power_fit_schools),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
