/* chart_compare.c — the chart of `icstat describe --compare`: for each
 * category, each group against the reference group, as two forest panels
 * side by side: the difference in percentage points (a dashed line at 0,
 * no difference) and the risk ratio on a log axis (a line at 1).  Rows are
 * grouped by category (its name in bold above its rows, in its colour)
 * and labelled with the comparison they make ("male vs female"); each
 * point has its figures above it.  The chi-square test's row, when there,
 * goes into the subtitle.  The builder runs its phases in turn over a
 * struct of its own (chart_internal.h lists the phases every kind
 * shares). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"

#define MAX_CATS CHART_MAX_COLOURS

typedef struct {
    long jm, jk, jg, jr, je, jl, jh, jd, jp;
    /* measure, category, group, reference, estimate, ci_low, ci_high, df,
     * p_value (conf, the level, is chart_settle_level's) */
    char **cats, **groups;   /* in their order (strings belong to the table) */
    size_t nk, ng;
    int ordered;
    int by_scales;           /* words of several scales: fill set by chart_order_by_scales */
    size_t *diff, *ratio;    /* nk x ng: 1 + the row of each measure, 0 where absent */
    size_t chisq;            /* 1 + the chi-square row, 0 when none */
    size_t n;                /* rows drawn: a heading and ng comparisons per category */
    char **text;             /* each row's label */
    char **wrapped;
    const char *fill[MAX_CATS];
    double dlo, dhi, rlo, rhi; /* the panels' ranges */
    /* Half the width of each comparison's figures' box: the differences'
     * in points (nk x ng), then the risk ratios' as a factor (nk x ng). */
    double *box_half;
    double top, bottom, left, right, mid, lab_px;
} compare;

static void compare_free(compare *d)
{
    free(d->cats);
    free(d->groups);
    free(d->diff);
    free(d->ratio);
    free(d->box_half);
    chart_labels_free(d->text, d->n);
    chart_labels_free(d->wrapped, d->n);
}

/* The categories and compared groups in their order; the chi-square row. */
static int compare_list(chart_ctx *c, compare *d)
{
    const icstat_table *t = c->t;
    d->cats = calloc(t->nrow ? t->nrow : 1, sizeof *d->cats);
    d->groups = calloc(t->nrow ? t->nrow : 1, sizeof *d->groups);
    if (!d->cats || !d->groups)
        return chart_nomem(c);
    for (size_t i = 0; i < t->nrow; i++) {
        const char *m = chart_text(c, d->jm, i);
        if (m && strcmp(m, "chisq") == 0) {
            d->chisq = i + 1;
            continue;
        }
        if (!m || (strcmp(m, "difference") != 0 && strcmp(m, "risk_ratio") != 0))
            return chart_row_error(c, i, "measure '%s' is not difference, risk_ratio or chisq",
                                   m ? m : "");
        const char *k = chart_text(c, d->jk, i), *g = chart_text(c, d->jg, i);
        if (!k || !g || !chart_text(c, d->jr, i))
            return chart_row_error(c, i, "'%s' is missing",
                                   !k ? "category" : !g ? "group" : "reference");
        if (chart_find(d->cats, d->nk, k) < 0)
            d->cats[d->nk++] = (char *)k;
        if (chart_find(d->groups, d->ng, g) < 0)
            d->groups[d->ng++] = (char *)g;
    }
    if (d->nk == 0)
        return chart_row_error(c, CHART_NO_ROW, "no comparisons to draw: no row has measure "
                               "'difference' or 'risk_ratio'");
    if (d->nk > MAX_CATS)
        return chart_row_error(c, CHART_NO_ROW, "%zu categories: the chart shows at most %d "
                               "(the palette's colours)", d->nk, MAX_CATS);
    d->ordered = chart_order_categories(c, d->cats, d->nk);
    if (!d->ordered && chart_order_by_scales(d->cats, d->nk, d->fill))
        d->by_scales = d->ordered = 1;
    return ICSTAT_OK;
}

/* Each row into its cell (each once); every cell has both measures, each
 * with an estimate; a risk ratio is positive. */
static int compare_cells(chart_ctx *c, compare *d)
{
    const size_t cells = d->nk * d->ng;
    d->diff = calloc(cells ? cells : 1, sizeof *d->diff);
    d->ratio = calloc(cells ? cells : 1, sizeof *d->ratio);
    if (!d->diff || !d->ratio)
        return chart_nomem(c);
    for (size_t i = 0; i < c->t->nrow; i++) {
        if (i + 1 == d->chisq)
            continue;
        const long k = chart_find(d->cats, d->nk, chart_text(c, d->jk, i));
        const long g = chart_find(d->groups, d->ng, chart_text(c, d->jg, i));
        if (k < 0 || g < 0)
            continue; /* cannot happen: compare_list listed them all */
        const int is_diff = strcmp(chart_text(c, d->jm, i), "difference") == 0;
        size_t *cell = (is_diff ? d->diff : d->ratio) + (size_t)k * d->ng + (size_t)g;
        const double e = chart_val(c, d->je, i);
        if (*cell)
            return chart_row_error(c, i, "group '%s', category '%s' has a %s again (first on "
                                   "line %ld)", d->groups[g], d->cats[k],
                                   chart_text(c, d->jm, i), chart_line(c, *cell - 1));
        if (!isfinite(e))
            return chart_row_error(c, i, "'estimate' is missing");
        if (!is_diff && !(e > 0.0 && !(chart_val(c, d->jl, i) <= 0.0)))
            return chart_row_error(c, i, "a risk ratio and its interval must be above 0");
        *cell = i + 1;
    }
    for (size_t s = 0; s < cells; s++)
        if (!d->diff[s] || !d->ratio[s])
            return chart_row_error(c, CHART_NO_ROW, "group '%s', category '%s' has no %s row",
                                   d->groups[s % d->ng], d->cats[s / d->ng],
                                   d->diff[s] ? "risk_ratio" : "difference");
    return ICSTAT_OK;
}

/* The texts: the level and the test in the subtitle; a colour per
 * category. */
static int compare_texts(chart_ctx *c, compare *d)
{
    char level[32], facts[400], test[200] = "";
    chart_level_text(c->level, level, sizeof level);
    if (d->chisq) {
        const size_t i = d->chisq - 1;
        const double x = chart_val(c, d->je, i), df = chart_val(c, d->jd, i),
                     p = chart_val(c, d->jp, i);
        if (isfinite(x) && isfinite(p))
            snprintf(test, sizeof test, "; test of no difference: chi-square %.2f, df %g, %s%.*f",
                     x, df, p < 0.001 ? "p < " : "p = ", p < 0.001 ? 3 : 2,
                     p < 0.001 ? 0.001 : p);
    }
    snprintf(facts, sizeof facts, "Each group against the reference, with %s intervals%s", level,
             test);
    c->what = "Comparisons of groups: for each category the difference in percentage points and "
              "the risk ratio of each group against the reference, with intervals.";
    int st = chart_texts(c, "How the groups differ, category by category", facts, "", "");
    const char *names[MAX_CATS];
    for (size_t k = 0; k < d->nk; k++) {
        names[k] = chart_label_for(c, d->cats[k]);
        if (!d->by_scales)
            d->fill[k] = d->ordered ? chart_ordered_colour(d->nk, k) : chart_series_colour(k);
    }
    chart_colour_vars(c, d->nk, d->fill, names);
    return st;
}

/* The rows: per category a heading, then "GROUP vs REFERENCE". */
static int compare_rows(chart_ctx *c, compare *d)
{
    d->n = d->nk * (d->ng + 1);
    if (!(d->text = calloc(d->n ? d->n : 1, sizeof *d->text)))
        return chart_nomem(c);
    for (size_t k = 0, r = 0; k < d->nk; k++) {
        if (!(d->text[r++] = strdup(chart_label_for(c, d->cats[k]))))
            return chart_nomem(c);
        for (size_t g = 0; g < d->ng; g++, r++) {
            const size_t i = d->diff[k * d->ng + g] - 1;
            char text[1100];
            snprintf(text, sizeof text, "%.500s vs %.500s", chart_label_for(c, d->groups[g]),
                     chart_label_for(c, chart_text(c, d->jr, i)));
            if (!(d->text[r] = strdup(text)))
                return chart_nomem(c);
        }
    }
    return ICSTAT_OK;
}

/* The panels' ranges: each holds every interval and its line of no
 * difference, with room either side for the figures above the points. */
static void compare_ranges(chart_ctx *c, compare *d)
{
    d->dlo = d->dhi = 0.0;
    d->rlo = d->rhi = 1.0;
    for (size_t s = 0; s < d->nk * d->ng; s++) {
        const size_t i = d->diff[s] - 1, j = d->ratio[s] - 1;
        const double v[] = {chart_val(c, d->je, i), chart_val(c, d->jl, i),
                            chart_val(c, d->jh, i)};
        const double w[] = {chart_val(c, d->je, j), chart_val(c, d->jl, j),
                            chart_val(c, d->jh, j)};
        for (size_t a = 0; a < 3; a++) {
            if (isfinite(v[a])) {
                d->dlo = fmin(d->dlo, v[a]);
                d->dhi = fmax(d->dhi, v[a]);
            }
            if (isfinite(w[a]) && w[a] > 0.0) {
                d->rlo = fmin(d->rlo, w[a]);
                d->rhi = fmax(d->rhi, w[a]);
            }
        }
    }
    const double pad = 0.15 * (d->dhi - d->dlo > 0.0 ? d->dhi - d->dlo : 1.0);
    d->dlo -= pad;
    d->dhi += pad;
    const double f = pow(d->rhi / d->rlo > 1.0 ? d->rhi / d->rlo : 2.0, 0.15);
    d->rlo /= f;
    d->rhi *= f;
}

/* The rows between the title and the notes, a line for the panels'
 * headings above them, and the plot split into two panels. */
static int compare_layout(chart_ctx *c, compare *d)
{
    d->top = chart_header(c) + 4.0 + c->lh * CHART_PX_SMALL;
    const char *extra[2] = {"Difference: the group's percent minus the reference's, in "
                            "percentage points; risk ratio: the group's percent over the "
                            "reference's.",
                            c->facts};
    d->bottom = chart_plot_bottom(c, extra, 2);
    double left, right, px;
    d->wrapped = chart_rows_area(c, (const char *const *)d->text, d->n, d->top, d->bottom, 0.0,
                                 &left, &right, &px);
    d->left = left;
    d->right = right;
    d->lab_px = px;
    d->mid = 0.5 * (left + right);
    if (d->mid - 12.0 - left < CHART_MIN_PLOT)
        c->cramped = 1;
    compare_ranges(c, d);
    if (!(d->box_half = calloc(2 * d->nk * d->ng + 1, sizeof *d->box_half)))
        return chart_nomem(c);
    return d->wrapped ? ICSTAT_OK : chart_nomem(c);
}

/* Where a comparison's figures go above its row, and half their height,
 * in y units (bh may be NULL). */
static void figure_offsets(const compare *d, double *dy, double *bh)
{
    const double row_px = (d->bottom - d->top) / ((double)d->n + 0.2);
    *dy = (0.5 * CHART_PX_SMALL + 5.0) / row_px;
    if (bh)
        *bh = (0.5 * CHART_PX_SMALL + 1.0) / row_px;
}

/* The line of no difference (x = at) of the panel whose figures' boxes
 * are in .dat columns box and box + 1 (1-based), as a block of segments
 * from the top of the plot to its bottom, broken where a figure's box
 * lies across it: gnuplot 5.4 draws such a line over the boxes and text
 * plotted after it, whether an arrow or data. */
static void no_difference(chart_ctx *c, const compare *d, int box, double at)
{
    double dy, bh;
    figure_offsets(d, &dy, &bh);
    chart_printf(&c->dat, "\n\n# no difference at %g, broken round the figures: x, y\n", at);
    double from = (double)d->n + 0.6;
    for (size_t k = 0; k < d->nk; k++)
        for (size_t g = 0; g < d->ng; g++) {
            const size_t s = k * d->ng + g, r = k * (d->ng + 1) + 1 + g;
            const size_t i = (box == 11 ? d->diff[s] : d->ratio[s]) - 1;
            const double est = chart_val(c, d->je, i), y = (double)(d->n - r);
            const double half = box == 11 ? d->box_half[s] : d->box_half[d->nk * d->ng + s];
            const int across = box == 11 ? fabs(est - at) <= half
                                         : fabs(log(est / at)) <= log(half);
            if (!across)
                continue;
            chart_printf(&c->dat, "%g\t%.6g\n%g\t%.6g\n\n", at, from, at, y + dy + bh);
            from = y + dy - bh;
        }
    chart_printf(&c->dat, "%g\t%.6g\n%g\t0.4\n", at, from, at);
}

/* One block per category, one row per comparison: both measures and
 * their figures. */
static void compare_data(chart_ctx *c, compare *d)
{
    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": comparisons of icstat describe --compare; one block per "
                          "category, y its row (first on top).\n");
    for (size_t k = 0; k < d->nk; k++) {
        chart_printf(&c->dat, "%s# category %zu: ", k ? "\n\n" : "", k + 1);
        chart_dat_text(&c->dat, d->cats[k]);
        chart_printf(&c->dat, "\n# group\ty\tdifference\tci_low\tci_high\trisk_ratio\trr_low\t"
                              "rr_high\tdifference_text\trisk_ratio_text\tdifference_box_from\t"
                              "difference_box_to\trisk_ratio_box_from\trisk_ratio_box_to\n");
        for (size_t g = 0; g < d->ng; g++) {
            const size_t i = d->diff[k * d->ng + g] - 1, j = d->ratio[k * d->ng + g] - 1;
            const size_t r = k * (d->ng + 1) + 1 + g;
            chart_dat_text(&c->dat, d->groups[g]);
            chart_printf(&c->dat, "\t%zu", d->n - r);
            const double v[] = {chart_val(c, d->je, i), chart_val(c, d->jl, i),
                                chart_val(c, d->jh, i), chart_val(c, d->je, j),
                                chart_val(c, d->jl, j), chart_val(c, d->jh, j)};
            chart_dat_nums(&c->dat, v, 6);
            char a[96], b[96];
            if (isfinite(v[1]) && isfinite(v[2]))
                snprintf(a, sizeof a, "%+.1f (%+.1f to %+.1f)", v[0], v[1], v[2]);
            else
                snprintf(a, sizeof a, "%+.1f", v[0]);
            if (isfinite(v[4]) && isfinite(v[5]))
                snprintf(b, sizeof b, "%.2f (%.2f to %.2f)", v[3], v[4], v[5]);
            else
                snprintf(b, sizeof b, "%.2f", v[3]);
            chart_printf(&c->dat, "\t%s\t%s", a, b);
            /* The white ground of each figure: its width at the small
             * size and a little more, in each axis's units. */
            const double wa = 0.5 * icstat_chart_text_width(a, CHART_PX_SMALL, 0) + 3.0,
                         wb = 0.5 * icstat_chart_text_width(b, CHART_PX_SMALL, 0) + 3.0;
            const double da = wa * (d->dhi - d->dlo) / (d->mid - 12.0 - d->left),
                         rb = pow(d->rhi / d->rlo, wb / (d->right - d->mid - 12.0));
            const double box[] = {v[0] - da, v[0] + da, v[3] / rb, v[3] * rb};
            d->box_half[k * d->ng + g] = da;
            d->box_half[(d->nk + k) * d->ng + g] = rb;
            chart_dat_nums(&c->dat, box, 4);
            chart_printf(&c->dat, "\n");
        }
    }
    no_difference(c, d, 11, 0.0);
    no_difference(c, d, 13, 1.0);
}

/* A panel's heading (bold) centred above it. */
static void panel_heading(chart_ctx *c, const char *text, double from, double to, double top)
{
    chart_printf(&c->body, "set label ");
    chart_quote(&c->body, text);
    chart_printf(&c->body, " at screen %.4f, screen %.4f center font ",
                 chart_sx(c, 0.5 * (from + to)), chart_sy(c, top - 0.5 * c->lh * CHART_PX_SMALL));
    chart_font(c, &c->body, CHART_PX_SMALL, 1);
    chart_printf(&c->body, " front\n");
}

/* One panel's plot: each comparison's point and interval in its
 * category's colour (x from columns xc, its interval the next two), its
 * figures (column fc) just above the point, on a white box from column
 * box to the next. */
static void panel_plot(chart_ctx *c, const compare *d, int xc, int fc, int box)
{
    double dy;
    figure_offsets(d, &dy, NULL);
    /* The line of no difference (broken round the figures), the figures,
     * then the points and intervals. */
    chart_printf(&c->body,
                 "plot \\\n  DATA index %zu using 1:2 with lines dashtype 2 linewidth 1 "
                 "linecolor rgb \"#333333\", \\\n"
                 "  DATA index 0:%zu using %d:($2+%.4g):%d with labels center font ",
                 box == 11 ? d->nk : d->nk + 1, d->nk - 1, xc, dy, fc);
    chart_font(c, &c->body, CHART_PX_SMALL, 0);
    chart_printf(&c->body, " textcolor rgb \"#222222\"");
    /* A comparison without an interval (NA) keeps its point. */
    for (size_t k = 0; k < d->nk; k++)
        chart_printf(&c->body,
                     ", \\\n  DATA index %zu using %d:2:(valid(%d) ? $%d : $%d):(valid(%d) ? $%d : "
                     "$%d) with xerrorbars pointtype 7 pointsize 1.1 * PS linewidth 2 linecolor rgb %s",
                     k, xc, xc + 1, xc + 1, xc, xc + 2, xc + 2, xc, chart_colour_var(k));
    chart_printf(&c->body, "\n");
}

/* Both panels in one multiplot: the differences left of the middle with
 * the row labels and category headings, then (texts drawn once) the risk
 * ratios on a log axis right of it. */
static void compare_plot(chart_ctx *c, const compare *d)
{
    const double row_px = (d->bottom - d->top) / ((double)d->n + 0.2);
    const double gap = 12.0;
    chart_printf(&c->body, "# Each category's name above its rows.\n");
    for (size_t k = 0; k < d->nk; k++) {
        const size_t r = k * (d->ng + 1);
        chart_printf(&c->body, "set label ");
        chart_quote(&c->body, d->wrapped[r]);
        chart_printf(&c->body, " at screen %.4f, screen %.4f left font ", chart_sx(c, CHART_PAD),
                     chart_sy(c, d->top + row_px * (0.6 + (double)r)));
        chart_font(c, &c->body, d->lab_px, 1);
        chart_printf(&c->body, " textcolor rgb %s front\n", chart_colour_var(k));
    }
    panel_heading(c, "Difference (percentage points)", d->left, d->mid - gap, d->top);
    char **tics = calloc(d->n ? d->n : 1, sizeof *tics);
    if (!tics) {
        c->body.failed = 1;
        return;
    }
    for (size_t r = 0; r < d->n; r++)
        tics[r] = r % (d->ng + 1) ? d->wrapped[r] : (char *)"";
    chart_printf(&c->body, "# The left panel: differences, no difference at 0.\n"
                           "set multiplot\nset rmargin at screen %.4f\n"
                           "set xrange [%.6g:%.6g]\nset xtics %g\nset yrange [0.4:%zu.6]\n",
                 chart_sx(c, d->mid - gap), d->dlo, d->dhi,
                 chart_tic_step(d->dhi - d->dlo, d->mid - gap - d->left,
                                icstat_chart_text_width("-100", CHART_PX_BODY, 0)),
                 d->n);
    chart_ytics(c, tics, d->n, d->lab_px);
    free(tics);
    chart_printf(&c->body,
                 "set border 1 linecolor rgb \"#333333\"\n"
                 "set grid xtics linecolor rgb \"#e5e5e5\" back\nunset key\nset bars 0.5\n"
                 );
    panel_plot(c, d, 3, 9, 11);
    chart_printf(&c->body, "\n# The right panel: risk ratios (log scale), no difference at 1.\n"
                           "unset label\nunset arrow\nunset object\nunset ytics\n"
                           "set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
                           "set logscale x\nset xrange [%.6g:%.6g]\n",
                 chart_sx(c, d->mid + gap), chart_sx(c, d->right), d->rlo, d->rhi);
    chart_log_tics(c, "xtics", d->rlo, d->rhi);
    panel_heading(c, "Risk ratio (log scale)", d->mid + gap, d->right, d->top);
    panel_plot(c, d, 6, 10, 13);
    chart_printf(&c->body, "unset multiplot\n");
}

int chart_build_compare(chart_ctx *c)
{
    compare d;
    memset(&d, 0, sizeof d);
    static const chart_column cols[] = {
        {"measure", CHART_NEED},
        {"category", CHART_NEED},
        {"group", CHART_NEED},
        {"reference", CHART_NEED},
        {"estimate", CHART_NEED | CHART_NUM},
        {"ci_low", CHART_NEED | CHART_NUM | CHART_LOW},
        {"ci_high", CHART_NEED | CHART_NUM | CHART_HIGH},
        {"df", CHART_NUM},
        {"p_value", CHART_NUM},
        {"conf", CHART_NUM},
    };
    long j[sizeof cols / sizeof *cols];
    int st = chart_columns(c, cols, sizeof cols / sizeof *cols, j);
    d.jm = j[0];
    d.jk = j[1];
    d.jg = j[2];
    d.jr = j[3];
    d.je = j[4];
    d.jl = j[5];
    d.jh = j[6];
    d.jd = j[7];
    d.jp = j[8];
    if (st == ICSTAT_OK)
        st = compare_list(c, &d);
    if (st == ICSTAT_OK)
        st = compare_cells(c, &d);
    if (st == ICSTAT_OK)
        /* Intervals no chart can invert (the logit scale's, Newcombe's,
         * Katz's): the level of column conf, or --conf's, said assumed. */
        st = chart_settle_level(c, NULL, 0);
    if (st == ICSTAT_OK)
        st = compare_texts(c, &d);
    if (st == ICSTAT_OK)
        st = compare_rows(c, &d);
    if (st == ICSTAT_OK)
        st = compare_layout(c, &d);
    if (st == ICSTAT_OK) {
        compare_data(c, &d);
        compare_plot(c, &d);
    }
    compare_free(&d);
    return st;
}
