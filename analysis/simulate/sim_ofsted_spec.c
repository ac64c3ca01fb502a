/* sim_ofsted_spec.c — the spec of a synthetic Ofsted file (`layout =
 * ofsted_mi`; the model is in include/icstat/sim_ofsted.h, the bundled
 * spec with every key in datasets/synthetic/ofsted_mi.spec).
 *
 *   layout = ofsted_mi                   (first)
 *   seed = 2026        file_date = 2026-10-31
 *   schools = 8000     local_authorities = 90
 *   never_inspected = 0.02   report_card = 0.20   report_card_first = 0.03
 *   report_card_oeif_by = 2023-08-31   previous = 0.90   ungraded = 0.70
 *   phase Primary = 0.765, 0, 230, 0.45, 0.92, 0
 *                  (share, effect, median pupils, sd of log pupils,
 *                   share with early years, share with post-16)
 *   region London = 0.114
 *   effect idaci = -0.45, -0.2, 0, 0.2, 0.45     effect size = 0.1
 *   la_sd = 0.3   school_sd = 1.5   judgement_sd = 0.5   area_sd = 0.7
 *   oeif_overall = 0.15, 0.65, 0.15, 0.05
 *   previous_overall = 0.13, 0.55, 0.26, 0.06
 *   report_card_areas = 0.04, 0.30, 0.525, 0.12, 0.015
 *   safeguarding_not_met = 0.015   oeif_safeguarding_no = 0.012
 *   shift Latest OEIF personal development = -0.8   (a column's header)
 *
 * Keys left out keep the defaults below (those of the bundled spec).
 * Every problem names the file and line. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "icstat/date.h"
#include "icstat/seed.h"
#include "icstat/sim_ofsted.h"
#include "icstat/spec_text.h"
#include "icstat/table.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

const char *const icstat_ofsted_phase_names[ICSTAT_OFSTED_PHASES] = {
    "Primary", "Secondary", "Special", "Nursery", "PRU", "All-through"};
const char *const icstat_ofsted_region_names[ICSTAT_OFSTED_REGIONS] = {
    "North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands",
    "East of England", "London", "South East", "South West"};
const char *const icstat_oeif_judgement_names[ICSTAT_OEIF_JUDGEMENTS] = {
    "Latest OEIF quality of education",
    "Latest OEIF behaviour and attitudes",
    "Latest OEIF personal development",
    "Latest OEIF effectiveness of leadership and management",
    "Latest OEIF early years provision (where applicable)",
    "Latest OEIF sixth form provision (where applicable)"};
const char *const icstat_rc_area_names[ICSTAT_RC_AREAS] = {
    "Inclusion",
    "Curriculum and teaching",
    "Achievement",
    "Attendance and behaviour",
    "Personal development and wellbeing",
    "Early years (where applicable)",
    "Post-16 provision (where applicable)",
    "Leadership and governance"};

/* The first day of report cards, and the old framework's window. */
#define REPORT_CARDS_FROM "2025-11-10"
#define OEIF_FROM "2019-09-02"
#define OEIF_TO "2025-11-09"
/* Schools: England has about 22,000 state-funded schools; the cap keeps
 * the inspections of one day within the numbers a day has (sim_ofsted.c). */
#define MAX_SCHOOLS 30000

static long day_of(const char *iso)
{
    int y, m, d;
    icstat_date_parse(iso, &y, &m, &d);
    return icstat_date_to_days(y, m, d);
}

/* The defaults: datasets/synthetic/ofsted_mi.spec, where each is explained. */
static void set_defaults(icstat_sim_ofsted_spec *s)
{
    static const icstat_sim_ofsted_phase phases[ICSTAT_OFSTED_PHASES] = {
        {0.765, 0.00, 230, 0.45, 0.92, 0.00},   /* Primary */
        {0.155, 0.45, 950, 0.40, 0.00, 0.60},   /* Secondary */
        {0.048, -0.40, 110, 0.50, 0.35, 0.55},  /* Special */
        {0.012, -1.50, 90, 0.35, 1.00, 0.00},   /* Nursery */
        {0.012, 0.20, 55, 0.55, 0.00, 0.00},    /* PRU */
        {0.008, 0.40, 1300, 0.35, 0.60, 0.85}}; /* All-through */
    static const double regions[ICSTAT_OFSTED_REGIONS] = {0.053, 0.145, 0.103, 0.092, 0.110,
                                                          0.117, 0.114, 0.165, 0.101};
    static const double idaci[ICSTAT_OFSTED_QUINTILES] = {-0.45, -0.20, 0.00, 0.20, 0.45};
    static const double oeif[4] = {0.15, 0.65, 0.15, 0.05}, prev[4] = {0.13, 0.55, 0.26, 0.06};
    static const double areas[5] = {0.04, 0.30, 0.525, 0.12, 0.015};
    static const double jshift[ICSTAT_OEIF_JUDGEMENTS] = {0.0, -0.4, -0.8, -0.2, -0.5, -0.2};
    static const double ashift[ICSTAT_RC_AREAS] = {0.0, 0.0, 0.2, 0.1, -0.3, -0.4, 0.0, -0.1};
    s->seed = 1;
    s->file_day = day_of("2026-10-31");
    s->schools = 8000;
    s->local_authorities = 90;
    s->never_inspected = 0.02;
    s->report_card = 0.20;
    s->report_card_first = 0.03;
    s->report_card_oeif_by = day_of("2023-08-31");
    s->previous = 0.90;
    s->ungraded = 0.70;
    memcpy(s->phase, phases, sizeof phases);
    memcpy(s->region, regions, sizeof regions);
    memcpy(s->idaci, idaci, sizeof idaci);
    s->size_effect = 0.10;
    s->la_sd = 0.30;
    s->school_sd = 1.50;
    s->judgement_sd = 0.50;
    s->area_sd = 0.70;
    memcpy(s->oeif_shares, oeif, sizeof oeif);
    memcpy(s->previous_shares, prev, sizeof prev);
    memcpy(s->area_shares, areas, sizeof areas);
    s->safeguarding_not_met = 0.015;
    s->oeif_safeguarding_no = 0.012;
    memcpy(s->judgement_shift, jshift, sizeof jshift);
    memcpy(s->area_shift, ashift, sizeof ashift);
}

void icstat_sim_ofsted_spec_free(icstat_sim_ofsted_spec *s)
{
    if (!s)
        return;
    free(s->path);
    free(s);
}

/* Up to max numbers separated by commas, each parsed whole: their count,
 * or -1 when an item is empty or not a number. */
static int parse_numbers(const char *value, double *x, int max)
{
    int n = 0;
    for (const char *p = value;; n++) {
        const char *comma = strchr(p, ',');
        const size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char item[64];
        if (n == max || len >= sizeof item)
            return -1;
        memcpy(item, p, len);
        item[len] = '\0';
        char *a = item, *b = item + len;
        while (*a == ' ' || *a == '\t')
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            *--b = '\0';
        if (!icstat_parse_double(a, &x[n]))
            return -1;
        if (!comma)
            return n + 1;
        p = comma + 1;
    }
}

/* A list of exactly n shares, each above 0, adding up to 1. */
static int parse_shares(const char *path, long line, const char *key, const char *value,
                        double *out, int n, icstat_error *err)
{
    double x[8], total = 0.0;
    int ok = parse_numbers(value, x, 8) == n;
    for (int i = 0; ok && i < n; i++)
        ok = x[i] > 0 && x[i] < 1;
    for (int i = 0; ok && i < n; i++)
        total += x[i];
    if (!ok || fabs(total - 1.0) > 1e-6)
        return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                "%s needs %d shares, each above 0, adding up to 1 (got '%s')",
                                key, n, value);
    memcpy(out, x, (size_t)n * sizeof *x);
    return ICSTAT_OK;
}

typedef enum { K_COUNT, K_SHARE, K_SD, K_DATE, K_SEED, K_SHARES, K_EFFECTS } key_kind;

typedef struct {
    const char *key;
    key_kind kind;
    double lo, hi; /* K_COUNT, K_SHARE: the range; K_SHARES, K_EFFECTS: how many */
} key_def;

static const key_def keys[] = {
    {"seed", K_SEED, 0, 0},
    {"file_date", K_DATE, 0, 0},
    {"schools", K_COUNT, 1, MAX_SCHOOLS},
    {"local_authorities", K_COUNT, ICSTAT_OFSTED_REGIONS, 99},
    {"never_inspected", K_SHARE, 0, 1},
    {"report_card", K_SHARE, 0, 1},
    {"report_card_first", K_SHARE, 0, 1},
    {"report_card_oeif_by", K_DATE, 0, 0},
    {"previous", K_SHARE, 0, 1},
    {"ungraded", K_SHARE, 0, 1},
    {"effect idaci", K_EFFECTS, ICSTAT_OFSTED_QUINTILES, 0},
    {"effect size", K_EFFECTS, 1, 0},
    {"la_sd", K_SD, 0, 0},
    {"school_sd", K_SD, 0, 0},
    {"judgement_sd", K_SD, 0, 0},
    {"area_sd", K_SD, 0, 0},
    {"oeif_overall", K_SHARES, 4, 0},
    {"previous_overall", K_SHARES, 4, 0},
    {"report_card_areas", K_SHARES, 5, 0},
    {"safeguarding_not_met", K_SHARE, 0.0001, 0.5},
    {"oeif_safeguarding_no", K_SHARE, 0.0001, 0.5},
};
enum { N_KEYS = sizeof keys / sizeof *keys };

static const char *const known_keys =
    "layout, seed, file_date, schools, local_authorities, never_inspected, report_card, "
    "report_card_first, report_card_oeif_by, previous, ungraded, phase NAME, region NAME, "
    "effect idaci, effect size, la_sd, school_sd, judgement_sd, area_sd, oeif_overall, "
    "previous_overall, report_card_areas, safeguarding_not_met, oeif_safeguarding_no, "
    "shift NAME";

/* Where key i's value goes (keys[] order). */
static void *key_target(icstat_sim_ofsted_spec *s, size_t i)
{
#define AT(member) offsetof(icstat_sim_ofsted_spec, member)
    static const size_t at[N_KEYS] = {
        AT(seed), AT(file_day), AT(schools), AT(local_authorities), AT(never_inspected),
        AT(report_card), AT(report_card_first), AT(report_card_oeif_by), AT(previous),
        AT(ungraded), AT(idaci), AT(size_effect), AT(la_sd), AT(school_sd), AT(judgement_sd),
        AT(area_sd), AT(oeif_shares), AT(previous_shares), AT(area_shares),
        AT(safeguarding_not_met), AT(oeif_safeguarding_no)};
#undef AT
    return (char *)s + at[i];
}

/* The state of one parse. */
typedef struct {
    icstat_sim_ofsted_spec *s;
    long seen_line[N_KEYS + ICSTAT_OFSTED_PHASES + ICSTAT_OFSTED_REGIONS +
                   ICSTAT_OEIF_JUDGEMENTS + ICSTAT_RC_AREAS];
    size_t keys;       /* key lines so far */
    int phases_given;  /* a phase line replaces the default mix: all six then */
    int regions_given; /* the same for regions */
} walk;

enum {
    SEEN_PHASE = N_KEYS,
    SEEN_REGION = SEEN_PHASE + ICSTAT_OFSTED_PHASES,
    SEEN_JSHIFT = SEEN_REGION + ICSTAT_OFSTED_REGIONS,
    SEEN_ASHIFT = SEEN_JSHIFT + ICSTAT_OEIF_JUDGEMENTS
};

/* A key seen before is refused with the line of its first appearance. */
static int once(walk *w, size_t slot, const char *key, long line, icstat_error *err)
{
    if (w->seen_line[slot])
        return icstat_error_set(err, ICSTAT_EDATA, w->s->path, line,
                                "'%s' is given twice (first on line %ld)", key,
                                w->seen_line[slot]);
    w->seen_line[slot] = line;
    return ICSTAT_OK;
}

static long find_name(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(names[i], name) == 0)
            return (long)i;
    return -1;
}

/* "phase NAME = ...", "region NAME = ..." and "shift NAME = ...". */
static int named_line(walk *w, const char *key, const char *value, long line,
                      icstat_error *err)
{
    icstat_sim_ofsted_spec *s = w->s;
    const char *path = s->path, *name = strchr(key, ' '); /* the caller saw a space */
    if (!name)
        return icstat_error_set(err, ICSTAT_EDATA, path, line, "unknown key '%s'", key);
    while (*name == ' ')
        name++;
    if (strncmp(key, "phase ", 6) == 0) {
        const long p = find_name(icstat_ofsted_phase_names, ICSTAT_OFSTED_PHASES, name);
        if (p < 0)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "unknown phase '%s' (use Primary, Secondary, Special, "
                                    "Nursery, PRU or All-through)", name);
        int st = once(w, SEEN_PHASE + (size_t)p, key, line, err);
        if (st != ICSTAT_OK)
            return st;
        if (!w->phases_given++)
            for (int i = 0; i < ICSTAT_OFSTED_PHASES; i++)
                s->phase[i].share = 0.0;
        double x[6];
        if (parse_numbers(value, x, 6) != 6 || x[0] < 0 || x[0] > 1 || !(x[2] >= 1) ||
            x[2] > 10000 || x[3] < 0 || x[3] > 3 || x[4] < 0 || x[4] > 1 || x[5] < 0 ||
            x[5] > 1 || fabs(x[1]) > 20)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "phase %s needs six numbers: share (0 to 1), effect, "
                                    "median pupils (1 to 10000), sd of log pupils (0 to 3), "
                                    "share with early years and share with post-16 (0 to 1) "
                                    "(got '%s')", icstat_ofsted_phase_names[p], value);
        s->phase[p] = (icstat_sim_ofsted_phase){x[0], x[1], x[2], x[3], x[4], x[5]};
        return ICSTAT_OK;
    }
    if (strncmp(key, "region ", 7) == 0) {
        const long r = find_name(icstat_ofsted_region_names, ICSTAT_OFSTED_REGIONS, name);
        if (r < 0)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "unknown region '%s' (use one of England's nine: North "
                                    "East, North West, Yorkshire and the Humber, East "
                                    "Midlands, West Midlands, East of England, London, South "
                                    "East, South West)", name);
        int st = once(w, SEEN_REGION + (size_t)r, key, line, err);
        if (st != ICSTAT_OK)
            return st;
        if (!w->regions_given++)
            for (int i = 0; i < ICSTAT_OFSTED_REGIONS; i++)
                s->region[i] = 0.0;
        double x;
        if (!icstat_parse_double(value, &x) || x < 0 || x > 1)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "region %s needs a share from 0 to 1 (got '%s')",
                                    icstat_ofsted_region_names[r], value);
        s->region[r] = x;
        return ICSTAT_OK;
    }
    /* shift NAME: a sub-judgement's or an area's header. */
    long j = find_name(icstat_oeif_judgement_names, ICSTAT_OEIF_JUDGEMENTS, name);
    const long a = j < 0 ? find_name(icstat_rc_area_names, ICSTAT_RC_AREAS, name) : -1;
    if (j < 0 && a < 0)
        return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                "shift '%s': name a report-card area (Inclusion, ..., "
                                "Leadership and governance) or an OEIF sub-judgement (Latest "
                                "OEIF quality of education, ...) as the file's header does",
                                name);
    int st = once(w, j >= 0 ? SEEN_JSHIFT + (size_t)j : SEEN_ASHIFT + (size_t)a, key, line, err);
    if (st != ICSTAT_OK)
        return st;
    double x;
    if (!icstat_parse_double(value, &x) || fabs(x) > 20)
        return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                "%s must be a number from -20 to 20 (got '%s')", key, value);
    *(j >= 0 ? &s->judgement_shift[j] : &s->area_shift[a]) = x;
    return ICSTAT_OK;
}

static int scalar_line(walk *w, size_t i, const char *key, const char *value, long line,
                       icstat_error *err)
{
    icstat_sim_ofsted_spec *s = w->s;
    const char *path = s->path;
    const key_def *k = &keys[i];
    void *dst = key_target(s, i);
    double x[ICSTAT_OFSTED_QUINTILES];
    int y, m, d;
    switch (k->kind) {
    case K_SEED:
        if (icstat_seed_parse(value, &s->seed) != 0)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "seed must be " ICSTAT_SEED_RANGE " (got '%s')", value);
        s->has_seed = 1;
        return ICSTAT_OK;
    case K_DATE:
        if (strlen(value) != 10 || value[4] != '-' || icstat_date_parse(value, &y, &m, &d) != 0)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "%s must be a date YYYY-MM-DD (got '%s')", key, value);
        *(long *)dst = icstat_date_to_days(y, m, d);
        return ICSTAT_OK;
    case K_COUNT:
        if (!icstat_parse_double(value, &x[0]) || x[0] != floor(x[0]) || x[0] < k->lo ||
            x[0] > k->hi)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "%s must be a whole number from %.0f to %.0f (got '%s')", key,
                                    k->lo, k->hi, value);
        *(size_t *)dst = (size_t)x[0];
        return ICSTAT_OK;
    case K_SHARE:
        if (!icstat_parse_double(value, &x[0]) || x[0] < k->lo || x[0] > k->hi)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "%s must be a share from %g to %g (got '%s')", key, k->lo,
                                    k->hi, value);
        *(double *)dst = x[0];
        return ICSTAT_OK;
    case K_SD:
        if (!icstat_parse_double(value, &x[0]) || x[0] < 0 || x[0] > 10)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "%s must be a standard deviation from 0 to 10 (got '%s')",
                                    key, value);
        *(double *)dst = x[0];
        return ICSTAT_OK;
    case K_SHARES:
        return parse_shares(path, line, key, value, dst, (int)k->lo, err);
    default: { /* K_EFFECTS */
        const int n = (int)k->lo;
        int ok = parse_numbers(value, x, n) == n;
        for (int j = 0; ok && j < n; j++)
            ok = fabs(x[j]) <= 20;
        if (!ok)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "%s needs %.0f number%s from -20 to 20 (got '%s')", key,
                                    k->lo, k->lo > 1 ? "s" : "", value);
        memcpy(dst, x, (size_t)n * sizeof *x);
        return ICSTAT_OK;
    }
    }
}

static int spec_line(void *ctx, char *key, char *value, long line, icstat_error *err)
{
    walk *w = ctx;
    const char *path = w->s->path;
    /* "effect  idaci" and "phase  Primary" as "effect idaci", "phase Primary". */
    char *sp = strchr(key, ' ');
    if (sp) {
        char *q = sp + 1;
        while (*q == ' ' || *q == '\t')
            q++;
        memmove(sp + 1, q, strlen(q) + 1);
    }
    if (w->keys++ == 0) {
        if (strcmp(key, "layout") != 0 || strcmp(value, "ofsted_mi") != 0)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "an ofsted_mi spec starts with `layout = ofsted_mi`");
        return ICSTAT_OK;
    }
    if (strcmp(key, "layout") == 0)
        return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                "layout must be the first key of a spec");
    for (size_t i = 0; i < N_KEYS; i++)
        if (strcmp(key, keys[i].key) == 0) {
            const int st = once(w, i, key, line, err);
            return st != ICSTAT_OK ? st : scalar_line(w, i, key, value, line, err);
        }
    if (sp && (strncmp(key, "phase ", 6) == 0 || strncmp(key, "region ", 7) == 0 ||
               strncmp(key, "shift ", 6) == 0))
        return named_line(w, key, value, line, err);
    return icstat_error_set(err, ICSTAT_EDATA, path, line, "unknown key '%s' (known: %s)", key,
                            known_keys);
}

/* What holds across keys: shares that add up, dates in their windows. */
static int check_spec(const icstat_sim_ofsted_spec *s, icstat_error *err)
{
    const char *path = s->path;
    double phases = 0.0, regions = 0.0;
    for (int i = 0; i < ICSTAT_OFSTED_PHASES; i++)
        phases += s->phase[i].share;
    for (int i = 0; i < ICSTAT_OFSTED_REGIONS; i++)
        regions += s->region[i];
    if (fabs(phases - 1.0) > 1e-6)
        return icstat_error_set(err, ICSTAT_EDATA, path, 0,
                                "the phase shares add up to %g, not 1", phases);
    if (fabs(regions - 1.0) > 1e-6)
        return icstat_error_set(err, ICSTAT_EDATA, path, 0,
                                "the region shares add up to %g, not 1", regions);
    if (s->never_inspected + s->report_card > 1.0 + 1e-12)
        return icstat_error_set(err, ICSTAT_EDATA, path, 0,
                                "never_inspected (%g) and report_card (%g) add up to more "
                                "than 1", s->never_inspected, s->report_card);
    if (s->file_day < day_of(REPORT_CARDS_FROM) || s->file_day > day_of("2099-12-31"))
        return icstat_error_set(err, ICSTAT_EDATA, path, 0,
                                "file_date must be from %s (when report cards began) to "
                                "2099-12-31", REPORT_CARDS_FROM);
    /* A report card is published 20 to 48 days after it starts. */
    if (s->report_card > 0 && s->file_day < day_of(REPORT_CARDS_FROM) + 20)
        return icstat_error_set(err, ICSTAT_EDATA, path, 0,
                                "no report card starting on or after 10 November 2025 is "
                                "published by file_date (it takes 20 days or more): give a "
                                "file_date from 2025-11-30 on, or report_card = 0");
    if (s->report_card_oeif_by < day_of(OEIF_FROM) || s->report_card_oeif_by > day_of(OEIF_TO))
        return icstat_error_set(err, ICSTAT_EDATA, path, 0,
                                "report_card_oeif_by must be from %s to %s (the old "
                                "framework's graded inspections)", OEIF_FROM, OEIF_TO);
    return ICSTAT_OK;
}

int icstat_sim_ofsted_spec_parse(const char *name, const char *text,
                                 icstat_sim_ofsted_spec **out, icstat_error *err)
{
    *out = NULL;
    icstat_sim_ofsted_spec *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(name))) {
        free(s);
        return NOMEM();
    }
    set_defaults(s);
    walk w;
    memset(&w, 0, sizeof w);
    w.s = s;
    int st = icstat_spec_lines(name, text, spec_line, &w, err);
    if (st == ICSTAT_OK && w.keys == 0)
        st = icstat_error_set(err, ICSTAT_EDATA, name, 0,
                              "an ofsted_mi spec starts with `layout = ofsted_mi`");
    if (st == ICSTAT_OK)
        st = check_spec(s, err);
    if (st != ICSTAT_OK) {
        icstat_sim_ofsted_spec_free(s);
        return st;
    }
    *out = s;
    return ICSTAT_OK;
}
