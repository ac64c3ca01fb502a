/* chart_describe.c — charts of `icstat describe`: the grade distribution
 * of each group as one 100% bar (stacked), and survey figures with their
 * Wilson intervals (proportions). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"
#include "icstat/scale.h"

/* Half a bar's height in y units (rows are 1 apart, the axis spans
 * rows + 0.2): `frac` of a row, but at most max_px pixels, so that one or
 * two bars do not fill the chart. */
static double bar_half(double frac, double max_px, double plot_h, size_t rows)
{
    const double px_per_row = plot_h / ((double)rows + 0.2);
    return frac * px_per_row > max_px ? max_px / px_per_row : frac;
}

/* ---- stacked ----------------------------------------------------------------- */

#define MAX_CATS 8

/* Index of s in list[0..n-1], or -1. */
static long find(char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return (long)i;
    return -1;
}

typedef struct {
    char **groups, **cats;
    size_t ng, nk;
    int ordered;               /* the categories have an order (chart_order_categories) */
    /* Or they are the words of several known scales (order_by_scales):
     * each category's colour within its own scale; else all NULL. */
    const char *scale_fill[MAX_CATS];
    double *pct, *lo, *hi, *n; /* ng x nk, NaN where absent */
    long *row;                 /* ng x nk: row index, -1 where absent */
    double *total;             /* ng */
} stacked_data;

static void stacked_free(stacked_data *d)
{
    free(d->groups); /* the strings belong to the table */
    free(d->cats);
    free(d->pct);
    free(d->lo);
    free(d->hi);
    free(d->n);
    free(d->row);
    free(d->total);
}

/* Categories that are the words of two or more known scales, as report
 * cards' areas (Exceptional .. Urgent improvement) and their safeguarding
 * standards (Met, Not met) in one chart: put in order scale by scale, in
 * the order each scale first appears, and coloured within their own scale
 * from blue (its best) to vermillion (its worst), so that Met looks like
 * Exceptional and Not met like Urgent improvement.  1 and fill[] set when
 * every category is a word of a known scale; 0, untouched, otherwise. */
static int order_by_scales(char **cats, size_t n, const char **fill)
{
    size_t scale_of[MAX_CATS], nscales = 0;
    long pos[MAX_CATS];
    const icstat_scale *seen[MAX_CATS];
    for (size_t k = 0; k < n; k++) {
        pos[k] = -1;
        for (size_t i = 0; i < icstat_scale_count() && pos[k] < 0; i++) {
            const icstat_scale *s = icstat_scale_get(i);
            if ((pos[k] = icstat_scale_word(s, cats[k], NULL)) < 0)
                continue;
            size_t j = 0;
            while (j < nscales && seen[j] != s)
                j++;
            if (j == nscales)
                seen[nscales++] = s;
            scale_of[k] = j;
        }
        if (pos[k] < 0)
            return 0;
    }
    if (nscales < 2)
        return 0;
    /* A stable insertion sort by (scale, place on it). */
    for (size_t k = 1; k < n; k++) {
        char *x = cats[k];
        const size_t sx = scale_of[k];
        const long px = pos[k];
        size_t m = k;
        for (; m > 0 && (scale_of[m - 1] > sx || (scale_of[m - 1] == sx && pos[m - 1] > px)); m--) {
            cats[m] = cats[m - 1];
            scale_of[m] = scale_of[m - 1];
            pos[m] = pos[m - 1];
        }
        cats[m] = x;
        scale_of[m] = sx;
        pos[m] = px;
    }
    for (size_t k = 0; k < n; k++)
        fill[k] = chart_ordered_colour(seen[scale_of[k]]->k, (size_t)pos[k]);
    return 1;
}

/* Groups in the order they first appear, categories in theirs if they have
 * one (chart_order_categories), scale by scale when they are the words of
 * several (order_by_scales), or as they first appear; each cell once. */
static int stacked_read(chart_ctx *c, stacked_data *d)
{
    const long jg = chart_col(c, "group");
    const long jk = jg < 0 ? -1 : chart_col(c, "category");
    const long jp = jk < 0 ? -1 : chart_col(c, "percent");
    if (jp < 0)
        return ICSTAT_EDATA;
    const long jn = chart_col_opt(c, "n"), jt = chart_col_opt(c, "total");
    const long jl = chart_col_opt(c, "ci_low"), jh = chart_col_opt(c, "ci_high");
    const long num[] = {jp, jn, jt, jl, jh};
    if (chart_check_values(c, num, sizeof num / sizeof *num, jl, jh) != ICSTAT_OK)
        return ICSTAT_EDATA;
    const icstat_table *t = c->t;
    d->groups = calloc(t->nrow, sizeof *d->groups);
    d->cats = calloc(t->nrow, sizeof *d->cats);
    if (!d->groups || !d->cats)
        return icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < t->nrow; i++) {
        const char *g = chart_text(c, jg, i), *k = chart_text(c, jk, i);
        if (!g || !k)
            return icstat_error_set(c->err, ICSTAT_EDATA, t->path, chart_line(c, i),
                                    "'%s' is missing", g ? "category" : "group");
        if (!isfinite(chart_val(c, jp, i)))
            return icstat_error_set(c->err, ICSTAT_EDATA, t->path, chart_line(c, i),
                                    "'percent' is missing");
        if (find(d->groups, d->ng, g) < 0)
            d->groups[d->ng++] = (char *)g;
        if (find(d->cats, d->nk, k) < 0)
            d->cats[d->nk++] = (char *)k;
    }
    if (d->nk > MAX_CATS)
        return icstat_error_set(c->err, ICSTAT_EDATA, t->path, 0,
                                "%zu categories: a stacked bar shows at most %d (the palette's "
                                "colours); merge some with describe --categories A+B",
                                d->nk, MAX_CATS);
    d->ordered = chart_order_categories(c, d->cats, d->nk);
    const char *fill[MAX_CATS] = {NULL};
    if (!d->ordered && order_by_scales(d->cats, d->nk, fill)) {
        d->ordered = 1;
        memcpy(d->scale_fill, fill, sizeof fill);
    }
    const size_t cells = d->ng * d->nk;
    d->pct = malloc(cells * sizeof *d->pct);
    d->lo = malloc(cells * sizeof *d->lo);
    d->hi = malloc(cells * sizeof *d->hi);
    d->n = malloc(cells * sizeof *d->n);
    d->row = malloc(cells * sizeof *d->row);
    d->total = malloc(d->ng * sizeof *d->total);
    if (!d->pct || !d->lo || !d->hi || !d->n || !d->row || !d->total)
        return icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    for (size_t s = 0; s < cells; s++)
        d->row[s] = -1;
    for (size_t g = 0; g < d->ng; g++)
        d->total[g] = NAN;
    for (size_t i = 0; i < t->nrow; i++) {
        const long gi = find(d->groups, d->ng, chart_text(c, jg, i));
        const long ki = find(d->cats, d->nk, chart_text(c, jk, i));
        if (gi < 0 || ki < 0) /* cannot happen: the loop above listed them all */
            continue;
        const size_t g = (size_t)gi, k = (size_t)ki, s = g * d->nk + k;
        if (d->row[s] >= 0)
            return icstat_error_set(c->err, ICSTAT_EDATA, t->path, chart_line(c, i),
                                    "group '%s' has category '%s' again (first on line %ld)",
                                    d->groups[g], d->cats[k], chart_line(c, (size_t)d->row[s]));
        d->row[s] = (long)i;
        d->pct[s] = chart_val(c, jp, i);
        d->n[s] = jn >= 0 ? chart_val(c, jn, i) : NAN;
        d->lo[s] = jl >= 0 ? chart_val(c, jl, i) : NAN;
        d->hi[s] = jh >= 0 ? chart_val(c, jh, i) : NAN;
        if (jt >= 0 && !isfinite(d->total[g]))
            d->total[g] = chart_val(c, jt, i);
    }
    for (size_t g = 0; g < d->ng; g++) {
        double sum = 0.0;
        for (size_t k = 0; k < d->nk; k++) {
            const size_t s = g * d->nk + k;
            if (d->row[s] < 0)
                return icstat_error_set(c->err, ICSTAT_EDATA, t->path, 0,
                                        "group '%s' has no row for category '%s'",
                                        d->groups[g], d->cats[k]);
            if (d->pct[s] < 0.0 || d->pct[s] > 100.0)
                return icstat_error_set(c->err, ICSTAT_EDATA, t->path,
                                        chart_line(c, (size_t)d->row[s]),
                                        "percent %.10g is not between 0 and 100", d->pct[s]);
            sum += d->pct[s];
        }
        /* Published percentages are rounded, so allow a point either way;
         * more means categories that overlap or are missing. */
        if (fabs(sum - 100.0) > 1.0)
            return icstat_error_set(c->err, ICSTAT_EDATA, t->path, 0,
                                    "the percentages of group '%s' add up to %.4g, not 100: a "
                                    "100%% bar needs categories that do not overlap and leave "
                                    "nothing out",
                                    d->groups[g], sum);
    }
    return ICSTAT_OK;
}

int chart_build_stacked(chart_ctx *c)
{
    stacked_data d;
    memset(&d, 0, sizeof d);
    char **ylab = NULL, **wrapped = NULL;
    double *above_end = NULL;
    const char *facts = NULL;
    int st = stacked_read(c, &d);
    if (st != ICSTAT_OK)
        goto done;
    c->what = "A 100% stacked bar for each group: the percent of the group in each category.";
    if (chart_set_text(&c->title, c->spec->title, "Percent in each category, by group") ||
        chart_subtitle(c, "Each bar is one group and adds up to 100%; n is the number in the "
                          "group", &facts) ||
        chart_set_text(&c->xlabel, c->spec->xlabel, "Percent of the group") ||
        chart_set_text(&c->ylabel, c->spec->ylabel, "")) {
        st = icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    char note[600];
    snprintf(note, sizeof note, "Source: icstat describe output in %s", c->input_name);
    if (chart_set_text(&c->note, c->spec->note, note)) {
        st = icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }

    /* Colours, one variable per category: from blue to vermillion when the
     * categories are ordered (grades from best to worst), else colours
     * that suggest no order. */
    const char *names[MAX_CATS], *vars[MAX_CATS], *fill[MAX_CATS];
    char varbuf[MAX_CATS][32];
    if (!d.ordered)
        chart_printf(&c->vars, "# The categories have no known order: colours that suggest "
                               "none.\n");
    else if (d.scale_fill[0])
        chart_printf(&c->vars, "# The categories are the words of several scales: each "
                               "coloured from blue to vermillion on its own.\n");
    for (size_t k = 0; k < d.nk; k++) {
        snprintf(varbuf[k], sizeof varbuf[k], "COLOUR_%zu", k + 1);
        vars[k] = varbuf[k];
        names[k] = chart_label_for(c, d.cats[k]);
        fill[k] = d.scale_fill[0] ? d.scale_fill[k]
                  : d.ordered     ? chart_ordered_colour(d.nk, k)
                                  : chart_series_colour(k);
        chart_printf(&c->vars, "%s = \"%s\"   # ", varbuf[k], fill[k]);
        chart_comment(&c->vars, names[k]);
        chart_printf(&c->vars, "\n");
    }

    /* Group labels with their n. */
    ylab = calloc(d.ng, sizeof *ylab);
    if (!ylab) {
        st = icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    for (size_t g = 0; g < d.ng; g++) {
        char text[600], n[64];
        icstat_chart_format_count(d.total[g], n, sizeof n);
        if (isfinite(d.total[g]))
            snprintf(text, sizeof text, "%s (n" CHART_NBSP "=" CHART_NBSP "%s)",
                     chart_label_for(c, d.groups[g]), n);
        else
            snprintf(text, sizeof text, "%s", chart_label_for(c, d.groups[g]));
        if (!(ylab[g] = strdup(text))) {
            st = icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
            goto done;
        }
    }

    double top = chart_header(c);
    top = chart_legend(c, CHART_PAD, top + 0.5 * CHART_PX_BODY, d.nk, names, vars, 0) + 4.0;
    const double bottom = chart_footer(c, &facts, facts != NULL) -
                          chart_below_axis(c, c->xlabel[0] != 0);
    /* Room at the right for a last segment's label outside its bar. */
    const double right_room = icstat_chart_text_width("100.0%", CHART_PX_SMALL, 0) + 8.0;
    double left, right, ylab_px;
    if (!(wrapped = chart_rows_area(c, (const char *const *)ylab, d.ng, top, bottom, right_room,
                                    &left, &right, &ylab_px))) {
        st = icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }

    /* Data: one block per category (gnuplot's index), one row per group,
     * the bar's segment from..to on the 0-100 axis. */
    const double plot_w = right - left;
    const double bar = bar_half(0.35, 30.0, bottom - top, d.ng);
    /* A segment too narrow for its label gets it just above the bar, where
     * the gap between bars is tall enough and the label does not run into
     * the one before it; above_end[g] is where group g's last one ends. */
    const double row_px = (bottom - top) / ((double)d.ng + 0.2);
    const double above_y = bar + (0.5 * CHART_PX_SMALL + 3.0) / row_px;
    const int above_room = bar + (CHART_PX_SMALL + 4.0) / row_px <= 0.5;
    int any_above = 0;
    above_end = malloc(d.ng * sizeof *above_end);
    if (!above_end) {
        st = icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    for (size_t g = 0; g < d.ng; g++)
        above_end[g] = -HUGE_VAL;
    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": the groups' percentages in each category (icstat describe).\n"
                          "# One block per category; y is the bar (first group on top), "
                          "from..to its segment.\n");
    for (size_t k = 0; k < d.nk; k++) {
        chart_printf(&c->dat, "%s# category %zu: ", k ? "\n\n" : "", k + 1);
        chart_dat_text(&c->dat, d.cats[k]);
        chart_printf(&c->dat, "\n# group\ty\tfrom\tto\tpercent\tci_low\tci_high\tn\ttotal\tlabel\toutside\t"
                              "above\n");
        for (size_t g = 0; g < d.ng; g++) {
            double from = 0.0;
            for (size_t j = 0; j < k; j++)
                from += d.pct[g * d.nk + j];
            const size_t s = g * d.nk + k;
            char label[32], outside[32] = "", above[32] = "";
            snprintf(label, sizeof label, "%.1f%%", d.pct[s]);
            /* A label inside the segment where it has room; else the last
             * segment's goes beyond the bar's end and others above it. */
            const double label_w = icstat_chart_text_width(label, CHART_PX_SMALL, 0);
            if (d.pct[s] / 100.0 * plot_w < label_w + 6.0) {
                const double mid = (from + 0.5 * d.pct[s]) / 100.0 * plot_w;
                if (k + 1 == d.nk && d.pct[s] > 0.0) {
                    memcpy(outside, label, sizeof label);
                } else if (d.pct[s] > 0.0 && above_room &&
                           mid - 0.5 * label_w - 4.0 > above_end[g]) {
                    memcpy(above, label, sizeof label);
                    above_end[g] = mid + 0.5 * label_w;
                    any_above = 1;
                }
                label[0] = '\0';
            }
            chart_dat_text(&c->dat, d.groups[g]);
            chart_printf(&c->dat, "\t%zu\t", d.ng - g);
            chart_dat_num(&c->dat, from);
            chart_printf(&c->dat, "\t");
            chart_dat_num(&c->dat, from + d.pct[s]);
            const double v[] = {d.pct[s], d.lo[s], d.hi[s], d.n[s], d.total[g]};
            for (size_t j = 0; j < 5; j++) {
                chart_printf(&c->dat, "\t");
                chart_dat_num(&c->dat, v[j]);
            }
            chart_printf(&c->dat, "\t%s\t%s\t%s\n", label, outside, above);
        }
    }

    chart_printf(&c->body, "# Axes: percent across, one bar per group.\n"
                           "set xrange [0:100]\nset xtics 0, %g, 100 format \"%%g%%%%\"\n"
                           "set yrange [0.4:%zu.6]\n",
                 chart_tic_step(100.0, plot_w, icstat_chart_text_width("100%", CHART_PX_BODY, 0)),
                 d.ng);
    chart_ytics(c, wrapped, d.ng, ylab_px);
    chart_printf(&c->body, "set border 1 linecolor rgb \"#333333\"\n"
                           "set grid xtics linecolor rgb \"#dddddd\" back\n"
                           "set style fill solid 1.0 noborder\nunset key\n\n");
    chart_printf(&c->body, "# One segment per category, labelled with its percent where it "
                           "fits.\nBAR = %.4g   # half the bar's height\n",
                 bar);
    if (any_above)
        chart_printf(&c->body, "ABOVE = %.4g   # where a narrow segment's label goes\n", above_y);
    chart_printf(&c->body, "plot \\\n");
    for (size_t k = 0; k < d.nk; k++) {
        chart_printf(&c->body,
                     "  DATA index %zu using (($3+$4)/2):2:3:4:($2-BAR):($2+BAR) with "
                     "boxxyerror fillcolor rgb %s, \\\n"
                     "  DATA index %zu using (($3+$4)/2):2:10 with labels font ",
                     k, vars[k], k);
        chart_font(c, &c->body, CHART_PX_SMALL, 0);
        chart_printf(&c->body, " textcolor rgb \"%s\", \\\n",
                     chart_text_on(fill[k]));
        if (any_above) {
            chart_printf(&c->body, "  DATA index %zu using (($3+$4)/2):($2+ABOVE):12 with labels font ",
                         k);
            chart_font(c, &c->body, CHART_PX_SMALL, 0);
            chart_printf(&c->body, " textcolor rgb \"#000000\", \\\n");
        }
    }
    chart_printf(&c->body, "  DATA index %zu using ($4 < 100 ? $4 : 100):2:11 with labels left "
                           "offset 0.4,0 font ",
                 d.nk - 1);
    chart_font(c, &c->body, CHART_PX_SMALL, 0);
    chart_printf(&c->body, " textcolor rgb \"#000000\"\n");
done:
    free(above_end);
    chart_labels_free(ylab, d.ng);
    chart_labels_free(wrapped, d.ng);
    stacked_free(&d);
    return st;
}

/* ---- proportions ----------------------------------------------------------- */

int chart_build_proportions(chart_ctx *c)
{
    const icstat_table *t = c->t;
    const long jl = chart_col(c, "label");
    const long jt = jl < 0 ? -1 : chart_col(c, "total");
    const long jp = jt < 0 ? -1 : chart_col(c, "percent");
    const long jlo = jp < 0 ? -1 : chart_col(c, "ci_low");
    const long jhi = jlo < 0 ? -1 : chart_col(c, "ci_high");
    if (jhi < 0)
        return ICSTAT_EDATA;
    const long jc = chart_col_opt(c, "count");
    const long num[] = {jt, jp, jlo, jhi, jc};
    if (chart_check_values(c, num, sizeof num / sizeof *num, jlo, jhi) != ICSTAT_OK)
        return ICSTAT_EDATA;
    const size_t n = t->nrow;
    char **lab = calloc(n, sizeof *lab), **wrapped = NULL;
    const char *facts = NULL;
    char **val = calloc(n, sizeof *val);
    double *q = malloc(n * sizeof *q);
    int st = ICSTAT_OK;
    if (!lab || !val || !q) {
        st = icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const double p = chart_val(c, jp, i), lo = chart_val(c, jlo, i),
                     hi = chart_val(c, jhi, i), tot = chart_val(c, jt, i);
        if (!chart_text(c, jl, i) || !isfinite(p)) {
            st = icstat_error_set(c->err, ICSTAT_EDATA, t->path, chart_line(c, i),
                                  "'%s' is missing", chart_text(c, jl, i) ? "percent" : "label");
            goto done;
        }
        if (p < 0.0 || p > 100.0) {
            st = icstat_error_set(c->err, ICSTAT_EDATA, t->path, chart_line(c, i),
                                  "percent %.10g is not between 0 and 100", p);
            goto done;
        }
        const double x = jc >= 0 ? chart_val(c, jc, i) : NAN;
        q[i] = chart_wilson_level(isfinite(x) && tot > 0 ? x / tot : p / 100.0, tot, lo / 100.0,
                                  hi / 100.0);
    }
    if ((st = chart_settle_level(c, q, n, "'ci_low' and 'ci_high'")) != ICSTAT_OK)
        goto done;
    char level[32];
    chart_level_text(c->level, level, sizeof level);

    /* Texts: each label prettified and wrapped to a third of the width; on
     * the right the figure, its interval and its base. */
    double val_w = 0.0, val_w2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!(lab[i] = icstat_chart_pretty_label(chart_text(c, jl, i)))) {
            st = icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
            goto done;
        }
        char tot[64], text[200];
        icstat_chart_format_count(chart_val(c, jt, i), tot, sizeof tot);
        if (isfinite(chart_val(c, jlo, i)) && isfinite(chart_val(c, jhi, i)))
            snprintf(text, sizeof text, "%.1f%% (%.1f to %.1f), n" CHART_NBSP "=" CHART_NBSP "%s", chart_val(c, jp, i),
                     chart_val(c, jlo, i), chart_val(c, jhi, i), tot);
        else
            snprintf(text, sizeof text, "%.1f%%, n" CHART_NBSP "=" CHART_NBSP "%s", chart_val(c, jp, i), tot);
        if (!(val[i] = strdup(text))) {
            st = icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
            goto done;
        }
        double w = icstat_chart_text_width(val[i], CHART_PX_SMALL, 0);
        val_w = w > val_w ? w : val_w;
        /* On two lines ("91.0% (89.4 to 92.4)" over "n = 1,400") when
         * the canvas is narrow. */
        char *comma = strstr(val[i], ", n" CHART_NBSP);
        if (comma) {
            *comma = '\0';
            w = icstat_chart_text_width(val[i], CHART_PX_SMALL, 0);
            val_w2 = w > val_w2 ? w : val_w2;
            w = icstat_chart_text_width(comma + 2, CHART_PX_SMALL, 0);
            val_w2 = w > val_w2 ? w : val_w2;
            *comma = ',';
        }
    }

    c->what = "Survey figures: each percentage as a bar, with its Wilson interval.";
    char sub[200], note[600];
    snprintf(sub, sizeof sub, "Percent with %s Wilson intervals; n is the base of each figure",
             level);
    snprintf(note, sizeof note, "Source: icstat describe --proportions output in %s",
             c->input_name);
    if (chart_set_text(&c->title, c->spec->title, "Survey figures") ||
        chart_subtitle(c, sub, &facts) ||
        chart_set_text(&c->note, c->spec->note, note) ||
        chart_set_text(&c->xlabel, c->spec->xlabel, "Percent") ||
        chart_set_text(&c->ylabel, c->spec->ylabel, "")) {
        st = icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    chart_printf(&c->vars, "COLOUR_BAR = \"%s\"\nCOLOUR_INTERVAL = \"%s\"\n", CHART_SKY,
                 CHART_BLACK);

    const double top = chart_header(c) + 6.0;
    const double bottom = chart_footer(c, &facts, facts != NULL) -
                          chart_below_axis(c, c->xlabel[0] != 0);
    const int two_lines = val_w > 0.25 * c->W && val_w2 > 0.0 &&
                          c->lh * CHART_PX_SMALL * 2.0 <= (bottom - top) / (double)n;
    const double val_room = (two_lines ? val_w2 : val_w) + 14.0;
    double left, right, lab_px;
    if (!(wrapped = chart_rows_area(c, (const char *const *)lab, n, top, bottom, val_room,
                                    &left, &right, &lab_px))) {
        st = icstat_error_set(c->err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }

    chart_printf(&c->dat, "# ");
    chart_comment(&c->dat, c->input_name);
    chart_printf(&c->dat, ": survey figures (icstat describe --proportions), first on "
                          "top.\n# label\ty\tpercent\tci_low\tci_high\tcount\ttotal\tvalue\t"
                          "value_line_1\tvalue_line_2\n");
    for (size_t i = 0; i < n; i++) {
        chart_dat_text(&c->dat, chart_text(c, jl, i));
        chart_printf(&c->dat, "\t%zu", n - i);
        const double v[] = {chart_val(c, jp, i), chart_val(c, jlo, i), chart_val(c, jhi, i),
                            jc >= 0 ? chart_val(c, jc, i) : NAN, chart_val(c, jt, i)};
        for (size_t j = 0; j < 5; j++) {
            chart_printf(&c->dat, "\t");
            chart_dat_num(&c->dat, v[j]);
        }
        chart_printf(&c->dat, "\t");
        chart_dat_text(&c->dat, val[i]);
        char *comma = strstr(val[i], ", n" CHART_NBSP);
        if (comma)
            *comma = '\0';
        chart_printf(&c->dat, "\t");
        chart_dat_text(&c->dat, val[i]);
        chart_printf(&c->dat, "\t");
        chart_dat_text(&c->dat, comma ? comma + 2 : "");
        chart_printf(&c->dat, "\n");
    }

    chart_printf(&c->body, "# Axes: percent across, one row per figure.\n"
                           "set xrange [0:103]   # room for a point at 100\n"
                           "set xtics 0, %g, 100 format \"%%g%%%%\"\n"
                           "set yrange [0.4:%zu.6]\n",
                 chart_tic_step(100.0, (right - left) * 100.0 / 103.0,
                                icstat_chart_text_width("100%", CHART_PX_BODY, 0)),
                 n);
    chart_ytics(c, wrapped, n, lab_px);
    chart_printf(&c->body, "set border 1 linecolor rgb \"#333333\"\n"
                           "set grid xtics linecolor rgb \"#dddddd\" back\n"
                           "set style fill solid 1.0 noborder\nunset key\nset clip two\n\n"
                           "# Bars, intervals, and the figures written at the right.\n"
                           "BAR = %.4g   # half the bar's height\nplot \\\n"
                           "  DATA using ($3/2):2:(0):3:($2-BAR):($2+BAR) with boxxyerror "
                           "fillcolor rgb COLOUR_BAR, \\\n"
                           "  DATA using 3:2:4:5 with xerrorbars pointtype 7 pointsize 0.6 "
                           "linewidth 1.5 linecolor rgb COLOUR_INTERVAL, \\\n"
                           "%s",
                 bar_half(0.3, 16.0, bottom - top, n),
                 two_lines ? "" : "  DATA using (103):2:(\"  \".strcol(8)) with labels left font ");
    if (two_lines) {
        /* Half a line above and below the row, in y units. */
        const double dy = 0.5 * c->lh * CHART_PX_SMALL / ((bottom - top) / ((double)n + 0.2));
        chart_printf(&c->body, "  DATA using (103):($2+%.4g):(\"  \".strcol(9)) with labels left "
                               "font ", dy);
        chart_font(c, &c->body, CHART_PX_SMALL, 0);
        chart_printf(&c->body, ", \\\n  DATA using (103):($2-%.4g):(\"  \".strcol(10)) with "
                               "labels left font ", dy);
    }
    chart_font(c, &c->body, CHART_PX_SMALL, 0);
    chart_printf(&c->body, "\n");
done:
    chart_labels_free(wrapped, n);
    for (size_t i = 0; lab && i < n; i++)
        free(lab[i]);
    for (size_t i = 0; val && i < n; i++)
        free(val[i]);
    free(lab);
    free(val);
    free(q);
    return st;
}
