/* describe_tables.c — a describe result and survey figures as the
 * tables a command writes: the percentages, the test, the comparisons
 * (for people, or as one long table of measures), with notes that say
 * which rows were counted, what each column is, and where a statistic is
 * undefined and why. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "describe_internal.h"
#include "icstat/describe.h"

static int set_row(icstat_result *res, const char *const *text, size_t ntext, const double *num,
                   size_t nnum)
{
    long row = icstat_result_add_row(res);
    if (row < 0)
        return -1;
    for (size_t j = 0; j < ntext; j++)
        if (icstat_result_set_text(res, (size_t)row, j, text[j]) != 0)
            return -1;
    for (size_t j = 0; j < nnum; j++)
        icstat_result_set_num(res, (size_t)row, ntext + j, num[j]);
    return 0;
}

/* The level of a row's interval (ci_low, ci_high: columns lo and lo + 1)
 * into column col, as fit's csv has it: conf on a row with an interval,
 * NA on one without, so that a chart reads the level rather than working
 * it back from the intervals (issue 17).  Machine formats only: text and
 * md state the level in the title. */
static void set_conf(icstat_result *res, size_t lo, size_t col, double conf)
{
    for (size_t i = 0; i < icstat_result_nrow(res); i++) {
        const int has = isfinite(icstat_result_num(res, i, lo)) ||
                        isfinite(icstat_result_num(res, i, lo + 1));
        icstat_result_set_num(res, i, col, has ? conf : NAN);
    }
}

/* "phase=Primary, role=HMI" */
static void where_text(const char *const *where, size_t n, char *buf, size_t len)
{
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? ", " : "", where[i]);
}

/* Which rows were counted: the conditions and missing values (every
 * format). */
static int row_notes(icstat_result *res, const icstat_describe_result *r,
                     const icstat_describe_view *v, const char *where)
{
    if (v->spec->n_where &&
        icstat_result_add_note(res, "%s %s: %zu of %zu rows left out",
                               describe_name(v->spec->names.where, "where"), where,
                               r->n_excluded, r->n_read) != 0)
        return -1;
    if (!r->n_missing)
        return 0;
    char parts[700] = "";
    if (r->n_missing_outcome)
        snprintf(parts, sizeof parts, "%zu missing '%s'", r->n_missing_outcome, r->outcome_name);
    if (r->n_missing_by)
        snprintf(parts + strlen(parts), sizeof parts - strlen(parts), "%s%zu missing '%s'",
                 parts[0] ? ", " : "", r->n_missing_by, r->by_name);
    if (r->n_missing_cluster)
        snprintf(parts + strlen(parts), sizeof parts - strlen(parts), "%s%zu missing '%s'",
                 parts[0] ? ", " : "", r->n_missing_cluster, r->cluster_name);
    return icstat_result_add_note(res, "%zu row%s left out for a missing value (%s)",
                                  r->n_missing, r->n_missing == 1 ? "" : "s", parts);
}

/* With clusters: clusters spanning groups (every format). */
static int cluster_notes(icstat_result *res, const icstat_describe_result *r)
{
    if (!r->cluster_name || !r->n_clusters_crossing || r->n_groups < 2)
        return 0;
    return icstat_result_add_note(res, "%zu of %zu '%s' clusters have rows in more than one "
                                       "'%s' group; comparisons allow for the correlation "
                                       "this makes", r->n_clusters_crossing, r->n_clusters,
                                  r->cluster_name, r->by_name);
}

icstat_result *icstat_describe_table_percent(const icstat_describe_result *r,
                                             const icstat_describe_view *v)
{
    static const icstat_col_spec cols[] = {
        {"group", ICSTAT_COL_TEXT, 0},  {"category", ICSTAT_COL_TEXT, 0},
        {"n", ICSTAT_COL_INT, 0},       {"total", ICSTAT_COL_INT, 0},
        {"percent", ICSTAT_COL_NUM, 1}, {"ci_low", ICSTAT_COL_NUM, 1},
        {"ci_high", ICSTAT_COL_NUM, 1}, {"conf", ICSTAT_COL_NUM, 3},
        {"deff", ICSTAT_COL_NUM, 2},
    };
    /* For people the table without conf: the columns but it, in order. */
    static const icstat_col_spec human_cols[] = {
        {"group", ICSTAT_COL_TEXT, 0},  {"category", ICSTAT_COL_TEXT, 0},
        {"n", ICSTAT_COL_INT, 0},       {"total", ICSTAT_COL_INT, 0},
        {"percent", ICSTAT_COL_NUM, 1}, {"ci_low", ICSTAT_COL_NUM, 1},
        {"ci_high", ICSTAT_COL_NUM, 1}, {"deff", ICSTAT_COL_NUM, 2},
    };
    const icstat_describe_spec *spec = v->spec;
    const size_t nconf = v->human ? 0 : 1; /* conf's columns: 0 or 1 */
    char title[2048], by[300] = "", where[480] = "", clustered[300] = "";
    if (r->by_name)
        snprintf(by, sizeof by, " by '%s'", r->by_name);
    if (r->cluster_name)
        snprintf(clustered, sizeof clustered, " allowing for clustering by '%s' (%zu clusters)",
                 r->cluster_name, r->n_clusters);
    where_text(spec->where, spec->n_where, where, sizeof where);
    snprintf(title, sizeof title, "'%s'%s in %s%s%s: %zu rows; percent of each group with "
             "%g%% Wilson intervals%s", r->outcome_name, by, v->path,
             spec->n_where ? ", where " : "", where, r->n_used, 100.0 * spec->conf, clustered);
    icstat_result *res = icstat_result_alloc(title, v->human ? human_cols : cols,
                                             (r->deff ? 8 : 7) + nconf);
    if (!res)
        return NULL;
    const size_t q = r->n_cats;
    for (size_t g = 0; g < r->n_groups; g++)
        for (size_t k = 0; k < q; k++) {
            const size_t c = g * q + k;
            const char *text[2] = {r->group_labels[g], r->cat_labels[k]};
            const double num[7] = {r->count[c], r->total[g], r->percent[c], r->ci_low[c],
                                   r->ci_high[c], NAN, r->deff ? r->deff[c] : NAN};
            const double hnum[6] = {num[0], num[1], num[2], num[3], num[4], num[6]};
            if (set_row(res, text, 2, v->human ? hnum : num, (r->deff ? 6 : 5) + nconf) != 0)
                goto nomem;
        }
    if (!v->human)
        set_conf(res, 5, 7, spec->conf);
    if (row_notes(res, r, v, where) != 0 || cluster_notes(res, r) != 0)
        goto nomem;
    if (r->by_name && r->n_groups < 2 &&
        icstat_result_add_note(res, "'%s' has one level ('%s') among the rows counted: nothing "
                                    "to compare", r->by_name, r->group_labels[0]) != 0)
        goto nomem;
    if (v->human && !r->deff &&
        icstat_result_add_note(res, "percent: n / total x 100 within the group; ci_low, "
                                    "ci_high: Wilson score interval (R's prop.test without "
                                    "continuity correction)") != 0)
        goto nomem;
    if (v->human && r->deff &&
        icstat_result_add_note(res, "percent: n / total x 100 within the group; deff: design "
                                    "effect, the variance allowing for clustering by '%s' "
                                    "(cluster-robust, as R's survey::svymean with ids = ~%s) "
                                    "over the variance for independent rows, at least 1; "
                                    "ci_low, ci_high: Wilson score interval at the effective "
                                    "sample size total / deff", r->cluster_name,
                               r->cluster_name) != 0)
        goto nomem;
    return res;
nomem:
    icstat_result_free(res);
    return NULL;
}

/* Notes on the chi-square test: what it left out, and small expected counts. */
static int chisq_notes(icstat_result *res, const icstat_describe_result *r)
{
    const icstat_chisq *x = &r->chisq;
    const size_t q = r->n_cats;
    if (r->cluster_name && r->test_cells_limit)
        return icstat_result_add_note(res, "clustered test: undefined, as %zu groups x %zu "
                                           "categories is more cells than it is computed for",
                                      r->n_groups, q);
    if (r->cluster_name && isnan(x->statistic) && x->cols_used >= 2)
        return icstat_result_add_note(res, "clustered test: undefined, as the covariance of "
                                           "the differences is singular");
    if (isnan(x->statistic))
        return icstat_result_add_note(res, "chi-square: undefined, as only %zu categor%s of "
                                           "'%s' %s rows", x->cols_used,
                                      x->cols_used == 1 ? "y" : "ies", r->outcome_name,
                                      x->cols_used == 1 ? "has" : "have");
    for (size_t k = 0; k < q; k++) {
        double n = 0.0;
        for (size_t g = 0; g < r->n_groups; g++)
            n += r->count[g * q + k];
        if (n == 0.0 && icstat_result_add_note(res, "chi-square: category '%s' has no rows and "
                                                    "is left out of the test",
                                               r->cat_labels[k]) != 0)
            return -1;
    }
    if (x->n_small &&
        icstat_result_add_note(res, "chi-square: %zu of %zu expected counts are below 5 "
                                    "(smallest %.2f); the approximation may be poor",
                               x->n_small, x->n_cells, x->min_expected) != 0)
        return -1;
    return 0;
}

/* Comparisons without a risk-ratio interval, and why. */
static int rr_note(icstat_result *res, const icstat_describe_result *r)
{
    const size_t n = r->n_rr_undefined, q = r->n_cats;
    if (!n)
        return 0;
    int no_ratio = 0;
    for (size_t k = 0; k < q; k++)
        no_ratio |= r->count[r->ref * q + k] == 0.0;
    return icstat_result_add_note(res, "risk_ratio: no interval for %zu comparison%s with a "
                                       "count of 0 (the log scale has no variance there)%s",
                                  n, n == 1 ? "" : "s",
                                  no_ratio ? ", and no ratio where the reference's count is 0"
                                           : "");
}

icstat_result *icstat_describe_table_test(const icstat_describe_result *r)
{
    static const icstat_col_spec cols[] = {
        {"test", ICSTAT_COL_TEXT, 0}, {"statistic", ICSTAT_COL_NUM, 2},
        {"df", ICSTAT_COL_INT, 0},    {"p_value", ICSTAT_COL_P, 0},
        {"n", ICSTAT_COL_INT, 0},
    };
    char title[600];
    snprintf(title, sizeof title, "Is '%s' independent of '%s'?", r->outcome_name, r->by_name);
    icstat_result *res = icstat_result_alloc(title, cols, 5);
    const char *text[1] = {r->cluster_name ? "wald_chisq" : "pearson_chisq"};
    const double num[4] = {r->chisq.statistic, r->chisq.df, r->chisq.p_value, (double)r->n_used};
    if (!res || set_row(res, text, 1, num, 4) != 0 || chisq_notes(res, r) != 0 ||
        (!r->cluster_name &&
         icstat_result_add_note(res, "Pearson's chi-square test of independence without "
                                     "continuity correction (R's chisq.test(correct = "
                                     "FALSE))") != 0) ||
        (r->cluster_name &&
         icstat_result_add_note(res, "Wald test that every group has the reference group's "
                                     "category shares, with their cluster-robust covariance "
                                     "(clusters: '%s'); chi-square on (groups - 1) x "
                                     "(categories - 1) df", r->cluster_name) != 0)) {
        icstat_result_free(res);
        return NULL;
    }
    return res;
}

icstat_result *icstat_describe_table_compare(const icstat_describe_result *r,
                                             const icstat_describe_view *v)
{
    static const icstat_col_spec cols[] = {
        {"category", ICSTAT_COL_TEXT, 0},    {"group", ICSTAT_COL_TEXT, 0},
        {"percent", ICSTAT_COL_NUM, 1},      {"ref_percent", ICSTAT_COL_NUM, 1},
        {"difference", ICSTAT_COL_NUM, 1},   {"ci_low", ICSTAT_COL_NUM, 1},
        {"ci_high", ICSTAT_COL_NUM, 1},      {"risk_ratio", ICSTAT_COL_NUM, 2},
        {"rr_ci_low", ICSTAT_COL_NUM, 2},    {"rr_ci_high", ICSTAT_COL_NUM, 2},
    };
    const size_t q = r->n_cats, ref = r->ref;
    char title[600];
    snprintf(title, sizeof title, "Each '%s' against '%s' (reference); %g%% intervals",
             r->by_name, r->group_labels[ref], 100.0 * v->spec->conf);
    icstat_result *res = icstat_result_alloc(title, cols, 10);
    if (!res)
        return NULL;
    for (size_t k = 0; k < q; k++)
        for (size_t g = 0; g < r->n_groups; g++) {
            if (g == ref)
                continue;
            const size_t c = g * q + k;
            const char *text[2] = {r->cat_labels[k], r->group_labels[g]};
            const double num[8] = {r->percent[c], r->percent[ref * q + k], r->diff[c],
                                   r->diff_low[c], r->diff_high[c], r->rr[c], r->rr_low[c],
                                   r->rr_high[c]};
            if (set_row(res, text, 2, num, 8) != 0)
                goto nomem;
        }
    if (rr_note(res, r) != 0 ||
        (!r->cluster_name &&
         icstat_result_add_note(res, "difference: percent minus ref_percent, in percentage "
                                     "points, with Newcombe's (1998) hybrid score interval; "
                                     "risk_ratio: percent / ref_percent, with Katz's log "
                                     "interval") != 0) ||
        (r->cluster_name &&
         icstat_result_add_note(res, "difference: percent minus ref_percent, in percentage "
                                     "points, with Newcombe's hybrid interval built from the "
                                     "clustered Wilson limits (and their correlation, Zou & "
                                     "Donner's MOVER); risk_ratio: percent / ref_percent, "
                                     "with a delta-method log interval from the clustered "
                                     "variances") != 0))
        goto nomem;
    return res;
nomem:
    icstat_result_free(res);
    return NULL;
}

icstat_result *icstat_describe_table_measures(const icstat_describe_result *r,
                                              const icstat_describe_view *v)
{
    static const icstat_col_spec cols[] = {
        {"measure", ICSTAT_COL_TEXT, 0}, {"category", ICSTAT_COL_TEXT, 0},
        {"group", ICSTAT_COL_TEXT, 0},   {"reference", ICSTAT_COL_TEXT, 0},
        {"estimate", ICSTAT_COL_NUM, 4}, {"ci_low", ICSTAT_COL_NUM, 4},
        {"ci_high", ICSTAT_COL_NUM, 4},  {"conf", ICSTAT_COL_NUM, 3},
        {"df", ICSTAT_COL_INT, 0},       {"p_value", ICSTAT_COL_P, 0},
    };
    const size_t q = r->n_cats, ref = r->ref;
    char title[600];
    snprintf(title, sizeof title, "'%s' by '%s' in %s: chi-square test, and each group against "
             "'%s'; %g%% intervals", r->outcome_name, r->by_name, v->path,
             r->group_labels[ref], 100.0 * v->spec->conf);
    icstat_result *res = icstat_result_alloc(title, cols, 10);
    if (!res)
        return NULL;
    const char *chi[4] = {"chisq", "all", "all", NULL};
    const double chinum[6] = {r->chisq.statistic, NAN, NAN, NAN, r->chisq.df, r->chisq.p_value};
    if (set_row(res, chi, 4, chinum, 6) != 0)
        goto nomem;
    for (size_t k = 0; k < q; k++)
        for (size_t g = 0; g < r->n_groups; g++) {
            if (g == ref)
                continue;
            const size_t c = g * q + k;
            const char *dt[4] = {"difference", r->cat_labels[k], r->group_labels[g],
                                 r->group_labels[ref]};
            const char *rt[4] = {"risk_ratio", r->cat_labels[k], r->group_labels[g],
                                 r->group_labels[ref]};
            const double dn[6] = {r->diff[c], r->diff_low[c], r->diff_high[c], NAN, NAN, NAN};
            const double rn[6] = {r->rr[c], r->rr_low[c], r->rr_high[c], NAN, NAN, NAN};
            if (set_row(res, dt, 4, dn, 6) != 0 || set_row(res, rt, 4, rn, 6) != 0)
                goto nomem;
        }
    set_conf(res, 5, 7, v->spec->conf);
    char where[480];
    where_text(v->spec->where, v->spec->n_where, where, sizeof where);
    if (row_notes(res, r, v, where) != 0 || cluster_notes(res, r) != 0 ||
        chisq_notes(res, r) != 0 || rr_note(res, r) != 0 ||
        (r->cluster_name &&
         icstat_result_add_note(res, "clustered by '%s': chisq is the Wald test with "
                                     "cluster-robust covariances; intervals allow for the "
                                     "clustering", r->cluster_name) != 0))
        goto nomem;
    return res;
nomem:
    icstat_result_free(res);
    return NULL;
}

/* What a base published as "at least" and a missing base mean, row by
 * row.  0, or -1 when out of memory. */
static int base_notes(icstat_result *res, const icstat_proportions *p)
{
    for (size_t i = 0; i < p->n; i++) {
        if (p->derived[i])
            continue; /* derived_notes says what it is */
        if (p->base[i] == ICSTAT_BASE_AT_LEAST &&
            icstat_result_add_note(res, "line %ld ('%s'): base published as at least %.0f: the "
                                        "interval is made at n = %.0f, the widest it can be for "
                                        "any base of at least that (conservative)",
                                   p->line[i], p->labels[i], p->total[i], p->total[i]) != 0)
            return -1;
        if (p->base[i] == ICSTAT_BASE_NONE &&
            icstat_result_add_note(res, "line %ld ('%s'): base not published: the percent as "
                                        "given, with no count and no interval (NA)",
                                   p->line[i], p->labels[i]) != 0)
            return -1;
    }
    return 0;
}

/* Each derived row (--difference): how it was made.  0, or -1 when out
 * of memory. */
static int derived_notes(icstat_result *res, const icstat_proportions *p)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->derived[i] &&
            icstat_result_add_note(res, "'%s'%s%s%s: derived, %s (not a published figure)",
                                   p->labels[i], p->groups ? " (group '" : "",
                                   p->groups ? p->groups[i] : "", p->groups ? "')" : "",
                                   p->derived[i]) != 0)
            return -1;
    return 0;
}

icstat_result *icstat_proportions_table(const icstat_proportions *p, const char *path,
                                        double conf, int human)
{
    /* With groups, a first column group; cols + 1 without. */
    static const icstat_col_spec cols[] = {
        {"group", ICSTAT_COL_TEXT, 0},
        {"label", ICSTAT_COL_TEXT, 0},  {"count", ICSTAT_COL_INT, 0},
        {"total", ICSTAT_COL_INT, 0},   {"percent", ICSTAT_COL_NUM, 1},
        {"ci_low", ICSTAT_COL_NUM, 1},  {"ci_high", ICSTAT_COL_NUM, 1},
        {"conf", ICSTAT_COL_NUM, 3},    {"base", ICSTAT_COL_TEXT, 0},
    };
    /* For people the same without conf. */
    static const icstat_col_spec human_cols[] = {
        {"group", ICSTAT_COL_TEXT, 0},
        {"label", ICSTAT_COL_TEXT, 0},  {"count", ICSTAT_COL_INT, 0},
        {"total", ICSTAT_COL_INT, 0},   {"percent", ICSTAT_COL_NUM, 1},
        {"ci_low", ICSTAT_COL_NUM, 1},  {"ci_high", ICSTAT_COL_NUM, 1},
        {"base", ICSTAT_COL_TEXT, 0},
    };
    const size_t nconf = human ? 0 : 1, g = p->groups ? 1 : 0, base_col = 6 + nconf + g;
    char title[600];
    snprintf(title, sizeof title, "Proportions in %s: %zu figure%s; percent with %g%% Wilson "
             "intervals", path, p->n, p->n == 1 ? "" : "s", 100.0 * conf);
    /* Column 'base' only where a figure's base is not a plain number, so
     * that figures with their bases keep the six columns they had. */
    int plain = 1;
    for (size_t i = 0; i < p->n; i++)
        plain = plain && p->base[i] == ICSTAT_BASE_EXACT;
    icstat_result *res = icstat_result_alloc(title, (human ? human_cols : cols) + 1 - g,
                                             (plain ? 6 : 7) + nconf + g);
    if (!res)
        return NULL;
    for (size_t i = 0; i < p->n; i++) {
        const char *text[2] = {g ? p->groups[i] : p->labels[i], p->labels[i]};
        const double num[5] = {p->count[i], p->total[i], p->percent[i], p->ci_low[i],
                               p->ci_high[i]};
        if (set_row(res, text, 1 + g, num, 5) != 0 ||
            (!plain &&
             icstat_result_set_text(res, i, base_col, icstat_base_kind_name(p->base[i])) != 0))
            goto nomem;
    }
    if (!human)
        set_conf(res, 4 + g, 6 + g, conf);
    if (base_notes(res, p) != 0 || derived_notes(res, p) != 0)
        goto nomem;
    if (p->from_percent &&
        icstat_result_add_note(res, "counts from column 'percent': count = round(percent x "
                                    "total / 100), and percent is then count / total") != 0)
        goto nomem;
    /* A published percentage is rounded; say where the whole count behind
     * it moves the figure by more than that rounding could. */
    for (size_t i = 0; p->from_percent && i < p->n; i++)
        if (p->base[i] != ICSTAT_BASE_NONE && fabs(p->percent[i] - p->given[i]) > 0.05 + 1e-9 &&
            icstat_result_add_note(res, "line %ld ('%s'): %.10g%% of %.0f is %.10g; "
                                        "counted as %.0f, which is %.2f%%",
                                   p->line[i], p->labels[i], p->given[i], p->total[i],
                                   p->given[i] * p->total[i] / 100.0, p->count[i],
                                   p->percent[i]) != 0)
            goto nomem;
    if (p->percent_ignored &&
        icstat_result_add_note(res, "both 'count' and 'percent' given: the counts are used") != 0)
        goto nomem;
    /* A spreadsheet exports a percent cell as a fraction (0.91 for 91%):
     * figures all at most 1 are read as percents, as given, but said. */
    int fractions = p->from_percent && p->n > 0;
    for (size_t i = 0; fractions && i < p->n; i++)
        fractions = p->given[i] <= 1.0;
    if (fractions &&
        icstat_result_add_note(res, "every percent is at most 1, so each is read as under 1%%; if "
                                    "they are fractions (0.91 for 91%%, as spreadsheets export a "
                                    "percent cell), multiply them by 100") != 0)
        goto nomem;
    return res;
nomem:
    icstat_result_free(res);
    return NULL;
}
