/* weights.c — Gwet's weight families (Handbook, 4th ed., 2014, ch. 3). */
#include <math.h>
#include <string.h>

#include "icstat/weights.h"

static const char *const weights_names[ICSTAT_W_COUNT] = {
    "identity", "linear", "quadratic", "ordinal",
    "radical", "ratio", "circular", "bipolar",
};

const char *icstat_weights_name(icstat_weights_kind kind)
{
    return (unsigned)kind < ICSTAT_W_COUNT ? weights_names[kind] : "?";
}

int icstat_weights_lookup(const char *name)
{
    for (int k = 0; k < ICSTAT_W_COUNT; k++)
        if (strcmp(name, weights_names[k]) == 0)
            return k;
    if (strcmp(name, "unweighted") == 0 || strcmp(name, "nominal") == 0)
        return ICSTAT_W_IDENTITY;
    return -1;
}

/* Rescale a disagreement matrix d (zero diagonal) to weights 1 - d/max(d).
 * Used by the families whose raw disagreement has no natural maximum. */
static void weights_from_disagreement(double *w, size_t q)
{
    double dmax = 0.0;
    for (size_t i = 0; i < q * q; i++)
        if (w[i] > dmax)
            dmax = w[i];
    for (size_t i = 0; i < q * q; i++)
        w[i] = dmax > 0.0 ? 1.0 - w[i] / dmax : 1.0;
}

int icstat_weights_fill(icstat_weights_kind kind, const double *x, size_t q,
                        double *w, icstat_error *err)
{
    if (q == 0)
        return ICSTAT_OK;
    if (q == 1) {
        w[0] = 1.0;
        return ICSTAT_OK;
    }
    const double xmin = x[0], xmax = x[q - 1], range = xmax - xmin;

    if ((kind == ICSTAT_W_RATIO || kind == ICSTAT_W_BIPOLAR) && xmin < 0.0)
        return icstat_error_set(err, ICSTAT_EDATA, NULL, 0,
                                "%s weights need category values of zero or more "
                                "(smallest is %g)",
                                icstat_weights_name(kind), xmin);

    for (size_t k = 0; k < q; k++) {
        for (size_t l = 0; l < q; l++) {
            const double d = fabs(x[k] - x[l]);
            double v;
            switch (kind) {
            case ICSTAT_W_IDENTITY:
                v = k == l ? 1.0 : 0.0;
                break;
            case ICSTAT_W_LINEAR:
                v = 1.0 - d / range;
                break;
            case ICSTAT_W_QUADRATIC:
                v = 1.0 - (d * d) / (range * range);
                break;
            case ICSTAT_W_RADICAL:
                v = 1.0 - sqrt(d) / sqrt(range);
                break;
            case ICSTAT_W_RATIO: {
                /* ((x_k - x_l)/(x_k + x_l))^2 over its largest value, at (min, max). */
                const double rmax = range / (xmax + xmin);
                const double r = k == l ? 0.0 : d / (x[k] + x[l]);
                v = 1.0 - (r * r) / (rmax * rmax);
                break;
            }
            case ICSTAT_W_ORDINAL: {
                /* Gwet's ordinal weights count the categories spanned, m,
                 * and use the number of pairs among them, m(m-1)/2. */
                const double m = (double)(k > l ? k - l : l - k) + 1.0;
                v = m * (m - 1.0) / 2.0; /* disagreement; rescaled below */
                break;
            }
            case ICSTAT_W_CIRCULAR: {
                const double s = sin(3.14159265358979323846 * (x[k] - x[l]) / (range + 1.0));
                v = s * s;
                break;
            }
            case ICSTAT_W_BIPOLAR: {
                const double sum = x[k] + x[l];
                const double den = (sum - 2.0 * xmin) * (2.0 * xmax - sum);
                v = k == l || den == 0.0 ? 0.0 : d * d / den;
                break;
            }
            default:
                return icstat_error_set(err, ICSTAT_EUSAGE, NULL, 0,
                                        "unknown weights family");
            }
            w[k * q + l] = v;
        }
    }
    if (kind == ICSTAT_W_ORDINAL || kind == ICSTAT_W_CIRCULAR ||
        kind == ICSTAT_W_BIPOLAR)
        weights_from_disagreement(w, q);
    return ICSTAT_OK;
}
