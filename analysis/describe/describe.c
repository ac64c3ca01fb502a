/* describe.c — row percentages with Wilson intervals, the chi-square test
 * and comparisons with a reference group.
 *
 * icstat_describe_compute runs as phases over one context: the columns,
 * the rows kept by the conditions, the outcome's codes, the rows dropped
 * for a missing value, the categories, the groups, the counts and their
 * statistics, and with clusters the clustered versions of them
 * (describe_cluster.c).  Messages name values by spec->names, the
 * caller's names for them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "describe_internal.h"
#include "icstat/categories.h"
#include "icstat/condition.h"
#include "icstat/describe.h"
#include "icstat/factor.h"
#include "icstat/proportion.h"
#include "icstat/strlist.h"

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

const char *describe_name(const char *given, const char *plain)
{
    return given ? given : plain;
}

void icstat_describe_result_free(icstat_describe_result *r)
{
    if (!r)
        return;
    free(r->outcome_name);
    free(r->by_name);
    free(r->cluster_name);
    free(r->deff);
    icstat_strlist_free(&r->group_labels, &r->n_groups);
    icstat_strlist_free(&r->cat_labels, &r->n_cats);
    double *arrays[] = {r->count, r->total, r->percent, r->ci_low, r->ci_high,
                        r->diff,  r->diff_low, r->diff_high, r->rr, r->rr_low, r->rr_high};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        free(arrays[i]);
    free(r);
}

int icstat_describe_where_parse(const char *s, char **col, char **value, int *negate)
{
    icstat_condition c;
    *col = *value = NULL;
    int cs = icstat_condition_parse(s, 1, &c);
    if (cs != ICSTAT_COND_OK)
        return cs == ICSTAT_COND_NOMEM ? -2 : -1;
    *col = c.column;
    *value = c.value;
    *negate = c.op == ICSTAT_COND_NE;
    return 0;
}

/* What the phases of icstat_describe_compute share. */
typedef struct {
    const icstat_table *t;
    const icstat_describe_spec *spec;
    icstat_describe_result *r;
    icstat_error *err;
    const char *by_what, *where_what, *categories_what; /* spec->names, or plain */
    const icstat_column *yc, *gc, *cc; /* outcome, `by` (or NULL), cluster (or NULL) */
    unsigned char *use;                /* per row: counted */
    long *ycode;                       /* per row: the outcome's category */
    icstat_factor gf;                  /* the levels of `by` */
} describe_ctx;

static long column(const icstat_table *t, const char *name, const char *what, icstat_error *err)
{
    long c = icstat_table_find(t, name);
    if (c < 0)
        icstat_error_set(err, ICSTAT_EDATA, t->path, 1, "no %s column '%s' in the header", what,
                         name);
    return c;
}

/* The columns the spec names, and the result's copies of their names:
 * a missing column is an error before any row is looked at. */
static int find_columns(describe_ctx *x)
{
    const icstat_describe_spec *spec = x->spec;
    icstat_error *err = x->err;
    const icstat_describe_names *nm = &spec->names;
    int st = icstat_table_need_rows(x->t, err);
    if (st != ICSTAT_OK)
        return st;
    const long ycol = column(x->t, spec->outcome, "outcome", err);
    const long gcol = spec->by ? column(x->t, spec->by, x->by_what, err) : -1;
    const long ccol =
        spec->cluster ? column(x->t, spec->cluster, describe_name(nm->cluster, "cluster"), err)
                      : -1;
    if (ycol < 0 || (spec->by && gcol < 0) || (spec->cluster && ccol < 0))
        return ICSTAT_EDATA;
    x->yc = &x->t->cols[ycol];
    x->gc = spec->by ? &x->t->cols[gcol] : NULL;
    x->cc = spec->cluster ? &x->t->cols[ccol] : NULL;
    if (!(x->r->outcome_name = strdup(spec->outcome)) ||
        (spec->by && !(x->r->by_name = strdup(spec->by))) ||
        (spec->cluster && !(x->r->cluster_name = strdup(spec->cluster))))
        return NOMEM();
    return ICSTAT_OK;
}

/* One condition read, or why not. */
static int where_condition(const describe_ctx *x, size_t j, icstat_condition *w)
{
    icstat_error *err = x->err;
    const int cs = icstat_condition_parse(x->spec->where[j], 0, w);
    if (cs == ICSTAT_COND_NOMEM)
        return NOMEM();
    if (cs != ICSTAT_COND_OK)
        return icstat_condition_refusal(err, ICSTAT_EDATA, x->where_what, x->spec->where[j], cs);
    return ICSTAT_OK;
}

/* use[i] = 1 for rows meeting every condition; counts the others, and
 * refuses a set of conditions no row meets. */
static int apply_where(describe_ctx *x)
{
    const icstat_table *t = x->t;
    const icstat_describe_spec *spec = x->spec;
    icstat_describe_result *r = x->r;
    icstat_error *err = x->err;
    icstat_condition *w = calloc(spec->n_where ? spec->n_where : 1, sizeof *w);
    long *col = calloc(spec->n_where ? spec->n_where : 1, sizeof *col);
    int st = w && col ? ICSTAT_OK : NOMEM();
    for (size_t j = 0; st == ICSTAT_OK && j < spec->n_where; j++)
        if ((st = where_condition(x, j, &w[j])) == ICSTAT_OK &&
            (col[j] = column(t, w[j].column, x->where_what, err)) < 0)
            st = ICSTAT_EDATA;
    for (size_t i = 0; st == ICSTAT_OK && i < t->nrow; i++) {
        x->use[i] = 1;
        for (size_t j = 0; j < spec->n_where && x->use[i]; j++) {
            const char *cell = t->cols[col[j]].text[i];
            const int h = icstat_condition_holds(&w[j], cell);
            if (h < 0) {
                char ex[ICSTAT_EXCERPT_SIZE];
                st = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                      "%s '%s': column '%s' has value '%s' that is not a "
                                      "number", x->where_what, spec->where[j],
                                      t->cols[col[j]].name,
                                      icstat_value_excerpt(cell, ex, sizeof ex));
            }
            x->use[i] = (unsigned char)(h == 1);
        }
        r->n_excluded += !x->use[i];
    }
    if (st == ICSTAT_OK && r->n_excluded == t->nrow) {
        char list[400] = "";
        for (size_t j = 0; j < spec->n_where; j++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "",
                     spec->where[j]);
        st = icstat_error_set(err, ICSTAT_EDATA, t->path, 0, "no row meets %s %s (%zu rows read)",
                              x->where_what, list, t->nrow);
    }
    for (size_t j = 0; w && j < spec->n_where; j++)
        icstat_condition_clear(&w[j]);
    free(w);
    free(col);
    return st;
}

/* A column with no value in any row counted (all empty or NA): name it,
 * rather than report "no rows left" once every row is dropped. */
static int no_values_error(const describe_ctx *x, const icstat_column *c, const char *role)
{
    const icstat_table *t = x->t;
    const size_t n_where = x->spec->n_where;
    size_t rows = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        if (!x->use[i])
            continue;
        if (c->text[i])
            return ICSTAT_OK;
        rows++;
    }
    char n[64];
    if (rows == 1)
        snprintf(n, sizeof n, "the one row%s%s", n_where ? " that meets " : "",
                 n_where ? x->where_what : "");
    else
        snprintf(n, sizeof n, "all %zu rows%s%s", rows, n_where ? " that meet " : "",
                 n_where ? x->where_what : "");
    return icstat_error_set(x->err, ICSTAT_EDATA, t->path, n_where ? 0 : 1,
                            "column '%s' (%s) has no value: it is empty (or NA, N/A, .) in %s",
                            c->name, role, n);
}

/* Every column the spec names has a value in some row counted. */
static int check_values(const describe_ctx *x)
{
    const icstat_describe_names *nm = &x->spec->names;
    int st = no_values_error(x, x->yc, describe_name(nm->outcome, "outcome"));
    if (st == ICSTAT_OK && x->gc)
        st = no_values_error(x, x->gc, x->by_what);
    if (st == ICSTAT_OK && x->cc)
        st = no_values_error(x, x->cc, describe_name(nm->cluster, "cluster"));
    return st;
}

/* 1 when `category` merges values with '+' ("Requires improvement+
 * Inadequate") and `value` is one of them. */
static int in_merged(const char *category, const char *value)
{
    if (!strchr(category, '+'))
        return 0;
    const size_t len = strlen(value);
    for (const char *p = category;;) {
        const char *plus = strchr(p, '+'), *end = plus ? plus : p + strlen(p);
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if ((size_t)(end - p) == len && strncmp(p, value, len) == 0)
            return 1;
        if (!plus)
            return 0;
        p = plus + 1;
    }
}

/* Outcome codes under fixed categories: the exact text, or an equal
 * number when both are numbers, or one of the values a category merges
 * with '+'; anything else is an error naming it. */
static int code_fixed(describe_ctx *x)
{
    const icstat_table *t = x->t;
    const icstat_describe_spec *spec = x->spec;
    const icstat_column *c = x->yc;
    /* A command checks the list before reading (ICSTAT_EUSAGE, categories.h). */
    int st = icstat_categories_check(spec->categories, spec->n_categories, 1,
                                     x->categories_what, x->err);
    if (st != ICSTAT_OK)
        return st;
    for (size_t i = 0; i < t->nrow; i++) {
        long *code = &x->ycode[i];
        *code = -1;
        if (!x->use[i] || !c->text[i])
            continue;
        for (size_t k = 0; k < spec->n_categories && *code < 0; k++)
            if (strcmp(c->text[i], spec->categories[k]) == 0)
                *code = (long)k;
        double v, w;
        for (size_t k = 0; k < spec->n_categories && *code < 0; k++)
            if (icstat_parse_double(c->text[i], &v) &&
                icstat_parse_double(spec->categories[k], &w) && v == w)
                *code = (long)k;
        for (size_t k = 0; k < spec->n_categories && *code < 0; k++)
            if (in_merged(spec->categories[k], c->text[i]))
                *code = (long)k;
        if (*code < 0) {
            char ex[ICSTAT_EXCERPT_SIZE];
            return icstat_error_set(x->err, ICSTAT_EDATA, t->path, t->line[i],
                                    "column '%s' has value '%s' that is not in %s", c->name,
                                    icstat_value_excerpt(c->text[i], ex, sizeof ex),
                                    x->categories_what);
        }
    }
    return ICSTAT_OK;
}

/* Outcome codes and categories under a named scale: every category of
 * it, in its order, whether counted or not; an outcome that is neither a
 * word nor a code of it is an error naming it. */
static int code_scale(describe_ctx *x)
{
    const icstat_table *t = x->t;
    const icstat_column *c = x->yc;
    const icstat_scale *s = x->spec->scale;
    icstat_error *err = x->err;
    icstat_factor f;
    int st = icstat_factor_build(c, t->nrow, x->use, &f, err);
    if (st != ICSTAT_OK)
        return st;
    size_t bad = 0;
    const int sc = icstat_factor_scale(&f, s, 1, &bad);
    if (sc < 0)
        st = NOMEM();
    for (size_t i = 0; sc > 0 && i < t->nrow; i++)
        if (f.code[i] == (long)bad) {
            st = icstat_scale_value_error(err, t->path, t->line[i], c->name, c->text[i], s,
                                          x->spec->names.categories);
            break;
        }
    if (st == ICSTAT_OK) {
        memcpy(x->ycode, f.code, t->nrow * sizeof *x->ycode);
        x->r->n_cats = f.n_levels;
        x->r->cat_labels = f.levels; /* taken over */
        f.levels = NULL;
    }
    icstat_factor_clear(&f);
    return st;
}

/* Rows missing the outcome, the group or the cluster are dropped and
 * counted (categories seen only in those rows are not categories here);
 * none left is an error naming the columns. */
static int drop_missing(describe_ctx *x)
{
    const icstat_table *t = x->t;
    const icstat_describe_spec *spec = x->spec;
    icstat_describe_result *r = x->r;
    for (size_t i = 0; i < t->nrow; i++) {
        if (!x->use[i])
            continue;
        /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): yc is a column of t */
        const int ym = !x->yc->text[i], gm = x->gc && !x->gc->text[i];
        const int cm = x->cc && !x->cc->text[i];
        r->n_missing_outcome += ym;
        r->n_missing_by += gm;
        r->n_missing_cluster += cm;
        if (ym || gm || cm) {
            r->n_missing++;
            x->use[i] = 0;
        }
    }
    r->n_used = t->nrow - r->n_excluded - r->n_missing;
    if (r->n_used > 0)
        return ICSTAT_OK;
    char what[300];
    const char *cols[3] = {spec->outcome, spec->by, spec->cluster};
    size_t n = 0, len = 0;
    for (size_t j = 0; j < 3; j++)
        if (cols[j])
            cols[n++] = cols[j];
    what[0] = '\0';
    for (size_t j = 0; j < n; j++, len = strlen(what))
        snprintf(what + len, sizeof what - len, "%s'%s'",
                 j == 0 ? "" : j + 1 == n ? " or " : ", ", cols[j]);
    return icstat_error_set(x->err, ICSTAT_EDATA, t->path, 0,
                            "no rows left to count: all %zu rows%s%s miss %s",
                            t->nrow - r->n_excluded, spec->n_where ? " that meet " : "",
                            spec->n_where ? x->where_what : "", what);
}

/* The categories, as the spec lists them or, without a list or a scale
 * (which code_scale has set), the distinct outcomes counted. */
static int set_categories(describe_ctx *x)
{
    const icstat_describe_spec *spec = x->spec;
    icstat_describe_result *r = x->r;
    icstat_error *err = x->err;
    if (spec->categories) {
        if (!(r->cat_labels = calloc(spec->n_categories, sizeof *r->cat_labels)))
            return NOMEM();
        r->n_cats = spec->n_categories;
        for (size_t k = 0; k < r->n_cats; k++)
            if (!(r->cat_labels[k] = strdup(spec->categories[k])))
                return NOMEM();
        return ICSTAT_OK;
    }
    if (spec->scale)
        return ICSTAT_OK;
    icstat_factor yf;
    int st = icstat_factor_build(x->yc, x->t->nrow, x->use, &yf, err);
    if (st != ICSTAT_OK)
        return st;
    if (icstat_factor_order_known(&yf) != 0) {
        st = NOMEM();
    } else {
        r->n_cats = yf.n_levels;
        r->cat_labels = yf.levels; /* taken over */
        yf.levels = NULL;
        memcpy(x->ycode, yf.code, x->t->nrow * sizeof *x->ycode);
    }
    icstat_factor_clear(&yf);
    return st;
}

/* "'a', 'b', 'c'" (cut short for very many levels) for messages. */
static void level_list(char *const *labels, size_t n, char *buf, size_t len)
{
    buf[0] = '\0';
    for (size_t i = 0; i < n && strlen(buf) + 8 < len; i++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s'%s'", i ? ", " : "", labels[i]);
}

/* The groups: the levels of `by` (in a known scale's order when they are
 * its words) with the reference among them, or one group "all". */
static int set_groups(describe_ctx *x)
{
    const icstat_describe_spec *spec = x->spec;
    icstat_describe_result *r = x->r;
    icstat_error *err = x->err;
    if (!x->gc) {
        if (!(r->group_labels = calloc(1, sizeof *r->group_labels)))
            return NOMEM();
        r->n_groups = 1;
        return (r->group_labels[0] = strdup("all")) ? ICSTAT_OK : NOMEM();
    }
    int st = icstat_factor_build(x->gc, x->t->nrow, x->use, &x->gf, err);
    if (st != ICSTAT_OK)
        return st;
    if (icstat_factor_order_known(&x->gf) != 0)
        return NOMEM();
    const long k = spec->ref ? icstat_factor_find(&x->gf, spec->ref) : 0;
    if (k < 0) {
        char levels[300];
        level_list(x->gf.levels, x->gf.n_levels, levels, sizeof levels);
        return icstat_error_set(err, ICSTAT_EDATA, x->t->path, 0,
                                "%s '%s': '%s' has no level '%s' among the rows counted "
                                "(levels: %s)", describe_name(spec->names.ref, "ref"), spec->ref,
                                spec->by, spec->ref, levels);
    }
    r->ref = (size_t)k;
    r->n_groups = x->gf.n_levels;
    r->group_labels = x->gf.levels; /* taken over */
    x->gf.levels = NULL;
    return ICSTAT_OK;
}

static int alloc_cells(icstat_describe_result *r)
{
    const size_t m = r->n_groups * r->n_cats > 0 ? r->n_groups * r->n_cats : 1;
    double **cells[] = {&r->percent, &r->ci_low, &r->ci_high, &r->diff, &r->diff_low,
                        &r->diff_high, &r->rr, &r->rr_low, &r->rr_high};
    r->count = calloc(m, sizeof *r->count);
    r->total = calloc(r->n_groups ? r->n_groups : 1, sizeof *r->total);
    if (!r->count || !r->total)
        return -1;
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
        if (!(*cells[i] = malloc(m * sizeof **cells[i])))
            return -1;
        for (size_t j = 0; j < m; j++)
            (*cells[i])[j] = NAN;
    }
    return 0;
}

static void compare_groups(icstat_describe_result *r, double conf)
{
    const size_t q = r->n_cats, ref = r->ref;
    for (size_t g = 0; g < r->n_groups; g++) {
        if (g == ref)
            continue;
        for (size_t k = 0; k < q; k++) {
            const size_t c = g * q + k;
            const double x1 = r->count[c], n1 = r->total[g];
            const double x2 = r->count[ref * q + k], n2 = r->total[ref];
            double lo, hi;
            r->diff[c] = 100.0 * icstat_prop_diff_newcombe(x1, n1, x2, n2, conf, &lo, &hi);
            r->diff_low[c] = 100.0 * lo;
            r->diff_high[c] = 100.0 * hi;
            r->rr[c] = icstat_prop_ratio_katz(x1, n1, x2, n2, conf, &r->rr_low[c],
                                              &r->rr_high[c]);
            r->n_rr_undefined += isnan(r->rr_low[c]);
        }
    }
}

/* The counts, each cell's percentage with its Wilson interval and, with
 * two or more groups, the comparisons and Pearson's test. */
static int count_cells(describe_ctx *x)
{
    icstat_describe_result *r = x->r;
    icstat_error *err = x->err;
    const double conf = x->spec->conf;
    if (alloc_cells(r) != 0)
        return NOMEM();
    const size_t q = r->n_cats;
    for (size_t i = 0; i < x->t->nrow; i++) {
        if (!x->use[i])
            continue;
        const size_t g = x->gc ? (size_t)x->gf.code[i] : 0;
        r->count[g * q + (size_t)x->ycode[i]] += 1.0;
        r->total[g] += 1.0;
    }
    for (size_t c = 0; c < r->n_groups * q; c++) {
        double lo, hi;
        r->percent[c] = 100.0 * icstat_prop_wilson(r->count[c], r->total[c / q], conf, &lo, &hi);
        r->ci_low[c] = 100.0 * lo;
        r->ci_high[c] = 100.0 * hi;
    }
    if (r->n_groups < 2)
        return ICSTAT_OK;
    compare_groups(r, conf);
    return icstat_chisq_independence(r->count, r->n_groups, q, &r->chisq, err);
}

/* With a cluster column: each counted row's group, category and cluster,
 * for describe_cluster_adjust to replace the intervals, comparisons and
 * test by their clustered versions. */
static int cluster_cells(describe_ctx *x)
{
    icstat_describe_result *r = x->r;
    icstat_error *err = x->err;
    icstat_factor cf;
    int st = icstat_factor_build(x->cc, x->t->nrow, x->use, &cf, err);
    if (st != ICSTAT_OK)
        return st;
    size_t *row_group = malloc(r->n_used * sizeof *row_group);
    size_t *row_cat = malloc(r->n_used * sizeof *row_cat);
    size_t *row_cluster = malloc(r->n_used * sizeof *row_cluster);
    if (!row_group || !row_cat || !row_cluster ||
        !(r->deff = malloc(r->n_groups * r->n_cats * sizeof *r->deff))) {
        st = NOMEM();
    } else {
        size_t m = 0;
        for (size_t i = 0; i < x->t->nrow; i++)
            if (x->use[i]) {
                row_group[m] = x->gc ? (size_t)x->gf.code[i] : 0;
                row_cat[m] = (size_t)x->ycode[i];
                row_cluster[m++] = (size_t)cf.code[i];
            }
        const describe_rows rows = {m, row_group, row_cat, row_cluster, cf.n_levels};
        st = describe_cluster_adjust(r, &rows, x->spec->conf,
                                     describe_name(x->spec->names.cluster, "cluster"), err);
    }
    icstat_factor_clear(&cf);
    free(row_group);
    free(row_cat);
    free(row_cluster);
    return st;
}

/* The phases in order, each given the state the earlier ones left. */
static int describe_run(describe_ctx *x)
{
    const icstat_describe_spec *spec = x->spec;
    int st;
    if (spec->ref && !spec->by) /* a command checks this first */
        return icstat_error_set(x->err, ICSTAT_EDATA, NULL, 0, "%s needs %s",
                                describe_name(spec->names.ref, "ref"), x->by_what);
    x->r->n_read = x->t->nrow;
    x->r->chisq = (icstat_chisq){NAN, NAN, NAN, 0, 0, 0, 0, NAN};
    if ((st = find_columns(x)) != ICSTAT_OK || (st = apply_where(x)) != ICSTAT_OK ||
        (st = check_values(x)) != ICSTAT_OK)
        return st;
    if (spec->categories && (st = code_fixed(x)) != ICSTAT_OK)
        return st;
    if (!spec->categories && spec->scale && (st = code_scale(x)) != ICSTAT_OK)
        return st;
    if ((st = drop_missing(x)) != ICSTAT_OK || (st = set_categories(x)) != ICSTAT_OK ||
        (st = set_groups(x)) != ICSTAT_OK || (st = count_cells(x)) != ICSTAT_OK)
        return st;
    return x->cc ? cluster_cells(x) : ICSTAT_OK;
}

int icstat_describe_compute(const icstat_table *t, const icstat_describe_spec *spec,
                            icstat_describe_result **out, icstat_error *err)
{
    *out = NULL;
    const icstat_describe_names *nm = &spec->names;
    describe_ctx x = {
        .t = t,
        .spec = spec,
        .err = err,
        .by_what = describe_name(nm->by, "by"),
        .where_what = describe_name(nm->where, "where"),
        .categories_what = describe_name(nm->categories, "categories"),
        .r = calloc(1, sizeof *x.r),
        .use = malloc(t->nrow ? t->nrow : 1),
        .ycode = malloc((t->nrow ? t->nrow : 1) * sizeof *x.ycode),
    };
    int st = x.r && x.use && x.ycode ? describe_run(&x) : NOMEM();
    icstat_factor_clear(&x.gf);
    free(x.use);
    free(x.ycode);
    if (st != ICSTAT_OK) {
        icstat_describe_result_free(x.r);
        return st;
    }
    *out = x.r;
    return ICSTAT_OK;
}
