/* agree_benchmark.c — membership probabilities of a coefficient in the
 * bands of a benchmark scale (Gwet 2014, ch. 6), as irrCAC's *.bf
 * functions compute them: a normal truncated to [-1, 1]. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "icstat/agree_benchmark.h"

/* Landis & Koch (1977), Biometrics 33:159-174; irrCAC's landis.koch data. */
static const icstat_benchmark_band landis_koch[] = {
    {"Almost Perfect", "p_almost_perfect", 0.8, 1.0}, {"Substantial", "p_substantial", 0.6, 0.8},
    {"Moderate", "p_moderate", 0.4, 0.6},             {"Fair", "p_fair", 0.2, 0.4},
    {"Slight", "p_slight", 0.0, 0.2},                 {"Poor", "p_poor", -1.0, 0.0},
};
/* Altman (1991), Practical Statistics for Medical Research; irrCAC's altman. */
static const icstat_benchmark_band altman[] = {
    {"Very Good", "p_very_good", 0.8, 1.0}, {"Good", "p_good", 0.6, 0.8},
    {"Moderate", "p_moderate", 0.4, 0.6},   {"Fair", "p_fair", 0.2, 0.4},
    {"Poor", "p_poor", -1.0, 0.2},
};
/* Fleiss (1981), Statistical Methods for Rates and Proportions; irrCAC's fleiss. */
static const icstat_benchmark_band fleiss[] = {
    {"Excellent", "p_excellent", 0.75, 1.0},
    {"Intermediate to Good", "p_intermediate_to_good", 0.4, 0.75},
    {"Poor", "p_poor", -1.0, 0.4},
};

static const icstat_benchmark_scale scales[] = {
    {"landis-koch", "Landis and Koch (1977)", sizeof landis_koch / sizeof *landis_koch,
     landis_koch},
    {"altman", "Altman (1991)", sizeof altman / sizeof *altman, altman},
    {"fleiss", "Fleiss (1981)", sizeof fleiss / sizeof *fleiss, fleiss},
};

const icstat_benchmark_scale *icstat_benchmark_lookup(const char *name)
{
    for (size_t i = 0; name && i < sizeof scales / sizeof *scales; i++)
        if (strcmp(scales[i].name, name) == 0)
            return &scales[i];
    return NULL;
}

const char *icstat_benchmark_names(void)
{
    return "landis-koch, altman, fleiss";
}

/* P(X < x) for X normal(coef, se); with se 0, the step the normal tends
 * to (one half at x = coef), so that a coefficient known exactly falls in
 * its band. */
static double below(double x, double coef, double se)
{
    if (se > 0.0)
        return gsl_cdf_ugaussian_P((x - coef) / se);
    return x > coef ? 1.0 : x < coef ? 0.0 : 0.5;
}

/* P(X > x), from the upper tail itself (not 1 - below) so that a small
 * tail keeps its digits. */
static double above(double x, double coef, double se)
{
    if (se > 0.0)
        return gsl_cdf_ugaussian_Q((x - coef) / se);
    return 1.0 - below(x, coef, se);
}

/* P(low < X < high), as a difference of two small tails when the band
 * lies to one side of coef, so that a band far from the coefficient gets
 * its own tiny probability and not the rounding error of 1 - 1 (irrCAC's
 * pnorm differences give 1e-16 there); the same number otherwise. */
static double band_mass(double low, double high, double coef, double se)
{
    if (low >= coef)
        return above(low, coef, se) - above(high, coef, se);
    if (high <= coef)
        return below(high, coef, se) - below(low, coef, se);
    return 1.0 - below(low, coef, se) - above(high, coef, se);
}

void icstat_benchmark_compute(const icstat_benchmark_scale *s, double coef, double se,
                              double *prob, double *cum, size_t *reached)
{
    *reached = s->n_bands;
    /* The normal's mass in [-1, 1], by which every band's is divided
     * (the truncation). */
    const double mass = band_mass(-1.0, 1.0, coef, se);
    const int ok = !isnan(coef) && !isnan(se) && se >= 0.0 && mass > 0.0;
    double sum = 0.0;
    for (size_t i = 0; i < s->n_bands; i++) {
        const icstat_benchmark_band *b = &s->bands[i];
        if (!ok) {
            prob[i] = cum[i] = NAN;
            continue;
        }
        prob[i] = band_mass(b->low, b->high, coef, se) / mass;
        sum += prob[i];
        cum[i] = sum;
        if (*reached == s->n_bands && cum[i] >= ICSTAT_BENCHMARK_LEVEL)
            *reached = i;
    }
}
