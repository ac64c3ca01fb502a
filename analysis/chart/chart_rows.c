/* chart_rows.c — the rows of a row chart (a bar or an interval per row,
 * its label at the left): the labels wrapped, made smaller or cut to fit
 * the room the plot leaves them, and written as the y axis's tics
 * (chart_internal.h). */
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"

void chart_labels_free(char **labels, size_t n)
{
    for (size_t i = 0; labels && i < n; i++)
        free(labels[i]);
    free(labels);
}

char *chart_ellipsize(const char *s, double max_px, double px)
{
    size_t n = strlen(s);
    char *out = malloc(n + 4);
    if (!out)
        return NULL;
    memcpy(out, s, n + 1);
    for (size_t i = 0; i < n; i++)
        if (out[i] == '\n')
            out[i] = ' ';
    if (icstat_chart_text_width(out, px, 0) <= max_px)
        return out;
    while (n > 0) {
        do /* back to the start of a UTF-8 character */
            n--;
        while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80);
        while (n > 0 && out[n - 1] == ' ')
            n--;
        memcpy(out + n, "\xe2\x80\xa6", 4); /* ... */
        if (icstat_chart_text_width(out, px, 0) <= max_px)
            break;
    }
    return out;
}

char **chart_row_labels(const chart_ctx *c, const char *const *text, size_t n, double avail_h,
                        double max_w, double *width, double *px)
{
    char **out = calloc(n ? n : 1, sizeof *out);
    if (!out)
        return NULL;
    const double pitch = n ? avail_h / (double)n : avail_h;
    /* Start at a third of the canvas (or the budget, if less); widen to
     * the budget, then shrink the text, until the lines fit the rows. */
    const double start = c->W / 3.0 < max_w ? c->W / 3.0 : max_w;
    double size = CHART_PX_BODY, w_max = start;
    for (;;) {
        size_t most = 1;
        double w = 0.0;
        for (size_t i = 0; i < n; i++) {
            size_t lines;
            free(out[i]);
            if (!(out[i] = icstat_chart_wrap(text[i], w_max, size, 0, &lines))) {
                chart_labels_free(out, n);
                return NULL;
            }
            most = lines > most ? lines : most;
            const double lw = icstat_chart_text_width(out[i], size, 0);
            w = lw > w ? lw : w;
        }
        *width = w;
        *px = size;
        if ((double)most * c->lh * size <= pitch * 0.95 && w <= max_w + 0.5)
            return out;
        if (w_max < max_w)
            w_max = w_max + 0.05 * c->W < max_w ? w_max + 0.05 * c->W : max_w;
        else if (size > 10.0)
            size -= 1.0;
        else
            break;
    }
    /* Rows too close even for wrapped 10 px text: one line each, cut with
     * an ellipsis at the budget, rather than lines that overlap. */
    *width = 0.0;
    for (size_t i = 0; i < n; i++) {
        free(out[i]);
        if (!(out[i] = chart_ellipsize(text[i], max_w, size))) {
            chart_labels_free(out, n);
            return NULL;
        }
        const double lw = icstat_chart_text_width(out[i], size, 0);
        *width = lw > *width ? lw : *width;
    }
    return out;
}

char **chart_rows_area(chart_ctx *c, const char *const *labels, size_t n, double top,
                       double bottom, double right_room, double *left, double *right,
                       double *label_px)
{
    const double ytitle = c->ylabel[0] ? 1.8 * CHART_PX_BODY : 0.0;
    double label_w;
    char **wrapped = chart_row_labels(c, labels, n, bottom - top,
                                      chart_label_budget(c, right_room + ytitle), &label_w,
                                      label_px);
    if (!wrapped)
        return NULL;
    *left = CHART_PAD + label_w + 12.0 + ytitle;
    *right = c->W - CHART_PAD - right_room;
    chart_plot_area(c, *left, *right, top, bottom);
    return wrapped;
}

double chart_label_budget(const chart_ctx *c, double other)
{
    /* The plot keeps at least 40% of the canvas (and 160 px). */
    const double min_plot = 0.4 * c->W > 160.0 ? 0.4 * c->W : 160.0;
    const double b = c->W - 2.0 * CHART_PAD - 12.0 - other - min_plot;
    return b > 60.0 ? b : 60.0;
}

void chart_ytics(chart_ctx *c, char *const *labels, size_t n, double px)
{
    chart_printf(&c->body, "set ytics scale 0 font ");
    chart_font(c, &c->body, px, 0);
    chart_printf(&c->body, " (");
    for (size_t i = 0; i < n; i++) {
        chart_printf(&c->body, "%s", i ? ", " : "");
        chart_quote_tic(&c->body, labels[i]);
        chart_printf(&c->body, " %zu", n - i);
    }
    chart_printf(&c->body, ")\n");
}
