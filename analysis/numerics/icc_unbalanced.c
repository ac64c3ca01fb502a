/* icc_unbalanced.c — the six ICC forms from every rating when units have
 * different numbers of ratings or different raters (icc_reml.h).
 *
 * One-way forms: the unbalanced one-way random-effects ANOVA (Searle 1971,
 * Linear Models, sec. 9.7; Donner 1986, Int. Stat. Rev. 54, 67-82):
 * ICC(1,1) = (MSB - MSW) / (MSB + (n0 - 1) MSW) with
 * n0 = (N - sum_i n_i^2 / N) / (n - 1), and ICC(1,k) = (MSB - MSW) / MSB,
 * the Spearman-Brown step-up of ICC(1,1) to k = n0 ratings; intervals by
 * the balanced F formulas with n0 for k (Thomas & Hultquist 1978, Ann.
 * Stat. 6, 582-587), the F test of no unit variance exact as in the
 * balanced case.  With every unit rated by all k raters n0 = k and these
 * are the balanced forms.
 *
 * Two-way forms: REML variance components s2u, s2r, s2e of the crossed
 * model, turned into the forms as psych::ICC(lmer = TRUE) does (its MSB =
 * k s2u + s2e, MSJ = n s2r + s2e, MSE = s2e in the balanced formulas):
 * ICC(2,1) = s2u / (s2u + s2r + s2e), ICC(3,1) = s2u / (s2u + s2e),
 * ICC(2,k) = s2u / (s2u + (s2r + s2e) / k), ICC(3,k) = s2u / (s2u + s2e / k),
 * here with k = n0 (psych takes k as the number of rater columns, which
 * with gaps overstates the ratings a unit has).  Intervals: Wald on the
 * logit of the ICC, from the REML information of the log variances by the
 * delta method (Searle, Casella & McCulloch 1992, Variance Components,
 * sec. 6.3 for the information; the logit keeps the interval in (0, 1)
 * like the latent ICC interval of clm_summary.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "icstat/icc_reml.h"

static const char *const form_names[ICSTAT_ICC_FORMS] = {"icc_1_1", "icc_2_1", "icc_3_1",
                                                         "icc_1_k", "icc_2_k", "icc_3_k"};

static const char note_oneway_none[] =
    "no unit has two ratings, so the one-way ANOVA has no within-unit variation to compare";
static const char note_oneway_const[] =
    "no variation among the scores, so the ICC is undefined";
static const char note_oneway_within0[] =
    "every unit has the same score from each of its raters (MSW = 0): the ICC is 1 and its F "
    "interval collapses to [1, 1]";
static const char note_oneway_b0[] =
    "the unit means do not differ (MSB = 0): the average-rating ICC has no finite value";
static const char note_reml_boundary[] =
    "REML puts the units' variance at 0 (the boundary of the model): the ICC is 0 and the "
    "logit interval does not exist there";

/* The unbalanced one-way layout: mean squares, degrees of freedom, n0. */
typedef struct {
    double n, N, dfb, dfw, msb, msw, n0;
} oneway;

/* Weighted unit sums (m copies of each unit) into the one-way layout.
 * 0; 1 when the scores do not vary; -1 when out of memory. */
static int oneway_fill(const icstat_icc_data *d, oneway *o)
{
    double *s = calloc(d->n_units + 1, sizeof *s), *c = calloc(d->n_units + 1, sizeof *c);
    if (!s || !c) {
        free(s);
        free(c);
        return -1;
    }
    double shift = 0.0;
    for (size_t t = 0; t < d->N; t++)
        shift += d->y[t];
    shift = d->N ? shift / (double)d->N : 0.0;
    double yy = 0.0;
    for (size_t t = 0; t < d->N; t++) {
        const double w = d->m ? d->m[d->unit[t]] : 1.0, v = d->y[t] - shift;
        s[d->unit[t]] += v;
        c[d->unit[t]] += 1.0;
        yy += w * v * v;
    }
    double n = 0.0, N = 0.0, tot = 0.0, rows = 0.0, sq = 0.0;
    for (size_t i = 0; i < d->n_units; i++) {
        const double w = d->m ? d->m[i] : 1.0;
        if (c[i] == 0.0 || w == 0.0)
            continue;
        n += w;
        N += w * c[i];
        tot += w * s[i];
        rows += w * s[i] * s[i] / c[i];
        sq += w * c[i] * c[i];
    }
    free(s);
    free(c);
    const double sst = yy - tot * tot / N, tiny = 1e-12 * fabs(sst);
    o->n0 = n > 1.0 ? (N - sq / N) / (n - 1.0) : NAN;
    if (!(N > 0.0) || !(sst > 1e-24 * yy) || !isfinite(sst))
        return 1;
    double ssb = rows - tot * tot / N, ssw = yy - rows;
    ssb = ssb < tiny ? 0.0 : ssb;
    ssw = ssw < tiny ? 0.0 : ssw;
    o->n = n;
    o->N = N;
    o->dfb = n - 1.0;
    o->dfw = N - n;
    o->msb = ssb / o->dfb;
    o->msw = o->dfw > 0.0 ? ssw / o->dfw : NAN;
    return 0;
}

/* ICC(1,1) and ICC(1,k) with k = n0, their F test and F intervals. */
static void oneway_forms(const oneway *o, double conf, icstat_icc out[ICSTAT_ICC_FORMS])
{
    const double a = (1.0 - conf) / 2.0, msb = o->msb, msw = o->msw, k = o->n0;
    const double f = msw > 0.0 ? msb / msw : INFINITY;
    const double fl = f / gsl_cdf_fdist_Qinv(a, o->dfb, o->dfw);
    const double fu = f * gsl_cdf_fdist_Qinv(a, o->dfw, o->dfb);
    out[0].estimate = (msb - msw) / (msb + (k - 1.0) * msw);
    out[0].ci_low = isinf(fl) ? 1.0 : (fl - 1.0) / (fl + k - 1.0);
    out[0].ci_high = isinf(fu) ? 1.0 : (fu - 1.0) / (fu + k - 1.0);
    out[3].estimate = msb > 0.0 ? (msb - msw) / msb : NAN;
    out[3].ci_low = fl > 0.0 ? 1.0 - 1.0 / fl : NAN;
    out[3].ci_high = fu > 0.0 ? 1.0 - 1.0 / fu : NAN;
    for (int i = 0; i <= 3; i += 3) {
        out[i].f = f;
        out[i].df1 = o->dfb;
        out[i].df2 = o->dfw;
        out[i].p_value = isinf(f) ? 0.0 : gsl_cdf_fdist_Q(f, o->dfb, o->dfw);
    }
    if (msw == 0.0)
        out[0].note = out[3].note = note_oneway_within0;
    else if (msb == 0.0)
        out[3].note = note_oneway_b0;
}

/* logit(ICC) = log s2u - log(sum of the variances in `den` / scale), its
 * Wald interval by the delta method; `den` flags (rater, residual). */
static void reml_form(const icstat_icc_reml *f, double z, int rater, double scale,
                      icstat_icc *o)
{
    const double su = f->var_unit, sr = rater ? f->var_rater : 0.0, se = f->var_resid;
    const double rest = (sr + se) / scale;
    o->estimate = su / (su + rest);
    if (!(su > 0.0) || !(rest > 0.0)) {
        o->note = !(su > 0.0) ? note_reml_boundary : NULL;
        return;
    }
    /* d logit / d log s2: 1 for the unit's, -s2 / (sr + se) for the others. */
    const double g[3] = {1.0, -sr / (sr + se), -se / (sr + se)};
    double v = 0.0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            if (g[i] != 0.0 && g[j] != 0.0)
                v += g[i] * g[j] * f->cov[i][j];
    if (!(v >= 0.0) || !isfinite(v))
        return;
    const double l = log(o->estimate / (1.0 - o->estimate)), h = z * sqrt(v);
    o->ci_low = 1.0 / (1.0 + exp(-(l - h)));
    o->ci_high = 1.0 / (1.0 + exp(-(l + h)));
}

int icstat_icc_unbalanced(const icstat_icc_data *d, double conf, icstat_icc out[ICSTAT_ICC_FORMS],
                          double *k_eff, icstat_error *err)
{
    for (int f = 0; f < ICSTAT_ICC_FORMS; f++)
        out[f] = (icstat_icc){form_names[f], NAN, NAN, NAN, NAN, NAN, NAN, NAN, NULL,
                              f % 3 == 0 ? "anova_unbalanced" : "reml"};
    *k_eff = NAN;
    oneway o = {.n0 = NAN};
    const int st1 = oneway_fill(d, &o);
    if (st1 < 0)
        return icstat_error_set(err, ICSTAT_ENOMEM, NULL, 0, "out of memory");
    *k_eff = o.n0;
    if (st1 > 0) {
        for (int f = 0; f < ICSTAT_ICC_FORMS; f++)
            out[f].note = note_oneway_const;
        return ICSTAT_OK;
    }
    if (o.dfw > 0.0 && o.dfb > 0.0)
        oneway_forms(&o, conf, out);
    else
        out[0].note = out[3].note = note_oneway_none;

    icstat_icc_reml fit;
    icstat_error e2;
    const int st = icstat_icc_reml_fit(d, &fit, &e2);
    if (st == ICSTAT_ENOMEM)
        return icstat_error_set(err, st, NULL, 0, "%s", e2.msg);
    if (st != ICSTAT_OK) {
        /* The fit's reason (it names counts, so it is not a fixed text)
         * outlives this call for the caller to copy: per thread, so that
         * callers in other threads do not overwrite it (icc_reml.h). */
        static _Thread_local char why[ICSTAT_ERROR_MSG_MAX];
        snprintf(why, sizeof why, "%s", e2.msg);
        for (int f = 1; f < ICSTAT_ICC_FORMS; f += (f == 2 ? 2 : 1))
            out[f].note = why;
        return ICSTAT_OK;
    }
    const double z = gsl_cdf_ugaussian_Qinv((1.0 - conf) / 2.0);
    reml_form(&fit, z, 1, 1.0, &out[1]);
    reml_form(&fit, z, 0, 1.0, &out[2]);
    reml_form(&fit, z, 1, o.n0, &out[4]);
    reml_form(&fit, z, 0, o.n0, &out[5]);
    return ICSTAT_OK;
}
