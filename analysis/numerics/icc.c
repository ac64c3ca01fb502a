/* icc.c — the six Shrout–Fleiss intraclass correlations with F intervals. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "icstat/icc.h"

/* Upper quantile of F(d1, d2); NaN when the degrees of freedom are not usable. */
static double f_upper(double p, double d1, double d2)
{
    if (!(d1 > 0.0) || !(d2 > 0.0) || !isfinite(d1) || !isfinite(d2))
        return NAN;
    return gsl_cdf_fdist_Qinv(p, d1, d2);
}

static double f_pvalue(double f, double d1, double d2)
{
    if (isnan(f))
        return NAN;
    if (isinf(f))
        return 0.0;
    return gsl_cdf_fdist_Q(f, d1, d2);
}

/* Why a form is NaN or its interval collapses (see icc.h). */
static const char note_constant[] = "no variation among the scores, so the ICC is undefined";
static const char note_within0[] =
    "every target has the same score from every rater (no variation within targets): the "
    "ICC is 1 and its F interval collapses to [1, 1]";
static const char note_resid0[] =
    "nothing is left after the targets' and raters' means (MSE = 0): the ICC is 1 and its F "
    "interval collapses to [1, 1]";
static const char note_resid0_abs[] =
    "nothing is left after the targets' and raters' means (MSE = 0): F is infinite and the "
    "interval uses the limit of Satterthwaite's degrees of freedom, k - 1";
static const char note_targets0[] =
    "the targets do not differ (MSR = 0): the ICC is at its least possible value, -1/(k-1), "
    "and its F interval collapses there";
static const char note_below[] =
    "the single-rater ICC is at or below -1/(k-1), the least an ICC can be with k raters, "
    "where the average of k raters has no finite value";
static const char note_limit_below[] =
    "an interval limit of icc_2_1 from McGraw & Wong's approximation lies at or below "
    "-1/(k-1), where the average of k raters has no finite limit";
static const char note_zero_zero[] =
    "the targets do not differ and nothing is left after the raters' means (MSR = MSE = 0), "
    "so the consistency ICC is 0/0";
static const char note_zero_zero_abs[] =
    "the targets do not differ and nothing is left after the raters' means (MSR = MSE = 0): "
    "the ICC is 0, its interval collapses to [0, 0], and F = MSR/MSE = 0/0 gives no p-value";

/* ICC(.,1) from its F ratio, (F - 1) / (F + k - 1); 1 when F is infinite. */
static double single_from_f(double f, double k)
{
    return isinf(f) ? 1.0 : (f - 1.0) / (f + k - 1.0);
}

/* ICC(.,k) from its F ratio, 1 - 1/F; NaN when F = 0 (no finite value). */
static double average_from_f(double f)
{
    return f > 0.0 ? 1.0 - 1.0 / f : NAN;
}

/* Spearman-Brown: the average of k raters from a single-rater value x;
 * NaN at or below -1/(k-1), where 1 + (k-1) x <= 0. */
static double spearman_brown(double x, double k)
{
    const double den = 1.0 + (k - 1.0) * x;
    return den > 0.0 ? x * k / den : NAN;
}

/* The two-way layout (targets x raters) that every form is built from:
 * its degrees of freedom and mean squares. */
typedef struct {
    double N, dk;              /* targets (their multiplicities summed), raters */
    double dfr, dfc, dfe, dfw; /* targets, raters, residual, within targets */
    double msr, msc, mse, msw;
    double a;                  /* (1 - conf) / 2, each tail of an interval */
} icc_layout;

/* Fill L from y (n targets by k raters, multiplicities m).  Returns 0; 1
 * when the scores do not vary at all (every form is NaN); -1 when out of
 * memory. */
static int icc_layout_fill(icc_layout *L, const double *y, size_t n, size_t k, const double *m,
                           double conf)
{
    /* Sums of squares from sums, after shifting by the plain mean so that
     * large scores with little spread keep their precision. */
    double shift = 0.0;
    for (size_t i = 0; i < n * k; i++)
        shift += y[i];
    shift /= (double)(n * k);

    double *col = calloc(k, sizeof *col);
    if (!col)
        return -1;
    double N = 0.0, total = 0.0, sumsq = 0.0, rowsq = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double mi = m ? m[i] : 1.0;
        if (mi == 0.0)
            continue;
        double row = 0.0;
        for (size_t j = 0; j < k; j++) {
            const double v = y[i * k + j] - shift;
            row += v;
            col[j] += mi * v;
            sumsq += mi * v * v;
        }
        N += mi;
        total += mi * row;
        rowsq += mi * row * row;
    }
    const double dk = (double)k, corr = total * total / (N * dk);
    double colsq = 0.0;
    for (size_t j = 0; j < k; j++)
        colsq += col[j] * col[j];
    free(col);
    double sst = sumsq - corr;
    double ssr = rowsq / dk - corr;
    double ssc = colsq / N - corr;
    /* Sums of squares that should be 0 come out as rounding noise of
     * either sign: anything below 1e-12 of the total is 0, so the limits
     * below apply instead of ratios of noise; and a total below 1e-24 of
     * the scores' own squares is identical scores shifted by rounding. */
    const double tiny = 1e-12 * fabs(sst);
    if (!(sst > 1e-24 * (sumsq + N * dk * shift * shift)) || !isfinite(sst))
        return 1;
    if (ssr < tiny)
        ssr = 0.0;
    if (ssc < tiny)
        ssc = 0.0;
    double sse = sst - ssr - ssc;
    if (sse < tiny)
        sse = 0.0;

    L->N = N;
    L->dk = dk;
    L->dfr = N - 1.0;
    L->dfc = dk - 1.0;
    L->dfe = L->dfr * L->dfc;
    L->dfw = N * L->dfc;
    L->msr = ssr / L->dfr;
    L->msc = ssc / L->dfc;
    L->mse = sse / L->dfe;
    L->msw = (ssc + sse) / L->dfw;
    L->a = (1.0 - conf) / 2.0;
    return 0;
}

/* One-way random, ICC(1,1) and ICC(1,k): targets differ, raters are
 * interchangeable.  sst > 0, so msr and msw are not both 0. */
static void icc_one_way(const icc_layout *L, icstat_icc out[ICSTAT_ICC_FORMS])
{
    const double msr = L->msr, msw = L->msw, dk = L->dk, dfr = L->dfr, dfw = L->dfw;
    const double f1 = msw > 0.0 ? msr / msw : INFINITY;
    const double f1l = f1 / f_upper(L->a, dfr, dfw), f1u = f1 * f_upper(L->a, dfw, dfr);
    out[0].estimate = (msr - msw) / (msr + (dk - 1.0) * msw);
    out[0].ci_low = single_from_f(f1l, dk);
    out[0].ci_high = single_from_f(f1u, dk);
    out[3].estimate = msr > 0.0 ? (msr - msw) / msr : NAN;
    out[3].ci_low = average_from_f(f1l);
    out[3].ci_high = average_from_f(f1u);
    for (int f = 0; f <= 3; f += 3) {
        out[f].f = f1;
        out[f].df1 = dfr;
        out[f].df2 = dfw;
        out[f].p_value = f_pvalue(f1, dfr, dfw);
    }
    if (msw == 0.0) {
        out[0].note = out[3].note = note_within0;
    } else if (msr == 0.0) {
        out[0].note = note_targets0;
        out[3].note = note_below;
    }
}

/* Two-way mixed, consistency, ICC(3,1) and ICC(3,k): rater means do not
 * count as disagreement.  Returns its F ratio, MSR/MSE, which tests the
 * two-way random forms too. */
static double icc_consistency(const icc_layout *L, icstat_icc out[ICSTAT_ICC_FORMS])
{
    const double msr = L->msr, mse = L->mse, dk = L->dk;
    const double f3 = mse > 0.0 ? msr / mse : msr > 0.0 ? INFINITY : NAN;
    const double f3l = f3 / f_upper(L->a, L->dfr, L->dfe), f3u = f3 * f_upper(L->a, L->dfe, L->dfr);
    out[2].estimate = mse > 0.0 || msr > 0.0 ? (msr - mse) / (msr + (dk - 1.0) * mse) : NAN;
    out[2].ci_low = single_from_f(f3l, dk);
    out[2].ci_high = single_from_f(f3u, dk);
    out[5].estimate = msr > 0.0 ? (msr - mse) / msr : NAN;
    out[5].ci_low = average_from_f(f3l);
    out[5].ci_high = average_from_f(f3u);
    return f3;
}

/* Two-way random, absolute agreement, ICC(2,1) and ICC(2,k); the interval
 * uses Satterthwaite's approximate degrees of freedom (McGraw & Wong
 * 1996, case 2A).  The denominator is positive whenever sst > 0
 * (k - 1 - k/N >= 0). */
static void icc_absolute(const icc_layout *L, icstat_icc out[ICSTAT_ICC_FORMS])
{
    const double msr = L->msr, msc = L->msc, mse = L->mse, dk = L->dk, N = L->N;
    const double icc2 = (msr - mse) / (msr + (dk - 1.0) * mse + dk * (msc - mse) / N);
    double v;
    if (mse > 0.0) {
        const double fj = msc / mse;
        const double base = N * (1.0 + (dk - 1.0) * icc2) - dk * icc2;
        const double vn = (dk - 1.0) * (N - 1.0) * pow(dk * icc2 * fj + base, 2.0);
        const double vd = (N - 1.0) * dk * dk * icc2 * icc2 * fj * fj + base * base;
        v = vn / vd;
    } else {
        /* The limit of vn / vd as MSE -> 0 with ICC > 0; with MSR = 0 as
         * well the limits below are 0 whatever v is. */
        v = dk - 1.0;
    }
    const double fu = f_upper(L->a, L->dfr, v), fl = f_upper(L->a, v, L->dfr);
    const double low2 = N * (msr - fu * mse) /
                        (fu * (dk * msc + (dk * N - dk - N) * mse) + N * msr);
    const double high2 = N * (fl * msr - mse) /
                         (dk * msc + (dk * N - dk - N) * mse + N * fl * msr);
    out[1].estimate = icc2;
    out[1].ci_low = low2;
    out[1].ci_high = high2;
    /* ICC(2,k) is the Spearman-Brown step-up of ICC(2,1), which is
     * (msr - mse) / (msr + (msc - mse)/N) where that denominator is positive. */
    const double den2k = msr + (msc - mse) / N;
    out[4].estimate = den2k > 0.0 ? (msr - mse) / den2k : NAN;
    out[4].ci_low = spearman_brown(low2, dk);
    out[4].ci_high = spearman_brown(high2, dk);
}

/* The two-way forms' F test (f3 = MSR/MSE on dfr and dfe) and why a
 * degenerate mean square leaves a form NaN or its interval a point. */
static void icc_two_way_tests(const icc_layout *L, double f3, icstat_icc out[ICSTAT_ICC_FORMS])
{
    const double msr = L->msr, mse = L->mse;
    for (int f = 1; f < ICSTAT_ICC_FORMS; f += (f == 2 ? 2 : 1)) {
        out[f].f = f3;
        out[f].df1 = L->dfr;
        out[f].df2 = L->dfe;
        out[f].p_value = f_pvalue(f3, L->dfr, L->dfe);
    }
    if (mse == 0.0 && msr > 0.0) {
        out[2].note = out[5].note = note_resid0;
        out[1].note = out[4].note = note_resid0_abs;
    } else if (mse == 0.0) {
        out[2].note = out[5].note = note_zero_zero;
        out[1].note = out[4].note = note_zero_zero_abs;
    } else if (msr == 0.0) {
        out[2].note = note_targets0;
        out[5].note = note_below;
    }
    if (isnan(out[4].estimate))
        out[4].note = note_below;
    else if (isnan(out[4].ci_low) || isnan(out[4].ci_high))
        out[4].note = note_limit_below;
}

int icstat_icc_compute(const double *y, size_t n, size_t k, const double *m,
                       double conf, icstat_icc out[ICSTAT_ICC_FORMS], icstat_error *err)
{
    static const char *const names[ICSTAT_ICC_FORMS] = {
        "icc_1_1", "icc_2_1", "icc_3_1", "icc_1_k", "icc_2_k", "icc_3_k"};
    for (int f = 0; f < ICSTAT_ICC_FORMS; f++)
        out[f] = (icstat_icc){names[f], NAN, NAN, NAN, NAN, NAN, NAN, NAN, NULL, "anova"};
    if (n < 2 || k < 2)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "ICC needs at least two targets rated by every rater "
                                "and two raters (have %zu and %zu)", n, k);
    icc_layout L;
    const int st = icc_layout_fill(&L, y, n, k, m, conf);
    if (st < 0)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    if (st > 0) {
        for (int f = 0; f < ICSTAT_ICC_FORMS; f++)
            out[f].note = note_constant;
        return ICSTAT_OK;
    }
    icc_one_way(&L, out);
    const double f3 = icc_consistency(&L, out);
    icc_absolute(&L, out);
    icc_two_way_tests(&L, f3, out);
    return ICSTAT_OK;
}
