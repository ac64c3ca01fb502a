/* agree_bootstrap.c — percentile intervals by resampling units.
 *
 * Each replicate draws n units with replacement; a unit drawn m times
 * counts m times in the sums of agree_stats.c, so a replicate costs one
 * pass over the units and no copying.  Intervals are the a/2 and 1 - a/2
 * quantiles of the replicate estimates (R's default quantile, type 7);
 * replicates where a coefficient is undefined are left out and counted. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agree_internal.h"
#include "icstat/sort.h"

/* Quantile of sorted v[0..n-1] by linear interpolation (type 7). */
static double quantile_sorted(const double *v, size_t n, double p)
{
    const double h = (double)(n - 1) * p;
    const size_t lo = (size_t)floor(h);
    const size_t hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (h - (double)lo) * (v[hi] - v[lo]);
}

/* The estimate's caveat about units rated once ends by saying which units
 * the t intervals use; with percentile intervals there are none, so say
 * what the resampling drew from instead. */
static void bootstrap_caveats(icstat_agree_result *res, size_t n)
{
    static const char t_clause[] = "; t intervals use all ";
    for (size_t i = 0; i < res->n_notes; i++) {
        char *at = strstr(res->notes[i], t_clause);
        if (!at)
            continue;
        const size_t room = sizeof res->notes[i] - (size_t)(at - res->notes[i]);
        snprintf(at, room, "; the bootstrap resamples all %zu units", n);
    }
}

int icstat_agree_bootstrap(const icstat_ratings *r, const icstat_agree_options *opt,
                           icstat_agree_result *res, size_t reps, gsl_rng *rng,
                           icstat_progress_fn progress, void *ctx_progress, icstat_error *err)
{
    /* Commands refuse fewer replicates as a usage error before any input
     * is read; this guards callers without options. */
    if (reps < 2)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "a bootstrap needs at least 2 replicates (got %zu)", reps);
    if (opt->se_method == ICSTAT_SE_UNCONDITIONAL)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "percentile intervals from resampling the units leave out "
                                "the raters' sampling that unconditional standard errors "
                                "add; ask for one or the other");
    agree_ctx ctx;
    agree_sums s = {0};
    agree_point p = {0};
    double *m = NULL, *draws = NULL;
    int st = agree_ctx_init(&ctx, r, opt, err);
    if (st != ICSTAT_OK)
        return st;
    const size_t n = ctx.u.n;
    if (agree_sums_init(&s, r->n_raters, r->n_cat) != 0 ||
        agree_point_init(&p, r->n_raters, r->n_cat) != 0 || !(m = malloc(n * sizeof *m)) ||
        !(draws = malloc(reps * C_COUNT * sizeof *draws)))
        goto nomem;

    for (size_t b = 0; b < reps; b++) {
        memset(m, 0, n * sizeof *m);
        for (size_t i = 0; i < n; i++)
            m[gsl_rng_uniform_int(rng, n)] += 1.0;
        if (agree_sums_accumulate(&s, &ctx.u, m) != 0)
            goto nomem;
        if ((st = agree_point_compute(&ctx, &s, m, &p, err)) != ICSTAT_OK)
            goto done;
        for (int id = 0; id < C_COUNT; id++)
            draws[(size_t)id * reps + b] = p.est[id];
        if (progress)
            progress(b + 1, reps, ctx_progress);
    }

    const double a = (1.0 - opt->conf) / 2.0;
    for (size_t c = 0; c < res->n_coef; c++) {
        icstat_coef *coef = &res->coef[c];
        const int id = coef->id;
        if (id < 0 || id >= C_COUNT)
            continue;
        double *v = draws + (size_t)id * reps;
        size_t kept = 0;
        for (size_t b = 0; b < reps; b++)
            if (!isnan(v[b]))
                v[kept++] = v[b];
        coef->ci_method = "bootstrap_percentile";
        if (kept < 2) {
            coef->ci_low = coef->ci_high = NAN;
            if (!coef->note[0])
                snprintf(coef->note, sizeof coef->note,
                         "undefined in all but %zu of %zu bootstrap replicates", kept, reps);
            continue;
        }
        qsort(v, kept, sizeof *v, icstat_cmp_double);
        coef->ci_low = quantile_sorted(v, kept, a);
        coef->ci_high = quantile_sorted(v, kept, 1.0 - a);
        if (kept < reps && !coef->note[0])
            snprintf(coef->note, sizeof coef->note,
                     "interval from %zu of %zu bootstrap replicates (undefined in the rest)",
                     kept, reps);
    }
    res->boot_reps = reps;
    bootstrap_caveats(res, n);
    /* A sample of n units has only C(2n - 1, n) distinct resamples (2 units:
     * 3); when that is fewer than the replicates, the percentile interval
     * comes from a handful of values and says little. */
    const double distinct = n ? round(exp(lgamma(2.0 * (double)n) - lgamma((double)n + 1.0) -
                                          lgamma((double)n)))
                              : 0.0;
    if (distinct < (double)reps && res->n_notes < sizeof res->notes / sizeof *res->notes)
        snprintf(res->notes[res->n_notes++], sizeof *res->notes,
                 "bootstrap: %zu unit%s have only %.0f distinct resamples, fewer than the %zu "
                 "replicates; the percentile intervals are coarse",
                 n, n == 1 ? "" : "s", distinct, reps);
    goto done;
nomem:
    st = icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
done:
    free(m);
    free(draws);
    agree_point_free(&p);
    agree_sums_free(&s);
    agree_ctx_free(&ctx);
    return st;
}
