/* chart_conf_column.c — the interval level of a csv whose intervals
 * cannot be read back (fit --margins' are on the logit scale, describe
 * --compare's are Newcombe's and Katz's: none can be inverted without the
 * standard error the csv does not carry): its column 'conf' when it has
 * one, else the level the user gave or 0.95, which the chart then says it
 * assumed (chart_internal.h).  A row with no interval has conf NA (the
 * chi-square row of describe --compare) and tells nothing. */
#include <math.h>

#include "chart_internal.h"

int chart_level_from_column(chart_ctx *c, long jc)
{
    double conf = NAN;
    for (size_t i = 0; jc >= 0 && i < c->t->nrow && isnan(conf); i++)
        conf = chart_val(c, jc, i);
    if (isnan(conf)) /* no column, or no row with a level */
        return chart_settle_level(c, NULL, 0);
    for (size_t i = 0; i < c->t->nrow; i++) {
        const double x = chart_val(c, jc, i);
        if (isnan(x))
            continue;
        if (!(x > 0.0 && x < 1.0) || x != conf)
            return chart_row_error(c, i, "'conf' must be the same level, between 0 and 1, in "
                                   "every row");
    }
    if (c->spec->conf_given && fabs(conf - c->spec->conf) > 0.0015) {
        const char *opt = c->spec->conf_name ? c->spec->conf_name : "conf";
        return chart_row_error(c, CHART_NO_ROW, "the intervals are %g%% intervals (column "
                               "'conf'), not the %g%% of %s; leave %s out to use theirs",
                               100.0 * conf, 100.0 * c->spec->conf, opt, opt);
    }
    c->level = conf;
    c->level_from = CHART_LEVEL_NONE;
    return ICSTAT_OK;
}
