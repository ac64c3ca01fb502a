/* chart_level.c — the interval level a chart states: its csv's column
 * conf, or in a csv from before icstat wrote that column, read back from
 * the intervals (chart_internal.h says more).
 *
 * Each row's interval is inverted with the formula the command made it
 * with; the chart states the median of the levels that come out, rounded
 * to 0.1 percentage points, and the user's --conf only where no row can
 * tell (bootstrap and ICC intervals, power tables).  Such a level is
 * worked out or assumed, not stated, and the chart says so. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "chart_internal.h"
#include "icstat/sort.h"

double icstat_chart_level_round(double level)
{
    return round(level * 1000.0) / 1000.0;
}

void chart_level_text(double level, char *buf, size_t len)
{
    snprintf(buf, len, "%.4g%%", 100.0 * icstat_chart_level_round(level));
}

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

/* Level of a normal interval est +- z se, from its upper limit. */
static double normal_level(double est, double se, double hi)
{
    if (!(se > 0.0) || !isfinite(est) || !isfinite(hi) || !(hi > est))
        return NAN;
    return 2.0 * gsl_cdf_ugaussian_P((hi - est) / se) - 1.0;
}

/* The level of a Wilson interval (lo, hi) around p from n trials, all on
 * the 0-1 scale: from lo * hi = p^2 / (1 + z^2/n). */
static double wilson_level(double p, double n, double lo, double hi)
{
    if (!(p > 0.0 && p < 1.0 && lo > 0.0 && hi < 1.0 && n > 0.0 && lo < p && hi > p))
        return NAN;
    const double z2 = n * (p * p / (lo * hi) - 1.0);
    if (!(z2 > 0.0))
        return NAN;
    return 2.0 * gsl_cdf_ugaussian_P(sqrt(z2)) - 1.0;
}

double chart_interval_level(const chart_interval *iv)
{
    switch (iv->kind) {
    case CHART_INTERVAL_T:
        return t_level(iv->est, iv->se, iv->lo, iv->hi, iv->n);
    case CHART_INTERVAL_NORMAL:
        return normal_level(iv->est, iv->se, iv->hi);
    case CHART_INTERVAL_WILSON:
        return wilson_level(iv->est, iv->n, iv->lo, iv->hi);
    case CHART_INTERVAL_NONE:
        break;
    }
    return NAN;
}

/* The level INPUT states in a column `conf` (fit's csv has it), when it
 * has one: *level the value every row that gives one gives (NaN when no
 * row does, or there is no such column).  0, or ICSTAT_EDATA when it is
 * not a number in (0, 1) or rows give different levels: a chart states
 * one. */
static int column_level(chart_ctx *c, double *level)
{
    *level = NAN;
    const long j = chart_col_opt(c, "conf");
    if (j < 0)
        return ICSTAT_OK;
    if (chart_check_numeric(c, j) != ICSTAT_OK)
        return ICSTAT_EDATA;
    for (size_t i = 0; i < c->t->nrow; i++) {
        const double x = chart_val(c, j, i);
        if (isnan(x))
            continue;
        if (!(x > 0.0 && x < 1.0))
            return chart_row_error(c, i, "conf %.10g is not a level between 0 and 1", x);
        if (!isnan(*level) && fabs(x - *level) > 1e-9)
            return chart_row_error(c, i, "conf %.10g differs from the %.10g of the rows above: "
                                         "a chart states one interval level", x, *level);
        *level = x;
    }
    return ICSTAT_OK;
}

void chart_level_note(const chart_ctx *c, char *buf, size_t len)
{
    char level[32];
    chart_level_text(c->level, level, sizeof level);
    buf[0] = '\0';
    if (c->level_from == CHART_LEVEL_READ)
        snprintf(buf, len, "Interval level not stated in the csv (no column conf): %s, read "
                           "back from the intervals.", level);
    else if (c->level_from == CHART_LEVEL_ASSUMED)
        snprintf(buf, len, "Interval level not stated in the csv (no column conf): taken to "
                           "be %s%s%s.", level, c->spec->conf_name ? ", the default of " : "",
                 c->spec->conf_name ? c->spec->conf_name : "");
}

/* The error for a --conf that is not the level c->level of the input's
 * intervals; `whence` says where that level came from ("" when read back
 * from the intervals). */
static int level_conflict(chart_ctx *c, const char *whence)
{
    const char *opt = c->spec->conf_name ? c->spec->conf_name : "conf";
    char a[32], b[32];
    chart_level_text(c->level, a, sizeof a);
    chart_level_text(c->spec->conf, b, sizeof b);
    return chart_row_error(c, CHART_NO_ROW,
                           "the intervals in 'ci_low' and 'ci_high' are %s intervals%s, not the "
                           "%s of %s; leave %s out to use theirs",
                           a, whence, b, opt, opt);
}

int chart_settle_level(chart_ctx *c, const chart_interval *iv, size_t n)
{
    c->level_from = CHART_LEVEL_NONE;
    if (c->spec->no_intervals) { /* none drawn, no level stated */
        c->level = NAN;
        return ICSTAT_OK;
    }
    /* The level INPUT states, when it does; only without it is the level
     * worked back from the intervals. */
    double stated;
    if (column_level(c, &stated) != ICSTAT_OK)
        return ICSTAT_EDATA;
    if (!isnan(stated)) {
        c->level = stated;
        if (c->spec->conf_given && fabs(c->level - c->spec->conf) > 1e-9)
            return level_conflict(c, " (its column 'conf')");
        return ICSTAT_OK;
    }
    double *q = n ? malloc(n * sizeof *q) : NULL;
    if (n && !q)
        return chart_nomem(c);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const double x = chart_interval_level(&iv[i]);
        if (isfinite(x) && x > 0.0 && x < 1.0)
            q[m++] = x;
    }
    if (m == 0) {
        free(q);
        c->level = c->spec->conf;
        /* Not stated: the chart says it took the default (chart_texts). */
        c->level_from = c->spec->conf_given ? CHART_LEVEL_GIVEN : CHART_LEVEL_ASSUMED;
        return ICSTAT_OK;
    }
    qsort(q, m, sizeof *q, icstat_cmp_double);
    const double med = m % 2 ? q[m / 2] : 0.5 * (q[m / 2 - 1] + q[m / 2]);
    free(q);
    c->level = icstat_chart_level_round(med);
    if (c->spec->conf_given && fabs(c->level - c->spec->conf) > 0.0015)
        return level_conflict(c, "");
    c->level_from = CHART_LEVEL_READ; /* not stated: the chart says so (chart_texts) */
    return ICSTAT_OK;
}
