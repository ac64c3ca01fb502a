/* chart_describe.c — charts of `icstat describe`: the grade distribution
 * of each group as one 100% bar (stacked), and survey figures with their
 * Wilson intervals (proportions).  Each builder runs its phases in turn
 * over a struct of its own (chart_internal.h lists the phases every kind
 * shares). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"

/* Half a bar's height in y units (rows are 1 apart, the axis spans
 * rows + 0.2): `frac` of a row, but at most max_px pixels, so that one or
 * two bars do not fill the chart. */
static double bar_half(double frac, double max_px, double plot_h, size_t rows)
{
    const double px_per_row = plot_h / ((double)rows + 0.2);
    return frac * px_per_row > max_px ? max_px / px_per_row : frac;
}

/* ---- stacked ----------------------------------------------------------------- */

#define MAX_CATS CHART_MAX_COLOURS

typedef struct {
    long jg, jk, jp, jn, jt, jl, jh; /* group, category, percent, n, total, ci_low, ci_high */
    char **groups, **cats;     /* in their order (the strings belong to the table) */
    size_t ng, nk;
    int ordered;               /* the categories have an order (chart_order_categories) */
    /* Or they are the words of several known scales (chart_order_by_scales):
     * each category's colour within its own scale; else all NULL. */
    const char *scale_fill[MAX_CATS];
    double *pct, *lo, *hi, *n; /* ng x nk, NaN where absent */
    size_t *row;               /* ng x nk: 1 + the row's index, 0 where absent */
    double *total;             /* ng */
    const char *names[MAX_CATS], *fill[MAX_CATS]; /* each category's name and colour */
    char **ylab, **wrapped;    /* each group's label (with its n), as laid out */
    double top, bottom, left, right, ylab_px;
    double bar;                /* half a bar's height, y units */
    /* A segment too narrow for its label gets it just above the bar, where
     * the gap between bars is tall enough (above_room) and the label does
     * not run into the one before it: above_end[g] is where group g's last
     * such label ends (pixels from the bar's start). */
    int above_room, any_above;
    double above_y, *above_end;
} stacked;

static void stacked_free(stacked *d)
{
    free(d->groups);
    free(d->cats);
    free(d->pct);
    free(d->lo);
    free(d->hi);
    free(d->n);
    free(d->row);
    free(d->total);
    free(d->above_end);
    chart_labels_free(d->ylab, d->ng);
    chart_labels_free(d->wrapped, d->ng);
}

/* Groups in the order they first appear, categories in theirs if they have
 * one (chart_order_categories), scale by scale when they are the words of
 * several (chart_order_by_scales), or as they first appear. */
static int stacked_list(chart_ctx *c, stacked *d)
{
    const icstat_table *t = c->t;
    d->groups = calloc(t->nrow, sizeof *d->groups);
    d->cats = calloc(t->nrow, sizeof *d->cats);
    if (!d->groups || !d->cats)
        return chart_nomem(c);
    for (size_t i = 0; i < t->nrow; i++) {
        const char *g = chart_text(c, d->jg, i), *k = chart_text(c, d->jk, i);
        if (!g || !k)
            return chart_row_error(c, i, "'%s' is missing", g ? "category" : "group");
        if (!isfinite(chart_val(c, d->jp, i)))
            return chart_row_error(c, i, "'percent' is missing");
        if (chart_find(d->groups, d->ng, g) < 0)
            d->groups[d->ng++] = (char *)g;
        if (chart_find(d->cats, d->nk, k) < 0)
            d->cats[d->nk++] = (char *)k;
    }
    if (d->nk > MAX_CATS)
        return chart_row_error(c, CHART_NO_ROW,
                               "%zu categories: a stacked bar shows at most %d (the palette's "
                               "colours); merge some with describe --categories A+B",
                               d->nk, MAX_CATS);
    int st = chart_check_given_order(c, d->cats, d->nk);
    if (st != ICSTAT_OK)
        return st;
    d->ordered = chart_order_categories(c, d->cats, d->nk);
    const char *fill[MAX_CATS] = {NULL};
    if (!d->ordered && chart_order_by_scales(d->cats, d->nk, fill)) {
        d->ordered = 1;
        memcpy(d->scale_fill, fill, sizeof fill);
    }
    if (!d->ordered)
        st = chart_note_unordered(c, d->cats, d->nk,
                                  "drawn in the order they come, in colours that suggest no "
                                  "order (the blue-to-vermillion ones are for grades)");
    return st;
}

/* Each row into its cell of the groups x categories table, each cell once. */
static int stacked_cells(chart_ctx *c, stacked *d)
{
    const size_t cells = d->ng * d->nk, m = cells ? cells : 1; /* INPUT has a row */
    d->pct = malloc(m * sizeof *d->pct);
    d->lo = malloc(m * sizeof *d->lo);
    d->hi = malloc(m * sizeof *d->hi);
    d->n = malloc(m * sizeof *d->n);
    d->row = calloc(m, sizeof *d->row);
    d->total = malloc((d->ng ? d->ng : 1) * sizeof *d->total);
    if (!d->pct || !d->lo || !d->hi || !d->n || !d->row || !d->total)
        return chart_nomem(c);
    for (size_t g = 0; g < d->ng; g++)
        d->total[g] = NAN;
    for (size_t i = 0; i < c->t->nrow; i++) {
        const long gi = chart_find(d->groups, d->ng, chart_text(c, d->jg, i));
        const long ki = chart_find(d->cats, d->nk, chart_text(c, d->jk, i));
        if (gi < 0 || ki < 0) /* cannot happen: stacked_list listed them all */
            continue;
        const size_t g = (size_t)gi, k = (size_t)ki, s = g * d->nk + k;
        if (d->row[s])
            return chart_row_error(c, i, "group '%s' has category '%s' again (first on line %ld)",
                                   d->groups[g], d->cats[k], chart_line(c, d->row[s] - 1));
        d->row[s] = i + 1;
        d->pct[s] = chart_val(c, d->jp, i);
        d->n[s] = chart_val(c, d->jn, i);
        d->lo[s] = chart_val(c, d->jl, i);
        d->hi[s] = chart_val(c, d->jh, i);
        if (d->jt >= 0 && !isfinite(d->total[g]))
            d->total[g] = chart_val(c, d->jt, i);
    }
    return ICSTAT_OK;
}

/* Percentages given as fractions (0.91 for 91%, as a spreadsheet exports
 * them) are unambiguous in a 100% bar: every value in [0, 1] and each
 * group's adding up to 1 (at most 8 categories of at most 1% cannot make
 * 100).  They are read as fractions, times 100, and a note says so:
 * drawn as they were, the bars would be all but empty. */
static int stacked_fractions(chart_ctx *c, stacked *d)
{
    size_t largest;
    if (!chart_percent_fractions(c, d->jp, &largest))
        return ICSTAT_OK;
    for (size_t g = 0; g < d->ng; g++) {
        double sum = 0.0;
        for (size_t k = 0; k < d->nk; k++)
            sum += d->row[g * d->nk + k] ? d->pct[g * d->nk + k] : 0.0;
        if (fabs(sum - 1.0) > 0.01)
            return ICSTAT_OK; /* stacked_sums says what is wrong */
    }
    for (size_t s = 0; s < d->ng * d->nk; s++) {
        d->pct[s] *= 100.0;
        d->lo[s] *= 100.0;
        d->hi[s] *= 100.0;
    }
    return chart_note(c,
                      "%s: column 'percent' holds fractions (each group's add up to 1, as a "
                      "spreadsheet exports 91%% as 0.91): drawn as percentages, %.10g as %.10g%%",
                      c->input_name, chart_val(c, d->jp, largest),
                      100.0 * chart_val(c, d->jp, largest));
}

/* Every group has every category, each percent in [0, 100], adding up to
 * 100: published percentages are rounded, so a point either way is
 * allowed; more means categories that overlap or are missing. */
static int stacked_sums(chart_ctx *c, const stacked *d)
{
    for (size_t g = 0; g < d->ng; g++) {
        double sum = 0.0;
        for (size_t k = 0; k < d->nk; k++) {
            const size_t s = g * d->nk + k;
            if (!d->row[s])
                return chart_row_error(c, CHART_NO_ROW, "group '%s' has no row for category '%s'",
                                       d->groups[g], d->cats[k]);
            if (d->pct[s] < 0.0 || d->pct[s] > 100.0)
                return chart_row_error(c, d->row[s] - 1,
                                       "percent %.10g is not between 0 and 100", d->pct[s]);
            sum += d->pct[s];
        }
        if (fabs(sum - 100.0) > 1.0)
            return chart_row_error(c, CHART_NO_ROW,
                                   "the percentages of group '%s' add up to %.4g, not 100: a "
                                   "100%% bar needs categories that do not overlap and leave "
                                   "nothing out",
                                   d->groups[g], sum);
    }
    return ICSTAT_OK;
}

/* The texts; a colour per category: from blue to vermillion when the
 * categories are ordered (grades from best to worst), else colours that
 * suggest no order. */
static int stacked_texts(chart_ctx *c, stacked *d)
{
    c->what = "A 100% stacked bar for each group: the percent of the group in each category.";
    int st = chart_texts(c, "Percent in each category, by group",
                         c->spec->no_n ? "Each bar is one group and adds up to 100%"
                                       : "Each bar is one group and adds up to 100%; n is the "
                                         "number in the group",
                         "Percent of the group", "");
    if (!d->ordered)
        chart_printf(&c->vars, "# The categories have no known order: colours that suggest "
                               "none.\n");
    else if (d->scale_fill[0])
        chart_printf(&c->vars, "# The categories are the words of several scales: each "
                               "coloured from blue to vermillion on its own.\n");
    for (size_t k = 0; k < d->nk; k++) {
        d->names[k] = chart_label_for(c, d->cats[k]);
        d->fill[k] = d->scale_fill[0] ? d->scale_fill[k]
                     : d->ordered     ? chart_ordered_colour(d->nk, k)
                                      : chart_series_colour(k);
    }
    chart_colour_vars(c, d->nk, d->fill, d->names);
    return st;
}

/* Each group's label with its n. */
static int stacked_labels(chart_ctx *c, stacked *d)
{
    if (!(d->ylab = calloc(d->ng, sizeof *d->ylab)))
        return chart_nomem(c);
    for (size_t g = 0; g < d->ng; g++) {
        char text[600], n[64];
        icstat_chart_format_count(d->total[g], n, sizeof n);
        if (isfinite(d->total[g]))
            snprintf(text, sizeof text, "%s (n" CHART_NBSP "=" CHART_NBSP "%s)",
                     chart_label_for(c, d->groups[g]), n);
        else
            snprintf(text, sizeof text, "%s", chart_label_for(c, d->groups[g]));
        if (!(d->ylab[g] = strdup(text)))
            return chart_nomem(c);
    }
    return ICSTAT_OK;
}

/* The legend under the title, the notes, a bar per group between them
 * with room at the right for a last segment's label outside its bar, and
 * the bars' height. */
static int stacked_layout(chart_ctx *c, stacked *d)
{
    const char *vars[MAX_CATS];
    for (size_t k = 0; k < d->nk; k++)
        vars[k] = chart_colour_var(k);
    d->top = chart_header(c);
    d->top = chart_legend(c, CHART_PAD, d->top + 0.5 * CHART_PX_BODY, d->nk, d->names, vars, 0) +
             4.0;
    const char *extra[1] = {c->facts};
    d->bottom = chart_plot_bottom(c, extra, 1);
    const double right_room = icstat_chart_text_width("100.0%", CHART_PX_SMALL, 0) + 8.0;
    double left, right, px;
    d->wrapped = chart_rows_area(c, (const char *const *)d->ylab, d->ng, d->top, d->bottom,
                                 right_room, &left, &right, &px);
    d->left = left;
    d->right = right;
    d->ylab_px = px;
    if (!d->wrapped)
        return chart_nomem(c);
    d->bar = bar_half(0.35, 30.0, d->bottom - d->top, d->ng);
    const double row_px = (d->bottom - d->top) / ((double)d->ng + 0.2);
    d->above_y = d->bar + (0.5 * CHART_PX_SMALL + 3.0) / row_px;
    d->above_room = d->bar + (CHART_PX_SMALL + 4.0) / row_px <= 0.5;
    if (!(d->above_end = malloc(d->ng * sizeof *d->above_end)))
        return chart_nomem(c);
    for (size_t g = 0; g < d->ng; g++)
        d->above_end[g] = -HUGE_VAL;
    return ICSTAT_OK;
}

/* Where segment s (group g's, from `from` on the 0-100 axis) has its
 * percent written: inside it where it has room (label); else the last
 * segment's beyond the bar's end (outside), and another's above the bar
 * (above) when it clears the one before; each "" where not. */
static void segment_label(stacked *d, size_t g, size_t k, double from, char *label,
                          char *outside, char *above)
{
    const size_t s = g * d->nk + k;
    const double plot_w = d->right - d->left;
    snprintf(label, 32, "%.1f%%", d->pct[s]);
    const double label_w = icstat_chart_text_width(label, CHART_PX_SMALL, 0);
    if (d->pct[s] / 100.0 * plot_w >= label_w + 6.0)
        return;
    const double mid = (from + 0.5 * d->pct[s]) / 100.0 * plot_w;
    if (k + 1 == d->nk && d->pct[s] > 0.0) {
        memcpy(outside, label, 32);
    } else if (d->pct[s] > 0.0 && d->above_room && mid - 0.5 * label_w - 4.0 > d->above_end[g]) {
        memcpy(above, label, 32);
        d->above_end[g] = mid + 0.5 * label_w;
        d->any_above = 1;
    }
    label[0] = '\0';
}

/* One block per category (gnuplot's index), one row per group: the bar's
 * segment from..to on the 0-100 axis, describe's numbers, and where its
 * label goes. */
static void stacked_data(chart_ctx *c, stacked *d)
{
    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": the groups' percentages in each category (icstat describe).\n"
                          "# One block per category; y is the bar (first group on top), "
                          "from..to its segment.\n");
    for (size_t k = 0; k < d->nk; k++) {
        chart_printf(&c->dat, "%s# category %zu: ", k ? "\n\n" : "", k + 1);
        chart_dat_text(&c->dat, d->cats[k]);
        chart_printf(&c->dat, "\n# group\ty\tfrom\tto\tpercent\tci_low\tci_high\tn\ttotal\tlabel\toutside\t"
                              "above\n");
        for (size_t g = 0; g < d->ng; g++) {
            double from = 0.0;
            for (size_t j = 0; j < k; j++)
                from += d->pct[g * d->nk + j];
            const size_t s = g * d->nk + k;
            char label[32], outside[32] = "", above[32] = "";
            segment_label(d, g, k, from, label, outside, above);
            chart_dat_text(&c->dat, d->groups[g]);
            chart_printf(&c->dat, "\t%zu\t", d->ng - g);
            chart_dat_num(&c->dat, from);
            chart_printf(&c->dat, "\t");
            chart_dat_num(&c->dat, from + d->pct[s]);
            const double v[] = {d->pct[s], d->lo[s], d->hi[s], d->n[s], d->total[g]};
            chart_dat_nums(&c->dat, v, 5);
            chart_printf(&c->dat, "\t%s\t%s\t%s\n", label, outside, above);
        }
    }
}

/* The axes and the plot: one segment per category, labelled with its
 * percent where it fits (text that reads on its colour), above the bar or
 * beyond its end where not. */
static void stacked_plot(chart_ctx *c, const stacked *d)
{
    chart_printf(&c->body, "# Axes: percent across, one bar per group.\n"
                           "set xrange [0:100]\nset xtics 0, %g, 100 format \"%%g%%%%\"\n"
                           "set yrange [0.4:%zu.6]\n",
                 chart_tic_step(100.0, d->right - d->left,
                                icstat_chart_text_width("100%", CHART_PX_BODY, 0)),
                 d->ng);
    chart_ytics(c, d->wrapped, d->ng, d->ylab_px);
    chart_printf(&c->body, "set border 1 linecolor rgb \"#333333\"\n"
                           "set grid xtics linecolor rgb \"#dddddd\" back\n"
                           "set style fill solid 1.0 noborder\nunset key\n\n");
    chart_printf(&c->body, "# One segment per category, labelled with its percent where it "
                           "fits.\nBAR = %.4g   # half the bar's height\n",
                 d->bar);
    if (d->any_above)
        chart_printf(&c->body, "ABOVE = %.4g   # where a narrow segment's label goes\n",
                     d->above_y);
    chart_printf(&c->body, "plot \\\n");
    for (size_t k = 0; k < d->nk; k++) {
        chart_printf(&c->body,
                     "  DATA index %zu using (($3+$4)/2):2:3:4:($2-BAR):($2+BAR) with "
                     "boxxyerror fillcolor rgb %s, \\\n"
                     "  DATA index %zu using (($3+$4)/2):2:10 with labels font ",
                     k, chart_colour_var(k), k);
        chart_font(c, &c->body, CHART_PX_SMALL, 0);
        chart_printf(&c->body, " textcolor rgb \"%s\", \\\n", chart_text_on(d->fill[k]));
        if (d->any_above) {
            chart_printf(&c->body,
                         "  DATA index %zu using (($3+$4)/2):($2+ABOVE):12 with labels font ", k);
            chart_font(c, &c->body, CHART_PX_SMALL, 0);
            chart_printf(&c->body, " textcolor rgb \"#000000\", \\\n");
        }
    }
    chart_printf(&c->body, "  DATA index %zu using ($4 < 100 ? $4 : 100):2:11 with labels left "
                           "offset 0.4,0 font ",
                 d->nk - 1);
    chart_font(c, &c->body, CHART_PX_SMALL, 0);
    chart_printf(&c->body, " textcolor rgb \"#000000\"\n");
}

int chart_build_stacked(chart_ctx *c)
{
    stacked d;
    memset(&d, 0, sizeof d);
    static const chart_column cols[] = {
        {"group", CHART_NEED},
        {"category", CHART_NEED},
        {"percent", CHART_NEED | CHART_NUM},
        {"n", CHART_NUM | CHART_COUNT},
        {"total", CHART_NUM | CHART_COUNT},
        {"ci_low", CHART_NUM | CHART_LOW},
        {"ci_high", CHART_NUM | CHART_HIGH},
    };
    long j[sizeof cols / sizeof *cols];
    int st = chart_columns(c, cols, sizeof cols / sizeof *cols, j);
    d.jg = j[0];
    d.jk = j[1];
    d.jp = j[2];
    d.jn = j[3];
    d.jt = j[4];
    d.jl = j[5];
    d.jh = j[6];
    if (st == ICSTAT_OK)
        st = stacked_list(c, &d);
    if (st == ICSTAT_OK)
        st = stacked_cells(c, &d);
    if (st == ICSTAT_OK)
        st = stacked_fractions(c, &d);
    if (st == ICSTAT_OK)
        st = stacked_sums(c, &d);
    if (st == ICSTAT_OK)
        st = stacked_texts(c, &d);
    if (st == ICSTAT_OK)
        st = stacked_labels(c, &d);
    if (st == ICSTAT_OK)
        st = stacked_layout(c, &d);
    if (st == ICSTAT_OK) {
        stacked_data(c, &d);
        stacked_plot(c, &d);
    }
    stacked_free(&d);
    return st;
}

/* ---- proportions ----------------------------------------------------------- */

typedef struct {
    long jl, jt, jp, jlo, jhi, jc; /* label, total, percent, ci_low, ci_high, count */
    long jb;                       /* base: exact, at_least or not_published (optional) */
    int any_bound, any_none;       /* a base published as at least n; one not published */
    int any_interval;              /* some figure has an interval */
    size_t n;                      /* rows: one figure each */
    char **lab, **val;             /* each figure's label and its figures */
    char **wrapped;                /* the labels as laid out */
    double val_w, val_w2;          /* the figures' width on one line, on two */
    int two_lines;                 /* the figures on two lines */
    double top, bottom, left, right, lab_px;
} proportions;

static void proportions_free(proportions *p)
{
    chart_labels_free(p->wrapped, p->n);
    chart_labels_free(p->lab, p->n);
    chart_labels_free(p->val, p->n);
}

/* Every figure has a label and a percent in [0, 100]; the level from the
 * rows' Wilson intervals. */
static int prop_scan(chart_ctx *c, proportions *p)
{
    p->n = c->t->nrow;
    chart_interval *iv = calloc(p->n, sizeof *iv);
    if (!iv)
        return chart_nomem(c);
    int st = ICSTAT_OK;
    for (size_t i = 0; i < p->n && st == ICSTAT_OK; i++) {
        const double pc = chart_val(c, p->jp, i), tot = chart_val(c, p->jt, i),
                     x = chart_val(c, p->jc, i);
        if (!chart_text(c, p->jl, i) || !isfinite(pc))
            st = chart_row_error(c, i, "'%s' is missing",
                                 chart_text(c, p->jl, i) ? "percent" : "label");
        else if (pc < 0.0 || pc > 100.0)
            st = chart_row_error(c, i, "percent %.10g is not between 0 and 100", pc);
        iv[i] = (chart_interval){CHART_INTERVAL_WILSON,
                                 isfinite(x) && tot > 0 ? x / tot : pc / 100.0, NAN,
                                 chart_val(c, p->jlo, i) / 100.0,
                                 chart_val(c, p->jhi, i) / 100.0, tot};
    }
    size_t largest;
    if (st == ICSTAT_OK && !c->spec->small_percents &&
        chart_percent_fractions(c, p->jp, &largest))
        st = chart_row_error(c, largest,
                             "every percent is between 0 and 1 (the largest %.10g), so every "
                             "figure would be drawn under 1%%: fractions, as a spreadsheet "
                             "exports 91%% as 0.91?  Give percentages (91, not 0.91) in the "
                             "input of describe --proportions and run it again; if every "
                             "figure really is under 1%%, give %s",
                             chart_val(c, p->jp, largest),
                             c->spec->small_percents_name ? c->spec->small_percents_name
                                                          : "small_percents");
    if (st == ICSTAT_OK)
        st = chart_settle_level(c, iv, p->n);
    free(iv);
    return st;
}

/* Where a figure's text ("91.0% (89.4 to 92.4), n = 1,400") breaks onto
 * two lines: the ", " before its base, or NULL. */
static char *base_split(char *val)
{
    char *at = strstr(val, ", n" CHART_NBSP);
    return at ? at : strstr(val, ", base not published");
}

/* Each label prettified; at the right the figure, its interval and its
 * base, and their width on one line and on two ("91.0% (89.4 to 92.4)"
 * over "n = 1,400", for a narrow canvas). */
static int prop_figures(chart_ctx *c, proportions *p)
{
    p->lab = calloc(p->n, sizeof *p->lab);
    p->val = calloc(p->n, sizeof *p->val);
    if (!p->lab || !p->val)
        return chart_nomem(c);
    for (size_t i = 0; i < p->n; i++) {
        if (!(p->lab[i] = icstat_chart_pretty_label(chart_text(c, p->jl, i))))
            return chart_nomem(c);
        char tot[64], text[200];
        icstat_chart_format_count(chart_val(c, p->jt, i), tot, sizeof tot);
        /* The base as published: "n = 1,400", "n ≥ 1,400" (at least), or
         * none, when no interval can be drawn. */
        const char *base = chart_text(c, p->jb, i);
        const int bound = base && strcmp(base, "at_least") == 0;
        const int none = (base && strcmp(base, "not_published") == 0) ||
                         !isfinite(chart_val(c, p->jt, i));
        const int ci = isfinite(chart_val(c, p->jlo, i)) && isfinite(chart_val(c, p->jhi, i));
        p->any_interval |= ci;
        if (c->spec->no_n) { /* --no-n: the figure alone, or with its interval */
            if (ci)
                snprintf(text, sizeof text, "%.1f%% (%.1f to %.1f)", chart_val(c, p->jp, i),
                         chart_val(c, p->jlo, i), chart_val(c, p->jhi, i));
            else
                snprintf(text, sizeof text, "%.1f%%", chart_val(c, p->jp, i));
        } else {
            p->any_bound |= bound;
            p->any_none |= none;
            char n_text[96];
            if (none)
                snprintf(n_text, sizeof n_text, "base not published");
            else
                snprintf(n_text, sizeof n_text, "n" CHART_NBSP "%s" CHART_NBSP "%s",
                         bound ? "\xe2\x89\xa5" : "=", tot);
            if (!none && ci)
                snprintf(text, sizeof text, "%.1f%% (%.1f to %.1f), %s", chart_val(c, p->jp, i),
                         chart_val(c, p->jlo, i), chart_val(c, p->jhi, i), n_text);
            else
                snprintf(text, sizeof text, "%.1f%%, %s", chart_val(c, p->jp, i), n_text);
        }
        if (!(p->val[i] = strdup(text)))
            return chart_nomem(c);
        double w = icstat_chart_text_width(p->val[i], CHART_PX_SMALL, 0);
        p->val_w = w > p->val_w ? w : p->val_w;
        char *comma = base_split(p->val[i]);
        if (comma) {
            *comma = '\0';
            w = icstat_chart_text_width(p->val[i], CHART_PX_SMALL, 0);
            p->val_w2 = w > p->val_w2 ? w : p->val_w2;
            w = icstat_chart_text_width(comma + 2, CHART_PX_SMALL, 0);
            p->val_w2 = w > p->val_w2 ? w : p->val_w2;
            *comma = ',';
        }
    }
    return ICSTAT_OK;
}

/* The texts (the level in the subtitle) and colours. */
static int prop_texts(chart_ctx *c, const proportions *p)
{
    char level[32], sub[400];
    chart_level_text(c->level, level, sizeof level);
    c->what = "Survey figures: each percentage as a bar, with its Wilson interval.";
    if (p->any_interval)
        snprintf(sub, sizeof sub, "Percent with %s Wilson intervals%s", level,
                 c->spec->no_n ? "" : "; n is the base of each figure");
    else if (c->spec->no_n && c->spec->no_intervals) /* the user's own figures */
        snprintf(sub, sizeof sub, "Each bar is one figure, in percent");
    else /* no figure has one: say none, not a level */
        snprintf(sub, sizeof sub, "Percent as published, without intervals");
    if (p->any_bound || p->any_none)
        snprintf(sub + strlen(sub), sizeof sub - strlen(sub), "%s%s",
                 p->any_bound ? "; n \xe2\x89\xa5: at least that base, the interval the widest "
                                "it can be" : "",
                 p->any_none ? "; no interval where no base was published" : "");
    int st = chart_texts(c, "Survey figures", sub, "Percent", "");
    chart_printf(&c->vars, "COLOUR_BAR = \"%s\"\nCOLOUR_INTERVAL = \"%s\"\n", CHART_SKY,
                 CHART_BLACK);
    return st;
}

/* The rows between the title and the notes, room at the right for the
 * figures: on two lines when one would take more than a quarter of the
 * canvas and the rows are tall enough. */
static int prop_layout(chart_ctx *c, proportions *p)
{
    p->top = chart_header(c) + 6.0;
    const char *extra[1] = {c->facts};
    p->bottom = chart_plot_bottom(c, extra, 1);
    p->two_lines = p->val_w > 0.25 * c->W && p->val_w2 > 0.0 &&
                   c->lh * CHART_PX_SMALL * 2.0 <= (p->bottom - p->top) / (double)p->n;
    const double val_room = (p->two_lines ? p->val_w2 : p->val_w) + 14.0;
    double left, right, px;
    p->wrapped = chart_rows_area(c, (const char *const *)p->lab, p->n, p->top, p->bottom,
                                 val_room, &left, &right, &px);
    p->left = left;
    p->right = right;
    p->lab_px = px;
    return p->wrapped ? ICSTAT_OK : chart_nomem(c);
}

/* One row per figure: describe's numbers and the figures' text, whole and
 * in its two lines. */
static void prop_data(chart_ctx *c, const proportions *p)
{
    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": survey figures (icstat describe --proportions), first on "
                          "top.\n# label\ty\tpercent\tci_low\tci_high\tcount\ttotal\tvalue\t"
                          "value_line_1\tvalue_line_2\n");
    for (size_t i = 0; i < p->n; i++) {
        chart_dat_text(&c->dat, chart_text(c, p->jl, i));
        chart_printf(&c->dat, "\t%zu", p->n - i);
        const double v[] = {chart_val(c, p->jp, i), chart_val(c, p->jlo, i),
                            chart_val(c, p->jhi, i), chart_val(c, p->jc, i),
                            chart_val(c, p->jt, i)};
        chart_dat_nums(&c->dat, v, 5);
        chart_printf(&c->dat, "\t");
        chart_dat_text(&c->dat, p->val[i]);
        char *comma = base_split(p->val[i]);
        if (comma)
            *comma = '\0';
        chart_printf(&c->dat, "\t");
        chart_dat_text(&c->dat, p->val[i]);
        chart_printf(&c->dat, "\t");
        chart_dat_text(&c->dat, comma ? comma + 2 : "");
        chart_printf(&c->dat, "\n");
    }
}

/* The axes and the plot: bars, intervals, and the figures written at the
 * right (on one line or two). */
static void prop_plot(chart_ctx *c, const proportions *p)
{
    const size_t n = p->n;
    chart_printf(&c->body, "# Axes: percent across, one row per figure.\n"
                           "set xrange [0:103]   # room for a point at 100\n"
                           "set xtics 0, %g, 100 format \"%%g%%%%\"\n"
                           "set yrange [0.4:%zu.6]\n",
                 chart_tic_step(100.0, (p->right - p->left) * 100.0 / 103.0,
                                icstat_chart_text_width("100%", CHART_PX_BODY, 0)),
                 n);
    chart_ytics(c, p->wrapped, n, p->lab_px);
    chart_printf(&c->body, "set border 1 linecolor rgb \"#333333\"\n"
                           "set grid xtics linecolor rgb \"#dddddd\" back\n"
                           "set style fill solid 1.0 noborder\nunset key\nset clip two\n\n"
                           "# Bars, intervals, and the figures written at the right.\n"
                           "BAR = %.4g   # half the bar's height\nplot \\\n"
                           "  DATA using ($3/2):2:(0):3:($2-BAR):($2+BAR) with boxxyerror "
                           "fillcolor rgb COLOUR_BAR, \\\n"
                           "%s"
                           "%s",
                 bar_half(0.3, 16.0, p->bottom - p->top, n),
                 /* No interval at all (no base published anywhere): no
                  * intervals to plot, nor gnuplot's warning that there are
                  * none. */
                 p->any_interval ? "  DATA using 3:2:4:5 with xerrorbars pointtype 7 pointsize "
                                   "0.6 * PS linewidth 1.5 linecolor rgb COLOUR_INTERVAL, \\\n"
                                 : "",
                 p->two_lines ? "" : "  DATA using (103):2:(\"  \".strcol(8)) with labels left font ");
    if (p->two_lines) {
        /* Half a line above and below the row, in y units. */
        const double dy = 0.5 * c->lh * CHART_PX_SMALL / ((p->bottom - p->top) / ((double)n + 0.2));
        chart_printf(&c->body, "  DATA using (103):($2+%.4g):(\"  \".strcol(9)) with labels left "
                               "font ", dy);
        chart_font(c, &c->body, CHART_PX_SMALL, 0);
        chart_printf(&c->body, ", \\\n  DATA using (103):($2-%.4g):(\"  \".strcol(10)) with "
                               "labels left font ", dy);
    }
    chart_font(c, &c->body, CHART_PX_SMALL, 0);
    chart_printf(&c->body, "\n");
}

int chart_build_proportions(chart_ctx *c)
{
    proportions p;
    memset(&p, 0, sizeof p);
    static const chart_column cols[] = {
        {"label", CHART_NEED},
        {"total", CHART_NEED | CHART_NUM | CHART_COUNT},
        {"percent", CHART_NEED | CHART_NUM},
        {"ci_low", CHART_NEED | CHART_NUM | CHART_LOW},
        {"ci_high", CHART_NEED | CHART_NUM | CHART_HIGH},
        {"count", CHART_NUM | CHART_COUNT},
        {"base", CHART_COUNT},
    };
    long j[sizeof cols / sizeof *cols];
    int st = chart_columns(c, cols, sizeof cols / sizeof *cols, j);
    p.jl = j[0];
    p.jt = j[1];
    p.jp = j[2];
    p.jlo = j[3];
    p.jhi = j[4];
    p.jc = j[5];
    p.jb = j[6];
    if (st == ICSTAT_OK)
        st = prop_scan(c, &p);
    if (st == ICSTAT_OK)
        st = prop_figures(c, &p);
    if (st == ICSTAT_OK)
        st = prop_texts(c, &p);
    if (st == ICSTAT_OK)
        st = prop_layout(c, &p);
    if (st == ICSTAT_OK) {
        prop_data(c, &p);
        prop_plot(c, &p);
    }
    proportions_free(&p);
    return st;
}
