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

int icstat_icc_compute(const double *y, size_t n, size_t k, const double *m,
                       double conf, icstat_icc out[ICSTAT_ICC_FORMS], icstat_error *err)
{
    static const char *const names[ICSTAT_ICC_FORMS] = {
        "icc_1_1", "icc_2_1", "icc_3_1", "icc_1_k", "icc_2_k", "icc_3_k"};
    for (int f = 0; f < ICSTAT_ICC_FORMS; f++)
        out[f] = (icstat_icc){names[f], NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    if (n < 2 || k < 2)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "ICC needs at least two targets rated by every rater "
                                "and two raters (have %zu and %zu)", n, k);

    /* Sums of squares from sums, after shifting by the plain mean so that
     * large scores with little spread keep their precision. */
    double shift = 0.0;
    for (size_t i = 0; i < n * k; i++)
        shift += y[i];
    shift /= (double)(n * k);

    double *col = calloc(k, sizeof *col);
    if (!col)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
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
    const double sst = sumsq - corr;
    const double ssr = rowsq / dk - corr;
    const double ssc = colsq / N - corr;
    const double sse = sst - ssr - ssc;

    const double dfr = N - 1.0, dfc = dk - 1.0, dfe = dfr * dfc, dfw = N * dfc;
    const double msr = ssr / dfr, msc = ssc / dfc, mse = sse / dfe;
    const double msw = (ssc + sse) / dfw;
    const double a = (1.0 - conf) / 2.0;

    /* One-way random: targets differ, raters are interchangeable. */
    const double f1 = msr / msw;
    const double f1l = f1 / f_upper(a, dfr, dfw), f1u = f1 * f_upper(a, dfw, dfr);
    out[0].estimate = (msr - msw) / (msr + (dk - 1.0) * msw);
    out[0].ci_low = (f1l - 1.0) / (f1l + dk - 1.0);
    out[0].ci_high = (f1u - 1.0) / (f1u + dk - 1.0);
    out[3].estimate = (msr - msw) / msr;
    out[3].ci_low = 1.0 - 1.0 / f1l;
    out[3].ci_high = 1.0 - 1.0 / f1u;
    for (int f = 0; f <= 3; f += 3) {
        out[f].f = f1;
        out[f].df1 = dfr;
        out[f].df2 = dfw;
        out[f].p_value = f_pvalue(f1, dfr, dfw);
    }

    /* Two-way mixed, consistency: rater means do not count as disagreement. */
    const double f3 = msr / mse;
    const double f3l = f3 / f_upper(a, dfr, dfe), f3u = f3 * f_upper(a, dfe, dfr);
    out[2].estimate = (msr - mse) / (msr + (dk - 1.0) * mse);
    out[2].ci_low = (f3l - 1.0) / (f3l + dk - 1.0);
    out[2].ci_high = (f3u - 1.0) / (f3u + dk - 1.0);
    out[5].estimate = (msr - mse) / msr;
    out[5].ci_low = 1.0 - 1.0 / f3l;
    out[5].ci_high = 1.0 - 1.0 / f3u;

    /* Two-way random, absolute agreement; its interval uses Satterthwaite's
     * approximate degrees of freedom (McGraw & Wong 1996, case 2A). */
    const double icc2 = (msr - mse) / (msr + (dk - 1.0) * mse + dk * (msc - mse) / N);
    const double fj = msc / mse;
    const double base = N * (1.0 + (dk - 1.0) * icc2) - dk * icc2;
    const double vn = (dk - 1.0) * (N - 1.0) * pow(dk * icc2 * fj + base, 2.0);
    const double vd = (N - 1.0) * dk * dk * icc2 * icc2 * fj * fj + base * base;
    const double v = vn / vd;
    const double fu = f_upper(a, dfr, v), fl = f_upper(a, v, dfr);
    const double low2 = N * (msr - fu * mse) /
                        (fu * (dk * msc + (dk * N - dk - N) * mse) + N * msr);
    const double high2 = N * (fl * msr - mse) /
                         (dk * msc + (dk * N - dk - N) * mse + N * fl * msr);
    out[1].estimate = icc2;
    out[1].ci_low = low2;
    out[1].ci_high = high2;
    out[4].estimate = (msr - mse) / (msr + (msc - mse) / N);
    out[4].ci_low = low2 * dk / (1.0 + low2 * (dk - 1.0));
    out[4].ci_high = high2 * dk / (1.0 + high2 * (dk - 1.0));
    for (int f = 1; f < ICSTAT_ICC_FORMS; f += (f == 2 ? 2 : 1)) {
        out[f].f = f3;
        out[f].df1 = dfr;
        out[f].df2 = dfe;
        out[f].p_value = f_pvalue(f3, dfr, dfe);
    }
    return ICSTAT_OK;
}
