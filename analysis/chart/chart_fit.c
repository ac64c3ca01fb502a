/* chart_fit.c — charts of `icstat fit`: the coefficients as odds ratios
 * (forest) and the groups' effects in order (caterpillar). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "chart_internal.h"

#define NOMEM(c) icstat_error_set((c)->err, ICSTAT_ENOMEM, NULL, 0, "out of memory")

/* Level of a normal interval est +- z se, from its upper limit. */
static double normal_level(double est, double se, double hi)
{
    if (!(se > 0.0) || !isfinite(est) || !isfinite(hi) || !(hi > est))
        return NAN;
    return 2.0 * gsl_cdf_ugaussian_P((hi - est) / se) - 1.0;
}

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

int chart_build_forest(chart_ctx *c)
{
    const icstat_table *t = c->t;
    const long jk = chart_col(c, "kind");
    const long jt = jk < 0 ? -1 : chart_col(c, "term");
    const long je = jt < 0 ? -1 : chart_col(c, "estimate");
    const long jl = je < 0 ? -1 : chart_col(c, "ci_low");
    const long jh = jl < 0 ? -1 : chart_col(c, "ci_high");
    if (jh < 0)
        return ICSTAT_EDATA;
    const long js = chart_col_opt(c, "se");
    const long num[] = {je, jl, jh, js};
    if (chart_check_values(c, num, sizeof num / sizeof *num, jl, jh) != ICSTAT_OK)
        return ICSTAT_EDATA;

    const size_t nrow = t->nrow;
    size_t *rows = malloc((nrow ? nrow : 1) * sizeof *rows);
    double *q = malloc((nrow ? nrow : 1) * sizeof *q);
    char **terms = calloc(nrow ? nrow : 1, sizeof *terms), **values = calloc(nrow ? nrow : 1,
                                                                             sizeof *values);
    char **wrapped = NULL, *first_cat = NULL, *last_cat = NULL;
    const char *group_name = NULL;
    size_t m = 0, group_len = 0;
    double n = NAN, groups = NAN;
    int st = ICSTAT_OK;
    if (!rows || !q || !terms || !values) {
        st = NOMEM(c);
        goto done;
    }
    for (size_t i = 0; i < nrow; i++) {
        const char *kind = chart_text(c, jk, i), *term = chart_text(c, jt, i);
        if (!kind || !term)
            continue;
        if (strcmp(kind, "coef") == 0) {
            if (!isfinite(chart_val(c, je, i))) {
                st = icstat_error_set(c->err, ICSTAT_EDATA, t->path, chart_line(c, i),
                                      "coefficient '%s' has no estimate", term);
                goto done;
            }
            q[m] = js >= 0 ? normal_level(chart_val(c, je, i), chart_val(c, js, i),
                                          chart_val(c, jh, i))
                           : NAN;
            rows[m++] = i;
        } else if (strcmp(kind, "fit") == 0 && strcmp(term, "n") == 0) {
            n = chart_val(c, je, i);
        } else if (strcmp(kind, "fit") == 0 && strcmp(term, "groups") == 0) {
            groups = chart_val(c, je, i);
        } else if (strcmp(kind, "random") == 0 && strncmp(term, "var(", 4) == 0 &&
                   term[strlen(term) - 1] == ')') {
            group_name = term + 4;
            group_len = strlen(term) - 5;
        } else if (strcmp(kind, "threshold") == 0) {
            /* "Outstanding|Good": the first threshold names the first
             * category, the last one the last. */
            const char *bar = strchr(term, '|');
            if (bar && !first_cat && !(first_cat = strndup(term, (size_t)(bar - term)))) {
                st = NOMEM(c);
                goto done;
            }
            if (bar) {
                free(last_cat);
                if (!(last_cat = strdup(bar + 1))) {
                    st = NOMEM(c);
                    goto done;
                }
            }
        }
    }
    if (m == 0) {
        st = icstat_error_set(c->err, ICSTAT_EDATA, t->path, 0,
                              "no coefficients to draw: no row has kind 'coef' (was the model "
                              "fitted without --terms?)");
        goto done;
    }
    if ((st = chart_settle_level(c, q, m, "'ci_low' and 'ci_high'")) != ICSTAT_OK)
        goto done;

    /* Texts. */
    char level[32], gname[128] = "", sample[400], facts[800], note[600], direction[400];
    chart_level_text(c->level, level, sizeof level);
    if (group_name)
        snprintf(gname, sizeof gname, "%.*s", (int)(group_len < 120 ? group_len : 120),
                 group_name);
    sample_text(sample, sizeof sample, n, groups, gname[0] ? gname : NULL);
    snprintf(facts, sizeof facts, "Odds ratios with %s intervals; %s", level, sample);
    snprintf(note, sizeof note, "Source: icstat fit output in %s", c->input_name);
    if (first_cat && last_cat) {
        if (strcmp(first_cat, "0") == 0 && strcmp(last_cat, "1") == 0)
            snprintf(direction, sizeof direction,
                     "Odds ratio above 1: the outcome (1) more likely; below 1: less likely.");
        else
            snprintf(direction, sizeof direction,
                     "Odds ratio above 1: grades more likely towards '%s'; below 1: towards '%s'.",
                     last_cat, first_cat);
    } else {
        snprintf(direction, sizeof direction,
                 "Odds ratio above 1: more likely towards the later categories.");
    }
    const char *facts_line = NULL;
    c->what = "A forest plot: each coefficient of the model as an odds ratio, with its "
              "interval, on a log scale.";
    if (chart_set_text(&c->title, c->spec->title, "Odds ratios from the model") ||
        chart_subtitle(c, facts, &facts_line) || chart_set_text(&c->note, c->spec->note, note) ||
        chart_set_text(&c->xlabel, c->spec->xlabel, "Odds ratio (log scale)") ||
        chart_set_text(&c->ylabel, c->spec->ylabel, "")) {
        st = NOMEM(c);
        goto done;
    }
    chart_printf(&c->vars, "COLOUR_POINT = \"%s\"\n", CHART_BLUE);

    /* Rows: the term and, at the right, the odds ratio and its interval. */
    double lo = 1.0, hi = 1.0, val_w = 0.0;
    for (size_t r = 0; r < m; r++) {
        const size_t i = rows[r];
        const double or = exp(chart_val(c, je, i)), l = exp(chart_val(c, jl, i)),
                     h = exp(chart_val(c, jh, i));
        char text[128];
        if (isfinite(l) && isfinite(h))
            snprintf(text, sizeof text, "%.2f (%.2f to %.2f)", or, l, h);
        else
            snprintf(text, sizeof text, "%.2f", or);
        if (!(terms[r] = icstat_chart_pretty_label(chart_text(c, jt, i))) ||
            !(values[r] = strdup(text))) {
            st = NOMEM(c);
            goto done;
        }
        const double w = icstat_chart_text_width(text, CHART_PX_SMALL, 0);
        val_w = w > val_w ? w : val_w;
        const double a = isfinite(l) ? l : or, b = isfinite(h) ? h : or;
        lo = a < lo ? a : lo;
        hi = b > hi ? b : hi;
    }
    lo /= 1.12;
    hi *= 1.12;
    const double head_w = icstat_chart_text_width("Odds ratio (interval)", CHART_PX_SMALL, 1);
    val_w = head_w > val_w ? head_w : val_w;

    const char *extra[2] = {direction, facts_line};
    const double top = chart_header(c) + 2.0 + c->lh * CHART_PX_SMALL;
    const double bottom = chart_footer(c, extra, facts_line ? 2 : 1) -
                          chart_below_axis(c, c->xlabel[0] != 0);
    double left, right, lab_px;
    if (!(wrapped = chart_rows_area(c, (const char *const *)terms, m, top, bottom, val_w + 14.0,
                                    &left, &right, &lab_px))) {
        st = NOMEM(c);
        goto done;
    }

    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": coefficients of icstat fit as odds ratios, first on top.\n"
                          "# term\ty\todds_ratio\tci_low\tci_high\testimate\tse\tvalue\n");
    for (size_t r = 0; r < m; r++) {
        const size_t i = rows[r];
        chart_dat_text(&c->dat, chart_text(c, jt, i));
        chart_printf(&c->dat, "\t%zu", m - r);
        const double v[] = {exp(chart_val(c, je, i)), exp(chart_val(c, jl, i)),
                            exp(chart_val(c, jh, i)), chart_val(c, je, i),
                            js >= 0 ? chart_val(c, js, i) : NAN};
        for (size_t j = 0; j < 5; j++) {
            chart_printf(&c->dat, "\t");
            chart_dat_num(&c->dat, v[j]);
        }
        chart_printf(&c->dat, "\t");
        chart_dat_text(&c->dat, values[r]);
        chart_printf(&c->dat, "\n");
    }

    chart_printf(&c->body, "# The heading of the column of figures at the right.\n"
                           "set label \"Odds ratio (interval)\" at screen %.4f, screen %.4f left "
                           "font ",
                 chart_sx(c, chart_figures_x(right)), chart_sy(c, top - 0.5 * c->lh * CHART_PX_SMALL));
    chart_font(c, &c->body, CHART_PX_SMALL, 1);
    chart_printf(&c->body, " front\n# Axes: odds ratio across (log scale), one row per "
                           "coefficient.\nset logscale x\nset xrange [%.6g:%.6g]\n",
                 lo, hi);
    chart_log_tics(c, "xtics", lo, hi);
    chart_printf(&c->body, "set yrange [0.4:%zu.6]\n", m);
    chart_ytics(c, wrapped, m, lab_px);
    chart_printf(&c->body,
                 "set border 1 linecolor rgb \"#333333\"\n"
                 "set grid xtics linecolor rgb \"#e5e5e5\" back\nunset key\nset bars 0.5\n"
                 "# No difference: odds ratio 1.\n"
                 "set arrow from 1, graph 0 to 1, graph 1 nohead linecolor rgb \"#333333\" "
                 "dashtype 2 back\n\n"
                 "plot \\\n"
                 "  DATA using 3:2:4:5 with xerrorbars pointtype 7 pointsize 1.1 linewidth 2 "
                 "linecolor rgb COLOUR_POINT, \\\n"
                 "  DATA using (%.6g):2:(\"  \".strcol(8)) with labels left font ",
                 hi);
    chart_font(c, &c->body, CHART_PX_SMALL, 0);
    chart_printf(&c->body, "\n");
done:
    chart_labels_free(wrapped, m);
    chart_labels_free(terms, nrow);
    chart_labels_free(values, nrow);
    free(first_cat);
    free(last_cat);
    free(rows);
    free(q);
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

int chart_build_caterpillar(chart_ctx *c)
{
    const icstat_table *t = c->t;
    const long jg = chart_col(c, "group");
    const long je = jg < 0 ? -1 : chart_col(c, "effect");
    const long jl = je < 0 ? -1 : chart_col(c, "ci_low");
    const long jh = jl < 0 ? -1 : chart_col(c, "ci_high");
    if (jh < 0)
        return ICSTAT_EDATA;
    const long js = chart_col_opt(c, "se"), jn = chart_col_opt(c, "n");
    const long num[] = {je, jl, jh, js, jn};
    if (chart_check_values(c, num, sizeof num / sizeof *num, jl, jh) != ICSTAT_OK)
        return ICSTAT_EDATA;
    const size_t g = t->nrow;
    ranked *r = malloc((g ? g : 1) * sizeof *r);
    double *q = malloc((g ? g : 1) * sizeof *q);
    int st = ICSTAT_OK;
    if (!r || !q) {
        st = NOMEM(c);
        goto done;
    }
    double rows = 0.0;
    size_t above = 0, below = 0;
    for (size_t i = 0; i < g; i++) {
        const double e = chart_val(c, je, i);
        if (!isfinite(e)) {
            st = icstat_error_set(c->err, ICSTAT_EDATA, t->path, chart_line(c, i),
                                  "'effect' is missing");
            goto done;
        }
        r[i].effect = e;
        r[i].row = i;
        q[i] = js >= 0 ? normal_level(e, chart_val(c, js, i), chart_val(c, jh, i)) : NAN;
        rows += jn >= 0 ? chart_val(c, jn, i) : NAN;
        above += chart_val(c, jl, i) > 0.0;
        below += chart_val(c, jh, i) < 0.0;
    }
    qsort(r, g, sizeof *r, cmp_ranked);
    if ((st = chart_settle_level(c, q, g, "'ci_low' and 'ci_high'")) != ICSTAT_OK)
        goto done;

    char level[32], a[64], b[64], facts[300], note[600];
    chart_level_text(c->level, level, sizeof level);
    icstat_chart_format_count((double)g, a, sizeof a);
    icstat_chart_format_count(rows, b, sizeof b);
    const char *groups = c->spec->groups_noun ? c->spec->groups_noun : "inspectors";
    const char *rows_noun = c->spec->rows_noun ? c->spec->rows_noun : "inspections";
    if (isfinite(rows))
        snprintf(facts, sizeof facts, "%s %s (%s %s), each with its %s interval", a, groups, b,
                 rows_noun, level);
    else
        snprintf(facts, sizeof facts, "%s %s, each with its %s interval", a, groups, level);
    /* "Local authorities, sorted by their effect": the noun with a capital. */
    char xdefault[160];
    snprintf(xdefault, sizeof xdefault, "%s, sorted by their effect", groups);
    if (xdefault[0] >= 'a' && xdefault[0] <= 'z')
        xdefault[0] = (char)(xdefault[0] - 'a' + 'A');
    snprintf(note, sizeof note, "Source: icstat fit --effects output in %s", c->input_name);
    const char *facts_line = NULL;
    c->what = "A caterpillar plot: each inspector's (group's) effect from the model, sorted, "
              "with its interval.";
    /* A few groups (local authorities, a panel of inspectors) are named
     * under their intervals, slanted, instead of being numbered: a reader
     * wants to know which.  Not when --xlabel was given: the names take
     * the axis title's place. */
    const int named = g > 0 && g <= CATERPILLAR_NAMED_MAX && !c->spec->xlabel;
    double xdepth = 0.0;
    for (size_t i = 0; named && i < g; i++) {
        const double w = icstat_chart_text_width(chart_label_for(c, chart_text(c, jg, i)),
                                                 CHART_PX_SMALL, 0);
        xdepth = w > xdepth ? w : xdepth;
    }
    if (named) /* sin 45 degrees, then a line's height and a gap */
        xdepth = 0.7071 * (xdepth < c->W / 3.0 ? xdepth : c->W / 3.0) + CHART_PX_SMALL + 8.0;
    if (chart_set_text(&c->title, c->spec->title, "Inspector effects, from lowest to highest") ||
        chart_subtitle(c, facts, &facts_line) || chart_set_text(&c->note, c->spec->note, note) ||
        chart_set_text(&c->xlabel, c->spec->xlabel, named ? "" : xdefault) ||
        chart_set_text(&c->ylabel, c->spec->ylabel, "Effect (log odds)")) {
        st = NOMEM(c);
        goto done;
    }
    chart_printf(&c->vars, "COLOUR_ABOVE = \"%s\"   # interval above 0\n"
                           "COLOUR_BELOW = \"%s\"   # interval below 0\n"
                           "COLOUR_ZERO = \"%s\"    # interval includes 0\n"
                           "COLOUR_POINT = \"%s\"   # the effects\n",
                 CHART_VERMILLION, CHART_BLUE, "#b8b8b8", "#222222");

    /* The legend counts the inspectors whose interval leaves out 0. */
    char l1[96], l2[96], l3[96], k1[40], k2[40], k3[40];
    icstat_chart_format_count((double)above, k1, sizeof k1);
    icstat_chart_format_count((double)below, k2, sizeof k2);
    icstat_chart_format_count((double)(g - above - below), k3, sizeof k3);
    snprintf(l1, sizeof l1, "Interval above 0: %s", k1);
    snprintf(l2, sizeof l2, "Interval below 0: %s", k2);
    snprintf(l3, sizeof l3, "Interval includes 0: %s", k3);
    const char *names[3] = {l1, l2, l3};
    const char *vars[3] = {"COLOUR_ABOVE", "COLOUR_BELOW", "COLOUR_ZERO"};
    double top = chart_header(c);
    top = chart_legend(c, CHART_PAD, top + 0.5 * CHART_PX_BODY, 3, names, vars, 0) + 4.0;
    const char *extra[2] = {"An effect above 0 moves grades towards the later categories (for "
                            "Ofsted's order, worse grades); below 0, towards the earlier ones.",
                            facts_line};
    const double bottom = chart_footer(c, extra, facts_line ? 2 : 1) -
                          (named ? xdepth : chart_below_axis(c, c->xlabel[0] != 0));
    const double left = CHART_PAD + (c->ylabel[0] ? 1.8 * CHART_PX_BODY : 0.0) +
                        icstat_chart_text_width("-0.5", CHART_PX_BODY, 0) + 14.0;
    const double right = c->W - CHART_PAD - 8.0;
    chart_plot_area(c, left, right, top, bottom);

    /* Three blocks by where the interval lies, so each gets its colour. */
    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": effects from icstat fit --effects, sorted; blocks: interval "
                          "above 0, below 0, including 0.\n");
    for (int block = 0; block < 3; block++) {
        chart_printf(&c->dat, "%s# position\tgroup\teffect\tci_low\tci_high\tse\tn\n",
                     block ? "\n\n" : "");
        for (size_t k = 0; k < g; k++) {
            const size_t i = r[k].row;
            const double lo = chart_val(c, jl, i), hi = chart_val(c, jh, i);
            const int which = lo > 0.0 ? 0 : hi < 0.0 ? 1 : 2;
            if (which != block)
                continue;
            chart_printf(&c->dat, "%zu\t", k + 1);
            chart_dat_text(&c->dat, chart_text(c, jg, i));
            const double v[] = {r[k].effect, lo, hi, js >= 0 ? chart_val(c, js, i) : NAN,
                                jn >= 0 ? chart_val(c, jn, i) : NAN};
            for (size_t j = 0; j < 5; j++) {
                chart_printf(&c->dat, "\t");
                chart_dat_num(&c->dat, v[j]);
            }
            chart_printf(&c->dat, "\n");
        }
        /* An empty block would end the file early for gnuplot's index,
         * and a block of NA alone makes gnuplot warn that it has no valid
         * points: a point far left of the x range stands in, drawn nowhere. */
        if ((block == 0 && !above) || (block == 1 && !below) ||
            (block == 2 && g == above + below))
            chart_printf(&c->dat, "-1e9\tnone\t0\t0\t0\tNA\tNA\n");
    }

    /* Thin lines and small points when there are many. */
    const double lw = g > 300 ? 0.6 : g > 60 ? 1.0 : 1.5;
    const double ps = g > 300 ? 0.25 : g > 60 ? 0.45 : 0.8;
    /* 1% of room at either end, so the first and last intervals clear the
     * axes (one unit when there are few). */
    const double pad = g > 100 ? ceil(0.01 * (double)g) : 1.0;
    if (named) {
        /* Each group's name at its place in the order, slanted. */
        chart_printf(&c->body, "# The groups by name, in order of their effect.\n"
                               "set xtics rotate by 45 right scale 0.5 font ");
        chart_font(c, &c->body, CHART_PX_SMALL, 0);
        chart_printf(&c->body, " (");
        for (size_t k = 0; k < g; k++) {
            chart_printf(&c->body, "%s", k ? ", " : "");
            chart_quote_tic(&c->body, chart_label_for(c, chart_text(c, jg, r[k].row)));
            chart_printf(&c->body, " %zu", k + 1);
        }
        chart_printf(&c->body, ")\n");
    }
    chart_printf(&c->body,
                 "# Axes: inspectors across in order of their effect, the effect up.\n"
                 "set xrange [%g:%g]\nset autoscale y\nset ytics\n%s%s\n"
                 "set border 3 linecolor rgb \"#333333\"\n"
                 "set grid ytics linecolor rgb \"#e5e5e5\" back\nunset key\nset bars 0\n"
                 "# No effect: 0.\n"
                 "set arrow from graph 0, first 0 to graph 1, first 0 nohead linecolor rgb "
                 "\"#333333\" dashtype 2 front\n\n"
                 "LINE = %g\nPOINT = %g\nplot \\\n",
                 g > 100 ? 1.0 - pad : 0.0, (double)g + pad, named ? "" : "set xtics",
                 named ? "" : g <= 20 ? " 1" : "", lw, ps);
    /* Intervals as plain lines (yerrorbars would cut a gap round each
     * point), then the points over them. */
    for (int block = 0; block < 3; block++)
        chart_printf(&c->body,
                     "  DATA index %d using 1:4:(0):($5-$4) with vectors nohead linewidth LINE "
                     "linecolor rgb %s, \\\n",
                     block, vars[block]);
    chart_printf(&c->body, "  DATA using 1:3 with points pointtype 7 pointsize POINT linecolor rgb "
                           "COLOUR_POINT\n");
done:
    free(r);
    free(q);
    return st;
}
