/* wald.c — critical values and Wald p-values (see wald.h). */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "icstat/wald.h"

double icstat_z_critical(double conf)
{
    return gsl_cdf_ugaussian_Pinv(0.5 + conf / 2.0);
}

double icstat_wald_p(double est, double se)
{
    return 2.0 * gsl_cdf_ugaussian_Q(fabs(est / se));
}
