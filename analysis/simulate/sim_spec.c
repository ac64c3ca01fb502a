/* sim_spec.c — the `icstat simulate` spec file: `key = value` lines.
 *
 *   inspectors = 1376              inspections = 35751
 *   categories = Outstanding, Good, Requires improvement, Inadequate
 *                                  (or a scale's name: ofsted, report-card, met)
 *   thresholds = -2.0, 1.3, 3.2    (k - 1, increasing)
 *   link = logit                   inspector_sd = 0.5
 *   caseload_shape = 1             (gamma shape of caseload weights)
 *   start_date = 2012-09-01        end_date = 2019-08-31
 *   seed = 1                       double_inspections = 24
 *   inspector gender = female:0.45, male:0.55
 *   inspector experience = normal(8, 3, 1)      (mean, sd, decimals)
 *   school phase = Primary:0.75, Secondary:0.25
 *   school pupils = uniform(30, 2000, 0)        (lo, hi, decimals)
 *   effect gender[male] = -0.1     effect pupils = 0.0002
 *   effect role[HMI] = 0.05, 0.15, 0.3          (one per threshold: the
 *                                               effect differs by threshold)
 *   effect previous[Inadequate] = -0.5          (the inspector's last grade)
 *   schools = 20000                school_sd = 0.8     (schools inspected
 *   areas = 150                                     again and again; areas
 *                                                   keep inspectors local)
 *
 * Every problem names the file and line. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/categories.h"
#include "icstat/date.h"
#include "icstat/factor.h"
#include "icstat/scale.h"
#include "icstat/seed.h"
#include "icstat/simulate.h"
#include "icstat/spec_text.h"
#include "icstat/strlist.h"
#include "icstat/strmap.h"
#include "icstat/table.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

void icstat_sim_spec_free(icstat_sim_spec *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_vars; i++) {
        icstat_sim_var *v = &s->vars[i];
        for (size_t l = 0; l < v->n_levels; l++)
            free(v->levels[l]);
        free(v->levels);
        free(v->shares);
        free(v->effects);
        free(v->cut_effects);
        free(v->name);
    }
    for (size_t k = 0; s->categories && k < s->k; k++)
        free(s->categories[k]);
    free(s->categories);
    free(s->thresholds);
    free(s->previous);
    free(s->vars);
    free(s->path);
    free(s);
}

/* Days since 1970-01-01 of a YYYY-MM-DD date; -1 when it is not one. */
static int parse_day(const char *text, long *day)
{
    int y, m, d;
    if (strlen(text) != 10 || text[4] != '-' || icstat_date_parse(text, &y, &m, &d) != 0)
        return -1;
    *day = icstat_date_to_days(y, m, d);
    return 0;
}

/* Split at commas, trimming each item; NULL-terminated, or NULL when an
 * item is empty or memory runs out (then *oom is 1: the caller reports
 * "out of memory", not a malformed value). */
static char **split_items(const char *s, size_t *n, int *oom)
{
    size_t cap = 4;
    char **items = calloc(cap, sizeof *items);
    *n = 0;
    *oom = !items;
    while (items) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        char *raw = strndup(s, len), *item = raw ? icstat_trimmed_copy(raw) : NULL;
        free(raw);
        if (!item || !item[0]) {
            *oom = !item;
            free(item);
            break;
        }
        if (*n + 2 > cap) {
            char **grown = realloc(items, (cap *= 2) * sizeof *grown);
            if (!grown) {
                *oom = 1;
                free(item);
                break;
            }
            items = grown;
        }
        items[(*n)++] = item;
        items[*n] = NULL;
        if (!comma)
            return items;
        s = comma + 1;
    }
    for (size_t i = 0; items && i < *n; i++)
        free(items[i]);
    free(items);
    return NULL;
}

/* Room for one more in an array of n elements of `size`: doubled when n is
 * 0 or a power of two, so the capacity follows from n.  Growing by one
 * element copied the whole array each time (ASan's realloc always does):
 * quadratic in the length of the spec.  NULL when out of memory (a is
 * then still valid). */
static void *grow_one(void *a, size_t n, size_t size)
{
    if (n & (n - 1))
        return a;
    const size_t cap = n ? 2 * n : 1;
    return cap > SIZE_MAX / size ? NULL : realloc(a, cap * size);
}

static int parse_number(const char *s, double *v) { return icstat_parse_double(s, v) ? 0 : -1; }

static int parse_count(const char *s, size_t *v)
{
    double d;
    if (parse_number(s, &d) != 0 || d < 0 || d != floor(d) || d > 1e9)
        return -1;
    *v = (size_t)d;
    return 0;
}

/* "normal(8, 3, 1)" / "uniform(30, 2000, 0)" (decimals optional, default 3)
 * or "A:0.4, B:0.6". */
static int parse_distribution(icstat_sim_var *v, const char *value, const char *path, long line,
                              icstat_error *err)
{
    const char *open = strchr(value, '(');
    if (open && (strncmp(value, "normal", 6) == 0 || strncmp(value, "uniform", 7) == 0)) {
        const char *close = strrchr(value, ')');
        if (!close || close[1] != '\0')
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "'%s' lacks its closing ')'", value);
        char *inner = strndup(open + 1, (size_t)(close - open - 1));
        size_t n = 0;
        int oom = !inner;
        char **args = inner ? split_items(inner, &n, &oom) : NULL;
        free(inner);
        if (oom)
            return NOMEM();
        double x[3] = {0, 0, 3};
        int ok = args && (n == 2 || n == 3);
        for (size_t i = 0; ok && i < n; i++)
            ok = parse_number(args[i], &x[i]) == 0;
        icstat_strv_free(args);
        v->dist = value[0] == 'n' ? ICSTAT_SIM_NORMAL : ICSTAT_SIM_UNIFORM;
        if (!ok || x[2] < 0 || x[2] > 10 || x[2] != floor(x[2]) ||
            (v->dist == ICSTAT_SIM_NORMAL && !(x[1] > 0)) ||
            (v->dist == ICSTAT_SIM_UNIFORM && !(x[1] > x[0])))
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "'%s': use normal(MEAN, SD[, DECIMALS]) with SD > 0 or "
                                    "uniform(LO, HI[, DECIMALS]) with LO < HI", value);
        v->a = x[0];
        v->b = x[1];
        v->decimals = (int)x[2];
        return ICSTAT_OK;
    }
    size_t n = 0;
    int oom;
    char **items = split_items(value, &n, &oom);
    if (oom)
        return NOMEM();
    if (!items || n < 2) {
        icstat_strv_free(items);
        return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                "'%s': give levels with shares, like female:0.45, male:0.55, "
                                "or normal(...) or uniform(...)", value);
    }
    v->dist = ICSTAT_SIM_LEVELS;
    v->levels = calloc(n, sizeof *v->levels);
    v->shares = calloc(n, sizeof *v->shares);
    v->effects = calloc(n, sizeof *v->effects);
    if (!v->levels || !v->shares || !v->effects) {
        icstat_strv_free(items);
        return NOMEM();
    }
    v->n_levels = n; /* only now: icstat_sim_spec_free frees levels[0 .. n) */
    double total = 0.0;
    /* Repeated levels found by hashing: linear however long the line. */
    icstat_strmap *seen = icstat_strmap_alloc();
    int st = seen ? ICSTAT_OK : NOMEM();
    for (size_t i = 0; i < n && st == ICSTAT_OK; i++) {
        char *colon = strrchr(items[i], ':');
        if (!colon || colon == items[i] || parse_number(colon + 1, &v->shares[i]) != 0 ||
            !(v->shares[i] > 0)) {
            st = icstat_error_set(err, ICSTAT_EDATA, path, line,
                                  "'%s' is not LEVEL:SHARE with a share above 0", items[i]);
            break;
        }
        *colon = '\0';
        int added = 0;
        if (!(v->levels[i] = icstat_trimmed_copy(items[i])) ||
            icstat_strmap_intern(seen, v->levels[i], &added) < 0)
            st = NOMEM();
        else if (!added)
            st = icstat_error_set(err, ICSTAT_EDATA, path, line, "level '%s' appears twice",
                                  v->levels[i]);
        total += v->shares[i];
    }
    icstat_strmap_free(seen);
    icstat_strv_free(items);
    if (st == ICSTAT_OK && fabs(total - 1.0) > 1e-6)
        st = icstat_error_set(err, ICSTAT_EDATA, path, line,
                              "the shares add up to %g, not 1", total);
    return st;
}

/* An `effect` line kept until every variable is known. */
typedef struct {
    char *name, *level; /* level NULL for a numeric variable */
    double *values;     /* one, or one per threshold */
    size_t n_values;
    long line;
} pending_effect;

static void pending_effect_free(pending_effect *e)
{
    free(e->name);
    free(e->level);
    free(e->values);
}

/* Effects that differ by threshold must leave the cut points
 * theta_j - effect_j increasing for every combination of levels: the
 * largest rise of the effects from one threshold to the next, summed over
 * the variables, must stay below the gap between the thresholds. */
static int check_cut_order(const icstat_sim_spec *s, icstat_error *err)
{
    const size_t k1 = s->k - 1;
    for (size_t j = 0; j + 1 < k1; j++) {
        double rise = 0.0;
        for (size_t i = 0; i < s->n_vars; i++) {
            const icstat_sim_var *v = &s->vars[i];
            double most = 0.0;
            for (size_t l = 0; v->cut_effects && l < v->n_levels; l++)
                most = fmax(most, v->cut_effects[l * k1 + j + 1] - v->cut_effects[l * k1 + j]);
            rise += most;
        }
        if (!(rise < s->thresholds[j + 1] - s->thresholds[j]))
            return icstat_error_set(err, ICSTAT_EDATA, s->path, 0,
                                    "the effects that differ by threshold rise by %g from "
                                    "threshold %zu to %zu, more than the gap between them "
                                    "(%g): some schools would get negative probabilities",
                                    rise, j + 1, j + 2, s->thresholds[j + 1] - s->thresholds[j]);
    }
    return ICSTAT_OK;
}

/* Effects find their variable and level by hashing (names: variable name
 * to index; levels[i]: variable i's levels, made on first use), so a spec
 * with thousands of them is read in linear time, not quadratic. */
typedef struct {
    icstat_strmap *names;
    icstat_strmap **levels;
    icstat_strmap *effects; /* "NAME[LEVEL]" of each effect line, in order */
} spec_lookup;

static int apply_effect(icstat_sim_spec *s, const pending_effect *e, spec_lookup *look,
                        icstat_error *err)
{
    const size_t k1 = s->k - 1;
    if (e->n_values == 0 ||
        (e->n_values != 1 && (e->n_values != k1 || strcmp(e->name, "previous") == 0)))
        return icstat_error_set(err, ICSTAT_EDATA, s->path, e->line,
                                "effect %s%s%s%s: give one value%s (got %zu)", e->name,
                                e->level ? "[" : "", e->level ? e->level : "",
                                e->level ? "]" : "",
                                strcmp(e->name, "previous") == 0 ? ""
                                : " or, for a level, one per threshold",
                                e->n_values);
    const double value = e->values[0];
    if (strcmp(e->name, "previous") == 0) {
        if (!e->level)
            return icstat_error_set(err, ICSTAT_EDATA, s->path, e->line,
                                    "effect previous needs a grade: previous[GRADE]");
        for (size_t k = 0; k < s->k; k++)
            if (strcmp(s->categories[k], e->level) == 0) {
                if (!s->previous && !(s->previous = calloc(s->k, sizeof *s->previous)))
                    return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
                s->previous[k] = value;
                return ICSTAT_OK;
            }
        return icstat_error_set(err, ICSTAT_EDATA, s->path, e->line,
                                "effect previous[%s]: '%s' is not one of the categories",
                                e->level, e->level);
    }
    const long vi = icstat_strmap_find(look->names, e->name);
    if (vi >= 0) {
        icstat_sim_var *v = &s->vars[vi];
        if (v->dist != ICSTAT_SIM_LEVELS) {
            if (e->level || e->n_values != 1)
                return icstat_error_set(err, ICSTAT_EDATA, s->path, e->line,
                                        "'%s' is numeric: write effect %s = VALUE (per unit)",
                                        e->name, e->name);
            v->effect = value;
            return ICSTAT_OK;
        }
        if (!e->level)
            return icstat_error_set(err, ICSTAT_EDATA, s->path, e->line,
                                    "'%s' has levels: write effect %s[LEVEL] = VALUE", e->name,
                                    e->name);
        icstat_strmap **lv = &look->levels[vi];
        if (!*lv) {
            if (!(*lv = icstat_strmap_alloc()))
                return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
            for (size_t l = 0; l < v->n_levels; l++) /* no repeats: index l */
                if (icstat_strmap_intern(*lv, v->levels[l], NULL) < 0)
                    return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        }
        const long found = icstat_strmap_find(*lv, e->level);
        if (found < 0 || (size_t)found >= v->n_levels)
            return icstat_error_set(err, ICSTAT_EDATA, s->path, e->line,
                                    "'%s' has no level '%s'", e->name, e->level);
        const size_t l = (size_t)found;
        if (l == 0)
            return icstat_error_set(err, ICSTAT_EDATA, s->path, e->line,
                                    "'%s' is the reference level of '%s' (effect 0); "
                                    "list another level first to change that",
                                    e->level, e->name);
        if (e->n_values == 1) {
            v->effects[l] = value;
            for (size_t j = 0; v->cut_effects && j < k1; j++)
                v->cut_effects[l * k1 + j] = 0.0;
            return ICSTAT_OK;
        }
        if (!v->cut_effects &&
            !(v->cut_effects = calloc(v->n_levels * k1, sizeof *v->cut_effects)))
            return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        v->effects[l] = 0.0;
        memcpy(v->cut_effects + l * k1, e->values, k1 * sizeof *e->values);
        return ICSTAT_OK;
    }
    return icstat_error_set(err, ICSTAT_EDATA, s->path, e->line,
                            "effect for '%s', which no inspector or school line defines",
                            e->name);
}

static const char *const known_keys =
    "inspectors, inspections, categories, thresholds, link, inspector_sd, caseload_shape, "
    "start_date, end_date, seed, double_inspections, schools, school_sd, areas, inspector NAME, "
    "school NAME, effect NAME";

/* The keys given once each, in the order of their bits in spec_walk.seen;
 * the first four are required. */
enum {
    KEY_INSPECTORS,
    KEY_INSPECTIONS,
    KEY_CATEGORIES,
    KEY_THRESHOLDS,
    KEY_LINK,
    KEY_INSPECTOR_SD,
    KEY_CASELOAD_SHAPE,
    KEY_START_DATE,
    KEY_END_DATE,
    KEY_SEED,
    KEY_DOUBLE_INSPECTIONS,
    KEY_SCHOOLS,
    KEY_SCHOOL_SD,
    KEY_AREAS,
    N_SCALAR_KEYS
};
static const char *const scalar_keys[N_SCALAR_KEYS] = {
    "inspectors", "inspections", "categories", "thresholds", "link", "inspector_sd",
    "caseload_shape", "start_date", "end_date", "seed", "double_inspections", "schools",
    "school_sd", "areas"};

/* The state of one parse: the spec being filled, the `effect` lines kept
 * until every variable is known, which keys were given, the lookups. */
typedef struct {
    icstat_sim_spec *s;
    pending_effect *effects;
    size_t n_effects;
    unsigned seen; /* bit i: scalar_keys[i] given */
    long line_of[N_SCALAR_KEYS]; /* the line that gave each, for the checks at the end */
    long area_line;              /* the line of a characteristic named `area`, or 0 */
    spec_lookup look;
    size_t keys;   /* key lines so far */
} spec_walk;

/* inspectors, inspections, schools, areas (above 0) or
 * double_inspections: a count. */
static int count_key(icstat_sim_spec *s, int key, const char *value, long line,
                     icstat_error *err)
{
    size_t *dst = key == KEY_INSPECTORS    ? &s->inspectors
                  : key == KEY_INSPECTIONS ? &s->inspections
                  : key == KEY_SCHOOLS     ? &s->schools
                  : key == KEY_AREAS       ? &s->areas
                                           : &s->double_inspections;
    const int above_0 = key != KEY_DOUBLE_INSPECTIONS;
    if (parse_count(value, dst) != 0 || (above_0 && *dst == 0))
        return icstat_error_set(err, ICSTAT_EDATA, s->path, line,
                                "%s must be a whole number%s (got '%s')", scalar_keys[key],
                                above_0 ? " above 0" : "", value);
    return ICSTAT_OK;
}

/* categories: two or more names, or a known scale's name (scale.h), which
 * stands for its words. */
static int categories_key(icstat_sim_spec *s, const char *value, long line, icstat_error *err)
{
    const icstat_scale *scale = icstat_scale_lookup(value);
    char words[256];
    if (scale)
        icstat_scale_words(scale, words, sizeof words);
    size_t n = 0;
    int oom;
    char **items = split_items(scale ? words : value, &n, &oom);
    if (oom)
        return NOMEM();
    if (!items || n < 2) {
        icstat_strv_free(items);
        return icstat_error_set(err, ICSTAT_EDATA, s->path, line,
                                "categories needs two or more names, comma-separated");
    }
    s->categories = items; /* NULL-terminated; owned */
    s->k = n;
    /* A label twice would make one grade two (the second never drawn as
     * itself, and read back as the first). */
    if (icstat_categories_check((const char *const *)items, n, 0, "categories", err) !=
        ICSTAT_OK) {
        if (err->status == ICSTAT_ENOMEM)
            return NOMEM(); /* "out of memory" names no line */
        char msg[ICSTAT_ERROR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", err->msg);
        return icstat_error_set(err, ICSTAT_EDATA, s->path, line, "%s", msg);
    }
    return ICSTAT_OK;
}

/* thresholds: increasing numbers (their count is checked once the
 * categories are known). */
static int thresholds_key(icstat_sim_spec *s, const char *value, long line, icstat_error *err)
{
    size_t n = 0;
    int oom;
    char **items = split_items(value, &n, &oom);
    s->thresholds = malloc((n ? n : 1) * sizeof *s->thresholds);
    if (oom || !s->thresholds) {
        icstat_strv_free(items);
        return NOMEM();
    }
    int ok = items != NULL;
    for (size_t j = 0; ok && j < n; j++)
        ok = parse_number(items[j], &s->thresholds[j]) == 0 &&
             (j == 0 || s->thresholds[j] > s->thresholds[j - 1]);
    icstat_strv_free(items);
    if (!ok)
        return icstat_error_set(err, ICSTAT_EDATA, s->path, line,
                                "thresholds must be increasing numbers (got '%s')", value);
    s->n_thresholds = n;
    return ICSTAT_OK;
}

/* One of scalar_keys, each given at most once. */
static int scalar_key(spec_walk *w, int key, const char *value, long line, icstat_error *err)
{
    icstat_sim_spec *s = w->s;
    const char *path = s->path, *name = scalar_keys[key];
    if (w->seen & (1u << key))
        return icstat_error_set(err, ICSTAT_EDATA, path, line, "'%s' is given twice", name);
    w->seen |= 1u << key;
    w->line_of[key] = line;
    double x;
    switch (key) {
    case KEY_INSPECTORS:
    case KEY_INSPECTIONS:
    case KEY_DOUBLE_INSPECTIONS:
    case KEY_SCHOOLS:
    case KEY_AREAS:
        return count_key(s, key, value, line, err);
    case KEY_CATEGORIES:
        return categories_key(s, value, line, err);
    case KEY_THRESHOLDS:
        return thresholds_key(s, value, line, err);
    case KEY_LINK: {
        const int k = icstat_link_lookup(value);
        if (k < 0)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "unknown link '%s' (use logit, probit or cloglog)", value);
        s->link = (icstat_link)k;
        return ICSTAT_OK;
    }
    case KEY_INSPECTOR_SD:
    case KEY_SCHOOL_SD:
    case KEY_CASELOAD_SHAPE: {
        const int sd = key != KEY_CASELOAD_SHAPE;
        if (parse_number(value, &x) != 0 || x < 0 || (!sd && !(x > 0)))
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "%s must be a number %s 0 (got '%s')", name,
                                    sd ? "of at least" : "above", value);
        *(key == KEY_INSPECTOR_SD ? &s->inspector_sd
          : key == KEY_SCHOOL_SD  ? &s->school_sd
                                  : &s->caseload_shape) = x;
        return ICSTAT_OK;
    }
    case KEY_START_DATE:
    case KEY_END_DATE:
        if (parse_day(value, key == KEY_START_DATE ? &s->start_day : &s->end_day) != 0)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "%s must be a date YYYY-MM-DD (got '%s')", name, value);
        return ICSTAT_OK;
    default: /* KEY_SEED */
        if (icstat_seed_parse(value, &s->seed) != 0)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "seed must be " ICSTAT_SEED_RANGE " (got '%s')", value);
        s->has_seed = 1;
        return ICSTAT_OK;
    }
}

/* "effect NAME[LEVEL] = VALUE[, VALUE ...]" into e (the caller frees e
 * whatever the outcome). */
static int parse_effect(pending_effect *e, char *name, const char *value, const char *path,
                        long line, icstat_error *err)
{
    char *bracket = strchr(name, '[');
    if (bracket) {
        char *close = strrchr(name, ']');
        if (!close || close[1] != '\0' || close == bracket + 1)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "write effect NAME[LEVEL] = VALUE (got 'effect %s')", name);
        *close = '\0';
        *bracket = '\0';
        e->level = strdup(bracket + 1);
    }
    e->name = icstat_trimmed_copy(name);
    int oom;
    char **items = split_items(value, &e->n_values, &oom);
    e->values = malloc((items && e->n_values ? e->n_values : 1) * sizeof *e->values);
    if (oom || !e->name || (bracket && !e->level) || !e->values) {
        icstat_strv_free(items);
        return NOMEM();
    }
    int ok = items != NULL;
    for (size_t j = 0; ok && j < e->n_values; j++)
        ok = parse_number(items[j], &e->values[j]) == 0;
    icstat_strv_free(items);
    if (!ok)
        return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                "an effect must be a number, or numbers separated by commas "
                                "(got '%s')", value);
    return ICSTAT_OK;
}

/* Keep effect e (taken over on success) until every variable is known.
 * The same effect twice is refused: the later silently replaced the
 * earlier. */
static int keep_effect(spec_walk *w, const pending_effect *e, long line, icstat_error *err)
{
    const size_t klen = strlen(e->name) + (e->level ? strlen(e->level) + 2 : 0) + 1;
    char *ekey = malloc(klen);
    int added = 0;
    long idx = -1;
    if (ekey) {
        snprintf(ekey, klen, "%s%s%s%s", e->name, e->level ? "[" : "", e->level ? e->level : "",
                 e->level ? "]" : "");
        idx = icstat_strmap_intern(w->look.effects, ekey, &added);
    }
    if (idx >= 0 && !added) {
        const int st = icstat_error_set(err, ICSTAT_EDATA, w->s->path, line,
                                        "effect %s is given twice (first on line %ld)", ekey,
                                        w->effects[idx].line);
        free(ekey);
        return st;
    }
    free(ekey);
    pending_effect *grown = idx >= 0 ? grow_one(w->effects, w->n_effects, sizeof *grown) : NULL;
    if (!grown)
        return NOMEM();
    w->effects = grown;
    grown[w->n_effects++] = *e;
    return ICSTAT_OK;
}

/* "effect NAME" or "effect NAME[LEVEL]": kept, to be applied at the end. */
static int effect_key(spec_walk *w, char *name, const char *value, long line,
                      icstat_error *err)
{
    pending_effect e = {NULL, NULL, NULL, 0, line};
    int st = parse_effect(&e, name, value, w->s->path, line, err);
    if (st == ICSTAT_OK)
        st = keep_effect(w, &e, line, err);
    if (st != ICSTAT_OK)
        pending_effect_free(&e);
    return st;
}

/* "inspector NAME" or "school NAME": a new characteristic, drawn once per
 * inspector or once per inspection. */
static int var_key(spec_walk *w, const char *kind, const char *name, const char *value,
                   long line, icstat_error *err)
{
    icstat_sim_spec *s = w->s;
    static const char *const reserved[] = {"urn", "inspector", "inspection_date", "grade",
                                           "grade_label", "previous"};
    for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++)
        if (strcmp(name, reserved[i]) == 0)
            return icstat_error_set(err, ICSTAT_EDATA, s->path, line,
                                    "'%s' is a column icstat writes itself; choose another name",
                                    name);
    if (icstat_strmap_find(w->look.names, name) >= 0)
        return icstat_error_set(err, ICSTAT_EDATA, s->path, line, "'%s' is defined twice", name);
    if (strcmp(name, "area") == 0)
        w->area_line = line; /* refused at the end if the spec gives areas */
    icstat_sim_var *vars = grow_one(s->vars, s->n_vars, sizeof *vars);
    if (!vars)
        return NOMEM();
    s->vars = vars;
    icstat_sim_var *v = &vars[s->n_vars++];
    memset(v, 0, sizeof *v);
    v->inspector_level = kind[0] == 'i';
    if (!(v->name = strdup(name)) || icstat_strmap_intern(w->look.names, name, NULL) < 0)
        return NOMEM(); /* the map's index of a name is its index in s->vars */
    return parse_distribution(v, value, s->path, line, err);
}

/* One `key = value` line: a scalar key, or "inspector NAME", "school
 * NAME", "effect NAME" or "effect NAME[LEVEL]". */
static int spec_line(spec_walk *w, char *key, char *value, long line, icstat_error *err)
{
    const char *path = w->s->path;
    for (int i = 0; i < N_SCALAR_KEYS; i++)
        if (strcmp(key, scalar_keys[i]) == 0)
            return scalar_key(w, i, value, line, err);
    char *space = strchr(key, ' ');
    if (!space)
        return icstat_error_set(err, ICSTAT_EDATA, path, line, "unknown key '%s' (known: %s)",
                                key, known_keys);
    *space = '\0';
    char *name = space + 1;
    while (*name == ' ')
        name++;
    if (strcmp(key, "effect") == 0)
        return effect_key(w, name, value, line, err);
    if (strcmp(key, "inspector") != 0 && strcmp(key, "school") != 0)
        return icstat_error_set(err, ICSTAT_EDATA, path, line, "unknown key '%s %s' (known: %s)",
                                key, name, known_keys);
    return var_key(w, key, name, value, line, err);
}

/* `layout` may only come first, and only as this spec's own kind: an
 * ofsted_mi spec read here (by `icstat power fit`, say) is named as such
 * rather than failing on its first unknown key. */
static int spec_walk_line(void *ctx, char *key, char *value, long line, icstat_error *err)
{
    spec_walk *w = ctx;
    const char *path = w->s->path;
    if (strcmp(key, "layout") == 0) {
        const int k = icstat_spec_layout_lookup(value);
        if (k < 0)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "unknown layout '%s' (use inspections or ofsted_mi)", value);
        if (w->keys++)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "layout must be the first key of a spec");
        if (k == ICSTAT_LAYOUT_OFSTED_MI)
            return icstat_error_set(err, ICSTAT_EDATA, path, line,
                                    "this is an ofsted_mi spec (a synthetic Ofsted file for "
                                    "`icstat simulate`), not a model of inspections and "
                                    "inspectors");
        return ICSTAT_OK;
    }
    w->keys++;
    return spec_line(w, key, value, line, err);
}

/* schools and areas: every school is inspected at least once, and every
 * area has an inspector and a school; areas mean nothing without schools
 * (each inspection would be of a school of its own), and `area` is then
 * a column icstat writes. */
static int check_schools(const spec_walk *w, const char *name, icstat_error *err)
{
    const icstat_sim_spec *s = w->s;
    const long sline = w->line_of[KEY_SCHOOLS], aline = w->line_of[KEY_AREAS];
    if (s->areas && !s->schools)
        return icstat_error_set(err, ICSTAT_EDATA, name, aline,
                                "areas needs schools = N: without it every inspection is of a "
                                "school of its own, in no area");
    if (s->schools > s->inspections)
        return icstat_error_set(err, ICSTAT_EDATA, name, sline,
                                "schools = %zu is more than the %zu inspections: each school is "
                                "inspected at least once", s->schools, s->inspections);
    if (s->areas > s->inspectors || s->areas > s->schools)
        return icstat_error_set(err, ICSTAT_EDATA, name, aline,
                                "areas = %zu is more than the %zu %s: each area needs at least "
                                "one", s->areas,
                                s->areas > s->inspectors ? s->inspectors : s->schools,
                                s->areas > s->inspectors ? "inspectors" : "schools");
    if (s->areas && w->area_line)
        return icstat_error_set(err, ICSTAT_EDATA, name, w->area_line,
                                "'area' is a column icstat writes itself when the spec gives "
                                "areas; choose another name");
    return ICSTAT_OK;
}

/* What the lines say together: the required keys, as many thresholds as
 * categories less one, an inspection for every inspector, dates in order,
 * two inspectors for double inspections, room for the schools and areas. */
static int check_spec(const spec_walk *w, const char *name, icstat_error *err)
{
    const icstat_sim_spec *s = w->s;
    for (int i = 0; i <= KEY_THRESHOLDS; i++)
        if (!(w->seen & (1u << i)))
            return icstat_error_set(err, ICSTAT_EDATA, name, 0, "the spec gives no '%s'",
                                    scalar_keys[i]);
    if (s->n_thresholds != s->k - 1)
        return icstat_error_set(err, ICSTAT_EDATA, name, 0,
                                "%zu categories need %zu thresholds (got %zu)", s->k, s->k - 1,
                                s->n_thresholds);
    if (s->inspections < s->inspectors)
        return icstat_error_set(err, ICSTAT_EDATA, name, 0,
                                "%zu inspections cannot give each of %zu inspectors one",
                                s->inspections, s->inspectors);
    if (s->end_day < s->start_day)
        return icstat_error_set(err, ICSTAT_EDATA, name, 0, "end_date is before start_date");
    if (s->double_inspections && s->inspectors < 2)
        return icstat_error_set(err, ICSTAT_EDATA, name, 0,
                                "double inspections need at least two inspectors");
    return check_schools(w, name, err);
}

/* The effect lines, in order, now that every variable is known. */
static int apply_effects(spec_walk *w, icstat_error *err)
{
    icstat_sim_spec *s = w->s;
    int st = ICSTAT_OK;
    if (w->n_effects &&
        !(w->look.levels = calloc(s->n_vars ? s->n_vars : 1, sizeof(icstat_strmap *))))
        st = NOMEM();
    for (size_t i = 0; st == ICSTAT_OK && i < w->n_effects; i++)
        st = apply_effect(s, &w->effects[i], &w->look, err);
    return st;
}

int icstat_sim_spec_parse(const char *name, const char *text, icstat_sim_spec **out,
                          icstat_error *err)
{
    *out = NULL;
    icstat_sim_spec *s = calloc(1, sizeof *s);
    spec_walk w = {s,   NULL, 0, 0, {0}, 0, {icstat_strmap_alloc(), NULL, icstat_strmap_alloc()},
                   0};
    if (!s || !(s->path = strdup(name)) || !w.look.names || !w.look.effects) {
        icstat_strmap_free(w.look.names);
        icstat_strmap_free(w.look.effects);
        free(s ? s->path : NULL);
        free(s);
        return NOMEM();
    }
    s->link = ICSTAT_LINK_LOGIT;
    s->caseload_shape = 1.0;
    parse_day("2012-09-01", &s->start_day);
    parse_day("2019-08-31", &s->end_day);

    int st = icstat_spec_lines(name, text, spec_walk_line, &w, err);
    if (st == ICSTAT_OK)
        st = check_spec(&w, name, err);
    if (st == ICSTAT_OK)
        st = apply_effects(&w, err);
    for (size_t i = 0; w.look.levels && i < s->n_vars; i++)
        icstat_strmap_free(w.look.levels[i]);
    free(w.look.levels);
    icstat_strmap_free(w.look.names);
    icstat_strmap_free(w.look.effects);
    if (st == ICSTAT_OK)
        st = check_cut_order(s, err);
    for (size_t i = 0; i < w.n_effects; i++)
        pending_effect_free(&w.effects[i]);
    free(w.effects);
    if (st != ICSTAT_OK) {
        icstat_sim_spec_free(s);
        return st;
    }
    *out = s;
    return ICSTAT_OK;
}

int icstat_sim_spec_read(const char *path, icstat_sim_spec **out, icstat_error *err)
{
    *out = NULL;
    char *text = NULL;
    const char *name = NULL;
    int st = icstat_spec_read_text(path, &text, &name, err);
    if (st == ICSTAT_OK)
        st = icstat_sim_spec_parse(name, text, out, err);
    free(text);
    return st;
}
