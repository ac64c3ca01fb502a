/* chart_fit.c — charts of `icstat fit`: the coefficients as odds ratios
 * (forest) and the groups' effects in order (caterpillar).  Each builder
 * runs its phases in turn over a struct of its own (chart_internal.h
 * lists the phases every kind shares). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"

/* "n = 35,751 inspections by 1,376 inspectors" and the like. */
static void sample_text(char *buf, size_t len, double n, double groups, const char *group_name)
{
    char a[64], b[64];
    icstat_chart_format_count(n, a, sizeof a);
    icstat_chart_format_count(groups, b, sizeof b);
    if (!isfinite(n))
        snprintf(buf, len, "n not given");
    else if (!isfinite(groups))
        snprintf(buf, len, "n = %s", a);
    else if (group_name && strcmp(group_name, "inspector") == 0)
        snprintf(buf, len, "n = %s inspections by %s inspectors", a, b);
    else
        snprintf(buf, len, "n = %s, in %s groups of '%s'", a, b, group_name ? group_name : "?");
}

/* ---- forest ----------------------------------------------------------------- */

typedef struct {
    long jk, jt, je, jl, jh, js; /* kind, term, estimate, ci_low, ci_high, se */
    size_t *rows;                /* the rows of kind 'coef', in file order */
    size_t m;                    /* how many */
    chart_interval *iv;          /* their intervals (for the level) */
    double n, groups;            /* from the rows 'fit,n' and 'fit,groups' */
    const char *group_name;      /* from 'random,var(NAME)', not ended */
    size_t group_len;
    char *first_cat, *last_cat;  /* the outcome's first and last category */
    size_t *refs;                /* the rows of kind 'reference' ("gender=F") */
    size_t n_refs;
    char **terms, **values;      /* each coefficient's label and figures */
    char **wrapped;              /* the labels as laid out */
    double lo, hi, val_w;        /* the x range; the figures' width */
    double top, bottom, left, right, lab_px;
} forest;

static void forest_free(forest *f)
{
    chart_labels_free(f->wrapped, f->m);
    chart_labels_free(f->terms, f->m);
    chart_labels_free(f->values, f->m);
    free(f->first_cat);
    free(f->last_cat);
    free(f->rows);
    free(f->refs);
    free(f->iv);
}

/* The columns fit's csv has, the intervals checked. */
static int forest_columns(chart_ctx *c, forest *f)
{
    static const chart_column cols[] = {
        {"kind", CHART_NEED},
        {"term", CHART_NEED},
        {"estimate", CHART_NEED | CHART_NUM},
        {"ci_low", CHART_NEED | CHART_NUM | CHART_LOW},
        {"ci_high", CHART_NEED | CHART_NUM | CHART_HIGH},
        {"se", CHART_NUM},
    };
    long j[sizeof cols / sizeof *cols];
    const int st = chart_columns(c, cols, sizeof cols / sizeof *cols, j);
    f->jk = j[0];
    f->jt = j[1];
    f->je = j[2];
    f->jl = j[3];
    f->jh = j[4];
    f->js = j[5];
    return st;
}

/* A threshold "Outstanding|Good": the first names the outcome's first
 * category, the last one its last. */
static int forest_threshold(chart_ctx *c, forest *f, const char *term)
{
    const char *bar = strchr(term, '|');
    if (!bar)
        return ICSTAT_OK;
    if (!f->first_cat && !(f->first_cat = strndup(term, (size_t)(bar - term))))
        return chart_nomem(c);
    free(f->last_cat);
    if (!(f->last_cat = strdup(bar + 1)))
        return chart_nomem(c);
    return ICSTAT_OK;
}

/* Sort the rows by kind: the coefficients to draw (each with its normal
 * interval), n and the groups, the grouping factor's name, the
 * thresholds. */
static int forest_scan(chart_ctx *c, forest *f)
{
    const size_t nrow = c->t->nrow;
    f->rows = malloc((nrow ? nrow : 1) * sizeof *f->rows);
    f->iv = calloc(nrow ? nrow : 1, sizeof *f->iv);
    f->refs = malloc((nrow ? nrow : 1) * sizeof *f->refs);
    if (!f->rows || !f->iv || !f->refs)
        return chart_nomem(c);
    for (size_t i = 0; i < nrow; i++) {
        const char *kind = chart_text(c, f->jk, i), *term = chart_text(c, f->jt, i);
        if (!kind || !term)
            continue;
        if (strcmp(kind, "coef") == 0) {
            if (!isfinite(chart_val(c, f->je, i)))
                return chart_row_error(c, i, "coefficient '%s' has no estimate", term);
            if (f->js >= 0)
                f->iv[f->m] = (chart_interval){CHART_INTERVAL_NORMAL, chart_val(c, f->je, i),
                                               chart_val(c, f->js, i), chart_val(c, f->jl, i),
                                               chart_val(c, f->jh, i), NAN};
            f->rows[f->m++] = i;
        } else if (strcmp(kind, "reference") == 0 && strchr(term, '=')) {
            f->refs[f->n_refs++] = i;
        } else if (strcmp(kind, "fit") == 0 && strcmp(term, "n") == 0) {
            f->n = chart_val(c, f->je, i);
        } else if (strcmp(kind, "fit") == 0 && strcmp(term, "groups") == 0) {
            f->groups = chart_val(c, f->je, i);
        } else if (strcmp(kind, "random") == 0 && strncmp(term, "var(", 4) == 0 &&
                   term[strlen(term) - 1] == ')') {
            f->group_name = term + 4;
            f->group_len = strlen(term) - 5;
        } else if (strcmp(kind, "threshold") == 0) {
            const int st = forest_threshold(c, f, term);
            if (st != ICSTAT_OK)
                return st;
        }
    }
    if (f->m == 0)
        return chart_row_error(c, CHART_NO_ROW,
                               "no coefficients to draw: no row has kind 'coef' (was the model "
                               "fitted without --terms?)");
    return ICSTAT_OK;
}

/* The subtitle's facts (the level, n and the groups) and the other texts. */
static int forest_texts(chart_ctx *c, forest *f)
{
    char level[32], gname[128] = "", sample[400], facts[800];
    chart_level_text(c->level, level, sizeof level);
    if (f->group_name)
        snprintf(gname, sizeof gname, "%.*s", (int)(f->group_len < 120 ? f->group_len : 120),
                 f->group_name);
    sample_text(sample, sizeof sample, f->n, f->groups, gname[0] ? gname : NULL);
    snprintf(facts, sizeof facts, "Odds ratios with %s intervals; %s", level, sample);
    c->what = "A forest plot: each coefficient of the model as an odds ratio, with its "
              "interval, on a log scale.";
    int st = chart_texts(c, "Odds ratios from the model", facts, "Odds ratio (log scale)", "");
    chart_printf(&c->vars, "COLOUR_POINT = \"%s\"\n", CHART_BLUE);
    return st;
}

/* A coefficient's label: "LEVEL vs REFERENCE" (each named by --labels)
 * for a level of a factor whose reference fit's csv gives (a row kind
 * 'reference', "gender=F"), so that "gender=M" reads "M vs F"; any other
 * term (a number, an interaction, a csv without reference rows)
 * prettified, "Gender: M".  Malloc'd; NULL when out of memory. */
static char *forest_label(const chart_ctx *c, const forest *f, const char *term)
{
    const char *eq = strchr(term, '=');
    if (eq && !strchr(term, ':'))
        for (size_t k = 0; k < f->n_refs; k++) {
            const char *ref = chart_text(c, f->jt, f->refs[k]);
            const size_t len = (size_t)(eq - term);
            if (strncmp(ref, term, len + 1) != 0)
                continue;
            char text[1100];
            snprintf(text, sizeof text, "%.500s vs %.500s", chart_label_for(c, eq + 1),
                     chart_label_for(c, ref + len + 1));
            return strdup(text);
        }
    return icstat_chart_pretty_label(term);
}

/* Each row's label (the term) and figures (the odds ratio and its
 * interval), and the x range that holds every interval and 1. */
static int forest_rows(chart_ctx *c, forest *f)
{
    f->terms = calloc(f->m, sizeof *f->terms);
    f->values = calloc(f->m, sizeof *f->values);
    if (!f->terms || !f->values)
        return chart_nomem(c);
    f->lo = 1.0;
    f->hi = 1.0;
    for (size_t r = 0; r < f->m; r++) {
        const size_t i = f->rows[r];
        const double or = exp(chart_val(c, f->je, i)), l = exp(chart_val(c, f->jl, i)),
                     h = exp(chart_val(c, f->jh, i));
        char text[128];
        if (isfinite(l) && isfinite(h))
            snprintf(text, sizeof text, "%.2f (%.2f to %.2f)", or, l, h);
        else
            snprintf(text, sizeof text, "%.2f", or);
        if (!(f->terms[r] = forest_label(c, f, chart_text(c, f->jt, i))) ||
            !(f->values[r] = strdup(text)))
            return chart_nomem(c);
        const double a = isfinite(l) ? l : or, b = isfinite(h) ? h : or;
        f->lo = a < f->lo ? a : f->lo;
        f->hi = b > f->hi ? b : f->hi;
    }
    f->lo /= 1.12;
    f->hi *= 1.12;
    const double head_w = icstat_chart_text_width("Odds ratio (interval)", CHART_PX_SMALL, 1);
    f->val_w = chart_widest((const char *const *)f->values, f->m, CHART_PX_SMALL, 0, head_w);
    return ICSTAT_OK;
}

/* Which way an odds ratio points, for the notes: towards the outcome's
 * last category (named by the thresholds) or first. */
static void forest_direction(const forest *f, char *buf, size_t len)
{
    if (f->first_cat && f->last_cat) {
        if (strcmp(f->first_cat, "0") == 0 && strcmp(f->last_cat, "1") == 0)
            snprintf(buf, len,
                     "Odds ratio above 1: the outcome (1) more likely; below 1: less likely.");
        else
            snprintf(buf, len,
                     "Odds ratio above 1: grades more likely towards '%s'; below 1: towards '%s'.",
                     f->last_cat, f->first_cat);
    } else {
        snprintf(buf, len, "Odds ratio above 1: more likely towards the later categories.");
    }
}

/* The rows between the title and the notes (which say which way an odds
 * ratio points), room at the right for the figures and a line above the
 * rows for their heading. */
static int forest_layout(chart_ctx *c, forest *f)
{
    char direction[400];
    forest_direction(f, direction, sizeof direction);
    const char *extra[2] = {direction, c->facts};
    f->top = chart_header(c) + 2.0 + c->lh * CHART_PX_SMALL;
    f->bottom = chart_plot_bottom(c, extra, 2);
    double left, right, px;
    f->wrapped = chart_rows_area(c, (const char *const *)f->terms, f->m, f->top, f->bottom,
                                 f->val_w + 14.0, &left, &right, &px);
    f->left = left;
    f->right = right;
    f->lab_px = px;
    return f->wrapped ? ICSTAT_OK : chart_nomem(c);
}

/* One row per coefficient: the odds ratios drawn, and fit's numbers. */
static void forest_data(chart_ctx *c, const forest *f)
{
    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": coefficients of icstat fit as odds ratios, first on top.\n"
                          "# term\ty\todds_ratio\tci_low\tci_high\testimate\tse\tvalue\n");
    for (size_t r = 0; r < f->m; r++) {
        const size_t i = f->rows[r];
        chart_dat_text(&c->dat, chart_text(c, f->jt, i));
        chart_printf(&c->dat, "\t%zu", f->m - r);
        const double v[] = {exp(chart_val(c, f->je, i)), exp(chart_val(c, f->jl, i)),
                            exp(chart_val(c, f->jh, i)), chart_val(c, f->je, i),
                            chart_val(c, f->js, i)};
        chart_dat_nums(&c->dat, v, 5);
        chart_printf(&c->dat, "\t");
        chart_dat_text(&c->dat, f->values[r]);
        chart_printf(&c->dat, "\n");
    }
}

/* The figures' heading, the log axis, the rows, the line at 1 and the
 * plot: each interval, and its figures at the right. */
static void forest_plot(chart_ctx *c, const forest *f)
{
    chart_printf(&c->body, "# The heading of the column of figures at the right.\n");
    chart_figures_heading(c, "Odds ratio (interval)", f->right, f->top);
    chart_printf(&c->body, "# Axes: odds ratio across (log scale), one row per "
                           "coefficient.\nset logscale x\nset xrange [%.6g:%.6g]\n",
                 f->lo, f->hi);
    chart_log_tics(c, "xtics", f->lo, f->hi);
    chart_printf(&c->body, "set yrange [0.4:%zu.6]\n", f->m);
    chart_ytics(c, f->wrapped, f->m, f->lab_px);
    chart_printf(&c->body,
                 "set border 1 linecolor rgb \"#333333\"\n"
                 "set grid xtics linecolor rgb \"#e5e5e5\" back\nunset key\nset bars 0.5\n"
                 "# No difference: odds ratio 1.\n"
                 "set arrow from 1, graph 0 to 1, graph 1 nohead linecolor rgb \"#333333\" "
                 "dashtype 2 back\n\n"
                 "plot \\\n"
                 "  DATA using 3:2:4:5 with xerrorbars pointtype 7 pointsize 1.1 * PS linewidth 2 "
                 "linecolor rgb COLOUR_POINT, \\\n"
                 "  DATA using (%.6g):2:(\"  \".strcol(8)) with labels left font ",
                 f->hi);
    chart_font(c, &c->body, CHART_PX_SMALL, 0);
    chart_printf(&c->body, "\n");
}

int chart_build_forest(chart_ctx *c)
{
    forest f;
    memset(&f, 0, sizeof f);
    f.n = NAN;
    f.groups = NAN;
    int st = forest_columns(c, &f);
    if (st == ICSTAT_OK)
        st = forest_scan(c, &f);
    if (st == ICSTAT_OK)
        st = chart_settle_level(c, f.iv, f.m);
    if (st == ICSTAT_OK)
        st = forest_texts(c, &f);
    if (st == ICSTAT_OK)
        st = forest_rows(c, &f);
    if (st == ICSTAT_OK)
        st = forest_layout(c, &f);
    if (st == ICSTAT_OK) {
        forest_data(c, &f);
        forest_plot(c, &f);
    }
    forest_free(&f);
    return st;
}

/* ---- caterpillar --------------------------------------------------------------- */

typedef struct {
    double effect;
    size_t row;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->effect != y->effect)
        return x->effect < y->effect ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row); /* ties keep file order */
}

/* Up to this many groups are named on the axis; more are numbered. */
#define CATERPILLAR_NAMED_MAX 30

typedef struct {
    long jg, je, jl, jh, js, jn; /* group, effect, ci_low, ci_high, se, n */
    size_t g;                    /* groups: the rows */
    ranked *r;                   /* the groups from lowest effect to highest */
    chart_interval *iv;          /* their intervals (for the level) */
    double rows;                 /* the rows they hold, NaN when not given */
    size_t above, below;         /* groups whose interval is above 0, below 0 */
    double ylo, yhi;             /* the odds ratios' axis (log scale) */
    int named;                   /* the groups are named on the axis */
    double xdepth;               /* the names' depth below the axis */
    double top, bottom;
} caterpillar;

/* The colour variables of the three kinds of interval, in their order. */
static const char *const cat_vars[3] = {"COLOUR_ABOVE", "COLOUR_BELOW", "COLOUR_ZERO"};

/* The columns fit --effects writes, the intervals checked. */
static int cat_columns(chart_ctx *c, caterpillar *k)
{
    static const chart_column cols[] = {
        {"group", CHART_NEED},
        {"effect", CHART_NEED | CHART_NUM},
        {"ci_low", CHART_NEED | CHART_NUM | CHART_LOW},
        {"ci_high", CHART_NEED | CHART_NUM | CHART_HIGH},
        {"se", CHART_NUM},
        {"n", CHART_NUM},
    };
    long j[sizeof cols / sizeof *cols];
    const int st = chart_columns(c, cols, sizeof cols / sizeof *cols, j);
    k->jg = j[0];
    k->je = j[1];
    k->jl = j[2];
    k->jh = j[3];
    k->js = j[4];
    k->jn = j[5];
    return st;
}

/* Every group's effect (none missing), sorted; the rows they hold; how
 * many intervals leave out 0 on either side. */
static int cat_scan(chart_ctx *c, caterpillar *k)
{
    /* fit --effects with several --group writes every factor's groups,
     * named in a column 'factor': one caterpillar is of one factor. */
    const long jf = chart_col_opt(c, "factor");
    for (size_t i = 1; jf >= 0 && i < c->t->nrow; i++) {
        const char *a = chart_text(c, jf, 0), *b = chart_text(c, jf, i);
        if (!a || !b || strcmp(a, b) != 0)
            return chart_row_error(c, i, "the effects of more than one grouping factor ('%s' "
                                   "and '%s' in column 'factor'): a caterpillar shows one; "
                                   "write one file per factor with fit --effects %s=FILE,...",
                                   a ? a : "", b ? b : "", a ? a : "FACTOR");
    }
    k->g = c->t->nrow;
    k->r = malloc((k->g ? k->g : 1) * sizeof *k->r);
    k->iv = calloc(k->g ? k->g : 1, sizeof *k->iv);
    if (!k->r || !k->iv)
        return chart_nomem(c);
    for (size_t i = 0; i < k->g; i++) {
        const double e = chart_val(c, k->je, i);
        if (!isfinite(e))
            return chart_row_error(c, i, "'effect' is missing");
        k->r[i].effect = e;
        k->r[i].row = i;
        if (k->js >= 0)
            k->iv[i] = (chart_interval){CHART_INTERVAL_NORMAL, e, chart_val(c, k->js, i),
                                        chart_val(c, k->jl, i), chart_val(c, k->jh, i), NAN};
        k->rows += chart_val(c, k->jn, i);
        k->above += chart_val(c, k->jl, i) > 0.0;
        k->below += chart_val(c, k->jh, i) < 0.0;
        const double lo = chart_val(c, k->jl, i), hi = chart_val(c, k->jh, i);
        k->ylo = fmin(k->ylo, isfinite(lo) ? lo : e);
        k->yhi = fmax(k->yhi, isfinite(hi) ? hi : e);
    }
    /* The axis in odds ratios, 1 inside, 5% of the log range spare. */
    const double spare = 0.05 * (k->yhi - k->ylo > 0.0 ? k->yhi - k->ylo : 1.0);
    k->ylo = exp(k->ylo - spare);
    k->yhi = exp(k->yhi + spare);
    qsort(k->r, k->g, sizeof *k->r, cmp_ranked);
    return ICSTAT_OK;
}

/* The facts (how many groups and rows, the level), the x axis's title or,
 * for a few groups, their names in its place, and the other texts. */
static int cat_texts(chart_ctx *c, caterpillar *k)
{
    char level[32], a[64], b[64], facts[300];
    chart_level_text(c->level, level, sizeof level);
    icstat_chart_format_count((double)k->g, a, sizeof a);
    icstat_chart_format_count(k->rows, b, sizeof b);
    const char *groups = c->spec->groups_noun ? c->spec->groups_noun : "inspectors";
    const char *rows_noun = c->spec->rows_noun ? c->spec->rows_noun : "inspections";
    if (isfinite(k->rows))
        snprintf(facts, sizeof facts, "%s %s (%s %s), each with its %s interval", a, groups, b,
                 rows_noun, level);
    else
        snprintf(facts, sizeof facts, "%s %s, each with its %s interval", a, groups, level);
    /* "Local authorities, sorted by their effect": the noun with a capital. */
    char xdefault[160];
    snprintf(xdefault, sizeof xdefault, "%s, sorted by their effect", groups);
    if (xdefault[0] >= 'a' && xdefault[0] <= 'z')
        xdefault[0] = (char)(xdefault[0] - 'a' + 'A');
    c->what = "A caterpillar plot: each inspector's (group's) effect from the model as an odds "
              "ratio against the average group, sorted, with its interval, on a log scale.";
    /* A few groups (local authorities, a panel of inspectors) are named
     * under their intervals, slanted, instead of being numbered: a reader
     * wants to know which.  Not when --xlabel was given: the names take
     * the axis title's place. */
    k->named = k->g > 0 && k->g <= CATERPILLAR_NAMED_MAX && !c->spec->xlabel;
    for (size_t i = 0; k->named && i < k->g; i++) {
        const double w = icstat_chart_text_width(chart_label_for(c, chart_text(c, k->jg, i)),
                                                 CHART_PX_SMALL, 0);
        k->xdepth = w > k->xdepth ? w : k->xdepth;
    }
    if (k->named) /* sin 45 degrees, then a line's height and a gap */
        k->xdepth = 0.7071 * (k->xdepth < c->W / 3.0 ? k->xdepth : c->W / 3.0) +
                    CHART_PX_SMALL + 8.0;
    int st = chart_texts(c, "Inspector effects, from lowest to highest", facts,
                         k->named ? "" : xdefault, "Odds ratio (log scale)");
    chart_printf(&c->vars, "COLOUR_ABOVE = \"%s\"   # interval above 1\n"
                           "COLOUR_BELOW = \"%s\"   # interval below 1\n"
                           "COLOUR_ZERO = \"%s\"    # interval includes 1\n"
                           "COLOUR_POINT = \"%s\"   # the effects\n",
                 CHART_VERMILLION, CHART_BLUE, "#b8b8b8", "#222222");
    return st;
}

/* The legend (counting the groups whose interval leaves out 0) under the
 * title, the notes, and the plot area between them. */
static void cat_layout(chart_ctx *c, caterpillar *k)
{
    char l1[96], l2[96], l3[96], k1[40], k2[40], k3[40];
    icstat_chart_format_count((double)k->above, k1, sizeof k1);
    icstat_chart_format_count((double)k->below, k2, sizeof k2);
    icstat_chart_format_count((double)(k->g - k->above - k->below), k3, sizeof k3);
    snprintf(l1, sizeof l1, "Interval above 1: %s", k1);
    snprintf(l2, sizeof l2, "Interval below 1: %s", k2);
    snprintf(l3, sizeof l3, "Interval includes 1: %s", k3);
    const char *names[3] = {l1, l2, l3};
    k->top = chart_header(c);
    k->top = chart_legend(c, CHART_PAD, k->top + 0.5 * CHART_PX_BODY, 3, names, cat_vars, 0) + 4.0;
    const char *extra[2] = {"An odds ratio above 1: grades more likely towards the later "
                            "categories (for Ofsted's order, worse grades) than with the average "
                            "group; below 1, towards the earlier ones.  Odds ratios assume the "
                            "logit link.",
                            c->facts};
    k->bottom = chart_footer(c, extra, 2) -
                (k->named ? k->xdepth : chart_below_axis(c, c->xlabel[0] != 0));
    const double left = CHART_PAD + (c->ylabel[0] ? 1.8 * CHART_PX_BODY : 0.0) +
                        icstat_chart_text_width("0.25", CHART_PX_BODY, 0) + 14.0;
    const double right = c->W - CHART_PAD - 8.0;
    chart_plot_area(c, left, right, k->top, k->bottom);
}

/* Three blocks by where the interval lies, so each gets its colour. */
static void cat_data(chart_ctx *c, const caterpillar *k)
{
    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": effects from icstat fit --effects (log odds; the chart draws "
                          "exp), sorted; blocks: interval above 0, below 0, including 0.\n");
    for (int block = 0; block < 3; block++) {
        chart_printf(&c->dat, "%s# position\tgroup\teffect\tci_low\tci_high\tse\tn\n",
                     block ? "\n\n" : "");
        for (size_t x = 0; x < k->g; x++) {
            const size_t i = k->r[x].row;
            const double lo = chart_val(c, k->jl, i), hi = chart_val(c, k->jh, i);
            const int which = lo > 0.0 ? 0 : hi < 0.0 ? 1 : 2;
            if (which != block)
                continue;
            chart_printf(&c->dat, "%zu\t", x + 1);
            chart_dat_text(&c->dat, chart_text(c, k->jg, i));
            const double v[] = {k->r[x].effect, lo, hi, chart_val(c, k->js, i),
                                chart_val(c, k->jn, i)};
            chart_dat_nums(&c->dat, v, 5);
            chart_printf(&c->dat, "\n");
        }
        /* An empty block would end the file early for gnuplot's index,
         * and a block of NA alone makes gnuplot warn that it has no valid
         * points: a point far left of the x range stands in, drawn nowhere. */
        if ((block == 0 && !k->above) || (block == 1 && !k->below) ||
            (block == 2 && k->g == k->above + k->below))
            chart_printf(&c->dat, "-1e9\tnone\t0\t0\t0\tNA\tNA\n");
    }
}

/* The groups' names (when named), the axes, the line at odds ratio 1 and the plot:
 * intervals as plain lines (yerrorbars would cut a gap round each point),
 * then the points over them; thin lines and small points when there are
 * many. */
static void cat_plot(chart_ctx *c, const caterpillar *k)
{
    const size_t g = k->g;
    const double lw = g > 300 ? 0.6 : g > 60 ? 1.0 : 1.5;
    const double ps = g > 300 ? 0.25 : g > 60 ? 0.45 : 0.8;
    /* 1% of room at either end, so the first and last intervals clear the
     * axes (one unit when there are few). */
    const double pad = g > 100 ? ceil(0.01 * (double)g) : 1.0;
    if (k->named) {
        /* Each group's name at its place in the order, slanted. */
        chart_printf(&c->body, "# The groups by name, in order of their effect.\n"
                               "set xtics rotate by 45 right scale 0.5 font ");
        chart_font(c, &c->body, CHART_PX_SMALL, 0);
        chart_printf(&c->body, " (");
        for (size_t x = 0; x < g; x++) {
            /* A name longer than the room left for it (a third of the
             * width, cat_texts) is cut, as a row chart's labels are. */
            char *name = chart_ellipsize(chart_label_for(c, chart_text(c, k->jg, k->r[x].row)),
                                         c->W / 3.0, CHART_PX_SMALL);
            if (!name) {
                c->body.failed = 1;
                break;
            }
            chart_printf(&c->body, "%s", x ? ", " : "");
            chart_quote_tic(&c->body, name);
            chart_printf(&c->body, " %zu", x + 1);
            free(name);
        }
        chart_printf(&c->body, ")\n");
    }
    chart_printf(&c->body,
                 "# Axes: inspectors across in order of their effect, the effect up as an odds "
                 "ratio (log scale).\n"
                 "set xrange [%g:%g]\nset logscale y\nset yrange [%.6g:%.6g]\n%s%s\n",
                 g > 100 ? 1.0 - pad : 0.0, (double)g + pad, k->ylo, k->yhi,
                 k->named ? "" : "set xtics", k->named ? "" : g <= 20 ? " 1" : "");
    chart_log_tics(c, "ytics", k->ylo, k->yhi);
    chart_printf(&c->body,
                 "set border 3 linecolor rgb \"#333333\"\n"
                 "set grid ytics linecolor rgb \"#e5e5e5\" back\nunset key\nset bars 0\n"
                 "# No effect: odds ratio 1.\n"
                 "set arrow from graph 0, first 1 to graph 1, first 1 nohead linecolor rgb "
                 "\"#333333\" dashtype 2 front\n\n"
                 "LINE = %g\nPOINT = %g\nplot \\\n",
                 lw, ps);
    for (int block = 0; block < 3; block++)
        chart_printf(&c->body,
                     "  DATA index %d using 1:(exp($4)):(0):(exp($5)-exp($4)) with vectors nohead "
                     "linewidth LINE linecolor rgb %s, \\\n",
                     block, cat_vars[block]);
    chart_printf(&c->body, "  DATA using 1:(exp($3)) with points pointtype 7 pointsize POINT * PS "
                           "linecolor rgb COLOUR_POINT\n");
}

int chart_build_caterpillar(chart_ctx *c)
{
    caterpillar k;
    memset(&k, 0, sizeof k);
    int st = cat_columns(c, &k);
    if (st == ICSTAT_OK)
        st = cat_scan(c, &k);
    if (st == ICSTAT_OK)
        st = chart_settle_level(c, k.iv, k.g);
    if (st == ICSTAT_OK)
        st = cat_texts(c, &k);
    if (st == ICSTAT_OK) {
        cat_layout(c, &k);
        cat_data(c, &k);
        cat_plot(c, &k);
    }
    free(k.r);
    free(k.iv);
    return st;
}
