/* chart_agree.c — charts of `icstat agree`: the coefficients with their
 * intervals against Landis and Koch's bands (agreement), and the two
 * raters' table of counts (heatmap). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "chart_internal.h"

#define NOMEM(c) icstat_error_set((c)->err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

/* ---- agreement -------------------------------------------------------------- */

/* The level of agree's t interval est +- t(df) se, from a limit that was
 * not clipped to [-1, 1]; NaN when both were. */
static double t_level(double est, double se, double lo, double hi, double units)
{
    if (!(se > 0.0) || !(units >= 2.0) || !isfinite(est))
        return NAN;
    double half;
    if (isfinite(hi) && hi < 1.0 - 1e-12)
        half = hi - est;
    else if (isfinite(lo) && lo > -1.0 + 1e-12)
        half = est - lo;
    else
        return NAN;
    if (!(half > 0.0))
        return NAN;
    return 2.0 * gsl_cdf_tdist_P(half / se, units - 1.0) - 1.0;
}

/* Landis & Koch (1977), Biometrics 33:159-174: the benchmarks for kappa. */
static const struct {
    double from, to;
    const char *name;
} bands[] = {
    {-1.0, 0.0, "Poor"},     {0.0, 0.2, "Slight"},      {0.2, 0.4, "Fair"},
    {0.4, 0.6, "Moderate"}, {0.6, 0.8, "Substantial"}, {0.8, 1.0, "Almost perfect"},
};

int chart_build_agreement(chart_ctx *c)
{
    const icstat_table *t = c->t;
    const long jc = chart_col(c, "coefficient");
    const long je = jc < 0 ? -1 : chart_col(c, "estimate");
    const long jl = je < 0 ? -1 : chart_col(c, "ci_low");
    const long jh = jl < 0 ? -1 : chart_col(c, "ci_high");
    if (jh < 0)
        return ICSTAT_EDATA;
    const long js = chart_col_opt(c, "se"), ju = chart_col_opt(c, "units"),
               jr = chart_col_opt(c, "raters"), jw = chart_col_opt(c, "weights"),
               jm = chart_col_opt(c, "ci_method"), jd = chart_col_opt(c, "dataset");
    const long num[] = {je, jl, jh, js, ju, jr};
    if (chart_check_values(c, num, sizeof num / sizeof *num, jl, jh) != ICSTAT_OK)
        return ICSTAT_EDATA;
    const size_t n = t->nrow;
    char **lab = calloc(n ? n : 1, sizeof *lab), **val = calloc(n ? n : 1, sizeof *val);
    char **wrapped = NULL;
    double *q = malloc((n ? n : 1) * sizeof *q);
    int st = ICSTAT_OK;
    if (!lab || !val || !q) {
        st = NOMEM(c);
        goto done;
    }

    /* One n for the chart when every row shares it; else each row's own. */
    int same_n = 1, bootstrap = 0, mixed = 0; /* mixed: rows with different ci_method */
    size_t defined = 0;
    double xmin = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double e = chart_val(c, je, i), l = chart_val(c, jl, i);
        if (!chart_text(c, jc, i)) {
            st = icstat_error_set(c->err, ICSTAT_EDATA, t->path, chart_line(c, i),
                                  "'coefficient' is missing");
            goto done;
        }
        /* An undefined coefficient (NA: agree's note says why) keeps its
         * row, without a point. */
        defined += isfinite(e);
        if (isfinite(e) && (e < -1.0 - 1e-9 || e > 1.0 + 1e-9)) {
            st = icstat_error_set(c->err, ICSTAT_EDATA, t->path, chart_line(c, i),
                                  "estimate %.10g is not between -1 and 1", e);
            goto done;
        }
        const double low = isfinite(l) ? l : e;
        xmin = isfinite(low) && low < xmin ? low : xmin;
        if (ju >= 0 && i &&
            (chart_val(c, ju, i) != chart_val(c, ju, 0) ||
             (jr >= 0 && chart_val(c, jr, i) != chart_val(c, jr, 0))))
            same_n = 0;
        const char *method = jm >= 0 ? chart_text(c, jm, i) : NULL;
        if (method && strncmp(method, "bootstrap", 9) == 0)
            bootstrap = 1;
        if (method && i && jm >= 0 && chart_text(c, jm, 0) &&
            strcmp(method, chart_text(c, jm, 0)) != 0)
            mixed = 1;
        q[i] = method && strcmp(method, "t") == 0 && js >= 0 && ju >= 0
                   ? t_level(e, chart_val(c, js, i), l, chart_val(c, jh, i), chart_val(c, ju, i))
                   : NAN;
    }
    if (!defined) {
        st = icstat_error_set(c->err, ICSTAT_EDATA, t->path, 0,
                              "no coefficient has an estimate (every one is NA)");
        goto done;
    }
    if (jd >= 0)
        same_n = 0;
    if (ju < 0)
        same_n = 1; /* no n to give per row */
    /* Intervals of several kinds (data sets stacked together) have no one
     * level to read off them: the level is --conf's, and the text says
     * the methods differ. */
    if (mixed)
        for (size_t i = 0; i < n; i++)
            q[i] = NAN;
    if ((st = chart_settle_level(c, q, n, "'ci_low' and 'ci_high'")) != ICSTAT_OK)
        goto done;
    xmin = xmin < 0.0 ? floor(xmin * 10.0 - 1e-9) / 10.0 : 0.0;

    for (size_t i = 0; i < n; i++) {
        char *name = icstat_chart_coefficient_name(chart_text(c, jc, i),
                                                   jw >= 0 ? chart_text(c, jw, i) : NULL);
        if (!name) {
            st = NOMEM(c);
            goto done;
        }
        char text[700], nbuf[64] = "";
        if (!same_n) {
            char u[40];
            icstat_chart_format_count(chart_val(c, ju, i), u, sizeof u);
            snprintf(nbuf, sizeof nbuf, " (n" CHART_NBSP "=" CHART_NBSP "%s)", u);
        }
        const char *ds = jd >= 0 ? chart_text(c, jd, i) : NULL;
        snprintf(text, sizeof text, "%s%s%s%s", ds ? ds : "", ds ? ": " : "", name, nbuf);
        free(name);
        const double e = chart_val(c, je, i), l = chart_val(c, jl, i), h = chart_val(c, jh, i);
        char v[96];
        if (!isfinite(e))
            snprintf(v, sizeof v, "not defined");
        else if (isfinite(l) && isfinite(h))
            snprintf(v, sizeof v, "%.2f (%.2f to %.2f)", e, l, h);
        else
            snprintf(v, sizeof v, "%.2f", e);
        if (!(lab[i] = strdup(text)) || !(val[i] = strdup(v))) {
            st = NOMEM(c);
            goto done;
        }
    }

    char level[32], facts[300], note[600];
    chart_level_text(c->level, level, sizeof level);
    const char *kind = mixed       ? "intervals (of several kinds: see ci_method)"
                       : bootstrap ? "bootstrap percentile intervals"
                                   : "intervals";
    if (same_n && ju >= 0 && n) {
        char u[40], r[40];
        icstat_chart_format_count(chart_val(c, ju, 0), u, sizeof u);
        icstat_chart_format_count(jr >= 0 ? chart_val(c, jr, 0) : NAN, r, sizeof r);
        if (jr >= 0 && isfinite(chart_val(c, jr, 0)))
            snprintf(facts, sizeof facts, "Estimates with %s %s; n = %s units rated by %s raters",
                     level, kind, u, r);
        else
            snprintf(facts, sizeof facts, "Estimates with %s %s; n = %s units", level, kind, u);
    } else {
        snprintf(facts, sizeof facts, "Estimates with %s %s; n = units rated", level, kind);
    }
    snprintf(note, sizeof note, "Source: icstat agree output in %s", c->input_name);
    const char *facts_line = NULL;
    const char *bands_note = "Shaded bands: Landis & Koch's (1977) benchmarks for kappa-type "
                             "coefficients.";
    c->what = "Agreement coefficients with their intervals, against Landis and Koch's bands.";
    if (chart_set_text(&c->title, c->spec->title, "Agreement between raters") ||
        chart_subtitle(c, facts, &facts_line) || chart_set_text(&c->note, c->spec->note, note) ||
        chart_set_text(&c->xlabel, c->spec->xlabel,
                       "Agreement (1 = perfect; 0 = what chance would give)") ||
        chart_set_text(&c->ylabel, c->spec->ylabel, "")) {
        st = NOMEM(c);
        goto done;
    }
    chart_printf(&c->vars, "COLOUR_POINT = \"%s\"\nCOLOUR_BAND = \"%s\"   # every other band\n",
                 CHART_BLUE, "#ececec");

    double val_w = icstat_chart_text_width("Estimate (interval)", CHART_PX_SMALL, 1);
    for (size_t i = 0; i < n; i++) {
        const double w = icstat_chart_text_width(val[i], CHART_PX_SMALL, 0);
        val_w = w > val_w ? w : val_w;
    }
    /* The band names go above the plot: room for two lines. */
    const double band_room = 2.0 * c->lh * CHART_PX_SMALL + 4.0;
    const double top = chart_header(c) + band_room;
    const char *extra[2] = {bands_note, facts_line};
    const double bottom = chart_footer(c, extra, facts_line ? 2 : 1) -
                          chart_below_axis(c, c->xlabel[0] != 0);
    double left, right, lab_px;
    if (!(wrapped = chart_rows_area(c, (const char *const *)lab, n, top, bottom, val_w + 14.0,
                                    &left, &right, &lab_px))) {
        st = NOMEM(c);
        goto done;
    }

    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": agreement coefficients (icstat agree), first on top.\n"
                          "# coefficient\ty\testimate\tci_low\tci_high\tse\tunits\traters\t"
                          "label\tvalue\n");
    for (size_t i = 0; i < n; i++) {
        chart_dat_text(&c->dat, chart_text(c, jc, i));
        chart_printf(&c->dat, "\t%zu", n - i);
        const double v[] = {chart_val(c, je, i), chart_val(c, jl, i), chart_val(c, jh, i),
                            js >= 0 ? chart_val(c, js, i) : NAN,
                            ju >= 0 ? chart_val(c, ju, i) : NAN,
                            jr >= 0 ? chart_val(c, jr, i) : NAN};
        for (size_t j = 0; j < 6; j++) {
            chart_printf(&c->dat, "\t");
            chart_dat_num(&c->dat, v[j]);
        }
        chart_printf(&c->dat, "\t");
        chart_dat_text(&c->dat, lab[i]);
        chart_printf(&c->dat, "\t");
        chart_dat_text(&c->dat, val[i]);
        chart_printf(&c->dat, "\n");
    }

    /* Bands: every other one shaded, its name above the plot. */
    /* A little room right of 1, so that a point at 1 clears the figures. */
    const double xmax = 1.0 + 0.03 * (1.0 - xmin);
    const double px_per_unit = (right - left) / (xmax - xmin);
    /* Tics every 0.2, with the bands, or every 0.5 (or 1) when narrow. */
    const double need = icstat_chart_text_width("-0.8", CHART_PX_BODY, 0) + 14.0;
    const double step = 0.2 * px_per_unit >= need ? 0.2 : 0.5 * px_per_unit >= need ? 0.5 : 1.0;
    chart_printf(&c->body, "# Landis and Koch's bands, shaded faintly, named above the plot.\n");
    for (size_t b = 0; b < sizeof bands / sizeof *bands; b++) {
        const double from = bands[b].from < xmin ? xmin : bands[b].from, to = bands[b].to;
        if (to <= xmin + 1e-9)
            continue;
        if (b % 2 == 0)
            chart_printf(&c->body,
                         "set object rectangle from %g, graph 0 to %g, graph 1 fillcolor rgb "
                         "COLOUR_BAND fillstyle solid 1.0 noborder behind\n",
                         from, to);
        size_t lines;
        const double width = (to - from) * px_per_unit - 4.0;
        /* The name on one line or two, smaller if need be (down to 9 px,
         * the smallest still read at report size); left out when it fits
         * no way. */
        static const double band_px[] = {CHART_PX_SMALL, 10.0, 9.0};
        double px = band_px[0];
        char *name = icstat_chart_wrap(bands[b].name, width, px, 0, &lines);
        for (size_t k = 1; k < sizeof band_px / sizeof *band_px && name &&
                           icstat_chart_text_width(name, px, 0) > width;
             k++) {
            free(name);
            px = band_px[k];
            name = icstat_chart_wrap(bands[b].name, width, px, 0, &lines);
        }
        if (!name) {
            st = NOMEM(c);
            goto done;
        }
        if (lines <= 2 && icstat_chart_text_width(name, px, 0) <= width) {
            chart_printf(&c->body, "set label ");
            chart_quote(&c->body, name);
            chart_printf(&c->body, " at %g, screen %.4f center font ", 0.5 * (from + to),
                         chart_sy(c, top - band_room + 0.6 * CHART_PX_SMALL +
                                         (2.0 - (double)lines) * c->lh * CHART_PX_SMALL));
            chart_font(c, &c->body, px, 0);
            chart_printf(&c->body, " textcolor rgb \"%s\" front\n", CHART_GREY);
        }
        free(name);
    }
    chart_printf(&c->body, "set label \"Estimate (interval)\" at screen %.4f, screen %.4f left "
                           "font ",
                 chart_sx(c, chart_figures_x(right)), chart_sy(c, top - 0.5 * c->lh * CHART_PX_SMALL));
    chart_font(c, &c->body, CHART_PX_SMALL, 1);
    chart_printf(&c->body, " front\n\n# Axes: the coefficient across, one row each.\n"
                           "set xrange [%g:%.4g]\nset xtics %g, %g, 1 format \"%%.1f\"\n"
                           "set yrange [0.4:%zu.6]\n",
                 xmin, xmax, ceil(xmin / step - 1e-9) * step + 0.0, step, n);
    chart_ytics(c, wrapped, n, lab_px);
    chart_printf(&c->body,
                 "set border 1 linecolor rgb \"#333333\"\nunset key\nset bars 0.5\n"
                 "%s\nplot \\\n"
                 "  DATA using 3:2:4:5 with xerrorbars pointtype 7 pointsize 1.1 linewidth 2 "
                 "linecolor rgb COLOUR_POINT, \\\n"
                 "  DATA using (%.4g):2:(\"  \".strcol(10)) with labels left font ",
                 xmin < 0.0 ? "# No agreement beyond chance: 0.\nset arrow from 0, graph 0 to 0, "
                              "graph 1 nohead linecolor rgb \"#333333\" dashtype 2 back"
                            : "",
                 xmax);
    chart_font(c, &c->body, CHART_PX_SMALL, 0);
    chart_printf(&c->body, "\n");
done:
    chart_labels_free(wrapped, n);
    chart_labels_free(lab, n);
    chart_labels_free(val, n);
    free(q);
    return st;
}

/* ---- heatmap ---------------------------------------------------------------- */

static long find(char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return (long)i;
    return -1;
}

int chart_build_heatmap(chart_ctx *c)
{
    const icstat_table *t = c->t;
    const long jr = chart_col(c, "row_category");
    const long jc = jr < 0 ? -1 : chart_col(c, "column_category");
    const long jn = jc < 0 ? -1 : chart_col(c, "count");
    if (jn < 0 || chart_check_numeric(c, jn) != ICSTAT_OK)
        return ICSTAT_EDATA;
    const size_t nrow = t->nrow;
    char **cats = calloc(2 * nrow + 1, sizeof *cats); /* borrowed from the table */
    char **xlab = NULL, **ylab = NULL;
    double *count = NULL;
    long *line = NULL;
    size_t k = 0;
    int st = ICSTAT_OK;
    if (!cats) {
        st = NOMEM(c);
        goto done;
    }
    for (size_t i = 0; i < nrow; i++) {
        const char *a = chart_text(c, jr, i), *b = chart_text(c, jc, i);
        const double x = chart_val(c, jn, i);
        if (!a || !b || !isfinite(x) || x < 0.0 || x != floor(x)) {
            st = icstat_error_set(c->err, ICSTAT_EDATA, t->path, chart_line(c, i),
                                  !a || !b ? "a category is missing"
                                           : "'count' must be a whole number, 0 or more");
            goto done;
        }
        if (find(cats, k, a) < 0)
            cats[k++] = (char *)a;
        if (find(cats, k, b) < 0)
            cats[k++] = (char *)b;
    }
    if (k > 30) {
        st = icstat_error_set(c->err, ICSTAT_EDATA, t->path, 0,
                              "%zu categories: a heatmap shows at most 30", k);
        goto done;
    }
    chart_order_categories(c, cats, k);
    count = calloc(k * k + 1, sizeof *count);
    line = calloc(k * k + 1, sizeof *line);
    xlab = calloc(k + 1, sizeof *xlab);
    ylab = calloc(k + 1, sizeof *ylab);
    if (!count || !line || !xlab || !ylab) {
        st = NOMEM(c);
        goto done;
    }
    double total = 0.0, agreed = 0.0, most = 0.0;
    for (size_t i = 0; i < nrow; i++) {
        const size_t a = (size_t)find(cats, k, chart_text(c, jr, i)),
                     b = (size_t)find(cats, k, chart_text(c, jc, i));
        if (line[a * k + b]) {
            st = icstat_error_set(c->err, ICSTAT_EDATA, t->path, chart_line(c, i),
                                  "the cell '%s', '%s' again (first on line %ld)", cats[a], cats[b],
                                  line[a * k + b]);
            goto done;
        }
        line[a * k + b] = chart_line(c, i);
        count[a * k + b] = chart_val(c, jn, i);
        total += count[a * k + b];
        agreed += a == b ? count[a * k + b] : 0.0;
        most = count[a * k + b] > most ? count[a * k + b] : most;
    }
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            if (!line[a * k + b]) {
                st = icstat_error_set(c->err, ICSTAT_EDATA, t->path, 0,
                                      "no row for the cell row_category '%s', column_category "
                                      "'%s'",
                                      cats[a], cats[b]);
                goto done;
            }
    if (!(total > 0.0)) {
        st = icstat_error_set(c->err, ICSTAT_EDATA, t->path, 0, "every count is 0");
        goto done;
    }

    char tot[40], agr[40], facts[300], note[600];
    icstat_chart_format_count(total, tot, sizeof tot);
    icstat_chart_format_count(agreed, agr, sizeof agr);
    snprintf(facts, sizeof facts,
             "n = %s units rated by both; the raters agree on %s (%.0f%%), the outlined diagonal",
             tot, agr, 100.0 * agreed / total);
    snprintf(note, sizeof note, "Source: icstat agree --table output in %s", c->input_name);
    const char *facts_line = NULL;
    c->what = "A heatmap of two raters' table: how often each pair of categories was given.";
    if (chart_set_text(&c->title, c->spec->title, "How the two raters' categories compare") ||
        chart_subtitle(c, facts, &facts_line) || chart_set_text(&c->note, c->spec->note, note) ||
        chart_set_text(&c->xlabel, c->spec->xlabel, "Second rater") ||
        chart_set_text(&c->ylabel, c->spec->ylabel, "First rater")) {
        st = NOMEM(c);
        goto done;
    }
    chart_printf(&c->vars, "COLOUR_LOW = \"%s\"    # count 0\nCOLOUR_HIGH = \"%s\"   # the "
                           "largest count\n",
                 CHART_HEAT_LOW, CHART_HEAT_HIGH);

    /* A square grid as large as the room allows; category names wrapped
     * to a cell's width below, and beside it at the left. */
    const double top = chart_header(c) + 6.0;
    const char *extra[1] = {facts_line};
    const double foot = chart_footer(c, extra, facts_line ? 1 : 0);
    double ylab_w = 0.0;
    for (size_t a = 0; a < k; a++) {
        const double w = icstat_chart_text_width(chart_label_for(c, cats[a]), CHART_PX_BODY, 0);
        ylab_w = w > ylab_w ? w : ylab_w;
    }
    if (ylab_w > c->W / 3.0)
        ylab_w = c->W / 3.0;
    const double left = CHART_PAD + 1.8 * CHART_PX_BODY + ylab_w + 12.0;
    /* The names under the grid: wrapped to a cell's width, smaller (to
     * 10 px) if a word is wider than that, else slanted at 30 degrees.
     * Their depth sets the cell size, which sets them: three passes. */
    double xdepth = (c->lh + 0.5) * CHART_PX_BODY + 4.0, xpx = CHART_PX_BODY, side = 0.0;
    int slant = 0;
    for (int pass = 0; pass < 3; pass++) {
        const double below = xdepth + 1.8 * CHART_PX_BODY;
        const double h = foot - below - top, w = c->W - CHART_PAD - left;
        side = h < w ? h : w;
        const double room = side / (double)k - 4.0;
        slant = 1;
        for (xpx = CHART_PX_BODY; xpx >= 10.0 && slant; xpx -= 1.0) {
            size_t most_lines = 1;
            double widest = 0.0;
            for (size_t a = 0; a < k; a++) {
                size_t lines;
                char *t2 = icstat_chart_wrap(chart_label_for(c, cats[a]), room, xpx, 0, &lines);
                if (!t2) {
                    st = NOMEM(c);
                    goto done;
                }
                free(xlab[a]);
                xlab[a] = t2;
                const double lw = icstat_chart_text_width(t2, xpx, 0);
                widest = lw > widest ? lw : widest;
                most_lines = lines > most_lines ? lines : most_lines;
            }
            if (widest <= room) {
                slant = 0;
                xdepth = (c->lh * (double)most_lines + 0.5) * xpx + 4.0;
                break;
            }
        }
        if (slant) {
            xpx = CHART_PX_SMALL;
            double widest = 0.0;
            for (size_t a = 0; a < k; a++) {
                free(xlab[a]);
                if (!(xlab[a] = strdup(chart_label_for(c, cats[a])))) {
                    st = NOMEM(c);
                    goto done;
                }
                const double lw = icstat_chart_text_width(xlab[a], xpx, 0);
                widest = lw > widest ? lw : widest;
            }
            xdepth = 0.5 * widest + xpx + 8.0; /* sin 30 = 0.5 */
        }
    }
    size_t ylines;
    for (size_t a = 0; a < k; a++)
        if (!(ylab[a] = icstat_chart_wrap(chart_label_for(c, cats[a]), ylab_w + 1.0, CHART_PX_BODY,
                                          0, &ylines))) {
            st = NOMEM(c);
            goto done;
        }
    /* Each cell must hold its count, and slanted names need the room
     * between cells that a line of text takes. */
    char most_text[40];
    icstat_chart_format_count(most, most_text, sizeof most_text);
    const double min_cell = 6.0 + icstat_chart_text_width(most_text, CHART_PX_BODY, 0);
    if (side < CHART_MIN_PLOT || side / (double)k < (min_cell > 28.0 ? min_cell : 28.0))
        c->cramped = 1;
    /* Centre the grid and its labels on the canvas. */
    const double spare = c->W - CHART_PAD - (left + side);
    const double shift = spare > 0.0 ? 0.5 * spare : 0.0;
    const double left_c = left + shift;
    const double bottom = top + side;
    chart_printf(&c->body,
                 "# The grid (fractions of the canvas), square.\n"
                 "set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
                 "set tmargin at screen %.4f\nset bmargin at screen %.4f\n",
                 chart_sx(c, left_c), chart_sx(c, left_c + side), chart_sy(c, top),
                 chart_sy(c, bottom));
    chart_printf(&c->body, "set label XLABEL at screen %.4f, screen %.4f center front\n",
                 chart_sx(c, left_c + 0.5 * side), chart_sy(c, bottom + xdepth + 0.9 * CHART_PX_BODY));
    chart_printf(&c->body, "set label YLABEL at screen %.4f, screen %.4f center rotate by 90 "
                           "front\n",
                 chart_sx(c, CHART_PAD + shift + 0.6 * CHART_PX_BODY),
                 chart_sy(c, top + 0.5 * side));

    /* The cell's text: count and percent of all when it fits, else the
     * count; dark cells get white text. */
    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": the two raters' table (icstat agree --table); x is the second "
                          "rater's category, y the first's (first on top).\n"
                          "# first\tsecond\tx\ty\tcount\tpercent\tdark_text\tlight_text\n");
    const double cell = side / (double)k;
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++) {
            const double x = count[a * k + b], pct = 100.0 * x / total;
            char text[64], num[40];
            icstat_chart_format_count(x, num, sizeof num);
            if (x > 0.0 && pct < 1.0) /* not "0%" for a count above 0 */
                snprintf(text, sizeof text, "%s (<1%%)", num);
            else
                snprintf(text, sizeof text, "%s (%.0f%%)", num, pct);
            if (x == 0.0 || icstat_chart_text_width(text, CHART_PX_BODY, 0) > cell - 6.0)
                snprintf(text, sizeof text, "%s", num);
            const int dark = x > 0.55 * most;
            chart_dat_text(&c->dat, cats[a]);
            chart_printf(&c->dat, "\t");
            chart_dat_text(&c->dat, cats[b]);
            chart_printf(&c->dat, "\t%zu\t%zu\t", b + 1, k - a);
            chart_dat_num(&c->dat, x);
            chart_printf(&c->dat, "\t");
            chart_dat_num(&c->dat, pct);
            chart_printf(&c->dat, "\t%s\t%s\n", dark ? "" : text, dark ? text : "");
        }

    chart_printf(&c->body, "\n# Axes: the second rater's categories across, the first's down.\n"
                           "set xrange [0.5:%zu.5]\nset yrange [0.5:%zu.5]\n"
                           "set xtics scale 0%s font ",
                 k, k, slant ? " rotate by 30 right" : "");
    chart_font(c, &c->body, xpx, 0);
    chart_printf(&c->body, " (");
    for (size_t a = 0; a < k; a++) {
        chart_printf(&c->body, "%s", a ? ", " : "");
        chart_quote_tic(&c->body, xlab[a]);
        chart_printf(&c->body, " %zu", a + 1);
    }
    chart_printf(&c->body, ")\n");
    chart_ytics(c, ylab, k, CHART_PX_BODY);
    chart_printf(&c->body, "set border 0\nunset key\nunset colorbox\n"
                           "set palette defined (0 COLOUR_LOW, 1 COLOUR_HIGH)\n"
                           "set cbrange [0:%g]\n"
                           "# Where the raters agree: the diagonal, outlined.\n",
                 most > 0.0 ? most : 1.0);
    for (size_t a = 0; a < k; a++)
        chart_printf(&c->body,
                     "set object rectangle from %g, %g to %g, %g fillstyle empty border rgb "
                     "\"#333333\" linewidth 2 front\n",
                     (double)a + 0.5, (double)(k - a) - 0.5, (double)a + 1.5,
                     (double)(k - a) + 0.5);
    chart_printf(&c->body, "\nplot \\\n"
                           "  DATA using 3:4:(0.5):(0.5):5 with boxxyerror fillstyle solid 1.0 "
                           "border rgb \"#ffffff\" fillcolor palette, \\\n"
                           "  DATA using 3:4:7 with labels textcolor rgb \"#000000\", \\\n"
                           "  DATA using 3:4:8 with labels textcolor rgb \"#ffffff\"\n");
done:
    chart_labels_free(xlab, k);
    chart_labels_free(ylab, k);
    free(cats);
    free(count);
    free(line);
    return st;
}
