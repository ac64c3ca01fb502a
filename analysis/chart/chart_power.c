/* chart_power.c — charts of `icstat power`: how the interval half-width
 * of agreement shrinks with the number of double inspections (power
 * agree), or how the power to detect an inspector characteristic grows
 * with the number of inspections (power fit).  Which one is told by the
 * columns. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"
#include "icstat/sort.h"

#define NOMEM(c) icstat_error_set((c)->err, ICSTAT_ENOMEM, NULL, 0, "out of memory")
#define MAX_SERIES 8

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
    int fit;             /* 0: power agree, 1: power fit */
    long jx, jy, jlo, jhi; /* x, y and (fit) the interval of y */
    long jkey1, jkey2;   /* what tells the series apart */
} power_cols;

/* The series' names, in order of first appearance. */
static int series_of(chart_ctx *c, const power_cols *pc, point *pts, char ***names, size_t *ns)
{
    const icstat_table *t = c->t;
    char **keys = calloc(t->nrow + 1, sizeof *keys);
    if (!keys)
        return NOMEM(c);
    size_t n = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        char key[600];
        const char *a = chart_text(c, pc->jkey1, i);
        const char *b = pc->jkey2 >= 0 ? chart_text(c, pc->jkey2, i) : NULL;
        if (pc->fit)
            snprintf(key, sizeof key, "%s inspectors%s%s", a ? a : "NA", b ? ": " : "",
                     b ? b : "");
        else
            snprintf(key, sizeof key, "%s", a ? a : "NA");
        size_t s = 0;
        while (s < n && strcmp(keys[s], key) != 0)
            s++;
        if (s == n) {
            if (n == MAX_SERIES) {
                chart_labels_free(keys, n);
                return icstat_error_set(c->err, ICSTAT_EDATA, t->path, chart_line(c, i),
                                        "more than %d lines to draw; chart fewer designs",
                                        MAX_SERIES);
            }
            if (!(keys[n++] = strdup(key))) {
                chart_labels_free(keys, n - 1);
                return NOMEM(c);
            }
        }
        pts[i].row = i;
        pts[i].series = s;
        pts[i].x = chart_val(c, pc->jx, i);
    }
    *names = keys;
    *ns = n;
    return ICSTAT_OK;
}

int chart_build_power(chart_ctx *c)
{
    const icstat_table *t = c->t;
    power_cols pc = {0, -1, -1, -1, -1, -1, -1};
    if (chart_col_opt(c, "half_width") >= 0 && chart_col_opt(c, "schools_needed") >= 0)
        return icstat_error_set(c->err, ICSTAT_EDATA, t->path, 1,
                                "chart power draws the tables of 'icstat power agree' and "
                                "'icstat power fit'; this is the --half-width table, one number "
                                "per coefficient: chart the table without --half-width");
    if (chart_col_opt(c, "inspections") >= 0 || chart_col_opt(c, "power") >= 0) {
        pc.fit = 1;
        if ((pc.jx = chart_col(c, "inspections")) < 0 ||
            (pc.jkey1 = chart_col(c, "inspectors")) < 0 || (pc.jy = chart_col(c, "power")) < 0)
            return ICSTAT_EDATA;
        pc.jlo = chart_col_opt(c, "power_low");
        pc.jhi = chart_col_opt(c, "power_high");
        /* Several coefficients (a characteristic with three levels) make
         * several lines per design. */
        const long jcoef = chart_col_opt(c, "coefficient");
        for (size_t i = 1; jcoef >= 0 && i < t->nrow; i++) {
            const char *a = chart_text(c, jcoef, i), *b = chart_text(c, jcoef, 0);
            if (a && b && strcmp(a, b) != 0)
                pc.jkey2 = jcoef;
        }
    } else {
        if ((pc.jx = chart_col(c, "n")) < 0 || (pc.jkey1 = chart_col(c, "coefficient")) < 0 ||
            (pc.jy = chart_col(c, "mean_half_width")) < 0)
            return ICSTAT_EDATA;
    }
    const long num[] = {pc.jx, pc.jy, pc.jlo, pc.jhi};
    if (chart_check_values(c, num, sizeof num / sizeof *num, -1, -1) != ICSTAT_OK)
        return ICSTAT_EDATA;
    for (size_t i = 0; i < t->nrow; i++)
        if (!(chart_val(c, pc.jx, i) > 0.0))
            return icstat_error_set(c->err, ICSTAT_EDATA, t->path, chart_line(c, i),
                                    "'%s' must be a number above 0", t->cols[pc.jx].name);

    point *pts = malloc((t->nrow ? t->nrow : 1) * sizeof *pts);
    char **names = NULL, **legend = NULL;
    size_t ns = 0;
    int st = ICSTAT_OK;
    if (!pts) {
        st = NOMEM(c);
        goto done;
    }
    if ((st = series_of(c, &pc, pts, &names, &ns)) != ICSTAT_OK)
        goto done;
    qsort(pts, t->nrow, sizeof *pts, cmp_point);
    c->level = c->spec->conf;

    /* The series' legend names: plain coefficient names, or the design. */
    legend = calloc(ns + 1, sizeof *legend);
    if (!legend) {
        st = NOMEM(c);
        goto done;
    }
    const long jpop = chart_col_opt(c, "population_value");
    for (size_t s = 0; s < ns; s++) {
        if (pc.fit) {
            legend[s] = strdup(names[s]);
        } else {
            char *plain = icstat_chart_coefficient_name(names[s], NULL);
            char text[300];
            double pop = NAN;
            for (size_t i = 0; jpop >= 0 && i < t->nrow; i++)
                if (pts[i].series == s) {
                    pop = chart_val(c, jpop, pts[i].row);
                    break;
                }
            if (plain && isfinite(pop))
                snprintf(text, sizeof text, "%s (population value %.2f)", plain, pop);
            else
                snprintf(text, sizeof text, "%s", plain ? plain : "");
            free(plain);
            legend[s] = strdup(text);
        }
        if (!legend[s]) {
            st = NOMEM(c);
            goto done;
        }
    }

    char level[32], facts[400], note[600];
    chart_level_text(c->level, level, sizeof level);
    const char *facts_line = NULL;
    int bad = 0;
    if (pc.fit) {
        const long jor = chart_col_opt(c, "true_odds_ratio");
        const double or = jor >= 0 ? chart_val(c, jor, 0) : NAN;
        char orbuf[80] = "";
        if (isfinite(or))
            snprintf(orbuf, sizeof orbuf, "true odds ratio %.3g; ", or);
        snprintf(facts, sizeof facts, "Share of simulated studies that detect it (%sbars: %s "
                                      "intervals for the simulation's own error)",
                 orbuf, level);
        snprintf(note, sizeof note, "Source: icstat power fit output in %s", c->input_name);
        c->source_cmd = "power fit";
        c->what = "Power: the share of simulated studies that detect an inspector "
                  "characteristic, against the number of inspections.";
        bad = chart_set_text(&c->title, c->spec->title,
                             "Power to detect an inspector characteristic") ||
              chart_set_text(&c->xlabel, c->spec->xlabel, "Inspections in the study") ||
              chart_set_text(&c->ylabel, c->spec->ylabel, "Power");
    } else {
        snprintf(facts, sizeof facts, "Half-width of the %s interval (the margin either side), "
                                      "averaged over simulated studies",
                 level);
        snprintf(note, sizeof note, "Source: icstat power agree output in %s", c->input_name);
        c->source_cmd = "power agree";
        c->what = "Precision: the half-width of agreement intervals against the number of "
                  "schools inspected twice.";
        bad = chart_set_text(&c->title, c->spec->title,
                             "How precisely a study of n double inspections measures agreement") ||
              chart_set_text(&c->xlabel, c->spec->xlabel, "Schools inspected twice (n)") ||
              chart_set_text(&c->ylabel, c->spec->ylabel, "Half-width of the interval");
    }
    if (bad || chart_subtitle(c, facts, &facts_line) ||
        chart_set_text(&c->note, c->spec->note, note)) {
        st = NOMEM(c);
        goto done;
    }
    const char *vars[MAX_SERIES];
    char varbuf[MAX_SERIES][32];
    for (size_t s = 0; s < ns; s++) {
        snprintf(varbuf[s], sizeof varbuf[s], "COLOUR_%zu", s + 1);
        vars[s] = varbuf[s];
        chart_printf(&c->vars, "%s = \"%s\"   # ", varbuf[s], chart_series_colour(s));
        chart_comment(&c->vars, legend[s]);
        chart_printf(&c->vars, "\n");
    }

    /* Ranges: x on a log scale when it spans a factor of 8 or more. */
    double xmin = INFINITY, xmax = 0.0, ymax = 0.0;
    for (size_t i = 0; i < t->nrow; i++) {
        const size_t r = pts[i].row;
        const double y = chart_val(c, pc.jy, r), hi = pc.jhi >= 0 ? chart_val(c, pc.jhi, r) : NAN;
        xmin = pts[i].x < xmin ? pts[i].x : xmin;
        xmax = pts[i].x > xmax ? pts[i].x : xmax;
        ymax = isfinite(y) && y > ymax ? y : ymax;
        ymax = isfinite(hi) && hi > ymax ? hi : ymax;
    }
    const int logx = xmax / xmin >= 8.0;

    double top = chart_header(c);
    top = chart_legend(c, CHART_PAD, top + 0.5 * CHART_PX_BODY, ns, (const char *const *)legend,
                       vars, 1) + 6.0;
    const char *extra[1] = {facts_line};
    const double bottom = chart_footer(c, extra, facts_line ? 1 : 0) -
                          chart_below_axis(c, c->xlabel[0] != 0);
    const double left = CHART_PAD + 1.8 * CHART_PX_BODY +
                        icstat_chart_text_width(pc.fit ? "100%" : "0.00", CHART_PX_BODY, 0) + 12.0;
    const double right = c->W - CHART_PAD - (pc.fit ? icstat_chart_text_width("80% power", CHART_PX_SMALL, 0) + 12.0 : 12.0);
    chart_plot_area(c, left, right, top, bottom);

    /* Data: one block per series, rows in order of x. */
    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": icstat %s, one block per line drawn.\n", c->source_cmd);
    for (size_t s = 0; s < ns; s++) {
        chart_printf(&c->dat, "%s# line %zu: ", s ? "\n\n" : "", s + 1);
        chart_dat_text(&c->dat, legend[s]);
        chart_printf(&c->dat, pc.fit ? "\n# inspections\tpower_percent\tlow_percent\t"
                                       "high_percent\n"
                                     : "\n# n\tmean_half_width\n");
        for (size_t i = 0; i < t->nrow; i++) {
            if (pts[i].series != s)
                continue;
            const size_t r = pts[i].row;
            chart_dat_num(&c->dat, pts[i].x);
            chart_printf(&c->dat, "\t");
            if (pc.fit) {
                const double v[] = {chart_val(c, pc.jy, r),
                                    pc.jlo >= 0 ? chart_val(c, pc.jlo, r) : NAN,
                                    pc.jhi >= 0 ? chart_val(c, pc.jhi, r) : NAN};
                for (size_t j = 0; j < 3; j++) {
                    chart_printf(&c->dat, "%s", j ? "\t" : "");
                    chart_dat_num(&c->dat, 100.0 * v[j]);
                }
            } else {
                chart_dat_num(&c->dat, chart_val(c, pc.jy, r));
            }
            chart_printf(&c->dat, "\n");
        }
    }

    /* The designs simulated are the tics, when there are few of them. */
    double xs[13];
    size_t nx = 0;
    for (size_t i = 0; i < t->nrow && nx < 13; i++) {
        size_t j = 0;
        while (j < nx && xs[j] != pts[i].x)
            j++;
        if (j == nx)
            xs[nx++] = pts[i].x;
    }
    /* cppcheck-suppress uninitvar ; only the first nx, set above, are sorted */
    qsort(xs, nx, sizeof *xs, icstat_cmp_double);
    if (logx) {
        chart_printf(&c->body, "# Axes: x on a log scale.\nset logscale x\nset xrange [%.6g:%.6g]\n",
                     xmin / 1.15, xmax * 1.15);
        if (nx > 12)
            chart_log_tics(c, "xtics", xmin / 1.15, xmax * 1.15);
    } else {
        const double span = xmax > xmin ? xmax - xmin : xmax;
        chart_printf(&c->body, "# Axes.\nset xrange [%.6g:%.6g]\nset xtics\n",
                     xmin - 0.08 * span < 0 ? 0 : xmin - 0.08 * span, xmax + 0.08 * span);
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
    if (pc.fit)
        chart_printf(&c->body,
                     "set yrange [0:100]\nset ytics 0, 20, 100 format \"%%g%%%%\"\n"
                     "# The usual target: 80%% power.\n"
                     "set arrow from graph 0, first 80 to graph 1, first 80 nohead linecolor rgb "
                     "\"#333333\" dashtype 2 back\n"
                     "set label \"80%% power\" at graph 1, first 80 offset 0.6, 0 left font ");
    else
        chart_printf(&c->body, "set yrange [0:%.6g]\nset ytics format \"%%.2f\"\n", ymax * 1.1);
    if (pc.fit) {
        chart_font(c, &c->body, CHART_PX_SMALL, 0);
        chart_printf(&c->body, " textcolor rgb \"#333333\"\n");
    }
    chart_printf(&c->body, "set border 3 linecolor rgb \"#333333\"\n"
                           "set grid ytics linecolor rgb \"#e5e5e5\" back\nunset key\n\nplot \\\n");
    for (size_t s = 0; s < ns; s++) {
        if (pc.fit)
            chart_printf(&c->body,
                         "  DATA index %zu using 1:3:(0):($4-$3) with vectors nohead linewidth 1.5 "
                         "linecolor rgb %s, \\\n",
                         s, vars[s]);
        chart_printf(&c->body,
                     "  DATA index %zu using 1:2 with linespoints pointtype 7 pointsize 0.9 "
                     "linewidth 2.5 linecolor rgb %s%s\n",
                     s, vars[s], s + 1 < ns ? ", \\" : "");
    }
done:
    chart_labels_free(names, ns);
    chart_labels_free(legend, ns);
    free(pts);
    return st;
}
