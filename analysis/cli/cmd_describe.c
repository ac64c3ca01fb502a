/* cmd_describe.c — `icstat describe`: percentages with intervals, and the
 * comparisons that back a sentence about them. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icstat/cli.h"
#include "icstat/condition.h"
#include "icstat/describe.h"
#include "icstat/table.h"

static void describe_usage(FILE *f)
{
    fputs(
        "Usage: icstat describe --outcome COL [--by COL] [options] FILE\n"
        "       icstat describe --proportions [options] FILE\n"
        "\n"
        "The tables that back a sentence such as \"8.2% of primary schools inspected by\n"
        "men were judged Outstanding, against 7.8% of those inspected by women\".\n"
        "For each group (each level of --by, or one group 'all') and each outcome\n"
        "category: the count, the group total, the percentage and its Wilson interval.\n"
        "With two or more groups, text and md add Pearson's chi-square test of\n"
        "independence and, for each category, each group against the reference group:\n"
        "the difference in percentage points (Newcombe's hybrid score interval) and the\n"
        "risk ratio (Katz's log interval).  Rows missing the outcome or the group are\n"
        "dropped and counted.\n"
        "\n"
        "Table:\n"
        "  --outcome COL         the outcome (a grade)\n"
        "  --by COL              groups to compare (e.g. inspector gender); default: none\n"
        "  --where COND          keep rows where COL=VALUE, COL!=VALUE, COL<N, COL<=N, COL>N\n"
        "                        or COL>=N; repeat it or give a comma list, and every\n"
        "                        condition must hold (a row missing COL meets none; numbers\n"
        "                        compare as numbers)\n"
        "  --categories LIST     the categories in order, e.g.\n"
        "                        \"Outstanding,Good,Requires improvement,Inadequate\";\n"
        "                        join values with + to count them as one category, e.g.\n"
        "                        \"Outstanding,Good,Requires improvement+Inadequate\";\n"
        "                        a value not in LIST is an error.  Or a scale's name:\n"
        "                        ofsted (1 Outstanding .. 4 Inadequate; Satisfactory is\n"
        "                        3), report-card (1 Exceptional .. 5 Urgent improvement)\n"
        "                        or met (Met, Not met): values are its words in any case\n"
        "                        or its codes 1..k, shown as its words.  Default: the\n"
        "                        distinct values, in a known scale's order when all are\n"
        "                        its words, numeric order when all are numbers, else\n"
        "                        sorted\n"
        ICSTAT_CLI_DERIVE_HELP
        "                        (before --where, which may test NEW)\n"
        "  --ref LEVEL           the reference group for comparisons (default: the first\n"
        "                        level of --by, in the order the categories take)\n"
        "  --cluster COL         rows come in clusters, e.g. inspections by the same\n"
        "                        inspector: intervals, comparisons and the test allow for\n"
        "                        it (cluster-robust variances; Wilson intervals at the\n"
        "                        effective sample size; a Wald test instead of Pearson's);\n"
        "                        adds a column deff (design effect)\n"
        "  --compare             csv, tsv and json carry the comparisons instead of the\n"
        "                        percentages (text and md always show both)\n"
        "  --conf X              interval level (default 0.95)\n"
        "\n",
        f);
    fputs(
        "Survey figures:\n"
        "  --proportions         FILE has columns label,count,total or label,percent,total\n"
        "                        (percent on 0-100); each figure gets its Wilson interval.\n"
        "                        From a percent, count = round(percent x total / 100) and\n"
        "                        the estimate is count / total; a note names every row\n"
        "                        where that differs from the given percent by more than\n"
        "                        0.05 points\n"
        "\n"
        "Output:\n"
        "  --format F            text|csv|tsv|json|md (default text)\n"
        "  -o FILE               write to FILE (default stdout); written whole or not at all\n"
        "  -h, --help            show this help\n"
        "\n"
        "csv columns: group,category,n,total,percent,ci_low,ci_high (percent and interval\n"
        "on the 0-100 scale).  With --compare: measure,category,group,reference,estimate,\n"
        "ci_low,ci_high,df,p_value, where measure is chisq (category and group 'all';\n"
        "estimate the statistic), difference (percentage points, group minus reference)\n"
        "or risk_ratio.  With --proportions: label,count,total,percent,ci_low,ci_high.\n"
        "Notes go to stderr with csv and tsv.\n"
        "\n"
        "Examples:\n"
        "  icstat describe --outcome grade --by gender --where phase=Primary \\\n"
        "      --categories \"Outstanding,Good,Requires improvement,Inadequate\" inspections.csv\n"
        "  icstat describe --outcome grade --by role --ref OI --compare --format csv \\\n"
        "      -o role.csv inspections.csv\n"
        "  icstat describe --proportions survey.csv\n",
        f);
}

enum {
    OPT_OUTCOME = 256, OPT_BY, OPT_WHERE, OPT_CATEGORIES, OPT_REF, OPT_COMPARE, OPT_PROPORTIONS,
    OPT_CLUSTER
};

static const struct option describe_options[] = {
    {"outcome", required_argument, NULL, OPT_OUTCOME},
    {"by", required_argument, NULL, OPT_BY},
    {"where", required_argument, NULL, OPT_WHERE},
    {"categories", required_argument, NULL, OPT_CATEGORIES},
    {"ref", required_argument, NULL, OPT_REF},
    {"compare", no_argument, NULL, OPT_COMPARE},
    {"cluster", required_argument, NULL, OPT_CLUSTER},
    {"proportions", no_argument, NULL, OPT_PROPORTIONS},
    {"years-between", required_argument, NULL, ICSTAT_OPT_YEARS_BETWEEN},
    {"band", required_argument, NULL, ICSTAT_OPT_BAND},
    {"conf", required_argument, NULL, ICSTAT_OPT_CONF},
    {"format", required_argument, NULL, ICSTAT_OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Append the items of one --where (a comma list) to *list. */
static int add_where(const char *value, char ***list, size_t *n, int *rc)
{
    size_t m;
    char **items = icstat_cli_split_list(value, &m);
    if (!items) {
        if (!icstat_cli_list_has_empty(value)) {
            *rc = icstat_cli_out_of_memory();
        } else {
            *rc = icstat_cli_usage_error("describe", "--where '%s' has an empty item", value);
        }
        return -1;
    }
    for (size_t i = 0; i < m; i++) {
        icstat_condition c;
        const int cs = icstat_condition_parse(items[i], 0, &c);
        icstat_condition_clear(&c);
        if (cs == ICSTAT_COND_NOMEM) {
            *rc = icstat_cli_out_of_memory();
            icstat_cli_list_free(items);
            return -1;
        }
        if (cs != ICSTAT_COND_OK) {
            *rc = icstat_cli_usage_error("describe", "%s (got '%s')",
                                         cs == ICSTAT_COND_NOT_NUMBER
                                             ? "--where: an ordering (<, <=, >, >=) compares "
                                               "with a number"
                                             : "--where takes COL=VALUE, COL!=VALUE or COL<N "
                                               "(also <=, >, >=)",
                                         items[i]);
            icstat_cli_list_free(items);
            return -1;
        }
    }
    char **grown = realloc(*list, (*n + m + 1) * sizeof *grown);
    if (!grown) {
        icstat_error err;
        icstat_cli_list_free(items);
        icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        *rc = icstat_cli_report(&err);
        return -1;
    }
    memcpy(grown + *n, items, m * sizeof *items);
    *n += m;
    grown[*n] = NULL;
    *list = grown;
    free(items); /* the strings now belong to *list */
    return 0;
}

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

/* "phase=Primary, role=HMI" */
static void where_text(char *const *where, size_t n, char *buf, size_t len)
{
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? ", " : "", where[i]);
}

typedef struct {
    const icstat_describe_result *r;
    const char *path;
    char *const *where;
    size_t n_where;
    double conf;
    int human;
} describe_report;

/* Which rows were counted: --where and missing values (every format). */
static int row_notes(icstat_result *res, const describe_report *d, const char *where)
{
    const icstat_describe_result *r = d->r;
    if (d->n_where && icstat_result_add_note(res, "--where %s: %zu of %zu rows left out", where,
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
static int cluster_notes(icstat_result *res, const describe_report *d)
{
    const icstat_describe_result *r = d->r;
    if (!r->cluster_name || !r->n_clusters_crossing || r->n_groups < 2)
        return 0;
    return icstat_result_add_note(res, "%zu of %zu '%s' clusters have rows in more than one "
                                       "'%s' group; comparisons allow for the correlation "
                                       "this makes", r->n_clusters_crossing, r->n_clusters,
                                  r->cluster_name, r->by_name);
}

static icstat_result *percent_result(const describe_report *d)
{
    static const icstat_col_spec cols[] = {
        {"group", ICSTAT_COL_TEXT, 0},  {"category", ICSTAT_COL_TEXT, 0},
        {"n", ICSTAT_COL_INT, 0},       {"total", ICSTAT_COL_INT, 0},
        {"percent", ICSTAT_COL_NUM, 1}, {"ci_low", ICSTAT_COL_NUM, 1},
        {"ci_high", ICSTAT_COL_NUM, 1}, {"deff", ICSTAT_COL_NUM, 2},
    };
    const icstat_describe_result *r = d->r;
    char title[2048], by[300] = "", where[480] = "", clustered[300] = "";
    if (r->by_name)
        snprintf(by, sizeof by, " by '%s'", r->by_name);
    if (r->cluster_name)
        snprintf(clustered, sizeof clustered, " allowing for clustering by '%s' (%zu clusters)",
                 r->cluster_name, r->n_clusters);
    where_text(d->where, d->n_where, where, sizeof where);
    snprintf(title, sizeof title, "'%s'%s in %s%s%s: %zu rows; percent of each group with "
             "%g%% Wilson intervals%s", r->outcome_name, by, d->path, d->n_where ? ", where " : "",
             where, r->n_used, 100.0 * d->conf, clustered);
    icstat_result *res = icstat_result_alloc(title, cols, r->deff ? 8 : 7);
    if (!res)
        return NULL;
    const size_t q = r->n_cats;
    for (size_t g = 0; g < r->n_groups; g++)
        for (size_t k = 0; k < q; k++) {
            const size_t c = g * q + k;
            const char *text[2] = {r->group_labels[g], r->cat_labels[k]};
            const double num[6] = {r->count[c], r->total[g], r->percent[c], r->ci_low[c],
                                   r->ci_high[c], r->deff ? r->deff[c] : NAN};
            if (set_row(res, text, 2, num, r->deff ? 6 : 5) != 0)
                goto nomem;
        }
    if (row_notes(res, d, where) != 0 || cluster_notes(res, d) != 0)
        goto nomem;
    if (r->by_name && r->n_groups < 2 &&
        icstat_result_add_note(res, "'%s' has one level ('%s') among the rows counted: nothing "
                                    "to compare", r->by_name, r->group_labels[0]) != 0)
        goto nomem;
    if (d->human && !r->deff &&
        icstat_result_add_note(res, "percent: n / total x 100 within the group; ci_low, "
                                    "ci_high: Wilson score interval (R's prop.test without "
                                    "continuity correction)") != 0)
        goto nomem;
    if (d->human && r->deff &&
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
static int chisq_notes(icstat_result *res, const describe_report *d)
{
    const icstat_describe_result *r = d->r;
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

static int rr_note(icstat_result *res, const describe_report *d)
{
    const icstat_describe_result *r = d->r;
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

static icstat_result *chisq_result(const describe_report *d)
{
    static const icstat_col_spec cols[] = {
        {"test", ICSTAT_COL_TEXT, 0}, {"statistic", ICSTAT_COL_NUM, 2},
        {"df", ICSTAT_COL_INT, 0},    {"p_value", ICSTAT_COL_P, 0},
        {"n", ICSTAT_COL_INT, 0},
    };
    const icstat_describe_result *r = d->r;
    char title[600];
    snprintf(title, sizeof title, "Is '%s' independent of '%s'?", r->outcome_name, r->by_name);
    icstat_result *res = icstat_result_alloc(title, cols, 5);
    const char *text[1] = {r->cluster_name ? "wald_chisq" : "pearson_chisq"};
    const double num[4] = {r->chisq.statistic, r->chisq.df, r->chisq.p_value, (double)r->n_used};
    if (!res || set_row(res, text, 1, num, 4) != 0 || chisq_notes(res, d) != 0 ||
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

/* text and md: one row per category and group, against the reference. */
static icstat_result *compare_human(const describe_report *d)
{
    static const icstat_col_spec cols[] = {
        {"category", ICSTAT_COL_TEXT, 0},    {"group", ICSTAT_COL_TEXT, 0},
        {"percent", ICSTAT_COL_NUM, 1},      {"ref_percent", ICSTAT_COL_NUM, 1},
        {"difference", ICSTAT_COL_NUM, 1},   {"ci_low", ICSTAT_COL_NUM, 1},
        {"ci_high", ICSTAT_COL_NUM, 1},      {"risk_ratio", ICSTAT_COL_NUM, 2},
        {"rr_ci_low", ICSTAT_COL_NUM, 2},    {"rr_ci_high", ICSTAT_COL_NUM, 2},
    };
    const icstat_describe_result *r = d->r;
    const size_t q = r->n_cats, ref = r->ref;
    char title[600];
    snprintf(title, sizeof title, "Each '%s' against '%s' (reference); %g%% intervals",
             r->by_name, r->group_labels[ref], 100.0 * d->conf);
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
    if (rr_note(res, d) != 0 ||
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

/* csv, tsv, json with --compare: the test and every comparison, one table. */
static icstat_result *compare_machine(const describe_report *d)
{
    static const icstat_col_spec cols[] = {
        {"measure", ICSTAT_COL_TEXT, 0}, {"category", ICSTAT_COL_TEXT, 0},
        {"group", ICSTAT_COL_TEXT, 0},   {"reference", ICSTAT_COL_TEXT, 0},
        {"estimate", ICSTAT_COL_NUM, 4}, {"ci_low", ICSTAT_COL_NUM, 4},
        {"ci_high", ICSTAT_COL_NUM, 4},  {"df", ICSTAT_COL_INT, 0},
        {"p_value", ICSTAT_COL_P, 0},
    };
    const icstat_describe_result *r = d->r;
    const size_t q = r->n_cats, ref = r->ref;
    char title[600];
    snprintf(title, sizeof title, "'%s' by '%s' in %s: chi-square test, and each group against "
             "'%s'; %g%% intervals", r->outcome_name, r->by_name, d->path,
             r->group_labels[ref], 100.0 * d->conf);
    icstat_result *res = icstat_result_alloc(title, cols, 9);
    if (!res)
        return NULL;
    const char *chi[4] = {"chisq", "all", "all", NULL};
    const double chinum[5] = {r->chisq.statistic, NAN, NAN, r->chisq.df, r->chisq.p_value};
    if (set_row(res, chi, 4, chinum, 5) != 0)
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
            const double dn[5] = {r->diff[c], r->diff_low[c], r->diff_high[c], NAN, NAN};
            const double rn[5] = {r->rr[c], r->rr_low[c], r->rr_high[c], NAN, NAN};
            if (set_row(res, dt, 4, dn, 5) != 0 || set_row(res, rt, 4, rn, 5) != 0)
                goto nomem;
        }
    char where[480];
    where_text(d->where, d->n_where, where, sizeof where);
    if (row_notes(res, d, where) != 0 || cluster_notes(res, d) != 0 ||
        chisq_notes(res, d) != 0 || rr_note(res, d) != 0 ||
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

static icstat_result *proportions_result(const icstat_proportions *p, const char *path,
                                         double conf)
{
    static const icstat_col_spec cols[] = {
        {"label", ICSTAT_COL_TEXT, 0},  {"count", ICSTAT_COL_INT, 0},
        {"total", ICSTAT_COL_INT, 0},   {"percent", ICSTAT_COL_NUM, 1},
        {"ci_low", ICSTAT_COL_NUM, 1},  {"ci_high", ICSTAT_COL_NUM, 1},
    };
    char title[600];
    snprintf(title, sizeof title, "Proportions in %s: %zu figure%s; percent with %g%% Wilson "
             "intervals", path, p->n, p->n == 1 ? "" : "s", 100.0 * conf);
    icstat_result *res = icstat_result_alloc(title, cols, 6);
    if (!res)
        return NULL;
    for (size_t i = 0; i < p->n; i++) {
        const char *text[1] = {p->labels[i]};
        const double num[5] = {p->count[i], p->total[i], p->percent[i], p->ci_low[i],
                               p->ci_high[i]};
        if (set_row(res, text, 1, num, 5) != 0)
            goto nomem;
    }
    if (p->from_percent &&
        icstat_result_add_note(res, "counts from column 'percent': count = round(percent x "
                                    "total / 100), and percent is then count / total") != 0)
        goto nomem;
    /* A published percentage is rounded; say where the whole count behind
     * it moves the figure by more than that rounding could. */
    for (size_t i = 0; p->from_percent && i < p->n; i++)
        if (fabs(p->percent[i] - p->given[i]) > 0.05 + 1e-9 &&
            icstat_result_add_note(res, "line %ld ('%s'): %.10g%% of %.0f is %.10g; "
                                        "counted as %.0f, which is %.2f%%",
                                   p->line[i], p->labels[i], p->given[i], p->total[i],
                                   p->given[i] * p->total[i] / 100.0, p->count[i],
                                   p->percent[i]) != 0)
            goto nomem;
    if (p->percent_ignored &&
        icstat_result_add_note(res, "both 'count' and 'percent' given: the counts are used") != 0)
        goto nomem;
    return res;
nomem:
    icstat_result_free(res);
    return NULL;
}

int icstat_cmd_describe(int argc, char **argv)
{
    const char *outcome = NULL, *by = NULL, *ref = NULL, *cluster = NULL;
    icstat_cli_common common = ICSTAT_CLI_COMMON_INIT;
    char **where = NULL, **categories = NULL;
    size_t n_where = 0, n_categories = 0;
    const icstat_scale *scale = NULL;
    int compare = 0, proportions = 0, rc = 0, st;
    icstat_derive derive = ICSTAT_DERIVE_INIT;
    icstat_table *t = NULL;
    icstat_describe_result *r = NULL;
    icstat_proportions *p = NULL;
    icstat_result *res[3] = {NULL, NULL, NULL};
    size_t nres = 0;
    icstat_error err;
    icstat_error_clear(&err);

    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", describe_options, NULL)) != -1) {
        switch (c) {
        case OPT_OUTCOME:
            outcome = optarg;
            break;
        case OPT_BY:
            by = optarg;
            break;
        case OPT_REF:
            ref = optarg;
            break;
        case OPT_CLUSTER:
            cluster = optarg;
            break;
        case OPT_WHERE:
            if (add_where(optarg, &where, &n_where, &rc) != 0)
                goto done;
            break;
        case OPT_CATEGORIES:
            if ((rc = icstat_cli_categories_option("describe", optarg, &categories,
                                                   &n_categories, &scale)) != 0)
                goto done;
            break;
        case OPT_COMPARE:
            compare = 1;
            break;
        case OPT_PROPORTIONS:
            proportions = 1;
            break;
        case ICSTAT_OPT_YEARS_BETWEEN:
        case ICSTAT_OPT_BAND:
            if (icstat_cli_derive_option("describe", c, optarg, &derive, &rc) != 0)
                goto done;
            break;
        default:
            if (icstat_cli_common_option("describe", c, argv, describe_usage, &common, &rc) != 0)
                goto done;
        }
    }
    if ((rc = icstat_cli_one_input("describe", argc, optind)) != 0)
        goto done;
    if (proportions && (outcome || by || where || categories || scale || ref || compare ||
                        cluster)) {
        rc = icstat_cli_usage_error("describe", "--proportions reads label,count,total figures; "
                                    "leave out --outcome, --by, --where, --categories, --ref, "
                                    "--cluster and --compare");
        goto done;
    }
    if (proportions && derive.n) {
        rc = icstat_cli_usage_error("describe", "--proportions reads label,count,total figures; "
                                    "leave out --years-between and --band");
        goto done;
    }
    if (!proportions && !outcome) {
        rc = icstat_cli_usage_error("describe", "no outcome: give --outcome COL (or "
                                    "--proportions for a file of counts)");
        goto done;
    }
    if (!by && (compare || ref)) {
        rc = icstat_cli_usage_error("describe", "%s needs --by", compare ? "--compare" : "--ref");
        goto done;
    }
    const char *path = argv[optind];
    const icstat_format fmt = common.fmt;
    const int human = fmt == ICSTAT_FMT_TEXT || fmt == ICSTAT_FMT_MD;
    if ((rc = icstat_cli_check_one("describe", path, common.out_path)) != 0)
        goto done;

    st = icstat_table_read(path, &t, &err);
    if (st == ICSTAT_OK && proportions) {
        st = icstat_proportions_compute(t, common.conf, &p, &err);
    } else if (st == ICSTAT_OK && derive.n &&
               (st = icstat_table_need_rows(t, &err)) == ICSTAT_OK &&
               (st = icstat_derive_apply(&derive, t, &err)) != ICSTAT_OK) {
        /* reported below */
    } else if (st == ICSTAT_OK) {
        icstat_describe_spec spec = {
            .outcome = outcome,
            .by = by,
            .where = (const char *const *)where,
            .n_where = n_where,
            .categories = (const char *const *)categories,
            .n_categories = n_categories,
            .scale = scale,
            .ref = ref,
            .cluster = cluster,
            .conf = common.conf,
        };
        st = icstat_describe_compute(t, &spec, &r, &err);
        if (st == ICSTAT_OK && compare && r->n_groups < 2)
            st = icstat_error_set(&err, ICSTAT_EDATA, t->path, 0,
                                  "--compare: '%s' has one level ('%s') among the rows "
                                  "counted; a comparison needs two", by, r->group_labels[0]);
    }
    if (st != ICSTAT_OK) {
        if (!err.file[0] && st != ICSTAT_EUSAGE)
            snprintf(err.file, sizeof err.file, "%s", t ? t->path : path);
        rc = icstat_cli_report(&err);
        goto done;
    }

    int ok;
    if (proportions) {
        ok = (res[nres++] = proportions_result(p, t->path, common.conf)) != NULL;
    } else {
        describe_report d = {r, t->path, where, n_where, common.conf, human};
        if (!human)
            ok = (res[nres++] = compare ? compare_machine(&d) : percent_result(&d)) != NULL;
        else {
            ok = (res[nres++] = percent_result(&d)) != NULL;
            if (ok && r->n_groups >= 2)
                ok = (res[nres++] = chisq_result(&d)) != NULL &&
                     (res[nres++] = compare_human(&d)) != NULL;
        }
    }
    if (!ok) {
        icstat_error_set(&err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        rc = icstat_cli_report(&err);
        goto done;
    }
    if (icstat_cli_write_results((const icstat_result *const *)res, nres, common.out_path, fmt,
                                 &err) != ICSTAT_OK)
        rc = icstat_cli_report(&err);

done:
    for (size_t i = 0; i < 3; i++)
        icstat_result_free(res[i]);
    icstat_describe_result_free(r);
    icstat_proportions_free(p);
    icstat_table_free(t);
    icstat_cli_list_free(where);
    icstat_cli_list_free(categories);
    icstat_derive_clear(&derive);
    return rc;
}
