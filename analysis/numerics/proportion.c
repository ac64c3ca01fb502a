/* proportion.c — Wilson, Newcombe and Katz intervals. */
#include <math.h>


#include "icstat/proportion.h"
#include "icstat/wald.h"


static int counts_ok(double x, double n)
{
    return n > 0.0 && x >= 0.0 && x <= n;
}

double icstat_prop_wilson(double x, double n, double conf, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (!counts_ok(x, n) || !(conf > 0.0 && conf < 1.0))
        return NAN;
    const double p = x / n, z = icstat_z_critical(conf);
    /* R's prop.test arrangement, so the two agree to rounding; the limits
     * at x = 0 and x = n are set exactly, where the formula would leave
     * a rounding error of either sign. */
    const double z22n = z * z / (2.0 * n);
    const double half = z * sqrt(p * (1.0 - p) / n + z22n / (2.0 * n));
    *lo = x == 0.0 ? 0.0 : (p + z22n - half) / (1.0 + 2.0 * z22n);
    *hi = x == n ? 1.0 : (p + z22n + half) / (1.0 + 2.0 * z22n);
    return p;
}

double icstat_prop_diff_newcombe(double x1, double n1, double x2, double n2, double conf,
                                 double *lo, double *hi)
{
    double l1, u1, l2, u2;
    const double p1 = icstat_prop_wilson(x1, n1, conf, &l1, &u1);
    const double p2 = icstat_prop_wilson(x2, n2, conf, &l2, &u2);
    *lo = *hi = NAN;
    if (isnan(p1) || isnan(p2))
        return NAN;
    const double d = p1 - p2;
    *lo = d - hypot(p1 - l1, u2 - p2);
    *hi = d + hypot(u1 - p1, p2 - l2);
    return d;
}

double icstat_prop_ratio_katz(double x1, double n1, double x2, double n2, double conf,
                              double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (!counts_ok(x1, n1) || !counts_ok(x2, n2) || !(conf > 0.0 && conf < 1.0) || x2 == 0.0)
        return NAN;
    const double rr = (x1 / n1) / (x2 / n2);
    if (x1 == 0.0)
        return rr;
    const double se = sqrt(1.0 / x1 - 1.0 / n1 + 1.0 / x2 - 1.0 / n2), z = icstat_z_critical(conf);
    *lo = exp(log(rr) - z * se);
    *hi = exp(log(rr) + z * se);
    return rr;
}
