/* cmd_agree_groups.c — `icstat agree --by COL` and `--paired A,B:C,D`:
 * the coefficients of each level of a unit-level column, or of each of
 * two sets of raters on the same units, and with --compare (implied by
 * --paired) their differences (agree_compare.h: Gwet 2016).  Every level
 * and set keeps the whole file's categories, so that weights and chance
 * agreement mean the same in each. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_agree_internal.h"
#include "icstat/agree_compare.h"
#include "icstat/factor.h"
#include "icstat/strmap.h"

/* A level of --by, or a set of --paired. */
typedef struct {
    char *label;            /* the level, or the set "A,B" */
    size_t *units, n_units; /* indices into the whole file's ratings */
    size_t *raters, n_raters;
    icstat_ratings *r;      /* its ratings, the whole file's categories */
    icstat_agree_result *res;
} agree_group;

typedef struct {
    icstat_cmd_agree_args *a;
    icstat_table *t;
    icstat_ratings *r;       /* the whole file's ratings */
    double *w;               /* --weights FILE, in r's category order */
    agree_group *g;
    size_t n_g, ref;         /* groups; the reference of --compare */
    size_t no_level;         /* --by: units with no value, left out */
    size_t one_set;          /* --paired: units only one set rated, left out */
    icstat_agree_diff *diff; /* --compare */
    size_t *diff_group;      /* the group of each difference */
    size_t n_diff;
    icstat_error err;
} groups_ctx;

static int nomem(groups_ctx *c)
{
    return icstat_error_set(&c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
}

/* Column `name` of the file, or an error naming the option that named it. */
static long groups_column(groups_ctx *c, const char *name, const char *opt)
{
    long k = icstat_table_find(c->t, name);
    if (k < 0)
        icstat_error_set(&c->err, ICSTAT_EDATA, c->t->path, 0, "%s names '%s', which is not a "
                         "column of the file", opt, name);
    return k;
}

/* The rater columns of a wide file: --paired's two sets, or with --by
 * every column but the unit and --by's (which must not be a rater), or
 * --raters.  *names (owned, strings borrowed) NULL for --raters. */
static int groups_rater_columns(groups_ctx *c, const char ***names, size_t *n)
{
    icstat_cmd_agree_args *a = c->a;
    const icstat_table *t = c->t;
    *names = NULL;
    *n = 0;
    if (a->longcols || (a->raters && !a->paired[0]))
        return ICSTAT_OK;
    const size_t cap = a->paired[0] ? a->n_paired[0] + a->n_paired[1] : t->ncol;
    if (!(*names = malloc((cap ? cap : 1) * sizeof **names)))
        return nomem(c);
    if (a->paired[0]) {
        for (int s = 0; s < 2; s++)
            for (size_t j = 0; j < a->n_paired[s]; j++) {
                if (groups_column(c, a->paired[s][j], "--paired") < 0)
                    return ICSTAT_EDATA;
                (*names)[(*n)++] = a->paired[s][j];
            }
        return ICSTAT_OK;
    }
    const long unit = a->unit ? groups_column(c, a->unit, "--unit") : 0;
    const long by = groups_column(c, a->by, "--by");
    if (unit < 0 || by < 0)
        return ICSTAT_EDATA;
    if (by == unit)
        return icstat_error_set(&c->err, ICSTAT_EUSAGE, NULL, 0, "--by '%s' is the unit "
                                "column; give a column that describes units", a->by);
    for (size_t k = 0; k < t->ncol; k++)
        if ((long)k != unit && (long)k != by)
            (*names)[(*n)++] = t->cols[k].name;
    return ICSTAT_OK;
}

/* Read FILE and the whole file's ratings, and --weights FILE. */
static int groups_read(groups_ctx *c)
{
    icstat_cmd_agree_args *a = c->a;
    int st = icstat_cmd_agree_read(a, &c->t, &c->err);
    if (st != ICSTAT_OK)
        return st;
    if (a->by && (a->raters || a->longcols)) {
        if (groups_column(c, a->by, "--by") < 0)
            return ICSTAT_EDATA;
        for (size_t j = 0; j < (a->longcols ? a->n_long : a->n_raters); j++)
            if (strcmp(a->by, a->longcols ? a->longcols[j] : a->raters[j]) == 0)
                return icstat_error_set(&c->err, ICSTAT_EUSAGE, NULL, 0, "--by '%s' is one "
                                        "of the %s columns; give a column that describes "
                                        "units", a->by, a->longcols ? "--long" : "--raters");
    }
    const char **names;
    size_t n;
    if ((st = groups_rater_columns(c, &names, &n)) == ICSTAT_OK)
        st = icstat_cmd_agree_ratings_of(a, c->t, names ? names : (const char *const *)a->raters,
                                         names ? n : a->n_raters, &c->r, &c->err);
    free(names);
    if (st == ICSTAT_OK && a->weights_path)
        st = icstat_cmd_agree_weights_file(a, c->r, &c->w, &c->err);
    return st;
}

/* Room for n groups, each with room for `units` units and `raters` raters. */
static int groups_alloc(groups_ctx *c, size_t n, size_t units, size_t raters)
{
    if (!(c->g = calloc(n, sizeof *c->g)))
        return nomem(c);
    c->n_g = n;
    for (size_t k = 0; k < n; k++)
        if (!(c->g[k].units = malloc((units ? units : 1) * sizeof *c->g[k].units)) ||
            !(c->g[k].raters = malloc((raters ? raters : 1) * sizeof *c->g[k].raters)))
            return nomem(c);
    return ICSTAT_OK;
}

/* Each unit's level of --by, from its rows; in a long file every row of
 * a unit must give the same (an error names both lines).  lv[i] is -1
 * for a unit with no value. */
static int by_unit_levels(groups_ctx *c, const icstat_factor *f, long *lv)
{
    const icstat_table *t = c->t;
    const icstat_ratings *r = c->r;
    const long ucol = icstat_table_find(t, c->a->longcols ? c->a->longcols[0]
                                                           : c->a->unit ? c->a->unit
                                                                        : t->cols[0].name);
    icstat_strmap *ids = icstat_strmap_alloc();
    long *line = malloc((r->n_units ? r->n_units : 1) * sizeof *line);
    int st = ids && line ? ICSTAT_OK : nomem(c);
    for (size_t i = 0; st == ICSTAT_OK && i < r->n_units; i++) {
        line[i] = 0;
        if (icstat_strmap_intern(ids, r->unit_ids[i], NULL) < 0)
            st = nomem(c);
    }
    for (size_t row = 0; st == ICSTAT_OK && row < t->nrow; row++) {
        const char *u = t->cols[ucol].text[row];
        const long i = u ? icstat_strmap_find(ids, u) : -1;
        if (i < 0)
            continue; /* a unit nobody rated, or a row without a unit */
        if (line[i] && lv[i] != f->code[row])
            st = icstat_error_set(&c->err, ICSTAT_EDATA, t->path, t->line[row],
                                  "--by '%s' is %s%s%s for unit '%s' here but %s%s%s on line %ld: "
                                  "a unit's --by value must be the same on each of its rows",
                                  c->a->by, f->code[row] < 0 ? "missing" : "'",
                                  f->code[row] < 0 ? "" : f->levels[f->code[row]],
                                  f->code[row] < 0 ? "" : "'", u, lv[i] < 0 ? "missing" : "'",
                                  lv[i] < 0 ? "" : f->levels[lv[i]], lv[i] < 0 ? "" : "'",
                                  line[i]);
        lv[i] = f->code[row];
        line[i] = t->line[row];
    }
    icstat_strmap_free(ids);
    free(line);
    return st;
}

/* --ref LEVEL's index among f's levels (default the first). */
static int by_reference(groups_ctx *c, const icstat_factor *f)
{
    c->ref = 0;
    if (!c->a->ref)
        return ICSTAT_OK;
    const long k = icstat_factor_find(f, c->a->ref);
    if (k < 0)
        return icstat_error_set(&c->err, ICSTAT_EDATA, c->t->path, 0, "--ref '%s' is not a "
                                "level of '%s' among the rated units", c->a->ref, c->a->by);
    c->ref = (size_t)k;
    return ICSTAT_OK;
}

/* --by: one group per level of the column (in factor.h's order), of the
 * units that have it; a level needs two units, --compare two levels. */
static int groups_by(groups_ctx *c)
{
    const icstat_table *t = c->t;
    const icstat_ratings *r = c->r;
    icstat_factor f;
    long *lv = malloc((r->n_units ? r->n_units : 1) * sizeof *lv);
    if (!lv)
        return nomem(c);
    for (size_t i = 0; i < r->n_units; i++)
        lv[i] = -1;
    int st = icstat_factor_build(&t->cols[icstat_table_find(t, c->a->by)], t->nrow, NULL, &f,
                                 &c->err);
    if (st == ICSTAT_OK && (st = by_unit_levels(c, &f, lv)) == ICSTAT_OK &&
        (st = groups_alloc(c, f.n_levels, r->n_units, r->n_raters)) == ICSTAT_OK) {
        for (size_t i = 0; i < r->n_units; i++) {
            if (lv[i] < 0) {
                c->no_level++;
                continue;
            }
            agree_group *g = &c->g[lv[i]];
            g->units[g->n_units++] = i;
        }
        for (size_t k = 0; k < f.n_levels && st == ICSTAT_OK; k++) {
            agree_group *g = &c->g[k];
            for (size_t j = 0; j < r->n_raters; j++)
                g->raters[g->n_raters++] = j;
            if (!(g->label = strdup(f.levels[k])))
                st = nomem(c);
            else if (g->n_units < 2)
                st = icstat_error_set(&c->err, ICSTAT_EDATA, t->path, 0,
                                      "--by '%s': level '%s' has %zu rated unit%s; each level "
                                      "needs at least two (a standard error needs two)",
                                      c->a->by, g->label, g->n_units, g->n_units == 1 ? "" : "s");
        }
        if (st == ICSTAT_OK && c->a->compare && f.n_levels < 2)
            st = icstat_error_set(&c->err, ICSTAT_EDATA, t->path, 0, "--compare: '%s' has one "
                                  "level ('%s') among the rated units; there is nothing to "
                                  "compare", c->a->by, f.n_levels ? f.levels[0] : "");
        if (st == ICSTAT_OK)
            st = by_reference(c, &f);
    }
    if (st == ICSTAT_OK && f.n_levels == 0)
        st = icstat_error_set(&c->err, ICSTAT_EDATA, t->path, 0, "--by '%s' has no value on "
                              "any rated unit", c->a->by);
    icstat_factor_clear(&f);
    free(lv);
    return st;
}

/* --paired set s: its raters' indices in the file's ratings (a long file's
 * rater names must be there) and its label "A,B". */
static int paired_set(groups_ctx *c, int s, agree_group *g)
{
    const icstat_cmd_agree_args *a = c->a;
    size_t len = 1;
    for (size_t j = 0; j < a->n_paired[s]; j++)
        len += strlen(a->paired[s][j]) + 1;
    if (!(g->label = calloc(len, 1)))
        return nomem(c);
    for (size_t j = 0; j < a->n_paired[s]; j++) {
        size_t k = 0;
        while (k < c->r->n_raters && strcmp(c->r->rater_names[k], a->paired[s][j]) != 0)
            k++;
        if (k == c->r->n_raters)
            return icstat_error_set(&c->err, ICSTAT_EDATA, c->t->path, 0,
                                    "--paired names rater '%s', who rated nothing in the file",
                                    a->paired[s][j]);
        g->raters[g->n_raters++] = k;
        if (j)
            strcat(g->label, ",");
        strcat(g->label, a->paired[s][j]);
    }
    return ICSTAT_OK;
}

/* --paired: two groups, the two sets of raters, on the units both rated. */
static int groups_paired(groups_ctx *c)
{
    const icstat_ratings *r = c->r;
    int st = groups_alloc(c, 2, r->n_units, r->n_raters);
    for (int s = 0; s < 2 && st == ICSTAT_OK; s++)
        st = paired_set(c, s, &c->g[s]);
    for (size_t i = 0; st == ICSTAT_OK && i < r->n_units; i++) {
        int both = 1;
        for (int s = 0; s < 2; s++) {
            int any = 0;
            for (size_t j = 0; j < c->g[s].n_raters; j++)
                any |= r->cat[i * r->n_raters + c->g[s].raters[j]] >= 0;
            both &= any;
        }
        if (!both) {
            c->one_set++;
            continue;
        }
        c->g[0].units[c->g[0].n_units++] = i;
        c->g[1].units[c->g[1].n_units++] = i;
    }
    if (st == ICSTAT_OK && c->g[0].n_units < 2)
        st = icstat_error_set(&c->err, ICSTAT_EDATA, c->t->path, 0, "--paired: %zu unit%s "
                              "rated by both sets; a paired difference needs at least two",
                              c->g[0].n_units, c->g[0].n_units == 1 ? " is" : "s are");
    c->ref = 1;
    return st;
}

/* Each group's ratings and coefficients (and --bootstrap's intervals,
 * each group's from --seed afresh: a level's are those of the level
 * alone, as --where COL=LEVEL gives them). */
static int groups_estimate(groups_ctx *c)
{
    int st = ICSTAT_OK;
    for (size_t k = 0; k < c->n_g && st == ICSTAT_OK; k++) {
        agree_group *g = &c->g[k];
        char what[160];
        snprintf(what, sizeof what, "%s '%s'", c->a->by ? "level" : "rater set", g->label);
        st = icstat_ratings_subset(c->r, g->units, g->n_units, g->raters, g->n_raters, what,
                                   &g->r, &c->err);
        if (st == ICSTAT_OK)
            st = icstat_cmd_agree_estimate(c->a, g->r, &g->res, &c->err);
    }
    return st;
}

/* --compare: each level against the reference, coefficient by
 * coefficient (not the ICC forms, which have no standard error); or the
 * paired differences of the two sets. */
static int groups_compare(groups_ctx *c)
{
    if (c->a->paired[0]) {
        int st = icstat_agree_paired(c->g[0].r, c->g[1].r, &c->a->opt, &c->diff, &c->n_diff,
                                     &c->err);
        if (st == ICSTAT_OK && !(c->diff_group = calloc(c->n_diff + 1, sizeof *c->diff_group)))
            return nomem(c);
        return st;
    }
    const size_t per = c->g[c->ref].res->n_coef;
    if (!(c->diff = calloc(c->n_g * per + 1, sizeof *c->diff)) ||
        !(c->diff_group = calloc(c->n_g * per + 1, sizeof *c->diff_group)))
        return nomem(c);
    const icstat_agree_result *ref = c->g[c->ref].res;
    for (size_t k = 0; k < c->n_g; k++)
        for (size_t i = 0; k != c->ref && i < ref->n_coef; i++) {
            const icstat_agree_result *gr = c->g[k].res;
            if (ref->coef[i].id >= ICSTAT_COEF_ICC_1_1)
                continue;
            for (size_t j = 0; j < gr->n_coef; j++)
                if (gr->coef[j].id == ref->coef[i].id) {
                    icstat_agree_diff_independent(&gr->coef[j], &ref->coef[i], c->a->opt.conf,
                                                  &c->diff[c->n_diff]);
                    c->diff_group[c->n_diff++] = k;
                }
        }
    return ICSTAT_OK;
}

/* The differences as a table: coefficient, group, reference, test,
 * estimate (group minus reference), se, interval (and its level, conf,
 * in the machine formats), df, p_value, the two estimates and the units. */
static icstat_result *compare_result(const groups_ctx *c)
{
    /* conf (the interval level) in the machine formats only, after the
     * interval, as describe --compare's csv has it. */
    static const icstat_col_spec all[] = {
        {"coefficient", ICSTAT_COL_TEXT, 0}, {"group", ICSTAT_COL_TEXT, 0},
        {"reference", ICSTAT_COL_TEXT, 0},   {"test", ICSTAT_COL_TEXT, 0},
        {"estimate", ICSTAT_COL_NUM, 4},     {"se", ICSTAT_COL_NUM, 4},
        {"ci_low", ICSTAT_COL_NUM, 4},       {"ci_high", ICSTAT_COL_NUM, 4},
        {"conf", ICSTAT_COL_NUM, 3},         {"df", ICSTAT_COL_NUM, 1},
        {"p_value", ICSTAT_COL_P, 0},        {"group_estimate", ICSTAT_COL_NUM, 4},
        {"reference_estimate", ICSTAT_COL_NUM, 4}, {"units", ICSTAT_COL_INT, 0}};
    const icstat_format fmt = c->a->common.fmt;
    const size_t conf = fmt != ICSTAT_FMT_TEXT && fmt != ICSTAT_FMT_MD, ncol = 13 + conf;
    icstat_col_spec cols[14];
    for (size_t j = 0, k = 0; j < 14; j++)
        if (j != 8 || conf)
            cols[k++] = all[j];
    const int paired = c->a->paired[0] != NULL;
    char title[512];
    if (paired)
        snprintf(title, sizeof title, "Paired differences: raters %s minus raters %s on the %zu "
                 "units both sets rated; %g%% t intervals", c->g[0].label, c->g[1].label,
                 c->g[0].n_units, 100.0 * c->a->opt.conf);
    else
        snprintf(title, sizeof title, "Differences: each level of '%s' minus '%s' (reference), "
                 "independent groups; %g%% t intervals", c->a->by, c->g[c->ref].label,
                 100.0 * c->a->opt.conf);
    icstat_result *res = icstat_result_alloc(title, cols, ncol);
    for (size_t i = 0; res && i < c->n_diff; i++) {
        const icstat_agree_diff *d = &c->diff[i];
        const long row = icstat_result_add_row(res);
        const char *text[] = {d->name, c->g[paired ? 0 : c->diff_group[i]].label,
                              c->g[c->ref].label, paired ? "paired" : "independent"};
        for (size_t j = 0; row >= 0 && j < 4; j++)
            if (icstat_result_set_text(res, (size_t)row, j, text[j]) != 0)
                goto nomem;
        if (row < 0)
            goto nomem;
        const double num[] = {d->estimate, d->se, d->ci_low, d->ci_high,
                              isfinite(d->ci_low) ? c->a->opt.conf : NAN, d->df, d->p_value,
                              d->group_estimate, d->ref_estimate, (double)d->units};
        for (size_t j = 0, k = 4; j < sizeof num / sizeof *num; j++)
            if (j != 4 || conf)
                icstat_result_set_num(res, (size_t)row, k++, num[j]);
        if (d->note[0] && icstat_result_add_note(res, "%s, %s: %s", d->name, text[1], d->note))
            goto nomem;
    }
    return res;
nomem:
    icstat_result_free(res);
    return NULL;
}

/* What the differences are and how they were tested. */
static int compare_notes(icstat_result *res, const groups_ctx *c)
{
    if (c->a->paired[0]) {
        if (icstat_result_add_note(res, "paired: se from each unit's difference of Gwet's "
                                        "linearised values under the two sets (Gwet 2016; "
                                        "kappaetc, ttest), t on units - 1 df; intervals not "
                                        "clipped") ||
            icstat_result_add_note(res, "paired: Cohen's kappa, Scott's pi, PABAK, "
                                        "Krippendorff's alpha and ICC have no per-unit "
                                        "linearisation here and are not compared; with two "
                                        "raters a set and no missing rating, conger_kappa, "
                                        "fleiss_kappa and brennan_prediger are Cohen's kappa, "
                                        "Scott's pi and PABAK"))
            return -1;
    } else if (icstat_result_add_note(res, "independent: se = sqrt(se_group^2 + se_reference^2) "
                                           "(Gwet 2016), t on Welch-Satterthwaite df from each "
                                           "coefficient's units - 1; intervals not clipped; "
                                           "ICC forms are not compared (no standard error)"))
        return -1;
    if (c->a->boot &&
        icstat_result_add_note(res, "differences use the analytic standard errors, not the "
                                    "bootstrap"))
        return -1;
    return 0;
}

/* The notes of the run as a whole: what was left out before grouping. */
static int groups_run_notes(icstat_result *res, const groups_ctx *c)
{
    if (c->r->units_empty &&
        icstat_result_add_note(res, "%zu unit%s with no rating at all dropped",
                               c->r->units_empty, c->r->units_empty == 1 ? "" : "s"))
        return -1;
    if (c->no_level && icstat_result_add_note(res, "%zu rated unit%s with no '%s' left out",
                                              c->no_level, c->no_level == 1 ? "" : "s", c->a->by))
        return -1;
    if (c->one_set && icstat_result_add_note(res, "%zu unit%s rated by only one of the two "
                                                  "sets left out, so that both sets' "
                                                  "coefficients use the same units", c->one_set,
                                             c->one_set == 1 ? "" : "s"))
        return -1;
    if (c->a->boot && c->n_g > 1 &&
        icstat_result_add_note(res, "bootstrap: each %s resampled from --seed %lu afresh (its "
                                    "intervals are those of the %s alone)",
                               c->a->by ? "level" : "set", c->a->seed,
                               c->a->by ? "level" : "set"))
        return -1;
    return icstat_cmd_agree_bench_note(res, c->a) != 0 ||
                   icstat_cmd_agree_run_notes(res, c->a, c->r, "") != 0
               ? -1
               : 0;
}

/* The groups' name in titles and notes: "phase = Primary", "raters A,B". */
static void group_name(const groups_ctx *c, size_t k, char *buf, size_t size)
{
    if (c->a->by)
        snprintf(buf, size, "%s = %s", c->a->by, c->g[k].label);
    else
        snprintf(buf, size, "raters %s", c->g[k].label);
}

/* Text and md: a block per group (the run's notes under the first), then
 * the differences.  Machine formats: the differences with --compare, else
 * one table with a first column `group`.  How many results, 0 when out
 * of memory. */
static size_t groups_results(const groups_ctx *c, icstat_result **res)
{
    const icstat_format fmt = c->a->common.fmt;
    const int human = fmt == ICSTAT_FMT_TEXT || fmt == ICSTAT_FMT_MD;
    size_t n = 0;
    if (human || !c->a->compare) {
        for (size_t k = 0; k < c->n_g; k++) {
            char name[320], prefix[336];
            group_name(c, k, name, sizeof name);
            snprintf(prefix, sizeof prefix, "%s: ", name);
            if (human || k == 0)
                if (!(res[n++] = icstat_cmd_agree_coef_table(c->g[k].res, c->a, c->t->path,
                                                             human ? name : "")))
                    return 0;
            icstat_result *o = res[n - 1];
            if (icstat_cmd_agree_coef_rows(o, c->g[k].res, c->a, human ? NULL : c->g[k].label) ||
                icstat_cmd_agree_coef_notes(o, c->g[k].res, human ? NULL : prefix) ||
                icstat_cmd_agree_caveats(o, c->g[k].res, c->a, human ? NULL : prefix) ||
                ((human ? k == 0 : k + 1 == c->n_g) && groups_run_notes(o, c)))
                return 0;
        }
    }
    if (c->a->compare && (!(res[n++] = compare_result(c)) || compare_notes(res[n - 1], c) ||
                          (!human && groups_run_notes(res[n - 1], c))))
        return 0;
    return n;
}

static void groups_free(groups_ctx *c)
{
    for (size_t k = 0; c->g && k < c->n_g; k++) {
        free(c->g[k].label);
        free(c->g[k].units);
        free(c->g[k].raters);
        icstat_ratings_free(c->g[k].r);
        icstat_agree_result_free(c->g[k].res);
    }
    free(c->g);
    free(c->diff);
    free(c->diff_group);
    free(c->w);
    icstat_ratings_free(c->r);
    icstat_table_free(c->t);
}

int icstat_cmd_agree_groups_run(icstat_cmd_agree_args *a)
{
    groups_ctx c = {.a = a};
    icstat_error_clear(&c.err);
    int st = groups_read(&c);
    if (st == ICSTAT_OK)
        st = a->by ? groups_by(&c) : groups_paired(&c);
    if (st == ICSTAT_OK)
        st = groups_estimate(&c);
    if (st == ICSTAT_OK && a->compare)
        st = groups_compare(&c);
    int rc = 0;
    icstat_result **res = NULL;
    size_t n = 0;
    if (st == ICSTAT_OK) {
        res = calloc(c.n_g + 2, sizeof *res); /* NOLINT(bugprone-sizeof-expression) */
        if (!res || (n = groups_results(&c, res)) == 0)
            st = nomem(&c);
    }
    if (st != ICSTAT_OK) {
        if (!c.err.file[0] && st != ICSTAT_EUSAGE)
            snprintf(c.err.file, sizeof c.err.file, "%s", c.t ? c.t->path : a->path);
        rc = icstat_cli_report(&c.err);
    } else if (icstat_cli_write_results((const icstat_result *const *)res, n,
                                        a->common.out_path, a->common.fmt, &c.err) != ICSTAT_OK)
        rc = icstat_cli_report(&c.err);
    for (size_t k = 0; res && k < c.n_g + 2; k++)
        icstat_result_free(res[k]);
    free(res);
    groups_free(&c);
    return rc;
}
