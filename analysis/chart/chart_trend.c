/* chart_trend.c — grades over time: the csv of `icstat describe
 * --by-period` (describe's layout, a group per period), one line per
 * category across the periods, each point with its interval, in the
 * ordered palette when the categories have an order (a grade scale's:
 * blue, best, to vermillion, worst).  Periods stay in the order the csv
 * gives them (describe writes them in time order) and each is labelled
 * with its n.  The builder runs its phases in turn over a struct of its
 * own (chart_internal.h lists the phases every kind shares). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"

#define MAX_CATS CHART_MAX_COLOURS

typedef struct {
    long jg, jk, jp, jn, jt, jl, jh; /* group, category, percent, n, total, ci_low, ci_high */
    char **periods, **cats;          /* in their order (strings belong to the table) */
    size_t np, nk;
    int ordered, by_scales;
    const char *fill[MAX_CATS];
    size_t *row;                     /* nk x np: 1 + the row's index, 0 where absent */
    double *total;                   /* np: each period's n, NaN when not given */
    char **tics;                     /* each period's axis label (with its n) */
    int rotate;                      /* tic labels slanted, on one line */
    double tic_depth, ymax, top, bottom, left, right;
} trend;

static void trend_free(trend *d)
{
    free(d->periods);
    free(d->cats);
    free(d->row);
    free(d->total);
    chart_labels_free(d->tics, d->np);
}

/* The periods in file order, the categories in theirs (a known scale's,
 * scale by scale for several, or as they come). */
static int trend_list(chart_ctx *c, trend *d)
{
    const icstat_table *t = c->t;
    d->periods = calloc(t->nrow ? t->nrow : 1, sizeof *d->periods);
    d->cats = calloc(t->nrow ? t->nrow : 1, sizeof *d->cats);
    if (!d->periods || !d->cats)
        return chart_nomem(c);
    for (size_t i = 0; i < t->nrow; i++) {
        const char *g = chart_text(c, d->jg, i), *k = chart_text(c, d->jk, i);
        if (!g || !k)
            return chart_row_error(c, i, "'%s' is missing", g ? "category" : "group");
        if (!isfinite(chart_val(c, d->jp, i)))
            return chart_row_error(c, i, "'percent' is missing");
        if (chart_find(d->periods, d->np, g) < 0)
            d->periods[d->np++] = (char *)g;
        if (chart_find(d->cats, d->nk, k) < 0)
            d->cats[d->nk++] = (char *)k;
    }
    if (d->nk > MAX_CATS)
        return chart_row_error(c, CHART_NO_ROW,
                               "%zu categories: a trend shows at most %d lines (the palette's "
                               "colours); merge some with describe --categories A+B",
                               d->nk, MAX_CATS);
    if (d->np < 2)
        return chart_row_error(c, CHART_NO_ROW,
                               "one period ('%s'): a trend needs two or more (describe "
                               "--by-period year|academic-year|term makes them)",
                               d->periods[0]);
    d->ordered = chart_order_categories(c, d->cats, d->nk);
    if (!d->ordered && chart_order_by_scales(d->cats, d->nk, d->fill))
        d->by_scales = d->ordered = 1;
    return ICSTAT_OK;
}

/* Each row into its cell (each once); every period has every category,
 * its percentages in [0, 100] adding up to 100 (a point either way, for
 * rounded published figures). */
static int trend_cells(chart_ctx *c, trend *d)
{
    const size_t cells = d->nk * d->np;
    d->row = calloc(cells ? cells : 1, sizeof *d->row);
    d->total = malloc((d->np ? d->np : 1) * sizeof *d->total);
    if (!d->row || !d->total)
        return chart_nomem(c);
    for (size_t p = 0; p < d->np; p++)
        d->total[p] = NAN;
    for (size_t i = 0; i < c->t->nrow; i++) {
        const long p = chart_find(d->periods, d->np, chart_text(c, d->jg, i));
        const long k = chart_find(d->cats, d->nk, chart_text(c, d->jk, i));
        if (p < 0 || k < 0)
            continue; /* cannot happen: trend_list listed them all */
        const size_t s = (size_t)k * d->np + (size_t)p;
        if (d->row[s])
            return chart_row_error(c, i, "period '%s' has category '%s' again (first on line "
                                   "%ld)", d->periods[p], d->cats[k], chart_line(c, d->row[s] - 1));
        d->row[s] = i + 1;
        if (!isfinite(d->total[p]))
            d->total[p] = chart_val(c, d->jt, i);
    }
    for (size_t p = 0; p < d->np; p++) {
        double sum = 0.0;
        for (size_t k = 0; k < d->nk; k++) {
            const size_t s = k * d->np + p;
            if (!d->row[s])
                return chart_row_error(c, CHART_NO_ROW, "period '%s' has no row for category "
                                       "'%s'", d->periods[p], d->cats[k]);
            const double pc = chart_val(c, d->jp, d->row[s] - 1);
            if (pc < 0.0 || pc > 100.0)
                return chart_row_error(c, d->row[s] - 1, "percent %.10g is not between 0 and "
                                       "100", pc);
            sum += pc;
            const double hi = chart_val(c, d->jh, d->row[s] - 1);
            d->ymax = fmax(d->ymax, isfinite(hi) ? hi : pc);
        }
        if (fabs(sum - 100.0) > 1.0)
            return chart_row_error(c, CHART_NO_ROW, "the percentages of period '%s' add up to "
                                   "%.4g, not 100", d->periods[p], sum);
    }
    return ICSTAT_OK;
}

/* The level, read back from the rows' Wilson intervals. */
static int trend_level(chart_ctx *c, const trend *d)
{
    const size_t n = c->t->nrow;
    chart_interval *iv = calloc(n ? n : 1, sizeof *iv);
    if (!iv)
        return chart_nomem(c);
    for (size_t i = 0; i < n; i++) {
        const double x = chart_val(c, d->jn, i), tot = chart_val(c, d->jt, i);
        iv[i] = (chart_interval){CHART_INTERVAL_WILSON,
                                 isfinite(x) && tot > 0 ? x / tot : chart_val(c, d->jp, i) / 100.0,
                                 NAN, chart_val(c, d->jl, i) / 100.0,
                                 chart_val(c, d->jh, i) / 100.0, tot};
    }
    const int st = chart_settle_level(c, iv, n);
    free(iv);
    return st;
}

/* The texts, a colour per category, and each period's label with its n. */
static int trend_texts(chart_ctx *c, trend *d)
{
    char level[32], facts[300];
    chart_level_text(c->level, level, sizeof level);
    snprintf(facts, sizeof facts, "Percent of each period's inspections in each category, "
             "with %s Wilson intervals; n is the period's number", level);
    c->what = "Grades over time: the percent in each category, period by period, a line per "
              "category, with intervals.";
    int st = chart_texts(c, "Percent in each category, period by period", facts, "",
                         "Percent of the period");
    if (!d->ordered)
        chart_printf(&c->vars, "# The categories have no known order: colours that suggest "
                               "none.\n");
    const char *names[MAX_CATS];
    for (size_t k = 0; k < d->nk; k++) {
        names[k] = chart_label_for(c, d->cats[k]);
        if (!d->by_scales)
            d->fill[k] = d->ordered ? chart_ordered_colour(d->nk, k) : chart_series_colour(k);
    }
    chart_colour_vars(c, d->nk, d->fill, names);
    if (!(d->tics = calloc(d->np ? d->np : 1, sizeof *d->tics)))
        return chart_nomem(c);
    for (size_t p = 0; p < d->np; p++) {
        char n[64], text[600];
        icstat_chart_format_count(d->total[p], n, sizeof n);
        if (isfinite(d->total[p]))
            snprintf(text, sizeof text, "%.500s\nn" CHART_NBSP "=" CHART_NBSP "%s",
                     chart_label_for(c, d->periods[p]), n);
        else
            snprintf(text, sizeof text, "%.500s", chart_label_for(c, d->periods[p]));
        if (!(d->tics[p] = strdup(text)))
            return chart_nomem(c);
    }
    return st;
}

/* The legend under the title, the plot area, and the periods' labels: on
 * two lines (the period over its n) where each has room across, else
 * slanted on one line ("2019/20 autumn (n = 487)"). */
static int trend_layout(chart_ctx *c, trend *d)
{
    const char *vars[MAX_CATS], *names[MAX_CATS];
    for (size_t k = 0; k < d->nk; k++) {
        vars[k] = chart_colour_var(k);
        names[k] = chart_label_for(c, d->cats[k]);
    }
    d->top = chart_header(c);
    d->top = chart_legend(c, CHART_PAD, d->top + 0.5 * CHART_PX_BODY, d->nk, names, vars, 1) +
             8.0;
    const char *extra[1] = {c->facts};
    const double foot = chart_footer(c, extra, 1);
    d->left = CHART_PAD + 1.8 * CHART_PX_BODY + icstat_chart_text_width("100%", CHART_PX_BODY, 0) +
              12.0;
    d->right = c->W - CHART_PAD - 12.0;
    const double slot = (d->right - d->left) / (double)d->np;
    const double widest = chart_widest((const char *const *)d->tics, d->np, CHART_PX_SMALL, 0, 0.0);
    d->rotate = widest + 6.0 > slot;
    if (d->rotate) {
        for (size_t p = 0; p < d->np; p++) {
            char *nl = strchr(d->tics[p], '\n');
            if (!nl)
                continue;
            char text[700];
            *nl = '\0';
            snprintf(text, sizeof text, "%s (%s)", d->tics[p], nl + 1);
            free(d->tics[p]);
            if (!(d->tics[p] = strdup(text)))
                return chart_nomem(c);
        }
        const double w = chart_widest((const char *const *)d->tics, d->np, CHART_PX_SMALL, 0, 0.0);
        d->tic_depth = 0.7071 * fmin(w, c->H / 3.0) + CHART_PX_SMALL + 8.0;
    } else {
        d->tic_depth = 2.0 * c->lh * CHART_PX_SMALL + 10.0;
    }
    d->bottom = foot - d->tic_depth - (c->xlabel[0] ? 1.8 * CHART_PX_BODY : 0.0);
    chart_plot_area(c, d->left, d->right, d->top, d->bottom);
    const double range = d->ymax > 0.0 ? d->ymax : 1.0;
    const double step = chart_tic_step(range, d->bottom - d->top, 2.0 * CHART_PX_BODY);
    d->ymax = fmin(100.0, step * ceil(range * 1.02 / step));
    return ICSTAT_OK;
}

/* One block per category, one row per period: x, describe's numbers. */
static void trend_data(chart_ctx *c, const trend *d)
{
    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": the percent in each category by period (icstat describe "
                          "--by-period); one block per category.\n");
    for (size_t k = 0; k < d->nk; k++) {
        chart_printf(&c->dat, "%s# category %zu: ", k ? "\n\n" : "", k + 1);
        chart_dat_text(&c->dat, d->cats[k]);
        chart_printf(&c->dat, "\n# period\tx\tpercent\tci_low\tci_high\tn\ttotal\n");
        for (size_t p = 0; p < d->np; p++) {
            const size_t i = d->row[k * d->np + p] - 1;
            chart_dat_text(&c->dat, d->periods[p]);
            chart_printf(&c->dat, "\t%zu", p + 1);
            const double v[] = {chart_val(c, d->jp, i), chart_val(c, d->jl, i),
                                chart_val(c, d->jh, i), chart_val(c, d->jn, i), d->total[p]};
            chart_dat_nums(&c->dat, v, 5);
            chart_printf(&c->dat, "\n");
        }
    }
}

/* The periods on the x axis (with their n), the percent up, and a line
 * per category with its intervals (a point without one, NA, keeps its
 * place: an interval of no width). */
static void trend_plot(chart_ctx *c, const trend *d)
{
    chart_printf(&c->body, "# The periods across, in time order, each with its n.\n"
                           "set xtics %sscale 0.5 font ",
                 d->rotate ? "rotate by 45 right " : "");
    chart_font(c, &c->body, CHART_PX_SMALL, 0);
    chart_printf(&c->body, " (");
    for (size_t p = 0; p < d->np; p++) {
        chart_printf(&c->body, "%s", p ? ", " : "");
        chart_quote_tic(&c->body, d->tics[p]);
        chart_printf(&c->body, " %zu", p + 1);
    }
    chart_printf(&c->body,
                 ")\nset xrange [0.6:%zu.4]\n# The percent up.\nset yrange [0:%g]\n"
                 "set ytics 0, %g, %g format \"%%g%%%%\"\n"
                 "set grid ytics linecolor rgb \"#e5e5e5\" back\nunset key\nset bars 0.4\n\n"
                 "plot \\\n",
                 d->np, d->ymax,
                 chart_tic_step(d->ymax, d->bottom - d->top, 2.0 * CHART_PX_BODY), d->ymax);
    for (size_t k = 0; k < d->nk; k++)
        chart_printf(&c->body,
                     "  DATA index %zu using 2:3:(valid(4) ? $4 : $3):(valid(5) ? $5 : $3) with "
                     "yerrorbars pointtype 7 pointsize 0.7 * PS "
                     "linewidth 1 linecolor rgb %s, \\\n"
                     "  DATA index %zu using 2:3 with lines linewidth 2.5 linecolor rgb %s%s\n",
                     k, chart_colour_var(k), k, chart_colour_var(k), k + 1 < d->nk ? ", \\" : "");
}

int chart_build_trend(chart_ctx *c)
{
    trend d;
    memset(&d, 0, sizeof d);
    static const chart_column cols[] = {
        {"group", CHART_NEED},
        {"category", CHART_NEED},
        {"percent", CHART_NEED | CHART_NUM},
        {"n", CHART_NUM},
        {"total", CHART_NUM},
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
        st = trend_list(c, &d);
    if (st == ICSTAT_OK)
        st = trend_cells(c, &d);
    if (st == ICSTAT_OK)
        st = trend_level(c, &d);
    if (st == ICSTAT_OK)
        st = trend_texts(c, &d);
    if (st == ICSTAT_OK)
        st = trend_layout(c, &d);
    if (st == ICSTAT_OK) {
        trend_data(c, &d);
        trend_plot(c, &d);
    }
    trend_free(&d);
    return st;
}
