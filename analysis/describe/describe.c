/* describe.c — row percentages with Wilson intervals, the chi-square test
 * and comparisons with a reference group; survey figures with intervals. */
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

#define NOMEM() icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

static void free_labels(char **labels, size_t n)
{
    for (size_t i = 0; labels && i < n; i++)
        free(labels[i]);
    free(labels);
}

void icstat_describe_result_free(icstat_describe_result *r)
{
    if (!r)
        return;
    free(r->outcome_name);
    free(r->by_name);
    free(r->cluster_name);
    free(r->deff);
    free_labels(r->group_labels, r->n_groups);
    free_labels(r->cat_labels, r->n_cats);
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

static long column(const icstat_table *t, const char *name, const char *what, icstat_error *err)
{
    long c = icstat_table_find(t, name);
    if (c < 0)
        icstat_error_set(err, ICSTAT_EDATA, t->path, 1, "no %s column '%s' in the header", what,
                         name);
    return c;
}

/* use[i] = 1 for rows meeting every condition; counts the others. */
static int apply_where(const icstat_table *t, const icstat_describe_spec *spec,
                       unsigned char *use, icstat_describe_result *r, icstat_error *err)
{
    icstat_condition *w = calloc(spec->n_where ? spec->n_where : 1, sizeof *w);
    long *col = calloc(spec->n_where ? spec->n_where : 1, sizeof *col);
    int st = w && col ? ICSTAT_OK : NOMEM();
    for (size_t j = 0; st == ICSTAT_OK && j < spec->n_where; j++) {
        int cs = icstat_condition_parse(spec->where[j], 0, &w[j]);
        if (cs == ICSTAT_COND_NOMEM) {
            st = NOMEM();
            break;
        }
        if (cs != ICSTAT_COND_OK) {
            st = icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0, "%s (got '%s')",
                                  cs == ICSTAT_COND_NOT_NUMBER
                                      ? "--where: an ordering (<, <=, >, >=) compares with a "
                                        "number"
                                      : "--where takes COL=VALUE, COL!=VALUE or COL<N (also "
                                        "<=, >, >=)",
                                  spec->where[j]);
            break;
        }
        if ((col[j] = column(t, w[j].column, "--where", err)) < 0)
            st = ICSTAT_EDATA;
    }
    for (size_t i = 0; st == ICSTAT_OK && i < t->nrow; i++) {
        use[i] = 1;
        for (size_t j = 0; j < spec->n_where && use[i]; j++) {
            const char *cell = t->cols[col[j]].text[i];
            const int h = icstat_condition_holds(&w[j], cell);
            if (h < 0) {
                char ex[ICSTAT_EXCERPT_SIZE];
                st = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                      "--where '%s': column '%s' has value '%s' that is not a "
                                      "number", spec->where[j], t->cols[col[j]].name,
                                      icstat_value_excerpt(cell, ex, sizeof ex));
            }
            use[i] = (unsigned char)(h == 1);
        }
        r->n_excluded += !use[i];
    }
    if (st == ICSTAT_OK && r->n_excluded == t->nrow) {
        char list[400] = "";
        for (size_t j = 0; j < spec->n_where; j++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "",
                     spec->where[j]);
        st = icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                              "no row meets --where %s (%zu rows read)", list, t->nrow);
    }
    for (size_t j = 0; w && j < spec->n_where; j++)
        icstat_condition_clear(&w[j]);
    free(w);
    free(col);
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
static int code_fixed(const icstat_table *t, const icstat_column *c,
                      const icstat_describe_spec *spec, const unsigned char *use, long *code,
                      icstat_error *err)
{
    int st = icstat_categories_check(spec->categories, spec->n_categories, 1, "--categories",
                                     err);
    if (st != ICSTAT_OK)
        return st;
    for (size_t i = 0; i < t->nrow; i++) {
        code[i] = -1;
        if (!use[i] || !c->text[i])
            continue;
        for (size_t k = 0; k < spec->n_categories && code[i] < 0; k++)
            if (strcmp(c->text[i], spec->categories[k]) == 0)
                code[i] = (long)k;
        double v, w;
        for (size_t k = 0; k < spec->n_categories && code[i] < 0; k++)
            if (icstat_parse_double(c->text[i], &v) &&
                icstat_parse_double(spec->categories[k], &w) && v == w)
                code[i] = (long)k;
        for (size_t k = 0; k < spec->n_categories && code[i] < 0; k++)
            if (in_merged(spec->categories[k], c->text[i]))
                code[i] = (long)k;
        if (code[i] < 0) {
            char ex[ICSTAT_EXCERPT_SIZE];
            return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                    "column '%s' has value '%s' that is not in --categories",
                                    c->name, icstat_value_excerpt(c->text[i], ex, sizeof ex));
        }
    }
    return ICSTAT_OK;
}

/* Outcome codes and categories under a named scale: every category of
 * it, in its order, whether counted or not; an outcome that is neither a
 * word nor a code of it is an error naming it. */
static int code_scale(const icstat_table *t, const icstat_column *c, const icstat_scale *s,
                      const unsigned char *use, long *code, icstat_describe_result *r,
                      icstat_error *err)
{
    icstat_factor f;
    int st = icstat_factor_build(c, t->nrow, use, &f, err);
    if (st != ICSTAT_OK)
        return st;
    size_t bad = 0;
    const int sc = icstat_factor_scale(&f, s, 1, &bad);
    if (sc < 0)
        st = NOMEM();
    for (size_t i = 0; sc > 0 && i < t->nrow; i++)
        if (f.code[i] == (long)bad) {
            st = icstat_scale_value_error(err, t->path, t->line[i], c->name, c->text[i], s);
            break;
        }
    if (st == ICSTAT_OK) {
        memcpy(code, f.code, t->nrow * sizeof *code);
        r->n_cats = f.n_levels;
        r->cat_labels = f.levels; /* taken over */
        f.levels = NULL;
    }
    icstat_factor_clear(&f);
    return st;
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

/* "'a', 'b', 'c'" (cut short for very many levels) for messages. */
static void level_list(char *const *labels, size_t n, char *buf, size_t len)
{
    buf[0] = '\0';
    for (size_t i = 0; i < n && strlen(buf) + 8 < len; i++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s'%s'", i ? ", " : "", labels[i]);
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

/* A column with no value in any row counted (all empty or NA): name it,
 * rather than report "no rows left" once every row is dropped. */
static int no_values_error(const icstat_table *t, const icstat_column *c, const char *role,
                           const unsigned char *use, size_t n_where, icstat_error *err)
{
    size_t rows = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        if (!use[i])
            continue;
        if (c->text[i])
            return ICSTAT_OK;
        rows++;
    }
    char n[64];
    if (rows == 1)
        snprintf(n, sizeof n, "the one row%s", n_where ? " that meets --where" : "");
    else
        snprintf(n, sizeof n, "all %zu rows%s", rows, n_where ? " that meet --where" : "");
    return icstat_error_set(err, ICSTAT_EDATA, t->path, n_where ? 0 : 1,
                            "column '%s' (%s) has no value: it is empty (or NA, N/A, .) in %s",
                            c->name, role, n);
}

int icstat_describe_compute(const icstat_table *t, const icstat_describe_spec *spec,
                            icstat_describe_result **out, icstat_error *err)
{
    *out = NULL;
    icstat_describe_result *r = calloc(1, sizeof *r);
    unsigned char *use = malloc(t->nrow ? t->nrow : 1);
    long *ycode = malloc((t->nrow ? t->nrow : 1) * sizeof *ycode);
    icstat_factor yf = {0}, gf = {0}, cf = {0};
    size_t *row_group = NULL, *row_cat = NULL, *row_cluster = NULL;
    int st = ICSTAT_OK;
    if (!r || !use || !ycode) {
        st = NOMEM();
        goto done;
    }
    if (spec->ref && !spec->by) {
        st = icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0, "--ref needs --by");
        goto done;
    }
    r->n_read = t->nrow;
    r->chisq = (icstat_chisq){NAN, NAN, NAN, 0, 0, 0, 0, NAN};
    if ((st = icstat_table_need_rows(t, err)) != ICSTAT_OK)
        goto done;
    const long ycol = column(t, spec->outcome, "outcome", err);
    const long gcol = spec->by ? column(t, spec->by, "--by", err) : -1;
    const long ccol = spec->cluster ? column(t, spec->cluster, "--cluster", err) : -1;
    if (ycol < 0 || (spec->by && gcol < 0) || (spec->cluster && ccol < 0)) {
        st = ICSTAT_EDATA;
        goto done;
    }
    if (!(r->outcome_name = strdup(spec->outcome)) ||
        (spec->by && !(r->by_name = strdup(spec->by))) ||
        (spec->cluster && !(r->cluster_name = strdup(spec->cluster)))) {
        st = NOMEM();
        goto done;
    }
    if ((st = apply_where(t, spec, use, r, err)) != ICSTAT_OK)
        goto done;
    const icstat_column *yc = &t->cols[ycol], *gc = spec->by ? &t->cols[gcol] : NULL;
    const icstat_column *cc = spec->cluster ? &t->cols[ccol] : NULL;
    if ((st = no_values_error(t, yc, "--outcome", use, spec->n_where, err)) != ICSTAT_OK ||
        (gc && (st = no_values_error(t, gc, "--by", use, spec->n_where, err)) != ICSTAT_OK) ||
        (cc && (st = no_values_error(t, cc, "--cluster", use, spec->n_where, err)) != ICSTAT_OK))
        goto done;
    if (spec->categories && (st = code_fixed(t, yc, spec, use, ycode, err)) != ICSTAT_OK)
        goto done;
    if (!spec->categories && spec->scale &&
        (st = code_scale(t, yc, spec->scale, use, ycode, r, err)) != ICSTAT_OK)
        goto done;

    /* Rows missing the outcome or the group are dropped and counted;
     * categories seen only in those rows are not categories here. */
    for (size_t i = 0; i < t->nrow; i++) {
        if (!use[i])
            continue;
        /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): yc is a column of t */
        const int ym = !yc->text[i], gm = gc && !gc->text[i], cm = cc && !cc->text[i];
        r->n_missing_outcome += ym;
        r->n_missing_by += gm;
        r->n_missing_cluster += cm;
        if (ym || gm || cm) {
            r->n_missing++;
            use[i] = 0;
        }
    }
    r->n_used = t->nrow - r->n_excluded - r->n_missing;
    if (r->n_used == 0) {
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
        st = icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                              "no rows left to count: all %zu rows%s miss %s",
                              t->nrow - r->n_excluded,
                              spec->n_where ? " that meet --where" : "", what);
        goto done;
    }
    if (spec->categories) {
        r->n_cats = spec->n_categories;
        if (!(r->cat_labels = calloc(r->n_cats, sizeof *r->cat_labels))) {
            st = NOMEM();
            goto done;
        }
        for (size_t k = 0; k < r->n_cats; k++)
            if (!(r->cat_labels[k] = strdup(spec->categories[k]))) {
                st = NOMEM();
                goto done;
            }
    } else if (!spec->scale) {
        if ((st = icstat_factor_build(yc, t->nrow, use, &yf, err)) != ICSTAT_OK)
            goto done;
        if (icstat_factor_order_known(&yf) != 0) {
            st = NOMEM();
            goto done;
        }
        r->n_cats = yf.n_levels;
        r->cat_labels = yf.levels; /* taken over */
        yf.levels = NULL;
        memcpy(ycode, yf.code, t->nrow * sizeof *ycode);
    }
    if (gc) {
        if ((st = icstat_factor_build(gc, t->nrow, use, &gf, err)) != ICSTAT_OK)
            goto done;
        if (icstat_factor_order_known(&gf) != 0) {
            st = NOMEM();
            goto done;
        }
        const long k = spec->ref ? icstat_factor_find(&gf, spec->ref) : 0;
        if (k < 0) {
            char levels[300];
            level_list(gf.levels, gf.n_levels, levels, sizeof levels);
            st = icstat_error_set(err, ICSTAT_EDATA, t->path, 0,
                                  "--ref '%s': '%s' has no level '%s' among the rows counted "
                                  "(levels: %s)", spec->ref, spec->by, spec->ref, levels);
            goto done;
        }
        r->ref = (size_t)k;
        r->n_groups = gf.n_levels;
        r->group_labels = gf.levels;
        gf.levels = NULL;
    } else {
        r->n_groups = 1;
        if (!(r->group_labels = calloc(1, sizeof *r->group_labels)) ||
            !(r->group_labels[0] = strdup("all"))) {
            st = NOMEM();
            goto done;
        }
    }
    if (alloc_cells(r) != 0) {
        st = NOMEM();
        goto done;
    }
    const size_t q = r->n_cats;
    for (size_t i = 0; i < t->nrow; i++) {
        if (!use[i])
            continue;
        const size_t g = gc ? (size_t)gf.code[i] : 0;
        r->count[g * q + (size_t)ycode[i]] += 1.0;
        r->total[g] += 1.0;
    }
    for (size_t c = 0; c < r->n_groups * q; c++) {
        double lo, hi;
        r->percent[c] = 100.0 * icstat_prop_wilson(r->count[c], r->total[c / q], spec->conf,
                                                   &lo, &hi);
        r->ci_low[c] = 100.0 * lo;
        r->ci_high[c] = 100.0 * hi;
    }
    if (r->n_groups >= 2) {
        compare_groups(r, spec->conf);
        st = icstat_chisq_independence(r->count, r->n_groups, q, &r->chisq, err);
    }
    if (st == ICSTAT_OK && cc) {
        if ((st = icstat_factor_build(cc, t->nrow, use, &cf, err)) != ICSTAT_OK)
            goto done;
        row_group = malloc(r->n_used * sizeof *row_group);
        row_cat = malloc(r->n_used * sizeof *row_cat);
        row_cluster = malloc(r->n_used * sizeof *row_cluster);
        if (!row_group || !row_cat || !row_cluster ||
            !(r->deff = malloc(r->n_groups * q * sizeof *r->deff))) {
            st = NOMEM();
            goto done;
        }
        size_t m = 0;
        for (size_t i = 0; i < t->nrow; i++)
            if (use[i]) {
                row_group[m] = gc ? (size_t)gf.code[i] : 0;
                row_cat[m] = (size_t)ycode[i];
                row_cluster[m++] = (size_t)cf.code[i];
            }
        const describe_rows rows = {m, row_group, row_cat, row_cluster, cf.n_levels};
        st = describe_cluster_adjust(r, &rows, spec->conf, err);
    }

done:
    icstat_factor_clear(&yf);
    icstat_factor_clear(&gf);
    icstat_factor_clear(&cf);
    free(row_group);
    free(row_cat);
    free(row_cluster);
    free(use);
    free(ycode);
    if (st != ICSTAT_OK) {
        icstat_describe_result_free(r);
        return st;
    }
    *out = r;
    return ICSTAT_OK;
}

/* ---- survey figures ---------------------------------------------------- */

void icstat_proportions_free(icstat_proportions *p)
{
    if (!p)
        return;
    free_labels(p->labels, p->n);
    double *arrays[] = {p->count, p->total, p->given, p->percent, p->ci_low, p->ci_high};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        free(arrays[i]);
    free(p->line);
    free(p);
}

/* A cell of column c as a number, or an error naming line, column and value. */
static int cell_number(const icstat_table *t, long c, size_t i, double *v, icstat_error *err)
{
    const char *s = t->cols[c].text[i];
    if (!s)
        return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                "column '%s' is empty; every row needs a value",
                                t->cols[c].name);
    if (!icstat_parse_double(s, v)) {
        char ex[ICSTAT_EXCERPT_SIZE];
        return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                "column '%s' has value '%s' that is not a number%s",
                                t->cols[c].name, icstat_value_excerpt(s, ex, sizeof ex),
                                icstat_is_comma_number(s)
                                    ? " (a thousands separator or a decimal comma?); "
                                      ICSTAT_COMMA_NUMBER_FIX
                                    : "");
    }
    return ICSTAT_OK;
}

static int whole_number(const icstat_table *t, long c, size_t i, double v, double low,
                        const char *need, icstat_error *err)
{
    if (v == floor(v) && v >= low)
        return ICSTAT_OK;
    return icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                            "column '%s' has value '%s'; %s", t->cols[c].name,
                            t->cols[c].text[i], need);
}

int icstat_proportions_compute(const icstat_table *t, double conf, icstat_proportions **out,
                               icstat_error *err)
{
    *out = NULL;
    static const char *const need = "--proportions needs columns label,count,total or "
                                    "label,percent,total";
    const long lc = icstat_table_find(t, "label"), tc = icstat_table_find(t, "total");
    const long cc = icstat_table_find(t, "count"), pc = icstat_table_find(t, "percent");
    if (lc < 0 || tc < 0 || (cc < 0 && pc < 0))
        return icstat_error_set(err, ICSTAT_EDATA, t->path, 1, "no '%s' column in the header; %s",
                                lc < 0 ? "label" : tc < 0 ? "total" : "count' or 'percent",
                                need);
    int st = icstat_table_need_rows(t, err);
    if (st != ICSTAT_OK)
        return st;
    icstat_proportions *p = calloc(1, sizeof *p);
    const size_t m = t->nrow ? t->nrow : 1;
    if (!p || !(p->labels = calloc(m, sizeof *p->labels)) ||
        !(p->count = malloc(m * sizeof *p->count)) || !(p->total = malloc(m * sizeof *p->total)) ||
        !(p->given = malloc(m * sizeof *p->given)) ||
        !(p->percent = malloc(m * sizeof *p->percent)) ||
        !(p->ci_low = malloc(m * sizeof *p->ci_low)) ||
        !(p->ci_high = malloc(m * sizeof *p->ci_high)) || !(p->line = malloc(m * sizeof *p->line))) {
        st = NOMEM();
        goto done;
    }
    p->from_percent = cc < 0;
    p->percent_ignored = cc >= 0 && pc >= 0;
    for (size_t i = 0; i < t->nrow; i++) {
        const char *label = t->cols[lc].text[i];
        double x, n;
        p->line[i] = t->line[i];
        if (!label) {
            st = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                  "column 'label' is empty; every row needs a label");
            goto done;
        }
        if (!(p->labels[i] = strdup(label))) {
            st = NOMEM();
            goto done;
        }
        p->n = i + 1;
        if ((st = cell_number(t, tc, i, &n, err)) != ICSTAT_OK ||
            (st = whole_number(t, tc, i, n, 1.0, "a total must be a whole number above 0",
                               err)) != ICSTAT_OK)
            goto done;
        p->given[i] = NAN;
        if (!p->from_percent) {
            if ((st = cell_number(t, cc, i, &x, err)) != ICSTAT_OK ||
                (st = whole_number(t, cc, i, x, 0.0, "a count must be a whole number, 0 or more",
                                   err)) != ICSTAT_OK)
                goto done;
        } else {
            if ((st = cell_number(t, pc, i, &p->given[i], err)) != ICSTAT_OK)
                goto done;
            if (!(p->given[i] >= 0.0 && p->given[i] <= 100.0)) {
                st = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                      "column 'percent' has value '%s' that is not between 0 "
                                      "and 100", t->cols[pc].text[i]);
                goto done;
            }
            /* Published percentages are rounded, so the count behind them is
             * the nearest whole number; the estimate is that count / total. */
            x = floor(p->given[i] * n / 100.0 + 0.5);
        }
        if (x > n) {
            st = icstat_error_set(err, ICSTAT_EDATA, t->path, t->line[i],
                                  "count %.0f is more than the total %.0f", x, n);
            goto done;
        }
        p->count[i] = x;
        p->total[i] = n;
        double lo, hi;
        p->percent[i] = 100.0 * icstat_prop_wilson(x, n, conf, &lo, &hi);
        p->ci_low[i] = 100.0 * lo;
        p->ci_high[i] = 100.0 * hi;
    }
done:
    if (st != ICSTAT_OK) {
        icstat_proportions_free(p);
        return st;
    }
    *out = p;
    return ICSTAT_OK;
}
