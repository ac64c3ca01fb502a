/* chart_layout.c — the page every chart shares: its texts (title,
 * subtitle, source note, axis titles), where they go, the plot area
 * between them, the legend, and the tics of an axis (chart_internal.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"

int chart_set_text(char **dst, const char *given, const char *fallback)
{
    free(*dst);
    *dst = strdup(given ? given : fallback ? fallback : "");
    return *dst ? 0 : -1;
}

/* The subtitle: --subtitle when given, and then the kind's facts (n, the
 * interval level) go to a line above the source instead (c->facts set to
 * a copy of them; else NULL), so that no chart loses them; without
 * --subtitle, the facts.  -1 when out of memory. */
static int subtitle(chart_ctx *c, const char *facts)
{
    free(c->facts);
    c->facts = NULL;
    if (c->spec->subtitle && facts && *facts && !(c->facts = strdup(facts)))
        return -1;
    return chart_set_text(&c->subtitle, c->spec->subtitle, facts);
}

int chart_texts(chart_ctx *c, const char *title, const char *facts, const char *xlabel,
                const char *ylabel)
{
    const icstat_chart_spec *s = c->spec;
    char source[600], level[300];
    snprintf(source, sizeof source, "Source: icstat %s output in %s", c->source_cmd,
             c->input_name);
    if (chart_set_text(&c->title, s->title, title) || subtitle(c, facts) ||
        chart_set_text(&c->note, s->note, source) ||
        chart_set_text(&c->xlabel, s->xlabel, xlabel) ||
        chart_set_text(&c->ylabel, s->ylabel, ylabel))
        return chart_nomem(c);
    /* A level INPUT did not state follows the source line, the user's
     * --note too, so that no chart hides what it assumed (a --conf given,
     * or a column conf, is stated, and says nothing). */
    chart_level_note(c, level, sizeof level);
    if (level[0]) {
        const size_t n = strlen(c->note);
        const char *sep = n == 0 ? "" : c->note[n - 1] == '.' ? " " : ". ";
        char *joined = malloc(n + strlen(sep) + strlen(level) + 1);
        if (!joined)
            return chart_nomem(c);
        sprintf(joined, "%s%s%s", c->note, sep, level);
        free(c->note);
        c->note = joined;
    }
    return ICSTAT_OK;
}

void chart_font(const chart_ctx *c, chart_buf *b, double px, int bold)
{
    /* "Arial Bold": the svg terminal turns " Bold" into font-weight="bold",
     * and pango reads it as the bold face.  (An expression that gnuplot
     * takes for a font must start with a variable: FONT.) */
    (void)c;
    chart_printf(b, "FONT.sprintf(\"%s,%%g\", %g * FS)", bold ? " Bold" : "", px);
}

/* The pixel column where a row chart's figures start: gnuplot draws each
 * at the plot's right edge behind two spaces, so their heading goes there. */
static double figures_x(double right)
{
    return right + icstat_chart_text_width("  ", CHART_PX_SMALL, 0);
}

void chart_figures_heading(chart_ctx *c, const char *text, double right, double top)
{
    chart_printf(&c->body, "set label ");
    chart_quote(&c->body, text);
    chart_printf(&c->body, " at screen %.4f, screen %.4f left font ", chart_sx(c, figures_x(right)),
                 chart_sy(c, top - 0.5 * c->lh * CHART_PX_SMALL));
    chart_font(c, &c->body, CHART_PX_SMALL, 1);
    chart_printf(&c->body, " front\n");
}

double chart_sx(const chart_ctx *c, double x)
{
    return x / c->W;
}

double chart_sy(const chart_ctx *c, double y)
{
    return 1.0 - y / c->H;
}

double chart_widest(const char *const *text, size_t n, double px, int bold, double least)
{
    double w = least;
    for (size_t i = 0; i < n; i++) {
        const double x = icstat_chart_text_width(text[i], px, bold);
        w = x > w ? x : w;
    }
    return w;
}

/* A label of one or more lines whose first line is centred vertically on
 * pixel row y (gnuplot sets the further lines below it). */
static void screen_label(chart_ctx *c, const char *var, double x, double y, double px, int bold,
                         const char *colour)
{
    chart_printf(&c->body, "set label %s at screen %.4f, screen %.4f left font ", var,
                 chart_sx(c, x), chart_sy(c, y));
    chart_font(c, &c->body, px, bold);
    chart_printf(&c->body, " textcolor rgb \"%s\" front\n", colour);
}

/* Re-wrap *text to the width; -1 when out of memory.  *lines set. */
static int rewrap(char **text, double width, double px, int bold, size_t *lines)
{
    char *w = icstat_chart_wrap(*text, width, px, bold, lines);
    if (!w)
        return -1;
    free(*text);
    *text = w;
    return 0;
}

double chart_header(chart_ctx *c)
{
    const double width = c->W - 2.0 * CHART_PAD;
    double y = CHART_PAD;
    size_t lines = 0;
    chart_printf(&c->body, "# Title and subtitle, top left.\n");
    if (c->title[0]) {
        if (rewrap(&c->title, width, CHART_PX_TITLE, 1, &lines) != 0)
            c->body.failed = 1;
        screen_label(c, "TITLE", CHART_PAD, y + 0.6 * CHART_PX_TITLE, CHART_PX_TITLE, 1,
                     "#000000");
        y += (double)lines * c->lh * CHART_PX_TITLE + 4.0;
    }
    if (c->subtitle[0]) {
        if (rewrap(&c->subtitle, width, CHART_PX_SUB, 0, &lines) != 0)
            c->body.failed = 1;
        screen_label(c, "SUBTITLE", CHART_PAD, y + 0.6 * CHART_PX_SUB, CHART_PX_SUB, 0,
                     "#333333");
        y += (double)lines * c->lh * CHART_PX_SUB;
    }
    return y + 10.0;
}

double chart_footer(chart_ctx *c, const char *const *extra, size_t n)
{
    const double width = c->W - 2.0 * CHART_PAD;
    const double step = c->lh * CHART_PX_SMALL;
    size_t lines = 0;
    double y = c->H - CHART_PAD;
    chart_printf(&c->body, "# The source, bottom left.\n");
    if (c->note[0]) {
        if (rewrap(&c->note, width, CHART_PX_SMALL, 0, &lines) != 0)
            c->body.failed = 1;
        y -= (double)lines * step;
        screen_label(c, "NOTE", CHART_PAD, y + 0.6 * CHART_PX_SMALL, CHART_PX_SMALL, 0,
                     CHART_GREY);
    }
    for (size_t i = n; i-- > 0;) {
        if (!extra[i])
            continue;
        char *w = icstat_chart_wrap(extra[i], width, CHART_PX_SMALL, 0, &lines);
        if (!w) {
            c->body.failed = 1;
            break;
        }
        y -= (double)lines * step + 2.0;
        chart_printf(&c->body, "set label ");
        chart_quote(&c->body, w);
        chart_printf(&c->body, " at screen %.4f, screen %.4f left font ", chart_sx(c, CHART_PAD),
                     chart_sy(c, y + 0.6 * CHART_PX_SMALL));
        chart_font(c, &c->body, CHART_PX_SMALL, 0);
        chart_printf(&c->body, " textcolor rgb \"%s\" front\n", "#333333");
        free(w);
    }
    return y - 6.0;
}

double chart_plot_bottom(chart_ctx *c, const char *const *extra, size_t n)
{
    return chart_footer(c, extra, n) - chart_below_axis(c, c->xlabel[0] != 0);
}

/* The body size, or smaller (not below 10 px) so that text fits `room`. */
static double fit_px(const char *text, double room)
{
    const double w = icstat_chart_text_width(text, CHART_PX_BODY, 0);
    if (w <= room)
        return CHART_PX_BODY;
    const double px = floor(CHART_PX_BODY * room / w);
    return px < 10.0 ? 10.0 : px;
}

double chart_xlabel_offset(const chart_ctx *c)
{
    /* Tic labels sit about a line (c->lh) below the axis; the title two
     * text sizes further down. */
    return (c->lh + 2.0) * CHART_PX_BODY;
}

double chart_below_axis(const chart_ctx *c, int with_xlabel)
{
    return with_xlabel ? chart_xlabel_offset(c) + 0.9 * CHART_PX_BODY
                       : (c->lh + 0.8) * CHART_PX_BODY;
}

void chart_plot_area(chart_ctx *c, double left, double right, double top, double bottom)
{
    if (right - left < CHART_MIN_PLOT || bottom - top < CHART_MIN_PLOT)
        c->cramped = 1;
    chart_printf(&c->body,
                 "# The plot area (fractions of the canvas), left room for the labels.\n"
                 "set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
                 "set tmargin at screen %.4f\nset bmargin at screen %.4f\n",
                 chart_sx(c, left), chart_sx(c, right), chart_sy(c, top), chart_sy(c, bottom));
    chart_printf(&c->body, "set border 3 linecolor rgb \"#333333\"\n"
                           "set tics nomirror out scale 0.6 textcolor rgb \"#222222\"\n");
    /* Axis titles where the layout left room for them, not where gnuplot
     * would put them (which differs between terminals). */
    /* A title longer than its axis is set smaller (to 10 px). */
    if (c->xlabel && c->xlabel[0]) {
        chart_printf(&c->body, "set label XLABEL at screen %.4f, screen %.4f center font ",
                     chart_sx(c, 0.5 * (left + right)), chart_sy(c, bottom + chart_xlabel_offset(c)));
        chart_font(c, &c->body, fit_px(c->xlabel, right - left), 0);
        chart_printf(&c->body, " front\n");
    }
    if (c->ylabel && c->ylabel[0]) {
        chart_printf(&c->body, "set label YLABEL at screen %.4f, screen %.4f center rotate by 90 "
                               "font ",
                     chart_sx(c, CHART_PAD + 0.6 * CHART_PX_BODY), chart_sy(c, 0.5 * (top + bottom)));
        chart_font(c, &c->body, fit_px(c->ylabel, bottom - top), 0);
        chart_printf(&c->body, " front\n");
    }
}

double chart_legend(chart_ctx *c, double x, double y, size_t n, const char *const *names,
                    const char *const *colour_var, int lines)
{
    const double sw = lines ? 22.0 : 14.0, gap = 6.0, sep = 20.0;
    const double row = 1.5 * CHART_PX_BODY;
    const double x0 = x;
    chart_printf(&c->body, "# The legend.\n");
    for (size_t i = 0; i < n; i++) {
        const double w = sw + gap + icstat_chart_text_width(names[i], CHART_PX_BODY, 0);
        if (x > x0 && x + w > c->W - CHART_PAD) {
            x = x0;
            y += row;
        }
        if (lines)
            chart_printf(&c->body,
                         "set arrow from screen %.4f, screen %.4f to screen %.4f, screen %.4f "
                         "nohead linecolor rgb %s linewidth 3 front\n",
                         chart_sx(c, x), chart_sy(c, y), chart_sx(c, x + sw), chart_sy(c, y),
                         colour_var[i]);
        else
            chart_printf(&c->body,
                         "set object rectangle from screen %.4f, screen %.4f to screen %.4f, "
                         "screen %.4f fillcolor rgb %s fillstyle solid 1.0 noborder front\n",
                         chart_sx(c, x), chart_sy(c, y - 7.0), chart_sx(c, x + sw),
                         chart_sy(c, y + 7.0), colour_var[i]);
        chart_printf(&c->body, "set label ");
        chart_quote(&c->body, names[i]);
        chart_printf(&c->body, " at screen %.4f, screen %.4f left front\n",
                     chart_sx(c, x + sw + gap), chart_sy(c, y));
        x += w + sep;
    }
    return y + 0.5 * row + 6.0;
}

double chart_tic_step(double range, double plot_px, double label_px)
{
    static const double m[] = {1, 2, 2.5, 5};
    const double need = label_px + 14.0; /* a label and a gap */
    if (!(range > 0.0) || !(plot_px > need))
        return range > 0.0 ? range : 1.0; /* room for one step at most */
    /* From a hundredth of the range's power of ten upwards; one step of
     * the whole range always qualifies, so the loop ends. */
    const double e0 = pow(10.0, floor(log10(range)) - 2.0);
    for (int d = 0; d < 4; d++)
        for (size_t i = 0; i < 4; i++) {
            const double step = m[i] * e0 * pow(10.0, d);
            if (range / step <= 6.0 + 1e-9 && plot_px / (range / step) >= need)
                return step;
        }
    return range;
}

void chart_log_tics(chart_ctx *c, const char *axis, double lo, double hi)
{
    /* Mantissas per decade, coarse to fine. */
    static const double sets[][12] = {
        {1, 2, 5, 0},
        {1, 1.5, 2, 3, 5, 7, 0},
        {1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 0},
        {1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.8, 2, 2.5, 3, 0},
    };
    const size_t nsets = sizeof sets / sizeof *sets;
    double tics[64];
    size_t nt = 0;
    for (size_t s = 0; s < nsets; s++) {
        nt = 0;
        for (int e = (int)floor(log10(lo)) - 1; e <= (int)ceil(log10(hi)) && nt < 64; e++)
            for (size_t k = 0; sets[s][k] > 0 && nt < 64; k++) {
                double v = sets[s][k] * pow(10.0, e);
                if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9))
                    tics[nt++] = v;
            }
        if (nt >= 4)
            break;
    }
    chart_printf(&c->body, "set %s (", axis);
    for (size_t i = 0; i < nt; i++)
        chart_printf(&c->body, "%s\"%.3g\" %.6g", i ? ", " : "", tics[i], tics[i]);
    chart_printf(&c->body, ")\n");
}
