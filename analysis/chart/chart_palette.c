/* chart_palette.c — the colours of charts: the Okabe-Ito palette, safe for
 * colour-blind readers, ordered for grades or not, and the script's
 * variables that name them, so a reader can change them at its top
 * (chart_internal.h). */
#include <stddef.h>
#include <string.h>

#include "chart_internal.h"

const char *chart_ordered_colour(size_t k, size_t i)
{
    /* Blue for the first (best) category, vermillion for the last (worst),
     * the light colours between; beyond five the remaining palette. */
    static const char *const by_k[8][8] = {
        {CHART_BLUE},
        {CHART_BLUE, CHART_VERMILLION},
        {CHART_BLUE, CHART_SKY, CHART_VERMILLION},
        {CHART_BLUE, CHART_SKY, CHART_ORANGE, CHART_VERMILLION},
        {CHART_BLUE, CHART_SKY, CHART_YELLOW, CHART_ORANGE, CHART_VERMILLION},
        {CHART_BLUE, CHART_SKY, CHART_GREEN, CHART_YELLOW, CHART_ORANGE, CHART_VERMILLION},
        {CHART_BLUE, CHART_SKY, CHART_GREEN, CHART_YELLOW, CHART_ORANGE, CHART_VERMILLION,
         CHART_PURPLE},
        {CHART_BLUE, CHART_SKY, CHART_GREEN, CHART_YELLOW, CHART_ORANGE, CHART_VERMILLION,
         CHART_PURPLE, CHART_BLACK},
    };
    if (k < 1 || k > 8 || i >= k)
        return CHART_BLACK;
    return by_k[k - 1][i];
}

const char *chart_series_colour(size_t i)
{
    /* plots/icstat-style.gp gives gnuplot's linetypes 1-8 these colours
     * (tests/unit/test_style.c keeps the two the same). */
    static const char *const series[8] = {
        CHART_BLUE, CHART_ORANGE, CHART_GREEN, CHART_PURPLE,
        CHART_SKY,  CHART_VERMILLION, CHART_YELLOW, CHART_BLACK,
    };
    return i < 8 ? series[i] : CHART_BLACK;
}

const char *chart_text_on(const char *fill)
{
    /* Black text has the better contrast on every Okabe-Ito colour but
     * these two. */
    return strcmp(fill, CHART_BLUE) == 0 || strcmp(fill, CHART_BLACK) == 0 ? "#ffffff"
                                                                            : "#000000";
}

const char *chart_colour_var(size_t i)
{
    static const char *const names[CHART_MAX_COLOURS] = {
        "COLOUR_1", "COLOUR_2", "COLOUR_3", "COLOUR_4",
        "COLOUR_5", "COLOUR_6", "COLOUR_7", "COLOUR_8",
    };
    return i < CHART_MAX_COLOURS ? names[i] : "COLOUR_8";
}

void chart_colour_vars(chart_ctx *c, size_t n, const char *const *colour,
                       const char *const *names)
{
    for (size_t i = 0; i < n; i++) {
        chart_printf(&c->vars, "%s = \"%s\"   # ", chart_colour_var(i), colour[i]);
        chart_comment(&c->vars, names[i]);
        chart_printf(&c->vars, "\n");
    }
}
