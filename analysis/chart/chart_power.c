/* chart_power.c — charts of `icstat power`: how the interval half-width
 * of agreement shrinks with the number of double inspections (power
 * agree), or how the power to detect an inspector characteristic grows
 * with the number of inspections (power fit).  Which one is told by the
 * columns.  The builder runs its phases in turn over a struct of its own
 * (chart_internal.h lists the phases every kind shares). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"
#include "icstat/sort.h"

#define MAX_SERIES CHART_MAX_COLOURS

typedef struct {
    size_t row;
    size_t series;
    double x;
} point;

static int cmp_point(const void *a, const void *b)
{
    const point *p = a, *q = b;
    if (p->series != q->series)
        return p->series < q->series ? -1 : 1;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    return (p->row > q->row) - (p->row < q->row);
}

typedef struct {
    int fit;               /* 0: power agree, 1: power fit */
    long jx, jy, jlo, jhi; /* x, y and (fit) the interval of y */
    long jkey1, jkey2;     /* what tells the series apart */
    point *pts;            /* every row, by series and then x */
    char **names, **legend; /* the series' keys and their names for people */
    size_t ns;             /* how many series */
    double xmin, xmax, ymax;
    int logx;              /* x on a log scale */
} power_chart;

/* The columns of power agree's table or of power fit's (not the
 * --half-width table, which has one number per coefficient); x above 0. */
static int power_columns(chart_ctx *c, power_chart *p)
{
    const icstat_table *t = c->t;
    if (chart_col_opt(c, "half_width") >= 0 && chart_col_opt(c, "schools_needed") >= 0)
        return icstat_error_set(c->err, ICSTAT_EDATA, t->path, 1,
                                "chart power draws the tables of 'icstat power agree' and "
                                "'icstat power fit'; this is the --half-width table, one number "
                                "per coefficient: chart the table without --half-width");
    p->fit = chart_col_opt(c, "inspections") >= 0 || chart_col_opt(c, "power") >= 0;
    /* x, the series, y; (fit) y's interval. */
    static const chart_column fit_cols[] = {
        {"inspections", CHART_NEED | CHART_NUM},
        {"inspectors", CHART_NEED},
        {"power", CHART_NEED | CHART_NUM},
        {"power_low", CHART_NUM},
        {"power_high", CHART_NUM},
    };
    static const chart_column agree_cols[] = {
        {"n", CHART_NEED | CHART_NUM},
        {"coefficient", CHART_NEED},
        {"mean_half_width", CHART_NEED | CHART_NUM},
    };
    long j[5] = {-1, -1, -1, -1, -1};
    const int st = p->fit ? chart_columns(c, fit_cols, 5, j) : chart_columns(c, agree_cols, 3, j);
    p->jx = j[0];
    p->jkey1 = j[1];
    p->jy = j[2];
    p->jlo = j[3];
    p->jhi = j[4];
    if (st != ICSTAT_OK)
        return st;
    /* Several coefficients (a characteristic with three levels) make
     * several lines per design. */
    const long jcoef = p->fit ? chart_col_opt(c, "coefficient") : -1;
    for (size_t i = 1; jcoef >= 0 && i < t->nrow; i++) {
        const char *a = chart_text(c, jcoef, i), *b = chart_text(c, jcoef, 0);
        if (a && b && strcmp(a, b) != 0)
            p->jkey2 = jcoef;
    }
    for (size_t i = 0; i < t->nrow; i++)
        if (!(chart_val(c, p->jx, i) > 0.0))
            return chart_row_error(c, i, "'%s' must be a number above 0", t->cols[p->jx].name);
    return ICSTAT_OK;
}

/* The series' keys, in order of first appearance (at most 8), and every
 * row as a point of one, sorted by series and then x. */
static int power_series(chart_ctx *c, power_chart *p)
{
    const icstat_table *t = c->t;
    p->pts = malloc((t->nrow ? t->nrow : 1) * sizeof *p->pts);
    p->names = calloc(t->nrow + 1, sizeof *p->names);
    if (!p->pts || !p->names)
        return chart_nomem(c);
    p->ns = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        char key[600];
        const char *a = chart_text(c, p->jkey1, i), *b = chart_text(c, p->jkey2, i);
        if (p->fit)
            snprintf(key, sizeof key, "%s inspectors%s%s", a ? a : "NA", b ? ": " : "",
                     b ? b : "");
        else
            snprintf(key, sizeof key, "%s", a ? a : "NA");
        size_t s = 0;
        while (s < p->ns && strcmp(p->names[s], key) != 0)
            s++;
        if (s == p->ns) {
            if (p->ns == MAX_SERIES)
                return chart_row_error(c, i, "more than %d lines to draw; chart fewer designs",
                                       MAX_SERIES);
            if (!(p->names[p->ns] = strdup(key)))
                return chart_nomem(c);
            p->ns++;
        }
        p->pts[i].row = i;
        p->pts[i].series = s;
        p->pts[i].x = chart_val(c, p->jx, i);
    }
    qsort(p->pts, t->nrow, sizeof *p->pts, cmp_point);
    return ICSTAT_OK;
}

/* The series' names in the legend: the design (power fit), or the
 * coefficient's plain name with its population value (power agree). */
static int power_legend(chart_ctx *c, power_chart *p)
{
    if (!(p->legend = calloc(p->ns + 1, sizeof *p->legend)))
        return chart_nomem(c);
    const long jpop = chart_col_opt(c, "population_value");
    for (size_t s = 0; s < p->ns; s++) {
        if (p->fit) {
            p->legend[s] = strdup(p->names[s]);
        } else {
            char *plain = icstat_chart_coefficient_name(p->names[s], NULL);
            char text[300];
            double pop = NAN;
            for (size_t i = 0; jpop >= 0 && i < c->t->nrow; i++)
                if (p->pts[i].series == s) {
                    pop = chart_val(c, jpop, p->pts[i].row);
                    break;
                }
            if (plain && isfinite(pop))
                snprintf(text, sizeof text, "%s (population value %.2f)", plain, pop);
            else
                snprintf(text, sizeof text, "%s", plain ? plain : "");
            free(plain);
            p->legend[s] = strdup(text);
        }
        if (!p->legend[s])
            return chart_nomem(c);
    }
    return ICSTAT_OK;
}

/* The facts and texts of power fit's chart or of power agree's, and a
 * colour for each line. */
static int power_texts(chart_ctx *c, power_chart *p)
{
    char level[32], facts[400];
    chart_level_text(c->level, level, sizeof level);
    int st;
    if (p->fit) {
        const double or = chart_val(c, chart_col_opt(c, "true_odds_ratio"), 0);
        char orbuf[80] = "";
        if (isfinite(or))
            snprintf(orbuf, sizeof orbuf, "true odds ratio %.3g; ", or);
        snprintf(facts, sizeof facts, "Share of simulated studies that detect it (%sbars: %s "
                                      "intervals for the simulation's own error)",
                 orbuf, level);
        c->source_cmd = "power fit";
        c->what = "Power: the share of simulated studies that detect an inspector "
                  "characteristic, against the number of inspections.";
        st = chart_texts(c, "Power to detect an inspector characteristic", facts,
                         "Inspections in the study", "Power");
    } else {
        snprintf(facts, sizeof facts, "Half-width of the %s interval (the margin either side), "
                                      "averaged over simulated studies",
                 level);
        c->source_cmd = "power agree";
        c->what = "Precision: the half-width of agreement intervals against the number of "
                  "schools inspected twice.";
        st = chart_texts(c, "How precisely a study of n double inspections measures agreement",
                         facts, "Schools inspected twice (n)", "Half-width of the interval");
    }
    const char *colour[MAX_SERIES];
    for (size_t s = 0; s < p->ns; s++)
        colour[s] = chart_series_colour(s);
    chart_colour_vars(c, p->ns, colour, (const char *const *)p->legend);
    return st;
}

/* The ranges (x on a log scale when it spans a factor of 8 or more); the
 * legend under the title, the notes, and the plot area between them. */
static void power_layout(chart_ctx *c, power_chart *p)
{
    p->xmin = INFINITY;
    for (size_t i = 0; i < c->t->nrow; i++) {
        const size_t r = p->pts[i].row;
        const double y = chart_val(c, p->jy, r), hi = chart_val(c, p->jhi, r);
        p->xmin = p->pts[i].x < p->xmin ? p->pts[i].x : p->xmin;
        p->xmax = p->pts[i].x > p->xmax ? p->pts[i].x : p->xmax;
        p->ymax = isfinite(y) && y > p->ymax ? y : p->ymax;
        p->ymax = isfinite(hi) && hi > p->ymax ? hi : p->ymax;
    }
    p->logx = p->xmax / p->xmin >= 8.0;
    const char *vars[MAX_SERIES];
    for (size_t s = 0; s < p->ns; s++)
        vars[s] = chart_colour_var(s);
    double top = chart_header(c);
    top = chart_legend(c, CHART_PAD, top + 0.5 * CHART_PX_BODY, p->ns,
                       (const char *const *)p->legend, vars, 1) + 6.0;
    const char *extra[1] = {c->facts};
    const double bottom = chart_plot_bottom(c, extra, 1);
    const double left = CHART_PAD + 1.8 * CHART_PX_BODY +
                        icstat_chart_text_width(p->fit ? "100%" : "0.00", CHART_PX_BODY, 0) + 12.0;
    const double right = c->W - CHART_PAD - (p->fit ? icstat_chart_text_width("80% power", CHART_PX_SMALL, 0) + 12.0 : 12.0);
    chart_plot_area(c, left, right, top, bottom);
}

/* One block per line drawn, its rows in order of x (power as percent). */
static void power_data(chart_ctx *c, const power_chart *p)
{
    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": icstat %s, one block per line drawn.\n", c->source_cmd);
    for (size_t s = 0; s < p->ns; s++) {
        chart_printf(&c->dat, "%s# line %zu: ", s ? "\n\n" : "", s + 1);
        chart_dat_text(&c->dat, p->legend[s]);
        chart_printf(&c->dat, p->fit ? "\n# inspections\tpower_percent\tlow_percent\t"
                                       "high_percent\n"
                                     : "\n# n\tmean_half_width\n");
        for (size_t i = 0; i < c->t->nrow; i++) {
            if (p->pts[i].series != s)
                continue;
            const size_t r = p->pts[i].row;
            chart_dat_num(&c->dat, p->pts[i].x);
            const double v[] = {100.0 * chart_val(c, p->jy, r), 100.0 * chart_val(c, p->jlo, r),
                                100.0 * chart_val(c, p->jhi, r)};
            if (p->fit)
                chart_dat_nums(&c->dat, v, 3);
            else
                chart_dat_nums(&c->dat, (const double[]){chart_val(c, p->jy, r)}, 1);
            chart_printf(&c->dat, "\n");
        }
    }
}

/* The x axis: the designs simulated are its tics when there are few of
 * them (12 or fewer). */
static void power_xaxis(chart_ctx *c, const power_chart *p)
{
    double xs[13];
    size_t nx = 0;
    for (size_t i = 0; i < c->t->nrow && nx < 13; i++) {
        size_t j = 0;
        while (j < nx && xs[j] != p->pts[i].x)
            j++;
        if (j == nx)
            xs[nx++] = p->pts[i].x;
    }
    /* cppcheck-suppress uninitvar ; only the first nx, set above, are sorted */
    qsort(xs, nx, sizeof *xs, icstat_cmp_double);
    if (p->logx) {
        chart_printf(&c->body, "# Axes: x on a log scale.\nset logscale x\nset xrange [%.6g:%.6g]\n",
                     p->xmin / 1.15, p->xmax * 1.15);
        if (nx > 12)
            chart_log_tics(c, "xtics", p->xmin / 1.15, p->xmax * 1.15);
    } else {
        const double span = p->xmax > p->xmin ? p->xmax - p->xmin : p->xmax;
        chart_printf(&c->body, "# Axes.\nset xrange [%.6g:%.6g]\nset xtics\n",
                     p->xmin - 0.08 * span < 0 ? 0 : p->xmin - 0.08 * span,
                     p->xmax + 0.08 * span);
    }
    if (nx <= 12) {
        chart_printf(&c->body, "set xtics (");
        for (size_t j = 0; j < nx; j++) {
            char lab[40];
            icstat_chart_format_count(xs[j], lab, sizeof lab);
            chart_printf(&c->body, "%s", j ? ", " : "");
            chart_quote(&c->body, lab);
            chart_printf(&c->body, " %.10g", xs[j]);
        }
        chart_printf(&c->body, ")\n");
    } else {
        chart_printf(&c->body, "set format x \"%%.0f\"\n");
    }
}

/* The y axis (power in percent with the usual target of 80%, or the
 * half-width) and the plot: a line per series (and power's intervals). */
static void power_plot(chart_ctx *c, const power_chart *p)
{
    if (p->fit) {
        chart_printf(&c->body,
                     "set yrange [0:100]\nset ytics 0, 20, 100 format \"%%g%%%%\"\n"
                     "# The usual target: 80%% power.\n"
                     "set arrow from graph 0, first 80 to graph 1, first 80 nohead linecolor rgb "
                     "\"#333333\" dashtype 2 back\n"
                     "set label \"80%% power\" at graph 1, first 80 offset 0.6, 0 left font ");
        chart_font(c, &c->body, CHART_PX_SMALL, 0);
        chart_printf(&c->body, " textcolor rgb \"#333333\"\n");
    } else {
        chart_printf(&c->body, "set yrange [0:%.6g]\nset ytics format \"%%.2f\"\n", p->ymax * 1.1);
    }
    chart_printf(&c->body, "set border 3 linecolor rgb \"#333333\"\n"
                           "set grid ytics linecolor rgb \"#e5e5e5\" back\nunset key\n\nplot \\\n");
    for (size_t s = 0; s < p->ns; s++) {
        if (p->fit)
            chart_printf(&c->body,
                         "  DATA index %zu using 1:3:(0):($4-$3) with vectors nohead linewidth 1.5 "
                         "linecolor rgb %s, \\\n",
                         s, chart_colour_var(s));
        chart_printf(&c->body,
                     "  DATA index %zu using 1:2 with linespoints pointtype 7 pointsize 0.9 * PS "
                     "linewidth 2.5 linecolor rgb %s%s\n",
                     s, chart_colour_var(s), s + 1 < p->ns ? ", \\" : "");
    }
}

int chart_build_power(chart_ctx *c)
{
    power_chart p;
    memset(&p, 0, sizeof p);
    p.jx = p.jy = p.jlo = p.jhi = p.jkey1 = p.jkey2 = -1;
    int st = power_columns(c, &p);
    if (st == ICSTAT_OK)
        st = power_series(c, &p);
    /* Power tables carry no interval to read the level from: it is --conf's. */
    if (st == ICSTAT_OK)
        st = chart_settle_level(c, NULL, 0);
    if (st == ICSTAT_OK)
        st = power_legend(c, &p);
    if (st == ICSTAT_OK)
        st = power_texts(c, &p);
    if (st == ICSTAT_OK) {
        power_layout(c, &p);
        power_data(c, &p);
        power_xaxis(c, &p);
        power_plot(c, &p);
    }
    chart_labels_free(p.names, p.ns);
    chart_labels_free(p.legend, p.ns);
    free(p.pts);
    return st;
}
