/* kalpha.c — Krippendorff's bootstrap distribution of alpha (kalpha.h):
 * the cells drawn from, the draws, the interval and q.  Written from
 * Krippendorff's description of the algorithm (2006, revised 2011/2013)
 * and Hayes & Krippendorff (2007); no other implementation's code. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "icstat/kalpha.h"
#include "icstat/sort.h"

void icstat_kalpha_dist_clear(icstat_kalpha_dist *d)
{
    if (!d)
        return;
    free(d->row);
    free(d->col);
    free(d->prob);
    free(d->delta);
    memset(d, 0, sizeof *d);
}

/* n.., Q and D_e from the whole matrix: D_e = sum_ck n_c n_k delta_ck /
 * (n.. (n.. - 1)), n_c the row sums (Krippendorff 2011); its diagonal
 * terms vanish as delta_cc = 0. */
static void dist_totals(icstat_kalpha_dist *d, const double *coinc, const double *w, size_t q)
{
    double nc[q > 0 ? q : 1];
    for (size_t c = 0; c < q; c++) {
        nc[c] = 0.0;
        for (size_t k = 0; k < q; k++) {
            nc[c] += coinc[c * q + k];
            d->nonzero += coinc[c * q + k] > 0.0;
        }
        d->n_pairable += nc[c];
    }
    double de = 0.0, dobs = 0.0;
    for (size_t c = 0; c < q; c++)
        for (size_t k = 0; k < q; k++) {
            const double delta = 1.0 - w[c * q + k];
            de += nc[c] * nc[k] * delta;
            dobs += coinc[c * q + k] * delta;
        }
    const double n = d->n_pairable;
    d->d_o = dobs / n;
    d->d_e = de / (n * (n - 1.0));
    d->alpha = d->d_e > 0.0 ? 1.0 - d->d_o / d->d_e : NAN;
}

/* The cells c >= k with o_ck > 0, each with its probability and
 * disagreement (the segments of Krippendorff's step one).  0, or -1 when
 * out of memory. */
static int dist_cells(icstat_kalpha_dist *d, const double *coinc, const double *w, size_t q)
{
    size_t n = 0;
    for (size_t c = 0; c < q; c++)
        for (size_t k = 0; k <= c; k++)
            n += coinc[c * q + k] > 0.0;
    const size_t room = n ? n : 1;
    d->row = malloc(room * sizeof *d->row);
    d->col = malloc(room * sizeof *d->col);
    d->prob = malloc(room * sizeof *d->prob);
    d->delta = malloc(room * sizeof *d->delta);
    if (!d->row || !d->col || !d->prob || !d->delta)
        return -1;
    for (size_t c = 0; c < q; c++)
        for (size_t k = 0; k <= c; k++) {
            const double o = coinc[c * q + k];
            if (!(o > 0.0))
                continue;
            d->row[d->cells] = c;
            d->col[d->cells] = k;
            d->prob[d->cells] = (c == k ? 1.0 : 2.0) * o / d->n_pairable;
            d->delta[d->cells] = 1.0 - w[c * q + k];
            d->cells++;
        }
    return 0;
}

int icstat_kalpha_dist_init(icstat_kalpha_dist *d, const double *coinc, const double *w,
                            size_t q, size_t observers, icstat_error *err)
{
    memset(d, 0, sizeof *d);
    if (observers < 2)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "Krippendorff's bootstrap needs two or more observers "
                                "(have %zu)", observers);
    dist_totals(d, coinc, w, q);
    if (!(d->n_pairable > 0.0)) {
        icstat_kalpha_dist_clear(d);
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "Krippendorff's bootstrap needs pairable values, and no unit "
                                "has two or more ratings");
    }
    if (dist_cells(d, coinc, w, q) != 0) {
        icstat_kalpha_dist_clear(d);
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    }
    /* Step two: as many pairs as m observers give on n.. values, at most
     * 25 per nonzero cell (more draws add time, not information). */
    /* n.. counts values, a whole number but for the rounding of its sum of
     * fractions o_ck; half a pair rounds up (211.5 is 212, as Stata's
     * kalpha rounds). */
    const double pairs = floor(round(d->n_pairable) * (double)(observers - 1) / 2.0 + 0.5);
    const double cap = (double)ICSTAT_KALPHA_DRAWS_PER_CELL * (double)d->nonzero;
    d->draws = (size_t)(pairs < cap ? pairs : cap);
    if (d->draws < 1)
        d->draws = 1;
    return ICSTAT_OK;
}

double icstat_kalpha_mean(const icstat_kalpha_dist *d)
{
    double m = 0.0;
    for (size_t j = 0; j < d->cells; j++)
        m += d->prob[j] * d->delta[j];
    return d->d_e > 0.0 ? 1.0 - m / d->d_e : NAN;
}

double icstat_kalpha_variance(const icstat_kalpha_dist *d)
{
    double m = 0.0, m2 = 0.0, tot = 0.0;
    for (size_t j = 0; j < d->cells; j++) {
        m += d->prob[j] * d->delta[j];
        m2 += d->prob[j] * d->delta[j] * d->delta[j];
        tot += d->prob[j];
    }
    /* The probabilities sum to 1 but for rounding: normalise as the
     * multinomial draw does. */
    m /= tot;
    m2 /= tot;
    if (!(d->d_e > 0.0))
        return NAN;
    return (m2 - m * m) / ((double)d->draws * d->d_e * d->d_e);
}

/* One replicate from its cell counts n (summing to M), corrected (step
 * four): below -1 is -1; all M pairs in one diagonal cell is no variation,
 * alpha 0. */
static double replicate_alpha(const icstat_kalpha_dist *d, const unsigned int *n)
{
    double sum = 0.0;
    for (size_t j = 0; j < d->cells; j++) {
        if (n[j] == d->draws && d->row[j] == d->col[j])
            return 0.0;
        sum += (double)n[j] * d->delta[j];
    }
    const double a = 1.0 - sum / ((double)d->draws * d->d_e);
    return a < -1.0 ? -1.0 : a;
}

int icstat_kalpha_draw(const icstat_kalpha_dist *d, size_t reps, gsl_rng *rng, double *alpha,
                       icstat_error *err)
{
    if (reps < 1 || !(d->d_e > 0.0) || d->cells == 0)
        return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                "Krippendorff's bootstrap needs replicates and an expected "
                                "disagreement above 0");
    unsigned int *n = malloc(d->cells * sizeof *n);
    if (!n)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    for (size_t b = 0; b < reps; b++) {
        gsl_ran_multinomial(rng, d->cells, (unsigned int)d->draws, d->prob, n);
        alpha[b] = replicate_alpha(d, n);
    }
    free(n);
    qsort(alpha, reps, sizeof *alpha, icstat_cmp_double);
    return ICSTAT_OK;
}

/* The 1-based order statistic floor(p X) (+1 for the upper limit), kept
 * within 1..X; the small tolerance keeps 0.025 * 20000 at 500 although
 * 1 - 0.95 is a little above 0.05 in binary. */
static size_t order_index(double p, size_t reps, int upper)
{
    double k = floor(p * (double)reps + 1e-9) + (upper ? 1.0 : 0.0);
    if (k < 1.0)
        k = 1.0;
    if (k > (double)reps)
        k = (double)reps;
    return (size_t)k - 1;
}

void icstat_kalpha_interval(const double *sorted, size_t reps, double conf, double *lo,
                            double *hi)
{
    const double a = (1.0 - conf) / 2.0;
    *lo = sorted[order_index(a, reps, 0)];
    *hi = sorted[order_index(1.0 - a, reps, 1)];
}

double icstat_kalpha_below(const double *sorted, size_t reps, double alpha_min)
{
    size_t below = 0;
    while (below < reps && sorted[below] < alpha_min)
        below++;
    return reps ? (double)below / (double)reps : NAN;
}
