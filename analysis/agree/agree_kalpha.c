/* agree_kalpha.c — Krippendorff's alpha rows with intervals from
 * Krippendorff's bootstrap of the coincidences (Hayes & Krippendorff
 * 2007, the KALPHA macro; the draws themselves are numerics/kalpha.c).
 *
 * Published alpha intervals come from this procedure, not from resampling
 * units (agree_bootstrap.c): the replicates hold the expected
 * disagreement fixed and redraw only the observed one, from the pairs of
 * values the data have.  Its coincidence matrix is the one the estimate
 * used (agree_stats.c), so the distribution is centred on that estimate. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agree_internal.h"

/* What the bootstrap of one data set shares across its alpha rows. */
typedef struct {
    agree_ctx ctx;
    agree_sums s;
    double *wm;        /* q*q: the metric's weights (--alpha-metric) */
    double *draws;     /* reps replicates of one row, sorted */
    icstat_kalpha_dist d;
} kalpha_work;

static void work_free(kalpha_work *k)
{
    free(k->wm);
    free(k->draws);
    icstat_kalpha_dist_clear(&k->d);
    agree_sums_free(&k->s);
    agree_ctx_free(&k->ctx);
    memset(k, 0, sizeof *k); /* so that a second free is harmless */
}

/* The coincidences of the ratings (each unit once), and the metric
 * weights they imply; reps room for replicates (0: none). */
static int work_init(kalpha_work *k, const icstat_ratings *r, const icstat_agree_options *opt,
                     size_t reps, icstat_error *err)
{
    memset(k, 0, sizeof *k);
    int st = agree_ctx_init(&k->ctx, r, opt, err);
    if (st != ICSTAT_OK)
        return st;
    const size_t q = r->n_cat;
    if (agree_sums_init(&k->s, r->n_raters, q) != 0 ||
        !(k->wm = malloc((q ? q * q : 1) * sizeof *k->wm)) ||
        (reps && !(k->draws = malloc(reps * sizeof *k->draws))) ||
        agree_sums_accumulate(&k->s, &k->ctx.u, NULL) != 0) {
        work_free(k);
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    }
    if (opt->alpha_metric != ICSTAT_METRIC_NONE)
        agree_metric_weights(opt->alpha_metric, k->ctx.x, &k->s, k->wm);
    return ICSTAT_OK;
}

/* The distribution for coefficient id into k->d (cleared first). */
static int work_dist(kalpha_work *k, coef_id id, size_t observers, icstat_error *err)
{
    icstat_kalpha_dist_clear(&k->d);
    const double *w = id == C_KRIPP_METRIC ? k->wm : k->ctx.w;
    return icstat_kalpha_dist_init(&k->d, k->s.coinc, w, k->s.q, observers, err);
}

int icstat_agree_kalpha_dist(const icstat_ratings *r, const icstat_agree_options *opt,
                             icstat_coef_id id, icstat_kalpha_dist *d, icstat_error *err)
{
    memset(d, 0, sizeof *d);
    if (id != C_KRIPP && !(id == C_KRIPP_METRIC && opt->alpha_metric != ICSTAT_METRIC_NONE))
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "Krippendorff's bootstrap is for Krippendorff's alpha only");
    kalpha_work k;
    int st = work_init(&k, r, opt, 0, err);
    if (st == ICSTAT_OK && (st = work_dist(&k, id, r->n_raters, err)) == ICSTAT_OK) {
        *d = k.d; /* handed over: not freed with the work */
        memset(&k.d, 0, sizeof k.d);
    }
    work_free(&k);
    return st;
}

/* Row c from the replicates of its distribution: the interval, and q when
 * a minimum is given.  A row whose alpha is undefined keeps NA. */
static int kalpha_row(kalpha_work *k, icstat_coef *c, size_t reps, double conf,
                      double alpha_min, gsl_rng *rng, icstat_error *err)
{
    c->ci_method = "bootstrap_kalpha";
    c->alpha_min = alpha_min;
    if (isnan(c->estimate) || !(k->d.d_e > 0.0)) {
        c->ci_low = c->ci_high = c->p_below_min = NAN;
        return ICSTAT_OK;
    }
    int st = icstat_kalpha_draw(&k->d, reps, rng, k->draws, err);
    if (st != ICSTAT_OK)
        return st;
    icstat_kalpha_interval(k->draws, reps, conf, &c->ci_low, &c->ci_high);
    c->p_below_min = isnan(alpha_min) ? NAN : icstat_kalpha_below(k->draws, reps, alpha_min);
    return ICSTAT_OK;
}

int icstat_agree_kalpha(const icstat_ratings *r, const icstat_agree_options *opt,
                        icstat_agree_result *res, size_t reps, double alpha_min, gsl_rng *rng,
                        icstat_error *err)
{
    /* Commands refuse these as usage errors before any input is read;
     * this guards callers without options. */
    if (reps < 2)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "Krippendorff's bootstrap needs at least 2 replicates "
                                "(got %zu)", reps);
    if (!isnan(alpha_min) && !(alpha_min > -1.0 && alpha_min <= 1.0))
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "the minimum alpha must be above -1 and at most 1 (got %g)",
                                alpha_min);
    kalpha_work k;
    int st = work_init(&k, r, opt, reps, err);
    /* Rows in the result's order, each from the same rng stream in turn,
     * so the same seed gives the same bytes. */
    for (size_t i = 0; st == ICSTAT_OK && i < res->n_coef; i++) {
        icstat_coef *c = &res->coef[i];
        if (c->id != C_KRIPP && c->id != C_KRIPP_METRIC)
            continue;
        if ((st = work_dist(&k, c->id, r->n_raters, err)) == ICSTAT_OK)
            st = kalpha_row(&k, c, reps, opt->conf, alpha_min, rng, err);
        if (st == ICSTAT_OK) {
            res->kalpha_reps = reps;
            res->kalpha_draws = k.d.draws;
            res->kalpha_pairable = k.d.n_pairable;
        }
    }
    work_free(&k);
    return st;
}
